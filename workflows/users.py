"""Deleting a user account, with their resources handed over first.

Accounts belong to the installation side and resources to ``resources``; an admin deletes
an account only after choosing who takes over what it manages, so that no resource is left
without a manager and none is deleted.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

import publisher.error_codes as codes
from core.errors import UserError
from core.permissions import has_manager_rights
from publisher.models import User
from publisher.services.users import user_delete, user_delete_check
from resources.services.resources import resources_hand_over, resources_orphaned_by


@transaction.atomic
def user_delete_with_handover(*, user: User, successor: User | None, by: User) -> None:
    """Delete ``user`` after ``successor`` took over their resources (see
    ``resources_hand_over``). Without a successor, refused while a resource they created
    has no other active manager."""
    user_delete_check(user=user, by=by)
    if successor is not None and (successor.pk == user.pk or not has_manager_rights(successor)):
        raise UserError(
            _("The successor must be another active user with manager rights."),
            code=codes.USER_SUCCESSOR_INVALID,
        )
    if successor is None:
        orphans = resources_orphaned_by(user=user)
        if orphans:
            raise UserError(
                gettext_noop("Choose who takes over: %(resources)s would have no manager left."),
                params={"resources": ", ".join(r.shortname for r in orphans)},
                code=codes.USER_SUCCESSOR,
            )
    resources_hand_over(user=user, successor=successor)
    user_delete(user=user, by=by)
