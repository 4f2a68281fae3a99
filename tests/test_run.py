"""`standpunkt run` core: executors, batching, failures, worker deaths, version changes, resumption.

The analysis function is the small pure stand-in of ``run_helpers`` (workers import it by module name), so these
tests exercise the runner, not the language models; ``test_run_cli.py`` runs the real pipeline.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import threading
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from run_helpers import bad_version_analyze, make_corpus, quote_analyze
from standpunkt.errors import NotFoundError, StandpunktError
from standpunkt.pipeline import Settings
from standpunkt.run import RunOptions, run_corpus
from standpunkt.run.executors import MAX_WORKER_DEATHS, LocalExecutor
from standpunkt.store import Store
from standpunkt.store import runs as runlog
from standpunkt.store import schema as t


def run(store: Store, paths, settings: Settings | None = None, *, fn=quote_analyze, **options):
    resume = options.pop("resume", None)
    executor = options.pop("executor_obj", None)
    return run_corpus(store, paths, settings or Settings(), options=RunOptions(**options), fn=fn, warm_fn=None,
                      resume=resume, executor=executor)


def item_rows(store: Store, run_id: str) -> dict[str, tuple[str, str | None]]:
    with store.engine.connect() as conn:
        rows = conn.execute(sa.select(t.run_items.c.item_key, t.run_items.c.status, t.run_items.c.error)
                            .where(t.run_items.c.run_id == run_id))
        return {k: (s, e) for k, s, e in rows}


def analysis_versions(store: Store) -> dict[str, str]:
    return store.analysed_versions()


def expected_quotations(paths: list[Path]) -> int:
    return sum(p.read_text(encoding="utf-8").count("„") for p in paths)


@pytest.fixture
def store(tmp_path):
    with Store(f"sqlite:///{tmp_path / 'run.db'}") as s:
        yield s


def test_local_pool_analyses_everything_and_records_failures_with_reasons(store, tmp_path):
    docs = make_corpus(tmp_path / "corpus", 12)
    (tmp_path / "corpus" / "empty.txt").write_text("")
    (tmp_path / "corpus" / "broken.txt").write_text("Er sagte: FAIL „nein“.", encoding="utf-8")

    report = run(store, [tmp_path / "corpus"], executor="local", workers=2)

    assert (report.items, report.analysed, report.failed, report.unchanged) == (14, 12, 2, 0)
    assert report.status == "failed"  # finished, but not everything could be analysed
    assert report.quotations == expected_quotations(docs) == store.count_quotations()
    reasons = dict(report.failures)
    assert reasons[str((tmp_path / "corpus" / "empty.txt").resolve())] == "empty file"
    assert "ValueError: document asks to fail" in reasons[str((tmp_path / "corpus" / "broken.txt").resolve())]
    rows = item_rows(store, report.run_id)
    assert sorted(s for s, _ in rows.values()) == ["done"] * 12 + ["failed"] * 2
    assert 1 <= len(report.worker_peak_rss) <= 2 and all(b > 0 for b in report.worker_peak_rss.values())
    info = runlog.get_run(store, report.run_id)
    assert info.status == "failed" and info.counts == {"done": 12, "failed": 2}
    assert info.stats["analysed"] == 12 and info.stats["quotations"] == report.quotations


def test_rerun_reanalyses_only_changed_documents_and_everything_after_a_version_change(store, tmp_path):
    corpus = tmp_path / "corpus"
    make_corpus(corpus, 6)
    codebook = tmp_path / "codebook.yaml"
    codebook.write_text("concepts: [a]\n")
    settings = Settings(codebook=str(codebook))
    first = run(store, [corpus], settings, executor="inprocess")
    assert first.analysed == 6
    old_version = settings.version
    assert set(analysis_versions(store).values()) == {old_version}

    (corpus / "doc002.txt").write_text("Neu: „Ganz anderer Text.“", encoding="utf-8")  # changed content
    (corpus / "new.txt").write_text("Er sagte: „Noch ein Artikel.“", encoding="utf-8")  # new document
    second = run(store, [corpus], settings, executor="inprocess")
    assert (second.analysed, second.unchanged) == (2, 5)
    assert sorted(s for s, _ in item_rows(store, second.run_id).values()) == ["done"] * 2 + ["skipped"] * 5

    codebook.write_text("concepts: [a, b]\n")  # a new pipeline version: everything is stale
    assert settings.version != old_version
    third = run(store, [corpus], settings, executor="local", workers=2)
    assert (third.analysed, third.unchanged) == (7, 0)
    versions = analysis_versions(store)
    assert set(versions.values()) == {old_version, settings.version}
    # the replaced doc002 text is no longer in the corpus: its analysis stays at the old version
    assert sum(v == settings.version for v in versions.values()) == 7

    forced = run(store, [corpus], settings, executor="inprocess", force=True)
    assert (forced.analysed, forced.unchanged) == (7, 0)
    assert store.count_quotations() == expected_quotations(sorted(corpus.iterdir())) + 1  # + old doc002


def test_the_version_names_the_analysis_code_so_a_code_change_makes_stored_analyses_stale(store, tmp_path,
                                                                                           monkeypatch):
    """The package version is not bumped for every change: a hash of the stages' code and word lists is part of the
    pipeline version, and a changed one re-analyses what the older code stored; the web app, the store, exports and
    the CLI are not part of it."""
    from standpunkt import pipeline

    package = tmp_path / "pkg"
    for rel in ("stance/agreement.py", "stance/data/polarity.tsv", "web/app.py", "cli.py"):
        (package / rel).parent.mkdir(parents=True, exist_ok=True)
        (package / rel).write_text(rel, encoding="utf-8")
    fingerprint = pipeline.tree_fingerprint(package, pipeline.NOT_ANALYSIS_CODE)
    (package / "web" / "app.py").write_text("a new page", encoding="utf-8")
    (package / "cli.py").write_text("a new option", encoding="utf-8")
    (package / "stance" / "__pycache__").mkdir()
    (package / "stance" / "__pycache__" / "agreement.cpython-311.pyc").write_bytes(b"\0")
    assert pipeline.tree_fingerprint(package, pipeline.NOT_ANALYSIS_CODE) == fingerprint
    (package / "stance" / "data" / "polarity.tsv").write_text("ablehnen\t-1", encoding="utf-8")  # a lexicon edit
    assert pipeline.tree_fingerprint(package, pipeline.NOT_ANALYSIS_CODE) != fingerprint
    assert f"+s{pipeline.code_fingerprint()}." in Settings().version

    corpus = tmp_path / "corpus"
    make_corpus(corpus, 3)
    first = run(store, [corpus], Settings(), executor="inprocess")
    assert first.analysed == 3 and run(store, [corpus], Settings(), executor="inprocess").unchanged == 3
    old_version = Settings().version
    monkeypatch.setattr(pipeline, "code_fingerprint", lambda: "0123456789")  # the code changed
    assert Settings().version != old_version
    again = run(store, [corpus], Settings(), executor="inprocess")
    assert (again.analysed, again.unchanged) == (3, 0)
    assert set(analysis_versions(store).values()) == {Settings().version}


def test_worker_killed_mid_document_is_retried_and_nothing_is_lost(store, tmp_path):
    markers = tmp_path / "markers"
    markers.mkdir()
    docs = make_corpus(tmp_path / "corpus", 10)
    docs[3].write_text(f"Sie sagte: „Ich überlebe das.“ [die-once {markers}]", encoding="utf-8")
    executor = LocalExecutor(quote_analyze, Settings(), workers=2)

    report = run(store, [tmp_path / "corpus"], executor_obj=executor)

    assert list(markers.iterdir()), "the worker did not die: the test proves nothing"
    assert executor.worker_deaths >= 1
    assert (report.analysed, report.failed) == (10, 0)
    assert store.count_quotations() == expected_quotations(docs)


def test_documents_that_always_kill_their_worker_are_pinned_down_and_failed_with_a_reason(store, tmp_path):
    docs = make_corpus(tmp_path / "corpus", 16)
    for i in (5, 6):  # two poisoned documents, in flight together with innocent ones
        docs[i].write_text(f"Er sagte: „Bumm {i}.“ [killme]", encoding="utf-8")
    executor = LocalExecutor(quote_analyze, Settings(), workers=2)

    report = run(store, [tmp_path / "corpus"], executor_obj=executor)

    assert (report.analysed, report.failed) == (14, 2)
    assert sorted(k for k, _ in report.failures) == sorted(str(docs[i].resolve()) for i in (5, 6))
    for key, reason in report.failures:
        assert f"worker process died while analysing this document ({MAX_WORKER_DEATHS} times" in reason
        assert item_rows(store, report.run_id)[key][0] == "failed"
    # a death among others makes everything in flight a suspect; each poisoned document then dies MAX_WORKER_DEATHS
    # times alone. Whether both poisoned documents are in flight at the first death depends on timing (one may not be
    # submitted yet), so each may cost one death among others: at most 2 * (1 + MAX_WORKER_DEATHS).
    assert executor.worker_deaths <= 2 * (1 + MAX_WORKER_DEATHS)


def test_worker_sigkilled_from_outside_loses_no_document(store, tmp_path):
    pids = tmp_path / "pids"
    pids.mkdir()
    docs = make_corpus(tmp_path / "corpus", 12, extra=f" [pid {pids}] [sleep 0.3]")
    killed: list[int] = []

    def killer() -> None:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not killed:
            for f in pids.iterdir():
                pid = int(f.name.split("-")[1])
                os.kill(pid, signal.SIGKILL)
                killed.append(pid)
                return
            time.sleep(0.05)

    thread = threading.Thread(target=killer)
    thread.start()
    report = run(store, [tmp_path / "corpus"], executor="local", workers=2)
    thread.join()

    assert killed, "no worker was killed: the test proves nothing"
    assert (report.analysed, report.failed) == (12, 0)
    assert store.count_quotations() == expected_quotations(docs)


def test_jsonl_lines_are_items_and_in_flight_work_stays_bounded(store, tmp_path):
    path = tmp_path / "big.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for i in range(300):
            fh.write(json.dumps({"text": f"Sie sagte: „Zeile {i}.“", "title": f"t{i}"}, ensure_ascii=False) + "\n")
        fh.write("{not json\n")
    executor = LocalExecutor(quote_analyze, Settings(), workers=2)
    peak = 0
    submit = executor.submit

    def counting_submit(task):
        nonlocal peak
        submit(task)
        peak = max(peak, executor.in_flight)

    executor.submit = counting_submit
    report = run(store, [path], executor_obj=executor)

    assert (report.analysed, report.failed) == (300, 1)
    assert 1 < peak <= executor.capacity
    assert report.failures[0][0] == f"{path.resolve()}:301" and "invalid JSON" in report.failures[0][1]
    assert store.count_documents() == 300


def test_stale_worker_version_is_refused(store, tmp_path):
    make_corpus(tmp_path / "corpus", 3)
    report = run(store, [tmp_path / "corpus"], fn=bad_version_analyze, executor="inprocess")
    assert (report.analysed, report.failed) == (0, 3)
    assert "runs pipeline version '0.0.0+stale'" in report.failures[0][1]
    assert store.count_documents() == 0


def test_resume_redoes_only_what_is_not_done_and_retries_failures(store, tmp_path):
    docs = make_corpus(tmp_path / "corpus", 6)
    docs[1].write_text("Er sagte: FAIL", encoding="utf-8")
    first = run(store, [tmp_path / "corpus"], executor="inprocess")
    assert (first.analysed, first.failed) == (5, 1)
    docs[1].write_text("Er sagte: „Jetzt geht es.“", encoding="utf-8")  # the cause of the failure is fixed

    again = run(store, [], executor="inprocess", resume=first.run_id[:12])  # a unique prefix is enough

    assert again.run_id == first.run_id
    assert (again.resumed, again.analysed, again.failed) == (5, 1, 0)
    assert runlog.get_run(store, first.run_id).counts == {"done": 6}
    assert store.count_quotations() == expected_quotations(docs)


def test_resume_errors_are_one_line(store, tmp_path):
    make_corpus(tmp_path / "corpus", 2)
    first = run(store, [tmp_path / "corpus"], executor="inprocess")
    with pytest.raises(NotFoundError, match="no run with id 'nope'"):
        run(store, [], executor="inprocess", resume="nope")
    with pytest.raises(StandpunktError, match="was started on"):
        run(store, [tmp_path], executor="inprocess", resume=first.run_id)
    with pytest.raises(StandpunktError, match="no input paths"):
        run(store, [], executor="inprocess")
    with pytest.raises(StandpunktError, match="unknown executor"):
        run(store, [tmp_path], executor="ray")
    with pytest.raises(StandpunktError, match="--workers must be at least 1"):
        run(store, [tmp_path], executor="local", workers=-1)


def test_dask_local_cluster_runs_and_resumes(store, tmp_path):
    pytest.importorskip("distributed")
    docs = make_corpus(tmp_path / "corpus", 10)
    (tmp_path / "corpus" / "broken.txt").write_text("FAIL", encoding="utf-8")

    report = run(store, [tmp_path / "corpus"], executor="dask", workers=2)

    assert report.executor.startswith("dask (LocalCluster), 2 worker")
    assert (report.analysed, report.failed) == (10, 1)
    assert store.count_quotations() == expected_quotations(docs)
    assert len(report.worker_peak_rss) >= 1
    again = run(store, [], executor="inprocess", resume=report.run_id)
    assert (again.resumed, again.analysed, again.failed) == (10, 0, 1)


def test_spark_executor_runs_and_isolates_a_document_that_kills_its_worker(store, tmp_path):
    pytest.importorskip("pyspark")
    if shutil.which("java") is None:
        pytest.skip("the spark executor needs a Java runtime")
    docs = make_corpus(tmp_path / "corpus", 12)
    docs[4].write_text("Er sagte: „Bumm.“ [killme]", encoding="utf-8")
    docs[7].write_text("FAIL", encoding="utf-8")

    report = run(store, [tmp_path / "corpus"], executor="spark", workers=2)

    assert report.executor == "spark (local[2,3])"
    assert (report.analysed, report.failed) == (10, 2), report.failures
    reasons = dict(report.failures)
    assert "ValueError: document asks to fail" in reasons[str(docs[7].resolve())]
    assert reasons[str(docs[4].resolve())] == "Spark job failed: Python worker exited unexpectedly (crashed) (3 attempts)"
    assert store.count_quotations() == expected_quotations([d for i, d in enumerate(docs) if i not in (4, 7)])


def test_warc_records_are_items_and_a_resume_does_not_analyse_them_again(store, tmp_path):
    from test_ingest import make_warc

    paragraph = ("<p>Die Ministerin sagte am Montag in Berlin: „Wir prüfen den Vorschlag {i} sehr genau.“ "
                 "Die Opposition kritisierte das Vorgehen der Regierung scharf und verlangte eine Debatte im "
                 "Bundestag, bevor weitere Schritte unternommen werden.</p>")
    pages = [(f"https://zeitung.example/artikel-{i}",
              (f"<html><head><title>Artikel {i}</title></head><body><article><h1>Artikel {i}</h1>"
               + paragraph.format(i=i) * 3 + "</article></body></html>").encode()) for i in range(5)]
    warc = tmp_path / "crawl.warc.gz"
    make_warc(warc, pages)

    first = run(store, [warc], executor="local", workers=2)

    assert (first.analysed, first.failed) == (5, 0)
    keys = set(item_rows(store, first.run_id))
    assert all(k.startswith(f"{warc.resolve()}#") for k in keys) and len(keys) == 5
    again = run(store, [], executor="inprocess", resume=first.run_id)
    assert (again.resumed, again.analysed, again.failed) == (5, 0, 0)


def test_progress_counts_items_up_front_and_shows_rate_and_eta(tmp_path):
    import io

    from rich.console import Console

    from standpunkt.run.driver import RunReport
    from standpunkt.run.progress import RichProgress, estimate_total

    make_corpus(tmp_path / "corpus", 3)
    (tmp_path / "corpus" / "lines.jsonl").write_text('{"text": "a"}\n\n{"text": "b"}\n{"text": "c"}',
                                                     encoding="utf-8")
    assert estimate_total([str(tmp_path / "corpus")]) == 3 + 3  # blank lines are no items
    assert estimate_total([str(tmp_path / "corpus"), str(tmp_path / "missing")]) == 7  # a missing path: 1 error
    (tmp_path / "corpus" / "crawl.warc.gz").write_bytes(b"")
    assert estimate_total([str(tmp_path / "corpus")]) is None  # WARC records cannot be counted cheaply

    out = io.StringIO()
    progress = RichProgress(Console(file=out, force_terminal=True, width=120))
    report = RunReport(run_id="r1", pipeline_version="v")
    progress.start(report, 100)
    for done in (10, 20):
        time.sleep(0.2)
        report.analysed = done
        progress.update(report, done)
    report.failed = 1
    progress.update(report, 21)
    progress.progress.refresh()
    progress.stop()
    text = out.getvalue()
    assert "docs/s" in text and "ETA 0:00:" in text and "1 failed" in text and "21/100" in text


def test_dask_executor_on_an_existing_cluster_by_scheduler_address(store, tmp_path):
    """`--scheduler tcp://…`: a scheduler and a worker started the way an admin would, as separate processes."""
    pytest.importorskip("distributed")
    import socket
    import subprocess
    import sys

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    address = f"tcp://127.0.0.1:{port}"
    # workers import run_helpers, and the standpunkt this test imports (a PYTHONPATH checkout, not an installed one)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (str(Path(__file__).resolve().parent),
                                                                   os.environ.get("PYTHONPATH")) if p)}
    bin_dir = Path(sys.executable).parent
    procs = [subprocess.Popen([str(bin_dir / "dask"), "scheduler", "--host", "127.0.0.1", "--port", str(port),
                               "--no-dashboard"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]
    try:
        procs.append(subprocess.Popen([str(bin_dir / "dask"), "worker", address, "--nthreads", "1", "--nworkers",
                                       "2", "--no-dashboard", "--local-directory", str(tmp_path / "dask")],
                                      env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        docs = make_corpus(tmp_path / "corpus", 8)
        report = run(store, [tmp_path / "corpus"], executor="dask", scheduler=address, workers=2)
        assert report.executor == f"dask ({address}), 2 worker threads"
        assert (report.analysed, report.failed) == (8, 0)
        assert store.count_quotations() == expected_quotations(docs)
    finally:
        for proc in reversed(procs):
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def test_dask_document_that_kills_its_workers_is_isolated_from_its_batch(store, tmp_path):
    pytest.importorskip("distributed")
    import dask

    docs = make_corpus(tmp_path / "corpus", 6)
    docs[2].write_text("Er sagte: „Bumm.“ [killme]", encoding="utf-8")

    with dask.config.set({"distributed.scheduler.allowed-failures": 0}):  # give up after one death: fast test
        report = run(store, [tmp_path / "corpus"], executor="dask", workers=1)

    assert (report.analysed, report.failed) == (5, 1), report.failures
    key, reason = report.failures[0]
    assert key == str(docs[2].resolve()) and reason.startswith("Dask workers died while analysing this document")
    assert store.count_quotations() == expected_quotations([d for i, d in enumerate(docs) if i != 2])


class _RecordingClient:
    """Stands in for a Dask client: records the documents of each submitted task."""

    def __init__(self):
        self.tasks: list[list[str]] = []

    def submit(self, func, fn, warm_fn, tasks, settings, **kwargs):
        self.tasks.append([t.document.text for t in tasks])
        return object()


def test_dask_tasks_are_filled_to_a_text_budget_and_long_documents_travel_alone():
    from standpunkt.model import Document
    from standpunkt.pipeline import BATCH_CHARS as DASK_TASK_CHARS
    from standpunkt.pipeline import BATCH_DOCS as DASK_DOCS_PER_TASK
    from standpunkt.run.executors import DaskExecutor
    from standpunkt.run.tasks import Task

    executor = DaskExecutor(quote_analyze, Settings(), workers=2)
    executor.client = _RecordingClient()
    short = "x" * (DASK_TASK_CHARS // 40)  # forty of these would fill a task; the document cap comes first
    for i in range(DASK_DOCS_PER_TASK + 3):
        executor.submit(Task(key=f"s{i}", document=Document(text=f"{short}{i}")))
    assert [len(t) for t in executor.client.tasks] == [DASK_DOCS_PER_TASK]  # 3 wait for company
    executor.submit(Task(key="long", document=Document(text="y" * DASK_TASK_CHARS)))
    assert [len(t) for t in executor.client.tasks] == [DASK_DOCS_PER_TASK, 4]  # the budget is reached
    executor.submit(Task(key="long2", document=Document(text="z" * (2 * DASK_TASK_CHARS))))
    assert executor.client.tasks[-1] == ["z" * (2 * DASK_TASK_CHARS)]  # a long document goes alone, at once
    executor.submit(Task(key="tail", document=Document(text="end")))
    assert executor.in_flight == 1 + DASK_DOCS_PER_TASK + 4 + 1
    executor._dispatch(partial=True)  # the driver has nothing more: the half-full task goes too
    assert executor.client.tasks[-1] == ["end"]


def _worker_settings() -> tuple:
    import dask

    return (os.environ.get("MALLOC_TRIM_THRESHOLD_"), dask.config.get("distributed.worker.profile.enabled"),
            dask.config.get("distributed.admin.tick.interval"))


def test_dask_local_cluster_workers_get_the_batch_settings():
    """No profiler, slow ticks, no forced malloc trimming: measured costs of Dask's defaults for a CPU-bound run."""
    pytest.importorskip("distributed")
    from standpunkt.run.executors import DaskExecutor

    with DaskExecutor(quote_analyze, Settings(), workers=1) as executor:
        [(trim, profile, tick)] = executor.client.run(_worker_settings).values()
    assert (trim, profile, tick) == (None, False, "1s")
    assert "MALLOC_TRIM_THRESHOLD_" not in os.environ  # the driver's environment is left alone too


def _sigint_ignored() -> bool:
    return signal.getsignal(signal.SIGINT) == signal.SIG_IGN


def test_dask_local_cluster_leaves_ctrl_c_to_the_driver_and_closes_quietly(caplog):
    """Ctrl-C reaches every process of the group: the LocalCluster's workers ignore it (the driver closes them),
    and closing a cluster whose workers are going away shows none of the scheduler's complaints (issue 15)."""
    pytest.importorskip("distributed")
    import logging

    from standpunkt.run.executors import DaskExecutor

    executor = DaskExecutor(quote_analyze, Settings(), workers=2, warm_fn=None)
    executor.start()
    try:
        assert list(executor.client.run(_sigint_ignored).values()) == [True, True]
        pids = executor.client.run(os.getpid)
        caplog.set_level(logging.ERROR, logger="distributed")
        for pid in pids.values():  # as after a Ctrl-C that reached them: the workers are gone before the close
            os.kill(pid, signal.SIGKILL)
        time.sleep(0.5)
    finally:
        executor.close()
    assert executor.client is None and executor.cluster is None
    shown = [r.getMessage() for r in caplog.records if r.name.startswith("distributed") and r.levelno >= logging.ERROR]
    assert shown == []
    assert logging.getLogger("distributed").level != logging.CRITICAL  # quiet only while closing


def test_model_variants_are_part_of_the_version_and_travel_fixed_to_the_workers(store, tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    make_corpus(corpus, 3)
    monkeypatch.delenv("STANDPUNKT_NER", raising=False)
    monkeypatch.delenv("STANDPUNKT_QUOTES", raising=False)
    first = run(store, [corpus], Settings(), executor="inprocess")
    assert first.analysed == 3 and not first.pipeline_version.endswith(("-e5", "-crf"))  # the default: unchanged

    second = run(store, [corpus], Settings(ner="e5"), executor="inprocess")  # another NER: every analysis is stale
    assert (second.analysed, second.unchanged) == (3, 0)
    assert set(analysis_versions(store).values()) == {second.pipeline_version}
    assert second.pipeline_version.endswith(".ner-e5")

    seen = []

    def worker_without_the_variable(document, settings):
        os.environ.pop("STANDPUNKT_NER", None)  # a worker whose environment does not name the variant
        seen.append((settings.ner, settings.quotes))
        return quote_analyze(document, settings)

    monkeypatch.setenv("STANDPUNKT_NER", "e5")  # chosen by the environment of the process that starts the run
    (corpus / "new.txt").write_text("Er sagte: „Noch ein Artikel.“", encoding="utf-8")
    third = run(store, [corpus], Settings(), fn=worker_without_the_variable, executor="inprocess")
    assert (third.analysed, third.unchanged, third.failed) == (1, 3, 0)  # the same variant: only the new document
    assert seen == [("e5", "crf")]
    assert runlog.get_run(store, third.run_id).stats["settings"]["ner"] == "e5"


def test_a_resumed_run_keeps_the_model_variants_it_was_started_with(store, tmp_path, monkeypatch):
    monkeypatch.delenv("STANDPUNKT_QUOTES", raising=False)
    docs = make_corpus(tmp_path / "corpus", 4)
    docs[2].write_text("Er sagte: FAIL", encoding="utf-8")
    first = run(store, [tmp_path / "corpus"], Settings(quotes="e5"), executor="inprocess")
    assert (first.analysed, first.failed) == (3, 1)
    docs[2].write_text("Er sagte: „Jetzt geht es.“", encoding="utf-8")

    with pytest.raises(StandpunktError, match="was started with --quotes e5; resume it without --quotes"):
        run(store, [], Settings(quotes="crf"), executor="inprocess", resume=first.run_id)
    with pytest.raises(StandpunktError, match="was started without --fast"):
        run(store, [], Settings(fast=True), executor="inprocess", resume=first.run_id)
    again = run(store, [], Settings(), executor="inprocess", resume=first.run_id)  # no --quotes: the run's own
    assert (again.resumed, again.analysed, again.failed) == (3, 1, 0)
    assert set(analysis_versions(store).values()) == {first.pipeline_version}
    assert first.pipeline_version.endswith(".quotes-e5")
