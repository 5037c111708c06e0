"""The editor's list buttons without JavaScript: add, remove, move up/down, fill a box.

A button posts ``op=<verb>:<path>``; the view parses the whole form, applies the operation
to the section's JSON with :func:`apply_op` and shows the form again, unsaved.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .nodes import Group, Node, Repeat

_PATH = re.compile(r"^[a-z_]+(?:\[\d{1,6}\]|\.[a-z_]+)*$")
_TOKEN = re.compile(r"([a-z_]+)|\[(\d+)\]")
GLOBAL_BOX = {"west": "-180", "east": "180", "north": "90", "south": "-90"}
VERBS = ("add", "remove", "up", "down", "global", "copy", "pick")


class OpError(ValueError):
    """A button value that names no list or item of this section."""


@dataclass(frozen=True)
class Op:
    verb: str
    path: str
    arg: str = ""


def parse_op(value: str) -> Op | None:
    """``verb:path[:arg]`` from a button, or None for the plain Save button."""
    if not value:
        return None
    verb, _sep, rest = value.partition(":")
    path, _sep, arg = rest.partition(":")
    if verb not in VERBS or not _PATH.match(path):
        raise OpError(value)
    return Op(verb, path, arg)


def tokens(path: str) -> list[str | int]:
    return [name if name else int(index) for name, index in _TOKEN.findall(path)]


def node_at(nodes: list[Node], path: str) -> Node:
    """The form node a path (with indices) leads to."""
    parts = tokens(path)
    node: Node | None = next((n for n in nodes if n.key == parts[0]), None)
    for part in parts[1:]:
        if isinstance(part, int) and isinstance(node, Repeat):
            node = node.item
        elif isinstance(part, str) and isinstance(node, Group):
            node = next((c for c in node.children if c.key == part), None)
        else:
            node = None
        if node is None:
            break
    if node is None:
        raise OpError(path)
    return node


def _container(data: dict, path: str) -> tuple[Any, str | int]:
    """The list or object holding ``path``'s value, and the key/index in it."""
    parts = tokens(path)
    holder: Any = data
    try:
        for part in parts[:-1]:
            holder = holder[part]
        holder[parts[-1]]
    except (KeyError, IndexError, TypeError) as exc:
        raise OpError(path) from exc
    return holder, parts[-1]


def _item(data: dict, path: str) -> tuple[list, int, str]:
    holder, index = _container(data, path)
    if not isinstance(holder, list) or not isinstance(index, int):
        raise OpError(path)
    return holder, index, path[: path.rindex("[")]


def apply_op(
    nodes: list[Node], data: dict, op: Op, pick: Callable[[str], dict | None] | None = None
) -> str:
    """Apply ``op`` to ``data`` in place; returns the path of the input to focus next."""
    if op.verb == "add":
        repeat = node_at(nodes, op.path)
        holder, key = _container(data, op.path)
        if not isinstance(repeat, Repeat):
            raise OpError(op.path)
        holder[key].append(repeat.new_item())
        return "%s[%d]" % (op.path, len(holder[key]) - 1)
    if op.verb == "remove":
        items, index, list_path = _item(data, op.path)
        del items[index]
        return "op-add-" + list_path
    if op.verb in ("up", "down"):
        return _move(data, op)
    if op.verb == "global":
        holder, key = _container(data, op.path)
        holder[key] = {**holder[key], **GLOBAL_BOX}
        return op.path + ".west"
    if op.verb == "copy":
        items, index, _list_path = _item(data, op.path)
        data.setdefault("contacts", []).append(copy.deepcopy(items[index]))
        return "contacts[%d]" % (len(data["contacts"]) - 1)
    return _pick(data, op, pick)


def _move(data: dict, op: Op) -> str:
    items, index, list_path = _item(data, op.path)
    other = index - 1 if op.verb == "up" else index + 1
    if 0 <= other < len(items):
        items[index], items[other] = items[other], items[index]
        index = other
    return "%s[%d]" % (list_path, index)


def _pick(data: dict, op: Op, pick: Callable[[str], dict | None] | None) -> str:
    holder, index = _container(data, op.path)
    agent = pick(op.arg) if pick else None
    if agent is None:
        raise OpError(op.arg)
    role = holder[index].get("role", "") if isinstance(holder[index], dict) else ""
    holder[index] = {**agent, "role": role or agent.get("role", "")}
    return op.path
