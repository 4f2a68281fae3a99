"""GraphML / GEXF / JSON / CSV exports: schema-valid, readable by networkx, and carrying the right numbers.

The schemas in tests/data/schemas/ are structural schemas written from the GraphML and GEXF 1.3 specifications
(see their headers); the official XSD files are not shipped.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import networkx as nx
import pytest
from lxml import etree

from standpunkt.analysis.frame import statement_frame
from standpunkt.analysis.network import network
from standpunkt.analysis.time import moving_windows, networks_over_time
from standpunkt.export.graphs import write_gexf, write_graphml, write_json
from standpunkt.export.tables import EVENT_COLUMNS, write_event_list, write_matrix_csv
from standpunkt.model import Document

SCHEMAS = Path(__file__).parent / "data" / "schemas"


def schema(name: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMAS / name)))


@pytest.fixture
def frame():
    rows = [("Angela Merkel", "CDU", "Ausstieg", "support", "2011-03-14"),
            ("Jürgen Trittin", "Grüne", "Ausstieg", "support", "2011-03-15"),
            ("Angela Merkel", "CDU", "Moratorium", "support", "2011-03-15"),
            ("Rainer Brüderle", "FDP", "Ausstieg", "oppose", "2011-04-02"),
            ("Rainer Brüderle", "FDP", "Moratorium", "conditional", "2011-04-20"),
            ("Greenpeace", None, "Ausstieg & Co <sofort>", "support", "2011-05-02")]
    return statement_frame([{"id": i, "actor": a, "organisation": o, "concept": c, "agreement": g, "date": d}
                            for i, (a, o, c, g, d) in enumerate(rows, start=1)])


def test_graphml_one_mode_valid_and_readable(frame, tmp_path):
    net = network(frame, type="subtract")
    path = tmp_path / "n.graphml"
    write_graphml(net, path)
    xsd = schema("graphml-structure.xsd")
    assert xsd.validate(etree.parse(str(path))), xsd.error_log
    g = nx.read_graphml(path)
    labels = {n: d["label"] for n, d in g.nodes(data=True)}
    by_label = {v: k for k, v in labels.items()}
    assert set(labels.values()) == set(net.matrix.index)
    e = g[by_label["Angela Merkel"]][by_label["Jürgen Trittin"]]
    assert e["weight"] == pytest.approx(net.matrix.loc["Angela Merkel", "Jürgen Trittin"]) and e["relation"] == \
        "congruence"
    assert g[by_label["Jürgen Trittin"]][by_label["Rainer Brüderle"]]["relation"] == "conflict"
    assert not g.has_edge(by_label["Angela Merkel"], by_label["Rainer Brüderle"])  # +1 Moratorium −1 Ausstieg = 0
    assert g.nodes[by_label["Angela Merkel"]]["statements"] == 2  # typed: int, not a string
    assert g.graph["network_type"] == "subtract"


def test_graphml_two_mode_keeps_actor_and_concept_apart(tmp_path):
    f = statement_frame([{"id": 1, "actor": "X", "concept": "X", "agreement": "support", "date": "2011-01-01"}])
    path = tmp_path / "t.graphml"
    write_graphml(network(f, type="twomode"), path)
    assert schema("graphml-structure.xsd").validate(etree.parse(str(path)))
    g = nx.read_graphml(path)
    assert sorted(d["mode"] for _, d in g.nodes(data=True)) == ["actor", "concept"]
    assert g.number_of_edges() == 1


def test_structural_schema_rejects_broken_graphml(frame, tmp_path):
    path = tmp_path / "n.graphml"
    write_graphml(network(frame, type="congruence"), path)
    doc = etree.parse(str(path))
    edge = doc.find(".//{http://graphml.graphdrawing.org/xmlns}edge")
    edge.set("target", "n999")  # an edge to a node that does not exist
    assert not schema("graphml-structure.xsd").validate(doc)


def test_gexf_static(frame, tmp_path):
    net = network(frame, type="congruence", normalization="cosine")
    path = tmp_path / "n.gexf"
    write_gexf(path, net)
    xsd = schema("gexf-1.3-structure.xsd")
    assert xsd.validate(etree.parse(str(path))), xsd.error_log
    g = nx.read_gexf(path)
    labels = {d["label"]: n for n, d in g.nodes(data=True)}
    w = g[labels["Angela Merkel"]][labels["Jürgen Trittin"]]["weight"]
    assert w == pytest.approx(net.matrix.loc["Angela Merkel", "Jürgen Trittin"])


def test_gexf_dynamic_time_slices(frame, tmp_path):
    slices = moving_windows(frame, unit="months", size=1)
    series = list(networks_over_time(frame, slices, type="twomode"))
    path = tmp_path / "d.gexf"
    write_gexf(path, series=series)
    xsd = schema("gexf-1.3-structure.xsd")
    assert xsd.validate(etree.parse(str(path))), xsd.error_log
    g = nx.read_gexf(path)
    assert g.graph["mode"] == "dynamic"
    labels = {d["label"]: n for n, d in g.nodes(data=True)}
    # windows [03-14, 04-14) and [04-14, 05-14):
    # Brüderle → Ausstieg (04-02) in the first, → Moratorium (04-20) in the second
    assert [s.count for s in slices] == [4, 2]
    assert g[labels["Rainer Brüderle"]][labels["Ausstieg"]]["spells"] == [("2011-03-14", "2011-04-13")]
    assert g[labels["Rainer Brüderle"]][labels["Moratorium"]]["spells"] == [("2011-04-14", "2011-05-13")]
    assert g.nodes[labels["Angela Merkel"]]["spells"] == [("2011-03-14", "2011-04-13")]
    assert g.nodes[labels["Rainer Brüderle"]]["spells"] == [("2011-03-14", "2011-04-13"), ("2011-04-14", "2011-05-13")]
    # per-interval weights (networkx reads a dynamic "weight" as static, so read them from the XML):
    # the two-mode weight of Merkel → Moratorium is 1 in the first interval only
    ns = {"g": "http://gexf.net/1.3"}
    doc = etree.parse(str(path))
    ids = {n.get("label"): n.get("id") for n in doc.iterfind(".//g:node", ns)}
    edge = next(e for e in doc.iterfind(".//g:edge", ns)
                if (e.get("source"), e.get("target")) == (ids["Angela Merkel"], ids["Moratorium"]))
    assert [(a.get("value"), a.get("start"), a.get("end")) for a in edge.iterfind(".//g:attvalue[@for='weight']", ns)] \
        == [("1.0", "2011-03-14", "2011-04-13")]


def test_json_export(frame, tmp_path):
    net = network(frame, type="conflict")
    write_json(tmp_path / "n.json", net)
    data = json.loads((tmp_path / "n.json").read_text(encoding="utf-8"))
    assert data["type"] == "conflict" and len(data["matrix"]["rows"]) == 4
    assert {"source": "Jürgen Trittin", "target": "Rainer Brüderle", "weight": 1.0,
            "relation": "conflict"} in data["edges"]
    series = list(networks_over_time(frame, moving_windows(frame, unit="months", size=2, step=1), type="twomode"))
    write_json(tmp_path / "s.json", series=series)
    slices = json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))["slices"]
    assert [s["statements"] for s in slices] == [6]  # one window [03-14, 05-14) covers all


def test_matrix_csv_layout(frame, tmp_path):
    net = network(frame, type="twomode", qualifier_aggregation="subtract")
    write_matrix_csv(net.matrix, tmp_path / "m.csv")
    text = (tmp_path / "m.csv").read_text(encoding="utf-8")
    first = text.splitlines()[0]
    assert first.startswith('"";"Ausstieg"') and '"Ausstieg & Co <sofort>"' in first
    rows = list(csv.reader(text.splitlines(), delimiter=";"))
    merkel = next(r for r in rows if r[0] == "Angela Merkel")
    assert merkel[1:] == ["1", "0", "1"]
    brüderle = next(r for r in rows if r[0] == "Rainer Brüderle")
    assert brüderle[1:] == ["-1", "0", "1"]


def test_event_list_has_evidence_text(tmp_path):
    text = "Merkel sagte, der Ausstieg komme, wenn die Netze reichen. Trittin widersprach."
    doc = Document(text=text, title="Atom", outlet="taz")
    f = statement_frame([{"id": 7, "document_id": doc.id, "actor": "Angela Merkel", "concept": "Ausstieg",
                          "agreement": "conditional", "date": "2011-03-14", "evidence": [[0, 57]],
                          "condition": [[34, 56]], "form": "Indirect", "confidence": 0.83, "outlet": "taz",
                          "document_title": "Atom", "origin": "machine"}])
    n = write_event_list(f, tmp_path / "e.csv", {doc.id: doc})
    rows = list(csv.DictReader((tmp_path / "e.csv").open(encoding="utf-8"), delimiter=";"))
    assert n == 1 and list(rows[0]) == list(EVENT_COLUMNS)
    r = rows[0]
    assert r["text"] == text[:57] and r["condition"] == "wenn die Netze reichen"
    assert (r["start_position"], r["stop_position"], r["agreement"], r["stance"]) == ("0", "57", "1", "conditional")
    assert r["document_source"] == "taz" and r["form"] == "Indirect" and r["confidence"] == "0.83"
