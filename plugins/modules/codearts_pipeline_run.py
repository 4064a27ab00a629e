#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: codearts_pipeline_run
short_description: Stop, retry or start a CodeArts Pipeline run
version_added: 1.0.0
description:
  - With O(state=stopped), stops a pipeline run (O(pipeline_run_id), or the pipeline's latest run when no ID is given) -
    it reads the run's status first and calls C(POST /v3/pipelines/{pipeline_id}/stop?build_id=...) only when the run is
    not completed yet. A completed run (successful, failed or already stopped) is left as it is and the task reports ok;
    so is a pipeline that has no run at all.
  - Stopping is asynchronous - the run reads C(status=completed), C(outcome=aborted) a little later. Use O(wait) to
    wait for that.
  - A run that still waits in its pipeline's queue (its status reads C(waiting)) is taken out of the queue instead -
    C(POST /v5/{project_id}/api/pipelines/{pipeline_id}/{pipeline_run_id}/cancel-queuing/{queue_id}), after reading the
    queue (C(GET .../queued-pipeline)) for its record; it then reads C(status=completed), C(outcome=aborted). This needs
    O(project_id).
  - With O(state=started), starts a new run of the pipeline and returns its ID (RV(run.pipeline_run_id)). A start always creates a new
    run, so it always reports changed; guard it with C(when) if it must not run twice. It reads the pipeline's latest
    run first (in check mode too), so a pipeline that does not exist fails before anything is started.
  - A start with O(branch), O(tag), O(variables), O(stages), O(jobs) or O(description) goes through the v5 API -
    C(POST /v5/{project_id}/api/pipelines/{pipeline_id}/run) - and needs O(project_id). It reads the pipeline first
    (C(GET /v5/{project_id}/api/pipelines/{pipeline_id})) and checks every option against it before anything starts - a
    disabled pipeline, a variable the pipeline does not declare (or does not let a run set), a stage or job it does not
    have, a branch for a pipeline without a code source, each fail with what the pipeline has. Without these options a
    run starts through the v3 API, as before (O(build_params)).
  - B(Queued runs.) When the pipeline's concurrency limit (or the tenant's) is reached, the service may queue the new
    run rather than start it. That is not a failure - the task reports changed with RV(queued=true) and RV(queue_id), and
    with O(wait) it waits until the run has left the queue and completed, within O(wait_timeout). A pipeline set to
    refuse runs at its limit instead fails with C(DEVPIPE.00011104) and a hint. The v5 answer says whether the run
    queued; the v3 answer does not (RV(queued) is then null).
  - With O(state=retried), runs a failed run again (O(pipeline_run_id), or the pipeline's latest run) under the same
    ID, from what failed - C(PUT /v5/{project_id}/api/pipelines/{pipeline_id}/pipeline-runs/{pipeline_run_id}/retry),
    only when the run's status reads C(status=completed), C(outcome=error). A run that did not fail (under way,
    perhaps because it was retried already; successful; stopped) is left as it is and the task reports ok, so a
    re-run retries nothing twice. It needs O(project_id). A retry may queue like a start (RV(queued), RV(queue_id)).
  - When the answer to a stop, a retry or a start is lost (the connection dropped, a read timed out, HTTP 502 or 504), the
    module reads the run (for a start, whether a new run began since its first read) and sends the call again only if
    it did not take effect (see RV(answers_lost)).
author:
  - huaweicloud.codearts maintainers (@huaweicloud)
options:
  pipeline_id:
    description:
      - The ID of the pipeline (32 characters). Give it or O(pipeline_name).
    type: str
  pipeline_name:
    description:
      - The name of the pipeline, within O(project_id), instead of O(pipeline_id). It is looked up on every page of the
        project's pipelines; no pipeline or several of that name fail (the failure lists their IDs).
    type: str
  project_id:
    description:
      - The ID of the CodeArts project the pipeline belongs to. Required with O(pipeline_name) and with
        O(state=retried); accepted (and unused) otherwise, so that a C(module_defaults) group that sets it for every
        module fits this one too.
    type: str
  pipeline_run_id:
    description:
      - The ID of the run to stop or retry, as the v5 API and the other modules name it (the same ID as the v3
        C(build_id), which is an alias).
      - With O(state=stopped) or O(state=retried) and no ID, the pipeline's latest run is the one.
      - Ignored, with a warning, with O(state=started).
    type: str
    aliases: [build_id]
  state:
    description:
      - V(stopped) makes sure the run is over, V(started) starts a new run, V(retried) runs a failed run again.
      - V(retried) was added in version 2.2.0.
    type: str
    choices: [stopped, started, retried]
    default: stopped
  branch:
    description:
      - The branch to run, for each code source of the pipeline. Only with O(state=started); the run starts through the
        v5 API (see the description). Mutually exclusive with O(tag).
    type: str
    version_added: 2.3.0
  tag:
    description:
      - The tag to run, for each code source of the pipeline, instead of a branch. Only with O(state=started).
    type: str
    version_added: 2.3.0
  variables:
    description:
      - Values for the pipeline's custom variables, as names and values, for this run. Only with O(state=started); the
        run starts through the v5 API.
      - Each name must be a variable the pipeline declares and lets a run set; values follow the rules of
        O(build_params). Checked against the pipeline before the run starts.
    type: dict
    version_added: 2.3.0
  stages:
    description:
      - Run only these stages, each by its name or identifier (as in the pipeline's definition). Only with
        O(state=started). Stages take precedence over O(jobs) - a job of a stage not chosen does not run.
    type: list
    elements: str
    version_added: 2.3.0
  jobs:
    description:
      - Run only these jobs, each by its name or identifier (for example V(JOB_ijsHS)). Only with O(state=started).
    type: list
    elements: str
    version_added: 2.3.0
  description:
    description:
      - What the run is for (at most 1024 characters), shown with the run. Only with O(state=started).
    type: str
    version_added: 2.3.0
  build_params:
    description:
      - Run parameters for a new run, as names and values, through the v3 API. Only with O(state=started); ignored,
        with a warning, with O(state=stopped). To set the pipeline's custom variables of a run through the v5 API, use
        O(variables).
      - Values are strings of at most 8192 characters; numbers and booleans are sent as text (V(true), V(false)).
        Lists, dictionaries and null values are refused before any request.
    type: dict
  queued_only:
    description:
      - With O(state=stopped), act only on a run that waits in its pipeline's queue - take it out of the queue - and
        leave a run under way alone (the task is then ok, with a message). For a sweep of stale queues, where a run
        listed as queued may have started by the time its task runs.
    type: bool
    default: false
    version_added: 2.3.0
  wait:
    description:
      - Wait until the run is completed (stopped, or finished for a new or retried run), polling its status. A run that
        queued is waited for until it has left the queue and completed.
      - When not given, V(true) with O(state=stopped) and V(false) with O(state=started) or O(state=retried). The
        API shows no "stopping" state, so a stop that returned at once would leave the run under way for a few
        seconds, and a re-run would stop it again and report changed; waiting makes the re-run V(ok).
    type: bool
  wait_timeout:
    description:
      - How many seconds to wait with O(wait) before failing.
    type: int
    default: 300
notes:
  - The API shows no "stopping" state. With O(wait=false), a task that stops a run whose earlier stop has not landed
    yet sends the stop again (harmless) and reports changed. By default a stop waits until the run is over, so a
    re-run is ok.
extends_documentation_fragment:
  - huaweicloud.codearts.common
  - huaweicloud.codearts.common.attributes
seealso:
  - module: huaweicloud.codearts.codearts_pipeline_run_info
  - module: huaweicloud.codearts.codearts_pipeline_manual_review
"""

EXAMPLES = r"""
- name: Stop a runaway pipeline run and wait until it is aborted
  huaweicloud.codearts.codearts_pipeline_run:
    pipeline_id: p1e0000000000000000000000000000b
    pipeline_run_id: r0000000000000000000000000000002
    state: stopped
    wait: true

- name: Stop whatever the nightly pipeline is running now (its latest run), by name
  huaweicloud.codearts.codearts_pipeline_run:
    project_id: c0dea7750000000000000000000000a1
    pipeline_name: nightly-pipeline
    state: stopped

- name: Start a release run with parameters
  huaweicloud.codearts.codearts_pipeline_run:
    pipeline_id: p1e0000000000000000000000000000a
    state: started
    build_params:
      release: "2026.11"
  register: release_run

- name: Show the new run's ID
  ansible.builtin.debug:
    var: release_run.run.pipeline_run_id

- name: Run the release pipeline on a branch, with a variable, only its Build stage
  huaweicloud.codearts.codearts_pipeline_run:
    project_id: c0dea7750000000000000000000000a1
    pipeline_name: release-pipeline
    state: started
    branch: release/2026.12
    variables:
      release_version: "2026.12"
    stages: [Build]
    description: Release candidate build
  register: candidate

- name: Say whether it queued behind other runs
  ansible.builtin.debug:
    msg: "{{ 'queued (queue record ' ~ candidate.queue_id ~ ')' if candidate.queued else 'started' }}"

- name: Retry the release pipeline's run that failed (ok when it did not fail, or was retried already)
  huaweicloud.codearts.codearts_pipeline_run:
    project_id: c0dea7750000000000000000000000a1
    pipeline_id: p1e0000000000000000000000000000a
    pipeline_run_id: r0000000000000000000000000000005
    state: retried
"""

RETURN = r"""
run:
  description:
    - The run as last read (after the wait, with O(wait)). Without O(wait), a stopped run still shows the status it
      had before the stop; C(diff.after) shows the state it is heading to.
    - For a new run without O(wait), only RV(run.pipeline_id) and RV(run.pipeline_run_id) are set.
  returned: always
  type: dict
  contains:
    pipeline_id:
      description: The ID of the pipeline.
      type: str
    pipeline_name:
      description: The name of the pipeline.
      type: str
    pipeline_run_id:
      description: The ID of the run (null in check mode for a new run); the v5 API's name for it.
      type: str
    build_id:
      description: The same ID as RV(run.pipeline_run_id), under the v3 API's name.
      type: str
    status:
      description: The run's status - V(waiting), V(running), V(verifying) (awaiting a manual review), V(suspending) or V(completed).
      type: str
      sample: completed
    outcome:
      description: How a completed run ended - V(success), V(error) or V(aborted).
      type: str
      sample: aborted
    start_time:
      description: When the run started, in milliseconds since the epoch (UTC), as every time the collection returns.
      type: int
    end_time:
      description: When the run ended (null while it runs), in milliseconds since the epoch.
      type: int
queued:
  description:
    - For a start or a retry, whether the service queued the run because a concurrency limit was reached - it starts
      when a run ends. Null when that is not known (a start through the v3 API, or check mode).
  returned: with O(state=started), and with O(state=retried) when a retry was sent
  type: bool
  version_added: 2.3.0
queue_id:
  description:
    - The ID of the queue record of a run that queued (after a start or a retry) or that a stop took out of the queue;
      null otherwise.
  returned: when a run queued, or a stop took it out of the queue
  type: int
  version_added: 2.3.0
writes_sent:
  description:
    - When the task failed after it had sent a write (for example, a wait that ran out after the write), the writes
      it sent, as C(METHOD /path). The task then reports C(changed), and C(msg) starts with what was sent.
    - A write that the API refused (an error answer other than HTTP 5xx) is not counted.
  returned: failure, after a write was sent
  type: list
  elements: str
  sample: ["POST /v3/pipelines/p1e0000000000000000000000000000b/stop"]
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
from ansible_collections.huaweicloud.codearts.plugins.module_utils._pipeline_run import (
    V5_START_OPTIONS,
    ensure_pipeline_run,
)

MODULE = CodeArtsModule(
    ensure_pipeline_run,
    {
        "pipeline_id": {"type": "str"},
        "pipeline_name": {"type": "str"},
        "project_id": {"type": "str"},
        "pipeline_run_id": {"type": "str", "aliases": ["build_id"]},
        "state": {"type": "str", "default": "stopped", "choices": ["stopped", "started", "retried"]},
        "build_params": {"type": "dict"},
        "branch": {"type": "str"},
        "tag": {"type": "str"},
        "variables": {"type": "dict"},
        "stages": {"type": "list", "elements": "str"},
        "jobs": {"type": "list", "elements": "str"},
        "description": {"type": "str"},
        "queued_only": {"type": "bool", "default": False},
        "wait": {"type": "bool"},
        "wait_timeout": {"type": "int", "default": 300},
    },
    id_options=("pipeline_id", "project_id", "pipeline_run_id"),
    state_options={
        **{option: ("started",) for option in ("build_params",) + V5_START_OPTIONS},
        "pipeline_run_id": ("stopped", "retried"),
        "queued_only": ("stopped",),
    },
    required_one_of=[("pipeline_id", "pipeline_name")],
    mutually_exclusive=[("pipeline_id", "pipeline_name"), ("branch", "tag")],
    required_by={"pipeline_name": "project_id"},
    required_if=[("state", "retried", ("project_id",))],
)


def main():
    MODULE.main()


if __name__ == "__main__":
    main()
