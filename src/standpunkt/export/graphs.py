"""Network exports: GraphML (Gephi, networkx, yEd), GEXF 1.3 (static or dynamic over time slices) and JSON.

GraphML declares every attribute as a ``<key>`` with ``attr.name`` and ``attr.type`` (what Gephi and networkx
read; DNA's own GraphML uses visone-specific keys Gephi ignores). Node ids are ``n0, n1, …`` (GraphML ids are
NMTOKENs); the name is the ``label`` attribute. Edges carry ``weight`` and ``relation`` (one-mode: the network
type, for ``subtract`` ``congruence`` or ``conflict`` by the weight's sign; two-mode: ``statements``, or
``agreement``/``disagreement``/``both`` for subtract and combine).

Dynamic GEXF: each time slice's network becomes attribute values valid on an interval. Slices may overlap (moving
windows, kernels), GEXF intervals of one attribute may not, so slice i is written for the days between the
midpoints of its middle and its neighbours' middles (adjacent windows: exactly the window).
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from lxml import etree

from standpunkt.analysis.network import Network
from standpunkt.analysis.time import TimeSlice

GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"
GRAPHML_SCHEMA = "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd"
GEXF_NS = "http://gexf.net/1.3"
GEXF_SCHEMA = "http://gexf.net/1.3/gexf.xsd"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
NODE_ATTRIBUTES = (("label", "string"), ("mode", "string"), ("statements", "int"), ("actor_kind", "string"),
                   ("organisation", "string"), ("party", "string"), ("country", "string"))
COMBINE_RELATIONS = {1: "agreement", 2: "disagreement", 3: "both"}
GEXF_TYPES = {"string": "string", "int": "integer", "double": "double"}


def _present(v: Any) -> bool:
    return v is not None and v is not pd.NA and not (isinstance(v, float) and math.isnan(v)) and v != ""


def _relation(net: Network, weight: float) -> str:
    """The kind of tie: one-mode the network type (subtract: congruence/conflict by sign); two-mode what the
    actor said about the concept."""
    if net.two_mode:
        aggregation = net.options.get("qualifier_aggregation")
        if aggregation == "subtract":
            return "agreement" if weight > 0 else "disagreement"
        if aggregation == "combine":
            return COMBINE_RELATIONS.get(int(weight), "none")
        return "statements"
    if net.signed:
        return "congruence" if weight > 0 else "conflict"
    return net.type


def _nodes(net: Network) -> list[tuple[str, dict[str, Any]]]:
    """(label, attributes) of every node; two-mode: actors then concepts."""
    row_mode, col_mode = net.modes
    parts = [(net.row_nodes, row_mode)] + ([(net.col_nodes, col_mode)] if net.two_mode else [])
    out = []
    for nodes, mode in parts:
        for label, attrs in nodes.iterrows():
            data = {"label": str(label), "mode": mode}
            for name, _ in NODE_ATTRIBUTES[2:]:
                if name in attrs.index and _present(attrs[name]):
                    data[name] = int(attrs[name]) if name == "statements" else str(attrs[name])
            out.append((str(label), data))
    return out


def _node_ids(nodes: list[tuple[str, dict[str, Any]]]) -> dict[tuple[str, str], str]:
    return {(data["mode"], label): f"n{i}" for i, (label, data) in enumerate(nodes)}


def write_graphml(net: Network, path: Path) -> None:
    """GraphML with typed attribute keys for nodes, edges and the graph."""
    root = etree.Element(f"{{{GRAPHML_NS}}}graphml", nsmap={None: GRAPHML_NS, "xsi": XSI})
    root.set(f"{{{XSI}}}schemaLocation", f"{GRAPHML_NS} {GRAPHML_SCHEMA}")
    graph_keys = [("network_type", net.type), ("normalization", net.normalization),
                  ("statements", str(net.n_statements))] + [(k, str(v)) for k, v in sorted(net.options.items())]
    for name, _ in graph_keys:
        etree.SubElement(root, f"{{{GRAPHML_NS}}}key", id=f"g_{name}", attrib={"for": "graph", "attr.name": name,
                                                                              "attr.type": "string"})
    for name, typ in NODE_ATTRIBUTES:
        etree.SubElement(root, f"{{{GRAPHML_NS}}}key", id=f"v_{name}", attrib={"for": "node", "attr.name": name,
                                                                              "attr.type": typ})
    for name, typ in (("weight", "double"), ("relation", "string")):
        etree.SubElement(root, f"{{{GRAPHML_NS}}}key", id=f"e_{name}", attrib={"for": "edge", "attr.name": name,
                                                                              "attr.type": typ})
    graph = etree.SubElement(root, f"{{{GRAPHML_NS}}}graph", id="G", edgedefault="undirected")
    for name, value in graph_keys:
        etree.SubElement(graph, f"{{{GRAPHML_NS}}}data", key=f"g_{name}").text = value
    nodes = _nodes(net)
    ids = _node_ids(nodes)
    for label, data in nodes:
        el = etree.SubElement(graph, f"{{{GRAPHML_NS}}}node", id=ids[(data["mode"], label)])
        for name, _ in NODE_ATTRIBUTES:
            if name in data:
                etree.SubElement(el, f"{{{GRAPHML_NS}}}data", key=f"v_{name}").text = str(data[name])
    row_mode, col_mode = net.modes
    for i, e in enumerate(net.edges().itertuples(index=False)):
        el = etree.SubElement(graph, f"{{{GRAPHML_NS}}}edge", id=f"e{i}", source=ids[(row_mode, e.source)],
                              target=ids[(col_mode, e.target)])
        etree.SubElement(el, f"{{{GRAPHML_NS}}}data", key="e_weight").text = repr(float(e.weight))
        etree.SubElement(el, f"{{{GRAPHML_NS}}}data", key="e_relation").text = _relation(net, e.weight)
    etree.ElementTree(root).write(str(path), xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _slice_intervals(slices: Sequence[TimeSlice]) -> list[tuple[date, date]]:
    """Non-overlapping inclusive day intervals, one per slice (see module docstring)."""
    mids = [s.middle for s in slices]
    bounds = [slices[0].start]
    for i in range(1, len(slices)):
        if slices[i - 1].stop <= slices[i].start:  # adjacent or apart: the window itself
            bounds.append(slices[i].start)
        else:
            bounds.append(mids[i - 1] + (mids[i] - mids[i - 1]) / 2)
    out = []
    for i, s in enumerate(slices):
        start = bounds[i].normalize()
        stop = bounds[i + 1].normalize() if i + 1 < len(slices) else s.stop.normalize()
        end = max(start, stop - pd.Timedelta(days=1))
        out.append((start.date(), end.date()))
    return out


def write_gexf(path: Path, net: Network | None = None, *,
               series: Sequence[tuple[TimeSlice, Network]] | None = None) -> None:
    """GEXF 1.3: a static graph (``net``) or a dynamic one over time slices (``series``)."""
    if (net is None) == (series is None):
        raise ValueError("give either a network or a series of (slice, network)")
    dynamic = series is not None
    nets = [n for _, n in series] if dynamic else [net]
    first = nets[0]
    intervals = _slice_intervals([s for s, _ in series]) if dynamic else []
    root = etree.Element(f"{{{GEXF_NS}}}gexf", nsmap={None: GEXF_NS, "xsi": XSI}, version="1.3")
    root.set(f"{{{XSI}}}schemaLocation", f"{GEXF_NS} {GEXF_SCHEMA}")
    meta = etree.SubElement(root, f"{{{GEXF_NS}}}meta", lastmodifieddate=date.today().isoformat())
    etree.SubElement(meta, f"{{{GEXF_NS}}}creator").text = "standpunkt"
    etree.SubElement(meta, f"{{{GEXF_NS}}}description").text = (
        f"{first.type} network, normalization {first.normalization}"
        + (f", {len(nets)} time slices" if dynamic else ""))
    gattrs = {"defaultedgetype": "undirected", "mode": "dynamic" if dynamic else "static"}
    if dynamic:
        gattrs.update(timeformat="date", timerepresentation="interval",
                      start=intervals[0][0].isoformat(), end=intervals[-1][1].isoformat())
    graph = etree.SubElement(root, f"{{{GEXF_NS}}}graph", **gattrs)
    nattrs = etree.SubElement(graph, f"{{{GEXF_NS}}}attributes", attrib={"class": "node", "mode": "static"})
    for i, (name, typ) in enumerate(NODE_ATTRIBUTES[1:]):
        etree.SubElement(nattrs, f"{{{GEXF_NS}}}attribute", id=name, title=name, type=GEXF_TYPES[typ])
    eattrs = etree.SubElement(graph, f"{{{GEXF_NS}}}attributes",
                              attrib={"class": "edge", "mode": "dynamic" if dynamic else "static"})
    etree.SubElement(eattrs, f"{{{GEXF_NS}}}attribute", id="relation", title="relation", type="string")
    if dynamic:
        etree.SubElement(eattrs, f"{{{GEXF_NS}}}attribute", id="weight", title="weight", type="double")
    # union of nodes over all slices, each with the spells in which it has statements
    nodes: dict[tuple[str, str], dict[str, Any]] = {}
    spells: dict[tuple[str, str], list[int]] = {}
    for k, n in enumerate(nets):
        for label, data in _nodes(n):
            key = (data["mode"], label)
            prev = nodes.get(key)
            if prev is not None:
                data = {**data, "statements": prev.get("statements", 0) + data.get("statements", 0)}
            nodes[key] = data
            spells.setdefault(key, []).append(k)
    ids = {key: f"n{i}" for i, key in enumerate(nodes)}
    nodes_el = etree.SubElement(graph, f"{{{GEXF_NS}}}nodes")
    for key, data in nodes.items():
        el = etree.SubElement(nodes_el, f"{{{GEXF_NS}}}node", id=ids[key], label=data["label"])
        values = etree.SubElement(el, f"{{{GEXF_NS}}}attvalues")
        for name, _ in NODE_ATTRIBUTES[1:]:
            if name in data:
                etree.SubElement(values, f"{{{GEXF_NS}}}attvalue", attrib={"for": name, "value": str(data[name])})
        if dynamic:
            sp = etree.SubElement(el, f"{{{GEXF_NS}}}spells")
            for k in spells[key]:
                etree.SubElement(sp, f"{{{GEXF_NS}}}spell", start=intervals[k][0].isoformat(),
                                 end=intervals[k][1].isoformat())
    edges: dict[tuple[tuple[str, str], tuple[str, str]], list[tuple[int, float, str]]] = {}
    for k, n in enumerate(nets):
        row_mode, col_mode = n.modes
        for e in n.edges().itertuples(index=False):
            edges.setdefault(((row_mode, e.source), (col_mode, e.target)), []).append(
                (k, float(e.weight), _relation(n, e.weight)))
    edges_el = etree.SubElement(graph, f"{{{GEXF_NS}}}edges")
    for i, ((src, dst), occurrences) in enumerate(edges.items()):
        attrs = {"id": f"e{i}", "source": ids[src], "target": ids[dst]}
        if not dynamic:
            attrs["weight"] = repr(occurrences[0][1])
        el = etree.SubElement(edges_el, f"{{{GEXF_NS}}}edge", **attrs)
        values = etree.SubElement(el, f"{{{GEXF_NS}}}attvalues")
        for k, weight, relation in occurrences:
            span = {"start": intervals[k][0].isoformat(), "end": intervals[k][1].isoformat()} if dynamic else {}
            etree.SubElement(values, f"{{{GEXF_NS}}}attvalue", attrib={"for": "relation", "value": relation, **span})
            if dynamic:
                etree.SubElement(values, f"{{{GEXF_NS}}}attvalue",
                                 attrib={"for": "weight", "value": repr(weight), **span})
        if dynamic:
            sp = etree.SubElement(el, f"{{{GEXF_NS}}}spells")
            for k, _, _ in occurrences:
                etree.SubElement(sp, f"{{{GEXF_NS}}}spell", start=intervals[k][0].isoformat(),
                                 end=intervals[k][1].isoformat())
    etree.ElementTree(root).write(str(path), xml_declaration=True, encoding="UTF-8", pretty_print=True)


def network_json(net: Network) -> dict[str, Any]:
    """A JSON-ready dict: options, nodes with attributes, edges, and the matrix (what the web app serves)."""
    m = net.matrix.to_numpy(dtype=float)
    return {
        "type": net.type, "normalization": net.normalization, "options": net.options,
        "statements": net.n_statements,
        "nodes": [data for _, data in _nodes(net)],
        "edges": [{"source": e.source, "target": e.target, "weight": float(e.weight),
                   "relation": _relation(net, e.weight)} for e in net.edges().itertuples(index=False)],
        "matrix": {"rows": [str(r) for r in net.matrix.index], "columns": [str(c) for c in net.matrix.columns],
                   "values": [[None if np.isnan(v) else float(v) for v in row] for row in m]},
    }


def write_json(path: Path, net: Network | None = None, *,
               series: Sequence[tuple[TimeSlice, Network]] | None = None) -> None:
    """One network, or a list of time slices each with its summary and network."""
    if series is not None:
        data: Any = {"slices": [{**s.summary(), "network": network_json(n)} for s, n in series]}
    else:
        data = network_json(net)
    Path(path).write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")


def _dl_label(text: Any) -> str:
    return '"' + str(text).replace('"', "'").replace("\n", " ") + '"'


def dl_text(matrices: dict[str, pd.DataFrame], *, two_mode: bool) -> str:
    """UCINET DL (full matrix, quoted labels; read by UCINET, visone, Pajek's converters and networkx-free
    tools): one matrix per entry of ``matrices`` (all with the same rows and columns), named by its key."""
    first = next(iter(matrices.values()))
    rows, cols = [str(x) for x in first.index], [str(x) for x in first.columns]
    size = f"NR={len(rows)} NC={len(cols)}" if two_mode else f"N={len(rows)}"
    out = [f"DL {size} NM={len(matrices)} FORMAT=FULLMATRIX"]
    if two_mode:
        out += ["ROW LABELS:", *map(_dl_label, rows), "COLUMN LABELS:", *map(_dl_label, cols)]
    else:
        out += ["LABELS:", *map(_dl_label, rows)]
    out += ["MATRIX LABELS:", *map(_dl_label, matrices), "DATA:"]
    for m in matrices.values():
        for values in m.to_numpy(dtype=float):
            out.append(" ".join(f"{v:g}" for v in values))
    return "\n".join(out) + "\n"


def write_dl(net: Network, path: Path) -> None:
    """The network's matrix as a UCINET/visone ``.dl`` file (one-mode: N×N; two-mode: actors × concepts)."""
    Path(path).write_text(dl_text({net.type: net.matrix}, two_mode=net.two_mode), encoding="utf-8")
