"""The German language layer: one spaCy pipeline that every later stage reads.

``load_nlp()`` returns the shared spaCy ``Language`` (built once per model registry, :mod:`standpunkt.loaded`,
offline, from what ships in the package; ``build_nlp(models)`` builds one on a registry of its own choosing).
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
:mod:`standpunkt.language.gazetteer`; :func:`tokens_in` maps the character spans later stages store (a quotation's
speaker, cue, message) back onto a Doc's tokens.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from spacy.language import Language

from standpunkt.loaded import Models, process_models

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from standpunkt.model import Span

__all__ = ["load_nlp", "build_nlp", "tokens_in"]


def tokens_in(doc: "Doc", spans: "list[Span]") -> list[Any]:
    """The doc's tokens inside character spans (a token counts when the span touches it), each once, in order."""
    seen: dict[int, Any] = {}
    for span in spans:
        chars = doc.char_span(span.start, span.end, alignment_mode="expand")
        if chars is not None:
            for t in chars:
                seen[t.i] = t
    return [seen[i] for i in sorted(seen)]


def build_nlp(models: Models | None = None, *, entities: bool = True, sentences: bool = True,
              ner: str = "crf") -> Language:
    """Build a fresh pipeline (``load_nlp`` shares one) whose components load their models — HanTa, the NER CRF
    and its tables — from ``models`` (default: the process's registry), on the first document; two pipelines on
    one registry share them. ``sentences=False`` is for text with given sentences; ``ner="e5"`` uses the opt-in CRF
    with contextual e5 token features, ``ner="e5ft"`` the opt-in fine-tuned e5 tagger, both on the sentences the
    default CRF is unsure of (``"e5-all"`` / ``"e5ft-all"``: on every sentence; speed: docs/language.md)."""
    import spacy

    # Importing the modules registers their components with spaCy.
    from standpunkt.language import mood, sentences as sentences_mod, tagger  # noqa: F401

    models = models or process_models()
    nlp = spacy.blank("de")
    sentences_mod.add_abbreviation_exceptions(nlp)
    if sentences:
        nlp.add_pipe("standpunkt_sentences")
    nlp.add_pipe("standpunkt_hanta").models = models
    nlp.add_pipe("standpunkt_mood")
    if entities:
        from standpunkt.language import entities as entities_mod

        entities_mod.add_entity_pipes(nlp, ner, models)
    return nlp


def shared_pipeline(models: Models, ner: str | None) -> Language:
    """Loader of :func:`load_nlp`'s pipelines: with the entities of NER variant ``ner``, or none (``None``)."""
    return build_nlp(models, entities=ner is not None, ner=ner or "crf")


def load_nlp(ner: str | None = None, *, entities: bool = True, models: Models | None = None) -> Language:
    """The shared German pipeline of ``models`` (default: the process's registry), built on first call, then
    reused; ``ner="e5"`` / ``"e5ft"``: an opt-in NER variant (shared separately). Without ``ner``, the environment
    variable ``STANDPUNKT_NER`` (``crf``, ``e5``, ``e5ft``, ``e5-all`` or ``e5ft-all``) decides, so that every command can run with an e5 NER;
    the default is ``crf``. ``entities=False``: the faster pipeline without entities (lemmas, tags and mood only)."""
    if not entities:
        ner = None
    elif ner is None:
        import os

        ner = os.environ.get("STANDPUNKT_NER", "").strip() or "crf"
    models = models or process_models()
    return models.get(shared_pipeline, models, ner)
