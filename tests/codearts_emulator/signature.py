# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""SDK-HMAC-SHA256 request signatures, as Huawei Cloud's API gateway checks them.

Pure functions over the request as it arrived on the wire, so the canonicalisation can be pinned
by the official test vectors without a server.  The client side of the same algorithm is the
collection's signer; this module only re-derives what a correct client must have signed.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Mapping, NamedTuple, Sequence
from urllib.parse import parse_qsl, quote, unquote

ALGORITHM = "SDK-HMAC-SHA256"
DATE_FORMAT = "%Y%m%dT%H%M%SZ"
EMPTY_BODY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
CONTENT_SHA256_HEADER = "x-sdk-content-sha256"


class Authorization(NamedTuple):
    """The three fields of an `Authorization: SDK-HMAC-SHA256 ...` header."""

    access_key: str
    signed_headers: tuple[str, ...]
    signature: str


def parse_authorization(value: str) -> Authorization:
    """Split an Authorization header value; ValueError when it is not SDK-HMAC-SHA256."""
    algorithm, _sep, params = value.strip().partition(" ")
    if algorithm != ALGORITHM:
        raise ValueError(f"unsupported signing algorithm {algorithm!r}")
    fields = {}
    for part in params.split(","):
        name, sep, field = part.strip().partition("=")
        if not sep:
            raise ValueError(f"malformed Authorization field {part.strip()!r}")
        fields[name] = field
    missing = {"Access", "SignedHeaders", "Signature"} - fields.keys()
    if missing:
        raise ValueError(f"Authorization lacks {', '.join(sorted(missing))}")
    signed = tuple(fields["SignedHeaders"].split(";")) if fields["SignedHeaders"] else ()
    return Authorization(fields["Access"], signed, fields["Signature"])


def _encode(text: str) -> str:
    return quote(text, safe="~")


def canonical_uri(raw_path: str) -> str:
    """Percent-encode each path segment afresh and end with '/', as the SDK signer does.

    The SDK un-escapes the whole path before splitting it, so an encoded '/' (%2F) signs like a
    real one; following the SDK keeps the emulator in step with what real clients send.
    """
    path = "/".join(_encode(segment) for segment in unquote(raw_path).split("/"))
    return path if path.endswith("/") else path + "/"


def canonical_query(raw_query: str) -> str:
    """Sort decoded (key, value) pairs and re-encode both sides."""
    pairs = sorted(parse_qsl(raw_query, keep_blank_values=True))
    return "&".join(f"{_encode(key)}={_encode(value)}" for key, value in pairs)


def payload_hash(headers: Mapping[str, str], signed_headers: Sequence[str], body: bytes) -> str:
    """The body's part of the canonical request: hex SHA-256, or a signed X-Sdk-Content-Sha256 in its place.

    The SDK signer sends `X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD` (signed) with any body that is not
    JSON or BSON and then signs that value instead of the body's hash; an empty body always hashes.
    """
    if not body:
        return EMPTY_BODY_SHA256
    if CONTENT_SHA256_HEADER in signed_headers and headers.get(CONTENT_SHA256_HEADER):
        return headers[CONTENT_SHA256_HEADER].strip()
    return hashlib.sha256(body).hexdigest()


def canonical_request(
    method: str, raw_path: str, raw_query: str, headers: Mapping[str, str], signed_headers: Sequence[str], body: bytes
) -> str:
    """The text a client hashes before signing; `headers` maps lower-case names to values."""
    header_lines = "".join(f"{name}:{headers[name].strip()}\n" for name in signed_headers)
    body_hash = payload_hash(headers, signed_headers, body)
    return "\n".join(
        (
            method.upper(),
            canonical_uri(raw_path),
            canonical_query(raw_query),
            header_lines,
            ";".join(signed_headers),
            body_hash,
        )
    )


def string_to_sign(sdk_date: str, request_text: str) -> str:
    """Bind the canonical request to the X-Sdk-Date it was signed at."""
    return f"{ALGORITHM}\n{sdk_date}\n{hashlib.sha256(request_text.encode()).hexdigest()}"


def compute_signature(
    secret_key: str,
    method: str,
    raw_path: str,
    raw_query: str,
    headers: Mapping[str, str],
    signed_headers: Sequence[str],
    body: bytes,
) -> str:
    """Hex HMAC-SHA256 signature of a request; `headers` must hold every signed header, x-sdk-date included."""
    text = canonical_request(method, raw_path, raw_query, headers, signed_headers, body)
    return hmac.new(
        secret_key.encode(), string_to_sign(headers["x-sdk-date"], text).encode(), hashlib.sha256
    ).hexdigest()


def verify_signature(
    secret_key: str,
    method: str,
    raw_path: str,
    raw_query: str,
    headers: Mapping[str, str],
    auth: Authorization,
    body: bytes,
) -> bool:
    """True when `auth.signature` is what the holder of `secret_key` signs for this request.

    A signed header that is absent makes the signature wrong rather than raising: the gateway
    answers that case like any other mismatch.
    """
    if any(name not in headers for name in auth.signed_headers) or "x-sdk-date" not in headers:
        return False
    expected = compute_signature(secret_key, method, raw_path, raw_query, headers, auth.signed_headers, body)
    return hmac.compare_digest(expected, auth.signature)
