"""Table exports: the matrix CSV and the event list CSV (DNA's layouts, ``;``-separated by default, labels
quoted)."""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from standpunkt.export.files import CSV_SEP
from standpunkt.model import Document

#: DNA's event list columns, with the DNA statement variables in the middle; ours follow after ``document_type``.
EVENT_COLUMNS = ("statement_id", "time", "person", "organization", "concept", "agreement", "start_position",
                 "stop_position", "text", "coder", "document_id", "document_title", "document_author",
                 "document_source", "document_section", "document_type", "stance", "actor_kind", "party", "country",
                 "form", "condition", "confidence", "reviewed", "origin", "outlet", "evidence_spans")
#: A cell starting with one of these is a formula to a spreadsheet (CSV injection): such text gets a leading '.
FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value: Any) -> Any:
    """Text that a spreadsheet would run as a formula, defused with a leading apostrophe (OWASP's advice); numbers
    and other text are left as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_LEADS):
        return "'" + value
    return value


def write_matrix_csv(matrix: pd.DataFrame, path: Path, *, decimals: int = 6, sep: str = CSV_SEP) -> None:
    """A labelled matrix: first row the column labels (first cell empty), first column the row labels."""
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, delimiter=sep, quoting=csv.QUOTE_NONNUMERIC)
        w.writerow([""] + [csv_safe(str(c)) for c in matrix.columns])
        for label, row in zip(matrix.index, matrix.to_numpy(dtype=float)):
            w.writerow([csv_safe(str(label))] + [_number(v, decimals) for v in row])


def _number(v: float, decimals: int) -> Any:
    if math.isnan(v):
        return ""
    r = round(float(v), decimals)
    return int(r) if r.is_integer() else r


def _join(text: str | None, spans: Any) -> str:
    if not text or not spans:
        return ""
    return " … ".join(text[s[0]:s[1]] for s in spans if len(s) == 2)


def event_rows(frame: pd.DataFrame, documents: Mapping[str, Document] | None = None) -> list[dict[str, Any]]:
    """One dict per statement with every field and the evidence text (from the document, when known)."""
    documents = documents or {}
    out = []
    for row in frame.to_dict("records"):
        doc = documents.get(row.get("document_id")) if row.get("document_id") is not None else None
        text = doc.text if doc is not None else None
        evidence = row.get("evidence") or []
        starts = [s[0] for s in evidence if len(s) == 2]
        ends = [s[1] for s in evidence if len(s) == 2]
        meta = row.get("meta") if isinstance(row.get("meta"), dict) else {}
        kind = row.get("actor_kind") or "person"
        out.append({
            "statement_id": row["id"],
            "time": row["date"].date().isoformat() if not pd.isna(row["date"]) else "",
            "person": row["actor"],
            "organization": _s(row.get("organisation")) or (row["actor"] if kind != "person" else ""),
            "concept": row["concept"],
            "agreement": 1 if row["agreement"] in ("support", "conditional") else 0,
            "start_position": min(starts) if starts else "",
            "stop_position": max(ends) if ends else "",
            "text": _join(text, evidence),
            "coder": coder_of(row),
            "document_id": _s(row.get("document_id")),
            "document_title": _s(row.get("document_title")),
            "document_author": _s(row.get("document_author")),
            "document_source": _s(row.get("outlet")) or _s(row.get("document_source")),
            "document_section": "",
            "document_type": "",
            "stance": row["agreement"],
            "actor_kind": kind,
            "party": _s(row.get("party")),
            "country": _s(row.get("country")),
            "form": _s(row.get("form")),
            "condition": _join(text, row.get("condition")) or _s((meta or {}).get("condition_text")),
            "confidence": round(float(row["confidence"]), 4),
            "reviewed": bool(row.get("reviewed")),
            "origin": _s(row.get("origin")),
            "outlet": _s(row.get("outlet")),
            "evidence_spans": " ".join(f"{s[0]}-{s[1]}" for s in evidence if len(s) == 2),
        })
    return out


MACHINE_CODER = "standpunkt"


def coder_of(row: Mapping[str, Any]) -> str:
    """Who coded a statement, as DNA names coders: the person who hand-coded it (or the coder column of an
    imported file), else the person who reviewed it, else ``standpunkt`` for the machine's unreviewed statements;
    an imported statement without a coder is its dataset's."""
    meta = row.get("meta") if isinstance(row.get("meta"), dict) else {}
    person = _s(row.get("coder")) or _s(meta.get("coder")) or _s(row.get("reviewer"))
    if person:
        return person
    if row.get("origin") in (None, "machine", "superseded") or _s(row.get("origin")) == "":
        return MACHINE_CODER
    return _s(row.get("dataset")) or _s(meta.get("dataset")) or _s(row.get("origin"))


def _s(value: Any) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value)


def write_event_list(frame: pd.DataFrame, path: Path, documents: Mapping[str, Document] | None = None, *,
                     sep: str = CSV_SEP) -> int:
    """The event list CSV (one row per statement); returns the number of rows."""
    with open(path, "w", newline="", encoding="utf-8") as fh:
        fh.writelines(event_list_chunks([(frame, documents)], sep=sep))
    return len(frame)


def event_list_chunks(parts: Iterable[tuple[pd.DataFrame, Mapping[str, Document] | None]], *,
                      sep: str = CSV_SEP) -> Iterator[str]:
    """The event list CSV as text chunks: the header, then one chunk per (frame, documents) part, so that a long
    export is written (or sent) part by part. Text cells are defused with :func:`csv_safe`."""
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(EVENT_COLUMNS), delimiter=sep, quoting=csv.QUOTE_MINIMAL)
    w.writeheader()
    for frame, documents in parts:
        w.writerows({k: csv_safe(v) for k, v in row.items()} for row in event_rows(frame, documents))
        yield buf.getvalue()
        buf.seek(0)
        buf.truncate()
    if buf.tell():
        yield buf.getvalue()
