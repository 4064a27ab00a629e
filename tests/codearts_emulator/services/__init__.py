# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The emulated services, one module (or package) each; adding one is a module here plus one entry in SERVICES.

- `iam`: the account, its users and regional projects; password tokens and the project look-up.
  Seed `iam: {domain: {id, name}, projects: [{id, name}], users: [{name, password, domain?, id?}]}`.
- `build`: CodeArts Build jobs and their builds: enable, disable, delete, run, stop, read, list, history, a build's
  log; the recycle bin (list, restore, delete, clear).
  Seed `build: {keep_time, jobs: [...]}`; a job: `id`, `job_name`, `project_id`, and optionally `disabled`,
  `disabled_ago`, `disable_reason`, `user_name`, `create_time`, `health_score`, `source_code`,
  `scm_type`, `trigger_type`, `build_time`, `build_duration`, `deleted_ago`, and either `builds: [{number,
  started_ago, duration | remaining, result, log?}]` or `last_build_no`, `last_build_status`,
  `last_build_time` | `last_build_ago`, `running`; or `generate: {count, prefix}` with common fields.
- `check`: CodeArts Check tasks and their checks: run, stop, progress, defect summary, list.
  Seed `check: {check_duration, stop_delay, tasks: [...]}`; a task: `task_id`, `task_name`,
  `project_id`, and optionally `git_url`, `git_branch`, `creator_id`, `check_duration`, `stop_delay`,
  `next_result`, `last_result`, `running` with `progress` or `started_ago`, `issues`, `code_lines`;
  or `generate`.
- `pipeline` (a package): CodeArts Pipeline pipelines and their runs: start (v3 and RunPipeline), stop, retry,
  status, detail, a step's log, reviews, lists, ban and unban, the concurrency queue (list, cancel). Seed
  `pipeline: {speed, pipelines: [...]}`; a pipeline: `id`, `name`, `project_id`,
  `stages: [{name, identifier?, jobs: [{name, identifier?, steps: [{name, task, duration?, timeout?, timeout_strategy?}]}]}]`,
  and optionally `description`, `created_ago`, `step_duration`, `stop_delay`, `banned`, `concurrency_control`,
  `runs: [{id, at?, end?, remaining?, waited?, ended_ago?, queued?, executor?, build_params?, trigger_type?, log?,
  message?}]`.

- `projectman`: CodeArts ProjectMan's project list and project read, per region, for the caller or the whole tenant.
  No section of its own: it reads the top-level `codearts_projects`, whose entries may add `region`,
  `project_type`, `archived`, `description`, `created_ago` and `members`, or be `generate: {count, prefix}`.

The top-level `codearts_projects: [{id, name, ...}]` (CodeArts projects: names for every service, the rest for
ProjectMan) and `credentials` are read by state.py; every section is checked by seed.py. README.md describes each field, its default and the
behaviour of every route.
"""

from __future__ import annotations

from .build import BuildService
from .check import CheckService
from .iam import IamService
from .pipeline import PipelineService
from .projectman import ProjectManService

SERVICES = (
    IamService,
    BuildService,
    CheckService,
    PipelineService,
    ProjectManService,
)
