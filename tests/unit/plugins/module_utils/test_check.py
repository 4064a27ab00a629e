# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The check task logic, without AnsibleModule, against the emulator: which calls it makes, and what it returns.

The tasks are the seed's (tests/codearts_emulator/default_seed.yml, CodeArts project ``demo``): a check runs on the
emulator's clock, which the client's waits move (a stop lands ``stop_delay`` seconds after it was asked for, 2 by
default; a check ends ``check_duration`` seconds after it started). Lost answers and ambiguous failures are the
emulator's faults: a connection dropped after the write was applied, or before it was.
"""

from __future__ import annotations

import pytest

from ansible_collections.huaweicloud.codearts.plugins.module_utils._check import check_task_info, ensure_check_task
from ansible_collections.huaweicloud.codearts.plugins.module_utils._errors import CodeArtsError
from ansible_collections.huaweicloud.codearts.plugins.module_utils._module import failure_result

PROJECT = "c0dea7750000000000000000000000a1"
RUNNING = "c4ec0000000000000000000000000001"  # api-service-check: checking, 40% done, a check takes 300 s
SUCCEEDED = "c4ec0000000000000000000000000002"  # web-frontend-check: its last check succeeded (66 issues)
FAILED = "c4ec0000000000000000000000000003"  # legacy-check: its last check failed
# Tasks the seed has no example of, each in a CodeArts project of its own: two whose last check was stopped, and 230
# tasks for paging.
ABORTED, ABORTED_TOO = "c4ec00000000000000000000000000a1", "c4ec00000000000000000000000000a2"
STOPPED_PROJECT, PAGED = "c0dea77500000000000000000000c0e1", "c0dea77500000000000000000000c0e2"
ABORTED_TASKS = [
    {"task_id": ABORTED, "task_name": "aborted-check", "project_id": STOPPED_PROJECT, "last_result": "aborted"},
    {"task_id": ABORTED_TOO, "task_name": "aborted-check-2", "project_id": STOPPED_PROJECT, "last_result": "aborted"},
]


def _paged_task(number):
    return {"task_id": "c4e0%028d" % number, "task_name": "task-%d" % number, "project_id": PAGED}


def _params(**options):
    params = {
        "task_id": RUNNING,
        "name": None,
        "project_id": None,
        "state": "stopped",
        "git_branch": None,
        "wait": False,
        "wait_for": "started",
        "wait_timeout": 60,
    }
    params.update(options)
    return params


def _state(emulator, task_id):
    """The task as the emulator holds it: ``current`` is the check under way (None when idle)."""
    return next(task for task in emulator.snapshot()["check"]["tasks"] if task["task_id"] == task_id)


def _configure(emulator, task_id, **settings):
    emulator.service_action("check", "configure", dict(settings, task_id=task_id))


def test_stop_a_running_check_is_one_read_and_the_seed_call(client, calls):
    result = ensure_check_task(_params(), client, check_mode=False)
    assert result["changed"] is True
    assert result["task"]["status"] == "running" and result["diff"] == {
        "before": {"status": "running"},
        "after": {"status": "aborted"},
    }
    # By task_id, the name is one read more (the summary).
    assert [(call.method, call.path, call.query) for call in calls()] == [
        ("GET", "/v2/tasks/%s/progress" % RUNNING, {}),
        ("GET", "/v2/tasks/%s/defects-summary" % RUNNING, {}),
        ("POST", "/v2/tasks/%s/stop" % RUNNING, {}),
    ]
    assert calls()[2].body == {}, "a stop has no body to give (an empty object: some gateways refuse none)"
    assert result["task"]["name"] == "api-service-check"


@pytest.mark.parametrize(
    "task_id, status, word", [(FAILED, 1, "failed"), (SUCCEEDED, 2, "succeeded"), (ABORTED, 3, "aborted")]
)
def test_a_task_that_runs_nothing_is_left_alone(client, calls, reseed, task_id, status, word):
    reseed(check_tasks=ABORTED_TASKS)
    result = ensure_check_task(_params(task_id=task_id, wait=True), client, check_mode=False)
    assert result["changed"] is False and result["task"]["status"] == word
    assert result["task"]["task_status"] == status
    assert all(call.method == "GET" for call in calls())


def test_check_mode_writes_nothing(client, calls, emulator):
    assert ensure_check_task(_params(wait=True), client, check_mode=True)["changed"] is True
    assert [call.method for call in calls()] == ["GET", "GET"]
    assert _state(emulator, RUNNING)["current"]["stop_at"] is None, "no stop was asked for"


def test_wait_for_the_asynchronous_stop(client, clock):
    result = ensure_check_task(_params(wait=True), client, check_mode=False)
    assert result["task"]["task_status"] == 3 and result["task"]["status"] == "aborted"
    assert result["diff"]["after"] == {"status": "aborted"}
    assert sum(clock.sleeps) >= 2, "the stop landed after the seed's stop_delay, which the waits let pass"


def test_wait_for_stop_times_out_clearly(client, emulator):
    _configure(emulator, RUNNING, stop_delay=3600)  # the stop does not land within the wait
    with pytest.raises(
        CodeArtsError,
        match="Check task c4ec0+1 was asked to stop but is still running within 5 seconds; "
        r"last seen: task_status=0, status=running, progress.ratio=\d+%, progress.info=running.$",
    ) as failed:
        ensure_check_task(_params(wait=True, wait_timeout=5), client, check_mode=False)
    result = failure_result(client.record, failed.value)
    assert result["changed"] is True and result["writes_sent"] == ["POST /v2/tasks/%s/stop" % RUNNING]
    assert result["msg"].startswith("POST /v2/tasks/%s/stop was sent; then Check task" % RUNNING)


def test_a_run_whose_answer_was_lost_is_seen_running_and_not_sent_again(client, calls, emulator):
    emulator.add_fault(method="POST", path="/run$", apply=True, drop=True)
    result = ensure_check_task(_params(task_id=SUCCEEDED, state="running"), client, check_mode=False)
    assert result["changed"] is True and result["exec_id"] is None
    assert [call.method for call in calls()] == ["GET", "GET", "POST", "GET"]
    assert len(client.record.answers_lost) == 1
    assert _state(emulator, SUCCEEDED)["current"] is not None, "the run took effect once"


def test_a_run_that_did_not_start_a_check_is_sent_once_more_after_the_read(client, calls, emulator):
    emulator.add_fault(method="POST", path="/run$", drop=True)
    result = ensure_check_task(_params(task_id=SUCCEEDED, state="running"), client, check_mode=False)
    assert result["exec_id"] == _state(emulator, SUCCEEDED)["current"]["exec_id"]
    assert [call.method for call in calls()] == ["GET", "GET", "POST", "GET", "POST"]


@pytest.mark.parametrize(
    "stop_delay, methods",
    [
        (0, ["GET", "GET", "POST", "GET"]),  # the check reads aborted at once: the stop is confirmed
        (2, ["GET", "GET", "POST", "GET", "POST"]),  # the stop is pending, so the check reads running: asked again
    ],
)
def test_a_lost_stop_answer_is_read_back_and_sent_again_only_while_the_check_runs(
    client, calls, emulator, stop_delay, methods
):
    _configure(emulator, RUNNING, stop_delay=stop_delay)
    emulator.add_fault(method="POST", path="/stop$", apply=True, drop=True)
    assert ensure_check_task(_params(), client, check_mode=False)["changed"] is True
    assert [call.method for call in calls()] == methods


def test_run_starts_a_check_only_when_none_runs(client, calls, emulator):
    result = ensure_check_task(_params(task_id=SUCCEEDED, state="running", git_branch="release"), client, False)
    assert result["changed"] is True and result["exec_id"] == _state(emulator, SUCCEEDED)["current"]["exec_id"]
    assert calls()[2] == ("POST", "/v2/tasks/%s/run" % SUCCEEDED, {}, {"git_branch": "release"})
    assert _state(emulator, SUCCEEDED)["current"]["git_branch"] == "release"
    again = ensure_check_task(_params(task_id=SUCCEEDED, state="running"), client, check_mode=False)
    assert again["changed"] is False and "exec_id" not in again


@pytest.mark.parametrize("outcome, word", [("succeeded", "succeeded"), ("failed", "failed")])
def test_run_and_wait_for_the_outcome(client, emulator, reseed, outcome, word):
    reseed(check_tasks=ABORTED_TASKS)
    _configure(emulator, ABORTED, next_result=outcome)  # a check takes the seed's 10 s, which the waits let pass
    params = _params(task_id=ABORTED, state="running", wait=True, wait_for="finished")
    result = ensure_check_task(params, client, check_mode=False)
    assert result["task"]["status"] == word
    started = ensure_check_task(_params(task_id=ABORTED_TOO, state="running", wait=True), client, check_mode=False)
    assert started["task"]["status"] == "running"


def test_name_is_resolved_across_pages_by_offset(client, calls, reseed):
    reseed(check_tasks=[_paged_task(number) for number in range(230)])
    result = ensure_check_task(
        _params(task_id=None, name="task-229", project_id=PAGED, state="running"), client, check_mode=False
    )
    assert result["task"]["name"] == "task-229" and result["task"]["id"] == "c4e0%028d" % 229
    assert [call.query["offset"] for call in calls() if call.path == "/v2/%s/tasks" % PAGED] == ["0", "100", "200"]


@pytest.mark.parametrize(
    "name, message",
    [
        (
            "duplicate-check",  # the seed's …0004 and …0005
            r"2 check tasks are named 'duplicate-check' in project \w+ \(IDs c4ec0+4, c4ec0+5\): name the one you mean",
        ),
        ("twin", r"No check task is named 'twin' in project \w+\.$"),
    ],
)
def test_name_must_match_exactly_one_task(client, calls, name, message):
    with pytest.raises(CodeArtsError, match=message):
        ensure_check_task(_params(task_id=None, name=name, project_id=PROJECT), client, check_mode=False)
    assert all(call.method == "GET" for call in calls())


def test_missing_task_fails_but_info_is_empty(client, emulator):
    with pytest.raises(CodeArtsError, match="Check task gone does not exist") as failed:
        ensure_check_task(_params(task_id="gone"), client, check_mode=False)
    (read,) = emulator.requests()
    assert (failed.value.status, failed.value.code, failed.value.request_id) == (400, "CC.00010001", read["request_id"])
    assert check_task_info({"task_id": "gone", "project_id": None, "name": None}, client, False) == {
        "changed": False,
        "tasks": [],
    }


def test_info_reads_progress_and_summary_or_lists(client):
    one = check_task_info({"task_id": FAILED, "project_id": None, "name": None}, client, False)["tasks"]
    assert one[0]["status"] == "failed" and one[0]["name"] == "legacy-check"
    # The summary is that of the last successful check: web-frontend-check's found 1 + 4 + 20 + 41 issues.
    other = check_task_info({"task_id": SUCCEEDED, "project_id": None, "name": None}, client, False)["tasks"]
    assert other[0]["summary"]["issue_count"] == 66
    listed = check_task_info({"task_id": None, "project_id": PROJECT, "name": "web-frontend-check"}, client, False)
    assert [task["id"] for task in listed["tasks"]] == [SUCCEEDED]
