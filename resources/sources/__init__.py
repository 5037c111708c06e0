"""Reading publishers' source data (Django-free): sniffing, streaming rows, analysis.

One streaming row reader per source type (delimited text, spreadsheets, SQL queries) yields
``Row`` objects lazily, in constant memory, each with the line (or sheet row) it came from,
so that later steps can point at the exact place of a problem.
"""

DJANGO_FREE = True

from .analyse import analyse  # noqa: E402
from .archive import unpack  # noqa: E402
from .detect import detect_format, sniff  # noqa: E402
from .errors import SourceError  # noqa: E402
from .model import Analysis, FileSpec, Problem, Row, Sniffed, Table, TextOptions  # noqa: E402
from .reader import list_sheets, open_table  # noqa: E402

__all__ = [
    "Analysis",
    "FileSpec",
    "Problem",
    "Row",
    "Sniffed",
    "SourceError",
    "Table",
    "TextOptions",
    "analyse",
    "detect_format",
    "list_sheets",
    "open_table",
    "sniff",
    "unpack",
]
