"""Polarization: the two-camp split of actors that maximises within-camp congruence and between-camp conflict.

Definition (signed modularity, Gómez, Jensen & Arenas 2009, *Analysis of community structure in networks of
correlated data*, Phys. Rev. E 80, 016114). C is the one-mode congruence network, D the conflict network (DNA
semantics, :mod:`standpunkt.analysis.network`), c_i and d_i the actors' weighted degrees, 2w⁺ = Σ_ij C_ij and
2w⁻ = Σ_ij D_ij. For a split into camps g,

    Q = 1 / (2w⁺ + 2w⁻) · Σ_ij [ (C_ij − c_i c_j / 2w⁺) − (D_ij − d_i d_j / 2w⁻) ] · δ(g_i, g_j)

i.e. congruence inside camps and conflict across camps, each measured against what the actors' activity alone would
give. With s_i = ±1, Q = sᵀBs / (2 (2w⁺ + 2w⁻)) for the signed modularity matrix B. One camp gives Q = 0, so a
debate where everybody agrees is *not* polarized (a raw "within-congruence + between-conflict" share would call it
perfectly polarized); two equal camps, all agreement inside and all conflict across, give Q = 0.5 (the most two
groups can reach). This is the score per network or time window; the shares of congruence inside camps and of
conflict across camps are reported beside it. rDNA's ``dna_polarization`` searches for the split with a genetic
algorithm and scores it differently; this is not a re-implementation of it.

Search: exact (all 2^(n−1) splits) up to :data:`EXACT_LIMIT` actors; above, the leading eigenvector of B
(Newman 2006's spectral bisection) refined by single-actor moves until none improves Q (a Kernighan–Lin-style
local search), plus :data:`RESTARTS` random starts; the best split is kept. Actors without any tie are in no camp.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from standpunkt.analysis.frame import AnalysisError
from standpunkt.analysis.network import network
from standpunkt.analysis.time import TimeSlice, slice_dates, whole_range

#: Up to this many tied actors every split is tried (2^15 = 32,768 splits, a few ms); beyond, the local search.
EXACT_LIMIT = 16
#: Random starts of the local search besides the spectral one (Q has local optima on sparse signed graphs).
RESTARTS = 8
CAMP_NAMES = ("A", "B")


@dataclass
class Split:
    """The best two-camp split of one network."""

    camps: pd.Series  # actor → "A" / "B" (actors with ties only)
    score: float  # signed modularity Q (NaN: no ties)
    congruence_within: float  # share of congruence weight inside camps
    conflict_between: float  # share of conflict weight across camps
    exact: bool
    actors: int  # actors in the network (tied or not)

    def summary(self) -> dict[str, Any]:
        counts = self.camps.value_counts()
        return {"polarization": _num(self.score), "congruence_within": _num(self.congruence_within),
                "conflict_between": _num(self.conflict_between), "camp_a": int(counts.get("A", 0)),
                "camp_b": int(counts.get("B", 0)), "actors": self.actors, "exact": self.exact}


def _num(x: float) -> float | None:
    return None if x is None or not np.isfinite(x) else round(float(x), 6)


def modularity_matrix(congruence: np.ndarray, conflict: np.ndarray) -> tuple[np.ndarray, float]:
    """B and its normaliser 2(2w⁺ + 2w⁻) (see the module docstring)."""
    b = np.zeros_like(congruence, dtype=float)
    total = 0.0
    for m, sign in ((congruence, 1.0), (conflict, -1.0)):
        two_w = float(m.sum())
        if two_w > 0:
            deg = m.sum(axis=1)
            b += sign * (m - np.outer(deg, deg) / two_w)
            total += two_w
    return b, 2.0 * total


def _exact(b: np.ndarray) -> np.ndarray:
    n = len(b)
    # actor 0 fixed in camp +1 (a split and its mirror have the same Q); all 2^(n-1) sign vectors at once
    codes = np.arange(2 ** (n - 1), dtype=np.int64)
    bits = (codes[:, None] >> np.arange(n - 1)) & 1
    s = np.hstack([np.ones((len(codes), 1)), 1.0 - 2.0 * bits])
    values = np.einsum("ij,jk,ik->i", s, b, s)
    return s[int(np.argmax(values))]


def _local_search(b: np.ndarray, s: np.ndarray) -> np.ndarray:
    """Flip the actor whose move raises sᵀBs most, until no move does."""
    s = s.copy()
    bs = b @ s
    diag = np.diag(b)
    for _ in range(50 * len(s)):
        gain = -4.0 * s * (bs - diag * s)
        i = int(np.argmax(gain))
        if gain[i] <= 1e-12:
            break
        s[i] = -s[i]
        bs += 2.0 * s[i] * b[:, i]
    return s


def best_split_signs(b: np.ndarray, *, seed: int = 0) -> tuple[np.ndarray, bool]:
    """Sign vector maximising sᵀBs (exact for small B) and whether it is the proven optimum."""
    n = len(b)
    if n <= 1:
        return np.ones(n), True
    if n <= EXACT_LIMIT:
        return _exact(b), True
    vals, vecs = np.linalg.eigh(b)
    lead = vecs[:, -1]
    starts = [np.where(lead >= 0, 1.0, -1.0)]
    rng = np.random.default_rng(seed)
    starts += [rng.choice([-1.0, 1.0], size=n) for _ in range(RESTARTS)]
    best, best_value = None, -np.inf
    for s0 in starts:
        s = _local_search(b, s0)
        value = float(s @ b @ s)
        if value > best_value + 1e-12:
            best, best_value = s, value
    return best, False


def split_network(congruence: pd.DataFrame, conflict: pd.DataFrame, *, seed: int = 0,
                  previous: pd.Series | None = None) -> Split:
    """The best two-camp split of a congruence/conflict pair over the same actors.

    ``previous`` (camps of the preceding window) names the camps so that "A" stays the camp most of the earlier
    "A" actors are in; otherwise "A" is the camp of the first actor in label order.
    """
    labels = congruence.index.astype(str)
    c = congruence.to_numpy(dtype=float)
    d = conflict.reindex(index=congruence.index, columns=congruence.columns).fillna(0.0).to_numpy(dtype=float)
    tied = (c.sum(axis=1) + d.sum(axis=1)) > 0
    if not tied.any():
        return Split(pd.Series(dtype=object), float("nan"), float("nan"), float("nan"), True, len(labels))
    c, d, names = c[np.ix_(tied, tied)], d[np.ix_(tied, tied)], labels[tied]
    b, norm = modularity_matrix(c, d)
    s, exact = best_split_signs(b, seed=seed)
    score = float(s @ b @ s) / norm
    same = np.equal.outer(s, s)
    c_in = float(c[same].sum()) / c.sum() if c.sum() > 0 else float("nan")
    d_out = float(d[~same].sum()) / d.sum() if d.sum() > 0 else float("nan")
    if previous is not None and len(previous):
        prev = previous.reindex(names)
        agree = float(((prev == "A") & (s > 0)).sum() + ((prev == "B") & (s < 0)).sum())
        cross = float(((prev == "A") & (s < 0)).sum() + ((prev == "B") & (s > 0)).sum())
        if cross > agree:
            s = -s
    elif s[0] < 0:
        s = -s
    camps = pd.Series(np.where(s > 0, "A", "B"), index=names, name="camp")
    return Split(camps, score, c_in, d_out, exact, len(labels))


def _pair(frame: pd.DataFrame, weights: np.ndarray | None, options: dict[str, Any]
          ) -> tuple[pd.DataFrame, pd.DataFrame]:
    opts = {k: v for k, v in options.items() if k not in ("type", "mode")}
    c = network(frame, type="congruence", weights=weights, **opts).matrix
    d = network(frame, type="conflict", weights=weights, **opts).matrix
    return c, d


def polarization(frame: pd.DataFrame, *, seed: int = 0, **options: Any) -> Split:
    """The best split of the whole selection; ``options`` as for :func:`standpunkt.analysis.network.network`
    (normalization, scheme, aggregate, duplicates, drop_unaffiliated)."""
    if frame.empty:
        raise AnalysisError("no statements to split into camps")
    c, d = _pair(frame, None, options)
    return split_network(c, d, seed=seed)


@dataclass
class PolarizationSeries:
    """Polarization per time slice: one summary row per slice and the camps per slice."""

    slices: list[TimeSlice]
    splits: list[Split]
    options: dict[str, Any] = field(default_factory=dict)

    def table(self) -> pd.DataFrame:
        rows = []
        for k, (s, split) in enumerate(zip(self.slices, self.splits), start=1):
            rows.append({"window": k, **slice_dates(s), "statements": s.count, **split.summary()})
        return pd.DataFrame(rows)

    def camps(self) -> pd.DataFrame:
        """Long table: window, actor, camp."""
        rows = [{"window": k, "middle": slice_dates(s)["middle"], "actor": a, "camp": camp}
                for k, (s, split) in enumerate(zip(self.slices, self.splits), start=1)
                for a, camp in split.camps.items()]
        return pd.DataFrame(rows, columns=["window", "middle", "actor", "camp"])

    def to_json(self) -> dict[str, Any]:
        table = self.table()
        windows = table.astype(object).where(table.notna(), None).to_dict(orient="records")
        for w, split in zip(windows, self.splits):
            w["camps"] = {camp: sorted(split.camps.index[split.camps == camp]) for camp in CAMP_NAMES}
        return {"analysis": "polarization", "definition": "signed modularity (Gómez, Jensen & Arenas 2009)",
                "options": self.options, "windows": windows}


def polarization_over_time(frame: pd.DataFrame, slices: list[TimeSlice] | None, *, seed: int = 0,
                           **options: Any) -> PolarizationSeries:
    """Polarization of each slice's network (windows or kernel weights); camps named consistently over time.
    ``slices=None``: one slice over the whole selection."""
    if frame.empty:
        raise AnalysisError("no statements to split into camps")
    slices = slices if slices is not None else [whole_range(frame)]
    splits: list[Split] = []
    previous: pd.Series | None = None
    for s in slices:
        if s.count == 0:
            splits.append(Split(pd.Series(dtype=object), float("nan"), float("nan"), float("nan"), True, 0))
            continue
        c, d = _pair(frame, s.weights, options)
        split = split_network(c, d, seed=seed, previous=previous)
        if len(split.camps):
            previous = split.camps if previous is None else split.camps.combine_first(previous)
        splits.append(split)
    return PolarizationSeries(slices, splits, {k: v for k, v in options.items()})
