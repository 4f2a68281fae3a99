"""The JSON API over real HTTP (uvicorn on a free port): reading, pagination, review with tokens and sessions,
the audit trail, the error shape."""

from __future__ import annotations

import csv
import io
import re

import httpx
import pytest

from web_sample import CODEBOOK, TROOPS, WAR_PARTY, LiveServer, build_store

PASSWORD = "richtig-geheim"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    from standpunkt.store.auth import add_user, create_token
    from standpunkt.web import create_app

    store = build_store(f"sqlite:///{tmp_path_factory.mktemp('api') / 'api.db'}")
    add_user(store, "ben", PASSWORD)
    token = create_token(store, "ben", "tests")
    live = LiveServer(create_app(store=store, secret_key="api-test"))
    yield live, store, token
    live.stop()
    store.close()


@pytest.fixture
def http(server):
    live, _, _ = server
    with httpx.Client(base_url=live.url, timeout=30) as client:
        yield client


def _statement(http: httpx.Client, actor: str, concept: str = TROOPS) -> dict:
    items = http.get("/api/statements", params={"actor": actor, "concept": concept}).json()["items"]
    assert len(items) == 1, items
    return items[0]


def assert_error(response: httpx.Response, status: int, code: str, message: str) -> None:
    assert response.status_code == status
    assert response.headers["content-type"].startswith("application/json")
    assert response.json() == {"error": {"status": status, "code": code, "message": response.json()["error"]["message"]}}
    assert re.search(message, response.json()["error"]["message"]), response.json()


def test_documents_and_document_detail(http) -> None:
    page = http.get("/api/documents").json()
    assert page["total"] == 1 and page["next"] is None and page["limit"] == 50 and page["offset"] == 0
    summary = page["items"][0]
    assert summary["quotations"] == 6 and summary["statements"] == 6 and summary["outlet"] == "tagesschau"
    detail = http.get(f"/api/documents/{summary['id'][:8]}").json()  # an id prefix is enough
    assert detail["id"] == summary["id"]
    scholz = next(q for q in detail["quotations"] if q["form"] == "Direct")
    start, end = scholz["cue"][0]
    assert detail["text"][start:end] == "erklärte"
    assert http.get("/api/documents", params={"q": "Bodentruppen"}).json()["total"] == 1
    assert http.get("/api/documents", params={"q": "Atomkraft"}).json()["total"] == 0
    assert http.get("/api/documents", params={"date_from": "2024-03-01"}).json()["total"] == 0


def test_pagination_walks_every_statement_once(http) -> None:
    seen, url = [], "/api/statements?limit=4&include_rejected=1"
    while url:
        page = http.get(url).json()
        assert page["total"] == 6
        seen += [s["id"] for s in page["items"]]
        url = page["next"]
    assert sorted(seen) == sorted(set(seen)) and len(seen) == 6
    quotations = http.get("/api/quotations", params={"limit": 5}).json()
    assert quotations["total"] == 6 and len(quotations["items"]) == 5 and "offset=5" in quotations["next"]


def test_matrix_network_timeline_actors(http) -> None:
    matrix = http.get("/api/matrix", params={"codebook": CODEBOOK}).json()
    assert matrix["concepts"] == [TROOPS, WAR_PARTY]
    assert matrix["actors"][0] == "Olaf Scholz"  # the most active actor first
    cells = {(c["actor"], c["concept"]): c for c in matrix["cells"]}
    assert cells[("Olaf Scholz", TROOPS)]["category"] == "oppose"
    assert cells[("Arvydas Anušauskas", TROOPS)]["conditional"] == 1
    assert cells[("Arvydas Anušauskas", TROOPS)]["score"] == 0.5
    assert http.get("/api/matrix", params={"codebook": "anderes"}).json()["cells"] == []

    net = http.get("/api/network").json()
    edges = {(e["source"], e["target"], e["type"]) for e in net["edges"]}
    # boolean qualifiers: Scholz (no) conflicts with Landsbergis (yes); Landsbergis and Macron agree
    assert ("a:Gabrielius Landsbergis", "a:Olaf Scholz", "conflict") in edges
    assert ("a:Emmanuel Macron", "a:Gabrielius Landsbergis", "congruence") in edges
    edge = http.get("/api/network/edge", params={"source": "a:Olaf Scholz", "target": "a:Emmanuel Macron"}).json()
    assert {s["actor"] for s in edge["statements"]} == {"Olaf Scholz", "Emmanuel Macron"}
    assert {s["concept"] for s in edge["statements"]} == {TROOPS}  # only the concepts both spoke about
    two = http.get("/api/network", params={"mode": "two-mode"}).json()
    assert {n["kind"] for n in two["nodes"]} == {"actor", "concept"} and len(two["edges"]) == 6

    timeline = http.get("/api/timeline", params={"actor": "Olaf Scholz"}).json()
    assert timeline["periods"] == [{"period": "2024-02", "support": 0, "oppose": 2, "conditional": 0,
                                    "neutral": 0, "n": 2}]

    actors = http.get("/api/actors").json()
    scholz = next(a for a in actors["items"] if a["name"] == "Olaf Scholz")
    detail = http.get(f"/api/actors/{scholz['id']}").json()
    assert detail["party"] == "SPD" and len(detail["statements"]) == 2
    assert {c["concept"] for c in detail["concepts"]} == {TROOPS, WAR_PARTY}


def test_write_needs_login_or_token(http) -> None:
    sid = _statement(http, "Lettland")["id"]
    assert_error(http.post(f"/api/statements/{sid}/review", json={"action": "accept"}), 401, "unauthorized",
                 "login or API token")
    assert_error(http.post(f"/api/statements/{sid}/review", json={"action": "accept"},
                           headers={"Authorization": "Bearer spk_wrong"}), 401, "unauthorized", "invalid API token")
    assert _statement(http, "Lettland")["reviewed"] is False


def test_review_with_token_keeps_machine_original_and_history(server, http) -> None:
    _, store, token = server
    auth = {"Authorization": f"Bearer {token}"}
    sid = _statement(http, "Gabrielius Landsbergis")["id"]
    r = http.post(f"/api/statements/{sid}/review", headers=auth,
                  json={"action": "edit", "agreement": "conditional", "comment": "Bedingung im Nachsatz"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["agreement"] == "conditional" and body["machine_agreement"] == "support"
    assert body["reviewer"] == "ben" and body["reviewed"] is True
    assert body["concept"] == TROOPS  # untouched fields keep their value
    # accepting later confirms the edited values instead of falling back to the machine's
    body = http.post(f"/api/statements/{sid}/review", headers=auth, json={"action": "accept"}).json()
    assert body["agreement"] == "conditional"
    assert [r["action"] for r in body["reviews"]] == ["edit", "accept"]
    # the machine's row in the store is unchanged
    import sqlalchemy as sa

    from standpunkt.store import schema as t
    with store.engine.connect() as conn:
        assert conn.execute(sa.select(t.statements.c.agreement).where(t.statements.c.id == sid)).scalar() == "support"
    # analysis and export prefer the reviewed value
    cells = {(c["actor"], c["concept"]): c for c in http.get("/api/matrix").json()["cells"]}
    assert cells[("Gabrielius Landsbergis", TROOPS)]["category"] == "conditional"
    export = http.get("/api/export", params={"actor": "Gabrielius Landsbergis"})
    assert export.headers["content-disposition"] == 'attachment; filename="statements.csv"'
    row = next(csv.DictReader(io.StringIO(export.text), delimiter=";"))
    assert row["stance"] == "conditional" and row["reviewed"] == "True"
    # the review filters see it
    assert sid not in [s["id"] for s in http.get("/api/statements", params={"review": "unreviewed"}).json()["items"]]
    assert sid in [s["id"] for s in http.get("/api/statements", params={"review": "reviewed"}).json()["items"]]


def test_edit_spans_and_actor_and_reject(server, http) -> None:
    _, _, token = server
    auth = {"Authorization": f"Bearer {token}"}
    s = _statement(http, "Emmanuel Macron")
    text = http.get(f"/api/documents/{s['document_id']}").json()["text"]
    start = text.index("westliche Länder auch Bodentruppen")
    evidence = [[start, start + len("westliche Länder auch Bodentruppen")]]
    body = http.post(f"/api/statements/{s['id']}/review", headers=auth,
                     json={"action": "edit", "actor": "Präsident Macron", "evidence": evidence}).json()
    assert body["actor"] == "Präsident Macron" and body["machine_actor"] == "Emmanuel Macron"
    assert body["evidence"] == evidence and body["machine_evidence"] != evidence
    bad = http.post(f"/api/statements/{s['id']}/review", headers=auth,
                    json={"action": "edit", "evidence": [[10, len(text) + 5]]})
    assert_error(bad, 400, "bad_request", r"evidence: span \[10, \d+\) is not inside the document")
    assert_error(http.post(f"/api/statements/{s['id']}/review", headers=auth,
                           json={"action": "edit", "agreement": "vielleicht"}), 400, "bad_request", "agreement")
    # a condition is part of what was said: it lies inside the evidence (issue 15)
    outside = [[0, 5]]
    assert_error(http.post(f"/api/statements/{s['id']}/review", headers=auth,
                           json={"action": "edit", "agreement": "conditional", "condition": outside}),
                 400, "bad_request", r"condition: span \[0, 5\) is not inside the evidence")
    assert http.get(f"/api/statements/{s['id']}").json()["condition"] != outside
    inside = [[start, start + len("westliche Länder")]]
    ok = http.post(f"/api/statements/{s['id']}/review", headers=auth,
                   json={"action": "edit", "agreement": "conditional", "condition": inside}).json()
    assert ok["condition"] == inside and ok["agreement"] == "conditional"
    # narrowing the evidence away from the condition is refused as well
    assert_error(http.post(f"/api/statements/{s['id']}/review", headers=auth,
                           json={"action": "edit", "evidence": [[start + 20, start + 30]]}),
                 400, "bad_request", "condition: span .* is not inside the evidence")
    assert_error(http.post(f"/api/statements/{s['id']}/review", headers=auth, json={"action": "delete"}),
                 400, "bad_request", "action")
    rejected = http.post(f"/api/statements/{s['id']}/review", headers=auth, json={"action": "reject"}).json()
    assert rejected["review_action"] == "reject"
    ids = [x["id"] for x in http.get("/api/statements").json()["items"]]
    assert s["id"] not in ids
    assert s["id"] in [x["id"] for x in http.get("/api/statements?include_rejected=true").json()["items"]]
    history = http.get(f"/api/statements/{s['id']}").json()["reviews"]
    assert [h["action"] for h in history] == ["edit", "edit", "reject"]
    assert all(h["reviewer"] == "ben" for h in history)


def test_session_writes_need_the_csrf_header(server, http) -> None:
    sid = _statement(http, "Arvydas Anušauskas")["id"]
    login_page = http.get("/login")
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', login_page.text).group(1)
    r = http.post("/login", data={"name": "ben", "password": PASSWORD, "csrf_token": csrf, "next": "/matrix"})
    assert r.status_code == 303 and r.headers["location"] == "/matrix"
    assert http.get("/api/me").json() == {"user": "ben"}
    assert_error(http.post(f"/api/statements/{sid}/review", json={"action": "accept"}), 403, "forbidden", "CSRF")
    assert_error(http.post(f"/api/statements/{sid}/review", json={"action": "accept"},
                           headers={"X-CSRF-Token": csrf}), 403, "forbidden", "CSRF")  # pre-login token is void
    page = http.get(f"/statements/{sid}").text
    fresh = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    r = http.post(f"/api/statements/{sid}/review", json={"action": "accept"}, headers={"X-CSRF-Token": fresh})
    assert r.status_code == 200 and r.json()["reviewer"] == "ben" and r.json()["review_action"] == "accept"


def test_errors_have_one_shape(http) -> None:
    assert_error(http.get("/api/documents/ffffffff"), 404, "not_found", "no document")
    assert_error(http.get("/api/statements/999999"), 404, "not_found", "no statement with id 999999")
    assert_error(http.get("/api/actors/999999"), 404, "not_found", "no actor")
    assert_error(http.get("/api/nothing-here"), 404, "not_found", "no such page")
    assert_error(http.get("/api/statements", params={"date_from": "gestern"}), 400, "bad_request", "date_from")
    assert_error(http.get("/api/statements", params={"max_confidence": "2"}), 400, "bad_request", "outside")
    assert_error(http.get("/api/statements", params={"review": "maybe"}), 400, "bad_request", "review")
    assert_error(http.get("/api/statements", params={"limit": "0"}), 422, "invalid_parameters", "limit")
    assert_error(http.get("/api/statements/abc"), 422, "invalid_parameters", "statement_id")
    assert_error(http.get("/api/network", params={"mode": "x"}), 400, "bad_request", "network mode")
    assert_error(http.get("/api/timeline", params={"unit": "decade"}), 400, "bad_request", "time unit")
    assert_error(http.get("/api/export", params={"format": "xls"}), 400, "bad_request", "format")
    assert_error(http.delete("/api/documents"), 405, "method_not_allowed", "")


def test_openapi_and_docs_work_offline(http) -> None:
    spec = http.get("/api/openapi.json").json()
    for path in ("/api/documents", "/api/documents/{doc_id}", "/api/quotations", "/api/statements",
                 "/api/statements/{statement_id}/review", "/api/actors", "/api/matrix", "/api/network",
                 "/api/timeline", "/api/export"):
        assert path in spec["paths"], path
    assert not [p for p in spec["paths"] if not p.startswith("/api/")]  # pages are not in the API spec
    docs = http.get("/api/docs").text
    assert "/static/vendor/swagger-ui-bundle" in docs
    assert not re.search(r"(src|href)=\"https?://", docs)
    for asset in re.findall(r'(?:src|href)="(/static/[^"]+)"', docs):
        assert http.get(asset).status_code == 200, asset


def test_read_and_review_round_trip_on_each_database(db_url) -> None:
    """The same app over SQLite and (when a server is given) PostgreSQL: list, matrix, review, export."""
    from standpunkt.store.auth import add_user, create_token
    from standpunkt.web import create_app

    store = build_store(db_url)
    add_user(store, "ida", PASSWORD)
    auth = {"Authorization": f"Bearer {create_token(store, 'ida')}"}
    live = LiveServer(create_app(store=store))
    try:
        with httpx.Client(base_url=live.url, timeout=30) as http:
            assert http.get("/api/documents").json()["total"] == 1
            assert http.get("/api/documents", params={"q": "bodentruppen"}).json()["total"] == 1  # case-insensitive
            sid = _statement(http, "Olaf Scholz", WAR_PARTY)["id"]
            r = http.post(f"/api/statements/{sid}/review", headers=auth, json={"action": "edit", "agreement": "neutral"})
            assert r.status_code == 200, r.text
            cells = {(c["actor"], c["concept"]): c for c in http.get("/api/matrix").json()["cells"]}
            assert cells[("Olaf Scholz", WAR_PARTY)]["category"] == "neutral"
            assert http.get("/api/network", params={"mode": "two-mode"}).status_code == 200
            assert http.get("/matrix").status_code == 200
            rows = list(csv.DictReader(io.StringIO(http.get("/api/export").text), delimiter=";"))
            assert {r["stance"] for r in rows if r["person"] == "Olaf Scholz" and r["concept"] == WAR_PARTY} == {"neutral"}
    finally:
        live.stop()
        store.close()
