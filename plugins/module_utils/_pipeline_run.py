# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""CodeArts Pipeline runs: the logic of codearts_pipeline_run (stop, start, retry) and codearts_pipeline_run_info."""

from __future__ import annotations

from ansible_collections.huaweicloud.codearts.plugins.module_utils._codearts_api import (
    PIPELINE_MISSING,
    PIPELINE_RUN_ACTIVE,
    PIPELINE_RUN_DONE,
    PIPELINE_RUN_FAILED_OUTCOME,
    PIPELINE_RUN_MISSING,
    PIPELINE_RUN_STOPPED_OUTCOME,
    PIPELINE_RUN_UNDER_WAY,
)
from ansible_collections.huaweicloud.codearts.plugins.module_utils._errors import CodeArtsError
from ansible_collections.huaweicloud.codearts.plugins.module_utils._logic import (
    change_result,
    named,
    run_parameters,
    statuses_under_way,
    wait_until,
    waits,
    write_then_confirm,
)
from ansible_collections.huaweicloud.codearts.plugins.module_utils._pipeline import (
    Pipelines,
    resolve_pipeline,
    review_steps,
    waiting_reviews,
)
from ansible_collections.huaweicloud.codearts.plugins.module_utils._time import (
    cutoff_ms,
    duration_option,
    point_ms,
)


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
