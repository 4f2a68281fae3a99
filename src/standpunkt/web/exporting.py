"""Downloads of the current view's statements (reviewed values preferred), written by :mod:`standpunkt.export`."""

from __future__ import annotations

import tempfile
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


def export_statements(store: Store, rows: list[dict[str, Any]], fmt: str) -> tuple[bytes, str, str]:
    """(body, media type, file name) of the rows in ``fmt`` (one of :data:`EXPORT_FORMATS`)."""
    from standpunkt.analysis import network, stance
    from standpunkt.analysis.frame import AnalysisError, documents_for
    from standpunkt.export import dna, graphs, tables
    from standpunkt.web.queries import ParameterError, frame

    if fmt not in EXPORT_FORMATS:
        raise ParameterError(f"format: {fmt!r} is not one of {', '.join(EXPORT_FORMATS)}")
    filename, media_type, _ = EXPORT_FORMATS[fmt]
    df = frame(rows, columns=None)
    if df.empty and fmt in ("matrix", "graphml"):
        raise AnalysisError("no statements match the selection")
    with tempfile.TemporaryDirectory(prefix="standpunkt-export-") as tmp:
        path = Path(tmp) / filename
        if fmt == "csv":
            tables.write_event_list(df, path, documents_for(store, df))
        elif fmt == "matrix":
            tables.write_matrix_csv(stance.stance_matrix(df, value="mean"), path)
        elif fmt == "graphml":
            graphs.write_graphml(network.network(df, type="twomode"), path)
        else:
            dna.write_dna(df, path, documents=documents_for(store, df))
        return path.read_bytes(), media_type, filename
