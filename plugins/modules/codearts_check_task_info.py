#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: codearts_check_task_info
short_description: Read a CodeArts Check task's progress and defects, or list a project's tasks
version_added: 1.0.0
description:
  - With O(task_id), returns that task's progress and defect summary. A task that does not exist gives an empty
    list, not an error, as every C(_info) module of the collection answers for something that is not there.
  - With O(project_id), returns every task of the CodeArts project (all pages), optionally only those named O(name).
author:
  - huaweicloud.codearts maintainers (@huaweicloud)
options:
  task_id:
    description:
      - The ID of one check task.
    type: str
  project_id:
    description:
      - The ID of a CodeArts project whose tasks to list.
    type: str
  name:
    description:
      - With O(project_id), return only the tasks with this name.
    type: str
  running_longer_than:
    description:
      - With O(project_id), return only the tasks whose check has run longer than this - a duration such as V(30m),
        V(2h), V(1d), or a number of seconds. Each task whose latest check started that long ago is read once more
        for its progress; the tasks returned carry it (RV(tasks[].task_status), RV(tasks[].status),
        RV(tasks[].progress)) and RV(tasks[].running_seconds).
    type: str
extends_documentation_fragment:
  - huaweicloud.codearts.common
  - huaweicloud.codearts.check
  - huaweicloud.codearts.common.info_attributes
seealso:
  - module: huaweicloud.codearts.codearts_check_task
"""

EXAMPLES = r"""
- name: List the check tasks of a project
  huaweicloud.codearts.codearts_check_task_info:
    project_id: c0dea7750000000000000000000000a1
  register: checks

- name: Read one task's progress and defects
  huaweicloud.codearts.codearts_check_task_info:
    task_id: c4ec0000000000000000000000000002
  register: frontend

- name: Show its issue count
  ansible.builtin.debug:
    msg: "{{ frontend.tasks[0].summary.issue_count }} issues, last check {{ frontend.tasks[0].status }}"
"""

RETURN = r"""
tasks:
  description: The tasks found; empty when there are none.
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: The ID of the task.
      type: str
    name:
      description: The name of the task.
      type: str
    git_url:
      description: The repository the task checks.
      type: str
    git_branch:
      description: The branch the task checks.
      type: str
    last_check_time:
      description: When the task's latest check started, in milliseconds since the epoch (UTC).
      type: int
    task_status:
      description: With O(task_id) or O(running_longer_than) - 0 running, 1 failed, 2 succeeded, 3 aborted.
      type: int
    status:
      description: With O(task_id) or O(running_longer_than) - the same in words.
      type: str
    progress:
      description: With O(task_id) or O(running_longer_than) - C(ratio) and C(info) of the current or last check.
      type: dict
    running_seconds:
      description: With O(running_longer_than) - how many seconds the check has run.
      type: int
    summary:
      description: With O(task_id) - the defect summary as CodeArts Check returns it (C(issue_count), C(critical_count), C(code_quality), ...).
      type: dict
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

from ansible_collections.huaweicloud.codearts.plugins.module_utils._check import (
    CHECK_HOST_OPTION,
    check_host_templates,
    check_task_info,
)
from ansible_collections.huaweicloud.codearts.plugins.module_utils._module import CodeArtsModule

MODULE = CodeArtsModule(
    check_task_info,
    {
        "task_id": {"type": "str"},
        "project_id": {"type": "str"},
        "name": {"type": "str"},
        "running_longer_than": {"type": "str"},
        **CHECK_HOST_OPTION,
    },
    host_templates=check_host_templates,
    id_options=("task_id", "project_id"),
    mutually_exclusive=[("task_id", "project_id")],
    required_one_of=[("task_id", "project_id")],
)


def main():
    MODULE.main()


if __name__ == "__main__":
    main()
