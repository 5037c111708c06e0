"""Reading publishers' source data (Django-free): sniffing, streaming rows, analysis.

One streaming row reader per source type (delimited text, spreadsheets, SQL queries) yields
``Row`` objects lazily, in constant memory, each with the line (or sheet row) it came from,
so that later steps can point at the exact place of a problem.
"""

DJANGO_FREE = True
