#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: codearts_freeze
short_description: Freeze the releases of a CodeArts project, and thaw back exactly what the freeze changed
version_added: 2.4.0
description:
  - V(frozen) disables the build jobs of O(jobs) and the pipelines of O(pipelines) that are enabled, takes the runs that
    wait in those pipelines' queues out of the queue, and rejects the manual reviews that those pipelines' runs under
    way wait for (reviews of other pipelines are left alone). A disabled pipeline starts no run, so nothing joins its
    queue afterwards.
  - What the freeze disabled goes into a freeze record (RV(record)), and only that - a job or pipeline that was already
    disabled is not recorded, so a thaw leaves it disabled. Give the record back in O(record) to the next task; the
    playbooks C(huaweicloud.codearts.code_freeze) and C(huaweicloud.codearts.code_thaw) keep it in a file or in the fact
    cache (see the housekeeping guide).
  - Freezing again with the record of a freeze under way adds what it disables now (for example a job someone enabled
    during the freeze, or one added to O(jobs)) and never drops an entry, so the record is neither lost nor overwritten.
  - V(thawed) enables exactly the jobs and pipelines the record names that are disabled, and nothing else; it returns
    RV(record) null, for the playbook to retire the record. Without a record it changes nothing. Canceled queued runs and
    rejected reviews cannot be undone; the record lists them.
  - Each item goes into the record before its write is sent, and a task that fails returns the record as it is then, so
    an item whose write was sent is never missing from it. A write whose answer is lost is confirmed by reading the
    item again before it is sent once more (see RV(answers_lost)).
  - Reads - the project's job list and pipeline list, each only when jobs or pipelines are asked for (one request a
    page of 100); for a freeze, each chosen pipeline's queue, its runs under way and the detail of each of them (its
    reviews).
author:
  - huaweicloud.codearts maintainers (@huaweicloud)
options:
  project_id:
    description:
      - The ID of the CodeArts project (32 characters; not the IAM project ID).
    type: str
    required: true
  state:
    description:
      - V(frozen) freezes O(jobs) and O(pipelines); V(thawed) enables what O(record) names.
    type: str
    choices: [frozen, thawed]
    default: frozen
  jobs:
    description:
      - The build jobs to disable, by name or ID. An entry that names no job of the project, or a name several jobs
        share, fails before any write.
      - With V(frozen), O(jobs) or O(pipelines) must name something.
    type: list
    elements: str
    default: []
  pipelines:
    description:
      - The pipelines to disable, whose queued runs to cancel and whose waiting reviews to reject, by name or ID.
    type: list
    elements: str
    default: []
  comment:
    description:
      - The comment the rejected reviews get.
    type: str
    default: "Rejected: code freeze."
  record:
    description:
      - The freeze record of the freeze under way, as an earlier task returned it in RV(record); null or V({}) for none.
      - A record of another project, or a dict that is not a freeze record, fails before any request.
    type: dict
extends_documentation_fragment:
  - huaweicloud.codearts.common
  - huaweicloud.codearts.common.attributes
seealso:
  - module: huaweicloud.codearts.codearts_build_job
  - module: huaweicloud.codearts.codearts_pipeline
  - module: huaweicloud.codearts.codearts_pipeline_manual_review
"""

EXAMPLES = r"""
- name: Freeze the releases of a project
  huaweicloud.codearts.codearts_freeze:
    project_id: c0dea7750000000000000000000000a5
    jobs: [fz-release-build, fz-deploy-build, fz-hotfix-build]
    pipelines: [fz-release-pipeline, fz-deploy-pipeline, fz-legacy-pipeline]
    comment: "Rejected: release freeze until Monday."
  register: freeze

# Keep freeze.record where the thaw finds it: the playbooks huaweicloud.codearts.code_freeze and code_thaw keep it in a
# file or in the fact cache.
- name: Freeze again during the freeze, with the record (ok; the record keeps every entry)
  huaweicloud.codearts.codearts_freeze:
    project_id: c0dea7750000000000000000000000a5
    jobs: [fz-release-build, fz-deploy-build, fz-hotfix-build]
    pipelines: [fz-release-pipeline, fz-deploy-pipeline, fz-legacy-pipeline]
    record: "{{ freeze.record }}"
  register: freeze

- name: Thaw - enable exactly what the freeze disabled (fz-hotfix-build and fz-legacy-pipeline stay disabled)
  huaweicloud.codearts.codearts_freeze:
    project_id: c0dea7750000000000000000000000a5
    state: thawed
    record: "{{ freeze.record }}"
"""

RETURN = r"""
record:
  description:
    - The freeze record, to give back in O(record) - after a freeze, what it (and any freeze before it with the same
      record) disabled, canceled and rejected; after a thaw, null.
    - When a task fails, the record as it is at that point (it names every item whose write may have been sent).
  returned: always, also on failure
  type: dict
  contains:
    kind:
      description: What the dict is, checked when it is given back.
      type: str
      sample: huaweicloud.codearts.freeze/1
    project_id:
      description: The CodeArts project.
      type: str
      sample: c0dea7750000000000000000000000a5
    frozen_at:
      description: When the first freeze of this record ran, in milliseconds since the epoch (the service's clock).
      type: int
      sample: 1733565600000
    comment:
      description: The comment of the first freeze.
      type: str
      sample: "Rejected: code freeze."
    jobs:
      description: The build jobs the freeze disabled (C(id), C(name)); the thaw enables these.
      type: list
      elements: dict
      sample: [{"id": "b1d0000000000000000000000000a501", "name": "fz-release-build"}]
    pipelines:
      description: The pipelines the freeze disabled (C(id), C(name)); the thaw enables these.
      type: list
      elements: dict
      sample: [{"id": "p1e0000000000000000000000000a501", "name": "fz-release-pipeline"}]
    queued_runs_canceled:
      description: The queued runs it took out of their queue (C(id) of the run, C(pipeline_id), C(pipeline_name), C(queue_id)).
      type: list
      elements: dict
    reviews_rejected:
      description: >-
        The reviews it rejected (C(id) of the step run, C(job_run_id), C(pipeline_run_id), C(pipeline_id),
        C(pipeline_name), C(step_name)).
      type: list
      elements: dict
frozen:
  description:
    - What this task changed (would change, in check mode) - C(jobs_disabled), C(pipelines_disabled),
      C(queued_runs_canceled), C(reviews_rejected), entries as in RV(record).
  returned: with O(state=frozen)
  type: dict
  sample: {"jobs_disabled": [{"id": "b1d0000000000000000000000000a501", "name": "fz-release-build"}],
           "pipelines_disabled": [], "queued_runs_canceled": [], "reviews_rejected": []}
thawed:
  description: What this task enabled (would enable, in check mode) - C(jobs_enabled), C(pipelines_enabled).
  returned: with O(state=thawed)
  type: dict
  sample: {"jobs_enabled": [{"id": "b1d0000000000000000000000000a501", "name": "fz-release-build"}], "pipelines_enabled": []}
answers_lost:
  description:
    - The writes whose answer was lost (the connection dropped, a read timed out, HTTP 502 or 504) and that the module
      then read back as done, so it did not send them again; each is also a warning.
    - A write whose answer was lost but that a read shows not done is sent once more (never without that read).
  returned: when an answer was lost
  type: list
  elements: str
writes_sent:
  description:
    - When the task failed after it had sent a write (for example, a wait that ran out after the write), the writes
      it sent, as C(METHOD /path). The task then reports C(changed), and C(msg) starts with what was sent.
    - A write that the API refused (an error answer other than HTTP 5xx) is not counted.
  returned: failure, after a write was sent
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

from ansible_collections.huaweicloud.codearts.plugins.module_utils._freeze import ensure_freeze
from ansible_collections.huaweicloud.codearts.plugins.module_utils._module import CodeArtsModule

MODULE = CodeArtsModule(
    ensure_freeze,
    {
        "project_id": {"type": "str", "required": True},
        "state": {"type": "str", "default": "frozen", "choices": ["frozen", "thawed"]},
        "jobs": {"type": "list", "elements": "str", "default": []},
        "pipelines": {"type": "list", "elements": "str", "default": []},
        "comment": {"type": "str", "default": "Rejected: code freeze."},
        "record": {"type": "dict"},
    },
    id_options=("project_id",),
    state_options={"jobs": ("frozen",), "pipelines": ("frozen",), "comment": ("frozen",)},
)


def main():
    MODULE.main()


if __name__ == "__main__":
    main()
