"""The public side of the toolkit: landing pages, the home listing, and the IPT's harvest
endpoints (``archive.do``, ``eml.do``, ``rss.do``, ``inventory/dataset``, ``dcat``...).

``selectors``: what a viewer may see; ``documents``: published EML read back for pages and
feeds; ``http``: conditional and ranged file answers; ``feeds/``: Django-free builders of
the RSS, DCAT, inventory, sitemap, JSON-LD and RTF documents; ``views/``: thin views.
"""
