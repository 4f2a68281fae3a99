"""Manual coding over real HTTP: hand-coded statements (create, permissions, edit, delete), their place in every
view and export, re-analysis keeping them, and editing a document's metadata."""

from __future__ import annotations

import csv
import json
import io
import re

import httpx
import pytest

from web_sample import TROOPS, LiveServer, build_store, example_analysis

PASSWORD = "richtig-geheim"
PHRASE = "sein Land lehne einen solchen Einsatz nicht grundsätzlich ab"


@pytest.fixture
def site(tmp_path):
    from standpunkt.store.auth import add_user, create_token
    from standpunkt.web import create_app

    store = build_store(f"sqlite:///{tmp_path / 'coding.db'}")
    add_user(store, "ben", PASSWORD)
    add_user(store, "cora", PASSWORD)
    tokens = {u: create_token(store, u, "tests") for u in ("ben", "cora")}
    live = LiveServer(create_app(store=store, secret_key="coding-test"))
    with httpx.Client(base_url=live.url, timeout=30) as client:
        yield client, store, tokens
    live.stop()
    store.close()


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def spans_of(text: str, phrase: str) -> list[list[int]]:
    start = text.index(phrase)
    return [[start, start + len(phrase)]]


def code(http: httpx.Client, doc_id: str, token: str, **fields) -> httpx.Response:
    return http.post(f"/api/documents/{doc_id}/statements", json=fields, headers=auth(token))


def test_code_a_statement_shows_everywhere(site) -> None:
    http, store, tokens = site
    doc = http.get("/api/documents").json()["items"][0]
    text = http.get(f"/api/documents/{doc['id']}").json()["text"]
    evidence = spans_of(text, "Die NATO werde nicht zur Kriegspartei werden")
    r = code(http, doc["id"][:10], tokens["ben"], actor="Wolfgang Schmidt", concept="NATO-Einsatz",
             agreement="oppose", evidence=evidence, comment="new actor, new concept")
    assert r.status_code == 201, r.text
    s = r.json()
    assert (s["actor"], s["concept"], s["agreement"], s["evidence"]) == ("Wolfgang Schmidt", "NATO-Einsatz",
                                                                         "oppose", evidence)
    assert s["origin"] == "manual" and s["coded_by"] == "person" and s["coder"] == "ben" and s["reviewed"]
    assert s["coded_at"] and s["date"] == "2024-02-28" and s["review_action"] is None
    # the new actor exists (a candidate), and the statement is in the document, matrix, network and export
    actors = {a["name"]: a for a in http.get("/api/actors", params={"limit": 1000}).json()["items"]}
    assert actors["Wolfgang Schmidt"]["candidate"] is True
    assert s["id"] in [x["id"] for x in http.get(f"/api/documents/{doc['id']}").json()["statements"]]
    cells = http.get("/api/matrix").json()["cells"]
    assert {"actor": "Wolfgang Schmidt", "concept": "NATO-Einsatz", "oppose": 1} .items() <= next(
        c for c in cells if c["actor"] == "Wolfgang Schmidt").items()
    nodes = [n["label"] for n in http.get("/api/network", params={"mode": "two-mode"}).json()["nodes"]]
    assert "Wolfgang Schmidt" in nodes and "NATO-Einsatz" in nodes
    assert [x["id"] for x in http.get("/api/statements", params={"review": "unreviewed"}).json()["items"]
            if x["id"] == s["id"]] == []
    rows = list(csv.DictReader(io.StringIO(http.get("/api/export", params={"format": "csv"}).text), delimiter=";"))
    mine = next(r for r in rows if r["person"] == "Wolfgang Schmidt")
    assert mine["coder"] == "ben" and mine["origin"] == "manual" and mine["reviewed"] == "True"
    assert mine["text"] == "Die NATO werde nicht zur Kriegspartei werden"


def test_bad_codes_are_refused_and_nothing_is_stored(site) -> None:
    http, store, tokens = site
    doc_id = store.documents()[0]["id"]
    text = store.get_document(doc_id).text
    ev = spans_of(text, PHRASE)
    before = store.count_statements()
    base = dict(actor="X", concept="Y", agreement="support", evidence=ev)
    for fields, message in [
        ({**base, "agreement": "maybe"}, "agreement"),
        ({**base, "evidence": []}, "evidence: select the text"),
        ({**base, "evidence": [[10, 5]]}, "not inside the document"),
        ({**base, "evidence": [[0, len(text) + 1]]}, "not inside the document"),
        ({**base, "condition": [[0, 3]]}, "condition: .*not inside the evidence"),
        ({**base, "actor": "  "}, "actor: required"),
        ({**base, "concept": "x" * 301}, "concept: at most"),
    ]:
        r = code(http, doc_id, tokens["ben"], **fields)
        assert r.status_code == 400, (fields, r.text)
        assert re.search(message, r.json()["error"]["message"]), r.json()
    r = http.post(f"/api/documents/{doc_id}/statements", json=base)
    assert r.status_code == 401
    assert code(http, "ffffffff", tokens["ben"], **base).status_code == 404
    assert store.count_statements() == before


def test_only_the_coder_may_edit_or_delete_a_hand_coded_statement(site) -> None:
    http, store, tokens = site
    doc_id = store.documents()[0]["id"]
    text = store.get_document(doc_id).text
    ev = spans_of(text, PHRASE)
    sid = code(http, doc_id, tokens["ben"], actor="Arvydas Anušauskas", concept="Waffenlieferungen",
               agreement="support", evidence=ev).json()["id"]
    # cora may neither edit, reject nor delete it
    for body in ({"action": "edit", "agreement": "oppose"}, {"action": "reject"}):
        r = http.post(f"/api/statements/{sid}/review", json=body, headers=auth(tokens["cora"]))
        assert r.status_code == 403 and "coded by ben" in r.json()["error"]["message"]
    assert http.delete(f"/api/statements/{sid}", headers=auth(tokens["cora"])).status_code == 403
    # ben edits it (span adjusted to a shorter selection, condition added inside): appended to the audit trail
    start = ev[0][0]
    r = http.post(f"/api/statements/{sid}/review", headers=auth(tokens["ben"]), json={
        "action": "edit", "agreement": "conditional", "evidence": [[start, start + 40]],
        "condition": [[start + 9, start + 20]]})
    assert r.status_code == 200, r.text
    s = r.json()
    assert s["agreement"] == "conditional" and s["evidence"] == [[start, start + 40]] and s["coder"] == "ben"
    assert [x["action"] for x in s["reviews"]] == ["edit"]
    # a machine statement can be reviewed by anyone, but not deleted
    machine = next(x for x in http.get("/api/statements").json()["items"] if x["origin"] == "machine")
    r = http.delete(f"/api/statements/{machine['id']}", headers=auth(tokens["cora"]))
    assert r.status_code == 400 and "reject it instead" in r.json()["error"]["message"]
    assert http.post(f"/api/statements/{machine['id']}/review", json={"action": "accept"},
                     headers=auth(tokens["cora"])).status_code == 200
    # ben deletes his statement
    assert http.delete(f"/api/statements/{sid}").status_code == 401
    assert http.delete(f"/api/statements/{sid}", headers=auth(tokens["ben"])).status_code == 204
    assert http.get(f"/api/statements/{sid}").status_code == 404


def test_hand_coded_statements_survive_reanalysis_without_twins(site) -> None:
    http, store, tokens = site
    doc_id = store.documents()[0]["id"]
    text = store.get_document(doc_id).text
    # ben codes what the machine also finds (Anušauskas on ground troops) and something it does not
    twin = code(http, doc_id, tokens["ben"], actor="Arvydas Anušauskas", concept=TROOPS, agreement="support",
                evidence=spans_of(text, PHRASE)).json()
    own = code(http, doc_id, tokens["ben"], actor="Olaf Scholz", concept="Taurus",
               agreement="oppose", evidence=spans_of(text, "keine Soldaten")).json()
    before = store.statements(document_id=doc_id)
    assert len([x for x in before if x["actor"] == "Arvydas Anušauskas"]) == 2  # the machine's and ben's
    analysis = example_analysis()
    analysis.pipeline_version = "test-hand-made-2"
    store.save_analysis(analysis, codebook="bodentruppen")
    after = {x["id"]: x for x in store.statements(document_id=doc_id)}
    assert twin["id"] in after and own["id"] in after
    assert after[twin["id"]]["agreement"] == "support" and after[twin["id"]]["coder"] == "ben"
    # the machine's new Anušauskas statement repeats ben's (same actor, concept, overlapping evidence): matched to
    # it, not added; the person's coding stands alone, and nothing else was doubled
    assert [x["id"] for x in after.values() if x["actor"] == "Arvydas Anušauskas"] == [twin["id"]]
    keys = [(x["actor"], x["concept"]) for x in after.values()]
    assert len(keys) == len(set(keys)) == len(before) - 1
    # a second re-analysis changes nothing
    store.save_analysis(analysis, codebook="bodentruppen")
    again = store.statements(document_id=doc_id)
    assert sorted((x["actor"], x["concept"], x["origin"]) for x in again) == sorted(
        (x["actor"], x["concept"], x["origin"]) for x in after.values())
    assert {twin["id"], own["id"]} <= {x["id"] for x in again}


def test_edit_document_metadata(site) -> None:
    http, store, tokens = site
    doc_id = store.documents()[0]["id"]
    r = http.patch(f"/api/documents/{doc_id}", json={"published": "2024-03-01", "outlet": "Deutschlandfunk",
                                                       "title": "Neuer Titel"}, headers=auth(tokens["ben"]))
    assert r.status_code == 200, r.text
    out = r.json()
    assert out["published"].startswith("2024-03-01") and out["outlet"] == "Deutschlandfunk"
    assert out["title"] == "Neuer Titel"
    assert {(e["field"], e["by"]) for e in out["edits"]} == {("published", "ben"), ("outlet", "ben"),
                                                             ("title", "ben")}
    assert {s["date"] for s in http.get("/api/statements").json()["items"]} == {"2024-03-01"}
    assert {s["outlet"] for s in http.get("/api/statements").json()["items"]} == {"Deutschlandfunk"}
    # a field left out stays; an empty one clears; a bad date is refused
    r = http.patch(f"/api/documents/{doc_id}", json={"outlet": ""}, headers=auth(tokens["ben"]))
    assert r.json()["outlet"] is None and r.json()["title"] == "Neuer Titel"
    r = http.patch(f"/api/documents/{doc_id}", json={"published": "1. März"}, headers=auth(tokens["ben"]))
    assert r.status_code == 400 and "not a date" in r.json()["error"]["message"]
    assert http.patch(f"/api/documents/{doc_id}", json={"title": "x"}).status_code == 401
    # clearing the date leaves the statements undated
    http.patch(f"/api/documents/{doc_id}", json={"published": None}, headers=auth(tokens["ben"]))
    assert {s["date"] for s in http.get("/api/statements").json()["items"]} == {None}


def test_coding_and_metadata_forms_with_a_session(site) -> None:
    http, store, tokens = site
    doc_id = store.documents()[0]["id"]
    text = store.get_document(doc_id).text
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', http.get("/login").text).group(1)
    http.post("/login", data={"name": "cora", "password": PASSWORD, "csrf_token": csrf})
    page = http.get(f"/documents/{doc_id}").text
    assert 'id="code-form"' in page and "coding.js" in page and 'id="edit-metadata"' in page
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    (s, e), = spans_of(text, PHRASE)
    r = http.post(f"/documents/{doc_id}/statements", data={
        "csrf_token": csrf, "actor": "Litauen", "concept": TROOPS, "agreement": "conditional",
        "evidence": f"{s}-{e}", "condition": ""})
    assert r.status_code == 303 and "#statement-" in r.headers["location"]
    sid = int(r.headers["location"].rsplit("-", 1)[1])
    page = http.get(r.headers["location"]).text
    assert f'id="statement-{sid}"' in page and "coded by cora" in page
    assert http.post(f"/documents/{doc_id}/statements", data={
        "actor": "A", "concept": "B", "agreement": "support", "evidence": f"{s}-{e}"}).status_code == 403
    r = http.post(f"/documents/{doc_id}/meta", data={"csrf_token": csrf, "title": "T", "outlet": "taz",
                                                     "published": "2024-02-29"})
    assert r.status_code == 303
    doc = store.get_document(doc_id)
    assert (doc.title, doc.outlet, doc.published.date().isoformat()) == ("T", "taz", "2024-02-29")
    r = http.post(f"/statements/{sid}/delete", data={"csrf_token": csrf, "next": f"/documents/{doc_id}"})
    assert r.status_code == 303 and store.statements(statement_ids=[sid]) == []


def test_cli_exports_carry_the_coder(site, tmp_path) -> None:
    from typer.testing import CliRunner

    from standpunkt.cli import app

    http, store, tokens = site
    doc_id = store.documents()[0]["id"]
    text = store.get_document(doc_id).text
    code(http, doc_id, tokens["cora"], actor="Litauen", concept=TROOPS, agreement="support",
         evidence=spans_of(text, PHRASE))
    out = tmp_path / "events.csv"
    r = CliRunner().invoke(app, ["export", "--format", "events", "--out", str(out), "--db", store.url])
    assert r.exit_code == 0, r.output
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8")), delimiter=";"))
    coders = {row["person"]: row["coder"] for row in rows}
    assert coders["Litauen"] == "cora" and coders["Olaf Scholz"] == "standpunkt"
    r = CliRunner().invoke(app, ["statements", "--db", store.url, "--format", "jsonl"])
    assert r.exit_code == 0, r.output
    mine = [row for row in map(json.loads, r.output.splitlines()) if row["actor"] == "Litauen"]
    assert len(mine) == 1 and mine[0].get("coded_by") == "person", mine
