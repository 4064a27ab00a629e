# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""CodeArts Pipeline holds besides manual reviews (codearts-api-run-control.md 7.1.1 R8-R13, 7.1.5, 7.7): a stage's
manual entry (AcceptCheckpoint, RejectCheckpoint), delay steps (AcceptDelayJob, RejectDelayJob, ContinueDelayJob) and
suspend steps (ResumePipeline); how each reads (v5 detail, v3 status, the lists), stops and retries of runs held there,
and the seed's holds.

The seed's run-control project (c0dea775...a4): gate-pipeline (Build, then Deploy entered by hand; its run waits at
"Deploy entry" for 2 h), delay-pipeline (Build, then Release: a 2-hour delay `hold`, then `release`; its run has waited
10 minutes), suspend-pipeline (Build, then Verify: suspend step `pause`, then `check`; its run suspended for 30 minutes)
and twin-delay-pipeline (one stage, jobs east and west each held by a 1-hour delay; its run has waited 5 minutes).
Every other step takes an hour.
"""

from __future__ import annotations

import re

import pytest
from emulator_client import PROJECT, USER, Client, admin, ok

from codearts_emulator.server import Emulator
from codearts_emulator.state import load_seed

RUN_CONTROL = "c0dea7750000000000000000000000a4"
GATE, DELAY, SUSPEND, TWIN = (f"p1e0000000000000000000000000a40{n}" for n in range(4, 8))
GATE_RUN, DELAY_RUN, SUSPEND_RUN, TWIN_RUN = (f"r000000000000000000000000000a40{n}" for n in range(5, 9))
ENTRY_TASK, DELAY_TASK, SUSPEND_TASK = (
    "official_devcloud_manualTrigger",
    "official_devcloud_delay",
    "official_devcloud_suspendPipeline",
)
NOT_ALLOWED, MISSING = "DEVPIPE.99990001", "DEVPIPE.00011404"
ONE, TWO, THREE = ("r" + str(n) * 31 for n in range(1, 4))
CUSTOM = "p1e0000000000000000000000000c0de"
STEP_FIELDS = {
    "id",
    "name",
    "task",
    "business_type",
    "inputs",
    "sequence",
    "identifier",
    "official_task_version",
    "multi_step_editable",
    "endpoint_ids",
    "status",
    "message",
    "start_time",
    "end_time",
}


def _refused(response, code=NOT_ALLOWED):
    """The error message of a 400 (404 for a missing step or run)."""
    status = 404 if code == MISSING else 400
    assert (response.status, response.json()["error_code"]) == (status, code), response.body
    return response.json()["error_msg"]


def _runs_path(pipeline, project=RUN_CONTROL):
    return f"/v5/{project}/api/pipelines/{pipeline}/pipeline-runs"


def _detail(client, pipeline, run_id, project=RUN_CONTROL):
    return ok(client.call("GET", f"{_runs_path(pipeline, project)}/detail", {"pipeline_run_id": run_id}))


def _v3(client, pipeline, run_id):
    return ok(client.call("GET", f"/v3/pipelines/{pipeline}/status", {"build_id": run_id}))


def _v3_statuses(client, pipeline, run_id):
    """The run's v3 status, then each stage's and its jobs' ([stage, [job, ...]])."""
    status = _v3(client, pipeline, run_id)
    return status["status"], [
        (state["status"], [child["status"] for child in state["children"]]) for state in status["states"]
    ]


def _found(detail, name):
    """(stage, job, step) of the step called `name`, or (stage, None, pre step) of the stage entry called so."""
    for stage in detail["stages"]:
        for pre in stage["pre"]:
            if pre["name"] == name:
                return stage, None, pre
        for job in stage["jobs"]:
            for step in job["steps"]:
                if step["name"] == name:
                    return stage, job, step
    raise KeyError(name)


def _statuses(detail):
    """The run's status, then {step or entry name: (stage, job (None for an entry), step status)}."""
    names = [pre["name"] for stage in detail["stages"] for pre in stage["pre"]] + [
        step["name"] for stage in detail["stages"] for job in stage["jobs"] for step in job["steps"]
    ]
    return detail["status"], {
        name: (stage["status"], job and job["status"], step["status"])
        for name, (stage, job, step) in ((name, _found(detail, name)) for name in names)
    }


def _checkpoint(client, pipeline, run_id, name, action, project=RUN_CONTROL):
    """R8/R9: POST .../pipeline-runs/{run}/steps/{step}/manual/{action}, no job in the path, no body."""
    step = _found(_detail(client, pipeline, run_id, project), name)[2]
    return client.call("POST", f"{_runs_path(pipeline, project)}/{run_id}/steps/{step['id']}/manual/{action}")


def _hold(client, pipeline, run_id, name, action, body=None, project=RUN_CONTROL):
    """R6/R7, R10-R13: POST .../pipeline-runs/{run}/jobs/{job}/steps/{step}/{action}."""
    _stage, job, step = _found(_detail(client, pipeline, run_id, project), name)
    path = f"{_runs_path(pipeline, project)}/{run_id}/jobs/{job['id']}/steps/{step['id']}/{action}"
    return client.call("POST", path, body=body)


def _stop(client, pipeline, run_id, project=RUN_CONTROL):
    return client.call("POST", f"{_runs_path(pipeline, project)}/{run_id}/stop")


def _retry(client, pipeline, run_id, project=RUN_CONTROL):
    return client.call("PUT", f"{_runs_path(pipeline, project)}/{run_id}/retry")


def _start(client, pipeline):
    return ok(client.call("POST", f"/v5/{RUN_CONTROL}/api/pipelines/{pipeline}/run"))["pipeline_run_id"]


def _step(client, **body):
    return ok(admin(client, "pipeline/step", body))


def _state_run(emulator, run_id):
    return next(run for run in emulator.snapshot()["pipeline"]["runs"] if run["id"] == run_id)


def _state_step(emulator, run_id, name):
    run = _state_run(emulator, run_id)
    return next(
        step
        for stage in run["stages"]
        for step in [*stage["pre"], *(step for job in stage["jobs"] for step in job["steps"])]
        if step["name"] == name
    )


def _seconds_ago(emulator, ms):
    """How long before now `ms` was, in seconds, give or take the time the test took (2 s at most)."""
    return pytest.approx((emulator.state.clock.now_ms() - ms) / 1000, abs=2)


def _seed(stages, runs, **options):
    """The default seed with one more pipeline, CUSTOM, in the demo project."""
    seed = load_seed(None)
    pipeline = {"id": CUSTOM, "name": "custom", "project_id": PROJECT, "stages": stages, "runs": runs, **options}
    seed["pipeline"]["pipelines"] = [*seed["pipeline"]["pipelines"], pipeline]
    return seed


def _build(name, duration=60):
    return {"name": name, "task": "official_devcloud_build", "duration": duration}


def _job(name, *steps):
    return {"name": name, "steps": list(steps)}


# A stage's manual entry (R8 AcceptCheckpoint, R9 RejectCheckpoint)


def test_a_seeded_run_waits_at_a_stage_entry(client, emulator):
    detail = _detail(client, GATE, GATE_RUN)
    assert _statuses(detail) == (
        "RUNNING",
        {
            "Deploy entry": ("PAUSED", None, "RUNNING"),
            "build": ("COMPLETED", "COMPLETED", "COMPLETED"),
            "deploy": ("PAUSED", "INIT", "INIT"),
        },
    )
    build, deploy = detail["stages"]
    assert (build["pre"], build["post"], deploy["post"]) == ([], [], [])
    (entry,) = deploy["pre"]
    assert set(entry) == STEP_FIELDS and re.fullmatch("[0-9a-f]{32}", entry["id"])
    assert (entry["name"], entry["task"], entry["status"], entry["message"], entry["inputs"], entry["end_time"]) == (
        "Deploy entry",
        ENTRY_TASK,
        "RUNNING",
        "",
        [],
        None,
    )
    assert _seconds_ago(emulator, entry["start_time"]) == 7200, "it has waited 2 hours"
    assert deploy["start_time"] == entry["start_time"] and deploy["jobs"][0]["start_time"] is None
    assert _v3_statuses(client, GATE, GATE_RUN) == (
        "running",
        [("completed", ["completed"]), ("running", ["waiting"])],
    ), "[MODEL] a run at a stage entry reads running, its jobs waiting"
    listed = ok(client.call("POST", f"{_runs_path(GATE)}/list", body={}))["pipeline_runs"]
    assert [(run["pipeline_run_id"], run["status"]) for run in listed] == [(GATE_RUN, "RUNNING")]
    assert [stage["status"] for stage in listed[0]["stage_status_list"]] == ["COMPLETED", "PAUSED"]


def test_accept_checkpoint_starts_the_stage(client, emulator):
    response = _checkpoint(client, GATE, GATE_RUN, "Deploy entry", "pass")
    assert (response.status, response.json()) == (200, {"success": True})
    entry_log = emulator.requests()[-1]
    assert (entry_log["operation"], entry_log["body"]) == ("AcceptCheckpoint", None)
    now = emulator.state.clock.now_ms()
    detail = _detail(client, GATE, GATE_RUN)
    assert _statuses(detail) == (
        "RUNNING",
        {
            "Deploy entry": ("RUNNING", None, "COMPLETED"),
            "build": ("COMPLETED", "COMPLETED", "COMPLETED"),
            "deploy": ("RUNNING", "RUNNING", "RUNNING"),
        },
    )
    entry = _found(detail, "Deploy entry")[2]
    assert abs(entry["end_time"] - now) < 2000 and abs(detail["stages"][1]["jobs"][0]["start_time"] - now) < 2000
    review = _state_step(emulator, GATE_RUN, "Deploy entry")["review"]
    assert (review["decision"], review["by"]) == ("approved", USER)
    again = _checkpoint(client, GATE, GATE_RUN, "Deploy entry", "pass")
    assert _refused(again) == "The step Deploy entry is not a stage entry waiting for confirmation: it is COMPLETED."
    _refused(_checkpoint(client, GATE, GATE_RUN, "Deploy entry", "refuse"))
    assert _step(client, pipeline_run_id=GATE_RUN, seconds=3600) == {"events": 1, "runs": {GATE_RUN: "COMPLETED"}}


def test_reject_checkpoint_fails_the_stage_and_the_run(client, emulator):
    response = _checkpoint(client, GATE, GATE_RUN, "Deploy entry", "refuse")
    assert (response.status, response.json()) == (200, {"success": True})
    assert emulator.requests()[-1]["operation"] == "RejectCheckpoint"
    detail = _detail(client, GATE, GATE_RUN)
    assert _statuses(detail) == (
        "FAILED",
        {
            "Deploy entry": ("FAILED", None, "FAILED"),
            "build": ("COMPLETED", "COMPLETED", "COMPLETED"),
            "deploy": ("FAILED", "INIT", "INIT"),
        },
    )
    entry = _found(detail, "Deploy entry")[2]
    assert entry["message"] == "" and entry["end_time"] == detail["end_time"] == detail["stages"][1]["end_time"]
    status = _v3(client, GATE, GATE_RUN)
    assert (status["status"], status["outcome"]) == ("completed", "error")
    assert _state_step(emulator, GATE_RUN, "Deploy entry")["review"]["decision"] == "rejected"
    _refused(_checkpoint(client, GATE, GATE_RUN, "Deploy entry", "pass"))


def test_retry_after_a_refused_entry_waits_at_it_again(client, emulator):
    """[MODEL] The retry starts the failed stage again: its entry waits again, with a new start_time."""
    first = _found(_detail(client, GATE, GATE_RUN), "Deploy entry")[2]
    ok(_checkpoint(client, GATE, GATE_RUN, "Deploy entry", "refuse"))
    assert ok(_retry(client, GATE, GATE_RUN)) == {"success": True}
    detail = _detail(client, GATE, GATE_RUN)
    assert _statuses(detail) == (
        "RUNNING",
        {
            "Deploy entry": ("PAUSED", None, "RUNNING"),
            "build": ("COMPLETED", "COMPLETED", "COMPLETED"),
            "deploy": ("PAUSED", "INIT", "INIT"),
        },
    )
    entry = _found(detail, "Deploy entry")[2]
    assert (entry["id"], entry["end_time"]) == (first["id"], None)
    assert _seconds_ago(emulator, entry["start_time"]) == 0 and detail["end_time"] is None
    assert _state_step(emulator, GATE_RUN, "Deploy entry")["review"] is None
    ok(_checkpoint(client, GATE, GATE_RUN, "Deploy entry", "pass"))
    assert _statuses(_detail(client, GATE, GATE_RUN))[1]["deploy"] == ("RUNNING", "RUNNING", "RUNNING")


def test_a_started_run_waits_at_the_manual_entry(client, emulator):
    run_id = _start(client, GATE)
    assert _statuses(_detail(client, GATE, run_id))[1] == {
        "Deploy entry": ("INIT", None, "INIT"),
        "build": ("RUNNING", "RUNNING", "RUNNING"),
        "deploy": ("INIT", "INIT", "INIT"),
    }
    _refused(_checkpoint(client, GATE, run_id, "Deploy entry", "pass"))  # not reached yet: it is INIT
    assert _step(client, pipeline_run_id=run_id, seconds=3600) == {"events": 1, "runs": {run_id: "RUNNING"}}
    assert _statuses(_detail(client, GATE, run_id))[1]["Deploy entry"] == ("PAUSED", None, "RUNNING")
    assert _step(client, pipeline_run_id=run_id, seconds=86400)["events"] == 0, "an entry waits until confirmed"
    ok(_checkpoint(client, GATE, run_id, "Deploy entry", "pass"))
    assert _step(client, pipeline_run_id=run_id, seconds=3600)["runs"] == {run_id: "COMPLETED"}


def test_checkpoint_actions_on_what_is_not_a_waiting_entry(client):
    build = _found(_detail(client, GATE, GATE_RUN), "build")[2]
    message = _refused(client.call("POST", f"{_runs_path(GATE)}/{GATE_RUN}/steps/{build['id']}/manual/pass"))
    assert message == f"The step build is not a stage entry waiting for confirmation: its task is {build['task']}."
    _refused(_checkpoint(client, DELAY, DELAY_RUN, "hold", "refuse"))  # a delay step is no stage entry
    missing = client.call("POST", f"{_runs_path(GATE)}/{GATE_RUN}/steps/{'e' * 32}/manual/pass")
    assert "does not exist" in _refused(missing, MISSING)
    elsewhere = client.call("POST", f"{_runs_path(DELAY)}/{DELAY_RUN}/steps/{build['id']}/manual/pass")
    _refused(elsewhere, MISSING)  # another run's step
    # The entry step is not a job's step: the review and delay routes do not find it.
    stage = _detail(client, GATE, GATE_RUN)["stages"][1]
    path = f"{_runs_path(GATE)}/{GATE_RUN}/jobs/{stage['jobs'][0]['id']}/steps/{stage['pre'][0]['id']}"
    for action in ("pass", "delay-pass"):
        _refused(client.call("POST", f"{path}/{action}"), MISSING)


def test_stop_at_a_stage_entry_cancels_it(client, emulator):
    assert ok(_stop(client, GATE, GATE_RUN)) == {"success": True}
    assert "being stopped" in _refused(_checkpoint(client, GATE, GATE_RUN, "Deploy entry", "pass"))
    assert _statuses(_detail(client, GATE, GATE_RUN))[0] == "RUNNING", "until the stop lands"
    assert _step(client, pipeline_run_id=GATE_RUN) == {"events": 1, "runs": {GATE_RUN: "CANCELED"}}
    detail = _detail(client, GATE, GATE_RUN)
    assert _statuses(detail) == (
        "CANCELED",
        {
            "Deploy entry": ("CANCELED", None, "CANCELED"),
            "build": ("COMPLETED", "COMPLETED", "COMPLETED"),
            "deploy": ("CANCELED", "INIT", "INIT"),
        },
    )
    assert _found(detail, "Deploy entry")[2]["end_time"] == detail["end_time"]
    assert _v3(client, GATE, GATE_RUN)["outcome"] == "aborted"


# Delay steps (R10 AcceptDelayJob, R11 RejectDelayJob, R12 ContinueDelayJob)


def test_a_seeded_run_waits_at_a_delay(client, emulator):
    detail = _detail(client, DELAY, DELAY_RUN)
    assert _statuses(detail) == (
        "RUNNING",
        {
            "build": ("COMPLETED", "COMPLETED", "COMPLETED"),
            "hold": ("RUNNING", "PAUSED", "RUNNING"),
            "release": ("RUNNING", "PAUSED", "INIT"),
        },
    )
    hold = _found(detail, "hold")[2]
    assert (hold["task"], hold["inputs"], hold["message"]) == (
        DELAY_TASK,
        [{"key": "delayTime", "value": "7200"}, {"key": "timerType", "value": "delay"}],
        "",
    )
    assert _found(detail, "release")[2]["inputs"] == [] and detail["stages"][1]["pre"] == []
    assert _seconds_ago(emulator, hold["start_time"]) == 600
    assert _state_step(emulator, DELAY_RUN, "hold")["extensions"] == 0
    assert _v3_statuses(client, DELAY, DELAY_RUN) == (
        "running",
        [("completed", ["completed"]), ("running", ["running"])],
    ), "[MODEL] a run at a delay reads running"


def test_a_delay_runs_out_by_itself(client):
    assert _step(client, pipeline_run_id=DELAY_RUN, seconds=6590)["events"] == 0, "110 minutes were left"
    assert _step(client, pipeline_run_id=DELAY_RUN, seconds=10) == {"events": 1, "runs": {DELAY_RUN: "RUNNING"}}
    assert _statuses(_detail(client, DELAY, DELAY_RUN))[1] == {
        "build": ("COMPLETED", "COMPLETED", "COMPLETED"),
        "hold": ("RUNNING", "RUNNING", "COMPLETED"),
        "release": ("RUNNING", "RUNNING", "RUNNING"),
    }
    _refused(_hold(client, DELAY, DELAY_RUN, "hold", "delay-pass"))
    assert _step(client, pipeline_run_id=DELAY_RUN, seconds=3600)["runs"] == {DELAY_RUN: "COMPLETED"}


def test_a_delay_runs_out_with_the_clock():
    stages = [{"name": "S", "jobs": [_job("j", {"name": "wait", "task": DELAY_TASK, "delay": 5}, _build("go", 2))]}]
    with Emulator(_seed(stages, [{"id": ONE, "at": "wait", "waited": 2}])) as emulator:
        client = Client(emulator.url)
        emulator.advance_clock(2)
        assert _statuses(_detail(client, CUSTOM, ONE, PROJECT))[1]["wait"] == ("RUNNING", "PAUSED", "RUNNING")
        emulator.advance_clock(1)
        detail = _detail(client, CUSTOM, ONE, PROJECT)
        assert _statuses(detail)[1] == {
            "wait": ("RUNNING", "RUNNING", "COMPLETED"),
            "go": ("RUNNING", "RUNNING", "RUNNING"),
        }
        hold = _found(detail, "wait")[2]
        assert abs(hold["end_time"] - hold["start_time"] - 5000) <= 1
        emulator.advance_clock(2)
        assert _detail(client, CUSTOM, ONE, PROJECT)["status"] == "COMPLETED"


def test_accept_delay_job_goes_on_now(client, emulator):
    response = _hold(client, DELAY, DELAY_RUN, "hold", "delay-pass")
    assert (response.status, response.json()) == (200, {"success": True})
    assert emulator.requests()[-1]["operation"] == "AcceptDelayJob"
    now = emulator.state.clock.now_ms()
    detail = _detail(client, DELAY, DELAY_RUN)
    assert _statuses(detail)[1] == {
        "build": ("COMPLETED", "COMPLETED", "COMPLETED"),
        "hold": ("RUNNING", "RUNNING", "COMPLETED"),
        "release": ("RUNNING", "RUNNING", "RUNNING"),
    }
    assert abs(_found(detail, "hold")[2]["end_time"] - now) < 2000
    second = _hold(client, DELAY, DELAY_RUN, "hold", "delay-pass")
    assert _refused(second) == "The step hold is not a delay step waiting: it is COMPLETED."
    _refused(_hold(client, DELAY, DELAY_RUN, "hold", "delay-refuse"))
    _refused(_hold(client, DELAY, DELAY_RUN, "hold", "delay"))


def test_reject_delay_job_fails_the_run_and_a_retry_starts_the_delay_again(client, emulator):
    response = _hold(client, DELAY, DELAY_RUN, "hold", "delay-refuse", body={})
    assert (response.status, response.json()) == (200, {"success": True})
    assert emulator.requests()[-1]["operation"] == "RejectDelayJob"
    detail = _detail(client, DELAY, DELAY_RUN)
    assert _statuses(detail) == (
        "FAILED",
        {
            "build": ("COMPLETED", "COMPLETED", "COMPLETED"),
            "hold": ("FAILED", "FAILED", "FAILED"),
            "release": ("FAILED", "FAILED", "INIT"),
        },
    )
    assert (_found(detail, "hold")[2]["message"], _found(detail, "hold")[1]["message"]) == ("", "")
    assert (_v3(client, DELAY, DELAY_RUN)["status"], _v3(client, DELAY, DELAY_RUN)["outcome"]) == ("completed", "error")
    ok(_retry(client, DELAY, DELAY_RUN))
    assert _statuses(_detail(client, DELAY, DELAY_RUN))[1]["hold"] == ("RUNNING", "PAUSED", "RUNNING")
    assert _seconds_ago(emulator, _found(_detail(client, DELAY, DELAY_RUN), "hold")[2]["start_time"]) == 0
    assert _step(client, pipeline_run_id=DELAY_RUN, seconds=7190)["events"] == 0, "[MODEL] the whole delay again"
    assert _step(client, pipeline_run_id=DELAY_RUN, seconds=10)["events"] == 1


def test_continue_delay_job_adds_an_hour_three_times_at_most(client, emulator):
    for count in (1, 2, 3):
        response = _hold(client, DELAY, DELAY_RUN, "hold", "delay")
        assert (response.status, response.json()) == (200, {"success": True})
        assert _state_step(emulator, DELAY_RUN, "hold")["extensions"] == count
    assert emulator.requests()[-1]["operation"] == "ContinueDelayJob"
    fourth = _hold(client, DELAY, DELAY_RUN, "hold", "delay")
    assert _refused(fourth) == (
        "The delay of the step hold has already been extended 3 times, the limit: it cannot be extended again."
    )
    assert _state_step(emulator, DELAY_RUN, "hold")["extensions"] == 3
    assert _statuses(_detail(client, DELAY, DELAY_RUN))[1]["hold"] == ("RUNNING", "PAUSED", "RUNNING")
    # 110 minutes were left, and three hours more.
    assert _step(client, pipeline_run_id=DELAY_RUN, seconds=6590 + 3 * 3600)["events"] == 0
    assert _step(client, pipeline_run_id=DELAY_RUN, seconds=10)["events"] == 1
    assert _statuses(_detail(client, DELAY, DELAY_RUN))[1]["hold"] == ("RUNNING", "RUNNING", "COMPLETED")


def test_delay_actions_on_what_is_not_a_waiting_delay(client):
    message = _refused(_hold(client, DELAY, DELAY_RUN, "release", "delay-pass"))
    assert message == "The step release is not a delay step waiting: its task is official_devcloud_deploy."
    _refused(_hold(client, DELAY, DELAY_RUN, "build", "delay"))
    _refused(_hold(client, SUSPEND, SUSPEND_RUN, "pause", "delay-refuse"))
    _refused(_hold(client, DELAY, DELAY_RUN, "hold", "resume"))
    _refused(_hold(client, DELAY, DELAY_RUN, "hold", "pass"), "DEVPIPE.00011302")  # not a manual review
    hold = _found(_detail(client, DELAY, DELAY_RUN), "hold")[2]
    wrong_job = client.call("POST", f"{_runs_path(DELAY)}/{DELAY_RUN}/jobs/{'e' * 32}/steps/{hold['id']}/delay-pass")
    _refused(wrong_job, MISSING)


def test_twin_delays_are_passed_and_refused_one_by_one(client, emulator):
    detail = _detail(client, TWIN, TWIN_RUN)
    assert _statuses(detail) == (
        "RUNNING",
        {
            "east-hold": ("RUNNING", "PAUSED", "RUNNING"),
            "east-deploy": ("RUNNING", "PAUSED", "INIT"),
            "west-hold": ("RUNNING", "PAUSED", "RUNNING"),
            "west-deploy": ("RUNNING", "PAUSED", "INIT"),
        },
    )
    assert [_seconds_ago(emulator, _found(detail, name)[2]["start_time"]) for name in ("east-hold", "west-hold")] == [
        300,
        300,
    ]
    ok(_hold(client, TWIN, TWIN_RUN, "east-hold", "delay-pass"))
    assert _statuses(_detail(client, TWIN, TWIN_RUN))[1] == {
        "east-hold": ("RUNNING", "RUNNING", "COMPLETED"),
        "east-deploy": ("RUNNING", "RUNNING", "RUNNING"),
        "west-hold": ("RUNNING", "PAUSED", "RUNNING"),
        "west-deploy": ("RUNNING", "PAUSED", "INIT"),
    }
    ok(_hold(client, TWIN, TWIN_RUN, "west-hold", "delay-refuse"))
    assert _statuses(_detail(client, TWIN, TWIN_RUN)) == (
        "FAILED",
        {
            "east-hold": ("FAILED", "CANCELED", "COMPLETED"),
            "east-deploy": ("FAILED", "CANCELED", "CANCELED"),
            "west-hold": ("FAILED", "FAILED", "FAILED"),
            "west-deploy": ("FAILED", "FAILED", "INIT"),
        },
    )
    ok(_retry(client, TWIN, TWIN_RUN))
    assert _statuses(_detail(client, TWIN, TWIN_RUN))[1] == {
        "east-hold": ("RUNNING", "RUNNING", "COMPLETED"),
        "east-deploy": ("RUNNING", "RUNNING", "RUNNING"),
        "west-hold": ("RUNNING", "PAUSED", "RUNNING"),
        "west-deploy": ("RUNNING", "PAUSED", "INIT"),
    }, "[MODEL] each job that did not complete starts again at its first step that did not complete"


def test_stop_at_a_delay_cancels_it(client, emulator):
    ok(_hold(client, DELAY, DELAY_RUN, "hold", "delay"))
    assert ok(_stop(client, DELAY, DELAY_RUN)) == {"success": True}
    assert "being stopped" in _refused(_hold(client, DELAY, DELAY_RUN, "hold", "delay-pass"))
    _refused(_hold(client, DELAY, DELAY_RUN, "hold", "delay"))
    assert _step(client, pipeline_run_id=DELAY_RUN, seconds=2) == {"events": 1, "runs": {DELAY_RUN: "CANCELED"}}
    assert _statuses(_detail(client, DELAY, DELAY_RUN)) == (
        "CANCELED",
        {
            "build": ("COMPLETED", "COMPLETED", "COMPLETED"),
            "hold": ("CANCELED", "CANCELED", "CANCELED"),
            "release": ("CANCELED", "CANCELED", "INIT"),
        },
    )
    state = _state_step(emulator, DELAY_RUN, "hold")
    assert (state["due"], state["extensions"]) == (None, 1)


def test_a_started_run_reaches_its_delay(client):
    run_id = _start(client, DELAY)
    assert _step(client, pipeline_run_id=run_id, seconds=3600) == {"events": 1, "runs": {run_id: "RUNNING"}}
    assert _statuses(_detail(client, DELAY, run_id))[1]["hold"] == ("RUNNING", "PAUSED", "RUNNING")
    assert _step(client, pipeline_run_id=run_id, seconds=7190)["events"] == 0, "its 2-hour delay"
    assert _step(client, pipeline_run_id=run_id, seconds=3610) == {"events": 2, "runs": {run_id: "COMPLETED"}}


# Suspend steps (R13 ResumePipeline)


def test_a_seeded_run_is_suspended(client, emulator):
    detail = _detail(client, SUSPEND, SUSPEND_RUN)
    assert _statuses(detail) == (
        "SUSPEND",
        {
            "build": ("COMPLETED", "COMPLETED", "COMPLETED"),
            "pause": ("RUNNING", "SUSPEND", "RUNNING"),
            "check": ("RUNNING", "SUSPEND", "INIT"),
        },
    )
    pause = _found(detail, "pause")[2]
    assert (pause["task"], pause["inputs"], detail["end_time"]) == (SUSPEND_TASK, [], None)
    assert _seconds_ago(emulator, pause["start_time"]) == 1800
    assert _v3_statuses(client, SUSPEND, SUSPEND_RUN) == (
        "suspending",
        [("completed", ["completed"]), ("suspending", ["suspending"])],
    )
    listed = ok(client.call("POST", f"{_runs_path(SUSPEND)}/list", body={"status": ["SUSPEND"]}))
    assert [run["pipeline_run_id"] for run in listed["pipeline_runs"]] == [SUSPEND_RUN]
    pipelines = ok(client.call("POST", f"/v5/{RUN_CONTROL}/api/pipelines/list", body={"status": ["SUSPEND"]}))
    assert [item["name"] for item in pipelines["pipelines"]] == ["suspend-pipeline"]
    assert _step(client, pipeline_run_id=SUSPEND_RUN, seconds=86400)["events"] == 0, "it waits until resumed"


def test_resume_lets_the_job_and_the_run_go_on(client, emulator):
    response = _hold(client, SUSPEND, SUSPEND_RUN, "pause", "resume", body={})
    assert (response.status, response.json()) == (200, {"success": True})
    assert (emulator.requests()[-1]["operation"], emulator.requests()[-1]["body"]) == ("ResumePipeline", {})
    detail = _detail(client, SUSPEND, SUSPEND_RUN)
    assert _statuses(detail) == (
        "RUNNING",
        {
            "build": ("COMPLETED", "COMPLETED", "COMPLETED"),
            "pause": ("RUNNING", "RUNNING", "COMPLETED"),
            "check": ("RUNNING", "RUNNING", "RUNNING"),
        },
    )
    assert _v3(client, SUSPEND, SUSPEND_RUN)["status"] == "running"
    again = _hold(client, SUSPEND, SUSPEND_RUN, "pause", "resume")
    assert _refused(again) == "The step pause is not a suspend step waiting to be resumed: it is COMPLETED."
    _refused(_hold(client, SUSPEND, SUSPEND_RUN, "check", "resume"))
    assert _step(client, pipeline_run_id=SUSPEND_RUN, seconds=3600)["runs"] == {SUSPEND_RUN: "COMPLETED"}


def test_a_started_run_is_suspended_and_resumed_without_a_body(client):
    run_id = _start(client, SUSPEND)
    _refused(_hold(client, SUSPEND, run_id, "pause", "resume"))  # not reached yet
    assert _step(client, pipeline_run_id=run_id, seconds=3600) == {"events": 1, "runs": {run_id: "SUSPEND"}}
    assert _statuses(_detail(client, SUSPEND, run_id))[1]["pause"] == ("RUNNING", "SUSPEND", "RUNNING")
    assert ok(_hold(client, SUSPEND, run_id, "pause", "resume")) == {"success": True}
    assert _statuses(_detail(client, SUSPEND, run_id))[0] == "RUNNING"


@pytest.mark.parametrize("version", ["v3", "v5"])
def test_stop_of_a_suspended_run(client, emulator, version):
    """7.7 R2: a SUSPEND run is stopped like a RUNNING one; meanwhile it reads as before and cannot be resumed."""
    if version == "v3":
        response = client.call("POST", f"/v3/pipelines/{SUSPEND}/stop", {"build_id": SUSPEND_RUN})
        assert ok(response) == {"pipeline_id": SUSPEND, "pipeline_name": "suspend-pipeline"}
    else:
        assert ok(_stop(client, SUSPEND, SUSPEND_RUN)) == {"success": True}
    assert _state_run(emulator, SUSPEND_RUN)["stop"]["by"] == USER
    assert _detail(client, SUSPEND, SUSPEND_RUN)["status"] == "SUSPEND"
    assert "being stopped" in _refused(_hold(client, SUSPEND, SUSPEND_RUN, "pause", "resume"))
    emulator.advance_clock(2)
    detail = _detail(client, SUSPEND, SUSPEND_RUN)
    assert _statuses(detail) == (
        "CANCELED",
        {
            "build": ("COMPLETED", "COMPLETED", "COMPLETED"),
            "pause": ("CANCELED", "CANCELED", "CANCELED"),
            "check": ("CANCELED", "CANCELED", "INIT"),
        },
    )
    assert _v3(client, SUSPEND, SUSPEND_RUN)["outcome"] == "aborted"
    assert _stop(client, SUSPEND, SUSPEND_RUN).json()["error_code"] == "DEVPIPE.00011301"


def test_a_suspended_run_takes_a_slot():
    """[MODEL] A SUSPEND run is under way: a pipeline at its concurrency limit queues the next run."""
    stages = [
        {"name": "S", "jobs": [_job("j", {"name": "pause", "task": SUSPEND_TASK}, _build("after"))]},
    ]
    control = {"enable": True, "concurrency_number": 1, "exceed_action": "QUEUE"}
    runs = [{"id": ONE, "at": "pause"}, {"id": TWO, "queued": True}]
    with Emulator(_seed(stages, runs, concurrency_control=control)) as emulator:
        client = Client(emulator.url)
        assert _detail(client, CUSTOM, ONE, PROJECT)["status"] == "SUSPEND"
        assert _detail(client, CUSTOM, TWO, PROJECT)["status"] == "INIT"
        ok(_hold(client, CUSTOM, ONE, "pause", "resume", project=PROJECT))
        assert _step(client, pipeline_run_id=ONE, seconds=60)["runs"] == {ONE: "COMPLETED"}
        assert _statuses(_detail(client, CUSTOM, TWO, PROJECT))[0] == "SUSPEND", "dequeued, it suspends in turn"


# The seed's holds


def test_seeded_holds_with_their_ends():
    stages = [
        {"name": "Build", "jobs": [_job("build", _build("build"))]},
        {
            "name": "Ship",
            "entry": "manual",
            "entry_name": "ship-gate",
            "jobs": [
                _job(
                    "ship",
                    {"name": "wait", "task": DELAY_TASK, "delay": 600},
                    {"name": "pause", "task": SUSPEND_TASK},
                    _build("deploy"),
                )
            ],
        },
    ]
    runs = [
        {"id": ONE, "at": "ship-gate", "end": "refused", "ended_ago": 60},
        {"id": TWO, "at": "wait", "end": "refused"},
        {"id": THREE, "at": "pause", "end": "canceled"},
        {"id": "r" + "4" * 31, "at": "wait", "waited": 900, "remaining": 30},
        {"id": "r" + "5" * 31, "end": "completed"},
    ]
    seed = _seed(stages, runs)
    seed["pipeline"]["speed"] = 0
    with Emulator(seed) as emulator:
        client = Client(emulator.url)
        refused_entry = _detail(client, CUSTOM, ONE, PROJECT)
        assert _statuses(refused_entry)[0] == "FAILED"
        assert _statuses(refused_entry)[1]["ship-gate"] == ("FAILED", None, "FAILED")
        assert _seconds_ago(emulator, refused_entry["end_time"]) == 60
        assert _state_step(emulator, ONE, "ship-gate")["review"]["by"] == USER
        refused_delay = _statuses(_detail(client, CUSTOM, TWO, PROJECT))
        assert (refused_delay[0], refused_delay[1]["ship-gate"], refused_delay[1]["wait"]) == (
            "FAILED",
            ("FAILED", None, "COMPLETED"),
            ("FAILED", "FAILED", "FAILED"),
        ), "the entry on the way was passed"
        canceled = _statuses(_detail(client, CUSTOM, THREE, PROJECT))
        assert (canceled[0], canceled[1]["wait"], canceled[1]["pause"]) == (
            "CANCELED",
            ("CANCELED", "CANCELED", "COMPLETED"),
            ("CANCELED", "CANCELED", "CANCELED"),
        ), "the delay on the way ran out"
        waiting = _found(_detail(client, CUSTOM, "r" + "4" * 31, PROJECT), "wait")[2]
        assert (waiting["status"], _seconds_ago(emulator, waiting["start_time"])) == ("RUNNING", 900)
        assert _step(client, pipeline_run_id="r" + "4" * 31, seconds=30)["events"] == 1, "`remaining` 30 s"
        done = _detail(client, CUSTOM, "r" + "5" * 31, PROJECT)
        wait = _found(done, "wait")[2]
        assert (done["status"], wait["end_time"] - wait["start_time"]) == ("COMPLETED", 600 * 1000)
        assert _statuses(done)[1]["pause"] == ("COMPLETED", "COMPLETED", "COMPLETED"), "the suspend step was resumed"


def test_a_run_seeded_without_at_waits_at_a_first_manual_entry():
    stages = [{"name": "Gate", "entry": "manual", "jobs": [_job("j", _build("b"))]}]
    with Emulator(_seed(stages, [{"id": ONE}])) as emulator:
        detail = _detail(Client(emulator.url), CUSTOM, ONE, PROJECT)
        assert _statuses(detail) == (
            "RUNNING",
            {"Gate entry": ("PAUSED", None, "RUNNING"), "b": ("PAUSED", "INIT", "INIT")},
        )
        assert emulator.snapshot()["pipeline"]["pipelines"][-1]["stages"][0]["entry_name"] == "Gate entry"


DELAY_STEP = {"name": "wait", "task": DELAY_TASK, "delay": 600}
SUSPEND_STEP = {"name": "pause", "task": SUSPEND_TASK}


@pytest.mark.parametrize(
    "stages, runs, match",
    [
        ([{"name": "S", "jobs": [_job("j", {"name": "wait", "task": DELAY_TASK})]}], [], "needs a delay"),
        ([{"name": "S", "jobs": [_job("j", {**_build("b"), "delay": 5})]}], [], "needs a delay"),
        ([{"name": "S", "jobs": [_job("j", {**DELAY_STEP, "delay": -5})]}], [], "negative"),
        ([{"name": "S", "jobs": [_job("j", {**SUSPEND_STEP, "duration": 5})]}], [], "has a duration"),
        ([{"name": "S", "entry": "sometimes", "jobs": [_job("j", _build("b"))]}], [], "other than auto or manual"),
        ([{"name": "S", "entry_name": "gate", "jobs": [_job("j", _build("b"))]}], [], "only a manual entry"),
        ([{"name": "S", "entry": "manual", "entry_name": "b", "jobs": [_job("j", _build("b"))]}], [], "unique"),
        ([{"name": "S", "colour": "red", "jobs": [_job("j", _build("b"))]}], [], "unknown fields colour"),
        (
            [{"name": "S", "jobs": [_job("j", DELAY_STEP)]}],
            [{"id": ONE, "at": "wait", "waited": 600}],
            "ended its delay",
        ),
        (
            [{"name": "S", "jobs": [_job("j", DELAY_STEP)]}],
            [{"id": ONE, "at": "wait", "end": "failed"}],
            "ends wrongly",
        ),
        (
            [{"name": "S", "entry": "manual", "jobs": [_job("j", _build("b"))]}],
            [{"id": ONE, "at": "S entry", "end": "timed_out"}],
            "ends wrongly",
        ),
        (
            [{"name": "S", "jobs": [_job("j", SUSPEND_STEP)]}],
            [{"id": ONE, "at": "pause", "end": "refused"}],
            "ends wrongly",
        ),
        (
            [{"name": "S", "jobs": [_job("j", SUSPEND_STEP)]}],
            [{"id": ONE, "at": "pause", "remaining": 5}],
            "`remaining`",
        ),
        (
            [{"name": "S", "entry": "manual", "jobs": [_job("j", _build("b"))]}],
            [{"id": ONE, "at": "S entry", "remaining": 5}],
            "`remaining`",
        ),
        ([{"name": "S", "jobs": [_job("j", _build("b"))]}], [{"id": ONE, "at": "S entry"}], "names a step"),
    ],
)
def test_seed_checks_holds(stages, runs, match):
    with pytest.raises(ValueError, match=f"^pipeline seed: .*{re.escape(match)}"):
        Emulator(_seed(stages, runs))


def test_seed_refusal_of_a_delay_that_would_have_run_out():
    stages = [{"name": "S", "jobs": [_job("j", DELAY_STEP)]}]
    with pytest.raises(ValueError) as refused:
        Emulator(_seed(stages, [{"id": ONE, "at": "wait", "waited": 900}]))
    assert str(refused.value) == (
        f"pipeline seed: run {ONE} would have ended its delay at wait before the load, having waited 900 s: "
        "give `remaining` or wait less"
    )
