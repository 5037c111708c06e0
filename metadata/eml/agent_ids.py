"""Which user ids of a person or organisation are worth remembering.

An ORCID iD names a person and a ROR id an organisation: an id of the other kind is foreign
to the agent. Ids in other directories cannot be checked and are kept when both the directory
and the identifier are given. Of each directory one id is kept, the newer one.
"""

from __future__ import annotations

from .identifiers import is_orcid_directory, is_ror_directory, orcid_valid, ror_valid
from .model import UserId

ORCID = "orcid"
ROR = "ror"


def user_id_scheme(user_id: UserId) -> str:
    """ "orcid", "ror" or the normalised directory of ``user_id`` ("" when it names none).

    Without a directory, an identifier that is an ORCID iD or a ROR id says its scheme.
    """
    directory = user_id.directory.strip()
    if is_orcid_directory(directory) or (not directory and orcid_valid(user_id.identifier)):
        return ORCID
    if is_ror_directory(directory) or (not directory and ror_valid(user_id.identifier)):
        return ROR
    return directory.casefold().rstrip("/")


def user_id_kept(user_id: UserId, *, person: bool) -> bool:
    """True when ``user_id`` validates and belongs to the agent's kind: a valid ORCID iD for
    a person, a valid ROR id for an organisation, any other filled-in directory's id."""
    scheme = user_id_scheme(user_id)
    if scheme == ORCID:
        return person and orcid_valid(user_id.identifier)
    if scheme == ROR:
        return not person and ror_valid(user_id.identifier)
    return bool(scheme and user_id.identifier.strip())


def user_ids_kept(newer: list[UserId], older: list[UserId], *, person: bool) -> list[UserId]:
    """The kept ids of ``newer`` then ``older``, one per scheme: a valid newer id replaces
    the older id of its scheme; an invalid newer id replaces nothing."""
    kept: list[UserId] = []
    schemes: set[str] = set()
    for user_id in (*newer, *older):
        scheme = user_id_scheme(user_id)
        if scheme not in schemes and user_id_kept(user_id, person=person):
            schemes.add(scheme)
            kept.append(UserId(user_id.directory.strip(), user_id.identifier.strip()))
    return kept
