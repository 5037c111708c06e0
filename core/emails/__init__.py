"""E-mail addresses the GBIF registry accepts: Apache Commons ``EmailValidator`` rules.

The registry checks a contact's e-mail with ``EmailValidator.getInstance()`` (no local
addresses, no bare TLDs) and answers 400 to a registration whose address fails (contract
§A.4.4, §A.4.6). The rules that matter, as Commons applies them:

- ``local@domain``, split at the last ``@``; no whitespace in the domain; no final ``.``;
- the local part at most 64 characters, dot-separated words of characters other than
  whitespace, controls and ``( ) < > @ , ; : " . [ ] \\`` (``'`` and ``\\x`` escapes allowed),
  or quoted strings;
- the domain an IP literal (``[192.0.2.1]``) or a host name (IDN converted to ASCII, at most
  253 characters, labels of letters, digits and inner hyphens) whose top-level domain is in
  IANA's root zone. Reserved and special-use names (``.local``, ``.localhost``, ``.example``,
  ``.invalid``, ``.test``, ``.internal``, ``.lan`` …) are not, so they are refused.

The TLD list is IANA's ``tlds-alpha-by-domain.txt`` (its version is in the file's header).
"""

from __future__ import annotations

import ipaddress
import re
from functools import cache
from pathlib import Path

DJANGO_FREE = True

MAX_LOCAL = 64
MAX_DOMAIN = 253
_SPECIAL = r"\x00-\x1f\x7f()<>@,;:'\\\".\[\]"
_VALID = r"(?:\\.|[^\s" + _SPECIAL + r"])"
_QUOTED = r'(?:"(?:\\"|[^"])*")'
_WORD = r"(?:(?:" + _VALID + r"|')+|" + _QUOTED + r")"
_LOCAL = re.compile(_WORD + r"(?:\." + _WORD + r")*")
_ADDRESS = re.compile(r"(.+)@(\S+)")
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_DOMAIN = re.compile(r"(?:" + _LABEL + r"\.)+([A-Za-z](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)\.?")

# Why an address is refused: stable reasons the apps turn into their messages.
FORMAT = "format"
TLD = "tld"


@cache
def top_level_domains() -> frozenset[str]:
    """IANA's root zone TLDs, lower case (IDN ones in their ``xn--`` form)."""
    path = Path(__file__).with_name("tlds-alpha-by-domain.txt")
    lines = path.read_text(encoding="ascii").splitlines()
    return frozenset(line.strip().lower() for line in lines if line and not line.startswith("#"))


def email_problem(value: str) -> tuple[str, str]:
    """("", "") when the registry would accept ``value``; else the reason (``FORMAT`` or
    ``TLD``) and, for ``TLD``, the refused top-level domain."""
    address = value.strip()
    match = _ADDRESS.fullmatch(address)
    if not match or address.endswith("."):
        return FORMAT, ""
    local, domain = match.groups()
    if len(local) > MAX_LOCAL or not _LOCAL.fullmatch(local):
        return FORMAT, ""
    return _domain_problem(domain)


def is_registry_email(value: str) -> bool:
    """True when the GBIF registry would accept ``value`` as a contact's e-mail."""
    return email_problem(value) == ("", "")


def _domain_problem(domain: str) -> tuple[str, str]:
    if domain.startswith("[") and domain.endswith("]"):
        try:
            ipaddress.ip_address(domain[1:-1])
        except ValueError:
            return FORMAT, ""
        return "", ""
    try:
        ascii_domain = domain.encode("idna").decode("ascii")
    except UnicodeError:
        return FORMAT, ""
    match = _DOMAIN.fullmatch(ascii_domain)
    if len(ascii_domain) > MAX_DOMAIN or not match:
        return FORMAT, ""
    tld = match.group(1).lower()
    if tld not in top_level_domains():
        return TLD, tld
    return "", ""
