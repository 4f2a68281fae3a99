"""`standpunkt user add`, `token create` and `serve`, plus the store's user and token functions."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from standpunkt.cli import app
from web_sample import free_port

runner = CliRunner()


@pytest.fixture
def db(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'cli.db'}"


def test_user_add_and_password_check(db) -> None:
    from standpunkt.store import Store
    from standpunkt.store.auth import verify_password

    r = runner.invoke(app, ["user", "add", "dora", "--db", db, "--password-stdin"], input="sehr-geheim\n")
    assert r.exit_code == 0, r.output
    assert "user dora created" in r.output
    with Store(db) as store:
        assert verify_password(store, "dora", "sehr-geheim") == "dora"
        assert verify_password(store, "dora", "sehr-geheimX") is None
        assert verify_password(store, "nobody", "sehr-geheim") is None
        from standpunkt.store import schema as t
        with store.engine.connect() as conn:
            stored = conn.execute(sa.select(t.users.c.password_hash)).scalar_one()
        assert stored.startswith("$2") and "sehr-geheim" not in stored  # bcrypt, never the plain password


def test_user_add_prompts_with_confirmation(db) -> None:
    r = runner.invoke(app, ["user", "add", "emil", "--db", db], input="passwort-1\npasswort-1\n")
    assert r.exit_code == 0, r.output


@pytest.mark.parametrize("args,stdin,message", [
    (["user", "add", "kurz"], "abc\n", "password too short"),
    (["user", "add", "bad name!"], "lang-genug-1\n", "invalid user name"),
    (["user", "add", "lang"], "x" * 80 + "\n", "password too long"),
])
def test_user_add_refuses_bad_input(db, args, stdin, message) -> None:
    r = runner.invoke(app, args + ["--db", db, "--password-stdin"], input=stdin)
    assert r.exit_code == 1
    assert message in r.output and "Traceback" not in r.output


def test_duplicate_user_needs_replace(db) -> None:
    from standpunkt.store import Store
    from standpunkt.store.auth import verify_password

    assert runner.invoke(app, ["user", "add", "finn", "--db", db, "--password-stdin"], input="erstes-pw\n").exit_code == 0
    r = runner.invoke(app, ["user", "add", "finn", "--db", db, "--password-stdin"], input="zweites-pw\n")
    assert r.exit_code == 1 and "exists already" in r.output
    r = runner.invoke(app, ["user", "add", "finn", "--db", db, "--password-stdin", "--replace"], input="zweites-pw\n")
    assert r.exit_code == 0 and "updated" in r.output
    with Store(db) as store:
        assert verify_password(store, "finn", "zweites-pw") == "finn"
        assert verify_password(store, "finn", "erstes-pw") is None


def test_token_create_prints_a_token_stored_only_hashed(db) -> None:
    from standpunkt.store import Store
    from standpunkt.store import schema as t
    from standpunkt.store.auth import verify_token

    runner.invoke(app, ["user", "add", "gina", "--db", db, "--password-stdin"], input="passwort-gina\n")
    r = runner.invoke(app, ["token", "create", "gina", "--label", "script", "--db", db])
    assert r.exit_code == 0, r.output
    token = r.output.strip()
    assert token.startswith("spk_") and len(token) > 40
    with Store(db) as store:
        assert verify_token(store, token) == "gina"
        assert verify_token(store, token + "x") is None
        assert verify_token(store, "") is None
        with store.engine.connect() as conn:
            row = conn.execute(sa.select(t.api_tokens.c.token_hash, t.api_tokens.c.label)).one()
        assert token not in row.token_hash and row.label == "script"
    r = runner.invoke(app, ["token", "create", "niemand", "--db", db])
    assert r.exit_code == 1 and "no user 'niemand'" in r.output


def test_serve_binds_to_localhost_and_answers(tmp_path) -> None:
    from web_sample import build_store

    url = f"sqlite:///{tmp_path / 'serve.db'}"
    build_store(url).close()
    port = free_port()
    exe = Path(sys.executable).with_name("standpunkt")
    proc = subprocess.Popen([str(exe), "serve", "--port", str(port), "--db", url], stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, env={**os.environ, "NO_COLOR": "1"})
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/api/documents", timeout=5)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise AssertionError(f"server did not come up: {proc.stdout.read() if proc.poll() is not None else ''}")
                time.sleep(0.2)
        assert r.status_code == 200 and r.json()["total"] == 1
    finally:
        proc.terminate()
        out, _ = proc.communicate(timeout=20)
    assert f"http://127.0.0.1:{port}/" in out


def test_serve_with_an_unusable_store_is_one_line(tmp_path) -> None:
    r = runner.invoke(app, ["serve", "--db", "nosuchdriver://x/y", "--port", str(free_port())])
    assert r.exit_code == 1
    assert "error:" in r.output and "Traceback" not in r.output


def test_token_revoke_and_user_remove(db) -> None:
    from standpunkt.store import Store
    from standpunkt.store.auth import verify_token

    assert runner.invoke(app, ["user", "add", "erik", "--db", db, "--password-stdin"],
                         input="sehr-geheim\n").exit_code == 0
    tokens = [runner.invoke(app, ["token", "create", "erik", "--db", db]).output.strip() for _ in range(3)]
    r = runner.invoke(app, ["token", "revoke", tokens[0], "--db", db])
    assert r.exit_code == 0 and "1 revoked" in r.output
    with Store(db) as store:
        assert verify_token(store, tokens[0]) is None and verify_token(store, tokens[1]) == "erik"
    assert "2 revoked" in runner.invoke(app, ["token", "revoke", "--user", "erik", "--db", db]).output
    assert runner.invoke(app, ["token", "revoke", "--db", db]).exit_code != 0
    r = runner.invoke(app, ["user", "remove", "erik", "--db", db])
    assert r.exit_code == 0 and "user erik removed" in r.output
    assert runner.invoke(app, ["user", "remove", "erik", "--db", db]).exit_code != 0
