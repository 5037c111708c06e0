"""The demo resource's metadata: enough for it to be valid and publishable."""

from __future__ import annotations

from metadata.eml.model import (
    Agent,
    BoundingBox,
    GeographicCoverage,
    KeywordSet,
    Licence,
    Maintenance,
    Methods,
    TemporalCoverage,
    Title,
    UserId,
)
from publisher.models import User
from resources.models import Resource

from .documents import metadata_get, metadata_save


def _demo_team() -> Agent:
    return Agent(
        organization="Demo Data Team",
        position="Data manager",
        emails=["data-team@example.org"],
        city="Berlin",
        country="DE",
        user_ids=[UserId(directory="https://ror.org/", identifier="02nr0ka47")],
    )


def demo_metadata_ensure(*, resource: Resource, user: User) -> None:
    """Fill the demo's metadata once (an edited demo is left alone)."""
    doc = metadata_get(resource)
    if doc.abstract:
        return
    doc.titles = [Title(text=resource.title)]
    doc.abstract = [
        "Synthetic amphibian survey of two ponds, made to show how a sampling-event dataset "
        "is mapped, described and published. The values are invented.",
        "Each visit is an event below its pond; the occurrences record presence and absence.",
    ]
    doc.dataset_type = "sampling-event"
    doc.licence = Licence(
        name="Creative Commons Attribution (CC-BY 4.0)",
        url="http://creativecommons.org/licenses/by/4.0/legalcode",
    )
    doc.creators = [_demo_team()]
    doc.contacts = [_demo_team()]
    doc.metadata_providers = [_demo_team()]
    doc.keyword_sets = [
        KeywordSet(keywords=["Amphibia", "ponds", "visual encounter survey"], thesaurus="N/A")
    ]
    doc.geographic_coverages = [
        GeographicCoverage(
            description="Two ponds near Berlin, Germany.",
            bbox=BoundingBox(west="13.38", east="13.41", north="52.52", south="52.50"),
        )
    ]
    doc.temporal_coverages = [TemporalCoverage(kind="range", start="2024-04-12", end="2024-06-14")]
    doc.maintenance = Maintenance(update_frequency="notPlanned")
    doc.methods = Methods(
        steps=["Visual encounter survey along the shore, 30 minutes."],
        study_extent=["Two ponds, April to June 2024."],
        sampling_description=["Each pond visited on fixed days."],
    )
    metadata_save(resource, doc, user=user)
