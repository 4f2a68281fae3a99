"""Build the shipped quotation model ``src/standpunkt/models/quotes-crf/`` from ../shared/data.

    nice .venv/bin/python training/train_quotes.py            # train on quotes-de-news/train (+ SpkAtt cues)
    nice .venv/bin/python training/train_quotes.py --eval-dev # ... and score on quotes-de-news/dev
    nice .venv/bin/python training/train_quotes.py --cv       # development: 5-fold cross-validation on train
    nice .venv/bin/python training/train_quotes.py --e5       # the opt-in variant src/standpunkt/models/quotes-crf-e5/

Steps (all deterministic): analyse the gold texts with the shared language pipeline; project the gold char spans
onto our tokens as one label per token (standpunkt.speech.labels); count cue statistics per lemma and word form
(quotes-de-news train, and the SpkAtt Bundestag task-1 cues as an auxiliary column); compute the CRF features with
the cue lexicon built *without* the document's own fold (5-fold jackknife, so the training features are as noisy as
at run time); train a linear-chain CRF (L-BFGS, elastic net); write the medium table (majority medium per cue lemma).
Takes a few minutes on one core.

--e5 adds contextual multilingual-e5-small token features (standpunkt.speech.e5, the recipe of the e5 NER variant):
on the sentences that hold a quotation candidate, each word's mean piece state at layer 9 becomes k-means cluster ids
(PCA to 64 dimensions; 64 / 256 / 1,024 clusters) and the output of a logistic-regression probe to the coarse
quotation label, jackknifed over the same five folds as the lexicons; all fitted on the training documents only.
With --e5ft TAGGER INPUTS --e5ft-logp F0 … F4 (how the shipped quotes-crf-e5 is built) a fine-tuned e5 tagger of the
coarse label (training/finetune_e5_ner.py quote-inputs) replaces the probe: its out-of-fold outputs on the training
documents come from the --jackknife files, and TAGGER is copied beside the CRF for run time (docs/speech.md).
"""

from __future__ import annotations

import argparse
import json
import pickle
import shutil
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from standpunkt.speech.assemble import MediumModel, medium_features  # noqa: E402
from standpunkt.speech.detector import (CRF_FILE, CUES_FILE, MEDIA_FILE, MODEL_DIR,  # noqa: E402
                                        REPORTING_FILE, SPEAKERS_FILE)
from standpunkt.speech.features import BIGRAM_CUE_TAGS, doc_context, doc_features, token_infos  # noqa: E402
from standpunkt.corpora.quotes import GoldDocument, iter_gold_dir  # noqa: E402
from standpunkt.speech.labels import project_labels  # noqa: E402
from standpunkt.speech.lexicon import CueLexicon  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
TRAIN_DIR = DATA / "quotes-de-news" / "train"
DEV_DIR = DATA / "quotes-de-news" / "dev"
SPKATT_DIR = DATA / "spkatt-parliament" / "train" / "task1"
CACHE = ROOT / "tmp" / "quotes-cache"
FOLDS = 5
E5_OUT = ROOT / "src" / "standpunkt" / "models" / "quotes-crf-e5"
E5_PROBE_C = 1.0
#: Words drawn at random to fit PCA + k-means, and each probe, on (the fits' cost grows with the words; the
#: ~110,000 candidate-sentence words of train took several CPU-minutes per probe on the busy development machine).
E5_FIT_WORDS = 10000
#: L-BFGS iterations of each probe fit.
E5_PROBE_ITER = 100
CRF_PARAMS = {"c1": 1.0, "c2": 0.01, "max_iterations": 150, "feature.possible_transitions": True}


def parse_gold(gold_dir: Path, name: str, use_cache: bool) -> list[tuple[GoldDocument, list]]:
    """Gold documents with the language layer's token infos (cached between runs with --cache)."""
    cache_file = CACHE / f"{name}.pkl"
    if use_cache and cache_file.is_file():
        return pickle.loads(cache_file.read_bytes())
    from standpunkt.language import load_nlp

    nlp = load_nlp()
    golds = list(iter_gold_dir(gold_dir))
    out = []
    t0 = time.time()
    for g, doc in zip(golds, nlp.pipe((g.text for g in golds), batch_size=16)):
        out.append((g, token_infos(doc)))
    print(f"  parsed {name}: {len(out)} docs, {sum(len(i) for _, i in out)} tokens in {time.time() - t0:.0f} s",
          file=sys.stderr)
    if use_cache:
        CACHE.mkdir(parents=True, exist_ok=True)
        cache_file.write_bytes(pickle.dumps(out))
    return out


def labelled(docs):
    for g, infos in docs:
        spans = [(t.start, t.end) for t in infos]
        labels = project_labels(spans, [q.quotation for q in g.quotations], [q.nested for q in g.quotations])
        yield g, infos, labels


def count_doc(lex: CueLexicon, infos, labels, roles: tuple[str, ...] = ("CUE",)) -> None:
    for k, (t, lab) in enumerate(zip(infos, labels)):
        is_role = lab in roles
        lex.count("l:" + t.lemma.lower(), is_role)
        lex.count("w:" + t.lower, is_role)
        if roles == ("CUE",) and k + 1 < len(infos) and t.tag in BIGRAM_CUE_TAGS:
            lex.count("b:" + t.lower + " " + infos[k + 1].lower, is_role)


SPEAKER_LABELS = ("SPK", "MSPK")
REPORTED_LABELS = ("B-Reported", "I-Reported")


def jackknife(train, roles: tuple[str, ...]) -> tuple[list[CueLexicon], CueLexicon]:
    """Per fold: the statistics of the other folds; and the statistics of all training documents."""
    fold_lex = [CueLexicon() for _ in range(FOLDS)]
    full = CueLexicon()
    for k, (_, infos, labels) in enumerate(train):
        count_doc(fold_lex[k % FOLDS], infos, labels, roles)
        count_doc(full, infos, labels, roles)
    out = []
    for f in range(FOLDS):
        lex = CueLexicon()
        for k in range(FOLDS):
            if k != f:
                for key, e in fold_lex[k].entries.items():
                    t = lex.entries.setdefault(key, type(e)())
                    t.cue += e.cue
                    t.total += e.total
        out.append(lex)
    return out, full


def spkatt_counts(lex: CueLexicon) -> None:
    """Word-form cue counts from the SpkAtt speeches (auxiliary column)."""
    if not SPKATT_DIR.is_dir():
        return
    for f in sorted(SPKATT_DIR.glob("*.json")):
        data = json.loads(f.read_text(encoding="utf-8"))
        cues = set()
        for ann in data.get("Annotations", []):
            cues.update(ann.get("Cue", []))
        for sent in data.get("Sentences", []):
            sid = sent["SentenceId"]
            for k, tok in enumerate(sent["Tokens"]):
                lex.count("w:" + tok.lower(), f"{sid}:{k}" in cues, aux=True)


def merged(a: CueLexicon, b: CueLexicon) -> CueLexicon:
    out = CueLexicon({k: type(e)(e.cue, e.total, e.aux_cue, e.aux_total) for k, e in a.entries.items()})
    for k, e in b.entries.items():
        t = out.entries.setdefault(k, type(e)())
        t.aux_cue += e.aux_cue
        t.aux_total += e.aux_total
    return out


def medium_table(items) -> MediumModel:
    """Naive Bayes counts of the medium over cue lemma, speaker nouns and form (non-nested gold quotations)."""
    prior: Counter = Counter()
    counts: dict[str, Counter] = defaultdict(Counter)
    for g, infos, _ in items:
        for q in g.quotations:
            if q.nested or q.medium == "none":
                continue

            def covered(spans):
                return [t for sp in spans for t in infos if t.end > sp.start and t.start < sp.end]

            prior[q.medium] += 1
            for f in medium_features(covered(q.quotation.cue), covered(q.quotation.speaker), q.form):
                counts[q.medium][f] += 1
    return MediumModel(dict(prior), {m: dict(c) for m, c in counts.items()})


@dataclass
class E5Setup:
    """The e5 options of a training run and the training documents' word vectors (doc name → token → vector)."""

    layer: int
    candidates_only: bool = True
    clusters: bool = True
    probe: bool = True
    probe_c: float = E5_PROBE_C
    vectors: dict = field(default_factory=dict)
    #: The fine-tuned coarse-label tagger in place of the linear probe: its file (copied beside the CRF) and its
    #: out-of-fold outputs on the training documents (doc name → token → (label, probability)).
    tagger: Path | None = None
    tagger_probes: dict | None = None


def e5ft_probes(inputs: Path, files: list[Path], docs) -> dict:
    """Doc name → token → (best coarse label, probability) from ``finetune_e5_ner.py --jackknife`` log-probability
    files over the ``quote-inputs`` file ``inputs`` (whose documents are ``docs``, in the same order)."""
    import numpy as np

    with np.load(inputs) as z:
        names = [str(x) for x in z["label_names"]]
        doc, tok, tok_off = z["doc"], z["tok"], z["tok_off"]
    if int(doc.max()) + 1 != len(docs):
        raise SystemExit(f"{inputs} holds {int(doc.max()) + 1} documents, quotes-de-news train {len(docs)}")
    out: dict = {g.name: {} for g, _ in docs}
    seen = 0
    for f in files:
        with np.load(f) as z:
            wo = z["word_off"]
            for j, i in enumerate(z["idx"]):
                lp = z["logp"][wo[j]:wo[j + 1]]
                toks = tok[tok_off[i]:tok_off[i] + len(lp)]
                best = lp.argmax(1)
                target = out[docs[int(doc[i])][0].name]
                for t, k, row in zip(toks.tolist(), best.tolist(), lp):
                    target[t] = (names[k], float(np.exp(row[k])))
                seen += 1
    if seen != len(doc):
        raise SystemExit(f"--e5ft-logp covers {seen} of the {len(doc)} sentences of {inputs}; give every fold")
    return out


def e5_vectors(docs, layer: int, cache: Path | None, cache_layers: list[int]) -> dict:
    """Layer-``layer`` e5 vectors of every word of every sentence of ``docs`` (all sentences, so that which ones get
    features can be chosen afterwards, per fold): doc name → {token index → vector}. ``cache``: an ``.npz`` written
    by an earlier run (arrays doc, tok, vec with the layers ``cache_layers``), or where to write one."""
    import numpy as np

    from standpunkt.language.ner_e5 import word_vectors
    from standpunkt.speech.e5 import sentence_words

    t0 = time.time()
    if cache is not None and cache.is_file():
        z = np.load(cache)
        doc, tok, vec = z["doc"], z["tok"], z["vec"][:, cache_layers.index(layer)].astype(np.float32)
    else:
        sents, owners = [], []
        for d, (g, infos) in enumerate(docs):
            for _, idx in sentence_words(infos):
                sents.append([infos[i].text for i in idx])
                owners.append((d, idx))
        vecs = word_vectors(sents, layers=(layer,))
        doc = np.concatenate([np.full(len(idx), d, dtype=np.int32) for d, idx in owners])
        tok = np.concatenate([np.asarray(idx, dtype=np.int32) for _, idx in owners])
        vec = np.concatenate([v[:, 0] for v in vecs]).astype(np.float32)
        if cache is not None:
            cache.parent.mkdir(parents=True, exist_ok=True)
            np.savez(cache, doc=doc, tok=tok, vec=vec[:, None].astype(np.float16))
    out: dict = {g.name: {} for g, _ in docs}
    for d, i, v in zip(doc.tolist(), tok.tolist(), vec):
        out[docs[d][0].name][i] = v
    print(f"  e5 layer {layer} vectors of {len(doc)} words in {time.time() - t0:.0f} s", file=sys.stderr)
    return out


def e5_training_features(train, lexicons, e5: E5Setup):
    """e5 features of the training documents (probe output jackknifed over the lexicon folds) and the fitted
    :class:`standpunkt.speech.e5.QuoteE5`. ``lexicons``: per fold (cue, speaker, reporting) lexicons."""
    import numpy as np

    from standpunkt.language.ner_e5 import E5Features
    from standpunkt.language.ner_e5 import jackknife_probe
    from standpunkt.speech.e5 import QuoteE5, coarse_label, sentence_words

    t0 = time.time()
    model = QuoteE5(E5Features(None, None, [], None, None, [], e5.layer), e5.candidates_only, e5.clusters, e5.probe)
    ctxs, idxs, xs, ys = [], [], [], []
    for k, (g, infos, labels) in enumerate(train):
        ctx = doc_context(g.text, infos, *lexicons[k % FOLDS])
        vec = e5.vectors[g.name]
        idx = [i for _, ii in sentence_words(infos, model.selected(ctx)) for i in ii if i in vec]
        ctxs.append(ctx)
        idxs.append(idx)
        xs.append(np.stack([vec[i] for i in idx]) if idx else np.zeros((0, 384), np.float32))
        ys.append([coarse_label(labels[i]) for i in idx])
    allx = np.concatenate(xs)
    if len(allx) > E5_FIT_WORDS:
        allx = allx[np.sort(np.random.default_rng(0).choice(len(allx), E5_FIT_WORDS, replace=False))]
    red = E5Features.fit(allx, layer=e5.layer)
    probes: list = [None] * len(train)
    if e5.probe and e5.tagger_probes is not None:
        probes = [e5.tagger_probes[g.name] for g, _, _ in train]
    elif e5.probe:
        outputs, full = jackknife_probe(xs, ys, [k % FOLDS for k in range(len(train))], FOLDS, c=e5.probe_c,
                                        max_words=E5_FIT_WORDS, max_iter=E5_PROBE_ITER)
        red = red.with_probe(*full)
        probes = [dict(zip(idx, out)) for idx, out in zip(idxs, outputs)]
    model.reduction = red
    feats = [model.features(infos, ctx, e5.vectors[g.name], probes[k])
             for k, ((g, infos, _), ctx) in enumerate(zip(train, ctxs))]
    print(f"  e5 features of {sum(len(i) for i in idxs)} words (PCA, k-means, jackknifed "
          f"{'fine-tuned tagger' if e5.tagger_probes is not None else 'probe'}) in "
          f"{time.time() - t0:.0f} s", file=sys.stderr)
    return feats, model


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=str(MODEL_DIR), help="model directory to write")
    ap.add_argument("--eval-dev", action="store_true", help="score the new model on quotes-de-news/dev")
    ap.add_argument("--cache", action="store_true", help="cache the parsed gold documents under tmp/")
    ap.add_argument("--no-spkatt", action="store_true", help="leave out the SpkAtt cue counts")
    ap.add_argument("--max-iterations", type=int, default=CRF_PARAMS["max_iterations"])
    ap.add_argument("--c1", type=float, default=CRF_PARAMS["c1"], help="L1 penalty")
    ap.add_argument("--c2", type=float, default=CRF_PARAMS["c2"], help="L2 penalty")
    ap.add_argument("--holdout-fold", type=int, default=None,
                    help="development: train on the other 4/5 of train, score this fifth of train (not dev)")
    ap.add_argument("--eval-only", action="store_true", help="do not train: score the model in --out on dev")
    ap.add_argument("--cv", action="store_true",
                    help="development: 5-fold cross-validation on train (writes no model); the figures rules and "
                         "features are chosen by")
    ap.add_argument("--e5", action="store_true",
                    help="add contextual e5 token features; writes the opt-in model quotes-crf-e5 unless --out")
    ap.add_argument("--e5-layer", type=int, default=None, help="e5 layer read (default standpunkt.speech.e5.E5_LAYER)")
    ap.add_argument("--e5-all-sentences", action="store_true",
                    help="e5 features on every sentence, not only those that hold a quotation candidate")
    ap.add_argument("--no-e5-clusters", dest="e5_clusters", action="store_false")
    ap.add_argument("--no-e5-probe", dest="e5_probe", action="store_false")
    ap.add_argument("--e5-probe-c", type=float, default=E5_PROBE_C)
    ap.add_argument("--e5-cache", type=Path, default=None,
                    help="npz of the training documents' e5 vectors (read if present, else written)")
    ap.add_argument("--e5-cache-layers", type=lambda v: [int(x) for x in v.split(",")], default=None,
                    help="layers stored in --e5-cache (default: just --e5-layer)")
    ap.add_argument("--e5ft", type=Path, nargs=2, default=None, metavar=("TAGGER", "INPUTS"),
                    help="with --e5: the fine-tuned coarse-label tagger (finetune_e5_ner.py --final on the "
                         "quote-inputs file INPUTS) replaces the linear probe; its out-of-fold outputs on train "
                         "come from --e5ft-logp")
    ap.add_argument("--e5ft-logp", type=Path, nargs="+", default=None,
                    help="finetune_e5_ner.py --jackknife K/5 files of every fold of INPUTS")
    args = ap.parse_args()
    if bool(args.e5ft) != bool(args.e5ft_logp) or (args.e5ft and not args.e5):
        ap.error("--e5ft and --e5ft-logp go together, with --e5")
    if args.e5 and args.out == str(MODEL_DIR):
        args.out = str(E5_OUT)

    if args.eval_only:
        evaluate(Path(args.out), parse_gold(DEV_DIR, "dev", args.cache), "dev", write=True)
        return

    out_dir = Path(args.out)
    t0 = time.time()
    parsed = parse_gold(TRAIN_DIR, "train", args.cache)
    e5 = None
    if args.e5:
        from standpunkt.speech.e5 import E5_LAYER

        layer = args.e5_layer or E5_LAYER
        e5 = E5Setup(layer, not args.e5_all_sentences, args.e5_clusters, args.e5_probe, args.e5_probe_c)
        e5.vectors = e5_vectors(parsed, layer, args.e5_cache, args.e5_cache_layers or [layer])
        if args.e5ft:
            e5.tagger = args.e5ft[0]
            e5.tagger_probes = e5ft_probes(args.e5ft[1], args.e5ft_logp, parsed)
    train = list(labelled(parsed))
    heldout = []
    if args.holdout_fold is not None:
        heldout = [(g, infos) for k, (g, infos, _) in enumerate(train) if k % FOLDS == args.holdout_fold]
        train = [x for k, x in enumerate(train) if k % FOLDS != args.holdout_fold]

    params = dict(CRF_PARAMS, max_iterations=args.max_iterations, c1=args.c1, c2=args.c2)
    if args.cv:
        cross_validate(train, params, not args.no_spkatt, t0, e5)
        return
    train_model(train, out_dir, params, not args.no_spkatt, t0, e5)

    if heldout:
        evaluate(out_dir, heldout, f"train fold {args.holdout_fold}", write=False, vectors=e5 and e5.vectors,
                 probes=e5 and e5.tagger_probes)
    if args.eval_dev:
        evaluate(out_dir, parse_gold(DEV_DIR, "dev", args.cache), "dev", write=True)


def train_model(train, out_dir: Path, params: dict, spkatt: bool, t0: float, e5: E5Setup | None = None) -> None:
    """Lexicons (jackknifed for the training features), CRF and medium table from labelled documents → ``out_dir``."""
    import pycrfsuite

    out_dir.mkdir(parents=True, exist_ok=True)
    aux = CueLexicon()
    if spkatt:
        spkatt_counts(aux)
    cue_folds, full = jackknife(train, ("CUE",))
    spk_folds, spk_full = jackknife(train, SPEAKER_LABELS)
    rep_folds, rep_full = jackknife(train, REPORTED_LABELS)

    trainer = pycrfsuite.Trainer(verbose=False)
    lexicons = [(merged(cue_folds[f], aux), spk_folds[f], rep_folds[f]) for f in range(FOLDS)]
    e5_feats = e5_model = None
    if e5 is not None:
        e5_feats, e5_model = e5_training_features(train, lexicons, e5)
    for f in range(FOLDS):
        for k, (g, infos, labels) in enumerate(train):
            if k % FOLDS == f:
                x = doc_features(g.text, infos, *lexicons[f])
                if e5_feats is not None:
                    x = [a + b for a, b in zip(x, e5_feats[k])]
                trainer.append(x, labels)
    trainer.set_params(params)
    print(f"  features ready after {time.time() - t0:.0f} s; training CRF {params}", file=sys.stderr)
    trainer.train(str(out_dir / CRF_FILE))
    print(f"  trained after {time.time() - t0:.0f} s", file=sys.stderr)
    merged(full, aux).pruned().save(out_dir / CUES_FILE)
    spk_full.pruned().save(out_dir / SPEAKERS_FILE)
    rep_full.pruned().save(out_dir / REPORTING_FILE)
    (out_dir / MEDIA_FILE).write_text(json.dumps(medium_table(train).to_json(), ensure_ascii=False, indent=1,
                                                 sort_keys=True), encoding="utf-8")
    if e5_model is not None:
        e5_model.save(out_dir)
    from standpunkt.speech.e5 import TAGGER_FILE

    (out_dir / TAGGER_FILE).unlink(missing_ok=True)
    if e5 is not None and e5.tagger is not None:
        shutil.copyfile(e5.tagger, out_dir / TAGGER_FILE)
    print(f"wrote {out_dir} in {time.time() - t0:.0f} s", file=sys.stderr)


def cross_validate(train, params: dict, spkatt: bool, t0: float, e5: E5Setup | None = None) -> None:
    """Each fifth of train scored by a model trained on the other four (the way rules and features are chosen);
    prints the per-fold and mean message / roles / joint F1 and speaker accuracy, with and without the rules."""
    import tempfile

    rows: dict[bool, list[tuple[float, float, float, float]]] = {False: [], True: []}
    for fold in range(FOLDS):
        heldout = [(g, infos) for k, (g, infos, _) in enumerate(train) if k % FOLDS == fold]
        rest = [x for k, x in enumerate(train) if k % FOLDS != fold]
        with tempfile.TemporaryDirectory() as tmp:
            train_model(rest, Path(tmp), params, spkatt, t0, e5)
            for rules, scores in evaluate(Path(tmp), heldout, f"train fold {fold}", write=False,
                                          vectors=e5 and e5.vectors, probes=e5 and e5.tagger_probes).items():
                rows[rules].append((scores.message.f1, scores.roles.f1, scores.joint.f1, scores.speaker_accuracy))
    for rules in (False, True):
        print(f"\n=== {FOLDS}-fold cross-validation on train, CRF {'+ grammar rules' if rules else 'alone'} ===")
        print("fold  message  roles  joint  speaker acc.")
        for fold, r in enumerate(rows[rules]):
            print(f"{fold:4}  " + "  ".join(f"{100 * x:6.2f}" for x in r))
        mean = [100 * sum(r[i] for r in rows[rules]) / FOLDS for i in range(4)]
        print("mean  " + "  ".join(f"{x:6.2f}" for x in mean))


def evaluate(out_dir: Path, dev, name: str, write: bool, vectors: dict | None = None,
             probes: dict | None = None) -> dict:
    """Score the model in ``out_dir`` on parsed gold documents, with and without the grammar rules (``vectors``:
    the documents' e5 vectors where already computed, else the e5 variant computes them as at run time;
    ``probes``: out-of-fold outputs of the fine-tuned tagger, for held-out folds of train, which the tagger in
    ``out_dir`` was trained on)."""
    from standpunkt.evaluate.quotes import QuoteScorer, format_scores, gold_groups, system_groups
    from standpunkt.speech.detector import decode, load_model, model_features

    model = load_model(out_dir)
    out = {}
    tagged = []
    for g, infos in dev:
        feats = model_features(g.text, infos, model, vectors.get(g.name) if vectors else None,
                               probe=probes.get(g.name) if probes else None)
        tagged.append((g, infos, model.tagger.tag(feats) if feats else []))  # type: ignore[attr-defined]
    for rules in (False, True):
        scorer = QuoteScorer()
        for g, infos, labels in tagged:
            quotations = decode(labels, infos, g.text, model, rules=rules)
            scorer.add(gold_groups(g), system_groups(g, quotations), n_tokens=len(g.tokens))
        scores = scorer.result()
        out[rules] = scores
        print(f"\n=== {name}, CRF {'+ grammar rules' if rules else 'alone'} ===")
        print(format_scores(scores))
        if write:
            fname = "dev_scores.json" if rules else "dev_scores_crf_only.json"
            (out_dir / fname).write_text(json.dumps(scores.to_json(), indent=1), encoding="utf-8")
    return out

if __name__ == "__main__":
    main()
