"""The command line: thin, every command parses its arguments and calls a library function."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from typer.core import TyperGroup

from standpunkt.errors import StandpunktError

class _Group(TyperGroup):
    """Turns library errors into one red line and exit code 1, for every command (and for CliRunner in tests)."""

    def invoke(self, ctx):  # noqa: ANN001, ANN201
        try:
            return super().invoke(ctx)
        except StandpunktError as exc:
            err_console.print(f"[bold red]error:[/] {exc}", highlight=False, soft_wrap=True)
            raise typer.Exit(1) from None


app = typer.Typer(help="standpunkt: who stands where in German political news.", no_args_is_help=True,
                  pretty_exceptions_enable=False, cls=_Group)
evaluate_app = typer.Typer(help="Score components against gold data.", no_args_is_help=True, cls=_Group)
app.add_typer(evaluate_app, name="evaluate")

console = Console()
err_console = Console(stderr=True)

DbOption = typer.Option(None, "--db", envvar="STANDPUNKT_DB",
                        help="Store URL (sqlite:///file.db, postgresql+psycopg://...); default ./standpunkt.db")


def fail(message: str, code: int = 1) -> None:
    err_console.print(f"[bold red]error:[/] {message}", highlight=False)
    raise typer.Exit(code)


def _ingest_options(encoding: str, max_size_mb: float, text_field: str, title_field: str, url_field: str,
                    outlet_field: str, date_field: str, outlet: Optional[str]):
    from standpunkt.ingest import IngestOptions

    return IngestOptions(encoding=encoding, max_bytes=int(max_size_mb * 1_000_000), text_field=text_field,
                         title_field=title_field, url_field=url_field, outlet_field=outlet_field,
                         date_field=date_field, outlet=outlet)


EncodingOpt = typer.Option("utf-8", "--encoding", help="Encoding of text files and JSONL lines.")
MaxSizeOpt = typer.Option(10.0, "--max-size", help="Largest single document in MB; bigger files are refused.")
TextFieldOpt = typer.Option("text", "--text-field", help="JSONL: field holding the document text.")
TitleFieldOpt = typer.Option("title", "--title-field", help="JSONL: field holding the title.")
UrlFieldOpt = typer.Option("url", "--url-field", help="JSONL: field holding the URL.")
OutletFieldOpt = typer.Option("outlet", "--outlet-field", help="JSONL: field holding the outlet.")
DateFieldOpt = typer.Option("published", "--date-field", help="JSONL: field holding the publication date.")
OutletOpt = typer.Option(None, "--outlet", help="Outlet for documents whose source names none.")


@app.command()
def ingest(
    paths: list[Path] = typer.Argument(..., help="Files or directories (txt, html, rss/atom, jsonl, warc[.gz])."),
    db: Optional[str] = DbOption,
    encoding: str = EncodingOpt, max_size: float = MaxSizeOpt, text_field: str = TextFieldOpt,
    title_field: str = TitleFieldOpt, url_field: str = UrlFieldOpt, outlet_field: str = OutletFieldOpt,
    date_field: str = DateFieldOpt, outlet: Optional[str] = OutletOpt,
) -> None:
    """Read sources into the store. Re-ingesting the same content is a no-op; bad files are reported, not fatal."""
    from standpunkt.ingest.batch import ingest_paths
    from standpunkt.store import open_store

    options = _ingest_options(encoding, max_size, text_field, title_field, url_field, outlet_field, date_field,
                              outlet)
    with open_store(db) as store:
        report = ingest_paths(store, paths, options, console=err_console)
    _print_errors(report.errors)
    console.print(f"{report.new} new, {report.existing} already stored, {len(report.errors)} failed")
    raise typer.Exit(1 if report.errors else 0)


def _print_errors(errors: list) -> None:
    for error in errors:
        err_console.print(f"[red]error:[/] {error}", highlight=False, soft_wrap=True)


@app.command()
def analyze(
    paths: list[Path] = typer.Argument(..., help="Files or directories to ingest and analyse."),
    db: Optional[str] = DbOption,
    codebook: Optional[Path] = typer.Option(None, "--codebook", help="Codebook YAML: code statements with it."),
    registry: Optional[Path] = typer.Option(None, "--registry", help="Actor registry (YAML/CSV); default: shipped."),
    force: bool = typer.Option(False, "--force", help="Re-analyse documents already analysed by this version."),
    encoding: str = EncodingOpt, max_size: float = MaxSizeOpt, text_field: str = TextFieldOpt,
    title_field: str = TitleFieldOpt, url_field: str = UrlFieldOpt, outlet_field: str = OutletFieldOpt,
    date_field: str = DateFieldOpt, outlet: Optional[str] = OutletOpt,
) -> None:
    """Ingest, analyse (quotations, speakers, statements) and store; prints a summary and the stance matrix."""
    from standpunkt.workflow import analyze_paths, print_summary
    from standpunkt.pipeline import Settings
    from standpunkt.store import open_store

    settings = Settings(codebook=str(codebook) if codebook else None, registry=str(registry) if registry else None)
    options = _ingest_options(encoding, max_size, text_field, title_field, url_field, outlet_field, date_field,
                              outlet)
    with open_store(db) as store:
        report = analyze_paths(store, paths, options, settings, force=force, console=err_console)
        _print_errors(report.errors)
        print_summary(store, report, console)
    raise typer.Exit(1 if report.errors else 0)


@app.command()
def documents(
    db: Optional[str] = DbOption,
    search: Optional[str] = typer.Option(None, "--search", "-s", help="Only documents whose title or text contains this."),
    outlet: Optional[str] = typer.Option(None, "--outlet"),
    limit: int = typer.Option(50, "--limit"),
    offset: int = typer.Option(0, "--offset"),
) -> None:
    """List stored documents."""
    from rich.table import Table

    from standpunkt.store import open_store

    with open_store(db) as store:
        rows = store.documents(limit=limit, offset=offset, search=search, outlet=outlet)
        total = store.count_documents(search=search, outlet=outlet)
    table = Table(title=f"{total} documents" + (f" (showing {offset + 1}–{offset + len(rows)})" if rows else ""))
    for col in ("id", "published", "outlet", "title", "chars", "quotes", "stmts"):
        table.add_column(col)
    for r in rows:
        table.add_row(r["id"][:12], r["published"].date().isoformat() if r["published"] else "", r["outlet"] or "",
                      (r["title"] or "")[:60], str(r["length"]), str(r["quotations"]), str(r["statements"]))
    console.print(table)


@app.command()
def show(
    doc_id: str = typer.Argument(..., help="Document id (a unique prefix is enough)."),
    db: Optional[str] = DbOption,
    text: bool = typer.Option(True, "--text/--no-text", help="Print the full text."),
) -> None:
    """Show one document: metadata, text, and its quotations."""
    from standpunkt.store import open_store

    with open_store(db) as store:
        doc = store.get_document(doc_id)
        quotes = store.quotations(document_id=doc.id, limit=None)
    console.print(f"[bold]{doc.title or '(untitled)'}[/]", highlight=False)
    for label, value in (("id", doc.id), ("url", doc.url), ("outlet", doc.outlet), ("author", doc.author),
                         ("published", doc.published.isoformat() if doc.published else None),
                         ("language", doc.language), ("source", doc.source)):
        if value:
            console.print(f"[dim]{label}:[/] {value}", highlight=False)
    if text:
        console.print()
        console.print(doc.text, highlight=False, markup=False)
    if quotes:
        console.print(f"\n[bold]{len(quotes)} quotations[/]")
        for q in quotes:
            message = " … ".join(doc.text[s:e] for s, e in q["message"])
            console.print(f"[cyan]{q['speaker_name'] or '?'}[/] [dim]({q['form']})[/]: {message}", highlight=False)


@app.command()
def quotes(
    db: Optional[str] = DbOption,
    document: Optional[str] = typer.Option(None, "--document", "-d", help="Only this document (id prefix)."),
    limit: int = typer.Option(100, "--limit"),
    offset: int = typer.Option(0, "--offset"),
    fmt: str = typer.Option("table", "--format", help="table or jsonl"),
) -> None:
    """List stored quotations with speaker, form and message text."""
    import json

    from rich.table import Table

    from standpunkt.store import open_store

    with open_store(db) as store:
        doc_id = store.get_document(document).id if document else None
        rows = store.quotations(document_id=doc_id, limit=limit, offset=offset)
        texts = {i: store.get_document(i).text for i in {r["document_id"] for r in rows}}
    if fmt == "jsonl":
        for r in rows:
            out = {k: r[k] for k in ("document_id", "idx", "form", "medium", "message", "cue", "speaker",
                                     "addressee", "frame", "speaker_name", "confidence")}
            out["message_text"] = " … ".join(texts[r["document_id"]][s:e] for s, e in r["message"])
            print(json.dumps(out, ensure_ascii=False))
        return
    table = Table(title=f"{len(rows)} quotations")
    for col in ("doc", "#", "speaker", "form", "cue", "message"):
        table.add_column(col, overflow="fold")
    for r in rows:
        text = texts[r["document_id"]]
        table.add_row(r["document_id"][:8], str(r["idx"]), r["speaker_name"] or "", r["form"],
                      " ".join(text[s:e] for s, e in (r["cue"] or [])),
                      " … ".join(text[s:e] for s, e in r["message"])[:200])
    console.print(table)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
