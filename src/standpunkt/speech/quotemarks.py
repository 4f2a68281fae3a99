"""Pairing of quotation marks in raw text.

German news uses „…“ (and ‚…‘ inside), »…« (and ›…‹), English "…" and straight "…". Straight quotes are ambiguous
(same character opens and closes), curly ones may be mis-typed (“…” or „…” are common), and real text has unbalanced
marks. The scanner pairs marks left to right with a stack per family, refuses pairs that span more than
``MAX_QUOTE_CHARS`` or a paragraph break, and simply leaves unpaired marks unpaired, so it always terminates in linear
time and never swallows a whole document after a stray mark.
"""

from __future__ import annotations

#: Longest stretch a pair of quotation marks may span; longer "quotes" come from unbalanced marks.
MAX_QUOTE_CHARS = 2000

OPENERS = {"„": "dq", "“": "dq_en", "»": "guil", "«": "guil_fr", "‚": "sq"}
CLOSERS = {"“": ("dq",), "”": ("dq", "dq_en"), "«": ("guil",), "»": ("guil_fr",), "‘": ("sq",), "’": ("sq",)}
STRAIGHT = '"'
QUOTE_CHARS = frozenset("„“”»«‚‘’\"›‹")


def find_quote_pairs(text: str) -> list[tuple[int, int]]:
    """Char spans ``[open, close + 1)`` of paired quotation marks, outermost and nested, sorted by start."""
    pairs: list[tuple[int, int]] = []
    stack: list[tuple[str, int]] = []  # (family, position)
    straight_open: int | None = None
    for i, ch in enumerate(text):
        if ch == "\n" and i + 1 < len(text) and text[i + 1] == "\n":
            stack.clear()  # quotations do not run across paragraphs without re-opening
            straight_open = None
            continue
        if ch == STRAIGHT:
            if straight_open is None:
                if _looks_like_opener(text, i):
                    straight_open = i
            else:
                if i - straight_open <= MAX_QUOTE_CHARS:
                    pairs.append((straight_open, i + 1))
                straight_open = None
            continue
        closes = CLOSERS.get(ch)
        if closes and stack:
            # close the innermost open mark of a compatible family
            for k in range(len(stack) - 1, -1, -1):
                fam, pos = stack[k]
                if fam in closes:
                    if i - pos <= MAX_QUOTE_CHARS:
                        pairs.append((pos, i + 1))
                    del stack[k:]
                    break
            else:
                closes = None
            if closes:
                continue
        if ch in OPENERS:
            fam = OPENERS[ch]
            # “ after a „ opener is a closer handled above; here it opens an English-style quote
            if fam == "sq" and not _looks_like_opener(text, i):
                continue
            stack.append((fam, i))
            if len(stack) > 8:  # runaway: unbalanced marks, keep only the recent ones
                del stack[0]
    pairs.sort()
    return pairs


def _looks_like_opener(text: str, i: int) -> bool:
    """A straight or single quote opens when it follows a space/start/bracket and precedes a non-space."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before.isspace() or before in "([{:–-/") and not after.isspace()


def outer_pairs(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Only the pairs not contained in another pair."""
    out: list[tuple[int, int]] = []
    for s, e in sorted(pairs, key=lambda p: (p[0], -p[1])):
        if out and s >= out[-1][0] and e <= out[-1][1]:
            continue
        out.append((s, e))
    return out
