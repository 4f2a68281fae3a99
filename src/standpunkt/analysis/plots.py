"""Plots (matplotlib, headless): stance matrix heatmap, network drawing, stance timeline. PNG or SVG by suffix.

Kept apart from the data functions so the library and the web app never need matplotlib to compute anything.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from standpunkt.analysis.frame import AnalysisError
from standpunkt.analysis.network import Network

PLOT_FORMATS = (".png", ".svg")
DPI = 150
AGREE_COLOR = "#1a7f37"  # green: congruence / support
CONFLICT_COLOR = "#cf222e"  # red: conflict / opposition
MAX_LABEL = 28  # characters of a tick label before it is shortened
MAX_DRAWN_EDGES = 400  # the strongest edges; more only add ink


def _pyplot():  # noqa: ANN202
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def _check(path: Path) -> Path:
    path = Path(path)
    if path.suffix.lower() not in PLOT_FORMATS:
        raise AnalysisError(f"plots are written as {' or '.join(PLOT_FORMATS)}, not {path.suffix or 'no suffix'!r}")
    return path


def _short(label: object) -> str:
    s = str(label)
    return s if len(s) <= MAX_LABEL else s[:MAX_LABEL - 1] + "…"


def plot_matrix(matrix: pd.DataFrame, path: Path, *, title: str = "Stance matrix", diverging: bool = True) -> None:
    """Heatmap of an actor × concept table; diverging colours (−1 oppose … +1 support) for stance scores."""
    path = _check(path)
    if matrix.empty:
        raise AnalysisError("nothing to plot: the matrix is empty")
    plt = _pyplot()
    values = matrix.to_numpy(dtype=float)
    h, w = values.shape
    fig, ax = plt.subplots(figsize=(min(4 + 0.35 * w, 40), min(2.5 + 0.3 * h, 40)))
    if diverging:
        lim = np.nanmax(np.abs(values)) if np.isfinite(values).any() else 1.0
        im = ax.imshow(np.ma.masked_invalid(values), cmap="RdYlGn", vmin=-lim, vmax=lim, aspect="auto")
    else:
        im = ax.imshow(np.ma.masked_invalid(values), cmap="viridis", aspect="auto")
    ax.set_facecolor("#eeeeee")  # cells without statements
    ax.set_xticks(range(w), [_short(c) for c in matrix.columns], rotation=60, ha="right", fontsize=8)
    ax.set_yticks(range(h), [_short(r) for r in matrix.index], fontsize=8)
    ax.set_title(title)
    fig.colorbar(im, ax=ax, shrink=0.6)
    fig.tight_layout()
    fig.savefig(path, dpi=DPI)
    plt.close(fig)


def plot_network(net: Network, path: Path, *, title: str | None = None, top_nodes: int | None = 60,
                 seed: int = 1) -> None:
    """Spring-layout drawing: green edges for agreement (congruence, positive subtract), red for conflict; width
    by weight; node size by statements. ``top_nodes`` keeps the most active nodes readable."""
    import networkx as nx

    path = _check(path)
    plt = _pyplot()
    g = net.to_networkx()
    if top_nodes and g.number_of_nodes() > top_nodes:
        keep = sorted(g.nodes, key=lambda n: -(g.nodes[n].get("statements") or 0))[:top_nodes]
        g = g.subgraph(keep).copy()
    if g.number_of_nodes() == 0:
        raise AnalysisError("nothing to plot: the network has no nodes")
    edges = sorted(g.edges(data="weight"), key=lambda e: -abs(e[2]))[:MAX_DRAWN_EDGES]
    isolated = set(g.nodes) - {n for u, v, _ in edges for n in (u, v)}
    if len(isolated) < g.number_of_nodes():  # unconnected nodes only push the drawing apart
        g = g.subgraph(set(g.nodes) - isolated).copy()
    fig, ax = plt.subplots(figsize=(12, 10))
    # the layout pulls together what agrees; conflict ties must not (unless conflict is all there is)
    layout_graph = nx.Graph()
    layout_graph.add_nodes_from(g.nodes)
    pull = [(u, v, w) for u, v, w in edges if w > 0 and net.type != "conflict"] or edges
    layout_graph.add_weighted_edges_from((u, v, abs(w)) for u, v, w in pull)
    pos = nx.spring_layout(layout_graph, seed=seed, weight="weight", k=1.5 / max(g.number_of_nodes(), 1) ** 0.5,
                           iterations=200)
    weights = np.array([abs(w) for _, _, w in edges]) if edges else np.array([1.0])
    scale = 4.0 / weights.max() if weights.max() > 0 else 1.0
    conflict = net.type == "conflict"
    colors = [CONFLICT_COLOR if conflict or w < 0 else AGREE_COLOR for _, _, w in edges]
    nx.draw_networkx_edges(g, pos, edgelist=[(u, v) for u, v, _ in edges], width=[0.3 + abs(w) * scale
                                                                                 for _, _, w in edges],
                           edge_color=colors, alpha=0.5, ax=ax)
    sizes = [60 + 25 * (g.nodes[n].get("statements") or 1) ** 0.8 for n in g.nodes]
    node_colors = ["#4c72b0" if g.nodes[n].get("mode") == "actor" else "#dd8452" for n in g.nodes]
    nx.draw_networkx_nodes(g, pos, node_size=sizes, node_color=node_colors, alpha=0.85, ax=ax)
    nx.draw_networkx_labels(g, pos, labels={n: _short(n) for n in g.nodes}, font_size=7, ax=ax)
    shown = f"{g.number_of_nodes()} most active nodes, {len(edges)} strongest ties"
    ax.set_title(title or f"{net.type} network ({net.normalization}): {shown}")
    ax.axis("off")
    fig.tight_layout()
    fig.savefig(path, dpi=DPI)
    plt.close(fig)


def plot_timeline(table: pd.DataFrame, path: Path, *, by: str = "actor", value: str = "mean_stance",
                  title: str | None = None) -> None:
    """One line per actor (or concept) over time: mean stance (−1…1) or statement counts per period."""
    path = _check(path)
    if table.empty:
        raise AnalysisError("nothing to plot: the timeline is empty")
    if value not in table.columns:
        raise AnalysisError(f"timeline has no column {value!r}")
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(11, 5.5))
    for group, part in table.groupby(by, sort=False):
        part = part.sort_values("period")
        ax.plot(part["period"], part[value], marker="o", linewidth=1.5, markersize=3,
                label=_short(group))
    if value == "mean_stance":
        ax.axhline(0, color="#888888", linewidth=0.8)
        ax.set_ylim(-1.05, 1.05)
        ax.set_ylabel("mean stance (−1 oppose … +1 support)")
    else:
        ax.set_ylabel(value)
    ax.legend(fontsize=8, loc="center left", bbox_to_anchor=(1.0, 0.5))
    ax.set_title(title or f"Stances per {by} over time")
    fig.autofmt_xdate()
    fig.tight_layout()
    fig.savefig(path, dpi=DPI)
    plt.close(fig)


# ------------------------------------------------------------------------------------------------ analyses (issue 19)
CAMP_COLORS = {"A": "#4c72b0", "B": "#dd8452"}
MAX_SCALED_LABELS = 60  # actors labelled in a scaling plot (the most active)


def _save(fig, path: Path) -> None:  # noqa: ANN001
    fig.tight_layout()
    fig.savefig(path, dpi=DPI)
    _pyplot().close(fig)


def _dates_or_numbers(table: pd.DataFrame) -> tuple[object, bool]:
    if table["middle"].notna().all():
        return pd.to_datetime(table["middle"]), True
    return table["window"], False


def plot_polarization(table: pd.DataFrame, path: Path, *, title: str = "Polarization over time") -> None:
    """Score per window (line) above the camp sizes per window (stacked bars)."""
    path = _check(path)
    if table.empty:
        raise AnalysisError("nothing to plot: no windows")
    plt = _pyplot()
    x, dated = _dates_or_numbers(table)
    fig, (ax, ax2) = plt.subplots(2, 1, figsize=(11, 6.5), sharex=True, gridspec_kw={"height_ratios": [2, 1]})
    ax.plot(x, table["polarization"].astype(float), marker="o", color="#333333", label="polarization (signed modularity)")
    ax.plot(x, table["congruence_within"].astype(float), linestyle="--", color=AGREE_COLOR, alpha=0.7,
            label="share of congruence inside camps")
    ax.plot(x, table["conflict_between"].astype(float), linestyle=":", color=CONFLICT_COLOR, alpha=0.8,
            label="share of conflict across camps")
    ax.set_ylim(0, 1.02)
    ax.set_ylabel("score / share")
    ax.legend(fontsize=8, loc="lower right")
    ax.set_title(title)
    width = (x.diff().median() * 0.8) if dated and len(x) > 1 else 0.8
    ax2.bar(x, table["camp_a"], width=width, color=CAMP_COLORS["A"], label="camp A")
    ax2.bar(x, table["camp_b"], width=width, bottom=table["camp_a"], color=CAMP_COLORS["B"], label="camp B")
    ax2.set_ylabel("actors")
    ax2.legend(fontsize=8, loc="upper right")
    if dated:
        fig.autofmt_xdate()
    else:
        ax2.set_xlabel("window")
    _save(fig, path)


def plot_backbone(curve: pd.DataFrame, size: int, path: Path, *, title: str = "Backbone: loss vs size") -> None:
    """Relative spectral loss of the top-k concepts against k, the chosen backbone marked."""
    path = _check(path)
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(9, 5))
    ax.plot(curve["size"], curve["relative_loss"], marker="o", markersize=3, color="#333333")
    ax.axvline(size, color=CONFLICT_COLOR, linestyle="--", label=f"backbone: {size} concepts")
    ax.set_xlabel("concepts in the backbone (nested order)")
    ax.set_ylabel("relative spectral loss")
    ax.set_ylim(0, 1.05)
    ax.legend()
    ax.set_title(title)
    _save(fig, path)


def plot_clusters(linkage: np.ndarray, labels: list[str], clusters: pd.Series, path: Path, *,
                  title: str = "Actor clusters") -> None:
    """Dendrogram of the hierarchical method; leaf labels coloured by Louvain cluster."""
    from scipy.cluster.hierarchy import dendrogram

    path = _check(path)
    plt = _pyplot()
    n = len(labels)
    fig, ax = plt.subplots(figsize=(10, min(3 + 0.18 * n, 60)))
    dendrogram(linkage, labels=[_short(x) for x in labels], orientation="left", ax=ax, color_threshold=0,
                   above_threshold_color="#888888", leaf_font_size=7)
    palette = plt.get_cmap("tab10")
    full = {_short(a): a for a in labels}
    for tick in ax.get_yticklabels():
        k = clusters.get(full.get(tick.get_text(), ""), 0)
        tick.set_color(palette((int(k) - 1) % 10))
    ax.set_xlabel("distance (average linkage)")
    ax.set_title(f"{title}: labels coloured by Louvain cluster")
    _save(fig, path)


def plot_phases(windows: pd.DataFrame, distances: np.ndarray, path: Path, *, clustered: list[int] | None = None,
                title: str = "Phases") -> None:
    """Phase of each window along time (coloured bars, height = statements) and the window distance matrix."""
    path = _check(path)
    plt = _pyplot()
    palette = plt.get_cmap("tab10")
    fig, (ax, ax2) = plt.subplots(1, 2, figsize=(13, 4.8), gridspec_kw={"width_ratios": [2, 1]})
    x = np.arange(1, len(windows) + 1)
    colors = ["#dddddd" if pd.isna(p) else palette((int(p) - 1) % 10) for p in windows["phase"]]
    ax.bar(x, windows["statements"], color=colors)
    labels = windows["middle"].fillna("").astype(str).tolist()
    step = max(1, len(x) // 16)
    ax.set_xticks(x[::step], labels[::step], rotation=45, ha="right", fontsize=8)
    ax.set_ylabel("statements")
    phases = sorted({int(p) for p in windows["phase"].dropna()})
    for p in phases:
        ax.bar([0], [0], color=palette((p - 1) % 10), label=f"phase {p}")
    ax.set_xlim(0.4, len(x) + 0.6)
    ax.legend(fontsize=8)
    ax.set_title(title)
    im = ax2.imshow(distances, cmap="viridis", vmin=0, vmax=max(float(distances.max()), 1e-9))
    numbers = clustered or list(range(1, len(distances) + 1))
    ticks = np.arange(0, len(numbers), max(1, len(numbers) // 12))
    ax2.set_xticks(ticks, [numbers[t] for t in ticks], fontsize=8)
    ax2.set_yticks(ticks, [numbers[t] for t in ticks], fontsize=8)
    ax2.set_title("distance between windows (numbers)")
    fig.colorbar(im, ax=ax2, shrink=0.7)
    _save(fig, path)


def plot_scaling(actors: pd.DataFrame, path: Path, *, inertia: list[float] | None = None,
                 dimensions: int = 2, title: str = "Actor positions (correspondence analysis)") -> None:
    """1-D: actors sorted on dimension 1 with bootstrap intervals; 2-D: labelled map, intervals as crosses."""
    path = _check(path)
    if actors.empty:
        raise AnalysisError("nothing to plot: no actors scaled")
    plt = _pyplot()
    shown = actors.nlargest(MAX_SCALED_LABELS, "statements") if len(actors) > MAX_SCALED_LABELS else actors
    share = inertia or []
    if dimensions == 1 or "dim2" not in actors.columns:
        shown = shown.sort_values("dim1")
        fig, ax = plt.subplots(figsize=(9, min(2 + 0.22 * len(shown), 40)))
        y = np.arange(len(shown))
        if "dim1_low" in shown.columns:
            ax.hlines(y, shown["dim1_low"], shown["dim1_high"], color="#999999")
        ax.plot(shown["dim1"], y, "o", color="#4c72b0")
        ax.set_yticks(y, [_short(a) for a in shown["actor"]], fontsize=7)
        ax.axvline(0, color="#cccccc", linewidth=0.8)
        ax.set_xlabel("dimension 1" + (f" ({share[0]:.0%} of inertia)" if share else "") + ", 95 % bootstrap")
    else:
        fig, ax = plt.subplots(figsize=(11, 9))
        if "dim1_se" in shown.columns:
            ax.errorbar(shown["dim1"], shown["dim2"], xerr=shown["dim1_se"], yerr=shown["dim2_se"], fmt="none",
                        ecolor="#cccccc", elinewidth=0.8)
        size = 15 + 6 * np.sqrt(shown["statements"].to_numpy(dtype=float))
        ax.scatter(shown["dim1"], shown["dim2"], s=size, color="#4c72b0", alpha=0.8)
        for row in shown.itertuples(index=False):
            ax.annotate(_short(row.actor), (row.dim1, row.dim2), fontsize=7, xytext=(3, 3), textcoords="offset points")
        ax.axhline(0, color="#cccccc", linewidth=0.8)
        ax.axvline(0, color="#cccccc", linewidth=0.8)
        ax.set_xlabel("dimension 1" + (f" ({share[0]:.0%} of inertia)" if share else ""))
        ax.set_ylabel("dimension 2" + (f" ({share[1]:.0%} of inertia)" if len(share) > 1 else ""))
    ax.set_title(title)
    _save(fig, path)
