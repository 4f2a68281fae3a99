"""Specific exceptions of the library; only the edges (CLI, HTTP) turn them into messages and exit codes."""

from __future__ import annotations


class StandpunktError(Exception):
    """Base class: a problem the user can act on. ``str(error)`` is the one-line message shown."""


class InputError(StandpunktError):
    """A source file cannot be read as a document (empty, binary, malformed, missing...)."""

    def __init__(self, path: str, reason: str):
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: {reason}")


class ConfigError(StandpunktError):
    """A user-edited file (codebook, actor registry, column mapping) is invalid."""

    def __init__(self, path: str, reason: str):
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: {reason}")


def check_mapping(value: object, allowed: set[str] | frozenset[str], where: str, path: str) -> dict:
    """An entry of a user-edited file must be a mapping with known keys only; else a ConfigError naming the entry."""
    if not isinstance(value, dict):
        raise ConfigError(path, f"{where}: expected a mapping")
    unknown = set(value) - set(allowed)
    if unknown:
        raise ConfigError(path, f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
    return value


class StoreError(StandpunktError):
    """The store cannot be opened or written (bad URL, unreachable server, locked file...)."""


class NotFoundError(StandpunktError):
    """A requested document, statement, actor or run does not exist."""
