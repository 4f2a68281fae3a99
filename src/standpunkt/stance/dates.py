"""The claim date: when the text says when something was said ("am Montag", "gestern", "am 26. Februar").

Relative expressions are resolved against the document date; without a document date there is no claim date.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

WEEKDAYS = {"montag": 0, "dienstag": 1, "mittwoch": 2, "donnerstag": 3, "freitag": 4, "samstag": 5,
            "sonnabend": 5, "sonntag": 6}
MONTHS = {"januar": 1, "jänner": 1, "februar": 2, "märz": 3, "april": 4, "mai": 5, "juni": 6, "juli": 7,
          "august": 8, "september": 9, "oktober": 10, "november": 11, "dezember": 12}
RELATIVE = {"vorgestern": -2, "gestern": -1, "heute": 0}
_WEEKDAY_RE = re.compile(r"\b(?:am|vom|seit)\s+(" + "|".join(WEEKDAYS) + r")(?:abend|morgen|nachmittag|vormittag)?\b",
                         re.IGNORECASE)
_RELATIVE_RE = re.compile(r"\b(" + "|".join(RELATIVE) + r")\b", re.IGNORECASE)
_DATE_RE = re.compile(r"\bam\s+(\d{1,2})\.\s*(" + "|".join(MONTHS) + r")(?:\s+(\d{4}))?", re.IGNORECASE)


def claim_date(text: str, document_date: date | None) -> date | None:
    """The date a frame ("erklärte Scholz am Montag") names, relative to the document date; else None."""
    if document_date is None or not text:
        return None
    m = _DATE_RE.search(text)
    if m:
        day, month = int(m.group(1)), MONTHS[m.group(2).lower()]
        year = int(m.group(3)) if m.group(3) else document_date.year
        try:
            found = date(year, month, day)
        except ValueError:
            return None
        if not m.group(3) and found > document_date:
            found = found.replace(year=year - 1)
        return found
    m = _WEEKDAY_RE.search(text)
    if m:
        back = (document_date.weekday() - WEEKDAYS[m.group(1).lower()]) % 7
        return document_date - timedelta(days=back)
    m = _RELATIVE_RE.search(text)
    if m:
        return document_date + timedelta(days=RELATIVE[m.group(1).lower()])
    return None
