# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Fault injection: the gateway misbehaving on chosen requests (errors, throttling, slowness, dropped connections).

Faults are checked before authentication, as a gateway in front of the services would fail.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Optional

from .api import Reply

SPEC_KEYS = {
    "method",
    "path",
    "count",
    "status",
    "error_code",
    "error_msg",
    "headers",
    "delay",
    "drop",
    "apply",
    "body",
    "raw",
    "truncate",
}


@dataclass
class Fault:
    """One injected fault; it applies to the next `count` requests whose method and path match."""

    path: str
    method: Optional[str] = None
    count: int = 1
    status: Optional[int] = None
    error_code: Optional[str] = None
    error_msg: Optional[str] = None
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    drop: bool = False
    apply: bool = False  # the service handles the request first (its effect stays); then the fault acts on its answer
    body: Any = None
    raw: Optional[str] = None
    truncate: Optional[int] = None

    @classmethod
    def from_spec(cls, spec: dict) -> Fault:
        """Validate a fault spec (the admin API's JSON body); ValueError says what is wrong."""
        unknown = set(spec) - SPEC_KEYS
        if unknown:
            raise ValueError(f"unknown fault fields: {', '.join(sorted(unknown))}")
        if "path" not in spec:
            raise ValueError("a fault needs a path regex")
        fault = cls(**spec)
        fault.validate()
        return fault

    def validate(self) -> None:
        """Refuse specs that cannot mean anything, so a typo in a test fails loudly."""
        try:
            re.compile(self.path)
        except (re.error, TypeError) as exc:
            raise ValueError(f"path is not a regex: {exc}") from exc
        if self.method is not None:
            self.method = self.method.upper()
        if not isinstance(self.count, int) or self.count < 1:
            raise ValueError("count must be a positive integer")
        if self.delay < 0:
            raise ValueError("delay must not be negative")
        if self.raw is not None and (self.body is not None or not isinstance(self.raw, str)):
            raise ValueError("raw is the body text: a string, and not together with body")
        if self.truncate is not None and (not isinstance(self.truncate, int) or self.truncate < 0):
            raise ValueError("truncate must be a byte count")
        answers = self.status is not None or self.body is not None or self.raw is not None or self.truncate is not None
        if self.drop and answers:
            raise ValueError("a dropped connection sends no status or body")
        if not (self.drop or answers or self.delay):
            raise ValueError("a fault needs status, body, delay or drop")
        if (self.error_code or self.error_msg) and not answers:
            raise ValueError("error_code and error_msg need a status")

    @property
    def kind(self) -> str:
        """How the request log names this fault: drop, response (an answer in place of the service's) or delay."""
        if self.drop:
            return "drop"
        if self.status is not None or self.body is not None or self.raw is not None or self.truncate is not None:
            return "response"
        return "delay"

    def matches(self, method: str, path: str) -> bool:
        """Whether this fault applies to a request."""
        return (self.method is None or self.method == method) and re.search(self.path, path) is not None

    def reply(self, served: Optional[Reply] = None) -> Optional[Reply]:
        """The answer sent in place of the service's; None when the request proceeds (delay) or gets none (drop).

        ``served`` is the service's own answer (with ``apply``): a ``truncate`` alone cuts that one short.
        """
        if self.kind != "response":
            return None
        if served is not None and self.status is None and self.body is None and self.raw is None:
            return Reply(served.status, served.body, {**served.headers, **self.headers}, served.raw, self.truncate)
        body = self.body
        if body is None and self.raw is None:
            body = {
                "error_code": self.error_code or "EMULATOR.FAULT",
                "error_msg": self.error_msg or f"Injected fault: HTTP {self.status}",
            }
        return Reply(self.status if self.status is not None else 200, body, dict(self.headers), self.raw, self.truncate)

    def spec(self) -> dict:
        """The fault as the admin API shows it, remaining count included."""
        return {
            "method": self.method,
            "path": self.path,
            "count": self.count,
            "status": self.status,
            "error_code": self.error_code,
            "error_msg": self.error_msg,
            "headers": self.headers,
            "delay": self.delay,
            "drop": self.drop,
            "apply": self.apply,
            "body": self.body,
            "raw": self.raw,
            "truncate": self.truncate,
        }


class FaultInjector:
    """Pending faults in the order they were added; the first match wins and uses up one of its count."""

    def __init__(self) -> None:
        self._faults: list[Fault] = []

    def add(self, spec: dict) -> Fault:
        """Add a fault from its spec."""
        fault = Fault.from_spec(spec)
        self._faults.append(fault)
        return fault

    def clear(self) -> None:
        """Forget every pending fault."""
        self._faults.clear()

    def take(self, method: str, path: str) -> Optional[Fault]:
        """The fault that applies to this request, if any, counted as used."""
        for fault in self._faults:
            if fault.matches(method, path):
                fault.count -= 1
                if fault.count == 0:
                    self._faults.remove(fault)
                return fault
        return None

    def snapshot(self) -> list[dict]:
        """Pending faults as JSON-ready specs."""
        return [fault.spec() for fault in self._faults]
