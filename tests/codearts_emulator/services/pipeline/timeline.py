# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Pipeline time: durations count pipeline seconds, which pass at `speed` per emulator second (0 freezes every run)."""

from __future__ import annotations

from typing import Callable, Iterable, NamedTuple, Optional

from ...state import Clock


class Moment(NamedTuple):
    """A point in time: `v` in pipeline seconds (what durations count), `ms` on the emulator's clock (what is shown)."""

    v: float
    ms: int

    def later(self, seconds: float) -> Moment:
        """`seconds` of pipeline time later, as if they passed at speed 1 (seeded history)."""
        return Moment(self.v + seconds, self.ms + round(seconds * 1000))


class Event(NamedTuple):
    """What a run does next, and when (pipeline seconds)."""

    due: float
    fire: Callable[[Moment], None]


class PipelineClock:
    """Pipeline time `v` at emulator time `real`; sync() moves both to now and lets whatever fell due in between happen."""

    def __init__(self, clock: Clock, speed: float) -> None:
        self.clock = clock
        self.speed = speed
        self.v = 0.0
        self.real = clock.now()

    def now(self) -> Moment:
        """Now, as last synced (the load, for seeded runs)."""
        return Moment(self.v, int(self.real * 1000))

    def sync(self, runs: Iterable[dict], next_event: Callable[[dict], Optional[Event]]) -> Moment:
        """Bring every run up to the emulator's clock, its events in order; returns now."""
        now = self.clock.now()
        target = self.v + (now - self.real) * self.speed
        for run in runs:
            while (event := next_event(run)) is not None and event.due <= target:
                # Between two syncs the speed is constant, so an event's clock time follows from its pipeline time.
                ahead = max(event.due - self.v, 0.0)
                event.fire(Moment(event.due, int((self.real + (ahead / self.speed if ahead else 0.0)) * 1000)))
        self.v, self.real = target, now
        return Moment(target, int(now * 1000))
