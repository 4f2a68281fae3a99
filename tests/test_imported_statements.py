"""Imported hand-coded statements (issue 15): `standpunkt statements` lists them, they count as coded by a person
with their source dataset, and actors that are organisations are not shown as persons."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from conftest import REPO, SHARED_DATA

from standpunkt.cli import app

MAPPING = REPO / "examples" / "dna-nuclear-mapping.yaml"
runner = CliRunner()


def _ok(*args) -> str:
    result = runner.invoke(app, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    return result.stdout


def _small_csv(tmp_path):
    (tmp_path / "claims.csv").write_text(
        "speaker,concept,date,increment,default\n"
        "VfEW,Abschalten der Altmeiler,2011-03-11,-1,0\n"
        "Angela Merkel,Sicherheitsüberprüfung,2011-03-12,1,1\n", encoding="utf-8")
    (tmp_path / "nodes.csv").write_text(
        "node_index,name,type,present,politician,govt,coalition,office,org,party,power\n"
        "0,VfEW,0,1,0,0,,0,VfEW,,0\n"
        "1,Angela Merkel,0,1,1,1,1,1,CDU,31,2\n", encoding="utf-8")
    return tmp_path / "claims.csv"


def test_statements_lists_imported_statements_as_coded_by_a_person(tmp_path):
    db = f"sqlite:///{tmp_path / 'i.db'}"
    _ok("import", _small_csv(tmp_path), "--mapping", MAPPING, "--db", db)
    rows = [json.loads(line) for line in _ok("statements", "--db", db, "--format", "jsonl").splitlines()]
    assert [(r["actor"], r["agreement"]) for r in rows] == [("VfEW", "oppose"), ("Angela Merkel", "support")]
    assert all(r["coded_by"] == "person" and r["dataset"] == "dna-nuclear" for r in rows)
    assert all(r["reviewed"] for r in rows)  # a person coded them: nothing left to review
    kinds = {r["actor"]: r["actor_kind"] for r in rows}
    assert kinds == {"VfEW": "organisation", "Angela Merkel": "person"}
    table = _ok("statements", "--db", db)
    assert "VfEW" in table and "Merkel" in table
    # the review queue of the web app and --reviewed-only agree: imported statements need no review
    assert len(_ok("statements", "--db", db, "--reviewed-only", "--format", "jsonl").splitlines()) == 2


def test_statements_on_the_whole_nuclear_data(tmp_path):
    claims = SHARED_DATA / "dna-nuclear" / "claims.csv"
    if not claims.is_file():
        pytest.skip("../shared/data/dna-nuclear not present")
    db = f"sqlite:///{tmp_path / 'n.db'}"
    _ok("import", claims, "--mapping", MAPPING, "--db", db)
    lines = _ok("statements", "--db", db, "--format", "csv").splitlines()
    assert len(lines) == 1165
    actors = [json.loads(line) for line in _ok("actors", "--db", db, "--json").splitlines()]
    kinds = {a["name"]: a["kind"] for a in actors}
    assert kinds["Bundesregierung"] == kinds["Süddeutsche Zeitung"] == "organisation"
    assert kinds["Angela Merkel"] == "person"


@pytest.mark.filterwarnings("ignore:Using `httpx` with `starlette.testclient`")
def test_web_app_shows_imported_statements_as_coded_not_unreviewed(tmp_path):
    from fastapi.testclient import TestClient

    from standpunkt.web import create_app

    db = f"sqlite:///{tmp_path / 'i.db'}"
    _ok("import", _small_csv(tmp_path), "--mapping", MAPPING, "--db", db)
    with TestClient(create_app(db, secret_key="t")) as client:
        html = client.get("/statements").text
        assert html.count("coded by a person (dna-nuclear)") == 2 and "unreviewed</span>" not in html
        assert client.get("/api/statements", params={"review": "unreviewed"}).json()["total"] == 0
        items = client.get("/api/statements").json()["items"]
        assert {(s["coded_by"], s["dataset"]) for s in items} == {("person", "dna-nuclear")}
