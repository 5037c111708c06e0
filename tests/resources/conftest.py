"""Names the resources tests import: the reference data under tests/data."""

from __future__ import annotations

from tests.conftest import EXTENSIONS, HUMBOLDT, TEST_DATA, VOCABULARIES

__all__ = ["EXTENSIONS", "HUMBOLDT", "TEST_DATA", "VOCABULARIES"]
