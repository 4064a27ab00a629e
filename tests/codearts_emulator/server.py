# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The HTTP side: routing by method and path, the gateway's checks, the request log and the admin API.

All services share one host (the collection's `endpoint_url`), so routing ignores the Host header.
One lock serialises every read and change of the emulated state; injected delays sleep outside it so
a slow request never holds up the others.
"""

from __future__ import annotations

import copy
import json
import logging
import ssl
import sys
import threading
import time
import uuid
from functools import partial
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable, Optional

from .api import ApiError, Reply, Request, Route, Service
from .auth import authenticate, presented
from .faults import FaultInjector
from .services import SERVICES
from .state import SeedSource, State, iso8601, load_seed
from .witness import DISABLED, SdkWitness

JSON_TYPE = "application/json;charset=UTF-8"
ADMIN_PREFIX = "/_emulator/"
# Request bodies are logged for tests to inspect; these fields never are.
SECRET_FIELDS = frozenset({"password", "access_token", "secret_key", "security_token", "token"})
# How often the serving thread checks for stop(): short, so fixtures start and stop quickly.
POLL_INTERVAL = 0.05

LOG = logging.getLogger(__name__)


def _redact(value: Any) -> Any:
    if isinstance(value, dict):
        return {
            key: "******" if key in SECRET_FIELDS and isinstance(value[key], str) else _redact(value[key])
            for key in value
        }
    if isinstance(value, list):
        return [_redact(item) for item in value]
    return value


def _logged_body(body: bytes) -> Any:
    """The request body for the log: parsed JSON with secrets masked, raw text if not JSON, None if empty."""
    if not body.strip():
        return None
    try:
        return _redact(json.loads(body))
    except ValueError:
        return body.decode("utf-8", errors="replace")


def _error_code(body: Any) -> Optional[str]:
    """The error code in any of the shapes the services answer with (flat, IAM's nested `error`, v1 `status: fail`)."""
    if not isinstance(body, dict):
        return None
    if body.get("error_code"):
        return str(body["error_code"])
    error = body.get("error")
    if isinstance(error, dict):
        code = error.get("error_code") or error.get("code")
        return str(code) if code is not None else None
    return None


def _admin_error(status: int, message: str) -> Reply:
    return Reply(status, {"error_code": f"EMULATOR.{status}", "error_msg": message})


def _service_actions(service: Service) -> dict[str, Callable[[Any], Any]]:
    """A service's optional `admin_actions()`, served as POST /_emulator/<service>/<action>: {action: handler(body) -> JSON-ready answer}."""
    actions = getattr(service, "admin_actions", None)
    return actions() if actions is not None else {}


def check_latency(seconds: Any) -> float:
    """A latency in seconds: a number from 0 to 10."""
    if isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or not 0 <= seconds <= 10:
        raise ValueError(f"the latency is a number of seconds from 0 to 10, not {seconds!r}")
    return float(seconds)


class Emulator:
    """A CodeArts/IAM emulator serving HTTP on `host:port` (port 0 picks a free one) from a background thread."""

    def __init__(
        self,
        seed: SeedSource = None,
        host: str = "127.0.0.1",
        port: int = 0,
        max_skew: float = 900.0,
        sdk_witness: bool = False,
        tls_cert: Optional[str] = None,
        tls_key: Optional[str] = None,
        latency: float = 0.0,
    ) -> None:
        self.host = host
        self.port = port
        self.max_skew = max_skew
        # Seconds added before every API answer, as a network's round trip would (requests in flight overlap).
        self.latency = check_latency(latency)
        # HTTPS when a certificate (PEM chain; the key in it or in tls_key) is given.
        self._tls: Optional[ssl.SSLContext] = None
        if tls_cert:
            self._tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            self._tls.load_cert_chain(tls_cert, tls_key)
        self._seed = load_seed(seed)
        # The SDK witness (witness.py) outlives resets: it counts every signed request this emulator saw.
        self._witness = SdkWitness() if sdk_witness else None
        self._lock = threading.RLock()
        self._server: Optional[_Server] = None
        self._thread: Optional[threading.Thread] = None
        self._rebuild(self._seed)

    def _rebuild(self, seed: dict) -> None:
        state = State(seed, SERVICES)
        self._state = state
        self._routes = [(name, route) for name, service in state.services.items() for route in service.routes()]
        self._faults = FaultInjector()
        self._log: list[dict] = []
        self._seq = 0

    # Lifecycle

    def start(self) -> Emulator:
        """Start serving; returns self so `Emulator(...).start()` reads naturally."""
        self._server = _Server((self.host, self.port), self, self._tls)
        self._thread = threading.Thread(
            target=partial(self._server.serve_forever, POLL_INTERVAL), name="codearts-emulator", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and release the port."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._thread.join()
            self._server = self._thread = None

    def __enter__(self) -> Emulator:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def url(self) -> str:
        """Base URL, e.g. http://127.0.0.1:40123 or https://... (only while serving)."""
        if self._server is None:
            raise RuntimeError("the emulator is not running")
        host, port = self._server.server_address[:2]
        return f"{'https' if self._tls else 'http'}://{host}:{port}"

    # The same controls as the admin API

    @property
    def state(self) -> State:
        """The live state (read it; change it only through the API or these methods)."""
        return self._state

    def requests(self) -> list[dict]:
        """A copy of the request log, oldest first."""
        with self._lock:
            return copy.deepcopy(self._log)

    def clear_requests(self) -> None:
        """Empty the request log."""
        with self._lock:
            self._log.clear()

    def reset(self, seed: SeedSource = None) -> None:
        """Rebuild the state from `seed` (the original seed when None); clears the log, faults, clock and token TTL."""
        new_seed = load_seed(seed) if seed is not None else self._seed
        with self._lock:
            self._rebuild(new_seed)

    def add_fault(self, **spec: Any) -> dict:
        """Inject a fault (see faults.py for the spec); returns it as stored."""
        with self._lock:
            return self._faults.add(spec).spec()

    def clear_faults(self) -> None:
        """Drop every pending fault."""
        with self._lock:
            self._faults.clear()

    def now(self) -> float:
        """The emulator's clock: epoch seconds."""
        return self._state.clock.now()

    def advance_clock(self, seconds: float) -> str:
        """Move the emulator's clock forward; returns the new time (ISO 8601)."""
        with self._lock:
            self._state.clock.advance(seconds)
            return iso8601(self._state.clock.now())

    def set_token_ttl(self, seconds: float) -> None:
        """Lifetime of the IAM tokens issued from now on."""
        if seconds <= 0:
            raise ValueError("the token TTL must be positive")
        with self._lock:
            self._state.tokens.ttl = seconds

    def set_latency(self, seconds: float) -> None:
        """Seconds added before every API answer from now on (0: none)."""
        self.latency = check_latency(seconds)

    def service_action(self, service: str, action: str, data: Any = None) -> Any:
        """Run a service's own admin action, e.g. service_action('check', 'step', {'seconds': 5}); returns its answer."""
        with self._lock:
            actions = _service_actions(self._state.services[service]) if service in self._state.services else {}
            if action not in actions:
                raise ValueError(f"no admin action {service}/{action}")
            return actions[action](data)

    def snapshot(self) -> dict:
        """The current state, pending faults included, as JSON-ready values."""
        with self._lock:
            return {**self._state.snapshot(), "faults": self._faults.snapshot()}

    def witness(self) -> dict:
        """The SDK witness's counters (`enabled: false` when it is off); never reset by reset()."""
        return self._witness.snapshot() if self._witness is not None else copy.deepcopy(DISABLED)

    def routes(self) -> list[tuple[str, Route]]:
        """Every (service name, route) this emulator serves, in routing order."""
        with self._lock:
            return list(self._routes)

    # Serving API requests

    def _resolve(self, method: str, path: str) -> tuple[Optional[str], Optional[Route], dict[str, str], list[str]]:
        """(service, route, path parameters, methods the path allows) for a request."""
        candidates = [
            (name, route, params) for name, route in self._routes if (params := route.match(path)) is not None
        ]
        for name, route, params in candidates:
            if route.method == method:
                return name, route, params, []
        return (
            (candidates[0][0] if candidates else None),
            None,
            {},
            sorted({candidate[1].method for candidate in candidates}),
        )

    def handle(self, request: Request, request_id: str) -> Optional[Reply]:
        """Answer one API request and log it; None means: close the connection without an answer."""
        with self._lock:
            service, route, params, allowed = self._resolve(request.method, request.path)
            fault = self._faults.take(request.method, request.path)
            auth_kind, access_key = presented(request, self._state)
            verdict = (
                self._witness.check(request, self._state.credentials, request_id, route.operation if route else None)
                if self._witness is not None
                else None
            )
            self._seq += 1
            entry = {
                "seq": self._seq,
                "method": request.method,
                "path": request.path,
                "query": request.query,
                "service": service,
                "operation": route.operation if route else None,
                "write": route.writes if route else request.method != "GET",
                "auth": auth_kind,
                "access_key": access_key,
                "project_header": request.headers.get("X-Project-Id"),
                "body": _logged_body(request.body),
                "status": None,
                "error_code": None,
                "request_id": request_id,
                "fault": fault.kind if fault else None,
                "served": False,
                "service_status": None,
                "sdk_signature": verdict,
            }
            self._log.append(entry)
        if self.latency:
            time.sleep(self.latency)  # outside the lock: the requests in flight wait side by side
        served = None
        if fault is not None and fault.apply:  # served first: its effect stays whatever happens to the answer
            with self._lock:
                served = self._answer(request, route, params, allowed)
                entry.update(served=True, service_status=served.status, error_code=_error_code(served.body))
        if fault is not None and fault.delay:
            time.sleep(fault.delay)
        with self._lock:
            if fault is None or fault.kind == "delay":
                reply = served or self._answer(request, route, params, allowed)
                entry.update(served=True, service_status=reply.status)
            else:
                reply = fault.reply(served)
            if reply is not None:
                entry.update(status=reply.status, error_code=_error_code(reply.body))
        return reply

    def _answer(self, request: Request, route: Optional[Route], params: dict[str, str], allowed: list[str]) -> Reply:
        if route is None:
            message = "The API does not exist or has not been published in the environment"
            if allowed:
                return ApiError(
                    405,
                    "APIGW.0101",
                    f"{message}: method {request.method} is not allowed, use {', '.join(allowed)}",
                    headers={"Allow": ", ".join(allowed)},
                ).reply()
            return ApiError(404, "APIGW.0101", message).reply()
        try:
            if route.auth:
                request.caller = authenticate(request, self._state, self.max_skew, route.project_scoped)
            return route.handler(request, **params)
        except ApiError as error:
            return error.reply()
        except Exception:  # pylint: disable=broad-exception-caught
            # An emulator bug must reach the test as a clear 500 (and a traceback), not as a dropped connection.
            LOG.exception("%s %s failed", request.method, request.path)
            return ApiError(500, "EMULATOR.500", f"internal emulator error in {route.operation}").reply()

    # The admin API

    def admin(self, method: str, path: str, body: bytes) -> Reply:
        """Answer a request under /_emulator/ (not authenticated, not logged)."""
        actions: dict[str, dict[str, Callable[[Any], Reply]]] = {
            "requests": {
                "GET": lambda _data: Reply(200, self.requests()),
                "DELETE": lambda _data: self._done(self.clear_requests),
            },
            "reset": {"POST": lambda data: self._done(self.reset, data)},
            "faults": {
                "POST": lambda data: Reply(201, self.add_fault(**(data or {}))),
                "DELETE": lambda _data: self._done(self.clear_faults),
            },
            "state": {"GET": lambda _data: Reply(200, self.snapshot())},
            "witness": {"GET": lambda _data: Reply(200, self.witness())},
            "clock": {"POST": lambda data: Reply(200, {"now": self.advance_clock(float(data["advance"]))})},
            "tokens": {"POST": lambda data: self._done(self.set_token_ttl, float(data["ttl"]))},
            "latency": {"POST": lambda data: self._done(self.set_latency, data["seconds"])},
        }
        with self._lock:  # POST /_emulator/<service>/<action>: each service's own actions
            actions.update(
                {
                    f"{name}/{action}": {"POST": partial(self._service_reply, name, action)}
                    for name, service in self._state.services.items()
                    for action in _service_actions(service)
                }
            )
        by_method = actions.get(path[len(ADMIN_PREFIX) :])
        if by_method is None:
            return _admin_error(404, f"no admin endpoint {path}")
        action = by_method.get(method)
        if action is None:
            return _admin_error(405, f"{path} allows {', '.join(by_method)}")
        try:
            return action(json.loads(body) if body.strip() else None)
        except (ValueError, TypeError, KeyError, AttributeError) as exc:
            return _admin_error(400, f"{path}: {exc!r}")

    def _service_reply(self, service: str, action: str, data: Any) -> Reply:
        return Reply(200, self.service_action(service, action, data))

    @staticmethod
    def _done(action: Callable[..., Any], *args: Any) -> Reply:
        action(*args)
        return Reply(204)


class _Handler(BaseHTTPRequestHandler):
    """Turns HTTP/1.1 exchanges into Emulator calls; keep-alive works like a real gateway's."""

    protocol_version = "HTTP/1.1"
    server_version = "CodeArtsEmulator"
    # Headers and body go out in two writes: with Nagle's algorithm the body waits for the client's delayed ACK
    # (tens of milliseconds a request on Linux), which no real gateway makes a client wait.
    disable_nagle_algorithm = True
    server: _Server

    def _serve(self) -> None:
        raw_path, _sep, raw_query = self.path.partition("?")
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        request_id = uuid.uuid4().hex
        emulator = self.server.emulator
        if raw_path.startswith(ADMIN_PREFIX):
            reply = emulator.admin(self.command, raw_path, body)
        else:
            reply = emulator.handle(Request(self.command, raw_path, raw_query, self.headers, body), request_id)
        if reply is None:
            self.close_connection = True
            return
        if reply.raw is not None:
            data = reply.raw.encode()
        else:
            data = b"" if reply.body is None else json.dumps(reply.body, ensure_ascii=False).encode()
        self.send_response(reply.status)
        self.send_header("X-Request-Id", request_id)
        if reply.body is not None or reply.raw is not None:
            self.send_header("Content-Type", JSON_TYPE)
        for name, value in reply.headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if reply.truncate is not None:
            # Content-Length promised the whole body: the client sees the answer cut short.
            self.wfile.write(data[: reply.truncate])
            self.close_connection = True
            return
        self.wfile.write(data)

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _serve

    def date_time_string(self, timestamp: Optional[float] = None) -> str:
        """The Date header, on the emulator's clock (a cloud's answers carry its own time, fast-forwarded here too)."""
        return super().date_time_string(self.server.emulator.now() if timestamp is None else timestamp)

    def log_message(self, format: str, *args: Any) -> None:  # pylint: disable=redefined-builtin
        """Silence the per-request access log on stderr: the request log is the record."""


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], emulator: Emulator, tls: Optional[ssl.SSLContext] = None) -> None:
        super().__init__(address, _Handler)
        self.emulator = emulator
        self.tls = tls

    def get_request(self) -> tuple[Any, Any]:
        sock, address = super().get_request()
        if self.tls is not None:
            # The handshake runs in the connection's own thread (finish_request), so a client that never
            # completes it cannot hold up the accepting thread.
            sock = self.tls.wrap_socket(sock, server_side=True, do_handshake_on_connect=False)
        return sock, address

    def finish_request(self, request: Any, client_address: Any) -> None:
        if self.tls is not None:
            try:
                request.do_handshake()
            except (ssl.SSLError, OSError):
                return  # a client that does not trust our CA, or speaks plain HTTP: nothing to serve
        super().finish_request(request, client_address)

    def handle_error(self, request: Any, client_address: Any) -> None:
        # Clients hanging up (timeouts, dropped-connection faults) are routine here, not worth a traceback.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)
