#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: codearts_check_task
short_description: Stop or run a CodeArts Check task
version_added: 1.0.0
description:
  - With O(state=stopped), stops a task's running check - it reads the task's progress first and calls
    C(POST /v2/tasks/{task_id}/stop) only while a check runs (C(task_status) 0). Stopping is asynchronous - the task
    reads V(aborted) a little later; use O(wait) to wait for it.
  - With O(state=running), starts a check (C(POST /v2/tasks/{task_id}/run)) only when none runs, and returns its
    C(exec_id).
  - When the answer to a stop or a run is lost (the connection dropped, a read timed out, HTTP 502 or 504), the module
    reads the task's progress (for a run, whether a check now runs) and sends the call again only if it did not take
    effect (see RV(answers_lost)); C(exec_id) is then null.
author:
  - huaweicloud.codearts maintainers (@huaweicloud)
options:
  task_id:
    description:
      - The ID of the check task. Either O(task_id) or O(name) is required.
    type: str
  name:
    description:
      - The name of the check task, looked up in the tasks of O(project_id) (all pages).
      - The task fails when no task or several tasks of the project have this name, and lists their IDs.
    type: str
  project_id:
    description:
      - The ID of the CodeArts project the task belongs to (32 characters; not the IAM project ID). Required with O(name).
    type: str
  state:
    description:
      - V(stopped) makes sure no check of the task runs, V(running) that one does.
    type: str
    choices: [stopped, running]
    default: stopped
  git_branch:
    description:
      - The branch to check, when O(state=running) starts a check. The task's own branch when not given.
      - Ignored, with a warning, with O(state=stopped).
    type: str
  wait:
    description:
      - Wait until the task is in the state asked for, polling its progress.
      - When not given, V(true) with O(state=stopped) and V(false) with O(state=running). The API shows no
        "stopping" state, so a stop that returned at once would leave the check running for a few seconds, and a
        re-run would stop it again and report changed; waiting makes the re-run V(ok).
    type: bool
  wait_for:
    description:
      - With O(state=running) and O(wait), V(started) waits until the check runs, V(finished) until it has ended;
        RV(task.status) then gives the outcome (V(succeeded), V(failed) or V(aborted)).
      - V(finished) is ignored, with a warning, with O(state=stopped), which waits until the check is aborted.
    type: str
    choices: [started, finished]
    default: started
  wait_timeout:
    description:
      - How many seconds to wait with O(wait) before failing.
    type: int
    default: 300
notes:
  - The API shows no "stopping" state. With O(wait=false), a task that stops a check whose earlier stop has not landed
    yet sends the stop again (harmless) and reports changed. By default a stop waits until the check is over, so a
    re-run is ok.
extends_documentation_fragment:
  - huaweicloud.codearts.common
  - huaweicloud.codearts.check
  - huaweicloud.codearts.common.attributes
seealso:
  - module: huaweicloud.codearts.codearts_check_task_info
"""

EXAMPLES = r"""
- name: Stop a check that runs too long, and wait until it is aborted
  huaweicloud.codearts.codearts_check_task:
    task_id: c4ec0000000000000000000000000001
    state: stopped
    wait: true

- name: Check the release branch and wait for the outcome
  huaweicloud.codearts.codearts_check_task:
    project_id: c0dea7750000000000000000000000a1
    name: web-frontend-check
    state: running
    git_branch: release/2026.11
    wait: true
    wait_for: finished
    wait_timeout: 1800
  register: check

- name: Fail the play when the check failed
  ansible.builtin.assert:
    that: check.task.status == 'succeeded'
"""

RETURN = r"""
task:
  description:
    - The task as last read (after the wait, with O(wait)). Without O(wait), it shows the state read before the
      stop or run call; C(diff.after) shows the state asked for.
  returned: always
  type: dict
  contains:
    id:
      description: The ID of the task.
      type: str
    name:
      description: The name of the task (read with one more call when the task was named by O(task_id)).
      type: str
    task_status:
      description: The API's status code - 0 running, 1 failed, 2 succeeded, 3 aborted; null for a task that never ran a check.
      type: int
      sample: 3
    status:
      description: The same in words - V(running), V(failed), V(succeeded), V(aborted) or V(never_run).
      type: str
      sample: aborted
    progress:
      description: The progress of the current or last check - C(ratio) (like V(40%)) and C(info).
      type: dict
exec_id:
  description: The ID of the check that the task started (null when the answer to the run was lost, see RV(answers_lost)).
  returned: when a check was started
  type: str
writes_sent:
  description:
    - When the task failed after it had sent a write (for example, a wait that ran out after the write), the writes
      it sent, as C(METHOD /path). The task then reports C(changed), and C(msg) starts with what was sent.
    - A write that the API refused (an error answer other than HTTP 5xx) is not counted.
  returned: failure, after a write was sent
  type: list
  elements: str
  sample: ["POST /v2/tasks/c4ec0000000000000000000000000002/stop"]
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

from ansible_collections.huaweicloud.codearts.plugins.module_utils._check import (
    CHECK_HOST_OPTION,
    check_host_templates,
    ensure_check_task,
)
from ansible_collections.huaweicloud.codearts.plugins.module_utils._module import CodeArtsModule

MODULE = CodeArtsModule(
    ensure_check_task,
    {
        "task_id": {"type": "str"},
        "name": {"type": "str"},
        "project_id": {"type": "str"},
        "state": {"type": "str", "default": "stopped", "choices": ["stopped", "running"]},
        "git_branch": {"type": "str"},
        "wait": {"type": "bool"},
        "wait_for": {"type": "str", "default": "started", "choices": ["started", "finished"]},
        "wait_timeout": {"type": "int", "default": 300},
        **CHECK_HOST_OPTION,
    },
    host_templates=check_host_templates,
    id_options=("task_id", "project_id"),
    state_options={"git_branch": ("running",), "wait_for": ("running",)},
    mutually_exclusive=[("task_id", "name")],
    required_one_of=[("task_id", "name")],
    required_by={"name": "project_id"},
)


def main():
    MODULE.main()


if __name__ == "__main__":
    main()
