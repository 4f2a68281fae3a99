"""Who may write: logged-in users (session cookie + CSRF token) or API clients (``Authorization: Bearer``).

Reading is open to whoever can reach the server (it binds to 127.0.0.1 by default). Every write — a review — needs
a user, and the user's name goes into the audit trail. A cookie alone never authorises a write: forms carry a
per-session CSRF token, and scripts using the session send it in the ``X-CSRF-Token`` header. Bearer tokens are
not sent by browsers on their own, so requests carrying one need no CSRF token.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections import deque
from typing import Any

from fastapi import HTTPException, Request

from standpunkt.store import Store
from standpunkt.store.auth import verify_token

SESSION_USER = "user"
SESSION_ID = "sid"  # the server-side session id (store.auth.create_session); the user is looked up by it
SESSION_MAX_AGE_S = 14 * 24 * 3600  # reviewers log in once per fortnight
SESSION_CSRF = "csrf"
CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "csrf_token"


def store_of(request: Request) -> Store:
    return request.app.state.store


def csrf_token(request: Request) -> str:
    """The session's CSRF token, created on first use (which also starts the session cookie)."""
    token = request.session.get(SESSION_CSRF)
    if not token:
        token = secrets.token_urlsafe(32)
        request.session[SESSION_CSRF] = token
    return token


def check_csrf(request: Request, supplied: str | None) -> None:
    expected = request.session.get(SESSION_CSRF)
    if not expected or not supplied or not secrets.compare_digest(str(expected), str(supplied)):
        raise HTTPException(403, "missing or invalid CSRF token (reload the page and try again)")


def session_user(request: Request) -> str | None:
    """The user of the request's session, checked on the server each request (once): a logged-out session, one
    from before a password change, or of a removed user is no session, whatever the cookie says."""
    if "session_user" not in request.state._state:
        from standpunkt.store.auth import session_user as live_user

        sid = request.session.get(SESSION_ID)
        user = live_user(store_of(request), sid, SESSION_MAX_AGE_S) if sid else None
        if sid and user is None:
            request.session.clear()
        request.state.session_user = user
    return request.state.session_user


def bearer_user(request: Request) -> str | None:
    """The user of a valid bearer token; None when no token is sent; 401 for a wrong one."""
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer":
        return None
    user = verify_token(store_of(request), token.strip())
    if user is None:
        raise HTTPException(401, "invalid API token")
    return user


def current_user(request: Request) -> str | None:
    """For display: who is acting (token first, then session)."""
    return bearer_user(request) or session_user(request)


def role_of(request: Request) -> str | None:
    """The logged-in user's role (admin, coder, viewer), None when nobody is logged in; looked up once per
    request (templates ask for every statement they show)."""
    from standpunkt.store.auth import user_role

    user = session_user(request)
    if not user:
        return None
    if "standpunkt_role" not in request.scope:
        request.scope["standpunkt_role"] = user_role(store_of(request), user)
    return request.scope["standpunkt_role"]


def can_write(request: Request) -> bool:
    """For templates: whether the logged-in user may code, review and edit (admins and coders)."""
    return role_of(request) in ("admin", "coder")


def may_write(request: Request, user: str) -> str:
    """A viewer reads only (403); admins and coders write."""
    from standpunkt.store.auth import user_role

    if user_role(store_of(request), user) == "viewer":
        raise HTTPException(403, f"{user} is a viewer: viewers may read but not code, review or edit")
    return user


def require_api_writer(request: Request) -> str:
    """Dependency of JSON write endpoints: a bearer token, or a session plus the CSRF header."""
    user = bearer_user(request)
    if user:
        return may_write(request, user)
    user = session_user(request)
    if not user:
        raise HTTPException(401, "login or API token required for this operation")
    check_csrf(request, request.headers.get(CSRF_HEADER))
    return may_write(request, user)


def require_form_writer(request: Request, supplied_csrf: str | None) -> str:
    """For HTML form posts: a logged-in session and the form's CSRF token."""
    user = session_user(request)
    if not user:
        raise HTTPException(401, "log in to review statements")
    check_csrf(request, supplied_csrf)
    return may_write(request, user)


def login(request: Request, user: str) -> None:
    """Start an authenticated session with a fresh CSRF token (no token from before the login survives)."""
    from standpunkt.store.auth import create_session

    request.session.clear()
    request.session[SESSION_ID] = create_session(store_of(request), user)
    request.session[SESSION_USER] = user  # for display; authority comes from SESSION_ID
    request.state.session_user = user
    csrf_token(request)


def logout(request: Request) -> None:
    """End the session on the server too: a copy of the cookie is worth nothing afterwards."""
    from standpunkt.store.auth import end_session

    sid = request.session.get(SESSION_ID)
    if sid:
        end_session(store_of(request), sid)
    request.session.clear()
    request.state.session_user = None


def safe_next(target: str | None, default: str = "/") -> str:
    """Only local redirect targets: '/path?query', never '//host' or 'http://host'."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return default


# ---------------------------------------------------------------- login throttling
class LoginLimiter:
    """Failed logins per user name and per client address in a sliding window. Past the limit, logins for that
    name (or from that address) are refused with 429 until the window has passed — even with the right password,
    so guessing stays bounded. Kept in memory (one server process)."""

    def __init__(self, per_user: int = 5, per_address: int = 20, window_s: float = 900.0):
        self.per_user, self.per_address, self.window_s = per_user, per_address, window_s
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> deque[float]:
        q = self._failures.setdefault(key, deque())
        while q and q[0] < now - self.window_s:
            q.popleft()
        return q

    def check(self, user: str, address: str) -> None:
        now = time.monotonic()
        with self._lock:
            if (len(self._recent("u:" + user, now)) >= self.per_user
                    or len(self._recent("a:" + address, now)) >= self.per_address):
                raise HTTPException(429, "too many failed logins; try again later",
                                    headers={"Retry-After": str(int(self.window_s))})

    def failed(self, user: str, address: str) -> None:
        now = time.monotonic()
        with self._lock:
            self._recent("u:" + user, now).append(now)
            self._recent("a:" + address, now).append(now)
            if len(self._failures) > 100_000:  # bounded memory under a spray of names
                self._failures = {k: v for k, v in self._failures.items() if v}

    def succeeded(self, user: str) -> None:
        with self._lock:
            self._failures.pop("u:" + user, None)


# ---------------------------------------------------------------- ASGI middleware: body cap, headers
MAX_BODY_BYTES = 1 << 20  # the largest write (a review) is a few KB; a form post of spans is well under this

# The pages load only their own scripts (vendored htmx, cytoscape, matrix.js, network.js) and use style attributes.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
SECURITY_HEADERS = [(b"x-content-type-options", b"nosniff"), (b"x-frame-options", b"DENY"),
                    (b"referrer-policy", b"same-origin")]


class HardeningMiddleware:
    """Refuses request bodies over :data:`MAX_BODY_BYTES` before anything parses them (413, also for chunked
    bodies without a length), and adds the security headers (CSP, framing, nosniff, referrer; HSTS with
    ``secure``) to every response. ``csp_overrides``: path -> CSP for pages that need another (the API docs)."""

    def __init__(self, app: Any, *, secure: bool = False, csp_overrides: dict[str, str] | None = None,
                 max_body: int = MAX_BODY_BYTES):
        self.app, self.secure, self.max_body = app, secure, max_body
        self.csp_overrides = csp_overrides or {}

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        csp = self.csp_overrides.get(scope.get("path", ""), CSP).encode()
        extra = [*SECURITY_HEADERS, (b"content-security-policy", csp)]
        if self.secure:
            extra.append((b"strict-transport-security", b"max-age=31536000"))

        async def send_with_headers(message: Any) -> None:
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [h for h in extra if h[0] not in names]
            await send(message)

        length = dict(scope.get("headers", [])).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_body):
            await self._too_large(scope, send_with_headers)
            return
        seen, exceeded, replaced = 0, False, False

        async def capped_receive() -> Any:
            nonlocal seen, exceeded
            if exceeded:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_body:  # end the body here; whatever the app answers becomes a 413
                    exceeded = True
                    return {"type": "http.request", "body": b"", "more_body": False}
            return message

        async def send_or_refuse(message: Any) -> None:
            nonlocal replaced
            if not exceeded:
                await send_with_headers(message)
            elif not replaced:
                replaced = True
                await self._too_large(scope, send_with_headers)

        await self.app(scope, capped_receive, send_or_refuse)

    async def _too_large(self, scope: Any, send: Any) -> None:
        import json

        from standpunkt.web.responses import error_body

        body = json.dumps(error_body(413, f"request body over {self.max_body} bytes")).encode()
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                                (b"connection", b"close")]})
        await send({"type": "http.response.body", "body": body})
