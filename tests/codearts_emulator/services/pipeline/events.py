# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""What a run does next: a pending stop lands, a step finishes (a delay runs out) or a review times out; and letting time
pass for one run."""

from __future__ import annotations

from functools import partial
from typing import Optional

from .reviews import time_out
from .runs import REVIEW_TASK, UNDER_WAY, active_steps, cancel, complete
from .timeline import Event, Moment


def next_event(run: dict, pipeline: dict) -> Optional[Event]:
    """The run's next event: the end of a pending stop (a stopping run does nothing else), else the first step to finish
    (a delay step's delay running out) or time out. A suspended run is under way too: its other jobs go on."""
    if run["status"] not in UNDER_WAY:
        return None
    if run["stop"] is not None:
        return Event(run["stop"]["due"], partial(cancel, run))
    timed = [found for found in active_steps(run) if found[2]["due"] is not None]
    if not timed:
        return None
    stage, job, step = min(timed, key=lambda found: found[2]["due"])
    if step["task"] == REVIEW_TASK:
        return Event(step["due"], partial(time_out, run, pipeline, (stage, job, step)))
    return Event(step["due"], partial(complete, run, pipeline, stage, job, step))


def let_pass(run: dict, pipeline: dict, seconds: float, now: Moment) -> int:
    """`seconds` of the run's time pass at once: its due events happen now, what is still pending comes `seconds` closer."""
    events = 0
    while (event := next_event(run, pipeline)) is not None and event.due <= now.v + seconds:
        # Fired at its own pipeline time, so what it starts is due when it would have been; shifted back below.
        event.fire(Moment(event.due, now.ms))
        events += 1
    for _stage, _job, step in active_steps(run):
        if step["due"] is not None:
            step["due"] -= seconds
    if run["status"] in UNDER_WAY and run["stop"] is not None:
        run["stop"]["due"] -= seconds
    return events
