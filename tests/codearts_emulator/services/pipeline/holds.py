# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The holds besides manual reviews (codearts-api-run-control.md 7.1.5 and 7.7, all [MODEL]): a stage's manual entry
(R8 AcceptCheckpoint, R9 RejectCheckpoint), a delay step (R10 AcceptDelayJob, R11 RejectDelayJob, R12
ContinueDelayJob) and a suspend step (R13 ResumePipeline).

A hold can be acted on while its step is RUNNING and its run is not being stopped; runs.py starts and ends the holds
(start_stage, start_step, _halt), this module acts on them.
"""

from __future__ import annotations

from typing import Optional

from . import answers
from .runs import DELAY_TASK, ENTRY_TASK, SUSPEND_TASK, complete, enter_stage, fail, fail_entry
from .timeline import Moment

# R12: how much one extension adds (seconds), and how many a delay step allows [DOC user guide "延时执行"].
EXTENSION = 3600
MAX_EXTENSIONS = 3
# What each task's hold is called in a refusal.
HOLDS = {
    ENTRY_TASK: "a stage entry waiting for confirmation",
    DELAY_TASK: "a delay step waiting",
    SUSPEND_TASK: "a suspend step waiting to be resumed",
}


def why_not(run: dict, step: dict, task: str) -> Optional[str]:
    """None when `step` is a hold of `task` that can be acted on now (RUNNING, its run not being stopped), else why not."""
    if step["task"] != task:
        return f"its task is {step['task']}"
    if step["status"] != "RUNNING":
        return f"it is {step['status']}"
    if run["stop"] is not None:
        return "its run is being stopped"
    return None


# Each action below takes (run, pipeline, found, at, by): the run, its pipeline, the (stage, job, step) of the hold,
# when and by whom (the IAM user) it is acted on.


def confirm_entry(run: dict, pipeline: dict, found: tuple, at: Moment, by: str, accept: bool) -> None:
    """R8 / R9: [MODEL] accepting completes the entry step and the stage starts (RUNNING, its jobs start); refusing fails
    the entry step, the stage and the run (its jobs stay INIT). Who decided is kept in the step's `review`."""
    stage, _job, pre = found
    pre["review"] = {
        "decision": "approved" if accept else "rejected",
        "approval_description": None,
        "by": by,
        "time": at.ms,
        "timed_out": False,
    }
    if accept:
        pre.update(status="COMPLETED", end_time=at.ms)
        enter_stage(run, pipeline, stage, at)
    else:
        fail_entry(run, pre, at)


def pass_delay(run: dict, pipeline: dict, found: tuple, at: Moment, _by: str) -> None:
    """R10: [MODEL] the delay step completes now and its job goes on."""
    stage, job, step = found
    complete(run, pipeline, stage, job, step, at)


def refuse_delay(run: dict, _pipeline: dict, found: tuple, at: Moment, _by: str) -> None:
    """R11: [MODEL] the delay step fails, and with it its job, its stage and the run (the stage's other jobs are
    canceled), with no message (as a refused review)."""
    _stage, job, step = found
    fail(run, job, step, at, "")


def can_extend(step: dict) -> bool:
    """Whether R12 may extend the delay once more (at most MAX_EXTENSIONS times per start of the step)."""
    return step["extensions"] < MAX_EXTENSIONS


def extend_delay(_run: dict, _pipeline: dict, found: tuple, _at: Moment, _by: str) -> None:
    """R12: [MODEL] the delay runs out an hour later; the step stays RUNNING. The extensions are counted on the step, at
    most MAX_EXTENSIONS: one more is 400 DEVPIPE.99990001."""
    step = found[2]
    if not can_extend(step):
        raise answers.delay_limit(step, MAX_EXTENSIONS)
    step["due"] += EXTENSION
    step["extensions"] += 1


def resume(run: dict, pipeline: dict, found: tuple, at: Moment, _by: str) -> None:
    """R13: [MODEL] the suspend step completes, its job is RUNNING again (and goes on) and so is the run, unless another
    of its jobs is still suspended."""
    stage, job, step = found
    job["status"] = "RUNNING"
    others = [other for each in run["stages"] for other in each["jobs"] if other is not job]
    run["status"] = "SUSPEND" if any(other["status"] == "SUSPEND" for other in others) else "RUNNING"
    complete(run, pipeline, stage, job, step, at)
