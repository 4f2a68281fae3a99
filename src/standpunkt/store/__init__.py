"""The store: documents, analyses, quotations, actors, statements, reviews and runs.

SQLite (a file, WAL mode) by default, PostgreSQL by URL; the same SQLAlchemy Core code serves both. Every write is
one transaction: a document's analysis is replaced whole or not at all, so an interrupted run never leaves half a
document behind.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from standpunkt.errors import NotFoundError, StoreError
from standpunkt.model import Actor, Analysis, Document, Quotation, spans_to_json
from standpunkt.store import schema as t
from standpunkt.store.filters import StatementFilter

DEFAULT_URL = "sqlite:///standpunkt.db"
ENV_VAR = "STANDPUNKT_DB"
MIGRATIONS = Path(__file__).parent / "migrations"
POOL_SIZE, POOL_OVERFLOW = 10, 40  # connections kept / opened on demand beyond them (web threads: 40)
SQLITE_BUSY_TIMEOUT_S = 30  # parallel writers (runner + web review) wait rather than fail
PERSON_ORIGINS = ("import", "manual")  # statements a person coded (in DNA, a CSV, the web app): never "unreviewed"


def resolve_url(url: str | None) -> str:
    """``--db`` value, else ``$STANDPUNKT_DB``, else ``./standpunkt.db``. A bare path means an SQLite file."""
    url = url or os.environ.get(ENV_VAR) or DEFAULT_URL
    if "://" not in url:
        url = f"sqlite:///{url}"
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def now() -> datetime:
    return datetime.now(timezone.utc)


def _make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        # the web app serves reads from up to 40 threads: enough pooled connections that none waits for one
        pool = {} if url in ("sqlite://", "sqlite:///:memory:") else dict(pool_size=POOL_SIZE,
                                                                          max_overflow=POOL_OVERFLOW)
        engine = sa.create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_S}, **pool)

        @sa.event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record) -> None:  # noqa: ANN001
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.close()

        return engine
    return sa.create_engine(url, pool_pre_ping=True, pool_size=POOL_SIZE, max_overflow=POOL_OVERFLOW)


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest Alembic revision (idempotent)."""
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


class Store:
    """Access to one standpunkt database. Create with :func:`open_store`."""

    def __init__(self, url: str | None = None, *, create: bool = True):
        self.url = resolve_url(url)
        self.generation = 0  # bumped by every committed write through this object (readers' caches key on it)
        try:
            self.engine = _make_engine(self.url)
            if create:
                migrate(self.engine)
        except sa.exc.ArgumentError as exc:
            raise StoreError(f"invalid database URL {self.url!r}: {exc}") from None
        except sa.exc.OperationalError as exc:
            raise StoreError(f"cannot open database {self.url!r}: {exc.orig}") from None
        except ModuleNotFoundError as exc:
            raise StoreError(f"database driver missing for {self.url!r}: {exc} "
                             "(install standpunkt[postgres] for PostgreSQL)") from None

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        try:
            with self.engine.begin() as conn:
                yield conn
            self.generation += 1
        except sa.exc.OperationalError as exc:
            raise StoreError(f"database error: {exc.orig}") from None

    # ---------------------------------------------------------------- documents
    def add_documents(self, docs: Iterable[Document]) -> list[tuple[str, bool]]:
        """Insert documents not yet stored (by content id), all in one transaction. Returns (id, is_new)."""
        result = []
        with self.transaction() as conn:
            for doc in docs:
                result.append((doc.id, self._insert_document(conn, doc)))
        return result

    def _insert_document(self, conn: Connection, doc: Document) -> bool:
        """Insert a new document (True); a stored one is kept as it is, except that a publication date it lacks is
        filled in from ``doc`` (``--date``), together with the date of its statements."""
        exists = conn.execute(sa.select(t.documents.c.id, t.documents.c.published)
                              .where(t.documents.c.id == doc.id)).first()
        if exists:
            if exists[1] is None and doc.published is not None:
                conn.execute(t.documents.update().where(t.documents.c.id == doc.id)
                             .values(published=_utc(doc.published)))
                conn.execute(t.statements.update().where(t.statements.c.document_id == doc.id,
                                                         t.statements.c.date.is_(None))
                             .values(date=_utc(doc.published).date()))
            return False
        conn.execute(t.documents.insert().values(
            id=doc.id, text=doc.text, title=doc.title, url=doc.url, outlet=doc.outlet, author=doc.author,
            published=_utc(doc.published), language=doc.language, source=doc.source, meta=doc.meta or {},
            ingested_at=now()))
        return True

    def get_document(self, doc_id: str) -> Document:
        if not doc_id:
            raise NotFoundError("no document id given")
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(t.documents).where(t.documents.c.id.startswith(doc_id))).mappings().all()
        if not row:
            raise NotFoundError(f"no document with id {doc_id!r}")
        if len(row) > 1:
            raise NotFoundError(f"id prefix {doc_id!r} is ambiguous ({len(row)} documents)")
        return _row_to_document(row[0])

    def documents(self, *, limit: int = 50, offset: int = 0, search: str | None = None,
                  outlet: str | None = None, date_from: date | None = None,
                  date_to: date | None = None) -> list[dict[str, Any]]:
        """Document summaries (no full text) with quotation and statement counts, newest first."""
        d = t.documents
        nq = sa.select(sa.func.count()).where(t.quotations.c.document_id == d.c.id).scalar_subquery()
        ns = sa.select(sa.func.count()).where(t.statements.c.document_id == d.c.id).scalar_subquery()
        q = sa.select(d.c.id, d.c.title, d.c.url, d.c.outlet, d.c.published, d.c.source,
                      sa.func.length(d.c.text).label("length"), nq.label("quotations"), ns.label("statements"))
        q = _document_filters(q, search, outlet, date_from, date_to)
        q = q.order_by(d.c.published.desc().nulls_last(), d.c.ingested_at.desc(), d.c.id).limit(limit).offset(offset)
        with self.engine.connect() as conn:
            return [dict(r) for r in conn.execute(q).mappings()]

    def count_documents(self, *, search: str | None = None, outlet: str | None = None,
                        date_from: date | None = None, date_to: date | None = None) -> int:
        q = _document_filters(sa.select(sa.func.count()).select_from(t.documents), search, outlet, date_from, date_to)
        with self.engine.connect() as conn:
            return int(conn.execute(q).scalar_one())

    # ---------------------------------------------------------------- analyses
    def analysed_versions(self, doc_ids: Iterable[str] | None = None) -> dict[str, str]:
        q = sa.select(t.analyses.c.document_id, t.analyses.c.pipeline_version)
        ids = list(doc_ids) if doc_ids is not None else None
        out: dict[str, str] = {}
        with self.engine.connect() as conn:
            if ids is None:
                return {r[0]: r[1] for r in conn.execute(q)}
            for i in range(0, len(ids), 500):
                chunk = ids[i:i + 500]
                out.update({r[0]: r[1] for r in conn.execute(q.where(t.analyses.c.document_id.in_(chunk)))})
        return out

    def machine_codebooks(self, doc_ids: Iterable[str]) -> dict[str, dict[str | None, int]]:
        """Per document, its unreviewed machine statements counted by the codebook that coded them: what a
        re-analysis replaces (reviewed and hand-coded statements are always kept)."""
        s = t.statements
        ids = list(doc_ids)
        out: dict[str, dict[str | None, int]] = {}
        reviewed = sa.select(t.statement_reviews.c.statement_id)
        with self.engine.connect() as conn:
            for i in range(0, len(ids), 500):
                q = (sa.select(s.c.document_id, s.c.codebook, sa.func.count())
                     .where(s.c.document_id.in_(ids[i:i + 500]), s.c.origin == "machine", s.c.id.not_in(reviewed))
                     .group_by(s.c.document_id, s.c.codebook))
                for doc_id, codebook, n in conn.execute(q):
                    out.setdefault(doc_id, {})[codebook] = int(n)
        return out

    def save_analyses(self, analyses: Iterable[Analysis], *, codebook: str | None = None,
                      run_id: str | None = None, item_keys: Iterable[str] | None = None) -> None:
        """Store a batch of analyses in ONE transaction (with the run's bookkeeping, if given).

        A document's previous machine output is replaced, but what a person touched is never dropped nor doubled:
        reviewed machine statements and hand-coded ones (imported, manual) are kept with their audit trail, and a
        new machine statement that is their twin (:func:`_twin`) is matched to them instead of being added — the
        kept statement is re-attached to the new quotation. A reviewed machine statement the new analysis no
        longer finds is kept as ``superseded``.
        """
        analyses = list(analyses)
        keys = list(item_keys) if item_keys is not None else [a.document.source or a.document.id for a in analyses]
        with self.transaction() as conn:
            for analysis, key in zip(analyses, keys):
                self._save_analysis(conn, analysis, codebook)
                if run_id is not None:
                    self._mark_item(conn, run_id, key, analysis.document.id, "done", None)

    def save_analysis(self, analysis: Analysis, *, codebook: str | None = None) -> None:
        self.save_analyses([analysis], codebook=codebook)

    def _save_analysis(self, conn: Connection, analysis: Analysis, codebook: str | None) -> None:
        doc = analysis.document
        self._insert_document(conn, doc)
        kept = self._kept_statements(conn, doc.id)
        old = t.statements.c.document_id == doc.id
        conn.execute(t.statements.update().where(t.statements.c.id.in_([k["id"] for k in kept]))
                     .values(quotation_id=None))
        conn.execute(t.statements.delete().where(old, t.statements.c.origin == "machine",
                                                 t.statements.c.id.not_in([k["id"] for k in kept])))
        conn.execute(t.quotations.delete().where(t.quotations.c.document_id == doc.id))
        qids: list[int] = []
        for i, q in enumerate(analysis.quotations):
            res = conn.execute(t.quotations.insert().values(
                document_id=doc.id, idx=i, form=q.form, medium=q.medium, message=spans_to_json(q.message),
                cue=spans_to_json(q.cue), speaker=spans_to_json(q.speaker), addressee=spans_to_json(q.addressee),
                frame=spans_to_json(q.frame), speaker_name=q.speaker_name, confidence=q.confidence,
                pipeline_version=analysis.pipeline_version,
                actor_id=self._ensure_actor(conn, q.actor) if q.actor is not None else None))
            qids.append(res.inserted_primary_key[0])
        doc_date = doc.published.date() if doc.published else None
        matched: set[int] = set()
        for s in analysis.statements:
            actor_id = self._ensure_actor(conn, s.actor)
            qid = qids[s.quotation] if s.quotation is not None and s.quotation < len(qids) else None
            evidence = spans_to_json(s.evidence)
            twin = _twin(kept, matched, actor_id, s.concept, evidence)
            if twin is not None:
                matched.add(twin["id"])
                if twin["origin"] in ("machine", "superseded"):
                    conn.execute(t.statements.update().where(t.statements.c.id == twin["id"])
                                 .values(quotation_id=qid, origin="machine"))
                continue
            conn.execute(t.statements.insert().values(
                document_id=doc.id, quotation_id=qid, actor_id=actor_id, concept=s.concept, agreement=s.agreement,
                condition=spans_to_json(s.condition), evidence=evidence,
                date=s.date or doc_date, confidence=s.confidence, pipeline_version=analysis.pipeline_version,
                origin="machine", codebook=codebook, meta={}, created_at=now()))
        lost = [k["id"] for k in kept if k["origin"] == "machine" and k["id"] not in matched]
        if lost:
            conn.execute(t.statements.update().where(t.statements.c.id.in_(lost)).values(origin="superseded"))
        values = dict(pipeline_version=analysis.pipeline_version, n_tokens=analysis.n_tokens, analysed_at=now())
        updated = conn.execute(t.analyses.update().where(t.analyses.c.document_id == doc.id).values(**values))
        if updated.rowcount == 0:
            conn.execute(t.analyses.insert().values(document_id=doc.id, **values))

    def _kept_statements(self, conn: Connection, doc_id: str) -> list[dict[str, Any]]:
        """The statements of a document that re-analysis keeps: hand-coded ones and reviewed machine ones, each
        with the actors, concepts and evidence it may be matched by (the machine's and the newest edit's)."""
        s, r = t.statements, t.statement_reviews
        reviewed = sa.select(r.c.statement_id)
        rows = conn.execute(sa.select(s.c.id, s.c.origin, s.c.actor_id, s.c.concept, s.c.evidence).where(
            s.c.document_id == doc_id, sa.or_(s.c.origin != "machine", s.c.id.in_(reviewed)))).mappings().all()
        kept = {row["id"]: {"id": row["id"], "origin": row["origin"], "actors": {row["actor_id"]},
                            "concepts": {row["concept"]}, "evidence": list(row["evidence"] or [])} for row in rows}
        if kept:
            edits = conn.execute(sa.select(r.c.statement_id, r.c.actor_id, r.c.concept, r.c.evidence)
                                 .where(r.c.statement_id.in_(list(kept)), r.c.action == "edit"))
            for sid, actor_id, concept, evidence in edits:
                k = kept[sid]
                if actor_id is not None:
                    k["actors"].add(actor_id)
                if concept:
                    k["concepts"].add(concept)
                k["evidence"] += list(evidence or [])
        return list(kept.values())

    # ---------------------------------------------------------------- actors
    def _ensure_actor(self, conn: Connection, actor: Actor) -> int:
        """Actor id by canonical name, else by an alias (a name merged into another actor stays merged); a new
        actor is inserted (as candidate if inferred). Never overwrites."""
        row = conn.execute(sa.select(t.actors.c.id).where(t.actors.c.name == actor.name)).first()
        if row:
            return int(row[0])
        for actor_id, aliases in conn.execute(sa.select(t.actors.c.id, t.actors.c.aliases)
                                              .where(t.actors.c.aliases.is_not(None))):
            if actor.name in (aliases or ()):
                return int(actor_id)
        res = conn.execute(t.actors.insert().values(
            name=actor.name, kind=actor.kind, role=actor.role, organisation=actor.organisation, party=actor.party,
            country=actor.country, aliases=list(actor.aliases), candidate=actor.candidate))
        return int(res.inserted_primary_key[0])

    def ensure_actor(self, actor: Actor) -> int:
        with self.transaction() as conn:
            return self._ensure_actor(conn, actor)

    def actors(self, *, candidates: bool | None = None, actor_id: int | None = None, name: str | None = None,
               limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
        """Actors by name with their numbers of statements and of quotations they speak (``limit``/``offset``
        page in SQL; ``actor_id`` or ``name``: that one actor)."""
        n = sa.select(sa.func.count()).where(t.statements.c.actor_id == t.actors.c.id).scalar_subquery()
        nq = sa.select(sa.func.count()).where(t.quotations.c.actor_id == t.actors.c.id).scalar_subquery()
        q = sa.select(t.actors, n.label("statements"), nq.label("quotations")).order_by(t.actors.c.name)
        if candidates is not None:
            q = q.where(t.actors.c.candidate == candidates)
        if actor_id is not None:
            q = q.where(t.actors.c.id == actor_id)
        if name is not None:
            q = q.where(t.actors.c.name == name)
        q = q.offset(offset)
        if limit is not None:
            q = q.limit(limit)
        with self.engine.connect() as conn:
            return [dict(r) for r in conn.execute(q).mappings()]

    def count_actors(self, *, candidates: bool | None = None) -> int:
        q = sa.select(sa.func.count()).select_from(t.actors)
        if candidates is not None:
            q = q.where(t.actors.c.candidate == candidates)
        with self.engine.connect() as conn:
            return int(conn.execute(q).scalar_one())

    # ---------------------------------------------------------------- quotations
    def quotations(self, *, document_id: str | None = None, limit: int | None = 100,
                   offset: int = 0) -> list[dict[str, Any]]:
        """Quotations, newest documents first, with their document's title and date and their speaker's actor
        (``actor``, ``actor_kind``, ``actor_role``, ``actor_candidate``; None when not resolved)."""
        a = t.actors
        q = (sa.select(t.quotations, t.documents.c.title, t.documents.c.published, a.c.name.label("actor"),
                       a.c.kind.label("actor_kind"), a.c.role.label("actor_role"),
                       a.c.candidate.label("actor_candidate"))
             .join(t.documents, t.documents.c.id == t.quotations.c.document_id)
             .outerjoin(a, a.c.id == t.quotations.c.actor_id))
        if document_id:
            q = q.where(t.quotations.c.document_id == document_id)
        q = q.order_by(t.documents.c.published.desc().nulls_last(), t.quotations.c.document_id,
                       t.quotations.c.idx).offset(offset)
        if limit is not None:
            q = q.limit(limit)
        with self.engine.connect() as conn:
            return [dict(r) for r in conn.execute(q).mappings()]

    def count_quotations(self, *, document_id: str | None = None) -> int:
        q = sa.select(sa.func.count()).select_from(t.quotations)
        if document_id:
            q = q.where(t.quotations.c.document_id == document_id)
        with self.engine.connect() as conn:
            return int(conn.execute(q).scalar_one())

    # ---------------------------------------------------------------- statements
    def _statement_ids(self, f: StatementFilter) -> sa.Select:
        """``SELECT id, date`` of the statements matching ``f``, with every condition on ``statements``
        itself or on small sets from ``statement_reviews`` (no per-row joins), so counting and paging stay cheap.

        The effective actor, concept and agreement (after the newest edit) are matched in two parts: statements
        whose newest edit does not change the field match on their own value, edited ones on the edit's."""
        s, r, a = t.statements, t.statement_reviews, t.actors
        later = r.alias("later")

        def newest_edit() -> Any:
            """``r`` is its statement's newest edit: an index probe per candidate review, where MAX(id) GROUP BY
            statement_id walked every review per request (10,000 reviews: 10 ms -> 2 ms)."""
            return sa.and_(r.c.action == "edit", ~sa.exists().where(
                later.c.statement_id == r.c.statement_id, later.c.id > r.c.id, later.c.action == "edit"))

        # the newest review's action is on the row (``review_state``, kept by triggers, migration 0006): rejected,
        # reviewed and unreviewed are row conditions, where NOT IN / IN over statement_reviews cost a lookup per row
        # (1M statements: a count 0.3 -> 0.13 s, from the (review_state, confidence, origin) index alone)
        reviewed = s.c.review_state.is_not(None)
        person = s.c.origin.in_(PERSON_ORIGINS)

        def among(column: Any, values: Any) -> Any:
            """``column IN values``; on PostgreSQL a subquery's values as ``= ANY(ARRAY(subquery))``, an index
            condition even as one arm of an OR (see ``effective_in``)."""
            if isinstance(values, sa.Select) and self.engine.dialect.name == "postgresql":
                return column == sa.any_(sa.func.array(values.scalar_subquery()))
            return column.in_(values)

        def effective_in(machine: Any, edited: Any, values: Any, indexed: bool = False) -> Any:
            """``indexed``: ``machine`` has an index. Then on PostgreSQL both arms of the OR are index conditions (a
            bitmap OR of the machine values and the edited statements' ids), where ``IN (subquery)`` is a filter
            on every row of a scan (1M statements, counting an actor's: 200 -> 20 ms, a concept's 150 -> 60 ms).
            Not otherwise: an array that only filters is searched element by element for every row."""
            overridden = sa.select(r.c.statement_id).where(newest_edit(), edited.is_not(None))
            matching = sa.select(r.c.statement_id).where(newest_edit(), edited.in_(values))
            if not indexed:
                return sa.or_(sa.and_(machine.in_(values), s.c.id.not_in(overridden)), s.c.id.in_(matching))
            return sa.or_(sa.and_(among(machine, values), s.c.id.not_in(overridden)), among(s.c.id, matching))

        q = sa.select(s.c.id, s.c.date)
        if f.statement_ids is not None:
            q = q.where(s.c.id.in_(list(f.statement_ids)))
        if f.document_id:
            q = q.where(s.c.document_id == f.document_id)
        if not f.include_rejected:
            q = q.where(s.c.review_state.is_distinct_from("reject"))
        if f.reviewed_only:
            q = q.where(sa.or_(reviewed, person))
        if f.unreviewed_only:
            # not ``review_state IS NULL``: an index term that SQLite would take over the date index for a page,
            # then sort the 99 % of the store that are unreviewed (1M: 5 s); a count still reads only the index
            q = q.where(sa.func.coalesce(s.c.review_state, "") == "", sa.not_(person))
        if f.codebook:
            q = q.where(s.c.codebook == f.codebook)
        if f.actors:
            q = q.where(effective_in(s.c.actor_id, r.c.actor_id, sa.select(a.c.id).where(a.c.name.in_(f.actors)),
                                     indexed=True))
        concepts = f.wanted_concepts()
        if concepts == []:  # an issue none of whose concepts was asked for
            q = q.where(sa.false())
        elif concepts:
            q = q.where(effective_in(s.c.concept, sa.func.nullif(r.c.concept, ""), concepts, indexed=True))
        if f.agreements:
            q = q.where(effective_in(s.c.agreement, sa.func.nullif(r.c.agreement, ""), list(f.agreements)))
        if f.date_from:
            q = q.where(s.c.date >= f.date_from)
        if f.date_to:
            q = q.where(s.c.date <= f.date_to)
        if f.outlets:
            q = q.where(s.c.document_id.in_(sa.select(t.documents.c.id).where(t.documents.c.outlet.in_(f.outlets))))
        if f.forms:
            q = q.where(s.c.quotation_id.in_(sa.select(t.quotations.c.id).where(t.quotations.c.form.in_(f.forms))))
        if f.min_confidence is not None:
            q = q.where(sa.or_(reviewed, person, s.c.confidence >= f.min_confidence))
        if f.max_confidence is not None:
            q = q.where(s.c.confidence.is_not(None), s.c.confidence <= f.max_confidence)
        return q

    def _statement_view(self) -> tuple[sa.Select, dict[str, Any]]:
        """The statements joined to their newest review and edit, actor, document and quotation (no filter), and
        the effective-value expressions by name (``actor``, ``concept``, ``agreement``, ``date``...). Built once per
        store (SQLAlchemy selects are immutable; building this one cost ~3 ms a request)."""
        if getattr(self, "_view", None) is None:
            self._view = self._build_statement_view()
        return self._view

    def _build_statement_view(self) -> tuple[sa.Select, dict[str, Any]]:
        s, a, d, qu, r = t.statements, t.actors, t.documents, t.quotations, t.statement_reviews
        # the newest review and edit per statement as correlated lookups on the statement_id index: a page of 20
        # rows makes 40 probes, where GROUP BY subqueries aggregated every review per request (1M statements with
        # 10,000 reviews: ~20 ms a page)
        latest = sa.select(sa.func.max(r.c.id)).where(r.c.statement_id == s.c.id).scalar_subquery()
        latest_edit = (sa.select(sa.func.max(r.c.id)).where(r.c.statement_id == s.c.id, r.c.action == "edit")
                       .scalar_subquery())
        rv = r.alias("rv")  # newest review: action, reviewer, time
        re_ = r.alias("re")  # newest edit: the values in force
        ra = a.alias("ra")
        expr = {
            "s": s, "a": a, "d": d, "qu": qu, "rv": rv, "re": re_, "ra": ra,
            "actor": sa.func.coalesce(ra.c.name, a.c.name),
            "concept": sa.func.coalesce(sa.func.nullif(re_.c.concept, ""), s.c.concept),
            "agreement": sa.func.coalesce(sa.func.nullif(re_.c.agreement, ""), s.c.agreement),
            # undated statements take their document's publication instant (the caller takes its day)
            "date": s.c.date, "undated_published": sa.case((s.c.date.is_(None), d.c.published), else_=None),
        }
        q = sa.select().select_from(
            s.join(a, a.c.id == s.c.actor_id)
            .outerjoin(rv, rv.c.id == latest)
            .outerjoin(re_, re_.c.id == latest_edit)
            .outerjoin(ra, ra.c.id == re_.c.actor_id)
            .outerjoin(d, d.c.id == s.c.document_id)
            .outerjoin(qu, qu.c.id == s.c.quotation_id))
        return q, expr

    def statements(self, where: StatementFilter | None = None, *, limit: int | None = None, offset: int = 0,
                   after: tuple[Any, int] | None = None, in_date_order: bool = False,
                   **filters: Any) -> list[dict[str, Any]]:
        """Statements as people should see them: the newest *edit* of each overrides the machine's values, the
        newest review of any kind decides whether it is rejected (an accept after an edit confirms the edit).

        ``where`` and the keyword ``filters`` (its fields, e.g. ``actors=[...]``, ``reviewed_only=True``) are one
        :class:`~standpunkt.store.filters.StatementFilter`, applied in SQL (see :meth:`_statement_ids`). Ordered
        by date then id; ``limit``/``offset`` page in SQL.

        Rows carry the machine's original values too (``machine_*``), the actor's affiliations, the document's
        date/outlet/title and the quotation's form, so analysis and exports need no further queries.
        """
        return list(self.iter_statements(where, limit=limit, offset=offset, after=after, in_date_order=in_date_order,
                                         **filters))

    def iter_statements(self, where: StatementFilter | None = None, *, limit: int | None = None, offset: int = 0,
                        batch: int | None = None, after: tuple[Any, int] | None = None, in_date_order: bool = False,
                        **filters: Any) -> Iterator[dict[str, Any]]:
        """:meth:`statements` as a generator; with ``batch``, read in keyset pages of that many rows (one short
        query each, so a long export neither holds a cursor open nor loads the table), starting after the
        ``(date, id)`` of ``after`` when given. ``in_date_order``: walk the date index and test the filters row by row
        (SQLite), rather than collect every match by another index and sort them — the caller's choice, for a
        selection so large a share of the store that a page's rows come early in date order."""
        f = StatementFilter.of(where, **filters)
        if batch is None:
            yield from self._statement_rows(limit=limit, offset=offset, after=after, in_date_order=in_date_order,
                                            where=f)
            return
        left = limit
        skip = offset
        while left is None or left > 0:
            n = batch if left is None else min(batch, left)
            rows = list(self._statement_rows(limit=n, offset=skip, after=after, where=f))
            skip = 0
            yield from rows
            if len(rows) < n:
                return
            after = (rows[-1]["date"], rows[-1]["id"])
            if left is not None:
                left -= len(rows)

    def _statement_rows(self, *, limit: int | None, offset: int, after: tuple[Any, int] | None = None,
                        in_date_order: bool = False, where: StatementFilter) -> Iterator[dict[str, Any]]:
        ids = self._statement_ids(where)
        s = t.statements
        order = self._statement_order()
        if in_date_order and ids.whereclause is not None and self.engine.dialect.name == "sqlite" and \
                not self._has_undated(order):
            # the filters inside one function call are no index terms: SQLite walks the date index (ORDER BY)
            ids = sa.select(s.c.id, s.c.date).where(sa.func.coalesce(ids.whereclause, False))
        if after is not None:  # keyset: rows after (date, id) in the order below (undated last)
            last_date, last_id = after
            if last_date is None:
                ids = ids.where(s.c.date.is_(None), s.c.id > last_id)
            else:  # a range on the date index (an OR of the three cases made SQLite scan from the start)
                later = sa.and_(s.c.date >= last_date, sa.or_(s.c.date > last_date, s.c.id > last_id))
                ids = ids.where(sa.or_(later, s.c.date.is_(None)) if self._has_undated(order) else later)
        ids = ids.order_by(*order).offset(offset)
        if limit is not None:
            ids = ids.limit(limit)
        if limit is not None and limit <= 1000:
            with self.engine.connect() as conn:  # the page's ids first: the joins then run for those rows only
                page: Any = [row[0] for row in conn.execute(ids)]
            if not page:
                return
        else:
            page = ids.with_only_columns(s.c.id)
        q, e = self._statement_view()
        a, d, qu, rv, re_, ra = (e[k] for k in ("a", "d", "qu", "rv", "re", "ra"))
        q = q.where(s.c.id.in_(page)).add_columns(
            s.c.id, s.c.document_id, s.c.quotation_id, s.c.concept.label("machine_concept"),
            s.c.agreement.label("machine_agreement"), s.c.condition.label("machine_condition"),
            s.c.evidence.label("machine_evidence"), s.c.date, s.c.confidence, s.c.pipeline_version, s.c.origin,
            s.c.codebook, s.c.meta, s.c.created_at.label("coded_at"), a.c.name.label("machine_actor"),
            a.c.id.label("machine_actor_id"),
            rv.c.action.label("review_action"), rv.c.reviewer, rv.c.created_at.label("reviewed_at"),
            re_.c.concept.label("r_concept"), re_.c.agreement.label("r_agreement"),
            re_.c.condition.label("r_condition"), re_.c.evidence.label("r_evidence"),
            ra.c.id.label("r_actor_id"),
            e["actor"].label("actor"),
            sa.func.coalesce(ra.c.kind, a.c.kind).label("actor_kind"),
            sa.func.coalesce(ra.c.role, a.c.role).label("role"),
            sa.func.coalesce(ra.c.organisation, a.c.organisation).label("organisation"),
            sa.func.coalesce(ra.c.party, a.c.party).label("party"),
            sa.func.coalesce(ra.c.country, a.c.country).label("country"),
            sa.func.coalesce(ra.c.candidate, a.c.candidate).label("actor_candidate"),
            sa.func.coalesce(ra.c.colour, a.c.colour).label("actor_colour"),
            d.c.title.label("document_title"), d.c.outlet, d.c.published, d.c.author.label("document_author"),
            d.c.source.label("document_source"), qu.c.form, qu.c.medium, qu.c.speaker_name)
        q = q.order_by(*order)
        with self.engine.connect() as conn:
            result = conn.execute(q).mappings().all()
        for m in result:
            row = dict(m)
            row["concept"] = row.pop("r_concept") or row["machine_concept"]
            row["agreement"] = row.pop("r_agreement") or row["machine_agreement"]
            rc, rev = row.pop("r_condition"), row.pop("r_evidence")
            row["condition"] = rc if rc is not None else row["machine_condition"]
            row["evidence"] = rev if rev is not None else row["machine_evidence"]
            row["actor_id"] = row.pop("r_actor_id") or row["machine_actor_id"]
            row["coded_by"] = "person" if row["origin"] in PERSON_ORIGINS else "machine"
            row["dataset"] = _dataset(row["meta"]) if row["coded_by"] == "person" else None
            row["coder"] = (row["meta"] or {}).get("coder") if row["origin"] == "manual" else None
            row["reviewed"] = row["review_action"] is not None or row["coded_by"] == "person"
            if row["published"] is not None and row["published"].tzinfo is None:
                row["published"] = row["published"].replace(tzinfo=timezone.utc)
            yield row

    def _statement_order(self) -> tuple[Any, ...]:
        """Date then id, undated last. SQLite sorts NULL first and cannot walk its date index for NULLS LAST, so
        there the undated rows are put last by a leading ``date IS NULL`` key; PostgreSQL sorts ``NULLS LAST``.
        Either only when undated rows exist (one index probe): then a keyset page must also take the undated rows
        (``OR date IS NULL``), which no index range serves (PostgreSQL, 1M statements: a deep page 136 -> 6 ms
        without it)."""
        s = t.statements
        with self.engine.connect() as conn:
            undated = conn.execute(sa.select(s.c.id).where(s.c.date.is_(None)).limit(1)).first()
        if not undated:
            return (s.c.date, s.c.id)
        if self.engine.dialect.name != "sqlite":
            return (s.c.date.nulls_last(), s.c.id)
        return (s.c.date.is_(None), s.c.date, s.c.id)

    def statement_checkpoints(self, every: int, where: StatementFilter | None = None,
                              **filters: Any) -> list[tuple[Any, int]]:
        """The ``(date, id)`` of every ``every``-th statement matching the filter (rows ``every - 1``,
        ``2 * every - 1`` … of :meth:`statements`' order), numbered in one ordered pass in SQL: a deep offset then
        starts from the checkpoint before it by keyset and skips fewer than ``every`` rows."""
        order = self._statement_order()
        rn = sa.func.row_number().over(order_by=order).label("rn")
        inner = self._statement_ids(StatementFilter.of(where, **filters)).add_columns(rn).subquery("numbered")
        q = sa.select(inner.c.date, inner.c.id).where(inner.c.rn % every == 0).order_by(inner.c.rn)
        with self.engine.connect() as conn:
            return [(d, int(i)) for d, i in conn.execute(q)]

    def _has_undated(self, order: tuple[Any, ...]) -> bool:
        """Whether :meth:`_statement_order` found undated statements (then its first key is not the bare date)."""
        return order[0] is not t.statements.c.date

    def count_statements(self, where: StatementFilter | None = None, **filters: Any) -> int:
        """How many statements match the filter (as in :meth:`statements`); all of them, rejected ones too, when
        no filter is given."""
        if where is None and not filters:
            with self.engine.connect() as conn:
                return int(conn.execute(sa.select(sa.func.count()).select_from(t.statements)).scalar_one())
        ids = self._statement_ids(StatementFilter.of(where, **filters)).subquery("ids")
        with self.engine.connect() as conn:
            return int(conn.execute(sa.select(sa.func.count()).select_from(ids)).scalar_one())

    def statement_groups(self, by: Iterable[str], where: StatementFilter | None = None,
                         **filters: Any) -> list[tuple[Any, ...]]:
        """Statement counts grouped in SQL by effective values (``actor``, ``concept``, ``agreement``, ``date``,
        ``undated_published``): tuples of the ``by`` values and the count, for matrices, timelines and networks
        without loading the statements. Statements without an edit are grouped on their own columns (one pass,
        no joins but the document's for undated ones); the few edited ones through the review view."""
        by = list(by)
        s, r, a, d = t.statements, t.statement_reviews, t.actors, t.documents
        ids = self._statement_ids(StatementFilter.of(where, **filters))
        edited = sa.select(r.c.statement_id).where(r.c.action == "edit")
        plain = {"actor": s.c.actor_id, "concept": s.c.concept, "agreement": s.c.agreement, "date": s.c.date,
                 "undated_published": sa.case((s.c.date.is_(None), d.c.published), else_=None)}
        cols = [plain[name] for name in by]
        source = s.outerjoin(d, d.c.id == s.c.document_id) if "undated_published" in by else s
        q1 = sa.select(*cols, sa.func.count()).select_from(source).where(s.c.id.not_in(edited)).group_by(*cols)
        if ids.whereclause is not None:
            q1 = q1.where(ids.whereclause)
        view, e = self._statement_view()
        cols2 = [e[name] for name in by]
        q2 = (view.add_columns(*cols2, sa.func.count(s.c.id))
              .where(s.c.id.in_(ids.with_only_columns(s.c.id)), s.c.id.in_(edited)).group_by(*cols2))
        out: dict[tuple[Any, ...], int] = {}
        with self.engine.connect() as conn:
            rows = conn.execute(q1).all()
            names: dict[int, str] = {}
            if "actor" in by:
                i = by.index("actor")
                wanted = list({row[i] for row in rows})
                for k in range(0, len(wanted), 500):
                    names.update(conn.execute(sa.select(a.c.id, a.c.name).where(a.c.id.in_(wanted[k:k + 500]))).all())
                rows = [(*row[:i], names[row[i]], *row[i + 1:]) for row in rows]
            for row in [*rows, *conn.execute(q2).all()]:
                key = tuple(row[:-1])
                out[key] = out.get(key, 0) + int(row[-1])
        return [(*k, n) for k, n in out.items()]

    def review_statement(self, statement_id: int, reviewer: str, action: str, *, actor: str | None = None,
                         concept: str | None = None, agreement: str | None = None,
                         condition: list[list[int]] | None = None, evidence: list[list[int]] | None = None,
                         comment: str | None = None) -> int:
        """Append a review (accept / edit / reject). The machine's statement row is never changed."""
        from standpunkt.model import AGREEMENTS

        if action not in ("accept", "edit", "reject"):
            raise ValueError(f"unknown review action {action!r} (accept, edit, reject)")
        if agreement is not None and agreement not in AGREEMENTS:
            raise ValueError(f"unknown agreement {agreement!r} ({', '.join(AGREEMENTS)})")
        with self.transaction() as conn:
            exists = conn.execute(sa.select(t.statements.c.id).where(t.statements.c.id == statement_id)).first()
            if not exists:
                raise NotFoundError(f"no statement with id {statement_id}")
            actor_id = self._ensure_actor(conn, Actor(name=actor, candidate=True)) if actor else None
            res = conn.execute(t.statement_reviews.insert().values(
                statement_id=statement_id, reviewer=reviewer, action=action, actor_id=actor_id, concept=concept,
                agreement=agreement, condition=condition, evidence=evidence, comment=comment, created_at=now()))
            return int(res.inserted_primary_key[0])

    def reviews(self, statement_id: int) -> list[dict[str, Any]]:
        r = t.statement_reviews
        q = (sa.select(r, t.actors.c.name.label("actor")).outerjoin(t.actors, t.actors.c.id == r.c.actor_id)
             .where(r.c.statement_id == statement_id).order_by(r.c.id))
        with self.engine.connect() as conn:
            return [dict(m) for m in conn.execute(q).mappings()]

    # ---------------------------------------------------------------- runs
    def _mark_item(self, conn: Connection, run_id: str, key: str, doc_id: str | None, status: str,
                   error: str | None) -> None:
        values = dict(document_id=doc_id, status=status, error=error, updated_at=now())
        updated = conn.execute(t.run_items.update().where(t.run_items.c.run_id == run_id,
                                                          t.run_items.c.item_key == key).values(**values))
        if updated.rowcount == 0:
            conn.execute(t.run_items.insert().values(run_id=run_id, item_key=key, **values))

    def mark_items(self, run_id: str, items: Iterable[tuple[str, str | None, str, str | None]]) -> None:
        """Record (item_key, document_id, status, error) rows for a run in one transaction."""
        with self.transaction() as conn:
            for key, doc_id, status, error in items:
                self._mark_item(conn, run_id, key, doc_id, status, error)

    # ---------------------------------------------------------------- imported statements (analysis/export area)
    def import_statements(self, records: Iterable[dict[str, Any]], *, origin: str = "import") -> dict[str, int]:
        """Insert statements read from a file (a ``.dna`` database, a statements CSV), all in one transaction.

        Each record: ``key`` (stable and unique within its dataset, e.g. ``"dna-nuclear:claims.csv:17"``),
        ``actor`` (:class:`Actor`), ``concept``, ``agreement``, optional ``document`` (:class:`Document`, inserted
        if new), ``date``, ``confidence``, ``evidence``/``condition`` (``[[start, end], ...]``) and ``meta``.
        Idempotent: a key already imported is skipped, so importing the same file twice adds nothing.
        Returns counts: ``new``, ``existing``, ``documents`` (newly inserted).
        """
        s = t.statements
        counts = {"new": 0, "existing": 0, "documents": 0}
        with self.transaction() as conn:
            metas = conn.execute(sa.select(s.c.meta).where(s.c.origin == origin))
            known = {(m or {}).get("import_key") for (m,) in metas}
            actor_ids: dict[str, int] = {}
            batch: list[dict[str, Any]] = []
            for rec in records:
                key = str(rec["key"])
                if key in known:
                    counts["existing"] += 1
                    continue
                known.add(key)
                doc = rec.get("document")
                if doc is not None and self._insert_document(conn, doc):
                    counts["documents"] += 1
                actor = rec["actor"]
                if actor.name not in actor_ids:
                    actor_ids[actor.name] = self._ensure_actor(conn, actor)
                meta = {**(rec.get("meta") or {}), "import_key": key}
                if rec.get("form"):
                    meta["form"] = rec["form"]  # imported statements have no quotation row to hold the form
                batch.append(dict(
                    document_id=doc.id if doc is not None else None, quotation_id=None,
                    actor_id=actor_ids[actor.name], concept=rec["concept"], agreement=rec["agreement"],
                    condition=rec.get("condition") or [], evidence=rec.get("evidence") or [], date=rec.get("date"),
                    confidence=rec.get("confidence", 1.0), pipeline_version=rec.get("pipeline_version"),
                    origin=origin, codebook=rec.get("codebook"), meta=meta, created_at=now()))
                counts["new"] += 1
            for i in range(0, len(batch), 1000):
                conn.execute(s.insert(), batch[i:i + 1000])
        return counts


def _twin(kept: list[dict[str, Any]], matched: set[int], actor_id: int, concept: str,
          evidence: list[list[int]]) -> dict[str, Any] | None:
    """The kept statement a new machine statement repeats: same actor and concept (as the machine coded it or as a
    person corrected it) and overlapping evidence; statements without evidence match on actor and concept."""
    for k in kept:
        if k["id"] in matched or actor_id not in k["actors"] or concept not in k["concepts"]:
            continue
        if not evidence or not k["evidence"] or any(a < d and c < b for a, b in evidence for c, d in k["evidence"]):
            return k
    return None


def _dataset(meta: dict[str, Any] | None) -> str | None:
    """Where a hand-coded statement came from: the mapping's dataset, the .dna file, or "manual"."""
    meta = meta or {}
    return meta.get("dataset") or meta.get("dna_file") or None


def _utc(value: datetime | None) -> datetime | None:
    """Store instants in UTC: SQLite keeps no zone, so everything stored must share one."""
    if value is None or value.tzinfo is None:
        return value
    return value.astimezone(timezone.utc)


def _document_filters(q: sa.Select, search: str | None, outlet: str | None, date_from: date | None,
                      date_to: date | None) -> sa.Select:
    d = t.documents
    if search:
        like = f"%{search}%"
        q = q.where(sa.or_(d.c.title.ilike(like), d.c.text.ilike(like)))
    if outlet:
        q = q.where(d.c.outlet == outlet)
    if date_from:
        q = q.where(d.c.published >= datetime.combine(date_from, datetime.min.time(), timezone.utc))
    if date_to:
        q = q.where(d.c.published < datetime.combine(date_to, datetime.max.time(), timezone.utc))
    return q


def _row_to_document(row: Any) -> Document:
    published = row["published"]
    if published is not None and published.tzinfo is None:  # SQLite drops the zone; we store UTC
        published = published.replace(tzinfo=timezone.utc)
    return Document(text=row["text"], id=row["id"], title=row["title"], url=row["url"], outlet=row["outlet"],
                    published=published, language=row["language"], author=row["author"], source=row["source"],
                    meta=row["meta"] or {})


def open_store(url: str | None = None) -> Store:
    return Store(url)
