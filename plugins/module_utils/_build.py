# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""CodeArts Build: the job calls, and the logic of the build job modules."""

from __future__ import annotations

from ansible_collections.huaweicloud.codearts.plugins.module_utils._codearts_api import (
    BUILD_FAILED,
    BUILD_HISTORY_MAX_DAYS,
    BUILD_HISTORY_PAGES,
    BUILD_JOB_MISSING,
    BUILD_JOB_PAGES,
    BUILD_LOG_SIZE,
    BUILD_RECYCLE_BIN_PAGE_SIZE,
    BUILD_RECYCLE_BIN_TEXT_OFFSET,
    BUILD_RUNNING,
)
from ansible_collections.huaweicloud.codearts.plugins.module_utils._errors import CodeArtsError
from ansible_collections.huaweicloud.codearts.plugins.module_utils._logic import (
    change_result,
    find_named,
    log_lines_option,
    log_tail,
    missing,
    named,
    run_parameters,
    state_result,
    statuses_under_way,
    wait_until,
    waits,
    write_then_confirm,
)
from ansible_collections.huaweicloud.codearts.plugins.module_utils._time import (
    cutoff_ms,
    duration_option,
    epoch_ms,
    point_ms,
    seconds_since,
    utc_text,
)

SERVICE = "build"
RECYCLE_BIN = "/v1/job/recycling-jobs"
DAY_MS = 86400 * 1000
# A recycle bin time stamp this large is epoch milliseconds, not the documented seconds (1e11 s is in the year 5138).
_STAMP_IN_MS = 10**11


def _job(raw, project_id=None):
    """The job as the modules return it, whichever API answered."""
    return {
        "id": raw.get("id"),
        "name": raw.get("job_name"),
        "project_id": raw.get("project_id") or project_id,
        "disabled": bool(raw.get("disabled")),
        "last_build_status": raw.get("last_build_status"),
        "last_build_time": epoch_ms(raw.get("last_build_time")),
        # The job list says is_finished, the job info running_status [MODEL].
        "running": raw.get("is_finished") is False or raw.get("running_status") == BUILD_RUNNING,
    }


def _build(raw, job, now):
    """A build of ``job`` as ShowListHistory reports it, times in epoch ms (``now``: the service's)."""
    build = {
        "job_id": job["id"],
        "job_name": job["name"],
        "build_number": _number(raw.get("build_number")),
        "status": raw.get("result"),
        "start_time": epoch_ms(raw.get("start_time")),
        "end_time": epoch_ms(raw.get("end_time")),
    }
    build["running_seconds"] = seconds_since(build["start_time"], now) if build["status"] == BUILD_RUNNING else None
    return build


def _number(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _bin_time(stamp, text):
    """A recycle bin time in epoch ms: its ``*_time_stamp`` (epoch seconds), else its text (see _codearts_api)."""
    value = epoch_ms(stamp)
    if value is not None:
        return value if abs(value) >= _STAMP_IN_MS else value * 1000
    return epoch_ms(text + BUILD_RECYCLE_BIN_TEXT_OFFSET) if isinstance(text, str) and text.strip() else None


def _binned(raw, keep_days):
    """A job in the recycle bin as the modules return it: until when it can be restored (epoch ms) included."""
    deleted_time = _bin_time(raw.get("delete_time_stamp"), raw.get("delete_time"))
    return {
        "id": raw.get("job_id"),
        "name": raw.get("job_name"),
        "project_id": raw.get("project_id"),
        "creator": raw.get("creator_name"),
        "deleted": True,
        "deleted_time": deleted_time,
        "restorable_until": None if None in (deleted_time, keep_days) else deleted_time + keep_days * DAY_MS,
    }


class BuildJobs:
    """One method per Build API operation the modules use."""

    def __init__(self, client):
        self.client = client

    def get(self, job_id):
        """The job, or None when it is missing or deleted."""
        data = self.client.get_if_exists(SERVICE, "/v1/job/{job_id}/info", {"job_id": job_id}, BUILD_JOB_MISSING)
        return None if data is None else _job(data.get("result") or {})

    def list(self, project_id):
        """Every job of a CodeArts project, all pages (page_index counts pages from 0)."""
        jobs = self.client.list_all(SERVICE, "/v3/{project_id}/jobs", {"project_id": project_id}, BUILD_JOB_PAGES)
        return [_job(raw, project_id) for raw in jobs]

    def find(self, job_id=None, name=None, project_id=None):
        """The job named by ID, or by name within a project; None if there is none. Several by that name fail."""
        if job_id:
            return self.get(job_id)
        return find_named(self.list(project_id), name, "build job", project_id, "job_id", required=False)

    def enable(self, job_id):
        self.client.post(SERVICE, "/v3/jobs/{job_id}/recover", {"job_id": job_id})

    def disable(self, job_id):
        self.client.post(SERVICE, "/v3/jobs/{job_id}/disable", {"job_id": job_id})

    def delete(self, job_id):
        self.client.post(SERVICE, "/v3/jobs/{job_id}/delete", {"job_id": job_id})

    def _bin_page(self, page_no, page_size, search=None):
        data = self.client.get(
            SERVICE, RECYCLE_BIN, None, {"page_no": page_no, "page_size": page_size, "search": search or None}
        )
        return (data or {}).get("result") or {}

    def keep_days(self):
        """How many days the recycle bin keeps a deleted job (one read of one entry)."""
        return _number(self._bin_page(1, 1).get("keep_time"))

    def recycle_bin(self, search=None):
        """The recycle bin (the tenant's, in this region): how many days it keeps a job, and its entries, all pages
        (page_no counts from 1), or only those the API finds by ``search`` (a name) when given."""
        answers = []

        def read_page(pages, _items):
            answers.append(self._bin_page(pages + 1, BUILD_RECYCLE_BIN_PAGE_SIZE, search))
            return answers[-1]

        entries = self.client.get_all(read_page, "job_list", BUILD_RECYCLE_BIN_PAGE_SIZE)
        keep_days = _number(answers[0].get("keep_time"))
        return keep_days, [_binned(entry, keep_days) for entry in entries]

    def binned(self, job_id=None, name=None, project_id=None):
        """How many days the bin keeps a job, and the entries of the job named by ID, or of the jobs of a project
        (called ``name``, when given): the whole bin is read for an ID, the API's search for a name."""
        keep_days, entries = self.recycle_bin(None if job_id else name)
        if job_id:
            return keep_days, [entry for entry in entries if entry["id"] == job_id]
        return keep_days, [entry for entry in named(entries, name) if entry["project_id"] == project_id]

    def restore(self, job_id):
        self.client.post(SERVICE, "/v1/job/recycling-restoration", body={"job_ids": [job_id]})

    def disabled_time(self, job_id):
        """When the job was disabled (epoch ms), or None."""
        data = self.client.get(SERVICE, "/v1/job/{job_id}/check/disable", {"job_id": job_id}) or {}
        return epoch_ms((data.get("result") or {}).get("forbidden_time"))

    def last_build_number(self, job_id):
        """The number of the job's latest build (0 when it never ran)."""
        data = self.client.get(SERVICE, "/v1/job/{job_id}/running-status", {"job_id": job_id}) or {}
        return _number((data.get("result") or {}).get("last_build_no")) or 0

    def builds(self, job, days=BUILD_HISTORY_MAX_DAYS):
        """The builds of ``job`` started within ``days`` days, newest first, all pages (offset counts pages)."""
        raw = self.client.list_all(
            SERVICE, "/v3/jobs/{job_id}/history", {"job_id": job["id"]}, BUILD_HISTORY_PAGES, {"interval": days}
        )
        now = self.client.service_now_ms()
        return [_build(record, job, now) for record in raw]

    def run(self, job_id, parameters):
        """Start a build with ``parameters`` as run_parameters() gives them; its build number."""
        body = {"job_id": job_id, "parameter": [{"name": name, "value": value} for name, value in parameters.items()]}
        return _number((self.client.post(SERVICE, "/v3/jobs/build", body=body) or {}).get("actual_build_number"))

    def stop(self, job_id, build_number):
        self.client.post(
            SERVICE, "/v3/jobs/{job_id}/{build_no}/stop", {"job_id": job_id, "build_no": str(build_number)}
        )

    def log_tail(self, job_id, build_number, lines):
        """The last ``lines`` lines of a build's log, oldest first (DownloadBuildRealTimeLog, read newest first)."""

        def read(end_offset):
            data = self.client.get(
                SERVICE,
                "/v1/log/{job_id}/{build_no}/real-time-log",
                {"job_id": job_id, "build_no": str(build_number)},
                {"start_offset": 0, "end_offset": end_offset, "sort": "DESC", "size": BUILD_LOG_SIZE},
            )
            answer = (data or {}).get("result") or {}
            return answer.get("log"), answer.get("has_more"), answer.get("start_offset")

        return log_tail(read, lines)


def _describe(params):
    if params.get("job_id"):
        return "Build job %s" % params["job_id"]
    return "Build job %r in project %s" % (params["name"], params["project_id"])


def ensure_build_job(params, client, check_mode):
    """Bring one build job to ``state`` (enabled, disabled, present or absent) with at most one write.

    A write whose answer is lost is confirmed by reading the job again (see write_then_confirm). The recycle bin is
    read only for a job that is not there, and after a delete (to say until when the job can be restored).
    """
    jobs = BuildJobs(client)
    before = jobs.find(params.get("job_id"), params.get("name"), params.get("project_id"))
    state = params["state"]
    if before is None:
        return _not_there(jobs, params, client, check_mode)
    if state == "absent":
        return _delete(jobs, before, check_mode)
    if state == "present":
        return state_result("job", before, before)
    after = dict(before, disabled=state == "disabled")
    if after != before and not check_mode:
        write_then_confirm(
            client,
            lambda: jobs.disable(before["id"]) if state == "disabled" else jobs.enable(before["id"]),
            lambda: (jobs.get(before["id"]) or {}).get("disabled") is after["disabled"],
        )
    return state_result("job", before, after)


def _bin_result(entry, keep_days):
    """Where a deleted job went: ``recycle_bin`` in the result of state=absent."""
    return {
        "id": entry["id"],
        "deleted_time": entry["deleted_time"],
        "restorable_until": entry["restorable_until"],
        "keep_days": keep_days,
    }


def _delete(jobs, before, check_mode):
    """Delete an existing job, and read from the bin until when it can be restored (in check mode: how long it would
    stay there)."""
    result = state_result("job", before, None)
    if check_mode:
        not_yet = {"id": before["id"], "deleted_time": None, "restorable_until": None}
        result["recycle_bin"] = _bin_result(not_yet, jobs.keep_days())
        return result
    write_then_confirm(jobs.client, lambda: jobs.delete(before["id"]), lambda: jobs.get(before["id"]) is None)
    keep_days, entries = jobs.recycle_bin(before["name"])
    entries = [entry for entry in entries if entry["id"] == before["id"]]
    result["recycle_bin"] = _bin_result(entries[0], keep_days) if entries else None
    return result


def _in_the_bin(entries):
    """The recycle bin entries of a job, as a message says them."""
    return "; ".join(
        "ID %s deleted at %s, restorable until %s"
        % (entry["id"], utc_text(entry["deleted_time"]), utc_text(entry["restorable_until"]))
        for entry in entries
    )


def _not_there(jobs, params, client, check_mode):
    """A job that the live reads do not find: absent is ok (with its bin entry), present restores it from the bin, and
    enabled or disabled fail, saying whether it is in the bin."""
    state = params["state"]
    keep_days, entries = jobs.binned(params.get("job_id"), params.get("name"), params.get("project_id"))
    # The latest deletion first, whatever order the API lists them in.
    entries.sort(key=lambda entry: entry["deleted_time"] or 0, reverse=True)
    if state == "absent":
        result = state_result("job", None, None)
        result["recycle_bin"] = _bin_result(entries[0], keep_days) if entries else None
        return result
    if not entries:
        raise missing(
            client,
            "%s does not exist (or was deleted), and is not in the recycle bin, so it cannot be %s."
            % (_describe(params), "restored" if state == "present" else state),
        )
    if state != "present":
        raise missing(
            client,
            "%s is in the recycle bin (%s): restore it with state=present first, then make it %s."
            % (_describe(params), _in_the_bin(entries), state),
        )
    if len(entries) > 1:
        raise CodeArtsError(
            "%d deleted build jobs named %r of project %s are in the recycle bin (%s): name the one to restore with "
            "job_id." % (len(entries), params["name"], params["project_id"], _in_the_bin(entries))
        )
    return _restore(jobs, entries[0], check_mode)


def _restore(jobs, entry, check_mode):
    """Bring a job back from the recycle bin, enabled or disabled as it was, and read it."""
    if check_mode:
        return state_result("job", None, {key: entry[key] for key in ("id", "name", "project_id")})
    restored = {}

    def came_back():
        restored["job"] = jobs.get(entry["id"])
        return restored["job"] is not None

    write_then_confirm(jobs.client, lambda: jobs.restore(entry["id"]), came_back)
    after = restored.get("job") or jobs.get(entry["id"])
    if after is None:
        raise missing(jobs.client, "Build job %s was restored from the recycle bin, but cannot be read." % entry["id"])
    return state_result("job", None, after)


def _jobs_of(jobs, params):
    """The jobs a task names: one by job_id, those called ``name`` in a project, or every job of the project."""
    if params.get("job_id"):
        job = jobs.get(params["job_id"])
        return [job] if job else []
    return named(jobs.list(params["project_id"]), params.get("name"))


def build_job_info(params, client, check_mode):  # pylint: disable=unused-argument
    """Jobs by ID or project (and name), optionally only those not built for, or disabled for, a while; or, with
    ``deleted``, the jobs in the recycle bin."""
    jobs = BuildJobs(client)
    not_built_for = duration_option(params, "not_built_for")
    disabled_for = duration_option(params, "disabled_for")
    if params.get("deleted"):
        if not_built_for is not None or disabled_for is not None:
            raise CodeArtsError(
                "deleted lists the jobs in the recycle bin; not_built_for and disabled_for choose among the jobs that "
                "are not deleted, so they do not go with it."
            )
        return {
            "changed": False,
            "jobs": jobs.binned(params.get("job_id"), params.get("name"), params.get("project_id"))[1],
        }
    found = _jobs_of(jobs, params)
    not_built_since = cutoff_ms(not_built_for, client.service_now_ms())
    disabled_since = cutoff_ms(disabled_for, client.service_now_ms())
    if not_built_since is not None:
        # [MODEL] A job that never ran counts as not built.
        found = [job for job in found if job["last_build_time"] is None or job["last_build_time"] <= not_built_since]
    if disabled_since is not None:
        found = [dict(job, disabled_time=jobs.disabled_time(job["id"])) for job in found if job["disabled"]]
        found = [job for job in found if job["disabled_time"] is not None and job["disabled_time"] <= disabled_since]
    return {"changed": False, "jobs": found}


def _job_to_build(jobs, params, client):
    job = jobs.find(params.get("job_id"), params.get("name"), params.get("project_id"))
    if job is None:
        raise missing(client, "%s does not exist (or was deleted)." % _describe(params))
    return job


def _build_state(builds):
    return {"running": sorted(build["build_number"] for build in builds if build["status"] == BUILD_RUNNING)}


def ensure_build(params, client, check_mode):
    """Run a build of a job (which always changes), or stop its running builds (only those that run)."""
    jobs = BuildJobs(client)
    if params["state"] == "started":
        parameters = run_parameters(params.get("parameters"), "parameters")  # refused before any request
        return _run_build(jobs, _job_to_build(jobs, params, client), parameters, params, check_mode)
    job = _job_to_build(jobs, params, client)
    builds = jobs.builds(job)
    if params.get("build_number") is not None:
        builds = [build for build in builds if build["build_number"] == params["build_number"]]
        if not builds:
            raise CodeArtsError(
                "%s has no build %s in the last %d days."
                % (_describe(params), params["build_number"], BUILD_HISTORY_MAX_DAYS)
            )
    running = [build for build in builds if build["status"] == BUILD_RUNNING]
    result = change_result("builds", running, _build_state(running), {"running": []})
    if check_mode or not running:
        return result
    for build in running:
        # [MODEL] A stop of a build that has ended is refused: after a lost answer, read whether it still runs.
        write_then_confirm(
            client,
            lambda build=build: jobs.stop(job["id"], build["build_number"]),
            lambda build=build: not _still_running(jobs, job, build["build_number"]),
        )
    if waits(params):
        result["builds"] = [
            _wait_for_build(jobs, job, build["build_number"], params, "was asked to stop but still runs")
            for build in running
        ]
        result["diff"]["after"] = _build_state(result["builds"])
    return result


def _run_build(jobs, job, parameters, params, check_mode):
    if job["disabled"]:
        raise CodeArtsError(
            "Build job %s (%s) is disabled, so it cannot run; enable it first." % (job["name"], job["id"])
        )
    build = {
        "job_id": job["id"],
        "job_name": job["name"],
        "build_number": None,
        "status": None,
        "start_time": None,
        "end_time": None,
        "running_seconds": None,
    }
    result = change_result("builds", [build], {}, {"build": "started"})
    if check_mode:
        return result
    previous = jobs.last_build_number(job["id"])

    def new_build():
        # After a lost answer: a build numbered after the one before the run shows the run took effect.
        build["build_number"] = jobs.last_build_number(job["id"])
        return build["build_number"] > previous

    build["build_number"] = (
        write_then_confirm(jobs.client, lambda: jobs.run(job["id"], parameters), new_build) or build["build_number"]
    )
    if waits(params):
        result["builds"] = [_wait_for_build(jobs, job, build["build_number"], params, "did not finish")]
    else:
        build["status"] = BUILD_RUNNING
    return result


def _still_running(jobs, job, number):
    return any(build["build_number"] == number and build["status"] == BUILD_RUNNING for build in jobs.builds(job))


def _wait_for_build(jobs, job, number, params, what):
    def read():
        found = [build for build in jobs.builds(job) if build["build_number"] == number]
        return found[0] if found else {"job_id": job["id"], "build_number": number, "status": None}

    return wait_until(
        jobs.client,
        read,
        lambda build: build["status"] not in (None, BUILD_RUNNING),
        params["wait_timeout"],
        "Build %s of build job %s %s" % (number, job["id"], what),
    )


def build_info(params, client, check_mode):  # pylint: disable=unused-argument
    """The builds of a job, or of every job of a project, filtered by status and by how long they have run; with
    ``log_lines``, each failed build with the last lines of its log (one read each). The reads go side by side."""
    jobs = BuildJobs(client)
    if not 1 <= params["days"] <= BUILD_HISTORY_MAX_DAYS:
        raise CodeArtsError(
            "days is from 1 to %d (the API keeps builds that long), not %s." % (BUILD_HISTORY_MAX_DAYS, params["days"])
        )
    log_lines = log_lines_option(params)
    statuses = params.get("status")
    started_after = point_ms(params.get("started_after"), "started_after")
    running_longer_than = duration_option(params, "running_longer_than")
    if running_longer_than is not None:
        statuses = statuses_under_way(statuses, (BUILD_RUNNING,), "builds")
    found = _jobs_of(jobs, params)
    running_since = cutoff_ms(running_longer_than, client.service_now_ms())
    if statuses == [BUILD_RUNNING] and not params.get("job_id"):
        found = [
            job for job in found if job["running"]
        ]  # the job list says which jobs run a build: no history read for the rest
    builds = [
        build
        # Each job's history is one read: the jobs are read side by side (the client's read_each).
        for history in client.read_each(lambda job: jobs.builds(job, params["days"]), found)
        for build in history
        if (not statuses or build["status"] in statuses)
        and (started_after is None or (build["start_time"] or 0) >= started_after)
        and (running_since is None or (build["start_time"] is not None and build["start_time"] <= running_since))
    ]
    builds.sort(key=lambda build: build["start_time"] or 0, reverse=True)
    if log_lines:

        def with_log_tail(build):
            failed = build["status"] == BUILD_FAILED
            build["log_tail"] = jobs.log_tail(build["job_id"], build["build_number"], log_lines) if failed else None

        client.read_each(with_log_tail, builds)
    return {"changed": False, "builds": builds}
