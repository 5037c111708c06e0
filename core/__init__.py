"""The foundation every app uses and that uses no app.

Errors and their codes, the Job model with its runner registry and executor, permissions by
role, view and API helpers, the command-line base and the safe HTTP fetcher. ``core`` imports
none of ``publisher``, ``catalogue``, ``resources``, ``metadata`` or ``workflows``
(``tests/test_layering.py`` enforces it).
"""

from importlib import metadata

try:
    __version__ = metadata.version("sampling-event-publisher")
except metadata.PackageNotFoundError:  # running from a checkout that was not installed
    __version__ = "0.0.0+local"

__all__ = ["__version__"]
