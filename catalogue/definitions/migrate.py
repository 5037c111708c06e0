"""What happens to mappings when an extension or a vocabulary is updated to a newer version."""

from __future__ import annotations

from dataclasses import dataclass, field

from .model import Extension, Vocabulary

DC_ELEMENTS = "http://purl.org/dc/elements/1.1/"
DC_TERMS = "http://purl.org/dc/terms/"
DWC = "http://rs.tdwg.org/dwc/terms/"

# Terms the standard replaced by another one (the IPT re-points the same ones).
REPLACED_TERMS = {
    DC_TERMS + "source": DC_TERMS + "references",
    DC_ELEMENTS + "source": DC_TERMS + "references",
    DC_TERMS + "rights": DC_TERMS + "license",
    DC_ELEMENTS + "rights": DC_TERMS + "license",
    DWC + "individualID": DWC + "organismID",
    DWC + "occurrenceDetails": DC_TERMS + "references",
}


@dataclass
class UpdatePlan:
    """How each term of the old definition carries over to the new one."""

    kept: list[str] = field(default_factory=list)
    renamed: dict[str, str] = field(default_factory=dict)
    removed: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)

    def target(self, qual_name: str) -> str | None:
        """The term a mapping of ``qual_name`` points to after the update; None: unmapped."""
        if qual_name in self.renamed:
            return self.renamed[qual_name]
        return None if qual_name in self.removed else qual_name


def _local(qual_name: str) -> str:
    return qual_name.rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def plan_update(old: Extension, new: Extension) -> UpdatePlan:
    """Compare two versions of one extension term by term.

    A term missing from the new version is re-pointed when the standard names its
    replacement, or when exactly one new term has the same name in another namespace
    (``dc:type`` becoming ``dcterms:type``); otherwise it is removed.
    """
    plan = UpdatePlan()
    new_terms = set(new.qual_names)
    old_terms = set(old.qual_names)
    for qual_name in old.qual_names:
        if qual_name in new_terms:
            plan.kept.append(qual_name)
        elif (target := _replacement(qual_name, new_terms, new_terms - old_terms)) is not None:
            plan.renamed[qual_name] = target
        else:
            plan.removed.append(qual_name)
    targets = set(plan.renamed.values())
    plan.added = [q for q in new.qual_names if q not in old_terms and q not in targets]
    return plan


def _replacement(qual_name: str, new_terms: set[str], new_only: set[str]) -> str | None:
    known = REPLACED_TERMS.get(qual_name)
    if known in new_terms:
        return known
    same_name = [q for q in new_only if _local(q) == _local(qual_name)]
    return same_name[0] if len(same_name) == 1 else None


@dataclass
class VocabularyPlan:
    """What a newer version of a vocabulary changes: concepts removed and added (by
    identifier, in definition order)."""

    removed: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)


def plan_vocabulary_update(old: Vocabulary, new: Vocabulary) -> VocabularyPlan:
    """Compare two versions of one vocabulary concept by concept."""
    old_ids = [c.identifier for c in old.concepts]
    new_ids = [c.identifier for c in new.concepts]
    kept_old, kept_new = set(old_ids), set(new_ids)
    return VocabularyPlan(
        removed=[i for i in old_ids if i not in kept_new],
        added=[i for i in new_ids if i not in kept_old],
    )
