# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The conformance suite's table: every operation the emulator serves, as the official SDK calls it.

One row per (SDK client, operation): the request's parameters against the default seed, and the
response fields the answer must set. The tests call each row through the SDK's own client; adding an
operation is one row. This module is plain data (it does not import the SDK), so
hack/operations_table.py reads it to fill the "exercised through the SDK" column of docs/operations.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable, Optional, Union

from emulator_client import HOUSEKEEPING_PROJECT, LEGACY, NIGHTLY, PROJECT, REGION, RELEASE

BUSY_JOB = "b1d0000000000000000000000000000f"
HK_ACTIVE_JOB = "b1d0000000000000000000000000a304"
# The housekeeping project's two jobs in the recycle bin (hk-deleted-build, hk-deleted-paused-build).
HK_DELETED_JOB, HK_DELETED_PAUSED_JOB = "b1d0000000000000000000000000a309", "b1d0000000000000000000000000a310"
HK_STALE_PIPELINE = "p1e0000000000000000000000000a303"
HK_RUNAWAY_PIPELINE, HK_RUNAWAY_RUN, HK_DONE_RUN = (
    "p1e0000000000000000000000000a301",
    "r000000000000000000000000000a302",
    "r000000000000000000000000000a301",
)
RELEASE_PIPELINE, NIGHTLY_PIPELINE, GATED_PIPELINE = (
    "p1e0000000000000000000000000000a",
    "p1e0000000000000000000000000000b",
    "p1e0000000000000000000000000000c",
)
WAITING_RUN, BUILDING_RUN, SUCCEEDED_RUN, TWO_REVIEWS_RUN, TIMED_OUT_RUN = (
    f"r000000000000000000000000000000{n}" for n in range(1, 6)
)
RUNNING_TASK, WEB_TASK = "c4ec0000000000000000000000000001", "c4ec0000000000000000000000000002"
RUN_CONTROL_PROJECT, VARS_PIPELINE = "c0dea7750000000000000000000000a4", "p1e0000000000000000000000000a403"
GATE_PIPELINE, GATE_RUN = "p1e0000000000000000000000000a404", "r000000000000000000000000000a405"
# The ID the emulator gives gate-pipeline's seeded run's Deploy entry (runs.element_id: stage 1's pre step).
GATE_ENTRY_STEP = "b2eaf698b4ddd9da61272d250237bf1a"
# The default seed's archived CodeArts project, legacy-portal (ProjectMan).
ARCHIVED_PROJECT = "c0dea7750000000000000000000000a7"
# checkout-pipeline (project a6): its run 2 failed at its unit-tests step, whose log the seed gives.
DIAGNOSTICS_PROJECT, CHECKOUT_PIPELINE, CHECKOUT_FAILED_RUN = (
    "c0dea7750000000000000000000000a6",
    "p1e0000000000000000000000000a601",
    "r000000000000000000000000000a602",
)


@dataclass(frozen=True)
class Sdk:
    """One official SDK client: the module holding it and its models, and the emulator service it talks to."""

    package: str
    module: str
    client: str
    service: str


SDKS = {
    # huaweicloudsdkcore looks the IAM project ID up by itself (BasicCredentials without project_id).
    "iam": Sdk("huaweicloudsdkcore", "huaweicloudsdkcore.auth.credentials", "BasicCredentials", "iam"),
    "build": Sdk("huaweicloudsdkcodeartsbuild", "huaweicloudsdkcodeartsbuild.v3", "CodeArtsBuildClient", "build"),
    "pipeline": Sdk(
        "huaweicloudsdkcodeartspipeline", "huaweicloudsdkcodeartspipeline.v2", "CodeArtsPipelineClient", "pipeline"
    ),
    "check": Sdk("huaweicloudsdkcodeartscheck", "huaweicloudsdkcodeartscheck.v2", "CodeArtsCheckClient", "check"),
    "codecheck": Sdk("huaweicloudsdkcodecheck", "huaweicloudsdkcodecheck.v2", "CodeCheckClient", "check"),
    "projectman": Sdk("huaweicloudsdkprojectman", "huaweicloudsdkprojectman.v4", "ProjectManClient", "projectman"),
}


class Model:  # pylint: disable=too-few-public-methods
    """An SDK model to build at call time, e.g. Model('RunRequestV2', git_branch='main')."""

    def __init__(self, model_name: str, /, **values: Any) -> None:
        self.name = model_name
        self.values = values

    def __repr__(self) -> str:
        return f"{self.name}({self.values!r})"


Params = Union[dict, Callable[[Any], dict], None]


@dataclass(frozen=True)
class SdkOperation:
    """A row: `params` (a dict, or a function of the running emulator), the response `fields` that must be set, values to `expect`."""

    sdk: str
    operation: str
    params: Params = None
    fields: tuple = ()
    expect: tuple = ()

    @property
    def key(self) -> str:
        return f"{self.sdk}.{self.operation}"

    @property
    def method(self) -> str:
        """The SDK client's method: the operation in snake case (ShowPipleineStatus -> show_pipleine_status)."""
        return re.sub(r"(?<!^)(?=[A-Z])", "_", self.operation).lower()

    @property
    def service(self) -> str:
        return SDKS[self.sdk].service

    @property
    def client_method(self) -> str:
        """What the table in docs/operations.md names."""
        if self.sdk == "iam":
            return "huaweicloudsdkcore BasicCredentials (project ID look-up)"
        return f"{SDKS[self.sdk].client}.{self.method}"


def op(sdk: str, operation: str, params: Params = None, *fields: str, expect: Optional[dict] = None) -> SdkOperation:
    """One row of OPERATIONS; `expect` maps field paths to the values the SDK must read from the default seed."""
    return SdkOperation(sdk, operation, params, fields, tuple((expect or {}).items()))


def review(pipeline_id: str, run_id: str, step_name: str, **query: str) -> Callable[[Any], dict]:
    """The IDs that name a manual-review step of a run, read from the emulator's state when the test runs."""

    def params(emulator: Any) -> dict:
        run = next(run for run in emulator.snapshot()["pipeline"]["runs"] if run["id"] == run_id)
        job, step = next(
            (job, step)
            for stage in run["stages"]
            for job in stage["jobs"]
            for step in job["steps"]
            if step["name"] == step_name
        )
        return {
            "project_id": PROJECT,
            "pipeline_id": pipeline_id,
            "pipeline_run_id": run_id,
            "job_run_id": job["id"],
            "step_run_id": step["id"],
            **query,
        }

    return params


def step_log(project_id: str, pipeline_id: str, run_id: str, step_name: str, **query: Any) -> Callable[[Any], dict]:
    """The IDs that name a job's step of a run (read from the emulator's state when the test runs) and a LogQuery body."""

    def params(emulator: Any) -> dict:
        run = next(run for run in emulator.snapshot()["pipeline"]["runs"] if run["id"] == run_id)
        job, step = next(
            (job, step)
            for stage in run["stages"]
            for job in stage["jobs"]
            for step in job["steps"]
            if step["name"] == step_name
        )
        return {
            "project_id": project_id,
            "pipeline_id": pipeline_id,
            "pipeline_run_id": run_id,
            "job_run_id": job["id"],
            "step_run_id": step["id"],
            "body": Model("LogQuery", **query),
        }

    return params


SHOW_DETAIL = (
    "task_id",
    "task_name",
    "creator_id",
    "git_url",
    "git_branch",
    "last_check_time",
    "last_exec_time",
    "issue_count",
    "critical_count",
    "major_count",
    "minor_count",
    "suggestion_count",
    "code_quality",
    "code_line_total",
)
TASK_LIST = (
    "total",
    "tasks[0].task_id",
    "tasks[0].task_name",
    "tasks[0].creator_id",
    "tasks[0].git_url",
    "tasks[0].git_branch",
    "tasks[0].created_at",
    "tasks[0].last_check_time",
)


def _check_rows(sdk: str) -> tuple[SdkOperation, ...]:
    """The same five Check operations in the current (codeartscheck) and the legacy (codecheck) SDK."""
    return (
        op(
            sdk,
            "ShowProgressDetail",
            {"task_id": RUNNING_TASK},
            "task_status",
            "progress.ratio",
            "progress.info",
            expect={"task_status": 0, "progress.info": "running"},
        ),
        op(
            sdk,
            "RunTask",
            {"task_id": WEB_TASK, "body": Model("RunRequestV2", git_branch="release", username="u", access_token="t")},
            "exec_id",
        ),
        op(sdk, "StopTaskById", {"task_id": RUNNING_TASK}),
        op(
            sdk,
            "ShowTaskDetail",
            {"task_id": WEB_TASK},
            *SHOW_DETAIL,
            expect={"task_name": "web-frontend-check", "issue_count": 66, "critical_count": "1", "major_count": "4"},
        ),
        op(
            sdk,
            "ShowTaskListByProjectId",
            {"project_id": PROJECT, "offset": 0, "limit": 100},
            *TASK_LIST,
            expect={"total": 5, "tasks[0].task_name": "api-service-check"},
        ),
    )


OPERATIONS = (
    op("iam", "KeystoneListProjects", {"name": REGION}, "projects[0].id"),
    op("build", "EnableBuildJob", {"job_id": RELEASE}, "status", expect={"status": "success"}),
    op("build", "DisableBuildJob", {"job_id": NIGHTLY}, "status", expect={"status": "success"}),
    op(
        "build",
        "DeleteBuildJob",
        {"job_id": LEGACY},
        "status",
        "result.job_id",
        "result.project_id",
        expect={"result.job_id": LEGACY, "result.project_id": PROJECT},
    ),
    op(
        "build",
        "ShowJobInfo",
        {"job_id": NIGHTLY},
        "status",
        "result.id",
        "result.project_id",
        "result.job_name",
        "result.disabled",
        "result.running_status",
        "result.last_build_status",
        "result.create_time",
        "result.last_build_time",
        "result.build_time",
        expect={
            "result.id": NIGHTLY,
            "result.job_name": "nightly-build",
            "result.disabled": False,
            "status": "success",
        },
    ),
    op(
        "build",
        "ShowDisable",
        {"job_id": RELEASE},
        "status",
        "result.disabled",
        "result.job_id",
        "result.job_name",
        "result.forbiddener",
        "result.reson",
        "result.forbidden_time",
        expect={"result.disabled": 1, "result.job_id": RELEASE},
    ),
    op(
        "build",
        "ShowRunningStatus",
        {"job_id": BUSY_JOB},
        "status",
        "result.is_running",
        "result.last_job_id",
        "result.last_build_no",
        "result.last_build_status",
        expect={"result.is_running": True},
    ),
    op(
        "build",
        "ShowJobListByProjectId",
        {"project_id": PROJECT, "page_index": 0, "page_size": 100},
        "total",
        "jobs[0].id",
        "jobs[0].job_name",
        "jobs[0].disabled",
        "jobs[0].is_finished",
        "jobs[0].last_build_status",
        "jobs[0].last_build_time",
        expect={"total": 6, "jobs[0].job_name": "nightly-build"},
    ),
    op(
        "build",
        "RunJob",
        {
            "body": Model(
                "RunJobRequestBody",
                job_id=NIGHTLY,
                parameter=[Model("ParameterItem", name="branch", value="main")],
                scm=Model("Scm", build_tag="v1.0"),
            )
        },
        "octopus_job_name",
        "actual_build_number",
        "daily_build_number",
        expect={"octopus_job_name": "nightly-build", "actual_build_number": "2"},
    ),
    op("build", "StopBuildJob", {"job_id": BUSY_JOB, "build_no": 42}, "success", "result", expect={"success": True}),
    op(
        "build",
        "ShowListHistory",
        {"job_id": HK_ACTIVE_JOB, "offset": 0, "limit": 10, "interval": 30},
        "total",
        "history_records[0].record_id",
        "history_records[0].job_id",
        "history_records[0].build_number",
        "history_records[0].start_time",
        "history_records[0].end_time",
        "history_records[0].result",
        expect={
            "total": 2,
            "history_records[0].build_number": 12,
            "history_records[0].result": "success",
            "history_records[1].result": "failed",
        },
    ),
    op(
        "build",
        "DownloadBuildRealTimeLog",
        {"job_id": HK_ACTIVE_JOB, "build_no": 11, "start_offset": 0, "end_offset": 0, "sort": "DESC", "size": "1000"},
        "result.has_more",
        "result.start_offset",
        "result.end_offset",
        "result.log",
        "result.location",
        expect={"result.has_more": False, "result.start_offset": "0", "result.end_offset": "9"},
    ),
    op(
        "build",
        "ShowHistoryDetails",
        {"job_id": HK_ACTIVE_JOB, "build_number": 12},
        "job_name",
        "build_number",
        "project_id",
        "project_name",
        "parameters",
        "build_steps[0].name",
        "build_steps[0].status",
        "build_steps[0].build_time",
        expect={"job_name": "hk-active-build", "project_name": "housekeeping", "build_steps[0].status": "success"},
    ),
    op(
        "build",
        "ListRecyclingJob",
        {"page_no": 1, "page_size": 100, "search": "hk-deleted"},
        "status",
        "success",
        "result.keep_time",
        "result.total",
        "result.job_list[0].job_id",
        "result.job_list[0].job_name",
        "result.job_list[0].project_id",
        "result.job_list[0].creator_name",
        "result.job_list[0].creator_id",
        "result.job_list[0].create_time",
        "result.job_list[0].delete_time",
        "result.job_list[0].create_time_stamp",
        "result.job_list[0].delete_time_stamp",
        expect={
            "result.keep_time": 30,
            "result.total": 2,
            "result.job_list[0].job_id": HK_DELETED_JOB,
            "result.job_list[1].project_id": HOUSEKEEPING_PROJECT,
        },
    ),
    op(
        "build",
        "RestoreRecyclingJobs",
        {"body": Model("JobsRequestBody", job_ids=[HK_DELETED_PAUSED_JOB])},
        "status",
        expect={"status": "success"},
    ),
    op(
        "build",
        "DeleteRecyclingJobs",
        {"body": Model("JobsRequestBody", job_ids=[HK_DELETED_JOB])},
        "status",
        expect={"status": "success"},
    ),
    op("build", "ClearRecyclingJobs", None, "status", expect={"status": "success"}),
    op(
        "pipeline",
        "StartNewPipeline",
        {
            "pipeline_id": NIGHTLY_PIPELINE,
            "body": Model(
                "StartPipelineParameters", build_params=[Model("StartPipelineBuildParams", name="branch", value="main")]
            ),
        },
        "pipeline_id",
        "build_id",
        expect={"pipeline_id": NIGHTLY_PIPELINE},
    ),
    op(
        "pipeline",
        "ShowPipleineStatus",
        {"pipeline_id": NIGHTLY_PIPELINE, "build_id": SUCCEEDED_RUN},
        "pipeline_id",
        "pipeline_name",
        "build_id",
        "executor",
        "status",
        "outcome",
        "start_time",
        "end_time",
        "elapsed_time",
        "parameters",
        "states[0].id",
        "states[0].name",
        "states[0].type",
        "states[0].status",
        "states[0].outcome",
        "states[0].children[0].type",
        expect={
            "status": "completed",
            "outcome": "success",
            "pipeline_name": "nightly-pipeline",
            "states[0].type": "stage",
        },
    ),
    op(
        "pipeline",
        "StopPipelineNew",
        {"pipeline_id": NIGHTLY_PIPELINE, "build_id": BUILDING_RUN},
        "pipeline_id",
        "pipeline_name",
        expect={"pipeline_id": NIGHTLY_PIPELINE, "pipeline_name": "nightly-pipeline"},
    ),
    op(
        "pipeline",
        "ListPipelines",
        {
            "project_id": HOUSEKEEPING_PROJECT,
            "body": Model("ListPipelineQuery", name="HK-", sort_key="name", sort_dir="asc", offset=0, limit=10),
        },
        "offset",
        "limit",
        "total",
        "current_system_time",
        "pipelines[0].pipeline_id",
        "pipelines[0].name",
        "pipelines[0].project_id",
        "pipelines[0].project_name",
        "pipelines[0].create_time",
        "pipelines[0].latest_run.pipeline_run_id",
        "pipelines[0].latest_run.status",
        "pipelines[0].latest_run.executor_id",
        "pipelines[0].latest_run.executor_name",
        "pipelines[0].latest_run.run_number",
        "pipelines[0].latest_run.start_time",
        "pipelines[0].latest_run.stage_status_list[0].status",
        "pipelines[0].latest_run.stage_status_list[0].start_time",
        "pipelines[0].latest_run.build_params.event_type",
        expect={
            "total": 5,
            "pipelines[0].name": "hk-fresh-review",
            "pipelines[0].project_name": "housekeeping",
            "pipelines[0].latest_run.status": "RUNNING",
            "pipelines[2].name": "hk-idle",
        },
    ),
    op(
        "pipeline",
        "BatchShowPipelinesLatestStatus",
        # The runaway pipeline, a pipeline of another project (left out) and the stale-review pipeline.
        {"project_id": HOUSEKEEPING_PROJECT, "body": [HK_RUNAWAY_PIPELINE, RELEASE_PIPELINE, HK_STALE_PIPELINE]},
        "body[0].pipeline_id",
        "body[0].pipeline_run_id",
        "body[0].status",
        "body[0].run_number",
        "body[0].start_time",
        "body[0].stage_status_list[0].status",
        "body[1].pipeline_run_id",
        expect={
            "body[0].pipeline_run_id": HK_RUNAWAY_RUN,
            "body[0].status": "RUNNING",
            "body[1].pipeline_id": HK_STALE_PIPELINE,
        },
    ),
    op(
        "pipeline",
        "ListPipelineRuns",
        {
            "project_id": HOUSEKEEPING_PROJECT,
            "pipeline_id": HK_RUNAWAY_PIPELINE,
            "body": Model(
                "ListPipelineRunsQuery",
                status=["RUNNING", "COMPLETED"],
                offset=0,
                limit=10,
                sort_key="start_time",
                sort_dir="desc",
            ),
        },
        "offset",
        "limit",
        "total",
        "pipeline_runs[0].pipeline_run_id",
        "pipeline_runs[0].status",
        "pipeline_runs[0].run_number",
        "pipeline_runs[0].start_time",
        "pipeline_runs[0].stage_status_list[0].name",
        "pipeline_runs[1].end_time",
        expect={
            "total": 2,
            "pipeline_runs[0].pipeline_run_id": HK_RUNAWAY_RUN,
            "pipeline_runs[0].status": "RUNNING",
            "pipeline_runs[1].pipeline_run_id": HK_DONE_RUN,
            "pipeline_runs[1].status": "COMPLETED",
        },
    ),
    op(
        "pipeline",
        "ShowPipelineRunDetail",
        {"project_id": PROJECT, "pipeline_id": NIGHTLY_PIPELINE, "pipeline_run_id": SUCCEEDED_RUN},
        "id",
        "pipeline_id",
        "name",
        "status",
        "run_number",
        "trigger_type",
        "executor_name",
        "start_time",
        "end_time",
        "stages[0].id",
        "stages[0].name",
        "stages[0].status",
        "stages[0].jobs[0].id",
        "stages[0].jobs[0].status",
        "stages[0].jobs[0].steps[0].id",
        "stages[0].jobs[0].steps[0].name",
        "stages[0].jobs[0].steps[0].task",
        "stages[0].jobs[0].steps[0].status",
        "stages[0].jobs[0].steps[0].message",
        expect={"id": SUCCEEDED_RUN, "status": "COMPLETED", "run_number": 1},
    ),
    op(
        "pipeline",
        "RejectManualReview",
        review(RELEASE_PIPELINE, WAITING_RUN, "manager-approval", approval_description="not ok, 拒绝"),
        "success",
        expect={"success": True},
    ),
    op(
        "pipeline",
        "AcceptManualReview",
        review(GATED_PIPELINE, TWO_REVIEWS_RUN, "qa-review", approval_description="ok"),
        "success",
        expect={"success": True},
    ),
    op(
        "pipeline",
        "StopPipelineRun",
        {"project_id": PROJECT, "pipeline_id": NIGHTLY_PIPELINE, "pipeline_run_id": BUILDING_RUN},
        "success",
        expect={"success": True},
    ),
    op(
        "pipeline",
        "RetryPipelineRun",
        {"project_id": PROJECT, "pipeline_id": RELEASE_PIPELINE, "pipeline_run_id": TIMED_OUT_RUN},
        "success",
        expect={"success": True},
    ),
    op(
        "pipeline",
        "ShowPipelineDetail",
        {"project_id": PROJECT, "pipeline_id": NIGHTLY_PIPELINE},
        "id",
        "name",
        "project_id",
        "create_time",
        "deleted",
        "banned",
        expect={"id": NIGHTLY_PIPELINE, "name": "nightly-pipeline", "banned": False, "deleted": False},
    ),
    op(
        "pipeline",
        "RunPipeline",
        {
            "project_id": RUN_CONTROL_PROJECT,
            "pipeline_id": VARS_PIPELINE,
            "body": Model(
                "RunPipelineDTO",
                description="conformance",
                variables=[Model("RunPipelineDTOVariables", name="greeting", value="hi & bye")],
                choose_stages=["STAGE_BUILD"],
                choose_jobs=["JOB_COMPILE"],
            ),
        },
        "pipeline_run_id",
    ),
    op(
        "pipeline",
        "ShowPipelineLog",
        step_log(DIAGNOSTICS_PROJECT, CHECKOUT_PIPELINE, CHECKOUT_FAILED_RUN, "unit-tests", limit=3, sort="desc"),
        "has_more",
        "start_offset",
        "end_offset",
        "log",
        "step_run_id",
        expect={"has_more": True, "start_offset": "8", "end_offset": "11"},
    ),
    op(
        "pipeline",
        "AcceptCheckpoint",
        {
            "project_id": RUN_CONTROL_PROJECT,
            "pipeline_id": GATE_PIPELINE,
            "pipeline_run_id": GATE_RUN,
            "step_run_id": GATE_ENTRY_STEP,
        },
        "success",
        expect={"success": True},
    ),
    *_check_rows("check"),
    *_check_rows("codecheck"),
    op(
        "projectman",
        "ListProjectsV4",
        {"offset": 0, "limit": 100, "query_type": "domain_projects", "archive": "false", "sort": "name:asc"},
        "total",
        "projects[0].project_num_id",
        "projects[0].project_id",
        "projects[0].project_name",
        "projects[0].description",
        "projects[0].created_time",
        "projects[0].updated_time",
        "projects[0].project_type",
        "projects[0].creator.user_id",
        "projects[0].creator.user_name",
        "projects[0].creator.domain_id",
        expect={"total": 7, "projects[0].project_id": PROJECT, "projects[0].project_name": "demo"},
    ),
    op(
        "projectman",
        "ShowProjectInfoV4",
        {"project_id": ARCHIVED_PROJECT},
        "project.project_num_id",
        "project.project_id",
        "project.name",
        "project.created_on",
        "project.updated_on",
        "project.project_type",
        "project.archive",
        "project.creator.user_name",
        expect={"project.name": "legacy-portal", "project.archive": 1},
    ),
)

# Emulated operations no SDK installed here can call, with the reason (docs/operations.md shows it).
NOT_EXERCISED = {
    "KeystoneCreateUserTokenByPassword": "no SDK client here: huaweicloudsdkiam is not a dependency, and huaweicloudsdkcore "
    "asks IAM only for project IDs",
    "DisablePipeline": "not in the Pipeline SDK (3.1.219 has no ban); called with the same signer, which the witness checks",
    "EnablePipeline": "not in the Pipeline SDK (3.1.219 has no unban); called with the same signer, which the witness checks",
    "ListPipelineQueue": "not in the Pipeline SDK (3.1.219 has no queued-pipeline); called with the same signer, which the "
    "witness checks",
    "CancelPipelineQueue": "not in the Pipeline SDK (3.1.219 has no cancel-queuing); called with the same signer, which the "
    "witness checks",
    "RejectCheckpoint": "not in the Pipeline SDK (3.1.219 has no manual/refuse); called with the same signer, which the witness checks",
    "AcceptDelayJob": "not in the Pipeline SDK (3.1.219 has no delay-pass); called with the same signer, which the witness checks",
    "RejectDelayJob": "not in the Pipeline SDK (3.1.219 has no delay-refuse); called with the same signer, which the witness checks",
    "ContinueDelayJob": "not in the Pipeline SDK (3.1.219 has no delay); called with the same signer, which the witness checks",
    "ResumePipeline": "not in the Pipeline SDK (3.1.219 has no resume); called with the same signer, which the witness checks",
}


@dataclass(frozen=True)
class KnownOperation:
    """An operation the collection does not call and the emulator does not serve, listed for reference."""

    sdk: str
    operation: str
    method: str
    path: str
    role: str


# The current (v1) equivalents of the out-of-date S2/S4 calls; a region that answers the seed paths with
# APIGW.0101 would need them. Their method and path are checked against the SDK's client.
NOT_EMULATED = (
    KnownOperation(
        "build", "DisableTheJob", "POST", "/v1/job/{job_id}/disable", "v1 alternative of S2 and DisableBuildJob"
    ),
    KnownOperation("build", "DeleteTheJob", "DELETE", "/v1/job/{job_id}/delete", "v1 alternative of S4"),
    KnownOperation(
        "build", "SetKeepTime", "POST", "/v1/job/keep-time", "how many days the recycle bin keeps a deleted job"
    ),
)
