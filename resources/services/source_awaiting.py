"""Replacing a source awaiting replacement with a database connection (a file replaces it
through ``sources_ingest(replace=...)``)."""

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

from .source_positions import source_columns_rebind
from .sources import column_changes, source_log, sql_query_check

logger = logging.getLogger(__name__)


def source_replace_sql(*, source: Source, url: str, query: str) -> Source:
    """Give a source awaiting replacement a connection and query on a database read here
    (checked as when an SQL source is added); its mappings are re-pointed by column
    position, and mapped positions the query lacks are flagged. Refused
    (``source:awaiting``) for any other source."""
    if source.kind != SourceKind.AWAITING:
        raise UserError(
            _("Only a source awaiting replacement can be given a database connection here."),
            code=codes.SOURCE_AWAITING,
        )
    columns = sql_query_check(url=url, query=query)
    old = source.columns
    with transaction.atomic():
        source.kind, source.sql_query = SourceKind.SQL, query
        source.sql_url_encrypted, source.sql_url_redacted = encrypt(url), redact(url)
        source.analysis, source.analysed_at = {"columns": columns, "row_count": None}, None
        renames = source_columns_rebind(source=source, old=old, new=columns)
        source.column_changes = column_changes(source, [renames.get(c, c) for c in old])
        source.column_changes["at"] = timezone.now().isoformat()
        source_log(source, "replaced by a query on %s" % source.sql_url_redacted)
        source.save()
    logger.info("Source %s awaiting replacement given a database connection", source.pk)
    return source
