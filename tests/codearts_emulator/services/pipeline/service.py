# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The Pipeline service: its routes and admin actions, over the pipelines and runs the other modules of this package model."""

from __future__ import annotations

import copy
import uuid
from functools import partial
from typing import Any, Callable, Optional

from ...api import Reply, Request, Route, Service
from ...seed import SeedChecker, seconds
from ..iam import user_id
from . import answers, holds
from .events import let_pass, next_event
from .listing import (
    PIPELINE_SORT_KEYS,
    RUN_SORT_KEYS,
    list_body,
    name_part,
    order,
    page,
    query_page,
    statuses,
    time_bound,
)
from .logs import log_answer
from .queueing import CANCELLABLE, admission, hold, move_on, queue_of, queue_record, withdraw
from .reviews import decide, waiting
from .run_body import run_body
from .runs import (
    DELAY_TASK,
    ENTRY_TASK,
    SUSPEND_TASK,
    UNDER_WAY,
    WAITING_TASKS,
    active_steps,
    build_params,
    fail,
    find_by_id,
    leave_out,
    new_run,
    request_stop,
    reset_failed_stage,
    start_stage,
    started_ms,
    updated_ms,
)
from .runs import retry as retry_run
from .seeding import PipelineSeed
from .timeline import Event, Moment, PipelineClock

SECTION_FIELDS = {"speed", "pipelines"}
SETTINGS = ("step_duration", "stop_delay")
# [MODEL] How many pipelines one BatchShowPipelinesLatestStatus may name (the documentation gives no limit; the
# pipeline list's page size).
LATEST_STATUS_MAX = 100


def _who(request: Request) -> str:
    """The IAM user behind a request."""
    return (request.caller.user_name if request.caller else None) or ""


def _host(request: Request) -> str:
    return request.headers.get("Host", "localhost")


class PipelineService(Service):
    """Pipelines by id, each in one CodeArts project, and their runs by id (the v3 build_id is the v5 pipeline_run_id)."""

    name = "pipeline"

    def load(self, seed: dict) -> None:
        check = SeedChecker("pipeline")
        check.fields(seed, SECTION_FIELDS, "section")
        self.clock = PipelineClock(self.state.clock, check.seconds(seed.get("speed", 1.0), "speed"))
        loaded = PipelineSeed(self.state, self.clock.now()).load(seed.get("pipelines"))
        self.pipelines: dict[str, dict] = loaded.pipelines
        self.runs: dict[str, dict] = loaded.runs
        # [MODEL] Queue record ids: one increasing integer per emulator, after the seeded records'.
        self.next_queue_id = loaded.next_queue_id

    # Time

    def _next_event(self, run: dict) -> Optional[Event]:
        return next_event(run, self.pipelines[run["pipeline_id"]])

    def _sync(self) -> Moment:
        """Bring every run up to the emulator's clock, then let queued runs into the slots that freed; returns now."""
        now = self.clock.sync(self.runs.values(), self._next_event)
        move_on(self.pipelines, list(self.runs.values()), now)
        return now

    # Look-ups

    def _pipeline(self, pipeline_id: str, project_id: Optional[str] = None) -> dict:
        pipeline = self.pipelines.get(pipeline_id)
        if pipeline is None:
            raise answers.pipeline_missing(pipeline_id)
        if project_id is not None and pipeline["project_id"] != project_id:
            raise answers.not_in_project(pipeline_id, project_id)
        return pipeline

    def _runs_of(self, pipeline: dict) -> list[dict]:
        return [run for run in self.runs.values() if run["pipeline_id"] == pipeline["id"]]

    def _latest(self, pipeline: dict) -> Optional[dict]:
        """The pipeline's latest run (the highest run_number), None when it has none."""
        return max(self._runs_of(pipeline), key=lambda run: run["run_number"], default=None)

    def _run(self, pipeline: dict, run_id: Optional[str]) -> dict:
        """A run of `pipeline` by id, or its latest run when no id is given."""
        if not run_id:
            latest = self._latest(pipeline)
            if latest is None:
                raise answers.run_missing(f"A run of the pipeline {pipeline['id']}")
            return latest
        run = self.runs.get(run_id)
        if run is None or run["pipeline_id"] != pipeline["id"]:
            raise answers.run_missing(f"The run {run_id} of the pipeline {pipeline['id']}")
        return run

    def _listed_run(self, request: Request, pipeline: dict, run: dict) -> dict:
        return answers.listed_run(pipeline, run, _host(request), user_id(self.state, run["executor"]))

    # Routes

    def routes(self) -> list[Route]:
        v5_pipelines = "/v5/{project_id}/api/pipelines"
        v5_run = v5_pipelines + "/{pipeline_id}/pipeline-runs"
        v5_step = v5_run + "/{pipeline_run_id}/jobs/{job_run_id}/steps/{step_run_id}"
        v5_entry = v5_run + "/{pipeline_run_id}/steps/{step_run_id}/manual"

        def hold(task: str, act: Callable[..., None]) -> Callable[..., Reply]:
            return partial(self.act_on_hold, task=task, act=act)

        return [
            Route("POST", "/v3/pipelines/{pipeline_id}/start", "StartNewPipeline", self.start),
            Route("GET", "/v3/pipelines/{pipeline_id}/status", "ShowPipleineStatus", self.show_status),
            Route("POST", "/v3/pipelines/{pipeline_id}/stop", "StopPipelineNew", self.stop_v3),
            Route("POST", v5_pipelines + "/{pipeline_id}/run", "RunPipeline", self.run),
            Route("GET", v5_pipelines + "/{pipeline_id}/queued-pipeline", "ListPipelineQueue", self.list_queue),
            Route(
                "POST",
                v5_pipelines + "/{pipeline_id}/{pipeline_run_id}/cancel-queuing/{queue_id}",
                "CancelPipelineQueue",
                self.cancel_queuing,
            ),
            Route("POST", v5_pipelines + "/list", "ListPipelines", self.list_pipelines, read_only=True),
            Route(
                "POST",
                v5_pipelines + "/status",
                "BatchShowPipelinesLatestStatus",
                self.latest_statuses,
                read_only=True,
            ),
            Route("POST", v5_run + "/list", "ListPipelineRuns", self.list_runs, read_only=True),
            Route("GET", v5_run + "/detail", "ShowPipelineRunDetail", self.show_detail),
            Route("POST", v5_step + "/logs", "ShowPipelineLog", self.show_log, read_only=True),
            Route("POST", v5_step + "/refuse", "RejectManualReview", partial(self.decide, approve=False)),
            Route("POST", v5_step + "/pass", "AcceptManualReview", partial(self.decide, approve=True)),
            Route(
                "POST",
                v5_entry + "/pass",
                "AcceptCheckpoint",
                hold(ENTRY_TASK, partial(holds.confirm_entry, accept=True)),
            ),
            Route(
                "POST",
                v5_entry + "/refuse",
                "RejectCheckpoint",
                hold(ENTRY_TASK, partial(holds.confirm_entry, accept=False)),
            ),
            Route("POST", v5_step + "/delay-pass", "AcceptDelayJob", hold(DELAY_TASK, holds.pass_delay)),
            Route("POST", v5_step + "/delay-refuse", "RejectDelayJob", hold(DELAY_TASK, holds.refuse_delay)),
            Route("POST", v5_step + "/delay", "ContinueDelayJob", hold(DELAY_TASK, holds.extend_delay)),
            Route("POST", v5_step + "/resume", "ResumePipeline", hold(SUSPEND_TASK, holds.resume)),
            Route("POST", v5_run + "/{pipeline_run_id}/stop", "StopPipelineRun", self.stop_v5),
            Route("PUT", v5_run + "/{pipeline_run_id}/retry", "RetryPipelineRun", self.retry),
            Route("GET", v5_pipelines + "/{pipeline_id}", "ShowPipelineDetail", self.show_pipeline),
            Route("PUT", v5_pipelines + "/{pipeline_id}/ban", "DisablePipeline", partial(self.ban, banned=True)),
            Route("PUT", v5_pipelines + "/{pipeline_id}/unban", "EnablePipeline", partial(self.ban, banned=False)),
        ]

    def snapshot(self) -> dict:
        self._sync()
        return {
            "speed": self.clock.speed,
            "pipelines": copy.deepcopy(list(self.pipelines.values())),
            "runs": copy.deepcopy(list(self.runs.values())),
        }

    def admin_actions(self) -> dict[str, Callable[[Any], Any]]:
        """POST /_emulator/pipeline/step and /_emulator/pipeline/configure (see README)."""
        return {"step": self.admin_step, "configure": self.admin_configure, "fail": self.admin_fail}

    def start(self, request: Request, pipeline_id: str) -> Reply:
        """StartNewPipeline: a new run, under way at once (or queued, see _open_run); its id is both the v3 build_id
        and the v5 pipeline_run_id. [MODEL] v3 has no queued answer: a queued run is answered as any other, and a
        start that exceed_action ABORT refuses gets RunPipeline's DEVPIPE.00011104 answer."""
        now = self._sync()
        pipeline = self._pipeline(pipeline_id)
        if pipeline["banned"]:
            raise answers.pipeline_banned(pipeline)
        try:
            params = build_params((request.json() or {}).get("build_params"))
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise answers.invalid_param('the body is {"build_params": [{"name", "value"}]}') from exc
        run = self._open_run(request, pipeline, params, now)
        if run is None:
            return Reply(200, answers.aborted(pipeline))
        return Reply(200, {"pipeline_id": pipeline["id"], "build_id": run["id"]})

    def run(self, request: Request, project_id: str, pipeline_id: str) -> Reply:
        """RunPipeline: a new run with what the body says (run_body.py: sources, description, variables, and the
        stages and jobs chosen); under way, or queued or refused as the pipeline's concurrency_control says (7.1.3)."""
        now = self._sync()
        pipeline = self._pipeline(pipeline_id, project_id)
        if pipeline["banned"]:
            raise answers.pipeline_banned(pipeline)
        body = run_body(request, pipeline)
        run = self._open_run(request, pipeline, body["variables"], now, body)
        if run is None:
            return Reply(200, answers.aborted(pipeline))
        if run["queue"] is not None:
            return Reply(200, answers.queued(pipeline, run["queue"]["id"], run["id"]))
        return Reply(200, {"pipeline_run_id": run["id"]})

    def _open_run(
        self, request: Request, pipeline: dict, params: list[dict], now: Moment, body: Optional[dict] = None
    ) -> Optional[dict]:
        """A new run of `pipeline` (numbered after its highest), started now or queued as its concurrency_control says;
        None when ABORT refuses it. [MODEL] RunPipeline's variables are the run's build_params (v3's name for them)."""
        admitted = admission(pipeline, self._runs_of(pipeline))
        if admitted == "abort":
            return None
        number = 1 + max((run["run_number"] for run in self._runs_of(pipeline)), default=0)
        run = new_run(pipeline, uuid.uuid4().hex, number, _who(request), params, "Manual")
        if body is not None:
            run.update(description=body["description"], sources=body["sources"])
            leave_out(run, body["choose_stages"], body["choose_jobs"])
        if admitted == "queue":
            self._enqueue(request, run, now)
        else:
            start_stage(run, pipeline, 0, now)
        self.runs[run["id"]] = run
        return run

    def _enqueue(self, request: Request, run: dict, now: Moment) -> None:
        """`run` waits in its pipeline's queue from now, under the next queue record id."""
        caller = request.caller.project_id if request.caller else None
        record = queue_record(
            self.next_queue_id,
            run,
            self.state.region_of(caller),
            user_id(self.state, run["executor"]),
            now.ms,
        )
        self.next_queue_id += 1
        hold(run, record)

    def list_queue(self, request: Request, project_id: str, pipeline_id: str) -> Reply:
        """ListPipelineQueue: the pipeline's queue records, oldest first (enqueue_time); offset and limit required."""
        self._sync()
        pipeline = self._pipeline(pipeline_id, project_id)
        offset, limit = query_page(request.query)
        records = queue_of(self._runs_of(pipeline))
        return Reply(
            200,
            {
                "offset": offset,
                "limit": limit,
                "total": len(records),
                "queuedPipelines": copy.deepcopy(records[offset : offset + limit]),
            },
        )

    def cancel_queuing(
        self, _request: Request, project_id: str, pipeline_id: str, pipeline_run_id: str, queue_id: str
    ) -> Reply:
        """CancelPipelineQueue: the run's queue record `queue_id` (QUEUED or QUEUED_TIME_OUT) is removed and the run
        CANCELED (queueing.withdraw); [MODEL] any other record or run is 400 DEVPIPE.99990001, and the body is ignored."""
        now = self._sync()
        pipeline = self._pipeline(pipeline_id, project_id)
        run = self._run(pipeline, pipeline_run_id)
        if not (queue_id.isascii() and queue_id.isdigit()):
            raise answers.invalid_param(f"the queue record id is a whole number, not {queue_id!r}")
        record = run["queue"]
        if record is None or record["id"] != int(queue_id) or record["status"] not in CANCELLABLE:
            raise answers.not_allowed_now(run, f"cancelling the queue record {queue_id}")
        withdraw(run, now)
        return Reply(200, {"pipeline_run_id": run["id"]})

    def show_status(self, request: Request, pipeline_id: str) -> Reply:
        """ShowPipleineStatus: a run in v3's words (the latest when build_id is omitted)."""
        now = self._sync()
        pipeline = self._pipeline(pipeline_id)
        return Reply(
            200, answers.v3_status(pipeline, self._run(pipeline, request.query.get("build_id")), now, _host(request))
        )

    def stop_v3(self, request: Request, pipeline_id: str) -> Reply:
        """S3, StopPipelineNew: asynchronous, see _stop."""
        now = self._sync()
        pipeline = self._pipeline(pipeline_id)
        build_id = request.query.get("build_id")
        if not build_id:
            raise answers.invalid_param("build_id is required")
        self._stop(_who(request), pipeline, self._run(pipeline, build_id), now)
        return Reply(200, {"pipeline_id": pipeline["id"], "pipeline_name": pipeline["name"]})

    def stop_v5(self, request: Request, project_id: str, pipeline_id: str, pipeline_run_id: str) -> Reply:
        """StopPipelineRun: the v5 twin of S3."""
        now = self._sync()
        pipeline = self._pipeline(pipeline_id, project_id)
        self._stop(_who(request), pipeline, self._run(pipeline, pipeline_run_id), now)
        return Reply(200, {"success": True})

    def retry(self, request: Request, project_id: str, pipeline_id: str, pipeline_run_id: str) -> Reply:
        """RetryPipelineRun: a failed run runs again, under the same ID (see runs.retry); any other run is 400. Like a
        new run it may queue ([MODEL] its stages still to run QUEUED; the answer's `error` has only `queue_id`) or be
        refused (ABORT: DEVPIPE.00011104, the run stays FAILED)."""
        now = self._sync()
        pipeline = self._pipeline(pipeline_id, project_id)
        run = self._run(pipeline, pipeline_run_id)
        if run["status"] != "FAILED":
            raise answers.not_allowed_now(run, "a retry")
        admitted = admission(pipeline, self._runs_of(pipeline))
        if admitted == "abort":
            return Reply(200, answers.aborted(pipeline))
        if admitted == "queue":
            reset_failed_stage(run)
            self._enqueue(request, run, now)
            return Reply(200, answers.queued(pipeline, run["queue"]["id"]))
        retry_run(run, pipeline, now)
        return Reply(200, {"success": True})

    @staticmethod
    def _stop(by: str, pipeline: dict, run: dict, now: Moment) -> None:
        """[MODEL] A stop lands after the pipeline's stop_delay; a run under way is stopped whether it runs, waits (a
        review, a stage entry, a delay) or is suspended (7.7 R2); stopping a stopping run changes nothing, an ended run
        is 400, and so is a queued run (it is cancelled with cancel-queuing)."""
        if run["queue"] is not None:
            raise answers.still_queued(run)
        if run["status"] not in UNDER_WAY:
            raise answers.run_ended(run)
        if run["stop"] is None:
            request_stop(run, pipeline, now, by)

    def show_pipeline(self, _request: Request, project_id: str, pipeline_id: str) -> Reply:
        """ShowPipelineDetail: the pipeline, with whether it is disabled (``banned``)."""
        pipeline = self._pipeline(pipeline_id, project_id)
        return Reply(200, answers.pipeline_detail(pipeline, self.state.project_name(project_id)))

    def ban(self, _request: Request, project_id: str, pipeline_id: str, banned: bool) -> Reply:
        """DisablePipeline / EnablePipeline: [MODEL] idempotent, and the answer is the bare JSON boolean true [DOC]."""
        self._pipeline(pipeline_id, project_id)["banned"] = banned
        return Reply(200, True)

    def list_pipelines(self, request: Request, project_id: str) -> Reply:
        """ListPipelines: the project's pipelines, each with its latest run; filters, order and paging as listing.py says."""
        now = self._sync()
        body = list_body(request)
        (offset, limit), part, wanted = page(body), name_part(body), statuses(body)
        key, descending = order(body, PIPELINE_SORT_KEYS)
        found = []
        for pipeline in self.pipelines.values():
            latest = self._latest(pipeline)
            if (
                pipeline["project_id"] == project_id
                and part in pipeline["name"].lower()
                # [MODEL] is_banned omitted or true lists every pipeline; false only the enabled ones (7.2).
                and not (body.get("is_banned") is False and pipeline["banned"])
                and (wanted is None or (latest is not None and latest["status"] in wanted))
            ):
                found.append((pipeline, latest))
        found.sort(key=lambda item: (item[0][key], item[0]["create_time"], item[0]["id"]), reverse=descending)
        return Reply(
            200,
            {
                "offset": offset,
                "limit": limit,
                "total": len(found),
                "current_system_time": now.ms,
                "pipelines": [
                    answers.listed_pipeline(
                        pipeline,
                        self.state.project_name(pipeline["project_id"]),
                        latest and self._listed_run(request, pipeline, latest),
                    )
                    for pipeline, latest in found[offset : offset + limit]
                ],
            },
        )

    def latest_statuses(self, request: Request, project_id: str) -> Reply:
        """BatchShowPipelinesLatestStatus: the latest run of each pipeline the body (a JSON array of pipeline IDs)
        names, as ListPipelines' latest_run gives it. [MODEL] The answer is a bare JSON array, in the order of the
        IDs; an ID of no pipeline of the project, or of a pipeline that has never run, is left out; from 1 to
        LATEST_STATUS_MAX IDs, each at most once, or 400 DEVPIPE.00011001."""
        self._sync()
        try:
            ids = request.json()
        except ValueError as exc:
            raise answers.invalid_param("the body is not JSON") from exc
        if (
            not isinstance(ids, list)
            or not 1 <= len(ids) <= LATEST_STATUS_MAX
            or not all(isinstance(pipeline_id, str) for pipeline_id in ids)
            or len(set(ids)) != len(ids)
        ):
            raise answers.invalid_param("the body is an array of 1 to %d different pipeline IDs" % LATEST_STATUS_MAX)
        found = []
        for pipeline_id in ids:
            pipeline = self.pipelines.get(pipeline_id)
            latest = pipeline and pipeline["project_id"] == project_id and self._latest(pipeline)
            if latest:
                found.append(answers.latest_status(self._listed_run(request, pipeline, latest)))
        return Reply(200, found)

    def list_runs(self, request: Request, project_id: str, pipeline_id: str) -> Reply:
        """ListPipelineRuns: a pipeline's runs, by status and start time; order and paging as listing.py says."""
        self._sync()
        pipeline = self._pipeline(pipeline_id, project_id)
        body = list_body(request)
        (offset, limit), wanted = page(body), statuses(body)
        after, before = time_bound(body, "start_time"), time_bound(body, "end_time")
        key, descending = order(body, RUN_SORT_KEYS)
        runs = [
            run
            for run in self._runs_of(pipeline)
            if (wanted is None or run["status"] in wanted)
            and (after is None or started_ms(run) >= after)
            and (before is None or started_ms(run) <= before)
        ]
        sort_value = started_ms if key == "start_time" else updated_ms
        runs.sort(key=lambda run: (sort_value(run), run["run_number"]), reverse=descending)
        return Reply(
            200,
            {
                "offset": offset,
                "limit": limit,
                "total": len(runs),
                "pipeline_runs": [self._listed_run(request, pipeline, run) for run in runs[offset : offset + limit]],
            },
        )

    def show_detail(self, request: Request, project_id: str, pipeline_id: str) -> Reply:
        """ShowPipelineRunDetail: by pipeline_run_id, else by pipeline_run_number, else the latest run."""
        now = self._sync()
        pipeline = self._pipeline(pipeline_id, project_id)
        run_id, number = request.query.get("pipeline_run_id"), request.query.get("pipeline_run_number")
        if not run_id and number:
            if not number.isdigit():
                raise answers.invalid_param("pipeline_run_number is a positive integer")
            run_id = next((run["id"] for run in self._runs_of(pipeline) if run["run_number"] == int(number)), None)
            if run_id is None:
                raise answers.run_missing(f"Run number {number} of the pipeline {pipeline['id']}")
        return Reply(200, answers.v5_detail(pipeline, self._run(pipeline, run_id), now, _host(request)))

    def show_log(
        self,
        request: Request,
        project_id: str,
        pipeline_id: str,
        pipeline_run_id: str,
        job_run_id: str,
        step_run_id: str,
    ) -> Reply:
        """ShowPipelineLog: the window of a job's step's log that the body (LogQuery) asks for (logs.py); a POST that
        only reads."""
        self._sync()
        pipeline = self._pipeline(pipeline_id, project_id)
        step = self._step_of(self._run(pipeline, pipeline_run_id), step_run_id, job_run_id)[2]
        try:
            body = request.json()
        except ValueError as exc:
            raise answers.invalid_param("the body is not JSON") from exc
        return Reply(200, log_answer(step, body))

    def decide(
        self,
        request: Request,
        project_id: str,
        pipeline_id: str,
        pipeline_run_id: str,
        job_run_id: str,
        step_run_id: str,
        approve: bool,
    ) -> Reply:
        """S1 RejectManualReview and AcceptManualReview: only a review step that waits (RUNNING, its run not stopping) can be decided."""
        now = self._sync()
        pipeline = self._pipeline(pipeline_id, project_id)
        run = self._run(pipeline, pipeline_run_id)
        found = self._step_of(run, step_run_id, job_run_id)
        step = found[2]
        if not waiting(run, step):
            # [MODEL] deciding a step that is not a waiting manual review is a 400.
            raise answers.not_waiting(
                step,
                "its run is being stopped"
                if run["stop"] is not None and step["status"] == "RUNNING"
                else f"it is {step['status']}",
            )
        decide(run, pipeline, found, approve, now, _who(request), request.query.get("approval_description"))
        return Reply(200, {"success": True})

    @staticmethod
    def _step_of(run: dict, step_run_id: str, job_run_id: Optional[str] = None) -> tuple:
        """(stage, job, step) of a job's step; without a job, (stage, None, pre step) of a stage's entry step, or else of
        any job's step of that id; 404 when the run has no such step."""
        found = find_by_id(run, step_run_id, job_run_id)
        if found is None:
            where = f"of the job {job_run_id} " if job_run_id is not None else ""
            raise answers.run_missing(f"The step {step_run_id} {where}in the run {run['id']}")
        return found

    def _held(
        self,
        project_id: str,
        pipeline_id: str,
        pipeline_run_id: str,
        step_run_id: str,
        task: str,
        job_run_id: Optional[str] = None,
    ) -> tuple[Moment, dict, dict, tuple]:
        """Now, the pipeline, the run and the (stage, job, step) of a hold that can be acted on; [MODEL] a step that is
        not such a hold (of `task`, RUNNING, its run not being stopped) is 400 DEVPIPE.99990001 (7.7)."""
        now = self._sync()
        pipeline = self._pipeline(pipeline_id, project_id)
        run = self._run(pipeline, pipeline_run_id)
        found = self._step_of(run, step_run_id, job_run_id)
        reason = holds.why_not(run, found[2], task)
        if reason is not None:
            raise answers.not_holding(found[2], holds.HOLDS[task], reason)
        return now, pipeline, run, found

    def act_on_hold(
        self,
        request: Request,
        project_id: str,
        pipeline_id: str,
        pipeline_run_id: str,
        step_run_id: str,
        job_run_id: Optional[str] = None,
        *,
        task: str,
        act: Callable[..., None],
    ) -> Reply:
        """R8 to R13: `act` (holds.py) on the hold of `task` that the path names (a stage's entry has no job in it)."""
        now, pipeline, run, found = self._held(project_id, pipeline_id, pipeline_run_id, step_run_id, task, job_run_id)
        act(run, pipeline, found, now, _who(request))
        return Reply(200, {"success": True})

    # Admin actions (the server answers 400 for the ValueError, KeyError and TypeError they raise)

    def admin_step(self, data: Any) -> dict:
        """Move runs on without moving the clock (see README); answers the number of events and each run's status.

        {"seconds": n} lets n pipeline seconds pass for every run, {"seconds": n, "pipeline_run_id": id} for one run;
        {"pipeline_run_id": id} alone makes that run's next event happen now.
        """
        now = self._sync()
        if not isinstance(data, dict) or not data or set(data) - {"seconds", "pipeline_run_id"}:
            raise ValueError('step takes {"seconds"}, {"pipeline_run_id"} or both')
        runs = [self.runs[data["pipeline_run_id"]]] if "pipeline_run_id" in data else list(self.runs.values())
        if "seconds" in data:
            amount = seconds(data["seconds"], "seconds")
            events = sum(let_pass(run, self.pipelines[run["pipeline_id"]], amount, now) for run in runs)
        else:
            event = self._next_event(runs[0])
            if event is not None:
                event.fire(now)
            events = int(event is not None)
        move_on(self.pipelines, list(self.runs.values()), now)  # [MODEL] a run dequeued here starts now
        return {"events": events, "runs": {run["id"]: run["status"] for run in runs}}

    def admin_fail(self, data: Any) -> dict:
        """{"pipeline_run_id", "message"?}: the run's step that runs (the first, if jobs run side by side; not a hold)
        fails now with `message` [Step <name> failed.], and with it its job, its stage and the run (runs.fail)."""
        now = self._sync()
        if not isinstance(data, dict) or "pipeline_run_id" not in data or set(data) - {"pipeline_run_id", "message"}:
            raise ValueError('fail takes {"pipeline_run_id", "message"?}')
        run = self.runs[data["pipeline_run_id"]]
        running = [found for found in active_steps(run) if found[2]["task"] not in (*WAITING_TASKS, DELAY_TASK)]
        if not running or run["stop"] is not None:
            raise ValueError(f"the run {run['id']} has no step running that could fail")
        _stage, job, step = running[0]
        fail(run, job, step, now, str(data.get("message") or f"Step {step['name']} failed."))
        move_on(self.pipelines, list(self.runs.values()), now)  # a slot freed: a queued run starts
        return {"pipeline_run_id": run["id"], "step": step["name"], "status": run["status"]}

    def admin_configure(self, data: Any) -> dict:
        """{"speed"} and/or {"pipeline_id", "step_duration", "stop_delay"}: for what starts from now on; answers the settings."""
        self._sync()
        keys = set(data) if isinstance(data, dict) else {"?"}
        if keys - {"speed", "pipeline_id", *SETTINGS} or ("pipeline_id" in keys) != bool(set(SETTINGS) & keys):
            raise ValueError("configure takes speed, and/or pipeline_id with step_duration and/or stop_delay")
        if "speed" in data:
            self.clock.speed = seconds(data["speed"], "speed")
        if "pipeline_id" in data:
            pipeline = self.pipelines[data["pipeline_id"]]
            pipeline.update({key: seconds(data[key], key) for key in SETTINGS if key in data})
        return {
            "speed": self.clock.speed,
            "pipelines": {
                pipeline["id"]: {key: pipeline[key] for key in SETTINGS} for pipeline in self.pipelines.values()
            },
        }
