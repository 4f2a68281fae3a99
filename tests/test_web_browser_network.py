"""The network page's controls in Chromium (Playwright): communities coloured, aggregation level, edge-weight
threshold, concept picker, conditional edges drawn differently, and the download of exactly what is shown."""

from __future__ import annotations

import io

import networkx as nx
import pytest

from test_web_browser import CHROMIUM, browser_page, site, wait_until  # noqa: F401 (fixtures)
from web_sample import TROOPS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"Chromium not installed at {CHROMIUM}"),
]
READY = "window.standpunktNetwork && window.standpunktNetwork.nodes().length > 0"


@pytest.fixture
def page(site, browser_page):  # noqa: F811 (the imported fixture)
    return browser_page(site[0])


def test_network_controls(site, page) -> None:
    from playwright.sync_api import expect

    server, _ = site
    page.goto(f"{server.url}/network?mode=two-mode")
    wait_until(page, READY)
    # conditional and support edges look different (dashed vs solid)
    styles = page.evaluate("""() => {
        const cy = window.standpunktNetwork, out = {};
        cy.edges().forEach(e => { out[e.data('type')] = e.style('line-style') + ' ' + e.style('line-color'); });
        return out; }""")
    assert styles["support"] != styles["conditional"] and styles["conditional"].startswith("dashed")
    # laid out by the server (preset positions), nodes coloured by community
    colours = page.evaluate("() => new Set(window.standpunktNetwork.nodes().map(n => n.style('background-color'))).size")
    assert colours >= 2

    # aggregate to countries, keep edges of weight 2 or more
    page.select_option("select[name=level]", "country")
    page.fill("input[name=min_weight]", "2")
    page.click("form.filters button[type=submit]")
    wait_until(page, READY)
    assert "level=country" in page.url and "min_weight=2" in page.url
    labels = page.evaluate("() => window.standpunktNetwork.nodes().map(n => n.data('label'))")
    assert "Litauen" in labels and "Olaf Scholz" not in labels
    edges = page.evaluate("() => window.standpunktNetwork.edges().map(e => [e.data('source'), e.data('target')])")
    assert edges == [["a:Litauen", f"c:{TROOPS}"]]
    # clicking the aggregated edge shows the statements of both Lithuanian ministers
    page.evaluate("() => window.standpunktNetwork.edges()[0].emit('tap')")
    expect(page.locator("#edge-panel article.statement")).to_have_count(2)

    # the download holds exactly this network
    with page.expect_download() as download:
        page.click("a.download-graphml")
    g = nx.read_graphml(io.BytesIO(open(download.value.path(), "rb").read()))
    assert [(g.nodes[s]["label"], g.nodes[t]["label"]) for s, t in g.edges()] in (
        [("Litauen", TROOPS)], [(TROOPS, "Litauen")])

    # the concept picker narrows the network to one concept
    page.goto(f"{server.url}/network?mode=two-mode")
    wait_until(page, READY)
    page.select_option("select[name=concept]", [TROOPS])
    page.click("form.filters button[type=submit]")
    wait_until(page, READY)
    concepts = page.evaluate("() => window.standpunktNetwork.nodes('[kind = \"concept\"]').map(n => n.data('label'))")
    assert concepts == [TROOPS]
    # labels can be switched off
    page.uncheck("#show-labels")
    assert page.evaluate("() => window.standpunktNetwork.nodes()[0].style('label')") == ""
