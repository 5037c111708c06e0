"""The notification e-mail job kind: one job renders and sends one notification to its
recipients, group by group in each group's language (registered when the app is ready).

Who is told what, and who opted out, is the apps' business (``publisher.services.
notifications``); here a notification is a template name, the addresses grouped by language
and a JSON context. Sending runs on the ``maintenance`` queue, never in a web request, so a
slow or failing mail server delays nobody and fails only this job, never the publication or
registration that asked for it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext, gettext_noop

from core import error_codes as codes
from core.errors import AppError, Text
from core.jobs import QUEUE_MAINTENANCE, JobContext, JobParams, register
from core.models import Job
from core.services.jobs import job_create

logger = logging.getLogger(__name__)

NOTIFY = "notification-send"
TEMPLATES = "emails/"


@dataclass(frozen=True)
class NotificationParams(JobParams):
    """``template`` names ``templates/emails/<template>{_subject.txt,.txt,.html}``;
    ``groups`` maps a language code to the addresses written to in it."""

    template: str
    groups: dict[str, list[str]]
    context: dict[str, Any] = field(default_factory=dict)


def notification_send_start(
    *,
    template: str,
    groups: dict[str, list[str]],
    context: dict[str, Any],
) -> Job | None:
    """Queue the sending of one notification once the transaction commits (None when no
    group has an address). The job is about no object: a notification pending on a slow
    mail server never holds up what it tells of (a resource's deletion waits for its jobs)."""
    groups = {language: list(emails) for language, emails in groups.items() if emails}
    if not groups:
        return None
    params = NotificationParams(template=template, groups=groups, context=context)
    return job_create(kind=NOTIFY, created_by=None, params=params.to_json())


@register(NOTIFY, label="Send a notification e-mail", queue=QUEUE_MAINTENANCE)
def run_notification_send(ctx: JobContext) -> dict:
    """Send each recipient its own message (nobody sees the others' addresses): a plain-text
    body with an HTML alternative, in the group's language. A mail server that refuses is
    an ``AppError``: the job is tried again later, then fails; nothing else does."""
    params = NotificationParams.from_json(ctx.params)
    messages = []
    for language, emails in params.groups.items():
        with translation.override(language):
            subject, text, html = notification_render(params.template, params.context)
        for email in emails:
            message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [email])
            message.attach_alternative(html, "text/html")
            messages.append(message)
    try:
        sent = get_connection().send_messages(messages) or 0
    except Exception as exc:  # smtplib, socket and SSL errors alike
        logger.warning("Could not send notification %s: %s", params.template, exc)
        raise AppError(
            gettext_noop("The mail server did not accept the e-mail: %(error)s"),
            params={"error": str(exc)[:200]},
            code=codes.MAIL_FAILED,
        ) from None
    ctx.log("%d e-mail(s) sent" % sent)
    return {"sent": sent, "template": params.template}


def notification_render(template: str, context: dict[str, Any]) -> tuple[str, str, str]:
    """Subject (one line), plain-text body and HTML body, in the active language."""
    shown = _localised(context)
    subject = render_to_string(TEMPLATES + template + "_subject.txt", shown)
    text = render_to_string(TEMPLATES + template + ".txt", shown)
    html = render_to_string(TEMPLATES + template + ".html", shown)
    return " ".join(subject.split()), text.strip() + "\n", html


def _localised(value: Any) -> Any:
    """The context with each ``error`` (stored in English, with its ``error_text`` when it
    has one) in the active language."""
    if isinstance(value, list):
        return [_localised(v) for v in value]
    if not isinstance(value, dict):
        return value
    shown = {key: _localised(v) for key, v in value.items()}
    if shown.get("error_text"):
        try:
            shown["error"] = Text.from_dict(shown["error_text"]).render()
        except (KeyError, TypeError, ValueError):
            shown["error"] = gettext(shown.get("error") or "")
    elif shown.get("error"):
        shown["error"] = gettext(shown["error"])
    return shown
