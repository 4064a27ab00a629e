# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""A run's life: created with every stage, job and step `INIT`, its steps started and finished in order, stopped.

A pipeline's stages run one after another, the jobs of a stage in parallel and the steps of a job in
order; a stage or job left out of a run (RunPipeline's choose_stages/choose_jobs) is `SKIPPED` and
passed over. A run is a plain dict (what /_emulator/state shows); these functions change it, given the
pipeline it belongs to and the Moment a change happens.

Besides manual reviews, a run can be held (holds.py acts on the holds): at a stage's manual entry (its one `pre`
step, `official_devcloud_manualTrigger`: the stage PAUSED until the entry is confirmed), at a delay step
(`official_devcloud_delay`: its job PAUSED until the delay runs out or is passed) and at a suspend step
(`official_devcloud_suspendPipeline`, the placeholder name of 7.1.5: its job and the run SUSPEND until resumed).
"""

from __future__ import annotations

import hashlib
from typing import Any, Optional

from .timeline import Moment

REVIEW_TASK = "official_devcloud_checkpoint"
# A stage's manual entry (its `pre` step); the task names of a delay step and of a suspend step ([MODEL] a placeholder:
# the real name is not known, 7.1.5).
ENTRY_TASK = "official_devcloud_manualTrigger"
DELAY_TASK = "official_devcloud_delay"
SUSPEND_TASK = "official_devcloud_suspendPipeline"
# The steps that wait for someone rather than take a duration (a delay step has its own, its `delay`).
WAITING_TASKS = (REVIEW_TASK, ENTRY_TASK, SUSPEND_TASK)
# A stage or job under way: RUNNING, PAUSED (a job at a manual review or a delay, a stage at its manual entry), or
# SUSPEND (a job at a suspend step).
ACTIVE = ("RUNNING", "PAUSED", "SUSPEND")
# A run under way: RUNNING (a run waiting for a review, at a stage entry or at a delay included), or [MODEL] SUSPEND
# (a job of it at a suspend step).
UNDER_WAY = ("RUNNING", "SUSPEND")
# A job or stage that a stage (or the run) does not wait for any more: it completed, or it was left out of the run.
DONE = ("COMPLETED", "SKIPPED")


def element_id(run_id: str, *position: object) -> str:
    """A stable 32-hex id for a stage, job or step (or a stage's entry step) of a run."""
    return hashlib.sha256("/".join((run_id, *map(str, position))).encode()).hexdigest()[:32]


def build_params(raw: Any) -> list[dict]:
    """`build_params` as [{name, value}] strings; KeyError, TypeError or AttributeError when malformed."""
    return [{"name": str(param["name"]), "value": str(param["value"])} for param in raw or []]


def new_run(pipeline: dict, run_id: str, number: int, executor: str, build_params: list, trigger_type: str) -> dict:
    """Run `number` of `pipeline`, not started yet (start_stage(run, pipeline, 0, at) starts it)."""
    stages = [
        {
            "id": element_id(run_id, s),
            "name": stage["name"],
            "identifier": stage["identifier"],
            "status": "INIT",
            "start_time": None,
            "end_time": None,
            "pre": _entry_steps(run_id, s, stage),
            "jobs": [
                {
                    "id": element_id(run_id, s, j),
                    "name": job["name"],
                    "identifier": job["identifier"],
                    "status": "INIT",
                    "message": "",
                    "start_time": None,
                    "end_time": None,
                    "steps": [
                        {
                            "id": element_id(run_id, s, j, k),
                            "status": "INIT",
                            "message": "",
                            "start_time": None,
                            "end_time": None,
                            "due": None,
                            "review": None,
                            "extensions": 0,
                            "log": None,
                            **step,
                        }
                        for k, step in enumerate(job["steps"])
                    ],
                }
                for j, job in enumerate(stage["jobs"])
            ],
        }
        for s, stage in enumerate(pipeline["stages"])
    ]
    return {
        "id": run_id,
        "pipeline_id": pipeline["id"],
        "run_number": number,
        "executor": executor,
        "trigger_type": trigger_type,
        "build_params": build_params,
        "description": None,
        "sources": [],
        "chosen": None,
        "status": "RUNNING",
        "start_time": None,
        "end_time": None,
        "queued_time": None,
        "queue": None,
        "stop": None,
        "stages": stages,
    }


def _entry_steps(run_id: str, index: int, stage: dict) -> list[dict]:
    """A stage's `pre` steps: [MODEL] one manualTrigger step for a stage whose entry is manual; none for an automatic
    entry (the live service may list an official_devcloud_autoTrigger step there: find the manual one by its task)."""
    if stage["entry"] != "manual":
        return []
    return [
        {
            "id": element_id(run_id, index, "pre"),
            "name": stage["entry_name"],
            "task": ENTRY_TASK,
            "status": "INIT",
            "message": "",
            "start_time": None,
            "end_time": None,
            "due": None,
            "review": None,
        }
    ]


def leave_out(run: dict, stages: list[str], jobs: list[str]) -> None:
    """[MODEL] RunPipeline's choice: what is not chosen is SKIPPED (stage and jobs). `stages` (identifiers) decide
    which stages run, all their jobs unless `jobs` names some of them; without `stages`, a stage runs when `jobs`
    names one of its jobs, and only those jobs. A job named in a stage that does not run is ignored. Nothing chosen:
    everything runs."""
    run["chosen"] = {"stages": list(stages), "jobs": list(jobs)}
    if not stages and not jobs:
        return
    for stage in run["stages"]:
        named = [job for job in stage["jobs"] if job["identifier"] in jobs]
        chosen = stage["identifier"] in stages if stages else bool(named)
        if not chosen:
            stage["status"] = "SKIPPED"
            for job in stage["jobs"]:
                job["status"] = "SKIPPED"
            continue
        for job in stage["jobs"]:
            if named and job not in named:
                job["status"] = "SKIPPED"


def start_stage(run: dict, pipeline: dict, index: int, at: Moment) -> None:
    """Start stage `index` (each of its jobs still to do at its first step not completed); a skipped stage is passed
    over, a stage whose manual entry is not confirmed waits at it, and past the last stage the run has completed. What
    has started before keeps its start_time (a retry)."""
    if index == len(run["stages"]):
        run.update(status="COMPLETED", end_time=at.ms)
        return
    if run["start_time"] is None:
        run["start_time"] = at.ms
    stage = run["stages"][index]
    if stage["status"] == "SKIPPED":
        start_stage(run, pipeline, index + 1, at)
        return
    if stage["start_time"] is None:
        stage["start_time"] = at.ms
    entry = next((pre for pre in stage["pre"] if pre["status"] != "COMPLETED"), None)
    if entry is not None:
        # [MODEL] A manual entry waits: the pre step RUNNING, the stage PAUSED, its jobs INIT, the run RUNNING.
        stage.update(status="PAUSED", end_time=None)
        entry.update(status="RUNNING", start_time=at.ms, end_time=None)
        return
    enter_stage(run, pipeline, stage, at)


def enter_stage(run: dict, pipeline: dict, stage: dict, at: Moment) -> None:
    """The stage runs: each of its jobs still to do starts at its first step not completed."""
    stage.update(status="RUNNING", end_time=None)
    for job in stage["jobs"]:
        if job["status"] in DONE:
            continue
        if job["start_time"] is None:
            job["start_time"] = at.ms
        start_step(run, pipeline, job, next(step for step in job["steps"] if step["status"] != "COMPLETED"), at)


def start_step(run: dict, pipeline: dict, job: dict, step: dict, at: Moment) -> None:
    """A build-like step runs for its duration; [MODEL] a manual review pauses its job until decided (or timed out), a
    delay step pauses it until its delay runs out (or it is passed), and a suspend step suspends the job and the run
    until resumed."""
    step.update(status="RUNNING", start_time=at.ms)
    if step["task"] == REVIEW_TASK:
        job["status"] = "PAUSED"
        step["due"] = None if step["timeout"] is None else at.v + step["timeout"]
    elif step["task"] == DELAY_TASK:
        job["status"] = "PAUSED"
        step["due"] = at.v + step["delay"]
    elif step["task"] == SUSPEND_TASK:
        job["status"] = "SUSPEND"
        run["status"] = "SUSPEND"
        step["due"] = None
    else:
        job["status"] = "RUNNING"
        step["due"] = at.v + (step["duration"] if step["duration"] is not None else pipeline["step_duration"])


def complete(run: dict, pipeline: dict, stage: dict, job: dict, step: dict, at: Moment, message: str = "") -> None:
    """A step has succeeded: the job's next step starts, or the job completes (and with its stage's last job, the stage)."""
    step.update(status="COMPLETED", end_time=at.ms, due=None, message=message)
    following = job["steps"].index(step) + 1
    if following < len(job["steps"]):
        start_step(run, pipeline, job, job["steps"][following], at)
        return
    job.update(status="COMPLETED", end_time=at.ms)
    if all(other["status"] in DONE for other in stage["jobs"]):
        stage.update(status="COMPLETED", end_time=at.ms)
        start_stage(run, pipeline, run["stages"].index(stage) + 1, at)


def fail(run: dict, job: dict, step: dict, at: Moment, message: str) -> None:
    """[MODEL] A failed step fails its job, stage and run; the stage's other jobs are canceled."""
    step.update(status="FAILED", end_time=at.ms, due=None, message=message)
    job.update(status="FAILED", end_time=at.ms, message=message)
    _halt(run, "FAILED", at)


def fail_entry(run: dict, pre: dict, at: Moment) -> None:
    """[MODEL] A refused stage entry fails its pre step, its stage and the run, with no message (as a refused review);
    the stage's jobs stay INIT."""
    pre.update(status="FAILED", end_time=at.ms, message="")
    _halt(run, "FAILED", at)


def retry(run: dict, pipeline: dict, at: Moment) -> None:
    """[MODEL] RetryPipelineRun on a failed run: the same run runs again. In the stage that failed, each job that did
    not complete starts again at its first step that did not complete (a refused review waits again); completed (and
    skipped) jobs and steps stay so, and the stages after it run as usual."""
    run.update(status="RUNNING", end_time=None)
    start_stage(run, pipeline, reset_failed_stage(run), at)


def reset_failed_stage(run: dict) -> int:
    """The failed stage of a failed run made ready to run again (its jobs that did not complete back to INIT from their
    first step that did not complete); returns its index. The run itself is left as it is."""
    index, stage = next((index, stage) for index, stage in enumerate(run["stages"]) if stage["status"] == "FAILED")
    stage.update(status="INIT", end_time=None)
    for pre in stage["pre"]:  # [MODEL] a refused stage entry waits again
        if pre["status"] != "COMPLETED":
            pre.update(status="INIT", start_time=None, end_time=None, message="", review=None)
    for job in stage["jobs"]:
        if job["status"] in DONE:
            continue
        for step in job["steps"]:
            if step["status"] != "COMPLETED":  # [MODEL] a refused delay starts again, with its extensions back to 0
                step.update(
                    status="INIT", start_time=None, end_time=None, due=None, message="", review=None, extensions=0
                )
        job.update(status="INIT", message="", end_time=None)
    return index


def request_stop(run: dict, pipeline: dict, at: Moment, by: str) -> None:
    """A stop lands the pipeline's stop_delay later (cancel); meanwhile the run makes no progress."""
    run["stop"] = {"requested_time": at.ms, "due": at.v + pipeline["stop_delay"], "by": by}


def cancel(run: dict, at: Moment) -> None:
    """The end of a stop: [MODEL] whatever still runs or waits (a review, a stage entry, a delay, a suspend step) is
    canceled."""
    _halt(run, "CANCELED", at)


def _halt(run: dict, status: str, at: Moment) -> None:
    """The run ends `status`, and so does the stage under way (RUNNING, or PAUSED at its entry); whatever of it still
    runs or waits (steps, a stage's entry step, jobs) is CANCELED."""
    for stage in run["stages"]:
        for step in stage["pre"]:
            if step["status"] == "RUNNING":
                step.update(status="CANCELED", end_time=at.ms, due=None)
        for job in stage["jobs"]:
            for step in job["steps"]:
                if step["status"] == "RUNNING":
                    step.update(status="CANCELED", end_time=at.ms, due=None)
            if job["status"] in ACTIVE:
                job.update(status="CANCELED", end_time=at.ms)
        if stage["status"] in ACTIVE:
            stage.update(status=status, end_time=at.ms)
    run.update(status=status, end_time=at.ms)


def active_steps(run: dict) -> list[tuple[dict, dict, dict]]:
    """(stage, job, step) of every step under way, a waiting review included."""
    return [
        (stage, job, step)
        for stage in run["stages"]
        for job in stage["jobs"]
        for step in job["steps"]
        if step["status"] == "RUNNING"
    ]


def waiting_entries(run: dict) -> list[tuple[dict, None, dict]]:
    """(stage, None, pre step) of every stage entry waiting to be confirmed."""
    return [(stage, None, pre) for stage in run["stages"] for pre in stage["pre"] if pre["status"] == "RUNNING"]


def find_step(run: dict, name: str) -> tuple[dict, Optional[dict], dict]:
    """(stage, job, step) of the step called `name`, or (stage, None, pre step) of the stage entry called so (step and
    entry names are unique in a pipeline)."""
    for stage in run["stages"]:
        for pre in stage["pre"]:
            if pre["name"] == name:
                return stage, None, pre
        for job in stage["jobs"]:
            for step in job["steps"]:
                if step["name"] == name:
                    return stage, job, step
    raise KeyError(name)


def find_by_id(
    run: dict, step_run_id: str, job_run_id: Optional[str] = None
) -> Optional[tuple[dict, Optional[dict], dict]]:
    """(stage, job, step) of the step `step_run_id` of the job `job_run_id`; without a job, (stage, None, pre step) of
    the stage entry step `step_run_id`, or else (stage, job, step) of any job's step of that id. None when not found."""
    entries = (
        []
        if job_run_id is not None
        else [(stage, None, pre) for stage in run["stages"] for pre in stage["pre"] if pre["id"] == step_run_id]
    )
    steps = [
        (stage, job, step)
        for stage in run["stages"]
        for job in stage["jobs"]
        if job_run_id is None or job["id"] == job_run_id
        for step in job["steps"]
        if step["id"] == step_run_id
    ]
    return next(iter(entries + steps), None)


def updated_ms(run: dict) -> Optional[int]:
    """[MODEL] When the run last changed: the latest start or end time of the run or any of its stages, jobs and steps."""
    elements = [
        run,
        *run["stages"],
        *(pre for stage in run["stages"] for pre in stage["pre"]),
        *(job for stage in run["stages"] for job in stage["jobs"]),
        *(step for stage in run["stages"] for job in stage["jobs"] for step in job["steps"]),
    ]
    return max(
        (time for element in elements for time in (element["start_time"], element["end_time"]) if time is not None),
        default=run["queued_time"],
    )


def started_ms(run: dict) -> int:
    """[MODEL] When a run started, for the run list's order and time bounds: a run that never started (queued, or
    cancelled while queued) counts from when it entered the queue."""
    return run["start_time"] if run["start_time"] is not None else run["queued_time"]
