"""Fixtures for the resources tests: the reference data beside the checkout, a local HTTP server."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "data"
EXTENSIONS = SHARED / "extensions"
VOCABULARIES = SHARED / "vocabularies" / "vocabulary"
HUMBOLDT = EXTENSIONS / "extension" / "eco" / "humboldt_2025-07-10.xml"


class LocalServer:
    """A real HTTP server on 127.0.0.1 answering the routes a test sets."""

    def __init__(self):
        self.routes: dict[str, tuple[int, bytes, str]] = {}
        self.requests: list[str] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - http.server's naming
                server.requests.append(self.path)
                missing = (404, b"not found", "text/plain")
                status, body, ctype = server.routes.get(self.path, missing)
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return "http://127.0.0.1:%d%s" % (self.httpd.server_port, path)

    def serve(self, path: str, body: bytes, *, status: int = 200,
              content_type: str = "application/xml") -> str:
        self.routes[path] = (status, body, content_type)
        return self.url(path)


@pytest.fixture
def http_server():
    server = LocalServer()
    server.thread.start()
    yield server
    server.httpd.shutdown()
    server.httpd.server_close()


@pytest.fixture(autouse=True)
def _need_shared_data():
    if not EXTENSIONS.is_dir():
        pytest.fail("reference data not found at %s (../shared beside the checkout)" % SHARED)
