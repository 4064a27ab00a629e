# Copyright: Contributors to the huaweicloud.codearts collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Usage (from the collection root of the copied tree, under tests/e2e/with-emulator.sh):
    python tests/e2e/awx_job.py WORKDIR [WAY...]

Run tests/awx/project/codearts_job.yml with ansible-runner, the engine AWX runs jobs with, once for each
way to authenticate (default: all): a private data dir WORKDIR/<way> whose env/envvars hold what the
credential type injects (rendered as AWX renders it, tests/e2e/awx_credential.py, from the emulator's
credentials in tests/e2e/emulator.env) plus the job's settings; then a cookbook job over an inventory of CodeArts
projects (the codearts_projects inventory plugin, as an AWX inventory source gives it). Then check that the job succeeded, that the
emulator saw the expected calls with the expected credentials, and that no secret appears in the job's
stdout, stderr or events. artifacts/<ident>/command does hold them (the whole environment): that is
checked too, because the AWX guide says so.
ANSIBLE_COLLECTIONS_PATH must point at the directory holding ansible_collections/huaweicloud/codearts.
"""

from __future__ import annotations

import glob
import json
import os
import shutil
import stat
import sys
import time
import urllib.request

import ansible_runner
import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import awx_credential  # noqa: E402  pylint: disable=wrong-import-position

PROJECT = os.path.join("tests", "awx", "project")
PLAYBOOK = "codearts_job.yml"
IDENT = "1"
# What an Authorization header's value holds: none may show, whatever its signature.
SIGNATURE_MARKERS = ("Signature=", "SDK-HMAC-SHA256")


def emulator(method, path, body=None, headers=None):
    """One call to the emulator: (answer headers, parsed JSON body or None)."""
    data = None if body is None else json.dumps(body).encode("utf-8")
    request = urllib.request.Request(
        os.environ["CODEARTS_EMULATOR_URL"] + path,
        data=data,
        method=method,
        headers=dict({"Content-Type": "application/json"}, **(headers or {})),
    )
    with urllib.request.urlopen(request, timeout=10) as answer:
        text = answer.read()
        return answer.headers, json.loads(text) if text else None


def iam_token():
    """A project-scoped token from the emulator's IAM, for the credential of a ready token."""
    user = {
        "name": os.environ["CODEARTS_USER_NAME"],
        "password": os.environ["CODEARTS_PASSWORD"],
        "domain": {"name": os.environ["CODEARTS_DOMAIN_NAME"]},
    }
    body = {
        "auth": {
            "identity": {"methods": ["password"], "password": {"user": user}},
            "scope": {"project": {"id": os.environ["CODEARTS_IAM_PROJECT_ID"]}},
        }
    }
    return emulator("POST", "/v3/auth/tokens", body)[0]["X-Subject-Token"]


def ways():
    """Credential inputs of each way, and the `auth` the emulator's request log must show for its calls."""
    env = os.environ
    return {
        # No IAM project ID: the modules look it up through IAM (iam_endpoint) once and cache it.
        "aksk": ({"access_key": env["CODEARTS_ACCESS_KEY"], "secret_key": env["CODEARTS_SECRET_KEY"]}, "aksk"),
        "temporary_aksk": (
            {
                "access_key": env["CODEARTS_TEMP_ACCESS_KEY"],
                "secret_key": env["CODEARTS_TEMP_SECRET_KEY"],
                "security_token": env["CODEARTS_SECURITY_TOKEN"],
                "iam_project_id": env["CODEARTS_IAM_PROJECT_ID"],
            },
            "temporary_aksk",
        ),
        # Filled in by run(): a token only lives until the emulator is reset for the job.
        "token": ({"auth_token": None}, "token"),
        "password": (
            {
                "user_name": env["CODEARTS_USER_NAME"],
                "password": env["CODEARTS_PASSWORD"],
                "domain_name": env["CODEARTS_DOMAIN_NAME"],
            },
            "token",
        ),
    }


def prepare(directory, inputs):
    """A private data dir as AWX hands it to ansible-runner; returns the secret values it holds."""
    shutil.rmtree(directory, ignore_errors=True)
    shutil.copytree(PROJECT, os.path.join(directory, "project"))
    os.makedirs(os.path.join(directory, "env"))
    os.makedirs(os.path.join(directory, "inventory"))
    url = os.environ["CODEARTS_EMULATOR_URL"]
    injected = awx_credential.inject(
        awx_credential.load(), dict(inputs, region=os.environ["CODEARTS_REGION"], endpoint_url=url, iam_endpoint=url)
    )[0]
    envvars = dict(
        injected,
        ANSIBLE_COLLECTIONS_PATH=os.environ["ANSIBLE_COLLECTIONS_PATH"],
        # Every AWX job starts in a fresh container: no token cache from an earlier job.
        HUAWEICLOUD_CODEARTS_CACHE_DIR=os.path.join(os.path.abspath(directory), "cache"),
    )
    write(directory, "env/envvars", envvars)
    write(directory, "env/extravars", {"codearts_project_id": os.environ["CODEARTS_PROJECT_ID"]})
    write(directory, "inventory/hosts", "localhost\n")
    secret_fields = {field["id"] for field in awx_credential.load()["inputs"]["fields"] if field.get("secret")}
    return [value for name, value in inputs.items() if name in secret_fields]


def write(directory, name, content):
    """Private to the user, as AWX keeps a job's private data dir: env/envvars holds the secrets."""
    with os.fdopen(
        os.open(os.path.join(directory, name), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w", encoding="utf-8"
    ) as handle:
        handle.write(content if isinstance(content, str) else yaml.safe_dump(content))


def check_calls(calls, auth, inputs):
    """Problems with the calls the job made: any failed, a wrong credential, not exactly one write."""
    problems = [
        "%s %s answered %s" % (call["method"], call["path"], call["status"]) for call in calls if call["status"] >= 400
    ]
    token_requests = [call for call in calls if call["operation"] == "KeystoneCreateUserTokenByPassword"]
    if len(token_requests) != (1 if "password" in inputs else 0):
        problems.append("%d IAM token requests" % len(token_requests))
    problems.extend(
        "%s sent with %s credentials, not %s" % (call["operation"], call["auth"], auth)
        for call in calls
        if call not in token_requests and call["auth"] != auth
    )
    if "access_key" in inputs:
        problems.extend(
            "%s signed by %s" % (call["operation"], call["access_key"])
            for call in calls
            if call["auth"] != "none" and call["access_key"] != inputs["access_key"]
        )
    writes = [call["operation"] for call in calls if call["write"] and call not in token_requests]
    if writes != ["DisableBuildJob"]:
        problems.append("writes %s, not one DisableBuildJob" % writes)
    return problems


def cached_tokens(directory):
    """The token values the job left in its token cache: secrets too, though no input holds them."""
    tokens = []
    for path in glob.glob(os.path.join(directory, "cache", "*.json")):
        with open(path, encoding="utf-8") as handle:
            entry = json.load(handle)
        if entry.get("token"):
            tokens.append(entry["token"])
    return tokens


def output_files(artifacts):
    return [os.path.join(artifacts, name) for name in ("stdout", "stderr")] + sorted(
        glob.glob(os.path.join(artifacts, "job_events", "*.json"))
    )


def search(artifacts, values):
    """Where the job's output and events show any of ``values``."""
    found = []
    for path in output_files(artifacts):
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
        where = os.path.relpath(path, artifacts)
        found.extend("a secret in %s" % where for value in values if value in text)
    return found


def check_secrets(artifacts, secrets, tokens=()):
    """(files checked, problems): secrets and cached tokens must not be in the output and events, nor any request
    signature; the secrets are in `command`. The search must find a value the output does show (the CodeArts project ID)."""
    problems = search(artifacts, list(secrets) + list(tokens) + list(SIGNATURE_MARKERS))
    if not search(artifacts, [os.environ["CODEARTS_PROJECT_ID"]]):
        problems.append("the search did not find the project ID in the output: it would miss a leak too")
    command = os.path.join(artifacts, "command")
    with open(command, encoding="utf-8") as handle:
        recorded = json.load(handle)["env"]
    if not set(secrets) <= set(recorded.values()):
        problems.append(
            "artifacts/%s/command no longer records the environment: update docs/docsite/rst/guide_awx.rst" % IDENT
        )
    if stat.S_IMODE(os.stat(command).st_mode) & 0o077:
        problems.append("artifacts/%s/command is readable by others" % IDENT)
    return len(output_files(artifacts)), problems


def run_job(directory, playbook, **options):
    """Run ``playbook`` as AWX's job engine does, from the private data dir ``directory``: (ansible-runner's result,
    seconds, the artifacts' directory, [the job's failure, if it failed], the calls the emulator saw)."""
    started = time.monotonic()
    result = ansible_runner.run(private_data_dir=directory, playbook=playbook, ident=IDENT, quiet=True, **options)
    seconds = time.monotonic() - started
    artifacts = os.path.join(directory, "artifacts", IDENT)
    problems = (
        []
        if result.status == "successful"
        else ["job %s (rc %s), see %s/stdout" % (result.status, result.rc, artifacts)]
    )
    return result, seconds, artifacts, problems, emulator("GET", "/_emulator/requests")[1]


def run(workdir, way, inputs, auth):
    emulator("POST", "/_emulator/reset")
    if "auth_token" in inputs:
        inputs = dict(inputs, auth_token=iam_token())
        emulator("DELETE", "/_emulator/requests")
    directory = os.path.join(workdir, way)
    secrets = prepare(directory, inputs)
    result, seconds, artifacts, problems, calls = run_job(directory, PLAYBOOK, verbosity=3)
    problems.extend(check_calls(calls, auth, inputs))
    tokens = cached_tokens(directory)
    if ("password" in inputs) != bool(tokens):
        problems.append("%d tokens in the job's token cache" % len(tokens))
    checked, secret_problems = check_secrets(artifacts, secrets, tokens)
    problems.extend(secret_problems)
    events = sum(1 for event in result.events if event.get("event") == "runner_on_ok")
    print(
        "awx: %-14s %s in %.1f s, %d tasks ok, %d calls (%s), %d artifact files checked for %d secrets and %d cached tokens, %d found"
        % (
            way,
            result.status,
            seconds,
            events,
            len(calls),
            auth,
            checked,
            len(secrets),
            len(tokens),
            len(secret_problems),
        )
    )
    return ["%s: %s" % (way, problem) for problem in problems]


def run_over_the_projects(workdir):
    """A cookbook job over an inventory of CodeArts projects, as AWX runs one whose inventory source is the
    codearts_projects plugin: the source file in the private data dir's inventory, the credential's variables, forks
    4. Every project of both regions is a host; exactly the two runaway runs are stopped; no secret shows."""
    emulator("POST", "/_emulator/reset")
    directory = os.path.join(workdir, "inventory")
    inputs, _auth = ways()["aksk"]
    secrets = prepare(directory, inputs)
    write(directory, "env/extravars", {"max_hours": 6})
    os.remove(os.path.join(directory, "inventory", "hosts"))
    write(
        directory,
        "inventory/codearts_projects.yml",
        {"plugin": "huaweicloud.codearts.codearts_projects", "regions": [os.environ["CODEARTS_REGION"], "cn-south-1"]},
    )
    result, seconds, artifacts, problems, calls = run_job(directory, "huaweicloud.codearts.stop_long_runs", forks=4)
    writes = [call["operation"] for call in calls if call["write"]]
    if writes != ["StopPipelineNew", "StopPipelineNew"]:
        problems.append("writes %s, not the two stops of the runaway runs" % writes)
    hosts = {event["event_data"].get("host") for event in result.events if event.get("event") == "runner_on_ok"}
    if not {"housekeeping", "south-shop"} <= hosts:
        problems.append("the job ran on %s, not on every project" % sorted(hosts))
    problems.extend(search(artifacts, list(secrets) + list(SIGNATURE_MARKERS)))
    print(
        "awx: %-14s %s in %.1f s over %d projects (forks 4), %d calls, writes %s"
        % ("inventory", result.status, seconds, len(hosts), len(calls), writes)
    )
    return ["inventory: %s" % problem for problem in problems]


def main(args):
    if not args:
        sys.exit(__doc__)
    workdir, wanted = args[0], args[1:]
    all_ways = ways()
    problems = []
    for way in wanted or all_ways:
        problems.extend(run(workdir, way, *all_ways[way]))
    if not wanted:
        problems.extend(run_over_the_projects(workdir))
    if problems:
        sys.exit("awx: FAILED\n  " + "\n  ".join(problems))
    print("awx: every job succeeded, made the expected calls and showed no secret")


if __name__ == "__main__":
    main(sys.argv[1:])
