"""The web's data layer on hand-made rows: matrix cells, timeline gaps, network edges, statement filters."""

from __future__ import annotations

from datetime import date

import pytest

from standpunkt.store.filters import StatementFilter
from standpunkt.web.params import query_params
from standpunkt.web.queries import (
    ParameterError,
    cell_colour,
    edge_statements,
    network,
    select_statements,
    stance_matrix,
    timeline,
)
from web_sample import CODEBOOK, TROOPS, build_store


def row(i: int, actor: str, concept: str, agreement: str, day: date | None = date(2024, 3, 1)) -> dict:
    return {"id": i, "actor": actor, "concept": concept, "agreement": agreement, "date": day}


def test_matrix_counts_score_category_and_order() -> None:
    rows = [row(1, "A", "x", "support"), row(2, "A", "x", "oppose"), row(3, "A", "y", "conditional"),
            row(4, "B", "x", "neutral"), row(5, "A", "y", "conditional")]
    m = stance_matrix(rows)
    assert m.actors == ["A", "B"] and m.n_statements == 5  # most active actor first
    mixed, cond, neutral = m.cells[("A", "x")], m.cells[("A", "y")], m.cells[("B", "x")]
    assert (mixed.counts, mixed.n, mixed.score, mixed.category) == ({"support": 1, "oppose": 1}, 2, 0.0, "mixed")
    assert (cond.n, cond.score, cond.category) == (2, 0.5, "conditional")
    assert neutral.category == "neutral" and cell_colour(neutral) == "hsl(0, 0%, 85%)"
    assert ("B", "y") not in m.cells
    assert cell_colour(m.cells[("A", "y")]) == "hsl(90, 65%, 78%)"
    assert stance_matrix([]).cells == {}


def test_timeline_shows_empty_periods_and_skips_undated() -> None:
    rows = [row(1, "A", "x", "support", date(2024, 1, 5)), row(2, "A", "x", "oppose", date(2024, 4, 5)),
            row(3, "B", "x", "oppose", date(2024, 4, 30)), row(4, "B", "x", "oppose", None)]
    months = timeline(rows, "month")
    assert [p["period"] for p in months] == ["2024-01", "2024-02", "2024-03", "2024-04"]
    assert [p["n"] for p in months] == [1, 0, 0, 2] and months[-1]["oppose"] == 2
    assert timeline(rows, "quarter")[0]["period"] == "2024-Q1"
    assert timeline([row(1, "A", "x", "support", None)], "month") == []
    with pytest.raises(ParameterError, match="time unit"):
        timeline(rows, "decade")


def test_network_edges_and_their_statements() -> None:
    rows = [row(1, "A", "x", "support"), row(2, "B", "x", "support"), row(3, "C", "x", "oppose"),
            row(4, "C", "y", "support"), row(5, "A", "y", "neutral")]
    net = network(rows)
    edges = {(e["source"], e["target"], e["type"]): e["weight"] for e in net["edges"]}
    assert edges == {("a:A", "a:B", "congruence"): 1.0, ("a:A", "a:C", "conflict"): 1.0,
                     ("a:B", "a:C", "conflict"): 1.0}  # A's neutral statement on y takes no side
    two = network(rows, "two-mode")
    assert {n["id"] for n in two["nodes"]} == {"a:A", "a:B", "a:C", "c:x", "c:y"}
    assert len(two["edges"]) == 5
    assert [r["id"] for r in edge_statements(rows, "a:A", "a:C")] == [1, 3, 4, 5]
    assert [r["id"] for r in edge_statements(rows, "a:C", "c:y")] == [4]
    with pytest.raises(ParameterError):
        edge_statements(rows, "c:x", "c:y")
    with pytest.raises(ParameterError):
        network(rows, "three-mode")


def test_statement_filters(tmp_path) -> None:
    store = build_store(f"sqlite:///{tmp_path / 'q.db'}")
    every = select_statements(store, StatementFilter())
    assert len(every) == 6
    low = select_statements(store, StatementFilter(unreviewed_only=True, max_confidence=0.6))
    assert [r["actor"] for r in low] == ["Arvydas Anušauskas"]
    assert select_statements(store, StatementFilter(codebook="other")) == []
    assert len(select_statements(store, StatementFilter(codebook=CODEBOOK, concepts=[TROOPS]))) == 5
    doc = store.documents()[0]["id"]
    assert len(select_statements(store, StatementFilter(document_id=doc[:6]))) == 6
    store.review_statement(low[0]["id"], "x", "accept")
    assert select_statements(store, StatementFilter(unreviewed_only=True, max_confidence=0.6)) == []
    assert [r["id"] for r in select_statements(store, StatementFilter(reviewed_only=True))] == [low[0]["id"]]
    store.close()


def test_filter_params_round_trip() -> None:
    f = StatementFilter(actors=["A", "B"], unreviewed_only=True, max_confidence=0.5, include_rejected=True)
    assert query_params(f) == [("actor", "A"), ("actor", "B"), ("review", "unreviewed"), ("max_confidence", "0.5"),
                          ("include_rejected", "1")]
    assert query_params(StatementFilter()) == []


def test_sql_filters_counts_and_groups_agree_with_the_rows(tmp_path) -> None:
    """Over a store with accepts, edits and rejects: each filter's count, page and GROUP BY agree with the full
    row list filtered the slow way (effective values after the newest edit)."""
    from collections import Counter

    from standpunkt.store import Store
    from web_sample import fill_synthetic

    store = Store(f"sqlite:///{tmp_path / 'syn.db'}")
    fill_synthetic(store, 3000, n_actors=20, n_concepts=5, reviewed=0.2)
    everything = store.statements(include_rejected=True)
    for kw in ({"include_rejected": False}, {"actors": ["Akteur 0003"]}, {"concepts": ["Konzept 02"]}, {"reviewed_only": True},
               {"unreviewed_only": True}, {"min_confidence": 0.5}, {"max_confidence": 0.3},
               {"outlets": ["taz"], "include_rejected": True}, {"codebook": "other"}):
        rows = store.statements(**kw)
        expected = [r for r in everything
                    if (kw.get("include_rejected") or r["review_action"] != "reject")
                    and (not kw.get("actors") or r["actor"] in kw["actors"])
                    and (not kw.get("concepts") or r["concept"] in kw["concepts"])
                    and (not kw.get("reviewed_only") or r["reviewed"])
                    and (not kw.get("unreviewed_only") or not r["reviewed"])
                    and (kw.get("min_confidence") is None or r["reviewed"] or r["confidence"] >= kw["min_confidence"])
                    and (kw.get("max_confidence") is None or r["confidence"] <= kw["max_confidence"])
                    and (not kw.get("outlets") or r["outlet"] in kw["outlets"])
                    and (not kw.get("codebook") or r["codebook"] == kw["codebook"])]
        assert [r["id"] for r in rows] == [r["id"] for r in expected], kw
        assert store.count_statements(**kw) == len(expected), kw
        assert [r["id"] for r in store.statements(limit=7, offset=11, **kw)] == [r["id"] for r in expected[11:18]]
        groups = Counter({g[:-1]: g[-1] for g in store.statement_groups(("actor", "concept", "agreement"), **kw)})
        assert groups == Counter((r["actor"], r["concept"], r["agreement"]) for r in expected), kw
        days = store.statement_groups(("date", "undated_published", "agreement"), **kw)
        assert Counter({g[:-1]: g[-1] for g in days}) == Counter((r["date"], None, r["agreement"]) for r in expected)
    edited = next(r for r in everything if r["review_action"] == "edit" and r["machine_concept"] != r["concept"])
    assert edited["id"] in {r["id"] for r in store.statements(concepts=[edited["concept"]])}
    assert edited["id"] not in {r["id"] for r in store.statements(concepts=[edited["machine_concept"]])}
    from standpunkt.store import schema as t

    with store.transaction() as conn:  # an undated statement is counted on its document's day
        conn.execute(t.statements.update().where(t.statements.c.id == everything[0]["id"]).values(date=None))
    days = store.statement_groups(("date", "undated_published"), statement_ids=[everything[0]["id"]])
    assert days[0][0] is None and days[0][1].date() == everything[0]["published"].date()
    exported = list(store.iter_statements(batch=500))
    assert [r["id"] for r in exported] == [r["id"] for r in store.statements()]
    store.close()


def test_aggregates_follow_a_review_at_once(tmp_path) -> None:
    from standpunkt.web.queries import matrix_of

    store = build_store(f"sqlite:///{tmp_path / 'rv.db'}")
    f = StatementFilter(actors=["Olaf Scholz"])
    before = matrix_of(store, f)
    sid = select_statements(store, f)[0]["id"]
    store.review_statement(sid, "tester", "reject")
    after = matrix_of(store, f)
    assert after.n_statements == before.n_statements - 1
    store.close()


def test_page_memory_does_not_grow_with_the_table(tmp_path) -> None:
    import tracemalloc

    from fastapi.testclient import TestClient

    from standpunkt.store import Store
    from standpunkt.web import create_app
    from web_sample import fill_synthetic

    store = Store(f"sqlite:///{tmp_path / 'big.db'}")
    fill_synthetic(store, 20_000)
    with TestClient(create_app(store=store)) as client:
        client.get("/api/statements?limit=20")
        tracemalloc.start()
        for url in ("/api/statements?limit=20&offset=19000", "/api/statements?limit=20&actor=Akteur%200007",
                    "/api/matrix?top=50", "/api/timeline", "/api/network?top=20"):
            assert client.get(url).status_code == 200, url
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert peak < 20 * 2**20  # loading the 20,000 rows as the old code did took well over 100 MB
    store.close()


def test_cursor_pages_walk_the_same_rows_as_offsets(db_url) -> None:
    """/api/statements pages on by keyset cursor (``after``): every statement once, in the offset order, with
    undated and rejected statements and under a filter; a bad cursor is a 400. SQLite and PostgreSQL."""
    import sqlalchemy as sa
    from fastapi.testclient import TestClient

    from standpunkt.store import Store
    from standpunkt.store import schema as t
    from standpunkt.web import create_app
    from web_sample import fill_synthetic

    store = Store(db_url)
    fill_synthetic(store, 600, n_actors=10, n_concepts=4, reviewed=0.2)
    with store.transaction() as conn:  # some undated statements: they come last
        conn.execute(t.statements.update().where(t.statements.c.id % 17 == 0).values(date=None))
        conn.execute(t.statements.update().where(t.statements.c.id.in_([40, 41, 42])).values(date=sa.null()))
    with TestClient(create_app(store=store)) as client:
        for query in ("limit=50", "limit=37&concept=Konzept%2002", "limit=40&include_rejected=1&review=reviewed"):
            expected = [r["id"] for r in client.get(f"/api/statements?{query}&limit=1000").json()["items"]]
            seen, url, pages = [], f"/api/statements?{query}", 0
            while url:
                body = client.get(url).json()
                seen += [r["id"] for r in body["items"]]
                url, pages = body["next"], pages + 1
                assert url is None or ("after=" in url and "offset" not in url)
            assert seen == expected and body["total"] == len(expected), query
            assert pages == -(-len(expected) // int(query.split("&")[0][6:]))  # no empty last page
        mid = client.get("/api/statements?limit=5&offset=100").json()["items"]
        cursor = f"{mid[0]['date'] or ''}~{mid[0]['id']}"
        assert [r["id"] for r in client.get(f"/api/statements?limit=4&after={cursor}").json()["items"]] == \
            [r["id"] for r in mid[1:]]
        for bad in ("x", "2024-13-01~5", "2024-01-01~", "~1e9"):
            r = client.get(f"/api/statements?after={bad}")
            assert r.status_code == 400 and "after" in r.json()["error"]["message"], bad
        assert client.get(f"/api/statements?after={cursor}&order=uncertainty").status_code == 400
    store.close()


def test_deep_offsets_start_from_checkpoints_and_match_plain_offsets(db_url, monkeypatch) -> None:
    """An offset past CHECKPOINT_ROWS starts by keyset from a cached checkpoint, and a first page of a large share of
    the store walks the date index: the same rows as OFFSET in SQL, under filters, with rejected statements, with
    and without undated ones (whose presence changes the order's keys). SQLite and PostgreSQL."""
    import sqlalchemy as sa

    from standpunkt.store import Store
    from standpunkt.store import schema as t
    from standpunkt.web import queries
    from standpunkt.store.filters import StatementFilter
    from standpunkt.web.queries import select_statements, store_filter
    from web_sample import fill_synthetic

    monkeypatch.setattr(queries, "CHECKPOINT_ROWS", 7)
    store = Store(db_url)
    fill_synthetic(store, 400, n_actors=8, n_concepts=3, reviewed=0.2)
    walked = []
    rows = store._statement_rows

    def spy(**kw):  # noqa: ANN003, ANN202
        walked.append(kw["in_date_order"] and not store._has_undated(store._statement_order()))
        return rows(**kw)

    monkeypatch.setattr(store, "_statement_rows", spy)
    for undated in (False, True):
        if undated:
            with store.transaction() as conn:
                conn.execute(t.statements.update().where(t.statements.c.id % 13 == 0).values(date=sa.null()))
        for f in (StatementFilter(), StatementFilter(concepts=["Konzept 01"]), StatementFilter(reviewed_only=True),
                  StatementFilter(include_rejected=True), StatementFilter(outlets=["taz"], min_confidence=0.2)):
            kw = store_filter(store, f)
            n = store.count_statements(kw)
            for offset in (0, 6, 7, 8, 13, 14, 50, n - 3, n - 1, n, n + 5):
                got = [r["id"] for r in select_statements(store, f, limit=5, offset=offset)]
                assert got == [r["id"] for r in store.statements(kw, limit=5, offset=offset)], (f, offset)
        assert (True in walked) is not undated and False in walked  # large selections' first pages, when dated
        walked.clear()
    store.close()


def test_costly_aggregates_are_kept_longer(tmp_path, monkeypatch) -> None:
    """An aggregate is kept COST_TTL_FACTOR times what it took to compute (at least CACHE_TTL_S), so refreshing a
    slow one (the matrix of 1M statements: ~4 s) cannot take most of a core."""
    import time

    from standpunkt.store import Store
    from standpunkt.web import queries

    store = Store(f"sqlite:///{tmp_path / 'ttl.db'}")
    monkeypatch.setattr(queries, "CACHE_TTL_S", 0.0)
    calls = []

    def slow() -> int:
        calls.append(1)
        time.sleep(0.05)
        return len(calls)

    assert queries.cached(store, ("slow",), slow) == 1
    time.sleep(0.1)
    assert queries.cached(store, ("slow",), slow) == 1  # kept ~20 x 0.05 s = 1 s
    monkeypatch.setattr(queries, "COST_TTL_FACTOR", 0.0)
    assert queries.cached(store, ("quick",), slow) == 2
    assert queries.cached(store, ("quick",), slow) == 3  # expired at once: recomputed
    store.close()


def test_expired_aggregates_are_refreshed_in_the_background(tmp_path, monkeypatch) -> None:
    """Stale-while-revalidate: a request that finds a value expired gets the stale value at once while one
    background thread recomputes it (never two for one key); a value past twice its lifetime, a new key and a write
    through the store are computed by the request itself."""
    import threading
    import time

    from standpunkt.store import Store
    from standpunkt.web import queries

    store = Store(f"sqlite:///{tmp_path / 'swr.db'}")
    monkeypatch.setattr(queries, "COST_TTL_FACTOR", 0.0)
    monkeypatch.setattr(queries, "CACHE_TTL_S", 0.3)
    calls, gate = [], threading.Event()

    def compute() -> int:
        calls.append(threading.current_thread().name)
        if len(calls) > 1:
            gate.wait(5)
        return len(calls)

    assert queries.cached(store, ("swr",), compute) == 1 and len(calls) == 1  # the first computation: waited for
    time.sleep(0.35)  # expired, within one more lifetime: stale
    started = time.monotonic()
    assert [queries.cached(store, ("swr",), compute) for _ in range(5)] == [1] * 5  # none waits for the refresh
    assert time.monotonic() - started < 0.2
    time.sleep(0.05)
    assert len(calls) == 2 and calls[1].startswith("standpunkt-refresh")  # one refresh, in the background
    gate.set()
    deadline = time.monotonic() + 5
    while queries.cached(store, ("swr",), compute) != 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert queries.cached(store, ("swr",), compute) == 2 and len(calls) == 2
    time.sleep(0.65)  # past two lifetimes: too old to serve, the request computes
    assert queries.cached(store, ("swr",), compute) == 3 and calls[2] == threading.current_thread().name
    store.generation += 1  # a write through the store: computed anew at once
    assert queries.cached(store, ("swr",), compute) == 4

    def broken() -> int:
        raise RuntimeError("database gone")

    time.sleep(0.35)
    assert queries.cached(store, ("swr",), broken) == 4  # a failed refresh keeps the stale value
    deadline = time.monotonic() + 5  # the failed refresh thread ends and clears its flag (not within 50 ms on a busy machine)
    while queries._refreshing and time.monotonic() < deadline:
        time.sleep(0.01)
    assert not queries._refreshing
    store.close()
