"""`manage.py eml_schemas` installs the profile 1.3 XSD files from a server, atomically."""

from __future__ import annotations

import socket

import pytest
from django.core.management import CommandError, call_command

from metadata.eml.parse import parse_eml
from metadata.eml.validate import validate_xsd
from metadata.eml.write import write_eml
from tests.conftest import TEST_DATA

SCHEMA_13 = TEST_DATA / "schemas/eml-gbif-profile/1.3"
FILES = ("eml.xsd", "eml-gbif-profile.xsd", "dc.xsd", "xml.xsd")
REAL_DOC = TEST_DATA / "eml/ipt-test-event-eml-2.2.0-profile-1.3.eml.xml"


def serve_schemas(http_server, prefix="/schema/eml-gbif-profile/1.3/"):
    for name in FILES:
        http_server.serve(prefix + name, (SCHEMA_13 / name).read_bytes())
    return http_server.url(prefix)


def test_command_installs_the_four_files_that_validate_eml(http_server, tmp_path):
    dest = tmp_path / "schemas" / "1.3"
    call_command("eml_schemas", url=serve_schemas(http_server), dest=dest)
    assert sorted(p.name for p in dest.iterdir()) == sorted(FILES)
    data = write_eml(parse_eml(REAL_DOC.read_bytes()), package_id="p")
    assert validate_xsd(data, dest) == []


def test_command_installs_into_the_data_dir_by_default(http_server, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    call_command("eml_schemas", url=serve_schemas(http_server).rstrip("/"))
    installed = tmp_path / "schemas" / "eml-gbif-profile" / "1.3"
    assert (installed / "eml.xsd").read_bytes() == (SCHEMA_13 / "eml.xsd").read_bytes()


def test_command_replaces_an_older_installation(http_server, tmp_path):
    dest = tmp_path / "1.3"
    dest.mkdir()
    (dest / "stale.xsd").write_text("old")
    call_command("eml_schemas", url=serve_schemas(http_server), dest=dest)
    assert not (dest / "stale.xsd").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["1.3"]  # no temporary directory left


def test_missing_file_fails_clearly_and_keeps_the_installed_files(http_server, tmp_path):
    base = serve_schemas(http_server)
    http_server.routes.pop("/schema/eml-gbif-profile/1.3/dc.xsd")
    dest = tmp_path / "1.3"
    dest.mkdir()
    (dest / "eml.xsd").write_text("installed")
    with pytest.raises(CommandError, match="dc.xsd.*fetch:not-found"):
        call_command("eml_schemas", url=base, dest=dest)
    assert (dest / "eml.xsd").read_text() == "installed"


def test_files_that_do_not_compile_are_not_installed(http_server, tmp_path):
    base = serve_schemas(http_server)
    http_server.serve("/schema/eml-gbif-profile/1.3/eml-gbif-profile.xsd", b"<html>oops</html>")
    dest = tmp_path / "1.3"
    with pytest.raises(CommandError, match="not a valid XML Schema"):
        call_command("eml_schemas", url=base, dest=dest)
    assert not dest.exists()
    assert list(tmp_path.iterdir()) == []


def test_files_with_entity_declarations_are_refused(http_server, tmp_path):
    base = serve_schemas(http_server)
    evil = b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><xs:schema/>'
    http_server.serve("/schema/eml-gbif-profile/1.3/dc.xsd", evil)
    with pytest.raises(CommandError, match="dc.xsd contains a DOCTYPE"):
        call_command("eml_schemas", url=base, dest=tmp_path / "1.3")
    assert list(tmp_path.iterdir()) == []


def test_offline_fails_with_a_clear_message(tmp_path):
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(CommandError, match="Could not download .*fetch:unreachable.*network"):
        call_command("eml_schemas", url="http://127.0.0.1:%d/" % port, dest=tmp_path / "1.3")
