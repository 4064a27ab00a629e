# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""A small HTTP client for the emulator's tests, and the demo values of default_seed.yml.

It signs requests the way the SDK does, by way of codearts_emulator.signature (whose canonicalisation
the official vectors and the SDK cross-check pin), and sends exactly the bytes it signed.
"""

from __future__ import annotations

import http.client
import json
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any, Optional
from urllib.parse import quote, urlsplit

from codearts_emulator import signature

AK = "EMULATORAK0000000001"
SK = "EMULATORSK00000000000000000000000000000001"
TMP_AK = "EMULATORTMPAK0000001"
TMP_SK = "EMULATORTMPSK0000000000000000000000000001"
SECURITY_TOKEN = "EMULATOR-SECURITY-TOKEN-0001"
REGION = "cn-north-4"
IAM_PROJECT_ID = "0123456789abcdef0123456789abcdef"
USER, PASSWORD, DOMAIN = "demo-user", "demo-password", "demo-domain"
PROJECT = "c0dea7750000000000000000000000a1"
LOAD_PROJECT = "c0dea7750000000000000000000000a2"
HOUSEKEEPING_PROJECT = "c0dea7750000000000000000000000a3"
NIGHTLY, RELEASE, LEGACY = (
    "b1d0000000000000000000000000000a",
    "b1d0000000000000000000000000000b",
    "b1d0000000000000000000000000000c",
)
MISSING_JOB = "b1d00000000000000000000000000999"


def sdk_date(shift: float = 0.0) -> str:
    """An X-Sdk-Date `shift` seconds away from now."""
    return (datetime.now(timezone.utc) + timedelta(seconds=shift)).strftime(signature.DATE_FORMAT)


def wire_query(query: Optional[dict]) -> str:
    """The query string as the SDK sends it: sorted, every character but letters, digits and -._~ escaped."""
    return "&".join(
        f"{quote(key, safe='~')}={quote(str(value), safe='~')}" for key, value in sorted((query or {}).items())
    )


@dataclass
class Response:
    """What came back."""

    status: int
    headers: http.client.HTTPMessage
    body: bytes

    def json(self) -> Any:
        """The body as JSON."""
        return json.loads(self.body)


class Client:
    """Sends one request per connection; signs with AK/SK unless `token` is given or `sign` is False."""

    def __init__(self, base_url: str) -> None:
        self.netloc = urlsplit(base_url).netloc

    def send(
        self, method: str, path: str, raw_query: str = "", body: bytes = b"", headers: Optional[dict] = None
    ) -> Response:
        """Send exactly these bytes and headers."""
        connection = http.client.HTTPConnection(self.netloc, timeout=10)
        try:
            connection.putrequest(
                method, f"{path}?{raw_query}" if raw_query else path, skip_host=True, skip_accept_encoding=True
            )
            for name, value in (headers or {}).items():
                connection.putheader(name, value)
            connection.putheader("Content-Length", str(len(body)))
            connection.endheaders(body)
            answer = connection.getresponse()
            return Response(answer.status, answer.headers, answer.read())
        finally:
            connection.close()

    def signed_headers(
        self,
        method: str,
        path: str,
        raw_query: str,
        body: bytes,
        *,
        ak: str = AK,
        sk: str = SK,
        security_token: Optional[str] = None,
        date: Optional[str] = None,
        extra: Optional[dict] = None,
        unsigned: tuple[str, ...] = (),
    ) -> dict:
        """Headers of a request signed like the SDK signs; names in `unsigned` are sent but left out of the signature."""
        headers = {
            "Host": self.netloc,
            "Content-Type": "application/json",
            "User-Agent": "emulator-tests",
            "X-Sdk-Date": date or sdk_date(),
            "X-Project-Id": IAM_PROJECT_ID,
            **(extra or {}),
        }
        if security_token is not None:
            headers["X-Security-Token"] = security_token
        lower = {name.lower(): value for name, value in headers.items()}
        signed = sorted(name for name in lower if name not in unsigned)
        sig = signature.compute_signature(sk, method, path, raw_query, lower, signed, body)
        headers["Authorization"] = (
            f"{signature.ALGORITHM} Access={ak}, SignedHeaders={';'.join(signed)}, Signature={sig}"
        )
        return headers

    def call(
        self,
        method: str,
        path: str,
        query: Optional[dict] = None,
        body: Any = None,
        *,
        token: Optional[str] = None,
        **signing: Any,
    ) -> Response:
        """A JSON API call, authenticated with `token` or else signed (keyword arguments go to signed_headers)."""
        raw_query = wire_query(query)
        data = json.dumps(body).encode() if body is not None else b""
        if token is not None:
            headers = {"Host": self.netloc, "Content-Type": "application/json", "X-Auth-Token": token}
        else:
            headers = self.signed_headers(method, path, raw_query, data, **signing)
        return self.send(method, path, raw_query, data, headers)

    def token(
        self, scope: Optional[dict] = None, user: str = USER, password: str = PASSWORD, domain: str = DOMAIN
    ) -> Response:
        """Ask IAM for a password token (project-scoped to the demo region unless `scope` says otherwise)."""
        body = {
            "auth": {
                "identity": {
                    "methods": ["password"],
                    "password": {"user": {"name": user, "password": password, "domain": {"name": domain}}},
                },
                "scope": {"project": {"name": REGION}} if scope is None else scope,
            }
        }
        return self.send(
            "POST",
            "/v3/auth/tokens",
            body=json.dumps(body).encode(),
            headers={"Host": self.netloc, "Content-Type": "application/json;charset=utf8"},
        )


def ok(response: Response) -> Any:
    """The JSON of an answer that must be HTTP 200."""
    assert response.status == 200, response.body
    return response.json()


def admin(client: Client, path: str, body: Any = None) -> Response:
    """POST /_emulator/<path> with `body` as JSON (none when None): the emulator's admin actions."""
    data = json.dumps(body).encode() if body is not None else b""
    return client.send("POST", f"/_emulator/{path}", body=data, headers={"Host": client.netloc})
