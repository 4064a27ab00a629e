#!/usr/bin/env python
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Requests against the minimum: every cookbook playbook, the `_info` listings and the event source's poll.

Usage (from the copied tree BUILD/ansible_collections/huaweicloud/codearts, as `make requests` does):
    python tests/e2e/request_counts.py [--size N] [--json FILE] [--out FILE]

One CodeArts project of N (default 100) pipelines, N build jobs and N check tasks; item n is of the kind n % 10 says
(KINDS below: a tenth of each kind, the rest ordinary). Each subject runs on a fresh emulator, as a user runs it
(ansible-playbook huaweicloud.codearts.<playbook>, `ansible localhost -m <module>`, the event source's poller), and
its requests are counted in the emulator's log.

The minimum of each subject is written down with it, from the kinds' counts: the fewest requests the API allows for the
same answer (the list pages, one read of each thing whose state the list does not give, one write per change).
Reading the state before a write is kept: a playbook's write goes through a module that reads the item first, so a
playbook is held to its minimum plus one read before each write ("with the read before each write"); the sweep
(stop_long_runs), every `_info` listing and the poll are held to the bare minimum. A subject over 1.2 times what it
is held to fails the run (exit 1), as does a playbook that fails. --out writes the `## Requests against the minimum`
section of docs/performance.md.
"""

from __future__ import annotations

import argparse
import collections
import json
import math
import os
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BUILD = os.path.dirname(os.path.dirname(os.path.dirname(ROOT)))
sys.path.insert(0, os.path.join(ROOT, "tests"))
sys.path.insert(0, os.path.join(ROOT, "hack"))
sys.path.insert(0, BUILD)

from ansible.release import __version__ as ANSIBLE_CORE  # noqa: E402  pylint: disable=wrong-import-position
from benchmark import write_section  # noqa: E402  pylint: disable=wrong-import-position

from codearts_emulator.server import Emulator  # noqa: E402  pylint: disable=wrong-import-position
from codearts_emulator.state import DEFAULT_SEED, load_seed  # noqa: E402  pylint: disable=wrong-import-position

PROJECT = "c0dea775000000000000000requests0"
REGION = "cn-north-4"
PAGE = 100  # ListPipelines, ShowJobListByProjectId and ShowTaskListByProjectId answer up to 100 items a page
LIMIT = 1.2
# Why a subject is measured but not held to a bound yet.
NOT_HELD = (
    "a check's stop by task_id reads the task's name (ShowTaskDetail) besides its progress, then polls the progress"
    " until the stop lands, 4 reads for the emulator's 2-second stop; a build's stop reads the job (ShowJobInfo) besides"
    " its history. Holding it needs a way to wait for many checks with one read, as pipeline_runs does for runs"
)

BUILD_STAGE = [
    {"name": "Build", "jobs": [{"name": "build", "steps": [{"name": "build", "task": "official_devcloud_build"}]}]}
]
REVIEW_STAGES = BUILD_STAGE + [
    {
        "name": "Approve",
        "jobs": [{"name": "approve", "steps": [{"name": "approval", "task": "official_devcloud_checkpoint"}]}],
    }
]
LONG_BUILD_STAGE = [
    {
        "name": "Build",
        "jobs": [{"name": "build", "steps": [{"name": "build", "task": "official_devcloud_build", "duration": 36000}]}],
    }
]
# What item n of each resource is, by n % 10 (the others: "finished" pipelines, "active" jobs, "done" check tasks).
KINDS = {
    "pipeline": {0: "runaway", 1: "never ran", 2: "healthy", 3: "stale review", 4: "failed", 5: "queued"},
    "job": {0: "hung", 1: "idle", 2: "retired", 3: "paused", 4: "building"},
    "check": {0: "hung", 1: "busy"},
}
ORDINARY = {"pipeline": "finished", "job": "active", "check": "done"}


def kind(resource, number):
    return KINDS[resource].get(number % 10, ORDINARY[resource])


def pipeline(number):
    run_id = "r%031d" % number
    entry = {"id": "p1e%029d" % number, "name": "count-%03d" % number, "project_id": PROJECT, "stages": BUILD_STAGE}
    entry["stop_delay"] = 0.2
    entry["runs"] = {
        "runaway": [{"id": run_id, "at": "build", "waited": 216000, "remaining": 864000}],  # under way 60 h
        "never ran": [],
        "healthy": [{"id": run_id, "at": "build", "waited": 3600, "remaining": 864000}],  # 1 h
        "stale review": [{"id": run_id, "at": "approval", "waited": 108000}],  # its review waits for 30 h
        "failed": [{"id": run_id, "at": "build", "end": "failed", "ended_ago": 3600}],  # failed an hour ago
        "queued": [  # one run under way for 2 h, one queued behind it for 90 minutes
            {"id": run_id, "at": "build", "waited": 7200, "remaining": 864000},
            {"id": "q%031d" % number, "queued": True, "waited": 5400},
        ],
        "finished": [{"id": run_id, "end": "completed", "ended_ago": 86400}],
    }[kind("pipeline", number)]
    if kind("pipeline", number) == "stale review":
        entry.update(stages=REVIEW_STAGES, step_duration=60)
    if kind("pipeline", number) == "queued":
        entry.update(
            stages=LONG_BUILD_STAGE,
            concurrency_control={"enable": True, "concurrency_number": 1, "exceed_action": "QUEUE"},
        )
    return entry


def job(number):
    entry = {"id": "b1d%029d" % number, "job_name": "count-build-%03d" % number, "project_id": PROJECT}
    entry.update(
        {
            "hung": {"builds": [{"number": 1, "started_ago": 10800, "result": "running"}]},  # building for 3 h
            "idle": {"builds": [{"number": 1, "started_ago": 3456000, "duration": 300, "result": "success"}]},  # 40 d
            "retired": {"disabled": True, "disabled_ago": 8640000, "last_build_no": 3, "last_build_ago": 10368000},
            "paused": {"disabled": True, "disabled_ago": 864000, "last_build_no": 3, "last_build_ago": 864000},
            "building": {"builds": [{"number": 1, "started_ago": 600, "result": "running"}]},  # for 10 minutes
            "active": {"builds": [{"number": 1, "started_ago": 172800, "duration": 300, "result": "success"}]},
        }[kind("job", number)]
    )
    return entry


def check(number):
    entry = {"task_id": "c4ec%028d" % number, "task_name": "count-check-%03d" % number, "project_id": PROJECT}
    if kind("check", number) == "hung":
        entry.update(running=True, started_ago=10800, check_duration=864000)  # checking for 3 h
    if kind("check", number) == "busy":
        entry.update(running=True, started_ago=300, check_duration=864000)  # for 5 minutes
    return entry


def seed_for(size):
    default = load_seed(DEFAULT_SEED)
    return {
        "iam": default["iam"],
        "credentials": default["credentials"],
        "codearts_projects": [{"id": PROJECT, "name": "requests"}],
        "pipeline": {"pipelines": [pipeline(number) for number in range(size)]},
        "build": {"jobs": [job(number) for number in range(size)]},
        "check": {"tasks": [check(number) for number in range(size)]},
    }


def subjects(size):
    """(name, how, arguments, minimum parts [(count, what)], writes, held to) of every subject, for ``size``."""

    def count(resource, *kinds):
        return sum(kind(resource, number) in kinds for number in range(size))

    def named(resource, *kinds):
        prefix = {"pipeline": "count-", "job": "count-build-"}[resource]
        return ["%s%03d" % (prefix, number) for number in range(size) if kind(resource, number) in kinds]

    pages = math.ceil(size / PAGE)
    plural = "" if pages == 1 else "s"
    ran = size - count("pipeline", "never ran")
    under_way = count("pipeline", "runaway", "healthy", "stale review", "queued")
    frozen_pipelines = ("runaway", "healthy", "queued")
    frozen_jobs = ("hung", "retired", "active")
    retried = ("failed", "finished")
    latest_named = count("pipeline", "runaway", "healthy", "stale review")
    bare, read_first = "minimum", "minimum with the read before each write"
    return [
        (
            "stop_long_runs.yml (max_hours 48)",
            "playbook",
            {"playbook": "stop_long_runs", "max_hours": 48},
            [
                (pages, "ListPipelines page%s" % plural),
                (ran, "run lists (pipelines that ran)"),
                (count("pipeline", "runaway"), "stops"),
            ],
            count("pipeline", "runaway"),
            bare,
        ),
        (
            "reject_stale_reviews.yml (max_hours 24)",
            "playbook",
            {"playbook": "reject_stale_reviews", "max_hours": 24},
            [
                (pages, "ListPipelines page%s" % plural),
                (ran, "run lists"),
                (under_way, "details of the runs under way (their reviews)"),
                (count("pipeline", "stale review"), "rejections"),
            ],
            count("pipeline", "stale review"),
            bare,
        ),
        (
            "retire_idle_jobs.yml (30 and 90 days)",
            "playbook",
            {"playbook": "retire_idle_jobs", "disable_after_days": 30, "delete_after_days": 90},
            [
                (pages, "job list page%s" % plural),
                (count("job", "retired", "paused"), "disable times (ShowDisable) of the disabled jobs"),
                (count("job", "retired"), "deletions"),
                (1, "recycle bin read (where the deleted jobs went)"),
                (count("job", "idle"), "disables"),
            ],
            count("job", "retired", "idle"),
            read_first,
        ),
        (
            "stop_hung_checks_and_builds.yml (60 and 60 minutes)",
            "playbook",
            {"playbook": "stop_hung_checks_and_builds", "max_check_minutes": 60, "max_build_minutes": 60},
            [
                (pages, "task list page%s" % plural),
                (count("check", "hung"), "progress reads (tasks checking since before the cutoff)"),
                (count("check", "hung"), "stops"),
                (count("check", "hung"), "reads that see each stop landed"),
                (pages, "job list page%s" % plural),
                (count("job", "hung", "building"), "build histories (running jobs)"),
                (count("job", "hung"), "build stops"),
                (count("job", "hung"), "reads that see each build stopped"),
            ],
            count("check", "hung") + count("job", "hung"),
            None,  # not held: see NOT_HELD
        ),
        (
            "retry_failed_runs.yml (%d pipelines named)" % count("pipeline", *retried),
            "playbook",
            {"playbook": "retry_failed_runs", "retry_pipelines": named("pipeline", *retried), "failed_within_hours": 6},
            [
                (pages, "ListPipelines page%s" % plural),
                (count("pipeline", *retried), "run lists (the pipelines named)"),
                (count("pipeline", "failed"), "retries"),
            ],
            count("pipeline", "failed"),
            read_first,
        ),
        (
            "cancel_stale_queue.yml (60 minutes)",
            "playbook",
            {"playbook": "cancel_stale_queue", "max_queued_minutes": 60},
            [
                (pages, "ListPipelines page%s" % plural),
                (count("pipeline", "queued"), "queues (pipelines whose latest run has not started)"),
                (count("pipeline", "queued"), "cancels"),
            ],
            count("pipeline", "queued"),
            read_first,
        ),
        (
            "code_freeze.yml (%d jobs, %d pipelines)"
            % (count("job", *frozen_jobs), count("pipeline", *frozen_pipelines)),
            "playbook",
            {
                "playbook": "code_freeze",
                "freeze_jobs": named("job", *frozen_jobs),
                "freeze_pipelines": named("pipeline", *frozen_pipelines),
            },
            [
                (pages * 2, "job and pipeline list pages"),
                (count("job", "hung", "active"), "disables (the jobs not disabled already)"),
                (count("pipeline", *frozen_pipelines), "bans"),
                (count("pipeline", *frozen_pipelines), "run lists (runs under way and their reviews)"),
                (count("pipeline", *frozen_pipelines), "details of their runs under way"),
                (count("pipeline", "queued"), "queues (latest run not started)"),
                (count("pipeline", "queued"), "cancels of queued runs"),
            ],
            count("job", "hung", "active") + count("pipeline", *frozen_pipelines) + count("pipeline", "queued"),
            bare,
        ),
        (
            "code_thaw.yml (after that freeze)",
            "playbook",
            {"playbook": "code_thaw"},
            [
                (pages * 2, "job and pipeline list pages"),
                (count("job", "hung", "active"), "enables"),
                (count("pipeline", *frozen_pipelines), "unbans"),
            ],
            count("job", "hung", "active") + count("pipeline", *frozen_pipelines),
            bare,
        ),
        (
            "codearts_pipeline_info",
            "module",
            {"project_id": PROJECT},
            [(pages, "ListPipelines page%s" % plural)],
            0,
            bare,
        ),
        (
            "codearts_pipeline_run_info (every run)",
            "module",
            {"project_id": PROJECT},
            [
                (pages, "ListPipelines page%s" % plural),
                (ran, "run lists"),
                (under_way, "details of the runs under way"),
            ],
            0,
            bare,
        ),
        (
            "codearts_pipeline_run_info (running_longer_than 6h, include_reviews false)",
            "module",
            {"project_id": PROJECT, "running_longer_than": "6h", "include_reviews": False},
            [(pages, "ListPipelines page%s" % plural), (ran, "run lists")],
            0,
            bare,
        ),
        (
            "codearts_pipeline_run_info (queued_longer_than 60m)",
            "module",
            {"project_id": PROJECT, "queued_longer_than": "60m"},
            [(pages, "ListPipelines page%s" % plural), (count("pipeline", "queued"), "queues")],
            0,
            bare,
        ),
        (
            "codearts_pipeline_run_info (status failed, log_lines 5)",
            "module",
            {"project_id": PROJECT, "status": ["failed"], "log_lines": 5},
            [
                (pages, "ListPipelines page%s" % plural),
                (ran, "run lists"),
                (count("pipeline", "failed"), "details of the failed runs"),
                (count("pipeline", "failed"), "logs of their failed steps"),
            ],
            0,
            bare,
        ),
        (
            "codearts_pipeline_run_info (pipeline_runs: %d latest runs)" % latest_named,
            "module",
            {
                "project_id": PROJECT,
                "pipeline_runs": [
                    {"pipeline_id": "p1e%029d" % number, "id": "r%031d" % number}
                    for number in range(size)
                    if kind("pipeline", number) in ("runaway", "healthy", "stale review")
                ],
            },
            [(math.ceil(latest_named / 100), "BatchShowPipelinesLatestStatus (100 pipelines each)")],
            0,
            bare,
        ),
        ("codearts_build_job_info", "module", {"project_id": PROJECT}, [(pages, "job list page%s" % plural)], 0, bare),
        (
            "codearts_build_job_info (deleted: the recycle bin)",
            "module",
            {"project_id": PROJECT, "deleted": True},
            [(1, "recycle bin page")],
            0,
            bare,
        ),
        (
            "codearts_build_info (every build)",
            "module",
            {"project_id": PROJECT},
            [(pages, "job list page%s" % plural), (size, "build histories (jobs that have built)")],
            0,
            bare,
        ),
        (
            "codearts_build_info (running_longer_than 60m)",
            "module",
            {"project_id": PROJECT, "running_longer_than": "60m"},
            [(pages, "job list page%s" % plural), (count("job", "hung", "building"), "build histories (running jobs)")],
            0,
            bare,
        ),
        (
            "codearts_check_task_info",
            "module",
            {"project_id": PROJECT},
            [(pages, "task list page%s" % plural)],
            0,
            bare,
        ),
        (
            "codearts_check_task_info (running_longer_than 60m)",
            "module",
            {"project_id": PROJECT, "running_longer_than": "60m"},
            [
                (pages, "task list page%s" % plural),
                (count("check", "hung"), "progress reads (checking since before the cutoff)"),
            ],
            0,
            bare,
        ),
        (
            "codearts_events: the first poll",
            "poll",
            {"polls": 1},
            [
                (pages, "ListPipelines page%s" % plural),
                (ran, "run lists (runs under way behind the latest)"),
                (under_way, "details of the runs under way (their reviews)"),
                (count("pipeline", "queued"), "queues (latest run not started)"),
                (pages, "task list page%s" % plural),
                (size, "progress reads (every task that has checked: the list does not say which checks run)"),
            ],
            0,
            bare,
        ),
        (
            "codearts_events: a poll after it (nothing new)",
            "poll",
            {"polls": 2},
            [
                (pages, "ListPipelines page%s" % plural),
                (under_way, "details of the runs under way (their reviews, and whether they ended)"),
                (count("pipeline", "queued"), "queues of the pipelines with queued runs"),
                (pages, "task list page%s" % plural),
                (count("check", "hung", "busy"), "progress reads (checks running)"),
            ],
            0,
            bare,
        ),
    ]


def environment(emulator, home):
    seed = load_seed(DEFAULT_SEED)
    credentials = seed["credentials"][0]
    return dict(
        os.environ,
        ANSIBLE_COLLECTIONS_PATH=BUILD,
        ANSIBLE_NOCOLOR="1",
        HOME=home,
        HUAWEICLOUD_CODEARTS_ENDPOINT=emulator.url,
        HUAWEICLOUD_SDK_IAM_ENDPOINT=emulator.url,
        HUAWEICLOUD_REGION=REGION,
        HUAWEICLOUD_SDK_AK=credentials["access_key"],
        HUAWEICLOUD_SDK_SK=credentials["secret_key"],
        HUAWEICLOUD_SDK_PROJECT_ID=seed["iam"]["projects"][0]["id"],
    )


def run(name, how, arguments, emulator, home):
    """Run one subject; returns its problem (None when it ran well). The requests are in the emulator's log."""
    ansible = os.path.dirname(sys.executable)
    local = ["-i", "localhost,", "-c", "local", "-e", "ansible_python_interpreter=%s" % sys.executable]
    if how == "poll":
        return poll(arguments["polls"], emulator, home)
    if how == "playbook":
        arguments = dict(arguments)
        command = [os.path.join(ansible, "ansible-playbook")] + local
        command += ["-e", json.dumps(dict(arguments, codearts_project_id=PROJECT))]
        command += ["huaweicloud.codearts." + arguments.pop("playbook")]
    else:
        module = "huaweicloud.codearts." + name.split()[0]
        command = [os.path.join(ansible, "ansible"), "localhost"] + local + ["-m", module]
        command += ["-a", json.dumps(arguments)]
    done = subprocess.run(command, env=environment(emulator, home), capture_output=True, text=True, check=False)
    return "exited %d: %s" % (done.returncode, done.stdout[-1500:]) if done.returncode else None


def poll(polls, emulator, home):
    """The event source's poller (as codearts_events runs it), ``polls`` times a minute apart; only the last poll's
    requests stay in the log."""
    from ansible_collections.huaweicloud.codearts.plugins.plugin_utils import _codearts_events as events

    saved = dict(os.environ)
    os.environ.update(environment(emulator, home))
    try:
        params = events.validated(
            {
                "project_id": PROJECT,
                "running_longer_than": "6h",
                "waiting_longer_than": "24h",
                "queued_longer_than": "60m",
            }
        )
        poller = events.EventPoller(params, events.client_for(params))
        for _poll in range(polls):
            emulator.clear_requests()
            emulator.advance_clock(60)
            found = poller.poll()
            trouble = [event for event in found if event["codearts"]["type"] == events.SOURCE_TROUBLE]
            if trouble:
                return "the poll failed: %s" % trouble[0]["codearts"]["trouble"]
        return None
    finally:
        os.environ.clear()
        os.environ.update(saved)


def measure(size):
    rows, problems = [], []
    with tempfile.TemporaryDirectory() as home, Emulator(seed=seed_for(size)) as emulator:
        for name, how, arguments, parts, writes, held_to in subjects(size):
            if not name.startswith("code_thaw"):  # the thaw thaws what the freeze before it froze
                emulator.reset()
            emulator.clear_requests()
            problem = run(name, how, arguments, emulator, home)
            log = emulator.requests()
            minimum = sum(number for number, _what in parts)
            bound = minimum + (writes if held_to not in ("minimum", None) else 0)
            row = {
                "subject": name,
                "requests": len(log),
                "operations": dict(collections.Counter(entry["operation"] for entry in log)),
                "minimum": minimum,
                "minimum_parts": ["%d %s" % part for part in parts],
                "writes": writes,
                "held_to": held_to,
                "bound": bound,
                "ratio": round(len(log) / bound, 2) if bound else None,
            }
            rows.append(row)
            if problem:
                problems.append("%s %s" % (name, problem))
            elif held_to is not None and len(log) > LIMIT * bound:
                problems.append(
                    "%s sent %d requests, over %.1f times the %s (%d): %s"
                    % (name, len(log), LIMIT, held_to, bound, row["operations"])
                )
    return rows, problems


def section(data):
    lines = [
        "## Requests against the minimum",
        "",
        "Generated by `make requests` (`tests/e2e/request_counts.py`, a step of `make test`) on %s, ansible-core %s:"
        " one project of %d pipelines, %d build jobs and %d check tasks, a tenth of each of the kinds the script"
        " names (runs under way 60 h, 1 h and 2 h with one queued behind, a review waiting 30 h, a run failed an hour"
        " ago, pipelines that never ran; builds running 3 h and 10 minutes, jobs idle 40 days, disabled 100 and 10"
        " days; checks running 3 h and 5 minutes). The minimum is the fewest requests the API allows for the same"
        " answer. A playbook writes through modules that read an item before they change it, so it is held to its"
        " minimum plus one read before each write; the sweep, the `_info` listings and the poll to the bare minimum."
        " Each must stay within %.1f times what it is held to, or the step fails."
        % (data["date"], data["ansible_core"], data["size"], data["size"], data["size"], LIMIT),
        "",
        "| subject | requests | minimum (what it counts) | writes | held to | ratio |",
        "|---|---:|---|---:|---|---:|",
    ]
    after = ["", "Not held yet: stop_hung_checks_and_builds.yml (%s)." % NOT_HELD]
    for row in data["rows"]:
        lines.append(
            "| %s | %d | %d (%s) | %d | %s | %s |"
            % (
                row["subject"],
                row["requests"],
                row["minimum"],
                " + ".join(row["minimum_parts"]),
                row["writes"],
                {"minimum": "the minimum", None: "not yet (below)"}.get(
                    row["held_to"], "+1 read a write (%d)" % row["bound"]
                ),
                "%.2f" % row["ratio"] if row["ratio"] is not None else "-",
            )
        )
    return lines + after


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=100, help="pipelines, jobs and check tasks (default 100)")
    parser.add_argument("--json", help="also write the figures to this file")
    parser.add_argument("--out", help="write the `## Requests against the minimum` section into this report")
    options = parser.parse_args()
    rows, problems = measure(options.size)
    data = {
        "date": time.strftime("%Y-%m-%d"),
        "ansible_core": ANSIBLE_CORE,
        "size": options.size,
        "rows": rows,
        "problems": problems,
    }
    if options.json:
        os.makedirs(os.path.dirname(os.path.abspath(options.json)), exist_ok=True)
        with open(options.json, "w", encoding="utf-8") as handle:
            json.dump(data, handle, indent=2)
    for row in rows:
        print("requests: %-80s %5d / %5d  %s" % (row["subject"], row["requests"], row["bound"], row["ratio"]))
    for problem in problems:
        print("requests: PROBLEM: " + problem)
    if options.out and not problems:
        write_section(options.out, section(data))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
