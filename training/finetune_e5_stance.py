"""Fine-tune the top layers of multilingual-e5-small for DebateNet major field and polarity (step 2 of 2, JAX).

Reads the ``.npz`` of ``training/e5_stance_inputs.py`` (frozen lower-layer token states, the dequantised top
layers, labels, article folds; or, written with ``--top 12``, token ids and all layers in 4-bit blocks, small enough
for the GPU machine: :func:`load_inputs`) and trains the top layers with two heads on the mean-pooled output
(``--top K``: only the top K of the file's layers, the ones below run once, :func:`freeze_lower`):

- **category**: logits over the 9 major fields (cross-entropy, class weights ``(n / count) ** 0.5``);
- **polarity** towards the annotated field: a shared margin plus one per field (balanced cross-entropy), as
  ``training/finetune_use_debatenet.py`` did for USE.

A fixed recipe, chosen before looking at the test folds and not tuned on them: AdamW (encoder lr 1e-4, heads 1e-3,
weight decay 0.01), linear warm-up over the first 10 % of the steps then linear decay, batch 32, dropout 0.1 on the
pooled vector, :data:`EPOCHS` epochs, the sum of the two losses.

``--cv``: for each of the 5 grouped folds, train on the other four and write the held-out logits and margins
(``oof_cat`` (n, 9), ``oof_pol`` (n,), positive = support) to ``--out`` (one file per training seed; ``--seed 0 1 2``
trains several in one process, sharing its compilations); the figures are printed. ``--final``: train on all claims
and write the fine-tuned model for numpy inference (:mod:`standpunkt.stance.e5head`): deltas of the tuned layers'
matrices from the 4-bit starting weights in int8 (one scale per output column; ``--delta-bits 4``: 15 levels, half
the file), float32 vectors and heads, and the outputs of this JAX model on a few check sentences, which the numpy
inference must reproduce (``tests/test_e5head.py``). ``training/train_e5head_gpu.sh`` runs the CV on the GPU machine.

Variants measured in stop 36 and not kept (docs/stance.md): ``--polarity-only`` trains the polarity margin alone, for
inputs whose text names the claim's proposition (``e5_stance_inputs.py --proposition``, a cross-encoder);
``--sub-loss W`` adds an auxiliary head over the sub-categories, dropped from the saved model (with ``--cv`` its
out-of-fold logits are written as ``oof_sub``, codes in ``sub_codes``: ``eval_e5_head_stance.py --sub-weight``;
stop 37, not kept either).

    pip install '.[training]'    # into a separate venv: jax (CPU)
    python training/finetune_e5_stance.py /tmp/e5-stance-inputs.npz --cv --seed 0 --out /tmp/oof-0.npz
    python training/finetune_e5_stance.py /tmp/e5-in-12.npz --cv --top 4 --seed 0 1 2 --out '/tmp/oof4-{seed}.npz'
    python training/finetune_e5_stance.py /tmp/e5-in-12.npz --final --delta-bits 4 --out src/standpunkt/models/debatenet-mig15/e5head.npz
"""

from __future__ import annotations

import argparse
import time

import numpy as np

EPOCHS = 5
BATCH = 32
LR_ENCODER = 1e-4
LR_HEAD = 1e-3
WEIGHT_DECAY = 0.01
DROPOUT = 0.1
#: Token-length buckets (padded shapes): JAX compiles one program per shape.
BUCKETS = (24, 40, 64, 96, 160, 256)


def layer_names(top: int) -> list[str]:
    return [f"l{n}.{k}" for n in range(top) for k in ("qkv_w", "qkv_b", "ao_w", "ao_b", "fi_w", "fi_b", "fo_w", "fo_b",
                                                      "aln.w", "aln.b", "oln.w", "oln.b")]


def fake_quant_act(x):
    """``x`` as onnxruntime's ``DynamicQuantizeLinear`` sees it (uint8, one scale and zero point per tensor, the range
    widened to hold 0), with a straight-through gradient: quantisation-aware training for the int8 backend."""
    import jax
    import jax.numpy as jnp

    lo = jax.lax.stop_gradient(jnp.minimum(x.min(), 0.0))
    hi = jax.lax.stop_gradient(jnp.maximum(x.max(), 0.0))
    scale = jnp.maximum(hi - lo, 1e-8) / 255.0
    zero = jnp.round(-lo / scale)
    q = (jnp.clip(jnp.round(x / scale) + zero, 0, 255) - zero) * scale
    return x + jax.lax.stop_gradient(q - x)


def fake_quant_weight(w):
    """``w`` (in, out) as ``quantize_dynamic(per_channel=True, weight_type=QInt8)`` stores it (symmetric int8, one
    scale per output column), with a straight-through gradient."""
    import jax
    import jax.numpy as jnp

    scale = jax.lax.stop_gradient(jnp.maximum(jnp.abs(w).max(0), 1e-12) / 127.0)
    return w + jax.lax.stop_gradient(jnp.round(w / scale) * scale - w)


def encode(p, X, M, top, heads, eps, quant: bool = False):
    """Token states ``(B, L, 384)`` after the top layers ``p["l0.*"]`` … over the frozen states ``X``, as
    standpunkt.language.encoder runs them (also used by training/finetune_e5_ner.py). ``quant``: the matrices and
    their inputs as the int8 backend (``encoder_onnx``, ``precision="int8"``) quantises them — except the FFN
    down-projection's input, which that backend smooths first (:func:`fake_quant_act`, :func:`fake_quant_weight`)."""
    import jax
    import jax.numpy as jnp

    qa = fake_quant_act if quant else (lambda x: x)
    qw = fake_quant_weight if quant else (lambda w: w)

    def ln(x, w, b):
        mu = x.mean(-1, keepdims=True)
        x = x - mu
        return x / jnp.sqrt((x * x).mean(-1, keepdims=True) + eps) * w + b

    B, L, H = X.shape
    hd = H // heads
    neg = jnp.where(M, 0.0, -1e30)[:, None, None, :]
    x = X
    for n in range(top):
        g = lambda k: p[f"l{n}.{k}"]  # noqa: E731
        qkv = (qa(x) @ qw(g("qkv_w")) + g("qkv_b")).reshape(B, L, 3, heads, hd).transpose(2, 0, 3, 1, 4)
        att = jax.nn.softmax((qkv[0] / np.sqrt(hd)) @ qkv[1].transpose(0, 1, 3, 2) + neg, axis=-1)
        ctx = (att @ qkv[2]).transpose(0, 2, 1, 3).reshape(B, L, H)
        x = ln(x + qa(ctx) @ qw(g("ao_w")) + g("ao_b"), g("aln.w"), g("aln.b"))
        mid = qa(x) @ qw(g("fi_w")) + g("fi_b")
        mid = 0.5 * mid * (1.0 + jax.scipy.special.erf(mid * 0.7071067811865476))
        x = ln(x + mid @ qw(g("fo_w")) + g("fo_b"), g("oln.w"), g("oln.b"))
    return x


def forward(p, X, M, top, heads, eps, key=None):
    """Pooled unit-free vector (mean over tokens) after the top layers, as standpunkt.language.encoder runs them."""
    import jax

    x = encode(p, X, M, top, heads, eps)
    m = M[..., None].astype(x.dtype)
    pooled = (x * m).sum(1) / m.sum(1)
    if key is not None and DROPOUT > 0:
        pooled = pooled * jax.random.bernoulli(key, 1 - DROPOUT, pooled.shape) / (1 - DROPOUT)
    return pooled


def outputs(p, X, M, field, top, heads, eps, key=None, with_sub: bool = False):
    """(category logits (B, F), polarity margin (B,) towards ``field``, support positive); ``with_sub``: and the
    sub-category logits of the auxiliary head (``--sub-loss``)."""
    import jax.numpy as jnp

    z = forward(p, X, M, top, heads, eps, key)
    z = z / jnp.sqrt((z * z).sum(-1, keepdims=True) + 1e-12) * p["scale"]
    cat = z @ p["cat_w"] + p["cat_b"]
    pol = z @ p["pol_w"] + p["pol_b"]
    margin = pol[:, -1] + pol[jnp.arange(len(field)), field]
    return (cat, margin, z @ p["sub_w"] + p["sub_b"]) if with_sub else (cat, margin)


def bucket_batches(lengths: np.ndarray, idx: np.ndarray, rng: np.random.Generator | None):
    """Batches of ``idx`` grouped by padded length bucket (shuffled within and across buckets when ``rng``)."""
    bucket = np.searchsorted(BUCKETS, lengths[idx])
    out = []
    for b in np.unique(bucket):
        members = idx[bucket == b]
        if rng is not None:
            members = rng.permutation(members)
        L = BUCKETS[b]
        out += [(members[s:s + BATCH], L) for s in range(0, len(members), BATCH)]
    if rng is not None:
        out = [out[i] for i in rng.permutation(len(out))]
    return out


def filled(b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Batch ``b`` filled up to :data:`BATCH` rows (its first row repeated) and the rows' weights (0 on the fill).
    Every batch of a bucket then has one shape, so JAX compiles one program per bucket and not one per remainder
    batch, which differ between folds: on the GPU each compilation of the 12-layer step took about 10 s, about
    2 minutes per fold against 2 s per epoch of training (docs/stance.md)."""
    fill = BATCH - len(b)
    return np.concatenate([b, np.repeat(b[:1], fill)]), np.r_[np.ones(len(b)), np.zeros(fill)].astype(np.float32)


def adamw_step(loss, lr_of: dict, decays: dict):
    """A jitted AdamW step for both fine-tuning recipes: ``step(p, m, v, t, *batch, key, frac)`` with the gradient of
    ``loss(p, *batch, key)``, β 0.9 / 0.999, per-parameter learning rates ``lr_of`` and decoupled weight decays
    ``decays``, and the learning rate warmed up linearly over the first 10 % of training (``frac``) then decayed
    linearly to 0."""
    import jax
    import jax.numpy as jnp

    @jax.jit
    def step(p, m, v, t, *args):
        *batch, key, frac = args
        g = jax.grad(loss)(p, *batch, key)
        m = jax.tree_util.tree_map(lambda a, b: 0.9 * a + 0.1 * b, m, g)
        v = jax.tree_util.tree_map(lambda a, b: 0.999 * a + 0.001 * b * b, v, g)
        sched = jnp.minimum(frac / 0.1, (1 - frac) / 0.9)

        def upd(k):
            mh, vh = m[k] / (1 - 0.9 ** t), v[k] / (1 - 0.999 ** t)
            return p[k] - lr_of[k] * sched * (mh / (jnp.sqrt(vh) + 1e-8) + decays[k] * p[k])
        return {k: upd(k) for k in p}, m, v
    return step


def train(d, tr: np.ndarray, seed: int, evaluate=None, cat_loss: float = 1.0, sub_loss: float = 0.0):
    """Fine-tuned parameters after EPOCHS epochs on claims ``tr``; ``evaluate(params, epoch)`` is called per epoch."""
    import jax
    import jax.numpy as jnp

    top = int(d["top"])
    X, M, field, pol = d["X"], d["M"], d["field"], d["polarity"]
    lengths = M.sum(1)
    nf = len(d["fields"])
    key = jax.random.PRNGKey(seed)
    k1, k2, key = jax.random.split(key, 3)
    params = {k: jnp.asarray(d[k]) for k in layer_names(top)}
    params.update(cat_w=jax.random.normal(k1, (384, nf)) * 0.01, cat_b=jnp.zeros(nf),
                  pol_w=jax.random.normal(k2, (384, nf + 1)) * 0.01, pol_b=jnp.zeros(nf + 1),
                  scale=jnp.array(10.0, jnp.float32))  # not weakly typed: the steps after the first would recompile
    sub = d["concept"] if sub_loss else np.zeros(len(field), np.int32)
    ns = len(d["concepts"]) if sub_loss else 1
    wsub = jnp.ones(ns, jnp.float32)
    if sub_loss:
        # an auxiliary head over the sub-categories, its class weights as the fields' (not used at inference)
        params.update(sub_w=jax.random.normal(jax.random.PRNGKey(10_000 + seed), (384, ns)) * 0.01, sub_b=jnp.zeros(ns))
        sc = np.bincount(sub[tr], minlength=ns)
        wsub = jnp.asarray((sc.sum() / np.maximum(sc, 1) / ns) ** 0.5, jnp.float32)
    counts = np.bincount(field[tr], minlength=nf)
    wcat = jnp.asarray((counts.sum() / np.maximum(counts, 1) / nf) ** 0.5, jnp.float32)
    y_pol = (pol > 0).astype(np.int32)
    pc = np.bincount(y_pol[tr], minlength=2)
    wpol = jnp.asarray(pc.sum() / np.maximum(pc, 1) / 2, jnp.float32)
    step = _train_step(d, params, cat_loss, sub_loss)

    m = jax.tree_util.tree_map(jnp.zeros_like, params)
    v = jax.tree_util.tree_map(jnp.zeros_like, params)
    rng = np.random.default_rng(seed)
    n_steps = EPOCHS * len(bucket_batches(lengths, tr, None))
    t = 0
    for epoch in range(EPOCHS):
        for b, L in bucket_batches(lengths, tr, rng):
            t += 1
            key, drop = jax.random.split(key)
            b, keep = filled(b)
            params, m, v = step(params, m, v, t, X[b, :L], M[b, :L], field[b], y_pol[b], sub[b], keep, wcat, wpol,
                                wsub, drop,
                                jnp.float32((t - 0.5) / n_steps))
        if evaluate is not None:
            evaluate(params, epoch + 1)
    return params


#: Jitted functions by model shape: one compilation per padded length serves every fold and seed of a process.
_COMPILED: dict = {}


def _train_step(d, params, cat_loss: float = 1.0, sub_loss: float = 0.0):
    top, heads, eps = int(d["top"]), int(d["heads"]), float(d["eps"])
    key = ("step", top, heads, eps, tuple(sorted(params)), cat_loss, sub_loss)
    if key not in _COMPILED:
        import jax
        import jax.numpy as jnp

        def loss(p, Xb, Mb, fb, yb, sb, keep, wcat, wpol, wsub, key):
            if sub_loss:
                cat, margin, sl = outputs(p, Xb, Mb, fb, top, heads, eps, key, with_sub=True)
            else:
                cat, margin = outputs(p, Xb, Mb, fb, top, heads, eps, key)
            lc = -jax.nn.log_softmax(cat)[jnp.arange(len(fb)), fb]
            lp = jax.nn.softplus(jnp.where(yb == 1, -margin, margin))
            wc, wp = keep * wcat[fb], keep * wpol[yb]
            total = cat_loss * (wc * lc).sum() / wc.sum() + (wp * lp).sum() / wp.sum()
            if sub_loss:
                ws = keep * wsub[sb]
                total = total + sub_loss * (ws * -jax.nn.log_softmax(sl)[jnp.arange(len(sb)), sb]).sum() / ws.sum()
            return total

        lr_of = {k: (LR_ENCODER if k.startswith("l") else LR_HEAD) for k in params}
        decays = {k: (WEIGHT_DECAY if k.endswith("_w") else 0.0) for k in params}
        _COMPILED[key] = adamw_step(loss, lr_of, decays)
    return _COMPILED[key]


def predict(d, params, idx: np.ndarray, with_sub: bool = False):
    """(category logits, polarity margins) of the claims ``idx``; ``with_sub``: and the auxiliary head's
    sub-category logits (``--sub-loss``)."""
    import jax

    top, heads, eps = int(d["top"]), int(d["heads"]), float(d["eps"])
    key = ("predict", top, heads, eps, with_sub)
    if key not in _COMPILED:
        _COMPILED[key] = jax.jit(lambda p, Xb, Mb, fb: outputs(p, Xb, Mb, fb, top, heads, eps, with_sub=with_sub))
    f = _COMPILED[key]
    cat = np.zeros((len(d["X"]), len(d["fields"])), np.float32)
    pol = np.zeros(len(d["X"]), np.float32)
    sub = np.zeros((len(d["X"]), len(d["concepts"]) if with_sub else 0), np.float32)
    for b, L in bucket_batches(d["M"].sum(1), idx, None):
        rows = filled(b)[0]
        got = f(params, d["X"][rows, :L], d["M"][rows, :L], d["field"][rows])
        cat[b], pol[b] = np.asarray(got[0])[:len(b)], np.asarray(got[1])[:len(b)]
        if with_sub:
            sub[b] = np.asarray(got[2])[:len(b)]
    return (cat[idx], pol[idx], sub[idx]) if with_sub else (cat[idx], pol[idx])


def scores(d, idx, cat, pol) -> str:
    from sklearn.metrics import f1_score

    cf = f1_score(d["field"][idx], cat.argmax(1), average="macro")
    pf = f1_score((d["polarity"][idx] > 0).astype(int), (pol > 0).astype(int), average="macro")
    return f"category {cf:.3f} polarity {pf:.3f}"


def int8_deltas(params, start, top: int, first: int = 0, bits: int = 8) -> dict[str, np.ndarray]:
    """The fine-tuned layers for numpy inference: int8 deltas of each matrix ``l{n}.*_w`` from its starting weights
    ``start[f"l{first + n}.*_w"]`` (one scale per output column, ``.dq`` / ``.ds``), float32 for the rest."""
    out = {}
    for k in layer_names(top):
        w = np.asarray(params[k], np.float32)
        if k.endswith("_w"):
            n, name = k[1:].split(".", 1)
            delta = w - start[f"l{first + int(n)}.{name}"]
            scale = np.maximum(np.abs(delta).max(0), 1e-12) / (2 ** (bits - 1) - 1)
            out[f"{k}.dq"] = np.round(delta / scale).astype(np.int8)
            out[f"{k}.ds"] = scale.astype(np.float32)
        else:
            out[k] = w
    return out


def load_inputs(path) -> dict:
    """The ``.npz`` of ``training/e5_stance_inputs.py`` with its 4-bit matrices dequantised and, where it holds token
    ids (``--top 12``), ``X`` rebuilt as the embedding layer's output, as ``E5Encoder.embeddings`` computes it."""
    d = dict(np.load(path))
    for k in [k[:-3] for k in d if k.endswith(".q4")]:
        nib, scale = d.pop(f"{k}.q4"), d.pop(f"{k}.q4d").astype(np.float32)
        q = np.stack([nib & 15, nib >> 4], -1).reshape(len(nib), -1, 32).astype(np.float32) - 8.0
        w = (q * scale[..., None]).reshape(len(nib), -1)
        d[k] = np.ascontiguousarray(w if k == "word_rows" else w.T)
    if "ids" in d:
        x = d.pop("word_rows")[d["ids"]] + d["pos_type"][None, :d["ids"].shape[1]]
        x -= x.mean(-1, keepdims=True)
        x /= np.sqrt((x * x).mean(-1, keepdims=True) + float(d["eps"]))
        d["X"] = (x * d["emb_ln.w"] + d["emb_ln.b"]).astype(np.float32)
    return d


def freeze_lower(d: dict, top: int) -> dict:
    """``d`` with only its top ``top`` layers left to tune: the layers below run once over ``X`` (and the check
    sentences) and the top ones are renamed ``l0`` …, as if ``e5_stance_inputs.py --top top`` had written the file."""
    have = int(d["top"])
    if top == have:
        return d
    if not 0 < top < have:
        raise SystemExit(f"--top must lie in 1..{have} for these inputs, not {top}")
    import jax

    lower = have - top
    heads, eps = int(d["heads"]), float(d["eps"])
    p = {k: d[k] for k in layer_names(lower)}
    f = jax.jit(lambda p, Xb, Mb: encode(p, Xb, Mb, lower, heads, eps))
    X = np.zeros_like(d["X"])
    for b, L in bucket_batches(d["M"].sum(1), np.arange(len(X)), None):
        rows = filled(b)[0]
        X[b, :L] = np.asarray(f(p, d["X"][rows, :L], d["M"][rows, :L]))[:len(b)] * d["M"][b, :L, None]
    names = layer_names(have)
    out = {k: v for k, v in d.items() if k not in names}
    check_X = np.asarray(f(p, d["check_X"], d["check_M"])) * d["check_M"][..., None]
    out.update(X=X, check_X=check_X, top=np.int64(top))
    out.update(zip(layer_names(top), (d[k] for k in names[len(names) - len(layer_names(top)):])))
    return out


def save_model(d, params, path, bits: int = 8) -> None:
    """int8 deltas of the matrices from the starting weights (scale per output column; ``bits`` < 8 uses fewer of
    the int8 levels, which the compressed file then stores in fewer bytes), float32 for the rest."""
    top = int(d["top"])
    out = {"fields": d["fields"], "top": np.int32(top), "check_texts": d["check_texts"]}
    out.update(int8_deltas(params, d, top, bits=bits))
    scale = float(params["scale"])
    for k in ("cat_w", "cat_b", "pol_w", "pol_b"):
        out[k] = np.asarray(params[k], np.float32) * (scale if k.endswith("_w") else 1.0)
    # Reference outputs of this JAX model on the check sentences (before the int8 rounding of the deltas).
    import jax.numpy as jnp

    CX, CM = jnp.asarray(d["check_X"]), jnp.asarray(d["check_M"])
    z = forward(params, CX, CM, top, int(d["heads"]), float(d["eps"]))
    z = z / jnp.sqrt((z * z).sum(-1, keepdims=True) + 1e-12) * params["scale"]
    out["check_cat"] = np.asarray(z @ params["cat_w"] + params["cat_b"], np.float32)
    out["check_pol"] = np.asarray(z @ params["pol_w"] + params["pol_b"], np.float32)
    np.savez_compressed(path, **out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("inputs")
    mode = ap.add_mutually_exclusive_group(required=True)
    mode.add_argument("--cv", action="store_true", help="grouped 5-fold out-of-fold outputs")
    mode.add_argument("--final", action="store_true", help="train on all claims and write the model")
    ap.add_argument("--seed", type=int, nargs="+", default=[0],
                    help="training seeds (initialisation, order, dropout); several share one process's compilations")
    ap.add_argument("--folds", type=int, nargs="*", default=None, help="only these outer folds (--cv)")
    ap.add_argument("--top", type=int, default=None,
                    help="layers to tune (default: the inputs' --top); fewer freezes and runs the ones below once")
    ap.add_argument("--delta-bits", type=int, nargs="+", default=[8], choices=range(2, 9),
                    help="levels of the stored weight deltas (--final; 4 halves the file of a 12-layer model)")
    ap.add_argument("--polarity-only", action="store_true",
                    help="train the polarity margin alone (inputs written with e5_stance_inputs.py --proposition, "
                    "whose text names the category)")
    ap.add_argument("--sub-loss", type=float, default=0.0,
                    help="weight of an auxiliary sub-category loss (a head over the claims' first sub-codes, trained "
                    "with the others and dropped from the model)")
    ap.add_argument("--out", required=True,
                    help="output file; with several seeds it must contain {seed}, with several --delta-bits {bits}")
    args = ap.parse_args(argv)
    for name, values in (("seed", args.seed), ("bits", args.delta_bits)):
        if len(values) > 1 and f"{{{name}}}" not in args.out:
            ap.error(f"with several {name} values, --out must contain {{{name}}}")

    import jax

    jax.config.update("jax_default_matmul_precision", "highest")
    d = load_inputs(args.inputs)
    if args.sub_loss and "concept" not in d:
        raise SystemExit(f"{args.inputs}: no sub-categories in these inputs (written before --sub-loss existed); "
                         "write them again with training/e5_stance_inputs.py")
    if args.top is not None:
        d = freeze_lower(d, args.top)
    print(f"{len(d['X'])} claims, top {int(d['top'])} layers tuned, JAX on {jax.devices()[0].platform}", flush=True)
    for seed in args.seed:
        run(d, args, seed, args.out.replace("{seed}", str(seed)))
    return 0


def run(d, args, seed: int, out: str) -> None:
    n = len(d["X"])
    t0 = time.time()
    losses = {"cat_loss": 0.0 if args.polarity_only else 1.0, "sub_loss": args.sub_loss}
    if args.final:
        params = train(d, np.arange(n), seed, **losses)
        for bits in args.delta_bits:
            save_model(d, params, out.replace("{bits}", str(bits)), bits)
            print(f"trained on {n} claims in {time.time() - t0:.0f} s -> {out.replace('{bits}', str(bits))}",
                  flush=True)
        return
    oof_cat = np.zeros((n, len(d["fields"])), np.float32)
    oof_pol = np.zeros(n, np.float32)
    # with --sub-loss the auxiliary head's out-of-fold logits too (eval_e5_head_stance.py --sub-weight reads them)
    oof_sub = np.zeros((n, len(d["concepts"]) if args.sub_loss else 0), np.float32)
    done = np.zeros(n, bool)
    for k in (args.folds if args.folds else sorted(set(d["fold"].tolist()))):
        tr, te = np.flatnonzero(d["fold"] != k), np.flatnonzero(d["fold"] == k)

        def report(params, epoch, te=te, k=k):
            c, p = predict(d, params, te)
            print(f"fold {k} epoch {epoch}: {scores(d, te, c, p)} ({time.time() - t0:.0f} s)", flush=True)

        params = train(d, tr, seed + 100 * int(k), report, **losses)
        if args.sub_loss:
            oof_cat[te], oof_pol[te], oof_sub[te] = predict(d, params, te, with_sub=True)
        else:
            oof_cat[te], oof_pol[te] = predict(d, params, te)
        done[te] = True
        extra = {"oof_sub": oof_sub, "sub_codes": d["concepts"]} if args.sub_loss else {}
        np.savez(out, oof_cat=oof_cat, oof_pol=oof_pol, done=done, **extra)
    print(f"seed {seed}, {done.sum()} claims out of fold: {scores(d, np.flatnonzero(done), oof_cat[done], oof_pol[done])}"
          f" ({time.time() - t0:.0f} s)", flush=True)


if __name__ == "__main__":
    raise SystemExit(main())
