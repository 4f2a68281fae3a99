"""Names within one article: an actor mentioned in short takes the full name the article gives it elsewhere.

News names a person in full once ("Mariano Rajoy", "der zuständige Gewerkschaftsvorstand Uwe Foullong") and by
surname or pronoun afterwards; an organisation is spelled out once with its acronym ("Gewerkschaft der Polizei
(GdP)", "Human Rights Watch (HRW)") and abbreviated afterwards. Statements of the same actor must carry one name,
or they are counted as two actors (and as two rows of every matrix). Only inferred (candidate) actors are renamed:
registry actors already have their canonical names, except a registry party or body that a report about another
country names only by a generic word ("die Sozialdemokraten", "der Senat"): that is the country's own.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cached_property
from typing import TYPE_CHECKING

from standpunkt.actors.resolve import COLLECTIVE_NOUN, party_family_word, spells_acronym
from standpunkt.language import gazetteer
from standpunkt.language.mentions import NAME_PARTICLES
from standpunkt.model import Actor

if TYPE_CHECKING:
    from spacy.tokens import Doc

#: "Gewerkschaft der Polizei (GdP)", "Human Rights Watch (HRW)": capitalised words (with lower-case function
#: words between them; a closing quote may end the name: "„People's Alliance for Democracy“ (PAD)") before an acronym in
#: brackets with at least two capitals.
_ACRONYM_DEF = re.compile(r"((?:[A-ZÄÖÜ][\w'’-]*[“”\"«»]?\s+(?:(?:der|des|die|für|von|und|of|for|the)\s+)?){1,6})"
                          r"\(([A-ZÄÖÜ][A-Za-zÄÖÜäöü]{1,7})\)")
_FUNCTION = frozenset({"der", "des", "die", "für", "von", "und", "of", "for", "the"})


def full_names(doc: "Doc") -> dict[str, set[str]]:
    """Last name → the full names the article writes (runs of 2–4 capitalised proper nouns: "Mariano Rajoy"; a
    role the tagger took for a name is no part of it: "Richter Seidling", "Trigema-Chef Wolfgang Grupp")."""

    out: dict[str, set[str]] = {}
    run: list[str] = []
    for tok in [*doc, None]:
        if tok is not None and tok.tag_ == "NE" and tok.text[:1].isupper():
            if run or not gazetteer.is_role_noun(tok.text):
                run.append(tok.text)
            continue
        if tok is not None and run and tok.text in NAME_PARTICLES and _name_goes_on(doc, tok.i + 1):
            run.append(tok.text)  # a particle inside the name: "Marcelo Rebelo de Sousa", "Pieter van der Linde"
            continue
        while run and run[-1] in NAME_PARTICLES:
            run.pop()
        if 2 <= len(run) <= 4:
            out.setdefault(run[-1], set()).add(" ".join(run))
        run = []
    for ent in doc.ents:  # also where the tagger took a word for foreign material ("Barack Obama": NE FM), from a
        # first name on (not a part the entity layer cut off: "Ruiz-Jarabo Colomer" of "Damazo Ruiz-Jarabo Colomer")
        words = [t.text for t in ent]
        if ent.label_ == "PER" and 2 <= len(words) <= 4 and words[-1][:1].isupper() \
                and all(w[:1].isupper() and w[:1].isalpha() or w in NAME_PARTICLES for w in words) \
                and not any(t.is_punct for t in ent) and gazetteer.is_given_name(words[0]):
            out.setdefault(words[-1], set()).add(" ".join(words))
    return out


def _name_goes_on(doc: "Doc", k: int) -> bool:
    """Whether a person's name goes on at token ``k``, after its particles: a capitalised word."""
    while k < len(doc) and doc[k].text in NAME_PARTICLES:
        k += 1
    return k < len(doc) and doc[k].text[:1].isupper() and doc[k].text[:1].isalpha()


def acronyms(text: str) -> dict[str, str]:
    """Acronym → name, as the article introduces them; the initials of the capitalised words must spell the
    acronym's capitals ("Gewerkschaft der Polizei (GdP)", "Human Rights Watch (HRW)")."""
    out: dict[str, str] = {}
    for m in _ACRONYM_DEF.finditer(text):
        words, acronym = m.group(1).split(), m.group(2)
        if sum(c.isupper() for c in acronym) < 2:
            continue
        capitals = "".join(c for c in acronym if c.isupper())
        for k in range(len(words)):  # the shortest tail whose capitalised words' initials spell the acronym
            tail = words[k:]
            if tail[0].lower() in _FUNCTION:
                continue
            content = [w for w in tail if w.lower() not in _FUNCTION]
            if spells_acronym(acronym.upper(), tail) or spells_acronym(capitals, content):
                out.setdefault(acronym, " ".join(tail).rstrip("“”\"«»"))
                break
    return out


#: "Helsinki – Finnland hat …": the city a report is datelined in, at a paragraph's start.
_DATELINE = re.compile(r"^([A-ZÄÖÜ][\w.-]+(?:[ -][A-ZÄÖÜ][\w.-]+)?) [–—-] ", re.MULTILINE)
#: Words that show a report is (also) about Germany.
_GERMAN = re.compile(r"\b(?:Deutschland|[Dd]eutsche[nmrs]?|Berlin|Bundes[a-zäöü]+)\b")


def home_country(doc: "Doc") -> str | None:
    """The country a report is about: its dateline's, or the one it names most (three times at least, or twice with
    once in the headline; twice as often as any other) where it says nothing of Germany; None when unclear."""
    text = doc.text
    for m in _DATELINE.finditer(text[:1500]):
        country = gazetteer.country_for(m.group(1))
        if country is not None:
            return country
    if _GERMAN.search(text):
        return None
    counts: dict[str, int] = {}
    for tok in doc:
        if tok.text[:1].isalpha() and tok.ent_type_ not in ("ORG", "PER") \
                and (country := gazetteer.country_for(tok.text)) is not None:
            counts[country] = counts.get(country, 0) + 1
    ranked = sorted(counts.values(), reverse=True)
    top = max(counts, key=counts.__getitem__) if counts else None
    if top is None or len(ranked) > 1 and ranked[0] < 2 * ranked[1]:
        return None
    if ranked[0] < 3:
        # twice, once in the headline: "Südkorea verbietet Hundefleisch … Das südkoreanische Parlament …"
        headline = text.split("\n", 1)[0]
        named = {c for w in re.findall(r"\w+", headline) if (c := gazetteer.country_for(w)) is not None}
        return top if ranked[0] == 2 and named == {top} else None
    return top


class DocumentNames:
    """The full names and acronyms of one article, to complete the names of its inferred actors."""

    def __init__(self, doc: "Doc", spelled_out: dict[str, str] | None = None):
        """``spelled_out``: the article's :func:`acronyms`, where the caller has read them already."""
        self.full_names = full_names(doc)
        self.acronyms = acronyms(doc.text) if spelled_out is None else spelled_out
        self.all_full = {n for names in self.full_names.values() for n in names}
        # proper nouns the article also writes alone ("… sehen ebenfalls Zapatero …")
        self.alone = {t.text for t in doc if t.tag_ == "NE" and not (t.i > 0 and doc[t.i - 1].tag_ == "NE")
                      and not (t.i + 1 < len(doc) and doc[t.i + 1].tag_ == "NE")}
        self.doc = doc

    @cached_property
    def text(self) -> str:
        return self.doc.text

    @cached_property
    def home(self) -> str | None:
        """:func:`home_country`, read only when a registry body's name is in question."""
        return home_country(self.doc)

    def complete(self, actor: Actor) -> Actor:
        """An inferred person named by the surname alone ("Rajoy", genitive "Puncogs") takes the full name the
        article gives them elsewhere ("Mariano Rajoy") when exactly one full name ends with it; a person named with
        words before or after their full name ("Gewerkschaftsvorstand Uwe Foullong", "John Sifton von Human Rights
        Watch") takes the full name (what follows "von" becomes the organisation); an inferred organisation named by
        an acronym the article spells out takes the full name ("GdP" → "Gewerkschaft der Polizei")."""
        if actor.candidate and actor.kind in ("organisation", "person") and actor.name in self.acronyms:
            return replace(actor, name=self.acronyms[actor.name], kind="organisation",
                           aliases=[*actor.aliases, actor.name])
        if not actor.candidate and actor.kind == "organisation" and actor.country == "Deutschland" \
                and self.home not in (None, "Deutschland") and (ministry := self._ministry_word(actor)):
            # "Das Landwirtschaftsministerium" in a report from Seoul is Korea's, not the German federal ministry
            return Actor(name=ministry, kind="organisation", country=self.home, candidate=True)
        if not actor.candidate and actor.kind == "organisation" and actor.country not in (None, "EU", self.home) \
                and self.home not in (None, "Deutschland") and (generic := self._generic_only(actor)):
            # "Die oppositionellen Sozialdemokraten" in a report from Helsinki are Finland's, not the SPD; "Der Senat"
            # in one from Canberra is Australia's, not the US Senate
            party = generic if party_family_word(generic) else None
            return Actor(name=generic, kind="organisation", party=party, country=self.home, candidate=True)
        if not actor.candidate or actor.kind != "person":
            return actor
        words = actor.name.split()
        if len(words) == 2 and words[1].endswith("s") and f"{words[0]} {words[1][:-1]}" in self.all_full:
            return replace(actor, name=f"{words[0]} {words[1][:-1]}", aliases=[*actor.aliases, actor.name])  # genitive
        if len(words) == 2:
            # "So kritisierte Rajoy Zapatero …": two surnames of two people the article names in full are not one
            # name; the first is the subject (not a first name: "Gerhard Schröder" beside a "Wolfgang Gerhard").
            first, second = (self._full_name_of(w, besides=actor.name) for w in words)
            if first and (second or words[1] in self.alone) and first != second \
                    and not gazetteer.is_given_name(words[0]):
                return replace(actor, name=first, aliases=[*actor.aliases, words[0]])
            return actor
        if len(words) > 2:
            longer = [f for f in self.all_full if f.endswith(" " + actor.name)]
            if len(longer) == 1:  # "Rebelo de Sousa" after "Marcelo Rebelo de Sousa": the name without its first
                return replace(actor, name=longer[0], aliases=[*actor.aliases, actor.name])
            return self._inner_full_name(actor, words)
        full = self._full_name_of(actor.name)
        return replace(actor, name=full, aliases=[*actor.aliases, actor.name]) if full else actor

    def _ministry_word(self, actor: Actor) -> str | None:
        """The ministry noun by which alone the article names a German federal ministry ("Landwirtschaftsministerium"
        for the "Bundesministerium für Ernährung und Landwirtschaft"): its field's stem is in the ministry's name,
        which the article does not write; None otherwise."""
        if not actor.name.startswith("Bundesministerium") or actor.name in self.text:
            return None
        for word in dict.fromkeys(re.findall(r"\b([A-ZÄÖÜ][a-zäöüß]+)ministeriums?\b", self.text)):
            stem = word.removesuffix("s").lower()
            if word.startswith("Bundes") or len(stem) < 4:
                continue
            if stem[:max(4, min(6, len(stem) - 1))] in actor.name.lower():
                return word + "ministerium"
        return None

    def _generic_only(self, actor: Actor) -> str | None:
        """The generic word by which alone the article names a registry body: a party family ("Sozialdemokraten",
        "Grünen" → "Grüne") or a body's noun ("Senat"); None where it names the body itself somewhere ("SPD",
        "Bündnis 90/Die Grünen", "US-Senat")."""
        found = [f for f in {actor.name, *actor.aliases}
                 if re.search(rf"(?<![\w/-]){re.escape(f)}(?![\w/-])", self.text)]
        generic = [party_family_word(f) or (f if " " not in f and COLLECTIVE_NOUN.fullmatch(f) else None)
                   for f in found]
        return generic[0] if generic and all(generic) else None

    def _inner_full_name(self, actor: Actor, words: list[str]) -> Actor:
        if " ".join(words) in self.all_full:
            return actor
        for size in (4, 3, 2):
            for k in range(len(words) - size + 1):
                name = " ".join(words[k:k + size])
                if name not in self.all_full:
                    continue
                rest = words[k + size:]
                organisation = actor.organisation
                if len(rest) >= 2 and rest[0] == "von" and rest[1][:1].isupper():
                    organisation = organisation or " ".join(rest[1:])
                elif rest:
                    continue  # words after the name that are no affiliation: a longer name, keep it
                return replace(actor, name=name, organisation=organisation, aliases=[*actor.aliases, actor.name])
        return actor

    def _full_name_of(self, surname: str, besides: str = "") -> str | None:
        """The one full name (other than ``besides``) the article gives for a surname (also in the genitive:
        "Puncogs"), else None."""
        forms = {surname} | ({surname[:-1]} if surname.endswith("s") else set())
        names = {full for form in forms for full in self.full_names.get(form, ()) if full != besides}
        return names.pop() if len(names) == 1 else None
