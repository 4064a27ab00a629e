# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""codearts_pipeline_step's logic against the emulator: which step it finds, which call it makes, what it returns.

The seed's run-control project (a4) holds gate-pipeline (its run waits at the Deploy stage's manual entry),
delay-pipeline (its run waits at the delay step `hold`, 2 h), suspend-pipeline (its run is suspended at `pause`) and
twin-delay-pipeline (its run waits at two delay steps, in parallel jobs).
"""

from __future__ import annotations

import pytest

from ansible_collections.huaweicloud.codearts.plugins.module_utils._errors import CodeArtsError
from ansible_collections.huaweicloud.codearts.plugins.module_utils._module import failure_result
from ansible_collections.huaweicloud.codearts.plugins.module_utils._pipeline_step import ensure_pipeline_step

PROJECT = "c0dea7750000000000000000000000a4"
GATE, GATE_RUN = "p1e0000000000000000000000000a404", "r000000000000000000000000000a405"
DELAY, DELAY_RUN = "p1e0000000000000000000000000a405", "r000000000000000000000000000a406"
SUSPEND, SUSPEND_RUN = "p1e0000000000000000000000000a406", "r000000000000000000000000000a407"
TWIN, TWIN_RUN = "p1e0000000000000000000000000a407", "r000000000000000000000000000a408"


def _params(pipeline_id, kind, state, **options):
    params = {
        "project_id": PROJECT,
        "pipeline_id": pipeline_id,
        "pipeline_name": None,
        "pipeline_run_id": None,
        "step_run_id": None,
        "kind": kind,
        "state": state,
    }
    params.update(options)
    return params


def _run(emulator, run_id):
    (run,) = [run for run in emulator.snapshot()["pipeline"]["runs"] if run["id"] == run_id]
    return run


def _actions(calls):
    """The last path segment(s) of each write: pass, refuse, delay-pass, ..."""
    return [call.path.split("/steps/")[1].split("/", 1)[1] for call in calls() if call.method == "POST"]


def test_a_checkpoint_is_passed_once(client, calls, emulator):
    params = _params(GATE, "checkpoint", "passed")
    check = ensure_pipeline_step(params, client, True)
    assert check["changed"] is True and check["step"]["outcome"] == "passed"
    assert check["diff"] == {
        "before": {"status": "RUNNING", "outcome": None},
        "after": {"status": "COMPLETED", "outcome": "passed"},
    }
    assert [call.method for call in calls()] == ["GET"] and _run(emulator, GATE_RUN)["stages"][1]["status"] == "PAUSED"
    done = ensure_pipeline_step(params, client, False)
    assert done["changed"] is True and done["step"]["kind"] == "checkpoint" and done["step"]["job_run_id"] is None
    assert _actions(calls) == ["manual/pass"]
    assert "/jobs/" not in [call.path for call in calls() if call.method == "POST"][0]
    assert _run(emulator, GATE_RUN)["stages"][1]["status"] == "RUNNING"
    again = ensure_pipeline_step(params, client, False)
    assert again["changed"] is False and "it was passed" in again["msg"]
    assert _actions(calls) == ["manual/pass"]


def test_a_refused_checkpoint_fails_the_run_and_a_pass_after_it_is_ok_with_a_warning(client, emulator):
    refused = ensure_pipeline_step(_params(GATE, "checkpoint", "refused"), client, False)
    assert refused["changed"] is True and _run(emulator, GATE_RUN)["status"] == "FAILED"
    later = ensure_pipeline_step(_params(GATE, "checkpoint", "passed"), client, False)
    assert later["changed"] is False and later["step"]["outcome"] == "refused"
    assert "it was refused, not passed" in client.record.warnings[0]


@pytest.mark.parametrize(
    "state, action, status", [("passed", "delay-pass", "RUNNING"), ("refused", "delay-refuse", "FAILED")]
)
def test_a_delay_is_passed_or_refused(client, calls, emulator, state, action, status):
    result = ensure_pipeline_step(_params(DELAY, "delay", state), client, False)
    assert result["changed"] is True and result["step"]["step_name"] == "hold"
    assert _actions(calls) == [action]
    assert _run(emulator, DELAY_RUN)["status"] == status


def test_a_delay_is_postponed_each_time_until_the_limit(client, calls):
    params = _params(DELAY, "delay", "postponed")
    for extension in range(1, 4):
        assert ensure_pipeline_step(params, client, False)["changed"] is True, extension
    with pytest.raises(CodeArtsError) as refused:
        ensure_pipeline_step(params, client, False)
    assert refused.value.status == 400 and "at most 3 times" in refused.value.hint
    assert _actions(calls) == ["delay"] * 4
    path = "POST /v5/%s/api/pipelines/%s/pipeline-runs/%s/jobs/" % (PROJECT, DELAY, DELAY_RUN)
    sent = failure_result(client.record, refused.value)["writes_sent"]
    assert len(sent) == 3 and all(write.startswith(path) for write in sent), "the 4th, refused, is not counted"


def test_postponing_in_check_mode_sends_nothing(client, calls):
    result = ensure_pipeline_step(_params(DELAY, "delay", "postponed"), client, True)
    assert result["changed"] is True and result["diff"]["after"]["postponed"] is True
    assert _actions(calls) == []


def test_a_suspended_run_is_resumed(client, calls, emulator):
    result = ensure_pipeline_step(_params(SUSPEND, "suspend", "passed"), client, False)
    assert result["changed"] is True and result["step"]["step_name"] == "pause"
    assert _actions(calls) == ["resume"]
    assert _run(emulator, SUSPEND_RUN)["status"] == "RUNNING"
    assert ensure_pipeline_step(_params(SUSPEND, "suspend", "passed"), client, False)["changed"] is False


@pytest.mark.parametrize(
    "kind, state, message",
    [
        ("suspend", "refused", "A suspend step can only be passed"),
        ("checkpoint", "postponed", "a stage-entry checkpoint cannot be postponed"),
        ("suspend", "postponed", "a suspend step cannot be postponed"),
    ],
)
def test_actions_a_step_does_not_have_fail_before_any_request(client, calls, kind, state, message):
    with pytest.raises(CodeArtsError, match=message):
        ensure_pipeline_step(_params(GATE, kind, state), client, False)
    assert calls() == []


def test_several_waiting_steps_fail_with_their_names_and_ids_and_one_is_named(client, calls, emulator):
    with pytest.raises(
        CodeArtsError,
        match=r"Several delay steps in pipeline run .*: east/east-hold \(job_run_id \w+, "
        r"step_run_id (\w+)\): RUNNING; west/west-hold",
    ) as several:
        ensure_pipeline_step(_params(TWIN, "delay", "passed"), client, False)
    step_run_id = several.value.message.split("step_run_id ")[1].split(")")[0]
    result = ensure_pipeline_step(_params(TWIN, "delay", "passed", step_run_id=step_run_id), client, False)
    assert result["changed"] is True and result["step"]["step_name"] == "east-hold"
    assert _actions(calls) == ["delay-pass"]


def test_no_step_of_the_kind_fails_clearly(client):
    with pytest.raises(CodeArtsError, match="No suspend step in pipeline run %s" % GATE_RUN):
        ensure_pipeline_step(_params(GATE, "suspend", "passed"), client, False)


def test_a_lost_pass_answer_is_confirmed_by_a_read(client, calls, emulator):
    emulator.add_fault(method="POST", path="/manual/pass$", apply=True, drop=True)
    result = ensure_pipeline_step(_params(GATE, "checkpoint", "passed"), client, False)
    assert result["changed"] is True
    assert [call.method for call in calls()] == ["GET", "POST", "GET"]
    assert "was not sent again" in client.record.answers_lost[0]


def test_a_lost_postpone_answer_is_not_sent_again(client, calls, emulator):
    emulator.add_fault(method="POST", path="/delay$", apply=True, drop=True)
    with pytest.raises(CodeArtsError, match="may have been applied") as lost:
        ensure_pipeline_step(_params(DELAY, "delay", "postponed"), client, False)
    assert _actions(calls) == ["delay"]
    assert failure_result(client.record, lost.value)["changed"] is True
