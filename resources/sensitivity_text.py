"""A sensitivity action in the reader's language, for the policy page and the reports (the
Django-free engine keeps actions as JSON and writes the records' notes in English, as the
data standards expect)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from resources.sensitivity.policy import Action as PolicyAction
from resources.sensitivity.policy import PolicyError


def grid_text(grid: str) -> str:
    if grid.startswith("decimals:"):
        return _("%(n)s decimal places") % {"n": grid.split(":", 1)[1]}
    if grid.endswith("km"):
        return _("a %(n)s km grid") % {"n": grid[:-2]}
    return _("a %(n)s° grid") % {"n": grid}


def action_text(data: Any) -> str:
    """What an action (its JSON) does, in one phrase: "coordinates generalised to a 0.1°
    grid"."""
    try:
        action = PolicyAction.from_json(data)
    except PolicyError:
        return str(data)
    if action.kind == "withhold":
        return _("occurrence withheld")
    if action.kind == "coordinates":
        return _("coordinates generalised to %(grid)s") % {"grid": grid_text(action.grid)}
    if action.kind == "identification":
        return _("identification generalised to %(rank)s") % {"rank": action.rank or "genus"}
    fields = ", ".join(t.rsplit("/", 1)[-1] for t in action.fields)
    return _("fields withheld: %(fields)s") % {"fields": fields}
