"""Reads for the DOI card, the DOI endpoint and ``manage.py doi status`` (issue #23)."""

from __future__ import annotations

from publisher.models import User
from publisher.services.dois import doi_account, doi_refusal, doi_state, resource_doi_jobs
from resources.models import DoiStatus, Resource
from resources.services.publication.start import (
    PublicationDoi,
    next_version,
    publication_doi,
    version_label,
)


def doi_status(*, resource: Resource, user: User) -> dict:
    """``doi_state`` of the resource, with what the viewer needs around it: the active
    account's prefix ("" when DOIs are off), why the user may not reserve or delete ("" when
    they may), the version the next publication makes of a reserved DOI and whether that
    publication registers it now (the resource is public) or only once it is, and the last
    DOI job."""
    state = doi_state(resource)
    account = doi_account()
    reserved = next((row for row in state["dois"] if row["doi"] == state["reserved"]), None)
    return {
        **state,
        "prefix": account.doi_prefix if account is not None else "",
        "refusal": doi_refusal(user, resource),
        **_next(resource, reserved),
        "last_job": resource_doi_jobs(resource).first(),
    }


def _next(resource: Resource, reserved: dict | None) -> dict:
    if reserved is None or reserved["status"] != DoiStatus.RESERVED:
        return {"next_version": "", "registers_next": False}
    major, minor = next_version(resource, PublicationDoi(doi=reserved["doi"], new=True))
    return {
        "next_version": version_label(major, minor),
        "registers_next": publication_doi(resource).new,
    }
