"""Pages of the resources app: one list per topic, joined at the end."""

from django.urls import path

from resources.views import companions as companion_views
from resources.views import derive as derive_views
from resources.views import importing as import_views
from resources.views import mapping_translations as translation_views
from resources.views import mappings as mapping_views
from resources.views import publication as publication_views
from resources.views import republish as republish_views
from resources.views import resources as resource_views
from resources.views import sensitivity as sensitivity_views
from resources.views import sources as source_views
from resources.views import validation as validation_views

_RESOURCE = "manage/resources/<str:shortname>/"
_SOURCE = _RESOURCE + "sources/<str:name>/"
_MAPPING = _RESOURCE + "mappings/<int:pk>/"
_VERSION = _RESOURCE + "versions/<str:label>/"
_ATTEMPT = _RESOURCE + "publication/<uuid:job_id>/"

resource_urls = [
    path("manage/resources/new/", resource_views.resource_new, name="resource-new"),
    path("manage/resources/import/", import_views.resource_import_view, name="resource-import"),
    path(_RESOURCE + "export/", import_views.resource_export_view, name="resource-export"),
    path(_RESOURCE, resource_views.resource_overview, name="resource-overview"),
    path(_RESOURCE + "edit/", resource_views.resource_edit, name="resource-edit"),
    path(_RESOURCE + "delete/", resource_views.resource_delete_view, name="resource-delete"),
    path(_RESOURCE + "managers/", resource_views.resource_managers, name="resource-managers"),
    path(
        _RESOURCE + "sensitivity/", sensitivity_views.sensitivity_edit, name="resource-sensitivity"
    ),
    path(
        _RESOURCE + "sensitivity/delete/",
        sensitivity_views.sensitivity_delete,
        name="resource-sensitivity-delete",
    ),
    path("admin/taxon-lists/", sensitivity_views.taxon_list_list, name="taxon-list-list"),
    path("admin/taxon-lists/new/", sensitivity_views.taxon_list_new, name="taxon-list-new"),
    path("admin/taxon-lists/<int:pk>/", sensitivity_views.taxon_list_edit, name="taxon-list-edit"),
    path(
        "admin/taxon-lists/<int:pk>/delete/",
        sensitivity_views.taxon_list_delete_view,
        name="taxon-list-delete",
    ),
    path(_RESOURCE + "companion/", companion_views.companion_create_view, name="companion-create"),
    path(_RESOURCE + "republish/", republish_views.resource_republish, name="resource-republish"),
    path(_RESOURCE + "readers/", companion_views.companion_readers, name="companion-readers"),
]

source_urls = [
    path(_RESOURCE + "sources/new/upload/", source_views.source_upload, name="source-upload"),
    path(_RESOURCE + "sources/new/url/", source_views.source_url_add, name="source-url-add"),
    path(_RESOURCE + "sources/new/sql/", source_views.source_sql_add, name="source-sql-add"),
    path(_SOURCE, source_views.source_detail, name="source-detail"),
    path(_SOURCE + "analyse/", source_views.source_analyse, name="source-analyse"),
    path(_SOURCE + "replace/sql/", source_views.source_sql_replace, name="source-sql-replace"),
    path(_SOURCE + "dates/", source_views.source_date_format, name="source-date-format"),
    path(_SOURCE + "delete/", source_views.source_delete_view, name="source-delete"),
    path(_SOURCE + "derive/", derive_views.source_derive, name="source-derive"),
]

mapping_urls = [
    path(_RESOURCE + "mappings/new/", mapping_views.mapping_new, name="mapping-new"),
    path(
        _RESOURCE + "mappings/templates/", mapping_views.mapping_templates, name="mapping-templates"
    ),
    path(
        _RESOURCE + "mappings/templates/save/",
        mapping_views.mapping_template_save,
        name="mapping-template-save",
    ),
    path(_MAPPING, mapping_views.mapping_edit, name="mapping-edit"),
    path(_MAPPING + "filters/", mapping_views.mapping_filters, name="mapping-filters"),
    path(_MAPPING + "ids/", mapping_views.mapping_ids, name="mapping-ids"),
    path(
        _MAPPING + "translations/<int:position>/",
        translation_views.mapping_translations,
        name="mapping-translations",
    ),
    path(
        _MAPPING + "translations/<int:position>/apply/",
        translation_views.mapping_translations_apply,
        name="mapping-translations-apply",
    ),
    path(_MAPPING + "preview/", mapping_views.mapping_preview_view, name="mapping-preview"),
    path(_MAPPING + "delete/", mapping_views.mapping_delete_view, name="mapping-delete"),
]

publication_urls = [
    path(_RESOURCE + "publish/", publication_views.publication_start, name="publication-start"),
    path(_RESOURCE + "versions/", publication_views.version_list, name="version-list"),
    path(_VERSION + "report/", publication_views.version_report, name="version-report"),
    path(_VERSION + "summary/", publication_views.version_summary_edit, name="version-summary"),
    path(_VERSION + "delete/", publication_views.version_delete_view, name="version-delete"),
    path(
        _VERSION + "files/<str:kind>/", publication_views.version_download, name="version-download"
    ),
    path(_ATTEMPT + "report/", publication_views.job_report, name="publication-job-report"),
    path(_ATTEMPT + "flagged/", publication_views.job_flagged, name="publication-job-flagged"),
    path(_RESOURCE + "validate/", validation_views.validation_start_view, name="validation-start"),
    path(_RESOURCE + "validation/", validation_views.validation_report, name="validation-report"),
    path(
        _RESOURCE + "validation/flagged/",
        validation_views.validation_flagged,
        name="validation-flagged",
    ),
    path(
        _RESOURCE + "publication/settings/",
        publication_views.publication_settings_view,
        name="publication-settings",
    ),
]

urlpatterns = resource_urls + source_urls + mapping_urls + publication_urls
