# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""CodeArts projects (ProjectMan): the listing the inventory plugin codearts_projects is built from."""

from __future__ import annotations

import fnmatch

from ansible_collections.huaweicloud.codearts.plugins.module_utils._codearts_api import (
    PROJECT_PAGES,
    PROJECT_SCOPES,
    PROJECT_TYPES,
)
from ansible_collections.huaweicloud.codearts.plugins.module_utils._errors import CodeArtsError
from ansible_collections.huaweicloud.codearts.plugins.module_utils._time import epoch_ms

SERVICE = "projectman"


def _project(raw, region, archived):
    """A project as the inventory gives it, from one item of ListProjectsV4."""
    creator = raw.get("creator") or {}
    return {
        "id": raw.get("project_id"),
        "name": raw.get("project_name"),
        "num_id": raw.get("project_num_id"),
        "description": raw.get("description"),
        "type": raw.get("project_type"),
        "archived": archived,
        "region": region,
        "created_time": epoch_ms(raw.get("created_time")),
        "updated_time": epoch_ms(raw.get("updated_time")),
        "creator": creator.get("user_name") or creator.get("nick_name"),
    }


def check_filters(scope, project_types, name_patterns):
    """Refuse, before any request, a scope or a project type the API does not have, or a pattern that is not text."""
    if scope not in PROJECT_SCOPES:
        raise CodeArtsError("scope is one of %s, not %r." % (", ".join(PROJECT_SCOPES), scope))
    wrong = [kind for kind in project_types or () if kind not in PROJECT_TYPES]
    if wrong:
        raise CodeArtsError(
            "project_types are among %s; got %s." % (", ".join(PROJECT_TYPES), ", ".join(map(repr, wrong)))
        )
    bad = [pattern for pattern in name_patterns or () if not isinstance(pattern, str) or not pattern]
    if bad:
        raise CodeArtsError("name_patterns are shell-style patterns (such as release-*); got %r." % bad)


class Projects:
    """The ProjectMan calls the inventory uses."""

    def __init__(self, client):
        self.client = client

    def list(self, scope="member", project_types=(), name_patterns=(), include_archived=False):
        """The projects of the region the client is for, in ``scope`` (member: the caller's; tenant: all of the
        tenant's), of ``project_types`` (all when empty) and whose name matches one of ``name_patterns`` (all when
        empty); the archived ones too with ``include_archived``. One request a page of 100, per archive state read
        (and per type, when exactly one is asked: the API filters it). The caller checks the filters first
        (check_filters), before any request."""
        query = {"query_type": PROJECT_SCOPES[scope]}
        if len(project_types or ()) == 1:
            query["project_type"] = project_types[0]
        projects = []
        for archived in (False, True) if include_archived else (False,):
            raw = self.client.list_all(
                SERVICE, "/v4/projects", None, PROJECT_PAGES, dict(query, archive="true" if archived else "false")
            )
            projects.extend(_project(item, self.client.region, archived) for item in raw)
        return [
            project
            for project in projects
            if (not project_types or project["type"] in project_types)
            and (not name_patterns or any(fnmatch.fnmatchcase(project["name"] or "", p) for p in name_patterns))
        ]
