"""A resource's export carries its sensitivity policy; importing restores it."""

from __future__ import annotations

import pytest

from resources.sensitivity.policy import Taxon
from resources.services.exporting import resource_export_file
from resources.services.importing.ipt import resource_from_ipt_folder
from resources.services.sensitivity import (
    policy_json,
    policy_of,
    policy_update,
    sensitivity_policy,
    taxon_list_create,
    taxon_list_delete,
)
from tests.resources.publication.conftest import make_resource, manager

__all__ = ["manager"]  # a fixture, used by name


@pytest.fixture
def with_policy(manager, data_dir, admin_user):
    resource = make_resource(manager, "ponds")
    red = taxon_list_create(user=admin_user, name="Red list", taxa=[Taxon("Ursus arctos")])
    bats = taxon_list_create(user=admin_user, name="Bats", taxa=[Taxon("Myotis myotis")])
    policy_update(
        resource=resource,
        user=manager,
        data={
            "default": {"kind": "identification", "rank": "family"},
            "separate_events": True,
            "taxa": [{"name": "Lynx lynx", "action": {"kind": "withhold"}}],
            "lists": [red.pk, bats.pk],
        },
    )
    return resource


def test_import_subscribes_to_lists_of_the_same_name(with_policy, manager, admin_user):
    path = resource_export_file(resource=with_policy)
    bats = policy_of(with_policy).lists.get(name="Bats")
    taxon_list_delete(taxon_list=bats, user=admin_user)
    result = resource_from_ipt_folder(path=path, user=manager, shortname="ponds-copy")
    copy = result.resource
    exported = policy_json(with_policy, names=True)
    imported = policy_json(copy, names=True)
    assert imported == {
        **exported,
        "taxa": [*exported["taxa"], {"name": "Myotis myotis"}],
        "lists": ["Red list"],
    }
    assert "There is no shared list Bats here: its 1 taxa became the policy's own." in (
        result.notes
    )
    policy = sensitivity_policy(copy)
    assert policy is not None
    assert [t.name for t in policy.taxa] == ["Lynx lynx", "Myotis myotis", "Ursus arctos"]
    assert policy.secret != sensitivity_policy(with_policy).secret


def test_a_resource_without_policy_imports_without_one(manager, data_dir):
    resource = make_resource(manager, "ponds")
    path = resource_export_file(resource=resource)
    copy = resource_from_ipt_folder(path=path, user=manager, shortname="ponds-copy").resource
    assert policy_json(copy) is None
