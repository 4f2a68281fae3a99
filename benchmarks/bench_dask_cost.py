"""Benchmark: what Dask itself costs a `standpunkt run`, apart from the analysis — readable on a busy machine.

Two measurements, both in CPU time of every process of the run (driver with scheduler, nannies and client; workers):

1. **Background**: an idle LocalCluster, Dask's defaults against the batch settings `run` starts it with
   (``DASK_BATCH_CONFIG``). Every wake-up of a scheduler or worker event loop (ticks, memory and system monitors, the
   profiler) takes the GIL from the analysis in the worker's task thread.
2. **Per task**: `run_corpus` over short documents with a near-free analysis (it sleeps 20 ms: no CPU), local pool
   against Dask, with N documents per task. The marginal CPU per document between a small and a large corpus removes
   start-up; the difference between the executors is the coordination cost Dask adds.

    .venv/bin/python benchmarks/bench_dask_cost.py [--workers 2] [--seconds 20] [--docs 300,1500] [--per-task 1,4,16]
"""

from __future__ import annotations

import argparse
import logging
import tempfile
import time
from pathlib import Path

import dask
import psutil
from distributed import Client, LocalCluster

from standpunkt import pipeline
from standpunkt.model import Analysis, Document
from standpunkt.pipeline import Settings
from standpunkt.run import RunOptions, run_corpus
from standpunkt.run import executors
from standpunkt.store import Store

from bench_run import TreeCPU  # CPU of this process and the run's worker processes

SETTLE_S = 3.0  # after the workers registered: let start-up work finish before the clock runs
WORK_S = 0.02  # what the near-free analysis sleeps per document


def idle_cpu(config: dict, workers: int, seconds: float) -> tuple[float, float]:
    """(driver, workers) CPU milliseconds per wall second of an idle LocalCluster started under ``config``."""
    with dask.config.set(config):
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                               silence_logs=logging.ERROR)
    client = Client(cluster)
    try:
        client.wait_for_workers(workers)
        time.sleep(SETTLE_S)
        me = psutil.Process()
        children = me.children(recursive=True)
        start, driver0, workers0 = time.perf_counter(), TreeCPU._cpu(me), sum(TreeCPU._cpu(p) for p in children)
        time.sleep(seconds)
        wall = time.perf_counter() - start
        workers1 = sum(TreeCPU._cpu(p) for p in children)
        return (TreeCPU._cpu(me) - driver0) / wall * 1000, (workers1 - workers0) / wall * 1000
    finally:
        client.close()
        cluster.close()


def near_free(document: Document, settings: Settings) -> Analysis:
    """Waits instead of computing: what is left of a run's CPU is the executor's own."""
    time.sleep(WORK_S)
    return Analysis(document=document, pipeline_version=settings.version, n_tokens=len(document.text.split()))


def run_cpu(executor: str, workers: int, n_docs: int) -> float:
    """CPU seconds of all processes of one run of ``n_docs`` short documents."""
    corpus = Path(tempfile.mkdtemp(prefix="sp-bench-corpus-"))
    for i in range(n_docs):
        (corpus / f"d{i:05d}.txt").write_text(f"Dokument {i}. " + "Ein Satz. " * 150, encoding="utf-8")
    with TreeCPU() as cpu, Store(f"sqlite:///{tempfile.mkdtemp(prefix='sp-bench-db-')}/run.db") as store:
        run_corpus(store, [corpus], Settings(), fn=near_free, warm_fn=None,
                   options=RunOptions(executor=executor, workers=workers))
    return cpu.total()

def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seconds", type=float, default=20.0, help="idle measurement length")
    parser.add_argument("--repeat", type=int, default=2, help="idle measurements per setting (interleaved)")
    parser.add_argument("--docs", default="300,1500", help="small and large corpus (marginal cost between them)")
    parser.add_argument("--per-task", default="1,4,16", help="documents per task to compare")
    args = parser.parse_args()

    defaults = {"distributed.worker.profile.enabled": True}  # Dask's own default, stated for clarity
    idle: dict[str, list[tuple[float, float]]] = {"dask defaults": [], "standpunkt batch config": []}
    for _ in range(args.repeat):  # interleaved, so a change in machine load hits both alike
        idle["dask defaults"].append(idle_cpu(defaults, args.workers, args.seconds))
        idle["standpunkt batch config"].append(idle_cpu(executors.DASK_BATCH_CONFIG, args.workers, args.seconds))
    print(f"1. idle LocalCluster, {args.workers} workers, {args.seconds:.0f} s x {args.repeat}, "
          "CPU ms per second (driver / workers / total):")
    totals = {}
    for name, runs in idle.items():
        driver = sum(r[0] for r in runs) / len(runs)
        workers = sum(r[1] for r in runs) / len(runs)
        totals[name] = driver + workers
        print(f"   {name:24s} {driver:6.1f} / {workers:6.1f} / {driver + workers:6.1f}")
    print(f"   background CPU, defaults vs batch config: "
          f"{totals['dask defaults'] / max(totals['standpunkt batch config'], 1e-9):.1f}x")

    small, large = (int(n) for n in args.docs.split(","))
    print(f"2. marginal CPU per document ({small} -> {large} documents of ~1,500 characters, "
          f"{args.workers} workers, analysis sleeps {WORK_S * 1000:.0f} ms):")
    for per_task in (int(n) for n in args.per_task.split(",")):
        pipeline.BATCH_DOCS, pipeline.BATCH_CHARS = per_task, 10**9  # the count alone decides the task size
        marginal = {}
        for executor in ("local", "dask"):
            marginal[executor] = (run_cpu(executor, args.workers, large)
                                  - run_cpu(executor, args.workers, small)) / (large - small) * 1000
        print(f"   {per_task:2d} per task: local {marginal['local']:.2f} ms, dask {marginal['dask']:.2f} ms, "
              f"Dask adds {marginal['dask'] - marginal['local']:+.2f} ms per document")


if __name__ == "__main__":
    main()
