"""Resources published for real (demo pond survey) or faked quickly (a small zip and EML
written beside a Version row), and clients for each kind of viewer."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from metadata.eml.model import Agent, Document, KeywordSet, Licence, Title
from metadata.eml.write import write_eml
from publisher.models import Role
from resources.models import Resource, Version, Visibility
from resources.services.resources import resource_dir
from resources.services.visibility import (
    resource_mark_registered,
    resource_visibility_change,
    resource_withdraw,
)
from tests.factories import ResourceFactory, UserFactory
from tests.resources.publication.conftest import make_resource, publish_inline

META = b"""<?xml version="1.0" encoding="UTF-8"?>
<archive xmlns="http://rs.tdwg.org/dwc/text/" metadata="eml.xml">
  <core encoding="UTF-8" fieldsTerminatedBy="\\t" linesTerminatedBy="\\n" fieldsEnclosedBy=""
        ignoreHeaderLines="1" rowType="http://rs.tdwg.org/dwc/terms/Event">
    <files><location>event.txt</location></files>
    <id index="0"/>
    <field index="1" term="http://rs.tdwg.org/dwc/terms/eventDate"/>
    <field index="2" term="http://rs.tdwg.org/dwc/terms/decimalLatitude"/>
    <field index="3" term="http://rs.tdwg.org/dwc/terms/decimalLongitude"/>
  </core>
</archive>
"""


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def manager(db):
    return UserFactory(role=Role.MANAGER, email="manager@example.org")


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def document(title: str, **extra) -> Document:
    doc = Document(
        titles=[Title(text=title)],
        abstract=["Frogs counted at two ponds."],
        licence=Licence(
            name="CC-BY 4.0", url="http://creativecommons.org/licenses/by/4.0/legalcode"
        ),
        contacts=[Agent(given_name="Ann", sur_name="Frog", emails=["ann@example.org"])],
        creators=[Agent(given_name="Ann", sur_name="Frog", emails=["ann@example.org"])],
        keyword_sets=[KeywordSet(keywords=["amphibians"])],
        language="en",
        metadata_language="en",
        dataset_type="samplingevent",
    )
    for name, value in extra.items():
        setattr(doc, name, value)
    return doc


def archive_bytes(rows: int = 3) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("meta.xml", META)
        lines = ["id\teventDate\tdecimalLatitude\tdecimalLongitude"]
        lines += [
            "E%d\t20%02d-05-01\t5%d.1\t1%d.2" % (n, 10 + n % 5, n % 9, n % 9) for n in range(rows)
        ]
        zf.writestr("event.txt", "\n".join(lines) + "\n")
        zf.writestr("eml.xml", b"<eml/>")
    return buffer.getvalue()


def fake_version(
    resource: Resource,
    label: str = "1.0",
    *,
    visibility: str | None = None,
    doc: Document | None = None,
    records: int = 3,
    change_summary: str = "",
) -> Version:
    """A published version without running a publication: files and row."""
    folder = resource_dir(resource)
    folder.mkdir(parents=True, exist_ok=True)
    archive = archive_bytes(records)
    (folder / ("dwca-%s.zip" % label)).write_bytes(archive)
    doc = doc or document(resource.title or resource.shortname)
    doc.package_id = doc.package_id or "package-%s/v%s" % (resource.pk, label)
    (folder / ("eml-%s.xml" % label)).write_bytes(write_eml(doc, package_id=doc.package_id))
    major, minor = (int(p) for p in label.split("."))
    version = Version.objects.create(
        resource=resource,
        major=major,
        minor=minor,
        label=label,
        title=doc.title,  # as the publication stores it
        records=records,
        counts={"event.txt": records},
        archive_name="dwca-%s.zip" % label,
        archive_size=len(archive),
        eml_name="eml-%s.xml" % label,
        visibility=visibility or resource.visibility,
        change_summary=change_summary,
    )
    if resource.published_at is None:
        Resource.objects.filter(pk=resource.pk).update(published_at=timezone.now())
        resource.published_at = version.published_at
    return version


def fake_published(visibility: str = Visibility.PUBLIC, *, title: str = "", **kwargs):
    """A resource with one version, in ``visibility``."""
    resource = ResourceFactory(title=title or "Pond survey", visibility=visibility)
    fake_version(resource, visibility=visibility, **kwargs)
    return resource


def publish_in_state(resource: Resource, user, state: str) -> None:
    """Publish ``resource`` for real and bring it to ``state``."""
    if state in (Visibility.PUBLIC, Visibility.REGISTERED, Visibility.DELETED):
        resource_visibility_change(resource=resource, user=user, visibility=Visibility.PUBLIC)
    job = publish_inline(resource, user, change_summary="First release")
    assert job.status == "succeeded", job.error_message
    resource.refresh_from_db()
    if state == Visibility.REGISTERED:
        resource_mark_registered(resource=resource)
    elif state == Visibility.DELETED:
        resource_withdraw(resource=resource, user=user)


__all__ = ["make_resource", "publish_inline"]
