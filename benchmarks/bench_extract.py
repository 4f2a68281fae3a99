"""Throughput of the whole extract path (language layer + quotation detection + coreference) on one core.

Texts: the quotes-de-news dev articles (150 German news articles, ~37k tokens; ``../shared/data/quotes-de-news/dev``,
another folder of gold JSON or .txt files with --corpus) plus the example article. Each stage is timed on the same
texts in the same run, next to spaCy's blank("de") tokenizer as the baseline, so the printed ratios do not depend on
the machine. The target for the whole path is at least 5,000 tokens/s per core. Everything runs in one process, single
threaded (BLAS pinned to one thread), timed in CPU seconds of this process (``time.process_time``), so other jobs on
a shared machine do not inflate the figures; with the encoder on (below) the target is issue 14's 3,000. The whole
path is timed "cold" (first pass over the texts, word caches empty) and "warm" (later passes); the stage rows are warm. The cold pass runs in the batches `extract` and the run workers use
(``pipeline.analyze_many``); ``--per-doc`` times it one document at a time instead.

With ``STANDPUNKT_NER=e5`` in the environment the language layer runs the e5 NER (``e5`` / ``e5ft``: the encoder
only on the sentences the default CRF is unsure of; ``e5-all`` / ``e5ft-all``: on every sentence), with ``STANDPUNKT_QUOTES=e5`` the
quotation stage runs the e5 variant with its fine-tuned tagger (the paths "with the encoder";
``STANDPUNKT_ENCODER_BACKEND`` picks the encoder's backend; ``--tuned-float`` runs the fine-tuned NER tagger's tuned
layers in float32, as before they ran in int8).

    nice python benchmarks/bench_extract.py [--corpus DIR] [--repeat N] [--per-doc] [--tuned-float]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "data" / "quotes-de-news" / "dev"
TARGET_TOKENS_PER_SECOND = 5000
#: Issue 14's target for the whole path with the encoder on (an e5 NER or quotation variant).
ENCODER_TARGET_TOKENS_PER_SECOND = 3000


#: CPU extensions the int8 encoder layers run much faster with (onnxruntime's int8 kernels): the absolute figures of
#: the encoder variants differ between machines with and without them (docs/language.md, stop 32).
INT8_EXTENSIONS = ("avx512_vnni", "avx_vnni", "amx_int8")
#: CPU extensions for native bfloat16 matrices (OpenVINO's, for the quotation tagger's tuned layers; stop 35).
BF16_EXTENSIONS = ("avx512_bf16", "amx_bf16")


def machine() -> str:
    """The CPU model and which of :data:`INT8_EXTENSIONS` and :data:`BF16_EXTENSIONS` it has (Linux
    ``/proc/cpuinfo``; else the platform's name), printed with the figures."""
    import platform

    try:
        info = Path("/proc/cpuinfo").read_text()
    except OSError:
        return platform.processor() or platform.machine()
    fields: dict[str, str] = {}
    for line in info.splitlines():                 # the first processor's entries are enough
        key, _, value = line.partition(":")
        fields.setdefault(key.strip(), value.strip())
    flags = set(fields.get("flags", "").split())
    have = [x for x in INT8_EXTENSIONS if x in flags]
    bf16 = [x for x in BF16_EXTENSIONS if x in flags]
    return (f"{fields.get('model name', '?')}; int8 extensions: {', '.join(have) or 'none'}; "
            f"bfloat16: {', '.join(bf16) or 'none'}")


def load_texts(corpus: Path) -> list[str]:
    texts = [(REPO / "examples" / "bodentruppen.txt").read_text(encoding="utf-8")]
    if corpus.is_dir():
        for f in sorted(corpus.iterdir()):
            if f.suffix == ".json":
                texts.append(json.loads(f.read_text(encoding="utf-8"))["originalText"])
            elif f.suffix == ".txt":
                texts.append(f.read_text(encoding="utf-8"))
    else:
        print(f"note: {corpus} not found, timing the example article only", file=sys.stderr)
    return [t for t in texts if t.strip()]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--repeat", type=int, default=1, help="passes over the texts (after one warm-up pass)")
    ap.add_argument("--per-doc", action="store_true", help="cold pass one document at a time instead of in batches")
    ap.add_argument("--tuned-float", action="store_true",
                    help="with STANDPUNKT_NER=e5ft…: the tagger's fine-tuned layers in float32, as before stop 31 "
                         "(entities.E5FT_TUNED_INT8 off), to measure what running them in int8 gains")
    args = ap.parse_args()
    if args.tuned_float:
        from standpunkt.language import entities

        entities.E5FT_TUNED_INT8 = False

    import spacy

    from standpunkt.language import load_nlp
    from standpunkt.model import Document
    from standpunkt.pipeline import Settings, analyze, analyze_many, batches, load_resources
    from standpunkt.speech import detect_quotations

    texts = load_texts(args.corpus)
    blank = spacy.blank("de")
    nlp = load_nlp()
    settings = Settings()
    resources = load_resources(settings)      # with the shipped actor registry, as extract runs
    documents = [Document(text=t) for t in texts]

    # warm-up on an unrelated sentence: loads the models, leaves the word caches nearly empty
    analyze(Document(text="Der Minister sagte, die Lage sei ernst."), resources)
    # the words of that sentence are all in the shipped word-cluster table, so the sentence encoder that places new
    # words (loaded on the first one) would otherwise load inside the timed pass: place one made-up word
    from standpunkt.language.wordclusters import get_clusters

    get_clusters().lookup(["Aufwärmwortxq"])
    # an encoder NER in a cascade runs the encoder only where the CRF is unsure, maybe not on that sentence: load it
    from standpunkt.language.entities import encoder_outputs, split_variant

    ner_base, _ = split_variant(os.environ.get("STANDPUNKT_NER", "").strip() or "crf")
    if ner_base != "crf":
        encoder_outputs(ner_base, [["Der", "Minister", "sagte", "."]])

    n_tokens = sum(len(blank(t)) for t in texts) * args.repeat
    timings: dict[str, float] = {}

    # cold: the first pass over unseen text (HanTa's per-word memo starts empty), in the batches `extract` and the
    # run workers use (--per-doc: one document at a time, as a caller of pipeline.analyze would)
    t0 = time.process_time()
    if args.per_doc:
        for d in documents:
            analyze(d, resources)
    else:
        for group in batches(documents, text=lambda d: d.text):
            analyze_many(group, resources)
    cold = time.process_time() - t0
    n_cold = n_tokens // args.repeat

    t0 = time.process_time()
    for _ in range(args.repeat):
        for t in texts:
            blank(t)
    timings["tokenizer (baseline)"] = time.process_time() - t0

    t0 = time.process_time()
    docs = []
    for _ in range(args.repeat):
        docs = [nlp(t) for t in texts]
    timings["language layer"] = time.process_time() - t0

    t0 = time.process_time()
    n_quotes = 0
    for _ in range(args.repeat):
        for doc in docs:
            n_quotes += len(detect_quotations(doc))
    timings["quotations + coreference"] = time.process_time() - t0

    t0 = time.process_time()
    for _ in range(args.repeat):
        for d in documents:
            analyze(d, resources)
    timings["whole extract path (analyze)"] = time.process_time() - t0
    timings["whole path, cold first pass"] = cold * args.repeat

    base = timings["tokenizer (baseline)"]
    print(f"machine: {machine()}")
    print(f"{len(texts)} documents x {args.repeat}, {n_tokens} tokens, {n_quotes // args.repeat} quotations per pass")
    print(f"{'stage':32}{'seconds':>10}{'tokens/s':>12}{'x baseline time':>18}")
    for name, secs in timings.items():
        print(f"{name:32}{secs:10.2f}{n_tokens / secs:12.0f}{secs / base:18.1f}")
    whole = n_cold / cold
    with_encoder = ner_base != "crf" or os.environ.get("STANDPUNKT_QUOTES", "").strip() == "e5"
    target = ENCODER_TARGET_TOKENS_PER_SECOND if with_encoder else TARGET_TOKENS_PER_SECOND
    verdict = "meets" if whole >= target else "MISSES"
    print(f"whole path, cold: {whole:.0f} tokens/s per core, {verdict} the target of {target}"
          + (" with the encoder" if with_encoder else "")
          + f" (warm: {n_tokens / timings['whole extract path (analyze)']:.0f})")
    import resource

    # ru_maxrss is in KiB on Linux; issue 14 asks for at most 1.5 GB per worker with the encoder
    print(f"peak memory of this process (one worker): {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
