"""The IPT's public addresses of a resource (``archive.do?r=<shortname>&v=<version>``).

Absolute ones (feeds, JSON-LD, citations) start with the installation's public base URL
(``installation_base_url``: the admin's setting, else ``BASE_URL``); pages link relatively,
so that they work whatever host name serves them.
"""

from __future__ import annotations

from urllib.parse import quote, urlencode

from publisher.services.installation import installation_base_url

# Versioned download names, as the IPT gives them.
DOWNLOAD_NAMES = {
    "archive": "dwca-%s-v%s.zip",
    "eml": "eml-%s-v%s.xml",
    "rtf": "rtf-%s-v%s.rtf",
    "log": "publication-%s-v%s.log",
    "datapackage": "dwc-dp-%s-v%s.zip",
}


def relative(action: str, shortname: str, version: str = "", **params: str) -> str:
    """``/<action>?r=<shortname>[&v=<version>]`` with any further parameters."""
    url = "/%s?r=%s" % (action, quote(shortname, safe=""))
    if not version and not params:  # thousands of times per feed
        return url
    query = {"v": version, **params}
    rest = urlencode({k: v for k, v in query.items() if v})
    return url + "&" + rest if rest else url


def absolute(action: str, shortname: str, version: str = "", **params: str) -> str:
    return installation_base_url() + relative(action, shortname, version, **params)


def landing(shortname: str, version: str = "") -> str:
    """The landing page (the IPT's ``resource?r=``; the DOI target when versioned)."""
    return absolute("resource", shortname, version)


def download_name(kind: str, shortname: str, version: str) -> str:
    return DOWNLOAD_NAMES[kind] % (shortname, version)
