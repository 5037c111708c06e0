"""The stored side of sensitivity policies: validation, combined taxa, permissions."""

from __future__ import annotations

import pytest

from core.errors import UserError
from publisher.models import Role
from resources.models import SensitivityPolicy
from resources.sensitivity.policy import COORDINATES, WITHHOLD, Action, Taxon
from resources.services.sensitivity import (
    policy_delete,
    policy_json,
    policy_update,
    sensitivity_policy,
    taxon_list_create,
    taxon_list_delete,
    taxon_list_update,
)
from tests.factories import ResourceFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def resource():
    return ResourceFactory()


def _policy(taxa, **extra):
    return {"taxa": taxa, "default": {"kind": "withhold"}, **extra}


def test_update_stores_the_policy_and_makes_a_secret(resource):
    stored = policy_update(
        resource=resource,
        user=resource.creator,
        data=_policy([{"name": "Lynx lynx", "synonyms": ["Felis lynx"]}], separate_events=True),
    )
    assert stored.taxa == [{"name": "Lynx lynx", "synonyms": ["Felis lynx"]}]
    assert stored.default_action == {"kind": "withhold"}
    assert stored.separate_events is True
    assert len(stored.secret) == 64
    policy = sensitivity_policy(resource)
    assert policy is not None
    assert policy.taxa == (Taxon("Lynx lynx", synonyms=("Felis lynx",)),)
    assert policy.default == Action(WITHHOLD)
    assert policy.secret == stored.secret


def test_a_second_update_keeps_the_secret(resource):
    first = policy_update(resource=resource, user=resource.creator, data=_policy([]))
    second = policy_update(
        resource=resource, user=resource.creator, data=_policy([{"name": "Ursus arctos"}])
    )
    assert first.pk == second.pk
    assert second.secret == first.secret


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (
            {"taxa": [{"name": "A b", "action": {"kind": "coordinates", "grid": "7"}}]},
            "taxa[0].action.grid",
        ),
        ({"taxa": [{"name": "A b"}, {"name": ""}]}, "taxa[1]"),
        ({"default": {"kind": "blur"}}, "default.kind"),
        ({"default": {"kind": "identification", "rank": "tribe"}}, "default.rank"),
        ({"default": {"kind": "fields", "fields": []}}, "default.fields"),
        ({"taxa": "Lynx lynx"}, "taxa"),
    ],
)
def test_update_names_the_field_it_refuses(resource, data, field):
    with pytest.raises(UserError) as caught:
        policy_update(resource=resource, user=resource.creator, data=data)
    assert caught.value.code == "sensitivity:policy"
    assert caught.value.details == {"field": field}
    assert field in caught.value.message
    assert not SensitivityPolicy.objects.filter(resource=resource).exists()


def test_update_refuses_unknown_lists(resource):
    with pytest.raises(UserError) as caught:
        policy_update(resource=resource, user=resource.creator, data={"lists": [999]})
    assert caught.value.code == "sensitivity:list"
    assert "lists" in caught.value.message


def test_only_managers_of_the_resource_may_change_it(resource):
    other = UserFactory(role=Role.MANAGER)
    with pytest.raises(UserError) as caught:
        policy_update(resource=resource, user=other, data=_policy([]))
    assert caught.value.code == "sensitivity:forbidden"
    with pytest.raises(UserError):
        policy_delete(resource=resource, user=other)


def test_policy_combines_own_taxa_and_subscribed_lists(resource, admin_user):
    red = taxon_list_create(
        user=admin_user,
        name="Red list",
        taxa=[
            Taxon("Lynx lynx (Linnaeus, 1758)", action=Action(WITHHOLD)),
            Taxon("Ursus arctos"),
        ],
    )
    other = taxon_list_create(user=admin_user, name="Zoo list", taxa=[Taxon("Ursus  arctos L.")])
    own = {"name": "lynx lynx", "action": {"kind": "coordinates", "grid": "1"}}
    policy_update(
        resource=resource,
        user=resource.creator,
        data=_policy([own], lists=[red.pk, other.pk]),
    )
    policy = sensitivity_policy(resource)
    assert policy is not None
    assert [t.name for t in policy.taxa] == ["lynx lynx", "Ursus arctos"]
    assert policy.taxa[0].action == Action(COORDINATES, grid="1")
    assert policy_json(resource)["lists"] == [red.pk, other.pk]
    assert policy_json(resource, names=True)["lists"] == ["Red list", "Zoo list"]


def test_no_policy_without_taxa(resource, admin_user):
    assert sensitivity_policy(resource) is None
    empty = taxon_list_create(user=admin_user, name="Empty")
    policy_update(resource=resource, user=resource.creator, data=_policy([], lists=[empty.pk]))
    assert sensitivity_policy(resource) is None


def test_deleting_a_list_drops_its_taxa_from_policies(resource, admin_user):
    red = taxon_list_create(user=admin_user, name="Red list", taxa=[Taxon("Lynx lynx")])
    policy_update(resource=resource, user=resource.creator, data=_policy([], lists=[red.pk]))
    assert sensitivity_policy(resource) is not None
    taxon_list_delete(taxon_list=red, user=admin_user)
    assert sensitivity_policy(resource) is None


def test_delete_removes_the_policy(resource):
    policy_update(resource=resource, user=resource.creator, data=_policy([{"name": "A b"}]))
    assert policy_delete(resource=resource, user=resource.creator) is True
    assert policy_json(resource) is None
    assert policy_delete(resource=resource, user=resource.creator) is False


def test_only_admins_maintain_shared_lists(manager_user, admin_user):
    with pytest.raises(UserError) as caught:
        taxon_list_create(user=manager_user, name="Mine")
    assert caught.value.code == "sensitivity:forbidden"
    shared = taxon_list_create(user=admin_user, name="Shared")
    with pytest.raises(UserError):
        taxon_list_update(taxon_list=shared, user=manager_user, name="Renamed")
    with pytest.raises(UserError):
        taxon_list_delete(taxon_list=shared, user=manager_user)


def test_list_names_are_unique(admin_user):
    taxon_list_create(user=admin_user, name="Red list")
    with pytest.raises(UserError) as caught:
        taxon_list_create(user=admin_user, name=" Red list ")
    assert caught.value.code == "sensitivity:list-name"


def test_update_appends_without_repeating_names(admin_user):
    shared = taxon_list_create(user=admin_user, name="Red", taxa=[Taxon("Lynx lynx")])
    taxon_list_update(
        taxon_list=shared,
        user=admin_user,
        taxa=[Taxon("Lynx lynx L."), Taxon("Ursus arctos")],
        append=True,
    )
    assert [t["name"] for t in shared.taxa] == ["Lynx lynx", "Ursus arctos"]
