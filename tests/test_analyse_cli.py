"""The ``standpunkt analyse`` commands end to end on the hand-coded nuclear phase-out data (read from the file)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from standpunkt.cli import app

REPO = Path(__file__).resolve().parents[1]
CLAIMS = REPO.parent / "shared" / "data" / "dna-nuclear" / "claims.csv"
MAPPING = REPO / "examples" / "dna-nuclear-mapping.yaml"
INDUSTRY = {"Eon", "RWE", "EnBW", "Vattenfall", "Deutsches Atomforum"}
MOVEMENT = {"Grüne", "LINKE", "Demonstranten", "Ausgestrahlt", "BUND"}
runner = CliRunner()

pytestmark = pytest.mark.skipif(not CLAIMS.is_file(), reason="../shared/data/dna-nuclear not present")


def analyse(name: str, *args: object) -> str:
    result = runner.invoke(app, ["analyse", name, "--input", str(CLAIMS), "--mapping", str(MAPPING),
                                 "--aggregate", "organisation", *map(str, args)])
    assert result.exit_code == 0, result.output
    return " ".join(result.output.split())


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8") as fh:
        return list(csv.DictReader(fh, delimiter=";"))


def test_polarization_puts_the_nuclear_industry_and_the_anti_nuclear_side_in_different_camps(tmp_path):
    out = analyse("polarization", "-o", tmp_path / "p.json", "-o", tmp_path / "p.csv", "-o", tmp_path / "p.svg")
    assert "polarization 0.1" in out
    data = json.loads((tmp_path / "p.json").read_text(encoding="utf-8"))
    (window,) = data["windows"]
    camp_of = {a: camp for camp, members in window["camps"].items() for a in members}
    assert len({camp_of[a] for a in INDUSTRY}) == 1 and len({camp_of[a] for a in MOVEMENT}) == 1
    assert camp_of["RWE"] != camp_of["Grüne"]
    assert (tmp_path / "p.svg").read_text(encoding="utf-8").lstrip().startswith("<?xml")
    assert read_csv(tmp_path / "p.csv")[0]["actors"] == "190"


def test_polarization_per_window_with_camps(tmp_path):
    out = analyse("polarization", "--window", "weeks", "--window-size", "2", "-o", tmp_path / "t.csv",
                  "-o", tmp_path / "t.png", "--camps", tmp_path / "camps.csv")
    assert out.startswith("8 windows")
    rows = read_csv(tmp_path / "t.csv")
    assert [r["start"] for r in rows][:2] == ["2011-03-11", "2011-03-25"]
    assert all(0 < float(r["polarization"]) < 0.5 for r in rows)
    assert {r["camp"] for r in read_csv(tmp_path / "camps.csv")} == {"A", "B"}
    assert (tmp_path / "t.png").read_bytes()[:4] == b"\x89PNG"


def test_backbone_clusters_phases_scale(tmp_path):
    out = analyse("backbone", "-o", tmp_path / "b.csv", "-o", tmp_path / "b.png")
    assert out.startswith("backbone: ") and "of 54 concepts" in out
    ranking = read_csv(tmp_path / "b.csv")
    assert len(ranking) == 54 and ranking[-1]["loss"] == "0.0"

    analyse("clusters", "-o", tmp_path / "c.json", "-o", tmp_path / "c.png")
    clusters = json.loads((tmp_path / "c.json").read_text(encoding="utf-8"))
    louvain = {a["actor"]: a["louvain"] for a in clusters["actors"]}
    assert louvain["Eon"] == louvain["RWE"] == louvain["Vattenfall"] != louvain["Demonstranten"]
    assert louvain["Demonstranten"] == louvain["Ausgestrahlt"]

    out = analyse("phases", "--window", "weeks", "--window-size", "1", "-o", tmp_path / "ph.csv",
                  "-o", tmp_path / "ph.svg")
    assert "over 16 windows" in out
    assert all(r["phase"] for r in read_csv(tmp_path / "ph.csv"))

    analyse("scale", "--min-statements", "5", "--bootstrap", "50", "--anchor", "Grüne", "-o", tmp_path / "s.csv",
            "-o", tmp_path / "s.png")
    dim1 = {r["actor"]: float(r["dim1"]) for r in read_csv(tmp_path / "s.csv")}
    assert max(dim1[a] for a in INDUSTRY) < 0 < min(dim1[a] for a in MOVEMENT)


def test_bad_requests_are_one_line_errors(tmp_path):
    for args, message in ((["phases", "-o", tmp_path / "x.csv"], "phases need time slices"),
                          (["backbone", "--type", "subtract", "-o", tmp_path / "x.csv"], "non-negative"),
                          (["scale", "-o", tmp_path / "x.txt"], "--out must end in")):
        result = runner.invoke(app, ["analyse", *map(str, args), "--input", str(CLAIMS), "--mapping", str(MAPPING)])
        assert result.exit_code == 1 and message in result.output
