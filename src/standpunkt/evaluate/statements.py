"""End-to-end statement scoring against "who stands where" gold (`standpunkt evaluate statements DIR`).

DIR holds ``gold.jsonl`` (one line per article: ``id``, ``title``, ``date``, ``codebook``, ``expected``),
``articles/<id>.txt`` and ``codebooks/<name>.yaml``. Every article is analysed as a news item (text, title and
date from ``gold.jsonl``) with its own codebook and the shipped actor registry, exactly what
``standpunkt extract`` does, and its statements are scored with the metric of the e2e gold (README of the data set):

- actor match: a gold name (``actor`` or ``alt_actor``) occurs case-insensitively as whole words in the predicted
  actor, organisation, country or role (a hyphen after the name is a boundary, one before it is not); or, for a
  predicted person, its name or surname occurs in a gold name; diacritics and runs of white space are ignored;
- gold items and predictions are paired one to one (most correct triples first, then most actor–concept pairs);
- **actor–concept recall**, **agreement accuracy** (of the pairs found), **statement precision** (predictions that
  match some gold actor–concept pair, optional items included) and **triples P/R/F1**, where repeats of a paired
  triple are not counted again and predictions matching only optional items are ignored.

The figures are the reference scorer's (``shared/tools/e2e_score.py``) on the same outputs; a test checks that.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

import numpy as np
from scipy.optimize import linear_sum_assignment

from standpunkt.corpora.e2e import Article

# ------------------------------------------------------------------------------------------ names
def norm(s: str | None) -> str:
    if not s:
        return ""
    s = unicodedata.normalize("NFKD", str(s))
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    return re.sub(r"\s+", " ", s).strip().casefold()


def contains_words(haystack: str, needle: str) -> bool:
    """``needle`` occurs in ``haystack`` as whole words; a hyphen after it is a boundary, one before it is not."""
    if not haystack or not needle:
        return False
    return re.search(r"(?<![\w-])" + re.escape(needle) + r"(?!\w)", haystack) is not None


def actor_matches(item: dict[str, Any], pred: dict[str, Any]) -> bool:
    names = [n for n in (norm(x) for x in [item["actor"], *item.get("alt_actor", [])]) if n]
    fields = [norm(pred.get(k)) for k in ("actor", "organisation", "country", "role")]
    if any(contains_words(f, n) for f in fields if f for n in names):
        return True
    if pred.get("actor_kind") not in (None, "person"):
        return False
    actor = norm(pred.get("actor"))
    candidates = [actor] if len(actor) >= 3 else []
    last = actor.split(" ")[-1] if actor else ""
    if len(last) >= 3 and last != actor:
        candidates.append(last)
    return any(contains_words(n, c) for c in candidates for n in names)


# ------------------------------------------------------------------------------------------ scoring
@dataclass
class ArticleScore:
    id: str
    codebook: str
    gold: int
    found: int
    correct: int
    predicted_triples: int
    predictions: int
    statement_matches: int
    required: list[dict[str, Any]] = field(default_factory=list)
    preds: list[dict[str, Any]] = field(default_factory=list)
    pairs: dict[int, int] = field(default_factory=dict)
    ok: list[list[bool]] = field(default_factory=list)
    unpaired: list[tuple[int, str]] = field(default_factory=list)


def score_article(article_id: str, codebook: str, expected: list[dict[str, Any]],
                  preds: list[dict[str, Any]]) -> ArticleScore:
    required = [e for e in expected if not e.get("optional")]
    optional = [e for e in expected if e.get("optional")]
    ac = [[p.get("concept") == g["concept"] and actor_matches(g, p) for p in preds] for g in required]
    ok = [[ac[i][j] and preds[j].get("agreement") in required[i]["agreement"] for j in range(len(preds))]
          for i in range(len(required))]
    pairs: dict[int, int] = {}
    if required and preds:
        big = len(required) + len(preds) + 1  # one correct triple outweighs any number of pairs
        weights = np.array([[(big + 1 if ok[i][j] else 1 if ac[i][j] else 0) for j in range(len(preds))]
                            for i in range(len(required))])
        rows, cols = linear_sum_assignment(weights, maximize=True)
        pairs = {int(i): int(j) for i, j in zip(rows, cols) if weights[i, j] > 0}
    gold_of = {j: i for i, j in pairs.items()}
    opt_ac = [[p.get("concept") == o["concept"] and actor_matches(o, p) for p in preds] for o in optional]
    statement_matches = sum(1 for j in range(len(preds)) if any(row[j] for row in ac) or any(row[j] for row in opt_ac))

    fp_keys: set[tuple] = set()
    unpaired: list[tuple[int, str]] = []
    for j, p in enumerate(preds):
        if j in gold_of:
            continue
        agreement = p.get("agreement")
        linked = [i for i in range(len(required)) if ac[i][j]]
        duplicate = any(
            (q := pairs.get(i)) is not None and (
                agreement == preds[q].get("agreement")
                or (agreement in required[i]["agreement"] and preds[q].get("agreement") in required[i]["agreement"]))
            for i in linked)
        if duplicate:
            unpaired.append((j, "duplicate"))
        elif not linked and any(row[j] for row in opt_ac):
            unpaired.append((j, "optional"))
        else:
            key = ("gold", linked[0], agreement) if linked else ("pred", norm(p.get("actor")), p.get("concept"),
                                                                  agreement)
            fp_keys.add(key)
            unpaired.append((j, "wrong agreement (extra)" if linked else "false positive"))
    return ArticleScore(id=article_id, codebook=codebook, gold=len(required), found=len(pairs),
                        correct=sum(1 for i, j in pairs.items() if ok[i][j]),
                        predicted_triples=len(pairs) + len(fp_keys), predictions=len(preds),
                        statement_matches=statement_matches, required=required, preds=preds, pairs=pairs, ok=ok,
                        unpaired=unpaired)


def _ratio(a: float, b: float) -> float:
    return a / b if b else 0.0


@dataclass
class Scores:
    articles: list[ArticleScore]

    def total(self, key: str) -> int:
        return sum(getattr(a, key) for a in self.articles)

    @property
    def precision(self) -> float:
        return _ratio(self.total("correct"), self.total("predicted_triples"))

    @property
    def recall(self) -> float:
        return _ratio(self.total("correct"), self.total("gold"))

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return _ratio(2 * p * r, p + r)

    @property
    def actor_concept_recall(self) -> float:
        return _ratio(self.total("found"), self.total("gold"))

    @property
    def agreement_accuracy(self) -> float:
        return _ratio(self.total("correct"), self.total("found"))

    @property
    def statement_precision(self) -> float:
        return _ratio(self.total("statement_matches"), self.total("predictions"))

    def to_json(self) -> dict[str, Any]:
        keys = ("gold", "found", "correct", "predicted_triples", "predictions", "statement_matches")
        return {"triples_precision": self.precision, "triples_recall": self.recall, "triples_f1": self.f1,
                "actor_concept_recall": self.actor_concept_recall, "agreement_accuracy": self.agreement_accuracy,
                "statement_precision": self.statement_precision, "articles": len(self.articles),
                "gold_statements": self.total("gold"), "predicted_statements": self.total("predictions"),
                "predicted_triples": self.total("predicted_triples"), "found_pairs": self.total("found"),
                "correct_triples": self.total("correct"),
                "statements_matching_gold": self.total("statement_matches"),
                "per_article": [{"id": a.id, **{k: getattr(a, k) for k in keys}} for a in self.articles]}


def score(articles: list[Article], predictions: dict[str, list[dict[str, Any]]]) -> Scores:
    return Scores([score_article(a.id, a.codebook, a.expected, predictions.get(a.id, [])) for a in articles])


# ------------------------------------------------------------------------------------------ report
def _evidence(stmt: dict[str, Any], text: str, limit: int = 160) -> str:
    spans = stmt.get("evidence") or []
    if not text or not spans:
        return ""
    s = re.sub(r"\s+", " ", " … ".join(text[a:b] for a, b in spans))
    return s if len(s) <= limit else s[:limit] + "…"


def _describe(p: dict[str, Any]) -> str:
    extra = ", ".join(f"{k}={p[k]}" for k in ("role", "organisation", "country") if p.get(k))
    return f"{p.get('actor')}" + (f" ({extra})" if extra else "")


def format_scores(scores: Scores, texts: dict[str, str] | None = None, verbose: bool = False) -> str:
    """The reference scorer's report: a line per article (with ``verbose`` every gold item and every unpaired
    prediction), then statement precision and the closing ``e2e:`` line."""
    texts = texts or {}
    lines = []
    for a in scores.articles:
        lines.append(f"{a.id:>6} {a.codebook:<28} gold {a.gold:>2}  pred {a.predictions:>2}  "
                     f"pairs {a.found:>2}/{a.gold:<2} triples {a.correct:>2}  P {_ratio(a.correct, a.predicted_triples):.2f}"
                     f" R {_ratio(a.correct, a.gold):.2f}")
        if not verbose:
            continue
        text = texts.get(a.id, "")
        for i, g in enumerate(a.required):
            j = a.pairs.get(i)
            if j is None:
                lines.append(f"         MISS   {g['actor']} | {g['concept']} | {'/'.join(g['agreement'])}  "
                             f"«{g.get('evidence', '')[:90]}»")
            else:
                q = a.preds[j]
                tag = "OK    " if a.ok[i][j] else "WRONG "
                lines.append(f"         {tag} {g['actor']} | {g['concept']} | gold {'/'.join(g['agreement'])} "
                             f"pred {q.get('agreement')} <- {_describe(q)}  «{_evidence(q, text, 90)}»")
        for j, why in a.unpaired:
            q = a.preds[j]
            lines.append(f"         {why.upper() if why == 'false positive' else why}: {_describe(q)} | "
                         f"{q.get('concept')} | {q.get('agreement')}  «{_evidence(q, text)}»")
    lines.append(f"statement precision {scores.statement_precision:.2f} ({scores.total('statement_matches')}/"
                 f"{scores.total('predictions')} predicted statements match a gold actor-concept pair); predicted "
                 f"triples {scores.total('predicted_triples')}, correct {scores.total('correct')}")
    lines.append(summary_line(scores))
    return "\n".join(lines)


def summary_line(scores: Scores) -> str:
    return (f"e2e: triples P {scores.precision:.2f} R {scores.recall:.2f} F1 {scores.f1:.2f}; actor-concept recall "
            f"{scores.actor_concept_recall:.2f}; agreement accuracy {scores.agreement_accuracy:.2f} "
            f"({len(scores.articles)} articles, {scores.total('gold')} gold statements)")


# ------------------------------------------------------------------------------------------ running the pipeline
def predict(directory: str | Path, articles: list[Article], registry: str | None = None,
            progress: Callable[[Iterable[Article]], Iterable[Article]] = iter, *, ner: str | None = None,
            quotes: str | None = None, fast: bool = False) -> tuple[dict[str, list[dict[str, Any]]], dict[str, str]]:
    """Statements (as ``standpunkt extract`` writes them) and text per article id, each with its own codebook;
    ``ner`` / ``quotes`` / ``fast``: as in :class:`standpunkt.pipeline.Settings`."""
    from standpunkt.ingest.dates import parse_datetime
    from standpunkt.model import Document
    from standpunkt.pipeline import Settings, analyze, resources_for

    root = Path(directory)
    predictions: dict[str, list[dict[str, Any]]] = {}
    texts: dict[str, str] = {}
    for a in progress(articles):
        path = root / "articles" / f"{a.id}.txt"
        text = path.read_text(encoding="utf-8")
        document = Document(text=text, title=a.title, published=parse_datetime(a.date), source=str(path))
        settings = Settings(codebook=str((root / "codebooks" / a.codebook).resolve()), registry=registry,
                            ner=ner, quotes=quotes, fast=fast)
        analysis = analyze(document, resources_for(settings))
        predictions[a.id] = [s.to_json() for s in analysis.statements]
        texts[a.id] = text
    return predictions, texts


def write_predictions(out: str | Path, predictions: dict[str, list[dict[str, Any]]], texts: dict[str, str]) -> None:
    """One ``<id>.jsonl`` per article in ``standpunkt extract``'s format, for the reference scorer."""
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    for article_id, statements in predictions.items():
        record = {"source": f"{article_id}.txt", "text": texts.get(article_id, ""), "statements": statements}
        (folder / f"{article_id}.jsonl").write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
