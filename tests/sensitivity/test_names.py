"""Matching names: authorship and case ignored, infraspecific names under their species,
higher ranks, declared ranks, synonyms."""

from __future__ import annotations

import pytest

from resources.sensitivity.names import Matcher, canonical
from resources.sensitivity.policy import Taxon


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Lynx lynx (Linnaeus, 1758)", "lynx lynx"),
        ("Lynx lynx L.", "lynx lynx"),
        ("LYNX LYNX", "lynx lynx"),
        ("lynx lynx linnaeus", "lynx lynx linnaeus"),  # no case to tell: prefixes still match
        ("Carabus (Carabus) auronitens Fabricius, 1792", "carabus auronitens"),
        ("Salix repens var. argentea (Sm.) A.Camus", "salix repens argentea"),
        ("Aquila chrysaetos chrysaetos", "aquila chrysaetos chrysaetos"),
        ("Accipitridae Vigors, 1824", "accipitridae"),
        ("  Lynx   lynx  ", "lynx lynx"),
        ("", ""),
    ],
)
def test_canonical_names(name, expected):
    assert canonical(name) == expected


def test_matching_ignores_authorship_and_case():
    matcher = Matcher([Taxon("Lynx lynx (Linnaeus, 1758)")])
    for name in ("Lynx lynx", "lynx lynx", "LYNX LYNX L.", "Lynx lynx carpathicus Kratochvíl"):
        found = matcher.match(name)
        assert found is not None and found.taxon == 0, name
    assert matcher.match("Lynx pardinus") is None
    assert matcher.match("Lynx") is None  # a genus is not its species


def test_higher_ranks_and_declared_ranks():
    matcher = Matcher(
        [Taxon("Accipitridae", rank="family"), Taxon("Morus", rank="genus"), Taxon("Canis")]
    )
    assert matcher.match("Buteo buteo", higher={"family": "Accipitridae"}).taxon == 0
    assert matcher.match("Buteo buteo", higher={"family": "accipitridae Vigors"}).taxon == 0
    assert matcher.match("Morus bassanus").taxon == 1  # the genus of a binomial
    assert matcher.match("Morus", rank="genus").taxon == 1
    assert matcher.match("Morus", rank="family") is None  # declared as a genus
    assert matcher.match("Moraceae", higher={"genus": "Morus"}).taxon == 1
    assert matcher.match("Canis lupus").taxon == 2  # no rank declared: any rank


def test_most_specific_taxon_wins_and_synonyms_match():
    matcher = Matcher(
        [
            Taxon("Accipitridae", rank="family"),
            Taxon("Aquila chrysaetos", synonyms=("Falco chrysaetos",)),
        ]
    )
    assert matcher.match("Aquila chrysaetos", higher={"family": "Accipitridae"}).taxon == 1
    assert matcher.match("Falco chrysaetos Linnaeus, 1758").taxon == 1
    assert matcher.match("Aquila nipalensis", higher={"family": "Accipitridae"}).taxon == 0
