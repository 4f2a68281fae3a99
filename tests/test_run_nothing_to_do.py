"""A re-run with nothing to do checks for work first: no worker is started, no model loaded (issue 15)."""

from __future__ import annotations

from run_helpers import make_corpus, quote_analyze
from standpunkt.pipeline import Settings
from standpunkt.run import RunOptions, run_corpus
from standpunkt.run.executors import InProcessExecutor
from standpunkt.store import Store


class CountingExecutor(InProcessExecutor):
    starts = 0

    def start(self) -> None:
        CountingExecutor.starts += 1
        super().start()


def test_rerun_with_nothing_to_do_starts_no_worker(tmp_path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'run.db'}")
    paths = make_corpus(tmp_path / "corpus", 5)
    warmed: list[int] = []

    def go():
        executor = CountingExecutor(quote_analyze, Settings(), warm_fn=lambda settings: warmed.append(1))
        return run_corpus(store, paths, Settings(), options=RunOptions(executor="inprocess"), fn=quote_analyze,
                          warm_fn=None, executor=executor)

    first = go()
    assert first.analysed == 5 and CountingExecutor.starts == 1 and warmed == [1]
    again = go()
    assert again.unchanged == 5 and again.analysed == 0 and again.status == "finished"
    assert CountingExecutor.starts == 1 and warmed == [1]  # nothing to do: nothing started, no model loaded
    assert again.executor.startswith("none started")
    # one new file: the workers start for it alone
    make_corpus(tmp_path / "more", 1, extra="neu")
    third = run_corpus(store, [*paths, tmp_path / "more"], Settings(), options=RunOptions(executor="inprocess"),
                       fn=quote_analyze, warm_fn=None,
                       executor=CountingExecutor(quote_analyze, Settings(), warm_fn=lambda settings: warmed.append(1)))
    assert third.analysed == 1 and third.unchanged == 5 and CountingExecutor.starts == 2
    store.close()
