# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""codearts_freeze's logic against the emulator: what a freeze changes and records, and what a thaw gives back.

The seed's release-freeze project (a5): fz-release-build and fz-deploy-build are enabled, fz-hotfix-build was disabled
before; fz-release-pipeline's run waits for a review, fz-deploy-pipeline has a run under way and one queued,
fz-legacy-pipeline was disabled before, and fz-docs-pipeline (never frozen here) has a run waiting for a review.
"""

from __future__ import annotations

import pytest

from ansible_collections.huaweicloud.codearts.plugins.module_utils._errors import CodeArtsError
from ansible_collections.huaweicloud.codearts.plugins.module_utils._freeze import FREEZE_RECORD_KIND, ensure_freeze
from ansible_collections.huaweicloud.codearts.plugins.module_utils._module import failure_result

PROJECT = "c0dea7750000000000000000000000a5"
JOBS = ["fz-release-build", "fz-deploy-build", "fz-hotfix-build"]
PIPELINES = ["fz-release-pipeline", "fz-deploy-pipeline", "fz-legacy-pipeline"]
RELEASE_BUILD, DEPLOY_BUILD, HOTFIX_BUILD, DOCS_BUILD = ("b1d0000000000000000000000000a50%d" % n for n in range(1, 5))
RELEASE, DEPLOY, LEGACY, DOCS = ("p1e0000000000000000000000000a50%d" % n for n in range(1, 5))
FREEZE_WRITES = [
    "DisableBuildJob",
    "DisableBuildJob",
    "DisablePipeline",
    "DisablePipeline",
    "RejectManualReview",
    "CancelPipelineQueue",
]


def _params(state="frozen", record=None, jobs=None, pipelines=None, **options):
    params = {
        "project_id": PROJECT,
        "state": state,
        "jobs": JOBS if jobs is None else jobs,
        "pipelines": PIPELINES if pipelines is None else pipelines,
        "comment": "Rejected: code freeze.",
        "record": record,
    }
    params.update(options)
    return params


def _operations(emulator, writes_only=True):
    operations = [entry["operation"] for entry in emulator.requests() if entry["write"] or not writes_only]
    emulator.clear_requests()
    return operations


def _disabled(emulator):
    """Which jobs and pipelines of the project are disabled, by name."""
    snapshot = emulator.snapshot()
    return {
        "jobs": sorted(job["job_name"] for job in snapshot["build"]["jobs"] if _in_project(job) and job["disabled"]),
        "pipelines": sorted(
            pipeline["name"]
            for pipeline in snapshot["pipeline"]["pipelines"]
            if _in_project(pipeline) and pipeline["banned"]
        ),
    }


def _in_project(item):
    return item["project_id"] == PROJECT


def _names(entries):
    return [entry["name"] for entry in entries]


BEFORE = {"jobs": ["fz-hotfix-build"], "pipelines": ["fz-legacy-pipeline"]}
FROZEN = {
    "jobs": ["fz-deploy-build", "fz-hotfix-build", "fz-release-build"],
    "pipelines": ["fz-deploy-pipeline", "fz-legacy-pipeline", "fz-release-pipeline"],
}


def test_check_mode_names_what_a_freeze_would_change_and_sends_nothing(client, emulator):
    result = ensure_freeze(_params(), client, True)
    assert result["changed"] is True
    assert _names(result["frozen"]["jobs_disabled"]) == ["fz-release-build", "fz-deploy-build"]
    assert _names(result["frozen"]["pipelines_disabled"]) == ["fz-release-pipeline", "fz-deploy-pipeline"]
    assert [run["id"] for run in result["frozen"]["queued_runs_canceled"]] == ["r000000000000000000000000000a503"]
    assert [review["pipeline_name"] for review in result["frozen"]["reviews_rejected"]] == ["fz-release-pipeline"]
    assert result["diff"]["before"]["jobs"] == {
        "fz-release-build": "enabled",
        "fz-deploy-build": "enabled",
        "fz-hotfix-build": "disabled",
    }
    assert _operations(emulator) == [] and _disabled(emulator) == BEFORE


def test_a_freeze_disables_cancels_and_rejects_only_what_it_is_given_and_records_only_what_it_changed(client, emulator):
    result = ensure_freeze(_params(), client, False)
    assert result["changed"] is True
    assert _operations(emulator) == FREEZE_WRITES
    assert _disabled(emulator) == FROZEN
    record = result["record"]
    assert record["kind"] == FREEZE_RECORD_KIND and record["project_id"] == PROJECT
    assert record["jobs"] == [
        {"id": RELEASE_BUILD, "name": "fz-release-build"},
        {"id": DEPLOY_BUILD, "name": "fz-deploy-build"},
    ], "fz-hotfix-build was disabled before: not recorded"
    assert [entry["id"] for entry in record["pipelines"]] == [RELEASE, DEPLOY]
    assert record["queued_runs_canceled"][0]["queue_id"] is not None
    snapshot = emulator.snapshot()
    (docs_run,) = [run for run in snapshot["pipeline"]["runs"] if run["pipeline_id"] == DOCS]
    assert docs_run["status"] == "RUNNING", "the review of a pipeline not frozen still waits"
    (deploying,) = [run for run in snapshot["pipeline"]["runs"] if run["id"] == "r000000000000000000000000000a502"]
    assert deploying["status"] == "RUNNING", "a run under way goes on"


def test_freezing_again_with_the_record_changes_nothing_and_keeps_the_record(client, emulator):
    record = ensure_freeze(_params(), client, False)["record"]
    _operations(emulator)
    again = ensure_freeze(_params(record=record), client, False)
    assert again["changed"] is False and again["record"] == record
    assert _operations(emulator) == []


def test_freezing_again_redisables_what_was_enabled_meanwhile_and_adds_new_items_without_dropping_any(client, emulator):
    record = ensure_freeze(_params(), client, False)["record"]
    client.post("build", "/v3/jobs/{job_id}/recover", {"job_id": RELEASE_BUILD})
    _operations(emulator)
    again = ensure_freeze(_params(record=record, jobs=["fz-docs-build", RELEASE_BUILD], pipelines=[]), client, False)
    assert _operations(emulator) == ["DisableBuildJob", "DisableBuildJob"]
    assert again["changed"] is True
    assert _names(again["frozen"]["jobs_disabled"]) == ["fz-docs-build", "fz-release-build"]
    assert again["record"]["jobs"] == record["jobs"] + [{"id": DOCS_BUILD, "name": "fz-docs-build"}], (
        "fz-release-build was recorded already: once"
    )
    assert again["record"]["pipelines"] == record["pipelines"]
    assert again["record"]["frozen_at"] == record["frozen_at"]


def test_a_thaw_enables_exactly_what_the_record_names_and_retires_it(client, emulator):
    record = ensure_freeze(_params(), client, False)["record"]
    _operations(emulator)
    check = ensure_freeze(_params("thawed", record), client, True)
    assert check["changed"] is True and _operations(emulator) == []
    thawed = ensure_freeze(_params("thawed", record), client, False)
    assert thawed["changed"] is True and thawed["record"] is None
    assert _names(thawed["thawed"]["jobs_enabled"]) == ["fz-release-build", "fz-deploy-build"]
    assert _names(thawed["thawed"]["pipelines_enabled"]) == ["fz-release-pipeline", "fz-deploy-pipeline"]
    assert _operations(emulator) == ["EnableBuildJob", "EnableBuildJob", "EnablePipeline", "EnablePipeline"]
    assert _disabled(emulator) == BEFORE, "what was disabled before the freeze stays disabled"
    assert thawed["diff"]["after"] == {
        "jobs": {"fz-release-build": "enabled", "fz-deploy-build": "enabled"},
        "pipelines": {"fz-release-pipeline": "enabled", "fz-deploy-pipeline": "enabled"},
    }
    again = ensure_freeze(_params("thawed", record), client, False)
    assert again["changed"] is False and _operations(emulator) == []


def test_a_thaw_without_a_record_changes_nothing(client, emulator):
    for record in (None, {}):
        result = ensure_freeze(_params("thawed", record), client, False)
        assert result["changed"] is False and result["record"] is None and "nothing to thaw" in result["msg"]
    assert _operations(emulator, writes_only=False) == []


def test_a_thaw_warns_about_an_item_gone_since_the_freeze(client, emulator):
    record = ensure_freeze(_params(), client, False)["record"]
    record["jobs"].append({"id": "b1d00000000000000000000000000999", "name": "gone-build"})
    ensure_freeze(_params("thawed", record), client, False)
    assert any("gone-build" in warning and "was not enabled" in warning for warning in client.record.warnings)


@pytest.mark.parametrize(
    "options, message",
    [
        ({"jobs": [], "pipelines": []}, "needs something to freeze"),
        ({"jobs": [" "]}, "jobs must be names or IDs"),
        ({"record": {"jobs": []}}, "record is not a freeze record"),
        (
            {"record": {"kind": FREEZE_RECORD_KIND, "project_id": "c0dea7750000000000000000000000a4"}},
            "freeze record of project c0dea7750000000000000000000000a4",
        ),
        ({"record": {"kind": FREEZE_RECORD_KIND, "project_id": PROJECT, "jobs": ["x"]}}, "record.jobs must be"),
    ],
)
def test_bad_input_fails_before_any_request(client, emulator, options, message):
    with pytest.raises(CodeArtsError, match=message):
        ensure_freeze(_params(**options), client, False)
    assert _operations(emulator, writes_only=False) == []


@pytest.mark.parametrize(
    "options, message",
    [
        ({"jobs": ["no-such-build"]}, "jobs: the project has no build job named 'no-such-build'"),
        ({"pipelines": ["no-such-pipeline"]}, "pipelines: the project has no pipeline named"),
        (
            {"jobs": ["b1d0000000000000000000000000000a"]},
            "is in project c0dea7750000000000000000000000a1, not this one",
        ),
        ({"pipelines": ["0000000000000000000000000000dead"]}, "no pipeline named '0000000000000000000000000000dead'"),
    ],
)
def test_an_unknown_name_fails_before_any_write(client, emulator, options, message):
    with pytest.raises(CodeArtsError, match=message):
        ensure_freeze(_params(**options), client, False)
    assert _operations(emulator) == []


def test_a_freeze_that_fails_half_way_returns_the_record_of_what_it_may_have_changed(client, emulator):
    emulator.add_fault(method="PUT", path="%s/ban$" % DEPLOY, status=403, error_code="DEVPIPE.00010006")
    with pytest.raises(CodeArtsError) as failed:
        ensure_freeze(_params(), client, False)
    result = failure_result(client.record, failed.value)
    assert result["changed"] is True and len(result["writes_sent"]) == 3
    assert result["failure"]["code"] == "DEVPIPE.00010006"
    record = result["record"]
    assert _names(record["jobs"]) == ["fz-release-build", "fz-deploy-build"]
    assert _names(record["pipelines"]) == ["fz-release-pipeline", "fz-deploy-pipeline"], "recorded before its write"
    _operations(emulator)
    # Run again with that record: what is left is done, and the thaw gives back everything.
    done = ensure_freeze(_params(record=record), client, False)
    assert _operations(emulator) == ["DisablePipeline", "RejectManualReview", "CancelPipelineQueue"]
    ensure_freeze(_params("thawed", done["record"]), client, False)
    assert _disabled(emulator) == BEFORE


def test_a_lost_answer_is_confirmed_by_a_read_and_not_sent_again(client, emulator):
    emulator.add_fault(method="POST", path="%s/disable$" % RELEASE_BUILD, apply=True, drop=True)
    result = ensure_freeze(_params(), client, False)
    assert _operations(emulator) == FREEZE_WRITES
    assert "was not sent again" in client.record.answers_lost[0]
    assert result["record"]["jobs"][0]["id"] == RELEASE_BUILD
