"""`standpunkt analyze`: a small run in this process, then a summary and the stance matrix of its documents.

The work itself is :func:`standpunkt.run.driver.analyze_in_process` (the same driver as ``standpunkt run``, so
version skipping, batching and failure handling exist once); this module only presents the result.
"""

from __future__ import annotations

from collections.abc import Mapping

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from standpunkt.run.driver import RunReport
from standpunkt.store import Store
from standpunkt.store.codebooks import store_codebook_view
from standpunkt.store.runs import run_document_ids

AGREEMENT_MARKS = {"support": "[green]+[/]", "oppose": "[red]−[/]", "conditional": "[yellow]±[/]",
                   "neutral": "[dim]○[/]"}


def print_summary(store: Store, report: RunReport, console: Console) -> None:
    table = Table(title="standpunkt analyze", caption=f"run {report.run_id}", show_header=False)
    table.add_column("what")
    table.add_column("count", justify="right")
    for label, value in (("items read", report.items), ("analysed now", report.analysed),
                         ("already up to date", report.unchanged), ("tokens", report.tokens),
                         ("quotations found", report.quotations), ("statements coded", report.statements),
                         ("failed", report.failed)):
        table.add_row(label, str(value))
    console.print(table)
    doc_ids = run_document_ids(store, report.run_id)
    rows = [r for doc_id in doc_ids for r in store.statements(document_id=doc_id)]
    if rows:
        console.print(stance_matrix_table(rows, store_codebook_view(store).labels))
        return
    speakers: dict[str, int] = {}
    for doc_id in doc_ids:
        for q in store.quotations(document_id=doc_id, limit=None):
            name = q["actor"] or q["speaker_name"] or "(unknown)"  # the resolved actor, else the speaker's words
            speakers[name] = speakers.get(name, 0) + 1
    if speakers:
        t = Table(title="quotations by speaker")
        t.add_column("speaker")
        t.add_column("quotations", justify="right")
        for name, n in sorted(speakers.items(), key=lambda kv: -kv[1]):
            t.add_row(name, str(n))
        console.print(t)


def stance_matrix_table(rows: list[dict], labels: Mapping[str, str] | None = None) -> Table:
    """Actors × concepts; each cell shows every agreement coded for that pair (+ support, − oppose, ± conditional).
    Concepts are headed by their codebook label (wrapped between words), else their id."""
    labels = labels or {}
    concepts = sorted({r["concept"] for r in rows}, key=lambda c: labels.get(c, c).casefold())
    cells: dict[str, dict[str, list[str]]] = {}
    for r in rows:
        cells.setdefault(r["actor"], {}).setdefault(r["concept"], []).append(r["agreement"])
    legend = "+ support  − oppose  ± conditional  ○ neutral"
    table = Table(title="stance matrix", caption=legend, min_width=len(legend))
    table.add_column("actor", no_wrap=True, overflow="ellipsis", max_width=30)
    for c in concepts:
        table.add_column(escape(labels.get(c, c)), justify="center", overflow="ellipsis")
    for actor in sorted(cells):
        table.add_row(escape(actor), *(" ".join(AGREEMENT_MARKS.get(a, a) for a in cells[actor].get(c, [])) for c in concepts))
    return table
