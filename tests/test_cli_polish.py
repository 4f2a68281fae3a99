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
