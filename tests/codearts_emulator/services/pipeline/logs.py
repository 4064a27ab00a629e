# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""A step's log (ShowPipelineLog, 7.5): lines made from what the step did, read a window at a time (../logs.py).

Emulator choice: a step not started has no line; once started, a line that says so, what it printed (a seeded run's
`log` for its `at` step, else a generic line or two for its task), and once it ended a line that says how: a failed
step's last line is an `[ERROR]` line that says why (its message, or who refused it).
"""

from __future__ import annotations

from typing import Any

from ..logs import offset, window
from . import answers
from .runs import DELAY_TASK, ENTRY_TASK, REVIEW_TASK, SUSPEND_TASK

SORTS = ("asc", "desc")


def _printed(step: dict) -> list[str]:
    """What a step printed while it ran: the seed's lines, else a generic line or two for its task."""
    if step.get("log"):
        return list(step["log"])
    task = step["task"]
    if task == REVIEW_TASK:
        return ["[INFO] Waiting for a manual review."]
    if task == ENTRY_TASK:
        return ["[INFO] Waiting for the stage entry to be confirmed."]
    if task == DELAY_TASK:
        return [f"[INFO] Waiting {step['delay']:g} s before going on."]
    if task == SUSPEND_TASK:
        return ["[INFO] The pipeline is suspended until it is resumed."]
    return ["[INFO] Preparing the workspace.", f"[INFO] Running {task}."]


def _ending(step: dict) -> list[str]:
    """The line that says how the step ended (none while it runs)."""
    name, status = step["name"], step["status"]
    if status == "COMPLETED":
        return [f"[INFO] Step {name} completed."]
    if status == "CANCELED":
        return [f"[WARN] Step {name} was canceled."]
    if status != "FAILED":
        return []
    if step["message"]:
        return [f"[ERROR] {step['message']}"]
    review = step.get("review") or {}
    if review.get("by"):
        return [f"[ERROR] Step {name} was refused by {review['by']}."]
    return [f"[ERROR] Step {name} failed."]


def step_lines(step: dict) -> list[str]:
    """Every line of a step's log, oldest first."""
    if step["start_time"] is None:
        return []
    return [f"[INFO] Step {step['name']} ({step['task']}) started.", *_printed(step), *_ending(step)]


def _query(body: Any) -> tuple[bool, int, int, int]:
    """(descending, start_offset, end_offset, limit) of a LogQuery body; 400 DEVPIPE.00011001 when malformed.

    Emulator choice: `limit` (a whole number >= 1) and `sort` (asc or desc, any case) are required, the offsets
    (whole numbers >= 0, or strings of digits as an answer gives them) default to 0; `offset` and `level` are ignored.
    """
    shape = 'the body is {"limit": >= 1, "sort": "asc" | "desc", "start_offset": >= 0, "end_offset": >= 0}'
    if not isinstance(body, dict):
        raise answers.invalid_param(shape)
    limit, sort = body.get("limit"), body.get("sort")
    start, end = offset(body.get("start_offset", 0)), offset(body.get("end_offset", 0))
    if (
        isinstance(limit, bool)
        or not isinstance(limit, int)
        or limit < 1
        or not isinstance(sort, str)
        or sort.lower() not in SORTS
        or start is None
        or end is None
    ):
        raise answers.invalid_param(shape)
    return sort.lower() == "desc", start, end, limit


def log_answer(step: dict, body: Any) -> dict:
    """ShowPipelineLogResponse for the window of the step's log that `body` (a LogQuery) asks for. The reference also
    lists a `location`, which the SDK's model does not have: the SDK's fields win (as elsewhere, README)."""
    descending, start, end, limit = _query(body)
    return {**window(step_lines(step), descending, start, end, limit), "step_run_id": step["id"]}
