"""Fine-tune multilingual-e5-small layers for word tagging: GermEval BIO entities (the ``ner="e5ft"`` variant) and
the coarse quotation labels of quotes-de-news (the tagger of the ``quotes-crf-e5`` model, ``quote-inputs``).

Two steps, as ``training/e5_stance_inputs.py`` + ``training/finetune_e5_stance.py`` for the stance head:

1. ``inputs`` (the project's environment, numpy): the training sentences of the fixed GermEval split
   (standpunkt.corpora.tagging: dev.tsv + test.tsv without its first 1,500 sentences, which are never read here) are
   fed as ``<s> query: w1 w2 … </s>`` with each word segmented on its own, exactly as
   :func:`standpunkt.language.ner_e5.word_vectors` does at run time; the frozen lower layers run once and their
   states at the layers named by ``--layers`` are written to one ``.npz`` with the piece → word map, the BIO
   labels, the dequantised weights of all 12 layers (the fine-tuning's starting point) and a few check sentences.
2. ``--tune`` / ``--final`` (the ``training`` extra: JAX on CPU): layers ``frozen + 1 … frozen + top`` are
   fine-tuned over the frozen states of layer ``frozen``, with a linear head on each word's mean piece state at the
   last tuned layer (BIO over PER/ORG/LOC/MISC, cross-entropy, dropout 0.1 on the word vectors). Fixed recipe:
   AdamW (encoder lr :data:`LR_ENCODER`, head :data:`LR_HEAD`, weight decay 0.01), linear warm-up over the first
   10 % of the steps then linear decay, batches of :data:`BATCH` sentences. ``--tune`` trains on all but the last
   800 training sentences (train_ner.py's tuning slice) and prints the slice's span P/R/F after every epoch (tags
   decoded as at run time: ``standpunkt.corpora.tagging.bio_decode``, the best BIO-valid sequence of the word
   label probabilities); ``--final`` trains on all training sentences and writes the model for numpy inference
   (:mod:`standpunkt.language.ner_e5ft`): int8 deltas of the tuned layers from their 4-bit starting weights
   (``int8_deltas`` of the stance recipe), the head, and this JAX model's word log-probabilities on the check
   sentences, which numpy must reproduce (``tests/test_language_ner_e5ft.py``).

    python training/finetune_e5_ner.py inputs /tmp/e5-ner-inputs.npz                 # project venv
    python3 -m venv /work/venv-train && /work/venv-train/bin/pip install 'jax>=0.4.30,<0.11' numpy
    export PYTHONPATH=$PWD/src                                          # the JAX step imports standpunkt.corpora
    /work/venv-train/bin/python training/finetune_e5_ner.py /tmp/e5-ner-inputs.npz --tune       # tuning slice
    /work/venv-train/bin/python training/finetune_e5_ner.py /tmp/e5-ner-inputs.npz --final \\
        --out src/standpunkt/models/ner-de-e5ft/e5ft.npz

Out-of-fold outputs: ``--tune|--final --jackknife K/5 --save-logp F`` trains without fold K of the tuning part or of
all training sentences (sentence index mod 5; for the quotation inputs the document's fold, as in
``train_quotes.py``'s lexicon jackknife) and writes fold K's word log-probabilities — the inputs of a CRF that uses
this tagger's output as features (``train_quotes.py --e5 --e5ft TAGGER INPUTS --e5ft-logp F0 … F4``).

    python training/finetune_e5_ner.py quote-inputs /tmp/e5-quote-inputs.npz --layers 4     # project venv
    for k in 0 1 2 3 4; do /work/venv-train/bin/python training/finetune_e5_ner.py /tmp/e5-quote-inputs.npz \\
        --final --jackknife $k/5 --save-logp /tmp/q-fold$k.npz; done
    /work/venv-train/bin/python training/finetune_e5_ner.py /tmp/e5-quote-inputs.npz --final --out /tmp/quote-e5ft.npz

With ``--out`` a ``--jackknife`` run also writes the fold's tagger; ``runtime-logp INPUTS TAGGER K/5 OUT
[--tuned-int8 | --tuned-backend openvino-bf16]`` (project venv) then writes that tagger's held-out outputs as the
run time computes them.

Quantisation-aware training (``--qat``): the tuned layers see their matrices and inputs as the int8 backend
(``standpunkt.language.encoder_onnx``, ``precision="int8"``) will quantise them — weights symmetric int8 per output
column, activations uint8 with one scale and zero point per tensor (``fake_quant_*`` of the stance recipe, with
straight-through gradients) — so the out-of-fold outputs a CRF learns from are those of the int8 tagger, and the
written file says ``int8``: :class:`standpunkt.language.ner_e5ft.E5NERHead` then runs the tuned layers in int8 too.
Measured for the quotation tagger in stop 34 (docs/speech.md): the whole path 1.7x faster, but the CRF over it lost
0.5 roles F1 in cross-validation, so ``quotes-crf-e5`` keeps its float32 tagger.

Self-training (``--silver``): teachers trained as usual write their word log-probabilities of the unlabelled
sentences of another inputs file (a fixed draw of :data:`SILVER_MAX`, ``--silver-max``, 0 for all; e.g. the quote
inputs above: quotes-de-news training articles, news like the product reads) with ``--save-silver``; a student trains
on the gold sentences plus those sentences, each labelled with the best BIO-valid sequence of the teachers' mean
probabilities (``--silver-logp``).

    for s in 0 1; do /work/venv-train/bin/python training/finetune_e5_ner.py /tmp/e5-ner-inputs.npz --final \
        --seed $s --silver /tmp/e5-quote-inputs.npz --save-silver /tmp/silver-$s.npz; done
    /work/venv-train/bin/python training/finetune_e5_ner.py /tmp/e5-ner-inputs.npz --final \
        --silver /tmp/e5-quote-inputs.npz --silver-logp /tmp/silver-0.npz,/tmp/silver-1.npz --out /tmp/e5ft-st.npz

Defaults: layers 5–8 tuned over frozen layer-4 states (``--frozen 4 --top 4``; at run time 8 of the 12 layers
run), 2 epochs (chosen on the tuning slice: 0.808 after epoch 2 of a 3-epoch run, 0.801 after epoch 3), encoder lr
2e-4. Cost (wall time on 2 cores shared with other jobs): step 1 4 minutes; an epoch
of the 5,800 sentences (~201,000 pieces) 4–13 minutes.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from finetune_e5_stance import adamw_step, encode, int8_deltas, layer_names  # noqa: E402

LABELS = ("O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC")
EPOCHS = 2
BATCH = 16
#: Chosen on the tuning slice: after epoch 1 of 3, 2e-4 gave span F1 0.785 and 1e-4 0.743 (docs/language.md).
LR_ENCODER = 2e-4
LR_HEAD = 1e-3
WEIGHT_DECAY = 0.01
DROPOUT = 0.1
#: Sentences at the end of the training data scored with --tune (train_ner.TUNE_SENTENCES).
TUNE_SENTENCES = 800
#: Unlabelled sentences drawn for self-training (``--silver``; a fixed draw, independent of ``--seed``; ``--silver-max``
#: changes it, None: all; all 8,948 quotes-de-news training sentences were tried in stop 32, docs/language.md).
SILVER_MAX: int | None = 5000
SILVER_DRAW_SEED = 0
#: Piece-length buckets (padded shapes): JAX compiles one program per shape.
BUCKETS = (32, 48, 64, 96, 128, 192, 256)
#: Content pieces per training row (longer sentences keep their first words; run time cuts them into chunks).
MAX_PIECES = BUCKETS[-1] - 8
CHECK_SENTENCES = (
    ["Bundeskanzlerin", "Angela", "Merkel", "traf", "in", "Paris", "den", "französischen", "Präsidenten", "."],
    ["Die", "Deutsche", "Bahn", "und", "die", "IG", "Metall", "einigten", "sich", "am", "Montag", "in", "Berlin", "."],
    ["Der", "Film", "„", "Das", "Boot", "“", "lief", "beim", "Festival", "in", "Cannes", "."],
)


# ---------------------------------------------------------------------------------------- step 1: inputs (numpy)


def build_inputs(germeval_dir: Path, out: Path, layers: list[int]) -> None:
    """GermEval's training sentences, BIO entity labels."""
    from standpunkt.corpora.tagging import germeval_split

    t0 = time.time()
    train_sents, _heldout = germeval_split(germeval_dir)
    n_words = encode_inputs([s.words for s in train_sents], [s.labels for s in train_sents], LABELS, out, layers)
    print(f"{len(train_sents)} training sentences ({n_words} words kept of "
          f"{sum(len(s.words) for s in train_sents)}) in {time.time() - t0:.0f} s -> {out}")


def build_quote_inputs(out: Path, layers: list[int]) -> None:
    """Every sentence of the quotes-de-news training articles, each word labelled with its coarse quotation label
    (:func:`standpunkt.speech.e5.coarse_label`: the message form, ``CUE``, ``SPK``, ``ADR``, ``FRM``, ``MSPK`` or
    ``O``), the documents parsed and labelled as ``train_quotes.py`` does; each sentence's fold is its document's
    position mod ``train_quotes.FOLDS``, the folds of that recipe's lexicon jackknife, and ``doc`` / ``tok`` map
    the words back to the documents' tokens (``train_quotes.py --e5ft-logp``)."""
    from standpunkt.speech.labels import FORMS, MESSAGE_SPEAKER, ROLE_LABELS

    t0 = time.time()
    names = ("O", *FORMS, *ROLE_LABELS.values(), MESSAGE_SPEAKER)
    sents, labels, fold, doc, tok = quote_sentences()
    n_words = encode_inputs(sents, labels, names, out, layers, fold=np.array(fold, np.int8),
                            doc=np.array(doc, np.int32), tok=np.concatenate(tok),
                            tok_off=np.concatenate([[0], np.cumsum([len(t) for t in tok])]))
    print(f"{len(sents)} sentences of {doc[-1] + 1} documents ({n_words} words kept of "
          f"{sum(len(s) for s in sents)}) in {time.time() - t0:.0f} s -> {out}")


def quote_sentences():
    """Words, coarse quotation labels, lexicon fold, document and token indices of every sentence of the
    quotes-de-news training articles, in the order of the quote inputs."""
    import train_quotes as tq

    from standpunkt.speech.e5 import coarse_label, sentence_words

    sents, labels, fold, doc, tok = [], [], [], [], []
    for k, (g, infos, labs) in enumerate(tq.labelled(tq.parse_gold(tq.TRAIN_DIR, "train", True))):
        for _, idx in sentence_words(infos):
            sents.append([infos[i].text for i in idx])
            labels.append([coarse_label(labs[i]) for i in idx])
            fold.append(k % tq.FOLDS)
            doc.append(k)
            tok.append(np.asarray(idx, np.int32))
    return sents, labels, fold, doc, tok


def write_silver_tags(inputs: str, files: list[str], out: Path, limit: int | None = SILVER_MAX) -> None:
    """The teachers' tags of the drawn quote-input sentences as JSON lines ``{"words", "labels"}``, for a CRF
    trained on them (``train_ner.py --distill``); sentences cut at :data:`MAX_PIECES` are left out; ``limit``: the
    teachers' ``--silver-max``."""
    import json

    with np.load(inputs) as z:
        s = {k: z[k] for k in ("piece_off", "word_off", "n_check")}
    drawn = silver_draw(s, limit)
    labels = silver_labels(list(LABELS), files, drawn)
    sents = quote_sentences()[0]
    if len(sents) != len(s["piece_off"]) - 1 - int(s["n_check"]):
        raise SystemExit(f"{inputs}: {len(s['piece_off']) - 1} sentences, the training articles give {len(sents)}")
    kept = 0
    with out.open("w", encoding="utf-8") as fh:
        for i, y in zip(drawn, labels):
            if len(y) == len(sents[i]):
                fh.write(json.dumps({"words": sents[i], "labels": [LABELS[k] for k in y]}, ensure_ascii=False) + "\n")
                kept += 1
    print(f"{kept} of {len(drawn)} sentences -> {out}")


def encode_inputs(sents: list[list[str]], labels: list[list[str]], names, out: Path, layers: list[int],
                  **extra) -> int:
    """Run the frozen layers over ``sents`` (+ the check sentences) and write the inputs file; returns the number of
    words kept (a sentence longer than :data:`MAX_PIECES` keeps its first words)."""
    from standpunkt.language.encoder import _blas_threads, _prefix, load_encoder
    from standpunkt.language.ner_e5 import E5_PREFIX, _word_ids

    n_sents = len(sents)
    sents = list(sents) + [list(c) for c in CHECK_SENTENCES]
    labels = list(labels) + [["O"] * len(c) for c in CHECK_SENTENCES]
    names = list(names)
    enc = load_encoder()
    tok = enc.tokenizer
    prefix = tok.encode(_prefix(E5_PREFIX).strip())
    rows, owners, ys = [], [], []
    for words, labs in zip(sents, labels):
        row, owner, y = [tok.bos, *prefix], [-1] * (1 + len(prefix)), []
        for k, (w, lab) in enumerate(zip(words, labs)):
            p = _word_ids(enc, w)
            if len(row) + len(p) > MAX_PIECES + 1 + len(prefix):
                break
            row += p
            owner += [k] * len(p)
            y.append(names.index(lab))
        rows.append(row + [tok.eos])
        owners.append(owner + [-1])
        ys.append(y)
    lengths = np.array([len(r) for r in rows])
    off = np.concatenate([[0], np.cumsum(lengths)])
    states = {k: np.zeros((off[-1], enc.hidden), np.float16) for k in layers}
    order = np.argsort(lengths, kind="stable")
    with _blas_threads(1):
        a = 0
        while a < len(order):
            b = a + 1
            while b < len(order) and (b + 1 - a) * lengths[order[b]] <= 4096:
                b += 1
            batch = order[a:b]
            ids, mask = enc.pad([r[1:-1] for r in (rows[i] for i in batch)])
            got = enc.layer_states(ids, mask, layers)
            for j, k in enumerate(layers):
                for r, i in enumerate(batch):
                    states[k][off[i]:off[i + 1]] = got[j][r, :lengths[i]]
            a = b
    weights = {}
    for n, ly in enumerate(enc.layers):
        for name in ("qkv_w", "qkv_b", "ao_w", "ao_b", "fi_w", "fi_b", "fo_w", "fo_b"):
            weights[f"l{n}.{name}"] = ly[name]
        for name in ("aln", "oln"):
            weights[f"l{n}.{name}.w"], weights[f"l{n}.{name}.b"] = ly[name]
    n_words = np.array([len(y) for y in ys])
    np.savez(out, ids=np.concatenate(rows).astype(np.int32), owner=np.concatenate(owners).astype(np.int16),
             piece_off=off, labels=np.concatenate(ys).astype(np.int8),
             word_off=np.concatenate([[0], np.cumsum(n_words)]), n_check=len(CHECK_SENTENCES),
             check_words=np.array(["\t".join(c) for c in CHECK_SENTENCES]), layers=np.array(layers),
             heads=enc.heads, eps=enc.eps, n_layers=len(enc.layers), label_names=np.array(names),
             **{f"X{k}": v for k, v in states.items()}, **weights, **extra)
    return int(n_words[:n_sents].sum())


# ------------------------------------------------------------------------------------ step 2: fine-tuning (JAX)


def batches(d, idx: np.ndarray, rng: np.random.Generator | None):
    lengths = np.diff(d["piece_off"])[idx]
    bucket = np.searchsorted(BUCKETS, lengths)
    out = []
    for b in np.unique(bucket):
        members = idx[bucket == b]
        if rng is not None:
            members = rng.permutation(members)
        out += [(members[s:s + BATCH], BUCKETS[b]) for s in range(0, len(members), BATCH)]
    if rng is not None:
        out = [out[i] for i in rng.permutation(len(out))]
    return out


def batch_arrays(d, X, sel: np.ndarray, L: int):
    """Frozen states (B, L, 384), mask (B, L), piece → word pooling (B, L, L) and labels (B, L; -1 = none), with
    B = :data:`BATCH` (a short batch is padded with empty rows: one compiled program per length bucket)."""
    B = BATCH
    Xb = np.zeros((B, L, X.shape[1]), np.float32)
    Mb = np.zeros((B, L), bool)
    Pb = np.zeros((B, L, L), np.float32)
    Yb = np.full((B, L), -1, np.int32)
    po, wo, owner, labels = d["piece_off"], d["word_off"], d["owner"], d["labels"]
    for r, i in enumerate(sel):
        a, b = po[i], po[i + 1]
        Xb[r, :b - a] = X[a:b]
        Mb[r, :b - a] = True
        ow = owner[a:b]
        for j in np.flatnonzero(ow >= 0):
            Pb[r, ow[j], j] = 1.0
        nw = wo[i + 1] - wo[i]
        Pb[r, :nw] /= np.maximum(Pb[r, :nw].sum(1, keepdims=True), 1.0)
        Yb[r, :nw] = labels[wo[i]:wo[i + 1]]
    return Xb, Mb, Pb, Yb


def word_logits(p, X, M, P, top, heads, eps, key=None, quant: bool = False):
    import jax

    x = encode(p, X, M, top, heads, eps, quant)
    w = P @ x                                                    # (B, L words, 384) mean piece states
    if key is not None and DROPOUT > 0:
        w = w * jax.random.bernoulli(key, 1 - DROPOUT, w.shape) / (1 - DROPOUT)
    return w @ p["head_w"] + p["head_b"]


def train(d, X, tr: np.ndarray, args, evaluate=None):
    import jax
    import jax.numpy as jnp

    top, heads, eps, first = args.top, int(d["heads"]), float(d["eps"]), args.frozen
    key = jax.random.PRNGKey(args.seed)
    k1, key = jax.random.split(key)
    params = {f"l{n}.{k.split('.', 1)[1]}": jnp.asarray(d[f"l{first + n}.{k.split('.', 1)[1]}"])
              for n in range(top) for k in layer_names(1)}
    n_labels = len(d["label_names"])
    params.update(head_w=jax.random.normal(k1, (384, n_labels)) * 0.02, head_b=jnp.zeros(n_labels))
    lr_of = {k: (args.lr if k.startswith("l") else LR_HEAD) for k in params}
    decays = {k: (WEIGHT_DECAY if k.endswith("_w") else 0.0) for k in params}

    def loss(p, Xb, Mb, Pb, Yb, key):
        logits = word_logits(p, Xb, Mb, Pb, top, heads, eps, key, args.qat)
        lp = jax.nn.log_softmax(logits)
        valid = Yb >= 0
        nll = -jnp.take_along_axis(lp, jnp.maximum(Yb, 0)[..., None], axis=-1)[..., 0]
        return (nll * valid).sum() / jnp.maximum(valid.sum(), 1)

    step = adamw_step(loss, lr_of, decays)

    m = jax.tree_util.tree_map(jnp.zeros_like, params)
    v = jax.tree_util.tree_map(jnp.zeros_like, params)
    rng = np.random.default_rng(args.seed)
    n_steps = args.epochs * len(batches(d, tr, None))
    t = 0
    for epoch in range(args.epochs):
        t0, pieces = time.time(), 0
        for b, L in batches(d, tr, rng):
            t += 1
            key, sub = jax.random.split(key)
            Xb, Mb, Pb, Yb = batch_arrays(d, X, b, L)
            pieces += int(Mb.sum())
            params, m, v = step(params, m, v, t, Xb, Mb, Pb, Yb, sub, jnp.float32((t - 0.5) / n_steps))
        print(f"epoch {epoch + 1}: {pieces / (time.time() - t0):.0f} pieces/s ({time.time() - t0:.0f} s)", flush=True)
        if evaluate is not None:
            evaluate(params, epoch + 1)
    return params


def predict(d, X, params, idx: np.ndarray, args, quant: bool | None = None) -> list[np.ndarray]:
    """Per sentence of ``idx`` the word log-probabilities (n_words, 9); ``quant`` (default ``--qat``): with the
    int8 backend's quantisation simulated."""
    import jax

    top, heads, eps = args.top, int(d["heads"]), float(d["eps"])
    quant = args.qat if quant is None else quant
    f = jax.jit(lambda p, Xb, Mb, Pb: jax.nn.log_softmax(word_logits(p, Xb, Mb, Pb, top, heads, eps, None, quant)))
    out: dict[int, np.ndarray] = {}
    wo = d["word_off"]
    for b, L in batches(d, idx, None):
        lp = np.asarray(f(params, *batch_arrays(d, X, b, L)[:3]))
        for r, i in enumerate(b):
            out[int(i)] = lp[r, :wo[i + 1] - wo[i]]
    return [out[int(i)] for i in idx]


def span_prf(d, idx, logps) -> str:
    """Exact-span P/R/F of BIO labels (entities); for other label sets (the coarse quotation labels) word accuracy
    and the macro-F1 of the labels other than ``O``."""
    from standpunkt.corpora.tagging import bio_decode, bio_spans

    names = [str(x) for x in d["label_names"]]
    wo = d["word_off"]
    if not any(n.startswith("B-") for n in names):
        gold = np.concatenate([d["labels"][wo[i]:wo[i + 1]] for i in idx])
        pred = np.concatenate([lp.argmax(1) for lp in logps])
        f1s = []
        for k in range(1, len(names)):
            tp, fp, fn = ((gold == k) & (pred == k)).sum(), ((gold != k) & (pred == k)).sum(), \
                ((gold == k) & (pred != k)).sum()
            if tp + fn:
                f1s.append(2 * tp / max(2 * tp + fp + fn, 1))
        return f"word accuracy {(gold == pred).mean():.3f}, macro-F1 without O {np.mean(f1s):.3f}"
    tp = fp = fn = 0
    for i, lp in zip(idx, logps):
        gold = bio_spans([names[k] for k in d["labels"][wo[i]:wo[i + 1]]])
        pred = bio_spans(bio_decode(lp, names))
        tp, fp, fn = tp + len(gold & pred), fp + len(pred - gold), fn + len(gold - pred)
    p, r = tp / max(tp + fp, 1), tp / max(tp + fn, 1)
    return f"P {p:.3f} R {r:.3f} F {2 * p * r / max(p + r, 1e-12):.3f}"


def silver_draw(s, limit: int | None = SILVER_MAX) -> np.ndarray:
    """The unlabelled sentences used for self-training: at most ``limit``, a fixed draw (check sentences, at the end
    of every inputs file, excluded; a smaller draw is the start of a larger one's permutation, so a subset of it)."""
    n = len(s["piece_off"]) - 1 - int(s["n_check"])
    rng = np.random.default_rng(SILVER_DRAW_SEED)
    return np.sort(rng.permutation(n)[:limit])


def with_silver(d, X, s, Xs, idx: np.ndarray, labels: list[np.ndarray]):
    """``d`` / ``X`` with the unlabelled sentences ``idx`` of ``s`` / ``Xs`` appended (after the check sentences, so
    the gold indices stay as they are), labelled ``labels`` (indices into ``d``'s label names); returns the merged
    inputs and the indices of the appended sentences."""
    po, wo = s["piece_off"], s["word_off"]
    pieces = [np.arange(po[i], po[i + 1]) for i in idx]
    lengths = np.array([len(p) for p in pieces])
    words = np.array([wo[i + 1] - wo[i] for i in idx])
    assert all(len(y) == w for y, w in zip(labels, words))
    flat = np.concatenate(pieces)
    m = dict(d)
    m["piece_off"] = np.concatenate([d["piece_off"], d["piece_off"][-1] + np.cumsum(lengths)])
    m["word_off"] = np.concatenate([d["word_off"], d["word_off"][-1] + np.cumsum(words)])
    m["owner"] = np.concatenate([d["owner"], s["owner"][flat]])
    m["ids"] = np.concatenate([d["ids"], s["ids"][flat]])
    m["labels"] = np.concatenate([d["labels"], np.concatenate(labels).astype(d["labels"].dtype)])
    first = len(d["piece_off"]) - 1
    return m, np.concatenate([X, Xs[flat].astype(X.dtype)]), np.arange(first, first + len(idx))


def silver_labels(names: list[str], files: list[str], idx: np.ndarray) -> list[np.ndarray]:
    """Hard labels (indices into ``names``) of the drawn unlabelled sentences from the teachers' ``--save-silver``
    files: the best BIO-valid sequence (:func:`standpunkt.corpora.tagging.bio_decode`) of their mean label
    probabilities."""
    from standpunkt.corpora.tagging import bio_decode

    runs = []
    for f in files:
        with np.load(f) as z:
            if not np.array_equal(z["idx"], idx):
                raise SystemExit(f"{f}: not the silver draw of these inputs (another --silver-max?)")
            logp, wo = z["logp"], z["word_off"]
        runs.append([logp[wo[j]:wo[j + 1]] for j in range(len(idx))])
    out = []
    for j in range(len(idx)):
        mean = np.log(np.mean([np.exp(r[j]) for r in runs], axis=0))
        out.append(np.array([names.index(t) for t in bio_decode(mean, names)], np.int8))
    return out


def save_logp(path: Path, idx: np.ndarray, logps: list[np.ndarray]) -> None:
    """Word log-probabilities of the sentences ``idx`` (training-sentence indices), read by :func:`score_files` and
    ``train_quotes.py --e5ft-logp``."""
    np.savez(path, idx=idx, logp=np.concatenate(logps).astype(np.float32),
             word_off=np.concatenate([[0], np.cumsum([len(x) for x in logps])]))


def runtime_logp(inputs: str, tagger: Path, fold: tuple[int, int], out: Path, tuned_int8: bool,
                 tuned_backend: str | None = None) -> None:
    """Fold ``K`` of the quote inputs tagged by ``tagger`` (trained without it) through
    :class:`standpunkt.language.ner_e5ft.E5NERHead` — the run time's backends instead of the training framework —
    written as ``--save-logp`` writes it: out-of-fold inputs for ``train_quotes.py --e5ft-logp`` that are what the CRF
    will see at run time (with ``tuned_int8``: the all-int8 tagger, docs/speech.md, stop 34; ``tuned_backend``:
    the tuned layers on that encoder backend, e.g. ``openvino-bf16``, stop 35)."""
    from standpunkt.language.ner_e5ft import E5NERHead

    with np.load(inputs) as z:
        d = {k: z[k] for k in ("piece_off", "word_off", "labels", "label_names", "n_check", "fold")}
    k, folds = fold
    n = len(d["piece_off"]) - 1 - int(d["n_check"])
    if folds != int(d["fold"].max()) + 1:
        raise SystemExit(f"{inputs} has {int(d['fold'].max()) + 1} folds, not {folds}")
    te = np.flatnonzero(d["fold"][:n] == k)
    wo, sents = d["word_off"], quote_sentences()[0]
    head = E5NERHead(tagger, tuned_int8=tuned_int8, tuned_backend=tuned_backend)
    lps = head.logprobs([sents[i][:wo[i + 1] - wo[i]] for i in te])
    print(f"fold {k} of {folds} at run time (tuned layers on {head.backend}): {span_prf(d, te, lps)}")
    save_logp(out, te, lps)


def score_files(inputs: str, files: list[str]) -> None:
    """Span P/R/F of each ``--save-logp`` file and of their ensemble (mean of the label probabilities)."""
    with np.load(inputs) as z:
        d = {"word_off": z["word_off"], "labels": z["labels"], "label_names": z["label_names"]}
    runs = []
    for f in files:
        with np.load(f) as z:
            idx, wo = z["idx"], z["word_off"]
            logp = z["logp"]
            runs.append([logp[wo[j]:wo[j + 1]] for j in range(len(idx))])
        print(f"{f}: {span_prf(d, idx, runs[-1])}")
    mean = [np.log(np.mean([np.exp(r[j]) for r in runs], axis=0)) for j in range(len(idx))]
    print(f"ensemble of {len(files)}: {span_prf(d, idx, mean)}")


def add_silver_max(ap: argparse.ArgumentParser) -> None:
    """``--silver-max N`` (0: every unlabelled sentence, parsed as None), for the commands that draw silver sentences:
    teachers, students and ``silver-tags`` must agree."""
    ap.add_argument("--silver-max", type=lambda s: int(s) or None, default=SILVER_MAX,
                    help=f"unlabelled sentences drawn (default {SILVER_MAX}; 0: all; teachers and student must agree)")


def main(argv: list[str] | None = None) -> int:
    if argv is None:
        argv = sys.argv[1:]
    if argv and argv[0] == "score":
        ap = argparse.ArgumentParser(description="score --save-logp files and their probability average")
        ap.add_argument("inputs")
        ap.add_argument("files", nargs="+")
        a = ap.parse_args(argv[1:])
        score_files(a.inputs, a.files)
        return 0
    if argv and argv[0] == "silver-tags":
        ap = argparse.ArgumentParser(description="the teachers' tags of the drawn quote-input sentences as JSON lines")
        ap.add_argument("inputs")
        ap.add_argument("files", nargs="+")
        ap.add_argument("--out", type=Path, required=True)
        add_silver_max(ap)
        a = ap.parse_args(argv[1:])
        write_silver_tags(a.inputs, a.files, a.out, a.silver_max)
        return 0
    if argv and argv[0] == "runtime-logp":
        ap = argparse.ArgumentParser(description="a saved --jackknife K/N tagger's outputs on its held-out fold of "
                                                 "the quote inputs as the run time computes them")
        ap.add_argument("inputs")
        ap.add_argument("tagger", type=Path, help="the fold's tagger (--jackknife K/N --out)")
        ap.add_argument("fold", type=lambda s: tuple(int(x) for x in s.split("/")), metavar="K/N")
        ap.add_argument("out", type=Path)
        ap.add_argument("--tuned-int8", action="store_true", help="the tuned layers in int8 too (all layers int8)")
        ap.add_argument("--tuned-backend", help="the tuned layers on this encoder backend (e.g. openvino-bf16)")
        a = ap.parse_args(argv[1:])
        runtime_logp(a.inputs, a.tagger, a.fold, a.out, a.tuned_int8, a.tuned_backend)
        return 0
    if argv and argv[0] in ("inputs", "quote-inputs"):
        ap = argparse.ArgumentParser(description="step 1: frozen e5 states of the GermEval training sentences "
                                                 "(quote-inputs: of the quotes-de-news training articles)")
        ap.add_argument("out", type=Path)
        ap.add_argument("--germeval-dir", type=Path, default=Path("../shared/data/germeval2014"))
        ap.add_argument("--layers", type=lambda s: [int(x) for x in s.split(",")], default=[4, 6, 8])
        a = ap.parse_args(argv[1:])
        if argv[0] == "inputs":
            build_inputs(a.germeval_dir, a.out, a.layers)
        else:
            build_quote_inputs(a.out, a.layers)
        return 0
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("inputs")
    mode = ap.add_mutually_exclusive_group(required=True)
    mode.add_argument("--tune", action="store_true", help="train without the tuning slice, score it per epoch")
    mode.add_argument("--final", action="store_true", help="train on all training sentences, write the model")
    ap.add_argument("--frozen", type=int, default=4, help="frozen layers (states read from the inputs)")
    ap.add_argument("--top", type=int, default=4, help="layers fine-tuned above the frozen ones")
    ap.add_argument("--epochs", type=int, default=EPOCHS)
    ap.add_argument("--lr", type=float, default=LR_ENCODER, help="encoder learning rate")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--qat", action="store_true",
                    help="quantisation-aware: train (and write out-of-fold outputs) with the int8 backend's "
                         "quantisation simulated; the written tagger runs its tuned layers in int8")
    ap.add_argument("--limit", type=int, default=None, help="timing runs: train on this many sentences")
    ap.add_argument("--out", type=Path, default=None)
    ap.add_argument("--save-logp", type=Path, default=None,
                    help="--tune: write the tuning slice's word log-probabilities after the last epoch; "
                         "--jackknife: write the held-out fold's")
    ap.add_argument("--jackknife", type=lambda s: tuple(int(x) for x in s.split("/")), default=None, metavar="K/N",
                    help="with --tune or --final: train on all folds but K of N (sentence index mod N; the quotation "
                         "inputs: their document folds) of the tuning "
                         "or full training part and write fold K's word log-probabilities to --save-logp (out-of-fold "
                         "inputs for a CRF that reads this tagger: train_quotes.py --e5ft-logp)")
    ap.add_argument("--silver", default=None, metavar="INPUTS",
                    help="self-training: inputs of unlabelled sentences (quote-inputs builds them from the "
                         "quotes-de-news training articles); with --save-silver write this model's word "
                         "log-probabilities of the drawn sentences (a teacher), with --silver-logp train on them too")
    ap.add_argument("--save-silver", type=Path, default=None, help="teacher: write the drawn sentences' outputs here")
    add_silver_max(ap)
    ap.add_argument("--silver-logp", type=lambda s: s.split(","), default=None, metavar="F1,F2,...",
                    help="student: label the drawn sentences with these teachers' mean probabilities and train on "
                         "the gold sentences plus them")
    args = ap.parse_args(argv)
    if (args.save_silver or args.silver_logp) and not args.silver:
        ap.error("--save-silver and --silver-logp need --silver")
    if args.jackknife and not args.save_logp:
        ap.error("--jackknife needs --save-logp")

    import jax

    jax.config.update("jax_default_matmul_precision", "highest")
    d = dict(np.load(args.inputs))
    X = d[f"X{args.frozen}"]
    n = len(d["piece_off"]) - 1 - int(d["n_check"])
    t0 = time.time()
    extra = np.arange(0)
    if args.silver:
        s = dict(np.load(args.silver))
        Xs = s[f"X{args.frozen}"]
        drawn = silver_draw(s, args.silver_max)
        if args.silver_logp:
            labels = silver_labels([str(x) for x in d["label_names"]], args.silver_logp, drawn)
            d, X, extra = with_silver(d, X, s, Xs, drawn, labels)
            print(f"self-training: {len(extra)} unlabelled sentences labelled by {len(args.silver_logp)} "
                  f"teacher(s)", flush=True)

    def teacher_outputs(params):
        if args.save_silver:
            sd = {k: s[k] for k in ("piece_off", "word_off", "owner", "labels", "heads", "eps")}
            save_logp(args.save_silver, drawn, predict(sd, Xs, params, drawn, args))
            print(f"silver outputs of {len(drawn)} sentences -> {args.save_silver}", flush=True)

    if args.jackknife:
        k, folds = args.jackknife
        part = np.arange(n - TUNE_SENTENCES if args.tune else n)
        fold = d["fold"][part] if "fold" in d else part % folds     # the quotation inputs: by document
        tr, te = part[fold != k], part[fold == k]
        params = train(d, X, tr, args)
        logps = predict(d, X, params, te, args)
        print(f"fold {k} of {folds}: {span_prf(d, te, logps)} ({time.time() - t0:.0f} s)", flush=True)
        save_logp(args.save_logp, te, logps)
        if args.out is not None:                    # the fold's tagger itself, e.g. to score it at run time
            write_model(d, X, params, args, n)
        return 0
    if args.tune:
        tr, te = np.arange(n - TUNE_SENTENCES), np.arange(n - TUNE_SENTENCES, n)
        if args.limit:
            tr = tr[:args.limit]
        tr = np.concatenate([tr, extra])

        def report(params, epoch):
            logps = predict(d, X, params, te, args)
            print(f"tuning slice, frozen {args.frozen} top {args.top} lr {args.lr:g}, epoch {epoch}: "
                  f"{span_prf(d, te, logps)} ({time.time() - t0:.0f} s)", flush=True)
            if args.save_logp and epoch == args.epochs:
                save_logp(args.save_logp, te, logps)

        teacher_outputs(train(d, X, tr, args, report))
        return 0
    params = train(d, X, np.concatenate([np.arange(n), extra]), args)
    teacher_outputs(params)
    if args.out is not None:
        write_model(d, X, params, args, n)
        print(f"trained on {n} sentences (+ {len(extra)} self-training) in {time.time() - t0:.0f} s -> {args.out} "
              f"({args.out.stat().st_size / 1e6:.1f} MB)")
    return 0


def write_model(d, X, params, args, n: int) -> None:
    """The tagger for numpy inference (:mod:`standpunkt.language.ner_e5ft`) → ``args.out``; the check sentences'
    log-probabilities all in float32, as ``E5NERHead.check`` recomputes them."""
    check = np.arange(n, n + int(d["n_check"]))
    out = {"labels": d["label_names"], "frozen": np.int32(args.frozen), "top": np.int32(args.top),
           "check_words": d["check_words"], "head_w": np.asarray(params["head_w"], np.float32),
           "head_b": np.asarray(params["head_b"], np.float32),
           "check_logp": np.concatenate(predict(d, X, params, check, args, quant=False)).astype(np.float32),
           "int8": np.bool_(args.qat)}
    out.update(int8_deltas(params, d, args.top, first=args.frozen))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(args.out, **out)


if __name__ == "__main__":
    raise SystemExit(main())
