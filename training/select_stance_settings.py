"""Choose the DebateNet classifier's settings (``SVM_C``, ``FINE_SVM_C``, ``DOC_CONTEXT_WEIGHT``) by grouped CV.

The same selection that ``standpunkt evaluate stance --nested`` runs inside each outer training part
(:func:`standpunkt.evaluate.stance.choose_settings`: every combination of ``SETTINGS_GRID``, the best mean of the
category and polarity macro-F1), here over all claims with 5 grouped folds, for the model that ships: the values it
prints are the defaults in ``stance/classifier.py``. How well this selection generalises is what the nested figure
measures (docs/stance.md); the figures printed here are optimistic, since they are the best of 27.

    python training/select_stance_settings.py ../shared/data/debatenet-mig15/claims.jsonl --embedding e5
"""

from __future__ import annotations

import argparse
import pickle
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("claims", type=Path)
    ap.add_argument("--embedding", default="e5")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--cache", type=Path, default=None, help="pickle of analysed texts and vectors to reuse")
    args = ap.parse_args(argv)

    from standpunkt.corpora.claims import read_claims
    from standpunkt.evaluate import stance as ev
    from standpunkt.stance.classifier import analyse_texts
    from standpunkt.stance.embed import embed_with

    claims = read_claims(args.claims)
    texts = [c.text for c in claims]
    if args.cache and args.cache.is_file():
        cache = pickle.loads(args.cache.read_bytes())
    else:
        cache = {"analysed": analyse_texts(texts), "emb": embed_with(args.embedding, texts)}
        if args.cache:
            args.cache.write_bytes(pickle.dumps(cache))
    best, table = ev.choose_settings(claims, range(len(claims)), cache, args.embedding, folds=args.folds,
                                     seed=args.seed)
    print("svm_c fine_svm_c doc_context_weight  category polarity  mean")
    for r in sorted(table, key=lambda r: -r["mean"]):
        print(f"{r['svm_c']:5g} {r['fine_svm_c']:10g} {r['doc_context_weight']:18g}  {r['category_f1']:.3f}    "
              f"{r['polarity_f1']:.3f}     {r['mean']:.4f}")
    print("chosen: " + ", ".join(f"{k} {v:g}" for k, v in best.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
