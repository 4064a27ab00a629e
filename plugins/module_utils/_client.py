# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The HTTP client every module shares: endpoints, one session, retries, errors.

All HTTP goes through ``CodeArtsClient.send``: ``_prepare`` builds the call (URL, query, body), ``_attempt`` signs
and sends it once and says how it ended (an ``Attempt``: answered, not processed, maybe processed), and ``send``
applies the retry policy (``_retry_policy``) to that. It is the only place that retries, applies timeouts and turns
an answer into a ``CodeArtsError``; what the task sent lands in its ``TaskRecord``.
"""

from __future__ import annotations

import email.utils
import json
import random
import re
import threading
import time
import traceback
from urllib.parse import quote, urlsplit

from ansible_collections.huaweicloud.codearts.plugins.module_utils._auth import canonical_query_string
from ansible_collections.huaweicloud.codearts.plugins.module_utils._codearts_api import (
    ID_PATTERN,
    MAYBE_PROCESSED_STATUS,
    NOT_PROCESSED_STATUS,
    REGION_HOST_OVERRIDES,
    SERVICE_HOSTS,
)
from ansible_collections.huaweicloud.codearts.plugins.module_utils._errors import (
    CodeArtsError,
    error_from_response,
    error_in_body,
)
from ansible_collections.huaweicloud.codearts.plugins.module_utils._record import TaskRecord

try:
    import requests
except ImportError:
    requests = None
    REQUESTS_IMPORT_ERROR = traceback.format_exc()
else:
    REQUESTS_IMPORT_ERROR = None
    from urllib3 import exceptions as urllib3_exceptions

USER_AGENT = "huaweicloud.codearts-ansible/2.6.0"
BACKOFF_BASE = 1.0
BACKOFF_CAP = 20.0
RETRY_AFTER_CAP = 60.0
# How many reads a task that must read many things (the runs of many pipelines, ...) sends side by side.
READ_CONCURRENCY = 8
# urllib3 1.x names a DNS failure only in the text of a NewConnectionError (2.x has NameResolutionError).
_NAME_NOT_RESOLVED = re.compile(
    r"Name or service not known|nodename nor servname|getaddrinfo failed|name resolution|No address"
)
# A connection the server closed before any answer (what plain http to a port that speaks TLS gets).
_CLOSED_UNANSWERED = re.compile(r"RemoteDisconnected|Connection reset by peer|BadStatusLine")
# urllib3's names for its pools and connections in front of a cause: "HTTPConnectionPool(host='h', port=1): ".
_URLLIB3_PREFIX = re.compile(r"^(<[^>]*>|\w*Connection(Pool)?\(host=[^)]*\)): ")
UNREADABLE_EXCERPT = 120
MAY_BE_APPLIED = " The request may have been applied."
UNVERIFIED_TLS_WARNING = (
    "validate_certs is false: the TLS certificates of the CodeArts and IAM endpoints are not checked, so anyone on "
    "the network path can read the credentials. Set ca_path instead where a private CA signs them."
)


def validate_id(name, value):
    """Refuse an ID that could change the path it is put in (see ID_PATTERN)."""
    if not isinstance(value, str) or not ID_PATTERN.match(value):
        raise CodeArtsError("%s must hold only letters, digits, '-' and '_'; got %r." % (name, value))
    return value


def expand_path(template, path_params):
    """Fill a path template such as /v3/jobs/{job_id}/recover with validated, percent-encoded IDs."""
    return template.format(
        **{name: quote(validate_id(name, value), safe="") for name, value in (path_params or {}).items()}
    )


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
    def __init__(self, status, headers, data, request_id, unreadable=False):
        self.status = status
        self.headers = headers
        self.data = data
        self.request_id = request_id
        self.unreadable = unreadable


def _http_date(value):
    """An HTTP date (a Date or Retry-After header) as epoch seconds; None for a missing or unreadable one."""
    try:
        return email.utils.parsedate_to_datetime(value).timestamp()
    except (TypeError, ValueError, IndexError):
        return None


def _retry_after(response):
    value = response.headers.get("Retry-After")
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        when = _http_date(value)
        if when is None:
            return None
        seconds = when - time.time()
    return min(max(seconds, 0.0), RETRY_AFTER_CAP)


# How a failed attempt leaves a call: the request surely was not processed, may have been, or was answered.
NOT_PROCESSED = "not processed"
MAYBE_PROCESSED = "maybe processed"
ANSWERED = "answered"


def _retry_policy(is_write, outcome, attempts_left):
    """The whole retry rule: "retry", "ambiguous" (a write that may have been applied) or "fail".

    Anything not processed is sent again; a read is sent again when it may have been processed; a write
    never is, since a second delete, start or stop could act twice or be refused as already done.
    """
    if outcome == NOT_PROCESSED or (outcome == MAYBE_PROCESSED and not is_write):
        return "retry" if attempts_left else "fail"
    return "ambiguous" if outcome == MAYBE_PROCESSED else "fail"


# What each kind of transport failure means for the call (how far it got), what failed, and the hint; {netloc},
# {timeout} and {endpoint} (the option that names the host: endpoint_url, or iam_endpoint for IAM) are filled in.
TRANSPORT_FAILURES = {
    "proxy": (
        NOT_PROCESSED,
        "the proxy failed",
        "Check the proxy settings (HTTPS_PROXY, HTTP_PROXY and NO_PROXY in the task's environment) and that the "
        "proxy is reachable and allows connections to {netloc}.",
    ),
    "certificate": (
        ANSWERED,
        "the server's TLS certificate could not be verified",
        "Set ca_path to the CA bundle that signed the certificate of {netloc} (validate_certs: false turns "
        "the check off, for tests only).",
    ),
    "tls": (
        ANSWERED,
        "the TLS handshake failed",
        "Check that {endpoint} uses the scheme the server speaks (https or http) and its port, and the ca_path "
        "and validate_certs settings.",
    ),
    "connect timeout": (
        NOT_PROCESSED,
        "the connection timed out",
        "Check {endpoint} or region, and that this machine (or its proxy) can reach {netloc} within "
        "timeout ({timeout} s).",
    ),
    "read timeout": (
        MAYBE_PROCESSED,
        "no answer came within timeout ({timeout} s)",
        "Raise timeout if the service is slow, or check the health of the endpoint and of any proxy on the way.",
    ),
    "name": (
        NOT_PROCESSED,
        "the host name could not be resolved",
        "Check region and {endpoint} (the host {netloc}), and this machine's DNS or proxy settings.",
    ),
    "refused": (
        NOT_PROCESSED,
        "the connection could not be opened",
        "Check that {endpoint} (scheme, host and port) or region names a server that listens, and the proxy "
        "settings (HTTPS_PROXY, HTTP_PROXY, NO_PROXY).",
    ),
    "lost": (
        MAYBE_PROCESSED,
        "the connection was lost before the whole answer came",
        "The server or a proxy on the way closed the connection: check the endpoint's health and any proxy.",
    ),
    # Plain http sent to a port that speaks TLS: the server drops it without an HTTP answer.
    "lost over http": (
        MAYBE_PROCESSED,
        "the connection was closed without an answer",
        "{endpoint} says http://: if {netloc} serves https on that port, {endpoint} must start with https://. "
        "Otherwise the server or a proxy on the way closed the connection: check their health.",
    ),
    "other": (ANSWERED, "the request could not be made", "Check {endpoint} and region."),
}


def _urllib3_reason(error):
    """The urllib3 exception under an exception of requests (its MaxRetryError's reason), or None."""
    return getattr(error.args[0], "reason", None) if error.args else None


def _transport_kind(error, scheme):
    """Which TRANSPORT_FAILURES entry an exception of requests is (``scheme``: the URL's, http or https)."""
    exceptions = requests.exceptions
    text = str(error)
    reason = _urllib3_reason(error)
    if isinstance(error, exceptions.ProxyError):
        return "proxy"
    if isinstance(error, exceptions.SSLError):
        return "certificate" if "CERTIFICATE_VERIFY_FAILED" in text else "tls"
    if isinstance(error, (exceptions.ConnectTimeout, exceptions.ReadTimeout)):
        return "connect timeout" if isinstance(error, exceptions.ConnectTimeout) else "read timeout"
    if isinstance(error, exceptions.ConnectionError) and isinstance(reason, urllib3_exceptions.NewConnectionError):
        name_error = getattr(urllib3_exceptions, "NameResolutionError", ())
        return "name" if isinstance(reason, name_error) or _NAME_NOT_RESOLVED.search(text) else "refused"
    if isinstance(error, exceptions.ConnectionError) and scheme == "http" and _CLOSED_UNANSWERED.search(text):
        return "lost over http"
    lost = (exceptions.ConnectionError, exceptions.ChunkedEncodingError, exceptions.ContentDecodingError)
    return "lost" if isinstance(error, lost) else "other"


def _transport_cause(error):
    """What failed underneath, without urllib3's wrapping: its "Max retries exceeded with url" would read as if the
    collection's retries had run out, and its pool and connection names say nothing to a user."""
    reason = _urllib3_reason(error)
    return _URLLIB3_PREFIX.sub("", str(error if reason is None else reason))


def _endpoint_option(service):
    """The option that names the host of ``service``."""
    return "iam_endpoint" if service == "iam" else "endpoint_url"


def _transport_failure(error, request, timeout):
    """(outcome, what failed, hint) for an exception of requests: how far the request got, in a user's words."""
    outcome, what, hint = TRANSPORT_FAILURES[_transport_kind(error, request.base.scheme)]
    hint = hint.format(netloc=request.base.netloc, timeout=timeout, endpoint=_endpoint_option(request.service))
    return outcome, what.format(timeout=timeout), hint


class PreparedRequest:
    """One call, ready to be signed and sent as often as the retry policy allows."""

    def __init__(
        self,
        service,
        method,
        api_path,
        base,
        full_path,
        query_pairs,
        url,
        payload,
        authenticate,
        project_scoped,
        is_write,
    ):
        self.service = service
        self.method = method
        self.api_path = api_path
        self.base = base
        self.full_path = full_path
        self.query_pairs = query_pairs
        self.url = url
        self.payload = payload
        self.authenticate = authenticate
        self.project_scoped = project_scoped
        self.is_write = is_write
        self.sent_as = "%s %s" % (method, api_path)
        # Error codes that, in a 2xx body, are the operation's answer and not a failure (a run that queued).
        self.accepted_codes = ()
        self.counted = False  # whether the task's record counts it as sent (TaskRecord.note_write)


class Attempt:
    """How one try of a call ended: its outcome (NOT_PROCESSED, MAYBE_PROCESSED, ANSWERED), the answer, and the error."""

    def __init__(
        self,
        outcome,
        reached_server,
        response=None,
        error=None,
        retry_after=None,
        credentials_refused=False,
        throttled=False,
    ):
        self.outcome = outcome
        # Whether a write may now be applied: it counts as sent (a transport failure only when it may have been processed).
        self.reached_server = reached_server
        self.response = response
        self.error = error
        self.retry_after = retry_after
        self.credentials_refused = credentials_refused
        # The service asked to slow down: HTTP 429, or any answer with Retry-After.
        self.throttled = throttled

    @classmethod
    def lost(cls, request, error, timeout):
        """No answer: the exception of requests, read as how far the request got."""
        outcome, what, hint = _transport_failure(error, request, timeout)
        failure = CodeArtsError(
            "%s %s to %s failed: %s: %s."
            % (request.method, request.api_path, request.base.netloc, what, _transport_cause(error).rstrip(".")),
            hint=hint,
        )
        return cls(outcome, outcome == MAYBE_PROCESSED, error=failure)

    @classmethod
    def answered(cls, request, response, auth_method):
        """An HTTP answer: its outcome, and the CodeArtsError it is when it is not a success."""
        status = response.status_code
        result = _read(response)
        retry_after = _retry_after(response)
        if status in NOT_PROCESSED_STATUS:
            outcome = NOT_PROCESSED
        elif status in MAYBE_PROCESSED_STATUS or (status < 400 and result.unreadable):
            outcome = MAYBE_PROCESSED
        else:
            outcome = ANSWERED
        error = None
        if status < 400 and result.unreadable:
            error = CodeArtsError(
                "%s %s answered HTTP %s with a body that could not be read as JSON: %r."
                % (request.method, request.api_path, status, response.text.strip()[:UNREADABLE_EXCERPT]),
                status=status,
                request_id=result.request_id,
                hint="The answer was cut short or is not JSON: check that endpoint_url points at the CodeArts API "
                "and not at a proxy or login page, and run the task again.",
            )
        elif status >= 400 or _error_in_body(result.data, request.accepted_codes):
            error = error_from_response(
                request.method, request.api_path, status, result.data, response.text, result.request_id, auth_method
            )
            if request.is_write and status < 500:
                error.refused_write = request.sent_as  # the API's definite answer to this very write: not applied
        return cls(
            outcome,
            outcome != NOT_PROCESSED,
            response=result,
            error=error,
            retry_after=retry_after,
            credentials_refused=status == 401 and request.authenticate,
            throttled=status == 429 or retry_after is not None,
        )

    def failure(self, ambiguous):
        """The CodeArtsError to raise; ``ambiguous`` when a write may have been applied (never a refused one)."""
        if ambiguous:
            self.error.ambiguous = True
            self.error.refused_write = None
            self.error.message += MAY_BE_APPLIED
        return self.error


def _require_region(auth, region, endpoint_url, iam_endpoint):
    """Fail before any request when there is no region and something needs one."""
    if region:
        return
    needed_for = [
        reason
        for reason, needed in (
            ("the service endpoints (or set endpoint_url)", not endpoint_url),
            ("the IAM project (or set iam_project_id)", auth.needs_region),
            ("the IAM endpoint (or set iam_endpoint)", auth.uses_iam and not iam_endpoint),
        )
        if needed
    ]
    if needed_for:
        raise CodeArtsError("region is required to name %s." % " and ".join(needed_for))


class CodeArtsClient:
    """Talks to the CodeArts services (and IAM) of one region, or of one ``endpoint_url``."""

    def __init__(
        self,
        auth,
        region=None,
        endpoint_url=None,
        iam_endpoint=None,
        validate_certs=True,
        ca_path=None,
        timeout=30,
        retries=3,
        host_templates=None,
        sleep=time.sleep,
        monotonic=time.monotonic,
        record=None,
        read_concurrency=READ_CONCURRENCY,
    ):
        if requests is None:
            raise CodeArtsError("The Python library requests is required.")
        _require_region(auth, region, endpoint_url, iam_endpoint)
        self.auth = auth
        self.region = region
        self.endpoint_url = endpoint_url.rstrip("/") if endpoint_url else None
        self.iam_endpoint = iam_endpoint.rstrip("/") if iam_endpoint else None
        self.timeout = timeout
        self.retries = retries
        # Host templates that replace SERVICE_HOSTS for some services (the Check modules' check_host option).
        self.host_templates = host_templates or {}
        self.sleep = sleep
        self.monotonic = monotonic
        self.session = requests.Session()
        # Given with each request: requests lets REQUESTS_CA_BUNDLE or CURL_CA_BUNDLE override Session.verify,
        # and the task's options must win (the environment only fills in when neither option is set).
        self.verify = ca_path or bool(validate_certs)
        # What the task did through this client (its writes, lost answers, absences, warnings): the task's own.
        self.record = record if record is not None else TaskRecord()
        if not self.verify:
            self.record.warnings.append(UNVERIFIED_TLS_WARNING)
        # How far the service's clock (the Date of its latest answer) is ahead of this machine's, in seconds.
        self.clock_offset = 0.0
        # Reads side by side (read_each): how many at most, and the rules they share while they run (side_by_side):
        # a throttled answer holds every reader until throttled_until (on the monotonic clock); signing (and the token
        # or IAM project it may fetch) is done by one reader at a time.
        self.read_concurrency = max(1, int(read_concurrency))
        self.side_by_side = False
        self.throttled_until = 0.0
        self._auth_lock = threading.RLock()

    def base_url(self, service):
        if service == "iam":
            if self.iam_endpoint:
                return self.iam_endpoint
        elif self.endpoint_url:
            return self.endpoint_url
        if not self.region:
            raise CodeArtsError("region is required to reach the %s service (or set endpoint_url)." % service)
        template = self.host_templates.get(service) or REGION_HOST_OVERRIDES.get(
            (service, self.region), SERVICE_HOSTS[service]
        )
        return "https://" + template.format(region=self.region)

    def request(
        self, service, method, path, path_params=None, query=None, body=None, project_scoped=True, accepted_codes=()
    ):
        """Send one call and return its JSON body (None when empty); a 2xx body whose error code is one of
        ``accepted_codes`` is returned too, as the operation's answer."""
        return self.send(
            service,
            method,
            path,
            path_params,
            query,
            body,
            project_scoped=project_scoped,
            accepted_codes=accepted_codes,
        ).data

    def get(self, service, path, path_params=None, query=None):
        return self.request(service, "GET", path, path_params, query)

    def post(self, service, path, path_params=None, query=None, body=None):
        return self.request(service, "POST", path, path_params, query, body)

    def get_if_exists(self, service, path, path_params, missing_code):
        """The JSON body ({} when empty), or None when the API answers ``missing_code`` (one or a tuple): no such resource.

        The API's answer is kept in the task's record (``last_absence``), so a caller that needs the resource can fail
        with its code and request ID.
        """
        try:
            return self.get(service, path, path_params) or {}
        except CodeArtsError as error:
            if error.code in ((missing_code,) if isinstance(missing_code, str) else missing_code):
                self.record.last_absence = error
                return None
            raise

    def query(self, service, path, path_params=None, body=None):
        """A POST that only reads (a list call with its filter in the body): retried as a read, never counted as a write."""
        return self.send(service, "POST", path, path_params, body=body, read_only=True).data

    def list_all(self, service, path, path_params, paging, query=None):
        """Every item of a paged GET list (``paging``, a Paging), with ``query`` besides the page fields."""
        return self.get_all(
            lambda pages, items: self.get(service, path, path_params, dict(query or {}, **paging.fields(pages, items))),
            paging.items_key,
            paging.size,
        )

    def query_all(self, service, path, path_params, paging, body):
        """Every item of a paged list that is read with a POST (a query), with ``body`` besides the page fields."""
        return self.get_all(
            lambda pages, items: self.query(service, path, path_params, dict(body, **paging.fields(pages, items))),
            paging.items_key,
            paging.size,
        )

    def get_all(self, read_page, items_key, page_size):
        """Every item of a paged list. ``read_page(page_number, items_so_far)`` reads one page (a GET or a query).

        Stops at a short page or when ``total`` items were read, so a list that fits one page is one call.
        """
        items = []
        while True:
            data = read_page(len(items) // page_size, len(items)) or {}
            page = data.get(items_key) or []
            items.extend(page)
            if len(page) < page_size or len(items) >= (data.get("total") or 0):
                return items

    def send(
        self,
        service,
        method,
        path,
        path_params=None,
        query=None,
        body=None,
        authenticate=True,
        project_scoped=True,
        read_only=False,
        accepted_codes=(),
    ):
        """Send one call with retries; return its ApiResponse or raise CodeArtsError for any failure.

        A read (GET, a ``read_only`` POST such as a list query, or the IAM token request, which changes nothing) is
        retried on any transient failure.
        A write is sent again only when it surely was not processed; when it may have been (an answer lost,
        502, 504, an unreadable answer) the CodeArtsError says ``ambiguous`` and the caller reads the state.
        """
        request = self._prepare(
            service, method, path, path_params, query, body, authenticate, project_scoped, read_only
        )
        request.accepted_codes = tuple(accepted_codes)
        attempts = renewed = 0
        waited = False
        while True:
            if self.side_by_side and not waited:
                self._wait_out_throttling()
            attempt = self._attempt(request)
            if request.is_write and attempt.reached_server:
                self.record.note_write(request)
            verdict = _retry_policy(request.is_write, attempt.outcome, attempts < self.retries)
            waited = False
            if verdict == "retry":
                delay = self._backoff(attempts) if attempt.retry_after is None else attempt.retry_after
                if attempt.throttled and self.side_by_side:
                    # The service asked to slow down: the other readers of this task wait as long as this one.
                    self.throttled_until = max(self.throttled_until, self.monotonic() + delay)
                self.sleep(delay)
                waited = True
                attempts += 1
            elif attempt.credentials_refused and not renewed and self._renew():
                renewed = True
            elif attempt.error is None:
                return attempt.response
            else:
                raise attempt.failure(ambiguous=verdict == "ambiguous")

    def _prepare(self, service, method, path, path_params, query, body, authenticate, project_scoped, read_only):
        """The call as it goes on the wire: its URL, query, body and whether it is a write (nothing signed yet)."""
        api_path = expand_path(path, path_params)
        base = urlsplit(self.base_url(service))
        full_path = base.path.rstrip("/") + api_path
        pairs = flatten_query(query)
        query_string = canonical_query_string(pairs)
        if body is None and method != "GET":
            body = {}  # some gateways refuse a POST with no body at all
        return PreparedRequest(
            service=service,
            method=method,
            api_path=api_path,
            base=base,
            full_path=full_path,
            query_pairs=pairs,
            url="%s://%s%s%s" % (base.scheme, base.netloc, full_path, "?" + query_string if query_string else ""),
            payload=json.dumps(body, separators=(",", ":")).encode("utf-8") if body is not None else b"",
            authenticate=authenticate,
            project_scoped=project_scoped,
            is_write=method != "GET" and authenticate and not read_only,
        )

    def _attempt(self, request):
        """Sign and send the call once: an Attempt that says how far it got and what came back."""
        call = ApiCall(
            request.method,
            request.full_path,
            request.query_pairs,
            {
                "Content-Type": "application/json",
                "User-Agent": USER_AGENT,
                "Host": _host_header(request.base),
            },
            request.payload,
            request.project_scoped,
        )
        if request.authenticate:
            with self._auth_lock:
                self.auth.authorize(self, call)
        try:
            response = self.session.request(
                request.method,
                request.url,
                data=request.payload or None,
                headers=call.headers,
                verify=self.verify,
                timeout=self.timeout,
                allow_redirects=False,
            )
        except requests.exceptions.RequestException as error:
            return Attempt.lost(request, error, self.timeout)
        served_at = _http_date(response.headers.get("Date"))
        if served_at is not None:
            self.clock_offset = served_at - time.time()
        return Attempt.answered(request, response, self.auth.method if request.authenticate else None)

    def read_each(self, read, items):
        """``[read(item) for item in items]``, with up to ``read_concurrency`` reads side by side (1: one after
        another), in the order of ``items``. The first read goes alone, so that the token or IAM project it may need is
        fetched once; the first failure is raised, and the reads not yet started are not sent. Only for reads: a write
        is sent one at a time, by its caller."""
        items = list(items)
        if self.read_concurrency == 1 or len(items) < 2:
            return [read(item) for item in items]
        # Imported here: a task that reads one thing at a time does not pay for it at start-up.
        from concurrent.futures import ThreadPoolExecutor  # pylint: disable=import-outside-toplevel

        results = [read(items[0])]
        pool = ThreadPoolExecutor(max_workers=min(self.read_concurrency, len(items) - 1))
        self.side_by_side = True
        try:
            futures = [pool.submit(read, item) for item in items[1:]]
            results.extend(future.result() for future in futures)
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
            self.side_by_side = False
        return results

    def _wait_out_throttling(self):
        """Wait until the delay a throttled answer asked of another reader of this task has passed."""
        left = self.throttled_until - self.monotonic()
        if left > 0:
            self.sleep(left)

    def _renew(self):
        with self._auth_lock:
            return self.auth.renew(self)

    def service_now_ms(self):
        """Now on the service's clock, as the Date of its latest answer tells it (to the second); this machine's clock
        before any answer. Durations measured by it do not depend on how well this machine's clock is set."""
        return int((time.time() + self.clock_offset) * 1000)

    def _backoff(self, attempt):
        """Capped exponential backoff with jitter, so parallel tasks do not retry in step."""
        return min(BACKOFF_CAP, BACKOFF_BASE * (2**attempt)) * random.uniform(0.5, 1.0)


def _error_in_body(data, accepted_codes):
    """Whether a 2xx body reports an error, other than one whose code is in ``accepted_codes`` (an answer its caller takes)."""
    found = error_in_body(data)
    return found is not None and (found[0] is None or found[0] not in accepted_codes)


def _host_header(base):
    """The Host header that is signed: the host, with the port only when it is not the scheme's default."""
    default_port = {"http": 80, "https": 443}.get(base.scheme)
    host = base.hostname or ""
    if ":" in host:
        host = "[%s]" % host
    return host if base.port in (None, default_port) else "%s:%s" % (host, base.port)


def _read(response):
    """The answer with its JSON body; ``unreadable`` when a body came that is not JSON (or was cut short)."""
    text = response.text
    data = None
    unreadable = False
    if text.strip():
        try:
            data = json.loads(text)
        except ValueError:
            unreadable = True
    return ApiResponse(response.status_code, response.headers, data, response.headers.get("X-Request-Id"), unreadable)
