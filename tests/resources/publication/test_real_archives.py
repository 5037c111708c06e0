"""Every real sampling-event archive, rebuilt from its own data files, publishes cleanly.

Each archive's data files become sources, each is auto-mapped to its row type, the archive's
EML becomes the metadata, and the resource is published in-process as a worker would. The
result must open with python-dwca-reader without orphaned rows, its meta.xml must validate
against the DwC text guide XSD and its eml.xml against the GBIF profile 1.3 XSD, and every
file must hold as many rows as its source.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from dwca.read import DwCAReader
from lxml import etree

from catalogue.models import Extension
from core.models import JobStatus
from metadata.eml.model import Agent
from metadata.eml.validate import validate_xsd
from metadata.services.documents import metadata_get, metadata_save, metadata_validate
from metadata.services.io import metadata_import
from resources.dwca.meta_read import FileDescriptor, read_meta
from resources.dwcdp.validate import validate_package
from resources.services.mappings import mapping_create
from resources.services.resources import resource_create, resource_dir
from tests.conftest import TEST_DATA

from .conftest import add_sources, publish_inline, valid_metadata

EVENT_DATASETS = TEST_DATA / "datasets" / "event"
META_NS = "{http://rs.tdwg.org/dwc/text/}"
EVENT_TYPE = "http://rs.tdwg.org/dwc/terms/Event"
OCCURRENCE_TYPE = "http://rs.tdwg.org/dwc/terms/Occurrence"
# Real data that breaks a blocking rule: publication must refuse it and say where.
KNOWN_BAD = {
    # A validator fixture: two occurrence rows share the occurrenceID SDA:AVE:PEDH:TIB:21.
    "sib-aves-humedales-bogota": ("occurrence-id-duplicate", 2),
    # The IPT's own test resource: its two occurrences have neither occurrenceID nor a
    # catalogue triplet, so GBIF's crawler would abort the dataset.
    "ipt-test-event": ("occurrence-ids-refused", 1),
}
# Real data that GBIF indexes with a loss: publication warns and goes ahead.
KNOWN_WARNINGS = {
    # All 225 plots name a transect as parentEventID, and no transect event is in the file.
    "formica-veg-releve": ("parent-event-unknown", 225),
}
FORMICA = EVENT_DATASETS / "formica-veg-releve"


def _datasets() -> list[Path]:
    return (
        sorted(p for p in EVENT_DATASETS.iterdir() if p.is_dir()) if EVENT_DATASETS.exists() else []
    )


def _archive_files(folder: Path) -> dict[str, bytes]:
    """The archive's members (meta.xml, eml.xml, data files) from its zip or its folder."""
    zips = sorted(folder.glob("*.zip"))
    if zips:
        with zipfile.ZipFile(zips[0]) as zf:
            return {Path(n).name: zf.read(n) for n in zf.namelist() if not n.endswith("/")}
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


def _data_files(meta: bytes, members: dict[str, bytes]) -> list[tuple[str, str, bool]]:
    """(file name, row type, is core) of each data file meta.xml names. A file without a
    header line gets one made of its terms' names, so that auto-mapping can work."""
    found = []
    for descriptor in read_meta(meta).files:
        name = Path(descriptor.locations[0]).name
        if name not in members:  # a folder of source files named .csv for a .txt
            name = next(n for n in members if Path(n).stem == Path(name).stem)
        if descriptor.ignore_header_lines == 0:
            members[name] = _header(descriptor) + members[name]
        found.append((name, descriptor.row_type, descriptor.core))
    return found


def _header(descriptor: FileDescriptor) -> bytes:
    names = {f.index: f.term.rsplit("/", 1)[-1] for f in descriptor.fields if f.index is not None}
    if descriptor.id_index is not None:
        names.setdefault(descriptor.id_index, "id")
    width = max(names) + 1
    return (
        descriptor.delimiter.join(names.get(i, f"column{i}") for i in range(width)) + "\n"
    ).encode()


def _source_rows(data: bytes) -> int:
    """Data rows of a delimited file: non-blank lines after the header (no quoted breaks in
    these archives)."""
    return sum(1 for line in data.decode("utf-8", "replace").splitlines()[1:] if line.strip())


def _republish(folder: Path, manager):
    """Make a resource of the archive in ``folder`` and publish it: (job, resource, members,
    data files)."""
    members = _archive_files(folder)
    files = _data_files(members["meta.xml"], members)
    installed = set(Extension.objects.values_list("row_type", flat=True))
    missing = [row_type for _name, row_type, _core in files if row_type not in installed]
    if missing:
        pytest.skip(f"extension not built in: {missing}")
    resource = resource_create(
        shortname=folder.name[:90].replace(".", "-"), creator=manager, title=folder.name
    )
    add_sources(resource, {name: members[name] for name, _rt, _core in files})
    sources = {s.filename: s for s in resource.sources.all()}
    for name, row_type, _core in sorted(files, key=lambda f: not f[2]):
        mapping_create(
            resource=resource,
            source=sources[name],
            extension=Extension.objects.get(row_type=row_type),
        )
    if "eml.xml" in members:
        metadata_import(resource, data=members["eml.xml"], user=manager)
    valid_metadata(resource)  # fills what a real document may lack (licence, contacts)
    _complete_metadata(resource)

    return publish_inline(resource, manager), resource, members, files


def _found(job, severity: str) -> list[tuple[str, int]]:
    return [
        (c["check"], c["count"])
        for c in (job.result or {}).get("report", {}).get("checks", [])
        if c["count"] and c["severity"] == severity
    ]


def test_formica_publishes_with_a_warning_per_plot_whose_transect_is_outside(manager, data_dir):
    job, resource, _members, _files = _republish(FORMICA, manager)

    assert job.status == JobStatus.SUCCEEDED, (job.error_code, job.error_message)
    version = resource.versions.get()
    assert version.label == "1.0"
    assert _found(job, "error") == []
    entry = next(c for c in version.report["checks"] if c["check"] == "parent-event-unknown")
    assert (entry["severity"], entry["count"]) == ("warning", 225)
    assert entry["samples"][0]["value"].startswith("FORMICA:TRANSECT:")
    assert "hierarchy will be incomplete" in entry["samples"][0]["message"]


@pytest.mark.parametrize("folder", _datasets(), ids=lambda p: p.name)
def test_real_event_archive_republishes_with_same_rows(folder, manager, data_dir):
    job, resource, members, files = _republish(folder, manager)

    problems = [
        (c["check"], c["count"], [(x["line"], x["value"]) for x in c["samples"][:3]])
        for c in (job.result or {}).get("report", {}).get("checks", [])
        if c["count"] and c["severity"] == "error"
    ]
    if folder.name in KNOWN_BAD:
        check, count = KNOWN_BAD[folder.name]
        assert job.status == JobStatus.FAILED
        assert job.error_code == "publication:checks"
        assert [(p[0], p[1]) for p in problems] == [(check, count)]
        assert all(line > 1 and value for line, value in problems[0][2])
        assert not resource.versions.exists()
        return
    assert job.status == JobStatus.SUCCEEDED, (job.error_code, job.error_message, problems)
    version = resource.versions.get()
    if folder.name in KNOWN_WARNINGS:
        check, count = KNOWN_WARNINGS[folder.name]
        assert any(
            (c["check"], c["count"], c["severity"]) == (check, count, "warning")
            for c in version.report["checks"]
        )
    archive = resource_dir(resource) / version.archive_name
    with zipfile.ZipFile(archive) as zf:
        meta = zf.read("meta.xml")
        eml = zf.read("eml.xml")
    schema = etree.XMLSchema(
        etree.parse(str(TEST_DATA / "schemas" / "dwc-text" / "tdwg_dwc_text.xsd"))
    )
    assert schema.validate(etree.fromstring(meta)), schema.error_log
    assert validate_xsd(eml, TEST_DATA / "schemas" / "eml-gbif-profile" / "1.3") == []
    expected = {row_type: _source_rows(members[name]) for name, row_type, _core in files}
    published: dict[str, int] = {}
    linked: dict[str, int] = {}
    with DwCAReader(str(archive)) as dwca:
        core_ids = set()
        for row in dwca:
            core_ids.add(row.id)
            published[row.rowtype] = published.get(row.rowtype, 0) + 1
            for ext in row.extensions:
                linked[ext.rowtype] = linked.get(ext.rowtype, 0) + 1
    with zipfile.ZipFile(archive) as zf:
        for name, row_type, core in files:
            if core:
                continue
            lines = zf.read(_file_name(meta, row_type)).decode("utf-8").splitlines()[1:]
            orphans = [line for line in lines if line.split("\t", 1)[0] not in core_ids]
            assert orphans == [], f"{name}: {len(orphans)} orphaned rows"
            published[row_type] = len(lines)
            # python-dwca-reader reaches every extension row through its core row.
            assert linked.get(row_type, 0) == len(lines)
    assert published == expected
    _package_checked(resource, version, published)


def _package_checked(resource, version, published: dict[str, int]) -> None:
    """The DwC-DP beside the archive: frictionless validates it with its keys, offline, and
    it holds every event, and every occurrence as an occurrence."""
    assert version.has_datapackage, version.report.get("datapackage")
    package = resource_dir(resource) / version.datapackage_name
    assert validate_package(package, keys=True) == []
    tables = version.report["datapackage"]["tables"]
    assert tables["event"] == published[EVENT_TYPE]
    if OCCURRENCE_TYPE in published:
        assert tables["occurrence"] == published[OCCURRENCE_TYPE]
    with zipfile.ZipFile(package) as zf:
        descriptor = json.loads(zf.read("datapackage.json"))
        for table in descriptor["resources"]:
            rows = zf.read(table["path"]).decode("utf-8").count("\r\n") - 1
            assert rows >= tables[table["name"]] > 0  # a quoted value may hold a line end


def _complete_metadata(resource) -> None:
    """Fill what some real documents leave out and the profile requires: this test is about
    the data, the metadata rules have their own tests."""
    doc = metadata_get(resource)
    if not doc.project.is_empty() and not doc.project.personnel:
        doc.project.personnel = [Agent(sur_name="Unknown", role="principalInvestigator")]
    if not doc.methods.is_empty():
        doc.methods.study_extent = doc.methods.study_extent or ["Not described."]
        doc.methods.sampling_description = doc.methods.sampling_description or ["Not described."]
    doc.pub_date = ""  # set at publication
    metadata_save(resource, doc)
    assert metadata_validate(resource) == []


def _file_name(meta: bytes, row_type: str) -> str:
    for element in etree.fromstring(meta):
        if element.get("rowType") == row_type:
            return element.find(f"{META_NS}files/{META_NS}location").text
    raise AssertionError(row_type)
