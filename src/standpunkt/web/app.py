"""The application factory shared by ``standpunkt serve`` and the tests."""

from __future__ import annotations

import logging
import os
import secrets
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.sessions import SessionMiddleware

from standpunkt.errors import ForbiddenError, NotFoundError, StandpunktError, StoreError
from standpunkt.store import Store
from standpunkt.store.codebooks import Codebooks
from standpunkt.web.responses import ERROR_CODES, error_body, html  # noqa: F401

HERE = Path(__file__).parent
SECRET_ENV = "STANDPUNKT_SECRET_KEY"
SESSION_COOKIE = "standpunkt_session"
SWAGGER_UI = "5.35.0"  # version of the vendored swagger-ui-dist files in static/vendor

log = logging.getLogger(__name__)


def wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/api"


def create_app(store_url: str | None = None, *, secret_key: str | None = None, store: Store | None = None,
               https_only: bool = False) -> FastAPI:
    """A FastAPI app over the store at ``store_url`` (or an open ``store``).

    ``secret_key`` signs the session cookies; without it ``$STANDPUNKT_SECRET_KEY`` is used, else a random key
    (sessions then end when the server restarts). ``https_only`` (``serve --secure-cookies``): cookies only over
    HTTPS, and HSTS.
    """
    from standpunkt.web import api, coding, pages, security
    from standpunkt.web.queries import ParameterError

    store = store or Store(store_url)
    app = FastAPI(title="standpunkt", description="Quotations, statements, stance matrices and discourse networks "
                  "from German political news. Write operations need a login session or an API token "
                  "(`Authorization: Bearer ...`, created with `standpunkt token create`).",
                  docs_url=None, redoc_url=None, openapi_url="/api/openapi.json")
    app.state.store = store
    app.state.codebooks = Codebooks()
    app.state.templates = templates()
    app.state.login_limiter = security.LoginLimiter()
    key = secret_key or os.environ.get(SECRET_ENV) or secrets.token_urlsafe(32)
    app.add_middleware(SessionMiddleware, secret_key=key, session_cookie=SESSION_COOKIE,
                       max_age=security.SESSION_MAX_AGE_S, same_site="lax", https_only=https_only)
    app.add_middleware(security.HardeningMiddleware, secure=https_only,
                       csp_overrides={"/api/docs": swagger_csp()})
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.include_router(api.router)
    app.include_router(coding.api_router)
    app.include_router(coding.page_router)
    app.include_router(pages.router)

    @app.get("/api/docs", include_in_schema=False)
    def api_docs() -> HTMLResponse:
        """Swagger UI from the vendored files (the FastAPI default loads it from a CDN)."""
        return swagger_page()

    def respond(request: Request, status: int, message: str) -> Any:
        if wants_json(request):
            return JSONResponse(error_body(status, message), status_code=status)
        return app.state.templates.TemplateResponse(
            request, "error.html", {"status": status, "code": ERROR_CODES.get(status, "error"), "message": message},
            status_code=status)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Any:
        message = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
        if exc.status_code == 404 and message == "Not Found":
            message = f"no such page: {request.url.path}"
        return respond(request, exc.status_code, message)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Any:
        parts = []
        for err in exc.errors():
            where = ".".join(str(p) for p in err.get("loc", ()) if p not in ("query", "body", "path"))
            parts.append(f"{where}: {err.get('msg')}" if where else str(err.get("msg")))
        return respond(request, 422, "; ".join(parts) or "invalid parameters")

    @app.exception_handler(StandpunktError)
    async def domain_error(request: Request, exc: StandpunktError) -> Any:
        status = (404 if isinstance(exc, NotFoundError) else 403 if isinstance(exc, ForbiddenError)
                  else 503 if isinstance(exc, StoreError) else 400)
        return respond(request, status, str(exc))

    @app.exception_handler(ParameterError)
    async def parameter_error(request: Request, exc: ParameterError) -> Any:
        return respond(request, 400, str(exc))

    @app.exception_handler(Exception)
    async def internal_error(request: Request, exc: Exception) -> Any:
        log.exception("unhandled error on %s", request.url.path)
        return respond(request, 500, f"internal error ({type(exc).__name__}); see the server log")

    return app


def swagger_page() -> HTMLResponse:
    return get_swagger_ui_html(openapi_url="/api/openapi.json", title="standpunkt API",
                               swagger_js_url=f"/static/vendor/swagger-ui-bundle-{SWAGGER_UI}.js",
                               swagger_css_url=f"/static/vendor/swagger-ui-{SWAGGER_UI}.css",
                               swagger_favicon_url="/static/vendor/swagger-ui-favicon-32x32.png")


def swagger_csp() -> str:
    """The pages' CSP plus the hash of the one inline script of the Swagger UI page (which starts the UI)."""
    import base64
    import hashlib
    import re

    from standpunkt.web.security import CSP

    page = swagger_page().body.decode("utf-8")
    hashes = " ".join("'sha256-" + base64.b64encode(hashlib.sha256(m.encode()).digest()).decode() + "'"
                      for m in re.findall(r"<script>(.*?)</script>", page, flags=re.S))
    return CSP.replace("script-src 'self'", f"script-src 'self' {hashes}")


def http_url(url: str | None) -> str | None:
    """A link target from stored data, only if it is an http(s) URL (never ``javascript:``, ``data:`` …)."""
    if not url:
        return None
    from urllib.parse import urlsplit

    cleaned = url.strip()
    try:
        scheme = urlsplit(cleaned).scheme.lower()
    except ValueError:
        return None
    return cleaned if scheme in ("http", "https") and not any(c < " " for c in cleaned) else None


def templates() -> Jinja2Templates:
    from standpunkt.web import security
    from standpunkt.commands.learn import RANDOM_START
    from standpunkt.web.highlight import highlight, snippet
    from standpunkt.web.params import query_params, review_state
    from standpunkt.web.queries import cell_colour
    from standpunkt.web.review import format_spans

    tpl = Jinja2Templates(directory=HERE / "templates")
    env = tpl.env
    env.globals.update(csrf_token=security.csrf_token, session_user=security.session_user, can_write=security.can_write,
                       role_of=security.role_of,
                       highlight=highlight, snippet=snippet, cell_colour=cell_colour, format_spans=format_spans,
                       query_params=query_params, review_state=review_state, queue_random_start=RANDOM_START)
    env.filters["spans"] = format_spans
    env.filters["http_url"] = http_url
    return tpl
