#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: codearts_pipeline_run_info
short_description: Read a CodeArts Pipeline run, with the manual reviews it waits for
version_added: 1.0.0
description:
  - With O(project_id), reads one run (O(pipeline_run_id), or the pipeline's latest run) with its stages, jobs and
    steps, and lists the manual-review steps it waits for with the IDs that
    M(huaweicloud.codearts.codearts_pipeline_manual_review) takes.
  - With O(build_id), reads the run's status through the v3 API instead (no stages; no O(project_id) needed).
  - A pipeline or a run that does not exist gives an empty RV(run) and no RV(reviews), not an error, as every
    C(_info) module of the collection answers for something that is not there.
author:
  - huaweicloud.codearts maintainers (@huaweicloud)
options:
  pipeline_id:
    description:
      - The ID of the pipeline.
    type: str
    required: true
  project_id:
    description:
      - The ID of the CodeArts project the pipeline belongs to. Required unless O(build_id) is given.
    type: str
  pipeline_run_id:
    description:
      - The ID of the run. The pipeline's latest run when not given.
    type: str
  build_id:
    description:
      - The ID of a run, to read its v3 status.
    type: str
extends_documentation_fragment:
  - huaweicloud.codearts.common
  - huaweicloud.codearts.common.info_attributes
seealso:
  - module: huaweicloud.codearts.codearts_pipeline_manual_review
  - module: huaweicloud.codearts.codearts_pipeline_run
"""

EXAMPLES = r"""
- name: Find the reviews the latest run waits for
  huaweicloud.codearts.codearts_pipeline_run_info:
    project_id: c0dea7750000000000000000000000a1
    pipeline_id: p1e0000000000000000000000000000a
  register: latest

- name: Reject each of them
  huaweicloud.codearts.codearts_pipeline_manual_review:
    project_id: "{{ item.project_id }}"
    pipeline_id: "{{ item.pipeline_id }}"
    pipeline_run_id: "{{ item.pipeline_run_id }}"
    job_run_id: "{{ item.job_run_id }}"
    step_run_id: "{{ item.step_run_id }}"
    state: rejected
  loop: "{{ latest.reviews }}"
"""

RETURN = r"""
run:
  description:
    - The run. With O(project_id), its v5 detail - C(id), C(pipeline_id), C(name), C(status) (V(RUNNING),
      V(COMPLETED), V(FAILED), V(CANCELED), ...), C(run_number), C(trigger_type), C(executor_name), C(start_time) and
      C(end_time) in milliseconds, and C(stages), each with C(id), C(name), C(status) and C(jobs), each with C(id)
      (the job_run_id), C(name), C(status) and C(steps), each with C(id) (the step_run_id), C(name), C(task),
      C(status) and C(message).
    - With O(build_id), its v3 status - C(pipeline_id), C(pipeline_name), C(build_id), C(status), C(outcome),
      C(start_time), C(end_time).
    - An empty dictionary when the pipeline or the run does not exist.
  returned: always
  type: dict
reviews:
  description: The manual-review steps that wait for a decision (empty with O(build_id)).
  returned: always
  type: list
  elements: dict
  contains:
    project_id:
      description: The CodeArts project ID.
      type: str
    pipeline_id:
      description: The pipeline ID.
      type: str
    pipeline_run_id:
      description: The run ID.
      type: str
    stage_name:
      description: The name of the stage that holds the review.
      type: str
    job_run_id:
      description: The ID of the job run that holds the review.
      type: str
    job_name:
      description: The name of that job.
      type: str
    step_run_id:
      description: The ID of the review step's run.
      type: str
    step_name:
      description: The name of the review step.
      type: str
    status:
      description: V(RUNNING) (waiting).
      type: str
    decision:
      description: Null (not decided yet).
      type: str
    message:
      description: What CodeArts says about the step.
      type: str
failure:
  description:
    - What went wrong, when the task failed; the same in every module of the collection.
    - RV(failure.status), RV(failure.code) and RV(failure.request_id) are those of the API answer that failed; they are
      null for errors found before or without an answer (bad input, missing credentials, a connection that failed).
  returned: failure
  type: dict
  contains:
    message:
      description: What failed, in one sentence; the task's C(msg) adds the request ID and the hint.
      type: str
      sample: "POST /v3/jobs/b1d0000000000000000000000000000c/delete failed with HTTP 422 DEVCB.00031006: the job does not exist"
    status:
      description: The HTTP status of the answer, or null.
      type: int
      sample: 422
    code:
      description:
        - The API's error code, or null.
        - C(APIGW.*) from the gateway; C(DEVCB.*) or C(CB.*) from Build, C(DEVPIPE.*) from Pipeline, C(CC.*) from Check.
      type: str
      sample: DEVCB.00031006
    request_id:
      description: The request ID the API answered with (C(X-Request-Id)), to quote to Huawei Cloud support, or null.
      type: str
      sample: 5c0d2a6e8f0b4c1a9d3e7f6a5b4c3d2e
    hint:
      description: What to check, for the error codes the collection knows (for example C(APIGW.0301), wrong credentials), or null.
      type: str
      sample: null
"""

from ansible_collections.huaweicloud.codearts.plugins.module_utils._module import run_module
from ansible_collections.huaweicloud.codearts.plugins.module_utils._pipeline import pipeline_run_info


def main():
    run_module(
        {
            "pipeline_id": {"type": "str", "required": True},
            "project_id": {"type": "str"},
            "pipeline_run_id": {"type": "str"},
            "build_id": {"type": "str"},
        },
        pipeline_run_info,
        id_options=("pipeline_id", "project_id", "pipeline_run_id", "build_id"),
        required_one_of=[("project_id", "build_id")],
        mutually_exclusive=[("pipeline_run_id", "build_id")],
    )


if __name__ == "__main__":
    main()
