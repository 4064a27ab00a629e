# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The emulator's world: the seed it started from, its clock, credentials, tokens and each service's data."""

from __future__ import annotations

import copy
import secrets
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Optional, Union

import yaml

from .api import expand_generated
from .seed import SeedChecker

if TYPE_CHECKING:
    from .api import Service

DEFAULT_SEED = Path(__file__).with_name("default_seed.yml")

SeedSource = Union[dict, str, Path, None]
# `id` and `name` are every service's; the others are ProjectMan's (services/projectman.py checks them).
CODEARTS_PROJECT_FIELDS = {
    "id",
    "name",
    "region",
    "project_type",
    "archived",
    "description",
    "created_ago",
    "members",
    "generate",
}
GENERATE_FIELDS = {"count", "prefix"}


class Clock:
    """Wall-clock time plus an offset that only grows, so tests can fast-forward token expiry and progress."""

    def __init__(self) -> None:
        self.offset = 0.0

    def now(self) -> float:
        """Seconds since the epoch, as the emulator sees it."""
        return time.time() + self.offset

    def now_ms(self) -> int:
        """Milliseconds since the epoch: the unit CodeArts timestamps use."""
        return int(self.now() * 1000)

    def advance(self, seconds: float) -> None:
        """Move the clock forward; a real cloud's clock never goes back."""
        if seconds < 0:
            raise ValueError("the clock only moves forward")
        self.offset += seconds


def iso8601(epoch: float) -> str:
    """IAM's timestamp format, e.g. 2026-11-23T14:00:00.000000Z."""
    return datetime.fromtimestamp(epoch, timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def load_seed(source: SeedSource) -> dict:
    """A seed as a fresh dict: from a dict, a YAML file path, or the packaged default seed when None."""
    if isinstance(source, dict):
        return copy.deepcopy(source)
    path = Path(source) if source is not None else DEFAULT_SEED
    with path.open(encoding="utf-8") as handle:
        seed = yaml.safe_load(handle)
    if not isinstance(seed, dict):
        raise ValueError(f"{path}: a seed is a YAML mapping")
    return seed


@dataclass(frozen=True)
class Credential:
    """An AK/SK pair; temporary ones carry the security token that must accompany every request."""

    access_key: str
    secret_key: str
    security_token: Optional[str]
    user_name: Optional[str]

    @classmethod
    def from_seed(cls, entry: dict, default_user: Optional[str]) -> Credential:
        """Read one `credentials` seed entry; its `user` defaults to the seed's first IAM user."""
        try:
            return cls(
                str(entry["access_key"]),
                str(entry["secret_key"]),
                entry.get("security_token"),
                entry.get("user", default_user),
            )
        except (KeyError, TypeError) as exc:
            raise ValueError(f"credentials entry {entry!r} needs access_key and secret_key") from exc

    def snapshot(self) -> dict:
        """What the admin API may show: never the secret key or the security token."""
        return {"access_key": self.access_key, "temporary": self.security_token is not None, "user": self.user_name}


@dataclass(frozen=True)
class Token:
    """What IAM remembers about a token it issued; `project` is None for a domain-scoped token."""

    user: dict
    project: Optional[dict]
    methods: tuple[str, ...]
    issued_at: float
    expires_at: float

    def snapshot(self) -> dict:
        """JSON-ready view, without the token value itself."""
        return {
            "user": self.user["name"],
            "project": self.project["id"] if self.project else None,
            "issued_at": iso8601(self.issued_at),
            "expires_at": iso8601(self.expires_at),
        }


class TokenStore:
    """Tokens issued by the emulated IAM, keyed by their opaque value."""

    DEFAULT_TTL = 86400

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self.ttl: float = self.DEFAULT_TTL
        self._tokens: dict[str, Token] = {}

    def issue(self, user: dict, project: Optional[dict], methods: Iterable[str]) -> tuple[str, Token]:
        """A new token value (opaque, shaped like IAM's PKI tokens) and its record."""
        now = self.clock.now()
        value = "MII" + secrets.token_urlsafe(96)
        self._tokens[value] = Token(user, project, tuple(methods), now, now + self.ttl)
        return value, self._tokens[value]

    def find(self, value: str) -> Optional[Token]:
        """The record of a token this IAM issued, expired or not; None for anything else."""
        return self._tokens.get(value)

    def snapshot(self) -> dict:
        """The TTL and every issued token, without token values."""
        return {"ttl": self.ttl, "issued": [token.snapshot() for token in self._tokens.values()]}


def codearts_projects(entries: Any) -> list[dict]:
    """The seed's `codearts_projects`, each `generate: {count, prefix}` entry expanded: entries with a unique `id`.

    Their `name`s serve every service's answers that name a project; ProjectMan reads and checks the other fields.
    """
    check = SeedChecker("codearts_projects")
    projects = []
    for entry in entries or []:
        what = f"project {entry.get('name')!r}" if isinstance(entry, dict) else "project"
        check.fields(entry, CODEARTS_PROJECT_FIELDS, what)
        if "generate" in entry:
            check.fields(entry["generate"], GENERATE_FIELDS, f"{what} generate")
        for project in expand_generated(entry, "codearts_projects", "id", "name"):
            check.ids(project, what, "id")
            check.new("project id", project["id"])
            projects.append(project)
    return projects


class State:
    """Everything a reset rebuilds; the server serialises access to it with one lock."""

    def __init__(self, seed: dict, service_classes: Iterable[type[Service]]) -> None:
        self.seed = copy.deepcopy(seed)
        self.clock = Clock()
        self.tokens = TokenStore(self.clock)
        users = (seed.get("iam") or {}).get("users") or []
        # The account's first user stands behind AK/SKs and owns seeded jobs unless the seed says otherwise.
        self.default_user: Optional[str] = users[0]["name"] if users else None
        self.credentials = {
            cred.access_key: cred
            for cred in (Credential.from_seed(entry, self.default_user) for entry in seed.get("credentials") or [])
        }
        self.codearts_projects = codearts_projects(seed.get("codearts_projects"))
        self.project_names = {
            project["id"]: str(project.get("name", project["id"])) for project in self.codearts_projects
        }
        self.services = {cls.name: cls(seed.get(cls.name) or {}, self) for cls in service_classes}

    def project_name(self, project_id: str) -> str:
        """A CodeArts project's name: the seed's, or (emulator choice) the project ID for a project the seed does not name."""
        return self.project_names.get(project_id, project_id)

    def regions(self) -> list[str]:
        """The account's regions: its IAM projects' names, in seed order."""
        return [str(project.get("name", "")) for project in self._iam_projects()]

    def region_of(self, iam_project_id: Optional[str]) -> str:
        """[MODEL] The region a request acts in: that of the caller's IAM project (X-Project-Id, or the token's scope);
        the seed's first region for a caller whose IAM project the seed does not know (and for seeded resources)."""
        projects = self._iam_projects()
        chosen = next(
            (project for project in projects if project.get("id") == iam_project_id), projects[0] if projects else {}
        )
        return str(chosen.get("name", ""))

    def _iam_projects(self) -> list[dict]:
        return [project for project in (self.seed.get("iam") or {}).get("projects") or [] if isinstance(project, dict)]

    def snapshot(self) -> dict[str, Any]:
        """The current state as JSON-ready values (no secret keys and no token values)."""
        return {
            "clock": {"now": iso8601(self.clock.now()), "offset": self.clock.offset},
            "credentials": [cred.snapshot() for cred in self.credentials.values()],
            "codearts_projects": [{"id": project_id, "name": name} for project_id, name in self.project_names.items()],
            "tokens": self.tokens.snapshot(),
            **{name: service.snapshot() for name, service in self.services.items()},
        }
