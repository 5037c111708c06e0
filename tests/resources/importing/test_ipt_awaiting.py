"""IPT sources on database systems not read here (amphibians' SQL Server sources, made Oracle
in a copy of the folder): kept as "awaiting replacement" with their mappings, refused at
publication, and made whole again by a file whose columns are in the query's order."""

from __future__ import annotations

import sqlite3
import zipfile

import pytest

from core.errors import UserError
from core.models import Job
from publisher.models import Role
from resources.ipt.resource_xml import parse_resource_xml
from resources.models import SourceKind
from resources.services.exporting import resource_export_file
from resources.services.importing.ipt import resource_from_ipt_folder
from resources.services.sources import source_table, sources_ingest, staging_dir
from tests.conftest import TEST_DATA
from tests.factories import UserFactory
from tests.resources.publication.conftest import publish_inline, valid_metadata

FOLDERS = TEST_DATA / "ipt-resource-folders"
DWC = "http://rs.tdwg.org/dwc/terms/"


@pytest.fixture
def manager(db):
    return UserFactory(role=Role.MANAGER, email="importer@example.org")


@pytest.fixture
def amphibians(manager, data_dir):
    return resource_from_ipt_folder(path=FOLDERS / "amphibians-oracle.zip", user=manager).resource


def fields(mapping) -> dict[str, str]:
    return {f.term.rsplit("/", 1)[-1]: f.column for f in mapping.fields.all()}


def test_unsupported_sql_source_awaits_replacement_with_its_mapping(amphibians):
    sources = {s.name: s for s in amphibians.sources.all()}
    danbif = sources["danbifdb"]
    assert (danbif.kind, danbif.row_count) == (SourceKind.AWAITING, None)
    assert danbif.columns[:2] == ["column_1", "column_2"] and len(danbif.columns) == 65
    assert danbif.sql_query == "select * from occurrence_records where datasetid = 58"
    assert len(sources["images"].columns) == 4
    [mapping] = amphibians.mappings.all()  # the Image extension is not installed here
    assert mapping.source == danbif and mapping.id_column == "column_1"
    mapped = fields(mapping)
    assert len(mapped) == 63  # 64 IPT fields; dc:type is no Occurrence term here
    assert (mapped["catalogNumber"], mapped["year"]) == ("column_25", "column_60")


def test_source_awaiting_replacement_cannot_be_read(amphibians):
    with pytest.raises(UserError) as caught:
        source_table(amphibians.sources.get(name="danbifdb"))
    assert caught.value.code == "source:awaiting"
    assert "danbifdb" in caught.value.message


def test_publication_is_refused_until_the_source_is_replaced(amphibians, manager):
    valid_metadata(amphibians)
    job = publish_inline(amphibians, manager, change_summary="first here")
    assert (job.status, job.error_code) == ("failed", "source:awaiting")
    assert "Source danbifdb has no data yet" in job.error_message
    assert amphibians.versions.count() == 3  # the IPT's, nothing added


def csv_of(header: list[str], rows: list[list[str]]):
    folder = staging_dir()
    path = folder / "0-occurrence_records.csv"
    lines = [",".join(header)] + [",".join(r) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return {"folder": str(folder), "files": [{"path": str(path), "filename": path.name}]}


def test_replacing_file_takes_the_mapped_columns_by_position(amphibians):
    header = ["db_%d" % i for i in range(65)]
    row = ["occ-%d" % i for i in range(65)]
    [source] = sources_ingest(resource=amphibians, staged=csv_of(header, [row]), replace="danbifdb")
    assert (source.kind, source.row_count) == (SourceKind.FILE, 1)
    mapping = amphibians.mappings.get()
    assert mapping.id_column == "db_0"
    assert (fields(mapping)["catalogNumber"], fields(mapping)["year"]) == ("db_24", "db_59")
    assert source.column_changes["flagged"] == [] and source.column_changes["removed"] == []


def test_replacing_file_with_fewer_columns_flags_the_mappings_beyond_it(amphibians):
    header = ["db_%d" % i for i in range(30)]
    [source] = sources_ingest(
        resource=amphibians, staged=csv_of(header, [["x"] * 30]), replace="danbifdb"
    )
    flagged = {f["term"].rsplit("/", 1)[-1]: f["column"] for f in source.column_changes["flagged"]}
    assert flagged["year"] == "column_60" and "catalogNumber" not in flagged
    assert fields(amphibians.mappings.get())["catalogNumber"] == "db_24"


def test_source_page_offers_replacement_for_a_source_awaiting_it(amphibians, manager, client):
    client.force_login(manager)
    response = client.get("/manage/resources/amphibians/sources/danbifdb/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Awaiting replacement" in page and 'data-testid="replace-form"' in page
    assert "select * from occurrence_records" in page


@pytest.fixture
def sqlite_url(tmp_path, settings):
    """A database read here with the 65 columns of the IPT's query, in its order."""
    settings.SOURCE_SQL_FILE_DIRS = [str(tmp_path)]
    db = tmp_path / "danbif.sqlite"
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE occ (%s)" % ", ".join("c%d TEXT" % i for i in range(65)))
        conn.execute("INSERT INTO occ VALUES (%s)" % ", ".join("'v%d'" % i for i in range(65)))
    return "sqlite:///%s" % db


def test_supported_connection_replaces_the_source_and_keeps_the_mapping(
    amphibians, manager, client, sqlite_url
):
    client.force_login(manager)
    response = client.post(
        "/manage/resources/amphibians/sources/danbifdb/replace/sql/",
        {"url": sqlite_url, "query": "SELECT * FROM occ"},
    )
    assert response.status_code == 302
    source = amphibians.sources.get(name="danbifdb")
    assert (source.kind, source.sql_url_redacted) == (SourceKind.SQL, sqlite_url)
    mapping = amphibians.mappings.get()
    assert (mapping.id_column, fields(mapping)["catalogNumber"]) == ("c0", "c24")
    assert Job.objects.filter(kind="source-analyse").count() == 1


def test_connection_is_refused_for_a_source_not_awaiting_replacement(
    amphibians, manager, client, sqlite_url
):
    header = ["db_%d" % i for i in range(65)]
    sources_ingest(resource=amphibians, staged=csv_of(header, [header]), replace="danbifdb")
    client.force_login(manager)
    response = client.post(
        "/manage/resources/amphibians/sources/danbifdb/replace/sql/",
        {"url": sqlite_url, "query": "SELECT * FROM occ"},
    )
    assert response.status_code == 400
    assert amphibians.sources.get(name="danbifdb").kind == SourceKind.FILE


def test_export_and_import_keep_the_source_awaiting_replacement(amphibians, manager):
    path = resource_export_file(resource=amphibians)
    written = parse_resource_xml(zipfile.ZipFile(path).read("amphibians/resource.xml"))
    assert [(s.kind, s.rdbms, s.columns) for s in written.sources] == [
        ("sql", "oracle", 65),
        ("sql", "oracle", 4),
    ]
    copy = resource_from_ipt_folder(path=path, user=manager, shortname="amphibians-copy")
    danbif = copy.resource.sources.get(name="danbifdb")
    assert (danbif.kind, len(danbif.columns)) == (SourceKind.AWAITING, 65)
    assert fields(copy.resource.mappings.get())["catalogNumber"] == "column_25"


def test_connection_replacement_is_refused_to_who_does_not_manage_the_resource(
    amphibians, client, sqlite_url
):
    client.force_login(UserFactory(role=Role.MANAGER, email="other@example.org"))
    response = client.post(
        "/manage/resources/amphibians/sources/danbifdb/replace/sql/",
        {"url": sqlite_url, "query": "SELECT * FROM occ"},
    )
    assert response.status_code in (403, 404)
    assert amphibians.sources.get(name="danbifdb").kind == SourceKind.AWAITING


def test_sql_server_source_keeps_its_mapping_until_its_connection_is_given_again(
    manager, data_dir, client, sqlite_url
):
    """amphibians' own SQL Server source comes without the IPT's password, its mapping kept
    by position; giving the connection again (here a database read in the tests) re-points
    the mapping at the query's columns, as for a source awaiting replacement."""
    imported = resource_from_ipt_folder(path=FOLDERS / "amphibians.zip", user=manager).resource
    danbif = imported.sources.get(name="danbifdb")
    assert (danbif.kind, len(danbif.columns)) == (SourceKind.SQL, 65)
    assert fields(imported.mappings.get())["catalogNumber"] == "column_25"
    client.force_login(manager)
    page = client.get("/manage/resources/amphibians/sources/danbifdb/").content.decode()
    assert 'data-testid="sql-replace-form"' in page and "Change the connection" in page

    response = client.post(
        "/manage/resources/amphibians/sources/danbifdb/replace/sql/",
        {"url": sqlite_url, "query": "SELECT * FROM occ"},
    )

    assert response.status_code == 302
    danbif.refresh_from_db()
    assert (danbif.kind, danbif.sql_url_redacted) == (SourceKind.SQL, sqlite_url)
    mapping = imported.mappings.get()
    assert (mapping.id_column, fields(mapping)["catalogNumber"]) == ("c0", "c24")


def test_a_new_connection_keeps_the_column_names_of_a_source_read_before(
    amphibians, manager, client, sqlite_url, tmp_path
):
    """Once a source has real column names, a changed connection (a new password or
    server) keeps them; a column the new query lacks is flagged, not re-pointed."""
    client.force_login(manager)
    url = "/manage/resources/amphibians/sources/danbifdb/replace/sql/"
    assert client.post(url, {"url": sqlite_url, "query": "SELECT * FROM occ"}).status_code == 302
    narrower = "SELECT %s FROM occ" % ", ".join("c%d" % i for i in range(30))

    response = client.post(url, {"url": sqlite_url, "query": narrower})

    assert response.status_code == 302
    source = amphibians.sources.get(name="danbifdb")
    assert len(source.columns) == 30 and "c59" in source.column_changes["removed"]
    assert fields(amphibians.mappings.get())["year"] == "c59"  # kept, and flagged
    assert any(f["column"] == "c59" for f in source.column_changes["flagged"])
