# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Deleted build jobs and the recycle bin: state=present restores, absent says until when, info lists the bin.

Against the emulator, whose seed holds two deleted jobs of the housekeeping project (hk-deleted-build, enabled, deleted
2 days ago; hk-deleted-paused-build, disabled, deleted 20 days ago) in a bin that keeps jobs 30 days.
"""

from __future__ import annotations

import pytest

from ansible_collections.huaweicloud.codearts.plugins.module_utils._build import build_job_info, ensure_build_job
from ansible_collections.huaweicloud.codearts.plugins.module_utils._errors import CodeArtsError
from codearts_emulator.state import load_seed

HK = "c0dea7750000000000000000000000a3"
DELETED, DELETED_PAUSED = "b1d0000000000000000000000000a309", "b1d0000000000000000000000000a310"
NIGHTLY = "b1d0000000000000000000000000000a"
OTHER = "c0dea77500000000000000000000b1e1"  # a project only the jobs seeded here live in
BIN = "/v1/job/recycling-jobs"
RESTORE = "/v1/job/recycling-restoration"
DAY_MS = 86400000


def _params(**options):
    params = {"job_id": None, "name": None, "project_id": None, "state": "present"}
    params.update(options)
    return params


def _info_params(**options):
    params = {"job_id": None, "name": None, "project_id": None, "not_built_for": None, "disabled_for": None}
    params.update(deleted=True, **options)
    return params


def _state(emulator, job_id):
    return next(job for job in emulator.snapshot()["build"]["jobs"] if job["id"] == job_id)


def _deleted_job(number, name, **fields):
    return {"id": "del%029d" % number, "job_name": name, "project_id": OTHER, "deleted_ago": 3600 * number, **fields}


def _paths(calls):
    return [call[:2] for call in calls()]


# state=present


@pytest.mark.parametrize("job_id", [NIGHTLY, "b1d0000000000000000000000000000b"], ids=["enabled", "disabled"])
def test_present_on_a_job_that_exists_is_ok_with_one_read(client, calls, job_id):
    result = ensure_build_job(_params(job_id=job_id), client, check_mode=False)
    assert result["changed"] is False and result["job"]["id"] == job_id
    assert result["diff"]["before"] == result["diff"]["after"] == result["job"]
    assert _paths(calls) == [("GET", "/v1/job/%s/info" % job_id)], "the bin is read only for a job that is not there"


def test_present_restores_a_binned_job_by_id_disabled_as_it_was(client, calls, emulator):
    result = ensure_build_job(_params(job_id=DELETED_PAUSED), client, check_mode=False)
    assert result["changed"] is True
    assert (result["job"]["id"], result["job"]["name"], result["job"]["disabled"]) == (
        DELETED_PAUSED,
        "hk-deleted-paused-build",
        True,
    )
    assert result["diff"] == {"before": {}, "after": result["job"]}
    assert _paths(calls) == [
        ("GET", "/v1/job/%s/info" % DELETED_PAUSED),
        ("GET", BIN),
        ("POST", RESTORE),
        ("GET", "/v1/job/%s/info" % DELETED_PAUSED),
    ]
    assert calls()[1].query == {"page_no": "1", "page_size": "100"}, "by ID: the whole bin, no search"
    assert calls()[2].body == {"job_ids": [DELETED_PAUSED]}
    assert _state(emulator, DELETED_PAUSED)["deleted"] is False


def test_present_restores_by_name_then_is_ok(client, calls, emulator):
    params = _params(name="hk-deleted-build", project_id=HK)
    result = ensure_build_job(params, client, check_mode=False)
    assert result["changed"] is True and result["job"]["disabled"] is False and result["job"]["project_id"] == HK
    listing, bin_read, restore, read = calls()
    assert (listing.path, bin_read.path, restore.path, read.path) == (
        "/v3/%s/jobs" % HK,
        BIN,
        RESTORE,
        "/v1/job/%s/info" % DELETED,
    )
    assert bin_read.query == {"page_no": "1", "page_size": "100", "search": "hk-deleted-build"}
    emulator.clear_requests()
    again = ensure_build_job(params, client, check_mode=False)
    assert again["changed"] is False and again["job"]["id"] == DELETED
    assert [call.path for call in calls()] == ["/v3/%s/jobs" % HK]


def test_restore_by_name_takes_only_that_name_in_that_project(client, reseed):
    # The API's search finds names that hold the text; only the exact name in the task's project counts.
    reseed(build_jobs=[_deleted_job(1, "hk-deleted-build"), _deleted_job(2, "hk-deleted-build-2")])
    result = ensure_build_job(_params(name="hk-deleted-build", project_id=OTHER), client, check_mode=False)
    assert result["job"]["id"] == "del%029d" % 1


def test_present_in_check_mode_reports_the_restore_and_writes_nothing(client, calls, emulator):
    result = ensure_build_job(_params(name="hk-deleted-paused-build", project_id=HK), client, check_mode=True)
    assert result["changed"] is True
    assert result["job"] == {"id": DELETED_PAUSED, "name": "hk-deleted-paused-build", "project_id": HK}
    assert result["diff"] == {"before": {}, "after": result["job"]}
    assert [call.method for call in calls()] == ["GET", "GET"]
    assert _state(emulator, DELETED_PAUSED)["deleted"] is True


def test_several_binned_jobs_of_that_name_fail_listing_them(client, calls, reseed):
    reseed(build_jobs=[_deleted_job(1, "twice"), _deleted_job(2, "twice")])
    with pytest.raises(CodeArtsError, match="2 deleted build jobs named 'twice' of project %s" % OTHER) as failed:
        ensure_build_job(_params(name="twice", project_id=OTHER), client, check_mode=False)
    message = str(failed.value)
    assert "ID del%029d deleted at " % 1 in message and "ID del%029d deleted at " % 2 in message
    assert message.index("del%029d" % 1) < message.index("del%029d" % 2), "the latest deletion first"
    assert "name the one to restore with job_id" in message
    assert [call.method for call in calls()] == ["GET", "GET"]


@pytest.mark.parametrize(
    "params, status",
    [({"job_id": "b1d00000000000000000000000000999"}, 422), ({"name": "never", "project_id": HK}, None)],
    ids=["by id", "by name"],
)
def test_a_job_neither_there_nor_in_the_bin_fails(client, calls, params, status):
    with pytest.raises(
        CodeArtsError, match="does not exist .*, and is not in the recycle bin, so it cannot be restored"
    ) as failed:
        ensure_build_job(_params(**params), client, check_mode=False)
    assert failed.value.status == status, "by ID, the failure keeps the API's 422"
    assert [call.method for call in calls()] == ["GET", "GET"]


def test_a_lost_answer_of_an_applied_restore_is_confirmed_and_not_sent_again(client, calls, emulator):
    emulator.add_fault(method="POST", path="/recycling-restoration$", apply=True, drop=True)
    result = ensure_build_job(_params(job_id=DELETED), client, check_mode=False)
    assert result["changed"] is True and result["job"]["id"] == DELETED
    assert _paths(calls) == [
        ("GET", "/v1/job/%s/info" % DELETED),
        ("GET", BIN),
        ("POST", RESTORE),
        ("GET", "/v1/job/%s/info" % DELETED),
    ], "the read that confirmed the restore gives the job"
    assert len(client.record.answers_lost) == 1


@pytest.mark.parametrize("fault", [{"drop": True}, {"status": 502}], ids=["dropped", "502"])
def test_a_restore_not_applied_is_read_then_sent_once_more(client, calls, emulator, fault):
    emulator.add_fault(method="POST", path="/recycling-restoration$", **fault)
    result = ensure_build_job(_params(job_id=DELETED), client, check_mode=False)
    assert result["changed"] is True and _state(emulator, DELETED)["deleted"] is False
    assert _paths(calls) == [
        ("GET", "/v1/job/%s/info" % DELETED),
        ("GET", BIN),
        ("POST", RESTORE),
        ("GET", "/v1/job/%s/info" % DELETED),
        ("POST", RESTORE),
        ("GET", "/v1/job/%s/info" % DELETED),
    ]
    assert not client.record.answers_lost


def test_a_job_on_the_second_page_of_the_bin_is_found(client, calls, reseed):
    reseed(build_jobs=[_deleted_job(number, "old-%d" % number) for number in range(1, 151)])
    # The latest deletion first: old-150 (deleted 150 h ago) is the last entry.
    result = ensure_build_job(_params(job_id="del%029d" % 150), client, check_mode=False)
    assert result["changed"] is True
    assert [call.query.get("page_no") for call in calls() if call.path == BIN] == ["1", "2"]


# enabled and disabled


@pytest.mark.parametrize("state", ["enabled", "disabled"])
def test_enabled_or_disabled_on_a_binned_job_fails_saying_to_restore_it_first(client, calls, emulator, state):
    with pytest.raises(CodeArtsError) as failed:
        ensure_build_job(_params(job_id=DELETED, state=state), client, check_mode=False)
    message = str(failed.value)
    assert message.startswith("Build job %s is in the recycle bin (ID %s deleted at 20" % (DELETED, DELETED)), message
    assert "UTC, restorable until 20" in message
    assert "restore it with state=present first, then make it %s." % state in message
    assert (failed.value.status, failed.value.code) == (422, "DEVCB.00031006")
    assert [call.method for call in calls()] == ["GET", "GET"]
    assert _state(emulator, DELETED)["deleted"] is True


# state=absent


def test_absent_on_a_binned_job_is_ok_and_says_until_when(client, calls, emulator):
    deleted_time = _state(emulator, DELETED)["deleted_time"] // 1000 * 1000
    result = ensure_build_job(_params(name="hk-deleted-build", project_id=HK, state="absent"), client, False)
    assert result["changed"] is False and result["job"] == {}
    assert result["recycle_bin"] == {
        "id": DELETED,
        "deleted_time": deleted_time,
        "restorable_until": deleted_time + 30 * DAY_MS,
        "keep_days": 30,
    }
    assert [call.method for call in calls()] == ["GET", "GET"]


def test_absent_by_name_reports_the_latest_deletion_of_that_name(client, reseed):
    reseed(build_jobs=[_deleted_job(2, "twice"), _deleted_job(1, "twice")])
    result = ensure_build_job(_params(name="twice", project_id=OTHER, state="absent"), client, False)
    assert result["recycle_bin"]["id"] == "del%029d" % 1


def test_the_bin_keeps_jobs_as_many_days_as_it_says(client, emulator):
    seed = load_seed(None)
    seed["build"]["keep_time"] = 7
    # Without the seeded deleted jobs: the one deleted 20 days ago would be past 7 days.
    seed["build"]["jobs"] = [job for job in seed["build"]["jobs"] if "deleted_ago" not in job]
    seed["build"]["jobs"].append(_deleted_job(1, "weekly"))
    emulator.reset(seed)
    (entry,) = build_job_info(_info_params(project_id=OTHER), client, False)["jobs"]
    assert entry["restorable_until"] - entry["deleted_time"] == 7 * DAY_MS
    result = ensure_build_job(_params(job_id=NIGHTLY, state="absent"), client, check_mode=False)
    assert result["recycle_bin"]["keep_days"] == 7
    assert result["recycle_bin"]["restorable_until"] - result["recycle_bin"]["deleted_time"] == 7 * DAY_MS


# The bin's times


def _bin_answer(entry):
    return {"status": "success", "result": {"keep_time": 30, "total": 1, "job_list": [entry]}}


ENTRY = {"job_id": DELETED, "job_name": "hk-deleted-build", "project_id": HK, "creator_name": "someone"}


@pytest.mark.parametrize(
    "times, deleted_time",
    [
        ({"delete_time_stamp": "1723493245", "delete_time": "2024-08-13 04:07:25"}, 1723493245000),
        ({"delete_time": "2024-08-13 04:07:25"}, 1723493245000),  # China Standard Time, as in the documented example
        ({"delete_time_stamp": 1723493245123}, 1723493245123),  # milliseconds, read as such
        ({"delete_time_stamp": "", "delete_time": ""}, None),
        ({}, None),
    ],
)
def test_bin_times_are_read_from_the_stamp_else_the_text(client, emulator, times, deleted_time):
    emulator.add_fault(method="GET", path="/recycling-jobs$", body=_bin_answer(dict(ENTRY, **times)))
    (entry,) = build_job_info(_info_params(project_id=HK), client, False)["jobs"]
    assert entry["deleted_time"] == deleted_time
    assert entry["restorable_until"] == (None if deleted_time is None else deleted_time + 30 * DAY_MS)


# codearts_build_job_info deleted=true


def test_info_lists_the_projects_bin(client, calls, emulator):
    now = emulator.state.clock.now_ms()
    jobs = build_job_info(_info_params(project_id=HK), client, False)["jobs"]
    assert [job["name"] for job in jobs] == ["hk-deleted-build", "hk-deleted-paused-build"]
    first = jobs[0]
    assert sorted(first) == ["creator", "deleted", "deleted_time", "id", "name", "project_id", "restorable_until"]
    assert (first["id"], first["project_id"], first["creator"], first["deleted"]) == (DELETED, HK, "demo-user", True)
    assert abs(now - 2 * DAY_MS - first["deleted_time"]) < 2000
    assert first["restorable_until"] == first["deleted_time"] + 30 * DAY_MS
    assert [call.query for call in calls()] == [{"page_no": "1", "page_size": "100"}]


def test_info_of_the_bin_by_name_and_by_id(client, calls):
    by_name = build_job_info(_info_params(project_id=HK, name="hk-deleted-paused-build"), client, False)["jobs"]
    assert [job["id"] for job in by_name] == [DELETED_PAUSED]
    assert calls()[0].query["search"] == "hk-deleted-paused-build"
    assert [job["id"] for job in build_job_info(_info_params(job_id=DELETED), client, False)["jobs"]] == [DELETED]
    assert build_job_info(_info_params(job_id=NIGHTLY), client, False)["jobs"] == [], "a live job is not in the bin"
    assert build_job_info(_info_params(project_id=OTHER), client, False)["jobs"] == []


def test_info_deleted_does_not_go_with_the_live_filters(client, calls):
    with pytest.raises(
        CodeArtsError, match="deleted lists the jobs in the recycle bin; not_built_for and disabled_for"
    ):
        build_job_info(_info_params(project_id=HK, not_built_for="30d"), client, False)
    assert calls() == []


def test_info_without_deleted_lists_live_jobs_only(client):
    params = dict(_info_params(project_id=HK), deleted=False)
    names = [job["name"] for job in build_job_info(params, client, False)["jobs"]]
    assert "hk-deleted-build" not in names and "hk-idle-build" in names
