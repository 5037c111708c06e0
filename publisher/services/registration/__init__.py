"""GBIF registration of the installation and of its resources (issue #9).

``installation``: register and update the installation (admins). ``datasets``: register,
update after each publication, deregister, adopt a migrated dataset. ``payloads``: what is
sent, built from the published version. ``errors``: registry failures as user/app errors.
"""

from .datasets import (
    DATASET_DEREGISTER,
    DATASET_REGISTER,
    DATASET_UPDATE,
    Problem,
    dataset_adopt_start,
    dataset_deregister_check,
    dataset_deregister_queue,
    dataset_deregister_retry_check,
    dataset_deregister_run,
    dataset_register_start,
    dataset_update_queue,
    registration_jobs,
    registration_problems,
    registration_refusal,
    resource_organisation_set,
)
from .installation import (
    INSTALLATION_REGISTER,
    INSTALLATION_UPDATE,
    installation_adopt_start,
    installation_jobs,
    installation_register_start,
    installation_update_start,
)
from .networks import (
    DATASET_NETWORK,
    dataset_network_start,
    dataset_networks,
    networks_list,
)

__all__ = [
    "DATASET_DEREGISTER",
    "DATASET_REGISTER",
    "DATASET_UPDATE",
    "DATASET_NETWORK",
    "INSTALLATION_REGISTER",
    "INSTALLATION_UPDATE",
    "Problem",
    "dataset_adopt_start",
    "dataset_deregister_check",
    "dataset_deregister_queue",
    "dataset_deregister_retry_check",
    "dataset_deregister_run",
    "dataset_network_start",
    "dataset_networks",
    "dataset_register_start",
    "dataset_update_queue",
    "installation_adopt_start",
    "installation_jobs",
    "installation_register_start",
    "installation_update_start",
    "networks_list",
    "registration_jobs",
    "registration_problems",
    "registration_refusal",
    "resource_organisation_set",
]
