#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: codearts_pipeline
short_description: Enable or disable a CodeArts pipeline
version_added: 2.2.0
description:
  - Makes a CodeArts pipeline enabled or disabled, idempotently. A disabled ("banned") pipeline cannot start a run.
  - It reads the pipeline first and calls the API only when the pipeline is not already as asked - V(disabled) calls
    C(PUT /v5/{project_id}/api/pipelines/{pipeline_id}/ban) only for an enabled pipeline, V(enabled) calls
    C(PUT /v5/{project_id}/api/pipelines/{pipeline_id}/unban) only for a disabled one.
  - By O(pipeline_id) the read is the pipeline's detail (C(GET /v5/{project_id}/api/pipelines/{pipeline_id})); by
    O(name) it is the project's pipeline list, which says whether each pipeline is disabled.
  - What disabling does to runs already under way or queued, to schedules and to code-event triggers is not
    documented by Huawei Cloud. The collection's emulator lets runs under way go on and refuses new runs.
  - When the answer to a write is lost (the connection dropped, a read timed out, HTTP 502 or 504), the module reads the
    pipeline again and sends the write once more only if it did not take effect (see RV(answers_lost)).
author:
  - huaweicloud.codearts maintainers (@huaweicloud)
options:
  project_id:
    description:
      - The ID of the CodeArts project of the pipeline (32 characters; not the IAM project ID). The API's paths need
        it, also with O(pipeline_id).
    type: str
    required: true
  pipeline_id:
    description:
      - The ID of the pipeline (32 characters).
      - Either O(pipeline_id) or O(name) is required.
    type: str
  name:
    description:
      - The name of the pipeline, looked up in the pipelines of O(project_id) (all pages).
      - The task fails when several pipelines of the project have this name, and lists their IDs.
    type: str
    aliases: [pipeline_name]
  state:
    description:
      - V(enabled) makes sure the pipeline can run, V(disabled) that it cannot.
    type: str
    choices: [enabled, disabled]
    default: enabled
extends_documentation_fragment:
  - huaweicloud.codearts.common
  - huaweicloud.codearts.common.attributes
seealso:
  - module: huaweicloud.codearts.codearts_pipeline_info
  - module: huaweicloud.codearts.codearts_pipeline_run
  - module: huaweicloud.codearts.codearts_build_job
"""

EXAMPLES = r"""
- name: Disable a pipeline during a code freeze
  huaweicloud.codearts.codearts_pipeline:
    project_id: c0dea7750000000000000000000000a1
    pipeline_id: p1e0000000000000000000000000000b
    state: disabled

- name: Enable it again, found by name (a second run reports ok)
  huaweicloud.codearts.codearts_pipeline:
    project_id: c0dea7750000000000000000000000a1
    name: nightly-pipeline
    state: enabled
"""

RETURN = r"""
pipeline:
  description: The pipeline as it is after the task (as it would be, in check mode).
  returned: success
  type: dict
  contains:
    id:
      description: The ID of the pipeline.
      type: str
      sample: p1e0000000000000000000000000000b
    name:
      description: The name of the pipeline.
      type: str
      sample: nightly-pipeline
    project_id:
      description: The ID of the CodeArts project the pipeline belongs to.
      type: str
      sample: c0dea7750000000000000000000000a1
    disabled:
      description: Whether the pipeline is disabled (the API's C(banned)).
      type: bool
      sample: true
writes_sent:
  description:
    - When the task failed after it had sent a write (for example, a wait that ran out after the write), the writes
      it sent, as C(METHOD /path). The task then reports C(changed), and C(msg) starts with what was sent.
    - A write that the API refused (an error answer other than HTTP 5xx) is not counted.
  returned: failure, after a write was sent
  type: list
  elements: str
  sample: ["PUT /v5/c0dea7750000000000000000000000a1/api/pipelines/p1e0000000000000000000000000000b/ban"]
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
from ansible_collections.huaweicloud.codearts.plugins.module_utils._pipeline import ensure_pipeline

MODULE = CodeArtsModule(
    ensure_pipeline,
    {
        "project_id": {"type": "str", "required": True},
        "pipeline_id": {"type": "str"},
        "name": {"type": "str", "aliases": ["pipeline_name"]},
        "state": {"type": "str", "default": "enabled", "choices": ["enabled", "disabled"]},
    },
    id_options=("project_id", "pipeline_id"),
    mutually_exclusive=[("pipeline_id", "name")],
    required_one_of=[("pipeline_id", "name")],
)


def main():
    MODULE.main()


if __name__ == "__main__":
    main()
