"""Matching scientific names against the taxa of a policy: authorship and case are ignored,
an infraspecific name matches its species, and the higher-rank terms match taxa declared at
their rank."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from .policy import Taxon

# Words that mark an infraspecific rank inside a name ("Salix repens var. argentea").
_MARKERS = frozenset(
    ("subsp.", "ssp.", "subsp", "ssp", "var.", "var", "f.", "fo.", "forma", "subvar.")
    + ("subf.", "morph.", "nothosubsp.", "cv.")
)
_HYBRID = frozenset(("×", "x"))
_SPLIT = re.compile(r"\s+")
# Ranks a name of one word, two words or more has when the row does not say.
SPECIES_RANKS = frozenset(("species", "subspecies", "variety", "form", "infraspecificname"))


@lru_cache(maxsize=1 << 16)  # ranks and names repeat over the records
def canonical(name: str) -> str:
    """The name without authorship, in lower case, words separated by one space:
    ``Lynx lynx (Linnaeus, 1758)`` → ``lynx lynx``; ``Carabus (Carabus) auronitens`` →
    ``carabus auronitens``; ``Salix repens var. argentea Sm.`` → ``salix repens argentea``.

    The first word is the genus or uninomial; later words are kept while they are epithets
    (lower-case letters, hyphens) or rank markers, which are dropped; the first word that is
    neither (capitalised, with digits, a bracket after the second word) starts the
    authorship."""
    words = [w for w in _SPLIT.split(name.strip()) if w]
    if not words:
        return ""
    first = words[0].strip("()")
    # Case tells epithets from authors only in a name written the usual way ("Lynx lynx");
    # otherwise up to two epithets are taken and the rest counts as authorship.
    cased = first[:1].isupper() and first[1:] == first[1:].lower()
    kept = [first.lower()]
    for at, word in enumerate(words[1:], start=1):
        low = word.lower()
        if low in _MARKERS or low in _HYBRID:
            continue
        if at == 1 and word.startswith("(") and word.endswith(")"):
            continue  # a subgenus
        epithet = all(c.isalpha() or c == "-" for c in word)
        if epithet and (word[:1].islower() if cased else len(kept) < 3):
            kept.append(low)
            continue
        break
    return " ".join(kept)


RANK_TERMS = ("genus", "family", "order", "class", "phylum", "kingdom")  # lowest first


@dataclass(frozen=True)
class Match:
    """The taxon (its position in the policy) a record matched, and how."""

    taxon: int
    name: str  # the canonical name that matched


class Matcher:
    """Finds the sensitive taxon of a record from its scientific name and higher ranks.

    A taxon declared with a rank matches only a name of that rank: ``Morus`` as a genus of
    birds does not match a family or a row whose ``taxonRank`` says otherwise. When several
    taxa match, the most specific wins (the full name, then the species of an infraspecific
    name, then genus up to kingdom)."""

    def __init__(self, taxa: Sequence[Taxon]) -> None:
        self._by_name: dict[str, list[tuple[str, int]]] = {}
        for index, taxon in enumerate(taxa):
            for name in (taxon.name, *taxon.synonyms):
                key = canonical(name)
                if key:
                    self._by_name.setdefault(key, []).append((_rank(taxon.rank), index))

    def __bool__(self) -> bool:
        return bool(self._by_name)

    def match(
        self, scientific_name: str, rank: str = "", higher: dict[str, str] | None = None
    ) -> Match | None:
        """The matching taxon of a record: its ``scientificName`` and ``taxonRank``, and its
        higher-rank terms (``genus`` … ``kingdom``: value) when the file has them."""
        for name, name_rank in _candidates(scientific_name, _rank(rank), higher or {}):
            for taxon_rank, index in self._by_name.get(name, ()):
                if not taxon_rank or not name_rank or _same_rank(taxon_rank, name_rank):
                    return Match(index, name)
        return None


def _rank(rank: str) -> str:
    rank = rank.strip().lower().replace(" ", "").replace("_", "")
    return {"subsp": "subspecies", "ssp": "subspecies", "var": "variety", "f": "form"}.get(
        rank, rank
    )


def _same_rank(declared: str, found: str) -> bool:
    if declared == found:
        return True
    return declared in SPECIES_RANKS and found in SPECIES_RANKS and declared == "species"


def _candidates(scientific_name: str, rank: str, higher: dict[str, str]) -> list[tuple[str, str]]:
    """(canonical name, its rank or "" when unknown), most specific first."""
    found: list[tuple[str, str]] = []
    name = canonical(scientific_name)
    if name:
        words = name.split(" ")
        if len(words) == 1:
            found.append((name, rank))
        else:
            found.append((name, rank or ("species" if len(words) == 2 else "")))
            if len(words) > 2:
                found.append((" ".join(words[:2]), "species"))
            found.append((words[0], "genus"))
    for term in RANK_TERMS:
        value = canonical(higher.get(term, ""))
        if value:
            found.append((value.split(" ")[0], term))
    return found
