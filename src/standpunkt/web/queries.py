"""What the pages and the JSON API show, computed once for both (every HTML page has a JSON twin).

Statement rows come from :meth:`Store.statements`, i.e. the effective values after the newest review, so the
matrix, timeline, network and exports all prefer the reviewers' corrections over the machine's original.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import Counter, OrderedDict
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

import numpy as np
import pandas as pd

from standpunkt.analysis import network as analysis_network
from standpunkt.analysis import stance as analysis_stance
from standpunkt.analysis.frame import STANCE_SCORE, statement_frame
from standpunkt.analysis.network import ONE_MODE_NORMALIZATIONS
from standpunkt.model import AGREEMENTS
from standpunkt.store import Store
from standpunkt.store.filters import StatementFilter

log = logging.getLogger(__name__)
TIME_UNITS = tuple(analysis_stance.FREQUENCIES)  # day, week, month, quarter, year
NETWORK_MODES = ("actors", "two-mode")


class ParameterError(ValueError):
    """A request parameter has a value that cannot mean anything (answered with 400)."""


def store_filter(store: Store, f: StatementFilter) -> StatementFilter:
    """``f`` as the store runs it: the document id prefix that links and the API accept resolved to the id
    (raises NotFoundError)."""
    if f.document_id:
        return replace(f, document_id=store.get_document(f.document_id).id)
    return f


def select_statements(store: Store, f: StatementFilter, *, limit: int | None = None, offset: int = 0,
                      after: tuple[Any, int] | None = None) -> list[dict[str, Any]]:
    """Effective statement rows matching ``f``, filtered and paged in SQL (``limit=None``: all of them — only for
    callers that need every row, such as the analyses; pages and lists pass a limit). ``after``: a keyset cursor,
    the (date, id) of the last row seen, in the date order only (a deep page costs what the first does)."""
    kw = store_filter(store, f)
    if kw.wanted_concepts() == []:
        return []
    if after is not None:
        if f.order != "date":
            raise ParameterError("after: a cursor pages the date order only; use offset with order=uncertainty")
        return store.statements(kw, limit=limit, offset=offset, after=after)
    if f.order == "date" and limit is not None and offset < CHECKPOINT_ROWS:
        # a large share of the store (an outlet, a frequent concept): its first pages come early in date order, so
        # walking the date index beats sorting every match (1M statements, a concept of 33,000: 66 -> 15 ms CPU)
        n, everything = count_statements(store, f), cached(store, ("count-all",), store.count_statements)
        if n and (offset + limit) * everything < n * n:
            return store.statements(kw, limit=limit, offset=offset, in_date_order=True)
    if f.order == "date" and offset >= CHECKPOINT_ROWS:  # a deep offset: keyset from the checkpoint before it
        marks = cached(store, ("checkpoints", kw.key()), lambda: store.statement_checkpoints(CHECKPOINT_ROWS, kw),
                       CHECKPOINT_TTL_S)
        passed = min(offset // CHECKPOINT_ROWS, len(marks))
        if passed:
            return store.statements(kw, limit=limit, offset=offset - passed * CHECKPOINT_ROWS,
                                    after=marks[passed - 1])
    if f.order == "uncertainty":
        # the review queue ranks every matching statement (commands.learn.order_queue), then pages
        from standpunkt.commands.learn import order_queue
        from standpunkt.store.codebooks import shared_codebooks

        with heavy():  # the codebooks' issues from the cached distinct codebook values, not a scan per request
            issue_of = shared_codebooks.view(distinct_values(store, "codebook")).issue_of()
            rows = order_queue(store, store.statements(kw), issue_of)
        return rows[offset:] if limit is None else rows[offset:offset + limit]
    return store.statements(kw, limit=limit, offset=offset)


# Offsets deeper than CHECKPOINT_ROWS start by keyset from the cached (date, id) of every CHECKPOINT_ROWS-th row and
# skip fewer than that (1M statements: a random deep page 5 ms instead of ~100 ms). Numbering the rows is one
# ordered pass (100k: 80 ms, 1M: 0.8 s), so it is refreshed less often than counts: while another process (a run)
# adds statements, deep offsets may be off by what it added in the last CHECKPOINT_TTL_S (cursors never are).
CHECKPOINT_ROWS = 1000
CHECKPOINT_TTL_S = 30.0


def count_statements(store: Store, f: StatementFilter) -> int:
    """How many statements match ``f`` (counted in SQL, cached briefly: see :func:`cached`)."""
    kw = store_filter(store, f)
    return cached(store, ("count", kw.key()), lambda: store.count_statements(kw))


def statement_counts(store: Store, f: StatementFilter, by: tuple[str, ...]) -> list[tuple[Any, ...]]:
    """Statement counts grouped in SQL by the effective values ``by`` (cached briefly)."""
    kw = store_filter(store, f)
    return cached(store, ("groups", by, kw.key()), lambda: store.statement_groups(by, kw))


# ---------------------------------------------------------------- requests that need every statement
HEAVY_REQUESTS = 2  # analyses and whole-selection exports running at once; more wait (memory stays bounded)
_heavy = threading.BoundedSemaphore(HEAVY_REQUESTS)


@contextmanager
def heavy() -> Iterator[None]:
    """Around work that loads every selected statement: at most :data:`HEAVY_REQUESTS` at a time."""
    with _heavy:
        yield


# ---------------------------------------------------------------- a short-lived cache of aggregates
CACHE_TTL_S = 10.0  # how long an aggregate is fresh; stale, it is served for as long again while refreshed (cached)
# ... at least; an aggregate that took c seconds is kept COST_TTL_FACTOR * c, so refreshing it costs at most ~5 % of
# a core however large the store (1M statements: the matrix's GROUP BY takes ~4 s, kept 80 s)
COST_TTL_FACTOR = 20.0
CACHE_ENTRIES = 256
_cache: OrderedDict[tuple[Any, ...], tuple[float, float, Any]] = OrderedDict()  # key: (expires, lifetime, value)
_cache_lock = threading.Lock()
_refreshing: set[tuple[Any, ...]] = set()
_computing: dict[tuple[Any, ...], threading.Lock] = {}
# expired values are recomputed here, in the background, at most this many at a time (others queue; one per key)
REFRESH_THREADS = 2
_refresher = ThreadPoolExecutor(max_workers=REFRESH_THREADS, thread_name_prefix="standpunkt-refresh")


def cached(store: Store, key: tuple[Any, ...], compute: Any, ttl: float | None = None) -> Any:
    """``compute()``, remembered per store. Writes through this store (reviews, logins) bump ``store.generation``
    and so take effect at once: the next request computes the value anew and waits for it.

    A value is fresh for :data:`CACHE_TTL_S` (``ttl`` if given), or :data:`COST_TTL_FACTOR` times what it took to
    compute when that is longer. Past that it is *stale*: for one more such lifetime it is still served, to every
    request, while one background thread recomputes it (stale-while-revalidate: no request waits for a refresh —
    the 1M matrix's ~4 s, the deep-offset checkpoints' ~0.5 s — only for the first computation of a key). At most
    one refresh per key runs, and at most :data:`REFRESH_THREADS` at once. A value older than that (nobody asked for
    it meanwhile) is computed by the request, as a new key is, by one thread at a time while the others wait. So a
    write by another process (a run) shows within two lifetimes plus one computation (10 s values: ~20 s)."""
    full = (id(store), store.generation, key)
    now = time.monotonic()
    with _cache_lock:
        hit = _cache.get(full)
        if hit is not None:
            _cache.move_to_end(full)
            expires, lifetime, value = hit
            if expires > now:
                return value
            if now < expires + lifetime:
                if full not in _refreshing:
                    _refreshing.add(full)
                    _refresher.submit(_refresh, full, compute, ttl)
                return value
        lock = _computing.setdefault(full, threading.Lock())
    with lock:  # one computation per key at a time; waiters then find it cached
        with _cache_lock:
            hit = _cache.get(full)
            if hit is not None and hit[0] > time.monotonic():
                return hit[2]
        value = _compute(full, compute, ttl)
        with _cache_lock:
            _computing.pop(full, None)
    return value


def _compute(full: tuple[Any, ...], compute: Any, ttl: float | None) -> Any:
    started = time.monotonic()
    value = compute()
    took = time.monotonic() - started
    lifetime = max(CACHE_TTL_S if ttl is None else ttl, COST_TTL_FACTOR * took)
    with _cache_lock:
        _cache[full] = (time.monotonic() + lifetime, lifetime, value)
        _cache.move_to_end(full)
        while len(_cache) > CACHE_ENTRIES:
            _cache.popitem(last=False)
    return value


def _refresh(full: tuple[Any, ...], compute: Any, ttl: float | None) -> None:
    """A stale value recomputed in the background; on an error the stale one stays (the next request retries)."""
    try:
        _compute(full, compute, ttl)
    except Exception:  # noqa: BLE001 - a background refresh has no caller to tell
        log.warning("refreshing a cached aggregate failed", exc_info=True)
    finally:
        with _cache_lock:
            _refreshing.discard(full)


# ---------------------------------------------------------------- JSON shapes
def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, (date, datetime)) else value


STATEMENT_FIELDS = ("id", "document_id", "quotation_id", "actor", "actor_id", "actor_kind", "role", "organisation",
                    "party", "country", "concept", "agreement", "condition", "evidence", "date", "confidence",
                    "codebook", "origin", "coded_by", "dataset", "pipeline_version", "reviewed", "review_action", "reviewer", "reviewed_at",
                    "machine_actor", "machine_concept", "machine_agreement", "machine_condition",
                    "machine_evidence", "document_title", "outlet", "published", "form", "speaker_name",
                    "priority", "explored", "rule_concept", "rule_agreement")

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
    actors_total: int | None = None  # how many actors the selection has (``actors`` may be the top ones only)

    def scores(self) -> pd.DataFrame:
        """Actor x concept mean stance (NaN where an actor said nothing on a concept), rows and columns in order."""
        out = pd.DataFrame(np.nan, index=pd.Index(self.actors, name="actor"),
                           columns=pd.Index(self.concepts, name="concept"))
        for (a, c), cell in self.cells.items():
            out.at[a, c] = cell.score
        return out

    def to_json(self) -> dict[str, Any]:
        return {"actors": self.actors, "concepts": self.concepts, "n_statements": self.n_statements,
                "actors_total": len(self.actors) if self.actors_total is None else self.actors_total,
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


# Selections that need every statement: analyses read the rows trimmed to VIEW_COLUMNS (~1 KB each), GraphML and
# DNA downloads every field with the evidence (~5 KB each). Larger selections are refused with what to do instead,
# so HEAVY_REQUESTS of them at once stay within a few hundred MB.
MAX_ANALYSED_STATEMENTS = 100_000
MAX_EXPORTED_STATEMENTS = 20_000


def bounded_selection(store: Store, f: StatementFilter, what: str, *, export: bool = False) -> list[dict[str, Any]]:
    """Every statement matching ``f``, read in keyset batches (an analysis: the VIEW_COLUMNS only; an ``export``:
    every field); an :class:`AnalysisError` (400, shown on the pages) when there are more than the cap above."""
    from standpunkt.analysis.frame import AnalysisError

    cap, columns = (MAX_EXPORTED_STATEMENTS, None) if export else (MAX_ANALYSED_STATEMENTS, VIEW_COLUMNS)
    n = count_statements(store, f)
    if n > cap:
        raise AnalysisError(f"{what}: the selection has {n:,} statements; at most {cap:,} are read at once here. "
                            "Narrow it (dates, actors, concepts, codebook) or use the command line "
                            "(standpunkt analyse / standpunkt export), which has no such limit")
    kw = store_filter(store, f)
    rows = [] if kw.wanted_concepts() == [] else store.iter_statements(kw, batch=5000)
    return [{c: r.get(c) for c in columns} for r in rows] if columns else list(rows)


def _agreement_counts(rows: list[dict[str, Any]] | pd.DataFrame) -> list[tuple[str, str, str, int]]:
    """(actor, concept, agreement, n) of statement rows: what :meth:`Store.statement_groups` gives from SQL."""
    if isinstance(rows, pd.DataFrame):
        rows = rows[["actor", "concept", "agreement"]].astype(str).to_dict("records")
    counts = Counter((str(r["actor"]), str(r["concept"]), str(r["agreement"])) for r in rows)
    return [(*k, n) for k, n in counts.items()]


def stance_matrix(rows: list[dict[str, Any]] | pd.DataFrame) -> Matrix:
    """Actors x concepts (most active first) with the mean stance and the number of statements per agreement."""
    return matrix_from_counts(_agreement_counts(rows))


def matrix_from_counts(groups: list[tuple[Any, ...]]) -> Matrix:
    """The matrix of (actor, concept, agreement, n) counts; the mean stance uses the scores of
    :data:`standpunkt.analysis.frame.STANCE_SCORE`, as :func:`standpunkt.analysis.stance.stance_matrix` does.
    Actors and concepts are ordered by their number of statements (ties by name)."""
    by_cell: dict[tuple[str, str], dict[str, int]] = {}
    actor_n: Counter[str] = Counter()
    concept_n: Counter[str] = Counter()
    for actor, concept, agreement, n in groups:
        key = (str(actor), str(concept))
        cell = by_cell.setdefault(key, {})
        cell[str(agreement)] = cell.get(str(agreement), 0) + int(n)
        actor_n[key[0]] += int(n)
        concept_n[key[1]] += int(n)
    cells = {}
    for key, counts in by_cell.items():
        n = sum(counts.values())
        score = sum(STANCE_SCORE[a] * k for a, k in counts.items()) / n
        cells[key] = Cell(*key, counts, n, float(score))
    actors = sorted(actor_n, key=lambda a: (-actor_n[a], a))
    concepts = sorted(concept_n, key=lambda c: (-concept_n[c], c))
    return Matrix(actors, concepts, cells, sum(actor_n.values()))


def matrix_of(store: Store, f: StatementFilter, top: int | None = None) -> Matrix:
    """The stance matrix of the statements matching ``f``, aggregated in SQL (``top``: the most active actors
    only; ``Matrix.actors_total`` says how many there are)."""
    groups, total = keep_top_actors(statement_counts(store, f, ("actor", "concept", "agreement")), top)
    m = matrix_from_counts(groups)
    m.actors_total = total
    return m


def keep_top_actors(groups: list[tuple[Any, ...]], top: int | None) -> tuple[list[tuple[Any, ...]], int]:
    """The (actor, ..., n) groups of the ``top`` actors with most statements (ties by name), and the number of
    actors there were: what bounds a matrix's or network's size however large the store."""
    per_actor: Counter[str] = Counter()
    for g in groups:
        per_actor[str(g[0])] += int(g[-1])
    if top is None or len(per_actor) <= top:
        return groups, len(per_actor)
    kept = set(sorted(per_actor, key=lambda a: (-per_actor[a], a))[:top])
    return [g for g in groups if str(g[0]) in kept], len(per_actor)


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
    statements are left out; a statement without its own date takes its document's)."""
    counts = Counter((r.get("date"), r.get("published"), r["agreement"]) for r in rows)
    return timeline_from_counts([(*k, n) for k, n in counts.items()], unit)


def timeline_from_counts(groups: list[tuple[Any, ...]], unit: str = "month") -> list[dict[str, Any]]:
    """The timeline of (date, document publication, agreement, n) counts; periods are the calendar units of
    :data:`standpunkt.analysis.stance.FREQUENCIES` (weeks Monday to Sunday)."""
    if unit not in TIME_UNITS:
        raise ParameterError(f"unknown time unit {unit!r} ({', '.join(TIME_UNITS)})")
    if not groups:
        return []
    df = pd.DataFrame(groups, columns=["date", "published", "agreement", "n"])
    published = pd.to_datetime(df["published"], utc=True, errors="coerce").dt.tz_localize(None).dt.normalize()
    day = pd.to_datetime(df["date"], errors="coerce").fillna(published)
    df = df.assign(day=day).dropna(subset=["day"])
    if df.empty:
        return []
    freq = analysis_stance.FREQUENCIES[unit]
    df["period"] = df["day"].dt.to_period(freq).dt.start_time
    totals = df.pivot_table(index="period", columns="agreement", values="n", aggfunc="sum", fill_value=0)
    totals = totals.reindex(columns=list(AGREEMENTS), fill_value=0)
    totals["statements"] = totals.sum(axis=1)
    # periods without statements are shown as empty, not skipped: gaps in the debate are part of its timeline
    every = pd.period_range(totals.index.min(), totals.index.max(), freq=freq).start_time
    totals = totals.reindex(every, fill_value=0)
    return [{"period": period_label(period, unit), **{a: int(row[a]) for a in AGREEMENTS},
             "n": int(row["statements"])} for period, row in totals.iterrows()]


def timeline_of(store: Store, f: StatementFilter, unit: str = "month") -> list[dict[str, Any]]:
    """The timeline of the statements matching ``f``, counted in SQL per day and agreement."""
    if unit not in TIME_UNITS:
        raise ParameterError(f"unknown time unit {unit!r} ({', '.join(TIME_UNITS)})")
    return timeline_from_counts(statement_counts(store, f, ("date", "undated_published", "agreement")), unit)


# ---------------------------------------------------------------- network
def network(rows: list[dict[str, Any]], mode: str = "actors", normalization: str = "none",
            level: str = "person") -> dict[str, Any]:
    """The network of statement rows (see :func:`network_from_counts`); ``level``: actors as persons, or
    aggregated to their organisation, party or country (as :func:`standpunkt.analysis.frame.aggregate_actors`)."""
    if level != "person":
        rows = [{**r, "actor": _group_name(r["actor"], r.get(level))} for r in rows]
    return network_from_counts(_agreement_counts(rows), mode, normalization)


def network_of(store: Store, f: StatementFilter, mode: str = "actors", normalization: str = "none",
               top: int | None = None, level: str = "person") -> dict[str, Any]:
    """The network of the statements matching ``f``, from (actor, concept, agreement) counts made in SQL
    (``top``: among the most active actors only; an edge's weight depends on its two actors alone). At an
    aggregation ``level`` the counts of an organisation's, party's or country's actors are added up first, so
    ``top`` and ``actors_total`` count the nodes at that level."""
    _check_network(mode, normalization)
    groups = level_counts(store, f, ("actor", "concept", "agreement"), level)
    groups, total = keep_top_actors(groups, top)
    return {**network_from_counts(groups, mode, normalization), "actors_total": total}


# ---------------------------------------------------------------- actors aggregated to an affiliation
AFFILIATION_LEVELS = ("organisation", "party", "country")


def _group_name(actor: Any, affiliation: Any) -> str:
    """The node an actor belongs to at an aggregation level: its affiliation, or itself when it has none."""
    group = str(affiliation or "").strip()
    return group or str(actor)


def actor_attributes(store: Store, names: Any) -> dict[str, dict[str, Any]]:
    """Organisation, party, country and display colour of the actors ``names`` (one indexed query per 500)."""
    import sqlalchemy as sa

    from standpunkt.store import schema as t

    a = t.actors
    wanted = sorted({str(n) for n in names})
    out: dict[str, dict[str, Any]] = {}
    with store.engine.connect() as conn:
        for k in range(0, len(wanted), 500):
            q = sa.select(a.c.name, a.c.organisation, a.c.party, a.c.country, a.c.colour).where(
                a.c.name.in_(wanted[k:k + 500]))
            out.update({r["name"]: dict(r) for r in conn.execute(q).mappings()})
    return out


def level_counts(store: Store, f: StatementFilter, by: tuple[str, ...], level: str = "person"
                 ) -> list[tuple[Any, ...]]:
    """:func:`statement_counts` with the actor (``by[0]``) replaced by its node at ``level`` (counts added up)."""
    groups = statement_counts(store, f, by)
    if level == "person":
        return groups
    if level not in AFFILIATION_LEVELS:
        raise ParameterError(f"level: {level!r} is not one of person, {', '.join(AFFILIATION_LEVELS)}")
    attrs = actor_attributes(store, {g[0] for g in groups})
    out: Counter[tuple[Any, ...]] = Counter()
    for g in groups:
        node = _group_name(g[0], (attrs.get(str(g[0])) or {}).get(level))
        out[(node, *g[1:-1])] += int(g[-1])
    return [(*k, n) for k, n in out.items()]


def level_members(store: Store, node: str, level: str) -> list[str]:
    """The actors behind a node at ``level``: those with that affiliation, and an actor of that name without one."""
    if level == "person":
        return [node]
    import sqlalchemy as sa

    from standpunkt.store import schema as t

    a = t.actors
    col = {"organisation": a.c.organisation, "party": a.c.party, "country": a.c.country}[level]
    unaffiliated = sa.or_(col.is_(None), sa.func.trim(col) == "")
    q = sa.select(a.c.name).where(sa.or_(sa.func.trim(col) == node.strip(), sa.and_(a.c.name == node, unaffiliated)))
    with store.engine.connect() as conn:
        return sorted(n for (n,) in conn.execute(q))


def _check_network(mode: str, normalization: str) -> None:
    if mode not in NETWORK_MODES:
        raise ParameterError(f"unknown network mode {mode!r} ({', '.join(NETWORK_MODES)})")
    if normalization not in ONE_MODE_NORMALIZATIONS:
        raise ParameterError(f"unknown normalization {normalization!r} ({', '.join(ONE_MODE_NORMALIZATIONS)})")


def network_from_counts(groups: list[tuple[Any, ...]], mode: str = "actors",
                        normalization: str = "none") -> dict[str, Any]:
    """Nodes and weighted edges computed by :func:`standpunkt.analysis.network.network` (DNA semantics) from
    (actor, concept, agreement, n) counts: one frame row per group, weighted by its count, which gives the same
    count matrices as one row per statement.

    ``actors``: the one-mode actor networks of congruence and of conflict (boolean qualifiers: a conditional yes
    agrees, neutral statements take no side), both edge kinds in one graph. ``two-mode``: actor - concept edges
    weighted by the number of statements and typed by the cell's stance.
    """
    _check_network(mode, normalization)
    out: dict[str, Any] = {"mode": mode, "normalization": normalization, "nodes": [], "edges": []}
    if not groups:
        return out
    df = statement_frame(pd.DataFrame(
        {"id": range(1, len(groups) + 1), "actor": [str(g[0]) for g in groups],
         "concept": [str(g[1]) for g in groups], "agreement": [str(g[2]) for g in groups]}))
    weights = np.asarray([float(g[3]) for g in groups])[df["id"].to_numpy() - 1]  # the frame is re-sorted
    matrix = matrix_from_counts(groups)
    actor_n = {a: sum(c.n for (aa, _), c in matrix.cells.items() if aa == a) for a in matrix.actors}
    concept_n = {c: sum(x.n for (_, cc), x in matrix.cells.items() if cc == c) for c in matrix.concepts}
    if mode == "two-mode":
        net = analysis_network.network(df, type="twomode", weights=weights)
        for e in net.edges().itertuples(index=False):
            cell = matrix.cells[(e.source, e.target)]
            out["edges"].append({"source": f"a:{e.source}", "target": f"c:{e.target}", "type": cell.category,
                                 "weight": float(e.weight), "score": round(cell.score, 4)})
        parts = ((net.row_nodes, "actor", "a:", actor_n), (net.col_nodes, "concept", "c:", concept_n))
    else:
        for kind in ("congruence", "conflict"):
            net = analysis_network.network(df, type=kind, normalization=normalization, weights=weights)
            out["edges"] += [{"source": f"a:{e.source}", "target": f"a:{e.target}", "type": kind,
                              "weight": round(float(e.weight), 6)} for e in net.edges().itertuples(index=False)]
        parts = ((net.row_nodes, "actor", "a:", actor_n),)
    for nodes, kind, prefix, n in parts:
        out["nodes"] += [{"id": prefix + str(label), "label": str(label), "kind": kind,
                          "statements": int(n[str(label)])} for label in nodes.index]
    return out


def _edge_ends(source: str, target: str) -> tuple[list[str], str | None]:
    """The actors of a network edge and, for an actor-concept edge, its concept."""
    kinds = {source[:2], target[:2]}
    if kinds == {"a:", "c:"}:
        actor = (source if source.startswith("a:") else target)[2:]
        return [actor], (target if target.startswith("c:") else source)[2:]
    if kinds != {"a:"}:
        raise ParameterError("an edge joins an actor (a:NAME) to an actor or a concept (c:NAME)")
    return [source[2:], target[2:]], None


def edge_filter(store: Store, f: StatementFilter, source: str, target: str,
                level: str = "person") -> StatementFilter | None:
    """The filter of the statements behind a network edge: for actor-concept the actor's statements on the
    concept; for actor-actor both actors' statements on the concepts they share (None: they share none or
    nothing matches). At an aggregation ``level`` an actor node stands for the actors it aggregates (the rows
    returned are the persons who spoke)."""
    nodes, concept = _edge_ends(source, target)
    members = {node: level_members(store, node, level) for node in nodes}
    if f.actors and level != "person":  # the network was drawn from these actors only
        members = {node: [m for m in names if m in f.actors] for node, names in members.items()}
    actors = sorted({m for names in members.values() for m in names})
    if not actors:
        return None
    if concept is not None:
        return replace(f, actors=actors, concepts=[concept])
    groups = statement_counts(store, replace(f, actors=actors), ("actor", "concept"))
    spoke = {node: {c for a, c, _ in groups if a in members[node]} for node in members}
    shared = sorted(spoke[nodes[0]] & spoke[nodes[-1]])
    return replace(f, actors=actors, concepts=shared) if shared else None


def edge_statements(rows: list[dict[str, Any]], source: str, target: str) -> list[dict[str, Any]]:
    """The statements behind a network edge among ``rows`` (as :func:`edge_filter` selects them)."""
    actors, concept = _edge_ends(source, target)
    if concept is not None:
        return [r for r in rows if r["actor"] == actors[0] and r["concept"] == concept]
    shared = {r["concept"] for r in rows if r["actor"] == actors[0]} & {
        r["concept"] for r in rows if r["actor"] == actors[-1]}
    return [r for r in rows if r["actor"] in actors and r["concept"] in shared]


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

    def values() -> list[str]:
        with store.engine.connect() as conn:
            return [v for (v,) in conn.execute(sa.select(col).where(col.is_not(None)).distinct().order_by(col))]

    return cached(store, ("distinct", column), values)  # every page's filter form asks; a scan of the table
