"""Run bookkeeping on the store's ``runs`` and ``run_items`` tables.

A run has an id, the pipeline version it analyses with, its executor and inputs, and one ``run_items`` row per item
(document, JSONL line, WARC record or unreadable file) that reached a final state: ``done`` (analysis stored, in the
same transaction — see :meth:`Store.save_analyses`), ``skipped`` (already analysed by this pipeline version) or
``failed`` (with the reason). Items in flight when a run is killed have no row, so ``--resume`` redoes exactly them.

All lookups of item keys are chunked, so a resumed run over millions of items never holds them all in memory.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

import sqlalchemy as sa

from standpunkt.errors import NotFoundError
from standpunkt.store import Store, now
from standpunkt.store import schema as t

KEY_CHUNK = 500  # keys per IN (...) query: far below the parameter limits of SQLite and PostgreSQL
FINAL_STATUSES = ("done", "skipped", "failed")
RUN_STATUSES = ("running", "finished", "failed", "interrupted")


@dataclass
class RunInfo:
    """One row of ``runs`` plus its item counts."""

    id: str
    pipeline_version: str
    executor: str | None
    inputs: list[str]
    status: str
    stats: dict[str, Any]
    started_at: datetime
    finished_at: datetime | None
    counts: dict[str, int] = field(default_factory=dict)  # run_items by status


def new_run_id() -> str:
    """Sortable by start time and unique without coordination: ``YYYYmmdd-HHMMSS-xxxxxx``."""
    return f"{datetime.now(timezone.utc):%Y%m%d-%H%M%S}-{secrets.token_hex(3)}"


def create_run(store: Store, *, pipeline_version: str, executor: str, inputs: list[str],
               run_id: str | None = None, stats: dict[str, Any] | None = None) -> str:
    run_id = run_id or new_run_id()
    with store.transaction() as conn:
        conn.execute(t.runs.insert().values(id=run_id, pipeline_version=pipeline_version, executor=executor,
                                            inputs=list(inputs), status="running", stats=stats or {},
                                            started_at=now()))
    return run_id


def get_run(store: Store, run_id: str) -> RunInfo:
    """The run with this id (or unique id prefix), with its item counts."""
    with store.engine.connect() as conn:
        rows = conn.execute(sa.select(t.runs).where(t.runs.c.id.startswith(run_id, autoescape=True))).mappings().all()
        if not rows:
            raise NotFoundError(f"no run with id {run_id!r} (list runs with `standpunkt runs`)")
        if len(rows) > 1:
            raise NotFoundError(f"run id prefix {run_id!r} is ambiguous ({len(rows)} runs)")
        row = rows[0]
        counts = {status: int(n) for status, n in conn.execute(
            sa.select(t.run_items.c.status, sa.func.count()).where(t.run_items.c.run_id == row["id"])
            .group_by(t.run_items.c.status))}
    return _info(row, counts)


def list_runs(store: Store, *, limit: int = 50) -> list[RunInfo]:
    """Newest first, with item counts."""
    with store.engine.connect() as conn:
        rows = conn.execute(sa.select(t.runs).order_by(t.runs.c.started_at.desc()).limit(limit)).mappings().all()
        ids = [r["id"] for r in rows]
        counts: dict[str, dict[str, int]] = {i: {} for i in ids}
        if ids:
            q = (sa.select(t.run_items.c.run_id, t.run_items.c.status, sa.func.count())
                 .where(t.run_items.c.run_id.in_(ids)).group_by(t.run_items.c.run_id, t.run_items.c.status))
            for run_id, status, n in conn.execute(q):
                counts[run_id][status] = int(n)
    return [_info(r, counts[r["id"]]) for r in rows]


def update_run(store: Store, run_id: str, **values: Any) -> None:
    """Set columns of a run (status, stats, pipeline_version, executor, finished_at)."""
    if "status" in values and values["status"] not in RUN_STATUSES:
        raise ValueError(f"unknown run status {values['status']!r}")
    with store.transaction() as conn:
        conn.execute(t.runs.update().where(t.runs.c.id == run_id).values(**values))


def finish_run(store: Store, run_id: str, *, status: str, stats: dict[str, Any]) -> None:
    update_run(store, run_id, status=status, stats=stats, finished_at=now())


def item_states(store: Store, run_id: str, keys: Iterable[str]) -> dict[str, tuple[str, str | None]]:
    """``{key: (status, document_id)}`` for those of ``keys`` that have a row in this run."""
    keys = list(dict.fromkeys(keys))
    out: dict[str, tuple[str, str | None]] = {}
    ri = t.run_items
    with store.engine.connect() as conn:
        for i in range(0, len(keys), KEY_CHUNK):
            chunk = keys[i:i + KEY_CHUNK]
            q = sa.select(ri.c.item_key, ri.c.status, ri.c.document_id).where(ri.c.run_id == run_id,
                                                                                ri.c.item_key.in_(chunk))
            out.update({k: (s, d) for k, s, d in conn.execute(q)})
    return out


def run_document_ids(store: Store, run_id: str) -> list[str]:
    """Ids of the documents a run analysed or found up to date, in item order (for its summary)."""
    ri = t.run_items
    q = (sa.select(ri.c.document_id).where(ri.c.run_id == run_id, ri.c.status.in_(("done", "skipped")),
                                           ri.c.document_id.is_not(None)).order_by(ri.c.item_key))
    with store.engine.connect() as conn:
        return list(dict.fromkeys(r[0] for r in conn.execute(q)))


def failed_items(store: Store, run_id: str, *, limit: int | None = None) -> list[tuple[str, str | None]]:
    """``(key, reason)`` of the run's failed items, in key order."""
    ri = t.run_items
    q = sa.select(ri.c.item_key, ri.c.error).where(ri.c.run_id == run_id, ri.c.status == "failed")
    q = q.order_by(ri.c.item_key)
    if limit is not None:
        q = q.limit(limit)
    with store.engine.connect() as conn:
        return [(k, e) for k, e in conn.execute(q)]


def _info(row: Any, counts: dict[str, int]) -> RunInfo:
    def utc(value: datetime | None) -> datetime | None:
        if value is not None and value.tzinfo is None:  # SQLite drops the zone; we store UTC
            return value.replace(tzinfo=timezone.utc)
        return value

    return RunInfo(id=row["id"], pipeline_version=row["pipeline_version"], executor=row["executor"],
                   inputs=list(row["inputs"] or []), status=row["status"], stats=dict(row["stats"] or {}),
                   started_at=utc(row["started_at"]), finished_at=utc(row["finished_at"]), counts=counts)
