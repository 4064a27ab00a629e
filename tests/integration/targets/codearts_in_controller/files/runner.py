#!/usr/bin/env python
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Run runner_play.yml through ansible-runner twice (inside the controller, then as modules), on a fresh emulator
seed each time, and print what each run's events show as JSON (the codearts_in_controller target compares them).

Usage: runner.py VARS_JSON SCRATCH_DIR
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import urllib.request

try:
    import ansible_runner
except ImportError:
    print(json.dumps({"skipped": "ansible-runner is not installed in the venv of this ansible-core"}))
    sys.exit(0)

HERE = os.path.dirname(os.path.abspath(__file__))


def main(vars_json, scratch):
    with open(vars_json, encoding="utf-8") as handle:
        values = json.load(handle)
    report = {}
    for way in ("controller", "module"):
        urllib.request.urlopen(
            urllib.request.Request(values["codearts_emulator_url"] + "/_emulator/reset", method="POST")
        )
        directory = os.path.join(scratch, "runner-" + way)
        os.makedirs(os.path.join(directory, "project"))
        shutil.copy(os.path.join(HERE, "runner_play.yml"), os.path.join(directory, "project"))
        run = ansible_runner.run(
            private_data_dir=directory,
            playbook="runner_play.yml",
            quiet=True,
            verbosity=3,
            inventory="localhost ansible_connection=local ansible_python_interpreter=%s" % sys.executable,
            extravars={
                "codearts_emulator_url": values["codearts_emulator_url"],
                "codearts_region": values["codearts_region"],
                "codearts_in_controller": way == "controller",
            },
            envvars={
                "HUAWEICLOUD_SDK_AK": values["codearts_access_key"],
                "HUAWEICLOUD_SDK_SK": values["codearts_secret_key"],
                "HUAWEICLOUD_SDK_PROJECT_ID": values["codearts_iam_project_id"],
                "HUAWEICLOUD_CODEARTS_CACHE_DIR": os.path.join(directory, "cache"),
            },
        )
        events = list(run.events)
        report[way] = {
            "status": run.status,
            "results": [
                event["event_data"]["res"]
                for event in events
                if event["event"] in ("runner_on_ok", "runner_on_failed")
                and event["event_data"].get("task_action", "").startswith("huaweicloud.codearts.")
            ],
            "secret_in_events": values["codearts_secret_key"] in json.dumps(events, default=str),
            "ran_as_modules": json.dumps(events, default=str).count("runs as a module: "),
        }
    print(json.dumps(report))


if __name__ == "__main__":
    main(*sys.argv[1:])
