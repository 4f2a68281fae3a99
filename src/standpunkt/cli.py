"""The command line: thin, every command parses its arguments and calls a library function."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console

from standpunkt.errors import StandpunktError

app = typer.Typer(help="standpunkt: who stands where in German political news.", no_args_is_help=True,
                  pretty_exceptions_enable=False)
evaluate_app = typer.Typer(help="Score components against gold data.", no_args_is_help=True)
app.add_typer(evaluate_app, name="evaluate")

console = Console()
err_console = Console(stderr=True)

DbOption = typer.Option(None, "--db", envvar="STANDPUNKT_DB",
                        help="Store URL (sqlite:///file.db, postgresql+psycopg://...); default ./standpunkt.db")


def fail(message: str, code: int = 1) -> None:
    err_console.print(f"[bold red]error:[/] {message}", highlight=False)
    raise typer.Exit(code)


def main() -> None:
    try:
        app()
    except StandpunktError as exc:
        err_console.print(f"[bold red]error:[/] {exc}", highlight=False)
        sys.exit(1)


if __name__ == "__main__":
    main()
