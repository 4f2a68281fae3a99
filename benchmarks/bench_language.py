"""Throughput of the German language layer next to spaCy's blank("de") tokenizer, same texts, same run.

Texts: the example article plus the UD German PUD test documents (news and Wikipedia, ~21k tokens), re-assembled
from their sentences (``../shared/data/ud-german``; pass another folder with --ud-dir). The full layer is timed three
times in one process: "cold" (first half of the texts; only the shipped memo of frequent words), "steady" (second
half, after the first half warmed the per-process memos: what a long run over news sees) and "warm" (first half
again, every word analysed before: an upper bound). One core: the pipeline is single-threaded Python; BLAS threads
are pinned to 1. Both wall-clock and CPU-time rates are printed: on a shared machine the CPU-time rate (tokens per
CPU-second of this process) is the per-core figure.

``--per-doc`` times ``nlp(text)`` one document at a time (what ``standpunkt.pipeline.analyze`` does) instead of
``nlp.pipe``: the pipe path embeds the new words of a whole batch in one encoder call, per-document calls pay that
call once per document.

Usage: python benchmarks/bench_language.py [--ud-dir DIR] [--per-doc]
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
    from standpunkt.corpora.tagging import read_conllu

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


def timed(fn, texts) -> tuple[int, float, float]:
    """(tokens, wall seconds, CPU seconds of this process): on a shared machine CPU time is the per-core figure."""
    t0, c0 = time.perf_counter(), time.process_time()
    n = sum(len(doc) for doc in fn(texts))
    return n, time.perf_counter() - t0, time.process_time() - c0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="language layer throughput")
    ap.add_argument("--ud-dir", type=Path, default=Path("../shared/data/ud-german"))
    ap.add_argument("--per-doc", action="store_true", help="time nlp(text) per document instead of nlp.pipe")
    from standpunkt.language.entities import NER_VARIANTS, encoder_outputs, split_variant

    ap.add_argument("--ner", default="crf", choices=NER_VARIANTS,
                    help="NER variant (e5: the opt-in CRF with contextual e5 token features; e5ft: the opt-in "
                         "fine-tuned e5 tagger; both on the sentences the default CRF is unsure of, -all: on every "
                         "sentence)")
    args = ap.parse_args(argv)
    import spacy

    texts = load_texts(args.ud_dir)
    blank = spacy.blank("de")
    n_tok, t_tok, c_tok = timed(lambda ts: blank.pipe(ts), texts)
    t_load = time.perf_counter()
    from standpunkt.language import load_nlp

    nlp = load_nlp(args.ner)
    nlp("Warm-up.")  # loads HanTa, the CRF and the gazetteers
    ner_base, _ = split_variant(args.ner)
    if ner_base != "crf":  # a cascade may leave the encoder unloaded on that sentence
        encoder_outputs(ner_base, [["Warm-up", "."]])
    t_load = time.perf_counter() - t_load
    half = len(texts) // 2
    first, second = texts[:half], texts[half:]
    if args.per_doc:
        def run(ts):
            return (nlp(t) for t in ts)
    else:
        def run(ts):
            return nlp.pipe(ts, batch_size=32)
    n_a, t_a, c_a = timed(run, first)
    n_b, t_b, c_b = timed(run, second)
    n_w, t_w, c_w = timed(run, first)
    print(f"texts: {len(texts)}, tokens: {n_tok}, {'nlp(text) per document' if args.per_doc else 'nlp.pipe'}, "
          f"ner {args.ner}")
    print(f"pipeline load: {t_load:.2f} s")
    print(f"spacy blank-de tokenizer: {n_tok / t_tok:,.0f} tokens/s wall, {n_tok / c_tok:,.0f} tokens/CPU-s")
    for label, n, t, c in (("cold: first half, fresh process", n_a, t_a, c_a),
                           ("steady: second half, memo warmed by the first half", n_b, t_b, c_b),
                           ("warm: first half again, every word seen", n_w, t_w, c_w)):
        print(f"standpunkt language layer ({label}): {n / t:,.0f} tokens/s wall, {n / c:,.0f} tokens/CPU-s "
              f"({(c / n) / (c_tok / n_tok):.1f}x the tokenizer's CPU time per token)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
