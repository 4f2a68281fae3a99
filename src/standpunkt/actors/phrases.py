"""Actors named by a phrase of a sentence (a clause's subject, a stance noun's holder, a source): one per conjunct.

Beyond :func:`standpunkt.actors.resolve.resolve_mention` of the phrase's text, the tokens tell what the text alone
cannot: "das Land" and "die Bank" refer back to the country or organisation named before; a name after a thing
("das Atomkraftwerk Krümmel") or the entity layer's place or event names no actor; a role beside a named person is
that person's apposition.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import TYPE_CHECKING

from standpunkt.actors.registry import Registry
from standpunkt.actors.resolve import (ELECTORATE, MEDIA_NOUN, ORGANISATION_NOUN, _country_actor, _role_party,
                                       _speaker_tokens, collective_name, federation_head,
                                       resolve_mention)
from standpunkt.language.phrases import (CLOSING_QUOTES, HEAD_TAGS, OPENING_QUOTES, conjuncts, phrase_at,
                                        surname_after_first_name)
from standpunkt.model import Actor, Quotation

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token


#: How far back (in tokens) "das Land" looks for the country it refers to.
COUNTRY_ANAPHOR_WINDOW = 80


def country_referred(group: list["Token"]) -> str | None:
    """ "das Land" / "das Nachbarland": the country named last before it (a name, a genitive or an adjective:
    "Eine malaysische Spezialeinheit – das Land hat 200 Soldaten geschickt"), within a few sentences."""
    from standpunkt.language import gazetteer

    words = [t.lower_ for t in group]
    if words not in (["das", "land"], ["dem", "land"], ["des", "landes"], ["das", "nachbarland"]):
        return None
    doc = group[0].doc
    nearest: str | None = None
    sentences = 0  # sentence ends passed
    for k in range(group[0].i - 1, max(-1, group[0].i - COUNTRY_ANAPHOR_WINDOW), -1):
        tok = doc[k]
        if tok.is_sent_end and k < group[0].i - 1:
            sentences += 1
            if nearest is not None and sentences > 1:
                break
        if tok.tag_ in ("NE", "ADJA", "NN") and tok.text[:1].isalpha():
            country = gazetteer.country_for(tok.text)
            if country is not None and gazetteer.is_country(country) and country != "Deutschland" or (
                    country == "Deutschland" and tok.tag_ == "NE"):
                if not _oblique(tok):
                    return country
                # "Frankreich hat sich bereit erklärt, Soldaten in den Libanon zu entsenden. Das Land ist …": a
                # country in a prepositional phrase gives way to one named outside any in the sentence before
                nearest = nearest or country
    return nearest


def electorate_country(group: list["Token"]) -> str | None:
    """ "Die Stimmberechtigten haben … angenommen" without a country of their own: the country named last before them,
    within a few sentences ("Hauseigentümer in der Schweiz müssen …"), whose electorate voted; else None."""
    from standpunkt.language import gazetteer

    doc = group[0].doc
    for k in range(group[0].i - 1, max(-1, group[0].i - COUNTRY_ANAPHOR_WINDOW), -1):
        tok = doc[k]
        if tok.tag_ in ("NE", "ADJA", "NN") and tok.text[:1].isupper():
            country = gazetteer.country_for(tok.text)
            if country is not None and gazetteer.is_country(country):
                return country
    return None


def _oblique(tok: "Token") -> bool:
    """Whether the word stands in a prepositional phrase ("in den Libanon", "aus dem benachbarten Syrien")."""
    doc = tok.doc
    k = tok.i - 1
    while k >= 0 and doc[k].tag_ in ("ART", "ADJA", "ADV", "PIAT", "PPOSAT", "CARD"):
        k -= 1
    return k >= 0 and doc[k].tag_ in ("APPR", "APPRART")


#: Heads of definite descriptions that refer back to an organisation named before ("die Bank" after "Deutsche
#: Bank"); the first set also to any organisation ("die Firma" after "Hvalur hf").
_ORGANISATION_HEADS = frozenset({"bank", "gewerkschaft", "partei", "verband", "ministerium", "gericht", "behörde",
                                 "ausschuss", "komitee", "gremium", "kabinett", "vorstand", "aufsichtsrat", "senat",
                                 "kommission", "stiftung", "verein", "sender", "zeitung", "fraktion", "agentur",
                                 "versicherung", "kasse", "fluggesellschaft", "airline", "institut", "bündnis",
                                 "bewegung", "allianz", "vereinigung", "initiative", "kammer", "liga", "fonds"})
_GENERIC_ORGANISATION_HEADS = frozenset({"firma", "unternehmen", "konzern", "organisation", "gesellschaft",
                                         "betreiber", "hersteller", "arbeitgeber"})
_FEMININE_HEADS = frozenset({"bank", "gewerkschaft", "partei", "behörde", "kommission", "stiftung", "zeitung",
                             "fraktion", "agentur", "versicherung", "kasse", "fluggesellschaft", "airline", "firma",
                             "organisation", "gesellschaft", "bewegung", "allianz", "vereinigung", "initiative",
                             "kammer", "liga"})
_DEFINITE = frozenset({"der", "die", "das", "dem", "den", "des", "dieser", "diese", "dieses", "diesem", "diesen"})
#: Other heads of a name that a body noun refers to: "der Verband" after "der Deutsche Beamtenbund".
#: "die Behörde" after "die EU-Kommission", "das Bundesamt", "das Ministerium".
_HEAD_ALIASES = {"verband": ("bund", "vereinigung"),
                 "behörde": ("kommission", "ministerium", "amt", "aufsicht", "direktion")}
#: Focus particles that may open a sentence before its subject ("Auch die Unesco …").
_FOCUS_OPENERS = frozenset({"auch", "selbst", "sogar", "ebenfalls", "ebenso"})
ORGANISATION_ANAPHOR_WINDOW = 150


def organisation_referred(group: list["Token"]) -> str | None:
    """ "die Bank", "das Unternehmen", "der Konzern": the organisation named last before it (whose name has the
    same head, or any organisation for the generic heads), within a few sentences; otherwise nobody."""
    if len(group) != 2 or group[0].lower_ not in _DEFINITE or group[1].tag_ != "NN":
        return None
    head = (group[1].lemma_ or group[1].text).lower().replace("ß", "ss")  # HanTa lemmas keep "Ausschuß"
    if head not in _ORGANISATION_HEADS and head not in _GENERIC_ORGANISATION_HEADS:
        return None
    if plural_form(group[1]) or group[0].lower_ in ("die", "diese") and head not in _FEMININE_HEADS:
        return None  # "die Arbeitgeber", "die Verbände": a kind of body in general, no anaphor of one
    from standpunkt.language import gazetteer

    doc = group[0].doc
    entity = next((e for e in reversed(doc.ents) if e.label_ == "ORG" and e.end <= group[0].i
                   and group[0].i - e.end <= ORGANISATION_ANAPHOR_WINDOW and not _in_relative_clause(e)
                   and (head in e.text.lower() or e.text.lower().endswith(_HEAD_ALIASES.get(head, ()))
                        or head in _GENERIC_ORGANISATION_HEADS
                        and (head == "organisation" or gazetteer.party_for(e.text) is None)
                        or head == "partei" and gazetteer.party_for(e.text) is not None)),
                  None)  # (a party is no company: "Die Grünen …" before "das Unternehmen"; "die Partei" is the one
    # named before, whatever its name: "Die Kuomintang … Ein Sprecher der Partei")
    # a fuller description the entity layer missed ("der Ständige Ausschuss des Nationalen Volkskongresses" before
    # "Der Ausschuss"); one that names its body ("Der Meta-Konzern") even where an entity was named before it
    found = _description_before(doc, group[0].i, head)
    if found is not None and (entity is None or found[2] and found[0] >= entity.end):
        return found[1]
    if entity is None and head == "partei":
        return _party_of_a_member_before(doc, group[0].i)
    return _with_article(doc, entity.start, entity.text) if entity is not None else None


def _with_article(doc: "Doc", first: int, name: str) -> str:
    """A name found at token ``first`` with the article before it, which gives the name its strong form ("Der
    Deutsche Beamtenbund" → "Deutscher Beamtenbund")."""
    return f"{doc[first - 1].text} {name}" if first > 0 and doc[first - 1].tag_ == "ART" else name


def _party_of_a_member_before(doc: "Doc", before: int) -> str | None:
    """The party a member named before is of, by the prefix of their role ("SVP-Nationalrat Thomas X … Die Partei
    kündigte an"): what "die Partei" refers to where no party is named as such."""
    for k in range(before - 1, max(-1, before - ORGANISATION_ANAPHOR_WINDOW), -1):
        party = _role_party(doc[k].text) if "-" in doc[k].text and doc[k].tag_ == "NN" else None
        if party is not None:
            return party
    return None


#: Heads of an unnamed spokesperson phrase ("Ein Sprecher", "die Sprecherin").
_SPOKESPERSON_HEADS = frozenset({"sprecher", "sprecherin", "pressesprecher", "pressesprecherin",
                                 # its statement, as the source of "hieß es in einer Stellungnahme"
                                 "stellungnahme", "mitteilung", "pressemitteilung", "erklärung"})


def spokesperson_referred(group: list["Token"], when: date | datetime | None, registry: Registry) -> Actor | None:
    """ "Die Unesco hatte … Eine Sprecherin begrüßte …": a spokesperson named by nothing but the noun (or a statement:
    "…, hieß es in einer Stellungnahme") speaks for the organisation the sentence before opens with (its subject,
    mostly), in the same paragraph; None where that is no organisation (a person there is nobody's spokesperson). For
    a reported clause's subject and a stored quotation's speaker; statement coding asks the reported clause's subject
    itself (``statements._spokesperson_body``)."""
    words = [t for t in group if not t.tag_.startswith("$")]
    if len(words) != 2 or words[0].tag_ != "ART" or words[1].lower_ not in _SPOKESPERSON_HEADS:
        return None
    doc = words[0].doc
    start = doc[words[0].i].sent.start
    if start == 0:
        return None
    before = doc[start - 1].sent
    if "\n\n" in doc[before.start:start + 1].text:
        return None  # a paragraph break ends the reference
    tokens = [t for t in before if not t.is_space]
    k = 0
    if len(tokens) > 1 and tokens[0].lower_ in _FOCUS_OPENERS and tokens[1].tag_ in ("ART", "NN", "NE", "ADJA"):
        k = 1  # "Auch die Europäische Rundfunkunion zeigte sich besorgt": the subject after a focus particle
    elif tokens and tokens[0].tag_ not in ("ART", "NN", "NE", "ADJA"):
        # "Kritischer äußerte sich der Elternverband …": the subject after the verb, when something else opens
        verb = next((j for j, t in enumerate(tokens) if t.tag_ in ("VVFIN", "VAFIN", "VMFIN")), len(tokens))
        k = verb + 1
        while k < len(tokens) and tokens[k].tag_ in ("PRF", "ADV", "PTKNEG"):
            k += 1
    first = phrase_at(tokens, k) if k < len(tokens) and tokens[k].tag_ in ("ART", "NN", "NE", "ADJA") else []
    if not first or len(first) == 2 and first[1].lower_ in _SPOKESPERSON_HEADS:
        return None
    got = resolve_subject(first, when, registry)
    return got[0] if len(got) == 1 and got[0].kind == "organisation" else None


def _description_before(doc: "Doc", before: int, head: str) -> tuple[int, str, bool] | None:
    """The nearest noun phrase before token ``before`` whose noun ends in ``head`` (any company noun for a generic
    head), with its position and whether it names its body: a name after the noun, or the phrase where it says more
    than the bare noun ("Meta-Konzern" names it, "Hilfsorganisation" does not)."""
    from standpunkt.language import gazetteer

    for k in range(before - 1, max(-1, before - ORGANISATION_ANAPHOR_WINDOW), -1):
        tok = doc[k]
        lemma = (tok.lemma_ or tok.text).lower().replace("ß", "ss")
        generic = head in _GENERIC_ORGANISATION_HEADS and lemma.endswith(tuple(_GENERIC_ORGANISATION_HEADS))
        aliased = any(lemma.endswith(alias) and len(lemma) > len(alias) for alias in _HEAD_ALIASES.get(head, ()))
        if tok.tag_ != "NN" or not (lemma.endswith(head) or generic or aliased) or plural_form(tok):
            continue  # (several bodies, "Kritik kam von Umweltverbänden", are not the one referred to)
        start = k
        while start > 0 and doc[start - 1].tag_ in ("ADJA", "ART"):
            start -= 1
        tokens = [t for t in doc[start:min(len(doc), k + 8)] if not t.is_space]
        phrase = [t for t in phrase_at(tokens, 0) if t.tag_ != "ART" or t.i > k]
        fuller = len([t for t in phrase if t.tag_ != "ART"]) > 1 or lemma != head
        named = [t for t in phrase if t.i > k]
        if phrase and phrase[0].i == k and named and all(t.tag_ in ("NE", "FM") and t.text[:1].isupper()
                                                        for t in named):
            if all(t.ent_type_ == "LOC" for t in named) and not MEDIA_NOUN.search(tok.text):
                # "die Handelskammer Ostbrandenburg": noun and place (an outlet's name is its own: "Sana")
                first = start - 2 if start > 1 and doc[start - 1].tag_ == "KON" and doc[start - 2].tag_ == "TRUNC" \
                    else start  # "die Industrie- und Handelskammer Ostbrandenburg"
                body = collective_name([t.text for t in doc[first:named[-1].i + 1]])
                if body is not None:
                    return k, body, True
            return k, " ".join(t.text for t in named), True  # "die Unabhängigkeitsbewegung FLNKS"
        if phrase and fuller:
            names = any(t.tag_ in ("NE", "FM") for t in phrase) or "-" in tok.text and tok.text[:1].isupper() \
                and gazetteer.organisation_for(tok.text.split("-")[0]) is None and tok.text.split("-")[0].isalpha()
            return k, _with_article(doc, phrase[0].i, " ".join(t.text for t in phrase)), names
    return None


def _in_relative_clause(ent: "Span") -> bool:
    """Whether an entity stands in a relative clause on another noun ("Der Meta-Konzern, zu dem Facebook und
    Instagram gehören, …"): "das Unternehmen" after it is that noun's body, not one named in passing."""
    doc = ent.doc
    k = ent.start - 1
    while k >= 0 and doc[k].text not in (",", ".") and ent.start - k <= 4:
        if doc[k].tag_ in ("PRELS", "PRELAT"):
            return True
        k -= 1
    return False


def plural_form(tok: "Token") -> bool:
    """A noun inflected off its lemma other than by the genitive "-s" ("Verbänden", "Banken"; not "des Verbands"):
    the tagger gives nouns no number, and the singular's other cases keep the lemma's form."""
    text, lemma = (w.lower().replace("ß", "ss") for w in (tok.text, tok.lemma_ or tok.text))
    return text != lemma and not (text.startswith(lemma) and text[len(lemma):] in ("s", "es"))


def referred_body(q: Quotation, doc: "Doc", actor: Actor, when: date | datetime | None,
                  registry: Registry) -> Actor | None:
    """ "Der Ausschuss betont …" after "der Ständige Ausschuss des Nationalen Volkskongresses", "das Gericht" after
    "das Bundesverfassungsgericht": a speaker resolved to an inferred organisation named by a bare body noun is the
    organisation named before it (:func:`organisation_referred`); None when it is not such a speaker."""
    if not (actor.candidate and actor.kind == "organisation" and " " not in actor.name):
        return None
    tokens = [t for t in _speaker_tokens(doc, q) if not t.is_space and not t.is_punct]
    if len(tokens) > 4 and tokens[-2].lower_ in ("in", "aus") and tokens[-1].ent_type_ in ("LOC", "GPE"):
        tokens = tokens[:-2]  # where the body sits: "Eine Sprecherin der Behörde [in Brüssel]"
    if len(tokens) > 2 and tokens[-3].tag_ == "NN" and tokens[-2].lower_ in ("des", "der"):
        tokens = tokens[-2:]  # the body whose statement it is: "in einer Mitteilung [des Verbands]"
    name = organisation_referred(tokens)
    return _body(name, when, registry) if name is not None else None


def referred_spokesperson(q: Quotation, doc: "Doc", when: date | datetime | None,
                          registry: Registry) -> Actor | None:
    """The organisation an unnamed spokesperson speaking a quotation stands for (:func:`spokesperson_referred`)."""
    return spokesperson_referred([t for t in _speaker_tokens(doc, q) if not t.is_space], when, registry)


def _body(name: str, when: date | datetime | None, registry: Registry) -> Actor | None:
    """The actor of a body :func:`organisation_referred` found: an unknown name is still a body's ("Euryza"), and a
    description the registry does not know is that body, not a person named by its adjective ("eine Nationale
    Kommission gegen Gewalt … die Kommission" was a person "Nationale" of the European Commission)."""
    referred = resolve_mention(name, when, registry)
    if not isinstance(referred, Actor):
        return None
    if referred.kind == "person" and referred.candidate:
        return Actor(name=collective_name(name.split()) or referred.name, kind="organisation",
                     country=referred.country, candidate=True)
    return referred


#: Nouns that name a body or member in close apposition to its name ("die Stadt Bremen"); a name after another
#: thing ("das Atomkraftwerk Krümmel") names that thing.
_BODY_APPOSITIONS = ("mitglied", "stadt", "gemeinde", "kommune", "land", "staat", "provinz", "region", "kanton",
                     "nation", "emirat", "königreich", "republik", "sender", "zeitung", "magazin", "partner")


#: A summit named by the body that holds it: "der EU-Gipfel", "des G8-Gipfels von L′Aquila", "das Nato-Gipfeltreffen".
_SUMMIT = re.compile(r"([A-ZÄÖÜ][\wÄÖÜäöü]*)-Gipfel(?:treffen)?s?")


def summit_body(group: list["Token"], when: date | datetime | None, registry: Registry) -> Actor | None:
    """The body whose summit a phrase names: what a summit wants or decides, its members do ("Nach dem Willen des
    G8-Gipfels soll …" is the G8's position). The prefix must be a body: one the registry knows as an organisation,
    or an acronym ("G8", "G20", "ASEAN"); a summit named otherwise ("der Nuclear Security Summit", "der Gipfel von
    Lissabon") stays an event, no actor."""
    head = next((t for t in group if t.tag_ in HEAD_TAGS), None)
    found = _SUMMIT.fullmatch(head.text) if head is not None and head.tag_ == "NN" else None
    if found is None:
        return None
    prefix = found.group(1)
    known = resolve_mention(prefix, when, registry)
    if isinstance(known, Actor) and known.kind == "organisation":
        return known
    if sum(c.isupper() for c in prefix) >= 2 or (prefix[:1].isupper() and any(c.isdigit() for c in prefix)):
        return Actor(name=prefix, kind="organisation", candidate=True)
    return None


def place_or_thing_name(group: list["Token"]) -> bool:
    """Whether every name in the phrase is one the entity layer calls a place or a miscellaneous thing (events,
    facilities, works): such names are no actors unless the registry knows them."""
    names = [t for t in group if t.tag_ in ("NE", "FM")]
    return bool(names) and all(t.ent_type_ in ("LOC", "MISC") for t in names)


#: Nouns that count the people after them ("Hunderte Landwirte", "Zehntausende Demonstranten").
_COUNTING_NOUN = re.compile(r"(zehn|hundert)?(hunderte|tausende|dutzende)n?|millionen")


def names_an_actor(group: list["Token"]) -> bool:
    """Whether a phrase's head can be an actor: a proper noun, a role ("Minister"), a collective body
    ("Regierung"), an organisation, a people or country word; not a thing ("Konzept", "Entwurf", "Freispruch")."""
    from standpunkt.actors.resolve import COLLECTIVE_NOUN, ELECTORATE_NOUN, public_noun
    from standpunkt.language import gazetteer

    k = next((k for k, t in enumerate(group) if t.tag_ in HEAD_TAGS), None)
    if k is not None and k + 1 < len(group) and _COUNTING_NOUN.fullmatch(group[k].lower_):
        k += 1  # "Hunderte Landwirte": the people counted head it
    if k is None or group[k].tag_ != "NN":
        return k is not None
    if k in named_organisation_words(group):
        return True  # "die Deutsche Bahn"
    pair = " ".join(t.text for t in group[k:k + 2])
    if k + 1 < len(group) and group[k + 1].text[:1].isupper() and gazetteer.organisation_for(pair):
        return True  # a name whose first word is also a noun: "die oppositionelle Sinn Féin"
    if _is_name_word(group, k):
        return True  # a first name the tagger took for a noun: "Der ARD-Vorsitzende Kai Gniffke" (ADJA NN NE)
    head = group[k]
    word = head.text
    if k + 1 < len(group) and (group[k + 1].tag_ == "NE" or group[k + 1].ent_type_ and group[k + 1].is_title) \
            and ((head.lemma_ or word).lower().endswith(_BODY_APPOSITIONS) or ORGANISATION_NOUN.search(word)):
        # a name in close apposition: "die Stadt Bremen", "das Mitglied Venezuela", "der Discounter Aldi" (also one
        # the tagger took for a noun but the entity layer for a name: "die Stadt Norrköping")
        return True
    if k + 1 < len(group) and _is_name_word(group, k + 1) and gazetteer.is_person_noun(word) \
            and not _genitive_name(group[k + 1:]):
        return True  # a person's name after what they are: "der Journalist Max Meier", "Oppositionsführer X"
    if len(group) >= k + 3 and all(t.ent_type_ == "PER" and t.text[:1].isupper() for t in group[k + 1:k + 3]):
        return True  # a first and last name after a noun the gazetteer does not know: "der Geologe Shinsuke X"
    if federation_head([t.text for t in group], k):
        return True  # a federation named by its members or purpose: "der Bund der Steuerzahler" (not "der Bund")
    return bool(gazetteer.role_info(word) or gazetteer.role_info(head.lemma_ or word) or COLLECTIVE_NOUN.search(word)
                or ELECTORATE_NOUN.fullmatch(word) or public_noun(word)
                or COLLECTIVE_NOUN.search(head.lemma_ or word)
                or gazetteer.organisation_for(word) or gazetteer.country_for(word) or gazetteer.state_for(word)
                or "-" in word and gazetteer.organisation_for(word.split("-")[0]))


def named_organisation_words(group: list["Token"]) -> set[int]:
    """Positions of an organisation named by a capitalised adjective and a common noun ("die Deutsche Bahn", "der
    Deutschen Umwelthilfe", "die Freien Wähler", "das Deutsche Rote Kreuz"): words of one entity the language layer
    marks ORG, with an adjective capitalised where German writes adjectives in lower case (not the sentence's first
    word; not a city's "-er" adjective, capitalised always: "die Hamburger Grünen"). Such a noun is part of a name,
    not a common noun — where the name is the phrase itself, after at most its determiner ("die Gewerkschaft Deutscher
    Lokomotivführer", "der Aufsichtsratschef der Deutschen Bank" are the union and the chief)."""
    out: set[int] = set()
    for k, tok in enumerate(group):
        if k > 1 or k == 1 and group[0].tag_ not in ("ART", "PDAT", "PPOSAT"):
            break
        if tok.tag_ != "ADJA" or tok.ent_type_ != "ORG" or not tok.text[:1].isupper() or tok.is_sent_start \
                or tok.text.endswith("er") and (tok.lemma_ or "").lower() == tok.text.lower():
            continue
        j = k
        while j < len(group) and group[j].ent_type_ == "ORG" and (j == k or group[j].ent_iob_ == "I") and (
                group[j].tag_ in ("ADJA", "NN") and group[j].text[:1].isupper()
                or group[j].tag_ in ("APPR", "KON", "TRUNC", "ART")):  # "Zentrum für Luft- und Raumfahrt"
            j += 1
        while j > k and group[j - 1].tag_ != "NN":
            j -= 1
        if j > k + 1:
            out.update(range(k, j))
    return out


def _genitive_name(words: list["Token"]) -> bool:
    """Whether a name is in the genitive, written elsewhere in the document without its "s" ("die Anwältin Samanis",
    "der Arzt Lahms": Samani's lawyer, Lahm's doctor)."""
    names = [t for t in words if t.tag_ in ("NE", "FM") or t.ent_type_ == "PER"]
    if not names or not names[-1].text.endswith("s"):
        return False
    bare = names[-1].text[:-1]
    return any(t.text == bare for t in names[-1].doc)


def _is_name_word(group: list["Token"], k: int) -> bool:
    """A proper noun, a surname the tagger took for a common word after a first name inside a person's name
    ("Philipp Lahm", "Thomas Lang": NE NN, NE ADJD), or a first name the tagger took for a common word before another capitalised word
    ("Frank-Jürgen Weise", ADJA NN; not "die polnische Marine")."""
    from standpunkt.language import gazetteer

    tok = group[k]
    if tok.tag_ in ("NN", "ADJD", "ADJA", "ADV") and surname_after_first_name(group, k):
        return True
    if tok.tag_ == "NN" and tok.ent_type_ == "PER" and k + 1 < len(group) and group[k + 1].tag_ == "NE" \
            and (group[k + 1].ent_type_ == "PER" and group[k + 1].ent_iob_ == "I"
                 or group[k + 1].ent_type_ in ("ORG", "LOC")):
        # a first name the gazetteer does not know, inside a person entity ("Pelle Dragsted"), or before a surname
        # the entity layer took for a body or a place ("Randi Weingarten")
        return True
    return (tok.tag_ == "NE" and tok.ent_type_ not in ("GPE", "LOC")) or (
        gazetteer.is_given_name(tok.text) and k + 1 < len(group) and group[k + 1].tag_ in ("NE", "NN")
        and group[k + 1].text[:1].isupper())


def _has_name(group: list["Token"]) -> bool:
    return any(_is_name_word(group, k) for k in range(len(group)))


def _has_role(group: list["Token"]) -> bool:
    from standpunkt.language import gazetteer

    return any(t.tag_ == "NN" and (gazetteer.role_info(t.text) or gazetteer.role_info(t.lemma_ or t.text))
               for t in group)


def _role_head(group: list["Token"]) -> bool:
    """Whether a phrase is headed by a role, whatever names its attributes hold ("der Vorstandschef der Porsche AG":
    the company is the holder's, not another actor beside the person the phrase stands in apposition to)."""
    from standpunkt.language import gazetteer

    head = next((t for t in group if t.tag_ in HEAD_TAGS), None)
    return head is not None and head.tag_ == "NN" and gazetteer.role_info(head.text) is not None


def _comma_between(first: list["Token"], second: list["Token"]) -> bool:
    """Whether two conjuncts stand side by side with a comma between them (an apposition: "Der Innenminister
    Frankreichs, Nicolas Sarkozy", "Arriva, ein Tochterunternehmen der Deutschen Bahn"), not joined by "und"
    ("Kroatien und Robert Weber"); a bracket before the comma is skipped ("der Afrikanischen Union (AU), …")."""
    doc = second[0].doc
    between = [t for t in doc[first[-1].i + 1:second[0].i] if not t.is_space]
    depth, outside = 0, []
    for t in between:
        if t.text == "(":
            depth += 1
        elif t.text == ")":
            depth = max(0, depth - 1)
        elif depth == 0:
            outside.append(t.text)
    return outside == [","]


def _inside_foreign(group: list["Token"], k: int) -> bool:
    """Whether a capitalised word follows a word the tagger took for foreign material: part of a foreign name ("Action
    on Smoking and Health", "British Beer and Pub Association"), not a German common noun (the German noun before
    such a name, "Die Gesundheitsorganisation Action …", stays one)."""
    return group[k].text[:1].isupper() and k > 0 and group[k - 1].tag_ == "FM"


def _with_quotes(group: list["Token"]) -> str:
    """The phrase's words, with the quotation marks of a quoted name the clause left out ("Die Initiative „Reform jetzt
    umsetzen“"), so that the name is read as one."""
    doc = group[0].doc
    end = group[-1].i + 1
    if end < len(doc) and doc[end].text in CLOSING_QUOTES:
        end += 1
    words = [t.text for t in doc[group[0].i:end] if not t.is_space]
    if not any(w in OPENING_QUOTES for w in words) or not any(w in CLOSING_QUOTES for w in words[1:]):
        return " ".join(t.text for t in group)
    return " ".join(words)


def resolve_subject(tokens: list["Token"], when: date | None, registry: Registry) -> list[Actor]:
    """The actors a subject phrase names, one per conjunct."""
    from standpunkt.language import gazetteer

    groups = conjuncts(tokens)
    resolved: list[tuple[list[Token], list[Actor]]] = []
    for group in groups:
        if len(group) > 1 and all(t.tag_ == "NE" and (c := gazetteer.country_for(t.text)) is not None
                                  and gazetteer.is_country(c) for t in group):
            group = group[:1]  # "… und Australien Palästina anerkannt": side by side, the second is the object
        country = country_referred(group)
        if country is not None:
            resolved.append((group, [_country_actor(country, registry)]))
            continue
        spokesperson = spokesperson_referred(group, when, registry)
        if spokesperson is not None:
            resolved.append((group, [spokesperson]))
            continue
        organisation = organisation_referred(group)
        if organisation is not None:
            got = _body(organisation, when, registry)
            resolved.append((group, [] if got is None else [got]))
            continue
        summit = summit_body(group, when, registry)
        if summit is not None:
            resolved.append((group, [summit]))
            continue
        if not names_an_actor(group):
            continue  # "Ein Sicherheitskonzept der Deutschen Fußball Liga stieß auf …": a thing, not a speaker
        text = _with_quotes(group)
        # common nouns are not name words, except first names the tagger took for adjectives or nouns and a
        # capitalised "noun" right after a name ("Wolfgang Wieland", "Frank-Jürgen Weise", tagged ADJA NN)
        named = named_organisation_words(group)
        nouns = {t.text for k, t in enumerate(group) if t.tag_ in ("NN", "ADJA") and k not in named
                 and not _is_name_word(group, k) and not (t.tag_ == "NN" and k > 0 and _is_name_word(group, k - 1))
                 and not _inside_foreign(group, k)}
        organisation_words = {t.text for t in group if t.ent_type_ == "ORG"}  # as for a quotation's speaker
        got = resolve_mention(text, when, registry, common_nouns=nouns, organisation_words=organisation_words,
                              place_words={t.text for t in group if t.ent_type_ == "LOC"})
        actors = [] if got is None else (got if isinstance(got, list) else [got])
        for a in actors:
            if a.kind == "group" and a.name == ELECTORATE and a.country is None:
                a.country = electorate_country(group)
        if actors and all(a.candidate and a.kind == "person" for a in actors) and place_or_thing_name(group):
            continue  # "des G8-Gipfels von L′Aquila", "Nuclear Security Summit": a place or an event, not an actor
        resolved.append((group, actors))
    persons = [k for k, (g, a) in enumerate(resolved) if any(x.kind == "person" for x in a) and _has_name(g)]
    out: list[Actor] = []
    appositions: set[int] = set()
    for k, (group, actors) in enumerate(resolved):
        if persons and k not in persons and (not _has_name(group) or _role_head(group)) and (
                (k - 1 in persons or k + 1 in persons) and _has_role(group)
                or k - 1 in persons and _comma_between(resolved[k - 1][0], group)
                or k + 1 in persons and _comma_between(group, resolved[k + 1][0])
                # a second role without an article joined to the apposition: "Kurt Muster, Präsident der Universität
                # und derzeitiger Vorsitzender der Konferenz" (with one, "und der Vorsitzende …" is someone else)
                or k - 1 in appositions and _role_head(group) and group[0].tag_ != "ART"):
            appositions.add(k)
            continue  # "Der Geschäftsführer der Grünen, Volker Beck", "Arriva, ein Tochterunternehmen der Deutschen
            # Bahn": an apposition to a named person, not another actor
        if k > 0 and actors and all(a.candidate for a in actors) and not _has_name(group) \
                and group[0].lower_ in ("die", "der", "das") and _comma_between(resolved[k - 1][0], group) \
                and any(a.kind == "organisation" and not a.candidate for a in resolved[k - 1][1]):
            continue  # "Die PVV, die stärkste Partei der Koalition, …": a description of the party named before it
        out.extend(actors)
    unique: dict[str, Actor] = {}
    for a in out:
        unique.setdefault(a.name, a)
    return list(unique.values())
