"""The JSON API under /api/: everything the pages show, paginated where it is a list (OpenAPI at /api/docs)."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response, StreamingResponse
from starlette.concurrency import iterate_in_threadpool
from pydantic import BaseModel, Field

from standpunkt.web import analyses, netview, security
from standpunkt.store.filters import StatementFilter
from standpunkt.web.analyses import AnalysisParams, analysis_params
from standpunkt.web.codebooks import codebook_view
from standpunkt.web.params import cursor, cursor_text, pagination, parse_date, search_text, statement_filter, top_actors
from standpunkt.web.queries import (
    bounded_selection,
    count_statements,
    cached,
    edge_filter,
    heavy,
    matrix_of,
    page,
    plain_json,
    select_statements,
    statement_json,
    timeline_of,
)
from standpunkt.web.review import ReviewInput, apply_review, current_statement

router = APIRouter(prefix="/api", tags=["api"])
Filter = Annotated[StatementFilter, Depends(statement_filter)]
Page = Annotated[tuple[int, int], Depends(pagination)]
Top = Annotated[int, Depends(top_actors)]


def _next(request: Request, limit: int, offset: int, total: int) -> str | None:
    if offset + limit >= total:
        return None
    return str(request.url.include_query_params(limit=limit, offset=offset + limit))


@router.get("/me", summary="Who the request is authenticated as (null when anonymous)")
def me(request: Request) -> dict[str, Any]:
    return {"user": security.current_user(request)}


# ---------------------------------------------------------------- documents and quotations
def document_list(request: Request, q: str | None, outlet: str | None, date_from: str | None, date_to: str | None,
                  limit: int, offset: int) -> dict[str, Any]:
    store = security.store_of(request)
    kw = dict(search=search_text(q), outlet=(outlet or "").strip() or None,
              date_from=parse_date("date_from", date_from), date_to=parse_date("date_to", date_to))
    items = [plain_json(d) for d in store.documents(limit=limit, offset=offset, **kw)]
    total = store.count_documents(**kw)
    return page(items, total, limit, offset, _next(request, limit, offset, total))


@router.get("/documents", summary="Documents (newest first), with search and filters")
def documents(request: Request, pg: Page, q: Annotated[str | None, Query(description="text search")] = None,
              outlet: str | None = None, date_from: str | None = None, date_to: str | None = None) -> dict[str, Any]:
    return document_list(request, q, outlet, date_from, date_to, *pg)


def document_detail(request: Request, doc_id: str) -> dict[str, Any]:
    store = security.store_of(request)
    doc = store.get_document(doc_id)
    quotations = [plain_json(q) for q in store.quotations(document_id=doc.id, limit=None)]
    statements = [statement_json(s) for s in store.statements(document_id=doc.id)]
    return {"id": doc.id, "title": doc.title, "url": doc.url, "outlet": doc.outlet, "author": doc.author,
            "published": doc.published.isoformat() if doc.published else None, "source": doc.source,
            "language": doc.language, "text": doc.text, "quotations": quotations, "statements": statements}


@router.get("/documents/{doc_id}", summary="One document with its text, quotations and statements")
def document(request: Request, doc_id: str) -> dict[str, Any]:
    return document_detail(request, doc_id)


@router.get("/quotations", summary="Quotations with their role spans (character offsets)")
def quotations(request: Request, pg: Page, document: str | None = None) -> dict[str, Any]:
    store = security.store_of(request)
    limit, offset = pg
    doc_id = store.get_document(document).id if document else None
    items = [plain_json(q) for q in store.quotations(document_id=doc_id, limit=limit, offset=offset)]
    total = store.count_quotations(document_id=doc_id)
    return page(items, total, limit, offset, _next(request, limit, offset, total))


# ---------------------------------------------------------------- statements and review
@router.get("/statements", summary="Statements (effective values after review) with filters; in the date order "
            "the next link pages by keyset cursor (after), so deep pages are as cheap as the first")
def statements(request: Request, f: Filter, pg: Page,
               after: Annotated[tuple[Any, int] | None, Depends(cursor)] = None) -> Response:
    limit, offset = pg
    store = security.store_of(request)
    rows = select_statements(store, f, limit=limit + 1, offset=offset, after=after)  # one more: is there a next?
    more, rows = len(rows) > limit, rows[:limit]
    total = count_statements(store, f)
    if f.order == "date":
        next_url = None if not more else str(request.url.remove_query_params("offset").include_query_params(
            limit=limit, after=cursor_text(rows[-1])))
    else:
        next_url = _next(request, limit, offset, total)
    body = page([statement_json(r) for r in rows], total, limit, offset, next_url)
    # encoded here: the items are JSON already, and FastAPI's generic encoder cost more than the query
    return Response(json.dumps(body, ensure_ascii=False, default=str).encode("utf-8"), media_type="application/json")


def statement_detail(request: Request, statement_id: int) -> dict[str, Any]:
    store = security.store_of(request)
    row = current_statement(store, statement_id)
    return {**statement_json(row), "reviews": [plain_json(r) for r in store.reviews(statement_id)]}


@router.get("/statements/{statement_id}", summary="One statement with its machine original and review history")
def statement(request: Request, statement_id: int) -> dict[str, Any]:
    return statement_detail(request, statement_id)


class ReviewBody(BaseModel):
    """A reviewer's decision. For ``edit``, fields left out keep their current values; spans are
    ``[[start, end], ...]`` character offsets into the document text."""

    action: str = Field(description="accept / edit / reject")
    actor: str | None = None
    concept: str | None = None
    agreement: str | None = Field(None, description="support / oppose / conditional / neutral")
    condition: list[list[int]] | None = None
    evidence: list[list[int]] | None = None
    comment: str | None = None


@router.post("/statements/{statement_id}/review", summary="Accept, edit or reject a statement (needs a login or "
             "an API token); appended to the audit trail, the machine's original stays")
def review(request: Request, statement_id: int, body: ReviewBody,
           user: Annotated[str, Depends(security.require_api_writer)]) -> dict[str, Any]:
    from standpunkt.store.coding import may_change

    may_change(security.store_of(request), statement_id, user)  # a hand-coded statement is its coder's
    apply_review(security.store_of(request), statement_id, user, ReviewInput(**body.model_dump()))
    return statement_detail(request, statement_id)


# ---------------------------------------------------------------- learning from reviews (issue 18)
@router.get("/learn", summary="Per stored codebook, its newest learn run: state, cross-validated accuracy on the "
            "reviewed statements (grouped by document) and how many statements changed their code")
def learn_state(request: Request) -> dict[str, Any]:
    from standpunkt.web.learning import learn_status

    return {"codebooks": learn_status(security.store_of(request))}


class LearnBody(BaseModel):
    codebook: str = Field(description="the codebook as stored with the statements (see GET /api/learn)")


@router.post("/learn", status_code=202, summary="Learn from the reviews: train the codebook's models and re-code the "
             "unreviewed statements, in the background (needs a login or an API token)")
def learn_start(request: Request, body: LearnBody,
                user: Annotated[str, Depends(security.require_api_writer)]) -> dict[str, Any]:
    from standpunkt.web.learning import start_learn

    learn_id = start_learn(security.store_of(request), body.codebook, user)
    return {"learn_id": learn_id, "status": "running", "state": "/api/learn"}


# ---------------------------------------------------------------- actors
def actor_rows(request: Request, actor_id: int, f: StatementFilter, limit: int,
               offset: int = 0) -> tuple[dict[str, Any], list[dict[str, Any]], int]:
    """An actor, a page of its statements (under the other filters of ``f``, which is narrowed to the actor) and
    how many there are."""
    from standpunkt.errors import NotFoundError

    store = security.store_of(request)
    found = store.actors(actor_id=actor_id)
    if not found:
        raise NotFoundError(f"no actor with id {actor_id}")
    actor = found[0]
    f.actors = [actor["name"]]
    return actor, select_statements(store, f, limit=limit, offset=offset), count_statements(store, f)


@router.get("/actors", summary="Actors with their affiliation and number of statements")
def actors(request: Request, pg: Page, candidates: bool | None = None) -> dict[str, Any]:
    limit, offset = pg
    store = security.store_of(request)
    rows = store.actors(candidates=candidates, limit=limit, offset=offset)
    total = store.count_actors(candidates=candidates)
    return page([plain_json(a) for a in rows], total, limit, offset, _next(request, limit, offset, total))


@router.get("/actors/{actor_id}", summary="One actor with a page of its statements (limit, offset; "
            "statements_total, statements_next) and its stance per concept")
def actor(request: Request, actor_id: int, f: Filter, pg: Page) -> dict[str, Any]:
    limit, offset = pg
    actor, rows, total = actor_rows(request, actor_id, f, limit, offset)
    return {**plain_json(actor), "statements": [statement_json(r) for r in rows], "statements_total": total,
            "statements_next": _next(request, limit, offset, total),
            "concepts": matrix_of(security.store_of(request), f).to_json()["cells"]}


# ---------------------------------------------------------------- analysis views
def cached_json(store: Any, key: tuple[Any, ...], compute: Any) -> Response:
    """An aggregate's JSON, encoded once and cached (see :func:`standpunkt.web.queries.cached`): a large matrix
    or network is sent from bytes instead of being re-encoded per request."""
    key = tuple(k.key() if isinstance(k, StatementFilter) else k for k in key)
    body = cached(store, ("json", *key), lambda: json.dumps(compute(), ensure_ascii=False).encode("utf-8"))
    return Response(body, media_type="application/json")


@router.get("/matrix", summary="Stance matrix: actors x concepts with statement counts per agreement")
def matrix(request: Request, f: Filter, top: Top) -> Response:
    store = security.store_of(request)

    def body() -> dict[str, Any]:
        out = matrix_of(store, f, top).to_json()
        view = codebook_view(store, request.app.state.codebooks)
        out["concept_labels"] = {c: view.label(c) for c in out["concepts"]}
        return out

    return cached_json(store, ("matrix", f, top), body)


@router.get("/timeline", summary="Statements per period and agreement (filter by actor and/or concept)")
def timeline_view(request: Request, f: Filter,
                  unit: Annotated[str, Query(description="day / week / month / quarter / year")] = "month"
                  ) -> Response:
    store = security.store_of(request)
    return cached_json(store, ("timeline", f, unit), lambda: {"unit": unit, "periods": timeline_of(store, f, unit)})


NetworkParams = Annotated[dict[str, Any], Depends(netview.network_params)]


@router.get("/network", summary="Discourse network: actor congruence/conflict, or the actor-concept two-mode "
            "network, at an aggregation level, with communities and a layout (x, y); the top most active actors "
            "(actors_total: how many there are)")
def network_view(request: Request, f: Filter, p: NetworkParams) -> Response:
    store = security.store_of(request)
    return cached_json(store, ("network", f, tuple(sorted(p.items()))),
                       lambda: netview.network_view(store, f, **p))


@router.get("/network/download", summary="Exactly the network of /api/network with the same parameters, as "
            "GraphML, GEXF, edge-list CSV or UCINET/visone DL", response_class=Response)
def network_download(request: Request, f: Filter, p: NetworkParams,
                     format: str = "graphml") -> Response:  # noqa: A002 (query parameter name)
    data = netview.network_view(security.store_of(request), f, **p)
    body, media_type, filename = netview.download(data, format)
    return Response(body, media_type=media_type, headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@router.get("/network/edge", summary="The statements behind one network edge (a page: limit, offset; total, next); "
            "at an aggregation level the statements of the actors a node aggregates")
def network_edge(request: Request, f: Filter, pg: Page, source: str, target: str,
                 level: Annotated[str | None, Query(description="person / organisation / party / country")] = None
                 ) -> dict[str, Any]:
    limit, offset = pg
    store = security.store_of(request)
    lv = netview.parse_level(level)
    ef = edge_filter(store, f, source, target, lv)
    rows = [] if ef is None else select_statements(store, ef, limit=limit, offset=offset)
    total = 0 if ef is None else count_statements(store, ef)
    return {"source": source, "target": target, "level": lv, "statements": [statement_json(r) for r in rows],
            "total": total, "next": _next(request, limit, offset, total)}


# ---------------------------------------------------------------- analyses (issue 19)
Analysis = Annotated[AnalysisParams, Depends(analysis_params)]


@router.get("/analysis", summary="The analyses of the discourse network: name and what each shows")
def analysis_index() -> dict[str, Any]:
    return {"analyses": [{"name": k, "description": v, "json": f"/api/analysis/{k}", "svg": f"/api/analysis/{k}.svg"}
                         for k, v in analyses.ANALYSES.items()]}


def analysis_outcome(request: Request, name: str, f: StatementFilter, p: AnalysisParams) -> analyses.Outcome:
    with heavy():  # an analysis needs every selected statement: a few at a time, each bounded
        return analyses.run(name, bounded_selection(security.store_of(request), f, f"analysis {name}"), p)


@router.get("/analysis/{name}.svg", summary="The picture of an analysis (SVG)",
            response_class=Response, responses={200: {"content": {"image/svg+xml": {}}}})
def analysis_picture(request: Request, name: str, f: Filter, p: Analysis) -> Response:
    return Response(analyses.svg(analysis_outcome(request, name, f, p)), media_type="image/svg+xml")


@router.get("/analysis/{name}", summary="One analysis of the filtered statements: polarization, backbone, clusters, "
            "phases or scaling (docs/analysis.md)")
def analysis(request: Request, name: str, f: Filter, p: Analysis) -> dict[str, Any]:
    return analysis_outcome(request, name, f, p).data


# ---------------------------------------------------------------- export
@router.get("/export", summary="Download the filtered statements (reviewed values preferred): csv (event list), "
            "matrix (stance matrix CSV), graphml (two-mode network) or dna (DNA 3 database)")
def export(request: Request, f: Filter, format: str = "csv") -> Response:  # noqa: A002 (query parameter name)
    from standpunkt.web.exporting import export_statements

    body, media_type, filename = export_statements(security.store_of(request), f, format)
    headers = {"Content-Disposition": f'attachment; filename="{filename}"'}
    if isinstance(body, bytes):
        return Response(body, media_type=media_type, headers=headers)
    return StreamingResponse(iterate_in_threadpool(body), media_type=media_type, headers=headers)
