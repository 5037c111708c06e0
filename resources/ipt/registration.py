"""``config/registration2.xml``: the organisations an IPT data directory knows."""

from __future__ import annotations

from lxml import etree

from . import xstream as xs
from .model import IptOrganisation, IptRegistration


def parse_registration_xml(data: bytes, *, source: str = "registration2.xml") -> IptRegistration:
    """Associated and hosting organisations (by key) and the IPT's own registry key.
    Organisation passwords (tokens) are encrypted by the IPT and never read."""
    root = xs.parse(data, source=source)
    registration = IptRegistration()
    registry = xs.child(root, "registry")
    hosting = xs.child(registry, "hostingOrganisation")
    for element in [*xs.children(root, "organisation"), hosting]:
        organisation = _organisation(element)
        if organisation is not None:
            known = registration.organisations.get(organisation.key)
            registration.organisations[organisation.key] = _merge(known, organisation)
    if hosting is not None:
        registration.hosting = xs.text(hosting, "key").strip()
    ipt = xs.child(registry, "ipt")
    registration.ipt_key = xs.text(ipt, "key").strip()
    registration.ipt_name = xs.text(ipt, "name").strip()
    return registration


def _organisation(element: etree._Element | None) -> IptOrganisation | None:
    key = xs.text(element, "key").strip()
    if element is None or not key:
        return None
    return IptOrganisation(
        key=key,
        name=xs.text(element, "name").strip(),
        alias=xs.text(element, "alias").strip(),
        node_name=xs.text(element, "nodeName").strip(),
        contact_name=xs.text(element, "primaryContactName").strip(),
        contact_email=xs.text(element, "primaryContactEmail").strip(),
        homepage_url=xs.text(element, "homepageURL").strip(),
        can_host=bool(xs.boolean(element, "canHost")),
    )


def _merge(known: IptOrganisation | None, new: IptOrganisation) -> IptOrganisation:
    """The same organisation listed twice: keep every non-empty value."""
    if known is None:
        return new
    for name, value in vars(new).items():
        if value and not getattr(known, name):
            setattr(known, name, value)
    return known
