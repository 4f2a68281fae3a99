"""Manual coding in the web app and the API: hand-coded statements (create, delete; edits go through review) and a
document's metadata (title, outlet, date). Writes need a login session (forms: CSRF field; scripts: CSRF header)
or an API token, like reviews."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from standpunkt.store import coding
from standpunkt.web import security
from standpunkt.web.review import parse_spans

api_router = APIRouter(prefix="/api", tags=["api"])
page_router = APIRouter(include_in_schema=False)
Writer = Annotated[str, Depends(security.require_api_writer)]


class CodeBody(BaseModel):
    """A statement coded by hand. Spans are ``[[start, end], ...]`` character offsets into the document text (the
    web app fills them from the text the coder selects)."""

    model_config = ConfigDict(extra="forbid")

    actor: str = Field(description="actor name: a known actor, or a new one (created as a candidate)")
    concept: str = Field(description="concept: a known one or a new one")
    agreement: str = Field(description="support / oppose / conditional / neutral")
    evidence: list[list[int]] = Field(description="the text the statement rests on (at least one span)")
    condition: list[list[int]] = Field(default_factory=list, description="the condition, inside the evidence")
    comment: str | None = None


class DocumentMeta(BaseModel):
    """Fields to change; a field left out stays, ``null`` or ``""`` clears it."""

    model_config = ConfigDict(extra="forbid")

    title: str | None = None
    outlet: str | None = None
    published: str | None = Field(None, description="YYYY-MM-DD or an ISO date-time")


def _statement(request: Request, statement_id: int) -> dict[str, Any]:
    from standpunkt.web.api import statement_detail

    return statement_detail(request, statement_id)


@api_router.post("/documents/{doc_id}/statements", status_code=201,
                 summary="Code a statement by hand on a document (needs a login or an API token)")
def code(request: Request, doc_id: str, body: CodeBody, user: Writer) -> dict[str, Any]:
    sid = coding.code_statement(security.store_of(request), doc_id, user, **body.model_dump())
    return _statement(request, sid)


@api_router.delete("/statements/{statement_id}", status_code=204,
                   summary="Delete a hand-coded statement (its coder only; machine statements are rejected instead)")
def delete(request: Request, statement_id: int, user: Writer) -> Response:
    coding.delete_statement(security.store_of(request), statement_id, user)
    return Response(status_code=204)


@api_router.patch("/documents/{doc_id}", summary="Edit a document's title, outlet or date (needs a login or an "
                  "API token); a new date also dates the document's statements")
def edit_document(request: Request, doc_id: str, body: DocumentMeta, user: Writer) -> dict[str, Any]:
    store = security.store_of(request)
    fields = body.model_dump(exclude_unset=True)
    coding.edit_document(store, doc_id, user, **fields)
    doc = store.get_document(doc_id)
    return {"id": doc.id, "title": doc.title, "outlet": doc.outlet,
            "published": doc.published.isoformat() if doc.published else None,
            "edits": (doc.meta or {}).get("edits", [])}


# ---------------------------------------------------------------- the forms of the document page
@page_router.post("/documents/{doc_id}/statements")
def code_form(request: Request, doc_id: str, actor: Annotated[str, Form()], concept: Annotated[str, Form()],
              agreement: Annotated[str, Form()], evidence: Annotated[str, Form()],
              csrf_token: Annotated[str | None, Form()] = None, condition: Annotated[str | None, Form()] = None,
              comment: Annotated[str | None, Form()] = None) -> Response:
    user = security.require_form_writer(request, csrf_token)
    store = security.store_of(request)
    sid = coding.code_statement(store, doc_id, user, actor=actor, concept=concept, agreement=agreement,
                                evidence=parse_spans("evidence", evidence), condition=parse_spans("condition", condition),
                                comment=comment)
    doc = store.get_document(doc_id)
    return RedirectResponse(f"/documents/{doc.id}?coded={sid}#statement-{sid}", status_code=303)


@page_router.post("/statements/{statement_id}/delete")
def delete_form(request: Request, statement_id: int, csrf_token: Annotated[str | None, Form()] = None,
                next: Annotated[str | None, Form()] = None) -> Response:  # noqa: A002 (the form field's name)
    user = security.require_form_writer(request, csrf_token)
    coding.delete_statement(security.store_of(request), statement_id, user)
    return RedirectResponse(security.safe_next(next, "/statements"), status_code=303)


@page_router.post("/documents/{doc_id}/meta")
def meta_form(request: Request, doc_id: str, csrf_token: Annotated[str | None, Form()] = None,
              title: Annotated[str | None, Form()] = None, outlet: Annotated[str | None, Form()] = None,
              published: Annotated[str | None, Form()] = None) -> Response:
    user = security.require_form_writer(request, csrf_token)
    store = security.store_of(request)
    coding.edit_document(store, doc_id, user, title=title or "", outlet=outlet or "", published=published or "")
    return RedirectResponse(f"/documents/{store.get_document(doc_id).id}", status_code=303)


# ---------------------------------------------------------------- actor manager
class ActorEdit(BaseModel):
    """Attributes to change; a field left out stays."""

    model_config = ConfigDict(extra="forbid")

    kind: str | None = Field(None, description="person / organisation / country / group")
    role: str | None = None
    organisation: str | None = None
    party: str | None = None
    country: str | None = None
    colour: str | None = Field(None, description="#rrggbb, or empty for none")
    aliases: list[str] | None = None
    candidate: bool | None = Field(None, description="false: a confirmed actor, no longer an inferred candidate")


class MergeBody(BaseModel):

    model_config = ConfigDict(extra="forbid")
    into: int | str = Field(description="the actor to keep: its id or its name")


def _actor_id(store: Any, ref: int | str) -> int:
    from standpunkt.errors import NotFoundError

    if isinstance(ref, int) or ref.isdigit():
        found = store.actors(actor_id=int(ref))
        if found:
            return int(found[0]["id"])
    if isinstance(ref, str):
        found = store.actors(name=ref)
        if found:
            return int(found[0]["id"])
    raise NotFoundError(f"no actor {ref!r}")


def _actor_json(store: Any, actor_id: int) -> dict[str, Any]:
    from standpunkt.web.queries import plain_json

    actor = next(iter(store.actors(actor_id=actor_id)), None)
    return {**plain_json(actor), "edits": [plain_json(e) for e in coding.actor_edits(store, actor_id)]}


@api_router.patch("/actors/{actor_id}", summary="Edit an actor's kind, role, organisation, party, country, colour, "
                  "aliases or candidate flag (needs a login or an API token); logged in the actor's edits")
def edit_actor(request: Request, actor_id: int, body: ActorEdit, user: Writer) -> dict[str, Any]:
    store = security.store_of(request)
    coding.edit_actor(store, actor_id, user, **body.model_dump(exclude_unset=True))
    return _actor_json(store, actor_id)


@api_router.post("/actors/{actor_id}/merge", summary="Merge this actor (e.g. an inferred candidate) into another "
                 "(e.g. the registry actor): statements move, the name becomes an alias, this actor is removed")
def merge_actor(request: Request, actor_id: int, body: MergeBody, user: Writer) -> dict[str, Any]:
    store = security.store_of(request)
    into = _actor_id(store, body.into)
    summary = coding.merge_actors(store, actor_id, into, user)
    return {**summary, "actor": _actor_json(store, into)}


@api_router.get("/actors/{actor_id}/edits", summary="The audit trail of an actor: attribute edits and merges")
def actor_edits(request: Request, actor_id: int) -> dict[str, Any]:
    from standpunkt.web.queries import plain_json

    return {"items": [plain_json(e) for e in coding.actor_edits(security.store_of(request), actor_id)]}


@page_router.post("/actors/{actor_id}/edit")
def edit_actor_form(request: Request, actor_id: int, csrf_token: Annotated[str | None, Form()] = None,
                    kind: Annotated[str | None, Form()] = None, role: Annotated[str | None, Form()] = None,
                    organisation: Annotated[str | None, Form()] = None, party: Annotated[str | None, Form()] = None,
                    country: Annotated[str | None, Form()] = None, colour: Annotated[str | None, Form()] = None,
                    aliases: Annotated[str | None, Form()] = None,
                    confirmed: Annotated[str | None, Form()] = None) -> Response:
    user = security.require_form_writer(request, csrf_token)
    fields: dict[str, Any] = {"role": role, "organisation": organisation, "party": party, "country": country,
                              "colour": colour, "aliases": aliases or ""}
    if kind:
        fields["kind"] = kind
    if confirmed:
        fields["candidate"] = False
    coding.edit_actor(security.store_of(request), actor_id, user, **fields)
    return RedirectResponse(f"/actors/{actor_id}", status_code=303)


@page_router.post("/actors/{actor_id}/merge")
def merge_actor_form(request: Request, actor_id: int, into: Annotated[str, Form()],
                     csrf_token: Annotated[str | None, Form()] = None) -> Response:
    user = security.require_form_writer(request, csrf_token)
    store = security.store_of(request)
    target = _actor_id(store, into.strip())
    coding.merge_actors(store, actor_id, target, user)
    return RedirectResponse(f"/actors/{target}", status_code=303)


# ---------------------------------------------------------------- inter-coder reliability
@api_router.get("/agreement", summary="Inter-coder reliability of agreement values: Krippendorff's alpha (overall, "
                "per concept), Cohen's kappa per pair of coders (people and the machine)")
def agreement(request: Request, document: str | None = None) -> dict[str, Any]:
    from standpunkt.analysis.reliability import store_reliability

    store = security.store_of(request)
    doc_id = store.get_document(document).id if document else None
    return store_reliability(store, document_id=doc_id)


@page_router.get("/agreement")
def agreement_page(request: Request, document: str | None = None) -> Response:
    from standpunkt.web.responses import html

    return html(request, "agreement.html", {"user": security.session_user(request), "r": agreement(request, document),
                                            "document": document or ""})
