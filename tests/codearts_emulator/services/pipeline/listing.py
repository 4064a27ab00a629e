# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The bodies of the two list calls (ListPipelineQuery, ListPipelineRunsQuery): filters, order and paging; and the
query of ListPipelineQueue.

[MODEL] choices, each refused with 400 DEVPIPE.00011001 when malformed: `offset` counts items (default 0),
`limit` 1..100 (default 10); `sort_dir` asc or desc (default desc); `status` a list of v5 run statuses
(empty: no filter); `name` a case-insensitive substring; `start_time`/`end_time` inclusive bounds on a
run's start, each epoch ms (a number or a string of digits) or "yyyy-MM-dd HH:mm:ss" (UTC); null means no
bound. Keys not named here are ignored. ListPipelineQueue's `offset` and `limit` are required [DOC], whole
numbers >= 0 [DOC]; `offset` counts items, and there is no upper bound.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Optional

from ...api import Request
from .answers import invalid_param

DEFAULT_LIMIT = 10
MAX_LIMIT = 100
PIPELINE_SORT_KEYS = ("create_time", "name")
RUN_SORT_KEYS = ("start_time", "update_time")
TEXT_TIME = "%Y-%m-%d %H:%M:%S"


def list_body(request: Request) -> dict:
    """The request's JSON object; an empty body is {}."""
    try:
        body = request.json()
    except ValueError as exc:
        raise invalid_param("the body is not JSON") from exc
    if body is None:
        return {}
    if not isinstance(body, dict):
        raise invalid_param("the body is a JSON object")
    return body


def _integer(body: dict, key: str, default: int) -> int:
    value = body.get(key)
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int):
        raise invalid_param(f"{key} is an integer, not {value!r}")
    return value


def page(body: dict) -> tuple[int, int]:
    """(offset, limit): offset counts items."""
    offset, limit = _integer(body, "offset", 0), _integer(body, "limit", DEFAULT_LIMIT)
    if offset < 0 or not 1 <= limit <= MAX_LIMIT:
        raise invalid_param(f"offset must be >= 0 and limit between 1 and {MAX_LIMIT}")
    return offset, limit


def query_page(query: dict[str, str]) -> tuple[int, int]:
    """(offset, limit) of ListPipelineQueue: both required query parameters, whole numbers >= 0."""
    found = {key: query.get(key) for key in ("offset", "limit")}
    for key, value in found.items():
        if value is None or not (value.isascii() and value.isdigit()):
            raise invalid_param(f"{key} is required, a whole number >= 0, not {value!r}")
    return int(found["offset"]), int(found["limit"])


def statuses(body: dict) -> Optional[set[str]]:
    """The run statuses asked for; None for no filter."""
    value = body.get("status")
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(status, str) for status in value):
        raise invalid_param(f"status is a list of statuses, not {value!r}")
    return set(value) or None


def name_part(body: dict) -> str:
    """The lower-cased part of the name asked for ('' matches every name)."""
    value = body.get("name")
    if value is None:
        return ""
    if not isinstance(value, str):
        raise invalid_param(f"name is a string, not {value!r}")
    return value.lower()


def order(body: dict, keys: tuple[str, ...]) -> tuple[str, bool]:
    """(sort key, descending); the first of `keys` and descending by default."""
    key, direction = body.get("sort_key") or keys[0], body.get("sort_dir") or "desc"
    if key not in keys or direction not in ("asc", "desc"):
        raise invalid_param(f"sort_key is one of {', '.join(keys)} and sort_dir asc or desc")
    return key, direction == "desc"


def time_bound(body: dict, key: str) -> Optional[int]:
    """`key` (start_time or end_time) in epoch ms; None when absent or null."""
    value = body.get(key)
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return int(value)
    if isinstance(value, str) and value.isdigit():
        return int(value)
    if isinstance(value, str):
        try:
            return int(datetime.strptime(value, TEXT_TIME).replace(tzinfo=timezone.utc).timestamp() * 1000)
        except ValueError:
            pass
    raise invalid_param(f'{key} is epoch milliseconds or "yyyy-MM-dd HH:mm:ss", not {value!r}')
