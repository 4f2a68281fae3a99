"""The command line: thin, every command parses its arguments and calls a library function."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Any, Optional

import typer
from rich.console import Console
from typer.core import TyperGroup

from standpunkt.errors import StandpunktError, shorten

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


def _print_version(value: bool) -> None:
    if value:
        from standpunkt import __version__
        from standpunkt.pipeline import Settings

        print(f"standpunkt {__version__}")
        # what `runs` and stored analyses show, to tell whether they came from this install
        print(f"pipeline {Settings(ner='crf', quotes='crf').version} (default settings; a codebook, registry or "
              "variant changes it)")
        raise typer.Exit()


@app.callback()
def _main(version: bool = typer.Option(False, "--version", callback=_print_version, is_eager=True,
                                       help="Print the version and exit.")) -> None:
    """standpunkt: who stands where in German political news."""

DbOption = typer.Option(None, "--db", envvar="STANDPUNKT_DB",
                        help="Store URL (sqlite:///file.db, postgresql+psycopg://...); default ./standpunkt.db")


def fail(message: str, code: int = 1) -> None:
    err_console.print(f"[bold red]error:[/] {message}", highlight=False)
    raise typer.Exit(code)


def _embedding_option(embedding: Optional[str]) -> str:
    """``--embedding``'s value, the default embedding when not given; an unknown name stops with the known ones."""
    from standpunkt.stance.embed import DEFAULT_EMBEDDING, EMBEDDINGS

    embedding = embedding or DEFAULT_EMBEDDING
    if embedding not in EMBEDDINGS:
        fail(f"--embedding must be one of {', '.join(EMBEDDINGS)}, not {embedding!r}")
    return embedding


def _ingest_options(encoding: str, max_size_mb: float, text_field: str, title_field: str, url_field: str,
                    outlet_field: str, date_field: str, outlet: Optional[str], day: Optional[str] = None):
    from datetime import date

    from standpunkt.ingest import IngestOptions

    try:
        default_date = date.fromisoformat(day) if day else None
    except ValueError:
        fail(f"--date: {day!r} is not a date (YYYY-MM-DD)")
    return IngestOptions(encoding=encoding, max_bytes=int(max_size_mb * 1_000_000), text_field=text_field,
                         title_field=title_field, url_field=url_field, outlet_field=outlet_field,
                         date_field=date_field, outlet=outlet, date=default_date)


EncodingOpt = typer.Option("utf-8", "--encoding", help="Encoding of text files and JSONL lines.")
MaxSizeOpt = typer.Option(10.0, "--max-size", help="Largest single document in MB; bigger files are refused.")
TextFieldOpt = typer.Option("text", "--text-field", help="JSONL: field holding the document text.")
TitleFieldOpt = typer.Option("title", "--title-field", help="JSONL: field holding the title.")
UrlFieldOpt = typer.Option("url", "--url-field", help="JSONL: field holding the URL.")
OutletFieldOpt = typer.Option("outlet", "--outlet-field", help="JSONL: field holding the outlet.")
DateFieldOpt = typer.Option("published", "--date-field", help="JSONL: field holding the publication date.")
OutletOpt = typer.Option(None, "--outlet", help="Outlet for documents whose source names none.")
DateOpt = typer.Option(None, "--date", help="Publication date (YYYY-MM-DD) for documents whose source names none; "
                       "also fills it in for stored documents without one.")
CodebookOpt = typer.Option(None, "--codebook", help="Codebook YAML: code statements with it.")
RegistryOpt = typer.Option(None, "--registry", help="Actor registry (YAML/CSV); default: shipped.")
ForceOpt = typer.Option(False, "--force", help="Re-analyse documents already analysed by this version, and "
                        "replace statements another codebook coded (reviewed and hand-coded ones are always kept).")
NerOpt = typer.Option(None, "--ner", help="NER model: crf (default), or an opt-in encoder variant: e5, e5ft "
                      "(multilingual-e5-small where the CRF is unsure), e5-all, e5ft-all (on every sentence); "
                      "default: $STANDPUNKT_NER, else crf. Slower; docs/language.md.")
QuotesOpt = typer.Option(None, "--quotes", help="Quotation model: crf (default) or e5 (opt-in: the CRF with a "
                         "fine-tuned multilingual-e5-small tagger on sentences with a quotation candidate); default: "
                         "$STANDPUNKT_QUOTES, else crf. Slower; docs/speech.md.")
FastOpt = typer.Option(False, "--fast", help="No fine-tuned encoder pass anywhere, for corpora where speed matters "
                       "more: the crf NER and quotation models whatever STANDPUNKT_NER / STANDPUNKT_QUOTES say, and "
                       "statements coded without the codebook model's fine-tuned e5 head (its SVMs alone).")
TimeBudgetOpt = typer.Option(120.0, "--time-budget", min=0, help="Seconds one document may take; a slower one "
                             "fails (0: no limit).")


JsonFormatOpt = typer.Option(None, "--format", help="table or json (--json is short for --format json).")
# every command that writes files: one CSV separator and one overwrite rule (standpunkt.export.files)
SepOpt = typer.Option(";", "--sep", help="CSV separator: ';' (default), ',', '|' or tab.")
OverwriteOpt = typer.Option(False, "--overwrite", help="Replace existing output files (else an existing file is "
                            "refused before anything is written).")


def _wants_json(as_json: bool, out_format: str | None) -> bool:
    """One vocabulary: every command that prints a report takes --format table|json; --json stays a shorthand."""
    if out_format not in (None, "table", "json"):
        raise StandpunktError(f"unknown format {out_format!r} (table, json)")
    return as_json or out_format == "json"


@app.command()
def ingest(
    paths: list[Path] = typer.Argument(..., help="Files or directories (txt, html, rss/atom, jsonl, warc[.gz])."),
    db: Optional[str] = DbOption,
    encoding: str = EncodingOpt, max_size: float = MaxSizeOpt, text_field: str = TextFieldOpt,
    title_field: str = TitleFieldOpt, url_field: str = UrlFieldOpt, outlet_field: str = OutletFieldOpt,
    date_field: str = DateFieldOpt, outlet: Optional[str] = OutletOpt, day: Optional[str] = DateOpt,
) -> None:
    """Read sources into the store. Re-ingesting the same content is a no-op; bad files are reported, not fatal."""
    from standpunkt.commands.ingest import ingest_paths
    from standpunkt.store import open_store

    options = _ingest_options(encoding, max_size, text_field, title_field, url_field, outlet_field, date_field,
                              outlet, day)
    with open_store(db) as store:
        report = ingest_paths(store, paths, options, console=err_console)
    _print_errors(report.errors)
    console.print(f"{report.new} new, {report.existing} already stored, {len(report.errors)} failed")
    raise typer.Exit(1 if report.errors else 0)


def _check_variants(ner: Optional[str], quotes: Optional[str], fast: bool = False) -> None:
    """``--ner`` / ``--quotes`` or, without them, ``STANDPUNKT_NER`` / ``STANDPUNKT_QUOTES``: an unknown variant
    stops before anything is read, naming where it came from and the known ones; ``--fast`` with an encoder variant
    is a contradiction (``--fast`` alone overrides the environment)."""
    from standpunkt.language.entities import NER_VARIANTS
    from standpunkt.pipeline import DEFAULT_VARIANT, NER_ENV, QUOTES_ENV, _env_variant
    from standpunkt.speech.detector import QUOTE_MODELS

    for option, value, env, known in (("--ner", ner, NER_ENV, NER_VARIANTS),
                                      ("--quotes", quotes, QUOTES_ENV, tuple(QUOTE_MODELS))):
        if fast and value not in (None, DEFAULT_VARIANT):
            fail(f"--fast runs no encoder variant: leave out {option} {value}")
        if fast:
            continue
        source = option if value is not None else f"the environment variable {env}"
        value = value if value is not None else _env_variant(env)
        if value not in known:
            fail(f"{source} must be one of {', '.join(known)}, not {value!r}")


def _settings(codebook: Optional[Path], registry: Optional[Path], time_budget: float = 0.0,
              ner: Optional[str] = None, quotes: Optional[str] = None, fast: bool = False) -> Any:
    """Pipeline settings naming the codebook and registry by absolute path (workers may run elsewhere) and the
    model variants (None: not chosen here; the environment's or the default, or a resumed run's)."""
    from standpunkt.pipeline import Settings

    _check_variants(ner, quotes, fast)
    return Settings(codebook=str(codebook.resolve()) if codebook else None,
                    registry=str(registry.resolve()) if registry else None, time_budget_s=time_budget or None,
                    ner=ner, quotes=quotes, fast=fast)


def _warn(message: str) -> None:
    err_console.print(f"[yellow]warning:[/] {message}", highlight=False, soft_wrap=True)


@contextmanager
def _steps(title: str):  # noqa: ANN202
    """A progress bar on stderr for a long command's steps: yields ``progress(what, done, total)``."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn(f"{title}: {{task.description}}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=err_console, transient=True) as bar:
        task = bar.add_task("starting", total=None)

        def progress(what: str, done: int, total: int) -> None:
            bar.update(task, description=what, completed=done, total=total)

        yield progress


def _print_errors(errors: list) -> None:
    for error in errors:
        err_console.print(f"[red]error:[/] {error}", highlight=False, soft_wrap=True)


@app.command()
def analyze(
    paths: list[Path] = typer.Argument(..., help="Files or directories to ingest and analyse."),
    db: Optional[str] = DbOption,
    codebook: Optional[Path] = CodebookOpt, registry: Optional[Path] = RegistryOpt, force: bool = ForceOpt,
    time_budget: float = TimeBudgetOpt, ner: Optional[str] = NerOpt, quotes: Optional[str] = QuotesOpt,
    fast: bool = FastOpt,
    encoding: str = EncodingOpt, max_size: float = MaxSizeOpt, text_field: str = TextFieldOpt,
    title_field: str = TitleFieldOpt, url_field: str = UrlFieldOpt, outlet_field: str = OutletFieldOpt,
    date_field: str = DateFieldOpt, outlet: Optional[str] = OutletOpt, day: Optional[str] = DateOpt,
) -> None:
    """Ingest, analyse (quotations, speakers, statements) and store; prints a summary and the stance matrix."""
    from standpunkt.run.driver import analyze_in_process
    from standpunkt.run.progress import RichProgress
    from standpunkt.store import open_store
    from standpunkt.commands.analyze import print_summary

    settings = _settings(codebook, registry, time_budget, ner, quotes, fast)
    options = _ingest_options(encoding, max_size, text_field, title_field, url_field, outlet_field, date_field,
                              outlet, day)
    with open_store(db) as store:
        report = analyze_in_process(store, paths, settings, ingest=options, force=force,
                                    progress=RichProgress(err_console))
        _print_errors([reason if reason.startswith(key) else f"{key}: {reason}" for key, reason in report.failures])
        print_summary(store, report, console)
    raise typer.Exit(1 if report.failed else 0)


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
                      shorten(r["title"] or "", 60), str(r["length"]), str(r["quotations"]), str(r["statements"]))
    console.print(table)


@app.command()
def show(
    doc_id: str = typer.Argument(..., help="Document id (a unique prefix is enough)."),
    db: Optional[str] = DbOption,
    text: bool = typer.Option(True, "--text/--no-text", help="Print the full text."),
) -> None:
    """Show one document: metadata, text, and its quotations with their speakers' actors."""
    from rich.markup import escape

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
            who = escape(q["actor"] or q["speaker_name"] or "?")
            console.print(f"[cyan]{who}[/] [dim]({q['form']})[/]: {escape(message)}", highlight=False)


@app.command()
def quotes(
    db: Optional[str] = DbOption,
    document: Optional[str] = typer.Option(None, "--document", "-d", help="Only this document (id prefix)."),
    limit: int = typer.Option(100, "--limit"),
    offset: int = typer.Option(0, "--offset"),
    fmt: str = typer.Option("table", "--format", help="table or jsonl"),
) -> None:
    """List stored quotations with their speaker's actor, form, cue and message text."""
    import json

    from rich.table import Table
    from rich.text import Text

    from standpunkt.store import open_store

    with open_store(db) as store:
        doc_id = store.get_document(document).id if document else None
        rows = store.quotations(document_id=doc_id, limit=limit, offset=offset)
        texts = {i: store.get_document(i).text for i in {r["document_id"] for r in rows}}
    if fmt == "jsonl":
        for r in rows:
            out = {k: r[k] for k in ("document_id", "idx", "form", "medium", "message", "cue", "speaker",
                                     "addressee", "frame", "speaker_name", "confidence", "actor", "actor_kind",
                                     "actor_role", "actor_candidate")}
            out["message_text"] = " … ".join(texts[r["document_id"]][s:e] for s, e in r["message"])
            print(json.dumps(out, ensure_ascii=False))
        return
    # the message takes the width the others leave (ratios); words wrap, a longer word is cut with "…"
    table = Table(title=f"{len(rows)} quotations", expand=True,
                  caption="? candidate: inferred from text; dim: a speaker not resolved to an actor" if rows else None)
    for col, ratio in (("doc", None), ("#", None), ("actor", 5), ("form", None), ("cue", 3), ("message", 9)):
        table.add_column(col, overflow="ellipsis", no_wrap=col in ("doc", "#"), ratio=ratio,
                         max_width=10 if col == "form" else None)
    for r in rows:
        text = texts[r["document_id"]]
        if r["actor"]:  # the name, then kind and role on the next line
            who = Text(r["actor"] + (" ?" if r["actor_candidate"] else ""))
            who.append("\n" + ", ".join(v for v in (r["actor_kind"], r["actor_role"]) if v), style="dim")
        else:
            who = Text(r["speaker_name"] or "", style="dim")
        table.add_row(r["document_id"][:8], str(r["idx"]), who, r["form"],
                      " ".join(text[s:e] for s, e in (r["cue"] or [])),
                      shorten(" … ".join(text[s:e] for s, e in r["message"]), 200))
    console.print(table)


@app.command()
def extract(
    paths: list[Path] = typer.Argument(..., help="Files or directories (txt, html, rss/atom, jsonl, warc[.gz])."),
    fmt: str = typer.Option("jsonl", "--format", help="jsonl: one JSON object per document on stdout."),
    codebook: Optional[Path] = typer.Option(None, "--codebook", help="Codebook YAML: add \"statements\" coded "
                                            "with it."),
    registry: Optional[Path] = RegistryOpt, time_budget: float = TimeBudgetOpt, ner: Optional[str] = NerOpt,
    quotes: Optional[str] = QuotesOpt, fast: bool = FastOpt,
    encoding: str = EncodingOpt, max_size: float = MaxSizeOpt, text_field: str = TextFieldOpt,
    title_field: str = TitleFieldOpt, url_field: str = UrlFieldOpt, outlet_field: str = OutletFieldOpt,
    date_field: str = DateFieldOpt, outlet: Optional[str] = OutletOpt, day: Optional[str] = DateOpt,
) -> None:
    """Find quotations and their speakers without storing: {"source", "text", "quotations": [...]} per document
    (and "statements" with --codebook)."""
    import json
    import sys

    from standpunkt.errors import InputError
    from standpunkt.commands.extract import extract_records

    if fmt != "jsonl":
        fail(f"unknown --format {fmt!r} (supported: jsonl)")
    options = _ingest_options(encoding, max_size, text_field, title_field, url_field, outlet_field, date_field,
                              outlet, day)
    failed = 0
    settings = _settings(codebook, registry, time_budget, ner, quotes, fast)
    for record in extract_records(paths, options, settings):
        if isinstance(record, InputError):
            failed += 1
            _print_errors([record])
            continue
        sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
        sys.stdout.flush()
    raise typer.Exit(1 if failed else 0)


@evaluate_app.command("quotes")
def evaluate_quotes(
    directory: Path = typer.Argument(..., help="Folder of quotes-de-news gold files (*.json)."),
    as_json: bool = typer.Option(False, "--json", help="Print the scores as one JSON object."),
    out_format: Optional[str] = JsonFormatOpt, ner: Optional[str] = NerOpt, quotes: Optional[str] = QuotesOpt,
    fast: bool = FastOpt,
) -> None:
    """Score quotation detection: message/roles/joint P/R/F1, form and medium, speaker accuracy, per form."""
    import json

    from standpunkt.evaluate.quotes import evaluate_quotes_dir, format_scores

    from rich.progress import track

    _check_variants(ner, quotes, fast)
    if fast:
        ner = quotes = "crf"
    scores = evaluate_quotes_dir(directory, ner=ner, quotes=quotes, progress=lambda docs: track(docs, description="documents",
                                                                          console=err_console, transient=True))
    if _wants_json(as_json, out_format):
        print(json.dumps(scores.to_json(), ensure_ascii=False))
    else:
        console.print(format_scores(scores), highlight=False, markup=False)


@evaluate_app.command("statements")
def evaluate_statements(
    directory: Path = typer.Argument(..., help="Folder with gold.jsonl, articles/ and codebooks/ (e.g. e2e-dev/part-a)."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="List every miss, wrong position and false positive."),
    out: Optional[Path] = typer.Option(None, "--out", help="Also write the predictions, one <id>.jsonl per article "
                                       "(standpunkt extract's format, for the reference scorer)."),
    registry: Optional[Path] = typer.Option(None, "--registry", help="Actor registry (default: the shipped one)."),
    as_json: bool = typer.Option(False, "--json", help="Print the scores as one JSON object."),
    out_format: Optional[str] = JsonFormatOpt, overwrite: bool = OverwriteOpt, ner: Optional[str] = NerOpt,
    quotes: Optional[str] = QuotesOpt, fast: bool = FastOpt,
) -> None:
    """End to end: run the pipeline on every article with its codebook and score (actor, concept, agreement)."""
    import json

    from rich.progress import track

    from standpunkt.corpora.e2e import read_gold
    from standpunkt.evaluate.statements import format_scores, predict, score, write_predictions
    from standpunkt.export.files import check_outputs

    _check_variants(ner, quotes, fast)
    articles = read_gold(directory)
    if out is not None:
        check_outputs([out / f"{a.id}.jsonl" for a in articles], overwrite)
    predictions, texts = predict(directory, articles, registry=str(registry.resolve()) if registry else None,
                                 ner=ner, quotes=quotes, fast=fast, progress=lambda items: track(items, description="articles", console=err_console,
                                                              transient=True))
    if out is not None:
        write_predictions(out, predictions, texts)
    scores = score(articles, predictions)
    if _wants_json(as_json, out_format):
        print(json.dumps(scores.to_json(), ensure_ascii=False))
    else:
        console.print(format_scores(scores, texts, verbose=verbose), highlight=False, markup=False, soft_wrap=True)


@evaluate_app.command("language")
def evaluate_language_cmd(
    ud_dir: Path = typer.Option(Path("../shared/data/ud-german"), "--ud-dir",
                                help="UD German folder (GSD test, PUD test CoNLL-U)."),
    germeval_dir: Path = typer.Option(Path("../shared/data/germeval2014"), "--germeval-dir",
                                      help="GermEval 2014 folder (dev.tsv, test.tsv)."),
    limit: Optional[int] = typer.Option(None, "--limit", min=1, help="At most this many sentences per data set."),
    dev: bool = typer.Option(False, "--dev", help="Also score UD GSD dev (the tuning set)."),
    ner: str = typer.Option("crf", "--ner", help="NER variant: crf (default), e5 (opt-in, contextual e5 token "
                                                  "features) or e5ft (opt-in, fine-tuned e5 tagger), both with the "
                                                  "encoder only where the CRF is unsure; e5-all / e5ft-all: on "
                                                  "every sentence."),
    ner_only: bool = typer.Option(False, "--ner-only", help="Only the GermEval NER figures."),
) -> None:
    """Language layer on held-out data: STTS/UPOS/lemma accuracy, Mood=Sub and Konjunktiv I P/R/F, sentence F1, NER."""
    from standpunkt.language.evaluation import evaluate_language

    from standpunkt.language.entities import NER_VARIANTS

    if ner not in NER_VARIANTS:
        raise typer.BadParameter("--ner must be one of " + ", ".join(NER_VARIANTS))
    for name, value in evaluate_language(ud_dir, germeval_dir, limit=limit, include_dev=dev, ner=ner,
                                         ner_only=ner_only):
        print(f"{name}: {value:.4f}", flush=True)


# ---------------------------------------------------------------- actors, codebooks, statements (issue 5)
codebook_app = typer.Typer(help="Codebooks of issues and concepts: validate, show, train.", no_args_is_help=True,
                           cls=_Group)
app.add_typer(codebook_app, name="codebook")


@codebook_app.command("validate")
def codebook_validate(path: Path = typer.Argument(..., help="Codebook YAML file.")) -> None:
    """Check a codebook (and its trained model, if any); exit 1 with the first problem."""
    from standpunkt.commands.codebook import validate_codebook

    console.print(validate_codebook(path), highlight=False, soft_wrap=True)


@codebook_app.command("show")
def codebook_show(
    path: Path = typer.Argument(..., help="Codebook YAML file."),
    as_json: bool = typer.Option(False, "--json", help="Print the codebook as JSON."),
    out_format: Optional[str] = JsonFormatOpt,
) -> None:
    """List a codebook's issues and concepts with their keywords."""
    from standpunkt.stance.codebook import dumps_summary, load_codebook
    from standpunkt.commands.codebook import codebook_table

    if _wants_json(as_json, out_format):
        print(dumps_summary(load_codebook(path)))
    else:
        console.print(codebook_table(path))


@codebook_app.command("train")
def codebook_train(
    path: Path = typer.Argument(..., help="Codebook YAML file."),
    data: list[Path] = typer.Option([], "--data", help="Labelled statements (JSONL: text, concept, agreement, "
                                    "actor; or DebateNet claims), repeatable; added to the codebook's examples."),
    out: Optional[Path] = typer.Option(None, "--out", help="Model folder (default: the codebook's 'model:', or "
                                       "<codebook>.model beside it; never inside the installed package)."),
    embedding: Optional[str] = typer.Option(None, "--embedding", help="Sentence embedding block: e5 "
                                            "(multilingual-e5-small, the default) or use (Universal Sentence "
                                            "Encoder, faster)."),
) -> None:
    """Train the codebook's concept and agreement classifier from labelled statements."""
    from standpunkt.commands.codebook import train_codebook

    embedding = _embedding_option(embedding)
    with _steps("training") as progress:
        summary = train_codebook(path, data, out, embedding, progress=progress)
    console.print(summary, highlight=False, soft_wrap=True)


@app.command("learn")
def learn_command(
    codebook: Path = typer.Option(..., "--codebook", help="Codebook YAML whose statements were coded (as given to "
                                  "analyze/run)."),
    data: list[Path] = typer.Option([], "--data", help="Labelled statements (JSONL as for `codebook train`, or "
                                    "DebateNet claims), repeatable; added to the reviews and the codebook's examples."),
    db: Optional[str] = DbOption,
    executor: str = typer.Option("inprocess", "--executor", help="Re-coding run: inprocess, local (process pool), "
                                 "dask or spark."),
    workers: Optional[int] = typer.Option(None, "--workers", min=1, help="Worker processes of the re-coding run."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", help="Dask scheduler / Spark master URL."),
    recode: bool = typer.Option(True, "--recode/--no-recode", help="Re-code the unreviewed statements with the new "
                                "model (default) or only train and report."),
    resume: bool = typer.Option(False, "--resume", help="Finish the interrupted re-coding of the newest unfinished "
                                "learn run of this codebook (its model is kept)."),
    self_train: bool = typer.Option(True, "--self-train/--no-self-train", help="Also learn from the unreviewed "
                                    "statements the new model codes confidently and with the rule coder's concept "
                                    "(default), or from reviews, examples and --data only."),
    embedding: Optional[str] = typer.Option(None, "--embedding", help="Sentence embedding of the learned models: "
                                            "e5 or use (default: that of the codebook's current model, else e5)."),
    as_json: bool = typer.Option(False, "--json", help="Print the report as one JSON object."),
) -> None:
    """Learn from the coders: train the codebook's concept and agreement models on reviewed, edited and hand-coded
    statements (plus the codebook's examples and --data), report cross-validated accuracy, save the model as a new
    version beside the codebook, and re-code the statements nobody has reviewed yet (reviewed ones never change)."""
    import json

    from standpunkt.run.progress import RichProgress
    from standpunkt.commands.learn import LearnOptions, format_report, learn, resume_learn
    from standpunkt.store import open_store

    if embedding is not None:
        embedding = _embedding_option(embedding)
    options = LearnOptions(data=[str(d) for d in data], executor=executor, workers=workers, scheduler=scheduler,
                           recode=recode, self_train=self_train, embedding=embedding)
    with open_store(db) as store:
        run = resume_learn if resume else learn
        report = run(store, codebook, options, progress=RichProgress(err_console))
    if as_json:
        print(json.dumps({"learn_id": report.learn_id, "codebook": report.codebook, "version": report.version,
                          "model_dir": report.model_dir, "status": report.status, "run_id": report.run_id,
                          **report.stats()}, ensure_ascii=False))
    else:
        console.print(format_report(report), highlight=False, soft_wrap=True)
    raise typer.Exit(1 if report.failed_documents else 0)


@app.command("statements")
def statements_cmd(
    db: Optional[str] = DbOption,
    actor: list[str] = typer.Option([], "--actor", help="Only these actors (canonical names; repeatable)."),
    concept: list[str] = typer.Option([], "--concept", help="Only these concepts (repeatable)."),
    agreement: list[str] = typer.Option([], "--agreement", help="support, oppose, conditional, neutral."),
    document: Optional[str] = typer.Option(None, "--document", help="Only this document id."),
    date_from: Optional[str] = typer.Option(None, "--from", help="From this date (YYYY-MM-DD)."),
    date_to: Optional[str] = typer.Option(None, "--to", help="Up to this date (YYYY-MM-DD)."),
    level: str = typer.Option("person", "--level", "--aggregate", help="Show actors as person, organisation, "
                              "party or country."),
    min_confidence: Optional[float] = typer.Option(None, "--min-confidence", help="Drop machine statements below."),
    reviewed_only: bool = typer.Option(False, "--reviewed-only", help="Only statements a person reviewed."),
    candidates: bool = typer.Option(False, "--candidates", help="Only statements of candidate (inferred) actors."),
    limit: Optional[int] = typer.Option(None, "--limit", help="At most this many statements."),
    fmt: str = typer.Option("table", "--format", help="table, jsonl or csv."),
    sep: str = SepOpt,
) -> None:
    """List coded statements (actor, concept, agreement, condition, evidence) after human review."""
    import sys
    from datetime import date as _date

    from standpunkt.commands.codebook import format_statements, statement_rows
    from standpunkt.store.filters import StatementFilter
    from standpunkt.export.files import csv_sep

    def _day(value: Optional[str], flag: str) -> Optional[_date]:
        if not value:
            return None
        try:
            return _date.fromisoformat(value)
        except ValueError:
            fail(f"{flag}: {value!r} is not a date (YYYY-MM-DD)")
        return None

    where = StatementFilter(actors=actor, concepts=concept, agreements=agreement, document_id=document,
                            date_from=_day(date_from, "--from"), date_to=_day(date_to, "--to"),
                            min_confidence=min_confidence, reviewed_only=reviewed_only)
    rows = statement_rows(db, where, level=level, candidates_only=candidates, limit=limit)
    out = format_statements(rows, fmt, csv_sep(sep))
    if isinstance(out, str):
        sys.stdout.write(out)
    else:
        console.print(out)


@app.command("actors")
def actors_cmd(
    db: Optional[str] = DbOption,
    candidates: bool = typer.Option(False, "--candidates", help="Only actors inferred from text (to review)."),
    as_json: bool = typer.Option(False, "--json", help="One JSON object per actor and line."),
    out_format: Optional[str] = JsonFormatOpt,
) -> None:
    """List the actors in the store; --candidates lists those inferred from text that await review."""
    import json

    from standpunkt.commands.codebook import actor_rows, actors_table

    if _wants_json(as_json, out_format):
        for row in actor_rows(db, candidates=True if candidates else None):
            print(json.dumps(row, ensure_ascii=False))
    else:
        console.print(actors_table(db, candidates=True if candidates else None))


@evaluate_app.command("stance")
def evaluate_stance(
    claims: Optional[Path] = typer.Argument(None, help="DebateNet claims JSONL for grouped cross-validation."),
    train: Optional[Path] = typer.Option(None, "--train", help="Train on this claims file ..."),
    test: Optional[Path] = typer.Option(None, "--test", help="... and score on this one."),
    folds: int = typer.Option(5, "--folds", help="Cross-validation folds (grouped by doc_id)."),
    seed: int = typer.Option(13, "--seed", help="Fold shuffling seed."),
    embedding: Optional[str] = typer.Option(None, "--embedding",
                                            help="Sentence encoder of the models: e5 (multilingual-e5-small, the "
                                            "default of `codebook train`) or use."),
    nested: bool = typer.Option(False, "--nested", help="Choose the classifier's settings in each training part by "
                                "an inner grouped CV (nested CV; about 15x the time)."),
    as_json: bool = typer.Option(False, "--json", help="Print the scores as one JSON object."),
    out_format: Optional[str] = JsonFormatOpt,
) -> None:
    """Concept (major category) and polarity macro-F1 on DebateNet-format claims."""
    import json

    from standpunkt.evaluate.stance import cross_validate, format_scores, train_test

    embedding = _embedding_option(embedding)
    if (train is None) != (test is None):
        fail("give both --train and --test, or a claims file for cross-validation")
    if nested and train is not None:
        fail("--nested applies to cross-validation, not to --train/--test")
    if train is not None and test is not None:
        with _steps("train/test") as progress:
            scores = train_test(train, test, embedding=embedding, progress=progress)
    elif claims is not None:
        if folds < 2:
            fail("--folds must be at least 2")
        with _steps("cross-validation") as progress:
            scores = cross_validate(claims, folds=folds, seed=seed, embedding=embedding, nested=nested,
                                    progress=progress)
    else:
        fail("give a claims file (cross-validation) or --train A.jsonl --test B.jsonl")
        return
    if _wants_json(as_json, out_format):
        print(json.dumps(scores.to_json(), ensure_ascii=False))
    else:
        console.print(format_scores(scores), highlight=False, markup=False, soft_wrap=True)


# ---------------------------------------------------------------- web app, users and API tokens (issue 7)
user_app = typer.Typer(help="Users who may review statements in the web app.", no_args_is_help=True, cls=_Group)
token_app = typer.Typer(help="API tokens for scripts that write through the JSON API.", no_args_is_help=True,
                        cls=_Group)
app.add_typer(user_app, name="user")
app.add_typer(token_app, name="token")


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="Interface to bind; other machines can reach the app only "
                             "if this is not 127.0.0.1 (then put it behind HTTPS)."),
    port: int = typer.Option(8000, "--port", help="TCP port."),
    db: Optional[str] = DbOption,
    secure_cookies: bool = typer.Option(False, "--secure-cookies", help="Behind TLS: session cookies only over "
                                        "HTTPS, and HSTS."),
) -> None:
    """Start the web app (pages, review, JSON API under /api/, OpenAPI docs at /api/docs) on the store."""
    import uvicorn

    from standpunkt.web import create_app

    if host not in ("127.0.0.1", "localhost", "::1"):
        err_console.print(f"[yellow]warning:[/] serving on {host}: anyone who can reach this address can read the "
                          "store; logins travel in clear text without HTTPS", highlight=False)
    web = create_app(db, https_only=secure_cookies)
    console.print(f"standpunkt on http://{host}:{port}/ (store {web.state.store.url})", highlight=False)
    uvicorn.run(web, host=host, port=port, log_level="warning")


@user_app.command("add")
def user_add(
    name: str = typer.Argument(..., help="Login name (letters, digits, . _ @ -)."),
    db: Optional[str] = DbOption,
    password_stdin: bool = typer.Option(False, "--password-stdin", help="Read the password from standard input "
                                        "(first line) instead of prompting."),
    replace: bool = typer.Option(False, "--replace", help="Set a new password for an existing user."),
    role: Optional[str] = typer.Option(None, "--role", help="admin (may change anyone's hand-coded statements), "
                                       "coder (codes and reviews; the default) or viewer (reads only)."),
) -> None:
    """Create a user who may log in to the web app and review statements."""
    import sys

    from standpunkt.store import open_store
    from standpunkt.store.auth import add_user

    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    with open_store(db) as store:
        add_user(store, name, password, replace=replace, role=role)
    console.print(f"user {name} {'updated' if replace else 'created'}", highlight=False)


@user_app.command("role")
def user_role_cmd(
    name: str = typer.Argument(..., help="Login name."),
    role: str = typer.Argument(..., help="admin, coder or viewer."),
    db: Optional[str] = DbOption,
) -> None:
    """Give a user another role: admin, coder or viewer."""
    from standpunkt.store import open_store
    from standpunkt.store.auth import set_role

    with open_store(db) as store:
        set_role(store, name, role)
    console.print(f"user {name} is now {role}", highlight=False)


@user_app.command("list")
def user_list(db: Optional[str] = DbOption) -> None:
    """The users with their roles."""
    from standpunkt.store import open_store
    from standpunkt.store.auth import users

    with open_store(db) as store:
        for u in users(store):
            console.print(f"{u['name']:<24} {u['role']}", highlight=False)


@user_app.command("remove")
def user_remove(
    name: str = typer.Argument(..., help="The user to remove (with their API tokens and sessions)."),
    db: Optional[str] = DbOption,
) -> None:
    """Remove a user: their logins, sessions and API tokens end at once; their reviews stay in the audit trail."""
    from standpunkt.store import open_store
    from standpunkt.store.auth import remove_user

    with open_store(db) as store:
        remove_user(store, name)
    console.print(f"user {name} removed", highlight=False)


@token_app.command("revoke")
def token_revoke(
    token: Optional[str] = typer.Argument(None, help="The token to revoke (as printed by `token create`)."),
    user: Optional[str] = typer.Option(None, "--user", help="Revoke every token and web session of this user."),
    db: Optional[str] = DbOption,
) -> None:
    """Revoke an API token, or all tokens and sessions of a user (--user)."""
    from standpunkt.store import open_store
    from standpunkt.store.auth import revoke_tokens

    if not token and not user:
        raise typer.BadParameter("give a TOKEN or --user NAME")
    with open_store(db) as store:
        n = revoke_tokens(store, token=token, user=None if token else user)
    console.print(f"{n} revoked", highlight=False)


@token_app.command("create")
def token_create(
    user: str = typer.Argument(..., help="The user the token acts as (reviews are recorded under this name)."),
    label: Optional[str] = typer.Option(None, "--label", help="A note on what the token is for."),
    db: Optional[str] = DbOption,
) -> None:
    """Create an API token (printed once; send it as `Authorization: Bearer TOKEN`)."""
    from standpunkt.store import open_store
    from standpunkt.store.auth import create_token

    with open_store(db) as store:
        token = create_token(store, user, label)
    print(token)


# ---------------------------------------------------------------- batch runs (issue 8)
@app.command("run")
def run_command(
    paths: Optional[list[Path]] = typer.Argument(None, help="Files or directories (txt, html, rss/atom, jsonl, "
                                                 "warc[.gz]); none with --resume."),
    executor: str = typer.Option("local", "--executor", help="local (process pool), dask (a dask.distributed "
                                 "cluster) or spark (needs standpunkt[spark] and Java)."),
    workers: Optional[int] = typer.Option(None, "--workers", min=1, help="Worker processes; default: every core "
                                          "(dask with --scheduler: the cluster's workers)."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", help="Dask scheduler (tcp://host:8786; default: a "
                                            "LocalCluster on this machine) or Spark master URL."),
    db: Optional[str] = DbOption,
    resume: Optional[str] = typer.Option(None, "--resume", metavar="RUN_ID", help="Finish an interrupted run: "
                                         "documents it stored are not redone, failed ones are retried."),
    force: bool = ForceOpt, codebook: Optional[Path] = CodebookOpt, registry: Optional[Path] = RegistryOpt,
    report_json: Optional[Path] = typer.Option(None, "--report-json", help="Also write the final report as JSON."),
    overwrite: bool = OverwriteOpt, time_budget: float = TimeBudgetOpt, ner: Optional[str] = NerOpt,
    quotes: Optional[str] = QuotesOpt, fast: bool = FastOpt,
    encoding: str = EncodingOpt, max_size: float = MaxSizeOpt, text_field: str = TextFieldOpt,
    title_field: str = TitleFieldOpt, url_field: str = UrlFieldOpt, outlet_field: str = OutletFieldOpt,
    date_field: str = DateFieldOpt, outlet: Optional[str] = OutletOpt, day: Optional[str] = DateOpt,
) -> None:
    """Analyse a corpus on all cores or a cluster, as a resumable run; exit code 1 if any document failed."""
    import json

    from standpunkt.export.files import check_outputs
    from standpunkt.run import RunInterrupted, RunOptions, run_corpus
    from standpunkt.run.progress import RichProgress, render_report
    from standpunkt.store import open_store

    if report_json:
        check_outputs([report_json], overwrite)
    settings = _settings(codebook, registry, time_budget, ner, quotes, fast)
    options = RunOptions(executor=executor, workers=workers, scheduler=scheduler, force=force)
    ingest = _ingest_options(encoding, max_size, text_field, title_field, url_field, outlet_field, date_field,
                             outlet, day)
    with open_store(db) as store:
        try:
            report = run_corpus(store, paths or [], settings, options=options, ingest=ingest, resume=resume,
                                progress=RichProgress(err_console))
        except RunInterrupted as exc:
            err_console.print(f"[yellow]{exc}[/]", highlight=False, soft_wrap=True)
            raise typer.Exit(130) from None
    render_report(report, console)
    if report.failed:
        console.print(f"retry the failed documents with: standpunkt run --resume {report.run_id}", highlight=False,
                      soft_wrap=True)
    if report_json:
        report_json.write_text(json.dumps({"run_id": report.run_id, "status": report.status,
                                           "pipeline_version": report.pipeline_version, **report.stats(),
                                           "failures": [{"key": k, "reason": r} for k, r in report.failures]},
                                          ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    raise typer.Exit(1 if report.failed else 0)


@app.command("runs")
def runs_command(
    run_id: Optional[str] = typer.Argument(None, help="Show this run (id or unique prefix); none: list runs."),
    db: Optional[str] = DbOption,
    failures: bool = typer.Option(False, "--failures", help="With RUN_ID: list every failed item and its reason."),
    limit: int = typer.Option(30, "--limit", min=1, help="How many runs to list, newest first."),
) -> None:
    """List runs (id, status, items done/skipped/failed) or show one run with its statistics and failures."""
    from rich.table import Column, Table

    from standpunkt.store import open_store
    from standpunkt.store import runs as runlog

    with open_store(db) as store:
        if run_id is None:
            table = Table("status", "executor", "done", "skipped", "failed", "started")
            table.columns.insert(0, Column("run", no_wrap=True))
            for info in runlog.list_runs(store, limit=limit):
                c = info.counts
                table.add_row(info.id, info.status, info.executor or "", str(c.get("done", 0)),
                              str(c.get("skipped", 0)), str(c.get("failed", 0)), f"{info.started_at:%Y-%m-%d %H:%M}")
            console.print(table)
            return
        info = runlog.get_run(store, run_id)
        console.print(f"run {info.id}: {info.status}, executor {info.executor}, pipeline {info.pipeline_version}",
                      highlight=False)
        console.print(f"inputs: {', '.join(info.inputs)}", highlight=False, soft_wrap=True)
        console.print(", ".join(f"{n} {s}" for s, n in sorted(info.counts.items())) or "no items yet",
                      highlight=False)
        for key, value in info.stats.items():
            console.print(f"  {key}: {value}", highlight=False)
        if failures:
            for key, reason in runlog.failed_items(store, info.id):
                console.print(f"[red]failed:[/] {key}: {reason}", highlight=False, soft_wrap=True)


# ---------------------------------------------------------------- discourse networks, matrices, exports (issue 6)
MappingOpt = typer.Option(None, "--mapping", help="Column mapping (YAML) for a statements CSV.")
ActorsOpt = typer.Option(None, "--actors", help="Actor attribute table (CSV) overriding the mapping's file.")
AggregateOpt = typer.Option("person", "--level", "--aggregate", help="Actors as: person, organisation, party, "
                            "country.")
DuplicatesOpt = typer.Option("none", "--duplicates", help="Drop repeated identical statements per: none, document, "
                             "week, month, year, range.")


#: The options that choose an analysis command's statements, declared once: parameter → (type, option, the field
#: of ``commands.analysis.Source`` or, as ``filters.x``, of its ``StatementFilter`` that takes the value). Every
#: command decorated with :func:`statement_source` takes them after its own options.
SOURCE_OPTIONS: dict[str, tuple[Any, Any, str]] = {
    "input": (Optional[Path], typer.Option(None, "--input", "-i", help="Analyse a .dna file or statements CSV "
                                           "instead of the store."), "input"),
    "mapping": (Optional[Path], MappingOpt, "mapping"),
    "actors": (Optional[Path], ActorsOpt, "actors_file"),
    "db": (Optional[str], DbOption, "db"),
    "date_from": (Optional[str], typer.Option(None, "--from", help="First statement date (YYYY-MM-DD)."),
                  "filters.date_from"),
    "date_to": (Optional[str], typer.Option(None, "--to", help="Last statement date (YYYY-MM-DD)."), "filters.date_to"),
    "actor": (list[str], typer.Option([], "--actor", help="Only these actors (repeatable)."), "filters.actors"),
    "concept": (list[str], typer.Option([], "--concept", help="Only these concepts (repeatable)."), "filters.concepts"),
    "outlet": (list[str], typer.Option([], "--outlet", "--in-outlet", help="Only statements from these outlets "
                                       "(repeatable)."), "filters.outlets"),
    "form": (list[str], typer.Option([], "--form", help="Only these forms of speech: Direct, Indirect, ... "
                                     "(repeatable)."), "filters.forms"),
    "min_confidence": (Optional[float], typer.Option(None, "--min-confidence", help="Drop machine statements below "
                                                     "this confidence (reviewed ones always pass)."),
                       "filters.min_confidence"),
    "reviewed_only": (bool, typer.Option(False, "--reviewed-only", help="Only statements a person has reviewed."),
                      "filters.reviewed_only"),
}


def _source(values: dict[str, Any]) -> Any:
    """The values of :data:`SOURCE_OPTIONS` as a ``Source`` with its ``StatementFilter``."""
    from standpunkt.analysis.frame import as_date
    from standpunkt.commands.analysis import Source
    from standpunkt.store.filters import StatementFilter

    fields = {target: values[name] for name, (_, _, target) in SOURCE_OPTIONS.items()}
    filters = {k.removeprefix("filters."): as_date(v) if k.startswith("filters.date_") else v
               for k, v in fields.items() if k.startswith("filters.")}
    return Source(filters=StatementFilter(**filters), **{k: v for k, v in fields.items() if "." not in k})


def statement_source(command: Any) -> Any:
    """Give a command the :data:`SOURCE_OPTIONS` (after its own options) and call it with ``source=`` built from
    them, so the dozen filter options are declared once rather than in every analysis command."""
    import functools
    import inspect

    signature = inspect.signature(command)
    own = [p for name, p in signature.parameters.items() if name != "source"]
    added = [inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=option, annotation=kind)
             for name, (kind, option, _) in SOURCE_OPTIONS.items()]

    @functools.wraps(command)
    def with_source(**values: Any) -> Any:
        source = _source({name: values.pop(name) for name in SOURCE_OPTIONS})
        return command(source=source, **values)

    with_source.__signature__ = signature.replace(parameters=[*own, *added])  # type: ignore[attr-defined]
    with_source.__annotations__ = {**{k: v for k, v in command.__annotations__.items() if k != "source"},
                                   **{name: kind for name, (kind, _, _) in SOURCE_OPTIONS.items()}}
    return with_source


@app.command("import")
def import_statements(
    files: list[Path] = typer.Argument(..., help=".dna files or statements CSV files."),
    mapping: Optional[Path] = MappingOpt, actors: Optional[Path] = ActorsOpt, db: Optional[str] = DbOption,
    statement_type: Optional[str] = typer.Option(None, "--statement-type", help=".dna: statement type to read "
                                                 "(default: standpunkt's, else 'DNA Statement')."),
    actor_variable: Optional[str] = typer.Option(None, "--actor-variable", help=".dna: variable naming the actor "
                                                 "(default person, else organization)."),
) -> None:
    """Import coded statements (DNA 3 files, CSV with a column mapping) into the store; re-importing adds nothing."""
    from standpunkt.errors import ConfigError, InputError
    from standpunkt.export.records import import_file
    from standpunkt.store import open_store

    failed = 0
    with open_store(db) as store:
        for path in files:  # a bad file is one error line; the files after it are still imported
            try:
                c = import_file(store, path, mapping=mapping, actors_file=actors, statement_type=statement_type,
                                actor_variable=actor_variable)
            except (InputError, ConfigError) as exc:
                failed += 1
                _print_errors([exc])
                continue
            console.print(f"{path}: {c['new']} new statements, {c['existing']} already imported, "
                          f"{c['documents']} new documents", highlight=False, soft_wrap=True)
    raise typer.Exit(1 if failed else 0)


@app.command("network")
@statement_source
def network_cmd(
    out: Path = typer.Option(..., "--out", "-o", help="Output file (per-slice files are numbered)."),
    sep: str = SepOpt, overwrite: bool = OverwriteOpt,
    type: str = typer.Option("twomode", "--type", help="twomode, congruence, conflict, subtract, cooccurrence."),  # noqa: A002
    normalization: str = typer.Option("none", "--normalization", help="twomode: none, activity, prominence; "
                                      "one-mode: none, average, jaccard, cosine."),
    qualifier_aggregation: str = typer.Option("ignore", "--qualifier", help="twomode: ignore, subtract, combine."),
    mode: str = typer.Option("actor", "--mode", help="One-mode networks over actor or concept."),
    scheme: str = typer.Option("boolean", "--scheme", help="Qualifier: boolean or integer (docs/analysis.md)."),
    fmt: str = typer.Option("graphml", "--format", "-f", help="csv, graphml, gexf, json, dl (UCINET/visone), png, "
                            "svg."),
    window: Optional[str] = typer.Option(None, "--window", help="Moving windows in events, days, weeks, months, "
                                         "years."),
    window_size: int = typer.Option(30, "--window-size", help="Window length in --window units."),
    window_step: Optional[int] = typer.Option(None, "--window-step", help="Shift between windows (default: size)."),
    kernel: Optional[str] = typer.Option(None, "--kernel", help="Kernel slices: uniform, gaussian, epanechnikov, "
                                         "triangular."),
    bandwidth: float = typer.Option(30.0, "--bandwidth", help="Kernel bandwidth in --kernel-unit."),
    kernel_unit: str = typer.Option("days", "--kernel-unit", help="days, weeks, months, years."),
    kernel_step: Optional[float] = typer.Option(None, "--kernel-step", help="Distance between slice middles, in "
                                                "--kernel-unit (default: a week: 7 days, 1 week, 1 month, 1 year)."),
    aggregate: str = AggregateOpt, duplicates: str = DuplicatesOpt,
    source: Any = None,
) -> None:
    """Discourse network (DNA semantics) as matrix CSV, GraphML, GEXF, JSON or a drawing; optionally over time."""
    from standpunkt.commands.analysis import TimeOptions, run_network
    from standpunkt.export.files import csv_sep

    time = TimeOptions(window_unit=window, window_size=window_size, window_step=window_step, kernel=kernel,
                       bandwidth=bandwidth, kernel_unit=kernel_unit, kernel_step=kernel_step)
    console.print(run_network(source, fmt=fmt, out=out, time=time, sep=csv_sep(sep), overwrite=overwrite, type=type,
                              normalization=normalization,
                              qualifier_aggregation=qualifier_aggregation, mode=mode, scheme=scheme,
                              aggregate=aggregate, duplicates=duplicates, warn=_warn), highlight=False,
                  soft_wrap=True)


@app.command("agreement")
def agreement_cmd(
    db: Optional[str] = DbOption,
    document: Optional[str] = typer.Option(None, "--document", help="Only this document (id or id prefix)."),
    coder: list[str] = typer.Option([], "--coder", help="Only these coders (repeatable; 'machine' for the "
                                    "machine's original values)."),
    fmt: str = typer.Option("table", "--format", "-f", help="table or json."),
) -> None:
    """Inter-coder reliability of the agreement values: Krippendorff's alpha (overall, per concept) and Cohen's
    kappa per pair of coders, people and the machine (docs/web.md)."""
    import json

    from rich.markup import escape
    from rich.table import Table

    from standpunkt.analysis.reliability import store_reliability
    from standpunkt.errors import StandpunktError
    from standpunkt.store import open_store

    if fmt not in ("table", "json"):
        raise StandpunktError(f"unknown format {fmt!r} (table, json)")
    from standpunkt.store.codebooks import store_codebook_view

    with open_store(db) as store:
        doc_id = store.get_document(document).id if document else None
        result = store_reliability(store, document_id=doc_id, coders=coder or None)
        view = store_codebook_view(store)
    if fmt == "json":
        print(json.dumps(result, ensure_ascii=False, indent=2))
        return

    def num(x: float | None) -> str:
        return "–" if x is None else f"{x:.3f}"

    console.print(f"{result['units']} units (document × actor × concept), {result['coded_twice']} coded by two or "
                  f"more coders\nKrippendorff's alpha (nominal): {num(result['alpha'])}", highlight=False)
    pairs = Table(title="Coder pairs", title_justify="left")
    for col in ("coder A", "coder B", "both", "only A", "only B", "same value", "kappa"):
        pairs.add_column(col, justify="right" if col not in ("coder A", "coder B") else "left")
    for p in result["pairs"]:
        pairs.add_row(p["coder_a"], p["coder_b"], str(p["both"]), str(p["only_a"]), str(p["only_b"]),
                      num(p["agreement"]), num(p["kappa"]))
    console.print(pairs)
    concepts = Table(title="Per concept", title_justify="left")
    for col in ("concept", "units", "coded twice", "alpha"):
        concepts.add_column(col, justify="left" if col == "concept" else "right", overflow="ellipsis",
                            max_width=60 if col == "concept" else None)
    for c in result["per_concept"]:
        concepts.add_row(escape(view.label(c["concept"])), str(c["units"]), str(c["coded_twice"]), num(c["alpha"]))
    console.print(concepts)


@app.command("matrix")
@statement_source
def matrix_cmd(
    out: Path = typer.Option(..., "--out", "-o", help="matrix .csv / .json, or heatmap .png / .svg."),
    sep: str = SepOpt, overwrite: bool = OverwriteOpt,
    value: str = typer.Option("mean", "--value", help="mean (stance −1…1), count, support, oppose, conditional, "
                              "neutral."),
    top: int = typer.Option(40, "--top", help="Most active actors and concepts shown (0 = all)."),
    min_statements: int = typer.Option(1, "--min-statements", help="Blank mean cells with fewer statements."),
    aggregate: str = AggregateOpt, duplicates: str = DuplicatesOpt,
    source: Any = None,
) -> None:
    """Stance matrix: who stands where on which concept (table or heatmap)."""
    from standpunkt.commands.analysis import run_matrix
    from standpunkt.export.files import csv_sep

    console.print(run_matrix(source, out=out, sep=csv_sep(sep), overwrite=overwrite, value=value, aggregate=aggregate, duplicates=duplicates,
                             top=top or None, min_statements=min_statements, warn=_warn), highlight=False,
                  soft_wrap=True)


@app.command("timeline")
@statement_source
def timeline_cmd(
    out: Path = typer.Option(..., "--out", "-o", help="table .csv / .json, or plot .png / .svg."),
    sep: str = SepOpt, overwrite: bool = OverwriteOpt,
    by: str = typer.Option("actor", "--by", help="One line per actor or concept."),
    freq: str = typer.Option("month", "--freq", help="day, week, month, quarter, year."),
    top: int = typer.Option(8, "--top", help="Most active actors/concepts (ignored with --actor/--concept)."),
    value: str = typer.Option("mean_stance", "--value", help="Plot mean_stance or a count column (statements, "
                              "support, oppose...)."),
    aggregate: str = AggregateOpt,
    source: Any = None,
) -> None:
    """Stances over time per actor or concept."""
    from standpunkt.commands.analysis import run_timeline
    from standpunkt.export.files import csv_sep

    groups = list(source.filters.actors if by == "actor" else source.filters.concepts) or None
    console.print(run_timeline(source, out=out, sep=csv_sep(sep), overwrite=overwrite, by=by, freq=freq, groups=groups, top=top or None,
                               aggregate=aggregate, value=value, warn=_warn), highlight=False, soft_wrap=True)


@app.command("export")
@statement_source
def export_cmd(
    out: Path = typer.Option(..., "--out", "-o", help="Output file."),
    fmt: str = typer.Option(..., "--format", "-f", help="dna (DNA 3 file), events (event list CSV), jsonl."),
    template: Optional[Path] = typer.Option(None, "--template", help="dna: write into a copy of this DNA-made "
                                            "file (keeps its coders and passwords)."),
    sep: str = SepOpt, overwrite: bool = OverwriteOpt,
    source: Any = None,
) -> None:
    """Export statements with their evidence: a .dna file for DNA 3, the event list CSV, or JSON lines."""
    from standpunkt.commands.analysis import run_export
    from standpunkt.export.files import csv_sep

    console.print(run_export(source, fmt=fmt, out=out, template=template, overwrite=overwrite,
                             sep=csv_sep(sep)), highlight=False, soft_wrap=True)


# ---------------------------------------------------------------- analyses: polarization, backbone, clusters (issue 19)
analyse_app = typer.Typer(help="Analyses of the discourse network: polarization, backbone, clusters, phases, actor "
                          "scaling. --out (repeatable) by suffix: .csv table, .json everything, .png/.svg plot.",
                          no_args_is_help=True, cls=_Group)
app.add_typer(analyse_app, name="analyse")
OutsOpt = typer.Option(..., "--out", "-o", help="Output file(s): .csv, .json, .png, .svg (repeatable).")
SchemeOpt = typer.Option("boolean", "--scheme", help="Qualifier: boolean or integer (docs/analysis.md).")
WindowOpt = typer.Option(None, "--window", help="Moving windows in events, days, weeks, months, years.")
WindowSizeOpt = typer.Option(30, "--window-size", help="Window length in --window units.")
WindowStepOpt = typer.Option(None, "--window-step", help="Shift between windows (default: size).")
KernelOpt = typer.Option(None, "--kernel", help="Kernel slices: uniform, gaussian, epanechnikov, triangular.")
BandwidthOpt = typer.Option(30.0, "--bandwidth", help="Kernel bandwidth in --kernel-unit.")
KernelUnitOpt = typer.Option("days", "--kernel-unit", help="days, weeks, months, years.")
KernelStepOpt = typer.Option(7.0, "--kernel-step", help="Distance between slice middles.")
SeedOpt = typer.Option(0, "--seed", help="Random seed (reruns give the same answer).")


def _time(window, window_size, window_step, kernel, bandwidth, kernel_unit, kernel_step):  # noqa: ANN001, ANN202
    from standpunkt.commands.analysis import TimeOptions

    return TimeOptions(window_unit=window, window_size=window_size, window_step=window_step, kernel=kernel,
                       bandwidth=bandwidth, kernel_unit=kernel_unit, kernel_step=kernel_step)


@analyse_app.command("polarization")
@statement_source
def analyse_polarization(
    out: list[Path] = OutsOpt, sep: str = SepOpt, overwrite: bool = OverwriteOpt,
    camps: Optional[Path] = typer.Option(None, "--camps", help="Also write window × actor camps (CSV)."),
    normalization: str = typer.Option("none", "--normalization", help="none, average, jaccard, cosine."),
    scheme: str = SchemeOpt, seed: int = SeedOpt,
    window: Optional[str] = WindowOpt, window_size: int = WindowSizeOpt, window_step: Optional[int] = WindowStepOpt,
    kernel: Optional[str] = KernelOpt, bandwidth: float = BandwidthOpt, kernel_unit: str = KernelUnitOpt,
    kernel_step: float = KernelStepOpt,
    aggregate: str = AggregateOpt, duplicates: str = DuplicatesOpt,
    source: Any = None,
) -> None:
    """Two camps maximising within-camp congruence and between-camp conflict (signed modularity), per window."""
    from standpunkt.commands.analysis import run_polarization
    from standpunkt.export.files import csv_sep

    time = _time(window, window_size, window_step, kernel, bandwidth, kernel_unit, kernel_step)
    console.print(run_polarization(source, outs=out, sep=csv_sep(sep), overwrite=overwrite,
                                   time=time, camps=camps, seed=seed, normalization=normalization,
                                   scheme=scheme, aggregate=aggregate, duplicates=duplicates),
                  highlight=False, soft_wrap=True)


@analyse_app.command("backbone")
@statement_source
def analyse_backbone(
    out: list[Path] = OutsOpt, sep: str = SepOpt, overwrite: bool = OverwriteOpt,
    type: str = typer.Option("congruence", "--type", help="congruence, conflict, cooccurrence."),  # noqa: A002
    normalization: str = typer.Option("average", "--normalization", help="none, average, jaccard, cosine."),
    tolerance: float = typer.Option(0.1, "--tolerance", help="Largest relative spectral loss of the backbone."),
    size: Optional[int] = typer.Option(None, "--size", help="Fixed backbone size (instead of --tolerance)."),
    scheme: str = SchemeOpt, aggregate: str = AggregateOpt, duplicates: str = DuplicatesOpt,
    source: Any = None,
) -> None:
    """The concepts that carry the actor network: nested ranking by spectral loss, loss-vs-size plot."""
    from standpunkt.commands.analysis import run_backbone
    from standpunkt.export.files import csv_sep

    console.print(run_backbone(source, outs=out, sep=csv_sep(sep), overwrite=overwrite, tolerance=tolerance, size=size, type=type,
                               normalization=normalization, scheme=scheme, aggregate=aggregate,
                               duplicates=duplicates), highlight=False, soft_wrap=True)


@analyse_app.command("clusters")
@statement_source
def analyse_clusters(
    out: list[Path] = OutsOpt, sep: str = SepOpt, overwrite: bool = OverwriteOpt,
    type: str = typer.Option("subtract", "--type", help="subtract, congruence, cooccurrence."),  # noqa: A002
    normalization: str = typer.Option("average", "--normalization", help="none, average, jaccard, cosine."),
    k: Optional[int] = typer.Option(None, "--k", help="Hierarchical clusters (default: best modularity)."),
    resolution: float = typer.Option(1.0, "--resolution", help="Louvain resolution (>1: smaller clusters)."),
    scheme: str = SchemeOpt, seed: int = SeedOpt, aggregate: str = AggregateOpt, duplicates: str = DuplicatesOpt,
    source: Any = None,
) -> None:
    """Actor communities: Louvain and average-linkage hierarchical clustering, with a dendrogram."""
    from standpunkt.commands.analysis import run_clusters
    from standpunkt.export.files import csv_sep

    console.print(run_clusters(source, outs=out, sep=csv_sep(sep), overwrite=overwrite, k=k, resolution=resolution, seed=seed, type=type,
                               normalization=normalization, scheme=scheme, aggregate=aggregate,
                               duplicates=duplicates), highlight=False, soft_wrap=True)


@analyse_app.command("phases")
@statement_source
def analyse_phases(
    out: list[Path] = OutsOpt, sep: str = SepOpt, overwrite: bool = OverwriteOpt,
    type: str = typer.Option("subtract", "--type", help="subtract, congruence, conflict, cooccurrence."),  # noqa: A002
    normalization: str = typer.Option("average", "--normalization", help="none, average, jaccard, cosine."),
    distance: str = typer.Option("cosine", "--distance", help="Window distance: cosine or absdiff."),
    k: Optional[int] = typer.Option(None, "--k", help="Number of phases (default: best silhouette)."),
    min_statements: int = typer.Option(1, "--min-statements", help="Windows with fewer statements get no phase."),
    window: Optional[str] = WindowOpt, window_size: int = WindowSizeOpt, window_step: Optional[int] = WindowStepOpt,
    kernel: Optional[str] = KernelOpt, bandwidth: float = BandwidthOpt, kernel_unit: str = KernelUnitOpt,
    kernel_step: float = KernelStepOpt,
    scheme: str = SchemeOpt, aggregate: str = AggregateOpt, duplicates: str = DuplicatesOpt,
    source: Any = None,
) -> None:
    """Phases of the debate: time-window networks clustered by similarity; phase sequence plot."""
    from standpunkt.commands.analysis import run_phases
    from standpunkt.export.files import csv_sep

    time = _time(window, window_size, window_step, kernel, bandwidth, kernel_unit, kernel_step)
    console.print(run_phases(source, outs=out, sep=csv_sep(sep), overwrite=overwrite,
                             time=time, k=k, distance=distance, min_statements=min_statements,
                             type=type, normalization=normalization, scheme=scheme, aggregate=aggregate,
                             duplicates=duplicates), highlight=False, soft_wrap=True)


@analyse_app.command("scale")
@statement_source
def analyse_scale(
    out: list[Path] = OutsOpt, sep: str = SepOpt, overwrite: bool = OverwriteOpt,
    dimensions: int = typer.Option(2, "--dimensions", help="1 or 2."),
    bootstrap: int = typer.Option(200, "--bootstrap", help="Bootstrap replicates for intervals (0: none)."),
    min_statements: int = typer.Option(3, "--min-statements", help="Scale actors with at least this many sided "
                                       "statements (fewer: they span dimensions of their own)."),
    anchor: Optional[str] = typer.Option(None, "--anchor", help="Actor placed on the positive side of each axis."),
    scheme: str = SchemeOpt, seed: int = SeedOpt, aggregate: str = AggregateOpt, duplicates: str = DuplicatesOpt,
    source: Any = None,
) -> None:
    """Actor positions in 1 or 2 dimensions (correspondence analysis, bootstrap intervals), labelled plot."""
    from standpunkt.commands.analysis import run_scaling
    from standpunkt.export.files import csv_sep

    console.print(run_scaling(source, outs=out, sep=csv_sep(sep), overwrite=overwrite, dimensions=dimensions, bootstrap=bootstrap,
                              min_statements=min_statements, anchor=anchor, seed=seed, scheme=scheme,
                              aggregate=aggregate, duplicates=duplicates), highlight=False, soft_wrap=True)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
