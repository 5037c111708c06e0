"""The form bodies the IPT posts to the registry, as plain dataclasses.

Field names, order and values follow the IPT (``RegistryManagerImpl#buildIPTParameters`` and
``#buildRegistryParameters``); the registry pairs the pipe-separated ``serviceTypes`` and
``serviceURLs`` token by token.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import quote

ADMINISTRATIVE = "administrative"
TECHNICAL = "technical"
EML = "EML"
RSS = "RSS"
# The archive service type of each dataset type (the registry derives the dataset type).
ARCHIVE_TYPES = {
    "sampling-event": "DWC-ARCHIVE-SAMPLING-EVENT",
    "occurrence": "DWC-ARCHIVE-OCCURRENCE",
    "checklist": "DWC-ARCHIVE-CHECKLIST",
}
SEPARATOR = "|"

Fields = list[tuple[str, str]]


@dataclass(frozen=True)
class Contact:
    """The primary contact sent with a registration (``administrative`` or ``technical``)."""

    type: str = TECHNICAL
    name: str = ""
    email: str = ""
    address: str = ""
    phone: str = ""


@dataclass(frozen=True)
class InstallationForm:
    """What registers or updates the installation (an IPT_INSTALLATION with an RSS feed).

    ``password`` is the installation's ``wsPassword``: sent when registering only; updates
    authenticate with it instead.
    """

    organisation_key: str
    name: str
    description: str
    contact: Contact
    rss_url: str
    password: str = ""

    def fields(self, *, register: bool) -> Fields:
        """The form fields in the IPT's order; ``wsPassword`` only when registering."""
        pairs = [
            ("organisationKey", self.organisation_key),
            ("name", self.name),
            ("description", self.description),
            ("primaryContactType", TECHNICAL),  # the IPT's form always sends technical
            ("primaryContactName", self.contact.name),
            ("primaryContactEmail", self.contact.email),
            ("serviceTypes", RSS),
            ("serviceURLs", _pipe_safe(self.rss_url)),
        ]
        if register:
            pairs.append(("wsPassword", self.password))
        return pairs


@dataclass(frozen=True)
class DatasetForm:
    """What registers or updates one dataset.

    ``service_types`` and ``service_urls`` are parallel lists (joined with ``|``);
    ``subtype`` and ``doi`` are sent only when set, as the IPT does.
    """

    organisation_key: str
    installation_key: str
    name: str
    description: str
    contact: Contact
    service_types: list[str] = field(default_factory=list)
    service_urls: list[str] = field(default_factory=list)
    homepage_url: str = ""
    logo_url: str = ""
    subtype: str = ""
    doi: str = ""

    def __post_init__(self) -> None:
        if len(self.service_types) != len(self.service_urls):
            raise ValueError("serviceTypes and serviceURLs must pair up one to one")

    def fields(self, *, register: bool) -> Fields:
        """The form fields; ``organisationKey`` only when registering (updates take the
        organisation from the credentials)."""
        pairs = [("organisationKey", self.organisation_key)] if register else []
        pairs += [
            ("iptKey", self.installation_key),
            ("name", self.name),
            ("description", self.description),
            ("homepageURL", self.homepage_url),
            ("logoURL", self.logo_url),
            ("primaryContactType", self.contact.type),
            ("primaryContactEmail", self.contact.email),
            ("primaryContactName", self.contact.name),
            ("primaryContactAddress", self.contact.address),
            ("primaryContactPhone", self.contact.phone),
            ("serviceTypes", SEPARATOR.join(self.service_types)),
            ("serviceURLs", SEPARATOR.join(_pipe_safe(u) for u in self.service_urls)),
        ]
        if self.subtype:
            pairs.append(("subtype", self.subtype))
        if self.doi:
            pairs.append(("doi", self.doi))
        return pairs


def dataset_service_types(dataset_type: str, *, has_data: bool) -> list[str]:
    """``["EML", <archive type>]`` for a dataset with published data, else ``["EML"]``."""
    archive = ARCHIVE_TYPES.get(dataset_type)
    return [EML, archive] if has_data and archive else [EML]


def dataset_service_urls(base_url: str, shortname: str, *, has_data: bool) -> list[str]:
    """The unversioned ``eml.do`` and ``archive.do`` addresses GBIF harvests."""
    base = base_url.rstrip("/")
    name = quote(shortname, safe="")
    urls = ["%s/eml.do?r=%s" % (base, name)]
    if has_data:
        urls.append("%s/archive.do?r=%s" % (base, name))
    return urls


def _pipe_safe(url: str) -> str:
    """A raw ``|`` would split the URL in two registry endpoints."""
    return url.replace(SEPARATOR, "%7C")
