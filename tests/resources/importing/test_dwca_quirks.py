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
