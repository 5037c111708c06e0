"""ORCID iDs, ROR ids and funder ids: the forms people paste are accepted, typos in check
digits and other identifiers are not."""

from __future__ import annotations

import pytest

from metadata.eml.identifiers import (
    funder_id_valid,
    is_orcid_directory,
    is_ror_directory,
    normalise_funder_id,
    normalise_orcid,
    normalise_ror,
    orcid_valid,
    ror_valid,
)


@pytest.mark.parametrize(
    ("value", "bare"),
    [
        ("0000-0002-1825-0097", "0000-0002-1825-0097"),
        ("https://orcid.org/0000-0001-5109-3700", "0000-0001-5109-3700"),
        ("http://orcid.org/0000-0003-0833-9001", "0000-0003-0833-9001"),
        ("orcid.org/0000-0002-1825-0097/", "0000-0002-1825-0097"),
        ("  0000-0002-1694-233x ", "0000-0002-1694-233X"),
    ],
)
def test_orcid_is_normalised_to_the_bare_id(value, bare):
    assert normalise_orcid(value) == bare
    assert orcid_valid(value)


@pytest.mark.parametrize(
    "value",
    [
        "0000-0002-1825-0098",  # wrong check digit
        "0000-0002-1694-2339",  # X expected
        "0000000218250097",  # no hyphens
        "0000-0002-1825-009",
        "https://example.org/0000-0002-1825-0097",
        "",
    ],
)
def test_orcid_with_bad_format_or_check_digit_is_refused(value):
    assert normalise_orcid(value) is None
    assert not orcid_valid(value)


@pytest.mark.parametrize(
    ("value", "bare"),
    [
        ("03yrm5c26", "03yrm5c26"),
        ("https://ror.org/03YRM5C26", "03yrm5c26"),
        ("ror.org/02mhbdp94", "02mhbdp94"),
        ("http://ror.org/04wxnsj81/", "04wxnsj81"),
    ],
)
def test_ror_is_normalised_to_the_bare_id(value, bare):
    assert normalise_ror(value) == bare
    assert ror_valid(value)


@pytest.mark.parametrize(
    "value",
    [
        "03yrm5c27",  # wrong check digits
        "13yrm5c26",  # must start with 0
        "0ilou5c26",  # i, l, o, u are not Crockford base 32
        "03yrm5c2",
        "https://orcid.org/03yrm5c26",
    ],
)
def test_ror_with_bad_format_or_check_digits_is_refused(value):
    assert normalise_ror(value) is None
    assert not ror_valid(value)


def test_directories_are_recognised_in_the_forms_in_use():
    assert is_orcid_directory("https://orcid.org/") and is_orcid_directory("http://orcid.org/")
    assert is_orcid_directory("ORCID")
    assert is_ror_directory("https://ror.org/") and is_ror_directory("ROR")
    assert not is_ror_directory("https://error.org/")
    assert not is_orcid_directory("https://www.wikidata.org/wiki/")


@pytest.mark.parametrize(
    ("value", "canonical"),
    [
        ("10.13039/100000001", "https://doi.org/10.13039/100000001"),
        ("https://doi.org/10.13039/501100000780", "https://doi.org/10.13039/501100000780"),
        ("http://dx.doi.org/10.13039/100000001/", "https://doi.org/10.13039/100000001"),
        ("doi:10.13039/100000001", "https://doi.org/10.13039/100000001"),
        ("021nxhr62", "https://ror.org/021nxhr62"),
        (" https://ror.org/021NXHR62 ", "https://ror.org/021nxhr62"),
    ],
)
def test_funder_registry_doi_and_ror_are_funder_ids(value, canonical):
    assert normalise_funder_id(value) == canonical
    assert funder_id_valid(value)


@pytest.mark.parametrize(
    "value",
    [
        "10.5281/zenodo.1234",  # a DOI, but not of the Funder Registry
        "https://doi.org/10.13039/",
        "10.13039/10000000a",
        "021nxhr63",  # ROR with wrong check digits
        "0000-0002-1825-0097",  # an ORCID iD names a person, not a funder
        "National Science Foundation",
        "https://example.org/10.13039/100000001",
        "",
    ],
)
def test_other_values_are_refused_as_funder_ids(value):
    assert normalise_funder_id(value) is None
    assert not funder_id_valid(value)
