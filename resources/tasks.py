"""Celery tasks of the resources app: thin wrappers around services."""

from __future__ import annotations

from celery import shared_task

from catalogue.services.sync import extensions_check_updates
from catalogue.services.vocabularies import vocabularies_check_updates
from resources.services.publication import publish_due as publication_publish_due
from resources.services.visibility import public_dates_apply


@shared_task(
    name="resources.tasks.check_extension_updates",
    acks_late=True,
    soft_time_limit=300,
    time_limit=360,
)
def check_extension_updates() -> dict:
    """Daily: flag installed extensions and vocabularies for which the registry has a newer
    version."""
    return {**extensions_check_updates(), "vocabularies": vocabularies_check_updates()}


@shared_task(name="resources.tasks.publish_due", acks_late=True, soft_time_limit=50, time_limit=60)
def publish_due() -> list[str]:
    """Every minute: start the automatic publications whose time has come."""
    return publication_publish_due()


@shared_task(
    name="resources.tasks.apply_public_dates", acks_late=True, soft_time_limit=300, time_limit=360
)
def apply_public_dates() -> list[str]:
    """Hourly: make public the private resources whose public-from date has come."""
    return public_dates_apply()
