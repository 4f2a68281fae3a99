"""The actor manager and coder roles over real HTTP: attribute edits and merges (audit trail, used by every view and
export, kept by re-analysis), admin / coder / viewer permissions, and the `standpunkt user` commands."""

from __future__ import annotations

import csv
import io

import httpx
import pytest
from typer.testing import CliRunner

from web_sample import TROOPS, LiveServer, build_store, example_analysis

PASSWORD = "richtig-geheim"


@pytest.fixture
def site(tmp_path):
    from standpunkt.store.auth import add_user, create_token
    from standpunkt.web import create_app

    store = build_store(f"sqlite:///{tmp_path / 'actors.db'}")
    tokens = {}
    for user, role in (("ada", "admin"), ("ben", "coder"), ("vic", "viewer")):
        add_user(store, user, PASSWORD, role=role)
        tokens[user] = {"Authorization": f"Bearer {create_token(store, user)}"}
    live = LiveServer(create_app(store=store, secret_key="actors-test"))
    with httpx.Client(base_url=live.url, timeout=30) as client:
        yield client, store, tokens
    live.stop()
    store.close()


def actor(http: httpx.Client, name: str) -> dict:
    return next(a for a in http.get("/api/actors", params={"limit": 1000}).json()["items"] if a["name"] == name)


def test_edit_actor_attributes_applies_everywhere_and_is_logged(site, tmp_path) -> None:
    http, store, tokens = site
    scholz = actor(http, "Olaf Scholz")
    r = http.patch(f"/api/actors/{scholz['id']}", headers=tokens["ben"], json={
        "party": "SPD", "organisation": "Bundesregierung", "colour": "#e3000f", "aliases": ["Scholz", "Scholz"]})
    assert r.status_code == 200, r.text
    out = r.json()
    assert (out["organisation"], out["colour"], out["aliases"]) == ("Bundesregierung", "#e3000f", ["Scholz"])
    assert [e["action"] for e in out["edits"]] == ["edit"]
    assert out["edits"][0]["editor"] == "ben"
    assert out["edits"][0]["changes"]["organisation"] == [None, "Bundesregierung"]
    assert "party" not in out["edits"][0]["changes"]  # unchanged values are not logged
    # used by the statements, the network by organisation and the export
    assert {s["organisation"] for s in http.get("/api/statements", params={"actor": "Olaf Scholz"}).json()["items"]} \
        == {"Bundesregierung"}
    nodes = [n["label"] for n in http.get("/api/network", params={"level": "organisation"}).json()["nodes"]]
    assert "Bundesregierung" in nodes and "Olaf Scholz" not in nodes
    rows = list(csv.DictReader(io.StringIO(http.get("/api/export").text), delimiter=";"))
    assert {r["organization"] for r in rows if r["person"] == "Olaf Scholz"} == {"Bundesregierung"}
    # the colour is drawn in the network, written to its downloads and to the DNA export's entity
    node = next(n for n in http.get("/api/network").json()["nodes"] if n["label"] == "Olaf Scholz")
    assert node["colour"] == "#e3000f"
    assert "#e3000f" in http.get("/api/network/download", params={"format": "graphml"}).text
    dna = tmp_path / "export.dna"
    dna.write_bytes(http.get("/api/export", params={"format": "dna"}).content)
    import sqlite3

    with sqlite3.connect(dna) as con:
        rgb = con.execute("SELECT Red, Green, Blue FROM ENTITIES WHERE Value = 'Olaf Scholz'").fetchone()
    assert rgb == (0xe3, 0x00, 0x0f)
    # bad values are refused
    for body, message in (({"kind": "alien"}, "kind"), ({"colour": "red"}, "colour"), ({"name": "X"}, "name")):
        r = http.patch(f"/api/actors/{scholz['id']}", headers=tokens["ben"], json=body)
        assert r.status_code in (400, 422) and message in r.json()["error"]["message"], r.text
    assert http.patch(f"/api/actors/{scholz['id']}", json={"party": "X"}).status_code == 401
    assert http.patch("/api/actors/99999", headers=tokens["ben"], json={"party": "X"}).status_code == 404


def test_merge_a_candidate_into_a_registry_actor(site) -> None:
    http, store, tokens = site
    doc_id = store.documents()[0]["id"]
    text = store.get_document(doc_id).text
    start = text.index("Die NATO werde nicht")
    # a coder typed a variant of Scholz' name: a new candidate actor
    code = http.post(f"/api/documents/{doc_id}/statements", headers=tokens["ben"], json={
        "actor": "Kanzler Scholz", "concept": "Taurus", "agreement": "oppose", "evidence": [[start, start + 20]]})
    assert code.status_code == 201
    candidate = actor(http, "Kanzler Scholz")
    assert candidate["candidate"] is True
    target = actor(http, "Olaf Scholz")
    r = http.post(f"/api/actors/{candidate['id']}/merge", headers=tokens["ben"], json={"into": "Olaf Scholz"})
    assert r.status_code == 200, r.text
    assert r.json()["statements"] == 1 and r.json()["into_id"] == target["id"]
    assert "Kanzler Scholz" in r.json()["actor"]["aliases"]
    assert "Kanzler Scholz" not in [a["name"] for a in http.get("/api/actors", params={"limit": 1000}).json()["items"]]
    stmt = http.get(f"/api/statements/{code.json()['id']}").json()
    assert stmt["actor"] == "Olaf Scholz" and stmt["coder"] == "ben"
    cells = {(c["actor"], c["concept"]) for c in http.get("/api/matrix").json()["cells"]}
    assert ("Olaf Scholz", "Taurus") in cells
    edits = http.get(f"/api/actors/{target['id']}/edits").json()["items"]
    assert edits[-1]["action"] == "merge" and edits[-1]["changes"]["merged"] == "Kanzler Scholz"
    assert http.get(f"/api/actors/{candidate['id']}/edits").json()["items"][-1]["action"] == "merge"
    # a re-analysis that finds the merged name again attributes it to the actor it was merged into
    analysis = example_analysis()
    analysis.statements[4].actor.name = "Kanzler Scholz"
    analysis.pipeline_version = "test-hand-made-2"
    store.save_analysis(analysis)
    assert "Kanzler Scholz" not in {a["name"] for a in store.actors()}
    assert http.post(f"/api/actors/{target['id']}/merge", headers=tokens["ben"],
                     json={"into": target["id"]}).status_code == 400


def test_roles_viewer_reads_admin_changes_anyone(site) -> None:
    http, store, tokens = site
    doc_id = store.documents()[0]["id"]
    text = store.get_document(doc_id).text
    start = text.index("keine Soldaten")
    body = {"actor": "Olaf Scholz", "concept": TROOPS, "agreement": "oppose", "evidence": [[start, start + 14]]}
    r = http.post(f"/api/documents/{doc_id}/statements", headers=tokens["vic"], json=body)
    assert r.status_code == 403 and "viewer" in r.json()["error"]["message"]
    assert http.get("/api/statements", headers=tokens["vic"]).status_code == 200
    sid = http.post(f"/api/documents/{doc_id}/statements", headers=tokens["ben"], json=body).json()["id"]
    scholz = actor(http, "Olaf Scholz")
    assert http.patch(f"/api/actors/{scholz['id']}", headers=tokens["vic"], json={"party": "X"}).status_code == 403
    # the admin may change ben's hand-coded statement; ben may too; vic may not
    r = http.post(f"/api/statements/{sid}/review", headers=tokens["ada"], json={"action": "edit",
                                                                                "agreement": "neutral"})
    assert r.status_code == 200 and r.json()["agreement"] == "neutral"
    assert http.post(f"/api/statements/{sid}/review", headers=tokens["vic"],
                     json={"action": "accept"}).status_code == 403
    assert http.delete(f"/api/statements/{sid}", headers=tokens["ada"]).status_code == 204


def test_user_commands_set_and_list_roles(tmp_path) -> None:
    from standpunkt.cli import app

    db = f"sqlite:///{tmp_path / 'users.db'}"
    runner = CliRunner()
    r = runner.invoke(app, ["user", "add", "eva", "--role", "viewer", "--password-stdin", "--db", db],
                      input=PASSWORD + "\n")
    assert r.exit_code == 0, r.output
    r = runner.invoke(app, ["user", "add", "max", "--password-stdin", "--db", db], input=PASSWORD + "\n")
    assert r.exit_code == 0, r.output
    r = runner.invoke(app, ["user", "list", "--db", db])
    assert r.exit_code == 0 and [line.split() for line in r.output.splitlines()] == [["eva", "viewer"],
                                                                                      ["max", "coder"]]
    r = runner.invoke(app, ["user", "role", "eva", "admin", "--db", db])
    assert r.exit_code == 0 and "eva is now admin" in r.output
    r = runner.invoke(app, ["user", "role", "eva", "king", "--db", db])
    assert r.exit_code != 0 and "unknown role" in r.output and "Traceback" not in r.output
    r = runner.invoke(app, ["user", "role", "nobody", "coder", "--db", db])
    assert r.exit_code != 0 and "no user" in r.output
