"""Checks of the Humboldt (Ecological Inventory) extension, rowType ``eco:Event``.

Django-free. The row checks of ``rows`` look at one Humboldt row: a value without its unit or a
unit without its value, numbers that are not numbers, booleans written other than ``true`` or
``false``. Those of ``agreement`` compare terms of one row as GBIF does: a list its yes/no term
denies, a scope that excludes what it targets, a scope area smaller than the area sampled.
:func:`humboldt_consistency` (``consistency``), which the archive builder calls once after
writing all files, compares what an inventory claims with the occurrences of the same event:
absences reported, abundances reported, no taxa outside the target taxonomic scope. Importing
this package declares all of them.
"""

from . import agreement  # noqa: F401  (declares its checks)
from .consistency import humboldt_consistency
from .rows import BOOLEANS, COUNTS, DECIMALS, HUMBOLDT, PAIRS, as_boolean

__all__ = [
    "BOOLEANS",
    "COUNTS",
    "DECIMALS",
    "HUMBOLDT",
    "PAIRS",
    "as_boolean",
    "humboldt_consistency",
]
