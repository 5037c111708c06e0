from .installation import (
    PORTAL_URLS,
    REGISTRY_URLS,
    InstallationSettings,
    RegistryEnvironment,
)
from .organisations import Organisation
from .users import Role, User

__all__ = [
    "PORTAL_URLS",
    "REGISTRY_URLS",
    "InstallationSettings",
    "Organisation",
    "RegistryEnvironment",
    "Role",
    "User",
]
