# Copyright: Contributors to the huaweicloud.codearts collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Usage: python3 tests/e2e/awx_credential.py [FIELD=VALUE...]

Render extensions/awx/credential_types/huaweicloud_codearts.yml for the given credential inputs the way
AWX does, and print the environment a job gets (as JSON). Imported by tests/e2e/awx_job.py and by
tests/unit/test_awx_credential_type.py, so both see the one rendering.

How AWX renders (awx/main/models/credential.py, CredentialType.inject_credential): only inputs with a
value enter the template namespace; every env injector is then rendered with a jinja2
ImmutableSandboxedEnvironment and its default Undefined, so a field left empty still sets its variable,
to ''. The DB copy of the environment (safe_env) is rendered with secret fields as '**********'.
When a credential type is saved, CredentialTypeInjectorField.validate renders each template with
StrictUndefined and every field set to 'EXAMPLE', and refuses ANSIBLE_* and a few reserved names.
"""

from __future__ import annotations

import json
import os
import re
import sys

import yaml
from jinja2 import StrictUndefined
from jinja2.sandbox import ImmutableSandboxedEnvironment

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
CREDENTIAL_TYPE = os.path.join(ROOT, "extensions", "awx", "credential_types", "huaweicloud_codearts.yml")
HIDDEN = "**********"
# awx/main/constants.py ENV_BLOCKLIST (ANSIBLE_* is refused too).
ENV_BLOCKLIST = frozenset(
    (
        "VIRTUAL_ENV",
        "PATH",
        "PYTHONPATH",
        "JOB_ID",
        "INVENTORY_ID",
        "INVENTORY_SOURCE_ID",
        "INVENTORY_UPDATE_ID",
        "AD_HOC_COMMAND_ID",
        "REST_API_URL",
        "REST_API_TOKEN",
        "MAX_EVENT_RES",
        "CALLBACK_QUEUE",
        "CALLBACK_CONNECTION",
        "CACHE",
        "JOB_CALLBACK_DEBUG",
        "INVENTORY_HOSTVARS",
        "AWX_HOST",
        "PROJECT_REVISION",
        "SUPERVISOR_CONFIG_PATH",
    )
)
ENV_NAME = re.compile(r"^[a-zA-Z_]+[a-zA-Z0-9_]*$")


def load(path=CREDENTIAL_TYPE):
    with open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def validate(credential_type):
    """The checks AWX makes when the credential type is saved; returns the problems found."""
    problems = []
    fields = [field["id"] for field in credential_type["inputs"]["fields"]]
    example = dict.fromkeys(fields, "EXAMPLE")
    for name, template in credential_type["injectors"].get("env", {}).items():
        if name.startswith("ANSIBLE_") or name in ENV_BLOCKLIST or not ENV_NAME.match(name):
            problems.append("%s may not be injected" % name)
        try:
            ImmutableSandboxedEnvironment(undefined=StrictUndefined).from_string(template).render(example)
        except Exception as error:  # pylint: disable=broad-exception-caught  # AWX reports any failure as invalid
            problems.append("%s: %s" % (name, error))
    return problems


def inject(credential_type, inputs):
    """Return (env, safe_env): the job's environment from the credential, and the copy AWX stores."""
    secret = {field["id"] for field in credential_type["inputs"]["fields"] if field.get("secret")}
    namespace = {name: value for name, value in inputs.items() if len(value)}
    safe_namespace = {name: HIDDEN if name in secret else value for name, value in namespace.items()}
    sandbox = ImmutableSandboxedEnvironment()
    env, safe_env = {}, {}
    for name, template in credential_type["injectors"].get("env", {}).items():
        env[name] = sandbox.from_string(template).render(**namespace)
        safe_env[name] = sandbox.from_string(template).render(**safe_namespace)
    return env, safe_env


def main(args):
    inputs = dict(arg.split("=", 1) for arg in args)
    credential_type = load()
    problems = validate(credential_type)
    if problems:
        sys.exit("awx_credential: %s" % "; ".join(problems))
    print(json.dumps(inject(credential_type, inputs)[0], indent=2, sort_keys=True))


if __name__ == "__main__":
    main(sys.argv[1:])
