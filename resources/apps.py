from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResourcesConfig(AppConfig):
    """A resource's life: sources, mappings, checks, publication, versions, public endpoints."""

    name = "resources"
    verbose_name = _("Resources")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from catalogue.services.install import mappings_migrator_register
        from catalogue.services.vocabularies import vocabulary_impact_register
        from core.jobs import finished_listener_register
        from core.permissions import target_rule_register
        from core.services.tmp import tmp_owner_register
        from resources.jobs import importing, publication, sources  # noqa: F401  (job kinds)
        from resources.permissions import may_manage_resource
        from resources.selectors import staged_uploads_in_use
        from resources.services.mappings import mappings_migrate
        from resources.services.publication import PUBLISH
        from resources.services.publication.notify import publication_finished
        from resources.services.publication.workdir import WORK_PREFIX, work_folder_in_use
        from resources.services.vocabulary_impact import mappings_vocabulary_impact

        # Its managers hear of each publication (manual or automatic) by e-mail.
        finished_listener_register([PUBLISH], publication_finished)
        # Managers of a resource follow and cancel the jobs about it.
        target_rule_register("resources.Resource", may_manage_resource)
        # Updating an extension carries the mappings to it over.
        mappings_migrator_register(mappings_migrate)
        # A vocabulary update lists the mappings whose values it affects.
        vocabulary_impact_register(mappings_vocabulary_impact)
        # The temporary-file sweep keeps what a job still needs, and removes the work folder
        # of a publication as soon as its job is not running (a killed worker left it).
        tmp_owner_register("stage-", in_use=staged_uploads_in_use)
        tmp_owner_register(WORK_PREFIX, in_use=work_folder_in_use, max_age_hours=0)
