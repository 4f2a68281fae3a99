"""Server-side highlighting: overlapping roles, escaping, bad offsets, snippets."""

from __future__ import annotations

import re

from standpunkt.web.highlight import clamp_spans, highlight, snippet, snippet_window


def _pieces(html: str) -> list[tuple[str, str]]:
    """(classes, text) for each highlighted piece."""
    return re.findall(r'<span class="hl ([^"]+)">([^<]*)</span>', html)


def test_overlapping_and_nested_roles_give_flat_well_formed_markup() -> None:
    text = "Scholz sagte, er werde keine Soldaten schicken."
    html = str(highlight(text, {"speaker": [[0, 6]], "cue": [[7, 12]], "message": [[14, 46]],
                                "evidence": [[17, 37]]}))
    assert html.count("<span") == html.count("</span>")
    pieces = _pieces(html)
    assert ("hl-speaker", "Scholz") in pieces
    assert ("hl-cue", "sagte") in pieces
    assert ("hl-message", "er ") in pieces
    assert ("hl-message hl-evidence", "werde keine Soldaten") in pieces
    assert ("hl-message", " schicken") in pieces
    # the text is unchanged once the markup is removed
    assert re.sub(r"<[^>]+>", "", html) == text


def test_text_is_escaped_and_cannot_inject_markup() -> None:
    text = 'Er sagte: "<script>alert(1)</script>" & ging.'
    html = str(highlight(text, {"message": [[10, 37]]}))
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&amp; ging." in html


def test_out_of_range_and_empty_spans_are_ignored() -> None:
    assert clamp_spans([[5, 3], [-4, 2], [8, 100], [1, 1], [3]], 10) == [(0, 2), (8, 10)]
    html = str(highlight("abcdefghij", {"cue": [[8, 100]], "message": [[5, 3]]}))
    assert _pieces(html) == [("hl-cue", "ij")]


def test_window_clips_spans_to_the_excerpt() -> None:
    text = "0123456789"
    assert _pieces(str(highlight(text, {"message": [[2, 8]]}, start=4, end=6))) == [("hl-message", "45")]


def test_snippet_keeps_context_whole_words_and_marks_cuts() -> None:
    words = " ".join(f"wort{i}" for i in range(200))
    start = words.index("wort100")
    focus = [[start, start + len("wort100")]]
    lo, hi = snippet_window(words, focus, context=40)
    assert 0 < lo < start and start + 7 < hi < len(words)
    assert words[lo - 1] == " " and words[hi] == " "  # no word cut in half
    html = str(snippet(words, {"evidence": focus}, focus, context=40))
    assert html.startswith("…") and html.endswith("…")
    assert '<span class="hl hl-evidence">wort100</span>' in html
