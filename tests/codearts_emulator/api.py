# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The vocabulary a service module speaks: requests in, replies or API errors out, routes in between.

A service module (one per cloud service, in `services/`) subclasses `Service`, lists its `Route`s and
answers with a `Reply` or raises `ApiError`; the server does transport, authentication, faults and
logging, so none of that leaks into the service models.
"""

from __future__ import annotations

import abc
import hashlib
import json
import re
from dataclasses import dataclass, field
from email.message import Message
from typing import TYPE_CHECKING, Any, Callable, ClassVar, Iterator, Optional
from urllib.parse import parse_qsl, unquote

if TYPE_CHECKING:
    from .auth import Caller
    from .state import State


class ApiError(Exception):
    """An error answer; `body` replaces the usual {error_code, error_msg} for services that differ (IAM)."""

    def __init__(
        self, status: int, error_code: str, error_msg: str, body: Any = None, headers: Optional[dict[str, str]] = None
    ) -> None:
        super().__init__(f"{status} {error_code}: {error_msg}")
        self.status = status
        self.error_code = error_code
        self.error_msg = error_msg
        self.body = body if body is not None else {"error_code": error_code, "error_msg": error_msg}
        self.headers = headers or {}

    def reply(self) -> Reply:
        """The answer this error sends."""
        return Reply(self.status, self.body, dict(self.headers))


@dataclass
class Reply:
    """An answer: `body` is serialised as JSON unless it is None (then the body is empty).

    Injected faults may send `raw` text in place of JSON, or cut the body after `truncate` bytes and hang up.
    """

    status: int = 200
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    raw: Optional[str] = None
    truncate: Optional[int] = None


@dataclass
class Request:
    """A request as it arrived: the raw path and query are kept because the signature covers them."""

    method: str
    path: str
    raw_query: str
    headers: Message
    body: bytes
    caller: Optional[Caller] = None

    @property
    def query(self) -> dict[str, str]:
        """Decoded query parameters (the last value wins when a name repeats)."""
        return dict(parse_qsl(self.raw_query, keep_blank_values=True))

    def json(self) -> Any:
        """The body parsed as JSON, None when empty; ValueError when it is not JSON."""
        return json.loads(self.body) if self.body.strip() else None


Handler = Callable[..., Reply]


@dataclass(frozen=True)
class Route:
    """One operation: `template` names path parameters like `/v3/jobs/{job_id}/recover`.

    `auth=False` opens the route to anonymous callers (only IAM's token issuing);
    `project_scoped=False` lets domain-scoped tokens through (IAM's own read routes);
    `read_only=True` marks a POST that only reads (a list call with its filter in the body): the request log
    does not count it as a write.
    """

    method: str
    template: str
    operation: str
    handler: Handler
    auth: bool = True
    project_scoped: bool = True
    read_only: bool = False
    pattern: re.Pattern = field(init=False, repr=False, compare=False)

    @property
    def writes(self) -> bool:
        """Whether the operation may change state: any method but GET, unless the route only reads."""
        return self.method != "GET" and not self.read_only

    def __post_init__(self) -> None:
        regex = re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/]+)", re.escape(self.template))
        object.__setattr__(self, "pattern", re.compile(f"^{regex}$"))

    def match(self, path: str) -> Optional[dict[str, str]]:
        """Decoded path parameters when `path` fits this route's template, else None."""
        found = self.pattern.match(path)
        return {name: unquote(value) for name, value in found.groupdict().items()} if found else None


class Service(abc.ABC):
    """One cloud service's model, built from its section of the seed (`seed[name]`)."""

    name: ClassVar[str]

    def __init__(self, seed: dict, state: State) -> None:
        self.state = state
        self.load(seed)

    @abc.abstractmethod
    def load(self, seed: dict) -> None:
        """Build this service's data from its seed section; ValueError on a malformed seed."""

    @abc.abstractmethod
    def routes(self) -> list[Route]:
        """Every operation this service answers."""

    @abc.abstractmethod
    def snapshot(self) -> dict:
        """This service's current data as JSON-ready values, for the admin API and tests."""


def expand_generated(entry: dict, service: str, id_key: str, name_key: str) -> Iterator[dict]:
    """A seed entry, or the items a `generate: {count, prefix}` entry stands for (its other keys apply to each).

    Generated IDs are derived from the project and name, so they stay the same from one run to the next.
    """
    if "generate" not in entry:
        yield entry
        return
    try:
        count, prefix = int(entry["generate"]["count"]), str(entry["generate"]["prefix"])
    except (KeyError, TypeError, ValueError) as exc:
        raise ValueError(f"{service} seed: generate needs {{count, prefix}}, not {entry['generate']!r}") from exc
    common = {key: value for key, value in entry.items() if key != "generate"}
    width = len(str(count - 1))
    for index in range(count):
        name = f"{prefix}{index:0{width}d}"
        yield {
            **common,
            id_key: hashlib.sha256(f"{common.get('project_id')}/{name}".encode()).hexdigest()[:32],
            name_key: name,
        }
