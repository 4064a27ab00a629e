# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import json
import os
import stat
import sys
from pathlib import Path

import pytest

from ansible_collections.huaweicloud.codearts.plugins.module_utils._auth import (
    AkSkAuth,
    PasswordAuth,
    TokenAuth,
    resolve_auth,
)
from ansible_collections.huaweicloud.codearts.plugins.module_utils._client import CodeArtsClient
from ansible_collections.huaweicloud.codearts.plugins.module_utils._errors import CodeArtsError
from ansible_collections.huaweicloud.codearts.plugins.module_utils._module import (
    client_from_params,
    codearts_argument_spec,
)

NOW = 1_790_000_000.0  # 2026-09-21, before TOKEN_BODY's expiry
TOKEN_BODY = {"token": {"expires_at": "2027-01-15T08:00:00.000000Z", "methods": ["password"]}}


@pytest.mark.parametrize(
    "params, kind",
    [
        ({"access_key": "AK", "secret_key": "SK"}, AkSkAuth),
        ({"access_key": "AK", "secret_key": "SK", "security_token": "ST"}, AkSkAuth),
        ({"auth_token": "T"}, TokenAuth),
        ({"user_name": "u", "password": "p", "domain_name": "d"}, PasswordAuth),
    ],
)
def test_each_way_to_authenticate_resolves(params, kind):
    assert isinstance(resolve_auth(params), kind)


@pytest.mark.parametrize(
    "params, message",
    [
        ({}, "No credentials"),
        ({"access_key": "AK"}, "access_key and secret_key are required together"),
        ({"secret_key": "SK"}, "access_key and secret_key are required together"),
        ({"security_token": "ST"}, "access_key and secret_key are required together"),
        ({"user_name": "u", "password": "p"}, "missing: domain_name"),
        (
            {"access_key": "AK", "secret_key": "SK", "auth_token": "T"},
            r"several ways to authenticate are set \(access_key, secret_key; auth_token\)",
        ),
        ({"auth_token": "T", "password": "p"}, "several ways"),
    ],
)
def test_unclear_credentials_fail_before_any_request(params, message):
    with pytest.raises(CodeArtsError, match=message) as failure:
        resolve_auth(params)
    for secret in ("SK", "ST", "T", "p"):
        assert "=%s" % secret not in str(failure.value)


def test_secrets_are_no_log_and_env_fallbacks_are_those_users_have():
    spec = codearts_argument_spec()
    assert {name for name, option in spec.items() if option.get("no_log")} == {
        "secret_key",
        "security_token",
        "auth_token",
        "password",
    }
    assert spec["access_key"]["fallback"][1] == ["HUAWEICLOUD_SDK_AK", "CLOUD_SDK_AK", "HW_ACCESS_KEY"]
    assert spec["iam_project_id"]["fallback"][1] == ["HUAWEICLOUD_SDK_PROJECT_ID", "HW_PROJECT_ID"]
    assert spec["validate_certs"]["default"] is True


def test_client_from_params_checks_numbers_before_any_request():
    with pytest.raises(CodeArtsError, match="timeout must be a positive"):
        client_from_params({"auth_token": "T", "region": "r", "timeout": 0})
    with pytest.raises(CodeArtsError, match="retries must be zero or more"):
        client_from_params({"auth_token": "T", "region": "r", "retries": -1})


def test_temporary_credentials_sign_the_security_token(make_client, make_response, cache):
    client = make_client(
        make_response(200, {}), auth=AkSkAuth("AK", "SK", "SECURITY", iam_project_id="p1", cache=cache)
    )
    client.get("build", "/v1/job/{job_id}/info", {"job_id": "a"})
    headers = client.session.calls[0]["headers"]
    assert headers["X-Security-Token"] == "SECURITY"
    assert (
        "SignedHeaders=content-type;host;user-agent;x-project-id;x-sdk-date;x-security-token,"
        in headers["Authorization"]
    )


def test_iam_project_id_is_looked_up_once_and_cached(make_client, make_response, cache):
    projects = {"projects": [{"id": "iamproject0001", "name": "cn-north-4"}]}
    client = make_client(
        make_response(200, projects),
        make_response(200, {}),
        make_response(200, {}),
        auth=AkSkAuth("AK", "SK", cache=cache),
    )
    client.get("build", "/v1/job/{job_id}/info", {"job_id": "a"})
    client.get("build", "/v1/job/{job_id}/info", {"job_id": "b"})
    lookup, first, second = client.session.calls
    assert lookup["url"] == "https://iam.cn-north-4.myhuaweicloud.com/v3/projects?name=cn-north-4"
    assert "X-Project-Id" not in lookup["headers"]
    assert first["headers"]["X-Project-Id"] == second["headers"]["X-Project-Id"] == "iamproject0001"
    again = make_client(make_response(200, {}), auth=AkSkAuth("AK", "SK", cache=cache))
    again.get("build", "/v1/job/{job_id}/info", {"job_id": "a"})
    assert len(again.session.calls) == 1, "a second task reads the project ID from the cache"


def test_iam_without_such_project_fails_clearly(make_client, make_response, cache):
    client = make_client(make_response(200, {"projects": []}), auth=AkSkAuth("AK", "SK", cache=cache))
    with pytest.raises(CodeArtsError, match="IAM has no project named 'cn-north-4'"):
        client.get("build", "/v1/job/{job_id}/info", {"job_id": "a"})


def _password(cache, clock=lambda: NOW, project=None):
    return PasswordAuth("alice", "s3cret", "acme", iam_project_id=project, cache=cache, clock=clock)


def test_password_token_is_fetched_once_and_cached_privately(make_client, make_response, cache):
    token = make_response(201, TOKEN_BODY, headers={"X-Subject-Token": "TOKEN-1"})
    client = make_client(token, make_response(200, {}), make_response(200, {}), auth=_password(cache))
    client.get("build", "/v1/job/{job_id}/info", {"job_id": "a"})
    client.get("build", "/v1/job/{job_id}/info", {"job_id": "b"})
    issue, first, second = client.session.calls
    assert issue["url"] == "https://iam.cn-north-4.myhuaweicloud.com/v3/auth/tokens"
    assert "Authorization" not in issue["headers"] and "X-Auth-Token" not in issue["headers"]
    request = json.loads(issue["data"])
    assert request["auth"]["scope"] == {"project": {"name": "cn-north-4"}}
    assert request["auth"]["identity"]["password"]["user"] == {
        "name": "alice",
        "password": "s3cret",
        "domain": {"name": "acme"},
    }
    assert first["headers"]["X-Auth-Token"] == second["headers"]["X-Auth-Token"] == "TOKEN-1"

    files = [name for name in os.listdir(cache.directory) if name.endswith(".json")]
    assert len(files) == 1
    assert stat.S_IMODE(os.stat(os.path.join(cache.directory, files[0])).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(cache.directory).st_mode) == 0o700
    with open(os.path.join(cache.directory, files[0]), encoding="utf-8") as handle:
        assert "s3cret" not in handle.read()

    next_task = make_client(make_response(200, {}), auth=_password(cache))
    next_task.get("build", "/v1/job/{job_id}/info", {"job_id": "a"})
    assert [call["headers"].get("X-Auth-Token") for call in next_task.session.calls] == ["TOKEN-1"]


def test_token_scope_follows_iam_project_id(make_client, make_response, cache):
    client = make_client(
        make_response(201, TOKEN_BODY, headers={"X-Subject-Token": "T"}),
        make_response(200, {}),
        auth=_password(cache, project="proj42"),
    )
    client.get("build", "/v1/job/{job_id}/info", {"job_id": "a"})
    assert json.loads(client.session.calls[0]["data"])["auth"]["scope"] == {"project": {"id": "proj42"}}


def test_token_near_expiry_is_renewed(make_client, make_response, cache):
    expires = 1_800_000_300.0  # 2027-01-15T08:05:00Z
    soon = {"token": {"expires_at": "2027-01-15T08:05:00.000000Z"}}
    first = make_client(
        make_response(201, soon, headers={"X-Subject-Token": "OLD"}),
        make_response(200, {}),
        auth=_password(cache, clock=lambda: expires - 601),
    )
    first.get("build", "/v1/job/{job_id}/info", {"job_id": "a"})
    still_valid = make_client(make_response(200, {}), auth=_password(cache, clock=lambda: expires - 601))
    still_valid.get("build", "/v1/job/{job_id}/info", {"job_id": "a"})
    assert still_valid.session.calls[0]["headers"]["X-Auth-Token"] == "OLD"
    late = make_client(
        make_response(201, TOKEN_BODY, headers={"X-Subject-Token": "NEW"}),
        make_response(200, {}),
        auth=_password(cache, clock=lambda: expires - 300),
    )
    late.get("build", "/v1/job/{job_id}/info", {"job_id": "a"})
    assert late.session.calls[1]["headers"]["X-Auth-Token"] == "NEW"


def test_refused_cached_token_is_dropped_and_fetched_again_once(make_client, make_response, cache):
    client = make_client(
        make_response(201, TOKEN_BODY, headers={"X-Subject-Token": "REVOKED"}),
        make_response(401, {"error_code": "APIGW.0307", "error_msg": "The token must be updated."}),
        make_response(201, TOKEN_BODY, headers={"X-Subject-Token": "FRESH"}),
        make_response(200, {"ok": True}),
        auth=_password(cache),
    )
    assert client.get("build", "/v1/job/{job_id}/info", {"job_id": "a"}) == {"ok": True}
    assert [call["headers"].get("X-Auth-Token") for call in client.session.calls] == [None, "REVOKED", None, "FRESH"]


def test_wrong_password_is_a_clear_error_without_the_password(make_client, make_response, cache):
    refused = make_response(
        401, {"error": {"code": "401", "message": "The username or password is wrong.", "title": "Unauthorized"}}
    )
    client = make_client(refused, auth=_password(cache))
    with pytest.raises(CodeArtsError) as failure:
        client.get("build", "/v1/job/{job_id}/info", {"job_id": "a"})
    error = failure.value
    assert (
        error.message == "POST /v3/auth/tokens failed with HTTP 401 (Unauthorized): The username or password is wrong."
    )
    assert error.code is None  # IAM's "code" here only repeats the HTTP status
    assert all(option in error.hint for option in ("user_name", "password", "domain_name", "locks"))
    assert "access_key" not in error.hint
    assert "s3cret" not in str(error)


def test_iams_own_error_code_is_kept(make_client, make_response, cache):
    refused = make_response(
        401, {"error_code": "IAM.0101", "error_msg": "The username or password is wrong.", "request_id": "r1"}
    )
    with pytest.raises(CodeArtsError) as failure:
        make_client(refused, auth=_password(cache)).get("build", "/v1/job/{job_id}/info", {"job_id": "a"})
    assert failure.value.code == "IAM.0101" and "HTTP 401 IAM.0101:" in failure.value.message
    assert "domain_name" in failure.value.hint


def test_token_answer_without_subject_token_fails(make_client, make_response, cache):
    client = make_client(make_response(201, TOKEN_BODY), auth=_password(cache))
    with pytest.raises(CodeArtsError, match="without an X-Subject-Token header"):
        client.get("build", "/v1/job/{job_id}/info", {"job_id": "a"})


def test_unwritable_cache_is_skipped(make_client, make_response, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    cache = type(make_client().auth.cache)(str(blocker / "cache"))
    client = make_client(
        make_response(201, TOKEN_BODY, headers={"X-Subject-Token": "T"}), make_response(200, {}), auth=_password(cache)
    )
    assert client.get("build", "/v1/job/{job_id}/info", {"job_id": "a"}) == {}


@pytest.fixture(name="emulator")
def emulator_fixture():
    """The collection's emulator (tests/codearts_emulator) on a free port: a real IAM that checks passwords."""
    tests = str(Path(__file__).resolve().parents[3])
    if tests not in sys.path:
        sys.path.insert(0, tests)
    from codearts_emulator.server import Emulator  # pylint: disable=import-outside-toplevel

    with Emulator() as emu:
        yield emu


def _emulator_task(emulator, cache, password, user="demo-user", **auth_options):
    """One task's client against the emulator, with a password and the real on-disk cache."""
    auth = PasswordAuth(user, password, "demo-domain", cache=cache, **auth_options)
    return CodeArtsClient(auth, region="cn-north-4", endpoint_url=emulator.url, iam_endpoint=emulator.url, retries=0)


def _token_requests(emulator):
    return [entry for entry in emulator.requests() if entry["operation"] == "KeystoneCreateUserTokenByPassword"]


def _read_job(client):
    return client.get("build", "/v1/job/{job_id}/info", {"job_id": "b1d0000000000000000000000000000a"})


def test_wrong_password_is_never_answered_from_the_cache(emulator, cache):
    assert _read_job(_emulator_task(emulator, cache, "demo-password"))
    emulator.clear_requests()
    with pytest.raises(CodeArtsError, match="POST /v3/auth/tokens failed with HTTP 401") as failure:
        _read_job(_emulator_task(emulator, cache, "WRONG-PASSWORD"))
    assert "WRONG-PASSWORD" not in str(failure.value)
    assert [entry["status"] for entry in _token_requests(emulator)] == [401], "IAM was asked, and refused"
    assert [entry["operation"] for entry in emulator.requests()] == ["KeystoneCreateUserTokenByPassword"]

    emulator.clear_requests()
    assert _read_job(_emulator_task(emulator, cache, "demo-password"))
    assert not _token_requests(emulator), "the good entry survived the wrong password: no new token request"
    assert [entry["auth"] for entry in emulator.requests()] == ["token"]


def test_cache_entries_are_keyed_on_the_whole_credential(emulator, cache):
    """User, password, domain, IAM endpoint and scope each give their own entry."""
    _read_job(_emulator_task(emulator, cache, "demo-password"))
    _read_job(_emulator_task(emulator, cache, "demo-password", iam_project_id="0123456789abcdef0123456789abcdef"))
    assert len(_token_requests(emulator)) == 2
    first = PasswordAuth("demo-user", "demo-password", "demo-domain", cache=cache)
    keys = {first.cache_path(_emulator_task(emulator, cache, "x"))}
    for other in ({"user": "u2"}, {"password": "p2"}, {"domain": "d2"}, {"project": "p" * 32}):
        auth = PasswordAuth(
            other.get("user", "demo-user"),
            other.get("password", "demo-password"),
            other.get("domain", "demo-domain"),
            iam_project_id=other.get("project"),
            cache=cache,
        )
        keys.add(auth.cache_path(_emulator_task(emulator, cache, "x")))
    keys.add(first.cache_path(CodeArtsClient(first, region="cn-north-4", iam_endpoint="https://iam.example")))
    assert len(keys) == 6


def test_project_id_lookup_is_not_shared_across_secret_keys(make_client, make_response, cache):
    projects = {"projects": [{"id": "iamproject0001", "name": "cn-north-4"}]}
    good = make_client(make_response(200, projects), make_response(200, {}), auth=AkSkAuth("AK", "SK", cache=cache))
    good.get("build", "/v1/job/{job_id}/info", {"job_id": "a"})
    refused = make_response(401, {"error_code": "APIGW.0301", "error_msg": "Incorrect IAM authentication information"})
    wrong = make_client(refused, auth=AkSkAuth("AK", "WRONG-SK", cache=cache))
    with pytest.raises(CodeArtsError, match="HTTP 401"):
        wrong.get("build", "/v1/job/{job_id}/info", {"job_id": "a"})
    assert wrong.session.calls[0]["url"].endswith("/v3/projects?name=cn-north-4"), "a wrong secret key asks IAM again"
    again = make_client(make_response(200, {}), auth=AkSkAuth("AK", "SK", cache=cache))
    again.get("build", "/v1/job/{job_id}/info", {"job_id": "a"})
    assert len(again.session.calls) == 1


def test_cache_holds_only_the_token_and_its_expiry_privately(emulator, cache):
    _read_job(_emulator_task(emulator, cache, "demo-password"))
    with pytest.raises(CodeArtsError):
        _read_job(_emulator_task(emulator, cache, "WRONG-PASSWORD-0001"))
    aksk = AkSkAuth("EMULATORAK0000000001", "EMULATORSK00000000000000000000000000000001", cache=cache)
    CodeArtsClient(aksk, region="cn-north-4", endpoint_url=emulator.url, iam_endpoint=emulator.url).get(
        "build", "/v1/job/{job_id}/info", {"job_id": "b1d0000000000000000000000000000a"}
    )

    assert stat.S_IMODE(os.stat(cache.directory).st_mode) == 0o700
    names = sorted(os.listdir(cache.directory))
    entries = [name for name in names if name.endswith(".json")]
    assert len(entries) == 2, (
        names
    )  # the good password's token and the AK/SK's project ID: nothing for the wrong password
    contents = {}
    for name in names:
        assert stat.S_IMODE(os.stat(os.path.join(cache.directory, name)).st_mode) == 0o600, name
        with open(os.path.join(cache.directory, name), encoding="utf-8") as handle:
            contents[name] = handle.read()
        for clear in ("demo-password", "WRONG-PASSWORD-0001", "demo-user", "demo-domain", "EMULATORSK", "EMULATORAK"):
            assert clear not in contents[name] and clear not in name, (clear, name)
    kept = sorted(sorted(json.loads(contents[name])) for name in entries)
    assert kept == [["expires_at", "token"], ["id"]]
