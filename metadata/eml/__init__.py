"""Django-free EML library: document model, parser, writer and validation (GBIF profile)."""

DJANGO_FREE = True
