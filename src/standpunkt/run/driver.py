"""The driver of a run: streams items, skips what is done, feeds an executor with bounded work in flight, and is
the only writer to the store.

Invariants (what makes ``kill -9`` + ``--resume`` lose nothing and store nothing twice):

* an analysis and its ``run_items`` row are written in ONE transaction (:meth:`Store.save_analyses`), so a stored
  analysis is always marked done and a done item always has its analysis;
* an item without a row was in flight (or not yet read) when the run died, and ``--resume`` redoes exactly those;
* a document is replaced whole in the store, so redoing an item can never duplicate its quotations or statements.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import chain, islice
from pathlib import Path
from typing import Any

from standpunkt.errors import InputError, StandpunktError
from standpunkt.ingest import IngestOptions, Item, iter_files, read_sources
from standpunkt.model import Analysis
from standpunkt.pipeline import Settings
from standpunkt.run.executors import Executor, make_executor
from standpunkt.run.tasks import AnalyzeFn, Outcome, Task, WarmFn, pipeline_analyze, pipeline_warm
from standpunkt.store import Store
from standpunkt.store import runs as runlog

log = logging.getLogger(__name__)

SAVE_BATCH_DOCS = 20  # analyses per transaction: little to redo after a crash, few commits per second
SAVE_BATCH_SECONDS = 2.0  # ...or whatever finished in this time, so slow corpora still show up in the store
MARK_BATCH = 500  # skipped/failed bookkeeping rows per transaction
LOOKAHEAD = 100  # items read ahead to check their stored versions in one query
FILE_CHUNK = 200  # files checked at once for "already done in this run" before reading them
REPORTED_FAILURES = 50  # failures kept in the report (all of them are in run_items)
WAIT_SLICE_S = 0.25  # longest the driver sleeps on workers before it looks at the clock again
_END = object()


@dataclass
class RunOptions:
    """How to execute a run; the analysis itself is decided by :class:`~standpunkt.pipeline.Settings`."""

    executor: str = "local"  # local | dask | spark | inprocess
    workers: int | None = None  # default: every core (local), every worker thread (dask with --scheduler)
    scheduler: str | None = None  # dask: tcp://host:8786; spark: master URL
    force: bool = False  # re-analyse documents already analysed by this pipeline version
    batch_docs: int = SAVE_BATCH_DOCS
    batch_seconds: float = SAVE_BATCH_SECONDS


@dataclass
class RunReport:
    """What a run did. ``items`` counts everything read (documents and unreadable inputs)."""

    run_id: str
    pipeline_version: str
    executor: str = ""
    workers: int = 0
    status: str = "running"
    items: int = 0
    analysed: int = 0
    unchanged: int = 0  # already analysed by this pipeline version (skipped)
    resumed: int = 0  # done or skipped earlier in this run (not read again)
    failed: int = 0
    quotations: int = 0
    statements: int = 0
    tokens: int = 0
    startup_s: float = 0.0  # starting workers and loading models
    elapsed_s: float = 0.0  # whole run, start-up included, shutting the workers down not
    failures: list[tuple[str, str]] = field(default_factory=list)  # first REPORTED_FAILURES (key, reason)
    worker_peak_rss: dict[str, int] = field(default_factory=dict)  # worker → bytes
    version_changed: bool = False  # resumed a run begun with another pipeline version
    settings: dict[str, Any] = field(default_factory=dict)  # codebook and registry: what --resume analyses with

    @property
    def work_s(self) -> float:
        """Time after start-up: what throughput is measured against."""
        return max(self.elapsed_s - self.startup_s, 1e-9)

    @property
    def docs_per_s(self) -> float:
        return self.analysed / self.work_s

    @property
    def tokens_per_s(self) -> float:
        return self.tokens / self.work_s

    def stats(self) -> dict[str, Any]:
        """The JSON kept in ``runs.stats``."""
        return {k: getattr(self, k) for k in ("items", "analysed", "unchanged", "resumed", "failed", "quotations",
                                              "statements", "tokens", "startup_s", "elapsed_s", "workers")} | {
            "executor": self.executor, "docs_per_s": round(self.docs_per_s, 3),
            "tokens_per_s": round(self.tokens_per_s, 1), "settings": self.settings,
            "worker_peak_rss_mb": {w: round(b / 2**20, 1) for w, b in self.worker_peak_rss.items()}}


class ProgressSink:
    """What the driver tells about its progress; :mod:`standpunkt.run.progress` draws it with rich."""

    def start(self, report: RunReport, total: int | None) -> None: ...
    def update(self, report: RunReport, done: int) -> None: ...
    def stop(self) -> None: ...


class RunInterrupted(StandpunktError):
    """Ctrl-C: what finished is stored, the run can be resumed."""

    def __init__(self, run_id: str):
        self.run_id = run_id
        super().__init__(f"run {run_id} interrupted; finish it with: standpunkt run --resume {run_id}")


def run_corpus(store: Store, paths: Iterable[str | Path], settings: Settings | None = None, *,
               options: RunOptions | None = None, ingest: IngestOptions | None = None, resume: str | None = None,
               fn: AnalyzeFn = pipeline_analyze, warm_fn: WarmFn | None = pipeline_warm,
               progress: ProgressSink | None = None, executor: Executor | None = None) -> RunReport:
    """Analyse every document under ``paths`` and store the results; returns the report (the run is in the store).

    ``resume`` continues a run by id: its inputs are read again, items it finished are skipped without analysing
    (single-document files without even being read). ``fn``/``warm_fn`` replace the pipeline (tests, plug-ins);
    ``executor`` replaces the one ``options`` would build.
    """
    settings = settings or Settings()
    options = options or RunOptions()
    ingest = ingest or IngestOptions()
    progress = progress or ProgressSink()
    inputs = [str(Path(p).resolve()) for p in paths]
    resume_done = False  # may "done in this run" stand for "done now"? only while the pipeline is unchanged
    version_changed = False
    info = None
    if resume:
        info = runlog.get_run(store, resume)
        if inputs and sorted(inputs) != sorted(info.inputs):
            raise StandpunktError(f"run {info.id} was started on {', '.join(info.inputs)}; resume it without "
                                  "paths, or start a new run for other inputs")
        settings = _started_settings(info, settings)
    elif not inputs:
        raise StandpunktError("no input paths given (or --resume RUN_ID to continue a run)")
    settings = settings.resolved()  # the variants travel to the workers fixed, whatever their environment says
    version = settings.version
    started_with = {"codebook": settings.codebook, "registry": settings.registry, "ner": settings.ner,
                    "quotes": settings.quotes, "fast": settings.fast}
    executor = executor or make_executor(options.executor, fn, settings, workers=options.workers,
                                         warm_fn=warm_fn, scheduler=options.scheduler)
    if info is not None:
        inputs, run_id = info.inputs, info.id
        resume_done = info.pipeline_version == version
        version_changed = not resume_done
        runlog.update_run(store, run_id, status="running", pipeline_version=version, finished_at=None)
    else:
        run_id = runlog.create_run(store, pipeline_version=version, executor=options.executor, inputs=inputs,
                                   stats={"settings": started_with})

    report = RunReport(run_id=run_id, pipeline_version=version, version_changed=version_changed,
                       settings=started_with)
    clock = time.perf_counter()
    writer = _Writer(store, run_id, settings, report, options)
    try:
        from standpunkt.run.counting import estimate_total

        progress.start(report, estimate_total(inputs))
        source = _decisions(store, run_id, inputs, ingest, version, resume_done, options.force, writer, report,
                            settings.codebook)
        first = _first_task(source, writer, progress, report)  # workers start (models load) only if there is work
        if first is not None:
            executor.start()
            report.startup_s = time.perf_counter() - clock
            report.executor, report.workers = executor.describe(), executor.workers
            runlog.update_run(store, run_id, executor=executor.name)
            _pump(executor, chain([first], source), writer, progress, report, clock)
        else:
            report.executor, report.workers = "none started: nothing to analyse", 0
        writer.flush(force=True)
        report.elapsed_s = time.perf_counter() - clock  # the work is done: shutting workers down is not part of it
        report.status = "failed" if report.failed else "finished"
    except KeyboardInterrupt:
        _salvage(writer, report, "interrupted", clock)
        raise RunInterrupted(run_id) from None
    except Exception:  # executor lost, store unreachable...: keep what finished, the run stays resumable
        _salvage(writer, report, "failed", clock)
        raise
    finally:
        progress.stop()
        executor.close()
    runlog.finish_run(store, run_id, status=report.status, stats=report.stats())
    return report


def _first_task(source: Iterator[Task | None], writer: "_Writer", progress: ProgressSink,
                report: RunReport) -> Task | None:
    """The first item that needs analysis; the skips and failures decided before it are stored on the way. None
    when there is nothing to analyse — a re-run of a finished corpus then starts no worker and loads no model."""
    for task in source:
        if task is not None:
            return task
        writer.flush()
        progress.update(report, report.analysed + report.failed + report.unchanged + report.resumed)
    return None


def _started_settings(info: runlog.RunInfo, given: Settings) -> Settings:
    """The settings a resumed run goes on with: the codebook, registry, model variants and ``--fast`` it was started
    with (a resume that forgets ``--codebook`` or ``--ner`` must not re-analyse everything without it). Naming other
    ones is an error. A run recorded before the variants were kept goes on with the ones given now."""
    started = info.stats.get("settings")
    if not isinstance(started, dict):  # a run recorded before settings were kept
        return given
    for name in ("codebook", "registry", "ner", "quotes"):
        mine = getattr(given, name)
        if name in ("ner", "quotes") and started.get(name) is None:
            continue
        if mine is not None and mine != started.get(name):
            raise StandpunktError(f"run {info.id} was started with --{name} {started.get(name) or '(none)'}; "
                                  f"resume it without --{name}, or start a new run")
    if given.fast and not started.get("fast", True):
        raise StandpunktError(f"run {info.id} was started without --fast; resume it without --fast, or start a new run")
    return Settings(codebook=started.get("codebook"), registry=started.get("registry"),
                    ner=started.get("ner") or given.ner, quotes=started.get("quotes") or given.quotes,
                    fast=bool(started.get("fast", given.fast)), time_budget_s=given.time_budget_s)


def _salvage(writer: "_Writer", report: RunReport, status: str, clock: float) -> None:
    """Store what finished before an interruption, and say so in the run. Never hides the original error: if the
    store itself is the problem, this fails quietly and ``--resume`` redoes the unsaved items."""
    report.status = status
    report.elapsed_s = time.perf_counter() - clock
    try:
        writer.flush(force=True)
        runlog.finish_run(writer.store, report.run_id, status=status, stats=report.stats())
    except Exception as exc:  # noqa: BLE001
        log.warning("could not record the end of run %s: %s", report.run_id, exc)


def _pump(executor: Executor, source: Iterator[Task | None], writer: "_Writer", progress: ProgressSink,
          report: RunReport, clock: float) -> None:
    """Keep at most ``executor.capacity`` tasks in flight; collect, store, report, until all is done."""
    exhausted = False
    while True:
        while not exhausted and executor.in_flight < executor.capacity:
            task = next(source, _END)
            if task is _END:
                exhausted = True
            elif task is None:  # a look-ahead batch was decided: let the progress bar move on long skips
                break
            else:
                executor.submit(task)
        if exhausted and executor.in_flight == 0:
            return
        for outcome in executor.wait(timeout=min(WAIT_SLICE_S, writer.seconds_to_deadline())):
            writer.add(outcome)
        writer.flush()
        report.elapsed_s = time.perf_counter() - clock
        progress.update(report, report.analysed + report.failed + report.unchanged + report.resumed)


def _decisions(store: Store, run_id: str, inputs: list[str], ingest: IngestOptions, version: str,
               resume_done: bool, force: bool, writer: "_Writer", report: RunReport,
               codebook: str | None = None) -> Iterator[Task | None]:
    """Tasks for the items that need analysis; everything else is recorded on the way (skips, input errors, and
    documents whose statements coded with another codebook a re-analysis would remove: those need ``force``).

    ``None`` after each look-ahead batch tells the pump that time has passed without a task."""
    items = _items(store, run_id, inputs, ingest, resume_done, report)
    while True:
        batch = list(islice(items, LOOKAHEAD))
        if not batch:
            return
        done = runlog.item_states(store, run_id, [i.key for i in batch]) if resume_done else {}
        ids = [i.document.id for i in batch if i.document is not None and i.key not in done]
        stored = {} if force else store.analysed_versions(ids)
        coded = {} if force else store.machine_codebooks(ids)
        for item in batch:
            report.items += 1
            state = done.get(item.key)
            if state is not None and state[0] in ("done", "skipped"):
                report.resumed += 1
            elif item.error is not None:
                writer.fail(item.key, None, _reason(item.key, item.error))
            elif stored.get(item.document.id) == version:
                report.unchanged += 1
                writer.mark(item.key, item.document.id, "skipped", None)
            elif refusal := _would_remove(coded.get(item.document.id, {}), codebook):
                writer.fail(item.key, item.document.id, refusal)
            else:
                yield Task(key=item.key, document=item.document)
        yield None


def _items(store: Store, run_id: str, inputs: list[str], ingest: IngestOptions, resume_done: bool,
           report: RunReport) -> Iterator[Item]:
    """Items of all inputs; on resume, single-document files already done in this run are not even opened."""
    files = iter_files(inputs)
    while True:
        chunk = list(islice(files, FILE_CHUNK))
        if not chunk:
            return
        done: dict[str, tuple[str, str | None]] = {}
        if resume_done:
            done = runlog.item_states(store, run_id, [str(f) for f in chunk if not isinstance(f, InputError)])
        for entry in chunk:
            if isinstance(entry, InputError):
                yield Item(key=entry.path, error=entry)
            elif done.get(str(entry), ("",))[0] in ("done", "skipped"):
                report.items += 1
                report.resumed += 1
            else:
                yield from read_sources([entry], ingest)


def _would_remove(coded: dict[str | None, int], codebook: str | None) -> str | None:
    """Why re-analysing a document with ``codebook`` is refused: it would remove machine statements that another
    codebook (or a run with one) coded. None when nothing of the kind would be lost."""
    other = {cb: n for cb, n in coded.items() if cb != codebook}
    if not other:
        return None
    n = sum(other.values())
    named = ", ".join(sorted(cb or "no codebook" for cb in other))
    recode = next((cb for cb in sorted(other, key=str) if cb), None)
    hint = f"pass --codebook {recode} to recode them, or " if recode else ""
    return (f"re-analysing would remove {n} statement{'s' * (n != 1)} coded with {named}; {hint}--force to "
            "replace them (reviewed and hand-coded statements are always kept)")


def _reason(key: str, error: InputError) -> str:
    """The error without the key repeated in front of it."""
    return error.reason if error.path == key else str(error)


class _Writer:
    """Buffers outcomes and bookkeeping; writes them in batches, each batch one transaction."""

    def __init__(self, store: Store, run_id: str, settings: Settings, report: RunReport, options: RunOptions):
        self.store, self.run_id, self.settings, self.report = store, run_id, settings, report
        self.batch_docs, self.batch_seconds = options.batch_docs, options.batch_seconds
        self.analyses: list[Analysis] = []
        self.keys: list[str] = []
        self.marks: list[tuple[str, str | None, str, str | None]] = []
        self.oldest: float | None = None  # when the oldest unwritten result arrived

    def seconds_to_deadline(self) -> float:
        if self.oldest is None:
            return WAIT_SLICE_S
        return max(0.0, self.oldest + self.batch_seconds - time.monotonic())

    def _pending(self) -> None:
        if self.oldest is None:
            self.oldest = time.monotonic()

    def add(self, outcome: Outcome) -> None:
        report = self.report
        if outcome.worker:
            report.worker_peak_rss[outcome.worker] = max(report.worker_peak_rss.get(outcome.worker, 0),
                                                         outcome.peak_rss)
        analysis = outcome.analysis
        if outcome.error is not None or analysis is None:
            self.fail(outcome.key, outcome.document_id, outcome.error or "worker returned no analysis")
            return
        if analysis.pipeline_version != self.report.pipeline_version:
            self.fail(outcome.key, outcome.document_id,
                      f"worker {outcome.worker} runs pipeline version {analysis.pipeline_version!r}, the driver "
                      f"{self.report.pipeline_version!r}: install the same standpunkt and models on every worker")
            return
        self._pending()
        self.analyses.append(analysis)
        self.keys.append(outcome.key)
        report.analysed += 1
        report.quotations += len(analysis.quotations)
        report.statements += len(analysis.statements)
        report.tokens += analysis.n_tokens

    def fail(self, key: str, doc_id: str | None, reason: str) -> None:
        self.report.failed += 1
        if len(self.report.failures) < REPORTED_FAILURES:
            self.report.failures.append((key, reason))
        self.mark(key, doc_id, "failed", reason)

    def mark(self, key: str, doc_id: str | None, status: str, error: str | None) -> None:
        self._pending()
        self.marks.append((key, doc_id, status, error))
        if len(self.marks) >= MARK_BATCH:
            self._flush_marks()

    def flush(self, *, force: bool = False) -> None:
        """Write when the batch is full or its oldest result has waited ``batch_seconds`` (or ``force``)."""
        if self.oldest is None:
            return
        due = force or len(self.analyses) >= self.batch_docs or self.seconds_to_deadline() <= 0
        if not due:
            return
        if self.analyses:
            self.store.save_analyses(self.analyses, codebook=self.settings.codebook, run_id=self.run_id,
                                     item_keys=self.keys)
            self.analyses, self.keys = [], []
        if self.marks:
            self._flush_marks()
        self.oldest = None

    def _flush_marks(self) -> None:
        self.store.mark_items(self.run_id, self.marks)
        self.marks = []


def analyze_in_process(store: Store, paths: Iterable[str | Path], settings: Settings | None = None, *,
                       ingest: IngestOptions | None = None, force: bool = False,
                       progress: ProgressSink | None = None,
                       fn: AnalyzeFn = pipeline_analyze, warm_fn: WarmFn | None = pipeline_warm) -> RunReport:
    """A small run in this process (no workers to start): what ``standpunkt analyze`` needs, recorded as a run."""
    return run_corpus(store, paths, settings, options=RunOptions(executor="inprocess", force=force),
                      ingest=ingest, fn=fn, warm_fn=warm_fn, progress=progress)

