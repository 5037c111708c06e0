"""Creating a resource from a folder this publisher exported (``resource.json``).

The inverse of ``resources.services.exporting``: sources with their files and reading
options, mappings as defined (templates, all filters), the metadata document and its
settings, publication settings, and every version with its files, dates, summary, counts,
digests and visibility. SQL passwords were not exported: SQL sources come back without
them, as the notes say.
"""

from __future__ import annotations

import json
import logging
import shutil
import uuid
from datetime import datetime
from pathlib import Path

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from catalogue.models import Extension
from core.crypto import encrypt
from core.editable import values_of
from core.errors import UserError
from core.services.tmp import tmp_dir
from core.urlauth import url_is_masked, url_password_split
from metadata.models import COVERAGE_PARTS, ResourceMetadata
from metadata.services.coverage import metadata_settings_update
from metadata.services.documents import metadata_from_json, metadata_save
from publisher.models import User
from resources import error_codes as codes
from resources.ipt.model import IptOrganisation, IptRegistration
from resources.models import Resource, Source, SourceKind, Visibility
from resources.quality.date_formats import DATE_FORMATS
from resources.sources.model import FileSpec

from ..exporting import FORMAT, FORMAT_VERSION
from ..mappings import mapping_create
from ..publication.files import file_sha256
from ..publication.schedule import publication_settings_update
from ..resources import EDITABLE as RESOURCE_EDITABLE
from ..resources import resource_add_manager, resource_create
from ..search import resource_facts_build
from ..sensitivity import policy_import
from ..sources import EDITABLE as SOURCE_EDITABLE
from ..sources import source_add_file
from .dwca import ImportResult
from .ipt_versions import Adopted, Standing, resource_standing_set, versions_adopt
from .undo import undone_on_failure

logger = logging.getLogger(__name__)


def resource_from_export(
    *, folder: Path, user: User, shortname: str, registration: IptRegistration | None = None
) -> ImportResult:
    """Create ``shortname`` from the exported ``folder``; all of it or nothing. Refused
    (``UserError``): a ``resource.json`` of another format or a newer format version
    (``import:format``), a taken short name."""
    document = _document(folder)
    notes: list[str] = []
    part = document["resource"]
    with undone_on_failure() as keep:
        resource = keep(resource_create(creator=user, **_editable(part, shortname)))
        sources = _sources(resource, document, folder, notes)
        counts = _mappings(resource, document, sources, notes)
        _metadata(resource, document, user, notes)
        _settings(resource, document, notes)
        _sensitivity(resource, document, user, notes)
        _managers(resource, part, user, notes)
        versions_adopt(resource=resource, versions=_versions(document, folder), notes=notes)
        resource_standing_set(
            resource=resource, standing=_standing(part, registration), notes=notes
        )
    resource_facts_build(resource=resource)  # the adopted versions are found by taxa too
    return ImportResult(resource=resource, notes=notes, counts=counts)


def _editable(part: dict, shortname: str) -> dict:
    """The resource's editable fields as exported, under the short name it gets here."""
    return {**values_of(Resource, RESOURCE_EDITABLE, part), "shortname": shortname}


def _document(folder: Path) -> dict:
    try:
        document = json.loads((folder / "resource.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise UserError(
            gettext_noop("resource.json cannot be read: %(error)s"),
            params={"error": exc},
            code=codes.IMPORT_FORMAT,
        ) from exc
    if (
        not isinstance(document, dict)
        or document.get("format") != FORMAT
        or not isinstance(document.get("format_version"), int)
        or document["format_version"] > FORMAT_VERSION
    ):
        raise UserError(
            _("resource.json is not an export of this publisher (or of a newer version of it)."),
            code=codes.IMPORT_FORMAT,
        )
    return document


def _sources(
    resource: Resource, document: dict, folder: Path, notes: list[str]
) -> dict[str, Source]:
    found = {}
    for item in document.get("sources", []):
        if item["kind"] == SourceKind.SQL:
            found[item["name"]] = _sql_source(resource, item, notes)
            continue
        if item["kind"] == SourceKind.AWAITING:  # no data to bring: columns, query, mappings
            found[item["name"]] = _awaiting_source(resource, item)
            continue
        path = folder / item["file"] if item.get("file") else None
        if path is None or not path.is_file():
            notes.append(
                _("Source %(name)s was not imported: its file is not in the export.")
                % {"name": item["name"]}
            )
            continue
        found[item["name"]] = _file_source(resource, item, path, notes)
    return found


def _file_source(resource: Resource, item: dict, path: Path, notes: list[str]) -> Source:
    """Added under its original file name, read with the exported options; the options this
    reader does not know (the multi-value delimiter) are put back afterwards."""
    stage = tmp_dir() / ("export-" + uuid.uuid4().hex)
    stage.mkdir(parents=True)
    try:
        copy = stage / (Path(item.get("filename") or path.name).name or path.name)
        shutil.copy2(path, copy)
        source = source_add_file(
            resource=resource, path=copy, name=item["name"], spec=FileSpec.from_dict(item["spec"])
        )
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    changes = {
        "spec": {**source.spec, **item["spec"]},
        "kind": item["kind"],
        **values_of(Source, [n for n in SOURCE_EDITABLE if n != "name"], item),
        "date_format": _date_format(item),
    }
    if changes.get("url"):
        changes |= _url_without_password(changes["url"], item["name"], notes)
    Source.objects.filter(pk=source.pk).update(**changes)
    for key, value in changes.items():
        setattr(source, key, value)
    if item.get("sha256") and item["sha256"] != source.sha256:
        notes.append(
            _("The file of source %(name)s differs from the exported one.") % {"name": item["name"]}
        )
    return source


def _date_format(item: dict) -> str:
    """The exported date format, if this instance knows it (older exports have none)."""
    value = item.get("date_format") or ""
    return value if value in DATE_FORMATS else ""


def _url_without_password(url: str, name: str, notes: list[str]) -> dict:
    """An exported address has its password masked: it must be entered again (an older
    export may still hold it in clear; it is then stored encrypted)."""
    masked, password = url_password_split(url)
    if url_is_masked(masked) and not password:
        notes.append(
            _(
                "URL source %(name)s was imported without its password (exports never "
                "hold it): download it again with the full address."
            )
            % {"name": name}
        )
    return {"url": masked, "url_password_encrypted": encrypt(password) if password else ""}


def _sql_source(resource: Resource, item: dict, notes: list[str]) -> Source:
    try:
        from resources.sources.sql import make_url

        url = make_url(item.get("sql_url_redacted") or "").set(password=None)
        plain = url.render_as_string(hide_password=False)
    except Exception:  # an unreadable URL: kept redacted, to be entered again
        plain = item.get("sql_url_redacted") or ""
    notes.append(
        _(
            "SQL source %(name)s was imported without its password (exports never "
            "hold it): enter the password again."
        )
        % {"name": item["name"]}
    )
    return Source.objects.create(
        resource=resource,
        **values_of(Source, SOURCE_EDITABLE, item),
        kind=SourceKind.SQL,
        date_format=_date_format(item),
        sql_url_encrypted=encrypt(plain),
        sql_url_redacted=item.get("sql_url_redacted", ""),
        analysis={"columns": list(item.get("columns") or []), "row_count": None},
    )


def _awaiting_source(resource: Resource, item: dict) -> Source:
    return Source.objects.create(
        resource=resource,
        **values_of(Source, SOURCE_EDITABLE, item),
        kind=SourceKind.AWAITING,
        sql_url_redacted=item.get("sql_url_redacted", ""),
        analysis={"columns": list(item.get("columns") or []), "row_count": None},
    )


def _mappings(
    resource: Resource, document: dict, sources: dict[str, Source], notes: list[str]
) -> dict[str, int]:
    counts: dict[str, int] = {}
    for item in document.get("mappings", []):
        source = sources.get(item.get("source") or "")
        extension = Extension.objects.filter(row_type=item["row_type"]).first()
        label = "%s (%s)" % (item["row_type"].rsplit("/", 1)[-1], item.get("source") or "-")
        if source is None or extension is None:
            notes.append(
                _(
                    "The mapping %(mapping)s was not imported: its source or extension "
                    "is missing here."
                )
                % {"mapping": label}
            )
            continue
        if not source.columns:
            notes.append(
                _("The mapping %(mapping)s was not imported: its source has no known columns yet.")
                % {"mapping": label}
            )
            continue
        try:
            mapping_create(
                resource=resource, source=source, extension=extension, definition=item["definition"]
            )
        except UserError as exc:
            notes.append(
                _("The mapping %(mapping)s was not imported: %(error)s")
                % {"mapping": label, "error": exc.message}
            )
            continue
        counts[extension.row_type] = counts.get(extension.row_type, 0) + (source.row_count or 0)
    return counts


def _metadata(resource: Resource, document: dict, user: User, notes: list[str]) -> None:
    part = document.get("metadata") or {}
    if part.get("document"):
        metadata_save(resource, metadata_from_json(part["document"]), user=user)
    metadata_settings_update(
        resource,
        citation_auto=part.get("citation_auto"),
        coverage_mode=part.get("coverage_mode"),  # exports made before each coverage had one
        **{p + "_coverage_mode": part.get(p + "_coverage_mode") for p in COVERAGE_PARTS},
        user=user,
    )
    package_id = part.get("package_id")
    if package_id and not ResourceMetadata.objects.filter(package_id=package_id).exists():
        # The EML packageId identifies the dataset; it moves with it.
        ResourceMetadata.objects.filter(resource=resource).update(package_id=package_id)
    elif package_id:
        notes.append(
            _("The metadata got a new packageId: %(id)s is used by another resource here.")
            % {"id": package_id}
        )


def _settings(resource: Resource, document: dict, notes: list[str]) -> None:
    options = dict(document.get("publication_settings") or {})
    if "time" in options:
        options["time"] = datetime.strptime(options["time"][:8], "%H:%M:%S").time()
    try:
        publication_settings_update(resource=resource, **options)
    except UserError as exc:
        notes.append(
            _("The publication settings were not imported: %(error)s") % {"error": exc.message}
        )


def _sensitivity(resource: Resource, document: dict, user: User, notes: list[str]) -> None:
    """The sensitivity policy, subscribed to the shared lists of the same name here."""
    data = document.get("sensitivity")
    if not data:
        return
    try:
        notes.extend(policy_import(resource=resource, user=user, data=data))
    except UserError as exc:
        notes.append(
            _("The sensitivity policy was not imported: %(error)s") % {"error": exc.message}
        )


def _managers(resource: Resource, part: dict, user: User, notes: list[str]) -> None:
    for email in dict.fromkeys([part.get("creator") or "", *part.get("managers", [])]):
        found = User.objects.filter(email__iexact=email).first() if email else None
        if email and found is None:
            notes.append(_("Manager %(email)s has no account here; not added.") % {"email": email})
        elif found is not None and found.pk != user.pk:
            try:
                resource_add_manager(resource=resource, user=found)
            except UserError as exc:
                notes.append(exc.message)


def _versions(document: dict, folder: Path) -> list[Adopted]:
    adopted = []
    for item in document.get("versions", []):
        files = {
            kind: folder / name
            for kind, name in (item.get("files") or {}).items()
            if (folder / name).is_file()
        }
        fields = {
            name: item[name]
            for name in ("counts", "records", "report", "auto", "data_sha256", "metadata_sha256")
            if item.get(name) is not None
        }
        if "archive" in files and item.get("archive_sha256") == file_sha256(files["archive"]):
            fields["archive_sha256"] = item["archive_sha256"]
        if item.get("archive_removed_at"):
            fields["archive_removed_at"] = datetime.fromisoformat(item["archive_removed_at"])
        by = item.get("published_by")
        adopted.append(
            Adopted(
                label=item["label"],
                published_at=datetime.fromisoformat(item["published_at"]),
                visibility=item.get("visibility") or Visibility.PRIVATE,
                change_summary=item.get("change_summary", ""),
                files=files,
                fields=fields,
                published_by=User.objects.filter(email__iexact=by).first() if by else None,
            )
        )
    return adopted


def _standing(part: dict, registration: IptRegistration | None) -> Standing:
    organisation = part.get("organisation") or {}
    key = organisation.get("key", "")
    known = registration.organisations.get(key) if registration else None
    return Standing(
        visibility=part.get("visibility") or Visibility.PRIVATE,
        gbif_key=part.get("gbif_key") or "",
        registered_at=datetime.fromisoformat(part["registered_at"])
        if part.get("registered_at")
        else None,
        organisation_key=key,
        organisation=known or (IptOrganisation(**organisation) if organisation else None),
        extra={
            "visibility_pending": part.get("visibility_pending") or "",
            "public_from": part.get("public_from"),
            **({"created": datetime.fromisoformat(part["created"])} if part.get("created") else {}),
        },
    )
