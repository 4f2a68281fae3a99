"""Scores of the language layer on held-out data (``standpunkt evaluate language``).

- UD German GSD test and PUD (gold tokens and sentences given to the pipeline, so tagging is scored alone):
  STTS accuracy (GSD only: PUD's XPOS column is not STTS), UPOS accuracy, lemma accuracy, Mood=Sub and
  Konjunktiv I (Mood=Sub|Tense=Pres) precision/recall/F1 over all tokens. Multi-word tokens ("zum" = "zu dem")
  have no single gold tag and are left out of tag/lemma accuracy.
- PUD sentence boundaries: each document's sentences are joined with one space, the pipeline splits the text, and
  the predicted sentence starts are scored against the gold ones (document starts excluded: they are given).
- GermEval 2014 held-out part (first 1,500 sentences of test.tsv, never trained on): entity P/R/F1 per type and
  micro-averaged, exact span match; our GPE counts as LOC (GermEval has no GPE), GermEval OTH is MISC.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from spacy.tokens import Doc

from standpunkt.errors import InputError
from standpunkt.corpora.tagging import UDSentence, bio_spans, germeval_split, read_conllu

GSD_TEST = "de_gsd-ud-test.conllu"
GSD_DEV = "de_gsd-ud-dev.conllu"
PUD_TEST = "de_pud-ud-test.conllu"
NER_TYPES = ("PER", "ORG", "LOC", "MISC")
#: Sentences joined into one text when a CoNLL-U file has no document ids.
SENTENCES_PER_PSEUDO_DOC = 10


@dataclass
class PRF:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, gold: bool, pred: bool) -> None:
        if gold and pred:
            self.tp += 1
        elif pred:
            self.fp += 1
        elif gold:
            self.fn += 1

    @property
    def p(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def r(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f(self) -> float:
        return 2 * self.p * self.r / (self.p + self.r) if self.p + self.r else 0.0


@dataclass
class TaggingScores:
    tokens: int = 0
    stts_correct: int = 0
    stts_total: int = 0
    upos_correct: int = 0
    lemma_correct: int = 0
    sub: PRF = field(default_factory=PRF)
    konj1: PRF = field(default_factory=PRF)


def _gold_doc(nlp, sent: UDSentence) -> Doc:
    words = [t.form for t in sent.tokens]
    spaces = [t.space_after for t in sent.tokens]
    starts = [i == 0 for i in range(len(words))]
    return Doc(nlp.vocab, words=words, spaces=spaces, sent_starts=starts)


_PAV = {"PAV": "PROAV"}


def score_tagging(nlp, sentences: list[UDSentence], check_stts: bool) -> TaggingScores:
    """Run the tagging/mood components on gold-tokenised sentences and compare with the gold annotation."""
    pipes = [proc for name, proc in nlp.pipeline if name in ("standpunkt_hanta", "standpunkt_mood")]
    scores = TaggingScores()
    for sent in sentences:
        doc = _gold_doc(nlp, sent)
        for proc in pipes:
            doc = proc(doc)
        for tok, gold in zip(doc, sent.tokens):
            if gold.upos is not None:
                scores.tokens += 1
                if check_stts and gold.xpos not in (None, "_"):
                    scores.stts_total += 1
                    scores.stts_correct += _PAV.get(gold.xpos, gold.xpos) == _PAV.get(tok.tag_, tok.tag_)
                scores.upos_correct += gold.upos == tok.pos_
                scores.lemma_correct += gold.lemma == tok.lemma_
            pred_mood = tok.morph.get("Mood")
            pred_tense = tok.morph.get("Tense")
            gold_sub = gold.feats.get("Mood") == "Sub"
            pred_sub = pred_mood == ["Sub"]
            scores.sub.add(gold_sub, pred_sub)
            scores.konj1.add(gold_sub and gold.feats.get("Tense") == "Pres", pred_sub and pred_tense == ["Pres"])
    return scores


def score_sentences(nlp, sentences: list[UDSentence]) -> PRF:
    """Sentence-start P/R/F1 on documents re-assembled from gold sentences (see module docstring)."""
    docs: dict[str, list[UDSentence]] = {}
    for k, s in enumerate(sentences):
        # Files without document ids (GSD) are scored in runs of consecutive sentences.
        docs.setdefault(s.doc_id or f"chunk{k // SENTENCES_PER_PSEUDO_DOC}", []).append(s)
    prf = PRF()
    for group in docs.values():
        text = ""
        gold_starts = set()
        for s in group:
            if text:
                text += " "
            gold_starts.add(len(text))
            text += s.text
        doc = nlp.make_doc(text)
        for name, proc in nlp.pipeline:
            if name == "standpunkt_sentences":
                doc = proc(doc)
        pred_starts = {sent.start_char for sent in doc.sents}
        for start in (gold_starts | pred_starts) - {0}:
            prf.add(start in gold_starts, start in pred_starts)
    return prf


def score_ner(nlp, germeval_dir: Path, limit: int | None = None) -> dict[str, PRF]:
    """Entity P/R/F per type (and "all") on the held-out GermEval part."""
    _, heldout = germeval_split(germeval_dir)
    if limit:
        heldout = heldout[:limit]
    result = {t: PRF() for t in NER_TYPES + ("all",)}
    for sent in heldout:
        doc = Doc(nlp.vocab, words=sent.words, sent_starts=[i == 0 for i in range(len(sent.words))])
        for name, proc in nlp.pipeline:
            if name != "standpunkt_sentences":
                doc = proc(doc)
        pred = {(e.start, e.end, "LOC" if e.label_ == "GPE" else e.label_) for e in doc.ents}
        gold = bio_spans(sent.labels)
        for typ in NER_TYPES:
            g = {x for x in gold if x[2] == typ}
            p = {x for x in pred if x[2] == typ}
            result[typ].tp += len(g & p)
            result[typ].fp += len(p - g)
            result[typ].fn += len(g - p)
        result["all"].tp += len(gold & pred)
        result["all"].fp += len(pred - gold)
        result["all"].fn += len(gold - pred)
    return result


def evaluate_language(ud_dir: Path, germeval_dir: Path, limit: int | None = None,
                      include_dev: bool = False, ner: str = "crf", ner_only: bool = False
                      ) -> Iterable[tuple[str, float]]:
    """Yield ``(name, value)`` figures; ``limit`` caps sentences per data set (for quick CI checks); ``ner``: the
    NER variant ("crf", or the opt-in "e5"); ``ner_only`` skips the UD figures."""
    if not ud_dir.is_dir():
        raise InputError(str(ud_dir), "UD German folder not found (use --ud-dir)")
    if not germeval_dir.is_dir():
        raise InputError(str(germeval_dir), "GermEval 2014 folder not found (use --germeval-dir)")
    from standpunkt.language import load_nlp

    nlp = load_nlp(ner)
    sets = [] if ner_only else [("gsd", GSD_TEST, True), ("pud", PUD_TEST, False)]
    if include_dev and not ner_only:
        sets.insert(0, ("gsd-dev", GSD_DEV, True))
    for name, filename, has_stts in sets:
        sentences = read_conllu(ud_dir / filename)
        if limit:
            sentences = sentences[:limit]
        s = score_tagging(nlp, sentences, has_stts)
        if has_stts:
            yield f"{name} stts accuracy", s.stts_correct / max(s.stts_total, 1)
        yield f"{name} upos accuracy", s.upos_correct / max(s.tokens, 1)
        yield f"{name} lemma accuracy", s.lemma_correct / max(s.tokens, 1)
        for label, prf in (("mood=sub", s.sub), ("konjunktiv1", s.konj1)):
            yield f"{name} {label} precision", prf.p
            yield f"{name} {label} recall", prf.r
            yield f"{name} {label} f1", prf.f
        if name == "pud":
            sb = score_sentences(nlp, sentences)
            yield "pud sentence boundary precision", sb.p
            yield "pud sentence boundary recall", sb.r
            yield "pud sentence boundary f1", sb.f
    ner = score_ner(nlp, germeval_dir, limit)
    for typ in NER_TYPES + ("all",):
        yield f"germeval-heldout ner {typ.lower()} precision", ner[typ].p
        yield f"germeval-heldout ner {typ.lower()} recall", ner[typ].r
        yield f"germeval-heldout ner {typ.lower()} f1", ner[typ].f
