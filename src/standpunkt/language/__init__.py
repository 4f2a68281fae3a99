"""The German language layer: one spaCy pipeline that every later stage reads.

``load_nlp()`` returns a process-wide spaCy ``Language`` (built once, offline, from what ships in the package).
``nlp(text)`` / ``nlp.pipe(texts, batch_size=...)`` give Docs with:

- tokens with exact character offsets (``token.idx``; ``doc.text == text``), spaCy's German tokenizer;
- sentences (``token.is_sent_start``, ``doc.sents``), rules robust to news abbreviations and quotes
  (:mod:`standpunkt.language.sentences`);
- ``token.tag_`` (STTS), ``token.pos_`` (UPOS), ``token.lemma_`` from HanTa (:mod:`standpunkt.language.tagger`);
  on verbs also ``token._.verb_lemma``, the lemma with a separated particle ("teilte … mit" → "mitteilen");
- ``token.morph`` on finite verbs: ``Mood=Ind|Sub``, ``Tense=Pres|Past``, ``VerbForm=Fin`` (Konjunktiv I =
  ``Mood=Sub|Tense=Pres``, Konjunktiv II = ``Mood=Sub|Tense=Past``), imperatives ``Mood=Imp``
  (:mod:`standpunkt.language.mood`);
- ``doc.ents`` labelled PER / ORG / LOC / GPE / MISC (:mod:`standpunkt.language.entities`);
- ``doc.spans["mentions"]``: role + name mentions ("der litauische Verteidigungsminister Anusauskas") with span
  extensions ``role``, ``country``, ``name``, ``organisation`` (:mod:`standpunkt.language.mentions`).

Gazetteer look-ups (countries, adjectives, capitals, parties, ministries, roles) are in
:mod:`standpunkt.language.gazetteer`.
"""

from __future__ import annotations

import threading

from spacy.language import Language

__all__ = ["load_nlp", "build_nlp"]

_NLP: Language | None = None
_LOCK = threading.Lock()


def build_nlp(*, entities: bool = True, sentences: bool = True, ner: str = "crf") -> Language:
    """Build a fresh pipeline (``load_nlp`` caches one). ``sentences=False`` is for text with given sentences;
    ``ner="e5"`` uses the opt-in CRF with contextual e5 token features (about 10× slower, docs/language.md)."""
    import spacy

    # Importing the modules registers their components with spaCy.
    from standpunkt.language import mood, sentences as sentences_mod, tagger  # noqa: F401

    nlp = spacy.blank("de")
    sentences_mod.add_abbreviation_exceptions(nlp)
    if sentences:
        nlp.add_pipe("standpunkt_sentences")
    nlp.add_pipe("standpunkt_hanta")
    nlp.add_pipe("standpunkt_mood")
    if entities:
        from standpunkt.language import entities as entities_mod

        entities_mod.add_entity_pipes(nlp, ner)
    return nlp


_VARIANTS: dict[str, Language] = {}


def load_nlp(ner: str | None = None) -> Language:
    """The process-wide German pipeline (built on first call, then reused); ``ner="e5"``: the opt-in NER variant
    (cached separately). Without ``ner``, the environment variable ``STANDPUNKT_NER`` (``crf`` or ``e5``) decides,
    so that every command can run with the e5 NER; the default is ``crf``."""
    global _NLP
    if ner is None:
        import os

        ner = os.environ.get("STANDPUNKT_NER", "").strip() or "crf"
    with _LOCK:
        if ner != "crf":
            if ner not in _VARIANTS:
                _VARIANTS[ner] = build_nlp(ner=ner)
            return _VARIANTS[ner]
        if _NLP is None:
            _NLP = build_nlp()
        return _NLP
