"""Query parameters shared by the pages and their JSON twins, parsed once.

HTML forms send empty strings for empty fields; they mean "no filter" here rather than a validation error.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import Query, Request

from standpunkt.web.codebooks import codebook_view
from standpunkt.store.filters import StatementFilter
from standpunkt.web.queries import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, ParameterError

REVIEW_STATES = ("any", "reviewed", "unreviewed")
MAX_OFFSET = 10_000_000  # deeper than any store pages; beyond it an offset is an error, not a slow scan
MAX_SEARCH = 200  # characters of a text search (a LIKE pattern; longer ones are refused, not scanned)
MAX_VALUE = 300  # characters of a filter value (actor names and concepts are at most 300 in the store)
MAX_VALUES = 100  # repeated values of one filter
DEFAULT_TOP = 200  # actors in a matrix or network unless asked for more
MAX_TOP = 2000


def _blank(value: str | None) -> str | None:
    return value.strip() if value and value.strip() else None


def search_text(q: str | None) -> str | None:
    """A text search term: blank means none; over :data:`MAX_SEARCH` characters is a 400."""
    q = _blank(q)
    if q is not None and len(q) > MAX_SEARCH:
        raise ParameterError(f"q: a search of {len(q)} characters; at most {MAX_SEARCH}")
    return q


def _values(name: str, values: list[str]) -> list[str]:
    """Repeated filter values without blanks, each and their number bounded (400 beyond)."""
    out = [v.strip() for v in values if v.strip()]
    if len(out) > MAX_VALUES:
        raise ParameterError(f"{name}: {len(out)} values; at most {MAX_VALUES}")
    long = next((v for v in out if len(v) > MAX_VALUE), None)
    if long is not None:
        raise ParameterError(f"{name}: a value of {len(long)} characters; at most {MAX_VALUE}")
    return out


def _one(name: str, value: str | None) -> str | None:
    return (_values(name, [value]) or [None])[0] if value else None


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
    from standpunkt.commands.learn import QUEUE_ORDERS

    order = _blank(order) or "date"
    if order not in QUEUE_ORDERS:
        raise ParameterError(f"order: {order!r} is not one of {', '.join(QUEUE_ORDERS)}")
    review = _blank(review) or "any"
    if review not in REVIEW_STATES:
        raise ParameterError(f"review: {review!r} is not one of {', '.join(REVIEW_STATES)}")
    issue, issue_concepts, codebook = _one("issue", issue), None, _one("codebook", codebook)
    if issue:
        view = codebook_view(request.app.state.store, request.app.state.codebooks)
        info = view.issue(issue)
        if info is None:
            known = ", ".join(i.id for i in view.issues) or "none: no stored codebook file is readable"
            raise ParameterError(f"issue: {issue!r} is not an issue of the stored codebooks ({known})")
        issue_concepts, codebook = info.concepts, codebook or info.codebook
    return StatementFilter(
        document_id=_one("document", document), actors=_values("actor", actor), concepts=_values("concept", concept),
        codebook=_one("codebook", codebook), issue=issue, issue_concepts=issue_concepts,
        outlets=_values("outlet", outlet), date_from=parse_date("date_from", date_from),
        date_to=parse_date("date_to", date_to), reviewed_only=review == "reviewed",
        unreviewed_only=review == "unreviewed", min_confidence=parse_float("min_confidence", min_confidence),
        max_confidence=parse_float("max_confidence", max_confidence), include_rejected=include_rejected,
        order=order)


def review_state(f: StatementFilter) -> str:
    """The ``review`` parameter of a filter: any, reviewed or unreviewed."""
    return "reviewed" if f.reviewed_only else "unreviewed" if f.unreviewed_only else "any"


def query_params(f: StatementFilter) -> list[tuple[str, str]]:
    """The query parameters that reproduce ``f`` (for links and 'next' URLs): :func:`statement_filter` reversed."""
    out: list[tuple[str, str]] = []
    if f.document_id:
        out.append(("document", f.document_id))
    out += [("actor", v) for v in f.actors] + [("concept", v) for v in f.concepts]
    out += [(k, str(v)) for k, v in (("codebook", f.codebook), ("issue", f.issue)) if v]
    out += [("outlet", v) for v in f.outlets]
    out += [(k, v.isoformat()) for k, v in (("date_from", f.date_from), ("date_to", f.date_to)) if v is not None]
    if review_state(f) != "any":
        out.append(("review", review_state(f)))
    out += [(k, str(v)) for k, v in (("min_confidence", f.min_confidence), ("max_confidence", f.max_confidence))
            if v is not None]
    if f.include_rejected:
        out.append(("include_rejected", "1"))
    if f.order != "date":
        out.append(("order", f.order))
    return out


def pagination(
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE, description="items per page")] = DEFAULT_PAGE_SIZE,
    offset: Annotated[str | None, Query(description=f"items to skip (at most {MAX_OFFSET:,})")] = None,
) -> tuple[int, int]:
    """``limit`` is capped at :data:`MAX_PAGE_SIZE` (422 beyond, as for other typed parameters); an offset that is
    not a whole number in [0, :data:`MAX_OFFSET`] is a 400 (10^20 used to reach the database and fail there)."""
    value = _blank(offset)
    if value is None:
        return limit, 0
    if not value.isdigit() or len(value) > 12 or int(value) > MAX_OFFSET:
        raise ParameterError(f"offset: {value[:40]!r} is not a whole number from 0 to {MAX_OFFSET}")
    return limit, int(value)


def cursor(
    after: Annotated[str | None, Query(description="keyset cursor from a page's next link (DATE~ID of the last "
                                                   "statement seen): a deep page costs what the first does")] = None,
) -> tuple[date | None, int] | None:
    """The ``(date, id)`` a page of statements starts after, from ``DATE~ID`` (``~ID`` for an undated statement)."""
    value = _blank(after)
    if value is None:
        return None
    day, sep, number = value.partition("~")
    if not sep or not number.isdigit() or len(number) > 18:
        raise ParameterError(f"after: {value[:40]!r} is not a cursor (DATE~ID, as in a page's next link)")
    return (parse_date("after", day) if day else None), int(number)


def cursor_text(row: dict) -> str:
    """The cursor that pages on after ``row`` (see :func:`cursor`)."""
    day = row.get("date")
    return f"{day.isoformat() if day else ''}~{row['id']}"


def top_actors(
    top: Annotated[int, Query(ge=1, le=MAX_TOP, description="the most active actors shown (the rest are counted "
                                                             "in actors_total)")] = DEFAULT_TOP,
) -> int:
    return top
