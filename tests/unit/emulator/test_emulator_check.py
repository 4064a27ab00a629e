# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""CodeArts Check: every route, checks running on the emulator's clock, the asynchronous stop (S5), paging,
the admin actions and checks hung for hours. (The official SDK clients, current and legacy, are in tests/unit/conformance.)"""

from __future__ import annotations

import json
import re
from datetime import datetime, timezone

import pytest
from emulator_client import HOUSEKEEPING_PROJECT, LOAD_PROJECT, PROJECT

from codearts_emulator.server import Emulator
from codearts_emulator.state import load_seed

RUNNING, WEB, LEGACY = (
    "c4ec0000000000000000000000000001",
    "c4ec0000000000000000000000000002",
    "c4ec0000000000000000000000000003",
)
DUPLICATES = ("c4ec0000000000000000000000000004", "c4ec0000000000000000000000000005")
MISSING_TASK = "c4ec0000000000000000000000000999"
UTC_TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
SUCCEEDED = {"task_status": 2, "progress": {"ratio": "100%", "info": "success"}}
FAILED = {"task_status": 1, "progress": {"ratio": None, "info": None}}
ABORTED = {"task_status": 3, "progress": {"ratio": None, "info": None}}


def _ok(response):
    assert response.status == 200, response.body
    return response.json()


def _progress(client, task_id):
    return _ok(client.call("GET", f"/v2/tasks/{task_id}/progress"))


def _percent(progress):
    assert progress["task_status"] == 0 and progress["progress"]["info"] == "running"
    return int(progress["progress"]["ratio"].rstrip("%"))


def _summary(client, task_id):
    return _ok(client.call("GET", f"/v2/tasks/{task_id}/defects-summary"))


def _admin(client, action, body):
    return client.send(
        "POST", f"/_emulator/check/{action}", body=json.dumps(body).encode(), headers={"Host": client.netloc}
    )


def _configure(emulator, task_id, **settings):
    return emulator.service_action("check", "configure", {"task_id": task_id, **settings})


def test_seeded_progress(client):
    assert 40 <= _percent(_progress(client, RUNNING)) < 45
    assert _progress(client, WEB) == SUCCEEDED
    assert _progress(client, LEGACY) == FAILED


def test_run_then_finish_by_the_clock(client, emulator):
    response = client.call("POST", f"/v2/tasks/{WEB}/run", body={"git_branch": "feature/login"})
    exec_id = _ok(response)["exec_id"]
    assert re.fullmatch("[0-9a-f]{32}", exec_id)
    assert _percent(_progress(client, WEB)) < 10
    emulator.advance_clock(5)  # the default check takes 10 s
    assert 50 <= _percent(_progress(client, WEB)) < 60
    emulator.advance_clock(5)
    assert _progress(client, WEB) == SUCCEEDED
    summary = _summary(client, WEB)
    assert (summary["git_branch"], summary["issue_count"], summary["critical_count"]) == ("feature/login", 66, "1")
    task = next(task for task in emulator.snapshot()["check"]["tasks"] if task["task_id"] == WEB)
    assert (task["last"]["exec_id"], task["last"]["git_branch"], task["last"]["result"]) == (
        exec_id,
        "feature/login",
        "succeeded",
    )
    assert [(entry["operation"], entry["write"]) for entry in emulator.requests()] == [
        ("RunTask", True),
        ("ShowProgressDetail", False),
        ("ShowProgressDetail", False),
        ("ShowProgressDetail", False),
        ("ShowTaskDetail", False),
    ]


def test_a_check_ends_with_the_seeded_outcome(client, emulator):
    before = _summary(client, LEGACY)
    assert _ok(client.call("POST", f"/v2/tasks/{LEGACY}/run", body={}))["exec_id"]
    emulator.advance_clock(10)
    assert _progress(client, LEGACY) == FAILED
    after = _summary(client, LEGACY)
    assert (
        (after["issue_count"], after["critical_count"]) == (before["issue_count"], before["critical_count"]) == (0, "0")
    )
    assert after["last_check_time"] >= before["last_check_time"]


def test_stepping_the_running_task_through_the_admin_api(client, emulator):
    start = _percent(_progress(client, RUNNING))
    response = _admin(client, "step", {"task_id": RUNNING, "seconds": 30})  # 10 % of 300 s
    assert response.status == 200
    assert start + 10 <= _percent(response.json()[RUNNING]) <= start + 11
    assert _admin(client, "step", {"task_id": RUNNING, "seconds": 300}).json() == {RUNNING: SUCCEEDED}
    assert _progress(client, RUNNING) == SUCCEEDED
    assert emulator.snapshot()["clock"]["offset"] == 0


def test_stepping_every_task_and_configuring_the_outcome(client, emulator):
    assert _configure(emulator, RUNNING, next_result="failed") == {
        RUNNING: {"check_duration": 300.0, "stop_delay": 2.0, "next_result": "failed"}
    }
    answer = emulator.service_action("check", "step", {"seconds": 3600})
    assert len(answer) == 128 and answer[RUNNING] == FAILED and answer[WEB] == SUCCEEDED
    configured = emulator.service_action("check", "configure", {"check_duration": 1, "next_result": "failed"})
    assert len(configured) == 128 and configured[WEB]["next_result"] == "failed"
    _ok(client.call("POST", f"/v2/tasks/{WEB}/run"))
    emulator.advance_clock(1)
    assert _progress(client, WEB) == FAILED


def test_stop_is_asynchronous(client, emulator):
    response = client.call("POST", f"/v2/tasks/{RUNNING}/stop")
    assert (response.status, response.body) == (200, b"")
    assert _progress(client, RUNNING)["task_status"] == 0  # the seed's stop delay is 2 s
    assert client.call("POST", f"/v2/tasks/{RUNNING}/stop").status == 200  # a second stop does not postpone the first
    emulator.advance_clock(1)
    assert _progress(client, RUNNING)["task_status"] == 0
    emulator.advance_clock(1)
    assert _progress(client, RUNNING) == ABORTED
    summary = _summary(client, RUNNING)
    assert summary["issue_count"] == 40 and summary["last_check_time"] == summary["last_exec_time"]


def test_stop_delay_can_be_set_and_stepped(client, emulator):
    _configure(emulator, RUNNING, stop_delay=60)
    client.call("POST", f"/v2/tasks/{RUNNING}/stop")
    emulator.advance_clock(30)
    assert _progress(client, RUNNING)["task_status"] == 0
    assert emulator.service_action("check", "step", {"task_id": RUNNING, "seconds": 30}) == {RUNNING: ABORTED}
    _configure(emulator, WEB, stop_delay=0)
    _ok(client.call("POST", f"/v2/tasks/{WEB}/run"))
    client.call("POST", f"/v2/tasks/{WEB}/stop")
    assert _progress(client, WEB) == ABORTED


def test_a_stop_after_the_check_would_finish_changes_nothing(client, emulator):
    _configure(emulator, RUNNING, stop_delay=600)
    client.call("POST", f"/v2/tasks/{RUNNING}/stop")
    emulator.service_action("check", "step", {"task_id": RUNNING, "seconds": 300})
    assert _progress(client, RUNNING) == SUCCEEDED


@pytest.mark.parametrize("task_id", [WEB, LEGACY])
def test_stop_on_an_idle_task_changes_nothing(client, emulator, task_id):
    before = emulator.snapshot()["check"]
    response = client.call("POST", f"/v2/tasks/{task_id}/stop", body={})
    assert (response.status, response.body) == (200, b"")
    assert emulator.snapshot()["check"] == before


def test_run_on_a_running_task_is_400(client, emulator):
    response = client.call("POST", f"/v2/tasks/{RUNNING}/run", body={"git_branch": "other"})
    assert response.status == 400 and response.json()["error_code"] == "CC.00050015"
    client.call("POST", f"/v2/tasks/{RUNNING}/stop")
    assert client.call("POST", f"/v2/tasks/{RUNNING}/run").status == 400  # still running until the stop takes effect
    emulator.advance_clock(2)
    assert _ok(client.call("POST", f"/v2/tasks/{RUNNING}/run"))["exec_id"]
    assert emulator.requests()[-1]["error_code"] is None


@pytest.mark.parametrize("body", [b"not json", b"[]", b'{"git_branch": 7}'])
def test_a_malformed_run_body_is_400(client, body):
    headers = client.signed_headers("POST", f"/v2/tasks/{WEB}/run", "", body)
    response = client.send("POST", f"/v2/tasks/{WEB}/run", body=body, headers=headers)
    assert response.status == 400 and response.json()["error_code"] == "CC.00050000"


def test_the_access_token_of_a_run_is_not_logged(client, emulator):
    body = {"git_url": "git@example.com:x/y.git", "git_branch": "dev", "username": "bot", "access_token": "SECRET"}
    _ok(client.call("POST", f"/v2/tasks/{WEB}/run", body=body))
    assert emulator.requests()[-1]["body"]["access_token"] == "******"
    assert "SECRET" not in json.dumps(emulator.snapshot())
    assert (
        next(task for task in emulator.snapshot()["check"]["tasks"] if task["task_id"] == WEB)["current"]["git_url"]
        == "git@example.com:x/y.git"
    )


@pytest.mark.parametrize(
    "method, template",
    [
        ("GET", "/v2/tasks/{}/progress"),
        ("POST", "/v2/tasks/{}/run"),
        ("POST", "/v2/tasks/{}/stop"),
        ("GET", "/v2/tasks/{}/defects-summary"),
    ],
)
def test_missing_task_is_400_cc_00010001(client, emulator, method, template):
    response = client.call(method, template.format(MISSING_TASK))
    assert response.status == 400
    assert response.json()["error_code"] == "CC.00010001" and MISSING_TASK in response.json()["error_msg"]
    assert emulator.requests()[-1]["service"] == "check"


def test_defects_summary_fields(client):
    summary = _summary(client, WEB)
    assert (summary["task_id"], summary["task_name"], summary["git_branch"]) == (WEB, "web-frontend-check", "develop")
    assert summary["git_url"].endswith("/web-frontend.git") and re.fullmatch("[0-9a-f]{32}", summary["creator_id"])
    counts = [summary[f"{severity}_count"] for severity in ("critical", "major", "minor", "suggestion")]
    assert counts == ["1", "4", "20", "41"] and summary["issue_count"] == 66
    assert (summary["code_line"], isinstance(summary["code_line_total"], int)) == (18000, True)
    assert isinstance(summary["code_quality"], float) and isinstance(summary["risk_coefficient"], float)
    assert summary["duplication_ratio"].endswith("%") and summary["is_access"] == "false"
    for field in ("last_check_time", "last_exec_time", "created_at"):
        assert UTC_TIME.match(summary[field]), field
    never = _summary(client, LEGACY)
    assert (never["issue_count"], never["code_line"], never["code_quality"]) == (0, 0, 0.0)


def test_task_list_of_a_project(client):
    body = _ok(client.call("GET", f"/v2/{PROJECT}/tasks", {"offset": 0, "limit": 100}))
    names = [task["task_name"] for task in body["tasks"]]
    assert names == ["api-service-check", "web-frontend-check", "legacy-check", "duplicate-check", "duplicate-check"]
    assert body["total"] == 5 and tuple(task["task_id"] for task in body["tasks"][3:]) == DUPLICATES
    first = body["tasks"][0]
    assert set(first) == {
        "task_id",
        "task_name",
        "creator_id",
        "git_url",
        "git_branch",
        "created_at",
        "last_check_time",
    }
    assert UTC_TIME.match(first["created_at"]) and UTC_TIME.match(first["last_check_time"])


def test_paging_across_120_tasks(client):
    seen = []
    for offset in (0, 100):
        body = _ok(client.call("GET", f"/v2/{LOAD_PROJECT}/tasks", {"offset": offset, "limit": 100}))
        assert body["total"] == 120
        seen += [task["task_name"] for task in body["tasks"]]
    assert seen == [f"load-check-{index:03d}" for index in range(120)]
    assert _ok(client.call("GET", f"/v2/{LOAD_PROJECT}/tasks", {"offset": 200, "limit": 100})) == {
        "tasks": [],
        "total": 120,
    }
    middle = _ok(client.call("GET", f"/v2/{LOAD_PROJECT}/tasks", {"offset": 55, "limit": 7}))["tasks"]
    assert [task["task_name"] for task in middle] == [f"load-check-{index:03d}" for index in range(55, 62)]
    assert len(_ok(client.call("GET", f"/v2/{LOAD_PROJECT}/tasks"))["tasks"]) == 10  # limit defaults to 10
    assert _ok(client.call("GET", "/v2/c0dea77500000000000000000000ffff/tasks")) == {"tasks": [], "total": 0}


@pytest.mark.parametrize("query", [{"limit": 101}, {"limit": 0}, {"limit": "ten"}, {"offset": -1}])
def test_bad_paging_parameters(client, query):
    response = client.call("GET", f"/v2/{PROJECT}/tasks", query)
    assert response.status == 400 and response.json()["error_code"] == "CC.00050000"


@pytest.mark.parametrize(
    "action, body",
    [
        ("step", {"task_id": MISSING_TASK, "seconds": 1}),
        ("step", {"seconds": 0}),
        ("step", {}),
        ("step", []),
        ("configure", {"next_result": "aborted"}),
        ("configure", {"stop_delay": -1}),
        ("configure", {"colour": "red"}),
    ],
)
def test_bad_admin_bodies_are_400(client, action, body):
    response = _admin(client, action, body)
    assert response.status == 400 and response.json()["error_code"] == "EMULATOR.400"


def test_unknown_admin_action_and_wrong_method(client):
    assert _admin(client, "explode", {}).status == 404
    assert client.send("GET", "/_emulator/check/step", headers={"Host": client.netloc}).status == 405
    with pytest.raises(ValueError, match="no admin action"):
        Emulator().service_action("iam", "step")


def _seed_with_tasks(*tasks, **section):
    return {**load_seed(None), "check": {"tasks": list(tasks), **section}}


def test_seeded_tasks_are_validated():
    base = {"task_id": "task-1", "task_name": "x", "project_id": PROJECT}
    for bad, match in [
        ({"task_id": "a/b"}, "task_id"),
        ({"project_id": "short"}, "project_id"),
        ({"colour": "red"}, "colour"),
        ({"next_result": "aborted"}, "next_result"),
        ({"last_result": "maybe"}, "last_result"),
        ({"progress": 50}, "progress"),
        ({"running": True, "progress": 100}, "progress"),
        ({"check_duration": 0}, "check_duration"),
        ({"issues": {"blocker": 1}}, "issues"),
    ]:
        with pytest.raises(ValueError, match=match):
            Emulator(seed=_seed_with_tasks({**base, **bad}))
    with pytest.raises(ValueError, match="twice"):
        Emulator(seed=_seed_with_tasks(base, base))
    with pytest.raises(ValueError, match="generate"):
        Emulator(seed=_seed_with_tasks({"generate": {"count": "x"}, "project_id": PROJECT}))


def test_seed_defaults_and_a_never_checked_task(client, emulator):
    emulator.reset(
        _seed_with_tasks(
            {"task_id": "task-1", "project_id": PROJECT, "last_result": None}, stop_delay=0, check_duration=4
        )
    )
    assert _progress(client, "task-1") == {"task_status": None, "progress": {"ratio": None, "info": None}}
    assert _summary(client, "task-1")["last_check_time"] is None
    (task,) = emulator.snapshot()["check"]["tasks"]
    assert (task["task_name"], task["git_branch"], task["check_duration"], task["stop_delay"]) == (
        "task-1",
        "master",
        4.0,
        0.0,
    )
    _ok(client.call("POST", "/v2/tasks/task-1/run"))
    emulator.advance_clock(2)
    assert 50 <= _percent(_progress(client, "task-1")) < 60


# Checks hung for hours: the housekeeping project's tasks and `started_ago`

HK_HUNG, HK_BUSY, HK_DONE = (
    "c4ec000000000000000000000000a301",
    "c4ec000000000000000000000000a302",
    "c4ec000000000000000000000000a303",
)


def _seconds_ago(emulator, utc_text):
    then = datetime.strptime(utc_text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc).timestamp()
    return round(emulator.state.clock.now() - then)


@pytest.mark.parametrize(
    "task_id, running, started", [(HK_HUNG, True, 10800), (HK_BUSY, True, 300), (HK_DONE, False, 10)]
)
def test_the_last_check_time_is_the_start_of_the_current_or_latest_check(client, emulator, task_id, running, started):
    listed = next(
        task
        for task in _ok(client.call("GET", f"/v2/{HOUSEKEEPING_PROJECT}/tasks", {"limit": 100}))["tasks"]
        if task["task_id"] == task_id
    )
    summary = _summary(client, task_id)
    assert listed["last_check_time"] == summary["last_check_time"] == summary["last_exec_time"]
    assert abs(_seconds_ago(emulator, listed["last_check_time"]) - started) <= 1
    assert (_progress(client, task_id)["task_status"] == 0) is running
    assert _seconds_ago(emulator, listed["created_at"]) >= started


def test_a_hung_check_does_not_end_during_a_test(client, emulator):
    assert _percent(_progress(client, HK_HUNG)) == 1, "3 hours of 10 days"
    assert emulator.service_action("check", "step", {"seconds": 3600})[HK_HUNG]["task_status"] == 0
    assert client.call("POST", f"/v2/tasks/{HK_HUNG}/stop").status == 200
    emulator.advance_clock(2)
    assert _progress(client, HK_HUNG) == ABORTED
    summary = _summary(client, HK_HUNG)
    assert abs(_seconds_ago(emulator, summary["last_check_time"]) - 14402) <= 1, "the aborted check is still the latest"


def test_a_running_tasks_previous_check_ended_when_the_current_one_started(emulator):
    task = next(task for task in emulator.snapshot()["check"]["tasks"] if task["task_id"] == HK_BUSY)
    assert (
        task["last"]["ended_at"] == task["current"]["started_at"] == task["last"]["started_at"] + task["check_duration"]
    )


@pytest.mark.parametrize(
    "bad, match",
    [
        ({"started_ago": 5}, "started_ago, which is for a running task"),
        ({"running": True, "progress": 10, "started_ago": 5}, "instead of progress"),
        ({"running": True, "started_ago": 10}, "would have finished"),
        ({"running": True, "started_ago": "long"}, "number of seconds"),
    ],
)
def test_started_ago_is_validated(bad, match):
    with pytest.raises(ValueError, match=f"^check seed: .*{match}"):
        Emulator(seed=_seed_with_tasks({"task_id": "task-1", "project_id": PROJECT, "check_duration": 10, **bad}))
