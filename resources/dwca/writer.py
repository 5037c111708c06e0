"""Lines as the archive's data files hold them."""

from __future__ import annotations

from collections.abc import Iterable


def sanitise_cells(cells: Iterable[str]) -> str:
    """One data line: the cells joined by tabs, each tab, carriage return and line feed
    inside a cell replaced by a space (what the archive holds, and the preview shows)."""
    return "\t".join(c.replace("\t", " ").replace("\r", " ").replace("\n", " ") for c in cells)
