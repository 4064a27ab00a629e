#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: codearts_build_job
short_description: Enable, disable, delete or restore a CodeArts Build job
version_added: 1.0.0
description:
  - Makes a CodeArts Build job enabled, disabled, present or absent, idempotently.
  - It reads the job first and calls the API only when the job is not already as asked - V(enabled) calls
    C(POST /v3/jobs/{job_id}/recover) only for a disabled job, V(disabled) calls C(POST /v3/jobs/{job_id}/disable)
    only for an enabled job, and V(absent) calls C(POST /v3/jobs/{job_id}/delete) only for a job that exists.
  - Deleting moves the job to the recycle bin of CodeArts Build, where it keeps its ID and can be restored for as many
    days as the bin keeps jobs (the tenant sets 1 to 30, by default 30). V(absent) then reads the bin
    (C(GET /v1/job/recycling-jobs), searching for the job's name) and returns RV(recycle_bin), until when the job can
    be restored.
  - V(present) restores a job that is only in the recycle bin (C(POST /v1/job/recycling-restoration)), found by
    O(job_id) or by O(name) in O(project_id), enabled or disabled as it was when it was deleted; a job that exists is
    left as it is.
  - The recycle bin is read only when the job is not found. Found by O(job_id), that reads every page of the bin (it
    holds the deleted jobs of every project, 100 a page); found by O(name), the pages of the bin's search for that name.
  - V(enabled) or V(disabled) on a job that is only in the recycle bin fails, and says when it was deleted, until when
    it can be restored, and to restore it with V(present) first.
  - Restored jobs are not re-enabled or otherwise changed; whether a restored job's schedules run again is not
    documented.
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
      - The name of the build job, looked up in the jobs of O(project_id) (all pages), and in the recycle bin when no job
        of the project has it.
      - The task fails when several jobs of the project have this name, and lists their IDs. With O(state=present), it
        fails too when several deleted jobs of the project with this name are in the recycle bin, and lists their IDs and
        when each was deleted; name the one to restore with O(job_id).
    type: str
  project_id:
    description:
      - The ID of the CodeArts project the job belongs to (32 characters; not the IAM project ID).
      - Required with O(name).
    type: str
  state:
    description:
      - V(enabled) makes sure the job can run, V(disabled) that it cannot, V(absent) that it is deleted (in the recycle
        bin, or gone), V(present) (added in 2.4.0) that it exists, restoring it from the recycle bin if it is there.
      - With V(absent), a job that does not exist is not an error. With V(enabled), V(disabled) or V(present) it is.
    type: str
    choices: [enabled, disabled, present, absent]
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
  register: deleted

- name: Say until when it can be restored (epoch milliseconds)
  ansible.builtin.debug:
    msg: "{{ deleted.recycle_bin.id }} stays in the recycle bin {{ deleted.recycle_bin.keep_days }} days, until
      {{ deleted.recycle_bin.restorable_until }}"
  when: deleted.recycle_bin

- name: Bring it back from the recycle bin, enabled or disabled as it was
  huaweicloud.codearts.codearts_build_job:
    job_id: b1d0000000000000000000000000000c
    state: present

- name: Restore a deleted job by its name
  huaweicloud.codearts.codearts_build_job:
    project_id: c0dea7750000000000000000000000a3
    name: hk-deleted-paused-build
    state: present
"""

RETURN = r"""
job:
  description:
    - The job as it is after the task (as it would be, in check mode).
    - With O(state=absent), the job that was deleted, or an empty dictionary if there was none.
    - With O(state=present), the job, restored or as it was; in check mode, a job to restore has only RV(job.id),
      RV(job.name) and RV(job.project_id) (the recycle bin says nothing more).
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
recycle_bin:
  description:
    - With O(state=absent), where the job went - its entry in the recycle bin, read after the delete, or for a job that
      was deleted before (by name, the latest deleted of that name).
    - Null when the job is not in the recycle bin (it was never there, or the bin purged it) - it cannot be restored.
    - In check mode, how long the bin would keep the job (RV(recycle_bin.keep_days)); the times are null.
  returned: with O(state=absent)
  type: dict
  version_added: 2.4.0
  contains:
    id:
      description: The ID of the deleted job, the one to restore it by.
      type: str
      sample: b1d0000000000000000000000000000c
    deleted_time:
      description: When the job was deleted, in milliseconds since the epoch.
      type: int
      sample: 1796140800000
    restorable_until:
      description:
        - Until when the job can be restored (O(state=present)), in milliseconds since the epoch - RV(recycle_bin.deleted_time)
          plus RV(recycle_bin.keep_days) days. Then the recycle bin purges it.
      type: int
      sample: 1798732800000
    keep_days:
      description: How many days the recycle bin keeps a deleted job (the tenant's setting, 1 to 30).
      type: int
      sample: 30
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
        "state": {"type": "str", "default": "enabled", "choices": ["enabled", "disabled", "present", "absent"]},
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
