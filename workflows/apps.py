from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkflowsConfig(AppConfig):
    """Flows across apps: publication with registration, deletion with deregistration."""

    name = "workflows"
    verbose_name = _("Workflows")

    def ready(self) -> None:
        from workflows import bulk, jobs  # noqa: F401  (job kinds)
