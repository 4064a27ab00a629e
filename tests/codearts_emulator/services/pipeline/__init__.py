# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""CodeArts Pipeline: pipelines whose runs move through stages, jobs and steps, wait at manual reviews, stage entries,
delay and suspend steps, stop, queue behind a concurrency limit and are listed.

A pipeline's stages run one after another, the jobs of a stage in parallel and the steps of a job in
order. Runs move on with the emulator's clock at `speed` pipeline seconds per emulator second (0
freezes them), or one event at a time through the admin action `step`. Field names and types follow
the official SDK's models; the behaviours the documentation leaves open follow the [MODEL] table of
the collection's API reference (see README).

| Module | Job |
|---|---|
| `timeline.py` | Moment, Event and the pipeline clock (speed, sync) |
| `runs.py` | a run's life: creation, steps starting and finishing, stop |
| `reviews.py` | manual reviews: waiting, decided, timed out |
| `holds.py` | the other holds: a stage's manual entry, delay steps, suspend steps, and the actions on them (R8-R13) |
| `events.py` | what a run does next, and letting time pass for one run |
| `queueing.py` | concurrency_control: runs queued or refused, queue records, dequeueing |
| `run_body.py` | RunPipeline's body: sources, description, variables, chosen stages and jobs |
| `seeding.py` | the seed: pipeline definitions, seeded runs replayed, queued runs |
| `answers.py` | the API's errors and answer shapes (v3 status, v5 detail, the lists) |
| `logs.py` | a step's log: its lines, and the window of them ShowPipelineLog answers (../logs.py) |
| `listing.py` | the list calls' filters, order and paging (and the queue list's) |
| `service.py` | PipelineService: routes and admin actions |

[MODEL] choices of the list calls (ListPipelines, ListPipelineRuns): `offset` counts items (default 0),
`limit` 1..100 (default 10), else 400 DEVPIPE.00011001; `name` is a case-insensitive substring;
`status` matches a pipeline's latest run (ListPipelines) or the run (ListPipelineRuns), a run waiting
for a review reading RUNNING; `start_time`/`end_time` bound a run's start_time, inclusive, given as
epoch ms or "yyyy-MM-dd HH:mm:ss" UTC; `sort_key` create_time|name (default create_time) or
start_time|update_time (default start_time), `sort_dir` asc|desc (default desc); other body keys are
ignored. A pipeline never run has `latest_run: null`.
"""

from __future__ import annotations

from .service import PipelineService

__all__ = ["PipelineService"]
