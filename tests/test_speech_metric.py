"""The quotation metric against numbers computed by hand, and the gold-file reader."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from standpunkt.errors import InputError
from standpunkt.evaluate.quotes import (Group, QuoteScorer, evaluate_documents, gold_groups, match_groups,
                                        system_groups)
from standpunkt.model import Quotation, Span
from standpunkt.corpora.quotes import iter_gold_dir, read_gold_file

FIXTURE = Path(__file__).parent / "data" / "speech" / "gold" / "fixture.json"
# "Scholz sagte, er komme morgen. Merz schwieg."
#  0      7    12 14 17    23    29 31   36     43


def test_reader_gives_token_sets_and_char_spans() -> None:
    doc = read_gold_file(FIXTURE)
    assert doc.text.startswith("Scholz sagte")
    assert len(doc.tokens) == 10
    (q,) = doc.quotations
    assert q.form == "Indirect" and q.medium == "Speech"
    assert q.roles["message"] == {3, 4, 5}
    assert q.roles["speaker"] == {0} and q.roles["cue"] == {1} and q.roles["frame"] == {0, 1, 2}
    assert q.quotation.message == [Span(14, 29)]
    assert doc.token_ids([Span(15, 18)]) == {3, 4}  # partial overlap counts


def test_hand_computed_scores() -> None:
    doc = read_gold_file(FIXTURE)
    system = [
        # message "komme morgen ." : 2 TP, 1 FP, 1 FN; cue TP; speaker missing (FN); frame "Scholz sagte" 2 TP 1 FN
        Quotation(form="Indirect", medium="Writing", message=[Span(17, 30)], cue=[Span(7, 12)],
                  frame=[Span(0, 12)]),
        # a spurious quotation: 2 FP message tokens, no roles
        Quotation(form="Reported", medium="Speech", message=[Span(31, 43)]),
    ]
    scorer = QuoteScorer()
    scorer.add(gold_groups(doc), system_groups(doc, system))
    s = scorer.result()
    # message: P = (2/3 + 0) / 2 = 1/3, R = 2/3 (the spurious group has no defined recall)
    assert s.message.precision == pytest.approx(1 / 3)
    assert s.message.recall == pytest.approx(2 / 3)
    assert s.message.f1 == pytest.approx(4 / 9)
    # roles: P over cue 1, frame 1 -> 1; R over cue 1, speaker 0, frame 2/3 -> 5/9
    assert s.roles.precision == pytest.approx(1.0)
    assert s.roles.recall == pytest.approx(5 / 9)
    assert s.roles.f1 == pytest.approx(10 / 14)
    # joint: P = (2/3 + 0 + 1 + 1) / 4 = 2/3, R = (2/3 + 1 + 0 + 2/3) / 4 = 7/12
    assert s.joint.precision == pytest.approx(2 / 3)
    assert s.joint.recall == pytest.approx(7 / 12)
    assert s.joint.f1 == pytest.approx(28 / 45)
    # form: 1 correct matched pair; 2 system, 1 gold.  medium: wrong.
    assert (s.form.precision, s.form.recall) == (pytest.approx(0.5), pytest.approx(1.0))
    assert s.medium.f1 == 0.0
    assert s.speaker_accuracy == 0.0
    assert (s.n_gold, s.n_system, s.n_matched) == (1, 2, 1)
    assert s.per_form["Reported"]["system"] == 1 and s.per_form["Indirect"]["matched"] == 1


def test_gold_against_itself_is_perfect() -> None:
    docs = list(iter_gold_dir(FIXTURE.parent))
    by_text = {d.text: [q.quotation for q in d.quotations] for d in docs}
    s = evaluate_documents(docs, lambda text: by_text[text])
    assert s.joint.f1 == pytest.approx(1.0) and s.speaker_accuracy == 1.0


def test_matching_is_one_to_one_and_prefers_equal_form() -> None:
    def g(tokens: set[int], form: str) -> Group:
        return Group(roles={"message": frozenset(tokens), "cue": frozenset(), "speaker": frozenset(),
                            "addressee": frozenset(), "frame": frozenset()}, form=form, medium="Speech")

    gold = [g({1, 2, 3}, "Direct"), g({1, 2, 3}, "Indirect")]
    system = [g({1, 2, 3}, "Indirect")]
    pairs = match_groups(gold, system)
    assert (1, 0) in pairs and (0, None) in pairs
    # no overlap, no match: both sides pair with the empty group
    assert sorted(match_groups([g({1}, "Direct")], [g({5}, "Direct")]), key=str) == [(0, None), (None, 0)]


def test_bad_gold_input_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(InputError, match="not valid JSON"):
        read_gold_file(tmp_path / "a.json")
    (tmp_path / "a.json").write_text(json.dumps({"foo": 1}), encoding="utf-8")
    with pytest.raises(InputError, match="not a quotes-de-news gold file"):
        read_gold_file(tmp_path / "a.json")
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(InputError, match="no \\*.json"):
        list(iter_gold_dir(empty))
    with pytest.raises(InputError, match="not a directory"):
        list(iter_gold_dir(tmp_path / "missing"))
