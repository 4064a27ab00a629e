#!/usr/bin/env python
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Load test: one playbook with 20 forks changes 300 CodeArts resources at once, against the emulator.

Usage (from the copied tree BUILD/ansible_collections/huaweicloud/codearts, as `make load` does):
    python tests/e2e/load.py [--out FILE] [--timeout SECONDS]

It starts the emulator in this process on loopback with a generated seed: 200 build jobs (half of them
disabled), 50 pipelines each with a run that is still running, 50 running code checks, and the default
seed's IAM account. It writes an inventory of one host per resource and runs tests/load/playbook.yml
(20 forks, password authentication, one token cache for every fork), stopped after --timeout seconds:
the disabled jobs are enabled, the others deleted, every run and check stopped. Then it checks, from
the emulator's state and request log, that every resource ended as asked, that each got exactly one
write the emulator served (none lost, none doubled, none elsewhere), that IAM was asked for one token
in all, that nothing answered 5xx and that the log numbered every request. It prints a summary, writes
it as JSON to --out (ansible-playbook's output beside it) and exits 1 when a check fails.

It does all of that twice, on a fresh emulator each time: with the modules run as modules (the figures at the top
of the JSON), then inside the controller, their action plugins' way for local hosts (under "in_controller").
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import re
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
# Run from the copied tree (BUILD/ansible_collections/huaweicloud/codearts), so that the playbook uses this copy.
BUILD = os.path.dirname(os.path.dirname(os.path.dirname(ROOT)))
sys.path.insert(0, os.path.join(ROOT, "tests"))

from ansible.release import __version__ as ANSIBLE_CORE  # noqa: E402  pylint: disable=wrong-import-position

from codearts_emulator.server import Emulator  # noqa: E402  pylint: disable=wrong-import-position
from codearts_emulator.state import DEFAULT_SEED, load_seed  # noqa: E402  pylint: disable=wrong-import-position

PLAYBOOK = os.path.join(ROOT, "tests", "load", "playbook.yml")
FORKS = 20
JOBS, RUNS, CHECKS = 200, 50, 50
PROJECT = "c0dea77500000000000000000000load"
# Runs and checks last an hour: all of them are still running when the playbook stops them.
RUNNING_FOR = 3600
# Seconds of pipeline and check time let pass after the play, for every stop to land (the emulator's delay is 2 s).
SETTLE = 10
TOKEN_PATH = "/v3/auth/tokens"
# Seconds a stopped ansible-playbook gets to stop its forks.
STOP_GRACE = 10
RECAP = re.compile(r"^(\S+)\s*:\s*ok=\d+\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)", re.MULTILINE)


Resource = collections.namedtuple("Resource", "module args write")


def resources():
    """One host per resource: {host: Resource(module, its arguments, the path of the one write it needs)}.

    The kinds are interleaved (the play takes hosts in this order) so that the forks always have all three in flight.
    """
    hosts = {}
    for index in range(JOBS):
        job_id = "b1d%029d" % index
        enable = index % 2 == 1  # the seed disables these; the others are deleted
        hosts["job-%03d" % index] = Resource(
            "codearts_build_job",
            {"job_id": job_id, "state": "enabled" if enable else "absent"},
            "/v3/jobs/%s/%s" % (job_id, "recover" if enable else "delete"),
        )
        if index % (JOBS // RUNS) == 0:
            number = index // (JOBS // RUNS)
            pipeline_id = "p1e%029d" % number
            hosts["run-%02d" % number] = Resource(
                "codearts_pipeline_run",
                {"pipeline_id": pipeline_id, "build_id": "r%031d" % number, "state": "stopped"},
                "/v3/pipelines/%s/stop" % pipeline_id,
            )
        if index % (JOBS // CHECKS) == 0:
            number = index // (JOBS // CHECKS)
            task_id = "c4ec%028d" % number
            hosts["check-%02d" % number] = Resource(
                "codearts_check_task", {"task_id": task_id, "state": "stopped"}, "/v2/tasks/%s/stop" % task_id
            )
    return hosts


def seed_for(hosts):
    """The emulator's seed for these hosts, with the default seed's IAM account for password authentication."""
    jobs, pipelines, tasks = [], [], []
    for host, (module, args, _write) in hosts.items():
        if module == "codearts_build_job":
            jobs.append(
                {"id": args["job_id"], "job_name": host, "project_id": PROJECT, "disabled": args["state"] == "enabled"}
            )
        elif module == "codearts_pipeline_run":
            pipelines.append(
                {
                    "id": args["pipeline_id"],
                    "name": host,
                    "project_id": PROJECT,
                    "stages": [
                        {
                            "name": "Build",
                            "jobs": [
                                {"name": "build", "steps": [{"name": "build", "task": "official_devcloud_build"}]}
                            ],
                        }
                    ],
                    "runs": [{"id": args["build_id"], "at": "build", "remaining": RUNNING_FOR}],
                }
            )
        else:
            tasks.append(
                {
                    "task_id": args["task_id"],
                    "task_name": host,
                    "project_id": PROJECT,
                    "check_duration": RUNNING_FOR,
                    "running": True,
                    "progress": 10,
                }
            )
    return {
        "iam": load_seed(DEFAULT_SEED)["iam"],
        "build": {"jobs": jobs},
        "pipeline": {"pipelines": pipelines},
        "check": {"tasks": tasks},
    }


def inventory_for(hosts, iam, url, in_controller):
    """A YAML (here JSON) inventory: each host's module and arguments; local hosts on this Python, the emulator and
    the seed's IAM user for all, and where the modules run (codearts_in_controller)."""
    user = iam["users"][0]
    return {
        "all": {
            "hosts": {
                host: {"load_module": "huaweicloud.codearts." + module, "load_args": args}
                for host, (module, args, _write) in hosts.items()
            },
            "vars": {
                "ansible_connection": "local",
                "ansible_python_interpreter": sys.executable,
                "load_emulator_url": url,
                "codearts_in_controller": in_controller,
                "load_region": iam["projects"][0]["name"],
                "load_user_name": user["name"],
                "load_password": user["password"],
                "load_domain_name": user["domain"],
            },
        }
    }


def run_playbook(inventory_path, cache_dir, timeout, log_path):
    """Run the playbook, stopped after `timeout` seconds; (seconds taken, output, timed out)."""
    env = dict(
        os.environ, ANSIBLE_COLLECTIONS_PATH=BUILD, HUAWEICLOUD_CODEARTS_CACHE_DIR=cache_dir, ANSIBLE_NOCOLOR="1"
    )
    command = [
        os.path.join(os.path.dirname(sys.executable), "ansible-playbook"),
        "-i",
        inventory_path,
        "-f",
        str(FORKS),
        PLAYBOOK,
    ]
    return run_stopped_after(command, env, timeout, log_path)


def run_stopped_after(command, env, timeout, log_path):
    """Run ``command`` (an ansible-playbook), stopped after ``timeout`` seconds, its output kept in ``log_path``;
    (seconds taken, output, timed out)."""
    started = time.perf_counter()
    with subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True) as process:
        try:
            output, timed_out = process.communicate(timeout=timeout)[0], False
        except subprocess.TimeoutExpired:
            # SIGTERM, not SIGKILL: ansible-playbook passes it on to its forks, each in a session of its own.
            process.terminate()
            try:
                output = process.communicate(timeout=STOP_GRACE)[0]
            except subprocess.TimeoutExpired:
                process.kill()
                output = process.communicate()[0]
            timed_out = True
    seconds = time.perf_counter() - started
    with open(log_path, "w", encoding="utf-8") as handle:
        handle.write(output)
    return seconds, output, timed_out


def failed_hosts(hosts, output):
    """Hosts the play recap does not show as changed once without failure (missing ones included)."""
    good = {
        host
        for host, changed, unreachable, failed in RECAP.findall(output)
        if changed == "1" and unreachable == "0" and failed == "0"
    }
    return sorted(set(hosts) - good)


def wrong_states(hosts, emulator):
    """Resources that did not end as asked, once the stops have had time to land."""
    emulator.service_action("pipeline", "step", {"seconds": SETTLE})
    emulator.service_action("check", "step", {"seconds": SETTLE})
    state = emulator.snapshot()
    jobs = {job["id"]: job for job in state["build"]["jobs"]}
    runs = {run["id"]: run for run in state["pipeline"]["runs"]}
    tasks = {task["task_id"]: task for task in state["check"]["tasks"]}
    wrong = []
    for host, (module, args, _write) in hosts.items():
        if module == "codearts_build_job":
            job = jobs[args["job_id"]]
            ended = job["deleted"] if args["state"] == "absent" else not (job["deleted"] or job["disabled"])
        elif module == "codearts_pipeline_run":
            ended = runs[args["build_id"]]["status"] == "CANCELED"
        else:
            ended = tasks[args["task_id"]]["status"]["task_status"] == 3
        if not ended:
            wrong.append(host)
    return wrong


def check_log(hosts, log):
    """What the request log says: writes served per resource, token requests, 5xx, numbering."""
    served = collections.Counter(
        entry["path"]
        for entry in log
        if entry["write"] and entry["path"] != TOKEN_PATH and entry["served"] and entry["service_status"] < 400
    )
    expected = {resource.write for resource in hosts.values()}
    return {
        "token_requests": sum(entry["method"] == "POST" and entry["path"] == TOKEN_PATH for entry in log),
        "writes_served": sum(served.values()),
        "writes_doubled": sum(served[path] > 1 for path in expected),
        "writes_lost": sum(served[path] == 0 for path in expected),
        "writes_elsewhere": sum(count for path, count in served.items() if path not in expected),
        "server_errors": sum((entry["status"] or 0) >= 500 or (entry["service_status"] or 0) >= 500 for entry in log),
        "log_numbered": [entry["seq"] for entry in log] == list(range(1, len(log) + 1)),
    }


def run_once(hosts, seed, in_controller, timeout, log_path):
    """One run of the playbook over ``hosts`` on a fresh emulator: its figures, and the problems they show."""
    with tempfile.TemporaryDirectory() as workdir, Emulator(seed=seed) as emulator:
        inventory_path = os.path.join(workdir, "inventory.json")
        with open(inventory_path, "w", encoding="utf-8") as handle:
            json.dump(inventory_for(hosts, seed["iam"], emulator.url, in_controller), handle)
        seconds, output, timed_out = run_playbook(inventory_path, os.path.join(workdir, "cache"), timeout, log_path)
        log = emulator.requests()
        wrong = wrong_states(hosts, emulator)
    failed = failed_hosts(hosts, output)
    results = {
        "hosts": len(hosts),
        "forks": FORKS,
        "jobs": JOBS,
        "runs": RUNS,
        "checks": CHECKS,
        "wall_seconds": round(seconds, 2),
        "requests": len(log),
        "requests_per_second": round(len(log) / seconds, 1),
        **check_log(hosts, log),
        "failed_hosts": len(failed),
        "wrong_states": len(wrong),
        "timed_out": timed_out,
        "ansible_core": ANSIBLE_CORE,
    }
    results["problems"] = [
        name
        for name, bad in (
            ("the playbook timed out after %ss" % timeout, timed_out),
            ("%d hosts failed or changed nothing: %s" % (len(failed), " ".join(failed[:10])), failed),
            ("%d resources did not end as asked: %s" % (len(wrong), " ".join(wrong[:10])), wrong),
            ("%d token requests, not 1" % results["token_requests"], results["token_requests"] != 1),
            ("%d resources got no write served" % results["writes_lost"], results["writes_lost"]),
            (
                "%d resources got their write served more than once" % results["writes_doubled"],
                results["writes_doubled"],
            ),
            ("%d writes served to paths no host asked for" % results["writes_elsewhere"], results["writes_elsewhere"]),
            ("%d answers 5xx" % results["server_errors"], results["server_errors"]),
            ("request log not numbered 1..n", not results["log_numbered"]),
        )
        if bad
    ]
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--out",
        default=os.path.join(BUILD, "logs", "load.json"),
        help="write the results here as JSON (default BUILD/logs/load.json); ansible-playbook's output "
        "goes beside it, in load-ansible.log for load.json",
    )
    parser.add_argument(
        "--timeout", type=float, default=600, help="stop the playbook after this many seconds (default 600)"
    )
    options = parser.parse_args()
    if os.path.basename(os.path.dirname(os.path.dirname(ROOT))) != "ansible_collections":
        parser.error("run me from the copied tree, BUILD/ansible_collections/huaweicloud/codearts (make load)")
    os.makedirs(os.path.dirname(os.path.abspath(options.out)), exist_ok=True)
    # Not load.log: hack/run-steps.sh keeps the output of the step `load` there.
    log_path = os.path.splitext(options.out)[0] + "-ansible.log"
    hosts = resources()
    seed = seed_for(hosts)
    results = run_once(hosts, seed, False, options.timeout, log_path)
    results["in_controller"] = run_once(
        hosts, seed, True, options.timeout, log_path.replace("-ansible", "-ansible-in-controller")
    )
    results["problems"] += ["in the controller: %s" % problem for problem in results["in_controller"].pop("problems")]
    problems = results["problems"]
    with open(options.out, "w", encoding="utf-8") as handle:
        json.dump(results, handle, indent=2)
    for way, figures in (("as modules", results), ("in the controller", results["in_controller"])):
        print(
            "load %s: %d hosts (%d jobs, %d runs, %d checks), %d forks, ansible-core %s: %.1f s, %d requests, "
            "%.1f requests/s, %d token request(s), %d writes served"
            % (
                way,
                figures["hosts"],
                figures["jobs"],
                figures["runs"],
                figures["checks"],
                figures["forks"],
                figures["ansible_core"],
                figures["wall_seconds"],
                figures["requests"],
                figures["requests_per_second"],
                figures["token_requests"],
                figures["writes_served"],
            )
        )
    for problem in problems:
        print("load: FAILED: %s" % problem)
    print("load: results in %s, ansible output in %s" % (options.out, log_path))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
