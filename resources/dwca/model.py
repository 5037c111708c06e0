"""What the archive builder takes and gives back."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .derive import Distinct

# One mapped row: source line, the row's id (core id, or core id of an extension row) and
# its values in the order of ``ArchiveFile.terms`` (what ``Mapper.cells`` yields).
MappedCells = tuple[int, str, Sequence[str]]


class Chunks:
    """Mapped rows given a list at a time (by a reader that reads blocks); iterating gives
    them one by one. The archive builder takes the lists as they come. ``clean``: no id or
    value can hold a tab or a line break (values copied from text split at tabs and line
    ends), so the lines written need no look for them."""

    def __init__(self, chunks: Iterable[list[MappedCells]], *, clean: bool = False) -> None:
        self.chunks = chunks
        self.clean = clean

    def __iter__(self) -> Iterator[MappedCells]:
        for chunk in self.chunks:
            yield from chunk


CHUNK_ROWS = 4096  # rows a list of rows given without a reader's blocks holds


def chunk_lists(rows: Iterable[MappedCells]) -> Iterator[list[MappedCells]]:
    """Rows a list at a time: a reader's blocks as they come (``Chunks``), other rows cut
    into lists of ``CHUNK_ROWS``."""
    if isinstance(rows, Chunks):
        yield from (chunk for chunk in rows.chunks if chunk)
        return
    it = iter(rows)
    while chunk := list(islice(it, CHUNK_ROWS)):
        yield chunk


@dataclass
class Part:
    """The rows one mapping contributes to a file; ``rows`` can be called again (second
    passes for the details of duplicate ids). ``date_conversions`` counts, per term, the
    values the last pass wrote as ISO 8601 from the source's ``date_format``."""

    source: str
    rows: Callable[[], Iterable[MappedCells]]
    date_format: str = ""
    date_conversions: dict[str, int] = field(default_factory=dict)
    # The source's size in bytes (0: unknown), and, for a source that can be cut, the rows
    # of ``count`` ranges of at least ``min_bytes`` each (as ``rows`` gives them, together all
    # of ``rows()`` in order), or None when it is not worth cutting.
    size: int = 0
    ranges: Callable[[int, int], list[Callable[[], Iterable[MappedCells]]] | None] | None = None
    # A mapping that derives events: ``rows`` gives the first row of each distinct id, and
    # says the conflicting rows to ``distinct.sink`` (``resources.dwca.derive``).
    distinct: Distinct | None = None


@dataclass
class ArchiveFile:
    """One data file: its row type, name in the zip, the terms written after ``id`` in
    order, and the parts whose rows it concatenates. ``delimiters`` names the multi-value
    delimiter of terms written with ``delimitedBy`` in meta.xml; ``vocabularies`` holds the
    allowed values of vocabulary terms, lower-cased; ``required`` the terms the extension
    requires."""

    row_type: str
    filename: str
    terms: list[str]
    parts: list[Part]
    core: bool = False
    delimiters: dict[str, str] = field(default_factory=dict)
    vocabularies: dict[str, frozenset[str]] = field(default_factory=dict)
    required: frozenset[str] = frozenset()
    # The extension's property type of each term (date, decimal, integer, uri, boolean) and,
    # for vocabulary terms, the concept identifiers by ``quality.values.key`` of their
    # identifiers and labels (for the translations the checks suggest).
    types: dict[str, str] = field(default_factory=dict)
    vocabulary_keys: dict[str, dict[str, str]] = field(default_factory=dict)


@dataclass
class BuildOptions:
    """Per-publication choices and what is known about the previous version."""

    compresslevel: int = 5  # zlib-ng's 5 is smaller than zlib's 6
    drop_orphans: bool = False
    previous_counts: dict[str, int] = field(default_factory=dict)
    previous_ids: Path | None = None  # occurrenceID hashes of the previous version (.npy)
    previous_archive: Path | None = None  # its archive, to name the vanished occurrenceIDs
    sample_cap: int = 20
    # The per-row pass of a file whose sources hold at least ``parallel_min_bytes`` runs in
    # ``processes`` forked processes, each source of at least twice ``split_min_bytes`` cut
    # into ranges read in parallel (benchmarks/publish.py measures the gain).
    processes: int = 1
    parallel_min_bytes: int = 4 << 20
    split_min_bytes: int = 2 << 20
    # Id hashes a collector holds in memory before it spills sorted runs to the work
    # folder (8 bytes each; see ``ids.Spill``).
    ids_in_memory: int = 8_000_000
    # Work for this process while forked processes run the per-row pass (once, at the first
    # such wait): what the caller needs later, prepared instead of waiting.
    meanwhile: Callable[[], None] | None = None
    # The DwC-DP written beside the archive: its descriptor's dataset metadata (id,
    # created, version, title…), or None for no package.
    datapackage: dict[str, Any] | None = None
    # The agents of the dataset's metadata (``id``, ``name``, ``type``): the package's agent
    # table, and the roles rows give them where they name them.
    datapackage_agents: list[dict[str, str]] = field(default_factory=list)


@dataclass
class BuildResult:
    """The outcome: ``ok`` is False when a blocking check failed (the zip is then not
    complete and must not be served)."""

    ok: bool
    counts: dict[str, int]
    report: dict[str, Any]
    archive: Path
    flagged: Path
    ids: Path | None  # occurrenceID hashes of this version (.npy) for the next one
    archive_sha256: str = ""  # of the whole zip
    datapackage: Path | None = None  # dwc-dp.zip, when one was asked for and passed
    datapackage_sha256: str = ""


ProgressFn = Callable[[str, int, int | None], None]
RowIter = Iterator[MappedCells]
