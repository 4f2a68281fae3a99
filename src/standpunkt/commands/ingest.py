"""Ingest into the store in transactional batches: a failure never loses what is already stored."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from standpunkt.errors import InputError
from standpunkt.ingest import IngestOptions, read_sources
from standpunkt.store import Store

BATCH_SIZE = 100  # documents per transaction: small enough to lose little on a crash, big enough to be fast


@dataclass
class IngestReport:
    new: int = 0
    existing: int = 0
    errors: list[InputError] = field(default_factory=list)
    document_ids: list[str] = field(default_factory=list)


def progress_bar(console: Console | None) -> Progress:
    return Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                    TextColumn("{task.fields[rate]}"), TimeElapsedColumn(), console=console or Console(stderr=True),
                    transient=True)


def ingest_paths(store: Store, paths: Iterable[str | Path], options: IngestOptions,
                 console: Console | None = None) -> IngestReport:
    report = IngestReport()
    batch = []

    def flush() -> None:
        for doc_id, is_new in store.add_documents(batch):
            report.document_ids.append(doc_id)
            if is_new:
                report.new += 1
            else:
                report.existing += 1
        batch.clear()

    with progress_bar(console) as progress:
        task = progress.add_task("ingesting", total=None, rate="")
        for item in read_sources(paths, options):
            if item.error is not None:
                report.errors.append(item.error)
            else:
                batch.append(item.document)
                if len(batch) >= BATCH_SIZE:
                    flush()
            progress.advance(task)
        if batch:
            flush()
    return report
