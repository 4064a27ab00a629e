# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Logs (codearts-api-run-control.md 7.5): a pipeline step's (ShowPipelineLog) and a build's (DownloadBuildRealTimeLog).

[MODEL] offsets count lines, `end_offset` 0 is the end of the log, and a descending read gives the newest line first
(services/logs.py). The seed's diagnostics project (c0dea775...a6) holds checkout-pipeline, whose run 2 failed at its
unit-tests step (a seeded log) and whose run 3 runs it; the housekeeping project's hk-active-build has build 11 failed
(a seeded log) and build 12 succeeded.
"""

from __future__ import annotations

import pytest
from emulator_client import HOUSEKEEPING_PROJECT, PROJECT, USER, admin, ok

from codearts_emulator.server import Emulator
from codearts_emulator.state import load_seed

DIAGNOSTICS, CHECKOUT = "c0dea7750000000000000000000000a6", "p1e0000000000000000000000000a601"
FAILED_RUN, RUNNING_RUN = "r000000000000000000000000000a602", "r000000000000000000000000000a603"
RELEASE_PIPELINE, TIMED_OUT_RUN = "p1e0000000000000000000000000000a", "r0000000000000000000000000000005"
HK_ACTIVE_JOB = "b1d0000000000000000000000000a304"
UNIT_TESTS_LOG = [
    "[INFO] Step unit-tests (official_devcloud_test) started.",
    "$ python -m pytest tests/unit",
    "============================= test session starts ==============================",
    "collected 214 items",
    "tests/unit/test_cart.py ........F..                                       [  5%]",
    "tests/unit/test_payment.py ....F.F..                                     [  9%]",
    "FAILED tests/unit/test_cart.py::test_total_includes_tax - AssertionError: assert 100.0 == 107.0",
    "FAILED tests/unit/test_payment.py::test_refund_rounds_down - AssertionError: assert 10.01 == 10.0",
    "FAILED tests/unit/test_payment.py::test_refund_in_yen - KeyError: 'JPY'",
    "======================== 3 failed, 211 passed in 42.17s ========================",
    "[ERROR] 3 of 214 tests failed.",
]
BUILD_11_LOG = [
    "[INFO] Build #11 of hk-active-build started by demo-user.",
    "> Task :compileJava",
    "> Task :test",
    "CartServiceTest > appliesDiscount() PASSED",
    "CartServiceTest > totalIncludesTax() FAILED",
    "    org.opentest4j.AssertionFailedError: expected: <107.00> but was: <100.00>",
    "214 tests completed, 1 failed",
    "> Task :test FAILED",
    "[ERROR] Build #11 failed: the build commands exited with code 1.",
]


def _steps(emulator, run_id):
    """{step name: (job run ID, step run ID, status)} of a run."""
    (run,) = [run for run in emulator.snapshot()["pipeline"]["runs"] if run["id"] == run_id]
    return {
        step["name"]: (job["id"], step["id"], step["status"])
        for stage in run["stages"]
        for job in stage["jobs"]
        for step in job["steps"]
    }


def _step_log(client, emulator, run_id, step, body, project=DIAGNOSTICS, pipeline=CHECKOUT):
    job_run_id, step_run_id, _status = _steps(emulator, run_id)[step]
    path = f"/v5/{project}/api/pipelines/{pipeline}/pipeline-runs/{run_id}/jobs/{job_run_id}/steps/{step_run_id}/logs"
    return client.call("POST", path, body=body)


def _build_log(client, number, job_id=HK_ACTIVE_JOB, **query):
    query = {"start_offset": 0, "end_offset": 0, "sort": "DESC", "size": 1000, **query}
    return client.call("GET", f"/v1/log/{job_id}/{number}/real-time-log", query)


# ShowPipelineLog


def test_a_failed_step_read_newest_first_ends_with_why(client, emulator):
    answer = ok(_step_log(client, emulator, FAILED_RUN, "unit-tests", {"limit": 3, "sort": "desc"}))
    assert answer == {
        "has_more": True,
        "start_offset": "8",
        "end_offset": "11",
        "log": "\n".join(reversed(UNIT_TESTS_LOG[-3:])),
        "step_run_id": _steps(emulator, FAILED_RUN)["unit-tests"][1],
    }
    whole = ok(_step_log(client, emulator, FAILED_RUN, "unit-tests", {"limit": 100, "sort": "DESC", "end_offset": 0}))
    assert (whole["log"].split("\n")[::-1], whole["has_more"], whole["start_offset"]) == (UNIT_TESTS_LOG, False, "0")
    assert [entry["write"] for entry in emulator.requests()] == [False, False], "a POST that only reads"


def test_a_descending_read_pages_back_from_its_start(client, emulator):
    lines, end, pages = [], 0, 0
    while True:
        page = ok(
            _step_log(client, emulator, FAILED_RUN, "unit-tests", {"limit": 4, "sort": "desc", "end_offset": end})
        )
        lines[:0] = reversed(page["log"].split("\n"))
        pages += 1
        if not page["has_more"]:
            break
        end = page["start_offset"]  # a string of digits, as the answer gives it
    assert (lines, pages) == (UNIT_TESTS_LOG, 3)


def test_an_ascending_read_gives_the_oldest_lines_from_start_offset(client, emulator):
    answer = ok(_step_log(client, emulator, FAILED_RUN, "unit-tests", {"limit": 2, "sort": "asc", "start_offset": 1}))
    assert (answer["log"], answer["has_more"], answer["start_offset"], answer["end_offset"]) == (
        "\n".join(UNIT_TESTS_LOG[1:3]),
        True,
        "1",
        "3",
    )
    window = ok(
        _step_log(
            client,
            emulator,
            FAILED_RUN,
            "unit-tests",
            {"limit": 10, "sort": "asc", "start_offset": 9, "end_offset": 11},
        )
    )
    assert (window["log"].split("\n"), window["has_more"]) == (UNIT_TESTS_LOG[9:11], False)


def test_steps_that_did_not_fail_and_steps_not_started(client, emulator):
    compile_log = ok(_step_log(client, emulator, FAILED_RUN, "compile", {"limit": 10, "sort": "asc"}))["log"]
    assert compile_log.split("\n") == [
        "[INFO] Step compile (official_devcloud_build) started.",
        "[INFO] Preparing the workspace.",
        "[INFO] Running official_devcloud_build.",
        "[INFO] Step compile completed.",
    ]
    lint = ok(_step_log(client, emulator, FAILED_RUN, "lint", {"limit": 10, "sort": "desc"}))["log"]
    assert lint.split("\n")[0] == "[WARN] Step lint was canceled.", "a job beside the failed one is canceled"
    running = ok(_step_log(client, emulator, RUNNING_RUN, "unit-tests", {"limit": 10, "sort": "asc"}))["log"]
    assert running.split("\n")[-1].startswith("FAILED tests/unit/test_checkout.py"), "no ending line while it runs"
    deploy = ok(
        _step_log(client, emulator, TIMED_OUT_RUN, "deploy", {"limit": 10, "sort": "desc"}, PROJECT, RELEASE_PIPELINE)
    )
    assert (deploy["log"], deploy["has_more"], deploy["start_offset"], deploy["end_offset"]) == ("", False, "0", "0")


def test_a_review_that_timed_out_or_was_refused_says_so(client, emulator):
    timed_out = ok(
        _step_log(
            client,
            emulator,
            TIMED_OUT_RUN,
            "manager-approval",
            {"limit": 1, "sort": "desc"},
            PROJECT,
            RELEASE_PIPELINE,
        )
    )
    assert timed_out["log"].startswith("[ERROR] The manual review timed out after 86400 s and was rejected")
    waiting = "r0000000000000000000000000000001"
    job_run_id, step_run_id, _status = _steps(emulator, waiting)["manager-approval"]
    step = (
        f"/v5/{PROJECT}/api/pipelines/{RELEASE_PIPELINE}/pipeline-runs/{waiting}/jobs/{job_run_id}/steps/{step_run_id}"
    )
    ok(client.call("POST", step + "/refuse"))
    refused = ok(client.call("POST", step + "/logs", body={"limit": 2, "sort": "desc"}))["log"].split("\n")
    assert refused == [f"[ERROR] Step manager-approval was refused by {USER}.", "[INFO] Waiting for a manual review."]


def test_the_admin_action_fail_fails_the_running_step_with_a_message(client, emulator):
    answer = ok(admin(client, "pipeline/fail", {"pipeline_run_id": RUNNING_RUN, "message": "1 of 214 tests failed."}))
    assert answer == {"pipeline_run_id": RUNNING_RUN, "step": "unit-tests", "status": "FAILED"}
    steps = _steps(emulator, RUNNING_RUN)
    assert (steps["unit-tests"][2], steps["lint"][2]) == ("FAILED", "CANCELED")
    tail = ok(_step_log(client, emulator, RUNNING_RUN, "unit-tests", {"limit": 2, "sort": "desc"}))["log"]
    assert tail.split("\n") == [
        "[ERROR] 1 of 214 tests failed.",
        "FAILED tests/unit/test_checkout.py::test_address_needs_a_zip_code - KeyError: 'zip'",
    ]
    again = admin(client, "pipeline/fail", {"pipeline_run_id": RUNNING_RUN})
    assert again.status == 400 and b"no step running" in again.body
    assert admin(client, "pipeline/fail", {"message": "x"}).status == 400


@pytest.mark.parametrize(
    "body",
    [
        None,
        [],
        {"sort": "desc"},
        {"limit": 0, "sort": "desc"},
        {"limit": True, "sort": "desc"},
        {"limit": "10", "sort": "desc"},
        {"limit": 10},
        {"limit": 10, "sort": "down"},
        {"limit": 10, "sort": "desc", "start_offset": -1},
        {"limit": 10, "sort": "desc", "end_offset": "1a"},
    ],
)
def test_a_malformed_log_query_is_400(client, emulator, body):
    answer = _step_log(client, emulator, FAILED_RUN, "unit-tests", body)
    assert (answer.status, answer.json()["error_code"]) == (400, "DEVPIPE.00011001"), answer.body


def test_a_step_of_another_job_or_run_is_404(client, emulator):
    job_run_id, _step_run_id, _status = _steps(emulator, FAILED_RUN)["compile"]
    _job, step_run_id, _status = _steps(emulator, FAILED_RUN)["unit-tests"]
    path = f"/v5/{DIAGNOSTICS}/api/pipelines/{CHECKOUT}/pipeline-runs/{FAILED_RUN}/jobs/{job_run_id}/steps/{step_run_id}/logs"
    answer = client.call("POST", path, body={"limit": 1, "sort": "desc"})
    assert (answer.status, answer.json()["error_code"]) == (404, "DEVPIPE.00011404")
    other = client.call("POST", path.replace(DIAGNOSTICS, HOUSEKEEPING_PROJECT), body={"limit": 1, "sort": "desc"})
    assert (other.status, other.json()["error_code"]) == (404, "DEVPIPE.00011412")


@pytest.mark.parametrize(
    "run, problem",
    [
        ({"id": "r" + "1" * 31, "end": "completed", "log": ["x"]}, "has a log"),
        ({"id": "r" + "1" * 31, "at": "b", "log": "x"}, "has a log"),
        ({"id": "r" + "1" * 31, "at": "b", "message": "why"}, "has a message"),
        ({"id": "r" + "1" * 31, "at": "b", "end": "canceled", "message": "why"}, "has a message"),
    ],
)
def test_a_seeded_log_or_message_out_of_place_is_refused(run, problem):
    seed = load_seed(None)
    pipeline = {
        "id": "p1e00000000000000000000000000c0d",
        "name": "p",
        "project_id": PROJECT,
        "stages": [{"name": "s", "jobs": [{"name": "j", "steps": [{"name": "b", "task": "official_devcloud_build"}]}]}],
        "runs": [run],
    }
    seed["pipeline"]["pipelines"].append(pipeline)
    with pytest.raises(ValueError, match=problem):
        Emulator(seed)


# DownloadBuildRealTimeLog


def test_a_failed_build_read_newest_first_ends_with_an_error(client):
    answer = ok(_build_log(client, 11))
    assert answer == {
        "result": {
            "has_more": False,
            "start_offset": "0",
            "end_offset": str(len(BUILD_11_LOG)),
            "log": "\n".join(reversed(BUILD_11_LOG)),
            "location": "emulator",
        },
        "error": None,
        "status": "success",
    }
    oldest = ok(_build_log(client, 11, sort="AES", size=2, start_offset=1))["result"]
    assert (oldest["log"].split("\n"), oldest["has_more"], oldest["end_offset"]) == (BUILD_11_LOG[1:3], True, "3")
    older = ok(_build_log(client, 11, size=2, end_offset=7))["result"]
    assert (older["log"].split("\n"), older["start_offset"]) == ([BUILD_11_LOG[6], BUILD_11_LOG[5]], "5")


def test_other_builds_have_generic_logs(client):
    succeeded = ok(_build_log(client, 12))["result"]["log"].split("\n")
    assert succeeded == [
        "[INFO] Build #12 succeeded.",
        "[INFO] Running the build commands.",
        "[INFO] Checking out the code.",
        "[INFO] Build #12 of hk-active-build started by demo-user.",
    ]
    running = ok(_build_log(client, 2, job_id="b1d0000000000000000000000000a301"))["result"]["log"].split("\n")
    assert running[0] == "[INFO] Running the build commands.", "a running build has no ending line yet"


@pytest.mark.parametrize(
    "query",
    [
        {"size": None},
        {"start_offset": None},
        {"end_offset": None},
        {"size": 0},
        {"size": "x"},
        {"start_offset": -1},
        {"sort": "UP"},
    ],
)
def test_a_malformed_build_log_query_is_400(client, query):
    query = {"start_offset": 0, "end_offset": 0, "sort": "DESC", "size": 1000, **query}
    answer = client.call(
        "GET",
        f"/v1/log/{HK_ACTIVE_JOB}/11/real-time-log",
        {key: value for key, value in query.items() if value is not None},
    )
    assert (answer.status, answer.json()["error_code"]) == (400, "CB.00060200"), answer.body


def test_a_build_or_job_that_does_not_exist(client):
    assert (_build_log(client, 99).status, _build_log(client, 99).json()["error_code"]) == (404, "DEVCB.00031012")
    missing = _build_log(client, 1, job_id="b1d00000000000000000000000000999")
    assert (missing.status, missing.json()["error_code"]) == (422, "DEVCB.00031006")


def test_a_seeded_build_log_that_is_not_a_list_of_lines_is_refused():
    seed = load_seed(None)
    seed["build"]["jobs"].append(
        {
            "id": "b1d00000000000000000000000000c0d",
            "job_name": "j",
            "project_id": PROJECT,
            "builds": [{"number": 1, "started_ago": 60, "duration": 5, "result": "failed", "log": "oops"}],
        }
    )
    with pytest.raises(ValueError, match="has a log that is not a list"):
        Emulator(seed)
