"""The coverage sections: geographic (with its map), taxonomic, temporal."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from metadata.eml import model
from metadata.eml.serialize import to_dict

from . import choices as c
from .nodes import Choice, Group, Node, Paste, Repeat, Text


def _degrees(key: str, label, low: int) -> Text:
    return Text(key, label, widget="number", placeholder=str(low))


def geographic_nodes() -> list[Node]:
    """Geographic coverages: a description and a bounding box drawn on a map."""
    bbox = Group(
        "bbox",
        _("Bounding box"),
        children=(
            _degrees("west", _("West"), -180),
            _degrees("east", _("East"), 180),
            _degrees("north", _("North"), 90),
            _degrees("south", _("South"), -90),
        ),
        flags=("map",),
    )
    return [
        Repeat(
            "geographic_coverages",
            _("Geographic coverages"),
            item_label=_("Geographic coverage"),
            add_label=_("Add a geographic coverage"),
            item=Group(children=(Text("description", _("Description"), widget="textarea"), bbox)),
        )
    ]


def taxonomic_nodes() -> list[Node]:
    """Taxonomic coverages: a description, taxa and a box to paste a list of taxa."""
    taxon = Group(
        children=(
            Text("scientific_name", _("Scientific name")),
            Text("rank", _("Rank"), datalist="md-ranks"),
            Text("common_name", _("Common name")),
        )
    )
    return [
        Repeat(
            "taxonomic_coverages",
            _("Taxonomic coverages"),
            item_label=_("Taxonomic coverage"),
            add_label=_("Add a taxonomic coverage"),
            item=Group(
                children=(
                    Text("description", _("Description"), widget="textarea"),
                    Repeat(
                        "taxa",
                        _("Taxa"),
                        item_label=_("Taxon"),
                        add_label=_("Add a taxon"),
                        item=taxon,
                        flags=("compact",),
                    ),
                    Paste(
                        "__paste",
                        _("Paste a list of taxa"),
                        target="taxa",
                        help=_(
                            "One taxon per line: a name, or name TAB rank, or "
                            "name, rank, common name. Added below the taxa on saving."
                        ),
                    ),
                )
            ),
        )
    ]


def _clean_temporal(data: dict) -> dict:
    """Keep only the values the chosen kind uses."""
    kind = data.get("kind") or "single"
    if kind == "single":
        data["end"] = data["period"] = ""
    elif kind == "range":
        data["period"] = ""
    else:
        data["start"] = data["end"] = ""
    return data


def temporal_nodes() -> list[Node]:
    """Temporal coverages: a kind and the dates or period it uses."""
    date_help = _("YYYY-MM-DD, YYYY-MM or YYYY.")
    return [
        Repeat(
            "temporal_coverages",
            _("Temporal coverages"),
            item_label=_("Temporal coverage"),
            add_label=_("Add a temporal coverage"),
            item=Group(
                clean=_clean_temporal,
                flags=("temporal",),
                new=lambda: to_dict(model.TemporalCoverage()),
                children=(
                    Choice("kind", _("Kind"), choices=c.temporal_kinds, blank=False),
                    Text(
                        "start",
                        _("Start date"),
                        help=date_help,
                        placeholder="2020-05-31",
                        show_for=("single", "range"),
                    ),
                    Text(
                        "end",
                        _("End date"),
                        help=date_help,
                        placeholder="2021-12-31",
                        show_for=("range",),
                    ),
                    Text(
                        "period",
                        _("Period"),
                        show_for=("formation", "living"),
                        help=_("E.g. Jurassic, or 10-20 years."),
                    ),
                ),
            ),
        )
    ]
