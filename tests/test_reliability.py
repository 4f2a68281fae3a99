"""Inter-coder reliability: Krippendorff's alpha and Cohen's kappa against known values, and `standpunkt agreement`,
/api/agreement and /agreement on a store where two people and the machine coded the same article."""

from __future__ import annotations

import json

import httpx
import pytest
from typer.testing import CliRunner

from standpunkt.analysis.reliability import cohen_kappa, krippendorff_alpha, reliability
from web_sample import TROOPS, WAR_PARTY, LiveServer, build_store


def test_alpha_matches_krippendorffs_nominal_example() -> None:
    # Krippendorff (2011), "Computing Krippendorff's alpha-reliability", 4 coders x 12 units, nominal: 0.743
    coders = ["1 2 3 3 2 1 4 1 2 . . .", "1 2 3 3 2 2 4 1 2 5 . 3", ". 3 3 3 2 3 4 2 2 5 1 .",
              "1 2 3 3 2 4 4 1 2 5 1 ."]
    units = [[v for v in col if v != "."] for col in zip(*(c.split() for c in coders))]
    assert krippendorff_alpha(units) == pytest.approx(0.7434, abs=1e-4)
    assert krippendorff_alpha([["a", "a"], ["b", "b"]]) == 1.0
    assert krippendorff_alpha([["a", "a"], ["a", "a"]]) is None  # one value only: undefined
    assert krippendorff_alpha([["a"], ["b"]]) is None  # nothing coded twice


def test_kappa_matches_scikit_learn() -> None:
    from sklearn.metrics import cohen_kappa_score

    a = ["support", "oppose", "oppose", "neutral", "support", "conditional", "support", "oppose"]
    b = ["support", "oppose", "support", "neutral", "support", "support", "support", "neutral"]
    assert cohen_kappa(a, b) == pytest.approx(cohen_kappa_score(a, b))
    assert cohen_kappa([], []) is None
    assert cohen_kappa(["x", "x"], ["x", "x"]) is None


def test_pairs_count_units_coded_by_one_coder_only() -> None:
    values = {"machine": {("d", "A", "c"): "support", ("d", "B", "c"): "oppose"},
              "ben": {("d", "A", "c"): "support", ("d", "C", "c"): "neutral"}}
    out = reliability(values)
    assert [c["coder"] for c in out["coders"]] == ["machine", "ben"]
    pair = out["pairs"][0]
    assert (pair["coder_a"], pair["both"], pair["only_a"], pair["only_b"], pair["agreement"]) == (
        "machine", 1, 1, 1, 1.0)
    assert out["units"] == 3 and out["coded_twice"] == 1


@pytest.fixture
def coded_store(tmp_path):
    from standpunkt.store.coding import code_statement
    from standpunkt.web.review import ReviewInput, apply_review

    store = build_store(f"sqlite:///{tmp_path / 'rel.db'}")
    doc = store.get_document(store.documents()[0]["id"])

    def span(phrase: str) -> list[list[int]]:
        start = doc.text.index(phrase)
        return [[start, start + len(phrase)]]

    # the machine says: Anušauskas conditional, Scholz oppose (troops), Scholz oppose (war party), ...
    code_statement(store, doc.id, "ben", actor="Arvydas Anušauskas", concept=TROOPS, agreement="conditional",
                   evidence=span("sein Land lehne einen solchen Einsatz nicht grundsätzlich ab"))
    code_statement(store, doc.id, "cora", actor="Arvydas Anušauskas", concept=TROOPS, agreement="support",
                   evidence=span("sein Land lehne einen solchen Einsatz nicht grundsätzlich ab"))
    code_statement(store, doc.id, "cora", actor="Olaf Scholz", concept=WAR_PARTY, agreement="oppose",
                   evidence=span("Die NATO werde nicht zur Kriegspartei werden"))
    scholz = next(s for s in store.statements() if s["actor"] == "Olaf Scholz" and s["concept"] == TROOPS)
    apply_review(store, scholz["id"], "ben", ReviewInput(action="accept"))
    macron = next(s for s in store.statements() if s["actor"] == "Emmanuel Macron")
    apply_review(store, macron["id"], "ben", ReviewInput(action="edit", agreement="conditional"))
    yield store, doc
    store.close()


def _pair(result: dict, a: str, b: str) -> dict:
    return next(p for p in result["pairs"] if {p["coder_a"], p["coder_b"]} == {a, b})


def test_agreement_command_and_web(coded_store) -> None:
    from standpunkt.cli import app
    from standpunkt.web import create_app

    store, doc = coded_store
    r = CliRunner().invoke(app, ["agreement", "--db", store.url, "--format", "json"])
    assert r.exit_code == 0, r.output
    result = json.loads(r.output)
    assert [c["coder"] for c in result["coders"]] == ["machine", "ben", "cora"]
    machine_ben = _pair(result, "machine", "ben")
    # ben: Anušauskas conditional (= machine), Scholz accepted (=), Macron edited to conditional (machine: support)
    assert (machine_ben["both"], machine_ben["agreement"]) == (3, pytest.approx(2 / 3, abs=1e-4))
    ben_cora = _pair(result, "ben", "cora")
    assert (ben_cora["both"], ben_cora["agreement"], ben_cora["only_b"]) == (1, 0.0, 1)
    troops = next(c for c in result["per_concept"] if c["concept"] == TROOPS)
    assert troops["coded_twice"] == 3 and troops["alpha"] is not None
    r = CliRunner().invoke(app, ["agreement", "--db", store.url])
    assert r.exit_code == 0 and "Krippendorff's alpha" in r.output and "machine" in r.output
    r = CliRunner().invoke(app, ["agreement", "--db", store.url, "--format", "xml"])
    assert r.exit_code == 1 and "unknown format" in r.output
    live = LiveServer(create_app(store=store, secret_key="rel"))
    try:
        with httpx.Client(base_url=live.url) as http:
            assert http.get("/api/agreement").json() == result
            page = http.get("/agreement")
            assert page.status_code == 200 and "Cohen" in page.text and "cora" in page.text
            assert http.get("/api/agreement", params={"document": doc.id[:8]}).json()["units"] == result["units"]
    finally:
        live.stop()
