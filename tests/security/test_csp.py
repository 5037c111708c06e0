"""Pages are sent with a Content Security Policy that runs only the installation's own files,
and no template holds inline script, inline style or inline event handlers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.urls import reverse

from core.models import JobStatus
from publisher.models import Role
from tests.factories import JobFactory, ResourceFactory, UserFactory

pytestmark = pytest.mark.django_db

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
HEADER = "Content-Security-Policy"
SCRIPT = re.compile(r"<script\b([^>]*)>", re.I)
INLINE_HANDLER = re.compile(r"\s(on[a-z]+|hx-on[:\w-]*)\s*=", re.I)
STYLE_ATTRIBUTE = re.compile(r"\sstyle\s*=", re.I)
COMMENT = re.compile(r"{#.*?#}", re.S)


def _directives(response) -> dict[str, list[str]]:
    policy = response[HEADER]
    parts = (p.split() for p in policy.split(";") if p.strip())
    return {words[0]: words[1:] for words in parts}


def _inline_code(html: str) -> list[str]:
    """Script elements without src (JSON-LD data aside), <style> elements, style= and on…=
    attributes: what the policy would block."""
    found = [
        m.group(0)
        for m in SCRIPT.finditer(html)
        if "src=" not in m.group(1) and "application/ld+json" not in m.group(1)
    ]
    found += re.findall(r"<style\b", html, re.I)
    found += [m.group(0) for m in INLINE_HANDLER.finditer(html)]
    found += [m.group(0) for m in STYLE_ATTRIBUTE.finditer(html)]
    return found


@pytest.fixture
def pages(client, data_dir):
    """The main pages, for an anonymous visitor and a manager."""
    manager = UserFactory(role=Role.MANAGER)
    resource = ResourceFactory(shortname="ponds", creator=manager)
    job = JobFactory(created_by=manager, status=JobStatus.RUNNING, progress_total=4)
    anonymous = [reverse("home"), reverse("about"), reverse("login"), reverse("api-docs")]
    shown = [(url, client.get(url)) for url in anonymous]
    client.force_login(manager)
    managed = [
        reverse("dashboard"),
        reverse("resource-overview", args=[resource.shortname]),
        reverse("job-detail", args=[job.pk]),
    ]
    return shown + [(url, client.get(url)) for url in managed]


def test_pages_are_sent_with_a_policy_allowing_only_own_scripts_and_styles(pages):
    for url, response in pages:
        assert response.status_code == 200, url
        directives = _directives(response)
        assert directives["script-src"] == ["'self'"], url
        assert directives["style-src"] == ["'self'"], url
        assert directives["object-src"] == ["'none'"], url
        assert "'unsafe-inline'" not in response[HEADER], url
        assert "'unsafe-eval'" not in response[HEADER], url


def test_rendered_pages_hold_no_inline_code(pages):
    for url, response in pages:
        assert _inline_code(response.content.decode()) == [], url


def test_the_api_docs_load_their_script_from_a_file(pages):
    html = dict(pages)[reverse("api-docs")].content.decode()
    assert "?script" in html or "&amp;script" in html


def test_no_template_holds_inline_code():
    """E-mails are left out: a mail reader applies no Content Security Policy, and many
    keep only inline styles."""
    offenders = {
        str(path.relative_to(TEMPLATES)): found
        for path in sorted(TEMPLATES.rglob("*.html"))
        if path.relative_to(TEMPLATES).parts[0] != "emails"
        if (found := _inline_code(COMMENT.sub("", path.read_text())))
    }
    assert offenders == {}


def test_the_resource_page_keeps_its_json_ld_data():
    html = (TEMPLATES / "portal" / "resource.html").read_text()
    assert '<script type="application/ld+json">' in html
