from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublisherConfig(AppConfig):
    """The installation side: users and roles, organisations, settings, GBIF registration,
    and the API root."""

    name = "publisher"
    verbose_name = _("Installation")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The Celery app, configured from the settings, before any task is sent.
        from publisher import celery  # noqa: F401
        from publisher.checks import warn_if_data_dir_exposed
        from publisher.jobs import dois, registration, selfcheck  # noqa: F401  (job kinds)
        from publisher.jobs.notifications import listeners_register

        # Publishers hear of registration and DOI jobs that failed.
        listeners_register()

        warn_if_data_dir_exposed()
