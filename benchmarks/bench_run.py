"""Benchmark: throughput of `standpunkt run` (real pipeline) on the 850 quotes-de-news articles (train + dev texts).

Runs the corpus with each executor configuration on a fresh SQLite store, in one invocation, and prints per
configuration: documents/s and tokens/s after worker start-up (start-up listed apart), the ratio to the 1-worker local
run and the parallel efficiency (ratio / workers), the Dask overhead against the local pool at equal workers, the peak
RSS of a worker process, and two CPU-based figures that stay readable on a machine shared with other load: the cores
the run obtained (CPU seconds of all its processes / wall seconds) and the CPU efficiency (CPU per document at
1 worker / at N workers: the efficiency N idle cores would give). With ``--repeat R`` the configurations run R times,
interleaved; the best wall throughput and the median CPU per document of each are reported.
Targets: efficiency ≥ 0.8 at 2 workers, ≤ 1 GB RSS per worker, Dask overhead ≤ 10 %.

    .venv/bin/python benchmarks/bench_run.py [--configs local:1,local:2,dask:1,dask:2] [--repeat 1]
        [--limit 850] [--codebook FILE.yaml] [--json results.json] [--no-freeze]

Needs ../shared/data/quotes-de-news (relative to the repository root); not part of the test suite.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import shutil
import statistics
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


def measure(corpus: Path, executor: str, workers: int, settings: Settings, workdir: Path, round_: int) -> dict:
    db = workdir / f"{executor}-{workers}-{round_}.db"  # a fresh store: nothing may be skipped as unchanged
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


def summarise(rounds: list[dict]) -> dict:
    """Best wall throughput of the rounds (least disturbed by other load), median CPU per document."""
    best = dict(max(rounds, key=lambda r: r["docs_per_s"]))
    best["cpu_ms_per_doc"] = statistics.median(r["cpu_ms_per_doc"] for r in rounds)
    best["peak_rss_mb"] = max(r["peak_rss_mb"] for r in rounds)
    best["rounds"] = len(rounds)
    return best


def derive(results: list[dict]) -> None:
    """Ratios against the first (local:1) result, and Dask against local at equal workers."""
    base = results[0]
    local = {r["workers"]: r for r in results if r["executor"] == "local"}
    for r in results:
        r["ratio_to_local_1"] = round(r["docs_per_s"] / base["docs_per_s"], 3)
        r["efficiency"] = round(r["ratio_to_local_1"] / r["workers"], 3)
        r["cpu_efficiency"] = round(base["cpu_ms_per_doc"] / r["cpu_ms_per_doc"], 3)
        if r["executor"] == "dask" and r["workers"] in local:
            r["dask_overhead"] = round(local[r["workers"]]["docs_per_s"] / r["docs_per_s"] - 1, 3)
            r["dask_cpu_overhead"] = round(r["cpu_ms_per_doc"] / local[r["workers"]]["cpu_ms_per_doc"] - 1, 3)


def print_table(results: list[dict]) -> None:
    print("\n| executor | workers | docs/s | tokens/s | ratio to local:1 | efficiency | Dask overhead (wall / CPU) "
          "| cores used | CPU ms/doc | CPU efficiency | start-up s | peak RSS/worker MB | load 1m |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in results:
        overhead = (f"{r['dask_overhead']:+.1%} / {r['dask_cpu_overhead']:+.1%}" if "dask_overhead" in r else "")
        print(f"| {r['executor']} | {r['workers']} | {r['docs_per_s']:.2f} | {r['tokens_per_s']:,} "
              f"| {r['ratio_to_local_1']:.2f} | {r['efficiency']:.2f} | {overhead} | {r['cores_used']:.2f} "
              f"| {r['cpu_ms_per_doc']:.0f} | {r['cpu_efficiency']:.2f} | {r['startup_s']:.1f} "
              f"| {r['peak_rss_mb']} | {r['loadavg_1m'][0]:.1f}→{r['loadavg_1m'][1]:.1f} |")


def verdicts(results: list[dict]) -> list[str]:
    def mark(ok: bool) -> str:
        return "meets" if ok else "misses"

    lines = []
    for r in results:
        name = f"{r['executor']}:{r['workers']}"
        if r["workers"] == 2:
            lines.append(f"{name} efficiency {r['efficiency']:.2f} ({mark(r['efficiency'] >= TARGET_EFFICIENCY)} "
                         f"≥ {TARGET_EFFICIENCY}; {r['cores_used']:.2f} cores obtained, CPU efficiency "
                         f"{r['cpu_efficiency']:.2f})")
        if "dask_overhead" in r:
            lines.append(f"{name} overhead {r['dask_overhead']:+.1%} wall, {r['dask_cpu_overhead']:+.1%} CPU "
                         f"({mark(r['dask_overhead'] <= TARGET_DASK_OVERHEAD)} ≤ {TARGET_DASK_OVERHEAD:.0%} "
                         "in wall time)")
    peak = max(r["peak_rss_mb"] for r in results)
    lines.append(f"peak RSS {peak} MB per worker ({mark(peak <= TARGET_RSS_MB)} ≤ {TARGET_RSS_MB} MB)")
    return lines


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
    parser.add_argument("--repeat", type=int, default=1, help="rounds over all configurations (interleaved)")
    args = parser.parse_args()
    if not DATA.is_dir():
        print(f"{DATA} not found: the benchmark needs ../shared/data/quotes-de-news", file=sys.stderr)
        return 2
    configs = [(c.split(":")[0], int(c.split(":")[1])) for c in args.configs.split(",")]
    if configs[0] != ("local", 1):
        print("the first configuration must be local:1, the baseline of the ratios", file=sys.stderr)
        return 2
    settings = Settings(codebook=str(Path(args.codebook).resolve()) if args.codebook else None)

    runs: dict[tuple[str, int], list[dict]] = {c: [] for c in configs}
    with tempfile.TemporaryDirectory(prefix="standpunkt-bench-") as tmp:
        workdir = Path(tmp)
        corpus = workdir / "corpus"
        corpus.mkdir()
        n = write_corpus(corpus, args.limit)
        print(f"{n} articles, pipeline {settings.version}, {os.cpu_count()} CPUs, {platform.python_version()}, "
              f"load average {os.getloadavg()[0]:.2f}", flush=True)
        for round_ in range(args.repeat):
            for executor, workers in configs:
                started = time.perf_counter()
                result = measure(corpus, executor, workers, settings, workdir, round_)
                if result["documents"] == 0:
                    print(f"error: {executor}:{workers} analysed no document; nothing to measure", file=sys.stderr)
                    return 1
                result["wall_s"] = round(time.perf_counter() - started, 2)
                runs[(executor, workers)].append(result)
                print(f"  round {round_ + 1}, {executor}:{workers}: {result['docs_per_s']} docs/s, "
                      f"{result['cores_used']} cores, {result['cpu_ms_per_doc']} CPU ms/doc", flush=True)
    results = [summarise(runs[c]) for c in configs]
    derive(results)
    print_table(results)
    print("\n" + "\n".join(verdicts(results)))
    if args.json:
        Path(args.json).write_text(json.dumps({"articles": n, "pipeline_version": settings.version,
                                               "commit": os.environ.get(COMMIT_ENV), "cpus": os.cpu_count(),
                                               "repeat": args.repeat, "results": results,
                                               "runs": [r for c in configs for r in runs[c]]}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
