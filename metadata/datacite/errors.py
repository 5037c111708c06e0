"""The one error the DataCite library raises: a record that cannot be sent as it is."""

from __future__ import annotations

from collections.abc import Mapping, Sequence


def gettext_noop(message: str) -> str:
    """Marks a message for extraction (``makemessages``); it is translated where shown."""
    return message


class DataCiteMetadataError(ValueError):
    """The DataCite record built from a resource's metadata is incomplete or invalid, found
    before anything is sent to DataCite.

    ``template`` is the message as marked for translation (it says what to fix, in the
    metadata editor's words), ``params`` fills its ``%(name)s`` placeholders and ``message``
    is the English text filled in. ``field`` locates the value: a JSON path of the EML
    document (``creators``, ``geographic_coverages[1].bbox``; ``metadata.eml.validate.
    section_of`` gives its editor section) or the name of a ``datacite_xml`` argument
    (``doi``, ``publisher``, ``publication_year``, ``version``, ``url``, ``related``).
    ``details`` holds the schema errors behind it, if any ("line N: <element path>: …").
    """

    code = "datacite:metadata"

    def __init__(
        self,
        message_template: str,
        params: Mapping[str, object] | None = None,
        field: str = "",
        *,
        details: Sequence[str] = (),
    ) -> None:
        self.template, self.params = message_template, dict(params or {})
        self.message = message_template % self.params if self.params else message_template
        self.field = field
        self.details = list(details)
        super().__init__(self.message)
