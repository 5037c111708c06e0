"""The icon browsers ask for at /favicon.ico on their own."""

from __future__ import annotations

from django.shortcuts import redirect
from django.templatetags.static import static


def favicon(request):
    """Send the browser to the site's SVG icon (pages link it too), so the request is no 404."""
    return redirect(static("img/favicon.svg"))
