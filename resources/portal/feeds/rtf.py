"""An RTF "data paper" of a published version, as the IPT's ``rtf.do`` offers: title,
authors, abstract, citation, links, licence, description, coverages, keywords, project,
methods and bibliography, ready to open in a word processor."""

from __future__ import annotations

from dataclasses import dataclass, field

from metadata.eml.citation import citation_authors
from metadata.eml.model import Agent, Document


def gettext_noop(message: str) -> str:
    """Marks a message for extraction (``makemessages``); it is translated where used."""
    return message


# The paper's headings and its version line, in English; the web side passes them translated
# (``PaperContext.words``, keyed by the English text).
WORDS = (
    gettext_noop("Abstract"),
    gettext_noop("Citation"),
    gettext_noop("Resource"),
    gettext_noop("Version %(version)s, published %(date)s"),
    gettext_noop("Licence"),
    gettext_noop("Purpose"),
    gettext_noop("Additional information"),
    gettext_noop("Coverage"),
    gettext_noop("Keywords"),
    gettext_noop("Project"),
    gettext_noop("Methods"),
    gettext_noop("Contacts"),
    gettext_noop("Bibliography"),
)


@dataclass
class PaperContext:
    """What the paper says beside the EML; ``words`` holds the translation of each of
    ``WORDS`` (a word missing stays English)."""

    citation: str
    resource_url: str
    archive_url: str
    version: str
    published: str  # yyyy-mm-dd
    words: dict[str, str] = field(default_factory=dict)

    def word(self, english: str) -> str:
        return self.words.get(english, english)


def rtf_text(text: str) -> str:
    """Escape text for RTF: braces and backslashes, line breaks as ``\\line``, non-ASCII
    characters as ``\\uN?`` (signed 16-bit, surrogate pairs beyond the BMP)."""
    out = []
    for char in text:
        code = ord(char)
        if char in "\\{}":
            out.append("\\" + char)
        elif char == "\n":
            out.append("\\line ")
        elif char == "\t":
            out.append("\\tab ")
        elif code < 0x20:
            continue
        elif code < 0x80:
            out.append(char)
        elif code < 0x10000:
            out.append("\\u%d?" % (code if code < 0x8000 else code - 0x10000))
        else:
            code -= 0x10000
            for unit in (0xD800 + (code >> 10), 0xDC00 + (code & 0x3FF)):
                out.append("\\u%d?" % (unit - 0x10000))
    return "".join(out)


def _para(text: str, *, style: str = "") -> str:
    return "{\\pard\\sa160 %s%s\\par}\n" % (style, rtf_text(text))


def _heading(text: str) -> str:
    return "{\\pard\\sb240\\sa120\\b\\fs28 %s\\par}\n" % rtf_text(text)


def _name(agent: Agent) -> str:
    person = " ".join((agent.given_name + " " + agent.sur_name).split())
    return ", ".join(p for p in (person, agent.organization.strip()) if p)


def _section(title: str, paragraphs: list[str]) -> str:
    paragraphs = [p for p in paragraphs if p.strip()]
    if not paragraphs:
        return ""
    return _heading(title) + "".join(_para(p) for p in paragraphs)


def _coverages(doc: Document) -> list[str]:
    found = []
    for geo in doc.geographic_coverages:
        box = geo.bbox
        found.append(
            "%s (%s, %s / %s, %s)" % (geo.description, box.south, box.west, box.north, box.east)
        )
    for when in doc.temporal_coverages:
        found.append(" - ".join(v for v in (when.start, when.end, when.period) if v))
    for taxa in doc.taxonomic_coverages:
        names = ", ".join(t.scientific_name for t in taxa.taxa if t.scientific_name)
        found.append(" ".join(v for v in (taxa.description, names) if v))
    return found


def _body(doc: Document, context: PaperContext) -> str:
    authors = "; ".join(_name(a) for a in citation_authors(doc))
    methods = doc.methods
    w = context.word
    return "".join(
        [
            "{\\pard\\qc\\sa240\\b\\fs36 %s\\par}\n" % rtf_text(doc.title),
            _para(authors, style="\\qc "),
            _section(w("Abstract"), doc.abstract),
            _section(w("Citation"), [context.citation]),
            _section(
                w("Resource"),
                [
                    w("Version %(version)s, published %(date)s")
                    % {"version": context.version, "date": context.published},
                    context.resource_url,
                    context.archive_url,
                ],
            ),
            _section(w("Licence"), [" ".join(v for v in (doc.licence.name, doc.licence.url) if v)]),
            _section(w("Purpose"), doc.purpose),
            _section(w("Additional information"), doc.additional_info),
            _section(w("Coverage"), _coverages(doc)),
            _section(w("Keywords"), ["; ".join(k for s in doc.keyword_sets for k in s.keywords)]),
            _section(
                w("Project"), [doc.project.title, *doc.project.description, *doc.project.funding]
            ),
            _section(
                w("Methods"),
                [
                    *methods.study_extent,
                    *methods.sampling_description,
                    *methods.steps,
                    *methods.quality_control,
                ],
            ),
            _section(w("Contacts"), [_name(a) + " " + " ".join(a.emails) for a in doc.contacts]),
            _section(w("Bibliography"), [c.text for c in doc.bibliography]),
        ]
    )


def build_rtf(doc: Document, context: PaperContext) -> str:
    """The whole RTF document (ASCII only; everything else is escaped)."""
    head = "{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0\\fswiss Helvetica;}}\\f0\\fs22\n"
    return head + _body(doc, context) + "}\n"
