# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""CodeArts Pipeline: pipelines whose runs move through stages, jobs and steps, wait at manual reviews and stop.

A pipeline's stages run one after another, the jobs of a stage in parallel and the steps of a job in
order. Runs move on with the emulator's clock at `speed` pipeline seconds per emulator second (0
freezes them), or one event at a time through the admin action `step`. Field names and types follow
the official SDK's models (ShowPipleineStatusResponse with its typo, PipelineStateStatus,
ShowPipelineRunDetailResponse, StageRun, JobRun, StepRun); the behaviours the documentation leaves
open follow the [MODEL] table of the collection's API reference (see README).
"""

from __future__ import annotations

import copy
import hashlib
import re
import uuid
from datetime import datetime, timezone
from functools import partial
from typing import Any, Callable, NamedTuple, Optional

from ..api import ApiError, Reply, Request, Route, Service

ID_PATTERN = re.compile(r'^[0-9a-z]{32}$')
REVIEW_TASK = 'official_devcloud_checkpoint'
DEFAULT_STEP_DURATION = 2.0
DEFAULT_STOP_DELAY = 2.0
PIPELINE_FIELDS = {'id', 'name', 'project_id', 'stages', 'step_duration', 'stop_delay', 'runs'}
STEP_FIELDS = {'name', 'task', 'duration', 'timeout', 'timeout_strategy'}
RUN_FIELDS = {'id', 'at', 'end', 'remaining', 'executor', 'build_params', 'trigger_type'}
# How a seeded run ended at its `at` step; no `end` means it is still running there.
SEED_ENDS = ('completed', 'failed', 'refused', 'timed_out', 'canceled')
# v5 status -> v3 (status, outcome); a run, stage or job waiting for a review reads `verifying`.
V3_STATUS = {'INIT': ('waiting', None), 'RUNNING': ('running', None), 'PAUSED': ('verifying', None),
             'COMPLETED': ('completed', 'success'), 'FAILED': ('completed', 'error'), 'CANCELED': ('completed', 'aborted')}
ACTIVE = ('RUNNING', 'PAUSED')


class Moment(NamedTuple):
    """A point in time: `v` in pipeline seconds (what durations count), `ms` on the emulator's clock (what is shown)."""

    v: float
    ms: int

    def later(self, seconds: float) -> Moment:
        """`seconds` of pipeline time later, as if they passed at speed 1 (seeded history)."""
        return Moment(self.v + seconds, self.ms + round(seconds * 1000))


class Event(NamedTuple):
    """What a run does next, and when (pipeline seconds)."""

    due: float
    fire: Callable[[Moment], None]


def _pipeline_missing(pipeline_id: str) -> ApiError:
    return ApiError(404, 'DEVPIPE.00011401', f'The pipeline {pipeline_id} does not exist.')


def _run_missing(what: str) -> ApiError:
    return ApiError(404, 'DEVPIPE.00011404', f'{what} does not exist.')


def _invalid_param(detail: str) -> ApiError:
    return ApiError(400, 'DEVPIPE.00011001', f'Invalid parameter: {detail}')


def _v3_time(ms: Optional[int]) -> Optional[str]:
    """v3's time format, e.g. 2026-11-22 10:00:00 (UTC)."""
    return None if ms is None else datetime.fromtimestamp(ms / 1000, timezone.utc).strftime('%Y-%m-%d %H:%M:%S')


def _element_id(run_id: str, *position: int) -> str:
    """A stable 32-hex id for a stage, job or step of a run."""
    return hashlib.sha256('/'.join((run_id, *map(str, position))).encode()).hexdigest()[:32]


def _checked(entry: dict, allowed: set[str], what: str) -> dict:
    unknown = set(entry) - allowed
    if unknown:
        raise ValueError(f"pipeline seed: {what} has unknown fields {', '.join(sorted(unknown))}")
    return entry


def _seconds(value: Any, what: str) -> float:
    try:
        seconds = float(value)
    except (TypeError, ValueError) as exc:
        raise ValueError(f'pipeline: {what} is a number of seconds, not {value!r}') from exc
    if seconds < 0:
        raise ValueError(f'pipeline: {what} must not be negative')
    return seconds


def _build_params(raw: Any) -> list[dict]:
    """`build_params` as [{name, value}] strings; KeyError, TypeError or AttributeError when malformed."""
    return [{'name': str(param['name']), 'value': str(param['value'])} for param in raw or []]


def _who(request: Request) -> str:
    """The IAM user behind a request."""
    return (request.caller.user_name if request.caller else None) or ''


class PipelineService(Service):
    """Pipelines by id, each in one CodeArts project, and their runs by id (the v3 build_id is the v5 pipeline_run_id)."""

    name = 'pipeline'

    def load(self, seed: dict) -> None:
        self.speed = _seconds(seed.get('speed', 1.0), 'speed')
        # Pipeline time `v` at emulator time `real`; _sync() moves both forward.
        self.v = 0.0
        self.real = self.state.clock.now()
        self.pipelines: dict[str, dict] = {}
        self.runs: dict[str, dict] = {}
        for entry in seed.get('pipelines') or []:
            self._add_pipeline(entry)

    # Seed

    def _add_pipeline(self, entry: dict) -> None:
        _checked(entry, PIPELINE_FIELDS, f"pipeline {entry.get('name')!r}")
        for key in ('id', 'project_id'):
            if not ID_PATTERN.match(str(entry.get(key, ''))):
                raise ValueError(f"pipeline seed: pipeline {entry.get('name')!r} needs a {key} of 32 characters [0-9a-z]")
        if entry['id'] in self.pipelines:
            raise ValueError(f"pipeline seed: pipeline id {entry['id']} appears twice")
        try:
            stages = [{'name': str(stage['name']),
                       'jobs': [{'name': str(job['name']), 'steps': [self._step_definition(step) for step in job['steps']]}
                                for job in stage['jobs']]}
                      for stage in entry['stages']]
        except (KeyError, TypeError) as exc:
            raise ValueError(f"pipeline seed: {entry['id']}: stages need {{name, jobs: [{{name, steps: [{{name, task}}]}}]}}") from exc
        names = [step['name'] for stage in stages for job in stage['jobs'] for step in job['steps']]
        if not names or not all(stage['jobs'] and all(job['steps'] for job in stage['jobs']) for stage in stages) or len(set(names)) != len(names):
            raise ValueError(f"pipeline seed: {entry['id']} needs jobs in every stage and steps in every job, step names unique in the pipeline")
        pipeline = {'id': entry['id'], 'name': str(entry.get('name', entry['id'])), 'project_id': entry['project_id'],
                    'step_duration': _seconds(entry.get('step_duration', DEFAULT_STEP_DURATION), 'step_duration'),
                    'stop_delay': _seconds(entry.get('stop_delay', DEFAULT_STOP_DELAY), 'stop_delay'), 'stages': stages}
        self.pipelines[pipeline['id']] = pipeline
        now = Moment(self.v, self.state.clock.now_ms())
        for run_entry in entry.get('runs') or []:
            self._seed_run(pipeline, _checked(run_entry, RUN_FIELDS, f"run {run_entry.get('id')!r}"), now)

    @staticmethod
    def _step_definition(entry: dict) -> dict:
        step = {'duration': None, 'timeout': None, 'timeout_strategy': 'reject', **_checked(entry, STEP_FIELDS, f"step {entry.get('name')!r}")}
        step['name'], step['task'] = str(step['name']), str(step['task'])
        if step['timeout_strategy'] not in ('reject', 'pass'):
            raise ValueError(f"pipeline seed: step {step['name']!r}: timeout_strategy is reject or pass")
        if step['timeout'] is not None and step['task'] != REVIEW_TASK:
            raise ValueError(f"pipeline seed: step {step['name']!r}: only a manual review ({REVIEW_TASK}) has a timeout")
        for key in ('duration', 'timeout'):
            if step[key] is not None:
                step[key] = _seconds(step[key], f"{key} of step {step['name']!r}")
        return step

    def _seed_run(self, pipeline: dict, entry: dict, now: Moment) -> None:
        """A run as the seed describes it: replayed from its start, so that its last event happens at load time."""
        if not ID_PATTERN.match(str(entry.get('id', ''))) or entry['id'] in self.runs:
            raise ValueError(f"pipeline seed: run {entry.get('id')!r} needs a new id of 32 characters [0-9a-z]")
        where = f"pipeline seed: run {entry['id']}"
        end = entry.get('end')
        steps = {step['name']: step for stage in pipeline['stages'] for job in stage['jobs'] for step in job['steps']}
        # A running run is at its first step unless `at` says otherwise; an ended one needs `at` unless it completed.
        target = entry.get('at', next(iter(steps)) if end is None else None)
        if end is not None and end not in SEED_ENDS:
            raise ValueError(f"{where}: end is one of {', '.join(SEED_ENDS)}")
        if (target is None) != (end == 'completed') or (target is not None and target not in steps):
            raise ValueError(f"{where}: `at` names a step of the pipeline, unless the run completed")
        if end in ('refused', 'timed_out', 'failed') and (end != 'failed') != (steps[target]['task'] == REVIEW_TASK):
            raise ValueError(f"{where}: only a manual review is refused or times out, and only another step fails")
        if 'remaining' in entry and (end is not None or steps[target]['task'] == REVIEW_TASK):
            raise ValueError(f"{where}: `remaining` is for a run still running, at a step that is not a manual review")
        try:
            build_params = _build_params(entry.get('build_params'))
        except (KeyError, TypeError, AttributeError) as exc:
            raise ValueError(f"{where}: build_params is a list of {{name, value}}") from exc
        _run, finished = self._replay(pipeline, entry, target, build_params, Moment(0.0, 0))
        run, _finished = self._replay(pipeline, entry, target, build_params, Moment(now.v - finished.v, now.ms - finished.ms))
        if end is not None and run['status'] == 'RUNNING':
            raise ValueError(f"{where}: end {end!r} leaves the run running")
        if 'remaining' in entry:
            self._find_step(run, target)[2]['due'] = now.v + _seconds(entry['remaining'], 'remaining')
        self.runs[run['id']] = run

    def _replay(self, pipeline: dict, entry: dict, target: Optional[str], build_params: list[dict], start: Moment) -> tuple[dict, Moment]:
        """Run a seeded run from `start` until its `target` step is reached, then apply its `end`; returns it and its last moment."""
        executor = str(entry.get('executor', self.state.default_user or ''))
        run = self._new_run(pipeline, entry['id'], executor, build_params, str(entry.get('trigger_type', 'Manual')))
        end, at = entry.get('end'), start
        self._start_stage(run, 0, at)
        while run['status'] == 'RUNNING' and not (target and self._find_step(run, target)[2]['status'] == 'RUNNING'):
            waiting = next((found for found in self._active_steps(run) if found[2]['task'] == REVIEW_TASK), None)
            if waiting is not None:  # reviews on the way were approved at once
                self._decide(run, *waiting, True, at, executor, None)
                continue
            event = self._next_event(run)
            at = at.later(event.due - at.v)
            event.fire(at)
        if end in (None, 'completed'):
            return run, at
        stage, job, step = self._find_step(run, target)
        if end == 'refused':
            self._decide(run, stage, job, step, False, at, executor, None)
        elif end == 'timed_out' and step['timeout'] is not None:  # without a timeout the run stays running: _seed_run refuses that
            at = at.later(step['timeout'])
            self._timeout(run, stage, job, step, at)
        elif end == 'failed':
            at = at.later(step['due'] - at.v)
            self._fail(run, job, step, at, f"Step {step['name']} failed.")
        elif end == 'canceled':
            self._request_stop(run, pipeline, at, executor)
            at = at.later(pipeline['stop_delay'])
            self._cancel(run, at)
        return run, at

    # Runs: creation and progress

    def _new_run(self, pipeline: dict, run_id: str, executor: str, build_params: list, trigger_type: str) -> dict:
        number = 1 + max((run['run_number'] for run in self.runs.values() if run['pipeline_id'] == pipeline['id']), default=0)
        stages = [{
            'id': _element_id(run_id, s), 'name': stage['name'], 'status': 'INIT', 'start_time': None, 'end_time': None,
            'jobs': [{
                'id': _element_id(run_id, s, j), 'name': job['name'], 'status': 'INIT', 'message': '', 'start_time': None, 'end_time': None,
                'steps': [{'id': _element_id(run_id, s, j, k), 'status': 'INIT', 'message': '', 'start_time': None, 'end_time': None,
                           'due': None, 'review': None, **step} for k, step in enumerate(job['steps'])],
            } for j, job in enumerate(stage['jobs'])],
        } for s, stage in enumerate(pipeline['stages'])]
        return {'id': run_id, 'pipeline_id': pipeline['id'], 'run_number': number, 'executor': executor, 'trigger_type': trigger_type,
                'build_params': build_params, 'status': 'RUNNING', 'start_time': None, 'end_time': None, 'stop': None, 'stages': stages}

    def _start_stage(self, run: dict, index: int, at: Moment) -> None:
        if index == len(run['stages']):
            run.update(status='COMPLETED', end_time=at.ms)
            return
        if index == 0:
            run['start_time'] = at.ms
        stage = run['stages'][index]
        stage.update(status='RUNNING', start_time=at.ms)
        for job in stage['jobs']:
            job['start_time'] = at.ms
            self._start_step(run, job, job['steps'][0], at)

    def _start_step(self, run: dict, job: dict, step: dict, at: Moment) -> None:
        """A build-like step runs for its duration; [MODEL] a manual review pauses its job until decided (or timed out)."""
        step.update(status='RUNNING', start_time=at.ms)
        if step['task'] == REVIEW_TASK:
            job['status'] = 'PAUSED'
            step['due'] = None if step['timeout'] is None else at.v + step['timeout']
        else:
            job['status'] = 'RUNNING'
            duration = step['duration'] if step['duration'] is not None else self.pipelines[run['pipeline_id']]['step_duration']
            step['due'] = at.v + duration

    def _complete(self, run: dict, stage: dict, job: dict, step: dict, at: Moment, message: str = '') -> None:
        step.update(status='COMPLETED', end_time=at.ms, due=None, message=message)
        following = job['steps'].index(step) + 1
        if following < len(job['steps']):
            self._start_step(run, job, job['steps'][following], at)
            return
        job.update(status='COMPLETED', end_time=at.ms)
        if all(other['status'] == 'COMPLETED' for other in stage['jobs']):
            stage.update(status='COMPLETED', end_time=at.ms)
            self._start_stage(run, run['stages'].index(stage) + 1, at)

    def _fail(self, run: dict, job: dict, step: dict, at: Moment, message: str) -> None:
        """[MODEL] A failed step fails its job, stage and run; the stage's other jobs are canceled."""
        step.update(status='FAILED', end_time=at.ms, due=None, message=message)
        job.update(status='FAILED', end_time=at.ms, message=message)
        self._halt(run, 'FAILED', at)

    def _cancel(self, run: dict, at: Moment) -> None:
        """The end of a stop: [MODEL] whatever still runs or waits for a review is canceled."""
        self._halt(run, 'CANCELED', at)

    @staticmethod
    def _halt(run: dict, status: str, at: Moment) -> None:
        for stage in run['stages']:
            for job in stage['jobs']:
                for step in job['steps']:
                    if step['status'] == 'RUNNING':
                        step.update(status='CANCELED', end_time=at.ms, due=None)
                if job['status'] in ACTIVE:
                    job.update(status='CANCELED', end_time=at.ms)
            if stage['status'] == 'RUNNING':
                stage.update(status=status, end_time=at.ms)
        run.update(status=status, end_time=at.ms)

    def _timeout(self, run: dict, stage: dict, job: dict, step: dict, at: Moment) -> None:
        """A review's timeout: [MODEL] timeout_strategy reject fails it, pass approves it; either way with a message."""
        verdict = 'rejected' if step['timeout_strategy'] == 'reject' else 'approved'
        message = f"The manual review timed out after {step['timeout']:g} s and was {verdict} (timeout_strategy: {step['timeout_strategy']})."
        step['review'] = {'decision': verdict, 'approval_description': None, 'by': None, 'time': at.ms, 'timed_out': True}
        if verdict == 'rejected':
            self._fail(run, job, step, at, message)
        else:
            self._complete(run, stage, job, step, at, message)

    def _decide(self, run: dict, stage: dict, job: dict, step: dict, approve: bool, at: Moment, by: str, description: Optional[str]) -> None:
        """[MODEL] Approving completes the review step and the run goes on; refusing fails it, its job and the run."""
        step['review'] = {'decision': 'approved' if approve else 'rejected', 'approval_description': description, 'by': by,
                          'time': at.ms, 'timed_out': False}
        if approve:
            self._complete(run, stage, job, step, at)
        else:
            self._fail(run, job, step, at, '')

    def _request_stop(self, run: dict, pipeline: dict, at: Moment, by: str) -> None:
        run['stop'] = {'requested_time': at.ms, 'due': at.v + pipeline['stop_delay'], 'by': by}

    @staticmethod
    def _active_steps(run: dict) -> list[tuple[dict, dict, dict]]:
        return [(stage, job, step) for stage in run['stages'] for job in stage['jobs'] for step in job['steps'] if step['status'] == 'RUNNING']

    @staticmethod
    def _find_step(run: dict, name: str) -> tuple[dict, dict, dict]:
        return next((stage, job, step) for stage in run['stages'] for job in stage['jobs'] for step in job['steps'] if step['name'] == name)

    def _next_event(self, run: dict) -> Optional[Event]:
        """The run's next event: the end of a pending stop (a stopping run does nothing else), else the first step to finish or time out."""
        if run['status'] != 'RUNNING':
            return None
        if run['stop'] is not None:
            return Event(run['stop']['due'], partial(self._cancel, run))
        timed = [found for found in self._active_steps(run) if found[2]['due'] is not None]
        if not timed:
            return None
        stage, job, step = min(timed, key=lambda found: found[2]['due'])
        action = self._timeout if step['task'] == REVIEW_TASK else self._complete
        return Event(step['due'], partial(action, run, stage, job, step))

    def _sync(self) -> Moment:
        """Bring every run up to the emulator's clock; returns now."""
        now = self.state.clock.now()
        target = self.v + (now - self.real) * self.speed
        for run in self.runs.values():
            while (event := self._next_event(run)) is not None and event.due <= target:
                # Between two syncs the speed is constant, so an event's clock time follows from its pipeline time.
                ahead = max(event.due - self.v, 0.0)
                event.fire(Moment(event.due, int((self.real + (ahead / self.speed if ahead else 0.0)) * 1000)))
        self.v, self.real = target, now
        return Moment(target, int(now * 1000))

    # Look-ups

    def _pipeline(self, pipeline_id: str, project_id: Optional[str] = None) -> dict:
        pipeline = self.pipelines.get(pipeline_id)
        if pipeline is None:
            raise _pipeline_missing(pipeline_id)
        if project_id is not None and pipeline['project_id'] != project_id:
            # [MODEL] a v5 path whose project does not hold the pipeline: the code seen live for a project the caller cannot see.
            raise ApiError(404, 'DEVPIPE.00011412', f'The pipeline {pipeline_id} is not in the project {project_id}, or the project is not visible.')
        return pipeline

    def _run(self, pipeline: dict, run_id: Optional[str]) -> dict:
        """A run of `pipeline` by id, or its latest run (the highest run_number) when no id is given."""
        runs = [run for run in self.runs.values() if run['pipeline_id'] == pipeline['id']]
        if not run_id:
            if not runs:
                raise _run_missing(f"A run of the pipeline {pipeline['id']}")
            return max(runs, key=lambda run: run['run_number'])
        run = self.runs.get(run_id)
        if run is None or run['pipeline_id'] != pipeline['id']:
            raise _run_missing(f"The run {run_id} of the pipeline {pipeline['id']}")
        return run

    # Routes

    def routes(self) -> list[Route]:
        v5_run = '/v5/{project_id}/api/pipelines/{pipeline_id}/pipeline-runs'
        v5_step = v5_run + '/{pipeline_run_id}/jobs/{job_run_id}/steps/{step_run_id}'
        return [
            Route('POST', '/v3/pipelines/{pipeline_id}/start', 'StartNewPipeline', self.start),
            Route('GET', '/v3/pipelines/{pipeline_id}/status', 'ShowPipleineStatus', self.show_status),
            Route('POST', '/v3/pipelines/{pipeline_id}/stop', 'StopPipelineNew', self.stop_v3),
            Route('GET', v5_run + '/detail', 'ShowPipelineRunDetail', self.show_detail),
            Route('POST', v5_step + '/refuse', 'RejectManualReview', partial(self.decide, approve=False)),
            Route('POST', v5_step + '/pass', 'AcceptManualReview', partial(self.decide, approve=True)),
            Route('POST', v5_run + '/{pipeline_run_id}/stop', 'StopPipelineRun', self.stop_v5),
        ]

    def snapshot(self) -> dict:
        self._sync()
        return {'speed': self.speed, 'pipelines': copy.deepcopy(list(self.pipelines.values())),
                'runs': copy.deepcopy(list(self.runs.values()))}

    def admin_actions(self) -> dict[str, Callable[[Any], Any]]:
        """POST /_emulator/pipeline/step and /_emulator/pipeline/configure (see README)."""
        return {'step': self.admin_step, 'configure': self.admin_configure}

    def start(self, request: Request, pipeline_id: str) -> Reply:
        """StartNewPipeline: a new run, under way at once; its id is both the v3 build_id and the v5 pipeline_run_id."""
        now = self._sync()
        pipeline = self._pipeline(pipeline_id)
        try:
            build_params = _build_params((request.json() or {}).get('build_params'))
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise _invalid_param('the body is {"build_params": [{"name", "value"}]}') from exc
        run = self._new_run(pipeline, uuid.uuid4().hex, _who(request), build_params, 'Manual')
        self._start_stage(run, 0, now)
        self.runs[run['id']] = run
        return Reply(200, {'pipeline_id': pipeline['id'], 'build_id': run['id']})

    def show_status(self, request: Request, pipeline_id: str) -> Reply:
        """ShowPipleineStatus: a run in v3's words (the latest when build_id is omitted)."""
        now = self._sync()
        pipeline = self._pipeline(pipeline_id)
        run = self._run(pipeline, request.query.get('build_id'))
        return Reply(200, {
            'pipeline_id': pipeline['id'], 'pipeline_name': pipeline['name'], 'executor': run['executor'], 'build_id': run['id'],
            'start_time': _v3_time(run['start_time']), 'end_time': _v3_time(run['end_time']),
            'parameters': [dict(param) for param in run['build_params']],
            'states': [self._v3_state(stage, 'stage', now, [self._v3_state(job, 'task', now, []) for job in stage['jobs']])
                       for stage in run['stages']],
            **self._v3_progress(run, now), 'detail_url': self._detail_url(request, pipeline, run),
        })

    @staticmethod
    def _v3_progress(element: dict, now: Moment) -> dict:
        """status, outcome and elapsed_time of a run, stage or job: [MODEL] whatever waits for a review reads `verifying`."""
        status, outcome = V3_STATUS[element['status']]
        jobs = element['jobs'] if 'jobs' in element else [job for stage in element.get('stages', []) for job in stage['jobs']]
        if element['status'] == 'RUNNING' and any(job['status'] == 'PAUSED' for job in jobs):
            status = 'verifying'
        started = element['start_time']
        elapsed = None if started is None else str(((element['end_time'] or now.ms) - started) // 1000)
        return {'status': status, 'outcome': outcome, 'elapsed_time': elapsed}

    def _v3_state(self, element: dict, kind: str, now: Moment, children: list[dict]) -> dict:
        """PipelineStateStatus: a stage (`stage`) with its jobs (`task`)."""
        return {'id': element['id'], 'name': element['name'], 'type': kind, 'start_time': _v3_time(element['start_time']),
                'end_time': _v3_time(element['end_time']), **self._v3_progress(element, now),
                'error_code': None, 'error_msg': element.get('message') or None, 'children': children, 'detail_url': None}

    @staticmethod
    def _detail_url(request: Request, pipeline: dict, run: dict) -> str:
        return f"http://{request.headers.get('Host', 'localhost')}/cicd/project/{pipeline['project_id']}/pipeline/detail/{pipeline['id']}/{run['id']}"

    def stop_v3(self, request: Request, pipeline_id: str) -> Reply:
        """S3, StopPipelineNew: asynchronous, see _stop."""
        now = self._sync()
        pipeline = self._pipeline(pipeline_id)
        build_id = request.query.get('build_id')
        if not build_id:
            raise _invalid_param('build_id is required')
        self._stop(_who(request), pipeline, self._run(pipeline, build_id), now)
        return Reply(200, {'pipeline_id': pipeline['id'], 'pipeline_name': pipeline['name']})

    def stop_v5(self, request: Request, project_id: str, pipeline_id: str, pipeline_run_id: str) -> Reply:
        """StopPipelineRun: the v5 twin of S3."""
        now = self._sync()
        pipeline = self._pipeline(pipeline_id, project_id)
        self._stop(_who(request), pipeline, self._run(pipeline, pipeline_run_id), now)
        return Reply(200, {'success': True})

    def _stop(self, by: str, pipeline: dict, run: dict, now: Moment) -> None:
        """[MODEL] A stop lands after the pipeline's stop_delay; stopping a stopping run changes nothing, an ended run is 400."""
        if run['status'] != 'RUNNING':
            raise ApiError(400, 'DEVPIPE.00011301', f"The run {run['id']} has already ended ({run['status']}) and cannot be stopped.")
        if run['stop'] is None:
            self._request_stop(run, pipeline, now, by)

    def show_detail(self, request: Request, project_id: str, pipeline_id: str) -> Reply:
        """ShowPipelineRunDetail: by pipeline_run_id, else by pipeline_run_number, else the latest run."""
        now = self._sync()
        pipeline = self._pipeline(pipeline_id, project_id)
        run_id, number = request.query.get('pipeline_run_id'), request.query.get('pipeline_run_number')
        if not run_id and number:
            if not number.isdigit():
                raise _invalid_param('pipeline_run_number is a positive integer')
            run_id = next((run['id'] for run in self.runs.values() if run['pipeline_id'] == pipeline['id'] and run['run_number'] == int(number)),
                          None)
            if run_id is None:
                raise _run_missing(f"Run number {number} of the pipeline {pipeline['id']}")
        run = self._run(pipeline, run_id)
        return Reply(200, {
            'id': run['id'], 'pipeline_id': pipeline['id'], 'manifest_version': '3.0', 'name': pipeline['name'], 'description': '',
            'is_publish': False, 'executor_name': run['executor'], 'status': run['status'], 'trigger_type': run['trigger_type'],
            'run_number': run['run_number'], 'start_time': run['start_time'], 'end_time': run['end_time'],
            'stages': [self._v5_stage(stage, index) for index, stage in enumerate(run['stages'])],
            'project_id': pipeline['project_id'], 'language': 'en-us', 'sources': [], 'artifacts': [], 'subject_id': run['id'],
            'detail_url': self._detail_url(request, pipeline, run), 'current_system_time': now.ms,
        })

    @staticmethod
    def _v5_stage(stage: dict, index: int) -> dict:
        """StageRun with its JobRuns and StepRuns."""
        return {
            'id': stage['id'], 'name': stage['name'], 'identifier': f'stage_{index + 1}', 'sequence': index, 'run_always': False,
            'parallel': 'true' if len(stage['jobs']) > 1 else 'false', 'is_select': True, 'depends_on': [], 'status': stage['status'],
            'start_time': stage['start_time'], 'end_time': stage['end_time'], 'pre': [], 'post': [],
            'jobs': [{
                'id': job['id'], 'name': job['name'], 'identifier': f'job_{index + 1}_{sequence + 1}', 'sequence': sequence,
                'async': 'false', 'depends_on': [], 'is_select': True, 'status': job['status'], 'message': job['message'],
                'start_time': job['start_time'], 'end_time': job['end_time'],
                'steps': [{
                    'id': step['id'], 'name': step['name'], 'task': step['task'], 'business_type': 'Normal', 'inputs': [],
                    'sequence': number, 'identifier': f"step_{step['id'][:8]}", 'official_task_version': '0.0.1',
                    'multi_step_editable': 0, 'endpoint_ids': [], 'status': step['status'], 'message': step['message'],
                    'start_time': step['start_time'], 'end_time': step['end_time'],
                } for number, step in enumerate(job['steps'])],
            } for sequence, job in enumerate(stage['jobs'])],
        }

    def decide(self, request: Request, project_id: str, pipeline_id: str, pipeline_run_id: str, job_run_id: str, step_run_id: str,
               approve: bool) -> Reply:
        """S1 RejectManualReview and AcceptManualReview: only a review step that waits (RUNNING, its run not stopping) can be decided."""
        now = self._sync()
        pipeline = self._pipeline(pipeline_id, project_id)
        run = self._run(pipeline, pipeline_run_id)
        found = next(((stage, job, step) for stage in run['stages'] for job in stage['jobs'] if job['id'] == job_run_id
                      for step in job['steps'] if step['id'] == step_run_id), None)
        if found is None:
            raise _run_missing(f'The step {step_run_id} of the job {job_run_id} in the run {run["id"]}')
        step = found[2]
        if step['task'] != REVIEW_TASK or step['status'] != 'RUNNING' or run['stop'] is not None:
            # [MODEL] deciding a step that is not a waiting manual review is a 400.
            state = 'its run is being stopped' if run['stop'] is not None and step['status'] == 'RUNNING' else f"it is {step['status']}"
            raise ApiError(400, 'DEVPIPE.00011302', f"The step {step['name']} is not a manual review waiting for a decision: {state}.")
        self._decide(run, *found, approve, now, _who(request), request.query.get('approval_description'))
        return Reply(200, {'success': True})

    # Admin actions (the server answers 400 for the ValueError, KeyError and TypeError they raise)

    def admin_step(self, data: Any) -> dict:
        """Move runs on without moving the clock (see README); answers the number of events and each run's status.

        {"seconds": n} lets n pipeline seconds pass for every run, {"seconds": n, "pipeline_run_id": id} for one run;
        {"pipeline_run_id": id} alone makes that run's next event happen now.
        """
        now = self._sync()
        if not isinstance(data, dict) or not data or set(data) - {'seconds', 'pipeline_run_id'}:
            raise ValueError('step takes {"seconds"}, {"pipeline_run_id"} or both')
        runs = [self.runs[data['pipeline_run_id']]] if 'pipeline_run_id' in data else list(self.runs.values())
        if 'seconds' in data:
            seconds = _seconds(data['seconds'], 'seconds')
            events = sum(self._let_pass(run, seconds, now) for run in runs)
        else:
            event = self._next_event(runs[0])
            if event is not None:
                event.fire(now)
            events = int(event is not None)
        return {'events': events, 'runs': {run['id']: run['status'] for run in runs}}

    def _let_pass(self, run: dict, seconds: float, now: Moment) -> int:
        """`seconds` of the run's time pass at once: its due events happen now, what is still pending comes `seconds` closer."""
        events = 0
        while (event := self._next_event(run)) is not None and event.due <= now.v + seconds:
            # Fired at its own pipeline time, so what it starts is due when it would have been; shifted back below.
            event.fire(Moment(event.due, now.ms))
            events += 1
        for _stage, _job, step in self._active_steps(run):
            if step['due'] is not None:
                step['due'] -= seconds
        if run['status'] == 'RUNNING' and run['stop'] is not None:
            run['stop']['due'] -= seconds
        return events

    def admin_configure(self, data: Any) -> dict:
        """{"speed"} and/or {"pipeline_id", "step_duration", "stop_delay"}: for what starts from now on; answers the settings."""
        self._sync()
        keys = set(data) if isinstance(data, dict) else {'?'}
        if keys - {'speed', 'pipeline_id', 'step_duration', 'stop_delay'} or ('pipeline_id' in keys) != bool({'step_duration', 'stop_delay'} & keys):
            raise ValueError('configure takes speed, and/or pipeline_id with step_duration and/or stop_delay')
        if 'speed' in data:
            self.speed = _seconds(data['speed'], 'speed')
        if 'pipeline_id' in data:
            pipeline = self.pipelines[data['pipeline_id']]
            pipeline.update({key: _seconds(data[key], key) for key in ('step_duration', 'stop_delay') if key in data})
        return {'speed': self.speed, 'pipelines': {pipeline['id']: {key: pipeline[key] for key in ('step_duration', 'stop_delay')}
                                                   for pipeline in self.pipelines.values()}}
