"""Finds English interface strings left on a page shown in another language.

The browser collects what a visitor reads (visible text, the titles, placeholders, labels and
alternative texts of visible elements, the options of visible menus, the document's title);
the test compares it with the msgids of the catalogues. A string is untranslated when it is a
msgid, or matches the shape of a msgid with placeholders, whose translation in that language
is not the msgid itself. Data, names and standard term names are not msgids, so they pass.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parents[2] / "locale"
# The catalogue folder of each interface language the journeys walk.
FOLDERS = {"es": "es", "fr": "fr", "pt": "pt", "ru": "ru", "zh-hant": "zh_Hant", "ja": "ja"}
# %(name)s, %s, %d and the like; {name} of str.format.
PLACEHOLDER = re.compile(r"%\(\w+\)[sdfi]|%[sdfi]|\{\w*\}")
TAG = re.compile(r"<[^>]+>")
SPACES = re.compile(r"\s+")
WORD = re.compile(r"[^\W\d_]+")
NUMBER = r"[\d\s.,\u00a0\u202f%+-]+"
# Punctuation a template puts around a translated string: "Version:", "(required)", "· Log in".
AROUND = " :;,·•›‹»«|*()[]—–-"
# At least this many letters outside placeholders, or the msgid says too little to judge.
MIN_LETTERS = 3

# Walks the page once; returns [text, where] pairs, where is a short CSS path for the message.
COLLECT = """
() => {
  // #lang-select names each language in that language: "English" is a name there.
  const SKIP = "script,style,noscript,template,code,pre,kbd,samp,svg,math,[translate=no],"
    + "#lang-select";
  const pageLang = (document.documentElement.lang || "").toLowerCase();
  const out = [];
  const where = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
    + (el.dataset && el.dataset.testid ? "[data-testid=" + el.dataset.testid + "]" : "");
  const foreign = (el) => {
    const marked = el.closest("[lang]");
    return marked && marked !== document.documentElement
      && marked.lang.toLowerCase() !== pageLang;
  };
  const shown = (el) => el.checkVisibility({checkVisibilityCSS: true, visibilityProperty: true});
  const skipped = (el) => el.closest(SKIP) || foreign(el);
  out.push([document.title, "title"]);
  for (const el of document.body.querySelectorAll("*")) {
    if (skipped(el)) continue;
    if (el.tagName === "SELECT") {
      if (shown(el)) for (const o of el.options) out.push([o.text, where(el) + " option"]);
      continue;
    }
    if (!shown(el)) continue;
    for (const name of ["title", "placeholder", "aria-label", "alt"]) {
      const value = el.getAttribute(name);
      if (value) out.push([value, where(el) + "@" + name]);
    }
    if (el.tagName === "INPUT" && ["submit", "button", "reset"].includes(el.type)) {
      out.push([el.value, where(el) + "@value"]);
    }
    let own = false;
    for (const node of el.childNodes) {
      if (node.nodeType === Node.TEXT_NODE && node.data.trim()) {
        out.push([node.data, where(el)]);
        own = true;
      }
    }
    // The whole text of an element with text of its own: a blocktranslate with inline markup.
    if (own && el.children.length) {
      const text = el.innerText;
      if (text && text.length <= 600) out.push([text, where(el)]);
    }
  }
  return out;
}
"""


def normalise(text: str) -> str:
    """One line, single spaces, no non-breaking or zero-width ones."""
    return SPACES.sub(" ", text.replace("\u200b", "")).strip()


def _plain(msgid: str) -> str:
    """The msgid as the browser shows it: no tags, entities decoded, spaces normalised."""
    return normalise(html.unescape(TAG.sub("", msgid)).replace("%%", "%"))


def _letters(text: str) -> int:
    return sum(ch.isalpha() for ch in PLACEHOLDER.sub("", text))


def _regex(plain: str) -> str:
    """A placeholder stands for any text, unless the msgid has a single word besides: then
    only for a number ("%(n)s records"), or "Nouveau mapping" would match "%(x)s mapping"."""
    parts = PLACEHOLDER.split(plain)
    words = WORD.findall(" ".join(parts))
    wildcard = ".+?" if len(words) > 1 else NUMBER
    return wildcard.join(re.escape(part) for part in parts)


@dataclass(frozen=True)
class Catalogue:
    """The English strings that one language translates."""

    exact: frozenset[str]
    # Msgids with placeholders, filed under their longest word: a text is tried only against
    # the patterns of the words it holds.
    patterns: dict[str, tuple[re.Pattern[str], ...]]

    def is_english(self, text: str) -> bool:
        if text in self.exact:
            return True
        tried = (self.patterns.get(word, ()) for word in set(WORD.findall(text)))
        return any(pattern.fullmatch(text) for group in tried for pattern in group)


def _entry_texts(entry: polib.POEntry, translated: set[str]) -> list[str]:
    """The msgid (and plural) unless the language keeps the same text."""
    ids = [entry.msgid] + ([entry.msgid_plural] if entry.msgid_plural else [])
    return [text for text in ids if text not in translated]


def _kept(entry: polib.POEntry) -> list[str]:
    """The entry's English texts that its translation writes as they are."""
    forms = set(entry.msgstr_plural.values()) if entry.msgid_plural else {entry.msgstr}
    return [text for text in (entry.msgid, entry.msgid_plural) if text and text in forms]


@cache
def catalogue(language: str) -> Catalogue:
    """The msgids of the Spanish catalogue (all catalogues share them) that ``language``
    renders differently; compiled once per language."""
    own = polib.pofile(str(LOCALE / FOLDERS[language] / "LC_MESSAGES" / "django.po"))
    # Entries the language writes exactly as English (OK, EML, DOI...) are no finding.
    same = {text for entry in own for text in _kept(entry)}
    exact: set[str] = set()
    patterns: dict[str, set[str]] = {}
    for entry in polib.pofile(str(LOCALE / "es" / "LC_MESSAGES" / "django.po")):
        if entry.obsolete:
            continue
        for msgid in _entry_texts(entry, same):
            plain = _plain(msgid)
            if _letters(plain) < MIN_LETTERS:
                continue
            if PLACEHOLDER.search(plain):
                key = max(WORD.findall(PLACEHOLDER.sub(" ", plain)), key=len)
                patterns.setdefault(key, set()).add(_regex(plain))
            else:
                exact.add(plain)
    compiled = {key: tuple(map(re.compile, sorted(group))) for key, group in patterns.items()}
    return Catalogue(frozenset(exact), compiled)


def _candidates(text: str) -> set[str]:
    text = normalise(text)
    return {text, text.strip(AROUND)} - {""}


def untranslated(page, language: str, names: frozenset[str] = frozenset()) -> list[str]:
    """The English interface strings on ``page``, each as 'text  (where)', in page order;
    ``names`` (term labels, vocabulary concepts...) are never findings."""
    found: list[str] = []
    seen: set[str] = set(names)
    english = catalogue(language)
    for text, where in page.evaluate(COLLECT):
        for candidate in _candidates(text or ""):
            if candidate not in seen and english.is_english(candidate):
                seen.add(candidate)
                found.append("%r  (%s)" % (candidate, where))
    return found
