"""What every page's frame offers: a skip link to the content and the site's icon."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.django_db


def test_skip_link_is_the_first_link_and_targets_the_focusable_main(client):
    page = client.get("/about/").content.decode()
    first_link = re.search(r"<body[^>]*>\s*<a ([^>]*)>", page)
    assert first_link is not None and 'href="#content"' in first_link.group(1)
    assert '<main class="wrap" id="content" tabindex="-1">' in page


def test_pages_link_the_svg_favicon(client):
    page = client.get("/").content.decode()
    assert re.search(r'<link rel="icon" href="/static/img/favicon[^"]*\.svg"', page)


def test_favicon_ico_redirects_to_the_svg_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert re.fullmatch(r"/static/img/favicon[^/]*\.svg", response["Location"])
