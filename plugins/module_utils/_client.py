# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The HTTP client every module shares: endpoints, one session, retries, errors.

All HTTP goes through ``CodeArtsClient.send``; it is the only place that
retries, applies timeouts and turns an answer into a ``CodeArtsError``.
"""

from __future__ import annotations

import email.utils
import json
import random
import time
import traceback
from urllib.parse import quote, urlsplit

from ansible_collections.huaweicloud.codearts.plugins.module_utils._auth import canonical_query_string
from ansible_collections.huaweicloud.codearts.plugins.module_utils._codearts_api import (
    CHECK_HOSTS,
    ID_PATTERN,
    REGION_HOST_OVERRIDES,
    RETRY_ANY_CALL,
    RETRY_REPLAY_SAFE_CALL,
    SERVICE_HOSTS,
)
from ansible_collections.huaweicloud.codearts.plugins.module_utils._errors import (
    CodeArtsError,
    error_from_response,
    error_in_body,
)

try:
    import requests
except ImportError:
    requests = None
    REQUESTS_IMPORT_ERROR = traceback.format_exc()
else:
    REQUESTS_IMPORT_ERROR = None

USER_AGENT = "huaweicloud.codearts-ansible/1.0.0"
BACKOFF_BASE = 1.0
BACKOFF_CAP = 20.0
RETRY_AFTER_CAP = 60.0


def validate_id(name, value):
    """Refuse an ID that could change the path it is put in (see ID_PATTERN)."""
    if not isinstance(value, str) or not ID_PATTERN.match(value):
        raise CodeArtsError("%s must hold only letters, digits, '-' and '_'; got %r." % (name, value))
    return value


def expand_path(template, path_params):
    """Fill a path template such as /v3/jobs/{job_id}/recover with validated, percent-encoded IDs."""
    return template.format(**{name: quote(validate_id(name, value), safe="") for name, value in (path_params or {}).items()})


def flatten_query(query):
    """Flatten a query mapping to (name, value) strings; None is left out, booleans read true/false."""
    pairs = []
    for name, value in (query or {}).items():
        for item in value if isinstance(value, (list, tuple)) else [value]:
            if item is None:
                continue
            pairs.append((name, str(item).lower() if isinstance(item, bool) else str(item)))
    return pairs


class ApiCall:
    """One request as it will be sent and signed."""

    def __init__(self, method, path, query_pairs, headers, body, project_scoped):
        self.method = method
        self.path = path
        self.query_pairs = query_pairs
        self.headers = headers
        self.body = body
        self.project_scoped = project_scoped


class ApiResponse:
    def __init__(self, status, headers, data, request_id):
        self.status = status
        self.headers = headers
        self.data = data
        self.request_id = request_id


def _retry_after(response):
    value = response.headers.get("Retry-After")
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            seconds = email.utils.parsedate_to_datetime(value).timestamp() - time.time()
        except (TypeError, ValueError):
            return None
    return min(max(seconds, 0.0), RETRY_AFTER_CAP)


def _nothing_was_sent(error):
    """True when the connection failed before the request left (safe to send again)."""
    if isinstance(error, requests.exceptions.ConnectTimeout):
        return True
    reason = getattr(error.args[0], "reason", None) if error.args else None
    return type(reason).__name__ == "NewConnectionError"


class CodeArtsClient:
    """Talks to the CodeArts services (and IAM) of one region, or of one ``endpoint_url``."""

    def __init__(self, auth, region=None, endpoint_url=None, iam_endpoint=None, validate_certs=True, ca_path=None,
                 timeout=30, retries=3, check_host=None, sleep=time.sleep, monotonic=time.monotonic):
        if requests is None:
            raise CodeArtsError("The Python library requests is required.")
        if not region:
            needed_for = [reason for reason, needed in (
                ("the service endpoints (or set endpoint_url)", not endpoint_url),
                ("the IAM project (or set iam_project_id)", auth.needs_region),
                ("the IAM endpoint (or set iam_endpoint)", auth.uses_iam and not iam_endpoint),
            ) if needed]
            if needed_for:
                raise CodeArtsError("region is required to name %s." % " and ".join(needed_for))
        self.auth = auth
        self.region = region
        self.endpoint_url = endpoint_url.rstrip("/") if endpoint_url else None
        self.iam_endpoint = iam_endpoint.rstrip("/") if iam_endpoint else None
        self.timeout = timeout
        self.retries = retries
        self.check_host = check_host
        self.sleep = sleep
        self.monotonic = monotonic
        self.session = requests.Session()
        self.session.verify = ca_path or validate_certs

    def base_url(self, service):
        if service == "iam":
            if self.iam_endpoint:
                return self.iam_endpoint
        elif self.endpoint_url:
            return self.endpoint_url
        if not self.region:
            raise CodeArtsError("region is required to reach the %s service (or set endpoint_url)." % service)
        template = REGION_HOST_OVERRIDES.get((service, self.region), SERVICE_HOSTS[service])
        if service == "check" and self.check_host:
            template = CHECK_HOSTS[self.check_host]
        return "https://" + template.format(region=self.region)

    def request(self, service, method, path, path_params=None, query=None, body=None, replay_safe=None,
                project_scoped=True):
        """Send one call and return its JSON body (None when empty)."""
        return self.send(service, method, path, path_params, query, body, replay_safe, project_scoped=project_scoped).data

    def get(self, service, path, path_params=None, query=None):
        return self.request(service, "GET", path, path_params, query)

    def post(self, service, path, path_params=None, query=None, body=None, replay_safe=False):
        return self.request(service, "POST", path, path_params, query, body, replay_safe)

    def get_if_exists(self, service, path, path_params, missing_code):
        """The JSON body ({} when empty), or None when the API answers ``missing_code``: no such resource."""
        try:
            return self.get(service, path, path_params) or {}
        except CodeArtsError as error:
            if error.code == missing_code:
                return None
            raise

    def get_all(self, service, path, path_params, items_key, page_size, page_query):
        """Every item of a paged list. ``page_query(page_number, items_so_far)`` gives a page's query.

        Stops at a short page or when ``total`` items were read, so a list that fits one page is one call.
        """
        items = []
        while True:
            data = self.get(service, path, path_params, page_query(len(items) // page_size, len(items))) or {}
            page = data.get(items_key) or []
            items.extend(page)
            if len(page) < page_size or len(items) >= (data.get("total") or 0):
                return items

    def send(self, service, method, path, path_params=None, query=None, body=None, replay_safe=None,
             authenticate=True, project_scoped=True):
        """Send one call with retries; raise CodeArtsError for any failure.

        ``replay_safe`` (default: true for GET) allows retrying when the
        request may already have been processed (502, 504, lost connection).
        """
        if replay_safe is None:
            replay_safe = method == "GET"
        api_path = expand_path(path, path_params)
        base = urlsplit(self.base_url(service))
        full_path = base.path.rstrip("/") + api_path
        pairs = flatten_query(query)
        query_string = canonical_query_string(pairs)
        url = "%s://%s%s%s" % (base.scheme, base.netloc, full_path, "?" + query_string if query_string else "")
        if body is None and method != "GET":
            body = {}  # some gateways refuse a POST with no body at all
        payload = json.dumps(body, separators=(",", ":")).encode("utf-8") if body is not None else b""
        renewed = False
        attempt = 0
        while True:
            call = ApiCall(method, full_path, pairs, {
                "Content-Type": "application/json",
                "User-Agent": USER_AGENT,
                "Host": _host_header(base),
            }, payload, project_scoped)
            if authenticate:
                self.auth.authorize(self, call)
            try:
                response = self.session.request(method, url, data=payload or None, headers=call.headers,
                                                timeout=self.timeout, allow_redirects=False)
            except requests.exceptions.RequestException as error:
                retryable = isinstance(error, (requests.exceptions.ConnectionError, requests.exceptions.Timeout))
                if retryable and attempt < self.retries and (replay_safe or _nothing_was_sent(error)):
                    self.sleep(self._backoff(attempt))
                    attempt += 1
                    continue
                raise CodeArtsError("%s %s could not reach %s: %s" % (method, api_path, base.netloc, error)) from None
            status = response.status_code
            if attempt < self.retries and (status in RETRY_ANY_CALL or (replay_safe and status in RETRY_REPLAY_SAFE_CALL)):
                delay = _retry_after(response)
                self.sleep(self._backoff(attempt) if delay is None else delay)
                attempt += 1
                continue
            result = _read(response)
            if status == 401 and authenticate and not renewed and self.auth.renew(self):
                renewed = True
                continue
            if status >= 400 or error_in_body(result.data):
                raise error_from_response(method, api_path, status, result.data, response.text, result.request_id,
                                          self.auth.method if authenticate else None)
            return result

    def _backoff(self, attempt):
        """Capped exponential backoff with jitter, so parallel tasks do not retry in step."""
        return min(BACKOFF_CAP, BACKOFF_BASE * (2 ** attempt)) * random.uniform(0.5, 1.0)


def _host_header(base):
    """The Host header that is signed: the host, with the port only when it is not the scheme's default."""
    default_port = {"http": 80, "https": 443}.get(base.scheme)
    host = base.hostname or ""
    if ":" in host:
        host = "[%s]" % host
    return host if base.port in (None, default_port) else "%s:%s" % (host, base.port)


def _read(response):
    text = response.text
    data = None
    if text.strip():
        try:
            data = json.loads(text)
        except ValueError:
            data = None
    return ApiResponse(response.status_code, response.headers, data, response.headers.get("X-Request-Id"))
