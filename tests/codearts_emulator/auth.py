# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Who is calling: the API gateway's checks of AK/SK signatures, temporary credentials and IAM tokens.

Every failure is an `ApiError` with the gateway's codes: APIGW.0301 for anything wrong with the
credentials, APIGW.0307 for an expired token, and (an emulator choice, see README) 403 APIGW.0302
for a domain-scoped token on a project-level API.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Optional

from . import signature
from .api import ApiError, Request
from .state import State

SIGNATURE_MUST_COVER = ("host", "x-sdk-date")


@dataclass(frozen=True)
class Caller:
    """An authenticated caller; `kind` is aksk, temporary_aksk or token."""

    kind: str
    user_name: Optional[str]
    access_key: Optional[str]
    project_id: Optional[str]


def _unauthorized(reason: str) -> ApiError:
    return ApiError(401, "APIGW.0301", f"Incorrect IAM authentication information: {reason}")


def presented(request: Request, state: State) -> tuple[str, Optional[str]]:
    """The kind of credentials a request carries and its access key, valid or not (for the request log)."""
    authorization = request.headers.get("Authorization")
    if authorization:
        try:
            access_key = signature.parse_authorization(authorization).access_key
        except ValueError:
            return "aksk", None
        credential = state.credentials.get(access_key)
        temporary = credential.security_token is not None if credential else "X-Security-Token" in request.headers
        return ("temporary_aksk" if temporary else "aksk"), access_key
    if request.headers.get("X-Auth-Token"):
        return "token", None
    return "none", None


def authenticate(request: Request, state: State, max_skew: float, project_scoped: bool) -> Caller:
    """The caller behind a request, or an ApiError exactly where the cloud's gateway would refuse it."""
    authorization = request.headers.get("Authorization")
    if authorization:
        return _signed_caller(request, authorization, state, max_skew)
    token = request.headers.get("X-Auth-Token")
    if token:
        return _token_caller(token, state, project_scoped)
    raise _unauthorized("the request carries neither an SDK-HMAC-SHA256 signature nor X-Auth-Token")


def _header_text(value: str) -> str:
    """http.server decodes headers as Latin-1; the signer signed their UTF-8 text."""
    try:
        return value.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return value


def _check_date(sdk_date: Optional[str], now: float, max_skew: float) -> None:
    if not sdk_date:
        raise _unauthorized("X-Sdk-Date is missing")
    try:
        signed_at = datetime.strptime(sdk_date, signature.DATE_FORMAT).replace(tzinfo=timezone.utc).timestamp()
    except ValueError as exc:
        raise _unauthorized(f"X-Sdk-Date {sdk_date!r} is not in the format YYYYMMDDTHHMMSSZ") from exc
    if abs(now - signed_at) > max_skew:
        raise _unauthorized(f"X-Sdk-Date {sdk_date} is out of range: more than {max_skew:g} s from the server time")


def _signed_caller(request: Request, authorization: str, state: State, max_skew: float) -> Caller:
    try:
        auth = signature.parse_authorization(authorization)
    except ValueError as exc:
        raise _unauthorized(f"malformed Authorization header: {exc}") from exc
    credential = state.credentials.get(auth.access_key)
    if credential is None:
        raise _unauthorized(f"access key {auth.access_key} does not exist")
    _check_date(request.headers.get("X-Sdk-Date"), state.clock.now(), max_skew)
    uncovered = [name for name in SIGNATURE_MUST_COVER if name not in auth.signed_headers]
    if uncovered:
        raise _unauthorized(f"the signature must cover the headers {', '.join(uncovered)}")
    if credential.security_token is not None:
        if "x-security-token" not in auth.signed_headers:
            raise _unauthorized("temporary credentials need a signed X-Security-Token header")
        if request.headers.get("X-Security-Token") != credential.security_token:
            raise _unauthorized("the security token does not match the temporary access key")
    headers = {name: _header_text(request.headers[name]) for name in auth.signed_headers if name in request.headers}
    if not signature.verify_signature(
        credential.secret_key, request.method, request.path, request.raw_query, headers, auth, request.body
    ):
        raise _unauthorized("verify aksk signature fail")
    kind = "aksk" if credential.security_token is None else "temporary_aksk"
    return Caller(kind, credential.user_name, credential.access_key, request.headers.get("X-Project-Id"))


def _token_caller(value: str, state: State, project_scoped: bool) -> Caller:
    token = state.tokens.find(value)
    if token is None:
        raise _unauthorized("the token was not issued by IAM or is malformed")
    if state.clock.now() >= token.expires_at:
        raise ApiError(401, "APIGW.0307", "The token must be updated")
    if project_scoped and token.project is None:
        raise ApiError(
            403,
            "APIGW.0302",
            "The IAM user is not authorized to access the API: "
            "this API needs a project-scoped token, the token given is domain-scoped",
        )
    return Caller("token", token.user["name"], None, token.project["id"] if token.project else None)
