"""The OpenAPI schema documents every endpoint without generator warnings, with the errors
any endpoint can answer, and response schemas that fit what the endpoints send."""

import pytest
import yaml
from django.core.management import call_command

from core.error_codes import registry

pytestmark = pytest.mark.django_db

NEW_PATHS = [
    "/api/v1/resources/{shortname}/visibility",
    "/api/v1/resources/{shortname}/publish-public",
    "/api/v1/resources/{shortname}/withdraw",
    "/api/v1/resources/{shortname}/restore",
    "/api/v1/resources/{shortname}/managers/",
    "/api/v1/resources/{shortname}/managers/{email}/",
    "/api/v1/resources/{shortname}/publication/settings",
    "/api/v1/resources/{shortname}/publication/{job_id}/flagged",
    "/api/v1/resources/{shortname}/versions/{label}/archive",
    "/api/v1/resources/{shortname}/versions/{label}/eml",
    "/api/v1/resources/{shortname}/sensitivity/",
    "/api/v1/resources/{shortname}/sources/{name}/derive/",
]


@pytest.fixture(scope="module")
def schema_file(tmp_path_factory, django_db_blocker):
    target = tmp_path_factory.mktemp("schema") / "schema.yaml"
    with django_db_blocker.unblock():
        call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    return target


@pytest.fixture(scope="module")
def schema(schema_file):
    return yaml.safe_load(schema_file.read_text())


def test_schema_validates_without_warnings(schema_file):
    text = schema_file.read_text()
    for path in (
        "/api/v1/resources/{shortname}/sources/",
        "/api/v1/extensions/",
        "/api/v1/resources/{shortname}/mappings/{id}/preview",
        "/api/v1/mapping-templates/",
        "/api/v1/jobs/{job_id}/",
        *NEW_PATHS,
    ):
        assert path + ":" in text, path


def _operations(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            yield path, method, operation


def test_every_operation_documents_its_success_and_the_common_errors(schema):
    for path, method, operation in _operations(schema):
        responses = operation["responses"]
        assert any(code.startswith("2") for code in responses), (method, path)
        assert "429" in responses, (method, path)
        if {} not in operation.get("security", [{}]):
            assert "401" in responses, (method, path)
        if "{" in path:
            assert "404" in responses, (method, path)


def test_every_json_response_has_a_schema(schema):
    for path, method, operation in _operations(schema):
        for code, response in operation["responses"].items():
            for media_type, content in response.get("content", {}).items():
                assert content.get("schema"), (method, path, code, media_type)


def test_lists_that_grow_are_paged_and_document_the_404_past_the_last_page(schema):
    # A page past the last answers 404; it was undocumented on the jobs, extensions and
    # vocabularies lists.
    for path in (
        "/api/v1/resources/",
        "/api/v1/jobs/",
        "/api/v1/contacts/",
        "/api/v1/resources/{shortname}/versions/",
        "/api/v1/extensions/",
        "/api/v1/vocabularies/",
    ):
        operation = schema["paths"][path]["get"]
        assert {"page", "page_size"} <= {p["name"] for p in operation["parameters"]}, path
        assert "404" in operation["responses"], path


def test_csl_citation_is_documented_as_the_list_it_is(schema):
    # Was documented as an object; the endpoint sends a list holding one CSL-JSON item.
    content = schema["paths"]["/api/v1/resources/{shortname}/metadata/citation"]["get"][
        "responses"
    ]["200"]["content"]
    assert content["application/vnd.citationstyles.csl+json"]["schema"]["type"] == "array"


def test_publication_time_is_a_local_time_not_an_rfc_3339_time(schema):
    # JSON Schema's "time" format needs a zone offset; the settings store a wall-clock time.
    time = schema["components"]["schemas"]["PublicationSettings"]["properties"]["time"]
    assert "format" not in time and time["pattern"].startswith("^")


def _body(schema, path: str, method: str = "get", code: str = "200") -> dict:
    content = schema["paths"][path][method]["responses"][code]["content"]
    return content["application/json"]["schema"]


def test_mapping_endpoints_describe_their_bodies(schema):
    # The mapping and template lists were documented as objects; they are lists.
    for path, method, code, item in [
        ("/api/v1/resources/{shortname}/mappings/", "get", "200", "/Mapping"),
        ("/api/v1/mapping-templates/", "get", "200", "/Template"),
        ("/api/v1/mapping-templates/{id}/apply", "post", "201", "/Mapping"),
    ]:
        body = _body(schema, path, method, code)
        assert body["type"] == "array" and body["items"]["$ref"].endswith(item), path
    rule = schema["components"]["schemas"]["FieldRuleRequest"]["properties"]
    assert {"term", "column", "constant", "template", "default", "translations"} <= set(rule)


def test_the_error_code_lists_every_code_with_its_status_and_meaning(schema):
    # Clients had to read the source to learn the codes (issue #15). A description, not an
    # enum: a code added later must not make older clients' validation fail.
    code = schema["components"]["schemas"]["Error"]["properties"]["code"]
    assert "enum" not in code
    for error in registry:
        assert "- `%s` (%d): %s" % (error.code, error.status, error.message) in code["description"]


def test_the_health_check_is_not_part_of_the_versioned_api(schema):
    # /health and the IPT's /api/health are plain Django views outside /api/v1/ (README, Health).
    assert not [path for path in schema["paths"] if "health" in path]
