"""Data quality: the value rules, the declared checks and the engine that runs them.

Django-free. ``values`` answers every value question (dates as GBIF reads them, numbers,
booleans, coordinates, vocabulary membership with suggestions); ``declarations`` holds one
declaration per check (terms, code, severity, the GBIF rule, the predicate, the message);
``rows`` derives the fast per-row loop from the declarations. The mapping pages, the API
``…/checks``, the validation run and the archive builder all call these.
"""

DJANGO_FREE = True
