from django.urls import path, re_path

from . import mapping_views as mv
from . import resource_views as rv
from . import views

urlpatterns = [
    path("resources/<str:shortname>/mappings/", mv.MappingListView.as_view(),
         name="api-mapping-list"),
    path("resources/<str:shortname>/preview", mv.ArchivePreviewView.as_view(),
         name="api-archive-preview"),
    path("resources/<str:shortname>/mappings/automap", mv.MappingAutomapView.as_view(),
         name="api-mapping-automap"),
    path("resources/<str:shortname>/mappings/<int:pk>/", mv.MappingDetailView.as_view(),
         name="api-mapping-detail"),
    path("resources/<str:shortname>/mappings/<int:pk>/preview", mv.MappingPreviewView.as_view(),
         name="api-mapping-preview"),
    path("resources/<str:shortname>/mappings/<int:pk>/checks", mv.MappingChecksView.as_view(),
         name="api-mapping-checks"),
    path("resources/<str:shortname>/mappings/<int:pk>/translations",
         mv.TranslationView.as_view(), name="api-mapping-translations"),
    path("mapping-templates/", mv.TemplateListView.as_view(), name="api-template-list"),
    path("mapping-templates/<int:pk>/apply", mv.TemplateApplyView.as_view(),
         name="api-template-apply"),
    path("resources/", rv.ResourceListView.as_view(), name="api-resource-list"),
    path("resources/<str:shortname>/", rv.ResourceDetailView.as_view(),
         name="api-resource-detail"),
    path("resources/<str:shortname>/sources/", rv.SourceListView.as_view(),
         name="api-source-list"),
    path("resources/<str:shortname>/sources/<str:name>/", rv.SourceDetailView.as_view(),
         name="api-source-detail"),
    re_path(r"^resources/(?P<shortname>[^/]+)/sources/(?P<name>[^/]+)/preview/?$",
            rv.SourcePreviewView.as_view(), name="api-source-preview"),
    path("extensions/", views.ExtensionListView.as_view(), name="api-extension-list"),
    path("extensions/<int:pk>/", views.ExtensionDetailView.as_view(),
         name="api-extension-detail"),
    path("extensions/<int:pk>/update/", views.ExtensionUpdateView.as_view(),
         name="api-extension-update"),
    path("vocabularies/", views.VocabularyListView.as_view(), name="api-vocabulary-list"),
    path("vocabularies/<int:pk>/", views.VocabularyDetailView.as_view(),
         name="api-vocabulary-detail"),
]
