"""Users' filter patterns run on RE2: no catastrophic backtracking, unsafe features refused."""

from __future__ import annotations

from pathlib import Path

import pytest
import re2
from rest_framework.test import APIClient

from publisher.models import Role
from resources.forms.mappings import FilterForm
from resources.mapping import Filter, MappingError, MappingSpec, compile_mapping, compile_pattern
from resources.services.resources import resource_create
from resources.services.sources import sources_ingest
from resources.sources.model import Row
from tests.factories import UserFactory

DWC = "http://rs.tdwg.org/dwc/terms/"
EVENT = DWC + "Event"
EVIL = "^(a+)+b"
BACKREFERENCE = r"^(\w)\1$"


@pytest.mark.parametrize("length", [28, 34, 40])
def test_nested_quantifier_pattern_is_compiled_by_re2_and_answers(length):
    pattern = compile_pattern(EVIL)
    # RE2 matches in time linear in the value, whatever the pattern: checked by the engine used,
    # not by a clock (Python's re takes seconds here and minutes at 40).
    assert isinstance(pattern, re2._Regexp)
    assert pattern.search("a" * length) is None
    assert pattern.search("a" * length + "b") is not None


@pytest.mark.parametrize("pattern", [BACKREFERENCE, "(?=E)E1", "(?<!x)E1"])
def test_backreferences_and_lookarounds_are_refused_with_a_code_naming_the_pattern(pattern):
    with pytest.raises(MappingError) as caught:
        compile_pattern(pattern)
    assert caught.value.code == "mapping:pattern"
    assert pattern in caught.value.message
    assert caught.value.details["pattern"] == pattern


def test_mapping_run_refuses_an_unsafe_pattern():
    spec = MappingSpec(
        row_type=EVENT, id_column=None, filters=[Filter("basis", "regex", BACKREFERENCE)]
    )
    with pytest.raises(MappingError) as caught:
        compile_mapping(spec, ["basis"])
    assert caught.value.code == "mapping:pattern"


def test_ordinary_patterns_still_filter_rows():
    spec = MappingSpec(
        row_type=EVENT, id_column=None, filters=[Filter("basis", "regex", r"(?i)^human\s")]
    )
    rows = [Row(2, ("Human Observation",)), Row(3, ("PreservedSpecimen",)), Row(4, ("human x",))]
    mapped = list(compile_mapping(spec, ["basis"]).map(rows))
    assert [r.line for r in mapped] == [2, 4]


def test_filter_form_refuses_a_backreference_naming_the_pattern():
    form = FilterForm(
        {"column": "basis", "op": "regex", "value": BACKREFERENCE}, columns=["basis"], terms=[]
    )
    assert not form.is_valid()
    assert BACKREFERENCE in form.errors["value"][0]


@pytest.mark.django_db
def test_api_refuses_to_save_an_unsafe_filter_pattern(tmp_path, settings):
    settings.DATA_DIR = tmp_path / "data"
    folder = settings.DATA_DIR / "tmp" / "stage"
    folder.mkdir(parents=True)
    manager = UserFactory(role=Role.MANAGER)
    resource = resource_create(shortname="ponds", creator=manager)
    Path(folder / "events.csv").write_bytes(b"eventID,basis\nE1,Human\n")
    staged_file = {"path": str(folder / "events.csv"), "filename": "events.csv"}
    staged = {"folder": str(folder), "files": [staged_file]}
    sources_ingest(resource=resource, staged=staged)
    api = APIClient()
    api.force_authenticate(manager)
    url = "/api/v1/resources/ponds/mappings/"
    created = api.post(url, {"source": "events", "row_type": EVENT}, format="json").json()
    definition = {
        "id_column": "eventID",
        "fields": [{"term": DWC + "eventID", "column": "eventID"}],
        "filters": [{"column": "basis", "op": "regex", "value": BACKREFERENCE}],
    }
    response = api.put("%s%d/" % (url, created["id"]), definition, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "mapping:pattern"
    assert BACKREFERENCE in response.json()["message"]
