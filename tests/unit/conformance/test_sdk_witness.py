# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The emulator's SDK witness: every AK/SK request re-signed by the official SDK signer.

The collection's own client (CodeArtsClient with its signer, _auth.sign) must be reproduced exactly;
a request changed after signing must not; and the witness must notice when the emulator's verifier and
the SDK disagree. tests/e2e/with-emulator.sh runs the integration emulator with the witness on.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from emulator_client import (
    AK,
    IAM_PROJECT_ID,
    LOAD_PROJECT,
    NIGHTLY,
    PROJECT,
    REGION,
    SECURITY_TOKEN,
    SK,
    TMP_AK,
    TMP_SK,
    Client,
)
from sdk_operations import NIGHTLY_PIPELINE, RELEASE_PIPELINE, RUNNING_TASK, WAITING_RUN, WEB_TASK

from ansible_collections.huaweicloud.codearts.plugins.module_utils import _auth as collection_auth
from ansible_collections.huaweicloud.codearts.plugins.module_utils._auth import AkSkAuth, FileCache, TokenAuth
from ansible_collections.huaweicloud.codearts.plugins.module_utils._build import BuildJobs
from ansible_collections.huaweicloud.codearts.plugins.module_utils._check import CheckTasks
from ansible_collections.huaweicloud.codearts.plugins.module_utils._client import CodeArtsClient
from ansible_collections.huaweicloud.codearts.plugins.module_utils._errors import CodeArtsError
from ansible_collections.huaweicloud.codearts.plugins.module_utils._pipeline import Pipelines, review_steps
from codearts_emulator import signature
from codearts_emulator.server import Emulator

TESTS_DIR = Path(__file__).resolve().parents[2]
INFO = f"/v1/job/{NIGHTLY}/info"


def _collection_client(emulator, tmp_path, **auth):
    auth = {"access_key": AK, "secret_key": SK, **auth}
    return CodeArtsClient(
        AkSkAuth(cache=FileCache(str(tmp_path / "cache")), **auth),
        region=REGION,
        endpoint_url=emulator.url,
        iam_endpoint=emulator.url,
        retries=0,
    )


def _delta(before, after):
    return {key: after[key] - before[key] for key in ("checked", "matched", "mismatched", "disagreed")}


def _signed_by_the_collection(client, method, path, query_pairs, body):
    """Headers the collection's signer makes for a request (to be changed before sending)."""
    headers = {
        "Host": client.netloc,
        "Content-Type": "application/json",
        "User-Agent": "witness-test",
        "X-Project-Id": IAM_PROJECT_ID,
        "X-Sdk-Date": time.strftime(collection_auth.SDK_DATE_FORMAT, time.gmtime()),
    }
    headers["Authorization"] = collection_auth.sign(method, path, query_pairs, headers, body, AK, SK)
    return headers


@pytest.mark.parametrize(
    "auth",
    [
        {},
        {
            "iam_project_id": IAM_PROJECT_ID,
            "access_key": TMP_AK,
            "secret_key": TMP_SK,
            "security_token": SECURITY_TOKEN,
        },
    ],
    ids=["aksk", "temporary_aksk"],
)
def test_the_collections_requests_match_the_sdk(emulator, tmp_path, auth):
    before = emulator.witness()
    client = _collection_client(emulator, tmp_path, **auth)
    jobs, pipelines, tasks = BuildJobs(client), Pipelines(client), CheckTasks(client)
    assert jobs.get(NIGHTLY)["name"] == "nightly-build"
    assert len(jobs.list(LOAD_PROJECT)) == 150
    jobs.disable(NIGHTLY)
    run = pipelines.detail(PROJECT, RELEASE_PIPELINE, WAITING_RUN)
    (review,) = [step for step in review_steps(run, PROJECT, client.service_now_ms()) if step["status"] == "RUNNING"]
    pipelines.decide(review, approve=False, comment="not ok, 拒绝 ~!*() 100%")
    pipelines.stop(NIGHTLY_PIPELINE, pipelines.start(NIGHTLY_PIPELINE, {"branch": "main/é"}))
    tasks.stop(RUNNING_TASK)
    assert tasks.run(WEB_TASK, git_branch="release")
    log = emulator.requests()
    assert len(log) >= 10 and all(entry["status"] < 300 for entry in log)
    assert [entry["sdk_signature"] for entry in log] == ["match"] * len(log)
    assert _delta(before, emulator.witness()) == {
        "checked": len(log),
        "matched": len(log),
        "mismatched": 0,
        "disagreed": 0,
    }


@pytest.mark.parametrize("tamper", ["body", "query", "path", "header", "secret"])
def test_a_request_changed_after_signing_is_a_mismatch(emulator, tamper):
    client = Client(emulator.url)
    path, query, body = f"/v2/tasks/{WEB_TASK}/run", [("note", "a")], b'{"git_branch":"main"}'
    headers = _signed_by_the_collection(client, "POST", path, query, body)
    raw_query = "note=a"
    if tamper == "body":
        body = b'{"git_branch":"evil"}'
    elif tamper == "query":
        raw_query = "note=b"
    elif tamper == "path":
        path = f"/v2/tasks/{RUNNING_TASK}/run"
    elif tamper == "header":
        headers["User-Agent"] = "someone-else"
    else:
        headers["Authorization"] = collection_auth.sign(
            "POST", path, query, {k: v for k, v in headers.items() if k != "Authorization"}, body, AK, "NOT-THE-SECRET"
        )
    before = emulator.witness()
    response = client.send("POST", path, raw_query, body, headers)
    (entry,) = emulator.requests()
    assert (response.status, entry["error_code"], entry["sdk_signature"]) == (401, "APIGW.0301", "mismatch")
    assert _delta(before, emulator.witness()) == {"checked": 1, "matched": 0, "mismatched": 1, "disagreed": 0}
    mismatch = emulator.witness()["mismatches"][-1]
    assert mismatch == {
        "request_id": entry["request_id"],
        "method": "POST",
        "path": path,
        "operation": "RunTask",
        "access_key": AK,
        "sdk_signature": "mismatch",
        "emulator_signature": "invalid",
        "disagreement": False,
        "reason": "the SDK computes another signature",
    }


def test_an_unsigned_header_the_request_claims_is_a_mismatch(emulator):
    client = Client(emulator.url)
    headers = client.signed_headers("GET", INFO, "", b"", extra={"X-Extra": "x"})
    del headers["X-Extra"]
    assert client.send("GET", INFO, headers=headers).status == 401
    assert emulator.witness()["mismatches"][-1]["reason"] == (
        "the SDK signs the headers content-type;host;user-agent;x-project-id;x-sdk-date, the request signed "
        "content-type;host;user-agent;x-extra;x-project-id;x-sdk-date"
    )


def test_the_witness_reports_when_the_emulator_and_the_sdk_disagree(sdk, monkeypatch):  # pylint: disable=unused-argument
    """A verifier bug (here: one that accepts anything) is exactly what the witness exists to catch."""
    monkeypatch.setattr(signature, "verify_signature", lambda *args: True)
    with Emulator(sdk_witness=True) as emu:
        client = Client(emu.url)
        headers = client.signed_headers("GET", INFO, "", b"")
        assert client.send("GET", INFO, "x=1", headers=headers).status == 200
        assert client.call("GET", INFO).status == 200
        witness = emu.witness()
    assert {key: witness[key] for key in ("checked", "matched", "mismatched", "disagreed")} == {
        "checked": 2,
        "matched": 1,
        "mismatched": 1,
        "disagreed": 1,
    }
    assert [
        (entry["sdk_signature"], entry["emulator_signature"], entry["disagreement"]) for entry in witness["mismatches"]
    ] == [("mismatch", "valid", True)]


def test_what_the_witness_does_not_check(emulator, tmp_path):
    before = emulator.witness()
    token = Client(emulator.url).token().headers["X-Subject-Token"]
    client = CodeArtsClient(TokenAuth(token), region=REGION, endpoint_url=emulator.url)
    assert BuildJobs(client).get(NIGHTLY)["name"] == "nightly-build"
    with pytest.raises(CodeArtsError):
        _collection_client(emulator, tmp_path, access_key="UNKNOWNAK", iam_project_id=IAM_PROJECT_ID).get("build", INFO)
    Client(emulator.url).send("GET", INFO, headers={"Authorization": "SDK-HMAC-SHA256 nonsense", "Host": "x"})
    assert [(entry["auth"], entry["sdk_signature"]) for entry in emulator.requests()] == [
        ("none", None),
        ("token", None),
        ("aksk", None),
        ("aksk", None),
    ]
    assert emulator.witness() == before


def test_the_witness_outlives_resets_and_is_served_over_http(emulator):
    Client(emulator.url).call("GET", INFO)
    before = emulator.witness()
    emulator.reset()
    Client(emulator.url).call("GET", INFO)
    with urllib.request.urlopen(f"{emulator.url}/_emulator/witness", timeout=10) as answer:
        served = json.load(answer)
    assert (
        served["enabled"] is True
        and served["checked"] == before["checked"] + 1
        and served["mismatched"] == before["mismatched"]
    )
    assert emulator.requests()[0]["seq"] == 1


def test_without_the_witness_nothing_is_checked():
    with Emulator() as emu:
        assert Client(emu.url).call("GET", INFO).status == 200
        assert emu.requests()[0]["sdk_signature"] is None
        with urllib.request.urlopen(f"{emu.url}/_emulator/witness", timeout=10) as answer:
            assert json.load(answer) == {
                "enabled": False,
                "checked": 0,
                "matched": 0,
                "mismatched": 0,
                "disagreed": 0,
                "mismatches": [],
            }


def _python(code, home, *args):
    env = {
        **os.environ,
        "HOME": str(home),
        "PYTHONPATH": os.pathsep.join(filter(None, [str(TESTS_DIR), os.environ.get("PYTHONPATH")])),
    }
    return subprocess.run(
        [sys.executable, "-c", code, *args], env=env, capture_output=True, text=True, timeout=60, check=False
    )


def test_the_emulator_imports_the_sdk_only_for_the_witness_and_writes_nothing_home(sdk, tmp_path):  # pylint: disable=unused-argument
    code = """if True:
        import sys
        from codearts_emulator.server import Emulator
        Emulator()
        assert not [name for name in sys.modules if name.startswith('huaweicloudsdk')]
        Emulator(sdk_witness=True)
        assert 'huaweicloudsdkcore.signer.signer' in sys.modules
        assert 'huaweicloudsdkcore.http.user_agent' not in sys.modules
        print('ok')
    """
    result = _python(code, tmp_path)
    assert (result.returncode, result.stdout.strip()) == (0, "ok"), result.stderr
    assert not list(tmp_path.iterdir()), "the witness wrote into HOME"


def test_the_witness_needs_the_sdk(tmp_path):
    code = """if True:
        import sys
        sys.modules['huaweicloudsdkcore'] = None  # as if it were not installed
        from codearts_emulator.__main__ import main
        sys.exit(main(['--sdk-witness', '--port', '0']))
    """
    result = _python(code, tmp_path)
    assert result.returncode == 2 and "the SDK witness needs the official Huawei Cloud SDK" in result.stderr


def test_the_command_line_switches_the_witness_on(sdk, tmp_path):  # pylint: disable=unused-argument
    env = {
        **os.environ,
        "HOME": str(tmp_path),
        "PYTHONPATH": os.pathsep.join(filter(None, [str(TESTS_DIR), os.environ.get("PYTHONPATH")])),
    }
    with subprocess.Popen(
        [sys.executable, "-m", "codearts_emulator", "--port", "0", "--sdk-witness"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as process:
        try:
            url = process.stdout.readline().strip()
            assert Client(url).call("GET", INFO).status == 200
            with urllib.request.urlopen(f"{url}/_emulator/witness", timeout=10) as answer:
                assert {key: value for key, value in json.load(answer).items() if key != "mismatches"} == {
                    "enabled": True,
                    "checked": 1,
                    "matched": 1,
                    "mismatched": 0,
                    "disagreed": 0,
                }
        finally:
            process.terminate()
            process.communicate(timeout=10)
