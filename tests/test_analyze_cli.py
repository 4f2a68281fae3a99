"""`standpunkt analyze` end to end on the example article: store, summary, stance matrix, re-runs, bad input."""

from __future__ import annotations

import json
import re
from pathlib import Path

from typer.testing import CliRunner

from standpunkt.cli import app
from standpunkt.store import open_store
from standpunkt.store import runs as runlog

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "bodentruppen.txt"
CODEBOOK = REPO / "examples" / "codebooks" / "bodentruppen.yaml"
runner = CliRunner()


def test_analyze_example_with_codebook_stores_and_prints_the_matrix(tmp_path):
    db = f"sqlite:///{tmp_path / 'sp.db'}"
    result = runner.invoke(app, ["analyze", str(EXAMPLE), "--codebook", str(CODEBOOK), "--db", db])
    assert result.exit_code == 0, result.output
    assert "stance matrix" in result.output
    for actor in ("Olaf Scholz", "Emmanuel Macron", "Gabrielius Landsbergis", "Spanien"):
        assert actor in result.output
    with open_store(db) as store:
        [doc] = store.documents()
        assert doc["quotations"] >= 8 and doc["statements"] >= 8
        rows = store.statements()
        assert {"Olaf Scholz", "Gabrielius Landsbergis"} <= {r["actor"] for r in rows}
        scholz = [r for r in rows if r["actor"] == "Olaf Scholz" and r["concept"] == "bodentruppen"]
        assert scholz and all(r["agreement"] == "oppose" for r in scholz)
        text = store.get_document(doc["id"]).text
        assert all(text[s:e] for r in rows for s, e in r["evidence"])

    again = runner.invoke(app, ["analyze", str(EXAMPLE), "--codebook", str(CODEBOOK), "--db", db])
    assert again.exit_code == 0
    assert "already up to date" in again.output
    with open_store(db) as store:
        assert store.count_statements() == len(rows)  # nothing stored twice

    quotes = runner.invoke(app, ["quotes", "--db", db, "--format", "jsonl"])
    lines = [json.loads(line) for line in quotes.output.splitlines() if line.startswith("{")]
    assert any(q["speaker_name"] and "Scholz" in q["speaker_name"] for q in lines)
    assert any("Bundeswehr in die Ukraine entsenden" in q["message_text"] for q in lines)


def test_analyze_without_codebook_lists_speakers_and_reports_bad_files(tmp_path):
    db = f"sqlite:///{tmp_path / 'sp.db'}"
    empty = tmp_path / "leer.txt"
    empty.write_text("")
    result = runner.invoke(app, ["analyze", str(EXAMPLE), str(empty), "--db", db])
    assert result.exit_code == 1
    assert f"error: {empty}: empty file" in result.output
    assert "quotations by speaker" in result.output and "Landsbergis" in result.output
    assert "Traceback" not in result.output
    with open_store(db) as store:
        assert store.count_documents() == 1 and store.count_statements() == 0


def test_without_a_codebook_quotes_and_actors_show_the_resolved_speakers(tmp_path):
    """Issue 17: actor resolution runs without a codebook, so `quotes` and `actors` name who spoke ("Landsbergis"
    in the text → the registry's "Gabrielius Landsbergis"), once per actor however often they speak."""
    db = f"sqlite:///{tmp_path / 'sp.db'}"
    env = {"COLUMNS": "100"}
    result = runner.invoke(app, ["analyze", str(EXAMPLE), "--db", db], env=env)
    assert result.exit_code == 0, result.output
    assert "Gabrielius Landsbergis" in result.output  # quotations by speaker: by actor

    quotes = runner.invoke(app, ["quotes", "--db", db, "--format", "jsonl"])
    lines = [json.loads(line) for line in quotes.output.splitlines() if line.startswith("{")]
    by_name = {}
    for q in lines:
        by_name.setdefault(q["actor"], []).append(q)
    assert {q["speaker_name"] for q in by_name["Gabrielius Landsbergis"]} == {"Landsbergis"}
    assert len(by_name["Gabrielius Landsbergis"]) >= 5
    assert {q["actor_kind"] for q in by_name["Gabrielius Landsbergis"]} == {"person"}
    assert by_name["Olaf Scholz"][0]["actor_role"] == "Bundeskanzler"
    assert [q["speaker_name"] for q in by_name[None]] == ["Großbritannien, Spanien und Schweden"]

    table = runner.invoke(app, ["quotes", "--db", db], env=env)
    assert table.exit_code == 0, table.output
    assert "actor" in table.output and "Landsbergis" in table.output and "Bundeskanzler" in table.output
    assert all(len(line) <= 100 for line in table.output.splitlines())

    actors = runner.invoke(app, ["actors", "--db", db, "--json"])
    rows = {r["name"]: r for r in map(json.loads, actors.output.splitlines())}
    assert rows["Gabrielius Landsbergis"]["quotations"] == len(by_name["Gabrielius Landsbergis"])
    assert rows["Gabrielius Landsbergis"]["statements"] == 0
    assert {"Olaf Scholz", "Emmanuel Macron", "Stéphane Séjourné"} <= set(rows)
    listed = runner.invoke(app, ["actors", "--db", db], env=env)
    assert "Gabrielius Landsbergis" in listed.output and "quotes" in listed.output

    again = runner.invoke(app, ["analyze", str(EXAMPLE), "--db", db, "--force"], env=env)
    assert again.exit_code == 0, again.output
    with open_store(db) as store:  # re-analysis replaces the quotations and reuses the actor rows
        assert store.count_actors() == len(rows)
        assert store.count_quotations() == len(lines)


def test_analyze_with_a_broken_codebook_is_a_clear_error(tmp_path):
    bad = tmp_path / "cb.yaml"
    bad.write_text("issues: [: kaputt", encoding="utf-8")
    result = runner.invoke(app, ["analyze", str(EXAMPLE), "--codebook", str(bad), "--db",
                                 f"sqlite:///{tmp_path / 'sp.db'}"])
    assert result.exit_code != 0
    assert "cb.yaml" in result.output and "Traceback" not in result.output


def test_a_batch_gives_the_same_analyses_as_one_document_at_a_time():
    """Workers and `extract` analyse documents in batches (faster language layer): results must not change."""
    from standpunkt.model import Document
    from standpunkt.pipeline import Settings, analyze, analyze_many, resources_for

    resources = resources_for(Settings(codebook=str(CODEBOOK)))
    text = EXAMPLE.read_text(encoding="utf-8")
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    documents = [Document(text=text)] + [Document(text=p) for p in paragraphs[:6]]
    documents.append(Document(text="Die Zwetlana-Quabbelmeier-Stiftung sagte, man prüfe den Knurzelbaum-Vorschlag."))
    batch = analyze_many(documents, resources)
    assert len(batch) == len(documents)

    def summary(analysis):
        return ([q.to_json() for q in analysis.quotations], [s.to_json() for s in analysis.statements],
                analysis.n_tokens)

    for document, batched in zip(documents, batch):
        assert summary(batched) == summary(analyze(document, resources))
    assert sum(len(a.statements) for a in batch[:1]) >= 8


def test_a_failing_document_in_a_batch_is_pinned_and_the_others_succeed(monkeypatch):
    from standpunkt.model import Analysis, Document
    from standpunkt.pipeline import Settings
    from standpunkt.run import tasks

    def one(document, settings):
        if "kaputt" in document.text:
            raise ValueError("kaputt")
        return Analysis(document=document, pipeline_version="v")

    def many(documents, settings):
        return [one(d, settings) for d in documents]

    monkeypatch.setitem(tasks.BATCH_TWINS, one, many)
    batch = [tasks.Task(key=str(i), document=Document(text=t)) for i, t in enumerate(["gut", "kaputt", "auch gut"])]
    outcomes = tasks.execute_many(one, None, batch, Settings())
    assert [o.error is None for o in outcomes] == [True, False, True]
    assert "ValueError: kaputt" in outcomes[1].error and outcomes[0].analysis.document.text == "gut"
    good = tasks.execute_many(one, None, [batch[0], batch[2]], Settings())  # the batch path itself
    assert [o.analysis.document.text for o in good] == ["gut", "auch gut"] and all(o.worker for o in good)


def test_model_variant_options_choose_the_models_and_refuse_unknown_ones(tmp_path, monkeypatch):
    monkeypatch.delenv("STANDPUNKT_NER", raising=False)
    db = f"sqlite:///{tmp_path / 'sp.db'}"
    first = runner.invoke(app, ["analyze", str(EXAMPLE), "--db", db, "--ner", "e5"])
    assert first.exit_code == 0, first.output
    again = runner.invoke(app, ["analyze", str(EXAMPLE), "--db", db])  # the default NER: the analysis is stale
    assert again.exit_code == 0 and re.search(r"analysed now\s*│\s*1\s", again.output), again.output
    with open_store(db) as store:
        [version] = set(store.analysed_versions().values())
        assert not version.endswith(".ner-e5")
        started = [r.stats["settings"] for r in runlog.list_runs(store)]
    assert sorted(s["ner"] for s in started) == ["crf", "e5"]

    for args, message in ((["extract", str(EXAMPLE), "--quotes", "bert"], "--quotes must be one of crf, e5, not 'bert'"),
                          (["analyze", str(EXAMPLE), "--db", db, "--ner", "spacy"], "--ner must be one of crf, e5,"),
                          (["evaluate", "quotes", str(tmp_path), "--ner", "x"], "--ner must be one of"),
                          (["run", str(EXAMPLE), "--db", db, "--fast", "--quotes", "e5"],
                           "--fast runs no encoder variant: leave out --quotes e5")):
        bad = runner.invoke(app, args)
        assert bad.exit_code == 1 and message in " ".join(bad.output.split()) and "Traceback" not in bad.output
    monkeypatch.setenv("STANDPUNKT_QUOTES", "bert")
    bad = runner.invoke(app, ["extract", str(EXAMPLE)])
    assert bad.exit_code == 1 and "the environment variable STANDPUNKT_QUOTES must be one of" in bad.output
