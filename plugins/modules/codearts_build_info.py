#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: codearts_build_info
short_description: List the builds of CodeArts Build jobs (those running too long, say)
version_added: 2.0.0
description:
  - Lists the builds of one job (O(job_id), or O(name) in O(project_id)) or of every job of O(project_id), newest
    first, from C(GET /v3/jobs/{job_id}/history) (every page, the last O(days) days), filtered by O(status),
    O(started_after) and O(running_longer_than).
  - Looking for running builds across a project reads the history only of the jobs the job list shows running.
  - With O(log_lines), each failed build comes with the last lines of its log (RV(builds[].log_tail)), read with
    C(GET /v1/log/{job_id}/{build_no}/real-time-log) (one read per failed build, none for the others).
  - A job that does not exist gives an empty list, not an error.
  - Every time it returns is in milliseconds since the epoch (UTC); durations are in seconds.
author:
  - huaweicloud.codearts maintainers (@huaweicloud)
options:
  job_id:
    description:
      - The ID of one build job. Either O(job_id) or O(project_id) is required; O(job_id) wins when both are given.
    type: str
  project_id:
    description:
      - The ID of a CodeArts project whose jobs' builds to list.
    type: str
  name:
    description:
      - With O(project_id), only the builds of the jobs with this name.
    type: str
  status:
    description:
      - Only the builds with one of these results - V(running), V(success), V(failed) or V(aborted), in any case.
    type: list
    elements: str
  running_longer_than:
    description:
      - Only the running builds that started longer ago than this - a duration such as V(30m), V(2h), V(1d12h), or a
        number of seconds.
    type: str
  started_after:
    description:
      - Only the builds that started at or after this time - ISO 8601 (UTC unless it gives an offset) or
        milliseconds since the epoch.
    type: str
  days:
    description:
      - How many days back to read (1 to 30, the API's limit).
    type: int
    default: 30
  log_lines:
    description:
      - How many of the last lines of each failed build's log to return in RV(builds[].log_tail), from 0 to 1000.
      - V(0) reads no log. Otherwise each build of status V(failed) costs one more read (two or more only when the API
        answers with fewer lines than asked and says it has more), and the other builds none.
    type: int
    default: 0
    version_added: 2.4.0
extends_documentation_fragment:
  - huaweicloud.codearts.common
  - huaweicloud.codearts.common.info_attributes
seealso:
  - module: huaweicloud.codearts.codearts_build
  - module: huaweicloud.codearts.codearts_build_job_info
"""

EXAMPLES = r"""
- name: Find the builds of a project that have run for more than an hour
  huaweicloud.codearts.codearts_build_info:
    project_id: c0dea7750000000000000000000000a1
    running_longer_than: 1h
  register: runaway

- name: Stop them
  huaweicloud.codearts.codearts_build:
    job_id: "{{ item.job_id }}"
    build_number: "{{ item.build_number }}"
    state: stopped
  loop: "{{ runaway.builds }}"
  loop_control:
    label: "{{ item.job_name }} #{{ item.build_number }}"

- name: Find the builds of a project that failed in the last day, each with the last 20 lines of its log
  huaweicloud.codearts.codearts_build_info:
    project_id: c0dea7750000000000000000000000a1
    status: [failed]
    days: 1
    log_lines: 20
  register: failed

- name: Say why each failed
  ansible.builtin.debug:
    msg: "{{ [item.job_name ~ ' #' ~ item.build_number ~ ' failed:'] + item.log_tail }}"
  loop: "{{ failed.builds }}"
  loop_control:
    label: "{{ item.job_name }} #{{ item.build_number }}"
"""

RETURN = r"""
builds:
  description: The builds that match, newest first.
  returned: always
  type: list
  elements: dict
  contains:
    job_id:
      description: The ID of the build job.
      type: str
    job_name:
      description: The name of the build job.
      type: str
    build_number:
      description: The build's number within its job.
      type: int
    status:
      description: The build's result - V(running), V(success), V(failed) or V(aborted).
      type: str
    start_time:
      description: When the build started, in milliseconds since the epoch.
      type: int
    end_time:
      description: When it ended (null while it runs), in milliseconds since the epoch.
      type: int
    running_seconds:
      description: For a running build, how many seconds it has run; null otherwise.
      type: int
    log_tail:
      description:
        - For a failed build, the last O(log_lines) lines of its log, oldest first (fewer when the log is shorter);
          null for the other builds.
      returned: when O(log_lines) is more than 0
      type: list
      elements: str
      sample: ["214 tests completed, 1 failed", "> Task :test FAILED", "[ERROR] Build #11 failed: the build commands exited with code 1."]
      version_added: 2.4.0
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

from ansible_collections.huaweicloud.codearts.plugins.module_utils._build import build_info
from ansible_collections.huaweicloud.codearts.plugins.module_utils._codearts_api import BUILD_RESULTS
from ansible_collections.huaweicloud.codearts.plugins.module_utils._module import CodeArtsModule

MODULE = CodeArtsModule(
    build_info,
    {
        "job_id": {"type": "str"},
        "project_id": {"type": "str"},
        "name": {"type": "str"},
        "status": {"type": "list", "elements": "str"},
        "running_longer_than": {"type": "str"},
        "started_after": {"type": "str"},
        "days": {"type": "int", "default": 30},
        "log_lines": {"type": "int", "default": 0},
    },
    choices_any_case={"status": BUILD_RESULTS},
    id_options=("job_id", "project_id"),
    required_one_of=[("job_id", "project_id")],
)


def main():
    MODULE.main()


if __name__ == "__main__":
    main()
