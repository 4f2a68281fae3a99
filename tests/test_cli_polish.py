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
