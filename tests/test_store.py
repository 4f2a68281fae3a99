"""The store on SQLite and PostgreSQL: idempotent writes, whole-document replacement, reviews as an audit trail,
and transactions that leave nothing half-written."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
import sqlalchemy as sa

from standpunkt.errors import NotFoundError
from standpunkt.model import Actor, Analysis, Document, Quotation, Span, Statement
from standpunkt.store import open_store
from standpunkt.store import schema as t

TEXT = "Scholz sagte, er werde keine Soldaten entsenden. Macron sagte, man schließe nichts aus."


def alembic_config(url: str):
    """An Alembic configuration of the store's migrations over ``url``, to move a test store to a revision."""
    from alembic.config import Config

    from standpunkt.store import MIGRATIONS

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", url)
    return cfg


def make_analysis(version: str = "v1", agreement: str = "oppose") -> Analysis:
    doc = Document(text=TEXT, title="Test", outlet="Zeitung",
                   published=datetime(2024, 2, 27, 10, tzinfo=timezone(timedelta(hours=1))))
    quotes = [Quotation(form="Indirect", message=[Span(14, 48)], cue=[Span(7, 12)], speaker=[Span(0, 6)],
                        speaker_name="Scholz"),
              Quotation(form="Indirect", message=[Span(62, 85)], cue=[Span(56, 61)], speaker=[Span(49, 55)],
                        speaker_name="Macron")]
    stmts = [Statement(actor=Actor(name="Olaf Scholz", role="Bundeskanzler", country="Deutschland"),
                       concept="bodentruppen", agreement=agreement, quotation=0, evidence=[Span(14, 48)]),
             Statement(actor=Actor(name="Emmanuel Macron", country="Frankreich"), concept="bodentruppen",
                       agreement="support", quotation=1, evidence=[Span(62, 85)], confidence=0.6)]
    return Analysis(document=doc, quotations=quotes, statements=stmts, pipeline_version=version, n_tokens=17)


def test_save_is_idempotent_and_replaces_whole_documents(db_url):
    with open_store(db_url) as store:
        a = make_analysis()
        store.save_analysis(a)
        store.save_analysis(a)
        assert store.count_statements() == 2 and store.count_quotations() == 2
        assert store.analysed_versions([a.document.id]) == {a.document.id: "v1"}
        store.save_analysis(make_analysis("v2", agreement="neutral"))
        rows = store.statements()
        assert {(r["actor"], r["agreement"]) for r in rows} == {("Olaf Scholz", "neutral"),
                                                               ("Emmanuel Macron", "support")}
        assert store.analysed_versions()[a.document.id] == "v2"
        assert rows[0]["date"].isoformat() == "2024-02-27"
        assert rows[0]["published"].astimezone(timezone.utc).hour == 9


def test_reviews_never_overwrite_the_machine_and_survive_reanalysis(db_url):
    with open_store(db_url) as store:
        store.save_analysis(make_analysis())
        scholz = next(r for r in store.statements() if r["actor"] == "Olaf Scholz")
        macron = next(r for r in store.statements() if r["actor"] == "Emmanuel Macron")
        store.review_statement(scholz["id"], "anna", "edit", agreement="conditional", condition=[[14, 20]])
        store.review_statement(macron["id"], "anna", "reject", comment="kein Statement")
        rows = {r["actor"]: r for r in store.statements()}
        assert set(rows) == {"Olaf Scholz"}
        assert rows["Olaf Scholz"]["agreement"] == "conditional"
        assert rows["Olaf Scholz"]["machine_agreement"] == "oppose"
        assert rows["Olaf Scholz"]["reviewed"] and rows["Olaf Scholz"]["reviewer"] == "anna"
        assert len(store.statements(include_rejected=True)) == 2
        assert len(store.statements(reviewed_only=True)) == 1
        assert [r["action"] for r in store.reviews(scholz["id"])] == ["edit"]
        # an accept after the edit confirms the edited values; a reject then an accept restores the statement
        store.review_statement(scholz["id"], "ben", "accept")
        row = store.statements(statement_ids=[scholz["id"]])[0]
        assert row["agreement"] == "conditional" and row["condition"] == [[14, 20]] and row["reviewer"] == "ben"
        store.review_statement(macron["id"], "ben", "accept")
        assert store.statements(statement_ids=[macron["id"]])[0]["agreement"] == "support"
        store.review_statement(macron["id"], "ben", "reject")
        # re-analysis keeps reviewed statements (with their audit trail); the machine's twins are matched to them,
        # not added beside them, and the kept statements point at the new quotations
        store.save_analysis(make_analysis("v2"))
        rows = store.statements(include_rejected=True)
        assert sorted(r["id"] for r in rows) == sorted([scholz["id"], macron["id"]])
        assert all(r["origin"] == "machine" and r["quotation_id"] is not None for r in rows)
        assert len(store.reviews(scholz["id"])) == 2
        # a reviewed statement the machine no longer finds stays, marked superseded
        gone = make_analysis("v3")
        gone.statements = gone.statements[1:]
        store.save_analysis(gone)
        rows = {r["id"]: r for r in store.statements(include_rejected=True)}
        assert set(rows) == {scholz["id"], macron["id"]}
        assert rows[scholz["id"]]["origin"] == "superseded" and rows[scholz["id"]]["quotation_id"] is None


def test_review_validation(db_url):
    with open_store(db_url) as store:
        store.save_analysis(make_analysis())
        sid = store.statements()[0]["id"]
        with pytest.raises(ValueError, match="unknown agreement"):
            store.review_statement(sid, "anna", "edit", agreement="maybe")
        with pytest.raises(NotFoundError):
            store.review_statement(99999, "anna", "accept")
        store.review_statement(sid, "anna", "edit", actor="Bundesregierung")
        assert any(r["actor"] == "Bundesregierung" for r in store.statements())
        assert any(a["name"] == "Bundesregierung" and a["candidate"] for a in store.actors())


def test_filters(db_url):
    with open_store(db_url) as store:
        store.save_analysis(make_analysis())
        assert [r["actor"] for r in store.statements(min_confidence=0.9)] == ["Olaf Scholz"]
        assert store.statements(actors=["Emmanuel Macron"])[0]["form"] == "Indirect"
        assert store.statements(outlets=["Andere"]) == []
        assert len(store.statements(forms=["Indirect"], concepts=["bodentruppen"])) == 2
        assert store.count_documents(search="Macron") == 1 and store.count_documents(search="Merz") == 0


def test_actor_and_concept_filters_select_the_effective_values(db_url):
    """Filtering by actor and concept matches the values after the newest edit, counted and paged alike: on
    PostgreSQL both arms (machine value not overridden, edited to the value) are index conditions (``= ANY(ARRAY(
    ...))``) rather than ``IN`` subqueries, and must select the same statements."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).parent))
    from web_sample import fill_synthetic

    with open_store(db_url) as store:
        fill_synthetic(store, 600, n_actors=6, n_concepts=4, reviewed=0.2)
        every = store.statements()
        for row in every[:40:3]:  # edits that move statements to another actor, then back for a few
            store.review_statement(row["id"], "anna", "edit", actor="Akteur 0002")
        for row in every[:12:4]:
            store.review_statement(row["id"], "anna", "edit", actor=row["machine_actor"])
        every = store.statements()
        assert {r["actor"] for r in every} >= {"Akteur 0002", "synthetic-0"}
        for actors, concepts in ((["Akteur 0002"], []), (["synthetic-0", "Akteur 0003"], []), ([], ["Konzept 01"]),
                                 (["Akteur 0002"], ["Konzept 00", "Konzept 03"]), (["Niemand"], [])):
            want = [r["id"] for r in every if (not actors or r["actor"] in actors)
                    and (not concepts or r["concept"] in concepts)]
            got = [r["id"] for r in store.statements(actors=actors, concepts=concepts)]
            assert got == want and store.count_statements(actors=actors, concepts=concepts) == len(want), actors
            page = [r["id"] for r in store.statements(actors=actors, concepts=concepts, limit=7, offset=5)]
            assert page == want[5:12]


def test_failed_batch_rolls_back_completely(db_url):
    with open_store(db_url) as store:
        good = make_analysis()
        bad = make_analysis()
        bad.document = Document(text="Anderer Text, sagte sie.")
        bad.statements[0].quotation = 0
        bad.statements[0].concept = None  # NOT NULL violation inside the same transaction
        with pytest.raises(sa.exc.IntegrityError):
            store.save_analyses([good, bad])
        assert store.count_documents() == 0 and store.count_statements() == 0


def test_migrations_are_idempotent(db_url):
    open_store(db_url).close()
    with open_store(db_url) as store:
        with store.engine.connect() as conn:
            assert conn.execute(sa.text("select version_num from alembic_version")).scalar_one() >= "0001"
            assert conn.execute(sa.select(sa.func.count()).select_from(t.documents)).scalar_one() == 0


def test_sqlite_uses_wal(tmp_path):
    with open_store(str(tmp_path / "x.db")) as store:
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar_one() == "wal"


def test_one_migration_head_and_upgrade_from_0001(tmp_path):
    """0002 (learning, from main), 0003 (actor edits and roles, issue 15), 0004 (quotations' actors, issue 17) and
    0005 (PostgreSQL's (date, id) index, issue 16) and 0006 (statements' review state, issue 16) form one line: a
    store made at 0001 is brought to 0006 with its users kept (as coders)."""
    from alembic import command
    from alembic.script import ScriptDirectory

    url = f"sqlite:///{tmp_path / 'old.db'}"
    cfg = alembic_config(url)
    assert ScriptDirectory.from_config(cfg).get_heads() == ["0006"]
    command.upgrade(cfg, "0001")
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text("insert into users (name, password_hash, created_at) values ('anna', 'x', '2024-01-01')"))
    engine.dispose()
    with open_store(url) as store:
        with store.engine.connect() as conn:
            assert conn.execute(sa.text("select version_num from alembic_version")).scalar_one() == "0006"
            assert conn.execute(sa.select(t.users.c.role)).scalar_one() == "coder"
            assert conn.execute(sa.select(sa.func.count()).select_from(t.learn_runs)).scalar_one() == 0
            assert conn.execute(sa.select(sa.func.count()).select_from(t.actor_edits)).scalar_one() == 0
    command.downgrade(cfg, "0001")


def test_quotations_store_their_actor_once_per_name_and_idempotently(db_url):
    """Issue 17: every quotation's resolved actor is stored (``quotations.actor_id``), sharing the actor row of
    the statements; re-saving replaces, never doubles; quotations without an actor keep NULL."""
    from standpunkt.store.coding import merge_actors

    a = make_analysis()
    a.quotations[0].actor = Actor(name="Olaf Scholz", role="Bundeskanzler", country="Deutschland")
    a.quotations[1].actor = None
    extra = Quotation(form="Direct", message=[Span(62, 85)], speaker=[Span(49, 55)], speaker_name="Macron",
                      actor=Actor(name="Macron", candidate=True))
    a.quotations.append(extra)
    with open_store(db_url) as store:
        store.save_analysis(a)
        store.save_analysis(a)
        rows = store.quotations(limit=None)
        assert [(r["idx"], r["actor"]) for r in rows] == [(0, "Olaf Scholz"), (1, None), (2, "Macron")]
        assert rows[0]["actor_kind"] == "person" and rows[0]["actor_role"] == "Bundeskanzler"
        assert rows[2]["actor_candidate"] and not rows[0]["actor_candidate"]
        actors = {r["name"]: r for r in store.actors()}
        assert set(actors) == {"Olaf Scholz", "Emmanuel Macron", "Macron"}  # one row per name
        assert (actors["Olaf Scholz"]["statements"], actors["Olaf Scholz"]["quotations"]) == (1, 1)
        assert (actors["Macron"]["statements"], actors["Macron"]["quotations"]) == (0, 1)
        summary = merge_actors(store, actors["Macron"]["id"], actors["Emmanuel Macron"]["id"], "anna")
        assert summary["quotations"] == 1
        assert store.quotations(limit=None)[2]["actor"] == "Emmanuel Macron"
        # re-analysis finds the candidate again: it resolves to the merged actor through its alias
        store.save_analysis(a)
        assert store.quotations(limit=None)[2]["actor"] == "Emmanuel Macron"
        assert store.count_actors() == 2


def test_the_tables_match_the_migrations(db_url):
    """The tables in schema.py are what the migrations build (columns, types, keys, indexes)."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    with open_store(db_url) as store:
        with store.engine.connect() as conn:
            diffs = compare_metadata(MigrationContext.configure(conn), t.metadata)
            if conn.dialect.name == "sqlite":
                # SQLAlchemy does not read ON DELETE from SQLite's column-level REFERENCES, the only way SQLite
                # adds a foreign key to a table in place (migration 0004); SQLite's own catalogue has it:
                fks = conn.exec_driver_sql("PRAGMA foreign_key_list(quotations)").mappings().all()
                assert {(r["from"], r["table"], r["on_delete"]) for r in fks} >= {("actor_id", "actors", "SET NULL")}
                diffs = [d for d in diffs if not (d[0] in ("add_fk", "remove_fk") and d[1].table.name == "quotations"
                                                  and [c.name for c in d[1].columns] == ["actor_id"])]
                # declared for PostgreSQL only (ddl_if, migration 0005), which autogenerate does not read
                assert [d[1].name for d in diffs if d[0] == "add_index"] == ["ix_statements_date_id"]
                diffs = [d for d in diffs if d[0] != "add_index" or d[1].name != "ix_statements_date_id"]
            assert diffs == []


def test_migration_0005_indexes_date_and_id_on_postgresql_only(db_url):
    """A store at 0004 with statements is upgraded to 0005: on PostgreSQL the (date, id) index is built over the
    stored statements and pages in the same order; SQLite gets none (its date index ends with the rowid)."""
    from alembic import command

    cfg = alembic_config(db_url)
    command.upgrade(cfg, "0004")
    engine = sa.create_engine(db_url)
    with engine.begin() as conn:
        conn.execute(sa.text("insert into documents (id, text, ingested_at) values ('d', 'x', '2024-01-01')"))
        conn.execute(sa.text("insert into actors (id, name) values (3, 'Olaf Scholz')"))
        for i, day in enumerate(("2024-03-02", "2024-03-01", None, "2024-03-01")):
            conn.execute(sa.text("insert into statements (id, document_id, actor_id, concept, agreement, date, "
                                 "created_at) values (:i, 'd', 3, 'c', 'oppose', :day, '2024-01-01')"),
                         {"i": 10 - i, "day": day})
    dialect = engine.dialect.name
    engine.dispose()
    with open_store(db_url) as store:
        with store.engine.connect() as conn:
            assert conn.execute(sa.text("select version_num from alembic_version")).scalar_one() == "0006"
            indexes = {ix["name"]: ix["column_names"] for ix in sa.inspect(conn).get_indexes("statements")}
        assert indexes.get("ix_statements_date_id") == (["date", "id"] if dialect == "postgresql" else None)
        assert [r["id"] for r in store.statements()] == [7, 9, 10, 8]  # by date, then id; undated last
        assert [r["id"] for r in store.statements(limit=2, offset=1)] == [9, 10]
    command.downgrade(cfg, "0004")
    engine = sa.create_engine(db_url)
    with engine.connect() as conn:
        assert "ix_statements_date_id" not in {ix["name"] for ix in sa.inspect(conn).get_indexes("statements")}
    engine.dispose()


def _newest_actions(conn) -> dict[int, str | None]:
    """Each statement's newest review action recomputed from the reviews (what ``review_state`` must hold)."""
    r = t.statement_reviews
    newest = (sa.select(r.c.action).where(r.c.statement_id == t.statements.c.id).order_by(r.c.id.desc()).limit(1)
              .scalar_subquery())
    return {i: a for i, a in conn.execute(sa.select(t.statements.c.id, newest))}


def _states(conn) -> dict[int, str | None]:
    return {i: a for i, a in conn.execute(sa.select(t.statements.c.id, t.statements.c.review_state))}


def test_review_state_follows_every_review_write(db_url):
    """``statements.review_state`` (migration 0006) is the newest review's action after every kind of write: reviews
    through the store (accept, edit, reject, in any order), bulk SQL (``fill_synthetic``), a review deleted or changed
    by SQL (an undo), a hand-coded statement deleted with its reviews, actors merged, a document re-analysed; and
    the filters built on it select what the reviews say."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).parent))
    from web_sample import fill_synthetic

    from standpunkt.store.coding import code_statement, delete_statement, merge_actors

    with open_store(db_url) as store:
        fill_synthetic(store, 300, n_actors=5, n_concepts=3, reviewed=0.2)
        store.save_analysis(make_analysis())
        with store.engine.connect() as conn:
            assert _states(conn) == _newest_actions(conn)
            assert sum(v is not None for v in _states(conn).values()) == 60
        ids = [r["id"] for r in store.statements(include_rejected=True)]
        for i, sid in enumerate(ids[:30]):
            for action in (("reject", "accept"), ("edit",), ("accept", "reject"), ("edit", "accept"))[i % 4]:
                store.review_statement(sid, "anna", action, concept="Konzept 09" if action == "edit" else None)
        manual = code_statement(store, store.statements()[0]["document_id"], "anna", actor="Neu", concept="c",
                                agreement="support", evidence=[[0, 5]])
        store.review_statement(manual, "anna", "reject")
        with store.engine.begin() as conn:
            assert _states(conn)[manual] == "reject"
            r = t.statement_reviews
            undone = conn.execute(sa.select(sa.func.max(r.c.id)).where(r.c.statement_id == ids[2])).scalar_one()
            conn.execute(r.delete().where(r.c.id == undone))  # undo the last review ("reject" -> "accept")
            changed = conn.execute(sa.select(sa.func.max(r.c.id)).where(r.c.statement_id == ids[1])).scalar_one()
            conn.execute(r.update().where(r.c.id == changed).values(action="reject"))
            moved = conn.execute(sa.select(sa.func.max(r.c.id)).where(r.c.statement_id == ids[3])).scalar_one()
            conn.execute(r.update().where(r.c.id == moved).values(statement_id=ids[4]))
        delete_statement(store, manual, "anna")
        actors = {a["name"]: a["id"] for a in store.actors()}
        merge_actors(store, actors["Akteur 0002"], actors["Akteur 0001"], "anna")
        store.save_analysis(make_analysis("v2"))
        with store.engine.connect() as conn:
            states, want = _states(conn), _newest_actions(conn)
        assert states == want and manual not in states
        assert (states[ids[2]], states[ids[1]], states[ids[3]]) == ("accept", "reject", "edit")  # undone, changed, moved

        every = store.statements(include_rejected=True)
        rejected = {r["id"] for r in every if r["review_action"] == "reject"}
        assert rejected == {i for i, a in want.items() if a == "reject"} and rejected
        reviewed = {r["id"] for r in every if r["reviewed"]}
        cases = {(): {r["id"] for r in every} - rejected,
                 ("reviewed_only",): reviewed - rejected,
                 ("unreviewed_only",): {r["id"] for r in every} - reviewed - rejected,
                 ("include_rejected",): {r["id"] for r in every},
                 ("reviewed_only", "include_rejected"): reviewed}
        for flags, ids_wanted in cases.items():
            kw = {"include_rejected": False, **{f: True for f in flags}}  # no filter at all: count everything
            assert {r["id"] for r in store.statements(**kw)} == ids_wanted, flags
            assert store.count_statements(**kw) == len(ids_wanted), flags
        for threshold in (0.0, 0.5, 0.95):
            wanted = {r["id"] for r in every if r["id"] not in rejected
                      and (r["reviewed"] or (r["confidence"] is not None and r["confidence"] >= threshold))}
            assert {r["id"] for r in store.statements(min_confidence=threshold)} == wanted
            assert store.count_statements(min_confidence=threshold) == len(wanted)
            page = [r["id"] for r in store.statements(min_confidence=threshold, limit=9, offset=4)]
            assert page == [r["id"] for r in store.statements(min_confidence=threshold)][4:13]


def test_migration_0006_back_fills_the_review_state(db_url):
    """A store at 0005 with reviews is upgraded to 0006: every statement's ``review_state`` is its newest review's
    action (NULL without one), the index is built, the triggers keep it from then on, and filters give what they gave
    before; downgrading drops column, index and triggers."""
    from alembic import command

    cfg = alembic_config(db_url)
    command.upgrade(cfg, "0005")
    engine = sa.create_engine(db_url)
    reviews = {1: ["accept"], 2: ["edit", "reject"], 3: ["reject", "accept"], 4: [], 5: ["reject", "edit", "reject"],
               6: ["edit"]}
    with engine.begin() as conn:
        conn.execute(sa.text("insert into documents (id, text, ingested_at) values ('d', 'x', '2024-01-01')"))
        conn.execute(sa.text("insert into actors (id, name) values (3, 'Olaf Scholz')"))
        for sid in reviews:
            conn.execute(sa.text("insert into statements (id, document_id, actor_id, concept, agreement, date, "
                                 "confidence, origin, created_at) values (:i, 'd', 3, 'c', 'oppose', '2024-03-01', "
                                 ":conf, :origin, '2024-01-01')"),
                         {"i": sid, "conf": sid / 10, "origin": "import" if sid == 4 else "machine"})
        order = (2, 5, 1, 3, 6, 5, 2, 3, 5)  # interleaved: the newest is the highest id, not an insertion block
        for k, sid in enumerate(order):
            conn.execute(sa.text("insert into statement_reviews (statement_id, reviewer, action, created_at) "
                                 "values (:s, 'anna', :a, '2024-01-02')"),
                         {"s": sid, "a": reviews[sid][order[:k].count(sid)]})
    engine.dispose()
    with open_store(db_url) as store:
        with store.engine.begin() as conn:
            assert conn.execute(sa.text("select version_num from alembic_version")).scalar_one() == "0006"
            assert _states(conn) == {1: "accept", 2: "reject", 3: "accept", 4: None, 5: "reject", 6: "edit"}
            indexes = {ix["name"]: ix["column_names"] for ix in sa.inspect(conn).get_indexes("statements")}
            assert indexes["ix_statements_review_state"] == ["review_state", "confidence", "origin"]
        assert [r["id"] for r in store.statements()] == [1, 3, 4, 6]
        assert [r["id"] for r in store.statements(reviewed_only=True)] == [1, 3, 4, 6]
        assert [r["id"] for r in store.statements(min_confidence=0.5)] == [1, 3, 4, 6]
        assert store.count_statements(unreviewed_only=True, include_rejected=True) == 0
        store.review_statement(6, "bob", "reject")  # the triggers keep it from now on
        store.review_statement(2, "bob", "accept")
        assert [r["id"] for r in store.statements()] == [1, 2, 3, 4]
    command.downgrade(cfg, "0005")
    engine = sa.create_engine(db_url)
    with engine.begin() as conn:
        assert "review_state" not in {c["name"] for c in sa.inspect(conn).get_columns("statements")}
        conn.execute(sa.text("insert into statement_reviews (statement_id, reviewer, action, created_at) "
                             "values (1, 'anna', 'reject', '2024-01-03')"))  # no trigger left behind
    engine.dispose()


def test_migration_0004_keeps_the_links_of_stored_statements(tmp_path):
    """Adding ``quotations.actor_id`` must not copy the quotations table on SQLite: dropping it would null every
    statement's ``quotation_id`` (foreign keys are on). Stored quotations get no actor until re-analysed."""
    from alembic import command

    url = f"sqlite:///{tmp_path / 'old.db'}"
    cfg = alembic_config(url)
    command.upgrade(cfg, "0003")
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text("insert into documents (id, text, ingested_at) values ('d', 'x', '2024-01-01')"))
        conn.execute(sa.text("insert into quotations (id, document_id, idx, form, message) "
                             "values (7, 'd', 0, 'Direct', '[[0, 1]]')"))
        conn.execute(sa.text("insert into actors (id, name) values (3, 'Olaf Scholz')"))
        conn.execute(sa.text("insert into statements (document_id, quotation_id, actor_id, concept, agreement, "
                             "created_at) values ('d', 7, 3, 'c', 'oppose', '2024-01-01')"))
    engine.dispose()
    with open_store(url) as store:
        with store.engine.connect() as conn:
            assert conn.execute(sa.text("select version_num from alembic_version")).scalar_one() == "0006"
            assert conn.execute(sa.select(t.statements.c.quotation_id)).scalar_one() == 7
            assert conn.execute(sa.select(t.quotations.c.actor_id)).scalar_one() is None
            conn.execute(t.quotations.update().values(actor_id=3))
            conn.execute(t.statements.delete())
            conn.execute(t.actors.delete())  # ON DELETE SET NULL
            assert conn.execute(sa.select(t.quotations.c.actor_id)).scalar_one() is None
