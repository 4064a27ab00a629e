# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""CodeArts Pipeline: every route, runs moving with the clock or the admin API, reviews, stops, the lists, errors and the seed.
(The official SDK client is in tests/unit/conformance.)"""

from __future__ import annotations

import copy
import json
import re
from datetime import datetime, timezone

import pytest
from emulator_client import HOUSEKEEPING_PROJECT, LOAD_PROJECT, PROJECT, USER, Client, admin, ok

from codearts_emulator.server import Emulator
from codearts_emulator.state import load_seed

RELEASE, NIGHTLY, GATED = (
    "p1e0000000000000000000000000000a",
    "p1e0000000000000000000000000000b",
    "p1e0000000000000000000000000000c",
)
WAITING, BUILDING, SUCCEEDED, TWO_REVIEWS, TIMED_OUT = (f"r000000000000000000000000000000{n}" for n in range(1, 6))
MISSING = "p1e00000000000000000000000000999"
V3_TIME = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$")
REVIEW_TASK = "official_devcloud_checkpoint"


def _client(emulator):
    return Client(emulator.url)


def _runs_path(pipeline, project=PROJECT):
    return f"/v5/{project}/api/pipelines/{pipeline}/pipeline-runs"


def _status(client, pipeline, build_id=None):
    return ok(client.call("GET", f"/v3/pipelines/{pipeline}/status", {"build_id": build_id} if build_id else None))


def _detail(client, pipeline, **query):
    return ok(client.call("GET", f"{_runs_path(pipeline)}/detail", query))


def _start(client, pipeline, body=None):
    return ok(client.call("POST", f"/v3/pipelines/{pipeline}/start", body=body))["build_id"]


def _stop(client, pipeline, build_id):
    return client.call("POST", f"/v3/pipelines/{pipeline}/stop", {"build_id": build_id})


def _steps(detail):
    """{step name: (stage, job, step)} of a v5 run detail."""
    return {
        step["name"]: (stage, job, step) for stage in detail["stages"] for job in stage["jobs"] for step in job["steps"]
    }


def _decide(client, pipeline, run_id, step_name, action, query=None):
    _stage, job, step = _steps(_detail(client, pipeline, pipeline_run_id=run_id))[step_name]
    return client.call("POST", f"{_runs_path(pipeline)}/{run_id}/jobs/{job['id']}/steps/{step['id']}/{action}", query)


def _outcome(client, pipeline, build_id):
    status = _status(client, pipeline, build_id)
    return status["status"], status["outcome"]


def _statuses(detail):
    """The run's, then each stage's, job's and step's v5 status, by name."""
    return detail["status"], {
        name: (stage["status"], job["status"], step["status"]) for name, (stage, job, step) in _steps(detail).items()
    }


def _state_run(emulator, run_id):
    return next(run for run in emulator.snapshot()["pipeline"]["runs"] if run["id"] == run_id)


def _seed(**pipeline_section):
    return {**load_seed(None), "pipeline": pipeline_section}


def _one_pipeline(steps, **options):
    """A seed with one pipeline of one stage and one job holding `steps`."""
    return _seed(
        pipelines=[
            {
                "id": RELEASE,
                "name": "p",
                "project_id": PROJECT,
                "stages": [{"name": "S", "jobs": [{"name": "j", "steps": steps}]}],
                **options,
            }
        ]
    )


# Reading runs: v3 status and v5 detail


@pytest.mark.parametrize(
    "pipeline, run_id, status, outcome",
    [
        (RELEASE, WAITING, "verifying", None),
        (NIGHTLY, BUILDING, "running", None),
        (NIGHTLY, SUCCEEDED, "completed", "success"),
        (GATED, TWO_REVIEWS, "verifying", None),
        (RELEASE, TIMED_OUT, "completed", "error"),
    ],
)
def test_v3_status_of_the_seeded_runs(client, pipeline, run_id, status, outcome):
    body = _status(client, pipeline, run_id)
    assert (body["pipeline_id"], body["build_id"], body["status"], body["outcome"]) == (
        pipeline,
        run_id,
        status,
        outcome,
    )
    assert body["executor"] == USER and V3_TIME.match(body["start_time"]) and body["elapsed_time"].isdigit()
    assert (body["end_time"] is None) == (outcome is None)
    detail = _detail(client, pipeline, pipeline_run_id=run_id)
    assert [(state["id"], state["name"], state["type"]) for state in body["states"]] == [
        (stage["id"], stage["name"], "stage") for stage in detail["stages"]
    ]
    assert [
        [(task["id"], task["type"], task["children"]) for task in state["children"]] for state in body["states"]
    ] == [[(job["id"], "task", []) for job in stage["jobs"]] for stage in detail["stages"]]


def test_v3_states_mirror_the_stages(client):
    states = {state["name"]: state for state in _status(client, RELEASE, WAITING)["states"]}
    assert (states["Build"]["status"], states["Build"]["outcome"]) == ("completed", "success")
    assert (states["Approve"]["status"], states["Approve"]["children"][0]["status"]) == ("verifying", "verifying")
    assert (states["Deploy"]["status"], states["Deploy"]["outcome"], states["Deploy"]["start_time"]) == (
        "waiting",
        None,
        None,
    )
    rejected = {state["name"]: state for state in _status(client, RELEASE, TIMED_OUT)["states"]}["Approve"]["children"][
        0
    ]
    assert (rejected["status"], rejected["outcome"]) == ("completed", "error") and "timed out" in rejected["error_msg"]


def test_v5_detail_of_a_run_waiting_for_review(client):
    detail = _detail(client, RELEASE, pipeline_run_id=WAITING)
    assert (detail["id"], detail["pipeline_id"], detail["name"], detail["run_number"]) == (
        WAITING,
        RELEASE,
        "release-pipeline",
        2,
    )
    assert (detail["executor_name"], detail["trigger_type"], detail["project_id"]) == (USER, "Manual", PROJECT)
    assert (
        isinstance(detail["start_time"], int)
        and detail["end_time"] is None
        and isinstance(detail["current_system_time"], int)
    )
    assert _statuses(detail) == (
        "RUNNING",
        {
            "build": ("COMPLETED", "COMPLETED", "COMPLETED"),
            "manager-approval": ("RUNNING", "PAUSED", "RUNNING"),
            "deploy": ("INIT", "INIT", "INIT"),
        },
    )
    _stage, job, review = _steps(detail)["manager-approval"]
    assert review["task"] == REVIEW_TASK and review["message"] == "" and job["name"] == "approve"
    assert all(re.fullmatch("[0-9a-f]{32}", element["id"]) for element in (job, review))


def test_the_seeded_timeout_rejection(client):
    detail = _detail(client, RELEASE, pipeline_run_id=TIMED_OUT)
    assert _statuses(detail) == (
        "FAILED",
        {
            "build": ("COMPLETED", "COMPLETED", "COMPLETED"),
            "manager-approval": ("FAILED", "FAILED", "FAILED"),
            "deploy": ("INIT", "INIT", "INIT"),
        },
    )
    review = _steps(detail)["manager-approval"][2]
    assert "timed out" in review["message"] and review["end_time"] - review["start_time"] == 86400 * 1000


def test_latest_run_by_default_and_run_number(client):
    assert _detail(client, RELEASE)["id"] == WAITING
    assert _detail(client, NIGHTLY)["id"] == BUILDING
    assert _detail(client, GATED)["id"] == TWO_REVIEWS
    assert _detail(client, RELEASE, pipeline_run_number=1)["id"] == TIMED_OUT
    assert _status(client, NIGHTLY)["build_id"] == BUILDING
    assert _detail(client, RELEASE, pipeline_run_id=TIMED_OUT, pipeline_run_number=2)["id"] == TIMED_OUT, "the id wins"


# Starting runs and their progress


def test_start_gives_one_id_for_v3_and_v5(client, emulator):
    build_id = _start(client, NIGHTLY, {"build_params": [{"name": "branch", "value": "main"}]})
    assert re.fullmatch("[0-9a-f]{32}", build_id)
    status = _status(client, NIGHTLY, build_id)
    assert (status["build_id"], status["status"], status["parameters"]) == (
        build_id,
        "running",
        [{"name": "branch", "value": "main"}],
    )
    detail = _detail(client, NIGHTLY, pipeline_run_id=build_id)
    assert (detail["id"], detail["run_number"], detail["status"]) == (build_id, 3, "RUNNING")
    assert _detail(client, NIGHTLY)["id"] == build_id, "the new run is the latest"
    assert _state_run(emulator, build_id)["build_params"] == [{"name": "branch", "value": "main"}]
    assert _start(client, NIGHTLY) != build_id


def test_a_run_moves_with_the_clock(client, emulator):
    build_id = _start(client, NIGHTLY)
    assert _statuses(_detail(client, NIGHTLY, pipeline_run_id=build_id))[1] == {
        "compile": ("RUNNING", "RUNNING", "RUNNING"),
        "unit-tests": ("INIT", "INIT", "INIT"),
    }
    emulator.advance_clock(3)
    assert _statuses(_detail(client, NIGHTLY, pipeline_run_id=build_id))[1] == {
        "compile": ("COMPLETED", "COMPLETED", "COMPLETED"),
        "unit-tests": ("RUNNING", "RUNNING", "RUNNING"),
    }
    emulator.advance_clock(3)
    assert _outcome(client, NIGHTLY, build_id) == ("completed", "success")
    detail = _detail(client, NIGHTLY, pipeline_run_id=build_id)
    assert detail["status"] == "COMPLETED" and abs(detail["end_time"] - detail["start_time"] - 6000) <= 1
    assert _outcome(client, NIGHTLY, BUILDING) == ("running", None), "the seeded build has 600 s to go"


def test_a_new_release_run_stops_at_its_review(client, emulator):
    build_id = _start(client, RELEASE)
    emulator.advance_clock(2)
    assert _outcome(client, RELEASE, build_id) == ("verifying", None)
    emulator.advance_clock(60)
    assert _outcome(client, RELEASE, build_id) == ("verifying", None), "a review waits"


def test_speed_zero_freezes_runs_until_stepped(client, emulator):
    assert admin(client, "pipeline/configure", {"speed": 0}).json()["speed"] == 0
    build_id = _start(client, NIGHTLY)
    emulator.advance_clock(100)
    assert _steps(_detail(client, NIGHTLY, pipeline_run_id=build_id))["compile"][2]["status"] == "RUNNING"
    assert admin(client, "pipeline/step", {"pipeline_run_id": build_id}).json() == {
        "events": 1,
        "runs": {build_id: "RUNNING"},
    }
    assert _steps(_detail(client, NIGHTLY, pipeline_run_id=build_id))["unit-tests"][2]["status"] == "RUNNING"
    assert admin(client, "pipeline/step", {"pipeline_run_id": build_id}).json()["runs"] == {build_id: "COMPLETED"}
    assert admin(client, "pipeline/step", {"pipeline_run_id": build_id}).json()["events"] == 0


def test_double_speed(client, emulator):
    admin(client, "pipeline/configure", {"speed": 2})
    build_id = _start(client, NIGHTLY)
    emulator.advance_clock(3)
    assert _outcome(client, NIGHTLY, build_id) == ("completed", "success")


def test_step_seconds_moves_runs_without_the_clock(client, emulator):
    answer = admin(client, "pipeline/step", {"seconds": 601}).json()
    assert answer["events"] == 1 and answer["runs"][BUILDING] == "RUNNING" and answer["runs"][WAITING] == "RUNNING"
    assert emulator.snapshot()["clock"]["offset"] == 0
    assert _steps(_detail(client, NIGHTLY, pipeline_run_id=BUILDING))["unit-tests"][2]["status"] == "RUNNING"
    emulator.advance_clock(2)
    assert _outcome(client, NIGHTLY, BUILDING) == ("completed", "success"), (
        "one of its three seconds had passed in the step"
    )
    assert _outcome(client, RELEASE, WAITING) == ("verifying", None)


def test_step_seconds_chains_events_of_one_run(client):
    build_id = _start(client, NIGHTLY)
    answer = admin(client, "pipeline/step", {"seconds": 6, "pipeline_run_id": build_id}).json()
    assert answer == {"events": 2, "runs": {build_id: "COMPLETED"}}
    assert _outcome(client, NIGHTLY, BUILDING) == ("running", None), "other runs did not move"


# Manual reviews


def test_refuse_fails_the_review_and_the_run(client, emulator):
    response = _decide(client, RELEASE, WAITING, "manager-approval", "refuse", {"approval_description": "not ok, 拒绝"})
    assert (response.status, response.json()) == (200, {"success": True})
    detail = _detail(client, RELEASE, pipeline_run_id=WAITING)
    assert _statuses(detail) == (
        "FAILED",
        {
            "build": ("COMPLETED", "COMPLETED", "COMPLETED"),
            "manager-approval": ("FAILED", "FAILED", "FAILED"),
            "deploy": ("INIT", "INIT", "INIT"),
        },
    )
    assert _steps(detail)["manager-approval"][2]["message"] == ""
    assert _outcome(client, RELEASE, WAITING) == ("completed", "error")
    review = next(
        step
        for stage in _state_run(emulator, WAITING)["stages"]
        for job in stage["jobs"]
        for step in job["steps"]
        if step["name"] == "manager-approval"
    )["review"]
    assert (review["decision"], review["approval_description"], review["by"], review["timed_out"]) == (
        "rejected",
        "not ok, 拒绝",
        USER,
        False,
    )
    entry = next(entry for entry in emulator.requests() if entry["method"] == "POST")
    assert (entry["service"], entry["operation"], entry["query"]) == (
        "pipeline",
        "RejectManualReview",
        {"approval_description": "not ok, 拒绝"},
    )


def test_pass_lets_the_run_go_on(client, emulator):
    assert _decide(client, RELEASE, WAITING, "manager-approval", "pass").json() == {"success": True}
    assert _statuses(_detail(client, RELEASE, pipeline_run_id=WAITING)) == (
        "RUNNING",
        {
            "build": ("COMPLETED", "COMPLETED", "COMPLETED"),
            "manager-approval": ("COMPLETED", "COMPLETED", "COMPLETED"),
            "deploy": ("RUNNING", "RUNNING", "RUNNING"),
        },
    )
    assert _outcome(client, RELEASE, WAITING) == ("running", None)
    emulator.advance_clock(2)
    assert _outcome(client, RELEASE, WAITING) == ("completed", "success")
    review = _state_run(emulator, WAITING)["stages"][1]["jobs"][0]["steps"][0]["review"]
    assert (review["decision"], review["approval_description"], review["by"]) == ("approved", None, USER)


@pytest.mark.parametrize(
    "run_id, step_name", [(WAITING, "build"), (WAITING, "deploy"), (TIMED_OUT, "manager-approval")]
)
@pytest.mark.parametrize("action", ["refuse", "pass"])
def test_deciding_a_step_that_does_not_wait_is_400(client, run_id, step_name, action):
    response = _decide(client, RELEASE, run_id, step_name, action)
    assert response.status == 400 and response.json()["error_code"] == "DEVPIPE.00011302"


def test_a_review_is_decided_once(client):
    assert _decide(client, RELEASE, WAITING, "manager-approval", "pass").status == 200
    for action in ("pass", "refuse"):
        assert _decide(client, RELEASE, WAITING, "manager-approval", action).json()["error_code"] == "DEVPIPE.00011302"


def test_unknown_job_or_step_run_is_404(client):
    _stage, job, step = _steps(_detail(client, RELEASE, pipeline_run_id=WAITING))["manager-approval"]
    base = f"{_runs_path(RELEASE)}/{WAITING}/jobs"
    for path in (
        f"{base}/{job['id']}/steps/{'0' * 32}/pass",
        f"{base}/{'0' * 32}/steps/{step['id']}/pass",
        f"{_runs_path(RELEASE)}/{TIMED_OUT}/jobs/{job['id']}/steps/{step['id']}/pass",
    ):
        response = client.call("POST", path)
        assert response.status == 404 and response.json()["error_code"] == "DEVPIPE.00011404"


def test_two_parallel_reviews(client):
    assert _status(client, GATED, TWO_REVIEWS)["status"] == "verifying"
    assert _decide(client, GATED, TWO_REVIEWS, "qa-review", "pass").status == 200
    assert _statuses(_detail(client, GATED, pipeline_run_id=TWO_REVIEWS))[1]["ops-review"] == (
        "RUNNING",
        "PAUSED",
        "RUNNING",
    )
    assert _outcome(client, GATED, TWO_REVIEWS) == ("verifying", None)
    assert _decide(client, GATED, TWO_REVIEWS, "ops-review", "pass").status == 200
    assert _outcome(client, GATED, TWO_REVIEWS) == ("completed", "success")


def test_refusing_one_of_two_parallel_reviews_cancels_the_other(client):
    assert _decide(client, GATED, TWO_REVIEWS, "ops-review", "refuse").status == 200
    assert _statuses(_detail(client, GATED, pipeline_run_id=TWO_REVIEWS)) == (
        "FAILED",
        {
            "build": ("COMPLETED", "COMPLETED", "COMPLETED"),
            "qa-review": ("FAILED", "CANCELED", "CANCELED"),
            "ops-review": ("FAILED", "FAILED", "FAILED"),
        },
    )


def test_review_timeout_with_the_clock():
    seed = _one_pipeline(
        [{"name": "r", "task": REVIEW_TASK, "timeout": 5}, {"name": "after", "task": "official_devcloud_build"}],
        runs=[{"id": WAITING, "at": "r"}],
    )
    with Emulator(seed) as emulator:
        client = _client(emulator)
        emulator.advance_clock(4)
        assert _outcome(client, RELEASE, WAITING) == ("verifying", None)
        emulator.advance_clock(1)
        assert _outcome(client, RELEASE, WAITING) == ("completed", "error")
        detail = _detail(client, RELEASE, pipeline_run_id=WAITING)
        assert _statuses(detail) == (
            "FAILED",
            {"r": ("FAILED", "FAILED", "FAILED"), "after": ("FAILED", "FAILED", "INIT")},
        )
        assert (
            _steps(detail)["r"][2]["message"]
            == "The manual review timed out after 5 s and was rejected (timeout_strategy: reject)."
        )
        assert _state_run(emulator, WAITING)["stages"][0]["jobs"][0]["steps"][0]["review"]["timed_out"] is True


def test_review_timeout_by_admin_step(client):
    assert admin(client, "pipeline/step", {"pipeline_run_id": WAITING}).json() == {
        "events": 1,
        "runs": {WAITING: "FAILED"},
    }
    assert (
        "timed out after 86400 s"
        in _steps(_detail(client, RELEASE, pipeline_run_id=WAITING))["manager-approval"][2]["message"]
    )


def test_review_timeout_that_passes():
    seed = _one_pipeline(
        [
            {"name": "r", "task": REVIEW_TASK, "timeout": 5, "timeout_strategy": "pass"},
            {"name": "after", "task": "official_devcloud_build"},
        ],
        runs=[{"id": WAITING}],
    )
    with Emulator(seed) as emulator:
        client = _client(emulator)
        assert admin(client, "pipeline/step", {"seconds": 5}).json() == {"events": 1, "runs": {WAITING: "RUNNING"}}
        steps = _steps(_detail(client, RELEASE, pipeline_run_id=WAITING))
        assert (steps["r"][2]["status"], steps["after"][2]["status"]) == ("COMPLETED", "RUNNING")
        assert "approved (timeout_strategy: pass)" in steps["r"][2]["message"]


# Stopping runs (S3 and its v5 twin)


def test_stop_lands_after_the_stop_delay(client, emulator):
    response = _stop(client, NIGHTLY, BUILDING)
    assert (response.status, response.json()) == (200, {"pipeline_id": NIGHTLY, "pipeline_name": "nightly-pipeline"})
    assert _outcome(client, NIGHTLY, BUILDING) == ("running", None), "a stop is asynchronous"
    assert _state_run(emulator, BUILDING)["stop"]["by"] == USER
    emulator.advance_clock(2)
    assert _outcome(client, NIGHTLY, BUILDING) == ("completed", "aborted")
    detail = _detail(client, NIGHTLY, pipeline_run_id=BUILDING)
    assert _statuses(detail) == (
        "CANCELED",
        {"compile": ("CANCELED", "CANCELED", "CANCELED"), "unit-tests": ("INIT", "INIT", "INIT")},
    )
    assert isinstance(detail["end_time"], int)
    assert [entry["operation"] for entry in emulator.requests()][:2] == ["StopPipelineNew", "ShowPipleineStatus"]


def test_stopping_run_makes_no_other_progress(client, emulator):
    build_id = _start(client, NIGHTLY)
    assert _stop(client, NIGHTLY, build_id).status == 200
    admin(client, "pipeline/configure", {"speed": 0})
    emulator.advance_clock(5)
    admin(client, "pipeline/configure", {"speed": 1})
    assert _steps(_detail(client, NIGHTLY, pipeline_run_id=build_id))["compile"][2]["status"] == "RUNNING"
    emulator.advance_clock(2)
    assert _statuses(_detail(client, NIGHTLY, pipeline_run_id=build_id))[0] == "CANCELED"


def test_stop_of_a_waiting_review_by_admin_step(client):
    assert _stop(client, RELEASE, WAITING).status == 200
    assert _decide(client, RELEASE, WAITING, "manager-approval", "pass").json()["error_code"] == "DEVPIPE.00011302", (
        "the run is stopping"
    )
    assert admin(client, "pipeline/step", {"pipeline_run_id": WAITING}).json() == {
        "events": 1,
        "runs": {WAITING: "CANCELED"},
    }
    assert _statuses(_detail(client, RELEASE, pipeline_run_id=WAITING)) == (
        "CANCELED",
        {
            "build": ("COMPLETED", "COMPLETED", "COMPLETED"),
            "manager-approval": ("CANCELED", "CANCELED", "CANCELED"),
            "deploy": ("INIT", "INIT", "INIT"),
        },
    )
    assert _outcome(client, RELEASE, WAITING) == ("completed", "aborted")


def test_stopping_a_stopping_run_changes_nothing(client, emulator):
    assert _stop(client, NIGHTLY, BUILDING).status == 200
    before = _state_run(emulator, BUILDING)
    emulator.advance_clock(1)
    response = _stop(client, NIGHTLY, BUILDING)
    assert (response.status, response.json()["pipeline_name"]) == (200, "nightly-pipeline")
    assert _state_run(emulator, BUILDING)["stop"] == before["stop"]
    emulator.advance_clock(1)
    assert _outcome(client, NIGHTLY, BUILDING) == ("completed", "aborted")


@pytest.mark.parametrize("pipeline, run_id", [(NIGHTLY, SUCCEEDED), (RELEASE, TIMED_OUT)])
def test_stopping_an_ended_run_is_400(client, pipeline, run_id):
    for response in (_stop(client, pipeline, run_id), client.call("POST", f"{_runs_path(pipeline)}/{run_id}/stop")):
        assert response.status == 400 and response.json()["error_code"] == "DEVPIPE.00011301"


def test_stopping_an_aborted_run_again_is_400(client):
    _stop(client, NIGHTLY, BUILDING)
    admin(client, "pipeline/step", {"seconds": 2})
    assert _stop(client, NIGHTLY, BUILDING).json()["error_code"] == "DEVPIPE.00011301"


def test_v5_stop(client, emulator):
    response = client.call("POST", f"{_runs_path(GATED)}/{TWO_REVIEWS}/stop")
    assert (response.status, response.json()) == (200, {"success": True})
    assert emulator.requests()[-1]["operation"] == "StopPipelineRun"
    assert admin(client, "pipeline/step", {"seconds": 2, "pipeline_run_id": TWO_REVIEWS}).json()["runs"] == {
        TWO_REVIEWS: "CANCELED"
    }
    assert _statuses(_detail(client, GATED, pipeline_run_id=TWO_REVIEWS))[1] == {
        "build": ("COMPLETED", "COMPLETED", "COMPLETED"),
        "qa-review": ("CANCELED", "CANCELED", "CANCELED"),
        "ops-review": ("CANCELED", "CANCELED", "CANCELED"),
    }


def test_stop_delay_set_by_admin_and_by_seed(client, emulator):
    answer = admin(client, "pipeline/configure", {"pipeline_id": NIGHTLY, "stop_delay": 10}).json()
    assert answer["pipelines"][NIGHTLY] == {"step_duration": 3, "stop_delay": 10}
    _stop(client, NIGHTLY, BUILDING)
    emulator.advance_clock(9)
    assert _outcome(client, NIGHTLY, BUILDING) == ("running", None)
    emulator.advance_clock(1)
    assert _outcome(client, NIGHTLY, BUILDING) == ("completed", "aborted")
    seed = _one_pipeline(
        [{"name": "b", "task": "official_devcloud_build", "duration": 100}], stop_delay=0, runs=[{"id": WAITING}]
    )
    with Emulator(seed) as other:
        other_client = _client(other)
        _stop(other_client, RELEASE, WAITING)
        assert _outcome(other_client, RELEASE, WAITING) == ("completed", "aborted")


def test_step_duration_set_by_admin(client, emulator):
    admin(client, "pipeline/configure", {"pipeline_id": NIGHTLY, "step_duration": 1})
    build_id = _start(client, NIGHTLY)
    emulator.advance_clock(2)
    assert _outcome(client, NIGHTLY, build_id) == ("completed", "success")


# Errors


@pytest.mark.parametrize(
    "method, path, query",
    [
        ("POST", f"/v3/pipelines/{MISSING}/start", None),
        ("GET", f"/v3/pipelines/{MISSING}/status", None),
        ("POST", f"/v3/pipelines/{MISSING}/stop", {"build_id": WAITING}),
        ("GET", f"{_runs_path(MISSING)}/detail", None),
        ("POST", f"{_runs_path(MISSING)}/{WAITING}/stop", None),
        ("POST", f"{_runs_path(MISSING)}/{WAITING}/jobs/{'0' * 32}/steps/{'0' * 32}/pass", None),
    ],
)
def test_missing_pipeline_is_404(client, method, path, query):
    response = client.call(method, path, query)
    assert response.status == 404 and response.json()["error_code"] == "DEVPIPE.00011401"


@pytest.mark.parametrize(
    "method, suffix",
    [("GET", "detail"), ("POST", f"{WAITING}/stop"), ("POST", f"{WAITING}/jobs/{'0' * 32}/steps/{'0' * 32}/refuse")],
)
def test_v5_project_that_does_not_hold_the_pipeline_is_404(client, method, suffix):
    response = client.call(method, f"{_runs_path(RELEASE, LOAD_PROJECT)}/{suffix}")
    assert response.status == 404 and response.json()["error_code"] == "DEVPIPE.00011412"


@pytest.mark.parametrize(
    "method, path, query",
    [
        ("GET", f"/v3/pipelines/{RELEASE}/status", {"build_id": BUILDING}),
        ("POST", f"/v3/pipelines/{RELEASE}/stop", {"build_id": "f" * 32}),
        ("GET", f"{_runs_path(RELEASE)}/detail", {"pipeline_run_id": BUILDING}),
        ("GET", f"{_runs_path(RELEASE)}/detail", {"pipeline_run_number": 9}),
        ("POST", f"{_runs_path(RELEASE)}/{SUCCEEDED}/stop", None),
    ],
)
def test_missing_run_is_404(client, method, path, query):
    response = client.call(method, path, query)
    assert response.status == 404 and response.json()["error_code"] == "DEVPIPE.00011404"


def test_a_pipeline_without_runs_has_no_latest_run():
    seed = _one_pipeline([{"name": "b", "task": "official_devcloud_build"}])
    with Emulator(seed) as emulator:
        response = _client(emulator).call("GET", f"{_runs_path(RELEASE)}/detail")
        assert response.status == 404 and response.json()["error_code"] == "DEVPIPE.00011404"


@pytest.mark.parametrize(
    "method, path, query, body",
    [
        ("POST", f"/v3/pipelines/{RELEASE}/stop", None, None),
        ("POST", f"/v3/pipelines/{RELEASE}/start", None, {"build_params": [{"name": "x"}]}),
        ("POST", f"/v3/pipelines/{RELEASE}/start", None, {"build_params": "x=1"}),
        ("GET", f"{_runs_path(RELEASE)}/detail", {"pipeline_run_number": "one"}, None),
    ],
)
def test_invalid_parameters_are_400(client, method, path, query, body):
    response = client.call(method, path, query, body)
    assert response.status == 400 and response.json()["error_code"] == "DEVPIPE.00011001"


def test_unsigned_request_is_refused_before_the_service(client, emulator):
    response = client.send("GET", f"/v3/pipelines/{RELEASE}/status", headers={"Host": client.netloc})
    assert response.status == 401 and response.json()["error_code"] == "APIGW.0301"
    assert emulator.requests()[-1]["operation"] == "ShowPipleineStatus"


# Admin API and seed


@pytest.mark.parametrize(
    "path, body",
    [
        ("pipeline/step", {}),
        ("pipeline/step", None),
        ("pipeline/step", {"pipeline_run_id": "nope"}),
        ("pipeline/step", {"seconds": -1}),
        ("pipeline/step", {"seconds": 1, "colour": "red"}),
        ("pipeline/configure", {"speed": -1}),
        ("pipeline/configure", {"colour": "red"}),
        ("pipeline/configure", {"pipeline_id": MISSING, "stop_delay": 1}),
        ("pipeline/configure", {"stop_delay": 1}),
        ("pipeline/configure", {"pipeline_id": RELEASE}),
        ("pipeline/configure", {"speed": "fast"}),
    ],
)
def test_admin_refuses_bad_input(client, path, body):
    response = admin(client, path, body)
    assert response.status == 400 and response.json()["error_code"] == "EMULATOR.400"


def test_admin_unknown_action_and_method(client):
    assert admin(client, "pipeline/rewind", {}).status == 404
    assert client.send("GET", "/_emulator/pipeline/step", headers={"Host": client.netloc}).status == 405


def test_python_api_and_state(emulator):
    assert emulator.service_action("pipeline", "configure", {"speed": 0.5})["speed"] == 0.5
    state = emulator.snapshot()["pipeline"]
    assert state["speed"] == 0.5 and [
        pipeline["name"] for pipeline in state["pipelines"] if pipeline["project_id"] == PROJECT
    ] == ["release-pipeline", "nightly-pipeline", "gated-pipeline"]
    assert [
        (run["id"], run["run_number"]) for run in state["runs"] if run["pipeline_id"] in (RELEASE, NIGHTLY, GATED)
    ] == [(TIMED_OUT, 1), (WAITING, 2), (SUCCEEDED, 1), (BUILDING, 2), (TWO_REVIEWS, 1)]
    json.dumps(state)
    emulator.reset()
    assert emulator.snapshot()["pipeline"]["speed"] == 1


def test_an_empty_or_missing_section_is_fine():
    seed = load_seed(None)
    del seed["pipeline"]
    assert Emulator(seed).snapshot()["pipeline"] == {"speed": 1.0, "pipelines": [], "runs": []}


def test_seeded_run_states():
    steps = [
        {"name": "a", "task": "official_devcloud_build"},
        {"name": "r", "task": REVIEW_TASK},
        {"name": "b", "task": "official_devcloud_build"},
    ]
    runs = [
        {"id": "r" + "1" * 31, "at": "b", "end": "failed"},
        {"id": "r" + "2" * 31, "at": "a", "end": "canceled"},
        {"id": "r" + "3" * 31, "at": "r", "end": "refused", "executor": "someone"},
        {"id": "r" + "4" * 31, "at": "b", "remaining": 30},
    ]
    state = {run["id"]: run for run in Emulator(_one_pipeline(steps, runs=runs)).snapshot()["pipeline"]["runs"]}
    failed = state["r" + "1" * 31]["stages"][0]["jobs"][0]
    assert [step["status"] for step in failed["steps"]] == ["COMPLETED", "COMPLETED", "FAILED"] and failed[
        "message"
    ] == "Step b failed."
    assert failed["steps"][1]["review"]["decision"] == "approved", "reviews on the way were approved"
    assert [step["status"] for step in state["r" + "2" * 31]["stages"][0]["jobs"][0]["steps"]] == [
        "CANCELED",
        "INIT",
        "INIT",
    ]
    refused = state["r" + "3" * 31]
    assert (refused["status"], refused["executor"], refused["stages"][0]["jobs"][0]["steps"][1]["review"]["by"]) == (
        "FAILED",
        "someone",
        "someone",
    )
    assert state["r" + "4" * 31]["status"] == "RUNNING"


@pytest.mark.parametrize(
    "change, match",
    [
        ({"id": "NOT-AN-ID"}, "32 characters"),
        ({"colour": "red"}, "colour"),
        ({"stages": []}, "needs jobs"),
        ({"stages": [{"name": "S", "jobs": []}]}, "needs jobs"),
        ({"stages": [{"name": "S", "jobs": [{"name": "j", "steps": []}]}]}, "steps in every job"),
        ({"stages": [{"name": "S"}]}, "stages need"),
        ({"step_duration": -1}, "negative"),
        ({"stop_delay": "soon"}, "seconds"),
        (
            {
                "stages": [
                    {
                        "name": "S",
                        "jobs": [{"name": "j", "steps": [{"name": "a", "task": "t"}, {"name": "a", "task": "t"}]}],
                    }
                ]
            },
            "unique",
        ),
        (
            {"stages": [{"name": "S", "jobs": [{"name": "j", "steps": [{"name": "a", "task": "t", "timeout": 5}]}]}]},
            "only a manual review",
        ),
        (
            {
                "stages": [
                    {
                        "name": "S",
                        "jobs": [{"name": "j", "steps": [{"name": "a", "task": REVIEW_TASK, "timeout_strategy": "x"}]}],
                    }
                ]
            },
            "reject or pass",
        ),
        ({"runs": [{"id": "bad"}]}, "run"),
        ({"runs": [{"id": WAITING}, {"id": WAITING}]}, "twice"),
        ({"runs": [{"id": WAITING, "at": "nowhere"}]}, "names a step"),
        ({"runs": [{"id": WAITING, "end": "refused"}]}, "names a step"),
        ({"runs": [{"id": WAITING, "at": "b", "end": "completed"}]}, "names a step"),
        ({"runs": [{"id": WAITING, "at": "b", "end": "exploded"}]}, "end is one of"),
        ({"runs": [{"id": WAITING, "at": "b", "end": "refused"}]}, "manual review"),
        ({"runs": [{"id": WAITING, "at": "r", "end": "failed"}]}, "manual review"),
        ({"runs": [{"id": WAITING, "at": "r", "end": "timed_out"}]}, "leaves"),
        ({"runs": [{"id": WAITING, "end": "completed", "remaining": 3}]}, "remaining"),
        ({"runs": [{"id": WAITING, "at": "r", "remaining": 3}]}, "remaining"),
        ({"runs": [{"id": WAITING, "build_params": [1]}]}, "build_params"),
        ({"runs": [{"id": WAITING, "colour": "red"}]}, "colour"),
    ],
)
def test_seed_is_validated(change, match):
    pipeline = {
        "id": RELEASE,
        "name": "p",
        "project_id": PROJECT,
        "stages": [
            {
                "name": "S",
                "jobs": [
                    {
                        "name": "j",
                        "steps": [{"name": "b", "task": "official_devcloud_build"}, {"name": "r", "task": REVIEW_TASK}],
                    }
                ],
            }
        ],
    }
    seed = _seed(pipelines=[{**copy.deepcopy(pipeline), **change}])
    with pytest.raises(ValueError, match=match):
        Emulator(seed)


def test_seed_rejects_a_duplicate_pipeline_and_a_bad_speed():
    pipeline = {
        "id": RELEASE,
        "project_id": PROJECT,
        "stages": [{"name": "S", "jobs": [{"name": "j", "steps": [{"name": "b", "task": "t"}]}]}],
    }
    with pytest.raises(ValueError, match="twice"):
        Emulator(_seed(pipelines=[pipeline, pipeline]))
    with pytest.raises(ValueError, match="speed"):
        Emulator(_seed(speed=-1))


# The list calls (ListPipelines, ListPipelineRuns) and the housekeeping project's runs

HK_RUNAWAY, HK_HEALTHY, HK_STALE, HK_FRESH, HK_IDLE = (f"p1e0000000000000000000000000a30{n}" for n in range(1, 6))
HK_NAMES = {
    HK_RUNAWAY: "hk-runaway",
    HK_HEALTHY: "hk-healthy",
    HK_STALE: "hk-stale-review",
    HK_FRESH: "hk-fresh-review",
    HK_IDLE: "hk-idle",
}
HK_DONE_RUN, HK_RUNAWAY_RUN, HK_HEALTHY_RUN, HK_STALE_RUN, HK_FRESH_RUN, HK_IDLE_OLD_RUN, HK_IDLE_RUN = (
    f"r000000000000000000000000000a30{n}" for n in range(1, 8)
)
HOUR = 3600


def _list_pipelines(client, project=HOUSEKEEPING_PROJECT, **body):
    return client.call("POST", f"/v5/{project}/api/pipelines/list", body=body)


def _list_runs(client, pipeline, project=HOUSEKEEPING_PROJECT, **body):
    return client.call("POST", f"/v5/{project}/api/pipelines/{pipeline}/pipeline-runs/list", body=body)


def _names(answer):
    return [pipeline["name"] for pipeline in answer["pipelines"]]


def _run_ids(answer):
    return [run["pipeline_run_id"] for run in answer["pipeline_runs"]]


def _hours_ago(now_ms, then_ms):
    return round((now_ms - then_ms) / 3600_000, 2)


def test_list_pipelines_newest_first_with_their_latest_run(client):
    answer = ok(_list_pipelines(client))
    assert (answer["offset"], answer["limit"], answer["total"]) == (0, 10, 5)
    assert _names(answer) == ["hk-idle", "hk-fresh-review", "hk-stale-review", "hk-healthy", "hk-runaway"], (
        "create_time, newest first"
    )
    now = answer["current_system_time"]
    latest = {pipeline["name"]: pipeline["latest_run"] for pipeline in answer["pipelines"]}
    assert {
        name: (run["status"], _hours_ago(now, run["start_time"])) for name, run in latest.items() if name != "hk-idle"
    } == {
        "hk-runaway": ("RUNNING", 7.0),
        "hk-healthy": ("RUNNING", 1.0),
        "hk-fresh-review": ("RUNNING", 2.02),
        "hk-stale-review": ("RUNNING", 30.02),
    }
    idle = latest["hk-idle"]
    assert (idle["pipeline_run_id"], idle["run_number"], idle["status"], _hours_ago(now, idle["end_time"])) == (
        HK_IDLE_RUN,
        2,
        "COMPLETED",
        24.0,
    )
    pipeline = answer["pipelines"][0]
    assert (pipeline["project_id"], pipeline["project_name"], pipeline["tag_list"], pipeline["manifest_version"]) == (
        HOUSEKEEPING_PROJECT,
        "housekeeping",
        [],
        "3.0",
    )
    assert isinstance(pipeline["create_time"], int) and pipeline["create_time"] < idle["start_time"]
    assert (
        idle["executor_name"],
        re.fullmatch("[0-9a-f]{32}", idle["executor_id"]) is not None,
        idle["trigger_type"],
    ) == (USER, True, "Manual")
    assert idle["stage_status_list"] == [
        {
            "name": "Build",
            "sequence": 0,
            "status": "COMPLETED",
            "start_time": idle["stage_status_list"][0]["start_time"],
            "end_time": idle["stage_status_list"][0]["end_time"],
            "id": idle["stage_status_list"][0]["id"],
        }
    ]
    assert V3_TIME.match(idle["stage_status_list"][0]["start_time"]) and V3_TIME.match(
        idle["stage_status_list"][0]["end_time"]
    )
    assert idle["build_params"]["event_type"] == "Manual" and set(idle["artifact_params"]) == {
        "version",
        "branch_filter",
        "package_name",
        "organization",
    }
    assert idle["detail_url"].endswith(f"/pipeline/detail/{HK_IDLE}/{HK_IDLE_RUN}")
    assert latest["hk-runaway"]["end_time"] is None


def test_list_pipelines_of_the_demo_project_only(client):
    answer = ok(_list_pipelines(client, PROJECT))
    assert _names(answer) == ["gated-pipeline", "nightly-pipeline", "release-pipeline"]
    assert answer["pipelines"][2]["latest_run"]["pipeline_run_id"] == WAITING
    assert ok(client.call("POST", f"/v5/{PROJECT}/api/pipelines/list"))["total"] == 3, "an empty body lists everything"
    unknown = ok(_list_pipelines(client, "c0dea77500000000000000000000ffff"))
    assert (unknown["total"], unknown["pipelines"]) == (0, [])


@pytest.mark.parametrize(
    "body, names",
    [
        ({"name": "REVIEW"}, ["hk-fresh-review", "hk-stale-review"]),
        ({"name": "nothing"}, []),
        ({"status": ["COMPLETED"]}, ["hk-idle"]),
        ({"status": ["RUNNING"], "name": "hk-r"}, ["hk-runaway"]),
        ({"status": []}, None),
        (
            {"sort_key": "name", "sort_dir": "asc"},
            ["hk-fresh-review", "hk-healthy", "hk-idle", "hk-runaway", "hk-stale-review"],
        ),
        ({"sort_key": "name"}, ["hk-stale-review", "hk-runaway", "hk-idle", "hk-healthy", "hk-fresh-review"]),
        ({"sort_dir": "asc"}, ["hk-runaway", "hk-healthy", "hk-stale-review", "hk-fresh-review", "hk-idle"]),
        ({"sort_key": "name", "sort_dir": "asc", "offset": 1, "limit": 2}, ["hk-healthy", "hk-idle"]),
        ({"offset": 5}, []),
        ({"colour": "red", "project_ids": ["x"], "is_banned": True}, None),
    ],
)
def test_list_pipelines_filters_orders_and_pages(client, body, names):
    answer = ok(_list_pipelines(client, **body))
    default = ["hk-idle", "hk-fresh-review", "hk-stale-review", "hk-healthy", "hk-runaway"]
    assert _names(answer) == (default if names is None else names)
    if "offset" not in body:
        assert answer["total"] == len(answer["pipelines"])


def test_a_pipeline_never_run_is_listed_with_no_latest_run():
    seed = {
        **_one_pipeline([{"name": "b", "task": "official_devcloud_build"}], created_ago=3600, description="fresh"),
        "codearts_projects": [],
    }
    with Emulator(seed) as emulator:
        client = _client(emulator)
        answer = ok(_list_pipelines(client, PROJECT))
        (pipeline,) = answer["pipelines"]
        assert (pipeline["latest_run"], pipeline["description"], pipeline["project_name"]) == (None, "fresh", PROJECT)
        assert _hours_ago(answer["current_system_time"], pipeline["create_time"]) == 1.0
        assert ok(_list_pipelines(client, PROJECT, status=["RUNNING", "COMPLETED"]))["pipelines"] == []


@pytest.mark.parametrize(
    "body",
    [
        {"limit": 0},
        {"limit": 101},
        {"offset": -1},
        {"limit": "10"},
        {"offset": True},
        {"status": "RUNNING"},
        {"status": [1]},
        {"name": 5},
        {"sort_key": "update_time"},
        {"sort_dir": "up"},
        [1],
    ],
)
def test_bad_list_pipelines_bodies_are_400(client, body):
    response = client.call("POST", f"/v5/{HOUSEKEEPING_PROJECT}/api/pipelines/list", body=body)
    assert (response.status, response.json()["error_code"]) == (400, "DEVPIPE.00011001")


def test_list_runs_newest_first(client, emulator):
    answer = ok(_list_runs(client, HK_RUNAWAY))
    assert (answer["offset"], answer["limit"], answer["total"], _run_ids(answer)) == (
        0,
        10,
        2,
        [HK_RUNAWAY_RUN, HK_DONE_RUN],
    )
    running, done = answer["pipeline_runs"]
    assert (running["status"], running["run_number"], running["end_time"], done["status"], done["run_number"]) == (
        "RUNNING",
        2,
        None,
        "COMPLETED",
        1,
    )
    assert [stage["status"] for stage in running["stage_status_list"]] == ["RUNNING"] and running["stage_status_list"][
        0
    ]["end_time"] is None
    assert _run_ids(ok(_list_runs(client, HK_RUNAWAY, sort_dir="asc"))) == [HK_DONE_RUN, HK_RUNAWAY_RUN]
    assert _run_ids(ok(_list_runs(client, HK_RUNAWAY, offset=1, limit=1))) == [HK_DONE_RUN]
    assert [entry["operation"] for entry in emulator.requests()] == ["ListPipelineRuns"] * 3
    # A list call is a POST that only reads: the request log does not count it as a write.
    assert [entry["write"] for entry in emulator.requests()] == [False] * 3


def test_list_runs_by_status_a_waiting_review_reads_running(client):
    assert _run_ids(ok(_list_runs(client, HK_STALE, status=["RUNNING"]))) == [HK_STALE_RUN]
    assert ok(_list_runs(client, HK_STALE, status=["PAUSED", "COMPLETED"]))["total"] == 0
    assert _run_ids(ok(_list_runs(client, RELEASE, PROJECT, status=["FAILED"]))) == [TIMED_OUT]
    assert _run_ids(ok(_list_runs(client, NIGHTLY, PROJECT, status=["COMPLETED", "RUNNING"]))) == [BUILDING, SUCCEEDED]


def test_list_runs_by_start_time(client):
    now = ok(_list_pipelines(client))["current_system_time"]
    two_days_ago = now - 2 * 86400_000
    text = datetime.fromtimestamp(two_days_ago / 1000, timezone.utc).strftime("%Y-%m-%d %H:%M:%S")
    for bound in (two_days_ago, str(two_days_ago), text):
        assert _run_ids(ok(_list_runs(client, HK_IDLE, start_time=bound))) == [HK_IDLE_RUN]
        assert _run_ids(ok(_list_runs(client, HK_IDLE, end_time=bound))) == [HK_IDLE_OLD_RUN]
    latest = ok(_list_runs(client, HK_IDLE))["pipeline_runs"][0]["start_time"]
    assert _run_ids(ok(_list_runs(client, HK_IDLE, start_time=latest, end_time=latest))) == [HK_IDLE_RUN], (
        "both bounds are inclusive"
    )
    assert ok(_list_runs(client, HK_IDLE, start_time=None, end_time=None))["total"] == 2


def test_list_runs_by_update_time(client):
    build_id = _start(client, NIGHTLY)
    assert _run_ids(ok(_list_runs(client, NIGHTLY, PROJECT, sort_key="update_time"))) == [
        build_id,
        BUILDING,
        SUCCEEDED,
    ]
    assert _run_ids(ok(_list_runs(client, NIGHTLY, PROJECT, sort_key="update_time", sort_dir="asc"))) == [
        SUCCEEDED,
        BUILDING,
        build_id,
    ]


@pytest.mark.parametrize(
    "body",
    [
        {"start_time": "yesterday"},
        {"end_time": "2026-11-22T10:00:00Z"},
        {"start_time": True},
        {"start_time": []},
        {"limit": 0},
        {"offset": -1},
        {"status": "RUNNING"},
        {"sort_key": "name"},
        {"sort_dir": "sideways"},
    ],
)
def test_bad_list_runs_bodies_are_400(client, body):
    response = _list_runs(client, HK_IDLE, **body)
    assert (response.status, response.json()["error_code"]) == (400, "DEVPIPE.00011001")


def test_list_runs_of_a_missing_pipeline_or_in_another_project(client):
    missing = _list_runs(client, MISSING)
    assert (missing.status, missing.json()["error_code"]) == (404, "DEVPIPE.00011401")
    elsewhere = _list_runs(client, HK_IDLE, PROJECT)
    assert (elsewhere.status, elsewhere.json()["error_code"]) == (404, "DEVPIPE.00011412")


def test_a_review_waiting_30_hours_shows_when_it_started(client):
    detail = ok(client.call("GET", f"{_runs_path(HK_STALE, HOUSEKEEPING_PROJECT)}/detail"))
    assert _statuses(detail) == (
        "RUNNING",
        {
            "build": ("COMPLETED", "COMPLETED", "COMPLETED"),
            "approval": ("RUNNING", "PAUSED", "RUNNING"),
            "deploy": ("INIT", "INIT", "INIT"),
        },
    )
    review = _steps(detail)["approval"][2]
    assert (review["task"], _hours_ago(detail["current_system_time"], review["start_time"])) == (REVIEW_TASK, 30.0)
    assert _hours_ago(detail["current_system_time"], detail["start_time"]) == 30.02, (
        "the build step took a minute before it"
    )
    fresh = ok(client.call("GET", f"{_runs_path(HK_FRESH, HOUSEKEEPING_PROJECT)}/detail"))
    assert _hours_ago(fresh["current_system_time"], _steps(fresh)["approval"][2]["start_time"]) == 2.0


def test_a_run_building_for_7_hours_keeps_building(client):
    detail = ok(client.call("GET", f"{_runs_path(HK_RUNAWAY, HOUSEKEEPING_PROJECT)}/detail"))
    build = _steps(detail)["build"][2]
    assert (build["status"], _hours_ago(detail["current_system_time"], build["start_time"])) == ("RUNNING", 7.0)
    assert admin(client, "pipeline/step", {"seconds": 86400}).json()["runs"][HK_RUNAWAY_RUN] == "RUNNING", (
        "`remaining` is 10 days"
    )


@pytest.mark.parametrize(
    "run, match",
    [
        ({"at": "b", "waited": 10}, "would have finished"),
        ({"at": "r", "waited": 10}, "would have timed out"),
        ({"at": "b", "end": "failed", "waited": 10}, "`waited`"),
        ({"at": "b", "ended_ago": 10}, "`ended_ago`"),
        ({"at": "b", "waited": -1}, "negative"),
    ],
)
def test_aged_runs_are_validated(run, match):
    steps = [
        {"name": "b", "task": "official_devcloud_build", "duration": 5},
        {"name": "r", "task": REVIEW_TASK, "timeout": 5},
    ]
    with pytest.raises(ValueError, match=f"^pipeline seed: .*{match}"):
        Emulator(_one_pipeline(steps, runs=[{"id": WAITING, **run}]))


def test_aged_runs_as_seeded():
    steps = [
        {"name": "b", "task": "official_devcloud_build", "duration": 60},
        {"name": "r", "task": REVIEW_TASK, "timeout": 7200},
    ]
    runs = [
        {"id": "r" + "1" * 31, "end": "completed", "ended_ago": 3600},
        {"id": "r" + "2" * 31, "at": "b", "waited": 30},
        {"id": "r" + "3" * 31, "at": "r", "waited": 3600},
        {"id": "r" + "4" * 31, "at": "b", "waited": 600, "remaining": 5},
    ]
    seed = _one_pipeline(steps, runs=runs)
    seed["pipeline"]["speed"] = 0
    with Emulator(seed) as emulator:
        now = emulator.state.clock.now_ms()
        state = {run["id"]: run for run in emulator.snapshot()["pipeline"]["runs"]}
        done, building, reviewing, long_building = (state["r" + str(n) * 31] for n in range(1, 5))
        assert (
            done["status"],
            _hours_ago(now, done["end_time"]),
            round((done["end_time"] - done["start_time"]) / 1000),
        ) == ("COMPLETED", 1.0, 60)
        assert round((now - building["start_time"]) / 1000) == 30
        assert round((now - reviewing["stages"][0]["jobs"][0]["steps"][1]["start_time"]) / 1000) == 3600
        assert reviewing["stages"][0]["jobs"][0]["steps"][1]["status"] == "RUNNING"
        client = _client(emulator)
        assert (
            admin(client, "pipeline/step", {"seconds": 30, "pipeline_run_id": building["id"]}).json()["events"] == 1
        ), "30 s were left"
        assert (
            admin(client, "pipeline/step", {"seconds": 5, "pipeline_run_id": long_building["id"]}).json()["events"] == 1
        )
        assert (
            admin(client, "pipeline/step", {"seconds": 3599, "pipeline_run_id": reviewing["id"]}).json()["events"] == 0
        )
        assert admin(client, "pipeline/step", {"seconds": 1, "pipeline_run_id": reviewing["id"]}).json()["runs"] == {
            reviewing["id"]: "FAILED"
        }


def _pipeline_path(pipeline, project=PROJECT):
    return f"/v5/{project}/api/pipelines/{pipeline}"


def test_ban_and_unban_answer_true_and_are_idempotent(client, emulator):
    detail = ok(client.call("GET", _pipeline_path(NIGHTLY)))
    assert (detail["id"], detail["banned"], detail["deleted"]) == (NIGHTLY, False, False)
    for _attempt in range(2):
        response = client.call("PUT", _pipeline_path(NIGHTLY) + "/ban")
        assert response.status == 200 and response.body == b"true"
        assert ok(client.call("GET", _pipeline_path(NIGHTLY)))["banned"] is True
    listed = ok(client.call("POST", f"/v5/{PROJECT}/api/pipelines/list", body={}))["pipelines"]
    assert [item["banned"] for item in listed if item["pipeline_id"] == NIGHTLY] == [True]
    enabled_only = ok(client.call("POST", f"/v5/{PROJECT}/api/pipelines/list", body={"is_banned": False}))
    assert NIGHTLY not in [item["pipeline_id"] for item in enabled_only["pipelines"]]
    # [MODEL] A disabled pipeline refuses a new run; its runs under way go on.
    refused = client.call("POST", f"/v3/pipelines/{NIGHTLY}/start", body={})
    assert refused.status == 400 and refused.json()["error_code"] == "DEVPIPE.99990002"
    for _attempt in range(2):
        assert client.call("PUT", _pipeline_path(NIGHTLY) + "/unban").body == b"true"
    assert ok(client.call("GET", _pipeline_path(NIGHTLY)))["banned"] is False
    assert _start(client, NIGHTLY)


def test_ban_of_a_pipeline_elsewhere_is_404(client):
    assert client.call("PUT", _pipeline_path(MISSING) + "/ban").json()["error_code"] == "DEVPIPE.00011401"
    assert client.call("GET", _pipeline_path(RELEASE, LOAD_PROJECT)).json()["error_code"] == "DEVPIPE.00011412"


def test_a_pipeline_seeded_disabled():
    seed = load_seed(None)
    seed["pipeline"]["pipelines"][0]["banned"] = True
    with Emulator(seed=seed) as emulator:
        pipeline = seed["pipeline"]["pipelines"][0]
        detail = ok(_client(emulator).call("GET", _pipeline_path(pipeline["id"], pipeline["project_id"])))
        assert detail["banned"] is True


def test_retry_runs_a_failed_run_again_under_the_same_id(client, emulator):
    """[MODEL] The timed-out review of run r…05 failed the run; a retry makes the review wait again."""
    assert _detail(client, RELEASE, pipeline_run_id=TIMED_OUT)["status"] == "FAILED"
    response = client.call("PUT", f"{_runs_path(RELEASE)}/{TIMED_OUT}/retry")
    assert response.status == 200 and response.json() == {"success": True}
    detail = _detail(client, RELEASE, pipeline_run_id=TIMED_OUT)
    assert (detail["id"], detail["status"], detail["end_time"]) == (TIMED_OUT, "RUNNING", None)
    review = next(
        step
        for stage in detail["stages"]
        for job in stage["jobs"]
        for step in job["steps"]
        if step["task"] == REVIEW_TASK
    )
    assert review["status"] == "RUNNING", "the review waits again"
    build = detail["stages"][0]
    assert build["status"] == "COMPLETED", "what had completed stays completed"
    again = client.call("PUT", f"{_runs_path(RELEASE)}/{TIMED_OUT}/retry")
    assert again.status == 400 and again.json()["error_code"] == "DEVPIPE.99990001"


@pytest.mark.parametrize("run_id", [WAITING, SUCCEEDED])
def test_retry_of_a_run_that_did_not_fail_is_400(client, run_id):
    pipeline = RELEASE if run_id == WAITING else NIGHTLY
    response = client.call("PUT", f"{_runs_path(pipeline)}/{run_id}/retry")
    assert response.status == 400 and response.json()["error_code"] == "DEVPIPE.99990001"


def test_batch_latest_status_answers_the_latest_run_of_each_pipeline_named(client, emulator):
    """BatchShowPipelinesLatestStatus: a bare array, in the order asked; another project's pipeline, an unknown one and
    one that never ran are left out."""
    never_ran = dict(load_seed(None)["pipeline"]["pipelines"][0], id="p1e00000000000000000000000000a3f", runs=[])
    seed = load_seed(None)
    seed["pipeline"]["pipelines"].append(dict(never_ran, project_id=HOUSEKEEPING_PROJECT, name="hk-never-ran"))
    emulator.reset(seed)
    stale, runaway = "p1e0000000000000000000000000a303", "p1e0000000000000000000000000a301"
    asked = [stale, "p1e0000000000000000000000000000a", MISSING, never_ran["id"], runaway]
    answer = ok(client.call("POST", f"/v5/{HOUSEKEEPING_PROJECT}/api/pipelines/status", body=asked))
    assert [(run["pipeline_id"], run["pipeline_run_id"], run["status"]) for run in answer] == [
        (stale, "r000000000000000000000000000a304", "RUNNING"),
        (runaway, "r000000000000000000000000000a302", "RUNNING"),
    ]
    listed = ok(client.call("POST", f"/v5/{HOUSEKEEPING_PROJECT}/api/pipelines/list", body={"name": "hk-runaway"}))
    latest = listed["pipelines"][0]["latest_run"]
    assert answer[1] == dict(
        latest,
        stage_status_list=[
            {key: value for key, value in stage.items() if key != "id"} for stage in latest["stage_status_list"]
        ],
    )


@pytest.mark.parametrize(
    "body",
    [None, {}, [], "p1e0000000000000000000000000a301", [1], ["p1e0000000000000000000000000a301"] * 2, ["x"] * 101],
)
def test_batch_latest_status_refuses_a_body_that_is_not_1_to_100_pipeline_ids(client, body):
    response = client.call("POST", f"/v5/{HOUSEKEEPING_PROJECT}/api/pipelines/status", body=body)
    assert (response.status, response.json()["error_code"]) == (400, "DEVPIPE.00011001")
