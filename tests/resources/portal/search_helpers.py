"""Published resources whose archive names taxa and countries, with their search facts built
as a publication builds them."""

from __future__ import annotations

import io
import uuid
import zipfile

from publisher.models import Organisation
from resources.models import Resource, Visibility
from resources.services.resources import resource_dir
from resources.services.search import version_facts_build

from .conftest import document, fake_published, fake_version

META = b"""<?xml version="1.0" encoding="UTF-8"?>
<archive xmlns="http://rs.tdwg.org/dwc/text/" metadata="eml.xml">
  <core encoding="UTF-8" fieldsTerminatedBy="\\t" linesTerminatedBy="\\n" fieldsEnclosedBy=""
        ignoreHeaderLines="1" rowType="http://rs.tdwg.org/dwc/terms/Occurrence">
    <files><location>occurrence.txt</location></files>
    <id index="0"/>
    <field index="1" term="http://rs.tdwg.org/dwc/terms/eventDate"/>
    <field index="2" term="http://rs.tdwg.org/dwc/terms/scientificName"/>
    <field index="3" term="http://rs.tdwg.org/dwc/terms/countryCode"/>
  </core>
</archive>
"""


def taxa_archive(taxa: tuple[str, ...], country: str, years: tuple[int, ...]) -> bytes:
    """A small occurrence archive: one row per taxon and year."""
    lines = ["id\teventDate\tscientificName\tcountryCode"]
    lines += [
        "O%d-%d\t%d-06-01\t%s\t%s" % (n, year, year, taxon, country)
        for n, taxon in enumerate(taxa)
        for year in years
    ]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("meta.xml", META)
        zf.writestr("occurrence.txt", "\n".join(lines) + "\n")
    return buffer.getvalue()


def organisation(name: str) -> Organisation:
    return Organisation.objects.create(key=uuid.uuid4(), name=name, token="secret")


def with_data(
    resource: Resource,
    label: str = "1.0",
    *,
    taxa: tuple[str, ...] = ("Rana temporaria",),
    country: str = "SE",
    years: tuple[int, ...] = (2015, 2016),
) -> None:
    """Replace the archive of ``resource``'s version ``label`` and build its facts."""
    archive = resource_dir(resource) / ("dwca-%s.zip" % label)
    archive.write_bytes(taxa_archive(taxa, country, years))
    version_facts_build(version=resource.versions.get(label=label))


def published(
    title: str,
    visibility: str = Visibility.PUBLIC,
    *,
    organisation_name: str = "",
    facts: bool = True,
    doc=None,
    **data,
) -> Resource:
    """A resource with one version of ``title`` whose archive holds ``data`` (see
    ``with_data``), published under ``organisation_name``; no facts unless ``facts``."""
    resource = fake_published(visibility, title=title, doc=doc or document(title))
    if organisation_name:
        resource.organisation = organisation(organisation_name)
        resource.save(update_fields=["organisation"])
    if facts:
        with_data(resource, **data)
    return resource


def newer_version(resource: Resource, label: str, visibility: str, **data) -> None:
    """Another version of ``resource`` with its own data and facts."""
    fake_version(resource, label, visibility=visibility)
    with_data(resource, label, **data)
