"""Users and API tokens for the web app's write operations (review).

Passwords are stored as bcrypt hashes. API tokens are long random strings shown once at creation; the store keeps
only their SHA-256 digest — a token carries 256 bits of randomness, so a fast hash is safe and lets a request be
authenticated by one indexed lookup instead of a bcrypt check per stored token.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from typing import Any

import bcrypt
import sqlalchemy as sa

from standpunkt.errors import NotFoundError, StandpunktError
from standpunkt.store import Store, now
from standpunkt.store import schema as t

MIN_PASSWORD_LENGTH = 8  # bcrypt itself accepts anything; short passwords are the usual way in
MAX_PASSWORD_BYTES = 72  # bcrypt ignores everything after 72 bytes: refuse rather than silently truncate
TOKEN_BYTES = 32  # 256 bits of randomness per API token
TOKEN_PREFIX = "spk_"  # recognisable in logs and secret scanners
SESSION_LABEL = "(web session)"  # api_tokens rows that are login sessions; refused as a label for API tokens
USER_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,99}$")
# Checked against when the user is unknown, so that a login attempt takes as long for unknown as for known names.
_DUMMY_HASH = bcrypt.hashpw(b"standpunkt-dummy-password", bcrypt.gensalt()).decode("ascii")


class AuthError(StandpunktError):
    """A user or token cannot be created (bad name, weak password, duplicate)."""


def _check_password(password: str) -> bytes:
    raw = password.encode("utf-8")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AuthError(f"password too short: at least {MIN_PASSWORD_LENGTH} characters")
    if len(raw) > MAX_PASSWORD_BYTES:
        raise AuthError(f"password too long: at most {MAX_PASSWORD_BYTES} bytes (bcrypt ignores the rest)")
    return raw


ROLES = ("admin", "coder", "viewer")  # admin: may change anyone's codes; coder: codes and reviews; viewer: reads


def _check_role(role: str) -> str:
    if role not in ROLES:
        raise AuthError(f"unknown role {role!r} ({', '.join(ROLES)})")
    return role


def add_user(store: Store, name: str, password: str, *, replace: bool = False, role: str | None = None) -> int:
    """Create a user (or set a new password with ``replace``); returns the user id. ``role``: admin, coder (the
    default for a new user) or viewer; None keeps an existing user's role."""
    if role is not None:
        _check_role(role)
    if not USER_NAME_RE.match(name or ""):
        raise AuthError(f"invalid user name {name!r}: letters, digits and . _ @ - only, at most 100 characters")
    digest = bcrypt.hashpw(_check_password(password), bcrypt.gensalt()).decode("ascii")
    with store.transaction() as conn:
        row = conn.execute(sa.select(t.users.c.id).where(t.users.c.name == name)).first()
        if row is not None:
            if not replace:
                raise AuthError(f"user {name!r} exists already (use --replace to set a new password)")
            values = {"password_hash": digest} | ({"role": role} if role else {})
            conn.execute(t.users.update().where(t.users.c.id == row[0]).values(**values))
            # a new password ends the user's web sessions (API tokens stay: `standpunkt token revoke`)
            conn.execute(t.api_tokens.delete().where(t.api_tokens.c.user_id == row[0],
                                                     t.api_tokens.c.label == SESSION_LABEL))
            return int(row[0])
        res = conn.execute(t.users.insert().values(name=name, password_hash=digest, role=role or "coder",
                                                   created_at=now()))
        return int(res.inserted_primary_key[0])


def verify_password(store: Store, name: str, password: str) -> str | None:
    """The user's name if the password is right, else None (same answer for unknown users)."""
    with store.engine.connect() as conn:
        row = conn.execute(sa.select(t.users.c.password_hash).where(t.users.c.name == name)).first()
    raw = password.encode("utf-8")[:MAX_PASSWORD_BYTES]
    stored = row[0] if row is not None else _DUMMY_HASH
    ok = bcrypt.checkpw(raw, stored.encode("ascii"))
    return name if ok and row is not None else None


def users(store: Store) -> list[dict[str, Any]]:
    with store.engine.connect() as conn:
        return [dict(r) for r in conn.execute(
            sa.select(t.users.c.id, t.users.c.name, t.users.c.role, t.users.c.created_at)
            .order_by(t.users.c.name)).mappings()]


def set_role(store: Store, name: str, role: str) -> None:
    """Give a user another role (admin, coder, viewer)."""
    _check_role(role)
    with store.transaction() as conn:
        done = conn.execute(t.users.update().where(t.users.c.name == name).values(role=role))
    if done.rowcount == 0:
        raise NotFoundError(f"no user {name!r} (create it with `standpunkt user add {name}`)")


def user_role(store: Store, name: str) -> str | None:
    """The user's role, None for an unknown user."""
    with store.engine.connect() as conn:
        row = conn.execute(sa.select(t.users.c.role).where(t.users.c.name == name)).first()
    return None if row is None else str(row[0])


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_token(store: Store, user: str, label: str | None = None) -> str:
    """A new API token for ``user``; the plain token is returned once and never stored."""
    if label == SESSION_LABEL:
        raise AuthError(f"the label {SESSION_LABEL!r} is reserved for login sessions")
    return _insert_token(store, user, label)


def _insert_token(store: Store, user: str, label: str | None) -> str:
    token = TOKEN_PREFIX + secrets.token_urlsafe(TOKEN_BYTES)
    with store.transaction() as conn:
        row = conn.execute(sa.select(t.users.c.id).where(t.users.c.name == user)).first()
        if row is None:
            raise NotFoundError(f"no user {user!r} (create it with `standpunkt user add {user}`)")
        conn.execute(t.api_tokens.insert().values(user_id=row[0], token_hash=_token_hash(token), label=label,
                                                  created_at=now()))
    return token


def verify_token(store: Store, token: str) -> str | None:
    """The name of the token's user, or None for an unknown token."""
    if not token:
        return None
    q = (sa.select(t.users.c.name).select_from(t.api_tokens.join(t.users, t.users.c.id == t.api_tokens.c.user_id))
         .where(t.api_tokens.c.token_hash == _token_hash(token), t.api_tokens.c.label.is_distinct_from(SESSION_LABEL)))
    with store.engine.connect() as conn:
        row = conn.execute(q).first()
    return None if row is None else str(row[0])


def remove_user(store: Store, name: str) -> None:
    """Delete a user with their API tokens and sessions (their reviews stay in the audit trail by name)."""
    with store.transaction() as conn:
        row = conn.execute(sa.select(t.users.c.id).where(t.users.c.name == name)).first()
        if row is None:
            raise NotFoundError(f"no user {name!r}")
        conn.execute(t.api_tokens.delete().where(t.api_tokens.c.user_id == row[0]))
        conn.execute(t.users.delete().where(t.users.c.id == row[0]))


def revoke_tokens(store: Store, *, token: str | None = None, user: str | None = None) -> int:
    """Revoke one API token (by its value) or all tokens and sessions of ``user``; returns how many."""
    q = t.api_tokens.delete()
    if token:
        q = q.where(t.api_tokens.c.token_hash == _token_hash(token))
    elif user:
        q = q.where(t.api_tokens.c.user_id.in_(sa.select(t.users.c.id).where(t.users.c.name == user)))
    else:
        raise AuthError("name a token or a user")
    with store.transaction() as conn:
        return int(conn.execute(q).rowcount or 0)


# ---------------------------------------------------------------- web sessions (server-side, revocable)
def create_session(store: Store, user: str) -> str:
    """A login session: a random id whose digest is stored like an API token's (label :data:`SESSION_LABEL`),
    so logging out, a new password or removing the user ends it on the server, not only in the browser."""
    return _insert_token(store, user, SESSION_LABEL)


def session_user(store: Store, session_id: str, max_age_s: float) -> str | None:
    """The user of a live session id (not ended, younger than ``max_age_s``), else None."""
    if not session_id:
        return None
    q = (sa.select(t.users.c.name, t.api_tokens.c.created_at)
         .select_from(t.api_tokens.join(t.users, t.users.c.id == t.api_tokens.c.user_id))
         .where(t.api_tokens.c.token_hash == _token_hash(session_id), t.api_tokens.c.label == SESSION_LABEL))
    with store.engine.connect() as conn:
        row = conn.execute(q).first()
    if row is None:
        return None
    created = row[1] if row[1].tzinfo else row[1].replace(tzinfo=now().tzinfo)
    return str(row[0]) if (now() - created).total_seconds() < max_age_s else None


def end_session(store: Store, session_id: str) -> None:
    with store.transaction() as conn:
        conn.execute(t.api_tokens.delete().where(t.api_tokens.c.token_hash == _token_hash(session_id),
                                                 t.api_tokens.c.label == SESSION_LABEL))
