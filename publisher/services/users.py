"""Creating and changing user accounts, roles, passwords and API tokens."""

from __future__ import annotations

import logging
import secrets

from django.conf import settings
from django.contrib.admin.models import DELETION, LogEntry
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from knox.models import AuthToken

import publisher.error_codes as codes
from core.errors import UserError
from publisher.models import Role, User
from publisher.models.users import normalise_email
from publisher.selectors import NOTIFY_FIELDS

logger = logging.getLogger(__name__)


def _check_password(password: str, user: User | None = None) -> None:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise UserError(" ".join(exc.messages), code=codes.USER_PASSWORD) from exc


@transaction.atomic
def user_create(
    *,
    email: str,
    password: str,
    role: str = Role.USER,
    first_name: str = "",
    last_name: str = "",
) -> User:
    """Create an active account; the e-mail is the login and is unique ignoring case."""
    email = normalise_email(email)
    if User.objects.filter(email__iexact=email).exists():
        raise UserError(_("A user with this e-mail already exists."), code=codes.USER_EXISTS)
    user = User(email=email, first_name=first_name, last_name=last_name, role=role)
    _check_password(password, user)
    user.set_password(password)
    user.is_superuser = role == Role.ADMIN
    user.save()
    logger.info("User %s created with role %s", user.pk, role)
    return user


def _would_leave_no_admin(user: User, *, role: str, is_active: bool) -> bool:
    if user.role != Role.ADMIN or (role == Role.ADMIN and is_active):
        return False
    others = User.objects.filter(role=Role.ADMIN, is_active=True).exclude(pk=user.pk)
    return not others.exists()


@transaction.atomic
def user_update(
    *,
    user: User,
    first_name: str,
    last_name: str,
    role: str,
    is_active: bool,
) -> User:
    """Change a user's name, role and active flag; the last active admin cannot be demoted."""
    if _would_leave_no_admin(user, role=role, is_active=is_active):
        raise UserError(
            _("This is the last active admin; make another user admin first."),
            code=codes.USER_LAST_ADMIN,
        )
    user.first_name, user.last_name = first_name, last_name
    user.role, user.is_active = role, is_active
    user.is_superuser = role == Role.ADMIN
    user.save()
    if not is_active:
        token_revoke(user=user)
    return user


def user_delete_check(*, user: User, by: User) -> None:
    """Refuse deleting one's own account and the last active admin."""
    if user.pk == by.pk:
        raise UserError(_("You cannot delete your own account."), code=codes.USER_DELETE_SELF)
    if _would_leave_no_admin(user, role=Role.USER, is_active=False):
        raise UserError(
            _("This is the last active admin; make another user admin first."),
            code=codes.USER_LAST_ADMIN,
        )


@transaction.atomic
def user_delete(*, user: User, by: User) -> None:
    """Delete ``user`` (not oneself, not the last admin) and record who did it and when in
    the admin log (Django's ``LogEntry``, shown on the admin site). What they did stays
    readable: jobs, versions and log lines keep their rows with no user. Resources they
    created must have been handed over first (``workflows.users``)."""
    user_delete_check(user=user, by=by)
    LogEntry.objects.log_actions(
        user_id=by.pk,
        queryset=User.objects.filter(pk=user.pk),
        action_flag=DELETION,
        change_message="Deleted user %s" % user.email,
        single_object=True,
    )
    logger.info("User %s (%s) deleted by user %s", user.pk, user.email, by.pk)
    user.delete()


def user_update_profile(
    *, user: User, first_name: str, last_name: str, language: str | None = None
) -> User:
    """What users may change about themselves: their name and (unless None) their language."""
    user.first_name, user.last_name = first_name, last_name
    user.save(update_fields=["first_name", "last_name"])
    if language is not None:
        user_set_language(user=user, language=language)
    return user


def user_set_language(*, user: User, language: str) -> User:
    """Save the language the user's pages and e-mails are in: a code of ``LANGUAGES``, or ""
    to follow the browser. Callers offer only those; anything else is a ValueError."""
    if language and language not in dict(settings.LANGUAGES):
        raise ValueError("Language %r is not offered." % language)
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])
    return user


def user_set_notifications(*, user: User, **switches: bool) -> User:
    """Switch the user's notification e-mails on or off, by topic: ``publications``,
    ``problems`` (registration and DOI) and ``digest`` (the admins' weekly digest)."""
    fields = [NOTIFY_FIELDS[topic] for topic in switches]  # an unknown topic: KeyError
    for topic, on in switches.items():
        setattr(user, NOTIFY_FIELDS[topic], bool(on))
    user.save(update_fields=fields)
    return user


def user_set_password(*, user: User, password: str) -> User:
    """Set a new password after validating it against the configured rules."""
    _check_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    return user


def admin_ensure(*, email: str, password: str | None) -> tuple[User, str | None]:
    """Make sure an admin with ``email`` exists.

    Returns the user and, when a password had to be generated for a new account, that
    password (the caller prints it once); an existing account keeps its password.
    """
    existing = User.objects.filter(email__iexact=normalise_email(email)).first()
    if existing is not None:
        if existing.role != Role.ADMIN or not existing.is_active:
            user_update(
                user=existing,
                first_name=existing.first_name,
                last_name=existing.last_name,
                role=Role.ADMIN,
                is_active=True,
            )
        return existing, None
    generated = None if password else secrets.token_urlsafe(12)
    user = user_create(
        email=email, password=password or generated, role=Role.ADMIN, first_name="Admin"
    )
    return user, generated


def token_create(*, user: User) -> tuple[AuthToken, str]:
    """A new API token of ``user``. Only its hash is stored: the token itself is returned
    this once, for the caller to show. It lasts ``API_TOKEN_TTL_DAYS`` (default: until
    revoked); the user's other tokens keep working."""
    token, key = AuthToken.objects.create(user=user)
    logger.info("API token %s created for user %s", token.token_key, user.pk)
    return token, key


def token_regenerate(*, user: User) -> str:
    """Replace all of the user's API tokens by a new one (the old ones stop working at once);
    returns the new token, shown once."""
    with transaction.atomic():
        token_revoke(user=user)
        return token_create(user=user)[1]


def token_revoke(*, user: User, token_key: str | None = None) -> int:
    """Revoke the user's token whose id (``token_key``, its first characters) is given, or
    all of their tokens; returns how many were revoked."""
    tokens = AuthToken.objects.filter(user=user)
    if token_key is not None:
        tokens = tokens.filter(token_key=token_key)
    count, _by_model = tokens.delete()
    if count:
        logger.info("%d API token(s) of user %s revoked", count, user.pk)
    return count


def tokens_of(user: User):
    """The user's API tokens (without anything that authenticates), newest first."""
    return AuthToken.objects.filter(user=user).order_by("-created")


IPT_ROLES = {
    "User": Role.USER,
    "Manager": Role.MANAGER,
    "Publisher": Role.PUBLISHER,
    "Admin": Role.ADMIN,
}


@transaction.atomic
def user_adopt(
    *, email: str, first_name: str, last_name: str, ipt_role: str, bcrypt_hash: str
) -> tuple[User, bool]:
    """The account ``email`` as another installation (the IPT) had it: created with its
    names, role and password hash when it does not exist here yet, so its owner logs in as
    before (the hash is upgraded to this installation's own at the first login). An account
    that exists is left as it is. Returns the account and whether it was created; without a
    usable hash the password is unusable until reset."""
    existing = User.objects.filter(email__iexact=normalise_email(email)).first()
    if existing is not None:
        return existing, False
    role = IPT_ROLES.get(ipt_role, Role.USER)
    user = User(
        email=normalise_email(email),
        first_name=first_name[:150],
        last_name=last_name[:150],
        role=role,
        is_superuser=role == Role.ADMIN,
    )
    if bcrypt_hash:
        user.password = "bcrypt$" + bcrypt_hash
    else:
        user.set_unusable_password()
    user.save()
    logger.info("User %s adopted from an IPT data directory with role %s", user.pk, role)
    return user, True
