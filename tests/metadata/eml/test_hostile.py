"""Unsafe or non-EML input is refused with a stable code and a message naming the problem."""

from __future__ import annotations

import pytest

from metadata.eml.parse import MAX_BYTES, EmlError, parse_eml
from metadata.eml.validate import validate_xsd
from tests.conftest import TEST_DATA

EML = b'<eml:eml xmlns:eml="https://eml.ecoinformatics.org/eml-2.2.0" packageId="p"><dataset>'
LAUGHS = (
    b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
"""
    + EML
    + b"<title>&lol2;</title></dataset></eml:eml>"
)
EXTERNAL_ENTITY = (
    b"""<?xml version="1.0"?>
<!DOCTYPE eml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
"""
    + EML
    + b"<title>&xxe;</title></dataset></eml:eml>"
)
EXTERNAL_DTD = (
    b"""<?xml version="1.0"?>
<!DOCTYPE eml SYSTEM "http://example.org/evil.dtd">
"""
    + EML
    + b"<title>x</title></dataset></eml:eml>"
)


@pytest.mark.parametrize(
    "data",
    [LAUGHS, EXTERNAL_ENTITY, EXTERNAL_DTD],
    ids=["entity-expansion", "external-entity", "external-dtd"],
)
def test_parse_refuses_doctype_and_entities(data):
    with pytest.raises(EmlError) as err:
        parse_eml(data)
    assert err.value.code == "eml:doctype"
    assert "DOCTYPE" in err.value.message


def test_parse_refuses_non_eml_root():
    with pytest.raises(EmlError) as err:
        parse_eml(b"<rss><channel/></rss>", source="feed.xml")
    assert err.value.code == "eml:not-eml"
    assert "rss" in err.value.message and err.value.line == 1


def test_parse_refuses_documents_over_20_mb():
    data = EML + b"<title>" + b"x" * MAX_BYTES + b"</title></dataset></eml:eml>"
    with pytest.raises(EmlError) as err:
        parse_eml(data)
    assert err.value.code == "eml:too-large"
    assert "20 MB" in err.value.message


def test_parse_reports_line_of_malformed_xml():
    with pytest.raises(EmlError) as err:
        parse_eml(EML + b"\n<title>x</dataset>")
    assert err.value.code == "eml:syntax"
    assert err.value.line == 2


def test_parse_refuses_eml_without_dataset():
    with pytest.raises(EmlError, match="dataset") as err:
        parse_eml(b'<eml:eml xmlns:eml="eml://ecoinformatics.org/eml-2.1.1"/>')
    assert err.value.code == "eml:no-dataset"


def test_validate_xsd_reports_hostile_input_instead_of_raising():
    errors = validate_xsd(EXTERNAL_ENTITY, TEST_DATA / "schemas/eml-gbif-profile/1.3")
    assert len(errors) == 1 and "DOCTYPE" in errors[0]
