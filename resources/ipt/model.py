"""Plain data read from (or written to) an IPT resource folder and data directory."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

# The IPT's record id generators (ExtensionMapping.IDGEN_*): an id column of -1 numbers the
# lines, -2 makes a random UUID per record and publication.
ID_LINE_NUMBER = -1
ID_UUID = -2


def gettext_noop(message: str) -> str:
    """Marks a message for extraction (``makemessages``); it is translated where shown."""
    return message


class IptError(Exception):
    """A folder or file that cannot be read as IPT data: a stable ``code`` (``ipt:xml``,
    ``ipt:hostile``, ``ipt:no-resource``, ...), a message saying what to do, the file.
    ``template`` is the message as marked for translation, ``params`` its values; ``message``
    is the English text filled in."""

    def __init__(
        self, message: str, *, code: str, file: str = "", params: dict[str, Any] | None = None
    ):
        self.template, self.params = message, params or {}
        self.message = message % self.params if self.params else message
        super().__init__(self.message)
        self.code = code
        self.file = file


@dataclass
class IptSource:
    """One source of a resource. ``kind`` is ``text``, ``excel``, ``url`` or ``sql``.

    Text options are as the IPT keeps them: ``header_lines`` is ``ignoreHeaderLines`` (0 or
    1, rarely more), ``quote`` is empty for no quoting. SQL sources keep connection facts
    only; the IPT's encrypted password is never read (``has_password`` says it had one).
    """

    name: str
    kind: str
    encoding: str = "UTF-8"
    delimiter: str = "\t"
    quote: str = ""
    header_lines: int = 0
    sheet_index: int = 0
    multi_value_delimiter: str = ""
    date_format: str = ""
    url: str = ""
    sql: str = ""
    rdbms: str = ""
    host: str = ""
    database: str = ""
    username: str = ""
    has_password: bool = False
    columns: int | None = None
    rows: int | None = None


@dataclass
class IptField:
    """One mapped term: a column position (``index``, None for none) and ``default``, the
    IPT's ``defaultValue`` (a constant when there is no column, else the value for empty
    cells); ``translations`` map source values to published ones."""

    term: str
    index: int | None = None
    default: str | None = None
    translations: dict[str, str] = field(default_factory=dict)


@dataclass
class IptFilter:
    """The one filter of an IPT mapping: ``comparator`` is IsNULL, IsNotNULL, Equals or
    NotEquals, ``column`` a column position, tested before or after translation."""

    column: int
    comparator: str
    param: str = ""
    after_translation: bool = False


@dataclass
class IptMapping:
    """A source mapped to a core or extension (``row_type``). ``id_column`` is a column
    position, ``ID_LINE_NUMBER``, ``ID_UUID`` or None (no id)."""

    row_type: str
    source: str | None
    fields: list[IptField] = field(default_factory=list)
    id_column: int | None = None
    id_suffix: str = ""
    filter: IptFilter | None = None
    doi_as_dataset_id: bool = False


@dataclass
class IptVersion:
    """One entry of the version history (newest first in the file). ``status`` is the
    publication status the version was published with (PRIVATE, PUBLIC, REGISTERED,
    DELETED)."""

    label: str
    released: datetime | None = None
    status: str = ""
    change_summary: str = ""
    records: int | None = None
    records_by_extension: dict[str, int] = field(default_factory=dict)
    modified_by: str = ""
    doi: str = ""


@dataclass
class IptResource:
    """What ``resource.xml`` holds that this publisher can use, plus ``notes`` on what it
    could not read or does not support (one line each, in English)."""

    core_type: str = ""
    subtype: str = ""
    status: str = "PRIVATE"
    key: str = ""
    organisation: str = ""
    creator: str = ""
    managers: list[str] = field(default_factory=list)
    created: datetime | None = None
    modified: datetime | None = None
    last_published: datetime | None = None
    eml_version: str = ""
    records_published: int | None = None
    citation_auto: bool | None = None
    publication_mode: str = ""
    update_frequency: str = ""
    doi: str = ""
    sources: list[IptSource] = field(default_factory=list)
    mappings: list[IptMapping] = field(default_factory=list)
    versions: list[IptVersion] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def source(self, name: str | None) -> IptSource | None:
        return next((s for s in self.sources if s.name == name), None)


@dataclass
class IptOrganisation:
    """An organisation of ``registration2.xml``; its token is encrypted there and not read."""

    key: str
    name: str = ""
    alias: str = ""
    node_name: str = ""
    contact_name: str = ""
    contact_email: str = ""
    homepage_url: str = ""
    can_host: bool = False


@dataclass
class IptRegistration:
    """The data directory's registration: associated organisations by key, the hosting one,
    the IPT installation's registry key and name."""

    organisations: dict[str, IptOrganisation] = field(default_factory=dict)
    hosting: str = ""
    ipt_key: str = ""
    ipt_name: str = ""
