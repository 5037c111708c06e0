"""The landing page names the row type of each data file instead of showing its URI."""

from __future__ import annotations

import re

import pytest

from resources.models import Visibility

from .conftest import fake_published

pytestmark = pytest.mark.django_db


def test_the_landing_page_file_list_names_row_types(data_dir, client):
    resource = fake_published(Visibility.PUBLIC)
    html = client.get("/resource?r=%s" % resource.shortname).content.decode()
    cell = re.search(r'<td class="rowtype"[^>]*>([^<]*)</td>', html)
    assert cell is not None
    assert cell.group(1) == "Event"
