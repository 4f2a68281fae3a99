"""Quotations → DNA statements: actor × concept × agreement, with condition and evidence spans.

For each quotation: the speaker is resolved to actors (:mod:`standpunkt.actors`); the concept is chosen from the
codebook by keyword patterns over the quotation's message, cue and frame, by sentence-embedding similarity to the
concept's label, description and examples, and by the codebook's trained classifier when it has one; the agreement
and condition come from the rules in :mod:`standpunkt.stance.agreement` (the classifier decides only when the rules
find nothing to go by).

A quotation without its own concept words takes the concept of the sentence before it (same paragraph) when it
takes a position and is close to that concept in meaning: "…, würde Lettland eine Teilnahme in Betracht ziehen"
after a sentence about sending ground troops.

Positions reported without a quotation ("Macron hatte in Aussicht gestellt, dass …", "Lettland hatte Zustimmung
signalisiert") are coded too, from sentences no quotation covers: they need a concept keyword, a stance word and a
subject that resolves to an actor. Such statements have ``quotation = None``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Callable

import numpy as np

from standpunkt.actors import Registry, load_registry
from standpunkt.actors.names import DocumentNames, acronyms
from standpunkt.actors.phrases import (names_an_actor, plural_form, referred_body, referred_spokesperson,
                                       resolve_subject)
from standpunkt.actors.resolve import (COLLECTIVE_NOUN, MEDIA_NOUN, collective_name, public_noun, resolve_mention,
                                       resolve_speaker, speaker_text)
from standpunkt.language import tokens_in
from standpunkt.language.mood import plural_verb
from standpunkt.language.phrases import phrase_at
from standpunkt.model import Actor, Document, Quotation, Span, Statement
from standpunkt.stance.agreement import (BUT, NEGATORS, ONLY_EXAMINING, PROPOSAL_ANAPHORS, SETS_CONDITION,
                                        UNDOING_VERBS, Assessment, asks_how, assess, goes_to_court, lexicon,
                                        split_clauses, states_a_stance)
from standpunkt.stance.codebook import (Codebook, Concept, KeywordPattern, Scope, burdened_nouns, label_objects,
                                       label_verbs, undone_nouns)
from standpunkt.stance.dates import claim_date
from standpunkt.stance.reported import (ARRIVING_VERBS, FINITE, GETTING_VERBS, ReportedClause, nominal_stances,
                                       pronoun_subject_clauses, reported_clauses, role_subject_clauses,
                                       stance_noun_with)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as SpacySpan

#: Weight of a keyword match in clauses that do not carry the actor's position (conditions, relative clauses…).
SIDE_CLAUSE_KEYWORD_WEIGHT = 0.5
#: Weighted keyword matches a quotation needs to be assigned a concept by keywords alone.
KEYWORD_MIN = 1.0
#: Without keywords: a trained classifier's concept is taken from this confidence on.
CLASSIFIER_MIN_CONFIDENCE = 0.5
#: When several concepts' keywords match, the trained classifier's choice gets this bonus (times its confidence).
CLASSIFIER_TIE_WEIGHT = 1.0
#: Without keywords: the embedding alone assigns a concept from this cosine on, if it leads the next by the margin.
EMBEDDING_ONLY_MIN_SIMILARITY = 0.62
EMBEDDING_MARGIN = 0.08
#: A concept inherited from the previous sentence needs at least this similarity to the quotation.
CONTEXT_MIN_SIMILARITY = 0.40
#: How many sentences before a statement are searched for its topic (same and previous paragraph).
CONTEXT_SENTENCES = 3
#: Confidence of the agreement when no word of the statement decides it (see _Coder.agreement).
DEFAULT_AGREEMENT_CONFIDENCE = 0.35
DEFAULT_ITEM = "(default: agreeing)"
#: How much less a position read from a relative clause on its subject counts than one from a main clause.
RELATIVE_CLAUSE_WEIGHT = 0.5
_RELATIVE_TAGS = ("PRELS", "PRELAT")
#: Concept confidence by how the concept was found.
CONCEPT_CONFIDENCE = {"keywords": 0.9, "context": 0.6, "topic": 0.5}
#: A document is about one concept when its keywords match in at least this many sentences, more than any other's.
TOPIC_MIN_SENTENCES = 2
_QUOTE_CHARS = frozenset('"„“”‚‘’»«\'')
_SUBJECT_TAGS = frozenset({"NE", "NN", "ADJA"})


@dataclass
class ConceptChoice:
    concept: Concept
    source: str  # keywords, classifier, context, embedding
    confidence: float
    anchors: frozenset[int]  # token indices that matched keywords


# ------------------------------------------------------------------------------------------ keyword matching
def _term_matches(term: str, forms: tuple[str, str]) -> bool:
    """Whether a keyword term (``*`` at either end: any prefix / suffix) matches a token's lower-cased lemma or
    text."""
    core = term.strip("*")
    for form in forms:
        if term.startswith("*") and term.endswith("*") and len(term) > 2:
            if core in form:
                return True
        elif term.startswith("*"):
            if form.endswith(core):
                return True
        elif term.endswith("*"):
            if form.startswith(core):
                return True
        elif form == term:
            return True
    return False


def _doc_forms(doc: "Doc") -> tuple[list[tuple[str, str]], str]:
    """Every token's lower-cased (lemma, text), and all of them joined by spaces, read from spaCy once per document:
    a codebook of a hundred concepts asks for the same tokens' forms hundreds of times, and reading them from the
    tokens each time was most of the statement stage's time."""
    got = doc.user_data.get("standpunkt.keyword_forms")
    if got is None:
        forms = [((t.lemma_ or "").lower(), t.text.lower()) for t in doc]
        got = doc.user_data["standpunkt.keyword_forms"] = (forms, " ".join(f"{a} {b}" for a, b in forms))
    return got


def _forms_of(tokens: list["Token"]) -> tuple[list[tuple[str, str]], str]:
    """The forms of ``tokens`` (:func:`_doc_forms`) and all of them joined, once per document and token sequence."""
    doc = tokens[0].doc
    cache = doc.user_data.setdefault("standpunkt.sentence_forms", {})
    key = tuple(t.i for t in tokens)
    got = cache.get(key)
    if got is None:
        every = _doc_forms(doc)[0]
        forms = [every[i] for i in key]
        got = cache[key] = (forms, " ".join(f"{a} {b}" for a, b in forms))
    return got


def _alternative_hits(words: tuple[str, ...], tokens: list["Token"]) -> list[list[int]]:
    """Positions (indices into ``tokens``) where the word sequence matches consecutively."""
    if not tokens or not words:
        return []
    # every term match needs the term's core inside a form: a document, then a sentence, without the first term's
    # core has no hit (most of a large codebook's terms occur in no sentence of a document)
    core = words[0].strip("*")
    if core not in _doc_forms(tokens[0].doc)[1]:
        return []
    forms, joined = _forms_of(tokens)
    if core not in joined:
        return []
    hits = []
    n = len(words)
    for i in range(len(tokens) - n + 1):
        if all(_term_matches(words[k], forms[i + k]) for k in range(n)):
            hits.append([tokens[i + k].i for k in range(n)])
    return hits


def match_pattern(pattern: KeywordPattern, tokens: list["Token"]) -> set[int] | None:
    """Token indices (doc.i) matched when every group of the pattern matches in ``tokens``, else None."""
    matched: set[int] = set()
    for group in pattern.groups:
        group_hits = [i for alt in group for hit in _alternative_hits(alt, tokens) for i in hit]
        if not group_hits:
            return None
        matched.update(group_hits)
    return matched


def _may_match(pattern: KeywordPattern, forms: str) -> bool:
    """False when some group of the pattern has no alternative whose first term occurs in ``forms`` at all."""
    return all(any(alt[0].strip("*") in forms for alt in group) for group in pattern.groups)


def in_scope(scope: Scope | None, sentences: list[list["Token"]]) -> bool:
    """Whether enough of the document's sentences match the scope's keywords (no scope: always)."""
    if scope is None:
        return True
    hits = 0
    for tokens in sentences:
        # every term match needs its core as a substring of a form: a cheap test rules out most sentences
        forms = " ".join(f"{(t.lemma_ or '').lower()} {t.text.lower()}" for t in tokens)
        if any(_may_match(p, forms) and match_pattern(p, tokens) is not None for p in scope.keywords):
            hits += 1
            if hits >= scope.min_sentences:
                return True
    return False


def _label_hit(concept: Concept, tokens: list["Token"]) -> set[int] | None:
    """The object nouns matched where a sentence states the concept's label in its own words: the label's verb with
    a head noun of its object ("Das flämische Parlament hat das Schlachten … verboten" for "Das Schlachten ohne
    Betäubung verbieten", "will den Senat abschaffen"), however few of its keywords the codebook lists."""
    nouns = label_objects(concept)
    if not nouns or not tokens:
        return None
    every = _doc_forms(tokens[0].doc)[1]
    if not any(n[:max(4, len(n) - 2)] in every for n in nouns):
        return None
    verbs = label_verbs(concept)
    if not any(t.tag_.startswith("V") and _verb_lemma(t) in verbs for t in tokens):
        return None
    hit = {t.i for t in tokens if t.tag_ in ("NN", "NE") and any(
        form == n or n.startswith(form) and len(n) - len(form) <= 2 and len(form) >= 4
        for form in ((t.lemma_ or "").lower(), t.lower_) for n in nouns)}
    return hit or None


def keyword_score(concept: Concept, sentences: list[list["Token"]], weight_of: Callable[[int], float]
                  ) -> tuple[float, set[int]]:
    """Weighted number of the concept's patterns (and its label, :func:`_label_hit`) matched in any one sentence,
    and the matched tokens."""
    score = 0.0
    anchors: set[int] = set()
    for pattern in [*concept.keywords, None]:
        best = 0.0
        for tokens in sentences:
            hit = match_pattern(pattern, tokens) if pattern is not None else _label_hit(concept, tokens)
            if hit:
                best = max(best, max(weight_of(i) for i in hit))
                anchors.update(hit)
        score += best
    return score, anchors


# ------------------------------------------------------------------------------------------ helpers over the doc
def _proposition_words(concept: Concept) -> tuple[str, ...]:
    """The words of a concept's label and actions, lower case: what the concept proposes. A keyword outside them
    ("Veto" listed to find a bill's debate) only finds the topic; an opposing word there is the actor's own."""
    words = re.findall(r"\w+", " ".join([concept.label, *concept.actions]).lower())
    return tuple(w for w in words if len(w) >= 4)


def _in_proposition(token: "Token", proposition: tuple[str, ...]) -> bool:
    """Whether the token is one of the proposition's words: contained in one ("Verbot" in "Folterverbot") or sharing
    a stem of six letters with one ("Abschaffung" and "abschaffen")."""
    for form in {token.lower_, (token.lemma_ or token.text).lower()}:
        if len(form) < 4:
            continue
        if any(form in w or (len(form) >= 6 and len(w) >= 6 and form[:6] == w[:6]) for w in proposition):
            return True
    return False


def _proposes_instead(tokens: list["Token"]) -> bool:
    """Whether a sentence of the statement proposes something instead ("stattdessen", "statt dessen")."""
    if not tokens:
        return False
    doc = tokens[0].doc
    seen: set[int] = set()
    for t in tokens:
        sentence = _sentence_of(doc, t.i)
        if sentence.start in seen:
            continue
        seen.add(sentence.start)
        words = [w.lower_ for w in sentence]
        if "stattdessen" in words or any(a == "statt" and b == "dessen" for a, b in zip(words, words[1:])):
            return True
    return False


#: Frame verbs that give the message as the reason for their object ("begründete den Plan mit …").
_JUSTIFYING = frozenset({"begründen", "rechtfertigen"})


def _justifies(tokens: list["Token"], message: list[Span], anchors: frozenset[int]) -> bool:
    """Whether a quotation's frame justifies the concept with its message: a justifying verb there with a concept
    word as its object ("…, begründete der Minister den Plan", "begründete die Maßnahme mit …")."""
    frame = [t for t in tokens if not any(s.start <= t.idx < s.end for s in message)]
    return any((t.lemma_ or "").lower() in _JUSTIFYING and t.tag_.startswith("VV") for t in frame) \
        and any(t.i in anchors for t in frame) and not any(t.lower_ in ("nicht", "kein", "keine") for t in frame)


def _names_undone(token: "Token", concept: Concept) -> bool:
    """Whether a keyword names the thing the concept undoes rather than the change: "Schuldenbremse" for "Die
    Schuldenbremse lockern", not "Lockerung"."""
    nouns = undone_nouns(concept)
    if not nouns:
        return False
    form = (token.lemma_ or token.text).lower()
    # the word as written too: the lemmatiser's "Medium" of "Medien" is not the label's "Medien"
    names = any(n == f or (len(f) >= 5 and (n in f or f in n)) or (len(f) >= 3 and n.startswith(f))
                or _same_head(n, f)
                for n in nouns for f in {form, token.lower_})  # (a short form: "Soli" of "Solidaritätszuschlag")
    return names and (not _undoing(form, concept) or _names_undone_by_head(token, concept)) \
        and not _undoing_head(token, concept)


def _judges_burdened(tokens: list["Token"], concept: Concept, items: list[str]) -> bool:
    """Whether words judge, by evaluations or harms only, a noun the concept's levy or ban falls on
    (:func:`~standpunkt.stance.codebook.burdened_nouns`)."""
    nouns = burdened_nouns(concept)
    if not nouns or not items:
        return False
    singles = lexicon()[0]
    return all(i in singles and singles[i].kind in ("evaluative", "harm") for i in items) \
        and any(t.tag_ == "NN" and {(t.lemma_ or "").lower(), t.lower_} & set(nouns) for t in tokens)


def _same_head(a: str, b: str, least: int = 6) -> bool:
    """Whether two compounds end in the same word of at least ``least`` letters ("Obergrenze" and "Zwei-Kind-Grenze",
    keywords of one concept naming one thing)."""
    k = 0
    while k < min(len(a), len(b)) and a[-1 - k] == b[-1 - k]:
        k += 1
    return k >= least


def _names_undone_by_head(token: "Token", concept: Concept) -> bool:
    """Whether an undoing noun is the head of the thing the concept undoes, and so names it ("Das Verbot" for "Das
    Rauchverbot abschaffen"), not an undoing."""
    form = (token.lemma_ or token.text).lower()
    # (or any head long enough to be a word of its own, as the subject a clause opens with: "Die Verordnung sei
    # ein Meilenstein" for "Die Entwaldungsverordnung verschieben"; not "der Verein Deutsche Sprache", nor a body:
    # "Die Europäische Staatsanwaltschaft warnte" for "Die Sonderstaatsanwaltschaft abschaffen")
    return (form in _UNDOING_NOUNS or len(form) >= 6 and _opens_clause(token) and not names_an_actor([token])) \
        and any(n.endswith(form) and n != form for n in undone_nouns(concept))


def _verb_lemma(token: "Token") -> str:
    """A verb's lemma with its separated particle ("schafft … ab" → "abschaffen"), lower case."""
    return (token._.verb_lemma or token.lemma_ or token.text).lower()


def _opens_clause(token: "Token") -> bool:
    """Whether a noun opens its sentence or a clause after a comma or colon ("sagte, die Verordnung sei …"), after a
    definite article and adjectives."""
    k = token.i - 1
    while k >= token.sent.start and token.doc[k].tag_ == "ADJA":
        k -= 1
    if k < token.sent.start or token.doc[k].lower_ not in ("der", "die", "das"):
        return False
    j = k - 1
    while j >= token.sent.start and (token.doc[j].is_space or token.doc[j].text in _QUOTE_CHARS):
        j -= 1
    return j < token.sent.start or token.doc[j].text in (",", ":")


#: Nouns that undo what they govern, beside the undoing verbs' own nouns ("Abschaffung", "Lockerung").
_UNDOING_NOUNS = frozenset({"ende", "aus", "stopp", "verbot", "abzug", "abbau", "ausstieg", "rücknahme", "schluss"})
#: … and those of them that head compounds ("Aufnahmestopp", "Atomausstieg"; not "Beschluss", "Legende").
_UNDOING_HEADS = ("stopp", "verbot", "abzug", "abbau", "ausstieg", "rücknahme")


def _undoing(form: str, concept: Concept) -> bool:
    """Whether a lower-case word names an undoing: an undoing verb or its noun ("abschaffen", "Abschaffung"), or a
    compound headed by an undoing noun ("Aufnahmestopp", "Atomausstieg")."""
    return form in _UNDOING_NOUNS or form.endswith(_UNDOING_HEADS) or any(
        form.startswith(v[:max(5, len(v) - 3)]) for v in UNDOING_VERBS | {a.lower() for a in concept.actions})


def _turn(result: Assessment, why: str) -> None:
    """Turn an assessment the other way (support ↔ oppose), noting why among its items."""
    result.agreement = {"support": "oppose", "oppose": "support"}.get(result.agreement, result.agreement)
    result.polarity = -result.polarity
    result.items = result.items + [why]


#: Nouns of undoing that take back what was planned or in force ("Verbot" is left out: a ban is often the
#: proposal itself).
_TAKING_BACK = frozenset({"rückzug", "rücknahme", "aus", "stopp", "ende", "abschaffung", "aussetzung", "ausstieg"})


def _undoing_unnamed(tokens: list["Token"]) -> bool:
    """Whether the words name an undoing without saying of what: a definite undoing noun with no genitive or
    "von" after it ("begrüßte den Rückzug", "forderte das Aus"); it undoes the topic the context gives."""
    for k, t in enumerate(tokens):
        if t.tag_ != "NN" or (t.lemma_ or t.text).lower() not in _TAKING_BACK or k == 0 \
                or tokens[k - 1].lower_ not in ("den", "das", "die", "dem", "der"):
            continue
        nxt = tokens[k + 1] if k + 1 < len(tokens) else None
        if nxt is None or nxt.lower_ not in ("des", "der", "von", "vom", "aus", "für", "eines", "einer"):
            return True
    return False


def _undoing_head(token: "Token", concept: Concept) -> bool:
    """Whether the noun phrase a keyword stands in is headed by an undoing noun ("ein Ende des privaten
    Feuerwerks", "die Abschaffung der Schuldenbremse", "den Ausstieg aus der Atomkraft"): the phrase names the
    change the concept proposes, not the thing it undoes."""
    doc = token.doc
    k = token.i - 1
    while k >= 0 and token.i - k <= 4 and doc[k].tag_ in ("ADJA", "ART", "PPOSAT", "CARD"):
        k -= 1
    if k >= 0 and doc[k].lower_ in ("von", "vom", "aus", "für") and doc[k].tag_ in ("APPR", "APPRART"):
        k -= 1
    return k >= 0 and k < token.i - 1 and doc[k].tag_ == "NN" and _undoing((doc[k].lemma_ or doc[k].text).lower(),
                                                                          concept)


def _by_sentence(tokens: list["Token"]) -> list[list["Token"]]:
    groups: dict[int, list[Token]] = {}
    for t in tokens:
        groups.setdefault(_sentence_of(t.doc, t.i).start, []).append(t)
    return [groups[k] for k in sorted(groups)]


def _clause_weights(tokens: list["Token"]) -> dict[int, float]:
    weights = {}
    for clause in split_clauses(tokens):
        w = 1.0 if clause.kind in ("core", "complement") else SIDE_CLAUSE_KEYWORD_WEIGHT
        for t in clause.tokens:
            weights[t.i] = w
    return weights


def _sentence_of(doc: "Doc", i: int) -> "SpacySpan":
    """The sentence of token ``i`` (what ``doc[i].sent`` gives, which walks the document's sentence starts on
    every call), from sentence bounds computed once per document."""
    import bisect

    starts = doc.user_data.get("standpunkt.sentence_starts")
    if starts is None:
        starts = doc.user_data["standpunkt.sentence_starts"] = [sent.start for sent in doc.sents]
    k = bisect.bisect_right(starts, i) - 1
    return doc[starts[k]:starts[k + 1] if k + 1 < len(starts) else len(doc)]


def _doc_text(doc: "Doc") -> str:
    """``doc.text``, which spaCy rebuilds from the tokens on every access: read once per document."""
    text = doc.user_data.get("standpunkt.text")
    if text is None:
        text = doc.user_data["standpunkt.text"] = doc.text
    return text


def _previous_sentences(doc: "Doc", tokens: list["Token"]) -> list[list["Token"]]:
    """Up to :data:`CONTEXT_SENTENCES` sentences before the first one of ``tokens``, nearest first, within its
    paragraph and the paragraph before it: where a statement's topic was named ("Die Regierung unterstützt die
    ablehnende Haltung" after a paragraph about the measure)."""
    if not tokens:
        return []
    out: list[list[Token]] = []
    first = _sentence_of(doc, tokens[0].i)
    paragraphs = 0
    while first.start > 0 and len(out) < CONTEXT_SENTENCES:
        prev = _sentence_of(doc, first.start - 1)
        if "\n\n" in _doc_text(doc)[prev.end_char:first.start_char] or "\n" in prev.text.strip():
            paragraphs += 1
            if paragraphs > 1:
                break
        out.append([t for t in prev if not t.is_space])
        first = prev
    return out


def _next_sentence(doc: "Doc", tokens: list["Token"]) -> list["Token"]:
    """The sentence after the last one of ``tokens``, in the same paragraph; empty if there is none."""
    last = _sentence_of(doc, tokens[-1].i)
    if last.end >= len(doc):
        return []
    following = _sentence_of(doc, last.end)
    if "\n" in _doc_text(doc)[last.end_char:following.start_char] or "\n" in following.text.strip():
        return []
    return [t for t in following if not t.is_space]


def _announces(clause: list["Token"]) -> bool:
    """A sentence that announces a stance by its noun and who it comes from, or a reaction, not what it is about
    ("Kritik kam auch aus der Justiz.", "KLM reagierte mit scharfer Kritik.", "Der Verband äußerte Zweifel."): the
    sentence after it, which says what, names its topic before the sentences before do."""
    return stance_noun_with(clause, ARRIVING_VERBS) or stance_noun_with(clause, _ANNOUNCING) \
        or any(t.tag_ in FINITE and (t.lemma_ or "").lower() in _ANNOUNCING and t.lemma_ != "melden" for t in clause)


def _as_date(value: datetime | date | None) -> date | None:
    return value.date() if isinstance(value, datetime) else value


# ------------------------------------------------------------------------------------------ the coder
class _Coder:
    """Holds what one document's coding shares: the codebook's prototypes, the classifier, the doc."""

    def __init__(self, document: Document, doc: "Doc", codebook: Codebook, registry: Registry):
        self.document, self.doc, self.codebook, self.registry = document, doc, codebook, registry
        self.doc_date = _as_date(document.published)
        self.classifier = codebook.classifier()
        self.prototypes = _prototypes(codebook)
        # the concepts this document may be coded with: their codebook's and their issue's scope hold
        sentences: list[list[Token]] = []
        if codebook.scope is not None or any(i.scope is not None for i in codebook.issues):
            sentences = [[t for t in sent if not t.is_space] for sent in doc.sents]
        issues = [i for i in codebook.issues if in_scope(i.scope, sentences)] \
            if in_scope(codebook.scope, sentences) else []
        self.allowed = {c.id for i in issues for c in i.concepts}
        self.topic = self._topic(doc)
        self.defaulted: set[int] = set()  # ids of statements whose agreement no word decided
        self.reactions: set[int] = set()  # ids of statements that only react, naming no concept word
        self.unsided: set[int] = set()  # ids of a quotation's statements on the topic that no word decided

    def _topic(self, doc: "Doc") -> Concept | None:
        """The concept the document is about: named in the most sentences (at least two, more than any other)."""
        counts: dict[str, int] = {}
        for sent in doc.sents:
            tokens = [t for t in sent if not t.is_space]
            for concept in self.codebook.concepts:
                if concept.id in self.allowed and keyword_score(concept, [tokens], lambda i: 1.0)[0] >= KEYWORD_MIN:
                    counts[concept.id] = counts.get(concept.id, 0) + 1
        ranked = sorted(counts.items(), key=lambda kv: -kv[1])
        if not ranked or ranked[0][1] < TOPIC_MIN_SENTENCES or (len(ranked) > 1 and ranked[1][1] >= ranked[0][1]):
            return None
        return self.codebook.concept(ranked[0][0])

    def similarities(self, emb: np.ndarray) -> np.ndarray:
        """(n texts, n concepts): best cosine of each text to each concept's label, description and examples."""
        return np.vstack([(P @ emb.T).max(0) if len(P) else np.zeros(len(emb)) for P in self.prototypes]).T \
            if len(emb) else np.zeros((0, len(self.prototypes)))

    def choose(self, tokens: list["Token"], sims: np.ndarray, classifier_pick: tuple[str | None, float],
               context: list[list["Token"]]) -> ConceptChoice | None:
        concepts = self.codebook.concepts
        weights = _clause_weights(tokens)
        sentences = _by_sentence(tokens)
        best: tuple[float, int, set[int]] | None = None
        cid, conf = classifier_pick
        for k, concept in enumerate(concepts):
            if concept.id not in self.allowed:
                continue
            score, anchors = keyword_score(concept, sentences, lambda i: weights.get(i, 1.0))
            if score < KEYWORD_MIN:
                continue
            total = score + float(sims[k]) + (conf * CLASSIFIER_TIE_WEIGHT if concept.id == cid else 0.0)
            if best is None or total > best[0]:
                best = (total, k, anchors)
        if best is not None:
            return ConceptChoice(concepts[best[1]], "keywords", CONCEPT_CONFIDENCE["keywords"],
                                 frozenset(best[2]))
        if cid in self.allowed and conf >= CLASSIFIER_MIN_CONFIDENCE:
            return ConceptChoice(self.codebook.concept(cid), "classifier", round(conf, 3), frozenset())
        order = np.array([k for k in np.argsort(-sims) if concepts[k].id in self.allowed], dtype=int)
        top = int(order[0]) if len(order) else None
        for sentence in context:  # nearest first: the concept named there
            if top is None:
                break
            named = self.named_in(sentence)
            hits = [int(k) for k in order if int(k) in named]
            if hits:
                k = max(hits, key=lambda h: sims[h])
                if sims[k] >= CONTEXT_MIN_SIMILARITY:
                    return ConceptChoice(concepts[k], "context", CONCEPT_CONFIDENCE["context"], frozenset())
                break
        if context and self.topic is not None:
            # a position near no concept word, in a document about one concept: that concept (needs stance words)
            return ConceptChoice(self.topic, "context", CONCEPT_CONFIDENCE["topic"], frozenset())
        if top is not None and sims[top] >= EMBEDDING_ONLY_MIN_SIMILARITY and (
                len(order) < 2 or sims[top] - sims[int(order[1])] >= EMBEDDING_MARGIN):
            return ConceptChoice(concepts[top], "embedding", round(float(sims[top]), 3), frozenset())
        return None

    def named_in(self, sentence: list["Token"], weighted: bool = True) -> list[int]:
        """Indices of the allowed concepts whose keywords the sentence matches (side clauses count half, if
        ``weighted``)."""
        weights = _clause_weights(sentence) if weighted else {}
        return [k for k, c in enumerate(self.codebook.concepts) if c.id in self.allowed
                and keyword_score(c, [sentence], lambda i: weights.get(i, 1.0))[0] >= KEYWORD_MIN]

    def context_concept(self, context: list[list["Token"]], weighted: bool = True) -> ConceptChoice | None:
        """The concept whose keywords the nearest of the ``context`` sentences matches (one concept only)."""
        for sentence in context:
            hits = self.named_in(sentence, weighted)
            if hits:
                return ConceptChoice(self.codebook.concepts[hits[0]], "context", CONCEPT_CONFIDENCE["context"],
                                     frozenset()) if len(hits) == 1 else None
        return None

    def also(self, tokens: list["Token"], choice: ConceptChoice) -> list[ConceptChoice]:
        """Further concepts the same words take a position on ("lehnt die EU-Mission und die Unabhängigkeit ab"):
        those whose keywords match in the clauses that carry the position, not only in side clauses."""
        if choice.source != "keywords":
            return []
        weights = _clause_weights(tokens)
        sentences = _by_sentence(tokens)
        extra = []
        taken = set(choice.anchors)
        for concept in self.codebook.concepts:
            if concept.id == choice.concept.id or concept.id not in self.allowed:
                continue
            score, anchors = keyword_score(concept, sentences, lambda i: weights.get(i, 1.0))
            # words of its own: the same words matching several concepts' keywords name one of them, not two
            if score >= KEYWORD_MIN and any(weights.get(i, 1.0) == 1.0 for i in anchors) and not anchors & taken:
                extra.append(ConceptChoice(concept, "keywords", CONCEPT_CONFIDENCE["keywords"], frozenset(anchors)))
                taken |= anchors
        return extra

    def agreement(self, tokens: list["Token"], choice: ConceptChoice, actor: Actor | None,
                  text: str, features: tuple[Any, np.ndarray], message: list[Span] | None = None,
                  foreign: frozenset[int] = frozenset()) -> Assessment:
        """``message``: a quotation's message spans (the rest of ``tokens`` is its cue and frame); ``foreign``: the
        words naming the other concepts the same words take a position on."""
        anchors = choice.anchors
        proposition = _proposition_words(choice.concept)
        undoes = bool(undone_nouns(choice.concept))
        # the label's own verb where the codebook lists no actions ("Soziale Medien … verbieten": "Australien
        # verbietet … sozialer Netzwerke" states the concept, whatever the lexicon says of "verbieten")
        actions = choice.concept.actions or label_verbs(choice.concept)
        result = assess(tokens, actions=actions, is_anchor=lambda t: t.i in anchors,
                        states_concept=lambda t: t.i in anchors and (
                            _in_proposition(t, proposition)
                            # an undoing keyword of a concept that undoes ("aussetzen" for "… abschaffen"), or its
                            # noun ("stimmte für die Aufhebung" for "… abschaffen")
                            or undoes and _undoing((t.lemma_ or t.text).lower(), choice.concept)),
                        in_message=None if message is None else
                        lambda t: any(s.start <= t.idx < s.end for s in message),
                        is_foreign=(lambda t: t.i in foreign) if foreign else None)
        if message is not None and _justifies(tokens, message, anchors):
            # "Die Universitäten seien überfüllt …, begründete der Minister den Plan": the message is the plan's
            # reason, however bad what it describes
            result.agreement, result.polarity, result.condition = "support", 1, []
            result.items = ["(justified)"]
        people = actor is not None and _people(actor)
        if people and result.items and all(item in actions for item in result.items):
            # people named by what they are take a position by a word that says so; the concept's action with them
            # is what happened to them ("Von den Beschäftigten konnten 5.000 in eine Weiterbildung vermittelt
            # werden"), and so is what the classifier would read into such a sentence
            result.items = []
        if not result.items and self.classifier is not None and self.classifier.agreement_model is not None \
                and not people:
            from standpunkt.stance.classifier import LabelledStatement

            labelled = LabelledStatement(text=text, actor=actor.name if actor else None,
                                         parties=[actor.party] if actor and actor.party else [],
                                         issue=choice.concept.issue)
            analysed, emb = features
            (label, conf), = self.classifier.predict_agreements([labelled], [choice.concept.id],
                                                                analysed=[analysed], emb=emb[None, :])
            if label is not None:
                result.agreement = "conditional" if result.condition else label
                result.confidence = round(conf, 3)
                result.items = ["(classifier)"]
        if result.items and anchors and all(_names_undone(doc_token, choice.concept) for doc_token in
                                            (tokens[0].doc[i] for i in anchors)) \
                and not (message is None and actor is not None
                         and all(tokens[0].doc[i].text in actor.name.split() for i in anchors)) \
                and not any(t.tag_.startswith("VV") and _undoing(lemma := _verb_lemma(t), choice.concept)
                            and (lemma not in result.items or lemma in actions) for t in tokens):
            # (not when a verb the lexicon does not judge does the undoing: "will die Schuldenbremse lockern" states
            # the concept; "will den Soli abschaffen" is turned back by it, "abschaffen" having voted against)
            # "nannte die Schuldenbremse unsinnig" for a concept "Die Schuldenbremse lockern": the position is on
            # what the concept undoes, so it counts the other way (not where that is the speaker's own name:
            # "Caterpillar wies die Entscheidung zurück" for "Caterpillar ausschließen")
            _turn(result, "(on what the concept undoes)")
        if result.items and not anchors and undoes and any(t.tag_ == "NN" and _names_undone_by_head(t, choice.concept)
                                                           for t in tokens) \
                and not any(t.tag_.startswith("VV") and _undoing(_verb_lemma(t), choice.concept)
                            for t in tokens):
            # (not where a verb does the undoing to it: "fordert, das deutsche Gesetz … zu ersetzen")
            # "Das Verbot hätte einen Schwarzmarkt geschaffen" in a document about abolishing a smoking ban: the
            # position is on what the topic undoes, named by its head
            _turn(result, "(on what the concept undoes)")
        if result.agreement == "oppose" and not anchors and _judges_burdened(tokens, choice.concept, result.items):
            # "Die Autos seien gefährlicher und verschmutzten die Luft stärker" for "Höhere Parkgebühren für schwere
            # Autos verlangen": a bad judgement of what the levy falls on argues for it
            _turn(result, "(on what the concept burdens)")
        if result.items and not anchors and not undoes and _undoing_unnamed(tokens):
            # "Odinga begrüßte den Rückzug" after sentences about a bill: a bare undoing noun undoes the topic
            _turn(result, "(undoing the topic)")
        if result.agreement == "support" and not anchors and _proposes_instead(tokens):
            # "Brysch forderte stattdessen, die Abläufe zu verbessern": what is asked for replaces the concept
            # (named in the sentences before), which the actor therefore opposes
            result.agreement, result.polarity = "oppose", -abs(result.polarity or 1)
            result.items = result.items + ["(stattdessen)"]
        if not result.items:
            # Nothing in the words says how the actor stands: concepts are propositions, and what an actor is
            # reported to say about one without rejecting it is coded as agreeing (as DNA coders do), with a low
            # confidence that puts it early in the review queue. Measured on e2e-dev (docs/stance.md).
            result.agreement = "conditional" if result.condition else "support"
            result.confidence = DEFAULT_AGREEMENT_CONFIDENCE
            result.items = [DEFAULT_ITEM]
        return result


def _prototypes(codebook: Codebook) -> list[np.ndarray]:
    """Embeddings of each concept's label, description and examples (cached on the codebook object)."""
    cached = getattr(codebook, "_prototype_cache", None)
    if cached is None:
        from standpunkt.stance.embed import embed

        texts = [c.prototype_texts() for c in codebook.concepts]
        flat = embed([t for ts in texts for t in ts])
        cached, at = [], 0
        for ts in texts:
            cached.append(flat[at:at + len(ts)])
            at += len(ts)
        codebook._prototype_cache = cached  # type: ignore[attr-defined]
    return cached


def _message_text(document: Document, spans: list[Span]) -> str:
    return " ".join(s.text(document.text).strip("".join(_QUOTE_CHARS) + " ") for s in spans)


def _frame_actors(q: Quotation, doc: "Doc", document: Document, registry: Registry) -> Actor | list[Actor] | None:
    """When the quotation engine found no speaker: the nouns of the frame outside cue and message."""
    if not q.frame:
        return None
    skip = {t.i for t in tokens_in(doc, q.cue + q.message)}
    frame = tokens_in(doc, q.frame)
    for k, t in enumerate(frame):
        # a prepositional phrase names no speaker ("appellierten an die Regierung"), except one that adds a speaker
        # ("Neben Deutschland erklärten auch Großbritannien, Spanien und Schweden, …")
        if t.tag_ in ("APPR", "APPRART") and t.lower_ != "neben":
            skip.update(x.i for x in phrase_at(frame, k + 1))
    words = [t for t in frame if t.i not in skip and (t.tag_ in _SUBJECT_TAGS | {"KON", "$,"})]
    if not words:
        return None
    text = " ".join(t.text for t in words)
    return resolve_mention(text, _as_date(document.published), registry,
                           common_nouns={t.text for t in words if t.tag_ == "NN"})


def _coordinated_speakers(q: Quotation, doc: "Doc", when: date | None, registry: Registry) -> list[Actor] | None:
    """Several coordinated speakers ("SPD und Grüne kritisierten", "Bayern und Hessen forderten"): one actor each."""
    tokens = [t for t in tokens_in(doc, q.speaker) if not t.is_space]
    if not any(t.tag_ == "KON" and t.lower_ in ("und", "sowie") for t in tokens):
        return None
    actors = resolve_subject(tokens, when, registry)
    return actors if len(actors) >= 2 else None


def _sentence_clauses(doc: "Doc", sentence: list["Token"], when: date | None, registry: Registry) -> list[Any]:
    """:func:`reported_clauses` of a sentence, computed once per document (quotations and the sentence loop ask
    for the same sentences)."""
    cache = doc.user_data.setdefault("standpunkt.reported_clauses", {})
    # the same doc may be coded again with another registry or date (tests, re-runs in one process)
    key = (sentence[0].i if sentence else None, len(sentence), id(registry), when)
    if key not in cache:
        cache[key] = reported_clauses(sentence, when, registry)
    return cache[key]


def _cue_clause(q: Quotation, doc: "Doc", when: date | None, registry: Registry) -> Any:
    """The reported clause whose verb is the quotation's cue, with its subject's actors, or None."""
    cue = tokens_in(doc, q.cue)
    if not cue:
        return None
    sentence = [t for t in _sentence_of(doc, cue[0].i) if not t.is_space]
    cue_ids = {t.i for t in cue}
    for clause in _sentence_clauses(doc, sentence, when, registry):
        if any(t.i in cue_ids for t in clause.tokens):
            return clause if clause.actors else None
    return None


#: How far back (in tokens) "man" looks for the body it stands for.
IMPERSONAL_WINDOW = 80


def _last_spoken(items: list[tuple], before: int) -> tuple | None:
    """The item (quotation or reported clause) that ended last before token ``before``, within
    :data:`IMPERSONAL_WINDOW` tokens; None if there is none."""
    best: tuple[int, tuple] | None = None
    for it in items:
        tokens = it[2]
        if not tokens:
            continue
        at = max(t.i for t in tokens)
        if at < before and before - at <= IMPERSONAL_WINDOW and (best is None or at > best[0]):
            best = (at, it)
    return best[1] if best is not None else None


def _last_body(items: list[tuple], before: int, when: date | None, registry: Registry) -> list[Actor]:
    """The organisations or governments that spoke last, shortly before token ``before``: who "man" is; where one
    person spoke last for an organisation ("nach Angaben des Sprechers des Umweltministeriums, Roland Eichhorn, …
    will man den Bären lebend fangen"), the organisation."""
    last = _last_spoken(items, before)
    if last is None:
        return []
    if len(last[1]) == 1 and last[1][0].kind == "person" and last[1][0].organisation:
        got = resolve_mention(last[1][0].organisation, when, registry)
        body = got[0] if isinstance(got, list) and len(got) == 1 else got
        return [body] if isinstance(body, Actor) and body.kind == "organisation" else []
    if not all(a.kind in ("organisation", "country") for a in last[1]):
        return []
    return last[1]


def _possessed_body(subject: list["Token"]) -> bool:
    """A subject naming a body by whose it is ("Seine Partei", "ihre Regierung"): no body called "Partei"."""
    return len(subject) == 2 and subject[0].tag_ == "PPOSAT" and subject[0].lower_.startswith(("sein", "ihr")) \
        and subject[1].tag_ == "NN" and COLLECTIVE_NOUN.search(subject[1].text) is not None


def _possessed_officer(subject: list["Token"], actors: list[Actor]) -> bool:
    """A subject naming no one but a body's officer by whose it is ("Deren Fraktionschef", "Ihr Sprecher"): the
    body speaks through them."""
    from standpunkt.language import gazetteer

    return len(subject) == 2 and subject[0].lower_ in ("ihr", "ihre", "sein", "seine", "deren", "dessen") \
        and subject[1].tag_ == "NN" and gazetteer.role_info(subject[1].text) is not None \
        and all(a.name == subject[1].text for a in actors)


def _possessed_members(subject: list["Token"]) -> bool:
    """A subject naming some of a body's members by whose they are ("Mehrere ihrer Abgeordneten", "Viele seiner
    Mitglieder"): a quantifier, "ihr"/"sein", a plural noun."""
    return len(subject) == 3 and subject[0].tag_ in ("PIAT", "PIDAT", "CARD") and subject[1].tag_ == "PPOSAT" \
        and subject[1].lower_.startswith(("sein", "ihr")) and subject[2].tag_ == "NN" and plural_form(subject[2])


def _start_of_sentence_before(doc: "Doc", at: int) -> int:
    """Where the sentence before the one of token ``at`` starts (its own start in the first sentence): how far back a
    possessive looks for whose it is."""
    start = _sentence_of(doc, at).start
    return _sentence_of(doc, start - 1).start if start > 0 else start


def _member_possessor(doc: "Doc", at: int, when: date | None, registry: Registry) -> list[Actor]:
    """The body whose members the subject at ``at`` names: the organisation or party named last in its sentence or
    the one before; nobody when none is."""
    start = _start_of_sentence_before(doc, at)
    for ent in reversed([e for e in doc.ents if e.label_ == "ORG" and start <= e.start and e.end <= at]):
        got = resolve_mention(ent.text, when, registry)
        if isinstance(got, Actor) and got.kind == "organisation":
            return [got]
    return []


def _possessor(doc: "Doc", at: int, when: date | None, registry: Registry) -> list[Actor]:
    """Who "Seine Partei" at token ``at`` speaks for: the person named last in its sentence or the one before (their
    party or organisation where known, else the person); nobody when no person is named there."""
    start = _start_of_sentence_before(doc, at)
    names = [e for e in doc.ents if e.label_ == "PER" and start <= e.start and e.end <= at]
    if not names:
        return []
    got = resolve_mention(names[-1].text, when, registry)
    if not isinstance(got, Actor) or got.kind != "person":
        return []
    body = got.party or got.organisation
    owner = resolve_mention(body, when, registry) if body else None
    return [owner] if isinstance(owner, Actor) else [got]


def _last_group(items: list[tuple], before: int) -> list[Actor]:
    """Who plural "sie" is ("Die EU-Außenminister treffen sich am Montag. Dabei wollen sie …"): the subject that
    spoke last, shortly before token ``before``, if it is plural — several actors, a group, or a plural verb; else
    nobody (a singular speaker in between breaks the chain)."""
    last = _last_spoken(items, before)
    if last is None:
        return []
    actors, tokens = last[1], last[2]
    verb = next((t for t in tokens if t.tag_ in FINITE), None)
    if last[0] is None and verb is not None:  # a reported clause: its verb says it ("treffen" / "trifft")
        plural = plural_verb(verb)
    else:  # a quotation: "Großbritannien, Spanien und Schweden", or a group
        plural = len(actors) > 1 or all(a.kind == "group" for a in actors)
    return list(actors) if plural else []


def _pronoun_referent(subject: "Token | list[Token]", clause: list["Token"], doc: "Doc", document: Document,
                      registry: Registry) -> list[Actor]:
    """Who "er"/"sie" (or a definite role phrase, "der Präsident") as a reported clause's subject is: the quotation
    layer's coreference (the name mentioned last before it, not inside a prepositional phrase; for a role phrase, one
    with a compatible role), resolved like a quotation's speaker; nobody when coreference names no one."""
    from standpunkt.speech.coref import resolve_speakers

    words = subject if isinstance(subject, list) else [subject]
    text = " ".join(t.text for t in words)
    start, end = clause[0].idx, clause[-1].idx + len(clause[-1].text)
    q = Quotation(form="Reported", speaker=[Span(words[0].idx, words[-1].idx + len(words[-1].text))],
                  message=[Span(start, end)])
    resolve_speakers(doc, [q])
    if not q.speaker_name or q.speaker_name.lower() == text.lower():
        return []
    got = resolve_speaker(q, doc, document, registry)
    return [a for a in _as_list(got) if words[0].lower_ not in ("er", "der", "dieser") or a.kind == "person"]


def _subject_before_semicolon(pronoun: "Token", verb: "Token | None", clauses: list[Any]) -> list[Actor]:
    """The subject of the clause before a semicolon, for a singular "sie"/"er" opening the clause after it where the
    subject's article agrees ("Die AfD-Fraktion enthielt sich ebenfalls; sie hält das Vorhaben für …"): the
    coreference of the quotation layer takes the name mentioned last ("Abgeordnete des linken Flügels" the sentence
    before)."""
    i = pronoun.i
    if i == 0 or pronoun.doc[i - 1].text != ";" or pronoun.lower_ not in ("sie", "er") or verb is None \
            or plural_verb(verb):
        return []
    before = [c for c in clauses if c.subject and c.actors and c.tokens[-1].i < i]
    if not before:
        return []
    last = max(before, key=lambda c: c.tokens[-1].i)
    return list(last.actors) if _article_agrees(pronoun, last.subject) else []


def _article_agrees(pronoun: "Token", subject: list["Token"]) -> bool:
    """Whether a subject's article agrees with a singular "sie" (die) or "er" (der)."""
    article = next((t for t in subject if t.tag_ == "ART"), None)
    return article is not None and article.lower_ == ("die" if pronoun.lower_ == "sie" else "der")


def _colon_frame(q: Quotation, doc: "Doc", when: date | None, registry: Registry) -> Any:
    """A quotation without cue after a colon: the clause before the colon frames it ("Michael Knipper kritisierte
    die Entscheidung scharf: „…“"); its subject speaks and its words take part in the position."""
    if q.cue or q.frame or not q.message:
        return None
    message = tokens_in(doc, q.message)
    if not message:
        return None
    k = message[0].i - 1
    while k >= 0 and (doc[k].is_space or doc[k].text in _QUOTE_CHARS):
        k -= 1
    if k < 1 or doc[k].text != ":":
        return None
    sentence = [t for t in _sentence_of(doc, k - 1) if not t.is_space and t.i < k]
    clauses = [c for c in _sentence_clauses(doc, sentence, when, registry) if c.actors]
    return clauses[-1] if clauses else None


#: Verbs of speaking that frame what follows a colon ("Ähnlich äußerte sich die Ärztekammer: …").
_FRAMING_VERBS = frozenset({"äußern", "sagen", "erklären", "betonen", "warnen", "kritisieren", "mahnen", "schreiben",
                            "reagieren", "antworten", "entgegnen", "meinen", "argumentieren", "begründen"})


def _frames(head: list["Token"]) -> bool:
    """Whether a narrated clause frames what follows its colon: a verb of speaking in the indicative, or "sich
    zeigen" ("Ähnlich äußerte sich die Ärztekammer: …", "Präsident X zeigte sich zurückhaltend: …")."""
    reflexive = any(t.lower_ == "sich" for t in head)
    return any(t.tag_ == "VVFIN" and ((lemma := (t.lemma_ or "").lower()) in _FRAMING_VERBS
                                      or lemma == "zeigen" and reflexive) and "Mood=Sub" not in str(t.morph)
               for t in head)


def _inner_colon_frame(q: Quotation, doc: "Doc", when: date | None, registry: Registry) -> Any:
    """A quotation whose message (without cue) starts with the narrated clause that frames it, up to a colon
    ("Ähnlich äußerte sich die Ärztekammer: Die Tötung von Patienten widerspreche …", "Präsident X zeigte sich
    zurückhaltend: Er sei …", taken whole as the previous speaker's free indirect speech): that clause's subject
    speaks."""
    if q.cue:
        return None
    head = _narrated_head(q, doc)
    if not _frames(head):
        return None
    clauses = [c for c in _sentence_clauses(doc, head, when, registry) if c.actors]
    return clauses[0] if len(clauses) == 1 else None


def _narrated_head(q: Quotation, doc: "Doc") -> list["Token"]:
    """The narrated clause (a finite verb not in the Konjunktiv, not the cue) a quotation's message or frame opens
    with, up to a colon ("Auch die Junge Union übte scharfe Kritik: Deutschland lasse Israel im Stich, schrieb
    JU-Chef X"): the narrator's words, not the speaker's; empty where there is none."""
    words = sorted({t.i: t for t in tokens_in(doc, q.message + q.frame) if not t.is_space}.values(),
                   key=lambda t: t.i)
    colon = next((k for k, t in enumerate(words[:25]) if t.text == ":"), None)
    if colon is None or colon < 2 or any(t.is_sent_start for t in words[1:colon]):
        return []
    head = words[:colon]
    cue = {t.i for t in tokens_in(doc, q.cue)}
    if any(t.i in cue for t in head) \
            or not any(t.tag_ in ("VVFIN", "VAFIN") and "Mood=Sub" not in str(t.morph) for t in head):
        return []
    return head


#: Nouns for a document or statement that name its author in the genitive ("in einem Positionspapier des
#: Ministeriums heißt es", "nach Angaben der Polizei", "einer Erklärung der Regierung zufolge").
_SOURCE_NOUN = re.compile(r"(papier|erklärung|mitteilung|bericht|stellungnahme|schreiben|brief|angaben|"
                          r"beschluss|antrag|bescheid|urteil|gutachten|studie|aussage|aussagen|verlautbarung)$",
                          re.IGNORECASE)


def _named_source(q: Quotation, doc: "Doc", when: date | None, registry: Registry) -> list[Actor] | None:
    """The author of the document a speakerless quotation is taken from, as its frame names it: "In einem
    Positionspapier des Bundesministeriums des Innern heißt es, …", "Nach Angaben der Polizei …"."""
    frame = [t for t in tokens_in(doc, q.frame + q.cue) if not t.is_space]
    if not frame:
        cue = tokens_in(doc, q.cue) or tokens_in(doc, q.message)
        frame = [t for t in _sentence_of(doc, cue[0].i)
                 if not t.is_space and not any(s.start <= t.idx < s.end for s in q.message)] \
            if cue else []
    for k, tok in enumerate(frame[:-2]):
        if tok.tag_ == "NN" and _SOURCE_NOUN.search(tok.text) and frame[k + 1].lower_ in ("des", "der"):
            actors = _genitive_author(frame, k, when, registry)
            if actors:
                return actors
    if frame and any(t.lower_ in _DOCUMENT_ANAPHORS for t in frame):
        return _previous_document_author(doc, frame[0].i, when, registry)
    return None


#: Nouns of a poll: what it finds is no position of whoever made it (nor of the people asked, unnamed).
_POLL_NOUN = re.compile(r"(umfrage|befragung|erhebung|meinungsforschung)(n|en)?$", re.IGNORECASE)


def _poll(q: Quotation, doc: "Doc") -> bool:
    """Whether a quotation's speaker is a poll ("Einer Umfrage des ADAC zufolge …", "laut einer Forsa-Umfrage")."""
    nouns = [t for t in tokens_in(doc, q.speaker) if t.tag_ == "NN"]
    return bool(nouns) and _POLL_NOUN.search(nouns[0].text) is not None


#: Adverbs that point back to a document named before: "X legte einen Bericht vor. Darin heißt es: …".
_DOCUMENT_ANAPHORS = frozenset({"darin", "hierin"})


def _genitive_author(tokens: list["Token"], k: int, when: date | None, registry: Registry) -> list[Actor]:
    """The author a document noun at ``k`` names in the genitive after it ("Positionspapier des Ministeriums")."""
    holder: list[Token] = []
    for t in tokens[k + 1:]:
        if t.tag_ not in ("ART", "ADJA", "NN", "NE") or (holder and t.tag_ == "ART" and t.lower_ not in ("des", "der")):
            break
        holder.append(t)
    return resolve_subject(holder, when, registry) if holder else []


def _previous_document_author(doc: "Doc", at: int, when: date | None, registry: Registry) -> list[Actor] | None:
    """The author of the document the sentence before token ``at`` names: "Die Staatsanwaltschaft gab eine
    Stellungnahme ab. Darin steht: „…“" (the subject of the clause that names it), "Der Bericht des Ministeriums
    … Darin heißt es" (its genitive)."""
    start = _sentence_of(doc, at).start
    if start == 0:
        return None
    sentence = [t for t in _sentence_of(doc, start - 1) if not t.is_space]
    for k, tok in enumerate(sentence):
        if tok.tag_ != "NN" or not _SOURCE_NOUN.search(tok.text):
            continue
        actors = _genitive_author(sentence, k, when, registry) \
            if k + 1 < len(sentence) and sentence[k + 1].lower_ in ("des", "der") else []
        if actors:
            return actors
        for clause in _sentence_clauses(doc, sentence, when, registry):
            if any(t.i == tok.i for t in clause.tokens):
                return clause.actors or None
    return None


#: Spokesperson nouns that name no body (canonical roles: "Sprecherin" is "Sprecher"; "Polizeisprecher" names one).
_BARE_SPOKESPERSONS = frozenset({"Sprecher", "Pressesprecher", "Vertreter", "Regierungssprecher"})


def _spokesperson_body(q: Quotation, doc: "Doc", when: date | None, registry: Registry) -> list[Actor] | None:
    """Whose "ein Sprecher" is, naming no body: the body the sentence before it in the paragraph has as subject ("Der
    Verband wies die Forderungen zurück. …, erklärte ein Sprecher."); a person there is nobody's spokesperson."""
    from standpunkt.language import gazetteer

    words = [t for t in tokens_in(doc, q.speaker) if not t.is_space and not t.is_punct]
    if not words or len(words) > 2 or words[-1].tag_ != "NN" or len(words) == 2 and words[0].tag_ != "ART":
        return None
    info = gazetteer.role_info(words[-1].text)
    if info is None or info.role not in _BARE_SPOKESPERSONS:
        return None  # ("ein Polizeisprecher" names his body)
    sentence = _sentence_before_in_paragraph(doc, words[0].i)
    clauses = [c for c in _sentence_clauses(doc, sentence, when, registry) if c.actors] if sentence else []
    actors = clauses[0].actors if clauses else []
    return actors if actors and all(a.kind in ("organisation", "party") for a in actors) else None


def _on_subject(clause: ReportedClause) -> bool:
    """Whether a reported clause is a relative clause on its subject ("die gegen die Initiative gekämpft hatte")."""
    first = clause.tokens[0]
    return bool(clause.subject) and first.i > 0 and first.doc[first.i - 1].tag_ == "PRELS" \
        and first.i - 1 > clause.subject[-1].i


def _sentence_before_in_paragraph(doc: "Doc", i: int) -> list["Token"] | None:
    """The tokens of the sentence before token ``i``'s, when both are in one paragraph."""
    k = _sentence_of(doc, i).start - 1
    while k >= 0 and doc[k].is_space:
        k -= 1
    if k < 0 or "\n\n" in _doc_text(doc)[doc[k].idx:_sentence_of(doc, i).start_char]:
        return None
    return [t for t in _sentence_of(doc, k) if not t.is_space]


#: Verbs of a sentence that announces what follows as someone's words: "Noch schärfer äußerte sich der Verband.",
#: "Die Reederei reagierte empört.", "Auch die Opposition meldete sich zu Wort."
_ANNOUNCING = frozenset({"äußern", "reagieren", "melden"})


def _announced_speaker(q: Quotation, doc: "Doc", when: date | None, registry: Registry) -> list[Actor] | None:
    """Who speaks in an impersonal quotation ("…, hieß es in einer Erklärung") right after a sentence that announces
    someone's words without giving them: that sentence's subject ("Noch schärfer äußerte sich der Verband X. Die
    Pläne verstießen gegen europäisches Recht, hieß es in einer Erklärung."), or that says whose a stance is ("Kritik
    kam auch vom Schriftstellerverband. Satire dürfe nicht bestraft werden, hieß es in einer Mitteilung.")."""
    words = [t.lower_ for t in tokens_in(doc, q.speaker) if not t.is_space]
    message = tokens_in(doc, q.message)
    unnamed_document = len(words) == 2 and words[0] in ("einer", "einem") and _SOURCE_NOUN.search(words[1])
    if words not in ([], ["es"]) and not unnamed_document or not message:
        return None
    sentence = _sentence_before_in_paragraph(doc, message[0].i)
    verb = next((t for t in sentence or [] if t.tag_.startswith("VV")), None)
    lemma = (verb.lemma_ or "").lower() if verb is not None else ""
    arriving = sentence is not None and stance_noun_with(sentence, ARRIVING_VERBS)
    if not arriving and (lemma not in _ANNOUNCING
                         or lemma != "reagieren" and not any(t.lower_ == "sich" for t in sentence or [])):
        return None  # ("äußerte Kritik an …", "meldete einen Rekord": no announcement of words to come)
    clauses = [c for c in _sentence_clauses(doc, sentence, when, registry) if c.actors]
    return clauses[0].actors if len(clauses) == 1 else None


def _continues(doc: "Doc", previous: list["Token"], message: list["Token"]) -> bool:
    """Whether a speakerless message in Konjunktiv I is the same paragraph's indirect speech going on from the
    previous quotation: its sentence is the previous message's or the next one."""
    if not previous or not message:
        return False
    if not any("Mood=Sub" in str(t.morph) and "Tense=Pres" in str(t.morph) for t in message):
        return False
    before, now = _sentence_of(doc, previous[-1].i), _sentence_of(doc, message[0].i)
    if now.start == before.start:
        return True
    return now.start == before.end and "\n\n" not in _doc_text(doc)[before.end_char:now.start_char]


def _continued_message(q: Quotation, doc: "Doc") -> list["Token"]:
    """The message words of indirect speech going on without a cue of its own, from a speaker named in an earlier
    sentence, where the message opens its sentence; nothing otherwise."""
    message = [t for t in tokens_in(doc, q.message) if not t.is_space]
    if q.cue or q.form not in ("Indirect", "FreeIndirect", "IndirectFreeIndirect") or not message or not q.speaker:
        return []
    sentence = _sentence_of(doc, message[0].i)
    if sentence.start != message[0].i or any(sp.end > sentence.start_char for sp in q.speaker):
        return []
    return message


def _subject_before_pronoun(q: Quotation, message: list["Token"], doc: "Doc", when: date | None,
                            registry: Registry) -> list[Actor] | None:
    """The body the sentence right before names as its subject, for indirect speech going on from a speaker named
    earlier (``message``: :func:`_continued_message`) that opens with a pronoun agreeing with that body ("… sagte
    Carthy. Auch die Labour Party äußerte Bedenken. Sie könne einer Änderung nur zustimmen, wenn …": Labour's, not
    Carthy's party's); None otherwise."""
    if message[0].tag_ != "PPER" or message[0].lower_ not in ("sie", "er") or message[0].i == 0:
        return None
    sentence = _sentence_of(doc, message[0].i)
    before = _sentence_of(doc, sentence.start - 1)
    if any(sp.end > before.start_char for sp in q.speaker) \
            or "\n\n" in _doc_text(doc)[before.end_char:sentence.start_char]:
        return None  # (a speaker in the sentence before is that sentence's subject already)
    tokens = [t for t in before if not t.is_space]
    clauses = [c for c in _sentence_clauses(doc, tokens, when, registry) if c.actors and c.subject]
    if len(clauses) != 1 or len(clauses[0].actors) != 1 or clauses[0].actors[0].kind == "person":
        return None
    finite = next((t for t in sentence if t.tag_ in FINITE), None)
    if not _article_agrees(message[0], clauses[0].subject) or finite is None or plural_verb(finite):
        return None  # (a plural "sie" is a group's)
    return clauses[0].actors


def _opinion_before(q: Quotation, message: list["Token"], doc: "Doc", when: date | None,
                    registry: Registry) -> list[Actor] | None:
    """The one named actor whose judgement the sentence right before narrates, for indirect speech going on from a
    speaker named earlier (``message``: :func:`_continued_message`; "…, sagte Sprecherin X. Auch der Forscher Y hält
    den Schritt für falsch. Die Regelung sei ohnehin kaum genutzt worden": Y's reasons, not X's); None otherwise."""
    if message[0].i == 0 or message[0].tag_ == "PPER":
        return None  # (a pronoun: :func:`_subject_before_pronoun`)
    sentence = _sentence_of(doc, message[0].i)
    before = _sentence_of(doc, sentence.start - 1)
    if any(sp.end > before.start_char for sp in q.speaker) \
            or "\n\n" in _doc_text(doc)[before.end_char:sentence.start_char]:
        return None
    tokens = [t for t in before if not t.is_space]
    finite = next((t for t in tokens if t.tag_ in FINITE), None)
    if finite is None or "Mood=Ind" not in str(finite.morph):
        return None
    clauses = [c for c in _sentence_clauses(doc, tokens, when, registry) if c.actors and c.subject]
    if len(clauses) != 1 or len(clauses[0].actors) != 1 \
            or not any(t.ent_type_ in ("PER", "ORG") for t in clauses[0].subject):
        return None
    singles = lexicon()[0]
    if not any((e := singles.get(_verb_lemma(t))) is not None
               and e.kind in ("stance", "evaluative") for t in clauses[0].tokens):
        return None  # (a sentence saying what someone did, not what they think: no speaker of reasons)
    return clauses[0].actors


def _reports_someone_else(message: list["Token"], doc: "Doc", when: date | None, registry: Registry) -> bool:
    """Whether indirect speech going on from a speaker named before (``message``: :func:`_continued_message`) is in
    fact a sentence in the indicative that reports what a named actor said or did ("Der Präsident des Instituts,
    Marcel X, nannte den Rabatt ungerecht"): that actor's, read as a reported clause, not the speaker's words."""
    if any(t.text in _QUOTE_CHARS for t in message):
        return False
    sentence = [t for t in _sentence_of(doc, message[0].i) if not t.is_space]
    finite = [t for t in sentence if t.tag_ in FINITE]
    if not finite or "Mood=Ind" not in str(finite[0].morph):
        return False  # (the main clause's verb: the reasons after it may be in Konjunktiv, "…, weil … müssten")
    return any(c.actors and (any(t.ent_type_ in ("PER", "ORG") for t in c.subject) or _body_named(c))
               for c in _sentence_clauses(doc, sentence, when, registry))


def _body_named(clause: Any) -> bool:
    """Whether a clause's subject names a body by a noun phrase the entity layer left out, opening the clause ("Das
    Institut der deutschen Wirtschaft hält … für zu teuer"): an organisation the phrase describes, not a person."""
    subject = [t for t in clause.subject if not t.is_punct]
    return bool(subject) and subject[0].i == clause.tokens[0].i and len(subject) > 2 \
        and all(a.kind == "organisation" for a in clause.actors) \
        and collective_name([t.text for t in subject]) is not None


def _cue_subject(q: Quotation, doc: "Doc", when: date | None, registry: Registry) -> list[Actor] | None:
    """When the speaker span names no actor: the subject of the clause whose verb is the quotation's cue ("Der
    Geschäftsführer der Grünen, Volker Beck, und Wolfgang Wieland … sprachen von …")."""
    clause = _cue_clause(q, doc, when, registry)
    return clause.actors if clause is not None else None


def _object_taken_for_speaker(q: Quotation, doc: "Doc", when: date | None, registry: Registry
                              ) -> list[Actor] | None:
    """The subject of the cue's clause when the speaker span lies elsewhere in that clause, in an object or a
    prepositional phrase ("Piltz schloss sich der Kritik an den Plänen des Ministers, Wolfgang Schäuble, an: …",
    "gegenüber der Zeitung Y warnte X"): the subject speaks."""
    speaker = {t.i for t in tokens_in(doc, q.speaker)}
    if not speaker:
        return None
    clause = _cue_clause(q, doc, when, registry)
    if clause is None or not clause.subject or speaker & {t.i for t in clause.subject}:
        return None
    if not speaker & {t.i for t in clause.tokens}:
        return None  # the speaker is named outside the clause ("…, sagte X" after the message)
    return clause.actors


def _alongside(q: Quotation, doc: "Doc") -> bool:
    """Whether the speaker span is a "Neben X" (besides X) before the cue: X says it as well as the subject."""
    words = [t for t in tokens_in(doc, q.speaker) if not t.is_space]
    return bool(words) and words[0].lower_ == "neben"


def _held_phrase(stance: Any) -> range:
    """Token indices of a nominal stance's noun phrase: the stance noun with its holder ("der Kritik der
    Opposition", "dem Baukonzern Grupo ACS angestrebten Übernahme") and what it is against or for after the holder,
    not the rest of the clause it was read from."""
    held = [t.i for t in stance.subject if t.i >= 0]
    head = next((t.i for t in stance.tokens if t.tag_ == "NN"), stance.tokens[0].i)
    end = max([head, *held]) + 1
    doc = stance.tokens[0].doc
    if end < len(doc) and doc[end].lower_ in ("gegen", "für") and doc[end].tag_ == "APPR":
        # what the stance is against or for, after its holder: "das Veto von Präsident X gegen die Legalisierung"
        target = phrase_at([t for t in doc[end + 1:end + 16]], 0)
        end = target[-1].i + 1 if target else end
    return range(min([stance.tokens[0].i, *held]), end)


def _acted_on(held: range, clause: list["Token"]) -> bool:
    """Whether another's stance noun is what the clause's own verb acts on, its object rather than inside a
    prepositional phrase ("wies die Klage einer Filialbetreiberin ab": rejecting the other's opposition is support;
    not "Nach der Zustimmung der BaFin sieht der Vorsitzende …")."""
    if not clause or not held or not clause[0].i <= held.start < clause[-1].i:
        return False
    doc = clause[0].doc
    if held.start <= clause[0].i or doc[held.start - 1].tag_ in ("APPR", "APPRART", "APPO") \
            or doc[held.start].tag_ not in ("ART", "PPOSAT"):
        return False
    for t in reversed(doc[clause[0].i:held.start]):  # the verb of its own clause before it
        if t.tag_ in FINITE:
            return True
        if t.tag_ in ("$,", "KOUS", "$.", "$("):
            return False
    return False


def _news_source(actor: Actor, mention: str, registry: Registry, outlets: frozenset[str] = frozenset()) -> bool:
    """Whether the speaker is a news agency or outlet (a source of the report, not an actor of the debate); an
    unknown name the document calls an outlet elsewhere (``outlets``: "die israelische Tageszeitung Haaretz" … "Laut
    Haaretz …") is one too."""
    if registry.is_media(actor.name) or MEDIA_NOUN.search(_before_attributes(mention)):
        return True
    return actor.candidate and (actor.name in outlets or bool(MEDIA_NOUN.search(_before_attributes(actor.name))))


def _before_attributes(mention: str) -> str:
    """A mention up to the attributes after its body noun: what it is, not whose or for what ("Die Kommission zur
    Ermittlung des Finanzbedarfs der Rundfunkanstalten" is no broadcaster)."""
    words = mention.split()
    cut = next((k for k in range(1, len(words)) if words[k] in ("des", "der", "zur", "zum", "für", "von", "vom")
                and COLLECTIVE_NOUN.search(words[k - 1]) and not MEDIA_NOUN.search(words[k - 1])), len(words))
    # (only after a body's noun: "ein Sprecher des Senders" and "nach Angaben des Südwestrundfunks" name an outlet)
    return " ".join(words[:cut])


def _outlets(doc: "Doc", spelled_out: dict[str, str]) -> frozenset[str]:
    """The names a document gives right after a media noun ("die Tageszeitung Haaretz", "die Nachrichtenagentur
    „Sana“", "des Senders Al-Dschasira") and the acronyms it spells out as one ("WAZ" for "Westdeutsche Allgemeine
    Zeitung"): outlets wherever else it names them."""
    out = {short for short, full in spelled_out.items() if MEDIA_NOUN.search(full)}
    for tok in doc:
        if tok.tag_ != "NN" or not MEDIA_NOUN.search(tok.text):
            continue
        k = tok.i + 1
        while k < len(doc) and doc[k].text in _QUOTE_CHARS:
            k += 1
        name = []
        while k < len(doc) and doc[k].tag_ in ("NE", "NN", "FM") and doc[k].text[:1].isupper():
            name.append(doc[k].text)
            k += 1
        if name:
            out.add(" ".join(name))
    return frozenset(out)


def _as_list(got: Actor | list[Actor] | None) -> list[Actor]:
    return [] if got is None else (got if isinstance(got, list) else [got])


def _all_countries(got: Actor | list[Actor] | None) -> bool:
    actors = _as_list(got)
    return bool(actors) and all(a.kind == "country" for a in actors)


def code_statements(document: Document, doc: "Doc", quotations: list[Quotation], codebook: Codebook,
                    registry: Registry | None = None) -> list[Statement]:
    """All statements of one document: from its quotations, then from positions reported without a quotation."""
    registry = registry if registry is not None else load_registry(None)
    coder = _Coder(document, doc, codebook, registry)
    if not coder.allowed:
        return []  # the document is outside the codebook's scope
    # (quotation index, actors, evidence tokens, evidence spans, context sentence, message text, message tokens)
    items: list[tuple[int | None, list[Actor], list[Token], list[Span], list[Token], str, list[Token]]] = []
    subjects: dict[int, list[Token]] = {}  # a reported item's subject, by item
    continuing: set[int] = set()  # reported items that go on from the one before with a "but" (_but_continues)
    # quotations whose source is a news outlet or nobody: their content is read as reported clauses
    read_as_reported: set[int] = set()
    spelled_out = acronyms(doc.text)
    outlets = _outlets(doc, spelled_out)
    last: tuple[list[Token], list[Actor]] | None = None  # the previous coded quotation's message and actors
    for qi, q in enumerate(quotations):
        if not q.message:
            continue
        if _poll(q, doc):
            # "Einer Umfrage des Clubs zufolge befürwortet eine Mehrheit …": what a poll found, no position; a
            # sentence after it that the quotation layer took for the poll's going on may report someone's
            if (continued := _continued_message(q, doc)) \
                    and _reports_someone_else(continued, doc, coder.doc_date, registry):
                read_as_reported.add(qi)
            continue
        framing = _colon_frame(q, doc, coder.doc_date, registry)
        inner = _inner_colon_frame(q, doc, coder.doc_date, registry) if framing is None else None
        got = framing.actors if framing is not None else inner.actors if inner is not None \
            else resolve_speaker(q, doc, document, registry)
        if got is None and not q.speaker:
            got = _named_source(q, doc, coder.doc_date, registry) or _frame_actors(q, doc, document, registry)
        elif _all_countries(got):
            # "Neben Deutschland erklärten … Großbritannien, Spanien und Schweden": a speaker span that caught one
            # of several coordinated countries; the frame names them all.
            framed = _frame_actors(q, doc, document, registry)
            if _all_countries(framed) and {a.name for a in _as_list(got)} < {a.name for a in _as_list(framed)}:
                got = framed
        if got is not None and not isinstance(got, list):
            got = referred_body(q, doc, got, coder.doc_date, registry) or got
            got = _coordinated_speakers(q, doc, coder.doc_date, registry) or got
        if got is not None:
            subject = _object_taken_for_speaker(q, doc, coder.doc_date, registry)
            if subject and _alongside(q, doc):
                # "Neben Deutschland erklärten auch Großbritannien, Spanien und Schweden, …": both say it
                subject = list({a.name: a for a in [*_as_list(got), *subject]}.values())
            got = subject or got
        if got is None:
            got = _cue_subject(q, doc, coder.doc_date, registry)
        if got is None and q.speaker:  # (speakerless ones asked it above)
            got = _named_source(q, doc, coder.doc_date, registry) \
                or _spokesperson_body(q, doc, coder.doc_date, registry) \
                or referred_spokesperson(q, doc, coder.doc_date, registry) \
                or _announced_speaker(q, doc, coder.doc_date, registry)
            # (an authorless statement, "hieß es in einer Stellungnahme", is the body's the sentence before opens with)
        message_tokens = tokens_in(doc, q.message)
        continued = _continued_message(q, doc) if got is not None else []
        if continued:
            got = _subject_before_pronoun(q, continued, doc, coder.doc_date, registry) \
                or _opinion_before(q, continued, doc, coder.doc_date, registry) or got
        if continued and framing is None and inner is None \
                and _reports_someone_else(continued, doc, coder.doc_date, registry):
            # (not where the sentence names its own speaker before a colon: "Ähnlich argumentiert die FDP: …")
            read_as_reported.add(qi)  # "…, sagte der Minister. Der Präsident des Instituts, X, nannte …": X's
            continue
        if got is None and not q.speaker and last is not None and _continues(doc, last[0], message_tokens):
            got = last[1]  # "Deshalb sei es folgerichtig, …": the indirect speech of the quotation before goes on
        if got is None:
            read_as_reported.add(qi)  # nobody to code it for: its clauses are read as reported positions
            continue
        actors = [a for a in _as_list(got) if not _news_source(a, speaker_text(document.text, q), registry, outlets)]
        spoken_by = [t for t in tokens_in(doc, q.speaker) if not t.is_space]
        if _possessed_body(spoken_by) or _possessed_officer(spoken_by, actors):
            actors = _possessor(doc, spoken_by[0].i, coder.doc_date, registry)  # "Seine Partei kündigte an, …"
        if not actors:
            read_as_reported.add(qi)  # "laut Washington Post hat der Präsident sein Veto angekündigt": read below
            continue
        last = (message_tokens, actors)
        tokens = tokens_in(doc, q.message + q.cue + q.frame)
        if framing is not None:
            tokens = [*framing.tokens, *tokens]
        items.append((qi, actors, tokens, list(q.message), _previous_sentences(doc, message_tokens),
                      _message_text(document, q.message), message_tokens))
    # (a narrated clause before a colon that a quotation with a cue took in is read as reported too: its subject
    # takes the position it narrates, and the quotation's speaker says the rest)
    covered = {t.i for qi, q in enumerate(quotations) if qi not in read_as_reported
               for t in tokens_in(doc, q.message + q.frame + q.cue)} \
        - {t.i for q in quotations if q.cue for t in _narrated_head(q, doc)}
    speakers_at: dict[int, set[str]] = {}  # token → the actors its quotation is coded for
    for it in items:
        if it[0] is not None:
            for t in it[2]:
                speakers_at.setdefault(t.i, set()).update(a.name for a in it[1])
    for sent in doc.sents:
        tokens = [t for t in sent if not t.is_space]
        if not tokens or tokens[-1].text not in (".", "!", "?"):
            continue
        clauses = [] if all(t.i in covered for t in tokens) else _sentence_clauses(doc, tokens, coder.doc_date,
                                                                                   registry)
        # stances named by a noun with their holder are read in quotations too ("lehnte den Vorschlag des
        # Umweltministers ab": the minister's proposal), unless the holder is the quotation's speaker
        nominal = [c for c in nominal_stances(tokens, coder.doc_date, registry)
                   if not {a.name for a in c.actors} <= speakers_at.get(c.tokens[0].i, set())]
        if not all(t.i in covered for t in tokens):
            spoken = [*items, *((None, c.actors, c.tokens) for c in clauses)]
            for pronoun, c in pronoun_subject_clauses(tokens):
                if any(t.i in covered for t in c):
                    continue
                verb = next((t for t in c if t.tag_ in FINITE), None)
                if pronoun.lower_ == "man":
                    who = _last_body(spoken, c[0].i, coder.doc_date, registry)
                elif pronoun.lower_ == "sie" and verb is not None and plural_verb(verb):
                    who = _last_group(spoken, c[0].i)
                else:
                    who = _subject_before_semicolon(pronoun, verb, clauses) \
                        or _pronoun_referent(pronoun, c, doc, document, registry)
                if who:
                    clauses = [*clauses, ReportedClause(who, c, [] if pronoun.lower_ == "man" else [pronoun])]
            taken = {t.i for cl in clauses for t in cl.tokens}
            for phrase, c in role_subject_clauses(tokens):
                if any(t.i in covered or t.i in taken for t in c):
                    continue  # a quotation's, or the registry named the office holder
                who = _pronoun_referent(phrase, c, doc, document, registry)
                if who:
                    clauses = [*clauses, ReportedClause(who, c, phrase)]
        consumed: set[int] = set()  # tokens a clause before took in (:func:`_but_tail`)
        for clause in [*clauses, *nominal]:
            verb = next((t for t in clause.tokens if t.tag_ in FINITE), None)
            if verb is not None and verb.i in covered and clause not in nominal and not _on_subject(clause):
                continue  # a quotation's cue or frame: coded with the quotation (not a relative clause saying what
                # its speaker did: "Die FDP, die gegen die Initiative gekämpft hatte, forderte, …")
            if _vote_count(clause.subject, verb):
                continue  # "94 Abgeordnete stimmten dafür, 77 dagegen": a tally, not who voted
            subject = " ".join(t.text for t in clause.subject)  # "die Deutsche Presse-Agentur (dpa)"
            actors = [a for a in clause.actors if not _news_source(a, subject, registry, outlets)]
            if _possessed_body(clause.subject) or _possessed_officer(clause.subject, actors):
                actors = _possessor(doc, clause.subject[0].i, coder.doc_date, registry)
            elif _possessed_members(clause.subject):
                # "Mehrere ihrer Abgeordneten stimmten gegen den Entwurf": the body named before, through its members,
                # or the party of the person named before ("Ihre Vorsitzende Marine Le Pen …"); nobody else
                at = clause.subject[0].i
                actors = _member_possessor(doc, at, coder.doc_date, registry) or [
                    a for a in _possessor(doc, at, coder.doc_date, registry) if a.kind != "person"]
            if not actors:
                continue
            span = Span(clause.tokens[0].idx, clause.tokens[-1].idx + len(clause.tokens[-1].text))
            # a stance noun another actor holds votes for that actor, not for this clause's subject ("Nach der
            # Zustimmung der BaFin zu der Übernahme sieht der Vorsitzende der IG Bau keine Perspektive mehr …")
            holders = {a.name for a in clause.actors}
            foreign = set() if clause in nominal else {
                i for n in nominal if holders.isdisjoint(a.name for a in n.actors)
                and not _acted_on(_held_phrase(n), clause.tokens) for i in _held_phrase(n)}
            if clause in nominal and _acted_on(held := _held_phrase(clause), tokens):
                # the stance noun's own phrase, not the verb another acts on it with ("hat das Veto von Präsident X
                # gegen die Legalisierung überstimmt": X's veto, the parliament's overruling)
                words = [t for t in clause.tokens if t.i in held] or clause.tokens
            else:
                words = [t for t in clause.tokens if t.i not in foreign] or clause.tokens
            # the concept may be named anywhere in the sentence ("hat dem Entwurf zugestimmt, in dem …")
            context = [tokens, *_previous_sentences(doc, tokens)]
            if _announces(clause.tokens) and (following := _next_sentence(doc, tokens)):
                context.insert(1, following)  # "Kritik kam auch aus der Justiz. {Richter sehen in der Amnestie …}"
            if all(t.i in consumed for t in clause.tokens):
                continue  # the "but" of the clause before, read with it
            others = [c for c in clauses if {a.name for a in c.actors} != holders]
            if tail := _but_tail(clause, tokens, others) or _colon_tail(clause, tokens, covered):
                # "Er sei für Scheidungen, aber sie dürften nicht zu einfach werden": what the "but" asks for
                # qualifies the position; "Der Gemeindetag äußerte Zweifel: Ohne Personal könnten die Städte …":
                # what follows the colon says it; read as a whole
                consumed.update(t.i for t in tail)
                words, span = [*words, *tail], Span(span.start, tail[-1].idx + len(tail[-1].text))
            if items and _but_continues(items[-1], actors, clause.tokens):
                continuing.add(len(items))
            subjects[len(items)] = clause.subject
            items.append((None, actors, words, [span], context, span.text(document.text), [*clause.tokens, *tail]))
    if not items:
        return []
    names = DocumentNames(doc, spelled_out)
    items = [(it[0], [names.complete(a) for a in it[1]], *it[2:])  # type: ignore[misc]
             for it in items]
    from standpunkt.stance.classifier import analysed_from_doc
    from standpunkt.stance.embed import embed

    emb = embed([it[5] for it in items])  # once per document, shared by similarity and classifier
    # the classifier's own sentence vectors (USE: the same; e5: embedded here once per document)
    cemb = coder.classifier.vectors([it[5] for it in items], emb) if coder.classifier is not None else emb
    sims = coder.similarities(emb)
    analysed = [analysed_from_doc([t for t in it[6] if t.text not in _QUOTE_CHARS]) for it in items]
    picks: list[tuple[str | None, float]] = [(None, 0.0)] * len(items)
    if coder.classifier is not None:
        # all items are from one document: they inform each other's concept (classifier.DOC_CONTEXT_WEIGHT)
        picks = coder.classifier.predict_concepts([it[5] for it in items], analysed=analysed, emb=cemb,
                                                  groups=["document"] * len(items))
    statements: list[Statement] = []
    seen: set[tuple[Any, ...]] = set()
    coded: dict[int, set[str]] = {}  # item → the concepts it gave statements on
    for k, (qi, actors, tokens, evidence, context, text, _) in enumerate(items):
        reported = qi is None
        choice = coder.choose(tokens, sims[k], picks[k], [] if reported else context)
        if reported and (choice is None or choice.source != "keywords"):
            choice = coder.choose(context[0], sims[k], (None, 0.0), [])
            if choice is None or choice.source != "keywords":
                # the topic named in another clause of the sentence ("Während der Vorstand die Förderung ablehnt,
                # hält der Minister sie für vertretbar") or in the sentences before ("Zusagen gibt es auch aus
                # Italien" after a sentence about sending troops); the similarity test is left out: a short clause
                # is near nothing
                choice = (coder.context_concept(context[:1], weighted=False) if _refers_back(tokens) else None) \
                    or coder.context_concept(context[1:])
            if choice is None and coder.topic is not None and (states_a_stance(tokens) or _stance_arrives(tokens)
                                                               or goes_to_court(tokens)):
                # a verb of agreeing or rejecting near no concept word, in a document about one concept ("Die IG
                # Metall unterstützt die Forderung der Branche", "Auch die Linke will klagen"): that concept, as for
                # quotations
                choice = ConceptChoice(coder.topic, "context", CONCEPT_CONFIDENCE["topic"], frozenset())
        if choice is None and tokens and _compared_view(_sentence_of(doc, tokens[0].i)):
            # "Der ADAC sieht das ähnlich": the concept of the view before, however short the sentence is (or the
            # document's one topic, where the views before named it by no keyword)
            choice = coder.context_concept(context[1:] if reported else context) or (
                ConceptChoice(coder.topic, "context", CONCEPT_CONFIDENCE["topic"], frozenset())
                if coder.topic is not None else None)
        if choice is None or (reported and choice.source not in ("keywords", "context")):
            continue
        if k in continuing and choice.source != "keywords" and choice.concept.id in coded.get(k - 1, ()) \
                and SETS_CONDITION not in assess(tokens).items:
            continue  # "sprach von einem Sieg, forderte aber strengere Kontrollen": the clause before says where
            # the actor stands on the topic, the "but" asks for something else (it may set a condition on it:
            # "zeigte sich offen, stellte aber Bedingungen")
        if reported and _names_the_concept(subjects.get(k, []), choice.anchors, actors) \
                and not _stance_verb(items[k][6]):
            continue  # "Der sogenannte AI Act soll Anwendungen einstufen": what is debated, not who debates it
        choices = [choice, *coder.also(tokens, choice)]
        for choice in choices:
            foreign = frozenset(i for c in choices if c is not choice for i in c.anchors)
            got = _code_item(coder, k, items[k], choice, sims, analysed, cemb, seen, foreign)
            if got:
                coded.setdefault(k, set()).add(choice.concept.id)
            statements += got
    statements = _after_the_outcome(statements, coder, doc)
    statements = _for_the_body_before(statements, coder, doc, quotations)
    merged = merge_statements(statements, defaulted=coder.defaulted, reactions=coder.reactions)
    return _relative_positions(_parties_of_the_country(merged, doc), doc)


def _document_country(doc: "Doc") -> str | None:
    """The country a document is about: the one its words name most often (names, adjectives, capitals), at least
    twice and more often than any other; None where none stands out."""
    from standpunkt.language import gazetteer

    counts: dict[str, int] = {}
    for t in doc:
        if t.tag_ in ("NE", "NN", "ADJA", "ADJD") and (country := gazetteer.country_for(t.text)) is not None \
                and gazetteer.is_country(country):
            counts[country] = counts.get(country, 0) + 1
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    if not ranked or ranked[0][1] < 2 or len(ranked) > 1 and ranked[1][1] == ranked[0][1]:
        return None
    return ranked[0][0]


def _parties_of_the_country(statements: list[Statement], doc: "Doc") -> list[Statement]:
    """A party named by its family's word ("Die Sozialdemokraten kündigten Widerstand an"), which the gazetteer
    reads as one country's party (the SPD), is that family's party of the country the document is about (the SP in
    a report on Switzerland) where the text never names the other one; statements merged again where that party
    also spoke by its own name."""
    from standpunkt.language import gazetteer

    country = _document_country(doc)
    if country is None:
        return statements
    text = _doc_text(doc)
    out: list[Statement] = []
    swapped = False
    for st in statements:
        a = st.actor
        if a.kind == "organisation" and a.party == a.name and a.country not in (None, country) \
                and not re.search(rf"(?<![\w-]){re.escape(a.name)}(?![\w-])", text) \
                and (party := gazetteer.party_of_family_in(a.name, country)) is not None:
            st = replace(st, actor=Actor(name=party.name, kind="organisation", party=party.name, country=country))
            swapped = True
        out.append(st)
    return merge_statements(out) if swapped else out


def _for_the_body_before(statements: list[Statement], coder: _Coder, doc: "Doc",
                         quotations: list[Quotation]) -> list[Statement]:
    """A quotation on the topic that no word decides ("Das Geld müsse nun schnell bei der Truppe ankommen, mahnte
    Verbandschef X"), right after the sentence that gave a body's position ("Der Bundeswehrverband begrüßte die
    Entscheidung"), from a speaker named as that body's ("Verbandschef", "ihre Generalsekretärin", "der Präsident des
    Kinderschutzbundes" after "Kinderschutzverbände"), argues the body's position; any other such quotation is
    dropped (nothing says how its speaker stands)."""
    if not coder.unsided and not coder.defaulted:
        return statements
    out: list[Statement] = []
    for st in statements:
        keyworded = id(st) in coder.defaulted and id(st) not in coder.unsided and st.quotation is not None \
            and st.actor.kind == "person"
        if id(st) not in coder.unsided and not keyworded:
            out.append(st)
            continue
        # (one that names the topic, "Von der Senkung profitierten vor allem Gutverdiener, sagte Fraktionsvize X"
        # after "Die Grünen halten die Maßnahme für ungerecht", keeps its default where it is no member's)
        sentence = _opening_sentence(st, doc) if st.quotation is not None else None
        if sentence is None or sentence.start == 0:
            if keyworded:
                out.append(st)
            continue
        before = _sentence_of(doc, sentence.start - 1)
        bodies = {o.actor.name: o for o in statements
                  if o.concept == st.concept and o.actor.kind != "person" and id(o) not in coder.unsided
                  and id(o) not in coder.defaulted and o.agreement in ("support", "oppose", "conditional")
                  and any(before.start_char <= sp.start < before.end_char for sp in o.evidence)}
        speaker = [t for t in tokens_in(doc, quotations[st.quotation].speaker) if not t.is_space]
        body = next(iter(bodies.values())) if len(bodies) == 1 else None
        if body is not None and speaker and _named_as_member(speaker, st.actor, body.actor):
            out.append(replace(st, agreement=body.agreement, condition=list(body.condition)))
        elif keyworded:
            out.append(st)
    return out


def _opening_sentence(st: Statement, doc: "Doc") -> "SpacySpan | None":
    """The sentence a statement's evidence starts in (None without evidence)."""
    if not st.evidence:
        return None
    start = min(sp.start for sp in st.evidence)
    first = doc.char_span(start, start + 1, alignment_mode="expand")
    return _sentence_of(doc, first.start) if first is not None else None


#: Words of a government, for a minister speaking after the government ("Justizministerin X").
_GOVERNMENT_WORDS = ("regierung", "kabinett", "ministerium")
#: Words of a party's offices, for an officer speaking after the party ("Fraktionschefin X").
_PARTY_OFFICES = ("fraktion", "partei", "vorsitz", "generalsekretär", "sprecher")


#: Offices at the head of an association or company ("Vorständin", "Hauptgeschäftsführer"), for an officer speaking
#: right after their organisation (one no other organisation is known for).
_ASSOCIATION_OFFICES = ("vorstand", "vorständin", "geschäftsführer", "hauptgeschäftsführer", "präsident", "vorsitzend",
                        "chef")


def _named_as_member(speaker: list["Token"], actor: Actor, body: Actor) -> bool:
    """Whether a speaker's phrase names them (``actor``) as the body's: by a possessive ("ihre Generalsekretärin"),
    by a word that shares a stem of at least six letters with the body's name ("Verbandschef" of the
    Bundeswehrverband, "Präsident des Kinderschutzbundes" of the Kinderschutzverbände), as a minister of a
    government, as an officer of an association or company, or of a party (one they are not known to be of another
    of)."""
    if any(t.tag_ == "PPOSAT" for t in speaker):
        return True
    words = [t.lower_ for t in speaker if t.tag_ in ("NN", "NE", "ADJA")]
    names = [w.lower() for n in (body.name, *body.aliases) for w in n.replace("-", " ").split() if len(w) >= 6]
    if any(_shared_stem(w, n) for w in words for n in names):
        return True
    if any("minister" in w for w in words) and any(g in body.name.lower() for g in _GOVERNMENT_WORDS):
        return True
    if body.party is None and body.kind == "organisation" and actor.candidate \
            and actor.organisation in (None, body.name) \
            and not any(g in body.name.lower() for g in _GOVERNMENT_WORDS) \
            and any(w.startswith(_ASSOCIATION_OFFICES) for w in words):
        return True  # "Der Verbraucherzentrale Bundesverband unterstützt … Vorständin X": its board speaks for it
    return body.party is not None and actor.party in (None, body.party) \
        and any(office in w for w in words for office in _PARTY_OFFICES)


def _shared_stem(a: str, b: str, least: int = 6) -> bool:
    """Whether one word holds a stretch of at least ``least`` letters of the other's ("verbandschef" /
    "bundeswehrverband": "verband" is seven)."""
    short, long_ = sorted((a.translate(_PLAIN_VOWELS), b.translate(_PLAIN_VOWELS)), key=len)
    return any(short[i:i + least] in long_ for i in range(len(short) - least + 1))


#: Umlauts as their plain vowels, for stems shared across a plural ("Verband" / "Handelsverbände").
_PLAIN_VOWELS = str.maketrans("äöü", "aou")


def _vote_count(subject: list["Token"], verb: "Token | None") -> bool:
    """Whether a subject counts votes: a number in figures with "stimmen" ("94 Abgeordnete stimmten dafür")."""
    return bool(subject) and subject[0].tag_ == "CARD" and subject[0].text.isdigit() and verb is not None \
        and (verb.lemma_ or "").lower() == "stimmen"


#: Prepositions that give a stance noun an object of its own ("Kritik an …", "Unterstützung für …").
_STANCE_OBJECT_PREPOSITIONS = frozenset({"an", "am", "gegen", "für", "zu", "zum", "zur", "über"})


def _stance_arrives(tokens: list["Token"]) -> bool:
    """A stance noun without an object of its own that comes from someone ("Kritik kam auch vom
    Schriftstellerverband", "Zustimmung gab es von der FDP"): a stance on what the document debates."""
    return stance_noun_with(tokens, ARRIVING_VERBS) \
        and not any(t.lower_ in _STANCE_OBJECT_PREPOSITIONS and t.tag_ in ("APPR", "APPRART") for t in tokens)


def _names_the_concept(subject: list["Token"], anchors: frozenset[int], actors: list[Actor]) -> bool:
    """Whether a reported clause's subject is the concept's own name (its name words all keywords), and no actor
    the registry knows or a body by its noun ("Die Kommission" stays one where "Kommission" is a keyword)."""
    words = [t for t in subject if t.tag_ in ("NN", "NE", "FM")]
    return bool(words) and all(t.i in anchors for t in words) and all(a.candidate for a in actors) \
        and not any(COLLECTIVE_NOUN.search(t.text) for t in words)


def _stance_verb(tokens: list["Token"]) -> bool:
    """Whether a verb of the clause is a lexicon verb of agreeing or rejecting, which only an actor does ("Caterpillar
    selbst wies die Vorwürfe zurück" where "Caterpillar" is a keyword: the company, not the concept's name)."""
    singles = lexicon()[0]
    return any(t.tag_.startswith("VV") and (e := singles.get(_verb_lemma(t))) is not None
               and e.kind == "stance" for t in tokens)


#: Words of reacting to what happened ("begrüßte das Ergebnis", "zeigte sich enttäuscht"): a position on the
#: concept only through the outcome they react to.
_REACTIONS = frozenset({"begrüßen", "feiern", "zufrieden", "enttäuscht", "enttäuschend", "sich enttäuschen", "bedauern",
                        "erfolg", "sieg", "erleichtert", "erleichtern", "niederlage", "rückschlag"})
#: Verbs of a proposal failing ("Der Gesetzentwurf ist im Parlament gescheitert", "fiel durch").
_FAILING = frozenset({"scheitern", "durchfallen"})
#: Sentences at the start of a document where its news, the outcome, is told.
_LEDE_SENTENCES = 3


def _not_allowed(sentence: "SpacySpan") -> bool:
    """"Schottland darf kein neues Referendum ansetzen": what may not be done has failed, like what "scheitert"."""
    return any(t.tag_ == "VMFIN" and (t.lemma_ or "").lower() == "dürfen" for t in sentence) \
        and any((t.lemma_ or t.text).lower() in NEGATORS for t in sentence)


def _after_the_outcome(statements: list[Statement], coder: _Coder, doc: "Doc") -> list[Statement]:
    """Reactions read against the outcome the document opens with: where that is a rejection ("Die Australier haben
    in einem Referendum die Einrichtung … abgelehnt", "In Polen ist ein Gesetzentwurf … im Parlament gescheitert"),
    welcoming it opposes the concept and disappointment supports it ("Die Senatorin begrüßte das Ergebnis", "Der
    Aktivist zeigte sich tief enttäuscht"). The outcome is the first position a body, not a person, takes in the
    opening sentences, or a sentence there in which the document's concept fails."""
    reactions = coder.reactions
    if not reactions:
        return statements
    sentences = list(doc.sents)[:_LEDE_SENTENCES]
    end = sentences[-1].end_char if sentences else 0
    outcomes = [(start, st.agreement, st.concept) for st in statements
                if st.evidence and id(st) not in reactions and st.actor.kind != "person"
                and st.agreement in ("support", "oppose") and (start := min(sp.start for sp in st.evidence)) < end]
    if coder.topic is not None:
        outcomes += [(sent.start_char, "oppose", coder.topic.id) for sent in sentences
                     if (any((t.lemma_ or "").lower() in _FAILING for t in sent) or _not_allowed(sent))
                     and keyword_score(coder.topic, [[t for t in sent if not t.is_space]], lambda i: 1.0)[0]
                     >= KEYWORD_MIN]
    if not outcomes or min(outcomes)[1] != "oppose":
        return statements  # the concept went through (or nothing says): a reaction is on it as it reads
    concept = min(outcomes)[2]
    flip = {"support": "oppose", "oppose": "support"}
    return [replace(st, agreement=flip[st.agreement]) if id(st) in reactions and st.concept == concept
            and st.agreement in flip else st for st in statements]


#: Words that compare a view with the one reported before it ("Der ADAC sieht das ähnlich", "Die Opposition sieht
#: das anders"): the same position, or the other one.
_SAME_VIEW = frozenset({"ähnlich", "genauso", "ebenso", "gleich"})
_OTHER_VIEW = frozenset({"anders"})


def _compared_view(sentence: "SpacySpan") -> int:
    """+1 where a sentence says its subject sees it like the one before ("Der ADAC sieht das ähnlich", "Ähnlich
    äußerte sich X", "X schloss sich dem an"), -1 where otherwise, else 0."""
    lemmas = {(t.lemma_ or t.text).lower() for t in sentence if t.tag_ in FINITE}
    if "schließen" in lemmas and {"sich", "an"} <= {t.lower_ for t in sentence} \
            and any(t.tag_ == "PDS" for t in sentence):
        return 1  # "Der Verband schloss sich dem an": the view before, taken up
    seen = "sehen" in lemmas and any(t.lower_ in ("das", "es", "dies") and t.tag_ in ("PDS", "PPER") for t in sentence)
    if not seen and not ("äußern" in lemmas and any(t.lower_ == "sich" for t in sentence)):
        return 0  # (nor "Ähnlich äußerte sich X")
    words = {t.lower_ for t in sentence}
    return 1 if words & _SAME_VIEW else -1 if words & _OTHER_VIEW else 0


def _relative_positions(statements: list[Statement], doc: "Doc") -> list[Statement]:
    """Positions stated only by comparison with the one reported before ("Bundesverkehrsminister X lehnt eine
    generelle Freigabe ab. … Der ADAC sieht das ähnlich."): that actor's agreement, or its opposite for "anders";
    whatever the words alone would have given (nothing there says how the actor stands on its own)."""
    out: list[Statement] = []
    for st in statements:
        if not st.evidence:
            out.append(st)
            continue
        start = min(sp.start for sp in st.evidence)
        sentence = _opening_sentence(st, doc)
        direction = _compared_view(sentence) if sentence is not None \
            and all(sentence.start_char <= sp.start and sp.end <= sentence.end_char for sp in st.evidence) else 0
        backed = (_backed_side(st, sentence, statements) or _sided_with(st, sentence, statements)) \
            if sentence is not None and not direction else None
        if backed is not None:
            st = replace(st, agreement=backed.agreement, condition=backed.condition)
        if direction:
            ends = {id(other): max(earlier) for other in statements if other.concept == st.concept
                    and other.actor.name != st.actor.name and other.agreement in ("support", "oppose", "conditional")
                    and (earlier := [sp.end for sp in other.evidence if sp.end <= start])}
            if not ends:
                continue  # compared with nothing coded: no position of its own
            previous = max((o for o in statements if id(o) in ends), key=lambda o: ends[id(o)])
            agreement = previous.agreement if direction > 0 else \
                {"support": "oppose", "oppose": "support", "conditional": "oppose"}[previous.agreement]
            st = replace(st, agreement=agreement, condition=previous.condition if agreement == "conditional" else [])
        out.append(st)
    return out


#: Nouns of backing given to someone ("Unterstützung erhielt X von Y"): the giver takes the receiver's side.
_BACKING_NOUNS = frozenset({"unterstützung", "rückendeckung", "rückhalt", "zuspruch", "beistand"})


def _backed_side(st: Statement, sentence: "SpacySpan", statements: list[Statement]) -> Statement | None:
    """The statement of the side a backing is given to ("Unterstützung erhielt die Regierung von den Verbänden der
    Einzelhändler" after the government's repeal of a ban): the receiver, named before the giver's "von", with a
    position on the same concept; the giver stands where the receiver does, whatever the noun alone says."""
    tokens = [t for t in sentence if not t.is_space]
    lemmas = {(t.lemma_ or t.text).lower() for t in tokens}
    if not (lemmas & GETTING_VERBS and {t.lower_ for t in tokens} & _BACKING_NOUNS):
        return None
    von = next((k for k, t in enumerate(tokens) if t.lower_ in ("von", "vom")), None)
    if von is None or not {w for w in st.actor.name.split() if len(w) >= 4} & {t.text for t in tokens[von:]}:
        return None  # the statement is not the giver's
    before = {t.text for t in tokens[:von] if t.text[:1].isupper()}
    sides = [o for o in statements if o is not st and o.concept == st.concept and o.actor.name != st.actor.name
             and o.agreement in ("support", "oppose", "conditional")
             and any(w in before for w in o.actor.name.split() if len(w) >= 4 and w[:1].isupper())]
    return sides[0] if sides else None


#: Words after which a siding phrase names the side taken ("stellte sich hinter Dänemark", "an die Seite der
#: Bauern", "solidarisch mit den Streikenden"), and the word the sentence must also have.
_SIDE_TAKEN = {"hinter": "stellen", "seite": "stellen", "mit": "solidarisch"}


def _sided_with(st: Statement, sentence: "SpacySpan", statements: list[Statement]) -> Statement | None:
    """The statement of the side an actor takes ("Die EU stellte sich hinter Dänemark" after the Danish prime
    minister rejected a claim): the actor named after the siding phrase (by name, country, organisation or party),
    with a position on the same concept; the one taking its side stands where it does, whatever "hinter" alone says."""
    tokens = [t for t in sentence if not t.is_space]
    words = {(t.lemma_ or t.text).lower() for t in tokens} | {t.lower_ for t in tokens}
    at = next((k for k, t in enumerate(tokens) if t.lower_ in _SIDE_TAKEN and _SIDE_TAKEN[t.lower_] in words
               and (t.lower_ == "mit" or "sich" in words)), None)
    if at is None:
        return None
    side: set[str] = set()
    for t in tokens[at + 1:]:
        if t.tag_.startswith(("V", "$")) or t.tag_ in ("KOUS", "PRELS"):
            break
        if t.tag_ in ("NE", "NN"):
            side |= {t.text, t.text[:-1] if t.text.endswith("s") else t.text}

    def named(o: Statement) -> bool:
        a = o.actor
        return bool(side & ({w for w in a.name.split() if len(w) >= 4} | {a.country, a.organisation, a.party}))
    if not side or named(st):
        return None
    sides = [o for o in statements if o is not st and o.concept == st.concept and o.actor.name != st.actor.name
             and o.agreement in ("support", "oppose", "conditional") and named(o)]
    return sides[0] if sides else None


def _but_continues(previous: tuple, actors: list[Actor], clause: list["Token"]) -> bool:
    """Whether a reported clause goes on, with a "but" and without a subject of its own, from the reported clause of
    the same actors just before it ("Der Verband sprach von einem Sieg, | forderte aber …")."""
    before = previous[6]
    if previous[0] is not None or not before or not clause or {a.name for a in previous[1]} != {a.name for a in actors}:
        return False
    gap = [t for t in clause[0].doc[before[-1].i + 1:clause[0].i] if not t.is_space]
    return [t.text for t in gap] == [","] and clause[0].tag_ in FINITE and _says_but(clause[1:3])


def _says_but(tokens: list["Token"]) -> bool:
    """Whether the words have a "but" ("aber", "allerdings", "jedoch") as conjunction or adverb."""
    return any(t.lower_ in BUT and t.tag_ in ("ADV", "KON") for t in tokens)


def _rest_after(clause: Any, sentence: list["Token"], mark: str) -> tuple["Token", list["Token"]] | None:
    """The punctuation ``mark`` right after a clause and the rest of its sentence without the final punctuation, or
    None where the clause is not followed by that mark and more words."""
    at = next((k for k, t in enumerate(sentence) if t.i == clause.tokens[-1].i), None)
    if at is None or at + 2 >= len(sentence) or sentence[at + 1].text != mark:
        return None
    rest = sentence[at + 2:]
    while rest and rest[-1].tag_.startswith("$"):
        rest = rest[:-1]
    return sentence[at + 1], rest


def _but_tail(clause: Any, sentence: list["Token"], others: list[Any]) -> list["Token"]:
    """The rest of the sentence after a reported clause and a comma where it says, with a "but", how the position
    must be carried out ("Die Verbände begrüßen die Idee grundsätzlich, | sie müsse aber …", "Er sei für
    Scheidungen, | aber sie dürften nicht zu einfach werden"; :func:`~standpunkt.stance.agreement.asks_how`), with
    the comma; none where another actor's clause is in it."""
    after = _rest_after(clause, sentence, ",")
    if after is None:
        return []
    comma, rest = after
    if not rest or not _says_but(rest[:3]) or not asks_how(rest) \
            or any(t.i >= rest[0].i for c in others for t in c.tokens[:1]):
        return []
    return [comma, *rest]


def _colon_tail(clause: Any, sentence: list["Token"], covered: set[int]) -> list["Token"]:
    """The rest of the sentence after a reported clause that frames it up to a colon ("Der Gemeindetag äußerte
    Zweifel: | Ohne zusätzliches Personal könnten die Städte die Kontrollen nicht leisten", "zeigte sich skeptisch:
    | …"), with the colon: the clause's subject says it, whoever the subject after the colon is; none where a
    quotation took it in."""
    after = _rest_after(clause, sentence, ":")
    if after is None or not _frames(clause.tokens) and not states_a_stance(clause.tokens):
        return []
    colon, rest = after
    return [] if not rest or any(t.i in covered for t in rest) else [colon, *rest]


#: Pronouns that take up a thing named before ("hält … sie für vertretbar", "lehnt das ab").
_BACK_REFERENCES = frozenset({"ihn", "sie", "es", "das", "dies", "diese", "diesen"})


def _refers_back(clause: list["Token"]) -> bool:
    """Whether a clause takes up something named before it by a pronoun after its finite verb (the object:
    "Während der Vorstand die Förderung ablehnt, hält der Minister sie für vertretbar")."""
    verb = next((k for k, t in enumerate(clause) if t.tag_ in FINITE), None)
    return verb is not None and any(t.lower_ in _BACK_REFERENCES and t.tag_ in ("PPER", "PDS")
                                    for t in clause[verb + 1:])


def _code_item(coder: _Coder, k: int, item: tuple, choice: ConceptChoice, sims: np.ndarray, analysed: list[Any],
               emb: np.ndarray, seen: set[tuple[Any, ...]], foreign: frozenset[int] = frozenset()
               ) -> list[Statement]:
    """The statements of one quotation or reported clause about one concept: one per actor (``foreign``: the words
    naming the other concepts coded from the same item)."""
    qi, actors, tokens, evidence, context, text, _ = item
    reported = qi is None
    out: list[Statement] = []
    result = coder.agreement(tokens, choice, actors[0], text, (analysed[k], emb[k]),
                             message=None if reported else evidence, foreign=foreign)
    def compared() -> bool:
        # "Der ADAC sieht das ähnlich": a position by comparison, its agreement the one before's
        # (_relative_positions); asked only where a statement would otherwise be dropped
        return bool(tokens) and _compared_view(_sentence_of(tokens[0].doc, tokens[0].i)) != 0

    if result.items == [ONLY_EXAMINING]:
        return []  # "Die EU-Kommission kündigte an, das Gesetz … zu prüfen": no position yet
    if reported and not [i for i in result.items if not i.startswith("(") or i == SETS_CONDITION] and not compared():
        return []  # a reported position needs a stance word ("stellte Bedingungen" is one); "(negated
        # proposition)" alone is too weak
    unsided = choice.source == "context" and result.items == [DEFAULT_ITEM] and not compared()
    if unsided and reported:
        return []  # (a quotation's may be its speaker's body's position, :func:`_for_the_body_before`)
    if choice.source == "context" and (_demands_something_else(tokens, result.items)
                                       or _denies_accusation(result.items)
                                       or bool(actors) and all(_people(a) for a in actors)):
        # (people named by what they are, with no word of the topic: "Demonstranten fordern den Rücktritt" after
        # the state of emergency is on something else as often as on it)
        return []
    frame_text = " ".join(t.text for t in tokens if not any(s.start <= t.idx < s.end for s in evidence))
    when = claim_date(frame_text, coder.doc_date) or coder.doc_date
    confidence = round(min(choice.confidence, 1.0) * 0.5 + result.confidence * 0.5, 3)
    if reported and item[6] and (item[6][0].tag_ in _RELATIVE_TAGS
                                 or item[6][0].i > 0 and item[6][0].doc[item[6][0].i - 1].tag_ in _RELATIVE_TAGS):
        # "Die Regierung Brasiliens, die die Regeln … kritisiert hatte, begrüßte dagegen die Verschiebung": what a
        # relative clause says its subject did is background; the main clause of the same sentence outweighs it
        confidence = round(confidence * RELATIVE_CLAUSE_WEIGHT, 3)
    for actor in actors:
        if result.items == [DEFAULT_ITEM] and _concept_is_about(choice.concept, actor):
            continue
        key = (actor.name, choice.concept.id, result.agreement, qi, tuple(evidence))
        if key in seen:
            continue
        seen.add(key)
        statement = Statement(actor=actor, concept=choice.concept.id, agreement=result.agreement,
                              quotation=qi, condition=list(result.condition), evidence=list(evidence),
                              date=when, confidence=confidence)
        if result.items == [DEFAULT_ITEM]:
            coder.defaulted.add(id(statement))
        if unsided:
            coder.unsided.add(id(statement))
        if not choice.anchors and result.items and set(result.items) <= _REACTIONS:
            coder.reactions.add(id(statement))
        out.append(statement)
    return out


#: Verbs of demanding: what they demand is their complement.
_DEMANDING = frozenset({"fordern", "auffordern", "verlangen", "appellieren", "mahnen", "aufrufen", "drängen"})


#: The lexicon's noun of accusing someone, and its verbs of denying an accusation.
_ACCUSATIONS = frozenset({"vorwurf"})
_DENYING = frozenset({"zurückweisen", "bestreiten", "dementieren"})


def _denies_accusation(items: list[str]) -> bool:
    """Whether the only votes deny an accusation ("Der Kreml wies die Vorwürfe zurück"): near no concept word, the
    accused defends itself; that is no position on the topic of the sentences before (the two would multiply to
    support)."""
    votes = {i for i in items if not i.startswith("(")}
    return bool(votes & _ACCUSATIONS) and bool(votes & _DENYING) and votes <= _ACCUSATIONS | _DENYING


def _people(actor: Actor) -> bool:
    """Whether an actor is people named by what they are ("Anwohner", "Tierschützer": `resolve.PUBLIC_NOUN`)."""
    return actor.kind == "group" and public_noun(actor.name) is not None


#: Verbs of extending what is there: a demand to extend ("forderte, Gastronomie und verarbeitete Produkte
#: einzubeziehen") takes up the topic of the sentences before and wants more of it.
_EXTENDING = frozenset({"einbeziehen", "ausweiten", "ausdehnen", "erweitern"})


def _demands_something_else(tokens: list["Token"], items: list[str]) -> bool:
    """Whether the only votes are a demand or intention whose infinitive says what is wanted, near no concept word and
    taking up no proposal ("forderte beide Seiten auf, an den Verhandlungstisch zurückzukehren", "will eine neue
    Kampagne starten"): that, not the topic of the sentences before ("fordert, das deutsche Gesetz … zu ersetzen"
    takes the law up and undoes it; "will vor das Verfassungsgericht ziehen" opposes it, `agreement._to_court`)."""
    votes = [i for i in items if not i.startswith("(")]
    infinitive = any(t.tag_ in ("PTKZU", "VVIZU") for t in tokens) or "wollen" in votes and any(
        t.tag_ == "VVINF" for t in tokens)  # "Die Opposition will eine neue Kampagne starten"
    return bool(votes) and all(v in _DEMANDING or v == "wollen" for v in votes) and "(stattdessen)" not in items \
        and infinitive \
        and not any((lemma := (t.lemma_ or t.text).lower()) in PROPOSAL_ANAPHORS or lemma in UNDOING_VERBS
                    or lemma in _EXTENDING for t in tokens)


def _concept_is_about(concept: Concept, actor: Actor) -> bool:
    """Whether the concept's proposition names the person ("Josef Ackermann soll abgelöst werden", "Premierminister
    Alkatiri unterstützen"): what that person says without a word of stance is no agreement with a proposition about
    themselves, so the default agreeing code does not apply to them (positions their words decide stay)."""
    if actor.kind != "person" or not actor.name:
        return False
    surname = actor.name.split()[-1]
    return len(surname) > 2 and re.search(rf"(?<![\w-]){re.escape(surname)}(?![\w-])", concept.label) is not None


def merge_statements(statements: list[Statement], defaulted: set[int] | None = None,
                     reactions: set[int] | None = None) -> list[Statement]:
    """One statement per actor and concept in a document, as a coder codes it: a neutral mention gives way to a
    position; several positions of the same actor on the same concept are one statement with all their evidence
    (the first quotation's index, the earliest date, the highest confidence). Where the positions differ, the one
    with the most support in the text (summed confidence) is kept, and the others' evidence is dropped with them;
    positions coded by default (no word decided them) do not vote against positions the words decide, nor do
    reactions to an unnamed event that no outcome explained (``reactions``) against words on the concept ("Der
    Abgeordnete, der das Vorhaben seit Jahren vorantreibt, zeigte sich enttäuscht"); agreeing in one place and
    setting a condition in another is conditional."""
    groups: dict[tuple[str, str], list[Statement]] = {}
    for st in statements:
        groups.setdefault((st.actor.name, st.concept), []).append(st)
    merged: list[Statement] = []
    for group in groups.values():
        positions = [st for st in group if st.agreement != "neutral"] or group
        # positions the words decide outvote those coded by default (``defaulted``: their ids); agreeing defaults
        # still add their evidence
        voters = [st for st in positions if id(st) not in (defaulted or ())] or positions
        voters = [st for st in voters if id(st) not in (reactions or ())] or voters
        weight: dict[str, float] = {}
        for st in voters:
            weight[st.agreement] = weight.get(st.agreement, 0.0) + st.confidence
        agreement = max(weight, key=lambda a: (weight[a], a == "conditional"))
        chosen = [st for st in positions if st.agreement == agreement]
        if agreement == "support" and any(st.agreement == "conditional" and st.condition for st in positions):
            # "zeigte sich offen für eine Prämie. … nur denkbar, wenn …": agreeing on a condition is conditional
            agreement = "conditional"
            chosen = [st for st in positions if st.agreement in ("support", "conditional")]
        first = chosen[0]
        evidence = sorted({(sp.start, sp.end): sp for st in chosen for sp in st.evidence}.values(),
                          key=lambda sp: (sp.start, sp.end))
        condition = sorted({(sp.start, sp.end): sp for st in chosen for sp in st.condition}.values(),
                           key=lambda sp: (sp.start, sp.end))
        quotation = next((st.quotation for st in chosen if st.quotation is not None), None)
        dates = [st.date for st in chosen if st.date is not None]
        # the mention that says most about who the actor is ("Die dänische Regierungschefin Mette Frederiksen …"
        # before "…, sagte sie")
        actor = max((st.actor for st in group), key=lambda a: sum(x is not None for x in (a.role, a.organisation,
                                                                                          a.party, a.country)))
        merged.append(replace(first, actor=actor, agreement=agreement, evidence=evidence, condition=condition,
                              quotation=quotation, date=min(dates) if dates else None,
                              confidence=max(st.confidence for st in chosen)))
    return merged
