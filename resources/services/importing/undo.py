"""All or nothing for imports, without one long database transaction."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from resources.models import Resource

from ..resources import resource_dir


@contextmanager
def undone_on_failure() -> Iterator[Callable[[Resource], Resource]]:
    """Yield ``keep(resource)``; if the block raises, every resource kept is deleted again
    (its row, with all that hangs off it, and its folder) before the error goes on.

    Not a transaction on purpose: analysing the source files of an import can take minutes,
    and holding the database that long (SQLite has a single writer) would stall every other
    writer and hide the import job's progress until the end.
    """
    made: list[Resource] = []

    def keep(resource: Resource) -> Resource:
        made.append(resource)
        return resource

    try:
        yield keep
    except BaseException:
        for resource in made:
            folder = resource_dir(resource)
            Resource.objects.filter(pk=resource.pk).delete()
            shutil.rmtree(folder, ignore_errors=True)
        raise
