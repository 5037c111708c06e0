"""Traditional Chinese numbers grouped by thousands with a comma (1,234,567), as Taiwan and
Hong Kong write them; Django's own module sets no separator, so counts came out ungrouped.
Dates keep Django's formats (2026年12月6日)."""

THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
