"""The people blocks: creators, contacts, metadata providers, associated parties, personnel."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from metadata.eml import model
from metadata.eml.serialize import to_dict

from . import choices as c
from .nodes import Choice, Group, Indexed, Lines, Node, Repeat, Text


def _agent(*, role: bool) -> Group:
    children: list[Node] = [
        Text("salutation", _("Salutation")),
        Text("given_name", _("First name")),
        Text("sur_name", _("Last name")),
        Text("organization", _("Organisation")),
        Text("position", _("Position")),
        Lines("delivery_points", _("Address"), help=_("One address line per line.")),
        Text("city", _("City")),
        Text("administrative_area", _("State or province")),
        Text("postal_code", _("Postal code")),
        Choice("country", _("Country"), choices=c.countries),
        Indexed("phones", _("Phone")),
        Indexed("emails", _("E-mail"), widget="email"),
        Indexed("online_urls", _("Home page"), widget="url"),
        Repeat(
            "user_ids",
            _("User ids"),
            item_label=_("User id"),
            add_label=_("Add a user id"),
            flags=("compact",),
            item=Group(
                children=(
                    Choice("directory", _("Directory"), choices=c.directories),
                    Text(
                        "identifier",
                        _("Identifier"),
                        help=_("For ORCID, e.g. 0000-0002-1825-0097."),
                    ),
                )
            ),
        ),
    ]
    if role:
        children.insert(0, Choice("role", _("Role"), choices=c.agent_roles))
    return Group(children=tuple(children), flags=("agent",), new=lambda: to_dict(model.Agent()))


def people(key: str, label, item_label, add_label, *, role: bool = False, help="") -> Repeat:
    """A list of people or organisations (with a role select when ``role``)."""
    flags = ("copy",) if key == "creators" else ()
    return Repeat(
        key,
        label,
        help=help,
        item_label=item_label,
        add_label=add_label,
        item=_agent(role=role),
        flags=flags,
    )


def contacts_nodes() -> list[Node]:
    """The contacts section: creators, contacts, metadata providers, associated parties."""
    return [
        people(
            "creators",
            _("Resource creators"),
            _("Creator"),
            _("Add a creator"),
            help=_("The people and organisations who created the resource, in citation order."),
        ),
        people(
            "contacts",
            _("Resource contacts"),
            _("Contact"),
            _("Add a contact"),
            help=_("Whom to ask about the resource."),
        ),
        people(
            "metadata_providers",
            _("Metadata providers"),
            _("Metadata provider"),
            _("Add a metadata provider"),
        ),
        people(
            "associated_parties",
            _("Associated parties"),
            _("Associated party"),
            _("Add an associated party"),
            role=True,
        ),
    ]
