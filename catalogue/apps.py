from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _install_builtin_catalogue(sender, using="default", **kwargs):
    from catalogue.services.install import catalogue_ensure_builtin, catalogue_refresh_builtin_texts

    catalogue_ensure_builtin()
    catalogue_refresh_builtin_texts()


class CatalogueConfig(AppConfig):
    """Extensions and vocabularies: install, update, offer under cores."""

    name = "catalogue"
    verbose_name = _("Extensions and vocabularies")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from catalogue import jobs  # noqa: F401  (job kinds)

        # A fresh instance has the built-in catalogue without network (see README).
        post_migrate.connect(
            _install_builtin_catalogue, sender=self, dispatch_uid="catalogue.builtin_catalogue"
        )
