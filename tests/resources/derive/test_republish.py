# ruff: noqa: F811 - the registry fixtures are imported, then asked for by name
"""An occurrence dataset republished as a sampling-event dataset: in place (same GBIF key,
a new major version) and as a new dataset naming the original in dc:replaces. The data is a
real IPT occurrence archive (MODIRISK mosquito monitoring, 2382 occurrences)."""

from __future__ import annotations

import zipfile

import pytest
from django.test import Client
from django.urls import reverse
from dwca.read import DwCAReader

from catalogue.models import Extension
from core.errors import UserError
from core.models import Job, JobStatus
from metadata.eml.parse import parse_eml
from metadata.services.documents import metadata_get
from publisher.models import Role
from publisher.services.registration import DATASET_UPDATE, dataset_register_start
from resources.models import Resource, ResourceType, Visibility
from resources.services.derive import derive_suggest, split_from
from resources.services.mappings import mapping_create, translation_set
from resources.services.publication import latest_version, version_path
from resources.services.republish import (
    helpdesk_mail,
    republish_as_new,
    republish_in_place,
)
from resources.services.resources import resource_create
from resources.services.visibility import resource_visibility_change
from tests.conftest import TEST_DATA
from tests.factories import UserFactory
from tests.publisher.registry.conftest import (  # noqa: F401 - fixtures
    configured,
    installation,
    org_key,
    organisation,
    registry,
    run,
)

from ..publication.conftest import add_sources, publish_inline, valid_metadata

pytestmark = pytest.mark.django_db

MODIRISK = (
    TEST_DATA
    / "datasets"
    / "occurrence"
    / "modirisk-monitoring-2"
    / "dwca-modirisk-monitoring-2-v3.5.zip"
)
DWC = "http://rs.tdwg.org/dwc/terms/"
OCCURRENCE = DWC + "Occurrence"


def occurrence_resource(user, shortname: str = "modirisk") -> Resource:
    """The MODIRISK occurrence table uploaded and mapped as the Occurrence core, as a
    publisher would (auto-mapping), with valid metadata."""
    resource = resource_create(
        shortname=shortname, creator=user, title="MODIRISK", type=ResourceType.OCCURRENCE
    )
    with zipfile.ZipFile(MODIRISK) as zf:
        add_sources(resource, {"occurrence.txt": zf.read("occurrence.txt")})
    mapping_create(
        resource=resource,
        source=resource.sources.get(),
        extension=Extension.objects.get(row_type=OCCURRENCE),
    )
    valid_metadata(resource)
    return resource


EVENT_KEY = ("locality", "eventDate")  # what the suggestion keys the events by


def published_occurrence_resource(user, organisation=None) -> Resource:
    """The MODIRISK occurrences published as version 1.0, public; ``sex`` translated."""
    resource = occurrence_resource(user)
    mapping = resource.mappings.get()
    translation_set(mapping=mapping, term=DWC + "sex", translations={"Female": "female"})
    resource_visibility_change(resource=resource, user=user, visibility=Visibility.PUBLIC)
    if organisation is not None:
        resource.organisation = organisation
        resource.save(update_fields=["organisation"])
    job = publish_inline(resource, user)
    assert job.status == JobStatus.SUCCEEDED, job.error_message
    resource.refresh_from_db()
    return resource


def original_rows() -> dict[str, dict[str, str]]:
    """The original table's rows by occurrenceID (column name -> value)."""
    with zipfile.ZipFile(MODIRISK) as zf:
        lines = zf.read("occurrence.txt").decode("utf-8").splitlines()
    header = lines[0].split("\t")
    rows = [dict(zip(header, line.split("\t"), strict=True)) for line in lines[1:]]
    return {row["occurrenceID"]: row for row in rows}


def occurrences_of_occurrence_archive(path) -> dict[str, dict]:
    with DwCAReader(str(path)) as dwca:
        assert dwca.descriptor.core.type == OCCURRENCE
        return {row.data[DWC + "occurrenceID"]: dict(row.data) for row in dwca}


def occurrences_of_event_archive(path) -> list[tuple[str, dict]]:
    """(event id, occurrence terms) of every Occurrence extension row of an Event archive."""
    with DwCAReader(str(path)) as dwca:
        assert dwca.descriptor.core.type == DWC + "Event"
        assert [e.type for e in dwca.descriptor.extensions] == [OCCURRENCE]
        return [(event.id, dict(occ.data)) for event in dwca for occ in event.extensions]


def assert_occurrences_preserved(before: dict[str, dict], after: list[tuple[str, dict]]):
    """Every occurrence once, under the event of its locality and date, with the same values
    for the terms it still carries (only event-level terms left it)."""
    rows = original_rows()
    ids = [occ[DWC + "occurrenceID"] for _event, occ in after]
    assert len(ids) == len(set(ids)) == len(before) == 2382
    assert set(ids) == set(before)
    for event_id, occ in after:
        occurrence_id = occ[DWC + "occurrenceID"]
        row = rows[occurrence_id]
        assert event_id == ":".join(row[c] for c in EVENT_KEY)
        assert occ[DWC + "eventID"] == event_id
        old = before[occurrence_id]
        kept = {t: v for t, v in occ.items() if t != DWC + "eventID"}
        assert kept == {t: old[t] for t in kept}, occurrence_id
    sample = next(occ for _e, occ in after if occ[DWC + "occurrenceID"] == "MODIRISK:43")
    assert sample[DWC + "sex"] == "female"  # the old mapping's translation was kept
    assert sample[DWC + "individualCount"] == "3"
    assert DWC + "samplingProtocol" not in sample  # event-level now


def suggested_split(resource: Resource):
    """The suggested split without its parent events: ``locality``, their key, is empty on
    683 of the rows, and parent events need an id."""
    split = split_from(derive_suggest(resource.sources.get())["split"])
    assert split.key == list(EVENT_KEY)
    split.event.update(split.parent)
    split.parent_key, split.parent = [], {}
    return split


def test_republished_in_place_the_registry_gets_the_same_key_as_sampling_event_v2(
    data_dir, publisher_user, installation, organisation, registry
):
    resource = published_occurrence_resource(publisher_user, organisation)
    before = occurrences_of_occurrence_archive(version_path(latest_version(resource), "archive"))
    job = run(dataset_register_start(resource=resource, user=publisher_user))
    assert job.status == JobStatus.SUCCEEDED, job.error_message
    key = job.result["key"]
    assert registry.datasets[key]["type"] == "OCCURRENCE"
    doi = registry.datasets[key]["doi"]

    republish_in_place(resource=resource, split=suggested_split(resource), by=publisher_user)
    resource.refresh_from_db()
    assert resource.type == ResourceType.SAMPLING_EVENT
    assert resource.next_major
    assert metadata_get(resource).dataset_type == "sampling-event"
    job = publish_inline(resource, publisher_user)
    assert job.status == JobStatus.SUCCEEDED, job.error_message
    update = run(Job.objects.get(kind=DATASET_UPDATE))
    assert update.status == JobStatus.SUCCEEDED, update.error_message

    resource.refresh_from_db()
    version = latest_version(resource)
    assert version.label == "2.0"
    assert not resource.next_major  # the version after is 2.1 again
    assert str(resource.gbif_key) == key
    request = registry.calls("POST", "/registry/ipt/resource/")[-1]
    assert request.path == "/registry/ipt/resource/%s" % key
    assert "DWC-ARCHIVE-SAMPLING-EVENT" in request.field("serviceTypes")
    assert registry.datasets[key]["type"] == "SAMPLING_EVENT"
    assert registry.datasets[key]["doi"] == doi
    assert len(registry.datasets) == 1
    after = occurrences_of_event_archive(version_path(version, "archive"))
    assert_occurrences_preserved(before, after)


def test_republished_as_new_a_sampling_event_resource_replaces_the_original(data_dir, manager_user):
    original = published_occurrence_resource(manager_user)
    before = occurrences_of_occurrence_archive(version_path(latest_version(original), "archive"))

    new = republish_as_new(
        resource=original, split=suggested_split(original), by=manager_user, shortname="modi-ev"
    )

    original.refresh_from_db()
    assert original.type == ResourceType.OCCURRENCE  # left as it was
    assert original.mappings.get().extension.row_type == OCCURRENCE
    assert new.type == ResourceType.SAMPLING_EVENT and new.republished_from == original
    assert new.sources.get().path != original.sources.get().path  # a copy, not shared
    assert manager_user in new.managers.all()
    job = publish_inline(new, manager_user)
    assert job.status == JobStatus.SUCCEEDED, job.error_message
    version = latest_version(new)
    assert version.label == "1.0"
    eml = parse_eml(version_path(version, "eml").read_bytes())
    assert eml.dataset_type == "sampling-event"
    assert eml.replaces.endswith("/resource?r=modirisk")  # neither key nor DOI
    assert eml.title == "MODIRISK"
    assert_occurrences_preserved(
        before, occurrences_of_event_archive(version_path(version, "archive"))
    )
    mail = helpdesk_mail(new)
    assert mail is not None and mail.href == ""  # neither is registered


def test_the_replaced_dataset_is_named_by_its_gbif_key_when_registered(data_dir, manager_user):
    original = published_occurrence_resource(manager_user)
    original.gbif_key = "0a7d6c4b-5f1e-4c8e-9a0f-3b2d1e6f7a89"
    original.save(update_fields=["gbif_key"])
    new = republish_as_new(
        resource=original, split=suggested_split(original), by=manager_user, shortname="modi-ev"
    )
    assert metadata_get(new).replaces == "0a7d6c4b-5f1e-4c8e-9a0f-3b2d1e6f7a89"
    assert helpdesk_mail(new).href == ""  # the new one must be registered first
    new.gbif_key = "9b8c7d6e-5f4a-4b3c-8d2e-1f0a9b8c7d6e"
    new.save(update_fields=["gbif_key"])
    href = helpdesk_mail(new).href
    assert href.startswith("mailto:helpdesk@gbif.org?subject=")
    assert "0a7d6c4b-5f1e-4c8e-9a0f-3b2d1e6f7a89" in href
    assert "9b8c7d6e-5f4a-4b3c-8d2e-1f0a9b8c7d6e" in href


def test_only_managers_republish_and_only_occurrence_resources(data_dir, manager_user):
    resource = occurrence_resource(manager_user)
    split = suggested_split(resource)
    stranger = UserFactory(role=Role.MANAGER)
    with pytest.raises(UserError) as info:
        republish_in_place(resource=resource, split=split, by=stranger)
    assert info.value.code == "republish:forbidden"
    with pytest.raises(UserError) as info:
        republish_as_new(resource=resource, split=split, by=stranger, shortname="stolen")
    assert info.value.code == "republish:forbidden"
    assert not Resource.objects.filter(shortname="stolen").exists()
    republish_in_place(resource=resource, split=split, by=manager_user)
    with pytest.raises(UserError) as info:
        republish_in_place(resource=resource, split=split, by=manager_user)
    assert info.value.code == "republish:not-occurrence"


# --- the page ---------------------------------------------------------------------------------


def page_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_page_explains_both_ways_and_shows_the_proposed_events(data_dir, manager_user):
    resource = occurrence_resource(manager_user)
    client = page_client(manager_user)
    overview = client.get(reverse("resource-overview", args=["modirisk"])).content.decode()
    assert reverse("resource-republish", args=["modirisk"]) in overview

    page = client.get(reverse("resource-republish", args=["modirisk"])).content.decode()

    assert "GBIF key" in page and "occurrenceID" in page and "help desk" in page
    assert 'data-testid="split-key">locality, eventDate<' in page
    assert "741 events" in page and "2,382 occurrences" in page
    assert 'data-testid="republish-in-place"' in page and 'data-testid="republish-as-new"' in page
    resource.refresh_from_db()
    assert resource.type == ResourceType.OCCURRENCE  # looking changes nothing


def test_the_in_place_button_makes_it_a_sampling_event_resource(data_dir, manager_user):
    resource = occurrence_resource(manager_user)
    url = reverse("resource-republish", args=["modirisk"])
    response = page_client(manager_user).post(url, {"way": "in-place"})
    assert response.status_code == 302
    resource.refresh_from_db()
    assert resource.type == ResourceType.SAMPLING_EVENT and resource.next_major
    page = page_client(manager_user).get(url).content.decode()
    assert 'data-testid="republish-problem"' in page  # no second time
    assert 'data-testid="republish-in-place"' not in page


def test_the_new_dataset_button_opens_the_new_resource_with_the_help_desk_card(
    data_dir, manager_user
):
    original = occurrence_resource(manager_user)
    original.gbif_key = "0a7d6c4b-5f1e-4c8e-9a0f-3b2d1e6f7a89"
    original.save(update_fields=["gbif_key"])
    client = page_client(manager_user)
    url = reverse("resource-republish", args=["modirisk"])
    refused = client.post(url, {"way": "as-new", "shortname": "modirisk"})
    assert refused.status_code == 400  # the short name is taken
    assert Resource.objects.count() == 1

    response = client.post(url, {"way": "as-new", "shortname": "modirisk-events"})

    assert response["Location"] == reverse("resource-overview", args=["modirisk-events"])
    overview = client.get(response["Location"]).content.decode()
    assert 'data-testid="helpdesk-card"' in overview
    assert 'data-testid="helpdesk-register-first"' in overview
    assert "0a7d6c4b-5f1e-4c8e-9a0f-3b2d1e6f7a89" in overview
    assert "mailto:" not in overview
    new = Resource.objects.get(shortname="modirisk-events")
    new.gbif_key = "9b8c7d6e-5f4a-4b3c-8d2e-1f0a9b8c7d6e"
    new.save(update_fields=["gbif_key"])
    overview = client.get(response["Location"]).content.decode()
    assert 'href="mailto:helpdesk@gbif.org?subject=' in overview
    assert "9b8c7d6e-5f4a-4b3c-8d2e-1f0a9b8c7d6e" in overview


def test_strangers_get_404_and_republish_nothing(data_dir, manager_user):
    resource = occurrence_resource(manager_user)
    stranger = page_client(UserFactory(role=Role.MANAGER))
    url = reverse("resource-republish", args=["modirisk"])
    assert stranger.get(url).status_code == 404
    assert stranger.post(url, {"way": "in-place"}).status_code == 404
    resource.refresh_from_db()
    assert resource.type == ResourceType.OCCURRENCE
    assert Client().get(url).status_code == 302  # to log in
