"""Checking a ``meta.xml`` descriptor against the header of the file it describes.

A hand-written meta.xml can map one column to several terms, or a column to a term its
header does not name (FORMICA's relevé maps column 6 to coverMossesInPercentage,
mossesIdentified and lichensIdentified): the values then land in the wrong terms, although
the file reads without error. These findings say where, so that a person can check.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .meta_read import PREFIXES, FileDescriptor


@dataclass(frozen=True)
class IndexReuse:
    """Column ``index`` (named ``header`` in the file, "" past its end) mapped to several
    ``terms``."""

    index: int
    header: str
    terms: tuple[str, ...]


@dataclass(frozen=True)
class HeaderMismatch:
    """Column ``index`` is mapped to ``term`` while its ``header`` names another term."""

    index: int
    header: str
    term: str


def reused_indexes(descriptor: FileDescriptor, header: list[str]) -> list[IndexReuse]:
    """The columns that more than one ``<field>`` maps, in column order. (The id column
    also mapped to a term is the usual practice, not a reuse.)"""
    by_index: dict[int, list[str]] = {}
    for field in descriptor.fields:
        if field.index is not None:
            by_index.setdefault(field.index, []).append(field.term)
    return [
        IndexReuse(index, _cell(header, index), tuple(terms))
        for index, terms in sorted(by_index.items())
        if len(terms) > 1
    ]


def header_mismatches(
    descriptor: FileDescriptor, header: list[str], known: Iterable[str] = ()
) -> list[HeaderMismatch]:
    """The mapped columns whose header cell names a term (one of ``known`` or of the
    descriptor's, by simple name, ignoring case and prefixes such as ``dwc:``) other than
    the one mapped. Headers that name no term (``plot``, ``column_3``) are not compared."""
    names = {simple_name(t).lower() for t in [*known, *(f.term for f in descriptor.fields)]}
    found = []
    for field in descriptor.fields:
        cell = _cell(header, field.index)
        said = simple_name(cell).lower()
        if said and said in names and said != simple_name(field.term).lower():
            found.append(HeaderMismatch(field.index or 0, cell, field.term))
    return found


def simple_name(term: str) -> str:
    """``eventID`` of ``http://rs.tdwg.org/dwc/terms/eventID`` or ``dwc:eventID``."""
    term = term.strip()
    prefix, _sep, local = term.rpartition(":")
    if prefix.lower() in PREFIXES:
        return local
    return re.split(r"[/#]", term.rstrip("/"))[-1]


def _cell(header: list[str], index: int | None) -> str:
    return header[index].strip() if index is not None and 0 <= index < len(header) else ""
