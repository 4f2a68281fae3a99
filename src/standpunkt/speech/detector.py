"""The shipped quotation detector: features → CRF labels → quotation groups → speaker names."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Doc

from standpunkt.errors import ConfigError
from standpunkt.loaded import Models, process_models
from standpunkt.model import Quotation
from standpunkt.speech.assemble import MediumModel, assemble
from standpunkt.speech.features import doc_features, token_infos
from standpunkt.speech.lexicon import CueLexicon
from standpunkt.speech.rules import complement_clauses, quoted_stretches, repair_boundaries, reported_frames

MODEL_DIR = Path(__file__).resolve().parent.parent / "models" / "quotes-crf"
#: Quotation model variants: the default CRF, and the opt-in CRF with contextual e5 token features
#: (:mod:`standpunkt.speech.e5`), chosen by ``load_model(variant=…)`` or the environment variable
#: ``STANDPUNKT_QUOTES`` (``crf`` or ``e5``), as ``STANDPUNKT_NER`` chooses the NER variant.
QUOTE_MODELS = {"crf": MODEL_DIR, "e5": MODEL_DIR.parent / "quotes-crf-e5"}
CRF_FILE = "quotes.crfsuite"
CUES_FILE = "cues.tsv"
SPEAKERS_FILE = "speakers.tsv"
REPORTING_FILE = "reporting.tsv"
MEDIA_FILE = "media.json"
#: Longest token sequence handed to the CRF in one piece; longer documents are cut at sentence ends, which keeps
#: memory and time linear in the document length (a 10,000-sentence document is tagged piece by piece).
MAX_CHUNK_TOKENS = 3000
#: Apply the grammar rules of :mod:`standpunkt.speech.rules` after the CRF (measured: see docs/speech.md).
USE_RULES = True


@dataclass
class QuoteModel:
    """Everything the detector loads (once per model registry for the shipped model)."""

    tagger: object  # pycrfsuite.Tagger
    lexicon: CueLexicon
    speakers: CueLexicon
    reporting: CueLexicon
    media: MediumModel
    lock: threading.Lock
    e5: object = None  # standpunkt.speech.e5.QuoteE5 of the e5 variant, else None


def read_model(directory: Path) -> QuoteModel:
    """Read the CRF, cue lexicons and medium table of a quotation model folder."""
    import pycrfsuite

    missing = [f for f in (CRF_FILE, CUES_FILE, SPEAKERS_FILE, REPORTING_FILE, MEDIA_FILE)
               if not (directory / f).is_file()]
    if missing:
        raise ConfigError(str(directory), f"quotation model incomplete, missing {', '.join(missing)} "
                                          "(rebuild it with training/train_quotes.py)")
    from standpunkt.speech.e5 import QuoteE5

    tagger = pycrfsuite.Tagger()
    tagger.open(str(directory / CRF_FILE))
    return QuoteModel(e5=QuoteE5.load(directory), tagger=tagger, lexicon=CueLexicon.load(directory / CUES_FILE),
                      speakers=CueLexicon.load(directory / SPEAKERS_FILE),
                      reporting=CueLexicon.load(directory / REPORTING_FILE),
                      media=MediumModel.from_json(json.loads((directory / MEDIA_FILE).read_text(encoding="utf-8"))),
                      lock=threading.Lock())


def quote_variant(variant: str | None = None) -> str:
    """The quotation model variant: ``variant``, else the environment variable ``STANDPUNKT_QUOTES``, else ``crf``."""
    if variant is None:
        import os

        variant = os.environ.get("STANDPUNKT_QUOTES", "").strip() or "crf"
    if variant not in QUOTE_MODELS:
        raise ConfigError("STANDPUNKT_QUOTES", f"quotation model must be one of {sorted(QUOTE_MODELS)}, "
                                               f"not {variant!r}")
    return variant


def load_model(directory: str | Path | None = None, models: Models | None = None,
               variant: str | None = None) -> QuoteModel:
    """The shipped model from ``models`` (default: the process's registry), loaded on first use: ``variant``
    (``crf`` or the opt-in ``e5``; default: :func:`quote_variant`); with ``directory``, that folder's model, read
    afresh (the training recipe evaluates what it has just written)."""
    if directory:
        return read_model(Path(directory))
    return (models or process_models()).get(read_model, QUOTE_MODELS[quote_variant(variant)])


def model_features(text: str, infos: list, model: QuoteModel, vectors: dict | None = None,
                   models: Models | None = None, probe: dict | None = None) -> list[list[str]]:
    """The CRF features of a document: :func:`doc_features`, plus the e5 features for the e5 variant (``vectors``:
    token index → e5 vector at the model's layer, computed here for the selected sentences when not given;
    ``probe``: token → probe output in place of the model's own, as the training recipe scores held-out folds)."""
    if model.e5 is None or not infos:
        return doc_features(text, infos, model.lexicon, model.speakers, model.reporting)
    from standpunkt.speech.e5 import doc_vectors
    from standpunkt.speech.features import context_features, doc_context

    e5 = model.e5
    ctx = doc_context(text, infos, model.lexicon, model.speakers, model.reporting)
    feats = context_features(ctx)
    if vectors is None:
        vectors = {i: v[0] for i, v in doc_vectors(infos, (e5.layer,), e5.selected(ctx), models).items()} \
            if e5.needs_vectors else {}
    return [a + b for a, b in zip(feats, e5.features(infos, ctx, vectors, probe))]


def _pieces(infos, limit: int) -> list[tuple[int, int]]:
    """Cut ``[0, n)`` into pieces of at most ~``limit`` tokens at sentence boundaries."""
    n = len(infos)
    out = []
    start = 0
    while start < n:
        end = min(n, start + limit)
        if end < n:
            cut = end
            while cut > start + 1 and infos[cut].sent == infos[cut - 1].sent:
                cut -= 1
            end = cut if cut > start + 1 else end
        out.append((start, end))
        start = end
    return out


def label_doc(doc: Doc, model: QuoteModel, text: str | None = None) -> tuple[list[str], list[float], list]:
    """CRF labels and their marginal probabilities for every token of ``doc``."""
    text = text if text is not None else doc.text
    infos = token_infos(doc, text)
    n = _content_end(infos)
    feats = model_features(text, infos[:n], model)
    labels: list[str] = []
    conf: list[float] = []
    with model.lock:  # a pycrfsuite Tagger is not thread-safe
        for a, b in _pieces(infos[:n], MAX_CHUNK_TOKENS):
            seq = model.tagger.tag(feats[a:b])  # type: ignore[attr-defined]
            labels += seq
            conf += [model.tagger.marginal(lab, k) for k, lab in enumerate(seq)]  # type: ignore[attr-defined]
    return labels + ["O"] * (len(infos) - n), conf + [1.0] * (len(infos) - n), infos


def _content_end(infos: list) -> int:
    """The end of a document's tokens before the whitespace it ends with ("…, mahnte Verbandschef X.\n"): that is no
    token of the last sentence; the CRF, trained on texts without it, and the rules would read the sentence
    differently (the speaker after the message was missed)."""
    n = len(infos)
    while n > 0 and not infos[n - 1].text.strip():
        n -= 1
    return n


def decode(labels: list[str], infos: list, text: str, model: QuoteModel, conf: list[float] | None = None,
           rules: bool = USE_RULES) -> list[Quotation]:
    """CRF labels → (grammar rules) → quotation groups; shared by run time and the training recipe's evaluation."""
    n = _content_end(infos)
    labels, infos, conf = labels[:n], infos[:n], conf[:n] if conf is not None else None
    if rules:
        labels = quoted_stretches(labels, infos, text)
        labels = complement_clauses(labels, infos, model.lexicon)
        labels = reported_frames(labels, infos, model.lexicon, model.speakers)
        labels = repair_boundaries(labels, infos, model.lexicon, model.speakers)
    return assemble(labels, infos, text, conf, model.media, model.speakers)


def detect(doc: Doc, model: QuoteModel | None = None) -> list[Quotation]:
    """Quotations of ``doc`` by ``model`` (default: the shipped one, :func:`load_model`)."""
    from standpunkt.speech.coref import resolve_speakers

    model = model or load_model()
    if len(doc) == 0:
        return []
    text = doc.text  # spaCy rebuilds doc.text on every access: read it once
    labels, conf, infos = label_doc(doc, model, text)
    quotations = decode(labels, infos, text, model, conf)
    resolve_speakers(doc, quotations)
    return quotations
