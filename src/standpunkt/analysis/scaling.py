"""Actor positions: correspondence analysis of the actor × (concept, qualifier) table, with bootstrap intervals.

The table counts, for each actor, the statements on each concept with each qualifier (boolean scheme: two columns
per concept, "concept: support" and "concept: oppose"; neutral statements take no side and are left out; integer
scheme: one column per level). Correspondence analysis (Greenacre 2007, *Correspondence Analysis in Practice*):
with P = N / n, row and column masses r, c,

    S = D_r^(−1/2) (P − r cᵀ) D_c^(−1/2) = U Σ Vᵀ,   actor coordinates F = D_r^(−1/2) U Σ   (principal)

Dimension 1 is the 1-D scale, dimensions 1–2 the 2-D map; the share of inertia σ_d² / Σσ² says how much of the
table each dimension explains. Actors who say the same about the same concepts land together, whatever the
concepts mean; the direction of an axis is arbitrary, so it is fixed: ``anchor`` (an actor) on the positive side,
else the most active actor.

Uncertainty: ``bootstrap`` resamples the statements with replacement, recomputes the scaling and aligns it to the
full solution (1-D: sign; 2-D: orthogonal Procrustes rotation on the shared actors); the standard deviation and
2.5/97.5 % quantiles of each actor's aligned coordinates are reported. Actors with few statements get wide
intervals. (An IRT model would give posterior intervals too; no well-kept pure-Python ideal-point package fits the
dependencies, so the bootstrap stands in.)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from standpunkt.analysis.frame import AnalysisError, qualifiers
from standpunkt.analysis.network import prepare

#: Bootstrap replicates by default: enough for stable 95 % quantiles of a coordinate (±0.01 on typical data).
BOOTSTRAP = 200
#: Actors scaled by default need this many sided statements: in correspondence analysis an actor with one or two
#: statements on rare concepts spans a dimension of its own (on dna-nuclear, with 2 the first axis separates such
#: fringe actors; from 3 on it runs from the nuclear industry to the anti-nuclear movement).
MIN_STATEMENTS = 3
LEVEL_NAMES = {"boolean": {1.0: "support", 0.0: "oppose"},
               "integer": {-2.0: "oppose", 0.0: "neutral", 1.0: "conditional", 2.0: "support"}}


def correspondence_analysis(n: np.ndarray, dims: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Row and column principal coordinates (first ``dims`` dimensions) and the inertia share per dimension."""
    total = n.sum()
    if total <= 0:
        raise AnalysisError("correspondence analysis of an empty table")
    p = n / total
    r, c = p.sum(axis=1), p.sum(axis=0)
    s = (p - np.outer(r, c)) / np.sqrt(np.outer(r, c))
    u, sigma, vt = np.linalg.svd(s, full_matrices=False)
    inertia = sigma ** 2
    share = inertia / inertia.sum() if inertia.sum() > 0 else np.zeros_like(inertia)
    rows = (u[:, :dims] * sigma[:dims]) / np.sqrt(r)[:, None]
    cols = (vt.T[:, :dims] * sigma[:dims]) / np.sqrt(c)[:, None]
    return rows, cols, share[:dims]


@dataclass
class Scaling:
    actors: pd.DataFrame  # actor, statements, dim1[, dim1_se, dim1_low, dim1_high], dim2 …
    columns: pd.DataFrame  # column, concept, qualifier, statements, dim1, dim2
    inertia: list[float]  # share of inertia per dimension
    options: dict[str, Any] = field(default_factory=dict)

    @property
    def dimensions(self) -> int:
        return len(self.inertia)

    def to_json(self) -> dict[str, Any]:
        clean = lambda df: df.round(6).astype(object).where(df.notna(), None).to_dict(orient="records")  # noqa: E731
        return {"analysis": "scaling", "method": "correspondence analysis", "options": self.options,
                "inertia": [round(x, 6) for x in self.inertia], "actors": clean(self.actors),
                "columns": clean(self.columns)}


def _table(codes_r: np.ndarray, codes_c: np.ndarray, n_r: int, n_c: int, pick: np.ndarray | None = None
           ) -> np.ndarray:
    r, c = (codes_r, codes_c) if pick is None else (codes_r[pick], codes_c[pick])
    return np.bincount(r * n_c + c, minlength=n_r * n_c).reshape(n_r, n_c).astype(float)


def scale_actors(frame: pd.DataFrame, *, dimensions: int = 2, bootstrap: int = BOOTSTRAP,
                 min_statements: int = MIN_STATEMENTS,
                 anchor: str | None = None, seed: int = 0, scheme: str = "boolean", aggregate: str = "person",
                 duplicates: str = "none", drop_unaffiliated: bool = False) -> Scaling:
    """1-D (``dimensions=1``) or 2-D positions of the actors with at least ``min_statements`` sided statements."""
    if dimensions not in (1, 2):
        raise AnalysisError("scaling has 1 or 2 dimensions")
    if bootstrap < 0:
        raise AnalysisError("bootstrap replicates cannot be negative")
    work = prepare(frame, aggregate=aggregate, duplicates=duplicates, scheme=scheme,
                   drop_unaffiliated=drop_unaffiliated)
    q = qualifiers(work, scheme)
    work = work.loc[~np.isnan(q)].reset_index(drop=True)
    q = q[~np.isnan(q)]
    names = LEVEL_NAMES[scheme]
    counts = work["actor"].astype(str).value_counts()
    keep_actors = counts.index[counts >= min_statements]
    sel = work["actor"].astype(str).isin(keep_actors).to_numpy()
    work, q = work.loc[sel].reset_index(drop=True), q[sel]
    column = work["concept"].astype(str) + ": " + pd.Series([names[v] for v in q], dtype=str)
    codes_r, actors = pd.factorize(work["actor"].astype(str), sort=True)
    codes_c, cols = pd.factorize(column, sort=True)
    n_r, n_c = len(actors), len(cols)
    if n_r < 3 or n_c < 2:
        raise AnalysisError(f"scaling needs at least 3 actors and 2 concept sides with statements "
                            f"(have {n_r} actors, {n_c} sides; lower --min-statements?)")
    dims = min(dimensions, n_r - 1, n_c - 1)
    table = _table(codes_r, codes_c, n_r, n_c)
    rows, colc, share = correspondence_analysis(table, dims)
    row_n = table.sum(axis=1)
    pivot = int(np.argmax(row_n)) if anchor is None else (list(actors).index(anchor) if anchor in set(actors)
                                                          else None)
    if pivot is None:
        raise AnalysisError(f"anchor {anchor!r} is not among the scaled actors")
    for d in range(dims):
        if rows[pivot, d] < 0 or (rows[pivot, d] == 0 and colc[:, d].sum() < 0):
            rows[:, d], colc[:, d] = -rows[:, d], -colc[:, d]
    out = pd.DataFrame({"actor": list(actors), "statements": row_n.astype(int)})
    for d in range(dims):
        out[f"dim{d + 1}"] = rows[:, d]
    if bootstrap:
        boot = _bootstrap(codes_r, codes_c, n_r, n_c, rows, dims, bootstrap, seed)
        for d in range(dims):
            reps = boot[:, :, d]
            out[f"dim{d + 1}_se"] = np.nanstd(reps, axis=0, ddof=1)
            out[f"dim{d + 1}_low"] = np.nanquantile(reps, 0.025, axis=0)
            out[f"dim{d + 1}_high"] = np.nanquantile(reps, 0.975, axis=0)
    out = out.sort_values("dim1", kind="stable").reset_index(drop=True)
    concept_side = [c.rsplit(": ", 1) for c in cols]
    columns = pd.DataFrame({"column": list(cols), "concept": [c for c, _ in concept_side],
                            "qualifier": [s for _, s in concept_side], "statements": table.sum(axis=0).astype(int)})
    for d in range(dims):
        columns[f"dim{d + 1}"] = colc[:, d]
    options = dict(dimensions=dims, bootstrap=bootstrap, min_statements=min_statements, anchor=anchor, seed=seed,
                   scheme=scheme, aggregate=aggregate, duplicates=duplicates)
    return Scaling(out, columns.sort_values("dim1").reset_index(drop=True), [float(x) for x in share], options)


def _bootstrap(codes_r: np.ndarray, codes_c: np.ndarray, n_r: int, n_c: int, full: np.ndarray, dims: int,
               replicates: int, seed: int) -> np.ndarray:
    """replicates × actors × dims aligned coordinates (NaN where an actor drew no statement)."""
    from scipy.linalg import orthogonal_procrustes

    rng = np.random.default_rng(seed)
    n = len(codes_r)
    out = np.full((replicates, n_r, dims), np.nan)
    for b in range(replicates):
        pick = rng.integers(0, n, size=n)
        table = _table(codes_r, codes_c, n_r, n_c, pick)
        rows_ok, cols_ok = table.sum(axis=1) > 0, table.sum(axis=0) > 0
        if rows_ok.sum() < 3 or cols_ok.sum() < 2:
            continue
        sub = table[np.ix_(rows_ok, cols_ok)]
        d = min(dims, sub.shape[0] - 1, sub.shape[1] - 1)
        coords, _, _ = correspondence_analysis(sub, d)
        target = full[rows_ok, :d]
        if d == 1:
            if coords[:, 0] @ target[:, 0] < 0:
                coords = -coords
        else:
            rot, _ = orthogonal_procrustes(coords, target)
            coords = coords @ rot
        out[b, rows_ok, :d] = coords
    return out
