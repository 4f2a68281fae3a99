"""Positions reported without a quotation: the subject of a clause whose verb is itself the position.

"Die parlamentarische Opposition wies die Änderungen zurück", "Die EU und die USA unterstützen die
Unabhängigkeitsbestrebungen", "Trotz der Kritik plant die Bundesregierung, …", "Indonesien, das eine Beteiligung
ablehnt, …". There is no dependency parser in the language layer, so the clause structure comes from STTS tags:

1. the sentence is split into comma clauses (:func:`standpunkt.stance.agreement.split_clauses`), which classifies
   them (core, complement, relative, condition, concessive, adverbial);
2. a core clause with a finite verb is a main clause; its subject is the first noun phrase outside prepositional
   phrases in front of the finite verb (the Vorfeld) or, when the Vorfeld is something else (an adverb, a
   prepositional phrase, a subordinate clause), right after it. Verbless core clauses right before a verb-first
   clause are its Vorfeld split by commas: appositions and lists ("Der Geschäftsführer der Grünen, Volker Beck, und
   Wolfgang Wieland, Sprecher für …, sprachen …");
3. a relative clause whose relative pronoun can be a subject (der, die, das, welche…) has the noun phrase before it
   as its subject ("Indonesien, das … ablehnt");
4. a subject is split into its conjuncts ("A und B", "A, B und C"), each resolved to an actor on its own
   (:func:`standpunkt.actors.phrases.resolve_subject`); a
   conjunct naming only a role beside a conjunct naming a person is that person's apposition, not another actor;
   a conjunct headed by a noun for a collective body ("die parlamentarische Opposition", "der Aufsichtsrat der
   Bank") is the inferred organisation :func:`standpunkt.actors.resolve.collective_name` names.

Konjunktiv I main clauses report someone else's words (their speaker is elsewhere) and give no subject. A passive
clause reports its agent ("wurde vom Bundesgerichtshof aufgehoben"), never its grammatical subject; a subject headed
by a thing ("Ein Sicherheitskonzept der Liga stieß auf …") is no speaker; a pronoun subject ("Er wirft der EU vor")
is left to the quotation layer's coreference.

:func:`nominal_stances` finds stances named by a noun with their holder: "die Kritik Venezuelas an dem Abkommen",
"Kritik seitens der Kirche", "Forderungen von Politikern der SPD", "Zusagen gibt es auch aus Italien".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from standpunkt.actors import Registry
from standpunkt.actors.phrases import names_an_actor, resolve_subject
from standpunkt.actors.resolve import COLLECTIVE_NOUN, PLURAL_BODY_HEADS, is_acronym, names_a_purpose
from standpunkt.language import gazetteer
from standpunkt.language.mood import plural_verb
from standpunkt.language.phrases import CLOSING_QUOTES as _CLOSING_QUOTES
from standpunkt.language.phrases import OPENING_QUOTES
from standpunkt.language.phrases import NP_TAGS as _NP_TAGS
from standpunkt.language.phrases import PP_TAGS as _PP_TAGS
from standpunkt.language.phrases import phrase_at as _phrase_at
from standpunkt.model import Actor
from standpunkt.stance.agreement import Clause, elliptic_negation, split_clauses, subject_with_article

if TYPE_CHECKING:
    from spacy.tokens import Token

FINITE = frozenset({"VVFIN", "VAFIN", "VMFIN"})
#: Personal pronouns as subjects: their referent is named elsewhere.
_SUBJECT_PRONOUNS = frozenset({"er", "sie", "es", "wir", "ich", "man", "ihr", "du"})
#: Articles that mark a fronted noun phrase as an object (accusative or dative), not the subject.
_OBJECT_ARTICLES = frozenset({"den", "dem", "einen", "einem", "diesen", "diesem"})
#: Particles between a subject in front and its verb ("Caterpillar selbst wies …", "Die Union dagegen …").
_TRAILING_PARTICLES = frozenset({"selbst", "auch", "ebenfalls", "allein", "dagegen", "hingegen", "jedoch", "aber",
                                 "indes", "wiederum", "ihrerseits", "seinerseits"})
_FOCUS_PARTICLES = frozenset({"auch", "selbst", "sogar", "nur", "ebenfalls", "gerade", "vor allem", "zumindest",
                              "einzig", "lediglich", "allein"})
#: Coordinating conjunctions that join main clauses and stand outside their Vorfeld.
_CLAUSE_CONJUNCTIONS = frozenset({"und", "aber", "oder", "denn", "sondern", "doch"})
#: Subordinating conjunctions whose clause states a fact about its subject (not a condition or purpose).
_ASSERTING_CONJUNCTIONS = frozenset({"während", "weil", "da", "nachdem", "obwohl", "zumal", "wobei"})
#: Relative pronouns that can be the subject of their clause (not "den", "dem", "denen", "deren", "dessen").
_SUBJECT_RELATIVES = frozenset({"der", "die", "das", "welcher", "welche", "welches"})


@dataclass
class ReportedClause:
    """A clause that may report a position: its subject's actors and the tokens that carry the position."""

    actors: list[Actor]
    tokens: list["Token"]  # the clause chain (main clause and its complements) or the relative clause
    subject: list["Token"] = field(default_factory=list)  # the phrase the actors were resolved from


def _is_kon1(tok: "Token") -> bool:
    morph = str(tok.morph)
    return "Mood=Sub" in morph and "Tense=Pres" in morph


def _person_with_apposition(phrase: list["Token"]) -> bool:
    """"Elon Musk, Gründer und Geschäftsführer von SpaceX": a person's name followed by a comma, whose apposition
    may hold an "und" without making the phrase a plural."""
    k = next((k for k, t in enumerate(phrase) if t.ent_type_ == "PER"), None)
    if k is None:
        return False
    while k < len(phrase) and phrase[k].ent_type_ == "PER":
        k += 1
    return k < len(phrase) and phrase[k].text == ","


def _passive(clause: list["Token"]) -> bool:
    """A werden-passive: a past participle with a form of "werden" ("wurde … aufgehoben", "gerügt worden waren"),
    not the future ("wird … ablehnen") and not a Konjunktiv-I report."""
    has_participle = any(t.tag_ == "VVPP" for t in clause)
    werden = any((t.lemma_ or "").lower() == "werden" and t.tag_.startswith("VA") or t.lower_ == "worden"
                 for t in clause)
    return has_participle and werden


#: Lexicon verbs whose participle after "sein" is the subject's own act or state: a perfect formed with "sein" ("ist
#: für den Plan eingetreten") or a reflexive verb's state ("Spanien ist an der Mission beteiligt").
_SUBJECT_PARTICIPLES = frozenset({"eintreten", "abrücken", "beitreten", "zurücktreten", "austreten", "umschwenken",
                                  "beteiligen", "einigen"})


def _stative_passive(clause: list["Token"]) -> bool:
    """A sein-passive of a stance verb: "Der Gipfel war … geplant", "Das Verfahren ist beschlossen": the subject is
    what was planned or decided, not who did it (these verbs form their perfect with "haben")."""
    from standpunkt.stance.agreement import lexicon, participle_entry

    sein = any((t.lemma_ or "").lower() == "sein" and t.tag_ == "VAFIN" for t in clause)
    if not sein:
        return False
    singles, _ = lexicon()
    for t in clause:
        if t.tag_ == "VVPP" and t.lower_ not in singles:
            # (a participle listed as an adjective is the subject's state: "waren von X begeistert", "enttäuscht")
            entry = singles.get((t.lemma_ or "").lower()) or participle_entry(t.text)
            if entry is not None and entry.words[0] not in _SUBJECT_PARTICIPLES:
                return True
    return False


def _agent(clause: list["Token"], prepositions: tuple[str, ...] = ("von", "vom", "durch")) -> list["Token"]:
    """The agent of a passive clause: the noun phrase after "von", "vom" or "durch"."""
    for k, tok in enumerate(clause[:-1]):
        if tok.lower_ in prepositions and tok.tag_ in ("APPR", "APPRART"):
            if k > 0 and clause[k - 1].tag_ in ("NN", "NE") and _event_or_place_noun(clause[k - 1]) \
                    and clause[k + 1].tag_ != "ART":
                continue  # "des Gipfels von L′Aquila": where, not by whom; not "Städte von der Kommission verwarnt"
            start = k + 1
            phrase = _phrase_at(clause, start) if clause[start].tag_ in _NP_TAGS else []
            if tok.lower_ == "vom" and phrase:
                return phrase
            if phrase:
                return phrase
    return []


_EVENT_HEADS = ("gipfel", "konferenz", "treffen", "tagung", "sitzung", "wahl", "abkommen", "vertrag", "anschlag",
                "erklärung", "stadt", "hafen", "flughafen", "region")


def _event_or_place_noun(tok: "Token") -> bool:
    """Nouns after which "von" names a place or a date, not an agent ("der Gipfel von L′Aquila")."""
    word = (tok.lemma_ or tok.text).lower()
    return word.endswith(_EVENT_HEADS)


#: Prepositions the tagger takes for foreign words or names after a dash ("Seoul – In Südkorea …").
_MISTAGGED_PREPOSITIONS = frozenset({"in", "im", "aus", "nach", "bei", "beim", "mit", "für", "auf", "an", "am", "vor",
                                     "seit", "unter", "über", "zu", "zum", "zur", "trotz", "während", "wegen"})


def _subject_candidates(clause: list["Token"], sentence: list["Token"] | None = None) -> list[list["Token"]]:
    """The phrases that may be the main clause's subject, most likely first: the Vorfeld noun phrase, then the
    first one after the finite verb (German puts objects first too: "Die Kritik wies die Regierung zurück")."""
    verb = next((k for k, t in enumerate(clause) if t.tag_ in FINITE), None)
    if verb is None or _is_kon1(clause[verb]):
        return []
    out: list[list[Token]] = []
    experiencer = _experiencer(clause, verb)
    if experiencer is not None:
        return [experiencer] if experiencer else []
    if verb > 0 and clause[verb - 1].tag_ == "PPER" and clause[verb - 1].lower_ in _SUBJECT_PRONOUNS:
        return []  # "Er wirft der EU vor, …": the subject is a pronoun, its referent elsewhere
    # Vorfeld: one noun phrase right at the start (not inside a prepositional phrase)
    if verb > 0:
        start = 1 if clause[0].lower_ in _FOCUS_PARTICLES else 0  # "Auch Lettland hatte …"
        if verb > 2 and clause[1].lower_ == _FOCUS_PHRASE_STARTS.get(clause[0].lower_):
            start = 2  # "Vor allem die CSU hatte …", "Unter anderem Frankreich lehnt …"
        if clause[0].tag_ == "KON" and clause[0].lower_ in _CLAUSE_CONJUNCTIONS and verb > 1:
            start = 1  # "…, und das Kinderhilfswerk rief Russland auf": the conjunction stands before the Vorfeld
        if clause[start].tag_ == "PIS" and start + 1 < verb and clause[start + 1].lower_ == "der":
            start += 1  # "Viele der betroffenen Städte hatten …": the group the quantifier picks from
        phrase = _phrase_at(clause, start)
        if not phrase and start == 0 and clause[0].tag_ == "PRELS" and subject_with_article(clause):
            phrase = [clause[0], *_phrase_at(clause, 1)]  # "…, die Jusos lehnen … ab": an article read as a pronoun
        if phrase and phrase[0].lower_ in _OBJECT_ARTICLES:
            phrase = []  # "Den Einsatz lehnt die Gewerkschaft ab": an accusative or dative in front
        if phrase and phrase[0].tag_ in ("FM", "NE") and phrase[0].lower_ in _MISTAGGED_PREPOSITIONS:
            phrase = []  # "Seoul – In Südkorea haben …": a preposition after a dateline, tagged as a foreign word
        end = start + len(phrase)
        if phrase and phrase[-1] in clause:
            end = clause.index(phrase[-1]) + 1
            while end < verb and clause[end].text in _CLOSING_QUOTES:
                end += 1  # "Die Bewegung „…“ kündigte …"
            if end < verb and _quoted_up_to(clause, start, verb):
                end = verb  # a quoted name with a verb in it: "Die Initiative „Deutsche Wohnen & Co. enteignen“ …"
                phrase = clause[start:verb]
            while end < verb and clause[end].tag_ in ("ADV", "PROAV", "PAV") \
                    and clause[end].lower_ in _TRAILING_PARTICLES:
                end += 1  # "Caterpillar selbst wies … zurück", "Die Grünen dagegen lehnen … ab"
        if phrase and end == verb:
            out.append(phrase)
        elif phrase and clause[start].tag_ != "ADV" and start + len(phrase) < verb \
                and clause[start + len(phrase)].tag_ in _PP_TAGS:
            place = clause[start + len(phrase):verb]
            if len(place) == 2 and place[0].lower_ == "in" and place[1].ent_type_ in ("GPE", "LOC"):
                phrase = phrase + place  # "Die Regierung in Kigali begrüßte …": the body of that place's country
            elif names_a_purpose(place[0].text, place[1].text if len(place) > 1 else "") \
                    and COLLECTIVE_NOUN.search(phrase[-1].text) \
                    and all(t.tag_ in _NP_TAGS | {"APPR", "APPRART", "ART", "$("} for t in place):
                phrase = phrase + place  # what the body is for: "Die Kommission zur Ermittlung des … (KEF) hat …"
            elif place[0].lower_ == "von" and len(place) <= 3 and place[-1].tag_ in ("NN", "NE") \
                    and phrase[-1].lower_.endswith(PLURAL_BODY_HEADS):
                phrase = phrase + place  # whose bodies they are: "Organisationen von Homosexuellen begrüßten …"
            out.append(phrase)  # "Die Regierung in Paris lehnt …"
    after = _after_verb(clause, verb, sentence)
    if after and after[0].lower_ not in _OBJECT_ARTICLES:  # ("hat den Hersteller X ausgeschlossen": the object)
        out.append(after)
    return out


def _quoted_up_to(clause: list["Token"], start: int, verb: int) -> bool:
    """Whether the words before the finite verb end in a quoted stretch that opened after the phrase's first word (the
    quotation marks may be left out of the clause's tokens): one name, whatever words it is made of."""
    doc = clause[0].doc
    k = clause[verb].i - 1
    while k >= 0 and doc[k].is_space:
        k -= 1
    if k < 0 or doc[k].text not in _CLOSING_QUOTES:
        return False
    opening = [j for j in range(clause[start].i + 1, k) if doc[j].text in OPENING_QUOTES]
    return bool(opening) and not any(doc[j].text in (",", ".", ";") for j in range(opening[0], k))


#: Articles and possessives of a dative noun phrase ("Der Union geht der Schritt nicht weit genug").
_DATIVE_STARTS = frozenset({"dem", "den", "der", "einem", "einer", "diesem", "dieser"})


def _experiencer(clause: list["Token"], verb: int) -> list["Token"] | None:
    """ "Dem Koalitionspartner Sumar geht die Initiative nicht weit genug", "Die Reform geht den Grünen zu weit": the
    one something goes too far (or not far enough) for holds the view, in the dative; the nominative is the thing
    judged. The dative phrase ([] where it is a pronoun or missing), or None for any other clause."""
    if (clause[verb].lemma_ or "").lower() != "gehen" or not any(
            t.lower_ == "weit" and (k > 0 and clause[k - 1].lower_ == "zu" or k + 1 < len(clause)
                                    and clause[k + 1].lower_ == "genug") for k, t in enumerate(clause)):
        return None
    candidates = [0] if verb > 0 else []
    k = verb + 1
    while k < len(clause) and clause[k].tag_ in _NP_TAGS | {"ART", "ADV", "PPOSAT", "PDAT"}:
        if clause[k].tag_ in ("ART", "PPOSAT", "PDAT") or clause[k].tag_ in ("NN", "NE") and (
                k == verb + 1 or clause[k - 1].tag_ == "ADV"):
            candidates.append(k)
        k += 1
    datives = []
    for start in candidates:
        phrase = _phrase_at(clause, start)
        first = phrase[0] if phrase else None
        if first is None or first.tag_ == "ADV":
            continue
        if first.lower_ in _DATIVE_STARTS or first.tag_ == "PPOSAT" and first.lower_.endswith(("em", "er")) \
                or first.tag_ in ("NN", "NE", "ADJA") and phrase[-1].text.endswith("n") and start == 0:
            datives.append(phrase)  # (no article: "Bürgerrechtlern geht das Gesetz nicht weit genug")
    if len(datives) > 1 and datives[0][0].lower_ in ("der", "einer", "dieser"):
        return datives[1]  # "Der Vorschlag geht der CDU zu weit": a masculine nominative in front
    return datives[0] if datives else []


#: Two-word focus phrases between the verb and its subject: "stimmten unter anderem die Abgeordneten der …".
_FOCUS_PHRASE_STARTS = {"unter": "anderem", "vor": "allem", "zum": "beispiel"}


def _after_verb(clause: list["Token"], verb: int, sentence: list["Token"] | None) -> list["Token"]:
    # Mittelfeld: the first noun phrase after the finite verb, skipping adverbs and pronoun objects
    k = verb + 1
    while k < len(clause) and (clause[k].tag_ in ("ADV", "PRF", "PPER", "PTKNEG", "ADJD", "PROAV")
                               or clause[k].lower_ in _FOCUS_PHRASE_STARTS and k + 1 < len(clause)
                               and clause[k + 1].lower_ == _FOCUS_PHRASE_STARTS[clause[k].lower_]):
        if clause[k].tag_ == "PPER" and clause[k].lower_ in _SUBJECT_PRONOUNS - {"es"}:
            return []  # a pronoun subject: its referent is elsewhere ("es" is mostly an object: "hält es … für")
        k += 2 if clause[k].lower_ in _FOCUS_PHRASE_STARTS and clause[k].tag_ not in ("ADV", "ADJD") else 1
    if k < len(clause) and clause[k].lower_ == "neben" and clause[k].tag_ == "APPR":
        # "stimmten neben den Ampel-Fraktionen auch CDU und CSU": who else did, then the subject after "auch"
        also = next((j for j in range(k + 2, min(k + 8, len(clause))) if clause[j].lower_ == "auch"), None)
        if also is not None and all(t.tag_ in _NP_TAGS | {"ART", "ADJA", "$("} for t in clause[k + 1:also]):
            k = also + 1
    if k < len(clause) and clause[k].tag_ in _NP_TAGS:
        if sentence is not None:  # read on past the clause's commas: a list of subjects
            at = next((j for j, t in enumerate(sentence) if t.i == clause[k].i), None)
            if at is not None:
                return _before_next_subject(sentence, at, _phrase_at(sentence, at))
        return _phrase_at(clause, k)
    return []


def _before_next_subject(sentence: list["Token"], at: int, phrase: list["Token"]) -> list["Token"]:
    """A list of subjects read on past commas, up to the last comma where a finite verb follows the list: what comes
    after that comma is the subject of the next clause ("Dafür stimmten Union, SPD und AfD, Grüne und Linke
    votierten dagegen")."""
    after = at + len(phrase)
    if not phrase or after >= len(sentence) or sentence[after].tag_ not in FINITE:
        return phrase
    commas = [k for k, t in enumerate(phrase) if t.text == ","]
    return phrase[:commas[-1]] if commas else phrase


def reported_clauses(sentence: list["Token"], when: date | None, registry: Registry) -> list[ReportedClause]:
    """Main and relative clauses of a sentence with the actors of their subjects; asides between dashes are read
    as clauses of their own ("Eine Spezialeinheit – das Land hat 200 Soldaten geschickt – erreichte …")."""
    out = []
    for aside in _dashed_asides(sentence):
        out += _clauses_of(aside, when, registry)
    return _clauses_of(_without_parentheticals(sentence), when, registry) + out


def _dashed_asides(tokens: list["Token"]) -> list[list["Token"]]:
    dashes = [k for k, t in enumerate(tokens) if t.text in ("–", "—")]
    return [tokens[a + 1:b] for a, b in zip(dashes[::2], dashes[1::2]) if b - a > 3]


#: Nouns of "nach Ansicht des Verbands", "nach Einschätzung von Experten": the clause is the genitive's view.
_SOURCE_NOUNS = frozenset({"wille", "ansicht", "einschätzung", "auffassung", "meinung", "überzeugung", "angabe", "wort",
                           "darstellung", "aussage", "sicht", "urteil", "bewertung", "information"})
#: Source nouns of a view or will, not of information: the clause is the source's position even where its subject
#: names an actor ("Nach Ansicht der Opposition muss die Regierung zurücktreten", "Nach dem Willen des Gipfels soll
#: die Ukraine …"), while "nach Angaben der Polizei lehnte der Bürgermeister … ab" stays the mayor's.
_VIEW_NOUNS = frozenset({"wille", "ansicht", "einschätzung", "auffassung", "meinung", "überzeugung", "sicht"})
#: Source nouns that may follow "nach" with an article ("nach dem Willen des Gipfels"); others read as a time there
#: ("nach dem Urteil des Gerichts", "nach der Aussage des Zeugen").
_ARTICLE_SOURCE_NOUNS = _VIEW_NOUNS | {"angabe", "wort", "darstellung", "information"}


def _source(toks: list["Token"]) -> tuple[list["Token"], int, int] | None:
    """The source phrase of a clause and where its frame lies: "nach Ansicht des Verbands", "laut der
    Gewerkschaft", "dem Ministerium zufolge"."""
    for k, tok in enumerate(toks):
        low = tok.lower_
        # "nach Ansicht des Verbands", also with an article: "nach dem Willen des Gipfels", "nach den Worten von …"
        # and "aus Sicht der Grünen", "aus der Sicht von …"
        noun = (k + 2 if k + 2 < len(toks) and toks[k + 1].tag_ == "ART" else k + 1) if low in ("nach", "aus") else 0
        head = (toks[noun].lemma_ or "").lower() if noun and noun + 1 < len(toks) else ""
        if head in (_ARTICLE_SOURCE_NOUNS if noun == k + 2 else _SOURCE_NOUNS) and (low == "nach" or head == "sicht"):
            at = noun + 1
            if toks[at].lower_ in ("von", "vom") and at + 1 < len(toks):
                at += 1
            phrase = _phrase_at(toks, at)
            if phrase:
                return phrase, k, at + len(phrase)
        elif low == "laut" and tok.tag_ in _PP_TAGS and k + 1 < len(toks):
            phrase = _phrase_at(toks, k + 1)
            if phrase:
                return phrase, k, k + 1 + len(phrase)
        elif low == "zufolge" and k > 0:
            start = next((j for j in range(k) if len(_phrase_at(toks, j)) == k - j), None)
            if start is not None:
                return toks[start:k], start, k + 1
    return None


def _sourced(clause: list["Token"], when: date | None, registry: Registry, *,
             views_only: bool = False) -> ReportedClause | None:
    """A clause with a source phrase is its source's statement, without the phrase itself (with ``views_only``,
    only where the source noun is a view or will: :data:`_VIEW_NOUNS`)."""
    found = _source(clause)
    if found is None:
        return None
    phrase, start, end = found
    # the source noun stays when it carries the position itself ("nach dem Willen des Gipfels soll …")
    noun = [t for t in clause[start + 1:start + 3] if t.tag_ != "ART"][:1] if clause[start].lower_ == "nach" else []
    if views_only and not (noun and (noun[0].lemma_ or "").lower() in _VIEW_NOUNS):
        return None
    actors = resolve_subject(phrase, when, registry)
    rest = clause[:start] + noun + clause[end:]
    return ReportedClause(actors, rest, phrase) if actors and rest else None


#: Pronoun subjects whose clauses the caller resolves: "man" (PIS) and "er"/"sie" (PPER).
_PRONOUN_SUBJECTS = {"man": "PIS", "er": "PPER", "sie": "PPER", "dieser": "PDS"}
_VORFELD_NO_SUBJECT = frozenset({"ADV", "APPR", "APPRART", "PROAV", "ADJD", "PTKNEG"})


def _complements_after(clauses: list[Clause], i: int) -> list["Token"]:
    """The tokens of the complement clauses (and elliptic negations) right after clause ``i``: what its verb
    reports ("lehnt es ab, …", "…, nicht aber …"), and the conditions it sets ("kann sich eine Auswahl per Los
    vorstellen, wenn sie gerecht ausgestaltet werde")."""
    out: list[Token] = []
    for c in clauses[i + 1:]:
        if c.kind not in ("complement", "condition") and not elliptic_negation(c):
            break
        out += c.tokens
    return out


def pronoun_subject_clauses(sentence: list["Token"]) -> list[tuple["Token", list["Token"]]]:
    """Main clauses whose subject is a pronoun, with the pronoun; the caller says who it is:
    - "man" ("Wenn möglich, will man den Bären lebend fangen", "allerdings will man auf Kündigungen verzichten"): in
      a report about one body, that body;
    - "er", "sie" ("Er verhängte den Ausnahmezustand", "Am Montag lehnte sie den Plan ab"): coreference, as for
      quotations; "sie" with a plural verb ("Dabei wollen sie …", :func:`~standpunkt.language.mood.plural_verb`)
      is a group: the caller looks for the plural subject before it;
    - "dieser" ("Dieser hatte die Sperre verfügt"): the man named last, as coreference finds him."""
    out = []
    clauses = split_clauses(_without_parentheticals(sentence))
    for i, clause in enumerate(clauses):
        toks = clause.tokens
        if clause.kind != "core":
            continue
        verb = next((k for k, t in enumerate(toks) if t.tag_ in FINITE), None)
        if verb is None:
            continue
        if verb == 1 and _PRONOUN_SUBJECTS.get(toks[0].lower_) == toks[0].tag_:
            subject = toks[0]  # "Er verhängte …"
        elif verb + 1 < len(toks) and _PRONOUN_SUBJECTS.get(toks[verb + 1].lower_) == toks[verb + 1].tag_ and (
                verb == 0 or toks[0].tag_ in _VORFELD_NO_SUBJECT or _object_vorfeld(toks[:verb], toks[verb + 1])):
            subject = toks[verb + 1]  # "Am Montag verhängte er …", "allerdings will man …"
        else:
            continue
        chain = list(toks) + _complements_after(clauses, i)
        # a condition before it belongs to the position ("Wenn möglich, will man …")
        before = [t for c in clauses[:i] if c.kind == "condition" for t in c.tokens]
        out.append((subject, before + chain))
    return out


#: Tags of a noun phrase in the Vorfeld ("Die Sperre selbst", "Den neuen Plan").
_VORFELD_NP_TAGS = frozenset({"ART", "ADJA", "NN", "PIAT", "PPOSAT", "PDAT", "CARD", "ADV"})


def _object_vorfeld(vorfeld: list["Token"], pronoun: "Token") -> bool:
    """Whether a fronted noun phrase is the object, so that the pronoun after the verb is the subject: always
    before "er" and "man", which are nominatives ("Den Plan lehnte er ab"); before "sie" when the phrase is an
    accusative ("Den Plan lehnte sie ab") or names a thing, not someone who could hold a position ("Die Sperre selbst
    stellte sie nicht in Frage", but "Die Regierung lehnte sie ab")."""
    nouns = [t for t in vorfeld if t.tag_ == "NN"]
    if not nouns or any(t.tag_ not in _VORFELD_NP_TAGS for t in vorfeld) or vorfeld[-1].tag_ not in ("NN", "ADV"):
        return False
    if pronoun.lower_ != "sie" or vorfeld[0].lower_ in _OBJECT_ARTICLES:
        return True
    head = nouns[-1]
    return len(nouns) == 1 and not (gazetteer.role_info(head.lemma_) or gazetteer.is_person_noun(head.text)
                                    or gazetteer.organisation_for(head.text) or COLLECTIVE_NOUN.search(head.lower_))


def role_subject_clauses(sentence: list["Token"]) -> list[tuple[list["Token"], list["Token"]]]:
    """Main clauses whose Vorfeld subject is a definite role phrase without a name ("Der Präsident unterstützt …",
    "Der litauische Minister lehnte … ab"), with the phrase: the caller asks coreference who it is, as for a
    quotation's speaker, where the registry knows no holder of the office."""
    out = []
    clauses = split_clauses(_without_parentheticals(sentence))
    for i, clause in enumerate(clauses):
        toks = clause.tokens
        verb = next((k for k, t in enumerate(toks) if t.tag_ in FINITE), None)
        if clause.kind != "core" or not verb or _is_kon1(toks[verb]) or toks[0].lower_ not in ("der", "die"):
            continue
        phrase = toks[:verb]
        nouns = [t for t in phrase if t.tag_ == "NN"]
        if len(nouns) != 1 or nouns[0] is not phrase[-1] or any(t.tag_ not in ("ART", "ADJA", "NN") for t in phrase) \
                or gazetteer.role_info(nouns[0].text) is None:
            continue  # "Der Präsident", "Die französische Ministerin"; not "Der Präsident Frankreichs" (a country)
        chain = list(toks) + _complements_after(clauses, i)
        out.append((phrase, chain))
    return out


def _neither_nor(sentence: list["Token"], when: date | None, registry: Registry) -> list[ReportedClause]:
    """"Weder die G8, noch die EU oder die Ukraine erkennen … an": the listed subjects share the negated verb."""
    if not sentence or sentence[0].lower_ != "weder":
        return []
    verb = next((k for k, t in enumerate(sentence) if t.tag_ in FINITE), None)
    if verb is None or not any(t.lower_ == "noch" for t in sentence[1:verb]):
        return []
    region = [_COMMA if t.lower_ == "noch" else t for t in sentence[1:verb]]
    actors = resolve_subject(region, when, registry)
    if not actors:
        return []
    end = next((k for k in range(verb, len(sentence)) if sentence[k].tag_ in ("$.", "$;")), len(sentence))
    return [ReportedClause(actors, [sentence[0], *sentence[verb:end]], [t for t in region if t.i >= 0])]


def _clauses_of(sentence: list["Token"], when: date | None, registry: Registry) -> list[ReportedClause]:
    clauses = split_clauses(sentence)
    out: list[ReportedClause] = _neither_nor(sentence, when, registry)
    for i, clause in enumerate(clauses):
        toks = clause.tokens
        before = len(out)
        view = _sourced(toks, when, registry, views_only=True) \
            if clause.kind == "core" and clause.has_finite_verb() else None
        if view is not None:
            view.tokens += _complements_after(clauses, i)
            out.append(view)  # "Nach Ansicht der Opposition muss die Regierung …": the opposition's position
            continue
        arrived = _stance_from(toks, when, registry) if clause.kind == "core" else None
        if arrived is not None:
            out.append(arrived)  # "Kritik kam von Umweltverbänden", "Aus der FDP kommt Unterstützung"
            continue
        _clause_of(clauses, i, sentence, when, registry, out)
        if len(out) == before and out and clause.kind == "core" and len(toks) > 1 and toks[0].tag_ == "KON" \
                and toks[1].tag_ in FINITE and out[-1].tokens and out[-1].tokens[-1].i < toks[0].i:
            # "Aktivisten … haben das Werk blockiert und fordern die Schließung": the second verb shares the subject
            chain = list(toks[1:]) + _complements_after(clauses, i)
            out.append(ReportedClause(out[-1].actors, chain, out[-1].subject))
        if len(out) == before and clause.kind in ("core", "relative", "adverbial", "complement") \
                and any(t.tag_.startswith("V") for t in toks):
            sourced = _sourced(toks[1:] if clause.kind in ("relative", "adverbial") else toks, when, registry)
            if sourced is not None:
                out.append(sourced)  # "die nach Einschätzung des Umweltbundesamtes die Luft verbessern kann"
    return out


#: Prepositions naming where a stance noun comes from ("Kritik kam von …", "aus der FDP", "seitens der Union").
_ORIGIN_PREPOSITIONS = frozenset({"von", "vom", "aus", "seitens"})


def _stance_from(clause: list["Token"], when: date | None, registry: Registry) -> ReportedClause | None:
    """"Kritik kam von Umweltverbänden", "Von den Grünen kommt Unterstützung": a stance noun that "comes" from
    someone is that someone's position; the actors are the phrase after "von"/"aus"."""
    if not stance_noun_with(clause, _COMING_VERBS, kinds=("stance", "evaluative")):
        return None
    k = next((k for k, t in enumerate(clause) if t.lower_ in _ORIGIN_PREPOSITIONS and t.tag_ in ("APPR", "APPRART")),
             None)
    if k is None:
        return None
    end = k + 1
    while end < len(clause) and (clause[end].tag_ in _NP_TAGS | {"KON", "$,", "APPR", "ART"} or clause[end].text == "&") \
            and clause[end].tag_ not in FINITE and not (clause[end].tag_ == "APPR" and end == k + 1):
        end += 1  # (an ampersand inside a name: "vom Eigentümerverband Haus & Grund")
    holder = [t for t in clause[k + 1:end] if not t.is_punct or t.text in (",", "&")]
    actors = resolve_subject(holder, when, registry) if holder else []
    return ReportedClause(actors, list(clause), holder) if actors else None


def stance_noun_with(clause: list["Token"], verbs: frozenset[str], kinds: tuple[str, ...] = ("stance",)) -> bool:
    """Whether the clause's one finite verb is one of ``verbs`` and a stance noun (a lexicon noun of ``kinds``)
    stands with it ("Kritik kam von …", "erhielt Unterstützung von …")."""
    from standpunkt.stance.agreement import lexicon

    finite = [t for t in clause if t.tag_ in FINITE]
    if len(finite) != 1 or (finite[0].lemma_ or "").lower() not in verbs:
        return False
    singles, _ = lexicon()
    return any(t.tag_ == "NN" and (e := singles.get((t.lemma_ or t.text).lower())) is not None and e.kind in kinds
               for t in clause)


#: The verb a stance noun "comes" from someone with ("Kritik kam von Umweltverbänden").
_COMING_VERBS = frozenset({"kommen"})


#: Verbs of getting something from someone: "Die Regierung erhielt Unterstützung von der Industrie", "erntete Kritik"
#: (the position is the giver's, not the subject's).
GETTING_VERBS = frozenset({"bekommen", "erhalten", "ernten"})
#: Verbs with which a stance noun arrives from someone ("Kritik kam von …", "Zustimmung gab es aus …").
ARRIVING_VERBS = GETTING_VERBS | {"geben", "kommen", "stoßen"}
#: Verbs after a fronted stance noun whose source follows ("Zusagen gibt es aus Italien", "Rückendeckung bekam die
#: Gewerkschaft von der Linken").
_SOURCE_AFTER_VERBS = GETTING_VERBS | {"geben"}


def _elided_subject(clauses: list[Clause], i: int, last: ReportedClause) -> bool:
    """Whether clause ``i`` starts with its finite verb (after "und" or a comma) and names no subject, right after
    the main clause the last reported clause was read from: a second verb of the same subject."""
    toks = clauses[i].tokens
    k = 1 if toks[0].tag_ == "KON" and len(toks) > 1 else 0
    if toks[k].tag_ not in FINITE or i == 0 or clauses[i - 1].kind != "core" \
            or not clauses[i - 1].has_finite_verb() or clauses[i - 1].tokens[-1] not in last.tokens:
        return False
    j = k + 1
    while j < len(toks) and toks[j].tag_ in ("ADV", "PTKNEG"):
        j += 1
    if j < len(toks) and toks[j].tag_ in ("NN", "ADJA", "PIAT", "ART"):
        # "…, stellte aber Bedingungen", "äußerte erhebliche Bedenken": a noun phrase that names no actor is the
        # object, not a subject after the verb ("…, kritisierte der Verband")
        phrase = _phrase_at(list(toks), j)
        return bool(phrase) and not any(t.tag_ == "NE" for t in phrase) and not names_an_actor(phrase)
    return j < len(toks) and toks[j].tag_ in ("APPR", "APPRART", "PRF", "PTKVZ", "ADJD", "PTKZU")


def _judges_subject(clause: list["Token"]) -> bool:
    """A copula with an evaluative predicate and no other verb judges its subject ("Afghanistan ist zu wichtig im
    Kampf gegen den Terror", "Der Plan sei falsch"): the subject is what is judged, not who judges."""
    from standpunkt.stance.agreement import lexicon

    finite = [t for t in clause if t.tag_ in FINITE]
    if len(finite) != 1 or (finite[0].lemma_ or "").lower() != "sein" or any(t.tag_.startswith("VV") for t in clause):
        return False
    singles, _ = lexicon()
    return any(t.tag_ == "ADJD" and (e := singles.get((t.lemma_ or t.text).lower())) is not None
               and e.kind == "evaluative" for t in clause)


def _clause_of(clauses: list[Clause], i: int, sentence: list["Token"], when: date | None, registry: Registry,
               out: list[ReportedClause]) -> None:
    """Adds the reported clause that clause ``i`` (with its complements) makes, if any."""
    clause = clauses[i]
    toks = clause.tokens
    if clause.kind == "core" and clause.has_finite_verb():
        werden = _passive(toks)
        if werden or _stative_passive(toks):
            # "Der Freispruch wurde vom Bundesgerichtshof aufgehoben": the grammatical subject undergoes the
            # action; the actor is the agent after von/vom/durch, if the clause names one (after "sein" only
            # von/vom: "Geplant war eine Route durch Paris" is the way, not the planner)
            agent = _agent(toks) if werden else _agent(toks, ("von", "vom"))
            actors = resolve_subject(agent, when, registry) if agent else []
            if actors:
                out.append(ReportedClause(actors, list(toks), agent))
            return
        candidates = _subject_candidates(toks, sentence)
        verb = next((k for k, t in enumerate(toks) if t.tag_ in FINITE), None)
        known: Actor | None = None
        if verb is not None and 0 < verb <= 4 and toks[0].tag_ in _PP_TAGS \
                and (hit := registry.lookup(" ".join(t.text for t in toks[:verb]), when)) is not None \
                and hit.kind != "person":
            known = hit.to_actor()  # "Pro Asyl kritisierte …": a name the tagger read as a prepositional phrase
            candidates = [list(toks[:verb]), *candidates]
        region = candidates[0] if candidates else []
        fronted: list[Token] = []
        if toks[0].tag_ in FINITE:
            # verb first: the verbless core clauses before it are its Vorfeld split by commas — the subject
            # with appositions, or (when the subject follows the verb) a fronted object ("Erste Pläne …,
            # hatten Brasilien, Venezuela … präsentiert")
            j = i
            while j > 0 and (clauses[j - 1].kind == "core" and not clauses[j - 1].has_finite_verb()
                             or clauses[j - 1].kind == "relative"):
                j -= 1  # (past a relative clause on the subject: "Die Gewerkschaft, die … hat, | kritisierte …")
            while j < i and clauses[j].kind != "core":
                j += 1
            vorfeld = [c for c in clauses[j:i] if c.kind == "core"]
            if vorfeld and (vorfeld[0].tokens[0].lower_ in _OBJECT_ARTICLES or len(toks) > 1
                            and toks[1].tag_ == "PPER" and toks[1].lower_ in _SUBJECT_PRONOUNS - {"es"}):
                vorfeld = []  # a fronted object: "Den Währungsfonds (IWF), dessen …, forderte er auf, …"
            if region and vorfeld and region[0].lower_ in _OBLIQUE_ARTICLES \
                    and any(a.kind == "person" for a in resolve_subject(_with_commas(vorfeld), when, registry)):
                # "Die Oppositionsführerin im Stadtrat, Rachida Dati, warf der Stadtverwaltung vor, …": a person
                # before the verb is its subject, the body after it in the dative its object
                region, candidates = _with_commas(vorfeld), []
            elif region:
                fronted = [t for c in vorfeld for t in c.tokens]
            elif vorfeld:
                region = _with_commas(vorfeld)
        object_after_verb = bool(region) and toks[0].tag_ in FINITE and region[0].i > toks[0].i \
            and not names_an_actor(region)  # "…, stellte aber Bedingungen": the noun is the object
        if (not region or object_after_verb) and out and _elided_subject(clauses, i, out[-1]):
            # "Der Bauernverband zeigte sich gesprächsbereit, warnte aber vor überstürzten Entscheidungen": the
            # second verb's subject is the first one's
            out.append(ReportedClause(out[-1].actors, list(toks), out[-1].subject))
            return
        if not region:
            return
        finite = next((t for t in toks if t.tag_ in FINITE), None)

        def agreeing(phrase: list[Token], actors: list[Actor]) -> list[Actor]:
            # a coordination after a singular verb is its object, not its subject: "Das Gerät besitzt 16 GB
            # Flash-Speicher, … und Android OS", "verstimmte die USA und die Niederlande"
            coordinated = any(t.lower_ in ("und", "sowie") and t.ent_iob_ != "I" for t in phrase)
            after_verb = finite is not None and phrase and phrase[0].i > finite.i
            if coordinated and after_verb and len(actors) > 1 and not plural_verb(finite) \
                    and not _person_with_apposition(phrase):
                return []
            if after_verb and not coordinated and len(actors) == 1 and plural_verb(finite) and (
                    actors[0].kind == "person" or actors[0].kind == "country" and all(t.tag_ == "NE" for t in phrase)):
                # one person or country after a plural verb is its object: "Sieben Provinzen hatten Trudeau gebeten",
                # "Auch die USA, die …, lobten Kenia" (not "die Niederlande", plural)
                return []
            return actors

        actors = [known] if known is not None else agreeing(region, resolve_subject(region, when, registry))
        for other in candidates[1:]:
            if actors:
                break
            region, actors = other, agreeing(other, resolve_subject(other, when, registry))
        if not actors and verb is not None and (acronym := _acronym_before(toks[verb])):
            # "Die Initiative Frauen in die Aufsichtsräte (FidAR) begrüßte …": a name spelled out, as its acronym
            # after it says, where its words alone look like a phrase about something else
            region = [*toks[:verb], *acronym]
            actors = agreeing(region, resolve_subject(region, when, registry))
        if not actors and fronted:
            # "Der Vorsitzende des Verbands, Michael Knipper, kritisierte die Entscheidung": the phrase after
            # the verb names nobody, so the Vorfeld is the subject
            region, fronted = _with_commas(vorfeld), []
            while len(region) > 1 and region[0].lower_ in _FOCUS_PARTICLES:
                region = region[1:]  # "Auch die Freien Wähler, Koalitionspartner der CSU, tragen … mit"
            actors = resolve_subject(region, when, registry)
        if actors:
            chain = fronted + list(toks)
            last = max(t.i for t in region)
            rest = clauses[i + 1:]
            for k, c in enumerate(rest):
                if c.tokens[0].i <= last:  # the clause continues a list of subjects
                    chain += c.tokens
                elif c.kind == "condition" and c.tokens[0].i > 0 and c.tokens[0].doc[c.tokens[0].i - 1].text == ",":
                    # a condition it sets, with its comma (which keeps it a clause of its own when the chain's
                    # agreement is read): "will nur zustimmen, wenn es mehr Ausnahmen gibt"; not one after a colon,
                    # which opens a quotation ("erklärte: Wenn …")
                    chain += [c.tokens[0].doc[c.tokens[0].i - 1], *c.tokens]
                elif c.kind == "complement" or elliptic_negation(c) or _own_words(c):
                    chain += c.tokens
                elif _apposition(c) and k + 1 < len(rest) and _bracket_end(rest[k + 1]):
                    # "schloss sich der Kritik an den Plänen des Ministers, Wolfgang Schäuble, an": the clause goes
                    # on after an apposition to its last noun
                    chain += c.tokens
                elif k > 0 and _apposition(rest[k - 1]) and _bracket_end(c):
                    chain += c.tokens
                else:
                    break
            subject = [t for t in region if t.i >= 0]
            if stance_noun_with(toks, GETTING_VERBS):
                return  # "Rückendeckung bekam die Gewerkschaft von der Linken": the giver holds it (nominal_stances)
            if finite is not None and _obliged(finite):
                return  # "Als letztes Land muss nun noch Ungarn zustimmen": what it has to do, no position of its own
            if not (_judges_subject(toks) and subject and subject[0].tag_ not in _PP_TAGS):
                # (a source phrase in front is the judge: "Nach Angaben des Direktors sei der Zustand gut gewesen")
                out.append(ReportedClause(actors, chain, subject))
    elif _passive(toks):
        return  # a subordinate passive: its subject undergoes the action
    elif clause.kind in ("adverbial", "concessive") and toks[0].lower_ in _ASSERTING_CONJUNCTIONS \
            and toks[-1].tag_ in FINITE and not _is_kon1(toks[-1]):
        # "Während Venezuela diesen Kraftstoffen ablehnend gegenübersteht, …": the clause asserts a position
        region = _phrase_at(toks, 1)
        actors = resolve_subject(region, when, registry) if region else []
        if actors:
            out.append(ReportedClause(actors, toks[1:], region))
    elif clause.kind == "relative" and i > 0 and toks[0].lower_ in _SUBJECT_RELATIVES and toks[-1].tag_ in FINITE:
        before = clauses[i - 1].tokens
        start = next((k for k in range(len(before)) if _phrase_at(before, k)
                      and len(_phrase_at(before, k)) == len(before) - k), None)
        if start is None:
            return
        actors = resolve_subject(before[start:], when, registry)
        if actors:
            out.append(ReportedClause(actors, toks[1:], before[start:]))


#: Articles of a noun phrase in the dative or accusative ("der" too: feminine datives, "warf der Stadtverwaltung vor").
_OBLIQUE_ARTICLES = frozenset({"dem", "den", "der", "einem", "einen", "einer"})


def _obliged(finite: "Token") -> bool:
    """Whether a finite verb is an indicative "müssen": the narration says what its subject has to do (a procedure's
    step: "Der Bundesrat muss noch zustimmen"), not what it wants."""
    return finite.tag_ == "VMFIN" and (finite.lemma_ or "").lower() == "müssen" and "Mood=Sub" not in str(finite.morph)


def _own_words(clause: Clause) -> bool:
    """A relative clause in which the subject says what it wrote or signed ("haben einen Brief unterzeichnet, in dem
    sie die Abgabe als kostengünstigsten Weg bezeichnen"): preposition, relative pronoun, then "sie"/"er"."""
    toks = clause.tokens
    return clause.kind == "relative" and len(toks) > 3 and toks[0].tag_ in _PP_TAGS and toks[1].tag_ == "PRELS" \
        and toks[2].tag_ == "PPER" and toks[2].lower_ in ("sie", "er")


#: Tags of the words of an apposition between commas ("des Ministers, Wolfgang Schäuble, an").
_APPOSITION_TAGS = frozenset({"NE", "NN", "ART", "ADJA", "TRUNC", "CARD", "APPR", "APPRART", "KON"})
#: Tags a clause's remaining verb bracket ends with ("…, an", "…, scharf kritisiert"), and may start with.
_BRACKET_END_TAGS = frozenset({"PTKVZ", "VVPP", "VAPP", "VMPP", "VVINF", "VAINF", "VVIZU"})
_BRACKET_TAGS = _BRACKET_END_TAGS | {"ADJD", "ADV", "PTKNEG"}


def _apposition(clause: Clause) -> bool:
    """A short verbless phrase between commas headed by a name or noun ("Wolfgang Schäuble", "ein Sozialdemokrat")."""
    toks = clause.tokens
    return clause.kind == "core" and len(toks) <= 8 and all(t.tag_ in _APPOSITION_TAGS for t in toks) \
        and toks[0].tag_ in ("NE", "NN", "ART", "ADJA")


def _bracket_end(clause: Clause) -> bool:
    """The rest of a clause's verb bracket after an apposition: a verb particle or non-finite verb with its
    adverbs, no finite verb of its own ("an", "scharf kritisiert")."""
    toks = clause.tokens
    return clause.kind == "core" and len(toks) <= 6 and toks[0].tag_ in _BRACKET_TAGS \
        and not clause.has_finite_verb() and toks[-1].tag_ in _BRACKET_END_TAGS


#: Prepositions that introduce the holder of a nominal stance ("Kritik seitens der Kirche", "Zusagen aus Italien").
_AGENT_PREPOSITIONS = frozenset({"von", "vom", "seitens", "aus"})


def nominal_stances(sentence: list["Token"], when: date | None, registry: Registry) -> list[ReportedClause]:
    """Stances named by a noun with their holder: "die Kritik Venezuelas an dem Abkommen", "Kritik seitens der
    Kirche", "Forderungen von Politikern der SPD", "Zusagen gibt es auch aus Italien", "Venezuelas Kritik". The
    tokens are the noun and what follows it in its clause (its object: "an dem Abkommen")."""
    from standpunkt.stance.agreement import lemma_of, lexicon

    singles, _ = lexicon()
    sentence = _without_parentheticals(sentence)
    out: list[ReportedClause] = [*_attributive_stances(sentence, when, registry)]
    for k, tok in enumerate(sentence):
        entry = singles.get(lemma_of(tok))
        if tok.tag_ != "NN" or entry is None or entry.kind not in ("stance", "proposal"):
            continue
        holder = _holder(sentence, k)
        if not holder:
            continue
        if _objective_genitive(sentence, k, holder) or _sought(sentence, k) or _required(sentence, k) \
                or _promised(sentence, k):
            continue
        actors = resolve_subject(holder, when, registry)
        if not actors:
            continue
        end = next((j for j in range(k + 1, len(sentence)) if sentence[j].tag_ in ("$,", "$.")), len(sentence))
        end = _noun_infinitive_end(sentence, end)
        start = k
        while start > 0 and sentence[start - 1].tag_ in ("ART", "ADJA", "PIAT", "PTKNEG", "ADV", "PPOSAT"):
            start -= 1  # "keine Zustimmung", "massive Kritik"
        out.append(ReportedClause(actors, sentence[start:end], holder))
    return out


def _noun_infinitive_end(sentence: list["Token"], end: int) -> int:
    """Where a stance noun's words end when an infinitive after the comma that ``end`` is at says what it is for
    ("dem Beschluss des Europaparlaments, die Zeitumstellung abzuschaffen"): after that infinitive; else ``end``."""
    if end >= len(sentence) or sentence[end].tag_ != "$,":
        return end
    after = next((j for j in range(end + 1, len(sentence)) if sentence[j].tag_ in ("$,", "$.")), len(sentence))
    words = sentence[end + 1:after]
    if words and words[-1].tag_ in ("VVIZU", "VAINF", "VVINF") and not any(t.tag_ in FINITE for t in words) \
            and (words[-1].tag_ == "VVIZU" or len(words) > 1 and words[-2].tag_ == "PTKZU"):
        return after
    return end


def _attributive_stances(sentence: list["Token"], when: date | None, registry: Registry) -> list[ReportedClause]:
    """"Den von Innenminister X vorgeschlagenen Einsatz", "der von der SPD geforderte Mindestlohn": a participle of
    a stance verb with its agent holds the agent's position on the noun it qualifies."""
    from standpunkt.stance.agreement import participle_entry

    out: list[ReportedClause] = []
    for k, tok in enumerate(sentence):
        if k + 1 >= len(sentence):
            continue
        # a participle without "ge-" looks like a past tense ("einem von Präsident X unterstützten Referendum",
        # "der von der EU kritisierten Wahl"): the tagger's finite verb before a noun
        finite_form = tok.tag_ == "VVFIN" and tok.lower_.endswith("en") and sentence[k + 1].tag_ in ("NN", "ADJA")
        if tok.tag_ != "ADJA" and not finite_form:
            continue
        entry = participle_entry(tok.lemma_ or tok.text)
        if entry is None or entry.kind not in ("stance", "intent"):
            continue
        agent = next((j for j in range(k - 1, max(k - 8, -1), -1) if sentence[j].tag_ in ("APPR", "APPRART")), None)
        if agent is None or sentence[agent].lower_ not in ("von", "vom"):
            continue
        if sentence[k - 1].tag_ in ("ART", "PDAT", "PPOSAT"):
            continue  # "die Betreiber von X | die beanstandeten Inhalte": the determiner opens another phrase
        if finite_form and (agent == 0 or sentence[agent - 1].tag_ not in ("ART", "APPR", "APPRART", "PIAT", "PDAT",
                                                                            "PPOSAT")):
            continue  # only inside a noun phrase: "einem | von X unterstützten | Referendum"
        holder = [t for t in _phrase_at(sentence, agent + 1) if t.i < tok.i]
        if not holder or any(t.tag_ not in ("ART", "ADJA", "NN", "NE", "PPOSAT", "KON", "TRUNC") for t in holder):
            continue
        actors = resolve_subject(holder, when, registry)
        if not actors:
            continue
        end = next((j for j in range(k + 1, len(sentence)) if sentence[j].tag_ in ("$,", "$.")
                    or sentence[j].tag_ in FINITE), len(sentence))
        out.append(ReportedClause(actors, sentence[k:end], holder))
    return out


#: Nouns of transitive verbs whose genitive is mostly what the stance is about: "die Unterstützung der Ukraine" is
#: support for Ukraine, "die Anerkennung des Kosovos" recognising it.
_OBJECTIVE_GENITIVE_NOUNS = frozenset({"unterstützung", "anerkennung", "verurteilung", "ablehnung", "befürwortung",
                                       "verteidigung", "genehmigung", "aufhebung", "abschaffung", "billigung",
                                       "rechtfertigung", "zulassung", "rücknahme", "abbruch", "stopp", "boykott"})


def _objective_genitive(sentence: list["Token"], k: int, holder: list["Token"]) -> bool:
    """Whether the genitive after a stance noun is what the stance is about rather than who holds it: for the
    nouns above, unless an object follows it ("die Unterstützung der Regierung für das Anliegen")."""
    noun = (sentence[k].lemma_ or sentence[k].text).lower()
    if noun not in _OBJECTIVE_GENITIVE_NOUNS or not holder or holder[0].i < sentence[k].i:
        return False
    if holder[0].tag_ in ("APPR", "APPRART") or sentence[k + 1].tag_ in ("APPR", "APPRART"):
        return False  # "Unterstützung seitens der Kirche", "… von der Partei": an agent preposition
    participle = any(t.tag_ in ("VVPP", "VAPP", "VMPP") for t in sentence)
    if any((t.lemma_ or "").lower() in _RECEIVING_VERBS and not (t.lemma_ == "haben" and participle)
           for t in sentence):
        return False  # "hat nicht die volle Unterstützung der Armeeführung": the genitive gives it
    after = next((j for j, t in enumerate(sentence) if t.i > holder[-1].i), None)
    return after is None or sentence[after].lower_ not in ("für", "an", "zu", "zur", "zum", "gegen", "mit")


_RECEIVING_VERBS = frozenset({"haben", "genießen", "erhalten", "bekommen", "finden", "verlieren", "besitzen"})


def _sought(sentence: list["Token"], k: int) -> bool:
    """Whether the stance noun at ``k`` is asked for, not given: "warb um die Unterstützung der Regierung", "bat um
    Zustimmung des Parlaments" (the one asking holds the position, through the verb)."""
    j = k - 1
    while j >= 0 and sentence[j].tag_ in ("ART", "ADJA", "PIAT", "PPOSAT", "ADV"):
        j -= 1
    return j >= 0 and sentence[j].lower_ == "um" and sentence[j].tag_ == "APPR"


def _promised(sentence: list["Token"], k: int) -> bool:
    """Whether the stance noun at ``k`` is what the clause's subject promises ("sagte die Unterstützung der
    Staatsregierung zu", "versprach die Hilfe des Landes"): the one promising holds the position, through the verb,
    and speaks for the body the genitive names."""
    from standpunkt.stance.agreement import PROMISING, lemma_of

    start = next((j + 1 for j in range(k - 1, -1, -1) if sentence[j].tag_ in ("$,", "$.", "KON")), 0)
    end = next((j for j in range(k + 1, len(sentence)) if sentence[j].tag_ in ("$,", "$.")), len(sentence))
    particles = [lemma_of(t) for t in sentence[k + 1:end] if t.tag_ == "PTKVZ"]
    return any(t.tag_ == "VVFIN" and (lemma_of(t) in PROMISING or any(p + lemma_of(t) in PROMISING for p in particles))
               for t in sentence[start:k])


#: Words of needing something: a stance noun needed is a requirement, nobody's position yet.
_NEEDING = frozenset({"nötig", "notwendig", "erforderlich", "bedürfen", "brauchen", "erfordern", "benötigen",
                      "abhängig"})


def _required(sentence: list["Token"], k: int) -> bool:
    """Whether the stance noun at ``k`` is what its clause says is needed ("Für eine solche Abstimmung sei die
    Zustimmung der britischen Regierung nötig", "bedarf der Zustimmung des Bundesrats", "von einem Veto Moskaus
    abhängig"), allowed only with it ("nur mit Zustimmung der Vereinten Nationen") or missing ("ohne Zustimmung
    des Parlaments"): not given."""
    j = k - 1
    while j >= 0 and sentence[j].tag_ in ("ART", "ADJA", "PIAT", "PPOSAT"):
        j -= 1
    if j >= 0 and (sentence[j].lower_ == "ohne" or sentence[j].lower_ == "mit" and j > 0
                   and sentence[j - 1].lower_ in ("nur", "erst", "ausschließlich")):
        return True
    start = next((j + 1 for j in range(k - 1, -1, -1) if sentence[j].tag_ in ("$,", "$.")), 0)
    end = next((j for j in range(k + 1, len(sentence)) if sentence[j].tag_ in ("$,", "$.")), len(sentence))
    return any((t.lemma_ or t.text).lower() in _NEEDING for t in sentence[start:end])


def _holder(sentence: list["Token"], k: int) -> list["Token"]:
    """Who holds the stance the noun at ``k`` names: a genitive after it, a prepositional agent, or a genitive
    name before it."""
    if k > 0 and sentence[k - 1].tag_ == "NE" and sentence[k - 1].text.endswith("s"):
        return [sentence[k - 1]]  # "Venezuelas Kritik"
    if k + 1 >= len(sentence):
        return []
    nxt = sentence[k + 1]
    if nxt.tag_ == "NE" and nxt.text.endswith("s"):
        return [nxt]  # "die Kritik Venezuelas"
    if nxt.tag_ == "ART" and nxt.lower_ in ("des", "der"):
        phrase = _phrase_at(sentence, k + 1)  # "die Kritik der Opposition"
        end = sentence.index(phrase[-1]) + 1 if phrase and phrase[-1] in sentence else 0
        if end and end < len(sentence) and sentence[end].tag_ == "CARD" and phrase[-1].tag_ in ("NE", "FM"):
            phrase = phrase + [sentence[end]]  # a name with a number: "der liberalen Partei Polska 2050"
        return phrase
    if nxt.tag_ in ("APPR", "APPRART") and nxt.lower_ in _AGENT_PREPOSITIONS and k + 2 < len(sentence):
        return _phrase_at(sentence, k + 2)  # "Kritik seitens der Kirche", "Forderungen von Politikern der SPD"
    if nxt.tag_ in ("VVFIN", "VAFIN") and (nxt.lemma_ or "") in _SOURCE_AFTER_VERBS:
        # "Zusagen gibt es auch aus Italien", "Rückendeckung bekam die Gewerkschaft von der Linken"
        reach = 6 if nxt.lemma_ == "geben" else 9
        for j in range(k + 2, min(k + reach, len(sentence) - 1)):
            if sentence[j].lower_ in _AGENT_PREPOSITIONS:
                return _phrase_at(sentence, j + 1)
            if sentence[j].tag_ in ("$,", "KON", "VVFIN", "VAFIN"):
                break
    return []


def _acronym_before(verb: "Token") -> list["Token"]:
    """The bracketed acronym right before a finite verb ("… (FidAR) begrüßte"), brackets included; or nothing."""
    doc, v = verb.doc, verb.i
    if v < 3 or doc[v - 1].text != ")" or doc[v - 3].text != "(":
        return []
    return [doc[v - 3], doc[v - 2], doc[v - 1]] if is_acronym(doc[v - 2].text) else []


def _without_parentheticals(tokens: list["Token"]) -> list["Token"]:
    """The sentence without bracketed asides ("mit großer Mehrheit (90:9 Stimmen) zugestimmt") and asides between
    a pair of dashes, which would otherwise split a clause from its verb."""
    out: list[Token] = []
    depth = 0
    dashes = [k for k, t in enumerate(tokens) if t.text in ("–", "—")]
    inside_dash = set()
    for a, b in zip(dashes[::2], dashes[1::2]):
        inside_dash.update(range(a, b + 1))
    for k, tok in enumerate(tokens):
        if tok.text == "(":
            depth += 1
        elif tok.text == ")" and depth:
            depth -= 1
        elif depth == 0 and k not in inside_dash:
            out.append(tok)
    return out


def _with_commas(clauses: list[Clause]) -> list["Token"]:
    """The tokens of verbless clauses joined with a comma marker between them (split_clauses drops commas)."""
    out: list[Token] = []
    for c in clauses:
        if out:
            out.append(_COMMA)
        out.extend(c.tokens)
    return out


class _CommaMarker:
    """Stands for the comma between two clauses of a Vorfeld (split_clauses drops the comma tokens)."""

    tag_ = "$,"
    lower_ = ","
    text = ","
    i = -1
    ent_iob_ = "O"
    ent_type_ = ""


_COMMA = _CommaMarker()  # type: ignore[assignment]
