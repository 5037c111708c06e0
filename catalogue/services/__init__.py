"""Writes on the catalogue: install (``install``), keep in the database (``store``), update
from GBIF's registry (``sync``)."""
