"""Exporting a resource as a zipped IPT-style folder that ``resources.services.importing``
reads back: sources, mappings, metadata and every published version.

The zip holds one folder ``<shortname>/`` laid out as an IPT resource folder:

- ``resource.xml``: the basics in the IPT's XStream shape (type, visibility, sources and
  their reading options, mappings by column position with constants, defaults,
  translations and one filter, version history), so that an IPT can read them;
- ``eml.xml``: the working metadata as EML;
- per version, its files as stored (``dwca-<v>.zip``, ``eml-<v>.xml``, and this
  publisher's ``report-<v>.json``, ``flagged-<v>.tsv.gz``, ``ids-<v>.npy`` and the Darwin
  Core Data Package ``dwc-dp-<v>.zip``);
- ``sources/<name>.txt`` (text) or ``sources/<name>.<format>`` (spreadsheets): the files;
- ``resource.json``: everything with full fidelity (reading options, mapping definitions
  with templates and all filters, the metadata document and settings, versions with
  counts, digests and visibility, publication settings, the sensitivity policy with the
  names and taxa of its shared lists); the import prefers it.

SQL passwords are never exported (the connection is written redacted), nor the secret of a
sensitivity policy (the importing installation makes its own).
"""

from __future__ import annotations

import json
import uuid
import zipfile
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone

from metadata.models import COVERAGE_PARTS
from metadata.services.documents import metadata_record
from metadata.services.io import metadata_export
from publisher.services.organisations import PORTABLE
from resources.ipt.model import IptField, IptFilter, IptMapping, IptResource, IptSource, IptVersion
from resources.ipt.resource_write import write_resource_xml
from resources.models import Resource, SourceKind, Version
from resources.sources.model import SHEET_FORMATS, FileSpec

from .mappings import mapping_definition
from .publication import publication_settings
from .publication.files import NAMES, version_path
from .publication.schedule import EDITABLE
from .resources import EDITABLE as RESOURCE_EDITABLE
from .resources import resource_dir
from .sensitivity import policy_export
from .sources import EDITABLE as SOURCE_EDITABLE

FORMAT = "sampling-event-publisher/resource"
FORMAT_VERSION = 1
IPT_CORE_TYPES = {
    "sampling-event": "SAMPLINGEVENT",
    "occurrence": "OCCURRENCE",
    "checklist": "CHECKLIST",
    "metadata": "METADATA",
}
IPT_OPS = {
    "equals": "Equals",
    "not_equals": "NotEquals",
    "empty": "IsNULL",
    "not_empty": "IsNotNULL",
}
STORED = (".zip", ".gz", ".npy", ".xlsx", ".xlsm", ".ods")  # compressed already
LOGOS = ("logo.png", "logo.jpg", "logo.jpeg", "logo.gif")


def resource_export(*, resource: Resource, dest: Path | BinaryIO) -> Path | BinaryIO:
    """Write the export zip to ``dest``: a folder (the zip is ``<shortname>.zip`` in it), a
    file path, or a writable binary file object. Returns the zip's path (or ``dest`` when it
    is a file object). Files are streamed into the zip, never read whole into memory."""
    if isinstance(dest, Path) and dest.is_dir():
        dest = dest / (resource.shortname + ".zip")
    with zipfile.ZipFile(dest, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        _write(zf, resource)
    return dest


def resource_export_file(*, resource: Resource) -> Path:
    """The export zip written to a new file in the scratch folder (``DATA_DIR/tmp``); the
    caller serves it and removes it."""
    folder = settings.DATA_DIR / "tmp"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / ("export-%s-%s.zip" % (resource.pk, uuid.uuid4().hex))
    try:
        resource_export(resource=resource, dest=path)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return path


def _write(zf: zipfile.ZipFile, resource: Resource) -> None:
    top = resource.shortname + "/"
    sources = _source_files(resource)
    versions = list(resource.versions.order_by("major", "minor"))
    version_files = {v.pk: _version_files(v) for v in versions}
    for _source, (name, path) in sources.items():
        _add_file(zf, path, top + name)
    for version in versions:
        for path in version_files[version.pk].values():
            _add_file(zf, path, top + path.name)
    for logo in LOGOS:
        if (resource_dir(resource) / logo).is_file():
            _add_file(zf, resource_dir(resource) / logo, top + logo)
    zf.writestr(top + "eml.xml", metadata_export(resource))
    zf.writestr(top + "resource.xml", write_resource_xml(_ipt_shape(resource, versions)))
    document = resource_document(
        resource,
        sources={s.pk: n for s, (n, _p) in sources.items()},
        versions={v.pk: version_files[v.pk] for v in versions},
    )
    zf.writestr(top + "resource.json", json.dumps(document, indent=1, ensure_ascii=False))


def _add_file(zf: zipfile.ZipFile, path: Path, name: str) -> None:
    kind = zipfile.ZIP_STORED if path.name.lower().endswith(STORED) else zipfile.ZIP_DEFLATED
    zf.write(path, name, compress_type=kind)


def _source_files(resource: Resource) -> dict:
    """Each source with a file: ``{source: ("sources/<name>.<ext>", path)}``."""
    found = {}
    for source in resource.sources.order_by("name"):
        if source.kind == SourceKind.SQL or not source.path:
            continue
        path = settings.DATA_DIR / source.path
        if path.is_file():
            fmt = (source.spec or {}).get("format", "csv")
            suffix = "txt" if fmt not in SHEET_FORMATS else fmt
            found[source] = ("sources/%s.%s" % (source.name, suffix), path)
    return found


def _version_files(version: Version) -> dict[str, Path]:
    found = {}
    for kind in NAMES:
        path = version_path(version, kind)
        if path is not None and path.is_file():
            found[kind] = path
    return found


# --- resource.json -------------------------------------------------------------------------


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def resource_document(
    resource: Resource, *, sources: dict[int, str], versions: dict[int, dict[str, Path]]
) -> dict:
    """The JSON document of ``resource.json`` (``sources``: file name in the export per
    source id; ``versions``: exported files per version id)."""
    record = metadata_record(resource)
    options = publication_settings(resource)
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "exported_at": timezone.now().isoformat(),
        "resource": _resource_part(resource),
        "sources": [_source_part(s, sources.get(s.pk)) for s in resource.sources.all()],
        "mappings": [
            {
                "row_type": m.extension.row_type,
                "source": m.source.name if m.source else None,
                "definition": mapping_definition(m),
            }
            for m in resource.mappings.select_related("extension", "source")
        ],
        "metadata": {
            "document": record.document,
            "citation_auto": record.citation_auto,
            **{p + "_coverage_mode": getattr(record, p + "_coverage_mode") for p in COVERAGE_PARTS},
            "package_id": str(record.package_id),
        },
        "sensitivity": policy_export(resource),
        "publication_settings": {
            name: (str(getattr(options, name)) if name == "time" else getattr(options, name))
            for name in EDITABLE
        },
        "versions": [
            _version_part(v, versions.get(v.pk, {}))
            for v in resource.versions.order_by("major", "minor")
        ],
    }


def _resource_part(resource: Resource) -> dict:
    organisation = resource.organisation
    return {
        **{name: getattr(resource, name) for name in RESOURCE_EDITABLE},
        "visibility": resource.visibility,
        "visibility_pending": resource.visibility_pending,
        "public_from": _iso(resource.public_from),
        "gbif_key": str(resource.gbif_key) if resource.gbif_key else None,
        "registered_at": _iso(resource.registered_at),
        "created": _iso(resource.created),
        "creator": resource.creator.email,
        "managers": sorted(resource.managers.values_list("email", flat=True)),
        "organisation": None
        if organisation is None
        else {
            "key": str(organisation.key),
            **{name: getattr(organisation, name) for name in PORTABLE},
        },
    }


def _source_part(source, file: str | None) -> dict:
    return {
        **{name: getattr(source, name) for name in SOURCE_EDITABLE},
        "kind": source.kind,
        "filename": source.filename,
        "file": file,
        "sha256": source.sha256,
        "size": source.size,
        "spec": source.spec,
        "date_format": source.date_format,
        "sql_url_redacted": source.sql_url_redacted,
        "columns": source.columns,
    }


def _version_part(version: Version, files: dict[str, Path]) -> dict:
    return {
        "label": version.label,
        "major": version.major,
        "minor": version.minor,
        "published_at": _iso(version.published_at),
        "published_by": version.published_by.email if version.published_by else None,
        "change_summary": version.change_summary,
        "visibility": version.visibility,
        "counts": version.counts,
        "records": version.records,
        "report": version.report,
        "auto": version.auto,
        "archive_sha256": version.archive_sha256,
        "datapackage_sha256": version.datapackage_sha256,
        "data_sha256": version.data_sha256,
        "metadata_sha256": version.metadata_sha256,
        "archive_removed_at": _iso(version.archive_removed_at),
        "files": {kind: path.name for kind, path in files.items()},
    }


# --- resource.xml (the IPT's shape) ----------------------------------------------------------


def _ipt_shape(resource: Resource, versions: list[Version]) -> IptResource:
    latest = versions[-1] if versions else None
    return IptResource(
        core_type=IPT_CORE_TYPES.get(resource.type, "OTHER"),
        status=resource.visibility.upper(),
        key=str(resource.gbif_key) if resource.gbif_key else "",
        organisation=str(resource.organisation.key) if resource.organisation else "",
        creator=resource.creator.email,
        managers=sorted(resource.managers.values_list("email", flat=True)),
        created=resource.created,
        modified=resource.modified,
        last_published=latest.published_at if latest else None,
        eml_version=latest.label if latest else "",
        records_published=latest.records if latest else None,
        citation_auto=metadata_record(resource).citation_auto,
        sources=[_ipt_source(s) for s in resource.sources.order_by("name")],
        mappings=[_ipt_mapping(m) for m in resource.mappings.select_related("extension", "source")],
        versions=[
            IptVersion(
                label=v.label,
                released=v.published_at,
                status=v.visibility.upper(),
                change_summary=v.change_summary,
                records=v.records,
            )
            for v in reversed(versions)
        ],
    )


# The IPT's names (its jdbc.properties) for the database systems whose URL names differ.
IPT_RDBMS = {"postgresql": "postgres", "mariadb": "mysql"}


def _ipt_source(source) -> IptSource:
    if source.kind in (SourceKind.SQL, SourceKind.AWAITING):
        url = urlsplit(source.sql_url_redacted)
        return IptSource(
            name=source.name,
            kind="sql",
            sql=source.sql_query,
            rdbms=IPT_RDBMS.get(url.scheme.split("+")[0], url.scheme.split("+")[0]),
            host=(url.hostname or "") + (":%d" % url.port if url.port else ""),
            database=url.path.lstrip("/"),
            username=url.username or "",
            columns=len(source.columns),
        )
    spec = FileSpec.from_dict(source.spec or {"format": "csv"})
    text = spec.text
    header_lines = (1 + text.skip_lines) if text.header else text.skip_lines
    kind = (
        "excel"
        if spec.format in SHEET_FORMATS
        else ("url" if source.kind == SourceKind.URL else "text")
    )
    sheets = (source.analysis or {}).get("sheets") or []
    return IptSource(
        name=source.name,
        kind=kind,
        encoding=text.encoding.upper(),
        delimiter=text.delimiter,
        quote=text.quotechar or "",
        header_lines=header_lines,
        sheet_index=sheets.index(spec.sheet) if spec.sheet in sheets else 0,
        multi_value_delimiter=(source.spec or {}).get("multi_value_delimiter", ""),
        url=source.url,
        columns=len(source.columns),
        rows=source.row_count,
    )


def _ipt_mapping(mapping) -> IptMapping:
    columns = mapping.source.columns if mapping.source else []
    index = {name: i for i, name in reversed(list(enumerate(columns)))}
    fields = []
    for field in mapping.fields.all():
        if field.template:  # no IPT equivalent: resource.json keeps it
            continue
        fields.append(
            IptField(
                term=field.term,
                index=index.get(field.column) if field.column else None,
                default=(field.constant or field.default) or None,
                translations=dict(field.translations),
            )
        )
    return IptMapping(
        row_type=mapping.extension.row_type,
        source=mapping.source.name if mapping.source else None,
        fields=fields,
        id_column=index.get(mapping.id_column) if mapping.id_column else None,
        filter=_ipt_filter(mapping.filters, index, mapping),
    )


def _ipt_filter(filters: list[dict], index: dict[str, int], mapping) -> IptFilter | None:
    """The first filter the IPT can express (it has one per mapping)."""
    for flt in filters:
        op = IPT_OPS.get(flt.get("op", ""))
        column = flt.get("column", "")
        if flt.get("after_translation"):
            field = mapping.fields.filter(term=column).first()
            column = field.column if field is not None else ""
        if op is not None and column in index:
            return IptFilter(
                column=index[column],
                comparator=op,
                param=str(flt.get("value") or ""),
                after_translation=bool(flt.get("after_translation")),
            )
    return None
