# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""What the Pipeline API answers: its errors, and pipelines and runs in the shapes of the SDK's models.

v3: ShowPipleineStatusResponse (sic) with PipelineStateStatus; v5: ShowPipelineRunDetailResponse with
StageRun, JobRun, StepRun and RunPipelineSource; the lists: ListPipelinesPagePipelines, and
ListPipelinesPageLatestRun, which has the fields of ListPipelineRunsPagePipelineRuns; ShowPipelineDetail's
PipelineConcurrencyMgmt; and the answers of a start the concurrency limit queued or refused (7.1.3).
"""

from __future__ import annotations

import copy
import json
from datetime import datetime, timezone
from typing import Optional

from ...api import ApiError
from .runs import DELAY_TASK, REVIEW_TASK
from .timeline import Moment

# v5 status -> v3 (status, outcome); a run, stage or job waiting for a review reads `verifying` (see _v3_progress).
# [MODEL] A queued run (INIT, its stages QUEUED) reads `waiting` (7.1.5); a stage or job left out of the run
# (SKIPPED) reads `completed` with no outcome; a suspended run or job (SUSPEND) reads `suspending` (7.1.5); what is
# PAUSED but not at a review (a job at a delay, a stage at its manual entry) reads `running`.
V3_STATUS = {
    "INIT": ("waiting", None),
    "QUEUED": ("waiting", None),
    "SKIPPED": ("completed", None),
    "RUNNING": ("running", None),
    "PAUSED": ("running", None),
    "SUSPEND": ("suspending", None),
    "COMPLETED": ("completed", "success"),
    "FAILED": ("completed", "error"),
    "CANCELED": ("completed", "aborted"),
}
# The fields of a listed run's build_params (ListPipelinesPageLatestRunBuildParams) and artifact_params (PipelineLatestRunArtifactParams).
BUILD_PARAM_FIELDS = (
    "action",
    "build_type",
    "commit_id",
    "event_type",
    "merge_id",
    "message",
    "source_branch",
    "tag",
    "target_branch",
    "codehub_id",
    "git_url",
    "source_codehub_id",
    "source_codehub_url",
    "source_codehub_http_url",
)
ARTIFACT_PARAM_FIELDS = ("version", "branch_filter", "package_name", "organization")
# The fields of a run detail's sources[].params (RunPipelineSourceParams) and its build_params (RunPipelineSourceParamsBuildParams).
SOURCE_PARAM_FIELDS = (
    "git_type",
    "git_url",
    "ssh_git_url",
    "web_url",
    "repo_name",
    "default_branch",
    "endpoint_id",
    "codehub_id",
    "alias",
)
SOURCE_BUILD_PARAM_FIELDS = (*BUILD_PARAM_FIELDS, "virtual_merge_branch", "virtual_merge_commit_id")
# The codes of a start the concurrency limit queued (the pipeline's own limit) or refused (exceed_action ABORT) [FIELD].
QUEUED_CODE = "DEVPIPE.00011169"
ABORTED_CODE = "DEVPIPE.00011104"


# Errors


def pipeline_missing(pipeline_id: str) -> ApiError:
    return ApiError(404, "DEVPIPE.00011401", f"The pipeline {pipeline_id} does not exist.")


def not_in_project(pipeline_id: str, project_id: str) -> ApiError:
    # [MODEL] a v5 path whose project does not hold the pipeline: the code seen live for a project the caller cannot see.
    return ApiError(
        404,
        "DEVPIPE.00011412",
        f"The pipeline {pipeline_id} is not in the project {project_id}, or the project is not visible.",
    )


def run_missing(what: str) -> ApiError:
    return ApiError(404, "DEVPIPE.00011404", f"{what} does not exist.")


def invalid_param(detail: str) -> ApiError:
    return ApiError(400, "DEVPIPE.00011001", f"Invalid parameter: {detail}")


def run_ended(run: dict) -> ApiError:
    return ApiError(
        400, "DEVPIPE.00011301", f"The run {run['id']} has already ended ({run['status']}) and cannot be stopped."
    )


def pipeline_banned(pipeline: dict) -> ApiError:
    # [MODEL] DEVPIPE.99990002 is invented (codearts-api-run-control.md 7.7): no live code is known.
    return ApiError(400, "DEVPIPE.99990002", f"The pipeline {pipeline['id']} is disabled.")


def still_queued(run: dict) -> ApiError:
    # [MODEL] 7.7 R2: a queued run is not stopped (DEVPIPE.99990001, invented), it is cancelled with cancel-queuing.
    return ApiError(
        400,
        "DEVPIPE.99990001",
        f"The run {run['id']} is queued: queued runs are cancelled with cancel-queuing, not stopped.",
    )


def not_allowed_now(run: dict, action: str) -> ApiError:
    # [MODEL] DEVPIPE.99990001 is invented (codearts-api-run-control.md 7.7): an action on a run in the wrong state.
    return ApiError(
        400, "DEVPIPE.99990001", f"The run {run['id']} is {run['status']}: {action} is not allowed in this state."
    )


def pipeline_detail(pipeline: dict, project_name: str) -> dict:
    """ShowPipelineDetail: the pipeline's definition fields the SDK's model names (no schedules or triggers are
    modelled), its code sources and custom variables, ``definition`` (a JSON string, as the API gives it: [MODEL] its
    stages with their identifiers, names and jobs), ``banned``, ``deleted`` and ``concurrency_control``
    (PipelineConcurrencyMgmt)."""
    return {
        "id": pipeline["id"],
        "name": pipeline["name"],
        "description": pipeline["description"],
        "manifest_version": "3.0",
        "project_id": pipeline["project_id"],
        "project_name": project_name,
        "component_id": "",
        "is_publish": False,
        "create_time": pipeline["create_time"],
        "update_time": pipeline["create_time"],
        "is_collect": False,
        "sources": copy.deepcopy(pipeline["sources"]),
        "variables": [
            # [MODEL] A secret variable's value is not shown.
            dict(
                variable,
                value="******" if variable["is_secret"] else variable["value"],
                sequence=number,
                type="string",
                limits=[],
                is_reset=False,
                latest_value="******" if variable["is_secret"] else variable["value"],
            )
            for number, variable in enumerate(pipeline["variables"], start=1)
        ],
        "definition": json.dumps(
            {
                "stages": [
                    {
                        "name": stage["name"],
                        "identifier": stage["identifier"],
                        "jobs": [{"name": job["name"], "identifier": job["identifier"]} for job in stage["jobs"]],
                    }
                    for stage in pipeline["stages"]
                ]
            }
        ),
        "schedules": [],
        "triggers": [],
        "deleted": False,
        "banned": pipeline["banned"],
        "concurrency_control": {
            "pipeline_id": pipeline["id"],
            **pipeline["concurrency_control"],
            "create_time": pipeline["create_time"],
            "update_time": pipeline["create_time"],
        },
    }


# A start the concurrency limit holds back (HTTP 200, 7.1.3)


def queued(pipeline: dict, queue_id: int, run_id: Optional[str] = None) -> dict:
    """RunPipeline's (with `run_id`) or RetryPipelineRun's (queue_id only) answer when the run waits in the queue."""
    limit = pipeline["concurrency_control"]["concurrency_number"]
    return {
        "error_code": QUEUED_CODE,
        "error_msg": f"The pipeline {pipeline['id']} already has {limit} run(s) under way, its limit: the run is queued.",
        "error": {"queue_id": queue_id} if run_id is None else {"pipeline_run_id": run_id, "queue_id": queue_id},
    }


def aborted(pipeline: dict) -> dict:
    """The answer of a start that exceed_action ABORT refuses: no run is created."""
    limit = pipeline["concurrency_control"]["concurrency_number"]
    return {
        "error_code": ABORTED_CODE,
        "error_msg": f"The pipeline {pipeline['id']} already has {limit} run(s) under way, its limit, "
        "and its exceed_action is ABORT: the run was not started.",
    }


def not_holding(step: dict, hold: str, reason: str) -> ApiError:
    # [MODEL] 7.7 R8-R13: an action on a step that is not the hold it acts on, DEVPIPE.99990001 (invented).
    return ApiError(400, "DEVPIPE.99990001", f"The step {step['name']} is not {hold}: {reason}.")


def delay_limit(step: dict, limit: int) -> ApiError:
    # [MODEL] 7.7 R12: a delay is extended at most `limit` times; the next extension is DEVPIPE.99990001 (invented).
    return ApiError(
        400,
        "DEVPIPE.99990001",
        f"The delay of the step {step['name']} has already been extended {limit} times, the limit: "
        "it cannot be extended again.",
    )


def not_waiting(step: dict, state: str) -> ApiError:
    return ApiError(
        400, "DEVPIPE.00011302", f"The step {step['name']} is not a manual review waiting for a decision: {state}."
    )


# Times and addresses


def v3_time(ms: Optional[int]) -> Optional[str]:
    """v3's time format (also a listed run's stage times), e.g. 2026-11-22 10:00:00 (UTC)."""
    return None if ms is None else datetime.fromtimestamp(ms / 1000, timezone.utc).strftime("%Y-%m-%d %H:%M:%S")


def detail_url(host: str, pipeline: dict, run: dict) -> str:
    return f"http://{host}/cicd/project/{pipeline['project_id']}/pipeline/detail/{pipeline['id']}/{run['id']}"


def modify_url(host: str, pipeline: dict) -> str:
    return f"http://{host}/cicd/project/{pipeline['project_id']}/pipeline/edit/{pipeline['id']}"


# v3


def v3_status(pipeline: dict, run: dict, now: Moment, host: str) -> dict:
    """ShowPipleineStatusResponse: a run in v3's words."""
    return {
        "pipeline_id": pipeline["id"],
        "pipeline_name": pipeline["name"],
        "executor": run["executor"],
        "build_id": run["id"],
        "start_time": v3_time(run["start_time"]),
        "end_time": v3_time(run["end_time"]),
        "parameters": [dict(param) for param in run["build_params"]],
        "states": [
            _v3_state(stage, "stage", now, [_v3_state(job, "task", now, []) for job in stage["jobs"]])
            for stage in run["stages"]
        ],
        **_v3_progress(run, now),
        "detail_url": detail_url(host, pipeline, run),
    }


def _v3_progress(element: dict, now: Moment) -> dict:
    """status, outcome and elapsed_time of a run, stage or job: [MODEL] whatever waits for a review reads `verifying`,
    a run or stage with a suspended job `suspending`."""
    status, outcome = V3_STATUS[element["status"]]
    if element["status"] in ("RUNNING", "PAUSED"):
        jobs = _jobs_under(element)
        steps = [step for job in jobs for step in job["steps"]]
        if any(step["task"] == REVIEW_TASK and step["status"] == "RUNNING" for step in steps):
            status = "verifying"
        elif any(job["status"] == "SUSPEND" for job in jobs):
            status = "suspending"
    started = element["start_time"]
    elapsed = None if started is None else str(((element["end_time"] or now.ms) - started) // 1000)
    return {"status": status, "outcome": outcome, "elapsed_time": elapsed}


def _jobs_under(element: dict) -> list[dict]:
    """The jobs of a run (all its stages'), of a stage, or a job itself."""
    if "steps" in element:
        return [element]
    if "jobs" in element:
        return element["jobs"]
    return [job for stage in element["stages"] for job in stage["jobs"]]


def _v3_state(element: dict, kind: str, now: Moment, children: list[dict]) -> dict:
    """PipelineStateStatus: a stage (`stage`) with its jobs (`task`)."""
    return {
        "id": element["id"],
        "name": element["name"],
        "type": kind,
        "start_time": v3_time(element["start_time"]),
        "end_time": v3_time(element["end_time"]),
        **_v3_progress(element, now),
        "error_code": None,
        "error_msg": element.get("message") or None,
        "children": children,
        "detail_url": None,
    }


# v5


def v5_detail(pipeline: dict, run: dict, now: Moment, host: str) -> dict:
    """ShowPipelineRunDetailResponse: times in epoch ms, a waiting review's start_time included; `description` is the
    run's (RunPipeline's), else the pipeline's; `sources` are RunPipeline's (RunPipelineSource)."""
    return {
        "id": run["id"],
        "pipeline_id": pipeline["id"],
        "manifest_version": "3.0",
        "name": pipeline["name"],
        "description": pipeline["description"] if run["description"] is None else run["description"],
        "is_publish": False,
        "executor_name": run["executor"],
        "status": run["status"],
        "trigger_type": run["trigger_type"],
        "run_number": run["run_number"],
        "start_time": run["start_time"],
        "end_time": run["end_time"],
        "stages": [_v5_stage(stage, index) for index, stage in enumerate(run["stages"])],
        "project_id": pipeline["project_id"],
        "language": "en-us",
        "sources": [_v5_source(source) for source in run["sources"]],
        "artifacts": [],
        "subject_id": run["id"],
        "detail_url": detail_url(host, pipeline, run),
        "current_system_time": now.ms,
    }


def _v5_source(source: dict) -> dict:
    """RunPipelineSource: what RunPipeline's sources[] said, the fields it did not give null."""
    params = source["params"]
    if params is None:
        return {"type": source["type"], "params": None}
    build = params["build_params"] or {}
    return {
        "type": source["type"],
        "params": {
            **{key: params.get(key) for key in SOURCE_PARAM_FIELDS},
            "build_params": {
                **dict.fromkeys(SOURCE_BUILD_PARAM_FIELDS),
                **{key: value for key, value in build.items() if value is not None},
            },
        },
    }


def _v5_stage(stage: dict, index: int) -> dict:
    """StageRun with its JobRuns and StepRuns; [MODEL] a stage or job left out of the run is not selected (is_select)."""
    return {
        "id": stage["id"],
        "name": stage["name"],
        "identifier": stage["identifier"],
        "sequence": index,
        "run_always": False,
        "parallel": "true" if len(stage["jobs"]) > 1 else "false",
        "is_select": stage["status"] != "SKIPPED",
        "depends_on": [],
        "status": stage["status"],
        "start_time": stage["start_time"],
        "end_time": stage["end_time"],
        "pre": [_v5_step(step, number) for number, step in enumerate(stage["pre"])],
        "post": [],
        "jobs": [
            {
                "id": job["id"],
                "name": job["name"],
                "identifier": job["identifier"],
                "sequence": sequence,
                "async": "false",
                "depends_on": [],
                "is_select": job["status"] != "SKIPPED",
                "status": job["status"],
                "message": job["message"],
                "start_time": job["start_time"],
                "end_time": job["end_time"],
                "steps": [_v5_step(step, number) for number, step in enumerate(job["steps"])],
            }
            for sequence, job in enumerate(stage["jobs"])
        ],
    }


def _v5_step(step: dict, number: int) -> dict:
    """StepRun: a job's step, or a stage's entry step (`pre`)."""
    return {
        "id": step["id"],
        "name": step["name"],
        "task": step["task"],
        "business_type": "Normal",
        "inputs": _inputs(step),
        "sequence": number,
        "identifier": f"step_{step['id'][:8]}",
        "official_task_version": "0.0.1",
        "multi_step_editable": 0,
        "endpoint_ids": [],
        "status": step["status"],
        "message": step["message"],
        "start_time": step["start_time"],
        "end_time": step["end_time"],
    }


def _inputs(step: dict) -> list[dict]:
    """StepRunInputs: [MODEL] a delay step's delayTime (its `delay`, whole seconds as text; extensions do not change it)
    and timerType (delay), inputs 7.1.5 names for it; none for the other steps."""
    if step["task"] != DELAY_TASK:
        return []
    delay = step["delay"]
    return [
        {"key": "delayTime", "value": str(int(delay)) if float(delay).is_integer() else str(delay)},
        {"key": "timerType", "value": "delay"},
    ]


# The lists


def listed_run(pipeline: dict, run: dict, host: str, executor_id: str) -> dict:
    """A run in ListPipelineRuns (ListPipelineRunsPagePipelineRuns) and ListPipelines' latest_run (ListPipelinesPageLatestRun).

    [MODEL] start_time and end_time are epoch ms (end_time null while running, both null while queued); a stage's are
    v3 text times; build_params is the SDK's object of code-source facts: event_type (the trigger, unless RunPipeline's
    first code source gives one), build_type (branch unless that source says tag), and that source's target_branch,
    tag, git_url and codehub_id.
    """
    return {
        "pipeline_id": pipeline["id"],
        "pipeline_run_id": run["id"],
        "executor_id": executor_id,
        "executor_name": run["executor"],
        "stage_status_list": [
            {
                "name": stage["name"],
                "sequence": index,
                "status": stage["status"],
                "start_time": v3_time(stage["start_time"]),
                "end_time": v3_time(stage["end_time"]),
                "id": stage["id"],
            }
            for index, stage in enumerate(run["stages"])
        ],
        "status": run["status"],
        "run_number": run["run_number"],
        "trigger_type": run["trigger_type"],
        "build_params": _listed_build_params(run),
        "artifact_params": dict.fromkeys(ARTIFACT_PARAM_FIELDS),
        "start_time": run["start_time"],
        "end_time": run["end_time"],
        "modify_url": modify_url(host, pipeline),
        "detail_url": detail_url(host, pipeline, run),
    }


def latest_status(listed: dict) -> dict:
    """A run in BatchShowPipelinesLatestStatus (PipelineLatestRun): listed_run() without the stages' IDs."""
    stages = [{key: value for key, value in stage.items() if key != "id"} for stage in listed["stage_status_list"]]
    return dict(listed, stage_status_list=stages)


def _listed_build_params(run: dict) -> dict:
    """ListPipelineRunsPageBuildParams: the first code source's facts RunPipeline was given (see listed_run)."""
    code = next(
        (source["params"] for source in run["sources"] if source["type"] == "code" and source["params"] is not None),
        {},
    )
    build = code.get("build_params") or {}
    return {
        **dict.fromkeys(BUILD_PARAM_FIELDS),
        "build_type": build.get("build_type") or "branch",
        "event_type": build.get("event_type") or run["trigger_type"],
        "target_branch": build.get("target_branch"),
        "tag": build.get("tag"),
        "git_url": code.get("git_url"),
        "codehub_id": code.get("codehub_id"),
    }


def listed_pipeline(pipeline: dict, project_name: str, latest_run: Optional[dict]) -> dict:
    """ListPipelinesPagePipelines; `latest_run` is listed_run() of its latest run, or None for a pipeline never run."""
    return {
        "pipeline_id": pipeline["id"],
        "name": pipeline["name"],
        "project_id": pipeline["project_id"],
        "project_name": project_name,
        "component_id": "",
        "is_publish": False,
        "is_collect": False,
        "manifest_version": "3.0",
        "create_time": pipeline["create_time"],
        "latest_run": latest_run,
        "convert_sign": 0,
        "security_level": None,
        "banned": pipeline["banned"],
        "description": pipeline["description"],
        "tag_list": [],
    }
