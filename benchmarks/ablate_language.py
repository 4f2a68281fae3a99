"""Ablations of the language layer on the held-out data (reporting only; no choice was tuned on these figures).

- NER on the held-out GermEval part: CRF alone, CRF + gazetteer names, and the full layer (+ role/name patterns and
  the speaker-position rule).
- Mood on PUD and GSD test without the "sollte(n) is Konjunktiv II" rule (see docs/language.md).

Usage: python benchmarks/ablate_language.py [--ud-dir DIR] [--germeval-dir DIR]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from spacy.tokens import Doc

from standpunkt.language import entities, load_nlp, mood
from standpunkt.corpora.tagging import bio_spans, germeval_split, read_conllu
from standpunkt.language.evaluation import GSD_TEST, PUD_TEST, PRF, score_tagging


def ner_f1(nlp, heldout, mode: str) -> PRF:
    rec = nlp.get_pipe("standpunkt_entities")
    prf = PRF()
    for sent in heldout:
        doc = Doc(nlp.vocab, words=sent.words, sent_starts=[i == 0 for i in range(len(sent.words))])
        for name in ("standpunkt_hanta", "standpunkt_mood"):
            doc = nlp.get_pipe(name)(doc)
        crf = entities.crf_spans(doc)
        if mode == "crf":
            doc.ents = [doc.char_span(doc[s].idx, doc[e - 1].idx + len(doc[e - 1]), label=lab) for s, e, lab in crf]
        elif mode == "crf+gazetteer":
            doc.ents = entities.merge_entities(doc, crf, rec.gazetteer_spans(doc))
        else:
            doc = rec(doc)
            doc = nlp.get_pipe("standpunkt_mentions")(doc)
        pred = {(e.start, e.end, "LOC" if e.label_ == "GPE" else e.label_) for e in doc.ents}
        gold = bio_spans(sent.labels)
        prf.tp += len(gold & pred)
        prf.fp += len(pred - gold)
        prf.fn += len(gold - pred)
    return prf


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="language layer ablations")
    ap.add_argument("--ud-dir", type=Path, default=Path("../shared/data/ud-german"))
    ap.add_argument("--germeval-dir", type=Path, default=Path("../shared/data/germeval2014"))
    args = ap.parse_args(argv)
    nlp = load_nlp()
    _, heldout = germeval_split(args.germeval_dir)
    for mode in ("crf", "crf+gazetteer", "full"):
        prf = ner_f1(nlp, heldout, mode)
        print(f"germeval-heldout ner all f1 ({mode}): {prf.f:.4f}")
    saved = mood.KONJ2_BY_USE
    mood.KONJ2_BY_USE = frozenset()
    try:
        for name, filename, stts in (("gsd", GSD_TEST, True), ("pud", PUD_TEST, False)):
            s = score_tagging(nlp, read_conllu(args.ud_dir / filename), stts)
            print(f"{name} mood=sub f1 (without the sollte rule): {s.sub.f:.4f}")
    finally:
        mood.KONJ2_BY_USE = saved
    return 0


if __name__ == "__main__":
    sys.exit(main())
