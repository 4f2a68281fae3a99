"""Composes the stages into one pure function per document: ``analyze(document, resources) -> Analysis``
(``analyze_many`` for a batch: same results, faster language layer).

``analyze`` holds no global state and writes nothing; runners map it over documents and store the results. The
pipeline version names the code (the package version and a hash of the stages' code and word lists), the shipped
models, the codebook and the actor registry, so a re-run knows which stored analyses are stale.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, TypeVar

from standpunkt import __version__
from standpunkt.errors import StandpunktError
from standpunkt.loaded import Models, process_models
from standpunkt.model import Analysis, Document, Quotation

MODELS_DIR = Path(__file__).parent / "models"
DOCUMENT_TIME_BUDGET_S = 120.0  # a long news article takes ~1 s; 100x that is a hostile or broken input


#: Parts of the package that do not decide what an analysis holds (the store, the web app, exports, network
#: analyses, the CLI, the batch driver, evaluation; the shipped models have their own fingerprint).
NOT_ANALYSIS_CODE = frozenset({"web", "store", "export", "analysis", "commands", "evaluate", "run", "cli.py",
                               "__main__.py", "models"})


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """Hash of the package's files that decide an analysis (the stages' code and word lists): a changed rule or
    lexicon changes the version, which the package version alone did not (it is not bumped for every change)."""
    return tree_fingerprint(Path(__file__).parent, NOT_ANALYSIS_CODE)


def tree_fingerprint(folder: Path, skip: frozenset[str] = frozenset()) -> str:
    """Hash of the names and contents of the files under ``folder``, leaving out its top-level entries ``skip``
    and compiled files."""
    digest = hashlib.sha1()
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder)
        if (path.is_file() and rel.parts[0] not in skip and "__pycache__" not in rel.parts
                and path.suffix not in (".pyc", ".pyo")):
            digest.update(rel.as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:10]


@lru_cache(maxsize=1)
def models_fingerprint() -> str:
    """Hash of every shipped model file (path and content): retraining a model changes the version."""
    return tree_fingerprint(MODELS_DIR)


def _file_fingerprint(path: str | None) -> str:
    if not path:
        return "none"
    return hashlib.sha1(Path(path).read_bytes()).hexdigest()[:8]


def _learned_tag(codebook: str | None) -> str:
    """``.l<version>`` when `standpunkt learn` has trained the codebook's model (it codes differently from then on)."""
    if not codebook:
        return ""
    from standpunkt.stance.codebook import load_codebook
    from standpunkt.stance.learned import current_model

    try:
        model = current_model(load_codebook(codebook))
    except StandpunktError:
        return ""
    return f".l{model.name}" if model is not None else ""


#: Environment variables that choose the opt-in model variants when no option does (docs/language.md, docs/speech.md).
NER_ENV = "STANDPUNKT_NER"
QUOTES_ENV = "STANDPUNKT_QUOTES"
DEFAULT_VARIANT = "crf"


def _env_variant(name: str) -> str:
    return os.environ.get(name, "").strip() or DEFAULT_VARIANT


@dataclass
class Settings:
    """Everything that decides what analysis produces; built once at the edge and shipped to workers."""

    codebook: str | None = None  # path to a codebook YAML; no codebook → quotations only, no statements
    registry: str | None = None  # path to an actor registry; None → the shipped starter registry
    #: The NER and quotation model variants (``--ner``, ``--quotes``); None: not chosen, i.e. ``STANDPUNKT_NER`` /
    #: ``STANDPUNKT_QUOTES`` of the process that builds the settings, else ``crf``. :meth:`resolved` fixes them
    #: before the settings travel, so a worker's own environment never decides what it analyses with.
    ner: str | None = None
    quotes: str | None = None
    #: ``--fast``: no fine-tuned encoder pass anywhere — the ``crf`` variants whatever the environment says, and
    #: statements coded without the codebook model's fine-tuned e5 head (where it has one).
    fast: bool = False
    #: Seconds one document may take; over it, that document fails (a worker is never stalled by one input).
    #: Not part of the version: it decides whether an analysis finishes, not what it says.
    time_budget_s: float | None = DOCUMENT_TIME_BUDGET_S

    @property
    def ner_variant(self) -> str:
        return DEFAULT_VARIANT if self.fast else self.ner or _env_variant(NER_ENV)

    @property
    def quotes_variant(self) -> str:
        return DEFAULT_VARIANT if self.fast else self.quotes or _env_variant(QUOTES_ENV)

    def resolved(self) -> "Settings":
        """These settings with the model variants fixed (the environment read here, once)."""
        return replace(self, ner=self.ner_variant, quotes=self.quotes_variant)

    @property
    def version(self) -> str:
        """Names everything that decides the output; a variant other than ``crf`` is part of it (``.ner-e5``,
        ``.quotes-e5``), and ``.fast``, so stored analyses of another variant are stale."""
        variants = "".join(f".{name}-{value}" for name, value in (("ner", self.ner_variant),
                                                                  ("quotes", self.quotes_variant))
                           if value != DEFAULT_VARIANT) + (".fast" if self.fast else "")
        return (f"{__version__}+s{code_fingerprint()}.m{models_fingerprint()}.c{_file_fingerprint(self.codebook)}"
                f".r{_file_fingerprint(self.registry)}{_learned_tag(self.codebook)}{variants}")


@dataclass
class Resources:
    """Everything an analysis reads besides the document: the settings, the files they name (the codebook, with
    its trained classifier, and the actor registry) and the models, each loaded from ``models`` on first use.

    ``models`` is the one registry of loaded models (:mod:`standpunkt.loaded`; default: the process's), so two
    Resources on it share every model; the stages get theirs from here (``nlp``, ``quotes``) or from the registry.
    """

    settings: Settings
    codebook: Any = None
    registry: Any = None
    version: str = ""
    models: Models = field(default_factory=process_models, repr=False)
    extra: dict[str, Any] = field(default_factory=dict)

    @cached_property
    def nlp(self) -> Any:
        """The German language pipeline (:func:`standpunkt.language.load_nlp`)."""
        from standpunkt.language import load_nlp

        return load_nlp(self.settings.ner_variant, models=self.models)

    @cached_property
    def quotes(self) -> Any:
        """The shipped quotation model of the settings' variant (:func:`standpunkt.speech.detector.load_model`)."""
        from standpunkt.speech.detector import load_model

        return load_model(models=self.models, variant=self.settings.quotes_variant)


def load_resources(settings: Settings | None = None, models: Models | None = None) -> Resources:
    """Resources for ``settings``: the codebook and actor registry are read now (a broken file stops a run before
    its first document), the models on first use."""
    from standpunkt.actors import load_registry
    from standpunkt.stance import load_codebook

    settings = settings or Settings()
    codebook = load_codebook(settings.codebook) if settings.codebook else None
    if codebook is not None:
        codebook.without_head = settings.fast
    return Resources(
        settings=settings,
        codebook=codebook,
        registry=load_registry(settings.registry),
        version=settings.version,
        models=models or process_models(),
    )


def shared_resources(models: Models, codebook: str | None, registry: str | None, ner: str | None = None,
                     quotes: str | None = None, fast: bool = False) -> Resources:
    """Loader of :func:`resources_for`: the Resources of a codebook, actor registry and model variants on
    ``models``."""
    return load_resources(Settings(codebook=codebook, registry=registry, ner=ner, quotes=quotes, fast=fast), models)


def resources_for(settings: Settings, models: Models | None = None) -> Resources:
    """The Resources of ``settings``' codebook, actor registry and model variants, built once per model registry
    (default: the process's), so each worker loads its models and files once however many tasks it gets."""
    models = models or process_models()
    return models.get(shared_resources, models, settings.codebook, settings.registry, settings.ner_variant,
                      settings.quotes_variant, settings.fast)


class DocumentTooLong(StandpunktError):
    """The text is longer than the language pipeline takes (spaCy's ``max_length``)."""


def check_length(document: Document, resources: Resources) -> None:
    limit = resources.nlp.max_length
    if len(document.text) > limit:
        raise DocumentTooLong(f"text too long to analyse ({len(document.text):,} characters > {limit:,}); "
                              "split it into articles")


def analyze(document: Document, resources: Resources) -> Analysis:
    """Language → speech → actors → stance for one document. Pure: no I/O, no global state changed. Every
    quotation gets its speaker's actor (:func:`resolve_quotation_actors`); statements need a codebook."""
    check_length(document, resources)
    return _analyze_parsed(document, resources.nlp(document.text), resources)


# How much to give analyze_many at a time: the language layer's batch gain is reached at a few documents, while
# memory and the delay before the first result grow with the batch (~10 short news articles, ~0.4 s of analysis).
BATCH_DOCS = 16
BATCH_CHARS = 16_000

T = TypeVar("T")


def batches(items: Iterable[T], text: Callable[[T], str]) -> Iterator[list[T]]:
    """Consecutive groups of ``items`` of up to :data:`BATCH_CHARS` of text (``text(item)``) or :data:`BATCH_DOCS`
    items, in order; streams (never holds more than one group)."""
    group: list[T] = []
    chars = 0
    for item in items:
        group.append(item)
        chars += len(text(item))
        if len(group) >= BATCH_DOCS or chars >= BATCH_CHARS:
            yield group
            group, chars = [], 0
    if group:
        yield group


def analyze_many(documents: list[Document], resources: Resources) -> list[Analysis]:
    """:func:`analyze` for several documents, with the same results: the language layer sees them as one batch
    (``nlp.pipe``), which pays the per-call cost of embedding unseen words once per batch instead of once per
    document — ~1.5× the cold throughput of the language layer."""
    for document in documents:
        check_length(document, resources)
    docs = resources.nlp.pipe([d.text for d in documents], batch_size=max(1, len(documents)))
    return [_analyze_parsed(document, doc, resources) for document, doc in zip(documents, docs)]


def _analyze_parsed(document: Document, doc: Any, resources: Resources) -> Analysis:
    from standpunkt.speech import detect_quotations
    from standpunkt.stance import code_statements

    quotations = detect_quotations(doc, resources.quotes)
    resolve_quotation_actors(document, doc, quotations, resources.registry)
    statements = []
    if resources.codebook is not None:
        statements = code_statements(document, doc, quotations, resources.codebook, resources.registry)
        _actors_from_statements(quotations, statements)
    return Analysis(document=document, quotations=quotations, statements=statements,
                    pipeline_version=resources.version, n_tokens=len(doc))


def _actors_from_statements(quotations: list[Quotation], statements: list[Any]) -> None:
    """A quotation coded for exactly one actor takes that actor: statement coding reads more than the speaker span
    (the clause before a colon, the author of a named document, a cue's subject), and the quotation and its
    statements must not name two different speakers."""
    by_quotation: dict[int, dict[str, Any]] = {}
    for s in statements:
        if s.quotation is not None:
            by_quotation.setdefault(s.quotation, {})[s.actor.name] = s.actor
    for qi, actors in by_quotation.items():
        if len(actors) == 1 and 0 <= qi < len(quotations):
            quotations[qi].actor = next(iter(actors.values()))


def resolve_quotation_actors(document: Document, doc: Any, quotations: list[Quotation], registry: Any) -> None:
    """Set each quotation's ``actor``, codebook or not, so stored quotations name who spoke: the speaker resolved
    against the registry (:func:`standpunkt.actors.resolve_speaker`), a bare body noun taken back to the
    organisation named before it ("Das Gericht" → Bundesverfassungsgericht), an inferred name completed from the
    article ("Landsbergis" → "Gabrielius Landsbergis"). Several coordinated countries speaking together get no single
    actor (None): a quotation has one; their statements, with a codebook, name each country."""
    if not quotations:
        return
    from standpunkt.actors import resolve_speaker
    from standpunkt.actors.names import DocumentNames
    from standpunkt.actors.phrases import referred_body, referred_spokesperson

    names = DocumentNames(doc)
    for q in quotations:
        got = resolve_speaker(q, doc, document, registry)
        if isinstance(got, list):
            got = got[0] if len(got) == 1 else None
        if got is not None:  # "das Gericht" after "das Bundesverfassungsgericht"
            got = referred_body(q, doc, got, document.published, registry) or got
        else:  # "Die Unesco … Eine Sprecherin sagte"
            got = referred_spokesperson(q, doc, document.published, registry)
        q.actor = names.complete(got) if got is not None else None
