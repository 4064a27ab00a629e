# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""CodeArts ProjectMan (CodeArts Req): the tenant's CodeArts projects, listed (ListProjectsV4) and read (ShowProjectInfoV4).

The projects are the seed's top-level `codearts_projects` (state.py expands and names them; their ProjectMan
fields are checked here). Each lives in one region, and a request sees the projects of its region: the region of
the caller's IAM project [MODEL]. Field names and types follow the official SDK's models
(ListProjectsV4ResponseBodyProjects, GetProjectInfoV4ResultProject), which differ between the two operations.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any, Callable, Optional

from ..api import ApiError, Reply, Request, Route, Service
from ..seed import SeedChecker
from .iam import user_id

DAY = 86400
PROJECT_TYPES = ("scrum", "normal", "xboard", "basic", "phoenix")
MAX_LIMIT = 1000
MAX_OFFSET = 10000
# The first project's project_num_id; the others follow in seed order.
FIRST_NUM_ID = 1000001
QUERY_TYPES = (None, "domain_projects", "absent")
ARCHIVE_VALUES = {None: None, "true": True, "false": False}
# [DOC] ((name|author_name|created_on|memcount)(:|%3A|%253A)(asc|desc|ASC|DESC)(,)?){0,4}, seen decoded once:
# a %253A on the wire reads %3A here.
SORT_ITEM = re.compile(r"^(name|author_name|created_on|memcount)(?::|%3A)(asc|desc|ASC|DESC)$")
MAX_SORT_KEYS = 4
SORT_KEYS: dict[str, Callable[[dict], Any]] = {
    "name": lambda project: project["name"],
    "author_name": lambda project: project["creator"],
    "created_on": lambda project: project["created_ms"],
    "memcount": lambda project: len(project["members"]),
}


def _parameter_error(detail: str) -> ApiError:
    # [DOC] PM.02152001 "parameter error"; [MODEL] 7.7 for offset, every other bad query value alike.
    return ApiError(400, "PM.02152001", f"Parameter error: {detail}")


def _missing(project_id: str) -> ApiError:
    return ApiError(400, "PM.02152005", f"The project {project_id} does not exist or has been deleted.")


def _num_id(kind: str, name: str) -> int:
    """A stable positive number for a user: ProjectMan's `*_num_id` fields are integers."""
    return int(hashlib.sha256(f"{kind}:{name}".encode()).hexdigest()[:7], 16)


def _whole(query: dict[str, str], name: str, low: int, high: int) -> int:
    """A required whole-number query parameter within [low, high]."""
    value = query.get(name)
    if value is None or not value.isdigit() or not low <= int(value) <= high:
        raise _parameter_error(f"{name} is required, a whole number from {low} to {high}, not {value!r}")
    return int(value)


def _paging(query: dict[str, str]) -> tuple[int, int]:
    limit = _whole(query, "limit", 1, MAX_LIMIT)
    offset = _whole(query, "offset", 0, MAX_OFFSET)
    if offset % limit:
        raise _parameter_error(f"offset {offset} is not a multiple of limit {limit}")
    return offset, limit


def _sort_order(value: Optional[str]) -> list[tuple[str, bool]]:
    """(key, descending) pairs of a `sort` value, e.g. `name:asc,created_on:desc`; [DOC] created_on:desc when absent."""
    items = [item for item in (value or "").split(",") if item] or ["created_on:desc"]
    matches = [SORT_ITEM.match(item) for item in items]
    if len(items) > MAX_SORT_KEYS or not all(matches):
        raise _parameter_error(
            f"sort is up to {MAX_SORT_KEYS} of (name|author_name|created_on|memcount):(asc|desc), not {value!r}"
        )
    return [(found.group(1), found.group(2).lower() == "desc") for found in matches if found]


def _choice(query: dict[str, str], name: str, allowed: Any) -> Any:
    """An optional query parameter that is one of `allowed` (empty means absent)."""
    value = query.get(name) or None
    if value not in allowed:
        raise _parameter_error(
            f"{name} is one of {', '.join(str(choice) for choice in allowed if choice)}, not {value!r}"
        )
    return value


def _in_scope(project: dict, caller: Optional[str], query_type: Optional[str]) -> bool:
    """[DOC] No query_type: the projects the caller is a member of; domain_projects: all; absent: the others."""
    return query_type == "domain_projects" or (caller in project["members"]) == (query_type is None)


class ProjectManService(Service):
    """The tenant's CodeArts projects, each in one region, with its members."""

    name = "projectman"

    def load(self, seed: dict) -> None:
        SeedChecker("projectman").fields(seed, set(), "section")
        state = self.state
        self.domain = dict((state.seed.get("iam") or {}).get("domain") or {})
        regions = state.regions()
        defaults = {
            "region": regions[0] if regions else "",
            "project_type": PROJECT_TYPES[0],
            "archived": False,
            "description": "",
            "members": self._everyone(),
        }
        check = SeedChecker("codearts_projects")
        count = len(state.codearts_projects)
        self.projects: dict[str, dict] = {}
        for index, entry in enumerate(state.codearts_projects):
            # Unless the seed says when: a day apart in seed order, the last a day before the load.
            fields = {**defaults, "created_ago": (count - index) * DAY, **entry}
            self.projects[entry["id"]] = self._project(check, fields, FIRST_NUM_ID + index, regions)

    def _everyone(self) -> list[str]:
        """[MODEL] The default members: everyone the seed can sign in as (IAM users, access keys' users)."""
        users = [
            str(user["name"])
            for user in (self.state.seed.get("iam") or {}).get("users") or []
            if isinstance(user, dict) and "name" in user
        ]
        users += [cred.user_name for cred in self.state.credentials.values() if cred.user_name]
        return list(dict.fromkeys(users))

    def _project(self, check: SeedChecker, fields: dict, num_id: int, regions: list[str]) -> dict:
        """One project from its seed entry with the defaults filled in, once its fields pass the checks."""
        what = f"project {fields.get('name', fields['id'])!r}"
        if regions and fields["region"] not in regions:
            raise check.error(what, f"has a region that is not an IAM project's: {', '.join(regions)}")
        if fields["project_type"] not in PROJECT_TYPES:
            raise check.error(what, f"has a project_type that is not one of {', '.join(PROJECT_TYPES)}")
        members = fields["members"]
        if not isinstance(members, list) or not all(isinstance(member, str) for member in members):
            raise check.error(what, "has members that are not a list of user names")
        if not isinstance(fields["archived"], bool) or not isinstance(fields["description"], str):
            raise check.error(what, "has an archived that is not true or false, or a description that is not text")
        created_ms = self.state.clock.now_ms() - int(check.seconds(fields["created_ago"], f"{what} created_ago") * 1000)
        return {
            "id": fields["id"],
            "num_id": num_id,
            "name": self.state.project_name(fields["id"]),
            "region": fields["region"],
            "project_type": fields["project_type"],
            "archived": fields["archived"],
            "description": fields["description"],
            "created_ms": created_ms,
            "updated_ms": created_ms,
            "members": list(members),
            # [MODEL] the creator is the first member (the account's first user for a project without members).
            "creator": members[0] if members else (self.state.default_user or ""),
        }

    def routes(self) -> list[Route]:
        return [
            Route("GET", "/v4/projects", "ListProjectsV4", self.list_projects),
            Route("GET", "/v4/projects/{project_id}", "ShowProjectInfoV4", self.show_project),
        ]

    def snapshot(self) -> dict:
        return {"projects": [dict(project, members=list(project["members"])) for project in self.projects.values()]}

    def _creator(self, name: str) -> dict:
        return {
            "user_num_id": _num_id("user", name),
            "user_id": user_id(self.state, name),
            "user_name": name,
            "domain_id": str(self.domain.get("id", "")),
            "domain_name": str(self.domain.get("name", "")),
            "nick_name": name,
        }

    def _regional(self, request: Request) -> list[dict]:
        """The projects of the caller's region, in seed order."""
        region = self.state.region_of(request.caller.project_id if request.caller else None)
        return [project for project in self.projects.values() if project["region"] == region]

    def list_projects(self, request: Request) -> Reply:
        """ListProjectsV4: the caller's region's projects in scope, filtered, sorted and paged."""
        query = request.query
        offset, limit = _paging(query)
        query_type = _choice(query, "query_type", QUERY_TYPES)
        archived = ARCHIVE_VALUES[_choice(query, "archive", tuple(ARCHIVE_VALUES))]
        project_type = _choice(query, "project_type", (None, *PROJECT_TYPES))
        order = _sort_order(query.get("sort"))
        search = (query.get("search") or "").casefold()
        caller = request.caller.user_name if request.caller else None
        found = [
            project
            for project in self._regional(request)
            if _in_scope(project, caller, query_type)
            # [MODEL] archive=true: archived projects only; false: the others; absent: both.
            and (archived is None or project["archived"] == archived)
            and (project_type is None or project["project_type"] == project_type)
            and (search in project["name"].casefold() or search in project["description"].casefold())
        ]
        # Ties go later-in-the-seed first, so that every order is total and pages never overlap.
        found.reverse()
        for key, descending in reversed(order):
            found.sort(key=SORT_KEYS[key], reverse=descending)
        page = found[offset : offset + limit]
        return Reply(200, {"projects": [self._listed(project) for project in page], "total": len(found)})

    def _listed(self, project: dict) -> dict:
        """A project as ListProjectsV4 gives it (ListProjectsV4ResponseBodyProjects): no archive flag."""
        return {
            "project_num_id": project["num_id"],
            "project_id": project["id"],
            "project_name": project["name"],
            "description": project["description"],
            "created_time": project["created_ms"],
            "updated_time": project["updated_ms"],
            "project_type": project["project_type"],
            "creator": self._creator(project["creator"]),
        }

    def show_project(self, request: Request, project_id: str) -> Reply:
        """ShowProjectInfoV4: any project of the caller's region, member or not [MODEL], with its own field names [SDK]."""
        project = next((project for project in self._regional(request) if project["id"] == project_id), None)
        if project is None:
            raise _missing(project_id)
        return Reply(
            200,
            {
                "project": {
                    "project_num_id": project["num_id"],
                    "project_id": project["id"],
                    "name": project["name"],
                    "created_on": project["created_ms"],
                    "updated_on": project["updated_ms"],
                    "project_type": project["project_type"],
                    "archive": int(project["archived"]),
                    "enterprise_id": "0",
                    "project_code": "",
                    "creator": self._creator(project["creator"]),
                }
            },
        )
