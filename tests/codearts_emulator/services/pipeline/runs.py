# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""A run's life: created with every stage, job and step `INIT`, its steps started and finished in order, stopped.

A pipeline's stages run one after another, the jobs of a stage in parallel and the steps of a job in
order. A run is a plain dict (what /_emulator/state shows); these functions change it, given the
pipeline it belongs to and the Moment a change happens.
"""

from __future__ import annotations

import hashlib
from typing import Any, Optional

from .timeline import Moment

REVIEW_TASK = "official_devcloud_checkpoint"
# A stage or job under way: RUNNING, or PAUSED at a manual review.
ACTIVE = ("RUNNING", "PAUSED")


def element_id(run_id: str, *position: int) -> str:
    """A stable 32-hex id for a stage, job or step of a run."""
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
            "status": "INIT",
            "start_time": None,
            "end_time": None,
            "jobs": [
                {
                    "id": element_id(run_id, s, j),
                    "name": job["name"],
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
        "status": "RUNNING",
        "start_time": None,
        "end_time": None,
        "stop": None,
        "stages": stages,
    }


def start_stage(run: dict, pipeline: dict, index: int, at: Moment) -> None:
    """Start stage `index` (every job's first step); past the last stage the run has completed."""
    if index == len(run["stages"]):
        run.update(status="COMPLETED", end_time=at.ms)
        return
    if index == 0:
        run["start_time"] = at.ms
    stage = run["stages"][index]
    stage.update(status="RUNNING", start_time=at.ms)
    for job in stage["jobs"]:
        job["start_time"] = at.ms
        start_step(pipeline, job, job["steps"][0], at)


def start_step(pipeline: dict, job: dict, step: dict, at: Moment) -> None:
    """A build-like step runs for its duration; [MODEL] a manual review pauses its job until decided (or timed out)."""
    step.update(status="RUNNING", start_time=at.ms)
    if step["task"] == REVIEW_TASK:
        job["status"] = "PAUSED"
        step["due"] = None if step["timeout"] is None else at.v + step["timeout"]
    else:
        job["status"] = "RUNNING"
        step["due"] = at.v + (step["duration"] if step["duration"] is not None else pipeline["step_duration"])


def complete(run: dict, pipeline: dict, stage: dict, job: dict, step: dict, at: Moment, message: str = "") -> None:
    """A step has succeeded: the job's next step starts, or the job completes (and with its stage's last job, the stage)."""
    step.update(status="COMPLETED", end_time=at.ms, due=None, message=message)
    following = job["steps"].index(step) + 1
    if following < len(job["steps"]):
        start_step(pipeline, job, job["steps"][following], at)
        return
    job.update(status="COMPLETED", end_time=at.ms)
    if all(other["status"] == "COMPLETED" for other in stage["jobs"]):
        stage.update(status="COMPLETED", end_time=at.ms)
        start_stage(run, pipeline, run["stages"].index(stage) + 1, at)


def fail(run: dict, job: dict, step: dict, at: Moment, message: str) -> None:
    """[MODEL] A failed step fails its job, stage and run; the stage's other jobs are canceled."""
    step.update(status="FAILED", end_time=at.ms, due=None, message=message)
    job.update(status="FAILED", end_time=at.ms, message=message)
    _halt(run, "FAILED", at)


def retry(run: dict, pipeline: dict, at: Moment) -> None:
    """[MODEL] RetryPipelineRun on a failed run: the same run runs again. In the stage that failed, each job that did
    not complete starts again at its first step that did not complete (a refused review waits again); completed jobs
    and steps stay completed, and the stages after it run as usual."""
    stage = next(stage for stage in run["stages"] if stage["status"] == "FAILED")
    stage.update(status="RUNNING", end_time=None)
    for job in stage["jobs"]:
        if job["status"] == "COMPLETED":
            continue
        for step in job["steps"]:
            if step["status"] != "COMPLETED":
                step.update(status="INIT", start_time=None, end_time=None, due=None, message="", review=None)
        job.update(status="INIT", message="", end_time=None)
        start_step(pipeline, job, next(step for step in job["steps"] if step["status"] == "INIT"), at)
    run.update(status="RUNNING", end_time=None)


def request_stop(run: dict, pipeline: dict, at: Moment, by: str) -> None:
    """A stop lands the pipeline's stop_delay later (cancel); meanwhile the run makes no progress."""
    run["stop"] = {"requested_time": at.ms, "due": at.v + pipeline["stop_delay"], "by": by}


def cancel(run: dict, at: Moment) -> None:
    """The end of a stop: [MODEL] whatever still runs or waits for a review is canceled."""
    _halt(run, "CANCELED", at)


def _halt(run: dict, status: str, at: Moment) -> None:
    for stage in run["stages"]:
        for job in stage["jobs"]:
            for step in job["steps"]:
                if step["status"] == "RUNNING":
                    step.update(status="CANCELED", end_time=at.ms, due=None)
            if job["status"] in ACTIVE:
                job.update(status="CANCELED", end_time=at.ms)
        if stage["status"] == "RUNNING":
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


def find_step(run: dict, name: str) -> tuple[dict, dict, dict]:
    """(stage, job, step) of the step called `name` (step names are unique in a pipeline)."""
    return next(
        (stage, job, step)
        for stage in run["stages"]
        for job in stage["jobs"]
        for step in job["steps"]
        if step["name"] == name
    )


def updated_ms(run: dict) -> Optional[int]:
    """[MODEL] When the run last changed: the latest start or end time of the run or any of its stages, jobs and steps."""
    elements = [
        run,
        *run["stages"],
        *(job for stage in run["stages"] for job in stage["jobs"]),
        *(step for stage in run["stages"] for job in stage["jobs"] for step in job["steps"]),
    ]
    return max(
        (time for element in elements for time in (element["start_time"], element["end_time"]) if time is not None),
        default=None,
    )
