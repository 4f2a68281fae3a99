"""Reader for gold quotation files in the quotes-de-news JSON format.

The format (Petersen-Frey & Biemann 2024) stores per article the text (``originalText``), its tokens with character
offsets, and a list of annotations: one quotation each with ``type`` (form), ``medium`` and the roles ``quote``
(message), ``cue``, ``speaker``, ``addressee``, ``frame`` as token ids and character spans. The reader is used by the
metric (which scores on the gold tokens) and by the training recipe (which projects the char spans onto our own
tokens); it never depends on the language layer.
"""

from __future__ import annotations

import bisect
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from standpunkt.errors import InputError
from standpunkt.model import Quotation, Span

#: The roles of a quotation group besides its message, in the order the metric reports them.
ROLES: tuple[str, ...] = ("cue", "speaker", "addressee", "frame")
#: Gold role names -> Quotation attribute names.
GOLD_ROLE_KEYS: dict[str, str] = {"quote": "message", "cue": "cue", "speaker": "speaker",
                                  "addressee": "addressee", "frame": "frame"}


@dataclass
class GoldQuotation:
    """One annotated quotation: token-id sets per role plus labels (token ids index ``GoldDocument.tokens``)."""

    form: str
    medium: str
    roles: dict[str, frozenset[int]]  # "message", "cue", "speaker", "addressee", "frame"
    quotation: Quotation  # the same annotation as char spans, as the system would output it
    nested: bool = False


@dataclass
class GoldDocument:
    """A gold article: text, gold tokens as ``(start, end)`` char offsets, and its quotations."""

    name: str
    path: str
    text: str
    tokens: list[tuple[int, int]]
    quotations: list[GoldQuotation] = field(default_factory=list)

    def token_ids(self, spans: list[Span]) -> frozenset[int]:
        """The gold tokens that a list of char spans covers (a token counts if any of its characters is covered)."""
        out: set[int] = set()
        if not spans:
            return frozenset()
        starts = [t[0] for t in self.tokens]
        for span in spans:
            if span.end <= span.start:
                continue
            i = max(0, bisect.bisect_right(starts, span.start) - 1)
            while i < len(self.tokens) and self.tokens[i][0] < span.end:
                tb, te = self.tokens[i]
                if te > span.start and tb < span.end:
                    out.add(i)
                i += 1
        return frozenset(out)


def _spans(role: dict) -> list[Span]:
    return [Span(int(s["charBegin"]), int(s["charEnd"])) for s in role.get("spans") or []]


def read_gold_file(path: str | Path) -> GoldDocument:
    """Read one quotes-de-news JSON file; malformed files raise :class:`InputError` with the reason."""
    p = Path(path)
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(str(p), f"cannot read gold file ({exc.__class__.__name__})") from None
    except json.JSONDecodeError as exc:
        raise InputError(str(p), f"not valid JSON (line {exc.lineno})") from None
    if not isinstance(data, dict) or "originalText" not in data or "tokens" not in data:
        raise InputError(str(p), "not a quotes-de-news gold file (needs 'originalText' and 'tokens')")
    text = data["originalText"]
    try:
        raw_tokens = sorted(data["tokens"], key=lambda t: int(t["id"]))
        id_to_index = {int(t["id"]): i for i, t in enumerate(raw_tokens)}
        tokens = [(int(t["charBegin"]), int(t["charEnd"])) for t in raw_tokens]
        quotations: list[GoldQuotation] = []
        for ann in data.get("annotations") or []:
            roles: dict[str, frozenset[int]] = {}
            spans: dict[str, list[Span]] = {}
            for gold_key, attr in GOLD_ROLE_KEYS.items():
                role = ann.get(gold_key) or {}
                roles[attr] = frozenset(id_to_index[int(i)] for i in role.get("tokenIds") or [])
                spans[attr] = _spans(role)
            medium = ann.get("medium") or "none"
            quotation = Quotation(form=ann["type"], medium=medium, **spans)
            quotations.append(GoldQuotation(form=ann["type"], medium=medium, roles=roles, quotation=quotation,
                                            nested=bool(ann.get("isNested"))))
    except (KeyError, TypeError, ValueError) as exc:
        raise InputError(str(p), f"malformed annotation ({exc.__class__.__name__}: {exc})") from None
    return GoldDocument(name=p.stem, path=str(p), text=text, tokens=tokens, quotations=quotations)


def iter_gold_dir(directory: str | Path) -> Iterator[GoldDocument]:
    """All ``*.json`` gold files of a folder, sorted by name, so runs are reproducible."""
    d = Path(directory)
    if not d.is_dir():
        raise InputError(str(d), "not a directory")
    files = sorted(d.glob("*.json"))
    if not files:
        raise InputError(str(d), "no *.json gold files in this folder")
    for f in files:
        yield read_gold_file(f)
