# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The check task logic, without AnsibleModule: which calls it makes, and what it returns."""

from __future__ import annotations

import time

import pytest

from ansible_collections.huaweicloud.codearts.plugins.module_utils._check import check_task_info, ensure_check_task
from ansible_collections.huaweicloud.codearts.plugins.module_utils._client import CodeArtsClient
from ansible_collections.huaweicloud.codearts.plugins.module_utils._errors import CodeArtsError
from ansible_collections.huaweicloud.codearts.plugins.module_utils._module import failure_result
from ansible_collections.huaweicloud.codearts.plugins.module_utils._record import TaskRecord

PROJECT = "c0dea7750000000000000000000000a1"


class FakeCheckService:
    """Tasks whose stop lands after ``settle`` progress reads and whose checks finish after ``settle`` reads."""

    get_all = CodeArtsClient.get_all  # the real paging and not-found handling, over the fake get
    get_if_exists = CodeArtsClient.get_if_exists

    def __init__(self, tasks, settle=2, outcome=2, lose=(), fail=()):
        self.tasks = {task["task_id"]: dict(task) for task in tasks}
        self.settle = settle
        self.outcome = outcome
        self.pending = {}
        self.calls = []
        self.record = TaskRecord()
        self.lose = list(lose)  # writes ("run", "stop") applied whose answer is lost: an ambiguous failure
        self.fail = list(fail)  # writes that fail ambiguously without being applied
        self.now = 0.0

    def service_now_ms(self):  # the service's clock: this machine's here
        return int(time.time() * 1000)

    def monotonic(self):
        return self.now

    def sleep(self, seconds):
        self.now += seconds

    def get(self, service, path, path_params=None, query=None):
        assert service == "check"
        self.calls.append(("GET", path, dict(query or {})))
        if path == "/v2/{project_id}/tasks":
            everything = list(self.tasks.values())
            return {"tasks": everything[query["offset"] : query["offset"] + query["limit"]], "total": len(everything)}
        task = self.tasks.get(path_params["task_id"])
        if task is None:
            raise CodeArtsError(
                "GET ... failed with HTTP 400 CC.00010001: no such task.",
                status=400,
                code="CC.00010001",
                request_id="req-400",
            )
        if path.endswith("/defects-summary"):
            return {"task_id": task["task_id"], "task_name": task["task_name"], "git_branch": "main", "issue_count": 3}
        if task["task_id"] in self.pending:
            self.pending[task["task_id"]][0] -= 1
            if self.pending[task["task_id"]][0] < 0:
                task["status"] = self.pending.pop(task["task_id"])[1]
        return {"task_status": task["status"], "progress": {"ratio": "40%", "info": "checking"}}

    def post(self, service, path, path_params=None, query=None, body=None):
        self.calls.append(("POST", path, body))
        self.record.writes_sent.append("POST " + path.format(**path_params))
        action = path.rsplit("/", 1)[1]
        if action in self.fail:
            self.fail.remove(action)
            raise CodeArtsError("POST %s failed: no answer came." % path, ambiguous=True)
        task = self.tasks[path_params["task_id"]]
        answer = None
        if action == "run":
            task["status"] = 0
            self.pending[task["task_id"]] = [self.settle, self.outcome]
            answer = {"exec_id": "exec1"}
        else:
            self.pending[task["task_id"]] = [self.settle, 3]
        if action in self.lose:
            self.lose.remove(action)
            raise CodeArtsError("POST %s failed: the connection was lost." % path, ambiguous=True)
        return answer


def _task(number, status, name=None):
    return {"task_id": "c4ec%028d" % number, "task_name": name or "task-%d" % number, "status": status}


def _params(**options):
    params = {
        "task_id": "c4ec%028d" % 1,
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


def test_stop_a_running_check_is_one_read_and_the_seed_call():
    service = FakeCheckService([_task(1, 0)])
    result = ensure_check_task(_params(), service, check_mode=False)
    assert result["changed"] is True
    assert result["task"]["status"] == "running" and result["diff"] == {
        "before": {"status": "running"},
        "after": {"status": "aborted"},
    }
    # By task_id, the name is one read more (the summary).
    assert service.calls == [
        ("GET", "/v2/tasks/{task_id}/progress", {}),
        ("GET", "/v2/tasks/{task_id}/defects-summary", {}),
        ("POST", "/v2/tasks/{task_id}/stop", None),
    ]
    assert result["task"]["name"] == "task-1"


@pytest.mark.parametrize("status, word", [(1, "failed"), (2, "succeeded"), (3, "aborted")])
def test_a_task_that_runs_nothing_is_left_alone(status, word):
    service = FakeCheckService([_task(1, status)])
    result = ensure_check_task(_params(wait=True), service, check_mode=False)
    assert result["changed"] is False and result["task"]["status"] == word
    assert all(call[0] == "GET" for call in service.calls)


def test_check_mode_writes_nothing():
    service = FakeCheckService([_task(1, 0)])
    assert ensure_check_task(_params(wait=True), service, check_mode=True)["changed"] is True
    assert [call[0] for call in service.calls] == ["GET", "GET"]


def test_wait_for_the_asynchronous_stop():
    service = FakeCheckService([_task(1, 0)], settle=3)
    result = ensure_check_task(_params(wait=True), service, check_mode=False)
    assert result["task"]["task_status"] == 3 and result["task"]["status"] == "aborted"
    assert result["diff"]["after"] == {"status": "aborted"}


def test_wait_for_stop_times_out_clearly():
    service = FakeCheckService([_task(1, 0)], settle=10**6)
    with pytest.raises(
        CodeArtsError,
        match="Check task c4ec0+1 was asked to stop but is still running within 5 seconds; "
        "last seen: task_status=0, status=running, progress.ratio=40%, progress.info=checking.$",
    ) as failed:
        ensure_check_task(_params(wait=True, wait_timeout=5), service, check_mode=False)
    result = failure_result(service.record, failed.value)
    assert result["changed"] is True and result["writes_sent"] == ["POST /v2/tasks/c4ec%028d/stop" % 1]
    assert result["msg"].startswith("POST /v2/tasks/c4ec%028d/stop was sent; then Check task" % 1)


def test_a_run_whose_answer_was_lost_is_seen_running_and_not_sent_again():
    service = FakeCheckService([_task(1, 2)], lose=["run"])
    result = ensure_check_task(_params(state="running"), service, check_mode=False)
    assert result["changed"] is True and result["exec_id"] is None
    assert [call[0] for call in service.calls] == ["GET", "GET", "POST", "GET"]
    assert len(service.record.answers_lost) == 1


def test_a_run_that_did_not_start_a_check_is_sent_once_more_after_the_read():
    service = FakeCheckService([_task(1, 2)], fail=["run"])
    result = ensure_check_task(_params(state="running"), service, check_mode=False)
    assert result["exec_id"] == "exec1"
    assert [call[0] for call in service.calls] == ["GET", "GET", "POST", "GET", "POST"]


@pytest.mark.parametrize(
    "settle, calls", [(0, ["GET", "GET", "POST", "GET"]), (5, ["GET", "GET", "POST", "GET", "POST"])]
)
def test_a_lost_stop_answer_is_read_back_and_sent_again_only_while_the_check_runs(settle, calls):
    service = FakeCheckService([_task(1, 0)], settle=settle, lose=["stop"])
    assert ensure_check_task(_params(), service, check_mode=False)["changed"] is True
    assert [call[0] for call in service.calls] == calls


def test_run_starts_a_check_only_when_none_runs():
    service = FakeCheckService([_task(1, 2)])
    result = ensure_check_task(_params(state="running", git_branch="release"), service, check_mode=False)
    assert result["changed"] is True and result["exec_id"] == "exec1"
    assert service.calls[2] == ("POST", "/v2/tasks/{task_id}/run", {"git_branch": "release"})
    again = ensure_check_task(_params(state="running"), service, check_mode=False)
    assert again["changed"] is False and "exec_id" not in again


@pytest.mark.parametrize("outcome, word", [(2, "succeeded"), (1, "failed")])
def test_run_and_wait_for_the_outcome(outcome, word):
    service = FakeCheckService([_task(1, 3)], settle=2, outcome=outcome)
    result = ensure_check_task(_params(state="running", wait=True, wait_for="finished"), service, check_mode=False)
    assert result["task"]["status"] == word
    started = ensure_check_task(_params(state="running", wait=True), FakeCheckService([_task(1, 3)]), check_mode=False)
    assert started["task"]["status"] == "running"


def test_name_is_resolved_across_pages_by_offset():
    service = FakeCheckService([_task(number, 2) for number in range(230)])
    result = ensure_check_task(
        _params(task_id=None, name="task-229", project_id=PROJECT, state="running"), service, False
    )
    assert result["task"]["name"] == "task-229" and result["task"]["id"] == "c4ec%028d" % 229
    assert [call[2]["offset"] for call in service.calls if call[1] == "/v2/{project_id}/tasks"] == [0, 100, 200]


@pytest.mark.parametrize(
    "names, message",
    [
        (
            ["twin", "twin"],
            r"2 check tasks are named 'twin' in project \w+ \(IDs c4ec0+0, c4ec0+1\): name the one you mean",
        ),
        (["other"], r"No check task is named 'twin' in project \w+\.$"),
    ],
)
def test_name_must_match_exactly_one_task(names, message):
    service = FakeCheckService([_task(number, 0, name) for number, name in enumerate(names)])
    with pytest.raises(CodeArtsError, match=message):
        ensure_check_task(_params(task_id=None, name="twin", project_id=PROJECT), service, check_mode=False)
    assert all(call[0] == "GET" for call in service.calls)


def test_missing_task_fails_but_info_is_empty():
    service = FakeCheckService([])
    with pytest.raises(CodeArtsError, match="Check task gone does not exist") as failed:
        ensure_check_task(_params(task_id="gone"), service, check_mode=False)
    assert (failed.value.status, failed.value.code, failed.value.request_id) == (400, "CC.00010001", "req-400")
    assert check_task_info({"task_id": "gone", "project_id": None, "name": None}, service, False) == {
        "changed": False,
        "tasks": [],
    }


def test_info_reads_progress_and_summary_or_lists():
    service = FakeCheckService([_task(1, 1, "a"), _task(2, 2, "b")])
    one = check_task_info({"task_id": "c4ec%028d" % 1, "project_id": None, "name": None}, service, False)["tasks"]
    assert one[0]["status"] == "failed" and one[0]["name"] == "a" and one[0]["summary"]["issue_count"] == 3
    listed = check_task_info({"task_id": None, "project_id": PROJECT, "name": "b"}, service, False)["tasks"]
    assert [task["id"] for task in listed] == ["c4ec%028d" % 2]
