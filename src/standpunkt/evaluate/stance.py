"""Concept and polarity scoring on DebateNet-style claims (`standpunkt evaluate stance`).

Input: JSON lines with ``quote`` (the claim text), ``claimvalues`` (a JSON list of codebook numbers, e.g.
``"[100,110,700,702]"``), ``cpos`` (1 = the actor supports the category's claim, -1 = opposes), ``doc_id``, and the
actor's ``name`` and ``parties``.

Definitions (docs/stance.md):

- **major category** of a claim = its *first* code // 100 * 100 (the annotators' primary category; 265 of the 1,971
  DebateNet claims carry codes from more than one major field, the first one is scored). The model predicts one
  major category per claim; **category macro-F1** is the unweighted mean of per-category F1 over the categories in
  the gold labels or predictions (scikit-learn ``f1_score(average="macro")``). The lenient accuracy, counting a
  prediction as right when it is any of the claim's major fields, is reported beside it.
- **polarity** = ``cpos``; the model predicts it for the claim *towards its annotated category* (stance detection
  with the target given, as DNA coding first assigns the concept and then the agreement), using the claim text, the
  rule findings, the category, the actor and the actor's parties. **polarity macro-F1** = mean F1 of the two
  classes. The polarity towards the *predicted* category (the full pipeline) is reported as well.
- **document context**: claims of the same ``doc_id`` in the scored file inform each other's category (the other
  claims' mean concept scores are mixed in, as the pipeline does for the quotations of one article; never their
  labels). A file without ``doc_id`` gives every claim its own document.
- **cross-validation**: 5 folds grouped by ``doc_id`` (all claims of an article are in the same fold), scikit-learn
  ``GroupKFold(shuffle=True, random_state=13)``; scores are computed over the pooled out-of-fold predictions.
- **nested** (``--nested``): inside each outer training part an inner grouped CV (:data:`INNER_FOLDS` folds) picks
  the classifier's settings (``svm_c``, ``fine_svm_c``, ``doc_context_weight``) from
  :data:`standpunkt.stance.classifier.SETTINGS_GRID` by the mean of the inner category and polarity macro-F1; the
  outer folds, which are reported, never see the choice being made.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from standpunkt.corpora.claims import Claim, read_claims_counted
from standpunkt.errors import InputError
from standpunkt.stance.embed import DEFAULT_EMBEDDING

FOLDS = 5
SEED = 13
#: ``progress(what, done, total)``: what a long step is doing ("analysing", "embedding", "fold"), how far it is.
Progress = Callable[[str, int, int], None]
PREPARE_BATCH = 128  # texts per progress step


def prepare_texts(texts: Sequence[str], embedding: str = DEFAULT_EMBEDDING, progress: Progress | None = None
                  ) -> tuple[list[Any], np.ndarray]:
    """Lemmas and rule findings, then sentence vectors, for ``texts`` (what a classifier fits and predicts on),
    in batches so that ``progress`` can follow; the same values as one call over all texts."""
    from standpunkt.stance.classifier import analyse_texts
    from standpunkt.stance.embed import embed_with

    report = progress or (lambda what, done, total: None)
    texts, n = list(texts), len(texts)
    analysed: list[Any] = []
    for i in range(0, n, PREPARE_BATCH):
        report("analysing", i, n)
        analysed += analyse_texts(texts[i:i + PREPARE_BATCH])
    report("analysing", n, n)
    parts = []
    for i in range(0, n, PREPARE_BATCH):
        report("embedding", i, n)
        parts.append(embed_with(embedding, texts[i:i + PREPARE_BATCH]))
    report("embedding", n, n)
    return analysed, (np.vstack(parts) if parts else embed_with(embedding, []))

#: Folds of the inner cross-validation that chooses the settings in a nested evaluation.
INNER_FOLDS = 4


def to_labelled(claims: list[Claim]) -> list[Any]:
    from standpunkt.stance.classifier import LabelledStatement

    return [LabelledStatement(text=c.text, concept=c.concept, issue=c.major,
                              agreement="support" if c.polarity > 0 else "oppose", actor=c.actor,
                              parties=c.parties, extra_targets=[str(x) for x in c.codes])
            for c in claims]


@dataclass
class StanceScores:
    n_train: int
    n_test: int
    category_f1: float
    polarity_f1: float
    category_accuracy: float
    category_lenient_accuracy: float
    polarity_accuracy: float
    pipeline_polarity_f1: float
    concept_accuracy: float = 0.0
    per_category: dict[str, float] = field(default_factory=dict)
    mode: str = ""
    seconds: float = 0.0
    skipped: int = 0
    #: Nested evaluation: the settings the inner CV chose for each outer fold.
    chosen: list[dict[str, float]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return self.__dict__.copy()


def _score(test: list[Claim], cat_pred: list[str | None], pol_pred: list[str | None],
           pol_pipeline: list[str | None], concept_pred: list[str | None]) -> dict[str, Any]:
    from sklearn.metrics import f1_score

    gold_cat = [c.major for c in test]
    pred_cat = [p or "none" for p in cat_pred]
    gold_pol = ["support" if c.polarity > 0 else "oppose" for c in test]
    pol = [p or "none" for p in pol_pred]
    pipe = [p or "none" for p in pol_pipeline]
    labels = sorted(set(gold_cat))
    per = f1_score(gold_cat, pred_cat, labels=labels, average=None, zero_division=0)
    return {
        "category_f1": float(f1_score(gold_cat, pred_cat, average="macro", zero_division=0)),
        "per_category": {lab: round(float(v), 3) for lab, v in zip(labels, per)},
        "category_accuracy": float(np.mean([g == p for g, p in zip(gold_cat, pred_cat)])),
        "concept_accuracy": float(np.mean([c.concept == p for c, p in zip(test, concept_pred)])),
        "category_lenient_accuracy": float(np.mean([p in c.majors for c, p in zip(test, pred_cat)])),
        "polarity_f1": float(f1_score(gold_pol, pol, labels=["support", "oppose"], average="macro",
                                      zero_division=0)),
        "polarity_accuracy": float(np.mean([g == p for g, p in zip(gold_pol, pol)])),
        "pipeline_polarity_f1": float(f1_score(gold_pol, pipe, labels=["support", "oppose"], average="macro",
                                               zero_division=0)),
    }


def _take(cache: dict[str, Any] | None, key: str, idx: Sequence[int] | None) -> Any:
    if cache is None or idx is None:
        return None
    value = cache[key]
    return value[list(idx)] if isinstance(value, np.ndarray) else [value[i] for i in idx]


def _fit(train: list[Claim], cache: dict[str, Any] | None, train_idx: Sequence[int] | None, embedding: str,
         settings: dict[str, float] | None = None) -> Any:
    from standpunkt.stance.classifier import StatementClassifier

    return StatementClassifier(embedding, settings).fit(to_labelled(train), analysed=_take(cache, "analysed", train_idx),
                                                        emb=_take(cache, "emb", train_idx))


def _features(test: list[Claim], cache: dict[str, Any] | None, test_idx: Sequence[int] | None,
              embedding: str) -> tuple[Any, np.ndarray]:
    analysed, emb = _take(cache, "analysed", test_idx), _take(cache, "emb", test_idx)
    if analysed is None:
        from standpunkt.stance.classifier import analyse_texts
        from standpunkt.stance.embed import embed_with

        analysed, emb = analyse_texts([c.text for c in test]), embed_with(embedding, [c.text for c in test])
    return analysed, emb


def _predict(clf: Any, test: list[Claim], analysed: Any, emb: np.ndarray
             ) -> tuple[list[str | None], list[str | None], list[str | None], list[str | None]]:
    labelled = to_labelled(test)
    concepts = clf.predict_concepts([c.text for c in test], analysed=analysed, emb=emb,
                                    groups=[c.doc_id for c in test])
    issues = [clf.concept_issue.get(c, c) if c else None for c, _ in concepts]
    gold = clf.predict_agreements(labelled, [c.concept for c in test], analysed=analysed, emb=emb)
    for s, issue in zip(labelled, issues):  # the pipeline knows only what it predicted
        s.issue, s.extra_targets = issue, []
    piped = clf.predict_agreements(labelled, [c for c, _ in concepts], analysed=analysed, emb=emb)
    return issues, [a for a, _ in gold], [a for a, _ in piped], [c for c, _ in concepts]


def _fit_predict(train: list[Claim], test: list[Claim], cache: dict[str, Any] | None = None,
                 train_idx: list[int] | None = None, test_idx: list[int] | None = None,
                 embedding: str = DEFAULT_EMBEDDING,
                 settings: dict[str, float] | None = None
                 ) -> tuple[list[str | None], list[str | None], list[str | None], list[str | None]]:
    clf = _fit(train, cache, train_idx, embedding, settings)
    return _predict(clf, test, *_features(test, cache, test_idx, embedding))


def choose_settings(claims: list[Claim], idx: Sequence[int], cache: dict[str, Any], embedding: str = DEFAULT_EMBEDDING,
                    folds: int = INNER_FOLDS, seed: int = SEED) -> tuple[dict[str, float], list[dict[str, Any]]]:
    """The settings of :data:`~standpunkt.stance.classifier.SETTINGS_GRID` with the best mean of category and
    polarity macro-F1 over a grouped ``folds``-fold CV of the claims ``idx``, and every combination's inner scores.

    Cheap: per inner fold one model per (``svm_c``, ``fine_svm_c``) pair of the grid's diagonal; the other
    combinations reuse their parts (:meth:`StatementClassifier.variant`), the document weight costs a prediction."""
    from sklearn.metrics import f1_score
    from sklearn.model_selection import GroupKFold

    from standpunkt.stance.classifier import SETTINGS_GRID

    cs, fcs, dws = SETTINGS_GRID["svm_c"], SETTINGS_GRID["fine_svm_c"], SETTINGS_GRID["doc_context_weight"]
    if len(cs) != len(fcs):
        raise ValueError("SETTINGS_GRID needs as many svm_c as fine_svm_c values")
    idx = list(idx)
    combos = [(c, fc, dw) for c in cs for fc in fcs for dw in dws]
    cat: dict[tuple[float, float, float], dict[int, str | None]] = {k: {} for k in combos}
    pol: dict[float, dict[int, str | None]] = {c: {} for c in cs}
    groups = [claims[i].doc_id for i in idx]
    for tr, te in GroupKFold(n_splits=folds, shuffle=True, random_state=seed).split(idx, groups=groups):
        tr_idx, te_idx = [idx[k] for k in tr], [idx[k] for k in te]
        train, test = [claims[i] for i in tr_idx], [claims[i] for i in te_idx]
        analysed, emb = _features(test, cache, te_idx, embedding)
        fits = [_fit(train, cache, tr_idx, embedding, {"svm_c": c, "fine_svm_c": fc}) for c, fc in zip(cs, fcs)]
        texts, doc_ids = [c.text for c in test], [c.doc_id for c in test]
        for i, c in enumerate(cs):
            got = fits[i].predict_agreements(to_labelled(test), [x.concept for x in test], analysed=analysed,
                                             emb=emb)
            pol[c].update(zip(te_idx, (a for a, _ in got)))
            for j, fc in enumerate(fcs):
                for dw in dws:
                    clf = fits[i].variant(fine_from=fits[j], doc_context_weight=dw)
                    issues = clf.predict_issues(texts, analysed=analysed, emb=emb, groups=doc_ids)
                    cat[(c, fc, dw)].update(zip(te_idx, issues))
    gold_cat = [claims[i].major for i in idx]
    gold_pol = ["support" if claims[i].polarity > 0 else "oppose" for i in idx]
    pol_f1 = {c: float(f1_score(gold_pol, [p[i] or "none" for i in idx], labels=["support", "oppose"],
                                average="macro", zero_division=0)) for c, p in pol.items()}
    table = []
    for (c, fc, dw), pred in cat.items():
        cf1 = float(f1_score(gold_cat, [pred[i] or "none" for i in idx], average="macro", zero_division=0))
        table.append({"svm_c": c, "fine_svm_c": fc, "doc_context_weight": dw, "category_f1": cf1,
                      "polarity_f1": pol_f1[c], "mean": (cf1 + pol_f1[c]) / 2})
    best = max(table, key=lambda r: r["mean"])
    return {k: best[k] for k in SETTINGS_GRID}, table


def cross_validate(path: str | Path, folds: int = FOLDS, seed: int = SEED, embedding: str = DEFAULT_EMBEDDING,
                   nested: bool = False, progress: Progress | None = None) -> StanceScores:
    """Grouped k-fold cross-validation over one claims file (see the module docstring for the definitions);
    ``embedding`` names the sentence encoder of the models (``"use"`` or ``"e5"``); ``nested`` chooses the
    settings in each outer training part by an inner CV (:func:`choose_settings`) instead of the module defaults."""
    from sklearn.model_selection import GroupKFold

    start = time.time()
    claims, skipped = read_claims_counted(path)
    groups = [c.doc_id for c in claims]
    if len(set(groups)) < folds:
        raise InputError(str(path), f"needs claims from at least {folds} documents for {folds}-fold "
                                    "cross-validation")
    texts = [c.text for c in claims]
    analysed, emb = prepare_texts(texts, embedding, progress)
    cache = {"analysed": analysed, "emb": emb}
    cat: list[str | None] = [None] * len(claims)
    pol: list[str | None] = [None] * len(claims)
    pipe: list[str | None] = [None] * len(claims)
    sub: list[str | None] = [None] * len(claims)
    chosen: list[dict[str, float]] = []
    for fold, (tr, te) in enumerate(GroupKFold(n_splits=folds, shuffle=True, random_state=seed).split(
            texts, groups=groups)):
        if progress:
            progress("fold", fold, folds)
        settings = None
        if nested:
            settings = choose_settings(claims, list(tr), cache, embedding, seed=seed)[0]
            chosen.append(settings)
        c, p, q, k_ = _fit_predict([claims[i] for i in tr], [claims[i] for i in te], cache, list(tr), list(te),
                                   embedding, settings)
        for k, i in enumerate(te):
            cat[i], pol[i], pipe[i], sub[i] = c[k], p[k], q[k], k_[k]
    if progress:
        progress("fold", folds, folds)
    scores = _score(claims, cat, pol, pipe, sub)
    mode = (f"{folds}-fold grouped CV (seed {seed})" + ("" if embedding == "use" else f", {embedding} embedding")
            + (f", settings chosen by inner {INNER_FOLDS}-fold CV" if nested else ""))
    return StanceScores(n_train=len(claims), n_test=len(claims), mode=mode,
                        seconds=round(time.time() - start, 1), skipped=skipped, chosen=chosen, **scores)


def train_test(train_path: str | Path, test_path: str | Path, embedding: str = DEFAULT_EMBEDDING,
               progress: Progress | None = None) -> StanceScores:
    """Train on one claims file, score on another."""
    start = time.time()
    (train, skipped_train), (test, skipped_test) = read_claims_counted(train_path), read_claims_counted(test_path)
    analysed, emb = prepare_texts([c.text for c in train + test], embedding, progress)
    if progress:
        progress("fitting", 0, 1)
    c, p, q, k = _fit_predict(train, test, {"analysed": analysed, "emb": emb}, list(range(len(train))),
                              list(range(len(train), len(train) + len(test))), embedding)
    if progress:
        progress("fitting", 1, 1)
    mode = "train/test" + ("" if embedding == "use" else f", {embedding} embedding")
    return StanceScores(n_train=len(train), n_test=len(test), mode=mode,
                        seconds=round(time.time() - start, 1), skipped=skipped_train + skipped_test,
                        **_score(test, c, p, q, k))


def format_scores(s: StanceScores) -> str:
    per = "  ".join(f"{k}:{v:.2f}" for k, v in s.per_category.items())
    return "\n".join([
        f"stance evaluation ({s.mode}; {s.n_train} training, {s.n_test} scored claims; {s.seconds:.0f} s)",
        f"category macro-F1: {s.category_f1:.3f}",
        f"polarity macro-F1: {s.polarity_f1:.3f}",
        f"category accuracy: {s.category_accuracy:.3f} (lenient, any annotated major field: "
        f"{s.category_lenient_accuracy:.3f})",
        f"per-category F1: {per}",
        f"sub-category accuracy (the claim's first sub-code): {s.concept_accuracy:.3f}",
        f"polarity accuracy: {s.polarity_accuracy:.3f}",
        f"polarity macro-F1 towards the predicted category (full pipeline): {s.pipeline_polarity_f1:.3f}",
    ] + [f"fold {k} settings (inner CV): " + ", ".join(f"{name} {v:g}" for name, v in c.items())
         for k, c in enumerate(s.chosen, 1)]
      + ([f"skipped: {s.skipped} claims without text, code or a cpos of 1/-1"] if s.skipped else []))
