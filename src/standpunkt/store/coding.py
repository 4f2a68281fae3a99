"""Manual coding: statements a person codes by hand in the web app (DNA-style), and document metadata edits.

A hand-coded statement is a ``statements`` row with ``origin = "manual"``; ``meta.coder`` holds who coded it and
``created_at`` when. Like imported statements it counts as coded by a person: never "unreviewed", kept by every
re-analysis (a machine statement that repeats it is matched to it, not added), and read by every analysis and
export through :meth:`Store.statements`. Later corrections go through the review audit trail like any other edit;
only its coder may edit or delete it (:func:`may_change`).
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from typing import Any

import sqlalchemy as sa

from standpunkt.errors import ForbiddenError, NotFoundError, StandpunktError
from standpunkt.model import AGREEMENTS, Actor
from standpunkt.store import Store, _utc, now
from standpunkt.store import schema as t

MANUAL = "manual"
MAX_NAME_CHARS = 300  # actor names and concepts (the columns' width)
MAX_TITLE_CHARS = 1000
MAX_OUTLET_CHARS = 200


class CodingError(StandpunktError):
    """A hand-coded statement or a metadata edit that cannot be stored as given (answered with 400)."""


PermissionDenied = ForbiddenError  # the user may not change this statement (answered with 403)


def _name(field: str, value: str | None) -> str:
    value = " ".join((value or "").split())
    if not value:
        raise CodingError(f"{field}: required")
    if len(value) > MAX_NAME_CHARS:
        raise CodingError(f"{field}: at most {MAX_NAME_CHARS} characters")
    return value


def check_spans(field: str, spans: Any, length: int, *, required: bool = False) -> list[list[int]]:
    """``[[start, end], ...]`` inside a text of ``length`` characters, sorted; overlapping spans are merged."""
    pairs = []
    for pair in spans or []:
        if not isinstance(pair, (list, tuple)) or len(pair) != 2:
            raise CodingError(f"{field}: each span is [start, end], got {pair!r}")
        try:
            start, end = int(pair[0]), int(pair[1])
        except (TypeError, ValueError):
            raise CodingError(f"{field}: {pair!r} is not a pair of character offsets") from None
        if not 0 <= start < end <= length:
            raise CodingError(f"{field}: span [{start}, {end}) is not inside the document (0..{length})")
        pairs.append([start, end])
    if required and not pairs:
        raise CodingError(f"{field}: select the text the statement rests on")
    merged: list[list[int]] = []
    for start, end in sorted(pairs):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return merged


def check_within(condition: list[list[int]], evidence: list[list[int]]) -> None:
    for start, end in condition:
        if not any(s <= start and end <= e for s, e in evidence):
            shown = "; ".join(f"{s}-{e}" for s, e in evidence)
            raise CodingError(f"condition: span [{start}, {end}) is not inside the evidence ({shown})")


def code_statement(store: Store, document_id: str, coder: str, *, actor: str, concept: str, agreement: str,
                   evidence: Any, condition: Any = None, comment: str | None = None) -> int:
    """Store a hand-coded statement on a document; returns its id.

    An actor not yet known is created as a candidate (an inferred actor a person named); the statement's date is
    the document's publication date.
    """
    doc = store.get_document(document_id)
    actor_name, concept = _name("actor", actor), _name("concept", concept)
    if agreement not in AGREEMENTS:
        raise CodingError(f"agreement: {agreement!r} is not one of {', '.join(AGREEMENTS)}")
    evidence = check_spans("evidence", evidence, len(doc.text), required=True)
    condition = check_spans("condition", condition, len(doc.text))
    check_within(condition, evidence)
    meta: dict[str, Any] = {"coder": coder}
    if comment and comment.strip():
        meta["comment"] = comment.strip()[:2000]
    with store.transaction() as conn:
        actor_id = store._ensure_actor(conn, Actor(name=actor_name, candidate=True))
        res = conn.execute(t.statements.insert().values(
            document_id=doc.id, quotation_id=None, actor_id=actor_id, concept=concept, agreement=agreement,
            condition=condition, evidence=evidence, date=doc.published.date() if doc.published else None,
            confidence=1.0, pipeline_version=None, origin=MANUAL, codebook=None, meta=meta, created_at=now()))
        return int(res.inserted_primary_key[0])


def statement_owner(store: Store, statement_id: int) -> tuple[str, str | None]:
    """(origin, coder) of a stored statement; NotFoundError if there is none."""
    with store.engine.connect() as conn:
        row = conn.execute(sa.select(t.statements.c.origin, t.statements.c.meta)
                           .where(t.statements.c.id == statement_id)).first()
    if row is None:
        raise NotFoundError(f"no statement with id {statement_id}")
    return str(row[0]), (row[1] or {}).get("coder")


def may_change(store: Store, statement_id: int, user: str) -> None:
    """A hand-coded statement is its coder's: other coders may not edit, reject or delete it (PermissionDenied);
    admins may. Machine and imported statements are open to every reviewer."""
    from standpunkt.store.auth import user_role

    origin, coder = statement_owner(store, statement_id)
    if origin == MANUAL and coder and coder != user and user_role(store, user) != "admin":
        raise PermissionDenied(f"statement {statement_id} was coded by {coder}; only {coder} may change it")


def delete_statement(store: Store, statement_id: int, user: str) -> None:
    """Delete a hand-coded statement (with its edits); only its coder may. Machine statements are rejected, not
    deleted, so that re-analysis does not bring them back."""
    origin, _ = statement_owner(store, statement_id)
    if origin != MANUAL:
        raise CodingError(f"statement {statement_id} is not hand-coded ({origin}): reject it instead of deleting")
    may_change(store, statement_id, user)
    with store.transaction() as conn:
        conn.execute(t.statement_reviews.delete().where(t.statement_reviews.c.statement_id == statement_id))
        conn.execute(t.statements.delete().where(t.statements.c.id == statement_id))


# ---------------------------------------------------------------- document metadata
def parse_published(value: str | None) -> datetime | None:
    """'2024-02-28' or an ISO date-time -> an aware datetime (UTC when no zone is given); '' -> None."""
    value = (value or "").strip()
    if not value:
        return None
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise CodingError(f"published: {value!r} is not a date (YYYY-MM-DD or ISO date-time)") from None
    return when if when.tzinfo else when.replace(tzinfo=timezone.utc)


UNSET: Any = object()


def edit_document(store: Store, document_id: str, editor: str, *, title: Any = UNSET, outlet: Any = UNSET,
                  published: Any = UNSET) -> dict[str, Any]:
    """Change a document's title, outlet and/or publication date (None clears it).

    A new date also becomes the date of the document's statements. Each change is appended to
    ``documents.meta["edits"]`` (who, when, field, old and new value). Returns the changed fields.
    """
    doc = store.get_document(document_id)
    changes: dict[str, Any] = {}
    for field, value, limit in (("title", title, MAX_TITLE_CHARS), ("outlet", outlet, MAX_OUTLET_CHARS)):
        if value is UNSET:
            continue
        value = " ".join((value or "").split()) or None
        if value and len(value) > limit:
            raise CodingError(f"{field}: at most {limit} characters")
        if value != getattr(doc, field):
            changes[field] = (getattr(doc, field), value)
    if published is not UNSET:
        if isinstance(published, str) or published is None:
            published = parse_published(published)
        if _utc(published) != _utc(doc.published):
            changes["published"] = (doc.published, published)
    if not changes:
        return {}
    when = now()
    edits = list((doc.meta or {}).get("edits") or [])
    for field, (old, new) in changes.items():
        edits.append({"by": editor, "at": when.isoformat(), "field": field,
                      "old": old.isoformat() if isinstance(old, datetime) else old,
                      "new": new.isoformat() if isinstance(new, datetime) else new})
    values: dict[str, Any] = {k: (_utc(v[1]) if k == "published" else v[1]) for k, v in changes.items()}
    values["meta"] = {**(doc.meta or {}), "edits": edits}
    with store.transaction() as conn:
        conn.execute(t.documents.update().where(t.documents.c.id == doc.id).values(**values))
        if "published" in changes:
            new = changes["published"][1]
            old = changes["published"][0]
            dated = t.statements.c.date.is_(None)
            if old is not None:  # statements dated by the document (not by their own source) follow it
                dated = sa.or_(dated, t.statements.c.date == _utc(old).date())
            conn.execute(t.statements.update().where(t.statements.c.document_id == doc.id, dated)
                         .values(date=_utc(new).date() if new else None))
    return {k: v[1] for k, v in changes.items()}


# ---------------------------------------------------------------- actor manager
ACTOR_FIELDS = ("kind", "role", "organisation", "party", "country", "colour", "aliases", "candidate")
_COLOUR_RE = re.compile(r"^#[0-9a-fA-F]{6}$")


def _actor_row(conn: Any, actor_id: int) -> dict[str, Any]:
    row = conn.execute(sa.select(t.actors).where(t.actors.c.id == actor_id)).mappings().first()
    if row is None:
        raise NotFoundError(f"no actor with id {actor_id}")
    return dict(row)


def _clean_actor_field(field: str, value: Any) -> Any:
    from standpunkt.model import ACTOR_KINDS

    if field == "kind":
        if value not in ACTOR_KINDS:
            raise CodingError(f"kind: {value!r} is not one of {', '.join(ACTOR_KINDS)}")
        return value
    if field == "candidate":
        return bool(value)
    if field == "aliases":
        if isinstance(value, str):
            value = value.split(";")
        aliases = []
        for a in value or []:
            a = " ".join(str(a).split())
            if a and a not in aliases:
                aliases.append(a[:MAX_NAME_CHARS])
        return aliases
    value = " ".join(str(value or "").split()) or None
    if field == "colour" and value is not None and not _COLOUR_RE.match(value):
        raise CodingError(f"colour: {value!r} is not a colour #rrggbb")
    if value is not None and len(value) > MAX_NAME_CHARS:
        raise CodingError(f"{field}: at most {MAX_NAME_CHARS} characters")
    return value


def edit_actor(store: Store, actor_id: int, editor: str, **fields: Any) -> dict[str, Any]:
    """Change an actor's attributes (kind, role, organisation, party, country, colour, aliases, candidate); each
    change is logged in ``actor_edits``. Statements, matrices, networks and exports read the actor's current
    attributes, so the change applies everywhere at once. Returns the changes ``{field: [old, new]}``."""
    unknown = set(fields) - set(ACTOR_FIELDS)
    if unknown:
        raise CodingError(f"unknown actor field(s) {', '.join(sorted(unknown))} ({', '.join(ACTOR_FIELDS)})")
    with store.transaction() as conn:
        row = _actor_row(conn, actor_id)
        changes = {}
        for field, value in fields.items():
            new = _clean_actor_field(field, value)
            old = list(row[field] or []) if field == "aliases" else row[field]
            if new != old:
                changes[field] = [old, new]
        if changes:
            conn.execute(t.actors.update().where(t.actors.c.id == actor_id)
                         .values(**{k: v[1] for k, v in changes.items()}))
            conn.execute(t.actor_edits.insert().values(actor_id=actor_id, actor_name=row["name"], editor=editor,
                                                       action="edit", changes=changes, created_at=now()))
    return changes


def merge_actors(store: Store, source_id: int, into_id: int, editor: str) -> dict[str, Any]:
    """Merge actor ``source_id`` (e.g. an inferred candidate) into ``into_id`` (e.g. the registry actor): its
    statements, review edits and quotations move over, its name and aliases become aliases of the target, and it
    is removed. Logged under both actors. Returns a summary."""
    if source_id == into_id:
        raise CodingError("an actor cannot be merged into itself")
    with store.transaction() as conn:
        source, into = _actor_row(conn, source_id), _actor_row(conn, into_id)
        moved = conn.execute(t.statements.update().where(t.statements.c.actor_id == source_id)
                             .values(actor_id=into_id)).rowcount
        edits = conn.execute(t.statement_reviews.update().where(t.statement_reviews.c.actor_id == source_id)
                             .values(actor_id=into_id)).rowcount
        quotes = conn.execute(t.quotations.update().where(t.quotations.c.actor_id == source_id)
                              .values(actor_id=into_id)).rowcount
        aliases = list(into["aliases"] or [])
        for name in [source["name"], *(source["aliases"] or [])]:
            if name != into["name"] and name not in aliases:
                aliases.append(name)
        conn.execute(t.actors.update().where(t.actors.c.id == into_id).values(aliases=aliases))
        conn.execute(t.actors.delete().where(t.actors.c.id == source_id))
        summary = {"merged": source["name"], "merged_id": source_id, "into": into["name"], "into_id": into_id,
                   "statements": int(moved), "review_edits": int(edits), "quotations": int(quotes)}
        for actor_id, name in ((source_id, source["name"]), (into_id, into["name"])):
            conn.execute(t.actor_edits.insert().values(actor_id=actor_id, actor_name=name, editor=editor,
                                                       action="merge", changes=summary, created_at=now()))
    return summary


def actor_edits(store: Store, actor_id: int) -> list[dict[str, Any]]:
    """The audit trail of one actor, oldest first."""
    e = t.actor_edits
    with store.engine.connect() as conn:
        return [dict(r) for r in conn.execute(sa.select(e).where(e.c.actor_id == actor_id).order_by(e.c.id))
                .mappings()]
