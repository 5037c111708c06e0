"""Importing real IPT resource folders and a data directory: sources, mappings, metadata,
versions served byte for byte at archive.do, republication to the same data, notes."""

from __future__ import annotations

import csv
import io
import shutil
import stat
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from core.crypto import decrypt
from core.errors import UserError
from publisher.models import Organisation, Role, User
from resources.models import Resource, VersionFacts, Visibility
from resources.services.importing.ipt import ipt_datadir_import, resource_from_ipt_folder
from resources.services.publication import next_version
from tests.conftest import TEST_DATA
from tests.factories import UserFactory
from tests.resources.publication.conftest import publish_inline, valid_metadata

FOLDERS = TEST_DATA / "ipt-resource-folders"
DWC = "http://rs.tdwg.org/dwc/terms/"
TEXT = "{http://rs.tdwg.org/dwc/text/}"


@pytest.fixture
def manager(db):
    return UserFactory(role=Role.MANAGER, email="importer@example.org")


@pytest.fixture
def event(manager, data_dir):
    return resource_from_ipt_folder(path=FOLDERS / "event-resource-folder.zip", user=manager)


def folder_member(zip_name: str, name: str) -> bytes:
    with zipfile.ZipFile(FOLDERS / zip_name) as zf:
        return zf.read(name)


def archive_rows(data: bytes) -> dict[str, list[dict[str, str]]]:
    """Each data file of an archive as rows of {term (or "id"): value}, sorted."""
    found = {}
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        meta = etree.fromstring(zf.read("meta.xml"))
        for part in meta:
            location = part.find(TEXT + "files/" + TEXT + "location").text
            terms = {int(f.get("index")): f.get("term") for f in part.findall(TEXT + "field")}
            ident = (
                part.find(TEXT + "id")
                if part.find(TEXT + "id") is not None
                else part.find(TEXT + "coreid")
            )
            terms[int(ident.get("index"))] = "id"
            quote = part.get("fieldsEnclosedBy") or None
            text = zf.read(location).decode("utf-8")
            reader = csv.reader(
                io.StringIO(text),
                delimiter="\t",
                quotechar=quote or '"',
                quoting=csv.QUOTE_MINIMAL if quote else csv.QUOTE_NONE,
            )
            rows = list(reader)[int(part.get("ignoreHeaderLines") or 0) :]
            found[part.get("rowType")] = sorted(
                ({terms[i]: v for i, v in enumerate(row) if i in terms} for row in rows if row),
                key=lambda r: sorted(r.items()),
            )
    return found


# --- the sampling-event folder ----------------------------------------------------------------


def test_event_folder_creates_sources_mappings_and_metadata(event, manager):
    resource = event.resource
    assert (resource.shortname, resource.type) == ("event", "sampling-event")
    sources = {s.name: s for s in resource.sources.all()}
    assert sorted(sources) == ["event", "occurrence"]
    # occurrence.txt ends with a line of blanks, which the IPT skipped too
    assert (sources["event"].row_count, sources["occurrence"].row_count) == (2, 2)
    assert sources["event"].spec["text"]["delimiter"] == "\t"
    mappings = {m.extension.row_type: m for m in resource.mappings.all()}
    assert mappings[DWC + "Event"].id_column == "id"
    assert (
        mappings[DWC + "Event"].fields.get(term=DWC + "samplingProtocol").column
        == "samplingProtocol"
    )
    assert mappings[DWC + "Occurrence"].source == sources["occurrence"]
    assert resource.title == "Test resource"  # the title of eml.xml
    assert event.counts == {DWC + "Event": 2, DWC + "Occurrence": 2}
    resource.refresh_from_db()
    assert resource.created.isoformat() == "2015-09-03T15:13:52.910000+00:00"


def test_event_version_is_kept_byte_for_byte_and_private(event, manager, client):
    resource = event.resource
    [version] = resource.versions.all()
    ipt_archive = folder_member("event-resource-folder.zip", "event/dwca-1.0.zip")
    assert (version.label, version.visibility, version.records) == ("1.0", "private", 2)
    assert version.counts == {"event.txt": 2, "occurrence.txt": 2}
    assert version.published_at.isoformat() == "2015-09-03T15:19:06.487000+00:00"
    assert resource.visibility == Visibility.PRIVATE and resource.is_published
    # The IPT resource was private: only its managers may download it, as in the IPT.
    assert client.get("/archive.do?r=event&v=1.0").status_code == 404
    client.force_login(manager)
    response = client.get("/archive.do?r=event&v=1.0")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == ipt_archive
    eml = client.get("/eml.do?r=event&v=1.0")
    assert b"".join(eml.streaming_content) == folder_member(
        "event-resource-folder.zip", "event/eml-1.0.xml"
    )


def test_event_republication_is_refused_as_gbif_would_refuse_its_occurrences(event, manager):
    # The IPT published it, but its two occurrences have neither occurrenceID nor a catalogue
    # triplet: GBIF's crawler aborts such a dataset (tests/resources/importing/
    # test_dwca_datasets.py compares the rows that would have been published).
    resource = event.resource
    assert next_version(resource) == (1, 1)
    valid_metadata(resource)  # the IPT's EML lacks what publication requires here
    job = publish_inline(resource, manager, change_summary="republished")
    assert (job.status, job.error_code) == ("failed", "publication:checks")
    refused = [c for c in job.result["report"]["checks"] if c["count"] and c["severity"] == "error"]
    assert [c["check"] for c in refused] == ["occurrence-ids-refused"]
    assert "2 of 2 occurrences have no occurrenceID" in refused[0]["message"]
    assert list(resource.versions.values_list("label", flat=True)) == ["1.0"]


def resource_dir_file(resource: Resource, name: str) -> Path:
    from resources.services.resources import resource_dir

    return resource_dir(resource) / name


def test_event_notes_list_what_was_not_imported(event):
    notes = " ".join(event.notes)
    assert "publication.log" in notes and "event-1.0.rtf" in notes
    assert "sources/event.log" in notes
    assert "f9b67ad0-9c9b-11d9-b9db-b8a03c50a862" in notes  # organisation not associated
    assert "kbraak@gbif.org" in notes  # the IPT's creator has no account here


def test_taken_shortname_is_refused_with_nothing_created(event, manager):
    with pytest.raises(UserError) as caught:
        resource_from_ipt_folder(path=FOLDERS / "event-resource-folder.zip", user=manager)
    assert caught.value.code == "resource:shortname-taken"
    assert Resource.objects.count() == 1
    other = resource_from_ipt_folder(
        path=FOLDERS / "event-resource-folder.zip", user=manager, shortname="event-copy"
    )
    assert other.resource.shortname == "event-copy"


def test_unpacked_folder_imports_and_is_left_as_it_was(manager, data_dir, tmp_path):
    with zipfile.ZipFile(FOLDERS / "event-resource-folder.zip") as zf:
        zf.extractall(tmp_path / "unzipped")
    before = sorted(p.name for p in (tmp_path / "unzipped" / "event").rglob("*"))
    result = resource_from_ipt_folder(path=tmp_path / "unzipped" / "event", user=manager)
    assert result.resource.shortname == "event" and result.resource.versions.count() == 1
    assert sorted(p.name for p in (tmp_path / "unzipped" / "event").rglob("*")) == before


# --- amphibians: SQL sources, missing archives, registration -----------------------------------


def test_amphibians_imports_history_and_registration_with_notes(manager, data_dir):
    result = resource_from_ipt_folder(path=FOLDERS / "amphibians.zip", user=manager)
    resource = result.resource
    assert (resource.type, resource.visibility) == ("occurrence", Visibility.REGISTERED)
    assert str(resource.gbif_key) == "cb643105-2e6b-403d-a23b-2c8128d1f97c"
    # its two SQL Server sources come as SQL Server sources, without their password; the
    # Occurrence mapping is kept by column position (the Image extension is not installed)
    assert resource.sources.count() == 2 and resource.mappings.count() == 1
    versions = {v.label: v for v in resource.versions.all()}
    assert sorted(versions) == ["10.0", "10.1", "10.2"]
    assert versions["10.1"].change_summary == "contact person updated"
    assert versions["10.2"].eml_name == "eml-10.2.xml" and not versions["10.2"].has_archive
    assert versions["10.2"].records == 15835
    assert next_version(resource) == (10, 3)
    notes = "\n".join(result.notes)
    assert "SQL source danbifdb was imported without its password" in notes
    assert "Its mappings were kept, by column position." in notes
    assert "Version 10.1 has neither archive nor EML" in notes
    assert "The archive of version 10.2 is not in the folder" in notes
    assert "456058db-f70b-4005-97ad-e08570cf0c56" in notes
    assert "sources/multimedia.txt" in notes and "resource.xml~" in notes


def test_sql_server_sources_come_as_sql_server_sources_without_their_password(manager, data_dir):
    from resources.services.exporting import resource_export_file
    from resources.services.sources import source_table

    result = resource_from_ipt_folder(path=FOLDERS / "amphibians.zip", user=manager)
    danbif = result.resource.sources.get(name="danbifdb")
    assert (danbif.kind, danbif.sql_url_redacted) == ("sql", "mssql://ipt@sql.uni.au.dk:1234/XXX")
    assert danbif.sql_query == "select * from occurrence_records where datasetid = 58"
    assert "VRRUXOTC" not in decrypt(danbif.sql_url_encrypted)  # the IPT's password is not kept
    with pytest.raises(UserError) as caught:  # a server not listed in SQL_ALLOWED_HOSTS
        source_table(danbif)
    assert caught.value.code == "sql:host-refused"
    path = resource_export_file(resource=result.resource)
    exported = zipfile.ZipFile(path).read("amphibians/resource.xml").decode()
    assert "<rdbms>mssql</rdbms>" in exported and "<host>sql.uni.au.dk:1234</host>" in exported


def test_registered_key_already_used_here_is_not_carried_over(manager, data_dir):
    first = resource_from_ipt_folder(path=FOLDERS / "amphibians.zip", user=manager)
    second = resource_from_ipt_folder(
        path=FOLDERS / "amphibians.zip", user=manager, shortname="amphibians-2"
    )
    assert first.resource.gbif_key and second.resource.gbif_key is None
    assert any("belongs to another resource" in n for n in second.notes)


def test_old_layout_folder_gets_its_last_publication_as_a_version(manager, data_dir, client):
    result = resource_from_ipt_folder(path=FOLDERS / "res1.zip", user=manager)
    resource = result.resource
    [version] = resource.versions.all()
    assert (version.label, version.visibility, version.records) == ("3.0", "registered", 2)
    assert version.counts == {"occurrence.txt": 2, "image.txt": 15}
    response = client.get("/archive.do?r=res1&v=3.0")  # registered: public
    assert b"".join(response.streaming_content) == folder_member("res1.zip", "res1/dwca.zip")
    assert version.eml_name == "eml-3.0.xml"  # taken from the archive
    notes = "\n".join(result.notes)
    assert "IPT 2.0 layout" in notes and "jcuadra@gbif.org" in notes
    # its source file is space separated although resource.xml says tab: positions 1 and 2
    # do not exist, which the notes say
    assert "column 2, which the source does not have" in notes


# --- a whole data directory ----------------------------------------------------------------------

REGISTRATION = """<registration><registry><hostingOrganisation>
<key>f9b67ad0-9c9b-11d9-b9db-b8a03c50a862</key><name>Academy of Natural Sciences</name>
<password>PsQfBTu3GJfy00mWe2MyOg=</password></hostingOrganisation></registry>
<organisation><key>f3e8e9a9-df60-40ca-bb71-7f49313b3150</key><name>AAA1Organisation</name>
<alias>AAA1</alias><password>PsQfBTu3GJfy00mWe2MyOg=</password></organisation></registration>"""


def make_datadir(root: Path) -> Path:
    for name in ("event-resource-folder.zip", "res1.zip"):
        with zipfile.ZipFile(FOLDERS / name) as zf:
            zf.extractall(root / "resources")
    (root / "resources" / "broken").mkdir()
    (root / "resources" / "broken" / "resource.xml").write_text("<resource><status>")
    (root / "config").mkdir()
    (root / "config" / "registration2.xml").write_text(REGISTRATION)
    (root / "config" / "users.xml").write_text("<users/>")
    return root


def test_datadir_imports_every_resource_and_reports_the_broken_one(manager, data_dir, tmp_path):
    datadir = make_datadir(tmp_path / "ipt-data")
    archive = tmp_path / "datadir.zip"
    shutil.make_archive(str(archive.with_suffix("")), "zip", tmp_path, "ipt-data")
    results = ipt_datadir_import(path=archive, user=manager)
    assert datadir.is_dir()
    by_name = {r.resource.shortname if r.resource else "": r for r in results}
    assert sorted(by_name) == ["", "event", "res1"]
    assert "broken was not imported" in by_name[""].notes[0]
    organisations = {str(o.key): o for o in Organisation.objects.all()}
    assert (
        by_name["res1"].resource.organisation
        == organisations["f3e8e9a9-df60-40ca-bb71-7f49313b3150"]
    )
    assert by_name["event"].resource.organisation.name == "Academy of Natural Sciences"
    assert organisations["f3e8e9a9-df60-40ca-bb71-7f49313b3150"].token == ""
    assert any("without its token" in n for n in by_name["res1"].notes)
    assert any("only an administrator may create accounts" in n for n in by_name["event"].notes)
    assert not User.objects.filter(email="someone@example.org").exists()


def _users_xml(password_hash: str) -> str:
    return (
        "<users>"
        '<user email="KBraak@gbif.org" password="%s" firstname="Kyle" lastname="Braak" '
        'role="Manager" lastLogin="2015-09-03 15:00:00.0 UTC"/>'
        '<user email="jcuadra@gbif.org" password="Vd3kPBEencrypted=" firstname="José" '
        'role="Publisher"/>'
        '<user email="admin@example.org" password="%s" role="User"/>'
        "</users>" % (password_hash, password_hash)
    )


def test_admin_import_adopts_the_ipt_accounts_who_log_in_as_before(
    admin_user, data_dir, tmp_path, settings, client
):
    import bcrypt

    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "publisher.hashers.IptBCryptPasswordHasher",
    ]
    hashed = bcrypt.hashpw(b"pond-frog-42", bcrypt.gensalt(4, prefix=b"2a")).decode()
    datadir = make_datadir(tmp_path / "ipt-data")
    (datadir / "config" / "users.xml").write_text(_users_xml(hashed))
    results = ipt_datadir_import(path=datadir, user=admin_user)
    by_name = {r.resource.shortname: r for r in results if r.resource}
    kyle = User.objects.get(email="kbraak@gbif.org")
    assert (kyle.first_name, kyle.last_name, kyle.role) == ("Kyle", "Braak", Role.MANAGER)
    assert kyle in by_name["event"].resource.managers.all()
    jose = User.objects.get(email="jcuadra@gbif.org")
    assert jose.role == Role.PUBLISHER and not jose.has_usable_password()
    assert jose in by_name["res1"].resource.managers.all()
    admin_user.refresh_from_db()
    assert admin_user.role == Role.ADMIN  # an existing account is left as it is
    notes = " ".join(by_name["event"].notes)
    assert "kbraak@gbif.org, jcuadra@gbif.org" in notes
    assert "must set one" in notes and "left as they are: admin@example.org" in notes
    wrong = client.post("/login/", {"username": "kbraak@gbif.org", "password": "x" * 100})
    assert wrong.status_code == 200 and "_auth_user_id" not in client.session
    right = client.post("/login/", {"username": "kbraak@gbif.org", "password": "pond-frog-42"})
    assert right.status_code == 302 and client.session["_auth_user_id"] == str(kyle.pk)
    kyle.refresh_from_db()
    assert kyle.password.startswith("md5$")  # re-hashed at the first login


# --- hostile zips ---------------------------------------------------------------------------------


def zip_with(path: Path, members: dict[str, bytes], *, link: str | None = None) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
        if link:
            info = zipfile.ZipInfo(link)
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            zf.writestr(info, "/etc/passwd")
    return path


RESOURCE = folder_member("event-resource-folder.zip", "event/resource.xml")


@pytest.mark.parametrize(
    "members, link, code",
    [
        ({"event/resource.xml": RESOURCE, "../evil.txt": b"x"}, None, "source:zip-unsafe"),
        ({"event/resource.xml": RESOURCE}, "event/sources/event.txt", "source:zip-unsafe"),
        (
            {"event/resource.xml": RESOURCE, "event/sources/event.txt": b"\0" * 5_000_000},
            None,
            "source:zip-bomb",
        ),
    ],
)
def test_hostile_zip_is_refused_with_nothing_created(
    manager, data_dir, tmp_path, members, link, code
):
    path = zip_with(tmp_path / "hostile.zip", members, link=link)
    with pytest.raises(UserError) as caught:
        resource_from_ipt_folder(path=path, user=manager)
    assert caught.value.code == code
    assert Resource.objects.count() == 0
    assert list((data_dir / "tmp").iterdir()) == []
    assert not (tmp_path / "evil.txt").exists()


def test_folder_with_a_link_is_refused(manager, data_dir, tmp_path):
    with zipfile.ZipFile(FOLDERS / "event-resource-folder.zip") as zf:
        zf.extractall(tmp_path)
    target = tmp_path / "event" / "sources" / "event.txt"
    target.unlink()
    target.symlink_to("/etc/passwd")
    with pytest.raises(UserError) as caught:
        resource_from_ipt_folder(path=tmp_path / "event", user=manager)
    assert caught.value.code == "source:zip-unsafe"
    assert Resource.objects.count() == 0


def test_zip_without_resource_xml_says_what_to_zip(manager, data_dir, tmp_path):
    path = zip_with(tmp_path / "plain.zip", {"data/occurrence.txt": b"id\n1\n"})
    with pytest.raises(UserError) as caught:
        resource_from_ipt_folder(path=path, user=manager)
    assert caught.value.code == "ipt:no-resource"


# --- other kinds of sources -----------------------------------------------------------------------

KINDS = """<resource><coreType>OCCURRENCE</coreType><status>PUBLIC</status><sources>
<excelsource><name>sheet</name><sheetIdx>1</sheetIdx><ignoreHeaderLines>1</ignoreHeaderLines>
</excelsource>
<urlsource><name>remote</name><url>https://example.org/occ.txt</url><encoding>UTF-8</encoding>
<fieldsTerminatedBy>,</fieldsTerminatedBy><fieldsEnclosedBy>"</fieldsEnclosedBy>
<ignoreHeaderLines>0</ignoreHeaderLines></urlsource>
<sqlsource><name>db</name><sql>select * from occ</sql><rdbms>postgres</rdbms>
<host>db.example.org:5432</host><database>bio</database><username>ipt</username>
<password>VRRUXOTCtdCkQr40SrHdrnUJurTOYMW9</password></sqlsource></sources><mappings>
<mapping><source class="excelsource" reference="../../../sources/excelsource"/>
<extension>http://rs.tdwg.org/dwc/terms/Occurrence</extension><fields>
<field><index>0</index><term>http://rs.tdwg.org/dwc/terms/occurrenceID</term></field>
<field><index>1</index><term>http://rs.tdwg.org/dwc/terms/scientificName</term></field>
<field><term>http://rs.tdwg.org/dwc/terms/basisOfRecord</term>
<defaultValue>PreservedSpecimen</defaultValue></field></fields><idColumn>0</idColumn></mapping>
<mapping><source class="urlsource" reference="../../../sources/urlsource"/>
<extension>http://rs.tdwg.org/dwc/terms/Occurrence</extension><fields>
<field><index>1</index><term>http://rs.tdwg.org/dwc/terms/occurrenceID</term></field></fields>
<idColumn>1</idColumn><filter><column>0</column><comparator>IsNotNULL</comparator><param/>
<filterTime>BeforeTranslation</filterTime></filter></mapping>
<mapping><source class="sqlsource" reference="../../../sources/sqlsource"/>
<extension>http://rs.tdwg.org/dwc/terms/Occurrence</extension><fields>
<field><index>0</index><term>http://rs.tdwg.org/dwc/terms/occurrenceID</term></field></fields>
</mapping></mappings></resource>"""


def test_excel_url_and_sql_sources(manager, data_dir, tmp_path):
    from tests.resources.sources.workbooks import write_xlsx

    folder = tmp_path / "kinds"
    (folder / "sources").mkdir(parents=True)
    (folder / "resource.xml").write_text(KINDS)
    # The IPT names every Excel source file .xls, whatever the workbook format.
    write_xlsx(
        folder / "sources" / "sheet.xls",
        {"First": [["x"], ["y"]], "Data": [["id", "name"], ["o1", "Bufo"]]},
    )
    (folder / "sources" / "remote.txt").write_text('"", "skip"\nr1,"o2"\n')
    result = resource_from_ipt_folder(path=folder, user=manager)
    sources = {s.name: s for s in result.resource.sources.all()}
    assert (sources["sheet"].spec["format"], sources["sheet"].spec["sheet"]) == ("xlsx", "Data")
    assert sources["sheet"].row_count == 1
    assert (sources["remote"].kind, sources["remote"].url) == ("url", "https://example.org/occ.txt")
    assert sources["remote"].columns == ["column_1", "column_2"]
    assert (
        sources["db"].kind == "sql"
        and sources["db"].sql_url_redacted == "postgresql://ipt@db.example.org:5432/bio"
    )
    sheet, remote, db = result.resource.mappings.order_by("position")
    rules = {f.term.rsplit("/", 1)[-1]: f for f in sheet.fields.all()}
    assert (rules["basisOfRecord"].constant, rules["scientificName"].column) == (
        "PreservedSpecimen",
        "name",
    )
    assert remote.id_column == "column_2"
    assert remote.filters == [
        {"column": "column_1", "op": "not_empty", "value": "", "after_translation": False}
    ]
    notes = "\n".join(result.notes)
    assert "SQL source db was imported without its password" in notes
    # its mapping is kept by column position until the connection is given again
    assert db.source == sources["db"]
    assert [(f.term, f.column) for f in db.fields.all()] == [(DWC + "occurrenceID", "column_1")]
    assert "The mapping Occurrence (db) was not imported" not in notes


def test_imported_versions_get_search_facts_from_their_archive(event):
    # Versions published by the IPT are found by the taxa in their data, as versions
    # published here are, without waiting for `manage.py portal_reindex`.
    [version] = event.resource.versions.all()
    facts = VersionFacts.objects.get(version=version)
    assert "puma concolor" in facts.text.lower()
