"""Asking a remote SPARQL endpoint, through SPARQLWrapper.

The endpoint is asked for SPARQL 1.1 JSON results, which become the same
:class:`~coekg.query.results.Results` as the embedded store gives. Every failure is an
:class:`~coekg.errors.EndpointError` naming the endpoint (with any password in its URL
masked) and the HTTP status; the password itself never appears in a message.
"""

from __future__ import annotations

import ast
import http.client
import json
import re
import urllib.error
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

from coekg.errors import EndpointError
from coekg.query.results import from_json
from coekg.remote.redact import redact as hide

if TYPE_CHECKING:
    from coekg.query.results import Results

DEFAULT_TIMEOUT = 60
USER_AGENT = "coekg (https://w3id.org/coekg)"


def redact(url: str) -> str:
    """``url`` with the password of its user information, if any, replaced by ``***``."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    if parts.password is None:
        return url
    host = parts.netloc.rsplit("@", 1)[1]
    return urlunsplit(parts._replace(netloc=f"{parts.username}:***@{host}"))


def _check_url(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise EndpointError(f"endpoint {redact(url)}: not an http(s) URL")


def _detail(body: object, secret: str | None, user: str | None = None) -> str:
    """The first line of an endpoint's error body, short, without the password (in any
    form the endpoint may quote it, base64 of an ``Authorization`` header included)."""

    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else str(body)
    text = hide(text, user, secret)
    text = re.sub(r"^\s*\w*:\s*", "", text.strip())
    line = text.splitlines()[0].strip() if text else ""
    return line if len(line) <= 200 else line[:197] + "..."


def _wrapper_body(error: Exception) -> bytes:
    """The endpoint's answer that SPARQLWrapper put (as a ``repr``) into its exception."""
    message = str(error)
    _, found, body = message.partition("Response:\n")
    if not found:
        return b""
    try:
        value = ast.literal_eval(body.strip())
    except (SyntaxError, ValueError):
        return body.encode()
    return value if isinstance(value, bytes) else str(value).encode()


def _blank_nodes_relabelled(body: bytes) -> bytes:
    """A SPARQL JSON results document with its blank nodes labelled ``b0``, ``b1``, ...

    Virtuoso 7 labels blank nodes ``nodeID://b10053``, which is no blank node label of
    RDF syntax, so pyoxigraph refuses the answer. A label only names a node within one
    answer, so each distinct label becomes ``b`` and its rank of first appearance.
    Documents without blank nodes are returned as they are.
    """
    if b'"bnode"' not in body:
        return body
    doc = json.loads(body)
    labels: dict[str, str] = {}

    def relabel(term: Any) -> None:
        if not isinstance(term, dict):
            return
        if term.get("type") == "bnode" and isinstance(term.get("value"), str):
            term["value"] = labels.setdefault(term["value"], f"b{len(labels)}")
        elif term.get("type") == "triple" and isinstance(term.get("value"), dict):
            for part in term["value"].values():
                relabel(part)

    results = doc.get("results") if isinstance(doc, dict) else None
    bindings = results.get("bindings") if isinstance(results, dict) else None
    for row in bindings if isinstance(bindings, list) else []:
        for term in row.values() if isinstance(row, dict) else []:
            relabel(term)
    return json.dumps(doc).encode()


def select(
    url: str,
    text: str,
    *,
    ordered: bool,
    user: str | None = None,
    password: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    default_graphs: Sequence[str] = (),
) -> Results:
    """Send the SELECT or ASK query ``text`` to the endpoint ``url`` and read the answer.

    ``default_graphs``: the IRIs of the graphs whose merge is the query's default graph,
    sent as ``default-graph-uri`` parameters (SPARQL 1.1 Protocol); without them the
    endpoint chooses (Oxigraph: its own default graph; Virtuoso: the union of all graphs).
    """
    from SPARQLWrapper import BASIC, JSON, POST, URLENCODED, SPARQLWrapper
    from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

    _check_url(url)
    where = f"endpoint {redact(url)}"
    client = SPARQLWrapper(url, agent=USER_AGENT)
    client.setMethod(POST)
    client.setRequestMethod(URLENCODED)
    client.setOnlyConneg(True)
    client.setReturnFormat(JSON)
    client.setTimeout(max(1, round(timeout)))
    client.setQuery(text)
    for graph in default_graphs:
        client.addParameter("default-graph-uri", graph)
    if user is not None:
        client.setHTTPAuth(BASIC)
        client.setCredentials(user, password or "")
    statuses = {
        "QueryBadFormed": 400,
        "Unauthorized": 401,
        "EndPointNotFound": 404,
        "URITooLong": 414,
        "EndPointInternalError": 500,
    }
    try:
        response = client.query().response
        body = response.read()
        kind = response.headers.get("Content-Type", "")
    except SPARQLWrapperException as e:
        status = statuses.get(type(e).__name__)
        detail = _detail(_wrapper_body(e), password, user)
        raise EndpointError(
            f"{where}: HTTP {status or 'error'}" + (f": {detail}" if detail else "")
        ) from None
    except urllib.error.HTTPError as e:
        detail = _detail(e.read(), password, user)
        raise EndpointError(
            f"{where}: HTTP {e.code} {e.reason}" + (f": {detail}" if detail else "")
        ) from None
    except urllib.error.URLError as e:
        reason = e.reason
        if isinstance(reason, TimeoutError):
            raise EndpointError(f"{where}: no answer within {timeout:g} s") from None
        detail = _detail(reason, password, user)
        raise EndpointError(f"{where}: cannot connect ({detail})") from None
    except TimeoutError:
        raise EndpointError(f"{where}: no answer within {timeout:g} s") from None
    except OSError as e:
        raise EndpointError(f"{where}: {e.strerror or e}") from None
    except http.client.InvalidURL:  # its message would show the whole URL
        raise EndpointError(f"{where}: not a valid URL") from None
    except http.client.HTTPException as e:  # an answer cut short, or not HTTP at all
        raise EndpointError(f"{where}: broken answer ({type(e).__name__})") from None
    try:
        return from_json(_blank_nodes_relabelled(body), ordered=ordered)
    except (SyntaxError, ValueError) as e:
        raise EndpointError(
            f"{where}: answer is not SPARQL JSON results ({kind or 'no content type'}): {e}"
        ) from None
