"""The error codes of a resource's life: resources, sources, mappings, publication,
visibility and imports. Those of the Django-free packages (``sources/``, ``dwca/``,
``mapping/``, ``ipt/``, raised there as plain strings) are declared here too. The mechanism
is in ``core/error_codes.py``."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from core.error_codes import ErrorCode

# --- resources ----------------------------------------------------------------------------------
RESOURCE_SHORTNAME = ErrorCode(
    "resource:shortname",
    400,
    _("The short name is reserved or not valid: use 3 or more letters, digits, '_' and '-'."),
)
RESOURCE_SHORTNAME_TAKEN = ErrorCode(
    "resource:shortname-taken", 400, _("The short name is taken; choose another.")
)
RESOURCE_SHORTNAME_FIXED = ErrorCode(
    "resource:shortname-fixed",
    400,
    _("The short name cannot change after the first publication: harvesters and links use it."),
)
RESOURCE_TYPE = ErrorCode("resource:type", 400, _("Unknown resource type."))
RESOURCE_FORBIDDEN = ErrorCode("resource:forbidden", 400, _("Only managers may create resources."))
RESOURCE_NOT_MANAGER = ErrorCode(
    "resource:not-manager",
    400,
    _("The user has no manager rights; an admin can change their role."),
)
RESOURCE_CREATOR = ErrorCode(
    "resource:creator", 400, _("The creator already manages this resource.")
)
RESOURCE_LOGO_TYPE = ErrorCode(
    "resource:logo-type", 400, _("The logo must be a PNG, JPEG or GIF image.")
)
RESOURCE_LOGO_SIZE = ErrorCode("resource:logo-size", 400, _("The logo file is too large."))

# --- reading sources (sources/) -----------------------------------------------------------------
SOURCE_NO_FILE = ErrorCode("source:no-file", 400, _("No file was uploaded."))
SOURCE_EMPTY = ErrorCode(
    "source:empty", 400, _("The file holds no data; export the data again and upload it.")
)
SOURCE_EMPTY_ARCHIVE = ErrorCode(
    "source:empty-archive", 400, _("The archive contains no data files.")
)
SOURCE_TOO_LARGE = ErrorCode(
    "source:too-large",
    400,
    _("The file is larger than the limit; split it, or ask the administrator to raise it."),
)
SOURCE_FORMAT = ErrorCode(
    "source:format",
    400,
    _("The file cannot be read as a table; upload delimited text or a spreadsheet."),
)
SOURCE_ENCODING = ErrorCode(
    "source:encoding",
    400,
    _("The file is not in the encoding given or detected; choose its encoding."),
)
SOURCE_ENCRYPTED = ErrorCode(
    "source:encrypted", 400, _("The file is protected with a password; remove it and upload.")
)
SOURCE_ZIP_BOMB = ErrorCode(
    "source:zip-bomb",
    400,
    _("The archive unpacks to more than the limit; upload the files themselves."),
)
SOURCE_ZIP_UNSAFE = ErrorCode(
    "source:zip-unsafe",
    400,
    _("The archive has entries outside it or links; zip the folder of files again."),
)
SOURCE_EXISTS = ErrorCode(
    "source:exists", 400, _("A source of this name exists already; replace it or rename the file.")
)
SOURCE_REPLACE_COUNT = ErrorCode(
    "source:replace-count", 400, _("A source is replaced by exactly one file.")
)
SOURCE_AWAITING = ErrorCode(
    "source:awaiting",
    400,
    _("The source awaits replacement: replace it with a file or a supported database."),
)
SOURCE_URL_PASSWORD = ErrorCode(
    "source:url-password",
    400,
    _("The source's address needs its password, which is not stored: download it again."),
)

# --- SQL sources (sources/sql/) -----------------------------------------------------------------
SQL_DIALECT = ErrorCode(
    "sql:dialect",
    400,
    _("Unsupported database URL; use PostgreSQL, MariaDB, MySQL, SQL Server, SQLite or DuckDB."),
)
SQL_LOCATION = ErrorCode(
    "sql:location",
    400,
    _("Database files can only be read from the folders the administrator allowed."),
)
SQL_HOST_REFUSED = ErrorCode(
    "sql:host-refused",
    400,
    _(
        "The database server is not one SQL sources may read; the administrator lists servers "
        "in SQL_ALLOWED_HOSTS. The instance's own database is never read."
    ),
)
SQL_CONNECT = ErrorCode("sql:connect", 400, _("The database could not be read; check the URL."))
SQL_TIMEOUT = ErrorCode(
    "sql:timeout", 400, _("The query ran longer than the time limit and was stopped.")
)
SQL_SYNTAX = ErrorCode("sql:syntax", 400, _("The database refused the query; correct it."))
SQL_QUERY = ErrorCode("sql:query", 400, _("The query failed; correct it."))
SQL_NOT_SELECT = ErrorCode(
    "sql:not-select", 400, _("Only reading queries are accepted; write a single SELECT.")
)
SQL_MULTIPLE = ErrorCode("sql:multiple", 400, _("Write exactly one SELECT statement."))
SQL_EMPTY = ErrorCode("sql:empty", 400, _("The query is empty; write a SELECT."))
SQL_BINARY = ErrorCode(
    "sql:binary", 400, _("A column holds binary data; leave it out or convert it to text.")
)

# --- mappings (mapping/) and mapping templates --------------------------------------------------
MAPPING_NO_DATA = ErrorCode(
    "mapping:no-data", 400, _("A metadata-only resource has no data mappings.")
)
MAPPING_EXTENSION = ErrorCode(
    "mapping:extension", 400, _("The extension cannot be mapped under the resource's core.")
)
MAPPING_NOT_ANALYSED = ErrorCode(
    "mapping:not-analysed", 400, _("The source has not been analysed yet.")
)
MAPPING_NO_MATCH = ErrorCode(
    "mapping:no-match",
    400,
    _("No column matches a term of the core or an extension; map it on the mapping page."),
)
MAPPING_SOURCE = ErrorCode(
    "mapping:source", 400, _("The mapping's source is missing or belongs to another resource.")
)
MAPPING_TERM = ErrorCode(
    "mapping:term", 400, _("The term is not a term of the extension, or is not mapped.")
)
MAPPING_DUPLICATE_TERM = ErrorCode(
    "mapping:duplicate-term", 400, _("A term is mapped twice; keep one rule per term.")
)
MAPPING_RULE = ErrorCode(
    "mapping:rule", 400, _("A term needs exactly one of a column, a constant or a template.")
)
MAPPING_COLUMN = ErrorCode(
    "mapping:column", 400, _("The column is not in the source; map the term to another column.")
)
MAPPING_NOT_COLUMN = ErrorCode("mapping:not-column", 400, _("The term is not mapped to a column."))
MAPPING_TEMPLATE = ErrorCode(
    "mapping:template",
    400,
    _("A template has an unbalanced brace; write columns as {column}, braces as {{ or }}."),
)
MAPPING_FILTER = ErrorCode(
    "mapping:filter", 400, _("A filter has an unknown operator or tests a term not mapped.")
)
MAPPING_PATTERN = ErrorCode(
    "mapping:pattern",
    400,
    _("A filter pattern uses a backreference or lookaround; rewrite the pattern without it."),
)
MAPPING_INVALID = ErrorCode(
    "mapping:invalid", 400, _("A field rule, filter or translation is not valid.")
)
TEMPLATE_EMPTY = ErrorCode("template:empty", 400, _("This resource has no mappings to save."))
TEMPLATE_TAKEN = ErrorCode(
    "template:taken", 400, _("Another user's template has this name; choose another.")
)
TEMPLATE_SOURCE = ErrorCode(
    "template:source", 400, _("The resource has no source of the name the template needs.")
)
TEMPLATE_EXTENSION = ErrorCode(
    "template:extension", 400, _("The template maps an extension that is not installed.")
)

# --- publication --------------------------------------------------------------------------------
PUBLICATION_CORE_UNMAPPED = ErrorCode(
    "publication:core-unmapped", 400, _("Map source data to the core before publishing.")
)
PUBLICATION_METADATA = ErrorCode(
    "publication:metadata",
    400,
    _("The metadata has problems; correct them in the metadata editor first."),
)
PUBLICATION_RUNNING = ErrorCode(
    "publication:running",
    400,
    _("The resource is being published already; wait for that publication or cancel it."),
)
PUBLICATION_SOURCES_BUSY = ErrorCode(
    "publication:sources-busy",
    400,
    _("A source is still being added or analysed; publish once that has finished."),
)
PUBLICATION_CHECKS = ErrorCode(
    "publication:checks",
    400,
    _("The archive did not pass the blocking checks; see the publication report."),
)
PUBLICATION_RECORDS_DROPPED = ErrorCode(
    "publication:records-dropped",
    400,
    _("A file lost more records than the settings allow; automatic publication stopped."),
)
PUBLICATION_DELIMITERS = ErrorCode(
    "publication:delimiters",
    400,
    _("The sources of one extension use different multi-value delimiters; use one."),
)
PUBLICATION_DOI_METADATA = ErrorCode(
    "publication:doi-metadata",
    400,
    _("The metadata cannot make a valid DataCite record for the version's DOI; complete it."),
)
PUBLICATION_ARCHIVAL_DOI = ErrorCode(
    "publication:archival-doi",
    400,
    _("The resource has a DOI: every version's archive must be kept, as its citation promises."),
)
PUBLICATION_SETTINGS = ErrorCode(
    "publication:settings", 400, _("The publication settings are not valid.")
)
VALIDATION_RUNNING = ErrorCode(
    "validation:running",
    400,
    _("The resource is being validated; wait for that validation to end or cancel it."),
)
VALIDATION_BLOCKING = ErrorCode(
    "validation:blocking",
    400,
    _("The validation found blocking problems; the resource cannot be published as it is."),
)
VERSION_SUMMARY_TOO_LONG = ErrorCode(
    "version:summary-too-long", 400, _("The change summary is too long.")
)
VERSION_DELETE_FORBIDDEN = ErrorCode(
    "version:delete-forbidden", 403, _("Only admins may delete a published version.")
)
VERSION_DELETE_REASON = ErrorCode(
    "version:delete-reason", 400, _("Say why the version is deleted (at most 2,000 characters).")
)
VERSION_DELETE_DOI = ErrorCode(
    "version:delete-doi",
    409,
    _("This version carries a registered DOI and cannot be deleted: its DOI must keep resolving."),
)
VERSION_DELETE_LAST = ErrorCode(
    "version:delete-last",
    409,
    _(
        "The only published version cannot be deleted. Publish a new version first, or "
        "delete the resource."
    ),
)
VERSION_GONE = ErrorCode("version:gone", 410, _("This version was deleted."))
VERSION_DELETE_RUNNING = ErrorCode(
    "version:delete-running",
    409,
    _("The resource is being published; delete the version once that publication has ended."),
)

# --- visibility ---------------------------------------------------------------------------------
VISIBILITY_FORBIDDEN = ErrorCode(
    "visibility:forbidden",
    400,
    _("Only the managers of this resource may change its visibility."),
)
VISIBILITY_DELETED = ErrorCode(
    "visibility:deleted", 400, _("The resource is deleted; restore it first.")
)
VISIBILITY_INVALID = ErrorCode("visibility:invalid", 400, _("Choose private or public."))
VISIBILITY_REGISTERED = ErrorCode(
    "visibility:registered",
    400,
    _("A resource registered with GBIF cannot become private again; delete it instead."),
)
VISIBILITY_NOT_PRIVATE = ErrorCode(
    "visibility:not-private", 400, _("Only a private resource can be made public on a date.")
)
VISIBILITY_DATE = ErrorCode("visibility:date", 400, _("Enter the date as YYYY-MM-DD."))
VISIBILITY_DATE_PAST = ErrorCode(
    "visibility:date-past", 400, _("Choose a day after today, or make the resource public now.")
)
VISIBILITY_NOT_DELETED = ErrorCode("visibility:not-deleted", 400, _("The resource is not deleted."))
VISIBILITY_DOI = ErrorCode(
    "visibility:doi",
    400,
    _("The resource has a registered DOI, which must lead to a public page: it stays public."),
)
VISIBILITY_ACTION = ErrorCode("visibility:action", 400, _("Unknown action."))
VISIBILITY_DEREGISTERING = ErrorCode(
    "visibility:deregistering",
    400,
    _("The resource is being taken off GBIF; it cannot be restored."),
)

# --- the access-limited companion (issue #24) ------------------------------------------------
COMPANION_FORBIDDEN = ErrorCode(
    "companion:forbidden", 400, _("Only the managers of this resource may do this.")
)
COMPANION_OF_COMPANION = ErrorCode(
    "companion:of-companion",
    400,
    _("This resource is an access-limited companion already; it cannot have one."),
)
COMPANION_EXISTS = ErrorCode(
    "companion:exists", 400, _("This resource has an access-limited companion already.")
)
COMPANION_METADATA_ONLY = ErrorCode(
    "companion:metadata-only", 400, _("A metadata-only resource has no data to publish precisely.")
)
COMPANION_NOT_COMPANION = ErrorCode(
    "companion:not-companion", 400, _("Readers are named only on an access-limited companion.")
)
COMPANION_READER_UNKNOWN = ErrorCode(
    "companion:reader-unknown", 400, _("No account has this e-mail address.")
)
COMPANION_SOURCES = ErrorCode(
    "companion:sources",
    400,
    _(
        "An access-limited companion publishes the sources and mappings of its original; "
        "add or change them there."
    ),
)
COMPANION_PRIVATE = ErrorCode(
    "companion:private",
    400,
    _("An access-limited companion stays private: its data are not generalised."),
)

# --- imports: what to import --------------------------------------------------------------------
IMPORT_INPUT = ErrorCode("import:input", 400, _("Give either a file or a URL to import."))
IMPORT_FILE_COUNT = ErrorCode(
    "import:file-count",
    400,
    _("Upload exactly one file: a Darwin Core Archive, an IPT folder or data directory zip."),
)
IMPORT_FORMAT = ErrorCode(
    "import:format", 400, _("resource.json is not an export of this publisher or cannot be read.")
)

# --- imports: Darwin Core Archives (dwca/ and services/importing/dwca/) -------------------------
DWCA_META_ARCHIVE = ErrorCode(
    "dwca:meta-archive", 400, _("meta.xml is not a Darwin Core archive descriptor.")
)
DWCA_META_CORE = ErrorCode(
    "dwca:meta-core", 400, _("meta.xml must describe exactly one core data file.")
)
DWCA_META_ROW_TYPE = ErrorCode(
    "dwca:meta-row-type", 400, _("A data file has no row type; describe it in a meta.xml.")
)
DWCA_META_LOCATION = ErrorCode(
    "dwca:meta-location", 400, _("A file of meta.xml names no data file (<files><location>).")
)
DWCA_META_TERM = ErrorCode("dwca:meta-term", 400, _("A <field> of meta.xml has no term."))
DWCA_META_INDEX = ErrorCode(
    "dwca:meta-index", 400, _("A column index of meta.xml is not a column number.")
)
DWCA_META_TOO_LARGE = ErrorCode(
    "dwca:meta-too-large", 400, _("meta.xml is larger than the limit accepted.")
)
DWCA_META_HOSTILE = ErrorCode(
    "dwca:meta-hostile", 400, _("meta.xml has DOCTYPE or ENTITY declarations, which are refused.")
)
DWCA_META_XML = ErrorCode("dwca:meta-xml", 400, _("meta.xml is not well-formed XML."))
DWCA_NO_META = ErrorCode(
    "dwca:no-meta",
    400,
    _("The archive has no meta.xml and more than one data file; add a meta.xml."),
)
DWCA_FILE_MISSING = ErrorCode(
    "dwca:file-missing", 400, _("meta.xml names a data file that is not in the archive.")
)
DWCA_ID_COLUMN = ErrorCode(
    "dwca:id-column", 400, _("A data file has no id column to link its rows by.")
)
DWCA_DIALECT = ErrorCode(
    "dwca:dialect", 400, _("Only one-character field delimiters and quotes can be read.")
)
DWCA_EXTENSION_MISSING = ErrorCode(
    "dwca:extension-missing",
    400,
    _("The archive holds row types that are not installed; an administrator can install them."),
)
DWCA_CORE_UNSUPPORTED = ErrorCode(
    "dwca:core-unsupported", 400, _("The core must be Event, Occurrence or Taxon.")
)
DWCA_CORE_ID = ErrorCode(
    "dwca:core-id", 400, _("The core has no id column (<id>), so extensions cannot link to it.")
)
DWCA_COREID = ErrorCode(
    "dwca:coreid", 400, _("An extension has no core id column (<coreid> in meta.xml).")
)

# --- imports: IPT resource folders and data directories (ipt/, services/importing/) -------------
IPT_NOT_ZIP = ErrorCode(
    "ipt:not-zip", 400, _("The file is not a zip file; zip the IPT folder and import the zip.")
)
IPT_ARCHIVE = ErrorCode("ipt:archive", 400, _("The archive cannot be read."))
IPT_TOO_LARGE = ErrorCode("ipt:too-large", 400, _("An IPT XML file is larger than the limit."))
IPT_HOSTILE = ErrorCode(
    "ipt:hostile", 400, _("An IPT XML file has DOCTYPE or ENTITY declarations, which are refused.")
)
IPT_XML = ErrorCode("ipt:xml", 400, _("An IPT XML file is not well-formed XML."))
IPT_NOT_RESOURCE = ErrorCode(
    "ipt:not-resource", 400, _("resource.xml does not describe an IPT resource.")
)
IPT_NO_RESOURCE = ErrorCode(
    "ipt:no-resource",
    400,
    _("No resource.xml found; zip the folder resources/<shortname>/ and import that zip."),
)
IPT_SEVERAL_RESOURCES = ErrorCode(
    "ipt:several-resources",
    400,
    _("The zip holds several resource folders; import them one by one or as a data directory."),
)
IPT_DATADIR = ErrorCode(
    "ipt:datadir", 400, _("This is a whole IPT data directory; import it as a data directory.")
)
IPT_NO_DATADIR = ErrorCode(
    "ipt:no-datadir",
    400,
    _("No IPT data directory found: it must hold resources/<shortname>/resource.xml."),
)
IPT_DATA_PACKAGE = ErrorCode(
    "ipt:data-package", 400, _("Data package resources cannot be imported here.")
)

# --- sensitive species (sensitivity/) -----------------------------------------------------------
SENSITIVITY_POLICY = ErrorCode(
    "sensitivity:policy", 400, _("The sensitivity policy is not valid; correct the field named.")
)
SENSITIVITY_FILE = ErrorCode(
    "sensitivity:file",
    400,
    _("The list of taxa cannot be read; upload CSV, TSV or Excel with a scientificName column."),
)
SENSITIVITY_LIST = ErrorCode("sensitivity:list", 400, _("There is no such shared list of taxa."))
SENSITIVITY_LIST_NAME = ErrorCode(
    "sensitivity:list-name", 400, _("A shared list of taxa needs a name no other list has.")
)
SENSITIVITY_FORBIDDEN = ErrorCode(
    "sensitivity:forbidden",
    403,
    _("Only the resource's managers change its policy; only administrators, shared lists."),
)

# --- events derived from a flat source -----------------------------------------------------------
MAPPING_SPLIT = ErrorCode(
    "mapping:split",
    400,
    _("The split of the source into events and occurrences is not valid; check its columns."),
)

# --- republishing an occurrence dataset as a sampling-event dataset ------------------------------
REPUBLISH_FORBIDDEN = ErrorCode(
    "republish:forbidden", 403, _("Only the managers of this resource may republish it.")
)
REPUBLISH_NOT_OCCURRENCE = ErrorCode(
    "republish:not-occurrence",
    400,
    _("Only an occurrence resource is republished as a sampling-event dataset."),
)
REPUBLISH_NO_SOURCE = ErrorCode(
    "republish:no-source",
    400,
    _("Map a source to the Occurrence core before republishing the resource."),
)
