"""End to end in Debian's Chromium (Playwright): matrix → cell → highlighted evidence → review → matrix and export.

Every request the page makes is checked to go to the test server: the app must work offline (no CDN).
"""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import pytest

import httpx

from web_sample import CODEBOOK, EXAMPLE, TROOPS, LiveServer, build_store

CHROMIUM = Path(os.environ.get("STANDPUNKT_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
TIMEOUT_MS = 15_000
CODEBOOK_FILE = EXAMPLE.parent / "codebooks" / "bodentruppen.yaml"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"Chromium not installed at {CHROMIUM} "
                                                     "(Debian package 'chromium'; CI installs it)"),
]


@pytest.fixture
def site(tmp_path):
    from standpunkt.store.auth import add_user
    from standpunkt.web import create_app

    store = build_store(f"sqlite:///{tmp_path / 'web.db'}")
    add_user(store, "anna", "geheim-genug")
    server = LiveServer(create_app(store=store, secret_key="browser-test"))
    yield server, store
    server.stop()
    store.close()


def wait_until(page, expression: str, timeout_ms: float | None = None) -> None:  # noqa: ANN001
    """Wait until the page's JavaScript ``expression`` is true. Polled from Python with ``page.evaluate``:
    Playwright's ``wait_for_function`` polls a string predicate with ``eval`` inside the page, which the app's
    Content-Security-Policy (script-src 'self', no 'unsafe-eval') refuses once a first check has failed."""
    import time

    deadline = time.monotonic() + (timeout_ms or TIMEOUT_MS) / 1000
    while not page.evaluate(f"() => Boolean({expression})"):
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {expression}")
        page.wait_for_timeout(50)


@pytest.fixture
def browser_page():
    """A factory: a fresh Chromium page allowed to talk to one test server only (offline check)."""
    from playwright.sync_api import sync_playwright

    outside: list[str] = []
    errors: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)

        def open_page(server: LiveServer):  # noqa: ANN202
            context = browser.new_context(accept_downloads=True)
            context.set_default_timeout(TIMEOUT_MS)

            def only_local(route) -> None:  # noqa: ANN001
                if route.request.url.startswith(server.url):
                    route.continue_()
                else:
                    outside.append(route.request.url)
                    route.abort()

            context.route("**/*", only_local)
            page = context.new_page()
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            return page

        yield open_page
        assert not outside, f"the app requested resources from elsewhere: {outside}"
        assert not errors, f"JavaScript errors: {errors}"
        browser.close()


@pytest.fixture
def page(site, browser_page):
    return browser_page(site[0])


def _cell(page, actor: str, concept: str):  # noqa: ANN001, ANN202
    return page.locator(f'td.cell[data-actor="{actor}"][data-concept="{concept}"]')


def test_matrix_cell_evidence_review_and_export(site, page) -> None:
    from playwright.sync_api import expect

    server, store = site
    doc_id = store.documents()[0]["id"]
    matrix_url = f"/matrix?document={doc_id}&codebook={CODEBOOK}"

    # log in; the login form sends us back to the matrix of the example article
    page.goto(f"{server.url}/login?next={matrix_url.replace('&', '%26')}")
    page.fill("input[name=name]", "anna")
    page.fill("input[name=password]", "geheim-genug")
    page.click("form.login button[type=submit]")
    expect(page.locator("h1")).to_contain_text("Stance matrix")
    expect(page.locator("header .user")).to_have_text("anna")

    # the matrix: Scholz opposes ground troops, Landsbergis supports them
    scholz = _cell(page, "Olaf Scholz", TROOPS)
    expect(scholz).to_have_class("cell oppose")
    expect(_cell(page, "Gabrielius Landsbergis", TROOPS)).to_have_class("cell support")

    # clicking a cell loads its evidence (htmx) with the quotation's roles highlighted server-side
    scholz.locator("a").click()
    panel = page.locator("#evidence-panel")
    expect(panel.locator("h2")).to_contain_text("Olaf Scholz")
    evidence = panel.locator(".hl-evidence")
    expect(evidence.first).to_contain_text("keine Soldaten unserer Bundeswehr")
    expect(panel.locator(".hl-cue").first).to_have_text("erklärte")
    expect(panel.locator(".hl-speaker").first).to_have_text("Bundeskanzler Scholz")
    assert "cell_actor=Olaf" in page.url  # the cell is bookmarkable (hx-push-url)

    # review: Landsbergis' support is edited to conditional, Macron's statement is rejected
    _cell(page, "Gabrielius Landsbergis", TROOPS).locator("a").click()
    article = panel.locator("article.statement").first
    expect(article.locator(".actor")).to_have_text("Gabrielius Landsbergis")
    article.locator("summary").click()
    article.locator("select[name=agreement]").select_option("conditional")
    article.locator("input[name=comment]").fill("only if partners agree")
    article.locator("button[value=edit]").click()
    expect(_cell(page, "Gabrielius Landsbergis", TROOPS)).to_have_class("cell conditional")
    expect(page.locator("#evidence-panel article.statement .reviewed").first).to_contain_text("edited by anna")

    _cell(page, "Emmanuel Macron", TROOPS).locator("a").click()
    expect(panel.locator("h2")).to_contain_text("Emmanuel Macron")
    panel.locator("article.statement button[value=reject]").first.click()
    expect(page.locator("h1")).to_contain_text("Stance matrix")
    expect(_cell(page, "Emmanuel Macron", TROOPS)).to_have_count(0)
    expect(_cell(page, "Olaf Scholz", TROOPS)).to_have_class("cell oppose")  # untouched

    # the export of this view carries the reviewed values and the machine's originals
    with page.expect_download() as download:
        page.click("p.legend a:text('CSV')")
    text = Path(download.value.path()).read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    by_actor = {r["person"]: r for r in rows if r["concept"] == TROOPS}
    assert by_actor["Gabrielius Landsbergis"]["stance"] == "conditional"
    assert by_actor["Gabrielius Landsbergis"]["reviewed"] == "True"
    assert "Emmanuel Macron" not in by_actor
    assert by_actor["Olaf Scholz"]["stance"] == "oppose"
    assert by_actor["Olaf Scholz"]["reviewed"] == "False"
    assert "keine Soldaten unserer Bundeswehr" in by_actor["Olaf Scholz"]["text"]


def test_document_view_highlights_quotation_roles(site, page) -> None:
    from playwright.sync_api import expect

    server, store = site
    page.goto(f"{server.url}/documents")
    page.click("table.list a >> nth=0")
    text = page.locator(".doctext")
    expect(text.locator(".hl-speaker").first).to_be_visible()
    expect(text.locator(".hl-cue", has_text="betonte")).to_have_count(1)
    expect(text.locator(".hl-message", has_text="Um es klipp und klar zu sagen")).to_have_count(1)
    # speaker, cue and message look different
    styles = [text.locator(f".hl-{role}").first.evaluate("e => getComputedStyle(e).backgroundColor + "
                                                          "getComputedStyle(e).fontWeight")
              for role in ("speaker", "cue", "message")]
    assert len(set(styles)) == 3


def test_network_edge_click_shows_its_statements(site, page) -> None:
    from playwright.sync_api import expect

    server, store = site
    page.goto(f"{server.url}/network?mode=two-mode")
    wait_until(page, "window.standpunktNetwork && window.standpunktNetwork.edges().length > 0")
    page.evaluate("""() => {
        const cy = window.standpunktNetwork;
        const edge = cy.edges().filter(e => e.data('source') === 'a:Olaf Scholz'
                                          && e.data('target') === 'c:NATO als Kriegspartei')[0];
        edge.emit('tap');
    }""")
    panel = page.locator("#edge-panel")
    expect(panel.locator("article.statement")).to_have_count(1)
    expect(panel.locator(".hl-evidence")).to_contain_text("Die NATO werde nicht zur Kriegspartei werden")


@pytest.fixture
def analysed_site(tmp_path):
    """The store as a user gets it: `standpunkt analyze` on the example article with the ground-troops codebook."""
    from typer.testing import CliRunner

    from standpunkt.cli import app
    from standpunkt.store import Store
    from standpunkt.store.auth import add_user
    from standpunkt.web import create_app

    url = f"sqlite:///{tmp_path / 'analysed.db'}"
    result = CliRunner().invoke(app, ["analyze", str(EXAMPLE), "--codebook", str(CODEBOOK_FILE), "--db", url])
    assert result.exit_code == 0, result.output
    store = Store(url)
    add_user(store, "anna", "geheim-genug")
    server = LiveServer(create_app(store=store, secret_key="browser-test"))
    yield server, store
    server.stop()
    store.close()


def test_analysed_article_matrix_review_and_export(analysed_site, browser_page) -> None:
    """The same journey on what the pipeline found (nothing here assumes which statements that is)."""
    from playwright.sync_api import expect

    server, store = analysed_site
    page = browser_page(server)
    doc = store.documents()[0]
    text = store.get_document(doc["id"]).text
    assert doc["statements"] > 0, "the pipeline coded no statement in the example article"
    matrix = httpx.get(f"{server.url}/api/matrix", params={"document": doc["id"]}).json()
    first = max(matrix["cells"], key=lambda c: c["n"])
    actor, concept = first["actor"], first["concept"]

    page.goto(f"{server.url}/login?next=/matrix%3Fdocument%3D{doc['id']}")
    page.fill("input[name=name]", "anna")
    page.fill("input[name=password]", "geheim-genug")
    page.click("form.login button[type=submit]")
    cell = _cell(page, actor, concept)
    expect(cell).to_have_class(f"cell {first['category']}")
    cell.locator("a").click()
    panel = page.locator("#evidence-panel")
    expect(panel.locator("article.statement")).to_have_count(first["n"])
    evidence = panel.locator(".hl-evidence").first.inner_text()
    assert evidence.strip() and evidence in text  # highlighted characters are the article's own

    article = panel.locator("article.statement").first
    sid = int(article.get_attribute("data-statement"))
    old = article.locator(".badge").inner_text()
    new = "neutral" if old != "neutral" else "support"
    article.locator("summary").click()
    article.locator("select[name=agreement]").select_option(new)
    article.locator("button[value=edit]").click()
    expect(page.locator(f"#evidence-panel article[data-statement='{sid}'] .badge")).to_have_text(new)
    after = {(c["actor"], c["concept"]): c for c in
             httpx.get(f"{server.url}/api/matrix", params={"document": doc["id"]}).json()["cells"]}
    assert after[(actor, concept)][new] == first[new] + 1
    assert after[(actor, concept)][old] == first[old] - 1

    with page.expect_download() as download:
        page.click("p.legend a:text('CSV')")
    rows = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8")), delimiter=";"))
    mine = next(r for r in rows if int(r["statement_id"]) == sid)
    assert mine["stance"] == new and mine["reviewed"] == "True"
