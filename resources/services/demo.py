"""Writes on resources. The resources issue adds creation, sources and the rest."""

from __future__ import annotations

from django.db import transaction

from publisher.models import User
from resources.models import Resource

DEMO_SHORTNAME = "demo-pond-survey"
DEMO_TITLE = "Demo: amphibian pond survey (synthetic sampling-event data)"


@transaction.atomic
def demo_resource_ensure(*, creator: User) -> tuple[Resource, bool]:
    """Create the demo resource once; its data files ship in ``resources/demo/``."""
    return Resource.objects.get_or_create(
        shortname=DEMO_SHORTNAME, defaults={"title": DEMO_TITLE, "creator": creator}
    )
