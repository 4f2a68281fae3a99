"""Who may write: logged-in users (session cookie + CSRF token) or API clients (``Authorization: Bearer``).

Reading is open to whoever can reach the server (it binds to 127.0.0.1 by default). Every write — a review — needs
a user, and the user's name goes into the audit trail. A cookie alone never authorises a write: forms carry a
per-session CSRF token, and scripts using the session send it in the ``X-CSRF-Token`` header. Bearer tokens are
not sent by browsers on their own, so requests carrying one need no CSRF token.
"""

from __future__ import annotations

import secrets

from fastapi import HTTPException, Request

from standpunkt.store import Store
from standpunkt.store.auth import verify_token

SESSION_USER = "user"
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
    return request.session.get(SESSION_USER)


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
    request.session.clear()
    request.session[SESSION_USER] = user
    csrf_token(request)


def logout(request: Request) -> None:
    request.session.clear()


def safe_next(target: str | None, default: str = "/") -> str:
    """Only local redirect targets: '/path?query', never '//host' or 'http://host'."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return default
