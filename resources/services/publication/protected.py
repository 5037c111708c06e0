"""A resource's archive files as they are published: mapped, then under the resource's
sensitivity policy. Publication, validation and coverage inference read the data through
here, so that what the EML says of the data is what the archive holds."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from resources.dwca.model import ArchiveFile
from resources.models import Resource
from resources.sensitivity.edits import method_step
from resources.sensitivity.policy import Policy
from resources.sensitivity.protect import Protection, Reading, protect

from ..companion_data import data_resource
from ..sensitivity import sensitivity_policy
from .archive import archive_files


def publication_policy(resource: Resource) -> Policy | None:
    """The policy ``resource`` publishes under: its own; none for an access-limited
    companion, which publishes its original's records as they are."""
    if resource.is_companion:
        return None
    return sensitivity_policy(resource)


def protected_files(
    resource: Resource, reading: Reading | None = None
) -> tuple[list[ArchiveFile], Protection | None]:
    """The archive files of ``resource`` (a companion's: its original's) with the policy
    applied (its first passes run now, as ``reading`` says), and what the policy found;
    None without a policy."""
    files = archive_files(data_resource(resource))
    policy = publication_policy(resource)
    return files, (protect(files, policy, reading) if policy is not None else None)


def policy_method_step(resource: Resource) -> str:
    """The EML methods step describing the resource's policy; "" without one."""
    policy = publication_policy(resource)
    return method_step(policy) if policy is not None else ""


@dataclass
class PublishedRow:
    """A published row as coverage inference reads rows: values by term."""

    values: dict[str, str]


def published_rows(file: ArchiveFile) -> Iterator[PublishedRow]:
    terms = file.terms
    for part in file.parts:
        for _line, _id, cells in part.rows():
            yield PublishedRow(dict(zip(terms, cells, strict=False)))
