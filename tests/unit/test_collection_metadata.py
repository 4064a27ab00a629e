# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Metadata that drifts silently unless a test pins it."""

from __future__ import annotations

import importlib
import os
import re

import pytest
import yaml

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")


def _yaml(*path):
    with open(os.path.join(ROOT, *path), encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def _modules():
    return sorted(
        name[:-3]
        for name in os.listdir(os.path.join(ROOT, "plugins", "modules"))
        if name.endswith(".py") and not name.startswith("_")
    )


def test_action_group_lists_every_module_in_order():
    assert _yaml("meta", "runtime.yml")["action_groups"]["codearts"] == _modules()


def test_every_module_documents_the_action_group_and_the_common_options():
    for module in _modules():
        with open(os.path.join(ROOT, "plugins", "modules", module + ".py"), encoding="utf-8") as handle:
            source = handle.read()
        assert "huaweicloud.codearts.common\n" in source, module
        assert "attributes" in source, module


def test_every_module_has_an_action_plugin_that_runs_it_in_the_controller():
    from ansible_collections.huaweicloud.codearts.plugins.module_utils._module import CodeArtsModule  # pylint: disable=import-outside-toplevel
    from ansible_collections.huaweicloud.codearts.plugins.plugin_utils._in_controller import CodeArtsAction  # pylint: disable=import-outside-toplevel

    actions = sorted(name[:-3] for name in os.listdir(os.path.join(ROOT, "plugins", "action")) if name.endswith(".py"))
    assert actions == _modules()
    for name in actions:
        plugin = importlib.import_module("ansible_collections.huaweicloud.codearts.plugins.action." + name).ActionModule
        module = importlib.import_module("ansible_collections.huaweicloud.codearts.plugins.modules." + name)
        assert issubclass(plugin, CodeArtsAction) and plugin.module is module, name
        assert isinstance(module.MODULE, CodeArtsModule), name


def test_galaxy_version_matches_the_user_agent():
    from ansible_collections.huaweicloud.codearts.plugins.module_utils._client import USER_AGENT  # pylint: disable=import-outside-toplevel

    assert USER_AGENT.endswith("/" + _yaml("galaxy.yml")["version"])


def _return_docs(module):
    imported = importlib.import_module("ansible_collections.huaweicloud.codearts.plugins.modules." + module)
    return yaml.safe_load(imported.RETURN)


def test_every_module_documents_the_same_failure_as_the_error_type_returns():
    # ansible-core has doc fragments for options only, so each module's RETURN carries a copy of `failure`.
    from ansible_collections.huaweicloud.codearts.plugins.module_utils._errors import CodeArtsError  # pylint: disable=import-outside-toplevel

    documented = {module: _return_docs(module).get("failure") for module in _modules()}
    first = documented[_modules()[0]]
    assert first is not None
    assert sorted(first["contains"]) == sorted(CodeArtsError("x").to_dict())
    assert {module: doc for module, doc in documented.items() if doc != first} == {}


@pytest.mark.parametrize("key", ["writes_sent", "answers_lost"])
def test_the_modules_that_write_document_what_they_sent_alike(key):
    # The modules that send writes each carry a copy of these return values (see `failure` above); only the
    # sample, a write of that module, differs.
    documented = {
        module: {name: value for name, value in (_return_docs(module).get(key) or {}).items() if name != "sample"}
        or None
        for module in _modules()
        if not module.endswith("_info")
    }
    first = documented["codearts_build_job"]
    assert first is not None
    assert {module: doc for module, doc in documented.items() if doc != first} == {}


def _text(*path):
    with open(os.path.join(ROOT, *path), encoding="utf-8") as handle:
        return handle.read()


@pytest.mark.parametrize(
    "where, listed",
    [
        ("the README's module table", lambda module: "| `huaweicloud.codearts.%s` |" % module in _text("README.md")),
        (
            "tests/integration/targets/",
            lambda module: os.path.isfile(
                os.path.join(ROOT, "tests", "integration", "targets", module, "tasks", "main.yml")
            ),
        ),
        (
            "the fault matrix's PATHS",
            lambda module: re.search(
                r'Path\(\s*"%s",' % module, _text("tests", "unit", "reliability", "test_fault_matrix.py")
            ),
        ),
        (
            "the bad-input table",
            lambda module: re.search(
                r'"%s": Module\(' % module, _text("tests", "unit", "reliability", "test_bad_input.py")
            ),
        ),
        (
            "docs/operations.md (an emulated operation the module calls)",
            lambda module: "`%s`" % module in _text("docs", "operations.md"),
        ),
    ],
)
def test_every_module_is_listed_everywhere_the_adding_a_module_checklist_says(where, listed):
    """CONTRIBUTING.md's "Adding a module" checklist: a module missing from one place fails here, with that place."""
    missing = [module for module in _modules() if not listed(module)]
    assert not missing, "missing from %s: %s" % (where, ", ".join(missing))


def test_galaxy_version_is_released_in_the_changelog():
    # `make release` (hack/release.sh) folds the fragments into changelogs/changelog.yaml under galaxy.yml's version:
    # bumping the version without it would ship the changes as fragments under a version the changelog lacks.
    from ansible.module_utils.compat.version import LooseVersion  # pylint: disable=import-outside-toplevel

    version = _yaml("galaxy.yml")["version"]
    releases = _yaml("changelogs", "changelog.yaml")["releases"]
    assert version in releases, "galaxy.yml says %s; run `make release`" % version
    assert "release_summary" in releases[version]["changes"]
    assert max(releases, key=LooseVersion) == version, "galaxy.yml's version is older than the newest release"
