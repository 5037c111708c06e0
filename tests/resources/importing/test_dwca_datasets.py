"""Every reference archive, imported as a new resource and published again, gives the same
data: per row type the same rows, in the same order, with the same id and the same value
per term.

The original is read with python-dwca-reader (an independent reading of its meta.xml,
defaults included), the republished archive too. Normalised, because the IPT format
changes them legitimately:

* tabs and line breaks inside a value are written as spaces (the archive is tab-separated
  without quotes);
* a ``default`` from meta.xml is written into each row (dwca-reader applies it to the
  original as well);
* a term the installed extension holds under another namespace is compared under the
  installed name: Dublin Core elements and terms share names (the 2025 cores use
  ``dc:type`` and ``dc:language`` where IPT archives wrote ``dcterms:``), and older OBIS
  archives write the eMoF ids in the retired rs.obis.org or the dwc namespace (the import
  notes list each such term);
* records whose fields are all empty are not records (the source reader skips them);
* terms the installed extension lacks are not published: each must be named in the import
  notes, and is left out of the comparison.

Two archives break a blocking rule on purpose and must be refused at publication with the
documented check (see tests/resources/publication/test_real_archives.py); for the one whose
original can be read, the rows the archive writer would write are compared. One folder holds
only extension rows without meta.xml (Humboldt): the file becomes one source mapped to an
Event core (its Event terms) and to the Humboldt extension (the columns that extension names);
the rows the writer makes for both, joined again, must equal the file. Its eventIDs repeat
(11 inventory rows per event), so publication refuses it as a core, as it should.
"""

from __future__ import annotations

import csv
import zipfile
from pathlib import Path

import pytest
from dwca.read import DwCAReader

from catalogue.models import Extension
from core.models import JobStatus
from metadata.eml.model import Agent
from metadata.services.documents import metadata_get, metadata_save, metadata_validate
from publisher.models import Role
from resources.dwca.meta_read import row_type_of
from resources.models import ResourceType
from resources.services.importing.dwca import resource_from_dwca
from resources.services.mappings import row_type_rows
from resources.services.resources import resource_dir
from tests.conftest import TEST_DATA
from tests.factories import UserFactory
from tests.resources.publication.conftest import publish_inline, valid_metadata

DATASETS = TEST_DATA / "datasets"
KINDS = {
    "event": ResourceType.SAMPLING_EVENT,
    "occurrence": ResourceType.OCCURRENCE,
    "extension-samples": ResourceType.SAMPLING_EVENT,
}
# Real data that breaks a blocking rule: publication must refuse it and say where.
KNOWN_BAD = {
    # A validator fixture: two occurrence rows share the occurrenceID SDA:AVE:PEDH:TIB:21.
    "sib-aves-humedales-bogota": ("occurrence-id-duplicate", 2),
    # The IPT's own test resource: its occurrences have neither occurrenceID nor a catalogue
    # triplet, so GBIF's crawler would abort the dataset.
    "ipt-test-event": ("occurrence-ids-refused", 1),
    # Humboldt rows, not events: each of the 125 eventIDs has 11 rows (one per inventory
    # target), so as an Event core 1375 rows repeat an id. Its real core is on the OBIS IPT.
    "humboldt-broke-west-fish": ("core-id-duplicate", 1375),
}

# FORMICA's draft meta.xml names files that are not there (event.txt for event.csv), so
# dwca-reader cannot read the original; the import reads those files by their header.
UNREADABLE = {"formica-veg-releve"}

Rows = list[tuple[str, dict[str, str]]]


@pytest.fixture
def manager(db):
    return UserFactory(role=Role.MANAGER)


def _datasets() -> list[Path]:
    return sorted(
        folder
        for kind in KINDS
        if (DATASETS / kind).is_dir()
        for folder in (DATASETS / kind).iterdir()
        if folder.is_dir()
    )


def _archive(folder: Path) -> Path:
    """The dataset's archive: its zip, else the folder of an unpacked archive."""
    zips = sorted(folder.glob("*.zip"))
    return zips[0] if zips else folder


EVENT = "http://rs.tdwg.org/dwc/terms/Event"


@pytest.mark.parametrize("folder", _datasets(), ids=lambda p: p.name)
def test_archive_imported_and_republished_holds_the_same_data(folder, manager, data_dir):
    result = resource_from_dwca(
        path=_archive(folder), user=manager, shortname=folder.name.replace(".", "-")[:90]
    )
    resource = result.resource
    assert resource.type == KINDS[folder.parent.name]
    assert 1 <= resource.sources.count() <= resource.mappings.count()
    assert not list((data_dir / "tmp").iterdir())  # the unpacked archive is gone
    if not any("EML" in note for note in result.notes):
        assert resource.title == metadata_get(resource).titles[0].text.strip() != ""
    original = _read(_archive(folder)) if folder.name not in UNREADABLE else None
    if original is not None:
        assert {t: n for t, n in result.counts.items() if t in original} == {
            row_type: len(rows) for row_type, rows in original.items()
        }
    _complete_metadata(resource)

    job = publish_inline(resource, manager)

    problems = [
        (c["check"], c["count"])
        for c in (job.result or {}).get("report", {}).get("checks", [])
        if c["count"] and c["severity"] == "error"
    ]
    if folder.name in KNOWN_BAD:
        assert (job.status, job.error_code) == (JobStatus.FAILED, "publication:checks")
        assert problems == [KNOWN_BAD[folder.name]]
        assert not resource.versions.exists()
        if original is not None:  # what would have been published: the writer's own rows
            _assert_same_data(original, _flat(folder, _mapped(resource)), result.notes)
        return
    assert job.status == JobStatus.SUCCEEDED, (job.error_code, job.error_message, problems)
    if original is None:  # FORMICA: 225 plots whose parent transects are not in the file
        warned = {c["check"]: c["count"] for c in resource.versions.get().report["checks"]}
        assert warned["parent-event-unknown"] == 225
        return
    published = _read(resource_dir(resource) / resource.versions.get().archive_name)
    _assert_same_data(original, _flat(folder, published), result.notes)


def _flat(folder: Path, published: dict[str, Rows]) -> dict[str, Rows]:
    """For a single file without meta.xml, mapped to a core and an extension: the two
    joined back row by row, as the file has them; else ``published`` as it is."""
    if not _archive(folder).is_dir() or (_archive(folder) / "meta.xml").exists():
        return published
    assert len(published) == 2  # the core, and the extension the other columns name
    core, extension = published[EVENT], next(r for t, r in published.items() if t != EVENT)
    assert [i for i, _values in core] == [i for i, _values in extension]
    return {
        EVENT: [
            (i, {**values, **more}) for (i, values), (_i, more) in zip(core, extension, strict=True)
        ]
    }


def _complete_metadata(resource) -> None:
    """Fill what some real documents leave out and the profile requires: this test is about
    the data; EML import has its own tests."""
    valid_metadata(resource)
    doc = metadata_get(resource)
    if not doc.project.is_empty() and not doc.project.personnel:
        doc.project.personnel = [Agent(sur_name="Unknown", role="principalInvestigator")]
    if not doc.methods.is_empty():
        doc.methods.study_extent = doc.methods.study_extent or ["Not described."]
        doc.methods.sampling_description = doc.methods.sampling_description or ["Not described."]
    doc.pub_date = ""
    metadata_save(resource, doc)
    assert metadata_validate(resource) == []


# --- reading both archives -------------------------------------------------------------------


def _read(path: Path) -> dict[str, Rows]:
    """Rows per row type: (id or core id, {term: value}), in file order."""
    if path.is_dir() and not (path / "meta.xml").exists():
        return _read_without_meta(path)
    found: dict[str, Rows] = {}
    with DwCAReader(str(path), skip_metadata=True) as archive:
        for data_file in [archive.core_file, *archive.extension_files]:
            row_type = row_type_of(data_file.file_descriptor.type)
            core = data_file.file_descriptor.represents_corefile
            found.setdefault(row_type, []).extend(
                (row.id if core else row.core_id, row.data)
                for row in data_file.iter_rows()
                if any(f.strip() for f in row.raw_fields)
            )
    return found


def _mapped(resource) -> dict[str, Rows]:
    """The rows the archive writer would write, per row type (publication was refused)."""
    found = {}
    for mapping in resource.mappings.select_related("extension"):
        extension = mapping.extension
        if extension.row_type not in found:
            _terms, rows = row_type_rows(resource, extension)
            found[extension.row_type] = [(row.id, row.values) for row in rows]
    return found


def _read_without_meta(folder: Path) -> dict[str, Rows]:
    """A single tab-separated file whose header names the terms (Humboldt sample): rows
    keyed by the header names, the eventID as id."""
    (path,) = [p for p in folder.iterdir() if p.is_file()]
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t")
        return {"http://rs.tdwg.org/dwc/terms/Event": [(r["eventID"], dict(r)) for r in reader]}


# --- comparing -------------------------------------------------------------------------------


def _value(text: str | None) -> str:
    return (text or "").replace("\t", " ").replace("\r", " ").replace("\n", " ")


def _term(term: str, installed: set[str]) -> str:
    """The term as the extension names it: itself, else the one installed term of the same
    name (Dublin Core elements and terms, OBIS terms in a retired or the dwc namespace)."""
    name = term.rsplit("/", 1)[-1].lower()
    same = [t for t in installed if t.rsplit("/", 1)[-1].lower() == name]
    return term if term in installed or len(same) != 1 else same[0]


def _assert_same_data(
    original: dict[str, Rows], published: dict[str, Rows], notes: list[str]
) -> None:
    assert sorted(published) == sorted(original)
    for row_type, rows in original.items():
        installed = set(
            Extension.objects.get(row_type=row_type).properties.values_list("qual_name", flat=True)
        )
        out = published[row_type]
        assert len(out) == len(rows), row_type
        simple = not any("://" in t for t in rows[0][1]) if rows else False
        terms = _compared_terms(rows, out, installed, notes, simple)
        assert terms, row_type
        for (old_id, old), (new_id, new) in zip(rows, out, strict=True):
            assert _value(new_id) == _value(old_id), row_type
            for old_term, new_term in terms:
                assert _value(new.get(new_term)) == _value(old.get(old_term)), (
                    row_type,
                    old_id,
                    old_term,
                )


def _compared_terms(
    rows: Rows, out: Rows, installed: set[str], notes: list[str], simple: bool
) -> list[tuple[str, str]]:
    """(original term, published term) pairs; every original term not published is one
    the notes name."""
    published = set(out[0][1]) if out else set()
    by_name = {t.rsplit("/", 1)[-1]: t for t in published}
    pairs = []
    for term in rows[0][1] if rows else []:
        new = by_name.get(term) if simple else _term(term, installed)
        if new in published:
            pairs.append((term, new))
        else:
            assert any(term in note for note in notes), (term, notes)
    return pairs


def test_every_reference_archive_is_listed():
    names = {p.name for p in _datasets()}
    assert {
        "nsbs-north-sea-benthos-survey",
        "canadensys-megachile-chomskyi",
        "humboldt-broke-west-fish",
    } <= names
    for folder in _datasets():
        path = _archive(folder)
        assert path.is_dir() or zipfile.is_zipfile(path)
