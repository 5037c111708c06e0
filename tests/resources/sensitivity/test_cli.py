"""`manage.py sensitivity`: show, set and remove a resource's policy from the command line."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command

from publisher.models import Role
from resources.models import SensitivityPolicy
from resources.sensitivity.policy import COORDINATES, FIELDS, Action
from resources.services.sensitivity import sensitivity_policy
from tests.factories import ResourceFactory, UserFactory

pytestmark = pytest.mark.django_db


def cli(*args: str) -> tuple[int, dict | str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command(*args, stdout=out, stderr=err)
    except CommandError as exc:
        text = out.getvalue() or str(exc)
        return exc.returncode, json.loads(text) if text.startswith("{") else text
    return 0, json.loads(out.getvalue()) if "--json" in args else out.getvalue()


@pytest.fixture
def manager():
    return UserFactory(role=Role.MANAGER, email="manager@example.org")


@pytest.fixture
def ponds(manager):
    return ResourceFactory(shortname="ponds", creator=manager)


def _run(*args):
    return cli("sensitivity", "ponds", "--user", "manager@example.org", "--json", *args)


def test_show_without_a_policy(ponds):
    status, body = _run("--show")
    assert status == 0
    assert body == {"ok": True, "resource": "ponds", "policy": None, "taxa": 0}


def test_taxa_default_and_option_then_append_and_remove(ponds, tmp_path):
    first = tmp_path / "red.csv"
    first.write_text("scientificName,taxonRank\nLynx lynx,species\n")
    more = tmp_path / "more.tsv"
    more.write_text("name\nUrsus arctos\nLynx lynx\n")
    status, body = _run(
        "--taxa", str(first), "--default", "coordinates", "--grid", "10km", "--separate-events"
    )
    assert status == 0, body
    assert body["taxa"] == 1
    assert body["policy"]["default"] == {"kind": "coordinates", "grid": "10km"}
    status, body = _run("--taxa", str(more), "--append")
    assert status == 0, body
    policy = sensitivity_policy(ponds)
    assert policy is not None
    assert [t.name for t in policy.taxa] == ["Lynx lynx", "Ursus arctos"]
    assert policy.default == Action(COORDINATES, grid="10km")
    assert policy.separate_events is True
    status, body = _run("--default", "fields", "--fields", "locality, recordedBy")
    assert status == 0, body
    policy = sensitivity_policy(ponds)
    assert policy is not None and policy.default.kind == FIELDS
    assert len(policy.taxa) == 2
    status, body = _run("--remove")
    assert status == 0 and body["policy"] is None
    assert not SensitivityPolicy.objects.exists()


def test_a_bad_file_names_line_and_column(ponds, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("scientificName,action\nLynx lynx,blur\n")
    status, body = _run("--taxa", str(bad))
    assert status == 1
    assert body["code"] == "sensitivity:file"
    assert body["message"].startswith("bad.csv, line 2, column 2:")


def test_options_that_do_not_go_together(ponds, tmp_path):
    status, body = _run("--grid", "1")
    assert status == 2
    status, body = _run("--remove", "--default", "withhold")
    assert status == 2


def test_an_outsider_may_not_change_it(ponds):
    UserFactory(role=Role.MANAGER, email="outsider@example.org")
    status, body = cli(
        "sensitivity", "ponds", "--user", "outsider@example.org", "--json", "--remove"
    )
    assert status == 1
    assert body["code"] == "auth:forbidden"


def test_the_readable_summary(ponds):
    _run("--default", "withhold")
    status, text = cli("sensitivity", "ponds", "--user", "manager@example.org")
    assert status == 0
    assert "ponds: 0 sensitive taxa; default action withhold" in text
