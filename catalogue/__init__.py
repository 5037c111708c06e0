"""The installation's extensions and vocabularies: install, update, offer under cores.

Installation-wide and run by admins. ``catalogue.definitions`` is the Django-free library that
parses the GBIF formats; the models, services, jobs, pages, API and command sit around it.
Only ``ExtensionMapping.extension`` (in ``resources``) points into this app.
"""
