"""Throughput of the German language layer next to spaCy's blank("de") tokenizer, same texts, same run.

Texts: the example article plus the UD German PUD test documents (news and Wikipedia, ~21k tokens), re-assembled
from their sentences (``../shared/data/ud-german``; pass another folder with --ud-dir). The full layer is timed twice:
"cold" (a fresh process's first pass, HanTa memo empty) and "warm" (second pass over the same texts, every word
analysis cached: an upper bound for a long run over news with repeating vocabulary). One core: the pipeline is
single-threaded Python; BLAS threads are pinned to 1.

Usage: python benchmarks/bench_language.py [--ud-dir DIR] [--repeat N]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

REPO = Path(__file__).resolve().parents[1]


def load_texts(ud_dir: Path) -> list[str]:
    from standpunkt.language.corpora import read_conllu

    texts = [(REPO / "examples" / "bodentruppen.txt").read_text(encoding="utf-8")]
    path = ud_dir / "de_pud-ud-test.conllu"
    if path.is_file():
        docs: dict[str, list[str]] = {}
        for s in read_conllu(path):
            docs.setdefault(s.doc_id or s.sent_id, []).append(s.text)
        texts += [" ".join(v) for v in docs.values()]
    else:
        print(f"note: {path} not found, timing the example article only", file=sys.stderr)
    return texts


def timed(fn, texts) -> tuple[int, float]:
    t0 = time.perf_counter()
    n = sum(len(doc) for doc in fn(texts))
    return n, time.perf_counter() - t0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="language layer throughput")
    ap.add_argument("--ud-dir", type=Path, default=Path("../shared/data/ud-german"))
    args = ap.parse_args(argv)
    import spacy

    texts = load_texts(args.ud_dir)
    blank = spacy.blank("de")
    n_tok, t_tok = timed(lambda ts: blank.pipe(ts), texts)
    t_load = time.perf_counter()
    from standpunkt.language import load_nlp

    nlp = load_nlp()
    nlp("Warm-up.")  # loads HanTa, the CRF and the gazetteers
    t_load = time.perf_counter() - t_load
    n_cold, t_cold = timed(lambda ts: nlp.pipe(ts, batch_size=32), texts)
    n_warm, t_warm = timed(lambda ts: nlp.pipe(ts, batch_size=32), texts)
    print(f"texts: {len(texts)}, tokens: {n_tok}")
    print(f"pipeline load: {t_load:.2f} s")
    print(f"spacy blank-de tokenizer: {n_tok / t_tok:,.0f} tokens/s")
    print(f"standpunkt language layer (cold memo): {n_cold / t_cold:,.0f} tokens/s "
          f"({t_cold / t_tok:.1f}x the tokenizer's time)")
    print(f"standpunkt language layer (warm memo): {n_warm / t_warm:,.0f} tokens/s "
          f"({t_warm / t_tok:.1f}x the tokenizer's time)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
