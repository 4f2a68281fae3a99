"""CPU cost of the sentence rules and boundary repairs of ``standpunkt.speech.rules`` (A/B in one process).

The quotation stage (``detect_quotations``: features, CRF, rules, grouping, coreference) runs over the parsed
quotes-de-news dev articles with the sentence rules off, on, and on with the boundary repairs, alternating, best of
four runs each, in CPU seconds (``time.process_time``), next to the warm language layer on the same texts.

    nice python benchmarks/bench_speech_rules.py [--corpus DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "data" / "quotes-de-news" / "dev"
RUNS = 4


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="folder of quotes-de-news JSON files")
    args = ap.parse_args()

    from standpunkt.language import load_nlp
    from standpunkt.speech import detect_quotations, rules

    texts = [json.loads(f.read_text(encoding="utf-8"))["originalText"] for f in sorted(args.corpus.glob("*.json"))]
    if not texts:
        raise SystemExit(f"no *.json files in {args.corpus}")
    nlp = load_nlp()
    docs = [nlp(t) for t in texts]  # warms the word caches
    t0 = time.process_time()
    docs = [nlp(t) for t in texts]
    t_language = time.process_time() - t0
    n_tokens = sum(len(d) for d in docs)
    enabled = rules.ENABLED_SENTENCE_RULES
    repairs = rules.ENABLED_BOUNDARY_REPAIRS
    settings = {"off": ((), ()), "on": (enabled, ()), "repairs": (enabled, repairs)}
    times: dict[str, list[float]] = {key: [] for key in settings}
    try:
        for _ in range(RUNS):
            for key, (sentence_rules, boundary_repairs) in settings.items():
                rules.ENABLED_SENTENCE_RULES = sentence_rules
                rules.ENABLED_BOUNDARY_REPAIRS = boundary_repairs
                t0 = time.process_time()
                for d in docs:
                    detect_quotations(d)
                times[key].append(time.process_time() - t0)
    finally:
        rules.ENABLED_SENTENCE_RULES = enabled
        rules.ENABLED_BOUNDARY_REPAIRS = repairs
    off, on, rep = min(times["off"]), min(times["on"]), min(times["repairs"])
    print(f"{len(docs)} documents, {n_tokens} tokens; language layer (warm) {t_language:.3f} CPU-s")
    print(f"quotation stage without sentence rules {off:.3f} CPU-s, with {on:.3f} CPU-s: "
          f"+{100 * (on - off) / off:.1f} % of the stage, +{100 * (on - off) / (off + t_language):.1f} % of language "
          "layer + quotations")
    print(f"with the boundary repairs too {rep:.3f} CPU-s: +{100 * (rep - on) / on:.1f} % of the stage, "
          f"+{100 * (rep - on) / (on + t_language):.1f} % of language layer + quotations")


if __name__ == "__main__":
    main()
