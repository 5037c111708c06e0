"""Reading GBIF's API v1 (``{api}/dataset/{key}``, an organisation's or installation's
datasets, installations): what a registration needs to find out whether a register call whose
reply was lost created anything (contract §A.7). No auth; paged lists are walked to the end.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .errors import RegistryBadResponse, gettext_noop

PAGE_LIMIT = 100
MAX_PAGES = 200  # 20,000 entries: more than any organisation publishes


@dataclass(frozen=True)
class Endpoint:
    """One endpoint of a dataset or installation."""

    type: str
    url: str


@dataclass(frozen=True)
class RegisteredDataset:
    """A GBIF dataset as API v1 shows it (the fields a registration needs)."""

    key: str
    title: str
    organisation_key: str
    installation_key: str
    endpoints: tuple[Endpoint, ...]
    deleted: bool

    def has_url(self, url: str) -> bool:
        """True when one of its endpoints is ``url`` (compared without a trailing slash)."""
        return any(e.url.rstrip("/") == url.rstrip("/") for e in self.endpoints)


@dataclass(frozen=True)
class RegisteredInstallation:
    """A GBIF installation as API v1 shows it."""

    key: str
    title: str
    organisation_key: str
    type: str
    endpoints: tuple[Endpoint, ...]
    deleted: bool

    def has_url(self, url: str) -> bool:
        return any(e.url.rstrip("/") == url.rstrip("/") for e in self.endpoints)


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _endpoints(entry: dict[str, Any]) -> tuple[Endpoint, ...]:
    found = entry.get("endpoints")
    if not isinstance(found, list):
        return ()
    return tuple(
        Endpoint(_text(e.get("type")), _text(e.get("url"))) for e in found if isinstance(e, dict)
    )


def _object(data: Any, url: str) -> dict[str, Any]:
    if not isinstance(data, dict) or not _text(data.get("key")):
        raise RegistryBadResponse(
            gettext_noop("The GBIF API's reply is not an entity with a key."), url=url
        )
    return data


def parse_dataset(data: Any, *, url: str = "") -> RegisteredDataset:
    """A ``Dataset`` object of API v1."""
    entry = _object(data, url)
    return RegisteredDataset(
        key=_text(entry.get("key")),
        title=_text(entry.get("title")),
        organisation_key=_text(entry.get("publishingOrganizationKey")),
        installation_key=_text(entry.get("installationKey")),
        endpoints=_endpoints(entry),
        deleted=bool(entry.get("deleted")),
    )


def parse_installation(data: Any, *, url: str = "") -> RegisteredInstallation:
    """An ``Installation`` object of API v1."""
    entry = _object(data, url)
    return RegisteredInstallation(
        key=_text(entry.get("key")),
        title=_text(entry.get("title")),
        organisation_key=_text(entry.get("organizationKey")),
        type=_text(entry.get("type")),
        endpoints=_endpoints(entry),
        deleted=bool(entry.get("deleted")),
    )


def parse_page(data: Any, *, url: str = "") -> tuple[list[Any], bool]:
    """The ``results`` of a paging envelope and whether it is the last page."""
    if not isinstance(data, dict) or not isinstance(data.get("results"), list):
        raise RegistryBadResponse(
            gettext_noop("The GBIF API's reply is not a page of results."), url=url
        )
    return list(data["results"]), bool(data.get("endOfRecords", True))
