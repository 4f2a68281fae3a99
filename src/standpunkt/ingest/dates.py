"""Publication dates: always timezone-aware. A date without a time or zone is taken as midnight UTC."""

from __future__ import annotations

import time
from datetime import datetime, timezone

from dateutil import parser as dateparser


def parse_datetime(value: object) -> datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        dt = value
    elif isinstance(value, (int, float)):
        dt = datetime.fromtimestamp(float(value), tz=timezone.utc)
    elif isinstance(value, time.struct_time):
        dt = datetime(*value[:6], tzinfo=timezone.utc)
    else:
        try:
            dt = dateparser.parse(str(value))
        except (ValueError, OverflowError):
            return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    return dt
