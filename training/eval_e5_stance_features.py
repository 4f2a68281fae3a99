"""Frozen multilingual-e5-small sentence vectors as a feature of the DebateNet concept and polarity models.

Runs the grouped cross-validation of ``standpunkt evaluate stance`` (same folds, same models, same scoring:
:mod:`standpunkt.evaluate.stance`) with the sentence-embedding block of the features swapped:

- ``use``            the shipped block: multilingual USE v3 (512-d);
- ``e5q`` / ``e5p``  e5 with the ``query:`` / ``passage:`` prefix instead of USE (384-d);
- ``use+e5q`` / ``use+e5p``  both, concatenated into one block (896-d; each vector is unit length, the block keeps
  the shipped weight, ``EMBEDDING_WEIGHT``).

A fixed recipe: nothing is tuned on the folds (no weights, no C), so the figures compare feature sets only. The
e5 vectors are computed once with :func:`standpunkt.language.encoder.embed` (about 2 × 1 min on one core).

Usage: python training/eval_e5_stance_features.py ../shared/data/debatenet-mig15/claims.jsonl
           [--seeds 13 1 2 3] [--variants use e5q ...] [--cache /tmp/e5-claims.npz]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("claims", type=Path)
    ap.add_argument("--seeds", type=int, nargs="+", default=[13])
    ap.add_argument("--variants", nargs="+", default=["use", "e5q", "e5p", "use+e5q", "use+e5p"])
    ap.add_argument("--cache", type=Path, default=None, help="npz to keep the e5 vectors between runs")
    args = ap.parse_args(argv)

    from sklearn.model_selection import GroupKFold

    from standpunkt.corpora.claims import read_claims
    from standpunkt.evaluate import stance as ev
    from standpunkt.language import encoder
    from standpunkt.stance import classifier
    from standpunkt.stance.classifier import analyse_texts
    from standpunkt.stance.embed import embed

    claims = read_claims(args.claims)
    texts = [c.text for c in claims]
    groups = [c.doc_id for c in claims]
    t0 = time.time()
    analysed = analyse_texts(texts)
    vectors = {"use": embed(texts)}
    print(f"{len(claims)} claims; language layer + USE {time.time() - t0:.0f} s", flush=True)
    if args.cache and args.cache.is_file():
        cached = np.load(args.cache)
        vectors["e5q"], vectors["e5p"] = cached["e5q"], cached["e5p"]
    else:
        clean = [" ".join(t.split()) for t in texts]
        for kind, key in (("query", "e5q"), ("passage", "e5p")):
            t0, c0 = time.time(), time.process_time()
            vectors[key] = encoder.embed(clean, kind=kind)
            print(f"e5 {kind}: {time.time() - t0:.0f} s wall, {time.process_time() - c0:.0f} CPU-s", flush=True)
        if args.cache:
            np.savez(args.cache, e5q=vectors["e5q"], e5p=vectors["e5p"])

    shipped_dim = classifier.DIM
    print(f"{'variant':10s} {'seed':>4s}  category  polarity  pipeline-pol  sub-cat", flush=True)
    try:
        for variant in args.variants:
            emb = np.hstack([vectors[k] for k in variant.split("+")]).astype(np.float32)
            classifier.DIM = emb.shape[1]
            cache = {"analysed": analysed, "emb": emb}
            for seed in args.seeds:
                n = len(claims)
                cat, pol, pipe, sub = [None] * n, [None] * n, [None] * n, [None] * n
                for tr, te in GroupKFold(n_splits=ev.FOLDS, shuffle=True, random_state=seed).split(texts,
                                                                                                 groups=groups):
                    c, p, q, k_ = ev._fit_predict([claims[i] for i in tr], [claims[i] for i in te], cache,
                                                  list(tr), list(te))
                    for j, i in enumerate(te):
                        cat[i], pol[i], pipe[i], sub[i] = c[j], p[j], q[j], k_[j]
                s = ev._score(claims, cat, pol, pipe, sub)
                print(f"{variant:10s} {seed:4d}  {s['category_f1']:.3f}     {s['polarity_f1']:.3f}     "
                      f"{s['pipeline_polarity_f1']:.3f}         {s['concept_accuracy']:.3f}", flush=True)
    finally:
        classifier.DIM = shipped_dim
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
