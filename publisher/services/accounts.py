"""Password reset by e-mail and e-mail address changes with confirmation.

The request side (pages) only checks the rate limits and queues a task; the worker builds
the one-time links and sends the mail (``publisher.tasks``), so no mail is sent inside a
request and no token travels through the broker. A reset request answers the same whether
or not the address has an account; the limits count per address and per client, whatever
the address.
"""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.core import signing
from django.core.cache import cache
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

import publisher.error_codes as codes
from core.errors import UserError
from publisher.models import User
from publisher.models.users import normalise_email
from publisher.selectors import emails_by_language
from publisher.services.installation import installation_base_url

logger = logging.getLogger(__name__)

RATE_WINDOW = 3600  # seconds: the limits count requests within an hour
EMAIL_CHANGE_SALT = "publisher.accounts.email-change"


def rate_limit_hit(*, scope: str, key: str, limit: int) -> bool:
    """Count one request of ``scope`` for ``key`` and say whether it goes past ``limit``
    within the last ``RATE_WINDOW`` (the counter lives in the cache, shared by processes)."""
    name = "ratelimit:%s:%s" % (scope, signing.Signer(salt=scope).signature(key))
    cache.add(name, 0, RATE_WINDOW)
    try:
        count = cache.incr(name)
    except ValueError:  # expired between add and incr
        cache.set(name, 1, RATE_WINDOW)
        count = 1
    return count > limit


def _check_limits(*, scope: str, email: str, client_ip: str) -> None:
    over_address = rate_limit_hit(
        scope=scope + ":email", key=email, limit=settings.ACCOUNT_MAIL_LIMIT_PER_ADDRESS
    )
    over_client = rate_limit_hit(
        scope=scope + ":ip", key=client_ip, limit=settings.ACCOUNT_MAIL_LIMIT_PER_CLIENT
    )
    if over_address or over_client:
        raise UserError(
            _("Too many requests; try again in an hour."), code=codes.ACCOUNT_RATE_LIMIT
        )


def password_reset_request(*, email: str, client_ip: str) -> None:
    """Queue the reset mail for ``email``; the caller shows the same answer whether or not
    an account has it. Raises a UserError past the limits (per address, per client)."""
    from publisher.tasks import password_reset_mail

    email = normalise_email(email)
    _check_limits(scope="password-reset", email=email, client_ip=client_ip)
    transaction.on_commit(lambda: password_reset_mail.delay(email))


class _ResetMailForm(PasswordResetForm):
    """Django's reset mail, also for accounts whose password is unusable (adopted from an
    IPT without a hash: resetting is how their owners get in)."""

    def get_users(self, email):
        return User.objects.filter(email__iexact=normalise_email(email), is_active=True)


def password_reset_mail_send(*, email: str) -> None:
    """Send the reset link (Django's token: one use, ``PASSWORD_RESET_TIMEOUT``) to the
    active account with ``email``, in its saved language; nothing when there is none."""
    form = _ResetMailForm({"email": email})
    if not form.is_valid():
        return
    base = installation_base_url()
    parts = urlsplit(base)
    language = next(iter(emails_by_language([email])))
    with translation.override(language):
        form.save(
            domain_override=parts.netloc,
            use_https=parts.scheme == "https",
            subject_template_name="registration/password_reset_subject.txt",
            email_template_name="registration/password_reset_email.txt",
            extra_email_context={"base_url": base},
        )


def password_reset_completed(*, user: User) -> None:
    """After a reset the owner proved they hold the mailbox: lift the lock-out that failed
    logins put on their address (django-axes), so the new password works at once."""
    axes_reset(username=user.email)
    logger.info("User %s reset their password", user.pk)


# --- e-mail change ------------------------------------------------------------------------------


def email_change_request(*, user: User, new_email: str, password: str, client_ip: str) -> str:
    """Check the limits, the password and the new address, then queue the confirmation mail
    to it; the address changes only once the link is opened (``email_change_confirm``).
    Returns the normalised new address."""
    new_email = normalise_email(new_email)
    # Counted first, so that the password and which addresses are taken cannot be probed.
    _check_limits(scope="email-change", email=user.email, client_ip=client_ip)
    if not user.check_password(password):
        raise UserError(_("The password is not correct."), code=codes.ACCOUNT_PASSWORD)
    if new_email == user.email:
        raise UserError(_("This is already your e-mail address."), code=codes.ACCOUNT_EMAIL_SAME)
    _check_email_free(user=user, email=new_email)
    from publisher.tasks import email_change_mail

    transaction.on_commit(lambda: email_change_mail.delay(user.pk, new_email))
    return new_email


def _check_email_free(*, user: User, email: str) -> None:
    if User.objects.filter(email__iexact=email).exclude(pk=user.pk).exists():
        raise UserError(_("Could not use this address."), code=codes.ACCOUNT_EMAIL_TAKEN)


def email_change_token(*, user: User, new_email: str) -> str:
    """A signed, timestamped token for moving ``user`` to ``new_email``. It names the
    current address too, so once the address changed every pending link stops working."""
    payload = {"u": user.pk, "old": user.email, "new": new_email}
    return signing.dumps(payload, salt=EMAIL_CHANGE_SALT, compress=True)


def email_change_check(*, token: str) -> tuple[User, str]:
    """The user and new address a token stands for; a UserError when it is forged,
    expired (``EMAIL_CHANGE_TIMEOUT``) or stale (the address changed since)."""
    try:
        payload = signing.loads(
            token, salt=EMAIL_CHANGE_SALT, max_age=settings.EMAIL_CHANGE_TIMEOUT
        )
    except signing.BadSignature as exc:  # SignatureExpired included
        raise _link_invalid() from exc
    user = User.objects.filter(pk=payload.get("u"), is_active=True).first()
    if user is None or user.email != payload.get("old"):
        raise _link_invalid()
    return user, payload["new"]


def _link_invalid() -> UserError:
    return UserError(
        _("This link is no longer valid; ask for a new one from your account page."),
        code=codes.ACCOUNT_LINK_INVALID,
    )


@transaction.atomic
def email_change_confirm(*, token: str) -> User:
    """Move the account to the address the token names and tell the old address (from a
    task). Refused when the link is not valid or another account has the address now."""
    checked, new_email = email_change_check(token=token)
    user = User.objects.select_for_update().get(pk=checked.pk)
    if user.email != checked.email:  # changed by a concurrent confirmation
        raise _link_invalid()
    _check_email_free(user=user, email=new_email)
    old_email = user.email
    user.email = new_email
    user.save(update_fields=["email"])
    logger.info("User %s changed their e-mail address", user.pk)
    from publisher.tasks import email_changed_notice

    transaction.on_commit(lambda: email_changed_notice.delay(user.pk, old_email))
    return user


def email_change_mail_send(*, user_id: int, new_email: str) -> None:
    """Send the confirmation link to the new address, in the user's language."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return
    link = installation_base_url() + reverse(
        "account-email-confirm", args=[email_change_token(user=user, new_email=new_email)]
    )
    hours = settings.EMAIL_CHANGE_TIMEOUT // 3600
    with translation.override(user.language or settings.LANGUAGE_CODE):
        subject = _("Confirm your new e-mail address")
        body = "\n\n".join(
            [
                _("Someone, probably you, asked to use this address to log in as %(old)s.")
                % {"old": user.email},
                _("Open this link to confirm (it expires after %(hours)s h):") % {"hours": hours}
                + "\n"
                + link,
                _("If you did not ask for this, ignore this e-mail; nothing changes."),
            ]
        )
        send_mail(subject, body, None, [new_email])


def email_changed_notice_send(*, user_id: int, old_email: str) -> None:
    """Tell the old address that the account now logs in with another one."""
    user = User.objects.filter(pk=user_id).first()
    if user is None:
        return
    with translation.override(user.language or settings.LANGUAGE_CODE):
        subject = _("Your e-mail address was changed")
        body = "\n\n".join(
            [
                _("Your account now logs in with %(new)s instead of this address.")
                % {"new": user.email},
                _("If you did not do this, contact the administrator of %(site)s at once.")
                % {"site": installation_base_url()},
            ]
        )
        send_mail(subject, body, None, [old_email])
