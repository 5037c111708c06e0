"""A sensitivity policy as plain data: which taxa are sensitive and what publication does to
their records. The JSON form (``to_json``/``from_json``) is what the database, the API, the
export and the CLI hold; ``from_json`` refuses anything it does not know with
``PolicyError``.

One action per taxon (or the policy's default):

- ``withhold``: the occurrence is not published;
- ``coordinates``: coordinates generalised to a grid (``grid``: ``0.01``, ``0.1``, ``1``
  degrees, ``<N>km``, or ``decimals:<k>``), with ``coordinateUncertaintyInMeters`` raised to
  cover the cell; the precise location texts are withheld;
- ``identification``: the identification generalised to ``rank`` (genus by default);
- ``fields``: the terms named in ``fields`` withheld (``eventDate`` is cut to year and
  month rather than removed).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

WITHHOLD, COORDINATES, IDENTIFICATION, FIELDS = (
    "withhold",
    "coordinates",
    "identification",
    "fields",
)
KINDS = (WITHHOLD, COORDINATES, IDENTIFICATION, FIELDS)
GRIDS = ("0.01", "0.1", "1")  # degrees; also "<N>km" and "decimals:<k>"
RANKS = ("kingdom", "phylum", "class", "order", "family", "genus")
DWC = "http://rs.tdwg.org/dwc/terms/"
_KM = re.compile(r"^([1-9][0-9]{0,3})km$")  # 1 to 9999 km
_DECIMALS = re.compile(r"^decimals:([0-4])$")
MAX_TAXA = 100_000
MAX_NAME = 500


class PolicyError(ValueError):
    """A policy (or a part of one) that cannot be used; ``field`` names where."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.field = field


def term_name(term: str) -> str:
    """A term's qualified name: a bare Darwin Core name gets the dwc namespace."""
    term = term.strip()
    return term if "/" in term else DWC + term


@dataclass(frozen=True)
class Action:
    """What publication does to a sensitive record."""

    kind: str
    grid: str = ""  # COORDINATES
    rank: str = ""  # IDENTIFICATION (genus when empty)
    fields: tuple[str, ...] = ()  # FIELDS: qualified term names

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"kind": self.kind}
        if self.kind == COORDINATES:
            data["grid"] = self.grid
        elif self.kind == IDENTIFICATION:
            data["rank"] = self.rank or "genus"
        elif self.kind == FIELDS:
            data["fields"] = list(self.fields)
        return data

    @classmethod
    def from_json(cls, data: Any, where: str = "action") -> Action:
        if not isinstance(data, dict):
            raise PolicyError("An action is an object with a kind.", where)
        kind = data.get("kind")
        if kind not in KINDS:
            raise PolicyError(
                "Unknown action %r; use one of %s." % (kind, ", ".join(KINDS)), where + ".kind"
            )
        if kind == COORDINATES:
            grid = str(data.get("grid") or "").strip().lower().replace(" ", "")
            if not grid_valid(grid):
                raise PolicyError(
                    "Unknown grid %r; use 0.01, 0.1 or 1 (degrees), <N>km, or decimals:<0-4>."
                    % grid,
                    where + ".grid",
                )
            return cls(COORDINATES, grid=grid)
        if kind == IDENTIFICATION:
            rank = str(data.get("rank") or "genus").strip().lower()
            if rank not in RANKS:
                raise PolicyError(
                    "Unknown rank %r; use one of %s." % (rank, ", ".join(RANKS)), where + ".rank"
                )
            return cls(IDENTIFICATION, rank=rank)
        if kind == FIELDS:
            given = data.get("fields")
            if not isinstance(given, list) or not given:
                raise PolicyError("Name at least one term to withhold.", where + ".fields")
            names = [term_name(str(t)) for t in given if str(t).strip()]
            if not names:
                raise PolicyError("Name at least one term to withhold.", where + ".fields")
            return cls(FIELDS, fields=tuple(dict.fromkeys(names)))
        return cls(WITHHOLD)

    @property
    def moves_location(self) -> bool:
        """Whether the action changes what an event says (its place or date)."""
        return self.kind in (COORDINATES, FIELDS)


def grid_valid(grid: str) -> bool:
    return grid in GRIDS or bool(_KM.match(grid)) or bool(_DECIMALS.match(grid))


@dataclass(frozen=True)
class Taxon:
    """A sensitive taxon: its scientific name (authorship allowed, ignored), an optional
    rank, synonyms, and its own action (None: the policy's default)."""

    name: str
    rank: str = ""
    synonyms: tuple[str, ...] = ()
    action: Action | None = None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"name": self.name}
        if self.rank:
            data["rank"] = self.rank
        if self.synonyms:
            data["synonyms"] = list(self.synonyms)
        if self.action is not None:
            data["action"] = self.action.to_json()
        return data

    @classmethod
    def from_json(cls, data: Any, where: str = "taxon") -> Taxon:
        if not isinstance(data, dict):
            raise PolicyError("A taxon is an object with a name.", where)
        name = str(data.get("name") or "").strip()
        if not name or len(name) > MAX_NAME:
            raise PolicyError("A taxon needs a scientific name (at most 500 characters).", where)
        rank = str(data.get("rank") or "").strip().lower()
        synonyms = data.get("synonyms") or []
        if not isinstance(synonyms, list):
            raise PolicyError("Synonyms are a list of names.", where + ".synonyms")
        action = data.get("action")
        return cls(
            name=name,
            rank=rank,
            synonyms=tuple(s for s in (str(x).strip() for x in synonyms) if s),
            action=None if action is None else Action.from_json(action, where + ".action"),
        )


@dataclass(frozen=True)
class Policy:
    """Taxa and their actions; ``separate_events``: sensitive occurrences go under a
    generated, generalised event instead of generalising their event; ``secret`` keys the
    generated events' ids (so that they cannot be traced to the precise event)."""

    taxa: tuple[Taxon, ...] = ()
    default: Action = field(default_factory=lambda: Action(COORDINATES, grid="0.1"))
    separate_events: bool = False
    secret: str = ""

    def action_of(self, taxon: Taxon) -> Action:
        return taxon.action or self.default

    @property
    def active(self) -> bool:
        return bool(self.taxa)

    def to_json(self) -> dict[str, Any]:
        return {
            "default": self.default.to_json(),
            "separate_events": self.separate_events,
            "taxa": [t.to_json() for t in self.taxa],
        }

    @classmethod
    def from_json(cls, data: Any, *, secret: str = "") -> Policy:
        if not isinstance(data, dict):
            raise PolicyError("A policy is an object with taxa and a default action.")
        taxa = data.get("taxa") or []
        if not isinstance(taxa, list):
            raise PolicyError("taxa is a list.", "taxa")
        if len(taxa) > MAX_TAXA:
            raise PolicyError("At most %d taxa." % MAX_TAXA, "taxa")
        default = data.get("default")
        return cls(
            taxa=tuple(Taxon.from_json(t, "taxa[%d]" % i) for i, t in enumerate(taxa)),
            default=Action(COORDINATES, grid="0.1")
            if default is None
            else Action.from_json(default, "default"),
            separate_events=bool(data.get("separate_events", False)),
            secret=secret,
        )
