"""Hostile input at the user's level: the CLI on real files, each bad item beside a good one.

Every case must give one ``error: <item>: <reason>`` line per bad item, no traceback, store every good document of
the same batch, and never read outside the given inputs. The inputs are written by ``tests/hostile/cases.py``
(smallest size that shows the problem; nothing large is committed), which the corpus run of
``tests/test_hostile_corpus.py`` shares.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from standpunkt.cli import app
from standpunkt.store import open_store

from hostile.cases import (
    BAD_DNA,
    BAD_JSONL,
    DATA,
    GOOD,
    SECRET,
    bad_dna,
    corpus_with_non_utf8_name,
    corpus_with_symlinks_out,
    feed_with_local_links,
    good_dna,
    good_line,
    million_paragraphs,
    warc_bomb,
    warc_endless_header,
    warc_unread_records,
    write_jsonl,
    yaml_alias_bomb,
)

runner = CliRunner()


def ingest(tmp_path: Path, *paths: Path, extra: tuple[str, ...] = ()):
    db = f"sqlite:///{tmp_path / 'h.db'}"
    result = runner.invoke(app, ["ingest", *map(str, paths), "--db", db, *extra], catch_exceptions=False)
    with open_store(db) as store:
        docs = [store.get_document(r["id"]) for r in store.documents(limit=1000)]
    return result, docs


def error_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("error:")]


def jsonl(tmp_path: Path, name: str, *lines: str) -> Path:
    return write_jsonl(tmp_path / name, *lines)


@pytest.mark.parametrize("bad, reason", BAD_JSONL)
def test_bad_jsonl_line_is_one_error_and_the_good_lines_are_stored(tmp_path, bad, reason):
    path = jsonl(tmp_path, "mixed.jsonl", good_line(title="eins"), bad, good_line(title="zwei", text="Noch ein Text."))
    result, docs = ingest(tmp_path, path)
    assert result.exit_code == 1
    assert error_lines(result.output) == [error_lines(result.output)[0]]
    assert error_lines(result.output)[0].startswith(f"error: {path}:2: ") and reason in result.output, result.output
    assert sorted(d.title for d in docs) == ["eins", "zwei"]


def test_file_name_that_is_not_utf8_is_refused_and_the_rest_stored(tmp_path):
    corpus = corpus_with_non_utf8_name(tmp_path)
    result, docs = ingest(tmp_path, corpus)
    assert result.exit_code == 1
    [line] = error_lines(result.output)
    assert "kaputt\\xff.txt" in line and "not valid UTF-8" in line
    assert [d.title for d in docs] == ["ok"]


def test_error_messages_are_capped(tmp_path):
    path = jsonl(tmp_path, "x.jsonl", good_line(), json.dumps({"text": "Ein Text.", "published": "z" * 100_000}))
    result, docs = ingest(tmp_path, path)
    [line] = error_lines(result.output)
    assert len(line) < 700
    assert len(docs) == 1


def test_html_with_a_million_elements_is_refused_fast(tmp_path):
    import time

    from standpunkt.ingest.html import MAX_HTML_ELEMENTS

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "ok.html").write_bytes((DATA / "article.html").read_bytes())
    million_paragraphs(corpus / "million.html")
    t0 = time.perf_counter()
    result, docs = ingest(tmp_path, corpus, extra=("--max-size", "20"))
    assert time.perf_counter() - t0 < 10
    [line] = error_lines(result.output)
    assert line.startswith(f"error: {corpus / 'million.html'}: HTML with over {MAX_HTML_ELEMENTS:,} elements")
    assert len(docs) == 1


# --- never read outside the given inputs ----------------------------------------------------------------------------

def test_feed_links_to_local_paths_outside_the_corpus_are_not_read(tmp_path):
    corpus, entries = feed_with_local_links(tmp_path)
    result, docs = ingest(tmp_path, corpus)
    assert all("Geheimes" not in d.text for d in docs), [d.source for d in docs]
    assert len(docs) == entries  # the entry's own summary is used instead
    assert result.exit_code == 0, result.output


def test_feed_link_to_a_page_inside_the_corpus_is_still_used(tmp_path):
    corpus = tmp_path / "corpus"
    (corpus / "pages").mkdir(parents=True)
    (corpus / "pages" / "a.html").write_text(SECRET.replace("Geheimes", "Lokales"), encoding="utf-8")
    (corpus / "feed.rss").write_text('<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item>'
                                     "<title>a</title><link>pages/a.html</link><description>kurz</description>"
                                     "</item></channel></rss>", encoding="utf-8")
    result, docs = ingest(tmp_path, corpus)
    assert result.exit_code == 0, result.output
    assert [d.text.split()[0] for d in docs] == ["Lokales"]


def test_symlink_out_of_the_corpus_is_refused(tmp_path):
    corpus = corpus_with_symlinks_out(tmp_path)
    (corpus / "inner.txt").symlink_to(corpus / "ok.txt")  # inside: fine (same content, stored once)
    result, docs = ingest(tmp_path, corpus)
    assert all("geheim" not in d.text.lower() for d in docs)
    assert [d.title for d in docs] == ["inner"] or [d.title for d in docs] == ["ok"]
    lines = error_lines(result.output)
    assert any("link.txt" in line and "outside" in line for line in lines), result.output
    assert any(line.endswith("dirlink: links to a directory outside the corpus; not read") for line in lines)
    assert result.exit_code == 1


# --- WARC ----------------------------------------------------------------------------------------------------------

def test_warc_bomb_is_refused_without_inflating_it(tmp_path):
    path = warc_bomb(tmp_path / "bomb.warc.gz")  # 30 MB of spaces: 30 KB gzipped
    assert path.stat().st_size < 200_000
    import resource
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    result, docs = ingest(tmp_path, path, extra=("--max-size", "1"))
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert grown_mb < 20, f"peak memory grew {grown_mb:.0f} MB"
    [line] = error_lines(result.output)
    assert f"{path}#1" in line and "too large" in line
    assert [d.url for d in docs] == ["https://a.example/2"]


def test_warc_header_line_without_end_is_refused(tmp_path):
    path = warc_endless_header(tmp_path / "long.warc")
    result, docs = ingest(tmp_path, path, extra=("--max-size", "1"))
    [line] = error_lines(result.output)
    assert "header line" in line and len(line) < 700
    assert len(docs) == 1


def test_warc_records_not_read_are_reported(tmp_path):
    path = warc_unread_records(tmp_path / "js.warc")
    result, docs = ingest(tmp_path, path)
    lines = error_lines(result.output)
    assert len(lines) == 2, result.output
    assert f"{path}#1" in lines[0] and "javascript" in lines[0]
    assert "#3" in lines[1] and "WARC" in lines[1]
    assert [d.url for d in docs] == ["https://a.example/1"]


# --- analysis: nothing hangs, one slow or impossible document fails alone ------------------------------------------

def test_time_budget_fails_the_slow_document_and_keeps_the_others(tmp_path):
    from run_helpers import make_corpus, quote_analyze

    from standpunkt.pipeline import Settings
    from standpunkt.run import RunOptions, run_corpus

    paths = make_corpus(tmp_path / "corpus", 4)
    paths[1].write_text("Sie sagte: „Das dauert.“ [sleep 30]", encoding="utf-8")
    for executor in ("inprocess", "local"):
        with open_store(f"sqlite:///{tmp_path / executor}.db") as store:
            report = run_corpus(store, [tmp_path / "corpus"], Settings(time_budget_s=1.0), fn=quote_analyze,
                                warm_fn=None, options=RunOptions(executor=executor, workers=1))
            assert report.analysed == 3 and report.failed == 1, report
            [(key, reason)] = report.failures
            assert key == str(paths[1]) and "time budget of 1 s" in reason
            assert report.elapsed_s < 15


def test_time_budget_holds_in_dask_worker_threads(tmp_path):
    """Dask runs tasks in worker threads, where SIGALRM cannot reach: the budget is raised there by a timer."""
    from run_helpers import make_corpus, quote_analyze

    from standpunkt.pipeline import Settings
    from standpunkt.run import RunOptions, run_corpus

    paths = make_corpus(tmp_path / "corpus", 3)
    paths[0].write_text("Sie sagte: „Das dauert.“ [spin 60]", encoding="utf-8")  # busy in Python, like a runaway search
    with open_store(f"sqlite:///{tmp_path / 'dask.db'}") as store:
        report = run_corpus(store, [tmp_path / "corpus"], Settings(time_budget_s=1.0), fn=quote_analyze,
                            warm_fn=None, options=RunOptions(executor="dask", workers=1))
    assert report.analysed == 2 and report.failed == 1, report
    [(key, reason)] = report.failures
    assert key == str(paths[0]) and "time budget" in reason
    assert report.elapsed_s < 30


def test_thread_time_budget_is_never_raised_after_its_block():
    import threading
    import time

    from standpunkt.run.tasks import TimeBudgetExceeded, time_budget

    late: list[BaseException] = []

    def work() -> None:
        for _ in range(50):
            try:
                with time_budget(0.01):
                    time.sleep(0.0095)  # ends about when the timer fires
            except TimeBudgetExceeded:
                pass  # raised by the block: allowed
            try:
                end = time.monotonic() + 0.02
                while time.monotonic() < end:  # after the block: a late timer must not land here
                    pass
            except TimeBudgetExceeded as exc:
                late.append(exc)
        with pytest.raises(TimeBudgetExceeded, match="time budget of 0.2 s"):
            with time_budget(0.2):
                while True:
                    pass
        late.append(None)  # reached the end

    thread = threading.Thread(target=work)
    thread.start()
    thread.join(30)
    assert not thread.is_alive()
    assert late == [None]


def test_long_tokens_are_not_searched_by_the_tagger():
    from standpunkt.language import load_nlp
    from standpunkt.language.tagger import MAX_TAG_CHARS, get_hanta

    search = get_hanta()._tagger._search
    seen: list[int] = []
    originals = {name: getattr(search, name) for name in ("forward", "viterbi")}

    def spy(name):
        def wrapped(word, *args):
            seen.append(len(word))
            return originals[name](word, *args)
        return wrapped

    for name in originals:
        setattr(search, name, spy(name))
    try:
        blob = "QUJD" * 5000  # a 20,000-character base64 "word": >100 s in HanTa's search
        doc = load_nlp()(f"Die Ministerin sagte: {blob} und ging. https://example.org/{'a' * 3000} Ende.")
    finally:
        for name in originals:
            delattr(search, name)
    assert max(seen) <= MAX_TAG_CHARS
    assert [t.tag_ for t in doc if t.text == blob] == ["XY"]


def test_extract_refuses_too_long_texts_and_cuts_endless_sentences(tmp_path):
    from standpunkt.language import load_nlp
    from standpunkt.language.sentences import MAX_SENTENCE_TOKENS

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a_good.txt").write_text(GOOD["text"], encoding="utf-8")
    (corpus / "b_huge.txt").write_text("Wort " * 210_000, encoding="utf-8")  # 1.05 M characters: over spaCy's
    result = runner.invoke(app, ["extract", str(corpus), "--time-budget", "60"], catch_exceptions=False)
    assert result.exit_code == 1
    [line] = error_lines(result.output)
    assert line.startswith(f"error: {corpus / 'b_huge.txt'}: text too long to analyse"), line
    [record] = [json.loads(x) for x in result.output.splitlines() if x.startswith("{")]
    assert record["source"].endswith("a_good.txt") and record["quotations"]

    doc = load_nlp()("Er sagte " + "und " * (2 * MAX_SENTENCE_TOKENS + 10))
    assert max(len(s) for s in doc.sents) <= MAX_SENTENCE_TOKENS


def test_resume_goes_on_with_the_codebook_the_run_was_started_with(tmp_path):
    from run_helpers import make_corpus, quote_analyze

    from standpunkt.errors import StandpunktError
    from standpunkt.pipeline import Settings
    from standpunkt.run import RunOptions, run_corpus

    codebook = sorted((Path(__file__).parents[1] / "examples" / "codebooks").glob("*.yaml"))[0]
    paths = make_corpus(tmp_path / "corpus", 3)
    paths[2].write_text("Sie sagte: „FAIL“", encoding="utf-8")
    started = Settings(codebook=str(codebook))

    def run(settings, **kw):
        return run_corpus(store, [], settings, fn=quote_analyze, warm_fn=None,
                          options=RunOptions(executor="inprocess"), **kw)

    with open_store(f"sqlite:///{tmp_path / 'r.db'}") as store:
        first = run_corpus(store, [tmp_path / "corpus"], started, fn=quote_analyze, warm_fn=None,
                           options=RunOptions(executor="inprocess"))
        assert first.failed == 1
        resumed = run(Settings(), resume=first.run_id)  # --codebook not repeated
        assert resumed.pipeline_version == started.version
        assert resumed.resumed == 2 and resumed.analysed == 0 and resumed.failed == 1
        with pytest.raises(StandpunktError, match="started with --codebook"):
            run(Settings(codebook=str(tmp_path / "other.yaml")), resume=first.run_id)


# --- import ---------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name, sql, truncate, reason", BAD_DNA)
def test_bad_dna_is_one_error_and_the_next_file_is_imported(tmp_path, monkeypatch, name, sql, truncate, reason):
    import standpunkt.export.dna as dna

    monkeypatch.setattr(dna, "DNA_READ_SECONDS", 1)
    good = good_dna(tmp_path)
    bad = bad_dna(good, name, sql, truncate)
    db = f"sqlite:///{tmp_path / 'i.db'}"
    result = runner.invoke(app, ["import", str(bad), str(good), "--db", db], catch_exceptions=False)
    assert result.exit_code == 1
    [line] = error_lines(result.output)
    assert line.startswith(f"error: {bad}") and reason in line, result.output
    assert f"{good}: 1 new statements" in result.output


def test_yaml_alias_bomb_in_a_mapping_is_refused(tmp_path):
    mapping = yaml_alias_bomb(tmp_path / "bomb.yaml")
    csv = tmp_path / "s.csv"
    csv.write_text("actor,concept,agreement\nA,B,support\n", encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'i.db'}"
    result = runner.invoke(app, ["import", str(csv), "--mapping", str(mapping), "--db", db], catch_exceptions=False)
    assert result.exit_code == 1
    [line] = error_lines(result.output)
    assert str(mapping) in line and "aliases" in line


def test_paths_longer_than_an_item_key_are_stored_shortened_and_resume_finishes(tmp_path):
    import sqlalchemy as sa
    from run_helpers import quote_analyze

    from standpunkt.ingest import MAX_KEY_CHARS
    from standpunkt.pipeline import Settings
    from standpunkt.run import RunOptions, run_corpus
    from standpunkt.store import schema as t

    deep = tmp_path.joinpath("corpus", *["v" * 200] * 4)
    deep.mkdir(parents=True)
    (deep / "a.jsonl").write_text(good_line() + "\n", encoding="utf-8")
    with open_store(f"sqlite:///{tmp_path / 'k.db'}") as store:
        def run(**kw):
            return run_corpus(store, kw.pop("paths", []), Settings(), fn=quote_analyze, warm_fn=None,
                              options=RunOptions(executor="inprocess"), **kw)
        first = run(paths=[tmp_path / "corpus"])
        assert first.analysed == 1
        with store.engine.connect() as conn:
            [key] = conn.execute(sa.select(t.run_items.c.item_key)).scalars().all()
        assert len(key) <= MAX_KEY_CHARS < len(str(deep / "a.jsonl:1"))
        again = run(resume=first.run_id)
        assert again.resumed == 1 and again.analysed == 0
