# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Routing, response headers, the request log, the admin API, fault injection and concurrency."""

from __future__ import annotations

import email.utils
import http.client
import json
import re
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from emulator_client import AK, IAM_PROJECT_ID, LOAD_PROJECT, NIGHTLY, PROJECT, RELEASE, Client

from codearts_emulator.server import Emulator

INFO = f"/v1/job/{NIGHTLY}/info"


def _admin(client, method, path, body=None):
    data = json.dumps(body).encode() if body is not None else b""
    return client.send(method, f"/_emulator/{path}", body=data, headers={"Host": client.netloc})


def test_every_answer_has_a_request_id_and_json_type(client):
    ids = set()
    for response in (client.call("GET", INFO), client.call("GET", "/nowhere"), _admin(client, "GET", "state")):
        assert re.fullmatch("[0-9a-f]{32}", response.headers["X-Request-Id"])
        assert response.headers["Content-Type"] == "application/json;charset=UTF-8"
        ids.add(response.headers["X-Request-Id"])
    assert len(ids) == 3


def test_the_date_header_is_the_emulator_clock(client, emulator):
    """A cloud's answers carry its own time; the emulator's, once its clock is moved on, carry that."""
    emulator.advance_clock(8 * 3600)
    served = email.utils.parsedate_to_datetime(_admin(client, "GET", "state").headers["Date"]).timestamp()
    assert abs(served - emulator.now()) < 2 and served - time.time() > 8 * 3600 - 2


def test_unknown_path_is_apigw_0101_before_authentication(client, emulator):
    response = client.send("GET", "/v3/nowhere", headers={"Host": client.netloc})
    assert response.status == 404
    assert response.json() == {
        "error_code": "APIGW.0101",
        "error_msg": "The API does not exist or has not been published in the environment",
    }
    entry = emulator.requests()[-1]
    assert (entry["service"], entry["operation"], entry["status"], entry["error_code"]) == (
        None,
        None,
        404,
        "APIGW.0101",
    )


def test_wrong_method_is_405(client, emulator):
    response = client.call("DELETE", f"/v3/jobs/{NIGHTLY}/recover")
    assert response.status == 405 and response.headers["Allow"] == "POST"
    assert response.json()["error_code"] == "APIGW.0101"
    assert emulator.requests()[-1]["service"] == "build"


def test_any_host_header_is_accepted(client):
    headers = client.signed_headers("GET", INFO, "", b"", extra={"Host": "cloudbuild-ext.cn-north-4.myhuaweicloud.com"})
    assert client.send("GET", INFO, headers=headers).status == 200


def test_request_log_entry(client, emulator):
    response = client.call("POST", f"/v3/jobs/{NIGHTLY}/disable", body={"reason": "x"})
    client.call("GET", f"/v3/{PROJECT}/jobs", {"page_index": 0, "page_size": 5})
    first, second = emulator.requests()
    assert first == {
        "seq": 1,
        "method": "POST",
        "path": f"/v3/jobs/{NIGHTLY}/disable",
        "query": {},
        "service": "build",
        "operation": "DisableBuildJob",
        "write": True,
        "auth": "aksk",
        "access_key": AK,
        "project_header": IAM_PROJECT_ID,
        "body": {"reason": "x"},
        "status": 200,
        "error_code": None,
        "request_id": response.headers["X-Request-Id"],
        "fault": None,
        "served": True,
        "service_status": 200,
        "sdk_signature": None,
    }
    assert (second["seq"], second["query"], second["write"]) == (2, {"page_index": "0", "page_size": "5"}, False)


def test_admin_api_is_not_logged_and_clears_the_log(client, emulator):
    client.call("GET", INFO)
    log = _admin(client, "GET", "requests").json()
    assert [entry["operation"] for entry in log] == ["ShowJobInfo"]
    assert _admin(client, "DELETE", "requests").status == 204
    assert _admin(client, "GET", "requests").json() == [] and emulator.requests() == []


def test_admin_reset_restores_the_seed_or_takes_a_new_one(client, emulator):
    client.call("POST", f"/v3/jobs/{NIGHTLY}/disable")
    _admin(client, "POST", "faults", {"path": "nowhere", "status": 500})
    _admin(client, "POST", "clock", {"advance": 100})
    assert _admin(client, "POST", "reset").status == 204
    state = _admin(client, "GET", "state").json()
    assert state["faults"] == [] and state["clock"]["offset"] == 0 and emulator.requests() == []
    assert next(job for job in state["build"]["jobs"] if job["id"] == NIGHTLY)["disabled"] is False

    seed = _admin(client, "GET", "state").json()
    new_seed = {
        "iam": {
            "domain": seed["iam"]["domain"],
            "projects": seed["iam"]["projects"],
            "users": [{"name": "demo-user", "password": "demo-password"}],
        },
        "credentials": [{"access_key": AK, "secret_key": "EMULATORSK00000000000000000000000000000001"}],
        "build": {"jobs": [{"id": RELEASE, "job_name": "only-job", "project_id": PROJECT}]},
    }
    assert _admin(client, "POST", "reset", new_seed).status == 204
    assert [job["job_name"] for job in client.call("GET", f"/v3/{PROJECT}/jobs", {"page_size": 10}).json()["jobs"]] == [
        "only-job"
    ]
    _admin(client, "POST", "reset")
    assert client.call("GET", f"/v3/{PROJECT}/jobs", {"page_size": 10}).json()["total"] > 1


def test_admin_clock_and_token_ttl(client, emulator):
    before = emulator.state.clock.now()
    response = _admin(client, "POST", "clock", {"advance": 7200})
    assert response.status == 200 and response.json()["now"].endswith("Z")
    assert emulator.state.clock.now() - before >= 7200
    assert _admin(client, "POST", "clock", {"advance": -1}).status == 400
    assert _admin(client, "POST", "tokens", {"ttl": 5}).status == 204
    assert emulator.snapshot()["tokens"]["ttl"] == 5


@pytest.mark.parametrize(
    "method, path, body, status",
    [
        ("GET", "nothing", None, 404),
        ("GET", "faults", None, 405),
        ("POST", "faults", {"path": "x"}, 400),
        ("POST", "faults", {"path": "x", "status": 500, "colour": "red"}, 400),
        ("POST", "faults", {"path": "(", "status": 500}, 400),
        ("POST", "faults", {"path": "x", "drop": True, "status": 500}, 400),
        ("POST", "clock", {}, 400),
        ("POST", "tokens", {"ttl": 0}, 400),
        ("POST", "reset", {"iam": []}, 400),
    ],
)
def test_admin_refuses_bad_input(client, method, path, body, status):
    response = _admin(client, method, path, body)
    assert response.status == status and response.json()["error_code"] == f"EMULATOR.{status}"


def test_fault_status_with_retry_after_then_normal_service(client, emulator):
    spec = {
        "method": "GET",
        "path": r"/info$",
        "count": 2,
        "status": 503,
        "error_code": "APIGW.0503",
        "error_msg": "Service unavailable",
        "headers": {"Retry-After": "0"},
    }
    assert _admin(client, "POST", "faults", spec).status == 201
    for _attempt in range(2):
        response = client.call("GET", INFO)
        assert response.status == 503 and response.headers["Retry-After"] == "0"
        assert response.json() == {"error_code": "APIGW.0503", "error_msg": "Service unavailable"}
    assert client.call("GET", INFO).status == 200
    assert [(entry["fault"], entry["status"], entry["error_code"]) for entry in emulator.requests()] == [
        ("response", 503, "APIGW.0503"),
        ("response", 503, "APIGW.0503"),
        (None, 200, None),
    ]


def test_faults_come_before_authentication(client):
    _admin(client, "POST", "faults", {"path": "info", "status": 429})
    response = client.send("GET", INFO, headers={"Host": client.netloc})
    assert response.status == 429 and response.json()["error_code"] == "EMULATOR.FAULT"


def test_fault_method_filter_and_order(client, emulator):
    emulator.add_fault(method="POST", path="/v3/jobs/", status=500)
    emulator.add_fault(path="/v3/jobs/", status=502)
    assert client.call("GET", f"/v3/{PROJECT}/jobs", {"page_size": 1}).status == 200
    assert client.call("POST", f"/v3/jobs/{NIGHTLY}/disable").status == 500
    assert client.call("POST", f"/v3/jobs/{NIGHTLY}/disable").status == 502
    assert client.call("POST", f"/v3/jobs/{NIGHTLY}/disable").status == 200
    assert emulator.snapshot()["faults"] == []


def test_fault_delay_then_normal_answer(client, emulator):
    emulator.add_fault(path="info", delay=0.3)
    started = time.monotonic()
    assert client.call("GET", INFO).status == 200
    assert time.monotonic() - started >= 0.3
    assert emulator.requests()[-1]["fault"] == "delay"


def test_fault_drop_closes_without_answer(client, emulator):
    emulator.add_fault(path="info", drop=True)
    with pytest.raises((http.client.RemoteDisconnected, ConnectionError)):
        client.call("GET", INFO)
    entry = emulator.requests()[-1]
    assert (entry["fault"], entry["status"]) == ("drop", None)
    assert client.call("GET", INFO).status == 200


def test_fault_drop_after_apply_loses_the_answer_of_a_write_that_took_effect(client, emulator):
    emulator.add_fault(path="delete$", drop=True, apply=True)
    with pytest.raises((http.client.RemoteDisconnected, ConnectionError)):
        client.call("POST", f"/v3/jobs/{NIGHTLY}/delete")
    entry = emulator.requests()[-1]
    assert (entry["operation"], entry["fault"], entry["status"]) == ("DeleteBuildJob", "drop", None)
    assert (entry["served"], entry["service_status"]) == (True, 200)
    assert client.call("GET", INFO).status == 422, "the job was deleted all the same"


def test_fault_apply_with_a_gateway_error_a_late_answer_or_a_cut_one(client, emulator):
    emulator.add_fault(path="disable$", apply=True, status=502)
    assert client.call("POST", f"/v3/jobs/{NIGHTLY}/disable").status == 502
    assert client.call("GET", INFO).json()["result"]["disabled"] is True, "disabled behind the 502"
    emulator.add_fault(path="recover$", apply=True, truncate=4)
    with pytest.raises((http.client.IncompleteRead, ConnectionError)):
        client.call("POST", f"/v3/jobs/{NIGHTLY}/recover")
    assert client.call("GET", INFO).json()["result"]["disabled"] is False, "the service's own answer was cut"
    emulator.add_fault(path="info$", apply=True, delay=0.2)
    assert client.call("GET", INFO).status == 200
    log = emulator.requests()
    assert [
        (e["fault"], e["status"], e["served"], e["service_status"]) for e in log if e["operation"] != "ShowJobInfo"
    ] == [("response", 502, True, 200), ("response", 200, True, 200)]
    assert (log[-1]["fault"], log[-1]["served"]) == ("delay", True)
    emulator.add_fault(path="info$", status=500)
    assert client.call("GET", INFO).status == 500
    assert (emulator.requests()[-1]["served"], emulator.requests()[-1]["service_status"]) == (False, None)


def test_fault_error_inside_http_200(client, emulator):
    emulator.add_fault(path="recover", status=200, error_code="DEVCB.00031500", error_msg="busy")
    response = client.call("POST", f"/v3/jobs/{NIGHTLY}/recover")
    assert (response.status, response.json()) == (200, {"error_code": "DEVCB.00031500", "error_msg": "busy"})
    assert emulator.requests()[-1]["error_code"] == "DEVCB.00031500"


def test_fault_literal_v1_failure_body(client, emulator):
    body = {"status": "fail", "error": {"error_code": "DEVCB.00031006", "error_msg": "gone"}, "result": None}
    emulator.add_fault(path="check/disable", body=body)
    response = client.call("GET", f"/v1/job/{NIGHTLY}/check/disable")
    assert (response.status, response.json()) == (200, body)
    assert emulator.requests()[-1]["error_code"] == "DEVCB.00031006"


def test_parallel_clients_are_served_concurrently(emulator):
    emulator.add_fault(path="running-status", delay=0.5, count=8)

    def one(index):
        client = Client(emulator.url)
        if index < 8:
            return client.call("GET", f"/v1/job/{NIGHTLY}/running-status").status
        return client.call("GET", f"/v3/{LOAD_PROJECT}/jobs", {"page_index": index % 2, "page_size": 100}).status

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=24) as pool:
        statuses = list(pool.map(one, range(48)))
    # Eight half-second delays in parallel, not in series.
    assert time.monotonic() - started < 3
    assert statuses == [200] * 48
    log = emulator.requests()
    assert sorted(entry["seq"] for entry in log) == list(range(1, 49))
    assert len({entry["request_id"] for entry in log}) == 48


def test_keep_alive_connection_serves_several_requests(client):
    connection = http.client.HTTPConnection(client.netloc, timeout=5)
    try:
        for _attempt in range(3):
            connection.request("GET", INFO, headers=client.signed_headers("GET", INFO, "", b""))
            response = connection.getresponse()
            assert response.status == 200 and json.loads(response.read())["result"]["id"] == NIGHTLY
    finally:
        connection.close()


def test_python_api_mirrors_admin(emulator):
    assert emulator.add_fault(path="x", status=500)["count"] == 1
    emulator.clear_faults()
    assert emulator.snapshot()["faults"] == []
    emulator.reset({**emulator.state.seed, "build": {"jobs": []}})
    assert emulator.snapshot()["build"]["jobs"] == []
    emulator.reset()
    assert emulator.snapshot()["build"]["jobs"]
    with pytest.raises(ValueError):
        emulator.set_token_ttl(0)


def test_latency_delays_every_api_answer_side_by_side_not_the_admin_api(emulator):
    """A network's round trip: each API answer waits the latency, the requests in flight wait together."""
    assert _admin(Client(emulator.url), "POST", "latency", {"seconds": 0.4}).status == 204
    started = time.monotonic()
    assert Client(emulator.url).call("GET", INFO).status == 200
    assert time.monotonic() - started >= 0.4
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(lambda _index: Client(emulator.url).call("GET", INFO).status, range(8)))
    # Eight answers of 0.4 s each side by side: well under the 3.2 s they would take one after another.
    assert statuses == [200] * 8 and time.monotonic() - started < 2.8
    emulator.set_latency(2.0)
    started = time.monotonic()
    assert _admin(Client(emulator.url), "GET", "state").status == 200
    assert time.monotonic() - started < 2.0, "the admin API is not delayed"
    emulator.reset()
    assert emulator.latency == 2.0, "a reset keeps the latency: it is the network's, not the state's"
    emulator.set_latency(0)
    assert emulator.latency == 0


@pytest.mark.parametrize("seconds", [-1, 11, "fast", True, None])
def test_a_bad_latency_is_refused(emulator, seconds):
    answer = _admin(Client(emulator.url), "POST", "latency", {"seconds": seconds})
    assert answer.status == 400 and "latency" in answer.json()["error_msg"]
    with pytest.raises(ValueError, match="latency"):
        Emulator(latency=seconds)
    assert emulator.latency == 0
