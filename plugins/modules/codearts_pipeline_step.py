#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: codearts_pipeline_step
short_description: Pass, refuse or postpone a checkpoint, delay or suspend step of a CodeArts Pipeline run
version_added: 2.3.0
description:
  - Acts on the steps a pipeline run can wait at, other than manual reviews (for those, see
    M(huaweicloud.codearts.codearts_pipeline_manual_review)) - a stage's entry checkpoint (a stage whose entry is
    manual; O(kind=checkpoint)), a delay step (O(kind=delay)) and a suspend step (O(kind=suspend)). It reads the run
    first (C(GET .../pipeline-runs/detail)) and acts only on a step that waits.
  - "V(passed): a checkpoint lets its stage start (C(POST .../pipeline-runs/{pipeline_run_id}/steps/{step_run_id}/manual/pass));
    a delay step continues now (C(.../jobs/{job_run_id}/steps/{step_run_id}/delay-pass)); a suspend step resumes its run
    (C(.../steps/{step_run_id}/resume))."
  - "V(refused): a checkpoint fails its stage and run (C(.../manual/refuse)); a delay step ends its run as failed
    (C(.../delay-refuse)). A suspend step cannot be refused - stop its run with
    M(huaweicloud.codearts.codearts_pipeline_run) instead."
  - V(passed) and V(refused) are idempotent - a step that no longer waits is ok, with its outcome (a warning says so
    when that outcome is not the one asked for, as for a delay whose time ran out before it could be refused).
  - "V(postponed): a delay step waits one hour longer (C(.../delay)). Like starting a run, it acts each time it runs -
    guard it with C(when) - until the service's limit of 3 extensions, after which the service refuses and the task
    fails with a hint. A lost answer to it is not sent again, since no read shows whether it took effect: the task
    fails saying the request may have been applied."
  - Without O(step_run_id), the step is found in the run - the single one of that O(kind) that waits, else the single
    one of that kind. None or several is a failure that lists the steps found with their names and IDs.
  - When the answer to a pass or a refusal is lost (the connection dropped, a read timed out, HTTP 502 or 504), the
    module reads the run again and sends the call once more only if the step still waits (see RV(answers_lost)).
author:
  - huaweicloud.codearts maintainers (@huaweicloud)
options:
  project_id:
    description:
      - The ID of the CodeArts project the pipeline belongs to (32 characters; not the IAM project ID).
    type: str
    required: true
  pipeline_id:
    description:
      - The ID of the pipeline. Give it or O(pipeline_name).
    type: str
  pipeline_name:
    description:
      - The name of the pipeline, within O(project_id), instead of O(pipeline_id). It is looked up on every page of the
        project's pipelines; no pipeline or several of that name fail (the failure lists their IDs).
    type: str
  pipeline_run_id:
    description:
      - The ID of the run. The pipeline's latest run when not given.
    type: str
  step_run_id:
    description:
      - The ID of the step's run (for a checkpoint, the stage's pre step). Found by itself when not given.
    type: str
  kind:
    description:
      - What the step is - V(checkpoint) (a stage's manual entry, plugin C(official_devcloud_manualTrigger)), V(delay)
        (plugin C(official_devcloud_delay)) or V(suspend) (a step whose job is suspended).
    type: str
    choices: [checkpoint, delay, suspend]
    required: true
  state:
    description:
      - V(passed) lets the run go on, V(refused) fails it at that step, V(postponed) makes a delay step wait an hour
        longer. There is no default - a step is only acted on when the task says how.
    type: str
    choices: [passed, refused, postponed]
    required: true
notes:
  - Which plugin a suspend step runs is not documented; the module recognises it by its job's status, C(SUSPEND),
    while it waits, and by the plugin name C(official_devcloud_suspendPipeline) after.
extends_documentation_fragment:
  - huaweicloud.codearts.common
  - huaweicloud.codearts.common.attributes
seealso:
  - module: huaweicloud.codearts.codearts_pipeline_manual_review
  - module: huaweicloud.codearts.codearts_pipeline_run
  - module: huaweicloud.codearts.codearts_pipeline_run_info
"""

EXAMPLES = r"""
- name: Let the gate pipeline's latest run into its Deploy stage
  huaweicloud.codearts.codearts_pipeline_step:
    project_id: c0dea7750000000000000000000000a4
    pipeline_name: gate-pipeline
    kind: checkpoint
    state: passed

- name: Give a delayed release another hour
  huaweicloud.codearts.codearts_pipeline_step:
    project_id: c0dea7750000000000000000000000a4
    pipeline_id: p1e0000000000000000000000000a405
    pipeline_run_id: r000000000000000000000000000a406
    kind: delay
    state: postponed

- name: Cancel the delayed release instead (ok if its delay is over)
  huaweicloud.codearts.codearts_pipeline_step:
    project_id: c0dea7750000000000000000000000a4
    pipeline_id: p1e0000000000000000000000000a405
    pipeline_run_id: r000000000000000000000000000a406
    kind: delay
    state: refused

- name: Resume the suspended verification run
  huaweicloud.codearts.codearts_pipeline_step:
    project_id: c0dea7750000000000000000000000a4
    pipeline_name: suspend-pipeline
    kind: suspend
    state: passed
"""

RETURN = r"""
step:
  description: The step, as it is after the task (as it would be, in check mode).
  returned: always
  type: dict
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
      description: The name of the stage that holds the step.
      type: str
    job_run_id:
      description: The ID of the job run that holds the step; null for a checkpoint, which is the stage's own.
      type: str
    job_name:
      description: The job's name; null for a checkpoint.
      type: str
    step_run_id:
      description: The ID of the step's run.
      type: str
    step_name:
      description: The step's name.
      type: str
    kind:
      description: V(checkpoint), V(delay) or V(suspend).
      type: str
    status:
      description: The step's status - V(RUNNING) while it waits, then V(COMPLETED), V(FAILED) or V(CANCELED); V(INIT) before it is reached.
      type: str
    outcome:
      description: V(passed) (for a delay, also when its time ran out), V(refused), V(canceled) (its run was stopped), or null while it waits.
      type: str
    message:
      description: The step's message.
      type: str
    start_time:
      description: When the step started waiting, in milliseconds since the epoch.
      type: int
    waited_seconds:
      description: How long the step has waited, in seconds; null once it no longer waits.
      type: int
writes_sent:
  description:
    - When the task failed after it had sent a write (for example, a wait that ran out after the write), the writes
      it sent, as C(METHOD /path). The task then reports C(changed), and C(msg) starts with what was sent.
    - A write that the API refused (an error answer other than HTTP 5xx) is not counted.
  returned: failure, after a write was sent
  type: list
  elements: str
  sample: ["POST /v5/c0dea7750000000000000000000000a4/api/pipelines/p1e0000000000000000000000000a404/pipeline-runs/r1/steps/s1/manual/pass"]
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
from ansible_collections.huaweicloud.codearts.plugins.module_utils._pipeline_step import ensure_pipeline_step

MODULE = CodeArtsModule(
    ensure_pipeline_step,
    {
        "project_id": {"type": "str", "required": True},
        "pipeline_id": {"type": "str"},
        "pipeline_name": {"type": "str"},
        "pipeline_run_id": {"type": "str"},
        "step_run_id": {"type": "str"},
        "kind": {"type": "str", "required": True, "choices": ["checkpoint", "delay", "suspend"]},
        "state": {"type": "str", "required": True, "choices": ["passed", "refused", "postponed"]},
    },
    id_options=("project_id", "pipeline_id", "pipeline_run_id", "step_run_id"),
    required_one_of=[("pipeline_id", "pipeline_name")],
    mutually_exclusive=[("pipeline_id", "pipeline_name")],
)


def main():
    MODULE.main()


if __name__ == "__main__":
    main()
