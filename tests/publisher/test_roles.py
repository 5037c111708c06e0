"""Role helpers on the User model and the permission functions built on them."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType

from core import permissions
from publisher.models import Role
from resources import permissions as resource_permissions
from tests.factories import JobFactory, ResourceFactory, UserFactory

pytestmark = pytest.mark.django_db

# role -> (is_admin, has_manager_rights, has_registration_rights)
RIGHTS = {
    Role.USER: (False, False, False),
    Role.MANAGER: (False, True, False),
    Role.PUBLISHER: (False, True, True),
    Role.ADMIN: (True, True, True),
}


@pytest.mark.parametrize("role", list(RIGHTS))
def test_role_helpers_follow_the_role(role):
    user = UserFactory(role=role)

    assert (user.is_admin, user.has_manager_rights, user.has_registration_rights) == RIGHTS[role]


@pytest.mark.parametrize("role", list(RIGHTS))
def test_permission_functions_agree_with_the_model_helpers(role):
    user = UserFactory(role=role)

    assert (
        permissions.is_admin(user),
        permissions.has_manager_rights(user),
        permissions.has_registration_rights(user),
    ) == RIGHTS[role]


@pytest.mark.parametrize("role", list(RIGHTS))
def test_only_admins_are_staff(role):
    assert UserFactory(role=role).is_staff is (role == Role.ADMIN)


@pytest.mark.parametrize("role", list(RIGHTS))
def test_inactive_user_has_no_rights_whatever_the_role(role):
    user = UserFactory(role=role, is_active=False)

    assert not user.is_admin
    assert not user.has_manager_rights
    assert not user.has_registration_rights
    assert not user.is_staff


def test_anonymous_user_has_no_rights():
    anonymous = AnonymousUser()

    assert not permissions.is_admin(anonymous)
    assert not permissions.has_manager_rights(anonymous)
    assert not permissions.has_registration_rights(anonymous)
    assert not permissions.may_start_selfcheck(anonymous)


@pytest.mark.parametrize("role", list(RIGHTS))
def test_only_admins_may_start_the_selfcheck(role):
    assert permissions.may_start_selfcheck(UserFactory(role=role)) is (role == Role.ADMIN)


# --- may_manage_resource --------------------------------------------------------------------


@pytest.fixture
def resource():
    return ResourceFactory(creator=UserFactory(role=Role.MANAGER))


def test_admin_may_manage_any_resource(resource):
    assert resource_permissions.may_manage_resource(UserFactory(role=Role.ADMIN), resource)


@pytest.mark.parametrize("role", [Role.MANAGER, Role.PUBLISHER])
def test_creator_with_manager_rights_may_manage_their_resource(role):
    creator = UserFactory(role=role)

    assert resource_permissions.may_manage_resource(creator, ResourceFactory(creator=creator))


@pytest.mark.parametrize("role", [Role.MANAGER, Role.PUBLISHER])
def test_invited_co_manager_may_manage_the_resource(resource, role):
    co_manager = UserFactory(role=role)
    resource.managers.add(co_manager)

    assert resource_permissions.may_manage_resource(co_manager, resource)


@pytest.mark.parametrize("role", [Role.MANAGER, Role.PUBLISHER])
def test_other_manager_may_not_manage_the_resource(resource, role):
    assert not resource_permissions.may_manage_resource(UserFactory(role=role), resource)


def test_plain_user_may_not_manage_even_a_resource_they_created():
    creator = UserFactory(role=Role.USER)

    assert not resource_permissions.may_manage_resource(creator, ResourceFactory(creator=creator))


def test_plain_user_invited_as_co_manager_may_not_manage_the_resource(resource):
    invited = UserFactory(role=Role.USER)
    resource.managers.add(invited)

    assert not resource_permissions.may_manage_resource(invited, resource)


def test_deactivated_creator_may_no_longer_manage_their_resource():
    creator = UserFactory(role=Role.MANAGER)
    resource = ResourceFactory(creator=creator)
    creator.is_active = False
    creator.save()

    assert not resource_permissions.may_manage_resource(creator, resource)


def test_anonymous_may_not_manage_a_resource(resource):
    assert not resource_permissions.may_manage_resource(AnonymousUser(), resource)


# --- may_register_resource ------------------------------------------------------------------


def test_manager_may_not_register_their_own_resource():
    creator = UserFactory(role=Role.MANAGER)

    assert not resource_permissions.may_register_resource(creator, ResourceFactory(creator=creator))


def test_publisher_may_register_their_own_resource():
    creator = UserFactory(role=Role.PUBLISHER)

    assert resource_permissions.may_register_resource(creator, ResourceFactory(creator=creator))


def test_invited_publisher_may_register_the_resource(resource):
    publisher = UserFactory(role=Role.PUBLISHER)
    resource.managers.add(publisher)

    assert resource_permissions.may_register_resource(publisher, resource)


def test_publisher_may_not_register_a_resource_they_do_not_manage(resource):
    assert not resource_permissions.may_register_resource(
        UserFactory(role=Role.PUBLISHER), resource
    )


def test_admin_may_register_any_resource(resource):
    assert resource_permissions.may_register_resource(UserFactory(role=Role.ADMIN), resource)


# --- may_see_job / may_cancel_job -----------------------------------------------------------


def _job_on(resource, created_by):
    return JobFactory(
        created_by=created_by,
        target_type=ContentType.objects.get_for_model(resource),
        target_id=str(resource.pk),
    )


@pytest.mark.parametrize("role", list(RIGHTS))
def test_whoever_started_a_job_may_see_it(role):
    starter = UserFactory(role=role)

    assert permissions.may_see_job(starter, JobFactory(created_by=starter))


def test_admin_may_see_a_job_someone_else_started():
    job = JobFactory(created_by=UserFactory(role=Role.MANAGER))

    assert permissions.may_see_job(UserFactory(role=Role.ADMIN), job)


@pytest.mark.parametrize("role", [Role.USER, Role.MANAGER, Role.PUBLISHER])
def test_non_admin_may_not_see_a_job_without_target_started_by_someone_else(role):
    job = JobFactory(created_by=UserFactory(role=Role.ADMIN))

    assert not permissions.may_see_job(UserFactory(role=role), job)
    assert not permissions.may_cancel_job(UserFactory(role=role), job)


def test_anonymous_may_not_see_any_job():
    assert not permissions.may_see_job(AnonymousUser(), JobFactory())


def test_co_manager_of_the_target_resource_may_see_its_job(resource):
    co_manager = UserFactory(role=Role.MANAGER)
    resource.managers.add(co_manager)
    job = _job_on(resource, created_by=resource.creator)

    assert permissions.may_see_job(co_manager, job)
    assert permissions.may_cancel_job(co_manager, job)


def test_creator_of_the_target_resource_may_see_a_job_a_co_manager_started(resource):
    co_manager = UserFactory(role=Role.MANAGER)
    resource.managers.add(co_manager)

    assert permissions.may_see_job(resource.creator, _job_on(resource, created_by=co_manager))


def test_other_manager_may_not_see_a_job_on_a_resource_they_do_not_manage(resource):
    job = _job_on(resource, created_by=resource.creator)

    assert not permissions.may_see_job(UserFactory(role=Role.MANAGER), job)
    assert not permissions.may_cancel_job(UserFactory(role=Role.MANAGER), job)


def test_job_whose_target_is_not_a_resource_is_visible_only_to_starter_and_admins():
    target = UserFactory(role=Role.MANAGER)
    job = JobFactory(
        created_by=UserFactory(role=Role.PUBLISHER),
        target_type=ContentType.objects.get_for_model(target),
        target_id=str(target.pk),
    )

    assert not permissions.may_see_job(target, job)
    assert permissions.may_see_job(UserFactory(role=Role.ADMIN), job)
