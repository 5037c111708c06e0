"""Job kinds of the resources app (registered when the app is ready)."""

from __future__ import annotations

from catalogue.models import Extension
from catalogue.services.install import extension_install_from_url
from catalogue.services.sync import extension_update, extensions_check_updates
from core.jobs import JobContext, register

EXTENSION_INSTALL = "extension-install"
EXTENSION_UPDATE = "extension-update"
EXTENSIONS_CHECK = "extensions-check"


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
    ctx.phase("downloading")
    ctx.log("fetching " + ctx.params["url"])
    result = extension_install_from_url(url=ctx.params["url"], by=ctx.job.created_by)
    ctx.phase("installed")
    return _result(ctx, result)


@register(EXTENSION_UPDATE, label="Update extension")
def run_extension_update(ctx: JobContext) -> dict:
    """Install the newer registry version of extension ``params.extension``."""
    ctx.phase("downloading")
    extension = Extension.objects.get(pk=ctx.params["extension"])
    result = extension_update(extension=extension, by=ctx.job.created_by)
    ctx.phase("migrated")
    return _result(ctx, result)


@register(EXTENSIONS_CHECK, label="Check for extension updates")
def run_extensions_check(ctx: JobContext) -> dict:
    """Ask the registry which installed extensions have a newer version."""
    ctx.phase("registry")
    outcome = extensions_check_updates()
    ctx.log("%(listed)d listed, %(updates)d with a newer version" % outcome)
    return outcome
