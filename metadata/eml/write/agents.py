"""Agents (creators, contacts, personnel...) as the profile's ``agentType``."""

from __future__ import annotations

from lxml import etree

from ..model import Agent
from .xml import filled, opt, sub

_ADDRESS = ("city", "administrativeArea", "postalCode", "country")


def _address(el: etree._Element, agent: Agent) -> None:
    values = (agent.city, agent.administrative_area, agent.postal_code, agent.country)
    points = filled(agent.delivery_points)
    if points or any(v.strip() for v in values):
        addr = sub(el, "address")
        for point in points:
            sub(addr, "deliveryPoint", point)
        for tag, value in zip(_ADDRESS, values, strict=True):
            opt(addr, tag, value)


def write_agent(parent: etree._Element, tag: str, agent: Agent, *, with_role: bool = False) -> None:
    """One agent; the individual name only with a surname (the profile requires one)."""
    el = sub(parent, tag)
    if agent.sur_name.strip():
        name = sub(el, "individualName")
        opt(name, "salutation", agent.salutation)
        opt(name, "givenName", agent.given_name)
        sub(name, "surName", agent.sur_name)
    opt(el, "organizationName", agent.organization)
    opt(el, "positionName", agent.position)
    _address(el, agent)
    for tag_name, values in (
        ("phone", agent.phones),
        ("electronicMailAddress", agent.emails),
        ("onlineUrl", agent.online_urls),
    ):
        for value in filled(values):
            sub(el, tag_name, value)
    for uid in agent.user_ids:
        # The IPT leaves out user ids with neither part; half-filled ones fail validation.
        if uid.identifier.strip() or uid.directory.strip():
            sub(el, "userId", uid.identifier, directory=uid.directory)
    if with_role:
        sub(el, "role", agent.role)
