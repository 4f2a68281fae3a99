"""Batch execution: analyse a corpus on every core of a machine (``local``), on a Dask cluster (``dask``) or on
Spark (``spark``), as a resumable run recorded in the store.

Entry points: :func:`run_corpus` (what ``standpunkt run`` calls), :func:`analyze_in_process` (a small run in this
process), :class:`RunOptions`, :class:`RunReport`. The per-document function is injectable
(``fn(document, settings) -> Analysis``); the default is the real pipeline.
"""

from standpunkt.run.driver import (
    ProgressSink,
    RunInterrupted,
    RunOptions,
    RunReport,
    analyze_in_process,
    run_corpus,
)
from standpunkt.run.executors import EXECUTORS, ExecutorError, make_executor
from standpunkt.run.tasks import Outcome, Task, pipeline_analyze, pipeline_warm

__all__ = ["EXECUTORS", "ExecutorError", "Outcome", "ProgressSink", "RunInterrupted", "RunOptions", "RunReport",
           "Task", "analyze_in_process", "make_executor", "pipeline_analyze", "pipeline_warm", "run_corpus"]
