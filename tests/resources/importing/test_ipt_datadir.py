"""A whole IPT data directory made of the three real resource folders (event: IPT 2.3
layout; amphibians: EML-only versions and MS SQL Server sources; res1: IPT 2.0 layout) with
the ``config/`` files the IPT writes: accounts, organisations, registration."""

from __future__ import annotations

import shutil
import zipfile
from datetime import date
from pathlib import Path

import pytest
from lxml import etree

from metadata.models import ResourceMetadata
from metadata.services.coverage import metadata_for_publication
from publisher.models import Organisation, Role, User
from resources.models import Visibility
from resources.services.importing.ipt import ipt_datadir_import, resource_from_ipt_folder
from tests.conftest import TEST_DATA

FOLDERS = TEST_DATA / "ipt-resource-folders"
ZIPS = ("event-resource-folder.zip", "amphibians.zip", "res1.zip")
HOSTING = "f9b67ad0-9c9b-11d9-b9db-b8a03c50a862"
DANBIF = "456058db-f70b-4005-97ad-e08570cf0c56"
AAA1 = "f3e8e9a9-df60-40ca-bb71-7f49313b3150"
AMPHIBIANS_KEY = "cb643105-2e6b-403d-a23b-2c8128d1f97c"

# config/registration2.xml as the IPT's RegistrationManager writes it (XStream object stream
# "registration": the registry with hosting organisation and IPT, then each associated
# organisation); the passwords are the IPT's PBE-encrypted tokens.
REGISTRATION = """<registration>
  <registry>
    <hostingOrganisation>
      <key>%(hosting)s</key>
      <name>Academy of Natural Sciences</name>
      <password>PsQfBTu3GJfy00mWe2MyOg=</password>
      <canHost>true</canHost>
    </hostingOrganisation>
    <ipt>
      <key>2d2e9e31-7a2e-4e1a-a6c2-0f0a0c9b1a11</key>
      <name>Test IPT</name>
      <organisationKey>%(hosting)s</organisationKey>
    </ipt>
  </registry>
  <organisation>
    <key>%(danbif)s</key>
    <name>Natural History Museum of Denmark</name>
    <alias>SNM</alias>
    <password>PsQfBTu3GJfy00mWe2MyOg=</password>
    <nodeName>DanBIF</nodeName>
    <canHost>true</canHost>
  </organisation>
  <organisation>
    <key>%(aaa1)s</key>
    <name>AAA1Organisation</name>
    <alias>AAA1</alias>
    <password>PsQfBTu3GJfy00mWe2MyOg=</password>
    <canHost>false</canHost>
  </organisation>
</registration>""" % {"hosting": HOSTING, "danbif": DANBIF, "aaa1": AAA1}

# config/users.xml as the IPT's UserAccountManager writes it (XStream, attributes).
BCRYPT = "$2a$10$Qy6d3K5bD0Z5h1yq6m8pUe0vY6qGQ0k4a8x2Jc0n1wq3b5d7f9h1K"
USERS = (
    """<users>
  <user email="kbraak@gbif.org" password="%s"
    firstname="Kyle" lastname="Braak" role="Admin" lastLogin="2015-09-03 15:00:00.0 UTC"/>
  <user email="icalabuig@snm.ku.dk" password="Vd3kPBEencrypted=" firstname="Isabel"
    lastname="Calabuig" role="Manager"/>
  <user email="jcuadra@gbif.org" password="Vd3kPBEencrypted=" firstname="José" role="Publisher"/>
</users>"""
    % BCRYPT
)


def make_datadir(root: Path) -> Path:
    """``root`` as an IPT data directory: the three real folders under ``resources/``."""
    for name in ZIPS:
        with zipfile.ZipFile(FOLDERS / name) as zf:
            zf.extractall(root / "resources")
    config = root / "config"
    config.mkdir()
    (config / "registration2.xml").write_text(REGISTRATION, encoding="utf-8")
    (config / "users.xml").write_text(USERS, encoding="utf-8")
    (config / "ipt.properties").write_text("ipt.baseURL=http\\://localhost\\:8080\n")
    (config / ".gbifreg").write_text("PRODUCTION")
    (root / "logs").mkdir()
    (root / "logs" / "debug.log").write_text("started\n")
    return root


@pytest.fixture
def imported(admin_user, data_dir, tmp_path):
    make_datadir(tmp_path / "ipt-data")
    archive = tmp_path / "datadir.zip"
    shutil.make_archive(str(archive.with_suffix("")), "zip", tmp_path, "ipt-data")
    results = ipt_datadir_import(path=archive, user=admin_user)
    return {r.resource.shortname: r for r in results if r.resource}, results


def test_real_datadir_imports_all_three_resources_with_their_versions(imported):
    by_name, results = imported
    assert len(results) == 3 and sorted(by_name) == ["amphibians", "event", "res1"]
    versions = {
        name: sorted(r.resource.versions.values_list("label", flat=True))
        for name, r in by_name.items()
    }
    assert versions == {"amphibians": ["10.0", "10.1", "10.2"], "event": ["1.0"], "res1": ["3.0"]}
    amphibians = by_name["amphibians"].resource
    latest = amphibians.versions.get(label="10.2")
    assert latest.eml_name and not latest.has_archive  # an EML-only version
    assert (amphibians.visibility, str(amphibians.gbif_key)) == (
        Visibility.REGISTERED,
        AMPHIBIANS_KEY,
    )
    assert by_name["res1"].resource.versions.get().records == 2  # IPT 2.0 layout: dwca.zip
    # its SQL Server sources come as SQL Server sources, to be given their password
    assert sorted(amphibians.sources.values_list("kind", flat=True)) == ["sql"] * 2
    assert amphibians.sources.get(name="danbifdb").sql_url_redacted.startswith("mssql://")


def test_real_datadir_brings_accounts_and_makes_them_managers(imported):
    by_name, _results = imported
    kyle = User.objects.get(email="kbraak@gbif.org")
    isabel = User.objects.get(email="icalabuig@snm.ku.dk")
    jose = User.objects.get(email="jcuadra@gbif.org")
    assert (kyle.role, isabel.role, jose.role) == (Role.ADMIN, Role.MANAGER, Role.PUBLISHER)
    assert kyle.has_usable_password() and not isabel.has_usable_password()
    assert isabel in by_name["amphibians"].resource.managers.all()
    assert {kyle, jose} <= set(by_name["res1"].resource.managers.all())
    assert kyle in by_name["event"].resource.managers.all()


def test_real_datadir_creates_the_registered_organisations_without_tokens(imported):
    by_name, _results = imported
    organisations = {str(o.key): o for o in Organisation.objects.all()}
    assert set(organisations) == {HOSTING, DANBIF, AAA1}
    assert organisations[DANBIF].name == "Natural History Museum of Denmark"
    assert all(o.token == "" for o in organisations.values())
    assert by_name["amphibians"].resource.organisation == organisations[DANBIF]
    assert by_name["res1"].resource.organisation == organisations[AAA1]
    assert by_name["event"].resource.organisation == organisations[HOSTING]


def test_real_datadir_notes_say_what_stayed_behind(imported):
    by_name, _results = imported
    shared = " ".join(by_name["event"].notes)
    assert "ipt.properties" in shared  # the IPT's own settings stay with it
    assert "kbraak@gbif.org, icalabuig@snm.ku.dk, jcuadra@gbif.org" in shared
    amphibians = "\n".join(by_name["amphibians"].notes)
    assert "Version 10.1 has neither archive nor EML" in amphibians
    assert "IPT 2.0 layout" in "\n".join(by_name["res1"].notes)


# --- identifiers --------------------------------------------------------------------------------


def package_id(resource) -> str:
    return str(ResourceMetadata.objects.get(resource=resource).package_id)


def test_ipt_package_id_is_kept_for_later_publications(imported):
    by_name, _results = imported
    amphibians = by_name["amphibians"].resource
    # eml.xml: packageId="cb643105-.../v10.2", the IPT's id made of the GBIF key
    assert package_id(amphibians) == AMPHIBIANS_KEY
    doc = metadata_for_publication(
        amphibians, version="10.3", publisher="SNM", url="https://x.org/r", pub_date=date.today()
    )
    assert doc.package_id == AMPHIBIANS_KEY + "/v10.3"
    # res1's IPT 2.0 wrote a URL packageId; the IPT used the GBIF key from 2.2 on
    assert package_id(by_name["res1"].resource) == "54b58d1a-a982-445a-b4c2-5f4e49c899be"


def test_url_package_id_of_an_unregistered_resource_is_replaced_with_a_note(imported):
    by_name, _results = imported
    event = by_name["event"].resource
    notes = "\n".join(by_name["event"].notes)
    assert "packageId http://localhost:8080/resource?id=event/v1.0 is not a UUID" in notes
    assert package_id(event) in notes


def test_rss_guid_of_a_migrated_version_follows_the_kept_package_id(imported, client):
    # The IPT's eml-10.2.xml still says packageId="http://192.38.112.86:8080/ipt/...": the
    # feed names the version as the IPT's feed did, by the kept id.
    response = client.get("/rss.do")
    rss = etree.fromstring(response.content)
    guids = {i.findtext("title").rsplit(" - ", 1)[0]: i.findtext("guid") for i in rss.iter("item")}
    assert AMPHIBIANS_KEY + "/v10.2" in guids.values()
    assert "54b58d1a-a982-445a-b4c2-5f4e49c899be/v3.0" in guids.values()


def test_package_id_held_by_another_resource_is_not_taken(admin_user, data_dir):
    first = resource_from_ipt_folder(path=FOLDERS / "amphibians.zip", user=admin_user)
    second = resource_from_ipt_folder(
        path=FOLDERS / "amphibians.zip", user=admin_user, shortname="amphibians-2"
    )
    assert package_id(first.resource) == AMPHIBIANS_KEY
    assert package_id(second.resource) != AMPHIBIANS_KEY
    assert any("packageId %s belongs to another" % AMPHIBIANS_KEY in n for n in second.notes)
