"""Client of the GBIF registry's legacy ("GBRDS") IPT API, free of Django.

Everything the IPT sends to or reads from ``{registry}/registry/...``: organisations and the
token check, installation register/update, dataset register/update/delete, the
belongs-to-organisation check and networks. Preemptive HTTP Basic auth, UTF-8 form bodies,
XML ``<key>`` and JSON replies, one exception class per kind of failure. See
``registry-harvest-contract.md`` §A for the contract this follows.
"""

DJANGO_FREE = True

from .client import DEFAULT_TIMEOUT, RegistryClient  # noqa: E402
from .errors import (  # noqa: E402
    RegistryBadRequest,
    RegistryBadResponse,
    RegistryError,
    RegistryNotAuthorised,
    RegistryOutcomeUnknown,
    RegistryUnreachable,
)
from .forms import (  # noqa: E402
    Contact,
    DatasetForm,
    InstallationForm,
    dataset_service_types,
    dataset_service_urls,
)
from .parse import NetworkBrief, OrganisationBrief, OrganisationDetail  # noqa: E402
from .v1 import Endpoint, RegisteredDataset, RegisteredInstallation  # noqa: E402

__all__ = [
    "DEFAULT_TIMEOUT",
    "Contact",
    "DatasetForm",
    "InstallationForm",
    "NetworkBrief",
    "OrganisationBrief",
    "OrganisationDetail",
    "RegistryBadRequest",
    "RegistryBadResponse",
    "RegistryClient",
    "RegistryError",
    "RegistryNotAuthorised",
    "RegistryOutcomeUnknown",
    "RegistryUnreachable",
    "Endpoint",
    "RegisteredDataset",
    "RegisteredInstallation",
    "dataset_service_types",
    "dataset_service_urls",
]
