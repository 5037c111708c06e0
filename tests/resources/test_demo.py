"""The demo resource that `manage.py bootstrap` adds to a fresh instance."""

import pytest
from django.core.management import call_command

from resources.models import Resource

pytestmark = pytest.mark.django_db


def test_bootstrap_adds_the_demo_resource_with_analysed_sources(settings, tmp_path, capsys):
    settings.DATA_DIR = tmp_path
    (tmp_path / "tmp").mkdir()
    call_command("bootstrap", "--no-static")
    call_command("bootstrap", "--no-static")  # a second run changes nothing
    resource = Resource.objects.get(shortname="demo-pond-survey")
    sources = {s.name: s for s in resource.sources.all()}
    assert set(sources) == {"event", "occurrence"}
    assert sources["event"].row_count == 8 and sources["occurrence"].row_count == 24
    assert sources["event"].columns[:2] == ["eventID", "parentEventID"]
    assert "Created admin admin@example.org with password" in capsys.readouterr().out


def test_bootstrap_publishes_the_demo_publicly_once(settings, tmp_path, client):
    settings.DATA_DIR = tmp_path
    (tmp_path / "tmp").mkdir()
    call_command("bootstrap", "--no-static")
    call_command("bootstrap", "--no-static")
    resource = Resource.objects.get(shortname="demo-pond-survey")
    assert list(resource.versions.values_list("label", flat=True)) == ["1.0"]
    assert resource.versions.get().counts == {"event.txt": 8, "occurrence.txt": 24}
    response = client.get("/archive.do", {"r": "demo-pond-survey"})
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('dwca-demo-pond-survey-v1.0.zip"')
