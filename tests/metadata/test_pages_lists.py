"""Metadata editor pages: list buttons without JavaScript, shared contacts, coverage
helpers and citation settings."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from metadata.eml.model import Agent, KeywordSet, TaxonomicCoverage, UserId
from metadata.models import SharedContact
from metadata.services.coverage import metadata_settings_update
from metadata.services.documents import metadata_get, metadata_record
from publisher.models import Role
from tests.factories import ResourceFactory, UserFactory
from tests.metadata.test_pages_editor import edit_url, form_data, page, save_doc

pytestmark = pytest.mark.django_db


@pytest.fixture
def resource():
    return ResourceFactory(shortname="ponds", creator=UserFactory(role=Role.MANAGER))


@pytest.fixture
def client(resource):
    client = Client()
    client.force_login(resource.creator)
    return client


# --- list buttons without JavaScript --------------------------------------------------------


def test_add_shows_a_new_block_without_saving(client, resource):
    data = form_data(client.get(edit_url("contacts")))
    data["op"] = ["add:contacts"]
    response = client.post(edit_url("contacts"), data)
    assert response.status_code == 200
    tree = page(response)
    assert tree.xpath('//input[@name="contacts[0].sur_name"]')
    assert tree.xpath('//*[@data-testid="unsaved"]')
    assert tree.xpath("//*[@autofocus]/@id") == ["f-contacts[0].salutation"]
    assert metadata_get(resource).contacts == []
    data = form_data(response)
    data["contacts[0].sur_name"] = ["Holm"]
    client.post(edit_url("contacts"), data)
    assert [a.sur_name for a in metadata_get(resource).contacts] == ["Holm"]


def test_blank_blocks_are_dropped_on_saving(client, resource):
    data = form_data(client.get(edit_url("contacts")))
    data["op"] = ["add:metadata_providers"]
    data = form_data(client.post(edit_url("contacts"), data))
    client.post(edit_url("contacts"), data)
    assert metadata_get(resource).metadata_providers == []


def test_remove_and_move_change_the_unsaved_form(client, resource):
    save_doc(resource, contacts=[Agent(sur_name="A"), Agent(sur_name="B"), Agent(sur_name="C")])
    data = form_data(client.get(edit_url("contacts")))
    data["op"] = ["remove:contacts[0]"]
    response = client.post(edit_url("contacts"), data)
    names = page(response).xpath(
        '//input[starts-with(@name, "contacts[")]'
        '[substring(@name, string-length(@name) - 8) = ".sur_name"]/@value'
    )
    assert names == ["B", "C"]
    assert page(response).xpath("//*[@autofocus]/@id") == ["op-add-contacts"]
    data = form_data(response)
    data["op"] = ["up:contacts[1]"]
    response = client.post(edit_url("contacts"), data)
    assert page(response).xpath('//input[@name="contacts[0].sur_name"]/@value') == ["C"]
    assert [a.sur_name for a in metadata_get(resource).contacts] == ["A", "B", "C"]
    client.post(edit_url("contacts"), form_data(response))
    assert [a.sur_name for a in metadata_get(resource).contacts] == ["C", "B"]


def test_moving_the_last_item_down_keeps_the_order(client, resource):
    save_doc(resource, keyword_sets=[KeywordSet(["a"]), KeywordSet(["b"])])
    data = form_data(client.get(edit_url("keywords")))
    data["op"] = ["down:keyword_sets[1]"]
    response = client.post(edit_url("keywords"), data)
    assert page(response).xpath('//textarea[@name="keyword_sets[1].keywords"]/text()') == ["b"]


def test_first_and_last_items_disable_their_move_buttons(client, resource):
    save_doc(resource, contacts=[Agent(sur_name="A"), Agent(sur_name="B")])
    tree = page(client.get(edit_url("contacts")))
    assert tree.xpath('//button[@id="op-up-contacts[0]"]/@disabled')
    assert not tree.xpath('//button[@id="op-down-contacts[0]"]/@disabled')
    assert tree.xpath('//button[@id="op-down-contacts[1]"]/@disabled')
    assert tree.xpath('//button[@id="op-up-contacts[1]"]/@aria-label') == ["Move Contact 2 up"]


def test_nested_lists_are_added_to_inside_their_item(client, resource):
    save_doc(resource, creators=[Agent(sur_name="Holm")])
    data = form_data(client.get(edit_url("contacts")))
    data["op"] = ["add:creators[0].user_ids"]
    data = form_data(client.post(edit_url("contacts"), data))
    data.update(
        {
            "creators[0].user_ids[0].directory": ["https://orcid.org/"],
            "creators[0].user_ids[0].identifier": ["0000-0002-1825-0097"],
        }
    )
    client.post(edit_url("contacts"), data)
    assert metadata_get(resource).creators[0].user_ids == [
        UserId("https://orcid.org/", "0000-0002-1825-0097")
    ]


def test_a_button_naming_no_list_changes_nothing(client, resource):
    data = form_data(client.get(edit_url("contacts")))
    data["op"] = ["add:titles"]
    response = client.post(edit_url("contacts"), data)
    assert response.status_code == 200
    assert "nothing changed" in response.content.decode()


def test_copy_creator_to_contacts(client, resource):
    save_doc(resource, creators=[Agent(given_name="Ada", sur_name="Holm", emails=["a@b.org"])])
    data = form_data(client.get(edit_url("contacts")))
    data["op"] = ["copy:creators[0]"]
    response = client.post(edit_url("contacts"), data)
    assert page(response).xpath('//input[@name="contacts[0].sur_name"]/@value') == ["Holm"]
    assert page(response).xpath('//input[@name="contacts[0].emails[0]"]/@value') == ["a@b.org"]


def test_fields_the_form_does_not_show_survive_a_save(client, resource):
    save_doc(resource, creators=[Agent(sur_name="Holm", role="owner")])
    client.post(edit_url("contacts"), form_data(client.get(edit_url("contacts"))))
    assert metadata_get(resource).creators[0].role == "owner"


# --- shared contacts ------------------------------------------------------------------------


def test_contact_suggestions_offer_buttons_that_fill_the_block(client, resource):
    save_doc(
        resource,
        creators=[
            Agent(
                given_name="Ada",
                sur_name="Lovelace",
                organization="Analytical Society",
                emails=["ada@x.org"],
            )
        ],
    )
    contact = SharedContact.objects.get(label__startswith="Ada")
    url = reverse("metadata-contact-suggest", args=["ponds"])
    response = client.get(url, {"contacts[0].__contact": "love"})
    buttons = page(response).xpath('//button[@name="op"]/@value')
    assert buttons == ["pick:contacts[0]:%d" % contact.pk]
    data = form_data(client.get(edit_url("contacts")))
    data["op"] = ["add:contacts"]
    data = form_data(client.post(edit_url("contacts"), data))
    data["op"] = [buttons[0]]
    response = client.post(edit_url("contacts"), data)
    assert page(response).xpath('//input[@name="contacts[0].sur_name"]/@value') == ["Lovelace"]


def test_picking_a_contact_copies_only_its_valid_identifiers(client, resource):
    save_doc(resource, creators=[Agent(given_name="Ada", sur_name="Lovelace")])
    contact = SharedContact.objects.get()
    for stored in (contact, *contact.copies.all()):  # as saved before identifiers were checked
        stored.agent["user_ids"] = [
            {"directory": "https://orcid.org/", "identifier": "0000-0002-1825-0098"},
            {"directory": "https://orcid.org/", "identifier": "0000-0002-1825-0097"},
            {"directory": "https://ror.org/", "identifier": "03yrm5c27"},
        ]
        stored.save()
    data = form_data(client.get(edit_url("contacts")))
    data["op"] = ["add:contacts"]
    data = form_data(client.post(edit_url("contacts"), data))
    data["op"] = ["pick:contacts[0]:%d" % contact.pk]
    tree = page(client.post(edit_url("contacts"), data))
    values = tree.xpath('//input[starts-with(@name, "contacts[0].user_ids[")]/@value')
    assert values == ["0000-0002-1825-0097"]


def test_contact_suggestions_refuse_unknown_blocks(client, resource):
    url = reverse("metadata-contact-suggest", args=["ponds"])
    assert client.get(url, {"titles[0].__contact": "x"}).status_code == 400


# --- coverage, citations --------------------------------------------------------------------


def test_global_button_fills_the_bounding_box(client, resource):
    data = form_data(client.get(edit_url("geocoverage")))
    data["op"] = ["add:geographic_coverages"]
    data = form_data(client.post(edit_url("geocoverage"), data))
    data["op"] = ["global:geographic_coverages[0].bbox"]
    response = client.post(edit_url("geocoverage"), data)
    tree = page(response)
    values = [
        tree.xpath('//input[@name="geographic_coverages[0].bbox.%s"]/@value' % side)[0]
        for side in ("west", "east", "north", "south")
    ]
    assert values == ["-180", "180", "90", "-90"]
    rect = tree.xpath('//*[@data-testid="map-box"]')[0]
    assert (rect.get("x"), rect.get("y"), rect.get("width"), rect.get("height")) == (
        "-180",
        "-90",
        "360",
        "180",
    )


def test_geographic_coverage_saves_and_draws_its_box(client, resource):
    data = form_data(client.get(edit_url("geocoverage")))
    data["op"] = ["add:geographic_coverages"]
    data = form_data(client.post(edit_url("geocoverage"), data))
    data.update(
        {
            "geographic_coverages[0].description": ["Uppland ponds"],
            "geographic_coverages[0].bbox.west": ["17"],
            "geographic_coverages[0].bbox.east": ["19.5"],
            "geographic_coverages[0].bbox.north": ["60.5"],
            "geographic_coverages[0].bbox.south": ["59"],
            "coverage_mode": ["inferred"],
        }
    )
    response = client.post(edit_url("geocoverage"), data, follow=True)
    box = metadata_get(resource).geographic_coverages[0].bbox
    assert (box.west, box.east, box.north, box.south) == ("17", "19.5", "60.5", "59")
    record = metadata_record(resource)
    assert record.geographic_coverage_mode == "inferred"
    # choosing "inferred" for one coverage leaves the two others as they were
    assert (record.temporal_coverage_mode, record.taxonomic_coverage_mode) == ("entered",) * 2
    rect = page(response).xpath('//*[@data-testid="map-box"]')[0]
    assert (rect.get("x"), rect.get("y"), rect.get("width")) == ("17", "-60.5", "2.5")


def test_pasted_taxa_are_appended(client, resource):
    save_doc(resource, taxonomic_coverages=[TaxonomicCoverage("Amphibians")])
    data = form_data(client.get(edit_url("taxcoverage")))
    data["taxonomic_coverages[0].__paste"] = [
        "Rana temporaria\nBufo bufo\tspecies\nTriturus cristatus, Species, great crested newt\n"
    ]
    client.post(edit_url("taxcoverage"), data)
    taxa = metadata_get(resource).taxonomic_coverages[0].taxa
    assert [(t.scientific_name, t.rank, t.common_name) for t in taxa] == [
        ("Rana temporaria", "", ""),
        ("Bufo bufo", "species", ""),
        ("Triturus cristatus", "species", "great crested newt"),
    ]


def test_temporal_coverage_keeps_only_the_fields_of_its_kind(client, resource):
    data = form_data(client.get(edit_url("tempcoverage")))
    data["op"] = ["add:temporal_coverages"]
    data = form_data(client.post(edit_url("tempcoverage"), data))
    data.update(
        {
            "temporal_coverages[0].kind": ["range"],
            "temporal_coverages[0].start": ["2020-01-01"],
            "temporal_coverages[0].end": ["2021-12-31"],
            "temporal_coverages[0].period": ["Jurassic"],
        }
    )
    client.post(edit_url("tempcoverage"), data)
    coverage = metadata_get(resource).temporal_coverages[0]
    assert (coverage.kind, coverage.start, coverage.end, coverage.period) == (
        "range",
        "2020-01-01",
        "2021-12-31",
        "",
    )


def test_inferred_coverage_is_shown_on_the_coverage_pages(client, resource):
    record = metadata_record(resource)
    record.inferred = {
        "computed_at": "2024-05-01T10:00:00",
        "bbox": {"west": 17.1, "east": 18.2, "north": 60.0, "south": 59.0},
        "start": "2024-05-01",
        "end": "2024-05-02",
        "taxa": [{"scientific_name": "Rana temporaria", "rank": "species", "rows": 3}],
        "coordinates": 4,
        "dates": 4,
    }
    record.save()
    assert "17.1" in client.get(edit_url("geocoverage")).content.decode()
    assert "Rana temporaria" in client.get(edit_url("taxcoverage")).content.decode()
    assert "2024-05-02" in client.get(edit_url("tempcoverage")).content.decode()


def test_infer_now_starts_a_job_and_follows_it(client, resource):
    response = client.post(reverse("metadata-infer", args=["ponds"]), {"section": "taxcoverage"})
    assert response.status_code == 302
    assert response["Location"].startswith(edit_url("taxcoverage") + "?job=")
    assert 'data-testid="job-status"' in client.get(response["Location"]).content.decode()


def test_citation_auto_is_switched_on_the_citations_page(client, resource):
    metadata_settings_update(resource, citation_auto=True, user=None)
    data = form_data(client.get(edit_url("citations")))
    assert "citation_auto" in data
    del data["citation_auto"]
    data["citation.text"] = ["Holm A (2024) Ponds."]
    client.post(edit_url("citations"), data)
    assert metadata_record(resource).citation_auto is False
    assert metadata_get(resource).citation.text == "Holm A (2024) Ponds."
