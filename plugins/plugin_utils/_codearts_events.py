# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""What the codearts_events event source sees in one poll of a CodeArts project: the events since the last poll.

The source (extensions/eda/plugins/event_source/codearts_events.py) is the asyncio glue around ``EventPoller``; the
poller is plain code over the collection's client and API classes, so it is tested without ansible-rulebook.

One poll reads, for a project of P pipelines and T check tasks (P and T counting only those watched):

- ``ceil(P / 100)`` pages of ListPipelines, each pipeline with its latest run;
- at the first sight of a pipeline that has runs (the first poll, or a pipeline created since), one ListPipelineRuns
  of its runs under way, since an older run may still run behind a newer one;
- for each pipeline whose latest run is not the one seen before (or whose run under way is no longer its latest),
  one ListPipelineRuns of the runs since: so runs that start and end between two polls are not missed;
- with ``runs`` watched, one ListPipelineQueue for each pipeline whose latest run is new and has not started (it
  queued), and for each pipeline with runs in its queue when last read, so that run_queued, run_queue_overdue and
  the start of a run that leaves the queue are seen; plus one ListPipelineRuns of its runs under way when a run has
  left the queue;
- with ``reviews`` watched, one run detail for each run under way (its manual-review steps);
- with ``runs`` watched and ``log_lines`` set, for each run that finished FAILED, one run detail (its failed steps) and
  one log read per failed step (the last ``log_lines`` lines of its log, in the run_finished event);
- with ``checks`` watched, ``ceil(T / 100)`` pages of the task list, one progress read for each task whose check
  runs or whose latest check is new since the last poll, and one defect summary for each check that finished.

Durations (how long a review waited, a run ran) are measured on the service's clock: the Date of its answers.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from ansible_collections.huaweicloud.codearts.plugins.module_utils._check import (
    CHECK_HOST_OPTION,
    CheckTasks,
    check_host_templates,
)
from ansible_collections.huaweicloud.codearts.plugins.module_utils._codearts_api import (
    CHECK_TASK_RUNNING,
    CHECK_TASK_STATUS,
    PIPELINE_FAILED,
    PIPELINE_RUN_ACTIVE,
    PIPELINE_RUN_NOT_STARTED,
    PIPELINE_RUN_OUTCOMES,
)
from ansible_collections.huaweicloud.codearts.plugins.module_utils._errors import CodeArtsError
from ansible_collections.huaweicloud.codearts.plugins.module_utils._logic import log_lines_option
from ansible_collections.huaweicloud.codearts.plugins.module_utils._module import (
    client_from_params,
    codearts_argument_spec,
    validate_ids,
)
from ansible_collections.huaweicloud.codearts.plugins.module_utils._pipeline import (
    Pipelines,
    failed_steps,
    waiting_steps,
)
from ansible_collections.huaweicloud.codearts.plugins.module_utils._time import duration_seconds, seconds_since

WATCHED = ("reviews", "runs", "checks")
MIN_INTERVAL = 1.0
# Event types, by what they are about (the ``codearts.type`` of an event).
REVIEW_WAITING, REVIEW_OVERDUE = "review_waiting", "review_overdue"
# A stage-entry checkpoint, a delay step or a suspend step that waits (watched with the reviews).
STEP_WAITING, STEP_OVERDUE = "step_waiting", "step_overdue"
RUN_STARTED, RUN_FINISHED, RUN_OVERDUE = "run_started", "run_finished", "run_overdue"
RUN_QUEUED, RUN_QUEUE_OVERDUE = "run_queued", "run_queue_overdue"
CHECK_FINISHED = "check_finished"
SOURCE_TROUBLE, SOURCE_RECOVERED = "source_trouble", "source_recovered"
# The defect counts of a check's summary, by severity [SDK: ShowTaskDetailResponse, counts as strings].
SEVERITIES = ("critical", "major", "minor", "suggestion")


def argument_spec():
    """The source's options: the modules' connection and authentication options (the same environment variables),
    Check's check_host, and what to watch."""
    spec = codearts_argument_spec()
    spec.update(CHECK_HOST_OPTION)
    spec.update(
        {
            "project_id": {"type": "str", "required": True},
            "pipelines": {"type": "list", "elements": "str"},
            "check_tasks": {"type": "list", "elements": "str"},
            "watch": {"type": "list", "elements": "str", "choices": list(WATCHED), "default": list(WATCHED)},
            "interval": {"type": "float", "default": 60},
            "waiting_longer_than": {"type": "str"},
            "running_longer_than": {"type": "str"},
            "queued_longer_than": {"type": "str"},
            "remember": {"type": "int", "default": 10000},
            "log_lines": {"type": "int", "default": 0},
        }
    )
    return spec


def validated(args):
    """The source's arguments checked and completed (defaults, environment variables); bad ones raise ValueError,
    before any request. The message names no value of a secret option."""
    result = ArgumentSpecValidator(argument_spec()).validate(dict(args or {}))
    problems = [str(error) for error in result.errors]
    params = result.validated_parameters
    if not problems:
        try:
            validate_ids(params, ("project_id",))
            for option in ("waiting_longer_than", "running_longer_than", "queued_longer_than"):
                if params.get(option) is not None:
                    duration_seconds(params[option], option)
            log_lines_option(params)
        except CodeArtsError as error:
            problems.append(str(error))
        if params["interval"] < MIN_INTERVAL:
            problems.append("interval must be at least %g seconds." % MIN_INTERVAL)
        if params["remember"] < 100:
            problems.append("remember must be at least 100 events.")
    if problems:
        raise ValueError("huaweicloud.codearts.codearts_events: %s" % " ".join(problems))
    return params


def client_for(params):
    """The client of the source's options (as a module's); options that do not add up raise ValueError."""
    try:
        return client_from_params(params, check_host_templates(params))
    except CodeArtsError as error:
        raise ValueError("huaweicloud.codearts.codearts_events: %s" % error) from None


class Remembered:
    """The keys of the events already put on the queue: the newest ``size`` of them, the oldest forgotten first."""

    def __init__(self, size):
        self.size = size
        self._keys = OrderedDict()

    def __contains__(self, key):
        return key in self._keys

    def __len__(self):
        return len(self._keys)

    def add(self, key):
        self._keys[key] = None
        self._keys.move_to_end(key)
        while len(self._keys) > self.size:
            self._keys.popitem(last=False)


def trouble_kind(error):
    """What kind of trouble a failed poll is in: throttled, credentials_refused, unreachable or api_error."""
    if error.status == 429:
        return "throttled"
    if error.status in (401, 403):
        return "credentials_refused"
    if error.status is None and error.code is None:
        return "unreachable"
    return "api_error"


def _matches(item, wanted):
    return not wanted or item["id"] in wanted or item["name"] in wanted


class EventPoller:
    """Polls one project; ``poll()`` returns the events since the last poll, each once.

    The first poll reports what is under way (runs, waiting reviews, and what is already overdue), not what ended
    before the source started. An event's key (its type and what it is about) is remembered, the newest
    ``remember`` of them, so the same event is not put on the queue twice.
    """

    def __init__(self, params, client):
        self.params = params
        self.client = client
        self.project_id = params["project_id"]
        self.watch = set(params["watch"])
        self.pipelines = Pipelines(client)
        self.checks = CheckTasks(client)
        self.review_limit = self._limit("waiting_longer_than")
        self.run_limit = self._limit("running_longer_than")
        self.queue_limit = self._limit("queued_longer_than")
        self.sent = Remembered(params["remember"])
        self.polls = 0
        # pipeline ID -> its latest run as last seen; run ID -> a run under way as last seen.
        self.latest = {}
        self.under_way = {}
        # pipeline ID -> the IDs of its runs in its queue, as last read.
        self.queued = {}
        # check task ID -> (last_check_time, running) as last seen.
        self.tasks = {}
        self.trouble = None
        self._events = []
        # The events of the pipeline a thread is polling (pipelines are polled side by side): kept apart, then added
        # to the poll's in the order of the pipelines.
        self._apart = threading.local()

    def _limit(self, option):
        value = self.params.get(option)
        return None if value is None else duration_seconds(value, option)

    def poll(self):
        """One poll: the new events, in the order they were seen.

        A failure ends the poll with a source_trouble event (once for trouble of one kind in a row; the events seen
        before it are kept); the next good poll starts with source_recovered.
        """
        self._events = []
        try:
            if self.watch & {"runs", "reviews"}:
                self._poll_pipelines()
            if "checks" in self.watch:
                self._poll_checks()
        except CodeArtsError as error:
            return self._events + self._troubled(error)
        self.polls += 1
        if self.trouble is not None:
            self._events.insert(0, self._event(SOURCE_RECOVERED, trouble=self.trouble))
            self.trouble = None
        return self._events

    def _troubled(self, error):
        kind = trouble_kind(error)
        if self.trouble is not None and self.trouble["kind"] == kind:
            self.trouble["failed_polls"] += 1
            return []
        self.trouble = dict(error.to_dict(), kind=kind, failed_polls=1)
        return [self._event(SOURCE_TROUBLE, trouble=dict(self.trouble))]

    # Events

    def now(self):
        """Now on the service's clock, in epoch ms."""
        return self.client.service_now_ms()

    def _event(self, kind, **payload):
        return {"codearts": dict(type=kind, project_id=self.project_id, observed_at=self.now(), **payload)}

    def _emit(self, kind, key, **payload):
        """Add the event to this poll's unless one of this kind and key was sent before."""
        if (kind, key) in self.sent:
            return
        self.sent.add((kind, key))
        apart = getattr(self._apart, "events", None)
        (apart if apart is not None else self._events).append(self._event(kind, **payload))

    # Pipelines: runs and reviews

    def _poll_pipelines(self):
        """Each pipeline watched, side by side (the client's read_each): a pipeline's reads and state are its own.
        The events are added in the order of the pipelines; every pipeline is polled even when one fails (its state
        moves on with the events it gave), then the first failure ends the poll."""
        wanted = self.params.get("pipelines")
        chosen = [pipeline for pipeline in self.pipelines.list(self.project_id) if _matches(pipeline, wanted)]
        failure = None
        for events, error in self.client.read_each(self._poll_pipeline_apart, chosen):
            self._events.extend(events)
            failure = failure or error
        if failure is not None:
            raise failure

    def _poll_pipeline_apart(self, pipeline):
        """_poll_pipeline with its events kept apart: (its events, its CodeArtsError or None)."""
        self._apart.events = []
        error = None
        try:
            self._poll_pipeline(pipeline)
        except CodeArtsError as exc:
            error = exc
        events, self._apart.events = self._apart.events, None
        return events, error

    def _poll_pipeline(self, pipeline):
        latest = pipeline["latest_run"]
        before = self.latest.get(pipeline["id"])
        overtaken = [
            run
            for run in list(self.under_way.values())  # a copy: other pipelines' runs come and go meanwhile
            if run["pipeline_id"] == pipeline["id"] and (latest is None or run["id"] != latest["id"])
        ]
        runs = [latest] if latest is not None else []
        if latest is not None and pipeline["id"] not in self.latest:
            # First sight of the pipeline (the first poll, or a pipeline new since): its latest run, and every run
            # under way behind it, since runs of one pipeline may run side by side.
            runs += [
                run
                for run in self.pipelines.runs(self.project_id, pipeline, statuses=PIPELINE_RUN_ACTIVE)
                if run["id"] != latest["id"]
            ]
        elif latest is not None and (overtaken or (before is not None and before["id"] != latest["id"])):
            # Runs may have started, and ended, since the last poll: read the runs since the oldest one that matters,
            # and keep those under way before and those newer than the latest seen before.
            starts = [
                run["start_time"] for run in overtaken + [before] if run is not None and run["start_time"] is not None
            ]
            runs = [
                run
                for run in self.pipelines.runs(self.project_id, pipeline, started_after=min(starts) if starts else None)
                if run["id"] in self.under_way
                or before is None
                or (run["id"] != before["id"] and (run["start_time"] or 0) >= (before["start_time"] or 0))
            ]
        first_sight = pipeline["id"] not in self.latest
        if latest is not None:
            self.latest[pipeline["id"]] = latest
        if "runs" in self.watch and (
            self.queued.get(pipeline["id"])
            or (
                latest is not None
                and latest["status"] == PIPELINE_RUN_NOT_STARTED
                and (first_sight or before is None or before["id"] != latest["id"])
            )
        ):
            runs += self._poll_queue(pipeline)
        for run in reversed(runs):  # oldest first, so that events come in the order things happened
            # A run that ended is news when it was seen under way, or is new since the last poll (not at the first).
            is_new = self.polls > 0 and (before is None or run["id"] != before["id"])
            self._poll_run(dict(run, pipeline_name=pipeline["name"]), is_new)

    def _poll_queue(self, pipeline):
        """Read the pipeline's queue (only when its latest run is new and has not started, or runs of it were queued):
        run_queued for each run new in it, run_queue_overdue past queued_longer_than. Returns the runs under way that
        have left the queue since the last read (one read of the runs under way), for their run_started."""
        now = self.now()
        records = self.pipelines.queue(self.project_id, pipeline, now)
        for record in records:
            self._emit(RUN_QUEUED, record["id"], run=record)
            if self.queue_limit is not None and (record["queued_seconds"] or 0) > self.queue_limit:
                self._emit(RUN_QUEUE_OVERDUE, record["id"], run=record)
        left = self.queued.get(pipeline["id"], set()) - {record["id"] for record in records}
        self.queued[pipeline["id"]] = {record["id"] for record in records}
        if not left:
            return []
        return [
            run
            for run in self.pipelines.runs(self.project_id, pipeline, statuses=PIPELINE_RUN_ACTIVE)
            if run["id"] in left and run["id"] not in self.under_way
        ]

    def _poll_run(self, run, is_new):
        if run["status"] == PIPELINE_RUN_NOT_STARTED:
            return  # queued: neither under way nor over (its queue's read reports it)
        now = self.now()
        if run["status"] in PIPELINE_RUN_ACTIVE:
            run.update(running_seconds=seconds_since(run["start_time"], now), outcome=None, duration_seconds=None)
            if "runs" in self.watch:
                self._emit(RUN_STARTED, run["id"], run=run)
                if self.run_limit is not None and (run["running_seconds"] or 0) > self.run_limit:
                    self._emit(RUN_OVERDUE, run["id"], run=run)
            if "reviews" in self.watch:
                self._poll_reviews(run, now)
            self.under_way[run["id"]] = run
            return
        was_under_way = self.under_way.pop(run["id"], None) is not None
        if "runs" in self.watch and (was_under_way or is_new) and (RUN_FINISHED, run["id"]) not in self.sent:
            ended = run["end_time"] or now
            finished = dict(
                run,
                running_seconds=None,
                outcome=PIPELINE_RUN_OUTCOMES.get(run["status"]),
                duration_seconds=None if run["start_time"] is None else seconds_since(run["start_time"], ended),
            )
            if self.params["log_lines"]:
                finished["failed_steps"] = self._failed_steps(run)
            self._emit(RUN_FINISHED, run["id"], run=finished)

    def _failed_steps(self, run):
        """A failed run's failed steps with their log tails (its detail, and one log read per failed step); none for
        another run."""
        if run["status"] != PIPELINE_FAILED:
            return []
        detail = self.pipelines.detail(self.project_id, run["pipeline_id"], run["id"])
        return failed_steps(self.pipelines, self.project_id, detail, self.params["log_lines"])

    def _poll_reviews(self, run, now):
        reviews, steps = waiting_steps(self.pipelines, self.project_id, run)
        for step in steps:
            step = dict(step, pipeline_name=run["pipeline_name"] or step["pipeline_name"], run_number=run["run_number"])
            key = (step["pipeline_run_id"], step["step_run_id"])
            self._emit(STEP_WAITING, key, step=step)
            if self.review_limit is not None and (step["waited_seconds"] or 0) > self.review_limit:
                self._emit(STEP_OVERDUE, key, step=step)
        for review in reviews:
            review = dict(
                review,
                pipeline_name=run["pipeline_name"] or review["pipeline_name"],
                run_number=run["run_number"],
                waited_seconds=seconds_since(review["start_time"], now),
            )
            key = (review["pipeline_run_id"], review["job_run_id"], review["step_run_id"])
            self._emit(REVIEW_WAITING, key, review=review)
            if self.review_limit is not None and (review["waited_seconds"] or 0) > self.review_limit:
                self._emit(REVIEW_OVERDUE, key, review=review)

    # Check tasks

    def _poll_checks(self):
        """The progress of each task to look at (new, running when last seen, or with a new check), read side by side
        (the client's read_each); a read that fails ends the poll before any task's state moves on."""
        wanted = self.params.get("check_tasks")
        looked_at = []
        for task in self.checks.list(self.project_id):
            if not _matches(task, wanted):
                continue
            last_time, was_running = self.tasks.get(task["id"], (None, False))
            new_check = task["id"] in self.tasks and task["last_check_time"] != last_time
            if not (was_running or new_check or task["id"] not in self.tasks):
                continue
            if task["last_check_time"] is None:
                # [MODEL] last_check_time is the start of the latest check, a running one included: a task without
                # one has never checked, and has no progress worth a read.
                self.tasks[task["id"]] = (None, False)
                continue
            looked_at.append((task, was_running, new_check))
        progresses = self.client.read_each(lambda entry: self.checks.progress(entry[0]["id"]), looked_at)
        for (task, was_running, new_check), progress in zip(looked_at, progresses):
            if progress is None:
                self.tasks.pop(task["id"], None)
                continue
            running = progress["task_status"] == CHECK_TASK_RUNNING
            if not running and (was_running or new_check) and progress["task_status"] in CHECK_TASK_STATUS:
                self._check_finished(task, progress)
            self.tasks[task["id"]] = (task["last_check_time"], running)

    def _check_finished(self, task, progress):
        summary = self.checks.summary(task["id"])
        counts = {severity: _count(summary.get("%s_count" % severity)) for severity in SEVERITIES}
        check = dict(task, status=progress["status"], defects=dict(counts, total=_count(summary.get("issue_count"))))
        self._emit(CHECK_FINISHED, (task["id"], task["last_check_time"]), check=check)


def _count(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
