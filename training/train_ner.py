"""Train the CRF named-entity tagger shipped in src/standpunkt/models/ner-de-crf/.

Data: GermEval 2014 (CC BY 4.0) from ../shared/data/germeval2014: dev.tsv plus test.tsv without its first 1,500
sentences (those are held out for `standpunkt evaluate language` and never trained on; see
standpunkt.corpora.tagging). Labels: PER, ORG, LOC, MISC (GermEval OTH); deriv/part annotations are dropped.
Word clusters (standpunkt.language.wordclusters) are built first from the capitalised word types of the training
sentences and of the SpkAtt-2023 Bundestag speeches (../shared/data/spkatt-parliament, CC BY-SA 4.0; text only).

Optional inputs (measured on the tuning slices, none kept in the shipped model; docs/language.md): distributional
word clusters from running text (--dist-clusters), a jackknifed training-set entity gazetteer (--seen-gazetteer),
self-training on news sentences (--self-train), news sentences tagged by the fine-tuned e5 teachers (--distill).

--e5 trains the opt-in variant src/standpunkt/models/ner-de-crf-e5/ (standpunkt.language.ner_e5): the same features
plus contextual multilingual-e5-small word states (layer 6) as k-means cluster ids and a jackknifed BIO probe, all
fitted on the training sentences only (~6 CPU-minutes).

Usage (from the repository root, ~2–4 minutes on one core):
    nice python training/train_ner.py                       # train on all training data, write the model
    nice python training/train_ner.py --tune                # report P/R/F on a tuning slice instead (not held-out)
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

import pycrfsuite

from standpunkt.corpora.tagging import (GERMEVAL_HELDOUT_SENTENCES, NERSentence, bio_spans, germeval_split,
                                        read_conllu)
from standpunkt.language.ner_features import SPAN_GAZETTEER_FILE, SpanGazetteer, sentence_features
from standpunkt.language.tagger import tag_words
from standpunkt.language.wordclusters import DIST_FILE, DistClusters, WordClusters, build_distributional
from standpunkt.language.wordclusters import build as build_clusters

REPO = Path(__file__).resolve().parents[1]
DEFAULT_OUT = REPO / "src" / "standpunkt" / "models" / "ner-de-crf"
E5_OUT = REPO / "src" / "standpunkt" / "models" / "ner-de-crf-e5"
#: Sentences at the end of the training data used only with --tune (to choose c1/c2), then trained on.
TUNE_SENTENCES = 800


def unlabeled_words(spkatt: Path) -> list[str]:
    """Word tokens of the SpkAtt Bundestag speeches (unlabelled text for the word clusters)."""
    words: list[str] = []
    for path in sorted(spkatt.glob("*/task1/*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        for s in data["Sentences"]:
            words += s.get("Tokens") or []
    return words


def unlabeled_sentences(quotes: Path, spkatt: Path, ud: Path) -> list[list[str]]:
    """Tokenised sentences of the unlabelled running text for the distributional clusters: quotes-de-news train
    articles, the SpkAtt Bundestag speeches and the UD German dev sentences (text only, no annotations). Never
    quotes-de-news dev (the quotation and e2e-dev figures are measured there) nor the UD test files (the language
    figures)."""
    sents: list[list[str]] = []
    for split in ("train",):
        for path in sorted((quotes / split).glob("*.json")):
            data = json.loads(path.read_text(encoding="utf-8"))
            by_sent: dict[int, list[str]] = {}
            for tok in data["tokens"]:
                by_sent.setdefault(tok["sentence"], []).append(tok["text"])
            sents += [by_sent[k] for k in sorted(by_sent)]
    for path in sorted(spkatt.glob("*/task1/*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        sents += [s["Tokens"] for s in data["Sentences"] if s.get("Tokens")]
    for path in sorted(p for p in ud.glob("*.conllu") if "test" not in p.name):
        sents += [[t.form for t in s.tokens] for s in read_conllu(path)]
    return sents


#: Folds of the jackknife for the training-set gazetteer feature (each fold's features come from the others).
SEEN_FOLDS = 5


def seen_matches(sentences, folds: int = SEEN_FOLDS) -> list[list[str | None]]:
    """Training-set gazetteer matches for each training sentence, from a gazetteer of the other folds."""
    out: list[list[str | None]] = [[] for _ in sentences]
    for k in range(folds):
        gaz = SpanGazetteer.from_sentences([s for i, s in enumerate(sentences) if i % folds != k])
        for i, s in enumerate(sentences):
            if i % folds == k:
                out[i] = gaz.match(s.words)
    return out


def featurise(sentences, clusters: WordClusters, dist: DistClusters | None = None,
              seen: list[list[str | None]] | None = None, e5: list[list[list[str]]] | None = None):
    xs, ys = [], []
    for k, sent in enumerate(sentences):
        tags = [t for _, t in tag_words(sent.words)]
        x = sentence_features(sent.words, tags, clusters.lookup(sent.words),
                              dist.lookup(sent.words) if dist is not None else None,
                              seen[k] if seen is not None else None)
        if e5 is not None:
            x = [a + b for a, b in zip(x, e5[k])]
        xs.append(x)
        ys.append(sent.labels)
    return xs, ys


#: Folds of the jackknife for the e5 probe feature.
E5_PROBE_FOLDS = 5


def e5_features(sentences, n_fit: int, args):
    """e5 token features of every training sentence, and the fitted reduction to save (standpunkt.language.ner_e5).

    PCA, k-means and the probe are fitted on the first ``n_fit`` sentences (all but the tuning slice with --tune);
    the probe output of each of those sentences comes from a probe fitted on the other folds, the rest (the tuning
    slice) gets the probe fitted on all of them, as unseen text does at run time."""
    import numpy as np

    from standpunkt.language.ner_e5 import E5Features, jackknife_probe, sentence_e5_features, word_vectors

    t0 = time.time()
    if args.e5_cache is not None and args.e5_cache.is_file():
        flat = np.load(args.e5_cache)
        col = list(args.e5_cache_layers).index(args.e5_layer)
        flat = flat[:, col].astype(np.float32)
        bounds = np.cumsum([0] + [len(s.words) for s in sentences])
        vecs = [flat[bounds[i]:bounds[i + 1]] for i in range(len(sentences))]
    else:
        vecs = [v[:, 0] for v in word_vectors([s.words for s in sentences], layers=(args.e5_layer,))]
    print(f"e5 layer {args.e5_layer} vectors of {sum(len(v) for v in vecs)} words in {time.time() - t0:.0f}s",
          file=sys.stderr)
    t0 = time.time()
    fit_vecs = np.concatenate(vecs[:n_fit])
    red = E5Features.fit(fit_vecs, layer=args.e5_layer)
    clusters = [red.clusters(v) for v in vecs]
    probes: list = [None] * len(sentences)
    if args.e5_probe:
        owner = [i % E5_PROBE_FOLDS if i < n_fit else -1 for i in range(len(sentences))]
        probes, full = jackknife_probe(vecs, [s.labels for s in sentences], owner, E5_PROBE_FOLDS, c=args.e5_probe_c)
        red = red.with_probe(*full)
    feats = [sentence_e5_features(clusters[i] if args.e5_clusters else None, probes[i])
             for i in range(len(sentences))]
    print(f"e5 reduction (PCA, k-means{', jackknifed probe' if args.e5_probe else ''}) in {time.time() - t0:.0f}s",
          file=sys.stderr)
    return feats, red


def prf(gold_seqs, pred_seqs):
    tp = fp = fn = 0
    for g, p in zip(gold_seqs, pred_seqs):
        gs, ps = bio_spans(list(g)), bio_spans(list(p))
        tp += len(gs & ps)
        fp += len(ps - gs)
        fn += len(gs - ps)
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    return prec, rec, (2 * prec * rec / (prec + rec) if prec + rec else 0.0)


def train(xs, ys, path: Path, c1: float, c2: float, iterations: int) -> None:
    trainer = pycrfsuite.Trainer(verbose=False)
    for x, y in zip(xs, ys):
        trainer.append(x, y)
    trainer.set_params({"c1": c1, "c2": c2, "max_iterations": iterations,
                        "feature.possible_transitions": True, "feature.minfreq": 1})
    trainer.train(str(path))


#: Self-training: a news sentence is added when the first model's label sequence has at least this probability
#: and contains an entity (sentences without entities would mostly teach "O").
SELF_TRAIN_MIN_PROB = 0.9
SELF_TRAIN_MAX_TOKENS = 60


def news_sentences(quotes: Path) -> list[list[str]]:
    """Sentences of the quotes-de-news training articles (text only) for self-training."""
    sents: list[list[str]] = []
    for path in sorted((quotes / "train").glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        by_sent: dict[int, list[str]] = {}
        for tok in data["tokens"]:
            by_sent.setdefault(tok["sentence"], []).append(tok["text"])
        sents += [by_sent[k] for k in sorted(by_sent) if 3 <= len(by_sent[k]) <= SELF_TRAIN_MAX_TOKENS]
    return sents


def self_train(fit_x, fit_y, fit_sents, args, clusters: WordClusters, dist: DistClusters | None):
    """Train on the labelled data, label the news sentences, add the confident ones (features as at run time)."""
    tmp = args.out / "self-train.crfsuite"
    train(fit_x, fit_y, tmp, args.c1, args.c2, args.iterations)
    tagger = pycrfsuite.Tagger()
    tagger.open(str(tmp))
    gaz = SpanGazetteer.from_sentences(fit_sents)
    new_x, new_y = [], []
    for words in news_sentences(args.quotes_dir):
        tags = [t for _, t in tag_words(words)]
        x = sentence_features(words, tags, clusters.lookup(words), dist.lookup(words) if dist is not None else None,
                              gaz.match(words) if args.seen_gazetteer else None)
        tagger.set(x)
        y = tagger.tag()
        if any(t != "O" for t in y) and tagger.probability(y) >= SELF_TRAIN_MIN_PROB:
            new_x.append(x)
            new_y.append(y)
    tagger.close()
    tmp.unlink()
    return fit_x + new_x, fit_y + new_y, len(new_x)


def distilled(path: Path) -> list[NERSentence]:
    """Sentences labelled by a stronger tagger (``finetune_e5_ner.py silver-tags``: the fine-tuned e5 teachers' tags
    of unlabelled news sentences), featurised like the training sentences (:func:`featurise`)."""
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        row = json.loads(line)
        if len(row["words"]) != len(row["labels"]):
            raise SystemExit(f"{path}:{n}: {len(row['words'])} words but {len(row['labels'])} labels")
        out.append(NERSentence(row["words"], row["labels"]))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--germeval-dir", type=Path, default=Path("../shared/data/germeval2014"))
    ap.add_argument("--spkatt-dir", type=Path, default=Path("../shared/data/spkatt-parliament"))
    ap.add_argument("--quotes-dir", type=Path, default=Path("../shared/data/quotes-de-news"))
    ap.add_argument("--ud-dir", type=Path, default=Path("../shared/data/ud-german"))
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--c1", type=float, default=0.05)
    ap.add_argument("--c2", type=float, default=0.01)
    ap.add_argument("--iterations", type=int, default=200)
    ap.add_argument("--reuse-clusters", action="store_true",
                    help="keep the word clusters (and distributional clusters) already in --out")
    ap.add_argument("--dist-clusters", action="store_true",
                    help="add distributional word clusters from running text (PPMI + SVD + k-means) as features")
    ap.add_argument("--seen-gazetteer", action="store_true",
                    help="add training-set entity strings (longest match, jackknifed over 5 folds) as features")
    ap.add_argument("--self-train", action="store_true",
                    help="add news sentences the first model labels confidently, then train again")
    ap.add_argument("--distill", type=Path, default=None, metavar="JSONL",
                    help="add these teacher-labelled sentences to the fitting data (finetune_e5_ner.py silver-tags)")
    ap.add_argument("--tune-slice", type=int, default=0,
                    help="with --tune: score the k-th block of 800 sentences from the end instead of the last")
    ap.add_argument("--tune", action="store_true", help="report scores on a tuning slice of the training data")
    ap.add_argument("--save-tags", type=Path, default=None,
                    help="with --tune: write the tuning slice's predicted BIO tags (one JSON list per line) and the "
                         "probability of each sentence's labelling (for cascade / ensemble experiments)")
    ap.add_argument("--e5", action="store_true",
                    help="add contextual e5 token features (clusters + jackknifed probe); writes the opt-in model "
                         "ner-de-crf-e5 (word clusters read from ner-de-crf)")
    ap.add_argument("--e5-layer", type=int, default=None, help="e5 layer read (default ner_e5.E5_LAYER)")
    ap.add_argument("--no-e5-clusters", dest="e5_clusters", action="store_false")
    ap.add_argument("--no-e5-probe", dest="e5_probe", action="store_false")
    ap.add_argument("--e5-probe-c", type=float, default=1.0)
    ap.add_argument("--e5-cache", type=Path, default=None,
                    help="experiments: a .npy of the training words' vectors (words × layers × 384) to reuse")
    ap.add_argument("--e5-cache-layers", type=lambda s: [int(x) for x in s.split(",")], default=[6, 9, 12])
    args = ap.parse_args(argv)
    if args.e5:
        from standpunkt.language.ner_e5 import E5_LAYER

        args.e5_layer = args.e5_layer or E5_LAYER
        if args.out == DEFAULT_OUT:
            args.out = E5_OUT
        args.reuse_clusters = True
        if args.e5_cache is not None and args.tune_slice:
            raise SystemExit("--e5-cache holds the sentences in corpus order; use it without --tune-slice")

    train_sents, heldout = germeval_split(args.germeval_dir)
    if args.tune and args.tune_slice:
        # Another tuning slice (the k-th block of TUNE_SENTENCES from the end), moved to the end for --tune.
        b = len(train_sents) - args.tune_slice * TUNE_SENTENCES
        a = b - TUNE_SENTENCES
        train_sents = train_sents[:a] + train_sents[b:] + train_sents[a:b]
    args.out.mkdir(parents=True, exist_ok=True)
    t0 = time.time()
    if args.e5:
        clusters = WordClusters(DEFAULT_OUT)               # the shipped USE word clusters, as at run time
    elif args.reuse_clusters:
        clusters = WordClusters(args.out)
    else:
        vocab = [w for s in train_sents for w in s.words] + unlabeled_words(args.spkatt_dir)
        clusters = build_clusters(vocab, args.out)
    print(f"word clusters for {len(clusters.table)} word types in {time.time() - t0:.0f}s", file=sys.stderr)
    dist = None
    if args.dist_clusters:
        t0 = time.time()
        # Distributional clusters from running text: the unlabelled corpora plus the training sentences' text (with
        # --tune without the tuning slice, which then plays the part of unseen text; the held-out part never
        # enters).
        # With --tune the table goes to a cache outside the model folder (reused with --reuse-clusters).
        dist_dir = (Path(tempfile.gettempdir()) / f"standpunkt-ner-tune-dist{args.tune_slice}") if args.tune \
            else args.out
        if args.reuse_clusters and (dist_dir / DIST_FILE).is_file():
            dist = DistClusters(dist_dir)
        else:
            texts = unlabeled_sentences(args.quotes_dir, args.spkatt_dir, args.ud_dir)
            own = train_sents[:-TUNE_SENTENCES] if args.tune else train_sents
            dist = build_distributional(texts + [s.words for s in own], dist_dir)
        print(f"distributional clusters for {len(dist.table)} word types in {time.time() - t0:.0f}s",
              file=sys.stderr)
    elif not args.tune:
        (args.out / DIST_FILE).unlink(missing_ok=True)  # the run-time component uses the file when present
    t0 = time.time()
    seen = None
    if args.seen_gazetteer:
        if args.tune:
            # The tuning slice is matched against the gazetteer of the whole tuning-training part, like unseen text.
            fit = train_sents[:-TUNE_SENTENCES]
            seen = seen_matches(fit) + [SpanGazetteer.from_sentences(fit).match(s.words)
                                        for s in train_sents[-TUNE_SENTENCES:]]
        else:
            seen = seen_matches(train_sents)
            SpanGazetteer.from_sentences(train_sents).save(args.out / SPAN_GAZETTEER_FILE)
    elif not args.tune:
        (args.out / SPAN_GAZETTEER_FILE).unlink(missing_ok=True)
    e5 = red = None
    if args.e5:
        e5, red = e5_features(train_sents, len(train_sents) - TUNE_SENTENCES if args.tune else len(train_sents), args)
    xs, ys = featurise(train_sents, clusters, dist, seen, e5)
    print(f"featurised {len(xs)} training sentences in {time.time() - t0:.0f}s "
          f"(held out: {len(heldout)}, never used here)", file=sys.stderr)
    model_path = args.out / "model.crfsuite"
    n_fit = len(xs) - TUNE_SENTENCES if args.tune else len(xs)
    fit_x, fit_y = xs[:n_fit], ys[:n_fit]
    added = 0
    if args.self_train:
        t0 = time.time()
        fit_x, fit_y, added = self_train(fit_x, fit_y, train_sents[:n_fit], args, clusters, dist)
        print(f"self-training: {added} confidently labelled news sentences added in {time.time() - t0:.0f}s",
              file=sys.stderr)
    if args.distill:
        if args.seen_gazetteer or args.e5:
            raise SystemExit("--distill works with the plain features only")
        t0 = time.time()
        dx, dy = featurise(distilled(args.distill), clusters, dist)
        fit_x, fit_y = fit_x + dx, fit_y + dy
        print(f"distillation: {len(dx)} teacher-labelled sentences added in {time.time() - t0:.0f}s", file=sys.stderr)
    if args.tune:
        tmp = args.out / "tune.crfsuite"
        train(fit_x, fit_y, tmp, args.c1, args.c2, args.iterations)
        tagger = pycrfsuite.Tagger()
        tagger.open(str(tmp))
        preds = [tagger.tag(x) for x in xs[n_fit:]]
        if args.save_tags:
            with args.save_tags.open("w", encoding="utf-8") as fh:
                for x, y in zip(xs[n_fit:], preds):
                    tagger.set(x)
                    fh.write(json.dumps({"tags": y, "probability": tagger.probability(y)}) + "\n")
        p, r, f = prf(ys[n_fit:], preds)
        print(f"tuning slice c1={args.c1} c2={args.c2}: P {p:.3f} R {r:.3f} F {f:.3f}")
        for label in ("PER", "ORG", "LOC", "MISC"):
            keep = lambda seq: [t if t.endswith("-" + label) else "O" for t in seq]  # noqa: E731
            lp, lr, lf = prf([keep(y) for y in ys[n_fit:]], [keep(y) for y in preds])
            print(f"  {label}: P {lp:.3f} R {lr:.3f} F {lf:.3f}")
        tagger.close()
        tmp.unlink()
        return 0
    t0 = time.time()
    train(fit_x, fit_y, model_path, args.c1, args.c2, args.iterations)
    if red is not None:
        red.save(args.out)
    info = {"training_sentences": len(xs), "heldout_sentences": GERMEVAL_HELDOUT_SENTENCES,
            "c1": args.c1, "c2": args.c2, "iterations": args.iterations,
            "dist_clusters": args.dist_clusters, "seen_gazetteer": args.seen_gazetteer,
            "self_training_sentences": added, "distilled_from": str(args.distill) if args.distill else None,
            "e5": {"layer": args.e5_layer, "clusters": args.e5_clusters, "probe": args.e5_probe,
                   "probe_c": args.e5_probe_c} if args.e5 else None, "train_seconds": round(time.time() - t0), "labels": ["PER", "ORG", "LOC", "MISC"]}
    (args.out / "training.json").write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {model_path} ({model_path.stat().st_size / 1e6:.1f} MB) in {info['train_seconds']}s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
