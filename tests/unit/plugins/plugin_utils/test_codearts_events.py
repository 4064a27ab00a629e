# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The poller of the codearts_events source against the emulator: what each poll reports, once, and what it costs."""

from __future__ import annotations

import pytest

from ansible_collections.huaweicloud.codearts.plugins.module_utils._check import CheckTasks
from ansible_collections.huaweicloud.codearts.plugins.module_utils._pipeline import Pipelines
from ansible_collections.huaweicloud.codearts.plugins.plugin_utils import _codearts_events as codearts_events
from ansible_collections.huaweicloud.codearts.tests.unit.plugins.plugin_utils.eda_support import (
    DEMO,
    HOUR,
    MAX_SKEW,
    SECRET_KEY,
    STALE_RUN,
    Emulator,
    about,
    events_of,
    load_seed,
    operations,
    source_args,
)


@pytest.fixture(name="emulator")
def emulator_fixture():
    with Emulator(max_skew=MAX_SKEW) as emulator:
        yield emulator


def poller(emulator, **options):
    params = codearts_events.validated(source_args(emulator, **options))
    return codearts_events.EventPoller(params, codearts_events.client_for(params))


def test_first_poll_reports_what_is_under_way(emulator):
    events = poller(emulator, waiting_longer_than="24h", running_longer_than="6h").poll()
    assert about(events, "run_started") == ["hk-fresh-review", "hk-healthy", "hk-runaway", "hk-stale-review"]
    assert about(events, "run_overdue") == ["hk-runaway", "hk-stale-review"]
    assert about(events, "review_waiting", "review") == ["hk-fresh-review", "hk-stale-review"]
    assert about(events, "review_overdue", "review") == ["hk-stale-review"]
    assert not events_of(events, "run_finished") and not events_of(events, "check_finished")
    # What a codearts_pipeline_manual_review task needs to decide the review, and how long it has waited.
    review = events_of(events, "review_overdue")[0]["review"]
    assert {key: review[key] for key in ("pipeline_run_id", "job_name", "step_name", "status")} == {
        "pipeline_run_id": STALE_RUN,
        "job_name": "approve",
        "step_name": "approval",
        "status": "RUNNING",
    }
    assert review["job_run_id"] and review["step_run_id"] and review["pipeline_id"] and review["start_time"]
    assert 30 * HOUR - 120 <= review["waited_seconds"] <= 30 * HOUR + 120
    # One pipeline list, a list of the runs under way of each of its 5 pipelines (all have runs), a detail of each of
    # the 4 runs under way, the task list and a progress read of each of its 3 tasks.
    assert sorted(operations(emulator)) == sorted(
        ["ListPipelines"]
        + ["ListPipelineRuns"] * 5
        + ["ShowPipelineRunDetail"] * 4
        + ["ShowTaskListByProjectId"]
        + ["ShowProgressDetail"] * 3
    )


def test_each_event_once_and_overdue_by_the_service_clock(emulator):
    source = poller(emulator, waiting_longer_than="36h", running_longer_than="12h")
    first = source.poll()
    assert about(first, "run_overdue") == ["hk-stale-review"] and not events_of(first, "review_overdue")
    emulator.clear_requests()
    assert source.poll() == []
    # Later polls read the progress only of the 2 checks under way.
    assert sorted(operations(emulator)) == sorted(
        ["ListPipelines"] + ["ShowPipelineRunDetail"] * 4 + ["ShowTaskListByProjectId"] + ["ShowProgressDetail"] * 2
    )
    # 8 hours later on the service's clock (this machine's has not moved): the stale review has waited 38 h.
    emulator.advance_clock(8 * HOUR)
    later = source.poll()
    assert about(later, "review_overdue", "review") == ["hk-stale-review"]
    assert about(later, "run_overdue") == ["hk-runaway"]  # 15 h; hk-fresh-review has run 10 h, hk-healthy 9 h
    assert sorted(event["codearts"]["type"] for event in later) == ["review_overdue", "run_overdue"]
    assert source.poll() == []


def test_a_run_from_start_to_finish(emulator):
    source = poller(emulator, watch=["runs"], pipelines=["hk-idle"])
    assert source.poll() == []  # its runs ended days ago
    Pipelines(source.client).start("p1e0000000000000000000000000a305", {})
    started = source.poll()
    assert about(started, "run_started") == ["hk-idle"] and len(started) == 1
    run_id = started[0]["codearts"]["run"]["id"]
    emulator.advance_clock(120)
    finished = events_of(source.poll(), "run_finished")
    assert [(event["run"]["id"], event["run"]["status"], event["run"]["outcome"]) for event in finished] == [
        (run_id, "COMPLETED", "success")
    ]
    assert 55 <= finished[0]["run"]["duration_seconds"] <= 65
    emulator.clear_requests()
    assert source.poll() == []
    assert operations(emulator) == ["ListPipelines"]  # nothing under way: one call a poll


def test_a_run_that_starts_and_ends_between_two_polls(emulator):
    source = poller(emulator, watch=["runs"], pipelines=["hk-idle", "p1e0000000000000000000000000a302"])
    source.poll()
    pipelines = Pipelines(source.client)
    first = pipelines.start("p1e0000000000000000000000000a305", {})
    emulator.advance_clock(120)
    second = pipelines.start("p1e0000000000000000000000000a305", {})
    emulator.advance_clock(120)
    emulator.clear_requests()
    events = source.poll()
    # Both runs ended unseen; the run list since the latest run seen before gives both, oldest first.
    assert [(event["type"], event["run"]["id"]) for event in events_of(events, "run_finished")] == [
        ("run_finished", first),
        ("run_finished", second),
    ]
    assert not events_of(events, "run_started")
    assert operations(emulator) == ["ListPipelines", "ListPipelineRuns"]


def test_a_run_overtaken_by_a_newer_one_still_gets_its_end(emulator):
    source = poller(emulator, watch=["runs"], pipelines=["hk-idle"])
    source.poll()
    pipelines = Pipelines(source.client)
    older = pipelines.start("p1e0000000000000000000000000a305", {})
    assert [event["run"]["id"] for event in events_of(source.poll(), "run_started")] == [older]
    newer = pipelines.start("p1e0000000000000000000000000a305", {})  # the older one still runs (60 s)
    assert [event["run"]["id"] for event in events_of(source.poll(), "run_started")] == [newer]
    emulator.advance_clock(180)
    emulator.clear_requests()
    # The latest run is the newer one; the older one, seen under way, is read from the run list since it started.
    events = source.poll()
    assert [(event["codearts"]["type"], event["codearts"]["run"]["id"]) for event in events] == [
        ("run_finished", older),
        ("run_finished", newer),
    ]
    assert operations(emulator) == ["ListPipelines", "ListPipelineRuns"]
    assert source.poll() == []


def test_a_check_that_finishes(emulator):
    source = poller(emulator, project_id=DEMO, watch=["checks"], check_tasks=["legacy-check"])
    assert source.poll() == []
    tasks = CheckTasks(source.client)
    tasks.run("c4ec0000000000000000000000000003")
    assert source.poll() == []  # under way
    emulator.advance_clock(30)
    events = source.poll()
    check = events_of(events, "check_finished")[0]["check"]
    assert (check["name"], check["status"]) == ("legacy-check", "failed")
    assert set(check["defects"]) == {"critical", "major", "minor", "suggestion", "total"}
    assert source.poll() == []
    # One that starts and ends between two polls: its latest check is new.
    tasks.run("c4ec0000000000000000000000000003")
    emulator.advance_clock(30)
    assert [event["check"]["status"] for event in events_of(source.poll(), "check_finished")] == ["failed"]


def test_trouble_once_then_recovered(emulator):
    source = poller(emulator, retries=0, watch=["runs"])
    emulator.add_fault(path="/api/pipelines/list$", status=429, count=2)
    first = source.poll()
    assert [event["codearts"]["type"] for event in first] == ["source_trouble"]
    trouble = first[0]["codearts"]["trouble"]
    assert (trouble["kind"], trouble["status"], trouble["failed_polls"]) == ("throttled", 429, 1)
    assert trouble["request_id"]
    assert source.poll() == []  # the same trouble again: no second event
    recovered = source.poll()
    assert recovered[0]["codearts"]["type"] == "source_recovered"
    assert recovered[0]["codearts"]["trouble"]["failed_polls"] == 2
    assert about(recovered, "run_started") == ["hk-fresh-review", "hk-healthy", "hk-runaway", "hk-stale-review"]


def test_refused_credentials_and_an_endpoint_that_does_not_answer(emulator):
    wrong = "WRONG-SECRET-KEY-0000000000000000000000000"
    events = poller(emulator, secret_key=wrong).poll()
    trouble = events_of(events, "source_trouble")[0]["trouble"]
    assert (trouble["kind"], trouble["status"]) == ("credentials_refused", 401)
    assert wrong not in repr(events) and SECRET_KEY not in repr(events)
    params = codearts_events.validated(
        dict(source_args(emulator), endpoint_url="http://127.0.0.1:9", retries=0, timeout=2)
    )
    events = codearts_events.EventPoller(params, codearts_events.client_for(params)).poll()
    assert events_of(events, "source_trouble")[0]["trouble"]["kind"] == "unreachable"


@pytest.mark.parametrize(
    "options, message",
    [
        ({"project_id": None}, "project_id"),
        ({"project_id": "../c0dea775"}, "project_id"),
        ({"interval": 0}, "interval must be at least 1"),
        ({"waiting_longer_than": "soon"}, "waiting_longer_than"),
        ({"running_longer_than": "-1h"}, "running_longer_than"),
        ({"watch": ["builds"]}, "watch"),
        ({"remember": 5}, "remember must be at least 100"),
        ({"retries": "many"}, "retries"),
        ({"access_key": None, "secret_key": None, "iam_project_id": None}, "No credentials"),
    ],
)
def test_bad_options_fail_before_any_request(emulator, monkeypatch, options, message):
    for name in (
        "HUAWEICLOUD_SDK_AK",
        "HUAWEICLOUD_SDK_SK",
        "CLOUD_SDK_AK",
        "CLOUD_SDK_SK",
        "HW_ACCESS_KEY",
        "HW_SECRET_KEY",
        "HUAWEICLOUD_AUTH_TOKEN",
        "HW_USER_NAME",
        "HW_PASSWORD",
    ):
        monkeypatch.delenv(name, raising=False)
    args = {name: value for name, value in dict(source_args(emulator), **options).items() if value is not None}
    with pytest.raises(ValueError, match="huaweicloud.codearts.codearts_events: ") as raised:
        params = codearts_events.validated(args)
        codearts_events.client_for(params)
    assert message in str(raised.value)
    assert SECRET_KEY not in str(raised.value)
    assert emulator.requests() == []


def test_options_from_the_modules_environment_variables(emulator, monkeypatch):
    args = source_args(emulator)
    monkeypatch.setenv("HUAWEICLOUD_CODEARTS_ENDPOINT", args.pop("endpoint_url"))
    monkeypatch.setenv("HUAWEICLOUD_SDK_AK", args.pop("access_key"))
    monkeypatch.setenv("HUAWEICLOUD_SDK_SK", args.pop("secret_key"))
    monkeypatch.setenv("HUAWEICLOUD_SDK_PROJECT_ID", args.pop("iam_project_id"))
    params = codearts_events.validated(dict(args, watch=["runs"]))
    events = codearts_events.EventPoller(params, codearts_events.client_for(params)).poll()
    assert len(events_of(events, "run_started")) == 4


def test_remembered_keys_are_bounded():
    remembered = codearts_events.Remembered(100)
    for number in range(250):
        remembered.add(("run_started", number))
    assert len(remembered) == 100
    assert ("run_started", 149) not in remembered and ("run_started", 150) in remembered


def _project_of_50_pipelines(seed, project_id, waiting):
    """50 pipelines in a project of their own: ``waiting`` of them with a run waiting for a review, the others idle."""
    review_stages = [
        {"name": "Build", "jobs": [{"name": "build", "steps": [{"name": "build", "task": "official_devcloud_build"}]}]},
        {
            "name": "Approve",
            "jobs": [{"name": "approve", "steps": [{"name": "approval", "task": "official_devcloud_checkpoint"}]}],
        },
    ]
    for number in range(50):
        run = (
            {"id": "rf5%029d" % number, "at": "approval", "waited": 600}
            if number < waiting
            else {"id": "rf5%029d" % number, "end": "completed", "ended_ago": 3600}
        )
        seed["pipeline"]["pipelines"].append(
            {
                "id": "p1e%029d" % number,
                "name": "fleet-%02d" % number,
                "project_id": project_id,
                "step_duration": 60,
                "stages": review_stages,
                "runs": [run],
            }
        )
    return seed


def test_what_a_poll_costs_for_50_pipelines(emulator):
    project_id = "c0dea7750000000000000000000000f5"
    emulator.reset(_project_of_50_pipelines(load_seed(None), project_id, waiting=5))
    source = poller(emulator, project_id=project_id)
    first = source.poll()
    assert len(events_of(first, "review_waiting")) == 5
    # The first poll: besides, one list of the runs under way of each pipeline (each has a run).
    assert sorted(operations(emulator)) == sorted(
        ["ListPipelines"] + ["ListPipelineRuns"] * 50 + ["ShowPipelineRunDetail"] * 5 + ["ShowTaskListByProjectId"]
    )
    emulator.clear_requests()
    assert source.poll() == []
    # One page of the pipeline list, one detail of each run under way (the reviews), one page of the task list.
    assert sorted(operations(emulator)) == sorted(
        ["ListPipelines"] + ["ShowPipelineRunDetail"] * 5 + ["ShowTaskListByProjectId"]
    )
    emulator.clear_requests()
    source = poller(emulator, project_id=project_id, watch=["runs"])
    source.poll()
    emulator.clear_requests()
    source.poll()
    assert operations(emulator) == ["ListPipelines"]


def _pipeline_with_a_long_run_behind_a_newer_one(seed):
    """hk-runaway's runs made so: run 1 has been under way for 10 hours; run 2 started since and has finished."""
    pipeline = next(item for item in seed["pipeline"]["pipelines"] if item["name"] == "hk-runaway")
    pipeline["runs"] = [
        {"id": "r000000000000000000000000000a3f1", "at": "build", "waited": 36000, "remaining": 864000},
        {"id": "r000000000000000000000000000a3f2", "end": "completed", "ended_ago": 600},
    ]
    return seed


def test_a_run_under_way_behind_a_newer_finished_run_is_seen(emulator):
    """Pipelines may run concurrently: the latest run is not the only one that can be under way (issue 19, item 13)."""
    emulator.reset(_pipeline_with_a_long_run_behind_a_newer_one(load_seed(None)))
    source = poller(emulator, pipelines=["hk-runaway"], watch=["runs"], running_longer_than="6h")
    first = source.poll()
    assert [event["run"]["id"] for event in events_of(first, "run_started")] == ["r000000000000000000000000000a3f1"]
    assert [event["run"]["id"] for event in events_of(first, "run_overdue")] == ["r000000000000000000000000000a3f1"]
    # The first sight of a pipeline with runs costs one list of its runs under way.
    assert operations(emulator) == ["ListPipelines", "ListPipelineRuns"]
    # Then, while a run under way is not the latest, one list of the runs since it shows whether it has ended.
    emulator.clear_requests()
    assert source.poll() == []
    assert operations(emulator) == ["ListPipelines", "ListPipelineRuns"]


RUN_CONTROL = "c0dea7750000000000000000000000a4"
QUEUE_PIPELINE = "p1e0000000000000000000000000a401"
QUEUED_LONG, QUEUED_SHORT = "r000000000000000000000000000a402", "r000000000000000000000000000a403"


def _ids(events, kind):
    return [event["run"]["id"] for event in events_of(events, kind)]


def test_queued_runs_are_reported_once_and_overdue_by_how_long_they_queued(emulator):
    source = poller(emulator, project_id=RUN_CONTROL, watch=["runs"], queued_longer_than="1h")
    first = source.poll()
    assert _ids(first, "run_queued") == [QUEUED_LONG, QUEUED_SHORT]
    assert _ids(first, "run_queue_overdue") == [QUEUED_LONG]
    queued = events_of(first, "run_queued")[0]["run"]
    assert (queued["status"], queued["queue_id"], queued["pipeline_name"]) == ("QUEUED", 1, "queue-pipeline")
    assert queued["queued_seconds"] >= 90 * 60 - 1 and queued["enqueue_time"]
    # A queued run is neither under way nor over: no run_started or run_finished for it.
    assert QUEUED_LONG not in _ids(first, "run_started") + _ids(first, "run_finished")
    # queue-pipeline's latest run has not started (it queued): its queue is read; the others' are not.
    assert operations(emulator).count("ListPipelineQueue") == 1
    emulator.clear_requests()
    assert source.poll() == []
    # While runs of it are queued, each poll reads its queue; and the runs since its run under way started, which is
    # not its latest run (a queued one is), to see that run end.
    assert operations(emulator) == ["ListPipelines", "ListPipelineRuns", "ListPipelineQueue"]
    emulator.advance_clock(3600)  # the one queued 10 minutes ago has now queued 70
    assert _ids(source.poll(), "run_queue_overdue") == [QUEUED_SHORT]


def test_a_new_queued_run_and_a_run_that_leaves_the_queue(emulator):
    source = poller(emulator, project_id=RUN_CONTROL, watch=["runs"], pipelines=["queue-pipeline"])
    source.poll()
    pipelines = Pipelines(source.client)
    new = pipelines.run(RUN_CONTROL, QUEUE_PIPELINE, {})
    assert new["queued"] is True
    assert _ids(source.poll(), "run_queued") == [new["pipeline_run_id"]]
    # The run under way is stopped: the oldest queued run leaves the queue and starts.
    pipelines.stop(QUEUE_PIPELINE, "r000000000000000000000000000a401")
    emulator.advance_clock(60)
    emulator.clear_requests()
    events = source.poll()
    assert _ids(events, "run_finished") == ["r000000000000000000000000000a401"]
    assert _ids(events, "run_started") == [QUEUED_LONG]
    assert operations(emulator) == ["ListPipelines", "ListPipelineRuns", "ListPipelineQueue", "ListPipelineRuns"]


def test_queues_are_not_read_without_runs_watched(emulator):
    poller(emulator, project_id=RUN_CONTROL, watch=["reviews"]).poll()
    assert "ListPipelineQueue" not in operations(emulator)


def test_checkpoints_delays_and_suspend_steps_are_reported_as_waiting_steps(emulator):
    source = poller(emulator, project_id=RUN_CONTROL, watch=["reviews"], waiting_longer_than="1h")
    events = source.poll()
    steps = [event["step"] for event in events_of(events, "step_waiting")]
    waiting = sorted((step["pipeline_name"], step["kind"], step["step_name"]) for step in steps)
    assert waiting == [
        ("delay-pipeline", "delay", "hold"),
        ("gate-pipeline", "checkpoint", "Deploy entry"),
        ("suspend-pipeline", "suspend", "pause"),
        ("twin-delay-pipeline", "delay", "east-hold"),
        ("twin-delay-pipeline", "delay", "west-hold"),
    ]
    # Only the checkpoint has waited longer than an hour (2 h).
    assert [event["step"]["step_name"] for event in events_of(events, "step_overdue")] == ["Deploy entry"]
    gate = next(step for step in steps if step["kind"] == "checkpoint")
    assert (
        gate["job_run_id"] is None
        and gate["step_run_id"]
        and gate["pipeline_run_id"] == "r000000000000000000000000000a405"
    )
    # From the run details the poll reads anyway: no request more than for reviews.
    assert "ListPipelineQueue" not in operations(emulator)
    assert source.poll() == []


# The log tails of failed runs (log_lines): the seed's diagnostics project (a6) holds checkout-pipeline, whose run 2
# failed before the source starts and whose run 3 runs its unit tests (the admin action `fail` fails them).
DIAGNOSTICS = "c0dea7750000000000000000000000a6"
FAILED_BEFORE, FAILING_RUN = "r000000000000000000000000000a602", "r000000000000000000000000000a603"


def _fail_the_running_run(emulator):
    emulator.service_action("pipeline", "fail", {"pipeline_run_id": FAILING_RUN, "message": "1 of 214 tests failed."})


def test_a_failed_run_finishes_with_its_failed_steps_log_tails_read_once(emulator):
    source = poller(emulator, project_id=DIAGNOSTICS, watch=["runs"], log_lines=3)
    first = source.poll()
    assert _ids(first, "run_started") == [FAILING_RUN] and not events_of(first, "run_finished")
    assert "ShowPipelineLog" not in operations(emulator), "a run that failed before the source started is not read"
    emulator.clear_requests()
    _fail_the_running_run(emulator)
    finished = source.poll()
    (event,) = events_of(finished, "run_finished")
    assert (event["run"]["id"], event["run"]["status"], event["run"]["outcome"]) == (FAILING_RUN, "FAILED", "error")
    (step,) = event["run"]["failed_steps"]
    assert (step["step_name"], step["job_name"], step["message"]) == (
        "unit-tests",
        "unit-tests",
        "1 of 214 tests failed.",
    )
    assert step["log_tail"] == [
        "collected 214 items",
        "FAILED tests/unit/test_checkout.py::test_address_needs_a_zip_code - KeyError: 'zip'",
        "[ERROR] 1 of 214 tests failed.",
    ]
    # One detail of the failed run (its failed steps) and one log read of its one failed step (lint was canceled).
    assert operations(emulator) == ["ListPipelines", "ShowPipelineRunDetail", "ShowPipelineLog"]
    (read,) = [entry for entry in emulator.requests() if entry["operation"] == "ShowPipelineLog"]
    assert read["body"] == {"limit": 3, "sort": "desc", "start_offset": 0, "end_offset": 0}
    emulator.clear_requests()
    assert source.poll() == [] and operations(emulator) == ["ListPipelines"], "read once, reported once"


def test_without_log_lines_a_failed_run_costs_no_more_reads(emulator):
    source = poller(emulator, project_id=DIAGNOSTICS, watch=["runs"])
    source.poll()
    emulator.clear_requests()
    _fail_the_running_run(emulator)
    (event,) = events_of(source.poll(), "run_finished")
    assert event["run"]["status"] == "FAILED" and "failed_steps" not in event["run"]
    assert operations(emulator) == ["ListPipelines"]


def test_a_run_that_did_not_fail_finishes_with_no_failed_steps_and_no_read(emulator):
    source = poller(emulator, project_id=DIAGNOSTICS, watch=["runs"], log_lines=5)
    source.poll()
    emulator.clear_requests()
    emulator.service_action("pipeline", "step", {"pipeline_run_id": FAILING_RUN, "seconds": 20 * 86400})
    (event,) = events_of(source.poll(), "run_finished")
    assert (event["run"]["status"], event["run"]["failed_steps"]) == ("COMPLETED", [])
    assert operations(emulator) == ["ListPipelines"]


@pytest.mark.parametrize("value", [-1, 1001])
def test_log_lines_out_of_range_stops_the_source_before_any_request(emulator, value):
    with pytest.raises(ValueError, match="log_lines is how many of the last lines of a log to read, from 0"):
        codearts_events.validated(source_args(emulator, log_lines=value))
    assert operations(emulator) == []
