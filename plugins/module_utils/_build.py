# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""CodeArts Build: the job calls, and the logic of the build job modules."""

from __future__ import annotations

from ansible_collections.huaweicloud.codearts.plugins.module_utils._codearts_api import (
    BUILD_HISTORY_MAX_DAYS,
    BUILD_HISTORY_PAGES,
    BUILD_JOB_MISSING,
    BUILD_JOB_PAGES,
    BUILD_RUNNING,
)
from ansible_collections.huaweicloud.codearts.plugins.module_utils._errors import CodeArtsError
from ansible_collections.huaweicloud.codearts.plugins.module_utils._logic import (
    change_result,
    find_named,
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
)

SERVICE = "build"


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


def _describe(params):
    if params.get("job_id"):
        return "Build job %s" % params["job_id"]
    return "Build job %r in project %s" % (params["name"], params["project_id"])


def ensure_build_job(params, client, check_mode):
    """Bring one build job to ``state`` (enabled, disabled or absent) with at most one write.

    A write whose answer is lost is confirmed by reading the job again (see write_then_confirm).
    """
    jobs = BuildJobs(client)
    before = jobs.find(params.get("job_id"), params.get("name"), params.get("project_id"))
    state = params["state"]
    if before is None:
        if state == "absent":
            return state_result("job", None, None)
        raise missing(client, "%s does not exist (or was deleted), so it cannot be %s." % (_describe(params), state))
    if state == "absent":
        if not check_mode:
            write_then_confirm(client, lambda: jobs.delete(before["id"]), lambda: jobs.get(before["id"]) is None)
        return state_result("job", before, None)
    after = dict(before, disabled=state == "disabled")
    if after != before and not check_mode:
        write_then_confirm(
            client,
            lambda: jobs.disable(before["id"]) if state == "disabled" else jobs.enable(before["id"]),
            lambda: (jobs.get(before["id"]) or {}).get("disabled") is after["disabled"],
        )
    return state_result("job", before, after)


def _jobs_of(jobs, params):
    """The jobs a task names: one by job_id, those called ``name`` in a project, or every job of the project."""
    if params.get("job_id"):
        job = jobs.get(params["job_id"])
        return [job] if job else []
    return named(jobs.list(params["project_id"]), params.get("name"))


def build_job_info(params, client, check_mode):  # pylint: disable=unused-argument
    """Jobs by ID or project (and name), optionally only those not built for, or disabled for, a while."""
    jobs = BuildJobs(client)
    not_built_for = duration_option(params, "not_built_for")
    disabled_for = duration_option(params, "disabled_for")
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
    """The builds of a job, or of every job of a project, filtered by status and by how long they have run."""
    jobs = BuildJobs(client)
    if not 1 <= params["days"] <= BUILD_HISTORY_MAX_DAYS:
        raise CodeArtsError(
            "days is from 1 to %d (the API keeps builds that long), not %s." % (BUILD_HISTORY_MAX_DAYS, params["days"])
        )
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
    builds = []
    for job in found:
        builds.extend(
            build
            for build in jobs.builds(job, params["days"])
            if (not statuses or build["status"] in statuses)
            and (started_after is None or (build["start_time"] or 0) >= started_after)
            and (running_since is None or (build["start_time"] is not None and build["start_time"] <= running_since))
        )
    return {"changed": False, "builds": sorted(builds, key=lambda build: build["start_time"] or 0, reverse=True)}
