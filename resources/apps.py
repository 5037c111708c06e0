from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _install_builtin_catalogue(sender, using="default", **kwargs):
    from resources.services.catalogue import catalogue_ensure_builtin

    catalogue_ensure_builtin()


class ResourcesConfig(AppConfig):
    """A resource's life: sources, mappings, checks, publication, versions, public endpoints."""

    name = "resources"
    verbose_name = _("Resources")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from resources import (  # noqa: F401  (job kinds)
            jobs,
            jobs_importing,
            jobs_publication,
            jobs_sources,
        )

        # A fresh instance has the built-in catalogue without network (see README).
        post_migrate.connect(
            _install_builtin_catalogue, sender=self, dispatch_uid="resources.builtin_catalogue"
        )
