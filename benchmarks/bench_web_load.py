"""Load on the read API over a large store: open-loop requests at a fixed rate, latency percentiles and server RSS.

A store of ``--statements`` synthetic statements (documents, 400 actors, 30 concepts, 1 % reviewed) is written by
bulk SQL (tests/web_sample.py ``fill_synthetic``), the app runs under uvicorn in a subprocess, and a loopback
generator sends ``--rate`` requests per second for ``--duration`` seconds, whatever the answers take (open loop: a
slow server is not given a break). Besides latency it reports the server's CPU per request and the machine's
load average: on a shared machine the latency says as much about the neighbours as about the server. The mix: ``/api/statements?limit=20`` at random offsets, half of them with a
random filter (actor, concept, outlet, min_confidence, review state), and ``/api/matrix`` (one in four).

``--baseline REV`` runs the same mix against the code of git revision REV first (its ``src/`` unpacked to a
temporary folder), at ``--baseline-rate`` (default 2/s: the old code path loads every statement per request and
does not survive 50/s) and with the server killed when its RSS passes ``--rss-limit-mb``; the figures are then
printed side by side with ratios. The synthetic store is then written by REV's code (older code cannot open a store
of newer migrations), and this tree's server upgrades it when it starts; a store given by ``--db`` must be at REV's
migration or older.

    PYTHONPATH=src python benchmarks/bench_web_load.py --statements 100000 --rate 50 --duration 60 \\
        --baseline 21ac5ef
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

SERVE = """
import sys, uvicorn
from standpunkt.web import create_app
uvicorn.run(create_app(sys.argv[1], secret_key="bench"), host="127.0.0.1", port=int(sys.argv[2]),
            log_level="error")
"""

FILL = f"""
import sys
sys.path.insert(0, {str(ROOT / "tests")!r})
from standpunkt.store import Store
from web_sample import fill_synthetic
with Store(sys.argv[1]) as store:
    fill_synthetic(store, int(sys.argv[2]))
"""


def rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def cpu_s(pid: int) -> float:
    """User + system CPU seconds of a process so far."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return float("nan")


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def urls(n: int, n_statements: int, seed: int = 1) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        if rng.random() < 0.25:
            out.append("/api/matrix")
            continue
        url = f"/api/statements?limit=20&offset={rng.randrange(n_statements)}"
        if rng.random() < 0.5:
            url = "/api/statements?limit=20&offset=" + str(rng.randrange(200)) + "&" + rng.choice([
                f"actor=Akteur%20{rng.randrange(1, 400):04d}", f"concept=Konzept%20{rng.randrange(30):02d}",
                f"outlet={rng.choice(['taz', 'zeit', 'spiegel'])}", f"min_confidence={rng.random():.2f}",
                "review=reviewed", "review=unreviewed"])
        out.append(url)
    return out


class Server:
    def __init__(self, db_url: str, src: Path, rss_limit_mb: float):
        self.port = free_port()
        env = {**os.environ, "PYTHONPATH": str(src)}
        self.proc = subprocess.Popen([sys.executable, "-c", SERVE, db_url, str(self.port)], env=env)
        self.peak = 0.0
        self.killed = False
        self.rss_limit = rss_limit_mb
        self._stop = threading.Event()
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                httpx.get(f"http://127.0.0.1:{self.port}/api/me", timeout=2)
                break
            except httpx.HTTPError:
                time.sleep(0.3)
        self.start_rss = rss_mb(self.proc.pid)
        threading.Thread(target=self._watch, daemon=True).start()

    def _watch(self) -> None:
        while not self._stop.is_set() and self.proc.poll() is None:
            rss = rss_mb(self.proc.pid)
            self.peak = max(self.peak, rss)
            if rss > self.rss_limit:
                self.killed = True
                self.proc.kill()
            time.sleep(0.1)

    def stop(self) -> None:
        self._stop.set()
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


async def load(port: int, paths: list[str], rate: float, timeout: float) -> list[tuple[float, int]]:
    """Open loop: request i starts at i/rate seconds; (latency s, status) each, status 0 for a timeout/error."""
    results: list[tuple[float, int]] = []
    limits = httpx.Limits(max_connections=200, max_keepalive_connections=200)
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=timeout, limits=limits) as client:
        async def one(path: str) -> None:
            t0 = time.perf_counter()
            try:
                r = await client.get(path)
                await r.aread()
                results.append((time.perf_counter() - t0, r.status_code))
            except httpx.HTTPError:
                results.append((time.perf_counter() - t0, 0))

        start = time.perf_counter()
        tasks = []
        for i, path in enumerate(paths):
            delay = start + i / rate - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            tasks.append(asyncio.create_task(one(path)))
        await asyncio.gather(*tasks)
    return results


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))]


def measure(label: str, db_url: str, src: Path, n_statements: int, rate: float, duration: float,
            rss_limit: float, timeout: float) -> dict[str, float]:
    server = Server(db_url, src, rss_limit)
    try:
        warm = ["/api/matrix", *urls(3, n_statements, seed=99)]
        asyncio.run(load(server.port, warm, 1, timeout))  # the first matrix computed, connections opened
        paths = urls(int(rate * duration), n_statements)
        load_before = os.getloadavg()[0]
        t0, cpu0 = time.perf_counter(), cpu_s(server.proc.pid)
        results = asyncio.run(load(server.port, paths, rate, timeout))
        wall, cpu = time.perf_counter() - t0, cpu_s(server.proc.pid) - cpu0
        load_after = os.getloadavg()[0]
    finally:
        server.stop()
    ok = [lat for lat, status in results if status == 200]
    failed = sorted({status for _, status in results if status != 200})
    if failed:
        print(f"{label}: non-200 statuses (0 = timeout or connection error): {failed}", flush=True)
    out = {"requests": len(results), "ok": len(ok), "errors": len(results) - len(ok),
           "p50_ms": percentile(ok, 50) * 1000, "p95_ms": percentile(ok, 95) * 1000,
           "p99_ms": percentile(ok, 99) * 1000, "max_ms": max(ok, default=float("nan")) * 1000,
           "rss_start_mb": server.start_rss, "rss_peak_mb": server.peak, "wall_s": wall,
           # contention-free figures: the server's own CPU per request, and the machine's load (shared machines)
           "server_cpu_ms_per_request": cpu * 1000 / max(1, len(results)),
           "load_avg_1min_before": load_before, "load_avg_1min_after": load_after,
           "killed_for_memory": float(server.killed)}
    print(f"{label}: " + ", ".join(f"{k} {v:.1f}" if isinstance(v, float) else f"{k} {v}" for k, v in out.items()),
          f"(on {os.cpu_count()} CPUs)", flush=True)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--statements", type=int, default=100_000)
    ap.add_argument("--rate", type=float, default=50.0, help="requests per second (open loop)")
    ap.add_argument("--duration", type=float, default=20.0, help="seconds of load")
    ap.add_argument("--timeout", type=float, default=30.0, help="per request; slower counts as an error")
    ap.add_argument("--rss-limit-mb", type=float, default=3000.0, help="kill a server past this RSS")
    ap.add_argument("--baseline", help="git revision whose code path to measure first, in the same run")
    ap.add_argument("--baseline-rate", type=float, default=2.0)
    ap.add_argument("--baseline-duration", type=float, default=10.0)
    ap.add_argument("--db", help="an existing store to use instead of a fresh synthetic one")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-web-") as tmp:
        db_url = args.db or f"sqlite:///{tmp}/load.db"
        old = None
        if args.baseline:
            old = Path(tmp) / "old"
            old.mkdir()
            archive = subprocess.run(["git", "-C", str(ROOT), "archive", args.baseline, "src"], check=True,
                                     capture_output=True).stdout
            subprocess.run(["tar", "-x", "-C", str(old)], input=archive, check=True)
        if not args.db:
            # written by the baseline's code when there is one (an older store cannot be opened by older code),
            # which this tree's server then upgrades when it starts, as it would a user's store
            t0 = time.perf_counter()
            subprocess.run([sys.executable, "-c", FILL, db_url, str(args.statements)], check=True,
                           env={**os.environ, "PYTHONPATH": str((old or ROOT) / "src")})
            print(f"store: {args.statements} statements in {time.perf_counter() - t0:.1f} s", flush=True)
        base = None
        if old is not None:
            base = measure(f"baseline {args.baseline} at {args.baseline_rate:g}/s", db_url, old / "src",
                           args.statements, args.baseline_rate, args.baseline_duration, args.rss_limit_mb,
                           args.timeout)
        new = measure(f"this tree at {args.rate:g}/s", db_url, ROOT / "src", args.statements, args.rate,
                      args.duration, args.rss_limit_mb, args.timeout)
        if base:
            print("ratios (baseline / this tree): " + ", ".join(
                f"{k} {base[k] / new[k]:.1f}x" for k in ("p50_ms", "p99_ms", "rss_peak_mb") if new[k]))


if __name__ == "__main__":
    main()
