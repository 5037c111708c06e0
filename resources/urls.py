"""Pages of the resources app (the catalogue pages for now)."""

from django.urls import path

urlpatterns: list = []
