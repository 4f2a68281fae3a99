"""The network page's data over HTTP: aggregation level, edge-weight threshold, communities, layout, and
downloads that hold exactly the network shown (GraphML, GEXF, CSV, UCINET DL); on DNA-nuclear too."""

from __future__ import annotations

import csv
import io
import time

import httpx
import networkx as nx
import pytest
from typer.testing import CliRunner

from conftest import REPO, SHARED_DATA
from web_sample import TROOPS, LiveServer, build_store

MAPPING = REPO / "examples" / "dna-nuclear-mapping.yaml"
CLAIMS = SHARED_DATA / "dna-nuclear" / "claims.csv"


def serve(store):
    from standpunkt.web import create_app

    return LiveServer(create_app(store=store, secret_key="network-test"))


@pytest.fixture(scope="module")
def http(tmp_path_factory):
    store = build_store(f"sqlite:///{tmp_path_factory.mktemp('net') / 'net.db'}")
    live = serve(store)
    with httpx.Client(base_url=live.url, timeout=60) as client:
        yield client
    live.stop()
    store.close()


def test_layout_communities_and_levels(http) -> None:
    data = http.get("/api/network").json()
    assert data["level"] == "person" and data["nodes"]
    assert all(isinstance(n["x"], float) and isinstance(n["y"], float) for n in data["nodes"])
    assert len({(n["x"], n["y"]) for n in data["nodes"]}) == len(data["nodes"])  # no two nodes on one spot
    assert data == http.get("/api/network").json()  # seeded: the same drawing every time
    # Landsbergis and Macron both support ground troops: congruent, one community
    community = {n["label"]: n["community"] for n in data["nodes"]}
    assert community["Gabrielius Landsbergis"] == community["Emmanuel Macron"] is not None
    # by country: the Lithuanian ministers become Litauen
    by_country = http.get("/api/network", params={"level": "country", "mode": "two-mode"}).json()
    labels = {n["label"] for n in by_country["nodes"] if n["kind"] == "actor"}
    assert {"Litauen", "Deutschland", "Frankreich"} <= labels and "Olaf Scholz" not in labels
    edge = next(e for e in by_country["edges"] if e["source"] == "a:Litauen" and e["target"] == f"c:{TROOPS}")
    assert edge["weight"] == 2 and edge["type"] == "mixed"  # support (Landsbergis) + conditional (Anušauskas)
    # the statements behind an aggregated edge
    rows = http.get("/api/network/edge", params={"source": "a:Litauen", "target": f"c:{TROOPS}",
                                                 "level": "country"}).json()["statements"]
    assert {r["actor"] for r in rows} == {"Gabrielius Landsbergis", "Arvydas Anušauskas"}
    r = http.get("/api/network", params={"level": "galaxy"})
    assert r.status_code == 400 and "level" in r.json()["error"]["message"]


def test_network_is_bounded_and_its_edges_paged_at_a_level(http) -> None:
    full = http.get("/api/network", params={"mode": "two-mode"}).json()
    n_actors = sum(1 for n in full["nodes"] if n["kind"] == "actor")
    assert full["actors_total"] == n_actors > 2
    cut = http.get("/api/network", params={"mode": "two-mode", "top": 2}).json()
    assert sum(1 for n in cut["nodes"] if n["kind"] == "actor") == 2 and cut["actors_total"] == n_actors
    assert all("x" in n and "community" in n for n in cut["nodes"])
    # at a level, top and actors_total count the level's nodes
    by_country = http.get("/api/network", params={"level": "country", "top": 1}).json()
    assert len(by_country["nodes"]) == 1 and by_country["actors_total"] < n_actors
    assert http.get("/api/network", params={"top": 0}).status_code in (400, 422)
    # the statements behind an aggregated edge, a page at a time
    params = {"source": "a:Litauen", "target": f"c:{TROOPS}", "level": "country", "limit": 1}
    first = http.get("/api/network/edge", params=params).json()
    assert first["total"] == 2 and len(first["statements"]) == 1 and first["level"] == "country"
    assert "offset=1" in first["next"] and "level=country" in first["next"]
    second = http.get(first["next"]).json()
    assert second["next"] is None and len(second["statements"]) == 1
    assert {r["actor"] for r in first["statements"] + second["statements"]} == {
        "Gabrielius Landsbergis", "Arvydas Anušauskas"}
    page = http.get("/network/edge", params={k: v for k, v in params.items() if k != "limit"}).text
    assert "level=country" in page


def test_support_and_conditional_are_different_edges(http) -> None:
    two = http.get("/api/network", params={"mode": "two-mode"}).json()
    types = {(e["source"], e["type"]) for e in two["edges"] if e["target"] == f"c:{TROOPS}"}
    assert ("a:Gabrielius Landsbergis", "support") in types and ("a:Lettland", "conditional") in types
    page = http.get("/network", params={"mode": "two-mode"}).text
    assert "conditional (dashed)" in page and 'class="swatch edge-support"' in page


def test_threshold_and_downloads_hold_exactly_the_network_shown(http) -> None:
    params = {"mode": "two-mode", "level": "country", "min_weight": "2"}
    data = http.get("/api/network", params=params).json()
    assert data["edges_total"] > len(data["edges"]) > 0
    assert all(e["weight"] >= 2 for e in data["edges"])
    shown = {(e["source"], e["target"], e["type"]) for e in data["edges"]}
    labels = {n["id"]: n["label"] for n in data["nodes"]}

    g = nx.read_graphml(io.BytesIO(http.get("/api/network/download", params={**params, "format": "graphml"}).content))
    assert {(s, t, d["type"]) for s, t, d in g.edges(data=True)} == shown
    assert set(g.nodes) == set(labels)
    gx = nx.read_gexf(io.BytesIO(http.get("/api/network/download", params={**params, "format": "gexf"}).content))
    assert gx.number_of_edges() == len(shown)
    r = http.get("/api/network/download", params={**params, "format": "csv"})
    assert 'filename="network-edges.csv"' in r.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(r.text), delimiter=";"))
    assert {(row["source"], row["target"], row["type"]) for row in rows} == {
        (labels[s], labels[t], k) for s, t, k in shown}
    dl = http.get("/api/network/download", params={**params, "format": "dl"}).text
    lines = dl.splitlines()
    n_actors = sum(1 for n in data["nodes"] if n["kind"] == "actor")
    n_concepts = len(data["nodes"]) - n_actors
    assert lines[0].startswith(f"DL NR={n_actors} NC={n_concepts} NM=")
    assert "ROW LABELS:" in lines and "COLUMN LABELS:" in lines and "DATA:" in lines
    numbers = [float(x) for line in lines[lines.index("DATA:") + 1:] for x in line.split()]
    assert sum(1 for x in numbers if x) == len(shown)
    # one-mode DL: a symmetric matrix per edge type
    one = http.get("/api/network/download", params={"format": "dl"}).text
    assert one.startswith("DL N=") and '"congruence"' in one
    assert http.get("/api/network/download", params={"format": "pdf"}).status_code == 400
    # the page links to exactly these downloads
    page = http.get("/network", params=params).text
    assert "/api/network/download?mode=two-mode" in page and "min_weight=2.0" in page


@pytest.mark.skipif(not CLAIMS.is_file(), reason="shared/data/dna-nuclear not present")
def test_dna_nuclear_network_page_is_laid_out_and_fast(tmp_path) -> None:
    from standpunkt.cli import app
    from standpunkt.store import Store

    db = f"sqlite:///{tmp_path / 'nuclear.db'}"
    result = CliRunner().invoke(app, ["import", str(CLAIMS), "--mapping", str(MAPPING), "--db", db])
    assert result.exit_code == 0, result.output
    store = Store(db)
    live = serve(store)
    try:
        with httpx.Client(base_url=live.url, timeout=120) as client:
            t0 = time.perf_counter()
            data = client.get("/api/network").json()
            elapsed = time.perf_counter() - t0
            assert len(data["nodes"]) > 300 and len(data["edges"]) > 10_000
            xs = {n["x"] for n in data["nodes"]}
            assert len(xs) > 300  # a force-directed drawing, not a grid of a few columns
            assert data["communities"] >= 2
            assert elapsed < 30, elapsed
            page = client.get("/network")
            assert page.status_code == 200 and '"x":' in page.text
            fewer = client.get("/api/network", params={"min_weight": "5"}).json()
            assert len(fewer["edges"]) < len(data["edges"])
    finally:
        live.stop()
        store.close()


@pytest.mark.skipif(not CLAIMS.is_file(), reason="shared/data/dna-nuclear not present")
def test_cli_network_writes_ucinet_dl(tmp_path) -> None:
    from standpunkt.cli import app

    out = tmp_path / "nuclear.dl"
    r = CliRunner().invoke(app, ["network", "--input", str(CLAIMS), "--mapping", str(MAPPING), "--type",
                                 "congruence", "--level", "organisation", "-f", "dl", "-o", str(out)])
    assert r.exit_code == 0, r.output
    lines = out.read_text(encoding="utf-8").splitlines()
    n = int(lines[0].split()[1].removeprefix("N="))
    assert lines[0] == f"DL N={n} NM=1 FORMAT=FULLMATRIX" and lines[1] == "LABELS:"
    data = lines[lines.index("DATA:") + 1:]
    assert len(data) == n and all(len(row.split()) == n for row in data)
    matrix = [[float(x) for x in row.split()] for row in data]
    assert all(matrix[i][j] == matrix[j][i] for i in range(n) for j in range(n))
    # two-mode: actors × concepts
    r = CliRunner().invoke(app, ["network", "--input", str(CLAIMS), "--mapping", str(MAPPING), "-f", "dl",
                                 "-o", str(out), "--overwrite"])
    assert r.exit_code == 0, r.output
    head = out.read_text(encoding="utf-8").splitlines()
    assert head[0].startswith("DL NR=") and "ROW LABELS:" in head and "COLUMN LABELS:" in head


def test_version() -> None:
    from standpunkt import __version__
    from standpunkt.cli import app

    from standpunkt.pipeline import Settings

    r = CliRunner().invoke(app, ["--version"])
    lines = r.output.strip().splitlines()
    assert r.exit_code == 0 and lines[0] == f"standpunkt {__version__}"
    # the pipeline version stored analyses carry: package version, code and model hashes
    assert lines[1].startswith(f"pipeline {Settings(ner='crf', quotes='crf').version} ")
    assert f"{__version__}+s" in lines[1]


@pytest.mark.skipif(not CLAIMS.is_file(), reason="shared/data/dna-nuclear not present")
def test_cli_option_spellings_agree(tmp_path) -> None:
    """One vocabulary: --level (the web's name) and --outlet filter everywhere; the old spellings still work."""
    from standpunkt.cli import app

    outputs = []
    for level_opt in ("--level", "--aggregate"):
        out = tmp_path / f"{level_opt[2:]}.csv"
        r = CliRunner().invoke(app, ["network", "--input", str(CLAIMS), "--mapping", str(MAPPING), level_opt,
                                     "party", "-f", "csv", "-o", str(out)])
        assert r.exit_code == 0, r.output
        outputs.append(out.read_text(encoding="utf-8"))
    assert outputs[0] == outputs[1]
