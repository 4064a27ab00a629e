#!/usr/bin/env python
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Measure what a task of this collection costs, against the emulator.

Usage (from the collection root of the copied tree, as `make bench` does):
    python hack/benchmark.py [--tasks N] [--repeat R] [--json FILE]

For each scenario it runs a playbook of 1 task and one of N tasks, R times each, and reports the
median cost of one more task ((t_N - t_1) / (N - 1)), so that ansible-playbook's own start-up is
left out. It also reports how many HTTP calls the emulator saw per task and how many IAM token
requests a whole run made (each run starts with an empty token cache). ansible.builtin.ping is the baseline: the cost of any module that
runs in its own process.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests"))

from codearts_emulator.server import Emulator  # noqa: E402  pylint: disable=wrong-import-position

PROJECT = "c0dea7750000000000000000000000a1"
SCENARIOS = {
    "ansible.builtin.ping (baseline)": ("ansible.builtin.ping", {}, "aksk"),
    "codearts_build_job, no change (AK/SK)": ("huaweicloud.codearts.codearts_build_job",
                                              {"job_id": "b1d0000000000000000000000000000a", "state": "enabled"}, "aksk"),
    "codearts_build_job by name, no change (AK/SK)": ("huaweicloud.codearts.codearts_build_job",
                                                      {"project_id": PROJECT, "name": "nightly-build"}, "aksk"),
    "codearts_build_job, no change (password, cached token)": (
        "huaweicloud.codearts.codearts_build_job", {"job_id": "b1d0000000000000000000000000000a"}, "password"),
    "codearts_build_job_info, 150 jobs (AK/SK)": ("huaweicloud.codearts.codearts_build_job_info",
                                                  {"project_id": "c0dea7750000000000000000000000a2"}, "aksk"),
}
CREDENTIALS = {
    "aksk": {"HUAWEICLOUD_SDK_AK": "EMULATORAK0000000001", "HUAWEICLOUD_SDK_SK": "EMULATORSK00000000000000000000000000000001",
             "HUAWEICLOUD_SDK_PROJECT_ID": "0123456789abcdef0123456789abcdef"},
    "password": {"HW_USER_NAME": "demo-user", "HW_PASSWORD": "demo-password", "HW_DOMAIN_NAME": "demo-domain"},
}


def playbook(module, args, count):
    tasks = [{"name": "task %d" % number, module: args} for number in range(count)]
    return [{"hosts": "localhost", "gather_facts": False, "tasks": tasks}]


def run_playbook(path, env):
    started = time.perf_counter()
    subprocess.run(["ansible-playbook", "-i", "localhost,", "-c", "local", path,
                    "-e", "ansible_python_interpreter=%s" % sys.executable],
                   check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return time.perf_counter() - started


def measure(emulator, name, tasks, repeat, workdir):
    module, args, auth = SCENARIOS[name]
    env = dict(os.environ, HUAWEICLOUD_CODEARTS_ENDPOINT=emulator.url, HUAWEICLOUD_SDK_IAM_ENDPOINT=emulator.url,
               HUAWEICLOUD_REGION="cn-north-4", HUAWEICLOUD_CODEARTS_CACHE_DIR=os.path.join(workdir, "cache-" + auth),
               ANSIBLE_COLLECTIONS_PATH=os.path.dirname(os.path.dirname(os.path.dirname(ROOT))), **CREDENTIALS[auth])
    paths = {}
    for count in (1, tasks):
        paths[count] = os.path.join(workdir, "play-%d.yml" % count)
        with open(paths[count], "w", encoding="utf-8") as handle:
            json.dump(playbook(module, args, count), handle)
    per_task = []
    calls_per_task = tokens_per_run = None
    for attempt in range(repeat):
        emulator.reset()
        shutil.rmtree(env["HUAWEICLOUD_CODEARTS_CACHE_DIR"], ignore_errors=True)
        single = run_playbook(paths[1], env)
        emulator.clear_requests()
        shutil.rmtree(env["HUAWEICLOUD_CODEARTS_CACHE_DIR"], ignore_errors=True)
        many = run_playbook(paths[tasks], env)
        log = emulator.requests()
        per_task.append((many - single) / (tasks - 1))
        if attempt == 0:
            calls_per_task = len([entry for entry in log if entry["service"] != "iam"]) / tasks
            tokens_per_run = len([entry for entry in log if entry["operation"] == "KeystoneCreateUserTokenByPassword"])
    return {"scenario": name, "ms_per_task": round(statistics.median(per_task) * 1000, 1),
            "spread_ms": round((max(per_task) - min(per_task)) * 1000, 1),
            "api_calls_per_task": calls_per_task, "iam_token_requests_per_run": tokens_per_run}


def import_cost(repeat):
    """Median milliseconds to import the client and the module base in a fresh interpreter."""
    code = ("import time; t = time.perf_counter(); "
            "import ansible_collections.huaweicloud.codearts.plugins.module_utils._build; "
            "print(time.perf_counter() - t)")
    env = dict(os.environ, PYTHONPATH=os.path.dirname(os.path.dirname(os.path.dirname(ROOT))))
    samples = [float(subprocess.run([sys.executable, "-c", code], check=True, env=env, capture_output=True, text=True).stdout)
               for _attempt in range(repeat)]
    return round(statistics.median(samples) * 1000, 1)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tasks", type=int, default=20, help="tasks in the long playbook (default 20)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each playbook (default 3)")
    parser.add_argument("--json", help="also write the results to this file")
    options = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory() as workdir, Emulator() as emulator:
        for name in SCENARIOS:
            results.append(measure(emulator, name, options.tasks, options.repeat, workdir))
            print("%-58s %7.1f ms/task (spread %5.1f)  %4.1f API calls/task  %s IAM token requests/run" % (
                name, results[-1]["ms_per_task"], results[-1]["spread_ms"], results[-1]["api_calls_per_task"],
                results[-1]["iam_token_requests_per_run"]), flush=True)
    module_import = import_cost(options.repeat * 3)
    print("%-58s %7.1f ms" % ("import of module_utils (client, auth, base)", module_import))
    if options.json:
        with open(options.json, "w", encoding="utf-8") as handle:
            json.dump({"tasks": options.tasks, "repeat": options.repeat, "scenarios": results,
                       "module_utils_import_ms": module_import}, handle, indent=2)


if __name__ == "__main__":
    main()
