"""Finding resources and their files in an unpacked IPT resource folder or data directory.

Layout (the IPT's ``DataDir``): ``resources/<shortname>/resource.xml``, ``eml.xml``,
``eml-<v>.xml``, ``dwca-<v>.zip``, ``sources/<name>.txt`` (text and URL sources) or
``sources/<name>.xls`` (Excel, whatever the workbook format), ``logo.<ext>``; the data
directory also has ``config/registration2.xml``. An exported folder of this publisher has
the same layout plus ``resource.json``.
"""

from __future__ import annotations

from pathlib import Path

from .model import IptError, gettext_noop

MARKERS = ("resource.json", "resource.xml")
SOURCE_SUFFIXES = {"text": (".txt",), "url": (".txt",), "excel": (".xls", ".xlsx")}
LOGO_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif")
SEARCH_DEPTH = 3


def is_resource_folder(folder: Path) -> bool:
    return folder.is_dir() and any((folder / m).is_file() for m in MARKERS)


def locate_resource_folder(root: Path) -> Path:
    """The resource folder at ``root`` or in its only sub-folder (a zip of ``<shortname>/``);
    raises ``IptError`` (``ipt:no-resource``) when there is none or more than one."""
    if is_resource_folder(root):
        return root
    found = [d for d in sorted(root.iterdir()) if is_resource_folder(d)]
    if len(found) == 1:
        return found[0]
    if found:
        raise IptError(
            gettext_noop(
                "The zip holds %(count)d resource folders (%(names)s); import them one by one, "
                "or as a data directory."
            ),
            code="ipt:several-resources",
            params={"count": len(found), "names": ", ".join(d.name for d in found)},
        )
    if locate_datadir(root, required=False) is not None:
        raise IptError(
            gettext_noop("This is a whole IPT data directory; import it as a data directory."),
            code="ipt:datadir",
        )
    raise IptError(
        gettext_noop(
            "No resource.xml found. Zip the folder resources/<shortname>/ of the IPT's "
            "data directory, with its files, and import that zip."
        ),
        code="ipt:no-resource",
    )


def locate_datadir(root: Path, *, required: bool = True) -> Path | None:
    """The data directory in ``root``: the nearest folder (at most three levels down) with a
    ``resources/`` folder holding at least one resource folder."""
    level = [root]
    for _depth in range(SEARCH_DEPTH + 1):
        for folder in level:
            if resource_folders(folder):
                return folder
        level = [d for folder in level for d in sorted(folder.iterdir()) if d.is_dir()]
    if required:
        raise IptError(
            gettext_noop(
                "No IPT data directory found: the zip or folder must hold "
                "resources/<shortname>/resource.xml (and config/registration2.xml)."
            ),
            code="ipt:no-datadir",
        )
    return None


def resource_folders(datadir: Path) -> list[Path]:
    """The resource folders of a data directory, by name."""
    folder = datadir / "resources"
    if not folder.is_dir():
        return []
    return [d for d in sorted(folder.iterdir()) if is_resource_folder(d)]


def registration_file(datadir: Path) -> Path | None:
    path = datadir / "config" / "registration2.xml"
    return path if path.is_file() else None


def source_file(folder: Path, name: str, kind: str) -> Path | None:
    """The data file of the source ``name``, or None when the folder lacks it."""
    for suffix in SOURCE_SUFFIXES.get(kind, ()):
        path = folder / "sources" / (name + suffix)
        if path.is_file():
            return path
    return None


def version_file(folder: Path, kind: str, label: str) -> Path | None:
    """``dwca-<label>.zip`` (``archive``) or ``eml-<label>.xml`` (``eml``), if present."""
    name = {"archive": "dwca-%s.zip", "eml": "eml-%s.xml"}[kind] % label
    path = folder / name
    return path if path.is_file() else None


def logo_file(folder: Path) -> Path | None:
    for suffix in LOGO_SUFFIXES:
        path = folder / ("logo" + suffix)
        if path.is_file():
            return path
    return None


def other_files(folder: Path, used: set[Path]) -> list[str]:
    """Files of the folder not in ``used`` (relative names), for the import's notes."""
    return sorted(
        str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file() and p not in used
    )
