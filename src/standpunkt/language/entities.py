"""Named entities (PER / ORG / LOC / GPE / MISC) and role + name mentions, as spaCy components.

Entities combine three sources, in this order of trust:

1. a CRF tagger trained on GermEval 2014 (``standpunkt/models/ner-de-crf``, recipe ``training/train_ner.py``) over
   cheap features (:mod:`standpunkt.language.ner_features`); or, in the opt-in variants (:data:`NER_MODELS`), the
   CRF with contextual e5 token features (``"e5"``, :mod:`.ner_e5`) or fine-tuned e5 layers with a BIO head
   (``"e5ft"``, :mod:`.ner_e5ft`) in its place;
2. the shipped gazetteers (:mod:`standpunkt.language.gazetteer`): countries, capitals, cities → GPE, regions,
   continents, seas → LOC, parties and organisations → ORG. A gazetteer name that the CRF missed is added; one the
   CRF found gets the gazetteer's label (a country tagged LOC becomes GPE); a longer gazetteer name replaces a
   shorter CRF span inside it;
3. role + name patterns (:mod:`standpunkt.language.mentions`): the name after "Bundeskanzler" or "der französische
   Außenminister" is a person even when the CRF missed it;
4. a LOC that no gazetteer knows, standing where a speaker stands ("…, erklärte Landsbergis", "…, so Landsbergis"),
   is a person.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Iterable, Iterator

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from standpunkt.errors import StandpunktError
from standpunkt.language import gazetteer
from standpunkt.language.ner_features import SPAN_GAZETTEER_FILE, SpanGazetteer, sentence_features
from standpunkt.language.wordclusters import DIST_FILE, DistClusters, get_clusters
from standpunkt.loaded import Models, process_models

MODEL_NAME = "ner-de-crf"
#: NER variants: the default CRF, the opt-in CRF with contextual e5 token features (:mod:`.ner_e5`), and the
#: opt-in fine-tuned e5 tagger (:mod:`.ner_e5ft`; no CRF).
NER_MODELS = {"crf": MODEL_NAME, "e5": "ner-de-crf-e5", "e5ft": "ner-de-e5ft"}
ENTITY_LABELS = ("PER", "ORG", "LOC", "GPE", "MISC")


class ModelMissingError(StandpunktError):
    """A trained artifact that ships with the package is missing (broken installation)."""


def model_dir(ner: str = "crf") -> Path:
    """Folder of a shipped NER model (``ner``: a key of :data:`NER_MODELS`)."""
    if ner not in NER_MODELS:
        raise ValueError(f"ner must be one of {sorted(NER_MODELS)}, not {ner!r}")
    return Path(str(resources.files("standpunkt").joinpath("models", NER_MODELS[ner])))


def load_crf(ner: str = "crf"):
    """Open the CRF tagger of a variant (pycrfsuite maps the model file into memory)."""
    import pycrfsuite

    path = model_dir(ner) / "model.crfsuite"
    if not path.is_file():
        raise ModelMissingError(f"NER model not found at {path}; rebuild it with training/train_ner.py"
                                + (" --e5" if ner == "e5" else ""))
    tagger = pycrfsuite.Tagger()
    tagger.open(str(path))
    return tagger


def _crf(ner: str = "crf", models: Models | None = None):
    """The CRF tagger of a variant from ``models`` (default: the process's registry)."""
    return (models or process_models()).get(load_crf, ner)


def load_extras() -> tuple[DistClusters | None, SpanGazetteer | None]:
    """Read the optional model inputs, present when the recipe was run with ``--dist-clusters`` /
    ``--seen-gazetteer``: the distributional cluster table and the training-set entity gazetteer (None where the
    model has none; the recipe removes stale files, so a file here means the CRF was trained with that input)."""
    folder = model_dir()
    dist = DistClusters(folder) if (folder / DIST_FILE).is_file() else None
    seen = SpanGazetteer.load(folder / SPAN_GAZETTEER_FILE) if (folder / SPAN_GAZETTEER_FILE).is_file() else None
    return dist, seen


def _extras(models: Models | None = None) -> tuple[DistClusters | None, SpanGazetteer | None]:
    """:func:`load_extras` from ``models`` (default: the process's registry)."""
    return (models or process_models()).get(load_extras)


def _sentence_tokens(doc: Doc) -> list[list[int]]:
    """Token indices of each sentence without space tokens (sentences with none left out)."""
    sents = doc.sents if doc.has_annotation("SENT_START") else [doc[:]]
    out = []
    for sent in sents:
        idx = [t.i for t in sent if not t.is_space]
        if idx:
            out.append(idx)
    return out


def e5_vectors(docs: list[Doc], models: Models | None = None) -> list[list]:
    """e5 word vectors per sentence of each document (one encoder call for all of them)."""
    from standpunkt.language.ner_e5 import word_vectors

    feats = _e5_reduction(models)
    sents = [[[doc[i].text for i in idx] for idx in _sentence_tokens(doc)] for doc in docs]
    flat = word_vectors([s for d in sents for s in d], layers=(feats.layer,), models=models) if any(sents) else []
    out, k = [], 0
    for d in sents:
        out.append([v[:, 0] for v in flat[k:k + len(d)]])
        k += len(d)
    return out


def e5ft_tags(docs: list[Doc], models: Models | None = None) -> list[list[list[str]]]:
    """BIO tags of the fine-tuned e5 tagger per sentence of each document (one encoder call for all of them)."""
    from standpunkt.language.ner_e5ft import FILE, load_head

    folder = model_dir("e5ft")
    if not (folder / FILE).is_file():
        raise ModelMissingError(f"fine-tuned e5 NER not found at {folder}; rebuild with training/finetune_e5_ner.py")
    sents = [[[doc[i].text for i in idx] for idx in _sentence_tokens(doc)] for doc in docs]
    flat = load_head(folder, models).tag([s for d in sents for s in d])
    out, k = [], 0
    for d in sents:
        out.append(flat[k:k + len(d)])
        k += len(d)
    return out


def variant_inputs(docs: list[Doc], ner: str, models: Models | None = None) -> list:
    """What a variant computes for a batch of documents at once, per document: e5 word vectors (``"e5"``), the
    fine-tuned tagger's tags (``"e5ft"``), or None (``"crf"``)."""
    if ner == "e5":
        return e5_vectors(docs, models)
    if ner == "e5ft":
        return e5ft_tags(docs, models)
    return [None] * len(docs)


def _e5_reduction(models: Models | None = None):
    from standpunkt.language.ner_e5 import E5_FILE, load_features

    folder = model_dir("e5")
    if not (folder / E5_FILE).is_file():
        raise ModelMissingError(f"e5 NER features not found at {folder}; rebuild with training/train_ner.py --e5")
    return load_features(folder, models)


def crf_spans(doc: Doc, ner: str = "crf", vectors: list | None = None,
              models: Models | None = None) -> list[tuple[int, int, str]]:
    """(start, end, label) token spans the CRF finds, sentence by sentence (space tokens skipped), with the models
    of ``models`` (default: the process's registry).

    ``ner="e5"`` uses the CRF with e5 token features (``vectors``: :func:`e5_vectors` of the document, computed
    here when not given); ``ner="e5ft"`` takes the fine-tuned e5 tagger's tags instead of a CRF's (``vectors``:
    :func:`e5ft_tags` of the document)."""
    sent_idx = _sentence_tokens(doc)
    if ner == "e5ft":
        tags = vectors if vectors is not None else e5ft_tags([doc], models)[0]
        return [span for idx, labels in zip(sent_idx, tags) for span in _bio_token_spans(idx, labels)]
    tagger = _crf(ner, models)
    clusters = get_clusters(models)
    dist, seen = _extras(models) if ner == "crf" else (None, None)
    # Embed all of the document's new words in one batch (cheaper than sentence by sentence).
    clusters.lookup([t.text for t in doc if not t.is_space])
    out: list[tuple[int, int, str]] = []
    red = None
    if ner == "e5":
        red = _e5_reduction(models)
        if vectors is None:
            vectors = e5_vectors([doc], models)[0]
    for k_sent, idx in enumerate(sent_idx):
        words = [doc[i].text for i in idx]
        tags = [doc[i].tag_ or "XY" for i in idx]
        x = sentence_features(words, tags, clusters.lookup(words),
                              dist.lookup(words) if dist is not None else None,
                              seen.match(words) if seen is not None else None)
        if red is not None:
            x = [a + b for a, b in zip(x, red.features(vectors[k_sent]))]
        out += _bio_token_spans(idx, tagger.tag(x))
    return out


def _bio_token_spans(idx: list[int], labels: list[str]) -> list[tuple[int, int, str]]:
    """(start, end, type) document token spans of one sentence's BIO labels (``idx``: its token indices)."""
    from standpunkt.corpora.tagging import bio_spans

    return [(idx[start], idx[end - 1] + 1, typ) for start, end, typ in sorted(bio_spans(list(labels)))]


class EntityRecognizer:
    """CRF + gazetteer entity component (see module docstring); its models come from ``models`` (``build_nlp``
    passes its registry), loaded on the first document."""

    def __init__(self, nlp: Language, ner: str = "crf", models: Models | None = None) -> None:
        model_dir(ner)                                          # an unknown variant fails here
        self.ner = ner
        self.models = models or process_models()
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.canonical: dict[str, str] = {}
        by_label: dict[str, list] = {}
        seen: set[tuple[str, str]] = set()
        for label, phrase, canonical in gazetteer.entity_phrases():
            if (label, phrase) in seen:
                continue
            seen.add((label, phrase))
            by_label.setdefault(label, []).append(nlp.make_doc(phrase))
        for label, docs in by_label.items():
            self.matcher.add(label, docs)

    def gazetteer_spans(self, doc: Doc) -> list[tuple[int, int, str]]:
        spans = [(s, e, doc.vocab.strings[m]) for m, s, e in self.matcher(doc)]
        # Longest first, then leftmost: a longer name wins over names inside it.
        spans.sort(key=lambda x: (-(x[1] - x[0]), x[0]))
        taken: set[int] = set()
        out = []
        for s, e, label in spans:
            if any(i in taken for i in range(s, e)):
                continue
            taken.update(range(s, e))
            out.append((s, e, label))
        return out

    def __call__(self, doc: Doc, vectors: list | None = None) -> Doc:
        doc.ents = merge_entities(doc, crf_spans(doc, self.ner, vectors, self.models), self.gazetteer_spans(doc))
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 32) -> Iterator[Doc]:
        """``nlp.pipe`` path: the new words of a whole batch of documents are embedded in one call (each call to
        the encoder costs ~1 ms on top of ~0.3 ms per word, and most documents bring only a few new words)."""
        from spacy.util import minibatch

        clusters = get_clusters(self.models) if self.ner != "e5ft" else None
        for batch in minibatch(docs, size=batch_size):
            if clusters is not None:
                clusters.lookup([t.text for doc in batch for t in doc if not t.is_space])
            vectors = variant_inputs(batch, self.ner, self.models)
            for doc, vecs in zip(batch, vectors):
                yield self(doc, vecs)


def merge_entities(doc: Doc, crf: list[tuple[int, int, str]], gaz: list[tuple[int, int, str]]) -> list[Span]:
    """Combine CRF and gazetteer spans into non-overlapping entities (rules in the module docstring)."""
    ents: dict[tuple[int, int], str] = {(s, e): lab for s, e, lab in crf}
    for gs, ge, glab in gaz:
        overlapping = [(s, e) for (s, e) in ents if s < ge and gs < e]
        if not overlapping:
            ents[(gs, ge)] = glab
            continue
        if (gs, ge) in ents:
            crf_label = ents[(gs, ge)]
            # The gazetteer knows places better (LOC → GPE); the CRF keeps ORG for "Berlin" as a team, etc.
            if glab == "GPE" and crf_label == "LOC" or glab == crf_label or crf_label == "MISC" and glab == "ORG":
                ents[(gs, ge)] = glab
            continue
        if all(gs <= s and e <= ge for s, e in overlapping):
            for key in overlapping:
                del ents[key]
            ents[(gs, ge)] = glab
    for (s, e), lab in list(ents.items()):
        if lab != "LOC":
            continue
        place = gazetteer.place_for(doc[s:e].text)
        if place is not None and place.kind in ("country", "capital", "city", "state"):
            ents[(s, e)] = "GPE"  # a LOC that is a country or city in the gazetteer is a GPE
        elif place is None and _is_speaker_position(doc, s):
            ents[(s, e)] = "PER"  # "erklärte Landsbergis", ", so Landsbergis": an unknown place does not speak
    return [Span(doc, s, e, label=lab) for (s, e), lab in sorted(ents.items())]


#: Lemmas of speech verbs whose inverted subject ("…, erklärte X") is a speaker.
SPEECH_VERB_LEMMAS = frozenset({
    "sagen", "erklären", "betonen", "mitteilen", "teilen", "hinzufügen", "fügen", "meinen", "warnen", "fordern",
    "kritisieren", "schreiben", "sprechen", "antworten", "ergänzen", "unterstreichen", "versichern", "bekräftigen",
    "berichten", "erläutern", "argumentieren", "behaupten", "räumen", "verweisen", "weisen", "zitieren",
})


def _is_speaker_position(doc: Doc, start: int) -> bool:
    """Whether the token at ``start`` stands where a speaker stands: after a finite speech verb or after ", so"."""
    if start == 0:
        return False
    prev = doc[start - 1]
    if prev.tag_ == "VVFIN" and prev.lemma_ in SPEECH_VERB_LEMMAS:
        return True
    return prev.lower_ == "so" and start >= 2 and doc[start - 2].text == ","


@Language.factory("standpunkt_entities", default_config={"ner": "crf"})
def make_entity_recognizer(nlp: Language, name: str, ner: str) -> EntityRecognizer:
    """spaCy factory for :class:`EntityRecognizer`, on the process's registry until ``build_nlp`` gives it one."""
    return EntityRecognizer(nlp, ner)


def add_entity_pipes(nlp: Language, ner: str = "crf", models: Models | None = None) -> None:
    """Append the entity and mention components to a pipeline built by ``build_nlp``; the entity component loads
    its models from ``models`` (default: the process's registry)."""
    from standpunkt.language import mentions  # noqa: F401  (registers the component)

    nlp.add_pipe("standpunkt_entities", config={"ner": ner}).models = models or process_models()
    nlp.add_pipe("standpunkt_mentions")
