from .installation import (
    PORTAL_URLS,
    REGISTRY_URLS,
    InstallationSettings,
    RegistryEnvironment,
)
from .jobs import Job, JobStatus
from .organisations import Organisation
from .users import Role, User

__all__ = [
    "PORTAL_URLS",
    "REGISTRY_URLS",
    "InstallationSettings",
    "Job",
    "JobStatus",
    "Organisation",
    "RegistryEnvironment",
    "Role",
    "User",
]
