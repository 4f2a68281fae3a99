"""Learning from the coders (`standpunkt learn`): every reviewed statement improves the coding of the rest.

A learn run (:func:`learn`)

1. takes a snapshot of the reviews (the newest review id; reviews made later wait for the next run);
2. collects what people decided: statements accepted or edited (the edited values), statements coded by hand
   (origin ``manual``/``import``), plus the codebook's examples, its ``labelled`` files and ``--data`` files;
3. cross-validates on the reviewed statements, folds grouped by document (an article's statements never straddle
   training and test), and reports the accuracy of concept and agreement beside the machine's accuracy before;
4. trains the codebook's concept and agreement models on all of it, self-trains them on the unreviewed statements
   (:func:`standpunkt.stance.learned.fit_self_trained`; each CV fold is trained the same way), and saves them as a
   versioned artifact
   (:func:`artifact_root`: beside the codebook, or in the user data directory; never inside the installed package);
5. re-codes the unreviewed machine statements of the codebook with it, as a resumable run
   (:mod:`standpunkt.run.recode`, any executor, Dask included), and counts the statements whose code changed.

Reviewed statements are never re-coded; a statement reviewed while the run re-codes keeps the coder's values.

The review queue (:func:`queue_order`) puts first the statements whose review teaches the most: where the
trained coder is unsure (a low confidence, i.e. a small margin between its best and second-best concept), where it
disagrees with the rule-based coder, and where the concept has few reviewed examples yet — counting the places
before it as reviewed, so the head of the queue spreads over the concepts. Three places in ten go to a statement
drawn at random (a fixed order by id): a queue of the most uncertain statements alone drifts to the ambiguous and
mislabelled ones and leaves the common cases out, and the learned model then falls behind one trained on a random
sample (DebateNet learning curve, docs/stance.md). Until :data:`RANDOM_START` statements are reviewed, every place is
drawn at random: the first confidences come from the codebook alone.
"""

from __future__ import annotations

import json
import math
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping, Sequence

import numpy as np

from standpunkt.commands.codebook import codebook_statements
from standpunkt.errors import ConfigError, StandpunktError
from standpunkt.stance.codebook import Codebook, load_codebook
from standpunkt.stance.embed import DEFAULT_EMBEDDING
from standpunkt.stance.learned import (CURRENT_FILE, LEARNED_SUFFIX, Unreviewed, artifact_root,  # noqa: F401
                                       current_model, fit_self_trained, save_artifact, statement_text)

#: Self-training (:func:`standpunkt.stance.learned.fit_self_trained`) codes at most this many of the codebook's
#: unreviewed statements (a fixed sample by id): their features cost about as much as analysing the statements again.
SELF_TRAIN_MAX = 5000
#: Cross-validation folds over reviewed statements (fewer when fewer documents were reviewed).
CV_FOLDS = 5
#: Reviewed statements from at least this many documents are needed for a cross-validated figure.
MIN_CV_DOCUMENTS = 2
#: Review priority: weight of the disagreement between the rule-based and the trained coder (concept or agreement
#: differ) against the uncertainty (1 − confidence, 0..1). A disagreement outranks all but the most uncertain
#: agreements: one of the two coders is wrong, and the review says which.
DISAGREEMENT_WEIGHT = 0.5
#: Review priority: weight of the rarity of the concept's issue, 1 / √(1 + reviewed statements of the issue): an issue
#: with no reviewed statement adds the full weight, one with 15 a quarter of it. Category macro-F1 rewards the rare
#: issues, and the simulated coder on DebateNet (benchmarks/bench_learning_curve.py, 10 seeds) gained most from a
#: weight that outranks uncertainty until an issue has a few dozen reviews (docs/stance.md).
RARITY_WEIGHT = 2.5
#: Review priority: weight of the concept's own rarity, next to its issue's: spreads an issue's places over its
#: concepts (issue alone: behind random order at N = 800 on DebateNet; with 1.0 ahead at every N >= 50).
CONCEPT_RARITY_WEIGHT = 1.0
#: Review queue: the share of places given to a statement in a fixed pseudo-random order instead of the highest
#: priority (module doc). 0.3 on DebateNet: 0 fell behind random order from N = 600 on; 0.5 gave up most of the lead.
EXPLORATION_SHARE = 0.3
#: Review queue: until this many statements are reviewed, every place goes to the fixed random draw. The
#: confidences are then the codebook-alone model's, which has not learned from one real statement, and its most
#: uncertain statements teach less than a random sample (DebateNet, 40 seeds: −0.014 ± 0.005 category macro-F1
#: after 25 reviews; a random first 25, then the queue: +0.005 at N = 50 over two draws on 20 fresh seeds, within
#: noise later; docs/stance.md).
RANDOM_START = 25
#: Orderings of the review queue: ``date`` (the store's order: date, then id) or ``uncertainty``.
QUEUE_ORDERS = ("date", "uncertainty")


# ------------------------------------------------------------------------------------------ training data
@dataclass
class Reviewed:
    """Statements people decided on, as training statements, with their document (the CV group) and the code the
    machine had given them before any review (to report the machine's accuracy beside the learned one)."""

    statements: list[Any] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)
    machine: list[tuple[str | None, str | None]] = field(default_factory=list)
    how: dict[str, int] = field(default_factory=dict)


def reviewed_statements(store: Any, codebook: Codebook, stored_as: str, snapshot: int) -> Reviewed:
    from standpunkt.stance.classifier import LabelledStatement
    from standpunkt.store.learning import coded_statements, first_codes

    ids = set(codebook.concept_ids())
    coded = coded_statements(store, stored_as, snapshot)
    before = first_codes(store, [c.id for c in coded]) if coded else {}
    raw = {}
    import sqlalchemy as sa

    from standpunkt.store import schema as t

    if coded:
        with store.engine.connect() as conn:
            q = sa.select(t.statements.c.id, t.statements.c.concept, t.statements.c.agreement).where(
                t.statements.c.id.in_([c.id for c in coded]))
            raw = {row.id: (row.concept, row.agreement) for row in conn.execute(q)}
    texts: dict[str, str] = {}
    out = Reviewed()
    for c in coded:
        if c.concept not in ids or not c.document_id or not c.evidence:
            continue
        if c.document_id not in texts:
            texts[c.document_id] = store.get_document(c.document_id).text
        text = statement_text(texts[c.document_id], c.evidence)
        if not text:
            continue
        out.statements.append(LabelledStatement(text=text, concept=c.concept, issue=codebook.concept(c.concept).issue,
                                                agreement=c.agreement, actor=c.actor,
                                                parties=[c.party] if c.party else []))
        out.groups.append(c.document_id)
        out.machine.append(before.get(c.id) or raw.get(c.id, (None, None)))
        out.how[c.how] = out.how.get(c.how, 0) + 1
    return out


# ------------------------------------------------------------------------------------------ cross-validation
@dataclass
class CVResult:
    n: int = 0
    documents: int = 0
    folds: int = 0
    concept_accuracy: float | None = None
    agreement_accuracy: float | None = None
    machine_concept_accuracy: float | None = None  # the codes the machine had given before review
    machine_agreement_accuracy: float | None = None
    note: str = ""

    def to_json(self) -> dict[str, Any]:
        return {k: (round(v, 4) if isinstance(v, float) else v) for k, v in self.__dict__.items()}


def features(texts: Sequence[str], embedding: str = DEFAULT_EMBEDDING) -> tuple[list[Any], np.ndarray]:
    """The classifier's text features of ``texts`` (analyses and sentence vectors of the ``embedding`` encoder),
    computed once per learn run and shared by its cross-validation and its final model."""
    from standpunkt.stance.classifier import analyse_texts
    from standpunkt.stance.embed import EMBEDDINGS, embed_with

    texts = [" ".join(t.split()) for t in texts]
    if not texts:
        return [], np.zeros((0, EMBEDDINGS[embedding]), dtype=np.float32)
    return analyse_texts(texts), embed_with(embedding, texts)


def model_embedding(codebook: Codebook) -> str:
    """The sentence embedding a learn run trains with when not told: that of the codebook's current model (the last
    learn run's, else the one `codebook train` made), so that learning never silently changes the encoder a
    codebook was set up with; :data:`standpunkt.stance.embed.DEFAULT_EMBEDDING` for a codebook without a model."""
    from standpunkt.stance.classifier import saved_embedding

    folder = current_model(codebook) or codebook.model_dir()
    info = folder / "classifier.json" if folder is not None else None
    if info is None or not info.is_file():
        return DEFAULT_EMBEDDING
    try:
        saved = json.loads(info.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ConfigError(str(info), f"cannot read the codebook's model: {exc}") from None
    return saved_embedding(saved, str(info))


def unreviewed_statements(store: Any, stored_as: str, limit: int | None = None,
                          embedding: str = DEFAULT_EMBEDDING) -> Unreviewed:
    """The codebook's unreviewed machine statements self-training may label (a sample of at most ``limit``,
    default :data:`SELF_TRAIN_MAX`), with their features."""
    from standpunkt.store.learning import self_training_candidates

    out, doc_id, doc_text = Unreviewed(), None, ""
    for row in self_training_candidates(store, stored_as, SELF_TRAIN_MAX if limit is None else limit):
        if row["document_id"] != doc_id:  # rows come sorted by document: one document's text at a time
            doc_id, doc_text = row["document_id"], store.get_document(row["document_id"]).text
        text = " ".join(statement_text(doc_text, row["evidence"]).split())
        if text:
            out.texts.append(text)
            out.groups.append(doc_id)
            out.first.append(row["first"])
    out.analysed, out.emb = features(out.texts, embedding)
    return out


def cross_validate(reviewed: Reviewed, base: list[Any], *, folds: int = CV_FOLDS, seed: int = 13,
                   feats: tuple[list[Any], np.ndarray, list[Any], np.ndarray] | None = None,
                   unreviewed: Unreviewed | None = None, embedding: str = DEFAULT_EMBEDDING) -> CVResult:
    """Grouped k-fold CV over the reviewed statements: each fold is predicted by a model trained as the learn run
    trains its model (:func:`standpunkt.stance.learned.fit_self_trained`) on the other folds plus ``base``
    (examples and labelled data) and, when given, the ``unreviewed`` statements. ``feats``: the features of
    ``base`` and of the reviewed statements (:func:`features`), computed here when not given."""
    from sklearn.model_selection import GroupKFold

    n, docs = len(reviewed.statements), len(set(reviewed.groups))
    res = CVResult(n=n, documents=docs)
    if n:
        gold = reviewed.statements
        res.machine_concept_accuracy = float(np.mean([m[0] == s.concept for m, s in zip(reviewed.machine, gold)]))
        res.machine_agreement_accuracy = float(np.mean([m[1] == s.agreement for m, s in zip(reviewed.machine, gold)]))
    if docs < MIN_CV_DOCUMENTS:
        res.note = f"reviewed statements from {docs} document(s); cross-validation needs {MIN_CV_DOCUMENTS}"
        return res
    k = min(folds, docs)
    res.folds = k
    b_an, b_emb, r_an, r_emb = feats if feats is not None else (
        *features([s.text for s in base], embedding), *features([s.text for s in reviewed.statements], embedding))
    texts = [" ".join(s.text.split()) for s in reviewed.statements]
    concept_hits, agreement_hits, scored = [], [], 0
    for tr, te in GroupKFold(n_splits=k, shuffle=True, random_state=seed).split(texts, groups=reviewed.groups):
        train = list(base) + [reviewed.statements[i] for i in tr]
        try:
            clf, _ = fit_self_trained(train, list(b_an) + [r_an[i] for i in tr], np.vstack([b_emb, r_emb[tr]]),
                                      unreviewed, embedding)
        except ConfigError:
            continue  # too few statements or classes in this fold's training part
        test = [reviewed.statements[i] for i in te]
        an, em = [r_an[i] for i in te], r_emb[te]
        concepts = clf.predict_concepts([s.text for s in test], analysed=an, emb=em,
                                        groups=[reviewed.groups[i] for i in te])
        agreements = clf.predict_agreements(test, [s.concept for s in test], analysed=an, emb=em)
        scored += len(test)
        if clf.concept_model is not None:
            concept_hits += [c == s.concept for (c, _), s in zip(concepts, test)]
        if clf.agreement_model is not None:
            agreement_hits += [a == s.agreement for (a, _), s in zip(agreements, test)]
    res.concept_accuracy = float(np.mean(concept_hits)) if concept_hits else None
    res.agreement_accuracy = float(np.mean(agreement_hits)) if agreement_hits else None
    if not scored:
        res.note = "no fold had enough training statements"
    return res


# ------------------------------------------------------------------------------------------ the learn run
@dataclass
class LearnOptions:
    """How to learn: extra labelled data, and how the re-coding run executes."""

    data: list[str] = field(default_factory=list)
    executor: str = "inprocess"
    workers: int | None = None
    scheduler: str | None = None
    recode: bool = True
    started_by: str | None = None
    #: Also learn from the unreviewed statements the model codes confidently and as the rule coder did
    #: (:func:`standpunkt.stance.learned.fit_self_trained`).
    self_train: bool = True
    #: Sentence embedding of the learned models (``use`` or ``e5``); None: the codebook's current model's
    #: (:func:`model_embedding`).
    embedding: str | None = None


@dataclass
class LearnReport:
    learn_id: int
    codebook: str
    version: str = ""
    model_dir: str = ""
    status: str = "running"
    trained_on: dict[str, int] = field(default_factory=dict)
    cv: dict[str, Any] = field(default_factory=dict)
    recoded: int = 0
    changed: int = 0
    run_id: str | None = None
    failed_documents: int = 0
    seconds: float = 0.0
    embedding: str = ""

    def stats(self) -> dict[str, Any]:
        return {"trained_on": self.trained_on, "cv": self.cv, "recoded": self.recoded, "changed": self.changed,
                "failed_documents": self.failed_documents, "seconds": round(self.seconds, 1),
                "embedding": self.embedding}


def stored_codebook_value(codebook_path: str | Path) -> str:
    """The codebook as statements store it: the absolute path given to ``analyze``/``run``."""
    return str(Path(codebook_path).resolve())


def learn(store: Any, codebook_path: str | Path, options: LearnOptions | None = None,
          progress: Any = None, begun: tuple[int, int] | None = None) -> LearnReport:
    """One learn run (see the module docstring). Raises LearnBusy while another runs for the same codebook.
    ``begun``: (learn id, snapshot) of a run already recorded with :func:`standpunkt.store.learning.begin_learn`
    (the web app records it in the request and learns in the background)."""
    import time

    from standpunkt.store import learning as sl

    options = options or LearnOptions()
    start = time.perf_counter()
    stored_as = stored_codebook_value(codebook_path)
    if begun is None:
        load_codebook(codebook_path)  # a broken codebook fails before a learn run is recorded
        begun = sl.begin_learn(store, stored_as, started_by=options.started_by)
    learn_id, snapshot = begun
    report = LearnReport(learn_id=learn_id, codebook=stored_as)
    try:
        codebook = load_codebook(codebook_path)
        base = codebook_statements(codebook, options.data)
        reviewed = reviewed_statements(store, codebook, stored_as, snapshot)
        report.trained_on = {"reviewed": len(reviewed.statements), "examples_and_data": len(base), **{
            f"reviewed_{k}": v for k, v in sorted(reviewed.how.items())}}
        embedding = options.embedding or model_embedding(codebook)
        report.embedding = embedding
        unreviewed = unreviewed_statements(store, stored_as, embedding=embedding) if options.self_train else None
        b_an, b_emb = features([s.text for s in base], embedding)
        r_an, r_emb = features([s.text for s in reviewed.statements], embedding)
        report.cv = cross_validate(reviewed, base, feats=(b_an, b_emb, r_an, r_emb),
                                   unreviewed=unreviewed, embedding=embedding).to_json()
        clf, added = fit_self_trained(base + reviewed.statements, b_an + r_an, np.vstack([b_emb, r_emb]), unreviewed,
                                      embedding)
        if unreviewed is not None:
            report.trained_on["self_trained"] = added
            report.trained_on["self_training_candidates"] = len(unreviewed)
        report.version, folder = save_artifact(codebook, clf, {
            "codebook": stored_as, "learn_id": learn_id, "snapshot_review_id": snapshot,
            "trained_on": report.trained_on, "cv": report.cv, "embedding": embedding})
        report.model_dir = str(folder)
        sl.update_learn(store, learn_id, model_version=report.version, model_dir=report.model_dir,
                        stats=report.stats())
        if options.recode:
            recode(store, report, options, progress=progress)
        report.status = "finished" if not report.failed_documents else "failed"
    except BaseException as exc:
        report.status = "failed"
        report.seconds = time.perf_counter() - start
        sl.finish_learn(store, learn_id, status="failed", stats=report.stats(),
                        error=str(exc) or type(exc).__name__)
        raise
    report.seconds = time.perf_counter() - start
    sl.finish_learn(store, learn_id, status=report.status, stats=report.stats())
    return report


def recode(store: Any, report: LearnReport, options: LearnOptions, *, resume: str | None = None,
           progress: Any = None) -> None:
    """Re-code the unreviewed statements with the report's model as a run; fills in the report's counts."""
    from standpunkt.run.recode import recode_corpus
    from standpunkt.store import learning as sl

    run = recode_corpus(store, report.learn_id, report.codebook, report.model_dir, executor=options.executor,
                        workers=options.workers, scheduler=options.scheduler, resume=resume, progress=progress,
                        on_start=lambda run_id: sl.update_learn(store, report.learn_id, run_id=run_id))
    report.run_id = run.run_id
    report.recoded = run.analysed
    report.failed_documents = run.failed
    report.changed = sl.changed_by(store, report.learn_id)


def resume_learn(store: Any, codebook_path: str | Path, options: LearnOptions | None = None,
                 progress: Any = None) -> LearnReport:
    """Finish the newest unfinished learn run of this codebook: its model is kept, its re-coding run resumed."""
    import time

    from standpunkt.store import learning as sl

    options = options or LearnOptions()
    stored_as = stored_codebook_value(codebook_path)
    runs = [r for r in sl.learn_runs(store, stored_as) if r["status"] in ("running", "failed")]
    if not runs or not runs[0]["model_dir"] or not runs[0]["run_id"]:
        raise StandpunktError(f"no interrupted learn run with a saved model for {stored_as}; start one with: "
                              f"standpunkt learn --codebook {codebook_path}")
    row = runs[0]
    start = time.perf_counter()
    report = LearnReport(learn_id=row["id"], codebook=stored_as, version=row["model_version"],
                         model_dir=row["model_dir"])
    previous = row["stats"] or {}
    report.trained_on, report.cv = previous.get("trained_on", {}), previous.get("cv", {})
    sl.update_learn(store, row["id"], status="running", error=None, finished_at=None)
    try:
        recode(store, report, options, resume=row["run_id"], progress=progress)
        report.status = "finished" if not report.failed_documents else "failed"
    except BaseException as exc:
        sl.finish_learn(store, row["id"], status="failed", stats=report.stats(), error=str(exc) or type(exc).__name__)
        raise
    report.seconds = time.perf_counter() - start
    sl.finish_learn(store, row["id"], status=report.status, stats=report.stats())
    return report


def format_report(report: LearnReport) -> str:
    cv = report.cv or {}

    def pct(value: Any) -> str:
        return f"{value:.1%}" if isinstance(value, (int, float)) else "n/a"

    t = report.trained_on
    lines = [f"learn run {report.learn_id}: model {report.version} in {report.model_dir}",
             f"trained on {t.get('reviewed', 0)} reviewed statements and {t.get('examples_and_data', 0)} codebook "
             f"examples / labelled statements"
             + (f", plus {t['self_trained']} of {t.get('self_training_candidates', 0)} unreviewed statements it coded "
                f"confidently and as the rule coder did (self-training)" if "self_trained" in t else "")
             + (f"; sentence embedding {report.embedding}" if report.embedding else "")]
    if cv.get("folds"):
        lines.append(f"cross-validated on {cv['n']} reviewed statements from {cv['documents']} documents "
                     f"({cv['folds']} folds grouped by document): concept accuracy {pct(cv.get('concept_accuracy'))}, "
                     f"agreement accuracy {pct(cv.get('agreement_accuracy'))} (the machine before review: "
                     f"{pct(cv.get('machine_concept_accuracy'))}, {pct(cv.get('machine_agreement_accuracy'))})")
    else:
        lines.append(f"no cross-validated accuracy: {cv.get('note') or 'no reviewed statements'}")
    if report.run_id:
        lines.append(f"re-coded {report.recoded} documents' unreviewed statements in run {report.run_id}: "
                     f"{report.changed} statements changed their code"
                     + (f"; {report.failed_documents} documents failed (finish with --resume)"
                        if report.failed_documents else ""))
    return "\n".join(lines)


# ------------------------------------------------------------------------------------------ the review queue
def review_priority(confidence: float | None, disagrees: bool) -> float:
    """How much reviewing a statement is expected to teach before its concept's rarity, which depends on its place
    (:func:`queue_order` adds it): uncertainty + disagreement (module doc)."""
    uncertainty = 1.0 - min(max(confidence if confidence is not None else 0.0, 0.0), 1.0)
    return uncertainty + DISAGREEMENT_WEIGHT * float(disagrees)


def queue_order(base: Sequence[float], concepts: Sequence[str], reviewed: Mapping[str, int],
                explore: Sequence[int], issue_of: Mapping[str, str] | None = None) -> list[tuple[int, float, bool]]:
    """The review order of candidates with priorities ``base`` (uncertainty + disagreement, :func:`review_priority`)
    and ``concepts``, given the reviewed statements per concept: each place goes to the candidate with the highest
    base + rarity, counting the places before it as reviewed, except the share :data:`EXPLORATION_SHARE` of places
    that take the next candidate of ``explore`` (a permutation of the indices), and every place while fewer than
    :data:`RANDOM_START` statements are reviewed (``reviewed`` and the places before it). The rarity has two levels
    (:data:`RARITY_WEIGHT`, :data:`CONCEPT_RARITY_WEIGHT`): of the concept's issue (``issue_of``; a concept not in it
    is its own issue) and of the concept. Returns (index, priority at its place, explored) per place; the priorities
    of the places that are not explored never rise. One heap over the concepts' best candidates, lazily re-valued
    (a place lowers the values of its issue's other concepts): n log n for n candidates."""
    import heapq

    n = len(base)
    issue_of = issue_of or {}
    by_concept: dict[str, list[int]] = {}
    for i in sorted(range(n), key=lambda i: -base[i]):
        by_concept.setdefault(concepts[i], []).append(i)
    issue = {c: issue_of.get(c, c) for c in set(by_concept) | set(reviewed)}
    counts = {c: max(int(reviewed.get(c, 0)), 0) for c in by_concept}
    issue_counts: dict[str, int] = {}
    for c, k in reviewed.items():
        issue_counts[issue[c]] = issue_counts.get(issue[c], 0) + max(int(k), 0)
    heads = {c: 0 for c in by_concept}
    used = [False] * n

    def rarity(c: str) -> float:
        return (RARITY_WEIGHT / math.sqrt(1.0 + issue_counts.get(issue[c], 0))
                + CONCEPT_RARITY_WEIGHT / math.sqrt(1.0 + counts[c]))

    def value(c: str) -> float:
        return base[by_concept[c][heads[c]]] + rarity(c)

    def take(c: str) -> None:
        counts[c] += 1
        issue_counts[issue[c]] = issue_counts.get(issue[c], 0) + 1

    heap = [(-value(c), c) for c in by_concept]
    heapq.heapify(heap)
    order: list[tuple[int, float, bool]] = []
    explored = iter(explore)
    random_start = RANDOM_START - sum(max(int(k), 0) for k in reviewed.values())
    for place in range(n):
        share_place = math.floor((place + 1) * EXPLORATION_SHARE) > math.floor(place * EXPLORATION_SHARE)
        if place < random_start or share_place:
            i = next((k for k in explored if not used[k]), None)
            if i is not None:
                used[i] = True
                c = concepts[i]
                order.append((i, base[i] + rarity(c), True))
                take(c)
                continue
        while heap:
            _, c = heapq.heappop(heap)
            members = by_concept[c]
            while heads[c] < len(members) and used[members[heads[c]]]:
                heads[c] += 1
            if heads[c] == len(members):
                continue
            top = -heap[0][0] if heap else -math.inf
            if value(c) < top:  # explored candidates or a count changed its value since it was pushed
                heapq.heappush(heap, (-value(c), c))
                continue
            i = members[heads[c]]
            order.append((i, value(c), False))
            used[i] = True
            take(c)
            heads[c] += 1
            if heads[c] < len(members):
                heapq.heappush(heap, (-value(c), c))
            break
    return order


def explore_order(ids: Sequence[Any]) -> list[int]:
    """A permutation of ``range(len(ids))`` that depends only on the ids (a hash of each), so the queue's explored
    places stay put between page loads and workers."""
    import zlib

    return sorted(range(len(ids)), key=lambda i: (zlib.crc32(f"explore:{ids[i]}".encode()), i))


def order_queue(store: Any, rows: list[dict[str, Any]],
                issue_of: Mapping[str, str] | None = None) -> list[dict[str, Any]]:
    """Rows in uncertainty-first order (:func:`queue_order`), reviewed ones after them in their order. Each row gets
    ``priority`` (None for reviewed rows) and ``explored`` (True for a place of the random share). ``issue_of``
    (concept -> issue) defaults to the issues of the stored codebooks that are readable."""
    from standpunkt.store.codebooks import shared_codebooks, store_codebook_view
    from standpunkt.store.learning import first_codes

    if issue_of is None:
        issue_of = store_codebook_view(store, shared_codebooks).issue_of()

    unreviewed = [r for r in rows if not r["reviewed"]]
    before = first_codes(store, [r["id"] for r in unreviewed]) if unreviewed else {}
    counts = {concept: n for concept, n in store.statement_groups(("concept",), reviewed_only=True)}
    base, rules = [], []
    for r in unreviewed:
        rule = before.get(r["id"])
        disagrees = rule is not None and (rule[0] != r["concept"] or rule[1] != r["agreement"])
        base.append(review_priority(r["confidence"], disagrees))
        rules.append(rule)
    out = []
    for i, priority, explored in queue_order(base, [r["concept"] for r in unreviewed], counts,
                                             explore_order([r["id"] for r in unreviewed]), issue_of):
        rule = rules[i]
        out.append({**unreviewed[i], "priority": round(priority, 4), "explored": explored,
                    "rule_concept": rule[0] if rule else None, "rule_agreement": rule[1] if rule else None})
    return out + [{**r, "priority": None, "explored": False} for r in rows if r["reviewed"]]
