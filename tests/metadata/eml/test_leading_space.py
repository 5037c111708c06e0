"""EML documents with blank space or a byte order mark before their XML declaration (as in
some GBIF download archives) are read as if it were not there."""

from __future__ import annotations

import pytest

from metadata.eml.parse import parse_eml, strip_leading

DOCUMENT = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<eml:eml xmlns:eml="eml://ecoinformatics.org/eml-2.1.1" packageId="p" system="x">'
    b"<dataset><title>Ponds</title></dataset></eml:eml>"
)
BOM = b"\xef\xbb\xbf"


@pytest.mark.parametrize(
    "prefix",
    [b"\n\n  ", b"\r\n\t", BOM + b"\n ", b"\n" + BOM],
    ids=["blank-lines", "dos-line-and-tab", "bom-then-space", "space-then-bom"],
)
def test_parse_ignores_blank_space_and_bom_before_the_declaration(prefix):
    assert parse_eml(prefix + DOCUMENT).title == "Ponds"


def test_strip_leading_keeps_a_document_that_starts_with_its_declaration():
    assert strip_leading(DOCUMENT) is DOCUMENT
    assert strip_leading(b" \n" + BOM + DOCUMENT) == DOCUMENT
