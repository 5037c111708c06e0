"""Django-free builders of the public documents: RSS 2.0 with the IPT's ``ipt:`` elements,
DCAT Turtle, the IPT inventory JSON (v1, v2), sitemap.xml, schema.org JSON-LD, an RTF data
paper, and a summary of an archive (locations, records per year).

They take plain dataclasses and return text or bytes; escaping is theirs, so that whatever
a title or keyword holds, the output stays well-formed.
"""

DJANGO_FREE = True
