"""The web's data layer on hand-made rows: matrix cells, timeline gaps, network edges, statement filters."""

from __future__ import annotations

from datetime import date

import pytest

from standpunkt.web.queries import (
    ParameterError,
    StatementFilter,
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
    low = select_statements(store, StatementFilter(review="unreviewed", max_confidence=0.6))
    assert [r["actor"] for r in low] == ["Arvydas Anušauskas"]
    assert select_statements(store, StatementFilter(codebook="other")) == []
    assert len(select_statements(store, StatementFilter(codebook=CODEBOOK, concept=[TROOPS]))) == 5
    doc = store.documents()[0]["id"]
    assert len(select_statements(store, StatementFilter(document=doc[:6]))) == 6
    store.review_statement(low[0]["id"], "x", "accept")
    assert select_statements(store, StatementFilter(review="unreviewed", max_confidence=0.6)) == []
    assert [r["id"] for r in select_statements(store, StatementFilter(review="reviewed"))] == [low[0]["id"]]
    store.close()


def test_filter_params_round_trip() -> None:
    f = StatementFilter(actor=["A", "B"], review="unreviewed", max_confidence=0.5, include_rejected=True)
    assert f.params() == [("actor", "A"), ("actor", "B"), ("review", "unreviewed"), ("max_confidence", "0.5"),
                          ("include_rejected", "1")]
    assert StatementFilter().params() == []
