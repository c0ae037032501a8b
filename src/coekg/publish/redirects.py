"""Web-server rules for the site: Apache ``.htaccess``, ``nginx.conf`` and ``w3id.htaccess``.

Each answers a resource IRI without a suffix with 303 See Other to its Turtle, JSON-LD or
HTML document, by the ``Accept`` header; ``def`` and ``dataset`` likewise. The w3id.org file
redirects the persistent IRIs to the site, so it is written only for a site that is not
served at w3id.org itself.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from coekg import namespaces
from coekg.publish.pages import render

if TYPE_CHECKING:
    from coekg.publish.metadata import DatasetInfo

#: the pattern of resource paths (``id/{kind}/{slug}``) in the rules
RESOURCE_PATTERN = "id/[a-z0-9-]+(?:/[a-z0-9-]+)+"


def server_configs(info: DatasetInfo) -> dict[str, bytes]:
    """``.htaccess``, ``nginx.conf`` and, for a site not on w3id.org, ``w3id.htaccess``."""
    parts = urlsplit(info.base_url)
    context = {
        "base_url": info.base_url,
        "base_path": parts.path,
        "host": parts.hostname or "localhost",
        "resource_pattern": RESOURCE_PATTERN,
        "w3id_base": namespaces.BASE,
        "w3id_path": urlsplit(namespaces.BASE).path.lstrip("/"),
    }
    out = {
        ".htaccess": render("htaccess.j2", **context),
        "nginx.conf": render("nginx.conf.j2", **context),
    }
    if not info.base_url.startswith(namespaces.BASE):
        out["w3id.htaccess"] = render("w3id.htaccess.j2", **context)
    return out
