"""Learning curve of `standpunkt learn` on DebateNet: a simulated coder, uncertainty-first against random order.

For each seed, the claims of a quarter of the articles are held apart (scored, never reviewed); the rest is the pool
the coder reviews. The coder's answer is the gold label. Start from the codebook alone (its 3 example claims per
concept, ``examples/codebooks/debatenet-mig15.yaml``; claims that are codebook examples are neither reviewed nor
scored), "review" N claims, learn (examples + reviewed claims, then self-training on the pool's unreviewed claims as
``learn`` does it: :func:`standpunkt.stance.learned.fit_self_trained`, the codebook-alone model as the rule-based
coder; ``--no-self-train`` without), and score category macro-F1 on the held-apart claims (the definitions of
``standpunkt evaluate stance``, document context included).

Orders:

- ``random``: the N first claims of a random permutation of the pool;
- ``uncertainty``: the head of the product's review queue (:func:`standpunkt.commands.learn.queue_order`), built
  with the model learned after the last ``--learn-every`` (25) reviews: lowest confidence first, plus disagreement
  with the rule-based coder (here the codebook-alone model, which plays the keyword coder's part) and the rarity of
  the predicted concept and of its issue among the claims reviewed so far and the places before it; three places in
  ten explored in random order, and every place of the first ``learning.RANDOM_START`` (25) reviews
  (``--random-start``; 0: the queue from the first review, as before stop 21).

The learned models embed with ``--embedding`` (default: the product's, e5). The fully-trained model learns from the
whole pool. Prints a table and JSON, writes the plot (PNG).

    python benchmarks/bench_learning_curve.py                       # 5 seeds, N = 0 … 800, ~10 min on one core (e5 models)
    python benchmarks/bench_learning_curve.py --seeds 2 --ns 0,50,200
    python benchmarks/bench_learning_curve.py --pool a.json b.json --plot curve.png   # runs of distinct seeds as one
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
CLAIMS = REPO.parent / "shared" / "data" / "debatenet-mig15" / "claims.jsonl"
CODEBOOK = REPO / "examples" / "codebooks" / "debatenet-mig15.yaml"
NS = (0, 25, 50, 100, 200, 400, 600, 800)
TEST_SHARE = 0.25


def main() -> int:
    from standpunkt.stance.embed import DEFAULT_EMBEDDING, EMBEDDINGS

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--claims", type=Path, default=CLAIMS)
    ap.add_argument("--codebook", type=Path, default=CODEBOOK)
    ap.add_argument("--seeds", type=int, default=5)
    ap.add_argument("--first-seed", type=int, default=0, help="seeds first-seed … first-seed + seeds - 1")
    ap.add_argument("--ns", default=",".join(map(str, NS)), help="numbers of reviewed claims, comma-separated")
    ap.add_argument("--plot", type=Path, default=REPO / "docs" / "img" / "learning_curve.png")
    ap.add_argument("--json", type=Path, default=None, help="also write the results here (with per-seed figures)")
    ap.add_argument("--pool", type=Path, nargs="+", default=None, metavar="JSON",
                    help="run nothing: pool the per-seed figures of earlier --json files (distinct seeds) into one "
                         "table and plot")
    ap.add_argument("--disagreement-weight", type=float, default=None, help="override learning.DISAGREEMENT_WEIGHT")
    ap.add_argument("--rarity-weight", type=float, default=None, help="override learning.RARITY_WEIGHT")
    ap.add_argument("--concept-rarity-weight", type=float, default=None,
                    help="override learning.CONCEPT_RARITY_WEIGHT")
    ap.add_argument("--exploration", type=float, default=None, help="override learning.EXPLORATION_SHARE")
    ap.add_argument("--committee-weight", type=float, default=0.0,
                    help="experiment, not in the product's queue: add this weight times the vote entropy of the "
                         "concept model's views (char / word / lemma / embedding SVMs; query-by-committee) to each "
                         "claim's priority")
    ap.add_argument("--medoid-start", type=int, default=0,
                    help="experiment, not in the product's queue: the first K reviews of uncertainty-first are the "
                         "pool claims nearest the centres of K k-means clusters of their sentence vectors (largest "
                         "cluster first), a representative cold start; then the queue")
    ap.add_argument("--density-weight", type=float, default=0.0,
                    help="experiment, not in the product's queue: add this weight times the percentile rank of each "
                         "claim's density (mean cosine of its sentence vector to its 20 nearest pool claims; "
                         "information density) to its priority, so that outliers come later")
    ap.add_argument("--cal", action="store_true",
                    help="experiment, not in the product's queue: contrastive active learning: the uncertainty term "
                         "of each claim's priority becomes the percentile rank of the mean KL divergence of the "
                         "model's issue probabilities of its 10 nearest labelled claims (codebook examples and "
                         "reviewed claims, by sentence vector) from its own (Margatina et al. 2021)")
    ap.add_argument("--badge", action="store_true",
                    help="experiment, not in the product's queue: the queue's ranked places (not the explored ones) "
                         "go to a k-means++ draw over gradient embeddings, (issue probabilities - one-hot of the "
                         "predicted issue) x the claim's sentence vector: uncertain and diverse at once (BADGE, Ash "
                         "et al. 2020)")
    ap.add_argument("--random-start", type=int, default=None,
                    help="override learning.RANDOM_START: reviews drawn at random before the queue ranks (0: none)")
    ap.add_argument("--learn-every", type=int, default=25,
                    help="the simulated coder runs `learn` after this many reviews (0: only at each N)")
    ap.add_argument("--rarity-by", choices=("concept", "issue"), default="issue",
                    help="count reviewed statements per concept and issue (as the review queue does with a readable "
                         "codebook) or treat each concept as its own issue (as without one)")
    ap.add_argument("--no-self-train", action="store_true",
                    help="learn from the reviewed claims only (without `learn`'s self-training on the unreviewed "
                         "claims of the pool)")
    ap.add_argument("--embedding", choices=tuple(EMBEDDINGS), default=None,
                    help="the sentence embedding block of the learned models (as `learn --embedding`; default: "
                         "stance.embed.DEFAULT_EMBEDDING, e5)")
    ap.add_argument("--self-train-confidence", type=float, default=None,
                    help="override stance.learned.SELF_TRAIN_CONFIDENCE")
    args = ap.parse_args()
    if args.pool:
        return pool_runs(args.pool, args)
    from standpunkt.commands import learn as learning

    if args.disagreement_weight is not None:
        learning.DISAGREEMENT_WEIGHT = args.disagreement_weight
    if args.rarity_weight is not None:
        learning.RARITY_WEIGHT = args.rarity_weight
    if args.concept_rarity_weight is not None:
        learning.CONCEPT_RARITY_WEIGHT = args.concept_rarity_weight
    if args.exploration is not None:
        learning.EXPLORATION_SHARE = args.exploration
    if args.random_start is not None:
        learning.RANDOM_START = args.random_start
    from standpunkt.stance import learned

    args.embedding = args.embedding or DEFAULT_EMBEDDING

    if args.self_train_confidence is not None:
        learned.SELF_TRAIN_CONFIDENCE = args.self_train_confidence

    from sklearn.metrics import f1_score
    from sklearn.model_selection import GroupShuffleSplit

    from standpunkt.corpora.claims import read_claims
    from standpunkt.evaluate.stance import to_labelled
    from standpunkt.stance.classifier import LabelledStatement, StatementClassifier, analyse_texts
    from standpunkt.stance.codebook import load_codebook
    from standpunkt.stance.embed import embed_with
    from standpunkt.commands.learn import queue_order, review_priority

    ns = sorted({int(x) for x in args.ns.split(",")})
    start = time.time()
    claims = read_claims(args.claims)
    cb = load_codebook(args.codebook)
    examples = [LabelledStatement(text=" ".join(e.text.split()), concept=c.code, issue=str(int(c.code) // 100 * 100),
                                  agreement=e.agreement)
                for c in cb.concepts for e in c.examples if c.code]
    example_texts = {s.text for s in examples}
    claims = [c for c in claims if c.text not in example_texts]
    labelled = to_labelled(claims)
    texts = [c.text for c in claims]
    groups = np.array([c.doc_id for c in claims])
    gold = np.array([c.major for c in claims])
    an, em = analyse_texts(texts), embed_with(args.embedding, texts)
    ex_an, ex_em = analyse_texts([s.text for s in examples]), embed_with(args.embedding, [s.text for s in examples])
    prep_s = time.time() - start
    print(f"{len(claims)} claims from {len(set(groups))} articles, {len(examples)} codebook examples "
          f"(features in {prep_s:.0f} s)", file=sys.stderr)

    rule: dict[int, str] = {}  # the rule coder's concept per pool claim (the codebook-alone model's)
    pool = np.zeros(0, dtype=int)

    def fit(idx: list[int]) -> StatementClassifier:
        """`learn`'s model after reviewing ``idx``: trained on the examples and those claims, self-trained on the
        rest of the pool (learned.fit_self_trained) unless --no-self-train."""
        unreviewed = None
        if not args.no_self_train and len(idx):
            seen = set(int(i) for i in idx)
            rest = [int(i) for i in pool if int(i) not in seen]
            unreviewed = learned.Unreviewed(texts=[texts[i] for i in rest], analysed=[an[i] for i in rest],
                                            emb=em[rest], groups=list(groups[rest]), first=[rule[i] for i in rest])
        clf, _ = learned.fit_self_trained(examples + [labelled[i] for i in idx], ex_an + [an[i] for i in idx],
                                          np.vstack([ex_em, em[idx]]), unreviewed, args.embedding)
        return clf

    def predict(clf: StatementClassifier, idx: np.ndarray) -> list[tuple[str | None, float]]:
        return clf.predict_concepts([texts[i] for i in idx], analysed=[an[i] for i in idx], emb=em[idx],
                                    groups=list(groups[idx]))

    def score(clf: StatementClassifier, test: np.ndarray) -> float:
        pred = [clf.concept_issue.get(c, c) if c else "none" for c, _ in predict(clf, test)]
        return float(f1_score(list(gold[test]), pred, average="macro", zero_division=0))

    def uncertainty_pick(clf: StatementClassifier, rule: dict[int, str], pool: np.ndarray, taken: list[int],
                         need: int, rng: np.random.Generator) -> list[int]:
        """The first ``need`` places of the product's review queue (learning.queue_order) over the pool's
        unreviewed claims; the explored places follow a random permutation."""
        reviewed = set(taken)
        rest = np.array([i for i in pool if i not in reviewed])
        picks = predict(clf, rest)
        concept = [c or "" for c, _ in picks]
        base = [review_priority(conf, rule[i] != c) for i, (c, conf) in zip(rest, picks)]
        if args.cal:
            cal = contrastive_ranks(clf, rest, taken)
            base = [b - (1.0 - conf) + r for b, (_, conf), r in zip(base, picks, cal)]
        if args.committee_weight and clf.concept_model is not None:
            base = [b + args.committee_weight * h for b, h in zip(base, committee_entropy(clf, rest))]
        if args.density_weight:
            base = [b + args.density_weight * density_rank[int(i)] for b, i in zip(base, rest)]
        counts: dict[str, int] = {}
        for i in taken:
            counts[labelled[i].concept] = counts.get(labelled[i].concept, 0) + 1
        issue_of = None
        if args.rarity_by == "issue":
            issue_of = {**clf.concept_issue, **{labelled[i].concept: labelled[i].issue for i in taken}}
        order = queue_order(base, concept, counts, list(rng.permutation(len(rest))), issue_of)
        if args.badge:
            return badge_places(clf, rest, order[:need], rng)
        return [int(rest[k]) for k, _, _ in order[:need]]

    def badge_places(clf: StatementClassifier, rest: np.ndarray, order: list, rng: np.random.Generator) -> list[int]:
        """The queue's places with its explored ones kept and its ranked ones taken, in turn, by a k-means++ draw
        over the candidates' gradient embeddings (BADGE)."""
        explored = {k for k, _, e in order if e}
        p = clf.concept_probabilities([texts[i] for i in rest], analysed=[an[i] for i in rest], emb=em[rest],
                                      groups=list(groups[rest]))
        p[np.arange(len(p)), p.argmax(1)] -= 1.0
        v = em[rest] / np.linalg.norm(em[rest], axis=1, keepdims=True)
        g = (p[:, :, None] * v[:, None, :]).reshape(len(rest), -1)
        free = np.array([k not in explored for k in range(len(rest))])
        d2 = np.where(free, (g ** 2).sum(1), 0.0)
        picks: list[int] = []
        for _ in range(sum(1 for _, _, e in order if not e)):
            if not picks:
                k = int(d2.argmax())
            else:
                k = int(rng.choice(len(rest), p=d2 / d2.sum())) if d2.sum() > 0 else int(np.flatnonzero(free)[0])
            picks.append(k)
            free[k] = False
            d2 = np.where(free, np.minimum(d2, ((g - g[k]) ** 2).sum(1)), 0.0)
        ranked = iter(picks)
        return [int(rest[k]) if e else int(rest[next(ranked)]) for k, _, e in order]

    def committee_entropy(clf: StatementClassifier, idx: np.ndarray) -> list[float]:
        """Vote entropy (0–1) of the concept model's views over ``idx``: each view's SVM part of the averaged
        linear model votes for its best class (query-by-committee)."""
        X, _, _ = clf._text_features([texts[i] for i in idx], [an[i] for i in idx], em[idx])
        views = clf.text.view_slices()
        coef, icpt = clf.concept_model.coef, clf.concept_model.intercept
        # each view's decision values: its share of the averaged coefficients scaled back, the averaged intercept
        votes = np.stack([(len(views) * np.asarray(X[:, v] @ coef[:, v].T) + icpt).argmax(1) for v in views], 1) \
            if coef.shape[0] > 1 else np.zeros((len(idx), 1), int)
        out = []
        for row in votes:
            _, counts = np.unique(row, return_counts=True)
            q = counts / counts.sum()
            out.append(float(-(q * np.log(q)).sum() / np.log(len(views))) if len(views) > 1 else 0.0)
        return out

    def contrastive_ranks(clf: StatementClassifier, rest: np.ndarray, taken: list[int], k: int = 10) -> list[float]:
        """CAL: per candidate, the mean KL(p(neighbour) || p(candidate)) over its k nearest labelled claims (the
        codebook examples and the reviewed claims), as a percentile rank (0 = least contrastive)."""
        p_rest = clf.concept_probabilities([texts[i] for i in rest], analysed=[an[i] for i in rest], emb=em[rest],
                                           groups=list(groups[rest]))
        lab_em = np.vstack([ex_em, em[taken]]) if taken else ex_em
        p_lab = np.vstack([clf.concept_probabilities([s.text for s in examples], analysed=ex_an, emb=ex_em)]
                          + ([clf.concept_probabilities([texts[i] for i in taken], analysed=[an[i] for i in taken],
                                                        emb=em[taken], groups=list(groups[taken]))] if taken else []))
        a = em[rest] / np.linalg.norm(em[rest], axis=1, keepdims=True)
        b = lab_em / np.linalg.norm(lab_em, axis=1, keepdims=True)
        near = np.argsort(-(a @ b.T), axis=1)[:, :k]
        eps = 1e-9
        lp_rest, lp_lab = np.log(p_rest + eps), np.log(p_lab + eps)
        kl = np.array([(p_lab[nb] * (lp_lab[nb] - lp_rest[j])).sum(1).mean() for j, nb in enumerate(near)])
        return list(np.argsort(np.argsort(kl)) / max(len(kl) - 1, 1))

    def medoids(pool: np.ndarray, k: int, seed: int) -> list[int]:
        """The pool claims nearest the centres of ``k`` k-means clusters of their sentence vectors, the largest
        cluster's first."""
        from sklearn.cluster import KMeans

        km = KMeans(n_clusters=k, n_init=4, random_state=seed).fit(em[pool])
        sizes = np.bincount(km.labels_, minlength=k)
        out = []
        for c in np.argsort(-sizes, kind="stable"):
            members = np.flatnonzero(km.labels_ == c)
            d = ((em[pool[members]] - km.cluster_centers_[c]) ** 2).sum(1)
            out.append(int(pool[members[int(d.argmin())]]))
        return out

    def density_ranks(pool: np.ndarray, k: int = 20) -> dict[int, float]:
        """Percentile rank (0 = sparsest, 1 = densest) of each pool claim's mean cosine to its ``k`` nearest other
        pool claims."""
        v = em[pool] / np.linalg.norm(em[pool], axis=1, keepdims=True)
        sim = v @ v.T
        np.fill_diagonal(sim, -np.inf)
        dens = np.sort(sim, axis=1)[:, -k:].mean(1)
        ranks = np.argsort(np.argsort(dens)) / max(len(pool) - 1, 1)
        return {int(i): float(r) for i, r in zip(pool, ranks)}

    density_rank: dict[int, float] = {}
    results: dict[str, dict[int, list[float]]] = {"uncertainty": {n: [] for n in ns}, "random": {n: [] for n in ns}}
    full: list[float] = []
    for seed in range(args.first_seed, args.first_seed + args.seeds):
        t0 = time.time()
        split = GroupShuffleSplit(n_splits=1, test_size=TEST_SHARE, random_state=seed)
        pool_idx, test_idx = next(split.split(texts, groups=groups))
        pool = np.array(pool_idx)
        test = np.array(test_idx)
        if args.density_weight:
            density_rank = density_ranks(pool)
        book = fit([])
        rule = {int(i): c or "" for i, (c, _) in zip(pool, predict(book, pool))}
        full.append(score(fit(list(pool)), test))
        order = list(np.random.default_rng(seed).permutation(pool))
        taken: list[int] = []
        model = book
        rng = np.random.default_rng(10_000 + seed)
        start_with = medoids(pool, args.medoid_start, seed) if args.medoid_start else []
        for n in ns:
            n_eff = min(n, len(pool))
            results["random"][n].append(score(fit(order[:n_eff]) if n_eff else book, test))
            while n_eff > len(taken):  # the coder reviews the queue's head and learns every --learn-every claims
                step = min(args.learn_every or n_eff, n_eff - len(taken))
                if len(taken) < len(start_with):
                    taken += start_with[len(taken):len(taken) + step]
                else:
                    taken += uncertainty_pick(model, rule, pool, taken, step, rng)
                model = fit(taken)
            results["uncertainty"][n].append(score(model, test))
        print(f"seed {seed}: full {full[-1]:.3f}; " + "; ".join(
            f"N={n} unc {results['uncertainty'][n][-1]:.3f} rnd {results['random'][n][-1]:.3f}" for n in ns)
            + f" ({time.time() - t0:.0f} s)", file=sys.stderr)

    seeds = list(range(args.first_seed, args.first_seed + args.seeds))
    report(ns, results, full, seeds, args, {"claims": len(claims),
                                            "pool_about": int(round(len(claims) * (1 - TEST_SHARE))),
                                            "seconds": round(time.time() - start, 1)})
    return 0


def report(ns: list[int], results: dict[str, dict[int, list[float]]], full: list[float], seeds: list[int],
           args: argparse.Namespace, extra: dict) -> None:
    """Print the table (means ± sd, and the paired difference of the two orders ± its standard error with the
    number of seeds ahead) and the JSON summary, write ``--json`` (with the per-seed figures, which ``--pool``
    reads back) and the plot."""
    summary = {**extra, "seeds": len(seeds), "full_mean": float(np.mean(full)), "full_sd": float(np.std(full)),
               "curves": {k: {str(n): {"mean": float(np.mean(v)), "sd": float(np.std(v))} for n, v in curve.items()}
                          for k, curve in results.items()}}
    summary["reaches_full_at"] = {k: next((n for n in ns if np.mean(curve[n]) >= summary["full_mean"]), None)
                                  for k, curve in results.items()}
    summary["uncertainty_beats_random_at"] = [n for n in ns if np.mean(results["uncertainty"][n])
                                              > np.mean(results["random"][n])]
    summary["per_seed"] = {"seeds": seeds, "full": full,
                           **{k: {str(n): v for n, v in curve.items()} for k, curve in results.items()}}
    print(f"{'N':>5} {'uncertainty':>18} {'random':>18} {'difference (± s.e.), seeds ahead':>34}")
    for n in ns:
        u, r = np.array(results["uncertainty"][n]), np.array(results["random"][n])
        d, se = paired_difference(results, n)
        print(f"{n:>5} {u.mean():>10.3f} ± {u.std():.3f} {r.mean():>10.3f} ± {r.std():.3f} "
              f"{d.mean():>+17.3f} ± {se:.3f} ({int((d > 0).sum())} of {len(d)})")
    print(f"fully trained (whole pool, ~{summary.get('pool_about', '?')} claims): {np.mean(full):.3f} ± "
          f"{np.std(full):.3f}")
    print(json.dumps({k: v for k, v in summary.items() if k != "per_seed"}))
    if args.json:
        args.json.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    _plot(args.plot, ns, results, full, len(seeds))


def paired_difference(results: dict[str, dict[int, list[float]]], n: int) -> tuple[np.ndarray, float]:
    """Per seed, uncertainty-first minus random order at ``n``, and the standard error of its mean."""
    d = np.array(results["uncertainty"][n]) - np.array(results["random"][n])
    return d, float(d.std(ddof=1) / np.sqrt(len(d))) if len(d) > 1 else 0.0


def pool_runs(paths: list[Path], args: argparse.Namespace) -> int:
    """``--pool``: the per-seed figures of several ``--json`` files (distinct seeds, the same N) as one run."""
    runs, about = [], None
    for path in paths:
        try:
            got = json.loads(path.read_text(encoding="utf-8"))
            runs.append(got["per_seed"])
            about = got.get("pool_about", about)
        except (OSError, ValueError, KeyError) as exc:
            raise SystemExit(f"{path}: not a --json file of this benchmark with per-seed figures ({exc})") from None
    seeds = [s for r in runs for s in r["seeds"]]
    if len(set(seeds)) < len(seeds):
        raise SystemExit("--pool: the files share seeds; pool runs of distinct seeds only")
    ns = sorted(int(n) for n in runs[0]["uncertainty"])
    if any(sorted(int(n) for n in r["uncertainty"]) != ns for r in runs):
        raise SystemExit("--pool: the files were run with different --ns")
    results = {k: {n: [x for r in runs for x in r[k][str(n)]] for n in ns} for k in ("uncertainty", "random")}
    report(ns, results, [x for r in runs for x in r["full"]], seeds, args,
           {"pooled": [str(p) for p in paths], "pool_about": about})
    return 0


def _plot(path: Path, ns: list[int], results: dict[str, dict[int, list[float]]], full: list[float],
          seeds: int) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    # above: the two curves (mean ± sd over the seeds); below: their paired difference per seed (mean ± standard
    # error), the question of issue 18, which the overlapping sd bands above cannot answer
    fig, (ax, dx) = plt.subplots(2, 1, figsize=(6.4, 5.6), dpi=110, sharex=True,
                                 gridspec_kw={"height_ratios": [2.2, 1]})
    x = np.arange(len(ns))
    for name, colour in (("uncertainty", "#1b7837"), ("random", "#762a83")):
        mean = np.array([np.mean(results[name][n]) for n in ns])
        sd = np.array([np.std(results[name][n]) for n in ns])
        ax.plot(x, mean, marker="o", color=colour, label=f"{name}-first" if name == "uncertainty" else "random order")
        ax.fill_between(x, mean - sd, mean + sd, color=colour, alpha=0.15)
    ax.axhline(np.mean(full), color="grey", linestyle="--", label="fully trained (whole pool)")
    ax.set_ylabel("category macro-F1\n(held-apart articles)")
    ax.set_title(f"Learning from the coder, DebateNet ({seeds} seeds, mean ± sd)")
    ax.legend(loc="lower right")
    ax.grid(alpha=0.3)
    paired = [paired_difference(results, n) for n in ns]
    dx.errorbar(x, [d.mean() for d, _ in paired], yerr=[se for _, se in paired], marker="o", color="#1b7837",
                capsize=3)
    dx.axhline(0.0, color="#762a83", linewidth=1)
    dx.set_ylabel("uncertainty − random\n(paired, ± s.e.)")
    dx.set_xticks(x, [str(n) for n in ns])
    dx.set_xlabel("claims reviewed (N)")
    dx.grid(alpha=0.3)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path)


if __name__ == "__main__":
    raise SystemExit(main())
