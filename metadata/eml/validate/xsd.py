"""Validation of EML bytes against a profile's XSD files."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from lxml import etree

from ..parse import EmlError, safe_root


@lru_cache(maxsize=8)
def _schema(schema_file: Path) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(schema_file)))


def validate_xsd(data: bytes, schema_dir: Path) -> list[str]:
    """XSD errors of ``data`` against ``schema_dir/eml.xsd`` ("line N: message"); [] if valid.

    The compiled schema is cached per directory. Unsafe or malformed input is reported as
    one error instead of raising.
    """
    schema = _schema(Path(schema_dir).resolve() / "eml.xsd")
    try:
        root = safe_root(data, "eml.xml")
    except EmlError as exc:
        return [str(exc)]
    if schema.validate(root.getroottree()):
        return []
    return [f"line {e.line}: {e.message}" for e in schema.error_log]
