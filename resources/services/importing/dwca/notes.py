"""What an archive import says about the archive besides what it imported: rows the
analysis found ragged, an EML document meta.xml names but the archive lacks, and files no
part of the import read (a GBIF download's ``dataset/*.xml``, ``citations.txt``...)."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from django.utils.translation import gettext as _

from resources.models import Source

MAX_LISTED = 10  # lines or files named in one note; the rest are counted


def ragged_rows(source: Source) -> list[str]:
    """A note when the analysis of ``source`` found rows with more or fewer values than its
    header has columns, naming the first lines."""
    lines = [
        p.get("line")
        for p in source.analysis.get("problems", [])
        if p.get("code") == "source:ragged"
    ]
    if not lines:
        return []
    more = source.analysis.get("truncated_problems", 0)
    return [
        _(
            "%(file)s: %(n)s rows have more or fewer values than the header has columns "
            "(lines %(lines)s); their values may sit in the wrong columns. Check the "
            "delimiter and quotes on those lines."
        )
        % {
            "file": source.filename,
            "n": "%d%s" % (len(lines), "+" if more else ""),
            "lines": _listed([str(line) for line in lines]),
        }
    ]


def missing_eml(metadata: str | None, eml: Path | None) -> list[str]:
    """A note when meta.xml names an EML document (``metadata``) the archive does not hold,
    saying which document was read instead, if any."""
    named = PurePosixPath((metadata or "").replace("\\", "/")).name
    if not named or (eml is not None and eml.name.lower() == named.lower()):
        return []
    if eml is None:
        return [
            _("meta.xml names the EML document %(file)s, which is not in the archive.")
            % {"file": metadata}
        ]
    return [
        _(
            "meta.xml names the EML document %(file)s, which is not in the archive; "
            "%(other)s was read instead."
        )
        % {"file": metadata, "other": eml.name}
    ]


def ignored_files(folder: Path, used: set[Path]) -> list[str]:
    """A note naming the files of the archive (``folder``, subfolders included) that the
    import did not read (not in ``used``)."""
    read = {p.resolve() for p in used}
    ignored = sorted(
        p.relative_to(folder).as_posix()
        for p in folder.rglob("*")
        if p.is_file() and not p.is_symlink() and p.resolve() not in read
    )
    if not ignored:
        return []
    return [
        _("Files of the archive that were not imported (no part of it reads them): %(files)s.")
        % {"files": _listed(ignored)}
    ]


def _listed(items: list[str]) -> str:
    shown = ", ".join(items[:MAX_LISTED])
    if len(items) > MAX_LISTED:
        shown += " " + _("and %(n)d more") % {"n": len(items) - MAX_LISTED}
    return shown
