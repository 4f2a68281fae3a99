"""The issue-19 analyses for the web app: polarization, backbone, clusters, phases, actor scaling.

Each is computed once per request from the filtered statements (reviewed values preferred, rejected ones left out,
as everywhere in the app) by the same library functions as ``standpunkt analyse``; the page shows the picture and
the main table, ``/api/analysis/NAME`` the full result and ``/api/analysis/NAME.svg`` the picture.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any, Callable

import pandas as pd
from fastapi import Query

from standpunkt.analysis.frame import AGGREGATION_LEVELS
from standpunkt.analysis.scaling import MIN_STATEMENTS
from standpunkt.analysis.time import moving_windows
from standpunkt.web.queries import ParameterError, frame

ANALYSES: dict[str, str] = {
    "polarization": "Two camps: within-camp congruence and between-camp conflict (signed modularity), per window",
    "backbone": "The concepts that carry the actor network (nested, spectral distance of normalised Laplacians)",
    "clusters": "Actor communities: Louvain and average-linkage hierarchical clustering",
    "phases": "Phases of the debate: time windows clustered by the similarity of their actor networks",
    "scaling": "Actor positions: correspondence analysis of actor × concept stances, bootstrap intervals",
}
WINDOW_UNITS = ("days", "weeks", "months")
WEB_BOOTSTRAP = 100  # replicates for the scaling intervals (a request, not a batch job)
TABLE_ROWS = 500  # rows shown on a page; the JSON has them all


@dataclass
class AnalysisParams:
    aggregate: str = "person"
    window: str | None = None  # polarization: optional; phases: default weeks
    size: int = 1
    k: int | None = None
    dimensions: int = 2
    min_statements: int = MIN_STATEMENTS


def analysis_params(
    aggregate: Annotated[str, Query(description="actors as person / organisation / party / country")] = "person",
    window: Annotated[str | None, Query(description="time windows: days / weeks / months (polarization, "
                                                    "phases)")] = None,
    size: Annotated[int, Query(ge=1, le=366, description="window length in window units")] = 1,
    k: Annotated[str | None, Query(description="clusters / phases: how many (default: chosen by the data)")] = None,
    dimensions: Annotated[int, Query(ge=1, le=2, description="scaling: 1 or 2 dimensions")] = 2,
    min_statements: Annotated[int, Query(ge=1, description="scaling: actors with at least this many sided "
                                                           "statements")] = MIN_STATEMENTS,
) -> AnalysisParams:
    if aggregate not in AGGREGATION_LEVELS:
        raise ParameterError(f"aggregate: {aggregate!r} is not one of {', '.join(AGGREGATION_LEVELS)}")
    window = (window or "").strip() or None
    if window is not None and window not in WINDOW_UNITS:
        raise ParameterError(f"window: {window!r} is not one of {', '.join(WINDOW_UNITS)}")
    k_value = None
    if k is not None and k.strip():
        try:
            k_value = int(k)
        except ValueError:
            raise ParameterError(f"k: {k!r} is not a whole number") from None
        if k_value < 1:
            raise ParameterError("k: at least 1")
    return AnalysisParams(aggregate=aggregate, window=window, size=size, k=k_value, dimensions=dimensions,
                          min_statements=min_statements)


@dataclass
class Outcome:
    data: dict[str, Any]  # the JSON twin
    table: pd.DataFrame  # what the page lists
    plot: Callable[[Any], None]  # writes the picture to a path


def run(name: str, rows: list[dict[str, Any]], p: AnalysisParams) -> Outcome:
    """Compute one analysis; raises AnalysisError (→ 400) when the selection cannot support it."""
    from standpunkt.analysis import plots

    if name not in ANALYSES:
        raise ParameterError(f"no analysis {name!r} ({', '.join(ANALYSES)})")
    df = frame(rows)
    if df.empty:
        from standpunkt.analysis.frame import AnalysisError

        raise AnalysisError("no statements match the filters")
    if name == "polarization":
        from standpunkt.analysis.polarization import polarization_over_time

        slices = moving_windows(df, unit=p.window, size=p.size) if p.window else None
        series = polarization_over_time(df, slices, aggregate=p.aggregate)
        table = series.table()
        if len(table) == 1:  # one network: list the camps rather than one summary row
            camps = series.camps()[["actor", "camp"]].sort_values(["camp", "actor"])
            return Outcome(series.to_json(), camps, lambda path: plots.plot_polarization(table, path))
        return Outcome(series.to_json(), table, lambda path: plots.plot_polarization(table, path))
    if name == "backbone":
        from standpunkt.analysis.backbone import backbone

        result = backbone(df, aggregate=p.aggregate)
        return Outcome(result.to_json(), result.ranking.round(4),
                       lambda path: plots.plot_backbone(result.curve(), result.size, path))
    if name == "clusters":
        from standpunkt.analysis.clusters import actor_clusters

        result = actor_clusters(df, aggregate=p.aggregate, k=p.k)
        louvain = result.table.set_index("actor")["louvain"]
        return Outcome(result.to_json(), result.table,
                       lambda path: plots.plot_clusters(result.linkage, result.order, louvain, path))
    if name == "phases":
        from standpunkt.analysis.clusters import phases

        slices = moving_windows(df, unit=p.window or "weeks", size=p.size)
        result = phases(df, slices, aggregate=p.aggregate, k=p.k)
        return Outcome(result.to_json(), result.windows,
                       lambda path: plots.plot_phases(result.windows, result.distances, path,
                                                                    clustered=result.clustered))
    from standpunkt.analysis.scaling import scale_actors

    result = scale_actors(df, dimensions=p.dimensions, bootstrap=WEB_BOOTSTRAP, aggregate=p.aggregate,
                          min_statements=p.min_statements)
    return Outcome(result.to_json(), result.actors.round(4),
                   lambda path: plots.plot_scaling(result.actors, path, inertia=result.inertia,
                                                   dimensions=result.dimensions))


def svg(outcome: Outcome) -> bytes:
    """The analysis' picture as SVG bytes (matplotlib writes to a temporary file by suffix)."""
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "plot.svg"
        outcome.plot(path)
        return path.read_bytes()


def table_rows(table: pd.DataFrame) -> tuple[list[str], list[list[Any]]]:
    shown = table.head(TABLE_ROWS)
    values = shown.astype(object).where(shown.notna(), "").to_numpy().tolist()
    return [str(c) for c in shown.columns], values


