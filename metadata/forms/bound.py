"""What the editor templates render: form nodes bound to values, paths and messages."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .nodes import Node


class ErrorMap:
    """Messages by field path; leaves take their own and their descendants' messages."""

    def __init__(self, by_field: Mapping[str, list[str]] | None = None) -> None:
        self.by_field = dict(by_field or {})

    def exact(self, name: str) -> list[str]:
        return list(self.by_field.get(name, []))

    def within(self, name: str) -> list[str]:
        found = []
        for path, messages in self.by_field.items():
            if path == name or path.startswith((name + ".", name + "[")):
                found += messages
        return found


@dataclass
class Bound:
    """A node bound to a value at a path: what the templates render."""

    node: Node
    name: str
    value: Any = ""
    errors: list[str] = field(default_factory=list)
    children: list[Bound] = field(default_factory=list)
    items: list[Bound] = field(default_factory=list)
    template: Bound | None = None
    number: int = 0  # 1-based position in its list, 0 outside lists
    choices: list[tuple[str, str]] = field(default_factory=list)
    rest: str = ""
    first: bool = False
    last: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def kind(self) -> str:
        return self.node.kind

    @property
    def id(self) -> str:
        return "f-" + self.name

    @property
    def label(self) -> Any:
        return self.node.label

    @property
    def anchor(self) -> str:
        """The id of the element that shows this value (items: their wrapper)."""
        return ("item-" + self.name) if self.kind == "item" else self.id

    @property
    def content(self) -> Bound | None:
        return self.children[0] if self.kind == "item" and self.children else None

    def first_field(self) -> Bound | None:
        """The first input inside (for focus after adding an item)."""
        if self.kind == "indexed":
            return self.items[0] if self.items else self
        if self.kind not in ("item", "group", "repeat"):
            return self
        for child in self.children + self.items:
            found = child.first_field()
            if found is not None:
                return found
        return None

    def find(self, name: str) -> Bound | None:
        if self.name == name:
            return self
        for child in self.children + self.items:
            found = child.find(name)
            if found is not None:
                return found
        return None


def _degrees(value: Any, low: float, high: float) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if low <= number <= high else None


def box_rects(box: dict) -> list[dict[str, float]]:
    """SVG rectangles (x = longitude, y = -latitude) of a bounding box; two when the box
    crosses the antimeridian (west > east); none when a side is missing or out of range."""
    west, east = _degrees(box.get("west"), -180, 180), _degrees(box.get("east"), -180, 180)
    north, south = _degrees(box.get("north"), -90, 90), _degrees(box.get("south"), -90, 90)
    if None in (west, east, north, south) or north < south:  # type: ignore[operator]
        return []
    spans = [(west, east)] if west <= east else [(west, 180.0), (-180.0, east)]  # type: ignore
    return [
        {"x": w, "y": -north, "width": e - w, "height": north - south}  # type: ignore
        for w, e in spans
    ]
