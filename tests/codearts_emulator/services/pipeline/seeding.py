# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The pipeline seed: pipeline definitions, and runs replayed from their start to the state the seed describes.

A seeded run is replayed from its start, reviews and stage entries on its way approved and suspend steps resumed
(delay steps run out), until its `at` step (or stage entry) is reached (default: the first step), then ends as `end`
says. Its last event (reaching `at`, or its end) happens
at load time, or `waited` (a run still at `at`) or `ended_ago` (an ended run) seconds before it. A run
seeded `queued` never started: it entered its pipeline's queue `waited` seconds before the load, which
needs the pipeline's concurrency_control on (QUEUE) and full. Stages and jobs have identifiers
(RunPipeline's choose_stages/choose_jobs): the seed's, else [MODEL] STAGE_<name>/JOB_<name>.
"""

from __future__ import annotations

import re
from typing import Optional

from ...seed import SeedChecker
from ...state import State
from ..iam import user_id
from .events import next_event
from .holds import confirm_entry, refuse_delay, resume
from .queueing import DEFAULT_CONCURRENCY, EXCEED_ACTIONS, hold, queue_record, under_way
from .reviews import decide, time_out
from .runs import (
    DELAY_TASK,
    ENTRY_TASK,
    REVIEW_TASK,
    SUSPEND_TASK,
    UNDER_WAY,
    WAITING_TASKS,
    active_steps,
    build_params,
    cancel,
    fail,
    find_step,
    new_run,
    request_stop,
    start_stage,
    started_ms,
    waiting_entries,
)
from .timeline import Moment

PIPELINE_FIELDS = {
    "id",
    "name",
    "project_id",
    "description",
    "created_ago",
    "stages",
    "step_duration",
    "stop_delay",
    "runs",
    "banned",
    "concurrency_control",
    "sources",
    "variables",
}
# A pipeline's code source (ShowPipelineDetail's sources[].params, PipelineSourceParam): what a seed may give.
SOURCE_FIELDS = {"alias", "git_type", "git_url", "default_branch", "codehub_id", "endpoint_id"}
# A custom variable (PipelineVariable): name, value, and whether a run may set it (is_runtime).
VARIABLE_FIELDS = {"name", "value", "is_runtime", "is_secret", "description"}
STEP_FIELDS = {"name", "task", "duration", "timeout", "timeout_strategy", "delay"}
# A stage: its jobs, and whether it is entered automatically (`entry: auto`, the default) or after a manual confirmation
# (`entry: manual`: its one `pre` step, named `entry_name` [<stage name> entry]).
STAGE_FIELDS = {"name", "identifier", "jobs", "entry", "entry_name"}
ENTRIES = ("auto", "manual")
RUN_FIELDS = {
    "id",
    "at",
    "end",
    "remaining",
    "waited",
    "ended_ago",
    "executor",
    "build_params",
    "trigger_type",
    "queued",
    "log",
    "message",
}
# The fields a queued run may have (it never started: no `at`, `end`, `remaining` or `ended_ago`).
QUEUED_RUN_FIELDS = {"id", "queued", "waited", "executor", "build_params", "trigger_type"}
# A stage's or job's identifier (RunPipeline's choose_stages/choose_jobs); [MODEL] without one, the prefix and its name
# with every character but letters, digits and _ made _ (STAGE_Build, JOB_unit_tests), numbered _2, _3... when taken.
IDENTIFIER = re.compile(r"^[0-9A-Za-z_-]{1,64}$")
IDENTIFIER_SHAPE = "1-64 characters [0-9A-Za-z_-]"
DEFAULT_STEP_DURATION = 2.0
DEFAULT_STOP_DELAY = 2.0
# Without `created_ago` a pipeline was created 30 days before the load, each later one in the seed a minute after the one
# before (a stable order), or else before its first seeded run.
CREATED_BEFORE_LOAD = 30 * 86400
CREATED_APART = 60
# How a seeded run ended at its `at` step; no `end` means it is still running there.
SEED_ENDS = ("completed", "failed", "refused", "timed_out", "canceled")
# What each `end` needs of its `at` step's task: a review, a stage entry or a delay is refused, only a review times out,
# only a build-like step fails (a run can be stopped anywhere).
REFUSABLE = (REVIEW_TASK, ENTRY_TASK, DELAY_TASK)
HOLD_TASKS = (*WAITING_TASKS, DELAY_TASK)


class PipelineSeed:
    """Reads the `pipelines` of a pipeline seed section into pipelines and runs by id, as of `now` (the load)."""

    def __init__(self, state: State, now: Moment) -> None:
        self.state = state
        self.now = now
        self.check = SeedChecker("pipeline")
        self.pipelines: dict[str, dict] = {}
        self.runs: dict[str, dict] = {}
        self.next_queue_id = 1

    def load(self, entries: list) -> PipelineSeed:
        for position, entry in enumerate(entries or []):
            self._add_pipeline(entry, position)
        self._number_queue_records()
        return self

    def _number_queue_records(self) -> None:
        """The seeded queue records' ids: 1, 2, ... oldest first (by enqueue_time, then seed order)."""
        records = [run["queue"] for run in self.runs.values() if run["queue"] is not None]
        for record in sorted(records, key=lambda record: record["enqueue_time"]):
            record["id"] = self.next_queue_id
            self.next_queue_id += 1

    def _add_pipeline(self, entry: dict, position: int) -> None:
        what = f"pipeline {entry.get('name')!r}" if isinstance(entry, dict) else "pipeline"
        self.check.fields(entry, PIPELINE_FIELDS, what)
        self.check.ids(entry, what, "id", "project_id")
        self.check.new("pipeline id", entry["id"])
        try:
            stages = [self._stage_definition(stage, what) for stage in entry["stages"]]
        except (KeyError, TypeError, AttributeError) as exc:
            raise self.check.error(
                what, "has malformed stages: stages need {name, jobs: [{name, steps: [{name, task}]}]}"
            ) from exc
        names = [
            *(stage["entry_name"] for stage in stages if stage["entry"] == "manual"),
            *(step["name"] for stage in stages for job in stage["jobs"] for step in job["steps"]),
        ]
        if (
            not names
            or not all(stage["jobs"] and all(job["steps"] for job in stage["jobs"]) for stage in stages)
            or len(set(names)) != len(names)
        ):
            raise self.check.error(
                what,
                "needs jobs in every stage and steps in every job, step names (and stage entry names) unique in the "
                "pipeline",
            )
        self._identify(stages, "STAGE_", f"{what}: stage")
        self._identify([job for stage in stages for job in stage["jobs"]], "JOB_", f"{what}: job")
        created_ago = self.check.seconds(
            entry.get("created_ago", CREATED_BEFORE_LOAD - CREATED_APART * position), "created_ago"
        )
        pipeline = {
            "id": entry["id"],
            "name": str(entry.get("name", entry["id"])),
            "project_id": entry["project_id"],
            "description": str(entry.get("description", "")),
            "create_time": self.now.ms - round(created_ago * 1000),
            "step_duration": self.check.seconds(entry.get("step_duration", DEFAULT_STEP_DURATION), "step_duration"),
            "stop_delay": self.check.seconds(entry.get("stop_delay", DEFAULT_STOP_DELAY), "stop_delay"),
            "stages": stages,
            "banned": bool(entry.get("banned", False)),
            "concurrency_control": self._concurrency(entry.get("concurrency_control"), what),
        }
        pipeline["sources"] = self._sources(entry.get("sources"), pipeline, what)
        pipeline["variables"] = self._variables(entry.get("variables"), what)
        self.pipelines[pipeline["id"]] = pipeline
        for run_entry in entry.get("runs") or []:
            self._add_run(pipeline, run_entry)
        self._check_queue(pipeline)
        if "created_ago" not in entry:  # created before its first seeded run
            pipeline["create_time"] = min(
                [
                    pipeline["create_time"],
                    *(started_ms(run) for run in self.runs.values() if run["pipeline_id"] == pipeline["id"]),
                ]
            )

    def _stage_definition(self, entry: dict, what: str) -> dict:
        """A stage: name, identifier (None: derived later), jobs, and [MODEL] its entry, `auto` or `manual` (a
        manualTrigger pre step named `entry_name`, by default "<name> entry")."""
        self.check.fields(entry, STAGE_FIELDS, f"{what} stage {entry.get('name')!r}")
        stage = {
            "name": str(entry["name"]),
            "identifier": entry.get("identifier"),
            "entry": entry.get("entry", "auto"),
            "entry_name": None,
            "jobs": [
                {
                    "name": str(job["name"]),
                    "identifier": job.get("identifier"),
                    "steps": [self._step_definition(step) for step in job["steps"]],
                }
                for job in entry["jobs"]
            ],
        }
        if stage["entry"] not in ENTRIES:
            raise self.check.error(f"{what} stage {stage['name']!r}", "has an entry other than auto or manual")
        if stage["entry"] == "manual":
            stage["entry_name"] = str(entry.get("entry_name", f"{stage['name']} entry"))
        elif "entry_name" in entry:
            raise self.check.error(
                f"{what} stage {stage['name']!r}", "has an entry_name, but only a manual entry has one"
            )
        return stage

    def _identify(self, elements: list[dict], prefix: str, what: str) -> None:
        """Give each stage (or each job of the pipeline) its identifier: the seed's, unique, else derived from its name."""
        given = [element["identifier"] for element in elements if element["identifier"] is not None]
        for identifier in given:
            if not isinstance(identifier, str) or not IDENTIFIER.match(identifier):
                raise self.check.error(what, f"identifier {identifier!r} is not {IDENTIFIER_SHAPE}")
        if len(set(given)) != len(given):
            raise self.check.error(what, "identifiers are not unique in the pipeline")
        taken = set(given)
        for element in elements:
            if element["identifier"] is not None:
                continue
            base = prefix + re.sub(r"[^0-9A-Za-z_]", "_", element["name"])[:48]
            identifier, number = base, 2
            while identifier in taken:
                identifier, number = f"{base}_{number}", number + 1
            element["identifier"] = identifier
            taken.add(identifier)

    def _concurrency(self, entry: object, what: str) -> dict:
        """concurrency_control: {enable bool, concurrency_number >= 1, exceed_action QUEUE|ABORT}, each optional."""
        control = {
            **DEFAULT_CONCURRENCY,
            **self.check.fields(entry or {}, DEFAULT_CONCURRENCY, f"{what} concurrency_control"),
        }
        number = control["concurrency_number"]
        if (
            not isinstance(control["enable"], bool)
            or isinstance(number, bool)
            or not isinstance(number, int)
            or number < 1
            or control["exceed_action"] not in EXCEED_ACTIONS
        ):
            raise self.check.error(
                what,
                "has a malformed concurrency_control: {enable: true|false, concurrency_number: an integer >= 1, "
                "exceed_action: QUEUE|ABORT}",
            )
        return control

    def _check_queue(self, pipeline: dict) -> None:
        """A queued run needs a reason to wait: the pipeline's concurrency_control on (QUEUE) and its slots all taken."""
        runs = [run for run in self.runs.values() if run["pipeline_id"] == pipeline["id"]]
        queued = [run["id"] for run in runs if run["queue"] is not None]
        if not queued:
            return
        control = pipeline["concurrency_control"]
        if not control["enable"] or control["exceed_action"] != "QUEUE":
            raise self.check.error(
                f"run {queued[0]}",
                "is queued, but its pipeline's concurrency_control is not {enable: true, exceed_action: QUEUE}",
            )
        if under_way(runs) < control["concurrency_number"]:
            raise self.check.error(
                f"run {queued[0]}",
                f"is queued, but only {under_way(runs)} run(s) of its pipeline are under way and its "
                f"concurrency_number is {control['concurrency_number']}: a run queues only when every slot is taken",
            )

    def _sources(self, entries: object, pipeline: dict, what: str) -> list[dict]:
        """The pipeline's code sources. [MODEL] Without ``sources`` a pipeline has one CodeHub repository named after it,
        default branch master; ``sources: []`` gives none."""
        if entries is None:
            entries = [
                {
                    "alias": pipeline["name"],
                    "git_type": "codehub",
                    "git_url": f"https://codehub.example.com/{pipeline['project_id']}/{pipeline['name']}.git",
                    "default_branch": "master",
                }
            ]
        if not isinstance(entries, list):
            raise self.check.error(what, "has sources that are not a list")
        sources = []
        for entry in entries:
            params = self.check.fields(entry, SOURCE_FIELDS, f"{what} source")
            if not str(params.get("git_url", "")).startswith("https://"):
                raise self.check.error(what, "has a source without an https:// git_url")
            sources.append({"type": "code", "params": {key: str(value) for key, value in params.items()}})
        return sources

    def _variables(self, entries: object, what: str) -> list[dict]:
        """The pipeline's custom variables: {name, value, is_runtime (default true), is_secret, description}."""
        if not isinstance(entries or [], list):
            raise self.check.error(what, "has variables that are not a list")
        variables = []
        for entry in entries or []:
            fields = self.check.fields(entry, VARIABLE_FIELDS, f"{what} variable")
            if not fields.get("name"):
                raise self.check.error(what, "has a variable without a name")
            variables.append(
                {
                    "name": str(fields["name"]),
                    "value": str(fields.get("value", "")),
                    "is_runtime": bool(fields.get("is_runtime", True)),
                    "is_secret": bool(fields.get("is_secret", False)),
                    "description": str(fields.get("description", "")),
                }
            )
        return variables

    def _step_definition(self, entry: dict) -> dict:
        what = f"step {entry.get('name')!r}" if isinstance(entry, dict) else "step"
        step = {
            "duration": None,
            "timeout": None,
            "timeout_strategy": "reject",
            "delay": None,
            **self.check.fields(entry, STEP_FIELDS, what),
        }
        step["name"], step["task"] = str(step["name"]), str(step["task"])
        if step["timeout_strategy"] not in ("reject", "pass"):
            raise self.check.error(what, "has a timeout_strategy other than reject or pass")
        if step["timeout"] is not None and step["task"] != REVIEW_TASK:
            raise self.check.error(what, f"has a timeout, but only a manual review ({REVIEW_TASK}) has one")
        if (step["delay"] is not None) != (step["task"] == DELAY_TASK):
            raise self.check.error(what, f"needs a delay if and only if it is a delay step ({DELAY_TASK})")
        if step["duration"] is not None and step["task"] in (DELAY_TASK, SUSPEND_TASK):
            raise self.check.error(
                what, "has a duration, but a delay step waits its `delay` and a suspend step until it is resumed"
            )
        for key in ("duration", "timeout", "delay"):
            if step[key] is not None:
                step[key] = self.check.seconds(step[key], f"{key} of step {step['name']!r}")
        return step

    def _add_run(self, pipeline: dict, entry: dict) -> None:
        """A run as the seed describes it: replayed from its start, so that its last event happens `waited`/`ended_ago` before the load."""
        what = f"run {entry.get('id')!r}" if isinstance(entry, dict) else "run"
        self.check.fields(entry, RUN_FIELDS, what)
        self.check.ids(entry, what, "id")
        self.check.new("run id", entry["id"])
        what = f"run {entry['id']}"
        if entry.get("queued"):
            self._add_queued_run(pipeline, entry, what)
            return
        end = entry.get("end")
        steps = self._places(pipeline)
        # A running run is at its first step unless `at` says otherwise; an ended one needs `at` unless it completed.
        target = entry.get("at", next(iter(steps)) if end is None else None)
        if end is not None and end not in SEED_ENDS:
            raise self.check.error(what, f"has an unknown end: end is one of {', '.join(SEED_ENDS)}")
        if (target is None) != (end == "completed") or (target is not None and target not in steps):
            raise self.check.error(
                what, "needs an `at` that names a step (or a stage entry) of the pipeline, unless the run completed"
            )
        task = steps[target]["task"] if target is not None else None
        if (
            (end == "refused" and task not in REFUSABLE)
            or (end == "timed_out" and task != REVIEW_TASK)
            or (end == "failed" and task in HOLD_TASKS)
        ):
            raise self.check.error(
                what,
                "ends wrongly: only a manual review, a stage entry or a delay step is refused, only a manual review "
                "times out, and only another step fails",
            )
        if "remaining" in entry and (end is not None or task in WAITING_TASKS):
            raise self.check.error(
                what,
                "has `remaining`, which is for a run still running, at a step that takes time (not a manual review, a "
                "stage entry or a suspend step)",
            )
        if ("waited" in entry and end is not None) or ("ended_ago" in entry and end is None):
            raise self.check.error(
                what, "has `waited` (a run still at its `at` step) or `ended_ago` (an ended run) the wrong way round"
            )
        self._check_log(entry, what, target, end)
        ago = self.check.seconds(
            entry.get("waited", entry.get("ended_ago", 0)), "waited" if "waited" in entry else "ended_ago"
        )
        try:
            params = build_params(entry.get("build_params"))
        except (KeyError, TypeError, AttributeError) as exc:
            raise self.check.error(what, "has build_params that are not a list of {name, value}") from exc
        _run, finished = self._replay(pipeline, entry, target, params, Moment(0.0, 0))
        start = Moment(self.now.v - finished.v - ago, self.now.ms - finished.ms - round(ago * 1000))
        run, _finished = self._replay(pipeline, entry, target, params, start)
        if end is not None and run["status"] in UNDER_WAY:
            raise self.check.error(what, f"has an end {end!r} that leaves the run running")
        if end is None:
            step = find_step(run, target)[2]
            if "remaining" in entry:
                step["due"] = self.now.v + self.check.seconds(entry["remaining"], "remaining")
            elif step["due"] is not None and ago and step["due"] <= self.now.v:
                verb = {REVIEW_TASK: "timed out", DELAY_TASK: "ended its delay"}.get(step["task"], "finished")
                raise self.check.error(
                    what,
                    f"would have {verb} at {target} before the load, having waited {ago:g} s: give `remaining` or wait less",
                )
        if "log" in entry:
            find_step(run, target)[2]["log"] = [str(line) for line in entry["log"]]
        self.runs[run["id"]] = run

    def _check_log(self, entry: dict, what: str, target: Optional[str], end: Optional[str]) -> None:
        """`log` (the lines its `at` step printed, for ShowPipelineLog) needs an `at`; `message` (why that step failed)
        only an `end: failed`."""
        if "log" in entry and (
            target is None
            or not isinstance(entry["log"], list)
            or not all(isinstance(line, str) for line in entry["log"])
        ):
            raise self.check.error(what, "has a log, which is a list of the lines its `at` step printed")
        if "message" in entry and (end != "failed" or not isinstance(entry["message"], str) or not entry["message"]):
            raise self.check.error(what, "has a message, which says why its `at` step failed (with end: failed)")

    @staticmethod
    def _places(pipeline: dict) -> dict[str, dict]:
        """What a seeded run's `at` may name, in the order a run reaches them: each stage's manual entry (its name, task
        manualTrigger), then its steps."""
        places: dict[str, dict] = {}
        for stage in pipeline["stages"]:
            if stage["entry"] == "manual":
                places[stage["entry_name"]] = {"name": stage["entry_name"], "task": ENTRY_TASK}
            places.update((step["name"], step) for job in stage["jobs"] for step in job["steps"])
        return places

    def _add_queued_run(self, pipeline: dict, entry: dict, what: str) -> None:
        """A run waiting in the queue since `waited` seconds before the load; its record's id is given once all are read."""
        if entry["queued"] is not True:
            raise self.check.error(what, f"has queued {entry['queued']!r}: queued is true or absent")
        if set(entry) - QUEUED_RUN_FIELDS:
            raise self.check.error(
                what,
                f"is queued (it never started), so it cannot have {', '.join(sorted(set(entry) - QUEUED_RUN_FIELDS))}",
            )
        try:
            params = build_params(entry.get("build_params"))
        except (KeyError, TypeError, AttributeError) as exc:
            raise self.check.error(what, "has build_params that are not a list of {name, value}") from exc
        executor = str(entry.get("executor", self.state.default_user or ""))
        number = 1 + sum(run["pipeline_id"] == pipeline["id"] for run in self.runs.values())
        run = new_run(pipeline, entry["id"], number, executor, params, str(entry.get("trigger_type", "Manual")))
        entered = self.now.ms - round(self.check.seconds(entry.get("waited", 0), "waited") * 1000)
        hold(run, queue_record(0, run, self.state.region_of(None), user_id(self.state, executor), entered))
        self.runs[run["id"]] = run

    def _replay(
        self, pipeline: dict, entry: dict, target: Optional[str], params: list[dict], start: Moment
    ) -> tuple[dict, Moment]:
        """Run a seeded run from `start` until its `target` step is reached, then apply its `end`; returns it and its last moment."""
        executor = str(entry.get("executor", self.state.default_user or ""))
        number = 1 + sum(run["pipeline_id"] == pipeline["id"] for run in self.runs.values())
        run = new_run(pipeline, entry["id"], number, executor, params, str(entry.get("trigger_type", "Manual")))
        end, at = entry.get("end"), start
        start_stage(run, pipeline, 0, at)
        while run["status"] in UNDER_WAY and not (target and find_step(run, target)[2]["status"] == "RUNNING"):
            held = [*waiting_entries(run), *(found for found in active_steps(run) if found[2]["task"] in WAITING_TASKS)]
            if held:  # reviews and stage entries on the way were approved at once, suspend steps resumed
                self._let_through(run, pipeline, held[0], at, executor)
                continue
            event = next_event(run, pipeline)
            at = at.later(event.due - at.v)
            event.fire(at)
        if end in (None, "completed"):
            return run, at
        found = find_step(run, target)
        step = found[2]
        if end == "refused" and step["task"] == ENTRY_TASK:
            confirm_entry(run, pipeline, found, at, executor, accept=False)
        elif end == "refused" and step["task"] == DELAY_TASK:
            refuse_delay(run, pipeline, found, at, executor)
        elif end == "refused":
            decide(run, pipeline, found, False, at, executor, None)
        elif (
            end == "timed_out" and step["timeout"] is not None
        ):  # without a timeout the run stays running: _add_run refuses that
            at = at.later(step["timeout"])
            time_out(run, pipeline, found, at)
        elif end == "failed":
            at = at.later(step["due"] - at.v)
            fail(run, found[1], step, at, entry.get("message") or f"Step {step['name']} failed.")
        elif end == "canceled":
            request_stop(run, pipeline, at, executor)
            at = at.later(pipeline["stop_delay"])
            cancel(run, at)
        return run, at

    @staticmethod
    def _let_through(run: dict, pipeline: dict, found: tuple, at: Moment, executor: str) -> None:
        """A hold on a seeded run's way to its `at`: a review or a stage entry approved at once, a suspend step resumed."""
        task = found[2]["task"]
        if task == REVIEW_TASK:
            decide(run, pipeline, found, True, at, executor, None)
        elif task == ENTRY_TASK:
            confirm_entry(run, pipeline, found, at, executor, accept=True)
        else:
            resume(run, pipeline, found, at, executor)
