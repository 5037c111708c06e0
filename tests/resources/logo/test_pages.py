"""The logo upload and removal pages, ``/logo.do`` serving the upload, the landing page."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from publisher.models import Role
from resources.models import Visibility
from resources.services.logo import resource_logo_path
from tests.factories import ResourceFactory, UserFactory
from tests.resources.portal.conftest import document, fake_published

from .images import HTML, png

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def post_logo(client: Client, resource, data: bytes, name: str = "logo.png"):
    return client.post(
        reverse("metadata-logo", args=[resource.shortname]),
        {"logo": SimpleUploadedFile(name, data, content_type="image/png")},
    )


@pytest.fixture
def resource(data_dir):
    return ResourceFactory(shortname="ponds")  # private


def test_a_manager_uploads_a_logo_and_logo_do_serves_it(resource):
    manager = client_for(resource.creator)
    response = post_logo(manager, resource, png())
    assert response["Location"] == "/manage/resources/ponds/metadata/additional/#logo"
    served = manager.get("/logo.do?r=ponds")
    assert served.status_code == 200 and served["Content-Type"] == "image/png"
    assert b"".join(served.streaming_content) == png()
    assert served["X-Content-Type-Options"] == "nosniff"


def test_the_editor_shows_the_uploaded_logo_with_a_remove_button(resource):
    manager = client_for(resource.creator)
    page = manager.get(reverse("metadata-edit", args=["ponds", "additional"])).content.decode()
    assert 'data-testid="logo-form"' in page and 'data-testid="logo-remove"' not in page
    post_logo(manager, resource, png())
    page = manager.get(reverse("metadata-edit", args=["ponds", "additional"])).content.decode()
    assert 'src="/logo.do?r=ponds"' in page and 'data-testid="logo-remove"' in page
    assert 'value="http://127.0.0.1:8000/logo.do?r=ponds"' in page  # the logo URL field


def test_html_named_png_is_refused_with_a_message(resource):
    manager = client_for(resource.creator)
    answer = manager.post(
        reverse("metadata-logo", args=["ponds"]),
        {"logo": SimpleUploadedFile("logo.png", HTML, content_type="image/png")},
        follow=True,
    )
    assert "not a PNG, JPEG or GIF image" in answer.content.decode()
    assert resource_logo_path(resource) is None


def test_the_private_resource_logo_is_hidden_from_anonymous_visitors(resource):
    post_logo(client_for(resource.creator), resource, png())
    assert Client().get("/logo.do?r=ponds").status_code == 404
    other = client_for(UserFactory(role=Role.MANAGER))
    assert other.get("/logo.do?r=ponds").status_code == 404


def test_a_public_resource_logo_is_served_to_anyone_and_shown_on_its_landing_page(data_dir):
    resource = fake_published(Visibility.PUBLIC)
    post_logo(client_for(resource.creator), resource, png())
    anonymous = Client()
    assert anonymous.get("/logo.do?r=%s" % resource.shortname).status_code == 200
    page = anonymous.get("/resource?r=%s" % resource.shortname).content.decode()
    assert '<img class="landing-logo" src="/logo.do?r=%s"' % resource.shortname in page


def test_someone_who_does_not_manage_the_resource_cannot_upload_or_remove(resource):
    other = client_for(UserFactory(role=Role.MANAGER))
    assert post_logo(other, resource, png()).status_code == 404
    assert resource_logo_path(resource) is None
    post_logo(client_for(resource.creator), resource, png())
    remove = reverse("metadata-logo-remove", args=["ponds"])
    assert other.post(remove).status_code == 404
    anonymous = Client().post(remove)
    assert anonymous.status_code == 302 and "/login" in anonymous["Location"]
    assert resource_logo_path(resource) is not None


def test_a_manager_removes_the_logo(resource):
    manager = client_for(resource.creator)
    post_logo(manager, resource, png())
    response = manager.post(reverse("metadata-logo-remove", args=["ponds"]), follow=True)
    assert "The logo was removed." in response.content.decode()
    assert resource_logo_path(resource) is None
    assert manager.get("/logo.do?r=ponds").status_code == 404


def test_upload_and_remove_answer_only_posts(resource):
    manager = client_for(resource.creator)
    assert manager.get(reverse("metadata-logo", args=["ponds"])).status_code == 405
    assert manager.get(reverse("metadata-logo-remove", args=["ponds"])).status_code == 405


def test_a_logo_kept_elsewhere_is_not_put_on_the_landing_page(data_dir):
    doc = document("Pond survey", resource_logo_url="https://example.org/frog.png")
    resource = fake_published(Visibility.PUBLIC, doc=doc)
    page = Client().get("/resource?r=%s" % resource.shortname).content.decode()
    assert 'data-testid="landing-logo"' not in page  # the CSP would block the image
    served = Client().get("/logo.do?r=%s" % resource.shortname)
    assert served.status_code == 302 and served["Location"] == "https://example.org/frog.png"
