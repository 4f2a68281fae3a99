"""The web app's two response shapes: the one JSON error body of the API and a rendered HTML page."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse

ERROR_CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
               405: "method_not_allowed", 413: "body_too_large", 422: "invalid_parameters",
               429: "too_many_requests", 500: "internal_error",
               503: "store_unavailable"}


def error_body(status: int, message: str) -> dict[str, Any]:
    """The one JSON error shape of the API: ``{"error": {"status", "code", "message"}}``."""
    return {"error": {"status": status, "code": ERROR_CODES.get(status, "error"), "message": message}}


def html(request: Request, template: str, context: dict[str, Any], status: int = 200) -> HTMLResponse:
    return request.app.state.templates.TemplateResponse(request, template, context, status_code=status)
