"""`standpunkt run` and `standpunkt runs` at the user's level (CliRunner), with the real pipeline."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from run_helpers import make_corpus, quote_analyze
from standpunkt.cli import app
from standpunkt.pipeline import Settings
from standpunkt.run import RunOptions, run_corpus
from standpunkt.store import Store

runner = CliRunner()

ARTICLE = ("Bundeskanzler Olaf Scholz hat eine Entsendung von Bodentruppen in die Ukraine ausgeschlossen. "
           "„Es wird keine Bodentruppen geben“, sagte Scholz am Dienstag in Berlin. "
           "Frankreichs Präsident Emmanuel Macron hatte zuvor gesagt, man dürfe nichts ausschließen. "
           "Verteidigungsminister Boris Pistorius erklärte, die Debatte sei nicht hilfreich.\n")


def test_run_real_pipeline_on_a_small_corpus_then_rerun_skips_everything(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(3):
        (corpus / f"a{i}.txt").write_text(f"Meldung {i}. {ARTICLE}", encoding="utf-8")
    (corpus / "leer.txt").write_text("", encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    report_path = tmp_path / "report.json"

    result = runner.invoke(app, ["run", str(corpus), "--workers", "2", "--db", db, "--report-json",
                                 str(report_path)])

    assert result.exit_code == 1, result.output  # the empty file failed
    assert "documents analysed" in result.output and "leer.txt: empty file" in result.output
    report = json.loads(report_path.read_text(encoding="utf-8"))
    assert (report["analysed"], report["failed"], report["status"]) == (3, 1, "failed")
    assert report["quotations"] >= 3 and report["tokens"] > 100
    assert report["failures"][0]["reason"] == "empty file"
    with Store(db) as store:
        assert store.count_documents() == 3 and store.count_quotations() == report["quotations"]

    (corpus / "leer.txt").unlink()
    again = runner.invoke(app, ["run", str(corpus), "--workers", "1", "--db", db, "--report-json",
                                str(report_path), "--overwrite"])
    assert again.exit_code == 0, again.output
    report = json.loads(report_path.read_text(encoding="utf-8"))
    assert (report["analysed"], report["unchanged"], report["failed"]) == (0, 3, 0)


def test_run_argument_errors_are_one_line(tmp_path):
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    cases = [(["run", "--db", db], "no input paths given"),
             (["run", "--db", db, "--resume", "nope"], "no run with id 'nope'"),
             (["run", str(tmp_path), "--db", db, "--executor", "ray"], "unknown executor 'ray'"),
             (["run", str(tmp_path), "--db", db, "--scheduler", "tcp://x:1"], "--scheduler needs --executor dask")]
    for args, message in cases:
        result = runner.invoke(app, args)
        assert result.exit_code == 1, (args, result.output)
        assert message in result.output and "Traceback" not in result.output


def test_runs_lists_runs_and_shows_failures(tmp_path):
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    docs = make_corpus(tmp_path / "corpus", 4)
    docs[0].write_text("FAIL", encoding="utf-8")
    with Store(db) as store:
        report = run_corpus(store, [tmp_path / "corpus"], Settings(), fn=quote_analyze, warm_fn=None,
                            options=RunOptions(executor="inprocess"))

    listing = runner.invoke(app, ["runs", "--db", db])
    assert listing.exit_code == 0, listing.output
    assert report.run_id in listing.output and "failed" in listing.output

    shown = runner.invoke(app, ["runs", report.run_id[:10], "--db", db, "--failures"])
    assert shown.exit_code == 0, shown.output
    assert "3 done" in shown.output and "1 failed" in shown.output
    assert "doc000.txt: ValueError: document asks to fail" in shown.output


@pytest.mark.postgres
def test_parallel_run_on_postgresql(pg_url, tmp_path):
    corpus = tmp_path / "corpus"
    docs = make_corpus(corpus, 30)
    (corpus / "broken.txt").write_text("FAIL", encoding="utf-8")
    with Store(pg_url) as store:
        report = run_corpus(store, [corpus], Settings(), fn=quote_analyze, warm_fn=None,
                            options=RunOptions(executor="local", workers=2, batch_docs=4))
        assert (report.analysed, report.failed) == (30, 1), report.failures[:2]
        assert store.count_quotations() == sum(p.read_text(encoding="utf-8").count("„") for p in docs)
    listing = runner.invoke(app, ["runs", report.run_id, "--db", pg_url])
    assert "30 done" in listing.output and "1 failed" in listing.output
