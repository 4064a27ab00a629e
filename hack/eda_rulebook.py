# Copyright: Contributors to the huaweicloud.codearts collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""End-to-end test of the Event-Driven Ansible source: ansible-rulebook runs huaweicloud.codearts.reject_stale_reviews.

Usage (what `make eda` runs, from the collection root of the copied tree, under hack/with-emulator.sh with
EMULATOR_MAX_SKEW set): eda_rulebook.py WORKDIR

ansible-rulebook (it needs Java 17 or later: found in JAVA_HOME or on PATH, or else installed with apt-get) loads the rulebook and the source from the
collection in ANSIBLE_COLLECTIONS_PATH, with the credentials in the environment as the modules read them. The
rulebook rejects reviews that waited longer than 36 h; in the seed's housekeeping project one review has waited 30 h
and one 2 h. The test checks that the source polls and nothing is rejected, moves the emulator's clock 8 h on, and
then asserts that exactly the 30 h review was rejected (one POST .../refuse, answered 200), once, over the polls that
follow, and that no secret is in ansible-rulebook's output. It prints what a poll cost, and the output to WORKDIR.
"""

from __future__ import annotations

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

PROJECT = "c0dea7750000000000000000000000a3"
STALE_RUN, FRESH_RUN = "r000000000000000000000000000a304", "r000000000000000000000000000a305"
INTERVAL = 2
ADVANCE = 8 * 3600
SECRETS = ("CODEARTS_SECRET_KEY", "CODEARTS_PASSWORD", "CODEARTS_TEMP_SECRET_KEY", "CODEARTS_SECURITY_TOKEN")
JAVA_MIN = 17
JAVA_PACKAGE = "openjdk-17-jre-headless"
HACK = Path(__file__).resolve().parent


def java_version():
    """(major version, java command) of the Java that ansible-rulebook would use, or (None, why not)."""
    home = os.environ.get("JAVA_HOME")
    java = str(Path(home) / "bin" / "java") if home else shutil.which("java")
    if not home and not java:
        # Debian's Java 17 runtime, as the machine image has it; installed here when it has not (as root, with apt-get).
        installer = subprocess.run([str(HACK / "apt-install.sh"), "java", JAVA_PACKAGE], capture_output=True, text=True,
                                   check=False)
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


def polls(log):
    return sum(1 for entry in log if entry["operation"] == "ListPipelines")


def refusals(log):
    return [entry for entry in log if entry["method"] == "POST" and entry["path"].endswith("/refuse")]


def poll_operations(log, number):
    """The operations of poll ``number`` (from 0): from its ListPipelines to the next one."""
    starts = [entry["seq"] for entry in log if entry["operation"] == "ListPipelines"] + [float("inf")]
    return [entry["operation"] for entry in log if starts[number] <= entry["seq"] < starts[number + 1]]


def wait_for(what, condition, process, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("eda: ansible-rulebook exited (%s) while waiting for %s" % (process.returncode, what))
        log = calls()
        if condition(log):
            return log
        time.sleep(0.5)
    raise SystemExit("eda: %s did not happen within %s s" % (what, timeout))


def main():
    work = Path(sys.argv[1])
    work.mkdir(parents=True, exist_ok=True)
    major, java = java_version()
    if major is None or major < JAVA_MIN:
        print("SKIPPED: eda: ansible-rulebook needs Java %d or later: %s" % (
            JAVA_MIN, java if major is None else "%s is Java %d" % (java, major)))
        return 0
    rulebook_bin = Path(sys.executable).parent / "ansible-rulebook"
    inventory = work / "inventory.yml"
    inventory.write_text(json.dumps({"all": {"hosts": {"localhost": {
        "ansible_connection": "local", "ansible_python_interpreter": sys.executable}}}}))
    variables = work / "vars.yml"
    variables.write_text(json.dumps({"codearts_project_id": PROJECT, "review_max_wait": "36h", "poll_interval": INTERVAL}))
    output = work / "ansible-rulebook.log"
    env = dict(os.environ, ANSIBLE_NOCOLOR="1", ANSIBLE_HOME=str(work / "ansible-home"))
    command = [str(rulebook_bin), "--rulebook", "huaweicloud.codearts.reject_stale_reviews", "-i", str(inventory),
               "--vars", str(variables), "--print-events", "-v"]
    admin("requests", method="DELETE")
    started = time.monotonic()
    with output.open("w") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env,  # pylint: disable=consider-using-with
                                   start_new_session=True)
    try:
        log = wait_for("three polls", lambda log: polls(log) >= 3, process, 180)
        first_polls = time.monotonic() - started
        assert not refusals(log), "a review was rejected before any waited 36 h: %s" % refusals(log)
        first, per_poll = poll_operations(log, 0), poll_operations(log, 1)
        now = admin("clock", {"advance": ADVANCE})["now"]
        log = wait_for("the rejection of the review", refusals, process, 120)
        at = polls(log)
        log = wait_for("three more polls", lambda log: polls(log) >= at + 3, process, 60)
        time.sleep(INTERVAL)  # a second rule action, if there were one, would have run by now
        log = calls()
    finally:
        os.killpg(process.pid, signal.SIGINT)
        try:
            process.wait(60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    printed = output.read_text()
    rejected = refusals(log)
    assert len(rejected) == 1, "expected one rejection, got %d: %s" % (len(rejected), rejected)
    assert STALE_RUN in rejected[0]["path"] and FRESH_RUN not in rejected[0]["path"], rejected[0]["path"]
    assert rejected[0]["status"] == 200, rejected[0]
    assert re.search(r"localhost\s*: ok=\d+\s+changed=1\s+unreachable=0\s+failed=0", printed), \
        "no PLAY RECAP with changed=1 in %s" % output
    leaked = [name for name in SECRETS if os.environ.get(name) and os.environ[name] in printed]
    assert not leaked, "%s in the output of ansible-rulebook" % ", ".join(leaked)
    print("eda: ansible-rulebook (Java %d) polled every %d s; the first 3 polls within %.1f s of its start" % (
        major, INTERVAL, first_polls))
    print("eda: the first poll made %d requests (%s); the next %d (%s)" % (
        len(first), _counted(first), len(per_poll), _counted(per_poll)))
    print("eda: emulator clock moved %d h on (now %s): the review of run %s (30 h + 8 h > 36 h) was rejected once (%s, "
          "HTTP 200), the review of run %s (10 h) was not, over %d polls after" % (
              ADVANCE // 3600, now, STALE_RUN, rejected[0]["path"], FRESH_RUN, polls(log) - at))
    print("eda: output of ansible-rulebook in %s (no secret in it)" % output)
    return 0


def _counted(operations):
    return ", ".join("%d %s" % (operations.count(name), name) for name in sorted(set(operations)))


if __name__ == "__main__":
    sys.exit(main())
