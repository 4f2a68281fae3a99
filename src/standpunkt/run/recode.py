"""Re-coding stored statements with a learned model, as a run (issue 18).

The same machinery as :func:`standpunkt.run.driver.run_corpus`: a run row, one ``run_items`` row per document (key
``recode:<document id>``) written in the same transaction as the document's new codes, any executor (in-process,
local pool, Dask, Spark), and ``resume`` to finish an interrupted run without redoing a finished document. Items are
stored documents, not files; workers get each document with its unreviewed statements (in ``Document.meta``) and
return new codes, never touching the store. Writing skips statements reviewed meanwhile
(:func:`standpunkt.store.learning.apply_recodings`).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any, Callable

from standpunkt.errors import StandpunktError
from standpunkt.loaded import process_models
from standpunkt.model import Document
from standpunkt.pipeline import Settings
from standpunkt.run.driver import LOOKAHEAD, REPORTED_FAILURES, WAIT_SLICE_S, ProgressSink, RunReport
from standpunkt.run.executors import make_executor
from standpunkt.run.tasks import Task
from standpunkt.store import Store
from standpunkt.store import runs as runlog

KEY_PREFIX = "recode:"
META_KEY = "standpunkt_recode"
SAVE_BATCH_DOCS = 50  # documents' codes per transaction


@dataclass
class RecodeSettings(Settings):
    """What a worker needs: the codebook (for the concept ids) and the learned model's folder."""

    model_dir: str = ""

    @property
    def version(self) -> str:
        return f"learn:{self.model_dir}"[:100]


@dataclass
class Recoded:
    """A worker's answer for one document: new codes per statement id."""

    document_id: str
    codes: list[dict[str, Any]] = field(default_factory=list)
    pipeline_version: str = ""
    quotations: list[Any] = field(default_factory=list)
    statements: list[Any] = field(default_factory=list)
    n_tokens: int = 0


def _model(settings: RecodeSettings) -> Any:
    """The learned classifier, loaded once per worker process (from the process's model registry)."""
    from standpunkt.stance.classifier import StatementClassifier

    return process_models().get(StatementClassifier.load, settings.model_dir)


def recode_warm(settings: RecodeSettings) -> None:
    """Load the model, the language layer and the sentence encoder before the first document."""
    recode_document(Document(text="Die Ministerin sagte: Wir prüfen den Vorschlag.", meta={META_KEY: [
        {"id": 0, "evidence": [[22, 47]], "concept": "", "agreement": "", "actor": "x", "party": None}]}),
        settings)


def recode_document(document: Document, settings: RecodeSettings) -> Recoded:
    """New codes for the statements listed in ``document.meta``: the learned concept (with the document's other
    statements as context, as the pipeline does) and the agreement towards it."""
    from standpunkt.stance.classifier import LabelledStatement, analyse_texts
    from standpunkt.stance.embed import embed
    from standpunkt.stance.learned import statement_text

    clf = _model(settings)
    items = [s for s in document.meta.get(META_KEY, []) if s.get("evidence")]
    texts = [statement_text(document.text, s["evidence"]) for s in items]
    keep = [i for i, text in enumerate(texts) if text]
    items, texts = [items[i] for i in keep], [texts[i] for i in keep]
    out = Recoded(document_id=document.id, pipeline_version=settings.version)
    if not items:
        return out
    analysed, emb = analyse_texts(texts), embed(texts)
    concepts = clf.predict_concepts(texts, analysed=analysed, emb=emb, groups=[document.id] * len(texts))
    chosen = [c if c else s["concept"] for (c, _), s in zip(concepts, items)]
    labelled = [LabelledStatement(text=t, actor=s.get("actor"), parties=[s["party"]] if s.get("party") else [])
                for t, s in zip(texts, items)]
    agreements = clf.predict_agreements(labelled, chosen, analysed=analysed, emb=emb)
    for s, concept, (cpick, cconf), (apick, aconf) in zip(items, chosen, concepts, agreements):
        c_conf = cconf if cpick else (s.get("confidence") or 0.0)
        a_conf = aconf if apick else (s.get("confidence") or 0.0)
        out.codes.append({"id": s["id"], "concept": concept, "agreement": apick or s["agreement"],
                          "confidence": round(0.5 * c_conf + 0.5 * a_conf, 3)})
    return out


def recode_corpus(store: Store, learn_id: int, codebook: str, model_dir: str, *, executor: str = "inprocess",
                  workers: int | None = None, scheduler: str | None = None, resume: str | None = None,
                  progress: ProgressSink | None = None, on_start: Callable[[str], None] | None = None,
                  fn: Callable[..., Recoded] | None = None,
                  warm_fn: Callable[..., None] | None = None) -> RunReport:
    """Re-code the unreviewed statements of ``codebook`` with the model in ``model_dir``; returns the run report
    (``analysed`` = documents re-coded, ``statements`` = statements whose code was written)."""
    from standpunkt.store.learning import apply_recodings, recode_candidates, recode_documents

    fn = fn or recode_document  # looked up now: tests and plug-ins may replace the module's function
    warm_fn = warm_fn or recode_warm
    settings = RecodeSettings(codebook=codebook, model_dir=model_dir, time_budget_s=None)
    progress = progress or ProgressSink()
    if resume:
        info = runlog.get_run(store, resume)
        started = (info.stats or {}).get("settings", {})
        if started.get("learn_id") != learn_id:
            raise StandpunktError(f"run {info.id} is not the re-coding run of learn run {learn_id}")
        run_id = info.id
        runlog.update_run(store, run_id, status="running", finished_at=None)
    else:
        run_id = runlog.create_run(store, pipeline_version=settings.version, executor=executor,
                                   inputs=[f"store:{codebook}"],
                                   stats={"settings": {"codebook": codebook, "learn_id": learn_id,
                                                       "model_dir": model_dir, "recode": True}})
    if on_start is not None:
        on_start(run_id)
    report = RunReport(run_id=run_id, pipeline_version=settings.version,
                       settings={"codebook": codebook, "learn_id": learn_id, "model_dir": model_dir, "recode": True})
    clock = time.perf_counter()
    ex = make_executor(executor, fn, settings, workers=workers, warm_fn=warm_fn, scheduler=scheduler)
    pending_codes: list[dict[str, Any]] = []
    pending_items: list[tuple[str, str | None, str, str | None]] = []

    def flush() -> None:
        if pending_items:
            apply_recodings(store, learn_id, pending_codes, run_id=run_id, items=pending_items)
            pending_codes.clear()
            pending_items.clear()

    def collect(outcomes: list[Any]) -> None:
        for o in outcomes:
            if o.error is not None or o.analysis is None:
                report.failed += 1
                if len(report.failures) < REPORTED_FAILURES:
                    report.failures.append((o.key, o.error or "no result"))
                pending_items.append((o.key, o.document_id, "failed", o.error or "no result"))
            else:
                report.analysed += 1
                report.statements += len(o.analysis.codes)
                pending_codes.extend(o.analysis.codes)
                pending_items.append((o.key, o.document_id, "done", None))
        if len(pending_items) >= SAVE_BATCH_DOCS:
            flush()

    try:
        doc_ids = recode_documents(store, codebook)
        progress.start(report, len(doc_ids))
        ex.start()
        report.startup_s = time.perf_counter() - clock
        report.executor, report.workers = ex.describe(), ex.workers
        for i in range(0, len(doc_ids), LOOKAHEAD):
            chunk = doc_ids[i:i + LOOKAHEAD]
            keys = {d: KEY_PREFIX + d for d in chunk}
            done = runlog.item_states(store, run_id, list(keys.values())) if resume else {}
            todo = [d for d in chunk if done.get(keys[d], ("",))[0] != "done"]
            report.items += len(chunk)
            report.resumed += len(chunk) - len(todo)
            candidates = recode_candidates(store, codebook, todo)
            for doc_id in todo:
                if doc_id not in candidates:
                    continue  # reviewed meanwhile: nothing left to re-code
                doc = store.get_document(doc_id)
                doc.meta = {META_KEY: candidates[doc_id]}
                while ex.in_flight >= ex.capacity:
                    collect(ex.wait(timeout=WAIT_SLICE_S))
                ex.submit(Task(key=keys[doc_id], document=doc))
            progress.update(report, report.analysed + report.failed + report.resumed)
        while ex.in_flight:
            collect(ex.wait(timeout=WAIT_SLICE_S))
            progress.update(report, report.analysed + report.failed + report.resumed)
        flush()
        report.status = "failed" if report.failed else "finished"
    except BaseException:
        report.status = "failed"
        try:
            flush()
        finally:
            report.elapsed_s = time.perf_counter() - clock
            runlog.finish_run(store, run_id, status="failed", stats=report.stats())
        raise
    finally:
        progress.stop()
        ex.close()
    report.elapsed_s = time.perf_counter() - clock
    runlog.finish_run(store, run_id, status=report.status, stats=report.stats())
    return report
