"""Domain errors. The CLI turns each into a one-line message and a non-zero exit."""

from __future__ import annotations


class GraphcliError(Exception):
    """Base of every error graphcli reports to a person. ``hint`` says what to do about it."""

    exit_code = 1

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} ({self.hint})" if self.hint else self.message


class ConfigError(GraphcliError):
    """Settings, a flag or a config file is wrong."""

    exit_code = 2


class ServerError(GraphcliError):
    """The managed local Neo4j could not be installed, started or stopped."""


class ConnectionFailed(GraphcliError):
    """Neo4j is unreachable."""


class AuthFailed(GraphcliError):
    """Neo4j refused the credentials."""


class GdsMissing(GraphcliError):
    """The server has no Graph Data Science plugin and the operation needs it."""


class QueryNotFound(GraphcliError):
    """No query file with that name."""

    exit_code = 2


class InputError(GraphcliError):
    """An input file cannot be read at all (missing, unknown format, too many rejects)."""
