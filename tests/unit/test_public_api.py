# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Only ansible-core's public API, in every plugin: what broke the collection on ansible-core 2.21 cannot come back.

Every Python file of plugins/ and extensions/ is read (not imported): each ``ansible.*`` import must name a public
module and a public name, from the modules a plugin is documented to use; each underscore attribute reached on an
ansible-core object must be one of the action or inventory plugin attributes the developer guide documents. What differs between
releases is imported in plugins/plugin_utils/_core_api.py only, where test_core_api.py takes each name away.
"""

from __future__ import annotations

import ast
import os

import pytest

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")
SOURCES = ("plugins", "extensions")

# The ansible-core modules a plugin of this collection may import: the configuration, errors, the plugin base
# classes, the display, and module_utils (the API modules themselves use).
PUBLIC_MODULES = (
    "ansible.constants",
    "ansible.errors",
    "ansible.plugins.action",
    "ansible.plugins.action.normal",
    "ansible.plugins.inventory",
    "ansible.plugins.loader",
    "ansible.utils.display",
)
PUBLIC_PACKAGES = ("ansible.module_utils.",)
# The state ActionBase gives an action plugin (its constructor's arguments) and the class attributes it reads.
ACTION_ATTRIBUTES = {
    "_task",
    "_connection",
    "_play_context",
    "_templar",
    "_loader",
    "_shared_loader_obj",
    "_supports_check_mode",
    "_supports_async",
}
# What the developer guide's "Developing dynamic inventory" has an inventory plugin call: reading its source file, the
# cache (Cacheable) and Constructable's compose, groups and keyed_groups.
INVENTORY_ATTRIBUTES = {
    "_read_config_data",
    "_cache",
    "_set_composite_vars",
    "_add_host_to_composed_groups",
    "_add_host_to_keyed_groups",
}
# Where a name of ansible-core may differ between releases.
GUARDED_PLACE = os.path.join("plugins", "plugin_utils", "_core_api.py")


def _python_files():
    for top in SOURCES:
        for folder, _dirs, files in os.walk(os.path.join(ROOT, top)):
            for name in files:
                if name.endswith(".py"):
                    path = os.path.join(folder, name)
                    yield os.path.relpath(path, ROOT), ast.parse(open(path, encoding="utf-8").read(), path)  # pylint: disable=consider-using-with


FILES = dict(_python_files())


def _ansible_imports(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name == "ansible" or alias.name.startswith("ansible."):
                    yield alias.name, None
        elif (
            isinstance(node, ast.ImportFrom)
            and node.module
            and (node.module == "ansible" or node.module.startswith("ansible."))
        ):
            for alias in node.names:
                yield node.module, alias.name


def _is_public(module, name):
    parts = module.split(".") + ([name] if name else [])
    if any(part.startswith("_") for part in parts):
        return False
    return module in PUBLIC_MODULES or module.startswith(PUBLIC_PACKAGES)


@pytest.mark.parametrize("path", sorted(FILES))
def test_every_ansible_core_import_is_public(path):
    private = [
        "%s%s" % (module, " import " + name if name else "")
        for module, name in _ansible_imports(FILES[path])
        if not _is_public(module, name)
    ]
    assert private == []


def _own_names():
    """Every name this collection defines itself: its functions, classes and attributes may start with _."""
    names = set()
    for tree in FILES.values():
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                names.add(node.name)
            elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
                names.add(node.attr)
            elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                names.add(node.id)
    return names


def test_no_private_attribute_of_ansible_core_is_reached():
    own = _own_names() | ACTION_ATTRIBUTES | INVENTORY_ATTRIBUTES
    reached = {}
    for path, tree in FILES.items():
        if not any(
            module.startswith("ansible.") and not module.startswith(PUBLIC_PACKAGES)
            for module, _name in _ansible_imports(tree)
        ):
            continue  # module_utils-only code: AnsibleModule's own API
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and node.attr.startswith("_")
                and not node.attr.startswith("__")
                and node.attr not in own
            ):
                reached.setdefault(path, set()).add(node.attr)
    assert reached == {}


def test_what_differs_between_releases_is_imported_in_the_guarded_place_only():
    markers = (
        "get_module_encoder",
        "get_module_decoder",
        "AnsibleJSONEncoder",
        "Direction",
        "config",
        "trust_as_template",
    )
    found = {path for path, tree in FILES.items() for _module, name in _ansible_imports(tree) if name in markers}
    assert found == {GUARDED_PLACE}
