"""Request examples of the resources API, shown in the documentation and used by the
schema-driven tests as realistic starting points (a resource ``ponds`` with the sources
``event`` and ``occurrence``)."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiExample

DWC = "http://rs.tdwg.org/dwc/terms/"
EVENT = DWC + "Event"


def _request(name: str, value) -> OpenApiExample:
    return OpenApiExample(name, value=value, request_only=True)


RESOURCE_CREATE = [
    _request(
        "A sampling-event resource",
        {"shortname": "ponds-2024", "title": "Amphibians of two ponds", "type": "sampling-event"},
    )
]
VISIBILITY_CHANGE = [
    _request("Make public", {"visibility": "public"}),
    _request("Public on a day", {"visibility": "private", "public_from": "2031-01-01"}),
]
PUBLISH_PUBLIC = [_request("Make public and publish", {"change_summary": "Open to everyone."})]
MANAGER_ADD = [_request("Invite a co-manager", {"email": "colleague@example.org"})]
AUTOMAP = [_request("Events to the Event core", {"source": "event", "row_type": EVENT})]
MAPPING_CREATE = [
    _request("Auto-mapped", {"source": "event", "row_type": EVENT}),
    _request(
        "As given",
        {
            "source": "event",
            "row_type": EVENT,
            "id_column": "eventID",
            "fields": [
                {"term": DWC + "eventID", "column": "eventID"},
                {"term": DWC + "eventDate", "column": "eventDate"},
            ],
        },
    ),
]
DEFINITION = [
    _request(
        "Columns, a constant, a template and a filter",
        {
            "id_column": "eventID",
            "fields": [
                {"term": DWC + "eventID", "column": "eventID"},
                {"term": DWC + "eventDate", "column": "eventDate"},
                {
                    "term": DWC + "countryCode",
                    "column": "countryCode",
                    "translations": {"DE": "DE"},
                },
                {"term": DWC + "country", "constant": "Germany"},
                {"term": DWC + "locationID", "template": "{countryCode}:{locality}"},
            ],
            "filters": [{"column": "eventDate", "op": "not_empty"}],
        },
    )
]
TERM = [OpenApiExample("countryCode", value=DWC + "countryCode")]
ROW_TYPE = [OpenApiExample("Event", value=EVENT)]
TRANSLATIONS = [_request("Spelling to code", {"translations": {"Germany": "DE", "DE": "DE"}})]
TEMPLATE_SAVE = [
    _request("Save the mappings of ponds", {"resource": "ponds", "name": "pond survey"})
]
TEMPLATE_APPLY = [_request("Apply to ponds", {"resource": "ponds", "sources": {}})]
PUBLISH = [_request("Publish", {"change_summary": "Added the May visits.", "drop_orphans": False})]
VALIDATE = [_request("Validate", {"drop_orphans": False})]
PUBLICATION_SETTINGS = [
    _request(
        "Monthly, keeping ten archives",
        {
            "auto_publish": "monthly",
            "day": 1,
            "time": "03:00",
            "archival_mode": "last_n",
            "archival_limit": 10,
        },
    )
]
