"""End to end on the hand-coded nuclear phase-out data: import, networks, time windows, plots, exports (CLI)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import networkx as nx
import pytest
from lxml import etree
from typer.testing import CliRunner

from standpunkt.cli import app

REPO = Path(__file__).resolve().parents[1]
MAPPING = REPO / "examples" / "dna-nuclear-mapping.yaml"
SCHEMAS = Path(__file__).parent / "data" / "schemas"
runner = CliRunner()


def run(*args: str) -> str:
    result = runner.invoke(app, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return " ".join(result.output.split())


@pytest.fixture(scope="module")
def nuclear(tmp_path_factory):
    claims = REPO.parent / "shared" / "data" / "dna-nuclear" / "claims.csv"
    if not claims.is_file():
        pytest.skip("../shared/data/dna-nuclear not present")
    tmp = tmp_path_factory.mktemp("nuclear")
    db = f"sqlite:///{tmp / 'n.db'}"
    out = run("import", claims, "--mapping", MAPPING, "--db", db)
    assert "1164 new statements" in out
    assert "0 new statements, 1164 already imported" in run("import", claims, "--mapping", MAPPING, "--db", db)
    return db, tmp, claims


def test_store_holds_the_nuclear_data(nuclear):
    from standpunkt.analysis.frame import frame_from_store
    from standpunkt.analysis.stance import summary
    from standpunkt.store import Store

    db, _, _ = nuclear
    with Store(db) as store:
        f = frame_from_store(store)
    s = summary(f)
    assert (s["statements"], s["actors"], s["concepts"]) == (1164, 337, 54)
    assert (s["first"], s["last"]) == ("2011-03-11", "2011-06-30")
    merkel = f[f["actor"] == "Angela Merkel"].iloc[0]
    assert (merkel["organisation"], merkel["party"]) == ("CDU", "CDU/CSU")


def test_party_congruence_network(nuclear):
    db, tmp, _ = nuclear
    out = tmp / "parties.graphml"
    run("network", "--db", db, "--type", "congruence", "--aggregate", "party", "--duplicates", "week",
        "--normalization", "jaccard", "--format", "graphml", "--out", out)
    assert etree.XMLSchema(etree.parse(str(SCHEMAS / "graphml-structure.xsd"))).validate(etree.parse(str(out)))
    g = nx.read_graphml(out)
    labels = {d["label"]: n for n, d in g.nodes(data=True)}
    assert {"CDU/CSU", "SPD", "FDP", "Grüne", "LINKE"} <= set(labels)
    w = [d["weight"] for _, _, d in g.edges(data=True)]
    assert w and all(0 < x <= 1 for x in w)  # jaccard of 0/1-ish vectors
    assert g.has_edge(labels["SPD"], labels["Grüne"])


def test_network_matches_library_on_same_data(nuclear):
    """The CLI's CSV matrix equals the library's network computed from the file directly (no store)."""
    from standpunkt.analysis.network import network
    from standpunkt.export.records import frame_from_file

    db, tmp, claims = nuclear
    out = tmp / "subtract.csv"
    run("network", "--db", db, "--type", "subtract", "--aggregate", "organisation", "--format", "csv", "--out", out)
    f, _ = frame_from_file(claims, mapping=MAPPING)
    net = network(f, type="subtract", aggregate="organisation")
    rows = list(csv.reader(out.open(encoding="utf-8"), delimiter=";"))
    header = rows[0][1:]
    cdu = next(r for r in rows if r[0] == "CDU")
    for label, value in zip(header, cdu[1:]):
        assert float(value) == pytest.approx(net.matrix.loc["CDU", label])


def test_windows_and_kernels(nuclear):
    db, tmp, _ = nuclear
    gexf = tmp / "weeks.gexf"
    out = run("network", "--db", db, "--type", "congruence", "--aggregate", "organisation", "--window", "weeks",
              "--window-size", "4", "--window-step", "4", "--format", "gexf", "--out", gexf)
    assert "time slices" in out
    assert etree.XMLSchema(etree.parse(str(SCHEMAS / "gexf-1.3-structure.xsd"))).validate(etree.parse(str(gexf)))
    assert nx.read_gexf(gexf).graph["mode"] == "dynamic"
    js = tmp / "kernel.json"
    run("network", "--db", db, "--type", "twomode", "--kernel", "epanechnikov", "--bandwidth", "2",
        "--kernel-unit", "weeks", "--kernel-step", "1", "--format", "json", "--out", js)
    slices = json.loads(js.read_text(encoding="utf-8"))["slices"]
    assert len(slices) == 16  # 11 Mar … 30 Jun 2011, one middle per week
    assert all({"start", "stop", "middle", "statements"} <= set(s) for s in slices)
    assert slices[0]["middle"].startswith("2011-03-11") and slices[0]["statements"] > 0
    per_slice = tmp / "w.csv"
    run("network", "--db", db, "--type", "twomode", "--window", "months", "--window-size", "1", "--format", "csv",
        "--out", per_slice)
    index = list(csv.DictReader((tmp / "w_slices.csv").open(encoding="utf-8"), delimiter=";"))
    assert [r["start"][:10] for r in index] == ["2011-03-11", "2011-04-11", "2011-05-11", "2011-06-11"]
    assert sum(int(r["statements"]) for r in index) == 1164
    assert (tmp / "w_001.csv").is_file()


def test_plots(nuclear):
    db, tmp, _ = nuclear
    for args in (("matrix", "--aggregate", "organisation", "--top", "20", "--out", tmp / "m.png"),
                 ("network", "--type", "subtract", "--aggregate", "party", "--format", "svg", "--out", tmp / "n.svg"),
                 ("timeline", "--aggregate", "party", "--freq", "week", "--out", tmp / "t.png")):
        run(*args, "--db", db)
    assert (tmp / "m.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (tmp / "t.png").stat().st_size > 10_000
    assert b"<svg" in (tmp / "n.svg").read_bytes()[:500]


def test_matrix_and_timeline_tables(nuclear):
    db, tmp, _ = nuclear
    run("matrix", "--db", db, "--value", "count", "--top", "0", "--out", tmp / "m.csv")
    rows = list(csv.reader((tmp / "m.csv").open(encoding="utf-8"), delimiter=";"))
    assert len(rows) == 338 and len(rows[0]) == 55
    assert sum(float(v) for r in rows[1:] for v in r[1:] if v) == 1164
    run("timeline", "--db", db, "--by", "concept", "--concept", "Moratorium", "--freq", "month", "--out",
        tmp / "t.csv")
    t = list(csv.DictReader((tmp / "t.csv").open(encoding="utf-8"), delimiter=";"))
    assert {r["concept"] for r in t} == {"Moratorium"} and t[0]["period"] == "2011-03-01"


def test_exports_and_dna_round_trip(nuclear):
    db, tmp, _ = nuclear
    dna = tmp / "nuclear.dna"
    assert "1164 statements" in run("export", "--db", db, "--format", "dna", "--out", dna)
    other = f"sqlite:///{tmp / 'again.db'}"
    assert "1164 new statements" in run("import", dna, "--db", other)
    by_org = f"sqlite:///{tmp / 'by-org.db'}"
    run("import", dna, "--db", by_org, "--statement-type", "standpunkt Statement", "--actor-variable", "organization")
    from standpunkt.analysis.frame import frame_from_store
    from standpunkt.store import Store

    with Store(by_org) as store:
        assert "CDU" in set(frame_from_store(store)["actor"]) and "Angela Merkel" not in set(
            frame_from_store(store)["actor"])
    a, b = tmp / "a.csv", tmp / "b.csv"
    run("network", "--db", db, "--type", "conflict", "--format", "csv", "--out", a)
    run("network", "--db", other, "--type", "conflict", "--format", "csv", "--out", b)
    assert a.read_text(encoding="utf-8") == b.read_text(encoding="utf-8")
    run("export", "--db", db, "--format", "events", "--out", tmp / "e.csv", "--from", "2011-06-01")
    events = list(csv.DictReader((tmp / "e.csv").open(encoding="utf-8"), delimiter=";"))
    assert events and all(e["time"] >= "2011-06-01" for e in events)
    run("export", "--db", db, "--format", "jsonl", "--out", tmp / "s.jsonl", "--actor", "Angela Merkel")
    lines = (tmp / "s.jsonl").read_text(encoding="utf-8").splitlines()
    assert lines and all(json.loads(x)["person"] == "Angela Merkel" for x in lines)


def test_file_input_without_store(nuclear, tmp_path):
    _, _, claims = nuclear
    run("network", "--input", claims, "--mapping", MAPPING, "--type", "congruence", "--format", "json",
        "--out", tmp_path / "n.json", "--concept", "Moratorium")
    data = json.loads((tmp_path / "n.json").read_text(encoding="utf-8"))
    moratorium = [r for r in csv.DictReader(claims.open(encoding="utf-8")) if r["concept"] == "Moratorium"]
    assert data["statements"] == len(moratorium) == 42
    assert {n["label"] for n in data["nodes"]} == {r["speaker"] for r in moratorium}


@pytest.mark.parametrize("args, message", [
    (("network", "--type", "bogus", "--out", "x.csv"), "unknown network type"),
    (("network", "--format", "pdf", "--out", "x.pdf"), "unknown format"),
    (("network", "--window", "weeks", "--kernel", "gaussian", "--out", "x.json", "--format", "json"),
     "either moving windows"),
    (("matrix", "--out", "x.xlsx"), "--out must end in"),
    (("matrix", "--out", "x.csv", "--from", "2011-02-30"), "not a date"),
    (("export", "--format", "pdf", "--out", "x.pdf"), "unknown export format"),
    (("network", "--out", "x.csv", "--format", "csv", "--actor", "Nobody"), "no statements match"),
])
def test_clear_errors(nuclear, tmp_path, args, message):
    db, _, _ = nuclear
    result = runner.invoke(app, [*args, "--db", db])
    assert result.exit_code == 1
    assert message in result.output and "Traceback" not in result.output


def test_import_errors(tmp_path):
    result = runner.invoke(app, ["import", str(tmp_path / "missing.dna"), "--db", f"sqlite:///{tmp_path / 'x.db'}"])
    assert result.exit_code == 1 and "no such file" in result.output
    (tmp_path / "c.csv").write_text("a,b\n1,2\n")
    result = runner.invoke(app, ["import", str(tmp_path / "c.csv"), "--db", f"sqlite:///{tmp_path / 'x.db'}"])
    assert result.exit_code == 1 and "needs a column mapping" in result.output
