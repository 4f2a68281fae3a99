"""The analysis pages and their JSON twins over the nuclear phase-out data, reviews included."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CLAIMS = REPO.parent / "shared" / "data" / "dna-nuclear" / "claims.csv"
MAPPING = REPO / "examples" / "dna-nuclear-mapping.yaml"
pytestmark = [pytest.mark.skipif(not CLAIMS.is_file(), reason="../shared/data/dna-nuclear not present"),
              pytest.mark.filterwarnings("ignore:Using `httpx` with `starlette.testclient`")]
ORGS = {"aggregate": "organisation"}
MARCH = {"date_to": "2011-03-31"}  # the heavier analyses on the first three weeks keep the test quick


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    from fastapi.testclient import TestClient

    from standpunkt.export.records import import_file
    from standpunkt.store import Store
    from standpunkt.web import create_app

    store = Store(f"sqlite:///{tmp_path_factory.mktemp('web') / 'n.db'}")
    import_file(store, CLAIMS, mapping=MAPPING)
    with TestClient(create_app(store=store, secret_key="analyses-test")) as c:
        c.store = store
        yield c
    store.close()


@pytest.mark.parametrize("name,params", [
    ("polarization", {}), ("polarization", {"window": "weeks", "size": "2"}), ("backbone", MARCH),
    ("clusters", {"k": "3", **MARCH}), ("phases", {"window": "days", "size": "4", **MARCH}),
    ("scaling", {"dimensions": "1"}),
])
def test_page_picture_and_json_twin(client, name, params):
    params = {**ORGS, **params}
    page = client.get(f"/analysis/{name}", params=params)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert f'src="/api/analysis/{name}.svg?' in page.text and "<table" in page.text
    data = client.get(f"/api/analysis/{name}", params=params)
    assert data.status_code == 200 and data.json()["analysis"] == ("scaling" if name == "scaling" else name)
    picture = client.get(f"/api/analysis/{name}.svg", params=params)
    assert picture.headers["content-type"] == "image/svg+xml" and b"<svg" in picture.content[:500]


def test_index_and_errors(client):
    assert "/analysis/backbone" in client.get("/analysis").text
    assert len(client.get("/api/analysis").json()["analyses"]) == 5
    bad = client.get("/api/analysis/nonsense")
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "bad_request"
    assert client.get("/api/analysis/phases", params={"window": "fortnights"}).status_code == 400
    empty = client.get("/api/analysis/scaling", params={"actor": "Nobody"})
    assert empty.status_code == 400 and "no statements" in empty.json()["error"]["message"]
    assert "no statements" in client.get("/analysis/scaling", params={"actor": "Nobody"}).text  # page says why


def test_scaling_sides_and_reviews_count(client):
    from standpunkt.web.review import ReviewInput, apply_review

    data = client.get("/api/analysis/scaling", params=ORGS).json()
    dim1 = {a["actor"]: a["dim1"] for a in data["actors"]}
    assert (dim1["RWE"] > 0) == (dim1["Eon"] > 0) != (dim1["Grüne"] > 0) == (dim1["LINKE"] > 0)
    before = client.get("/api/analysis/polarization", params=ORGS).json()["windows"][0]["statements"]
    sid = next(s["id"] for s in client.store.statements() if s["actor"] == "Angela Merkel")
    apply_review(client.store, sid, "tester", ReviewInput(action="reject"))
    after = client.get("/api/analysis/polarization", params=ORGS).json()["windows"][0]["statements"]
    assert after == before - 1  # a rejected statement leaves the analysis
