"""Benchmark: throughput of `standpunkt run` (real pipeline) on the 850 quotes-de-news articles (train + dev texts).

Runs the corpus with each executor configuration on a fresh SQLite store and prints documents/s and tokens/s (after
worker start-up, which is listed separately) and CPU milliseconds per document (all processes of the run, after
start-up: the measure of overhead that other load on the machine does not distort), the ratio to the 1-worker local run measured in the same invocation,
parallel efficiency (speed-up / workers), the cores the run actually obtained (CPU seconds / wall seconds: on a
shared machine other load caps it), the CPU efficiency (CPU per document at 1 worker / at N: the efficiency N idle
cores would give), the Dask overhead against the local pool at equal workers, and the peak
RSS of each worker process. Targets: efficiency ≥ 0.8 at 2 workers, ≤ 1 GB RSS per worker, Dask overhead ≤ 10 %.

    .venv/bin/python benchmarks/bench_run.py [--configs local:1,local:2,dask:1,dask:2] [--limit 850]
        [--codebook examples/codebooks/bodentruppen.yaml] [--json results.json]

Needs ../shared/data/quotes-de-news (relative to the repository root); not part of the test suite.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import shutil
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
from pathlib import Path

import psutil

from standpunkt.pipeline import Settings
from standpunkt.run import ProgressSink, RunOptions, RunReport, run_corpus
from standpunkt.store import Store

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data" / "quotes-de-news"
TARGET_EFFICIENCY = 0.8
TARGET_RSS_MB = 1024
TARGET_DASK_OVERHEAD = 0.10
FROZEN_ENV = "STANDPUNKT_BENCH_FROZEN"  # set in the re-executed process: where its package snapshot lies
COMMIT_ENV = "STANDPUNKT_BENCH_COMMIT"
CPU_SAMPLE_S = 0.2  # CPU times of worker processes are sampled this often (they live for the whole run)


def write_corpus(directory: Path, limit: int | None) -> int:
    """One .txt per article (train, then dev), exactly the annotated text; returns how many were written."""
    n = 0
    for split in ("train", "dev"):
        for path in sorted((DATA / split).glob("*.json")):
            if limit is not None and n >= limit:
                return n
            text = json.loads(path.read_text(encoding="utf-8"))["originalText"]
            (directory / f"{split}-{path.stem}.txt").write_text(text, encoding="utf-8")
            n += 1
    return n


class TreeCPU:
    """CPU seconds used by this process and all its descendants (pool workers, forkserver, Dask nannies and
    workers) while running: sampled, because worker processes are not children we wait for."""

    def __init__(self) -> None:
        self.me = psutil.Process()
        self.start = self._cpu(self.me)
        self.last: dict[int, float] = {}
        self.stop_event = threading.Event()
        self.thread = threading.Thread(target=self._loop, daemon=True)

    @staticmethod
    def _cpu(proc: psutil.Process) -> float:
        t = proc.cpu_times()
        return t.user + t.system

    def _sample(self) -> None:
        for child in self.me.children(recursive=True):
            try:
                self.last[child.pid] = self._cpu(child)
            except psutil.Error:
                pass

    def _loop(self) -> None:
        while not self.stop_event.wait(CPU_SAMPLE_S):
            self._sample()

    def __enter__(self) -> "TreeCPU":
        self.before_children = {c.pid for c in self.me.children(recursive=True)}
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop_event.set()
        self.thread.join()

    def total(self) -> float:
        children = sum(v for pid, v in self.last.items() if pid not in self.before_children)
        return self._cpu(self.me) - self.start + children


class AfterStartup(ProgressSink):
    """Notes the CPU total and the documents done at the first progress update, i.e. once workers are up:
    CPU per document is then measured on the analysis alone, not on starting Python processes."""

    def __init__(self, cpu: TreeCPU):
        self.cpu = cpu
        self.mark: tuple[float, int] | None = None

    def update(self, report: RunReport, done: int) -> None:
        if self.mark is None:
            self.cpu._sample()
            self.mark = (self.cpu.total(), report.analysed)


def measure(corpus: Path, executor: str, workers: int, settings: Settings, workdir: Path) -> dict:
    db = workdir / f"{executor}-{workers}.db"
    with Store(f"sqlite:///{db}") as store:
        load_before = os.getloadavg()[0]
        with TreeCPU() as cpu:
            sink = AfterStartup(cpu)
            report = run_corpus(store, [corpus], settings, options=RunOptions(executor=executor, workers=workers),
                                progress=sink)
        load_after = os.getloadavg()[0]
    cpu_start, docs_start = sink.mark or (0.0, 0)
    cpu_work = cpu.total() - cpu_start
    if report.failed:
        print(f"warning: {report.failed} documents failed in {executor}:{workers}: {report.failures[:3]}",
              file=sys.stderr)
    return {"executor": executor, "workers": workers, "documents": report.analysed, "tokens": report.tokens,
            "quotations": report.quotations, "statements": report.statements, "failed": report.failed,
            "startup_s": round(report.startup_s, 2), "work_s": round(report.work_s, 2),
            "docs_per_s": round(report.docs_per_s, 2), "tokens_per_s": round(report.tokens_per_s),
            "peak_rss_mb": round(max(report.worker_peak_rss.values(), default=0) / 2**20),
            "cpu_s": round(cpu.total(), 1), "cores_used": round(cpu_work / report.work_s, 2),
            "cpu_ms_per_doc": round(1000 * cpu_work / max(report.analysed - docs_start, 1), 1),
            "worker_processes": len(report.worker_peak_rss), "loadavg_1m": [round(load_before, 2),
                                                                             round(load_after, 2)]}


def freeze_and_reexec(argv: list[str]) -> None:
    """Re-run this script on the package as committed in HEAD (code and models): a reproducible pipeline, and a
    model rebuilt in the working tree while the benchmark runs cannot give later workers another pipeline version
    than the driver (the run would, rightly, refuse their results)."""
    frozen = Path(tempfile.mkdtemp(prefix="standpunkt-frozen-"))
    archive = subprocess.run(["git", "-C", str(REPO), "archive", "HEAD", "src/standpunkt"], check=True,
                             capture_output=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(frozen, filter="data")
    (frozen / "src" / "standpunkt").rename(frozen / "standpunkt")
    commit = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], check=True,
                            capture_output=True, text=True).stdout.strip()
    env = {**os.environ, FROZEN_ENV: str(frozen), COMMIT_ENV: commit,
           "PYTHONPATH": os.pathsep.join(filter(None, [str(frozen), os.environ.get("PYTHONPATH")]))}
    os.execve(sys.executable, [sys.executable, str(Path(__file__).resolve()), *argv], env)


def main() -> int:
    if FROZEN_ENV not in os.environ and "--no-freeze" not in sys.argv:
        freeze_and_reexec(sys.argv[1:])
    frozen = os.environ.get(FROZEN_ENV)
    if frozen:
        import standpunkt

        assert Path(standpunkt.__file__).is_relative_to(frozen), standpunkt.__file__
        print(f"standpunkt as committed in {os.environ.get(COMMIT_ENV)} (snapshot in {frozen})", flush=True)
    try:
        return _main()
    finally:
        if frozen:
            shutil.rmtree(frozen, ignore_errors=True)


def _main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-freeze", action="store_true",
                        help="run on the working tree instead of the package as committed in HEAD")
    parser.add_argument("--configs", default="local:1,local:2,dask:1,dask:2",
                        help="executor:workers, comma-separated; the first must be local:1 (the baseline)")
    parser.add_argument("--limit", type=int, default=None, help="use only the first N articles")
    parser.add_argument("--codebook", default=None, help="codebook YAML, so that statements are coded too")
    parser.add_argument("--json", default=None, help="also write the results to this file")
    args = parser.parse_args()
    if not DATA.is_dir():
        print(f"{DATA} not found: the benchmark needs ../shared/data/quotes-de-news", file=sys.stderr)
        return 2
    configs = [(c.split(":")[0], int(c.split(":")[1])) for c in args.configs.split(",")]
    if configs[0] != ("local", 1):
        print("the first configuration must be local:1, the baseline of the ratios", file=sys.stderr)
        return 2
    settings = Settings(codebook=str(Path(args.codebook).resolve()) if args.codebook else None)

    results = []
    with tempfile.TemporaryDirectory(prefix="standpunkt-bench-") as tmp:
        workdir = Path(tmp)
        corpus = workdir / "corpus"
        corpus.mkdir()
        n = write_corpus(corpus, args.limit)
        print(f"{n} articles, pipeline {settings.version}, {os.cpu_count()} CPUs, {platform.python_version()}, "
              f"load average {os.getloadavg()[0]:.2f}", flush=True)
        for executor, workers in configs:
            started = time.perf_counter()
            result = measure(corpus, executor, workers, settings, workdir)
            if result["documents"] == 0:
                print(f"error: {executor}:{workers} analysed no document; nothing to measure", file=sys.stderr)
                return 1
            result["wall_s"] = round(time.perf_counter() - started, 2)
            results.append(result)
            print(f"  {executor}:{workers} done: {result['docs_per_s']} docs/s", flush=True)

    base = results[0]["docs_per_s"]
    local_rate = {r["workers"]: r["docs_per_s"] for r in results if r["executor"] == "local"}
    local_cpu = {r["workers"]: r["cpu_ms_per_doc"] for r in results if r["executor"] == "local"}
    for r in results:
        r["ratio_to_local_1"] = round(r["docs_per_s"] / base, 3)
        r["efficiency"] = round(r["ratio_to_local_1"] / r["workers"], 3)
        # the efficiency N workers would reach with N idle cores: no CPU lost to coordination
        r["cpu_efficiency"] = round(results[0]["cpu_ms_per_doc"] / r["cpu_ms_per_doc"], 3)
        if r["executor"] == "dask" and r["workers"] in local_rate:
            r["dask_overhead"] = round(local_rate[r["workers"]] / r["docs_per_s"] - 1, 3)
            r["dask_cpu_overhead"] = round(r["cpu_ms_per_doc"] / local_cpu[r["workers"]] - 1, 3)

    print("\n| executor | workers | docs/s | tokens/s | ratio to local:1 | efficiency | Dask overhead | cores used "
          "| CPU ms/doc | CPU efficiency | start-up s | peak RSS/worker MB | load 1m before→after |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in results:
        overhead = f"{r['dask_overhead']:+.1%} (CPU {r['dask_cpu_overhead']:+.1%})" if "dask_overhead" in r else ""
        print(f"| {r['executor']} | {r['workers']} | {r['docs_per_s']:.2f} | {r['tokens_per_s']:,} "
              f"| {r['ratio_to_local_1']:.2f} | {r['efficiency']:.2f} | {overhead} | {r['cores_used']:.2f} "
              f"| {r['cpu_ms_per_doc']:.0f} | {r['cpu_efficiency']:.2f} | {r['startup_s']:.1f} | {r['peak_rss_mb']} "
              f"| {r['loadavg_1m'][0]:.1f}→{r['loadavg_1m'][1]:.1f} |")
    verdicts = []
    for r in results:
        if r["workers"] == 2:
            verdicts.append(f"{r['executor']}:2 efficiency {r['efficiency']:.2f} "
                            f"({'meets' if r['efficiency'] >= TARGET_EFFICIENCY else 'misses'} ≥ {TARGET_EFFICIENCY}; "
                            f"{r['cores_used']:.2f} cores obtained, CPU efficiency {r['cpu_efficiency']:.2f})")
        if "dask_overhead" in r:
            verdicts.append(f"dask:{r['workers']} overhead {r['dask_overhead']:+.1%} ({'meets' if r['dask_overhead'] <= TARGET_DASK_OVERHEAD else 'misses'} ≤ {TARGET_DASK_OVERHEAD:.0%})")
    peak = max(r["peak_rss_mb"] for r in results)
    verdicts.append(f"peak RSS {peak} MB per worker ({'meets' if peak <= TARGET_RSS_MB else 'misses'} ≤ "
                    f"{TARGET_RSS_MB} MB)")
    print("\n" + "\n".join(verdicts))
    if args.json:
        Path(args.json).write_text(json.dumps({"articles": n, "pipeline_version": settings.version,
                                               "commit": os.environ.get(COMMIT_ENV),
                                               "cpus": os.cpu_count(), "results": results}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
