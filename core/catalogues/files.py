"""Finding the catalogues, compiling them into ``.mo`` files and counting their entries."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import polib


@dataclass(frozen=True)
class Catalogue:
    """One ``<locale>/LC_MESSAGES/<domain>.po`` and the ``.mo`` compiled from it."""

    language: str
    domain: str
    po: Path

    @property
    def mo(self) -> Path:
        return self.po.with_suffix(".mo")

    @property
    def name(self) -> str:
        return "%s/%s" % (self.language, self.domain)


@dataclass(frozen=True)
class Status:
    """How far a catalogue is translated; ``msgids`` counts every live entry once."""

    msgids: int
    translated: int
    fuzzy: int

    @property
    def untranslated(self) -> int:
        return self.msgids - self.translated - self.fuzzy

    @property
    def percent(self) -> float:
        return 100.0 * self.translated / self.msgids if self.msgids else 100.0


def catalogues(locale_dir: Path) -> list[Catalogue]:
    """Every ``.po`` under ``locale_dir``, ordered by language and domain."""
    found = [
        Catalogue(language=po.parent.parent.name, domain=po.stem, po=po)
        for po in locale_dir.glob("*/LC_MESSAGES/*.po")
    ]
    return sorted(found, key=lambda c: (c.language, c.domain))


def load(po: Path) -> polib.POFile:
    """The parsed catalogue (no line wrapping when saved again)."""
    return polib.pofile(str(po), wrapwidth=0)


def compile_po(po: Path) -> bytes:
    """The ``.mo`` bytes of ``po``: translated entries only (no fuzzy, empty or obsolete
    ones), sorted, so the same ``.po`` always gives the same bytes."""
    return bytes(load(po).to_binary())


def is_stale(catalogue: Catalogue) -> bool:
    """True when the ``.mo`` is missing or differs from what its ``.po`` compiles to."""
    mo = catalogue.mo
    return not mo.exists() or mo.read_bytes() != compile_po(catalogue.po)


def write_mo(catalogue: Catalogue) -> bool:
    """Compile the catalogue; the ``.mo`` is written only when its bytes change. True if so."""
    compiled = compile_po(catalogue.po)
    if catalogue.mo.exists() and catalogue.mo.read_bytes() == compiled:
        return False
    catalogue.mo.write_bytes(compiled)
    return True


def status(po: Path) -> Status:
    """The counts of ``manage.py catalogue_status``."""
    entries = [e for e in load(po) if not e.obsolete]
    return Status(
        msgids=len(entries),
        translated=sum(1 for e in entries if e.translated()),
        fuzzy=sum(1 for e in entries if e.fuzzy),
    )


def msgfmt_check(po: Path) -> str | None:
    """What ``msgfmt --check`` says is wrong with ``po`` ("" if nothing), or None when GNU
    gettext is not installed."""
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        return None
    run = subprocess.run(
        [msgfmt, "--check", "--output-file=/dev/null", str(po)],
        capture_output=True,
        text=True,
        check=False,
    )
    return "" if run.returncode == 0 else (run.stderr.strip() or "msgfmt failed")


def read_allowlist(path: Path) -> dict[str, set[str]]:
    """The msgids a language may leave as they are (names, codes): one ``<language> <msgid>``
    per line, ``*`` for every language; blank lines and ``#`` comments are skipped."""
    allowed: dict[str, set[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        language, _, msgid = line.partition(" ")
        allowed.setdefault(language, set()).add(msgid.strip())
    return allowed
