# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""CodeArts ProjectMan: ListProjectsV4 by region, scope, filters, order and pages; ShowProjectInfoV4; the seed fields."""

from __future__ import annotations

import pytest
from emulator_client import AK, IAM_PROJECT_ID, PROJECT, SECURITY_TOKEN, TMP_AK, TMP_SK, USER, Client, ok

from codearts_emulator.server import Emulator
from codearts_emulator.state import load_seed

LIST = "/v4/projects"
SOUTH_IAM_PROJECT = "89abcdef0123456789abcdef01234567"  # cn-south-1
SOUTH = {"extra": {"X-Project-Id": SOUTH_IAM_PROJECT, "Host": "projectman-ext.cn-south-1.myhuaweicloud.com"}}
ARCHIVED, NOT_MINE, SOUTH_SHOP, SOUTH_ROADMAP = (
    "c0dea7750000000000000000000000a7",
    "c0dea7750000000000000000000000a8",
    "c0dea7750000000000000000000000b1",
    "c0dea7750000000000000000000000b2",
)
# The demo user's cn-north-4 projects, newest first: a6 .. a1 a day apart, then the archived one (two years old).
MINE = ["diagnostics", "release-freeze", "run-control", "housekeeping", "load", "demo", "legacy-portal"]
DAY_MS = 86400 * 1000


def _list(client, offset=0, limit=100, signing=None, **query):
    """ListProjectsV4; `signing` holds Client.call's keywords: signed_headers' (ak, sk, extra, ...) or a token."""
    return client.call("GET", LIST, {"offset": offset, "limit": limit, **query}, **(signing or {}))


def _names(client, **query):
    answer = ok(_list(client, **query))
    names = [project["project_name"] for project in answer["projects"]]
    assert answer["total"] == len(names)
    return names


def _seed(*projects, keep_default=True):
    seed = load_seed(None)
    seed["codearts_projects"] = (seed["codearts_projects"] if keep_default else []) + list(projects)
    return seed


def test_the_callers_projects_in_the_callers_region_newest_first(client, emulator):
    answer = ok(_list(client))
    assert [project["project_name"] for project in answer["projects"]] == MINE and answer["total"] == 7
    demo = answer["projects"][5]
    assert set(demo) == {
        "project_num_id",
        "project_id",
        "project_name",
        "description",
        "created_time",
        "updated_time",
        "project_type",
        "creator",
    }, "the SDK's ListProjectsV4ResponseBodyProjects: no archive flag"
    assert (demo["project_id"], demo["project_type"], demo["description"]) == (PROJECT, "scrum", "")
    assert isinstance(demo["project_num_id"], int) and demo["updated_time"] == demo["created_time"]
    # Ten projects in the seed, a day apart unless the seed says when: demo (the first) ten days before the load.
    assert round((emulator.now() * 1000 - demo["created_time"]) / DAY_MS) == 10
    domain = emulator.state.services["iam"].domain
    assert demo["creator"] == {
        "user_num_id": demo["creator"]["user_num_id"],
        "user_id": emulator.snapshot()["iam"]["users"][0]["id"],
        "user_name": USER,
        "domain_id": domain["id"],
        "domain_name": domain["name"],
        "nick_name": USER,
    }
    assert isinstance(demo["creator"]["user_num_id"], int)


def test_the_request_is_logged_as_a_projectman_read(client, emulator):
    ok(_list(client, query_type="domain_projects"))
    (entry,) = emulator.requests()
    assert (entry["service"], entry["operation"], entry["write"], entry["auth"], entry["access_key"]) == (
        "projectman",
        "ListProjectsV4",
        False,
        "aksk",
        AK,
    )
    assert entry["query"] == {"offset": "0", "limit": "100", "query_type": "domain_projects"}


@pytest.mark.parametrize(
    "query_type, names",
    [
        (None, MINE),
        ("domain_projects", ["finance-ledger", *MINE]),
        ("absent", ["finance-ledger"]),
        ("", MINE),
    ],
)
def test_query_type_chooses_the_callers_the_tenants_or_the_others_projects(client, query_type, names):
    query = {} if query_type is None else {"query_type": query_type}
    assert _names(client, **query) == names


def test_the_region_is_the_callers_iam_projects(client, emulator):
    south = _names(client, signing=SOUTH)
    assert south == ["south-roadmap", "south-shop"]
    assert _names(client, query_type="domain_projects", signing=SOUTH) == south
    token = client.token(scope={"project": {"name": "cn-south-1"}}).headers["X-Subject-Token"]
    assert _names(client, signing={"token": token}) == south
    north = client.token().headers["X-Subject-Token"]
    assert _names(client, signing={"token": north}) == MINE
    assert [entry["project_header"] for entry in emulator.requests()][:2] == [SOUTH_IAM_PROJECT] * 2


@pytest.mark.parametrize(
    "archive, names",
    [("true", ["legacy-portal"]), ("false", MINE[:-1]), (None, MINE)],
)
def test_archive_true_is_the_archived_projects(client, archive, names):
    assert _names(client, **({} if archive is None else {"archive": archive})) == names


def test_project_type_filters(client):
    assert _names(client, project_type="xboard", signing=SOUTH) == ["south-roadmap"]
    assert _names(client, project_type="scrum", signing=SOUTH) == ["south-shop"]
    assert _names(client, project_type="xboard") == []
    assert _names(client, project_type="scrum", query_type="domain_projects") == ["finance-ledger", *MINE]


@pytest.mark.parametrize(
    "search, names",
    [
        ("LEDGER", ["finance-ledger"]),
        ("finance team", ["finance-ledger"]),  # in the description
        ("re", ["release-freeze", "legacy-portal"]),  # "retired" in legacy-portal's description
        ("*", []),  # no wildcards
        ("", ["finance-ledger", *MINE]),
    ],
)
def test_search_is_fuzzy_on_name_or_description(client, search, names):
    assert _names(client, search=search, query_type="domain_projects") == names


@pytest.mark.parametrize(
    "sort, names",
    [
        ("name:asc", sorted(MINE)),
        ("name:DESC", sorted(MINE, reverse=True)),
        ("created_on:asc", list(reversed(MINE))),
        ("created_on:desc", MINE),
        ("name%3Aasc", sorted(MINE)),  # sent as name%253Aasc
        ("memcount:asc,name:desc", sorted(MINE, reverse=True)),
        ("author_name:asc,created_on:asc,", list(reversed(MINE))),
    ],
)
def test_sort(client, sort, names):
    assert _names(client, sort=sort) == names


def test_memcount_sorts_by_the_number_of_members(client, emulator):
    emulator.reset(
        _seed(
            {"id": "c0dea775000000000000000000000c01", "name": "crowd", "members": [USER, "u2", "u3"]},
            {"id": "c0dea775000000000000000000000c02", "name": "pair", "members": ["u2", USER]},
            keep_default=False,
        )
    )
    assert _names(client, sort="memcount:desc") == ["crowd", "pair"]
    assert _names(client, sort="memcount:asc") == ["pair", "crowd"]
    assert _names(client, sort="author_name:desc") == ["pair", "crowd"], "the creator is the first member"


def test_paging_past_one_page(client, emulator):
    generated = {"generate": {"count": 250, "prefix": "team-"}, "region": "cn-south-1", "created_ago": 3600}
    emulator.reset(_seed(generated))
    pages = [ok(_list(client, offset, 100, signing=SOUTH)) for offset in (0, 100, 200, 300)]
    assert [page["total"] for page in pages] == [252] * 4
    assert [len(page["projects"]) for page in pages] == [100, 100, 52, 0]
    ids = [project["project_id"] for page in pages for project in page["projects"]]
    assert len(set(ids)) == 252, "no project twice, none left out"
    names = [project["project_name"] for page in pages for project in page["projects"]]
    # The generated projects were created together, an hour ago: later in the seed first; the seeded two are older.
    assert names[:2] == ["team-249", "team-248"] and names[-2:] == ["south-roadmap", "south-shop"]
    by_name = [
        project["project_name"]
        for offset in (0, 100, 200)
        for project in ok(_list(client, offset, 100, sort="name:asc", signing=SOUTH))["projects"]
    ]
    assert by_name == sorted(names)
    assert ok(_list(client, 10000, 1000, signing=SOUTH)) == {"projects": [], "total": 252}
    assert emulator.state.project_name(ids[0]) == "team-249", "generated projects are named for every service"


@pytest.mark.parametrize(
    "query",
    [
        {"limit": 10},
        {"offset": 0},
        {"offset": 5, "limit": 10},
        {"offset": 10001, "limit": 1},
        {"offset": -10, "limit": 10},
        {"offset": 0, "limit": 0},
        {"offset": 0, "limit": 1001},
        {"offset": "ten", "limit": 10},
        {"offset": 0, "limit": 1.5},
        {"offset": 0, "limit": 10, "query_type": "mine"},
        {"offset": 0, "limit": 10, "archive": "yes"},
        {"offset": 0, "limit": 10, "archive": "TRUE"},
        {"offset": 0, "limit": 10, "project_type": "kanban"},
        {"offset": 0, "limit": 10, "sort": "updated_on:desc"},
        {"offset": 0, "limit": 10, "sort": "name"},
        {"offset": 0, "limit": 10, "sort": "name:asc,name:asc,name:asc,name:asc,name:asc"},
    ],
)
def test_bad_queries_are_400_pm_02152001(client, query):
    response = client.call("GET", LIST, query)
    assert (response.status, response.json()["error_code"]) == (400, "PM.02152001"), response.body


def test_show_project_info(client):
    project = ok(client.call("GET", f"{LIST}/{ARCHIVED}"))["project"]
    assert set(project) == {
        "project_num_id",
        "project_id",
        "name",
        "created_on",
        "updated_on",
        "project_type",
        "archive",
        "enterprise_id",
        "project_code",
        "creator",
    }, "the SDK's GetProjectInfoV4ResultProject: its own field names"
    assert (project["project_id"], project["name"], project["archive"], project["project_type"]) == (
        ARCHIVED,
        "legacy-portal",
        1,
        "scrum",
    )
    listed = ok(_list(client, archive="true"))["projects"][0]
    assert (project["project_num_id"], project["created_on"], project["creator"]) == (
        listed["project_num_id"],
        listed["created_time"],
        listed["creator"],
    )
    assert ok(client.call("GET", f"{LIST}/{PROJECT}"))["project"]["archive"] == 0
    assert ok(client.call("GET", f"{LIST}/{NOT_MINE}"))["project"]["name"] == "finance-ledger", "member or not"
    assert ok(client.call("GET", f"{LIST}/{SOUTH_ROADMAP}", **SOUTH))["project"]["project_type"] == "xboard"


@pytest.mark.parametrize(
    "project_id, signing",
    [
        (SOUTH_SHOP, {}),  # another region's
        (PROJECT, SOUTH),
        ("c0dea775000000000000000000000fff", {}),
        ("not-a-project", {}),
    ],
)
def test_show_a_project_not_in_the_callers_region_is_400_pm_02152005(client, project_id, signing):
    response = client.call("GET", f"{LIST}/{project_id}", **signing)
    assert (response.status, response.json()["error_code"]) == (400, "PM.02152005")


def test_every_request_is_authenticated(client, emulator):
    temporary = ok(_list(client, signing={"ak": TMP_AK, "sk": TMP_SK, "security_token": SECURITY_TOKEN}))
    assert [project["project_name"] for project in temporary["projects"]] == MINE
    assert client.call("GET", LIST, {"offset": 0, "limit": 10}, sk="wrong").status == 401
    unsigned = client.send("GET", LIST, "limit=10&offset=0", headers={"Host": client.netloc})
    assert (unsigned.status, unsigned.json()["error_code"]) == (401, "APIGW.0301")
    domain_token = client.token(scope={"domain": {"name": "demo-domain"}}).headers["X-Subject-Token"]
    assert _list(client, signing={"token": domain_token}).status == 403
    assert [(entry["auth"], entry["status"]) for entry in emulator.requests()] == [
        ("temporary_aksk", 200),
        ("aksk", 401),
        ("none", 401),
        ("none", 201),  # the token
        ("token", 403),
    ]
    assert emulator.requests()[0]["project_header"] == IAM_PROJECT_ID


def test_an_access_keys_user_is_a_member_by_default():
    seed = _seed({"id": "c0dea775000000000000000000000c03", "name": "demo-only", "members": [USER]})
    seed["credentials"].append({"access_key": "ROBOTAK0000000000001", "secret_key": "ROBOTSK1", "user": "ci-robot"})
    with Emulator(seed) as emulator:
        client = Client(emulator.url)
        robot = {"ak": "ROBOTAK0000000000001", "sk": "ROBOTSK1"}
        assert _names(client, signing=robot) == MINE
        assert _names(client)[:1] == ["demo-only"]
        assert _names(client, query_type="absent", signing=robot) == ["demo-only", "finance-ledger"]
        members = {project["name"]: project["members"] for project in emulator.snapshot()["projectman"]["projects"]}
        assert members["demo"] == [USER, "ci-robot"] and members["finance-ledger"] == ["finance-admin"]


@pytest.mark.parametrize(
    "entry, message",
    [
        ({"region": "eu-west-0"}, "project 'x' has a region that is not an IAM project's: cn-north-4, cn-south-1"),
        ({"project_type": "kanban"}, "project 'x' has a project_type that is not one of scrum, normal, xboard"),
        ({"members": "demo-user"}, "project 'x' has members that are not a list of user names"),
        ({"archived": "yes"}, "project 'x' has an archived that is not true or false"),
        ({"description": 5}, "project 'x' has an archived that is not true or false, or a description"),
        ({"created_ago": -1}, "project 'x' created_ago must not be negative"),
        # The other fields go beside `generate` and apply to each project, as in the services' seeds.
        ({"generate": {"count": 2, "prefix": "p-", "region": "cn-south-1"}}, "project 'x' generate has unknown fields"),
        ({"generate": {"count": 2}}, "generate needs {count, prefix}"),
    ],
)
def test_bad_projectman_seed_fields_are_refused(entry, message):
    with pytest.raises(ValueError) as raised:
        Emulator(_seed({"id": "c0dea775000000000000000000000c04", "name": "x", **entry}))
    assert str(raised.value).startswith(f"codearts_projects seed: {message}"), str(raised.value)


def test_projectman_has_no_section_of_its_own():
    with pytest.raises(ValueError, match="^projectman seed: section has unknown fields projects$"):
        Emulator({**load_seed(None), "projectman": {"projects": []}})


def test_two_generate_entries_need_two_prefixes():
    twice = {"generate": {"count": 2, "prefix": "p-"}}
    with pytest.raises(ValueError, match="^codearts_projects seed: project id [0-9a-f]{32} appears twice$"):
        Emulator(_seed(twice, {**twice, "region": "cn-south-1"}))
