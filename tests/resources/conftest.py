"""Fixtures for the resources tests: the reference data beside the checkout, a local HTTP server."""

from __future__ import annotations

import pytest

from tests.conftest import EXTENSIONS, HUMBOLDT, SHARED, VOCABULARIES

__all__ = ["EXTENSIONS", "HUMBOLDT", "SHARED", "VOCABULARIES"]


@pytest.fixture(autouse=True)
def _need_shared_data():
    if not EXTENSIONS.is_dir():
        pytest.fail("reference data not found at %s (../shared beside the checkout)" % SHARED)
