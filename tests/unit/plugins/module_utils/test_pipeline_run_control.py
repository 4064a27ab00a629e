# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Run control against the emulator: a start through RunPipeline (branch, variables, chosen stages and jobs), runs that
queue at a pipeline's concurrency limit, a stop that takes a queued run out of the queue, and queued runs listed.

The seed's CodeArts project a4 (tests/codearts_emulator/default_seed.yml) holds queue-pipeline (one run at a time,
further runs queue: one runs, two wait), abort-pipeline (one at a time, further runs are refused) and vars-pipeline (no
limit, no runs, two stages of two jobs). release-pipeline (project a1) has a code source and two variables.
"""

from __future__ import annotations

import pytest

from ansible_collections.huaweicloud.codearts.plugins.module_utils._errors import CodeArtsError
from ansible_collections.huaweicloud.codearts.plugins.module_utils._module import failure_result
from ansible_collections.huaweicloud.codearts.plugins.module_utils._pipeline_run import (
    ensure_pipeline_run,
    pipeline_run_info,
)

PROJECT = "c0dea7750000000000000000000000a4"
QUEUE_PIPELINE = "p1e0000000000000000000000000a401"
RUNNING = "r000000000000000000000000000a401"  # queue-pipeline's one run under way
QUEUED_LONG = "r000000000000000000000000000a402"  # queued 90 minutes ago
QUEUED_SHORT = "r000000000000000000000000000a403"  # queued 10 minutes ago
ABORT_PIPELINE = "p1e0000000000000000000000000a402"
VARS_PIPELINE = "p1e0000000000000000000000000a403"
RELEASE_PROJECT, RELEASE = "c0dea7750000000000000000000000a1", "p1e0000000000000000000000000000a"


def _params(**options):
    params = {
        "project_id": PROJECT,
        "pipeline_id": VARS_PIPELINE,
        "pipeline_name": None,
        "pipeline_run_id": None,
        "state": "started",
        "build_params": None,
        "branch": None,
        "tag": None,
        "variables": None,
        "stages": None,
        "jobs": None,
        "description": None,
        "wait": None,
        "wait_timeout": 60,
    }
    params.update(options)
    return params


def _run(emulator, run_id):
    (run,) = [run for run in emulator.snapshot()["pipeline"]["runs"] if run["id"] == run_id]
    return run


def _queue(emulator):
    """The queue records, oldest first (the emulator keeps each on its run)."""
    runs = [run for run in emulator.snapshot()["pipeline"]["runs"] if run.get("queue")]
    return sorted((run["queue"] for run in runs), key=lambda record: record["id"])


def test_a_start_with_a_branch_and_variables_goes_through_run_pipeline(client, calls, emulator):
    result = ensure_pipeline_run(
        _params(
            project_id=RELEASE_PROJECT,
            pipeline_id=RELEASE,
            branch="release/2026.12",
            variables={"release_version": 2026.12, "dry_run": True},
            description="candidate",
        ),
        client,
        check_mode=False,
    )
    assert result["changed"] is True and result["queued"] is False and result["queue_id"] is None
    run_id = result["run"]["pipeline_run_id"]
    assert [call[:2] for call in calls()] == [
        ("GET", "/v5/%s/api/pipelines/%s" % (RELEASE_PROJECT, RELEASE)),
        ("GET", "/v3/pipelines/%s/status" % RELEASE),
        ("POST", "/v5/%s/api/pipelines/%s/run" % (RELEASE_PROJECT, RELEASE)),
    ]
    body = calls()[-1].body
    assert body["variables"] == [{"name": "release_version", "value": "2026.12"}, {"name": "dry_run", "value": "true"}]
    assert body["description"] == "candidate"
    (source,) = body["sources"]
    assert source["type"] == "code"
    assert source["params"]["build_params"] == {
        "build_type": "branch",
        "event_type": "Manual",
        "target_branch": "release/2026.12",
    }
    assert source["params"]["git_url"].startswith("https://")
    assert _run(emulator, run_id)["status"] == "RUNNING"


def test_stages_and_jobs_are_chosen_by_name_or_identifier(client, calls, emulator):
    first = ensure_pipeline_run(_params(stages=["Build"], jobs=["JOB_UNIT", "smoke"]), client, False)
    assert calls()[-1].body == {"choose_stages": ["STAGE_BUILD"], "choose_jobs": ["JOB_UNIT", "JOB_SMOKE"]}
    run = _run(emulator, first["run"]["pipeline_run_id"])
    assert [stage["status"] for stage in run["stages"]] == ["RUNNING", "SKIPPED"]


@pytest.mark.parametrize(
    "options, message",
    [
        ({"variables": {"nope": "1"}}, r"variables: pipeline p1e\w+ declares no variable nope\."),
        ({"stages": ["Nowhere"]}, r"Pipeline p1e\w+ has no stage 'Nowhere'\. Its stages: Build \(STAGE_BUILD\), Test "),
        ({"jobs": ["nojob"]}, r"Pipeline p1e\w+ has no job 'nojob'\. Its jobs: "),
        ({"branch": "main"}, r"Pipeline p1e\w+ has no code source, so it cannot run a branch\."),
    ],
)
def test_options_the_pipeline_does_not_have_fail_after_the_read_before_any_write(client, calls, options, message):
    with pytest.raises(CodeArtsError, match=message):
        ensure_pipeline_run(_params(**options), client, False)
    assert [call.method for call in calls()] == ["GET"]


@pytest.mark.parametrize(
    "options, message",
    [
        ({"project_id": None, "branch": "main"}, "project_id is required with branch: "),
        ({"branch": " "}, "branch is empty"),
        ({"description": "x" * 1025}, "description is longer than 1024 characters"),
        ({"stages": ["Build", ""]}, "stages holds an empty entry"),
        ({"variables": {"v": [1]}}, "variables must map names to strings"),
    ],
)
def test_bad_start_options_fail_before_any_request(client, calls, options, message):
    with pytest.raises(CodeArtsError, match=message):
        ensure_pipeline_run(_params(**options), client, False)
    assert calls() == []


def test_check_mode_reads_and_starts_nothing(client, calls, emulator):
    before = len(emulator.snapshot()["pipeline"]["runs"])
    result = ensure_pipeline_run(_params(stages=["Build"]), client, True)
    assert result["changed"] is True and result["queued"] is None
    assert [call.method for call in calls()] == ["GET", "GET"]
    assert len(emulator.snapshot()["pipeline"]["runs"]) == before


def test_a_start_at_the_concurrency_limit_queues_and_says_so(client, calls, emulator):
    result = ensure_pipeline_run(_params(pipeline_id=QUEUE_PIPELINE, description="behind the others"), client, False)
    assert result["changed"] is True and result["queued"] is True
    assert isinstance(result["queue_id"], int)
    run_id = result["run"]["pipeline_run_id"]
    assert [record["pipeline_run_id"] for record in _queue(emulator)][-1] == run_id
    assert client.record.writes_sent == ["POST /v5/%s/api/pipelines/%s/run" % (PROJECT, QUEUE_PIPELINE)]


def test_a_start_refused_at_the_limit_fails_with_a_hint_and_changes_nothing(client, emulator):
    with pytest.raises(CodeArtsError) as failed:
        ensure_pipeline_run(_params(pipeline_id=ABORT_PIPELINE, description="one too many"), client, False)
    assert failed.value.code == "DEVPIPE.00011104"
    assert "exceed_action ABORT" in failed.value.hint
    result = failure_result(client.record, failed.value)
    assert "changed" not in result and "writes_sent" not in result, "the API refused the one write: nothing changed"


def test_stop_takes_a_queued_run_out_of_the_queue_and_the_rerun_is_ok(client, calls, emulator):
    params = _params(pipeline_id=QUEUE_PIPELINE, pipeline_run_id=QUEUED_LONG, state="stopped")
    result = ensure_pipeline_run(params, client, False)
    assert result["changed"] is True
    assert result["diff"] == {
        "before": {"status": "waiting", "outcome": None},
        "after": {"status": "completed", "outcome": "aborted"},
    }
    (record,) = [call for call in calls() if call.method == "POST"]
    assert record.path.startswith("/v5/%s/api/pipelines/%s/%s/cancel-queuing/" % (PROJECT, QUEUE_PIPELINE, QUEUED_LONG))
    assert record.path.endswith("/%s" % result["queue_id"])
    assert [call.method for call in calls()] == ["GET", "GET", "POST", "GET"]  # status, queue, cancel, wait's read
    assert _run(emulator, QUEUED_LONG)["status"] == "CANCELED"
    assert _run(emulator, RUNNING)["status"] == "RUNNING", "the run under way is untouched"
    again = ensure_pipeline_run(params, client, False)
    assert again["changed"] is False


@pytest.mark.parametrize("run_id", [RUNNING, QUEUED_LONG])
def test_queued_only_takes_a_queued_run_out_and_leaves_a_run_under_way_alone(client, calls, emulator, run_id):
    params = _params(pipeline_id=QUEUE_PIPELINE, pipeline_run_id=run_id, state="stopped", queued_only=True)
    result = ensure_pipeline_run(params, client, False)
    writes = [call.path.rsplit("/", 2)[-2] for call in calls() if call.method == "POST"]
    if run_id == RUNNING:
        assert result["changed"] is False and "queued_only leaves it alone" in result["msg"]
        assert writes == [] and _run(emulator, RUNNING)["stop"] is None
    else:
        assert result["changed"] is True and writes == ["cancel-queuing"]
        # The queue read is the run's state: a run found in it waits there, and its status is not read too.
        assert [call.path.rsplit("/", 1)[-1] for call in calls()][:1] == ["queued-pipeline"]
        assert sum(call.method == "GET" for call in calls()) == 1 + (result.get("run") is not None)
        assert result["diff"]["before"] == {"status": "waiting", "outcome": None}


def test_stop_of_a_queued_run_in_check_mode_sends_nothing(client, calls, emulator):
    params = _params(pipeline_id=QUEUE_PIPELINE, pipeline_run_id=QUEUED_SHORT, state="stopped")
    result = ensure_pipeline_run(params, client, True)
    assert result["changed"] is True and isinstance(result["queue_id"], int)
    assert [call.method for call in calls()] == ["GET", "GET"]
    assert _run(emulator, QUEUED_SHORT)["status"] == "INIT"


def test_stop_of_a_queued_run_without_project_id_says_what_it_needs(client, calls):
    params = _params(project_id=None, pipeline_id=QUEUE_PIPELINE, pipeline_run_id=QUEUED_SHORT, state="stopped")
    with pytest.raises(CodeArtsError, match="waits in the queue; taking it out .* needs project_id"):
        ensure_pipeline_run(params, client, False)
    assert [call.method for call in calls()] == ["GET"]


def test_a_lost_cancel_answer_is_confirmed_by_a_read(client, calls, emulator):
    emulator.add_fault(method="POST", path="/cancel-queuing/", apply=True, drop=True)
    params = _params(pipeline_id=QUEUE_PIPELINE, pipeline_run_id=QUEUED_LONG, state="stopped", wait=False)
    result = ensure_pipeline_run(params, client, False)
    assert result["changed"] is True
    assert [call.method for call in calls()] == ["GET", "GET", "POST", "GET"]
    assert "was not sent again" in client.record.answers_lost[0]


def _info(**options):
    params = {
        "project_id": PROJECT,
        "pipeline_id": None,
        "pipeline_name": None,
        "pipeline_run_id": None,
        "build_id": None,
        "status": None,
        "running_longer_than": None,
        "queued_longer_than": None,
        "started_after": None,
        "started_before": None,
        "all_runs": False,
    }
    params.update(options)
    return params


def test_queued_runs_are_listed_from_the_queue_with_their_queue_id(client, calls):
    runs = pipeline_run_info(_info(status=["QUEUED"]), client, False)["runs"]
    assert [run["id"] for run in runs] == [QUEUED_SHORT, QUEUED_LONG]  # newest in the queue first
    assert all(run["status"] == "QUEUED" and isinstance(run["queue_id"], int) for run in runs)
    # Whole seconds on the service's clock, which its Date header gives to the second.
    assert runs[1]["queued_seconds"] >= 90 * 60 - 1 > runs[0]["queued_seconds"] >= 10 * 60 - 1
    assert runs[0]["enqueue_time"] > runs[1]["enqueue_time"]
    # The project's 7 pipelines, then the queue of the one whose latest run has not started (runs queue behind the
    # runs under way); no run list: only QUEUED was asked for.
    assert [call.path.rsplit("/", 1)[-1] for call in calls()] == ["list", "queued-pipeline"]


def test_queued_longer_than_keeps_the_runs_queued_that_long(client):
    runs = pipeline_run_info(_info(queued_longer_than="1h"), client, False)["runs"]
    assert [run["id"] for run in runs] == [QUEUED_LONG]


def test_queued_and_running_longer_than_each_measure_their_own(client):
    runs = pipeline_run_info(
        _info(pipeline_id=QUEUE_PIPELINE, queued_longer_than="1h", running_longer_than="1h"), client, False
    )["runs"]
    assert sorted(run["id"] for run in runs) == [RUNNING, QUEUED_LONG]


def test_queued_longer_than_with_statuses_it_does_not_measure_fails_before_any_request(client, calls):
    with pytest.raises(CodeArtsError, match="queued_longer_than finds runs of status QUEUED; status FAILED has none"):
        pipeline_run_info(_info(status=["FAILED"], queued_longer_than="1h"), client, False)
    assert calls() == []
