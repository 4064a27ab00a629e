# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""CodeArts Build: the job calls, and the logic of the build job modules."""

from __future__ import annotations

from ansible_collections.huaweicloud.codearts.plugins.module_utils._codearts_api import BUILD_JOB_MISSING, BUILD_JOB_PAGE_SIZE
from ansible_collections.huaweicloud.codearts.plugins.module_utils._errors import CodeArtsError
from ansible_collections.huaweicloud.codearts.plugins.module_utils._module import missing, state_result, write_then_confirm

SERVICE = "build"


def _epoch_ms(value):
    """Milliseconds since the epoch as an int: the job list gives them as a float (1796147670512.0)."""
    if value is None or value == "":
        return None
    try:
        return int(float(value))
    except (TypeError, ValueError):
        return None


def _job(raw, project_id=None):
    """The job as the modules return it, whichever API answered."""
    return {
        "id": raw.get("id"),
        "name": raw.get("job_name"),
        "project_id": raw.get("project_id") or project_id,
        "disabled": bool(raw.get("disabled")),
        "last_build_status": raw.get("last_build_status"),
        "last_build_time": _epoch_ms(raw.get("last_build_time")),
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
        jobs = self.client.get_all(SERVICE, "/v3/{project_id}/jobs", {"project_id": project_id}, "jobs", BUILD_JOB_PAGE_SIZE,
                                   lambda number, _count: {"page_index": number, "page_size": BUILD_JOB_PAGE_SIZE})
        return [_job(raw, project_id) for raw in jobs]

    def find(self, job_id=None, name=None, project_id=None):
        """The job named by ID, or by name within a project; None if there is none. Several by that name fail."""
        if job_id:
            return self.get(job_id)
        matches = [job for job in self.list(project_id) if job["name"] == name]
        if len(matches) > 1:
            raise CodeArtsError("%d build jobs are named %r in project %s (IDs %s): name the one you mean with job_id."
                                % (len(matches), name, project_id, ", ".join(job["id"] for job in matches)))
        return matches[0] if matches else None

    def enable(self, job_id):
        self.client.post(SERVICE, "/v3/jobs/{job_id}/recover", {"job_id": job_id})

    def disable(self, job_id):
        self.client.post(SERVICE, "/v3/jobs/{job_id}/disable", {"job_id": job_id})

    def delete(self, job_id):
        self.client.post(SERVICE, "/v3/jobs/{job_id}/delete", {"job_id": job_id})


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
        write_then_confirm(client, lambda: jobs.disable(before["id"]) if state == "disabled" else jobs.enable(before["id"]),
                           lambda: (jobs.get(before["id"]) or {}).get("disabled") is after["disabled"])
    return state_result("job", before, after)


def build_job_info(params, client, check_mode):  # pylint: disable=unused-argument
    """One job by ID, or the jobs of a project (optionally those with a given name)."""
    jobs = BuildJobs(client)
    if params.get("job_id"):
        job = jobs.get(params["job_id"])
        found = [job] if job else []
    else:
        found = jobs.list(params["project_id"])
    if params.get("name"):
        found = [job for job in found if job["name"] == params["name"]]
    return {"changed": False, "jobs": found}
