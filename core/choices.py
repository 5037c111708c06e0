"""``TextChoices`` for the models' choice enums, typed for mypy.

At run time this is Django's ``models.TextChoices`` itself. Without django-stubs mypy sees
Django as ``Any``, so a member such as ``JobStatus.RUNNING = "running", _("Running")`` would
be typed as the tuple on the right, not as the ``str`` enum member it is. For the type
checker only, ``TextChoices`` is declared here as a ``StrEnum`` with what Django's metaclass
makes of it: a member's ``value`` is the string and its ``label`` the text; the class has
``choices``, ``values``, ``labels`` and ``names``.
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

if TYPE_CHECKING:

    class _ChoicesType(enum.EnumMeta):
        @property
        def choices(cls) -> list[tuple[str, str]]: ...
        @property
        def values(cls) -> list[str]: ...
        @property
        def labels(cls) -> list[str]: ...
        @property
        def names(cls) -> list[str]: ...

    class TextChoices(enum.StrEnum, metaclass=_ChoicesType):
        @property
        def value(self) -> str: ...
        @property
        def label(self) -> str: ...

else:
    from django.db.models import TextChoices

__all__ = ["TextChoices"]
