"""The user ids a shared contact keeps: valid, of its kind, one per directory, newer first."""

from __future__ import annotations

import pytest

from metadata.eml.agent_ids import user_id_kept, user_id_scheme, user_ids_kept
from metadata.eml.model import UserId

ORCID = UserId("https://orcid.org/", "0000-0002-1825-0097")
OTHER_ORCID = UserId("ORCID", "https://orcid.org/0000-0001-5109-3700")
BAD_ORCID = UserId("https://orcid.org/", "0000-0002-1825-0098")
ROR = UserId("https://ror.org/", "03yrm5c26")
BAD_ROR = UserId("ROR", "03yrm5c27")
WIKIDATA = UserId("https://www.wikidata.org/wiki/", "Q7259")


@pytest.mark.parametrize(
    ("user_id", "scheme"),
    [
        (ORCID, "orcid"),
        (BAD_ROR, "ror"),
        (UserId("", "0000-0002-1825-0097"), "orcid"),
        (UserId("", "https://ror.org/03yrm5c26"), "ror"),
        (UserId("https://www.Wikidata.org/wiki", "Q1"), "https://www.wikidata.org/wiki"),
        (UserId("", "Q1"), ""),
    ],
)
def test_the_scheme_comes_from_the_directory_else_from_the_identifier(user_id, scheme):
    assert user_id_scheme(user_id) == scheme


@pytest.mark.parametrize(
    ("user_id", "person", "kept"),
    [
        (ORCID, True, True),
        (ORCID, False, False),  # an ORCID iD names a person
        (BAD_ORCID, True, False),
        (ROR, False, True),
        (ROR, True, False),  # a ROR id names an organisation
        (BAD_ROR, False, False),
        (WIKIDATA, True, True),
        (UserId("https://www.wikidata.org/wiki/", " "), True, False),
        (UserId("", "Q1"), False, False),
    ],
)
def test_only_valid_ids_of_the_agents_kind_are_kept(user_id, person, kept):
    assert user_id_kept(user_id, person=person) is kept


def test_a_valid_newer_id_replaces_the_older_of_its_scheme_an_invalid_one_does_not():
    assert user_ids_kept([OTHER_ORCID], [ORCID, WIKIDATA], person=True) == [OTHER_ORCID, WIKIDATA]
    assert user_ids_kept([BAD_ORCID], [ORCID], person=True) == [ORCID]
    assert user_ids_kept([], [ORCID, OTHER_ORCID, BAD_ROR], person=True) == [ORCID]
