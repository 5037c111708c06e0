from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _

from core.error_codes import registry


class CoreConfig(AppConfig):
    """The foundation: background jobs, errors, permissions and helpers every app uses."""

    name = "core"
    verbose_name = _("Core")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Every app's error codes, so that the API answers each with its status.
        registry.discover(config.name for config in apps.get_app_configs())
        from core import notifications  # noqa: F401  (the notification job kind)
