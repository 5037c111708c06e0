"""Job kinds of the catalogue app (registered when the app is ready)."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.base_user import AbstractBaseUser

from catalogue.models import Extension, Vocabulary
from catalogue.services.install import extension_install_from_url
from catalogue.services.sync import extension_update, extensions_check_updates
from catalogue.services.vocabularies import vocabularies_check_updates, vocabulary_update
from core.jobs import JobContext, JobParams, register
from core.models import Job
from core.services.jobs import job_create

EXTENSION_INSTALL = "extension-install"
EXTENSION_UPDATE = "extension-update"
EXTENSIONS_CHECK = "extensions-check"
VOCABULARY_UPDATE = "vocabulary-update"


@dataclass(frozen=True)
class ExtensionInstallParams(JobParams):
    """Where to download the extension definition from."""

    url: str


@dataclass(frozen=True)
class ExtensionUpdateParams(JobParams):
    """The installed extension to update to its newer registry version."""

    extension: int


@dataclass(frozen=True)
class VocabularyUpdateParams(JobParams):
    """The installed vocabulary to update to its newer registry version."""

    vocabulary: int


@dataclass(frozen=True)
class ExtensionsCheckParams(JobParams):
    """The registry check takes no parameters."""


def extension_install_start(*, url: str, user: AbstractBaseUser | None) -> Job:
    """Queue the download and installation of the extension definition at ``url``."""
    params = ExtensionInstallParams(url=url)
    return job_create(kind=EXTENSION_INSTALL, created_by=user, params=params.to_json())


def extension_update_start(*, extension: Extension, user: AbstractBaseUser | None) -> Job:
    """Queue the update of ``extension`` to the newer version the last registry check
    found; mappings are migrated to it."""
    params = ExtensionUpdateParams(extension=extension.pk)
    return job_create(
        kind=EXTENSION_UPDATE, created_by=user, target=extension, params=params.to_json()
    )


def vocabulary_update_start(*, vocabulary: Vocabulary, user: AbstractBaseUser | None) -> Job:
    """Queue the update of ``vocabulary`` to the newer version the last registry check
    found; the result lists the mappings it affects."""
    params = VocabularyUpdateParams(vocabulary=vocabulary.pk)
    return job_create(
        kind=VOCABULARY_UPDATE, created_by=user, target=vocabulary, params=params.to_json()
    )


def extensions_check_start(*, user: AbstractBaseUser | None) -> Job:
    """Queue a check of the registry for newer versions of the installed extensions and
    vocabularies."""
    return job_create(
        kind=EXTENSIONS_CHECK, created_by=user, params=ExtensionsCheckParams().to_json()
    )


def _result(ctx: JobContext, result) -> dict:
    extension = result.extension
    ctx.log(
        "%s %s (issued %s)"
        % ("installed" if result.created else "updated", extension.title, extension.issued)
    )
    for entry in result.report.get("unmapped", []):
        ctx.log("unmapped %(term)s in %(resource)s" % entry)
    return {
        "extension": extension.pk,
        "row_type": extension.row_type,
        "created": result.created,
        "report": result.report,
    }


@register(EXTENSION_INSTALL, label="Install extension")
def run_extension_install(ctx: JobContext) -> dict:
    """Download an extension definition from ``params.url`` and install it."""
    url = ExtensionInstallParams.from_json(ctx.params).url
    ctx.phase("downloading")
    ctx.log("fetching " + url)
    result = extension_install_from_url(url=url, by=ctx.job.created_by)
    ctx.phase("installed")
    return _result(ctx, result)


@register(EXTENSION_UPDATE, label="Update extension")
def run_extension_update(ctx: JobContext) -> dict:
    """Install the newer registry version of extension ``params.extension``."""
    ctx.phase("downloading")
    extension = Extension.objects.get(pk=ExtensionUpdateParams.from_json(ctx.params).extension)
    result = extension_update(extension=extension, by=ctx.job.created_by)
    ctx.phase("migrated")
    return _result(ctx, result)


@register(VOCABULARY_UPDATE, label="Update vocabulary")
def run_vocabulary_update(ctx: JobContext) -> dict:
    """Install the newer registry version of vocabulary ``params.vocabulary``."""
    ctx.phase("downloading")
    vocabulary = Vocabulary.objects.get(pk=VocabularyUpdateParams.from_json(ctx.params).vocabulary)
    report = vocabulary_update(vocabulary=vocabulary)
    ctx.phase("updated")
    ctx.log("updated %s to the version issued %s" % (vocabulary.uri, report["to_issued"]))
    for entry in report["mappings"]:
        ctx.log("affects %(term)s in %(resource)s" % entry)
    return {"vocabulary": vocabulary.pk, "uri": vocabulary.uri, "report": report}


@register(EXTENSIONS_CHECK, label="Check for extension updates")
def run_extensions_check(ctx: JobContext) -> dict:
    """Ask the registry which installed extensions and vocabularies have a newer version."""
    ctx.phase("registry")
    outcome: dict = dict(extensions_check_updates())
    ctx.log("%(listed)d extensions listed, %(updates)d with a newer version" % outcome)
    outcome["vocabularies"] = vocabularies_check_updates()
    ctx.log(
        "%(listed)d vocabularies listed, %(updates)d with a newer version" % outcome["vocabularies"]
    )
    return outcome
