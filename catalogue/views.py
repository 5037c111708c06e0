"""Catalogue pages: extensions and vocabularies for everyone, installing them for admins."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from catalogue.forms import (
    BuiltinInstallForm,
    ExtensionUploadForm,
    ExtensionUrlForm,
    ExtraCoresForm,
)
from catalogue.jobs import (
    extension_install_start,
    extension_update_start,
    extensions_check_start,
    vocabulary_update_start,
)
from catalogue.models import Extension, Origin, RegistryListing, Vocabulary
from catalogue.selectors import extensions_list, vocabularies_list, vocabulary_links
from catalogue.services.install import (
    extension_install_builtin,
    extension_install_from_bytes,
    extension_missing_vocabularies,
    extension_remove,
    extension_set_extra_cores,
)
from catalogue.services.sync import LISTING, extensions_available
from catalogue.services.vocabularies import VOCABULARY_LISTING, vocabulary_update_preview
from catalogue.terms import term_examples, term_texts, ui_languages
from core.errors import UserError
from core.views.decorators import admin_required

MAX_QUERY = 100


# --- presentation helpers -------------------------------------------------------------------


def _http(url: str) -> str:
    """``url`` if it may be a link (http or https), else "": definitions come from outside."""
    return url if url.lower().startswith(("http://", "https://")) else ""


def _query(request) -> str:
    return request.GET.get("q", "").strip()[:MAX_QUERY]


def _matches(haystack: str, query: str) -> bool:
    return not query or query.lower() in haystack


def _term(prop, langs: list[str], vocabularies: dict) -> dict:
    """What the detail page shows of one term, in the UI language where available."""
    term = {
        "prop": prop,
        **term_texts(prop, langs),
        "anchor": "t-" + prop.name,
        "examples": term_examples(prop.examples),
        "vocabulary": vocabularies.get(prop.thesaurus),
        "thesaurus_href": _http(prop.thesaurus),
    }
    searched = (
        prop.name,
        prop.qual_name,
        prop.label,
        prop.description,
        term["label"],
        term["description"],
    )
    term["search"] = " ".join(searched).lower()
    return term


def _groups(terms: list[dict]) -> list[dict]:
    """Terms by group, groups in the order the definition first uses them."""
    groups: dict[str, list[dict]] = {}
    for term in terms:
        groups.setdefault(term["prop"].group, []).append(term)
    return [
        {
            "name": name,
            "slug": "group-" + (slugify(name, allow_unicode=True) or str(i)),
            "terms": items,
        }
        for i, (name, items) in enumerate(groups.items())
    ]


def _concept(concept, langs: list[str]) -> dict:
    """What the vocabulary page shows of one concept."""
    lang = next((lang for lang in langs if concept.labels.get(lang)), "")
    label = concept.labels[lang] if lang else concept.label("en")
    alternatives = sorted((k, ", ".join(v)) for k, v in concept.alternatives.items() if v)
    searched = [concept.identifier, *concept.labels.values(), *(a for _k, a in alternatives)]
    return {
        "concept": concept,
        "label": label,
        "lang": lang or "en",
        "labels": sorted(concept.labels.items()),
        "alternatives": alternatives,
        "uri_href": _http(concept.uri),
        "search": " ".join(searched).lower(),
    }


# --- public pages ---------------------------------------------------------------------------


def extension_list(request):
    """Installed cores and extensions with their term counts."""
    extensions = list(extensions_list())
    context = {
        "cores": [e for e in extensions if e.is_core],
        "extensions": [e for e in extensions if not e.is_core],
    }
    return render(request, "catalogue/extension_list.html", context)


def extension_detail(request, pk):
    """Every term of an extension by group, in the UI language; ``?q=`` narrows the terms."""
    extension = get_object_or_404(extensions_list(), pk=pk)
    properties = list(extension.properties.all())
    vocabularies = vocabulary_links({p.thesaurus for p in properties if p.thesaurus})
    langs, query = ui_languages(), _query(request)
    terms = [_term(p, langs, vocabularies) for p in properties]
    shown = [t for t in terms if _matches(t["search"], query)]
    context = {
        "extension": extension,
        "groups": _groups(shown),
        "q": query,
        "total": len(terms),
        "shown": len(shown),
        "relation_href": _http(extension.link),
        "source_href": _http(extension.source_url),
    }
    return render(request, "catalogue/extension_detail.html", context)


def vocabulary_list(request):
    return render(request, "catalogue/vocabulary_list.html", {"vocabularies": vocabularies_list()})


def vocabulary_detail(request, pk):
    """A vocabulary's concepts: labels in every language, synonyms; ``?q=`` narrows them."""
    vocabulary = get_object_or_404(vocabularies_list(), pk=pk)
    langs, query = ui_languages(), _query(request)
    concepts = [_concept(c, langs) for c in vocabulary.concepts.all()]
    shown = [c for c in concepts if _matches(c["search"], query)]
    context = {
        "vocabulary": vocabulary,
        "concepts": shown,
        "q": query,
        "total": len(concepts),
        "ui_lang": langs[0],
        "source_href": _http(vocabulary.source_url),
    }
    return render(request, "catalogue/vocabulary_detail.html", context)


# --- admin pages ----------------------------------------------------------------------------


def _render_admin(request, *, upload_form=None, url_form=None):
    context = {
        "extensions": extensions_list(),
        "available": extensions_available(),
        "listing": RegistryListing.objects.filter(kind=LISTING).first(),
        "vocabulary_listing": RegistryListing.objects.filter(kind=VOCABULARY_LISTING).first(),
        "vocabulary_updates": [v for v in vocabularies_list() if v.update_available],
        "upload_form": upload_form or ExtensionUploadForm(),
        "url_form": url_form or ExtensionUrlForm(),
    }
    return render(request, "catalogue/admin_list.html", context)


@admin_required
def extension_admin(request):
    """Installed and available extensions, and the forms to install more."""
    return _render_admin(request)


@admin_required
def extension_manage(request, pk):
    """One installed extension: update notice, last update report, extra cores, removal."""
    extension = get_object_or_404(extensions_list(), pk=pk)
    context = {
        "extension": extension,
        "report": extension.last_update_report,
        "cores_form": ExtraCoresForm(
            initial={"cores": extension.extra_cores}, row_type=extension.row_type
        ),
        "missing_vocabularies": extension_missing_vocabularies(extension),
        "source_href": _http(extension.source_url),
        "latest_href": _http(extension.latest_url),
    }
    return render(request, "catalogue/admin_extension.html", context)


def _installed_message(request, result) -> None:
    extension, report = result.extension, result.report
    values = {
        "title": extension.title,
        "issued": extension.issued or "—",
        "renamed": len(report.get("renamed", [])),
        "unmapped": len(report.get("unmapped", [])),
    }
    if result.created:
        text = _("%(title)s was installed (issued %(issued)s).")
    elif values["renamed"] or values["unmapped"]:
        text = _(
            "%(title)s was updated to the version issued %(issued)s: %(renamed)s mapped "
            "terms re-pointed, %(unmapped)s unmapped. Its page shows the update report."
        )
    else:
        text = _("%(title)s was updated to the version issued %(issued)s.")
    messages.success(request, text % values)


def _install_from_file(request):
    form = ExtensionUploadForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = extension_install_from_bytes(
                data=upload.read(), source=upload.name, origin=Origin.FILE, by=request.user
            )
        except UserError as exc:
            form.add_error("file", exc.localized_message())
        else:
            _installed_message(request, result)
            return redirect("extension-admin")
    return _render_admin(request, upload_form=form)


def _install_from_url(request):
    form = ExtensionUrlForm(request.POST)
    if not form.is_valid():
        return _render_admin(request, url_form=form)
    job = extension_install_start(url=form.cleaned_data["url"], user=request.user)
    return redirect("job-detail", job_id=job.pk)


def _install_builtin(request):
    form = BuiltinInstallForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("This built-in definition does not exist."))
        return redirect("extension-admin")
    try:
        result = extension_install_builtin(key=form.cleaned_data["builtin"], by=request.user)
    except UserError as exc:
        messages.error(request, exc.localized_message())
    else:
        _installed_message(request, result)
    return redirect("extension-admin")


@require_POST
@admin_required
def extension_install_view(request):
    """Install from an uploaded file (now), a URL (background job) or a built-in definition."""
    if "url" in request.POST:
        return _install_from_url(request)
    if "builtin" in request.POST:
        return _install_builtin(request)
    return _install_from_file(request)


@require_POST
@admin_required
def extension_update_view(request, pk):
    """Queue the update to the newer version the last registry check found."""
    extension = get_object_or_404(Extension, pk=pk)
    if not extension.update_available:
        return _no_update_known(request, extension, "extension-manage")
    job = extension_update_start(extension=extension, user=request.user)
    return redirect("job-detail", job_id=job.pk)


def _no_update_known(request, definition: Extension | Vocabulary, page: str):
    """Back to the definition's ``page``, saying there is nothing to update to."""
    messages.warning(
        request,
        _("No newer version of %(title)s is known; check for updates first.")
        % {"title": definition.title},
    )
    return redirect(page, pk=definition.pk)


@require_POST
@admin_required
def extension_remove_view(request, pk):
    """Remove an extension; the service refuses while a mapping uses it."""
    extension = get_object_or_404(Extension, pk=pk)
    try:
        extension_remove(extension=extension)
    except UserError as exc:
        messages.error(request, exc.localized_message())
        return redirect("extension-manage", pk=pk)
    messages.success(request, _("%(title)s was removed.") % {"title": extension.title})
    return redirect("extension-admin")


@require_POST
@admin_required
def extension_cores_view(request, pk):
    """Save the extra cores under which the extension is offered."""
    extension = get_object_or_404(Extension, pk=pk)
    form = ExtraCoresForm(request.POST, row_type=extension.row_type)
    if not form.is_valid():
        messages.error(request, _("Choose cores from the list."))
        return redirect("extension-manage", pk=pk)
    try:
        extension_set_extra_cores(extension=extension, cores=form.cleaned_data["cores"])
    except UserError as exc:
        messages.error(request, exc.localized_message())
    else:
        messages.success(
            request, _("The cores of %(title)s were saved.") % {"title": extension.title}
        )
    return redirect("extension-manage", pk=pk)


@require_POST
@admin_required
def extensions_check_view(request):
    """Ask the registry which extensions and vocabularies have newer versions (a background
    job)."""
    job = extensions_check_start(user=request.user)
    return redirect("job-detail", job_id=job.pk)


@admin_required
def vocabulary_manage(request, pk):
    """One installed vocabulary: the newer version the check found and which mappings
    updating to it affects, the update button, and the last update report."""
    vocabulary = get_object_or_404(vocabularies_list(), pk=pk)
    context = {
        "vocabulary": vocabulary,
        "preview": vocabulary_update_preview(vocabulary) if vocabulary.update_available else None,
        "report": vocabulary.last_update_report,
        "source_href": _http(vocabulary.source_url),
        "latest_href": _http(vocabulary.latest_url),
    }
    return render(request, "catalogue/admin_vocabulary.html", context)


@require_POST
@admin_required
def vocabulary_update_view(request, pk):
    """Queue the update to the newer version the last registry check found."""
    vocabulary = get_object_or_404(Vocabulary, pk=pk)
    if not vocabulary.update_available:
        return _no_update_known(request, vocabulary, "vocabulary-manage")
    job = vocabulary_update_start(vocabulary=vocabulary, user=request.user)
    return redirect("job-detail", job_id=job.pk)
