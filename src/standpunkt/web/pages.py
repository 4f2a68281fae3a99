"""Server-rendered pages. Each page calls the same functions as its JSON twin in :mod:`standpunkt.web.api`."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote_plus, urlencode

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from standpunkt.analysis.frame import AGGREGATION_LEVELS
from standpunkt.analysis.network import ONE_MODE_NORMALIZATIONS
from standpunkt.model import AGREEMENTS
from standpunkt.web import api, netview, security
from standpunkt.store.filters import StatementFilter
from standpunkt.web.analyses import ANALYSES, WINDOW_UNITS, AnalysisParams, analysis_params, table_rows
from standpunkt.web.responses import html
from standpunkt.web.codebooks import codebook_view
from standpunkt.web.params import DEFAULT_TOP, pagination, query_params, statement_filter, top_actors
from standpunkt.web.queries import (
    NETWORK_MODES,
    TIME_UNITS,
    Cell,
    Matrix,
    ParameterError,
    cell_colour,
    count_statements,
    distinct_values,
    edge_filter,
    matrix_of,
    network_of,
    select_statements,
    timeline_of,
)
from standpunkt.web.review import ReviewInput, apply_review, current_statement, parse_spans

router = APIRouter(include_in_schema=False)
Filter = Annotated[StatementFilter, Depends(statement_filter)]
Page = Annotated[tuple[int, int], Depends(pagination)]
Top = Annotated[int, Depends(top_actors)]
QUOTATION_ROLES = ("frame", "addressee", "speaker", "cue", "message")  # highlighted in the document view
PANEL_STATEMENTS = 50  # statements shown in a matrix cell's or network edge's evidence panel
ACTOR_CHOICES = 5000  # actor names offered when editing a statement
ACTOR_PAGE_STATEMENTS = 100  # statements shown with evidence on an actor page; the rest via /statements?actor=
TIMELINE_HEIGHT = 220  # px of the timeline chart's plot area
TIMELINE_BAR = 28  # px per period


def _context(request: Request, **kw: Any) -> dict[str, Any]:
    store = security.store_of(request)
    return {"user": security.session_user(request), "agreements": AGREEMENTS,
            "outlets": distinct_values(store, "outlet"), "books": codebook_view(store, request.app.state.codebooks),
            **kw}


def _here(request: Request) -> str:
    """This page's local URL (path and query), the target to come back to after a review."""
    return request.url.path + (f"?{request.url.query}" if request.url.query else "")


class Evidence:
    """Statement rows decorated for display: document text and quotation spans loaded once per document."""

    def __init__(self, request: Request):
        self.store = security.store_of(request)
        self._texts: dict[str, str] = {}
        self._quotes: dict[str, dict[int, dict[str, Any]]] = {}

    def text(self, doc_id: str) -> str:
        if doc_id not in self._texts:
            self._texts[doc_id] = self.store.get_document(doc_id).text
            self._quotes[doc_id] = {q["id"]: q for q in self.store.quotations(document_id=doc_id, limit=None)}
        return self._texts[doc_id]

    def layers(self, row: dict[str, Any]) -> dict[str, Any]:
        """Spans to highlight for a statement: its quotation's speaker and cue, its evidence and condition."""
        layers: dict[str, Any] = {}
        if row["document_id"]:
            self.text(row["document_id"])
            quote = self._quotes[row["document_id"]].get(row["quotation_id"])
            if quote:
                layers["speaker"], layers["cue"] = quote["speaker"], quote["cue"]
        layers["evidence"], layers["condition"] = row["evidence"], row["condition"]
        return layers

    def decorate(self, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [{**r, "text": self.text(r["document_id"]) if r["document_id"] else "", "layers": self.layers(r)}
                for r in rows]


# ---------------------------------------------------------------- corpus and documents
@router.get("/", response_class=HTMLResponse)
def home() -> Response:
    return RedirectResponse("/documents", status_code=302)


@router.get("/documents", response_class=HTMLResponse)
def corpus(request: Request, pg: Page, q: str | None = None, outlet: str | None = None,
           date_from: str | None = None, date_to: str | None = None) -> Response:
    data = api.document_list(request, q, outlet, date_from, date_to, *pg)
    return html(request, "corpus.html", _context(
        request, data=data, q=q or "", outlet=outlet or "", date_from=date_from or "", date_to=date_to or ""))


@router.get("/documents/{doc_id}", response_class=HTMLResponse)
def document_page(request: Request, doc_id: str) -> Response:
    data = api.document_detail(request, doc_id)
    layers = {role: [span for q in data["quotations"] for span in (q[role] or [])] for role in QUOTATION_ROLES}
    store = security.store_of(request)
    statements = Evidence(request).decorate(store.statements(document_id=data["id"]))
    books = codebook_view(store, request.app.state.codebooks)
    concepts = sorted(set(distinct_values(store, "concept")) | {c for i in books.issues for c in i.concepts})
    return html(request, "document.html", _context(
        request, doc=data, layers=layers, statements=statements, next_url=_here(request),
        actors=[a["name"] for a in store.actors(limit=ACTOR_CHOICES)], concepts=concepts,
        edits=store.get_document(data["id"]).meta.get("edits", [])))


# ---------------------------------------------------------------- statements and review
@router.get("/statements", response_class=HTMLResponse)
def statements_page(request: Request, f: Filter, pg: Page) -> Response:
    limit, offset = pg
    store = security.store_of(request)
    shown = Evidence(request).decorate(select_statements(store, f, limit=limit, offset=offset))
    total = count_statements(store, f)
    prev_url = _page_url(request, limit, max(0, offset - limit)) if offset else None
    next_url = _page_url(request, limit, offset + limit) if offset + limit < total else None
    from standpunkt.web.learning import learn_status

    queue_url = "/statements?" + urlencode([(k, v) for k, v in query_params(f) if k not in ("order", "review")]
                                            + [("review", "unreviewed"), ("order", "uncertainty")])
    return html(request, "statements.html", _context(
        request, f=f, statements=shown, total=total, offset=offset, prev_url=prev_url, page_next=next_url,
        next_url=_here(request), learning=learn_status(store), queue_url=queue_url))


@router.post("/learn")
def learn_form(request: Request, codebook: Annotated[str, Form()],
               csrf_token: Annotated[str | None, Form()] = None,
               next: Annotated[str | None, Form()] = None) -> Response:  # noqa: A002 (the form field's name)
    """The Learn button: start a learn run in the background and go back to the review page."""
    from standpunkt.web.learning import start_learn

    user = security.require_form_writer(request, csrf_token)
    start_learn(security.store_of(request), codebook, user)
    return RedirectResponse(security.safe_next(next, "/statements?review=unreviewed&order=uncertainty"),
                            status_code=303)


def _page_url(request: Request, limit: int, offset: int) -> str:
    url = request.url.include_query_params(limit=limit, offset=offset)
    return f"{url.path}?{url.query}"


@router.get("/statements/{statement_id}", response_class=HTMLResponse)
def statement_page(request: Request, statement_id: int) -> Response:
    store = security.store_of(request)
    row = Evidence(request).decorate([current_statement(store, statement_id)])[0]
    return html(request, "statement.html", _context(
        request, s=row, reviews=store.reviews(statement_id), next_url=_here(request),
        actors=[a["name"] for a in store.actors(limit=ACTOR_CHOICES)], concepts=distinct_values(store, "concept")))


@router.post("/statements/{statement_id}/review")
def review_form(request: Request, statement_id: int, action: Annotated[str, Form()],
                csrf_token: Annotated[str | None, Form()] = None,
                next: Annotated[str | None, Form()] = None,  # noqa: A002 (the form field's name)
                actor: Annotated[str | None, Form()] = None, concept: Annotated[str | None, Form()] = None,
                agreement: Annotated[str | None, Form()] = None, condition: Annotated[str | None, Form()] = None,
                evidence: Annotated[str | None, Form()] = None,
                clear_condition: Annotated[bool, Form()] = False,
                comment: Annotated[str | None, Form()] = None) -> Response:
    """The review form. An emptied field arrives as "no change" (FastAPI reads an empty form value as missing),
    so removing the condition takes the explicit ``clear_condition`` box."""
    from standpunkt.store.coding import may_change

    user = security.require_form_writer(request, csrf_token)
    may_change(security.store_of(request), statement_id, user)  # a hand-coded statement is its coder's
    spans = parse_spans("condition", condition)
    if clear_condition and spans:
        raise ParameterError("condition: give spans or tick \"no condition\", not both")
    review = ReviewInput(action=action, actor=actor, concept=concept, agreement=agreement or None,
                         condition=[] if clear_condition else spans, evidence=parse_spans("evidence", evidence),
                         comment=comment)
    apply_review(security.store_of(request), statement_id, user, review)
    return RedirectResponse(security.safe_next(next, f"/statements/{statement_id}"), status_code=303)


# ---------------------------------------------------------------- matrix
def _cell_params(f: StatementFilter, actor: str, concept: str) -> list[tuple[str, str]]:
    base = [(k, v) for k, v in query_params(f) if k not in ("actor", "concept")]
    return base + [("actor", actor), ("concept", concept)]


@router.get("/matrix", response_class=HTMLResponse)
def matrix_page(request: Request, f: Filter, top: Top, cell_actor: str | None = None,
                cell_concept: str | None = None) -> Response:
    matrix = matrix_of(security.store_of(request), f, top)
    base = urlencode(query_params(f) + ([("top", str(top))] if top != DEFAULT_TOP else []))
    cell = None
    if cell_actor and cell_concept:
        cell = _cell(request, f, cell_actor, cell_concept, _here(request))
    return html(request, "matrix.html", _context(request, f=f, m=matrix, base=base, cell=cell,
                                                 grid=_grid(matrix, base)))


def _grid(matrix: Matrix, base: str) -> list[tuple[str, list[tuple[Cell, str, str, str] | None]]]:
    """Per actor the row of cells, each with its link, colour and tooltip prepared once here: the template
    then only prints strings (a 200 x 30 matrix has 6,000 cells; per-cell template logic would dominate)."""
    prefix = f"/matrix?{base}&" if base else "/matrix?"
    quoted = {c: quote_plus(c) for c in matrix.concepts}
    grid = []
    for actor in matrix.actors:
        qa = quote_plus(actor)
        row: list[tuple[Cell, str, str, str] | None] = []
        for concept in matrix.concepts:
            c = matrix.cells.get((actor, concept))
            if c is None:
                row.append(None)
                continue
            title = ", ".join(f"{c.counts[a]} {a}" for a in AGREEMENTS if c.counts.get(a))
            row.append((c, f"{prefix}cell_actor={qa}&cell_concept={quoted[concept]}", cell_colour(c), title))
        grid.append((actor, row))
    return grid


def _cell(request: Request, f: StatementFilter, actor: str, concept: str, next_url: str) -> dict[str, Any]:
    from dataclasses import replace

    store = security.store_of(request)
    cf = replace(f, actors=[actor], concepts=[concept])
    params = urlencode(_cell_params(f, actor, concept))
    return {"actor": actor, "concept": concept, "total": count_statements(store, cf),
            "more_url": "/statements?" + params, "next_url": next_url, "json_url": "/api/statements?" + params,
            "statements": Evidence(request).decorate(select_statements(store, cf, limit=PANEL_STATEMENTS))}


@router.get("/matrix/cell", response_class=HTMLResponse)
def matrix_cell(request: Request, f: Filter, cell_actor: str, cell_concept: str) -> Response:
    """The evidence panel of one cell (loaded by htmx into the matrix page)."""
    page_url = "/matrix?" + urlencode(query_params(f) + [("cell_actor", cell_actor), ("cell_concept", cell_concept)])
    cell = _cell(request, f, cell_actor, cell_concept, page_url)
    return html(request, "_cell.html", _context(request, cell=cell))


# ---------------------------------------------------------------- timeline and network
@router.get("/timeline", response_class=HTMLResponse)
def timeline_page(request: Request, f: Filter, unit: str = "month") -> Response:
    periods = timeline_of(security.store_of(request), f, unit)
    top = max((p["n"] for p in periods), default=0)
    bars = []
    for i, p in enumerate(periods):
        y = TIMELINE_HEIGHT
        segments = []
        for agreement in AGREEMENTS:
            h = TIMELINE_HEIGHT * p[agreement] / top if top else 0
            if p[agreement]:
                y -= h
                segments.append({"agreement": agreement, "y": round(y, 1), "h": round(h, 1), "n": p[agreement]})
        bars.append({"x": i * TIMELINE_BAR, "period": p["period"], "n": p["n"], "segments": segments})
    return html(request, "timeline.html", _context(
        request, f=f, unit=unit, units=TIME_UNITS, periods=periods, bars=bars, top=top, height=TIMELINE_HEIGHT,
        bar=TIMELINE_BAR, width=max(1, len(bars)) * TIMELINE_BAR, base=urlencode(query_params(f))))


@router.get("/network", response_class=HTMLResponse)
def network_page(request: Request, f: Filter, p: Annotated[dict[str, Any], Depends(netview.network_params)]
                 ) -> Response:
    store = security.store_of(request)
    data = netview.network_view(store, f, **p)
    shown = {k: v for k, v in p.items() if v not in ("", None) and not (k == "top" and v == netview.DEFAULT_NETWORK_TOP)}
    view = [(k, v) for k, v in query_params(f)] + [(k, str(v)) for k, v in shown.items()]
    return html(request, "network.html", _context(
        request, f=f, mode=p["mode"], modes=NETWORK_MODES, data=data, base=urlencode(query_params(f)),
        normalization=p["normalization"], level=p["level"], levels=AGGREGATION_LEVELS, min_weight=p["min_weight"],
        concept_choices=distinct_values(store, "concept"), view_query=urlencode(view),
        downloads=tuple(netview.DOWNLOAD_FORMATS),
        top_hidden=None if p["top"] == netview.DEFAULT_NETWORK_TOP else p["top"],
        normalizations=ONE_MODE_NORMALIZATIONS if p["mode"] == "actors" else ()))


@router.get("/network/edge", response_class=HTMLResponse)
def network_edge(request: Request, f: Filter, source: str, target: str, level: str | None = None) -> Response:
    store = security.store_of(request)
    lv = netview.parse_level(level)
    ef = edge_filter(store, f, source, target, lv)
    rows = [] if ef is None else select_statements(store, ef, limit=PANEL_STATEMENTS)
    page_url = "/network?" + urlencode(query_params(f))
    cell = {"actor": source[2:], "concept": target[2:], "total": 0 if ef is None else count_statements(store, ef),
            "more_url": None if ef is None else "/statements?" + urlencode(query_params(ef)),
            "statements": Evidence(request).decorate(rows), "next_url": page_url, "edge": True,
            "json_url": "/api/network/edge?" + urlencode(query_params(f) + [("source", source), ("target", target)]
                                                         + ([("level", lv)] if lv != "person" else []))}
    return html(request, "_cell.html", _context(request, cell=cell))


# ---------------------------------------------------------------- analyses (issue 19)
@router.get("/analysis", response_class=HTMLResponse)
def analysis_index(request: Request) -> Response:
    return html(request, "analyses.html", _context(request, analyses=api.analysis_index()["analyses"]))


@router.get("/analysis/{name}", response_class=HTMLResponse)
def analysis_page(request: Request, name: str, f: Filter,
                  p: Annotated[AnalysisParams, Depends(analysis_params)]) -> Response:
    from standpunkt.errors import StandpunktError

    if name not in ANALYSES:
        raise ParameterError(f"no analysis {name!r} ({', '.join(ANALYSES)})")
    columns, rows, problem, data = [], [], None, {}
    try:
        outcome = api.analysis_outcome(request, name, f, p)
        columns, rows = table_rows(outcome.table)
        data = outcome.data
    except StandpunktError as exc:  # too few statements for this analysis: say so on the page
        problem = str(exc)
    query = request.url.query
    return html(request, "analysis.html", _context(
        request, f=f, p=p, name=name, description=ANALYSES[name], columns=columns, rows=rows, problem=problem,
        data=data, total=len(outcome.table) if problem is None else 0, query=query, window_units=WINDOW_UNITS,
        levels=AGGREGATION_LEVELS))


# ---------------------------------------------------------------- actors
@router.get("/actors", response_class=HTMLResponse)
def actors_page(request: Request, pg: Page, candidates: bool | None = None) -> Response:
    data = api.actors(request, pg, candidates)
    return html(request, "actors.html", _context(request, actors=data["items"], data=data))


@router.get("/actors/{actor_id}", response_class=HTMLResponse)
def actor_page(request: Request, actor_id: int, f: Filter) -> Response:
    from standpunkt.model import ACTOR_KINDS
    from standpunkt.store.coding import actor_edits

    actor, rows, total = api.actor_rows(request, actor_id, f, ACTOR_PAGE_STATEMENTS)
    store = security.store_of(request)
    cells = sorted(matrix_of(store, f).cells.values(), key=lambda c: (-c.n, c.concept))
    return html(request, "actor.html", _context(
        request, a=actor, cells=cells, f=f, total=total, more_url="/statements?" + urlencode(query_params(f)),
        statements=Evidence(request).decorate(rows), next_url=_here(request),
        edits=actor_edits(store, actor_id), kinds=ACTOR_KINDS,
        actor_names=[a["name"] for a in store.actors(limit=ACTOR_CHOICES) if a["id"] != actor_id]))


# ---------------------------------------------------------------- login
@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, next: Annotated[str | None, Query()] = None) -> Response:  # noqa: A002
    return html(request, "login.html", _context(request, next=security.safe_next(next, "/"), failed=False))


BCRYPT = None  # a CapacityLimiter made on first use: password checks run on at most BCRYPT_THREADS threads
BCRYPT_THREADS = 2


@router.post("/login", response_class=HTMLResponse)
async def login(request: Request, name: Annotated[str, Form()], password: Annotated[str, Form()],
                csrf_token: Annotated[str | None, Form()] = None,
                next: Annotated[str | None, Form()] = None) -> Response:  # noqa: A002
    """Failed logins are throttled per name and address (429); the bcrypt check runs on its own small pool of
    threads, so a burst of logins neither blocks the event loop nor takes the threads that serve reads."""
    import anyio

    from standpunkt.store.auth import verify_password

    global BCRYPT
    security.check_csrf(request, csrf_token)
    limiter = request.app.state.login_limiter
    address = request.client.host if request.client else "?"
    limiter.check(name, address)
    BCRYPT = BCRYPT or anyio.CapacityLimiter(BCRYPT_THREADS)
    user = await anyio.to_thread.run_sync(verify_password, security.store_of(request), name, password,
                                          limiter=BCRYPT)
    if user is None:
        limiter.failed(name, address)
        return await anyio.to_thread.run_sync(lambda: html(
            request, "login.html", _context(request, next=security.safe_next(next, "/"), failed=True), status=401))
    limiter.succeeded(name)
    await anyio.to_thread.run_sync(security.login, request, user)
    return RedirectResponse(security.safe_next(next, "/"), status_code=303)


@router.post("/logout")
def logout(request: Request, csrf_token: Annotated[str | None, Form()] = None) -> Response:
    security.check_csrf(request, csrf_token)
    security.logout(request)
    return RedirectResponse("/", status_code=303)
