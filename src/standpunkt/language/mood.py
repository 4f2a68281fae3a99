"""Verb mood (indicative vs Konjunktiv I / II) for finite verbs, as a spaCy component.

HanTa tells which tokens are finite verbs and gives their infinitive; the ``ablaut`` conjugator gives each verb's
present, preterite, Konjunktiv I and Konjunktiv II paradigms. A form that occurs only in a Konjunktiv paradigm is
Konjunktiv ("sei", "könne", "hätte", "würden"). Forms shared with the indicative need context:

- 3rd singular Konjunktiv I = 1st singular indicative ("lehne", "habe", "werde"): Konjunktiv I unless the clause has
  the subject "ich" (in news, a first-person singular present verb almost always sits next to "ich").
- Konjunktiv = indicative in the plural ("lehnen", "haben"): indicative (cannot be told apart; grammar then switches
  to Konjunktiv II, which is caught).
- Weak Konjunktiv II = preterite ("sagte", "wollte"): indicative, except the modal "sollte(n)", which in current
  German is used almost only as Konjunktiv II ("should"), as UD annotates it.

The result goes into ``token.morph`` as ``Mood=Ind|Sub`` and ``Tense=Pres|Past`` (Konjunktiv I = ``Mood=Sub|
Tense=Pres``, Konjunktiv II = ``Mood=Sub|Tense=Past``) plus ``VerbForm=Fin``; imperatives get ``Mood=Imp``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Token

from standpunkt.language.stts import FINITE_VERB_TAGS

IMPERATIVE_TAGS = frozenset({"VVIMP", "VAIMP"})
#: Modal forms whose preterite and Konjunktiv II coincide but which are read as Konjunktiv II.
KONJ2_BY_USE = frozenset({"sollte", "solltest", "sollten", "solltet"})
#: Tokens that end the clause around a verb when looking for its subject.
CLAUSE_BREAKS = frozenset({",", ";", ":", "(", ")", "„", "“", "”", '"', "»", "«", "-", "–"})
#: Coordinators: a clause boundary to the right, transparent to the left (coordinated verbs share a subject).
COORDINATORS = frozenset({"und", "oder", "aber", "sondern"})
FIRST_PERSON_SINGULAR = frozenset({"ich"})
#: Tokens to look at right of the verb for its subject (inverted order: "lehne ich ab").
SUBJECT_WINDOW = 3
#: Tokens to look at left of the verb, up to the clause start ("dass ich das nicht gewusst habe").
LEFT_WINDOW = 15

_PERSON_NUMBER = [("1", "Sing"), ("2", "Sing"), ("3", "Sing"), ("1", "Plur"), ("2", "Plur"), ("3", "Plur")]


@dataclass(frozen=True)
class Paradigms:
    """The four finite paradigms of a verb, each mapping a lower-cased form to the person indices (0–5) it fills."""

    present: dict[str, frozenset[int]]
    preterite: dict[str, frozenset[int]]
    konj1: dict[str, frozenset[int]]
    konj2: dict[str, frozenset[int]]


def _index(forms: list[str]) -> dict[str, frozenset[int]]:
    out: dict[str, set[int]] = {}
    for i, form in enumerate(forms):
        # Separable verbs come back as "lehne ab": the finite token is "lehne" in main clauses and "ablehne" in
        # subordinate clauses ("…, dass er das ablehne").
        parts = form.lower().split(" ")
        out.setdefault(parts[0], set()).add(i)
        if len(parts) == 2:
            out.setdefault(parts[1] + parts[0], set()).add(i)
    return {k: frozenset(v) for k, v in out.items()}


@lru_cache(maxsize=20_000)
def paradigms(infinitive: str) -> Paradigms | None:
    """Conjugation tables for a German infinitive, or None if the conjugator does not take it."""
    import ablaut

    if not infinitive or not infinitive.isalpha() or not infinitive.islower():
        return None
    try:
        conj = ablaut.conjugate(infinitive)
    except (ValueError, RuntimeError):
        return None
    try:
        return Paradigms(_index(conj.present), _index(conj.preterite), _index(conj.konjunktiv1),
                         _index(conj.konjunktiv2))
    except (AttributeError, TypeError):
        return None


@dataclass(frozen=True)
class MoodAnalysis:
    """Mood, tense, and (where the paradigm tells) person/number of one finite verb."""

    mood: str  # "Ind" | "Sub"
    tense: str  # "Pres" | "Past"
    persons: frozenset[int]


def _has_first_person_subject(doc: Doc, i: int) -> bool:
    """Whether token i's clause has the subject "ich", or drops it the way first-person news/diary prose does.

    Looks up to :data:`SUBJECT_WINDOW` tokens to the right and, to the left, back to the clause start, passing over
    "und"/"oder"/"aber" (coordinated verbs share the subject: "Ich gebe Arbeit ab und bekomme …"). A verb that opens
    its sentence ("Habe mich operieren lassen") is a first-person statement with the subject dropped.
    """
    sent = doc[i].sent if doc.has_annotation("SENT_START") else doc[:]
    first = sent.start
    while first < i and (doc[first].is_punct or doc[first].is_space):
        first += 1
    if first == i:
        return True
    j = i + 1
    while j < sent.end and j - i <= SUBJECT_WINDOW:
        text = doc[j].text
        if text in CLAUSE_BREAKS or text in COORDINATORS:
            break
        if text.lower() in FIRST_PERSON_SINGULAR:
            return True
        j += 1
    j = i - 1
    while j >= sent.start and i - j <= LEFT_WINDOW:
        text = doc[j].text
        if text in CLAUSE_BREAKS:
            break
        if text.lower() in FIRST_PERSON_SINGULAR:
            return True
        j -= 1
    return False


def analyse_form(form: str, infinitive: str, first_person: bool) -> MoodAnalysis | None:
    """Mood/tense of a finite verb form given its infinitive; ``first_person``: the clause's subject is "ich"."""
    par = paradigms(infinitive)
    if par is None:
        return None
    f = form.lower()
    if not any(f in table for table in (par.present, par.preterite, par.konj1, par.konj2)):
        if "ß" in f:
            f = f.replace("ß", "ss")  # pre-1996 spelling: "muß", "müßten", "läßt"
        elif f + "e" in par.present:
            return MoodAnalysis("Ind", "Pres", par.present[f + "e"] & {0})  # colloquial "hab", "werd"
    pres, pret = par.present.get(f, frozenset()), par.preterite.get(f, frozenset())
    k1, k2 = par.konj1.get(f, frozenset()), par.konj2.get(f, frozenset())
    if k1 and not pres and not pret:
        return MoodAnalysis("Sub", "Pres", k1)
    if k2 and not pres and not pret:
        return MoodAnalysis("Sub", "Past", k2)
    if k2 and pret and f in KONJ2_BY_USE:
        return MoodAnalysis("Sub", "Past", k2)
    if k1 and pres:
        shared = k1 & pres
        only_subjunctive = k1 - pres  # e.g. 3sg "lehne" vs 1sg indicative "lehne"
        if 2 in only_subjunctive and shared <= {0} and not first_person:
            return MoodAnalysis("Sub", "Pres", frozenset({2}))
        return MoodAnalysis("Ind", "Pres", pres)
    if pres:
        return MoodAnalysis("Ind", "Pres", pres)
    if pret:
        return MoodAnalysis("Ind", "Past", pret)
    return None


def _morph_for(tok: Token, analysis: MoodAnalysis | None) -> str:
    if analysis is None:
        return "VerbForm=Fin"
    feats = [f"Mood={analysis.mood}", f"Tense={analysis.tense}", "VerbForm=Fin"]
    if len(analysis.persons) == 1:
        person, number = _PERSON_NUMBER[next(iter(analysis.persons))]
        feats += [f"Number={number}", f"Person={person}"]
    return "|".join(sorted(feats))


def annotate_mood(doc: Doc) -> Doc:
    """Set ``token.morph`` on finite verbs and imperatives (see module docstring)."""
    for tok in doc:
        tag = tok.tag_
        if tag in FINITE_VERB_TAGS:
            analysis = analyse_form(tok.text, tok.lemma_, _has_first_person_subject(doc, tok.i))
            tok.set_morph(_morph_for(tok, analysis))
        elif tag in IMPERATIVE_TAGS:
            tok.set_morph("Mood=Imp|VerbForm=Fin")
    return doc


def plural_verb(tok: Token) -> bool:
    """Whether a finite verb is a 3rd person plural: "wollen", "fordern", "lehnten", "sind" — not "will", "fordert",
    "kann" (the plural ends in "-en"/"-n" in every tense and mood; no singular does but "kann"-like modals)."""
    word = tok.lower_
    return word == "sind" or word.endswith(("en", "ern", "eln"))


@Language.component("standpunkt_mood")
def mood_component(doc: Doc) -> Doc:
    """spaCy wrapper of :func:`annotate_mood`."""
    return annotate_mood(doc)
