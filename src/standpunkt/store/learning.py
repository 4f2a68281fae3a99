"""Store access for learning from reviews (issue 18): what coders decided, learn runs, and re-coding.

Additive to :mod:`standpunkt.store`: new tables (``learn_runs``, ``statement_recodings``, migration 0002) and new
functions; the statement and review tables are read as they are. Re-coding changes only machine statements that
have no review at the moment of writing (checked in the writing transaction, so a coder reviewing while a learn run
re-codes always wins), and every change is kept in ``statement_recodings`` with the values it replaced.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timezone
from typing import Any

import sqlalchemy as sa

from standpunkt.errors import StandpunktError
from standpunkt.store import Store, now
from standpunkt.store import schema as t

#: Statements coded by people outright (not machine output that a coder reviewed).
HAND_CODED_ORIGINS = ("manual", "import")
#: Statements a learn run may re-code.
RECODABLE_ORIGINS = ("machine",)


class LearnBusy(StandpunktError):
    """Another learn run for the same codebook is still running."""


@dataclass
class CodedStatement:
    """A statement as a coder left it (the effective values after the reviews of the snapshot)."""

    id: int
    document_id: str | None
    concept: str
    agreement: str
    evidence: list[list[int]]
    quotation_id: int | None
    actor: str
    party: str | None
    how: str  # accept / edit / manual / import


def review_snapshot(store: Store) -> int:
    """The newest review id: a learn run learns from the reviews up to it, whatever coders do meanwhile."""
    with store.engine.connect() as conn:
        return int(conn.execute(sa.select(sa.func.coalesce(sa.func.max(t.statement_reviews.c.id), 0))).scalar_one())


def coded_statements(store: Store, codebook: str, snapshot: int) -> list[CodedStatement]:
    """Statements of ``codebook`` that people accepted, edited or coded by hand, as of review ``snapshot``.

    Rejected statements (newest review in the snapshot is a reject) are left out: a reject says the machine's
    statement is wrong, not what would be right."""
    s, r, a = t.statements, t.statement_reviews, t.actors
    with store.engine.connect() as conn:
        reviews: dict[int, list[Any]] = {}
        q = (sa.select(r.c.statement_id, r.c.action, r.c.concept, r.c.agreement, r.c.evidence, r.c.actor_id)
             .join(s, s.c.id == r.c.statement_id).where(r.c.id <= snapshot, s.c.codebook == codebook)
             .order_by(r.c.id))
        for row in conn.execute(q):
            reviews.setdefault(row.statement_id, []).append(row)
        q = (sa.select(s.c.id, s.c.document_id, s.c.concept, s.c.agreement, s.c.evidence, s.c.quotation_id,
                       s.c.origin, a.c.name, a.c.party)
             .join(a, a.c.id == s.c.actor_id)
             .where(s.c.codebook == codebook,
                    sa.or_(s.c.id.in_(list(reviews)) if reviews else sa.false(),
                           s.c.origin.in_(HAND_CODED_ORIGINS))))
        rows = list(conn.execute(q))
        names = {i: n for i, n in conn.execute(sa.select(a.c.id, a.c.name))} if reviews else {}
    out = []
    for row in rows:
        mine = reviews.get(row.id, [])
        if mine and mine[-1].action == "reject":
            continue
        edits = [m for m in mine if m.action == "edit"]
        last = edits[-1] if edits else None
        how = mine[-1].action if mine else row.origin
        if last is not None:
            how = "edit"
        out.append(CodedStatement(
            id=row.id, document_id=row.document_id, concept=(last.concept if last and last.concept else row.concept),
            agreement=(last.agreement if last and last.agreement else row.agreement),
            evidence=(last.evidence if last and last.evidence is not None else row.evidence) or [],
            quotation_id=row.quotation_id, actor=names.get(last.actor_id, row.name) if last else row.name,
            party=row.party, how=how))
    return out


def recode_documents(store: Store, codebook: str) -> list[str]:
    """Documents with at least one machine statement of ``codebook`` that nobody has reviewed."""
    s, r = t.statements, t.statement_reviews
    q = (sa.select(s.c.document_id).where(s.c.codebook == codebook, s.c.origin.in_(RECODABLE_ORIGINS),
                                          s.c.document_id.is_not(None),
                                          ~s.c.id.in_(sa.select(r.c.statement_id)))
         .distinct().order_by(s.c.document_id))
    with store.engine.connect() as conn:
        return [d for (d,) in conn.execute(q)]


def self_training_candidates(store: Store, codebook: str, limit: int) -> list[dict[str, Any]]:
    """Up to ``limit`` unreviewed machine statements of ``codebook`` with evidence and a concept, for a learn run's
    self-training: a sample that depends only on the statements' ids (the same statements every run while the corpus
    stays the same), each with ``first`` — the concept of its first machine code (before any re-coding)."""
    import zlib

    s, r = t.statements, t.statement_reviews
    where = (s.c.codebook == codebook, s.c.origin.in_(RECODABLE_ORIGINS), s.c.document_id.is_not(None),
             s.c.concept.is_not(None), s.c.evidence.is_not(None), ~s.c.id.in_(sa.select(r.c.statement_id)))
    with store.engine.connect() as conn:
        ids = [i for (i,) in conn.execute(sa.select(s.c.id).where(*where))]
    if len(ids) > limit:
        ids = sorted(ids, key=lambda i: (zlib.crc32(f"self-train:{i}".encode()), i))[:limit]
    rows: list[dict[str, Any]] = []
    with store.engine.connect() as conn:
        for i in range(0, len(ids), 500):
            q = (sa.select(s.c.id, s.c.document_id, s.c.concept, s.c.evidence)
                 .where(s.c.id.in_(ids[i:i + 500])).order_by(s.c.id))
            rows += [{"id": row.id, "document_id": row.document_id, "concept": row.concept,
                      "evidence": row.evidence or []} for row in conn.execute(q)]
    first = first_codes(store, [row["id"] for row in rows]) if rows else {}
    for row in rows:
        row["first"] = first[row["id"]][0] if row["id"] in first else row["concept"]
    return sorted(rows, key=lambda row: (row["document_id"], row["id"]))


def recode_candidates(store: Store, codebook: str, document_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    """Per document, its unreviewed machine statements of ``codebook`` (what a worker needs to re-code them)."""
    s, r, a = t.statements, t.statement_reviews, t.actors
    out: dict[str, list[dict[str, Any]]] = {}
    with store.engine.connect() as conn:
        for i in range(0, len(document_ids), 500):
            q = (sa.select(s.c.id, s.c.document_id, s.c.concept, s.c.agreement, s.c.confidence, s.c.evidence,
                           a.c.name, a.c.party)
                 .join(a, a.c.id == s.c.actor_id)
                 .where(s.c.codebook == codebook, s.c.origin.in_(RECODABLE_ORIGINS),
                        s.c.document_id.in_(document_ids[i:i + 500]),
                        ~s.c.id.in_(sa.select(r.c.statement_id)))
                 .order_by(s.c.id))
            for row in conn.execute(q):
                out.setdefault(row.document_id, []).append(
                    {"id": row.id, "concept": row.concept, "agreement": row.agreement,
                     "confidence": row.confidence, "evidence": row.evidence or [], "actor": row.name,
                     "party": row.party})
    return out


def apply_recodings(store: Store, learn_id: int, codes: Iterable[dict[str, Any]], *, run_id: str | None = None,
                    items: Iterable[tuple[str, str | None, str, str | None]] = ()) -> tuple[int, int]:
    """Write new codes (``{"id", "concept", "agreement", "confidence"}``) in ONE transaction, with the run's
    bookkeeping rows. A statement reviewed since it was read is skipped; an unchanged code is not written.
    Returns (statements whose concept or agreement changed, statements written)."""
    s, r, h = t.statements, t.statement_reviews, t.statement_recodings
    codes = list(codes)
    changed = written = 0
    with store.transaction() as conn:
        ids = [c["id"] for c in codes]
        current = {}
        for i in range(0, len(ids), 500):
            q = (sa.select(s.c.id, s.c.concept, s.c.agreement, s.c.confidence)
                 .where(s.c.id.in_(ids[i:i + 500]), s.c.origin.in_(RECODABLE_ORIGINS),
                        ~s.c.id.in_(sa.select(r.c.statement_id))))
            current.update({row.id: row for row in conn.execute(q)})
        stamp = now()
        for code in codes:
            old = current.get(code["id"])
            if old is None:
                continue  # reviewed (or gone) since the run read it: the coder's word stands
            same = old.concept == code["concept"] and old.agreement == code["agreement"]
            if same and old.confidence == code["confidence"]:
                continue
            conn.execute(s.update().where(s.c.id == old.id).values(
                concept=code["concept"], agreement=code["agreement"], confidence=code["confidence"]))
            conn.execute(h.insert().values(
                statement_id=old.id, learn_id=learn_id, old_concept=old.concept, old_agreement=old.agreement,
                old_confidence=old.confidence, concept=code["concept"], agreement=code["agreement"],
                confidence=code["confidence"], created_at=stamp))
            written += 1
            changed += not same
        if run_id is not None:
            for key, doc_id, status, error in items:
                store._mark_item(conn, run_id, key, doc_id, status, error)
    return changed, written


def first_codes(store: Store, statement_ids: list[int] | None = None) -> dict[int, tuple[str, str]]:
    """(concept, agreement) each re-coded statement had before its first re-coding: the rule-based coder's."""
    h = t.statement_recodings
    first = sa.select(sa.func.min(h.c.id)).group_by(h.c.statement_id)
    q = sa.select(h.c.statement_id, h.c.old_concept, h.c.old_agreement).where(h.c.id.in_(first))
    if statement_ids is not None:
        q = q.where(h.c.statement_id.in_(statement_ids))
    with store.engine.connect() as conn:
        return {row.statement_id: (row.old_concept, row.old_agreement) for row in conn.execute(q)}


def changed_by(store: Store, learn_id: int) -> int:
    """Statements whose concept or agreement a learn run changed."""
    h = t.statement_recodings
    q = sa.select(sa.func.count()).where(h.c.learn_id == learn_id, sa.or_(
        h.c.old_concept != h.c.concept, h.c.old_agreement != h.c.agreement))
    with store.engine.connect() as conn:
        return int(conn.execute(q).scalar_one())


# ---------------------------------------------------------------- learn runs
def begin_learn(store: Store, codebook: str, *, started_by: str | None = None) -> tuple[int, int]:
    """Record a new learn run and take its review snapshot; (learn id, snapshot). Refused while another learn run of
    the same codebook is running (two at once would train on the same reviews and race to re-code)."""
    lr = t.learn_runs
    with store.transaction() as conn:
        busy = conn.execute(sa.select(lr.c.id).where(lr.c.codebook == codebook, lr.c.status == "running")).first()
        if busy:
            raise LearnBusy(f"learn run {busy[0]} for {codebook} is still running; wait for it (or, if its process "
                            f"died, finish it with: standpunkt learn --codebook {codebook} --resume)")
        snapshot = int(conn.execute(sa.select(sa.func.coalesce(sa.func.max(t.statement_reviews.c.id), 0)))
                       .scalar_one())
        res = conn.execute(lr.insert().values(codebook=codebook, status="running", snapshot_review_id=snapshot,
                                              started_by=started_by, stats={}, started_at=now()))
        return int(res.inserted_primary_key[0]), snapshot


def update_learn(store: Store, learn_id: int, **values: Any) -> None:
    with store.transaction() as conn:
        conn.execute(t.learn_runs.update().where(t.learn_runs.c.id == learn_id).values(**values))


def finish_learn(store: Store, learn_id: int, *, status: str, stats: dict[str, Any],
                 error: str | None = None) -> None:
    update_learn(store, learn_id, status=status, stats=stats, error=error, finished_at=now())


def learn_runs(store: Store, codebook: str | None = None, *, limit: int = 20) -> list[dict[str, Any]]:
    """Learn runs, newest first."""
    lr = t.learn_runs
    q = sa.select(lr).order_by(lr.c.id.desc()).limit(limit)
    if codebook is not None:
        q = q.where(lr.c.codebook == codebook)
    with store.engine.connect() as conn:
        rows = [dict(m) for m in conn.execute(q).mappings()]
    for row in rows:
        for key in ("started_at", "finished_at"):
            if row[key] is not None and row[key].tzinfo is None:
                row[key] = row[key].replace(tzinfo=timezone.utc)
    return rows


def get_learn(store: Store, learn_id: int) -> dict[str, Any]:
    from standpunkt.errors import NotFoundError

    lr = t.learn_runs
    with store.engine.connect() as conn:
        row = conn.execute(sa.select(lr).where(lr.c.id == learn_id)).mappings().first()
    if row is None:
        raise NotFoundError(f"no learn run {learn_id}")
    return dict(row)


def reviewed_concept_counts(store: Store, codebook: str | None = None) -> dict[str, int]:
    """Per concept, how many statements coders have reviewed (effective concept, rejects left out)."""
    rows = store.statements(reviewed_only=True)
    out: dict[str, int] = {}
    for row in rows:
        if codebook is None or row["codebook"] == codebook:
            out[row["concept"]] = out.get(row["concept"], 0) + 1
    return out
