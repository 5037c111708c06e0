"""Typed parameters of a job kind, stored as JSON in ``Job.params``."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any, Self


@dataclass(frozen=True)
class JobParams:
    """Base of each kind's frozen params dataclass: its start service builds one and stores
    ``to_json()``, its runner reads ``from_json(ctx.params)``.

    Fields left at ``None`` are not stored, so an optional parameter that was not given is
    absent from the JSON, as it always was; keys the class does not know (recorded by the
    runner, or by an older version) are ignored on reading.
    """

    def to_json(self) -> dict[str, Any]:
        """The JSON object stored in ``Job.params``."""
        values = ((f.name, getattr(self, f.name)) for f in fields(self))
        return {name: value for name, value in values if value is not None}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Self:
        """The params stored by ``to_json``; a missing required key raises ``TypeError``."""
        names = {f.name for f in fields(cls)}
        return cls(**{key: value for key, value in data.items() if key in names})
