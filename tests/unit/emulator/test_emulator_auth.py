# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The gateway's authentication (AK/SK, temporary AK/SK, tokens) and the emulated IAM."""

from __future__ import annotations

import pytest
from emulator_client import (
    AK,
    DOMAIN,
    IAM_PROJECT_ID,
    NIGHTLY,
    PASSWORD,
    REGION,
    SECURITY_TOKEN,
    SK,
    TMP_AK,
    TMP_SK,
    USER,
    Client,
    sdk_date,
)

from codearts_emulator.server import Emulator

INFO = f"/v1/job/{NIGHTLY}/info"


def _refused(response, status=401, code="APIGW.0301"):
    assert response.status == status, response.body
    assert response.json()["error_code"] == code
    return response.json()["error_msg"]


def test_permanent_aksk_is_accepted(client, emulator):
    assert client.call("GET", INFO).status == 200
    entry = emulator.requests()[-1]
    assert (entry["auth"], entry["access_key"], entry["project_header"]) == ("aksk", AK, IAM_PROJECT_ID)


def test_unknown_access_key(client):
    assert "does not exist" in _refused(client.call("GET", INFO, ak="EMULATORAK9999999999"))


def test_wrong_secret_key(client):
    assert "verify aksk signature fail" in _refused(client.call("GET", INFO, sk=SK + "x"))


def test_body_and_query_are_covered(client):
    headers = client.signed_headers("GET", "/v3/c0dea7750000000000000000000000a1/jobs", "page_size=10", b"")
    assert client.send("GET", "/v3/c0dea7750000000000000000000000a1/jobs", "page_size=10", b"", headers).status == 200
    assert client.send("GET", "/v3/c0dea7750000000000000000000000a1/jobs", "page_size=20", b"", headers).status == 401
    headers = client.signed_headers("POST", f"/v3/jobs/{NIGHTLY}/disable", "", b"{}")
    assert client.send("POST", f"/v3/jobs/{NIGHTLY}/disable", "", b'{"x": 1}', headers).status == 401


@pytest.mark.parametrize("shift, accepted", [(-890, True), (890, True), (-910, False), (910, False)])
def test_sdk_date_skew(client, shift, accepted):
    response = client.call("GET", INFO, date=sdk_date(shift))
    if accepted:
        assert response.status == 200
    else:
        assert "out of range" in _refused(response)


def test_skew_is_configurable():
    with Emulator(max_skew=60) as emu:
        assert Client(emu.url).call("GET", INFO, date=sdk_date(-120)).status == 401
        assert Client(emu.url).call("GET", INFO, date=sdk_date(-30)).status == 200


def test_skew_follows_the_emulator_clock(client, emulator):
    emulator.advance_clock(3600)
    assert "out of range" in _refused(client.call("GET", INFO))
    assert client.call("GET", INFO, date=sdk_date(3600)).status == 200


@pytest.mark.parametrize("date", [None, "yesterday"])
def test_missing_or_malformed_date(client, date):
    headers = client.signed_headers("GET", INFO, "", b"")
    if date is None:
        del headers["X-Sdk-Date"]
    else:
        headers["X-Sdk-Date"] = date
    assert "X-Sdk-Date" in _refused(client.send("GET", INFO, headers=headers))


@pytest.mark.parametrize("unsigned", ["host", "x-sdk-date"])
def test_signature_must_cover_host_and_date(client, unsigned):
    assert unsigned in _refused(client.call("GET", INFO, unsigned=(unsigned,)))


def test_temporary_credentials(client, emulator):
    assert client.call("GET", INFO, ak=TMP_AK, sk=TMP_SK, security_token=SECURITY_TOKEN).status == 200
    assert emulator.requests()[-1]["auth"] == "temporary_aksk"
    assert "X-Security-Token" in _refused(client.call("GET", INFO, ak=TMP_AK, sk=TMP_SK))
    assert "X-Security-Token" in _refused(
        client.call("GET", INFO, ak=TMP_AK, sk=TMP_SK, security_token=SECURITY_TOKEN, unsigned=("x-security-token",))
    )
    assert "does not match" in _refused(client.call("GET", INFO, ak=TMP_AK, sk=TMP_SK, security_token="OTHER"))


def test_malformed_authorization(client):
    headers = {"Host": client.netloc, "Authorization": "SDK-HMAC-SHA256 nonsense", "X-Sdk-Date": sdk_date()}
    assert "malformed" in _refused(client.send("GET", INFO, headers=headers))


def test_no_credentials(client, emulator):
    _refused(client.send("GET", INFO, headers={"Host": client.netloc}))
    assert emulator.requests()[-1]["auth"] == "none"


def test_password_token_scoped_to_the_region(client):
    response = client.token()
    assert response.status == 201
    token = response.headers["X-Subject-Token"]
    body = response.json()["token"]
    assert body["project"]["id"] == IAM_PROJECT_ID and body["project"]["name"] == REGION
    assert body["user"]["name"] == USER and body["user"]["domain"]["name"] == DOMAIN
    assert body["methods"] == ["password"] and body["catalog"] == []
    assert body["expires_at"].endswith("Z") and len(body["expires_at"]) == len("2026-11-23T14:00:00.000000Z")
    assert client.call("GET", INFO, token=token).status == 200


def test_token_scoped_by_project_id(client):
    response = client.token(scope={"project": {"id": IAM_PROJECT_ID}})
    assert response.json()["token"]["project"]["name"] == REGION


def test_log_never_holds_secrets(client, emulator):
    token = client.token().headers["X-Subject-Token"]
    client.call("GET", INFO, token=token)
    log = repr(emulator.requests())
    for secret in (PASSWORD, token, SK):
        assert secret not in log
    assert emulator.requests()[0]["body"]["auth"]["identity"]["password"]["user"]["password"] == "******"


@pytest.mark.parametrize(
    "user, password, domain", [(USER, "wrong", DOMAIN), ("nobody", PASSWORD, DOMAIN), (USER, PASSWORD, "other")]
)
def test_wrong_password_is_refused_like_iam(client, user, password, domain):
    response = client.token(user=user, password=password, domain=domain)
    assert response.status == 401
    assert response.json() == {
        "error": {"code": "401", "message": "The username or password is wrong.", "title": "Unauthorized"}
    }


def test_malformed_token_request(client):
    response = client.send("POST", "/v3/auth/tokens", body=b'{"auth": {}}', headers={"Host": client.netloc})
    assert response.status == 400 and response.json()["error"]["code"] == "400"


def test_unknown_scope_project(client):
    assert client.token(scope={"project": {"name": "xx-nowhere-1"}}).status == 401


def test_token_expiry_follows_the_clock(client, emulator):
    token = client.token().headers["X-Subject-Token"]
    emulator.advance_clock(86400 - 10)
    assert client.call("GET", INFO, token=token).status == 200
    emulator.advance_clock(10)
    assert _refused(client.call("GET", INFO, token=token), code="APIGW.0307") == "The token must be updated"


def test_token_ttl_is_adjustable(client, emulator):
    emulator.set_token_ttl(60)
    response = client.token()
    token = response.headers["X-Subject-Token"]
    emulator.advance_clock(61)
    _refused(client.call("GET", INFO, token=token), code="APIGW.0307")
    assert client.token().status == 201


def test_unknown_token(client):
    _refused(client.call("GET", INFO, token="MIInot-a-token"))


def test_domain_scoped_token_is_refused_by_codearts(client):
    for scope in ({"domain": {"name": DOMAIN}}, {}):
        response = client.token(scope=scope)
        assert "project" not in response.json()["token"] and response.json()["token"]["domain"]["name"] == DOMAIN
        token = response.headers["X-Subject-Token"]
        assert "project-scoped" in _refused(client.call("GET", INFO, token=token), status=403, code="APIGW.0302")
        assert client.call("GET", "/v3/projects", token=token).status == 200


def test_list_projects_by_region(client, emulator):
    response = client.call("GET", "/v3/projects", {"name": REGION})
    assert response.status == 200
    projects = response.json()["projects"]
    assert [(project["id"], project["name"], project["enabled"]) for project in projects] == [
        (IAM_PROJECT_ID, REGION, True)
    ]
    assert projects[0]["domain_id"] == emulator.state.services["iam"].domain["id"]
    assert len(client.call("GET", "/v3/projects").json()["projects"]) == 2
    assert client.call("GET", "/v3/projects", {"name": "xx-nowhere-1"}).json()["projects"] == []
    entry = emulator.requests()[0]
    assert (entry["service"], entry["operation"], entry["query"]) == ("iam", "KeystoneListProjects", {"name": REGION})
