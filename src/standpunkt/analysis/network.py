"""Discourse networks with DNA semantics, vectorised (numpy, scipy.sparse).

Everything starts from per-qualifier count matrices ``A_k`` (actor × concept: how many statements actor i made on
concept c with qualifier k, optionally weighted by a time kernel). Then

* two-mode ``ignore``   = Σ_k A_k (neutral statements included), ``subtract`` = Σ_k sign(q_k)·A_k for boolean
  (agree − disagree) and Σ_k q_k·A_k for integer (signed stance sum), ``combine`` = 1 only agree, 2 only
  disagree, 3 both, 0 neither;
* one-mode ``congruence`` = Σ_{k,l} s_kl · A_k A_lᵀ with s_kl = 1 − |q_k − q_l| / range (boolean: s = identity),
  i.e. the number of statement pairs of two actors on the same concept with the same qualifier;
  ``conflict`` uses 1 − s_kl; ``subtract`` = congruence − conflict; ``cooccurrence`` ignores qualifiers.
  The diagonal is zero.

Normalisation (one-mode). a_i is actor i's concept × qualifier count vector, ‖a‖² = aᵀ S a its squared norm
under the qualifier similarity S (plain Euclidean for boolean qualifiers; cooccurrence uses the qualifier-blind
counts), act_i = Σ a_i its statement count:

* ``average``  w / ((act_i + act_j) / 2) (DNA's average activity; ≤ 1 when duplicates are dropped by ``range``,
  i.e. when counts are 0/1);
* ``jaccard``  w / (‖a_i‖² + ‖a_j‖² − w), the Jaccard index generalised to count vectors (Tanimoto); for 0/1
  vectors exactly |shared| / |union| of the (concept, qualifier) sets;
* ``cosine``   w / (‖a_i‖ ‖a_j‖), the textbook cosine (not w / √(act_i · act_j), which equals it only
  for 0/1 vectors).

Two-mode: ``activity`` divides each row by the actor's statement count, ``prominence`` each column by the
concept's statement count.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from standpunkt.analysis.frame import (
    QUALIFIER_LEVELS, QUALIFIER_RANGE, AnalysisError, aggregate_actors, node_attributes, qualifiers,
)

TWO_MODE_AGGREGATIONS = ("ignore", "subtract", "combine")
TWO_MODE_NORMALIZATIONS = ("none", "activity", "prominence")
ONE_MODE_TYPES = ("congruence", "conflict", "subtract", "cooccurrence")
ONE_MODE_NORMALIZATIONS = ("none", "average", "jaccard", "cosine")
NETWORK_TYPES = ("twomode",) + ONE_MODE_TYPES
DUPLICATE_RULES = ("none", "document", "week", "month", "year", "range")
#: Above this many cells the per-qualifier matrices stay sparse; below, dense BLAS products are faster.
DENSE_CELL_LIMIT = 20_000_000


@dataclass
class Network:
    """A network as data: a labelled weight matrix plus node attributes. Plotting and export read this."""

    matrix: pd.DataFrame  # rows × columns (one-mode: square and symmetric)
    type: str  # twomode / congruence / conflict / subtract / cooccurrence
    normalization: str
    row_nodes: pd.DataFrame  # index = labels; statements, affiliations
    col_nodes: pd.DataFrame
    options: dict[str, Any] = field(default_factory=dict)
    n_statements: int = 0

    @property
    def two_mode(self) -> bool:
        return self.type == "twomode"

    @property
    def signed(self) -> bool:
        """Whether weights can be negative (subtract), so edges carry agreement or conflict."""
        return self.type == "subtract" or self.options.get("qualifier_aggregation") == "subtract"

    def edges(self) -> pd.DataFrame:
        """Non-zero cells as an edge list (source, target, weight); one-mode: each pair once (upper triangle)."""
        m = self.matrix.to_numpy(dtype=float)
        if self.two_mode:
            r, c = np.nonzero(m)
        else:
            r, c = np.nonzero(np.triu(m, k=1))
        return pd.DataFrame({"source": self.matrix.index.to_numpy()[r].astype(str),
                             "target": self.matrix.columns.to_numpy()[c].astype(str),
                             "weight": m[r, c]})

    def to_networkx(self):  # noqa: ANN201 - networkx is imported lazily
        """An undirected networkx graph keyed by name; two-mode graphs mark nodes with ``bipartite`` 0 (actors) /
        1 (concepts), and a concept named like an actor becomes ``"<name> (concept)"`` so the two stay apart."""
        import networkx as nx

        g = nx.Graph(type=self.type, normalization=self.normalization)
        row_mode, col_mode = self.modes
        clash = set(map(str, self.row_nodes.index)) & set(map(str, self.col_nodes.index)) if self.two_mode else set()
        col_key = {str(c): (f"{c} (concept)" if str(c) in clash else str(c)) for c in self.col_nodes.index}
        for part, (nodes, mode) in enumerate(((self.row_nodes, row_mode), (self.col_nodes, col_mode))):
            if part == 1 and not self.two_mode:
                break
            for label, attrs in nodes.iterrows():
                data = {k: v for k, v in attrs.items() if v is not None and not (isinstance(v, float) and np.isnan(v))}
                data.update(mode=mode, label=str(label))
                if self.two_mode:
                    data["bipartite"] = part
                g.add_node(col_key[str(label)] if part == 1 else str(label), **data)
        for row in self.edges().itertuples(index=False):
            target = col_key[row.target] if self.two_mode else row.target
            g.add_edge(row.source, target, weight=float(row.weight))
        return g

    @property
    def modes(self) -> tuple[str, str]:
        row = self.options.get("mode", "actor")
        if self.two_mode:
            return "actor", "concept"
        return row, row


# ------------------------------------------------------------------------------------------------ preparation
def period_keys(dates: pd.Series, rule: str) -> pd.Series:
    """Calendar key of each date for duplicate handling; every unit includes its year (ISO week-year for weeks)."""
    if rule == "week":
        iso = dates.dt.isocalendar()
        return iso["year"].astype("int64") * 100 + iso["week"].astype("int64")
    if rule == "month":
        return dates.dt.year * 100 + dates.dt.month
    if rule == "year":
        return dates.dt.year.astype("int64")
    raise AnalysisError(f"no calendar unit {rule!r}")


def drop_duplicates(frame: pd.DataFrame, rule: str = "none", *, scheme: str = "boolean") -> pd.DataFrame:
    """Drop a statement identical in actor, concept and qualifier to an earlier one in the same unit.

    Units: ``document`` (statements without a document are each their own), ``week``/``month``/``year`` (calendar,
    year included: March 2011 and March 2012 differ), ``range`` (the whole selection). "Earlier" is the frame order
    (date, then id). Neutral statements (no boolean qualifier) are compared by their label.
    """
    if rule not in DUPLICATE_RULES:
        raise AnalysisError(f"unknown duplicate rule {rule!r} ({', '.join(DUPLICATE_RULES)})")
    if rule == "none" or frame.empty:
        return frame
    q = pd.Series(qualifiers(frame, scheme), index=frame.index)
    key = pd.DataFrame({"actor": frame["actor"], "concept": frame["concept"],
                        "q": q.astype(str).where(q.notna(), "label:" + frame["agreement"].astype(str))})
    if rule == "document":
        key["unit"] = frame["document_id"].astype("string").fillna("statement:" + frame["id"].astype(str))
    elif rule != "range":
        if frame["date"].isna().any():
            raise AnalysisError(f"duplicates by {rule} need a date on every statement")
        key["unit"] = period_keys(frame["date"], rule)
    keep = ~key.duplicated(keep="first")
    return frame.loc[keep.to_numpy()].reset_index(drop=True)


def prepare(frame: pd.DataFrame, *, aggregate: str = "person", duplicates: str = "none",
            scheme: str = "boolean", drop_unaffiliated: bool = False) -> pd.DataFrame:
    """Aggregation to organisations/parties/countries, then duplicate handling (in that order, as in DNA where
    the variable that defines a duplicate is the one the network is built on)."""
    out = aggregate_actors(frame, aggregate, drop_unaffiliated=drop_unaffiliated)
    return drop_duplicates(out, duplicates, scheme=scheme)


# ------------------------------------------------------------------------------------------------ matrices
@dataclass
class _Counts:
    """Per-qualifier count matrices over the same row/column labels."""

    rows: pd.Index
    cols: pd.Index
    levels: tuple[float, ...]
    by_level: list[Any]  # dense ndarray or csr matrix, one per level
    unqualified: Any  # statements without qualifier (neutral in boolean)
    dense: bool

    def total(self):  # noqa: ANN201
        out = self.unqualified.copy()
        for m in self.by_level:
            out = out + m
        return out


def _count_matrices(frame: pd.DataFrame, row: str, col: str, scheme: str,
                    weights: np.ndarray | None) -> _Counts:
    r_codes, rows = pd.factorize(frame[row], sort=True)
    c_codes, cols = pd.factorize(frame[col], sort=True)
    n_r, n_c = len(rows), len(cols)
    q = qualifiers(frame, scheme)
    w = np.ones(len(frame)) if weights is None else np.asarray(weights, dtype=float)
    levels = QUALIFIER_LEVELS[scheme]
    dense = n_r * n_c <= DENSE_CELL_LIMIT

    def build(mask: np.ndarray):  # noqa: ANN202
        if dense:
            flat = np.bincount(r_codes[mask] * n_c + c_codes[mask], weights=w[mask], minlength=n_r * n_c)
            return flat.reshape(n_r, n_c)
        return sp.csr_matrix((w[mask], (r_codes[mask], c_codes[mask])), shape=(n_r, n_c))

    by_level = [build(q == lev) for lev in levels]
    unqualified = build(np.isnan(q))
    return _Counts(pd.Index(rows.astype(str)), pd.Index(cols.astype(str)), levels, by_level, unqualified, dense)


def _dense(m: Any) -> np.ndarray:
    return m.toarray() if sp.issparse(m) else np.asarray(m)


def two_mode(frame: pd.DataFrame, *, qualifier_aggregation: str = "ignore", normalization: str = "none",
             scheme: str = "boolean", weights: np.ndarray | None = None) -> Network:
    """Actor × concept network of an already prepared frame (see :func:`network` for the full pipeline)."""
    if qualifier_aggregation not in TWO_MODE_AGGREGATIONS:
        raise AnalysisError(f"unknown qualifier aggregation {qualifier_aggregation!r} "
                            f"({', '.join(TWO_MODE_AGGREGATIONS)})")
    if normalization not in TWO_MODE_NORMALIZATIONS:
        raise AnalysisError(f"two-mode normalisation is one of {', '.join(TWO_MODE_NORMALIZATIONS)}, "
                            f"not {normalization!r}")
    if qualifier_aggregation == "combine" and normalization != "none":
        raise AnalysisError("combine yields category codes (1, 2, 3); they cannot be normalised")
    counts = _count_matrices(frame, "actor", "concept", scheme, weights)
    total = _dense(counts.total())
    if qualifier_aggregation == "ignore":
        m = total
    elif qualifier_aggregation == "subtract":
        # boolean: agree − disagree; integer: the sum of qualifier values (a signed stance sum)
        signs = [float(_side(lev, scheme)) if scheme == "boolean" else lev for lev in counts.levels]
        m = sum(s * _dense(a) for s, a in zip(signs, counts.by_level))
    else:  # combine: by side, whatever the scheme
        agree = sum(_dense(a) for lev, a in zip(counts.levels, counts.by_level) if _side(lev, scheme) > 0)
        disagree = sum(_dense(a) for lev, a in zip(counts.levels, counts.by_level) if _side(lev, scheme) < 0)
        m = np.where(np.asarray(agree) > 0, 1.0, 0.0) + np.where(np.asarray(disagree) > 0, 2.0, 0.0)
    m = np.asarray(m, dtype=float)
    if normalization == "activity":
        m = _safe_divide(m, total.sum(axis=1, keepdims=True))
    elif normalization == "prominence":
        m = _safe_divide(m, total.sum(axis=0, keepdims=True))
    matrix = pd.DataFrame(m, index=counts.rows, columns=counts.cols)
    return Network(matrix, "twomode", normalization, _nodes(frame, "actor", counts.rows),
                   _nodes(frame, "concept", counts.cols),
                   dict(qualifier_aggregation=qualifier_aggregation, scheme=scheme), n_statements=len(frame))


def _side(level: float, scheme: str) -> int:
    """+1 agree, −1 disagree, 0 neither: boolean 1/0, integer by sign."""
    if scheme == "boolean":
        return 1 if level == 1.0 else -1
    return int(np.sign(level))


def _similarity(scheme: str, levels: tuple[float, ...]) -> np.ndarray:
    """s_kl = 1 − |q_k − q_l| / range: identity for boolean, graded for integer qualifiers."""
    q = np.asarray(levels)
    return 1.0 - np.abs(q[:, None] - q[None, :]) / QUALIFIER_RANGE[scheme]


def one_mode(frame: pd.DataFrame, *, type: str = "congruence", normalization: str = "none",  # noqa: A002
             mode: str = "actor", scheme: str = "boolean", weights: np.ndarray | None = None) -> Network:
    """Actor × actor (or concept × concept, ``mode="concept"``) network of an already prepared frame."""
    if type not in ONE_MODE_TYPES:
        raise AnalysisError(f"unknown one-mode network type {type!r} ({', '.join(ONE_MODE_TYPES)})")
    if normalization not in ONE_MODE_NORMALIZATIONS:
        raise AnalysisError(f"one-mode normalisation is one of {', '.join(ONE_MODE_NORMALIZATIONS)}, "
                            f"not {normalization!r}")
    if mode not in ("actor", "concept"):
        raise AnalysisError(f"one-mode networks are over actors or concepts, not {mode!r}")
    other = "concept" if mode == "actor" else "actor"
    counts = _count_matrices(frame, mode, other, scheme, weights)
    n = len(counts.rows)
    if type == "cooccurrence":
        mats = [counts.total()]
        sim = np.ones((1, 1))
    else:
        mats = counts.by_level
        sim = _similarity(scheme, counts.levels)

    def gram(kernel: np.ndarray) -> np.ndarray:
        """Σ_{k,l} kernel_kl · A_k A_lᵀ (symmetric kernel: each unordered level pair computed once)."""
        out = np.zeros((n, n))
        for k in range(len(mats)):
            for l in range(k, len(mats)):
                if kernel[k, l] == 0:
                    continue
                prod = _dense(mats[k] @ mats[l].T)
                out += kernel[k, l] * (prod if k == l else prod + prod.T)
        return out

    congruence = gram(sim)
    if type in ("congruence", "cooccurrence"):
        w = congruence
    else:
        conflict = gram(1.0 - sim)
        w = conflict if type == "conflict" else congruence - conflict
    self_sim = np.diag(congruence).copy()  # ‖a_i‖² under S (before the diagonal is cleared)
    activity = sum(np.asarray(m.sum(axis=1), dtype=float).ravel() for m in mats)  # dense or sparse alike
    if normalization == "average":
        w = _safe_divide(w, (activity[:, None] + activity[None, :]) / 2.0)
    elif normalization == "jaccard":
        w = _safe_divide(w, self_sim[:, None] + self_sim[None, :] - w)
    elif normalization == "cosine":
        norm = np.sqrt(np.clip(self_sim, 0.0, None))
        w = _safe_divide(w, norm[:, None] * norm[None, :])
    np.fill_diagonal(w, 0.0)
    matrix = pd.DataFrame(w, index=counts.rows, columns=counts.rows)
    nodes = _nodes(frame, mode, counts.rows)
    return Network(matrix, type, normalization, nodes, nodes, dict(mode=mode, scheme=scheme),
                   n_statements=len(frame))


def _safe_divide(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    """num / den with 0 where den is 0 (an actor without statements has no normalised ties)."""
    num = np.asarray(num, dtype=float)
    den = np.broadcast_to(np.asarray(den, dtype=float), num.shape)
    out = np.zeros_like(num)
    np.divide(num, den, out=out, where=den != 0)
    return out


def _nodes(frame: pd.DataFrame, column: str, labels: pd.Index) -> pd.DataFrame:
    return node_attributes(frame, column).reindex(labels)


# ------------------------------------------------------------------------------------------------ pipeline
def network(frame: pd.DataFrame, *, type: str = "twomode", normalization: str = "none",  # noqa: A002
            qualifier_aggregation: str = "ignore", mode: str = "actor", scheme: str = "boolean",
            aggregate: str = "person", duplicates: str = "none", drop_unaffiliated: bool = False,
            weights: np.ndarray | None = None) -> Network:
    """The full pipeline on a statement frame: aggregate actors, drop duplicates, build the network.

    ``weights`` (one per frame row, e.g. a time window or kernel) multiply each statement's contribution.
    Statements with weight 0 are left out *before* duplicates are dropped, so duplicates are judged within the
    slice: an identical statement outside a window cannot remove one inside it.
    """
    if type not in NETWORK_TYPES:
        raise AnalysisError(f"unknown network type {type!r} ({', '.join(NETWORK_TYPES)})")
    work = frame
    if weights is not None:
        w_all = np.asarray(weights, dtype=float)
        if len(w_all) != len(frame):
            raise AnalysisError(f"{len(w_all)} weights for {len(frame)} statements")
        work = frame.assign(_weight=w_all).loc[w_all > 0].reset_index(drop=True)
    work = prepare(work, aggregate=aggregate, duplicates=duplicates, scheme=scheme,
                   drop_unaffiliated=drop_unaffiliated)
    w = work["_weight"].to_numpy() if weights is not None else None
    if type == "twomode":
        net = two_mode(work, qualifier_aggregation=qualifier_aggregation, normalization=normalization,
                       scheme=scheme, weights=w)
    else:
        net = one_mode(work, type=type, normalization=normalization, mode=mode, scheme=scheme, weights=w)
    net.options.update(aggregate=aggregate, duplicates=duplicates)
    return net
