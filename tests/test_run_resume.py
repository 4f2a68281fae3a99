"""Kill -9 of a real driver process in the middle of a run, then --resume: no document lost, none stored twice."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import psutil
import pytest
import sqlalchemy as sa

from run_helpers import make_corpus
from standpunkt.pipeline import Settings
from standpunkt.run import RunOptions, run_corpus
from standpunkt.store import Store
from standpunkt.store import runs as runlog
from standpunkt.store import schema as t

TESTS = Path(__file__).resolve().parent
N_DOCS = 40
KILL_AFTER_DONE = 8  # items stored before the driver is killed: enough to prove they are not redone
ORPHAN_GRACE_S = 20  # time the workers of a killed driver get to notice and exit

DRIVER = textwrap.dedent("""
    import sys
    sys.path.insert(0, {tests!r})
    from run_helpers import quote_analyze
    from standpunkt.pipeline import Settings
    from standpunkt.run import RunOptions, run_corpus
    from standpunkt.store import Store

    if __name__ == "__main__":
        with Store({url!r}) as store:
            run_corpus(store, [{corpus!r}], Settings(), fn=quote_analyze, warm_fn=None,
                       options=RunOptions(executor={executor!r}, workers=2, batch_docs=2))
""")


def done_count(store: Store) -> tuple[str | None, int]:
    with store.engine.connect() as conn:
        run_id = conn.execute(sa.select(t.runs.c.id)).scalar()
        n = conn.execute(sa.select(sa.func.count()).select_from(t.run_items)
                         .where(t.run_items.c.status == "done")).scalar_one()
    return run_id, n


def kill_driver_midway(url: str, corpus: Path, executor: str, tmp_path: Path) -> str:
    """Start a real driver process, SIGKILL it once some documents are stored; returns the run id."""
    script = tmp_path / "driver.py"
    script.write_text(DRIVER.format(tests=str(TESTS), url=url, corpus=str(corpus), executor=executor))
    proc = subprocess.Popen([sys.executable, str(script)], start_new_session=True,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        with Store(url) as store:
            deadline = time.monotonic() + 120
            run_id, n = None, 0
            while time.monotonic() < deadline and proc.poll() is None:
                run_id, n = done_count(store)
                if n >= KILL_AFTER_DONE:
                    break
                time.sleep(0.05)
        assert proc.poll() is None, f"driver ended before it could be killed: {proc.stdout.read().decode()[-2000:]}"
        assert run_id is not None and KILL_AFTER_DONE <= n < N_DOCS, (run_id, n)
        workers = psutil.Process(proc.pid).children(recursive=True)
        assert workers, "the driver has no worker processes: the test would prove nothing about them"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        assert proc.returncode == -signal.SIGKILL
        # workers notice the dead driver and leave: nothing keeps running (or holding memory) unattended
        _, alive = psutil.wait_procs(workers, timeout=ORPHAN_GRACE_S)
        assert not alive, f"orphaned worker processes: {[p.cmdline()[:3] for p in alive]}"
    finally:
        try:  # the driver's workers (same session, started by this test) must not outlive it
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait(timeout=30)
    return run_id


def check_resume(url: str, corpus: Path, docs: list[Path], run_id: str, executor: str) -> None:
    with Store(url) as store:
        info = runlog.get_run(store, run_id)
        assert info.status == "running"  # nobody could finish it
        done_before = info.counts.get("done", 0)
        assert KILL_AFTER_DONE <= done_before < N_DOCS, info.counts
        report = run_corpus(store, [], Settings(), fn=__import__("run_helpers").quote_analyze, warm_fn=None,
                            options=RunOptions(executor=executor, workers=2), resume=run_id)
        assert report.run_id == run_id
        assert report.resumed == done_before  # done items are not analysed again...
        assert report.analysed == N_DOCS - done_before  # ...and everything else is
        assert report.failed == 0 and report.status == "finished", report.failures
        info = runlog.get_run(store, run_id)
        assert info.status == "finished" and info.counts == {"done": N_DOCS}
        with store.engine.connect() as conn:
            n_analyses = conn.execute(sa.select(sa.func.count()).select_from(t.analyses)).scalar_one()
            dup = conn.execute(sa.select(t.quotations.c.document_id, t.quotations.c.idx, sa.func.count())
                               .group_by(t.quotations.c.document_id, t.quotations.c.idx)
                               .having(sa.func.count() > 1)).all()
        assert n_analyses == N_DOCS and store.count_documents() == N_DOCS
        assert not dup
        assert store.count_quotations() == sum(p.read_text(encoding="utf-8").count("„") for p in docs)


@pytest.mark.parametrize("executor", ["local", "dask"])
def test_sigkill_driver_then_resume_finishes_the_corpus(tmp_path, executor):
    if executor == "dask":
        pytest.importorskip("distributed")
    url = f"sqlite:///{tmp_path / 'run.db'}"
    corpus = tmp_path / "corpus"
    docs = make_corpus(corpus, N_DOCS, extra=" [sleep 0.15]")
    Store(url).close()  # schema in place before the driver and the poller race for it
    run_id = kill_driver_midway(url, corpus, executor, tmp_path)
    check_resume(url, corpus, docs, run_id, "local")


@pytest.mark.postgres
def test_sigkill_driver_then_resume_on_postgresql(tmp_path, pg_url):
    corpus = tmp_path / "corpus"
    docs = make_corpus(corpus, N_DOCS, extra=" [sleep 0.15]")
    Store(pg_url).close()
    run_id = kill_driver_midway(pg_url, corpus, "local", tmp_path)
    check_resume(pg_url, corpus, docs, run_id, "local")


def _default_sigint() -> None:
    """The child gets Ctrl-C's default action even when the tests run with SIGINT ignored (a background job of a
    non-interactive shell inherits SIG_IGN, and Python then never raises KeyboardInterrupt)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_ctrl_c_stores_what_finished_and_the_cli_resumes(tmp_path):
    """SIGINT to a real `standpunkt run` (real pipeline): exit 130 with the resume command, then --resume."""
    from test_run_cli import ARTICLE

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    # Far more than can finish before the interrupt (the first batch is stored after 2 s): 120 documents of ~430
    # words, several seconds of work even on a quiet machine (120 of 43 words once all finished within those 2 s).
    n_docs = 120
    for i in range(n_docs):
        (corpus / f"m{i:03d}.txt").write_text(f"Meldung {i}. " + " ".join([ARTICLE] * 10), encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'run.db'}"
    Store(url).close()
    cli = [sys.executable, "-m", "standpunkt.cli", "run", "--db", url, "--workers", "1"]
    proc = subprocess.Popen([*cli, str(corpus)], start_new_session=True, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True,
                            preexec_fn=_default_sigint)
    try:
        with Store(url) as store:
            deadline = time.monotonic() + 180
            while time.monotonic() < deadline and proc.poll() is None and done_count(store)[1] == 0:
                time.sleep(0.05)
            run_id, done_before = done_count(store)
        if proc.poll() is not None or done_before == 0:
            pytest.fail(f"the run ended (or never stored anything) before Ctrl-C: {proc.communicate()[1][-1500:]}")
        os.kill(proc.pid, signal.SIGINT)
        out, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    assert proc.returncode == 130, (out, err)
    assert f"run {run_id} interrupted; finish it with: standpunkt run --resume {run_id}" in err
    with Store(url) as store:
        info = runlog.get_run(store, run_id)
        assert info.status == "interrupted" and 0 < info.counts["done"] < n_docs
        assert info.stats["analysed"] == info.counts["done"]  # everything analysed before Ctrl-C was stored

    resumed = subprocess.run([*cli, "--resume", run_id], capture_output=True, text=True, timeout=600)
    assert resumed.returncode == 0, resumed.stderr
    with Store(url) as store:
        assert runlog.get_run(store, run_id).counts == {"done": n_docs}
        assert store.count_documents() == n_docs
