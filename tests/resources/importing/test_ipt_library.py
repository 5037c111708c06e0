"""The Django-free IPT library: resource.xml (with XStream references), registration2.xml,
writing resource.xml back, archive record counts. Real IPT folders, read from their zips."""

from __future__ import annotations

import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

from resources.ipt.archive import archive_counts
from resources.ipt.model import IptError, IptField, IptFilter, IptMapping, IptResource, IptSource
from resources.ipt.registration import parse_registration_xml
from resources.ipt.resource_write import write_resource_xml
from resources.ipt.resource_xml import parse_resource_xml
from resources.ipt.xstream import format_date, parse_date
from tests.conftest import TEST_DATA

FOLDERS = TEST_DATA / "ipt-resource-folders"
DWC = "http://rs.tdwg.org/dwc/terms/"


def member(zip_name: str, name: str) -> bytes:
    with zipfile.ZipFile(FOLDERS / zip_name) as zf:
        return zf.read(name)


def resource_xml(zip_name: str) -> IptResource:
    folder = zip_name.split(".")[0].replace("event-resource-folder", "event")
    return parse_resource_xml(member(zip_name, folder + "/resource.xml"))


def test_event_resource_xml_gives_sources_mappings_and_version():
    ipt = resource_xml("event-resource-folder.zip")
    assert (ipt.core_type, ipt.status, ipt.eml_version) == ("SAMPLINGEVENT", "PRIVATE", "1.0")
    assert ipt.organisation == "f9b67ad0-9c9b-11d9-b9db-b8a03c50a862"
    assert [(s.name, s.kind, s.delimiter, s.quote, s.header_lines) for s in ipt.sources] == [
        ("occurrence", "text", "\t", "", 1),
        ("event", "text", "\t", "", 1),
    ]
    event, occurrence = ipt.mappings
    # <source reference="../../../sources/filesource[2]"/> is the second source, "event"
    assert (event.row_type, event.source, event.id_column) == (DWC + "Event", "event", 0)
    assert (occurrence.source, occurrence.filter) == ("occurrence", None)
    assert {f.term: f.index for f in event.fields}[DWC + "samplingProtocol"] == 3
    assert [f.default for f in event.fields] == [None] * 4  # <defaultValue></defaultValue>
    [version] = ipt.versions
    assert (version.label, version.status, version.records) == ("1.0", "PRIVATE", 2)
    assert version.released == datetime(2015, 9, 3, 15, 19, 6, 487000, tzinfo=UTC)
    assert ipt.notes == []


def test_amphibians_references_resolve_to_the_first_occurrence():
    ipt = resource_xml("amphibians.zip")
    occurrence, image = ipt.mappings
    assert image.source == "images" and image.row_type == "http://rs.gbif.org/terms/1.0/Image"
    # <term reference="../../../../mapping/fields/field[46]/term"/>: field 46 of mapping 1
    assert occurrence.fields[45].term == DWC + "occurrenceID"
    assert [f.term for f in image.fields if f.index == 0] == [DWC + "occurrenceID"]
    # <rdbms reference="../../sqlsource/rdbms"/>
    assert [(s.kind, s.rdbms, s.has_password) for s in ipt.sources] == [
        ("sql", "mssql", True),
        ("sql", "mssql", True),
    ]
    assert image.filter is None and occurrence.filter is None  # filterTime but no comparator


def test_amphibians_version_history_key_and_organisation():
    ipt = resource_xml("amphibians.zip")
    assert [v.label for v in ipt.versions] == ["10.2", "10.1", "10.0"]
    latest, previous, _oldest = ipt.versions
    assert previous.change_summary == "contact person updated"
    assert previous.released == datetime(2017, 3, 28, 9, 53, 17, 50000, tzinfo=UTC)
    # <recordsByExtension reference="../../../recordsByExtension"/>
    assert latest.records_by_extension == {
        "http://rs.gbif.org/terms/1.0/Image": 967,
        DWC + "Occurrence": 15835,
    }
    assert latest.modified_by == "icalabuig@snm.ku.dk"  # <modifiedBy reference=".../creator"/>
    assert ipt.key == "cb643105-2e6b-403d-a23b-2c8128d1f97c"
    assert ipt.organisation == "456058db-f70b-4005-97ad-e08570cf0c56"
    assert (ipt.status, ipt.subtype) == ("REGISTERED", "specimen")


def test_2012_resource_xml_is_read():
    ipt = resource_xml("res1.zip")
    assert (ipt.core_type, ipt.eml_version, ipt.versions) == ("Occurrence", "3", [])
    assert ipt.managers == ["jcuadra@gbif.org"] and ipt.creator == "kbraak@gbif.org"
    [mapping] = ipt.mappings
    assert [(f.term.rsplit("/", 1)[-1], f.index) for f in mapping.fields] == [
        ("kingdom", 2),
        ("basisOfRecord", 2),
        ("scientificName", 1),
        ("occurrenceID", 0),
    ]


FILTERED = b"""<resource><coreType>OCCURRENCE</coreType><status>PUBLIC</status>
<sources><filesource><name>occ</name><fieldsTerminatedBy>\\t</fieldsTerminatedBy>
<fieldsEnclosedBy>"</fieldsEnclosedBy><ignoreHeaderLines>1</ignoreHeaderLines></filesource>
</sources><mappings><mapping><source class="filesource" reference="../../../sources/filesource"/>
<extension>http://rs.tdwg.org/dwc/terms/Occurrence</extension><fields class="sorted-set">
<field><index>2</index><term>http://rs.tdwg.org/dwc/terms/sex</term><defaultValue>unknown
</defaultValue><translation class="tree-map"><no-comparator/><entry><string>m</string>
<string>male</string></entry><entry><string>f</string><string>female</string></entry>
</translation></field>
<field><term>http://rs.tdwg.org/dwc/terms/basisOfRecord</term><defaultValue>PreservedSpecimen
</defaultValue></field></fields><idColumn>-1</idColumn><idSuffix>-x</idSuffix>
<filter><column>2</column><comparator>Equals</comparator><param>m</param>
<filterTime>AfterTranslation</filterTime></filter></mapping></mappings>
<networks><network>x</network></networks></resource>"""


def test_translations_constants_filter_and_generated_ids_are_read():
    ipt = parse_resource_xml(FILTERED)
    [mapping] = ipt.mappings
    sex, basis = mapping.fields
    assert sex.translations == {"m": "male", "f": "female"}
    assert (sex.index, sex.default.strip()) == (2, "unknown")
    assert (basis.index, basis.default.strip()) == (None, "PreservedSpecimen")
    assert mapping.filter == IptFilter(
        column=2, comparator="Equals", param="m", after_translation=True
    )
    assert (mapping.id_column, mapping.id_suffix) == (-1, "-x")
    assert ipt.sources[0].delimiter == "\t" and ipt.sources[0].quote == '"'
    assert ipt.notes == ["resource.xml: <networks> is not imported."]


def test_key_value_translation_shape_is_read():
    data = FILTERED.replace(
        b"<entry><string>m</string>\n<string>male</string></entry>",
        b"<entry><key><string>m</string></key><value>male</value></entry>",
    )
    assert parse_resource_xml(data).mappings[0].fields[0].translations["m"] == "male"


@pytest.mark.parametrize(
    "data, code",
    [
        (b'<!DOCTYPE r [<!ENTITY a "b">]><resource>&a;</resource>', "ipt:hostile"),
        (b"<resource><status>", "ipt:xml"),
        (b"<registration/>", "ipt:not-resource"),
    ],
)
def test_bad_resource_xml_is_refused(data, code):
    with pytest.raises(IptError) as caught:
        parse_resource_xml(data)
    assert caught.value.code == code


def test_written_resource_xml_reads_back():
    ipt = IptResource(
        core_type="SAMPLINGEVENT",
        status="PUBLIC",
        eml_version="1.1",
        sources=[
            IptSource(name="a", kind="text", header_lines=1, quote='"', date_format="YYYY-MM-DD"),
            IptSource(name="b", kind="excel", sheet_index=1, date_format="YYYY-MM-DD"),
        ],
        mappings=[
            IptMapping(
                row_type=DWC + "Occurrence",
                source="b",
                id_column=0,
                fields=[
                    IptField(term=DWC + "sex", index=3, default="x", translations={"m": "male"}),
                    IptField(term=DWC + "basisOfRecord", default="HumanObservation"),
                ],
                filter=IptFilter(column=1, comparator="NotEquals", param="z"),
            )
        ],
    )
    again = parse_resource_xml(write_resource_xml(ipt))
    assert again.sources == ipt.sources
    assert again.mappings[0].source == "b"  # written as a reference to excelsource
    assert sorted(again.mappings[0].fields, key=lambda f: f.index or 0) == sorted(
        ipt.mappings[0].fields, key=lambda f: f.index or 0
    )
    assert again.mappings[0].filter == ipt.mappings[0].filter


def test_dates_keep_milliseconds_as_xstream_writes_them():
    stamp = parse_date("2017-03-28 09:53:17.50 UTC")
    assert stamp.microsecond == 50000 and format_date(stamp) == "2017-03-28 09:53:17.50 UTC"


def test_registration_gives_organisations_without_tokens():
    data = b"""<registration><registry><hostingOrganisation>
<key>f9b67ad0-9c9b-11d9-b9db-b8a03c50a862</key><name>Academy</name><password>secret=</password></hostingOrganisation><ipt><key>
812b7589-dac1-492c-bc77-4cc81ee2f339</key></ipt></registry><organisation><key>
f3e8e9a9-df60-40ca-bb71-7f49313b3150</key><name>AAA1</name><alias>A1</alias><nodeName>
Denmark</nodeName><primaryContactEmail>x@example.org</primaryContactEmail></organisation>
</registration>"""
    registration = parse_registration_xml(data)
    assert registration.hosting == "f9b67ad0-9c9b-11d9-b9db-b8a03c50a862"
    org = registration.organisations["f3e8e9a9-df60-40ca-bb71-7f49313b3150"]
    assert (org.name, org.alias, org.node_name, org.contact_email) == (
        "AAA1",
        "A1",
        "Denmark",
        "x@example.org",
    )
    assert "secret" not in repr(registration)


def test_archive_counts_read_meta_xml(tmp_path: Path):
    archive = tmp_path / "dwca.zip"
    archive.write_bytes(member("event-resource-folder.zip", "event/dwca-1.0.zip"))
    counted = archive_counts(archive)
    assert counted.counts == {"event.txt": 2, "occurrence.txt": 2}
    assert (counted.core, counted.records) == ("event.txt", 2)


def test_users_xml_keeps_only_bcrypt_hashes_and_known_roles():
    from resources.ipt.users import parse_users_xml

    hashed = "$2a$10$" + "a" * 53
    users = parse_users_xml(
        (
            '<users><user email=" Ann@Example.org " password="%s" firstname="Ann" role="Admin"/>'
            '<user email="bob@example.org" password="PBEtext=" role="Wizard"/>'
            '<user password="%s"/></users>' % (hashed, hashed)
        ).encode()
    )
    assert [(u.email, u.role, u.bcrypt_hash) for u in users] == [
        ("ann@example.org", "Admin", hashed),
        ("bob@example.org", "User", ""),
    ]


def test_users_xml_with_an_entity_is_refused():
    from resources.ipt.model import IptError
    from resources.ipt.users import parse_users_xml

    with pytest.raises(IptError) as caught:
        parse_users_xml(b'<!DOCTYPE u [<!ENTITY x "y">]><users/>')
    assert caught.value.code == "ipt:hostile"
