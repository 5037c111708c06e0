"""Darwin Core Data Package (DwC-DP) tables from the rows the archive builder streams.

Django-free. ``schemas`` reads the DwC-DP profile and table schemas shipped under
``schemas/`` (copies of TDWG's, see ``schemas/PROVENANCE.md``); ``tables`` plans which DwC-DP
table each archive file's rows go to; ``package`` writes the tables beside the archive, in
the same pass, and the ``datapackage.json`` that describes them; ``validate`` checks a package
with frictionless, offline.
"""

DJANGO_FREE = True
