from .installation import (
    API_URLS,
    PORTAL_URLS,
    REGISTRY_URLS,
    InstallationSettings,
    RegistryEnvironment,
)
from .organisations import DataCiteSystem, Organisation
from .users import Role, User

__all__ = [
    "API_URLS",
    "DataCiteSystem",
    "PORTAL_URLS",
    "REGISTRY_URLS",
    "InstallationSettings",
    "Organisation",
    "RegistryEnvironment",
    "Role",
    "User",
]
