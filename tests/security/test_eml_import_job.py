"""A large EML document is previewed and imported by a background job, not in the request
(issue #16, item 10): the request only stages it; the page and the API follow the job."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from core.jobs.executor import execute
from core.models import Job, JobStatus
from core.services.tmp import tmp_sweep
from metadata.eml.model import Agent, Document, Title
from metadata.eml.write import write_eml
from metadata.jobs import METADATA_IMPORT, MetadataImportParams
from metadata.services.documents import metadata_get
from publisher.models import Role
from tests.factories import ResourceFactory, UserFactory

pytestmark = pytest.mark.django_db

CREATORS = 40
BOUND = 2000  # bytes: EML_IMPORT_INLINE_BYTES in these tests


@pytest.fixture
def creator():
    return UserFactory(role=Role.MANAGER, email="creator@example.org")


@pytest.fixture
def resource(creator):
    return ResourceFactory(shortname="ponds", title="Pond survey", creator=creator)


@pytest.fixture
def client(creator):
    client = Client()
    client.force_login(creator)
    return client


@pytest.fixture(autouse=True)
def small_bound(settings, data_dir):
    settings.EML_IMPORT_INLINE_BYTES = BOUND


def eml(creators: int) -> bytes:
    doc = Document(titles=[Title("Amphibians of the ponds")], dataset_type="samplingevent")
    doc.creators = [Agent(given_name="Ada", sur_name="Holm %d" % i) for i in range(creators)]
    doc.contacts = [Agent(sur_name="Holm", emails=["holm@example.org"])]
    return write_eml(doc, package_id="3f0f8e8e-8d0f-4b8e-9d7e-6b7c2f5a1c11")


def import_url() -> str:
    return reverse("metadata-import", args=["ponds"])


def upload(client, data: bytes, name: str = "big.xml"):
    return client.post(import_url(), {"eml": SimpleUploadedFile(name, data, "text/xml")})


def tree(response) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(response.content.decode())


def job_of(response) -> Job:
    assert response.status_code == 302
    job_id = response["Location"].split("job=", 1)[1]
    return Job.objects.get(pk=job_id)


def test_a_large_eml_is_not_parsed_in_the_request_but_by_a_job(client, resource):
    data = eml(CREATORS)
    assert len(data) > BOUND
    before = metadata_get(resource)
    response = upload(client, data)
    job = job_of(response)
    assert job.kind == METADATA_IMPORT
    assert job.status == JobStatus.PENDING
    assert job.target_id == str(resource.pk)
    params = MetadataImportParams.from_json(job.params)
    assert params.resource == resource.pk and params.filename == "big.xml" and not params.apply
    staged = Path(params.folder) / "eml.xml"
    assert staged.read_bytes() == data
    tmp_sweep(max_age_hours=0)
    assert staged.read_bytes() == data  # the sweep keeps what the pending job needs
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert tree(page).xpath('//*[@data-testid="import-job"]//*[@data-testid="job-status"]')
    assert metadata_get(resource) == before

    assert execute(str(job.pk)).status == JobStatus.SUCCEEDED
    job.refresh_from_db()
    paths = [c["path"] for c in job.result["changes"]]
    assert any(p.startswith("creators[%d]" % (CREATORS - 1)) for p in paths)
    assert job.result["change_count"] >= CREATORS
    assert not staged.exists()  # the job removed its copy

    page = client.get(response["Location"])
    assert page.status_code == 200
    shown = tree(page).xpath('//tr[@data-testid="import-change"]/td[2]/code/text()')
    assert any(p.startswith("creators[%d]" % (CREATORS - 1)) for p in shown)
    assert metadata_get(resource) == before


def test_confirming_a_large_eml_applies_it_in_a_job(client, resource, creator):
    response = upload(client, eml(CREATORS))
    job = job_of(response)
    execute(str(job.pk))
    page = client.get(response["Location"])
    sha = tree(page).xpath('//input[@name="sha256"]/@value')[0]
    confirmed = client.post(import_url(), {"confirm": "1", "sha256": sha})
    applying = job_of(confirmed)
    assert applying.kind == METADATA_IMPORT
    assert MetadataImportParams.from_json(applying.params).apply
    assert len(metadata_get(resource).creators) != CREATORS  # not in the request

    assert execute(str(applying.pk)).status == JobStatus.SUCCEEDED
    doc = metadata_get(resource)
    assert len(doc.creators) == CREATORS
    assert doc.creators[-1].sur_name == "Holm %d" % (CREATORS - 1)
    done = client.get(confirmed["Location"], follow=True)
    assert done.redirect_chain[-1][0] == reverse("metadata-edit", args=["ponds", "basic"])
    assert "big.xml was imported" in done.content.decode()


def test_a_broken_large_eml_fails_its_job_with_the_line(client, resource):
    data = eml(CREATORS).replace(b"</creator>", b"</creatr>", 1)
    response = upload(client, data)
    job = job_of(response)
    assert execute(str(job.pk)).status == JobStatus.FAILED
    job.refresh_from_db()
    assert job.error_code == "metadata:eml"
    assert "line" in job.error_message
    page = client.get(response["Location"])
    error = tree(page).xpath('//*[@data-testid="import-error"]')[0].text_content()
    assert "big.xml" in error and "line" in error


def test_a_small_eml_still_previews_in_the_request(client, resource):
    data = eml(1)
    assert len(data) <= BOUND
    response = upload(client, data, "small.xml")
    assert response.status_code == 200
    paths = tree(response).xpath('//tr[@data-testid="import-change"]/td[2]/code/text()')
    assert "titles[0].text" in paths
    assert not Job.objects.filter(kind=METADATA_IMPORT).exists()


def test_the_api_answers_a_large_eml_with_an_import_job(resource, creator):
    api = APIClient()
    api.force_authenticate(creator)
    url = "/api/v1/resources/ponds/metadata"
    response = api.put(url, eml(CREATORS), content_type="application/xml")
    assert response.status_code == 202
    job = Job.objects.get(pk=response.json()["id"])
    assert job.kind == METADATA_IMPORT and MetadataImportParams.from_json(job.params).apply
    assert execute(str(job.pk)).status == JobStatus.SUCCEEDED
    assert len(metadata_get(resource).creators) == CREATORS
    small = api.put(url, eml(1), content_type="application/xml")
    assert small.status_code == 200
    assert len(metadata_get(resource).creators) == 1
