"""`standpunkt extract` and `standpunkt evaluate quotes` as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from standpunkt.cli import app

ROOT = Path(__file__).resolve().parent.parent
BODENTRUPPEN = ROOT / "examples" / "bodentruppen.txt"
GOLD_DIR = Path(__file__).parent / "data" / "speech" / "gold"
runner = CliRunner()


def test_extract_jsonl_schema_and_offsets(tmp_path: Path) -> None:
    result = runner.invoke(app, ["extract", str(BODENTRUPPEN), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    assert len(lines) == 1
    record = json.loads(lines[0])
    assert record["source"].endswith("bodentruppen.txt")
    text = record["text"]
    assert text == BODENTRUPPEN.read_text(encoding="utf-8")
    assert record["quotations"]
    for q in record["quotations"]:
        assert {"form", "medium", "message", "cue", "speaker", "addressee", "frame", "speaker_name"} <= set(q)
        for role in ("message", "cue", "speaker", "addressee", "frame"):
            for start, end in q[role]:
                assert 0 <= start < end <= len(text)
        for start, end in q["message"]:  # no message piece starts or ends in blank lines (issue 15)
            assert text[start:end] == text[start:end].strip(), (q["speaker_name"], text[start:end])
    names = {q["speaker_name"] for q in record["quotations"]}
    assert {"Landsbergis", "Anusauskas", "Scholz", "Macron", "Séjourné"} <= names
    assert "Ein Sprecher des Außenministeriums in Riga" in names
    landsbergis = [q for q in record["quotations"] if q["speaker_name"] == "Landsbergis"]
    assert any("gemeinsam agieren" in text[s:e] for q in landsbergis for s, e in q["message"])
    # every quotation carries its speaker's resolved actor, without a codebook (issue 17)
    assert {q["actor"]["name"] for q in landsbergis} == {"Gabrielius Landsbergis"}
    assert landsbergis[0]["actor"]["kind"] == "person" and landsbergis[0]["actor"]["country"] == "Litauen"
    actors = {q["speaker_name"]: q["actor"] for q in record["quotations"]}
    assert actors["Scholz"]["name"] == "Olaf Scholz" and actors["Scholz"]["party"] == "SPD"
    assert actors["Großbritannien, Spanien und Schweden"] is None  # several countries: no single actor
    assert "statements" not in record


def test_extract_several_files_and_a_bad_one(tmp_path: Path) -> None:
    good = tmp_path / "a.txt"
    good.write_text("„Wir helfen“, sagte Scholz. Die Lage sei ernst, erklärte Merz.", encoding="utf-8")
    empty = tmp_path / "b.txt"
    empty.write_text("", encoding="utf-8")
    unbalanced = tmp_path / "c.txt"
    unbalanced.write_text("Er sagte: „Das ist gut. Und »dann noch mehr. Ende", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(good), str(empty), str(unbalanced), str(tmp_path / "missing.txt")])
    assert result.exit_code == 1  # some input failed, the rest was still written
    records = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert [Path(r["source"]).name for r in records] == ["a.txt", "c.txt"]
    speakers = {q["speaker_name"] for q in records[0]["quotations"]}
    assert {"Scholz", "Merz"} <= speakers
    assert "Traceback" not in result.output
    assert "b.txt" in result.stderr and "missing.txt" in result.stderr


def test_extract_unknown_format() -> None:
    result = runner.invoke(app, ["extract", str(BODENTRUPPEN), "--format", "xml"])
    assert result.exit_code != 0
    assert "jsonl" in result.output


def test_evaluate_quotes_prints_scores_and_per_form_breakdown() -> None:
    result = runner.invoke(app, ["evaluate", "quotes", str(GOLD_DIR)])
    assert result.exit_code == 0, result.output
    out = result.stdout
    for word in ("message", "roles", "joint", "form", "medium", "speaker accuracy", "Indirect"):
        assert word in out
    result = runner.invoke(app, ["evaluate", "quotes", str(GOLD_DIR), "--json"])
    scores = json.loads(result.stdout)
    assert scores["documents"] == 1 and scores["gold"] == 1
    # "Scholz sagte, er komme morgen." is found exactly: message, cue, speaker
    assert scores["message"]["f1"] > 50
    assert scores["per_role"]["cue"]["recall"] == 100.0


def test_evaluate_quotes_bad_directory(tmp_path: Path) -> None:
    result = runner.invoke(app, ["evaluate", "quotes", str(tmp_path)])
    assert result.exit_code == 1
    assert "no *.json gold files" in result.output
    assert "Traceback" not in result.output
