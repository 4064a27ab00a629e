#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: codearts_pipeline_manual_review
short_description: Reject or approve a manual review of a CodeArts Pipeline run
version_added: 1.0.0
description:
  - Rejects (C(.../steps/{step_run_id}/refuse)) or approves (C(.../steps/{step_run_id}/pass)) a manual-review step
    of a pipeline run, idempotently. It reads the run first and decides only a review that waits.
  - A review already decided the way asked is ok. A review decided the other way fails, saying so.
  - A review that no longer waits because its run was stopped or because it rejected itself on a timeout is ok for
    V(rejected), with a message, and a failure for V(approved).
  - Without O(job_run_id) and O(step_run_id), the review step is found in the run - the single waiting one if there is
    one, else the single decided one. None or several is a failure that lists the review steps found.
  - When the answer to a decision is lost (the connection dropped, a read timed out, HTTP 502 or 504), the module
    reads the run again and sends the decision once more only if the review does not show it (see RV(answers_lost)).
author:
  - huaweicloud.codearts maintainers (@huaweicloud)
options:
  project_id:
    description:
      - The ID of the CodeArts project the pipeline belongs to (32 characters; not the IAM project ID).
    type: str
    required: true
  pipeline_id:
    description:
      - The ID of the pipeline. Give it or O(pipeline_name).
    type: str
  pipeline_name:
    description:
      - The name of the pipeline, within O(project_id), instead of O(pipeline_id). It is looked up on every page of the
        project's pipelines; no pipeline or several of that name fail (the failure lists their IDs).
    type: str
  pipeline_run_id:
    description:
      - The ID of the run. The pipeline's latest run when not given.
    type: str
  job_run_id:
    description:
      - The ID of the job run that holds the review step. Goes with O(step_run_id).
    type: str
  step_run_id:
    description:
      - The ID of the review step's run. Goes with O(job_run_id).
    type: str
  state:
    description:
      - The decision. There is no default - a review is only decided when the task says how.
    type: str
    choices: [rejected, approved]
    required: true
  comment:
    description:
      - The reviewer's comment, sent as C(approval_description).
    type: str
notes:
  - A manual review is a step whose plugin is C(official_devcloud_checkpoint).
extends_documentation_fragment:
  - huaweicloud.codearts.common
  - huaweicloud.codearts.common.attributes
seealso:
  - module: huaweicloud.codearts.codearts_pipeline_run_info
  - module: huaweicloud.codearts.codearts_pipeline_run
"""

EXAMPLES = r"""
- name: Reject the review the latest release run waits for
  huaweicloud.codearts.codearts_pipeline_manual_review:
    project_id: c0dea7750000000000000000000000a1
    pipeline_id: p1e0000000000000000000000000000a
    state: rejected
    comment: Stale release candidate, superseded by 2026.11.2

- name: Read the reviews a run of the gated pipeline waits for (it waits for two)
  huaweicloud.codearts.codearts_pipeline_run_info:
    project_id: c0dea7750000000000000000000000a1
    pipeline_id: p1e0000000000000000000000000000c
    pipeline_run_id: r0000000000000000000000000000004
  register: gated

- name: Approve one of them, named by its job run and step run
  huaweicloud.codearts.codearts_pipeline_manual_review:
    project_id: c0dea7750000000000000000000000a1
    pipeline_id: p1e0000000000000000000000000000c
    pipeline_run_id: r0000000000000000000000000000004
    job_run_id: "{{ gated.reviews[0].job_run_id }}"
    step_run_id: "{{ gated.reviews[0].step_run_id }}"
    state: approved
"""

RETURN = r"""
review:
  description: The review step, as it is after the task (as it would be, in check mode).
  returned: always
  type: dict
  contains:
    project_id:
      description: The CodeArts project ID.
      type: str
    pipeline_id:
      description: The pipeline ID.
      type: str
    pipeline_name:
      description: The pipeline's name.
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
      sample: manager-approval
    status:
      description: The step's status - V(RUNNING) while it waits, V(COMPLETED) once approved, V(FAILED) once rejected, V(CANCELED) if its run was stopped.
      type: str
    decision:
      description: V(approved), V(rejected), V(canceled), or null while the review waits.
      type: str
    message:
      description: What CodeArts says about the step, for example that it timed out.
      type: str
    start_time:
      description: When the review began to wait, in milliseconds since the epoch (UTC).
      type: int
    waited_seconds:
      description: How many seconds it has waited, while it waits, or until this task decided it; null for a review
        decided before.
      type: int
msg:
  description: Why nothing was done, when the review no longer waits.
  returned: when the review no longer waits
  type: str
writes_sent:
  description:
    - When the task failed after it had sent a write (for example, a wait that ran out after the write), the writes
      it sent, as C(METHOD /path). The task then reports C(changed), and C(msg) starts with what was sent.
    - A write that the API refused (an error answer other than HTTP 5xx) is not counted.
  returned: failure, after a write was sent
  type: list
  elements: str
  sample: ["POST /v5/c0dea7750000000000000000000000a1/api/pipelines/p1e0000000000000000000000000000a/pipeline-runs/r1/jobs/j1/steps/s1/refuse"]
answers_lost:
  description:
    - The writes whose answer was lost (the connection dropped, a read timed out, HTTP 502 or 504) and that the module
      then read back as done, so it did not send them again; each is also a warning.
    - A write whose answer was lost but that a read shows not done is sent once more (never without that read).
  returned: when an answer was lost
  type: list
  elements: str
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

from ansible_collections.huaweicloud.codearts.plugins.module_utils._module import CodeArtsModule
from ansible_collections.huaweicloud.codearts.plugins.module_utils._pipeline_review import ensure_manual_review

MODULE = CodeArtsModule(
    ensure_manual_review,
    {
        "project_id": {"type": "str", "required": True},
        "pipeline_id": {"type": "str"},
        "pipeline_name": {"type": "str"},
        "pipeline_run_id": {"type": "str"},
        "job_run_id": {"type": "str"},
        "step_run_id": {"type": "str"},
        "state": {"type": "str", "required": True, "choices": ["rejected", "approved"]},
        "comment": {"type": "str"},
    },
    id_options=("project_id", "pipeline_id", "pipeline_run_id", "job_run_id", "step_run_id"),
    required_together=[("job_run_id", "step_run_id")],
    required_one_of=[("pipeline_id", "pipeline_name")],
    mutually_exclusive=[("pipeline_id", "pipeline_name")],
)


def main():
    MODULE.main()


if __name__ == "__main__":
    main()
