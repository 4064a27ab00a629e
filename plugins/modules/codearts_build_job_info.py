#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: codearts_build_job_info
short_description: List CodeArts Build jobs, or read one
version_added: 1.0.0
description:
  - Returns one build job by O(job_id), or every job of a CodeArts project (all pages), optionally only those named O(name).
  - O(not_built_for) and O(disabled_for) keep the jobs idle for a while - the ones to disable, and the ones to delete.
    O(disabled_for) reads when each disabled job was disabled (one more call per disabled job).
  - A job that does not exist (or was deleted) gives an empty list, not an error, as every C(_info) module of the
    collection answers for something that is not there.
  - With O(deleted=true), it lists the jobs in the recycle bin instead (C(GET /v1/job/recycling-jobs)) - those of
    O(project_id), optionally only those named O(name), or the one deleted job of O(job_id) - with when each was
    deleted and until when it can be restored (M(huaweicloud.codearts.codearts_build_job) with O(huaweicloud.codearts.codearts_build_job#module:state=present)).
    The recycle bin holds the deleted jobs of every project of the tenant in the region, 100 a page - a project's
    listing, or O(job_id), reads every page of it; with O(name), the pages of the bin's search for that name.
author:
  - huaweicloud.codearts maintainers (@huaweicloud)
options:
  job_id:
    description:
      - The ID of one build job.
      - Either O(job_id) or O(project_id) is required.
    type: str
  project_id:
    description:
      - The ID of a CodeArts project (32 characters; not the IAM project ID) whose jobs to list.
    type: str
  name:
    description:
      - Return only the jobs with this name.
    type: str
  not_built_for:
    description:
      - Return only the jobs whose last build is older than this (or that never ran) - a duration such as V(30d),
        V(12h), V(90m), or a number of seconds.
    type: str
  disabled_for:
    description:
      - Return only the disabled jobs that were disabled longer ago than this, in the form of O(not_built_for).
    type: str
  deleted:
    description:
      - List the jobs in the recycle bin (deleted, and not yet purged) instead of the jobs that exist.
      - O(not_built_for) and O(disabled_for) choose among the jobs that exist, so they do not go with it.
    type: bool
    default: false
    version_added: 2.4.0
extends_documentation_fragment:
  - huaweicloud.codearts.common
  - huaweicloud.codearts.common.info_attributes
seealso:
  - module: huaweicloud.codearts.codearts_build_job
"""

EXAMPLES = r"""
- name: List the disabled jobs of a project
  huaweicloud.codearts.codearts_build_job_info:
    project_id: c0dea7750000000000000000000000a1
  register: build_jobs

- name: Show them
  ansible.builtin.debug:
    msg: "{{ build_jobs.jobs | selectattr('disabled') | map(attribute='name') | list }}"

- name: Find the ID of a job by name
  huaweicloud.codearts.codearts_build_job_info:
    project_id: c0dea7750000000000000000000000a1
    name: nightly-build
  register: nightly

- name: List the project's jobs in the recycle bin
  huaweicloud.codearts.codearts_build_job_info:
    project_id: c0dea7750000000000000000000000a3
    deleted: true
  register: binned

- name: Say which can be restored, and until when (epoch milliseconds)
  ansible.builtin.debug:
    msg: "{{ binned.jobs | map(attribute='name') | list }} until {{ binned.jobs | map(attribute='restorable_until') | list }}"
"""

RETURN = r"""
jobs:
  description: The jobs found; empty when there are none, or when the job named by O(job_id) does not exist.
  returned: always
  type: list
  elements: dict
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
    disabled_time:
      description: With O(disabled_for), when the job was disabled, in milliseconds since the epoch.
      type: int
      returned: with O(disabled_for)
    deleted:
      description: With O(deleted=true), V(true) - the job is in the recycle bin.
      type: bool
      returned: with O(deleted=true)
      sample: true
    deleted_time:
      description: With O(deleted=true), when the job was deleted, in milliseconds since the epoch.
      type: int
      returned: with O(deleted=true)
      sample: 1796140800000
    restorable_until:
      description:
        - With O(deleted=true), until when the job can be restored, in milliseconds since the epoch (when it was deleted,
          plus the days the recycle bin keeps jobs); then the bin purges it.
      type: int
      returned: with O(deleted=true)
      sample: 1798732800000
    creator:
      description: With O(deleted=true), the name of the user who created the job.
      type: str
      returned: with O(deleted=true)
      sample: demo-user
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

from ansible_collections.huaweicloud.codearts.plugins.module_utils._build import build_job_info
from ansible_collections.huaweicloud.codearts.plugins.module_utils._module import CodeArtsModule

MODULE = CodeArtsModule(
    build_job_info,
    {
        "job_id": {"type": "str"},
        "project_id": {"type": "str"},
        "name": {"type": "str"},
        "not_built_for": {"type": "str"},
        "disabled_for": {"type": "str"},
        "deleted": {"type": "bool", "default": False},
    },
    id_options=("job_id", "project_id"),
    mutually_exclusive=[("job_id", "project_id")],
    required_one_of=[("job_id", "project_id")],
)


def main():
    MODULE.main()


if __name__ == "__main__":
    main()
