"""Helpers for the tests on real archives: unpacking, meta.xml row types, source tables."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from resources.sources.detect import sniff
from resources.sources.reader import open_table

TEXT = "{http://rs.tdwg.org/dwc/text/}"


@dataclass
class DataFile:
    """One data file of an archive, with its row type and the core's."""

    path: Path
    row_type: str
    core_row_type: str


def archive_folders(root: Path, tmp_path: Path) -> list[Path]:
    """Folders holding a meta.xml: unpacked archives and folders that are archives already."""
    folders = []
    for dataset in sorted(p for p in root.iterdir() if p.is_dir()):
        if (dataset / "meta.xml").is_file():
            folders.append(dataset)
        for zipped in sorted(dataset.glob("*.zip")):
            target = tmp_path / dataset.name / zipped.stem
            with zipfile.ZipFile(zipped) as archive:
                archive.extractall(target)
            folders += [meta.parent for meta in sorted(target.rglob("meta.xml"))]
    return folders


def data_files(folder: Path) -> list[DataFile]:
    """The data files meta.xml declares; a missing location is looked up by its stem (one
    archive ships ``event.csv`` where its meta.xml says ``event.txt``)."""
    root = etree.parse(str(folder / "meta.xml")).getroot()
    core = root.find(TEXT + "core").get("rowType")
    found = []
    for element in root:
        if element.tag not in (TEXT + "core", TEXT + "extension"):
            continue
        location = Path(element.findtext(TEXT + "files/" + TEXT + "location"))
        path = folder / location
        if not path.is_file():
            path = next(folder.glob(location.stem + ".*"))
        found.append(DataFile(path, element.get("rowType"), core))
    return found


def table(path: Path):
    return open_table(path, sniff(path, path.name).spec, filename=path.name)


def read_dwca_text(path: Path) -> tuple[list[str], list[list[str]]]:
    """An IPT data file (tab-separated, no quoting, one header line) as header and rows."""
    lines = path.read_text(encoding="utf-8").split("\n")
    return lines[0].split("\t"), [line.split("\t") for line in lines[1:] if line]
