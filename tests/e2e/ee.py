# Copyright: Contributors to the huaweicloud.codearts collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Usage (from the collection root of the copied tree): python tests/e2e/ee.py WORKDIR

Check the sample execution environment, docs/docsite/execution-environment.yml, without a container
engine (`ansible-builder build` needs one):
1. `ansible-builder introspect --sanitize` on the tree: the collection declares requests, no system package;
2. `ansible-builder create` with the sample: a Containerfile that installs ansible-core, the collection
   from Galaxy and, through the image's introspection, the collections' Python requirements;
3. the same with the sample pointed at the collection tarball built here, and then, in that build context,
   what the image's galaxy and builder stages run: install the collection from _build/requirements.yml and
   introspect it with the context's own introspect.py, whose pip requirements must hold requests;
4. the copy of the sample in docs/docsite/rst/guide_awx.rst is the sample;
5. `ansible-builder create` with the sample decision environment, docs/docsite/decision-environment.yml: Java 21,
   ansible-rulebook and the collection, and its copy in docs/docsite/rst/guide_event_driven.rst.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

import yaml
from ansible.release import __version__ as ANSIBLE_CORE

SAMPLE = os.path.join("docs", "docsite", "execution-environment.yml")
GUIDE = os.path.join("docs", "docsite", "rst", "guide_awx.rst")
DECISION_SAMPLE = os.path.join("docs", "docsite", "decision-environment.yml")
DECISION_GUIDE = os.path.join("docs", "docsite", "rst", "guide_event_driven.rst")
NAME = "huaweicloud.codearts"
# The samples install the main core's release line (the one this step runs on): ">=2.21,<2.22".
CORE_MAJOR, CORE_MINOR = (int(part) for part in ANSIBLE_CORE.split(".")[:2])
CORE_RANGE = ("%d.%d" % (CORE_MAJOR, CORE_MINOR), "%d.%d" % (CORE_MAJOR, CORE_MINOR + 1))


def run(*command, cwd=None, env=None):
    return subprocess.run(command, cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout


def create(definition, context):
    shutil.rmtree(context, ignore_errors=True)
    run("ansible-builder", "create", "--file", definition, "--context", context, "--output-filename", "Containerfile")
    with open(os.path.join(context, "Containerfile"), encoding="utf-8") as handle:
        containerfile = handle.read()
    with open(os.path.join(context, "_build", "requirements.yml"), encoding="utf-8") as handle:
        requirements = yaml.safe_load(handle)
    problems = [
        "the Containerfile does not run %r" % step
        for step in (
            "ansible-galaxy collection install $ANSIBLE_GALAXY_CLI_COLLECTION_OPTS -r requirements.yml",
            "introspect.py introspect",
            "/output/scripts/assemble",
            "/output/scripts/install-from-bindep",
        )
        if step not in containerfile
    ]
    if 'ARG ANSIBLE_INSTALL_REFS="ansible-core>=%s,<%s ansible-runner"' % CORE_RANGE not in containerfile:
        problems.append(
            "the Containerfile does not install ansible-core %s (the main core) and ansible-runner" % CORE_RANGE[0]
        )
    return requirements["collections"], problems


def check_introspection(tree_parent):
    report = yaml.safe_load(run("ansible-builder", "introspect", "--sanitize", tree_parent))
    problems = (
        []
        if any(line.startswith("requests") for line in report["python"])
        else ["introspect: no requests in %s" % report]
    )
    if report["system"]:
        problems.append(
            "introspect: system requirements %s: ship a bindep.txt and say so in the guide" % report["system"]
        )
    return problems


def check_local_tarball(sample, workdir, version):
    """Build the collection, point the sample at the tarball, create, and run the galaxy and builder stages' steps."""
    tarball = os.path.abspath(os.path.join(workdir, "huaweicloud-codearts-%s.tar.gz" % version))
    run("ansible-galaxy", "collection", "build", "--force", "--output-path", workdir)
    local = dict(sample, additional_build_files=[{"src": tarball, "dest": "collections"}])
    local["dependencies"] = dict(
        sample["dependencies"],
        galaxy={"collections": [{"name": "collections/" + os.path.basename(tarball), "type": "file"}]},
    )
    definition = os.path.join(workdir, "execution-environment-local.yml")
    with open(definition, "w", encoding="utf-8") as handle:
        yaml.safe_dump(local, handle)
    context = os.path.join(workdir, "context-local")
    problems = create(definition, context)[1]
    # The galaxy stage runs in /build, the copy of _build/; the builder stage introspects what it installed.
    collections = os.path.abspath(os.path.join(workdir, "image", "usr", "share", "ansible", "collections"))
    shutil.rmtree(os.path.join(workdir, "image"), ignore_errors=True)
    run(
        "ansible-galaxy",
        "collection",
        "install",
        "-r",
        "requirements.yml",
        "--collections-path",
        collections,
        cwd=os.path.join(context, "_build"),
        env=dict(os.environ, ANSIBLE_GALAXY_DISABLE_GPG_VERIFY="1"),
    )
    installed = run("ansible-galaxy", "collection", "list", NAME, "--collections-path", collections, "--format", "yaml")
    if version not in installed:
        problems.append("the build context installs %s, not version %s" % (installed, version))
    pip = os.path.join(workdir, "requirements.txt")
    run(
        sys.executable,
        os.path.join(context, "_build", "scripts", "introspect.py"),
        "introspect",
        collections,
        "--write-pip",
        pip,
        "--write-bindep",
        os.path.join(workdir, "bindep.txt"),
    )
    with open(pip, encoding="utf-8") as handle:
        requirements = handle.read()
    if not re.search(r"^requests\b.*# from collection %s$" % re.escape(NAME), requirements, re.M):
        problems.append("the image would not pip-install requests: %r" % requirements)
    files = sum(len(walked[2]) for walked in os.walk(context))
    print(
        "ee: build context for %s: %d files, pip requirements: %s"
        % (os.path.basename(tarball), files, requirements.strip())
    )
    return problems


def check_decision_environment(workdir):
    """The sample decision environment's build context: Java 21, ansible-rulebook, the collection; and the guide's copy."""
    context = os.path.join(workdir, "context-decision")
    collections, problems = create(DECISION_SAMPLE, context)
    if collections != [{"name": NAME}]:
        problems.append("the decision environment installs %s, not %s from Galaxy" % (collections, NAME))
    with open(os.path.join(context, "_build", "requirements.txt"), encoding="utf-8") as handle:
        if not re.search(r"^ansible-rulebook\b", handle.read(), re.M):
            problems.append("the decision environment does not pip-install ansible-rulebook")
    with open(os.path.join(context, "_build", "bindep.txt"), encoding="utf-8") as handle:
        if "java-21-openjdk-headless" not in handle.read():
            problems.append("the decision environment installs no Java 21")
    with open(DECISION_SAMPLE, encoding="utf-8") as handle:
        if guide_copy(DECISION_GUIDE) != yaml.safe_load(handle):
            problems.append("%s shows another decision-environment.yml than %s" % (DECISION_GUIDE, DECISION_SAMPLE))
    return problems


def guide_copy(guide=GUIDE):
    """The YAML block after 'A sample definition is' in a guide."""
    with open(guide, encoding="utf-8") as handle:
        text = handle.read()
    block = re.search(r"A sample definition is .*?\.\. code-block:: yaml\n\n((?:  [^\n]*\n|\n)+)", text, re.S).group(1)
    return yaml.safe_load(block)


def main(args):
    if len(args) != 1:
        sys.exit(__doc__)
    workdir = args[0]
    os.makedirs(workdir, exist_ok=True)
    with open(SAMPLE, encoding="utf-8") as handle:
        sample = yaml.safe_load(handle)
    with open("galaxy.yml", encoding="utf-8") as handle:
        version = yaml.safe_load(handle)["version"]
    problems = check_introspection(os.path.abspath(os.path.join("..", "..", "..")))
    collections, create_problems = create(SAMPLE, os.path.join(workdir, "context"))
    problems.extend(create_problems)
    if collections != [{"name": NAME}]:
        problems.append("the sample installs %s, not %s from Galaxy" % (collections, NAME))
    problems.extend(check_local_tarball(sample, workdir, version))
    if guide_copy() != sample:
        problems.append("%s shows another execution-environment.yml than %s" % (GUIDE, SAMPLE))
    problems.extend(check_decision_environment(workdir))
    if problems:
        sys.exit("ee: FAILED\n  " + "\n  ".join(problems))
    print(
        "ee: the sample execution environment installs %s %s and requests; no system package needed" % (NAME, version)
    )
    print("ee: the sample decision environment installs Java 21, ansible-rulebook and %s" % NAME)


if __name__ == "__main__":
    main(sys.argv[1:])
