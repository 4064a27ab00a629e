# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Concurrency: a pipeline's concurrency_control, the runs waiting in its queue, and the queue moving on.

[MODEL] (codearts-api-run-control.md 7.1.3, 7.1.5 and 7.7): when `enable` is on and the pipeline's runs under way
(status RUNNING or SUSPEND; a run waiting for a review, at a stage entry or a delay, or being stopped is RUNNING too) number `concurrency_number` or more, a
new run (or a retry) waits in the queue (`exceed_action` QUEUE) or is not started at all (ABORT). A queued run reads
status INIT, its stages still to run QUEUED and their jobs INIT; it holds its queue record (`run["queue"]`, in the
shape of ListPipelineQueue's queuedPipelines[]). When a slot frees, the oldest record leaves the queue and its run
starts.
"""

from __future__ import annotations

from typing import Iterable

from .runs import UNDER_WAY, start_stage
from .timeline import Moment

# [MODEL] Off unless seeded: the docs' default of 5 runs at once would change nothing the seed holds, and an emulator
# pipeline without the setting should behave as it always has (no run ever queued or refused).
DEFAULT_CONCURRENCY = {"enable": False, "concurrency_number": 1, "exceed_action": "QUEUE"}
EXCEED_ACTIONS = ("QUEUE", "ABORT")
# The record statuses a queued run can be cancelled in (CancelPipelineQueue); only QUEUED records leave by dequeueing.
CANCELLABLE = ("QUEUED", "QUEUED_TIME_OUT")


def under_way(runs: Iterable[dict]) -> int:
    """How many of `runs` take a slot: those under way, RUNNING or [MODEL] SUSPEND (not queued, not ended)."""
    return sum(run["status"] in UNDER_WAY for run in runs)


def admission(pipeline: dict, runs: Iterable[dict]) -> str:
    """What a new run (or a retry) of `pipeline` does, given the pipeline's `runs`: 'run', 'queue' or 'abort'."""
    control = pipeline["concurrency_control"]
    if not control["enable"] or under_way(runs) < control["concurrency_number"]:
        return "run"
    return control["exceed_action"].lower()


def queue_record(record_id: int, run: dict, region: str, creator_id: str, enqueue_ms: int) -> dict:
    """A queue record (ListPipelineQueue's queuedPipelines[]) for `run`, which entered the queue at `enqueue_ms`."""
    return {
        "id": record_id,
        "pipeline_id": run["pipeline_id"],
        "pipeline_run_id": run["id"],
        "region": region,
        "enqueue_time": enqueue_ms,
        "trigger_type": run["trigger_type"],
        "creator_id": creator_id,
        "creator_name": run["executor"],
        "status": "QUEUED",
    }


def hold(run: dict, record: dict) -> None:
    """[MODEL] The run waits in the queue: status INIT, the stages it still has to run QUEUED (their jobs stay INIT)."""
    run.update(status="INIT", end_time=None, queue=record, queued_time=record["enqueue_time"])
    for stage in run["stages"]:
        if stage["status"] == "INIT":
            stage["status"] = "QUEUED"


def release(run: dict, pipeline: dict, at: Moment) -> None:
    """Out of the queue: the run starts [MODEL] at `at` (the sync that found the slot free), at its first stage still to run."""
    run.update(status="RUNNING", queue=None)
    for stage in run["stages"]:
        if stage["status"] == "QUEUED":
            stage["status"] = "INIT"
    start_stage(
        run, pipeline, next(index for index, stage in enumerate(run["stages"]) if stage["status"] == "INIT"), at
    )


def withdraw(run: dict, at: Moment) -> None:
    """CancelPipelineQueue: [MODEL] the run leaves the queue CANCELED, and so do its queued stages and their jobs."""
    run.update(status="CANCELED", end_time=at.ms, queue=None)
    for stage in run["stages"]:
        if stage["status"] != "QUEUED":
            continue
        stage.update(status="CANCELED", end_time=at.ms)
        for job in stage["jobs"]:
            if job["status"] == "INIT":
                job.update(status="CANCELED", end_time=at.ms)


def queue_of(runs: Iterable[dict]) -> list[dict]:
    """The queue records of `runs`, oldest first (by enqueue_time, then id)."""
    return sorted(
        (run["queue"] for run in runs if run["queue"] is not None),
        key=lambda record: (record["enqueue_time"], record["id"]),
    )


def move_on(pipelines: dict[str, dict], runs: list[dict], at: Moment) -> None:
    """Dequeue: in every pipeline with a free slot, the oldest QUEUED records leave the queue and their runs start at `at`."""
    waiting = {run["pipeline_id"] for run in runs if run["queue"] is not None and run["queue"]["status"] == "QUEUED"}
    for pipeline_id in sorted(waiting):
        pipeline = pipelines[pipeline_id]
        mine = [run for run in runs if run["pipeline_id"] == pipeline_id]
        by_id = {run["id"]: run for run in mine}
        for record in queue_of(mine):
            if record["status"] != "QUEUED":
                continue
            if admission(pipeline, mine) != "run":
                break
            release(by_id[record["pipeline_run_id"]], pipeline, at)
