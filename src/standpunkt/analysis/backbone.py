"""Backbone: the few concepts whose actor network reproduces the full actor network.

Loss of a concept subset S (in the sense of rDNA's ``dna_backbone``): the one-mode actor network built from the
statements on S alone (same type, normalisation, qualifier scheme, aggregation and duplicate rule as the full one,
over the same actors) is compared with the full network by the *spectral distance* of their normalised Laplacians,

    loss(S) = ‖ λ(L_full) − λ(L_S) ‖₂,   L = I − D^(−1/2) W D^(−1/2)   (rows of isolated actors are 0)

with both spectra sorted. Eigenvalues of a normalised Laplacian lie in [0, 2], so the loss does not grow with the
weights' scale; loss(∅) = ‖λ(L_full)‖ (every actor isolated) is the reference for the relative loss.

Nested ordering (backward elimination): starting from all concepts, the concept whose removal raises the loss least
is removed, again and again until none is left. The reverse of the removal order ranks the concepts; the top k are
the size-k backbone, and the sets are nested (rDNA's "nested" method; its "fixed" and "penalty" searches are not
implemented). The backbone reported is the smallest top-k set whose relative loss is at most ``tolerance``.

Congruence and conflict are sums over concepts (as are the activity and the self-similarity used by the
normalisations), so a removal is a rank-few downdate of the current network, not a new network from the
statements; a test pins the full network to :func:`standpunkt.analysis.network.network`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from standpunkt.analysis.frame import AnalysisError
from standpunkt.analysis.network import ONE_MODE_NORMALIZATIONS, _count_matrices, _dense, _similarity, prepare

BACKBONE_TYPES = ("congruence", "conflict", "cooccurrence")  # non-negative weights: a Laplacian exists
#: Default relative loss a backbone may leave (10 % of the distance between the full and the empty network).
TOLERANCE = 0.1
#: Per-concept weight matrices are kept in memory up to this many cells (80 MB); beyond, recomputed per use.
CACHE_CELLS = 10_000_000


def normalized_laplacian_spectrum(w: np.ndarray) -> np.ndarray:
    """Sorted eigenvalues of I − D^(−1/2) W D^(−1/2) (isolated nodes contribute a 0)."""
    deg = w.sum(axis=1)
    inv = np.zeros_like(deg)
    np.divide(1.0, np.sqrt(deg), out=inv, where=deg > 0)
    lap = np.diag((deg > 0).astype(float)) - inv[:, None] * w * inv[None, :]
    return np.sort(np.linalg.eigvalsh((lap + lap.T) / 2.0))


def spectral_distance(a: np.ndarray, b: np.ndarray) -> float:
    """Euclidean distance between the sorted normalised-Laplacian spectra of two networks over the same nodes."""
    return float(np.linalg.norm(normalized_laplacian_spectrum(a) - normalized_laplacian_spectrum(b)))


class _Terms:
    """Per-concept additive parts of a one-mode actor network: weights, activity and self-similarity."""

    def __init__(self, frame: pd.DataFrame, type: str, scheme: str):  # noqa: A002
        counts = _count_matrices(frame, "actor", "concept", scheme, None)
        self.actors, self.concepts = counts.rows, counts.cols
        if type == "cooccurrence":
            self.mats = [_dense(counts.total())]
            sim = np.ones((1, 1))
        else:
            self.mats = [_dense(m) for m in counts.by_level]
            sim = _similarity(scheme, counts.levels)
        self.kernel = sim if type in ("congruence", "cooccurrence") else 1.0 - sim
        self.sim = sim
        self.activity = sum(self.mats)  # actor × concept
        # actor × concept: a_ic under S, the concept's part of ‖a_i‖² (the diagonal of congruence)
        self.self_sim = sum(sim[k, l] * self.mats[k] * self.mats[l]
                            for k in range(len(self.mats)) for l in range(len(self.mats)))

    def weights(self, mask: np.ndarray | None = None, kernel: np.ndarray | None = None) -> np.ndarray:
        """Σ_kl K_kl A_k diag(mask) A_lᵀ, diagonal included."""
        kernel = self.kernel if kernel is None else kernel
        n = len(self.actors)
        out = np.zeros((n, n))
        for k in range(len(self.mats)):
            left = self.mats[k] if mask is None else self.mats[k] * mask
            for l in range(len(self.mats)):
                if kernel[k, l]:
                    out += kernel[k, l] * (left @ self.mats[l].T)
        return out

    def concept_part(self, c: int) -> np.ndarray:
        cols = [m[:, c] for m in self.mats]
        return sum(self.kernel[k, l] * np.outer(cols[k], cols[l])
                   for k in range(len(cols)) for l in range(len(cols)) if self.kernel[k, l])


def normalise(w: np.ndarray, activity: np.ndarray, self_sim: np.ndarray, normalization: str) -> np.ndarray:
    """The one-mode normalisations of :mod:`standpunkt.analysis.network` on raw weights; diagonal cleared."""
    w = w.copy()
    with np.errstate(divide="ignore", invalid="ignore"):
        if normalization == "average":
            den = (activity[:, None] + activity[None, :]) / 2.0
        elif normalization == "jaccard":
            den = self_sim[:, None] + self_sim[None, :] - w
        elif normalization == "cosine":
            norm = np.sqrt(np.clip(self_sim, 0.0, None))
            den = norm[:, None] * norm[None, :]
        else:
            den = None
        if den is not None:
            w = np.where(den != 0, w / np.where(den != 0, den, 1.0), 0.0)
    np.fill_diagonal(w, 0.0)
    return w


@dataclass
class Backbone:
    """Concepts ranked by how much of the actor network they carry, and the loss of each top-k set."""

    ranking: pd.DataFrame  # rank, concept, statements, loss, relative_loss, backbone
    full_loss: float  # loss of the empty set
    size: int  # backbone size
    options: dict[str, Any] = field(default_factory=dict)

    @property
    def concepts(self) -> list[str]:
        return list(self.ranking.loc[self.ranking["backbone"], "concept"])

    @property
    def redundant(self) -> list[str]:
        return list(self.ranking.loc[~self.ranking["backbone"], "concept"])

    def curve(self) -> pd.DataFrame:
        """Loss against backbone size, 0 … all concepts."""
        head = pd.DataFrame({"size": [0], "loss": [self.full_loss], "relative_loss": [1.0 if self.full_loss else 0.0]})
        rest = self.ranking.rename(columns={"rank": "size"})[["size", "loss", "relative_loss"]]
        return pd.concat([head, rest], ignore_index=True)

    def to_json(self) -> dict[str, Any]:
        return {"analysis": "backbone", "loss": "spectral distance between normalised Laplacians",
                "method": "nested (backward elimination)", "options": self.options, "size": self.size,
                "backbone": self.concepts, "redundant": self.redundant, "empty_set_loss": round(self.full_loss, 6),
                "ranking": self.ranking.round(6).to_dict(orient="records")}


def backbone(frame: pd.DataFrame, *, type: str = "congruence", normalization: str = "average",  # noqa: A002
             scheme: str = "boolean", aggregate: str = "person", duplicates: str = "none",
             drop_unaffiliated: bool = False, tolerance: float = TOLERANCE, size: int | None = None) -> Backbone:
    """Nested backbone of the actor network (see the module docstring). ``size`` fixes the backbone's size;
    otherwise the smallest set with relative loss ≤ ``tolerance``."""
    if type not in BACKBONE_TYPES:
        raise AnalysisError(f"the backbone needs non-negative ties: type is one of {', '.join(BACKBONE_TYPES)}, "
                            f"not {type!r}")
    if normalization not in ONE_MODE_NORMALIZATIONS:
        raise AnalysisError(f"one-mode normalisation is one of {', '.join(ONE_MODE_NORMALIZATIONS)}")
    if not 0 <= tolerance <= 1:
        raise AnalysisError("tolerance is a relative loss between 0 and 1")
    work = prepare(frame, aggregate=aggregate, duplicates=duplicates, scheme=scheme,
                   drop_unaffiliated=drop_unaffiliated)
    if work.empty:
        raise AnalysisError("no statements for a backbone")
    terms = _Terms(work, type, scheme)
    n_concepts = len(terms.concepts)
    if size is not None and not 0 <= size <= n_concepts:
        raise AnalysisError(f"backbone size must be between 0 and {n_concepts}")
    mask = np.ones(n_concepts)

    def network_of(raw: np.ndarray, m: np.ndarray) -> np.ndarray:
        return normalise(raw, terms.activity @ m, terms.self_sim @ m, normalization)

    raw = terms.weights()
    full_spec = normalized_laplacian_spectrum(network_of(raw, mask))
    loss = lambda w: float(np.linalg.norm(full_spec - normalized_laplacian_spectrum(w)))  # noqa: E731
    cached = n_concepts * len(terms.actors) ** 2 <= CACHE_CELLS
    parts = [terms.concept_part(c) for c in range(n_concepts)] if cached else None
    statements = work["concept"].astype(str).value_counts().reindex(terms.concepts).fillna(0).to_numpy()
    removed: list[tuple[int, float]] = []
    remaining = list(range(n_concepts))
    while remaining:
        best = None
        for c in remaining:
            m = mask.copy()
            m[c] = 0.0
            part = parts[c] if parts is not None else terms.concept_part(c)
            value = loss(network_of(raw - part, m))
            key = (round(value, 10), statements[c], str(terms.concepts[c]))
            if best is None or key < best[0]:
                best = (key, c, value)
        _, c, value = best
        raw = raw - (parts[c] if parts is not None else terms.concept_part(c))
        mask[c] = 0.0
        remaining.remove(c)
        removed.append((c, value))
    empty = float(np.linalg.norm(full_spec))
    # rank r = the r-th last removed; its loss is that of the top-r set, i.e. the loss before it was removed
    order = [c for c, _ in reversed(removed)]
    losses_after = [v for _, v in removed]  # loss once len(removed so far) concepts are gone
    loss_of_top = {n_concepts - i - 1: v for i, v in enumerate(losses_after)}  # size → loss
    loss_of_top[n_concepts] = 0.0
    rows = []
    for rank, c in enumerate(order, start=1):
        value = loss_of_top[rank]
        rows.append({"rank": rank, "concept": str(terms.concepts[c]), "statements": int(statements[c]),
                     "loss": value, "relative_loss": value / empty if empty else 0.0})
    ranking = pd.DataFrame(rows)
    if size is None:
        ok = ranking.index[ranking["relative_loss"] <= tolerance + 1e-12]
        size = int(ranking.loc[ok[0], "rank"]) if len(ok) else n_concepts
        if empty == 0:
            size = 0
    ranking["backbone"] = ranking["rank"] <= size
    options = dict(type=type, normalization=normalization, scheme=scheme, aggregate=aggregate,
                   duplicates=duplicates, tolerance=tolerance, actors=len(terms.actors))
    return Backbone(ranking, empty, size, options)
