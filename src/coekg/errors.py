"""Library errors. The command line turns them into exit codes (see CONTRACT / README).

The library never prints or exits: it raises one of these, and ``coekg.cli`` reports the
message on one line of stderr and exits with :attr:`CoekgError.exit_code`.
"""

from __future__ import annotations

from pathlib import Path

#: exit codes shared by every command
EXIT_OK = 0
EXIT_NONCONFORMING = 1
EXIT_USAGE = 2
EXIT_CANNOT_RUN = 3


class CoekgError(Exception):
    """Base class of every error coekg reports to a user."""

    exit_code = EXIT_CANNOT_RUN


class InputError(CoekgError):
    """An input file or folder is missing, unreadable or holds no RDF."""


class ParseError(InputError):
    """An RDF file is not well formed; names the file and, where known, the line."""

    def __init__(self, path: Path | str, message: str, line: int | None = None) -> None:
        self.path = str(path)
        self.line = line
        self.detail = message
        where = f"{self.path}:{line}" if line is not None else self.path
        super().__init__(f"{where}: {message}")


class OutputError(CoekgError):
    """An output file or folder cannot be written."""


class EndpointError(CoekgError):
    """A remote SPARQL endpoint is unreachable, refuses, or answers with an error."""


class NonConformingError(CoekgError):
    """The data does not conform to the shapes (or a check found a problem)."""

    exit_code = EXIT_NONCONFORMING


class UsageError(CoekgError):
    """An option contradicts the project file or the output folder (a usage error)."""

    exit_code = EXIT_USAGE


class ReleaseConflict(NonConformingError):
    """A release cannot be added to a site: its version is published there already with
    other statements, or is an earlier edition than the site's latest."""


class QueryParameterError(CoekgError):
    """A canned query's parameter is missing, unknown or ill-typed (a usage error)."""

    exit_code = EXIT_USAGE
