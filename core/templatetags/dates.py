"""``{{ value|when }}``: a date or moment as people read it, in the page's language.

Registered as a template builtin (settings ``TEMPLATES``), so no template loads it.
"""

from __future__ import annotations

from datetime import date, datetime

from django import template
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.formats import date_format
from django.utils.html import format_html

register = template.Library()


def _moment(value) -> date | None:
    """``value`` as a date or datetime; ISO 8601 strings are read, anything else is None."""
    if isinstance(value, date):
        return value
    if isinstance(value, str) and value.strip():
        text = value.strip()
        try:
            return parse_datetime(text) or parse_date(text)
        except ValueError:
            return None
    return None


@register.filter
def when(value, kind: str = "datetime"):
    """A ``<time>`` element: the machine-readable moment in ``datetime`` and, as its text,
    the active language's DATETIME_FORMAT (``kind`` "date": DATE_FORMAT) in the
    installation's time zone. Empty for None or ""; text that is no date comes back as is."""
    moment = _moment(value)
    if moment is None:
        return value if value not in (None, "") else ""
    if isinstance(moment, datetime):
        if timezone.is_aware(moment):
            moment = timezone.localtime(moment)
        if kind == "date":
            moment = moment.date()
    if isinstance(moment, datetime):
        stamp, shown = moment.isoformat(timespec="seconds"), date_format(moment, "DATETIME_FORMAT")
    else:
        stamp, shown = moment.isoformat(), date_format(moment, "DATE_FORMAT")
    return format_html('<time datetime="{}">{}</time>', stamp, shown)


@register.simple_tag
def date_example():
    """The 31st of December of this year as ``|when:"date"`` shows it: beside a date field, it
    says how the page writes dates (a native date picker follows the browser's locale, not
    the page's). The day is past 12, so day and month cannot be mistaken for each other."""
    return when(date(timezone.localdate().year, 12, 31), "date")
