"""Output files: one CSV separator and one overwrite rule for every command that writes files (issue 15).

Every CSV standpunkt writes (matrix, event list, timeline, analysis tables, slice indexes, ``statements --format
csv``) is separated by ``;`` unless ``--sep`` says otherwise; DNA's own CSVs and the web app's downloads use ``;``
too. A command never replaces an existing file unless given ``--overwrite``, and it checks every file it is going
to write before it writes the first one, so a refused run leaves nothing half-written.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from standpunkt.errors import StandpunktError

CSV_SEP = ";"
#: What ``--sep`` accepts (a name or the character itself) and the separator it means.
SEPARATORS = {";": ";", ",": ",", "|": "|", "tab": "\t", "\\t": "\t", "\t": "\t"}


class OutputExists(StandpunktError):
    """An output file exists and ``--overwrite`` was not given."""


def csv_sep(value: str | None) -> str:
    """The separator ``--sep`` names (default ``;``); anything else is an error listing the choices."""
    if value is None:
        return CSV_SEP
    if value not in SEPARATORS:
        raise StandpunktError(f"--sep: {value!r} is not a CSV separator (choose ';', ',', '|' or tab)")
    return SEPARATORS[value]


def check_outputs(paths: Iterable[str | Path], overwrite: bool = False) -> None:
    """Refuse (naming the first) if any of ``paths`` exists and ``overwrite`` is false; a path that is a folder
    is never replaced."""
    for path in map(Path, paths):
        if path.is_dir():
            raise OutputExists(f"{path} is a folder; give a file name")
        if path.exists() and not overwrite:
            raise OutputExists(f"{path} exists (use --overwrite to replace it)")
