"""How many items a run's inputs hold, counted up front when that is cheap (for the progress bar's total and ETA)."""

from __future__ import annotations

import time
from pathlib import Path

from standpunkt.ingest import JSONL_SUFFIXES, detect_format, iter_files

COUNT_BUDGET_S = 3.0  # time allowed for counting items up front; past it the bar shows no total and no ETA
COUNT_CHECK_EVERY = 10_000  # lines between looks at the clock while counting


def estimate_total(inputs: list[str]) -> int | None:
    """How many items the inputs hold, if that is cheap to know: one per file, one per JSONL line.

    WARC archives and feeds would have to be parsed to be counted, so their presence (or a slow disk) gives None:
    the bar then shows the rate without an ETA.
    """
    deadline = time.monotonic() + COUNT_BUDGET_S
    total = 0
    for entry in iter_files(inputs):
        if time.monotonic() > deadline:
            return None
        if not isinstance(entry, Path):
            total += 1
            continue
        fmt = detect_format(entry)
        if fmt in ("warc", "feed"):
            return None
        if fmt == "jsonl" or entry.suffix.lower() in JSONL_SUFFIXES:
            lines = _count_lines(entry, deadline)
            if lines is None:
                return None
            total += max(lines, 1)
        else:
            total += 1
    return total


def _count_lines(path: Path, deadline: float) -> int | None:
    """Non-blank lines, streamed line by line (a multi-GB JSONL is never loaded whole); None past the deadline."""
    n = 0
    try:
        with path.open("rb") as fh:
            for i, line in enumerate(fh):
                if line.strip():
                    n += 1
                if i % COUNT_CHECK_EVERY == 0 and time.monotonic() > deadline:
                    return None
    except OSError:
        return 0  # unreadable: the run will report it as one failed item
    return n
