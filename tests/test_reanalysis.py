"""Reviews and hand-coded statements survive re-analysis (issue 15): as a user does it, with `standpunkt analyze`
on the example article, reviews over the JSON API, and the store read back through `standpunkt statements`."""

from __future__ import annotations

import json
from collections import Counter

import httpx
import pytest
from typer.testing import CliRunner

from conftest import EXAMPLE, REPO
from web_sample import LiveServer

from standpunkt.cli import app

CODEBOOK = REPO / "examples" / "codebooks" / "bodentruppen.yaml"
runner = CliRunner()


def _cli(*args: str, input: str | None = None):  # noqa: A002
    return runner.invoke(app, list(args), input=input)


def _statements(db: str) -> list[dict]:
    out = _cli("statements", "--db", db, "--format", "jsonl")
    assert out.exit_code == 0, out.output
    return [json.loads(line) for line in out.stdout.splitlines()]


def _keys(rows: list[dict]) -> Counter:
    return Counter((r["actor"], r["concept"], r["evidence_text"]) for r in rows)


@pytest.fixture
def reviewed(tmp_path):
    """The example analysed with its codebook; Scholz's statement accepted, Landsbergis's "support" edited to
    "oppose", the Spain statement rejected — all through the API with a token, as a script would."""
    from standpunkt.web import create_app

    db = f"sqlite:///{tmp_path / 'sp.db'}"
    assert _cli("analyze", str(EXAMPLE), "--codebook", str(CODEBOOK), "--db", db).exit_code == 0
    assert _cli("user", "add", "anna", "--db", db, "--password-stdin", input="ein-langes-passwort\n").exit_code == 0
    token = _cli("token", "create", "anna", "--db", db).stdout.strip()
    before = _statements(db)
    live = LiveServer(create_app(db, secret_key="t"))
    try:
        with httpx.Client(base_url=live.url, headers={"Authorization": f"Bearer {token}"}) as http:
            def find(actor: str, concept: str = "bodentruppen") -> dict:
                [row] = [r for r in before if r["actor"] == actor and r["concept"] == concept]
                return row

            for sid, body in ((find("Olaf Scholz")["id"], {"action": "accept"}),
                              (find("Gabrielius Landsbergis")["id"], {"action": "edit", "agreement": "oppose"}),
                              (find("Spanien")["id"], {"action": "reject"})):
                r = http.post(f"/api/statements/{sid}/review", json=body)
                assert r.status_code == 200, r.text
    finally:
        live.stop()
    return db, before


def test_reanalysis_with_the_codebook_neither_drops_nor_doubles_reviewed_statements(reviewed):
    db, before = reviewed
    again = _cli("analyze", str(EXAMPLE), "--codebook", str(CODEBOOK), "--db", db, "--force")
    assert again.exit_code == 0, again.output
    after = _statements(db)
    assert max(_keys(after).values()) == 1  # no statement twice
    assert len(after) == len(before) - 1  # the rejected one stays rejected, nothing came back beside it
    landsbergis = [r for r in after if r["actor"] == "Gabrielius Landsbergis" and r["concept"] == "bodentruppen"]
    assert [(r["agreement"], r["reviewed"]) for r in landsbergis] == [("oppose", True)]
    assert not any(r["actor"] == "Spanien" for r in after)
    assert sum(r["reviewed"] for r in after) == 2


def test_reanalysis_without_the_codebook_refuses_then_keeps_the_reviews(reviewed):
    db, before = reviewed
    refused = _cli("analyze", str(EXAMPLE), "--db", db)
    assert refused.exit_code == 1
    assert "--force" in refused.output and "bodentruppen.yaml" in refused.output
    assert "Traceback" not in refused.output
    assert len(_statements(db)) == len(before) - 1  # nothing removed

    forced = _cli("analyze", str(EXAMPLE), "--db", db, "--force")
    assert forced.exit_code == 0, forced.output
    kept = _statements(db)
    assert sorted(r["actor"] for r in kept) == ["Gabrielius Landsbergis", "Olaf Scholz"]  # the reviewed ones

    recoded = _cli("analyze", str(EXAMPLE), "--codebook", str(CODEBOOK), "--db", db)
    assert recoded.exit_code == 0, recoded.output
    after = _statements(db)
    assert max(_keys(after).values()) == 1
    assert len(after) == len(before) - 1
    assert sum(r["reviewed"] for r in after) == 2
