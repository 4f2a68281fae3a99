"""The codebooks behind the stored statements: issue and concept labels for the web pages and the CLI's tables,
and the web app's issue filter.

Statements store the codebook they were coded with (its path, as given to ``analyze``) and concept ids. Where that
file is still readable, the app and the tables show the codebook's names and labels and the app offers its issues
as a filter ("the stance matrix for an issue"); where it is not (moved, another machine), ids are shown as they are.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from threading import Lock
from typing import Any

from standpunkt.errors import StandpunktError
from standpunkt.store import Store

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class IssueInfo:
    id: str
    label: str
    codebook: str  # the stored codebook value (path)
    codebook_name: str
    concepts: tuple[str, ...]


class Codebooks:
    """Loaded codebooks, re-read when a file changes (key: path and modification time)."""

    def __init__(self) -> None:
        self._cache: dict[str, tuple[float, Any]] = {}
        self._lock = Lock()

    def _load(self, path: str) -> Any | None:
        from standpunkt.stance.codebook import load_codebook

        try:
            mtime = os.stat(path).st_mtime
        except OSError:
            return None
        with self._lock:
            cached = self._cache.get(path)
            if cached and cached[0] == mtime:
                return cached[1]
            try:
                book = load_codebook(path)
            except StandpunktError as exc:  # the store outlived a valid file: show ids, say why in the log
                log.warning("codebook %s not usable for labels: %s", path, exc)
                book = None
            self._cache[path] = (mtime, book)
            return book

    def view(self, stored: list[str]) -> "CodebookView":
        """What the pages need from the codebooks named in ``stored`` (the store's distinct values)."""
        names: dict[str, str] = {}
        labels: dict[str, str] = {}
        issues: list[IssueInfo] = []
        for value in stored:
            book = self._load(value)
            if book is None:
                names[value] = value
                continue
            names[value] = book.name or os.path.basename(value)
            for issue in book.issues:
                issues.append(IssueInfo(issue.id, issue.label, value, names[value],
                                        tuple(c.id for c in issue.concepts)))
                labels.update({c.id: c.label for c in issue.concepts})
        return CodebookView(names, labels, issues)


@dataclass
class CodebookView:
    names: dict[str, str]  # stored codebook value -> display name
    labels: dict[str, str]  # concept id -> label
    issues: list[IssueInfo]

    def label(self, concept: str) -> str:
        return self.labels.get(concept, concept)

    def issue(self, issue_id: str) -> IssueInfo | None:
        return next((i for i in self.issues if i.id == issue_id), None)

    def issue_of(self) -> dict[str, str]:
        """Concept id -> its issue (``codebook/issue id``), for the review queue's rarity per issue."""
        return {c: f"{i.codebook}/{i.id}" for i in self.issues for c in i.concepts}


def stored_codebooks(store: Store) -> list[str]:
    """The distinct codebook values of the stored statements."""
    import sqlalchemy as sa

    from standpunkt.store import schema as t

    col = t.statements.c.codebook
    with store.engine.connect() as conn:
        return [v for (v,) in conn.execute(sa.select(col).where(col.is_not(None)).distinct().order_by(col))]


def store_codebook_view(store: Store, books: Codebooks | None = None) -> CodebookView:
    """The codebook view of the stored statements (for a command's tables: read once, not cached)."""
    return (books or Codebooks()).view(stored_codebooks(store))


#: Codebooks read for the review queue outside the web app's own (re-read when a file changes).
shared_codebooks = Codebooks()
