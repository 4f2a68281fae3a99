"""Manual coding in Chromium (Playwright): select text → new statement, adjust spans by selecting, delete, a
colleague's statement is read-only, and a document's date edited on its page. Skips without Chromium, like
test_web_browser.py."""

from __future__ import annotations

import pytest

from test_web_browser import CHROMIUM, browser_page, site  # noqa: F401 (fixtures)
from web_sample import TROOPS, WAR_PARTY
from web_sample import select_text as select

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"Chromium not installed at {CHROMIUM}"),
]



def login(page, server, user: str = "anna", next_url: str = "/documents") -> None:
    from playwright.sync_api import expect

    page.goto(f"{server.url}/login?next={next_url}")
    page.fill("input[name=name]", user)
    page.fill("input[name=password]", "geheim-genug")
    page.click("form.login button[type=submit]")
    expect(page.locator("header .user")).to_have_text(user)


def span(text: str, phrase: str) -> list[int]:
    start = text.index(phrase)
    return [start, start + len(phrase)]


@pytest.fixture
def page(site, browser_page):  # noqa: F811 (the imported fixture)
    return browser_page(site[0])


def test_select_text_to_code_adjust_and_delete(site, page) -> None:
    from playwright.sync_api import expect

    server, store = site
    doc = store.get_document(store.documents()[0]["id"])
    login(page, server, next_url=f"/documents/{doc.id}")
    coder = page.locator("#coder")
    expect(coder.locator("#code-evidence-text")).to_have_text("select text")

    # select the sentence: it becomes the evidence; a sub-phrase becomes the condition
    sentence = "sein Land lehne einen solchen Einsatz nicht grundsätzlich ab, sofern sich westliche Soldaten"
    select(page, sentence)
    expect(coder.locator("#code-evidence-text")).to_have_text(sentence)
    select(page, "sofern sich westliche Soldaten")
    coder.locator("button[data-span=condition]").click()
    expect(coder.locator("#code-condition-text")).to_have_text("sofern sich westliche Soldaten")
    coder.locator("#code-actor").fill("Litauen")  # a new actor, typed
    coder.locator("#code-concept").fill(TROOPS)  # a known concept, picked from the list
    coder.locator("#code-agreement").select_option("conditional")
    coder.locator("#code-save").click()
    expect(page).to_have_url(__import__("re").compile(r"#statement-\d+$"))
    sid = int(page.url.rsplit("-", 1)[1])
    article = page.locator(f"#statement-{sid}")
    expect(article.locator(".coded.manual")).to_have_text("coded by anna")
    s = store.statements(statement_ids=[sid])[0]
    assert (s["actor"], s["concept"], s["agreement"], s["origin"], s["coder"]) == (
        "Litauen", TROOPS, "conditional", "manual", "anna")
    assert s["evidence"] == [span(doc.text, sentence)]
    assert s["condition"] == [span(doc.text, "sofern sich westliche Soldaten")]

    # adjust the evidence by selecting other text and taking it into the statement's edit form
    longer = "Einsatz nicht grundsätzlich ab, sofern sich westliche Soldaten nicht an direkten Kampfhandlungen"
    article.locator("summary").click()
    select(page, longer)
    article.locator("button.from-selection[data-field=evidence]").click()
    article.locator("button[value=edit]").click()
    expect(page.locator(f"#statement-{sid} .reviewed")).to_contain_text("edited by anna")
    s = store.statements(statement_ids=[sid])[0]
    assert s["evidence"] == [span(doc.text, longer)]
    assert s["condition"] == [span(doc.text, "sofern sich westliche Soldaten")]

    # delete it
    page.on("dialog", lambda dialog: dialog.accept())
    page.locator(f"#statement-{sid} form.delete button").click()
    expect(page.locator(f"#statement-{sid}")).to_have_count(0)
    assert store.statements(statement_ids=[sid]) == []


def test_a_colleagues_statement_is_read_only_and_metadata_is_editable(site, page) -> None:
    from playwright.sync_api import expect

    from standpunkt.store.auth import add_user
    from standpunkt.store.coding import code_statement

    server, store = site
    add_user(store, "ben", "geheim-genug")
    doc = store.get_document(store.documents()[0]["id"])
    sid = code_statement(store, doc.id, "ben", actor="Olaf Scholz", concept=WAR_PARTY, agreement="oppose",
                         evidence=[span(doc.text, "Die NATO werde nicht zur Kriegspartei werden")])
    login(page, server, next_url=f"/documents/{doc.id}")
    article = page.locator(f"#statement-{sid}")
    expect(article.locator(".coded.manual")).to_have_text("coded by ben")
    expect(article.locator("form.review")).to_have_count(0)
    expect(article).to_contain_text("Only ben may change")

    page.locator("#edit-metadata summary").click()
    page.fill("#edit-metadata input[name=published]", "2024-03-04")
    page.fill("#edit-metadata input[name=outlet]", "Deutschlandfunk")
    page.click("#edit-metadata button[type=submit]")
    expect(page.locator("p.meta")).to_contain_text("Deutschlandfunk · 2024-03-04")
    assert {s["date"].isoformat() for s in store.statements(document_id=doc.id)} == {"2024-03-04"}


def test_merge_actors_on_the_actor_page(site, page) -> None:
    from playwright.sync_api import expect

    from standpunkt.store.coding import code_statement

    server, store = site
    doc = store.get_document(store.documents()[0]["id"])
    sid = code_statement(store, doc.id, "anna", actor="Kanzler Scholz", concept=WAR_PARTY, agreement="oppose",
                         evidence=[span(doc.text, "Die NATO werde nicht zur Kriegspartei werden")])
    candidate = next(a for a in store.actors() if a["name"] == "Kanzler Scholz")
    login(page, server, next_url=f"/actors/{candidate['id']}")
    # set the candidate's party first: the change is listed on the page
    page.locator("#edit-actor summary").click()
    page.fill("#edit-actor input[name=party]", "SPD")
    page.click("#edit-actor button[type=submit]")
    expect(page.locator("table.actor-edits")).to_contain_text("party: – → SPD")
    # merge it into Olaf Scholz
    page.on("dialog", lambda dialog: dialog.accept())
    page.locator("#merge-actor summary").click()
    page.fill("#merge-actor input[name=into]", "Olaf Scholz")
    page.click("#merge-actor button[type=submit]")
    expect(page.locator("h1")).to_contain_text("Olaf Scholz")
    expect(page.locator("table.actor-edits")).to_contain_text("merged Kanzler Scholz into Olaf Scholz (1 statements)")
    expect(page.locator(f"#statement-{sid} .actor")).to_have_text("Olaf Scholz")
    assert "Kanzler Scholz" not in {a["name"] for a in store.actors()}


def test_coder_permissions_in_the_page(site, browser_page) -> None:  # noqa: F811 (the imported fixture)
    from playwright.sync_api import expect

    from standpunkt.store.auth import add_user
    from standpunkt.store.coding import code_statement

    server, store = site
    add_user(store, "ben", "geheim-genug", role="coder")
    add_user(store, "vic", "geheim-genug", role="viewer")
    add_user(store, "ada", "geheim-genug", role="admin")
    doc = store.get_document(store.documents()[0]["id"])
    sid = code_statement(store, doc.id, "ben", actor="Olaf Scholz", concept=WAR_PARTY, agreement="oppose",
                         evidence=[span(doc.text, "Die NATO werde nicht zur Kriegspartei werden")])
    url = f"/documents/{doc.id}"
    # a viewer: no coding panel, no review forms, no metadata form
    page = browser_page(server)
    login(page, server, "vic", url)
    expect(page.locator("#code-form")).to_have_count(0)
    expect(page.locator("form.review")).to_have_count(0)
    expect(page.locator("#edit-metadata")).to_have_count(0)
    # another coder: codes and reviews machine statements, but ben's statement is read-only
    page = browser_page(server)
    login(page, server, "anna", url)
    expect(page.locator("#code-form")).to_have_count(1)
    expect(page.locator(f"#statement-{sid} form.review")).to_have_count(0)
    expect(page.locator(f"#statement-{sid}")).to_contain_text("Only ben may change")
    # an admin may change it
    page = browser_page(server)
    login(page, server, "ada", url)
    article = page.locator(f"#statement-{sid}")
    article.locator("button[value=accept]").click()
    expect(page.locator(f"#statement-{sid} .reviewed")).to_contain_text("accepted by ada")
