#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: codearts_pipeline_run_info
short_description: List CodeArts Pipeline runs (those running too long, say), or read one with the reviews it waits for
version_added: 1.0.0
description:
  - B(Listing.) With a filter (O(status), O(running_longer_than), O(queued_longer_than), O(started_after),
    O(started_before)), or without a
    pipeline, lists the runs of a pipeline (O(pipeline_id) or O(pipeline_name)) or of every pipeline of O(project_id),
    newest first, reading every page (C(POST .../pipeline-runs/list), a read that changes nothing). Each run under way
    comes with the manual reviews it waits for and how long they have waited (one more read per such run). The runs
    are in RV(runs).
  - B(Queued runs.) A run that waits in its pipeline's queue (the pipeline's concurrency limit is reached) is listed
    with O(status=queued) or O(queued_longer_than), from the pipeline's queue (C(GET .../queued-pipeline), one read per
    pipeline), with its RV(runs[].queue_id) and the time it entered the queue. The run list itself shows such a run with
    the status C(INIT), so a listing without these options does not say it is queued.
  - B(One run.) Otherwise, reads one run (O(pipeline_run_id), or the pipeline's latest run) with its stages, jobs and
    steps, and lists the manual-review steps it waits for with the IDs that
    M(huaweicloud.codearts.codearts_pipeline_manual_review) takes (RV(run), RV(reviews)). With O(build_id), it reads
    the run's status through the v3 API instead (no stages; it needs O(pipeline_id), or O(pipeline_name) with
    O(project_id)).
  - B(Why a run failed.) With O(log_lines), each run of status C(FAILED) comes with its failed steps and the last lines
    of each one's log (RV(runs[].failed_steps), or C(failed_steps) in RV(run)). When listing, that is one more detail read per
    failed run, and one log read per failed step (C(POST .../steps/{step_run_id}/logs), a read); none for the other runs.
  - A pipeline or a run that does not exist gives an empty answer, not an error, as every C(_info) module of the
    collection answers for something that is not there.
  - Every time it returns is in milliseconds since the epoch (UTC); durations are in seconds.
author:
  - huaweicloud.codearts maintainers (@huaweicloud)
options:
  pipeline_id:
    description:
      - The ID of the pipeline.
    type: str
  pipeline_name:
    description:
      - The name of the pipeline, within O(project_id), instead of O(pipeline_id). Several pipelines of that name fail
        (with their IDs) when one run is read; when listing, the runs of each of them are listed.
    type: str
  project_id:
    description:
      - The ID of the CodeArts project the pipeline belongs to. Required unless O(build_id) is given with O(pipeline_id).
    type: str
  pipeline_run_id:
    description:
      - The ID of the run. The pipeline's latest run when not given.
    type: str
  build_id:
    description:
      - The ID of a run, to read its v3 status.
    type: str
  status:
    description:
      - List the runs whose v5 status is one of these - V(completed), V(running), V(failed), V(canceled), V(paused),
        V(suspend) or V(ignored), in any case (the results spell them in capitals, as the API does).
      - V(running) includes runs that wait for a manual review.
      - V(queued) lists the runs that wait in the pipeline's queue, read from the queue (added in version 2.3.0).
    type: list
    elements: str
  running_longer_than:
    description:
      - List the runs under way (status V(running), V(paused) or V(suspend)) that started longer ago than this - a duration
        such as V(6h), V(90m), V(1d12h), V(45s), or a number of seconds.
    type: str
  queued_longer_than:
    description:
      - List the runs that wait in the pipeline's queue (status V(queued)) and entered it longer ago than this, a
        duration in the form of O(running_longer_than).
      - With O(running_longer_than) too, both kinds are listed, each by its own measure.
      - O(started_after) and O(started_before) do not apply to queued runs, which have not started.
    type: str
    version_added: 2.3.0
  started_after:
    description:
      - List the runs that started at or after this time - ISO 8601 (V(2026-12-01T08:00:00Z); UTC unless it gives an
        offset) or milliseconds since the epoch.
    type: str
  started_before:
    description:
      - List the runs that started at or before this time, in the form of O(started_after).
    type: str
  all_runs:
    description:
      - List every run of the pipeline (or project), without a filter.
    type: bool
    default: false
  log_lines:
    description:
      - How many of the last lines of the log of each failed step of a failed run to return (in C(failed_steps)), from 0
        to 1000.
      - V(0) reads no log and adds no C(failed_steps). It does not apply with O(build_id), which reads no steps.
      - It is not a filter; list the failed runs with O(status=failed).
    type: int
    default: 0
    version_added: 2.4.0
  include_reviews:
    description:
      - When listing runs, whether each run under way comes with the manual reviews it waits for (C(reviews)), which
        takes one read of the run's detail per run under way.
      - V(false) spares those reads, for a task that does not look at the reviews; the runs then have no C(reviews).
    type: bool
    default: true
    version_added: 2.6.0
  pipeline_runs:
    description:
      - Read these runs as they are now, and return them in RV(runs). Give them as a listing returned them (each a
        dict with C(pipeline_id) and C(id)), for example to wait until runs that were stopped have ended, with
        C(until).
      - It takes one request for every 100 pipelines whose latest run they are (BatchShowPipelinesLatestStatus),
        and one run detail read for each other run. A run that no longer exists is left out. A run read by that
        request has the C(pipeline_name) it was given with (that answer does not name the pipeline).
      - Needs O(project_id); it cannot be given with the other ways to choose runs.
    type: list
    elements: dict
    version_added: 2.6.0
extends_documentation_fragment:
  - huaweicloud.codearts.common
  - huaweicloud.codearts.common.info_attributes
seealso:
  - module: huaweicloud.codearts.codearts_pipeline_info
  - module: huaweicloud.codearts.codearts_pipeline_manual_review
  - module: huaweicloud.codearts.codearts_pipeline_run
"""

EXAMPLES = r"""
- name: Find every run of the project that has run for more than six hours
  huaweicloud.codearts.codearts_pipeline_run_info:
    project_id: c0dea7750000000000000000000000a1
    running_longer_than: 6h
    include_reviews: false  # no detail read for each run: only the runs are needed
  register: runaway

- name: Stop them, without waiting after each one
  huaweicloud.codearts.codearts_pipeline_run:
    pipeline_id: "{{ item.pipeline_id }}"
    pipeline_run_id: "{{ item.id }}"
    state: stopped
    wait: false
  loop: "{{ runaway.runs }}"
  loop_control:
    label: "{{ item.pipeline_name }} #{{ item.run_number }}"

- name: Wait until all of them have stopped, reading them at once each try
  huaweicloud.codearts.codearts_pipeline_run_info:
    project_id: c0dea7750000000000000000000000a1
    pipeline_runs: "{{ runaway.runs }}"  # one request for every 100 pipelines whose latest run they are
  register: stopping
  until: stopping.runs | selectattr('status', 'in', ['RUNNING', 'PAUSED', 'SUSPEND']) | list | length == 0
  retries: 60
  delay: 2
  when: runaway.runs | length > 0

- name: Find the reviews the latest run of a pipeline waits for
  huaweicloud.codearts.codearts_pipeline_run_info:
    project_id: c0dea7750000000000000000000000a1
    pipeline_name: release-pipeline
  register: latest

- name: Reject each of them
  huaweicloud.codearts.codearts_pipeline_manual_review:
    project_id: "{{ item.project_id }}"
    pipeline_id: "{{ item.pipeline_id }}"
    pipeline_run_id: "{{ item.pipeline_run_id }}"
    job_run_id: "{{ item.job_run_id }}"
    step_run_id: "{{ item.step_run_id }}"
    state: rejected
  loop: "{{ latest.reviews }}"

- name: Find the runs that have waited in their pipeline's queue for more than an hour
  huaweicloud.codearts.codearts_pipeline_run_info:
    project_id: c0dea7750000000000000000000000a4
    queued_longer_than: 1h
  register: stale

- name: Take them out of the queue
  huaweicloud.codearts.codearts_pipeline_run:
    project_id: c0dea7750000000000000000000000a4
    pipeline_id: "{{ item.pipeline_id }}"
    pipeline_run_id: "{{ item.id }}"
    state: stopped
  loop: "{{ stale.runs }}"
  loop_control:
    label: "{{ item.pipeline_name }}, queued {{ item.queued_seconds }} s"

- name: Find the failed runs of the project, with the last 10 lines of the log of each failed step
  huaweicloud.codearts.codearts_pipeline_run_info:
    project_id: c0dea7750000000000000000000000a6
    status: [failed]
    log_lines: 10
  register: failed

- name: Say why each failed, with the last lines of its failed steps
  ansible.builtin.debug:
    msg: "{{ item.failed_steps | map(attribute='log_tail') | sum(start=[]) }}"
  loop: "{{ failed.runs }}"
  loop_control:
    label: "{{ item.pipeline_name }} #{{ item.run_number }}: {{ item.failed_steps | map(attribute='step_name') | join(', ') }}"
"""

RETURN = r"""
runs:
  description:
    - When listing, the runs that match, newest first (a queued run by the time it entered the queue).
    - With O(pipeline_runs), those runs as they are now, in the order given.
  returned: when listing, or with O(pipeline_runs)
  type: list
  elements: dict
  contains:
    id:
      description: The run's ID (the C(pipeline_run_id) the other modules take).
      type: str
    pipeline_id:
      description: The pipeline's ID.
      type: str
    pipeline_name:
      description: The pipeline's name (null when the task named the pipeline by O(pipeline_id)).
      type: str
    run_number:
      description: The run's number within its pipeline (null for a queued run, which the queue lists without it).
      type: int
    status:
      description:
        - The v5 status (V(RUNNING), V(COMPLETED), V(FAILED), V(CANCELED), ...), or V(QUEUED) for a run read from the
          queue.
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
    queue_id:
      description:
        - For a queued run, the ID of its queue record (an integer; what taking it out of the queue names); null
          otherwise. M(huaweicloud.codearts.codearts_pipeline_run) with O(huaweicloud.codearts.codearts_pipeline_run#module:state=stopped)
          takes a queued run out of the queue by its run ID alone.
      type: int
      version_added: 2.3.0
    queue_status:
      description: For a queued run, its queue record's status, V(QUEUED) or V(QUEUED_TIME_OUT) (it waited past the
        queue's timeout); null otherwise.
      type: str
      version_added: 2.3.0
    enqueue_time:
      description: For a queued run, when it entered the queue, in milliseconds since the epoch; null otherwise.
      type: int
      version_added: 2.3.0
    queued_seconds:
      description: For a queued run, how many seconds it has waited in the queue; null otherwise.
      type: int
      version_added: 2.3.0
    reviews:
      description:
        - The manual reviews it waits for, as in RV(reviews) (empty for a run that is not under way).
        - Not there with O(include_reviews=false).
      type: list
      elements: dict
    failed_steps:
      description:
        - For a failed run, its failed steps (a job's steps of status C(FAILED)) with the last lines of each one's log;
          empty for the other runs.
        - A stage entry that was refused is not among them (it is not a job's step and has no log); the run's stage
          shows it.
      returned: when O(log_lines) is more than 0
      type: list
      elements: dict
      version_added: 2.4.0
      contains:
        pipeline_id:
          description: The pipeline's ID.
          type: str
        pipeline_run_id:
          description: The run's ID.
          type: str
        stage_name:
          description: The name of the stage that holds the step.
          type: str
        job_run_id:
          description: The ID of the job run that holds the step.
          type: str
        job_name:
          description: The name of that job.
          type: str
        step_run_id:
          description: The ID of the step's run.
          type: str
        step_name:
          description: The step's name.
          type: str
        task:
          description: The step's plugin, such as C(official_devcloud_checkpoint) for a manual review.
          type: str
        message:
          description: What CodeArts says about the failure (may be empty).
          type: str
        log_tail:
          description: The last O(log_lines) lines of the step's log, oldest first (fewer when the log is shorter).
          type: list
          elements: str
          sample:
            - "FAILED tests/unit/test_payment.py::test_refund_in_yen - KeyError: 'JPY'"
            - "======================== 3 failed, 211 passed in 42.17s ========================"
            - "[ERROR] 3 of 214 tests failed."
run:
  description:
    - The run. With O(project_id), its v5 detail - C(id), C(pipeline_id), C(name), C(status) (V(RUNNING),
      V(COMPLETED), V(FAILED), V(CANCELED), ...), C(run_number), C(trigger_type), C(executor_name), C(start_time) and
      C(end_time) in milliseconds, and C(stages), each with C(id), C(name), C(status), C(pre) (its entry steps, such as a
      manual entry's checkpoint, with the fields of a step; added in version 2.3.0) and C(jobs), each with C(id)
      (the job_run_id), C(name), C(status) and C(steps), each with C(id) (the step_run_id), C(name), C(task),
      C(status), C(message) and C(start_time).
    - With O(log_lines) (more than 0), C(failed_steps) too, as in RV(runs[].failed_steps) (added in version 2.4.0).
    - With O(build_id), its v3 status - C(pipeline_id), C(pipeline_name), C(build_id) (and the same ID as
      C(pipeline_run_id)), C(status), C(outcome), C(start_time), C(end_time), in milliseconds since the epoch.
    - An empty dictionary when the pipeline or the run does not exist.
  returned: when reading one run
  type: dict
reviews:
  description: The manual-review steps that wait for a decision (empty with O(build_id)).
  returned: when reading one run
  type: list
  elements: dict
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
    status:
      description: V(RUNNING) (waiting).
      type: str
    decision:
      description: Null (not decided yet).
      type: str
    message:
      description: What CodeArts says about the step.
      type: str
    start_time:
      description: When the review began to wait, in milliseconds since the epoch.
      type: int
    waited_seconds:
      description: How many seconds it has waited.
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

from ansible_collections.huaweicloud.codearts.plugins.module_utils._codearts_api import PIPELINE_RUN_LISTED_STATUSES
from ansible_collections.huaweicloud.codearts.plugins.module_utils._module import CodeArtsModule
from ansible_collections.huaweicloud.codearts.plugins.module_utils._pipeline_run import pipeline_run_info

MODULE = CodeArtsModule(
    pipeline_run_info,
    {
        "pipeline_id": {"type": "str"},
        "pipeline_name": {"type": "str"},
        "project_id": {"type": "str"},
        "pipeline_run_id": {"type": "str"},
        "build_id": {"type": "str"},
        "status": {"type": "list", "elements": "str"},
        "running_longer_than": {"type": "str"},
        "queued_longer_than": {"type": "str"},
        "started_after": {"type": "str"},
        "started_before": {"type": "str"},
        "all_runs": {"type": "bool", "default": False},
        "log_lines": {"type": "int", "default": 0},
        "include_reviews": {"type": "bool", "default": True},
        "pipeline_runs": {"type": "list", "elements": "dict"},
    },
    choices_any_case={"status": PIPELINE_RUN_LISTED_STATUSES},
    id_options=("pipeline_id", "project_id", "pipeline_run_id", "build_id"),
    required_one_of=[("project_id", "build_id")],
    mutually_exclusive=[("pipeline_run_id", "build_id"), ("pipeline_id", "pipeline_name")]
    + [
        ("pipeline_runs", other)
        for other in (
            "pipeline_id",
            "pipeline_name",
            "pipeline_run_id",
            "build_id",
            "status",
            "running_longer_than",
            "queued_longer_than",
            "started_after",
            "started_before",
        )
    ],
    required_by={"pipeline_name": "project_id", "build_id": "pipeline_id"},
)


def main():
    MODULE.main()


if __name__ == "__main__":
    main()
