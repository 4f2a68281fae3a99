"""`standpunkt analyze`: ingest + analyse + store in one process, then a summary and the run's stance matrix.

Corpus-scale work (many cores, Dask, resumable runs) belongs to :mod:`standpunkt.run`; this is the small, direct path
for a handful of files.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console
from rich.table import Table

from standpunkt.errors import InputError, StandpunktError
from standpunkt.ingest import IngestOptions, read_sources
from standpunkt.ingest.batch import progress_bar
from standpunkt.pipeline import Settings, analyze, resources_for
from standpunkt.store import Store

SAVE_BATCH = 20  # analyses per transaction

AGREEMENT_MARKS = {"support": "[green]+[/]", "oppose": "[red]−[/]", "conditional": "[yellow]±[/]",
                   "neutral": "[dim]○[/]"}


@dataclass
class AnalyzeReport:
    documents: int = 0
    analysed: int = 0
    up_to_date: int = 0
    quotations: int = 0
    statements: int = 0
    tokens: int = 0
    errors: list[StandpunktError] = field(default_factory=list)
    document_ids: list[str] = field(default_factory=list)


def analyze_paths(store: Store, paths: Iterable[str | Path], options: IngestOptions, settings: Settings, *,
                  force: bool = False, console: Console | None = None) -> AnalyzeReport:
    report = AnalyzeReport()
    resources = resources_for(settings)
    pending = []

    def flush() -> None:
        store.save_analyses(pending, codebook=settings.codebook)
        pending.clear()

    with progress_bar(console) as progress:
        task = progress.add_task("analysing", total=None, rate="")
        for item in read_sources(paths, options):
            progress.advance(task)
            if item.error is not None:
                report.errors.append(item.error)
                continue
            doc = item.document
            report.documents += 1
            report.document_ids.append(doc.id)
            if not force and store.analysed_versions([doc.id]).get(doc.id) == resources.version:
                store.add_documents([doc])
                report.up_to_date += 1
                continue
            try:
                analysis = analyze(doc, resources)
            except Exception as exc:  # noqa: BLE001 - one failing document never stops a batch
                report.errors.append(InputError(item.key, f"analysis failed ({type(exc).__name__}: {exc})"))
                continue
            report.analysed += 1
            report.quotations += len(analysis.quotations)
            report.statements += len(analysis.statements)
            report.tokens += analysis.n_tokens
            pending.append(analysis)
            if len(pending) >= SAVE_BATCH:
                flush()
        if pending:
            flush()
    return report


def print_summary(store: Store, report: AnalyzeReport, console: Console) -> None:
    table = Table(title="standpunkt analyze", show_header=False)
    table.add_column("what")
    table.add_column("count", justify="right")
    for label, value in (("documents read", report.documents), ("analysed now", report.analysed),
                         ("already up to date", report.up_to_date), ("tokens", report.tokens),
                         ("quotations found", report.quotations), ("statements coded", report.statements),
                         ("failed", len(report.errors))):
        table.add_row(label, str(value))
    console.print(table)
    rows = []
    for doc_id in dict.fromkeys(report.document_ids):
        rows += store.statements(document_id=doc_id)
    if rows:
        console.print(stance_matrix_table(rows))
    quotes = []
    for doc_id in dict.fromkeys(report.document_ids):
        quotes += store.quotations(document_id=doc_id, limit=None)
    if quotes and not rows:
        speakers: dict[str, int] = {}
        for q in quotes:
            speakers[q["speaker_name"] or "(unknown)"] = speakers.get(q["speaker_name"] or "(unknown)", 0) + 1
        t = Table(title="quotations by speaker")
        t.add_column("speaker")
        t.add_column("quotations", justify="right")
        for name, n in sorted(speakers.items(), key=lambda kv: -kv[1]):
            t.add_row(name, str(n))
        console.print(t)


def stance_matrix_table(rows: list[dict]) -> Table:
    """Actors × concepts; each cell shows every agreement coded for that pair (+ support, − oppose, ± conditional)."""
    concepts = sorted({r["concept"] for r in rows})
    cells: dict[str, dict[str, list[str]]] = {}
    for r in rows:
        cells.setdefault(r["actor"], {}).setdefault(r["concept"], []).append(r["agreement"])
    table = Table(title="stance matrix (+ support, − oppose, ± conditional, ○ neutral)")
    table.add_column("actor")
    for c in concepts:
        table.add_column(c, justify="center")
    for actor in sorted(cells):
        table.add_row(actor, *(" ".join(AGREEMENT_MARKS.get(a, a) for a in cells[actor].get(c, [])) for c in concepts))
    return table
