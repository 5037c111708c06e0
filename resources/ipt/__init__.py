"""Reading (and writing the basics of) the IPT's resource folders and data directory.

Django-free: ``resource_xml`` turns a ``resource.xml`` (XStream, references resolved) into
plain dataclasses and back, ``registration`` reads ``config/registration2.xml``, ``folder``
finds resources and their files in an unpacked folder or data directory, ``archive`` counts
the records of a published Darwin Core Archive. Anything not understood becomes a note.
"""

DJANGO_FREE = True

from .model import (  # noqa: E402
    IptError,
    IptField,
    IptFilter,
    IptMapping,
    IptOrganisation,
    IptRegistration,
    IptResource,
    IptSource,
    IptVersion,
)

__all__ = [
    "IptError",
    "IptField",
    "IptFilter",
    "IptMapping",
    "IptOrganisation",
    "IptRegistration",
    "IptResource",
    "IptSource",
    "IptVersion",
]
