# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""A code freeze that thaws back exactly: the logic of codearts_freeze.

A freeze disables the build jobs and pipelines it is given, takes those pipelines' queued runs out of their queues and
rejects the manual reviews their runs wait for. What it disabled - and only that: an item already disabled is left out
- goes into a freeze record, a plain dict the task returns and the next task is given back (the playbooks keep it in a
file or in the fact cache). Each item goes into the record before its write is sent, so a task that fails half-way
returns a record that still names everything it may have disabled. A freeze given its own record adds to it and never
drops an entry. A thaw enables exactly what the record names and nothing else, and returns no record.
"""

from __future__ import annotations

from ansible_collections.huaweicloud.codearts.plugins.module_utils._build import BuildJobs
from ansible_collections.huaweicloud.codearts.plugins.module_utils._codearts_api import ID_SHAPES, PIPELINE_RUN_ACTIVE
from ansible_collections.huaweicloud.codearts.plugins.module_utils._errors import CodeArtsError
from ansible_collections.huaweicloud.codearts.plugins.module_utils._logic import missing, write_then_confirm
from ansible_collections.huaweicloud.codearts.plugins.module_utils._pipeline import Pipelines, waiting_reviews
from ansible_collections.huaweicloud.codearts.plugins.module_utils._pipeline_review import decided

# What a freeze record says it is, so a thaw is not given some other dict by mistake.
FREEZE_RECORD_KIND = "huaweicloud.codearts.freeze/1"
RECORD_LISTS = ("jobs", "pipelines", "queued_runs_canceled", "reviews_rejected")


def _new_record(project_id, now, comment):
    return {
        "kind": FREEZE_RECORD_KIND,
        "project_id": project_id,
        "frozen_at": now,
        "comment": comment,
        **{key: [] for key in RECORD_LISTS},
    }


def checked_record(record, project_id):
    """The freeze record a task was given (a copy), or None for none (null or {}); one that is not a freeze record of
    ``project_id`` fails before any request."""
    if not record:
        return None
    if not isinstance(record, dict) or record.get("kind") != FREEZE_RECORD_KIND:
        raise CodeArtsError(
            "record is not a freeze record (a dict with kind %s, as codearts_freeze returns it); got %r."
            % (FREEZE_RECORD_KIND, record if not isinstance(record, dict) else sorted(record))
        )
    if record.get("project_id") != project_id:
        raise CodeArtsError(
            "record is the freeze record of project %s, not of project_id %s." % (record.get("project_id"), project_id)
        )
    checked = dict(record)
    for key in RECORD_LISTS:
        entries = record.get(key) or []
        if not isinstance(entries, list) or not all(isinstance(entry, dict) and entry.get("id") for entry in entries):
            raise CodeArtsError("record.%s must be a list of entries with an id, as codearts_freeze returns it." % key)
        checked[key] = list(entries)
    return checked


def _chosen(client, items, wanted, what, option, read_one):
    """The items (jobs or pipelines of the project) that ``wanted`` (names or IDs) names, in its order, each once.

    An entry is an ID when one of the items has it, else a name; an entry of an ID's shape that is neither is read by
    ID (``read_one``), so the API's answer says why it is not in the project. One that names nothing, or a name several
    items share, fails before any write."""
    chosen = []
    for entry in wanted:
        found = [item for item in items if item["id"] == entry] or [item for item in items if item["name"] == entry]
        if len(found) > 1:
            raise CodeArtsError(
                "%s: %d %ss are named %r (IDs %s); give the ID of the one you mean."
                % (option, len(found), what, entry, ", ".join(item["id"] for item in found))
            )
        if not found:
            _not_in_project(client, entry, what, option, read_one)
        if found[0] not in chosen:
            chosen.append(found[0])
    return chosen


def _not_in_project(client, entry, what, option, read_one):
    """Fail for an entry of ``option`` that names no item of the project, with the API's answer when it is an ID."""
    message = "%s: the project has no %s named %r or with that ID." % (option, what, entry)
    if not ID_SHAPES["job_id"][0].match(entry):
        raise CodeArtsError(message)
    item = read_one(entry)
    if item is None:
        raise missing(client, message)
    raise CodeArtsError(
        "%s: %s %s (%s) is in project %s, not this one." % (option, what, entry, item["name"], item["project_id"])
    )


def _entry(item):
    return {"id": item["id"], "name": item["name"]}


def _states(items):
    return {item["name"]: "disabled" if item["disabled"] else "enabled" for item in items}


def _recorded(record, key, item_id):
    return any(entry["id"] == item_id for entry in record[key])


def _disable_all(client, record, key, items, disable, read_disabled, check_mode):
    """Disable the enabled ``items``, each recorded under ``key`` (unless a freeze before recorded it) before its write
    is sent; the entries of those it disabled."""
    disabled = []
    for item in items:
        if item["disabled"]:
            continue
        if not _recorded(record, key, item["id"]):
            record[key].append(_entry(item))
        disabled.append(_entry(item))
        if not check_mode:
            write_then_confirm(
                client, lambda item=item: disable(item["id"]), lambda item=item: read_disabled(item["id"]) is True
            )
    return disabled


class _Freeze:
    """One freeze or thaw task: the services it calls, its project, and whether it only says what it would do."""

    def __init__(self, params, client, check_mode):
        self.client = client
        self.check_mode = check_mode
        self.project_id = params["project_id"]
        self.jobs = BuildJobs(client)
        self.pipelines = Pipelines(client)

    def listed(self, key, needed):
        """The project's build jobs (``key`` "jobs") or pipelines ("pipelines"); none, without a request, when they
        are not ``needed`` (the task names none of them)."""
        if not needed:
            return []
        return self.jobs.list(self.project_id) if key == "jobs" else self.pipelines.list(self.project_id)

    def job_disabled(self, job_id):
        return (self.jobs.get(job_id) or {}).get("disabled")

    def pipeline_disabled(self, pipeline_id):
        return (self.pipelines.get(self.project_id, pipeline_id) or {}).get("disabled")

    def ban(self, pipeline_id):
        self.pipelines.set_disabled(self.project_id, pipeline_id, True)

    def unban(self, pipeline_id):
        self.pipelines.set_disabled(self.project_id, pipeline_id, False)

    def act(self, record, key, entry, send, took_effect):
        """Record ``entry`` under ``key``, then (unless in check mode) send its write, confirmed by a read when its
        answer is lost; the entry."""
        record[key].append(entry)
        if not self.check_mode:
            write_then_confirm(self.client, send, took_effect)
        return entry

    def cancel_queued(self, record, pipeline):
        """Take the runs that wait in ``pipeline``'s queue out of it (recorded: a canceled run cannot come back)."""
        return [
            self.act(
                record,
                "queued_runs_canceled",
                {
                    "id": run["id"],
                    "pipeline_id": pipeline["id"],
                    "pipeline_name": pipeline["name"],
                    "queue_id": run["queue_id"],
                },
                lambda run=run: self.pipelines.cancel_queued(
                    self.project_id, pipeline["id"], run["id"], run["queue_id"]
                ),
                lambda run=run: all(
                    queued["id"] != run["id"] for queued in self.pipelines.queue(self.project_id, pipeline)
                ),
            )
            for run in self.pipelines.queue(self.project_id, pipeline)
        ]

    def reject_reviews(self, record, pipeline, comment):
        """Reject the manual reviews that runs of ``pipeline`` under way wait for."""
        return [
            self.act(
                record,
                "reviews_rejected",
                {
                    "id": review["step_run_id"],
                    "job_run_id": review["job_run_id"],
                    "pipeline_run_id": review["pipeline_run_id"],
                    "pipeline_id": pipeline["id"],
                    "pipeline_name": pipeline["name"],
                    "step_name": review["step_name"],
                },
                lambda review=review: self.pipelines.decide(review, False, comment),
                lambda review=review: decided(self.pipelines, review) == "rejected",
            )
            for run in self.pipelines.runs(self.project_id, pipeline, PIPELINE_RUN_ACTIVE)
            for review in waiting_reviews(self.pipelines, self.project_id, run)
        ]


def _freeze(task, params, record):
    jobs = _chosen(task.client, task.listed("jobs", params["jobs"]), params["jobs"], "build job", "jobs", task.jobs.get)
    pipelines = _chosen(
        task.client,
        task.listed("pipelines", params["pipelines"]),
        params["pipelines"],
        "pipeline",
        "pipelines",
        lambda pipeline_id: task.pipelines.get(task.project_id, pipeline_id),
    )
    if record is None:
        record = _new_record(task.project_id, task.client.service_now_ms(), params.get("comment"))
    changes = {"jobs_disabled": [], "pipelines_disabled": [], "queued_runs_canceled": [], "reviews_rejected": []}
    try:
        changes["jobs_disabled"] = _disable_all(
            task.client, record, "jobs", jobs, task.jobs.disable, task.job_disabled, task.check_mode
        )
        # Pipelines next: a disabled pipeline starts no run, so nothing joins a queue once it is emptied below.
        changes["pipelines_disabled"] = _disable_all(
            task.client, record, "pipelines", pipelines, task.ban, task.pipeline_disabled, task.check_mode
        )
        for pipeline in pipelines:
            changes["queued_runs_canceled"].extend(task.cancel_queued(record, pipeline))
            changes["reviews_rejected"].extend(task.reject_reviews(record, pipeline, params.get("comment")))
    except CodeArtsError as error:
        error.partial_result = {"record": record, "frozen": changes}
        raise
    frozen = {"jobs": jobs, "pipelines": pipelines}
    return {
        "changed": any(changes.values()),
        "record": record,
        "frozen": changes,
        "diff": {
            "before": {"jobs": _states(jobs), "pipelines": _states(pipelines)},
            "after": {key: {item["name"]: "disabled" for item in items} for key, items in frozen.items()},
        },
    }


def _thaw(task, record):
    if record is None:
        return {
            "changed": False,
            "record": None,
            "thawed": {"jobs_enabled": [], "pipelines_enabled": []},
            "msg": "No freeze record was given: there is nothing to thaw.",
        }
    current = {key: {item["id"]: item for item in task.listed(key, record[key])} for key in ("jobs", "pipelines")}
    enable = {"jobs": task.jobs.enable, "pipelines": task.unban}
    read_disabled = {"jobs": task.job_disabled, "pipelines": task.pipeline_disabled}
    thawed = {"jobs_enabled": [], "pipelines_enabled": []}
    before = {"jobs": {}, "pipelines": {}}
    try:
        for key in ("jobs", "pipelines"):
            for entry in record[key]:
                item = current[key].get(entry["id"])
                if item is None:
                    task.client.record.warnings.append(
                        "%s %s (%s) of the freeze record is no longer in project %s; it was not enabled."
                        % (
                            "Build job" if key == "jobs" else "Pipeline",
                            entry.get("name"),
                            entry["id"],
                            task.project_id,
                        )
                    )
                    continue
                before[key][item["name"]] = "disabled" if item["disabled"] else "enabled"
                if not item["disabled"]:
                    continue
                thawed[key + "_enabled"].append(_entry(item))
                if not task.check_mode:
                    write_then_confirm(
                        task.client,
                        lambda key=key, item=item: enable[key](item["id"]),
                        lambda key=key, item=item: read_disabled[key](item["id"]) is False,
                    )
    except CodeArtsError as error:
        # The thaw did not finish: the record stays, and running the thaw again enables what is left.
        error.partial_result = {"record": record, "thawed": thawed}
        raise
    return {
        "changed": any(thawed.values()),
        "record": None,
        "thawed": thawed,
        "diff": {"before": before, "after": {key: dict.fromkeys(names, "enabled") for key, names in before.items()}},
    }


def ensure_freeze(params, client, check_mode):
    """Freeze (state frozen) or thaw (state thawed) a project's chosen build jobs and pipelines; see the module doc."""
    project_id = params["project_id"]
    record = checked_record(params.get("record"), project_id)
    task = _Freeze(params, client, check_mode)
    if params["state"] == "thawed":
        return _thaw(task, record)
    for option in ("jobs", "pipelines"):
        for entry in params.get(option) or []:
            if not isinstance(entry, str) or not entry.strip():
                raise CodeArtsError("%s must be names or IDs; %r is neither." % (option, entry))
    if not params.get("jobs") and not params.get("pipelines"):
        raise CodeArtsError("A freeze needs something to freeze: give jobs, pipelines or both (names or IDs).")
    return _freeze(task, dict(params, jobs=params.get("jobs") or [], pipelines=params.get("pipelines") or []), record)
