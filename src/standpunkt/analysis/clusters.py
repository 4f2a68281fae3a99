"""Actor clusters (communities of the actor network) and phases of a debate (clusters of time-window networks).

Clusters. The one-mode actor network (``subtract`` by default: congruence minus conflict; only its positive part,
agreement outweighing conflict, can hold a community together) is split two ways:

* **Louvain** (Blondel et al. 2008) maximising modularity, via ``networkx.community.louvain_communities``
  (seeded, so reruns give the same answer);
* **hierarchical**: average-linkage (UPGMA) agglomeration of the distance 1 − w between actors in the same network
  type *cosine*-normalised (congruence with cosine normalisation is the cosine similarity of two actors'
  concept × qualifier profiles, so the distance is scale-free whatever normalisation Louvain uses; ``subtract``:
  (1 − w) / 2, so conflict is farther than no tie), cut into ``k`` clusters, by default the cut with the highest
  modularity on Louvain's network.

The adjusted Rand index between the two tells how robust the grouping is. On congruence alone the hierarchical
method chains most actors into one cluster (actors without a shared concept are all at distance 1), which is why
``subtract`` is the default: conflict separates what mere silence cannot.

Phases (in the spirit of rDNA's ``dna_phaseTransitions``). Each time slice gives an actor network over the union of
all slices' actors; two slices' distance is (1 − cosine) / 2 of their upper-triangle weight vectors (``cosine``) or
Σ|u − v| / Σ(|u| + |v|) (``absdiff``), both in [0, 1]. The slices are clustered by average linkage on these
distances into ``k`` phases, by default the k ∈ 2…:data:`MAX_PHASES` with the best silhouette. Phases are numbered
in order of first appearance and may recur (a debate can return to an earlier state).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from standpunkt.analysis.frame import AnalysisError
from standpunkt.analysis.network import network
from standpunkt.analysis.time import TimeSlice, slice_dates

CLUSTER_TYPES = ("congruence", "subtract", "cooccurrence")
LINKAGE = "average"
#: Most clusters the modularity-best hierarchical cut considers (more is rarely readable).
MAX_CLUSTERS = 12
#: Most phases the silhouette search considers.
MAX_PHASES = 8
PHASE_DISTANCES = ("cosine", "absdiff")


def _numbered(groups: list[list[str]]) -> dict[str, int]:
    """Cluster numbers 1, 2, … by size (largest first), ties by the first member's name."""
    ordered = sorted((sorted(g) for g in groups if g), key=lambda g: (-len(g), g[0]))
    return {a: k for k, g in enumerate(ordered, start=1) for a in g}


def _modularity(w: np.ndarray, labels: np.ndarray) -> float:
    two_m = w.sum()
    if two_m <= 0:
        return float("nan")
    deg = w.sum(axis=1)
    same = np.equal.outer(labels, labels)
    return float(((w - np.outer(deg, deg) / two_m) * same).sum() / two_m)


def _distance(cosine: np.ndarray, signed: bool) -> np.ndarray:
    """Distance in [0, 1] from cosine-normalised weights (in [0, 1], or [−1, 1] when signed)."""
    dist = (1.0 - cosine) / 2.0 if signed else 1.0 - cosine
    dist = np.clip((dist + dist.T) / 2.0, 0.0, 1.0)
    np.fill_diagonal(dist, 0.0)
    return dist


@dataclass
class Clusters:
    table: pd.DataFrame  # actor, statements, louvain, hierarchical
    louvain_modularity: float
    hierarchical_modularity: float
    agreement: float  # adjusted Rand index between the two
    linkage: np.ndarray  # scipy linkage matrix of the hierarchical method (for the dendrogram)
    order: list[str]  # actors in the linkage's leaf numbering
    options: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        def groups(col: str) -> list[list[str]]:
            return [sorted(part["actor"]) for _, part in self.table.groupby(col, sort=True)]

        return {"analysis": "clusters", "options": self.options,
                "louvain": {"modularity": _round(self.louvain_modularity), "clusters": groups("louvain")},
                "hierarchical": {"method": f"{LINKAGE} linkage", "modularity": _round(self.hierarchical_modularity),
                                 "clusters": groups("hierarchical")},
                "adjusted_rand": _round(self.agreement), "actors": self.table.to_dict(orient="records")}


def _round(x: float) -> float | None:
    return None if x is None or not np.isfinite(x) else round(float(x), 6)


def actor_clusters(frame: pd.DataFrame, *, type: str = "subtract", normalization: str = "average",  # noqa: A002
                   k: int | None = None, resolution: float = 1.0, seed: int = 0, **options: Any) -> Clusters:
    """Louvain and hierarchical clusters of the actor network (``options`` as for
    :func:`standpunkt.analysis.network.network`: scheme, aggregate, duplicates, drop_unaffiliated)."""
    import networkx as nx
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform
    from sklearn.metrics import adjusted_rand_score

    if type not in CLUSTER_TYPES:
        raise AnalysisError(f"clusters are found in {', '.join(CLUSTER_TYPES)} networks, not {type!r}")
    if frame.empty:
        raise AnalysisError("no statements to cluster")
    net = network(frame, type=type, normalization=normalization, **options)
    actors = [str(a) for a in net.matrix.index]
    w = net.matrix.to_numpy(dtype=float)
    n = len(actors)
    if n < 2:
        raise AnalysisError("clusters need at least two actors")
    positive = np.clip(w, 0.0, None)
    g = nx.Graph()
    g.add_nodes_from(actors)
    rows, cols = np.nonzero(np.triu(positive, k=1))
    g.add_weighted_edges_from((actors[i], actors[j], positive[i, j]) for i, j in zip(rows, cols))
    communities = nx.community.louvain_communities(g, weight="weight", resolution=resolution, seed=seed)
    louvain = _numbered([list(c) for c in communities])
    lv = np.array([louvain[a] for a in actors])

    cosine = w if normalization == "cosine" else \
        network(frame, type=type, normalization="cosine", **options).matrix.reindex(index=actors, columns=actors)
    dist = _distance(np.asarray(cosine, dtype=float), signed=type == "subtract")
    tree = linkage(squareform(np.clip(dist, 0.0, None), checks=False), method=LINKAGE)
    if k is not None:
        if not 1 <= k <= n:
            raise AnalysisError(f"k must be between 1 and {n} (the number of actors)")
        cut = fcluster(tree, t=k, criterion="maxclust")
    else:
        candidates = [fcluster(tree, t=kk, criterion="maxclust") for kk in range(2, min(n, MAX_CLUSTERS) + 1)]
        scores = [_modularity(positive, c) for c in candidates]
        cut = candidates[int(np.nanargmax(scores))] if candidates and np.isfinite(scores).any() else np.ones(n, int)
    hier_groups: dict[int, list[str]] = {}
    for a, c in zip(actors, cut):
        hier_groups.setdefault(int(c), []).append(a)
    hierarchical = _numbered(list(hier_groups.values()))
    hc = np.array([hierarchical[a] for a in actors])
    table = pd.DataFrame({"actor": actors, "statements": net.row_nodes["statements"].astype(int).to_numpy(),
                          "louvain": lv, "hierarchical": hc})
    table = table.sort_values(["louvain", "hierarchical", "actor"]).reset_index(drop=True)
    opts = dict(type=type, normalization=normalization, k=k, resolution=resolution, seed=seed, **options)
    return Clusters(table, _modularity(positive, lv), _modularity(positive, hc),
                    float(adjusted_rand_score(lv, hc)), tree, actors, opts)


# ------------------------------------------------------------------------------------------------ phases
def window_distance(u: np.ndarray, v: np.ndarray, kind: str = "cosine") -> float:
    """Distance in [0, 1] between two networks' weight vectors over the same actor pairs."""
    if kind == "cosine":
        nu, nv = np.linalg.norm(u), np.linalg.norm(v)
        if nu == 0 or nv == 0:
            return 0.0 if nu == nv else 1.0
        return float(np.clip((1.0 - (u @ v) / (nu * nv)) / 2.0, 0.0, 1.0))
    if kind == "absdiff":
        den = np.abs(u).sum() + np.abs(v).sum()
        return float(np.abs(u - v).sum() / den) if den else 0.0
    raise AnalysisError(f"unknown window distance {kind!r} ({', '.join(PHASE_DISTANCES)})")


@dataclass
class Phases:
    windows: pd.DataFrame  # window, start, stop, middle, statements, phase (None: too few statements)
    distances: np.ndarray  # between the clustered windows
    clustered: list[int]  # window numbers in ``distances`` order
    k: int
    silhouette: float
    options: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        windows = self.windows.astype(object).where(self.windows.notna(), None).to_dict(orient="records")
        return {"analysis": "phases", "options": self.options, "phases": self.k,
                "silhouette": _round(self.silhouette), "windows": windows,
                "distance_windows": self.clustered, "distances": np.round(self.distances, 6).tolist()}


def phases(frame: pd.DataFrame, slices: list[TimeSlice], *, type: str = "subtract",  # noqa: A002
           normalization: str = "average", distance: str = "cosine", k: int | None = None,
           max_k: int = MAX_PHASES, min_statements: int = 1, **options: Any) -> Phases:
    """Phases of a debate: hierarchical clusters of its time slices' actor networks (see module docstring)."""
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform
    from sklearn.metrics import silhouette_score

    if distance not in PHASE_DISTANCES:
        raise AnalysisError(f"unknown window distance {distance!r} ({', '.join(PHASE_DISTANCES)})")
    if type == "twomode":
        raise AnalysisError("phases compare one-mode actor networks (congruence, conflict, subtract, cooccurrence)")
    nets = []
    for s in slices:
        if s.count < max(min_statements, 1):
            nets.append(None)
            continue
        nets.append(network(frame, type=type, normalization=normalization, weights=s.weights, **options).matrix)
    used = [i for i, m in enumerate(nets) if m is not None]
    if len(used) < 2:
        raise AnalysisError(f"phases need at least two time slices with {max(min_statements, 1)}+ statements "
                            f"({len(used)} of {len(slices)} have them)")
    union = sorted(set().union(*(set(map(str, nets[i].index)) for i in used)))
    iu = np.triu_indices(len(union), k=1)
    vectors = [nets[i].reindex(index=union, columns=union).fillna(0.0).to_numpy(dtype=float)[iu] for i in used]
    m = len(used)
    dist = np.zeros((m, m))
    for a in range(m):
        for b in range(a + 1, m):
            dist[a, b] = dist[b, a] = window_distance(vectors[a], vectors[b], distance)
    tree = linkage(squareform(dist, checks=False), method=LINKAGE)
    score = float("nan")
    if k is not None:
        if not 1 <= k <= m:
            raise AnalysisError(f"k must be between 1 and {m} (the slices with statements)")
        labels = fcluster(tree, t=k, criterion="maxclust")
        if 1 < len(set(labels)) < m:
            score = float(silhouette_score(dist, labels, metric="precomputed"))
    elif m < 3:
        labels = np.ones(m, dtype=int)
    else:
        best = None
        for kk in range(2, min(max_k, m - 1) + 1):
            cand = fcluster(tree, t=kk, criterion="maxclust")
            if len(set(cand)) < 2:
                continue
            sil = float(silhouette_score(dist, cand, metric="precomputed"))
            if best is None or sil > best[0] + 1e-12:
                best = (sil, cand)
        labels, score = (best[1], best[0]) if best else (np.ones(m, dtype=int), float("nan"))
    renumber: dict[int, int] = {}
    for lab in labels:
        renumber.setdefault(int(lab), len(renumber) + 1)
    phase_of = {used[i]: renumber[int(lab)] for i, lab in enumerate(labels)}
    rows = [{"window": i + 1, **slice_dates(s), "statements": s.count, "phase": phase_of.get(i)}
            for i, s in enumerate(slices)]
    table = pd.DataFrame(rows)
    table["phase"] = table["phase"].astype("Int64")
    opts = dict(type=type, normalization=normalization, distance=distance, k=k, min_statements=min_statements,
                **options)
    return Phases(table, dist, [i + 1 for i in used], len(renumber), score, opts)
