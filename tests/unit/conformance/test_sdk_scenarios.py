# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Whole workflows through the official SDK clients: state changes the SDK then reads back.

Build jobs disabled, enabled and deleted, built, stopped and their history read; a pipeline run started,
stopped and read through v3 and v5; pipelines and runs listed; reviews decided; checks stopped and run,
with the current and the legacy Check SDK; CodeArts projects listed per region with the ProjectMan SDK. (These
were the SDK tests of tests/unit/emulator; the operation-by-operation checks are in test_sdk_operations.py.)
"""

from __future__ import annotations

import re

import pytest
from emulator_client import (
    HOUSEKEEPING_PROJECT,
    IAM_PROJECT_ID,
    LOAD_PROJECT,
    MISSING_JOB,
    NIGHTLY,
    PROJECT,
    RELEASE,
    USER,
)
from sdk_operations import (
    BUILDING_RUN,
    GATED_PIPELINE,
    HK_ACTIVE_JOB,
    HK_RUNAWAY_PIPELINE,
    HK_RUNAWAY_RUN,
    NIGHTLY_PIPELINE,
    RUNNING_TASK,
    SUCCEEDED_RUN,
    TWO_REVIEWS_RUN,
    WEB_TASK,
)
from sdk_support import credentials, make_client

MISSING_PIPELINE = "p1e00000000000000000000000000999"
HK_RETIRED_JOB = "b1d0000000000000000000000000a305"
MISSING_TASK = "c4ec0000000000000000000000000999"
DUPLICATE_TASKS = ("c4ec0000000000000000000000000004", "c4ec0000000000000000000000000005")
REVIEW_TASK = "official_devcloud_checkpoint"
V3_TIME = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$")
UTC_TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")


def _client(sdk, emulator, key):
    return make_client(sdk, key, emulator.url, credentials(sdk))


def _step_id(emulator, run_id, step_name):
    """The id the emulator gave a step of a run."""
    run = next(run for run in emulator.snapshot()["pipeline"]["runs"] if run["id"] == run_id)
    return next(
        step["id"]
        for stage in run["stages"]
        for job in stage["jobs"]
        for step in job["steps"]
        if step["name"] == step_name
    )


def test_sdk_reads_and_writes_build_jobs(sdk, emulator):
    build = sdk.build
    client = _client(sdk, emulator, "build")
    info = client.show_job_info(build.ShowJobInfoRequest(job_id=NIGHTLY))
    assert (info.result.job_name, info.result.disabled, info.status) == ("nightly-build", False, "success")
    assert client.show_disable(build.ShowDisableRequest(job_id=RELEASE)).result.disabled == 1
    assert client.show_running_status(build.ShowRunningStatusRequest(job_id=NIGHTLY)).result.is_running is False
    page = client.show_job_list_by_project_id(
        build.ShowJobListByProjectIdRequest(project_id=LOAD_PROJECT, page_index=1, page_size=100)
    )
    assert page.total == 150 and len(page.jobs) == 50 and page.jobs[0].job_name == "load-job-100"
    assert client.disable_build_job(build.DisableBuildJobRequest(job_id=NIGHTLY)).status == "success"
    assert client.show_disable(build.ShowDisableRequest(job_id=NIGHTLY)).result.forbiddener == USER
    assert client.enable_build_job(build.EnableBuildJobRequest(job_id=NIGHTLY)).status == "success"
    deleted = client.delete_build_job(build.DeleteBuildJobRequest(job_id=NIGHTLY))
    assert (deleted.result.job_id, deleted.result.project_id) == (NIGHTLY, PROJECT)
    with pytest.raises(sdk.ClientRequestException) as error:
        client.show_job_info(build.ShowJobInfoRequest(job_id=MISSING_JOB))
    assert (error.value.status_code, error.value.error_code) == (422, "DEVCB.00031006")
    assert error.value.request_id == emulator.requests()[-1]["request_id"]
    with pytest.raises(sdk.ClientRequestException) as error:
        client.show_job_info(build.ShowJobInfoRequest(job_id=NIGHTLY))
    assert (error.value.status_code, error.value.error_code) == (422, "DEVCB.00031006")


def test_sdk_starts_reads_and_stops_a_run(sdk, emulator):
    api = sdk.pipeline
    client = _client(sdk, emulator, "pipeline")
    body = api.StartPipelineParameters(build_params=[api.StartPipelineBuildParams(name="branch", value="main")])
    started = client.start_new_pipeline(api.StartNewPipelineRequest(pipeline_id=NIGHTLY_PIPELINE, body=body))
    assert started.pipeline_id == NIGHTLY_PIPELINE and re.fullmatch("[0-9a-f]{32}", started.build_id)
    status = client.show_pipleine_status(
        api.ShowPipleineStatusRequest(pipeline_id=NIGHTLY_PIPELINE, build_id=started.build_id)
    )
    assert (status.build_id, status.pipeline_name, status.status, status.outcome, status.executor) == (
        started.build_id,
        "nightly-pipeline",
        "running",
        None,
        USER,
    )
    assert V3_TIME.match(status.start_time) and status.end_time is None and status.elapsed_time.isdigit()
    assert [(param.name, param.value) for param in status.parameters] == [("branch", "main")]
    assert [
        (state.name, state.type, state.status, [child.type for child in state.children]) for state in status.states
    ] == [("Build", "stage", "running", ["task"]), ("Test", "stage", "waiting", ["task"])]
    stopped = client.stop_pipeline_new(
        api.StopPipelineNewRequest(pipeline_id=NIGHTLY_PIPELINE, build_id=started.build_id)
    )
    assert (stopped.pipeline_id, stopped.pipeline_name) == (NIGHTLY_PIPELINE, "nightly-pipeline")
    emulator.advance_clock(2)
    status = client.show_pipleine_status(
        api.ShowPipleineStatusRequest(pipeline_id=NIGHTLY_PIPELINE, build_id=started.build_id)
    )
    assert (status.status, status.outcome) == ("completed", "aborted") and V3_TIME.match(status.end_time)
    detail = client.show_pipeline_run_detail(
        api.ShowPipelineRunDetailRequest(
            project_id=PROJECT, pipeline_id=NIGHTLY_PIPELINE, pipeline_run_id=started.build_id
        )
    )
    assert (detail.id, detail.status, detail.run_number, detail.executor_name, detail.trigger_type) == (
        started.build_id,
        "CANCELED",
        3,
        USER,
        "Manual",
    )
    assert isinstance(detail.start_time, int) and isinstance(detail.end_time, int)
    stage = detail.stages[0]
    assert (stage.name, stage.status, stage.jobs[0].name, stage.jobs[0].status) == (
        "Build",
        "CANCELED",
        "build",
        "CANCELED",
    )
    step = stage.jobs[0].steps[0]
    compile_step = _step_id(emulator, started.build_id, "compile")
    assert (step.name, step.task, step.status, step.id) == (
        "compile",
        "official_devcloud_build",
        "CANCELED",
        compile_step,
    )
    stopped = client.stop_pipeline_run(
        api.StopPipelineRunRequest(project_id=PROJECT, pipeline_id=NIGHTLY_PIPELINE, pipeline_run_id=BUILDING_RUN)
    )
    assert stopped.success is True
    by_number = client.show_pipeline_run_detail(
        api.ShowPipelineRunDetailRequest(project_id=PROJECT, pipeline_id=NIGHTLY_PIPELINE, pipeline_run_number="1")
    )
    assert (by_number.id, by_number.status) == (SUCCEEDED_RUN, "COMPLETED")
    assert [entry["operation"] for entry in emulator.requests()] == [
        "StartNewPipeline",
        "ShowPipleineStatus",
        "StopPipelineNew",
        "ShowPipleineStatus",
        "ShowPipelineRunDetail",
        "StopPipelineRun",
        "ShowPipelineRunDetail",
    ]


def test_sdk_decides_reviews(sdk, emulator):
    api = sdk.pipeline
    client = _client(sdk, emulator, "pipeline")
    detail = client.show_pipeline_run_detail(
        api.ShowPipelineRunDetailRequest(project_id=PROJECT, pipeline_id=GATED_PIPELINE)
    )
    reviews = {
        step.name: (job.id, step.id, job.status, step.status, step.task)
        for stage in detail.stages
        for job in stage.jobs
        for step in job.steps
        if step.task == REVIEW_TASK
    }
    assert detail.id == TWO_REVIEWS_RUN and {name: review[2:] for name, review in reviews.items()} == {
        "qa-review": ("PAUSED", "RUNNING", REVIEW_TASK),
        "ops-review": ("PAUSED", "RUNNING", REVIEW_TASK),
    }
    ids = {"project_id": PROJECT, "pipeline_id": GATED_PIPELINE, "pipeline_run_id": TWO_REVIEWS_RUN}
    job_id, step_id = reviews["qa-review"][:2]
    accepted = client.accept_manual_review(
        api.AcceptManualReviewRequest(**ids, job_run_id=job_id, step_run_id=step_id, approval_description="ok")
    )
    assert accepted.success is True
    job_id, step_id = reviews["ops-review"][:2]
    refused = client.reject_manual_review(
        api.RejectManualReviewRequest(
            **ids, job_run_id=job_id, step_run_id=step_id, approval_description="not ok, 拒绝"
        )
    )
    assert refused.success is True
    assert (
        client.show_pipeline_run_detail(
            api.ShowPipelineRunDetailRequest(project_id=PROJECT, pipeline_id=GATED_PIPELINE)
        ).status
        == "FAILED"
    )
    with pytest.raises(sdk.ClientRequestException) as error:
        client.reject_manual_review(api.RejectManualReviewRequest(**ids, job_run_id=job_id, step_run_id=step_id))
    assert (error.value.status_code, error.value.error_code) == (400, "DEVPIPE.00011302")
    with pytest.raises(sdk.ClientRequestException) as error:
        client.show_pipleine_status(api.ShowPipleineStatusRequest(pipeline_id=MISSING_PIPELINE))
    assert (error.value.status_code, error.value.error_code) == (404, "DEVPIPE.00011401")
    log = emulator.requests()
    assert [entry["operation"] for entry in log][1:3] == ["AcceptManualReview", "RejectManualReview"]
    assert log[2]["query"] == {"approval_description": "not ok, 拒绝"}


def test_sdk_runs_stops_and_reads_builds(sdk, emulator):
    build = sdk.build
    client = _client(sdk, emulator, "build")
    body = build.RunJobRequestBody(job_id=HK_ACTIVE_JOB, parameter=[build.ParameterItem(name="branch", value="main")])
    started = client.run_job(build.RunJobRequest(body=body))
    assert (started.octopus_job_name, started.actual_build_number) == ("hk-active-build", "13")
    assert client.show_running_status(build.ShowRunningStatusRequest(job_id=HK_ACTIVE_JOB)).result.is_running is True
    stopped = client.stop_build_job(build.StopBuildJobRequest(job_id=HK_ACTIVE_JOB, build_no=13))
    assert (stopped.success, stopped.result) == (True, "stopped")
    history = client.show_list_history(
        build.ShowListHistoryRequest(job_id=HK_ACTIVE_JOB, offset=0, limit=2, interval=30)
    )
    assert history.total == 3 and [(record.build_number, record.result) for record in history.history_records] == [
        (13, "aborted"),
        (12, "success"),
    ]
    assert V3_TIME.match(history.history_records[0].start_time) and V3_TIME.match(history.history_records[0].end_time)
    details = client.show_history_details(build.ShowHistoryDetailsRequest(job_id=HK_ACTIVE_JOB, build_number=13))
    assert (details.parameters, details.build_steps[0].status, details.project_name) == (
        {"branch": "main"},
        "error",
        "housekeeping",
    )
    with pytest.raises(sdk.ClientRequestException) as error:
        client.stop_build_job(build.StopBuildJobRequest(job_id=HK_ACTIVE_JOB, build_no=13))
    assert (error.value.status_code, error.value.error_code) == (400, "DEVCB.00031011")
    with pytest.raises(sdk.ClientRequestException) as error:
        client.run_job(build.RunJobRequest(body=build.RunJobRequestBody(job_id=HK_RETIRED_JOB)))
    assert (error.value.status_code, error.value.error_code) == (400, "DEVCB.00031010")
    with pytest.raises(sdk.ClientRequestException) as error:
        client.show_list_history(build.ShowListHistoryRequest(job_id=HK_ACTIVE_JOB, offset=0, limit=10, interval=31))
    assert (error.value.status_code, error.value.error_code) == (400, "CB.00060200")
    assert [entry["operation"] for entry in emulator.requests()] == [
        "RunJob",
        "ShowRunningStatus",
        "StopBuildJob",
        "ShowListHistory",
        "ShowHistoryDetails",
        "StopBuildJob",
        "RunJob",
        "ShowListHistory",
    ]


def test_sdk_lists_pipelines_and_runs(sdk, emulator):
    api = sdk.pipeline
    client = _client(sdk, emulator, "pipeline")
    listed = client.list_pipelines(
        api.ListPipelinesRequest(
            project_id=HOUSEKEEPING_PROJECT,
            body=api.ListPipelineQuery(name="review", status=["RUNNING"], sort_key="name", sort_dir="asc"),
        )
    )
    assert (listed.total, [pipeline.name for pipeline in listed.pipelines]) == (
        2,
        ["hk-fresh-review", "hk-stale-review"],
    )
    stale = listed.pipelines[1].latest_run
    detail = client.show_pipeline_run_detail(
        api.ShowPipelineRunDetailRequest(
            project_id=HOUSEKEEPING_PROJECT, pipeline_id=stale.pipeline_id, pipeline_run_id=stale.pipeline_run_id
        )
    )
    review = next(
        step for stage in detail.stages for job in stage.jobs for step in job.steps if step.task == REVIEW_TASK
    )
    assert (review.name, review.status) == ("approval", "RUNNING")
    assert round((detail.current_system_time - review.start_time) / 3600_000) == 30
    runs = client.list_pipeline_runs(
        api.ListPipelineRunsRequest(
            project_id=HOUSEKEEPING_PROJECT,
            pipeline_id=HK_RUNAWAY_PIPELINE,
            body=api.ListPipelineRunsQuery(status=["RUNNING"], start_time="0"),
        )
    )
    assert (runs.total, runs.pipeline_runs[0].pipeline_run_id, runs.pipeline_runs[0].end_time) == (
        1,
        HK_RUNAWAY_RUN,
        None,
    )
    with pytest.raises(sdk.ClientRequestException) as error:
        client.list_pipelines(
            api.ListPipelinesRequest(project_id=HOUSEKEEPING_PROJECT, body=api.ListPipelineQuery(limit=101))
        )
    assert (error.value.status_code, error.value.error_code) == (400, "DEVPIPE.00011001")
    with pytest.raises(sdk.ClientRequestException) as error:
        client.list_pipeline_runs(
            api.ListPipelineRunsRequest(
                project_id=PROJECT, pipeline_id=HK_RUNAWAY_PIPELINE, body=api.ListPipelineRunsQuery()
            )
        )
    assert (error.value.status_code, error.value.error_code) == (404, "DEVPIPE.00011412")


def test_current_check_sdk_reads_every_answer(sdk, emulator):
    api = sdk.check
    client = _client(sdk, emulator, "check")
    progress = client.show_progress_detail(api.ShowProgressDetailRequest(task_id=RUNNING_TASK))
    assert progress.task_status == 0 and progress.progress.ratio.endswith("%") and progress.progress.info == "running"
    stopped = client.stop_task_by_id(api.StopTaskByIdRequest(task_id=RUNNING_TASK))
    assert isinstance(stopped, api.StopTaskByIdResponse) and stopped.status_code == 200
    emulator.service_action("check", "step", {"task_id": RUNNING_TASK, "seconds": 2})
    assert client.show_progress_detail(api.ShowProgressDetailRequest(task_id=RUNNING_TASK)).task_status == 3
    run = client.run_task(
        api.RunTaskRequest(
            task_id=WEB_TASK, body=api.RunRequestV2(git_branch="release", access_token="t", username="u")
        )
    )
    assert re.fullmatch("[0-9a-f]{32}", run.exec_id)
    emulator.service_action("check", "step", {"task_id": WEB_TASK, "seconds": 10})
    detail = client.show_task_detail(api.ShowTaskDetailRequest(task_id=WEB_TASK))
    assert (detail.task_id, detail.task_name, detail.git_branch, detail.issue_count, detail.critical_count) == (
        WEB_TASK,
        "web-frontend-check",
        "release",
        66,
        "1",
    )
    assert isinstance(detail.code_quality, float) and UTC_TIME.match(detail.last_check_time)
    page = client.show_task_list_by_project_id(
        api.ShowTaskListByProjectIdRequest(project_id=LOAD_PROJECT, offset=100, limit=100)
    )
    assert page.total == 120 and len(page.tasks) == 20 and page.tasks[0].task_name == "load-check-100"
    assert isinstance(page.tasks[0], api.SimpleTaskInfoV2) and page.tasks[0].created_at
    with pytest.raises(sdk.ClientRequestException) as error:
        client.show_progress_detail(api.ShowProgressDetailRequest(task_id=MISSING_TASK))
    assert (error.value.status_code, error.value.error_code) == (400, "CC.00010001")
    assert error.value.request_id == emulator.requests()[-1]["request_id"]
    operations = [entry["operation"] for entry in emulator.requests()]
    assert operations == [
        "ShowProgressDetail",
        "StopTaskById",
        "ShowProgressDetail",
        "RunTask",
        "ShowTaskDetail",
        "ShowTaskListByProjectId",
        "ShowProgressDetail",
    ]
    assert emulator.requests()[3]["body"] == {"git_branch": "release", "access_token": "******", "username": "u"}


def test_legacy_check_sdk_reads_every_answer(sdk, emulator):
    api = sdk.codecheck
    client = _client(sdk, emulator, "codecheck")
    assert client.show_progress_detail(api.ShowProgressDetailRequest(task_id=RUNNING_TASK)).task_status == 0
    assert client.stop_task_by_id(api.StopTaskByIdRequest(task_id=RUNNING_TASK)).status_code == 200
    emulator.advance_clock(2)
    progress = client.show_progress_detail(api.ShowProgressDetailRequest(task_id=RUNNING_TASK))
    assert (progress.task_status, progress.progress.ratio) == (3, None)
    assert client.run_task(api.RunTaskRequest(task_id=RUNNING_TASK, body=api.RunRequestV2(git_branch="hotfix"))).exec_id
    assert client.show_task_detail(api.ShowTaskDetailRequest(task_id=WEB_TASK)).major_count == "4"
    page = client.show_task_list_by_project_id(
        api.ShowTaskListByProjectIdRequest(project_id=PROJECT, offset=0, limit=100)
    )
    assert page.total == 5 and [task.task_id for task in page.tasks][3:] == list(DUPLICATE_TASKS)
    assert [entry["path"] for entry in emulator.requests()][:2] == [
        f"/v2/tasks/{RUNNING_TASK}/progress",
        f"/v2/tasks/{RUNNING_TASK}/stop",
    ]


def test_projectman_sdk_lists_each_regions_projects(sdk, emulator):
    """A ProjectMan client built for cn-south-1 looks its IAM project up and sees that region's projects only."""
    api = sdk.projectman
    for region, names in (
        ("cn-south-1", ["south-roadmap", "south-shop"]),
        ("cn-north-4", ["diagnostics", "release-freeze", "run-control", "housekeeping", "load", "demo"]),
    ):
        client = (
            api.ProjectManClient.new_builder()
            .with_credentials(credentials(sdk, project_id=None).with_iam_endpoint(emulator.url))
            .with_region(sdk.Region(region, emulator.url))
            .build()
        )
        page = client.list_projects_v4(api.ListProjectsV4Request(offset=0, limit=10, archive="false"))
        assert [project.project_name for project in page.projects] == names and page.total == len(names)
        assert isinstance(page.projects[0], api.ListProjectsV4ResponseBodyProjects)
    operations = [
        (entry["operation"], entry["query"].get("name"), entry["project_header"]) for entry in emulator.requests()
    ]
    assert operations == [
        ("KeystoneListProjects", "cn-south-1", None),
        ("ListProjectsV4", None, "89abcdef0123456789abcdef01234567"),
        ("KeystoneListProjects", "cn-north-4", None),
        ("ListProjectsV4", None, IAM_PROJECT_ID),
    ]
    shown = client.show_project_info_v4(api.ShowProjectInfoV4Request(project_id=PROJECT)).project
    assert (shown.name, shown.archive, shown.project_type) == ("demo", 0, "scrum")
