# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""CodeArts Check: check tasks that can be run, stopped (S5), polled, summarised and listed.

A check runs on the emulator's clock: it ends `check_duration` seconds after it started with the
task's `next_result`, unless a stop takes effect first (`stop_delay` seconds after the stop request).
State changes are worked out lazily, whenever a task is read. Field names and types follow the
official SDK's models (ShowProgressDetailResponse, RunTaskResponse, ShowTaskDetailResponse,
SimpleTaskInfoV2); the behaviours the documentation leaves open follow the [MODEL] table of the
collection's API reference (see README).
"""

from __future__ import annotations

import copy
import uuid
from datetime import datetime, timezone
from typing import Any, Callable, Optional

from ..api import ApiError, Reply, Request, Route, Service, expand_generated
from ..seed import TASK_ID_PATTERN, TASK_ID_SHAPE, SeedChecker
from .iam import user_id

MAX_LIMIT = 100
DEFAULT_LIMIT = 10
DEFAULT_CHECK_DURATION = 10.0
DEFAULT_STOP_DELAY = 2.0
# Seeded tasks were created this long before the emulator loaded them (or before their first seeded check).
CREATED_BEFORE_LOAD = 86400
# task_status of a finished check, by its result [SDK]; a running check reads 0.
TASK_STATUS = {"failed": 1, "succeeded": 2, "aborted": 3}
NEXT_RESULTS = ("succeeded", "failed")
SEVERITIES = ("critical", "major", "minor", "suggestion")
SECTION_FIELDS = {"check_duration", "stop_delay", "tasks"}
TASK_FIELDS = {
    "task_id",
    "task_name",
    "project_id",
    "git_url",
    "git_branch",
    "creator_id",
    "check_duration",
    "stop_delay",
    "next_result",
    "last_result",
    "running",
    "progress",
    "started_ago",
    "issues",
    "code_lines",
}
SETTINGS = ("check_duration", "stop_delay", "next_result")


def _task_missing(task_id: str) -> ApiError:
    # [MODEL] a missing check task answers every read and write with 400 CC.00010001.
    return ApiError(400, "CC.00010001", f"The check task {task_id} does not exist.")


def _invalid_param(detail: str) -> ApiError:
    return ApiError(400, "CC.00050000", f"parameters not valid: {detail}")


def _utc(epoch: Optional[float]) -> Optional[str]:
    """Check's timestamp format, e.g. 2026-11-23T14:00:00Z [DOC]."""
    return None if epoch is None else datetime.fromtimestamp(epoch, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _ratio(part: int, whole: int) -> str:
    return f"{100 * part / whole:.2f}%" if whole else "0.00%"


def _settings(entry: dict, defaults: dict) -> dict:
    """check_duration, stop_delay and next_result of a seed entry or an admin `configure` body, validated."""
    settings = {key: entry.get(key, defaults.get(key)) for key in SETTINGS}
    try:
        settings["check_duration"], settings["stop_delay"] = (
            float(settings["check_duration"]),
            float(settings["stop_delay"]),
        )
    except (TypeError, ValueError) as exc:
        raise ValueError(f"check_duration and stop_delay must be numbers, not {entry!r}") from exc
    if settings["check_duration"] <= 0 or settings["stop_delay"] < 0:
        raise ValueError("check_duration must be positive and stop_delay not negative")
    if settings["next_result"] not in NEXT_RESULTS:
        raise ValueError(f"next_result must be one of {', '.join(NEXT_RESULTS)}, not {settings['next_result']!r}")
    return settings


class CheckService(Service):
    """Check tasks by id, each in one CodeArts project, with at most one check running per task."""

    name = "check"

    def load(self, seed: dict) -> None:
        check = SeedChecker("check")
        check.fields(seed, SECTION_FIELDS, "section")
        now = self.state.clock.now()
        creator = user_id(self.state, self.state.default_user) if self.state.default_user else ""
        defaults = {
            "check_duration": seed.get("check_duration", DEFAULT_CHECK_DURATION),
            "stop_delay": seed.get("stop_delay", DEFAULT_STOP_DELAY),
            "next_result": "succeeded",
            "creator_id": creator,
        }
        self.tasks: dict[str, dict] = {}
        for entry in seed.get("tasks") or []:
            for task in expand_generated(entry, "check", "task_id", "task_name"):
                self._add_task(check, task, defaults, now)

    def _add_task(self, check: SeedChecker, entry: dict, defaults: dict, now: float) -> None:
        name = entry.get("task_name") if isinstance(entry, dict) else None
        what = f"task {name!r}"
        check.fields(entry, TASK_FIELDS, what)
        check.ids(entry, what, "task_id", pattern=TASK_ID_PATTERN, shape=TASK_ID_SHAPE)
        check.ids(entry, what, "project_id")
        check.new("task id", entry["task_id"])
        issues = entry.get("issues") or {}
        if set(issues) - set(SEVERITIES) or not all(isinstance(count, int) and count >= 0 for count in issues.values()):
            raise check.error(what, f"has issues that are not counts by {', '.join(SEVERITIES)}")
        last_result = entry.get("last_result", "succeeded")
        if last_result is not None and last_result not in TASK_STATUS:
            raise check.error(what, f"has a last_result that is not one of {', '.join(TASK_STATUS)} or null")
        running = bool(entry.get("running"))
        progress = entry.get("progress", 0)
        if not isinstance(progress, int) or not 0 <= progress < 100 or (progress and not running):
            raise check.error(what, "has a progress that is not a percentage below 100, or is not running")
        if "started_ago" in entry and (not running or "progress" in entry):
            raise check.error(what, "has started_ago, which is for a running task, instead of progress")
        try:
            settings = _settings(entry, defaults)
        except ValueError as exc:
            raise check.error(what, f"has bad settings: {exc}") from exc
        task = {
            "task_id": entry["task_id"],
            "task_name": name or entry["task_id"],
            "project_id": entry["project_id"],
            "git_url": entry.get("git_url", ""),
            "git_branch": entry.get("git_branch", "master"),
            "creator_id": entry.get("creator_id", defaults["creator_id"]),
            "created_at": now - CREATED_BEFORE_LOAD,
            **settings,
            "issues": {severity: issues.get(severity, 0) for severity in SEVERITIES},
            "code_lines": int(entry.get("code_lines", 10000)),
            "current": None,
            "last": None,
            "results": None,
        }
        # [MODEL] A running task's check started `started_ago` seconds before the load (or `progress` % of its duration);
        # its previous check ended when it started. An idle task's last check ended at the load.
        started = now - task["check_duration"] * progress / 100
        if "started_ago" in entry:
            started = now - check.seconds(entry["started_ago"], "started_ago")
            if started + task["check_duration"] <= now:
                raise check.error(what, "has a started_ago at least its check_duration: the check would have finished")
        if last_result is not None:
            ended = started if running else now
            task["last"] = self._execution(task, {}, ended - task["check_duration"])
            self._finish(task, task["last"], last_result, ended)
        if running:
            task["current"] = self._execution(task, {}, started)
        # Created a day before the load, or before its first seeded check.
        task["created_at"] = min(
            [
                task["created_at"],
                *(execution["started_at"] for execution in (task["last"], task["current"]) if execution),
            ]
        )
        self.tasks[task["task_id"]] = task

    @staticmethod
    def _latest_start(task: dict) -> Optional[float]:
        """[MODEL] When the current check (running) or else the latest one started: a task's last_check_time and last_exec_time."""
        execution = task["current"] or task["last"]
        return execution["started_at"] if execution else None

    def routes(self) -> list[Route]:
        return [
            Route("GET", "/v2/tasks/{task_id}/progress", "ShowProgressDetail", self.show_progress),
            Route("POST", "/v2/tasks/{task_id}/run", "RunTask", self.run),
            Route("POST", "/v2/tasks/{task_id}/stop", "StopTaskById", self.stop),
            Route("GET", "/v2/tasks/{task_id}/defects-summary", "ShowTaskDetail", self.show_summary),
            Route("GET", "/v2/{project_id}/tasks", "ShowTaskListByProjectId", self.list_tasks),
        ]

    def snapshot(self) -> dict:
        tasks = []
        for task in self.tasks.values():
            self._settle(task)
            tasks.append({**copy.deepcopy(task), "status": self._progress(task)})
        return {"tasks": tasks}

    def admin_actions(self) -> dict[str, Callable[[Any], Any]]:
        """POST /_emulator/check/step and /_emulator/check/configure (see README)."""
        return {"step": self.admin_step, "configure": self.admin_configure}

    # The model

    @staticmethod
    def _execution(task: dict, body: dict, started: float) -> dict:
        """One check of a task: what it checks, when it started, when a stop takes effect, how it ended."""
        return {
            "exec_id": uuid.uuid4().hex,
            "git_url": body.get("git_url") or task["git_url"],
            "git_branch": body.get("git_branch") or task["git_branch"],
            "started_at": started,
            "stop_at": None,
            "ended_at": None,
            "result": None,
        }

    @staticmethod
    def _finish(task: dict, execution: dict, result: str, ended: float) -> None:
        execution.update(result=result, ended_at=ended)
        task.update(current=None, last=execution)
        if result == "succeeded":
            # What a finished check found: the counts a successful check reports until the next one succeeds.
            task["results"] = {"issues": dict(task["issues"]), "code_lines": task["code_lines"]}

    def _settle(self, task: dict) -> None:
        """End the running check if, by the emulator's clock, it has finished or a stop has taken effect."""
        execution = task["current"]
        if execution is None:
            return
        now = self.state.clock.now()
        finish_at = execution["started_at"] + task["check_duration"]
        stop_at = execution["stop_at"]
        if stop_at is not None and stop_at < finish_at:
            if now >= stop_at:
                self._finish(task, execution, "aborted", stop_at)
        elif now >= finish_at:
            self._finish(task, execution, task["next_result"], finish_at)

    def _task(self, task_id: str) -> dict:
        task = self.tasks.get(task_id)
        if task is None:
            raise _task_missing(task_id)
        self._settle(task)
        return task

    def _progress(self, task: dict) -> dict:
        """ShowProgressDetailResponse: [DOC] ratio and info only while checking or after a success, null otherwise."""
        execution = task["current"]
        if execution is not None:
            percent = int((self.state.clock.now() - execution["started_at"]) * 100 / task["check_duration"])
            return {"task_status": 0, "progress": {"ratio": f"{percent}%", "info": "running"}}
        result = task["last"]["result"] if task["last"] else None
        succeeded = result == "succeeded"
        return {
            "task_status": TASK_STATUS.get(result),
            "progress": {"ratio": "100%" if succeeded else None, "info": "success" if succeeded else None},
        }

    # The API

    def show_progress(self, _request: Request, task_id: str) -> Reply:
        """task_status 0 checking, 1 failed, 2 succeeded, 3 aborted; null for a task never checked [DOC]."""
        return Reply(200, self._progress(self._task(task_id)))

    def run(self, request: Request, task_id: str) -> Reply:
        """Start a check, of the branch/repository in the body if given; a task runs one check at a time."""
        task = self._task(task_id)
        try:
            body = request.json()
        except ValueError as exc:
            raise _invalid_param("the body is not JSON") from exc
        body = {} if body is None else body
        if not isinstance(body, dict) or not all(
            isinstance(body.get(key), (str, type(None))) for key in ("git_url", "git_branch")
        ):
            raise _invalid_param('the body is {"git_url", "git_branch", "username", "access_token"}, all strings')
        if task["current"] is not None:
            # Emulator choice: the documented "task is running" code, as a 400.
            raise ApiError(
                400, "CC.00050015", f"task is running: the check task {task_id} is already being checked, retry later."
            )
        task["current"] = self._execution(task, body, self.state.clock.now())
        return Reply(200, {"exec_id": task["current"]["exec_id"]})

    def stop(self, _request: Request, task_id: str) -> Reply:
        """S5: the check ends aborted `stop_delay` seconds later; [MODEL] stopping a task that is not running changes nothing."""
        task = self._task(task_id)
        execution = task["current"]
        if execution is not None and execution["stop_at"] is None:
            execution["stop_at"] = self.state.clock.now() + task["stop_delay"]
        return Reply(200)

    def show_summary(self, _request: Request, task_id: str) -> Reply:
        """ShowTaskDetailResponse: the results of the last successful check (zeros before any); several counts are strings [SDK]."""
        task = self._task(task_id)
        last = task["last"] or {}
        results = task["results"] or {"issues": dict.fromkeys(SEVERITIES, 0), "code_lines": 0}
        issues, lines = results["issues"], results["code_lines"]
        comments, duplicated = lines // 5, lines // 40
        weighted = 10 * issues["critical"] + 3 * issues["major"] + issues["minor"]
        latest_start = _utc(self._latest_start(task))
        return Reply(
            200,
            {
                "task_id": task["task_id"],
                "task_name": task["task_name"],
                "creator_id": task["creator_id"],
                "git_url": last.get("git_url", task["git_url"]),
                "git_branch": last.get("git_branch", task["git_branch"]),
                "last_check_time": latest_start,
                "code_line_total": lines + comments,
                "code_line": lines,
                "code_quality": round(max(0.0, 100.0 - weighted * 1000 / lines), 1) if lines else 0.0,
                "issue_count": sum(issues.values()),
                "risk_coefficient": float(weighted),
                "duplication_ratio": _ratio(duplicated, lines),
                "complexity_count": lines // 8,
                "duplicated_lines": duplicated,
                "comment_lines": comments,
                "comment_ratio": _ratio(comments, lines + comments),
                "duplicated_blocks": duplicated // 20,
                "last_exec_time": latest_start,
                "check_type": "full",
                "created_at": _utc(task["created_at"]),
                "cyclomatic_complexity_per_method": "2.4" if lines else "0",
                "cyclomatic_complexity_per_file": "12.5" if lines else "0",
                **{f"{severity}_count": str(issues[severity]) for severity in SEVERITIES},
                "is_access": "true" if task["results"] and not issues["critical"] else "false",
                "trigger_type": "manual",
                "file_duplication_ratio": _ratio(duplicated // 20, lines // 200),
            },
        )

    def list_tasks(self, request: Request, project_id: str) -> Reply:
        """A project's tasks in seed order; [MODEL] `offset` counts items, `limit` 1..100 (default 10 [DOC])."""
        query = request.query
        try:
            offset, limit = int(query.get("offset", "0")), int(query.get("limit", str(DEFAULT_LIMIT)))
        except ValueError as exc:
            raise _invalid_param("offset and limit must be integers") from exc
        if offset < 0 or not 1 <= limit <= MAX_LIMIT:
            raise _invalid_param(f"offset must be >= 0 and limit between 1 and {MAX_LIMIT}")
        tasks = [task for task in self.tasks.values() if task["project_id"] == project_id]
        for task in tasks:
            self._settle(task)
        return Reply(
            200, {"tasks": [self._list_item(task) for task in tasks[offset : offset + limit]], "total": len(tasks)}
        )

    def _list_item(self, task: dict) -> dict:
        """The SDK's SimpleTaskInfoV2."""
        return {
            "task_id": task["task_id"],
            "task_name": task["task_name"],
            "creator_id": task["creator_id"],
            "git_url": task["git_url"],
            "git_branch": task["git_branch"],
            "created_at": _utc(task["created_at"]),
            "last_check_time": _utc(self._latest_start(task)),
        }

    # Admin actions (the server answers 400 for the ValueError, KeyError and TypeError they raise)

    def _admin_tasks(self, data: Any) -> list[dict]:
        """The task an admin body names with `task_id`, or every task; ValueError for an unknown id."""
        if not isinstance(data, dict):
            raise ValueError("the body is a JSON object")
        if "task_id" not in data:
            return list(self.tasks.values())
        if data["task_id"] not in self.tasks:
            raise ValueError(f"no check task {data['task_id']}")
        return [self.tasks[data["task_id"]]]

    def admin_step(self, data: Any) -> dict:
        """Let `seconds` pass for the running checks (of one task or all) without moving the clock: start and stop times move back."""
        tasks = self._admin_tasks(data)
        seconds = float(data["seconds"])
        if seconds <= 0:
            raise ValueError("seconds must be positive")
        for task in tasks:
            self._settle(task)
            execution = task["current"]
            if execution is not None:
                execution["started_at"] -= seconds
                if execution["stop_at"] is not None:
                    execution["stop_at"] -= seconds
                self._settle(task)
        return {task["task_id"]: self._progress(task) for task in tasks}

    def admin_configure(self, data: Any) -> dict:
        """Set check_duration, stop_delay and/or next_result of one task or all; they apply to running checks too."""
        tasks = self._admin_tasks(data)
        unknown = set(data) - set(SETTINGS) - {"task_id"}
        if unknown:
            raise ValueError(f"unknown settings {', '.join(sorted(unknown))}; use {', '.join(SETTINGS)}")
        for task in tasks:
            self._settle(task)
            task.update(_settings(data, task))
        return {task["task_id"]: {key: task[key] for key in SETTINGS} for task in tasks}
