"""Specific exceptions of the library; only the edges (CLI, HTTP) turn them into messages and exit codes."""

from __future__ import annotations

import os
import traceback


class StandpunktError(Exception):
    """Base class: a problem the user can act on. ``str(error)`` is the one-line message shown."""


ERROR_CHARS = 500  # a failure reason is one line in a report, not a traceback
MESSAGE_CHARS = 300  # a reason is one line: hostile input (a 2 GB "date") must not be copied into it


def shorten(text: str, limit: int = MESSAGE_CHARS) -> str:
    """``text`` cut to ``limit`` characters (with an ellipsis), lone surrogates escaped: always printable."""
    text = text if len(text) <= limit else text[:limit - 1] + "…"
    return printable(text)


def printable(text: str) -> str:
    """Lone surrogates escaped: an undecodable file-name byte as ``\\xff``, a JSON ``\\ud800`` as itself."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        pass
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace").decode("utf-8")


class InputError(StandpunktError):
    """A source file cannot be read as a document (empty, binary, malformed, missing...)."""

    def __init__(self, path: str, reason: str):
        self.path = shorten(path, 2 * MESSAGE_CHARS)
        self.reason = shorten(reason)
        super().__init__(f"{self.path}: {self.reason}")


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


def describe_exception(exc: BaseException) -> str:
    """``Type: message (file:line)`` of the innermost frame: enough to find the bug, short enough for a report."""
    where = ""
    tb = traceback.extract_tb(exc.__traceback__) if exc.__traceback__ else None
    if tb:
        frame = tb[-1]
        where = f" ({os.path.basename(frame.filename)}:{frame.lineno})"
    message = " ".join(str(exc).split()) or "no message"
    text = f"{type(exc).__name__}: {message}{where}"
    return text if len(text) <= ERROR_CHARS else text[:ERROR_CHARS - 1] + "…"


class ForbiddenError(StandpunktError):
    """The user may not do this (another coder's statement; answered with 403 on the web)."""
