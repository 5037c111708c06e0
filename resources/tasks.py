"""Celery tasks of the resources app: thin wrappers around services."""

from __future__ import annotations

from celery import shared_task

from resources.services.catalogue_sync import extensions_check_updates


@shared_task(name="resources.tasks.check_extension_updates", acks_late=True,
             soft_time_limit=300, time_limit=360)
def check_extension_updates() -> dict:
    """Daily: flag installed extensions for which the registry has a newer version."""
    return extensions_check_updates()
