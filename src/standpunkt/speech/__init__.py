"""Quotation detection and speaker attribution for German news (``standpunkt.speech``).

``detect_quotations(doc)`` takes a Doc from :func:`standpunkt.language.load_nlp` and returns
:class:`standpunkt.model.Quotation` objects (form, medium, message/cue/speaker/addressee/frame char spans, and the
speaker's best name after in-document coreference). ``extract_quotations(text)`` does the language analysis too.
The model (a CRF over token features plus grammar rules for grouping) is built by ``training/train_quotes.py``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from standpunkt.model import Quotation
    from standpunkt.speech.detector import QuoteModel

__all__ = ["detect_quotations", "extract_quotations"]


def detect_quotations(doc: "Doc", model: "QuoteModel | None" = None) -> list["Quotation"]:
    """All quotations of an analysed document, sorted by position, with ``speaker_name`` filled in; ``model``:
    the loaded quotation model (default: the shipped one from the process's registry)."""
    from standpunkt.speech.detector import detect

    return detect(doc, model)


def extract_quotations(text: str, *, ner: str | None = None, quotes: str | None = None) -> list["Quotation"]:
    """Analyse ``text`` with the shared language pipeline and detect its quotations; ``ner`` / ``quotes``: the
    model variants (default: ``STANDPUNKT_NER`` / ``STANDPUNKT_QUOTES``, else ``crf``)."""
    from standpunkt.language import load_nlp
    from standpunkt.speech.detector import load_model

    return detect_quotations(load_nlp(ner)(text), load_model(variant=quotes))
