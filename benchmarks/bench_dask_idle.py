"""Benchmark: background CPU of an idle Dask LocalCluster, Dask's defaults vs the batch settings `run` uses.

Every wake-up of a scheduler or worker event loop (ticks, memory and system monitors, the profiler) takes the GIL
from the analysis running in the worker's task thread. An idle cluster shows that cost alone, without the noise of
the analysis itself, so it stays readable on a machine busy with other work. Prints CPU milliseconds per second of
the driver process (scheduler, nannies, client) and of the worker processes, per setting and as a ratio.

    .venv/bin/python benchmarks/bench_dask_idle.py [--workers 2] [--seconds 20] [--repeat 2]
"""

from __future__ import annotations

import argparse
import logging
import time

import dask
import psutil
from distributed import Client, LocalCluster

from standpunkt.run.executors import DASK_BATCH_CONFIG

SETTLE_S = 3.0  # after the workers registered: let start-up work finish before the clock runs


def _cpu(proc: psutil.Process) -> float:
    times = proc.cpu_times()
    return times.user + times.system


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
        start, driver0, workers0 = time.perf_counter(), _cpu(me), sum(_cpu(p) for p in children)
        time.sleep(seconds)
        wall = time.perf_counter() - start
        return ((_cpu(me) - driver0) / wall * 1000, (sum(_cpu(p) for p in children) - workers0) / wall * 1000)
    finally:
        client.close()
        cluster.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    defaults = {"distributed.worker.profile.enabled": True}  # Dask's own default, stated for clarity
    results: dict[str, list[tuple[float, float]]] = {"dask defaults": [], "standpunkt batch config": []}
    for _ in range(args.repeat):  # interleaved, so a change in machine load hits both alike
        results["dask defaults"].append(idle_cpu(defaults, args.workers, args.seconds))
        results["standpunkt batch config"].append(idle_cpu(DASK_BATCH_CONFIG, args.workers, args.seconds))
    print(f"idle LocalCluster, {args.workers} workers, {args.seconds:.0f} s x {args.repeat}, "
          f"CPU ms per second (driver / workers / total):")
    totals = {}
    for name, runs in results.items():
        driver = sum(r[0] for r in runs) / len(runs)
        workers = sum(r[1] for r in runs) / len(runs)
        totals[name] = driver + workers
        print(f"  {name:24s} {driver:6.1f} / {workers:6.1f} / {driver + workers:6.1f}")
    ratio = totals["dask defaults"] / max(totals["standpunkt batch config"], 1e-9)
    print(f"background CPU, defaults vs batch config: {ratio:.1f}x")


if __name__ == "__main__":
    main()
