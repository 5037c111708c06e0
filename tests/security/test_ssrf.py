"""Server-side request forgery (issue #16): what a user names, the server contacts only when
it is public or an administrator allowed it.

Fetches go to HTTP servers these tests start on loopback, and every refused case asserts
the server saw no request. Addresses outside this machine (cloud metadata, private ranges)
are never contacted: a tripwire on urllib3's socket connect fails the test before any
packet would leave.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import quote

import pytest
import urllib3.util.connection
from django.db import connection

from core import netpolicy
from core.errors import PublisherError, UserError
from core.http import fetch_bytes
from resources.services.sources import source_add_sql, source_fetch_url
from resources.sources.errors import SourceError
from resources.sources.sql import SqlSpec, open_sql_table, redact
from tests.factories import ResourceFactory

BODY = b"id,name\n1,Parus major\n"


class Recorder:
    """An HTTP server on ``host`` that records each path asked and answers from ``routes``
    (a body, or a redirect)."""

    def __init__(self, host: str = "127.0.0.1", family: int = socket.AF_INET):
        self.requests: list[str] = []
        self.redirects: dict[str, str] = {}
        recorder = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - http.server's naming
                recorder.requests.append(self.path)
                if self.path in recorder.redirects:
                    self.send_response(302)
                    self.send_header("Location", recorder.redirects[self.path])
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("Content-Type", "text/csv")
                self.send_header("Content-Length", str(len(BODY)))
                self.end_headers()
                self.wfile.write(BODY)

            def log_message(self, *args):
                pass

        class Server(ThreadingHTTPServer):
            address_family = family

        self.httpd = Server((host, 0), Handler)
        self.port = self.httpd.server_address[1]
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server() -> Iterator[Recorder]:
    recorder = Recorder()
    yield recorder
    recorder.close()


@pytest.fixture
def no_network(settings):
    """Nothing allowed, as an instance starts."""
    settings.FETCH_ALLOWED_NETWORKS = []
    settings.SQL_ALLOWED_HOSTS = []
    return settings


@pytest.fixture
def tripwire(monkeypatch) -> list[tuple]:
    """Fail on any connection urllib3 (and so requests) would open."""
    attempts: list[tuple] = []

    def refuse(address, *args, **kwargs):
        attempts.append(address)
        raise AssertionError("a connection to %r was attempted" % (address,))

    monkeypatch.setattr(urllib3.util.connection, "create_connection", refuse)
    return attempts


def refused_code(url: str) -> str:
    with pytest.raises(PublisherError) as caught:
        fetch_bytes(url, max_bytes=1024)
    return caught.value.code


# --- fetching URLs ------------------------------------------------------------------------------


def test_fetch_of_loopback_is_refused_by_default_without_connecting(no_network, server):
    with pytest.raises(UserError) as caught:
        fetch_bytes("http://127.0.0.1:%d/data.csv" % server.port, max_bytes=1024)
    assert caught.value.code == "fetch:address-refused"
    assert "FETCH_ALLOWED_NETWORKS" in caught.value.message
    assert server.requests == []


def test_url_source_download_of_loopback_is_refused_without_connecting(no_network, server):
    with pytest.raises(UserError) as caught:
        source_fetch_url(url="http://127.0.0.1:%d/data.csv" % server.port)
    assert caught.value.code == "fetch:address-refused"
    assert server.requests == []


def test_fetch_of_loopback_is_allowed_once_its_range_is_listed(no_network, server):
    assert refused_code("http://127.0.0.1:%d/data.csv" % server.port) == "fetch:address-refused"
    no_network.FETCH_ALLOWED_NETWORKS = ["127.0.0.1/32"]
    assert fetch_bytes("http://127.0.0.1:%d/data.csv" % server.port, max_bytes=1024) == BODY
    assert server.requests == ["/data.csv"]


def test_redirect_from_an_allowed_server_to_a_refused_address_is_refused(settings, server):
    hidden = Recorder("127.0.0.2")
    try:
        settings.FETCH_ALLOWED_NETWORKS = ["127.0.0.1/32"]
        server.redirects["/go"] = "http://127.0.0.2:%d/secret" % hidden.port
        with pytest.raises(UserError) as caught:
            fetch_bytes("http://127.0.0.1:%d/go" % server.port, max_bytes=1024)
        assert caught.value.code == "fetch:address-refused"
        assert server.requests == ["/go"] and hidden.requests == []
        server.redirects["/near"] = "/data.csv"  # within the allowed range: followed
        assert fetch_bytes("http://127.0.0.1:%d/near" % server.port, max_bytes=1024) == BODY
        assert server.requests == ["/go", "/near", "/data.csv"]
    finally:
        hidden.close()


def test_endless_redirects_stop_with_a_user_error(settings, server):
    settings.FETCH_ALLOWED_NETWORKS = ["127.0.0.1/32"]
    server.redirects["/loop"] = "/loop"
    assert refused_code("http://127.0.0.1:%d/loop" % server.port) == "fetch:redirects"
    assert len(server.requests) == 6


def test_host_name_resolving_to_loopback_is_refused_without_connecting(no_network, server):
    assert refused_code("http://localhost:%d/data.csv" % server.port) == "fetch:address-refused"
    assert server.requests == []


def test_ipv4_mapped_ipv6_loopback_is_refused_without_connecting(no_network, server):
    url = "http://[::ffff:127.0.0.1]:%d/data.csv" % server.port
    assert refused_code(url) == "fetch:address-refused"
    assert server.requests == []


def test_ipv6_loopback_is_refused_without_connecting(no_network):
    try:
        server6 = Recorder("::1", socket.AF_INET6)
    except OSError:
        pytest.skip("this machine has no IPv6 loopback")
    try:
        url = "http://[::1]:%d/data.csv" % server6.port
        assert refused_code(url) == "fetch:address-refused"
        assert server6.requests == []
    finally:
        server6.close()


@pytest.mark.parametrize(
    "url",
    [
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.1/data.csv",
        "http://192.168.1.1/data.csv",
        "https://[fd00::1]/data.csv",
        "http://0.0.0.0/data.csv",
        "http://2130706433/data.csv",  # 127.0.0.1 written as a number
    ],
)
def test_internal_addresses_are_refused_before_any_connection(no_network, tripwire, url):
    assert refused_code(url) == "fetch:address-refused"
    assert tripwire == []


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "127.1.2.3",
        "10.0.0.1",
        "172.16.5.4",
        "192.168.0.1",
        "169.254.169.254",
        "100.64.0.1",
        "0.0.0.0",  # noqa: S104 - an address to refuse, not to bind
        "224.0.0.1",
        "240.0.0.1",
        "255.255.255.255",
        "::1",
        "::",
        "fe80::1",
        "fd00::1",
        "fc00::1",
        "ff02::1",
        "::ffff:127.0.0.1",
        "::ffff:169.254.169.254",
        "::ffff:10.0.0.1",
        "64:ff9b::a9fe:a9fe",  # NAT64 of 169.254.169.254
        "2002:7f00:1::",  # 6to4 of 127.0.0.1
    ],
)
def test_decision_refuses_internal_addresses(address):
    assert netpolicy.refused(ipaddress.ip_address(address))


@pytest.mark.parametrize("address", ["93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c"])
def test_decision_accepts_public_addresses(address):
    assert not netpolicy.refused(ipaddress.ip_address(address))


def test_decision_accepts_listed_ranges_including_their_ipv4_mapped_form():
    allowed = netpolicy.networks(["10.20.0.0/16"])
    assert not netpolicy.refused(ipaddress.ip_address("10.20.3.4"), allowed)
    assert not netpolicy.refused(ipaddress.ip_address("::ffff:10.20.3.4"), allowed)
    assert netpolicy.refused(ipaddress.ip_address("10.21.0.1"), allowed)


# --- SQL sources --------------------------------------------------------------------------------


class Listener:
    """A TCP port on loopback that counts the connections made to it and closes each."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.port = self.sock.getsockname()[1]
        self.accepted = 0
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.accepted += 1
            conn.close()

    def close(self):
        self.sock.close()


@pytest.fixture
def listener() -> Iterator[Listener]:
    port = Listener()
    yield port
    port.close()


def sql_error(url: str) -> UserError:
    with pytest.raises(UserError) as caught:
        source_add_sql(resource=ResourceFactory(), name="remote", url=url, query="SELECT 1")
    return caught.value


@pytest.mark.django_db
def test_sql_source_on_loopback_is_refused_by_default_without_connecting(no_network, listener):
    error = sql_error("postgresql://reader:pw@127.0.0.1:%d/bio" % listener.port)
    assert error.code == "sql:host-refused"
    assert "SQL_ALLOWED_HOSTS" in error.message
    assert listener.accepted == 0


@pytest.mark.django_db
def test_sql_source_on_the_default_port_of_loopback_is_refused(no_network):
    assert sql_error("postgresql://reader:pw@127.0.0.1:5432/bio").code == "sql:host-refused"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "postgresql://reader:pw@/bio",  # the local socket
        "postgresql://reader:pw@localhost:1/bio?host=127.0.0.1",
        "postgresql://reader:pw@localhost:1/bio?hostaddr=127.0.0.1",
        "postgresql://reader:pw@localhost:1/bio?port=5432",
        "postgresql://reader:pw@localhost:1/bio?service=internal",
    ],
)
def test_sql_source_cannot_hide_its_server_outside_the_host(settings, url):
    settings.SQL_ALLOWED_HOSTS = ["localhost:1"]
    assert sql_error(url).code == "sql:host-refused"


@pytest.mark.django_db
def test_sql_source_connects_once_its_server_is_listed(no_network, listener):
    url = "postgresql://reader:pw@127.0.0.1:%d/bio" % listener.port
    assert sql_error(url).code == "sql:host-refused" and listener.accepted == 0
    no_network.SQL_ALLOWED_HOSTS = ["127.0.0.1:%d" % listener.port]
    error = sql_error(url)
    assert error.code == "sql:connect"  # the fake server hung up: but it was contacted
    assert listener.accepted >= 1


@pytest.mark.django_db
def test_sql_source_on_a_listed_server_but_another_port_is_refused(settings, listener):
    settings.SQL_ALLOWED_HOSTS = ["127.0.0.1:1"]
    error = sql_error("postgresql://reader:pw@127.0.0.1:%d/bio" % listener.port)
    assert error.code == "sql:host-refused"
    assert listener.accepted == 0


@pytest.mark.django_db
@pytest.mark.filterwarnings("ignore:Overriding setting DATABASES")
def test_sql_source_naming_the_instances_own_database_is_refused_even_when_listed(
    settings, listener
):
    own = {**settings.DATABASES["default"]}
    own.update(ENGINE="django.db.backends.postgresql", HOST="localhost", PORT=listener.port)
    own.update(NAME="publisher")
    settings.DATABASES = {**settings.DATABASES, "default": own}
    settings.SQL_ALLOWED_HOSTS = ["127.0.0.0/8", "::1/128"]
    error = sql_error("postgresql://reader:pw@127.0.0.1:%d/publisher" % listener.port)
    assert error.code == "sql:host-refused" and "own database" in error.message
    assert listener.accepted == 0
    other = sql_error("postgresql://reader:pw@127.0.0.1:%d/other" % listener.port)
    assert other.code == "sql:connect"  # another database on the same server may be read


@pytest.mark.django_db
def test_sql_source_naming_the_running_postgresql_database_is_refused():
    own = connection.settings_dict
    if own["ENGINE"] != "django.db.backends.postgresql":
        pytest.skip("the instance's database is not PostgreSQL here")
    url = "postgresql://%s:%s@%s:%s/%s" % (
        quote(own["USER"], safe=""),
        quote(own["PASSWORD"], safe=""),
        own["HOST"] or "localhost",
        own["PORT"] or 5432,
        own["NAME"],
    )
    error = sql_error(url)  # tests/settings.py lists loopback in SQL_ALLOWED_HOSTS
    assert error.code == "sql:host-refused" and "own database" in error.message


def test_sql_connect_failures_answer_one_message(listener):
    """A closed port, a server that hangs up, and an unknown host read the same."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed = sock.getsockname()[1]
    urls = [
        "postgresql://bob:Secret-Pw-1@127.0.0.1:%d/bio" % closed,
        "postgresql://bob:Secret-Pw-1@127.0.0.1:%d/bio" % listener.port,
        "postgresql://bob:Secret-Pw-1@no-such-host.invalid:5432/bio",
    ]
    seen = set()
    for url in urls:
        with pytest.raises(SourceError) as caught:
            list(open_sql_table(SqlSpec(url=url, query="SELECT 1"), timeout_s=2).rows())
        assert caught.value.code == "sql:connect"
        seen.add(caught.value.message.replace(redact(url), "<url>"))
    assert len(seen) == 1


@pytest.mark.django_db
def test_sql_source_on_a_listed_unknown_host_answers_as_a_server_that_hangs_up(settings, listener):
    settings.SQL_ALLOWED_HOSTS = ["no-such-host.invalid", "127.0.0.1:%d" % listener.port]
    unknown = "postgresql://bob:pw@no-such-host.invalid:5432/bio"
    hangs_up = "postgresql://bob:pw@127.0.0.1:%d/bio" % listener.port
    errors = [sql_error(unknown), sql_error(hangs_up)]
    assert [e.code for e in errors] == ["sql:connect", "sql:connect"]
    assert errors[0].message.replace(redact(unknown), "<url>") == errors[1].message.replace(
        redact(hangs_up), "<url>"
    )
