"""The publish endpoint's OpenAPI schema names the option that leaves out orphan rows."""

import pytest
import yaml
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_publish_request_documents_drop_orphans_and_the_checks_it_answers(tmp_path):
    target = tmp_path / "schema.yaml"
    call_command("spectacular", "--file", str(target))
    schema = yaml.safe_load(target.read_text())

    field = schema["components"]["schemas"]["PublishRequestRequest"]["properties"]["drop_orphans"]

    assert field["type"] == "boolean"
    assert "orphan-row" in field["description"]
    assert "orphan-row-dropped" in field["description"]
