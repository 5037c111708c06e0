"""DOIs through the installation's DataCite account (issue #23).

``accounts``: an organisation's DataCite account and the one active for the installation;
``calls``: DataCite failures as the toolkit's two kinds of error; ``reserve``: reserving a
DOI and deleting a reserved one; ``sync``: making DataCite show what the published versions
say (register at the first public version, update at every publication, re-point a replaced
DOI, hide while the resource is deleted, show again once restored). Every DataCite call runs
in a job on the registry queue, never inside a publication or a page.
"""

from .accounts import datacite_client, doi_account, doi_account_set
from .reserve import (
    DOI_DELETE,
    DOI_RESERVE,
    DoiParams,
    doi_delete_run,
    doi_delete_start,
    doi_refusal,
    doi_reserve_run,
    doi_reserve_start,
    doi_state,
    resource_doi_jobs,
)
from .sync import DOI_SYNC, DoiSyncParams, doi_sync_queue, doi_sync_run

__all__ = [
    "DOI_DELETE",
    "DOI_RESERVE",
    "DOI_SYNC",
    "DoiParams",
    "DoiSyncParams",
    "datacite_client",
    "doi_account",
    "doi_account_set",
    "doi_delete_run",
    "doi_delete_start",
    "doi_refusal",
    "doi_reserve_run",
    "doi_reserve_start",
    "doi_state",
    "doi_sync_queue",
    "doi_sync_run",
    "resource_doi_jobs",
]
