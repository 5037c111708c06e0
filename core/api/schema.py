"""Schema post-processing: every operation documents the errors any endpoint can answer,
and the error shape documents every code.

Views declare the errors particular to them; these are the ones the framework adds to all of
them (authentication, throttling, malformed bodies, unknown objects, pages past the end), in
the API's one error shape, so that clients and schema-driven tests can rely on the schema.
"""

from __future__ import annotations

from core.error_codes import registry

ERROR_REF = {"$ref": "#/components/schemas/Error"}
JSON = "application/json"
_DESCRIPTIONS = {
    "400": "Invalid input",
    "401": "Not authenticated",
    "404": "Not found or not visible to you",
    "429": "Too many requests; retry after the time given in Retry-After",
}


def _needs_auth(operation: dict) -> bool:
    security = operation.get("security") or []
    return bool(security) and {} not in security


def _common_errors(operation: dict) -> list[str]:
    codes = ["429"]
    if _needs_auth(operation):
        codes.append("401")
    if "requestBody" in operation:
        codes.append("400")
    parameters = operation.get("parameters", [])
    if any(p.get("in") == "path" for p in parameters) or any(
        p.get("in") == "query" and p.get("name") == "page" for p in parameters
    ):
        codes.append("404")
    return codes


def add_common_errors(result, generator, request, public):
    """drf-spectacular post-processing hook: add the common error responses where missing."""
    for path_item in result.get("paths", {}).values():
        for operation in path_item.values():
            responses = operation.setdefault("responses", {})
            for code in _common_errors(operation):
                if code in responses:
                    continue
                responses[code] = {
                    "content": {JSON: {"schema": ERROR_REF}},
                    "description": _DESCRIPTIONS[code],
                }
    return result


def error_codes_description() -> str:
    """The ``code`` of the error shape, with every registered code, its status and meaning."""
    lines = [
        "A stable code, one of those below (HTTP status in brackets). Compare codes, not "
        "messages: messages are for people and may change or be translated.",
        "",
    ]
    lines += ["- `%s` (%d): %s" % (e.code, e.status, e.message) for e in registry]
    return "\n".join(lines)


def document_error_codes(result, generator, request, public):
    """drf-spectacular post-processing hook: list the error codes on the error shape's
    ``code`` (a description, not an enum, so that a code added later breaks no client)."""
    error = result.get("components", {}).get("schemas", {}).get(ERROR_REF["$ref"].split("/")[-1])
    if error is not None:
        error["properties"]["code"]["description"] = error_codes_description()
    return result
