"""Contextual e5 token features for the quotation CRF (opt-in variant ``quotes-crf-e5``).

The recipe of the e5 NER variant (:mod:`standpunkt.language.ner_e5`) applied to the quotation labels: each sentence
is run through multilingual-e5-small up to a middle layer, a word's vector is the mean of its pieces' states, and the
vectors become discrete CRF features — nearest k-means centroid (PCA-reduced, several granularities, word and
neighbours ±1) and a logistic-regression *probe* from the vector to the word's coarse quotation label (message form,
``CUE``, ``SPK``, ``ADR``, ``FRM``, ``MSPK`` or ``O``), whose best label and bucketed probability are features. Both are
fitted by ``training/train_quotes.py --e5`` on the training documents only; in training each document's probe
output comes from a probe fitted on the other folds (jackknife).

The encoder runs only on *candidate sentences* (:func:`candidate_sentences`): those with a quotation mark, a word of
cue ratio ≥ :data:`standpunkt.speech.features.ANCHOR_RATIO`, a reporting verb or a Konjunktiv verb; the other
sentences get no e5 features (in training as at run time).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

import numpy as np

from standpunkt.language.ner_e5 import E5_FILE, E5Features, sentence_e5_features
from standpunkt.loaded import Models
from standpunkt.speech.features import DocContext, TokenInfo

#: Layer whose states are read (1-based, of 12); chosen by 5-fold cross-validation on train (docs/speech.md).
E5_LAYER = 9
#: The e5 settings a model folder was trained with (next to ``e5.npz``).
SETTINGS_FILE = "e5.json"


def coarse_label(label: str) -> str:
    """The probe's label: the message form without ``B-``/``I-``, the role labels as they are."""
    return label[2:] if label[:2] in ("B-", "I-") else label


def candidate_sentences(ctx: DocContext) -> list[bool]:
    """Per sentence: does it hold a quotation candidate — a quotation mark, a cue anchor, a reporting verb or a
    Konjunktiv verb (the sentences the e5 encoder is run on)."""
    out = []
    for s, feats in enumerate(ctx.sentence):
        out.append(bool(ctx.anchors[s]) or any(f in ("q", "k1", "k2") or f.startswith("rep") for f in feats))
    return out


def sentence_words(infos: Sequence[TokenInfo], which: Sequence[bool] | None = None) -> list[tuple[int, list[int]]]:
    """(sentence, token indices without whitespace tokens) of the sentences ``which`` selects (default all)."""
    by_sent: dict[int, list[int]] = {}
    for i, t in enumerate(infos):
        if t.text.strip() and (which is None or which[t.sent]):
            by_sent.setdefault(t.sent, []).append(i)
    return sorted(by_sent.items())


def doc_vectors(infos: Sequence[TokenInfo], layers: Sequence[int], which: Sequence[bool] | None = None,
                models: Models | None = None) -> dict[int, np.ndarray]:
    """Token index → its e5 vectors ``(len(layers), 384)``, for the words of the sentences ``which`` selects."""
    from standpunkt.language.ner_e5 import word_vectors

    sents = sentence_words(infos, which)
    if not sents:
        return {}
    vecs = word_vectors([[infos[i].text for i in idx] for _, idx in sents], layers=layers, models=models)
    return {i: v[k] for (_, idx), v in zip(sents, vecs) for k, i in enumerate(idx)}


#: A fine-tuned tagger of the coarse quotation labels (``training/finetune_e5_ner.py quote-inputs``, read by
#: :class:`standpunkt.language.ner_e5ft.E5NERHead`): when the model folder has one, its best label and probability
#: per word are the probe features instead of the linear probe's.
TAGGER_FILE = "e5ft.npz"
#: The encoder backend of the tagger's fine-tuned layers (its frozen lower layers run int8): bfloat16 via OpenVINO
#: (stop 35: dev 76.7 / 70.2 / 72.1 against 76.9 / 70.1 / 72.1 in float32, CV of a CRF trained on its outputs 78.36 /
#: 70.12 / 72.59, whole path cold 2,076 → 3,310 tokens/CPU-s; float32 onnxruntime where OpenVINO is missing). In int8
#: they cost 0.3 message and 0.2 joint F1 on dev, 0.35–0.5 roles F1 in CV (docs/speech.md).
TAGGER_BACKEND = "openvino-bf16"


@dataclass
class QuoteE5:
    """A quotation model's e5 part: the fitted reduction, how it was used, and the fine-tuned tagger that replaces
    the linear probe where the model has one."""

    reduction: E5Features
    candidates_only: bool = True
    clusters: bool = True
    probe: bool = True
    tagger: Any = None

    @property
    def layer(self) -> int:
        return self.reduction.layer

    def save(self, folder: Path) -> None:
        import json

        self.reduction.save(folder)
        (folder / SETTINGS_FILE).write_text(json.dumps(
            {"layer": self.layer, "candidates_only": self.candidates_only, "clusters": self.clusters,
             "probe": self.probe}, indent=1), encoding="utf-8")

    @classmethod
    def load(cls, folder: Path) -> "QuoteE5 | None":
        import json

        if not (folder / E5_FILE).is_file():
            return None
        s = json.loads((folder / SETTINGS_FILE).read_text(encoding="utf-8"))
        tagger = None
        if (folder / TAGGER_FILE).is_file():
            from standpunkt.language.ner_e5ft import E5NERHead

            tagger = E5NERHead(folder / TAGGER_FILE, tuned_backend=TAGGER_BACKEND)
        return cls(E5Features.load(folder), bool(s["candidates_only"]), bool(s["clusters"]), bool(s["probe"]),
                   tagger)

    def tagger_probe(self, infos: Sequence[TokenInfo], ctx: DocContext) -> dict[int, tuple[str, float]]:
        """Token → the fine-tuned tagger's best coarse label and its probability, on the selected sentences."""
        sents = sentence_words(infos, self.selected(ctx))
        lps = self.tagger.logprobs([[infos[i].text for i in idx] for _, idx in sents]) if sents else []
        out: dict[int, tuple[str, float]] = {}
        for (_, idx), lp in zip(sents, lps):
            for i, row in zip(idx, lp):
                k = int(row.argmax())
                out[i] = (self.tagger.labels[k], float(np.exp(row[k])))
        return out

    @property
    def needs_vectors(self) -> bool:
        """Whether the frozen layer-``layer`` states are read: for the clusters, or for the linear probe when no
        fine-tuned tagger replaces it."""
        return self.clusters or (self.probe and self.tagger is None)

    def selected(self, ctx: DocContext) -> list[bool]:
        """The sentences that get e5 features."""
        return candidate_sentences(ctx) if self.candidates_only else [True] * len(ctx.s_start)

    def features(self, infos: Sequence[TokenInfo], ctx: DocContext, vectors: dict[int, np.ndarray],
                 probe: dict[int, tuple[str, float]] | None = None) -> list[list[str]]:
        """e5 feature strings per token (empty outside the selected sentences). ``vectors``: token → vector at
        this model's layer; ``probe``: token → probe output to use instead of this model's probe (training; a
        token it lacks counts as ``O`` with probability 0)."""
        out: list[list[str]] = [[] for _ in infos]
        if self.probe and probe is None and self.tagger is not None:
            probe = self.tagger_probe(infos, ctx)
        need = self.clusters or (self.probe and probe is None)
        for _, idx in sentence_words(infos, self.selected(ctx)):
            if need and any(i not in vectors for i in idx):
                continue
            v = np.stack([vectors[i] for i in idx]) if need else None
            cl = self.reduction.clusters(v) if self.clusters else None
            pr = None
            if self.probe:
                pr = [probe.get(i, ("O", 0.0)) for i in idx] if probe is not None else self.reduction.probe(v)
            for i, f in zip(idx, quote_e5_features(cl, pr)):
                out[i] = f
        return out


def _bucket(p: float) -> str:
    return "hi" if p >= 0.9 else "mid" if p >= 0.6 else "lo"


def quote_e5_features(clusters: np.ndarray | None, probe: list[tuple[str, float]] | None) -> list[list[str]]:
    """Cluster features as for the NER (:func:`ner_e5.sentence_e5_features`), and the probe's coarse quotation label:
    the label, label × confidence bucket, the neighbours' labels, and the sentence's share of message labels."""
    out = sentence_e5_features(clusters, None) if clusters is not None else [[] for _ in (probe or [])]
    if probe is not None:
        n = len(probe)
        msg = sum(1 for lab, _ in probe if lab not in ("O", "CUE", "SPK", "ADR", "FRM"))
        share = "none" if msg == 0 else "some" if 2 * msg < n else "most"
        for i, (lab, p) in enumerate(probe):
            out[i] += ["qp=" + lab, "qp=" + lab + "|" + _bucket(p),
                       "-1qp=" + (probe[i - 1][0] if i > 0 else "BOS"),
                       "+1qp=" + (probe[i + 1][0] if i < n - 1 else "EOS"),
                       "sqp=" + share]
    return out
