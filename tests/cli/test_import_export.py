"""`manage.py resource_import` and `resource_export`: a folder zip out, and back in."""

from __future__ import annotations

import zipfile

import pytest

from resources.models import Resource
from tests.conftest import TEST_DATA

from .conftest import cli

EVENT_FOLDER = TEST_DATA / "ipt-resource-folders" / "event-resource-folder.zip"
inline = pytest.mark.django_db(transaction=True)  # the job runs in a thread of its own


@inline
def test_an_ipt_folder_imports_and_exports_back_as_a_folder_zip(manager, tmp_path):
    imported = cli(
        "resource_import", str(EVENT_FOLDER), "--inline", "--user", manager.email, "--json"
    )
    assert imported.status == 0, imported.err + imported.out
    [created] = imported.body["resources"]
    assert created["shortname"] == "event" and created["versions"] == 1
    assert imported.body["job"]["status"] == "succeeded"
    target = tmp_path / "out" / "copy.zip"
    target.parent.mkdir()
    exported = cli("resource_export", "event", "-o", str(target), "--user", manager.email, "--json")
    assert exported.status == 0, exported.err
    assert exported.body == {
        "ok": True,
        "resource": "event",
        "file": str(target),
        "bytes": target.stat().st_size,
    }
    with zipfile.ZipFile(target) as zf:
        assert {"event/resource.xml", "event/dwca-1.0.zip", "event/eml.xml"} <= set(zf.namelist())
    again = cli(
        "resource_import",
        str(target),
        "--shortname",
        "event-copy",
        "--inline",
        "--user",
        manager.email,
        "--json",
    )
    assert again.status == 0, again.err + again.out
    copy = Resource.objects.get(shortname="event-copy")
    assert copy.versions.count() == 1 and copy.sources.count() == 2


@inline
def test_import_of_a_missing_file_is_a_user_error_naming_it(manager, tmp_path):
    missing = tmp_path / "nothing.zip"
    result = cli("resource_import", str(missing), "--user", manager.email, "--json")
    assert result.status == 1
    assert result.body["code"] == "cli:file" and "nothing.zip" in result.body["message"]


@inline
def test_a_failed_import_exits_1_with_the_job_error(manager, tmp_path):
    broken = tmp_path / "broken.zip"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    result = cli("resource_import", str(broken), "--inline", "--user", manager.email, "--json")
    assert result.status == 1
    assert result.body["ok"] is False and result.body["job"]["status"] == "failed"
    assert not Resource.objects.exists()


def test_export_of_a_resource_the_user_does_not_manage_is_refused(ponds, outsider):
    result = cli("resource_export", "ponds", "--user", outsider.email, "--json")
    assert result.status == 1 and result.body["code"] == "auth:forbidden"
