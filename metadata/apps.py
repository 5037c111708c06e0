from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MetadataConfig(AppConfig):
    """EML documents: model, editor, import/export, validation."""

    name = "metadata"
    verbose_name = _("Metadata")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from metadata import jobs  # noqa: F401  (registers the job kinds)
