"""Editor forms described as data: each section is a tree of nodes named by JSON paths.

Every input is named by the JSON path of its value in ``serialize.to_dict(document)``
(``contacts[0].sur_name``), so a validation ``Issue.field`` points straight at its input,
parsing a POST back into JSON is a walk over the same tree, and the browser script can
renumber a list by rewriting one path prefix.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar

from .bound import Bound, ErrorMap, box_rects

NEW = "__new__"  # index used in the <template> of a list's new item
REST = "__rest"  # hidden JSON of an object's fields the form does not show
ChoiceList = Callable[[], list[tuple[str, str]]]


@dataclass(frozen=True)
class Node:
    """A field of the form; ``key`` is its name inside the parent object."""

    kind: ClassVar[str] = "text"
    key: str = ""
    label: Any = ""
    help: Any = ""
    show_for: tuple[str, ...] = ()  # temporal kinds this field belongs to

    def default(self) -> Any:
        return ""

    def parse(self, name: str, post: Any, old: Any, prune: bool) -> Any:
        raise NotImplementedError

    def bind(self, name: str, value: Any, errors: ErrorMap) -> Bound:
        return Bound(self, name, value if value is not None else "", errors.within(name))


@dataclass(frozen=True)
class Text(Node):
    """One text value; ``widget``: text, textarea, url, email, number, date or readonly."""

    kind: ClassVar[str] = "text"
    widget: str = "text"
    datalist: str = ""
    placeholder: str = ""

    def parse(self, name, post, old, prune):
        if self.widget == "readonly":
            return old if isinstance(old, str) else ""
        value = post.get(name, "")
        if self.widget == "textarea":
            return value.replace("\r\n", "\n").strip()
        return " ".join(value.split()) if self.widget == "text" else value.strip()


@dataclass(frozen=True)
class Choice(Node):
    """A select; values not among the choices (imported ones) are kept as extra options.

    With ``other`` a text input ``<name>__other`` takes any code the list lacks.
    """

    kind: ClassVar[str] = "choice"
    choices: ChoiceList = list
    blank: bool = True
    other: bool = False

    def parse(self, name, post, old, prune):
        if self.other and post.get(name + "__other", "").strip():
            return post.get(name + "__other", "").strip()
        return post.get(name, "").strip()

    def bind(self, name, value, errors):
        bound = super().bind(name, value, errors)
        bound.choices = list(self.choices())
        if value and value not in {v for v, _ in bound.choices}:
            bound.choices.append((value, value))
        return bound


@dataclass(frozen=True)
class Licence(Node):
    """The licence object chosen by its URL; the name follows from the choice."""

    kind: ClassVar[str] = "licence"
    choices: Callable[[], list[tuple[str, str, str]]] = list  # (url, label, stored name)

    def default(self):
        return {"name": "", "url": ""}

    def parse(self, name, post, old, prune):
        url = post.get(name, "").strip()
        old = old if isinstance(old, dict) else self.default()
        if url and url == old.get("url"):
            return dict(old)
        names = {u: stored for u, _label, stored in self.choices()}
        return {"name": names.get(url, ""), "url": url} if url in names else self.default()

    def bind(self, name, value, errors):
        value = value if isinstance(value, dict) else self.default()
        bound = Bound(self, name, value.get("url", ""), errors.within(name))
        bound.choices = [(url, label) for url, label, _stored in self.choices()]
        if bound.value and bound.value not in {u for u, _ in bound.choices}:
            bound.choices.append((bound.value, value.get("name") or bound.value))
        return bound


@dataclass(frozen=True)
class Lines(Node):
    """A list of short texts in one textarea, one per line.

    With ``commas`` a single line is also split at commas (keywords typed as "a, b, c"),
    unless it is the one value stored already, so a stored value holding a comma survives.
    """

    kind: ClassVar[str] = "lines"
    commas: bool = False

    def default(self):
        return []

    def parse(self, name, post, old, prune):
        lines = [" ".join(p.split()) for p in post.get(name, "").splitlines() if p.strip()]
        if self.commas and len(lines) == 1 and old != lines:
            return [" ".join(p.split()) for p in lines[0].split(",") if p.strip()]
        return lines

    def bind(self, name, value, errors):
        return Bound(self, name, "\n".join(value or []), errors.within(name))


def indices(name: str, post: Any) -> list[int]:
    """The list indices present in ``post`` under ``name`` (``name[3]...``), in order."""
    pattern = re.compile(re.escape(name) + r"\[(\d{1,6})\]")
    found = set()
    for key in post:
        match = pattern.match(key)
        if match:
            found.add(int(match.group(1)))
    return sorted(found)


@dataclass(frozen=True)
class Indexed(Node):
    """A list of short texts as one input each (e-mails, phones); blanks are dropped."""

    kind: ClassVar[str] = "indexed"
    widget: str = "text"

    def default(self):
        return []

    def parse(self, name, post, old, prune):
        values = [post.get("%s[%d]" % (name, i), "").strip() for i in indices(name, post)]
        return [v for v in values if v]

    def bind(self, name, value, errors):
        values = list(value or []) or [""]
        bound = Bound(self, name, values, errors.exact(name))
        bound.items = [
            Bound(self, "%s[%d]" % (name, i), v, errors.within("%s[%d]" % (name, i)), number=i + 1)
            for i, v in enumerate(values)
        ]
        return bound


@dataclass(frozen=True)
class Checks(Choice):
    """Checkboxes for a list of vocabulary values; unknown values stay as extra boxes."""

    kind: ClassVar[str] = "checks"

    def default(self):
        return []

    def parse(self, name, post, old, prune):
        getlist = getattr(post, "getlist", None)
        values = getlist(name) if getlist else post.get(name, [])
        return list(dict.fromkeys(v.strip() for v in values if v.strip()))

    def bind(self, name, value, errors):
        bound = Bound(self, name, list(value or []), errors.within(name))
        bound.choices = list(self.choices())
        known = {v for v, _ in bound.choices}
        bound.choices += [(v, v) for v in bound.value if v not in known]
        return bound


@dataclass(frozen=True)
class Paste(Node):
    """A textarea of taxa, one per line, appended to the sibling list ``target`` on submit."""

    kind: ClassVar[str] = "paste"
    target: str = ""

    def parse(self, name, post, old, prune):
        return parse_taxa(post.get(name, ""))

    def bind(self, name, value, errors):
        return Bound(self, name, "", [])


def parse_taxa(text: str) -> list[dict[str, str]]:
    """``name``, ``name<TAB>rank`` or ``name, rank, common name`` per line."""
    taxa = []
    for line in text.splitlines():
        if not line.strip():
            continue
        parts = [p.strip() for p in (line.split("\t") if "\t" in line else line.split(","))]
        parts += ["", ""]
        taxa.append(
            {
                "scientific_name": parts[0],
                "rank": parts[1].lower(),
                "common_name": ", ".join(p for p in parts[2:] if p),
            }
        )
    return taxa


@dataclass(frozen=True)
class Group(Node):
    """An object; fields it does not show travel in a hidden JSON input so none is lost."""

    kind: ClassVar[str] = "group"
    children: tuple[Node, ...] = ()
    flags: tuple[str, ...] = ()
    clean: Callable[[dict], dict] | None = None
    new: Callable[[], dict] | None = None

    def default(self):
        if self.new is not None:
            return self.new()
        return {c.key: c.default() for c in self.children if c.kind != "paste"}

    def _path(self, name: str, key: str) -> str:
        return "%s.%s" % (name, key) if name else key

    def parse(self, name, post, old, prune):
        old = old if isinstance(old, dict) else {}
        data = _rest(post.get(self._path(name, REST), ""))
        for child in self.children:
            value = child.parse(self._path(name, child.key), post, old.get(child.key), prune)
            if child.kind == "paste":
                data[child.target] = data.get(child.target, []) + value
            else:
                data[child.key] = value
        return self.clean(data) if self.clean else data

    def bind(self, name, value, errors):
        value = value if isinstance(value, dict) else self.default()
        bound = Bound(self, name, value, errors.exact(name))
        bound.children = [
            c.bind(self._path(name, c.key), value.get(c.key, c.default()), errors)
            for c in self.children
        ]
        shown = {c.key for c in self.children}
        rest = {k: v for k, v in value.items() if k not in shown and v not in ("", [], {})}
        bound.rest = json.dumps(rest) if rest else ""
        if "map" in self.flags:
            bound.extra["rects"] = box_rects(value)
        return bound


def _rest(text: str) -> dict:
    try:
        data = json.loads(text) if text else {}
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def is_blank(value: Any) -> bool:
    """True for "", [], and objects whose values are all blank."""
    if isinstance(value, dict):
        return all(is_blank(v) for k, v in value.items() if k != "kind")
    return value in ("", None) or (isinstance(value, list) and all(is_blank(v) for v in value))


@dataclass(frozen=True)
class Repeat(Node):
    """A list of items (paragraphs, people, coverages...) that can be added, removed, moved.

    When saving (``prune``), items left completely blank are dropped.
    """

    kind: ClassVar[str] = "repeat"
    item: Node = field(default_factory=Text)
    item_label: Any = ""
    add_label: Any = ""
    min_items: int = 0
    flags: tuple[str, ...] = ()

    def default(self):
        return []

    def new_item(self) -> Any:
        return self.item.default()

    def parse(self, name, post, old, prune):
        items = [
            self.item.parse("%s[%d]" % (name, i), post, None, prune) for i in indices(name, post)
        ]
        return [v for v in items if not is_blank(v)] if prune else items

    def bind(self, name, value, errors):
        values = list(value or [])
        values += [self.new_item() for _ in range(self.min_items - len(values))]
        bound = Bound(self, name, values, errors.exact(name))
        bound.items = [
            self._bind_item("%s[%d]" % (name, i), v, errors, i + 1, len(values))
            for i, v in enumerate(values)
        ]
        bound.template = self._bind_item(
            "%s[%s]" % (name, NEW), self.new_item(), ErrorMap(), len(values) + 1, 0
        )
        return bound

    def _bind_item(self, name, value, errors, number, total):
        content = self.item.bind(name, value, errors)
        content.number = number
        item = Bound(
            ItemNode(label=self.item_label, flags=self.flags),
            name,
            value,
            errors.exact(name) if self.item.kind == "group" else [],
            number=number,
        )
        item.children = [content]
        item.first, item.last = number == 1, number == total
        return item


@dataclass(frozen=True)
class ItemNode(Node):
    """One entry of a Repeat (rendered with its move/remove buttons)."""

    kind: ClassVar[str] = "item"
    flags: tuple[str, ...] = ()


def paragraphs(
    key: str, label: Any, item_label: Any, add_label: Any, help: Any = "", min_items: int = 0
) -> Repeat:
    """A list of paragraphs (one textarea each)."""
    return Repeat(
        key=key,
        label=label,
        help=help,
        item_label=item_label,
        add_label=add_label,
        min_items=min_items,
        item=Text(label=item_label, widget="textarea"),
    )
