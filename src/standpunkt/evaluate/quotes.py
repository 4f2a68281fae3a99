"""The quotation metric of the quotes-de-news shared task, re-implemented from its description.

Each quotation is a group: a message token set, role token sets (cue, speaker, addressee, frame), a form and a
medium. Per document, system groups are matched one-to-one to gold groups by maximising the summed token-overlap F1 of
the message sets (Hungarian assignment; a small bonus prefers equal form, then equal medium). A pair is only matched
when the messages share at least one token; every other group is paired with an empty group. In each pair every
message/role token is a true positive, false positive or false negative. Scores are macro averages over groups:
precision and recall per (group, role) where defined, averaged, then the F1 of the averages. Form and medium are
micro P/R/F: a matched pair with equal labels is a true positive, precision divides by the system groups, recall by
the gold groups. Speaker accuracy: of the matched pairs whose gold quotation has a speaker, the share where the system
speaker overlaps it.

System output arrives as char spans and is projected onto the gold tokens (a gold token counts when any of its
characters is covered), so any tokenizer can be scored.
"""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

import numpy as np
from scipy.optimize import linear_sum_assignment

from standpunkt.model import Quotation
from standpunkt.corpora.quotes import ROLES, GoldDocument, iter_gold_dir

#: Tie-break bonuses added to the message-overlap F1 in the assignment; far below any real F1 difference.
FORM_BONUS = 1e-3
MEDIUM_BONUS = 1e-4
ALL_ROLES: tuple[str, ...] = ("message",) + ROLES


@dataclass(frozen=True)
class Group:
    """A quotation as the metric sees it: token-id sets per role plus form and medium."""

    roles: dict[str, frozenset[int]]
    form: str
    medium: str

    @classmethod
    def empty(cls) -> "Group":
        return cls(roles={r: frozenset() for r in ALL_ROLES}, form="", medium="")


@dataclass
class PRF:
    precision: float = 0.0
    recall: float = 0.0
    f1: float = 0.0

    @classmethod
    def of(cls, p: float, r: float) -> "PRF":
        return cls(p, r, 2 * p * r / (p + r) if p + r > 0 else 0.0)

    def as_percent(self) -> dict[str, float]:
        return {"precision": round(100 * self.precision, 2), "recall": round(100 * self.recall, 2),
                "f1": round(100 * self.f1, 2)}


class _Macro:
    """Collects per-(group, role) precision and recall values and averages them."""

    def __init__(self) -> None:
        self.p: list[float] = []
        self.r: list[float] = []

    def add(self, tp: int, fp: int, fn: int) -> None:
        if tp + fp > 0:
            self.p.append(tp / (tp + fp))
        if tp + fn > 0:
            self.r.append(tp / (tp + fn))

    def result(self) -> PRF:
        p = sum(self.p) / len(self.p) if self.p else 0.0
        r = sum(self.r) / len(self.r) if self.r else 0.0
        return PRF.of(p, r)


class _Counts:
    def __init__(self) -> None:
        self.tp = 0
        self.n_sys = 0
        self.n_gold = 0

    def result(self) -> PRF:
        p = self.tp / self.n_sys if self.n_sys else 0.0
        r = self.tp / self.n_gold if self.n_gold else 0.0
        return PRF.of(p, r)


@dataclass
class QuoteScores:
    message: PRF
    roles: PRF
    joint: PRF
    form: PRF
    medium: PRF
    per_role: dict[str, PRF]
    speaker_accuracy: float
    n_documents: int
    n_gold: int
    n_system: int
    n_matched: int
    per_form: dict[str, dict[str, PRF | int]] = field(default_factory=dict)
    seconds: float = 0.0
    n_tokens: int = 0

    def to_json(self) -> dict:
        return {
            "message": self.message.as_percent(), "roles": self.roles.as_percent(), "joint": self.joint.as_percent(),
            "form": self.form.as_percent(), "medium": self.medium.as_percent(),
            "per_role": {k: v.as_percent() for k, v in self.per_role.items()},
            "speaker_accuracy": round(100 * self.speaker_accuracy, 2),
            "documents": self.n_documents, "gold": self.n_gold, "system": self.n_system, "matched": self.n_matched,
            "per_form": {form: {k: (v.as_percent() if isinstance(v, PRF) else v) for k, v in d.items()}
                         for form, d in self.per_form.items()},
            "seconds": round(self.seconds, 2), "tokens": self.n_tokens,
        }


def _f1(a: frozenset[int], b: frozenset[int]) -> float:
    if not a or not b:
        return 0.0
    inter = len(a & b)
    return 2 * inter / (len(a) + len(b))


def match_groups(gold: list[Group], system: list[Group]) -> list[tuple[int | None, int | None]]:
    """One-to-one matching by message overlap F1; returns pairs with ``None`` for the empty partner."""
    pairs: list[tuple[int | None, int | None]] = []
    matched_g: set[int] = set()
    matched_s: set[int] = set()
    if gold and system:
        score = np.zeros((len(gold), len(system)))
        for i, g in enumerate(gold):
            for j, s in enumerate(system):
                f = _f1(g.roles["message"], s.roles["message"])
                if f > 0:
                    f += FORM_BONUS * (g.form == s.form) + MEDIUM_BONUS * (g.medium == s.medium)
                score[i, j] = f
        rows, cols = linear_sum_assignment(score, maximize=True)
        for i, j in zip(rows, cols):
            if score[i, j] > 0:
                pairs.append((int(i), int(j)))
                matched_g.add(int(i))
                matched_s.add(int(j))
    pairs += [(i, None) for i in range(len(gold)) if i not in matched_g]
    pairs += [(None, j) for j in range(len(system)) if j not in matched_s]
    return pairs


def gold_groups(doc: GoldDocument) -> list[Group]:
    return [Group(roles=dict(q.roles), form=q.form, medium=q.medium) for q in doc.quotations]


def system_groups(doc: GoldDocument, quotations: Iterable[Quotation]) -> list[Group]:
    """Project system char spans onto the gold tokens of ``doc``."""
    out = []
    for q in quotations:
        roles = {r: doc.token_ids(getattr(q, r)) for r in ALL_ROLES}
        out.append(Group(roles=roles, form=q.form, medium=q.medium))
    return out


class QuoteScorer:
    """Accumulates documents; :meth:`result` gives the corpus-level scores."""

    def __init__(self) -> None:
        self._message = _Macro()
        self._roles = _Macro()
        self._joint = _Macro()
        self._per_role = {r: _Macro() for r in ROLES}
        self._form = _Counts()
        self._medium = _Counts()
        self._by_form: dict[str, dict[str, _Macro]] = defaultdict(
            lambda: {"message": _Macro(), "roles": _Macro(), "joint": _Macro()})
        self._by_form_counts: dict[str, dict[str, int]] = defaultdict(lambda: {"gold": 0, "system": 0, "matched": 0})
        self._speaker_ok = 0
        self._speaker_n = 0
        self.n_documents = 0
        self.n_gold = 0
        self.n_system = 0
        self.n_matched = 0
        self.n_tokens = 0

    def add(self, gold: list[Group], system: list[Group], n_tokens: int = 0) -> None:
        self.n_documents += 1
        self.n_tokens += n_tokens
        self.n_gold += len(gold)
        self.n_system += len(system)
        self._form.n_gold += len(gold)
        self._form.n_sys += len(system)
        self._medium.n_gold += len(gold)
        self._medium.n_sys += len(system)
        for g in gold:
            self._by_form_counts[g.form]["gold"] += 1
        for s in system:
            self._by_form_counts[s.form]["system"] += 1
        for gi, si in match_groups(gold, system):
            g = gold[gi] if gi is not None else Group.empty()
            s = system[si] if si is not None else Group.empty()
            form_key = g.form if gi is not None else s.form
            if gi is not None and si is not None:
                self.n_matched += 1
                self._by_form_counts[g.form]["matched"] += 1
                self._form.tp += g.form == s.form
                self._medium.tp += g.medium == s.medium
                if g.roles["speaker"]:
                    self._speaker_n += 1
                    self._speaker_ok += bool(g.roles["speaker"] & s.roles["speaker"])
            for role in ALL_ROLES:
                gs, ss = g.roles[role], s.roles[role]
                tp, fp, fn = len(gs & ss), len(ss - gs), len(gs - ss)
                targets = [self._joint, self._by_form[form_key]["joint"]]
                if role == "message":
                    targets += [self._message, self._by_form[form_key]["message"]]
                else:
                    targets += [self._roles, self._per_role[role], self._by_form[form_key]["roles"]]
                for t in targets:
                    t.add(tp, fp, fn)

    def result(self) -> QuoteScores:
        per_form: dict[str, dict[str, PRF | int]] = {}
        for form in sorted(set(self._by_form) | set(self._by_form_counts)):
            d: dict[str, PRF | int] = {k: m.result() for k, m in self._by_form[form].items()}
            d.update(self._by_form_counts[form])
            per_form[form] = d
        return QuoteScores(
            message=self._message.result(), roles=self._roles.result(), joint=self._joint.result(),
            form=self._form.result(), medium=self._medium.result(),
            per_role={r: m.result() for r, m in self._per_role.items()},
            speaker_accuracy=self._speaker_ok / self._speaker_n if self._speaker_n else 0.0,
            n_documents=self.n_documents, n_gold=self.n_gold, n_system=self.n_system, n_matched=self.n_matched,
            per_form=per_form, n_tokens=self.n_tokens,
        )


Extractor = Callable[[str], list[Quotation]]


def evaluate_documents(docs: Iterable[GoldDocument], extractor: Extractor) -> QuoteScores:
    """Run ``extractor`` on each gold text and score it against the gold quotations."""
    scorer = QuoteScorer()
    t0 = time.perf_counter()
    for doc in docs:
        predicted = extractor(doc.text)
        scorer.add(gold_groups(doc), system_groups(doc, predicted), n_tokens=len(doc.tokens))
    result = scorer.result()
    result.seconds = time.perf_counter() - t0
    return result


def evaluate_quotes_dir(directory: str | Path, extractor: Extractor | None = None, *,
                        progress: Any = None, ner: str | None = None, quotes: str | None = None) -> QuoteScores:
    """Score the shipped quotation extractor (or ``extractor``) on a folder of quotes-de-news gold files; ``ner`` /
    ``quotes``: its model variants (default: the environment's, else ``crf``). ``progress`` wraps the list of gold
    documents (e.g. ``rich.progress.track``) to show how far it got."""
    if extractor is None:
        from functools import partial

        from standpunkt.speech import extract_quotations

        extractor = partial(extract_quotations, ner=ner, quotes=quotes)
    docs = iter_gold_dir(directory)
    return evaluate_documents(progress(list(docs)) if progress else docs, extractor)


def format_scores(scores: QuoteScores) -> str:
    """A plain-text report: headline scores, per role, per form."""
    lines = [f"documents {scores.n_documents}  gold {scores.n_gold}  system {scores.n_system}  "
             f"matched {scores.n_matched}  tokens {scores.n_tokens}  ({scores.seconds:.1f} s)",
             "",
             f"{'':12}{'P':>8}{'R':>8}{'F1':>8}"]
    for name, prf in (("message", scores.message), ("roles", scores.roles), ("joint", scores.joint),
                      ("form", scores.form), ("medium", scores.medium)):
        lines.append(f"{name:12}{100 * prf.precision:8.1f}{100 * prf.recall:8.1f}{100 * prf.f1:8.1f}")
    lines.append("")
    for role, prf in scores.per_role.items():
        lines.append(f"  {role:10}{100 * prf.precision:8.1f}{100 * prf.recall:8.1f}{100 * prf.f1:8.1f}")
    lines.append(f"speaker accuracy on matched quotations: {100 * scores.speaker_accuracy:.1f}")
    lines.append("")
    lines.append(f"{'form':22}{'gold':>6}{'sys':>6}{'match':>6}{'msg F1':>8}{'roles F1':>9}{'joint F1':>9}")
    for form, d in scores.per_form.items():
        msg, roles, joint = d["message"], d["roles"], d["joint"]
        assert isinstance(msg, PRF) and isinstance(roles, PRF) and isinstance(joint, PRF)
        lines.append(f"{form:22}{d['gold']:6}{d['system']:6}{d['matched']:6}{100 * msg.f1:8.1f}"
                     f"{100 * roles.f1:9.1f}{100 * joint.f1:9.1f}")
    return "\n".join(lines)
