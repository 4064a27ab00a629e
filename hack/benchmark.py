#!/usr/bin/env python
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The benchmark: what a task of each module costs, inside the controller and as a module, beside ansible-core's own
debug, ping and uri and a script of the official Huawei SDK, in one run against the emulator.

Usage (from the collection root of the copied tree, as `make bench` does):
    python hack/benchmark.py [--tasks N] [--rounds R] [--out docs/performance.md] [--json FILE]

Each figure is the median, over R interleaved rounds (every scenario once per round, in turn), of the cost of one
task more: (time of a playbook of N+1 tasks - time of a playbook of 1 task) / N, so that ansible-playbook's start-up
cancels out. Each playbook runs on a fresh emulator seed and an empty token cache. It also counts the requests the
emulator saw per task and the IAM requests per run, times loops of 10, 100 and 500 build jobs, a burst of HTTP 429
with Retry-After: 1, and where a task's time goes. It writes a Markdown report (--out) with a PNG plot beside it.
Timings depend on the machine; the report gives ratios, measured in the same run.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.path.dirname(os.path.dirname(os.path.dirname(ROOT)))
sys.path.insert(0, os.path.join(ROOT, "tests"))
sys.path.insert(0, BUILD)

from ansible.release import __version__ as ANSIBLE_CORE  # noqa: E402  pylint: disable=wrong-import-position

from codearts_emulator.server import Emulator  # noqa: E402  pylint: disable=wrong-import-position
from codearts_emulator.state import DEFAULT_SEED, load_seed  # noqa: E402  pylint: disable=wrong-import-position

AK, SK = "EMULATORAK0000000001", "EMULATORSK00000000000000000000000000000001"
IAM_PROJECT = "0123456789abcdef0123456789abcdef"
REGION = "cn-north-4"
PROJECT = "c0dea77500000000000000000000benc"
LOOP_SIZES = (10, 100, 500)
# The jobs of the loops, and the resources a change needs one of per task (the seed has LOOP_SIZES[-1] jobs, and
# CHANGE_POOL running runs, running checks and waiting reviews).
CHANGE_POOL = 60
NIGHTLY = "b1d0000000000000000000000000000a"  # an enabled job of the default seed, with no build running
BURST = 2  # answers 429 before the read goes through
BURST_NOISE = 0.3  # seconds: how far apart two medians of runs of the same playbook can be on a quiet machine


def bench_seed():
    """The default seed, plus a project with LOOP_SIZES[-1] enabled jobs, and CHANGE_POOL running pipeline runs,
    waiting reviews and running checks."""
    seed = load_seed(DEFAULT_SEED)
    seed["codearts_projects"].append({"id": PROJECT, "name": "bench"})
    seed["build"]["jobs"] += [
        {"id": "b1d%029d" % index, "job_name": "bench-job-%03d" % index, "project_id": PROJECT}
        for index in range(LOOP_SIZES[-1])
    ]
    build_step = {"name": "build", "task": "official_devcloud_build"}
    for index in range(CHANGE_POOL):
        seed["pipeline"]["pipelines"].append(
            {
                "id": "p1e%029d" % index,
                "name": "bench-run-%02d" % index,
                "project_id": PROJECT,
                "stages": [{"name": "Build", "jobs": [{"name": "build", "steps": [dict(build_step, duration=36000)]}]}],
                "runs": [{"id": "rbe%029d" % index, "at": "build"}],
            }
        )
        seed["pipeline"]["pipelines"].append(
            {
                "id": "p1f%029d" % index,
                "name": "bench-review-%02d" % index,
                "project_id": PROJECT,
                "stages": [
                    {"name": "Build", "jobs": [{"name": "build", "steps": [build_step]}]},
                    {
                        "name": "Approve",
                        "jobs": [
                            {"name": "approve", "steps": [{"name": "approval", "task": "official_devcloud_checkpoint"}]}
                        ],
                    },
                ],
                "runs": [{"id": "rbf%029d" % index, "at": "approval"}],
            }
        )
    seed["check"]["tasks"] += [
        {
            "task_id": "c4ed%028d" % index,
            "task_name": "bench-check-%02d" % index,
            "project_id": PROJECT,
            "check_duration": 36000,
            "running": True,
            "progress": 10,
        }
        for index in range(CHANGE_POOL)
    ]
    return seed


Scenario = collections.namedtuple("Scenario", "name kind module args way auth")
# kind: baseline (ansible-core's, or the SDK script), noop, change. way: controller, module, or None (a baseline).
# args(i) gives the arguments of the i-th task of a playbook.


def _same(args):
    return lambda index: args


def scenarios():
    found = [
        Scenario("ansible.builtin.debug", "baseline", "ansible.builtin.debug", _same({"msg": "hello"}), None, None),
        Scenario("ansible.builtin.ping", "baseline", "ansible.builtin.ping", _same({}), None, None),
        Scenario(
            "ansible.builtin.uri (the raw read, X-Auth-Token)",
            "baseline",
            "ansible.builtin.uri",
            _same(
                {"url": "{{ bench_url }}/v1/job/%s/info" % NIGHTLY, "headers": {"X-Auth-Token": "{{ bench_token }}"}}
            ),
            None,
            None,
        ),
    ]
    ours = [
        ("codearts_build_job", "noop", {"job_id": NIGHTLY, "state": "enabled"}),
        (
            "codearts_build_job",
            "change",
            lambda index: {"job_id": NIGHTLY, "state": "disabled" if index % 2 == 0 else "enabled"},
        ),
        ("codearts_build_job_info", "noop", {"job_id": NIGHTLY}),
        ("codearts_build", "noop", {"job_id": NIGHTLY, "state": "stopped"}),
        ("codearts_build", "change", {"job_id": NIGHTLY, "state": "started"}),
        ("codearts_build_info", "noop", {"job_id": NIGHTLY, "days": 1}),
        ("codearts_check_task", "noop", {"task_id": "c4ec0000000000000000000000000002", "state": "stopped"}),
        ("codearts_check_task", "change", lambda index: {"task_id": "c4ed%028d" % index, "state": "stopped"}),
        ("codearts_check_task_info", "noop", {"task_id": "c4ec0000000000000000000000000002"}),
        (
            "codearts_pipeline_info",
            "noop",
            {"project_id": "c0dea7750000000000000000000000a1", "name": "release-pipeline"},
        ),
        # The review of this run was rejected by its timeout: rejecting it again is a no-op.
        (
            "codearts_pipeline_manual_review",
            "noop",
            {
                "project_id": "c0dea7750000000000000000000000a1",
                "pipeline_id": "p1e0000000000000000000000000000a",
                "pipeline_run_id": "r0000000000000000000000000000005",
                "state": "rejected",
            },
        ),
        (
            "codearts_pipeline_manual_review",
            "change",
            lambda index: {
                "project_id": PROJECT,
                "pipeline_id": "p1f%029d" % index,
                "pipeline_run_id": "rbf%029d" % index,
                "state": "rejected",
            },
        ),
        (
            "codearts_pipeline_run",
            "noop",
            {
                "pipeline_id": "p1e0000000000000000000000000000a",
                "pipeline_run_id": "r0000000000000000000000000000005",
                "state": "stopped",
            },
        ),
        (
            "codearts_pipeline_run",
            "change",
            lambda index: {
                "pipeline_id": "p1e%029d" % index,
                "pipeline_run_id": "rbe%029d" % index,
                "state": "stopped",
            },
        ),
        (
            "codearts_pipeline_run_info",
            "noop",
            {"pipeline_id": "p1e0000000000000000000000000000a", "build_id": "r0000000000000000000000000000001"},
        ),
    ]
    for way in ("controller", "module"):
        for module, kind, args in ours:
            found.append(
                Scenario(
                    "%s, %s" % (module, "no-op" if kind == "noop" else "change"),
                    kind,
                    "huaweicloud.codearts." + module,
                    args if callable(args) else _same(args),
                    way,
                    "aksk",
                )
            )
        found.append(
            Scenario(
                "codearts_build_job, no-op, password",
                "noop",
                "huaweicloud.codearts.codearts_build_job",
                _same({"job_id": NIGHTLY, "state": "enabled"}),
                way,
                "password",
            )
        )
    return found


def environment(emulator, auth, cache_dir):
    env = dict(
        os.environ,
        HUAWEICLOUD_CODEARTS_ENDPOINT=emulator.url,
        HUAWEICLOUD_SDK_IAM_ENDPOINT=emulator.url,
        HUAWEICLOUD_REGION=REGION,
        HUAWEICLOUD_CODEARTS_CACHE_DIR=cache_dir,
        ANSIBLE_COLLECTIONS_PATH=BUILD,
        ANSIBLE_NOCOLOR="1",
    )
    for name in (
        "HUAWEICLOUD_SDK_AK",
        "HUAWEICLOUD_SDK_SK",
        "HUAWEICLOUD_SDK_PROJECT_ID",
        "HW_USER_NAME",
        "HW_PASSWORD",
        "HW_DOMAIN_NAME",
        "HUAWEICLOUD_CODEARTS_IN_CONTROLLER",
    ):
        env.pop(name, None)
    if auth == "aksk":
        env.update(HUAWEICLOUD_SDK_AK=AK, HUAWEICLOUD_SDK_SK=SK, HUAWEICLOUD_SDK_PROJECT_ID=IAM_PROJECT)
    elif auth == "password":
        env.update(HW_USER_NAME="demo-user", HW_PASSWORD="demo-password", HW_DOMAIN_NAME="demo-domain")
    return env


class Bench:
    """Runs playbooks against one emulator, each on a fresh seed."""

    def __init__(self, emulator, workdir):
        self.emulator = emulator
        self.workdir = workdir

    def fresh(self):
        self.emulator.reset()
        cache = os.path.join(self.workdir, "cache")
        shutil.rmtree(cache, ignore_errors=True)
        return cache

    def issue_token(self):
        import urllib.request  # pylint: disable=import-outside-toplevel

        body = {
            "auth": {
                "identity": {
                    "methods": ["password"],
                    "password": {
                        "user": {"name": "demo-user", "password": "demo-password", "domain": {"name": "demo-domain"}}
                    },
                },
                "scope": {"project": {"name": REGION}},
            }
        }
        request = urllib.request.Request(
            self.emulator.url + "/v3/auth/tokens",
            data=json.dumps(body).encode(),
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        with urllib.request.urlopen(request) as answer:
            return answer.headers["X-Subject-Token"]

    def playbook(self, tasks, way, name):
        play = {"hosts": "localhost", "gather_facts": False, "tasks": tasks, "vars": {"bench_url": self.emulator.url}}
        if way is not None:
            play["vars"]["codearts_in_controller"] = way == "controller"
        path = os.path.join(self.workdir, name + ".json")
        with open(path, "w", encoding="utf-8") as handle:
            json.dump([play], handle)
        return path

    def run(self, path, auth, fault=None):
        """Seconds one ansible-playbook run takes on a fresh seed; (seconds, the emulator's request log)."""
        cache = self.fresh()
        if fault:
            self.emulator.add_fault(**fault)
        command = [
            os.path.join(os.path.dirname(sys.executable), "ansible-playbook"),
            "-i",
            "localhost,",
            "-c",
            "local",
            "-e",
            "ansible_python_interpreter=%s" % sys.executable,
            path,
        ]
        if auth is None:  # ansible.builtin.uri sends a token of the fresh seed, fetched before the run
            command += ["-e", "bench_token=%s" % self.issue_token()]
            self.emulator.clear_requests()
        env = environment(self.emulator, auth, cache)
        started = time.perf_counter()
        done = subprocess.run(
            command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, check=False
        )
        seconds = time.perf_counter() - started
        if done.returncode != 0:
            raise SystemExit("bench: %s failed:\n%s" % (path, done.stdout[-3000:]))
        return seconds, self.emulator.requests()


def tasks_of(scenario, count):
    return [{"name": "task %d" % index, scenario.module: scenario.args(index)} for index in range(count)]


def in_processes(scenario):
    """Whether each task of the scenario starts a process (a module), which costs 10 to 20 times what a task inside
    the controller costs: those run shorter playbooks."""
    return scenario.way == "module" or scenario.module in ("ansible.builtin.ping", "ansible.builtin.uri")


def measure_rounds(bench, found, task_counts, rounds):
    """{scenario name/way: figures} over `rounds` interleaved rounds; task_counts: (tasks more in the controller,
    tasks more with a process each)."""
    samples = collections.defaultdict(list)
    counts = {}
    for round_number in range(rounds):
        for scenario in found:
            key = (scenario.name, scenario.way)
            tasks = task_counts[1] if in_processes(scenario) else task_counts[0]
            one = bench.playbook(tasks_of(scenario, 1), scenario.way, "one")
            many = bench.playbook(tasks_of(scenario, tasks + 1), scenario.way, "many")
            single, _log = bench.run(one, scenario.auth)
            longer, log = bench.run(many, scenario.auth)
            samples[key].append((longer - single) / tasks)
            if round_number == 0:
                counts[key] = {
                    "codearts_requests_per_task": round(
                        sum(entry["service"] != "iam" for entry in log) / (tasks + 1), 2
                    ),
                    "writes_per_task": round(
                        sum(bool(entry["write"]) and entry["service"] != "iam" for entry in log) / (tasks + 1), 2
                    ),
                    "iam_requests_per_run": sum(entry["service"] == "iam" for entry in log),
                }
            print(
                "bench: round %d/%d %-55s %-10s %7.1f ms/task"
                % (round_number + 1, rounds, scenario.name, scenario.way or "", samples[key][-1] * 1000),
                flush=True,
            )
    results = []
    for scenario in found:
        key = (scenario.name, scenario.way)
        results.append(
            dict(
                name=scenario.name,
                kind=scenario.kind,
                way=scenario.way,
                tasks_more=task_counts[1] if in_processes(scenario) else task_counts[0],
                ms_per_task=round(statistics.median(samples[key]) * 1000, 1),
                spread_ms=round((max(samples[key]) - min(samples[key])) * 1000, 1),
                **counts.get(key, {}),
            )
        )
    return results


def measure_loops(bench, rounds, module_sizes):
    """Seconds for one task that loops over K build jobs (no-op), in the controller, as modules, and for debug."""
    jobs = ["b1d%029d" % index for index in range(LOOP_SIZES[-1])]
    figures = collections.defaultdict(list)
    for _round in range(rounds):
        for size in LOOP_SIZES:
            cases = [
                ("debug", None, {"ansible.builtin.debug": {"msg": "{{ item }}"}}),
                ("controller", "controller", {"huaweicloud.codearts.codearts_build_job": {"job_id": "{{ item }}"}}),
            ]
            if size in module_sizes:
                cases.append(
                    ("module", "module", {"huaweicloud.codearts.codearts_build_job": {"job_id": "{{ item }}"}})
                )
            for label, way, task in cases:
                path = bench.playbook([dict(task, loop=jobs[:size], name="loop")], way, "loop")
                seconds, _log = bench.run(path, "aksk")
                figures[(label, size)].append(seconds)
                print("bench: loop of %3d, %-10s %6.2f s" % (size, label, seconds), flush=True)
    return {"%s/%d" % key: round(statistics.median(values), 2) for key, values in figures.items()}


def measure_burst(bench, rounds):
    """Seconds a no-op task takes with and without BURST answers of 429 Retry-After: 1 on its read (in the controller)."""
    path = bench.playbook([{"huaweicloud.codearts.codearts_build_job": {"job_id": NIGHTLY}}], "controller", "burst")
    fault = {
        "method": "GET",
        "path": "/info$",
        "count": BURST,
        "status": 429,
        "headers": {"Retry-After": "1"},
        "error_code": "APIGW.0308",
        "error_msg": "Throttled",
    }
    plain, burst = [], []
    for _round in range(rounds):
        plain.append(bench.run(path, "aksk")[0])
        seconds, log = bench.run(path, "aksk", fault=fault)
        burst.append(seconds)
    return {
        "throttled_answers": BURST,
        "asked_seconds": BURST * 1.0,
        "requests": len([e for e in log if e["service"] != "iam"]),
        "added_seconds": round(statistics.median(burst) - statistics.median(plain), 2),
    }


def timed_import(code, repeat=5):
    """Median seconds a fresh interpreter takes to run `code` (its start-up included)."""
    env = dict(os.environ, PYTHONPATH=BUILD)
    samples = []
    for _attempt in range(repeat):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True, env=env)
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def where_time_goes(emulator, repeat=200):
    """Milliseconds of the parts of a task, measured in this process (in the controller) and in fresh interpreters."""
    os.environ.update(environment(emulator, "aksk", tempfile.mkdtemp()))
    from ansible.module_utils.common.arg_spec import ArgumentSpecValidator  # pylint: disable=import-outside-toplevel

    from ansible_collections.huaweicloud.codearts.plugins.module_utils._module import client_from_params  # pylint: disable=import-outside-toplevel
    from ansible_collections.huaweicloud.codearts.plugins.modules import codearts_build_job  # pylint: disable=import-outside-toplevel
    from ansible_collections.huaweicloud.codearts.plugins.plugin_utils._in_controller import run_in_controller  # pylint: disable=import-outside-toplevel

    module = codearts_build_job.MODULE
    args = {"job_id": NIGHTLY}
    emulator.reset()

    def median_ms(call):
        samples = []
        for _attempt in range(repeat):
            started = time.perf_counter()
            call()
            samples.append(time.perf_counter() - started)
        return round(statistics.median(samples) * 1000, 2)

    params = ArgumentSpecValidator(module.argument_spec, **module.checks).validate(args).validated_parameters
    validate = median_ms(lambda: ArgumentSpecValidator(module.argument_spec, **module.checks).validate(args))
    client = median_ms(lambda: client_from_params(params))
    read = median_ms(lambda: client_from_params(params).get("build", "/v1/job/{job_id}/info", {"job_id": NIGHTLY}))
    whole = median_ms(lambda: run_in_controller(module, args, False, "huaweicloud.codearts.codearts_build_job"))
    start = timed_import("pass")
    basic = timed_import("import ansible.module_utils.basic") - start
    with_requests = timed_import("import requests") - start
    plugin = timed_import(
        "import ansible.plugins.action; import time; t = time.perf_counter(); "
        "import ansible_collections.huaweicloud.codearts.plugins.action.codearts_build_job"
    )
    core_action = timed_import("import ansible.plugins.action")
    return {
        "validate_ms": validate,
        "client_and_auth_ms": client,
        "read_with_new_client_ms": read,
        "whole_in_controller_ms": whole,
        "python_start_ms": round(start * 1000, 1),
        "import_basic_ms": round(basic * 1000, 1),
        "import_requests_ms": round(with_requests * 1000, 1),
        "plugin_import_once_per_run_ms": round((plugin - core_action) * 1000, 1),
    }


def bytecode_compiled():
    import requests  # pylint: disable=import-outside-toplevel

    cached = getattr(requests, "__cached__", None)
    return bool(cached and os.path.exists(cached))


def ratio(value, base):
    return round(value / base, 2) if base else None


def report(data, out):
    """docs/performance.md and its plot."""
    by = {(item["name"], item["way"]): item for item in data["scenarios"]}
    debug = by[("ansible.builtin.debug", None)]["ms_per_task"]
    uri = by[("ansible.builtin.uri (the raw read, X-Auth-Token)", None)]["ms_per_task"]
    lines = [
        "# Performance: what a task costs",
        "",
        "Generated by `make bench` (`hack/benchmark.py`); do not edit. Measured on %s: %d CPUs, Python %s, ansible-core %s,"
        % (data["date"], data["cpus"], data["python"], data["ansible_core"]),
        "bytecode of the venv %s, against the emulator on loopback. Every figure is the median over %d interleaved"
        % ("compiled" if data["bytecode_compiled"] else "NOT compiled", data["rounds"]),
        "rounds of the cost of one task more: (a playbook of N+1 tasks - a playbook of 1) / N, with N = %d inside the"
        % data["tasks"],
        "controller and for debug, N = %d where each task starts a process (as modules, ping, uri). Absolute times"
        % data["process_tasks"],
        "depend on the machine; the ratios compare figures of the same run.",
        "",
        "Inside the controller means the module's action plugin ran it in ansible-playbook's worker process (the",
        "`local` connection, the default on `localhost`); as a module means `codearts_in_controller: false`, a module",
        "process per task as on any remote host.",
        "",
        "## Per task",
        "",
        "| Task | Way | ms per task | x debug | x uri | CodeArts requests per task | writes per task | IAM requests per run |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for item in data["scenarios"]:
        lines.append(
            "| %s | %s | %.1f | %.2f | %.2f | %s | %s | %s |"
            % (
                item["name"],
                item["way"] or "-",
                item["ms_per_task"],
                ratio(item["ms_per_task"], debug),
                ratio(item["ms_per_task"], uri),
                item.get("codearts_requests_per_task", "-"),
                item.get("writes_per_task", "-"),
                item.get("iam_requests_per_run", "-"),
            )
        )
    sdk = data["sdk"]
    lines += [
        "| official SDK script, per call in one process | - | %.1f | %.2f | %.2f | 1 | 0 | - |"
        % (sdk["per_call_ms"], ratio(sdk["per_call_ms"], debug), ratio(sdk["per_call_ms"], uri)),
        "| official SDK script, one run of the script (a process per call) | - | %.1f | %.2f | %.2f | 1 | 0 | - |"
        % (sdk["one_run_ms"], ratio(sdk["one_run_ms"], debug), ratio(sdk["one_run_ms"], uri)),
        "",
    ]
    loops = data["loops"]
    lines += [
        "## Loops over build jobs (one task with `loop:`, no-op)",
        "",
        "| Items | debug (s) | inside the controller (s) | x debug | as modules (s) |",
        "|---:|---:|---:|---:|---:|",
    ]
    for size in LOOP_SIZES:
        lines.append(
            "| %d | %.2f | %.2f | %.2f | %s |"
            % (
                size,
                loops["debug/%d" % size],
                loops["controller/%d" % size],
                ratio(loops["controller/%d" % size], loops["debug/%d" % size]),
                loops.get("module/%d" % size, "-"),
            )
        )
    first, last = LOOP_SIZES[0], LOOP_SIZES[-1]

    def per_item_ms(label):
        return (loops["%s/%d" % (label, last)] - loops["%s/%d" % (label, first)]) / (last - first) * 1000

    lines += [
        "",
        "Per item, from %d to %d items: debug %.1f ms, inside the controller %.1f ms."
        % (first, last, per_item_ms("debug"), per_item_ms("controller")),
        "",
    ]
    burst = data["burst"]
    lines += [
        "## Throttling",
        "",
        "A no-op task whose read is answered %d times HTTP 429 with `Retry-After: 1` before it goes through took %.2f s"
        % (burst["throttled_answers"], burst["added_seconds"]),
        "more than without (the server asked for %.0f s; %d CodeArts requests in all; each figure is a median of whole"
        % (burst["asked_seconds"], burst["requests"]),
        "ansible-playbook runs, so the difference carries about %.1f s of start-up noise)." % BURST_NOISE,
        "",
    ]
    parts = data["where"]
    lines += [
        "## Where a task's time goes",
        "",
        "Inside the controller, per task (codearts_build_job, no-op, AK/SK; measured in one process):",
        "",
        "| Part | ms |",
        "|---|---:|",
        "| Ansible's own cost of a task (`ansible.builtin.debug`) | %.1f |" % debug,
        "| checking the arguments against the argument spec | %.2f |" % parts["validate_ms"],
        "| a client and its credentials | %.2f |" % parts["client_and_auth_ms"],
        "| the one read (a new connection to the emulator each task) | %.2f |"
        % (parts["read_with_new_client_ms"] - parts["client_and_auth_ms"]),
        "| the whole module inside the controller (all of the above, and the result) | %.2f |"
        % parts["whole_in_controller_ms"],
        "| once per ansible-playbook run, before the workers fork: importing the action plugin (module_utils, requests) | %.1f |"
        % parts["plugin_import_once_per_run_ms"],
        "",
        "As a module, per task, in a new Python process:",
        "",
        "| Part | ms |",
        "|---|---:|",
        "| starting Python | %.1f |" % parts["python_start_ms"],
        "| importing `ansible.module_utils.basic` (from the venv; AnsiballZ's zip has no bytecode, so more in a task) | %.1f |"
        % parts["import_basic_ms"],
        "| importing `requests` | %.1f |" % parts["import_requests_ms"],
        "",
    ]
    targets = data["targets"]
    lines += ["## Targets", "", "| Target | Measured | Met |", "|---|---|---|"]
    lines += [
        "| %s | %s | %s |" % (target["target"], target["measured"], "yes" if target["met"] else "**no**")
        for target in targets
    ]
    lines += ["", "![Milliseconds per task](performance.png)", ""]
    kept = across_sections(out)  # written by make bench-cores and make bench-projects, kept as they are
    with open(out, "w", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + ("\n" + kept if kept else ""))
    plot(data, os.path.join(os.path.dirname(out), "performance.png"))


def plot(data, path):
    import matplotlib  # pylint: disable=import-outside-toplevel

    matplotlib.use("Agg")
    from matplotlib import pyplot  # pylint: disable=import-outside-toplevel

    items = data["scenarios"]
    colours = {None: "#7f7f7f", "controller": "#2ca02c", "module": "#1f77b4"}
    figure, (bars, loops) = pyplot.subplots(1, 2, figsize=(15, 10), gridspec_kw={"width_ratios": [3, 2]})
    labels = ["%s%s" % (item["name"], "" if item["way"] is None else " (%s)" % item["way"]) for item in items]
    bars.barh(
        range(len(items)), [item["ms_per_task"] for item in items], color=[colours[item["way"]] for item in items]
    )
    bars.set_yticks(range(len(items)), labels, fontsize=7)
    bars.invert_yaxis()
    bars.set_xlabel("ms per task (median of %d rounds)" % data["rounds"])
    bars.set_title("Per task: grey ansible-core, green inside the controller, blue as a module")
    sizes = list(LOOP_SIZES)
    for label, colour in (("debug", "#7f7f7f"), ("controller", "#2ca02c"), ("module", "#1f77b4")):
        points = [
            (size, data["loops"]["%s/%d" % (label, size)]) for size in sizes if "%s/%d" % (label, size) in data["loops"]
        ]
        loops.plot([p[0] for p in points], [p[1] for p in points], marker="o", color=colour, label=label)
    loops.set_xlabel("items in the loop")
    loops.set_ylabel("seconds for the playbook")
    loops.set_title("A loop over build jobs (no-op)")
    loops.legend()
    figure.tight_layout()
    figure.savefig(path, dpi=80)


SDK_SCRIPT = r"""
import os, sys, time
started = time.perf_counter()
from huaweicloudsdkcore.auth.credentials import BasicCredentials
from huaweicloudsdkcore.http.http_config import HttpConfig
from huaweicloudsdkcodeartsbuild.v3 import CodeArtsBuildClient, ShowJobInfoRequest
config = HttpConfig.get_default_config()
client = (CodeArtsBuildClient.new_builder().with_http_config(config)
          .with_credentials(BasicCredentials(os.environ["AK"], os.environ["SK"], os.environ["PROJECT"]))
          .with_endpoints([os.environ["URL"]]).build())
for _ in range(int(sys.argv[1])):
    client.show_job_info(ShowJobInfoRequest(job_id=os.environ["JOB"]))
"""


SDK_CALLS = 200  # calls more in one process: each costs a few milliseconds


def measure_sdk(bench, tasks, rounds):
    """The official SDK's cost of the same read: per call in one process (SDK_CALLS calls more), and one run of a
    script that makes one call (`tasks` is unused: a process per call is measured as a run of its own)."""
    del tasks
    script = os.path.join(bench.workdir, "sdk_read.py")
    with open(script, "w", encoding="utf-8") as handle:
        handle.write(SDK_SCRIPT)
    env = dict(
        os.environ,
        AK=AK,
        SK=SK,
        PROJECT=IAM_PROJECT,
        URL=bench.emulator.url,
        JOB=NIGHTLY,
        HOME=os.path.join(bench.workdir, "sdk-home"),
    )
    per_call, one_run = [], []
    for _round in range(rounds):
        times = {}
        for count in (1, SDK_CALLS + 1):
            bench.fresh()
            started = time.perf_counter()
            subprocess.run([sys.executable, script, str(count)], check=True, env=env)
            times[count] = time.perf_counter() - started
        per_call.append((times[SDK_CALLS + 1] - times[1]) / SDK_CALLS)
        one_run.append(times[1])
    return {
        "per_call_ms": round(statistics.median(per_call) * 1000, 1),
        "one_run_ms": round(statistics.median(one_run) * 1000, 1),
    }


def targets_of(data):
    by = {(item["name"], item["way"]): item for item in data["scenarios"]}
    debug = by[("ansible.builtin.debug", None)]["ms_per_task"]
    uri = by[("ansible.builtin.uri (the raw read, X-Auth-Token)", None)]["ms_per_task"]
    controller_noops = [item for item in data["scenarios"] if item["way"] == "controller" and item["kind"] == "noop"]
    module_noops = [item for item in data["scenarios"] if item["way"] == "module" and item["kind"] == "noop"]
    one_read = [item for item in module_noops if item["codearts_requests_per_task"] == 1]
    worst_controller = max(controller_noops, key=lambda item: item["ms_per_task"])
    worst_module = max(one_read, key=lambda item: item["ms_per_task"])
    worst_any = max(module_noops, key=lambda item: item["ms_per_task"])
    loop = ratio(data["loops"]["controller/%d" % LOOP_SIZES[-1]], data["loops"]["debug/%d" % LOOP_SIZES[-1]])
    return [
        {
            "target": "in the controller, a no-op task costs at most 3x ansible.builtin.debug",
            "measured": "%.2fx at most (%s), %.2fx for codearts_build_job"
            % (
                ratio(worst_controller["ms_per_task"], debug),
                worst_controller["name"],
                ratio(by[("codearts_build_job, no-op", "controller")]["ms_per_task"], debug),
            ),
            "met": ratio(worst_controller["ms_per_task"], debug) <= 3,
        },
        {
            "target": "in the controller, a loop of %d no-ops within 3x a loop of %d debug"
            % (LOOP_SIZES[-1], LOOP_SIZES[-1]),
            "measured": "%.2fx" % loop,
            "met": loop <= 3,
        },
        {
            "target": "as a module, a no-op with one read is no slower than ansible.builtin.uri doing the raw read",
            "measured": "%.2fx uri at most (%s); with two reads, %.2fx at most (%s)"
            % (
                ratio(worst_module["ms_per_task"], uri),
                worst_module["name"],
                ratio(worst_any["ms_per_task"], uri),
                worst_any["name"],
            ),
            "met": worst_module["ms_per_task"] <= uri,
        },
        {
            "target": "no IAM request with AK/SK and a known IAM project; one token per playbook with a password",
            "measured": "IAM requests per run: AK/SK %s, password %s"
            % (
                sorted(
                    {
                        item["iam_requests_per_run"]
                        for item in data["scenarios"]
                        if item["way"] and "password" not in item["name"]
                    }
                ),
                sorted({item["iam_requests_per_run"] for item in data["scenarios"] if "password" in item["name"]}),
            ),
            "met": all(
                item["iam_requests_per_run"] == (1 if "password" in item["name"] else 0)
                for item in data["scenarios"]
                if item["way"]
            ),
        },
        {
            "target": "a burst of 429 with Retry-After: 1 adds what the server asked for, not more",
            "measured": "%.2f s added for %.0f s asked"
            % (data["burst"]["added_seconds"], data["burst"]["asked_seconds"]),
            # Two medians of whole ansible-playbook runs: their difference carries the run-to-run noise of a start-up.
            "met": abs(data["burst"]["added_seconds"] - data["burst"]["asked_seconds"]) <= BURST_NOISE,
        },
    ]


ACROSS_CORES = (
    "ansible.builtin.debug",
    "ansible.builtin.ping",
    "codearts_build_job, no-op",
    "codearts_build_job, change",
    "codearts_build_job_info, no-op",
    "codearts_pipeline_run_info, no-op",
)


def across_cores(options):
    """The per-task figures of a few scenarios on the running ansible-core, appended to a JSON list (make bench-cores),
    then the table of every core measured so far written into the `## Across ansible-core releases` part of --out."""
    found = [scenario for scenario in scenarios() if scenario.name in ACROSS_CORES]
    with tempfile.TemporaryDirectory() as workdir, Emulator(seed=bench_seed()) as emulator:
        results = measure_rounds(
            Bench(emulator, workdir), found, (options.tasks, options.process_tasks), options.rounds
        )
    runs = []
    if os.path.exists(options.across_cores):
        with open(options.across_cores, encoding="utf-8") as handle:
            runs = [run for run in json.load(handle) if run["ansible_core"] != ANSIBLE_CORE]
    runs.append(
        {
            "ansible_core": ANSIBLE_CORE,
            "python": platform.python_version(),
            "date": time.strftime("%Y-%m-%d"),
            "rounds": options.rounds,
            "scenarios": results,
        }
    )
    with open(options.across_cores, "w", encoding="utf-8") as handle:
        json.dump(runs, handle, indent=2)
    write_across_cores(runs, options.out)


def write_across_cores(runs, out):
    """Replace the `## Across ansible-core releases` section of the report with the table of ``runs``."""
    columns = [
        (name, way)
        for name in ACROSS_CORES[1:]
        for way in ((None,) if name.startswith("ansible.") else ("controller", "module"))
    ]
    lines = [
        "## Across ansible-core releases",
        "",
        "Generated by `make bench-cores` (`hack/benchmark.py --across-cores`): per task, x `ansible.builtin.debug` of the",
        "same run, on each ansible-core with its own Python; the median of %d interleaved rounds each (%s)."
        % (runs[0]["rounds"], runs[-1]["date"]),
        "",
        "| ansible-core | Python | debug, ms per task | "
        + " | ".join("%s%s" % (name, ", " + way if way else "") for name, way in columns)
        + " |",
        "|---|---|---:|" + "---:|" * len(columns),
    ]
    for run in sorted(
        runs, key=lambda run: [int(part) if part.isdigit() else part for part in run["ansible_core"].split(".")]
    ):
        by = {(item["name"], item["way"]): item["ms_per_task"] for item in run["scenarios"]}
        debug = by[("ansible.builtin.debug", None)]
        lines.append(
            "| %s | %s | %.1f | %s |"
            % (
                run["ansible_core"],
                run["python"],
                debug,
                " | ".join("%.2f" % ratio(by[column], debug) for column in columns),
            )
        )
    write_section(out, lines)


def across_projects(source, out):
    """The `## Across projects` section of the report, from the figures of tests/e2e/load_projects.py (make
    bench-projects)."""
    with open(source, encoding="utf-8") as handle:
        data = json.load(handle)
    if data["problems"]:
        raise SystemExit("bench: the load test across projects found problems: %s" % "; ".join(data["problems"]))
    runs = data["by_forks"]
    first = runs[0]
    lines = [
        "## Across projects",
        "",
        "Generated by `make bench-projects` (`tests/e2e/load_projects.py`, then `hack/benchmark.py --across-projects`)"
        " on %s: %d CPUs, Python %s, ansible-core %s, against the emulator on loopback; the wall time is the median of"
        " %d rounds, the fork counts interleaved."
        % (data["date"], data["cpus"], data["python"], data["ansible_core"], data["rounds"]),
        "",
        "`stop_long_runs.yml` over the inventory plugin `codearts_projects` (%s) of an emulated tenant of %d CodeArts"
        " projects, half in each region, AK/SK: each project has a run building for 7 hours (a runaway), one for an"
        " hour (healthy) and a pipeline whose runs are done; every fourth project also has a run that has waited 30"
        " hours for a manual review (%d runaway runs in all). Every run stopped exactly the runaway runs, each once,"
        " waited until each was aborted, and left every healthy run running (`make load-projects` checks that in"
        " `make test`)." % (" and ".join(data["regions"]), first["projects"], first["runaway_runs"]),
        "",
        "| forks | wall time, s | speed-up | CodeArts requests per project | fewest, most in a project | project-list"
        " requests | IAM requests |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    lines += [
        "| %d | %.1f | %.1fx | %.1f | %d, %d | %d | %d |"
        % (
            run["forks"],
            run["wall_seconds"],
            first["wall_seconds"] / run["wall_seconds"],
            run["requests_per_project"],
            run["requests_per_project_min"],
            run["requests_per_project_max"],
            run["project_list_requests"],
            run["iam_requests"],
        )
        for run in runs
    ]
    lines += [
        "",
        "What a project asks, on average: %s."
        % ", ".join("%s %.2f" % item for item in first["operations_per_project"].items()),
        "",
        "The speed-up is against %d fork%s. A project costs the same requests at any fork count: forks change how many"
        " projects are in flight, not what each one asks. The inventory asks IAM once for each region's IAM project"
        " and lists each region's projects; the hosts then need no IAM request. Most of a project's wall time at one"
        " fork is the wait for its stops to land (the emulator aborts a run 2 s after its stop), which forks overlap."
        % (first["forks"], "" if first["forks"] == 1 else "s"),
    ]
    write_section(out, lines)


def write_section(out, lines):
    """Replace the section of the report that starts with the heading ``lines[0]`` (add it at the end if missing); a
    long line that is not a table row is wrapped at 120 characters."""
    text = open(out, encoding="utf-8").read() if os.path.exists(out) else ""  # pylint: disable=consider-using-with
    old = section(text, lines[0])
    new = "\n".join(line if line.startswith("|") else textwrap.fill(line, 120) for line in lines) + "\n"
    if old:
        text = text.replace(old, new + ("\n" if old.endswith("\n\n") else ""))  # the blank line before the next
    else:
        text = text.rstrip("\n") + "\n\n" + new
    with open(out, "w", encoding="utf-8") as handle:
        handle.write(text)


def section(text, heading):
    """The part of ``text`` from the line ``heading`` to the next `## ` heading or the end, or ''."""
    start = text.find(heading + "\n")
    if start < 0:
        return ""
    end = text.find("\n## ", start + len(heading))
    return text[start : end + 1] if end >= 0 else text[start:]


# The sections of docs/performance.md that other generators write, after the report's own part.
KEPT_SECTIONS = (
    "## Sweeps at network speed",
    "## Requests against the minimum",
    "## Across ansible-core releases",
    "## Across projects",
)


def across_sections(out):
    """The sections of the report at ``out`` that other generators write (from the first of KEPT_SECTIONS), or ''."""
    if not os.path.exists(out):
        return ""
    with open(out, encoding="utf-8") as handle:
        text = handle.read()
    starts = [start for start in (text.find(heading + "\n") for heading in KEPT_SECTIONS) if start >= 0]
    return text[min(starts) :] if starts else ""


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--tasks",
        type=int,
        default=40,
        help="tasks more in the long playbook, inside the controller and for debug (default 40)",
    )
    parser.add_argument(
        "--process-tasks",
        type=int,
        default=10,
        help="tasks more in the long playbook, as modules and for ping and uri (default 10)",
    )
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds (default 3)")
    parser.add_argument("--module-loops", default="10,100", help="loop sizes also run as modules (default 10,100)")
    parser.add_argument(
        "--out", default=os.path.join(ROOT, "docs", "performance.md"), help="the report (default docs/performance.md)"
    )
    parser.add_argument("--json", help="also write the figures to this file")
    parser.add_argument("--from-json", help="only write the report again from the figures of an earlier run")
    parser.add_argument("--sdk-again", action="store_true", help="with --from-json: measure the SDK script again first")
    parser.add_argument(
        "--across-cores",
        metavar="JSON",
        help="only the ratios against debug of this ansible-core (make bench-cores): append them to JSON",
    )
    parser.add_argument(
        "--across-projects",
        metavar="JSON",
        help="only write the `Across projects` section from the figures of tests/e2e/load_projects.py in JSON",
    )
    options = parser.parse_args()
    if options.across_projects:
        across_projects(options.across_projects, options.out)
        return
    if options.across_cores:
        across_cores(options)
        return
    if options.from_json:
        with open(options.from_json, encoding="utf-8") as handle:
            data = json.load(handle)
        if options.sdk_again:
            with tempfile.TemporaryDirectory() as workdir, Emulator(seed=bench_seed()) as emulator:
                data["sdk"] = measure_sdk(Bench(emulator, workdir), options.process_tasks, options.rounds)
            with open(options.from_json, "w", encoding="utf-8") as handle:
                json.dump(data, handle, indent=2)
        data["targets"] = targets_of(data)
        report(data, options.out)
        return
    if max(options.tasks, options.process_tasks) + 1 > CHANGE_POOL:
        parser.error(
            "--tasks and --process-tasks are at most %d (the seed's pool of resources to change)" % (CHANGE_POOL - 1)
        )
    data = {
        "date": time.strftime("%Y-%m-%d"),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "ansible_core": ANSIBLE_CORE,
        "bytecode_compiled": bytecode_compiled(),
        "tasks": options.tasks,
        "process_tasks": options.process_tasks,
        "rounds": options.rounds,
    }
    with tempfile.TemporaryDirectory() as workdir, Emulator(seed=bench_seed()) as emulator:
        bench = Bench(emulator, workdir)
        data["scenarios"] = measure_rounds(bench, scenarios(), (options.tasks, options.process_tasks), options.rounds)
        data["sdk"] = measure_sdk(bench, options.process_tasks, options.rounds)
        data["loops"] = measure_loops(
            bench, options.rounds, {int(size) for size in options.module_loops.split(",") if size}
        )
        data["burst"] = measure_burst(bench, options.rounds)
        data["where"] = where_time_goes(emulator)
    data["targets"] = targets_of(data)
    report(data, options.out)
    if options.json:
        with open(options.json, "w", encoding="utf-8") as handle:
            json.dump(data, handle, indent=2)
    for target in data["targets"]:
        print("bench: %-100s %s: %s" % (target["target"], "met" if target["met"] else "NOT MET", target["measured"]))
    print("bench: wrote %s" % options.out)


if __name__ == "__main__":
    main()
