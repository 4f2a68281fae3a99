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


REPO = __import__("pathlib").Path(__file__).resolve().parents[1]
EXAMPLE_CODEBOOK = REPO / "examples" / "codebooks" / "bodentruppen.yaml"
RIGHT_EDGES = "│┃┓┫┩┤┐┘┛╇"


def _body_tokens(output: str) -> list[str]:
    """The words in a table's body rows (between the header rule and the bottom rule), cell by cell."""
    tokens, inside = [], False
    for line in output.splitlines():
        if line.startswith("┡"):
            inside = True
        elif line.startswith("└"):
            inside = False
        elif inside and line.startswith("│"):
            tokens += [w for cell in line.split("│") for w in cell.split()]
    return tokens


def _bare(word: str) -> str:
    return word.strip(".,;:!?\"'„“”()")


def test_tables_are_readable_at_100_columns(tmp_path) -> None:
    """Every table a command prints fits 100 columns without being cropped; words are wrapped, never folded, and
    one too long for its column is cut with "…"; concepts show their codebook labels, not ids (issue 15)."""
    from standpunkt.cli import app
    from standpunkt.stance.codebook import load_codebook

    db = f"sqlite:///{tmp_path / 'tables.db'}"
    runner = CliRunner()
    env = {"COLUMNS": "100"}
    outputs = {}
    r = runner.invoke(app, ["analyze", str(REPO / "examples" / "bodentruppen.txt"), "--codebook",
                            str(EXAMPLE_CODEBOOK), "--db", db, "--date", "2024-02-27"], env=env)
    assert r.exit_code == 0, r.output
    outputs["analyze"] = r.stdout
    claims = REPO.parent / "shared" / "data" / "dna-nuclear" / "claims.csv"
    if claims.is_file():  # hand-coded statements without text, 337 actors with long names
        r = runner.invoke(app, ["import", str(claims), "--mapping", str(REPO / "examples" / "dna-nuclear-mapping.yaml"),
                                "--db", db], env=env)
        assert r.exit_code == 0, r.output
    for name, argv in (("documents", []), ("quotes", []), ("statements", ["--from", "2024-01-01"]),
                       ("statements nuclear", ["--limit", "40"]), ("actors", []), ("runs", []), ("agreement", [])):
        r = runner.invoke(app, [name.split()[0], *argv, "--db", db], env=env)
        assert r.exit_code == 0, (name, r.output)
        outputs[name] = r.stdout
    outputs["codebook show"] = runner.invoke(app, ["codebook", "show", str(EXAMPLE_CODEBOOK)], env=env).stdout
    for name, out in outputs.items():
        for line in out.splitlines():
            assert len(line) <= 100, (name, line)
            if line[:1] in "┏┃┡│└":  # a table line ends at its right border, not cropped at the edge
                assert line.rstrip()[-1] in RIGHT_EDGES, (name, line)
    book = load_codebook(EXAMPLE_CODEBOOK)
    with Store(db) as store:
        text = store.get_document(store.documents(limit=1, search="Bodentruppen")[0]["id"]).text
        actor_rows = store.actors()
        actors = [a["name"] for a in actor_rows]
        concepts = {s["concept"] for s in store.statements()}
    words = set(text.split()) | {w for c in [*concepts, *(c.label for c in book.concepts)] for w in c.split()} | {
        w for a in actor_rows for k in ("name", "role", "organisation", "party", "country") for w in (a[k] or "").split()
    } | {"✎", "?", "(candidate)", "if:", "…"}
    bare = {_bare(w) for w in words}
    for name in ("statements", "statements nuclear", "actors"):
        folded = [w for w in _body_tokens(outputs[name]) if _bare(w) not in bare and not w.endswith("…")
                  and not w.replace(".", "").replace("-", "").isdigit() and w not in ("support", "oppose",
                  "conditional", "neutral", "person", "organisation", "country", "party")]
        assert not folded, (name, folded[:10])
    actor_lines = [line for line in outputs["actors"].splitlines() if line.startswith("│")]
    assert len(actor_lines) == len(actors)  # one line per actor
    # concept labels, not ids, in the statements, the agreement table and the analyze matrix
    for name in ("statements", "agreement", "analyze"):
        assert "Westliche" in outputs[name] and "unterstuetzung-ausweiten" not in outputs[name], name
    assert "Die militärische Unterstützung der Ukraine ausweiten" in outputs["agreement"]
