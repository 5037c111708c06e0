"""How a publication or validation reports its progress: one job phase per step, and the
rows written against the rows its sources hold, so that the bar moves with the work."""

from __future__ import annotations

from collections.abc import Callable

from core.jobs import JobContext
from resources.models import Resource

from ..companion_data import data_resource


def source_rows(resource: Resource) -> int | None:
    """The rows the archive's data files read, from the analysed row count of each mapped
    source (None when one is unknown): the total the data files' progress counts towards.
    A companion's are those of its original's sources."""
    total = 0
    for mapping in (
        data_resource(resource).mappings.filter(source__isnull=False).select_related("source")
    ):
        rows = mapping.source.row_count
        if rows is None:
            return None
        total += rows
    return total or None


# The builder's steps that are one phase of the job: each file's checks run right after its
# rows are written, so they belong to writing the data files (a phase each would repeat).
BUILDER_PHASES = {"data files": "data files", "checks": "data files", "packaging": "packaging"}


def build_progress(ctx: JobContext, rows: int | None) -> Callable[[str, int, int | None], None]:
    """The builder's progress as job phases and progress: rows written of the sources'
    ``rows`` (the context throttles writes to one a second)."""
    current = {"phase": ""}

    def report(phase: str, done: int, total: int | None) -> None:
        phase = BUILDER_PHASES.get(phase, phase)
        expected = max(rows, done) if rows and phase == "data files" else total
        if phase != current["phase"]:
            current["phase"] = phase
            ctx.phase(phase, total=expected)
        ctx.progress(done, expected)

    return report
