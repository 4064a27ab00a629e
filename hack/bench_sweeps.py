#!/usr/bin/env python
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Sweeps at network speed: stop_long_runs.yml beside the official SDK's sequential script, at 0 and 30 ms a request.

Usage (from the copied tree BUILD/ansible_collections/huaweicloud/codearts, as `make bench` does):
    python hack/bench_sweeps.py [--sizes 50,200,800] [--latencies 0,0.03] [--rounds R] [--json FILE] [--out FILE]

For each size, one CodeArts project of that many pipelines: a tenth has a run under way for 30 hours (a runaway), a
tenth never ran, a tenth has a run under way for an hour, the rest ran and finished a day ago; a stop lands 0.2 s
after it is asked (within the first poll of a task that waits for it). For each latency (the emulator waits that
long before every answer, as a network round trip would), a fresh emulator, and in interleaved rounds:

- the collection's stop_long_runs.yml (max_hours 6, on localhost: inside the controller), AK/SK;
- a plain sequential script of the official Huawei SDK doing the same: ListPipelines page by page, ListPipelineRuns
  (under way, started before the cutoff) of every pipeline, StopPipelineRun of each runaway.

Each run is checked: exactly the runaways stopped, the other runs left as they were. It reports the median wall time of
each, their requests and the minimum the API allows: the pages of ListPipelines at 100 a page, one run-list page for
each pipeline that has ever run (a pipeline's runs can run side by side, so a finished latest run proves nothing), one
stop per runaway. The figures go to --json and into the `## Sweeps at network speed` section of --out
(docs/performance.md); it exits 1 when a run stopped the wrong runs.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.path.dirname(os.path.dirname(os.path.dirname(ROOT)))
sys.path.insert(0, os.path.join(ROOT, "tests"))

from ansible.release import __version__ as ANSIBLE_CORE  # noqa: E402  pylint: disable=wrong-import-position
from benchmark import write_section  # noqa: E402  pylint: disable=wrong-import-position

from codearts_emulator.server import Emulator  # noqa: E402  pylint: disable=wrong-import-position
from codearts_emulator.state import DEFAULT_SEED, load_seed  # noqa: E402  pylint: disable=wrong-import-position

PROJECT = "c0dea7750000000000000000000sweep"
REGION = "cn-north-4"
MAX_HOURS = 6
STOP_DELAY = 0.2
PAGE = 100
BUILD_STAGE = [
    {"name": "Build", "jobs": [{"name": "build", "steps": [{"name": "build", "task": "official_devcloud_build"}]}]}
]

SDK_SCRIPT = r"""
import os, sys, time
from huaweicloudsdkcore.auth.credentials import BasicCredentials
from huaweicloudsdkcodeartspipeline.v2 import (CodeArtsPipelineClient, ListPipelineQuery, ListPipelineRunsQuery,
    ListPipelineRunsRequest, ListPipelinesRequest, StopPipelineRunRequest)
client = (CodeArtsPipelineClient.new_builder()
          .with_credentials(BasicCredentials(os.environ["AK"], os.environ["SK"], os.environ["IAM_PROJECT"]))
          .with_endpoints([os.environ["URL"]]).build())
project, cutoff = os.environ["CODEARTS_PROJECT"], int(time.time() * 1000) - int(os.environ["MAX_HOURS"]) * 3600000
offset, stopped = 0, []
while True:
    page = client.list_pipelines(ListPipelinesRequest(project_id=project, body=ListPipelineQuery(offset=offset, limit=100)))
    for pipeline in page.pipelines:
        runs = client.list_pipeline_runs(ListPipelineRunsRequest(project_id=project, pipeline_id=pipeline.pipeline_id,
            body=ListPipelineRunsQuery(status=["RUNNING"], start_time="0", end_time=str(cutoff), limit=100)))
        for run in runs.pipeline_runs:
            client.stop_pipeline_run(StopPipelineRunRequest(project_id=project, pipeline_id=pipeline.pipeline_id,
                                                            pipeline_run_id=run.pipeline_run_id))
            stopped.append(run.pipeline_run_id)
    offset += len(page.pipelines)
    if not page.pipelines or offset >= page.total:
        break
print(len(stopped))
"""


def kind(number):
    """What pipeline ``number`` of a sweep's project holds."""
    return {0: "runaway", 1: "never ran", 2: "healthy"}.get(number % 10, "finished")


def seed_for(size):
    """The sweep's project of ``size`` pipelines, with the default seed's IAM account and credentials."""
    default = load_seed(DEFAULT_SEED)
    pipelines = []
    for number in range(size):
        runs = {
            "runaway": [{"id": "r%031d" % number, "at": "build", "waited": 108000, "remaining": 864000}],
            "never ran": [],
            "healthy": [{"id": "r%031d" % number, "at": "build", "waited": 3600, "remaining": 864000}],
            "finished": [{"id": "r%031d" % number, "end": "completed", "ended_ago": 86400}],
        }[kind(number)]
        pipelines.append(
            {
                "id": "p1e%029d" % number,
                "name": "sweep-%03d" % number,
                "project_id": PROJECT,
                "stages": BUILD_STAGE,
                "runs": runs,
                "stop_delay": STOP_DELAY,
            }
        )
    return {
        "iam": default["iam"],
        "credentials": default["credentials"],
        "codearts_projects": [{"id": PROJECT, "name": "sweep"}],
        "pipeline": {"pipelines": pipelines},
    }


def minimum(size):
    """The fewest requests the API allows for the sweep's answer (see the module's docstring)."""
    ran = sum(kind(number) != "never ran" for number in range(size))
    runaways = sum(kind(number) == "runaway" for number in range(size))
    return math.ceil(size / PAGE) + ran + runaways


def environment(emulator, workdir):
    credentials = load_seed(DEFAULT_SEED)["credentials"][0]
    iam_project = load_seed(DEFAULT_SEED)["iam"]["projects"][0]["id"]
    return dict(
        os.environ,
        ANSIBLE_COLLECTIONS_PATH=BUILD,
        ANSIBLE_NOCOLOR="1",
        HOME=os.path.join(workdir, "home"),
        HUAWEICLOUD_CODEARTS_ENDPOINT=emulator.url,
        HUAWEICLOUD_SDK_IAM_ENDPOINT=emulator.url,
        HUAWEICLOUD_REGION=REGION,
        HUAWEICLOUD_SDK_AK=credentials["access_key"],
        HUAWEICLOUD_SDK_SK=credentials["secret_key"],
        HUAWEICLOUD_SDK_PROJECT_ID=iam_project,
        AK=credentials["access_key"],
        SK=credentials["secret_key"],
        IAM_PROJECT=iam_project,
        URL=emulator.url,
        CODEARTS_PROJECT=PROJECT,
        MAX_HOURS=str(MAX_HOURS),
    )


def run_way(way, emulator, workdir, size):
    """One sweep by ``way`` (playbook or sdk) on a reset emulator: (seconds, requests, problems)."""
    emulator.reset()
    if way == "playbook":
        command = [
            os.path.join(os.path.dirname(sys.executable), "ansible-playbook"),
            "-e",
            "codearts_project_id=%s" % PROJECT,
            "-e",
            "max_hours=%d" % MAX_HOURS,
            "huaweicloud.codearts.stop_long_runs",
        ]
    else:
        command = [sys.executable, os.path.join(workdir, "sdk_sweep.py")]
    started = time.perf_counter()
    done = subprocess.run(
        command, env=environment(emulator, workdir), capture_output=True, text=True, check=False, cwd=workdir
    )
    seconds = time.perf_counter() - started
    log = emulator.requests()
    stopped = sorted(
        entry["path"].split("/pipelines/")[1].split("/")[0]
        for entry in log
        if entry["operation"] in ("StopPipelineNew", "StopPipelineRun") and entry["service_status"] == 200
    )
    expected = sorted("p1e%029d" % number for number in range(size) if kind(number) == "runaway")
    problems = []
    if done.returncode:
        problems.append("%s exited %d: %s" % (way, done.returncode, (done.stdout + done.stderr)[-1500:]))
    if stopped != expected:
        problems.append("%s stopped %d runs, not the %d runaways" % (way, len(stopped), len(expected)))
    return seconds, len(log), problems


def measure(sizes, latencies, rounds):
    """{(size, latency): {way: {seconds, requests}}} and the problems seen."""
    results, problems = {}, []
    with tempfile.TemporaryDirectory() as workdir:
        with open(os.path.join(workdir, "sdk_sweep.py"), "w", encoding="utf-8") as handle:
            handle.write(SDK_SCRIPT)
        for size in sizes:
            with Emulator(seed=seed_for(size)) as emulator:
                for latency in latencies:
                    emulator.set_latency(latency)
                    times = {"playbook": [], "sdk": []}
                    requests = {}
                    for _round in range(rounds):
                        for way in ("playbook", "sdk"):
                            seconds, count, found = run_way(way, emulator, workdir, size)
                            times[way].append(seconds)
                            requests[way] = count
                            problems += ["%d pipelines, %g ms: %s" % (size, latency * 1000, text) for text in found]
                    results[(size, latency)] = {
                        way: {"seconds": round(statistics.median(times[way]), 2), "requests": requests[way]}
                        for way in times
                    }
    return results, problems


def section(data):
    lines = [
        "## Sweeps at network speed",
        "",
        "Generated by `make bench` (`hack/bench_sweeps.py`) on %s: %d CPUs, Python %s, ansible-core %s; the median of %d"
        " interleaved rounds. `stop_long_runs.yml` (inside the controller, AK/SK) beside a plain sequential script of"
        " the official Huawei SDK that does the same (ListPipelines page by page, the run list of every pipeline, a"
        " stop for each runaway), over one project of N pipelines: a tenth with a run under way for 30 hours, a tenth"
        " that never ran, a tenth with a run under way for an hour, the rest finished a day ago. The emulator waits the"
        " latency before every answer, as a network round trip would. The minimum is what the API allows for the same"
        " answer: the ListPipelines pages (100 a page), one run-list page for each pipeline that has ever run, one stop"
        " per runaway." % (data["date"], data["cpus"], data["python"], data["ansible_core"], data["rounds"]),
        "",
        "| pipelines | latency, ms | playbook requests | SDK script requests | minimum | playbook / minimum |"
        " playbook, s | SDK script, s | playbook / script time |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in data["sweeps"]:
        lines.append(
            "| %d | %g | %d | %d | %d | %.2f | %.1f | %.1f | %.2f |"
            % (
                row["pipelines"],
                row["latency_ms"],
                row["playbook"]["requests"],
                row["sdk"]["requests"],
                row["minimum"],
                row["playbook"]["requests"] / row["minimum"],
                row["playbook"]["seconds"],
                row["sdk"]["seconds"],
                row["playbook"]["seconds"] / row["sdk"]["seconds"],
            )
        )
    return lines


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="50,200,800", help="pipelines in the project (default 50,200,800)")
    parser.add_argument("--latencies", default="0,0.03", help="seconds before every answer (default 0,0.03)")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds (default 3)")
    parser.add_argument("--json", help="also write the figures to this file")
    parser.add_argument("--out", help="write the `## Sweeps at network speed` section into this report")
    options = parser.parse_args()
    sizes = [int(size) for size in options.sizes.split(",")]
    latencies = [float(latency) for latency in options.latencies.split(",")]
    results, problems = measure(sizes, latencies, options.rounds)
    data = {
        "date": time.strftime("%Y-%m-%d"),
        "cpus": os.cpu_count(),
        "python": "%d.%d.%d" % sys.version_info[:3],
        "ansible_core": ANSIBLE_CORE,
        "rounds": options.rounds,
        "sweeps": [
            dict(pipelines=size, latency_ms=latency * 1000, minimum=minimum(size), **results[(size, latency)])
            for size in sizes
            for latency in latencies
        ],
        "problems": problems,
    }
    if options.json:
        with open(options.json, "w", encoding="utf-8") as handle:
            json.dump(data, handle, indent=2)
    for line in section(data)[-len(data["sweeps"]) :]:
        print("sweeps: " + line)
    for problem in problems:
        print("sweeps: PROBLEM: " + problem)
    if problems:
        return 1
    if options.out:
        write_section(options.out, section(data))
    return 0


if __name__ == "__main__":
    sys.exit(main())
