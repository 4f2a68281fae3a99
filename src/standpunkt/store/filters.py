"""The one statement filter: which statements a command, a page or an export works on.

The CLI (generated options, ``cli.py``), the web app (query parameters, ``web/params.py``) and the store
(:meth:`Store.statements` and friends apply it in SQL) all speak this vocabulary; :meth:`StatementFilter.apply` gives
the same selection over a statement frame read from a file. The store's keyword filters (``store.statements(
actors=[...])``) are the fields of this class. Empty fields do not filter.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from datetime import date
from typing import Any


@dataclass
class StatementFilter:
    """Statement filters; empty fields do not filter."""

    document_id: str | None = None  # exactly this document (the web app resolves an id prefix first)
    statement_ids: list[int] | None = None  # only these statements ([]: none)
    actors: list[str] = field(default_factory=list)  # effective actor (after the newest edit), canonical name
    concepts: list[str] = field(default_factory=list)  # effective concept
    agreements: list[str] = field(default_factory=list)  # effective agreement
    outlets: list[str] = field(default_factory=list)
    forms: list[str] = field(default_factory=list)  # form of speech of the statement's quotation
    codebook: str | None = None  # coded with this codebook (as stored)
    issue: str | None = None  # an issue of a stored codebook (the edge resolves it into ``issue_concepts``)
    issue_concepts: tuple[str, ...] | None = None  # only these concepts; none asked for among them: no statement
    date_from: date | None = None
    date_to: date | None = None
    min_confidence: float | None = None  # machine confidence at least (reviewed and hand-coded ones always pass)
    max_confidence: float | None = None  # machine confidence at most (for review)
    reviewed_only: bool = False  # a person reviewed or coded it
    unreviewed_only: bool = False
    include_rejected: bool = False  # also statements a reviewer rejected
    order: str = "date"  # date (the store's) or uncertainty (the review queue: most to learn from first)

    @classmethod
    def of(cls, where: StatementFilter | None = None, **changes: Any) -> StatementFilter:
        """``where`` (or no filter) with ``changes``: the store's keyword form (``statements(actors=[...])``)."""
        return replace(where, **changes) if where is not None else cls(**changes)

    def wanted_concepts(self) -> list[str] | None:
        """The concepts asked for (``concepts`` within ``issue_concepts``); None: any; []: none can match."""
        if self.issue_concepts is None:
            return list(self.concepts) or None
        return [c for c in (self.concepts or self.issue_concepts) if c in self.issue_concepts]

    def key(self) -> tuple[Any, ...]:
        """Hashable, for caches of results per filter."""
        return tuple((f.name, tuple(v) if isinstance(v, (list, tuple)) else v)
                     for f in fields(self) for v in [getattr(self, f.name)])

    def apply(self, frame: Any) -> Any:
        """Filter a statement frame in memory (statements read from files). Same semantics as the store's SQL:
        reviewed statements pass the confidence threshold (a person vouched for them)."""
        import numpy as np
        import pandas as pd

        keep = np.ones(len(frame), dtype=bool)
        if self.document_id is not None:
            keep &= (frame["document_id"] == self.document_id).to_numpy()
        if self.statement_ids is not None:
            keep &= frame["id"].isin(list(self.statement_ids)).to_numpy()
        if self.date_from is not None:
            keep &= (frame["date"] >= pd.Timestamp(self.date_from)).to_numpy()
        if self.date_to is not None:
            keep &= (frame["date"] <= pd.Timestamp(self.date_to)).to_numpy()
        concepts = self.wanted_concepts()
        for col, values in (("actor", self.actors), ("concept", concepts), ("agreement", self.agreements),
                            ("outlet", self.outlets), ("form", self.forms)):
            if values is not None and (values or col == "concept"):
                keep &= frame[col].isin(list(values)).to_numpy()
        if self.codebook and "codebook" in frame.columns:
            keep &= (frame["codebook"] == self.codebook).to_numpy()
        if self.min_confidence is not None:
            keep &= ((frame["confidence"] >= self.min_confidence) | frame["reviewed"]).to_numpy()
        if self.max_confidence is not None:
            keep &= (frame["confidence"] <= self.max_confidence).to_numpy()
        if self.reviewed_only:
            keep &= frame["reviewed"].to_numpy()
        if self.unreviewed_only:
            keep &= ~frame["reviewed"].to_numpy()
        return frame.loc[keep].reset_index(drop=True)
