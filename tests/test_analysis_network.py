"""Network values against small hand-computed cases, one per option (DNA semantics, docs/analysis.md)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from standpunkt.analysis.frame import AnalysisError, aggregate_actors, statement_frame
from standpunkt.store.filters import StatementFilter
from standpunkt.analysis.network import drop_duplicates, network, one_mode, two_mode


def frame(*rows, **defaults):
    """Rows as (actor, concept, agreement[, date[, document_id]])."""
    out = []
    for i, r in enumerate(rows, start=1):
        d = {"id": i, "actor": r[0], "concept": r[1], "agreement": r[2],
             "date": r[3] if len(r) > 3 else "2011-03-01", "document_id": r[4] if len(r) > 4 else None}
        d.update(defaults)
        out.append(d)
    return statement_frame(out)


def cell(net, a, b):
    return float(net.matrix.loc[a, b])


# ------------------------------------------------------------------------------------------------ two-mode
@pytest.fixture
def tm():
    return frame(("A", "c1", "support"), ("A", "c1", "support"), ("A", "c1", "oppose"), ("A", "c2", "oppose"),
                 ("B", "c1", "support"), ("B", "c2", "neutral"))


def test_two_mode_ignore_counts_every_statement_including_neutral(tm):
    net = two_mode(tm, qualifier_aggregation="ignore")
    assert net.matrix.loc[["A", "B"], ["c1", "c2"]].to_numpy().tolist() == [[3, 1], [1, 1]]


def test_two_mode_subtract_is_agree_minus_disagree(tm):
    net = two_mode(tm, qualifier_aggregation="subtract")
    assert net.matrix.loc[["A", "B"], ["c1", "c2"]].to_numpy().tolist() == [[1, -1], [1, 0]]


def test_two_mode_subtract_integer_sums_qualifiers(tm):
    # integer scale: support 2, oppose -2, neutral 0
    net = two_mode(tm, qualifier_aggregation="subtract", scheme="integer")
    assert net.matrix.loc[["A", "B"], ["c1", "c2"]].to_numpy().tolist() == [[2, -2], [2, 0]]


def test_two_mode_combine_codes(tm):
    net = two_mode(tm, qualifier_aggregation="combine")
    # A/c1 both (3), A/c2 only disagree (2), B/c1 only agree (1), B/c2 neutral only (0)
    assert net.matrix.loc[["A", "B"], ["c1", "c2"]].to_numpy().tolist() == [[3, 2], [1, 0]]
    with pytest.raises(AnalysisError, match="cannot be normalised"):
        two_mode(tm, qualifier_aggregation="combine", normalization="activity")


def test_two_mode_activity_and_prominence(tm):
    act = two_mode(tm, normalization="activity")
    assert act.matrix.loc["A"].tolist() == [0.75, 0.25] and act.matrix.loc["B"].tolist() == [0.5, 0.5]
    prom = two_mode(tm, normalization="prominence")
    assert prom.matrix["c1"].tolist() == [0.75, 0.25] and prom.matrix["c2"].tolist() == [0.5, 0.5]


# ------------------------------------------------------------------------------------------------ one-mode
@pytest.fixture
def om():
    # A: c1 +, c1 +, c2 -   B: c1 +, c2 +   C: c2 -, c1 -
    return frame(("A", "c1", "support"), ("A", "c1", "support"), ("A", "c2", "oppose"),
                 ("B", "c1", "support"), ("B", "c2", "support"), ("C", "c2", "oppose"), ("C", "c1", "oppose"))


def test_congruence_conflict_subtract_counts(om):
    cong = one_mode(om, type="congruence")
    assert (cell(cong, "A", "B"), cell(cong, "A", "C"), cell(cong, "B", "C")) == (2, 1, 0)
    conf = one_mode(om, type="conflict")
    assert (cell(conf, "A", "B"), cell(conf, "A", "C"), cell(conf, "B", "C")) == (1, 2, 2)
    sub = one_mode(om, type="subtract")
    assert (cell(sub, "A", "B"), cell(sub, "A", "C"), cell(sub, "B", "C")) == (1, -1, -2)
    for net in (cong, conf, sub):
        assert np.all(np.diag(net.matrix.to_numpy()) == 0)
        assert np.allclose(net.matrix.to_numpy(), net.matrix.to_numpy().T)


def test_average_normalisation(om):
    net = one_mode(om, type="congruence", normalization="average")
    # activities A 3, B 2, C 2
    assert cell(net, "A", "B") == pytest.approx(2 / 2.5) and cell(net, "A", "C") == pytest.approx(1 / 2.5)


def test_cosine_is_the_textbook_cosine(om):
    net = one_mode(om, type="congruence", normalization="cosine")
    # ‖A‖² = 2² + 1² = 5, ‖B‖² = 2, ‖C‖² = 2
    assert cell(net, "A", "B") == pytest.approx(2 / math.sqrt(10))
    assert cell(net, "A", "C") == pytest.approx(1 / math.sqrt(10))
    # the same as the cosine of the concatenated concept × qualifier vectors
    vec = {"A": [2, 0, 0, 1], "B": [1, 1, 0, 0], "C": [0, 0, 1, 1]}  # c1+, c2+, c1-, c2-
    a, b = np.array(vec["A"]), np.array(vec["B"])
    assert cell(net, "A", "B") == pytest.approx(a @ b / np.linalg.norm(a) / np.linalg.norm(b))
    conflict = one_mode(om, type="conflict", normalization="cosine")
    assert cell(conflict, "B", "C") == pytest.approx(2 / 2)


def test_jaccard_generalises_set_jaccard(om):
    net = one_mode(om, type="congruence", normalization="jaccard")
    assert cell(net, "A", "B") == pytest.approx(2 / (5 + 2 - 2))
    # with duplicates dropped over the whole range the vectors are 0/1 and this is |shared| / |union|:
    # A {c1+, c2-}, B {c1+, c2+} -> 1 / 3
    binary = network(om, type="congruence", normalization="jaccard", duplicates="range")
    assert cell(binary, "A", "B") == pytest.approx(1 / 3)
    assert cell(binary, "A", "C") == pytest.approx(1 / 3)


def test_integer_qualifiers_weigh_by_distance():
    f = frame(("A", "c1", "support"), ("B", "c1", "conditional"), ("C", "c1", "oppose"), ("D", "c1", "neutral"))
    cong = one_mode(f, type="congruence", scheme="integer")
    # 1 - |q1 - q2| / 4 with support 2, conditional 1, neutral 0, oppose -2
    assert cell(cong, "A", "B") == 0.75 and cell(cong, "A", "C") == 0 and cell(cong, "A", "D") == 0.5
    assert cell(cong, "B", "C") == 0.25 and cell(cong, "B", "D") == 0.75 and cell(cong, "C", "D") == 0.5
    conf = one_mode(f, type="conflict", scheme="integer")
    assert cell(conf, "A", "B") == 0.25 and cell(conf, "A", "C") == 1.0
    cos = one_mode(f, type="congruence", scheme="integer", normalization="cosine")
    assert cell(cos, "A", "B") == pytest.approx(0.75)  # single statements: self-similarity 1
    # boolean: conditional agrees with support, neutral takes no side
    boolean = one_mode(f, type="congruence")
    assert cell(boolean, "A", "B") == 1 and cell(boolean, "A", "D") == 0 and cell(boolean, "C", "D") == 0


def test_integer_cosine_stays_bounded():
    f = frame(("A", "c1", "support"), ("A", "c1", "conditional"), ("B", "c1", "support"),
              ("B", "c1", "conditional"))
    assert cell(one_mode(f, type="congruence", scheme="integer", normalization="cosine"), "A", "B") == \
        pytest.approx(1.0)


def test_cooccurrence_ignores_qualifiers(om):
    net = one_mode(om, type="cooccurrence")
    # A (c1 2, c2 1) · C (c1 1, c2 1) = 3
    assert cell(net, "A", "C") == 3


def test_concept_mode():
    f = frame(("A", "c1", "support"), ("A", "c2", "support"), ("B", "c1", "support"), ("B", "c2", "oppose"))
    assert cell(one_mode(f, type="congruence", mode="concept"), "c1", "c2") == 1
    assert cell(one_mode(f, type="conflict", mode="concept"), "c1", "c2") == 1


def test_unknown_options_are_clear_errors(om):
    with pytest.raises(AnalysisError, match="normalisation"):
        network(om, type="congruence", normalization="activity")
    with pytest.raises(AnalysisError, match="unknown network type"):
        network(om, type="affiliation")
    with pytest.raises(AnalysisError, match="duplicate rule"):
        network(om, duplicates="fortnight")


# ------------------------------------------------------------------------------------------------ duplicates
@pytest.fixture
def dup():
    return frame(
        ("X", "c1", "support", "2011-03-01", "d1"),
        ("X", "c1", "support", "2011-03-01", "d1"),  # same document
        ("X", "c1", "support", "2011-03-15", "d2"),  # ISO week 11 of 2011
        ("X", "c1", "support", "2012-03-13", "d3"),  # ISO week 11 of 2012, March again but another year
        ("X", "c1", "support", "2010-12-30", "d4"),  # ISO week 52 of 2010 ...
        ("X", "c1", "support", "2011-01-01", "d5"),  # ... and so is 1 Jan 2011 (ISO week-year 2010)
        ("X", "c1", "oppose", "2011-03-01", "d1"),  # other qualifier: never a duplicate
        ("Y", "c1", "support", "2011-03-01", "d1"),  # other actor: never a duplicate
    )


@pytest.mark.parametrize("rule, expected", [
    ("none", 8),
    ("document", 7),
    # weeks: 2011-w09 (3 X+ -> 1), 2011-w11, 2012-w11, 2010-w52 (2 -> 1); plus X- and Y+
    ("week", 6),
    # months: 2011-03 (X+ -> 1), 2012-03, 2010-12, 2011-01; plus X- and Y+
    ("month", 6),
    # years: 2011 (X+ -> 1), 2012, 2010; plus X- and Y+
    ("year", 5),
    ("range", 3),
])
def test_duplicates_are_year_aware(dup, rule, expected):
    assert len(drop_duplicates(dup, rule)) == expected


def test_duplicates_keep_the_earliest(dup):
    kept = drop_duplicates(dup, "range")
    x = kept[(kept["actor"] == "X") & (kept["agreement"] == "support")]
    assert x["date"].iloc[0] == pd.Timestamp("2010-12-30")


def test_duplicates_change_network_weights(dup):
    assert cell(network(dup, type="twomode"), "X", "c1") == 7
    assert cell(network(dup, type="twomode", duplicates="month"), "X", "c1") == 5


# ------------------------------------------------------------------------------------------------ aggregation, filters
def test_aggregation_to_parties_keeps_unaffiliated_names():
    f = statement_frame([
        {"id": 1, "actor": "Merkel", "party": "CDU", "concept": "c", "agreement": "support", "date": "2011-01-01"},
        {"id": 2, "actor": "Röttgen", "party": "CDU", "concept": "c", "agreement": "support", "date": "2011-01-02"},
        {"id": 3, "actor": "Trittin", "party": "Grüne", "concept": "c", "agreement": "support", "date": "2011-01-02"},
        {"id": 4, "actor": "Greenpeace", "concept": "c", "agreement": "oppose", "date": "2011-01-03"},
    ])
    agg = aggregate_actors(f, "party")
    assert sorted(agg["actor"].unique()) == ["CDU", "Greenpeace", "Grüne"]
    assert list(agg["speaker"]) == ["Merkel", "Röttgen", "Trittin", "Greenpeace"]
    net = network(f, type="congruence", aggregate="party")
    assert cell(net, "CDU", "Grüne") == 2 and cell(net, "CDU", "Greenpeace") == 0
    assert cell(network(f, type="congruence", aggregate="party", duplicates="range"), "CDU", "Grüne") == 1
    assert len(aggregate_actors(f, "party", drop_unaffiliated=True)) == 3


def test_in_memory_filters():
    f = statement_frame([
        {"id": 1, "actor": "A", "concept": "c", "agreement": "support", "date": "2011-01-01", "confidence": 0.4,
         "form": "Direct", "outlet": "taz"},
        {"id": 2, "actor": "B", "concept": "d", "agreement": "oppose", "date": "2011-02-01", "confidence": 0.9,
         "form": "Indirect", "outlet": "FAZ", "reviewed": True},
        {"id": 3, "actor": "C", "concept": "c", "agreement": "oppose", "date": "2011-03-01", "confidence": 0.2,
         "form": "Direct", "outlet": "taz", "reviewed": True},
    ])
    from datetime import date

    assert list(StatementFilter(date_from=date(2011, 1, 15)).apply(f)["id"]) == [2, 3]
    assert list(StatementFilter(date_to=date(2011, 2, 1)).apply(f)["id"]) == [1, 2]
    assert list(StatementFilter(actors=["A", "C"]).apply(f)["id"]) == [1, 3]
    assert list(StatementFilter(concepts=["d"]).apply(f)["id"]) == [2]
    assert list(StatementFilter(outlets=["taz"]).apply(f)["id"]) == [1, 3]
    assert list(StatementFilter(forms=["Indirect"]).apply(f)["id"]) == [2]
    assert list(StatementFilter(min_confidence=0.5).apply(f)["id"]) == [2, 3]  # reviewed pass
    assert list(StatementFilter(reviewed_only=True).apply(f)["id"]) == [2, 3]


def test_frame_rejects_bad_agreement():
    with pytest.raises(AnalysisError, match="agreement"):
        statement_frame([{"actor": "A", "concept": "c", "agreement": "maybe"}])


def test_edges_and_networkx(om):
    net = one_mode(om, type="subtract")
    edges = net.edges()
    assert len(edges) == 3 and set(edges["weight"]) == {1.0, -1.0, -2.0}
    g = net.to_networkx()
    assert g["B"]["C"]["weight"] == -2 and g.nodes["A"]["statements"] == 3


def test_sparse_path_equals_dense(om, monkeypatch):
    """Large actor × concept matrices stay sparse; the results must not depend on that choice."""
    import standpunkt.analysis.network as nw

    kinds = [dict(type="congruence", normalization="cosine"), dict(type="subtract", normalization="jaccard"),
             dict(type="conflict", normalization="average", scheme="integer"), dict(type="cooccurrence"),
             dict(type="twomode", qualifier_aggregation="combine"), dict(type="twomode", normalization="activity")]
    dense = [network(om, **k).matrix for k in kinds]
    monkeypatch.setattr(nw, "DENSE_CELL_LIMIT", 0)
    for k, d in zip(kinds, dense):
        pd.testing.assert_frame_equal(network(om, **k).matrix, d)


def test_two_mode_networkx_keeps_same_named_actor_and_concept_apart():
    f = frame(("Atomkraft", "Atomkraft", "oppose"), ("Atomkraft", "Ausstieg", "support"))
    g = network(f, type="twomode").to_networkx()
    assert g.number_of_nodes() == 3 and g.has_edge("Atomkraft", "Atomkraft (concept)")
    assert g.nodes["Atomkraft (concept)"]["bipartite"] == 1 and g.nodes["Atomkraft (concept)"]["label"] == "Atomkraft"


@pytest.mark.parametrize("level, expected", [
    ("organisation", {"Bundesregierung", "Greenpeace"}),
    ("country", {"Deutschland", "Frankreich"}),
    ("person", {"Merkel", "Röttgen", "Sarkozy", "Greenpeace"}),
])
def test_aggregation_levels(level, expected):
    f = statement_frame([
        {"id": 1, "actor": "Merkel", "organisation": "Bundesregierung", "country": "Deutschland", "concept": "c",
         "agreement": "support"},
        {"id": 2, "actor": "Röttgen", "organisation": "Bundesregierung", "country": "Deutschland", "concept": "c",
         "agreement": "oppose"},
        {"id": 3, "actor": "Sarkozy", "organisation": "", "country": "Frankreich", "concept": "c",
         "agreement": "support"},
        {"id": 4, "actor": "Greenpeace", "actor_kind": "organisation", "concept": "c", "agreement": "support"},
    ])
    net = network(f, type="twomode", qualifier_aggregation="combine", aggregate=level)
    labels = set(net.matrix.index)
    if level == "organisation":
        assert labels == expected | {"Sarkozy"}  # an empty affiliation counts as none
        assert cell(net, "Bundesregierung", "c") == 3  # agreement and disagreement within the government
    elif level == "country":
        assert labels == expected | {"Greenpeace"}
        assert net.row_nodes.loc["Deutschland", "actor_kind"] == "country"
    else:
        assert labels == expected
