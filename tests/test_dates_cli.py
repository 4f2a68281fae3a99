"""Documents without a date (issue 15): `--date` on ingest/analyze/run, and undated statements skipped with a
warning by `network`, `timeline` and time windows instead of failing the command."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from conftest import EXAMPLE, REPO

from standpunkt.cli import app

CODEBOOK = REPO / "examples" / "codebooks" / "bodentruppen.yaml"
MAPPING = REPO / "examples" / "dna-nuclear-mapping.yaml"
runner = CliRunner()


def _run(*args):
    return runner.invoke(app, [str(a) for a in args])


def _dates(db: str) -> set:
    out = _run("statements", "--db", db, "--format", "jsonl")
    assert out.exit_code == 0, out.output
    return {json.loads(line)["date"] for line in out.stdout.splitlines()}


def _dated_claims(tmp_path):
    claims = tmp_path / "claims.csv"
    claims.write_text("speaker,concept,date,increment,default\n"
                      "VfEW,Abschalten der Altmeiler,2011-03-11,-1,0\n"
                      "Angela Merkel,Abschalten der Altmeiler,2011-03-12,1,1\n"
                      "Jürgen Trittin,Abschalten der Altmeiler,2011-03-14,1,1\n", encoding="utf-8")
    (tmp_path / "nodes.csv").write_text("name,type,org,party\nVfEW,0,VfEW,\nAngela Merkel,0,CDU,31\n"
                                        "Jürgen Trittin,0,Grüne,34\n", encoding="utf-8")
    return claims


def test_analyze_with_a_date_dates_the_document_and_its_statements(tmp_path):
    db = f"sqlite:///{tmp_path / 'd.db'}"
    result = _run("analyze", EXAMPLE, "--codebook", CODEBOOK, "--date", "2024-02-27", "--db", db)
    assert result.exit_code == 0, result.output
    assert _dates(db) == {"2024-02-27"}
    docs = _run("documents", "--db", db)
    assert "2024-02-27" in docs.output


def test_ingest_date_fills_a_stored_document_without_one(tmp_path):
    db = f"sqlite:///{tmp_path / 'd.db'}"
    assert _run("analyze", EXAMPLE, "--codebook", CODEBOOK, "--db", db).exit_code == 0
    assert _dates(db) == {None}
    again = _run("ingest", EXAMPLE, "--date", "2024-02-27", "--db", db)
    assert again.exit_code == 0, again.output
    assert _dates(db) == {"2024-02-27"}
    # a date the document already has is not overwritten
    assert _run("ingest", EXAMPLE, "--date", "2020-01-01", "--db", db).exit_code == 0
    assert _dates(db) == {"2024-02-27"}


def test_bad_date_is_one_line(tmp_path):
    result = _run("ingest", EXAMPLE, "--date", "27.02.", "--db", f"sqlite:///{tmp_path / 'd.db'}")
    assert result.exit_code != 0
    assert "--date" in result.output and "Traceback" not in result.output


def test_network_and_timeline_skip_undated_statements_with_a_warning(tmp_path):
    """The README tour: the example (no date) analysed, then a dated data set imported; the README's network
    commands then work on the dated statements and say what they left out."""
    db = f"sqlite:///{tmp_path / 'n.db'}"
    assert _run("analyze", EXAMPLE, "--codebook", CODEBOOK, "--db", db).exit_code == 0
    assert _run("import", _dated_claims(tmp_path), "--mapping", MAPPING, "--db", db).exit_code == 0
    for args in (["network", "--type", "congruence", "--aggregate", "party", "--duplicates", "week",
                  "--normalization", "cosine", "--format", "graphml", "--out", tmp_path / "p.graphml"],
                 ["network", "--type", "subtract", "--window", "weeks", "--window-size", "4", "--format", "gexf",
                  "--out", tmp_path / "dynamic.gexf"],
                 ["network", "--type", "twomode", "--kernel", "gaussian", "--bandwidth", "2", "--kernel-unit",
                  "weeks", "--format", "json", "--out", tmp_path / "k.json"],
                 ["timeline", "--aggregate", "party", "--freq", "week", "--out", tmp_path / "t.csv"]):
        result = _run(*args, "--db", db)
        assert result.exit_code == 0, (args, result.output)
        assert "15 statements without a date skipped" in " ".join(result.output.split())
    # statements that need no date keep the undated ones
    plain = _run("network", "--type", "twomode", "--format", "csv", "--out", tmp_path / "all.csv", "--db", db)
    assert plain.exit_code == 0 and "without a date" not in plain.output and "from 18 statements" in plain.output


def test_only_undated_statements_give_one_clear_line(tmp_path):
    db = f"sqlite:///{tmp_path / 'n.db'}"
    assert _run("analyze", EXAMPLE, "--codebook", CODEBOOK, "--db", db).exit_code == 0
    result = _run("timeline", "--out", tmp_path / "t.csv", "--db", db)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "--date" in result.output


def test_kernel_step_defaults_to_a_week_in_the_kernel_unit(tmp_path):
    """`--kernel-unit weeks` without `--kernel-step` puts slices a week apart (it used to be 7 units: 7 weeks)."""
    claims = tmp_path / "claims.csv"
    claims.write_text("speaker,concept,date,increment,default\n"
                      "VfEW,Abschalten der Altmeiler,2011-03-11,-1,0\n"
                      "Angela Merkel,Abschalten der Altmeiler,2011-04-11,1,1\n"
                      "Jürgen Trittin,Abschalten der Altmeiler,2011-05-10,1,1\n", encoding="utf-8")
    (tmp_path / "nodes.csv").write_text("name,type,org,party\nVfEW,0,VfEW,\n", encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'k.db'}"
    assert _run("import", claims, "--mapping", MAPPING, "--db", db).exit_code == 0

    def slices(*extra) -> str:
        result = _run("network", "--type", "twomode", "--kernel", "gaussian", "--bandwidth", "2", "--format",
                      "json", "--out", tmp_path / "k.json", "--overwrite", "--db", db, *extra)
        assert result.exit_code == 0, result.output
        return result.output.split(" time slices")[0].split()[-1]

    assert slices("--kernel-unit", "weeks") == "9"  # 60 days: middles at 0, 7, ..., 56
    assert slices("--kernel-unit", "days") == "9"  # the same week, counted in days
    assert slices("--kernel-unit", "weeks", "--kernel-step", "7") == "2"
    assert slices("--kernel-unit", "months") == "2"  # one month apart


def _roles(db: str) -> dict:
    out = _run("statements", "--db", db, "--format", "jsonl")
    return {(r["actor"], r["role"], r["organisation"], r["country"]) for r in map(json.loads, out.stdout.splitlines())}


def test_an_undated_document_gets_no_registry_role_as_of_today(tmp_path):
    """Séjourné speaks in the undated example; the registry lists him as EU commissioner from December 2024. The
    article does not say when it appeared, so that role must not be given (it was, "as of today")."""
    db = f"sqlite:///{tmp_path / 'r.db'}"
    assert _run("analyze", EXAMPLE, "--codebook", CODEBOOK, "--db", db).exit_code == 0
    sejourne = {r for r in _roles(db) if r[0] == "Stéphane Séjourné"}
    assert sejourne == {("Stéphane Séjourné", None, None, "Frankreich")}
    dated = f"sqlite:///{tmp_path / 'd.db'}"
    assert _run("analyze", EXAMPLE, "--codebook", CODEBOOK, "--db", dated, "--date", "2024-03-01").exit_code == 0
    assert {r for r in _roles(dated) if r[0] == "Stéphane Séjourné"} == \
        {("Stéphane Séjourné", "Außenminister", "Außenministerium Frankreich", "Frankreich")}
