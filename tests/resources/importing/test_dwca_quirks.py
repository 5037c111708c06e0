"""Importing archives written by other tools (resources.services.importing.dwca): GBIF
downloads, tar archives, EML with leading whitespace, and the notes an import leaves."""

from __future__ import annotations

import io
import tarfile
from pathlib import Path

import pytest

from core.errors import UserError
from publisher.models import Role
from resources.models import ResourceType
from resources.services.mappings import mapping_definition
from tests.factories import UserFactory

from .test_dwca_import import (
    DWC,
    EML,
    EVENT,
    EVENT_CORE,
    EVENTS,
    OCC_EXT,
    OCCURRENCES,
    assert_nothing_left,
    field,
    file_xml,
    import_,
    make_zip,
    meta,
    ponds,
)

OCCURRENCE = DWC + "Occurrence"
GBIF_SIMPLE = (
    "gbifid\tdatasetkey\toccurrenceid\tscientificname\teventdate\n"
    "1\td1\to1\tRana temporaria\t2020-05-01\n"
    "2\td1\to2\tBufo bufo\t2020-05-02\n"
)


@pytest.fixture
def manager(db):
    return UserFactory(role=Role.MANAGER)


def test_gbif_simple_download_with_a_lower_case_id_column_is_an_occurrence_core(
    tmp_path, manager, data_dir
):
    path = make_zip(tmp_path, {"0001234-200101000000000.csv": GBIF_SIMPLE})
    result = import_(path, manager)
    definition = mapping_definition(result.resource.mappings.get())
    assert result.resource.type == ResourceType.OCCURRENCE
    assert definition["id_column"] == "occurrenceid"
    assert {"term": DWC + "occurrenceID", "column": "occurrenceid"} in definition["fields"]
    assert result.counts == {OCCURRENCE: 2}


def test_eml_with_blank_space_and_a_bom_before_its_declaration_is_imported_with_a_note(
    tmp_path, manager, data_dir
):
    eml = b"\r\n  \xef\xbb\xbf" + EML
    result = import_(ponds(tmp_path, **{"eml.xml": eml}), manager)
    assert result.resource.title == "Ponds of the valley"
    assert any("eml.xml has blank space before its XML declaration" in n for n in result.notes)
    assert not any("was not imported" in n for n in result.notes)


def test_eml_starting_with_a_bom_alone_is_imported_without_a_note(tmp_path, manager, data_dir):
    result = import_(ponds(tmp_path, **{"eml.xml": b"\xef\xbb\xbf" + EML}), manager)
    assert result.resource.title == "Ponds of the valley"
    assert not any("eml.xml" in n for n in result.notes)


def make_tar_gz(
    folder: Path, files: dict[str, str | bytes], name: str = "dwca.tar.gz", *, link: str = ""
) -> Path:
    """A .tar.gz of ``files``, and a symbolic link named ``link`` to /etc/passwd if given."""
    path = folder / name
    with tarfile.open(path, "w:gz") as tf:
        for member, data in files.items():
            raw = data.encode() if isinstance(data, str) else data
            info = tarfile.TarInfo(member)
            info.size = len(raw)
            tf.addfile(info, io.BytesIO(raw))
        if link:
            info = tarfile.TarInfo(link)
            info.type, info.linkname = tarfile.SYMTYPE, "/etc/passwd"
            tf.addfile(info)
    return path


@pytest.mark.parametrize("name", ["dwca.tar.gz", "dwca.tgz"])
def test_tar_gz_archive_is_imported_like_its_zip(tmp_path, manager, data_dir, name):
    files = {"dwca/meta.xml": meta(EVENT_CORE, OCC_EXT), "dwca/eml.xml": EML}
    files |= {"dwca/event.txt": EVENTS, "dwca/occurrence.txt": OCCURRENCES}
    result = import_(make_tar_gz(tmp_path, files, name), manager)
    assert result.resource.title == "Ponds of the valley"
    assert result.counts == {EVENT: 2, OCCURRENCE: 2}


def test_tar_gz_archive_with_a_link_is_refused_leaving_nothing(tmp_path, manager, data_dir):
    path = make_tar_gz(tmp_path, {"meta.xml": meta(EVENT_CORE)}, link="event.txt")
    with pytest.raises(UserError) as caught:
        import_(path, manager)
    assert caught.value.code == "source:zip-unsafe"
    assert_nothing_left(data_dir)


GBIF = "http://rs.gbif.org/terms/1.0/"
DC = "http://purl.org/dc/terms/"
TAXON_EXTENSIONS = {  # row type: (file, a term of it, its value)
    GBIF + "VernacularName": ("vernacular.txt", DWC + "vernacularName", "common frog"),
    GBIF + "Distribution": ("distribution.txt", DWC + "locality", "Belgium"),
    GBIF + "Reference": ("references.txt", DC + "bibliographicCitation", "Linnaeus 1758"),
    GBIF + "Multimedia": ("multimedia.txt", DC + "identifier", "http://x.org/frog.jpg"),
    GBIF + "TypesAndSpecimen": ("types.txt", GBIF + "typeStatus", "holotype"),
}


def test_taxon_core_with_the_gbif_taxon_extensions_is_imported_on_a_fresh_install(
    tmp_path, manager, data_dir
):
    core = file_xml("core", DWC + "Taxon", "taxon.txt", field(1, "scientificName"))
    files: dict[str, str | bytes] = {"taxon.txt": "id\tname\nt1\tRana temporaria\n"}
    extensions = ""
    for row_type, (location, term, value) in TAXON_EXTENSIONS.items():
        extensions += file_xml("extension", row_type, location, field(1, term))
        files[location] = "id\tvalue\nt1\t%s\n" % value
    result = import_(make_zip(tmp_path, {"meta.xml": meta(core + extensions), **files}), manager)
    assert result.resource.type == ResourceType.CHECKLIST
    assert result.counts == {DWC + "Taxon": 1, **{row_type: 1 for row_type in TAXON_EXTENSIONS}}
    assert not any("not terms of" in note for note in result.notes), result.notes


def gbif_download(tmp_path: Path) -> Path:
    """A zip shaped like a GBIF Darwin Core download: the occurrence file, meta.xml naming
    metadata.xml, the datasets' EML under dataset/, citations and rights."""
    core = file_xml(
        "core", OCCURRENCE, "occurrence.txt", field(1, "scientificName"), fieldsEnclosedBy=""
    )
    files = {
        "meta.xml": meta(core, metadata="metadata.xml"),
        "metadata.xml": EML,
        "occurrence.txt": "id\tscientificName\no1\tRana\no2\tBufo\textra\no3\n",
        "dataset/d1.xml": EML,
        "dataset/d2.xml": EML,
        "citations.txt": "When using this dataset please use the following citation...\n",
        "rights.txt": "Dataset: Ponds\nRights as supplied: CC0\n",
    }
    return make_zip(tmp_path, files)


def test_import_notes_name_ragged_rows_and_the_files_left_out(tmp_path, manager, data_dir):
    result = import_(gbif_download(tmp_path), manager)
    ragged = next(n for n in result.notes if "more or fewer values" in n)
    assert ragged.startswith("occurrence.txt: 2 rows") and "(lines 3, 4)" in ragged
    ignored = next(n for n in result.notes if "not imported" in n)
    assert ignored.endswith("citations.txt, dataset/d1.xml, dataset/d2.xml, rights.txt.")
    assert result.resource.title == "Ponds of the valley"


def test_eml_named_by_meta_xml_but_missing_is_noted_with_the_one_read_instead(
    tmp_path, manager, data_dir
):
    path = ponds(tmp_path, **{"meta.xml": meta(EVENT_CORE, OCC_EXT, metadata="metadata.xml")})
    result = import_(path, manager)
    assert (
        "meta.xml names the EML document metadata.xml, which is not in the archive; "
        "eml.xml was read instead." in result.notes
    )


def test_eml_named_by_meta_xml_and_absent_is_noted(tmp_path, manager, data_dir):
    result = import_(ponds(tmp_path, **{"eml.xml": None}), manager)
    assert "meta.xml names the EML document eml.xml, which is not in the archive." in result.notes
