"""The version history of an IPT resource folder, as versions to adopt (used by ``ipt``).

Each history entry becomes a version with the ``dwca-<v>.zip`` and ``eml-<v>.xml`` the
folder has for it; an entry without files stays in the history (so that numbering goes on
after it) and is noted. IPT 2.0 folders have no history: their last publication
(``dwca.zip``) becomes the one version.
"""

from __future__ import annotations

import shutil
import uuid
import zipfile
from pathlib import Path

from django.utils.translation import gettext as _

from publisher.models import User
from resources.ipt.folder import version_file
from resources.ipt.model import IptResource
from resources.models import Visibility

from .ipt_versions import VISIBILITY, Adopted


def ipt_versions_planned(
    ipt: IptResource, folder: Path, workdir: Path, notes: list[str]
) -> tuple[list[Adopted], set[Path]]:
    """The versions of the IPT's history to bring in, oldest first, and the folder's files
    they use; entries whose files are missing are kept and noted (``workdir``: scratch
    space for an EML taken out of an old-layout archive)."""
    if not ipt.versions:
        return _old_layout_version(ipt, folder, workdir, notes)
    adopted, used = [], set()
    default = VISIBILITY.get(ipt.status, Visibility.PRIVATE)
    for entry in reversed(ipt.versions):
        files = {
            kind: path
            for kind in ("archive", "eml")
            if (path := version_file(folder, kind, entry.label))
        }
        used |= set(files.values())
        _note_missing(entry.label, files, notes)
        adopted.append(
            Adopted(
                label=entry.label,
                published_at=entry.released,
                visibility=VISIBILITY.get(entry.status, default),
                change_summary=entry.change_summary,
                files=files,
                published_by=User.objects.filter(email__iexact=entry.modified_by).first()
                if entry.modified_by
                else None,
                fields={"records": entry.records or 0},
            )
        )
        if entry.doi:
            notes.append(
                _(
                    "The DOI %(doi)s of version %(label)s is not carried over: DOIs are "
                    "not managed here."
                )
                % {"doi": entry.doi, "label": entry.label}
            )
    return adopted, used


def _note_missing(label: str, files: dict[str, Path], notes: list[str]) -> None:
    if not files:
        notes.append(
            _(
                "Version %(label)s has neither archive nor EML in the folder; it is "
                "kept in the version history only."
            )
            % {"label": label}
        )
    elif "archive" not in files:
        notes.append(
            _(
                "The archive of version %(label)s is not in the folder (the IPT's "
                "archival mode may have removed it); only its EML was imported."
            )
            % {"label": label}
        )
    elif "eml" not in files:
        notes.append(
            _("Version %(label)s has no eml-%(label)s.xml; its landing page cannot be shown.")
            % {"label": label}
        )


def _old_layout_version(
    ipt: IptResource, folder: Path, workdir: Path, notes: list[str]
) -> tuple[list[Adopted], set[Path]]:
    """IPT 2.0 folders have no version history: one ``dwca.zip`` (the last publication) and
    an integer version. It becomes that version, with the EML the archive holds when the
    folder lacks ``eml-<v>.xml``."""
    archive = folder / "dwca.zip"
    eml = version_file(folder, "eml", ipt.eml_version) if ipt.eml_version else None
    if not ipt.eml_version or not (archive.is_file() or eml):
        return [], set()
    files = {"archive": archive} if archive.is_file() else {}
    if eml is None and archive.is_file():
        eml = _eml_of(archive, workdir)
    if eml is not None:
        files["eml"] = eml
    label = ipt.eml_version if "." in ipt.eml_version else ipt.eml_version + ".0"
    notes.append(
        _(
            "This folder has no version history (IPT 2.0 layout): its last publication "
            "was imported as version %(label)s."
        )
        % {"label": label}
    )
    adopted = Adopted(
        label=label,
        published_at=ipt.last_published,
        visibility=VISIBILITY.get(ipt.status, Visibility.PRIVATE),
        files=files,
        fields={"records": ipt.records_published or 0},
    )
    return [adopted], {archive, *(p for p in [eml] if p)} | set((folder / "dwca").rglob("*"))


def _eml_of(archive: Path, workdir: Path) -> Path | None:
    try:
        with zipfile.ZipFile(archive) as zf:
            if "eml.xml" not in zf.namelist():
                return None
            target = workdir / ("eml-" + uuid.uuid4().hex + ".xml")
            with zf.open("eml.xml") as src, target.open("wb") as out:
                shutil.copyfileobj(src, out)
            return target
    except (zipfile.BadZipFile, OSError):
        return None
