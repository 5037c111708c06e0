"""Giving a source a database connection: a source awaiting replacement, or an SQL source
whose connection changes (a password entered again, as after an IPT import; a new server).
A file replaces a source through ``sources_ingest(replace=...)``."""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.crypto import encrypt
from core.errors import UserError
from resources import error_codes as codes
from resources.models import Source, SourceKind
from resources.sources.sql import redact

from .source_positions import placeholder_columns, source_columns_rebind
from .sources import column_changes, source_log, sql_query_check

logger = logging.getLogger(__name__)


def source_replace_sql(*, source: Source, url: str, query: str) -> Source:
    """Give ``source`` a connection and query on a database read here (checked as when an
    SQL source is added). Mappings of a source known only by column position (awaiting
    replacement, or an SQL source imported from the IPT without its password) are re-pointed
    by position; otherwise they keep their column names and those the query lacks are
    flagged. Refused (``source:awaiting``) for a file or URL source."""
    if source.kind not in (SourceKind.AWAITING, SourceKind.SQL):
        raise UserError(
            _(
                "Only a source that reads a database, or awaits replacement, can be given a "
                "database connection."
            ),
            code=codes.SOURCE_AWAITING,
        )
    columns = sql_query_check(url=url, query=query)
    old = source.columns
    by_position = source.kind == SourceKind.AWAITING or (
        bool(old) and old == placeholder_columns(len(old))
    )
    with transaction.atomic():
        was = source.kind
        source.kind, source.sql_query = SourceKind.SQL, query
        source.sql_url_encrypted, source.sql_url_redacted = encrypt(url), redact(url)
        source.analysis, source.analysed_at = {"columns": columns, "row_count": None}, None
        renames = source_columns_rebind(source=source, old=old, new=columns) if by_position else {}
        source.column_changes = column_changes(source, [renames.get(c, c) for c in old])
        source.column_changes["at"] = timezone.now().isoformat()
        what = "replaced by a query on" if was == SourceKind.AWAITING else "connection set to"
        source_log(source, "%s %s" % (what, source.sql_url_redacted))
        source.save()
    logger.info("Source %s given a database connection", source.pk)
    return source
