"""The fine-tuned e5 stance head alone and as a member of the shipped SVM ensemble, on the folds of `evaluate stance`.

Reads the out-of-fold outputs that ``training/finetune_e5_stance.py --cv`` wrote (one file per training seed; the
same grouped 5-fold split, seed 13) and fits the shipped SVM classifier on the same folds. Prints, per seed:

- the head alone: argmax of its field logits; the sign of its polarity margin towards the annotated field;
- the ensemble, as :meth:`StatementClassifier.attach_head` combines them: the SVMs' issue scores + w_cat × the head's
  logits (then the document context), the agreement SVM's support − oppose + w_pol × the head's margin.

The weights are fixed by a rule, not tuned: each member counts by the inverse of its standard deviation over the
held-out outputs (w = std(SVM scores) / std(head outputs), so both members have equal spread). The ensemble is
printed with the head in both tasks and in the category only; the shipped model uses it for the category only
(``--members``), a choice made after fold 0, where the head's weaker polarity (0.727 alone against the SVM's 0.789)
pulled the equal-weight polarity down by 0.025 (docs/stance.md). The weights of the shipped model are the mean over
the seeds (``--write-weights`` stores them in the model's ``classifier.json``).

    python training/eval_e5_head_stance.py ../shared/data/debatenet-mig15/claims.jsonl /tmp/oof-0.npz /tmp/oof-1.npz
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np


#: Multiples of the std-rule weight tried by ``--nested`` (category; polarity) and offsets of the polarity decision
#: in standard deviations of the SVM's margin.
CAT_GRID = (0, 0.25, 0.5, 0.75, 1, 1.5, 2)
POL_GRID = (0, 0.125, 0.25, 0.5, 0.75, 1, 1.5)
OFFSET_GRID = (0, -0.5, -0.25, 0.25, 0.5)


class OOFHead:
    """A head whose outputs were computed out of fold: looked up per text."""

    def __init__(self, fields: list[str], texts: list[str], cat: np.ndarray, pol: np.ndarray):
        self.fields = fields
        self.rows = {" ".join(t.split()): i for i, t in enumerate(texts)}
        self.cat, self.pol = cat, pol
        self.path = Path("<out of fold>")

    def outputs(self, texts):
        idx = [self.rows[" ".join(t.split())] for t in texts]
        pol = np.zeros((len(idx), len(self.fields) + 1), np.float32)
        pol[:, -1] = self.pol[idx]  # the margin towards the annotated field, as the shared column
        return self.cat[idx], pol

    def polarity(self, pol, fields):
        return pol[:, -1]


def best_per_field(sub: np.ndarray, codes: list[str], fields: list[str]) -> np.ndarray:
    """(n, fields): each field's best sub-category logit (a code's field is its hundreds, "104" -> "100"); the row's
    lowest logit for a field without sub-codes."""
    out = np.repeat(sub.min(1, keepdims=True), len(fields), axis=1).astype(np.float32)
    for j, f in enumerate(fields):
        cols = [k for k, c in enumerate(codes) if str(int(c) // 100 * 100) == f]
        if cols:
            out[:, j] = sub[:, cols].max(1)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("claims", type=Path)
    ap.add_argument("oof", nargs="+", help="one seed's out-of-fold file, or its per-fold files joined by commas")
    ap.add_argument("--cache", type=Path, default=None, help="pickle of analysed texts and e5 vectors")
    ap.add_argument("--write-weights", type=Path, default=None, help="a model directory whose classifier.json "
                    "gets the mean weights as head_weights")
    ap.add_argument("--members", nargs="+", default=["category"], choices=["category", "polarity"],
                    help="the tasks where the head joins the shipped ensemble (polarity: the rule's equal weight "
                    "lost 0.025 on fold 0, docs/stance.md)")
    ap.add_argument("--sub-weight", type=float, default=0.0,
                    help="with out-of-fold files of --sub-loss heads: add this weight times the best sub-category "
                         "logit of each field to the head's field logits (the head's own fine term)")
    ap.add_argument("--nested", action="store_true", help="also choose the weights per fold on the other four "
                    "folds' out-of-fold outputs (grids CAT_GRID, POL_GRID, OFFSET_GRID)")
    args = ap.parse_args(argv)

    import pickle

    from sklearn.model_selection import GroupKFold

    from standpunkt.corpora.claims import read_claims
    from standpunkt.evaluate import stance as ev
    from standpunkt.stance.classifier import FINE_VIEW, FINE_WEIGHT, analyse_texts, prior_tokens
    from standpunkt.stance.embed import embed_with

    claims = read_claims(args.claims)
    texts = [c.text for c in claims]
    fields = sorted({c.major for c in claims})
    if args.cache and args.cache.is_file():
        cache = pickle.loads(args.cache.read_bytes())
    else:
        cache = {"analysed": analyse_texts(texts), "emb": embed_with("e5", texts)}
        if args.cache:
            args.cache.write_bytes(pickle.dumps(cache))
    folds = list(GroupKFold(n_splits=ev.FOLDS, shuffle=True, random_state=ev.SEED).split(
        texts, groups=[c.doc_id for c in claims]))
    svm_cat = np.zeros((len(claims), len(fields)), np.float32)
    svm_pol = np.zeros(len(claims), np.float32)
    fitted = []
    for tr, te in folds:
        test = [claims[i] for i in te]
        clf = ev._fit([claims[i] for i in tr], cache, list(tr), "e5")
        an, emb = ev._features(test, cache, list(te), "e5")
        X, _, _ = clf._text_features([c.text for c in test], an, emb)
        s = clf.concept_model.scores(X)
        s = s + FINE_WEIGHT * clf._best_per_issue(clf.fine_model.scores(X[:, clf.text.view_slices([FINE_VIEW])[0]]),
                                                  clf.concept_model.classes)
        svm_cat[te] = s[:, [clf.concept_model.classes.index(f) for f in fields]]
        a = clf.agreement_model
        P = clf.priors.transform([" ".join(prior_tokens(s_, c.concept)) for s_, c in zip(ev.to_labelled(test), test)])
        sc = a.scores(clf._agreement_matrix(X, an, P))
        svm_pol[te] = sc[:, a.classes.index("support")] - sc[:, a.classes.index("oppose")]
        fitted.append((clf, te, test, an, emb))

    def predict(head=None, weights=None, rows=None):
        """Per claim (category, polarity, pipeline polarity, concept), predicted by the fold that holds it (``None``
        outside ``rows``)."""
        n = len(claims)
        rows = np.arange(n) if rows is None else rows
        cat, pol, pipe, sub = [None] * n, [None] * n, [None] * n, [None] * n
        for clf, te, test, an, emb in fitted:
            keep = np.isin(te, rows)
            if not keep.any():
                continue
            if head is not None and weights:
                clf.attach_head(head, weights)
            else:
                clf.head, clf.head_weights = None, {}
            c, p, q, k = ev._predict(clf, test, an, emb)
            for j, i in enumerate(te):
                cat[i], pol[i], pipe[i], sub[i] = c[j], p[j], q[j], k[j]
        return cat, pol, pipe, sub

    def score(pred, rows=None):
        rows = np.arange(len(claims)) if rows is None else rows
        return ev._score(*([xs[i] for i in rows] for xs in (claims, *pred)))

    def run(head=None, weights=None, rows=None):
        """Scores of the claims ``rows`` (all by default), predicted by the folds that hold them."""
        return score(predict(head, weights, rows), rows)

    def line(name, s):
        print(f"{name:34s} category {s['category_f1']:.3f}  polarity {s['polarity_f1']:.3f}  "
              f"pipeline polarity {s['pipeline_polarity_f1']:.3f}  sub-category {s['concept_accuracy']:.3f}",
              flush=True)

    from sklearn.metrics import f1_score

    gold_f = [fields.index(c.major) for c in claims]
    gold_p = [int(c.polarity > 0) for c in claims]
    base = predict()
    line("SVM ensemble (shipped recipe)", score(base))
    fold_of = np.empty(len(claims), int)
    for f, (_, te) in enumerate(folds):
        fold_of[te] = f

    def nested(head, w, hp):
        """The head's weights chosen per outer fold on the other four folds' out-of-fold outputs (grids
        :data:`CAT_GRID`, :data:`POL_GRID` × :data:`OFFSET_GRID`), each fold scored with its own choice."""
        gp = np.asarray(gold_p)
        sd = float(svm_pol.std())

        def pol_pred(idx, m, o):
            return (svm_pol[idx] + m * w["polarity"] * hp[idx] + o * sd > 0).astype(int)

        def best(idx):
            """(category multiple, polarity multiple, offset) with the best macro-F1 over the claims ``idx``; ties
            go to the multiple nearest the std rule's, then to no offset and the smaller polarity weight."""
            m_cat = max(CAT_GRID, key=lambda m: (score(by_m[m], idx)["category_f1"], -abs(m - 1)))
            m_pol, o = max(((m, o) for m in POL_GRID for o in OFFSET_GRID),
                           key=lambda mo: (f1_score(gp[idx], pol_pred(idx, *mo), average="macro"),
                                           -abs(mo[1]), -mo[0]))
            return m_cat, m_pol, o

        by_m = {m: predict(head, {"category": m * w["category"]} if m else None) for m in CAT_GRID}
        cat_pred = [None] * len(claims)
        pol = np.zeros(len(claims), int)
        for f in range(len(folds)):
            m_cat, m_pol, o = best(np.flatnonzero(fold_of != f))
            print(f"  fold {f}: chosen m_cat {m_cat}, m_pol {m_pol}, offset {o} x sd", flush=True)
            te = np.flatnonzero(fold_of == f)
            for i in te:
                cat_pred[i] = by_m[m_cat][0][i]
            pol[te] = pol_pred(te, m_pol, o)
        cat_f1 = f1_score([c.major for c in claims], [p or "none" for p in cat_pred], average="macro",
                          zero_division=0)
        print(f"  nested weights: category {cat_f1:.3f}  polarity {f1_score(gp, pol, average='macro'):.3f}  "
              f"(SVM margin alone: polarity {f1_score(gp, (svm_pol > 0).astype(int), average='macro'):.3f})")
        m_cat, m_pol, o = best(np.arange(len(claims)))
        print(f"  on all five folds: m_cat {m_cat}, m_pol {m_pol}, offset {o} x sd "
              f"(w_cat {m_cat * w['category']:.4f}, w_pol {m_pol * w['polarity']:.4f}, "
              f"offset {o * sd:.4f})", flush=True)
    cen = svm_cat - svm_cat.mean(1, keepdims=True)
    all_w = []
    for name in args.oof:
        parts = [np.load(p) for p in name.split(",")]
        done = np.zeros(len(claims), bool)
        hc, hp = np.zeros_like(svm_cat), np.zeros_like(svm_pol)
        for z in parts:
            rows = z["done"] & ~done
            cat = z["oof_cat"]
            if args.sub_weight:
                if "oof_sub" not in z or not z["oof_sub"].shape[1]:
                    raise SystemExit(f"{name}: no sub-category logits (train with --sub-loss) for --sub-weight")
                cat = cat + args.sub_weight * best_per_field(z["oof_sub"], list(z["sub_codes"]), fields)
            hc[rows], hp[rows], done = cat[rows], z["oof_pol"][rows], done | z["done"]
        rows = np.flatnonzero(done)
        path = Path(name.split(",")[0])
        if not done.all():
            print(f"{name}: only {len(rows)} claims out of fold: scores over those claims only (not comparable "
                  f"with the full CV); weights not kept")
            line("  SVM ensemble on these claims", run(rows=rows))
        g = np.asarray(gold_f)[rows], np.asarray(gold_p)[rows]
        alone_c = f1_score(g[0], hc[rows].argmax(1), average="macro")
        alone_p = f1_score(g[1], (hp[rows] > 0).astype(int), average="macro")
        print(f"{path.name}: head alone  category {alone_c:.3f}  polarity {alone_p:.3f}")
        w = {"category": float(cen[rows].std() / (hc[rows] - hc[rows].mean(1, keepdims=True)).std()),
             "polarity": float(svm_pol[rows].std() / hp[rows].std())}
        if done.all():
            all_w.append(w)
        head = OOFHead(fields, texts, hc, hp)
        line(f"  + head (w_cat {w['category']:.3f}, w_pol {w['polarity']:.3f})", run(head, w, rows))
        line("  + head, category only", run(head, {"category": w["category"]}, rows))
        if "polarity" in args.members and done.all():
            pred = predict(head, {"polarity": w["polarity"]})
            line("  + head, polarity only", score(pred))
            print("  polarity per fold, SVM alone -> + head: " + "  ".join(
                f"{score(base, np.flatnonzero(fold_of == f))['polarity_f1']:.3f} -> "
                f"{score(pred, np.flatnonzero(fold_of == f))['polarity_f1']:.3f}" for f in range(len(folds))))
        if args.nested and done.all():
            nested(head, w, hp)
    if all_w and args.write_weights:
        mean = {k: round(float(np.mean([w[k] for w in all_w])), 4) for k in args.members}
        path = args.write_weights / "classifier.json"
        info = json.loads(path.read_text(encoding="utf-8"))
        info["head_weights"] = mean
        # The codebook names the fields as training/build_debatenet_codebook.py does ("field100"); the head as the
        # claims do ("100").
        info["head_fields"] = {f: f"field{f}" for f in fields}
        missing = set(info["models"]["concept"]) - set(info["head_fields"].values())
        if missing:
            raise SystemExit(f"{path}: the model's issues {sorted(missing)} are not the head's fields")
        path.write_text(json.dumps(info, ensure_ascii=False), encoding="utf-8")
        print(f"head weights {mean} -> {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
