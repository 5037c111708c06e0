"""E-mail addresses judged as GBIF's registry judges them (Apache Commons EmailValidator)."""

from __future__ import annotations

import pytest

from core.emails import FORMAT, TLD, email_problem, is_registry_email, top_level_domains


@pytest.mark.parametrize(
    "address",
    [
        "ann@example.org",
        "a.b+c@sub.museum",
        "o'neil@pond.ie",
        '"ann frog"@pond.org',
        "ann@[192.0.2.1]",
        "ann@münchen.de",  # IDN: converted to xn--mnchen-3ya.de
        "  ann@pond.org  ",
        "ann@pond.xn--vermgensberater-ctb",  # an IDN TLD in its ASCII form
    ],
)
def test_addresses_commons_accepts(address):
    assert is_registry_email(address)


@pytest.mark.parametrize(
    "address, tld",
    [
        ("ann@pond.local", "local"),
        ("ann@pond.example", "example"),
        ("ann@no-such-host.invalid", "invalid"),
        ("ann@host.localhost", "localhost"),
        ("ann@pond.test", "test"),
        ("ann@corp.internal", "internal"),
        ("ann@pond.c0m", "c0m"),
    ],
)
def test_reserved_or_unknown_top_level_domains_are_refused(address, tld):
    assert email_problem(address) == (TLD, tld)


@pytest.mark.parametrize(
    "address",
    [
        "",
        "ann",
        "@pond.org",
        "ann@",
        "ann@localhost",  # no TLD: Commons allows it only with allowLocal
        "ann@pond.org.",
        "a..b@pond.org",
        ".ann@pond.org",
        "ann frog@pond.org",
        "ann@pond .org",
        "ann@-pond.org",
        "ann@[999.1.1.1]",
        "a" * 65 + "@pond.org",
        "ann@" + "a" * 250 + ".org",
        "ann@pond,org",
    ],
)
def test_malformed_addresses_are_refused(address):
    assert email_problem(address) == (FORMAT, "")


def test_the_tld_list_is_iana_s():
    tlds = top_level_domains()
    assert {"org", "com", "ch", "arpa", "museum"} <= tlds
    assert not {"local", "example", "invalid", "localhost", "test"} & tlds
