# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The signature verifier against the reference's official vectors (tests/unit/conformance checks it against the SDK signer)."""

from __future__ import annotations

import pytest

from codearts_emulator import signature

VECTOR_SK = "SKEXAMPLE000000000000000000000000000000"
VECTOR_HEADERS = {
    "content-type": "application/json",
    "user-agent": "test-agent",
    "x-project-id": "0123456789abcdef0123456789abcdef",
    "x-sdk-date": "20240102T030405Z",
    "host": "cloudpipeline-ext.cn-north-4.myhuaweicloud.com",
}
V1_PATH = "/v3/pipelines/8bfbd69eac154a0da341705a36294aca/stop"
V2_PATH = "/v5/d80a8a6530324b7bac972cbb8a9f28ec/api/pipelines/8bfbd69eac154a0da341705a36294aca/run"
V4_PATH = (
    "/v5/d80a8a6530324b7bac972cbb8a9f28ec/api/pipelines/8bfbd69eac154a0da341705a36294aca/pipeline-runs/"
    "12abeb9da0964cf3bd3ffd6813153e12/jobs/97b4991cf3374d8d96e08b38f79c8827/steps/6ff8e898026447a9a3eaa592e94b9384/refuse"
)
V2_HEADERS = {**VECTOR_HEADERS, "content-type": "application/json;charset=utf-8", "x-security-token": "TOKENVALUE"}

VECTORS = {
    "V1": (
        V1_PATH,
        "build_id=b1b2b3",
        VECTOR_HEADERS,
        b"",
        "bbcccafe78b5588a1497e08805f819ca14decc0e076f782c15464791a81412d8",
    ),
    "V2": (
        V2_PATH,
        "",
        V2_HEADERS,
        b'{"description": "x"}',
        "db60c997afc71798213f36b7efe1d39b11b16125dbc827dc93b29bd8016736ac",
    ),
    "V4": (
        V4_PATH,
        "approval_description=not%20ok%2C%20%E6%8B%92%E7%BB%9D",
        VECTOR_HEADERS,
        b"",
        "6d99c6c67623bb6e218502edb8e2b3e4b571d629b82e62c4ea6e24fa35d1678d",
    ),
}


def _authorization(headers, sig, access_key="AKEXAMPLE0000000000"):
    return signature.Authorization(access_key, tuple(sorted(headers)), sig)


@pytest.mark.parametrize("name", sorted(VECTORS))
def test_official_vectors_verify(name):
    path, query, headers, body, expected = VECTORS[name]
    assert signature.compute_signature(VECTOR_SK, "POST", path, query, headers, sorted(headers), body) == expected
    assert signature.verify_signature(VECTOR_SK, "POST", path, query, headers, _authorization(headers, expected), body)


def test_v1_canonical_request_matches_the_reference():
    expected = "\n".join(
        [
            "POST",
            V1_PATH + "/",
            "build_id=b1b2b3",
            "content-type:application/json",
            "host:cloudpipeline-ext.cn-north-4.myhuaweicloud.com",
            "user-agent:test-agent",
            "x-project-id:0123456789abcdef0123456789abcdef",
            "x-sdk-date:20240102T030405Z",
            "",
            "content-type;host;user-agent;x-project-id;x-sdk-date",
            signature.EMPTY_BODY_SHA256,
        ]
    )
    assert (
        signature.canonical_request("POST", V1_PATH, "build_id=b1b2b3", VECTOR_HEADERS, sorted(VECTOR_HEADERS), b"")
        == expected
    )


@pytest.mark.parametrize("tamper", ["method", "path", "query", "header", "body", "key", "unsigned-header-missing"])
def test_any_change_breaks_the_signature(tamper):
    path, query, headers, body, expected = VECTORS["V2"]
    method, secret = "POST", VECTOR_SK
    auth = _authorization(headers, expected)
    if tamper == "method":
        method = "PUT"
    elif tamper == "path":
        path = path.replace("/run", "/stop")
    elif tamper == "query":
        query = "x=1"
    elif tamper == "header":
        headers = {**headers, "x-security-token": "OTHER"}
    elif tamper == "body":
        body = b'{"description": "y"}'
    elif tamper == "key":
        secret = VECTOR_SK[:-1] + "1"
    else:
        headers = {name: value for name, value in headers.items() if name != "user-agent"}
    assert not signature.verify_signature(secret, method, path, query, headers, auth, body)


def test_canonical_forms():
    assert signature.canonical_uri("/") == "/"
    assert signature.canonical_uri("/v3/a%20b/c") == "/v3/a%20b/c/"
    assert signature.canonical_uri("/v3/caf%C3%A9") == "/v3/caf%C3%A9/"
    assert signature.canonical_query("b=2&a=2&a=1&empty=") == "a=1&a=2&b=2&empty="
    assert signature.canonical_query("q=a+b") == "q=a%20b"
    assert signature.canonical_query("") == ""


def test_parse_authorization():
    parsed = signature.parse_authorization("SDK-HMAC-SHA256 Access=AK1, SignedHeaders=host;x-sdk-date, Signature=abc")
    assert parsed == signature.Authorization("AK1", ("host", "x-sdk-date"), "abc")
    for bad in (
        "Bearer abc",
        "SDK-HMAC-SHA256 Access=AK1, Signature=abc",
        "SDK-HMAC-SHA256 Access=AK1 SignedHeaders=host",
    ):
        with pytest.raises(ValueError):
            signature.parse_authorization(bad)


def test_a_signed_x_sdk_content_sha256_replaces_the_body_hash():
    """What the SDK signs for a body that is not JSON: `X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD` instead of the body's hash."""
    headers = {**VECTOR_HEADERS, "content-type": "text/plain", "x-sdk-content-sha256": "UNSIGNED-PAYLOAD"}
    signed = tuple(sorted(headers))
    text = signature.canonical_request("POST", V1_PATH, "", headers, signed, b"any body")
    assert text.endswith("\nUNSIGNED-PAYLOAD")
    assert signature.canonical_request("POST", V1_PATH, "", headers, signed, b"").endswith(signature.EMPTY_BODY_SHA256)
    unsigned = tuple(name for name in signed if name != "x-sdk-content-sha256")
    assert not signature.canonical_request("POST", V1_PATH, "", headers, unsigned, b"any body").endswith(
        "UNSIGNED-PAYLOAD"
    )
