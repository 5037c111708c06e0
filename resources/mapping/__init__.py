"""The mapping engine: source columns to Darwin Core terms, rows in, mapped rows out.

Django-free (see STYLE.md): plain dataclasses and row iterators, reused by the mapping pages
and by the publication step.
"""

from __future__ import annotations

from .automap import automap
from .engine import Mapper, compile_mapping
from .model import (
    FILTER_OPS,
    Automap,
    FieldRule,
    Filter,
    MappedRow,
    MappingError,
    MappingSpec,
    VocabularyMatch,
)
from .patterns import compile_pattern
from .vocabulary import distinct_values, match_vocabulary

DJANGO_FREE = True

__all__ = [
    "FILTER_OPS",
    "Automap",
    "FieldRule",
    "Filter",
    "MappedRow",
    "Mapper",
    "MappingError",
    "MappingSpec",
    "VocabularyMatch",
    "automap",
    "compile_mapping",
    "compile_pattern",
    "distinct_values",
    "match_vocabulary",
]
