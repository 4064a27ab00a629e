# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""CodeArts Pipeline runs: the logic of codearts_pipeline_run (stop, start, retry) and codearts_pipeline_run_info."""

from __future__ import annotations

from functools import partial

from ansible_collections.huaweicloud.codearts.plugins.module_utils._client import validate_id
from ansible_collections.huaweicloud.codearts.plugins.module_utils._codearts_api import (
    PIPELINE_FAILED,
    PIPELINE_MISSING,
    PIPELINE_RUN_ACTIVE,
    PIPELINE_RUN_DONE,
    PIPELINE_RUN_FAILED_OUTCOME,
    PIPELINE_RUN_MISSING,
    PIPELINE_RUN_NOT_STARTED,
    PIPELINE_RUN_QUEUED,
    PIPELINE_RUN_STOPPED_OUTCOME,
    PIPELINE_RUN_UNDER_WAY,
    PIPELINE_RUN_WAITING,
    RUN_DESCRIPTION_MAX_LENGTH,
)
from ansible_collections.huaweicloud.codearts.plugins.module_utils._errors import CodeArtsError
from ansible_collections.huaweicloud.codearts.plugins.module_utils._logic import (
    change_result,
    log_lines_option,
    missing,
    named,
    run_parameters,
    statuses_under_way,
    wait_until,
    waits,
    write_then_confirm,
)
from ansible_collections.huaweicloud.codearts.plugins.module_utils._pipeline import (
    Pipelines,
    failed_steps,
    listed_from_detail,
    queued_status,
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


# The options of a start that need RunPipeline (v5); without any of them a run starts through the v3 API, as before.
V5_START_OPTIONS = ("branch", "tag", "variables", "stages", "jobs", "description")
# What RunPipeline takes of a code source besides the branch or tag to run [DOC].
SOURCE_FIELDS = ("git_type", "git_url", "alias", "codehub_id", "default_branch", "endpoint_id")


def ensure_pipeline_run(params, client, check_mode):
    """Stop a run (only if it is not completed; a queued one is taken out of the queue), retry it (only if it failed),
    or start a new one (which always changes).

    A stop or a retry acts on the run named, else on the pipeline's latest run.
    """
    pipelines = Pipelines(client)
    if params["state"] == "started":
        start = _start_call(params)  # the options converted (or refused) before any request
        return _start(pipelines, resolve_pipeline(pipelines, params), start, check_mode)
    params = resolve_pipeline(pipelines, params)
    action = "retry" if params["state"] == "retried" else "stop"
    queue_read = action == "stop" and bool(
        params.get("queued_only") and params.get("pipeline_run_id") and params.get("project_id")
    )
    queued = None
    if queue_read:
        # A queued run is what queued_only acts on: the queue is read first, and a run found in it waits there (its
        # status is not read too); one that is not in it has its status read, to say what it is.
        queued = _queue_record(pipelines, params)
    if queued is not None:
        before = queued_status(params["pipeline_id"], params.get("pipeline_name"), params["pipeline_run_id"])
    elif params.get("pipeline_run_id"):
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
    unchanged = change_result("run", before, _outcome(before), _outcome(before))
    if before["status"] == PIPELINE_RUN_DONE:
        return unchanged
    result = change_result(
        "run", before, _outcome(before), {"status": PIPELINE_RUN_DONE, "outcome": PIPELINE_RUN_STOPPED_OUTCOME}
    )
    if not queue_read and before["status"] == PIPELINE_RUN_WAITING:
        queued = _queue_record(pipelines, params)
    if params.get("queued_only") and not queued:
        return dict(
            unchanged,
            msg="Pipeline run %s is not in its pipeline's queue (it reads %s); queued_only leaves it alone."
            % (params["pipeline_run_id"], before["status"]),
        )
    if queued:
        result["queue_id"] = queued["queue_id"]
    if check_mode:
        return result
    if queued:
        ids = (params["project_id"], params["pipeline_id"], params["pipeline_run_id"], queued["queue_id"])
        send = partial(pipelines.cancel_queued, *ids)
    else:
        # [MODEL] A stop is asynchronous and a stop of a run being stopped changes nothing: sent again unless it is over.
        send = partial(pipelines.stop, params["pipeline_id"], params["pipeline_run_id"])
    write_then_confirm(
        pipelines.client,
        send,
        lambda: pipelines.status(params["pipeline_id"], params["pipeline_run_id"])["status"] == PIPELINE_RUN_DONE,
    )
    return _waited(pipelines, params, result, "was taken out of the queue" if queued else "was asked to stop")


def _queue_record(pipelines, params):
    """The queue record of a run that reads "waiting", or None when it is not in the queue (it left it since)."""
    if not params.get("project_id"):
        raise CodeArtsError(
            "Pipeline run %s of pipeline %s waits in the queue; taking it out (cancel-queuing, v5) needs project_id."
            % (params["pipeline_run_id"], params["pipeline_id"])
        )
    pipeline = {"id": params["pipeline_id"], "name": None}
    return next(
        (
            record
            for record in pipelines.queue(params["project_id"], pipeline)
            if record["id"] == params["pipeline_run_id"]
        ),
        None,
    )


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
    answer = write_then_confirm(
        pipelines.client,
        lambda: pipelines.retry(*ids),
        lambda: pipelines.status(params["pipeline_id"], params["pipeline_run_id"])["status"] != PIPELINE_RUN_DONE,
    )
    if answer and answer["queued"]:
        result.update(queued=True, queue_id=answer["queue_id"])
    return _waited(pipelines, params, result, "was retried")


def _start_call(params):
    """How the task's run starts: ("v3", build parameters), or ("v5", the variables) when an option of
    V5_START_OPTIONS is given. Bad values fail here, before any request."""
    given = [option for option in V5_START_OPTIONS if params.get(option) is not None]
    if not given:
        return "v3", run_parameters(params.get("build_params"))
    if not params.get("project_id"):
        raise CodeArtsError(
            "project_id is required with %s: such a run starts through the v5 API (RunPipeline)." % ", ".join(given)
        )
    for option in ("branch", "tag"):
        if params.get(option) is not None and not params[option].strip():
            raise CodeArtsError("%s is empty: name the %s to run, or leave the option out." % (option, option))
    description = params.get("description")
    if description is not None and len(description) > RUN_DESCRIPTION_MAX_LENGTH:
        raise CodeArtsError("description is longer than %d characters." % RUN_DESCRIPTION_MAX_LENGTH)
    for option in ("stages", "jobs"):
        if any(not (entry or "").strip() for entry in params.get(option) or []):
            raise CodeArtsError("%s holds an empty entry: each is a %s's name or identifier." % (option, option[:-1]))
    return "v5", run_parameters(params.get("variables"), "variables")


def _run_body(definition, params, variables):
    """RunPipeline's body for the task's options, checked against the pipeline's definition (read just before):
    the branch or tag for each of its code sources, its variables, its stages or jobs by name or identifier."""
    body = {}
    kind = "branch" if params.get("branch") is not None else "tag" if params.get("tag") is not None else None
    if kind:
        if not definition["sources"]:
            raise CodeArtsError("Pipeline %s has no code source, so it cannot run a %s." % (definition["id"], kind))
        build_params = {"build_type": kind, "event_type": "Manual"}
        build_params["target_branch" if kind == "branch" else "tag"] = params[kind]
        body["sources"] = [
            {
                "type": "code",
                "params": dict(
                    {field: source[field] for field in SOURCE_FIELDS if source.get(field) is not None},
                    build_params=build_params,
                ),
            }
            for source in definition["sources"]
        ]
    if variables:
        declared = definition["variables"]
        unknown = sorted(name for name in variables if name not in declared)
        fixed = sorted(name for name in variables if declared.get(name) is False)
        if unknown or fixed:
            raise CodeArtsError(
                "variables: pipeline %s %s. Its variables that a run can set: %s."
                % (
                    definition["id"],
                    "; ".join(
                        text
                        for text in (
                            unknown and "declares no variable %s" % ", ".join(unknown),
                            fixed and "does not let a run set %s" % ", ".join(fixed),
                        )
                        if text
                    ),
                    ", ".join(sorted(name for name, runtime in declared.items() if runtime)) or "none",
                )
            )
        body["variables"] = [{"name": name, "value": value} for name, value in variables.items()]
    stages = definition["stages"]
    if params.get("stages"):
        body["choose_stages"] = _chosen(stages, params["stages"], "stage", definition["id"])
    if params.get("jobs"):
        jobs = [job for stage in stages for job in stage["jobs"]]
        body["choose_jobs"] = _chosen(jobs, params["jobs"], "job", definition["id"])
    if params.get("description") is not None:
        body["description"] = params["description"]
    return body


def _chosen(elements, wanted, what, pipeline_id):
    """The identifiers of the stages or jobs ``wanted`` names (each by identifier or name). With no definition to check
    against (``elements`` empty), they go as given."""
    if not elements:
        return list(wanted)
    chosen = []
    for entry in wanted:
        found = [element for element in elements if entry in (element["identifier"], element["name"])]
        if not found:
            raise CodeArtsError(
                "Pipeline %s has no %s %r. Its %ss: %s."
                % (
                    pipeline_id,
                    what,
                    entry,
                    what,
                    ", ".join("%s (%s)" % (element["name"], element["identifier"]) for element in elements),
                )
            )
        chosen.append(found[0]["identifier"])
    return chosen


def _start_v3(pipelines, pipeline_id, parameters):
    """A start through the v3 API: its answer has the run's ID, and does not say whether the run queued."""
    return {"pipeline_run_id": pipelines.start(pipeline_id, parameters), "queued": None, "queue_id": None}


def _start(pipelines, params, start, check_mode):
    """Start a run. The latest run, read first, shows that the pipeline exists and lets the run of a lost answer be found;
    a start through RunPipeline reads the pipeline's definition first too, to check the options against it."""
    run = {
        "pipeline_id": params["pipeline_id"],
        "build_id": None,
        "pipeline_run_id": None,
        "status": None,
        "outcome": None,
    }
    way, values = start
    if way == "v5":
        project_id = params["project_id"]
        definition = pipelines.definition(project_id, params["pipeline_id"])
        if definition is None:
            raise missing(
                pipelines.client,
                "Pipeline %s is not in project %s, so no run of it can start." % (params["pipeline_id"], project_id),
            )
        if definition["disabled"]:
            raise CodeArtsError(
                "Pipeline %s (%s) is disabled, so no run of it can start: enable it first "
                "(huaweicloud.codearts.codearts_pipeline, state=enabled)." % (definition["id"], definition["name"])
            )
        body = _run_body(definition, params, values)
        send = partial(pipelines.run, project_id, params["pipeline_id"], body)
    else:
        send = partial(_start_v3, pipelines, params["pipeline_id"], values)
    latest = pipelines.latest(params["pipeline_id"])
    result = dict(change_result("run", run, {}, dict(run)), queued=None, queue_id=None)
    if check_mode:
        return result
    previous = latest and latest["build_id"]
    found = {}

    def new_run():
        current = pipelines.latest(params["pipeline_id"])
        found.update(current if current and current["build_id"] != previous else {})
        return bool(found)

    answer = write_then_confirm(pipelines.client, send, new_run)
    if answer is None:  # the answer was lost, and the read found the new run
        # A run that does not read "waiting" did not queue; one that does is looked up in the queue (with project_id).
        waiting = found["status"] == PIPELINE_RUN_WAITING
        answer = {"pipeline_run_id": found["build_id"], "queued": None if waiting else False, "queue_id": None}
        if waiting and params.get("project_id"):
            record = _queue_record(pipelines, dict(params, pipeline_run_id=found["build_id"]))
            answer.update(queued=record is not None, queue_id=record and record["queue_id"])
    run["build_id"] = run["pipeline_run_id"] = answer["pipeline_run_id"]
    result.update(queued=answer["queued"], queue_id=answer["queue_id"])
    if waits(params):
        result["run"] = _wait_for_completion(
            pipelines,
            dict(params, pipeline_run_id=run["build_id"]),
            "Pipeline run %s of pipeline %s did not complete%s"
            % (run["build_id"], params["pipeline_id"], " (it queued first)" if answer["queued"] else ""),
        )
    result["diff"]["after"] = dict(result["run"])
    return result


def _listing(params):
    """Whether a pipeline_run_info task lists runs: it names no run, and gives a filter or all_runs, or names no pipeline."""
    if params.get("pipeline_run_id") or params.get("build_id"):
        return False
    filters = ("status", "running_longer_than", "queued_longer_than", "started_after", "started_before")
    return (
        params.get("all_runs")
        or any(params.get(name) is not None for name in filters)
        or not (params.get("pipeline_id") or params.get("pipeline_name"))
    )


def pipeline_run_info(params, client, check_mode):  # pylint: disable=unused-argument
    """Runs that match filters (each with the reviews it waits for), or one run: a v5 run with its review steps, or the v3 status
    of a build_id. With ``log_lines``, each failed v5 run comes with its failed steps and their log tails. A pipeline or
    run that does not exist gives an empty answer."""
    pipelines = Pipelines(client)
    log_lines = log_lines_option(params)
    if log_lines and params.get("build_id"):
        raise CodeArtsError(
            "log_lines reads the logs of a run's failed steps, which the v3 status of a build_id does not name: give "
            "pipeline_run_id (with project_id) instead."
        )
    if params.get("pipeline_runs") is not None:
        return {"changed": False, "runs": current_runs(pipelines, params)}
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
    if log_lines:
        failed = run["status"] == PIPELINE_FAILED
        run["failed_steps"] = failed_steps(pipelines, params["project_id"], run, log_lines) if failed else []
    return {"changed": False, "run": run, "reviews": waiting}


def _named_runs(params):
    """{(pipeline ID, run ID): pipeline name or None} of ``pipeline_runs`` (dicts with ``pipeline_id`` and ``id`` or
    ``pipeline_run_id``, as a listing returns runs), in their order, checked before any request; ``project_id`` is
    required with them."""
    runs = params["pipeline_runs"]
    if not params.get("project_id"):
        raise CodeArtsError("pipeline_runs needs project_id, the project of their pipelines.")
    pairs = {}
    for index, run in enumerate(runs):
        fields = run if isinstance(run, dict) else {}
        run_id = fields.get("id") if fields.get("id") is not None else fields.get("pipeline_run_id")
        pipeline_id = fields.get("pipeline_id")
        if pipeline_id is None or run_id is None:
            raise CodeArtsError(
                "pipeline_runs[%d] must be a run with pipeline_id and id (or pipeline_run_id), as runs lists them; got "
                "%r." % (index, run)
            )
        pair = (
            validate_id("pipeline_runs[%d].pipeline_id" % index, pipeline_id),
            validate_id("pipeline_runs[%d].id" % index, run_id),
        )
        pairs.setdefault(pair, fields.get("pipeline_name"))
    return pairs


def current_runs(pipelines, params):
    """The runs ``pipeline_runs`` names, as they are now, in the order named; a run that no longer exists is left out.

    One BatchShowPipelinesLatestStatus for every 100 of their pipelines answers for each run that is still its
    pipeline's latest; each other run is read by its detail (side by side). This is how a play waits for many runs at
    once (``until``), for one request a try.
    """
    pairs = _named_runs(params)
    project_id = params["project_id"]
    latest = pipelines.latest_runs(project_id, [pipeline_id for pipeline_id, _run_id in pairs])
    found = {
        (pipeline_id, run_id): latest[pipeline_id]
        for pipeline_id, run_id in pairs
        if pipeline_id in latest and latest[pipeline_id]["id"] == run_id
    }

    def detail(pair):
        try:
            return pair, listed_from_detail(pipelines.detail(project_id, *pair), pipelines.client.service_now_ms())
        except CodeArtsError as error:
            if error.code in (PIPELINE_MISSING, PIPELINE_RUN_MISSING):
                return pair, None
            raise

    found.update(pipelines.client.read_each(detail, [pair for pair in pairs if pair not in found]))
    return [
        dict(found[pair], pipeline_name=found[pair]["pipeline_name"] or name)
        for pair, name in pairs.items()
        if found.get(pair)
    ]


def _run_filter(params):
    """(statuses, started_after, started_before, running_longer_than, queued_longer_than) in the API's terms, from the
    task's filters; bad ones fail before any request. Each "longer than" keeps the statuses it looks at: the runs under
    way, the runs in the queue (QUEUED), or both."""
    statuses = params.get("status")
    started_after = point_ms(params.get("started_after"), "started_after")
    started_before = point_ms(params.get("started_before"), "started_before")
    running_longer_than = duration_option(params, "running_longer_than")
    queued_longer_than = duration_option(params, "queued_longer_than")
    looked_at = (PIPELINE_RUN_ACTIVE if running_longer_than is not None else ()) + (
        (PIPELINE_RUN_QUEUED,) if queued_longer_than is not None else ()
    )
    if looked_at:
        options = [option for option in ("running_longer_than", "queued_longer_than") if params.get(option) is not None]
        statuses = statuses_under_way(statuses, looked_at, "runs", " and ".join(options))
    return statuses, started_after, started_before, running_longer_than, queued_longer_than


def _started_before(started_before, running_longer_than, now):
    """The latest start a run may have: the task's started_before, or earlier by running_longer_than before ``now``."""
    cutoff = cutoff_ms(running_longer_than, now)
    if cutoff is None:
        return started_before
    return cutoff if started_before is None else min(started_before, cutoff)


def list_runs(pipelines, params):
    """The runs of one pipeline, or of every pipeline of the project, that match the task's filters, newest first.

    The pipelines' runs are read side by side (the client's read_each), and a pipeline that has never run is not
    read. Each run under way comes with the manual reviews it waits for (one detail read per such run; none with
    ``include_reviews: false``); with ``log_lines``, each failed run with its failed steps and their log tails (one
    detail read, and one log read per failed step), read side by side too. Runs that wait in a pipeline's queue
    (status QUEUED, asked for by name) are read from the queue, one read per pipeline whose latest run has not
    started; the run list shows them as INIT. How long a run has run or queued is measured on the service's clock: the API's filter uses it
    as known before the read, the check after it as the read's answer tells it.
    """
    statuses, started_after, started_before, running_longer_than, queued_longer_than = _run_filter(params)
    listed = [status for status in statuses or () if status != PIPELINE_RUN_QUEUED] or None
    project_id = params["project_id"]
    if params.get("pipeline_id"):
        targets = [{"id": params["pipeline_id"], "name": None}]
    else:
        targets = named(pipelines.list(project_id, params.get("pipeline_name")), params.get("pipeline_name"))
    clock = pipelines.client.service_now_ms

    def runs_of(pipeline):
        found = []
        try:
            if (listed or not statuses) and _has_run(pipeline):
                read = pipelines.runs(
                    project_id,
                    pipeline,
                    listed,
                    started_after,
                    _started_before(started_before, running_longer_than, clock()),
                )
                # The API filters already; checked again, so that a filter it ignored does not widen the answer.
                before = _started_before(started_before, running_longer_than, clock())
                found.extend(
                    run
                    for run in read
                    if (not listed or run["status"] in listed) and _within(run, started_after, before)
                )
            if statuses and PIPELINE_RUN_QUEUED in statuses and _may_queue(pipeline):
                queued_before = cutoff_ms(queued_longer_than, clock())
                found.extend(
                    run
                    for run in pipelines.queue(project_id, pipeline)
                    if queued_before is None
                    or (run["enqueue_time"] is not None and run["enqueue_time"] <= queued_before)
                )
        except CodeArtsError as error:
            if error.code != PIPELINE_MISSING:
                raise
        return found

    runs = [run for found in pipelines.client.read_each(runs_of, targets) for run in found]
    log_lines = log_lines_option(params)
    include_reviews = params.get("include_reviews", True) is not False

    def complete(run):
        if include_reviews:
            run["reviews"] = waiting_reviews(pipelines, project_id, run) if run["status"] in PIPELINE_RUN_ACTIVE else []
        if log_lines:
            # The failed steps are in the run's detail: it is read for a failed run only.
            failed = run["status"] == PIPELINE_FAILED
            detail = failed and pipelines.detail(project_id, run["pipeline_id"], run["id"])
            run["failed_steps"] = failed_steps(pipelines, project_id, detail, log_lines) if failed else []

    if include_reviews or log_lines:
        pipelines.client.read_each(complete, runs)
    return sorted(runs, key=lambda run: run["start_time"] or run["enqueue_time"] or 0, reverse=True)


def _has_run(pipeline):
    """Whether ``pipeline`` may have runs: ListPipelines shows one that has never run with no latest run (a pipeline
    named by ID was not listed, so it may)."""
    return "latest_run" not in pipeline or pipeline["latest_run"] is not None


def _may_queue(pipeline):
    """Whether ``pipeline`` may have runs in its queue. Runs queue behind the runs under way, so a pipeline with a
    queued run has a latest run that has not started [MODEL]: not one whose latest run (as ListPipelines shows it) has
    started, nor one that never ran; a pipeline named by ID was not listed, so it may."""
    if "latest_run" not in pipeline:
        return True
    return pipeline["latest_run"] is not None and pipeline["latest_run"]["status"] == PIPELINE_RUN_NOT_STARTED


def _within(run, started_after, started_before):
    start = run["start_time"]
    return (started_after is None or (start is not None and start >= started_after)) and (
        started_before is None or (start is not None and start <= started_before)
    )
