"""The web findings of issue 16, each over HTTP: links from stored URLs, revocable sessions, login throttling, body
caps, CSV formula cells, security headers, and 400 (not 500) for absurd parameters."""

from __future__ import annotations

import csv
import io
import re

import pytest

from web_sample import build_store

pytestmark = pytest.mark.filterwarnings("ignore:Using `httpx` with `starlette.testclient`")
PASSWORD = "lang-genug-1"


@pytest.fixture
def client(tmp_path):
    from fastapi.testclient import TestClient

    from standpunkt.store.auth import add_user
    from standpunkt.web import create_app

    store = build_store(f"sqlite:///{tmp_path / 'sec.db'}")
    add_user(store, "carla", PASSWORD)
    with TestClient(create_app(store=store, secret_key="sec-test"), follow_redirects=False) as c:
        c.store = store
        yield c
    store.close()


def _csrf(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def login(client, password: str = PASSWORD):  # noqa: ANN001, ANN201
    token = _csrf(client.get("/login").text)
    return client.post("/login", data={"name": "carla", "password": password, "csrf_token": token,
                                       "next": "/documents"})


def _set_url(store, url: str) -> str:  # noqa: ANN001
    from standpunkt.store import schema as t

    doc_id = store.documents()[0]["id"]
    with store.transaction() as conn:
        conn.execute(t.documents.update().where(t.documents.c.id == doc_id).values(url=url))
    return doc_id


@pytest.mark.parametrize("url", ["javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)",
                                 "data:text/html,<script>alert(1)</script>", "java\tscript:alert(1)", "//evil"])
def test_document_link_only_for_http_urls(client, url: str) -> None:
    doc_id = _set_url(client.store, url)
    page = client.get(f"/documents/{doc_id}").text
    assert ">original</a>" not in page
    assert "javascript:" not in page.lower() and "data:text" not in page


def test_document_link_for_https_url(client) -> None:
    doc_id = _set_url(client.store, "https://example.org/a?b=1&c=2")
    assert 'href="https://example.org/a?b=1&amp;c=2"' in client.get(f"/documents/{doc_id}").text


def test_logout_ends_the_session_on_the_server(client) -> None:
    login(client)
    stolen = dict(client.cookies)
    assert "carla" in client.get("/documents").text
    client.post("/logout", data={"csrf_token": _csrf(client.get("/documents").text)})
    client.cookies.clear()
    client.cookies.update(stolen)  # a copy of the cookie from before the logout
    assert "log in" in client.get("/documents").text
    assert client.get("/api/me").json()["user"] is None


def test_password_change_and_user_removal_end_sessions(client) -> None:
    from standpunkt.store.auth import add_user, remove_user

    login(client)
    assert client.get("/api/me").json()["user"] == "carla"
    add_user(client.store, "carla", "ein-neues-1", replace=True)
    assert client.get("/api/me").json()["user"] is None
    login(client, "ein-neues-1")
    assert client.get("/api/me").json()["user"] == "carla"
    remove_user(client.store, "carla")
    assert client.get("/api/me").json()["user"] is None


def test_token_revoke(client) -> None:
    from standpunkt.store.auth import SESSION_LABEL, AuthError, create_token, revoke_tokens

    token = create_token(client.store, "carla", "script")
    auth = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/me", headers=auth).json()["user"] == "carla"
    assert revoke_tokens(client.store, token=token) == 1
    assert client.get("/api/me", headers=auth).status_code == 401
    with pytest.raises(AuthError):
        create_token(client.store, "carla", SESSION_LABEL)


def test_session_id_is_not_a_bearer_token(client) -> None:
    from standpunkt.store.auth import create_session

    sid = create_session(client.store, "carla")
    assert client.get("/api/me", headers={"Authorization": f"Bearer {sid}"}).status_code == 401


def test_wrong_passwords_are_throttled_even_before_the_right_one(client) -> None:
    statuses = [login(client, "falsch-falsch").status_code for _ in range(8)]
    assert statuses[:5] == [401] * 5 and set(statuses[5:]) == {429}
    r = login(client)
    assert r.status_code == 429 and "too many" in r.text


def test_throttling_per_address_across_names(client) -> None:
    token = _csrf(client.get("/login").text)
    codes = [client.post("/login", data={"name": f"user{i}", "password": "x" * 10, "csrf_token": token}).status_code
             for i in range(22)]
    assert codes[:20] == [401] * 20 and codes[-1] == 429


def test_large_bodies_are_refused_before_parsing(client) -> None:
    big = b'{"action": "accept", "comment": "' + b"x" * (2 << 20) + b'"}'
    r = client.post("/api/statements/1/review", content=big, headers={"content-type": "application/json"})
    assert r.status_code == 413 and r.json()["error"]["code"] == "body_too_large"

    def chunks():  # noqa: ANN202
        for _ in range(40):
            yield b"x" * 65536

    r = client.post("/login", content=chunks(), headers={"content-type": "application/x-www-form-urlencoded"})
    assert r.status_code == 413


def test_csv_exports_defuse_formula_cells(client) -> None:
    from standpunkt.store import schema as t

    with client.store.transaction() as conn:
        conn.execute(t.statements.update().values(concept="=HYPERLINK(\"http://evil\")"))
        conn.execute(t.actors.update().where(t.actors.c.name == "Olaf Scholz").values(name="@SUM(A1)"))
    events = client.get("/api/export", params={"format": "csv"})
    rows = list(csv.DictReader(io.StringIO(events.text), delimiter=";"))
    assert rows and all(r["concept"] == "'=HYPERLINK(\"http://evil\")" for r in rows)
    assert "'@SUM(A1)" in {r["person"] for r in rows}
    matrix = client.get("/api/export", params={"format": "matrix"}).text
    lines = list(csv.reader(io.StringIO(matrix), delimiter=";"))
    assert lines[0][1].startswith("'=") and "'@SUM(A1)" in {line[0] for line in lines}
    assert any(cell.startswith("-") for line in lines[1:] for cell in line[1:])  # numbers stay numbers


def test_csv_safe_leaves_numbers_and_plain_text() -> None:
    from standpunkt.export.tables import csv_safe

    assert csv_safe("=1+1") == "'=1+1" and csv_safe("-x") == "'-x" and csv_safe(-1.5) == -1.5
    assert csv_safe("Bodentruppen") == "Bodentruppen"


@pytest.mark.parametrize("path", ["/documents", "/api/statements", "/matrix", "/api/docs"])
def test_security_headers(client, path: str) -> None:
    r = client.get(path)
    assert r.headers["x-content-type-options"] == "nosniff" and r.headers["x-frame-options"] == "DENY"
    assert r.headers["referrer-policy"] == "same-origin"
    csp = r.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]


def test_secure_cookies_and_hsts(tmp_path) -> None:
    from fastapi.testclient import TestClient

    from standpunkt.web import create_app

    store = build_store(f"sqlite:///{tmp_path / 'tls.db'}")
    with TestClient(create_app(store=store, https_only=True), base_url="https://testserver") as c:
        r = c.get("/login")
        assert "secure" in r.headers["set-cookie"].lower() and "strict-transport-security" in r.headers
    store.close()


@pytest.mark.parametrize("url", ["/api/documents?q=" + "a" * 50_000, "/documents?q=" + "ab" * 25_000,
                                 "/api/statements?offset=100000000000000000000", "/statements?offset=-1",
                                 "/api/quotations?offset=1e5", "/api/statements?actor=" + "x" * 1000,
                                 "/api/actors?offset=" + "9" * 30])
def test_absurd_parameters_are_400(client, url: str) -> None:
    r = client.get(url)
    assert r.status_code == 400, (url[:60], r.status_code, r.text[:200])


def test_page_size_is_capped(client) -> None:
    assert client.get("/api/statements?limit=1001").status_code == 422
    assert client.get("/api/statements?limit=1000").status_code == 200


def test_store_rows_for_a_page_request(client, monkeypatch) -> None:
    """A page reads its rows from the database, never the whole selection (the issue's 10 GB)."""
    from standpunkt.store import Store

    calls = []
    real = Store._statement_rows

    def spy(self, *, limit, offset, **kw):  # noqa: ANN001, ANN003, ANN202
        calls.append(limit)
        return real(self, limit=limit, offset=offset, **kw)

    monkeypatch.setattr(Store, "_statement_rows", spy)
    assert len(client.get("/api/statements?limit=2").json()["items"]) == 2
    client.get("/statements?limit=2")
    assert calls == [3, 2]  # the API reads one row more to know whether there is a next page
    calls.clear()
    for url in ("/api/matrix", "/matrix", "/api/network", "/network", "/api/timeline", "/timeline"):
        assert client.get(url).status_code == 200
    assert calls == []  # aggregates come from GROUP BY, not from rows


def test_whole_selection_views_are_bounded_with_a_clear_message(client, monkeypatch) -> None:
    """Analyses and GraphML/DNA downloads read every selected statement: over their cap they answer 400 (the page
    says why) instead of loading it; under it they work, reading in batches."""
    from standpunkt.web import queries

    n = client.get("/api/statements?limit=1").json()["total"]
    assert n >= 2
    assert client.get("/api/analysis/polarization").status_code in (200, 400)  # as without a cap
    assert client.get("/api/export?format=graphml").status_code == 200
    monkeypatch.setattr(queries, "MAX_ANALYSED_STATEMENTS", n - 1)
    monkeypatch.setattr(queries, "MAX_EXPORTED_STATEMENTS", n - 1)
    for url in ("/api/analysis/polarization", "/api/analysis/backbone.svg", "/api/export?format=graphml",
                "/api/export?format=dna"):
        r = client.get(url)
        assert r.status_code == 400, url
        assert f"has {n:,} statements; at most {n - 1:,}" in r.json()["error"]["message"], url
    page = client.get("/analysis/backbone")
    assert page.status_code == 200 and "standpunkt analyse" in page.text
    assert client.get("/api/export?format=csv").status_code == 200  # streamed: no cap
    assert client.get("/api/export?format=matrix").status_code == 200  # aggregated in SQL
