"""Contextual e5 token features for the CRF named-entity tagger (opt-in: ``ner="e5"``).

Each sentence is run through multilingual-e5-small (:mod:`standpunkt.language.encoder`) up to a middle/upper layer;
a word's vector is the mean of its pieces' states at that layer. Vectors become discrete CRF features in two ways,
both fitted by ``training/train_ner.py --e5`` on the training sentences only and stored in the model folder
(``e5.npz``):

- *clusters*: nearest k-means centroid at several granularities (``E5_CLUSTER_SIZES``) of the PCA-reduced vector,
  for the word and its neighbours ±1;
- *probe*: a multinomial logistic regression from the vector to the word's BIO label; its best label and a
  bucketed probability are features. In training each sentence's probe output comes from a probe fitted on the
  other folds (jackknife), so the CRF learns how far to trust it on unseen text.

The encoder (6 of 12 layers) makes the language layer ~14× slower in numpy (~740 instead of ~10,400 tokens per
CPU-second), ~4× slower on the default onnxruntime int8 backend (43× instead of 173× the tokenizer's CPU time per
token in the same session), which is why these features are not in the default pipeline (docs/language.md).
"""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

import numpy as np

from standpunkt.loaded import Models, process_models

#: Layer whose states are read (1-based, of 12). Chosen on the tuning slice (docs/language.md).
E5_LAYER = 6
E5_PREFIX = "query"
E5_CLUSTER_SIZES = (64, 256, 1024)
E5_PCA_DIMS = 64
E5_FILE = "e5.npz"
#: Padded pieces per forward-pass batch.
MAX_BATCH_TOKENS = 4096


def _word_ids(enc, word: str) -> tuple[int, ...]:
    from standpunkt.language.encoder import prepare

    ids = enc.tokenizer.encode(prepare(word))
    return tuple(ids) if ids else (enc.tokenizer.unk,)


def word_vectors(sentences: Sequence[Sequence[str]], layers: Sequence[int] = (E5_LAYER,), *,
                 max_batch_tokens: int = MAX_BATCH_TOKENS, models: Models | None = None,
                 top_layers: Sequence[dict] = (), backend: str | None = None,
                 frozen_backend: str | None = None) -> list[np.ndarray]:
    """Per sentence a float32 array ``(n_words, len(layers), 384)``: each word's mean piece state at each layer.

    A sentence is fed as ``<s> query: w1 w2 … </s>`` with each word segmented on its own (as the tokenizer does
    for space-separated words); sentences longer than the model's window are cut into word chunks. ``top_layers``
    (fine-tuned layer weights as :attr:`E5Encoder.layers` holds them; one entry of ``layers``): the states of that
    layer go through these layers first (:mod:`standpunkt.language.ner_e5ft`), base and fine-tuned layers as one stack
    on ``backend`` (default: the encoder's), or, with ``frozen_backend``, the base layers on that backend and the
    fine-tuned ones on ``backend``."""
    if top_layers and len(layers) != 1:
        raise ValueError("top_layers continue from one layer")
    from standpunkt.language.encoder import _prefix, load_encoder

    enc = load_encoder(models)
    tok = enc.tokenizer
    prefix = tok.encode(_prefix(E5_PREFIX).strip())
    limit = enc.max_positions - 2 - len(prefix)
    # Pieces per word, and chunks (sentence index, first word, word pieces) that fit the window.
    chunks: list[tuple[int, int, list[tuple[int, ...]]]] = []
    for si, words in enumerate(sentences):
        pieces = [_word_ids(enc, w) for w in words]
        start, cur, size = 0, [], 0
        for k, p in enumerate(pieces):
            p = p[:limit]
            if cur and size + len(p) > limit:
                chunks.append((si, start, cur))
                start, cur, size = k, [], 0
            cur.append(p)
            size += len(p)
        chunks.append((si, start, cur))
    out = [np.zeros((len(w), len(layers), enc.hidden), dtype=np.float32) for w in sentences]
    lengths = [2 + len(prefix) + sum(len(p) for p in c[2]) for c in chunks]
    order = sorted(range(len(chunks)), key=lambda i: lengths[i])
    a = 0
    while a < len(order):
        b = a + 1
        while b < len(order) and (b + 1 - a) * lengths[order[b]] <= max_batch_tokens:
            b += 1
        batch = order[a:b]
        L = lengths[batch[-1]]
        ids = np.full((len(batch), L), tok.eos, dtype=np.int64)
        mask = np.zeros((len(batch), L), dtype=bool)
        for r, ci in enumerate(batch):
            row = [tok.bos, *prefix, *[i for p in chunks[ci][2] for i in p], tok.eos]
            ids[r, :len(row)] = row
            mask[r, :len(row)] = True
        if top_layers and frozen_backend is not None and layers[0] > 0:
            lower = enc.run_layers(enc.embeddings(ids), mask, enc.layers[:layers[0]], backend=frozen_backend)[0]
            states = enc.run_layers(lower, mask, list(top_layers), backend=backend)
        elif top_layers:
            stack = [*enc.layers[:layers[0]], *top_layers]
            states = enc.run_layers(enc.embeddings(ids), mask, stack, backend=backend)
        else:
            states = enc.layer_states(ids, mask, layers)
        for r, ci in enumerate(batch):
            si, first, pieces = chunks[ci]
            pos = 1 + len(prefix)
            for k, p in enumerate(pieces):
                for j, x in enumerate(states):
                    out[si][first + k, j] = x[r, pos:pos + len(p)].mean(axis=0)
                pos += len(p)
        a = b
    return out


class E5Features:
    """The fitted reduction of e5 word vectors to CRF features (PCA, k-means centroids, probe weights)."""

    def __init__(self, mean: np.ndarray, components: np.ndarray, centroids: list[np.ndarray],
                 probe_w: np.ndarray | None, probe_b: np.ndarray | None, probe_labels: list[str], layer: int) -> None:
        self.mean, self.components, self.centroids = mean, components, centroids
        self.probe_w, self.probe_b, self.probe_labels = probe_w, probe_b, probe_labels
        self.layer = layer

    # ---- fitting (training recipe)

    @classmethod
    def fit(cls, vectors: np.ndarray, *, layer: int = E5_LAYER, sizes: Sequence[int] = E5_CLUSTER_SIZES,
            dims: int = E5_PCA_DIMS, seed: int = 0) -> "E5Features":
        """PCA + k-means on word vectors ``(n, 384)`` (the probe is added with :meth:`with_probe`)."""
        from sklearn.cluster import MiniBatchKMeans
        from sklearn.decomposition import PCA

        pca = PCA(n_components=dims, random_state=seed).fit(vectors)
        z = pca.transform(vectors).astype(np.float32)
        cents = []
        for k in sizes:
            km = MiniBatchKMeans(n_clusters=k, random_state=seed, batch_size=4096, n_init=3, max_iter=100).fit(z)
            cents.append(km.cluster_centers_.astype(np.float32))
        return cls(pca.mean_.astype(np.float32), pca.components_.astype(np.float32), cents, None, None, [], layer)

    @staticmethod
    def fit_probe(vectors: np.ndarray, labels: Sequence[str], c: float = 1.0, seed: int = 0, max_iter: int = 300):
        """Logistic regression from word vectors to BIO labels: (weights (k, 384), bias (k,), labels)."""
        from sklearn.linear_model import LogisticRegression

        lr = LogisticRegression(C=c, max_iter=max_iter, random_state=seed).fit(vectors, list(labels))
        return lr.coef_.astype(np.float32), lr.intercept_.astype(np.float32), [str(x) for x in lr.classes_]

    def with_probe(self, w: np.ndarray, b: np.ndarray, labels: list[str]) -> "E5Features":
        return E5Features(self.mean, self.components, self.centroids, w, b, labels, self.layer)

    # ---- storage

    def save(self, folder: Path) -> None:
        arrays = {"mean": self.mean, "components": self.components, "layer": np.asarray(self.layer)}
        for i, c in enumerate(self.centroids):
            arrays[f"centroids{i}"] = c
        if self.probe_w is not None:
            arrays.update(probe_w=self.probe_w, probe_b=self.probe_b, probe_labels=np.asarray(self.probe_labels))
        np.savez_compressed(folder / E5_FILE, **arrays)

    @classmethod
    def load(cls, folder: Path) -> "E5Features":
        with np.load(folder / E5_FILE) as z:
            cents = [z[f"centroids{i}"] for i in range(len([k for k in z.files if k.startswith("centroids")]))]
            has_probe = "probe_w" in z.files
            return cls(z["mean"], z["components"], cents, z["probe_w"] if has_probe else None,
                       z["probe_b"] if has_probe else None,
                       [str(x) for x in z["probe_labels"]] if has_probe else [], int(z["layer"]))

    # ---- features

    def clusters(self, vectors: np.ndarray) -> np.ndarray:
        """``(n, len(centroids))`` nearest-centroid ids of word vectors ``(n, 384)``."""
        z = (vectors - self.mean) @ self.components.T
        out = np.zeros((len(vectors), len(self.centroids)), dtype=np.int32)
        zz = (z * z).sum(axis=1, keepdims=True)
        for j, c in enumerate(self.centroids):
            d = zz - 2 * z @ c.T + (c * c).sum(axis=1)
            out[:, j] = d.argmin(axis=1)
        return out

    def probe(self, vectors: np.ndarray) -> list[tuple[str, float]] | None:
        """Best BIO label and its probability per word (None without a probe)."""
        if self.probe_w is None:
            return None
        return probe_output(vectors, self.probe_w, self.probe_b, self.probe_labels)

    def features(self, vectors: np.ndarray) -> list[list[str]]:
        """Extra CRF features per word of one sentence from its vectors ``(n, 384)``."""
        return sentence_e5_features(self.clusters(vectors), self.probe(vectors))


def probe_output(vectors, w, b, labels) -> list[tuple[str, float]]:
    logits = vectors @ w.T + b
    if logits.shape[1] == 1:                                    # two classes: sklearn's single column
        p1 = 1 / (1 + np.exp(-logits[:, 0]))
        probs = np.stack([1 - p1, p1], axis=1)
    else:
        logits -= logits.max(axis=1, keepdims=True)
        probs = np.exp(logits)
        probs /= probs.sum(axis=1, keepdims=True)
    best = probs.argmax(axis=1)
    return [(labels[k], float(probs[i, k])) for i, k in enumerate(best)]


def jackknife_probe(vectors: Sequence[np.ndarray], labels: Sequence[Sequence[str]], owner: Sequence[int],
                    folds: int, c: float = 1.0, max_words: int | None = None, seed: int = 0, max_iter: int = 300):
    """Probe outputs for training items (sentences, documents) that the CRF can learn how far to trust: item k gets
    the output of a probe fitted on the items of the other folds (``owner[k]`` in ``0..folds-1``), an item with
    ``owner[k] < 0`` (a tuning slice) the output of the probe fitted on all others; that probe, ``(w, b, labels)``,
    is returned too. ``vectors[k]``: ``(n_k, 384)`` word vectors, ``labels[k]`` their labels; ``max_words``: fit
    each probe on at most that many words drawn at random (the cost of a fit grows with the words)."""
    outputs: list[list[tuple[str, float]]] = [[] for _ in vectors]

    def fit(keep):
        ks = [k for k in range(len(vectors)) if keep(owner[k]) and len(vectors[k])]
        x, y = np.concatenate([vectors[k] for k in ks]), [lab for k in ks for lab in labels[k]]
        if max_words is not None and len(x) > max_words:
            pick = np.sort(np.random.default_rng(seed).choice(len(x), max_words, replace=False))
            x, y = x[pick], [y[i] for i in pick]
        return E5Features.fit_probe(x, y, c=c, max_iter=max_iter)

    for f in range(folds):
        w, b, labs = fit(lambda o: o >= 0 and o != f)
        for k in range(len(vectors)):
            if owner[k] == f and len(vectors[k]):
                outputs[k] = probe_output(vectors[k], w, b, labs)
    full = fit(lambda o: o >= 0)
    for k in range(len(vectors)):
        if owner[k] < 0 and len(vectors[k]):
            outputs[k] = probe_output(vectors[k], *full)
    return outputs, full


_NAMES = ("e5c64=", "e5c256=", "e5c1024=")


def _bucket(p: float) -> str:
    return "hi" if p >= 0.9 else "mid" if p >= 0.6 else "lo"


def sentence_e5_features(clusters: np.ndarray | None, probe: list[tuple[str, float]] | None) -> list[list[str]]:
    """Feature strings per word: cluster ids of the word and of its neighbours ±1 (two coarsest levels), the
    probe's label, label × confidence bucket, and the neighbours' probe labels."""
    n = len(clusters) if clusters is not None else len(probe or [])
    out: list[list[str]] = [[] for _ in range(n)]
    for i in range(n):
        f = out[i]
        if clusters is not None:
            row = clusters[i]
            f += [_NAMES[j] + str(int(c)) for j, c in enumerate(row)]
            if i > 0:
                f += ["-1" + _NAMES[j] + str(int(c)) for j, c in enumerate(clusters[i - 1][:2])]
            if i < n - 1:
                f += ["+1" + _NAMES[j] + str(int(c)) for j, c in enumerate(clusters[i + 1][:2])]
        if probe is not None:
            lab, p = probe[i]
            f += ["e5p=" + lab, "e5p=" + lab + "|" + _bucket(p)]
            if lab != "O":
                f.append("e5p_ent=" + lab[2:])
            f.append("-1e5p=" + (probe[i - 1][0] if i > 0 else "BOS"))
            f.append("+1e5p=" + (probe[i + 1][0] if i < n - 1 else "EOS"))
    return out


def load_features(folder: Path, models: Models | None = None) -> E5Features:
    """The fitted reduction in ``folder``, from ``models`` (default: the process's registry)."""
    return (models or process_models()).get(E5Features.load, Path(folder))
