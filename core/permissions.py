"""Who may do what by role, and who may see a job; views and API views ask these, never
the role field directly. Rules about one app's objects live in that app
(``resources.permissions``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

from django.contrib.auth.models import AnonymousUser

if TYPE_CHECKING:
    from django.db.models import Model

    from core.models import Job


class User(Protocol):
    """What core needs of an account (the installation's user model has it; core names no
    app): its key and its role, as properties."""

    pk: Any
    is_authenticated: bool
    is_admin: bool
    has_manager_rights: bool
    has_registration_rights: bool


# Who may manage the target of a job, by model label ("resources.Resource"); the app that
# owns the model registers its rule in ``AppConfig.ready`` (core knows no app).
_TARGET_RULES: dict[str, Callable[[Any, Any], bool]] = {}


def target_rule_register(label: str, rule: Callable[[Any, Any], bool]) -> None:
    """Let whoever passes ``rule(user, target)`` see and cancel the jobs about a ``label``
    object (besides admins and whoever started the job)."""
    _TARGET_RULES[label] = rule


def is_admin(user: User | AnonymousUser) -> bool:
    return bool(user.is_authenticated and user.is_admin)


def has_manager_rights(user: User | AnonymousUser) -> bool:
    return bool(user.is_authenticated and user.has_manager_rights)


def has_registration_rights(user: User | AnonymousUser) -> bool:
    return bool(user.is_authenticated and user.has_registration_rights)


def may_see_job(user: User | AnonymousUser, job: Job) -> bool:
    """A job is visible to admins, to whoever started it, and to managers of its target."""
    if not user.is_authenticated:
        return False
    if is_admin(user) or job.created_by_id == user.pk:
        return True
    target: Model | None = job.target
    if target is None:
        return False
    rule = _TARGET_RULES.get(target._meta.label)
    return rule is not None and rule(user, target)


def may_cancel_job(user: User | AnonymousUser, job: Job) -> bool:
    """Whoever may see a job may cancel it."""
    return may_see_job(user, job)


def may_start_selfcheck(user: User | AnonymousUser) -> bool:
    """The self-check reports disk and worker details, so only admins run it."""
    return is_admin(user)
