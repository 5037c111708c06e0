"""`manage.py resource_create`, and what every command does with --user and --json."""

from __future__ import annotations

from core.editable import model_field
from publisher.models import Role
from resources.models import Resource
from tests.factories import UserFactory

from .conftest import cli


def test_json_prints_the_created_resource_as_the_api_shows_it(manager):
    result = cli(
        "resource_create",
        "ponds",
        "--title",
        "Pond survey",
        "--type",
        "occurrence",
        "--user",
        manager.email,
        "--json",
    )
    assert result.status == 0, result.err
    body = result.body
    assert body["ok"] is True
    assert body["resource"]["shortname"] == "ponds" and body["resource"]["type"] == "occurrence"
    assert body["resource"]["creator"] == manager.email
    assert Resource.objects.get(shortname="ponds").title == "Pond survey"


def test_co_managers_are_added_and_a_refused_one_creates_nothing(manager):
    colleague = UserFactory(role=Role.MANAGER)
    plain = UserFactory(role=Role.USER)
    ok = cli("resource_create", "ponds", "--manager", colleague.email, "--user", manager.email)
    assert ok.status == 0 and "Created the sampling-event resource ponds" in ok.out
    assert list(Resource.objects.get(shortname="ponds").managers.all()) == [colleague]
    refused = cli(
        "resource_create", "lakes", "--manager", plain.email, "--user", manager.email, "--json"
    )
    assert refused.status == 1 and refused.body["code"] == "resource:not-manager"
    assert not Resource.objects.filter(shortname="lakes").exists()


def test_a_taken_short_name_is_a_user_error_with_the_api_code(manager):
    cli("resource_create", "ponds", "--user", manager.email)
    result = cli("resource_create", "ponds", "--user", manager.email, "--json")
    assert result.status == 1
    assert result.body == {
        "ok": False,
        "code": "resource:shortname-taken",
        "message": "The short name ponds is taken; choose another.",
        "details": None,
    }
    human = cli("resource_create", "ponds", "--user", manager.email)
    assert human.status == 1 and human.out == ""
    assert "resource:shortname-taken: The short name ponds is taken" in human.err


def test_a_user_without_manager_rights_may_not_create_resources(db):
    plain = UserFactory(role=Role.USER)
    result = cli("resource_create", "ponds", "--user", plain.email, "--json")
    assert result.status == 1 and result.body["code"] == "resource:forbidden"


def test_an_unknown_user_is_refused(db):
    result = cli("resource_create", "ponds", "--user", "nobody@example.org", "--json")
    assert result.status == 1 and result.body["code"] == "auth:no-user"
    assert result.body["details"] == {"user": "nobody@example.org"}


def test_without_user_the_first_admin_acts_and_stderr_says_so(db):
    admin = UserFactory(role=Role.ADMIN, email="first@example.org")
    UserFactory(role=Role.ADMIN, email="second@example.org")
    result = cli("resource_create", "ponds", "--json")
    assert result.status == 0
    assert result.body["resource"]["creator"] == admin.email
    assert "Acting as the administrator first@example.org" in result.err
    assert result.out.count("{") >= 1 and "Acting" not in result.out


def test_without_user_and_without_admin_the_command_asks_for_user(db):
    result = cli("resource_create", "ponds", "--json")
    assert result.status == 1 and result.body["code"] == "auth:no-user"
    assert "--user" in result.body["message"]


def test_a_title_longer_than_the_model_allows_is_refused_before_anything_is_made(
    manager, monkeypatch
):
    # The length comes from the model field: a longer one there is a longer one here.
    monkeypatch.setattr(model_field(Resource, "title"), "max_length", 10)
    result = cli("resource_create", "ponds", "--title", "x" * 11, "--user", manager.email)
    assert result.status != 0
    assert "argument --title: 11 characters; at most 10 fit." in result.err
    assert not Resource.objects.filter(shortname="ponds").exists()
    fits = cli("resource_create", "ponds", "--title", "x" * 10, "--user", manager.email)
    assert fits.status == 0 and Resource.objects.get(shortname="ponds").title == "x" * 10


def test_the_type_choices_and_default_are_the_model_s(manager):
    result = cli("resource_create", "ponds", "--type", "poem", "--user", manager.email)
    assert result.status != 0 and "invalid choice: 'poem'" in result.err
    cli("resource_create", "ponds", "--user", manager.email)
    assert Resource.objects.get(shortname="ponds").type == model_field(Resource, "type").default
