"""Query parameters shared by the pages and their JSON twins, parsed once.

HTML forms send empty strings for empty fields; they mean "no filter" here rather than a validation error.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import Query, Request

from standpunkt.web.codebooks import codebook_view
from standpunkt.web.queries import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, ParameterError, StatementFilter

REVIEW_STATES = ("any", "reviewed", "unreviewed")


def _blank(value: str | None) -> str | None:
    return value.strip() if value and value.strip() else None


def parse_date(name: str, value: str | None) -> date | None:
    value = _blank(value)
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ParameterError(f"{name}: {value!r} is not a date (YYYY-MM-DD)") from None


def parse_float(name: str, value: str | None, lo: float = 0.0, hi: float = 1.0) -> float | None:
    value = _blank(value)
    if value is None:
        return None
    try:
        number = float(value)
    except ValueError:
        raise ParameterError(f"{name}: {value!r} is not a number") from None
    if not lo <= number <= hi:
        raise ParameterError(f"{name}: {number} is outside [{lo}, {hi}]")
    return number


def statement_filter(
    request: Request,
    document: Annotated[str | None, Query(description="document id or id prefix")] = None,
    actor: Annotated[list[str], Query(description="actor name (repeatable)")] = [],  # noqa: B006 (FastAPI copies)
    concept: Annotated[list[str], Query(description="concept (repeatable)")] = [],  # noqa: B006
    codebook: Annotated[str | None, Query(description="codebook the statements were coded with (as stored)")] = None,
    issue: Annotated[str | None, Query(description="issue id of a stored codebook: only its concepts")] = None,
    outlet: Annotated[list[str], Query(description="outlet (repeatable)")] = [],  # noqa: B006
    date_from: Annotated[str | None, Query(description="first statement date, YYYY-MM-DD")] = None,
    date_to: Annotated[str | None, Query(description="last statement date, YYYY-MM-DD")] = None,
    review: Annotated[str | None, Query(description="any / reviewed / unreviewed")] = None,
    min_confidence: Annotated[str | None, Query(description="machine confidence at least (0..1)")] = None,
    max_confidence: Annotated[str | None, Query(description="machine confidence at most (0..1), for review")] = None,
    include_rejected: Annotated[bool, Query(description="also show statements a reviewer rejected")] = False,
    order: Annotated[str | None, Query(description="date (default) or uncertainty: the review queue, unreviewed "
                                                   "statements the models are least sure of first")] = None,
) -> StatementFilter:
    from standpunkt.stance.learning import QUEUE_ORDERS

    order = _blank(order) or "date"
    if order not in QUEUE_ORDERS:
        raise ParameterError(f"order: {order!r} is not one of {', '.join(QUEUE_ORDERS)}")
    review = _blank(review) or "any"
    if review not in REVIEW_STATES:
        raise ParameterError(f"review: {review!r} is not one of {', '.join(REVIEW_STATES)}")
    issue, issue_concepts, codebook = _blank(issue), None, _blank(codebook)
    if issue:
        view = codebook_view(request.app.state.store, request.app.state.codebooks)
        info = view.issue(issue)
        if info is None:
            known = ", ".join(i.id for i in view.issues) or "none: no stored codebook file is readable"
            raise ParameterError(f"issue: {issue!r} is not an issue of the stored codebooks ({known})")
        issue_concepts, codebook = info.concepts, codebook or info.codebook
    return StatementFilter(
        document=_blank(document), actor=[a for a in actor if a.strip()], concept=[c for c in concept if c.strip()],
        codebook=codebook, issue=issue, issue_concepts=issue_concepts, outlet=[o for o in outlet if o.strip()],
        date_from=parse_date("date_from", date_from), date_to=parse_date("date_to", date_to),
        review=review, min_confidence=parse_float("min_confidence", min_confidence),  # type: ignore[arg-type]
        max_confidence=parse_float("max_confidence", max_confidence), include_rejected=include_rejected,
        order=order)


def pagination(
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE, description="items per page")] = DEFAULT_PAGE_SIZE,
    offset: Annotated[int, Query(ge=0, description="items to skip")] = 0,
) -> tuple[int, int]:
    return limit, offset
