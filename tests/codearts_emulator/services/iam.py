# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""IAM: password tokens (`POST /v3/auth/tokens`) and the project look-up the SDK does (`GET /v3/projects`).

IAM answers errors in Keystone's shape, `{"error": {"code", "message", "title"}}`, not CodeArts'.
"""

from __future__ import annotations

import hashlib
from typing import Any, Optional

from ..api import ApiError, Reply, Request, Route, Service
from ..seed import SeedChecker
from ..state import State, iso8601

TITLES = {400: "Bad Request", 401: "Unauthorized"}
DOMAIN_FIELDS = {"id", "name"}
PROJECT_FIELDS = {"id", "name"}
USER_FIELDS = {"name", "password", "domain", "id"}


def _iam_error(status: int, message: str) -> ApiError:
    return ApiError(
        status, str(status), message, body={"error": {"code": str(status), "message": message, "title": TITLES[status]}}
    )


def _derived_id(kind: str, name: str) -> str:
    """A stable 32-hex id for seed entries that do not give one."""
    return hashlib.sha256(f"{kind}:{name}".encode()).hexdigest()[:32]


def user_id(state: State, name: str) -> str:
    """The IAM user ID of the user called `name`: the seed's `id`, else derived from the name (also for a name IAM does not know).

    It reads the seed, so the other services can ask while they load (a check task's creator, a run's executor).
    """
    for user in (state.seed.get("iam") or {}).get("users") or []:
        if isinstance(user, dict) and user.get("name") == name and user.get("id"):
            return str(user["id"])
    return _derived_id("user", name)


class IamService(Service):
    """One account (domain) with its users and its regional projects."""

    name = "iam"

    def load(self, seed: dict) -> None:
        check = SeedChecker("iam")
        domain = check.fields(seed.get("domain"), DOMAIN_FIELDS, "domain")
        check.ids(domain, "domain", "id")
        if not isinstance(domain.get("name"), str):
            raise check.error("domain", "needs a name")
        self.domain = {"id": domain["id"], "name": domain["name"]}
        self.projects = []
        for entry in seed.get("projects") or []:
            project = check.fields(
                entry, PROJECT_FIELDS, f"project {entry.get('name')!r}" if isinstance(entry, dict) else "project"
            )
            check.ids(project, f"project {project.get('name')!r}", "id")
            self.projects.append({"id": check.new("project id", project["id"]), "name": str(project.get("name", ""))})
        self.users = {}
        for entry in seed.get("users") or []:
            user = check.fields(
                entry, USER_FIELDS, f"user {entry.get('name')!r}" if isinstance(entry, dict) else "user"
            )
            what = f"user {user.get('name')!r}"
            if not isinstance(user.get("name"), str) or "password" not in user:
                raise check.error(what, "needs a name and a password")
            if user.get("domain", self.domain["name"]) != self.domain["name"]:
                raise check.error(what, f"is not in the domain {self.domain['name']}")
            if "id" in user:
                check.ids(user, what, "id")
            check.new("user name", user["name"])
            self.users[user["name"]] = {
                "id": user_id(self.state, user["name"]),
                "name": user["name"],
                "password": str(user["password"]),
            }

    def routes(self) -> list[Route]:
        return [
            Route("POST", "/v3/auth/tokens", "KeystoneCreateUserTokenByPassword", self.create_token, auth=False),
            Route("GET", "/v3/projects", "KeystoneListProjects", self.list_projects, project_scoped=False),
        ]

    def snapshot(self) -> dict:
        return {
            "domain": self.domain,
            "projects": self.projects,
            "users": [{"id": user["id"], "name": user["name"]} for user in self.users.values()],
        }

    def _is_our_domain(self, domain: Any) -> bool:
        """Whether a {name} and/or {id} reference names this account's domain."""
        keys = {"id", "name"} & domain.keys() if isinstance(domain, dict) else set()
        return bool(keys) and all(domain[key] == self.domain[key] for key in keys)

    def _project_view(self, project: dict) -> dict:
        return {**project, "domain": dict(self.domain)}

    def _scope(self, scope: Any) -> Optional[dict]:
        """The project a token is scoped to: [MODEL] by id or by name (the region); None means domain-scoped."""
        if not isinstance(scope, dict) or "project" not in scope:
            return None
        wanted = scope["project"] if isinstance(scope["project"], dict) else {}
        for project in self.projects:
            if ("id" in wanted and wanted["id"] == project["id"]) or (
                "id" not in wanted and wanted.get("name") == project["name"]
            ):
                return self._project_view(project)
        raise _iam_error(401, "The project in the token scope does not exist in this account.")

    def create_token(self, request: Request) -> Reply:
        """Issue a token for a user name and password, like IAM's password method."""
        try:
            auth = request.json()["auth"]
            identity = auth["identity"]
            user_spec = identity["password"]["user"]
            name, password, domain = user_spec["name"], user_spec["password"], user_spec["domain"]
        except (ValueError, KeyError, TypeError) as exc:
            raise _iam_error(
                400, "The request body is malformed: auth.identity.password.user needs name, password and domain."
            ) from exc
        if "password" not in identity.get("methods", []):
            raise _iam_error(400, "Only the password authentication method is supported here.")
        user = self.users.get(name)
        if user is None or user["password"] != password or not self._is_our_domain(domain):
            raise _iam_error(401, "The username or password is wrong.")
        project = self._scope(auth.get("scope"))
        user_view = {"id": user["id"], "name": user["name"], "domain": dict(self.domain), "password_expires_at": ""}
        value, token = self.state.tokens.issue(user_view, project, ["password"])
        body = {
            "token": {
                "expires_at": iso8601(token.expires_at),
                "issued_at": iso8601(token.issued_at),
                "methods": list(token.methods),
                "user": user_view,
                "catalog": [],
                **({"project": project} if project else {"domain": dict(self.domain)}),
            }
        }
        return Reply(201, body, {"X-Subject-Token": value})

    def list_projects(self, request: Request) -> Reply:
        """List the account's projects, filtered by `name` (the SDK passes the region)."""
        name = request.query.get("name")
        base = f"http://{request.headers.get('Host', 'localhost')}/v3/projects"
        projects = [
            {
                **project,
                "domain_id": self.domain["id"],
                "parent_id": self.domain["id"],
                "enabled": True,
                "is_domain": False,
                "description": "",
                "links": {"self": f"{base}/{project['id']}"},
            }
            for project in self.projects
            if name is None or project["name"] == name
        ]
        query = f"?{request.raw_query}" if request.raw_query else ""
        return Reply(200, {"projects": projects, "links": {"self": base + query, "previous": None, "next": None}})
