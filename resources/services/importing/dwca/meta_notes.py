"""Notes on a meta.xml whose field indexes do not fit the file's header."""

from __future__ import annotations

from django.utils.translation import gettext as _

from catalogue.models import Extension
from resources.dwca.meta_check import header_mismatches, reused_indexes, simple_name
from resources.dwca.meta_read import FileDescriptor


def meta_index_notes(
    descriptor: FileDescriptor, header: list[str], extension: Extension, file: str
) -> list[str]:
    """A note per column that meta.xml maps to several terms, and one listing the mapped
    columns whose header names another term: their values may land in the wrong terms."""
    notes = []
    for reuse in reused_indexes(descriptor, header):
        notes.append(
            _(
                "%(file)s: meta.xml maps index %(index)d (column %(header)s) to %(count)d "
                "terms: %(terms)s. A column holds one value; check meta.xml and the "
                "mapping."
            )
            % {
                "file": file,
                "index": reuse.index,
                "header": reuse.header or "-",
                "count": len(reuse.terms),
                "terms": ", ".join(simple_name(t) for t in reuse.terms),
            }
        )
    known = extension.properties.values_list("qual_name", flat=True)
    mismatches = header_mismatches(descriptor, header, known)
    if mismatches:
        notes.append(
            _(
                "%(file)s: meta.xml maps columns to terms other than their headers name "
                "(%(pairs)s); check meta.xml and the mapping."
            )
            % {
                "file": file,
                "pairs": "; ".join(
                    "%d %s → %s" % (m.index, m.header, simple_name(m.term)) for m in mismatches
                ),
            }
        )
    return notes
