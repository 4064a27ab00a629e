# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""CodeArts Check: task calls, and the logic of the check task modules."""

from __future__ import annotations

from ansible_collections.huaweicloud.codearts.plugins.module_utils._codearts_api import (
    CHECK_HOSTS,
    CHECK_TASK_MISSING,
    CHECK_TASK_PAGES,
    CHECK_TASK_RUNNING,
    CHECK_TASK_STATUS,
)
from ansible_collections.huaweicloud.codearts.plugins.module_utils._logic import (
    change_result,
    find_named,
    missing,
    named,
    wait_until,
    waits,
    write_then_confirm,
)
from ansible_collections.huaweicloud.codearts.plugins.module_utils._time import (
    cutoff_ms,
    duration_option,
    epoch_ms,
    seconds_since,
)

SERVICE = "check"
DEFAULT_CHECK_HOST = "codearts-check"
# The option of both Check modules (documented in the huaweicloud.codearts.check fragment).
CHECK_HOST_OPTION = {"check_host": {"type": "str", "default": DEFAULT_CHECK_HOST, "choices": sorted(CHECK_HOSTS)}}


def check_host_templates(params):
    """The Check host that ``check_host`` names, for CodeArtsModule's ``host_templates``."""
    return {SERVICE: CHECK_HOSTS[params.get("check_host") or DEFAULT_CHECK_HOST]}


def _state(progress):
    """The part of a task that says what it is doing."""
    task_status = progress.get("task_status")
    detail = progress.get("progress") or {}
    return {
        "task_status": task_status,
        "status": CHECK_TASK_STATUS.get(task_status, "unknown"),
        "progress": {"ratio": detail.get("ratio"), "info": detail.get("info")},
    }


class CheckTasks:
    """One method per Check API operation the modules use."""

    def __init__(self, client):
        self.client = client

    def progress(self, task_id):
        """The task's state, or None when there is no such task."""
        data = self.client.get_if_exists(
            SERVICE, "/v2/tasks/{task_id}/progress", {"task_id": task_id}, CHECK_TASK_MISSING
        )
        return None if data is None else _state(data)

    def summary(self, task_id):
        return self.client.get(SERVICE, "/v2/tasks/{task_id}/defects-summary", {"task_id": task_id}) or {}

    def list(self, project_id):
        """Every task of a CodeArts project, all pages (offset counts tasks)."""
        tasks = self.client.list_all(SERVICE, "/v2/{project_id}/tasks", {"project_id": project_id}, CHECK_TASK_PAGES)
        return [
            {
                "id": raw.get("task_id"),
                "name": raw.get("task_name"),
                "git_url": raw.get("git_url"),
                "git_branch": raw.get("git_branch"),
                "last_check_time": epoch_ms(raw.get("last_check_time")),
            }
            for raw in tasks
        ]

    def run(self, task_id, git_branch=None):
        data = self.client.post(
            SERVICE,
            "/v2/tasks/{task_id}/run",
            {"task_id": task_id},
            body={"git_branch": git_branch} if git_branch else {},
        )
        return (data or {}).get("exec_id")

    def stop(self, task_id):
        self.client.post(SERVICE, "/v2/tasks/{task_id}/stop", {"task_id": task_id})


def _find(tasks, params):
    """The task's ID and its name, if known from a look-up by name; fails on no match or several."""
    if params.get("task_id"):
        return params["task_id"], None
    task = find_named(tasks.list(params["project_id"]), params["name"], "check task", params["project_id"], "task_id")
    return task["id"], task["name"]


def ensure_check_task(params, client, check_mode):
    """Stop a running check (only while one runs), or start one (only when none runs)."""
    tasks = CheckTasks(client)
    task_id, name = _find(tasks, params)
    before = tasks.progress(task_id)
    if before is None:
        raise missing(client, "Check task %s does not exist." % task_id)
    if name is None:
        name = tasks.summary(task_id).get("task_name")
    before = dict(before, id=task_id, name=name)
    wanted_running = params["state"] == "running"
    changed = (before["task_status"] == CHECK_TASK_RUNNING) != wanted_running
    after_status = ("running" if wanted_running else "aborted") if changed else before["status"]
    result = change_result("task", before, {"status": before["status"]}, {"status": after_status})
    if check_mode:
        return result
    # After a lost answer: a run took effect if a check now runs (none ran before). A stop took effect once none runs;
    # a stop still pending reads as running, so it is sent again, which the API takes as a no-op [MODEL].
    if changed and wanted_running:
        result["exec_id"] = write_then_confirm(
            client,
            lambda: tasks.run(task_id, params.get("git_branch")),
            lambda: _is_running(tasks.progress(task_id) or {}),
        )
    elif changed:
        write_then_confirm(client, lambda: tasks.stop(task_id), lambda: not _is_running(tasks.progress(task_id) or {}))
    # Nothing sent and the read already shows what a wait waits for (idle for a stop, running for a start): done.
    if waits(params) and (changed or (wanted_running and params["wait_for"] == "finished")):
        result["task"] = dict(_wait(tasks, task_id, params), id=task_id, name=name)
        result["diff"]["after"] = {"status": result["task"]["status"]}
    return result


def _is_running(task):
    return task["task_status"] == CHECK_TASK_RUNNING


def _is_idle(task):
    return task["task_status"] != CHECK_TASK_RUNNING


def _wait(tasks, task_id, params):
    """Poll until the task is stopped, running, or (wait_for=finished) done with its check."""
    if params["state"] == "stopped":
        describe, is_done = "Check task %s was asked to stop but is still running" % task_id, _is_idle
    elif params["wait_for"] == "finished":
        describe, is_done = "The check of task %s did not finish" % task_id, _is_idle
    else:
        describe, is_done = "Check task %s did not start" % task_id, _is_running
    return wait_until(tasks.client, lambda: tasks.progress(task_id), is_done, params["wait_timeout"], describe)


def _running_since(tasks, found, seconds):
    """The tasks whose check started more than ``seconds`` ago and still runs: one progress read per such task, the
    reads side by side (the client's read_each).

    [MODEL] A task's last_check_time is the start of its latest check, the running one included.
    """
    now = tasks.client.service_now_ms()
    candidates = [
        task
        for task in found
        if task["last_check_time"] is not None and task["last_check_time"] <= cutoff_ms(seconds, now)
    ]
    running = []
    for task, progress in zip(candidates, tasks.client.read_each(lambda task: tasks.progress(task["id"]), candidates)):
        if progress and _is_running(progress):
            running.append(
                dict(
                    task,
                    **progress,
                    running_seconds=seconds_since(task["last_check_time"], tasks.client.service_now_ms()),
                )
            )
    return running


def check_task_info(params, client, check_mode):  # pylint: disable=unused-argument
    """One task with its progress and defect summary, or every task of a project."""
    tasks = CheckTasks(client)
    if params.get("project_id"):
        running_longer_than = duration_option(params, "running_longer_than")
        found = named(tasks.list(params["project_id"]), params.get("name"))
        if running_longer_than is not None:
            found = _running_since(tasks, found, running_longer_than)
        return {"changed": False, "tasks": found}
    progress = tasks.progress(params["task_id"])
    if progress is None:
        return {"changed": False, "tasks": []}
    summary = tasks.summary(params["task_id"])
    task = dict(
        progress,
        id=params["task_id"],
        name=summary.get("task_name"),
        git_url=summary.get("git_url"),
        git_branch=summary.get("git_branch"),
        last_check_time=epoch_ms(summary.get("last_check_time")),
        summary=summary,
    )
    return {"changed": False, "tasks": [task]}
