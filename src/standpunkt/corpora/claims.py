"""DebateNet claims (``../shared/data/debatenet-mig15/claims.jsonl``): the labelled statements the stance classifier
is trained and scored on."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from standpunkt.errors import InputError


@dataclass
class Claim:
    text: str
    codes: list[int]
    polarity: int
    doc_id: str
    actor: str | None
    parties: list[str]

    @property
    def major(self) -> str:
        return str(self.codes[0] // 100 * 100)

    @property
    def majors(self) -> set[str]:
        return {str(c // 100 * 100) for c in self.codes}

    @property
    def concept(self) -> str:
        """The first sub-category of the first major field, else that major field itself."""
        first = self.codes[0] // 100
        return str(next((c for c in self.codes if c % 100 and c // 100 == first), self.codes[0]))


def read_claims(path: str | Path) -> list[Claim]:
    """Claims from a DebateNet JSONL file; a malformed line is one clear error naming the line."""
    return read_claims_counted(path)[0]


def read_claims_counted(path: str | Path) -> tuple[list[Claim], int]:
    """(claims, skipped): lines that are not claims are errors; claims that cannot be scored (empty text, no code,
    ``cpos`` other than 1/-1) are skipped and counted, so one odd record does not stop an evaluation."""
    p = Path(path)
    if not p.is_file():
        raise InputError(str(p), "file not found")
    claims = []
    skipped = 0
    try:
        lines = p.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError:
        raise InputError(str(p), "not UTF-8 text") from None
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            codes = row["claimvalues"]
            codes = json.loads(codes) if isinstance(codes, str) else codes
            codes = [int(c) for c in codes]
            polarity = int(row["cpos"])
            text = " ".join(str(row["quote"]).split())
        except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
            raise InputError(str(p), f"line {n}: not a DebateNet claim ({type(exc).__name__}: {exc}); "
                                     "needs quote, claimvalues, cpos") from None
        if not codes or polarity not in (1, -1) or not text:
            skipped += 1
            continue
        parties = [x.strip() for x in str(row.get("parties") or "").split(",") if x.strip() and x.strip() != "NA"]
        doc_id = row.get("doc_id")  # missing or null: a document of its own (no shared context, its own fold group)
        doc = f"line{n}" if doc_id is None or str(doc_id).strip() == "" else str(doc_id)
        claims.append(Claim(text, codes, polarity, doc, row.get("name"), parties))
    if not claims:
        raise InputError(str(p), "no claims with a quote, a code and cpos 1 or -1")
    return claims, skipped
