"""The network page's graph: aggregation level, edge-weight threshold, communities and a force-directed layout,
computed on the server so that the page, its JSON twin and the downloads show exactly the same network.

Layout: Fruchterman-Reingold (:func:`networkx.spring_layout`, seeded, so a graph is drawn the same way each time)
over the ties that hold actors together — congruence in the actor network, every edge in the two-mode network;
conflict edges are drawn but do not pull. Communities: Louvain (:func:`networkx.community.louvain_communities`,
seeded) over the same ties, numbered by size (0 = largest).
"""

from __future__ import annotations

import csv
import io
import math
from typing import Annotated, Any

from fastapi import Query

from standpunkt.analysis.frame import AGGREGATION_LEVELS
from standpunkt.store import Store
from standpunkt.store.filters import StatementFilter
from standpunkt.web.params import MAX_TOP
from standpunkt.web.queries import (
    ParameterError,
    actor_attributes,
    cached,
    heavy,
    network_of,
)

DOWNLOAD_FORMATS: dict[str, tuple[str, str]] = {
    "graphml": ("network.graphml", "application/graphml+xml"),
    "gexf": ("network.gexf", "application/gexf+xml"),
    "csv": ("network-edges.csv", "text/csv; charset=utf-8"),
    "dl": ("network.dl", "text/plain; charset=utf-8"),
}
LAYOUT_ITERATIONS = 60
LAYOUT_SEED = 7
NODE_SPACING = 55  # px per sqrt(node): the drawing grows with the graph so that labels keep some room
# Actors drawn unless ``top`` asks for fewer or more (at most MAX_TOP): more than the matrix's 200, because a
# network of a few hundred actors is still readable and laid out in about a second (DNA-nuclear: 337 speakers).
DEFAULT_NETWORK_TOP = 500
PULLING = {"congruence", "support", "conditional", "oppose", "neutral", "mixed"}  # conflict does not pull


def parse_level(level: str | None) -> str:
    level = (level or "person").strip() or "person"
    if level not in AGGREGATION_LEVELS:
        raise ParameterError(f"level: {level!r} is not one of {', '.join(AGGREGATION_LEVELS)}")
    return level


def parse_min_weight(value: str | None) -> float:
    value = (value or "").strip()
    if not value:
        return 0.0
    try:
        number = float(value)
    except ValueError:
        raise ParameterError(f"min_weight: {value!r} is not a number") from None
    if not math.isfinite(number) or number < 0:
        raise ParameterError(f"min_weight: {value!r} must be a number ≥ 0")
    return number


def network_params(
    mode: Annotated[str, Query(description="actors / two-mode")] = "actors",
    normalization: Annotated[str, Query(description="one-mode: none / average / jaccard / cosine")] = "none",
    level: Annotated[str | None, Query(description="actors as person / organisation / party / country")] = None,
    min_weight: Annotated[str | None, Query(description="leave out edges lighter than this")] = None,
    top: Annotated[int, Query(ge=1, le=MAX_TOP, description="the most active actors (at the level) shown; the "
                                                             "rest are counted in actors_total")] = DEFAULT_NETWORK_TOP,
) -> dict[str, Any]:
    """The network's own query parameters (besides the statement filters), parsed once for page, JSON and
    downloads."""
    return {"mode": mode, "normalization": normalization, "level": parse_level(level),
            "min_weight": parse_min_weight(min_weight), "top": top}


def network_view(store: Store, f: StatementFilter, mode: str = "actors", normalization: str = "none",
                 level: str = "person", min_weight: float = 0.0, top: int | None = None) -> dict[str, Any]:
    """The network page's graph, as page, JSON and downloads show it: :func:`standpunkt.web.queries.network_of`
    (from SQL counts, the ``top`` most active actors at ``level``; ``actors_total`` says how many there are),
    edges lighter than ``min_weight`` left out, each node with its community and its position (``x``, ``y`` in
    px). Computed at most :data:`~standpunkt.web.queries.HEAVY_REQUESTS` at a time and cached briefly (see
    :func:`standpunkt.web.queries.cached`); the result is shared, callers must not change it."""
    key = ("netview", f.key(), mode, normalization, level, min_weight, top)

    def compute() -> dict[str, Any]:
        with heavy():
            data = network_of(store, f, mode, normalization, top, level)
            colours: dict[str, str] = {}
            if level == "person":  # the colours analysts gave actors (actor manager) are drawn and exported
                names = [n["label"] for n in data["nodes"] if n["kind"] == "actor"]
                colours = {f"a:{name}": a["colour"] for name, a in actor_attributes(store, names).items()
                           if a.get("colour")}
            return lay_out(data, level, min_weight, colours)

    return cached(store, key, compute)


def lay_out(data: dict[str, Any], level: str = "person", min_weight: float = 0.0,
            colours: dict[str, str] | None = None) -> dict[str, Any]:
    """``data`` (nodes and edges of :func:`standpunkt.web.queries.network_from_counts`) with edges lighter than
    ``min_weight`` left out, communities and a seeded force-directed layout; ``colours``: node id → colour."""
    import networkx as nx

    total = len(data["edges"])
    data["edges"] = [e for e in data["edges"] if abs(e["weight"]) >= min_weight] if min_weight else data["edges"]
    data.update(level=level, min_weight=min_weight, edges_total=total, communities=0)
    if not data["nodes"]:
        return data
    g = nx.Graph()
    g.add_nodes_from(n["id"] for n in data["nodes"])
    top = max((abs(e["weight"]) for e in data["edges"]), default=1.0) or 1.0
    for e in data["edges"]:
        if e["type"] in PULLING and e["source"] != e["target"]:
            w = abs(e["weight"]) / top
            if g.has_edge(e["source"], e["target"]):
                w += g[e["source"]][e["target"]]["weight"]
            g.add_edge(e["source"], e["target"], weight=w)
    groups = nx.community.louvain_communities(g, weight="weight", seed=LAYOUT_SEED) if g.number_of_edges() else []
    groups = sorted(groups, key=lambda c: (-len(c), min(c)))
    community = {node: i for i, members in enumerate(groups) for node in members if len(members) > 1}
    n = len(data["nodes"])
    scale = NODE_SPACING * math.sqrt(n) + 100
    pos = nx.spring_layout(g, weight="weight", seed=LAYOUT_SEED, iterations=LAYOUT_ITERATIONS,
                           k=1.5 / math.sqrt(n)) if n > 1 else {data["nodes"][0]["id"]: (0.0, 0.0)}
    for node in data["nodes"]:
        x, y = pos[node["id"]]
        node.update(x=round(float(x) * scale, 1), y=round(float(y) * scale, 1),
                    community=community.get(node["id"]))
        if colours and node["id"] in colours:
            node["colour"] = colours[node["id"]]
    data["communities"] = sum(1 for c in groups if len(c) > 1)
    return data


# ---------------------------------------------------------------- downloads of exactly the network shown
def _graph(data: dict[str, Any]):  # noqa: ANN202 - networkx is imported lazily
    import networkx as nx

    g = nx.MultiGraph()
    for node in data["nodes"]:
        attrs = {"label": node["label"], "kind": node["kind"], "statements": node["statements"],
                 "x": node.get("x", 0.0), "y": node.get("y", 0.0)}
        if node.get("community") is not None:
            attrs["community"] = node["community"]
        if node.get("colour"):
            attrs["colour"] = node["colour"]
        g.add_node(node["id"], **attrs)
    for e in data["edges"]:
        g.add_edge(e["source"], e["target"], weight=float(e["weight"]), type=e["type"])
    return g


def write_dl(data: dict[str, Any]) -> str:
    """UCINET/visone DL (:func:`standpunkt.export.graphs.dl_text`): one matrix per edge type (congruence and
    conflict, or the two-mode stances); two-mode as actors × concepts."""
    import pandas as pd

    from standpunkt.export.graphs import dl_text

    actors = [n for n in data["nodes"] if n["kind"] != "concept"]
    concepts = [n for n in data["nodes"] if n["kind"] == "concept"]
    two_mode = data["mode"] == "two-mode"
    rows, cols = (actors, concepts) if two_mode else (actors, actors)
    ri = {n["id"]: i for i, n in enumerate(rows)}
    ci = {n["id"]: i for i, n in enumerate(cols)}
    types = sorted({e["type"] for e in data["edges"]}) or ["edges"]
    mats = {k: [[0.0] * len(cols) for _ in rows] for k in types}
    for e in data["edges"]:
        s, t = (e["source"], e["target"]) if e["source"] in ri else (e["target"], e["source"])
        if s in ri and t in ci:
            mats[e["type"]][ri[s]][ci[t]] = float(e["weight"])
            if not two_mode:
                mats[e["type"]][ri[t]][ci[s]] = float(e["weight"])
    frames = {k: pd.DataFrame(m, index=[n["label"] for n in rows], columns=[n["label"] for n in cols])
              for k, m in mats.items()}
    return dl_text(frames, two_mode=two_mode)


def download(data: dict[str, Any], fmt: str) -> tuple[bytes, str, str]:
    """(body, media type, file name) of the network ``data`` as shown: GraphML, GEXF, edge-list CSV or DL."""
    import networkx as nx

    if fmt not in DOWNLOAD_FORMATS:
        raise ParameterError(f"format: {fmt!r} is not one of {', '.join(DOWNLOAD_FORMATS)}")
    filename, media_type = DOWNLOAD_FORMATS[fmt]
    if fmt == "csv":
        labels = {n["id"]: n["label"] for n in data["nodes"]}
        out = io.StringIO()
        w = csv.writer(out, delimiter=";")
        w.writerow(["source", "target", "type", "weight", "source_community", "target_community"])
        community = {n["id"]: n.get("community") for n in data["nodes"]}
        for e in data["edges"]:
            w.writerow([labels[e["source"]], labels[e["target"]], e["type"], e["weight"],
                        "" if community[e["source"]] is None else community[e["source"]],
                        "" if community[e["target"]] is None else community[e["target"]]])
        return out.getvalue().encode("utf-8"), media_type, filename
    if fmt == "dl":
        return write_dl(data).encode("utf-8"), media_type, filename
    buf = io.BytesIO()
    g = _graph(data)
    if fmt == "graphml":
        nx.write_graphml(g, buf)
    else:
        nx.write_gexf(g, buf)
    return buf.getvalue(), media_type, filename
