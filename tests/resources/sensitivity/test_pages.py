"""The sensitive-species page of a resource and the admin pages of shared lists."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from publisher.models import Role
from resources.models import SensitivityPolicy, TaxonList
from resources.sensitivity.policy import Taxon
from resources.services.sensitivity import policy_update, sensitivity_policy, taxon_list_create
from tests.factories import ResourceFactory, UserFactory

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def resource():
    return ResourceFactory(shortname="ponds")


def _url(name="resource-sensitivity", *args):
    return reverse(name, args=args or ["ponds"])


def _post(**changes):
    data = {
        "kind": "coordinates",
        "grid": "0.1",
        "rank": "genus",
        "terms": "",
        "taxa": "",
        "mode": "replace",
    }
    data.update(changes)
    return data


def test_anonymous_people_are_sent_to_log_in(resource):
    response = Client().get(_url())
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_another_manager_gets_404(resource):
    stranger = UserFactory(role=Role.MANAGER)
    assert _client(stranger).get(_url()).status_code == 404
    response = _client(stranger).post(_url(), _post(taxa="Lynx lynx"))
    assert response.status_code == 404
    assert not SensitivityPolicy.objects.exists()
    assert _client(stranger).post(_url("resource-sensitivity-delete")).status_code == 404


def test_the_overview_links_to_the_page(resource):
    page = _client(resource.creator).get(reverse("resource-overview", args=["ponds"]))
    assert _url() in page.content.decode()


def test_a_manager_sets_taxa_action_option_and_lists(resource, admin_user):
    red = taxon_list_create(user=admin_user, name="Red list", taxa=[Taxon("Ursus arctos")])
    client = _client(resource.creator)
    page = client.get(_url())
    assert page.status_code == 200
    assert "Red list" in page.content.decode()
    response = client.post(
        _url(),
        _post(
            kind="identification",
            rank="family",
            separate_events="on",
            taxa="Lynx lynx | species | Felis lynx\n",
            lists=[red.pk],
        ),
    )
    assert response.status_code == 302
    policy = sensitivity_policy(resource)
    assert policy is not None
    assert [t.name for t in policy.taxa] == ["Lynx lynx", "Ursus arctos"]
    assert policy.taxa[0].synonyms == ("Felis lynx",)
    assert policy.default.rank == "family"
    assert policy.separate_events is True
    again = client.get(_url()).content.decode()
    assert "Lynx lynx | species | Felis lynx" in again


def test_a_bad_grid_is_shown_on_its_field(resource):
    response = _client(resource.creator).post(_url(), _post(grid="7", taxa="Lynx lynx"))
    assert response.status_code == 400
    assert "Unknown grid" in response.context["form"].errors["grid"][0]
    assert not SensitivityPolicy.objects.exists()


def test_an_upload_replaces_or_joins_the_typed_taxa(resource):
    client = _client(resource.creator)
    csv = b"scientificName,action\nUrsus arctos,withhold\n"
    upload = SimpleUploadedFile("red.csv", csv, content_type="text/csv")
    client.post(_url(), _post(taxa="Lynx lynx", upload=upload, mode="append"))
    policy = sensitivity_policy(resource)
    assert policy is not None
    assert [t.name for t in policy.taxa] == ["Lynx lynx", "Ursus arctos"]
    assert policy.taxa[1].action is not None
    upload = SimpleUploadedFile("red.csv", csv, content_type="text/csv")
    client.post(_url(), _post(taxa="Lynx lynx", upload=upload, mode="replace"))
    policy = sensitivity_policy(resource)
    assert policy is not None
    assert [t.name for t in policy.taxa] == ["Ursus arctos"]


def test_a_bad_upload_names_line_and_column(resource):
    upload = SimpleUploadedFile("red.csv", b"name,action\nLynx lynx,blur\n")
    response = _client(resource.creator).post(_url(), _post(upload=upload))
    assert response.status_code == 400
    assert response.context["form"].errors["upload"] == [
        "red.csv, line 2, column 2: Unknown action; use withhold, coordinates, "
        "identification or fields."
    ]


def test_removing_the_policy_needs_confirming(resource):
    policy_update(resource=resource, user=resource.creator, data={"taxa": [{"name": "A b"}]})
    client = _client(resource.creator)
    client.post(_url("resource-sensitivity-delete"))
    assert SensitivityPolicy.objects.filter(resource=resource).exists()
    client.post(_url("resource-sensitivity-delete"), {"confirm": "on"})
    assert not SensitivityPolicy.objects.filter(resource=resource).exists()


def test_only_admins_see_the_shared_lists(manager_user):
    assert _client(manager_user).get(reverse("taxon-list-list")).status_code == 403
    assert Client().get(reverse("taxon-list-list")).status_code == 302


def test_an_admin_creates_edits_and_removes_a_list(admin_user):
    client = _client(admin_user)
    upload = SimpleUploadedFile("red.csv", b"scientificName\nLynx lynx\nUrsus arctos\n")
    response = client.post(
        reverse("taxon-list-new"),
        {
            "name": "Red list",
            "description": "National",
            "taxa": "",
            "mode": "replace",
            "upload": upload,
        },
    )
    assert response.status_code == 302
    shared = TaxonList.objects.get(name="Red list")
    assert [t["name"] for t in shared.taxa] == ["Lynx lynx", "Ursus arctos"]
    listing = client.get(reverse("taxon-list-list")).content.decode()
    assert "Red list" in listing
    response = client.post(
        reverse("taxon-list-edit", args=[shared.pk]),
        {"name": "Red list 2026", "description": "", "taxa": "Lynx lynx", "mode": "replace"},
    )
    assert response.status_code == 302
    shared.refresh_from_db()
    assert (shared.name, shared.taxa) == ("Red list 2026", [{"name": "Lynx lynx"}])
    client.post(reverse("taxon-list-delete", args=[shared.pk]))
    assert not TaxonList.objects.exists()


def test_a_taken_list_name_is_shown_on_the_name(admin_user):
    taxon_list_create(user=admin_user, name="Red list")
    response = _client(admin_user).post(
        reverse("taxon-list-new"), {"name": "Red list", "taxa": "", "mode": "replace"}
    )
    assert response.status_code == 400
    assert response.context["form"].errors["name"]
