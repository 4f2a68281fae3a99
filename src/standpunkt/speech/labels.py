"""The token label scheme of the quotation CRF and the projection of gold char spans onto our tokens.

One label per token, so overlapping roles need a priority: message (``B-<form>``/``I-<form>``) beats cue (``CUE``),
speaker (``SPK``), addressee (``ADR``), and other frame tokens (``FRM``). Nested quotations (a „…“ inside an indirect
message) are not labelled: the assembler derives them from quotation marks, which is exact. Frames are rebuilt as
the stretch covering a quotation's role tokens.
"""

from __future__ import annotations

from standpunkt.model import FORMS, Quotation, Span

ROLE_LABELS: dict[str, str] = {"cue": "CUE", "speaker": "SPK", "addressee": "ADR", "frame": "FRM"}
ROLE_PRIORITY: tuple[str, ...] = ("cue", "speaker", "addressee", "frame")
MESSAGE_LABELS: tuple[str, ...] = tuple(f"{p}-{f}" for f in FORMS for p in ("B", "I"))
#: A message token that is also the speaker ("Die Deutsche Welle berichtet von …": reported speech names its speaker
#: inside the message).
MESSAGE_SPEAKER = "MSPK"
ALL_LABELS: tuple[str, ...] = ("O",) + MESSAGE_LABELS + tuple(ROLE_LABELS.values()) + (MESSAGE_SPEAKER,)


def _covered(token_spans: list[tuple[int, int]], spans: list[Span]) -> list[list[int]]:
    """Per span, the indices of tokens overlapping it (in order)."""
    out = []
    for span in spans:
        out.append([i for i, (s, e) in enumerate(token_spans) if e > span.start and s < span.end])
    return out


def project_labels(token_spans: list[tuple[int, int]], quotations: list[Quotation],
                   nested: list[bool] | None = None) -> list[str]:
    """Gold quotations (char spans) → one label per token; tokens are ``(start, end)`` char offsets."""
    labels = ["O"] * len(token_spans)
    nested = nested or [False] * len(quotations)
    # roles first, lowest priority first, so higher ones overwrite
    for role in reversed(ROLE_PRIORITY):
        for q, is_nested in zip(quotations, nested):
            if is_nested:
                continue
            for idxs in _covered(token_spans, getattr(q, role)):
                for i in idxs:
                    labels[i] = ROLE_LABELS[role]
    for q, is_nested in zip(quotations, nested):
        if is_nested or q.form not in FORMS:
            continue
        speaker = {i for idxs in _covered(token_spans, q.speaker) for i in idxs}
        for idxs in _covered(token_spans, q.message):
            for k, i in enumerate(idxs):
                if i in speaker:
                    labels[i] = MESSAGE_SPEAKER
                else:
                    labels[i] = ("B-" if k == 0 else "I-") + q.form
    return labels
