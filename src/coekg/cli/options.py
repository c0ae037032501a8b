"""Options shared by several commands, and the edge where library errors become exit codes."""

from __future__ import annotations

import errno
import functools
import io
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, TypeVar

import click

from coekg.errors import EXIT_CANNOT_RUN

if TYPE_CHECKING:
    from coekg.progress import Progress
    from coekg.project import Project
    from coekg.rdf.dataset import KnowledgeGraph, StatementFeed

F = TypeVar("F", bound=Callable[..., Any])


def data_option(f: F) -> F:
    """``--data PATH`` (repeatable): files or folders of RDF; default the bundled data."""
    return click.option(
        "--data",
        "data",
        multiple=True,
        # readable=False: the library says what is wrong with a path (exit 3), not click (2)
        type=click.Path(path_type=Path, readable=False),
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


def text_or_json_option(text_help: str) -> Callable[[F], F]:
    """``-f/--format text|json`` of a command that lists things: ``text_help`` says what
    the text is; json gives every field, for machines."""
    return click.option(
        "-f",
        "--format",
        "fmt",
        type=click.Choice(["text", "json"]),
        default="text",
        show_default=True,
        help=f"text: {text_help}; json: every field, for machines.",
    )


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
            try:
                return f(*args, **kwargs)
            finally:
                sys.stdout.flush()  # a write error shows here, not after the exit code is set
        except CoekgError as e:
            _fail(one_line(str(e)), e.exit_code)
        except OSError as e:
            if e.errno == errno.EPIPE:
                raise  # the reader went away (``coekg export | head``): click exits quietly
            # an I/O failure the library did not name (writing standard output, say)
            what = f"{e.filename}: {e.strerror}" if e.filename else f"input/output error ({e})"
            _fail(one_line(what), EXIT_CANNOT_RUN)

    return wrapper  # type: ignore[return-value]


def _fail(message: str, code: int) -> None:
    ctx = click.get_current_context(silent=True)
    if ctx is not None and ctx.find_root().params.get("debug"):
        import traceback

        traceback.print_exc(file=sys.stderr)
    click.echo(f"coekg: error: {message}", err=True)
    sys.exit(code)


class CheckedOutput:
    """A binary stream where a short write is an error.

    Python's buffered files may write only part of what they are given and return the
    count instead of raising (a full disk behind a redirected standard output): writing
    the rest makes the error show.
    """

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream = stream

    def write(self, data: bytes) -> int:
        view = memoryview(data)
        done = 0
        while done < len(view):
            written = self.stream.write(view[done:])
            if not written:
                raise OSError(errno.EIO, "nothing could be written")
            done += written
        return done

    def flush(self) -> None:
        self.stream.flush()


class _WholeWrites(io.RawIOBase):
    """File descriptor 1, where a write either writes everything or raises. After a
    failure the rest is dropped, so the exit does not fail again on what is left."""

    failed = False

    def writable(self) -> bool:
        return True

    def fileno(self) -> int:
        return 1

    def write(self, data: Any) -> int:
        view = memoryview(data).cast("B")
        done = 0
        while done < len(view) and not self.failed:
            try:
                done += os.write(1, view[done:])
            except OSError as e:
                self.failed = True
                raise OSError(e.errno, f"cannot write ({e.strerror})", "standard output") from e
        return len(view)


def check_stdout_writes() -> None:
    """Make standard output raise when a write fails half-way (a full disk).

    Python's buffered files return a short count instead of raising when the disk fills
    in the middle of a large write, and text output ignores the count: a report would be
    cut short without a word. Only for the console command: tests capture output otherwise.
    """
    stdout = sys.stdout
    try:
        if not isinstance(stdout, io.TextIOWrapper) or stdout.fileno() != 1:
            return
    except (OSError, ValueError):  # no file behind it (io.UnsupportedOperation is both)
        return
    stdout.flush()
    sys.stdout = io.TextIOWrapper(
        io.BufferedWriter(_WholeWrites()),
        encoding=stdout.encoding,
        errors=stdout.errors,
        line_buffering=stdout.line_buffering,
    )


def write_stdout(write: Callable[[IO[bytes]], object]) -> None:
    """Call ``write`` with standard output; an I/O error becomes an :class:`OutputError`."""
    from coekg.errors import OutputError

    out = CheckedOutput(sys.stdout.buffer)
    try:
        write(out)  # type: ignore[arg-type]
        out.flush()
    except OSError as e:
        if e.errno == errno.EPIPE:
            raise
        raise OutputError(f"standard output: cannot write ({e.strerror or e})") from None


def one_line(message: str) -> str:
    """``message`` with line breaks and other control characters escaped (``\\n``), so an
    error is one line and quoted data cannot move the terminal's cursor or colours."""
    if message.isprintable():
        return message
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode() for c in message)


def current_project() -> Project:
    """The project of the current folder (or a parent), else the bundled copy."""
    from coekg.project import find

    return find()


def data_args(data: tuple[Path, ...] | list[Path] | None) -> list[str]:
    """``--data PATH`` for each of ``data``: the options that name the same data again."""
    return [arg for path in data or () for arg in ("--data", str(path))]


def rerun_hint(command: str, data: tuple[Path, ...] | list[Path] | None) -> str:
    """The exact command line that runs ``coekg COMMAND`` on the same data, for hints."""
    import shlex

    return shlex.join(["coekg", *command.split(), *data_args(data)])


def load_checked(
    project: Project,
    data: tuple[Path, ...],
    *,
    validate: bool,
    progress: Progress | None = None,
    feed: StatementFeed | None = None,
) -> KnowledgeGraph:
    """Read the project's data (or ``data``); unless ``validate`` is off, refuse data that
    does not conform, naming the command that gives the full report. ``progress`` hears of
    the reading and the validating; ``feed`` of the statements as they are read."""
    if progress is not None:
        progress.phase("reading the data")
    kg = project.load(list(data) or None, feed=feed)
    if validate:
        from coekg.validation.validate import ensure_conforms

        if progress is not None:
            progress.phase("validating")
        ensure_conforms(kg, project.shape_files(), rerun_hint("validate", data))
    return kg


def check_iri_option(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """A click callback: ``value`` must be an absolute IRI a store accepts as a graph name."""
    from coekg.remote.load import check_iri

    if value is None:
        return None
    problem = check_iri(value)
    if problem:
        raise click.BadParameter(problem)
    return value
