"""`manage.py token create|revoke EMAIL`: API tokens of a user, for administrators."""

from __future__ import annotations

from django.utils.translation import gettext as _

from core import error_codes as core_codes
from core.cli import ScriptCommand, user_named
from core.errors import UserError
from core.permissions import is_admin
from publisher.services.users import token_create, token_revoke


class Command(ScriptCommand):
    help = (
        "Create an API token for the user EMAIL (printed this once: only its hash is stored) "
        "or revoke their tokens (all of them, or the one --id names). For administrators. "
        'JSON: {"ok": true, "user", "id", "token", "expiry"} or {"ok": true, "user", "revoked"}.'
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=("create", "revoke"))
        parser.add_argument("email", help="The token's owner.")
        parser.add_argument(
            "--id", dest="token_id", default=None, help="revoke: only the token with this id."
        )

    def run(self, *, action, email, token_id, **_options) -> dict:
        if not is_admin(self.user):
            raise UserError(
                _("%(email)s may not manage API tokens; an administrator may.")
                % {"email": self.user.email},
                code=core_codes.AUTH_FORBIDDEN,
            )
        owner = user_named(email)
        if action == "revoke":
            return {"user": owner.email, "revoked": token_revoke(user=owner, token_key=token_id)}
        token, key = token_create(user=owner)
        return {"user": owner.email, "id": token.token_key, "token": key, "expiry": token.expiry}

    def report(self, result: dict) -> None:
        if "revoked" in result:
            self.say(_("%(revoked)d API token(s) of %(user)s revoked.") % result, success=True)
            return
        self.note(_("API token of %(user)s (shown only this once; id %(id)s):") % result)
        self.say(result["token"])
