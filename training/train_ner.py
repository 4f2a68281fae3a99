"""Train the CRF named-entity tagger shipped in src/standpunkt/models/ner-de-crf/.

Data: GermEval 2014 (CC BY 4.0) from ../shared/data/germeval2014: dev.tsv plus test.tsv without its first 1,500
sentences (those are held out for `standpunkt evaluate language` and never trained on; see
standpunkt.language.corpora). Labels: PER, ORG, LOC, MISC (GermEval OTH); deriv/part annotations are dropped.
Word clusters (standpunkt.language.wordclusters) are built first from the capitalised word types of the training
sentences and of the SpkAtt-2023 Bundestag speeches (../shared/data/spkatt-parliament, CC BY-SA 4.0; text only).

Usage (from the repository root, ~2–4 minutes on one core):
    nice python training/train_ner.py                       # train on all training data, write the model
    nice python training/train_ner.py --tune                # also report P/R/F on a tuning slice (not held-out)
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import pycrfsuite

from standpunkt.language.corpora import GERMEVAL_HELDOUT_SENTENCES, bio_spans, germeval_split
from standpunkt.language.ner_features import sentence_features
from standpunkt.language.tagger import tag_words
from standpunkt.language.wordclusters import WordClusters
from standpunkt.language.wordclusters import build as build_clusters

REPO = Path(__file__).resolve().parents[1]
DEFAULT_OUT = REPO / "src" / "standpunkt" / "models" / "ner-de-crf"
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


def featurise(sentences, clusters: WordClusters):
    xs, ys = [], []
    for sent in sentences:
        tags = [t for _, t in tag_words(sent.words)]
        xs.append(sentence_features(sent.words, tags, clusters.lookup(sent.words)))
        ys.append(sent.labels)
    return xs, ys


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


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--germeval-dir", type=Path, default=Path("../shared/data/germeval2014"))
    ap.add_argument("--spkatt-dir", type=Path, default=Path("../shared/data/spkatt-parliament"))
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--c1", type=float, default=0.05)
    ap.add_argument("--c2", type=float, default=0.01)
    ap.add_argument("--iterations", type=int, default=200)
    ap.add_argument("--reuse-clusters", action="store_true",
                    help="keep the word clusters already in --out (they take most of the time to build)")
    ap.add_argument("--tune", action="store_true", help="report scores on a tuning slice of the training data")
    args = ap.parse_args(argv)

    train_sents, heldout = germeval_split(args.germeval_dir)
    args.out.mkdir(parents=True, exist_ok=True)
    t0 = time.time()
    if args.reuse_clusters:
        clusters = WordClusters(args.out)
    else:
        vocab = [w for s in train_sents for w in s.words] + unlabeled_words(args.spkatt_dir)
        clusters = build_clusters(vocab, args.out)
    print(f"word clusters for {len(clusters.table)} word types in {time.time() - t0:.0f}s", file=sys.stderr)
    t0 = time.time()
    xs, ys = featurise(train_sents, clusters)
    print(f"featurised {len(xs)} training sentences in {time.time() - t0:.0f}s "
          f"(held out: {len(heldout)}, never used here)", file=sys.stderr)
    model_path = args.out / "model.crfsuite"
    if args.tune:
        tmp = args.out / "tune.crfsuite"
        train(xs[:-TUNE_SENTENCES], ys[:-TUNE_SENTENCES], tmp, args.c1, args.c2, args.iterations)
        tagger = pycrfsuite.Tagger()
        tagger.open(str(tmp))
        preds = [tagger.tag(x) for x in xs[-TUNE_SENTENCES:]]
        p, r, f = prf(ys[-TUNE_SENTENCES:], preds)
        print(f"tuning slice c1={args.c1} c2={args.c2}: P {p:.3f} R {r:.3f} F {f:.3f}")
        tagger.close()
        tmp.unlink()
        return 0
    t0 = time.time()
    train(xs, ys, model_path, args.c1, args.c2, args.iterations)
    info = {"training_sentences": len(xs), "heldout_sentences": GERMEVAL_HELDOUT_SENTENCES,
            "c1": args.c1, "c2": args.c2, "iterations": args.iterations,
            "train_seconds": round(time.time() - t0), "labels": ["PER", "ORG", "LOC", "MISC"]}
    (args.out / "training.json").write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {model_path} ({model_path.stat().st_size / 1e6:.1f} MB) in {info['train_seconds']}s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
