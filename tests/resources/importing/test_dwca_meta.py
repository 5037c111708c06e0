"""Reading meta.xml (resources.dwca.meta_read): defaults, escapes, fields, errors, no meta."""

from __future__ import annotations

import pytest

from resources.dwca.meta_read import (
    DWC,
    EVENT,
    OCCURRENCE,
    TAXON,
    MetaError,
    descriptor_from_header,
    read_meta,
    term_of_name,
    unescape,
)

EMOF = "http://rs.iobis.org/obis/terms/ExtendedMeasurementOrFact"


def meta(body: str, **archive_attributes: str) -> bytes:
    attributes = "".join(' %s="%s"' % item for item in archive_attributes.items())
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<archive xmlns="http://rs.tdwg.org/dwc/'
        'text/"%s>%s</archive>' % (attributes, body)
    ).encode()


CORE = (
    '<core rowType="%s"><files><location>event.txt</location></files><id index="0"/>'
    '<field index="0" term="%seventID"/></core>' % (EVENT, DWC)
)


def test_attributes_left_out_take_the_text_guide_defaults():
    core = read_meta(meta(CORE)).core
    assert (core.delimiter, core.line_ending, core.quote) == (",", "\n", '"')
    assert (core.encoding, core.ignore_header_lines, core.date_format) == ("UTF-8", 0, "YYYY-MM-DD")
    assert core.core and core.row_type == EVENT and core.locations == ["event.txt"]


def test_escaped_delimiters_become_the_characters_they_name():
    xml = meta(
        CORE.replace(
            "<core ",
            '<core fieldsTerminatedBy="\\t" linesTerminatedBy="\\r\\n"'
            ' fieldsEnclosedBy="" ignoreHeaderLines="1" '
            'encoding="ISO-8859-1" dateFormat="DD/MM/YYYY" ',
        )
    )
    core = read_meta(xml).core
    assert (core.delimiter, core.line_ending, core.quote) == ("\t", "\r\n", None)
    assert (core.encoding, core.ignore_header_lines, core.date_format) == (
        "ISO-8859-1",
        1,
        "DD/MM/YYYY",
    )


def test_unescape_knows_tab_newline_backslash_and_unicode_escapes():
    assert unescape("\\t") == "\t"
    assert unescape("\\u0009|\\\\") == "\t|\\"
    assert unescape(";") == ";"


def test_fields_keep_index_default_vocabulary_and_delimiter():
    body = CORE.replace(
        "</core>",
        (
            '<field term="%scountry" default="Belgium"/>'
            '<field index="2" term="%sbasisOfRecord" default="HumanObservation" '
            'vocabulary="http://rs.gbif.org/vocabulary/dwc/basis_of_record"/>'
            '<field index="3" term="%srecordedBy" delimitedBy="|"/></core>'
        )
        % (DWC, DWC, DWC),
    )
    fields = read_meta(meta(body)).core.fields
    assert [(f.index, f.term.rsplit("/", 1)[-1], f.default) for f in fields] == [
        (0, "eventID", None),
        (None, "country", "Belgium"),
        (2, "basisOfRecord", "HumanObservation"),
        (3, "recordedBy", None),
    ]
    assert fields[2].vocabulary.endswith("basis_of_record")
    assert fields[3].delimited_by == "|"
    assert read_meta(meta(body)).core.width == 4


def test_extensions_keep_their_order_core_id_and_metadata_file():
    body = (
        CORE
        + (
            '<extension rowType="%s"><files><location>occ.txt</location></files>'
            '<coreid index="1"/></extension>'
            '<extension rowType="http://rs.obis.org/obis/terms/ExtendedMeasurementOrFact">'
            "<files><location>emof.txt</location><location>emof2.txt</location></files>"
            '<coreid index="0"/></extension>'
        )
        % OCCURRENCE
    )
    archive = read_meta(meta(body, metadata="eml.xml"))
    assert archive.metadata == "eml.xml"
    assert [f.row_type for f in archive.files] == [EVENT, OCCURRENCE, EMOF]
    assert archive.extensions[0].id_index == 1 and not archive.extensions[0].core
    assert archive.extensions[1].locations == ["emof.txt", "emof2.txt"]
    assert archive.extensions[1].declared_row_type.startswith("http://rs.obis.org/")


def test_archive_without_metadata_attribute_names_none():
    assert read_meta(meta(CORE)).metadata is None


@pytest.mark.parametrize(
    ("xml", "code"),
    [
        (meta(""), "dwca:meta-core"),
        (meta(CORE + CORE), "dwca:meta-core"),
        (meta(CORE.replace('<id index="0"/>', '<id index="first"/>')), "dwca:meta-index"),
        (meta(CORE.replace('index="0" term', 'index="-1" term')), "dwca:meta-index"),
        (meta(CORE.replace('rowType="%s"' % EVENT, "")), "dwca:meta-row-type"),
        (meta(CORE.replace("<location>event.txt</location>", "")), "dwca:meta-location"),
        (meta(CORE.replace('term="%seventID"' % DWC, "")), "dwca:meta-term"),
        (b"<archive><core>", "dwca:meta-xml"),
        (b"<eml/>", "dwca:meta-archive"),
    ],
)
def test_unusable_meta_xml_is_refused_with_a_stable_code(xml, code):
    with pytest.raises(MetaError) as caught:
        read_meta(xml)
    assert caught.value.code == code
    assert "meta.xml" in str(caught.value)


def test_syntax_error_names_the_line():
    with pytest.raises(MetaError) as caught:
        read_meta(b'<archive>\n<core rowType="x">\n</archive>')
    assert caught.value.line == 3


@pytest.mark.parametrize(
    "declaration",
    [
        '<!DOCTYPE archive [<!ENTITY x "xx">]>',
        '<!DOCTYPE archive SYSTEM "http://example.org/evil.dtd">',
        '<!DOCTYPE archive [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
    ],
)
def test_doctype_and_entities_are_refused_before_parsing(declaration):
    xml = meta(CORE.replace("event.txt", "&x;")).replace(
        b"\n", b"\n" + declaration.encode() + b"\n", 1
    )
    with pytest.raises(MetaError) as caught:
        read_meta(xml)
    assert caught.value.code == "dwca:meta-hostile"


def test_hostile_utf16_meta_xml_is_refused_too():
    xml = '<!DOCTYPE a [<!ENTITY x "y">]>' + meta(CORE).decode().split("\n", 1)[1]
    with pytest.raises(MetaError) as caught:
        read_meta(b"\xff\xfe" + xml.encode("utf-16-le"))
    assert caught.value.code == "dwca:meta-hostile"


def test_header_without_meta_xml_describes_an_occurrence_core():
    header = [
        "occurrenceID",
        "eventID",
        "dwc:scientificName",
        "DECIMALLATITUDE",
        "http://purl.org/dc/terms/license",
        "",
        "ecoiri:target",
    ]
    known = [
        DWC + "occurrenceID",
        DWC + "eventID",
        DWC + "scientificName",
        DWC + "decimalLatitude",
        "http://purl.org/dc/terms/license",
    ]
    archive = descriptor_from_header(
        header, location="data.txt", delimiter="\t", terms_of=lambda row_type: known
    )
    core = archive.core
    assert core.row_type == OCCURRENCE and core.id_index == 0 and core.delimiter == "\t"
    assert [(f.index, f.term) for f in core.fields] == [
        (0, DWC + "occurrenceID"),
        (1, DWC + "eventID"),
        (2, DWC + "scientificName"),
        (3, DWC + "decimalLatitude"),
        (4, "http://purl.org/dc/terms/license"),
        (6, "ecoiri:target"),
    ]
    assert core.ignore_header_lines == 1 and archive.extensions == []


def test_header_with_only_event_id_is_an_event_core():
    archive = descriptor_from_header(["siteCount", "eventID"], location="h.txt")
    assert archive.core.row_type == EVENT and archive.core.id_index == 1


def test_header_without_an_id_term_is_refused():
    with pytest.raises(MetaError) as caught:
        descriptor_from_header(["scientificName"], location="names.csv")
    assert caught.value.code == "dwca:meta-row-type" and "names.csv" in str(caught.value)


def test_term_names_resolve_with_prefixes_known_terms_and_darwin_core_first():
    known = ["http://purl.org/dc/terms/type", DWC + "sampleSizeValue"]
    assert term_of_name("type", known) == "http://purl.org/dc/terms/type"
    assert term_of_name("samplesizeValue", known) == DWC + "sampleSizeValue"
    assert term_of_name("dcterms:modified") == "http://purl.org/dc/terms/modified"
    assert term_of_name("unknownColumn") == DWC + "unknownColumn"


def test_header_spelling_the_id_term_in_lower_case_names_the_row_type_and_id():
    # GBIF's simple CSV downloads write every column name in lower case.
    header = ["gbifid", "datasetkey", "eventid", "occurrenceid", "scientificname"]
    known = [DWC + "occurrenceID", DWC + "eventID", DWC + "scientificName"]
    archive = descriptor_from_header(header, location="0001.csv", terms_of=lambda rt: known)
    assert archive.core.row_type == OCCURRENCE and archive.core.id_index == 3
    assert (3, DWC + "occurrenceID") in [(f.index, f.term) for f in archive.core.fields]


def test_header_with_the_id_term_spelt_exactly_and_in_another_case_takes_the_exact_one():
    archive = descriptor_from_header(["TAXONID", "taxonID"], location="t.txt")
    assert archive.core.row_type == TAXON and archive.core.id_index == 1
