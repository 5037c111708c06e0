"""API tokens are stored hashed (django-rest-knox) instead of in clear (DRF's authtoken).

Each existing token is carried over as its hash, so the scripts that use it keep working;
then DRF's table, which held the tokens in clear, is dropped.
"""

from datetime import UTC

from django.db import migrations
from django.utils.dateparse import parse_datetime

OLD_TABLE = "authtoken_token"


def _aware(value):
    """A date read raw from the old table (SQLite gives text in UTC) as an aware datetime."""
    if isinstance(value, str):
        value = parse_datetime(value)
    if value is not None and value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value


def hash_existing_tokens(apps, schema_editor):
    from knox.crypto import hash_token
    from knox.settings import CONSTANTS

    connection = schema_editor.connection
    if OLD_TABLE not in connection.introspection.table_names():
        return
    AuthToken = apps.get_model("knox", "AuthToken")
    with connection.cursor() as cursor:
        cursor.execute("SELECT key, user_id, created FROM %s" % OLD_TABLE)
        rows = cursor.fetchall()
    AuthToken.objects.bulk_create(
        AuthToken(
            digest=hash_token(key),
            token_key=key[: CONSTANTS.TOKEN_KEY_LENGTH],
            user_id=user_id,
            expiry=None,
        )
        for key, user_id, _created in rows
    )
    for key, _user_id, created in rows:  # keep their dates (auto_now_add set today's)
        AuthToken.objects.filter(digest=hash_token(key)).update(created=_aware(created))
    schema_editor.execute("DROP TABLE %s" % OLD_TABLE)


class Migration(migrations.Migration):
    dependencies = [
        ("publisher", "0003_job_moved_to_core"),
        ("knox", "0009_extend_authtoken_field"),
    ]

    operations = [migrations.RunPython(hash_existing_tokens, migrations.RunPython.noop)]
