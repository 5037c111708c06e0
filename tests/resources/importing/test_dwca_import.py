"""Creating a resource from a Darwin Core Archive (resources.services.importing.dwca): what is
imported, what is noted, and what is refused with nothing left behind."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from core.errors import UserError
from metadata.services.documents import metadata_get
from publisher.models import Role
from resources.models import Resource, ResourceType
from resources.services.importing.dwca import resource_from_dwca
from resources.services.mappings import mapping_definition, mapping_preview
from resources.services.publication.archive import DELIMITER_KEY
from resources.services.resources import resource_create
from tests.factories import UserFactory

DWC = "http://rs.tdwg.org/dwc/terms/"
EVENT, OCCURRENCE = DWC + "Event", DWC + "Occurrence"
EML = b"""<?xml version="1.0" encoding="UTF-8"?>
<eml:eml xmlns:eml="eml://ecoinformatics.org/eml-2.1.1" packageId="x" system="x">
  <dataset><title>Ponds of the valley</title>
    <creator><individualName><surName>Frog</surName></individualName></creator>
    <abstract><para>Amphibians counted at ponds.</para></abstract>
  </dataset>
</eml:eml>"""


@pytest.fixture
def manager(db):
    return UserFactory(role=Role.MANAGER)


def file_xml(
    tag: str,
    row_type: str,
    location: str,
    fields: str,
    *,
    id_tag: str | None = None,
    **attributes: str,
) -> str:
    options = {
        "fieldsTerminatedBy": "\\t",
        "fieldsEnclosedBy": "",
        "ignoreHeaderLines": "1",
        **attributes,
    }
    text = " ".join('%s="%s"' % item for item in options.items())
    id_xml = '<%s index="0"/>' % (id_tag or ("id" if tag == "core" else "coreid"))
    return '<%s rowType="%s" %s><files><location>%s</location></files>%s%s</%s>' % (
        tag,
        row_type,
        text,
        location,
        id_xml,
        fields,
        tag,
    )


def meta(*files: str, metadata: str = "eml.xml") -> str:
    return '<archive xmlns="http://rs.tdwg.org/dwc/text/" metadata="%s">%s</archive>' % (
        metadata,
        "".join(files),
    )


def field(index: int | None, name: str, **attributes: str) -> str:
    term = name if "://" in name else DWC + name
    extra = "".join(' %s="%s"' % item for item in attributes.items())
    where = "" if index is None else ' index="%d"' % index
    return '<field%s term="%s"%s/>' % (where, term, extra)


EVENT_CORE = file_xml("core", EVENT, "event.txt", field(0, "eventID") + field(1, "eventDate"))
OCC_EXT = file_xml(
    "extension", OCCURRENCE, "occurrence.txt", field(1, "occurrenceID") + field(2, "scientificName")
)
EVENTS = "id\teventDate\ne1\t2020-01-01\ne2\t2020-01-02\n"
OCCURRENCES = "id\toccurrenceID\tscientificName\ne1\to1\tRana\ne2\to2\tBufo\n"


def make_zip(folder: Path, files: dict[str, str | bytes], name: str = "dwca.zip") -> Path:
    path = folder / name
    with zipfile.ZipFile(path, "w") as zf:
        for member, data in files.items():
            zf.writestr(member, data)
    return path


def ponds(tmp_path: Path, **changes: str | bytes | None) -> Path:
    files = {
        "meta.xml": meta(EVENT_CORE, OCC_EXT),
        "eml.xml": EML,
        "event.txt": EVENTS,
        "occurrence.txt": OCCURRENCES,
        **changes,
    }
    return make_zip(tmp_path, {k: v for k, v in files.items() if v is not None})


def assert_nothing_left(data_dir: Path) -> None:
    assert not Resource.objects.exists()
    assert not list((data_dir / "tmp").iterdir())
    assert not (data_dir / "resources").exists() or not list((data_dir / "resources").iterdir())


def import_(path: Path, user, **options) -> object:
    return resource_from_dwca(
        path=path, user=user, shortname=options.pop("shortname", "ponds"), **options
    )


# --- what is imported ---------------------------------------------------------------------------


def test_event_archive_becomes_a_sampling_event_resource_with_sources_mappings_and_eml(
    tmp_path, manager, data_dir
):
    steps = []
    result = import_(ponds(tmp_path), manager, progress=lambda done, total: steps.append(done))
    resource = result.resource
    assert resource.type == ResourceType.SAMPLING_EVENT
    assert resource.title == "Ponds of the valley"
    assert metadata_get(resource).abstract == ["Amphibians counted at ponds."]
    assert sorted(resource.sources.values_list("name", flat=True)) == ["event", "occurrence"]
    core, occurrences = resource.mappings.order_by("position")
    assert mapping_definition(core) == {
        "id_column": "id",
        "filters": [],
        "fields": [
            {"term": DWC + "eventID", "column": "id"},
            {"term": DWC + "eventDate", "column": "eventDate"},
        ],
    }
    assert mapping_definition(occurrences)["id_column"] == "id"
    assert result.counts == {EVENT: 2, OCCURRENCE: 2}
    assert result.notes == [] and steps == [1, 2]
    assert not list((data_dir / "tmp").iterdir())


def test_occurrence_core_gives_an_occurrence_resource(tmp_path, manager, data_dir):
    core = file_xml("core", OCCURRENCE, "occurrence.txt", field(1, "occurrenceID"))
    path = make_zip(tmp_path, {"meta.xml": meta(core), "occurrence.txt": OCCURRENCES})
    result = import_(path, manager, title="Given title")
    assert result.resource.type == ResourceType.OCCURRENCE
    assert result.resource.title == "Given title"
    assert "no EML" in " ".join(result.notes)


def test_taxon_core_gives_a_checklist(tmp_path, manager, data_dir):
    core = file_xml(
        "core", DWC + "Taxon", "taxon.txt", field(0, "taxonID") + field(1, "scientificName")
    )
    path = make_zip(tmp_path, {"meta.xml": meta(core), "taxon.txt": "id\tname\nt1\tRana\n"})
    assert import_(path, manager).resource.type == ResourceType.CHECKLIST


def test_defaults_become_column_defaults_or_constants(tmp_path, manager, data_dir):
    core = file_xml(
        "core",
        EVENT,
        "event.txt",
        field(0, "eventID")
        + field(1, "eventDate", default="2000-01-01")
        + field(None, "country", default="Belgium")
        + field(None, "habitat"),
    )
    events = "id\teventDate\ne1\t2020-01-01\ne2\t\n"
    result = import_(make_zip(tmp_path, {"meta.xml": meta(core), "event.txt": events}), manager)
    mapping = result.resource.mappings.get()
    assert mapping_definition(mapping)["fields"] == [
        {"term": DWC + "eventID", "column": "id"},
        {"term": DWC + "eventDate", "column": "eventDate", "default": "2000-01-01"},
        {"term": DWC + "country", "constant": "Belgium"},
    ]
    preview = mapping_preview(mapping)
    assert [r["values"] for r in preview["rows"]] == [
        ["e1", "2020-01-01", "Belgium"],
        ["e2", "2000-01-01", "Belgium"],
    ]
    assert any("habitat" in note and "neither" in note for note in result.notes)


def test_terms_the_extension_lacks_are_noted_and_skipped(tmp_path, manager, data_dir):
    core = file_xml(
        "core",
        EVENT,
        "event.txt",
        field(0, "eventID") + field(1, "notATerm") + field(1, "http://purl.org/dc/terms/language"),
    )
    result = import_(make_zip(tmp_path, {"meta.xml": meta(core), "event.txt": EVENTS}), manager)
    terms = [f["term"] for f in mapping_definition(result.resource.mappings.get())["fields"]]
    assert terms == [DWC + "eventID", "http://purl.org/dc/elements/1.1/language"]
    assert any(DWC + "notATerm" in note and "not imported" in note for note in result.notes)
    assert any(
        "http://purl.org/dc/terms/language → http://purl.org/dc/elements/1.1/language" in note
        for note in result.notes
    )


def test_retired_obis_row_type_and_terms_map_to_the_installed_emof(tmp_path, manager, data_dir):
    emof = file_xml(
        "extension",
        "http://rs.obis.org/obis/terms/ExtendedMeasurementOrFact",
        "emof.txt",
        field(1, "measurementType") + field(2, "http://rs.obis.org/obis/terms/measurementTypeID"),
    )
    path = make_zip(
        tmp_path,
        {
            "meta.xml": meta(EVENT_CORE, emof),
            "event.txt": EVENTS,
            "emof.txt": "id\ttype\ttypeID\ne1\tdepth\tP01\n",
        },
    )
    result = import_(path, manager)
    mapping = result.resource.mappings.get(extension__row_type__contains="iobis")
    assert [f["term"] for f in mapping_definition(mapping)["fields"]] == [
        DWC + "measurementType",
        "http://rs.iobis.org/obis/terms/measurementTypeID",
    ]


def test_several_files_of_one_row_type_become_one_source_each(tmp_path, manager, data_dir):
    core = EVENT_CORE.replace(
        "<location>event.txt</location>",
        "<location>event.txt</location><location>more/event.txt</location>",
    )
    path = make_zip(
        tmp_path,
        {
            "meta.xml": meta(core),
            "event.txt": EVENTS,
            "more/event.txt": "id\teventDate\ne3\t2021-01-01\n",
        },
    )
    result = import_(path, manager)
    assert result.resource.mappings.count() == 2
    assert sorted(result.resource.sources.values_list("name", flat=True)) == ["event", "event_2"]
    assert result.counts == {EVENT: 3}


def test_file_without_header_gets_numbered_columns(tmp_path, manager, data_dir):
    core = file_xml("core", EVENT, "event.txt", field(1, "eventDate"), ignoreHeaderLines="0")
    path = make_zip(tmp_path, {"meta.xml": meta(core), "event.txt": "e1\t2020-01-01\n"})
    mapping = import_(path, manager).resource.mappings.get()
    assert mapping_definition(mapping)["id_column"] == "column_1"
    assert mapping_definition(mapping)["fields"] == [
        {"term": DWC + "eventDate", "column": "column_2"}
    ]


def test_last_ignored_line_is_the_header(tmp_path, manager, data_dir):
    core = file_xml("core", EVENT, "event.txt", field(1, "eventDate"), ignoreHeaderLines="2")
    events = "exported 2020\nid\twhen\ne1\t2020-01-01\n"
    path = make_zip(tmp_path, {"meta.xml": meta(core), "event.txt": events})
    source = import_(path, manager).resource.sources.get()
    assert source.columns == ["id", "when"] and source.row_count == 1


def test_quoted_comma_separated_latin1_file_is_read_as_meta_xml_says(tmp_path, manager, data_dir):
    core = file_xml(
        "core",
        EVENT,
        "event.csv",
        field(0, "eventID") + field(1, "locality"),
        fieldsTerminatedBy=",",
        fieldsEnclosedBy="&quot;",
        encoding="ISO-8859-1",
    )
    events = 'id,locality\ne1,"Liège, quai"\n'.encode("latin-1")
    path = make_zip(tmp_path, {"meta.xml": meta(core), "event.csv": events})
    mapping = import_(path, manager).resource.mappings.get()
    assert mapping_preview(mapping)["rows"][0]["values"] == ["e1", "Liège, quai"]


def test_multi_value_delimiter_is_kept_on_the_source(tmp_path, manager, data_dir):
    core = file_xml(
        "core",
        OCCURRENCE,
        "occurrence.txt",
        field(1, "occurrenceID") + field(2, "recordedBy", delimitedBy="|"),
    )
    path = make_zip(tmp_path, {"meta.xml": meta(core), "occurrence.txt": OCCURRENCES})
    assert import_(path, manager).resource.sources.get().spec[DELIMITER_KEY] == "|"


def test_archive_without_meta_xml_is_a_core_named_by_its_header(tmp_path, manager, data_dir):
    data = "occurrenceID\tscientificName\tdwc:eventDate\tmyColumn\no1\tRana\t2020\tx\n"
    result = import_(make_zip(tmp_path, {"data.txt": data, "eml.xml": EML}), manager)
    mapping = result.resource.mappings.get()
    assert result.resource.type == ResourceType.OCCURRENCE
    assert mapping_definition(mapping) == {
        "id_column": "occurrenceID",
        "filters": [],
        "fields": [
            {"term": DWC + "occurrenceID", "column": "occurrenceID"},
            {"term": DWC + "scientificName", "column": "scientificName"},
            {"term": DWC + "eventDate", "column": "dwc:eventDate"},
        ],
    }
    assert any("myColumn" in note for note in result.notes)


def test_unreadable_eml_is_noted_and_the_rest_imported(tmp_path, manager, data_dir):
    result = import_(ponds(tmp_path, **{"eml.xml": b"<eml><unclosed>"}), manager)
    assert result.resource.mappings.count() == 2
    assert any("eml.xml was not imported" in note for note in result.notes)
    assert result.resource.title == ""


def test_folder_of_an_unpacked_archive_is_imported_in_place(tmp_path, manager, data_dir):
    folder = tmp_path / "unpacked"
    folder.mkdir()
    for name, data in {"meta.xml": meta(EVENT_CORE), "event.txt": EVENTS}.items():
        (folder / name).write_text(data)
    result = import_(folder, manager)
    assert result.resource.sources.get().row_count == 2
    assert sorted(p.name for p in folder.iterdir()) == ["event.txt", "meta.xml"]


def test_zip_of_one_folder_is_read_from_inside_it(tmp_path, manager, data_dir):
    files = {
        "dwca/meta.xml": meta(EVENT_CORE, metadata="metadata.xml"),
        "dwca/metadata.xml": EML,
        "dwca/event.txt": EVENTS,
    }
    result = import_(make_zip(tmp_path, files), manager)
    assert result.resource.title == "Ponds of the valley"
    assert result.counts == {EVENT: 2}


# --- what is refused, leaving nothing behind -----------------------------------------------------


def refused(path: Path, user, code: str, **options) -> UserError:
    with pytest.raises(UserError) as caught:
        import_(path, user, **options)
    assert caught.value.code == code, caught.value.message
    return caught.value


def test_row_type_not_installed_is_refused_naming_it(tmp_path, manager, data_dir):
    other = file_xml("extension", "http://example.org/terms/Nest", "nest.txt", field(1, "x"))
    error = refused(
        ponds(tmp_path, **{"meta.xml": meta(EVENT_CORE, other), "nest.txt": "id\tx\ne1\t1\n"}),
        manager,
        "dwca:extension-missing",
    )
    assert "http://example.org/terms/Nest" in error.message
    assert error.details == {"row_types": ["http://example.org/terms/Nest"]}
    assert_nothing_left(data_dir)


def test_zip_with_a_parent_path_is_refused(tmp_path, manager, data_dir):
    error = refused(ponds(tmp_path, **{"../evil.txt": "x"}), manager, "source:zip-unsafe")
    assert "../evil.txt" in error.message
    assert_nothing_left(data_dir)
    assert not (data_dir / "evil.txt").exists() and not (data_dir / "tmp" / "evil.txt").exists()


def test_core_without_id_is_refused_when_extensions_exist(tmp_path, manager, data_dir):
    core = EVENT_CORE.replace('<id index="0"/>', "")
    refused(ponds(tmp_path, **{"meta.xml": meta(core, OCC_EXT)}), manager, "dwca:core-id")
    assert_nothing_left(data_dir)


def test_core_that_is_no_resource_type_is_refused(tmp_path, manager, data_dir):
    core = file_xml("core", DWC + "MeasurementOrFact", "mof.txt", field(1, "measurementType"))
    path = make_zip(tmp_path, {"meta.xml": meta(core), "mof.txt": "id\ttype\nm1\tdepth\n"})
    refused(path, manager, "dwca:core-unsupported")
    assert_nothing_left(data_dir)


def test_missing_data_file_is_refused(tmp_path, manager, data_dir):
    error = refused(ponds(tmp_path, **{"occurrence.txt": None}), manager, "dwca:file-missing")
    assert "occurrence.txt" in error.message
    assert_nothing_left(data_dir)


def test_location_outside_the_archive_folder_is_not_read(tmp_path, manager, data_dir):
    folder = tmp_path / "unpacked"
    folder.mkdir()
    (tmp_path / "secret.txt").write_text(EVENTS)
    (folder / "meta.xml").write_text(meta(EVENT_CORE.replace("event.txt", "../secret.txt")))
    refused(folder, manager, "dwca:file-missing")
    assert_nothing_left(data_dir)


def test_hostile_meta_xml_is_refused(tmp_path, manager, data_dir):
    hostile = '<!DOCTYPE a [<!ENTITY e SYSTEM "file:///etc/passwd">]>' + meta(EVENT_CORE)
    error = refused(ponds(tmp_path, **{"meta.xml": hostile}), manager, "dwca:meta-hostile")
    assert "meta.xml" in error.message
    assert_nothing_left(data_dir)


def test_taken_shortname_is_refused_and_the_other_resource_untouched(tmp_path, manager, data_dir):
    resource_create(shortname="ponds", creator=manager, title="Mine")
    refused(ponds(tmp_path), manager, "resource:shortname-taken")
    assert list(Resource.objects.values_list("title", flat=True)) == ["Mine"]
    assert not list((data_dir / "tmp").iterdir())


def test_failure_after_sources_were_stored_removes_resource_and_files(tmp_path, manager, data_dir):
    # The occurrence file is not UTF-8: its source fails after the event source was stored.
    bad = OCCURRENCES.replace("Bufo", "Bufo \xe9").encode("latin-1")
    refused(ponds(tmp_path, **{"occurrence.txt": bad}), manager, "source:encoding")
    assert_nothing_left(data_dir)


def test_user_without_manager_rights_is_refused(tmp_path, data_dir, db):
    refused(ponds(tmp_path), UserFactory(role=Role.USER), "resource:forbidden")
    assert_nothing_left(data_dir)
