"""Human review of statements: accept, edit or reject, appended to the store's audit trail.

The store keeps the machine's statement untouched and applies the newest edit of each statement (an accept after it
confirms it, a reject hides the statement). So an edit always records the complete corrected statement, not just the
changed field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from standpunkt.errors import NotFoundError
from standpunkt.model import AGREEMENTS
from standpunkt.store import Store
from standpunkt.web.queries import ParameterError

ACTIONS = ("accept", "edit", "reject")
MAX_COMMENT_CHARS = 2000
_SPAN_RE = re.compile(r"^\s*(\d+)\s*[-–:,]\s*(\d+)\s*$")

SpanList = list[list[int]]


@dataclass
class ReviewInput:
    """One reviewer decision. Fields left None keep the statement's current value."""

    action: str
    actor: str | None = None
    concept: str | None = None
    agreement: str | None = None
    condition: SpanList | None = None
    evidence: SpanList | None = None
    comment: str | None = None


def parse_spans(name: str, text: str | None) -> SpanList | None:
    """'12-40; 55-80' (as typed in the review form) -> [[12, 40], [55, 80]]; empty -> []; None -> None."""
    if text is None:
        return None
    out = []
    for part in re.split(r"[;\n]", text):
        if not part.strip():
            continue
        m = _SPAN_RE.match(part)
        if not m:
            raise ParameterError(f"{name}: {part.strip()!r} is not a span START-END (character offsets)")
        out.append([int(m.group(1)), int(m.group(2))])
    return out


def format_spans(spans: SpanList | None) -> str:
    return "; ".join(f"{s}-{e}" for s, e in spans or [])


def _check_spans(name: str, spans: SpanList | None, length: int) -> SpanList | None:
    if spans is None:
        return None
    checked = []
    for pair in spans:
        if len(pair) != 2:
            raise ParameterError(f"{name}: each span is [start, end], got {pair!r}")
        start, end = int(pair[0]), int(pair[1])
        if not 0 <= start < end <= length:
            raise ParameterError(f"{name}: span [{start}, {end}) is not inside the document (0..{length})")
        checked.append([start, end])
    return sorted(checked)


def _check_within(name: str, spans: SpanList | None, evidence: SpanList | None) -> None:
    """A condition is part of what the actor said: each of its spans lies inside one evidence span."""
    if not spans or not evidence:
        return
    for start, end in spans:
        if not any(s <= start and end <= e for s, e in evidence):
            shown = "; ".join(f"{s}-{e}" for s, e in evidence)
            raise ParameterError(f"{name}: span [{start}, {end}) is not inside the evidence ({shown})")


def apply_review(store: Store, statement_id: int, reviewer: str, review: ReviewInput) -> dict[str, Any]:
    """Validate and store one review; returns the statement's new effective row."""
    if review.action not in ACTIONS:
        raise ParameterError(f"action: {review.action!r} is not one of {', '.join(ACTIONS)}")
    row = current_statement(store, statement_id)
    comment = (review.comment or "").strip()[:MAX_COMMENT_CHARS] or None
    action = review.action
    if action == "reject":
        store.review_statement(statement_id, reviewer, "reject", comment=comment)
        return current_statement(store, statement_id)
    if action == "accept":
        store.review_statement(statement_id, reviewer, "accept", comment=comment)
        return current_statement(store, statement_id)
    # An edit: record the whole statement as it shall stand.
    fields = review
    length = len(store.get_document(row["document_id"]).text) if row["document_id"] else 0
    actor = (fields.actor or "").strip() or row["actor"]
    concept = (fields.concept or "").strip() or row["concept"]
    agreement = fields.agreement or row["agreement"]
    if agreement not in AGREEMENTS:
        raise ParameterError(f"agreement: {agreement!r} is not one of {', '.join(AGREEMENTS)}")
    condition = fields.condition if fields.condition is not None else row["condition"]
    evidence = fields.evidence if fields.evidence is not None else row["evidence"]
    condition = _check_spans("condition", condition, length)
    evidence = _check_spans("evidence", evidence, length)
    _check_within("condition", condition, evidence)
    store.review_statement(statement_id, reviewer, "edit", actor=actor, concept=concept, agreement=agreement,
                           condition=condition, evidence=evidence, comment=comment)
    return current_statement(store, statement_id)


def current_statement(store: Store, statement_id: int) -> dict[str, Any]:
    """The effective row of one statement, rejected ones included; NotFoundError if there is none."""
    rows = store.statements(statement_ids=[statement_id], include_rejected=True)
    if not rows:
        raise NotFoundError(f"no statement with id {statement_id}")
    return rows[0]
