"""Keeping a password out of messages, whatever a server says back.

A server, or a proxy's error page, may quote the request it refused, ``Authorization``
header included: the password then comes back in plain text, URL-encoded, escaped, or
base64-encoded with the user name (HTTP basic). :func:`redact` replaces every one of those
forms with ``***`` before a message is shown.
"""

from __future__ import annotations

import base64
import json
from urllib.parse import quote, quote_plus

MASK = "***"


def _forms(user: str | None, password: str) -> set[str]:
    forms = {
        password,
        quote(password, safe=""),
        quote_plus(password),
        json.dumps(password)[1:-1],
        password.encode("unicode_escape").decode("ascii"),
    }
    for raw in (password, f"{user}:{password}" if user is not None else None):
        if raw:
            encoded = base64.b64encode(raw.encode("utf-8")).decode("ascii")
            forms.update({encoded, encoded.rstrip("=")})
    return {f for f in forms if f}


def redact(text: str, user: str | None, password: str | None) -> str:
    """``text`` with ``password`` in any of the forms a server may quote it replaced."""
    if not password:
        return text
    for form in sorted(_forms(user, password), key=len, reverse=True):
        text = text.replace(form, MASK)
    return text
