"""Sensitive species: the policy a resource publishes under, and what it does to the rows.

Django-free. ``policy`` holds what a publisher chose (taxa, actions, options) as plain data
with a JSON form; ``names`` matches scientific names; ``grid`` generalises coordinates;
``edits`` changes one record's values and writes what was done in the record; ``protect``
applies a policy to the archive builder's files before any row is written.
"""

DJANGO_FREE = True
