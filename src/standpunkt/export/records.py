"""Statement records: the exchange shape between file readers (.dna, CSV), the store import and the frame.

A record is a dict with ``key`` (stable import key), ``actor`` (:class:`Actor`), ``concept``, ``agreement``,
``date``, ``confidence``, optional ``document`` (:class:`Document`), ``evidence``/``condition`` span lists,
``form`` and ``meta``. Readers produce records; :func:`records_frame` turns them into the statement frame and
``Store.import_statements`` stores them.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd

from standpunkt.analysis.frame import statement_frame
from standpunkt.errors import InputError
from standpunkt.export.keys import stable_key  # noqa: F401  (the readers' key, re-exported)
from standpunkt.store.filters import StatementFilter


def records_frame(records: Iterable[dict[str, Any]]) -> pd.DataFrame:
    """The statement frame of records read from a file (no store involved)."""
    rows = []
    for i, rec in enumerate(records, start=1):
        actor, doc = rec["actor"], rec.get("document")
        rows.append({
            "id": i, "document_id": doc.id if doc is not None else None, "date": rec.get("date"),
            "actor": actor.name, "actor_kind": actor.kind, "role": actor.role, "organisation": actor.organisation,
            "party": actor.party, "country": actor.country, "concept": rec["concept"],
            "agreement": rec["agreement"], "confidence": rec.get("confidence", 1.0), "form": rec.get("form"),
            "reviewed": bool(rec.get("reviewed", False)), "origin": "file",
            "outlet": doc.outlet if doc is not None else None,
            "document_title": doc.title if doc is not None else None,
            "document_author": doc.author if doc is not None else None,
            "document_source": doc.source if doc is not None else None,
            "published": doc.published if doc is not None else None,
            "condition": rec.get("condition") or [], "evidence": rec.get("evidence") or [],
            "import_key": rec.get("key"), "meta": rec.get("meta") or {},
        })
    return statement_frame(rows)


def check_record(record: dict[str, Any], where: str) -> None:
    """Refuse what would be stored wrong without a word: spans outside the document, a confidence that is not a
    number in [0, 1]."""
    import math

    confidence = record.get("confidence", 1.0)
    if confidence is not None and (not isinstance(confidence, (int, float)) or not math.isfinite(confidence)
                                   or not 0.0 <= confidence <= 1.0):
        raise InputError(where, f"confidence {confidence!r} is not a number between 0 and 1")
    doc = record.get("document")
    length = len(doc.text) if doc is not None else 0
    for name in ("evidence", "condition"):
        for span in record.get(name) or []:
            start, stop = span
            if doc is None or not 0 <= start <= stop <= length:
                raise InputError(where, f"{name} span {start}–{stop} lies outside its document "
                                        f"({length} characters)")


def read_statement_file(path: Path, *, mapping: Path | None = None, actors_file: Path | None = None,
                        statement_type: str | None = None,
                        actor_variable: str | None = None) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Records and documents (id → Document) of a ``.dna`` file (optionally one statement type and the variable
    that names the actor) or a statements CSV (which needs a mapping)."""
    from standpunkt.export.dna import read_dna
    from standpunkt.export.statements_csv import load_mapping, read_statements_csv

    path = Path(path)
    if not path.is_file():
        raise InputError(str(path), "no such file")
    if path.suffix.lower() == ".dna":
        data = read_dna(path, statement_type=statement_type, actor_variable=actor_variable)
        return data.records, data.documents
    if path.suffix.lower() in (".csv", ".tsv", ".txt"):
        if mapping is None:
            raise InputError(str(path), "a statements CSV needs a column mapping (--mapping FILE.yaml); "
                                        "see docs/analysis.md")
        return read_statements_csv(path, load_mapping(mapping), actors_file=actors_file), {}
    raise InputError(str(path), "unknown statement file type (expected .dna or .csv)")


def frame_from_file(path: Path, *, mapping: Path | None = None, actors_file: Path | None = None,
                    filters: StatementFilter | None = None) -> tuple[pd.DataFrame, dict[str, Any]]:
    """Statement frame (filtered) and documents of a statement file, for analysing files without a store."""
    records, documents = read_statement_file(path, mapping=mapping, actors_file=actors_file)
    frame = records_frame(records)
    return (filters.apply(frame) if filters else frame), documents


def import_file(store: Any, path: Path, *, mapping: Path | None = None, actors_file: Path | None = None,
                statement_type: str | None = None, actor_variable: str | None = None) -> dict[str, int]:
    """Read a ``.dna`` file or statements CSV and add its statements to the store (idempotent)."""
    records, _ = read_statement_file(path, mapping=mapping, actors_file=actors_file, statement_type=statement_type,
                                     actor_variable=actor_variable)
    for i, record in enumerate(records, start=1):
        check_record(record, f"{path}: statement {record.get('meta', {}).get('dna_statement', i)}")
    counts = store.import_statements(records, origin="import")
    counts["read"] = len(records)
    return counts
