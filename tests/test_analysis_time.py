"""Moving windows and kernel slices: boundaries, counts, and the kernel formulas."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from standpunkt.analysis.frame import AnalysisError, statement_frame
from standpunkt.analysis.network import network
from standpunkt.analysis.stance import stance_matrix, timeline
from standpunkt.analysis.time import kernel, kernel_slices, moving_windows, networks_over_time


def dated(*dates, actor="A", concept="c"):
    return statement_frame([{"id": i, "actor": actor, "concept": concept, "agreement": "support", "date": d}
                            for i, d in enumerate(dates, start=1)])


def test_kernel_formulas():
    u = np.array([0.0, 0.5, -0.5, 1.0, 1.5])
    assert kernel("uniform", u).tolist() == [0.5, 0.5, 0.5, 0.5, 0.0]
    assert kernel("triangular", u).tolist() == [1.0, 0.5, 0.5, 0.0, 0.0]
    assert kernel("epanechnikov", u).tolist() == [0.75, 0.5625, 0.5625, 0.0, 0.0]
    g = kernel("gaussian", np.array([0.0, 1.0, 2.0, 3.5]))
    assert g[0] == pytest.approx(1 / math.sqrt(2 * math.pi))
    assert g[1] == pytest.approx(math.exp(-0.5) / math.sqrt(2 * math.pi))
    assert g[2] == pytest.approx(math.exp(-2) / math.sqrt(2 * math.pi))
    assert g[3] == 0.0  # beyond the documented cut at 3 bandwidths
    with pytest.raises(AnalysisError):
        kernel("cosine", u)


@pytest.mark.parametrize("name, mass", [("uniform", 1.0), ("triangular", 1.0), ("epanechnikov", 1.0),
                                        ("gaussian", 0.9973)])
def test_kernels_are_densities(name, mass):
    x = np.linspace(-4, 4, 80001)
    assert np.trapezoid(kernel(name, x), x) == pytest.approx(mass, abs=1e-3)


def test_kernel_slice_weights():
    f = dated("2011-01-01", "2011-01-11", "2011-01-21")
    slices = kernel_slices(f, kernel_name="epanechnikov", bandwidth=10, unit="days", step=10)
    assert [s.middle for s in slices] == [pd.Timestamp(d) for d in ("2011-01-01", "2011-01-11", "2011-01-21")]
    assert slices[1].weights.tolist() == [0.0, 0.75, 0.0]  # u = -1, 0, 1
    assert slices[1].count == 1
    tri = kernel_slices(f, kernel_name="triangular", bandwidth=20, step=10)
    assert tri[1].weights.tolist() == [0.5, 1.0, 0.5]
    assert tri[1].start == pd.Timestamp("2010-12-22") and tri[1].stop == pd.Timestamp("2011-01-31")
    # the network of a slice weighs each statement by its kernel value
    net = network(f, weights=tri[1].weights)
    assert net.matrix.loc["A", "c"] == pytest.approx(2.0)
    weekly = kernel_slices(f, kernel_name="uniform", bandwidth=1, unit="weeks", step=1)
    assert len(weekly) == 3 and weekly[0].weights.tolist() == [0.5, 0.0, 0.0]


def test_moving_windows_days():
    f = dated("2011-01-01", "2011-01-05", "2011-01-10", "2011-01-31")
    w = moving_windows(f, unit="days", size=7, step=7)
    assert [(s.start.date().isoformat(), s.stop.date().isoformat(), s.count) for s in w] == [
        ("2011-01-01", "2011-01-08", 2), ("2011-01-08", "2011-01-15", 1), ("2011-01-15", "2011-01-22", 0),
        ("2011-01-22", "2011-01-29", 0), ("2011-01-29", "2011-02-05", 1)]
    assert w[0].middle == pd.Timestamp("2011-01-04 12:00")


def test_moving_windows_months_and_years_are_calendar_units():
    f = dated("2011-01-31", "2011-02-28", "2011-03-01", "2012-01-15")
    months = moving_windows(f, unit="months", size=1)
    assert months[0].start == pd.Timestamp("2011-01-31") and months[0].stop == pd.Timestamp("2011-02-28")
    assert sum(s.count for s in months) == 4
    years = moving_windows(f, unit="years", size=1)  # anchored at the first statement: [2011-01-31, 2012-01-31)
    assert [s.count for s in years] == [4]
    assert [s.count for s in moving_windows(dated("2011-01-01", "2011-12-31", "2012-01-01"), unit="years", size=1)] \
        == [2, 1]


def test_overlapping_windows_and_events():
    f = dated("2011-01-01", "2011-01-02", "2011-01-03", "2011-01-04")
    w = moving_windows(f, unit="days", size=2, step=1)
    assert [s.count for s in w] == [2, 2, 2]  # the last window is the first that covers the last statement
    ev = moving_windows(f, unit="events", size=2, step=1)
    assert [s.count for s in ev] == [2, 2, 2]
    assert ev[1].start == pd.Timestamp("2011-01-02") and ev[1].stop == pd.Timestamp("2011-01-04")
    with pytest.raises(AnalysisError):
        moving_windows(f, unit="fortnights")


def test_networks_over_time_keep_empty_slices():
    f = dated("2011-01-01", "2011-01-31")
    series = list(networks_over_time(f, moving_windows(f, unit="days", size=10), type="twomode"))
    assert [n.matrix.size for _, n in series] == [1, 0, 0, 1]


def test_undated_statements_cannot_be_sliced():
    f = statement_frame([{"id": 1, "actor": "A", "concept": "c", "agreement": "support"}])
    with pytest.raises(AnalysisError, match="no date"):
        moving_windows(f)


def test_stance_matrix_and_timeline():
    f = statement_frame([
        {"id": 1, "actor": "A", "concept": "c", "agreement": "support", "date": "2011-01-05"},
        {"id": 2, "actor": "A", "concept": "c", "agreement": "conditional", "date": "2011-01-20"},
        {"id": 3, "actor": "A", "concept": "d", "agreement": "oppose", "date": "2011-02-05"},
        {"id": 4, "actor": "B", "concept": "c", "agreement": "neutral", "date": "2012-01-05"},
    ])
    m = stance_matrix(f)
    assert m.loc["A", "c"] == 0.75 and m.loc["A", "d"] == -1 and m.loc["B", "c"] == 0
    assert math.isnan(m.loc["B", "d"])
    assert stance_matrix(f, value="count").loc["A", "c"] == 2
    assert math.isnan(stance_matrix(f, min_statements=2).loc["A", "d"])
    t = timeline(f, freq="month")
    jan_2011 = t[(t["period"] == pd.Timestamp("2011-01-01")) & (t["actor"] == "A")].iloc[0]
    assert jan_2011["statements"] == 2 and jan_2011["mean_stance"] == 0.75 and jan_2011["conditional"] == 1
    # January 2012 is its own period, not merged with January 2011
    assert len(t[t["period"] == pd.Timestamp("2012-01-01")]) == 1


def test_weekly_timeline_uses_iso_weeks():
    # Mon 26 Feb and Sun 3 Mar 2024 are one ISO week; Mon 4 Mar starts the next
    f = dated("2024-02-26", "2024-03-03", "2024-03-04")
    t = timeline(f, freq="week")
    assert [(p.date().isoformat(), n) for p, n in zip(t["period"], t["statements"])] == [
        ("2024-02-26", 2), ("2024-03-04", 1)]


def test_moving_windows_weeks():
    f = dated("2011-01-03", "2011-01-09", "2011-01-10", "2011-01-24")  # Mon, Sun, Mon, Mon
    w = moving_windows(f, unit="weeks", size=1)
    assert [(s.start.date().isoformat(), s.count) for s in w] == [
        ("2011-01-03", 2), ("2011-01-10", 1), ("2011-01-17", 0), ("2011-01-24", 1)]
    two = moving_windows(f, unit="weeks", size=2, step=1)
    assert [s.count for s in two] == [3, 1, 1]


def test_duplicates_are_judged_within_each_slice():
    """An identical earlier statement outside a window must not remove the one inside it."""
    f = dated("2011-01-01", "2011-02-01", "2011-02-02")
    windows = moving_windows(f, unit="months", size=1)
    counts = [n.matrix.to_numpy().sum() for _, n in networks_over_time(f, windows, duplicates="range")]
    assert counts == [1.0, 1.0]  # January: one; February: two identical statements → one
    counts = [n.matrix.to_numpy().sum() for _, n in networks_over_time(f, windows, duplicates="none")]
    assert counts == [1.0, 2.0]
