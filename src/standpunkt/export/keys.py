"""Stable import keys of statement records (shared by the .dna and CSV readers and :mod:`standpunkt.export.records`)."""

from __future__ import annotations

import hashlib
from collections import Counter
from typing import Any


def stable_key(prefix: str, *parts: Any, seen: Counter | None = None) -> str:
    """``prefix:sha1(parts)#n``: the same content gives the same key in every run; ``n`` counts identical rows
    within one file so that real repetitions are kept while re-imports are recognised."""
    digest = hashlib.sha1("\x1f".join("" if p is None else str(p) for p in parts).encode("utf-8")).hexdigest()[:20]
    n = 0
    if seen is not None:
        n = seen[digest]
        seen[digest] += 1
    return f"{prefix}:{digest}#{n}"
