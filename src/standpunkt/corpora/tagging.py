"""Readers for the evaluation/training corpora of the language layer (UD CoNLL-U, GermEval 2014 NER TSV).

The product never reads these at run time; the evaluation command and the training recipe pass paths explicitly.
The GermEval split used everywhere is fixed here: the first :data:`GERMEVAL_HELDOUT_SENTENCES` sentences of
``test.tsv`` are held out (never trained on); ``dev.tsv`` and the rest of ``test.tsv`` are the training data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

from standpunkt.errors import InputError

#: Size of the held-out GermEval part: sentences 1..1500 of test.tsv, in file order.
GERMEVAL_HELDOUT_SENTENCES = 1500
#: GermEval top-level classes → our labels. "deriv" (adjectives like "deutsche") and "part" (compound parts like
#: "EU-Staaten") are not entities in this layer (countries behind adjectives are found by the gazetteer).
GERMEVAL_LABELS = {"PER": "PER", "ORG": "ORG", "LOC": "LOC", "OTH": "MISC"}


@dataclass
class UDToken:
    """One surface token of a CoNLL-U sentence (multi-word tokens such as "zum" keep only the surface form)."""

    form: str
    upos: str | None
    xpos: str | None
    lemma: str | None
    feats: dict[str, str]
    space_after: bool


@dataclass
class UDSentence:
    sent_id: str
    text: str
    doc_id: str | None
    tokens: list[UDToken] = field(default_factory=list)


def _feats(col: str) -> dict[str, str]:
    if col in ("_", ""):
        return {}
    return dict(kv.split("=", 1) for kv in col.split("|") if "=" in kv)


def read_conllu(path: Path) -> list[UDSentence]:
    """Sentences of a CoNLL-U file with surface tokens (a multi-word token's parts are dropped; its tags are None)."""
    if not path.is_file():
        raise InputError(str(path), "CoNLL-U file not found")
    sentences: list[UDSentence] = []
    cur: UDSentence | None = None
    skip_until = 0
    doc_id: str | None = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# newdoc id"):
            doc_id = line.split("=", 1)[1].strip()
        elif line.startswith("# sent_id"):
            cur = UDSentence(line.split("=", 1)[1].strip(), "", doc_id)
            sentences.append(cur)
            skip_until = 0
        elif line.startswith("# text =") and cur is not None:
            cur.text = line.split("=", 1)[1].strip()
        elif line and not line.startswith("#"):
            cols = line.split("\t")
            if len(cols) != 10 or cur is None:
                raise InputError(str(path), f"malformed CoNLL-U line: {line[:60]!r}")
            tid, misc = cols[0], cols[9]
            space_after = "SpaceAfter=No" not in misc
            if "-" in tid:
                start, end = (int(x) for x in tid.split("-"))
                skip_until = end
                cur.tokens.append(UDToken(cols[1], None, None, None, {}, space_after))
            elif "." in tid:
                continue
            else:
                if int(tid) <= skip_until:
                    continue
                cur.tokens.append(UDToken(cols[1], cols[3], cols[4], cols[2], _feats(cols[5]), space_after))
    return sentences


@dataclass
class NERSentence:
    words: list[str]
    labels: list[str]  # BIO with PER/ORG/LOC/MISC


def read_germeval(path: Path) -> list[NERSentence]:
    """Sentences of a GermEval 2014 TSV (outer annotation level), labels mapped by :data:`GERMEVAL_LABELS`."""
    if not path.is_file():
        raise InputError(str(path), "GermEval file not found")
    sentences: list[NERSentence] = []
    words: list[str] = []
    labels: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        if not line.strip():
            if words:
                sentences.append(NERSentence(words, labels))
            words, labels = [], []
            continue
        cols = line.split("\t")
        if len(cols) < 3:
            raise InputError(str(path), f"malformed GermEval line: {line[:60]!r}")
        words.append(cols[1])
        tag = cols[2]
        if tag == "O":
            labels.append("O")
        else:
            prefix, typ = tag.split("-", 1)
            mapped = GERMEVAL_LABELS.get(typ)
            labels.append(f"{prefix}-{mapped}" if mapped else "O")
    if words:
        sentences.append(NERSentence(words, labels))
    # An I- label after O (left by a dropped deriv/part entity) starts an entity.
    for sent in sentences:
        prev = "O"
        for i, lab in enumerate(sent.labels):
            if lab.startswith("I-") and (prev == "O" or prev[2:] != lab[2:]):
                sent.labels[i] = "B-" + lab[2:]
            prev = sent.labels[i]
    return sentences


def germeval_split(germeval_dir: Path) -> tuple[list[NERSentence], list[NERSentence]]:
    """(training sentences, held-out sentences) of the fixed split described in the module docstring."""
    if not germeval_dir.is_dir():
        raise InputError(str(germeval_dir), "GermEval 2014 folder not found (expected dev.tsv and test.tsv)")
    dev = read_germeval(germeval_dir / "dev.tsv")
    test = read_germeval(germeval_dir / "test.tsv")
    return dev + test[GERMEVAL_HELDOUT_SENTENCES:], test[:GERMEVAL_HELDOUT_SENTENCES]


def bio_spans(labels: list[str]) -> set[tuple[int, int, str]]:
    """(start, end, type) token spans of a BIO sequence."""
    spans = set()
    start, typ = None, None
    for i, lab in enumerate(labels + ["O"]):
        if lab == "O" or lab.startswith("B-") or (lab.startswith("I-") and lab[2:] != typ):
            if start is not None:
                spans.add((start, i, typ))
                start, typ = None, None
            if lab != "O":
                start, typ = i, lab[2:]
    return spans


def bio_decode(logp, labels: Sequence[str]) -> list[str]:
    """The best BIO-valid label sequence under per-word label log-probabilities ``logp`` (``(n, k)``, columns in
    the order of ``labels``): Viterbi where an ``I-X`` may only follow ``B-X`` or ``I-X``, no other transition
    scores (the fine-tuned e5 NER head, :mod:`standpunkt.language.ner_e5ft`, and its training recipe)."""
    import numpy as np

    k = len(labels)
    pen = np.zeros((k + 1, k))                                   # row k: the sentence start
    for j, lab in enumerate(labels):
        if lab.startswith("I-"):
            pen[:, j] = -1e9
            for i, prev in enumerate(labels):
                if prev != "O" and prev[2:] == lab[2:]:
                    pen[i, j] = 0.0
    logp = np.asarray(logp, dtype=np.float64)
    if len(logp) == 0:
        return []
    score = logp[0] + pen[k]
    back = np.zeros(logp.shape, np.int64)
    for t in range(1, len(logp)):
        cand = score[:, None] + pen[:k]
        back[t] = cand.argmax(0)
        score = cand.max(0) + logp[t]
    path = [int(score.argmax())]
    for t in range(len(logp) - 1, 0, -1):
        path.append(int(back[t][path[-1]]))
    return [labels[i] for i in reversed(path)]
