"""Server-side highlighting of character spans.

Spans of different roles (speaker, cue, message, evidence, condition...) may overlap or nest. The text is cut at
every span boundary, and each piece is emitted once, HTML-escaped, inside one ``<span>`` that carries the classes
of all roles covering it — so the markup is always well-formed, whatever the overlaps, and the document text can
never inject markup.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from markupsafe import Markup, escape

SNIPPET_CONTEXT = 160  # characters of context shown either side of the evidence in a statement snippet
SNIPPET_SNAP = 30  # how far a snippet edge may move to land on whitespace instead of cutting a word

Spans = Sequence[Sequence[int]]


def clamp_spans(spans: Spans | None, length: int) -> list[tuple[int, int]]:
    """Valid ``[start, end)`` pairs inside ``[0, length)``; stored data from older versions may be out of range."""
    out = []
    for pair in spans or ():
        if len(pair) != 2:
            continue
        start, end = max(0, int(pair[0])), min(length, int(pair[1]))
        if start < end:
            out.append((start, end))
    return out


def highlight(text: str, layers: Mapping[str, Spans | None], start: int = 0, end: int | None = None) -> Markup:
    """``text[start:end]`` as HTML, each piece wrapped in ``<span class="hl hl-ROLE ...">`` for the roles over it.

    ``layers`` maps a role name (used as CSS class suffix) to its spans in document offsets.
    """
    end = len(text) if end is None else min(end, len(text))
    start = max(0, min(start, end))
    cuts = {start, end}
    clamped: dict[str, list[tuple[int, int]]] = {}
    for role, spans in layers.items():
        pairs = [(max(s, start), min(e, end)) for s, e in clamp_spans(spans, len(text)) if s < end and e > start]
        clamped[role] = pairs
        for s, e in pairs:
            cuts.add(s)
            cuts.add(e)
    bounds = sorted(cuts)
    parts: list[str] = []
    for a, b in zip(bounds, bounds[1:]):
        roles = [role for role, pairs in clamped.items() if any(s <= a and b <= e for s, e in pairs)]
        piece = str(escape(text[a:b]))
        if roles:
            classes = " ".join(f"hl-{r}" for r in roles)
            parts.append(f'<span class="hl {classes}">{piece}</span>')
        else:
            parts.append(piece)
    return Markup("".join(parts))


def snippet_window(text: str, spans: Iterable[Sequence[int]], context: int = SNIPPET_CONTEXT) -> tuple[int, int]:
    """A window around the spans with some context, moved onto whitespace so that no word is cut in half."""
    pairs = clamp_spans(list(spans), len(text))
    if not pairs:
        return 0, min(len(text), 2 * context)
    lo = max(0, min(s for s, _ in pairs) - context)
    hi = min(len(text), max(e for _, e in pairs) + context)
    if lo > 0:
        space = text.find(" ", lo, lo + SNIPPET_SNAP)
        lo = space + 1 if space != -1 else lo
    if hi < len(text):
        space = text.rfind(" ", max(lo, hi - SNIPPET_SNAP), hi)
        hi = space if space != -1 else hi
    return lo, hi


def snippet(text: str, layers: Mapping[str, Spans | None], focus: Spans | None,
            context: int = SNIPPET_CONTEXT) -> Markup:
    """Highlighted excerpt around ``focus`` (usually the evidence), with ellipses where text was cut."""
    lo, hi = snippet_window(text, focus or [], context)
    body = highlight(text, layers, lo, hi)
    return Markup("…" if lo > 0 else "") + body + Markup("…" if hi < len(text) else "")
