from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MetadataConfig(AppConfig):
    """EML documents: model, editor, import/export, validation."""

    name = "metadata"
    verbose_name = _("Metadata")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from core.services.tmp import tmp_owner_register
        from metadata import jobs  # (registers the job kinds)

        # The temporary-file sweep keeps a staged EML document while its import job needs it.
        tmp_owner_register(jobs.IMPORT_PREFIX, in_use=jobs.import_folder_in_use)
