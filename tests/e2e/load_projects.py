#!/usr/bin/env python
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Load test across projects: stop_long_runs over an inventory of 48 CodeArts projects in two regions, with 1, 10
and 20 forks, against the emulator.

Usage (from the copied tree BUILD/ansible_collections/huaweicloud/codearts, as `make load-projects` does):
    python tests/e2e/load_projects.py [--forks 1,10,20] [--rounds R] [--out FILE] [--timeout SECONDS]

The emulated tenant (the default seed's IAM account, AK/SK): 24 CodeArts projects in cn-north-4 and 24 in cn-south-1,
each with a pipeline whose run has been building for 7 hours (a runaway), one building for an hour (healthy) and one
whose runs are done; every fourth project also has a run that has waited 30 hours for a manual review (a runaway too).
For each fork count, on a fresh emulator each time, it runs the collection's stop_long_runs playbook with the
inventory plugin codearts_projects (both regions) as its inventory and the default max_hours (6), then checks, from
the play recap, the emulator's state and its request log, that every project was a host that did not fail, that
exactly the runaway runs were stopped (each once; no other write), that every runaway ended aborted while every
healthy run still builds, and that nothing answered 5xx. It reports the wall time of ansible-playbook and the
CodeArts requests per project (the median of --rounds rounds, the fork counts interleaved), prints a summary, writes
it as JSON to --out and exits 1 when a check fails. `hack/benchmark.py --across-projects` turns the JSON into the
"Across projects" section of docs/performance.md (`make bench-projects`).
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import re
import statistics
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
# Run from the copied tree (BUILD/ansible_collections/huaweicloud/codearts), so that the playbook uses this copy.
BUILD = os.path.dirname(os.path.dirname(os.path.dirname(ROOT)))
sys.path.insert(0, os.path.join(ROOT, "tests"))

from ansible.release import __version__ as ANSIBLE_CORE  # noqa: E402  pylint: disable=wrong-import-position
from load import RECAP, run_stopped_after  # noqa: E402  pylint: disable=wrong-import-position

from codearts_emulator.server import Emulator  # noqa: E402  pylint: disable=wrong-import-position
from codearts_emulator.state import DEFAULT_SEED, load_seed  # noqa: E402  pylint: disable=wrong-import-position

REGIONS = ("cn-north-4", "cn-south-1")
PROJECTS_PER_REGION = 24
MAX_HOURS = 6
# A fourth of the projects also have a run waiting for a manual review for 30 hours.
REVIEW_EVERY = 4
# Seconds of pipeline time let pass after the play, for every stop to land (the emulator's delay is 2 s).
SETTLE = 10
# A CodeArts project's ID (v5 paths) or a pipeline's (v3 paths) in a request's path.
ID_IN_PATH = re.compile(r"c0dea775[0-9]{24}|p1e[0-9]{29}")
BUILD_STEP = [
    {"name": "Build", "jobs": [{"name": "build", "steps": [{"name": "build", "task": "official_devcloud_build"}]}]}
]
REVIEW_STAGES = BUILD_STEP + [
    {
        "name": "Approve",
        "jobs": [{"name": "approve", "steps": [{"name": "approval", "task": "official_devcloud_checkpoint"}]}],
    }
]


def tenant():
    """The tenant's projects: [{id, name, region, runaway: [run ids], healthy: [run ids]}]."""
    projects = []
    for number in range(PROJECTS_PER_REGION * len(REGIONS)):
        project = {
            "id": "c0dea775%024d" % (1000 + number),
            "name": "team-%02d" % number,
            "region": REGIONS[number % len(REGIONS)],
            "runaway": ["r%031d" % (number * 10 + 1)],
            "healthy": ["r%031d" % (number * 10 + 2)],
        }
        if number % REVIEW_EVERY == 0:
            project["runaway"].append("r%031d" % (number * 10 + 4))
        projects.append(project)
    return projects


def seed_for(projects, stop_delay):
    """The emulator's seed of the tenant, with the default seed's IAM account and credentials; a stop lands
    ``stop_delay`` seconds after it is asked."""
    default = load_seed(DEFAULT_SEED)
    pipelines = []
    for number, project in enumerate(projects):

        def pipeline(index, name, stages, runs, project=project, number=number):
            pipelines.append(
                {
                    "id": "p1e%029d" % (number * 10 + index),
                    "name": "%s-%s" % (project["name"], name),
                    "project_id": project["id"],
                    "stages": stages,
                    "runs": runs,
                    "stop_delay": stop_delay,
                }
            )

        runaway, healthy = project["runaway"][0], project["healthy"][0]
        # Building for 7 hours, and for 1 hour; both for ten more days unless stopped.
        pipeline(1, "runaway", BUILD_STEP, [{"id": runaway, "at": "build", "waited": 25200, "remaining": 864000}])
        pipeline(2, "healthy", BUILD_STEP, [{"id": healthy, "at": "build", "waited": 3600, "remaining": 864000}])
        done = "r%031d" % (number * 10 + 3)
        pipeline(3, "done", BUILD_STEP, [{"id": done, "end": "completed", "ended_ago": 86400}])
        if len(project["runaway"]) > 1:
            pipeline(4, "review", REVIEW_STAGES, [{"id": project["runaway"][1], "at": "approval", "waited": 108000}])
    return {
        "iam": default["iam"],
        "credentials": default["credentials"],
        "codearts_projects": [
            {"id": project["id"], "name": project["name"], "region": project["region"]} for project in projects
        ],
        "pipeline": {"pipelines": pipelines},
    }


def run_playbook(source, emulator_url, forks, timeout, log_path):
    """stop_long_runs over the inventory source with ``forks``, stopped after ``timeout`` s: (seconds, output, timed
    out)."""
    credentials = load_seed(DEFAULT_SEED)["credentials"][0]
    env = dict(
        os.environ,
        ANSIBLE_COLLECTIONS_PATH=BUILD,
        ANSIBLE_NOCOLOR="1",
        ANSIBLE_INVENTORY_ANY_UNPARSED_IS_FAILED="1",
        HUAWEICLOUD_CODEARTS_ENDPOINT=emulator_url,
        HUAWEICLOUD_SDK_IAM_ENDPOINT=emulator_url,
        HUAWEICLOUD_REGION=REGIONS[0],
        HUAWEICLOUD_SDK_AK=credentials["access_key"],
        HUAWEICLOUD_SDK_SK=credentials["secret_key"],
    )
    command = [
        os.path.join(os.path.dirname(sys.executable), "ansible-playbook"),
        "-i",
        source,
        "-f",
        str(forks),
        "-e",
        "max_hours=%d" % MAX_HOURS,
        "huaweicloud.codearts.stop_long_runs",
    ]
    return run_stopped_after(command, env, timeout, log_path)


def check(projects, seed, output, log, state):
    """Figures from the recap, the request log and the state, and the problems they show."""
    recap = {
        host: (int(changed), int(unreachable), int(failed))
        for host, changed, unreachable, failed in RECAP.findall(output)
    }
    names = {project["name"] for project in projects}
    runaway = {run for project in projects for run in project["runaway"]}
    healthy = {run for project in projects for run in project["healthy"]}
    # Whose request: the project in a v5 path, or the project of the pipeline in a v3 one.
    owner = {pipeline["id"]: pipeline["project_id"] for pipeline in seed["pipeline"]["pipelines"]}
    owner.update((project["id"], project["id"]) for project in projects)
    per_project = collections.Counter(
        owner[match.group(0)] for match in (ID_IN_PATH.search(entry["path"]) for entry in log) if match
    )
    codearts = sum(per_project.values())
    writes = [entry for entry in log if entry["write"] and entry["service"] != "iam"]
    stops = collections.Counter(
        entry["query"].get("build_id") for entry in writes if entry["operation"] == "StopPipelineNew"
    )
    runs = {run["id"]: run["status"] for run in state["pipeline"]["runs"]}
    figures = {
        "projects": len(projects),
        "hosts": len(recap),
        "runaway_runs": len(runaway),
        "healthy_runs": len(healthy),
        "stopped": sum(stops.values()),
        "requests": len(log),
        "project_list_requests": sum(entry["operation"] == "ListProjectsV4" for entry in log),
        "iam_requests": sum(entry["service"] == "iam" for entry in log),
        "codearts_requests": codearts,
        "requests_per_project": round(codearts / len(projects), 2),
        "requests_per_project_min": min(per_project.get(project["id"], 0) for project in projects),
        "requests_per_project_max": max(per_project.get(project["id"], 0) for project in projects),
        "healthy_running": sum(runs.get(run) == "RUNNING" for run in healthy),
        # What a project asks, by operation: CodeArts requests per project.
        "operations_per_project": {
            operation: round(count / len(projects), 2)
            for operation, count in sorted(
                collections.Counter(entry["operation"] for entry in log if ID_IN_PATH.search(entry["path"])).items()
            )
        },
    }
    failed = sorted(host for host, (_changed, unreachable, failed) in recap.items() if unreachable or failed)
    missing = sorted(names - set(recap))
    not_aborted = sorted(run for run in runaway if runs.get(run) != "CANCELED")
    disturbed = sorted(run for run in healthy if runs.get(run) != "RUNNING")
    problems = [
        text
        for text, bad in (
            ("%d projects not in the play: %s" % (len(missing), " ".join(missing[:5])), missing),
            ("%d hosts failed: %s" % (len(failed), " ".join(failed[:5])), failed),
            ("%d hosts that are not projects" % len(set(recap) - names), set(recap) - names),
            ("stopped %s, not each runaway run once" % sorted(stops), set(stops) != runaway or max(stops.values()) > 1),
            (
                "%d writes other than the stops" % (len(writes) - sum(stops.values())),
                len(writes) != sum(stops.values()),
            ),
            ("%d runaway runs not aborted: %s" % (len(not_aborted), " ".join(not_aborted[:5])), not_aborted),
            ("%d healthy runs no longer running: %s" % (len(disturbed), " ".join(disturbed[:5])), disturbed),
            ("answers 5xx", any((entry["status"] or 0) >= 500 for entry in log)),
            (
                "IAM asked %d times, not once for each region's IAM project (by the inventory)"
                % figures["iam_requests"],
                figures["iam_requests"] != len(REGIONS),
            ),
        )
        if bad
    ]
    return figures, problems


def run_once(projects, seed, forks, timeout, log_path):
    """One run of the playbook with ``forks`` on a fresh emulator: its figures and problems."""
    with tempfile.TemporaryDirectory() as workdir, Emulator(seed=seed) as emulator:
        source = os.path.join(workdir, "codearts_projects.yml")
        with open(source, "w", encoding="utf-8") as handle:
            json.dump({"plugin": "huaweicloud.codearts.codearts_projects", "regions": list(REGIONS)}, handle)
        seconds, output, timed_out = run_playbook(source, emulator.url, forks, timeout, log_path)
        log = emulator.requests()
        emulator.service_action("pipeline", "step", {"seconds": SETTLE})
        state = emulator.snapshot()
    figures, problems = check(projects, seed, output, log, state)
    if timed_out:
        problems.insert(0, "the playbook timed out after %ss" % timeout)
    return dict(figures, forks=forks, wall_seconds=round(seconds, 2)), problems


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--forks", default="1,10,20", help="the fork counts, comma-separated (default 1,10,20)")
    parser.add_argument("--rounds", type=int, default=1, help="rounds, the fork counts interleaved (default 1)")
    parser.add_argument(
        "--out",
        default=os.path.join(BUILD, "logs", "load-projects.json"),
        help="write the results here as JSON (default BUILD/logs/load-projects.json); ansible-playbook's output of "
        "the last round goes beside it, in load-projects-forks-N.log",
    )
    parser.add_argument("--timeout", type=float, default=600, help="stop a playbook after this many seconds (600)")
    parser.add_argument(
        "--stop-delay",
        type=float,
        default=2.0,
        help="seconds a stop takes to land (default 2, the emulator's default); `make load-projects` takes 0.2 to "
        "spare CI most of the waiting at one fork",
    )
    options = parser.parse_args()
    if os.path.basename(os.path.dirname(os.path.dirname(ROOT))) != "ansible_collections":
        parser.error("run me from the copied tree, BUILD/ansible_collections/huaweicloud/codearts (make load-projects)")
    fork_counts = [int(forks) for forks in options.forks.split(",")]
    os.makedirs(os.path.dirname(os.path.abspath(options.out)), exist_ok=True)
    projects = tenant()
    seed = seed_for(projects, options.stop_delay)
    runs, problems = collections.defaultdict(list), []
    for _round in range(options.rounds):
        for forks in fork_counts:
            log_path = "%s-forks-%d.log" % (os.path.splitext(options.out)[0], forks)
            figures, found = run_once(projects, seed, forks, options.timeout, log_path)
            runs[forks].append(figures)
            problems += ["forks %d: %s" % (forks, problem) for problem in found]
    results = {
        "ansible_core": ANSIBLE_CORE,
        "python": "%d.%d.%d" % sys.version_info[:3],
        "cpus": os.cpu_count(),
        "date": time.strftime("%Y-%m-%d"),
        "rounds": options.rounds,
        "regions": list(REGIONS),
        "max_hours": MAX_HOURS,
        "stop_delay": options.stop_delay,
        "by_forks": [
            dict(figures[-1], wall_seconds=round(statistics.median(run["wall_seconds"] for run in figures), 2))
            for figures in (runs[forks] for forks in fork_counts)
        ],
        "problems": problems,
    }
    with open(options.out, "w", encoding="utf-8") as handle:
        json.dump(results, handle, indent=2)
    slowest = results["by_forks"][0]["wall_seconds"]
    for figures in results["by_forks"]:
        print(
            "load-projects: %(projects)d projects in 2 regions, %(forks)d fork(s): %(wall_seconds).1f s"
            % figures
            + " (x%.1f faster than %d fork%s), %.1f CodeArts requests per project, %d project-list requests, "
            "%d runs stopped of %d runaway, %d of %d healthy still running"
            % (
                slowest / figures["wall_seconds"],
                results["by_forks"][0]["forks"],
                "" if results["by_forks"][0]["forks"] == 1 else "s",
                figures["requests_per_project"],
                figures["project_list_requests"],
                figures["stopped"],
                figures["runaway_runs"],
                figures["healthy_running"],
                figures["healthy_runs"],
            )
        )
    for problem in problems:
        print("load-projects: PROBLEM: %s" % problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
