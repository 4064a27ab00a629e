# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""CodeArts Pipeline: one method per API operation (Pipelines), the shapes the modules return, finding a pipeline by
name, and the logic of codearts_pipeline and codearts_pipeline_info. Runs: _pipeline_run.py; reviews: _pipeline_review.py."""

from __future__ import annotations

import json

from ansible_collections.huaweicloud.codearts.plugins.module_utils._codearts_api import (
    CHECKPOINT_TASK,
    DELAY_TASK,
    JOB_SUSPENDED,
    LATEST_STATUS_MAX,
    MANUAL_REVIEW_TASK,
    PIPELINE_FAILED,
    PIPELINE_MISSING,
    PIPELINE_NOT_IN_PROJECT,
    PIPELINE_PAGES,
    PIPELINE_QUEUE_PAGES,
    PIPELINE_RUN_ACTIVE,
    PIPELINE_RUN_MISSING,
    PIPELINE_RUN_PAGES,
    PIPELINE_RUN_QUEUED,
    PIPELINE_RUN_WAITING,
    REVIEW_STEP_DECISIONS,
    RUN_QUEUED,
    STEP_OUTCOMES,
    SUSPEND_TASK,
)
from ansible_collections.huaweicloud.codearts.plugins.module_utils._errors import CodeArtsError
from ansible_collections.huaweicloud.codearts.plugins.module_utils._logic import (
    find_named,
    log_tail,
    missing,
    named,
    state_result,
    write_then_confirm,
)
from ansible_collections.huaweicloud.codearts.plugins.module_utils._time import (
    epoch_ms,
    seconds_since,
)

SERVICE = "pipeline"
LIST_PATH = "/v5/{project_id}/api/pipelines/list"
LATEST_STATUS_PATH = "/v5/{project_id}/api/pipelines/status"
PIPELINE_PATH = "/v5/{project_id}/api/pipelines/{pipeline_id}"
_ENABLED_OR_DISABLED = {True: "disabled", False: "enabled"}
RUN_PATH = "/v5/{project_id}/api/pipelines/{pipeline_id}/pipeline-runs"
STEP_PATH = RUN_PATH + "/{pipeline_run_id}/jobs/{job_run_id}/steps/{step_run_id}"


def _run_status(raw):
    """A run as the v3 status API reports it (its ID as both build_id and pipeline_run_id), times in epoch ms."""
    run = {key: raw.get(key) for key in ("pipeline_id", "pipeline_name", "build_id", "status", "outcome")}
    run.update(
        pipeline_run_id=raw.get("build_id"),
        start_time=epoch_ms(raw.get("start_time")),
        end_time=epoch_ms(raw.get("end_time")),
    )
    return run


def queued_status(pipeline_id, pipeline_name, run_id):
    """A run found in its pipeline's queue, as the v3 status API reports a queued run: waiting, not started."""
    return _run_status(
        {"pipeline_id": pipeline_id, "pipeline_name": pipeline_name, "build_id": run_id, "status": PIPELINE_RUN_WAITING}
    )


def _step(raw):
    step = {key: raw.get(key) for key in ("id", "name", "task", "status", "message")}
    step["start_time"] = epoch_ms(raw.get("start_time"))
    return step


def _listed_run(raw, now, pipeline_name=None):
    """A run as ListPipelineRuns (or ListPipelines' latest_run) reports it; None for none (``now``: the service's)."""
    if not raw:
        return None
    run = {
        "id": raw.get("pipeline_run_id"),
        "pipeline_id": raw.get("pipeline_id"),
        "pipeline_name": pipeline_name,
        **{key: raw.get(key) for key in ("run_number", "status", "trigger_type", "executor_name")},
        "start_time": epoch_ms(raw.get("start_time")),
        "end_time": epoch_ms(raw.get("end_time")),
    }
    return _with_times(run, now)


def _with_times(run, now):
    """A listed run with how long it has run (while under way) and no queue record."""
    run["running_seconds"] = seconds_since(run["start_time"], now) if run["status"] in PIPELINE_RUN_ACTIVE else None
    run.update(queue_id=None, queue_status=None, enqueue_time=None, queued_seconds=None)
    return run


def listed_from_detail(detail, now):
    """A run's detail (as Pipelines.detail gives it) in the shape a listing gives a run (``now``: the service's)."""
    run = {
        "id": detail["id"],
        "pipeline_id": detail["pipeline_id"],
        "pipeline_name": detail["name"],
        **{key: detail[key] for key in ("run_number", "status", "trigger_type", "executor_name")},
        "start_time": detail["start_time"],
        "end_time": detail["end_time"],
    }
    return _with_times(run, now)


def _pipeline_state(raw):
    """What codearts_pipeline manages: a pipeline from the list (``pipeline_id``) or its detail (``id``), and whether
    it is disabled (the API's ``banned``)."""
    return {
        "id": raw.get("pipeline_id") or raw.get("id"),
        "name": raw.get("name"),
        "project_id": raw.get("project_id"),
        "disabled": bool(raw.get("banned")),
    }


def _definition(raw):
    """What a run can be started with: the pipeline's code sources, its custom variables (name: settable at run time),
    and its stages with their jobs (identifier and name), from its detail. A definition that cannot be read gives no
    stages, so nothing is checked against them."""
    try:
        stages = json.loads(raw.get("definition") or "{}").get("stages") or []
    except (ValueError, AttributeError):
        stages = []
    return dict(
        _pipeline_state(raw),
        sources=[source.get("params") or {} for source in raw.get("sources") or [] if source.get("type") == "code"],
        variables={
            variable.get("name"): bool(variable.get("is_runtime", True)) for variable in raw.get("variables") or []
        },
        stages=[
            {
                "identifier": stage.get("identifier"),
                "name": stage.get("name"),
                "jobs": [
                    {"identifier": job.get("identifier"), "name": job.get("name")} for job in stage.get("jobs") or []
                ],
            }
            for stage in stages
            if isinstance(stage, dict)
        ],
    )


def _started(data):
    """What RunPipeline or RetryPipelineRun answered: the run's ID, and whether it queued (with its queue record's ID)."""
    queued = data.get("error_code") in RUN_QUEUED
    details = (data.get("error") if queued else data) or {}
    return {"pipeline_run_id": details.get("pipeline_run_id"), "queued": queued, "queue_id": details.get("queue_id")}


def _queued_run(raw, now, pipeline_name=None):
    """A queue record (ListPipelineQueue) as a listed run of status QUEUED, with its queue_id and when it queued."""
    enqueued = epoch_ms(raw.get("enqueue_time"))
    return {
        "id": raw.get("pipeline_run_id"),
        "pipeline_id": raw.get("pipeline_id"),
        "pipeline_name": pipeline_name,
        "run_number": None,
        "status": PIPELINE_RUN_QUEUED,
        "trigger_type": raw.get("trigger_type"),
        "executor_name": raw.get("creator_name"),
        "start_time": None,
        "end_time": None,
        "running_seconds": None,
        "queue_id": raw.get("id"),
        "queue_status": raw.get("status"),
        "enqueue_time": enqueued,
        "queued_seconds": seconds_since(enqueued, now),
    }


def _pipeline(raw, now):
    return dict(
        _pipeline_state(raw),
        create_time=epoch_ms(raw.get("create_time")),
        latest_run=_listed_run(raw.get("latest_run"), now, raw.get("name")),
    )


def _run_detail(raw):
    """A run as the v5 detail API reports it, with its stages, jobs and steps."""
    run = {
        key: raw.get(key)
        for key in ("id", "pipeline_id", "name", "status", "run_number", "trigger_type", "executor_name")
    }
    run.update(start_time=epoch_ms(raw.get("start_time")), end_time=epoch_ms(raw.get("end_time")))
    run["stages"] = [
        {
            "id": stage.get("id"),
            "name": stage.get("name"),
            "status": stage.get("status"),
            "pre": [_step(step) for step in stage.get("pre") or []],
            "jobs": [
                {
                    "id": job.get("id"),
                    "name": job.get("name"),
                    "status": job.get("status"),
                    "steps": [_step(step) for step in job.get("steps") or []],
                }
                for job in stage.get("jobs") or []
            ],
        }
        for stage in raw.get("stages") or []
    ]
    return run


def _job_step(run, stage, job, step):
    """Which step of which job of a run (``run``: its detail) a step is: the IDs and names that say it."""
    return {
        "pipeline_id": run["pipeline_id"],
        "pipeline_run_id": run["id"],
        "stage_name": stage["name"],
        "job_run_id": job["id"],
        "job_name": job["name"],
        "step_run_id": step["id"],
        "step_name": step["name"],
    }


def review_steps(run, project_id, now):
    """Every manual-review step of a run, with the IDs that name it, what was decided, and how long it has waited
    (until ``now``, on the service's clock)."""
    return [
        {
            "project_id": project_id,
            "pipeline_name": run["name"],
            **_job_step(run, stage, job, step),
            "status": step["status"],
            "decision": REVIEW_STEP_DECISIONS.get(step["status"]),
            "message": step["message"],
            "start_time": step["start_time"],
            "waited_seconds": seconds_since(step["start_time"], now) if step["status"] == "RUNNING" else None,
        }
        for stage in run["stages"]
        for job in stage["jobs"]
        for step in job["steps"]
        if step["task"] == MANUAL_REVIEW_TASK
    ]


def failed_steps(pipelines, project_id, run, lines):
    """The failed steps of a run's jobs (``run``: its detail), with the IDs that name them, why they failed (their
    message) and the last ``lines`` lines of each one's log (one read each)."""
    failed = [
        {
            **_job_step(run, stage, job, step),
            "task": step["task"],
            "message": step["message"],
        }
        for stage in run["stages"]
        for job in stage["jobs"]
        for step in job["steps"]
        if step["status"] == PIPELINE_FAILED
    ]
    for step in failed:
        step["log_tail"] = pipelines.log_tail(project_id, step, lines)
    return failed


def _step_kind(step, job):
    """What hold a step is - checkpoint, delay or suspend - or None for any other step (``job`` None: a pre step)."""
    if job is None:
        return "checkpoint" if step["task"] == CHECKPOINT_TASK else None
    if step["task"] == DELAY_TASK:
        return "delay"
    if step["task"] == SUSPEND_TASK or (job["status"] == JOB_SUSPENDED and step["status"] == "RUNNING"):
        return "suspend"
    return None


def held_steps(run, project_id, now):
    """Every stage-entry checkpoint, delay and suspend step of a run, with its kind, the IDs that name it, its outcome
    (passed, refused, canceled; None while it waits or before it is reached) and how long it has waited."""
    held = []
    for stage in run["stages"]:
        places = [(None, step) for step in stage["pre"]]
        places += [(job, step) for job in stage["jobs"] for step in job["steps"]]
        for job, step in places:
            kind = _step_kind(step, job)
            if kind:
                held.append(
                    {
                        "project_id": project_id,
                        "pipeline_id": run["pipeline_id"],
                        "pipeline_name": run["name"],
                        "pipeline_run_id": run["id"],
                        "stage_name": stage["name"],
                        "job_run_id": job and job["id"],
                        "job_name": job and job["name"],
                        "step_run_id": step["id"],
                        "step_name": step["name"],
                        "kind": kind,
                        "status": step["status"],
                        "outcome": STEP_OUTCOMES.get(step["status"]),
                        "message": step["message"],
                        "start_time": step["start_time"],
                        "waited_seconds": seconds_since(step["start_time"], now)
                        if step["status"] == "RUNNING"
                        else None,
                    }
                )
    return held


# The call of each action on a held step: (kind, state) -> (path, the IDs it takes). A checkpoint is a stage's pre
# step, named without a job [DOC].
_CHECKPOINT_PATH = RUN_PATH + "/{pipeline_run_id}/steps/{step_run_id}/manual"
STEP_ACTIONS = {
    ("checkpoint", "passed"): _CHECKPOINT_PATH + "/pass",
    ("checkpoint", "refused"): _CHECKPOINT_PATH + "/refuse",
    ("delay", "passed"): STEP_PATH + "/delay-pass",
    ("delay", "refused"): STEP_PATH + "/delay-refuse",
    ("delay", "postponed"): STEP_PATH + "/delay",
    ("suspend", "passed"): STEP_PATH + "/resume",
}


class Pipelines:
    """One method per Pipeline API operation the modules use."""

    def __init__(self, client):
        self.client = client

    def status(self, pipeline_id, build_id):
        data = self.client.get(
            SERVICE, "/v3/pipelines/{pipeline_id}/status", {"pipeline_id": pipeline_id}, {"build_id": build_id}
        )
        return _run_status(data or {})

    def latest(self, pipeline_id):
        """The v3 status of the pipeline's latest run; None when it has none. A missing pipeline fails."""
        data = self.client.get_if_exists(
            SERVICE, "/v3/pipelines/{pipeline_id}/status", {"pipeline_id": pipeline_id}, PIPELINE_RUN_MISSING
        )
        return None if data is None else _run_status(data)

    def start(self, pipeline_id, parameters):
        """Start a run with ``parameters`` as run_parameters() gives them."""
        body = {"build_params": [{"name": name, "value": value} for name, value in parameters.items()]}
        data = self.client.post(SERVICE, "/v3/pipelines/{pipeline_id}/start", {"pipeline_id": pipeline_id}, body=body)
        return (data or {}).get("build_id")

    def stop(self, pipeline_id, build_id):
        self.client.post(
            SERVICE, "/v3/pipelines/{pipeline_id}/stop", {"pipeline_id": pipeline_id}, {"build_id": build_id}
        )

    def run(self, project_id, pipeline_id, body):
        """Start a run with RunPipeline (v5) and ``body`` (sources, variables, chosen stages or jobs, description).

        Returns what _started() reads: a run that queued is an answer, not a failure.
        """
        data = self.client.request(
            SERVICE,
            "POST",
            PIPELINE_PATH + "/run",
            {"project_id": project_id, "pipeline_id": pipeline_id},
            body=body,
            accepted_codes=RUN_QUEUED,
        )
        return _started(data or {})

    def retry(self, project_id, pipeline_id, pipeline_run_id):
        """Run a failed run again (the same run ID); as run(), it may queue (then only queue_id is known [FIELD: TF])."""
        ids = {"project_id": project_id, "pipeline_id": pipeline_id, "pipeline_run_id": pipeline_run_id}
        data = self.client.request(
            SERVICE, "PUT", RUN_PATH + "/{pipeline_run_id}/retry", ids, accepted_codes=RUN_QUEUED
        )
        return _started(data or {})

    def queue(self, project_id, pipeline, now=None):
        """The runs of ``pipeline`` (a dict with id and name) that wait in its queue, oldest first, all pages."""
        raw = self.client.list_all(
            SERVICE,
            PIPELINE_PATH + "/queued-pipeline",
            {"project_id": project_id, "pipeline_id": pipeline["id"]},
            PIPELINE_QUEUE_PAGES,
        )
        now = self.client.service_now_ms() if now is None else now
        return [_queued_run(record, now, pipeline["name"]) for record in raw]

    def cancel_queued(self, project_id, pipeline_id, pipeline_run_id, queue_id):
        """Take a queued run out of the queue (CancelPipelineQueue; the path has no pipeline-runs segment [DOC])."""
        self.client.post(
            SERVICE,
            PIPELINE_PATH + "/{pipeline_run_id}/cancel-queuing/{queue_id}",
            {
                "project_id": project_id,
                "pipeline_id": pipeline_id,
                "pipeline_run_id": pipeline_run_id,
                "queue_id": str(queue_id),
            },
        )

    def detail(self, project_id, pipeline_id, pipeline_run_id=None):
        """The run (the latest when no ID is given) with its stages, jobs and steps."""
        data = self.client.get(
            SERVICE,
            RUN_PATH + "/detail",
            {"project_id": project_id, "pipeline_id": pipeline_id},
            {"pipeline_run_id": pipeline_run_id},
        )
        return _run_detail(data or {})

    def get(self, project_id, pipeline_id, shape=_pipeline_state):
        """The pipeline (ShowPipelineDetail) as ``shape`` gives it (_pipeline_state(), or _definition() for what a run
        can be started with), or None when the project holds no such pipeline."""
        data = self.client.get_if_exists(
            SERVICE,
            PIPELINE_PATH,
            {"project_id": project_id, "pipeline_id": pipeline_id},
            (PIPELINE_MISSING, PIPELINE_NOT_IN_PROJECT),
        )
        return None if data is None else shape(data)

    def definition(self, project_id, pipeline_id):
        """The pipeline as _definition() gives it, or None (see get)."""
        return self.get(project_id, pipeline_id, _definition)

    def set_disabled(self, project_id, pipeline_id, disabled):
        """Disable (ban) or enable (unban) a pipeline. The API answers the bare JSON ``true`` [DOC]; anything else fails."""
        ids = {"project_id": project_id, "pipeline_id": pipeline_id}
        if disabled:
            answer = self.client.request(SERVICE, "PUT", PIPELINE_PATH + "/ban", ids)
        else:
            answer = self.client.request(SERVICE, "PUT", PIPELINE_PATH + "/unban", ids)
        if answer is not True:
            raise CodeArtsError(
                "The %s of pipeline %s answered %r, not true: it may not be %s."
                % ("ban" if disabled else "unban", pipeline_id, answer, _ENABLED_OR_DISABLED[disabled])
            )

    def list(self, project_id, name=None):
        """Every pipeline of a CodeArts project (those whose name contains ``name``, when given), all pages."""
        body = {"name": name} if name else {}
        raw = self.client.query_all(SERVICE, LIST_PATH, {"project_id": project_id}, PIPELINE_PAGES, body)
        now = self.client.service_now_ms()
        return [_pipeline(pipeline, now) for pipeline in raw]

    def latest_runs(self, project_id, pipeline_ids):
        """{pipeline ID: its latest run, as a listing gives it} for the pipelines of the project among
        ``pipeline_ids`` that have run: one BatchShowPipelinesLatestStatus for every LATEST_STATUS_MAX of them."""
        pipeline_ids = list(dict.fromkeys(pipeline_ids))
        chunks = [
            pipeline_ids[start : start + LATEST_STATUS_MAX] for start in range(0, len(pipeline_ids), LATEST_STATUS_MAX)
        ]
        latest = {}
        for chunk in chunks:
            answer = self.client.query(SERVICE, LATEST_STATUS_PATH, {"project_id": project_id}, chunk)
            now = self.client.service_now_ms()
            for raw in answer if isinstance(answer, list) else []:
                run = _listed_run(raw, now)
                if run and run["pipeline_id"] in chunk:
                    latest[run["pipeline_id"]] = run
        return latest

    def runs(self, project_id, pipeline, statuses=None, started_after=None, started_before=None):
        """The runs of ``pipeline`` (a dict with id and name), newest first, all pages; filtered by the API."""
        body = {"sort_key": "start_time", "sort_dir": "desc"}
        if statuses:
            body["status"] = list(statuses)
        if started_after is not None:
            body["start_time"] = str(started_after)
        if started_before is not None:
            body["end_time"] = str(started_before)
        path_params = {"project_id": project_id, "pipeline_id": pipeline["id"]}
        raw = self.client.query_all(SERVICE, RUN_PATH + "/list", path_params, PIPELINE_RUN_PAGES, body)
        now = self.client.service_now_ms()
        return [_listed_run(run, now, pipeline["name"]) for run in raw]

    def act_on_step(self, step, state):
        """Pass, refuse or postpone a held step (as held_steps() gives it): the call STEP_ACTIONS names."""
        path = STEP_ACTIONS[(step["kind"], state)]
        names = ("project_id", "pipeline_id", "pipeline_run_id", "step_run_id") + (
            ("job_run_id",) if "{job_run_id}" in path else ()
        )
        self.client.post(SERVICE, path, {name: step[name] for name in names})

    def log_tail(self, project_id, step, lines):
        """The last ``lines`` lines of the log of a job's step (``step``: its pipeline_id, pipeline_run_id, job_run_id
        and step_run_id), oldest first (ShowPipelineLog, a POST that reads, newest line first)."""
        ids = {name: step[name] for name in ("pipeline_id", "pipeline_run_id", "job_run_id", "step_run_id")}
        ids["project_id"] = project_id

        def read(end_offset):
            body = {"limit": lines, "sort": "desc", "start_offset": 0, "end_offset": end_offset}
            data = self.client.query(SERVICE, STEP_PATH + "/logs", ids, body) or {}
            return data.get("log"), data.get("has_more"), data.get("start_offset")

        return log_tail(read, lines)

    def decide(self, review, approve, comment):
        ids = {
            name: review[name] for name in ("project_id", "pipeline_id", "pipeline_run_id", "job_run_id", "step_run_id")
        }
        self.client.post(
            SERVICE, STEP_PATH + ("/pass" if approve else "/refuse"), ids, {"approval_description": comment}
        )


def find_pipeline(pipelines, project_id, name, option, required=True):
    """The pipeline called ``name`` (the task's option ``option``) in ``project_id``, as the list gives it.

    No pipeline of that name fails (or, unless ``required``, gives None); several fail with their IDs.
    """
    if not name.strip():
        raise CodeArtsError("%s is empty: name a pipeline, or give pipeline_id." % option)
    return find_named(pipelines.list(project_id, name), name, "pipeline", project_id, "pipeline_id", required=required)


def resolve_pipeline(pipelines, params, required=True):
    """``params`` with ``pipeline_id`` set, from ``pipeline_name`` within ``project_id`` when only the name is given
    (see find_pipeline)."""
    if params.get("pipeline_id") or params.get("pipeline_name") is None:
        return params
    found = find_pipeline(pipelines, params["project_id"], params["pipeline_name"], "pipeline_name", required)
    return found and dict(params, pipeline_id=found["id"])


def read_run(client, params):
    """(Pipelines, ``params`` with pipeline_id, the run) for a task that acts on a step of a run: the pipeline named
    (see resolve_pipeline), its run ``pipeline_run_id`` (else its latest) with stages, jobs and steps."""
    pipelines = Pipelines(client)
    params = resolve_pipeline(pipelines, params)
    return (
        pipelines,
        params,
        pipelines.detail(params["project_id"], params["pipeline_id"], params.get("pipeline_run_id")),
    )


def ensure_pipeline(params, client, check_mode):
    """Enable or disable one pipeline with at most one write; a lost answer is confirmed by reading it again.

    By ``pipeline_id``, one detail read; by ``name``, the project's pipeline list, which says whether each is disabled.
    """
    pipelines = Pipelines(client)
    project_id = params["project_id"]
    wanted = _ENABLED_OR_DISABLED[params["state"] == "disabled"]
    if params.get("pipeline_id"):
        before = pipelines.get(project_id, params["pipeline_id"])
        if before is None:
            raise missing(
                client,
                "Pipeline %s is not in project %s, so it cannot be %s." % (params["pipeline_id"], project_id, wanted),
            )
    else:
        found = find_pipeline(pipelines, project_id, params["name"], "name")
        before = {key: found[key] for key in ("id", "name", "project_id", "disabled")}
    after = dict(before, disabled=params["state"] == "disabled")
    if after != before and not check_mode:
        write_then_confirm(
            client,
            lambda: pipelines.set_disabled(project_id, before["id"], after["disabled"]),
            lambda: (pipelines.get(project_id, before["id"]) or {}).get("disabled") is after["disabled"],
        )
    return state_result("pipeline", before, after)


def waiting_steps(pipelines, project_id, run):
    """What a run (a listed one: id and pipeline_id) waits at, from its detail (one read): (the manual reviews, the
    other held steps - checkpoints, delays, suspend steps)."""
    detail = pipelines.detail(project_id, run["pipeline_id"], run["id"])
    now = pipelines.client.service_now_ms()
    return (
        [review for review in review_steps(detail, project_id, now) if review["status"] == "RUNNING"],
        [step for step in held_steps(detail, project_id, now) if step["status"] == "RUNNING"],
    )


def waiting_reviews(pipelines, project_id, run):
    """The manual reviews a run waits for (see waiting_steps)."""
    return waiting_steps(pipelines, project_id, run)[0]


def pipeline_info(params, client, check_mode):  # pylint: disable=unused-argument
    """The pipelines of a project (those called ``name``, when given), each with its latest run."""
    pipelines = Pipelines(client)
    return {
        "changed": False,
        "pipelines": named(pipelines.list(params["project_id"], params.get("name")), params.get("name")),
    }
