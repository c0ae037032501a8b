"""HTTP for SPARQL endpoints: authentication, retries and readable errors.

One small client for every endpoint coekg talks to: the query endpoint of ``coekg query
--endpoint`` (through :mod:`coekg.remote.endpoint`) and the query, update and graph store
endpoints of ``coekg load``. All of them send one user agent (:data:`USER_AGENT`), pass one
URL check (:func:`check_url`), find the password one way (:func:`find_credentials`:
``COEKG_PASSWORD``, else ``.netrc``), keep it out of messages with one redaction
(:func:`coekg.remote.redact.redact`), and authenticate, retry and report failures alike:

* Authentication answers the server's own challenge: HTTP basic or digest (RFC 7616:
  MD5, MD5-sess, SHA-256; ``qop=auth``), whichever the ``WWW-Authenticate`` header asks for.
  Before a request with a body, a bodyless ``HEAD`` fetches the challenge, so large
  uploads are sent once, already authenticated (Virtuoso closes the connection on a 401).
  Credentials are never sent to a server that did not ask, and never appear in messages.
* Connection errors, timeouts and 5xx answers are retried with exponential backoff; a
  request that may have taken effect on the server is retried only when it is idempotent.
* A 3xx, 4xx, or a 5xx that outlasts the retries becomes an
  :class:`~coekg.errors.EndpointError` naming the endpoint, the HTTP status and the
  endpoint's own message.

The standard library's ``http.client`` does the transport: connect and read timeouts are
separate (an unreachable host fails fast), redirects are never followed (a POST silently
turned into a GET would look like success), and request bodies are streamed from chunks.
"""

from __future__ import annotations

import base64
import hashlib
import html
import http.client
import netrc
import os
import re
import secrets
import socket
import time
import urllib.parse
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from coekg import __version__
from coekg.errors import EndpointError, InputError
from coekg.remote.redact import redact

USER_AGENT = f"coekg/{__version__} (https://w3id.org/coekg)"
#: how long to wait for a TCP connection, at most (the read timeout may be longer)
CONNECT_TIMEOUT = 10.0
#: at most this many characters of an endpoint's error message are shown
MESSAGE_LIMIT = 400

_TOKEN = r"[!#$%&'*+.^_`|~0-9A-Za-z-]+"
_PARAM = re.compile(rf"({_TOKEN})\s*=\s*(\"(?:[^\"\\]|\\.)*\"|[^,\s]*)")
_SCHEME = re.compile(rf"(?:^|,)\s*({_TOKEN})(?=\s+{_TOKEN}\s*=|\s*(?:,|$))")


@dataclass(frozen=True)
class Credentials:
    """A user name and password; the password is left out of ``repr``."""

    user: str
    password: str = field(repr=False)
    source: str = "COEKG_PASSWORD"  # where the password came from, for messages


@dataclass(frozen=True)
class Response:
    status: int
    reason: str
    headers: Mapping[str, str]
    body: bytes

    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


def display_url(url: str) -> str:
    """The endpoint as shown in messages: scheme, host, port and path, no query."""
    parts = urllib.parse.urlsplit(url)
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{host}{port}{parts.path}"


def check_url(url: str) -> str | None:
    """Why ``url`` cannot be an endpoint, or None when it can."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return f"{url!r} is not an http:// or https:// URL"
    if parts.username is not None or parts.password is not None:
        return (
            "put the user name in --user and the password in COEKG_PASSWORD or ~/.netrc, "
            "not in the URL"
        )
    try:
        parts.port  # noqa: B018  (raises on a malformed port)
    except ValueError:
        return f"{display_url(url)!r} has an invalid port"
    return None


def find_credentials(
    user: str | None, urls: Sequence[str], environ: Mapping[str, str]
) -> Credentials | None:
    """The credentials for ``urls``: the user from ``user``, the password from the
    ``COEKG_PASSWORD`` variable or else from ``~/.netrc`` (``$NETRC`` if set).

    A ``.netrc`` entry for an endpoint's host also supplies the user when none is given;
    when one is given, the entry is used only if its login matches. None when no user or
    no password is known (see :func:`netrc_path` for where to tell the user to look).
    """
    password = environ.get("COEKG_PASSWORD")
    if user and password is not None:
        return Credentials(user, password, "COEKG_PASSWORD")
    entries = _netrc(environ)
    if entries is None:
        return None
    for url in urls:
        found = entries.authenticators(urllib.parse.urlsplit(url).hostname or "")
        if found is None:
            continue
        login, _account, secret = found
        if user and login and login != user:
            continue
        name = user or login
        if not name:
            continue
        if password is not None:
            return Credentials(name, password, "COEKG_PASSWORD")
        return Credentials(name, secret or "", str(netrc_path(environ)))
    return None


def netrc_path(environ: Mapping[str, str]) -> Path:
    """``$NETRC`` if set, else ``~/.netrc``."""
    if environ.get("NETRC"):
        return Path(environ["NETRC"])
    home = environ.get("HOME") or os.path.expanduser("~")
    return Path(home) / ".netrc"


def _netrc(environ: Mapping[str, str]) -> netrc.netrc | None:
    path = netrc_path(environ)
    if not path.is_file():
        return None
    try:
        return netrc.netrc(str(path))
    except netrc.NetrcParseError as e:
        # e.msg may quote a token of the file, which could be a password: never show it
        if "access" in e.msg or "owner" in e.msg:
            raise InputError(f"{path}: {e.msg}") from None
        raise InputError(f"{path}: not a valid .netrc file") from None
    except OSError as e:
        raise InputError(f"{path}: cannot read ({e.strerror})") from None


def parse_challenges(header: str) -> dict[str, dict[str, str]]:
    """``WWW-Authenticate`` as ``{scheme (lower case): {parameter: value}}``."""
    challenges: dict[str, dict[str, str]] = {}
    starts = [(m.start(1), m.group(1).lower()) for m in _SCHEME.finditer(header)]
    for i, (start, scheme) in enumerate(starts):
        end = starts[i + 1][0] if i + 1 < len(starts) else len(header)
        params: dict[str, str] = {}
        for key, value in _PARAM.findall(header[start + len(scheme) : end]):
            if value.startswith('"'):
                value = re.sub(r"\\(.)", r"\1", value[1:-1])
            params[key.lower()] = value
        challenges.setdefault(scheme, params)
    return challenges


@dataclass
class _Auth:
    """What one protection space (an endpoint URL) asked for, and the digest state."""

    scheme: str  # "none", "basic" or "digest"
    params: dict[str, str] = field(default_factory=dict)
    count: int = 0

    def header(self, creds: Credentials, method: str, url: str) -> str | None:
        if self.scheme == "basic":
            token = base64.b64encode(f"{creds.user}:{creds.password}".encode()).decode()
            return f"Basic {token}"
        if self.scheme == "digest":
            return self._digest(creds, method, url)
        return None

    def _digest(self, creds: Credentials, method: str, url: str) -> str:
        p = self.params
        algorithm = p.get("algorithm", "MD5")
        base = algorithm.upper().removesuffix("-SESS")
        name = {"MD5": "md5", "SHA-256": "sha256", "SHA-512-256": "sha512_256"}.get(base)
        if name is None:
            raise EndpointError(
                f"endpoint {display_url(url)}: unsupported digest algorithm {algorithm}"
            )

        def h(text: str) -> str:
            return hashlib.new(name, text.encode()).hexdigest()

        parts = urllib.parse.urlsplit(url)
        uri = parts.path + (f"?{parts.query}" if parts.query else "")
        realm, nonce = p.get("realm", ""), p.get("nonce", "")
        cnonce = secrets.token_hex(8)
        self.count += 1
        nc = f"{self.count:08x}"
        ha1 = h(f"{creds.user}:{realm}:{creds.password}")
        if algorithm.upper().endswith("-SESS"):
            ha1 = h(f"{ha1}:{nonce}:{cnonce}")
        ha2 = h(f"{method}:{uri}")
        qops = [q.strip() for q in p.get("qop", "").split(",") if q.strip()]
        fields = [
            f'username="{_quote(creds.user)}"',
            f'realm="{_quote(realm)}"',
            f'nonce="{_quote(nonce)}"',
            f'uri="{_quote(uri)}"',
            f"algorithm={algorithm}",
        ]
        if "auth" in qops:
            response = h(f"{ha1}:{nonce}:{nc}:{cnonce}:auth:{ha2}")
            fields += ["qop=auth", f"nc={nc}", f'cnonce="{cnonce}"']
        else:
            response = h(f"{ha1}:{nonce}:{ha2}")
        fields.append(f'response="{response}"')
        if "opaque" in p:
            fields.append(f'opaque="{_quote(p["opaque"])}"')
        return "Digest " + ", ".join(fields)


def _quote(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"')


def server_message(response: Response) -> str:
    """The endpoint's own error message, on one line, without HTML markup."""
    text = response.text()
    found = re.search(r"<(xmp|pre)[^>]*>(.*?)</\1>", text, re.S | re.I)
    if found:
        text = found.group(2)
    elif re.search(r"<(html|body|h1|p)\b", text, re.I):
        text = re.sub(r"<(script|style|title)[^>]*>.*?</\1>", " ", text, flags=re.S | re.I)
        text = re.sub(r"<[^>]+>", " ", text)
    text = " ".join(html.unescape(text).split())
    if len(text) > MESSAGE_LIMIT:
        text = text[: MESSAGE_LIMIT - 1].rstrip() + "…"
    return text


class HttpClient:
    """Send requests to SPARQL endpoints with authentication and retries.

    ``timeout`` bounds each wait for data from the server (seconds); connecting is bounded
    by ``min(timeout, CONNECT_TIMEOUT)``. A failed attempt is retried ``retries`` times,
    after ``backoff``, ``2*backoff``, ``4*backoff``... seconds.
    """

    def __init__(
        self,
        credentials: Credentials | None = None,
        *,
        timeout: float = 300.0,
        retries: int = 3,
        backoff: float = 0.5,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.credentials = credentials
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self._sleep = sleep
        self._auth: dict[str, _Auth] = {}

    def request(
        self,
        method: str,
        url: str,
        body: Sequence[bytes] = (),
        headers: Mapping[str, str] | None = None,
        *,
        idempotent: bool = True,
        retries: int | None = None,
        on_sent: Callable[[int], None] | None = None,
        hint: str = "",
    ) -> Response:
        """Send one request and return the successful (2xx) response.

        ``body`` is a sequence of chunks, streamed in order; ``on_sent(i)`` is called after
        chunk ``i`` went out. A request that is not ``idempotent`` is retried only when it
        certainly did not reach the server (the connection was refused). ``hint`` is
        added to the message of a 4xx answer.
        """
        where = f"endpoint {display_url(url)}"
        attempts = 1 + (self.retries if retries is None else retries)
        last = ""
        for attempt in range(attempts):
            if attempt:
                self._sleep(self.backoff * 2 ** (attempt - 1))
            try:
                response = self._authenticated(method, url, body, headers or {}, on_sent)
            except ConnectionRefusedError:
                last = "connection refused"
                continue
            except TimeoutError:
                last = f"no answer within {self.timeout:g} s"
                if not idempotent:
                    raise EndpointError(
                        self._hide(f"{where}: {last}; the request may still take effect")
                    ) from None
                continue
            except (OSError, http.client.HTTPException) as e:
                last = _describe(e)
                if not idempotent:
                    raise EndpointError(
                        self._hide(
                            f"{where}: connection lost ({last}); the request may have taken effect"
                        )
                    ) from None
                continue
            if response.status >= 500:
                last = f"HTTP {response.status} {response.reason}"
                message = server_message(response)
                if message:
                    last += f": {message}"
                continue
            if response.status >= 300:
                message = _status_message(where, response, self.credentials)
                if hint and 400 <= response.status < 500 and response.status != 401:
                    message += f" ({hint})"
                raise EndpointError(self._hide(message))
            return response
        tried = f" (tried {attempts} times)" if attempts > 1 else ""
        raise EndpointError(self._hide(f"{where}: {last}{tried}"))

    def _hide(self, message: str) -> str:
        """``message`` without the password, in any form the server may have quoted it."""

        creds = self.credentials
        return redact(message, creds.user, creds.password) if creds else message

    def _authenticated(
        self,
        method: str,
        url: str,
        body: Sequence[bytes],
        headers: Mapping[str, str],
        on_sent: Callable[[int], None] | None,
    ) -> Response:
        creds = self.credentials
        space = display_url(url)
        state = self._auth.get(space)
        if creds is not None and state is None and body:
            state = self._challenge(url)
        response = self._send(method, url, body, self._signed(headers, state, method, url), on_sent)
        if response.status != 401 or creds is None:
            return response
        learned = self._learn(space, response)
        sent_basic = state is not None and state.scheme == "basic"
        if learned is None or (sent_basic and learned.scheme == "basic"):
            return response
        # a first digest attempt may fail on a stale nonce: answer the new challenge once
        return self._send(method, url, body, self._signed(headers, learned, method, url), on_sent)

    def _signed(
        self, headers: Mapping[str, str], state: _Auth | None, method: str, url: str
    ) -> dict[str, str]:
        signed = dict(headers)
        if self.credentials is not None and state is not None:
            value = state.header(self.credentials, method, url)
            if value:
                signed["Authorization"] = value
        return signed

    def _challenge(self, url: str) -> _Auth:
        """Ask the server how to authenticate, with a bodyless HEAD."""
        response = self._send("HEAD", url, (), {}, None)
        space = display_url(url)
        if response.status == 401:
            learned = self._learn(space, response)
            if learned is not None:
                return learned
        state = _Auth("none")
        self._auth[space] = state
        return state

    def _learn(self, space: str, response: Response) -> _Auth | None:
        challenges = parse_challenges(response.headers.get("www-authenticate", ""))
        for scheme in ("digest", "basic"):
            if scheme in challenges:
                state = _Auth(scheme, challenges[scheme])
                self._auth[space] = state
                return state
        return None

    def _send(
        self,
        method: str,
        url: str,
        body: Sequence[bytes],
        headers: Mapping[str, str],
        on_sent: Callable[[int], None] | None,
    ) -> Response:
        parts = urllib.parse.urlsplit(url)
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        connect = min(self.timeout, CONNECT_TIMEOUT)
        conn: http.client.HTTPConnection
        if parts.scheme == "https":
            conn = http.client.HTTPSConnection(parts.hostname or "", parts.port, timeout=connect)
        else:
            conn = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=connect)
        try:
            conn.connect()
            if conn.sock is not None:
                conn.sock.settimeout(self.timeout)
            conn.putrequest(method, path, skip_accept_encoding=True)
            length = sum(len(chunk) for chunk in body)
            if body or method in ("POST", "PUT"):
                conn.putheader("Content-Length", str(length))
            conn.putheader("User-Agent", USER_AGENT)
            for key, value in headers.items():
                conn.putheader(key, value)
            conn.endheaders()
            try:
                for i, chunk in enumerate(body):
                    conn.send(chunk)
                    if on_sent is not None:
                        on_sent(i)
            except (BrokenPipeError, ConnectionResetError):
                # the server may have answered early (e.g. a 401) and closed: read it
                pass
            raw = conn.getresponse()
            data = raw.read() if method != "HEAD" else b""
            return Response(
                raw.status,
                raw.reason,
                {k.lower(): v for k, v in raw.getheaders()},
                data,
            )
        finally:
            conn.close()


def _describe(e: BaseException) -> str:
    if isinstance(e, socket.gaierror):
        return f"host not found ({e.strerror})"
    if isinstance(e, http.client.RemoteDisconnected):
        return "the server closed the connection without answering"
    if isinstance(e, OSError) and e.strerror:
        return e.strerror[0].lower() + e.strerror[1:]
    return str(e) or type(e).__name__


def _status_message(where: str, response: Response, creds: Credentials | None) -> str:
    status = f"HTTP {response.status} {response.reason}".rstrip()
    if response.status == 401:
        if creds is None:
            return (
                f"{where}: {status}: the endpoint needs credentials; give --user NAME and "
                "the password in COEKG_PASSWORD or ~/.netrc"
            )
        return f"{where}: {status}: the endpoint refused the credentials of user {creds.user!r}"
    if 300 <= response.status < 400:
        target = response.headers.get("location", "")
        return f"{where}: {status}: the endpoint redirects" + (
            f" to {display_url(target)}; use that URL" if target else ""
        )
    message = server_message(response)
    return f"{where}: {status}" + (f": {message}" if message else "")
