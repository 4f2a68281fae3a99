"""Downloads of the current view's statements (reviewed values preferred), written by :mod:`standpunkt.export`.

The event list (``csv``) is streamed: statements are read in keyset pages of :data:`EXPORT_BATCH` and sent page by
page, so an export of the whole store holds one page in memory. The matrix is made from counts aggregated in SQL.
GraphML and DNA need every statement at once; at most :data:`standpunkt.web.queries.HEAVY_REQUESTS` such requests
run at a time, each of at most :data:`standpunkt.web.queries.MAX_EXPORTED_STATEMENTS` (more: a 400 that points to
``standpunkt export``).
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from standpunkt.store import Store

# format -> (file name, media type, what it holds)
EXPORT_FORMATS: dict[str, tuple[str, str, str]] = {
    "csv": ("statements.csv", "text/csv; charset=utf-8", "event list: one row per statement with its evidence text"),
    "matrix": ("stance-matrix.csv", "text/csv; charset=utf-8", "actor x concept mean stance (DNA matrix layout)"),
    "graphml": ("network.graphml", "application/graphml+xml", "actor-concept two-mode network"),
    "dna": ("statements.dna", "application/vnd.sqlite3", "DNA 3 database for review in DNA"),
}
EXPORT_BATCH = 1000  # statements per streamed part of the event list


def export_statements(store: Store, f: Any, fmt: str) -> tuple[Iterator[bytes] | bytes, str, str]:
    """(body, media type, file name) of the statements matching the filter ``f`` in ``fmt`` (one of
    :data:`EXPORT_FORMATS`); the body of ``csv`` is an iterator of parts."""
    from standpunkt.analysis import network
    from standpunkt.analysis.frame import AnalysisError, documents_for
    from standpunkt.export import dna, graphs, tables
    from standpunkt.web.queries import (
        ParameterError,
        bounded_selection,
        frame,
        heavy,
        matrix_of,
        store_filter,
    )

    if fmt not in EXPORT_FORMATS:
        raise ParameterError(f"format: {fmt!r} is not one of {', '.join(EXPORT_FORMATS)}")
    filename, media_type, _ = EXPORT_FORMATS[fmt]
    if fmt == "csv":
        kw = store_filter(store, f)

        def parts() -> Iterator[tuple[Any, Any]]:
            batch: list[dict[str, Any]] = []
            for row in store.iter_statements(kw, batch=EXPORT_BATCH):
                batch.append(row)
                if len(batch) == EXPORT_BATCH:
                    df = frame(batch, columns=None)
                    yield df, documents_for(store, df)
                    batch = []
            if batch:
                df = frame(batch, columns=None)
                yield df, documents_for(store, df)

        return (chunk.encode("utf-8") for chunk in tables.event_list_chunks(parts())), media_type, filename
    if fmt == "matrix":
        m = matrix_of(store, f)
        if not m.cells:
            raise AnalysisError("no statements match the selection")
        with tempfile.TemporaryDirectory(prefix="standpunkt-export-") as tmp:
            path = Path(tmp) / filename
            tables.write_matrix_csv(m.scores(), path)
            return path.read_bytes(), media_type, filename
    with heavy():
        rows = bounded_selection(store, f, f"export as {fmt}", export=True)
        df = frame(rows, columns=None)
        if df.empty and fmt == "graphml":
            raise AnalysisError("no statements match the selection")
        with tempfile.TemporaryDirectory(prefix="standpunkt-export-") as tmp:
            path = Path(tmp) / filename
            if fmt == "graphml":
                graphs.write_graphml(network.network(df, type="twomode"), path)
            else:
                dna.write_dna(df, path, documents=documents_for(store, df))
            return path.read_bytes(), media_type, filename
