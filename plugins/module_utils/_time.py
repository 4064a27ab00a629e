# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Times, in the one form every module returns them: milliseconds since the epoch (UTC), as an int.

The APIs give times in three shapes: epoch milliseconds (Pipeline v5, Build job lists, sometimes as a float),
``yyyy-MM-dd HH:mm:ss`` text (Pipeline v3, Build history; [MODEL] UTC), and ISO 8601 text (Check). Users write
durations (``6h``, ``90m``, ``1d12h``, or a number of seconds) and points in time (ISO 8601, or epoch milliseconds).

Every "older than" rule and every "for how long" figure, in the modules and in the event source, is measured on one
clock: the service's, ``CodeArtsClient.service_now_ms()`` (the Date of its latest answer), passed in as ``now``.
"""

from __future__ import annotations

import math
import re
from datetime import datetime, timezone

from ansible_collections.huaweicloud.codearts.plugins.module_utils._errors import CodeArtsError

_DURATION = re.compile(r"\A(?:(\d+(?:\.\d+)?)d)?(?:(\d+(?:\.\d+)?)h)?(?:(\d+(?:\.\d+)?)m)?(?:(\d+(?:\.\d+)?)s)?\Z")
_UNIT_SECONDS = (86400, 3600, 60, 1)


def epoch_ms(value):
    """An API time as epoch milliseconds; None for a missing, empty or unreadable one."""
    if value is None or value == "" or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return int(value) if math.isfinite(value) else None
    text = str(value).strip()
    try:
        number = float(text)
    except ValueError:
        pass
    else:
        return int(number) if math.isfinite(number) else None
    parsed = _parse_text(text)
    return None if parsed is None else int(parsed.timestamp() * 1000)


def _parse_text(text):
    """ISO 8601 (with Z or an offset, or none: UTC) or ``yyyy-MM-dd HH:mm:ss`` (UTC), with optional fractions.

    ``fromisoformat`` reads both (any one character may separate date and time); only ``Z`` needs spelling out.
    """
    try:
        parsed = datetime.fromisoformat(text[:-1] + "+00:00" if text.endswith(("Z", "z")) else text)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)


def duration_seconds(value, option):
    """A duration a user wrote (``6h``, ``1d12h``, ``90m``, ``45s``, or a number of seconds) in seconds."""
    if isinstance(value, bool):
        raise CodeArtsError("%s is a duration such as 6h, 90m, 1d12h or a number of seconds, not %r." % (option, value))
    if isinstance(value, (int, float)):
        seconds = float(value)
    else:
        text = str(value).strip().lower().replace(" ", "")
        try:
            seconds = float(text)
        except ValueError:
            match = _DURATION.match(text)
            if not text or not match:
                raise CodeArtsError(
                    "%s is a duration such as 6h, 90m, 1d12h or a number of seconds, not %r." % (option, value)
                ) from None
            seconds = sum(float(part) * unit for part, unit in zip(match.groups(), _UNIT_SECONDS) if part)
    if not math.isfinite(seconds) or seconds < 0:
        raise CodeArtsError("%s must be a duration of zero or more, not %r." % (option, value))
    return seconds


def duration_option(params, option):
    """The duration the task's ``option`` gives, in seconds (None when not given); a bad one fails before any request."""
    value = params.get(option)
    return None if value is None else duration_seconds(value, option)


def cutoff_ms(seconds, now):
    """The epoch ms that ``seconds`` (a duration_option) reach back to from ``now``: what started before it is older."""
    return None if seconds is None else now - int(seconds * 1000)


def point_ms(value, option):
    """A point in time a user wrote (ISO 8601, UTC unless it says otherwise, or epoch milliseconds) as epoch milliseconds;
    None when not given."""
    if value is None:
        return None
    parsed = None if isinstance(value, bool) else epoch_ms(value)
    if parsed is None:
        raise CodeArtsError(
            "%s is a time in ISO 8601 (2026-12-01T08:00:00Z) or epoch milliseconds, not %r." % (option, value)
        )
    return parsed


def seconds_since(start_ms, now):
    """Whole seconds from ``start_ms`` until ``now`` (epoch ms on the service's clock); None without a start."""
    if start_ms is None:
        return None
    return max(0, (now - start_ms) // 1000)


def utc_text(ms):
    """Epoch ms as a person reads it in a message: ``2026-12-01 08:00:00 UTC``; ``an unknown time`` for None."""
    if ms is None:
        return "an unknown time"
    return datetime.fromtimestamp(ms / 1000, timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC")
