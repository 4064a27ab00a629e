# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The seed checks every service shares: unknown fields, ID shapes, duplicate IDs and durations.

Every refusal is a ValueError worded "<service> seed: <what> <problem>", e.g.
"build seed: job 'nightly-build' has unknown fields colour".
"""

from __future__ import annotations

import re
from typing import Any, Iterable

# CodeArts project, build job, pipeline and run IDs, and IAM domain, project and user IDs: 32 characters [0-9a-z] [DOC].
ID_PATTERN = re.compile(r"^[0-9a-z]{32}$")
ID_SHAPE = "32 characters [0-9a-z]"
# Check task IDs are wider: 1-32 characters [DOC], letters of either case, digits, '-' and '_'.
TASK_ID_PATTERN = re.compile(r"^[0-9A-Za-z_-]{1,32}$")
TASK_ID_SHAPE = "1-32 characters [0-9A-Za-z_-]"


def seconds(value: Any, what: str) -> float:
    """A duration in seconds, not negative (seed fields and admin bodies); ValueError otherwise."""
    if isinstance(value, bool):
        raise ValueError(f"{what} is a number of seconds, not {value!r}")
    try:
        number = float(value)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{what} is a number of seconds, not {value!r}") from exc
    if number < 0:
        raise ValueError(f"{what} must not be negative")
    return number


class SeedChecker:
    """The checks of one service's seed section; it remembers the IDs it has seen, by kind, to refuse duplicates."""

    def __init__(self, service: str) -> None:
        self.service = service
        self.seen: dict[str, set[str]] = {}

    def error(self, what: str, problem: str) -> ValueError:
        """The refusal of `what` (e.g. "job 'nightly-build'") for `problem`."""
        return ValueError(f"{self.service} seed: {what} {problem}")

    def fields(self, entry: Any, allowed: Iterable[str], what: str) -> dict:
        """`entry` itself, once it is a mapping with no field outside `allowed`."""
        if not isinstance(entry, dict):
            raise self.error(what, f"is a mapping, not {entry!r}")
        unknown = set(entry) - set(allowed)
        if unknown:
            raise self.error(what, f"has unknown fields {', '.join(sorted(unknown))}")
        return entry

    def ids(self, entry: dict, what: str, *keys: str, pattern: re.Pattern = ID_PATTERN, shape: str = ID_SHAPE) -> None:
        """Each of `keys` in `entry` is an ID of `shape`."""
        for key in keys:
            if not isinstance(entry.get(key), str) or not pattern.match(entry[key]):
                raise self.error(
                    what,
                    f"needs an {key} of {shape}, not {entry.get(key)!r}"
                    if key == "id"
                    else f"needs a {key} of {shape}, not {entry.get(key)!r}",
                )

    def new(self, kind: str, value: str) -> str:
        """`value`, the first of this `kind` ('job id', 'run id', 'user name', ...) to appear; the second time is refused."""
        seen = self.seen.setdefault(kind, set())
        if value in seen:
            raise self.error(f"{kind} {value}", "appears twice")
        seen.add(value)
        return value

    def seconds(self, value: Any, what: str) -> float:
        """A duration in seconds (not negative) given for `what`."""
        try:
            return seconds(value, what)
        except ValueError as exc:
            raise ValueError(f"{self.service} seed: {exc}") from exc
