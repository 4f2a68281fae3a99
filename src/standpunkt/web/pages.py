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
from standpunkt.web.analyses import ANALYSES, WINDOW_UNITS, AnalysisParams, analysis_params, table_rows
from standpunkt.web.app import html
from standpunkt.web.codebooks import codebook_view
from standpunkt.web.params import pagination, statement_filter
from standpunkt.web.queries import (
    NETWORK_MODES,
    TIME_UNITS,
    Cell,
    Matrix,
    ParameterError,
    StatementFilter,
    cell_colour,
    distinct_values,
    select_statements,
    stance_matrix,
    timeline,
)
from standpunkt.web.review import ReviewInput, apply_review, current_statement, parse_spans

router = APIRouter(include_in_schema=False)
Filter = Annotated[StatementFilter, Depends(statement_filter)]
Page = Annotated[tuple[int, int], Depends(pagination)]
QUOTATION_ROLES = ("frame", "addressee", "speaker", "cue", "message")  # highlighted in the document view
PANEL_STATEMENTS = 50  # statements shown in a matrix cell's or network edge's evidence panel
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
        actors=[a["name"] for a in store.actors()], concepts=concepts,
        edits=store.get_document(data["id"]).meta.get("edits", [])))


# ---------------------------------------------------------------- statements and review
@router.get("/statements", response_class=HTMLResponse)
def statements_page(request: Request, f: Filter, pg: Page) -> Response:
    limit, offset = pg
    rows = select_statements(security.store_of(request), f)
    shown = Evidence(request).decorate(rows[offset:offset + limit])
    prev_url = _page_url(request, limit, max(0, offset - limit)) if offset else None
    next_url = _page_url(request, limit, offset + limit) if offset + limit < len(rows) else None
    return html(request, "statements.html", _context(
        request, f=f, statements=shown, total=len(rows), offset=offset, prev_url=prev_url, page_next=next_url,
        next_url=_here(request)))


def _page_url(request: Request, limit: int, offset: int) -> str:
    url = request.url.include_query_params(limit=limit, offset=offset)
    return f"{url.path}?{url.query}"


@router.get("/statements/{statement_id}", response_class=HTMLResponse)
def statement_page(request: Request, statement_id: int) -> Response:
    store = security.store_of(request)
    row = Evidence(request).decorate([current_statement(store, statement_id)])[0]
    return html(request, "statement.html", _context(
        request, s=row, reviews=store.reviews(statement_id), next_url=_here(request),
        actors=[a["name"] for a in store.actors()], concepts=distinct_values(store, "concept")))


@router.post("/statements/{statement_id}/review")
def review_form(request: Request, statement_id: int, action: Annotated[str, Form()],
                csrf_token: Annotated[str | None, Form()] = None,
                next: Annotated[str | None, Form()] = None,  # noqa: A002 (the form field's name)
                actor: Annotated[str | None, Form()] = None, concept: Annotated[str | None, Form()] = None,
                agreement: Annotated[str | None, Form()] = None, condition: Annotated[str | None, Form()] = None,
                evidence: Annotated[str | None, Form()] = None,
                comment: Annotated[str | None, Form()] = None) -> Response:
    from standpunkt.store.coding import may_change

    user = security.require_form_writer(request, csrf_token)
    may_change(security.store_of(request), statement_id, user)  # a hand-coded statement is its coder's
    review = ReviewInput(action=action, actor=actor, concept=concept, agreement=agreement or None,
                         condition=parse_spans("condition", condition), evidence=parse_spans("evidence", evidence),
                         comment=comment)
    apply_review(security.store_of(request), statement_id, user, review)
    return RedirectResponse(security.safe_next(next, f"/statements/{statement_id}"), status_code=303)


# ---------------------------------------------------------------- matrix
def _cell_params(f: StatementFilter, actor: str, concept: str) -> list[tuple[str, str]]:
    base = [(k, v) for k, v in f.params() if k not in ("actor", "concept")]
    return base + [("actor", actor), ("concept", concept)]


@router.get("/matrix", response_class=HTMLResponse)
def matrix_page(request: Request, f: Filter, cell_actor: str | None = None,
                cell_concept: str | None = None) -> Response:
    rows = select_statements(security.store_of(request), f)
    matrix = stance_matrix(rows)
    base = urlencode(f.params())
    cell = None
    if cell_actor and cell_concept:
        cell = _cell(request, f, rows, cell_actor, cell_concept, _here(request))
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


def _cell(request: Request, f: StatementFilter, rows: list[dict[str, Any]], actor: str, concept: str,
          next_url: str) -> dict[str, Any]:
    chosen = [r for r in rows if r["actor"] == actor and r["concept"] == concept]
    params = urlencode(_cell_params(f, actor, concept))
    return {"actor": actor, "concept": concept, "total": len(chosen), "more_url": "/statements?" + params,
            "statements": Evidence(request).decorate(chosen[:PANEL_STATEMENTS]), "next_url": next_url,
            "json_url": "/api/statements?" + params}


@router.get("/matrix/cell", response_class=HTMLResponse)
def matrix_cell(request: Request, f: Filter, cell_actor: str, cell_concept: str) -> Response:
    """The evidence panel of one cell (loaded by htmx into the matrix page)."""
    rows = select_statements(security.store_of(request), f)
    page_url = "/matrix?" + urlencode(f.params() + [("cell_actor", cell_actor), ("cell_concept", cell_concept)])
    cell = _cell(request, f, rows, cell_actor, cell_concept, page_url)
    return html(request, "_cell.html", _context(request, cell=cell))


# ---------------------------------------------------------------- timeline and network
@router.get("/timeline", response_class=HTMLResponse)
def timeline_page(request: Request, f: Filter, unit: str = "month") -> Response:
    periods = timeline(select_statements(security.store_of(request), f), unit)
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
        bar=TIMELINE_BAR, width=max(1, len(bars)) * TIMELINE_BAR, base=urlencode(f.params())))


@router.get("/network", response_class=HTMLResponse)
def network_page(request: Request, f: Filter, p: Annotated[dict[str, Any], Depends(netview.network_params)]
                 ) -> Response:
    store = security.store_of(request)
    data = netview.network_view(select_statements(store, f), **p)
    view = [(k, v) for k, v in f.params()] + [(k, str(v)) for k, v in p.items() if v not in ("", None)]
    return html(request, "network.html", _context(
        request, f=f, mode=p["mode"], modes=NETWORK_MODES, data=data, base=urlencode(f.params()),
        normalization=p["normalization"], level=p["level"], levels=AGGREGATION_LEVELS, min_weight=p["min_weight"],
        concept_choices=distinct_values(store, "concept"), view_query=urlencode(view),
        downloads=tuple(netview.DOWNLOAD_FORMATS),
        normalizations=ONE_MODE_NORMALIZATIONS if p["mode"] == "actors" else ()))


@router.get("/network/edge", response_class=HTMLResponse)
def network_edge(request: Request, f: Filter, source: str, target: str, level: str | None = None) -> Response:
    rows = netview.edge_rows(select_statements(security.store_of(request), f), source, target,
                             netview.parse_level(level))
    page_url = "/network?" + urlencode(f.params())
    cell = {"actor": source[2:], "concept": target[2:], "total": len(rows), "more_url": None,
            "statements": Evidence(request).decorate(rows[:PANEL_STATEMENTS]), "next_url": page_url, "edge": True,
            "json_url": "/api/network/edge?" + urlencode(f.params() + [("source", source), ("target", target)])}
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
def actors_page(request: Request, candidates: bool | None = None) -> Response:
    rows = security.store_of(request).actors(candidates=candidates)
    return html(request, "actors.html", _context(request, actors=rows))


@router.get("/actors/{actor_id}", response_class=HTMLResponse)
def actor_page(request: Request, actor_id: int, f: Filter) -> Response:
    from standpunkt.model import ACTOR_KINDS
    from standpunkt.store.coding import actor_edits

    actor, rows = api.actor_rows(request, actor_id, f)
    cells = sorted(stance_matrix(rows).cells.values(), key=lambda c: (-c.n, c.concept))
    store = security.store_of(request)
    return html(request, "actor.html", _context(
        request, a=actor, cells=cells, f=f, total=len(rows), more_url="/statements?" + urlencode(f.params()),
        statements=Evidence(request).decorate(rows[:ACTOR_PAGE_STATEMENTS]), next_url=_here(request),
        edits=actor_edits(store, actor_id), kinds=ACTOR_KINDS,
        actor_names=[a["name"] for a in store.actors() if a["id"] != actor_id]))


# ---------------------------------------------------------------- login
@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, next: Annotated[str | None, Query()] = None) -> Response:  # noqa: A002
    return html(request, "login.html", _context(request, next=security.safe_next(next, "/"), failed=False))


@router.post("/login", response_class=HTMLResponse)
def login(request: Request, name: Annotated[str, Form()], password: Annotated[str, Form()],
          csrf_token: Annotated[str | None, Form()] = None, next: Annotated[str | None, Form()] = None) -> Response:
    from standpunkt.store.auth import verify_password

    security.check_csrf(request, csrf_token)
    user = verify_password(security.store_of(request), name, password)
    if user is None:
        return html(request, "login.html", _context(request, next=security.safe_next(next, "/"), failed=True),
                    status=401)
    security.login(request, user)
    return RedirectResponse(security.safe_next(next, "/"), status_code=303)


@router.post("/logout")
def logout(request: Request, csrf_token: Annotated[str | None, Form()] = None) -> Response:
    security.check_csrf(request, csrf_token)
    security.logout(request)
    return RedirectResponse("/", status_code=303)
