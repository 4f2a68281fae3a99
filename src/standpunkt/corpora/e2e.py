"""The end-to-end statement gold (``../shared/data/e2e-dev/``): articles, their codebooks and hand-coded statements
(format and metric in that folder's README)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from standpunkt.errors import InputError

AGREEMENTS = ("support", "oppose", "conditional", "neutral")


@dataclass
class Article:
    id: str
    title: str | None
    date: str | None
    codebook: str
    expected: list[dict[str, Any]]


def read_gold(directory: str | Path) -> list[Article]:
    """The articles of an e2e gold folder; a missing file or malformed line is one clear error."""
    root = Path(directory)
    gold = root / "gold.jsonl"
    if not gold.is_file():
        raise InputError(str(root), "no gold.jsonl in this folder (expected gold.jsonl, articles/, codebooks/)")
    articles = []
    for n, line in enumerate(gold.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        where = f"{gold}:{n}"
        try:
            row = json.loads(line)
            expected = row["expected"]
            for item in expected:
                if isinstance(item["agreement"], str):
                    item["agreement"] = [item["agreement"]]
                bad = [a for a in item["agreement"] if a not in AGREEMENTS]
                if bad:
                    raise InputError(where, f"unknown agreement {bad} for {item['actor']!r}")
                item["concept"], item["actor"]  # noqa: B018 - required keys
            articles.append(Article(id=str(row["id"]), title=row.get("title"), date=row.get("date"),
                                    codebook=row["codebook"], expected=expected))
        except json.JSONDecodeError as exc:
            raise InputError(where, f"invalid JSON ({exc.msg})") from None
        except (KeyError, TypeError) as exc:
            raise InputError(where, f"missing or malformed field {exc}") from None
    for a in articles:
        for path in (root / "articles" / f"{a.id}.txt", root / "codebooks" / a.codebook):
            if not path.is_file():
                raise InputError(str(path), f"file not found (article {a.id})")
    return articles
