"""What the query server and its clients share: where a server says how to reach it, and
how a message is framed.

A running server writes a *connection file* ``<cache>/servers/<key>.json`` (mode 0600, in a
folder of mode 0700), where ``<key>`` identifies the files it holds exactly as a kept store
does (:func:`coekg.query.kept_store.identify`). It gives the server's process id, its port on
127.0.0.1 and a random token that every request must carry, so no other user of the
machine can ask it anything. A client finds the server of its files by that key alone.

Messages on the connection: a request is one line of JSON; an answer is one line of JSON
(the header) followed by as many bytes as the header's ``length`` says.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from coekg.query.kept_store import cache_dir

#: the most a request line may hold
MAX_REQUEST = 64 * 1024


@dataclass(frozen=True)
class Connection:
    """The content of a connection file."""

    pid: int
    port: int
    token: str
    key: str

    @classmethod
    def from_json(cls, text: str) -> Connection:
        doc = json.loads(text)
        return cls(int(doc["pid"]), int(doc["port"]), str(doc["token"]), str(doc["key"]))


def servers_dir() -> Path:
    """The folder of connection files and server logs: ``servers/`` in the cache folder."""

    return cache_dir() / "servers"


def connection_path(key: str) -> Path:
    return servers_dir() / f"{key}.json"


def log_path(key: str) -> Path:
    return servers_dir() / f"{key}.log"


def write_connection(connection: Connection) -> Path:
    """Write the connection file atomically, readable by its owner only."""
    folder = servers_dir()
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    final = connection_path(connection.key)
    tmp = folder / f".{connection.key}.{os.getpid()}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(asdict(connection), handle)
        os.replace(tmp, final)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    return final


def read_connection(path: Path) -> Connection | None:
    """The connection in ``path``, or ``None`` when there is none (or it is unreadable)."""
    try:
        return Connection.from_json(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def remove_connection(connection: Connection) -> None:
    """Remove the connection file of ``connection`` if it still names that server."""
    path = connection_path(connection.key)
    if read_connection(path) == connection:
        with contextlib.suppress(OSError):
            path.unlink()


def is_alive(pid: int) -> bool:
    """Whether process ``pid`` runs (it may belong to another user); a zombie, ended but
    not yet collected by its parent, does not."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True  # no /proc: trust kill
    return stat.rpartition(")")[2].split()[:1] != ["Z"]


def send(sock: socket.socket, header: dict[str, Any], body: bytes = b"") -> None:
    """Send an answer: ``header`` as one JSON line (with ``length``), then ``body``."""
    # one send: a second small one could wait for the first's delayed acknowledgement
    sock.sendall(json.dumps({**header, "length": len(body)}).encode() + b"\n" + body)


def read_line(stream: Any) -> dict[str, Any]:
    """One JSON line from a binary file ``stream``; ``ValueError`` if it is not one."""
    line = stream.readline(MAX_REQUEST + 1)
    if not line.endswith(b"\n"):
        raise ValueError("no complete message")
    doc = json.loads(line)
    if not isinstance(doc, dict):
        raise ValueError("a message is a JSON object")
    return doc
