"""What the ``network``, ``matrix``, ``timeline`` and ``export`` commands do, as library functions.

The CLI only parses options; everything here takes plain values and returns a short human summary, so the same
behaviour is testable without a terminal and reusable by other front ends. Every function that writes files takes
``sep`` (the CSV separator, ``;`` by default) and ``overwrite`` (else an existing file is refused before anything is
written): :mod:`standpunkt.export.files`.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from standpunkt.analysis.frame import AnalysisError, documents_for, frame_from_store
from standpunkt.analysis.network import Network, network
from standpunkt.analysis.time import KERNELS, TimeSlice, kernel_slices, moving_windows, networks_over_time
from standpunkt.store.filters import StatementFilter
from standpunkt.export.files import CSV_SEP, check_outputs

log = logging.getLogger(__name__)
Warn = Callable[[str], None]
NETWORK_FORMATS = ("csv", "graphml", "gexf", "json", "dl", "png", "svg")
PERIOD_DUPLICATES = ("week", "month", "year")  # duplicate rules that place each statement in a calendar period
EXPORT_FORMATS = ("dna", "events", "jsonl")
TABLE_SUFFIXES = (".csv", ".json", ".png", ".svg")


@dataclass
class Source:
    """Where statements come from: a file (``.dna`` or CSV + mapping) or the store."""

    input: Path | None = None
    mapping: Path | None = None
    actors_file: Path | None = None
    db: str | None = None
    filters: StatementFilter = field(default_factory=StatementFilter)

    def load(self, *, with_documents: bool = False) -> tuple[pd.DataFrame, dict[str, Any]]:
        if self.input is not None:
            from standpunkt.export.records import frame_from_file

            return frame_from_file(self.input, mapping=self.mapping, actors_file=self.actors_file,
                                   filters=self.filters)
        from standpunkt.store import open_store

        with open_store(self.db) as store:
            frame = frame_from_store(store, self.filters)
            docs = documents_for(store, frame) if with_documents else {}
        return frame, docs


@dataclass
class TimeOptions:
    """Moving windows (``window_unit``) or kernel slices (``kernel``); neither means one static network."""

    window_unit: str | None = None
    window_size: int = 30
    window_step: int | None = None
    kernel: str | None = None
    bandwidth: float = 30.0
    kernel_unit: str = "days"
    kernel_step: float | None = None  # in kernel_unit; None: a week (or one month/year)

    def slices(self, frame: pd.DataFrame) -> list[TimeSlice] | None:
        if self.window_unit and self.kernel:
            raise AnalysisError("use either moving windows (--window) or a kernel (--kernel), not both")
        if self.window_unit:
            return moving_windows(frame, unit=self.window_unit, size=self.window_size, step=self.window_step)
        if self.kernel:
            if self.kernel not in KERNELS:
                raise AnalysisError(f"unknown kernel {self.kernel!r} ({', '.join(KERNELS)})")
            return kernel_slices(frame, kernel_name=self.kernel, bandwidth=self.bandwidth, unit=self.kernel_unit,
                                 step=self.kernel_step)
        return None


def _require_statements(frame: pd.DataFrame) -> None:
    if frame.empty:
        raise AnalysisError("no statements match the selection (check the filters, or import/analyse first)")


def _dated(frame: pd.DataFrame, why: str, warn: Warn | None) -> pd.DataFrame:
    """The dated statements only, for what needs a date (``why``); the undated ones are skipped with a warning.
    None dated at all is an error that says how to date documents."""
    undated = frame["date"].isna()
    n = int(undated.sum())
    if not n:
        return frame
    if n == len(frame):
        raise AnalysisError(f"none of the {n} statements has a date, and {why} need dates: give their documents "
                            "one (standpunkt ingest FILE --date YYYY-MM-DD, or analyze/run --date)")
    (warn or log.warning)(f"{n} statement{'s' * (n != 1)} without a date skipped ({why} need dates; "
                          "date documents with --date)")
    return frame.loc[~undated.to_numpy()].reset_index(drop=True)


def _numbered(out: Path, k: int) -> Path:
    return out.with_name(f"{out.stem}_{k:03d}{out.suffix}")


def _write_network(net: Network, fmt: str, out: Path, sep: str = CSV_SEP) -> None:
    from standpunkt.export import graphs, tables

    if fmt == "csv":
        tables.write_matrix_csv(net.matrix, out, sep=sep)
    elif fmt == "graphml":
        graphs.write_graphml(net, out)
    elif fmt == "gexf":
        graphs.write_gexf(out, net)
    elif fmt == "json":
        graphs.write_json(out, net)
    elif fmt == "dl":
        graphs.write_dl(net, out)
    else:
        from standpunkt.analysis.plots import plot_network

        plot_network(net, out)


def run_network(source: Source, *, fmt: str, out: Path, time: TimeOptions | None = None, warn: Warn | None = None,
                sep: str = CSV_SEP, overwrite: bool = False, **options: Any) -> str:
    """Build the network (or one per time slice) and write it; returns a one-line summary. Statements without a
    date are skipped (``warn`` says how many) when time slices or duplicates per period need dates."""
    if fmt not in NETWORK_FORMATS:
        raise AnalysisError(f"unknown format {fmt!r} ({', '.join(NETWORK_FORMATS)})")
    frame, _ = source.load()
    _require_statements(frame)
    time = time or TimeOptions()
    if time.window_unit or time.kernel:
        frame = _dated(frame, "time slices", warn)
    elif options.get("duplicates") in PERIOD_DUPLICATES:
        frame = _dated(frame, f"duplicates by {options['duplicates']}", warn)
    slices = time.slices(frame)
    index = out.with_name(f"{out.stem}_slices.csv")
    one_file = slices is None or fmt in ("gexf", "json")  # else one numbered file per slice and an index
    check_outputs([out] if one_file else [index, *(_numbered(out, k) for k in range(1, len(slices) + 1))], overwrite)
    if slices is None:
        net = network(frame, **options)
        _write_network(net, fmt, out, sep)
        return (f"{net.type} network: {net.matrix.shape[0]} × {net.matrix.shape[1]} nodes, {len(net.edges())} edges "
                f"from {net.n_statements} statements → {out}")
    series = list(networks_over_time(frame, slices, **options))
    from standpunkt.export import graphs

    if fmt == "gexf":
        graphs.write_gexf(out, series=series)
    elif fmt == "json":
        graphs.write_json(out, series=series)
    else:  # one file per slice plus an index of the slices
        for k, (_, net) in enumerate(series, start=1):
            if net.matrix.size:
                _write_network(net, fmt, _numbered(out, k), sep)
        pd.DataFrame([{"slice": k, "file": _numbered(out, k).name if n.matrix.size else "", **s.summary()}
                      for k, (s, n) in enumerate(series, start=1)]).to_csv(index, index=False, sep=sep)
        out = index
    return f"{len(series)} time slices ({slices[0].start.date()} … {slices[-1].stop.date()}) → {out}"


def run_matrix(source: Source, *, out: Path, value: str = "mean", aggregate: str = "person",
               duplicates: str = "none", top: int | None = 40, min_statements: int = 1,
               warn: Warn | None = None, sep: str = CSV_SEP, overwrite: bool = False) -> str:
    """Stance matrix (actor × concept) as CSV, JSON or heatmap (PNG/SVG), chosen by the file suffix."""
    from standpunkt.analysis.network import prepare
    from standpunkt.analysis.stance import stance_matrix

    suffix = _suffix(out)
    check_outputs([out], overwrite)
    frame, _ = source.load()
    _require_statements(frame)
    if duplicates in PERIOD_DUPLICATES:
        frame = _dated(frame, f"duplicates by {duplicates}", warn)
    frame = prepare(frame, aggregate=aggregate, duplicates=duplicates)
    m = stance_matrix(frame, value=value, top=top, min_statements=min_statements)
    if suffix == ".csv":
        from standpunkt.export.tables import write_matrix_csv

        write_matrix_csv(m, out, sep=sep)
    elif suffix == ".json":
        out.write_text(json.dumps({"rows": list(map(str, m.index)), "columns": list(map(str, m.columns)),
                                   "value": value, "values": [[None if pd.isna(v) else float(v) for v in row]
                                                              for row in m.to_numpy(dtype=float)]},
                                  ensure_ascii=False), encoding="utf-8")
    else:
        from standpunkt.analysis.plots import plot_matrix

        plot_matrix(m, out, title=f"Stance matrix ({value})", diverging=value == "mean")
    return f"stance matrix ({value}): {m.shape[0]} actors × {m.shape[1]} concepts → {out}"


def run_timeline(source: Source, *, out: Path, by: str = "actor", freq: str = "month", groups: list[str] | None = None,
                 top: int | None = 8, aggregate: str = "person", value: str = "mean_stance",
                 warn: Warn | None = None, sep: str = CSV_SEP, overwrite: bool = False) -> str:
    """Stances per period and actor/concept as CSV, JSON or a line plot (PNG/SVG)."""
    from standpunkt.analysis.network import prepare
    from standpunkt.analysis.stance import timeline

    suffix = _suffix(out)
    check_outputs([out], overwrite)
    frame, _ = source.load()
    _require_statements(frame)
    frame = _dated(frame, "timelines", warn)
    table = timeline(prepare(frame, aggregate=aggregate), by=by, freq=freq, groups=groups, top=top)
    if suffix == ".csv":
        table.assign(period=table["period"].dt.date).to_csv(out, index=False, sep=sep)
    elif suffix == ".json":
        out.write_text(table.assign(period=table["period"].dt.date.astype(str)).to_json(orient="records",
                                                                                      force_ascii=False),
                       encoding="utf-8")
    else:
        from standpunkt.analysis.plots import plot_timeline

        plot_timeline(table, out, by=by, value=value)
    return f"timeline: {table['period'].nunique()} {freq}s × {table[by].nunique()} {by}s → {out}"


def run_export(source: Source, *, fmt: str, out: Path, template: Path | None = None, overwrite: bool = False,
               sep: str = CSV_SEP) -> str:
    """Statement-level exports: a ``.dna`` file, the event list CSV, or JSON lines."""
    if fmt not in EXPORT_FORMATS:
        raise AnalysisError(f"unknown export format {fmt!r} ({', '.join(EXPORT_FORMATS)})")
    check_outputs([out], overwrite)
    frame, docs = source.load(with_documents=True)
    _require_statements(frame)
    if fmt == "dna":
        from standpunkt.export.dna import write_dna

        counts = write_dna(frame, out, documents=docs, template=template, overwrite=overwrite)
        return f"{counts['statements']} statements in {counts['documents']} documents → {out}"
    from standpunkt.export.tables import event_rows, write_event_list

    if fmt == "events":
        n = write_event_list(frame, out, docs, sep=sep)
        return f"{n} statements → {out}"
    with open(out, "w", encoding="utf-8") as fh:
        for row in event_rows(frame, docs):
            fh.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
    return f"{len(frame)} statements → {out}"


def _suffix(out: Path) -> str:
    suffix = Path(out).suffix.lower()
    if suffix not in TABLE_SUFFIXES:
        raise AnalysisError(f"--out must end in {', '.join(TABLE_SUFFIXES)} (got {str(out)!r})")
    return suffix


# ------------------------------------------------------------------------------------------------ analyses (issue 19)
ANALYSES = ("polarization", "backbone", "clusters", "phases", "scale")


def _json_default(value: Any) -> Any:
    import numpy as np

    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, (pd.Timestamp,)):
        return value.isoformat()
    if value is pd.NA or value is pd.NaT:
        return None
    return str(value)


def _check_outs(outs: list[Path], overwrite: bool, *more: Path | None) -> None:
    """Before any work: each ``--out`` has a known suffix, and no output (``more``: further files) exists unless
    ``overwrite``."""
    if not outs:
        raise AnalysisError("give at least one --out (.csv, .json, .png or .svg)")
    for out in outs:
        _suffix(out)
    check_outputs([*outs, *(m for m in more if m is not None)], overwrite)


def _write_outputs(outs: list[Path], table: pd.DataFrame, payload: dict[str, Any], plot: Any,
                   sep: str = CSV_SEP) -> list[str]:
    """Each ``--out`` by its suffix: .csv the main table, .json everything, .png/.svg the plot."""
    for out in outs:
        suffix = Path(out).suffix.lower()
        if suffix == ".csv":
            table.to_csv(out, index=False, sep=sep)
        elif suffix == ".json":
            Path(out).write_text(json.dumps(payload, ensure_ascii=False, indent=1, default=_json_default),
                                 encoding="utf-8")
        else:
            plot(Path(out))
    return [str(o) for o in outs]


def run_polarization(source: Source, *, outs: list[Path], time: TimeOptions | None = None, camps: Path | None = None,
                     seed: int = 0, sep: str = CSV_SEP, overwrite: bool = False, **options: Any) -> str:
    """Two camps and the polarization score, for the whole selection or per time slice; ``camps`` writes the
    window × actor camp table as CSV."""
    from standpunkt.analysis.plots import plot_polarization
    from standpunkt.analysis.polarization import polarization_over_time

    _check_outs(outs, overwrite, camps)
    frame, _ = source.load()
    _require_statements(frame)
    series = polarization_over_time(frame, (time or TimeOptions()).slices(frame), seed=seed, **options)
    table = series.table()
    written = _write_outputs(outs, table, series.to_json(), lambda p: plot_polarization(table, p), sep)
    if camps is not None:
        series.camps().to_csv(camps, index=False, sep=sep)
        written.append(str(camps))
    scores = table["polarization"].dropna()
    what = (f"polarization {scores.iloc[0]:.3f}" if len(table) == 1 and len(scores) else
            f"{len(table)} windows, polarization {scores.min():.3f} … {scores.max():.3f}" if len(scores) else
            f"{len(table)} windows without ties")
    return f"{what} → {', '.join(written)}"


def run_backbone(source: Source, *, outs: list[Path], tolerance: float = 0.1, size: int | None = None,
                 sep: str = CSV_SEP, overwrite: bool = False, **options: Any) -> str:
    from standpunkt.analysis.backbone import backbone
    from standpunkt.analysis.plots import plot_backbone

    _check_outs(outs, overwrite)
    frame, _ = source.load()
    _require_statements(frame)
    result = backbone(frame, tolerance=tolerance, size=size, **options)
    written = _write_outputs(outs, result.ranking, result.to_json(),
                             lambda p: plot_backbone(result.curve(), result.size, p), sep)
    loss = result.ranking.loc[result.ranking["rank"] == result.size, "relative_loss"]
    return (f"backbone: {result.size} of {len(result.ranking)} concepts "
            f"(relative loss {float(loss.iloc[0]) if len(loss) else 1.0:.3f}) → {', '.join(written)}")


def run_clusters(source: Source, *, outs: list[Path], k: int | None = None, resolution: float = 1.0, seed: int = 0,
                 sep: str = CSV_SEP, overwrite: bool = False, **options: Any) -> str:
    from standpunkt.analysis.clusters import actor_clusters
    from standpunkt.analysis.plots import plot_clusters

    _check_outs(outs, overwrite)
    frame, _ = source.load()
    _require_statements(frame)
    result = actor_clusters(frame, k=k, resolution=resolution, seed=seed, **options)
    by_actor = result.table.set_index("actor")
    written = _write_outputs(outs, result.table, result.to_json(),
                             lambda p: plot_clusters(result.linkage, result.order, by_actor["louvain"], p), sep)
    return (f"{result.table['louvain'].nunique()} Louvain clusters (modularity {result.louvain_modularity:.3f}), "
            f"{result.table['hierarchical'].nunique()} hierarchical (modularity {result.hierarchical_modularity:.3f}), "
            f"adjusted Rand {result.agreement:.2f} → {', '.join(written)}")


def run_phases(source: Source, *, outs: list[Path], time: TimeOptions, k: int | None = None,
               distance: str = "cosine", min_statements: int = 1, sep: str = CSV_SEP, overwrite: bool = False,
               **options: Any) -> str:
    from standpunkt.analysis.clusters import phases
    from standpunkt.analysis.plots import plot_phases

    _check_outs(outs, overwrite)
    frame, _ = source.load()
    _require_statements(frame)
    slices = time.slices(frame)
    if slices is None:
        raise AnalysisError("phases need time slices: --window UNIT (and --window-size) or --kernel")
    result = phases(frame, slices, k=k, distance=distance, min_statements=min_statements, **options)
    written = _write_outputs(outs, result.windows, result.to_json(),
                             lambda p: plot_phases(result.windows, result.distances, p, clustered=result.clustered),
                             sep)
    sequence = "".join(str(int(p)) if pd.notna(p) else "·" for p in result.windows["phase"])
    return (f"{result.k} phases over {len(result.windows)} windows ({sequence}), silhouette "
            f"{result.silhouette:.2f} → {', '.join(written)}")


def run_scaling(source: Source, *, outs: list[Path], dimensions: int = 2, bootstrap: int = 200,
                min_statements: int = 3, anchor: str | None = None, seed: int = 0, sep: str = CSV_SEP,
                overwrite: bool = False, **options: Any) -> str:
    from standpunkt.analysis.plots import plot_scaling
    from standpunkt.analysis.scaling import scale_actors

    _check_outs(outs, overwrite)
    frame, _ = source.load()
    _require_statements(frame)
    result = scale_actors(frame, dimensions=dimensions, bootstrap=bootstrap, min_statements=min_statements,
                          anchor=anchor, seed=seed, **options)
    written = _write_outputs(outs, result.actors, result.to_json(),
                             lambda p: plot_scaling(result.actors, p, inertia=result.inertia,
                                                    dimensions=result.dimensions), sep)
    shares = ", ".join(f"{s:.0%}" for s in result.inertia)
    return (f"{len(result.actors)} actors on {result.dimensions} dimension(s) (inertia {shares}) "
            f"→ {', '.join(written)}")
