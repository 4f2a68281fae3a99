"""Networks over time: moving windows and kernel-smoothed time slices.

A :class:`TimeSlice` is a time range plus one weight per statement of the frame it was made from; a network of the
slice is the network with those weights (0/1 for windows, kernel values for smoothing). Every slice carries start,
stop (exclusive), middle and its statement count.

Kernels, with u = (statement date − slice middle) / bandwidth in days:

* ``uniform``      K(u) = 1/2 for |u| ≤ 1
* ``triangular``   K(u) = 1 − |u| for |u| ≤ 1
* ``epanechnikov`` K(u) = 3/4 (1 − u²) for |u| ≤ 1
* ``gaussian``     K(u) = exp(−u²/2) / √(2π), cut at |u| ≤ 3 (beyond, weights are < 1.2 % of the peak; the cut
  gives every slice a finite start, stop and statement count)
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import pandas as pd

from standpunkt.analysis.frame import AnalysisError
from standpunkt.analysis.network import Network, network

WINDOW_UNITS = ("events", "days", "weeks", "months", "years")
KERNELS = ("uniform", "gaussian", "epanechnikov", "triangular")
GAUSSIAN_CUTOFF = 3.0  # bandwidths
#: Length of a unit in days, for kernels (continuous time): months and years are their mean Gregorian lengths.
UNIT_DAYS = {"days": 1.0, "weeks": 7.0, "months": 365.2425 / 12, "years": 365.2425}


@dataclass
class TimeSlice:
    start: pd.Timestamp
    stop: pd.Timestamp  # exclusive
    middle: pd.Timestamp
    count: int  # statements with a non-zero weight
    weights: np.ndarray  # one per row of the frame the slice was made from

    @property
    def weight_sum(self) -> float:
        return float(self.weights.sum())

    def summary(self) -> dict[str, object]:
        return {"start": self.start.isoformat(), "stop": self.stop.isoformat(), "middle": self.middle.isoformat(),
                "statements": self.count, "weight": round(self.weight_sum, 6)}


def kernel(name: str, u: np.ndarray) -> np.ndarray:
    """Kernel values K(u) (see module docstring); zero outside the support."""
    a = np.abs(np.asarray(u, dtype=float))
    if name == "uniform":
        return np.where(a <= 1.0, 0.5, 0.0)
    if name == "triangular":
        return np.where(a <= 1.0, 1.0 - a, 0.0)
    if name == "epanechnikov":
        return np.where(a <= 1.0, 0.75 * (1.0 - a * a), 0.0)
    if name == "gaussian":
        return np.where(a <= GAUSSIAN_CUTOFF, np.exp(-0.5 * a * a) / np.sqrt(2.0 * np.pi), 0.0)
    raise AnalysisError(f"unknown kernel {name!r} ({', '.join(KERNELS)})")


def _dates(frame: pd.DataFrame) -> pd.Series:
    if frame.empty:
        raise AnalysisError("no statements to slice")
    if frame["date"].isna().any():
        raise AnalysisError(f"{int(frame['date'].isna().sum())} statements have no date; time slices need dates "
                            "(filter them out or give their documents a publication date)")
    return frame["date"]


def _offset(unit: str, n: int) -> pd.DateOffset:
    return pd.DateOffset(**{unit: n})


def moving_windows(frame: pd.DataFrame, *, unit: str = "days", size: int = 30,
                   step: int | None = None) -> list[TimeSlice]:
    """Windows of ``size`` units moved by ``step`` units (default: size, i.e. adjacent windows).

    Calendar units: the first window starts on the first statement's day, windows are half-open
    ``[start, start + size)`` and continue until one covers the last statement. ``events``: ``size`` consecutive
    statements (date order) per window, moved by ``step`` statements; only full windows (all statements in one
    window if there are fewer than ``size``).
    """
    if unit not in WINDOW_UNITS:
        raise AnalysisError(f"unknown window unit {unit!r} ({', '.join(WINDOW_UNITS)})")
    step = size if step is None else step
    if size < 1 or step < 1:
        raise AnalysisError("window size and step must be at least 1")
    dates = _dates(frame)
    order = np.argsort(dates.to_numpy(), kind="stable")
    slices = []
    if unit == "events":
        n = len(frame)
        starts = list(range(0, max(n - size, 0) + 1, step))
        for s in starts:
            idx = order[s:s + size]
            w = np.zeros(n)
            w[idx] = 1.0
            start, stop = dates.iloc[idx].min(), dates.iloc[idx].max() + pd.Timedelta(days=1)
            slices.append(TimeSlice(start, stop, start + (stop - start) / 2, len(idx), w))
        return slices
    values = dates.to_numpy()
    first, last = dates.min(), dates.max()
    k = 0
    while True:
        start = first + _offset(unit, k * step)
        if start > last:
            break
        stop = first + _offset(unit, k * step + size)
        inside = (values >= start.to_datetime64()) & (values < stop.to_datetime64())
        slices.append(TimeSlice(start, stop, start + (stop - start) / 2, int(inside.sum()), inside.astype(float)))
        if stop > last:
            break
        k += 1
    return slices


DEFAULT_KERNEL_STEP_DAYS = 7  # slices a week apart: fine enough for news, few enough to draw


def default_kernel_step(unit: str) -> float:
    """The step when none is given, in ``unit``: a week, or one unit when the unit is longer (1 month, 1 year)."""
    return max(1.0, DEFAULT_KERNEL_STEP_DAYS / UNIT_DAYS[unit]) if unit in UNIT_DAYS else 1.0


def kernel_slices(frame: pd.DataFrame, *, kernel_name: str = "gaussian", bandwidth: float = 30,
                  unit: str = "days", step: float | None = None) -> list[TimeSlice]:
    """Kernel-smoothed slices centred every ``step`` units from the first to the last statement day.

    Each statement weighs K((date − middle) / bandwidth); ``bandwidth`` and ``step`` are in ``unit`` (days, weeks,
    months, years; months and years as mean calendar lengths). ``step`` defaults to :func:`default_kernel_step`.
    """
    if kernel_name not in KERNELS:
        raise AnalysisError(f"unknown kernel {kernel_name!r} ({', '.join(KERNELS)})")
    if unit not in UNIT_DAYS:
        raise AnalysisError(f"kernel units are {', '.join(UNIT_DAYS)}, not {unit!r}")
    step = default_kernel_step(unit) if step is None else step
    if bandwidth <= 0 or step <= 0:
        raise AnalysisError("bandwidth and step must be positive")
    dates = _dates(frame)
    day = pd.Timedelta(days=1)
    h, s = bandwidth * UNIT_DAYS[unit], step * UNIT_DAYS[unit]
    first, last = dates.min(), dates.max()
    t_days = ((dates - first) / day).to_numpy(dtype=float)
    reach = h * (GAUSSIAN_CUTOFF if kernel_name == "gaussian" else 1.0)
    slices = []
    for mid in np.arange(0.0, (last - first) / day + 1e-9, s):
        w = kernel(kernel_name, (t_days - mid) / h)
        middle = first + pd.Timedelta(days=float(mid))
        slices.append(TimeSlice(middle - pd.Timedelta(days=reach), middle + pd.Timedelta(days=reach), middle,
                                int(np.count_nonzero(w)), w))
    return slices


def networks_over_time(frame: pd.DataFrame, slices: list[TimeSlice], **options) -> Iterator[tuple[TimeSlice, Network]]:
    """The network of each slice (options as for :func:`standpunkt.analysis.network.network`).

    Empty slices yield an empty network rather than being skipped, so the sequence stays evenly spaced.
    """
    for s in slices:
        yield s, network(frame, weights=s.weights, **options)


def whole_range(frame: pd.DataFrame) -> TimeSlice:
    """One slice holding every statement (undated ones too): the static network as a one-slice series."""
    dates = frame["date"].dropna()
    start = dates.min() if len(dates) else pd.NaT
    stop = dates.max() + pd.Timedelta(days=1) if len(dates) else pd.NaT
    middle = start + (stop - start) / 2 if len(dates) else pd.NaT
    return TimeSlice(start, stop, middle, len(frame), np.ones(len(frame)))


def slice_dates(s: TimeSlice) -> dict[str, str | None]:
    """A slice's start, stop (exclusive) and middle as ISO days (None when the selection has no dates)."""
    return {k: (None if pd.isna(v) else v.date().isoformat())
            for k, v in (("start", s.start), ("stop", s.stop), ("middle", s.middle))}
