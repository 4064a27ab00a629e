# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The fault matrix: every module's change and no-op paths under every fault the gateway can show.

A module joins by one entry in PATHS; a fault by one entry in FAULTS. Each cell runs the real module against
the emulator with one fault injected on its first read or on its write, and asserts from the module's result,
the emulator's request log and its final state that:

- a fault that can pass (throttling, gateway errors, lost or late or unreadable answers, an expired token) is
  retried or confirmed, and the task ends as it does without the fault, ``changed`` included;
- a fault that cannot pass fails with a structured ``failure`` (status, code, message, request ID), leaves the
  state as it was, and is ``changed`` only if a write was sent and not refused;
- no write is applied twice, and a write that may have been applied is sent again only after a read.

Figures (cells run and passed, retries, writes doubled) go to docs/reliability.md through ``figures``.
"""

from __future__ import annotations

import email.utils
import json
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable, Optional

import pytest

from ansible_collections.huaweicloud.codearts.plugins.module_utils._client import MAY_BE_APPLIED

PROJECT = "c0dea7750000000000000000000000a1"
JOB_ENABLED, JOB_DISABLED = "b1d0000000000000000000000000000a", "b1d0000000000000000000000000000b"
BUSY_JOB = "b1d0000000000000000000000000000f"  # busy-build, build 42 running
# In the recycle bin (housekeeping project): hk-deleted-build, deleted 2 days ago.
HOUSEKEEPING, BINNED_JOB = "c0dea7750000000000000000000000a3", "b1d0000000000000000000000000a309"
RELEASE, NIGHTLY = "p1e0000000000000000000000000000a", "p1e0000000000000000000000000000b"
WAITING_REVIEW_RUN, TIMED_OUT_REVIEW_RUN = "r0000000000000000000000000000001", "r0000000000000000000000000000005"
RUNNING_RUN, COMPLETED_RUN = "r0000000000000000000000000000002", "r0000000000000000000000000000003"
RUNNING_CHECK, IDLE_CHECK = "c4ec0000000000000000000000000001", "c4ec0000000000000000000000000002"
UNKNOWN = "0000000000000000000000000000dead"
# Run control (project a4): queue-pipeline holds one run under way and two queued; vars-pipeline has no limit.
RUN_CONTROL, QUEUE_PIPELINE, VARS_PIPELINE = (
    "c0dea7750000000000000000000000a4",
    "p1e0000000000000000000000000a401",
    "p1e0000000000000000000000000a403",
)
QUEUED_RUN = "r000000000000000000000000000a402"
GATE_PIPELINE, GATE_RUN = "p1e0000000000000000000000000a404", "r000000000000000000000000000a405"  # at Deploy's entry
DELAY_PIPELINE, DELAY_RUN = "p1e0000000000000000000000000a405", "r000000000000000000000000000a406"  # at `hold`

# A release freeze (project a5): fz-release-build is enabled, fz-hotfix-build was disabled before any freeze.
FREEZE_PROJECT, RELEASE_BUILD, HOTFIX_BUILD = (
    "c0dea7750000000000000000000000a5",
    "b1d0000000000000000000000000a501",
    "b1d0000000000000000000000000a503",
)

# Log tails: hk-active-build's build 11 failed (project a3); checkout-pipeline's run 2 failed at unit-tests (project a6).
HK_ACTIVE_JOB, DIAGNOSTICS = "b1d0000000000000000000000000a304", "c0dea7750000000000000000000000a6"

DROP = object()  # in a path's `missing`: leave that argument out
TIMEOUT = 0.5  # every cell's `timeout`: a slow answer is one later than this
TRUNCATE = 7  # the "truncated body" fault cuts an answer after this many bytes
RETRIES = 3  # the modules' default budget
# The CodeArts APIs, not IAM (the token request and the project lookup are faulted only where a cell says so).
# A read fault hits the first CodeArts request (every module reads first; a list call is a POST that reads), a
# write fault the first write (a POST that is not a list call, or the PUT of a path whose write_method says so).
CODEARTS_PATHS = r"^(?!/v3/auth/|/v3/projects)"
CODEARTS_WRITES = CODEARTS_PATHS + r"(?!.*/list$)"


def _job(snapshot, job_id):
    return next(job for job in snapshot["build"]["jobs"] if job["id"] == job_id)


def _build_results(snapshot, job_id):
    return {build["number"]: build["result"] for build in _job(snapshot, job_id)["builds"]}


def _run(snapshot, run_id):
    return next(run for run in snapshot["pipeline"]["runs"] if run["id"] == run_id)


def _pipeline(snapshot, pipeline_id):
    return next(pipeline for pipeline in snapshot["pipeline"]["pipelines"] if pipeline["id"] == pipeline_id)


def _entry(snapshot, run_id, stage):
    """The status of a stage's entry (its pre step) in a run."""
    return _run(snapshot, run_id)["stages"][stage]["pre"][0]["status"]


def _delay(snapshot, run_id, name):
    """(status, extensions) of a run's delay step."""
    step = next(
        step
        for stage in _run(snapshot, run_id)["stages"]
        for job in stage["jobs"]
        for step in job["steps"]
        if step["name"] == name
    )
    return step["status"], step["extensions"]


def _task(snapshot, task_id):
    return next(task for task in snapshot["check"]["tasks"] if task["task_id"] == task_id)


def _stopping_or_stopped(task):
    """Whether the task's check was asked to stop: still stopping, or (a stop waits by default) ended aborted."""
    if task["current"] is not None:
        return task["current"]["stop_at"] is not None
    return (task["last"] or {}).get("result") == "aborted"


def _review_decision(snapshot, run_id):
    steps = [step for stage in _run(snapshot, run_id)["stages"] for job in stage["jobs"] for step in job["steps"]]
    return [
        step["review"] and step["review"]["decision"]
        for step in steps
        if step["task"] == "official_devcloud_checkpoint"
    ]


@dataclass
class Path:
    """One way through one module: its arguments, and the fact of the emulator's state that it is about."""

    module: str
    name: str
    args: dict
    probe: Callable[[dict], object]
    # Arguments that name something that does not exist, and whether the module then fails (else: ok, unchanged).
    missing: dict
    missing_fails: bool
    # A path that changes something: the probe's value after it (the seed's value before it is something else).
    # It sends a write, which the faults on writes hit. A path that changes nothing leaves the probe as it was.
    changes_to: object = None
    writes: bool = False
    # [MODEL] A second stop of a run or a check being stopped changes nothing: sent again after a read showed it pending.
    resend_is_noop: bool = False
    # The method of the path's write, which the faults on writes hit (a ban or unban is a PUT).
    write_method: str = "POST"
    # A write no read can confirm (a delay's extension leaves the step as it was): when its answer is lost, the task
    # fails, changed, saying it may have been applied, and does not send it again.
    unconfirmable: bool = False
    # The size of the write's answer when it is shorter than TRUNCATE (a ban answers the 4 bytes `true`): a truncated
    # answer then arrives whole, and nothing was lost.
    answer_bytes: Optional[int] = None
    # The read a fault on reads hits: the first CodeArts request, unless the path is about a later read (a log's).
    faulted_read: str = CODEARTS_PATHS

    def __post_init__(self):
        self.writes = self.changes_to is not None

    @property
    def id(self):
        return "%s/%s" % (self.module.replace("codearts_", ""), self.name)


PATHS = [
    Path(
        "codearts_build_job",
        "enable",
        {"job_id": JOB_DISABLED, "state": "enabled"},
        lambda s: _job(s, JOB_DISABLED)["disabled"],
        {"job_id": UNKNOWN},
        True,
        changes_to=False,
    ),
    Path(
        "codearts_build_job",
        "enabled-already",
        {"job_id": JOB_ENABLED, "state": "enabled"},
        lambda s: _job(s, JOB_ENABLED)["disabled"],
        {"job_id": UNKNOWN},
        True,
    ),
    Path(
        "codearts_build_job",
        "delete",
        {"job_id": JOB_ENABLED, "state": "absent"},
        lambda s: _job(s, JOB_ENABLED)["deleted"],
        {"job_id": UNKNOWN},
        False,
        changes_to=True,
    ),
    Path(
        "codearts_build_job",
        "restore",
        {"job_id": BINNED_JOB, "state": "present"},
        lambda s: _job(s, BINNED_JOB)["deleted"],
        {"job_id": UNKNOWN},
        True,
        changes_to=False,
    ),
    Path(
        "codearts_build_job",
        "present-already",
        {"job_id": JOB_ENABLED, "state": "present"},
        lambda s: _job(s, JOB_ENABLED)["deleted"],
        {"job_id": UNKNOWN},
        True,
    ),
    Path("codearts_build_job_info", "read", {"job_id": JOB_ENABLED}, lambda s: None, {"job_id": UNKNOWN}, False),
    Path(
        "codearts_build_job_info",
        "recycle-bin",
        {"project_id": HOUSEKEEPING, "deleted": True},
        lambda s: None,
        {"project_id": DROP, "job_id": UNKNOWN},
        False,
    ),
    Path(
        "codearts_build",
        "stop",
        {"job_id": BUSY_JOB, "state": "stopped"},
        lambda s: _build_results(s, BUSY_JOB).get(42),
        {"job_id": UNKNOWN},
        True,
        changes_to="aborted",
    ),
    Path(
        "codearts_build",
        "stopped-already",
        {"job_id": JOB_ENABLED, "state": "stopped"},
        lambda s: _build_results(s, JOB_ENABLED),
        {"job_id": UNKNOWN},
        True,
    ),
    Path(
        "codearts_build",
        "start",
        {"job_id": JOB_ENABLED, "state": "started"},
        lambda s: len(_job(s, JOB_ENABLED)["builds"]),
        {"job_id": UNKNOWN},
        True,
        changes_to=2,
    ),
    Path(
        "codearts_build_info",
        "list",
        {"project_id": PROJECT, "running_longer_than": "1s"},
        lambda s: None,
        {"project_id": UNKNOWN},
        False,
    ),
    Path(
        "codearts_pipeline",
        "disable",
        {"project_id": PROJECT, "pipeline_id": NIGHTLY, "state": "disabled"},
        lambda s: _pipeline(s, NIGHTLY)["banned"],
        {"pipeline_id": UNKNOWN},
        True,
        changes_to=True,
        write_method="PUT",
        answer_bytes=len("true"),
    ),
    Path(
        "codearts_pipeline",
        "enabled-already",
        {"project_id": PROJECT, "name": "nightly-pipeline", "state": "enabled"},
        lambda s: _pipeline(s, NIGHTLY)["banned"],
        {"name": DROP, "pipeline_id": UNKNOWN},
        True,
        write_method="PUT",
    ),
    Path(
        "codearts_pipeline_run",
        "stop",
        {"pipeline_id": NIGHTLY, "build_id": RUNNING_RUN, "state": "stopped"},
        lambda s: _run(s, RUNNING_RUN)["stop"] is not None,
        {"build_id": UNKNOWN},
        True,
        changes_to=True,
        resend_is_noop=True,
    ),
    Path(
        "codearts_pipeline_run",
        "retry",
        {"project_id": PROJECT, "pipeline_id": RELEASE, "build_id": TIMED_OUT_REVIEW_RUN, "state": "retried"},
        lambda s: _run(s, TIMED_OUT_REVIEW_RUN)["status"],
        {"build_id": UNKNOWN},
        True,
        changes_to="RUNNING",
        write_method="PUT",
    ),
    Path(
        "codearts_pipeline_run",
        "retry-not-failed",
        {"project_id": PROJECT, "pipeline_id": NIGHTLY, "build_id": COMPLETED_RUN, "state": "retried"},
        lambda s: _run(s, COMPLETED_RUN)["status"],
        {"build_id": UNKNOWN},
        True,
        write_method="PUT",
    ),
    Path(
        "codearts_pipeline_run",
        "stopped-already",
        {"pipeline_id": NIGHTLY, "build_id": COMPLETED_RUN, "state": "stopped"},
        lambda s: _run(s, COMPLETED_RUN)["stop"],
        {"build_id": UNKNOWN},
        True,
    ),
    Path(
        "codearts_pipeline_run",
        "start",
        {"pipeline_id": NIGHTLY, "state": "started"},
        lambda s: sum(run["pipeline_id"] == NIGHTLY for run in s["pipeline"]["runs"]),
        {"pipeline_id": UNKNOWN},
        True,
        changes_to=3,
    ),
    Path(
        "codearts_pipeline_run",
        "start-v5",
        {"project_id": RUN_CONTROL, "pipeline_id": VARS_PIPELINE, "state": "started", "stages": ["Build"]},
        lambda s: sum(run["pipeline_id"] == VARS_PIPELINE for run in s["pipeline"]["runs"]),
        {"pipeline_id": UNKNOWN},
        True,
        changes_to=1,
    ),
    Path(
        "codearts_pipeline_run",
        "start-queued",
        {"project_id": RUN_CONTROL, "pipeline_id": QUEUE_PIPELINE, "state": "started", "description": "queues"},
        lambda s: sum(bool(run.get("queue")) for run in s["pipeline"]["runs"] if run["pipeline_id"] == QUEUE_PIPELINE),
        {"pipeline_id": UNKNOWN},
        True,
        changes_to=3,
    ),
    Path(
        "codearts_pipeline_run",
        "cancel-queued",
        {"project_id": RUN_CONTROL, "pipeline_id": QUEUE_PIPELINE, "build_id": QUEUED_RUN, "state": "stopped"},
        lambda s: _run(s, QUEUED_RUN)["status"],
        {"build_id": UNKNOWN},
        True,
        changes_to="CANCELED",
    ),
    Path(
        "codearts_freeze",
        "freeze-job",
        {"project_id": FREEZE_PROJECT, "jobs": ["fz-release-build"]},
        lambda s: _job(s, RELEASE_BUILD)["disabled"],
        {"jobs": [UNKNOWN]},
        True,
        changes_to=True,
    ),
    Path(
        "codearts_freeze",
        "thaw-job",
        {
            "project_id": FREEZE_PROJECT,
            "state": "thawed",
            "record": {
                "kind": "huaweicloud.codearts.freeze/1",
                "project_id": FREEZE_PROJECT,
                "jobs": [{"id": HOTFIX_BUILD, "name": "fz-hotfix-build"}],
            },
        },
        lambda s: _job(s, HOTFIX_BUILD)["disabled"],
        {"record": None},
        False,
        changes_to=False,
    ),
    Path(
        "codearts_pipeline_step",
        "pass-checkpoint",
        {"project_id": RUN_CONTROL, "pipeline_id": GATE_PIPELINE, "kind": "checkpoint", "state": "passed"},
        lambda s: _entry(s, GATE_RUN, 1),
        {"pipeline_id": UNKNOWN},
        True,
        changes_to="COMPLETED",
    ),
    Path(
        "codearts_pipeline_step",
        "refuse-delay",
        {"project_id": RUN_CONTROL, "pipeline_name": "delay-pipeline", "kind": "delay", "state": "refused"},
        lambda s: _delay(s, DELAY_RUN, "hold"),
        {"pipeline_name": DROP, "pipeline_id": UNKNOWN},
        True,
        changes_to=("FAILED", 0),
    ),
    Path(
        "codearts_pipeline_step",
        "postpone-delay",
        {"project_id": RUN_CONTROL, "pipeline_id": DELAY_PIPELINE, "kind": "delay", "state": "postponed"},
        lambda s: _delay(s, DELAY_RUN, "hold"),
        {"pipeline_id": UNKNOWN},
        True,
        changes_to=("RUNNING", 1),
        unconfirmable=True,
    ),
    Path(
        "codearts_pipeline_run_info",
        "queued",
        {"project_id": RUN_CONTROL, "status": ["queued"], "queued_longer_than": "1m"},
        lambda s: None,
        {"project_id": UNKNOWN},
        False,
    ),
    Path(
        "codearts_pipeline_run_info",
        "read",
        {"pipeline_id": RELEASE, "build_id": WAITING_REVIEW_RUN},
        lambda s: None,
        {"build_id": UNKNOWN},
        False,
    ),
    Path(
        "codearts_pipeline_run_info",
        "list",
        {"project_id": PROJECT, "running_longer_than": "1s"},
        lambda s: None,
        {"project_id": UNKNOWN},
        False,
    ),
    Path("codearts_pipeline_info", "read", {"project_id": PROJECT}, lambda s: None, {"project_id": UNKNOWN}, False),
    # The log tails of what failed: the faults on reads hit the log read (the failed step's, the failed build's).
    Path(
        "codearts_pipeline_run_info",
        "log-tails",
        {"project_id": DIAGNOSTICS, "status": ["failed"], "log_lines": 5},
        lambda s: None,
        {"project_id": UNKNOWN},
        False,
        faulted_read=r"/logs$",
    ),
    Path(
        "codearts_build_info",
        "log-tails",
        {"job_id": HK_ACTIVE_JOB, "status": ["failed"], "log_lines": 5},
        lambda s: None,
        {"job_id": UNKNOWN},
        False,
        faulted_read=r"/real-time-log$",
    ),
    # By name and the latest run: a list call (a POST that reads) before the v3 status and the stop.
    Path(
        "codearts_pipeline_run",
        "stop-latest-by-name",
        {"project_id": PROJECT, "pipeline_name": "nightly-pipeline", "state": "stopped"},
        lambda s: _run(s, RUNNING_RUN)["stop"] is not None,
        {"pipeline_name": DROP, "pipeline_id": UNKNOWN},
        True,
        changes_to=True,
        resend_is_noop=True,
    ),
    Path(
        "codearts_pipeline_manual_review",
        "reject",
        {
            "project_id": PROJECT,
            "pipeline_id": RELEASE,
            "pipeline_run_id": WAITING_REVIEW_RUN,
            "state": "rejected",
            "comment": "stale",
        },
        lambda s: _review_decision(s, WAITING_REVIEW_RUN),
        {"pipeline_run_id": UNKNOWN},
        True,
        changes_to=["rejected"],
    ),
    Path(
        "codearts_pipeline_manual_review",
        "rejected-already",
        {"project_id": PROJECT, "pipeline_id": RELEASE, "pipeline_run_id": TIMED_OUT_REVIEW_RUN, "state": "rejected"},
        lambda s: _review_decision(s, TIMED_OUT_REVIEW_RUN),
        {"pipeline_run_id": UNKNOWN},
        True,
    ),
    Path(
        "codearts_check_task",
        "stop",
        {"task_id": RUNNING_CHECK, "state": "stopped"},
        lambda s: _stopping_or_stopped(_task(s, RUNNING_CHECK)),
        {"task_id": UNKNOWN},
        True,
        changes_to=True,
        resend_is_noop=True,
    ),
    Path(
        "codearts_check_task",
        "start",
        {"task_id": IDLE_CHECK, "state": "running"},
        lambda s: _task(s, IDLE_CHECK)["current"] is not None,
        {"task_id": UNKNOWN},
        True,
        changes_to=True,
    ),
    Path(
        "codearts_check_task",
        "stopped-already",
        {"task_id": IDLE_CHECK, "state": "stopped"},
        lambda s: _task(s, IDLE_CHECK)["current"],
        {"task_id": UNKNOWN},
        True,
    ),
    Path("codearts_check_task_info", "read", {"task_id": IDLE_CHECK}, lambda s: None, {"task_id": UNKNOWN}, False),
]


@dataclass
class Fault:
    """A fault kind: the emulator fault spec (less method and path), and whether a task can get past it."""

    name: str
    spec: Callable[[], dict]
    passes: bool
    on_reads: bool = True
    on_writes: bool = True
    auth: str = "aksk"  # the way to authenticate (a key of conftest's AUTH)
    applied: bool = False  # the service applied the write before the fault hit its answer
    check: Callable[["Cell"], None] = field(default=lambda cell: None)


def _http_date(seconds_from_now):
    return email.utils.formatdate(time.time() + seconds_from_now, usegmt=True)


def _waited(expected):
    def check(cell):
        assert cell.task.sleeps[:1] == [expected], "the task waited as long as Retry-After said"

    return check


def _waited_until_the_date(cell):
    assert cell.task.sleeps and 0 <= cell.task.sleeps[0] <= 2, "the task waited until the Retry-After date"


def _renewed_the_token(cell):
    tokens = [entry for entry in cell.log if entry["operation"] == "KeystoneCreateUserTokenByPassword"]
    assert len(tokens) == 2, "one token, refused as expired, then exactly one new one"


def _gave_up_after_the_budget(cell):
    assert len(cell.task.sleeps) == RETRIES, "retried as often as `retries` allows, then failed"


def _answer_left_whole(cell):
    """Whether the fault cut the write's answer after more bytes than it has, so that it came whole."""
    return cell.fault.name == "truncated body" and (cell.path.answer_bytes or TRUNCATE + 1) <= TRUNCATE


def _said_the_answer_was_lost(cell):
    assert cell.task.result.get("answers_lost"), "the result says which answer was lost"
    assert "took effect" in json.dumps(cell.task.result.get("warnings")), "and warns with it"


THROTTLED = {"status": 429, "error_code": "APIGW.0308", "error_msg": "The throttling threshold has been reached"}
FAULTS = [
    Fault("429 Retry-After seconds", lambda: dict(THROTTLED, headers={"Retry-After": "2"}), True, check=_waited(2.0)),
    Fault(
        "429 Retry-After date",
        lambda: dict(THROTTLED, headers={"Retry-After": _http_date(2)}),
        True,
        check=_waited_until_the_date,
    ),
    Fault("429 no Retry-After", lambda: dict(THROTTLED), True),
    Fault("500", lambda: {"status": 500, "error_code": "DEV.00000500", "error_msg": "internal error"}, True),
    Fault("500 after applying", lambda: {"status": 500, "apply": True}, True, on_reads=False, applied=True),
    Fault("502", lambda: {"status": 502, "error_code": "APIGW.0202", "error_msg": "bad gateway"}, True),
    Fault("502 after applying", lambda: {"status": 502, "apply": True}, True, on_reads=False, applied=True),
    Fault("503", lambda: {"status": 503, "error_code": "APIGW.0203", "error_msg": "service unavailable"}, True),
    Fault("503 every time", lambda: {"status": 503, "count": RETRIES + 1}, False, check=_gave_up_after_the_budget),
    Fault("504", lambda: {"status": 504, "error_code": "APIGW.0204", "error_msg": "gateway timeout"}, True),
    Fault("504 after applying", lambda: {"status": 504, "apply": True}, True, on_reads=False, applied=True),
    Fault("connection dropped", lambda: {"drop": True}, True),
    Fault("answer lost after applying", lambda: {"drop": True, "apply": True}, True, on_reads=False, applied=True),
    # A write that the service begins only after `timeout` may be confirmed too early and sent again: the write
    # cells take the answer as late, after the write was applied (docs/reliability.md says why).
    Fault("slower than timeout", lambda: {"delay": TIMEOUT + 0.3}, True, on_writes=False),
    Fault(
        "answered after timeout", lambda: {"delay": TIMEOUT + 0.3, "apply": True}, True, on_reads=False, applied=True
    ),
    Fault("truncated body", lambda: {"apply": True, "truncate": TRUNCATE}, True, applied=True),
    Fault("non-JSON body", lambda: {"status": 200, "raw": "<html><body>Sign in to continue</body></html>"}, True),
    Fault(
        "error in a 200 body",
        lambda: {"status": 200, "error_code": "DEV.00000001", "error_msg": "refused in a 200"},
        False,
    ),
    Fault(
        "v1 status: fail",
        lambda: {"body": {"status": "fail", "error": {"code": "DEVCB.00031500", "message": "busy"}, "result": None}},
        False,
    ),
    Fault(
        "401 token expired",
        lambda: {"status": 401, "error_code": "APIGW.0307", "error_msg": "The token expires."},
        True,
        auth="password",
        check=_renewed_the_token,
    ),
]


class Cell:
    """One run of one path with one fault on one target (the first read, or the write), and what it left."""

    def __init__(self, path, fault=None, target=None):
        self.path, self.fault, self.target = path, fault, target
        self.task = self.log = self.before = self.after = None

    def run(self, emulator, run_task, args=None):
        emulator.reset()
        self.before = self.path.probe(emulator.snapshot())
        if self.fault is not None:
            if self.target == "read":
                emulator.add_fault(path=self.path.faulted_read, **self.fault.spec())
            else:
                emulator.add_fault(method=self.path.write_method, path=CODEARTS_WRITES, **self.fault.spec())
        auth = self.fault.auth if self.fault is not None else "aksk"
        task_args = {
            name: value
            for name, value in dict(self.path.args, timeout=TIMEOUT, **(args or {})).items()
            if value is not DROP
        }
        self.task = run_task(self.path.module, task_args, auth=auth)
        self.mode = run_task.mode
        self.log = emulator.requests()
        self.after = self.path.probe(emulator.snapshot())
        return self

    def writes(self):
        return [entry for entry in self.log if entry["write"] and entry["service"] != "iam"]

    def applied_writes(self):
        """How often each write took effect: served by the service, and not refused by it."""
        return Counter(
            "%s %s" % (entry["method"], entry["path"])
            for entry in self.writes()
            if entry["served"] and entry["service_status"] < 400
        )

    def doubled(self):
        """Writes applied more than once (a stop sent again after a read showed it pending is a no-op, not counted)."""
        if self.path.resend_is_noop:
            return 0
        return sum(count - 1 for count in self.applied_writes().values() if count > 1)

    def resent_without_a_read(self):
        """Writes sent again after an attempt that may have been processed, with no read in between."""
        bad, last_write, read_since = 0, None, True
        for entry in self.log:
            if entry["service"] == "iam":
                continue
            if not entry["write"]:
                read_since = True
                continue
            key = (entry["method"], entry["path"])
            if last_write is not None and last_write[0] == key and last_write[1] and not read_since:
                bad += 1
            maybe_processed = entry["served"] or entry["status"] not in (429, 503, 401)
            last_write, read_since = (key, maybe_processed), False
        return bad


def _cells():
    for path in PATHS:
        for fault in FAULTS:
            for target in ("read", "write"):
                if (target == "read" and fault.on_reads) or (target == "write" and fault.on_writes and path.writes):
                    yield pytest.param(path, fault, target, id="%s | %s | %s" % (path.id, fault.name, target))
        yield pytest.param(path, None, None, id="%s | no fault" % path.id)


@pytest.fixture(name="matrix")
def matrix_fixture(figures):
    """This test's records of cells (see the figures fixture)."""
    return figures.setdefault("fault_matrix", [])


def _assert_structured(failure):
    assert failure and failure["message"], "a structured failure"
    for key in ("status", "code", "request_id"):
        assert failure[key] is not None, "the failure carries the API's %s" % key


def _record(matrix, cell, fault_name, target):
    """The cell's figures, recorded before its checks (a cell that fails them stays recorded as not passed)."""
    result = cell.task.result
    record = {
        "module": cell.path.module,
        "mode": cell.mode,
        "path": cell.path.name,
        "fault": fault_name,
        "target": target,
        "passed": False,
        "retries": len(cell.task.sleeps),
        "failed": cell.task.failed,
        "changed": bool(result.get("changed")),
        "writes_applied": sum(cell.applied_writes().values()),
        "doubled": cell.doubled(),
        "tracebacks": int("exception" in result or "module_stderr" in result),
    }
    matrix.append(record)
    assert not record["tracebacks"], result
    return record


@pytest.mark.parametrize("path, fault, target", list(_cells()))
def test_fault(path, fault, target, emulator, run_task, matrix):
    cell = Cell(path, fault, target).run(emulator, run_task)
    record = _record(matrix, cell, fault.name if fault else "no fault", target or "-")
    result = cell.task.result
    wanted = cell.before if path.changes_to is None else path.changes_to
    assert not path.writes or cell.before != path.changes_to, "the seed is not already as the path leaves it"
    assert cell.doubled() == 0, "a write was applied twice: %s" % cell.applied_writes()
    assert cell.resent_without_a_read() == 0, "a write that may have been applied was sent again without a read"
    if path.unconfirmable and target == "write" and cell.task.failed and MAY_BE_APPLIED in result["msg"]:
        # Its answer lost (or unreadable), a write no read can confirm fails as changed, and is not sent again.
        assert result["changed"] is True and len(cell.applied_writes()) <= 1
        assert cell.after in (cell.before, path.changes_to)
        record.update(passed=True, outcome="fails, saying the write may have been applied")
        return
    if fault is None or fault.passes:
        assert not cell.task.failed, result
        assert result["changed"] is path.writes, "changed as without the fault"
        assert cell.after == wanted, "the state is what the task asked for"
        if target == "write" and fault.applied and path.resend_is_noop:
            # (an answer with no body to cut short is no fault: then the stop went once)
            record["resent_after_read"] = max(cell.applied_writes().values()) - 1
            assert record["resent_after_read"] in (0, 1), "the pending stop was sent again once, after a read"
        elif target == "write" and fault.applied and not _answer_left_whole(cell):
            _said_the_answer_was_lost(cell)
    else:
        assert cell.task.failed
        _assert_structured(result["failure"])
        assert cell.after == cell.before, "a failed task left the state as it was"
        assert not result.get("changed"), "nothing was applied"
    if fault is not None:
        fault.check(cell)
    record.update(
        passed=True, outcome="fails, with a structured failure" if cell.task.failed else "ends as without the fault"
    )


@pytest.mark.parametrize("path", PATHS, ids=[path.id for path in PATHS])
def test_missing(path, emulator, run_task, matrix):
    """422/400 "not found": the modules that need the resource fail with the API's answer; the others do nothing."""
    cell = Cell(path).run(emulator, run_task, args=path.missing)
    record = _record(matrix, cell, "not found (422/400)", "read")
    result = cell.task.result
    assert not result.get("changed") and not cell.writes()
    if path.missing_fails:
        assert cell.task.failed, result
        _assert_structured(result["failure"])
        assert result["failure"]["status"] in (400, 404, 422)
    else:
        assert not cell.task.failed, result
    record.update(passed=True, outcome="fails with the API's answer" if cell.task.failed else "ok, nothing to do")
