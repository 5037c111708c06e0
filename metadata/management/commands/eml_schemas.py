"""`manage.py eml_schemas [--url BASE] [--dest DIR]`: install the GBIF profile 1.3 XSD files.

The files are downloaded into a temporary directory beside the destination, compiled as one
XML Schema, and only then swapped in, so a failed or partial download never replaces a
working set.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from lxml import etree

from core.errors import PublisherError
from core.http import fetch_bytes

DEFAULT_BASE = "https://rs.gbif.org/schema/eml-gbif-profile/1.3/"
FILES = ("eml.xsd", "eml-gbif-profile.xsd", "dc.xsd", "xml.xsd")
MAX_BYTES = 5 * 1024 * 1024
_DECLARATION = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


def default_dest() -> Path:
    """Where the profile 1.3 schema lives in this instance."""
    return Path(settings.DATA_DIR) / "schemas" / "eml-gbif-profile" / "1.3"


def _download(base: str) -> dict[str, bytes]:
    base = base if base.endswith("/") else base + "/"
    files = {}
    for name in FILES:
        try:
            files[name] = fetch_bytes(base + name, max_bytes=MAX_BYTES)
        except PublisherError as exc:
            raise CommandError(
                "Could not download %s (%s): %s Check the network connection, or give another "
                "address with --url." % (base + name, exc.code, exc.message)
            ) from exc
    return files


def _check_safe(files: dict[str, bytes]) -> None:
    """Refuse DTDs and entities: the schema files need none, and they could read local files."""
    for name, data in files.items():
        if _DECLARATION.search(data):
            raise CommandError("%s contains a DOCTYPE or ENTITY declaration; not installed." % name)


def _compile(directory: Path) -> None:
    """Raise CommandError unless ``directory/eml.xsd`` compiles with its local imports."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        etree.XMLSchema(etree.parse(str(directory / "eml.xsd"), parser))
    except (etree.XMLSchemaParseError, etree.XMLSyntaxError) as exc:
        raise CommandError("The downloaded files are not a valid XML Schema: %s" % exc) from exc


def _swap(staged: Path, dest: Path) -> None:
    """Replace ``dest`` by ``staged`` with renames (the old set is removed last)."""
    old = dest.with_name(dest.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if dest.exists():
        dest.rename(old)
    staged.rename(dest)
    shutil.rmtree(old, ignore_errors=True)


def schemas_install(files: dict[str, bytes], dest: Path) -> None:
    """Write ``files`` into ``dest`` atomically, after checking they compile."""
    _check_safe(files)
    dest.parent.mkdir(parents=True, exist_ok=True)
    staged = Path(tempfile.mkdtemp(prefix=".%s-" % dest.name, dir=dest.parent))
    try:
        for name, data in files.items():
            (staged / name).write_bytes(data)
        _compile(staged)
        _swap(staged, dest)
    finally:
        shutil.rmtree(staged, ignore_errors=True)


class Command(BaseCommand):
    help = "Download the GBIF metadata profile 1.3 XSD files for offline EML validation."

    def add_arguments(self, parser):
        parser.add_argument("--url", default=DEFAULT_BASE, help="Base address of the files.")
        parser.add_argument("--dest", type=Path, default=None, help="Directory to install into.")

    def handle(self, *args, url: str, dest: Path | None, **options):
        target = Path(dest) if dest else default_dest()
        schemas_install(_download(url), target)
        self.stdout.write(self.style.SUCCESS("Installed %s into %s" % (", ".join(FILES), target)))
