"""`standpunkt evaluate language` at the user's level (a CI-sized slice of the held-out data)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from standpunkt.cli import app

REPO = Path(__file__).resolve().parents[1]
UD = REPO.parent / "shared" / "data" / "ud-german"
GERMEVAL = REPO.parent / "shared" / "data" / "germeval2014"
LINE = re.compile(r"^([a-z0-9=\- ]+): (\d+\.\d{4})$")

needs_data = pytest.mark.skipif(not (UD.is_dir() and GERMEVAL.is_dir()), reason="../shared/data not present")


@needs_data
def test_evaluate_language_slice_prints_one_figure_per_line():
    result = CliRunner().invoke(app, ["evaluate", "language", "--ud-dir", str(UD), "--germeval-dir", str(GERMEVAL),
                                      "--limit", "40"])
    assert result.exit_code == 0, result.output
    figures = {}
    for line in result.stdout.strip().splitlines():
        m = LINE.match(line)
        assert m, f"not '<name>: <value>': {line!r}"
        figures[m.group(1)] = float(m.group(2))
    for name in ("gsd stts accuracy", "gsd lemma accuracy", "pud upos accuracy", "pud mood=sub f1",
                 "pud konjunktiv1 f1", "gsd mood=sub f1", "pud sentence boundary f1",
                 "germeval-heldout ner per f1", "germeval-heldout ner all f1"):
        assert name in figures
    assert all(0.0 <= v <= 1.0 for v in figures.values())
    # Even on 40 sentences the layer is far from chance: these floors catch a broken tagger, mood or NER.
    assert figures["gsd stts accuracy"] > 0.85
    assert figures["pud sentence boundary f1"] > 0.9
    assert figures["germeval-heldout ner all f1"] > 0.4


def test_evaluate_language_missing_data_is_one_line_error(tmp_path):
    result = CliRunner().invoke(app, ["evaluate", "language", "--ud-dir", str(tmp_path / "nope"),
                                      "--germeval-dir", str(tmp_path)])
    assert result.exit_code == 1
    assert "UD German folder not found" in result.output
    assert "Traceback" not in result.output


def test_evaluate_language_bad_conllu_is_one_line_error(tmp_path):
    ud = tmp_path / "ud"
    ud.mkdir()
    (ud / "de_gsd-ud-test.conllu").write_text("# sent_id = x\n1\tbroken line\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["evaluate", "language", "--ud-dir", str(ud), "--germeval-dir", str(tmp_path)])
    assert result.exit_code == 1
    assert "malformed CoNLL-U line" in result.output
