"""Uploading and removing a resource logo: what is taken, where it goes, the metadata URL."""

from __future__ import annotations

import io

import pytest

from core.errors import UserError
from metadata.services.documents import metadata_get, metadata_save
from resources.services.logo import (
    LOGO_MAX_BYTES,
    logo_kind,
    resource_logo_path,
    resource_logo_remove,
    resource_logo_upload,
)
from resources.services.resources import resource_dir
from tests.factories import ResourceFactory

from .images import GIF, HTML, SVG, png

pytestmark = pytest.mark.django_db


@pytest.fixture
def resource(data_dir):
    return ResourceFactory(shortname="ponds")


def upload(resource, data: bytes):
    return resource_logo_upload(resource=resource, upload=io.BytesIO(data), user=None)


def test_kinds_are_told_by_their_first_bytes():
    assert logo_kind(png()) == "png"
    assert logo_kind(b"\xff\xd8\xff\xe0\x00\x10JFIF") == "jpg"
    assert logo_kind(GIF) == "gif"
    assert logo_kind(HTML) is None and logo_kind(SVG) is None and logo_kind(b"") is None


def test_a_png_is_stored_and_the_metadata_points_at_logo_do(resource):
    path = upload(resource, png())
    assert path == resource_dir(resource) / "logo.png"
    assert path.read_bytes() == png()
    assert resource_logo_path(resource) == path
    assert metadata_get(resource).resource_logo_url == "http://127.0.0.1:8000/logo.do?r=ponds"


def test_a_new_logo_replaces_one_of_another_type(resource):
    upload(resource, png())
    upload(resource, GIF)
    assert sorted(p.name for p in resource_dir(resource).iterdir() if "logo" in p.name) == [
        "logo.gif"
    ]


@pytest.mark.parametrize("data", [HTML, SVG], ids=["html", "svg"])
def test_a_file_that_is_not_an_image_is_refused_whatever_its_name(resource, data):
    with pytest.raises(UserError) as exc:
        upload(resource, data)
    assert exc.value.code == "resource:logo-type"
    assert resource_logo_path(resource) is None
    assert metadata_get(resource).resource_logo_url == ""


def test_a_logo_over_the_limit_is_refused_and_the_old_one_kept(resource):
    upload(resource, GIF)
    with pytest.raises(UserError) as exc:
        upload(resource, png() + b"\x00" * LOGO_MAX_BYTES)
    assert exc.value.code == "resource:logo-size"
    assert resource_logo_path(resource).read_bytes() == GIF


def test_removing_deletes_the_file_and_the_url_that_named_it(resource):
    upload(resource, png())
    assert resource_logo_remove(resource=resource, user=None) is True
    assert resource_logo_path(resource) is None
    assert metadata_get(resource).resource_logo_url == ""
    assert resource_logo_remove(resource=resource, user=None) is False


def test_removing_keeps_a_logo_url_of_another_site(resource):
    doc = metadata_get(resource)
    doc.resource_logo_url = "https://example.org/frog.png"
    metadata_save(resource, doc)
    resource_logo_remove(resource=resource, user=None)
    assert metadata_get(resource).resource_logo_url == "https://example.org/frog.png"
