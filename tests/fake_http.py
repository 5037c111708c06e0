"""What the fake HTTP servers of the tests share (the GBIF registry, DataCite): not product.

``FakeServer`` serves on 127.0.0.1 in a thread and records every request (method, path,
query, headers, raw body, status; 0 when no reply was sent). ``go_down`` simulates an outage
(``"503"`` answers every request with ``_unavailable()``, ``"refuse"`` closes the listening
socket) until ``come_back``, which listens again on the same port. ``fault`` breaks one route
(method + path prefix) in one of the ways the subclass's ``FAULTS`` lists, every one of them
made of these:

- ``"hang"``: no reply until ``release`` (or ``HANG_LIMIT`` seconds), then served as usual;
- ``"lost"``: the work is done, then the connection is dropped without a reply;
- ``"5xx"``: nothing is done; ``_failed(status)`` is the reply;
- ``"5xx-after"``: the work is done, then ``_failed_after(status)`` (a gateway timeout);
- a key of ``MALFORMED``: the work is done, then that malformed (status, body, type).

A fault only spoils a reply that went well (below 300). A subclass brings its own contract:
``_served(request)`` answers a request, and the class attributes and methods above say how
its outages and faults look.
"""

from __future__ import annotations

import base64
import binascii
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar, Self
from urllib.parse import parse_qs, urlsplit


@dataclass
class Recorded:
    """One request as the server received it."""

    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes
    status: int = 0

    @property
    def username(self) -> str | None:
        """The user name of the Basic credentials (None without readable ones)."""
        return (basic_credentials(self.headers) or (None, None))[0]


@dataclass
class Reply:
    """What the server answers; ``drop`` closes the connection without answering."""

    status: int
    body: bytes = b""
    ctype: str = "text/plain"  # no Content-Type header when empty
    drop: bool = False
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Fault:
    """One route broken in one way (see ``FakeServer.fault``), ``times`` more times (None:
    always)."""

    mode: str
    method: str
    prefix: str
    status: int
    times: int | None = None

    def matches(self, req: Recorded) -> bool:
        return req.method == self.method and req.path.startswith(self.prefix)


def basic_credentials(headers: dict[str, str]) -> tuple[str, str] | None:
    """(user name, password) of an ``Authorization: Basic`` header; None when there is no
    such header or it cannot be decoded."""
    header = headers.get("authorization", "")
    if not header.lower().startswith("basic "):
        return None
    try:
        username, _, password = base64.b64decode(header[6:]).decode("utf-8").partition(":")
    except (binascii.Error, UnicodeDecodeError):
        return None
    return username, password


class FakeServer:
    """A threaded HTTP server on 127.0.0.1 that records requests and can break routes."""

    RECORDED: ClassVar[type[Recorded]] = Recorded
    METHODS: ClassVar[tuple[str, ...]] = ("GET", "POST", "PUT", "DELETE")
    HEADERS: ClassVar[dict[str, str]] = {}  # sent with every reply
    FAULTS: ClassVar[tuple[str, ...]] = ("hang", "lost", "5xx", "5xx-after")
    MALFORMED: ClassVar[dict[str, tuple[int, bytes, str]]] = {}
    HANG_LIMIT: ClassVar[float] = 60.0  # seconds a hanging request waits for ``release``
    PREFIX: ClassVar[str] = "/"  # of ``fault`` and ``calls`` when none is given
    FAULT_STATUS: ClassVar[int] = 503  # of ``fault`` when none is given

    def __init__(self):
        self.requests: list[Recorded] = []
        self.down = ""
        self.faults: list[Fault] = []
        self.released = threading.Event()
        self.lock = threading.RLock()
        self.port = 0
        self.httpd: ThreadingHTTPServer | None = None
        self.thread: threading.Thread | None = None

    # --- serving ------------------------------------------------------------------------------

    @property
    def url(self) -> str:
        return "http://127.0.0.1:%d" % self.port

    def start(self) -> Self:
        self.httpd = ThreadingHTTPServer(("127.0.0.1", self.port), handler_for(self))
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_port
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()
        return self

    def stop(self) -> None:
        """Stop serving; hanging requests are let go."""
        self.release()
        self._close()

    def _close(self) -> None:
        if self.httpd is not None:
            self.httpd.shutdown()
            self.httpd.server_close()
            self.httpd = None

    def go_down(self, mode: str = "503") -> None:
        """``"503"``: answer Service Unavailable; ``"refuse"``: stop listening."""
        self.down = mode
        if mode == "refuse":
            self._close()

    def come_back(self) -> None:
        if self.down == "refuse":
            self.start()  # the same port: clients configured with the URL keep working
        self.down = ""

    # --- faults -------------------------------------------------------------------------------

    def fault(
        self,
        mode: str,
        method: str,
        prefix: str | None = None,
        *,
        status: int | None = None,
        times: int | None = None,
    ) -> Fault:
        """Break the route ``method`` + path ``prefix`` (``PREFIX`` when None) in the way
        ``mode`` names (``FAULTS``), answering ``status`` (``FAULT_STATUS`` when None) where
        the mode sends one, for the next ``times`` requests (None: until ``clear_faults``).
        Connection refused is ``go_down("refuse")``: a closed socket cannot depend on the
        route."""
        if mode not in self.FAULTS:
            raise ValueError(
                "unknown fault %r, expected one of %s" % (mode, ", ".join(self.FAULTS))
            )
        if mode == "hang":
            self.released.clear()
        prefix = self.PREFIX if prefix is None else prefix
        status = self.FAULT_STATUS if status is None else status
        broken = Fault(mode, method.upper(), prefix, status, times)
        with self.lock:
            self.faults.append(broken)
        return broken

    def clear_faults(self) -> None:
        """Every route answers normally again; hanging requests go on."""
        with self.lock:
            self.faults.clear()
        self.release()

    def release(self) -> None:
        """Let the hanging requests go on (they are then served as usual)."""
        self.released.set()

    # --- inspection ---------------------------------------------------------------------------

    def calls(self, method: str, prefix: str | None = None) -> list[Recorded]:
        """The recorded requests with ``method`` whose path starts with ``prefix`` (``PREFIX``
        when None)."""
        prefix = self.PREFIX if prefix is None else prefix
        return [r for r in self.requests if r.method == method and r.path.startswith(prefix)]

    def sequence(self, prefix: str = "/") -> list[tuple[str, str, int]]:
        """(method, path, status) of each request whose path starts with ``prefix``, in
        order; status 0 when no reply was sent (dropped or still hanging)."""
        return [(r.method, r.path, r.status) for r in self.requests if r.path.startswith(prefix)]

    # --- answering ----------------------------------------------------------------------------

    def handle(self, request: Recorded) -> Reply:
        """Record ``request`` and answer it, as the outage and the faults in force say."""
        with self.lock:
            self.requests.append(request)
            if self.down:
                return self._unavailable()
            broken = self._fault_for(request)
        if broken is not None and broken.mode == "hang":
            self.released.wait(self.HANG_LIMIT)  # outside the lock: other routes keep answering
        with self.lock:
            if broken is not None and broken.mode == "5xx":
                return self._failed(broken.status)
            reply = self._served(request)
            if broken is None or broken.mode == "hang" or reply.status >= 300:
                return reply
            if broken.mode == "lost":
                return Reply(0, drop=True)
            if broken.mode == "5xx-after":
                return self._failed_after(broken.status)
            return Reply(*self.MALFORMED[broken.mode])

    def _fault_for(self, request: Recorded) -> Fault | None:
        for broken in self.faults:
            if broken.matches(request) and broken.times != 0:
                if broken.times is not None:
                    broken.times -= 1
                return broken
        return None

    def _served(self, request: Recorded) -> Reply:
        """The server's own answer to ``request`` (called under the lock)."""
        raise NotImplementedError

    def _unavailable(self) -> Reply:
        """The answer to every request while down in mode ``"503"``."""
        return Reply(503)

    def _failed(self, status: int) -> Reply:
        """The answer of a ``"5xx"`` fault: nothing was done."""
        return Reply(status, b"<html><body>Error</body></html>", "text/html")

    def _failed_after(self, status: int) -> Reply:
        """The answer of a ``"5xx-after"`` fault: the work was done."""
        return Reply(status, b"<html><body>Gateway Timeout</body></html>", "text/html")


def handler_for(server: FakeServer) -> type[BaseHTTPRequestHandler]:
    """A request handler class that hands every request in ``server.METHODS`` to
    ``server.handle`` and sends its reply."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _serve(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            parts = urlsplit(self.path)
            request = server.RECORDED(
                method=self.command,
                path=parts.path,
                query=parse_qs(parts.query, keep_blank_values=True),
                headers={k.lower(): v for k, v in self.headers.items()},
                body=body,
            )
            reply = server.handle(request)
            request.status = reply.status
            if reply.drop:  # the work is done, the reply never leaves
                self.close_connection = True
                return
            self.send_response(reply.status)
            if reply.ctype:
                self.send_header("Content-Type", reply.ctype)
            for name, value in {**reply.headers, **server.HEADERS}.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(reply.body)))
            self.end_headers()
            self.wfile.write(reply.body)

        def log_message(self, *args):
            pass

    for method in server.METHODS:
        setattr(Handler, "do_" + method, Handler._serve)
    return Handler
