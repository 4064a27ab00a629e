# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The emulator's signature verifier (codearts_emulator.signature) against the official SDK signer.

(The collection's own signer is checked against the SDK in tests/unit/plugins/module_utils/test_signer.py.)
"""

from __future__ import annotations

from urllib.parse import quote

import pytest

from codearts_emulator import signature


def _sdk_signed(sdk, method, path, query, body, headers):
    """Sign with the official SDK; returns (headers the SDK would send, the query string it would send)."""
    request = sdk.SdkRequest(
        method=method,
        schema="https",
        host="cloudbuild-ext.cn-north-4.myhuaweicloud.com",
        resource_path=path,
        query_params=list(query),
        header_params=dict(headers),
        body=body,
    )
    credentials = sdk.BasicCredentials("AKSDK", "SKSDK-secret")
    signed = sdk.Signer(credentials).sign(request)
    raw_query = signed.uri[len(path) + 1 :]
    return {name.lower(): value for name, value in signed.header_params.items()}, raw_query


@pytest.mark.parametrize(
    "method, path, query, body, content_type",
    [
        (
            "GET",
            "/v3/c0dea7750000000000000000000000a2/jobs",
            [("page_size", 100), ("page_index", 0)],
            "",
            "application/json",
        ),
        ("POST", "/v3/jobs/b1d0000000000000000000000000000a/recover", [], "{}", "application/json"),
        (
            "POST",
            "/v2/tasks/task-1_x/stop",
            [("approval_description", "ok, 好的 ~!*()")],
            '{"a": "é"}',
            "application/json;charset=UTF-8",
        ),
        ("POST", "/v2/tasks/task-1_x/run", [], "plain text", "text/plain"),
    ],
)
def test_sdk_signatures_verify_and_tampering_fails(sdk, method, path, query, body, content_type):
    headers, raw_query = _sdk_signed(
        sdk, method, path, query, body, {"Content-Type": content_type, "X-Project-Id": "p1"}
    )
    auth = signature.parse_authorization(headers["authorization"])
    payload = body.encode()
    assert signature.verify_signature("SKSDK-secret", method, path, raw_query, headers, auth, payload)
    if "x-sdk-content-sha256" not in headers:  # an UNSIGNED-PAYLOAD body may change: that is what it means
        assert not signature.verify_signature("SKSDK-secret", method, path, raw_query, headers, auth, payload + b" ")
    assert not signature.verify_signature("SKSDK-secret", method, path, raw_query + "&x=1", headers, auth, payload)
    assert not signature.verify_signature("SKSDK-other", method, path, raw_query, headers, auth, payload)


def test_the_sdk_signs_a_body_that_is_not_json_as_unsigned_payload(sdk):
    headers, _raw_query = _sdk_signed(
        sdk, "POST", "/v2/tasks/t/run", [], "x", {"Content-Type": "application/octet-stream"}
    )
    assert headers["x-sdk-content-sha256"] == "UNSIGNED-PAYLOAD"
    assert "x-sdk-content-sha256" in signature.parse_authorization(headers["authorization"]).signed_headers


def test_sdk_agrees_on_arbitrary_queries(sdk):
    hypothesis = pytest.importorskip("hypothesis")
    strategies = hypothesis.strategies
    text = strategies.text(strategies.characters(blacklist_categories=("Cs",)), max_size=12)

    @hypothesis.settings(max_examples=150, deadline=None)
    @hypothesis.given(
        segment=text.filter(bool),
        query=strategies.lists(strategies.tuples(text.filter(bool), text), max_size=4),
        body=text,
        content_type=strategies.sampled_from(["application/json", "text/plain", "application/octet-stream"]),
    )
    def check(segment, query, body, content_type):
        path = "/v3/jobs/" + quote(segment, safe="")
        headers, raw_query = _sdk_signed(sdk, "POST", path, query, body, {"Content-Type": content_type})
        auth = signature.parse_authorization(headers["authorization"])
        assert signature.verify_signature("SKSDK-secret", "POST", path, raw_query, headers, auth, body.encode())

    check()  # pylint: disable=no-value-for-parameter
