# Copyright: Contributors to the huaweicloud.codearts collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""End-to-end test of the Event-Driven Ansible source: ansible-rulebook runs each rulebook of the collection.

Usage (what `make eda` runs, from the collection root of the copied tree, under tests/e2e/with-emulator.sh with
EMULATOR_MAX_SKEW set, since the emulator's clock moves hours on): eda_rulebook.py WORKDIR

ansible-rulebook (it needs Java 17 or later: found in JAVA_HOME or on PATH, or else installed with apt-get) loads
each rulebook and the source from the collection in ANSIBLE_COLLECTIONS_PATH, with the credentials in the environment
as the modules read them, against the emulator reset to its seed:
- reject_stale_reviews (36 h): of the housekeeping project's reviews (waited 30 h and 2 h) none is rejected at first;
  8 h later on the emulator's clock exactly the 30 h one is (one POST .../refuse, answered 200), once;
- stop_long_runs (12 h): the 30 h run is stopped at the first poll, the 7 h one once the clock moved 6 h on, each once;
  then, with its source twice (housekeeping and run-control, the EDA guide's recipe for several projects), the 30 h
  run at once and, 10.5 h later on the clock, exactly the runs of both projects then over 12 h, each once;
- cancel_stale_queue (60 min): the run queued 90 min is taken out of the queue at once, the one queued 10 min once
  the clock moved 1 h on, each once; the run under way is never stopped;
- notify_failed_checks: a check of legacy-check that fails gives one message, the other tasks none;
- notify_failed_runs (log_lines 3): the run of checkout-pipeline that fails under way gives one message with the last
  3 lines of its failed step's log, from one run detail and one log read; the run that failed before the source
  started gives none.
No secret may be in ansible-rulebook's output. It prints what a poll cost; each run's output is in WORKDIR.
"""

from __future__ import annotations

import datetime
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import yaml

PROJECT = "c0dea7750000000000000000000000a3"  # the seed's housekeeping project
STALE_RUN, FRESH_RUN = "r000000000000000000000000000a304", "r000000000000000000000000000a305"
STALE_PIPELINE, RUNAWAY_PIPELINE = "p1e0000000000000000000000000a303", "p1e0000000000000000000000000a301"
DEMO_PROJECT, FAILING_CHECK = "c0dea7750000000000000000000000a1", "c4ec0000000000000000000000000003"
RUN_CONTROL, QUEUE_PIPELINE = "c0dea7750000000000000000000000a4", "p1e0000000000000000000000000a401"
QUEUED_LONG, QUEUED_SHORT = "r000000000000000000000000000a402", "r000000000000000000000000000a403"
DIAGNOSTICS, FAILED_BEFORE, FAILING_RUN = (  # checkout-pipeline: run 2 failed 3 h ago, run 3 runs its unit tests
    "c0dea7750000000000000000000000a6",
    "r000000000000000000000000000a602",
    "r000000000000000000000000000a603",
)
INTERVAL = 2
ADVANCE = 8 * 3600
SECRETS = ("CODEARTS_SECRET_KEY", "CODEARTS_PASSWORD", "CODEARTS_TEMP_SECRET_KEY", "CODEARTS_SECURITY_TOKEN")
JAVA_MIN = 17
JAVA_PACKAGE = "openjdk-17-jre-headless"
HERE = Path(__file__).resolve().parent
COLLECTION_ROOT = HERE.parent.parent


def java_version():
    """(major version, java command) of the Java that ansible-rulebook would use, or (None, why not)."""
    home = os.environ.get("JAVA_HOME")
    java = str(Path(home) / "bin" / "java") if home else shutil.which("java")
    if not home and not java:
        # Debian's Java 17 runtime, as the machine image has it; installed here when it has not (as root, with apt-get).
        installer = subprocess.run(
            [str(HERE / "apt-install.sh"), "java", JAVA_PACKAGE], capture_output=True, text=True, check=False
        )
        if installer.returncode:
            return None, (installer.stderr.strip().splitlines() or ["apt-install.sh failed"])[-1]
        java = shutil.which("java")
    if not java or not os.access(java, os.X_OK):
        return None, "no Java runtime (no JAVA_HOME, no java on PATH)"
    shown = subprocess.run([java, "-version"], capture_output=True, text=True, check=False, timeout=60).stderr
    found = re.search(r'version "(\d+)(?:\.(\d+))?', shown)
    if not found:
        return None, "%s -version printed no version: %r" % (java, shown[:200])
    major = int(found.group(1)) if found.group(1) != "1" else int(found.group(2))
    return major, java


def admin(path, data=None, method=None):
    url = os.environ["CODEARTS_EMULATOR_URL"] + "/_emulator/" + path
    body = None if data is None else json.dumps(data).encode()
    request = urllib.request.Request(url, body, {"Content-Type": "application/json"}, method=method)
    with urllib.request.urlopen(request, timeout=30) as answer:  # nosec: the local emulator
        text = answer.read()
    return json.loads(text) if text else None


def calls():
    return admin("requests")


def polls(log, operation="ListPipelines"):
    """How many polls the log shows: each starts with one call of ``operation``."""
    return sum(1 for entry in log if entry["operation"] == operation)


def poll_operations(log, number):
    """The operations of poll ``number`` (from 0): from its ListPipelines to the next one."""
    starts = [entry["seq"] for entry in log if entry["operation"] == "ListPipelines"] + [float("inf")]
    return [entry["operation"] for entry in log if starts[number] <= entry["seq"] < starts[number + 1]]


class Rulebook:
    """One rulebook of the collection run by ansible-rulebook against the (reset) emulator, until the block ends."""

    def __init__(self, work, name, variables, rulebook=None):
        self.name = name
        self.output = work / ("%s.log" % name)
        inventory, values = work / "inventory.yml", work / ("%s-vars.yml" % name)
        inventory.write_text(
            json.dumps(
                {
                    "all": {
                        "hosts": {
                            "localhost": {"ansible_connection": "local", "ansible_python_interpreter": sys.executable}
                        }
                    }
                }
            )
        )
        values.write_text(json.dumps(dict(variables, poll_interval=INTERVAL)))
        self.command = [
            str(Path(sys.executable).parent / "ansible-rulebook"),
            "--rulebook",
            str(rulebook) if rulebook else "huaweicloud.codearts." + name,
            "-i",
            str(inventory),
            "--vars",
            str(values),
            "--print-events",
            "-v",
        ]
        self.env = dict(os.environ, ANSIBLE_NOCOLOR="1", ANSIBLE_HOME=str(work / "ansible-home"))
        self.process = None
        self.started = None

    def __enter__(self):
        admin("reset", method="POST")  # the seed again, the clock back, an empty request log
        self.started = time.monotonic()
        with self.output.open("w") as out:
            self.process = subprocess.Popen(
                self.command,
                stdout=out,
                stderr=subprocess.STDOUT,
                env=self.env,  # pylint: disable=consider-using-with
                start_new_session=True,
            )
        return self

    def __exit__(self, *_exc):
        os.killpg(self.process.pid, signal.SIGINT)
        try:
            self.process.wait(60)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def wait_for(self, what, condition, timeout=120):
        """The request log once ``condition(log)`` holds (or, for a string, once the output holds it)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(
                    "eda: %s: ansible-rulebook exited (%s) while waiting for %s; see %s"
                    % (self.name, self.process.returncode, what, self.output)
                )
            log = calls()
            if condition(log) if callable(condition) else condition in self.output.read_text():
                return log
            time.sleep(0.5)
        raise SystemExit("eda: %s: %s did not happen within %s s; see %s" % (self.name, what, timeout, self.output))

    def polls_more(self, count, operation="ListPipelines"):
        """Wait for ``count`` more polls, then one interval more (an action the last poll caused has run by then)."""
        at = polls(calls(), operation)
        self.wait_for("%d more polls" % count, lambda log: polls(log, operation) >= at + count, 60)
        time.sleep(INTERVAL)
        return calls()

    def printed(self):
        """What ansible-rulebook printed, checked for secrets."""
        text = self.output.read_text()
        leaked = [name for name in SECRETS if os.environ.get(name) and os.environ[name] in text]
        assert not leaked, "%s in the output of ansible-rulebook (%s)" % (", ".join(leaked), self.output)
        return text


def writes(log, suffix):
    return [entry for entry in log if entry["method"] == "POST" and entry["path"].endswith(suffix)]


def changed_once(text, count=1):
    recaps = re.findall(r"localhost\s*: ok=\d+\s+changed=(\d+)\s+unreachable=0\s+failed=0", text)
    assert recaps == ["1"] * count, "expected %d PLAY RECAP with changed=1, got %s" % (count, recaps)


def reject_stale_reviews(work):
    """Nothing waited 36 h; 8 h later the 30 h review has: it is rejected, once, and the 2 h one is not."""
    with Rulebook(work, "reject_stale_reviews", {"codearts_project_id": PROJECT, "review_max_wait": "36h"}) as rulebook:
        log = rulebook.wait_for("three polls", lambda log: polls(log) >= 3, 180)
        first_polls = time.monotonic() - rulebook.started
        assert not writes(log, "/refuse"), "a review was rejected before any waited 36 h: %s" % writes(log, "/refuse")
        first, per_poll = poll_operations(log, 0), poll_operations(log, 1)
        now = admin("clock", {"advance": ADVANCE})["now"]
        log = rulebook.wait_for("the rejection of the review", lambda log: writes(log, "/refuse"))
        at = polls(log)
        log = rulebook.polls_more(3)
    rejected = writes(log, "/refuse")
    assert len(rejected) == 1, "expected one rejection, got %d: %s" % (len(rejected), rejected)
    assert STALE_RUN in rejected[0]["path"] and FRESH_RUN not in rejected[0]["path"], rejected[0]["path"]
    assert rejected[0]["status"] == 200, rejected[0]
    changed_once(rulebook.printed())
    print(
        "eda: reject_stale_reviews: polled every %d s; the first 3 polls within %.1f s of ansible-rulebook's start"
        % (INTERVAL, first_polls)
    )
    print(
        "eda: reject_stale_reviews: the first poll made %d requests (%s); the next %d (%s)"
        % (len(first), _counted(first), len(per_poll), _counted(per_poll))
    )
    print(
        "eda: reject_stale_reviews: emulator clock moved %d h on (now %s): the review of run %s (30 h + 8 h > 36 h) "
        "was rejected once (%s, HTTP 200), the review of run %s (10 h) was not, over %d polls after"
        % (ADVANCE // 3600, now, STALE_RUN, rejected[0]["path"], FRESH_RUN, polls(log) - at)
    )


def stop_long_runs(work):
    """Runs over 12 h: hk-stale-review (30 h) is stopped at once; 6 h later hk-runaway (7 h + 6 h) too, each once."""
    with Rulebook(work, "stop_long_runs", {"codearts_project_id": PROJECT, "run_max_time": "12h"}) as rulebook:
        rulebook.wait_for("the stop of the 30 h run", lambda log: writes(log, "/stop"))
        log = rulebook.polls_more(2)
        early = [entry["path"] for entry in writes(log, "/stop")]
        admin("clock", {"advance": 6 * 3600})
        rulebook.wait_for("the stop of the 13 h run", lambda log: len(writes(log, "/stop")) > len(early))
        log = rulebook.polls_more(3)
    stopped = [entry["path"] for entry in writes(log, "/stop")]
    assert early == ["/v3/pipelines/%s/stop" % STALE_PIPELINE], early
    assert stopped == early + ["/v3/pipelines/%s/stop" % RUNAWAY_PIPELINE], stopped
    changed_once(rulebook.printed(), 2)
    print(
        "eda: stop_long_runs: the 30 h run was stopped at the first poll, the 7 h run once the clock moved 6 h on; "
        "each once (%s)" % ", ".join(stopped)
    )


def stop_long_runs_of_two_projects(work):
    """The recipe of the EDA guide for several projects, one source per project: the shipped stop_long_runs with its
    source twice, for housekeeping and run-control. The 30 h run is stopped at once; 10.5 h later on the emulator's
    clock exactly the runs then under way for more than 12 h in either project, each once."""
    shipped = yaml.safe_load((COLLECTION_ROOT / "extensions" / "eda" / "rulebooks" / "stop_long_runs.yml").read_text())
    source = shipped[0]["sources"][0]
    plugin = next(key for key in source if key != "name")
    shipped[0]["sources"] = [
        {"name": "CodeArts runs of %s" % project, plugin: dict(source[plugin], project_id=project)}
        for project in (PROJECT, RUN_CONTROL)
    ]
    path = work / "stop_long_runs_of_two_projects.yml"
    path.write_text(yaml.safe_dump(shipped, sort_keys=False))
    with Rulebook(work, "stop_long_runs_of_two_projects", {"run_max_time": "12h"}, rulebook=path) as rulebook:
        rulebook.wait_for("the stop of the 30 h run", lambda log: writes(log, "/stop"))
        log = rulebook.polls_more(2)
        early = stopped_runs(log)
        now = admin("clock", {"advance": 10.5 * 3600})["now"]
        state = admin("state")
        projects = {pipeline["id"]: pipeline["project_id"] for pipeline in state["pipeline"]["pipelines"]}
        cutoff = datetime.datetime.fromisoformat(now.replace("Z", "+00:00")).timestamp() * 1000 - 12 * 3600 * 1000
        due = {
            run["id"]: projects[run["pipeline_id"]]
            for run in state["pipeline"]["runs"]
            if run["status"] in ("RUNNING", "SUSPEND")
            and run["stop"] is None
            and run["start_time"] is not None
            and run["start_time"] <= cutoff
            and projects[run["pipeline_id"]] in (PROJECT, RUN_CONTROL)
        }
        rulebook.wait_for("the stops of %s" % sorted(due), lambda log: set(due) <= set(stopped_runs(log)), 180)
        log = rulebook.polls_more(3)
    stopped = stopped_runs(log)
    assert early == [STALE_RUN], early
    assert sorted(stopped) == sorted(early + list(due)), "stopped %s, not %s then %s" % (stopped, early, sorted(due))
    assert RUN_CONTROL in due.values() and PROJECT in due.values(), "no run of each project was due: %s" % due
    changed_once(rulebook.printed(), len(stopped))
    print(
        "eda: stop_long_runs, one source per project (housekeeping, run-control): the 30 h run stopped at the first "
        "poll; after 10.5 h on the clock, the %d runs then over 12 h (%d of housekeeping, %d of run-control), each "
        "once" % (len(due), list(due.values()).count(PROJECT), list(due.values()).count(RUN_CONTROL))
    )


def stopped_runs(log):
    """The runs stopped (StopPipelineNew, build_id), in order."""
    return [entry["query"].get("build_id") for entry in writes(log, "/stop")]


def cancel_stale_queue(work):
    """Runs queued over 60 min: queue-pipeline's run queued 90 min ago is taken out at once; 1 h later the one queued
    10 min ago too; each once, and the run under way is never stopped."""
    variables = {"codearts_project_id": RUN_CONTROL, "queue_max_time": "60m"}
    with Rulebook(work, "cancel_stale_queue", variables) as rulebook:
        rulebook.wait_for("the cancel of the 90 min queued run", cancels)
        log = rulebook.polls_more(2)
        early = [entry["path"] for entry in cancels(log)]
        admin("clock", {"advance": 3600})
        rulebook.wait_for("the cancel of the 70 min queued run", lambda log: len(cancels(log)) > len(early))
        log = rulebook.polls_more(3)
    cancelled = [entry["path"] for entry in cancels(log)]
    path = "/v5/%s/api/pipelines/%s/%%s/cancel-queuing/%%d" % (RUN_CONTROL, QUEUE_PIPELINE)
    assert early == [path % (QUEUED_LONG, 1)], early
    assert cancelled == early + [path % (QUEUED_SHORT, 2)], cancelled
    assert not writes(log, "/stop"), "a run under way was stopped: %s" % writes(log, "/stop")
    changed_once(rulebook.printed(), 2)
    print(
        "eda: cancel_stale_queue: the run queued 90 min was taken out of the queue at the first poll, the one queued "
        "10 min once the clock moved 1 h on; each once, no run under way stopped (%s)" % ", ".join(cancelled)
    )


def cancels(log):
    return [entry for entry in log if entry["method"] == "POST" and "/cancel-queuing/" in entry["path"]]


def notify_failed_checks(work):
    """A check that fails gives one debug message; the checks under way and idle give none."""
    with Rulebook(work, "notify_failed_checks", {"codearts_project_id": DEMO_PROJECT}) as rulebook:
        rulebook.polls_more(2, "ShowTaskListByProjectId")
        subprocess.run(
            [
                str(Path(sys.executable).parent / "ansible"),
                "localhost",
                "-i",
                str(work / "inventory.yml"),
                "-m",
                "huaweicloud.codearts.codearts_check_task",
                "-a",
                "task_id=%s state=running" % FAILING_CHECK,
            ],
            check=True,
            capture_output=True,
            env=rulebook.env,
            timeout=120,
        )
        admin("clock", {"advance": 30})
        rulebook.wait_for("the message", "Check task legacy-check (%s) failed" % FAILING_CHECK)
        rulebook.polls_more(3, "ShowTaskListByProjectId")
    messages = re.findall(r"Check task (\S+) \(\w+\) failed", rulebook.printed())
    assert messages == ["legacy-check"], messages
    print("eda: notify_failed_checks: the failed check of legacy-check gave one message; the others none")


def notify_failed_runs(work):
    """A run that fails gives one message with the last lines of its failed step's log, read once (one detail and one
    log read); the run that failed before the source started gives none, and costs no read."""
    with Rulebook(work, "notify_failed_runs", {"codearts_project_id": DIAGNOSTICS, "log_lines": 3}) as rulebook:
        rulebook.polls_more(2)
        admin("pipeline/fail", {"pipeline_run_id": FAILING_RUN, "message": "1 of 214 tests failed."})
        rulebook.wait_for("the message", "Run 3 of pipeline checkout-pipeline failed (%s)" % FAILING_RUN)
        log = rulebook.polls_more(3)
    text = rulebook.printed()
    messages = re.findall(r"Run \d+ of pipeline \S+ failed \((\w+)\)", text)
    assert messages == [FAILING_RUN], messages
    tail = [
        "collected 214 items",
        "FAILED tests/unit/test_checkout.py::test_address_needs_a_zip_code - KeyError: 'zip'",
        "[ERROR] 1 of 214 tests failed.",
    ]
    shown = "Step unit-tests of job unit-tests: 1 of 214 tests failed. Its last lines:\n" + "\n".join(
        "    " + line for line in tail
    )
    assert shown in text, "the message shows the last 3 lines of the step's log, in order; see %s" % rulebook.output
    reads = {
        name: sum(1 for entry in log if entry["operation"] == name)
        for name in ("ShowPipelineRunDetail", "ShowPipelineLog")
    }
    assert reads == {"ShowPipelineRunDetail": 1, "ShowPipelineLog": 1}, reads
    details = [entry["query"].get("pipeline_run_id") for entry in log if entry["operation"] == "ShowPipelineRunDetail"]
    logs = [FAILING_RUN in entry["path"] for entry in log if entry["operation"] == "ShowPipelineLog"]
    assert details == [FAILING_RUN] and logs == [True], "only the run that failed under way is read (not %s)" % (
        FAILED_BEFORE
    )
    print(
        "eda: notify_failed_runs: the run that failed under way gave one message with its failed step's last 3 log "
        "lines, from %d run detail and %d log read over %d polls; the run that failed before gave none"
        % (reads["ShowPipelineRunDetail"], reads["ShowPipelineLog"], polls(log))
    )


def main():
    work = Path(sys.argv[1])
    work.mkdir(parents=True, exist_ok=True)
    major, java = java_version()
    if major is None or major < JAVA_MIN:
        print(
            "SKIPPED: eda: ansible-rulebook needs Java %d or later: %s"
            % (JAVA_MIN, java if major is None else "%s is Java %d" % (java, major))
        )
        return 0
    print("eda: ansible-rulebook on Java %d (%s)" % (major, java))
    for scenario in (
        reject_stale_reviews,
        stop_long_runs,
        stop_long_runs_of_two_projects,
        cancel_stale_queue,
        notify_failed_checks,
        notify_failed_runs,
    ):
        scenario(work)
    print("eda: the output of each ansible-rulebook run is in %s (no secret in any)" % work)
    return 0


def _counted(operations):
    return ", ".join("%d %s" % (operations.count(name), name) for name in sorted(set(operations)))


if __name__ == "__main__":
    sys.exit(main())
