# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""CodeArts Pipeline: run and review calls, and the logic of the pipeline modules."""

from __future__ import annotations

from ansible_collections.huaweicloud.codearts.plugins.module_utils._codearts_api import (
    MANUAL_REVIEW_TASK,
    PIPELINE_MISSING,
    PIPELINE_NOT_IN_PROJECT,
    PIPELINE_PAGES,
    PIPELINE_RUN_ACTIVE,
    PIPELINE_RUN_DONE,
    PIPELINE_RUN_FAILED_OUTCOME,
    PIPELINE_RUN_MISSING,
    PIPELINE_RUN_PAGES,
    PIPELINE_RUN_STOPPED_OUTCOME,
    PIPELINE_RUN_UNDER_WAY,
    REVIEW_STEP_DECISIONS,
    REVIEW_TIMED_OUT,
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

SERVICE = "pipeline"
LIST_PATH = "/v5/{project_id}/api/pipelines/list"
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
    run["running_seconds"] = seconds_since(run["start_time"], now) if run["status"] in PIPELINE_RUN_ACTIVE else None
    return run


def _pipeline_state(raw):
    """What codearts_pipeline manages: a pipeline from the list (``pipeline_id``) or its detail (``id``), and whether
    it is disabled (the API's ``banned``)."""
    return {
        "id": raw.get("pipeline_id") or raw.get("id"),
        "name": raw.get("name"),
        "project_id": raw.get("project_id"),
        "disabled": bool(raw.get("banned")),
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


def review_steps(run, project_id, now):
    """Every manual-review step of a run, with the IDs that name it, what was decided, and how long it has waited
    (until ``now``, on the service's clock)."""
    return [
        {
            "project_id": project_id,
            "pipeline_id": run["pipeline_id"],
            "pipeline_name": run["name"],
            "pipeline_run_id": run["id"],
            "stage_name": stage["name"],
            "job_run_id": job["id"],
            "job_name": job["name"],
            "step_run_id": step["id"],
            "step_name": step["name"],
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

    def retry(self, project_id, pipeline_id, pipeline_run_id):
        """Run a failed run again (the same run ID)."""
        ids = {"project_id": project_id, "pipeline_id": pipeline_id, "pipeline_run_id": pipeline_run_id}
        self.client.request(SERVICE, "PUT", RUN_PATH + "/{pipeline_run_id}/retry", ids)

    def detail(self, project_id, pipeline_id, pipeline_run_id=None):
        """The run (the latest when no ID is given) with its stages, jobs and steps."""
        data = self.client.get(
            SERVICE,
            RUN_PATH + "/detail",
            {"project_id": project_id, "pipeline_id": pipeline_id},
            {"pipeline_run_id": pipeline_run_id},
        )
        return _run_detail(data or {})

    def get(self, project_id, pipeline_id):
        """The pipeline as _pipeline_state() gives it, or None when the project holds no such pipeline."""
        data = self.client.get_if_exists(
            SERVICE,
            PIPELINE_PATH,
            {"project_id": project_id, "pipeline_id": pipeline_id},
            (PIPELINE_MISSING, PIPELINE_NOT_IN_PROJECT),
        )
        return None if data is None else _pipeline_state(data)

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


def _wait_for_completion(pipelines, params, describe):
    return wait_until(
        pipelines.client,
        lambda: pipelines.status(params["pipeline_id"], params["pipeline_run_id"]),
        lambda run: run["status"] == PIPELINE_RUN_DONE,
        params["wait_timeout"],
        describe,
    )


def ensure_pipeline_run(params, client, check_mode):
    """Stop a run (only if it is not completed), retry it (only if it failed), or start a new one (which always changes).

    A stop or a retry acts on the run named, else on the pipeline's latest run.
    """
    pipelines = Pipelines(client)
    params = resolve_pipeline(pipelines, params)
    if params["state"] == "started":
        # Converted (or refused) before any request.
        return _start(pipelines, dict(params, build_params=run_parameters(params.get("build_params"))), check_mode)
    action = "retry" if params["state"] == "retried" else "stop"
    if params.get("pipeline_run_id"):
        before = pipelines.status(params["pipeline_id"], params["pipeline_run_id"])
    else:
        before = pipelines.latest(params["pipeline_id"])
        if before is None:
            return dict(
                change_result("run", {}, {}, {}),
                msg="Pipeline %s has no run; there is nothing to %s." % (params["pipeline_id"], action),
            )
        params = dict(params, pipeline_run_id=before["pipeline_run_id"])
    if action == "retry":
        return _retry(pipelines, params, before, check_mode)
    if before["status"] == PIPELINE_RUN_DONE:
        return change_result("run", before, _outcome(before), _outcome(before))
    result = change_result(
        "run", before, _outcome(before), {"status": PIPELINE_RUN_DONE, "outcome": PIPELINE_RUN_STOPPED_OUTCOME}
    )
    if check_mode:
        return result
    # [MODEL] A stop is asynchronous and a stop of a run being stopped changes nothing: sent again unless the run is over.
    write_then_confirm(
        pipelines.client,
        lambda: pipelines.stop(params["pipeline_id"], params["pipeline_run_id"]),
        lambda: pipelines.status(params["pipeline_id"], params["pipeline_run_id"])["status"] == PIPELINE_RUN_DONE,
    )
    return _waited(pipelines, params, result, "was asked to stop")


def _outcome(run):
    return {"status": run["status"], "outcome": run["outcome"]}


def _waited(pipelines, params, result, what):
    """``result`` of a stop or a retry; with ``wait``, the run as it completed, and the diff's after from it."""
    if waits(params):
        result["run"] = _wait_for_completion(
            pipelines,
            params,
            "Pipeline run %s of pipeline %s %s but did not complete"
            % (params["pipeline_run_id"], params["pipeline_id"], what),
        )
        result["diff"]["after"] = _outcome(result["run"])
    return result


def _retry(pipelines, params, before, check_mode):
    """Retry a failed run: the same run runs again from what failed. A run that did not fail is left alone."""
    if (before["status"], before["outcome"]) != (PIPELINE_RUN_DONE, PIPELINE_RUN_FAILED_OUTCOME):
        return change_result("run", before, _outcome(before), _outcome(before))
    result = change_result("run", before, _outcome(before), {"status": PIPELINE_RUN_UNDER_WAY, "outcome": None})
    if check_mode:
        return result
    ids = (params["project_id"], params["pipeline_id"], params["pipeline_run_id"])
    # After a lost answer: the retry took effect if the run no longer reads as over.
    write_then_confirm(
        pipelines.client,
        lambda: pipelines.retry(*ids),
        lambda: pipelines.status(params["pipeline_id"], params["pipeline_run_id"])["status"] != PIPELINE_RUN_DONE,
    )
    return _waited(pipelines, params, result, "was retried")


def _start(pipelines, params, check_mode):
    """Start a run. The latest run, read first, shows that the pipeline exists and lets the run of a lost answer be found."""
    run = {
        "pipeline_id": params["pipeline_id"],
        "build_id": None,
        "pipeline_run_id": None,
        "status": None,
        "outcome": None,
    }
    latest = pipelines.latest(params["pipeline_id"])
    if not check_mode:
        previous = latest and latest["build_id"]

        def new_run():
            current = pipelines.latest(params["pipeline_id"])
            run["build_id"] = current["build_id"] if current and current["build_id"] != previous else None
            return run["build_id"] is not None

        started = write_then_confirm(
            pipelines.client, lambda: pipelines.start(params["pipeline_id"], params.get("build_params")), new_run
        )
        run["build_id"] = run["pipeline_run_id"] = started or run["build_id"]
        if waits(params):
            run = _wait_for_completion(
                pipelines,
                dict(params, pipeline_run_id=run["build_id"]),
                "Pipeline run %s of pipeline %s did not complete" % (run["build_id"], params["pipeline_id"]),
            )
    return change_result("run", run, {}, dict(run))


def _describe(reviews):
    return "; ".join(
        "%s/%s (job_run_id %s, step_run_id %s): %s"
        % (review["job_name"], review["step_name"], review["job_run_id"], review["step_run_id"], review["status"])
        for review in reviews
    )


def _pick_review(run, params, now):
    """The review step the task means: the one named, else the one waiting, else the one decided."""
    reviews = review_steps(run, params["project_id"], now)
    where = "pipeline run %s of pipeline %s" % (run["id"], params["pipeline_id"])
    if params.get("step_run_id"):
        named = [
            review
            for review in reviews
            if review["step_run_id"] == params["step_run_id"] and review["job_run_id"] == params["job_run_id"]
        ]
        if not named:
            raise CodeArtsError(
                "No manual-review step with job_run_id %s and step_run_id %s in %s. Review steps found: %s."
                % (params["job_run_id"], params["step_run_id"], where, _describe(reviews) or "none")
            )
        return named[0]
    for candidates in (
        [review for review in reviews if review["status"] == "RUNNING"],
        [review for review in reviews if review["decision"]],
    ):
        if len(candidates) == 1:
            return candidates[0]
        if candidates:
            raise CodeArtsError(
                "Several manual-review steps in %s: %s. Name one with job_run_id and step_run_id."
                % (where, _describe(candidates))
            )
    raise CodeArtsError(
        "No manual-review step (task %s) waits or was decided in %s. Review steps found: %s."
        % (MANUAL_REVIEW_TASK, where, _describe(reviews) or "none")
    )


def _no_longer_waits(review):
    """Why a review can no longer be decided by anyone (its run was stopped, or it timed out), else None."""
    if review["decision"] == "canceled":
        return "its run was stopped"
    if review["decision"] == "rejected" and REVIEW_TIMED_OUT.search(review["message"] or ""):
        return review["message"]
    return None


def ensure_manual_review(params, client, check_mode):
    """Reject or approve a manual review, idempotently."""
    pipelines = Pipelines(client)
    params = resolve_pipeline(pipelines, params)
    run = pipelines.detail(params["project_id"], params["pipeline_id"], params.get("pipeline_run_id"))
    review = _pick_review(run, params, client.service_now_ms())
    wanted = params["state"]
    unchanged = change_result("review", review, _decision(review), _decision(review))
    reason = _no_longer_waits(review)
    if reason:
        if wanted == "approved":
            raise CodeArtsError(
                "The manual review %s no longer waits (%s), so it cannot be approved." % (_describe([review]), reason)
            )
        return dict(unchanged, msg="The manual review no longer waits (%s); there is nothing to reject." % reason)
    if review["decision"] == wanted:
        return unchanged
    if review["decision"] is not None:
        raise CodeArtsError(
            "The manual review %s was already %s; it cannot be %s now."
            % (_describe([review]), review["decision"], wanted)
        )
    if review["status"] != "RUNNING":
        raise CodeArtsError(
            "The manual review %s has not been reached yet, so it cannot be %s." % (_describe([review]), wanted)
        )
    after = dict(review, status="COMPLETED" if wanted == "approved" else "FAILED", decision=wanted)
    if not check_mode:
        write_then_confirm(
            client,
            lambda: pipelines.decide(review, wanted == "approved", params.get("comment")),
            lambda: _decided(pipelines, params, review) == wanted,
        )
    return change_result("review", after, _decision(review), _decision(after))


def _decided(pipelines, params, review):
    """The decision the review shows now (read again after a lost answer), None if undecided or gone."""
    run = pipelines.detail(params["project_id"], params["pipeline_id"], review["pipeline_run_id"])
    steps = [
        step
        for step in review_steps(run, params["project_id"], pipelines.client.service_now_ms())
        if step["step_run_id"] == review["step_run_id"] and step["job_run_id"] == review["job_run_id"]
    ]
    return steps[0]["decision"] if steps else None


def _decision(review):
    return {"status": review["status"], "decision": review["decision"]}


def _listing(params):
    """Whether a pipeline_run_info task lists runs: it names no run, and gives a filter or all_runs, or names no pipeline."""
    if params.get("pipeline_run_id") or params.get("build_id"):
        return False
    filters = ("status", "running_longer_than", "started_after", "started_before")
    return (
        params.get("all_runs")
        or any(params.get(name) is not None for name in filters)
        or not (params.get("pipeline_id") or params.get("pipeline_name"))
    )


def pipeline_run_info(params, client, check_mode):  # pylint: disable=unused-argument
    """Runs that match filters (each with the reviews it waits for), or one run: a v5 run with its review steps, or the v3 status
    of a build_id. A pipeline or run that does not exist gives an empty answer."""
    pipelines = Pipelines(client)
    if _listing(params):
        return {"changed": False, "runs": list_runs(pipelines, params)}
    try:
        params = resolve_pipeline(pipelines, params, required=False)
        if params is None:
            return {"changed": False, "run": {}, "reviews": []}
        if params.get("build_id"):
            return {"changed": False, "run": pipelines.status(params["pipeline_id"], params["build_id"]), "reviews": []}
        run = pipelines.detail(params["project_id"], params["pipeline_id"], params.get("pipeline_run_id"))
    except CodeArtsError as error:
        if error.code in (PIPELINE_MISSING, PIPELINE_RUN_MISSING):
            return {"changed": False, "run": {}, "reviews": []}
        raise
    waiting = [
        review
        for review in review_steps(run, params["project_id"], client.service_now_ms())
        if review["status"] == "RUNNING"
    ]
    return {"changed": False, "run": run, "reviews": waiting}


def _run_filter(params):
    """(statuses, started_after, started_before, running_longer_than) in the API's terms, from the task's filters; bad ones
    fail before any request."""
    statuses = params.get("status")
    started_after = point_ms(params.get("started_after"), "started_after")
    started_before = point_ms(params.get("started_before"), "started_before")
    running_longer_than = duration_option(params, "running_longer_than")
    if running_longer_than is not None:
        statuses = statuses_under_way(statuses, PIPELINE_RUN_ACTIVE, "runs")
    return statuses, started_after, started_before, running_longer_than


def _started_before(started_before, running_longer_than, now):
    """The latest start a run may have: the task's started_before, or earlier by running_longer_than before ``now``."""
    cutoff = cutoff_ms(running_longer_than, now)
    if cutoff is None:
        return started_before
    return cutoff if started_before is None else min(started_before, cutoff)


def list_runs(pipelines, params):
    """The runs of one pipeline, or of every pipeline of the project, that match the task's filters, newest first.

    Each run under way comes with the manual reviews it waits for (one detail read per such run). How long a run has run
    is measured on the service's clock: the API's filter uses it as known before the read, the check after it as the
    read's answer tells it.
    """
    statuses, started_after, started_before, running_longer_than = _run_filter(params)
    project_id = params["project_id"]
    if params.get("pipeline_id"):
        targets = [{"id": params["pipeline_id"], "name": None}]
    else:
        targets = named(pipelines.list(project_id, params.get("pipeline_name")), params.get("pipeline_name"))
    clock = pipelines.client.service_now_ms
    runs = []
    for pipeline in targets:
        try:
            found = pipelines.runs(
                project_id,
                pipeline,
                statuses,
                started_after,
                _started_before(started_before, running_longer_than, clock()),
            )
        except CodeArtsError as error:
            if error.code == PIPELINE_MISSING:
                continue
            raise
        # The API filters already; checked again, so that a filter it ignored does not widen the answer.
        before = _started_before(started_before, running_longer_than, clock())
        runs.extend(
            run for run in found if (not statuses or run["status"] in statuses) and _within(run, started_after, before)
        )
    for run in runs:
        run["reviews"] = waiting_reviews(pipelines, project_id, run) if run["status"] in PIPELINE_RUN_ACTIVE else []
    return sorted(runs, key=lambda run: run["start_time"] or 0, reverse=True)


def _within(run, started_after, started_before):
    start = run["start_time"]
    return (started_after is None or (start is not None and start >= started_after)) and (
        started_before is None or (start is not None and start <= started_before)
    )


def waiting_reviews(pipelines, project_id, run):
    """The manual reviews a run (a listed one: id and pipeline_id) waits for, from its detail (one read)."""
    detail = pipelines.detail(project_id, run["pipeline_id"], run["id"])
    return [
        review
        for review in review_steps(detail, project_id, pipelines.client.service_now_ms())
        if review["status"] == "RUNNING"
    ]


def pipeline_info(params, client, check_mode):  # pylint: disable=unused-argument
    """The pipelines of a project (those called ``name``, when given), each with its latest run."""
    pipelines = Pipelines(client)
    return {
        "changed": False,
        "pipelines": named(pipelines.list(params["project_id"], params.get("name")), params.get("name")),
    }
