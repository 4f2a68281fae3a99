"""Supervised statement coding: a concept classifier and an agreement classifier trained from labelled statements.

Features (measured on DebateNet, docs/stance.md): TF-IDF over character n-grams, words and lemmas, the multilingual
USE sentence embedding, and for agreement also the rule findings of :mod:`standpunkt.stance.agreement`, the target
concept, the actor and its party, and actor × concept crosses (actors argue consistently, so who speaks about which
concept is a strong prior for the direction). Linear SVMs with balanced class weights.

The concept model is an ensemble of one SVM per feature view (characters; words and lemmas; the embedding) whose
decision values are averaged: each view is regularised on its own instead of the wide character block drowning the
dense embedding. The average of linear models is one linear model, so it is stored as one. Statements of the same
document share a topic: with ``groups`` the concept scores of a statement are mixed with the mean scores of the other
statements of its document (:data:`DOC_CONTEXT_WEIGHT`).

Many concepts (e.g. DebateNet's 126 categories): above :data:`MAX_LINEAR_CONCEPTS` the ensemble predicts the issue,
and a second SVM over the character view alone scores the concepts themselves. An issue's score adds the best score
of its concepts (:data:`FINE_WEIGHT`: a statement that clearly matches one narrow concept belongs to its issue), and
the concept within the chosen issue is that model's best. (Models saved before the concept SVM pick the concept by
the nearest centroid of the training statements' embeddings.)

Models are saved as JSON (vocabularies, settings) plus one ``.npz`` of arrays: no pickles, so loading a model file
cannot run code and does not depend on the scikit-learn version that wrote it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Sequence

import numpy as np

from standpunkt.errors import ConfigError
from standpunkt.stance.embed import DEFAULT_EMBEDDING, DIM, EMBEDDINGS

FORMAT_VERSION = 1
#: SVM regularisation of the concept views and the agreement model. This, :data:`FINE_SVM_C` and
#: :data:`DOC_CONTEXT_WEIGHT` are the defaults of a model's settings; ``evaluate stance --nested`` chooses them per
#: training part by an inner grouped CV over :data:`SETTINGS_GRID` (``training/select_stance_settings.py`` picked the
#: shipped values that way; docs/stance.md).
SVM_C = 0.3
#: Weight of the 512-d sentence embedding block against the TF-IDF blocks.
EMBEDDING_WEIGHT = 2.0
#: Weight of the rule-finding block in the agreement model.
RULE_WEIGHT = 1.0
#: Weight of target / actor / cross indicator features in the agreement model.
PRIOR_WEIGHT = 1.0
#: Weight of the mean concept scores of the other statements of the same document.
DOC_CONTEXT_WEIGHT = 0.5
#: Feature views of the concept ensemble (one SVM each, decision values averaged).
CONCEPT_VIEWS = (("char",), ("word", "lemma"), ("embedding",))
#: Feature view of the concept SVM under an issue-level model (characters: measured best of the three views, and the
#: smallest; 127 DebateNet concepts × 23k character n-grams).
FINE_VIEW = ("char",)
#: Weight of an issue's best concept score added to the issue's own score (grouped CV on DebateNet: 1.5–3 within
#: noise, 0 = without the concept model 0.02 macro-F1 lower).
FINE_WEIGHT = 2.0
#: Regularisation of the concept SVM under an issue-level model.
FINE_SVM_C = 0.1
#: The values an inner cross-validation chooses the three settings from (``evaluate stance --nested``).
SETTINGS_GRID = {"svm_c": (0.05, 0.1, 0.3), "fine_svm_c": (0.1, 0.3, 1.0), "doc_context_weight": (0.25, 0.5, 0.75)}
#: Above this many concepts the ensemble works on issues and a concept SVM scores the concepts within them.
MAX_LINEAR_CONCEPTS = 30
CHAR_NGRAMS = (2, 5)
WORD_NGRAMS = (1, 2)
MIN_DF = 2
#: Minimum labelled statements (and two classes) to train a model at all.
MIN_TRAINING_STATEMENTS = 10


@dataclass
class LabelledStatement:
    """One training statement: text, its concept and agreement, and who said it."""

    text: str
    concept: str | None = None
    agreement: str | None = None
    actor: str | None = None
    parties: list[str] = field(default_factory=list)
    issue: str | None = None
    #: Further annotated concepts (DebateNet claims carry several codes); used as agreement targets only.
    extra_targets: list[str] = field(default_factory=list)


@dataclass
class Analysed:
    """Language-layer output for one statement text: lemmas and rule features."""

    lemmas: str
    rules: np.ndarray


RULE_FEATURES = ("rule_support", "rule_oppose", "rule_items", "rule_negations", "rule_condition", "rule_hedged")
_RULE_SCALE = np.array([1, 1, 3, 2, 1, 1], dtype=np.float32)


def analyse_texts(texts: Sequence[str], nlp: Any = None) -> list[Analysed]:
    """Lemmas and rule findings for texts, with the shared language pipeline."""
    from standpunkt.stance.agreement import assess

    if nlp is None:
        nlp = _text_nlp()
    out = []
    for doc in nlp.pipe([" ".join(t.split()) for t in texts], batch_size=64):
        out.append(analysed_from_doc(list(doc), assess))
    return out


def _text_nlp() -> Any:
    """The language pipeline without entities: statement texts need lemmas, tags and mood only (and it is faster)."""
    from standpunkt.language import load_nlp

    return load_nlp(entities=False)


def analysed_from_doc(tokens: list[Any], assess: Any = None) -> Analysed:
    if assess is None:
        from standpunkt.stance.agreement import assess
    a = assess(tokens)
    rules = np.array([a.polarity > 0, a.polarity < 0, len(a.items), a.negations, bool(a.condition), a.hedged],
                     dtype=np.float32) / _RULE_SCALE
    return Analysed(" ".join((t.lemma_ or t.text) for t in tokens if not t.is_space), rules)


def _norm_token(value: str) -> str:
    return "_".join(value.split())


def prior_tokens(statement: LabelledStatement, target: str | None) -> list[str]:
    """Indicator features for the agreement model: target, actor, parties and their crosses."""
    actor = f"A={_norm_token(statement.actor)}" if statement.actor else None
    parties = [f"P={_norm_token(p)}" for p in statement.parties if p and p != "NA"]
    who = ([actor] if actor else []) + parties
    toks = list(who)
    targets = list(dict.fromkeys(t for t in (target, statement.issue, *statement.extra_targets) if t))
    for t in targets:
        toks.append(f"T={t}")
        toks += [f"{w}|T={t}" for w in who]
    return toks


# --------------------------------------------------------------------------------------------- serialisable parts
class _Vectorizer:
    """A TF-IDF vectoriser that saves as vocabulary + idf (rebuilt into scikit-learn's on load)."""

    def __init__(self, kind: str, vocabulary: dict[str, int] | None = None, idf: np.ndarray | None = None):
        from sklearn.feature_extraction.text import TfidfVectorizer

        self.kind = kind
        if kind == "char":
            self.vec = TfidfVectorizer(analyzer="char_wb", ngram_range=CHAR_NGRAMS, sublinear_tf=True,
                                       min_df=MIN_DF, dtype=np.float32)
        elif kind in ("word", "lemma"):
            self.vec = TfidfVectorizer(ngram_range=WORD_NGRAMS, sublinear_tf=True, token_pattern=r"(?u)\b\w+\b",
                                       dtype=np.float32)
        elif kind == "indicator":
            from sklearn.feature_extraction.text import CountVectorizer

            self.vec = CountVectorizer(token_pattern=r"\S+", lowercase=False, binary=True, dtype=np.float32,
                                       vocabulary=vocabulary)
            return
        else:
            raise ValueError(kind)
        if vocabulary is not None:  # a saved vectoriser: rebuild the fitted state scikit-learn expects
            from sklearn.feature_extraction.text import TfidfTransformer

            self.vec.vocabulary_ = vocabulary
            self.vec._tfidf = TfidfTransformer(norm=self.vec.norm, use_idf=True,
                                               smooth_idf=self.vec.smooth_idf, sublinear_tf=self.vec.sublinear_tf)
            if idf is None:
                raise ConfigError(kind, "saved model lacks its idf weights; retrain it")
            self.vec.idf_ = idf

    def fit_transform(self, texts: list[str]) -> Any:
        return self.vec.fit_transform(texts)

    def transform(self, texts: list[str]) -> Any:
        return self.vec.transform(texts)

    def state(self) -> tuple[dict[str, int], np.ndarray | None]:
        vocab = {k: int(v) for k, v in self.vec.vocabulary_.items()}
        return vocab, (self.vec.idf_.astype(np.float32) if getattr(self.vec, "use_idf", False) else None)


@dataclass
class _Linear:
    classes: list[str]
    coef: np.ndarray  # (n_classes or 1, n_features)
    intercept: np.ndarray

    @classmethod
    def fit(cls, X: Any, y: list[str], C: float = SVM_C) -> "_Linear":
        from sklearn.svm import LinearSVC

        model = LinearSVC(C=C, class_weight="balanced", max_iter=20000)
        model.fit(X, y)
        return cls([str(c) for c in model.classes_], model.coef_.astype(np.float32),
                   model.intercept_.astype(np.float32))

    @classmethod
    def fit_views(cls, X: Any, y: list[str], views: list[slice], C: float = SVM_C) -> "_Linear":
        """One SVM per column range of X, averaged: the mean of linear decision functions is itself linear, so
        the result is one model (coefficients of each view divided by the number of views, intercepts averaged)."""
        parts = [cls.fit(X[:, v], y, C) for v in views]
        coef = np.hstack([p.coef for p in parts]) / len(parts)
        return cls(parts[0].classes, coef.astype(np.float32),
                   (np.mean([p.intercept for p in parts], axis=0)).astype(np.float32))

    def scores(self, X: Any) -> np.ndarray:
        """(n, n_classes) decision values (binary models are expanded to two columns)."""
        raw = np.asarray(X @ self.coef.T) + self.intercept
        if len(self.classes) == 2 and raw.shape[1] == 1:
            raw = np.hstack([-raw, raw])
        return raw

    def predict(self, X: Any) -> tuple[list[str], np.ndarray]:
        s = self.scores(X)
        return [self.classes[i] for i in s.argmax(1)], _confidence(s)


def document_context(scores: np.ndarray, groups: Sequence[str]) -> np.ndarray:
    """Per row, the mean scores of the other rows with the same group (zeros for a row alone in its group)."""
    if len(groups) != len(scores):
        raise ValueError(f"{len(groups)} groups for {len(scores)} rows")
    out = np.zeros_like(scores)
    members: dict[str, list[int]] = {}
    for i, g in enumerate(groups):
        members.setdefault(g, []).append(i)
    for rows in members.values():
        if len(rows) < 2:
            continue
        total = scores[rows].sum(0)
        out[rows] = (total - scores[rows]) / (len(rows) - 1)
    return out


def _probabilities(scores: np.ndarray) -> np.ndarray:
    """Softmax over SVM decision values (× 2): a ranking aid, not a calibrated probability."""
    z = scores - scores.max(1, keepdims=True)
    e = np.exp(z * 2.0)
    return e / e.sum(1, keepdims=True)


def _confidence(scores: np.ndarray, chosen: np.ndarray | None = None) -> np.ndarray:
    """A 0–1 confidence from SVM margins (:func:`_probabilities`) of each row's best class, or of ``chosen`` (a
    class index per row)."""
    p = _probabilities(scores)
    return p.max(1) if chosen is None else p[np.arange(len(p)), chosen]


class _Featurizer:
    """Text features shared by both models: char, word and lemma TF-IDF plus the sentence embedding."""

    def __init__(self, parts: dict[str, _Vectorizer] | None = None, embedding_dim: int = DIM):
        self.parts = parts or {k: _Vectorizer(k) for k in ("char", "word", "lemma")}
        self.embedding_dim = embedding_dim

    def view_slices(self, views: Sequence[Sequence[str]] = CONCEPT_VIEWS) -> list[slice]:
        """Column ranges of the fitted feature matrix for groups of adjacent blocks (char, word, lemma, embedding)."""
        widths = {k: len(self.parts[k].vec.vocabulary_) for k in ("char", "word", "lemma")}
        widths["embedding"] = self.embedding_dim
        starts, pos = {}, 0
        for k in ("char", "word", "lemma", "embedding"):
            starts[k] = pos
            pos += widths[k]
        return [slice(starts[v[0]], starts[v[-1]] + widths[v[-1]]) for v in views]

    def _inputs(self, texts: list[str], analysed: list[Analysed]) -> dict[str, list[str]]:
        return {"char": texts, "word": texts, "lemma": [a.lemmas for a in analysed]}

    def fit_transform(self, texts: list[str], analysed: list[Analysed], emb: np.ndarray) -> Any:
        from scipy.sparse import csr_matrix, hstack

        inputs = self._inputs(texts, analysed)
        blocks = [self.parts[k].fit_transform(inputs[k]) for k in ("char", "word", "lemma")]
        return hstack(blocks + [csr_matrix(emb * EMBEDDING_WEIGHT)]).tocsr()

    def transform(self, texts: list[str], analysed: list[Analysed], emb: np.ndarray) -> Any:
        from scipy.sparse import csr_matrix, hstack

        inputs = self._inputs(texts, analysed)
        blocks = [self.parts[k].transform(inputs[k]) for k in ("char", "word", "lemma")]
        return hstack(blocks + [csr_matrix(emb * EMBEDDING_WEIGHT)]).tocsr()


# ------------------------------------------------------------------------------------------------------ the model
def saved_embedding(info: dict[str, Any], where: str) -> str:
    """The sentence embedding a saved model's ``classifier.json`` (``info``, read from ``where``) names; models saved
    before the setting existed used USE."""
    embedding = info.get("embedding", "use")
    if embedding not in EMBEDDINGS:
        raise ConfigError(where, f"model uses an unknown sentence embedding {embedding!r}")
    return embedding


class StatementClassifier:
    """Concept and agreement models trained together from labelled statements.

    ``embedding`` names the sentence encoder of the embedding block (:data:`standpunkt.stance.embed.EMBEDDINGS`:
    ``"use"``, the default, or ``"e5"``); it is saved with the model. Vectors a caller passes as ``emb`` are used
    when their width is the model's, else the texts are embedded again with the model's encoder. ``settings``
    (keys of :data:`SETTINGS_GRID`) override the module defaults and are saved with the model.
    """

    def __init__(self, embedding: str = DEFAULT_EMBEDDING, settings: dict[str, float] | None = None) -> None:
        if embedding not in EMBEDDINGS:
            raise ConfigError("classifier", f"unknown sentence embedding {embedding!r} "
                                            f"(known: {', '.join(EMBEDDINGS)})")
        unknown = set(settings or {}) - set(SETTINGS_GRID)
        if unknown:
            raise ConfigError("classifier", f"unknown settings {sorted(unknown)} (known: {', '.join(SETTINGS_GRID)})")
        self.embedding = embedding
        self.settings = {"svm_c": SVM_C, "fine_svm_c": FINE_SVM_C, "doc_context_weight": DOC_CONTEXT_WEIGHT,
                         **(settings or {})}
        self.text = _Featurizer(embedding_dim=EMBEDDINGS[embedding])
        self.priors = _Vectorizer("indicator")
        self.concept_model: _Linear | None = None
        self.concept_level = "concept"  # or "issue" (then concepts from fine_model, or centroids in old models)
        self.fine_model: _Linear | None = None
        self.centroids: dict[str, np.ndarray] = {}
        self.concept_issue: dict[str, str] = {}
        self.agreement_model: _Linear | None = None
        self.concept_labels: list[str] = []
        self.meta: dict[str, Any] = {}
        #: A fine-tuned e5 head (:mod:`standpunkt.stance.e5head`) whose outputs join the SVM scores, and the weights
        #: of its category logits and polarity margins against the SVMs' decision values (:meth:`attach_head`).
        self.head: Any = None
        self.head_weights: dict[str, float] = {}
        #: The model's issue for each of the head's fields (the head may name them otherwise, e.g. DebateNet's
        #: "100" for the codebook's "field100").
        self.head_fields: dict[str, str] = {}

    # ------------------------------------------------------------------ training
    def fit(self, statements: list[LabelledStatement], *, nlp: Any = None,
            analysed: list[Analysed] | None = None, emb: np.ndarray | None = None) -> "StatementClassifier":
        if len(statements) < MIN_TRAINING_STATEMENTS:
            raise ConfigError("labelled statements", f"need at least {MIN_TRAINING_STATEMENTS} labelled statements, "
                                                     f"got {len(statements)}")
        texts = [" ".join(s.text.split()) for s in statements]
        analysed = analysed if analysed is not None else analyse_texts(texts, nlp)
        emb = self._vectors(texts, emb)
        X = self.text.fit_transform(texts, analysed, emb)
        with_concept = [i for i, s in enumerate(statements) if s.concept]
        concepts = sorted({statements[i].concept for i in with_concept})  # type: ignore[misc]
        self.concept_labels = concepts
        self.concept_issue = {s.concept: (s.issue or s.concept) for s in statements if s.concept}
        if len(concepts) >= 2:
            if len(concepts) > MAX_LINEAR_CONCEPTS:
                self.concept_level = "issue"
                labels = [statements[i].issue or self.concept_issue[statements[i].concept]  # type: ignore[index]
                          for i in with_concept]
                fine = self.text.view_slices([FINE_VIEW])[0]
                self.fine_model = _Linear.fit(X[with_concept][:, fine],
                                              [statements[i].concept for i in with_concept],  # type: ignore[misc]
                                              C=self.settings["fine_svm_c"])
            else:
                labels = [statements[i].concept for i in with_concept]  # type: ignore[misc]
            self.concept_model = _Linear.fit_views(X[with_concept], labels, self.text.view_slices(),
                                                   C=self.settings["svm_c"])
        with_agreement = [i for i, s in enumerate(statements) if s.agreement]
        if len({statements[i].agreement for i in with_agreement}) >= 2:
            P = self.priors.fit_transform([" ".join(prior_tokens(statements[i], statements[i].concept))
                                           for i in range(len(statements))])
            XA = self._agreement_matrix(X, analysed, P)
            self.agreement_model = _Linear.fit(XA[with_agreement],
                                               [statements[i].agreement for i in with_agreement],  # type: ignore
                                               C=self.settings["svm_c"])
        if self.concept_model is None and self.agreement_model is None:
            raise ConfigError("labelled statements", "need at least two different concepts or agreements to train")
        self.meta = {"statements": len(statements), "concepts": len(concepts),
                     "agreements": sorted({s.agreement for s in statements if s.agreement})}
        return self

    def _agreement_matrix(self, X: Any, analysed: list[Analysed], priors: Any) -> Any:
        """The agreement model's input, the same in training and prediction: the text features, the rule findings
        and the target / actor / party indicators ``priors``."""
        from scipy.sparse import csr_matrix, hstack

        rules = np.vstack([a.rules for a in analysed]) * RULE_WEIGHT
        return hstack([X, csr_matrix(rules), priors * PRIOR_WEIGHT]).tocsr()

    # ------------------------------------------------------------------ prediction
    def _text_features(self, texts: list[str], analysed: list[Analysed] | None, emb: np.ndarray | None,
                       nlp: Any = None) -> tuple[Any, list[Analysed], np.ndarray]:
        texts = [" ".join(t.split()) for t in texts]
        analysed = analysed if analysed is not None else analyse_texts(texts, nlp)
        emb = self._vectors(texts, emb)
        return self.text.transform(texts, analysed, emb), analysed, emb

    def vectors(self, texts: list[str], emb: np.ndarray | None = None) -> np.ndarray:
        """The embedding block's vectors of ``texts`` as the predict methods compute them: ``emb`` itself when it
        has this model's width (a caller's USE vectors for a USE model), else the texts embedded by its encoder.
        Lets a caller embed once and pass the result to several predictions."""
        return self._vectors([" ".join(t.split()) for t in texts], emb)

    def _vectors(self, texts: list[str], emb: np.ndarray | None) -> np.ndarray:
        """The caller's sentence vectors if they are this model's width, else the texts embedded by its encoder."""
        if emb is not None and emb.ndim == 2 and emb.shape[1] == self.text.embedding_dim:
            return emb
        from standpunkt.stance.embed import embed_with

        return embed_with(self.embedding, texts)

    def predict_concepts(self, texts: list[str], *, analysed: list[Analysed] | None = None,
                         emb: np.ndarray | None = None, nlp: Any = None,
                         groups: Sequence[str] | None = None) -> list[tuple[str | None, float]]:
        """(concept, confidence) per text; (None, 0) when the model has no concept part. ``groups`` names each
        text's document: the other texts of the same document then inform its concept."""
        if self.concept_model is None or not texts:
            return [(None, 0.0)] * len(texts)
        X, analysed, emb = self._text_features(texts, analysed, emb, nlp)
        model = self.concept_model
        svm, scores, fine = self._concept_scores(X, texts, groups)
        # The head helps choose the concept; the confidence stays the SVMs' (their probability of that choice):
        # the pipeline's gates (CLASSIFIER_MIN_CONFIDENCE) were set on it, and the head's logits, added to the
        # margins, lifted it so far that twice as many statements passed on off-topic news (docs/stance.md).
        chosen = scores.argmax(1)
        labels, conf = [model.classes[i] for i in chosen], _confidence(svm, chosen)
        if self.concept_level == "concept":
            return list(zip(labels, conf.tolist()))
        out = []
        for i, issue in enumerate(labels):
            if fine is not None:
                cols = [k for k, c in enumerate(self.fine_model.classes)  # type: ignore[union-attr]
                        if self.concept_issue.get(c) == issue]
                best = self.fine_model.classes[cols[int(np.argmax(fine[i, cols]))]] if cols else None  # type: ignore
            else:
                members = [c for c in self.concept_labels if self.concept_issue.get(c) == issue and c in self.centroids]
                best = max(members, key=lambda c: float(self.centroids[c] @ emb[i])) if members else None
            out.append((best, float(conf[i])) if best else (None, 0.0))
        return out

    def concept_probabilities(self, texts: list[str], *, analysed: list[Analysed] | None = None,
                              emb: np.ndarray | None = None, nlp: Any = None,
                              groups: Sequence[str] | None = None) -> np.ndarray:
        """(n, classes of the concept model): the SVMs' probabilities that :meth:`predict_concepts` reads its
        confidence from (the head does not enter them), for query strategies that need the whole distribution."""
        X, _, _ = self._text_features(texts, analysed, emb, nlp)
        svm, _, _ = self._concept_scores(X, texts, groups, head=False)
        return _probabilities(svm)

    def _concept_scores(self, X: Any, texts: list[str], groups: Sequence[str] | None,
                        head: bool = True) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
        """(SVM scores, scores with the head, fine-model scores) over the concept model's classes: the concept SVM
        plus :data:`FINE_WEIGHT` × each issue's best fine score, plus the head's field logits × their weight, each
        with the document context of ``groups``; without a head (or ``head=False``) the first two are the same."""
        model = self.concept_model
        svm = model.scores(X)  # type: ignore[union-attr]
        fine = None
        if self.fine_model is not None:
            fine = self.fine_model.scores(X[:, self.text.view_slices([FINE_VIEW])[0]])
            svm = svm + FINE_WEIGHT * self._best_per_issue(fine, model.classes)  # type: ignore[union-attr]
        scores = svm
        if head and self.head is not None and self.head_weights.get("category"):
            cat, _ = self.head.outputs(texts)
            by_issue = {issue: k for k, issue in self.head_fields.items()}
            cols = [self.head.fields.index(by_issue[c]) for c in model.classes]  # type: ignore[union-attr]
            scores = svm + self.head_weights["category"] * cat[:, cols]
        if groups is not None:
            w = self.settings["doc_context_weight"]
            with_context = svm + w * document_context(svm, groups)
            scores = scores + w * document_context(scores, groups) if scores is not svm else with_context
            svm = with_context
        return svm, scores, fine

    def _best_per_issue(self, fine: np.ndarray, issues: list[str]) -> np.ndarray:
        """(n, n_issues): each issue's best concept score (the row's lowest score for an issue without concepts)."""
        out = np.repeat(fine.min(1, keepdims=True), len(issues), axis=1)
        for j, issue in enumerate(issues):
            cols = [k for k, c in enumerate(self.fine_model.classes)  # type: ignore[union-attr]
                    if self.concept_issue.get(c) == issue]
            if cols:
                out[:, j] = fine[:, cols].max(1)
        return out

    def variant(self, *, fine_from: "StatementClassifier | None" = None,
                doc_context_weight: float | None = None) -> "StatementClassifier":
        """A shallow copy that shares this model's parts, with the concept SVM of ``fine_from`` (a model fitted on
        the same statements with another ``fine_svm_c``) and another document-context weight: an inner
        cross-validation scores every combination of the settings without fitting each one."""
        import copy

        out = copy.copy(self)
        out.settings = dict(self.settings)
        if fine_from is not None:
            out.fine_model = fine_from.fine_model
            out.settings["fine_svm_c"] = fine_from.settings["fine_svm_c"]
        if doc_context_weight is not None:
            out.settings["doc_context_weight"] = doc_context_weight
        return out

    def predict_issues(self, texts: list[str], **kw: Any) -> list[str | None]:
        """The issue (or concept's issue) per text: what DebateNet's major category evaluation scores."""
        return [self.concept_issue.get(c, c) if c else None for c, _ in self.predict_concepts(texts, **kw)]

    def predict_agreements(self, statements: list[LabelledStatement], targets: list[str | None], *,
                           analysed: list[Analysed] | None = None, emb: np.ndarray | None = None,
                           nlp: Any = None) -> list[tuple[str | None, float]]:
        """(agreement, confidence) for statements towards the given target concepts."""
        if self.agreement_model is None or not statements:
            return [(None, 0.0)] * len(statements)
        X, analysed, emb = self._text_features([s.text for s in statements], analysed, emb, nlp)
        P = self.priors.transform([" ".join(prior_tokens(s, t)) for s, t in zip(statements, targets)])
        model = self.agreement_model
        scores = model.scores(self._agreement_matrix(X, analysed, P))
        if self.head is not None and self.head_weights.get("polarity") and set(model.classes) == {"support", "oppose"}:
            _, pol = self.head.outputs([s.text for s in statements])
            by_issue = {issue: k for k, issue in self.head_fields.items()}
            margin = self.head.polarity(pol, [by_issue.get(self.concept_issue.get(t, t)) if t else None
                                              for t in targets])
            half = self.head_weights["polarity"] * margin / 2
            scores = scores.copy()
            scores[:, model.classes.index("support")] += half
            scores[:, model.classes.index("oppose")] -= half
        labels = [model.classes[i] for i in scores.argmax(1)]
        return list(zip(labels, _confidence(scores).tolist()))

    def attach_head(self, head: Any, weights: dict[str, float], fields: dict[str, str] | None = None) -> None:
        """Add a fine-tuned head's outputs to the SVM scores: ``weights["category"]`` × its field logits to the
        issue scores, ``weights["polarity"]`` × its margin towards the target's field to support − oppose.
        ``fields`` names this model's issue for each of the head's fields (default: the same names); they must
        cover the model's issues."""
        fields = dict(fields) if fields else {f: f for f in head.fields}
        if self.concept_model is not None and self.concept_level == "issue" \
                and not set(self.concept_model.classes) <= {fields.get(f) for f in head.fields}:
            raise ConfigError("classifier", f"the head's fields {head.fields} do not cover the model's issues "
                                            f"{self.concept_model.classes}")
        self.head, self.head_weights, self.head_fields = head, dict(weights), fields

    # ------------------------------------------------------------------ persistence
    def save(self, directory: str | Path) -> None:
        d = Path(directory)
        d.mkdir(parents=True, exist_ok=True)
        arrays: dict[str, np.ndarray] = {}
        vocabs: dict[str, dict[str, int]] = {}
        for name, part in [*self.text.parts.items(), ("priors", self.priors)]:
            if not hasattr(part.vec, "vocabulary_"):
                continue
            vocab, idf = part.state()
            vocabs[name] = vocab
            if idf is not None:
                arrays[f"idf_{name}"] = idf
        models = {}
        for name, model in (("concept", self.concept_model), ("fine", self.fine_model),
                            ("agreement", self.agreement_model)):
            if model is not None:
                arrays[f"coef_{name}"] = model.coef.astype(np.float16)
                arrays[f"intercept_{name}"] = model.intercept
                models[name] = model.classes
        for c, v in self.centroids.items():
            arrays[f"centroid::{c}"] = v.astype(np.float16)
        np.savez_compressed(d / "arrays.npz", **arrays)
        if self.head is not None:
            from standpunkt.stance.e5head import FILE

            if self.head.path.resolve() != (d / FILE).resolve():
                import shutil

                shutil.copyfile(self.head.path, d / FILE)
        (d / "classifier.json").write_text(json.dumps({
            "format": FORMAT_VERSION, "embedding": self.embedding, "settings": self.settings,
            "head_weights": self.head_weights if self.head is not None else {},
            "head_fields": self.head_fields if self.head is not None else {},
            "concept_level": self.concept_level,
            "concept_labels": self.concept_labels, "concept_issue": self.concept_issue, "models": models,
            "vocabularies": vocabs, "meta": self.meta},
            ensure_ascii=False), encoding="utf-8")

    @classmethod
    def load(cls, directory: str | Path) -> "StatementClassifier":
        d = Path(directory)
        try:
            info = json.loads((d / "classifier.json").read_text(encoding="utf-8"))
            arrays = np.load(d / "arrays.npz")
        except (OSError, ValueError) as exc:
            raise ConfigError(str(d), f"cannot read trained model: {exc}") from None
        if info.get("format") != FORMAT_VERSION:
            raise ConfigError(str(d), f"model format {info.get('format')} is not {FORMAT_VERSION}; retrain it")
        self = cls(saved_embedding(info, str(d)), info.get("settings"))  # models saved before the field: the module defaults
        vocabs = info["vocabularies"]
        for name in ("char", "word", "lemma"):
            self.text.parts[name] = _Vectorizer(name, vocabs.get(name), arrays.get(f"idf_{name}"))
        if "priors" in vocabs:
            self.priors = _Vectorizer("indicator", vocabs["priors"])
        for name, classes in info["models"].items():
            model = _Linear(classes, arrays[f"coef_{name}"].astype(np.float32), arrays[f"intercept_{name}"])
            setattr(self, f"{name}_model", model)
        self.concept_level = info["concept_level"]
        self.concept_labels = info["concept_labels"]
        self.concept_issue = info["concept_issue"]
        self.centroids = {k.split("::", 1)[1]: arrays[k].astype(np.float32) for k in arrays.files
                          if k.startswith("centroid::")}
        self.meta = info.get("meta", {})
        if info.get("head_weights"):
            from standpunkt.stance.e5head import FILE, E5Head

            if not (d / FILE).is_file():
                raise ConfigError(str(d), f"model expects its fine-tuned head {FILE}, which is missing")
            self.attach_head(E5Head(d / FILE), info["head_weights"], info.get("head_fields"))
        return self
