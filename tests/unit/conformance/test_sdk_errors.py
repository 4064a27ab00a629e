# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Error paths through the official SDK: what it raises (status, error code, request ID) for each refusal.

Missing build jobs, check tasks and pipelines, ProjectMan's paging and missing projects, a wrong secret key, an
expired IAM token, throttling and a busy gateway. The request ID the SDK reports must be the X-Request-Id the
emulator sent (its log).
"""

from __future__ import annotations

import pytest
from emulator_client import MISSING_JOB, Client
from sdk_operations import OPERATIONS
from sdk_support import CREDENTIAL_KINDS, call, credentials, token_handler, type_problems

MISSING_TASK = "c4ec0000000000000000000000000999"
MISSING_PIPELINE = "p1e00000000000000000000000000999"
SDK_OPERATIONS = [operation for operation in OPERATIONS if operation.sdk != "iam"]
JOB_OPERATIONS = [
    operation for operation in SDK_OPERATIONS if operation.sdk == "build" and "job_id" in (operation.params or {})
]
TASK_OPERATIONS = [
    operation for operation in SDK_OPERATIONS if operation.service == "check" and "task_id" in (operation.params or {})
]
PIPELINE_OPERATIONS = [
    operation
    for operation in SDK_OPERATIONS
    if operation.sdk == "pipeline" and (callable(operation.params) or "pipeline_id" in (operation.params or {}))
]
SHOW_JOB_INFO = next(operation for operation in OPERATIONS if operation.key == "build.ShowJobInfo")


def _key(operation):
    return operation.key


def _refused(sdk, emulator, operation, creds, overrides=None, **client_options):
    """Call the operation, expecting the SDK to raise; returns (the exception, the emulator's log entry of that call)."""
    with pytest.raises((sdk.ClientRequestException, sdk.ServerResponseException)) as raised:
        call(sdk, operation, emulator, creds, overrides, **client_options)
    return raised.value, emulator.requests()[-1]


def _assert_error(error, entry, status, code):
    assert (error.status_code, error.error_code) == (status, code)
    assert error.request_id == entry["request_id"] and len(error.request_id) == 32
    assert (entry["status"], entry["error_code"]) == (status, code)
    assert error.error_msg


@pytest.mark.parametrize("operation", JOB_OPERATIONS, ids=_key)
def test_a_missing_build_job(sdk, emulator, operation):
    error, entry = _refused(sdk, emulator, operation, credentials(sdk), {"job_id": MISSING_JOB})
    _assert_error(error, entry, 422, "DEVCB.00031006")
    assert isinstance(error, sdk.ClientRequestException) and entry["operation"] == operation.operation


@pytest.mark.parametrize("operation", TASK_OPERATIONS, ids=_key)
def test_a_missing_check_task(sdk, emulator, operation):
    error, entry = _refused(sdk, emulator, operation, credentials(sdk), {"task_id": MISSING_TASK})
    _assert_error(error, entry, 400, "CC.00010001")


@pytest.mark.parametrize("operation", PIPELINE_OPERATIONS, ids=_key)
def test_a_missing_pipeline(sdk, emulator, operation):
    error, entry = _refused(sdk, emulator, operation, credentials(sdk), {"pipeline_id": MISSING_PIPELINE})
    _assert_error(error, entry, 404, "DEVPIPE.00011401")


@pytest.mark.parametrize(
    "key, overrides, code",
    [
        ("projectman.ListProjectsV4", {"offset": 50}, "PM.02152001"),  # not a multiple of the row's limit, 100
        ("projectman.ListProjectsV4", {"offset": 0, "limit": 1001}, "PM.02152001"),
        ("projectman.ShowProjectInfoV4", {"project_id": "c0dea775000000000000000000000fff"}, "PM.02152005"),
    ],
)
def test_projectman_refusals(sdk, emulator, key, overrides, code):
    operation = next(operation for operation in OPERATIONS if operation.key == key)
    error, entry = _refused(sdk, emulator, operation, credentials(sdk), overrides)
    _assert_error(error, entry, 400, code)


@pytest.mark.parametrize("kind", CREDENTIAL_KINDS)
@pytest.mark.parametrize("operation", SDK_OPERATIONS, ids=_key)
def test_a_wrong_secret_key(sdk, emulator, operation, kind):
    """The SDK signs correctly with a key the emulator does not hold: 401 APIGW.0301, and the witness sees the mismatch."""
    error, entry = _refused(sdk, emulator, operation, credentials(sdk, kind, secret_key="WRONG-SECRET-KEY"))
    _assert_error(error, entry, 401, "APIGW.0301")
    assert (entry["auth"], entry["sdk_signature"]) == (kind, "mismatch")


def test_a_wrong_secret_key_fails_the_iam_look_up(sdk, emulator):
    with pytest.raises(sdk.SdkException) as raised:
        call(sdk, OPERATIONS[0], emulator, credentials(sdk, secret_key="WRONG-SECRET-KEY", project_id=None))
    (entry,) = emulator.requests()
    assert (entry["operation"], entry["status"], entry["error_code"]) == ("KeystoneListProjects", 401, "APIGW.0301")
    assert "Failed to get project id of region 'cn-north-4'" in str(raised.value) and entry["request_id"] in str(
        raised.value
    )


@pytest.mark.parametrize("operation", SDK_OPERATIONS, ids=_key)
def test_an_iam_token_until_it_expires(sdk, emulator, operation):
    """The SDK client with X-Auth-Token (sent by its request hook): accepted, then 401 APIGW.0307 once the token expired."""
    token = Client(emulator.url).token().headers["X-Subject-Token"]
    handler = token_handler(sdk, token)
    emulator.clear_requests()
    response = call(sdk, operation, emulator, credentials(sdk), http_handler=handler)
    (entry,) = emulator.requests()
    assert (entry["auth"], entry["access_key"], entry["sdk_signature"], response.status_code) == (
        "token",
        None,
        None,
        entry["status"],
    )
    assert 200 <= entry["status"] < 300
    emulator.advance_clock(86400)
    error, entry = _refused(sdk, emulator, operation, credentials(sdk), http_handler=handler)
    _assert_error(error, entry, 401, "APIGW.0307")
    assert entry["auth"] == "token"


def test_an_unknown_token(sdk, emulator):
    error, entry = _refused(
        sdk, emulator, SHOW_JOB_INFO, credentials(sdk), http_handler=token_handler(sdk, "not-a-token")
    )
    _assert_error(error, entry, 401, "APIGW.0301")


def test_throttling_without_retries(sdk, emulator):
    """A 429 APIGW.0308: the SDK (urllib3 retries on 429, even with retry_times 0) reports neither the code nor the request ID."""
    emulator.add_fault(
        path=r"/info$",
        status=429,
        error_code="APIGW.0308",
        error_msg="The throttling threshold has been reached",
        headers={"Retry-After": "0"},
    )
    error, entry = _refused(sdk, emulator, SHOW_JOB_INFO, credentials(sdk))
    assert (entry["status"], entry["error_code"], entry["fault"]) == (429, "APIGW.0308", "response") and entry[
        "request_id"
    ]
    assert isinstance(error, sdk.ClientRequestException)
    assert (error.status_code, error.error_code, error.request_id) == (429, "429", "")
    assert "too many 429 error responses" in error.error_msg


def test_throttling_with_a_retry(sdk, emulator):
    """With retry_times 1 the SDK honours Retry-After and sends the request again."""
    emulator.add_fault(
        path=r"/info$", status=429, error_code="APIGW.0308", error_msg="throttled", headers={"Retry-After": "0"}
    )
    response = call(sdk, SHOW_JOB_INFO, emulator, credentials(sdk), retry_times=1)
    assert response.result.job_name == "nightly-build"
    assert [(entry["status"], entry["error_code"], entry["sdk_signature"]) for entry in emulator.requests()] == [
        (429, "APIGW.0308", "match"),
        (200, None, "match"),
    ]


def test_throttling_beyond_the_retries(sdk, emulator):
    emulator.add_fault(
        path=r"/info$",
        status=429,
        error_code="APIGW.0308",
        error_msg="throttled",
        headers={"Retry-After": "0"},
        count=2,
    )
    error, _entry = _refused(sdk, emulator, SHOW_JOB_INFO, credentials(sdk), retry_times=1)
    assert (error.status_code, error.error_code, error.request_id) == (429, "429", "")
    assert [entry["status"] for entry in emulator.requests()] == [429, 429]


def test_a_busy_gateway(sdk, emulator):
    """A 5xx is a ServerResponseException with the gateway's code and request ID."""
    emulator.add_fault(
        path=r"/info$", status=503, error_code="APIGW.0308", error_msg="busy", headers={"Retry-After": "0"}
    )
    error, entry = _refused(sdk, emulator, SHOW_JOB_INFO, credentials(sdk))
    assert isinstance(error, sdk.ServerResponseException)
    _assert_error(error, entry, 503, "APIGW.0308")


def test_a_busy_gateway_is_retried_only_with_retry_after(sdk, emulator):
    """With retry_times > 0, urllib3 under the SDK also retries a 503 that carries Retry-After (and only then)."""
    emulator.add_fault(
        path=r"/info$", status=503, error_code="APIGW.0308", error_msg="busy", headers={"Retry-After": "0"}
    )
    assert call(sdk, SHOW_JOB_INFO, emulator, credentials(sdk), retry_times=1).result.id
    assert [entry["status"] for entry in emulator.requests()] == [503, 200]
    emulator.clear_requests()
    emulator.add_fault(path=r"/info$", status=503, error_code="APIGW.0308", error_msg="busy")
    error, entry = _refused(sdk, emulator, SHOW_JOB_INFO, credentials(sdk), retry_times=1)
    _assert_error(error, entry, 503, "APIGW.0308")
    assert len(emulator.requests()) == 1


def test_an_error_inside_http_200_is_no_exception_for_the_sdk(sdk, emulator):
    """The v1 envelope {"status": "fail", "error": ...} with HTTP 200 parses as a normal answer: callers must look inside."""
    envelope = {"status": "fail", "error": {"error_code": "DEVCB.00031006", "error_msg": "gone"}, "result": None}
    emulator.add_fault(path=r"/info$", body=envelope)
    response = call(sdk, SHOW_JOB_INFO, emulator, credentials(sdk))
    assert (response.status_code, response.status, response.result) == (200, "fail", None)
    assert "DEVCB.00031006" in response.error


def test_the_type_check_catches_a_wrong_name_and_a_wrong_type(sdk, emulator):
    """The conformance check itself: the SDK would swallow both (it drops unknown fields and converts types)."""
    emulator.add_fault(
        path=r"/info$", body={"status": "success", "result": {"job_name": 7, "disabled": "no", "reason": "x"}}
    )
    response = call(sdk, SHOW_JOB_INFO, emulator, credentials(sdk))
    assert response.result.job_name == "7"
    assert type_problems(response.to_json_object(), "ShowJobInfoResponse", sdk.build) == [
        "ShowJobInfoResponse.result.reason: the SDK model ShowJobInfoResult has no such field",
        "ShowJobInfoResponse.result.job_name: 7 is a JSON int, the SDK declares str",
        "ShowJobInfoResponse.result.disabled: 'no' is a JSON str, the SDK declares bool",
    ]
