"""The statement frame: one pandas DataFrame that every network, matrix, timeline and export reads.

Whatever the statements come from (the store, a ``.dna`` file, a statements CSV), they are first turned into this
frame by :func:`statement_frame`, so the analysis code has exactly one input shape. One row per statement.

Agreement → DNA qualifier
-------------------------
standpunkt has four agreement labels; DNA has a boolean or an integer qualifier. Two documented schemes:

``boolean`` (DNA's default ``agreement`` variable)
    support → 1, conditional → 1 (a conditional "yes" is agreement; the condition stays in the ``condition``
    column and the ``.dna`` export writes it into its own variable), oppose → 0, neutral → no qualifier.
    A neutral statement takes no side, so it counts where the qualifier is ignored (two-mode ``ignore``,
    one-mode ``cooccurrence``, activity) and nowhere else.
``integer`` (graded, range 4)
    oppose → −2, neutral → 0, conditional → +1, support → +2. Congruence between two statements on the same
    concept weighs ``1 − |q1 − q2| / 4`` (support–conditional 0.75, support–neutral 0.5, support–oppose 0);
    conflict weighs ``|q1 − q2| / 4``.

The stance *score* used by the stance matrix and timelines is the integer qualifier / 2, i.e. in [−1, 1]:
support 1, conditional 0.5, neutral 0, oppose −1.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import date, datetime
from typing import Any

import numpy as np
import pandas as pd

from standpunkt.errors import StandpunktError
from standpunkt.model import AGREEMENTS
from standpunkt.store.filters import StatementFilter

#: Columns every statement frame has, in this order (extra columns are kept after them).
FRAME_COLUMNS: tuple[str, ...] = (
    "id", "document_id", "date", "actor", "actor_kind", "role", "organisation", "party", "country", "concept",
    "agreement", "confidence", "form", "reviewed", "origin", "outlet", "document_title", "document_author",
    "document_source", "published", "condition", "evidence",
)

QUALIFIER_SCHEMES: tuple[str, ...] = ("boolean", "integer")
BOOLEAN_QUALIFIER: dict[str, float] = {"support": 1.0, "conditional": 1.0, "oppose": 0.0, "neutral": np.nan}
INTEGER_QUALIFIER: dict[str, float] = {"oppose": -2.0, "neutral": 0.0, "conditional": 1.0, "support": 2.0}
INTEGER_RANGE = 4.0  # max − min of INTEGER_QUALIFIER
STANCE_SCORE: dict[str, float] = {k: v / 2.0 for k, v in INTEGER_QUALIFIER.items()}
#: Levels a statement's qualifier can take in each scheme (NaN = no qualifier), for per-qualifier matrices.
QUALIFIER_LEVELS: dict[str, tuple[float, ...]] = {"boolean": (1.0, 0.0), "integer": (-2.0, 0.0, 1.0, 2.0)}
QUALIFIER_RANGE: dict[str, float] = {"boolean": 1.0, "integer": INTEGER_RANGE}

#: Actor aggregation levels: the frame column that replaces ``actor``.
AGGREGATION_LEVELS: tuple[str, ...] = ("person", "organisation", "party", "country")

#: Spellings of agreement accepted when reading files (lower-cased).
AGREEMENT_ALIASES: dict[str, str] = {
    "support": "support", "supports": "support", "agree": "support", "yes": "support", "true": "support",
    "1": "support", "+1": "support", "1.0": "support", "pro": "support", "+": "support", "2": "support",
    "oppose": "oppose", "opposes": "oppose", "disagree": "oppose", "no": "oppose", "false": "oppose",
    "0": "oppose", "-1": "oppose", "−1": "oppose", "-1.0": "oppose", "contra": "oppose", "-": "oppose",
    "-2": "oppose",
    "conditional": "conditional", "condition": "conditional",
    "neutral": "neutral", "none": "neutral",
}


class AnalysisError(StandpunktError):
    """An analysis was asked for something impossible (unknown option, empty selection, bad window...)."""


def normalise_agreement(value: Any) -> str:
    """Map a file's agreement spelling to one of :data:`standpunkt.model.AGREEMENTS`."""
    key = str(value).strip().lower()
    if key in AGREEMENT_ALIASES:
        return AGREEMENT_ALIASES[key]
    raise AnalysisError(f"unknown agreement value {value!r} (use {', '.join(AGREEMENTS)} or 1/-1, agree/disagree)")


def _to_day(values: pd.Series) -> pd.Series:
    """Dates as midnight timestamps (datetime64[ns], no zone): the resolution of all calendar arithmetic."""
    out = pd.to_datetime(values, errors="coerce", utc=True)
    return out.dt.tz_localize(None).dt.normalize()


def statement_frame(rows: Iterable[Mapping[str, Any]] | pd.DataFrame) -> pd.DataFrame:
    """Turn store rows (:meth:`Store.statements`) or imported statement dicts into the statement frame.

    Missing columns are added empty; ``date`` falls back to the document's publication day; agreement labels are
    validated. The result is sorted by date then id (the order "earlier" refers to in duplicate handling).
    """
    df = rows.copy() if isinstance(rows, pd.DataFrame) else pd.DataFrame.from_records(list(rows))
    for col in FRAME_COLUMNS:
        if col not in df.columns:
            df[col] = None
    if df.empty:
        df = df.astype({"id": "int64"})
    if df["id"].isna().any():
        df["id"] = np.arange(1, len(df) + 1)
    df["actor"] = df["actor"].astype("string")
    df["concept"] = df["concept"].astype("string")
    if df["actor"].isna().any() or df["concept"].isna().any():
        raise AnalysisError("every statement needs an actor and a concept")
    bad = sorted(set(df["agreement"].dropna()) - set(AGREEMENTS))
    if bad or df["agreement"].isna().any():
        raise AnalysisError(f"unknown agreement values {bad or ['<missing>']} (expected {', '.join(AGREEMENTS)})")
    published = _to_day(df["published"]) if len(df) else pd.Series([], dtype="datetime64[ns]")
    day = _to_day(df["date"]) if len(df) else pd.Series([], dtype="datetime64[ns]")
    df["date"] = day.fillna(published).astype("datetime64[ns]")
    df["confidence"] = pd.to_numeric(df["confidence"], errors="coerce").fillna(1.0)
    df["reviewed"] = df["reviewed"].fillna(False).astype(bool)
    for col in ("condition", "evidence"):  # span lists; missing values (NaN from mixed records) become []
        df[col] = [[list(p) for p in v] if isinstance(v, (list, tuple)) else [] for v in df[col]]
    df["actor_kind"] = df["actor_kind"].fillna("person")
    df = df.sort_values(["date", "id"], kind="stable", na_position="last").reset_index(drop=True)
    ordered = list(FRAME_COLUMNS) + [c for c in df.columns if c not in FRAME_COLUMNS]
    return df[ordered]


def frame_from_store(store: Any, filters: StatementFilter | None = None) -> pd.DataFrame:
    """The effective statements of a store (reviews applied, rejected ones left out) as a statement frame."""
    filters = filters or StatementFilter()
    # forms are filtered below: the store knows forms only through quotations, imports keep theirs in meta
    rows = store.statements(replace(filters, forms=[]))
    for row in rows:  # imported statements keep their form in meta (they have no quotation)
        if row.get("form") is None and isinstance(row.get("meta"), dict):
            row["form"] = row["meta"].get("form")
    frame = statement_frame(rows)
    if filters.forms:
        frame = frame[frame["form"].isin(list(filters.forms))].reset_index(drop=True)
    return frame


def documents_for(store: Any, frame: pd.DataFrame) -> dict[str, Any]:
    """The stored documents (full text) behind a frame's statements, for exports that show evidence text."""
    ids = [d for d in frame["document_id"].dropna().unique()]
    return {d: store.get_document(d) for d in ids}


def qualifiers(frame: pd.DataFrame, scheme: str = "boolean") -> np.ndarray:
    """Each statement's DNA qualifier under ``scheme`` (NaN where it has none, i.e. neutral in ``boolean``)."""
    if scheme not in QUALIFIER_SCHEMES:
        raise AnalysisError(f"unknown qualifier scheme {scheme!r} ({', '.join(QUALIFIER_SCHEMES)})")
    table = BOOLEAN_QUALIFIER if scheme == "boolean" else INTEGER_QUALIFIER
    return frame["agreement"].map(table).to_numpy(dtype=float)


def stance_scores(frame: pd.DataFrame) -> np.ndarray:
    """Stance score per statement in [−1, 1] (support 1, conditional 0.5, neutral 0, oppose −1)."""
    return frame["agreement"].map(STANCE_SCORE).to_numpy(dtype=float)


def aggregate_actors(frame: pd.DataFrame, level: str = "person", *, drop_unaffiliated: bool = False) -> pd.DataFrame:
    """Replace each statement's actor by its organisation, party or country (``person`` leaves it alone).

    Actors without that affiliation keep their own name (a party speaking as itself has no party), unless
    ``drop_unaffiliated``. The original name is kept in ``speaker``.
    """
    if level not in AGGREGATION_LEVELS:
        raise AnalysisError(f"unknown aggregation level {level!r} ({', '.join(AGGREGATION_LEVELS)})")
    if level == "person":
        return frame
    out = frame.copy()
    out["speaker"] = out["actor"]
    group = out[level].astype("string").str.strip().replace("", pd.NA)
    if drop_unaffiliated:
        out = out.loc[group.notna().to_numpy()].copy()
        group = group.loc[out.index]
    out["actor"] = group.fillna(out["actor"]).astype("string")
    out["actor_kind"] = np.where(group.notna(), "country" if level == "country" else "organisation",
                                 out["actor_kind"])
    return out.reset_index(drop=True)


def node_attributes(frame: pd.DataFrame, column: str) -> pd.DataFrame:
    """Per node (actor or concept): statement count and, for actors, the most frequent affiliations."""
    if column not in ("actor", "concept"):
        raise AnalysisError(f"nodes are actors or concepts, not {column!r}")
    keys = frame[column].astype(str)
    attrs = pd.DataFrame({"statements": keys.value_counts()}).sort_index()
    attrs.index.name = column
    if column == "actor":
        for col in ("actor_kind", "organisation", "party", "country"):
            attrs[col] = _most_frequent(keys, frame[col]).reindex(attrs.index)
        attrs = attrs.astype(object).where(attrs.notna(), None)
    return attrs


def _most_frequent(keys: pd.Series, values: pd.Series) -> pd.Series:
    """The most frequent non-missing value per key (ties: alphabetical), vectorised for millions of rows."""
    df = pd.DataFrame({"k": keys.to_numpy(), "v": values.astype("string").to_numpy()}).dropna()
    if df.empty:
        return pd.Series(dtype=object)
    counts = df.groupby(["k", "v"], sort=False).size().reset_index(name="n")
    counts = counts.sort_values(["k", "n", "v"], ascending=[True, False, True], kind="stable")
    return counts.drop_duplicates("k").set_index("k")["v"].astype(object)


def as_date(value: str | date | datetime | None) -> date | None:
    """Parse a ``YYYY-MM-DD`` option value; a clear error for anything else."""
    if value is None or isinstance(value, date):
        return value.date() if isinstance(value, datetime) else value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise AnalysisError(f"not a date: {value!r} (use YYYY-MM-DD)") from None
