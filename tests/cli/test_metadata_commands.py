"""`manage.py metadata_import` (EML or JSON, with a dry run) and `metadata_export`."""

from __future__ import annotations

import json
import re

from metadata.services.documents import metadata_get

from .conftest import EML, cli

TITLE = "Meetnetten.be - Sightings for Ephippiger ephippiger in Flanders, Belgium"


def test_a_dry_run_shows_the_changes_and_stores_nothing(ponds, manager):
    result = cli(
        "metadata_import", "ponds", str(EML), "--dry-run", "--user", manager.email, "--json"
    )
    assert result.status == 0, result.err
    body = result.body
    assert body["ok"] is True and body["dry_run"] is True and body["format"] == "eml"
    assert body["file"] == EML.name and body["title"] == TITLE
    change = next(c for c in body["changes"] if c["path"] == "titles[0].text")
    assert change == {"path": "titles[0].text", "old": "Pond survey", "new": TITLE}
    assert metadata_get(ponds).title == "Pond survey"
    human = cli("metadata_import", "ponds", str(EML), "--dry-run", "--user", manager.email)
    assert "would change %d values" % len(body["changes"]) in human.out
    assert "titles[0].text: 'Pond survey' -> " in human.out


def test_importing_a_real_eml_replaces_the_metadata_and_keeps_the_short_name(ponds, manager):
    result = cli("metadata_import", "ponds", str(EML), "--user", manager.email, "--json")
    assert result.status == 0, result.err
    assert result.body["dry_run"] is False and result.body["issues"] == []
    doc = metadata_get(ponds)
    assert doc.title == TITLE and doc.short_name == "ponds"
    ponds.refresh_from_db()
    assert ponds.title == TITLE


def test_a_json_document_round_trips_through_export_and_import(ponds, manager, tmp_path):
    cli("metadata_import", "ponds", str(EML), "--user", manager.email)
    target = tmp_path / "metadata.json"
    exported = cli(
        "metadata_export",
        "ponds",
        "--format",
        "json",
        "-o",
        str(target),
        "--user",
        manager.email,
        "--json",
    )
    assert exported.status == 0 and exported.body["file"] == str(target)
    document = json.loads(target.read_text())
    document["abstract"] = ["Bush-crickets counted along transects."]
    target.write_text(json.dumps(document))
    result = cli("metadata_import", "ponds", str(target), "--user", manager.email, "--json")
    assert result.status == 0, result.err
    assert result.body["format"] == "json"
    paths = [c["path"] for c in result.body["changes"]]
    assert "abstract[0]" in paths and all(p.startswith("abstract[") for p in paths)
    assert metadata_get(ponds).abstract == ["Bush-crickets counted along transects."]


def test_eml_goes_to_stdout_or_into_the_json_document(ponds, manager):
    raw = cli("metadata_export", "ponds", "--user", manager.email)
    assert raw.status == 0 and raw.out.startswith("<?xml")
    assert "<title>Pond survey</title>" in raw.out or ">Pond survey</title>" in raw.out
    wrapped = cli("metadata_export", "ponds", "--user", manager.email, "--json")
    assert wrapped.body["format"] == "eml"
    # the two exports may fall on either side of a second: compare without the time stamp
    assert _undated(wrapped.body["document"]) == _undated(raw.out)


def _undated(eml: str) -> str:
    undated, found = re.subn(r"<dateStamp>[^<]*</dateStamp>", "<dateStamp/>", eml)
    assert found == 1
    return undated


def test_an_invalid_document_is_refused_naming_the_file(ponds, manager, tmp_path):
    bad = tmp_path / "eml.xml"
    bad.write_text("<eml><dataset><title>Unclosed</dataset></eml>")
    result = cli("metadata_import", "ponds", str(bad), "--user", manager.email, "--json")
    assert result.status == 1 and result.body["code"] == "metadata:eml"
    broken = tmp_path / "metadata.json"
    broken.write_text('{"titles": [')
    result = cli("metadata_import", "ponds", str(broken), "--user", manager.email, "--json")
    assert result.status == 1 and result.body["code"] == "metadata:shape"
    assert result.body["details"]["file"] == "metadata.json"
    assert metadata_get(ponds).title == "Pond survey"


def test_a_missing_file_and_a_foreign_resource_are_refused(ponds, manager, outsider, tmp_path):
    missing = cli(
        "metadata_import", "ponds", str(tmp_path / "eml.xml"), "--user", manager.email, "--json"
    )
    assert missing.status == 1 and missing.body["code"] == "cli:file"
    foreign = cli("metadata_export", "ponds", "--user", outsider.email, "--json")
    assert foreign.status == 1 and foreign.body["code"] == "auth:forbidden"
    assert foreign.body["details"] == {"resource": "ponds", "user": outsider.email}
