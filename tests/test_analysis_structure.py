"""Polarization, backbone, clusters, phases and scaling on constructed networks with a planted answer."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest
from scipy.stats import spearmanr
from sklearn.metrics import adjusted_rand_score

from standpunkt.analysis import polarization as pol
from standpunkt.analysis.backbone import _Terms, backbone, normalise, spectral_distance
from standpunkt.analysis.clusters import actor_clusters, phases, window_distance
from standpunkt.analysis.frame import AnalysisError, statement_frame
from standpunkt.analysis.network import network, prepare
from standpunkt.analysis.scaling import scale_actors
from standpunkt.analysis.time import moving_windows


def frame(rows):
    """rows: (actor, concept, agreement[, date])."""
    return statement_frame([{"id": i, "actor": r[0], "concept": r[1], "agreement": r[2],
                             "date": r[3] if len(r) > 3 else "2011-03-01"} for i, r in enumerate(rows, start=1)])


def camps_debate(sizes=(9, 7), concepts=8, per_actor=6, noise=0.0, seed=1, date="2011-03-01", prefix=("x", "y")):
    """Two camps: camp 0 supports the first half of the concepts and opposes the second half; camp 1 the reverse."""
    rng = np.random.default_rng(seed)
    rows = []
    for camp, n in enumerate(sizes):
        for i in range(n):
            for c in rng.choice(concepts, size=per_actor, replace=False):
                side = (c < concepts // 2) == (camp == 0)
                if rng.random() < noise:
                    side = not side
                rows.append((f"{prefix[camp]}{i}", f"c{c}", "support" if side else "oppose", date))
    return rows


# ------------------------------------------------------------------------------------------------ polarization
def _q_by_definition(c, d, groups):
    """Signed modularity straight from its definition (Gómez, Jensen & Arenas 2009), loop by loop."""
    n = len(groups)
    total = c.sum() + d.sum()
    q = 0.0
    for m, sign in ((c, 1.0), (d, -1.0)):
        two_w, deg = m.sum(), m.sum(axis=1)
        if two_w == 0:
            continue
        for i in range(n):
            for j in range(n):
                if groups[i] == groups[j]:
                    q += sign * (m[i, j] - deg[i] * deg[j] / two_w)
    return q / total


@pytest.mark.parametrize("sizes", [(9, 7), (6, 5)])  # 16 actors: local search; 11: exact enumeration
def test_polarization_recovers_two_planted_camps(sizes):
    f = frame(camps_debate(sizes=sizes, noise=0.05))
    split = pol.polarization(f)
    assert split.exact == (sum(sizes) <= pol.EXACT_LIMIT)
    x = set(split.camps.index[split.camps == split.camps["x0"]])
    assert x == {f"x{i}" for i in range(sizes[0])}
    assert split.score > 0.3 and split.conflict_between > 0.9 and split.congruence_within > 0.9


def test_polarization_score_is_the_definition_and_the_best_split():
    rng = np.random.default_rng(7)
    rows = [(f"a{rng.integers(9)}", f"c{rng.integers(5)}", rng.choice(["support", "oppose"])) for _ in range(80)]
    f = frame(rows)
    c = network(f, type="congruence").matrix
    d = network(f, type="conflict").matrix.reindex_like(c)
    split = pol.split_network(c, d)
    actors = list(c.index)
    groups = [0 if split.camps[a] == "A" else 1 for a in actors]
    assert split.score == pytest.approx(_q_by_definition(c.to_numpy(), d.to_numpy(), groups))
    best = max(_q_by_definition(c.to_numpy(), d.to_numpy(), (0,) + g)
               for g in itertools.product((0, 1), repeat=len(actors) - 1))
    assert split.score == pytest.approx(best)


def test_local_search_matches_exact_on_mid_sized_networks(monkeypatch):
    f = frame(camps_debate(sizes=(7, 7), noise=0.2, seed=3))
    exact = pol.polarization(f)
    monkeypatch.setattr(pol, "EXACT_LIMIT", 2)
    searched = pol.polarization(f)
    assert exact.exact and not searched.exact
    assert searched.score == pytest.approx(exact.score)


def test_consensus_is_not_polarized():
    rows = [(f"a{i}", f"c{c}", "support") for i in range(12) for c in range(4)]
    rows += [(f"a{i}", "c9", "support") for i in range(0, 12, 3)]
    split = pol.polarization(frame(rows))
    planted = pol.polarization(frame(camps_debate(sizes=(6, 6))))
    assert split.score < 0.05 < 0.3 < planted.score


def test_polarization_over_time_names_camps_consistently_and_follows_a_defector():
    march = camps_debate(sizes=(6, 6), seed=2, date="2011-03-02")
    april = [(("y5" if a == "x0" else "x0") if a in ("x0", "y5") else a, c, g, "2011-04-02")
             for a, c, g, _ in camps_debate(sizes=(6, 6), seed=4)]  # x0 and y5 trade places
    f = frame(march + april)
    series = pol.polarization_over_time(f, moving_windows(f, unit="months", size=1))
    table = series.table()
    assert len(table) == 2 and (table["polarization"] > 0.3).all()
    camps = series.camps().pivot(index="actor", columns="window", values="camp")
    stayers = [a for a in camps.index if a not in ("x0", "y5")]
    assert (camps.loc[stayers, 1] == camps.loc[stayers, 2]).all()  # "A" stays "A"
    assert camps.loc["x0", 1] != camps.loc["x0", 2] and camps.loc["y5", 1] != camps.loc["y5", 2]


# ------------------------------------------------------------------------------------------------ backbone
@pytest.mark.parametrize("scheme", ["boolean", "integer"])
@pytest.mark.parametrize("normalization", ["none", "average", "jaccard", "cosine"])
@pytest.mark.parametrize("type_", ["congruence", "conflict", "cooccurrence"])
def test_backbone_network_of_all_concepts_is_the_network(scheme, normalization, type_):
    rng = np.random.default_rng(5)
    agreements = ["support", "oppose", "conditional", "neutral"]
    f = frame([(f"a{rng.integers(7)}", f"c{rng.integers(6)}", agreements[rng.integers(4)]) for _ in range(90)])
    terms = _Terms(prepare(f), type_, scheme)
    mask = np.ones(len(terms.concepts))
    mine = normalise(terms.weights(), terms.activity @ mask, terms.self_sim @ mask, normalization)
    ref = network(f, type=type_, normalization=normalization, scheme=scheme).matrix
    assert np.allclose(mine, ref.loc[list(terms.actors), list(terms.actors)].to_numpy())


def test_spectral_distance_is_permutation_invariant_and_sees_structure():
    path = np.diag(np.ones(4), 1) + np.diag(np.ones(4), -1)
    star = np.zeros((5, 5))
    star[0, 1:] = star[1:, 0] = 1
    perm = np.random.default_rng(0).permutation(5)
    assert spectral_distance(path, path[np.ix_(perm, perm)]) == pytest.approx(0.0, abs=1e-12)
    assert spectral_distance(path, star) > 0.3


def planted_backbone():
    """Four groups held together by their own concept each, joined by one bridge concept; six filler concepts, each
    repeated by a single actor (more statements than any core concept, but no tie to anybody)."""
    rows = []
    for g in range(4):
        for i in range(4):
            rows += [(f"g{g}a{i}", f"core{g}", "support")] * 2
        rows.append((f"g{g}a0", "bridge", "support"))
    for k in range(6):
        rows += [(f"g{k % 4}a{1 + k % 3}", f"filler{k}", "support")] * 12
    return frame(rows)


def test_backbone_finds_the_planted_core_concepts():
    core = {"core0", "core1", "core2", "core3", "bridge"}
    result = backbone(planted_backbone(), normalization="none", tolerance=0.01)
    ranking = result.ranking
    assert set(ranking["concept"].head(5)) == core
    assert ranking["statements"].head(5).max() < ranking["statements"].tail(6).min()  # not a frequency ranking
    assert result.size == 5 and set(result.concepts) == core
    assert ranking.loc[ranking["rank"] == 4, "relative_loss"].item() > 0.01  # without the bridge: four components
    curve = result.curve()
    assert curve["relative_loss"].iloc[0] == pytest.approx(1.0) and curve["loss"].iloc[-1] == 0.0
    fixed = backbone(planted_backbone(), normalization="none", size=2)
    assert fixed.concepts == list(ranking["concept"].head(2))  # nested: a smaller backbone is a prefix
    # normalised by activity, the fillers change their speakers' weights a little, but the core still leads
    averaged = backbone(planted_backbone(), normalization="average")
    assert set(averaged.ranking["concept"].head(5)) == core


def test_backbone_refuses_signed_networks():
    with pytest.raises(AnalysisError, match="non-negative"):
        backbone(frame(camps_debate()), type="subtract")


# ------------------------------------------------------------------------------------------------ clusters, phases
def three_groups(seed=0):
    """Three groups of six actors, each supporting its own three concepts and opposing the others' ones."""
    rng = np.random.default_rng(seed)
    rows = []
    for g in range(3):
        for i in range(6):
            for c in range(9):
                if rng.random() < 0.7:
                    rows.append((f"g{g}_{i}", f"c{c}", "support" if c // 3 == g else "oppose"))
    return rows


@pytest.mark.parametrize("type_", ["subtract", "congruence"])
def test_clusters_recover_planted_groups(type_):
    result = actor_clusters(frame(three_groups()), type=type_, k=3 if type_ == "congruence" else None)
    t = result.table
    truth = t["actor"].str[1].astype(int)
    assert adjusted_rand_score(truth, t["louvain"]) == 1.0
    assert adjusted_rand_score(truth, t["hierarchical"]) == 1.0
    assert result.agreement == 1.0 and result.louvain_modularity > 0.15
    assert len(result.order) == len(t) and result.linkage.shape == (len(t) - 1, 4)


def realigning_debate():
    """Twelve weeks with equal activity; the coalitions swap partners after week six."""
    rows, start = [], pd.Timestamp("2011-03-07")  # a Monday
    for week in range(12):
        day = (start + pd.Timedelta(weeks=week)).date().isoformat()
        for a in ("a1", "a2", "a3", "a4", "b1", "b2", "b3", "b4"):
            side = a[0] == "a" if week < 6 else a[1] in "12"
            for c in ("c1", "c2", "c3"):
                rows.append((a, c, "support" if side else "oppose", day))
    return frame(rows)


def test_phases_find_the_planted_realignment():
    f = realigning_debate()
    result = phases(f, moving_windows(f, unit="weeks", size=1))
    assert result.k == 2
    assert result.windows["phase"].tolist() == [1] * 6 + [2] * 6
    assert result.silhouette > 0.9
    assert result.distances[0, 1] == pytest.approx(0.0) and result.distances[0, 11] > 0.4


def test_window_distances():
    u = np.array([1.0, 0.0, 2.0])
    assert window_distance(u, 3 * u) == pytest.approx(0.0)
    assert window_distance(u, -u) == pytest.approx(1.0)
    assert window_distance(u, u, "absdiff") == 0.0 and window_distance(u, np.zeros(3), "absdiff") == 1.0
    with pytest.raises(AnalysisError):
        window_distance(u, u, "euclid")


def test_phases_need_two_slices():
    f = realigning_debate()
    with pytest.raises(AnalysisError, match="two time slices"):
        phases(f, moving_windows(f, unit="years", size=1))


# ------------------------------------------------------------------------------------------------ scaling
def latent_debate(n_actors=30, n_concepts=20, seed=0, few=()):
    rng = np.random.default_rng(seed)
    x = np.linspace(-1, 1, n_actors)
    b = rng.uniform(-1, 1, n_concepts)
    rows = []
    for i in range(n_actors):
        n_statements = 3 if i in few else 40
        for c in rng.integers(0, n_concepts, size=n_statements):
            p = 1.0 / (1.0 + np.exp(-6.0 * x[i] * b[c]))
            rows.append((f"a{i:02d}", f"c{c}", "support" if rng.random() < p else "oppose"))
    return frame(rows), dict(zip([f"a{i:02d}" for i in range(n_actors)], x))


def test_scaling_recovers_planted_positions_with_wider_intervals_for_sparse_actors():
    f, truth = latent_debate(few=(3, 26))
    result = scale_actors(f, dimensions=1, bootstrap=60, anchor="a29")
    a = result.actors.set_index("actor")
    rho = spearmanr(a["dim1"], [truth[i] for i in a.index]).statistic
    assert rho > 0.9  # oriented by the anchor, so the sign is known
    assert a.loc["a29", "dim1"] > 0 > a.loc["a00", "dim1"]
    dense = a.drop(index=["a03", "a26"])
    assert a.loc[["a03", "a26"], "dim1_se"].min() > dense["dim1_se"].median()
    assert ((a["dim1_low"] <= a["dim1_high"])).all()


def test_scaling_two_dimensions_and_errors():
    f, _ = latent_debate(seed=2)
    result = scale_actors(f, dimensions=2, bootstrap=0)
    assert result.dimensions == 2 and {"dim1", "dim2"} <= set(result.actors.columns)
    assert result.inertia[0] >= result.inertia[1] > 0
    assert "dim1_se" not in result.actors.columns
    with pytest.raises(AnalysisError, match="anchor"):
        scale_actors(f, anchor="nobody", bootstrap=0)
    with pytest.raises(AnalysisError, match="at least 3 actors"):
        scale_actors(frame([("a", "c1", "support"), ("b", "c2", "oppose")]), bootstrap=0)
