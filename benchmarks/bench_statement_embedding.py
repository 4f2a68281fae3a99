"""What the sentence embedding of a codebook's trained model costs in the pipeline: e5 (the default) against USE,
and what the shipped DebateNet model's fine-tuned e5 head costs (``--fast`` codes without it).

A codebook with a trained classifier embeds each statement with the classifier's encoder (``stance/statements.py``:
once per document, on top of the USE vectors of the concept similarities). This benchmark trains the DebateNet
codebook's classifier twice from its examples (``codebook train --embedding use`` and ``--embedding e5``, into a
temporary folder; the codebook's scope removed, so that every text is coded as on-topic), parses the texts once,
and times the stages after the language layer — quotations, actors and
statement coding (``pipeline._analyze_parsed``) — with each model on the same parsed texts, in CPU seconds of this
process, one thread. Printed: CPU seconds and statements per model, milliseconds per statement, and the whole path's
tokens per CPU-second with the language layer's time (measured once in the same run) added, with the ratio e5 / USE.

Texts: the quotes-de-news dev articles (``../shared/data/quotes-de-news/dev``; ``--corpus`` for another folder of
gold JSON or .txt files) plus the example article.

Then the same with the shipped DebateNet model (``package:debatenet-mig15``: the SVMs on e5 vectors plus the fine-tuned
e5 head for the category), scope removed as above, with and without ``Settings(fast=True)`` (``--fast``: the head
left out), and the share of statements whose concept or agreement changes without the head.

    nice python benchmarks/bench_statement_embedding.py [--corpus DIR] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))
from bench_extract import DEFAULT_CORPUS, load_texts  # noqa: E402

CODEBOOK = REPO / "examples" / "codebooks" / "debatenet-mig15.yaml"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--repeat", type=int, default=3, help="timed passes per model (the best is reported)")
    args = ap.parse_args()

    import yaml

    from standpunkt.commands.codebook import train_codebook
    from standpunkt.model import Document
    from standpunkt.pipeline import Settings, _analyze_parsed, load_resources

    texts = load_texts(args.corpus)
    documents = [Document(text=t, id=str(i)) for i, t in enumerate(texts)]
    with tempfile.TemporaryDirectory(prefix="standpunkt-bench-") as tmp:
        books = {}
        for name in ("use", "e5"):
            book = Path(tmp) / f"debatenet-{name}.yaml"
            # the same codebook without its shipped model (`codebook train` writes <codebook>.model/ beside it) and
            # without its scope, so that every text is coded as if the corpus were on its topic: every quotation
            # and reported position is embedded, the cost a user with an on-topic corpus pays
            spec = yaml.safe_load(CODEBOOK.read_text(encoding="utf-8"))
            spec.pop("model", None)
            spec.pop("scope", None)
            book.write_text(yaml.safe_dump(spec, allow_unicode=True, sort_keys=False), encoding="utf-8")
            print(train_codebook(book, embedding=name), file=sys.stderr)
            books[name] = book
        shipped = Path(tmp) / "debatenet-shipped.yaml"
        spec = yaml.safe_load(CODEBOOK.read_text(encoding="utf-8"))
        spec.pop("scope", None)                   # the shipped model (package:…) with its head; every text on-topic
        shipped.write_text(yaml.safe_dump(spec, allow_unicode=True, sort_keys=False), encoding="utf-8")
        resources = {name: load_resources(Settings(codebook=str(book))) for name, book in books.items()}
        resources["shipped"] = load_resources(Settings(codebook=str(shipped)))
        resources["shipped --fast"] = load_resources(Settings(codebook=str(shipped), fast=True))
        nlp = resources["use"].nlp
        t = time.process_time()
        docs = list(nlp.pipe([d.text for d in documents], batch_size=16))
        parse_s = time.process_time() - t
        tokens = sum(len(doc) for doc in docs)
        for r in resources.values():               # warm-up: every model loaded, caches filled
            for document, doc in zip(documents[:5], docs[:5]):
                _analyze_parsed(document, doc, r)
        best, counts, codes = {}, {}, {}
        for _ in range(args.repeat):
            for name, r in resources.items():     # interleaved, so that drift on the machine hits every model
                t = time.process_time()
                out = [_analyze_parsed(document, doc, r) for document, doc in zip(documents, docs)]
                dt = time.process_time() - t
                best[name] = min(best.get(name, dt), dt)
                counts[name] = sum(len(a.statements) for a in out)
                codes[name] = [(s.concept, s.agreement) for a in out for s in a.statements]
    print(f"{len(texts)} texts, {tokens:,} tokens; language layer {parse_s:.2f} CPU-s (cold, once)")
    for name in resources:
        whole = tokens / (parse_s + best[name])
        print(f"{name:14s}: quotations + actors + statements {best[name]:.2f} CPU-s, {counts[name]} statements "
              f"({1000 * best[name] / max(1, counts[name]):.1f} ms per statement); whole path {whole:,.0f} "
              f"tokens/CPU-s")
    print(f"ratio e5 / use: stages after the language layer {best['e5'] / best['use']:.2f}x the CPU time, whole path "
          f"{(parse_s + best['use']) / (parse_s + best['e5']):.2f}x the throughput")
    fast, full = "shipped --fast", "shipped"
    changed = sum(a != b for a, b in zip(codes[fast], codes[full])) if len(codes[fast]) == len(codes[full]) else None
    print(f"ratio shipped / shipped --fast: stages after the language layer {best[full] / best[fast]:.2f}x the CPU "
          f"time, whole path {(parse_s + best[full]) / (parse_s + best[fast]):.2f}x the throughput with --fast; "
          + (f"{changed} of {len(codes[full])} statements coded otherwise without the head" if changed is not None
             else f"{len(codes[fast])} statements with --fast against {len(codes[full])}"))


if __name__ == "__main__":
    main()
