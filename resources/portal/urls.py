"""The IPT's public addresses, at the root, each with and without ``.do``; the landing pages;
the visibility card's form."""

from django.urls import path, re_path
from django.views.generic import RedirectView

from .views import feeds, files, pages, visibility


def ipt(name: str, view, url_name: str):
    """``<name>`` and ``<name>.do`` (Struts answered both)."""
    return re_path(r"^%s(?:\.do)?$" % name, view, name=url_name)


urlpatterns = [
    ipt("archive", files.archive, "portal-archive"),
    ipt("datapackage", files.datapackage, "portal-datapackage"),
    ipt("eml", files.eml, "portal-eml"),
    ipt("metadata", files.eml, "portal-metadata"),
    ipt("rtf", files.rtf, "portal-rtf"),
    ipt("logo", files.logo, "portal-logo"),
    ipt("publicationlog", files.publication_log, "portal-publication-log"),
    ipt("rss", feeds.rss, "portal-rss"),
    ipt("dcat", feeds.dcat, "portal-dcat"),
    ipt("inventory/dataset", feeds.inventory, "portal-inventory"),
    ipt("inventory/v2/dataset", feeds.inventory_v2_view, "portal-inventory-v2"),
    ipt("resource", pages.resource_page, "portal-resource"),
    ipt("resource/preview", pages.resource_preview, "portal-preview"),
    path("resource/citation", pages.citation, name="portal-citation"),
    path("sitemap.xml", feeds.sitemap, name="portal-sitemap"),
    re_path(r"^home\.do$", RedirectView.as_view(pattern_name="home", permanent=True)),
    re_path(r"^about\.do$", RedirectView.as_view(pattern_name="about", permanent=True)),
    path(
        "manage/resources/<str:shortname>/visibility/",
        visibility.visibility_update,
        name="resource-visibility",
    ),
]
