"""Progress bar (documents/s, ETA) and the final report of a run, drawn with rich on stderr."""

from __future__ import annotations

import time

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from standpunkt.run.counting import COUNT_BUDGET_S, COUNT_CHECK_EVERY, estimate_total  # noqa: F401
from standpunkt.run.driver import ProgressSink, RunReport

RATE_WINDOW_S = 20.0  # documents/s and ETA follow the last this-many seconds, not the run's average


class RichProgress(ProgressSink):
    """A live bar on stderr: items done of total, analysed documents/s over the last seconds, ETA."""

    def __init__(self, console: Console | None = None):
        self.console = console or Console(stderr=True)
        self.progress = Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                                 MofNCompleteColumn(), TextColumn("{task.fields[rate]}"),
                                 TextColumn("{task.fields[eta]}"), TimeElapsedColumn(), console=self.console,
                                 transient=True, disable=not self.console.is_terminal)
        self.task = None
        self.samples: list[tuple[float, int]] = []

    def start(self, report: RunReport, total: int | None) -> None:
        self.progress.start()
        self.task = self.progress.add_task(f"run {report.run_id}", total=total, rate="starting workers…", eta="")

    def update(self, report: RunReport, done: int) -> None:
        now = time.monotonic()
        self.samples.append((now, report.analysed))
        while len(self.samples) > 2 and self.samples[0][0] < now - RATE_WINDOW_S:
            self.samples.pop(0)
        t0, n0 = self.samples[0]
        rate = (report.analysed - n0) / (now - t0) if now > t0 else 0.0
        total = self.progress.tasks[0].total if self.progress.tasks else None
        eta = ""
        if total and rate > 0:
            left = max(total - done, 0)
            eta = f"ETA {_hms(left / rate)}"
        failed = f", [red]{report.failed} failed[/]" if report.failed else ""
        self.progress.update(self.task, completed=done, rate=f"{rate:5.1f} docs/s{failed}", eta=eta)

    def stop(self) -> None:
        self.progress.stop()


def _hms(seconds: float) -> str:
    seconds = int(seconds)
    return f"{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"


def render_report(report: RunReport, console: Console, *, max_failures: int = 20) -> None:
    """The final report: documents, quotations, statements, throughput, failures with reasons, how to resume."""
    table = Table(title=f"run {report.run_id} — {report.status}", show_header=False, title_justify="left")
    table.add_column(style="bold")
    table.add_column(justify="right")
    table.add_row("executor", report.executor)
    table.add_row("pipeline version", report.pipeline_version)
    table.add_row("items read", str(report.items))
    table.add_row("documents analysed", str(report.analysed))
    table.add_row("unchanged (skipped)", str(report.unchanged))
    if report.resumed:
        table.add_row("done before resume", str(report.resumed))
    table.add_row("failed", f"[red]{report.failed}[/]" if report.failed else "0")
    table.add_row("quotations", str(report.quotations))
    table.add_row("statements", str(report.statements))
    table.add_row("throughput", f"{report.docs_per_s:.1f} docs/s, {report.tokens_per_s:,.0f} tokens/s")
    table.add_row("time", f"{report.elapsed_s:.1f} s (start-up {report.startup_s:.1f} s)")
    if report.worker_peak_rss:
        peak = max(report.worker_peak_rss.values())
        table.add_row("peak memory per worker", f"{peak / 2**20:.0f} MB (max of {len(report.worker_peak_rss)})")
    console.print(table)
    if report.version_changed:
        console.print("[yellow]note:[/] the pipeline changed since this run began; documents it had analysed "
                      "were re-analysed where their stored version was older.")
    for key, reason in report.failures[:max_failures]:
        console.print(f"[red]failed:[/] {key}: {reason}", highlight=False, soft_wrap=True)
    hidden = report.failed - min(len(report.failures), max_failures)
    if hidden > 0:
        console.print(f"… and {hidden} more failures: standpunkt runs {report.run_id} --failures", highlight=False)
