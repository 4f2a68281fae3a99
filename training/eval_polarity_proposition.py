"""Experiment (stop 32, not kept): the target's proposition beside the claim in the agreement model.

DebateNet polarity depends on the proposition of the code ("Abschottung": a call for more immigration opposes it),
which the agreement SVM learns per code only from a handful of examples. This adds one dense block to the agreement
SVM's input (``StatementClassifier._agreement_matrix``, wrapped here; nothing in the product changes), built from the
e5 ``query:`` vectors, and compares it with the shipped model on the same grouped folds
(``standpunkt.evaluate.stance.cross_validate``, fold seeds 13, 1, 2, 3), baseline and variant in one process:

- ``--mode product``: the claim's unit vector times (elementwise) the unit vector of the target code's description
  (``migration_codebook_german.csv``): a learned diagonal bilinear similarity;
- ``--mode pair``: the vector of the pair text "<description>: <claim>", so the encoder sees both at once.

The block is scaled so that its mean row norm on the training part equals the embedding block's (× its weight).
Results in docs/stance.md ("Stop 32").

    python training/eval_polarity_proposition.py --mode product|pair [--seeds 13 1 2 3]
"""

from __future__ import annotations

import argparse
import csv
import time

import numpy as np

import standpunkt.evaluate.stance as evaluation
import standpunkt.stance.classifier as classifier
from standpunkt.stance.embed import embed_with


class Proposition:
    """The extra block: per (claim, target) row, from the code descriptions of ``codebook``."""

    def __init__(self, codebook: str, mode: str):
        with open(codebook, encoding="utf-8") as fh:
            self.description = {row["sub"]: row["description"] for row in csv.DictReader(fh)}
        codes = sorted(self.description)
        vectors = embed_with("e5", [self.description[c] for c in codes])
        self.code_vector = dict(zip(codes, vectors / np.linalg.norm(vectors, axis=1, keepdims=True)))
        self.dim = vectors.shape[1]
        self.mode = mode
        self.pairs: dict[tuple[str, str], np.ndarray] = {}

    def __call__(self, texts: list[str], emb: np.ndarray, targets: list[str | None]) -> np.ndarray:
        if self.mode == "pair":
            need = list(dict.fromkeys((str(t), x) for x, t in zip(texts, targets)
                                      if t and (str(t), x) not in self.pairs))
            if need:
                vectors = embed_with("e5", [f"{self.description.get(t, t)}: {x}" for t, x in need])
                self.pairs.update(zip(need, vectors))
            return np.vstack([self.pairs[(str(t), x)] if t else np.zeros(self.dim) for x, t in zip(texts, targets)])
        unit = emb / np.linalg.norm(emb, axis=1, keepdims=True)
        zero = np.zeros(self.dim)
        return unit * np.vstack([self.code_vector.get(str(t), zero) if t else zero for t in targets])


def install(block: Proposition) -> dict[str, bool]:
    """Wrap the classifier so that, while the returned switch is on, its agreement input carries ``block``: ``fit``
    and ``predict_agreements`` note the rows' texts, vectors and targets, ``_agreement_matrix`` appends the block
    (its scale set on the training rows)."""
    from scipy.sparse import csr_matrix, hstack

    switch = {"on": False}
    C = classifier.StatementClassifier
    fit, predict, matrix = C.fit, C.predict_agreements, C._agreement_matrix

    def rows(self, statements, targets, emb, training):
        texts = [" ".join(s.text.split()) for s in statements]
        self._rows = (texts, self.vectors(texts, emb), targets, training)

    def fit_noting(self, statements, *, nlp=None, analysed=None, emb=None):
        rows(self, statements, [s.concept for s in statements], emb, True)
        return fit(self, statements, nlp=nlp, analysed=analysed, emb=emb)

    def predict_noting(self, statements, targets, *, analysed=None, emb=None, nlp=None):
        rows(self, statements, targets, emb, False)
        return predict(self, statements, targets, analysed=analysed, emb=emb, nlp=nlp)

    def matrix_with_block(self, X, analysed, priors):
        base = matrix(self, X, analysed, priors)
        if not switch["on"]:
            return base
        texts, emb, targets, training = self._rows
        Z = block(texts, emb, targets)
        if training:
            target_norm = np.linalg.norm(emb, axis=1).mean() * classifier.EMBEDDING_WEIGHT
            self._block_scale = target_norm / max(np.linalg.norm(Z, axis=1).mean(), 1e-12)
        return hstack([base, csr_matrix(Z * self._block_scale)]).tocsr()

    C.fit, C.predict_agreements, C._agreement_matrix = fit_noting, predict_noting, matrix_with_block
    return switch


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mode", choices=("product", "pair"), required=True)
    ap.add_argument("--seeds", type=int, nargs="+", default=[13, 1, 2, 3])
    ap.add_argument("--claims", default="../shared/data/debatenet-mig15/claims.jsonl")
    ap.add_argument("--codebook", default="../shared/data/debatenet-mig15/migration_codebook_german.csv")
    args = ap.parse_args()
    switch = install(Proposition(args.codebook, args.mode))
    # lemmas, rule findings and vectors once for all runs (cross_validate prepares them per call)
    prepared = evaluation.prepare_texts([c.text for c in evaluation.read_claims_counted(args.claims)[0]], "e5")
    evaluation.prepare_texts = lambda texts, embedding="e5", progress=None: prepared
    for seed in args.seeds:
        polarity = {}
        for on in (False, True):
            switch["on"] = on
            t0 = time.time()
            s = evaluation.cross_validate(args.claims, seed=seed, embedding="e5")
            polarity[on] = s.polarity_f1
            print(f"seed {seed} {'variant ' if on else 'baseline'}: category {s.category_f1:.4f} polarity "
                  f"{s.polarity_f1:.4f} (pipeline {s.pipeline_polarity_f1:.4f}) {time.time() - t0:.0f}s", flush=True)
        print(f"  gain polarity {polarity[True] - polarity[False]:+.4f}", flush=True)


if __name__ == "__main__":
    main()
