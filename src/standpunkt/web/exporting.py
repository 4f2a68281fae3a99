"""Statement downloads from the web app (the filtered, reviewed-first rows of the current view)."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

CSV_COLUMNS = ("id", "document_id", "date", "actor", "party", "organisation", "concept", "agreement", "condition",
               "evidence", "confidence", "reviewed", "review_action", "reviewer", "machine_actor",
               "machine_concept", "machine_agreement", "outlet", "document_title", "form")


def export_statements(rows: list[dict[str, Any]], fmt: str) -> tuple[bytes, str, str]:
    """(body, media type, file name) of the rows in ``fmt``."""
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(CSV_COLUMNS)
    for r in rows:
        writer.writerow([json.dumps(r.get(c)) if isinstance(r.get(c), list) else
                         "" if r.get(c) is None else r.get(c) for c in CSV_COLUMNS])
    return buf.getvalue().encode("utf-8"), "text/csv; charset=utf-8", "statements.csv"
