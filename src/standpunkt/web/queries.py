"""What the pages and the JSON API show, computed once for both (every HTML page has a JSON twin).

Statement rows come from :meth:`Store.statements`, i.e. the effective values after the newest review, so the
matrix, timeline, network and exports all prefer the reviewers' corrections over the machine's original.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from itertools import combinations
from typing import Any, Literal

from standpunkt.model import AGREEMENTS
from standpunkt.store import Store

ReviewState = Literal["any", "reviewed", "unreviewed"]
# Weight of each agreement in a cell's score (-1 = all oppose, +1 = all support): a conditional yes is half a yes.
AGREEMENT_SCORE = {"support": 1.0, "conditional": 0.5, "neutral": 0.0, "oppose": -1.0}
TIME_UNITS = ("week", "month", "year")
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
    outlet: list[str] = field(default_factory=list)
    date_from: date | None = None
    date_to: date | None = None
    review: ReviewState = "any"
    min_confidence: float | None = None
    max_confidence: float | None = None
    include_rejected: bool = False

    def params(self) -> list[tuple[str, str]]:
        """Query parameters that reproduce this filter (for links and 'next' URLs)."""
        out: list[tuple[str, str]] = []
        for key, value in asdict(self).items():
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
    rows = store.statements(
        document_id=document_id, actors=f.actor or None, concepts=f.concept or None, date_from=f.date_from,
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
                    "codebook", "origin", "pipeline_version", "reviewed", "review_action", "reviewer", "reviewed_at",
                    "machine_actor", "machine_concept", "machine_agreement", "machine_condition",
                    "machine_evidence", "document_title", "outlet", "published", "form", "speaker_name")


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
    score: float  # -1 (all oppose) .. +1 (all support)

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


def stance_matrix(rows: list[dict[str, Any]]) -> Matrix:
    """Actors x concepts with the number of statements per agreement; most active actors first."""
    counts: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    activity: Counter[str] = Counter()
    for r in rows:
        counts[(r["actor"], r["concept"])][r["agreement"]] += 1
        activity[r["actor"]] += 1
    cells = {}
    for (actor, concept), c in counts.items():
        n = sum(c.values())
        score = sum(AGREEMENT_SCORE.get(a, 0.0) * k for a, k in c.items()) / n
        cells[(actor, concept)] = Cell(actor, concept, dict(c), n, score)
    actors = sorted(activity, key=lambda a: (-activity[a], a))
    concepts = sorted({c for _, c in counts})
    return Matrix(actors, concepts, cells, len(rows))


def cell_colour(cell: Cell) -> str:
    """Diverging red (oppose) - yellow - green (support) background; grey for purely neutral cells."""
    if cell.category == "neutral":
        return "hsl(0, 0%, 85%)"
    hue = round(60 + 60 * cell.score)  # -1 -> 0 (red), 0 -> 60 (yellow), +1 -> 120 (green)
    return f"hsl({hue}, 65%, 78%)"


# ---------------------------------------------------------------- timeline
def period_of(day: date, unit: str) -> str:
    if unit == "year":
        return f"{day.year}"
    if unit == "week":
        iso = day.isocalendar()
        return f"{iso.year}-W{iso.week:02d}"
    return f"{day.year}-{day.month:02d}"


def timeline(rows: list[dict[str, Any]], unit: str = "month") -> list[dict[str, Any]]:
    """Statements per period and agreement, in time order; undated statements are left out."""
    if unit not in TIME_UNITS:
        raise ParameterError(f"unknown time unit {unit!r} ({', '.join(TIME_UNITS)})")
    buckets: dict[str, Counter[str]] = defaultdict(Counter)
    for r in rows:
        if r["date"] is not None:
            buckets[period_of(r["date"], unit)][r["agreement"]] += 1
    return [{"period": p, **{a: buckets[p].get(a, 0) for a in AGREEMENTS}, "n": sum(buckets[p].values())}
            for p in sorted(buckets)]


# ---------------------------------------------------------------- network
def network(rows: list[dict[str, Any]], mode: str = "actors") -> dict[str, Any]:
    """Nodes and weighted edges (DNA semantics, simple form).

    ``actors``: one-mode actor network summed over shared concepts — congruence counts pairs of the same
    agreement, conflict pairs of different agreements (each actor's set of agreements per concept).
    ``two-mode``: actor - concept edges weighted by the number of statements, with the cell's score.
    """
    if mode not in NETWORK_MODES:
        raise ParameterError(f"unknown network mode {mode!r} ({', '.join(NETWORK_MODES)})")
    activity: Counter[str] = Counter(r["actor"] for r in rows)
    nodes = [{"id": f"a:{a}", "label": a, "kind": "actor", "statements": n} for a, n in sorted(activity.items())]
    edges: list[dict[str, Any]] = []
    if mode == "two-mode":
        matrix = stance_matrix(rows)
        nodes += [{"id": f"c:{c}", "label": c, "kind": "concept",
                   "statements": sum(cell.n for (_, cc), cell in matrix.cells.items() if cc == c)}
                  for c in matrix.concepts]
        for (actor, concept), cell in sorted(matrix.cells.items()):
            edges.append({"source": f"a:{actor}", "target": f"c:{concept}", "type": cell.category,
                          "weight": cell.n, "score": round(cell.score, 4)})
        return {"mode": mode, "nodes": nodes, "edges": edges}
    stances: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for r in rows:
        stances[r["concept"]][r["actor"]].add(r["agreement"])
    congruence: Counter[tuple[str, str]] = Counter()
    conflict: Counter[tuple[str, str]] = Counter()
    for by_actor in stances.values():
        for a1, a2 in combinations(sorted(by_actor), 2):
            q1, q2 = by_actor[a1], by_actor[a2]
            same = len(q1 & q2)
            if same:
                congruence[(a1, a2)] += same
            different = len(q1) * len(q2) - same
            if different:
                conflict[(a1, a2)] += different
    for kind, weights in (("congruence", congruence), ("conflict", conflict)):
        for (a1, a2), w in sorted(weights.items()):
            edges.append({"source": f"a:{a1}", "target": f"a:{a2}", "type": kind, "weight": w})
    return {"mode": mode, "nodes": nodes, "edges": edges}


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
