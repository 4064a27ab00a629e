# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Authentication: SDK-HMAC-SHA256 signing, IAM tokens, and their on-disk cache.

Three ways to authenticate, exactly one per task:
- AK/SK (optionally temporary, with a security token): every request is signed;
- a ready IAM token, sent as X-Auth-Token;
- IAM user name and password: a project-scoped token is fetched once and cached
  on disk, so a playbook run asks IAM for one token, not one per task.
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import hmac
import json
import os
import stat
import tempfile
import time
from urllib.parse import quote, unquote

from ansible_collections.huaweicloud.codearts.plugins.module_utils._codearts_api import (
    PASSWORD_REFUSED,
    TOKEN_REFRESH_MARGIN,
)
from ansible_collections.huaweicloud.codearts.plugins.module_utils._errors import CodeArtsError

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX: the cache still works, without the lock
    fcntl = None

SIGNING_ALGORITHM = "SDK-HMAC-SHA256"
SDK_DATE_FORMAT = "%Y%m%dT%H%M%SZ"
EMPTY_BODY_SHA256 = hashlib.sha256(b"").hexdigest()
CACHE_DIR_ENV = "HUAWEICLOUD_CODEARTS_CACHE_DIR"


def _encode(text):
    return quote(text, safe="~")


def canonical_query_string(query_pairs):
    """Sorted, percent-encoded query, as the gateway's signer builds it (and as the URL sends it)."""
    return "&".join("%s=%s" % (_encode(key), _encode(value)) for key, value in sorted(query_pairs))


def canonical_request(method, path, query_pairs, headers, body):
    """Return (canonical request, signed header names) for a request that is about to be sent.

    ``headers`` maps header names to values; every name without "_" is signed.
    """
    lowered = {name.lower(): str(value).strip() for name, value in headers.items()}
    signed = sorted(name for name in lowered if "_" not in name)
    canonical_uri = "/".join(_encode(segment) for segment in unquote(path).split("/"))
    if not canonical_uri.endswith("/"):
        canonical_uri += "/"
    body_hash = hashlib.sha256(body).hexdigest() if body else EMPTY_BODY_SHA256
    lines = [method.upper(), canonical_uri, canonical_query_string(query_pairs)]
    lines.extend("%s:%s" % (name, lowered[name]) for name in signed)
    lines.extend(["", ";".join(signed), body_hash])
    return "\n".join(lines), signed


def sign(method, path, query_pairs, headers, body, access_key, secret_key):
    """Return the Authorization header value; ``headers`` must already hold X-Sdk-Date and Host."""
    request, signed = canonical_request(method, path, query_pairs, headers, body)
    sdk_date = next(value for name, value in headers.items() if name.lower() == "x-sdk-date")
    string_to_sign = "%s\n%s\n%s" % (SIGNING_ALGORITHM, sdk_date, hashlib.sha256(request.encode("utf-8")).hexdigest())
    signature = hmac.new(secret_key.encode("utf-8"), string_to_sign.encode("utf-8"), hashlib.sha256).hexdigest()
    return "%s Access=%s, SignedHeaders=%s, Signature=%s" % (SIGNING_ALGORITHM, access_key, ";".join(signed), signature)


class FileCache:
    """Small JSON files, private to the user (0600 in a 0700 folder), one per key.

    A file is named after a salted, slow hash of everything that identifies its entry, credential included:
    a changed or wrong password (or secret key) finds no entry, so IAM is asked and refuses it, and the names
    give nothing away. The salt is random per folder, in a 0600 file. A cache that cannot be written is no
    reason to fail a task: it is skipped (``path`` gives None).
    """

    SALT_FILE = "salt"
    # PBKDF2 rounds: slow enough that a file name is no cheap test of password guesses, cheap next to a request.
    ROUNDS = 50000

    def __init__(self, directory=None):
        self.directory = (
            directory
            or os.environ.get(CACHE_DIR_ENV)
            or os.path.join(os.path.expanduser("~"), ".cache", "huaweicloud.codearts")
        )

    def _private_directory(self):
        os.makedirs(self.directory, mode=0o700, exist_ok=True)
        if stat.S_IMODE(os.stat(self.directory).st_mode) != 0o700:
            os.chmod(self.directory, 0o700)

    def _salt(self):
        """This folder's salt, made once (linked into place whole, so parallel tasks agree on it)."""
        salt_path = os.path.join(self.directory, self.SALT_FILE)
        with contextlib.suppress(FileNotFoundError):
            with open(salt_path, encoding="ascii") as handle:
                return bytes.fromhex(handle.read().strip())
        self._private_directory()
        descriptor, temporary = tempfile.mkstemp(dir=self.directory, suffix=".tmp")
        try:
            with os.fdopen(descriptor, "w", encoding="ascii") as handle:
                handle.write(os.urandom(32).hex())
            with contextlib.suppress(FileExistsError):
                os.link(temporary, salt_path)
        finally:
            os.remove(temporary)
        with open(salt_path, encoding="ascii") as handle:
            return bytes.fromhex(handle.read().strip())

    def path(self, *identity):
        try:
            salt = self._salt()
        except (OSError, ValueError):
            return None
        if len(salt) < 16:
            return None
        secret = "\0".join(str(part) for part in identity).encode("utf-8")
        digest = hashlib.pbkdf2_hmac("sha256", secret, salt, self.ROUNDS).hex()
        return os.path.join(self.directory, digest[:40] + ".json")

    def read(self, path):
        if path is None:
            return None
        try:
            with open(path, encoding="utf-8") as handle:
                return json.load(handle)
        except (OSError, ValueError):
            return None

    def write(self, path, data):
        if path is None:
            return
        try:
            self._private_directory()
            descriptor, temporary = tempfile.mkstemp(dir=self.directory, suffix=".tmp")
            with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
                json.dump(data, handle)
            os.chmod(temporary, 0o600)
            os.replace(temporary, path)
        except OSError:
            return

    def remove(self, path):
        if path is None:
            return
        with contextlib.suppress(OSError):
            os.remove(path)

    @contextlib.contextmanager
    def locked(self, path):
        """Serialise parallel tasks (forks) so that only one of them asks IAM."""
        descriptor = None
        if fcntl is not None and path is not None:
            with contextlib.suppress(OSError):
                descriptor = os.open(path + ".lock", os.O_WRONLY | os.O_CREAT, 0o600)
                fcntl.flock(descriptor, fcntl.LOCK_EX)
        try:
            yield
        finally:
            if descriptor is not None:
                os.close(descriptor)


def _parse_expiry(text):
    for pattern in ("%Y-%m-%dT%H:%M:%S.%fZ", "%Y-%m-%dT%H:%M:%SZ"):
        try:
            moment = datetime.datetime.strptime(text, pattern)
        except (TypeError, ValueError):
            continue
        return moment.replace(tzinfo=datetime.timezone.utc).timestamp()
    raise CodeArtsError("IAM returned a token whose expiry cannot be read: %r" % (text,))


class AkSkAuth:
    """Signs every request with an access key; looks the IAM project ID up once when none is given."""

    method = "aksk"

    def __init__(self, access_key, secret_key, security_token=None, iam_project_id=None, cache=None):
        self.access_key = access_key
        self.secret_key = secret_key
        self.security_token = security_token
        self.iam_project_id = iam_project_id
        self.cache = cache or FileCache()

    @property
    def needs_region(self):
        return not self.iam_project_id

    uses_iam = needs_region

    def authorize(self, client, call):
        if call.project_scoped:
            call.headers["X-Project-Id"] = self.project_id(client)
        if self.security_token:
            call.headers["X-Security-Token"] = self.security_token
        call.headers["X-Sdk-Date"] = time.strftime(SDK_DATE_FORMAT, time.gmtime())
        call.headers["Authorization"] = sign(
            call.method, call.path, call.query_pairs, call.headers, call.body, self.access_key, self.secret_key
        )

    def project_id(self, client):
        if self.iam_project_id:
            return self.iam_project_id
        # The secret key is part of the key: a wrong one must reach IAM and be refused there, like without a cache.
        path = self.cache.path("project", client.base_url("iam"), self.access_key, self.secret_key, client.region)
        cached = self.cache.read(path)
        if cached and cached.get("id"):
            self.iam_project_id = cached["id"]
            return self.iam_project_id
        found = client.request("iam", "GET", "/v3/projects", query={"name": client.region}, project_scoped=False)
        projects = (found or {}).get("projects") or []
        if not projects:
            raise CodeArtsError(
                "IAM has no project named %r for this access key: set iam_project_id, or check region." % client.region
            )
        self.iam_project_id = projects[0]["id"]
        self.cache.write(path, {"id": self.iam_project_id})
        return self.iam_project_id

    def renew(self, client):  # pylint: disable=unused-argument
        """Signatures are made per request: there is nothing to renew."""
        return False


class TokenAuth:
    """A ready IAM token from the user: sent as it is, never renewed."""

    method = "token"
    needs_region = False
    uses_iam = False

    def __init__(self, token):
        self.token = token

    def authorize(self, client, call):  # pylint: disable=unused-argument
        call.headers["X-Auth-Token"] = self.token

    def renew(self, client):  # pylint: disable=unused-argument
        return False


class PasswordAuth:
    """A project-scoped IAM token from user name and password, cached on disk until shortly before it expires."""

    method = "password"
    uses_iam = True

    def __init__(self, user_name, password, domain_name, iam_project_id=None, cache=None, clock=time.time):
        self.user_name = user_name
        self.password = password
        self.domain_name = domain_name
        self.iam_project_id = iam_project_id
        self.cache = cache or FileCache()
        self.clock = clock
        self._token = None
        self._cache_paths = {}

    @property
    def needs_region(self):
        return not self.iam_project_id

    def authorize(self, client, call):
        call.headers["X-Auth-Token"] = self.token(client)

    def cache_path(self, client):
        """The cache file of this credential's token: keyed on user, domain, password, IAM endpoint and scope."""
        scope = self.iam_project_id or "name:%s" % client.region
        identity = ("token", client.base_url("iam"), self.domain_name, self.user_name, self.password, scope)
        if identity not in self._cache_paths:  # the hash is slow on purpose: once per task
            self._cache_paths[identity] = self.cache.path(*identity)
        return self._cache_paths[identity]

    def token(self, client):
        if self._token:
            return self._token
        path = self.cache_path(client)
        with self.cache.locked(path):
            cached = self.cache.read(path)
            if cached and cached.get("expires_at", 0) - TOKEN_REFRESH_MARGIN > self.clock():
                self._token = cached["token"]
                return self._token
            token, expires_at = self._request_token(client)
            self.cache.write(path, {"token": token, "expires_at": expires_at})
        self._token = token
        return token

    def _request_token(self, client):
        scope = {"id": self.iam_project_id} if self.iam_project_id else {"name": client.region}
        body = {
            "auth": {
                "identity": {
                    "methods": ["password"],
                    "password": {
                        "user": {
                            "name": self.user_name,
                            "password": self.password,
                            "domain": {"name": self.domain_name},
                        }
                    },
                },
                "scope": {"project": scope},
            }
        }
        try:
            response = client.send(
                "iam", "POST", "/v3/auth/tokens", body=body, authenticate=False, project_scoped=False
            )
        except CodeArtsError as error:
            if error.status == 401:
                error.hint = PASSWORD_REFUSED
            raise
        token = response.headers.get("X-Subject-Token")
        if not token:
            raise CodeArtsError(
                "IAM answered the token request without an X-Subject-Token header.",
                status=response.status,
                request_id=response.request_id,
            )
        expires_at = _parse_expiry(((response.data or {}).get("token") or {}).get("expires_at"))
        return token, expires_at

    def renew(self, client):
        """Drop a token the gateway refused (revoked, or expired early) so the next call fetches a new one."""
        self._token = None
        self.cache.remove(self.cache_path(client))
        return True


AUTH_OPTIONS = {
    "aksk": ("access_key", "secret_key", "security_token"),
    "token": ("auth_token",),
    "password": ("user_name", "password", "domain_name"),
}


def resolve_auth(params, cache=None):
    """Pick the one way to authenticate that the options (or their environment variables) give."""
    given = {method: [name for name in names if params.get(name)] for method, names in AUTH_OPTIONS.items()}
    methods = [method for method, names in given.items() if names]
    if not methods:
        raise CodeArtsError(
            "No credentials: set access_key and secret_key, or auth_token, or user_name, password and "
            "domain_name (as options or through their environment variables)."
        )
    if len(methods) > 1:
        raise CodeArtsError(
            "Credentials for several ways to authenticate are set (%s): set only one of them, as "
            "options or environment variables." % "; ".join(", ".join(given[method]) for method in methods)
        )
    method = methods[0]
    if method == "aksk":
        if not (params.get("access_key") and params.get("secret_key")):
            raise CodeArtsError("access_key and secret_key are required together (security_token only goes with them).")
        return AkSkAuth(
            params["access_key"],
            params["secret_key"],
            params.get("security_token"),
            params.get("iam_project_id"),
            cache,
        )
    if method == "token":
        return TokenAuth(params["auth_token"])
    missing = [name for name in AUTH_OPTIONS["password"] if not params.get(name)]
    if missing:
        raise CodeArtsError(
            "Password authentication needs user_name, password and domain_name; missing: %s." % ", ".join(missing)
        )
    return PasswordAuth(
        params["user_name"], params["password"], params["domain_name"], params.get("iam_project_id"), cache
    )
