# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The signer against the official test vectors, and against the official SDK's own signer."""

from __future__ import annotations

import os
import string
import tempfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ansible_collections.huaweicloud.codearts.plugins.module_utils._auth import canonical_request, sign

AK = "AKEXAMPLE0000000000"
SK = "SKEXAMPLE000000000000000000000000000000"
HEADERS = {
    "Content-Type": "application/json",
    "User-Agent": "test-agent",
    "X-Project-Id": "0123456789abcdef0123456789abcdef",
    "X-Sdk-Date": "20240102T030405Z",
    "Host": "cloudpipeline-ext.cn-north-4.myhuaweicloud.com",
}
RUN = "/v5/d80a8a6530324b7bac972cbb8a9f28ec/api/pipelines/8bfbd69eac154a0da341705a36294aca"


def test_vector_v1_canonical_request():
    request, signed = canonical_request(
        "POST", "/v3/pipelines/8bfbd69eac154a0da341705a36294aca/stop", [("build_id", "b1b2b3")], HEADERS, b""
    )
    assert signed == ["content-type", "host", "user-agent", "x-project-id", "x-sdk-date"]
    assert request == "\n".join(
        [
            "POST",
            "/v3/pipelines/8bfbd69eac154a0da341705a36294aca/stop/",
            "build_id=b1b2b3",
            "content-type:application/json",
            "host:cloudpipeline-ext.cn-north-4.myhuaweicloud.com",
            "user-agent:test-agent",
            "x-project-id:0123456789abcdef0123456789abcdef",
            "x-sdk-date:20240102T030405Z",
            "",
            "content-type;host;user-agent;x-project-id;x-sdk-date",
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        ]
    )


@pytest.mark.parametrize(
    "path, query, headers, body, signature",
    [
        (
            "/v3/pipelines/8bfbd69eac154a0da341705a36294aca/stop",
            [("build_id", "b1b2b3")],
            HEADERS,
            b"",
            "bbcccafe78b5588a1497e08805f819ca14decc0e076f782c15464791a81412d8",
        ),
        (
            RUN + "/run",
            [],
            dict(HEADERS, **{"Content-Type": "application/json;charset=utf-8", "X-Security-Token": "TOKENVALUE"}),
            b'{"description": "x"}',
            "db60c997afc71798213f36b7efe1d39b11b16125dbc827dc93b29bd8016736ac",
        ),
        (
            RUN
            + "/pipeline-runs/12abeb9da0964cf3bd3ffd6813153e12/jobs/97b4991cf3374d8d96e08b38f79c8827/steps/6ff8e898026447a9a3eaa592e94b9384/refuse",
            [("approval_description", "not ok, 拒绝")],
            HEADERS,
            b"",
            "6d99c6c67623bb6e218502edb8e2b3e4b571d629b82e62c4ea6e24fa35d1678d",
        ),
    ],
    ids=["V1", "V2", "V4"],
)
def test_official_vectors(path, query, headers, body, signature):
    authorization = sign("POST", path, query, headers, body, AK, SK)
    signed = ";".join(sorted(name.lower() for name in headers))
    assert authorization == "SDK-HMAC-SHA256 Access=%s, SignedHeaders=%s, Signature=%s" % (AK, signed, signature)


def test_headers_with_underscore_are_not_signed():
    authorization = sign("GET", "/v1/job/x/info", [], dict(HEADERS, **{"X_Custom": "1"}), b"", AK, SK)
    assert "x_custom" not in authorization
    assert authorization == sign("GET", "/v1/job/x/info", [], HEADERS, b"", AK, SK)


@pytest.fixture(scope="module")
def sdk_signer():
    """The official signer; importing the SDK writes ~/.huaweicloud, so HOME points at a temporary folder."""
    home = os.environ.get("HOME")
    with tempfile.TemporaryDirectory() as temporary_home:
        os.environ["HOME"] = temporary_home
        try:
            signer_module = pytest.importorskip("huaweicloudsdkcore.signer.signer")
            request_module = pytest.importorskip("huaweicloudsdkcore.sdk_request")
            credentials_module = pytest.importorskip("huaweicloudsdkcore.auth.credentials")
            yield signer_module.Signer(credentials_module.BasicCredentials(AK, SK)), request_module.SdkRequest
        finally:
            if home is None:
                os.environ.pop("HOME", None)
            else:
                os.environ["HOME"] = home


TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=12)
SEGMENT = st.text(alphabet=string.ascii_letters + string.digits + "-_.~ %:,@!$&'()*+;=中文", min_size=1, max_size=10)
HEADER_NAME = st.text(alphabet=string.ascii_letters + string.digits + "-_", min_size=1, max_size=12).filter(
    lambda name: name.lower() not in ("host", "x-sdk-date", "content-type", "authorization")
)


@settings(max_examples=300, deadline=None)
@given(
    method=st.sampled_from(["GET", "POST", "PUT", "DELETE", "PATCH"]),
    segments=st.lists(SEGMENT, min_size=1, max_size=6),
    query=st.lists(st.tuples(st.text(alphabet=string.ascii_letters + "_-", min_size=1, max_size=8), TEXT), max_size=5),
    extra_headers=st.dictionaries(HEADER_NAME, TEXT.map(lambda text: " %s " % text), max_size=4),
    body=st.one_of(st.just(b""), st.binary(max_size=64), TEXT.map(lambda text: text.encode("utf-8"))),
    content_type=st.sampled_from(["application/json", "application/json;charset=UTF-8"]),
)
def test_signer_agrees_with_official_sdk(sdk_signer, method, segments, query, extra_headers, body, content_type):
    signer, sdk_request = sdk_signer
    lowered = {}
    headers = {
        "Content-Type": content_type,
        "Host": "cloudbuild-ext.cn-north-4.myhuaweicloud.com:8443",
        "X-Sdk-Date": "20261122T101112Z",
    }
    for name, value in extra_headers.items():
        if name.lower() not in lowered:
            lowered[name.lower()] = name
            headers[name] = value
    path = "/" + "/".join(segments)
    request = sdk_request(
        method=method,
        schema="https",
        host="cloudbuild-ext.cn-north-4.myhuaweicloud.com:8443",
        resource_path=path,
        query_params=list(query),
        header_params=dict(headers),
        body=body,
    )
    expected = signer.sign(request).header_params["Authorization"]
    assert sign(method, path, list(query), headers, body, AK, SK) == expected


def test_collection_never_imports_the_sdk():
    """The SDK is a test-only witness: nothing under plugins/ may import it."""
    plugins = os.path.join(os.path.dirname(__file__), "..", "..", "..", "..", "plugins")
    for folder, _dummy, files in os.walk(plugins):
        for name in files:
            if name.endswith(".py"):
                with open(os.path.join(folder, name), encoding="utf-8") as handle:
                    assert "huaweicloudsdk" not in handle.read(), name
