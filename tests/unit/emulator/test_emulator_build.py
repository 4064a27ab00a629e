# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""CodeArts Build: every route, the [MODEL] behaviours, paging, builds (run, stopped, listed) and the seed."""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta, timezone

import pytest
from emulator_client import (
    HOUSEKEEPING_PROJECT,
    LEGACY,
    LOAD_PROJECT,
    MISSING_JOB,
    NIGHTLY,
    PROJECT,
    RELEASE,
    USER,
    ok,
)

from codearts_emulator.server import Emulator
from codearts_emulator.state import load_seed


def _v1_result(response):
    assert response.status == 200, response.body
    body = response.json()
    assert body["status"] == "success" and body["error"] is None
    return body["result"]


def _info(client, job_id):
    return _v1_result(client.call("GET", f"/v1/job/{job_id}/info"))


def test_job_info(client):
    info = _info(client, NIGHTLY)
    assert (info["id"], info["job_name"], info["project_id"], info["disabled"]) == (
        NIGHTLY,
        "nightly-build",
        PROJECT,
        False,
    )
    assert isinstance(info["create_time"], int) and info["last_build_status"] == "success"
    assert _info(client, RELEASE)["disabled"] is True


def test_check_disable_uses_the_sdk_field_names(client):
    result = _v1_result(client.call("GET", f"/v1/job/{RELEASE}/check/disable"))
    assert (result["disabled"], result["job_id"], result["job_name"]) == (1, RELEASE, "release-build")
    assert result["reson"] == "frozen until the next release" and result["forbiddener"] == USER
    assert _v1_result(client.call("GET", f"/v1/job/{NIGHTLY}/check/disable"))["disabled"] == 0


def test_running_status(client):
    assert _v1_result(client.call("GET", f"/v1/job/{NIGHTLY}/running-status"))["is_running"] is False
    busy = _v1_result(client.call("GET", "/v1/job/b1d0000000000000000000000000000f/running-status"))
    assert busy == {
        "last_job_id": "b1d0000000000000000000000000000f",
        "last_build_no": "42",
        "last_build_status": "running",
        "is_running": True,
    }


def test_disable_then_recover(client, emulator):
    assert client.call("POST", f"/v3/jobs/{NIGHTLY}/disable").json() == {"status": "success"}
    assert _info(client, NIGHTLY)["disabled"] is True
    assert _v1_result(client.call("GET", f"/v1/job/{NIGHTLY}/check/disable"))["forbiddener"] == USER
    assert client.call("POST", f"/v3/jobs/{NIGHTLY}/recover").json() == {"status": "success"}
    assert _info(client, NIGHTLY)["disabled"] is False
    operations = [(entry["operation"], entry["write"]) for entry in emulator.requests()]
    assert operations == [
        ("DisableBuildJob", True),
        ("ShowJobInfo", False),
        ("ShowDisable", False),
        ("EnableBuildJob", True),
        ("ShowJobInfo", False),
    ]


@pytest.mark.parametrize("action, job_id, disabled", [("recover", NIGHTLY, False), ("disable", RELEASE, True)])
def test_writes_that_change_nothing_succeed(client, emulator, action, job_id, disabled):
    before = emulator.snapshot()["build"]
    response = client.call("POST", f"/v3/jobs/{job_id}/{action}", body={})
    assert (response.status, response.json()) == (200, {"status": "success"})
    assert _info(client, job_id)["disabled"] is disabled
    assert emulator.snapshot()["build"] == before


def test_delete_moves_the_job_to_the_recycle_bin(client, emulator):
    response = client.call("POST", f"/v3/jobs/{LEGACY}/delete")
    assert response.json() == {"status": "success", "result": {"job_id": LEGACY, "project_id": PROJECT}}
    job = next(job for job in emulator.snapshot()["build"]["jobs"] if job["id"] == LEGACY)
    assert job["deleted"] is True
    names = [job["job_name"] for job in client.call("GET", f"/v3/{PROJECT}/jobs", {"page_size": 100}).json()["jobs"]]
    assert "legacy-build" not in names


@pytest.mark.parametrize(
    "method, template",
    [
        ("GET", "/v1/job/{}/info"),
        ("GET", "/v1/job/{}/check/disable"),
        ("GET", "/v1/job/{}/running-status"),
        ("POST", "/v3/jobs/{}/recover"),
        ("POST", "/v3/jobs/{}/disable"),
        ("POST", "/v3/jobs/{}/delete"),
    ],
)
@pytest.mark.parametrize("deleted", [False, True], ids=["missing", "deleted"])
def test_missing_or_deleted_job_is_422(client, method, template, deleted):
    job_id = LEGACY if deleted else MISSING_JOB
    if deleted:
        assert client.call("POST", f"/v3/jobs/{LEGACY}/delete").status == 200
    response = client.call(method, template.format(job_id))
    assert response.status == 422
    assert response.json()["error_code"] == "DEVCB.00031006"


def test_job_list_of_a_project(client):
    body = client.call("GET", f"/v3/{PROJECT}/jobs", {"page_index": 0, "page_size": 100}).json()
    names = [job["job_name"] for job in body["jobs"]]
    assert body["total"] == len(names) and names[:3] == ["nightly-build", "release-build", "legacy-build"]
    assert names.count("duplicate-build") == 2
    release = body["jobs"][1]
    assert (
        release["disabled"] is True and release["is_finished"] is True and isinstance(release["last_build_time"], float)
    )


def test_paging_across_150_jobs(client):
    seen = []
    for page_index in range(3):
        body = client.call("GET", f"/v3/{LOAD_PROJECT}/jobs", {"page_index": page_index, "page_size": 60}).json()
        assert body["total"] == 150
        seen += [job["job_name"] for job in body["jobs"]]
    assert seen == [f"load-job-{index:03d}" for index in range(150)]
    first = client.call("GET", f"/v3/{LOAD_PROJECT}/jobs", {"page_index": 0, "page_size": 100}).json()["jobs"]
    second = client.call("GET", f"/v3/{LOAD_PROJECT}/jobs", {"page_index": 1, "page_size": 100}).json()["jobs"]
    assert (len(first), len(second)) == (100, 50)
    assert client.call("GET", f"/v3/{LOAD_PROJECT}/jobs", {"page_index": 2, "page_size": 100}).json() == {
        "jobs": [],
        "total": 150,
    }
    assert len({job["id"] for job in first + second}) == 150


def test_default_page_index_and_unknown_project(client):
    assert len(client.call("GET", f"/v3/{LOAD_PROJECT}/jobs", {"page_size": 7}).json()["jobs"]) == 7
    assert client.call("GET", "/v3/c0dea77500000000000000000000ffff/jobs", {"page_size": 10}).json() == {
        "jobs": [],
        "total": 0,
    }


@pytest.mark.parametrize(
    "query", [{"page_size": 101}, {"page_size": 0}, {}, {"page_size": "ten"}, {"page_size": 10, "page_index": -1}]
)
def test_bad_paging_parameters(client, query):
    response = client.call("GET", f"/v3/{PROJECT}/jobs", query)
    assert response.status == 400 and response.json()["error_code"] == "CB.00060200"


def _seed_with_jobs(*jobs):
    return {**load_seed(None), "build": {"jobs": list(jobs)}}


def test_generated_and_seeded_jobs_are_validated():
    with pytest.raises(ValueError, match="32 characters"):
        Emulator(seed=_seed_with_jobs({"id": "NOT-AN-ID", "job_name": "x", "project_id": PROJECT}))
    with pytest.raises(ValueError, match="colour"):
        Emulator(seed=_seed_with_jobs({"id": NIGHTLY, "job_name": "x", "project_id": PROJECT, "colour": "red"}))
    with pytest.raises(ValueError, match="twice"):
        Emulator(seed=_seed_with_jobs({"id": NIGHTLY, "project_id": PROJECT}, {"id": NIGHTLY, "project_id": PROJECT}))
    seed = _seed_with_jobs({"generate": {"count": 3, "prefix": "j"}, "project_id": PROJECT, "disabled": True})
    jobs = Emulator(seed=seed).snapshot()["build"]["jobs"]
    assert [(job["job_name"], job["disabled"]) for job in jobs] == [("j0", True), ("j1", True), ("j2", True)]


# Builds: RunJob, StopBuildJob, the history and the housekeeping project's jobs

HK_RUNAWAY, HK_QUICK, HK_IDLE, HK_ACTIVE, HK_RETIRED, HK_PAUSED, HK_RELEASE, HK_DEPLOY = (
    f"b1d0000000000000000000000000a30{n}" for n in range(1, 9)
)
BUSY = "b1d0000000000000000000000000000f"
HOUR, DAY = 3600, 86400
TEXT_TIME = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$")


def _run_job(client, job_id, **body):
    return client.call("POST", "/v3/jobs/build", body={"job_id": job_id, **body})


def _history(client, job_id, **query):
    return client.call("GET", f"/v3/jobs/{job_id}/history", {"offset": 0, "limit": 10, "interval": 30, **query})


def _running_status(client, job_id):
    return _v1_result(client.call("GET", f"/v1/job/{job_id}/running-status"))


def _listed(client, project_id, job_id):
    return next(
        job
        for job in client.call("GET", f"/v3/{project_id}/jobs", {"page_size": 100}).json()["jobs"]
        if job["id"] == job_id
    )


def _ago(now_ms, then_ms):
    """Seconds from `then_ms` to `now_ms`, rounded."""
    return round((now_ms - then_ms) / 1000)


@pytest.mark.parametrize(
    "job_id, disabled, last_built, disabled_since, running",
    [
        (HK_RUNAWAY, False, 3 * HOUR, None, True),
        (HK_QUICK, False, 600, None, True),
        (HK_IDLE, False, 40 * DAY, None, False),
        (HK_ACTIVE, False, 2 * DAY, None, False),
        (HK_RETIRED, True, 120 * DAY, 100 * DAY, False),
        (HK_PAUSED, True, 200 * DAY, 10 * DAY, False),
        (HK_RELEASE, False, DAY, None, False),
        (HK_DEPLOY, False, DAY, None, False),
    ],
)
def test_the_housekeeping_jobs_as_seeded(client, emulator, job_id, disabled, last_built, disabled_since, running):
    now = emulator.state.clock.now_ms()
    info = _info(client, job_id)
    assert (info["project_id"], info["disabled"], info["running_status"]) == (
        HOUSEKEEPING_PROJECT,
        disabled,
        "running" if running else "finished",
    )
    assert abs(_ago(now, info["last_build_time"]) - last_built) <= 1
    listed = _listed(client, HOUSEKEEPING_PROJECT, job_id)
    assert (listed["last_build_time"], listed["is_finished"]) == (float(info["last_build_time"]), not running)
    forbidden_time = _v1_result(client.call("GET", f"/v1/job/{job_id}/check/disable"))["forbidden_time"]
    assert (forbidden_time is None) == (disabled_since is None)
    if disabled_since:
        assert abs(_ago(now, forbidden_time) - disabled_since) <= 1
    assert _running_status(client, job_id)["is_running"] is running
    assert info["create_time"] <= info["last_build_time"]


def test_run_job_starts_a_build_that_succeeds_after_the_build_duration(client, emulator):
    response = _run_job(client, NIGHTLY, parameter=[{"name": "branch", "value": "main"}], scm={"build_tag": "v1.0"})
    assert (response.status, response.json()) == (
        200,
        {"octopus_job_name": "nightly-build", "actual_build_number": "2", "daily_build_number": "2"},
    )
    assert _running_status(client, NIGHTLY) == {
        "last_job_id": NIGHTLY,
        "last_build_no": "2",
        "last_build_status": "running",
        "is_running": True,
    }
    assert (_info(client, NIGHTLY)["running_status"], _listed(client, PROJECT, NIGHTLY)["is_finished"]) == (
        "running",
        False,
    )
    record = _history(client, NIGHTLY).json()["history_records"][0]
    assert (record["build_number"], record["result"], record["end_time"]) == (2, "running", None) and TEXT_TIME.match(
        record["start_time"]
    )
    emulator.advance_clock(5)  # the default build_duration
    assert _running_status(client, NIGHTLY) == {
        "last_job_id": NIGHTLY,
        "last_build_no": "2",
        "last_build_status": "success",
        "is_running": False,
    }
    record = _history(client, NIGHTLY).json()["history_records"][0]
    assert record["result"] == "success" and TEXT_TIME.match(record["end_time"])
    details = client.call("GET", f"/v3/jobs/{NIGHTLY}/2/history-details").json()
    assert details == {
        "job_name": "nightly-build",
        "build_number": 2,
        "project_id": PROJECT,
        "project_name": "demo",
        "parameters": {"branch": "main"},
        "build_steps": [{"name": "build", "status": "success", "build_time": 5000}],
    }
    assert [entry["operation"] for entry in emulator.requests()][:2] == ["RunJob", "ShowRunningStatus"]
    build = next(job for job in emulator.snapshot()["build"]["jobs"] if job["id"] == NIGHTLY)["builds"][-1]
    assert (build["by"], build["scm"]) == (USER, {"build_tag": "v1.0"})


def test_a_job_runs_several_builds_at_once(client, emulator):
    numbers = [_run_job(client, HK_ACTIVE).json()["actual_build_number"] for _build in range(3)]
    assert numbers == ["13", "14", "15"]
    assert [record["result"] for record in _history(client, HK_ACTIVE).json()["history_records"]] == ["running"] * 3 + [
        "success",
        "failed",
    ]
    assert client.call("POST", f"/v3/jobs/{HK_ACTIVE}/14/stop").status == 200
    assert _running_status(client, HK_ACTIVE)["is_running"] is True
    emulator.advance_clock(5)
    assert [record["result"] for record in _history(client, HK_ACTIVE).json()["history_records"]][:3] == [
        "success",
        "aborted",
        "success",
    ]


def test_stop_aborts_a_running_build_at_once(client, emulator):
    response = client.call("POST", f"/v3/jobs/{HK_RUNAWAY}/2/stop")
    assert (response.status, response.json()) == (200, {"success": True, "result": "stopped"})
    assert _running_status(client, HK_RUNAWAY) == {
        "last_job_id": HK_RUNAWAY,
        "last_build_no": "2",
        "last_build_status": "aborted",
        "is_running": False,
    }
    record = _history(client, HK_RUNAWAY).json()["history_records"][0]
    assert (record["result"], TEXT_TIME.match(record["end_time"]) is not None) == ("aborted", True)
    details = client.call("GET", f"/v3/jobs/{HK_RUNAWAY}/2/history-details").json()
    assert (
        details["build_steps"][0]["status"] == "error"
        and abs(details["build_steps"][0]["build_time"] - 3 * HOUR * 1000) < 2000
    )
    again = client.call("POST", f"/v3/jobs/{HK_RUNAWAY}/2/stop")
    assert (again.status, again.json()["error_code"]) == (400, "DEVCB.00031011")
    assert emulator.requests()[0]["operation"] == "StopBuildJob"


def test_the_old_seed_form_stands_for_one_build(client):
    busy = client.call("POST", f"/v3/jobs/{BUSY}/42/stop")
    assert busy.status == 200 and _running_status(client, BUSY)["last_build_status"] == "aborted"
    ended = client.call("POST", f"/v3/jobs/{LEGACY}/1/stop")
    assert (ended.status, ended.json()["error_code"]) == (400, "DEVCB.00031011")
    assert [record["result"] for record in _history(client, LEGACY).json()["history_records"]] == ["failed"]


@pytest.mark.parametrize(
    "path, status, code",
    [
        (f"/v3/jobs/{HK_RUNAWAY}/3/stop", 404, "DEVCB.00031012"),
        (f"/v3/jobs/{HK_RUNAWAY}/two/stop", 400, "CB.00060200"),
        (f"/v3/jobs/{MISSING_JOB}/1/stop", 422, "DEVCB.00031006"),
    ],
)
def test_stopping_an_unknown_build_is_refused(client, path, status, code):
    response = client.call("POST", path)
    assert (response.status, response.json()["error_code"]) == (status, code)


def test_run_job_refuses_a_disabled_a_missing_and_a_deleted_job(client):
    disabled = _run_job(client, HK_RETIRED)
    assert (disabled.status, disabled.json()["error_code"]) == (400, "DEVCB.00031010")
    assert _running_status(client, HK_RETIRED)["last_build_no"] == "30", "no build was started"
    assert _run_job(client, MISSING_JOB).json()["error_code"] == "DEVCB.00031006"
    client.call("POST", f"/v3/jobs/{LEGACY}/delete")
    assert _run_job(client, LEGACY).status == 422


@pytest.mark.parametrize(
    "body",
    [
        None,
        [],
        {},
        {"job_id": 5},
        {"job_id": NIGHTLY, "parameter": [{"name": "x"}]},
        {"job_id": NIGHTLY, "parameter": "x=1"},
        {"job_id": NIGHTLY, "scm": "v1"},
    ],
)
def test_a_malformed_run_job_body_is_400(client, body):
    response = client.call("POST", "/v3/jobs/build", body=body)
    assert (response.status, response.json()["error_code"]) == (400, "CB.00060200")


def test_history_pages_newest_first_within_the_interval(client):
    for _build in range(3):
        _run_job(client, HK_ACTIVE)
    pages = [_history(client, HK_ACTIVE, offset=offset, limit=2).json() for offset in range(4)]
    assert [page["total"] for page in pages] == [5] * 4
    assert [[record["build_number"] for record in page["history_records"]] for page in pages] == [
        [15, 14],
        [13, 12],
        [11],
        [],
    ], "offset is a page number"
    assert [record["build_number"] for record in _history(client, HK_ACTIVE, interval=1).json()["history_records"]] == [
        15,
        14,
        13,
    ]
    assert _history(client, HK_IDLE).json() == {"history_records": [], "total": 0}, (
        "built 40 days ago: outside every interval"
    )
    for _build in range(11):
        _run_job(client, NIGHTLY)
    default_limit = client.call("GET", f"/v3/jobs/{NIGHTLY}/history", {"offset": 0, "interval": 30}).json()
    assert (default_limit["total"], len(default_limit["history_records"])) == (12, 10), "limit defaults to 10"
    first = pages[0]
    record = first["history_records"][0]
    assert (
        set(record) == {"record_id", "job_id", "build_number", "start_time", "end_time", "result"}
        and record["job_id"] == HK_ACTIVE
    )


@pytest.mark.parametrize(
    "query",
    [
        {"offset": 0},
        {"interval": 30},
        {"offset": -1, "interval": 30},
        {"offset": 0, "interval": 0},
        {"offset": 0, "interval": 31},
        {"offset": 0, "interval": 30, "limit": 0},
        {"offset": 0, "interval": 30, "limit": 101},
        {"offset": "first", "interval": 30},
    ],
)
def test_bad_history_parameters_are_400(client, query):
    response = client.call("GET", f"/v3/jobs/{HK_ACTIVE}/history", query)
    assert (response.status, response.json()["error_code"]) == (400, "CB.00060200")


def test_history_details_of_a_running_and_an_unknown_build(client):
    details = client.call("GET", f"/v3/jobs/{HK_QUICK}/1/history-details").json()
    assert (details["project_name"], details["parameters"], details["build_steps"][0]["status"]) == (
        "housekeeping",
        {},
        "running",
    )
    assert abs(details["build_steps"][0]["build_time"] - 600_000) < 2000
    failed = client.call("GET", f"/v3/jobs/{HK_ACTIVE}/11/history-details").json()["build_steps"][0]
    assert (failed["status"], failed["build_time"]) == ("error", 300_000)
    for path, code in (
        (f"/v3/jobs/{HK_ACTIVE}/99/history-details", "DEVCB.00031012"),
        (f"/v3/jobs/{MISSING_JOB}/1/history-details", "DEVCB.00031006"),
    ):
        assert client.call("GET", path).json()["error_code"] == code


def test_disabling_a_job_leaves_its_running_build_alone(client):
    client.call("POST", f"/v3/jobs/{HK_QUICK}/disable")
    assert _running_status(client, HK_QUICK)["is_running"] is True


def test_a_job_never_built(client, emulator):
    emulator.reset(_seed_with_jobs({"id": NIGHTLY, "job_name": "new", "project_id": PROJECT, "builds": []}))
    assert _running_status(client, NIGHTLY) == {
        "last_job_id": NIGHTLY,
        "last_build_no": None,
        "last_build_status": None,
        "is_running": False,
    }
    info = _info(client, NIGHTLY)
    assert (
        info["last_build_time"],
        info["last_build_status"],
        _listed(client, PROJECT, NIGHTLY)["last_build_time"],
    ) == (None, None, None)
    assert _run_job(client, NIGHTLY).json()["actual_build_number"] == "1"


def test_admin_actions_move_builds_on(client, emulator):
    assert emulator.service_action("build", "configure", {"job_id": NIGHTLY, "build_duration": 600}) == {
        NIGHTLY: {"build_duration": 600.0}
    }
    _run_job(client, NIGHTLY)
    assert emulator.service_action("build", "step", {"job_id": NIGHTLY, "seconds": 599}) == {NIGHTLY: [2]}
    assert emulator.service_action("build", "step", {"job_id": NIGHTLY, "seconds": 1}) == {NIGHTLY: []}
    assert _running_status(client, NIGHTLY)["last_build_status"] == "success"
    assert emulator.snapshot()["clock"]["offset"] == 0
    stepped = emulator.service_action("build", "step", {"seconds": 3600})
    assert stepped[HK_RUNAWAY] == [2], "a seeded running build without `remaining` runs until stopped"
    assert emulator.service_action("build", "finish", {"job_id": HK_RUNAWAY, "result": "failed"}) == {
        "job_id": HK_RUNAWAY,
        "build_number": 2,
        "result": "failed",
    }
    assert _running_status(client, HK_RUNAWAY)["last_build_status"] == "failed"
    response = client.send(
        "POST",
        "/_emulator/build/finish",
        body=json.dumps({"job_id": HK_QUICK}).encode(),
        headers={"Host": client.netloc},
    )
    assert response.json() == {"job_id": HK_QUICK, "build_number": 1, "result": "success"}


@pytest.mark.parametrize(
    "action, body",
    [
        ("step", {"seconds": -1}),
        ("step", {"job_id": MISSING_JOB, "seconds": 1}),
        ("step", {"seconds": 1, "colour": "red"}),
        ("step", []),
        ("finish", {"job_id": NIGHTLY}),
        ("finish", {"job_id": HK_QUICK, "result": "aborted"}),
        ("finish", {}),
        ("finish", {"job_id": HK_QUICK, "build_number": 9}),
        ("configure", {"build_duration": -5}),
        ("configure", {"job_id": NIGHTLY}),
    ],
)
def test_admin_refuses_bad_input(client, action, body):
    response = client.send(
        "POST", f"/_emulator/build/{action}", body=json.dumps(body).encode(), headers={"Host": client.netloc}
    )
    assert (response.status, response.json()["error_code"]) == (400, "EMULATOR.400")


def test_seeded_builds_and_their_times(emulator):
    emulator.reset(
        _seed_with_jobs(
            {
                "id": NIGHTLY,
                "project_id": PROJECT,
                "build_duration": 60,
                "builds": [
                    {"number": 3, "started_ago": 100, "result": "running", "remaining": 10},
                    {"number": 1, "started_ago": 7200, "duration": 60},
                ],
            },
            {
                "id": RELEASE,
                "project_id": PROJECT,
                "last_build_ago": 3600,
                "last_build_status": "failed",
                "disabled": True,
                "disabled_ago": 60,
            },
        )
    )
    now = emulator.state.clock.now_ms()
    nightly, release = emulator.snapshot()["build"]["jobs"]
    assert [(build["number"], build["result"]) for build in nightly["builds"]] == [(1, "success"), (3, "running")]
    assert (nightly["last_build_no"], nightly["running"], _ago(now, nightly["create_time"])) == (3, True, 7200)
    emulator.advance_clock(10)
    assert emulator.snapshot()["build"]["jobs"][0]["builds"][-1]["result"] == "success", (
        "`remaining` ends a seeded running build"
    )
    assert (
        _ago(now, release["last_build_time"]),
        _ago(release["builds"][0]["end_time"], release["last_build_time"]),
    ) == (3600, 5)
    assert (_ago(now, release["disabled_time"]), release["last_build_status"], release["running"]) == (
        60,
        "failed",
        False,
    )


@pytest.mark.parametrize(
    "change, match",
    [
        ({"builds": [], "last_build_no": 3}, "gives builds and last_build_no"),
        ({"builds": [], "running": True}, "gives builds and running"),
        ({"builds": {}}, "not a list"),
        ({"builds": [{"number": 1, "started_ago": 5, "duration": 1}] * 2}, "number of its own"),
        ({"builds": [{"number": 0, "started_ago": 5, "duration": 1}]}, "number of its own"),
        ({"builds": [{"number": 1, "started_ago": 5, "duration": 1, "result": "exploded"}]}, "result"),
        ({"builds": [{"number": 1, "started_ago": 5}]}, "duration"),
        ({"builds": [{"number": 1, "started_ago": 5, "result": "running", "duration": 1}]}, "duration"),
        ({"builds": [{"number": 1, "started_ago": 5, "duration": 1, "remaining": 1}]}, "remaining"),
        ({"builds": [{"number": 1, "started_ago": 5, "duration": 6}]}, "longer than its started_ago"),
        ({"builds": [{"number": 1, "duration": 1}]}, "started_ago"),
        ({"builds": [{"number": 1, "started_ago": 5, "duration": 1, "by": "x"}]}, "by"),
        ({"last_build_time": 1, "last_build_ago": 1}, "last_build_time and last_build_ago"),
        ({"last_build_ago": -1}, "negative"),
        ({"running": True, "last_build_status": "success"}, "running: true exactly"),
        ({"last_build_status": "green"}, "last_build_status"),
        ({"last_build_no": "seven"}, "last_build_no"),
        ({"disabled_ago": 5}, "not disabled"),
        ({"build_duration": "long"}, "build_duration"),
    ],
)
def test_seeded_builds_are_validated(change, match):
    with pytest.raises(ValueError, match=f"^build seed: .*{match}"):
        Emulator(seed=_seed_with_jobs({"id": NIGHTLY, "job_name": "x", "project_id": PROJECT, **change}))


# The recycle bin: ListRecyclingJob, RestoreRecyclingJobs, DeleteRecyclingJobs, ClearRecyclingJobs

HK_DELETED, HK_DELETED_PAUSED = "b1d0000000000000000000000000a309", "b1d0000000000000000000000000a310"
SOUTH_IAM_PROJECT = "89abcdef0123456789abcdef01234567"  # cn-south-1
BIN = "/v1/job/recycling-jobs"
BIN_ENTRY_FIELDS = {
    "job_id",
    "job_name",
    "project_id",
    "creator_name",
    "creator_id",
    "create_time",
    "delete_time",
    "create_time_stamp",
    "delete_time_stamp",
}


def _bin(client, **query):
    body = client.call("GET", BIN, query).json()
    assert (body["status"], body["success"]) == ("success", True), body
    return body["result"]


def _bin_ids(client, **query):
    return [entry["job_id"] for entry in _bin(client, page_size=100, **query)["job_list"]]


def _restore(client, *job_ids, **signing):
    return client.call("POST", "/v1/job/recycling-restoration", body={"job_ids": list(job_ids)}, **signing)


def test_the_seeded_bin_latest_deletion_first(client, emulator):
    now = emulator.state.clock.now_ms()
    result = _bin(client)
    assert (result["keep_time"], result["total"]) == (30, 2)
    latest, earlier = result["job_list"]
    assert set(latest) == BIN_ENTRY_FIELDS
    assert (latest["job_id"], latest["job_name"], latest["project_id"], latest["creator_name"]) == (
        HK_DELETED,
        "hk-deleted-build",
        HOUSEKEEPING_PROJECT,
        USER,
    )
    assert earlier["job_id"] == HK_DELETED_PAUSED
    assert all(isinstance(value, str) for value in latest.values())
    assert abs(now // 1000 - int(latest["delete_time_stamp"]) - 2 * DAY) <= 1
    assert abs(now // 1000 - int(earlier["delete_time_stamp"]) - 20 * DAY) <= 1
    assert int(latest["create_time_stamp"]) <= int(latest["delete_time_stamp"])


def test_bin_text_times_are_eight_hours_ahead_of_the_stamps(client):
    # As in the documented example: "2024-08-13 04:07:25" for 1723493245.
    entry = _bin(client)["job_list"][0]
    for kind in ("create", "delete"):
        assert TEXT_TIME.match(entry[f"{kind}_time"])
        utc = datetime.fromtimestamp(int(entry[f"{kind}_time_stamp"]), timezone.utc)
        assert entry[f"{kind}_time"] == (utc + timedelta(hours=8)).strftime("%Y-%m-%d %H:%M:%S")


def test_a_deleted_job_goes_to_the_bin_with_its_state_and_comes_back(client, emulator):
    assert client.call("POST", f"/v3/jobs/{RELEASE}/delete").status == 200
    assert _bin_ids(client) == [RELEASE, HK_DELETED, HK_DELETED_PAUSED]
    assert client.call("GET", f"/v1/job/{RELEASE}/info").status == 422
    assert ok(_restore(client, RELEASE)) == {"status": "success"}
    info = _info(client, RELEASE)
    assert (info["id"], info["project_id"], info["disabled"]) == (RELEASE, PROJECT, True), "restored as it was"
    assert (
        _v1_result(client.call("GET", f"/v1/job/{RELEASE}/check/disable"))["reson"] == "frozen until the next release"
    )
    assert RELEASE not in _bin_ids(client)
    assert [entry["operation"] for entry in emulator.requests() if entry["write"]] == [
        "DeleteBuildJob",
        "RestoreRecyclingJobs",
    ]


def test_seeded_deleted_jobs_come_back_enabled_or_disabled(client):
    assert _restore(client, HK_DELETED, HK_DELETED_PAUSED).status == 200
    assert (_info(client, HK_DELETED)["disabled"], _info(client, HK_DELETED_PAUSED)["disabled"]) == (False, True)
    assert [
        job["id"] for job in client.call("GET", f"/v3/{HOUSEKEEPING_PROJECT}/jobs", {"page_size": 100}).json()["jobs"]
    ][-2:] == [HK_DELETED, HK_DELETED_PAUSED]
    assert _bin(client)["total"] == 0


@pytest.mark.parametrize(
    "job_ids", [[NIGHTLY], [MISSING_JOB], [HK_DELETED, MISSING_JOB]], ids=["live", "unknown", "mixed"]
)
def test_restore_of_an_id_not_in_the_bin_is_422_and_restores_nothing(client, emulator, job_ids):
    before = emulator.snapshot()["build"]
    response = _restore(client, *job_ids)
    assert (response.status, response.json()["error_code"]) == (422, "DEVCB.00031006")
    assert emulator.snapshot()["build"] == before


@pytest.mark.parametrize("body", [None, {}, {"job_ids": []}, {"job_ids": "x"}, {"job_ids": [1]}, [HK_DELETED]])
def test_a_malformed_restore_body_is_400(client, body):
    response = client.call("POST", "/v1/job/recycling-restoration", body=body)
    assert (response.status, response.json()["error_code"]) == (400, "CB.00060200")


def test_bin_paging_and_search(client, emulator):
    jobs = [
        {
            "id": f"b1d00000000000000000000000{n:06d}",
            "job_name": f"old-{n}",
            "project_id": PROJECT,
            "deleted_ago": 1000 - n,
        }
        for n in range(25)
    ]
    emulator.reset(_seed_with_jobs(*jobs))
    pages = [_bin(client, page_no=page, page_size=10) for page in (1, 2, 3, 4)]
    assert [result["total"] for result in pages] == [25] * 4
    assert [len(result["job_list"]) for result in pages] == [10, 10, 5, 0]
    assert [entry["job_name"] for result in pages for entry in result["job_list"]][:3] == ["old-24", "old-23", "old-22"]
    assert len(_bin(client)["job_list"]) == 10, "page_size defaults to 10"
    assert _bin(client, search="OLD-1", page_size=100)["total"] == 11, "a part of the name, in any case"
    assert _bin(client, search="old-7")["job_list"][0]["job_name"] == "old-7"
    assert _bin(client, search="nothing")["total"] == 0


@pytest.mark.parametrize("query", [{"page_no": 0}, {"page_size": 101}, {"page_size": 0}, {"page_no": "one"}])
def test_bad_bin_paging_is_400(client, query):
    response = client.call("GET", BIN, query)
    assert (response.status, response.json()["error_code"]) == (400, "CB.00060200")


def test_each_region_has_its_own_bin(client):
    south = {"extra": {"X-Project-Id": SOUTH_IAM_PROJECT}}
    assert client.call("POST", f"/v3/jobs/{NIGHTLY}/delete", **south).status == 200
    assert _bin_ids(client) == [HK_DELETED, HK_DELETED_PAUSED]
    assert client.call("GET", BIN, {"page_size": 100}, **south).json()["result"]["job_list"][0]["job_id"] == NIGHTLY
    assert _restore(client, NIGHTLY).status == 422, "not in this region's bin"
    assert _restore(client, NIGHTLY, **south).status == 200
    assert _info(client, NIGHTLY)["disabled"] is False


def test_a_job_is_purged_keep_time_days_after_its_deletion(client, emulator):
    seed = _seed_with_jobs({"id": NIGHTLY, "project_id": PROJECT, "deleted_ago": DAY - 5})
    emulator.reset({**seed, "build": {**seed["build"], "keep_time": 1}})
    assert _bin(client)["keep_time"] == 1 and _bin_ids(client) == [NIGHTLY]
    emulator.advance_clock(10)
    assert _bin(client)["total"] == 0
    assert _restore(client, NIGHTLY).status == 422
    assert client.call("GET", f"/v1/job/{NIGHTLY}/info").status == 422
    assert emulator.snapshot()["build"]["jobs"] == []


def test_delete_from_the_bin_and_clear_it(client):
    response = client.call("DELETE", "/v1/job/recycling-deletion", body={"job_ids": [HK_DELETED]})
    assert ok(response) == {"status": "success"}
    assert _bin_ids(client) == [HK_DELETED_PAUSED]
    assert _restore(client, HK_DELETED).status == 422, "gone for good"
    assert client.call("DELETE", "/v1/job/recycling-deletion", body={"job_ids": [NIGHTLY]}).status == 422
    assert ok(client.call("DELETE", "/v1/job/recycling-empty")) == {"status": "success"}
    assert _bin(client)["total"] == 0 and _info(client, NIGHTLY)["job_name"] == "nightly-build"


@pytest.mark.parametrize(
    "build, match",
    [
        ({"keep_time": 0}, "keep_time is a number of days from 1 to 30"),
        ({"keep_time": 31}, "keep_time"),
        ({"keep_time": True}, "keep_time"),
        (
            {"jobs": [{"id": NIGHTLY, "project_id": PROJECT, "deleted_ago": 30 * DAY}]},
            "beyond the recycle bin's keep_time",
        ),
        ({"jobs": [{"id": NIGHTLY, "project_id": PROJECT, "deleted_ago": -1}]}, "negative"),
    ],
)
def test_the_bin_seed_is_validated(build, match):
    with pytest.raises(ValueError, match=f"^build seed: .*{match}"):
        Emulator(seed={**load_seed(None), "build": build})
