# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The inventory plugin codearts_projects against the emulator, through ansible-inventory as users run it: the hosts
and groups of two regions, paging past one page, the filters, constructed groups, the cache, and a failing region.

The seed (tests/codearts_emulator/default_seed.yml): the CodeArts projects of cn-north-4 (a1 to a6 and more) and of
cn-south-1; some archived, one the caller is not a member of.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from ansible_collections.huaweicloud.codearts.tests.unit.plugins.plugin_utils.eda_support import (
    COLLECTION,
    Emulator,
    load_seed,
)

ACCESS_KEY, SECRET_KEY = "EMULATORAK0000000001", "EMULATORSK00000000000000000000000000000001"
ANSIBLE_INVENTORY = os.path.join(os.path.dirname(sys.executable), "ansible-inventory")
NORTH, SOUTH = "cn-north-4", "cn-south-1"


@pytest.fixture(name="emulator", scope="module")
def emulator_fixture():
    with Emulator() as emulator:
        yield emulator


@pytest.fixture(autouse=True)
def _clean(emulator):
    emulator.reset()
    emulator.clear_faults()


def inventory(emulator, tmp_path, name="codearts_projects.yml", graph=False, secret_in_env=True, **options):
    """``ansible-inventory --list`` (or ``--graph``) of a source file with ``options``: (rc, its JSON or text, stderr)."""
    source = tmp_path / name
    config = {
        "plugin": "huaweicloud.codearts.codearts_projects",
        "endpoint_url": emulator.url,
        "iam_endpoint": emulator.url,
        **options,
    }
    source.write_text(json.dumps(config), encoding="utf-8")
    env = dict(
        os.environ,
        ANSIBLE_COLLECTIONS_PATH=str(COLLECTION.parents[2]),
        ANSIBLE_NOCOLOR="1",
        HOME=str(tmp_path / "home"),
        HUAWEICLOUD_SDK_AK=ACCESS_KEY,
        HUAWEICLOUD_REGION=NORTH,
        ANSIBLE_INVENTORY_ANY_UNPARSED_IS_FAILED="1",
        ANSIBLE_INVENTORY_ENABLED="huaweicloud.codearts.codearts_projects",
    )
    if secret_in_env:
        env["HUAWEICLOUD_SDK_SK"] = SECRET_KEY
    done = subprocess.run(
        [ANSIBLE_INVENTORY, "-i", str(source), "--graph" if graph else "--list"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    output = done.stdout if graph or done.returncode else plain(json.loads(done.stdout))
    return done.returncode, output, " ".join(done.stderr.split())  # warnings wrap at the terminal's width before 2.17


def plain(value):
    """``--list`` output without the wrapping of the text an inventory plugin gave (``{"__ansible_unsafe": text}``:
    ansible-core does not render it as a template)."""
    if isinstance(value, dict):
        if set(value) == {"__ansible_unsafe"}:
            return value["__ansible_unsafe"]
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value


def hosts(listed, group="codearts_projects"):
    """The hosts of ``group`` and of its children."""
    found = set(listed.get(group, {}).get("hosts", []))
    for child in listed.get(group, {}).get("children", []):
        found |= hosts(listed, child)
    return found


def list_calls(emulator):
    return [entry for entry in emulator.requests() if entry["operation"] == "ListProjectsV4"]


def test_two_regions_give_one_host_per_project_grouped_by_region(emulator, tmp_path):
    rc, listed, stderr = inventory(emulator, tmp_path, regions=[NORTH, SOUTH])
    assert rc == 0, stderr
    north, south = hosts(listed, "codearts_cn_north_4"), hosts(listed, "codearts_cn_south_1")
    assert {"demo", "housekeeping", "run-control", "release-freeze"} <= north
    assert south and not north & south
    demo = listed["_meta"]["hostvars"]["demo"]
    assert demo["codearts_project_id"] == "c0dea7750000000000000000000000a1"
    assert (demo["codearts_project_name"], demo["codearts_region"]) == ("demo", NORTH)
    assert demo["ansible_connection"] == "local"
    # The Python that read the inventory (ansible-playbook's own when it runs the play): a path, not a template.
    interpreter = demo["ansible_python_interpreter"]
    assert os.path.isabs(interpreter) and os.access(interpreter, os.X_OK)
    # Each region's IAM project, which the listing signed with (the seed's IAM projects of the two regions).
    assert demo["codearts_iam_project_id"] == "0123456789abcdef0123456789abcdef"
    assert listed["_meta"]["hostvars"]["south-shop"]["codearts_iam_project_id"] == "89abcdef0123456789abcdef01234567"
    assert not any(var["codearts_project_archived"] for var in listed["_meta"]["hostvars"].values())
    assert len(list_calls(emulator)) == 2, "one page in each region"
    assert SECRET_KEY not in json.dumps(listed) + stderr


def test_graph_shows_the_regions(emulator, tmp_path):
    rc, graph, stderr = inventory(emulator, tmp_path, graph=True, regions=[NORTH, SOUTH])
    assert rc == 0, stderr
    assert "@codearts_projects:" in graph and "@codearts_cn_north_4:" in graph and "@codearts_cn_south_1:" in graph


def test_the_region_option_is_the_default(emulator, tmp_path):
    rc, listed, stderr = inventory(emulator, tmp_path)
    assert rc == 0, stderr
    assert hosts(listed) == hosts(listed, "codearts_cn_north_4")


def test_pages_past_one_page(emulator, tmp_path):
    seed = load_seed(None)
    seed["codearts_projects"].append({"generate": {"count": 250, "prefix": "many-"}, "region": SOUTH})
    emulator.reset(seed)
    rc, listed, stderr = inventory(emulator, tmp_path, regions=[SOUTH], name_patterns=["many-*"])
    assert rc == 0, stderr
    assert len(hosts(listed)) == 250
    offsets = [int(call["query"]["offset"]) for call in list_calls(emulator)]
    assert offsets == [0, 100, 200]


def test_filters(emulator, tmp_path):
    rc, everything, stderr = inventory(
        emulator, tmp_path, regions=[NORTH, SOUTH], include_archived=True, scope="tenant"
    )
    assert rc == 0, stderr
    variables = everything["_meta"]["hostvars"]
    archived = {host for host, var in variables.items() if var["codearts_project_archived"]}
    assert archived, "the seed has an archived project"
    rc, members, stderr = inventory(emulator, tmp_path, regions=[NORTH, SOUTH])
    assert rc == 0, stderr
    assert hosts(members) < hosts(everything) - archived, "the tenant has a project the caller is not a member of"
    a_type = sorted({var["codearts_project_type"] for var in variables.values()})[0]
    rc, typed, stderr = inventory(emulator, tmp_path, regions=[NORTH, SOUTH], project_types=[a_type])
    assert rc == 0, stderr
    assert {typed["_meta"]["hostvars"][host]["codearts_project_type"] for host in hosts(typed)} == {a_type}
    rc, named, stderr = inventory(emulator, tmp_path, name_patterns=["run-*", "demo"])
    assert rc == 0, stderr
    assert hosts(named) == {"run-control", "demo"}


def test_constructed_groups_and_variables(emulator, tmp_path):
    rc, listed, stderr = inventory(
        emulator,
        tmp_path,
        regions=[NORTH, SOUTH],
        keyed_groups=[{"key": "codearts_project_type", "prefix": "type"}],
        groups={"freeze_candidates": "codearts_project_name.startswith('release')"},
        compose={"short_id": "codearts_project_id[-2:]"},
    )
    assert rc == 0, stderr
    assert any(group.startswith("type_") for group in listed)
    assert hosts(listed, "freeze_candidates") == {"release-freeze"}
    assert listed["_meta"]["hostvars"]["demo"]["short_id"] == "a1"


def test_the_cache_answers_the_second_listing(emulator, tmp_path):
    cache = {
        "cache": True,
        "cache_plugin": "ansible.builtin.jsonfile",
        "cache_connection": str(tmp_path / "cache"),
        "cache_timeout": 600,
    }
    rc, first, stderr = inventory(emulator, tmp_path, **cache)
    assert rc == 0, stderr
    emulator.clear_requests()
    rc, second, stderr = inventory(emulator, tmp_path, **cache)
    assert rc == 0, stderr
    assert second == first and emulator.requests() == []
    cached = "".join(path.read_text(encoding="utf-8") for path in (tmp_path / "cache").iterdir())
    assert "demo" in cached and SECRET_KEY not in cached


def test_a_failing_region_fails_the_inventory_or_is_skipped_with_a_warning(emulator, tmp_path):
    fault = {"path": "^/v4/projects", "status": 503, "error_code": "APIGW.0203", "error_msg": "service unavailable"}
    emulator.add_fault(**fault)
    rc, _listed, stderr = inventory(emulator, tmp_path, regions=[SOUTH, NORTH], retries=0)
    assert rc != 0 and "region cn-south-1" in stderr and "APIGW.0203" in stderr
    emulator.add_fault(**fault)
    rc, listed, stderr = inventory(emulator, tmp_path, regions=[SOUTH, NORTH], retries=0, skip_failed_regions=True)
    assert rc == 0, stderr
    assert "region cn-south-1 failed" in stderr
    assert hosts(listed) == hosts(listed, "codearts_cn_north_4") != set()


@pytest.mark.parametrize(
    "options, message",
    [
        ({"scope": "everyone"}, "scope"),
        ({"project_types": ["kanban"]}, "project_types"),
        ({"regions": [NORTH, SOUTH], "auth_token": "a-token"}, "auth_token"),
        ({"timeout": -1}, "timeout"),
    ],
)
def test_bad_configuration_fails_clearly_before_any_request(emulator, tmp_path, options, message):
    rc, _output, stderr = inventory(emulator, tmp_path, **options)
    assert rc != 0 and message in stderr
    assert list_calls(emulator) == []


def test_missing_credentials_fail_clearly(emulator, tmp_path):
    rc, _output, stderr = inventory(emulator, tmp_path, secret_in_env=False)
    assert rc != 0 and "secret_key" in stderr


def test_with_several_regions_an_iam_project_id_is_not_used(emulator, tmp_path):
    rc, listed, stderr = inventory(
        emulator, tmp_path, regions=[NORTH, SOUTH], iam_project_id="0123456789abcdef0123456789abcdef"
    )
    assert rc == 0, stderr
    assert "each region's is looked up" in stderr
    assert hosts(listed, "codearts_cn_south_1")
