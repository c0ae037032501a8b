"""Options shared by several commands, and the edge where library errors become exit codes."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])


def data_option(f: F) -> F:
    """``--data PATH`` (repeatable): files or folders of RDF; default the bundled data."""
    return click.option(
        "--data",
        "data",
        multiple=True,
        type=click.Path(path_type=Path),
        metavar="PATH",
        help="RDF file or folder to read instead of the bundled data (repeatable).",
    )(f)


def output_option(f: F) -> F:
    """``-o FILE``: where to write; default standard output."""
    return click.option(
        "-o",
        "--output",
        "output",
        type=click.Path(path_type=Path, dir_okay=False),
        default=None,
        help="Write to FILE (atomically) instead of standard output.",
    )(f)


def no_validate_option(f: F) -> F:
    return click.option(
        "--no-validate",
        is_flag=True,
        help="Skip validation (by default non-conforming data is refused with exit 1).",
    )(f)


def reports_errors(f: F) -> F:
    """Turn :class:`coekg.errors.CoekgError` into one line on stderr and its exit code.

    With ``coekg --debug`` the traceback is shown as well.
    """

    @functools.wraps(f)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from coekg.errors import CoekgError

        try:
            return f(*args, **kwargs)
        except CoekgError as e:
            ctx = click.get_current_context(silent=True)
            if ctx is not None and ctx.find_root().params.get("debug"):
                import traceback

                traceback.print_exc(file=sys.stderr)
            click.echo(f"coekg: error: {e}", err=True)
            sys.exit(e.exit_code)

    return wrapper  # type: ignore[return-value]
