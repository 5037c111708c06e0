"""Exporting a resource as an IPT-style folder zip, and importing that zip back."""

from __future__ import annotations

import io
import zipfile

import pytest

from metadata.services.coverage import coverage_modes, metadata_settings_update
from metadata.services.documents import metadata_record
from resources.ipt.resource_xml import parse_resource_xml
from resources.models import Resource, Visibility
from resources.services.exporting import resource_export, resource_export_file
from resources.services.importing.ipt import resource_from_ipt_folder
from resources.services.mappings import mapping_definition, mapping_update
from resources.services.publication import next_version, publication_settings_update
from resources.services.publication.files import version_path
from resources.services.resources import resource_delete
from resources.services.sources import source_date_format_set
from resources.services.visibility import resource_visibility_change
from tests.resources.publication.conftest import (
    OCCURRENCE,
    make_resource,
    manager,
    publish_inline,
)

__all__ = ["manager"]  # a fixture, used by name
DWC = "http://rs.tdwg.org/dwc/terms/"


@pytest.fixture
def published(manager, data_dir):
    """Two sources, an occurrence mapping with a constant, a default, translations, a
    template and two filters, public, published twice."""
    resource = make_resource(manager, "ponds")
    mapping = resource.mappings.get(extension__row_type=OCCURRENCE)
    definition = mapping_definition(mapping)
    rules = {r["term"]: r for r in definition["fields"]}
    rules[DWC + "occurrenceStatus"]["translations"] = {"present": "Present"}
    rules[DWC + "individualCount"]["default"] = "1"
    definition["fields"] = [
        *rules.values(),
        {"term": DWC + "datasetName", "constant": "Pond survey"},
        {"term": DWC + "recordNumber", "template": "{eventID}/{occurrenceID}"},
    ]
    definition["filters"] = [
        {"column": "basisOfRecord", "op": "not_equals", "value": "FossilSpecimen"},
        {
            "column": DWC + "occurrenceStatus",
            "op": "in",
            "value": ["Present", "absent"],
            "after_translation": True,
        },
    ]
    mapping_update(mapping=mapping, definition=definition)
    source_date_format_set(source=resource.sources.get(name="event"), date_format="D.M.YYYY")
    resource_visibility_change(resource=resource, user=manager, visibility=Visibility.PUBLIC)
    publication_settings_update(resource=resource, archival_mode="last_n", archival_limit=7)
    for summary in ("first", "second"):
        job = publish_inline(resource, manager, change_summary=summary)
        assert job.status == "succeeded", job.error_message
    return Resource.objects.get(pk=resource.pk)


def exported_names(path) -> list[str]:
    with zipfile.ZipFile(path) as zf:
        return sorted(zf.namelist())


def snapshot(resource: Resource) -> dict:
    """What must survive export and import, without ids and the short name."""
    document = dict(metadata_record(resource).document)
    document.pop("short_name", None)
    return {
        "type": resource.type,
        "title": resource.title,
        "visibility": resource.visibility,
        "created": resource.created,
        "sources": {
            s.name: (s.sha256, s.filename, s.spec, s.kind, s.row_count, s.date_format)
            for s in resource.sources.all()
        },
        "mappings": sorted(
            (m.extension.row_type, m.source.name, repr(mapping_definition(m)))
            for m in resource.mappings.all()
        ),
        "metadata": document,
        "versions": [
            (
                v.label,
                v.published_at,
                v.change_summary,
                v.visibility,
                v.counts,
                v.records,
                v.data_sha256,
                v.archive_sha256,
                version_path(v, "archive").read_bytes(),
                version_path(v, "eml").read_bytes(),
            )
            for v in resource.versions.order_by("major", "minor")
        ],
        "archival": resource.publication_settings.archival_limit,
    }


def test_export_holds_an_ipt_folder_with_our_full_description(published, tmp_path):
    path = resource_export(resource=published, dest=tmp_path)
    assert path == tmp_path / "ponds.zip"
    names = exported_names(path)
    for name in (
        "resource.xml",
        "resource.json",
        "eml.xml",
        "dwca-1.0.zip",
        "dwca-1.1.zip",
        "eml-1.0.xml",
        "eml-1.1.xml",
        "report-1.1.json",
        "sources/event.txt",
        "sources/occurrence.txt",
    ):
        assert "ponds/" + name in names
    with zipfile.ZipFile(path) as zf:
        ipt = parse_resource_xml(zf.read("ponds/resource.xml"))
        assert (
            zf.read("ponds/dwca-1.0.zip")
            == version_path(published.versions.get(label="1.0"), "archive").read_bytes()
        )
    assert (ipt.core_type, ipt.status, ipt.eml_version) == ("SAMPLINGEVENT", "PUBLIC", "1.1")
    assert [v.label for v in ipt.versions] == ["1.1", "1.0"]
    occurrence = next(m for m in ipt.mappings if m.row_type == OCCURRENCE)
    fields = {f.term: f for f in occurrence.fields}
    assert fields[DWC + "datasetName"].index is None  # a constant
    assert fields[DWC + "datasetName"].default == "Pond survey"
    assert fields[DWC + "occurrenceStatus"].translations == {"present": "Present"}
    assert occurrence.filter.comparator == "NotEquals"


def test_export_then_import_reproduces_the_resource(published, manager, data_dir):
    path = resource_export_file(resource=published)
    result = resource_from_ipt_folder(path=path, user=manager, shortname="ponds-copy")
    copy = result.resource
    assert snapshot(copy) == snapshot(published)
    assert next_version(copy) == (1, 2)
    assert result.notes == [
        "The metadata got a new packageId: %s is used by another resource "
        "here." % metadata_record(published).package_id
    ]


def test_reimport_after_deleting_keeps_urls_and_package_id(published, manager, data_dir, client):
    before = snapshot(published)
    package_id = metadata_record(published).package_id
    path = resource_export_file(resource=published)
    resource_delete(resource=published, user=manager)
    result = resource_from_ipt_folder(path=path, user=manager)
    assert result.resource.shortname == "ponds" and result.notes == []
    assert snapshot(result.resource) == before
    assert metadata_record(result.resource).package_id == package_id
    response = client.get("/archive.do?r=ponds&v=1.0")  # public: anyone
    assert b"".join(response.streaming_content) == before["versions"][0][8]


def test_export_without_resource_json_imports_from_resource_xml(
    published, manager, data_dir, tmp_path
):
    path = resource_export(resource=published, dest=tmp_path / "full.zip")
    reduced = tmp_path / "reduced.zip"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(reduced, "w") as out:
        for info in src.infolist():
            if not info.filename.endswith("resource.json"):
                out.writestr(info, src.read(info))
    result = resource_from_ipt_folder(path=reduced, user=manager, shortname="ponds-ipt")
    copy = result.resource
    assert sorted(s.name for s in copy.sources.all()) == ["event", "occurrence"]
    assert [v.label for v in copy.versions.order_by("major", "minor")] == ["1.0", "1.1"]
    assert copy.visibility == Visibility.PUBLIC
    occurrence = mapping_definition(copy.mappings.get(extension__row_type=OCCURRENCE))
    rules = {r["term"]: r for r in occurrence["fields"]}
    assert rules[DWC + "datasetName"] == {"term": DWC + "datasetName", "constant": "Pond survey"}
    assert rules[DWC + "occurrenceStatus"]["translations"] == {"present": "Present"}
    assert DWC + "recordNumber" not in rules  # templates exist only in resource.json
    assert occurrence["filters"] == [
        {
            "column": "basisOfRecord",
            "op": "not_equals",
            "value": "FossilSpecimen",
            "after_translation": False,
        }
    ]


def test_export_to_a_file_object(published):
    buffer = io.BytesIO()
    assert resource_export(resource=published, dest=buffer) is buffer
    assert "ponds/resource.json" in zipfile.ZipFile(buffer).namelist()


def test_export_then_import_keeps_each_coverage_mode(published, manager, data_dir):
    metadata_settings_update(published, taxonomic_coverage_mode="inferred", user=manager)
    path = resource_export_file(resource=published)
    copy = resource_from_ipt_folder(path=path, user=manager, shortname="ponds-copy").resource
    assert coverage_modes(copy) == {
        "geographic": "entered",
        "temporal": "entered",
        "taxonomic": "inferred",
    }
