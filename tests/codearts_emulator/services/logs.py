# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The log reads that Pipeline (ShowPipelineLog) and Build (DownloadBuildRealTimeLog) share: which lines of a log one
answer holds, and in what order.

A log is a list of lines, made by each service from what happened (a step's or a build's start, what it printed, how
it ended). The documentation says neither what the offsets count nor what the descending order gives (7.5, 7.9), so
[MODEL]: offsets count lines from 0, and `end_offset` ends a window (exclusive), 0 meaning the end of the log. An
ascending read gives the first `limit` lines of the window [start_offset, end_offset), oldest first; a descending read
its last `limit` lines, newest first. The answer's `start_offset` and `end_offset` (strings of digits) bound the lines
it holds, and `has_more` says whether the window holds more lines beyond them (after them ascending, before them
descending): the next page of a descending read ends where this one started (its `start_offset` sent as `end_offset`).
"""

from __future__ import annotations

from typing import Any, Optional

# Where a build log's answer says it comes from (its `location`, [DOC] "the log's source"): an emulator choice, which
# nothing reads. ShowPipelineLog's answer has no `location` in the SDK's model, so the emulator gives none.
LOCATION = "emulator"


def offset(value: Any) -> Optional[int]:
    """An offset as a request gives it: a whole number >= 0, or a string of digits (what an answer gave); None if not."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value >= 0 else None
    if isinstance(value, str) and value.isascii() and value.isdigit():
        return int(value)
    return None


def window(lines: list[str], descending: bool, start: int, end: int, limit: int) -> dict:
    """The answer's has_more, start_offset, end_offset and log (its lines joined by newlines, in the order read)."""
    stop = len(lines) if end == 0 else min(end, len(lines))
    start = min(start, stop)
    if descending:
        first, last = max(start, stop - limit), stop
        held, more = lines[first:last][::-1], first > start
    else:
        first, last = start, min(stop, start + limit)
        held, more = lines[first:last], last < stop
    return {"has_more": more, "start_offset": str(first), "end_offset": str(last), "log": "\n".join(held)}
