"""The HTML pages (in process): every page renders, text is escaped, login and CSRF protect the review forms."""

from __future__ import annotations

import re
from datetime import datetime, timezone

import pytest

from web_sample import TROOPS, build_store

# the TestClient's notice that a future Starlette wants httpx2 instead of httpx is not about this project
pytestmark = pytest.mark.filterwarnings("ignore:Using `httpx` with `starlette.testclient`")
PASSWORD = "lang-genug-1"


@pytest.fixture
def client(tmp_path):
    from fastapi.testclient import TestClient

    from standpunkt.store.auth import add_user
    from standpunkt.web import create_app

    store = build_store(f"sqlite:///{tmp_path / 'pages.db'}")
    add_user(store, "carla", PASSWORD)
    with TestClient(create_app(store=store, secret_key="pages-test"), follow_redirects=False) as c:
        c.store = store
        yield c
    store.close()


def _csrf(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def login(client, password: str = PASSWORD, next_url: str = "/documents"):  # noqa: ANN001, ANN201
    token = _csrf(client.get("/login").text)
    return client.post("/login", data={"name": "carla", "password": password, "csrf_token": token,
                                       "next": next_url})


def _statement_id(client, actor: str) -> int:  # noqa: ANN001
    return next(s["id"] for s in client.store.statements() if s["actor"] == actor)


def test_every_page_renders(client) -> None:
    doc_id = client.store.documents()[0]["id"]
    actor_id = next(a["id"] for a in client.store.actors() if a["name"] == "Olaf Scholz")
    sid = _statement_id(client, "Olaf Scholz")
    for url in ("/documents", f"/documents/{doc_id}", f"/matrix?document={doc_id}", "/matrix?codebook=bodentruppen",
                f"/matrix/cell?cell_actor=Olaf+Scholz&cell_concept={TROOPS}", "/timeline?actor=Olaf+Scholz",
                "/timeline?unit=year", "/network", "/network?mode=two-mode&normalization=jaccard", "/actors",
                f"/actors/{actor_id}", "/statements", "/statements?review=unreviewed&max_confidence=0.6",
                f"/statements/{sid}", "/login", "/api/docs"):
        r = client.get(url)
        assert r.status_code == 200, (url, r.text[:300])
        assert r.headers["content-type"].startswith("text/html")
    assert client.get("/").headers["location"] == "/documents"


def test_review_queue_filters_low_confidence_unreviewed(client) -> None:
    html = client.get("/statements?review=unreviewed&max_confidence=0.6").text
    shown = set(re.findall(r'class="actor" href="/statements/\d+">([^<]+)<', html))
    assert shown == {"Arvydas Anušauskas"}  # confidence 0.48; the others are above 0.6


def test_document_text_is_escaped(client) -> None:
    from standpunkt.model import Analysis, Document, Quotation, Span

    text = 'Sie sagte: "<img src=x onerror=alert(1)>" und ging.'
    doc = Document(text=text, title="<b>Titel</b>", published=datetime(2024, 1, 2, tzinfo=timezone.utc))
    client.store.save_analysis(Analysis(document=doc, quotations=[Quotation("Direct", message=[Span(12, 42)],
                                                                            cue=[Span(4, 9)], speaker=[Span(0, 3)])]))
    html = client.get(f"/documents/{doc.id}").text
    assert "<img" not in html and "<b>Titel" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert '<span class="hl hl-speaker">Sie</span>' in html
    assert '<span class="hl hl-cue">sagte</span>' in html


def test_matrix_page_colours_cells_and_opens_a_cell(client) -> None:
    html = client.get("/matrix").text
    cell = re.search(r'<td class="cell (\w+)" style="background:hsl\((\d+), [^"]*" data-actor="Olaf Scholz" '
                     rf'data-concept="{TROOPS}"><a href="([^"]+)"', html)
    assert cell and cell.group(1) == "oppose" and cell.group(2) == "0"  # red
    page = client.get(cell.group(3).replace("&amp;", "&")).text
    assert 'id="evidence-panel"' in page
    assert '<span class="hl hl-evidence">Als deutscher Bundeskanzler' in page


def test_login_logout_and_wrong_password(client) -> None:
    r = login(client, password="falsch-falsch")
    assert r.status_code == 401 and "Unknown user or wrong password" in r.text
    r = login(client, next_url="//evil.example/steal")
    assert r.status_code == 303 and r.headers["location"] == "/"  # no open redirect
    assert "carla" in client.get("/documents").text
    token = _csrf(client.get("/documents").text)
    assert client.post("/logout", data={"csrf_token": "nope"}).status_code == 403
    assert client.post("/logout", data={"csrf_token": token}).status_code == 303
    assert "log in" in client.get("/documents").text


def test_login_form_needs_csrf(client) -> None:
    r = client.post("/login", data={"name": "carla", "password": PASSWORD})
    assert r.status_code == 403 and "CSRF" in r.text


def test_review_form_needs_login_and_csrf(client) -> None:
    sid = _statement_id(client, "Lettland")
    r = client.post(f"/statements/{sid}/review", data={"action": "accept", "csrf_token": "x"})
    assert r.status_code == 401
    login(client)
    r = client.post(f"/statements/{sid}/review", data={"action": "accept", "csrf_token": "forged"})
    assert r.status_code == 403
    assert client.store.reviews(sid) == []
    token = _csrf(client.get(f"/statements/{sid}").text)
    r = client.post(f"/statements/{sid}/review", data={"action": "accept", "csrf_token": token,
                                                       "next": "/matrix?codebook=bodentruppen"})
    assert r.status_code == 303 and r.headers["location"] == "/matrix?codebook=bodentruppen"
    assert [(x["reviewer"], x["action"]) for x in client.store.reviews(sid)] == [("carla", "accept")]


def test_review_form_edit_with_spans(client) -> None:
    sid = _statement_id(client, "Olaf Scholz")
    login(client)
    page = client.get(f"/statements/{sid}").text
    token = _csrf(page)
    text = client.store.get_document(client.store.documents()[0]["id"]).text
    start = text.index("keine Soldaten")
    r = client.post(f"/statements/{sid}/review", data={
        "action": "edit", "csrf_token": token, "actor": "Olaf Scholz", "concept": "Entsendung der Bundeswehr",
        "agreement": "oppose", "evidence": f"{start}-{start + 14}", "condition": "", "comment": "enger"})
    assert r.status_code == 303 and r.headers["location"] == f"/statements/{sid}"
    page = client.get(f"/statements/{sid}").text
    assert "Entsendung der Bundeswehr" in page and "edited by carla" in page
    assert '<span class="hl hl-evidence">keine Soldaten</span>' in page
    assert re.search(r"<th>Concept</th><td>" + TROOPS, page)  # the machine original is still shown
    bad = client.post(f"/statements/{sid}/review", data={"action": "edit", "csrf_token": token,
                                                         "evidence": "zehn bis zwanzig"})
    assert bad.status_code == 400 and "not a span START-END" in bad.text


def test_missing_things_render_error_pages(client) -> None:
    r = client.get("/documents/nope")
    assert r.status_code == 404 and "no document" in r.text and r.headers["content-type"].startswith("text/html")
    assert client.get("/statements/424242").status_code == 404
    assert client.get("/timeline?unit=century").status_code == 400


def test_big_cell_panel_is_bounded_with_a_link_to_all(client) -> None:
    from standpunkt.model import Actor, Analysis, Document, Span, Statement
    from standpunkt.web.pages import PANEL_STATEMENTS

    text = "Sie sagte, das gehe so nicht. " * 3
    actor = Actor("Vielrednerin")
    n = PANEL_STATEMENTS + 7
    for i in range(n):  # one statement per document: each document is a different article
        doc = Document(text=f"{i}: {text}", published=datetime(2024, 5, 1 + i % 28, tzinfo=timezone.utc))
        client.store.save_analysis(Analysis(document=doc, statements=[
            Statement(actor, "Konzept", "oppose", evidence=[Span(4, 20)])]))
    html = client.get("/matrix/cell?cell_actor=Vielrednerin&cell_concept=Konzept").text
    assert html.count('<article class="statement') == PANEL_STATEMENTS
    assert f"{n} statements" in html
    more = re.search(r'<a href="(/statements\?[^"]+)">all of them</a>', html).group(1).replace("&amp;", "&")
    listing = client.get(more + "&limit=1000").text
    assert listing.count('<article class="statement') == n


CODEBOOK_YAML = """\
name: Testbuch
issues:
  - id: militaer
    label: Militärhilfe
    concepts:
      - {id: bodentruppen, label: Bodentruppen entsenden}
      - {id: kriegspartei, label: Der Westen wird Kriegspartei}
  - id: energie
    label: Energiepolitik
    concepts:
      - {id: atomkraft, label: Atomkraftwerke weiter betreiben}
"""


def test_codebook_labels_and_issue_filter(tmp_path) -> None:
    """Statements coded with a codebook file: its labels on the pages, its issues as a matrix filter."""
    from fastapi.testclient import TestClient

    from standpunkt.model import Actor, Analysis, Document, Span, Statement
    from standpunkt.store import Store
    from standpunkt.web import create_app

    book = tmp_path / "testbuch.yaml"
    book.write_text(CODEBOOK_YAML, encoding="utf-8")
    store = Store(f"sqlite:///{tmp_path / 'books.db'}")
    doc = Document(text="Scholz sagte etwas zu Truppen, zur Kriegspartei und zur Atomkraft.")
    a = Actor("Olaf Scholz")
    store.save_analysis(Analysis(document=doc, statements=[
        Statement(a, "bodentruppen", "oppose", evidence=[Span(0, 6)]),
        Statement(a, "kriegspartei", "oppose", evidence=[Span(0, 6)]),
        Statement(a, "atomkraft", "support", evidence=[Span(0, 6)])]), codebook=str(book))
    with TestClient(create_app(store=store)) as client:
        page = client.get("/matrix").text
        assert "Bodentruppen entsenden" in page and "Atomkraftwerke weiter betreiben" in page
        assert '<option value="militaer" >Militärhilfe (Testbuch)</option>' in page
        military = client.get("/api/matrix", params={"issue": "militaer"}).json()
        assert military["concepts"] == ["bodentruppen", "kriegspartei"]
        assert military["concept_labels"]["kriegspartei"] == "Der Westen wird Kriegspartei"
        assert client.get("/api/matrix", params={"issue": "energie", "concept": "bodentruppen"}).json()["cells"] == []
        assert client.get("/api/statements", params={"issue": "energie"}).json()["total"] == 1
        r = client.get("/api/matrix", params={"issue": "verkehr"})
        assert r.status_code == 400 and "militaer, energie" in r.json()["error"]["message"]
        assert "issue=militaer" in client.get("/matrix", params={"issue": "militaer"}).text  # links keep the issue
        book.unlink()  # the file moved away: ids are shown, nothing breaks
        assert "Bodentruppen entsenden" not in client.get("/matrix").text
        assert client.get("/matrix").status_code == 200
    store.close()


def test_every_page_has_a_json_twin() -> None:
    from standpunkt.web import create_app
    from standpunkt.web.pages import router

    app = create_app("sqlite://")
    api_paths = set(app.openapi()["paths"])
    no_data = {"/", "/login", "/logout", "/matrix/cell"}  # redirects, forms; the cell panel's twin is /api/statements
    pages = {r.path for r in router.routes if "GET" in r.methods and r.path not in no_data}
    assert pages and not {p for p in pages if "/api" + p not in api_paths}


def test_review_form_clears_a_condition(client) -> None:
    """An empty field is "no change" to the form parser; the "no condition" box clears it (issue 15)."""
    sid = _statement_id(client, "Lettland")
    assert next(s for s in client.store.statements() if s["id"] == sid)["condition"]
    login(client)
    page = client.get(f"/statements/{sid}").text
    assert 'name="clear_condition"' in page
    token = _csrf(page)
    row = next(s for s in client.store.statements() if s["id"] == sid)
    spans = row["evidence"] + row["condition"]  # the sample's condition lies beside its evidence: widen it
    whole = f"{min(a for a, _ in spans)}-{max(b for _, b in spans)}"
    keep = client.post(f"/statements/{sid}/review", data={"action": "edit", "csrf_token": token, "evidence": whole,
                                                           "agreement": "support", "condition": ""})
    assert keep.status_code == 303, keep.text[-600:]
    assert next(s for s in client.store.statements() if s["id"] == sid)["condition"]  # empty: unchanged
    r = client.post(f"/statements/{sid}/review", data={"action": "edit", "csrf_token": token, "agreement": "support",
                                                        "condition": "", "clear_condition": "on"})
    assert r.status_code == 303
    s = next(s for s in client.store.statements() if s["id"] == sid)
    assert s["condition"] == [] and s["agreement"] == "support"
    assert '<span class="hl hl-condition">' not in client.get(f"/statements/{sid}").text
    both = client.post(f"/statements/{sid}/review", data={"action": "edit", "csrf_token": token,
                                                           "condition": "3-9", "clear_condition": "on"})
    assert both.status_code == 400 and "condition" in both.text


def test_document_page_shows_each_quotations_actor(client) -> None:
    """The document page names the actor resolved for each quotation (issue 17), linked to its actor page, with
    the speaker's own words when they differ; a name with markup stays text."""
    from standpunkt.model import Actor, Analysis, Document, Quotation, Span

    text = 'Der Minister sagte: "Wir helfen." Sie sagte: "Nein."'
    doc = Document(text=text, title="Akteure", published=datetime(2024, 1, 3, tzinfo=timezone.utc))
    quotes = [Quotation("Direct", message=[Span(21, 32)], speaker=[Span(0, 12)], speaker_name="Der Minister",
                        actor=Actor("Gabrielius Landsbergis", role="Außenminister")),
              Quotation("Direct", message=[Span(46, 51)], speaker=[Span(34, 37)], speaker_name="Sie",
                        actor=Actor("<i>Unbekannt</i>", candidate=True))]
    client.store.save_analysis(Analysis(document=doc, quotations=quotes))
    actor_id = client.store.actors(name="Gabrielius Landsbergis")[0]["id"]
    html = client.get(f"/documents/{doc.id}").text
    assert f'<a href="/actors/{actor_id}">Gabrielius Landsbergis</a>' in html
    assert '<span class="meta">Der Minister</span>' in html
    assert "&lt;i&gt;Unbekannt&lt;/i&gt;" in html and "<i>Unbekannt" not in html
    assert client.get(f"/api/documents/{doc.id}").json()["quotations"][0]["actor"] == "Gabrielius Landsbergis"
