from django.urls import path, re_path

from . import access_views as av
from . import derive_views as dv
from . import import_views as iv
from . import mapping_views as mv
from . import publication_views as pv
from . import resource_views as rv
from . import sensitivity_views as sv
from . import validation_views as vv

urlpatterns = [
    path(
        "resources/<str:shortname>/sensitivity/",
        sv.SensitivityView.as_view(),
        name="api-sensitivity",
    ),
    path(
        "resources/<str:shortname>/mappings/", mv.MappingListView.as_view(), name="api-mapping-list"
    ),
    path(
        "resources/<str:shortname>/preview",
        mv.ArchivePreviewView.as_view(),
        name="api-archive-preview",
    ),
    path(
        "resources/<str:shortname>/mappings/automap",
        mv.MappingAutomapView.as_view(),
        name="api-mapping-automap",
    ),
    path(
        "resources/<str:shortname>/mappings/<int:pk>/",
        mv.MappingDetailView.as_view(),
        name="api-mapping-detail",
    ),
    path(
        "resources/<str:shortname>/mappings/<int:pk>/preview",
        mv.MappingPreviewView.as_view(),
        name="api-mapping-preview",
    ),
    path(
        "resources/<str:shortname>/mappings/<int:pk>/checks",
        mv.MappingChecksView.as_view(),
        name="api-mapping-checks",
    ),
    path(
        "resources/<str:shortname>/mappings/<int:pk>/translations",
        mv.TranslationView.as_view(),
        name="api-mapping-translations",
    ),
    path("mapping-templates/", mv.TemplateListView.as_view(), name="api-template-list"),
    path(
        "mapping-templates/<int:pk>/apply",
        mv.TemplateApplyView.as_view(),
        name="api-template-apply",
    ),
    path("resources/", rv.ResourceListView.as_view(), name="api-resource-list"),
    path("resources/import", iv.ResourceImportView.as_view(), name="api-resource-import"),
    path(
        "resources/<str:shortname>/export",
        iv.ResourceExportView.as_view(),
        name="api-resource-export",
    ),
    path("resources/<str:shortname>/", rv.ResourceDetailView.as_view(), name="api-resource-detail"),
    path(
        "resources/<str:shortname>/visibility",
        av.VisibilityView.as_view(),
        name="api-resource-visibility",
    ),
    path(
        "resources/<str:shortname>/publish-public",
        av.PublishPublicView.as_view(),
        name="api-publish-public",
    ),
    path(
        "resources/<str:shortname>/withdraw",
        av.WithdrawView.as_view(),
        name="api-resource-withdraw",
    ),
    path(
        "resources/<str:shortname>/restore", av.RestoreView.as_view(), name="api-resource-restore"
    ),
    path(
        "resources/<str:shortname>/managers/", av.ManagerListView.as_view(), name="api-manager-list"
    ),
    path(
        "resources/<str:shortname>/managers/<str:email>/",
        av.ManagerDetailView.as_view(),
        name="api-manager-detail",
    ),
    path("resources/<str:shortname>/sources/", rv.SourceListView.as_view(), name="api-source-list"),
    path(
        "resources/<str:shortname>/sources/<str:name>/",
        rv.SourceDetailView.as_view(),
        name="api-source-detail",
    ),
    path(
        "resources/<str:shortname>/sources/<str:name>/derive/",
        dv.DeriveView.as_view(),
        name="api-source-derive",
    ),
    re_path(
        r"^resources/(?P<shortname>[^/]+)/sources/(?P<name>[^/]+)/preview/?$",
        rv.SourcePreviewView.as_view(),
        name="api-source-preview",
    ),
    path("resources/<str:shortname>/publish", pv.PublishView.as_view(), name="api-publish"),
    path("resources/<str:shortname>/validate", vv.ValidateView.as_view(), name="api-validate"),
    path(
        "resources/<str:shortname>/validation",
        vv.ValidationDetailView.as_view(),
        name="api-validation",
    ),
    path(
        "resources/<str:shortname>/validation/flagged",
        vv.ValidationFlaggedView.as_view(),
        name="api-validation-flagged",
    ),
    path(
        "resources/<str:shortname>/publication/settings",
        pv.PublicationSettingsView.as_view(),
        name="api-publication-settings",
    ),
    path(
        "resources/<str:shortname>/publication/<uuid:job_id>/flagged",
        pv.AttemptFlaggedView.as_view(),
        name="api-attempt-flagged",
    ),
    path(
        "resources/<str:shortname>/versions/", pv.VersionListView.as_view(), name="api-version-list"
    ),
    path(
        "resources/<str:shortname>/versions/<str:label>/",
        pv.VersionDetailView.as_view(),
        name="api-version-detail",
    ),
    path(
        "resources/<str:shortname>/versions/<str:label>/flagged",
        pv.VersionFlaggedView.as_view(),
        name="api-version-flagged",
    ),
    path(
        "resources/<str:shortname>/versions/<str:label>/archive",
        pv.VersionArchiveView.as_view(),
        name="api-version-archive",
    ),
    path(
        "resources/<str:shortname>/versions/<str:label>/eml",
        pv.VersionEmlView.as_view(),
        name="api-version-eml",
    ),
]
