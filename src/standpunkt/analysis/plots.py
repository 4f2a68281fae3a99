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
