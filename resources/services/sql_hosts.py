"""Which database servers SQL sources may connect to (issue #16).

A Manager names the server of an SQL source, so an unchecked URL would let them probe the
server's own network or read the instance's own database. Servers are reached only when
the administrator lists them in ``SQL_ALLOWED_HOSTS`` (host names, ``host:port`` or address
ranges); the instance's own database is refused whatever the list says. The host name is
resolved once here and the connection goes to that address (libpq ``hostaddr``).
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.utils.translation import gettext as _

from core import netpolicy
from core.errors import UserError
from core.transactions import network_call_check
from resources import error_codes as codes
from resources.sources.sql import UNCONNECTED, make_url, redact, unconnected_params

if TYPE_CHECKING:
    from sqlalchemy.engine.url import URL

DEFAULT_PORT = 5432
# Database servers by URL scheme (SQLAlchemy's backend name), with their default port.
SERVER_PORTS = {"postgresql": 5432, "postgres": 5432, "mysql": 3306, "mariadb": 3306, "mssql": 1433}
# Connection parameters that would name another server or database than the URL shows.
TARGET_PARAMS = {"host", "hostaddr", "port", "dbname", "service", "servicefile"}


@dataclass(frozen=True)
class _Entry:
    """One entry of SQL_ALLOWED_HOSTS: a range (any port), or a name or address with a port."""

    network: netpolicy.Network | None
    host: str
    port: int | None

    @classmethod
    def parse(cls, text: str) -> _Entry:
        text = text.strip().lower()
        try:
            return cls(ipaddress.ip_network(text.strip("[]"), strict=False), "", None)
        except ValueError:
            pass
        host, sep, port = text.rpartition(":")
        if sep and port.isdigit() and (host.endswith("]") or ":" not in host):
            return cls(None, host.strip("[]"), int(port))
        return cls(None, text.strip("[]"), None)

    def allows(self, host: str, address: netpolicy.Address, port: int) -> bool:
        if self.network is not None:
            return any(a in self.network for a in netpolicy.embedded(address))
        if self.port is not None and self.port != port:
            return False
        return self.host in (host.lower(), str(address))


def sql_hostaddr(url: str) -> str:
    """The checked address to connect to for the database server of a source ``url``
    (PostgreSQL, MariaDB/MySQL, SQL Server; "" for database files and URLs the reader
    refuses anyway); raises ``UserError`` when the server is not allowed or is the
    instance's own database."""
    try:
        parsed = make_url(url.strip())
    except ValueError:
        return ""
    if parsed.get_backend_name() not in SERVER_PORTS:
        return ""
    network_call_check("Reading a remote database")
    host, port = _target(parsed, url, SERVER_PORTS[parsed.get_backend_name()])
    entries = [_Entry.parse(e) for e in settings.SQL_ALLOWED_HOSTS if e.strip()]
    try:
        addresses = netpolicy.resolve(host, port)
    except OSError:
        addresses = []
    if not addresses and any(e.host == host.lower() for e in entries):
        # a listed server whose name is unknown: as if it did not answer
        raise UserError(UNCONNECTED, code=codes.SQL_CONNECT, params=unconnected_params(url))
    if _is_own_database(addresses, port, parsed.database or parsed.username or ""):
        raise _refused(
            _("This is the instance's own database, which SQL sources may never read."), url
        )
    if not addresses or not all(any(e.allows(host, a, port) for e in entries) for a in addresses):
        raise _refused(
            _(
                "The database server %(host)s:%(port)d is not among the servers SQL sources "
                "may read. Ask the administrator to add it to SQL_ALLOWED_HOSTS, or upload "
                "the data as a file."
            )
            % {"host": host, "port": port},
            url,
        )
    return str(addresses[0])


def _target(parsed: URL, url: str, default_port: int) -> tuple[str, int]:
    """The host and port the URL names; a URL that hides them elsewhere is refused."""
    given = sorted(k for k in parsed.query if k.lower() in TARGET_PARAMS)
    host = parsed.host or ""
    if given or not host or host.startswith("/") or "," in host:
        raise _refused(
            _(
                "Name the database server in the URL itself, as "
                "postgresql://user:password@host:port/database, without host, port, dbname "
                "or service parameters."
            ),
            url,
        )
    return host, parsed.port or default_port


def _is_own_database(addresses: list[netpolicy.Address], port: int, name: str) -> bool:
    own = settings.DATABASES["default"]
    if "postgresql" not in own.get("ENGINE", ""):
        return False  # an SQLite database is a file: check_sql_location refuses it
    if int(own.get("PORT") or DEFAULT_PORT) != port or own.get("NAME") != name:
        return False
    own_host = str(own.get("HOST") or "")
    try:
        own_addresses = netpolicy.resolve(
            "localhost" if not own_host or own_host.startswith("/") else own_host, port
        )
    except OSError:
        own_addresses = []
    if any(a.is_loopback for a in addresses) and any(a.is_loopback for a in own_addresses):
        return True  # every loopback address reaches the same server
    return bool(set(addresses) & set(own_addresses))


def _refused(message: str, url: str) -> UserError:
    return UserError(message, code=codes.SQL_HOST_REFUSED, details={"url": redact(url)})
