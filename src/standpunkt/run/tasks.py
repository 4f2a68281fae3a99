"""What runs on a worker: one document in, one :class:`Outcome` out. Nothing here touches the store.

The analysis function is injectable (``fn(document, settings) -> Analysis``) so that executors can be tested without
the language models; the default, :func:`pipeline_analyze`, is the real pipeline with models loaded once per worker
process (:func:`standpunkt.pipeline.resources_for` keeps them in the process's registry, :mod:`standpunkt.loaded`).
Functions must be importable by module name on every worker (module-level functions, not lambdas or closures).
"""

from __future__ import annotations

import gc
import os
import signal
import socket
import sys
import threading
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass

from standpunkt.errors import StandpunktError, describe_exception
from standpunkt.model import Analysis, Document
from standpunkt.pipeline import Settings

AnalyzeFn = Callable[[Document, Settings], Analysis]
WarmFn = Callable[[Settings], object]

DRIVER_WATCH_S = 1.0  # how often a pool worker checks that its driver is still alive
ORPHAN_EXIT_CODE = 70
BLAS_THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "VECLIB_MAXIMUM_THREADS",
                    "NUMEXPR_NUM_THREADS")

_warm_lock = threading.Lock()  # Dask workers may run several task threads in one process
_init_error: str | None = None  # why this worker process could not load the pipeline (reported per document)


@dataclass
class Task:
    """One document to analyse; ``key`` is the run item key it is recorded under."""

    key: str
    document: Document
    attempts: int = 0  # how often a worker died while holding it


@dataclass
class Outcome:
    """What a worker returns: the analysis, or the reason it failed, plus where and how it ran."""

    key: str
    document_id: str
    analysis: Analysis | None = None
    error: str | None = None
    worker: str = ""  # host:pid
    seconds: float = 0.0
    peak_rss: int = 0  # bytes: the worker process's high-water mark so far


def pipeline_analyze(document: Document, settings: Settings) -> Analysis:
    """The real pipeline: language → speech → actors → stance, with this process's cached models."""
    from standpunkt.pipeline import analyze, resources_for

    return analyze(document, resources_for(settings))


def pipeline_analyze_many(documents: list[Document], settings: Settings) -> list[Analysis]:
    """:func:`pipeline_analyze` for a batch (same results; the language layer is faster on batches)."""
    from standpunkt.pipeline import analyze_many, resources_for

    return analyze_many(documents, resources_for(settings))


#: Per-document functions that have a faster batch twin with the same results; :func:`execute_many` uses it.
BATCH_TWINS: dict[AnalyzeFn, Callable[[list[Document], Settings], list[Analysis]]] = {
    pipeline_analyze: pipeline_analyze_many,
}


# A quotation, a speaker, a place, and invented words (out-of-vocabulary words make the NER load its fallback
# encoder, which it otherwise does on the first real document).
WARM_UP_TEXT = ("Die Ministerin Zwetlana Quabbelmeier-Ostrowskij sagte am Montag in Berlin: „Wir prüfen den "
                "Vorschlag der Knurzelbaum-Kommission.“ Die Opposition widersprach.")


def pipeline_warm(settings: Settings) -> None:
    """Load every model before the first document — including those a stage loads on first use, hence one short
    analysis — so start-up is not mistaken for a slow document, and a broken model stops the run at once."""
    from standpunkt.pipeline import analyze, resources_for

    analyze(Document(text=WARM_UP_TEXT), resources_for(settings))


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def peak_rss_bytes() -> int:
    """High-water mark of this process's resident memory (0 where the platform cannot tell)."""
    try:
        import resource
    except ImportError:  # Windows
        return 0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return int(peak if sys.platform == "darwin" else peak * 1024)  # macOS reports bytes, Linux KiB


def warm(warm_fn: WarmFn | None, settings: Settings) -> str:
    """Run the warm-up once per process; returns the worker name (handy for ``client.run``)."""
    if warm_fn is not None:
        with _warm_lock:
            warm_fn(settings)
    return worker_name()


def driver_identity() -> tuple[int, float]:
    """(pid, start time) of this process: what a worker watches to notice that its driver is gone."""
    import psutil

    return os.getpid(), psutil.Process().create_time()


def _driver_alive(driver: tuple[int, float]) -> bool:
    import psutil

    try:
        proc = psutil.Process(driver[0])
        return proc.create_time() == driver[1] and proc.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def _watch_driver(driver: tuple[int, float]) -> None:
    while _driver_alive(driver):
        time.sleep(DRIVER_WATCH_S)
    os._exit(ORPHAN_EXIT_CODE)  # the driver was killed: its work is lost anyway, and --resume redoes it


def init_worker(warm_fn: WarmFn | None, settings: Settings, driver: tuple[int, float] | None = None) -> None:
    """Pool initializer: load models; a failure is remembered (and reported), not a dead pool.

    With ``driver``, the worker exits when the driver dies (``kill -9`` leaves pool workers behind otherwise: they
    are children of the forkserver, not of the driver).
    """
    global _init_error
    if driver is not None:
        threading.Thread(target=_watch_driver, args=(driver,), daemon=True, name="standpunkt-driver-watch").start()
    # One worker per core: a BLAS thread pool per worker on top only oversubscribes the cores (measured: 1.8x the
    # CPU per document, half the throughput). The variables hold for libraries loaded from now on...
    for var in BLAS_THREAD_VARS:
        os.environ[var] = "1"
    try:
        warm(warm_fn, settings)
    except Exception as exc:  # noqa: BLE001 - reported by probe() and with every document
        _init_error = describe_exception(exc)
    _limit_loaded_thread_pools()
    # The loaded models live as long as the worker: keep the cyclic garbage collector from re-scanning their
    # millions of objects on every full collection while documents are analysed.
    gc.collect()
    gc.freeze()


def _limit_loaded_thread_pools() -> None:
    """...and this for those already loaded (a forkserver may have imported numpy before the variables were set)."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - installed with scikit-learn
        return
    threadpool_limits(1)


def probe() -> tuple[str, str | None]:
    """(worker name, start-up error or None): lets the driver see every worker is ready before the clock runs."""
    return worker_name(), _init_error


class TimeBudgetExceeded(StandpunktError):
    """One document (or batch) took longer than ``Settings.time_budget_s``."""


class _ThreadBudgetExceeded(TimeBudgetExceeded):
    """What the timer raises in a worker thread (an exception class without arguments; the block's exit replaces it
    with the full message unless it arrives while the block is already ending)."""

    def __init__(self) -> None:
        super().__init__("document took longer than its time budget; not analysed (raise it with --time-budget)")


@contextmanager
def time_budget(seconds: float | None, what: str = "document"):  # noqa: ANN201
    """Raise :class:`TimeBudgetExceeded` inside the block after ``seconds``. In the main thread by SIGALRM (POSIX);
    in other threads (Dask runs tasks in worker threads) a timer thread raises it asynchronously in the block's
    thread. Either way it interrupts Python code between bytecodes (HanTa's search, a runaway loop); a single C call
    that never returns is not interrupted (the executors' worker deaths and timeouts handle those)."""
    if not seconds or seconds <= 0:
        yield
        return
    message = (f"{what} took longer than its time budget of {seconds:g} s; not analysed (raise it with "
               "--time-budget)")
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        with _thread_time_budget(seconds, message):
            yield
        return

    def on_alarm(signum, frame):  # noqa: ANN001, ANN202, ARG001
        raise TimeBudgetExceeded(message)

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextmanager
def _thread_time_budget(seconds: float, message: str):  # noqa: ANN202
    """The budget of :func:`time_budget` off the main thread: ``PyThreadState_SetAsyncExc`` from a timer. The lock
    makes sure the exception is only ever raised while the block runs (a timer firing as it ends is withdrawn)."""
    import ctypes

    target = ctypes.c_ulong(threading.get_ident())
    lock = threading.Lock()
    state = {"running": True, "fired": False}

    def fire() -> None:
        with lock:
            if state["running"]:
                state["fired"] = True
                ctypes.pythonapi.PyThreadState_SetAsyncExc(target, ctypes.py_object(_ThreadBudgetExceeded))

    timer = threading.Timer(seconds, fire)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        with lock:
            state["running"] = False
        timer.cancel()
        if state["fired"]:
            ctypes.pythonapi.PyThreadState_SetAsyncExc(target, None)  # withdraw it if not delivered yet
            raise TimeBudgetExceeded(message)


def execute(fn: AnalyzeFn, task: Task, settings: Settings) -> Outcome:
    """Analyse one document; an exception becomes a failed Outcome with a one-line reason, never a crash. A document
    over its time budget fails the same way."""
    start = time.perf_counter()
    outcome = Outcome(key=task.key, document_id=task.document.id, worker=worker_name())
    try:
        if _init_error is not None:
            raise RuntimeError(f"the worker could not load the pipeline: {_init_error}")
        with time_budget(settings.time_budget_s):
            outcome.analysis = fn(task.document, settings)
    except StandpunktError as exc:  # over its time budget, too long...: the message says it all
        outcome.error = str(exc)
    except (Exception, RecursionError) as exc:  # noqa: BLE001 - one bad document must not stop the corpus
        outcome.error = describe_exception(exc)
    outcome.seconds = time.perf_counter() - start
    outcome.peak_rss = peak_rss_bytes()
    return outcome


def execute_many(fn: AnalyzeFn, warm_fn: WarmFn | None, tasks: list[Task], settings: Settings) -> list[Outcome]:
    """A batch of documents in one call (executors ship work in tasks of several documents).

    With a batch twin of ``fn`` the batch is analysed at once; if that raises (or overruns the budget of its
    documents), each document is analysed on its own, so the failure is pinned on the document that causes it and
    the others still succeed."""
    warm(warm_fn, settings)
    batch_fn = BATCH_TWINS.get(fn)
    if batch_fn is not None and len(tasks) > 1 and _init_error is None:
        start = time.perf_counter()
        try:  # a batch of normal documents takes a fraction of one document's budget
            with time_budget(settings.time_budget_s, "batch"):
                analyses = batch_fn([task.document for task in tasks], settings)
        except (Exception, RecursionError):  # noqa: BLE001 - retried one by one below, where the reason is recorded
            pass
        else:
            elapsed = time.perf_counter() - start
            chars = sum(len(task.document.text) for task in tasks) or 1
            name, rss = worker_name(), peak_rss_bytes()
            return [Outcome(key=task.key, document_id=task.document.id, analysis=analysis, worker=name,
                            seconds=elapsed * len(task.document.text) / chars, peak_rss=rss)
                    for task, analysis in zip(tasks, analyses)]
    return [execute(fn, task, settings) for task in tasks]
