"""Stance matrices and stance timelines: the tables behind the heatmap and the timeline plot (and web pages)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from standpunkt.analysis.frame import AnalysisError, stance_scores
from standpunkt.model import AGREEMENTS

#: Timeline bins: pandas period frequencies of calendar units.
FREQUENCIES = {"day": "D", "week": "W-SUN", "month": "M", "quarter": "Q", "year": "Y"}  # W-SUN: weeks ending on Sunday = ISO weeks (Mon–Sun)
MATRIX_VALUES = ("mean", "count", "support", "oppose", "conditional", "neutral")


def stance_matrix(frame: pd.DataFrame, *, value: str = "mean", rows: str = "actor", columns: str = "concept",
                  min_statements: int = 1, top: int | None = None) -> pd.DataFrame:
    """Actor × concept table: mean stance score in [−1, 1] (NaN where an actor said nothing on a concept),
    the statement count, or the count of one agreement label.

    ``top`` keeps the rows and columns with most statements (the heatmap stays readable); ``min_statements``
    blanks cells backed by fewer statements (a single statement is weak evidence).
    """
    if value not in MATRIX_VALUES:
        raise AnalysisError(f"unknown matrix value {value!r} ({', '.join(MATRIX_VALUES)})")
    if frame.empty:
        raise AnalysisError("no statements match the selection")
    df = pd.DataFrame({"r": frame[rows].astype(str), "c": frame[columns].astype(str),
                       "score": stance_scores(frame), "agreement": frame["agreement"]})
    if top:
        df = df[df["r"].isin(df["r"].value_counts().index[:top]) & df["c"].isin(df["c"].value_counts().index[:top])]
    counts = df.pivot_table(index="r", columns="c", values="score", aggfunc="size", fill_value=0)
    if value == "mean":
        out = df.pivot_table(index="r", columns="c", values="score", aggfunc="mean")
        out = out.where(counts.reindex_like(out) >= min_statements)
    elif value == "count":
        out = counts.astype(float)
    else:
        out = (df.assign(hit=(df["agreement"] == value).astype(float))
               .pivot_table(index="r", columns="c", values="hit", aggfunc="sum", fill_value=0.0))
    order_r = df["r"].value_counts().index
    order_c = df["c"].value_counts().index
    out = out.reindex(index=[r for r in order_r if r in out.index], columns=[c for c in order_c if c in out.columns])
    out.index.name, out.columns.name = rows, columns
    return out


def timeline(frame: pd.DataFrame, *, by: str = "actor", freq: str = "month", groups: list[str] | None = None,
             top: int | None = 8) -> pd.DataFrame:
    """Stances per period and actor (or concept): one row per (period, group) with the counts of each agreement
    label, the statement count and the mean stance score. Periods are calendar units that include the year."""
    if freq not in FREQUENCIES:
        raise AnalysisError(f"unknown timeline frequency {freq!r} ({', '.join(FREQUENCIES)})")
    if by not in ("actor", "concept"):
        raise AnalysisError(f"timelines are per actor or concept, not {by!r}")
    df = frame.dropna(subset=["date"])
    if df.empty:
        raise AnalysisError("no dated statements match the selection")
    if groups:
        df = df[df[by].isin(groups)]
    elif top:
        df = df[df[by].isin(df[by].value_counts().index[:top])]
    if df.empty:
        raise AnalysisError(f"none of the requested {by}s has statements in the selection")
    period = df["date"].dt.to_period(FREQUENCIES[freq])
    work = pd.DataFrame({"period": period.dt.start_time, "group": df[by].astype(str),
                         "agreement": df["agreement"], "score": stance_scores(df)})
    counts = pd.crosstab([work["period"], work["group"]], work["agreement"])
    for label in AGREEMENTS:
        if label not in counts.columns:
            counts[label] = 0
    out = counts[list(AGREEMENTS)].copy()
    out["statements"] = out.sum(axis=1)
    out["mean_stance"] = work.groupby(["period", "group"])["score"].mean()
    out = out.reset_index().rename(columns={"group": by})
    out.columns.name = None
    return out.sort_values(["period", by]).reset_index(drop=True)


def summary(frame: pd.DataFrame) -> dict[str, object]:
    """Counts for a report header (and the web overview)."""
    dates = frame["date"].dropna()
    return {
        "statements": int(len(frame)),
        "actors": int(frame["actor"].nunique()),
        "concepts": int(frame["concept"].nunique()),
        "first": dates.min().date().isoformat() if len(dates) else None,
        "last": dates.max().date().isoformat() if len(dates) else None,
        "agreement": {k: int(v) for k, v in frame["agreement"].value_counts().items()},
        "mean_stance": float(np.nanmean(stance_scores(frame))) if len(frame) else None,
    }
