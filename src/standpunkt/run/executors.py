"""Executors map the pure per-document analysis over workers; the driver (:mod:`standpunkt.run.driver`) owns the
store and the bookkeeping.

Every executor has the same small interface: :meth:`Executor.submit` hands over one :class:`Task` without blocking,
:meth:`Executor.wait` returns the outcomes finished so far (waiting at most ``timeout`` seconds for the first), and
:attr:`Executor.in_flight` counts submitted documents whose outcome was not yet returned — the driver keeps it
bounded, which is the backpressure that keeps memory flat on a WARC of any size.

A worker that dies (``kill -9``, out of memory, a segfault in a native library) must never lose a document:

* ``local``: a dead process breaks a :class:`~concurrent.futures.ProcessPoolExecutor` and fails *all* its pending
  futures. The pool is rebuilt and the documents that were in flight become suspects: each is retried *alone*, so
  the one that kills its worker every time is pinned down and recorded as failed after :data:`MAX_WORKER_DEATHS`
  deaths, while the innocent ones are analysed normally.
* ``dask``: the scheduler reschedules the tasks of a lost worker itself and gives up on a task that killed
  ``distributed.scheduler.allowed-failures`` workers with ``KilledWorker``; that becomes a failed outcome.
* ``spark``: Spark retries failed tasks (``spark.task.maxFailures``); a job that still fails records its documents
  as failed with Spark's reason, and ``--resume`` retries them.
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import multiprocessing
import os
import queue
import re
import sys
import time
from collections import deque
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor
from concurrent.futures import wait as futures_wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from standpunkt import pipeline
from standpunkt.errors import StandpunktError
from standpunkt.pipeline import Settings, batches
from standpunkt.run.tasks import (AnalyzeFn, Outcome, Task, WarmFn, driver_identity, execute_many,
                                  init_worker, probe, warm)

log = logging.getLogger(__name__)

EXECUTORS = ("local", "dask", "spark")
PREFETCH_PER_WORKER = 2  # tasks queued per worker beyond the one it runs: keeps workers busy, memory bounded
MAX_WORKER_DEATHS = 2  # a document whose worker died this often (alone on the pool) is recorded as failed
DASK_START_TIMEOUT_S = 120  # LocalCluster workers import the pipeline; slow disks need time
LOCAL_START_TIMEOUT_S = 300  # pool workers loading models on a busy machine
SPARK_DOCS_PER_PARTITION = 4  # small partitions balance uneven document lengths across executors
# For the LocalCluster we start (an external cluster is configured by whoever runs it). The worker's statistical
# profiler samples the task thread's stack every 10 ms: several per cent of a CPU-bound pure-Python analysis, for a
# profile nobody looks at in a batch run. The event-loop tick (20 ms), memory monitor (100 ms) and system monitor
# (500 ms) wake every scheduler and worker event loop ~60 times a second, each wake-up taking the GIL from the
# analysis: an idle 2-worker cluster used 87.5 CPU-ms per second with Dask's defaults, 16.5 with these
# (benchmarks/bench_dask_cost.py). A second's delay in noticing a blocked loop or a memory limit is fine for batch work.
DASK_BATCH_CONFIG = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "1s",
    "distributed.worker.memory.monitor-interval": "500ms",
    "distributed.admin.system-monitor.interval": "2s",
    # Dask starts workers with MALLOC_TRIM_THRESHOLD_=65536 so that freed memory goes back to the OS at once; for an
    # analysis that allocates and frees many small objects this cost 14x the page faults and ~1 ms of system time per
    # document (cold quotes-de-news articles, one process with and without it). Our workers' memory is bounded by the
    # models and one task; glibc's own adaptive threshold is the better trade here.
    "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
}


class ExecutorError(StandpunktError):
    """The execution engine itself failed (cluster unreachable, scheduler lost): the run can be resumed."""


def worker_death_reason(deaths: int) -> str:
    return (f"worker process died while analysing this document ({deaths} times, each time alone on the pool): "
            "killed, out of memory or crashed in native code")


# Documents travel to workers in tasks, the groups of pipeline.batches (~10 short news articles, ~0.4 s of analysis):
# the language layer analyses a task's documents as one batch (~1.5x its per-document speed on unseen words), and
# Dask's ~7 ms of driver and worker CPU per task is amortised (with a near-free analysis: +1.7 ms per document over
# the local pool at 4 documents per task, +0.7 at 16; benchmarks/bench_dask_cost.py); one long document still
# travels alone, and the last tasks of a corpus stay short enough to balance the workers. The limits are read from
# the pipeline module at call time (benchmarks vary them).
def take_task(pending: deque[Task], *, partial: bool) -> list[Task] | None:
    """The next task's documents from the front of ``pending`` (a group of :func:`pipeline.batches`: up to
    ``BATCH_CHARS`` of text or ``BATCH_DOCS`` documents); ``None`` while they would not fill a task, unless
    ``partial``."""
    group = next(batches(pending, text=lambda task: task.document.text), None)
    if group is None:
        return None
    chars = sum(len(task.document.text) for task in group)
    full = len(group) >= pipeline.BATCH_DOCS or chars >= pipeline.BATCH_CHARS
    if not (full or partial):
        return None
    return [pending.popleft() for _ in group]

class Executor:
    """Base class: see the module docstring for the contract."""

    name = "base"

    def __init__(self, fn: AnalyzeFn, settings: Settings, *, workers: int, warm_fn: WarmFn | None = None):
        if workers < 1:
            raise StandpunktError(f"--workers must be at least 1, not {workers}")
        self.fn = fn
        self.settings = settings
        self.workers = workers
        self.warm_fn = warm_fn
        self._running: dict[Any, list[Task]] = {}  # what a worker holds: a task's future → its documents

    @property
    def capacity(self) -> int:
        """How many documents the driver may keep in flight: a task for each worker and its prefetched ones."""
        return self.workers * (1 + PREFETCH_PER_WORKER) * pipeline.BATCH_DOCS

    @property
    def _starving(self) -> bool:
        """Fewer tasks out than workers: a half-full task goes now rather than leave a worker idle. Otherwise
        documents wait for company — sending what is there on every wait would split the stream into small tasks."""
        return len(self._running) < self.workers

    def start(self) -> None:
        """Start workers and load models on them (before the clock of the first document starts)."""

    def submit(self, task: Task) -> None:
        raise NotImplementedError

    def wait(self, timeout: float) -> list[Outcome]:
        raise NotImplementedError

    @property
    def in_flight(self) -> int:
        raise NotImplementedError

    def describe(self) -> str:
        return f"{self.name}, {self.workers} worker{'s' if self.workers != 1 else ''}"

    def close(self) -> None:
        """Stop workers; safe to call twice and after a failed start."""

    def __enter__(self) -> "Executor":
        self.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


class InProcessExecutor(Executor):
    """One worker: the driver's own process. No start-up cost; what ``standpunkt analyze`` needs."""

    name = "inprocess"

    def __init__(self, fn: AnalyzeFn, settings: Settings, *, workers: int = 1, warm_fn: WarmFn | None = None):
        super().__init__(fn, settings, workers=1, warm_fn=warm_fn)
        self._queue: deque[Task] = deque()

    @property
    def capacity(self) -> int:
        return pipeline.BATCH_DOCS  # one task's worth, analysed as a batch

    def start(self) -> None:
        try:
            warm(self.warm_fn, self.settings)
        except Exception as exc:  # noqa: BLE001 - e.g. an invalid codebook: one line, not a traceback
            raise ExecutorError(f"cannot load the pipeline: {exc}") from None

    def submit(self, task: Task) -> None:
        self._queue.append(task)

    def wait(self, timeout: float) -> list[Outcome]:
        tasks = take_task(self._queue, partial=True)
        return execute_many(self.fn, None, tasks, self.settings) if tasks else []

    @property
    def in_flight(self) -> int:
        return len(self._queue)

    def describe(self) -> str:
        return "in-process, 1 worker"


class LocalExecutor(Executor):
    """A process pool on this machine; each worker process loads the models once (pool initializer)."""

    name = "local"

    def __init__(self, fn: AnalyzeFn, settings: Settings, *, workers: int, warm_fn: WarmFn | None = None,
                 start_method: str | None = None):
        super().__init__(fn, settings, workers=workers, warm_fn=warm_fn)
        # forkserver/spawn: the driver runs threads (progress bar, DB pool), and fork with threads is unsafe.
        methods = multiprocessing.get_all_start_methods()
        self.start_method = start_method or ("forkserver" if "forkserver" in methods else "spawn")
        self._pool: ProcessPoolExecutor | None = None
        self._queue: deque[Task] = deque()  # documents not yet sent
        self._suspects: deque[Task] = deque()  # in flight when a worker died: retried one at a time
        self._isolated: Task | None = None  # the suspect running alone right now
        self.worker_deaths = 0

    def start(self) -> None:
        """Start every worker and wait until each has loaded the models: the first documents should not pay."""
        self._pool = self._new_pool()
        ready: set[str] = set()
        deadline = time.monotonic() + LOCAL_START_TIMEOUT_S
        while len(ready) < self.workers and time.monotonic() < deadline:
            probes = [self._pool.submit(probe) for _ in range(self.workers)]
            futures_wait(probes)
            for f in probes:
                if f.exception() is not None:
                    raise ExecutorError(f"local workers failed to start: {f.exception()}")
                name, error = f.result()
                if error is not None:
                    raise ExecutorError(f"workers cannot load the pipeline: {error}")
                ready.add(name)

    def _new_pool(self) -> ProcessPoolExecutor:
        ctx = multiprocessing.get_context(self.start_method)
        return ProcessPoolExecutor(max_workers=self.workers, mp_context=ctx, initializer=init_worker,
                                   initargs=(self.warm_fn, self.settings, driver_identity()))

    def submit(self, task: Task) -> None:
        self._queue.append(task)
        self._dispatch()

    def _send(self, tasks: list[Task]) -> None:
        assert self._pool is not None, "start() the executor first"
        self._running[self._pool.submit(execute_many, self.fn, None, tasks, self.settings)] = tasks

    def _dispatch(self, *, partial: bool = False) -> None:
        """Send full tasks (``partial``: the last incomplete one too), a task per worker plus prefetched ones."""
        if self._isolated is not None:
            return
        if self._suspects:
            if not self._running:  # a suspect runs alone, so a death can be blamed on it
                self._isolated = self._suspects.popleft()
                self._send([self._isolated])
            return
        while len(self._running) < self.workers * (1 + PREFETCH_PER_WORKER):
            tasks = take_task(self._queue, partial=partial)
            if tasks is None:
                return
            self._send(tasks)

    def wait(self, timeout: float) -> list[Outcome]:
        self._dispatch(partial=self._starving)
        if not self._running:
            return []
        done, _ = futures_wait(list(self._running), timeout=timeout, return_when=FIRST_COMPLETED)
        outcomes: list[Outcome] = []
        broken = False
        for future in done:
            tasks = self._running.pop(future)
            alone = len(tasks) == 1 and tasks[0] is self._isolated
            if alone:
                self._isolated = None
            try:
                outcomes.extend(future.result())
            except BrokenProcessPool:
                broken = True
                outcomes.extend(self._blame(tasks, alone=alone))
            except Exception as exc:  # noqa: BLE001 - e.g. an analysis that cannot be pickled back
                outcomes.extend(Outcome(key=t.key, document_id=t.document.id,
                                        error=f"result could not be returned from the worker: {exc}") for t in tasks)
        if broken:
            self._rebuild()
        self._dispatch(partial=self._starving)
        return outcomes

    def _blame(self, tasks: list[Task], *, alone: bool) -> list[Outcome]:
        """A worker died while ``tasks`` were in flight. Alone: the document is the cause; otherwise: suspects."""
        if alone:
            task = tasks[0]
            task.attempts += 1
            if task.attempts >= MAX_WORKER_DEATHS:
                return [Outcome(key=task.key, document_id=task.document.id,
                                error=worker_death_reason(task.attempts))]
        self._suspects.extend(tasks)
        return []

    def _rebuild(self) -> None:
        """Replace the broken pool; every task that was still running on it becomes a suspect."""
        self.worker_deaths += 1
        log.warning("a local worker died; restarting the pool and retrying %d document(s)",
                    sum(len(t) for t in self._running.values()) + len(self._suspects))
        for future, tasks in list(self._running.items()):
            if future.done() and not isinstance(future.exception(), BrokenProcessPool):
                continue  # finished before the breakage: collected on the next wait
            self._suspects.extend(tasks)
            del self._running[future]
        assert self._pool is not None
        self._pool.shutdown(wait=False, cancel_futures=True)
        self._pool = self._new_pool()

    @property
    def in_flight(self) -> int:
        return sum(len(t) for t in self._running.values()) + len(self._queue) + len(self._suspects)

    def describe(self) -> str:
        return f"local process pool, {self.workers} worker{'s' if self.workers != 1 else ''}"

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


class DaskExecutor(Executor):
    """Tasks on a ``dask.distributed`` cluster: an existing scheduler by address, or a LocalCluster we start."""

    name = "dask"

    def __init__(self, fn: AnalyzeFn, settings: Settings, *, workers: int | None = None,
                 warm_fn: WarmFn | None = None, scheduler: str | None = None):
        super().__init__(fn, settings, workers=workers or 1, warm_fn=warm_fn)
        self.requested_workers = workers
        self.scheduler = scheduler
        self.client: Any = None
        self.cluster: Any = None
        self._pending: deque[Task] = deque()  # documents not yet sent (see take_task)
        self._suspects: deque[Task] = deque()  # held by a worker that died: retried one at a time
        self._isolated: Any = None  # the future of the suspect running alone right now
        self._keys = itertools.count()

    def start(self) -> None:
        try:
            from distributed import Client, LocalCluster
        except ImportError as exc:  # pragma: no cover - a dependency of standpunkt
            raise ExecutorError(f"dask.distributed is not installed: {exc}") from None
        try:
            if self.scheduler:
                self.client = Client(self.scheduler, timeout=DASK_START_TIMEOUT_S)
                if self.requested_workers:
                    self.client.wait_for_workers(self.requested_workers, timeout=DASK_START_TIMEOUT_S)
            else:
                import dask

                with dask.config.set(DASK_BATCH_CONFIG):
                    self.cluster = LocalCluster(n_workers=self.workers, threads_per_worker=1, processes=True,
                                                dashboard_address=None, silence_logs=logging.ERROR)
                self.client = Client(self.cluster, timeout=DASK_START_TIMEOUT_S)
                self.client.wait_for_workers(self.workers, timeout=DASK_START_TIMEOUT_S)
                # Ctrl-C reaches the whole process group: our workers leave it to the driver, which closes them
                self.client.run(_ignore_interrupts)
        except (OSError, TimeoutError) as exc:
            self.close()
            where = self.scheduler or "a LocalCluster"
            raise ExecutorError(f"cannot connect to the Dask scheduler at {where}: {exc}") from None
        info = self.client.scheduler_info()
        self.workers = max(1, sum(w.get("nthreads", 1) for w in info.get("workers", {}).values()))
        self.client.run(init_worker, self.warm_fn, self.settings)
        errors = {w: e for w, (_, e) in self.client.run(probe).items() if e is not None}
        if errors:
            worker, error = next(iter(errors.items()))
            raise ExecutorError(f"Dask worker {worker} cannot load the pipeline: {error}")

    def submit(self, task: Task) -> None:
        self._pending.append(task)
        self._dispatch()

    def _dispatch(self, *, partial: bool = False) -> None:
        """Send full tasks (``partial``: the last incomplete one too) unless suspects are being isolated."""
        if self._isolated is not None:
            return
        if self._suspects:
            if not self._running:  # a suspect runs alone on the cluster, so a death can be blamed on it
                task = self._suspects.popleft()
                self._isolated = self._submit_batch([task])
            return
        while (tasks := take_task(self._pending, partial=partial)) is not None:
            self._submit_batch(tasks)

    def _submit_batch(self, tasks: list[Task]) -> Any:
        future = self.client.submit(execute_many, self.fn, None, tasks, self.settings, pure=False,
                                    key=f"standpunkt-analyze-{next(self._keys)}-{time.monotonic_ns()}")
        self._running[future] = tasks
        return future

    def wait(self, timeout: float) -> list[Outcome]:
        from distributed import wait as dask_wait

        self._dispatch(partial=self._starving)
        if not self._running:
            return []
        try:
            done = dask_wait(list(self._running), timeout=timeout, return_when="FIRST_COMPLETED").done
        except TimeoutError:
            return []
        outcomes: list[Outcome] = []
        for future in done:
            tasks = self._running.pop(future)
            alone = future is self._isolated
            if alone:
                self._isolated = None
            outcomes.extend(self._outcomes(future, tasks, alone=alone))
            future.release()
        self._dispatch(partial=self._starving)
        return outcomes

    def _outcomes(self, future: Any, tasks: list[Task], *, alone: bool) -> list[Outcome]:
        from distributed import KilledWorker

        try:
            return future.result()
        except KilledWorker as exc:
            if alone:
                return [Outcome(key=tasks[0].key, document_id=tasks[0].document.id,
                                error=f"Dask workers died while analysing this document ({exc})")]
            # Dask blames every task a dying worker held: find the culprit by running each document alone.
            self._suspects.extend(tasks)
            return []
        except Exception as exc:  # noqa: BLE001
            if self.client.status != "running":
                raise ExecutorError(f"lost the Dask scheduler: {exc}") from None
            if future.status != "cancelled":
                return [Outcome(key=t.key, document_id=t.document.id,
                                error=f"Dask task failed: {type(exc).__name__}: {exc}") for t in tasks]
            # cancelled by the cluster (e.g. lost data of a restarted worker): the analysis is pure, run it again
            outcomes = []
            for task in tasks:
                task.attempts += 1
                if task.attempts > MAX_WORKER_DEATHS:
                    outcomes.append(Outcome(key=task.key, document_id=task.document.id,
                                            error=f"Dask cancelled this document's task {task.attempts} times"))
                else:
                    self._suspects.append(task)
            return outcomes

    @property
    def in_flight(self) -> int:
        return len(self._pending) + len(self._suspects) + sum(len(tasks) for tasks in self._running.values())

    def describe(self) -> str:
        where = self.scheduler or "LocalCluster"
        return f"dask ({where}), {self.workers} worker thread{'s' if self.workers != 1 else ''}"

    def close(self) -> None:
        # Tearing down our own LocalCluster (after an interrupt, a worker may already be gone) makes the scheduler
        # log "broadcast failed"/"Stream is closed" errors that are no news to the user: quiet while closing.
        quiet = _quiet_logger("distributed") if self.cluster is not None else contextlib.nullcontext()
        with quiet:
            for obj in (self.client, self.cluster):
                if obj is not None:
                    try:
                        obj.close()
                    except Exception as exc:  # noqa: BLE001 - closing a half-dead cluster must not hide the result
                        log.debug("closing %s: %s", obj, exc)
        self.client = self.cluster = None


def _ignore_interrupts() -> None:
    """On a LocalCluster worker: SIGINT is the driver's to handle (it closes the cluster)."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


@contextlib.contextmanager
def _quiet_logger(name: str) -> Iterator[None]:
    logger = logging.getLogger(name)
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)


def _spark_reason(exc: BaseException) -> str:
    """The Python error inside Spark's Java stack trace, e.g. ``ModuleNotFoundError: No module named 'x'``."""
    text = str(exc)
    python_errors = re.findall(r"^(\w+(?:Error|Exception|Exit)\b.*)$", text, flags=re.MULTILINE)
    if python_errors:  # an exception raised by Python code on the worker
        return python_errors[-1][:300]
    spark = re.findall(r"SparkException: ([^\n]+)", text)  # the innermost one says what happened on the worker
    if spark:
        line = spark[-1].split(". Consider setting")[0]
        failed = re.search(r"failed (\d+) times", text)
        return f"{line}{f' ({failed.group(1)} attempts)' if failed else ''}"[:300]
    return " ".join(text.split())[:300]


def _spark_partition(fn: AnalyzeFn, warm_fn: WarmFn | None, settings: Settings, tasks: Any) -> Any:
    yield from execute_many(fn, warm_fn, list(tasks), settings)


class SparkExecutor(Executor):
    """Chunks of documents as Spark jobs (``mapPartitions``), submitted from a thread so the driver keeps going.

    Needs ``pip install standpunkt[spark]`` and a Java runtime. ``scheduler`` is the Spark master URL
    (``spark://host:7077``, ``yarn``…); without one, ``local[N]`` on this machine.
    """

    name = "spark"

    def __init__(self, fn: AnalyzeFn, settings: Settings, *, workers: int, warm_fn: WarmFn | None = None,
                 scheduler: str | None = None):
        super().__init__(fn, settings, workers=workers, warm_fn=warm_fn)
        self.master = scheduler or f"local[{workers},{MAX_WORKER_DEATHS + 1}]"  # [N, task attempts]
        self.spark: Any = None
        self._pending: list[Task] = []
        self._jobs: dict[Future, list[Task]] = {}
        self._results: queue.Queue[Outcome] = queue.Queue()
        self._threads: Any = None
        self._outstanding = 0

    @property
    def chunk(self) -> int:
        return self.workers * SPARK_DOCS_PER_PARTITION

    @property
    def capacity(self) -> int:
        return 2 * self.chunk  # one job running, the next one filling

    def start(self) -> None:
        try:
            from pyspark.sql import SparkSession
        except ImportError:
            raise ExecutorError("the spark executor needs PySpark: pip install 'standpunkt[spark]'") from None
        from concurrent.futures import ThreadPoolExecutor

        builder = (SparkSession.builder.master(self.master).appName("standpunkt run")
                   .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
                   .config("spark.python.worker.reuse", "true"))  # reuse: models load once per Python worker
        if self.master.startswith("local"):
            # Python workers on this machine: this interpreter and its import path (plug-in analysis functions).
            builder = (builder.config("spark.pyspark.python", sys.executable)
                       .config("spark.executorEnv.PYTHONPATH", os.pathsep.join(p for p in sys.path if p)))
        try:
            self.spark = builder.getOrCreate()
        except Exception as exc:  # noqa: BLE001 - Java missing, master unreachable...
            raise ExecutorError(f"cannot start Spark ({self.master}): {_spark_reason(exc)}") from None
        self.spark.sparkContext.setLogLevel("ERROR")
        self._threads = ThreadPoolExecutor(max_workers=2, thread_name_prefix="standpunkt-spark")

    def submit(self, task: Task) -> None:
        self._pending.append(task)
        self._outstanding += 1
        if len(self._pending) >= self.chunk:
            self._launch()

    def _launch(self) -> None:
        tasks, self._pending = self._pending, []
        self._jobs[self._threads.submit(self._run_job, tasks)] = tasks

    def _run_job(self, tasks: list[Task]) -> None:
        """One Spark job over ``tasks``. If Spark gives up on it (after its own task retries), each document is
        tried again in a job of its own, so one document that kills its Python worker fails alone."""
        fn, warm_fn, settings = self.fn, self.warm_fn, self.settings
        slices = max(1, len(tasks) // SPARK_DOCS_PER_PARTITION)
        rdd = self.spark.sparkContext.parallelize(tasks, slices)
        try:
            outcomes = rdd.mapPartitions(lambda part: _spark_partition(fn, warm_fn, settings, part)).collect()
        except Exception as exc:  # noqa: BLE001 - Spark gave up on the job after its retries
            if len(tasks) > 1:
                for task in tasks:
                    self._run_job([task])
                return
            outcomes = [Outcome(key=tasks[0].key, document_id=tasks[0].document.id,
                                error=f"Spark job failed: {_spark_reason(exc)}")]
        for outcome in outcomes:
            self._results.put(outcome)

    def wait(self, timeout: float) -> list[Outcome]:
        if self._pending and not self._jobs_running():
            self._launch()  # the driver has nothing more to give right now: do not sit on a partial chunk
        outcomes: list[Outcome] = []
        try:
            outcomes.append(self._results.get(timeout=timeout if self._outstanding else 0))
            while True:
                outcomes.append(self._results.get_nowait())
        except queue.Empty:
            pass
        for future in [f for f in self._jobs if f.done()]:
            del self._jobs[future]
        self._outstanding -= len(outcomes)
        return outcomes

    def _jobs_running(self) -> bool:
        return any(not f.done() for f in self._jobs)

    @property
    def in_flight(self) -> int:
        return self._outstanding

    def describe(self) -> str:
        return f"spark ({self.master})"

    def close(self) -> None:
        if self._threads is not None:
            self._threads.shutdown(wait=True, cancel_futures=True)
            self._threads = None
        if self.spark is not None:
            self.spark.stop()
            self.spark = None


def usable_cpus() -> int:
    """Cores this process may run on (a container or ``taskset`` may allow fewer than the machine has)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


def make_executor(kind: str, fn: AnalyzeFn, settings: Settings, *, workers: int | None = None,
                  warm_fn: WarmFn | None = None, scheduler: str | None = None) -> Executor:
    """The executor named on the command line. ``workers`` defaults to the cores of this machine."""
    if kind not in EXECUTORS + (InProcessExecutor.name,):
        raise StandpunktError(f"unknown executor {kind!r} (choose from {', '.join(EXECUTORS)})")
    if scheduler and kind == "local":
        raise StandpunktError("--scheduler needs --executor dask or spark")
    n = workers or usable_cpus()
    if kind == InProcessExecutor.name:
        return InProcessExecutor(fn, settings, warm_fn=warm_fn)
    if kind == "local":
        return LocalExecutor(fn, settings, workers=n, warm_fn=warm_fn)
    if kind == "dask":
        return DaskExecutor(fn, settings, workers=workers if scheduler else n, warm_fn=warm_fn,
                            scheduler=scheduler)
    return SparkExecutor(fn, settings, workers=n, warm_fn=warm_fn, scheduler=scheduler)
