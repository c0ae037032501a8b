"""Options of the commands that talk to SPARQL endpoints, ``query --endpoint`` and ``load``:
one spelling, one URL check and one way to find the password for both."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

import click

if TYPE_CHECKING:
    from coekg.remote.http import Credentials

F = TypeVar("F", bound=Callable[..., Any])


def endpoint_url(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """Callback refusing an endpoint URL that is not http(s), or that holds a password."""
    from coekg.remote.http import check_url

    if value is None:
        return None
    problem = check_url(value)
    if problem:
        raise click.BadParameter(problem)
    return value


def user_option(f: F) -> F:
    """``--user NAME``: the password comes from ``COEKG_PASSWORD`` or ``~/.netrc``."""
    return click.option(
        "--user",
        metavar="NAME",
        default=None,
        help="User name for the endpoints (HTTP basic or digest, as the server asks); the "
        "password comes from COEKG_PASSWORD or ~/.netrc.",
    )(f)


def timeout_option(default: float) -> Callable[[F], F]:
    """``--timeout SECONDS``: how long to wait for each answer."""
    return click.option(
        "--timeout",
        type=click.FloatRange(min=0, min_open=True),
        default=default,
        show_default=True,
        metavar="SECONDS",
        help="How long to wait for each answer (connecting waits at most 10 s).",
    )


def retries_option(default: int) -> Callable[[F], F]:
    """``--retries N``: retries after a connection error, a timeout or a 5xx answer."""
    return click.option(
        "--retries",
        type=click.IntRange(min=0),
        default=default,
        show_default=True,
        metavar="N",
        help="Retries, with backoff, after a connection error, a timeout or a 5xx answer.",
    )


def credentials_for(user: str | None, urls: Sequence[str]) -> Credentials | None:
    """The credentials for ``urls``: ``--user`` with ``COEKG_PASSWORD``, or a ``.netrc``
    entry for an endpoint's host. A usage error when ``--user`` is given without a password.
    """
    from coekg.remote.http import find_credentials, netrc_path

    credentials = find_credentials(user, urls, os.environ)
    if user and credentials is None:
        raise click.UsageError(
            f"no password for user {user!r}: set COEKG_PASSWORD, or add a 'machine' entry "
            f"for the endpoint's host to {netrc_path(os.environ)}"
        )
    return credentials
