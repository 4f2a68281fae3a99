"""Experiment (stop 32, not kept): the target's proposition beside the claim in the agreement model.

DebateNet polarity depends on the proposition of the code ("Abschottung": a call for more immigration opposes it),
which the agreement SVM learns per code only from a handful of examples. This adds one dense block to the agreement
SVM, built from the e5 ``query:`` vectors, and compares it with the shipped model on the same grouped folds
(``standpunkt.evaluate.stance.cross_validate``, fold seeds 13, 1, 2, 3), baseline and variant in one process:

- ``--mode product``: the claim's unit vector times (elementwise) the unit vector of the target code's description
  (``migration_codebook_german.csv``): a learned diagonal bilinear similarity;
- ``--mode pair``: the vector of the pair text "<description>: <claim>", so the encoder sees both at once.

The block is scaled so that its mean row norm on the training part equals the embedding block's (× its weight).
The classifier's ``fit`` / ``predict_agreements`` are wrapped here, nothing in the product changes.
Results in docs/stance.md ("Stop 32").

    python training/eval_polarity_proposition.py --mode product|pair [--seeds 13 1 2 3]
"""
import argparse
import csv
import time
import numpy as np
from scipy.sparse import csr_matrix, hstack
import standpunkt.evaluate.stance as ES
import standpunkt.stance.classifier as C
from standpunkt.stance.embed import embed_with

ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
ap.add_argument("--mode", choices=("product", "pair"), required=True)
ap.add_argument("--seeds", type=int, nargs="+", default=[13, 1, 2, 3])
ap.add_argument("--claims", default="../shared/data/debatenet-mig15/claims.jsonl")
ap.add_argument("--codebook", default="../shared/data/debatenet-mig15/migration_codebook_german.csv")
args = ap.parse_args()
CLAIMS = args.claims
desc = {}
for row in csv.DictReader(open(args.codebook, encoding="utf-8")):
    desc[row["sub"]] = row["description"]
codes = sorted(desc)
D = embed_with("e5", [desc[c] for c in codes])
D = D / np.linalg.norm(D, axis=1, keepdims=True)
DV = {c: D[i] for i, c in enumerate(codes)}

_memo = {}
orig_prepare = ES.prepare_texts
def prepare(texts, embedding="e5", progress=None):
    key = (len(texts), embedding)
    if key not in _memo:
        _memo[key] = orig_prepare(texts, embedding, progress)
    return _memo[key]
ES.prepare_texts = prepare

PAIR = {}
MODE = {"pair": False}
def pair_vectors(texts, targets):
    need = [(str(t), x) for x, t in zip(texts, targets) if t and (str(t), x) not in PAIR]
    need = list(dict.fromkeys(need))
    if need:
        V = embed_with("e5", [f"{desc.get(t, t)}: {x}" for t, x in need])
        for k, v in zip(need, V):
            PAIR[k] = v
    dim = D.shape[1]
    return np.vstack([PAIR[(str(t), x)] if t else np.zeros(dim) for x, t in zip(texts, targets)])

def block(emb, targets, scale, texts=None):
    if MODE["pair"]:
        return pair_vectors(texts, targets) * scale
    e = emb / np.linalg.norm(emb, axis=1, keepdims=True)
    T = np.vstack([DV.get(str(t), np.zeros(D.shape[1])) if t else np.zeros(D.shape[1]) for t in targets])
    return e * T * scale

VARIANT = {"on": False}
orig_fit = C.StatementClassifier.fit
def fit(self, statements, *, nlp=None, analysed=None, emb=None):
    orig_fit(self, statements, nlp=nlp, analysed=analysed, emb=emb)
    if not VARIANT["on"]:
        return self
    texts = [" ".join(s.text.split()) for s in statements]
    emb = self._vectors(texts, emb)
    X = self.text.transform(texts, analysed, emb)
    Z = block(emb, [s.concept for s in statements], 1.0, texts)
    emb_norm = np.linalg.norm(emb, axis=1).mean() * C.EMBEDDING_WEIGHT
    self._zscale = emb_norm / max(np.linalg.norm(Z, axis=1).mean(), 1e-12)
    P = self.priors.transform([" ".join(C.prior_tokens(s, s.concept)) for s in statements])
    R = np.vstack([a.rules for a in analysed]) * C.RULE_WEIGHT
    XA = hstack([X, csr_matrix(R), P * C.PRIOR_WEIGHT, csr_matrix(Z * self._zscale)]).tocsr()
    idx = [i for i, s in enumerate(statements) if s.agreement]
    self.agreement_model = C._Linear.fit(XA[idx], [statements[i].agreement for i in idx], C=self.settings["svm_c"])
    return self
C.StatementClassifier.fit = fit

orig_pa = C.StatementClassifier.predict_agreements
def predict_agreements(self, statements, targets, *, analysed=None, emb=None, nlp=None):
    if not VARIANT["on"]:
        return orig_pa(self, statements, targets, analysed=analysed, emb=emb, nlp=nlp)
    X, analysed, emb = self._text_features([s.text for s in statements], analysed, emb, nlp)
    P = self.priors.transform([" ".join(C.prior_tokens(s, t)) for s, t in zip(statements, targets)])
    R = np.vstack([a.rules for a in analysed]) * C.RULE_WEIGHT
    Z = block(emb, targets, self._zscale, [" ".join(s.text.split()) for s in statements])
    scores = self.agreement_model.scores(hstack([X, csr_matrix(R), P * C.PRIOR_WEIGHT, csr_matrix(Z)]).tocsr())
    labels = [self.agreement_model.classes[i] for i in scores.argmax(1)]
    return list(zip(labels, C._confidence(scores).tolist()))
C.StatementClassifier.predict_agreements = predict_agreements

MODE["pair"] = args.mode == "pair"
res = {}
for seed in args.seeds:
    for on in (False, True):
        VARIANT["on"] = on
        t0 = time.time()
        s = ES.cross_validate(CLAIMS, seed=seed, embedding="e5")
        res[(seed, on)] = s
        print(f"seed {seed} {'variant ' if on else 'baseline'}: category {s.category_f1:.4f} polarity {s.polarity_f1:.4f} "
              f"(pipeline {s.pipeline_polarity_f1:.4f}) {time.time()-t0:.0f}s", flush=True)
    print(f"  gain polarity {res[(seed, True)].polarity_f1 - res[(seed, False)].polarity_f1:+.4f}", flush=True)
