"""The editor's sections (the IPT's metadata pages) as node trees over the document JSON."""

from __future__ import annotations

from collections.abc import Callable

from django.utils.translation import gettext_lazy as _

from metadata.eml import model
from metadata.eml.serialize import to_dict

from . import choices as c
from .coverage import geographic_nodes, taxonomic_nodes, temporal_nodes
from .nodes import (
    Checks,
    Choice,
    Group,
    Licence,
    Lines,
    Node,
    Repeat,
    Text,
    paragraphs,
)
from .people import contacts_nodes, people

SECTION_LABELS = {
    "basic": _("Basic metadata"),
    "contacts": _("Contacts"),
    "acknowledgements": _("Acknowledgements"),
    "geocoverage": _("Geographic coverage"),
    "taxcoverage": _("Taxonomic coverage"),
    "tempcoverage": _("Temporal coverage"),
    "keywords": _("Keywords"),
    "project": _("Project data"),
    "methods": _("Sampling methods"),
    "citations": _("Citations"),
    "collections": _("Collection data"),
    "physical": _("External links"),
    "additionalDescription": _("Additional description"),
    "additional": _("Additional metadata"),
}
COVERAGE_SECTIONS = ("geocoverage", "taxcoverage", "tempcoverage")


def _basic() -> list[Node]:
    lang = Choice(
        "lang", _("Language"), choices=c.languages, help=_("Leave empty for the main title.")
    )
    return [
        Repeat(
            "titles",
            _("Title"),
            item_label=_("Title"),
            add_label=_("Add a translated title"),
            min_items=1,
            help=_("The first title without a language is the main title."),
            item=Group(children=(Text("text", _("Title")), lang)),
        ),
        Choice("dataset_type", _("Type"), choices=c.dataset_types),
        Choice("dataset_subtype", _("Subtype"), choices=c.dataset_subtypes),
        Choice("metadata_language", _("Metadata language"), choices=c.languages, other=True),
        Choice("language", _("Data language"), choices=c.languages, other=True),
        Licence(
            "licence",
            _("Licence"),
            choices=c.licences,
            help=_("GBIF accepts only these three licences."),
        ),
        paragraphs(
            "abstract",
            _("Description"),
            _("Paragraph"),
            _("Add a paragraph"),
            help=_("At least 5 characters."),
            min_items=1,
        ),
        Repeat(
            "abstract_translations",
            _("Translated descriptions"),
            item_label=_("Translation"),
            add_label=_("Add a translated description"),
            item=Group(
                children=(
                    Choice("lang", _("Language"), choices=c.languages),
                    paragraphs(
                        "paras", _("Paragraphs"), _("Paragraph"), _("Add a paragraph"), min_items=1
                    ),
                )
            ),
        ),
        Group(
            "maintenance",
            _("Maintenance"),
            children=(
                Choice("update_frequency", _("Update frequency"), choices=c.update_frequencies),
                paragraphs(
                    "description",
                    _("Maintenance description"),
                    _("Paragraph"),
                    _("Add a paragraph"),
                ),
            ),
        ),
    ]


def _keywords() -> list[Node]:
    return [
        Repeat(
            "keyword_sets",
            _("Keyword sets"),
            item_label=_("Keyword set"),
            add_label=_("Add a keyword set"),
            help=_(
                "Write the keywords in the metadata language: the GBIF metadata profile has "
                "no language for a keyword set, so none can be published."
            ),
            item=Group(
                children=(
                    Text(
                        "thesaurus",
                        _("Thesaurus"),
                        help=_("The vocabulary the keywords come from, or N/A."),
                    ),
                    Lines(
                        "keywords",
                        _("Keywords"),
                        commas=True,
                        help=_("One per line, or separated by commas."),
                    ),
                )
            ),
        )
    ]


def _award() -> Group:
    return Group(
        children=(
            Text("funder_name", _("Funder name")),
            Lines(
                "funder_identifiers",
                _("Funder identifiers"),
                help=_(
                    "One per line: a Crossref Open Funder Registry DOI "
                    "(https://doi.org/10.13039/…) or a ROR id (https://ror.org/…)."
                ),
            ),
            Text("award_number", _("Award number")),
            Text("title", _("Award title")),
            Text("url", _("Award URL"), widget="url"),
        )
    )


def _project() -> list[Node]:
    related = Group(
        children=(
            Text("title", _("Title")),
            Text("identifier", _("Identifier")),
            paragraphs("description", _("Description"), _("Paragraph"), _("Add a paragraph")),
            people("personnel", _("Personnel"), _("Person"), _("Add a person"), role=True),
        ),
        new=lambda: to_dict(model.Project()),
    )
    return [
        Group(
            "project",
            _("Project"),
            children=(
                Text("title", _("Title")),
                Text("identifier", _("Identifier")),
                paragraphs("description", _("Description"), _("Paragraph"), _("Add a paragraph")),
                paragraphs("funding", _("Funding"), _("Paragraph"), _("Add a paragraph")),
                Repeat(
                    "awards",
                    _("Awards"),
                    item_label=_("Award"),
                    add_label=_("Add an award"),
                    item=_award(),
                ),
                Text("study_area", _("Study area description"), widget="textarea"),
                paragraphs("design", _("Design description"), _("Paragraph"), _("Add a paragraph")),
                people("personnel", _("Personnel"), _("Person"), _("Add a person"), role=True),
                Repeat(
                    "related_projects",
                    _("Related projects"),
                    item_label=_("Related project"),
                    add_label=_("Add a related project"),
                    item=related,
                ),
            ),
        )
    ]


def _methods() -> list[Node]:
    return [
        Group(
            "methods",
            _("Methods"),
            children=(
                paragraphs("steps", _("Method steps"), _("Step"), _("Add a step")),
                paragraphs("study_extent", _("Study extent"), _("Paragraph"), _("Add a paragraph")),
                paragraphs(
                    "sampling_description",
                    _("Sampling description"),
                    _("Paragraph"),
                    _("Add a paragraph"),
                ),
                paragraphs(
                    "quality_control", _("Quality control"), _("Paragraph"), _("Add a paragraph")
                ),
            ),
        )
    ]


def _citations() -> list[Node]:
    citation = Group(
        children=(
            Text("text", _("Citation"), widget="textarea"),
            Text("identifier", _("Identifier")),
        )
    )
    return [
        Group(
            "citation",
            _("Resource citation"),
            children=(
                Text("text", _("Citation"), widget="textarea"),
                Text("identifier", _("Citation identifier"), help=_("A DOI or URL.")),
            ),
        ),
        Repeat(
            "bibliography",
            _("Bibliographic citations"),
            item_label=_("Citation"),
            add_label=_("Add a citation"),
            item=citation,
        ),
    ]


def _collections() -> list[Node]:
    unit = Group(
        children=(
            Text("unit_type", _("Unit type")),
            Text("start", _("From"), widget="number"),
            Text("end", _("To"), widget="number"),
            Text("count", _("Count"), widget="number"),
            Text("uncertainty", _("Plus or minus"), widget="number"),
        )
    )
    return [
        Repeat(
            "collections",
            _("Collections"),
            item_label=_("Collection"),
            add_label=_("Add a collection"),
            item=Group(
                children=(
                    Text("name", _("Name")),
                    Text("identifier", _("Identifier")),
                    Text("parent_identifier", _("Parent identifier")),
                )
            ),
        ),
        Checks(
            "specimen_preservation_methods",
            _("Specimen preservation methods"),
            choices=c.preservation_methods,
        ),
        Repeat(
            "curatorial_units",
            _("Curatorial units"),
            item_label=_("Curatorial unit"),
            add_label=_("Add a curatorial unit"),
            item=unit,
            help=_("Either a range (from, to) or a count plus or minus an uncertainty."),
        ),
    ]


def _physical() -> list[Node]:
    return [
        Text("distribution_url", _("Resource homepage"), widget="url"),
        Repeat(
            "physical_data",
            _("Other data formats"),
            item_label=_("Data format"),
            add_label=_("Add a data format"),
            item=Group(
                children=(
                    Text("name", _("Name")),
                    Text("charset", _("Character set")),
                    Text("url", _("Download URL"), widget="url"),
                    Text("format_name", _("Data format")),
                    Text("format_version", _("Data format version")),
                )
            ),
        ),
    ]


def _additional_description() -> list[Node]:
    return [
        paragraphs("purpose", _("Purpose"), _("Paragraph"), _("Add a paragraph")),
        paragraphs("introduction", _("Introduction"), _("Paragraph"), _("Add a paragraph")),
        paragraphs("getting_started", _("Getting started"), _("Paragraph"), _("Add a paragraph")),
    ]


def _additional() -> list[Node]:
    return [
        Text(
            "date_created",
            _("Date created"),
            widget="readonly",
            help=_("Set at the first publication."),
        ),
        Text("pub_date", _("Publication date"), widget="readonly", help=_("Set at publication.")),
        Text("resource_logo_url", _("Resource logo URL"), widget="url"),
        paragraphs(
            "additional_info", _("Additional information"), _("Paragraph"), _("Add a paragraph")
        ),
        Repeat(
            "alternate_identifiers",
            _("Alternate identifiers"),
            item_label=_("Identifier"),
            add_label=_("Add an identifier"),
            item=Text(label=_("Identifier")),
        ),
    ]


_BUILDERS: dict[str, Callable[[], list[Node]]] = {
    "basic": _basic,
    "contacts": contacts_nodes,
    "acknowledgements": lambda: [
        paragraphs("acknowledgements", _("Acknowledgements"), _("Paragraph"), _("Add a paragraph"))
    ],
    "geocoverage": geographic_nodes,
    "taxcoverage": taxonomic_nodes,
    "tempcoverage": temporal_nodes,
    "keywords": _keywords,
    "project": _project,
    "methods": _methods,
    "citations": _citations,
    "collections": _collections,
    "physical": _physical,
    "additionalDescription": _additional_description,
    "additional": _additional,
}
FORMS: dict[str, list[Node]] = {name: build() for name, build in _BUILDERS.items()}
