"""Admins delete users after choosing who takes over their resources; history stays."""

import pytest
from django.contrib.admin.models import DELETION, LogEntry

from core.errors import UserError
from core.models import Job
from publisher.models import Role, User
from publisher.services.users import user_delete
from resources.models import Resource, Version
from tests.factories import JobFactory, ResourceFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.fixture
def leaver(db):
    return UserFactory(email="leaver@example.org", role=Role.MANAGER)


@pytest.fixture
def heir(db):
    return UserFactory(email="heir@example.org", role=Role.MANAGER)


def _delete(client, user, successor=None):
    data = {"successor": successor.pk if successor else ""}
    return client.post("/admin/users/%d/delete/" % user.pk, data)


def test_only_admins_reach_the_delete_page(client, leaver, manager_user):
    url = "/admin/users/%d/delete/" % leaver.pk
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(manager_user)
    assert client.get(url).status_code == 403
    assert client.post(url, {"successor": ""}).status_code == 403
    assert User.objects.filter(pk=leaver.pk).exists()


def test_delete_page_offers_only_other_active_managers(admin_client, leaver, heir, plain_user):
    UserFactory(email="inactive@example.org", role=Role.MANAGER, is_active=False)

    response = admin_client.get("/admin/users/%d/delete/" % leaver.pk)

    choices = {u.email for u in response.context["form"].fields["successor"].queryset}
    assert choices == {"heir@example.org", "admin@example.org"}


def test_successor_takes_over_created_and_comanaged_resources(
    admin_client, admin_user, leaver, heir
):
    created = ResourceFactory(creator=leaver)
    comanaged = ResourceFactory()
    comanaged.managers.add(leaver)
    version = Version.objects.create(
        resource=created, major=1, minor=0, label="1.0", published_by=leaver
    )
    job = JobFactory(created_by=leaver)

    response = _delete(admin_client, leaver, heir)

    assert response.status_code == 302 and response["Location"] == "/admin/users/"
    assert not User.objects.filter(pk=leaver.pk).exists()
    created.refresh_from_db()
    assert created.creator == heir
    assert set(comanaged.managers.all()) == {heir}
    version.refresh_from_db()
    assert version.published_by is None  # the version stays, without a name
    assert Job.objects.get(pk=job.pk).created_by is None
    entry = LogEntry.objects.get(action_flag=DELETION, object_id=str(leaver.pk))
    assert entry.user == admin_user and "leaver@example.org" in entry.change_message


def test_delete_without_successor_is_refused_while_a_resource_has_no_other_manager(
    admin_client, leaver
):
    alone = ResourceFactory(creator=leaver, shortname="lonely-pond")

    response = _delete(admin_client, leaver)

    assert response.status_code == 200
    assert "lonely-pond would have no manager left" in response.content.decode()
    assert User.objects.filter(pk=leaver.pk).exists()
    assert Resource.objects.get(pk=alone.pk).creator == leaver


def test_delete_without_successor_passes_a_resource_to_its_other_manager(
    admin_client, leaver, heir
):
    shared = ResourceFactory(creator=leaver)
    shared.managers.add(heir)

    response = _delete(admin_client, leaver)

    assert response.status_code == 302
    shared.refresh_from_db()
    assert shared.creator == heir and not shared.managers.exists()


def test_a_plain_user_cannot_be_the_successor(admin_client, leaver, plain_user):
    ResourceFactory(creator=leaver)

    response = _delete(admin_client, leaver, plain_user)

    assert response.status_code == 200
    assert User.objects.filter(pk=leaver.pk).exists()


def test_admin_cannot_delete_themselves(admin_client, admin_user):
    UserFactory(role=Role.ADMIN)

    response = _delete(admin_client, admin_user)

    assert "You cannot delete your own account." in response.content.decode()
    assert User.objects.filter(pk=admin_user.pk).exists()


def test_the_last_active_admin_cannot_be_deleted(admin_user, manager_user):
    # Through the pages another admin deletes, so two are active; a script could try it.
    with pytest.raises(UserError, match="last active admin"):
        user_delete(user=admin_user, by=manager_user)

    assert User.objects.filter(pk=admin_user.pk).exists()


def test_edit_page_links_to_the_delete_page(admin_client, leaver, admin_user):
    page = admin_client.get("/admin/users/%d/" % leaver.pk).content.decode()
    own = admin_client.get("/admin/users/%d/" % admin_user.pk).content.decode()

    assert 'href="/admin/users/%d/delete/"' % leaver.pk in page
    assert "/delete/" not in own
