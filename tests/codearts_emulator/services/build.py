# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""CodeArts Build: build jobs that can be enabled, disabled, deleted (to a recycle bin), read, listed, built and stopped.

Each job keeps its builds, numbered from 1. RunJob starts a new one, which succeeds `build_duration`
seconds of emulator time later unless StopBuildJob aborts it first; builds are brought up to the
emulator's clock whenever their job is read. A job's last build (the highest number) gives its
last_build_no, last_build_status and last_build_time, and it is running while any of its builds runs.
Field names and types follow the official SDK's models (ShowJobInfoResult, IsDisableResult,
ShowRunningStatusResult, Job, RunJobResponse, StopBuildJobResponse, HistoryRecord,
ShowHistoryDetailsResponse with BuildStep); the behaviours the documentation leaves open follow the
[MODEL] table of the collection's API reference (see README).

[MODEL] choices: RunJob on a disabled job is 400 DEVCB.00031010; a job runs any number of builds at
once, each RunJob a new one; StopBuildJob aborts a running build at once, is 400 DEVCB.00031011 for
a build that has ended and 404 DEVCB.00031012 for a build number the job does not have (also in
ShowHistoryDetails); disabling a job leaves its running builds alone. ShowListHistory's `offset` is a
page number (from 0) and `interval` (1..30, required like `offset`) counts 24-hour days back from now;
its times are "yyyy-MM-dd HH:mm:ss" UTC, end_time null and result `running` while a build runs.

The recycle bin (ListRecyclingJob, RestoreRecyclingJobs, DeleteRecyclingJobs, ClearRecyclingJobs): a deleted job
keeps its id, project, configuration and disabled state; [MODEL] there is one bin per region (the region of the
caller's IAM project), a job stays in it `keep_time` days (default 30) after its deletion and is then purged, and
a restore or delete of an id that is not in the caller's bin is 422 DEVCB.00031006 with nothing done.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone
from typing import Any, Callable, Optional

from ..api import ApiError, Reply, Request, Route, Service, expand_generated
from ..seed import SeedChecker, seconds
from .iam import user_id
from .logs import LOCATION, offset, window

MAX_PAGE_SIZE = 100
DEFAULT_HISTORY_LIMIT = 10
MAX_HISTORY_INTERVAL = 30  # days
DAY = 86400
DEFAULT_BUILD_DURATION = 5.0
RESULTS = ("success", "failed", "aborted", "running")
# What a BuildStep's status says for a build's result (the emulator's builds have one step).
STEP_STATUS = {"running": "running", "success": "success", "failed": "error", "aborted": "error"}
# DownloadBuildRealTimeLog: `size` is fixed at 1000 [DOC]; [MODEL] it counts lines, and an answer holds at most that many.
LOG_SIZE = 1000
LOG_SORTS = ("AES", "ASC", "DESC")
SECTION_FIELDS = {"jobs", "keep_time"}
# The recycle bin keeps a deleted job this many days (SetKeepTime takes 1 to 30, default 30 [DOC]; days: [MODEL]).
DEFAULT_KEEP_TIME, MAX_KEEP_TIME = 30, 30
RECYCLE_BIN_PAGE_SIZE = 10  # ListRecyclingJob's default page_size [DOC]
# [MODEL] The bin's text times are China Standard Time: the documented example's create_time is 8 hours ahead of its
# create_time_stamp (epoch seconds).
BIN_TEXT_ZONE = timezone(timedelta(hours=8))
BUILD_FIELDS = {"number", "started_ago", "duration", "remaining", "result", "log"}
# A job seeded without `builds` describes its last build with these (the first form of the seed); they stand for one build.
LAST_BUILD_FIELDS = ("last_build_no", "last_build_status", "last_build_time", "last_build_ago", "running")
JOB_FIELDS = {
    "id",
    "job_name",
    "project_id",
    "disabled",
    "disabled_ago",
    "disable_reason",
    "user_name",
    "create_time",
    "health_score",
    "source_code",
    "scm_type",
    "trigger_type",
    "build_time",
    "build_duration",
    "builds",
    "deleted_ago",
    *LAST_BUILD_FIELDS,
}


def _job_gone(job_id: str) -> ApiError:
    # [MODEL] a missing or deleted job answers every read and write with 422 DEVCB.00031006.
    return ApiError(422, "DEVCB.00031006", f"The build job {job_id} does not exist or has been deleted.")


def _invalid_param(detail: str) -> ApiError:
    return ApiError(400, "CB.00060200", f"Invalid param: {detail}")


def _v1(result: Any) -> Reply:
    """The v1 endpoints' envelope."""
    return Reply(200, {"result": result, "error": None, "status": "success"})


def _text_time(ms: Optional[int]) -> Optional[str]:
    """The build history's time format, e.g. 2026-11-23 14:00:00 (UTC)."""
    return None if ms is None else datetime.fromtimestamp(ms / 1000, timezone.utc).strftime("%Y-%m-%d %H:%M:%S")


def _build(
    number: int,
    start: int,
    result: str,
    end: Optional[int] = None,
    due: Optional[int] = None,
    by: Optional[str] = None,
    parameters: Optional[dict] = None,
    scm: Optional[dict] = None,
    log: Optional[list] = None,
) -> dict:
    """One build of a job: times in epoch ms; `due` is when a running build succeeds (None: it runs until stopped);
    `log` what it printed (the seed's, for its log; None: generic lines)."""
    return {
        "number": number,
        "record_id": uuid.uuid4().hex,
        "start_time": start,
        "end_time": end,
        "due": due,
        "result": result,
        "by": by,
        "parameters": parameters or {},
        "scm": scm or {},
        "log": log,
    }


def _seeded_log(check: SeedChecker, entry: dict, where: str) -> Optional[list]:
    """A seeded build's `log`: the lines it printed (its log adds how it started and ended), a list of strings."""
    log = entry.get("log")
    if log is not None and (not isinstance(log, list) or not all(isinstance(line, str) for line in log)):
        raise check.error(where, "has a log that is not a list of the lines it printed")
    return log


def build_lines(job: dict, build: dict) -> list[str]:
    """Every line of a build's log, oldest first (emulator choice): its start, what it printed (the seed's lines, else
    two generic ones), and once it ended how: a failed build's last line is an [ERROR] line."""
    number = build["number"]
    lines = [f"[INFO] Build #{number} of {job['job_name']} started by {build['by'] or job['user_name']}."]
    lines += build.get("log") or ["[INFO] Checking out the code.", "[INFO] Running the build commands."]
    ending = {
        "success": f"[INFO] Build #{number} succeeded.",
        "failed": f"[ERROR] Build #{number} failed: the build commands exited with code 1.",
        "aborted": f"[WARN] Build #{number} was aborted.",
    }.get(build["result"])
    return lines + ([ending] if ending else [])


def _query_int(query: dict, key: str, default: Optional[int] = None) -> int:
    """An integer query parameter; 400 when it is missing (without a default) or not an integer."""
    if key not in query:
        if default is None:
            raise _invalid_param(f"{key} is required")
        return default
    try:
        return int(query[key])
    except ValueError as exc:
        raise _invalid_param(f"{key} must be an integer") from exc


class BuildService(Service):
    """Build jobs by id, each in one CodeArts project, with their builds; deleted jobs stay in the recycle bin (state only)."""

    name = "build"

    def load(self, seed: dict) -> None:
        check = SeedChecker("build")
        check.fields(seed, SECTION_FIELDS, "section")
        now = self.state.clock.now_ms()
        self.keep_time = seed.get("keep_time", DEFAULT_KEEP_TIME)
        if (
            isinstance(self.keep_time, bool)
            or not isinstance(self.keep_time, int)
            or not 1 <= self.keep_time <= MAX_KEEP_TIME
        ):
            raise check.error("keep_time", f"is a number of days from 1 to {MAX_KEEP_TIME}, not {self.keep_time!r}")
        self.jobs: dict[str, dict] = {}
        for entry in seed.get("jobs") or []:
            for job in expand_generated(entry, "build", "id", "job_name"):
                self._add_job(check, job, now)

    # Seed

    def _add_job(self, check: SeedChecker, entry: dict, now: int) -> None:
        what = f"job {entry.get('job_name')!r}" if isinstance(entry, dict) else "job"
        check.fields(entry, JOB_FIELDS, what)
        check.ids(entry, what, "id", "project_id")
        check.new("job id", entry["id"])
        duration = check.seconds(entry.get("build_duration", DEFAULT_BUILD_DURATION), "build_duration")
        if "builds" in entry:
            given = [key for key in LAST_BUILD_FIELDS if key in entry]
            if given:
                raise check.error(
                    what, f"gives builds and {', '.join(given)}: the last of its builds says what these would"
                )
            builds = self._seeded_builds(check, entry["builds"], what, now)
        else:
            builds = [self._last_build(check, entry, what, duration, now)]
        disabled = bool(entry.get("disabled", False))
        if "disabled_ago" in entry and not disabled:
            raise check.error(what, "has disabled_ago but is not disabled")
        disabled_time = (
            now - round(1000 * check.seconds(entry["disabled_ago"], "disabled_ago"))
            if "disabled_ago" in entry
            else None
        )
        deleted_time = self._seeded_deletion(check, entry, what, now)
        # [MODEL] Unless the seed says when, a job was created at the load, or before its first build, its disabling or
        # its deletion.
        create_time = entry.get(
            "create_time",
            min(
                [
                    now,
                    *(build["start_time"] for build in builds),
                    *(time for time in (disabled_time, deleted_time) if time),
                ]
            ),
        )
        job = {
            "id": entry["id"],
            "job_name": entry.get("job_name", entry["id"]),
            "project_id": entry["project_id"],
            "disabled": disabled,
            "disable_reason": entry.get("disable_reason", ""),
            "user_name": entry.get("user_name", self.state.default_user or ""),
            "create_time": create_time,
            "health_score": entry.get("health_score", 100),
            "source_code": entry.get("source_code", "codehub"),
            "scm_type": entry.get("scm_type", "codehub"),
            "trigger_type": entry.get("trigger_type", "Manual"),
            "build_time": entry.get("build_time", 0),
            "build_duration": duration,
            "builds": builds,
            "deleted": deleted_time is not None,
            "deleted_time": deleted_time,
            # The region whose recycle bin holds the job (a job seeded as deleted: the seed's first region).
            "deleted_region": self._default_region() if deleted_time is not None else None,
            "disabled_by": None,
            "disabled_time": None,
        }
        if disabled:
            job["disabled_by"], job["disabled_time"] = (
                job["user_name"],
                disabled_time if disabled_time is not None else create_time,
            )
        self.jobs[job["id"]] = job

    def _seeded_deletion(self, check: SeedChecker, entry: dict, what: str, now: int) -> Optional[int]:
        """When a job seeded with `deleted_ago` (seconds) was deleted, epoch ms; None for a live job."""
        if "deleted_ago" not in entry:
            return None
        ago = check.seconds(entry["deleted_ago"], "deleted_ago")
        if ago >= self.keep_time * DAY:
            raise check.error(what, f"has a deleted_ago beyond the recycle bin's keep_time ({self.keep_time} days)")
        return now - round(1000 * ago)

    @staticmethod
    def _seeded_builds(check: SeedChecker, entries: Any, what: str, now: int) -> list[dict]:
        """`builds: [{number, started_ago, duration | remaining, result}]`: a finished build has a duration, a running one may have remaining."""
        if not isinstance(entries, list):
            raise check.error(what, "has builds that are not a list")
        builds = []
        for entry in entries:
            number = entry.get("number") if isinstance(entry, dict) else None
            where = f"{what} build {number!r}"
            check.fields(entry, BUILD_FIELDS, where)
            if (
                isinstance(number, bool)
                or not isinstance(number, int)
                or number < 1
                or number in {build["number"] for build in builds}
            ):
                raise check.error(where, "needs a number of its own, from 1")
            result = entry.get("result", "success")
            if result not in RESULTS:
                raise check.error(where, f"has a result that is not one of {', '.join(RESULTS)}")
            running = result == "running"
            if running == ("duration" in entry) or ("remaining" in entry and not running):
                raise check.error(
                    where,
                    "has a duration when it has finished, and only when it has (a running build may have remaining)",
                )
            started_ago = check.seconds(entry.get("started_ago"), "started_ago")
            start = now - round(started_ago * 1000)
            log = _seeded_log(check, entry, where)
            if running:
                due = (
                    now + round(1000 * check.seconds(entry["remaining"], "remaining")) if "remaining" in entry else None
                )
                builds.append(_build(number, start, result, due=due, log=log))
                continue
            duration = check.seconds(entry["duration"], "duration")
            if duration > started_ago:
                raise check.error(where, "has a duration longer than its started_ago: it would end after the load")
            builds.append(_build(number, start, result, end=start + round(duration * 1000), log=log))
        return sorted(builds, key=lambda build: build["number"])

    @staticmethod
    def _last_build(check: SeedChecker, entry: dict, what: str, duration: float, now: int) -> dict:
        """The one build that last_build_no, last_build_status, last_build_time (ms) or last_build_ago (s) and running describe.

        [MODEL] It took the job's build_duration and started that long before the load unless the seed says when; a running
        one runs until stopped.
        """
        status, running = entry.get("last_build_status"), entry.get("running")
        status = status if status is not None else ("running" if running else "success")
        running = running if running is not None else status == "running"
        if status not in RESULTS or running != (status == "running"):
            raise check.error(
                what, f"needs a last_build_status of {', '.join(RESULTS)}, and running: true exactly with running"
            )
        if "last_build_time" in entry and "last_build_ago" in entry:
            raise check.error(what, "gives last_build_time and last_build_ago: one says when the last build started")
        if "last_build_time" in entry:
            start = int(entry["last_build_time"])
        else:
            start = now - round(1000 * check.seconds(entry.get("last_build_ago", duration), "last_build_ago"))
        number = entry.get("last_build_no", 1)
        if isinstance(number, bool) or not isinstance(number, int) or number < 1:
            raise check.error(what, f"has a last_build_no that is not a positive integer: {number!r}")
        if running:
            return _build(number, start, status)
        return _build(number, start, status, end=min(start + round(duration * 1000), max(now, start)))

    # Builds

    def _settle(self, job: dict) -> None:
        """End the job's running builds that are due by the emulator's clock: they succeed."""
        now = self.state.clock.now_ms()
        for build in job["builds"]:
            if build["result"] == "running" and build["due"] is not None and build["due"] <= now:
                build.update(result="success", end_time=build["due"], due=None)

    @staticmethod
    def _last(job: dict) -> Optional[dict]:
        """The job's last build (the highest number), None for a job never built."""
        return job["builds"][-1] if job["builds"] else None

    @staticmethod
    def _running(job: dict) -> bool:
        return any(build["result"] == "running" for build in job["builds"])

    def _last_build_fields(self, job: dict) -> dict:
        last = self._last(job) or {}
        return {
            "last_build_no": last.get("number"),
            "last_build_status": last.get("result"),
            "last_build_time": last.get("start_time"),
        }

    @staticmethod
    def _numbered(job: dict, number: str) -> dict:
        if not number.isdigit():
            raise _invalid_param("the build number is a positive integer")
        build = next((build for build in job["builds"] if build["number"] == int(number)), None)
        if build is None:
            raise ApiError(404, "DEVCB.00031012", f"The build job {job['id']} has no build {number}.")
        return build

    # Routes

    def routes(self) -> list[Route]:
        return [
            Route("POST", "/v3/jobs/{job_id}/recover", "EnableBuildJob", self.enable),
            Route("POST", "/v3/jobs/{job_id}/disable", "DisableBuildJob", self.disable),
            Route("POST", "/v3/jobs/{job_id}/delete", "DeleteBuildJob", self.delete),
            Route("POST", "/v3/jobs/build", "RunJob", self.run),
            Route("POST", "/v3/jobs/{job_id}/{build_no}/stop", "StopBuildJob", self.stop),
            Route("GET", "/v3/jobs/{job_id}/history", "ShowListHistory", self.show_history),
            Route(
                "GET",
                "/v3/jobs/{job_id}/{build_number}/history-details",
                "ShowHistoryDetails",
                self.show_history_details,
            ),
            Route("GET", "/v1/job/{job_id}/info", "ShowJobInfo", self.show_info),
            Route("GET", "/v1/job/{job_id}/check/disable", "ShowDisable", self.show_disable),
            Route("GET", "/v1/job/{job_id}/running-status", "ShowRunningStatus", self.show_running_status),
            Route("GET", "/v3/{project_id}/jobs", "ShowJobListByProjectId", self.list_jobs),
            Route("GET", "/v1/log/{job_id}/{build_no}/real-time-log", "DownloadBuildRealTimeLog", self.show_log),
            Route("GET", "/v1/job/recycling-jobs", "ListRecyclingJob", self.list_recycling),
            Route("POST", "/v1/job/recycling-restoration", "RestoreRecyclingJobs", self.restore_recycling),
            Route("DELETE", "/v1/job/recycling-deletion", "DeleteRecyclingJobs", self.delete_recycling),
            Route("DELETE", "/v1/job/recycling-empty", "ClearRecyclingJobs", self.clear_recycling),
        ]

    def snapshot(self) -> dict:
        self._purge()
        jobs = []
        for job in self.jobs.values():
            self._settle(job)
            jobs.append(
                {
                    **job,
                    "builds": [dict(build) for build in job["builds"]],
                    "running": self._running(job),
                    **self._last_build_fields(job),
                }
            )
        return {"jobs": jobs, "keep_time": self.keep_time}

    def admin_actions(self) -> dict[str, Callable[[Any], Any]]:
        """POST /_emulator/build/step, /_emulator/build/finish and /_emulator/build/configure (see README)."""
        return {"step": self.admin_step, "finish": self.admin_finish, "configure": self.admin_configure}

    def _live_job(self, job_id: str) -> dict:
        job = self.jobs.get(job_id)
        if job is None or job["deleted"]:
            raise _job_gone(job_id)
        self._settle(job)
        return job

    def enable(self, _request: Request, job_id: str) -> Reply:
        """S2, "recover": [MODEL] enabling an enabled job succeeds and changes nothing."""
        job = self._live_job(job_id)
        if job["disabled"]:
            job.update(disabled=False, disabled_by=None, disabled_time=None, disable_reason="")
        return Reply(200, {"status": "success"})

    def disable(self, request: Request, job_id: str) -> Reply:
        """Sibling of S2: [MODEL] disabling a disabled job succeeds and changes nothing; running builds go on."""
        job = self._live_job(job_id)
        if not job["disabled"]:
            job.update(
                disabled=True,
                disabled_by=request.caller.user_name if request.caller else None,
                disabled_time=self.state.clock.now_ms(),
            )
        return Reply(200, {"status": "success"})

    def delete(self, request: Request, job_id: str) -> Reply:
        """S4: move the job to the recycle bin of the caller's region; [MODEL] deleting a deleted job is 422 like any
        access to it."""
        job = self._live_job(job_id)
        job.update(deleted=True, deleted_time=self.state.clock.now_ms(), deleted_region=self._region(request))
        return Reply(200, {"status": "success", "result": {"job_id": job["id"], "project_id": job["project_id"]}})

    def run(self, request: Request) -> Reply:
        """RunJob: a new build of the job in the body, running for the job's build_duration; [MODEL] not for a disabled job."""
        try:
            body = request.json()
        except ValueError as exc:
            raise _invalid_param("the body is not JSON") from exc
        shape = 'the body is {"job_id", "parameter": [{"name", "value"}], "scm": {"build_tag", "build_commit_id"}}'
        if (
            not isinstance(body, dict)
            or not isinstance(body.get("job_id"), str)
            or not isinstance(body.get("scm") or {}, dict)
        ):
            raise _invalid_param(shape)
        try:
            parameters = {str(item["name"]): str(item["value"]) for item in body.get("parameter") or []}
        except (KeyError, TypeError) as exc:
            raise _invalid_param(shape) from exc
        job = self._live_job(body["job_id"])
        if job["disabled"]:
            raise ApiError(
                400, "DEVCB.00031010", f"The build job {job['id']} is disabled: enable it before running it."
            )
        now = self.state.clock.now_ms()
        number = 1 + max((build["number"] for build in job["builds"]), default=0)
        job["builds"].append(
            _build(
                number,
                now,
                "running",
                due=now + round(job["build_duration"] * 1000),
                by=request.caller.user_name if request.caller else None,
                parameters=parameters,
                scm=body.get("scm"),
            )
        )
        today = _text_time(now)[:10]
        daily = sum(1 for build in job["builds"] if _text_time(build["start_time"])[:10] == today)
        return Reply(
            200,
            {"octopus_job_name": job["job_name"], "actual_build_number": str(number), "daily_build_number": str(daily)},
        )

    def stop(self, _request: Request, job_id: str, build_no: str) -> Reply:
        """StopBuildJob: [MODEL] the build reads `aborted` at once; a build that has ended is 400."""
        job = self._live_job(job_id)
        build = self._numbered(job, build_no)
        if build["result"] != "running":
            raise ApiError(
                400,
                "DEVCB.00031011",
                f"Build {build['number']} of the build job {job['id']} has already ended ({build['result']}).",
            )
        build.update(result="aborted", end_time=self.state.clock.now_ms(), due=None)
        return Reply(200, {"success": True, "result": "stopped"})

    def show_history(self, request: Request, job_id: str) -> Reply:
        """ShowListHistory: the builds started within `interval` days, newest first, `offset` a page number of `limit` records."""
        job = self._live_job(job_id)
        query = request.query
        offset, limit, interval = (
            _query_int(query, "offset"),
            _query_int(query, "limit", DEFAULT_HISTORY_LIMIT),
            _query_int(query, "interval"),
        )
        if offset < 0 or not 1 <= limit <= MAX_PAGE_SIZE or not 1 <= interval <= MAX_HISTORY_INTERVAL:
            raise _invalid_param(
                f"offset must be >= 0, limit between 1 and {MAX_PAGE_SIZE} and interval between 1 and {MAX_HISTORY_INTERVAL}"
            )
        since = self.state.clock.now_ms() - interval * DAY * 1000
        builds = [build for build in reversed(job["builds"]) if build["start_time"] >= since]
        return Reply(
            200,
            {
                "history_records": [
                    {
                        "record_id": build["record_id"],
                        "job_id": job["id"],
                        "build_number": build["number"],
                        "start_time": _text_time(build["start_time"]),
                        "end_time": _text_time(build["end_time"]),
                        "result": build["result"],
                    }
                    for build in builds[offset * limit : (offset + 1) * limit]
                ],
                "total": len(builds),
            },
        )

    def show_history_details(self, _request: Request, job_id: str, build_number: str) -> Reply:
        """ShowHistoryDetails: [MODEL] one build step, `build`, whose status follows the build's result and build_time counts ms."""
        job = self._live_job(job_id)
        build = self._numbered(job, build_number)
        took = (build["end_time"] or self.state.clock.now_ms()) - build["start_time"]
        return Reply(
            200,
            {
                "job_name": job["job_name"],
                "build_number": build["number"],
                "project_id": job["project_id"],
                "project_name": self.state.project_name(job["project_id"]),
                "parameters": dict(build["parameters"]),
                "build_steps": [{"name": "build", "status": STEP_STATUS[build["result"]], "build_time": took}],
            },
        )

    def show_info(self, _request: Request, job_id: str) -> Reply:
        """ShowJobInfoResult."""
        job = self._live_job(job_id)
        last = self._last_build_fields(job)
        return _v1(
            {
                "id": job["id"],
                "project_id": job["project_id"],
                "project_permission_switch": False,
                "build_time": str(job["build_time"]),
                "charge_time": "0",
                "create_time": job["create_time"],
                "disabled": job["disabled"],
                "favorite": False,
                "source_code": job["source_code"],
                "running_status": "running" if self._running(job) else "finished",
                "new_build": False,
                "job_name": job["job_name"],
                "is_copy": True,
                "is_delete": True,
                "is_execute": True,
                "is_forbidden": True,
                "is_manager": True,
                "is_modify": True,
                "is_view": True,
                "last_build_status": last["last_build_status"],
                "last_build_time": last["last_build_time"],
                "health_score": job["health_score"],
            }
        )

    def show_disable(self, _request: Request, job_id: str) -> Reply:
        """IsDisableResult: `disabled` is 1 or 0 and the reason field is spelt `reson`, as in the SDK."""
        job = self._live_job(job_id)
        return _v1(
            {
                "forbiddener": job["disabled_by"] or "",
                "reson": job["disable_reason"] if job["disabled"] else "",
                "disabled": int(job["disabled"]),
                "job_id": job["id"],
                "job_name": job["job_name"],
                "forbidden_time": float(job["disabled_time"]) if job["disabled_time"] is not None else None,
            }
        )

    def show_running_status(self, _request: Request, job_id: str) -> Reply:
        """ShowRunningStatusResult."""
        job = self._live_job(job_id)
        last = self._last_build_fields(job)
        return _v1(
            {
                "last_job_id": job["id"],
                "last_build_no": None if last["last_build_no"] is None else str(last["last_build_no"]),
                "last_build_status": last["last_build_status"],
                "is_running": self._running(job),
            }
        )

    def list_jobs(self, request: Request, project_id: str) -> Reply:
        """A project's live jobs in seed order, `page_index` zero-based, `page_size` required and at most 100."""
        query = request.query
        page_index, page_size = _query_int(query, "page_index", 0), _query_int(query, "page_size")
        if page_index < 0 or not 1 <= page_size <= MAX_PAGE_SIZE:
            raise _invalid_param(f"page_index must be >= 0 and page_size between 1 and {MAX_PAGE_SIZE}")
        jobs = [job for job in self.jobs.values() if job["project_id"] == project_id and not job["deleted"]]
        page = jobs[page_index * page_size : (page_index + 1) * page_size]
        for job in page:
            self._settle(job)
        return Reply(200, {"jobs": [self._list_item(job) for job in page], "total": len(jobs)})

    def _list_item(self, job: dict) -> dict:
        """The SDK's Job model."""
        running, last = self._running(job), self._last_build_fields(job)
        return {
            "id": job["id"],
            "job_name": job["job_name"],
            "job_creator": job["user_name"],
            "user_name": job["user_name"],
            "last_build_time": None if last["last_build_time"] is None else float(last["last_build_time"]),
            "health_score": job["health_score"],
            "source_code": job["source_code"],
            "last_build_status": last["last_build_status"],
            "is_finished": not running,
            "disabled": job["disabled"],
            "favorite": False,
            "is_modify": True,
            "is_delete": True,
            "is_execute": True,
            "is_copy": True,
            "is_forbidden": True,
            "is_view": True,
            "last_build_user": job["user_name"],
            "trigger_type": job["trigger_type"],
            "build_time": job["build_time"],
            "scm_type": job["scm_type"],
            "last_job_running_status": "running" if running else "finished",
        }

    # Build logs

    def show_log(self, request: Request, job_id: str, build_no: str) -> Reply:
        """DownloadBuildRealTimeLog: a window of the build's log (../logs.py) in the v1 envelope. [MODEL] `size` counts
        lines, at most LOG_SIZE an answer; `start_offset`, `end_offset` and `size` are required [DOC], `sort` is AES
        (sic, [DOC]) or ASC for oldest first, DESC for newest first [default ascending]; otherwise 400 CB.00060200."""
        job = self._live_job(job_id)
        build = self._numbered(job, build_no)
        query = request.query
        start, end = (offset(query[key]) if key in query else None for key in ("start_offset", "end_offset"))
        size, sort = offset(query.get("size")), query.get("sort", "ASC").upper()
        if start is None or end is None or not size or sort not in LOG_SORTS:
            raise _invalid_param(
                "start_offset, end_offset (whole numbers >= 0) and size (>= 1) are required, sort is AES or DESC"
            )
        descending = sort == "DESC"
        answer = window(build_lines(job, build), descending, start, end, min(size, LOG_SIZE))
        return _v1(dict(answer, location=LOCATION))

    # The recycle bin

    def _default_region(self) -> str:
        """The seed's first region (IAM project name): where requests scoped to no known IAM project act."""
        return self.state.region_of(None)

    def _region(self, request: Request) -> str:
        """The region of the caller's IAM project (X-Project-Id, or the token's scope) [MODEL]."""
        return self.state.region_of(request.caller.project_id if request.caller else None)

    def _purge(self) -> None:
        """Bin expiry: a job deleted `keep_time` days ago or more is gone for good [MODEL]."""
        deadline = self.state.clock.now_ms() - self.keep_time * DAY * 1000
        for job_id in [job["id"] for job in self.jobs.values() if job["deleted"] and job["deleted_time"] <= deadline]:
            del self.jobs[job_id]

    def _bin(self, request: Request) -> list[dict]:
        """The caller's region's recycle bin, the latest deletion first."""
        self._purge()
        region = self._region(request)
        binned = [job for job in self.jobs.values() if job["deleted"] and job["deleted_region"] == region]
        return sorted(binned, key=lambda job: job["deleted_time"], reverse=True)

    def _binned_ids(self, request: Request) -> list[dict]:
        """The jobs a body's `job_ids` names, all of them in the caller's bin: else 422 for the first that is not."""
        try:
            body = request.json()
        except ValueError as exc:
            raise _invalid_param("the body is not JSON") from exc
        job_ids = body.get("job_ids") if isinstance(body, dict) else None
        if not isinstance(job_ids, list) or not job_ids or not all(isinstance(job_id, str) for job_id in job_ids):
            raise _invalid_param('the body is {"job_ids": ["<job id>", ...]}')
        binned = {job["id"]: job for job in self._bin(request)}
        for job_id in job_ids:
            if job_id not in binned:
                raise ApiError(422, "DEVCB.00031006", f"The build job {job_id} is not in the recycle bin.")
        return [binned[job_id] for job_id in dict.fromkeys(job_ids)]

    @staticmethod
    def _bin_time(ms: int) -> tuple[str, str]:
        """A bin entry's time as text (China Standard Time, [MODEL]) and as epoch seconds in a string [DOC]."""
        text = datetime.fromtimestamp(ms / 1000, BIN_TEXT_ZONE).strftime("%Y-%m-%d %H:%M:%S")
        return text, str(ms // 1000)

    def _bin_entry(self, job: dict) -> dict:
        """The SDK's RecyclingJob."""
        create_time, create_stamp = self._bin_time(job["create_time"])
        delete_time, delete_stamp = self._bin_time(job["deleted_time"])
        return {
            "job_id": job["id"],
            "job_name": job["job_name"],
            "project_id": job["project_id"],
            "creator_name": job["user_name"],
            "creator_id": user_id(self.state, job["user_name"]) if job["user_name"] else "",
            "create_time": create_time,
            "delete_time": delete_time,
            "create_time_stamp": create_stamp,
            "delete_time_stamp": delete_stamp,
        }

    def list_recycling(self, request: Request) -> Reply:
        """ListRecyclingJob: the caller's bin, latest deletion first; `page_no` from 1, `page_size` 1..100 (default 10),
        `search` a part of the job name (any case) [MODEL]."""
        query = request.query
        page_no, page_size = _query_int(query, "page_no", 1), _query_int(query, "page_size", RECYCLE_BIN_PAGE_SIZE)
        if page_no < 1 or not 1 <= page_size <= MAX_PAGE_SIZE:
            raise _invalid_param(f"page_no must be >= 1 and page_size between 1 and {MAX_PAGE_SIZE}")
        search = query.get("search", "").casefold()
        binned = [job for job in self._bin(request) if search in job["job_name"].casefold()]
        page = binned[(page_no - 1) * page_size : page_no * page_size]
        # The SDK's ListRecyclingJobResponse: the newer reference adds error, result.project_name and result.region,
        # which the SDK's models do not have; the SDK's field names win (README).
        return Reply(
            200,
            {
                "success": True,
                "status": "success",
                "result": {
                    "keep_time": self.keep_time,
                    "total": len(binned),
                    "job_list": [self._bin_entry(job) for job in page],
                },
            },
        )

    def restore_recycling(self, request: Request) -> Reply:
        """RestoreRecyclingJobs: each job back in its project, with its id, configuration and disabled state [MODEL]."""
        for job in self._binned_ids(request):
            job.update(deleted=False, deleted_time=None, deleted_region=None)
        return Reply(200, {"status": "success"})

    def delete_recycling(self, request: Request) -> Reply:
        """DeleteRecyclingJobs (a DELETE with a JSON body): the jobs are gone for good."""
        for job in self._binned_ids(request):
            del self.jobs[job["id"]]
        return Reply(200, {"status": "success"})

    def clear_recycling(self, request: Request) -> Reply:
        """ClearRecyclingJobs: the caller's bin is emptied."""
        for job in self._bin(request):
            del self.jobs[job["id"]]
        return Reply(200, {"status": "success"})

    # Admin actions (the server answers 400 for the ValueError, KeyError and TypeError they raise)

    def _admin_jobs(self, data: Any) -> list[dict]:
        """The job an admin body names with `job_id`, or every job; ValueError for an unknown id."""
        if not isinstance(data, dict):
            raise ValueError("the body is a JSON object")
        if "job_id" not in data:
            return list(self.jobs.values())
        if data["job_id"] not in self.jobs:
            raise ValueError(f"no build job {data['job_id']}")
        return [self.jobs[data["job_id"]]]

    def _running_numbers(self, jobs: list[dict]) -> dict:
        return {job["id"]: [build["number"] for build in job["builds"] if build["result"] == "running"] for job in jobs}

    def admin_step(self, data: Any) -> dict:
        """{"seconds", "job_id"?}: the running builds (of one job or all) are `seconds` older, without moving the clock; those due succeed."""
        jobs = self._admin_jobs(data)
        if set(data) - {"seconds", "job_id"}:
            raise ValueError("step takes seconds and job_id")
        amount = round(1000 * seconds(data["seconds"], "seconds"))
        for job in jobs:
            self._settle(job)
            for build in job["builds"]:
                if build["result"] == "running":
                    build["start_time"] -= amount
                    if build["due"] is not None:
                        build["due"] -= amount
            self._settle(job)
        return self._running_numbers(jobs)

    def admin_finish(self, data: Any) -> dict:
        """{"job_id", "build_number"?, "result"?}: a running build (the job's last running one by default) ends now, `success` or `failed`."""
        if not isinstance(data, dict) or "job_id" not in data or set(data) - {"job_id", "build_number", "result"}:
            raise ValueError("finish takes job_id, and build_number and result (success or failed)")
        (job,) = self._admin_jobs(data)
        self._settle(job)
        result = data.get("result", "success")
        running = [
            build
            for build in job["builds"]
            if build["result"] == "running" and data.get("build_number", build["number"]) == build["number"]
        ]
        if result not in ("success", "failed") or not running:
            raise ValueError(f"no running build to end as {result!r} (success or failed) in {data!r}")
        running[-1].update(result=result, end_time=self.state.clock.now_ms(), due=None)
        return {"job_id": job["id"], "build_number": running[-1]["number"], "result": result}

    def admin_configure(self, data: Any) -> dict:
        """{"job_id"?, "build_duration"}: how long the builds RunJob starts from now on take, for one job or all."""
        jobs = self._admin_jobs(data)
        if set(data) - {"job_id", "build_duration"} or "build_duration" not in data:
            raise ValueError("configure takes build_duration, and job_id")
        duration = seconds(data["build_duration"], "build_duration")
        for job in jobs:
            job["build_duration"] = duration
        return {job["id"]: {"build_duration": job["build_duration"]} for job in jobs}
