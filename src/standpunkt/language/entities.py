"""Named entities (PER / ORG / LOC / GPE / MISC) and role + name mentions, as spaCy components.

Entities combine three sources, in this order of trust:

1. a CRF tagger trained on GermEval 2014 (``standpunkt/models/ner-de-crf``, recipe ``training/train_ner.py``) over
   cheap features (:mod:`standpunkt.language.ner_features`); or, in the opt-in variants (:data:`NER_MODELS`), the
   CRF with contextual e5 token features (``"e5"``, :mod:`.ner_e5`) or fine-tuned e5 layers with a BIO head
   (``"e5ft"``, :mod:`.ner_e5ft`) in its place on the sentences the default CRF is unsure of
   (:data:`CASCADE_THRESHOLD`; ``"e5-all"`` / ``"e5ft-all"``: on every sentence);
2. the shipped gazetteers (:mod:`standpunkt.language.gazetteer`): countries, capitals, cities → GPE, regions,
   continents, seas → LOC, parties and organisations → ORG. A gazetteer name that the CRF missed is added; one the
   CRF found gets the gazetteer's label (a country tagged LOC becomes GPE); a longer gazetteer name replaces a
   shorter CRF span inside it;
3. role + name patterns (:mod:`standpunkt.language.mentions`): the name after "Bundeskanzler" or "der französische
   Außenminister" is a person even when the CRF missed it;
4. a LOC that no gazetteer knows, standing where a speaker stands ("…, erklärte Landsbergis", "…, so Landsbergis"),
   is a person; an ORG that ends in a first name and a surname is the organisation and its person ("der
   Gewerkschaft Verdi Frank Bsirske"); a person entity that ends in a first name takes the capitalised word after
   it as the surname the tagger missed ("Gitta Trauernicht", "Theo Zwanziger").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Iterable, Iterator

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
#: The encoder variants run as a cascade (issue 14: the encoder runs only where it pays): the default CRF tags every
#: sentence, and the encoder runs only on the sentences whose best CRF labelling has a probability below the
#: threshold; the others keep the CRF's tags. ``<variant>-all`` (``"e5-all"``, ``"e5ft-all"``) runs the encoder on
#: every sentence. Thresholds chosen on train_ner.py's tuning slice by a fixed rule (docs/language.md).
CASCADE_THRESHOLD = {"e5": 0.95, "e5ft": 0.98}
ALL_SENTENCES = "-all"
#: The fine-tuned tagger runs its tuned layers on the encoder's int8 backend too (held-out F1 0.8015 against 0.8014
#: in float32, whole extract path 1.7x as fast; docs/language.md, stop 31).
E5FT_TUNED_INT8 = True
#: Every name ``ner`` may take.
NER_VARIANTS = ("crf", "e5", "e5ft") + tuple(v + ALL_SENTENCES for v in CASCADE_THRESHOLD)
ENTITY_LABELS = ("PER", "ORG", "LOC", "GPE", "MISC")


class ModelMissingError(StandpunktError):
    """A trained artifact that ships with the package is missing (broken installation)."""


def split_variant(ner: str) -> tuple[str, bool]:
    """(model variant, cascade) of a name of :data:`NER_VARIANTS`: ``"e5"`` → ("e5", True), ``"e5-all"`` →
    ("e5", False), ``"crf"`` → ("crf", False)."""
    if ner not in NER_VARIANTS:
        raise ValueError(f"ner must be one of {', '.join(NER_VARIANTS)}, not {ner!r}")
    if ner.endswith(ALL_SENTENCES):
        return ner[:-len(ALL_SENTENCES)], False
    return ner, ner in CASCADE_THRESHOLD


def model_dir(ner: str = "crf") -> Path:
    """Folder of a shipped NER model (``ner``: a name of :data:`NER_VARIANTS`)."""
    base, _ = split_variant(ner)
    return Path(str(resources.files("standpunkt").joinpath("models", NER_MODELS[base])))


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


def encoder_outputs(base: str, sentences: list[list[str]], models: Models | None = None) -> list:
    """What an encoder variant computes for sentences (one encoder call for all of them): e5 word vectors per
    sentence (``"e5"``) or the fine-tuned tagger's BIO tags (``"e5ft"``)."""
    if not sentences:
        return []
    if base == "e5":
        from standpunkt.language.ner_e5 import word_vectors

        feats = _e5_reduction(models)
        return [v[:, 0] for v in word_vectors(sentences, layers=(feats.layer,), models=models)]
    from standpunkt.language.ner_e5ft import FILE, load_head

    folder = model_dir("e5ft")
    if not (folder / FILE).is_file():
        raise ModelMissingError(f"fine-tuned e5 NER not found at {folder}; rebuild with training/finetune_e5_ner.py")
    return load_head(folder, models, tuned_int8=E5FT_TUNED_INT8).tag(sentences)


def _default_tags(doc: Doc, models: Models | None = None, gate: bool = False) -> list[tuple[list[str], float, Any]]:
    """The default CRF's BIO tags of each sentence; with ``gate`` (the cascade) also the probability of that
    labelling and the sentence's features when the CRF with e5 features can reuse them (no extra tables), else
    1.0 and None."""
    tagger = _crf("crf", models)
    clusters = get_clusters(models)
    dist, seen = _extras(models)
    clusters.lookup([t.text for t in doc if not t.is_space])   # all of the document's new words in one batch
    out = []
    for idx in _sentence_tokens(doc):
        words = [doc[i].text for i in idx]
        x = sentence_features(words, [doc[i].tag_ or "XY" for i in idx], clusters.lookup(words),
                              dist.lookup(words) if dist is not None else None,
                              seen.match(words) if seen is not None else None)
        tags = tagger.tag(x)
        if gate:
            out.append((tags, tagger.probability(tags), x if dist is None and seen is None else None))
        else:
            out.append((tags, 1.0, None))
    return out


@dataclass
class VariantInputs:
    """What an encoder variant computed for one document: ``encoded`` maps a sentence's number to its e5 word
    vectors (``"e5"``) or fine-tuned tags (``"e5ft"``); in a cascade, ``first`` holds the default CRF's tags of every
    sentence, and only the sentences it was unsure of are in ``encoded`` (``features``: their CRF features, which
    the CRF with e5 features extends)."""

    encoded: dict[int, Any]
    first: list[list[str]] | None = None
    features: dict[int, Any] = field(default_factory=dict)


def variant_inputs(docs: list[Doc], ner: str, models: Models | None = None) -> list[VariantInputs | None]:
    """What a variant computes for a batch of documents at once, per document (None for ``"crf"``): the encoder
    runs once over the batch, in a cascade only on the sentences whose default CRF labelling has a probability below
    :data:`CASCADE_THRESHOLD`."""
    base, cascade = split_variant(ner)
    if base == "crf":
        return [None] * len(docs)
    sents = [[[doc[i].text for i in idx] for idx in _sentence_tokens(doc)] for doc in docs]
    first: list[list[tuple[list[str], float, Any]] | None] = [None] * len(docs)
    if cascade:
        first = [_default_tags(doc, models, gate=True) for doc in docs]
    chosen = [[k for k in range(len(s)) if f is None or f[k][1] < CASCADE_THRESHOLD[base]]
              for s, f in zip(sents, first)]
    outputs = iter(encoder_outputs(base, [sents[d][k] for d in range(len(docs)) for k in chosen[d]], models))
    return [VariantInputs({k: next(outputs) for k in ks}, [t for t, _, _ in f] if f is not None else None,
                          {k: f[k][2] for k in ks if f[k][2] is not None} if f is not None else {})
            for ks, f in zip(chosen, first)]


def _e5_reduction(models: Models | None = None):
    from standpunkt.language.ner_e5 import E5_FILE, load_features

    folder = model_dir("e5")
    if not (folder / E5_FILE).is_file():
        raise ModelMissingError(f"e5 NER features not found at {folder}; rebuild with training/train_ner.py --e5")
    return load_features(folder, models)


def crf_spans(doc: Doc, ner: str = "crf", inputs: VariantInputs | None = None,
              models: Models | None = None) -> list[tuple[int, int, str]]:
    """(start, end, label) token spans the variant ``ner`` finds, sentence by sentence (space tokens skipped), with
    the models of ``models`` (default: the process's registry).

    ``"crf"``: the default CRF; ``"e5"``: the CRF with e5 token features; ``"e5ft"``: the fine-tuned e5 tagger's
    tags. ``inputs``: :func:`variant_inputs` of the document (computed here when not given); in a cascade the
    sentences the encoder did not run on keep the default CRF's tags."""
    base, _ = split_variant(ner)
    sent_idx = _sentence_tokens(doc)
    if base == "crf":
        return [span for idx, (tags, _, _) in zip(sent_idx, _default_tags(doc, models))
                for span in _bio_token_spans(idx, tags)]
    if inputs is None:
        inputs = variant_inputs([doc], ner, models)[0]
    if base == "e5" and inputs.encoded:
        tagger, clusters, red = _crf("e5", models), get_clusters(models), _e5_reduction(models)
    out: list[tuple[int, int, str]] = []
    for k, idx in enumerate(sent_idx):
        if k not in inputs.encoded:
            tags = inputs.first[k]
        elif base == "e5ft":
            tags = inputs.encoded[k]
        else:
            x = inputs.features.get(k)
            if x is None:
                words = [doc[i].text for i in idx]
                x = sentence_features(words, [doc[i].tag_ or "XY" for i in idx], clusters.lookup(words))
            tags = tagger.tag([a + b for a, b in zip(x, red.features(inputs.encoded[k]))])
        out += _bio_token_spans(idx, tags)
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

    def __call__(self, doc: Doc, inputs: VariantInputs | None = None) -> Doc:
        doc.ents = merge_entities(doc, crf_spans(doc, self.ner, inputs, self.models), self.gazetteer_spans(doc))
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 32) -> Iterator[Doc]:
        """``nlp.pipe`` path: the new words of a whole batch of documents are embedded in one call (each call to
        the encoder costs ~1 ms on top of ~0.3 ms per word, and most documents bring only a few new words)."""
        from spacy.util import minibatch

        base, cascade = split_variant(self.ner)
        clusters = get_clusters(self.models) if base != "e5ft" or cascade else None   # a CRF reads them
        for batch in minibatch(docs, size=batch_size):
            if clusters is not None:
                clusters.lookup([t.text for doc in batch for t in doc if not t.is_space])
            for doc, inputs in zip(batch, variant_inputs(batch, self.ner, self.models)):
                yield self(doc, inputs)


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
    for (s, e), lab in list(ents.items()):
        k = _trailing_person(doc, s, e) if lab == "ORG" else None
        if k is not None:
            del ents[(s, e)]
            ents[(s, k)], ents[(k, e)] = "ORG", "PER"
    taken = {i for s, e in ents for i in range(s, e)}
    for (s, e), lab in list(ents.items()):
        if doc[e - 1].tag_ == "TRUNC" and e + 1 < len(doc) and doc[e].tag_ == "KON" and e not in taken \
                and e + 1 not in taken and doc[e + 1].tag_ in ("NN", "NE"):
            # "Deutsche Gesellschaft für Kinder- und Jugendpsychiatrie": a word cut short goes on after "und"
            del ents[(s, e)]
            ents[(s, e + 2)] = lab
            taken.update((e, e + 1))
    for (s, e), lab in list(ents.items()):
        if lab == "PER" and _surname_after(doc, s, e, taken):
            del ents[(s, e)]
            ents[(s, e + 1)] = "PER"
            taken.add(e)
    for k in range(len(doc) - 1):
        # a first name in no entity, with its surname the tagger took for something else: "Theo Zwanziger,
        # Präsident des DFB" ("Zwanziger" an adjective, neither word an entity)
        if k not in taken and doc[k].tag_ == "NE" and _surname_after(doc, k, k + 1, taken):
            ents[(k, k + 2)] = "PER"
            taken.update((k, k + 1))
    return [Span(doc, s, e, label=lab) for (s, e), lab in sorted(ents.items())]


def _surname_after(doc: Doc, start: int, end: int, taken: set[int]) -> bool:
    """Whether the word after a person entity that ends in a first name is its surname, whatever the tagger took
    it for ("Ministerin Gitta Trauernicht", "Theo Zwanziger hatte"): a capitalised word in no entity, inside the
    sentence, that names no role, person, place or second first name, where a role stands before the name or the
    clause goes on after the word with a verb or punctuation (not "Douglas Posten in einer Firma")."""
    if end >= len(doc) or end in taken or not gazetteer.is_given_name(doc[end - 1].text):
        return False
    word = doc[end]
    if not (word.text[:1].isupper() and all(part.isalpha() for part in word.text.split("-"))) \
            or word.is_sent_start or gazetteer.is_given_name(word.text) or gazetteer.is_person_noun(word.text) \
            or gazetteer.place_for(word.text) is not None or gazetteer.country_for(word.text) is not None:
        return False
    after = doc[end + 1] if end + 1 < len(doc) else None
    titled = start > 0 and doc[start - 1].tag_ == "NN" and gazetteer.is_person_noun(doc[start - 1].text)
    return titled or after is None or after.tag_.startswith("V") or after.is_punct


#: Words before a first name in a place or team name ("San Antonio Spurs"), not an organisation before its person.
_NAME_PREFIXES = frozenset({"san", "santa", "santo", "são", "sao", "sankt", "st.", "saint", "sainte"})


def _trailing_person(doc: Doc, start: int, end: int) -> int | None:
    """Where the person's name begins that an organisation span swallowed: German puts a body's head right before
    the name ("der Vorsitzende der Gewerkschaft Verdi Frank Bsirske", "der Bundesagentur für Arbeit Frank-Jürgen
    Weise"), and the tagger runs both into one ORG. A frequent first name followed by one or two capitalised
    words that end the span is that person; None when the span has no such tail."""
    for k in range(max(start + 1, end - 3), end - 1):
        tail = doc[k:end]
        if doc[k - 1].lower_ not in _NAME_PREFIXES and gazetteer.is_given_name(doc[k].text) \
                and all(t.is_alpha or "-" in t.text for t in tail) and all(t.text[:1].isupper() for t in tail) \
                and not gazetteer.is_given_name(doc[end - 1].text):
            return k
    return None


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
