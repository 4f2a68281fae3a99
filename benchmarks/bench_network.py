"""Benchmark: a congruence network over 1M statements and 2,000 actors (target: under a minute on one core).

Prints the time of the vectorised network (per-qualifier count matrices, A·Aᵀ), with and without duplicate
handling and normalisation, and a ratio against a naive baseline measured in the same run: the pair count by a
pandas self-merge on (concept, qualifier), run on a subsample small enough for it (it grows with the square of the
statements per concept), compared with the vectorised code on the same subsample. The two must agree exactly.

    OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 python benchmarks/bench_network.py [--statements N] [--actors N]
    python benchmarks/bench_network.py --from-store    # end to end: import into SQLite, read back, network
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):  # one core, as the target says
    os.environ.setdefault(var, "1")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from standpunkt.analysis.frame import qualifiers, statement_frame  # noqa: E402
from standpunkt.analysis.network import network  # noqa: E402

AGREEMENTS = np.array(["support", "oppose", "conditional", "neutral"])
AGREEMENT_P = [0.55, 0.3, 0.1, 0.05]


def synthetic(n: int, actors: int, concepts: int, seed: int = 7) -> pd.DataFrame:
    """Statements with Zipf-like actor and concept activity over two years, as in real debates."""
    rng = np.random.default_rng(seed)

    def zipf(k: int) -> np.ndarray:
        p = 1.0 / np.arange(1, k + 1) ** 0.8
        return rng.choice(k, size=n, p=p / p.sum())

    days = rng.integers(0, 730, size=n)
    return statement_frame(pd.DataFrame({
        "id": np.arange(1, n + 1),
        "actor": pd.Series(zipf(actors)).map(lambda i: f"actor {i:04d}"),
        "concept": pd.Series(zipf(concepts)).map(lambda i: f"concept {i:03d}"),
        "agreement": AGREEMENTS[rng.choice(4, size=n, p=AGREEMENT_P)],
        "date": pd.Timestamp("2023-01-01") + pd.to_timedelta(days, unit="D"),
        "document_id": pd.Series(rng.integers(0, n // 8, size=n)).map(lambda i: f"doc{i}"),
    }))


def naive_congruence(frame: pd.DataFrame) -> pd.DataFrame:
    """Baseline: self-merge every pair of statements on the same concept with the same (boolean) qualifier."""
    df = pd.DataFrame({"actor": frame["actor"].astype(str), "concept": frame["concept"].astype(str),
                       "q": qualifiers(frame, "boolean")}).dropna(subset=["q"])
    pairs = df.merge(df, on=["concept", "q"])
    pairs = pairs[pairs["actor_x"] != pairs["actor_y"]]
    counts = pairs.groupby(["actor_x", "actor_y"]).size()
    actors = sorted(frame["actor"].astype(str).unique())
    return counts.unstack(fill_value=0).reindex(index=actors, columns=actors, fill_value=0).astype(float)


def timed(label: str, fn):  # noqa: ANN001, ANN201
    """Wall and CPU seconds: on a shared machine the CPU time is the steadier figure."""
    t, c = time.perf_counter(), time.process_time()
    out = fn()
    dt, dc = time.perf_counter() - t, time.process_time() - c
    print(f"{label:<52} {dt:7.2f} s wall {dc:7.2f} s cpu")
    return out, dt, dc


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--statements", type=int, default=1_000_000)
    ap.add_argument("--actors", type=int, default=2_000)
    ap.add_argument("--concepts", type=int, default=300)
    ap.add_argument("--baseline-statements", type=int, default=30_000)
    ap.add_argument("--from-store", action="store_true", help="time import → Store.statements → network instead")
    args = ap.parse_args()
    if args.from_store:
        from_store(args)
        return
    print(f"{args.statements:,} statements, {args.actors:,} actors, {args.concepts} concepts "
          f"(threads: {os.environ['OMP_NUM_THREADS']})")
    frame, _, _ = timed("build statement frame", lambda: synthetic(args.statements, args.actors, args.concepts))
    net, t_main, c_main = timed("congruence network", lambda: network(frame, type="congruence"))
    timed("congruence, duplicates by week, cosine", lambda: network(frame, type="congruence", duplicates="week",
                                                                   normalization="cosine"))
    timed("subtract network, integer qualifiers", lambda: network(frame, type="subtract", scheme="integer"))
    timed("two-mode network, subtract, activity", lambda: network(frame, qualifier_aggregation="subtract",
                                                                 normalization="activity"))
    print(f"result: {net.matrix.shape[0]} × {net.matrix.shape[1]} actors, "
          f"{int((net.matrix.to_numpy() > 0).sum() // 2):,} edges")
    sub = frame.sample(n=min(args.baseline_statements, len(frame)), random_state=1).sort_values(["date", "id"])
    fast, t_fast, c_fast = timed(f"vectorised, {len(sub):,}-statement subsample", lambda: network(sub, type="congruence"))
    slow, t_slow, c_slow = timed("naive pandas self-merge, same subsample", lambda: naive_congruence(sub))
    labels = fast.matrix.index
    assert np.array_equal(fast.matrix.to_numpy(), slow.reindex(index=labels, columns=labels).to_numpy()), \
        "vectorised and naive congruence disagree"
    print(f"speed-up over the naive baseline on the subsample: {t_slow / t_fast:.1f}× wall, "
          f"{c_slow / c_fast:.1f}× cpu")
    print(f"target: 1M statements × 2,000 actors under 60 s on one core → {'met' if t_main < 60 else 'MISSED'} "
          f"({t_main:.2f} s wall, {c_main:.2f} s cpu)")


def from_store(args: argparse.Namespace) -> None:
    """End to end through a temporary SQLite store: import, read the effective statements back, build the network."""
    from standpunkt.analysis.frame import frame_from_store
    from standpunkt.model import Actor
    from standpunkt.store import Store

    print(f"{args.statements:,} statements, {args.actors:,} actors through an SQLite store")
    frame = synthetic(args.statements, args.actors, args.concepts)
    records = [{"key": f"bench:{i}", "actor": Actor(a), "concept": c, "agreement": g, "date": d.date()}
               for i, (a, c, g, d) in enumerate(zip(frame["actor"], frame["concept"], frame["agreement"],
                                                     frame["date"]))]
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(f"sqlite:///{Path(tmp) / 'bench.db'}")
        timed("import (Store.import_statements)", lambda: store.import_statements(records))
        stored, _, _ = timed("frame_from_store (Store.statements)", lambda: frame_from_store(store))
        timed("congruence network", lambda: network(stored, type="congruence"))
        store.close()


if __name__ == "__main__":
    main()
