"""CLI polish (issue 15): cut text is marked with "…"."""

from __future__ import annotations

from typer.testing import CliRunner

from standpunkt.model import Document
from standpunkt.store import Store


def test_documents_table_marks_cut_titles(tmp_path) -> None:
    from standpunkt.cli import app

    db = f"sqlite:///{tmp_path / 'docs.db'}"
    title = "Ein sehr langer Titel über Bodentruppen in der Ukraine und die Debatte in der NATO im Februar"
    with Store(db) as store:
        store.add_documents([Document(text="Der Text.", title=title)])
    r = CliRunner().invoke(app, ["documents", "--db", db], env={"COLUMNS": "200"})
    assert r.exit_code == 0, r.output
    assert title[:59] + "…" in r.output and title not in r.output


def test_json_reports_take_format_json_too(tmp_path) -> None:
    """One vocabulary: --format json does what --json does; a wrong format is one line."""
    from standpunkt.cli import app

    db = f"sqlite:///{tmp_path / 'a.db'}"
    from standpunkt.model import Actor

    with Store(db) as store:
        store.ensure_actor(Actor("Olaf Scholz", party="SPD"))
    runner = CliRunner()
    a = runner.invoke(app, ["actors", "--db", db, "--json"])
    b = runner.invoke(app, ["actors", "--db", db, "--format", "json"])
    assert a.exit_code == b.exit_code == 0 and a.output == b.output and '"Olaf Scholz"' in a.output
    c = runner.invoke(app, ["actors", "--db", db, "--format", "yaml"])
    assert c.exit_code == 1 and "unknown format 'yaml'" in c.output and "Traceback" not in c.output


def _sample_db(tmp_path) -> str:
    from web_sample import build_store

    db = f"sqlite:///{tmp_path / 'sample.db'}"
    build_store(db).close()
    return db


WRITERS = {  # command → (arguments, the CSV it writes)
    "matrix": (["matrix", "--out", "{d}/m.csv"], "m.csv"),
    "timeline": (["timeline", "--out", "{d}/t.csv"], "t.csv"),
    "network": (["network", "--format", "csv", "--out", "{d}/n.csv"], "n.csv"),
    "export": (["export", "--format", "events", "--out", "{d}/e.csv"], "e.csv"),
    "analyse": (["analyse", "clusters", "--out", "{d}/c.csv"], "c.csv"),
}


def test_one_separator_and_one_overwrite_rule(tmp_path) -> None:
    """Every command that writes files: CSV separated by ';' (or --sep), an existing file refused without
    --overwrite and left as it was (issue 15)."""
    from standpunkt.cli import app

    db = _sample_db(tmp_path)
    runner = CliRunner()
    for name, (args, file) in WRITERS.items():
        argv = [a.format(d=tmp_path) for a in args] + ["--db", db]
        first = runner.invoke(app, argv)
        assert first.exit_code == 0, (name, first.output)
        path = tmp_path / file
        header = path.read_text(encoding="utf-8").splitlines()[0]
        assert ";" in header and "," not in header, (name, header)
        again = runner.invoke(app, argv + ["--sep", ","])
        assert again.exit_code == 1 and f"{path} exists (use --overwrite to replace it)" in " ".join(
            again.output.split()), (name, again.output)
        assert path.read_text(encoding="utf-8").splitlines()[0] == header
        replaced = runner.invoke(app, argv + ["--sep", ",", "--overwrite"])
        assert replaced.exit_code == 0, (name, replaced.output)
        assert path.read_text(encoding="utf-8").splitlines()[0] == header.replace(";", ","), name
    csv_out = runner.invoke(app, ["statements", "--db", db, "--format", "csv", "--sep", "tab"])
    assert csv_out.exit_code == 0 and csv_out.output.splitlines()[0].startswith("id\tdate\tactor\t")
    bad = runner.invoke(app, ["matrix", "--db", db, "--out", str(tmp_path / "x.csv"), "--sep", "::"])
    assert bad.exit_code == 1 and "not a CSV separator" in bad.output and not (tmp_path / "x.csv").exists()


def test_a_refused_sliced_network_writes_nothing(tmp_path) -> None:
    """Per-slice files and their index are all checked before the first is written."""
    from standpunkt.cli import app

    db = _sample_db(tmp_path)
    (tmp_path / "w_slices.csv").write_text("kept", encoding="utf-8")
    argv = ["network", "--db", db, "--format", "csv", "--window", "days", "--window-size", "1",
            "--out", str(tmp_path / "w.csv")]
    r = CliRunner().invoke(app, argv)
    assert r.exit_code == 1 and "w_slices.csv exists" in r.output
    assert not (tmp_path / "w_001.csv").exists() and (tmp_path / "w_slices.csv").read_text() == "kept"
    assert CliRunner().invoke(app, argv + ["--overwrite"]).exit_code == 0 and (tmp_path / "w_001.csv").is_file()
