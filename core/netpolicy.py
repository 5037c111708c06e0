"""Which network addresses the server may contact on a user's behalf (issue #16).

A URL or a database host a user gives must not make the server reach what only the server
can reach: its own loopback, the private networks around it, link-local cloud metadata
services. ``refused`` decides for one address; ``resolve`` looks a host name up once, so
that the caller connects to the very address that was checked (no second lookup that a
DNS server could answer differently).
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network

NAT64 = ipaddress.IPv6Network("64:ff9b::/96")


def networks(entries: Iterable[str]) -> list[Network]:
    """Parse CIDR ranges (``10.1.0.0/16``, ``fd00:1::/64``, a single address); a bad entry
    raises ``ValueError`` naming it."""
    found: list[Network] = []
    for entry in entries:
        try:
            found.append(ipaddress.ip_network(entry.strip(), strict=False))
        except ValueError:
            raise ValueError("%r is not an address range such as 10.1.0.0/16" % entry) from None
    return found


def embedded(address: Address) -> list[Address]:
    """``address`` and the IPv4 address it carries, if any (IPv4-mapped, 6to4, NAT64)."""
    found: list[Address] = [address]
    if isinstance(address, ipaddress.IPv6Address):
        inner = address.ipv4_mapped or address.sixtofour
        if inner is None and address in NAT64:
            inner = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
        if inner is not None:
            found.append(inner)
    return found


def _internal(address: Address) -> bool:
    return (
        not address.is_global
        or address.is_loopback
        or address.is_private
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
    )


def refused(address: Address, allowed: Iterable[Network] = ()) -> bool:
    """Whether the server must not connect to ``address``: loopback, private, link-local,
    multicast, reserved, unspecified or otherwise not global (IPv4, IPv6, and the IPv4
    address inside an IPv6 one), unless a range in ``allowed`` holds it."""
    allowed = list(allowed)
    candidates = embedded(address)
    if any(a in net for a in candidates for net in allowed if a.version == net.version):
        return False
    return any(_internal(a) for a in candidates)


def resolve(host: str, port: int) -> list[Address]:
    """The addresses ``host`` resolves to (a literal address is itself), each once, in the
    resolver's order. Raises ``OSError`` when the name is unknown."""
    literal = host[1:-1] if host.startswith("[") and host.endswith("]") else host
    try:
        return [ipaddress.ip_address(literal.split("%", 1)[0])]
    except ValueError:
        pass
    found: list[Address] = []
    for info in socket.getaddrinfo(literal, port, type=socket.SOCK_STREAM):
        address = ipaddress.ip_address(str(info[4][0]).split("%", 1)[0])
        if address not in found:
            found.append(address)
    return found
