"""Checks of agents: names the profile needs, contact formats and ORCID / ROR user ids."""

from __future__ import annotations

from core.emails import TLD, email_problem

from ..identifiers import is_orcid_directory, is_ror_directory, orcid_valid, ror_valid
from ..model import Agent, Document, UserId
from .base import Issues, gettext_noop
from .formats import blank, is_http_url, is_phone

NAME_NEEDED = gettext_noop("Give a last name, a position or an organisation.")
SURNAME_NEEDED = gettext_noop("A last name is required with a first name or salutation.")
URL_FORMAT = gettext_noop("Enter a full web address starting with http:// or https://.")
EMAIL_FORMAT = gettext_noop("Enter a valid email address.")
EMAIL_TLD = gettext_noop(
    "This e-mail address ends in a top-level domain that does not exist on the internet "
    "(reserved names such as .local, .example, .test or .invalid): GBIF's registry refuses "
    "it. Give an address people can write to."
)


def _user_id(issues: Issues, path: str, uid: UserId) -> None:
    if blank(uid.identifier) and blank(uid.directory):
        return  # an empty row: the writer leaves it out, as the IPT does
    if blank(uid.directory):
        issues.add(path + ".directory", gettext_noop("Choose the directory of this identifier."))
    if blank(uid.identifier):
        issues.add(path + ".identifier", gettext_noop("Enter the identifier for this directory."))
    elif is_orcid_directory(uid.directory) and not orcid_valid(uid.identifier):
        issues.add(
            path + ".identifier",
            gettext_noop(
                "Enter a valid ORCID iD such as 0000-0002-1825-0097 (its last character is a "
                "check digit)."
            ),
        )
    elif is_ror_directory(uid.directory) and not ror_valid(uid.identifier):
        issues.add(
            path + ".identifier",
            gettext_noop(
                "Enter a valid ROR id such as 03yrm5c26 (its last two digits are a check)."
            ),
        )


def _contact_details(issues: Issues, path: str, agent: Agent) -> None:
    for index, email in enumerate(agent.emails):
        if blank(email):
            continue
        reason, _tld = email_problem(email)
        if reason:
            issues.add(f"{path}.emails[{index}]", EMAIL_TLD if reason == TLD else EMAIL_FORMAT)
    for index, phone in enumerate(agent.phones):
        if not blank(phone) and not is_phone(phone):
            issues.add(
                f"{path}.phones[{index}]",
                gettext_noop("Enter a phone number with digits, spaces and ( ) / + - . only."),
            )
    for index, url in enumerate(agent.online_urls):
        if not blank(url) and not is_http_url(url):
            issues.add(f"{path}.online_urls[{index}]", URL_FORMAT)
    for index, uid in enumerate(agent.user_ids):
        _user_id(issues, f"{path}.user_ids[{index}]", uid)


def check_agent(issues: Issues, path: str, agent: Agent, *, surname_required: bool = False) -> None:
    """One agent at ``path``; project personnel need a last name, as in the IPT."""
    named = not (blank(agent.sur_name) and blank(agent.organization) and blank(agent.position))
    if surname_required and blank(agent.sur_name):
        issues.add(path + ".sur_name", gettext_noop("A last name is required."))
    elif not named:
        issues.add(path + ".sur_name", NAME_NEEDED)
    elif blank(agent.sur_name) and not (blank(agent.given_name) and blank(agent.salutation)):
        issues.add(path + ".sur_name", SURNAME_NEEDED)
    _contact_details(issues, path, agent)


def check_agents(
    issues: Issues, path: str, agents: list[Agent], *, required: str = "", personnel: bool = False
) -> None:
    """A list of agents; ``required`` is the message when the list must not be empty."""
    if required and not agents:
        issues.add(path, required)
    for index, agent in enumerate(agents):
        check_agent(issues, f"{path}[{index}]", agent, surname_required=personnel)


def check_document_agents(issues: Issues, doc: Document) -> None:
    """Contacts and creators (at least one each), metadata providers, associated parties."""
    required = gettext_noop("At least one resource contact is required.")
    check_agents(issues, "contacts", doc.contacts, required=required)
    required = gettext_noop("At least one resource creator is required.")
    check_agents(issues, "creators", doc.creators, required=required)
    check_agents(issues, "metadata_providers", doc.metadata_providers)
    check_agents(issues, "associated_parties", doc.associated_parties)
