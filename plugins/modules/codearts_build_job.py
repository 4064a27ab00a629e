#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: codearts_build_job
short_description: Enable, disable or delete a CodeArts Build job
version_added: 1.0.0
description:
  - Makes a CodeArts Build job enabled, disabled or absent, idempotently.
  - It reads the job first and calls the API only when the job is not already as asked - V(enabled) calls
    C(POST /v3/jobs/{job_id}/recover) only for a disabled job, V(disabled) calls C(POST /v3/jobs/{job_id}/disable)
    only for an enabled job, and V(absent) calls C(POST /v3/jobs/{job_id}/delete) only for a job that exists.
  - Deleting moves the job to the CodeArts recycle bin.
  - When the answer to a write is lost (the connection dropped, a read timed out, HTTP 502 or 504), the module reads the
    job again and sends the write once more only if it did not take effect (see RV(answers_lost)).
author:
  - huaweicloud.codearts maintainers (@huaweicloud)
options:
  job_id:
    description:
      - The ID of the build job (32 characters).
      - Either O(job_id) or O(name) is required.
    type: str
  name:
    description:
      - The name of the build job, looked up in the jobs of O(project_id) (all pages).
      - The task fails when several jobs of the project have this name, and lists their IDs.
    type: str
  project_id:
    description:
      - The ID of the CodeArts project the job belongs to (32 characters; not the IAM project ID).
      - Required with O(name).
    type: str
  state:
    description:
      - V(enabled) makes sure the job can run, V(disabled) that it cannot, V(absent) that it is deleted.
      - With V(absent), a job that does not exist is not an error. With V(enabled) or V(disabled) it is.
    type: str
    choices: [enabled, disabled, absent]
    default: enabled
extends_documentation_fragment:
  - huaweicloud.codearts.common
  - huaweicloud.codearts.common.attributes
seealso:
  - module: huaweicloud.codearts.codearts_build_job_info
"""

EXAMPLES = r"""
- name: Disable a build job during a code freeze
  huaweicloud.codearts.codearts_build_job:
    job_id: b1d0000000000000000000000000000a
    state: disabled
    region: cn-north-4

- name: Enable a build job found by name
  huaweicloud.codearts.codearts_build_job:
    project_id: c0dea7750000000000000000000000a1
    name: nightly-build
    state: enabled

- name: Clean up a build job that is no longer used (a second run reports ok)
  huaweicloud.codearts.codearts_build_job:
    job_id: b1d0000000000000000000000000000c
    state: absent
"""

RETURN = r"""
job:
  description:
    - The job as it is after the task (as it would be, in check mode).
    - With O(state=absent), the job that was deleted, or an empty dictionary if there was none.
  returned: always
  type: dict
  contains:
    id:
      description: The ID of the build job.
      type: str
      sample: b1d0000000000000000000000000000a
    name:
      description: The name of the build job.
      type: str
      sample: nightly-build
    project_id:
      description: The ID of the CodeArts project the job belongs to.
      type: str
      sample: c0dea7750000000000000000000000a1
    disabled:
      description: Whether the job is disabled.
      type: bool
      sample: false
    last_build_status:
      description: The status of the job's last build, as CodeArts reports it.
      type: str
      sample: success
    last_build_time:
      description: When the last build ran, in milliseconds since the epoch, if CodeArts reports it.
      type: int
    running:
      description: Whether a build of the job is running.
      type: bool
writes_sent:
  description:
    - When the task failed after it had sent a write (for example, a wait that ran out after the write), the writes
      it sent, as C(METHOD /path). The task then reports C(changed), and C(msg) starts with what was sent.
    - A write that the API refused (an error answer other than HTTP 5xx) is not counted.
  returned: failure, after a write was sent
  type: list
  elements: str
  sample: ["POST /v3/jobs/b1d0000000000000000000000000000c/delete"]
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

from ansible_collections.huaweicloud.codearts.plugins.module_utils._build import ensure_build_job
from ansible_collections.huaweicloud.codearts.plugins.module_utils._module import CodeArtsModule

MODULE = CodeArtsModule(
    ensure_build_job,
    {
        "job_id": {"type": "str"},
        "name": {"type": "str"},
        "project_id": {"type": "str"},
        "state": {"type": "str", "default": "enabled", "choices": ["enabled", "disabled", "absent"]},
    },
    id_options=("job_id", "project_id"),
    mutually_exclusive=[("job_id", "name")],
    required_one_of=[("job_id", "name")],
    required_by={"name": "project_id"},
)


def main():
    MODULE.main()


if __name__ == "__main__":
    main()
