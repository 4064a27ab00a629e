# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Manual reviews: a review step waits (RUNNING, its job PAUSED) until it is decided or its timeout strikes."""

from __future__ import annotations

from typing import Optional

from .runs import REVIEW_TASK, complete, fail
from .timeline import Moment


def waiting(run: dict, step: dict) -> bool:
    """Whether `step` is a manual review that can be decided now: it waits, and its run is not being stopped."""
    return step["task"] == REVIEW_TASK and step["status"] == "RUNNING" and run["stop"] is None


def decide(
    run: dict,
    pipeline: dict,
    found: tuple[dict, dict, dict],
    approve: bool,
    at: Moment,
    by: str,
    description: Optional[str],
) -> None:
    """[MODEL] Approving completes the review step and the run goes on; refusing fails it, its job and the run."""
    stage, job, step = found
    step["review"] = {
        "decision": "approved" if approve else "rejected",
        "approval_description": description,
        "by": by,
        "time": at.ms,
        "timed_out": False,
    }
    if approve:
        complete(run, pipeline, stage, job, step, at)
    else:
        fail(run, job, step, at, "")


def time_out(run: dict, pipeline: dict, found: tuple[dict, dict, dict], at: Moment) -> None:
    """A review's timeout: [MODEL] timeout_strategy reject fails it, pass approves it; either way with a message."""
    stage, job, step = found
    verdict = "rejected" if step["timeout_strategy"] == "reject" else "approved"
    message = f"The manual review timed out after {step['timeout']:g} s and was {verdict} (timeout_strategy: {step['timeout_strategy']})."
    step["review"] = {"decision": verdict, "approval_description": None, "by": None, "time": at.ms, "timed_out": True}
    if verdict == "rejected":
        fail(run, job, step, at, message)
    else:
        complete(run, pipeline, stage, job, step, at, message)
