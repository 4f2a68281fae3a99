"""What the pages and the JSON API show, computed once for both (every HTML page has a JSON twin).

Statement rows come from :meth:`Store.statements`, i.e. the effective values after the newest review, so the
matrix, timeline, network and exports all prefer the reviewers' corrections over the machine's original.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any, Literal

import numpy as np
import pandas as pd

from standpunkt.analysis import network as analysis_network
from standpunkt.analysis import stance as analysis_stance
from standpunkt.analysis.frame import aggregate_actors, statement_frame
from standpunkt.analysis.network import ONE_MODE_NORMALIZATIONS
from standpunkt.model import AGREEMENTS
from standpunkt.store import Store

ReviewState = Literal["any", "reviewed", "unreviewed"]
TIME_UNITS = tuple(analysis_stance.FREQUENCIES)  # day, week, month, quarter, year
NETWORK_MODES = ("actors", "two-mode")


class ParameterError(ValueError):
    """A request parameter has a value that cannot mean anything (answered with 400)."""


@dataclass
class StatementFilter:
    """The statement filters shared by every statement-based page and endpoint (query parameters)."""

    document: str | None = None
    actor: list[str] = field(default_factory=list)
    concept: list[str] = field(default_factory=list)
    codebook: str | None = None
    issue: str | None = None  # an issue id of a stored codebook: its concepts only
    outlet: list[str] = field(default_factory=list)
    date_from: date | None = None
    date_to: date | None = None
    review: ReviewState = "any"
    min_confidence: float | None = None
    max_confidence: float | None = None
    include_rejected: bool = False
    issue_concepts: tuple[str, ...] | None = None  # resolved from ``issue`` at the edge; not a parameter

    def params(self) -> list[tuple[str, str]]:
        """Query parameters that reproduce this filter (for links and 'next' URLs)."""
        out: list[tuple[str, str]] = []
        for key, value in asdict(self).items():
            if key == "issue_concepts":
                continue
            if isinstance(value, list):
                out.extend((key, v) for v in value)
            elif value is None or value is False or (key == "review" and value == "any"):
                continue
            else:
                out.append((key, "1" if value is True else str(value)))
        return out


def select_statements(store: Store, f: StatementFilter) -> list[dict[str, Any]]:
    """Effective statement rows matching ``f``.

    ``Store.statements`` filters in SQL what it can; codebook, unreviewed and the upper confidence bound are
    applied here on the result.
    """
    document_id = None
    if f.document:
        document_id = store.get_document(f.document).id  # accepts an id prefix; raises NotFoundError
    concepts = f.concept or None
    if f.issue_concepts is not None:
        concepts = [c for c in (f.concept or f.issue_concepts) if c in f.issue_concepts]
        if not concepts:
            return []
    rows = store.statements(
        document_id=document_id, actors=f.actor or None, concepts=concepts, date_from=f.date_from,
        date_to=f.date_to, outlets=f.outlet or None, min_confidence=f.min_confidence,
        reviewed_only=f.review == "reviewed", include_rejected=f.include_rejected)
    if f.codebook:
        rows = [r for r in rows if r["codebook"] == f.codebook]
    if f.review == "unreviewed":
        rows = [r for r in rows if not r["reviewed"]]
    if f.max_confidence is not None:
        rows = [r for r in rows if r["confidence"] is not None and r["confidence"] <= f.max_confidence]
    return rows


# ---------------------------------------------------------------- JSON shapes
def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, (date, datetime)) else value


STATEMENT_FIELDS = ("id", "document_id", "quotation_id", "actor", "actor_id", "actor_kind", "role", "organisation",
                    "party", "country", "concept", "agreement", "condition", "evidence", "date", "confidence",
                    "codebook", "origin", "coded_by", "dataset", "pipeline_version", "reviewed", "review_action", "reviewer", "reviewed_at",
                    "machine_actor", "machine_concept", "machine_agreement", "machine_condition",
                    "machine_evidence", "document_title", "outlet", "published", "form", "speaker_name")

STATEMENT_FIELDS += ("coder", "coded_at")  # who coded a hand-coded statement, and when it was stored


def statement_json(row: dict[str, Any]) -> dict[str, Any]:
    return {k: _iso(row.get(k)) for k in STATEMENT_FIELDS}


def plain_json(row: dict[str, Any]) -> dict[str, Any]:
    return {k: _iso(v) for k, v in row.items()}


# ---------------------------------------------------------------- matrix
@dataclass
class Cell:
    actor: str
    concept: str
    counts: dict[str, int]
    n: int
    score: float  # mean stance score: -1 (all oppose) .. +1 (all support), standpunkt.analysis semantics

    @property
    def category(self) -> str:
        """support / oppose / conditional / neutral when all statements agree, else mixed."""
        present = [a for a in AGREEMENTS if self.counts.get(a)]
        return present[0] if len(present) == 1 else "mixed"

    def to_json(self) -> dict[str, Any]:
        return {"actor": self.actor, "concept": self.concept, **{a: self.counts.get(a, 0) for a in AGREEMENTS},
                "n": self.n, "score": round(self.score, 4), "category": self.category}


@dataclass
class Matrix:
    actors: list[str]
    concepts: list[str]
    cells: dict[tuple[str, str], Cell]
    n_statements: int

    def to_json(self) -> dict[str, Any]:
        return {"actors": self.actors, "concepts": self.concepts, "n_statements": self.n_statements,
                "cells": [c.to_json() for c in self.cells.values()]}


# What matrix, timeline and network read from a statement; building the frame column by column from just these
# takes half the time of building it from the rows' 40-odd keys (10,000 statements: ~30 ms instead of ~60 ms CPU).
VIEW_COLUMNS = ("id", "document_id", "date", "published", "actor", "actor_kind", "organisation", "party", "country",
                "concept", "agreement", "confidence", "reviewed")


def frame(rows: list[dict[str, Any]], columns: tuple[str, ...] | None = VIEW_COLUMNS) -> pd.DataFrame:
    """The analysis package's statement frame of the rows (``columns=None``: every field, as exports need)."""
    if columns is None:
        return statement_frame(rows)
    return statement_frame(pd.DataFrame({c: [r.get(c) for r in rows] for c in columns}))


def stance_matrix(rows: list[dict[str, Any]] | pd.DataFrame) -> Matrix:
    """Actors x concepts (most active first) with the mean stance and the number of statements per agreement,
    computed by :func:`standpunkt.analysis.stance.stance_matrix`."""
    df = rows if isinstance(rows, pd.DataFrame) else frame(rows)
    if df.empty:
        return Matrix([], [], {}, 0)
    mean = analysis_stance.stance_matrix(df, value="mean")
    counts = df.groupby(["actor", "concept", "agreement"], observed=True).size()  # one pass, not one per label
    by_cell: dict[tuple[str, str], dict[str, int]] = {}
    for (actor, concept, agreement), n in counts.items():
        by_cell.setdefault((str(actor), str(concept)), {})[str(agreement)] = int(n)
    scores = mean.to_numpy()
    actors, concepts = [str(a) for a in mean.index], [str(c) for c in mean.columns]
    cells = {}
    for i, j in zip(*np.nonzero(~np.isnan(scores))):
        key = (actors[i], concepts[j])
        cells[key] = Cell(*key, by_cell[key], sum(by_cell[key].values()), float(scores[i, j]))
    return Matrix(actors, concepts, cells, len(df))


def cell_colour(cell: Cell) -> str:
    """Diverging red (oppose) - yellow - green (support) background; grey for purely neutral cells."""
    if cell.category == "neutral":
        return "hsl(0, 0%, 85%)"
    hue = round(60 + 60 * cell.score)  # -1 -> 0 (red), 0 -> 60 (yellow), +1 -> 120 (green)
    return f"hsl({hue}, 65%, 78%)"


# ---------------------------------------------------------------- timeline
def period_label(start: pd.Timestamp, unit: str) -> str:
    if unit == "year":
        return f"{start.year}"
    if unit == "quarter":
        return f"{start.year}-Q{start.quarter}"
    if unit in ("week", "day"):
        return start.date().isoformat()  # a week is labelled by its first day
    return f"{start.year}-{start.month:02d}"


def timeline(rows: list[dict[str, Any]], unit: str = "month") -> list[dict[str, Any]]:
    """Statements per period and agreement over all selected actors and concepts, in time order (undated
    statements are left out); periods from :func:`standpunkt.analysis.stance.timeline`."""
    if unit not in TIME_UNITS:
        raise ParameterError(f"unknown time unit {unit!r} ({', '.join(TIME_UNITS)})")
    df = frame(rows)
    if df["date"].dropna().empty:
        return []
    per_group = analysis_stance.timeline(df, by="actor", freq=unit, top=None)
    totals = per_group.groupby("period", sort=True)[list(AGREEMENTS) + ["statements"]].sum()
    # periods without statements are shown as empty, not skipped: gaps in the debate are part of its timeline
    freq = analysis_stance.FREQUENCIES[unit]
    every = pd.period_range(totals.index.min(), totals.index.max(), freq=freq).start_time
    totals = totals.reindex(every, fill_value=0)
    return [{"period": period_label(period, unit), **{a: int(row[a]) for a in AGREEMENTS},
             "n": int(row["statements"])} for period, row in totals.iterrows()]


# ---------------------------------------------------------------- network
def network(rows: list[dict[str, Any]], mode: str = "actors", normalization: str = "none",
            level: str = "person") -> dict[str, Any]:
    """Nodes and weighted edges computed by :func:`standpunkt.analysis.network.network` (DNA semantics).

    ``actors``: the one-mode actor networks of congruence and of conflict (boolean qualifiers: a conditional yes
    agrees, neutral statements take no side), both edge kinds in one graph. ``two-mode``: actor - concept edges
    weighted by the number of statements and typed by the cell's stance. ``level``: actors as persons, or
    aggregated to their organisation, party or country (:func:`standpunkt.analysis.frame.aggregate_actors`).
    """
    if mode not in NETWORK_MODES:
        raise ParameterError(f"unknown network mode {mode!r} ({', '.join(NETWORK_MODES)})")
    if normalization not in ONE_MODE_NORMALIZATIONS:
        raise ParameterError(f"unknown normalization {normalization!r} ({', '.join(ONE_MODE_NORMALIZATIONS)})")
    df = frame(rows)
    out: dict[str, Any] = {"mode": mode, "normalization": normalization, "nodes": [], "edges": []}
    if df.empty:
        return out
    if level != "person":
        df = aggregate_actors(df, level)
    if mode == "two-mode":
        net = analysis_network.network(df, type="twomode")
        matrix = stance_matrix(df)
        for e in net.edges().itertuples(index=False):
            cell = matrix.cells[(e.source, e.target)]
            out["edges"].append({"source": f"a:{e.source}", "target": f"c:{e.target}", "type": cell.category,
                                 "weight": float(e.weight), "score": round(cell.score, 4)})
        parts = ((net.row_nodes, "actor", "a:"), (net.col_nodes, "concept", "c:"))
    else:
        for kind in ("congruence", "conflict"):
            net = analysis_network.network(df, type=kind, normalization=normalization)
            out["edges"] += [{"source": f"a:{e.source}", "target": f"a:{e.target}", "type": kind,
                              "weight": round(float(e.weight), 6)} for e in net.edges().itertuples(index=False)]
        parts = ((net.row_nodes, "actor", "a:"),)
    for nodes, kind, prefix in parts:
        out["nodes"] += [{"id": prefix + str(label), "label": str(label), "kind": kind,
                          "statements": int(n)} for label, n in nodes["statements"].items()]
    return out


def edge_statements(rows: list[dict[str, Any]], source: str, target: str) -> list[dict[str, Any]]:
    """The statements behind a network edge: for actor-concept the actor's statements on the concept; for
    actor-actor both actors' statements on the concepts they share."""
    kinds = {source[:2], target[:2]}
    if kinds == {"a:", "c:"}:
        actor = (source if source.startswith("a:") else target)[2:]
        concept = (target if target.startswith("c:") else source)[2:]
        return [r for r in rows if r["actor"] == actor and r["concept"] == concept]
    if kinds != {"a:"}:
        raise ParameterError("an edge joins an actor (a:NAME) to an actor or a concept (c:NAME)")
    a1, a2 = source[2:], target[2:]
    shared = {r["concept"] for r in rows if r["actor"] == a1} & {r["concept"] for r in rows if r["actor"] == a2}
    return [r for r in rows if r["actor"] in (a1, a2) and r["concept"] in shared]


# ---------------------------------------------------------------- pagination
DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 1000


def page(items: list[Any], total: int | None, limit: int, offset: int, next_url: str | None) -> dict[str, Any]:
    """The one pagination envelope of every list endpoint."""
    return {"items": items, "total": total, "limit": limit, "offset": offset, "next": next_url}


def distinct_values(store: Store, column: str) -> list[str]:
    """The values a filter can take (outlets of documents, codebooks of statements), for the filter forms."""
    import sqlalchemy as sa

    from standpunkt.store import schema as t

    col = {"outlet": t.documents.c.outlet, "codebook": t.statements.c.codebook,
           "concept": t.statements.c.concept}[column]
    with store.engine.connect() as conn:
        return [v for (v,) in conn.execute(sa.select(col).where(col.is_not(None)).distinct().order_by(col))]
