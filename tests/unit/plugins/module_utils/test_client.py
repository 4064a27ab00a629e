# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import time

import pytest
import requests
import urllib3

from ansible_collections.huaweicloud.codearts.plugins.module_utils._auth import TokenAuth
from ansible_collections.huaweicloud.codearts.plugins.module_utils._check import check_host_templates
from ansible_collections.huaweicloud.codearts.plugins.module_utils._client import CodeArtsClient
from ansible_collections.huaweicloud.codearts.plugins.module_utils._errors import CodeArtsError


@pytest.mark.parametrize(
    "service, region, url",
    [
        ("build", "cn-north-4", "https://cloudbuild-ext.cn-north-4.myhuaweicloud.com"),
        ("pipeline", "cn-north-4", "https://cloudpipeline-ext.cn-north-4.myhuaweicloud.com"),
        ("pipeline", "tr-west-1", "https://pipeline-external.tr-west-1.myhuaweicloud.com"),
        ("pipeline", "af-south-1", "https://pipeline.af-south-1.myhuaweicloud.com"),
        ("check", "ap-southeast-3", "https://codearts-check.ap-southeast-3.myhuaweicloud.com"),
        ("iam", "my-new-region-9", "https://iam.my-new-region-9.myhuaweicloud.com"),
    ],
)
def test_endpoints_are_built_from_the_region(make_client, service, region, url):
    assert make_client(region=region).base_url(service) == url


@pytest.mark.parametrize(
    "check_host, url",
    [
        (None, "https://codearts-check.cn-north-4.myhuaweicloud.com"),
        ("codearts-check", "https://codearts-check.cn-north-4.myhuaweicloud.com"),
        ("codecheck-ext", "https://codecheck-ext.cn-north-4.myhuaweicloud.com"),
    ],
)
def test_check_host_picks_the_current_or_the_legacy_check_endpoint(make_client, check_host, url):
    client = make_client(host_templates=check_host_templates({"check_host": check_host}))
    assert client.base_url("check") == url
    assert client.base_url("build") == "https://cloudbuild-ext.cn-north-4.myhuaweicloud.com"


def test_endpoint_url_replaces_every_codearts_service_but_not_iam(make_client):
    client = make_client(endpoint_url="http://127.0.0.1:8080/", iam_endpoint="http://127.0.0.1:9090")
    assert {client.base_url(service) for service in ("build", "pipeline", "check")} == {"http://127.0.0.1:8080"}
    assert client.base_url("iam") == "http://127.0.0.1:9090"


def test_region_is_required_when_something_needs_it():
    with pytest.raises(CodeArtsError, match="region is required to name the service endpoints"):
        CodeArtsClient(TokenAuth("T"))
    CodeArtsClient(TokenAuth("T"), endpoint_url="http://127.0.0.1:1")


def test_get_is_signed_and_reads_json(make_client, make_response):
    body = {"result": {"id": "x"}, "error": None, "status": "success"}
    client = make_client(make_response(200, body))
    assert client.get("build", "/v1/job/{job_id}/info", {"job_id": "abc_1-2"}) == body
    call = client.session.calls[0]
    assert call["url"] == "https://cloudbuild-ext.cn-north-4.myhuaweicloud.com/v1/job/abc_1-2/info"
    assert call["data"] is None
    assert call["headers"]["Host"] == "cloudbuild-ext.cn-north-4.myhuaweicloud.com"
    assert call["headers"]["X-Project-Id"] == "p" * 32
    assert call["headers"]["Authorization"].startswith(
        "SDK-HMAC-SHA256 Access=AK, SignedHeaders=content-type;host;user-agent;x-project-id;x-sdk-date, Signature="
    )
    assert call["timeout"] == 30
    assert call["allow_redirects"] is False


@pytest.mark.parametrize("date, ahead", [("Wed, 02 Dec 2026 23:00:00 GMT", True), ("not a date", False), (None, False)])
def test_the_service_clock_comes_from_the_date_of_its_answers(make_client, make_response, date, ahead):
    client = make_client(make_response(200, {}, headers={"Date": date} if date else {}))
    client.get("build", "/v1/job/{job_id}/info", {"job_id": "abc"})
    served = 1796252400000  # the Date above, in epoch ms
    now = time.time() * 1000
    if ahead:
        # This machine's clock runs on from the answer: "now" on the service is the Date plus the time since.
        assert served - 1000 <= client.service_now_ms() - (time.time() * 1000 - now) <= served + 1000
    else:
        assert abs(client.service_now_ms() - now) < 1000


def test_post_without_body_sends_empty_object(make_client, make_response):
    client = make_client(make_response(200, {"status": "success"}))
    client.post("build", "/v3/jobs/{job_id}/recover", {"job_id": "j1"})
    assert client.session.calls[0]["data"] == b"{}"
    assert client.session.calls[0]["headers"]["Content-Type"] == "application/json"


def test_query_is_sorted_and_encoded_as_signed(make_client, make_response):
    client = make_client(make_response(200, {"success": True}))
    client.post(
        "pipeline",
        "/v3/pipelines/{pipeline_id}/stop",
        {"pipeline_id": "p1"},
        query={"z": True, "approval_description": "not ok, 拒绝", "skip": None},
    )
    assert client.session.calls[0]["url"].endswith(
        "/v3/pipelines/p1/stop?approval_description=not%20ok%2C%20%E6%8B%92%E7%BB%9D&z=true"
    )


def test_port_is_kept_in_host_header_unless_default(make_client, make_response):
    client = make_client(make_response(200, {}), make_response(200, {}), endpoint_url="https://gw.example.com:443/base")
    client.get("build", "/v1/job/{job_id}/info", {"job_id": "a"})
    assert client.session.calls[0]["headers"]["Host"] == "gw.example.com"
    assert client.session.calls[0]["url"] == "https://gw.example.com:443/base/v1/job/a/info"
    client.endpoint_url = "http://127.0.0.1:8081"
    client.get("build", "/v1/job/{job_id}/info", {"job_id": "a"})
    assert client.session.calls[1]["headers"]["Host"] == "127.0.0.1:8081"


@pytest.mark.parametrize("bad", ["a/b", "../x", "a%2Fb", "a b", "ä", "", "a?b=c", "a#b"])
def test_path_parameters_are_refused_before_sending(make_client, bad):
    client = make_client()
    with pytest.raises(CodeArtsError, match="job_id must hold only letters, digits"):
        client.post("build", "/v3/jobs/{job_id}/delete", {"job_id": bad})
    assert client.session.calls == []


@pytest.mark.parametrize(
    "options, verify, warned",
    [
        ({}, True, False),
        ({"ca_path": "/etc/ca.pem"}, "/etc/ca.pem", False),
        ({"validate_certs": False}, False, True),
    ],
)
def test_tls_settings_go_with_every_request(make_client, make_response, options, verify, warned):
    """Per request, so that REQUESTS_CA_BUNDLE cannot override them (it would override Session.verify)."""
    client = make_client(make_response(200, {}), **options)
    client.get("build", "/v1/job/{job_id}/info", {"job_id": "a"})
    assert client.session.calls[0]["verify"] == verify
    assert bool(client.record.warnings) is warned
    assert all("validate_certs is false" in warning for warning in client.record.warnings)


@pytest.mark.parametrize("status", [429, 502, 503, 504])
def test_reads_retry_throttling_and_gateway_errors(make_client, sleeps, status, make_response):
    client = make_client(
        make_response(status, {"error_code": "APIGW.0308", "error_msg": "busy"}), make_response(200, {"ok": 1})
    )
    assert client.get("build", "/v1/job/{job_id}/info", {"job_id": "a"}) == {"ok": 1}
    assert len(client.session.calls) == 2
    assert len(sleeps) == 1 and 0.5 <= sleeps[0] <= 1.0


def test_retry_after_is_honoured_and_capped(make_client, sleeps, make_response):
    client = make_client(
        make_response(429, headers={"Retry-After": "7"}),
        make_response(429, headers={"Retry-After": "9999"}),
        make_response(200, {}),
    )
    client.get("build", "/v1/job/{job_id}/info", {"job_id": "a"})
    assert sleeps == [7.0, 60.0]


def test_backoff_grows_and_is_capped_then_gives_up(make_client, sleeps, make_response):
    busy = [make_response(503, {"error_code": "APIG.0308", "error_msg": "throttled"}) for _attempt in range(7)]
    client = make_client(*busy, retries=6)
    with pytest.raises(CodeArtsError) as failure:
        client.get("build", "/v1/job/{job_id}/info", {"job_id": "a"})
    assert failure.value.status == 503 and failure.value.code == "APIG.0308"
    assert len(client.session.calls) == 7
    for attempt, delay in enumerate(sleeps):
        assert min(20, 2**attempt) * 0.5 <= delay <= min(20, 2**attempt)


@pytest.mark.parametrize("status", [500, 502, 504])
def test_a_write_is_not_sent_again_on_a_gateway_error_but_fails_as_ambiguous(make_client, make_response, status):
    client = make_client(
        make_response(status, {"error_code": "APIGW.0201", "error_msg": "timeout"}),
        make_response(200, {"status": "success"}),
    )
    with pytest.raises(CodeArtsError, match="HTTP %s" % status) as failure:
        client.post("build", "/v3/jobs/{job_id}/recover", {"job_id": "a"})
    assert failure.value.ambiguous is True
    assert "may have been applied" in failure.value.message
    assert (failure.value.status, failure.value.code, failure.value.request_id) == (
        status,
        "APIGW.0201",
        "req-%d" % status,
    )
    assert len(client.session.calls) == 1
    assert client.record.writes_sent == ["POST /v3/jobs/a/recover"]


@pytest.mark.parametrize("status", [429, 503])
def test_a_write_the_gateway_did_not_process_is_sent_again(make_client, make_response, sleeps, status):
    client = make_client(make_response(status), make_response(200, {"status": "success"}))
    client.post("build", "/v3/jobs/{job_id}/delete", {"job_id": "a"})
    assert len(client.session.calls) == 2 and len(sleeps) == 1
    assert client.record.writes_sent == ["POST /v3/jobs/a/delete"]


def test_a_write_throttled_until_the_budget_runs_out_was_not_sent(make_client, make_response, sleeps):
    client = make_client(*[make_response(429, {"error_code": "APIGW.0308", "error_msg": "throttled"})] * 3, retries=2)
    with pytest.raises(CodeArtsError, match="HTTP 429") as failure:
        client.post("build", "/v3/jobs/{job_id}/delete", {"job_id": "a"})
    assert failure.value.ambiguous is False and len(sleeps) == 2
    assert client.record.writes_sent == [], "429 means not processed: the task changed nothing"


def test_a_write_refused_outright_is_not_ambiguous(make_client, make_response):
    client = make_client(make_response(400, {"error_code": "CB.00060200", "error_msg": "already done"}))
    with pytest.raises(CodeArtsError) as failure:
        client.post("build", "/v3/jobs/{job_id}/disable", {"job_id": "a"})
    assert failure.value.ambiguous is False
    assert client.record.writes_sent == ["POST /v3/jobs/a/disable"]


def _refused():
    return requests.exceptions.ConnectionError(
        urllib3.exceptions.MaxRetryError(None, "/", urllib3.exceptions.NewConnectionError(None, "Connection refused"))
    )


def test_connection_errors_are_retried_when_nothing_was_sent(make_client, make_response):
    client = make_client(
        _refused(), requests.exceptions.ConnectTimeout("slow"), make_response(200, {"status": "success"})
    )
    client.post("build", "/v3/jobs/{job_id}/delete", {"job_id": "a"})
    assert len(client.session.calls) == 3
    assert client.record.writes_sent == ["POST /v3/jobs/a/delete"]


def test_a_write_that_never_left_is_not_counted_as_sent(make_client):
    client = make_client(_refused(), _refused(), retries=1)
    with pytest.raises(CodeArtsError, match="the connection could not be opened") as failure:
        client.post("build", "/v3/jobs/{job_id}/delete", {"job_id": "a"})
    assert failure.value.ambiguous is False and "endpoint_url" in failure.value.hint
    assert client.record.writes_sent == []


@pytest.mark.parametrize(
    "lost",
    [
        requests.exceptions.ConnectionError("Connection aborted: RemoteDisconnected"),
        requests.exceptions.ReadTimeout("read timed out"),
        requests.exceptions.ChunkedEncodingError("IncompleteRead(10 bytes read, 20 more expected)"),
    ],
)
def test_a_lost_answer_to_a_write_is_ambiguous_and_not_replayed(make_client, make_response, lost):
    client = make_client(lost, make_response(200, {}))
    with pytest.raises(
        CodeArtsError, match="POST /v3/jobs/a/delete to cloudbuild-ext.cn-north-4.myhuaweicloud.com failed"
    ) as failure:
        client.post("build", "/v3/jobs/{job_id}/delete", {"job_id": "a"})
    assert failure.value.status is None and failure.value.ambiguous is True and failure.value.hint
    assert len(client.session.calls) == 1
    assert client.record.writes_sent == ["POST /v3/jobs/a/delete"]
    client = make_client(lost, make_response(200, {}))
    client.get("build", "/v1/job/{job_id}/info", {"job_id": "a"})
    assert len(client.session.calls) == 2 and client.record.writes_sent == []


def test_the_iam_token_request_counts_as_a_read(make_client, make_response):
    client = make_client(requests.exceptions.ReadTimeout("read timed out"), make_response(201, {"token": {}}))
    client.send("iam", "POST", "/v3/auth/tokens", body={}, authenticate=False, project_scoped=False)
    assert len(client.session.calls) == 2 and client.record.writes_sent == []


@pytest.mark.parametrize("text", ["<html>Service Unavailable</html>", '{"result": {"job_name": "nigh'])
def test_an_unreadable_answer_to_a_read_is_retried_then_fails(make_client, make_response, text):
    client = make_client(make_response(200, text=text), make_response(200, {"ok": 1}))
    assert client.get("build", "/v1/job/{job_id}/info", {"job_id": "a"}) == {"ok": 1}
    client = make_client(*[make_response(200, text=text, headers={"X-Request-Id": "rid-7"}) for _attempt in range(4)])
    with pytest.raises(CodeArtsError, match="could not be read as JSON") as failure:
        client.get("build", "/v1/job/{job_id}/info", {"job_id": "a"})
    assert (failure.value.status, failure.value.request_id, failure.value.ambiguous) == (200, "rid-7", False)
    assert text[:20] in failure.value.message and failure.value.hint
    assert len(client.session.calls) == 4


def test_an_unreadable_answer_to_a_write_is_ambiguous(make_client, make_response):
    client = make_client(make_response(200, text='{"status": "succ'), make_response(200, {}))
    with pytest.raises(CodeArtsError, match="could not be read as JSON") as failure:
        client.post("build", "/v3/jobs/{job_id}/recover", {"job_id": "a"})
    assert failure.value.ambiguous is True and len(client.session.calls) == 1


def test_ambiguous_is_not_part_of_the_failure_shape():
    error = CodeArtsError("m", status=504, code="C", request_id="r", hint="h", ambiguous=True)
    assert error.to_dict() == {"message": "m", "status": 504, "code": "C", "request_id": "r", "hint": "h"}
    assert CodeArtsError("m").ambiguous is False


@pytest.mark.parametrize(
    "status, body, code, message",
    [
        (422, {"error_code": "DEVCB.00031006", "error_msg": "job not found"}, "DEVCB.00031006", "job not found"),
        (
            400,
            {"error": {"code": "DEVPIPE.00011401", "message": "pipeline not found"}},
            "DEVPIPE.00011401",
            "pipeline not found",
        ),
        (400, {"errorCode": "CC.00000000", "errorMsg": "网络繁忙,请稍后再试"}, "CC.00000000", "网络繁忙,请稍后再试"),
        (403, {"code": "DEV.403", "message": "forbidden"}, "DEV.403", "forbidden"),
        (
            200,
            {"status": "fail", "error": {"error_code": "CB.00060200", "error_msg": "Invalid param"}, "result": None},
            "CB.00060200",
            "Invalid param",
        ),
        (200, {"error_code": "CB.00060200", "error_msg": "Invalid param"}, "CB.00060200", "Invalid param"),
        (200, {"status": "fail", "error": None, "result": None}, None, "the API answered status: fail"),
        (
            401,
            {"error": {"code": 401, "message": "The username or password is wrong.", "title": "Unauthorized"}},
            None,
            "The username or password is wrong",
        ),
    ],
)
def test_every_error_shape_becomes_one_error(token_client, status, body, code, message, make_response):
    client = token_client(make_response(status, body, headers={"X-Request-Id": "rid-42"}))
    with pytest.raises(CodeArtsError) as failure:
        client.get("build", "/v1/job/{job_id}/info", {"job_id": "a"})
    error = failure.value
    assert (error.status, error.code, error.request_id) == (status, code, "rid-42")
    assert message in error.message
    assert "GET /v1/job/a/info failed with HTTP %s" % status in str(error)
    assert "rid-42" in str(error)


def test_success_bodies_with_null_errors_are_fine(token_client, make_response):
    client = token_client(
        make_response(200, {"result": {}, "error": None, "status": "success", "error_code": None}),
        make_response(200, text=""),
        make_response(200, text="null"),
    )
    assert client.get("build", "/v1/job/{job_id}/info", {"job_id": "a"})["status"] == "success"
    assert client.post("check", "/v2/tasks/{task_id}/stop", {"task_id": "t"}) is None
    assert client.post("check", "/v2/tasks/{task_id}/stop", {"task_id": "t"}) is None


QUEUED = {"error_code": "DEVPIPE.00011169", "error_msg": "queued", "error": {"pipeline_run_id": "r1", "queue_id": 7}}


def test_an_accepted_code_in_a_2xx_body_is_the_answer_and_the_write_counts(token_client, make_response):
    """A run that queued answers 200 with an error code: the caller that accepts it gets the body, the write counts."""
    client = token_client(make_response(200, QUEUED))
    answer = client.request(
        "pipeline", "POST", "/v5/{p}/api/pipelines/{i}/run", {"p": "p", "i": "i"}, accepted_codes=("DEVPIPE.00011169",)
    )
    assert answer == QUEUED
    assert client.record.writes_sent == ["POST /v5/p/api/pipelines/i/run"]


@pytest.mark.parametrize(
    "status, body",
    [
        (200, dict(QUEUED, error_code="DEVPIPE.00011104")),  # another code: still an error
        (200, {"error": {"message": "no code at all"}}),  # an error without a code is never accepted
        (400, QUEUED),  # an accepted code in a 4xx answer is the 4xx's error
    ],
)
def test_only_an_accepted_code_in_a_2xx_body_is_an_answer(token_client, make_response, status, body):
    client = token_client(make_response(status, body))
    with pytest.raises(CodeArtsError) as failure:
        client.request("pipeline", "POST", "/v5/{p}/run", {"p": "p"}, accepted_codes=("DEVPIPE.00011169",))
    assert failure.value.status == status
    # Without accepting it, the queued answer itself is an error.
    client = token_client(make_response(200, QUEUED))
    with pytest.raises(CodeArtsError):
        client.request("pipeline", "POST", "/v5/{p}/run", {"p": "p"})


def test_non_json_error_keeps_the_text(token_client, make_response):
    client = token_client(*[make_response(500, text="<html>Internal error</html>")] * 4)
    with pytest.raises(CodeArtsError, match="Internal error"):
        client.get("build", "/v1/job/{job_id}/info", {"job_id": "a"})


@pytest.mark.parametrize(
    "code, hint",
    [
        ("APIGW.0301", "check access_key and secret_key"),
        ("APIGW.0101", "not published in this region"),
        ("APIGW.0307", "token has expired"),
    ],
)
def test_known_gateway_errors_carry_a_hint(make_client, code, hint, make_response):
    client = make_client(make_response(401, {"error_code": code, "error_msg": "refused"}))
    with pytest.raises(CodeArtsError) as failure:
        client.get("build", "/v1/job/{job_id}/info", {"job_id": "a"})
    assert hint in failure.value.hint
    assert failure.value.to_dict() == {
        "message": failure.value.message,
        "status": 401,
        "code": code,
        "request_id": "req-401",
        "hint": failure.value.hint,
    }
    assert hint in str(failure.value)


def test_token_auth_sends_the_token_and_no_signature(token_client, make_response):
    client = token_client(make_response(200, {}))
    client.get("build", "/v1/job/{job_id}/info", {"job_id": "a"})
    headers = client.session.calls[0]["headers"]
    assert headers["X-Auth-Token"] == "TOKEN"
    assert "Authorization" not in headers and "X-Sdk-Date" not in headers


def test_refused_token_hint_does_not_talk_about_keys(token_client, make_response):
    client = token_client(make_response(401, {"error_code": "APIGW.0301", "error_msg": "bad token"}))
    with pytest.raises(CodeArtsError) as failure:
        client.get("build", "/v1/job/{job_id}/info", {"job_id": "a"})
    assert "refused the IAM token" in failure.value.hint
    assert "secret_key" not in failure.value.hint


def test_a_name_that_does_not_resolve_says_so(make_client):
    lookup = urllib3.exceptions.NameResolutionError("gw.example.invalid", None, OSError("Name or service not known"))
    client = make_client(
        requests.exceptions.ConnectionError(urllib3.exceptions.MaxRetryError(None, "/", lookup)), retries=0
    )
    with pytest.raises(CodeArtsError, match="the host name could not be resolved") as failure:
        client.get("build", "/v1/job/{job_id}/info", {"job_id": "a"})
    assert "region" in failure.value.hint and "endpoint_url" in failure.value.hint
    assert "Name or service not known" in failure.value.message


def test_get_if_exists_keeps_what_the_api_said_about_other_errors(token_client, make_response):
    client = token_client(
        make_response(403, {"error_code": "DEV.403", "error_msg": "forbidden"}, headers={"X-Request-Id": "rid-9"})
    )
    with pytest.raises(CodeArtsError) as failure:
        client.get_if_exists("build", "/v1/job/{job_id}/info", {"job_id": "a"}, "DEVCB.00031006")
    assert (failure.value.status, failure.value.code, failure.value.request_id) == (403, "DEV.403", "rid-9")
    client = token_client(make_response(422, {"error_code": "DEVCB.00031006", "error_msg": "gone"}))
    assert client.get_if_exists("build", "/v1/job/{job_id}/info", {"job_id": "a"}, "DEVCB.00031006") is None
