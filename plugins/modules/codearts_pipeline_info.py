#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: codearts_pipeline_info
short_description: List the pipelines of a CodeArts project, each with its latest run
version_added: 2.0.0
description:
  - Lists the pipelines of a CodeArts project (C(POST /v5/{project_id}/api/pipelines/list), a read that changes
    nothing), every page, each with its latest run - its ID, number, status, and start and end time.
  - With O(name), only the pipelines called exactly that; none is an empty list, not an error.
  - Every time it returns is in milliseconds since the epoch (UTC).
author:
  - huaweicloud.codearts maintainers (@huaweicloud)
options:
  project_id:
    description:
      - The ID of the CodeArts project (32 characters; not the IAM project ID).
    type: str
    required: true
  name:
    description:
      - Return only the pipelines with this name.
    type: str
extends_documentation_fragment:
  - huaweicloud.codearts.common
  - huaweicloud.codearts.common.info_attributes
seealso:
  - module: huaweicloud.codearts.codearts_pipeline
  - module: huaweicloud.codearts.codearts_pipeline_run_info
  - module: huaweicloud.codearts.codearts_pipeline_run
"""

EXAMPLES = r"""
- name: List the pipelines of a project
  huaweicloud.codearts.codearts_pipeline_info:
    project_id: c0dea7750000000000000000000000a1
  register: listed

- name: Show which pipelines have a run under way
  ansible.builtin.debug:
    msg: "{{ listed.pipelines | selectattr('latest_run') | selectattr('latest_run.status', 'eq', 'RUNNING') | map(attribute='name') }}"

- name: Find one pipeline's ID by its name
  huaweicloud.codearts.codearts_pipeline_info:
    project_id: c0dea7750000000000000000000000a1
    name: release-pipeline
  register: release
"""

RETURN = r"""
pipelines:
  description: The pipelines, in the order the API lists them.
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: The pipeline's ID.
      type: str
      sample: p1e0000000000000000000000000000a
    name:
      description: The pipeline's name.
      type: str
      sample: release-pipeline
    project_id:
      description: The CodeArts project ID.
      type: str
    disabled:
      description:
        - Whether the pipeline is disabled (the API's C(banned)), so that it cannot start a run;
          M(huaweicloud.codearts.codearts_pipeline) enables and disables it.
      type: bool
      sample: false
      version_added: 2.2.0
    create_time:
      description: When the pipeline was created, in milliseconds since the epoch.
      type: int
    latest_run:
      description: The pipeline's latest run, or null when it has never run.
      type: dict
      contains:
        id:
          description: The run's ID (the C(pipeline_run_id) the other modules take).
          type: str
        pipeline_id:
          description: The pipeline's ID.
          type: str
        pipeline_name:
          description: The pipeline's name.
          type: str
        run_number:
          description: The run's number within its pipeline.
          type: int
        status:
          description: The v5 status (V(RUNNING), V(COMPLETED), V(FAILED), V(CANCELED), ...).
          type: str
        trigger_type:
          description: What started the run.
          type: str
        executor_name:
          description: Who started it.
          type: str
        start_time:
          description: When it started, in milliseconds since the epoch.
          type: int
        end_time:
          description: When it ended (null while it runs), in milliseconds since the epoch.
          type: int
        running_seconds:
          description: For a run under way, how many seconds it has run; null otherwise.
          type: int
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
from ansible_collections.huaweicloud.codearts.plugins.module_utils._pipeline import pipeline_info

MODULE = CodeArtsModule(
    pipeline_info,
    {
        "project_id": {"type": "str", "required": True},
        "name": {"type": "str"},
    },
    id_options=("project_id",),
)


def main():
    MODULE.main()


if __name__ == "__main__":
    main()
