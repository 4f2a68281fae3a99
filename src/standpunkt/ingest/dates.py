"""Publication dates: always timezone-aware. A date without a time or zone is taken as midnight UTC."""

from __future__ import annotations

import time
from datetime import datetime, timezone

from dateutil import parser as dateparser


MAX_DATE_CHARS = 100  # longer than any written date; dateutil is slow on megabytes of "date"


def parse_datetime(value: object) -> datetime | None:
    """The date ``value`` stands for, or None where it is unreadable (out of range, NaN, nonsense)."""
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        if isinstance(value, datetime):
            dt = value
        elif isinstance(value, (int, float)):
            dt = datetime.fromtimestamp(float(value), tz=timezone.utc)
        elif isinstance(value, time.struct_time):
            dt = datetime(*value[:6], tzinfo=timezone.utc)
        elif isinstance(value, str) and len(value) <= MAX_DATE_CHARS:
            dt = dateparser.parse(value)
        else:
            return None
    except (ValueError, OverflowError, OSError, TypeError):
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    return dt
