"""Speaker mention → actor: registry aliases, surnames, offices on the article's date, and inference from the text.

A speaker mention is the text the quotation engine marked as speaker ("der litauische Verteidigungsminister
Anusauskas", "Ein Sprecher des Außenministeriums in Riga", "Großbritannien, Spanien und Schweden", "Bundeskanzler
Scholz") plus its ``speaker_name`` after coreference ("Landsbergis" for "der litauische Minister"). The mention is
split into words that the gazetteer classifies (role nouns, country words, organisations, parties) and the rest,
which are name words. Then, in order:

0. a name with its apposition ("Emily Lau, die Vorsitzende der Demokratischen Partei") → the name, resolved by the
   steps below, with the apposition's role and organisation;
1. a registry alias found anywhere in the mention (longest first) or a registry surname → the registry actor with
   the affiliation it had on the date;
2. several countries and nothing else ("Großbritannien, Spanien und Schweden erklärten …") → one country actor each;
3. a spokesperson of an organisation ("ein Sprecher des Außenministeriums in Riga") → the organisation, named
   with its country when the gazetteer does not know it ("Außenministerium Lettland");
4. a role without a name ("der Bundeskanzler", "Frankreichs Präsident") → whoever held that office in that country
   on the date (registry);
5. a name the registry does not know → a new person actor with the role and country the mention gives;
6. a country alone → the country actor; an organisation or party alone → that organisation.

Everything inferred beyond the registry (steps 3, 5 and unknown organisations) is returned with ``candidate=True``:
the store lists candidates for review instead of merging them silently. Countries and gazetteer parties are known
entities and are not candidates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from standpunkt.actors.registry import Registry, RegistryActor, normalise
from standpunkt.language import tokens_in
from standpunkt.model import Actor, Document, Quotation

if TYPE_CHECKING:
    from spacy.tokens import Doc

#: Country assumed for offices named without one ("der Bundeskanzler", "die Innenministerin") in German news.
DEFAULT_COUNTRY = "Deutschland"
#: Role kinds that speak for an organisation rather than for themselves.
SPOKESPERSON_KINDS = frozenset({"spokesperson"})
#: Role kinds that, without a name, stand for a group of people rather than an office holder.
GROUP_ROLE_KINDS = frozenset({"expert", "party", "parliament"})
#: Longest mention (in words) searched for registry aliases; longer "speakers" are clauses, not names.
MAX_ALIAS_WORDS = 6

_WORD_RE = re.compile(r"[\wÀ-ɏ][\wÀ-ɏ'’.\-]*|[,;&/]", re.UNICODE)
#: Function words inside speaker mentions; lower-case, compared case-insensitively.
_FUNCTION_WORDS = frozenset("""
der die das des dem den ein eine einer eines einem einen kein keine auch unter anderem anderen andere u. a. sowie
und oder, mit von vom zu zur zum in im aus bei beim für laut nach seitens zufolge so wie als am an auf
sein seine seiner seines ihr ihre ihrer ihres dessen deren ehemalige ehemaliger ehemaligen frühere früherer früheren
damalige damaliger damaligen neue neuer neuen designierte designierter designierten stellvertretende stellvertretender
stellvertretenden amtierende amtierender amtierenden zuständige zuständiger zuständigen
neben außer gegenüber trotz wegen während seit über gegen ohne durch um vor nach hinter zwischen darunter etwa
mehrere mehreren einige einigen viele vielen zahlreiche zahlreichen manche manchen alle allen weitere weiteren
""".split())
_NUMERALS = frozenset("""zwei drei vier fünf sechs sieben acht neun zehn elf zwölf zwanzig dreißig vierzig fünfzig
hundert tausend dutzend dutzende dutzenden hunderte hunderten tausende tausenden""".split())
# a count names no one, also capitalised at a sentence's start ("Sieben Provinzregierungen", "Mehr als 200 Ökonomen")
_FUNCTION_WORDS |= _NUMERALS | {"mehr", "weniger", "rund", "knapp", "fast", "nahezu", "insgesamt"}
_PRONOUNS = frozenset("er sie es man wir ich ihr du dieser diese jener jene beide beiden".split())
_CONJUNCTIONS = frozenset({",", "und", "sowie", "oder", "&", "/", ";"})
_LOCATIVE_PREPS = frozenset({"in", "aus"})
#: Cities that, speaking alone, stand for the institutions seated there rather than their country's government.
_SEATS = {"Brüssel": "EU"}
#: Prepositions after which an unknown capitalised word is a place ("In Nairobi und Mombasa"), not a name.
_PLACE_PREPS = frozenset({"in", "im"})
#: Prepositions of where a role speaks ("der Minister im Bundestag", "vor Journalisten", "auf dem Parteitag").
_SPEAKING_PLACE_PREPS = frozenset({"in", "im", "vor", "auf"})


@dataclass
class _Parse:
    """What a speaker mention says, word class by word class."""

    words: list[str] = field(default_factory=list)
    roles: list[tuple[str, str]] = field(default_factory=list)  # (canonical role, kind)
    feminine: bool = False  # the first role noun is a feminine form ("Ministerin"): singular
    countries: list[str] = field(default_factory=list)  # named as the country itself ("Lettland")
    country_modifiers: list[str] = field(default_factory=list)  # adjectives / genitives ("litauische")
    locations: list[str] = field(default_factory=list)  # "in Riga" → Lettland
    states: list[str] = field(default_factory=list)  # German federal states named as such ("Bayern", "Hessen")
    cities: list[Any] = field(default_factory=list)  # a role's city by its adjective ("der Kölner Oberbürgermeister")
    organisations: list[tuple[str, str | None, str]] = field(default_factory=list)  # (name, country, kind)
    name_words: list[str] = field(default_factory=list)
    pronoun_only: bool = False

    @property
    def country(self) -> str | None:
        for group in (self.country_modifiers, self.countries, self.locations):
            if group:
                return group[0]
        return None


def _as_date(value: datetime | date | None) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    return value


#: Common nouns that are the first word of names ("Industriegewerkschaft Metall", "Industriegewerkschaft
#: Bauen-Agrar-Umwelt": the unions' own names, never a description).
_NAME_NOUNS = frozenset({"Industriegewerkschaft"})


def _parse(text: str, common_nouns: set[str] | None = None) -> _Parse:
    """Classify the words of a mention with the gazetteer. ``common_nouns``: words the tagger marked NN."""
    from standpunkt.language import gazetteer

    common_nouns = common_nouns - _NAME_NOUNS if common_nouns else common_nouns

    # a sentence's full stop is no part of the word before it ("der Justizminister."); abbreviations keep theirs
    words = _merge_country_names([w[:-1] if w.endswith(".") and len(w) > 4 and "." not in w[:-1] else w
                                  for w in _WORD_RE.findall(text)])
    parse = _Parse(words=words)
    content = 0
    prev = ""
    multi = _organisation_runs(words)
    covered = 0
    in_place = False
    for i, w in enumerate(words):
        low = w.lower()
        # right after "in"/"im" a name is a place's, also of several words and coordinated ("in New York und
        # Kalifornien"); not a common noun's ("im Wissenschaftsmagazin Nature") nor an acronym after it ("im Sudan
        # (UNMIS)")
        place_word = w[:1].isupper() and not is_acronym(w) and not (common_nouns and w in common_nouns)
        in_place = (prev in _PLACE_PREPS or in_place) and (place_word or in_place and low in ("und", "sowie", "oder"))
        if i < covered:
            continue
        if i in multi:  # "das Europäische Parlament": one organisation, not a name and a generic "Parlament"
            org, covered = multi[i]
            parse.organisations.append((org.name, org.country, org.kind))
            content += 1
            prev = words[covered - 1].lower()
            continue
        if low in _CONJUNCTIONS or low in _FUNCTION_WORDS:
            prev = low
            continue
        content += 1
        if low in _PRONOUNS:
            prev = low
            continue
        info = gazetteer.role_info(w, genitive=True) if w[:1].isupper() else None  # also "des Sprechers"
        country = gazetteer.country_for(w)
        org = gazetteer.organisation_for(w) if w[:1].isupper() and not _in_longer_name(words, i) else None
        if info is not None:
            if not parse.roles:
                parse.feminine = info.gender == "f"
            parse.roles.append((info.role, info.kind))
        elif country is not None:
            if w[:1].islower():  # adjective: "litauische"
                parse.country_modifiers.append(country)
            elif prev in _LOCATIVE_PREPS:
                parse.locations.append(country)
            elif _country_genitive(w, country):
                parse.country_modifiers.append(country)  # genitive "Frankreichs Präsident"
            elif gazetteer.is_country(country) and _is_country_word(w, country):
                parse.countries.append(country)
            else:  # a capital or city standing for its country ("Riga teilte mit")
                parse.locations.append(country)
                place = gazetteer.place_for(w)
                if place is not None and place.kind == "state" and prev not in _LOCATIVE_PREPS:
                    parse.states.append(place.name)
        elif org is not None:
            parse.organisations.append((org.name, org.country, org.kind))
        elif in_place and w[:1].isupper():
            pass  # "In Nairobi und Mombasa": an unknown place, no name
        elif i + 1 < len(words) and (city := gazetteer.place_of_adjective(w)) \
                and gazetteer.role_info(words[i + 1], genitive=True) is not None:
            parse.cities.append(city)  # "der Kölner Oberbürgermeister": a city's office, no name "Kölner"
        elif (w[:1].isupper() and not (common_nouns and w in common_nouns) and not w.endswith("-")) \
                or _ARTICLE_NAME.match(w) and i > 0 and parse.name_words and parse.name_words[-1] == words[i - 1]:
            parse.name_words.append(w)  # (a truncated compound, "Such- und Rettungsagentur", names no one)
        prev = low
    if len(parse.organisations) > 1:  # a party-family word gives way to the party it is of: "die Sozialisten der Pasok"
        family = {p.name for w in words if party_family_word(w) and (p := gazetteer.party_for(w)) is not None}
        parse.organisations.sort(key=lambda o: o[0] in family)
    parse.pronoun_only = content > 0 and all(
        w.lower() in _PRONOUNS or w.lower() in _FUNCTION_WORDS or w.lower() in _CONJUNCTIONS for w in words)
    return parse


def _country_modifier(word: str) -> bool:
    """A country's adjective ("südkoreanische") or its name in the genitive ("Südkoreas"); not a capitalised
    adjective, which is part of a name ("Deutscher Wetterdienst", "Malteser Hilfsdienst"), nor a city ("Oslo")."""
    from standpunkt.language import gazetteer

    country = gazetteer.country_for(word)
    if country is None:
        return False
    return word[:1].islower() or _country_genitive(word, country)


def _country_genitive(word: str, country: str) -> bool:
    """Whether a word is the genitive of the country the gazetteer read it as ("Frankreichs", "Südkoreas")."""
    from standpunkt.language import gazetteer

    return gazetteer.is_country(country) and word.endswith("s") and normalise(word[:-1]) == normalise(country)


def _organisation_runs(words: list[str]) -> dict[int, tuple[Any, int]]:
    """Start → (organisation, end) of the runs of two or three words that the gazetteer knows as one organisation's
    name, inflected or not ("des Europäischen Parlaments", "Deutschen Bundestag"); not where a capitalised word
    before or after makes it part of a longer name ("das Internationale Rote Kreuz", "der Demokratischen Partei
    Serbiens"; its acronym may follow: "der Afrikanischen Union (AU)", and a body noun precede it: "die Partei La
    France insoumise")."""
    from standpunkt.language import gazetteer

    def name_like(k: int) -> bool:
        return 0 <= k < len(words) and words[k][:1].isupper() and words[k].lower() not in _FUNCTION_WORDS

    runs: dict[int, tuple[Any, int]] = {}
    i = 0
    while i < len(words):
        for size in (3, 2):
            run = words[i:i + size]
            if len(run) == size and run[0][:1].isupper() and not any(w in _CONJUNCTIONS for w in run) \
                    and not (name_like(i - 1) and not COLLECTIVE_NOUN.search(words[i - 1])) \
                    and not (name_like(i + size) and not is_acronym(words[i + size])) \
                    and (org := gazetteer.organisation_in(run)) is not None:
                runs[i] = (org, i + size)
                i += size - 1
                break
        i += 1
    return runs


def _merge_country_names(words: list[str]) -> list[str]:
    """Country and organisation names of several words become one word ("die Vereinigten Staaten", "Vereinigtes
    Königreich", "Bundesministerium des Innern")."""
    from standpunkt.language import gazetteer

    out: list[str] = []
    k = 0
    while k < len(words):
        for size in (4, 3, 2):
            phrase = " ".join(words[k:k + size])
            if k + size > len(words) or not (words[k][:1].isupper() and words[k + size - 1][:1].isupper()):
                continue
            if (country := gazetteer.country_for(phrase)) is not None and _is_country_word(phrase, country):
                out.append(phrase)
                k += size
                break
            # an organisation, also in the genitive ("des Bundesministeriums des Innern")
            org = next((o for v in (phrase, re.sub(r"e?s$", "", words[k]) + phrase[len(words[k]):])
                        if (o := gazetteer.organisation_for(v)) is not None), None)
            if org is not None and " " in phrase:
                out.append(org.name if org.name.lower().startswith(re.sub(r"e?s$", "", words[k]).lower()) else phrase)
                k += size
                break
        else:
            out.append(words[k])
            k += 1
    return out


def _is_country_word(word: str, country: str) -> bool:
    """The word names the country itself (or an alias like "Vereinigtes Königreich"), not a demonym or city."""
    from standpunkt.language import gazetteer

    place = gazetteer.place_for(word)
    return place is not None and place.kind == "country" and place.name == country


def _country_actor(country: str, registry: Registry) -> Actor:
    hit = registry.get(country)
    if hit is not None and hit.kind == "country":
        return hit.to_actor()
    return Actor(name=country, kind="country", country=country)


def _registry_actor(hit: RegistryActor, when: date | None, parse: _Parse | None) -> Actor:
    stated = parse.roles[0][0] if parse is not None and parse.roles and hit.kind == "person" else None
    actor = hit.to_actor(when, stated_role=stated)  # a role the text states wins over the registry's
    if parse is not None:  # fill what the registry does not say from the mention itself
        if actor.country is None and parse.country:
            actor.country = parse.country
    return actor


def _alias_hit(words: list[str], registry: Registry, when: date | None) -> RegistryActor | None:
    """Longest run of words that is a registry alias; then single name words as surnames."""
    content = [w for w in words if w not in _CONJUNCTIONS]
    n = len(content)
    family = None  # a party-family word gives way to a party named beside it: "die Sozialisten der Pasok"
    for size in range(min(n, MAX_ALIAS_WORDS), 0, -1):
        for i in range(n - size + 1):
            phrase = " ".join(content[i:i + size])
            if size == 1 and (phrase.lower() in _FUNCTION_WORDS or phrase[:1].islower()
                              or _in_longer_name(content, i)):
                continue
            if content[i + size - 1][:1].islower() and i + size < n and content[i + size][:1].isupper():
                continue  # an adjective before its noun ends no name: "Die linke Partei …" is not "Die Linke"
            hit = registry.get(phrase) or (registry.get(uninflected(content[i:i + size])) if size > 1 else None)
            if hit is not None and size == 1 and party_family_word(phrase) and family is None:
                family = hit
            elif hit is not None:
                return hit
    from standpunkt.language import gazetteer

    if family is not None and any(gazetteer.party_for(w) and not party_family_word(w) for w in content):
        return None  # the party the gazetteer names beside it speaks ("die Sozialdemokraten der SPÖ")
    return family


#: Words for a party family, in the nominative: alone, the gazetteer takes them for one country's party
#: ("Sozialdemokraten" → SPD, "Sozialisten" → Parti Socialiste, "Konservativen" → the Conservative Party).
_PARTY_FAMILIES = {w.lower(): w for w in (
    "Sozialdemokraten", "Christdemokraten", "Grüne", "Liberale", "Konservative", "Sozialisten", "Republikaner",
    "Linke", "Kommunisten", "Freidemokraten", "Liberaldemokraten")}


def party_family_word(word: str) -> str | None:
    """The nominative of a party-family word, also inflected ("Grünen" → "Grüne"), else None."""
    low = word.lower().removeprefix("die ")
    return _PARTY_FAMILIES.get(low) or (_PARTY_FAMILIES.get(low[:-1]) if low.endswith("n") else None)


def _family_party(words: list[str], country: str) -> Actor | None:
    """The party of the family a mention names by its word, of ``country`` (named by an adjective beside it), where
    the gazetteer would take the word for another country's party; None when no family word is there."""
    family = next((f for w in words if (f := party_family_word(w))), None)
    if family is None:
        return _country_party(words, country)
    return Actor(name=family, kind="organisation", party=family, country=country, candidate=True)


def _country_party(words: list[str], country: str) -> Actor | None:
    """The party of ``country`` a mention names by a word the gazetteer has as another country's party ("die Dänische
    Volkspartei", not Spain's "Volkspartei"): the gazetteer's party of that country and name where it knows one ("die
    österreichische Volkspartei" → ÖVP), else the country's adjective and the word as its name."""
    from standpunkt.language import gazetteer

    k = next((k for k, w in enumerate(words) if k > 0 and (p := gazetteer.party_for(w)) is not None
              and p.country != country and gazetteer.country_for(words[k - 1]) == country), None)
    if k is None:
        return None
    known = gazetteer.organisation_in(words[k - 1:k + 1])
    if known is not None and known.kind == "party" and known.country == country:
        return Actor(name=known.name, kind="organisation", party=known.name, country=country)
    name = uninflected([words[k - 1][:1].upper() + words[k - 1][1:], words[k]])
    return Actor(name=name, kind="organisation", party=name, country=country, candidate=True)


def _in_longer_name(words: list[str], k: int) -> bool:
    """Whether the weak alias ``words[k]`` is the last word of a longer name ("die Partei Neue Liberale" is not the
    FDP's "Liberale", "der Berliner Senat" not the US Senate): a capitalised word before it inside the mention that
    is no article (capitalised at a sentence's start: "Die Liberalen"), role or country, nor a place's adjective
    before a party ("die Hamburger Grünen")."""
    from standpunkt.language import gazetteer
    from standpunkt.language.mentions import ARTICLES

    before = words[k - 1] if k >= 2 else ""
    return words[k] in gazetteer.WEAK_ALIASES and before[:1].isupper() and before.lower() not in ARTICLES \
        and gazetteer.role_info(before) is None and gazetteer.country_for(before) is None \
        and not (gazetteer.party_for(words[k]) and gazetteer.place_of_adjective(before))


def uninflected(words: list[str]) -> str:
    """A name with its adjectives in the nominative ("Europäischen Union" → "Europäische Union", "Vereinigten
    Nationen" → "Vereinigte Nationen"), to find it among the registry's aliases."""
    return " ".join(_without_ending(w) if k < len(words) - 1 and w[:1].isupper() else w
                    for k, w in enumerate(words))


def _without_ending(word: str) -> str:
    """An adjective's inflection after its "e" dropped ("Europäischen" → "Europäische")."""
    return re.sub(r"(e)(n|r|s|m)$", r"\1", word)


def resolve_mention(text: str, when: date | datetime | None, registry: Registry, *,
                    common_nouns: set[str] | None = None,
                    organisation_words: set[str] | None = None,
                    place_words: set[str] | None = None) -> Actor | list[Actor] | None:
    """Resolve one speaker mention (plain text) to an actor, a list of country actors, or None.
    ``organisation_words`` / ``place_words``: words of the mention inside an organisation / a place entity (the
    language layer's NER)."""
    when = _as_date(when)
    text = " ".join(text.split())
    if not text or _function_words_only(text):
        return None  # "Aber man betont …": a capitalised conjunction is nobody
    quoted = _quoted_name(text)
    if quoted is not None:
        # "Die Initiative „Deutsche Wohnen & Co. enteignen“": a body named by a quoted name after what it is
        hit = registry.lookup(quoted, when)
        return hit.to_actor() if hit is not None else Actor(name=quoted, kind="organisation", candidate=True)
    parse = _parse(text, common_nouns)
    if parse.pronoun_only or _tally(parse.words):
        return None
    body = _body_for_a_purpose(parse.words) if not parse.roles else None
    if body is not None and registry.lookup(body, when) is None:
        # "Die Kommission zur Ermittlung des Finanzbedarfs der Rundfunkanstalten (KEF)": a body of its own, not one
        # the registry knows by its head noun ("Kommission"), nor a person named "Ermittlung"
        acronym = parse.words[-1] if is_acronym(parse.words[-1]) else None
        if acronym and body.endswith(" " + acronym):
            body = body[:-len(acronym) - 1]  # "(KEF)": an alias
        return Actor(name=body, kind="organisation", country=parse.country, aliases=[acronym] if acronym else [],
                     candidate=True)
    from standpunkt.language import gazetteer

    if len(parse.words) > 2 and _collective_base(parse.words[-2]) \
            and (party := gazetteer.party_for(parse.words[-1])) is not None and not _role_word(parse.words[-2]):
        # "die Partei D66" (also read without the tagger's common nouns), "die der Regierungskoalition von
        # Ministerpräsident X angehörende Partei D66": the mention's head names the party, whoever its attributes name
        # (also a short acronym the parse takes for no organisation: "Die Oppositionspartei PD")
        return _organisation_actor(parse.organisations[-1] if parse.organisations
                                   else (party.name, party.country, "party"), parse.country, registry, text)
    named = _party_named_after(parse)
    if named is not None:
        # "die Linkspartei La France insoumise": a party noun before the party's name, in close apposition; the name
        # speaks, not the party the noun alone stands for elsewhere (Germany's "Linkspartei")
        return _organisation_actor(named, parse.country, registry, text)
    if (federation := _federation(parse.words)) is not None:
        # "der Bund der Grünen und Bauern", "der Bund der Steuerzahler": a federation named by its members or purpose,
        # not a party or group among them
        hit = registry.lookup(federation, when)
        return hit.to_actor() if hit is not None else Actor(name=federation, kind="organisation", candidate=True)
    # 0a. a name with its apposition ("Emily Lau, die Vorsitzende der Demokratischen Partei"): the name speaks, the
    # apposition tells their role and organisation (otherwise its genitive would be taken for the name).
    split = _apposition(parse.words, common_nouns)
    if split is None:
        split = _affiliation(parse.words, common_nouns, organisation_words)
    if split is not None:
        head = resolve_mention(" ".join(parse.words[:split]), when, registry, common_nouns=common_nouns,
                               organisation_words=organisation_words, place_words=place_words)
        if isinstance(head, Actor):
            return _with_apposition(head, parse.words[split + (parse.words[split] == ","):], common_nouns)
    # 0a'. a party named with whose it is ("Die Sozialistische Partei von Ministerpräsident António Costa"): the
    # party speaks, not its leader
    of = _index_of(parse.words, "von")
    if 1 < of < len(parse.words) - 1 and _PARTY_HEAD.search(parse.words[of - 1]) \
            and (party := collective_name(parse.words[:of])) is not None and len(party.split()) > 1:
        return resolve_mention(party, when, registry) or Actor(name=party, kind="organisation", candidate=True)
    # 0. a state's own body ("das bayerische Umweltministerium", "das Innenministerium in Stuttgart"): not the
    # federal one the generic word would otherwise name.
    state_body = _state_body(parse)
    if state_body is not None:
        return state_body
    # 1. registry alias anywhere, then surname look-up of the name words (last name word first).
    hit = _alias_hit(parse.words, registry, when)
    affiliation = None
    if hit is not None and hit.kind != "person" and _names_someone_else(parse, hit):
        # "Finanzminister Karl Muster (SPD)": the person speaks; the party is an attribute, not the speaker
        affiliation, hit = hit, None
    if hit is None and parse.name_words:
        # the surname alone, or with the given name right before it: the registry checks that it fits
        last = parse.name_words[-1]
        k = len(parse.words) - 1 - parse.words[::-1].index(last)
        given = parse.words[k - 1] if k > 0 and parse.words[k - 1] in parse.name_words else None
        for candidate in (" ".join(parse.name_words), f"{given} {last}" if given else last):
            hit = registry.lookup(candidate, when)
            if hit is not None:
                break
    if hit is not None and hit.kind not in ("country", "person") and parse.country_modifiers \
            and hit.country is not None and parse.country_modifiers[0] not in (hit.country, None) \
            and hit.party is None:
        hit = None  # "die österreichische Bundesregierung": Austria's, not the one the registry knows by the word
    if hit is not None:
        if hit.kind == "country":
            return hit.to_actor()
        actor = _registry_actor(hit, when, parse)
        if actor.party == actor.name and parse.country_modifiers \
                and parse.country_modifiers[0] not in (actor.country, None) \
                and (foreign := _family_party(parse.words, parse.country_modifiers[0])) is not None:
            return foreign  # "die finnischen Sozialdemokraten": Finland's, not the SPD
        if affiliation is not None and actor.kind == "person" and not actor.party and affiliation.party:
            actor.party = affiliation.party
        return actor
    # 1b. a municipality the gazetteer does not know, named as a place by the entity layer ("die Stadt Norrköping hat
    # … beschlossen"): the town's council acts, not a person of that name
    town = _unknown_town(parse.words, place_words)
    if town is not None:
        return Actor(name=town, kind="organisation", candidate=True)
    # 2. several countries and nothing else.
    distinct = list(dict.fromkeys(parse.countries))
    if len(distinct) >= 2 and not parse.roles and not parse.name_words and not parse.organisations:
        return [_country_actor(c, registry) for c in distinct]
    # 2a. a country's electorate ("die Wählerinnen und Wähler in Irland", "die Schweizer Stimmberechtigten"): the
    # group that decides a referendum or an election, one name for all its words, counted by country
    if not parse.roles and not parse.organisations and any(ELECTORATE_NOUN.fullmatch(w) for w in parse.words):
        return Actor(name=ELECTORATE, kind="group", country=parse.country or (distinct[0] if distinct else None),
                     candidate=True)
    if not parse.roles and not parse.organisations and (public := _public_group(parse)) is not None:
        return Actor(name=public, kind="group", country=parse.country, candidate=True)
    if parse.roles and (body := _body_of_members(parse.words)) is not None:
        # 2b. a body named by the office holders it brings together ("die Konferenz der kantonalen Finanzdirektoren",
        # "der Rat der Außenminister"): the body speaks, not its members as a group
        return Actor(name=body, kind="organisation", country=parse.country, candidate=True)
    role, role_kind = parse.roles[0] if parse.roles else (None, None)
    country = parse.country
    # 3. spokesperson of an organisation: the organisation speaks.
    if role_kind in SPOKESPERSON_KINDS and parse.organisations and not parse.name_words:
        return _organisation_actor(parse.organisations[0], country, registry, text)
    if role_kind in SPOKESPERSON_KINDS and not parse.name_words and (body := collective_name(parse.words)):
        return Actor(name=body, kind="organisation", country=country, candidate=True)  # "ein Sprecher der Polizei"
    # 4. role-only mention: the office holder on that date (a state's office is not the federal one).
    if role and role.endswith("vertreter") and _STATE_VOICE.search(role) and not parse.name_words \
            and not parse.organisations and parse.country_modifiers and _country_speaks(parse.words):
        return _country_actor(parse.country_modifiers[0], registry)  # "ein somalischer Behördenvertreter"

    state = next((st for w in parse.words if w.lower() not in _FUNCTION_WORDS
                  and (st := gazetteer.state_for(w))), None)
    if role and not parse.name_words and state and role_kind not in GROUP_ROLE_KINDS | SPOKESPERSON_KINDS:
        return Actor(name=f"{role} ({state})", kind="person", role=role, country=DEFAULT_COUNTRY, candidate=True)
    if role and not parse.name_words and role_kind not in SPOKESPERSON_KINDS | {"title"} and _plural_role(parse, role):
        # "die EU-Außenminister", "die Innenminister der Länder": the office holders as a group, not the one
        # office holder the registry knows
        organisation = parse.organisations[0][0] if parse.organisations else None
        written = _group_name(role, parse)  # "Ministerpräsidenten": a weak noun's plural is its name
        return Actor(name=written if written.endswith("en") and not role.endswith("en") else role, kind="group",
                     organisation=organisation, party=_role_party(role), country=country, candidate=True)
    if role and not parse.name_words and parse.cities and role_kind not in GROUP_ROLE_KINDS | SPOKESPERSON_KINDS:
        city = parse.cities[0]  # "der Kölner Oberbürgermeister": a city's office, unnamed
        return Actor(name=f"{role} ({city.name})", kind="person", role=role, country=city.country, candidate=True)
    town = next((k + 1 for k in range(len(parse.words)) if _municipality(parse.words, k)), None) \
        if role and role_kind not in GROUP_ROLE_KINDS | SPOKESPERSON_KINDS else None
    if town is not None and (not parse.name_words or parse.name_words == [parse.words[town]]):
        # "der Bürgermeister der Stadt Köln", "der Landrat des Kreises Lippe": the municipality's office, unnamed
        return Actor(name=f"{role} ({parse.words[town]})", kind="person", role=role, country=country,
                     candidate=True)
    if role and not parse.name_words:
        chaired = _chaired_party(role)
        if chaired is not None:  # "der FDP-Vorsitzende", "CSU-Chef": the party's chair on that date
            holder = registry.by_office(PARTY_CHAIR_OFFICE, when, organisation=chaired)
        elif country is None and parse.words and parse.words[0].lower() in _VAGUE_QUANTIFIERS:
            holder = None  # "eine Regierungssprecherin": some spokesperson, not the German government's by default
        else:
            holder = registry.by_office(role, when, country or DEFAULT_COUNTRY)
            if holder is None and country is None:
                holder = registry.by_office(role, when)
        if holder is not None:
            return _registry_actor(holder, when, parse)
        if role_kind in GROUP_ROLE_KINDS and not _definite_singular(parse):
            # "Unionspolitiker", "litauische Experten", "ein CDU-Abgeordneter": no one person, but a group that
            # analysis can count by party or country.
            return Actor(name=_group_name(role, parse), kind="group", party=_role_party(role), country=country,
                         candidate=True)
        if role_kind not in GROUP_ROLE_KINDS | SPOKESPERSON_KINDS and _definite_singular(parse) and country:
            # "der amerikanische Präsident" on a date the registry does not cover: the office holder, unnamed; a
            # candidate a reviewer names
            return Actor(name=f"{role} ({country})", kind="person", role=role, country=country, candidate=True)
        body = parse.organisations[0][0] if parse.organisations else collective_name(parse.words)
        head = next((w for w in parse.words if _role_word(w)), "")
        if role_kind in SPOKESPERSON_KINDS and not body and head.endswith("en") and not role.endswith("en"):
            # "Ugandische Aktivisten kündigten an, …": several who speak for a cause, no body's spokespeople
            return Actor(name=_group_name(role, parse), kind="group", country=country, candidate=True)
        if body and len(body.split()) > 1 and role_kind not in SPOKESPERSON_KINDS and _definite_singular(parse):
            # "der Präsident des Bundesamts für Migration", "der Aufsichtsratschef der Deutschen Bank": the head of
            # a named body, unnamed; speaks for the body (a candidate a reviewer names)
            return Actor(name=f"{role} ({body})", kind="person", role=role, organisation=body, country=country,
                         candidate=True)
        return None  # an office without a country or body, or a group: not identifiable without a name
    # 5a. a collective body the mention describes ("die parlamentarische Opposition", "die Staatsanwaltschaft
    # Krefeld", "die Deutsche Bank"), unless a role names a person or a name comes first.
    collective = collective_name(parse.words) if not parse.roles and not parse.organisations else None
    if collective is not None and parse.name_words \
            and _names_organisation(parse, organisation_words or set(), place_words or set()):
        collective = None  # "die Organisation Freies Tibet": the name after the noun is the organisation's
    if collective is not None and not (parse.name_words and parse.words.index(parse.name_words[0])
                                       < _index_of(parse.words, collective.split()[-1]) and
                                       _nominative(parse.name_words[0]) not in collective.split()
                                       and not _collective_base(parse.name_words[0])):
        country = parse.country or (distinct[0] if distinct else None)
        bare = [w for w in collective.split() if not _country_modifier(w)]
        if country and len(bare) == 1 and bare[0][:1].isupper() \
                and (bare != collective.split() or parse.country_modifiers):
            # one body of a country, however the country is said ("Südkoreas Regierung", "die südkoreanische
            # Regierung", "die Regierung Südkoreas"): one name, as the gazetteer's bodies get ("Parlament Südkorea")
            collective = f"{bare[0]} {country}"
        return Actor(name=collective, kind="organisation", country=country, candidate=True)
    if parse.organisations and parse.name_words and not parse.roles \
            and all(ORGANISATION_NOUN.search(w) for w in parse.name_words):
        # "das Netzwerk Save the Children" where the entity layer took the noun for part of the name: the known
        # organisation after its generic noun
        return _organisation_actor(parse.organisations[0], country, registry, text)
    # 5. an unknown name: a new organisation when the text says so, else a new person; a candidate for review.
    if parse.name_words and _names_organisation(parse, organisation_words or set(), place_words or set()):
        name, aliases = _organisation_name(parse, organisation_words or set())
        return Actor(name=name, kind="organisation", country=country, aliases=aliases, candidate=True)
    if parse.name_words:
        name = _full_name(parse.words, parse.name_words)
        organisation = parse.organisations[0][0] if parse.organisations else None
        if organisation is not None and _STATE_BODY.match(organisation):
            organisation = _state_qualified(parse) or organisation  # "Umweltministerium Bayern"
        party = _role_party(role) or (affiliation.party if affiliation is not None else None)
        if affiliation is not None and not affiliation.party and organisation is None:
            organisation = affiliation.name
        if organisation is not None and organisation == party:
            organisation = None  # a party is the person's party, not the organisation they speak for
        return Actor(name=name, kind="person", role=role, organisation=organisation, party=party,
                     country=country or (affiliation.country if affiliation is not None else None), candidate=True)
    # 6. German federal states speaking as such ("Bayern und Hessen forderten …"): the state, one actor each.
    if parse.states and not parse.organisations and not parse.roles and not parse.name_words and not distinct:
        states = list(dict.fromkeys(parse.states))
        actors = [Actor(name=st, kind="organisation", country=DEFAULT_COUNTRY) for st in states]
        return actors if len(actors) > 1 else actors[0]
    # 7. an organisation (with the country named beside it), a country, or a party alone.
    if parse.organisations and (distinct or parse.locations):
        return _organisation_actor(parse.organisations[0], country or distinct[0], registry, text)
    if (distinct or parse.locations) and not parse.roles and (city := _city_alone(parse.words)) is not None:
        # "Barcelona will … verbieten", "Köln": a city that is no capital speaks through its own government, not its
        # country's
        return Actor(name=f"Stadt {city.name}", kind="organisation", country=city.country, candidate=True)
    if distinct:
        return _country_actor(distinct[0], registry)
    if parse.locations and not parse.organisations:
        seat = next((_SEATS[w] for w in parse.words if w in _SEATS), None)
        hit = registry.lookup(seat, when) if seat is not None and not parse.roles else None
        if hit is not None:
            return hit.to_actor()  # "Auch aus Brüssel kam Kritik": the EU, not Belgium
        return _country_actor(parse.locations[0], registry)
    if parse.organisations:
        return _organisation_actor(parse.organisations[0], country, registry, text)
    if parse.country_modifiers and not parse.roles and any(w[:1].isupper() for w in parse.words) \
            and _country_speaks(parse.words):
        return _country_actor(parse.country_modifiers[0], registry)  # a genitive alone: "die Kritik Venezuelas"
    return None


#: Nouns through which a country speaks when only an adjective names it ("nach israelischen Angaben", "die
#: chinesischen Behörden", "ein chinesisches Gericht", "die russische Seite", "die chinesischen Anschuldigungen", "das
#: sudanesische Fernsehen").
_STATE_VOICE = re.compile(r"(?i)(angaben|behörden?|behördenvertreter|staat|seite|kreisen?|quellen?|militär|armee|"
                          r"regierung(en)?|präsidentschaft|gerichte?s?|justiz|"
                          r"truppen|streitkräfte|führung|delegation|diplomat(en|ie)?|beamten?|offiziellen?|"
                          r"vertreter|stellen|vorwürfen?|anschuldigungen|kritik|forderungen?|proteste?|position|"
                          r"haltung|medien|presse|fernsehens?|rundfunks?|sender[ns]?)$")


#: Heads of a party's name or its group's ("Partei", "Volkspartei", "Fraktion").
_PARTY_HEAD = re.compile(r"(partei|fraktion)$", re.IGNORECASE)


def _body_for_a_purpose(words: list[str]) -> str | None:
    """The name of a body named with what it is for, its purpose after "zur"/"zum"/"für" right after its head
    ("Kommission zur Ermittlung des Finanzbedarfs der Rundfunkanstalten"), or None."""
    body = collective_name(words)
    parts = body.split() if body else []
    if len(parts) < 3 or parts[1].lower() not in ("zur", "zum", "für"):
        return None
    from standpunkt.language import gazetteer

    start = _index_of(words, parts[0])
    # (only the body itself, after at most its article or a dateline: not "Karl Muster von der Kommission für …")
    if not all(w.lower() in _FUNCTION_WORDS or w in ("–", "-", "—") or gazetteer.place_for(w) is not None
               for w in words[:start]):
        return None
    return body


#: A mention that introduces a quoted name by a noun ("die Initiative „…“"): the noun, then the name.
_QUOTED_NAME = re.compile(r"^(?:(?:der|die|das|dem|den|des|eine[mnrs]?|ein)\s+)?(?:[\w-]+\s+){0,2}?([\w-]+)\s*"
                          r"[„“\"»«]([^„“”\"»«]{2,80})[“”\"«»]$", re.IGNORECASE)


def _quoted_name(text: str) -> str | None:
    """The quoted name of a body that the mention introduces by what it is ("die Bürgerinitiative „Rettet den
    Wald“", "das Bündnis "Stop Chatkontrolle""), or None: the noun must be one for an organisation."""
    found = _QUOTED_NAME.match(text.strip())
    if found is None or not ORGANISATION_NOUN.search(found.group(1)):
        return None
    return " ".join(found.group(2).split())


def _party_named_after(parse: _Parse) -> tuple[str, str | None, str] | None:
    """The party whose name of several words follows a party noun ("die Linkspartei La France insoumise", which alone
    the gazetteer reads as Germany's, "die Rechtspartei Fratelli d'Italia"), or None."""
    from standpunkt.language import gazetteer

    k = next((k for k, w in enumerate(parse.words) if _PARTY_HEAD.search(w) and w[:1].isupper()), None)
    rest = parse.words[k + 1:] if k is not None else []
    found = gazetteer.party_for(" ".join(rest)) if len(rest) > 1 else None
    if found is None:
        return None
    return next((o for o in parse.organisations if o[0] == found.name), (found.name, found.country, "party"))


def _body_of_members(words: list[str]) -> str | None:
    """The name of a body whose genitive names the office holders it consists of, the role ending the mention ("Die
    Konferenz der kantonalen Finanzdirektoren" → "Konferenz der kantonalen Finanzdirektoren"), or None; not an
    office holder of a body ("der Sprecher der Konferenz"), nor a body's member ("ein Mitglied der Konferenz")."""
    head = next((k for k, w in enumerate(words) if w.lower() not in _FUNCTION_WORDS), None)
    if head is None or len(words) < head + 3 or words[head + 1] not in ("der", "des") \
            or _role_word(words[head]) or (base := _collective_base(words[head])) is None:
        return None
    if not _role_word(words[-1]) or not all(w[:1].islower() for w in words[head + 2:-1]):
        return None
    return " ".join([base, *words[head + 1:]])


def _tally(words: list[str]) -> bool:
    """A count out of a body ("176 der 300 Abgeordneten", "Zwei der drei Parteien"): a vote's tally, no actor."""
    return len(words) > 2 and words[1].lower() in ("der", "des", "von") \
        and (words[0].isdigit() or words[0].lower() in _NUMERALS)


def _federation(words: list[str]) -> str | None:
    """The name of a "Bund der …"/"Bund für …" the mention starts with, or None."""
    k = next((k for k, w in enumerate(words) if w.lower() not in _FUNCTION_WORDS), len(words))
    return collective_name(words) if len(words) >= k + 3 and federation_head(words, k) else None


def federation_head(words: list[str], k: int) -> bool:
    """Whether ``words[k]`` is the "Bund" of a federation named by its members or purpose ("Bund der Steuerzahler",
    "Bund für Umwelt …"), not the federal state ("der Bund")."""
    return words[k] == "Bund" and k + 1 < len(words) and words[k + 1] in ("der", "für")


def _city_alone(words: list[str]) -> Any:
    """The gazetteer's city (not a capital or state) a mention names by nothing but its name, or None."""
    from standpunkt.language import gazetteer

    names = [w for w in words if w.lower() not in _FUNCTION_WORDS]
    place = gazetteer.place_for(" ".join(names)) if names else None
    return place if place is not None and place.kind == "city" and place.country else None


def _unknown_town(words: list[str], place_words: set[str] | None) -> str | None:
    """ "Stadt Norrköping" for "die Stadt Norrköping": a municipality noun before nothing but words the entity layer
    took for a place and the gazetteer does not know (a known one is :func:`_municipality`'s)."""
    from standpunkt.language import gazetteer

    content = [w for w in words if w.lower() not in _FUNCTION_WORDS]
    if len(content) < 2 or not place_words or not all(w in place_words for w in content[1:]) \
            or any(gazetteer.country_for(w) is not None for w in content[1:]):
        return None
    noun = next((base for base in (content[0], _without_genitive(content[0])) if MUNICIPALITY_NOUN.fullmatch(base)),
                None)
    return f"{noun} {' '.join(content[1:])}" if noun is not None else None


def _country_speaks(words: list[str]) -> bool:
    """Whether a mention whose only country is a modifier names the country speaking: always through a genitive
    ("die Kritik Venezuelas"), through an adjective only before a noun for its state, officials or media; any other
    noun is someone from there ("die Aussage eines thailändischen Jungen", "eine Schätzung spanischer Händler",
    "einer norwegischen Studie"), not the country."""
    from standpunkt.language import gazetteer

    for k, w in enumerate(words):
        if not gazetteer.country_for(w):
            continue
        if w[:1].isupper():
            return True  # a genitive: "Russlands", "Meinung Österreichs"
        head = next((x for x in words[k + 1:] if x[:1].isupper()), None)
        if head is None or _STATE_VOICE.search(head):
            return True
    return False


#: Words that open an apposition after a name: an article, or the role noun itself ("Peter Müller, Chef der …").
_APPOSITION_ARTICLES = frozenset({"der", "die", "das", "ein", "eine", "einer"})


def _apposition(words: list[str], common_nouns: set[str] | None) -> int | None:
    """The index of the comma after which a name's apposition follows ("Emily Lau, die Vorsitzende der …",
    "Martin Lee, der Gründer der …"), or None: the part before it is a name without conjunctions, the part after
    it is headed by a role noun or (by the tagger) a common noun — not a list of further names, parties or
    countries ("Merkel, die Grünen und …", "Großbritannien, Spanien und Schweden")."""
    from standpunkt.language import gazetteer

    if "," not in words:
        return None
    comma = words.index(",")
    head, rest = words[:comma], words[comma + 1:]
    if not head or not rest or any(w in _CONJUNCTIONS for w in head) or not head[-1][:1].isupper():
        return None
    k = 1 if rest[0].lower() in _APPOSITION_ARTICLES else 0
    if len(rest) > 2 and rest[0].lower() in ("seines", "ihres") and rest[1] == "Zeichens":
        k = 2  # "Barry Steinhardt, seines Zeichens Direktor der …": the idiom introduces the role
    while k < len(rest) and rest[k][:1].islower():
        k += 1  # adjectives: "der stellvertretende Vorsitzende", "ein langjähriger Weggefährte"
    if k >= len(rest) or (k == 0 and not _role_word(rest[0])):
        return None
    noun = rest[k]
    if gazetteer.organisation_for(noun) or gazetteer.country_for(noun) or gazetteer.is_first_name(noun):
        return None
    if k + 1 < len(rest) and rest[k + 1][:1].isupper() and rest[k + 1] not in _CONJUNCTIONS:
        return None  # a role before a name: "…, General George Casey" names the speaker after the comma
    return comma if _role_word(noun) or (common_nouns is not None and noun in common_nouns) else None


#: Words that open an affiliation after a full name ("Robert Halver von der Baader Bank").
_AFFILIATION_PREPOSITIONS = frozenset({"von", "vom"})


def _affiliation(words: list[str], common_nouns: set[str] | None,
                 organisation_words: set[str] | None = None) -> int | None:
    """The index of "von"/"vom" (or a genitive article) where a full name ends and the body it speaks for begins
    ("Robert Halver von der Baader Bank", "Karl Harb von den Salzburger Nachrichten", "Patrick Georg von der IG
    Metall", "Moritz Wohlrab von der „Aktion Deutschland hilft“", an organisation by the entity layer's
    ``organisation_words``; "Gouverneur Nasser Baoum der Provinz Schabwa"), or None. A name
    particle is no affiliation: before it stands a first name alone or a role ("Ursula von der Leyen",
    "Bundespräsident Richard von Weizsäcker"), and after it no body ("Hans Georg von der Marwitz")."""
    from standpunkt.language import gazetteer

    for i, w in enumerate(words):
        genitive = w.lower() in ("der", "des")
        if (w.lower() not in _AFFILIATION_PREPOSITIONS and not genitive) or i < 2 or i + 1 >= len(words):
            continue
        given, surname = words[i - 2], words[i - 1]
        if not all(x[:1].isupper() and x.lower() not in _FUNCTION_WORDS and not _role_word(x)
                   and x not in (common_nouns or ()) and x not in (organisation_words or ()) for x in (given, surname)):
            continue
        rest = words[i + 1:]
        if genitive:
            # "des Gouverneurs Nasser Baoum der Provinz Schabwa": a genitive right after a full name is the body or
            # place of its role; its head is a common noun (not a name: "Walther der Große" stays whole)
            k = 0
            while k < len(rest) and rest[k][:1].islower():
                k += 1
            if any(gazetteer.is_role_noun(x, genitive=True) for x in words[:i - 2]) and k < len(rest) \
                    and (_collective_base(rest[k]) or rest[k] in (common_nouns or ())):
                return i  # only after a role: "Gouverneurs Nasser Baoum der …", not a title "… Three der Autoren"
            continue
        article = rest[0].lower() if rest else ""
        body = rest[1:] if article in ("der", "den", "dem", "des") else rest
        if w.lower() == "vom" or article == "den" or any(
                _collective_base(x) or is_acronym(x) or gazetteer.organisation_for(x) for x in body) \
                or _organisation_runs(body) or body and body[0] in (organisation_words or ()):
            return i
    return None


def _with_apposition(actor: Actor, words: list[str], common_nouns: set[str] | None) -> Actor:
    """A person's role, organisation, party and country, where unknown, from their apposition."""
    if actor.kind != "person":
        return actor
    parse = _parse(" ".join(words), common_nouns)
    role = parse.roles[0][0] if parse.roles else None
    actor.role = actor.role or role
    org = parse.organisations[0] if parse.organisations else None
    if org is not None and org[2] == "party":
        actor.party = actor.party or org[0]
    elif actor.organisation is None:
        body = org[0] if org is not None else collective_name(words)
        body = _state_qualified(parse) or body  # "des bayerischen Umweltministeriums": the state's, not the federal
        if body is None and words and words[0].lower() in _AFFILIATION_PREPOSITIONS:
            # "von den Salzburger Nachrichten": the capitalised words after the preposition and its article
            start = 2 if len(words) > 1 and words[1].lower() in ("der", "den", "dem", "des") else 1
            run = []
            for w in words[start:]:
                if not w[:1].isupper() or w in _CONJUNCTIONS:
                    break
                run.append(w)
            body = " ".join(run) or None
        if org is None and body is not None and COLLECTIVE_NOUN.fullmatch(body):
            body = None  # a bare generic noun ("der Geschäftsführer des Unternehmens") points back at a body
        actor.organisation = body
    actor.party = actor.party or _role_party(role)
    actor.country = actor.country or parse.country
    return actor


#: Bodies every German state has under the same generic name.
_STATE_BODY = re.compile(r"^(\w*ministerium|landesregierung|staatsregierung|regierung|staatskanzlei|landtag|"
                         r"landeskriminalamt|verfassungsschutz|landespolizei|polizei|staatsanwaltschaft|senat)s?$",
                         re.IGNORECASE)


def _state_body(parse: _Parse) -> Actor | None:
    from standpunkt.language import gazetteer

    if any(not (gazetteer.state_for(w) or _STATE_BODY.match(w)) for w in parse.name_words):
        return None  # a person or another named body
    name = _state_qualified(parse)
    return None if name is None else Actor(name=name, kind="organisation", country=DEFAULT_COUNTRY, candidate=True)


def _state_qualified(parse: _Parse) -> str | None:
    """The name of a state's body a mention holds ("des bayerischen Umweltministeriums" → "Umweltministerium
    Bayern"), or None."""
    from standpunkt.language import gazetteer

    states = [st for w in parse.words if w.lower() not in _FUNCTION_WORDS and (st := gazetteer.state_for(w))]
    if not states:
        return None
    body = next((w for w in parse.words if w[:1].isupper() and _STATE_BODY.match(w)), None)
    if body is None:
        return None
    base = re.sub(r"s$", "", body) if body.lower().endswith(("ministeriums", "amts", "tags")) else body
    return f"{base} {states[0]}"


def _names_someone_else(parse: _Parse, hit: RegistryActor) -> bool:
    """Whether the mention names a person beside the organisation or party it found ("Karl Muster (SPD)"): name
    words that are not part of the organisation's names."""
    own = {_without_ending(normalise(w)) for n in hit.names() for w in normalise(n).split()}
    return any(w[:1].isupper() and _without_ending(normalise(w)) not in own for w in parse.name_words)


def _definite_singular(parse: _Parse) -> bool:
    """"der SPD-Politiker", "die Grünen-Politikerin": one particular person the text named before, not a group."""
    first = next((w.lower() for w in parse.words if w.lower() not in _CONJUNCTIONS), "")
    return first in ("der", "dem", "des") or (first in ("die", "der") and parse.feminine)


def _group_name(role: str, parse: _Parse) -> str:
    """A group's name as the text writes it in the plural ("Ökonomen", "Experten", "Unionspolitiker"), not the
    singular of its role ("Ökonom"); one person named by an indefinite ("ein CDU-Abgeordneter") keeps the role."""
    from standpunkt.language import gazetteer

    if parse.words and parse.words[0].lower() in _VAGUE_QUANTIFIERS:
        return role
    written = next((w for w in parse.words if w[:1].isupper() and (info := gazetteer.role_info(w)) is not None
                    and info.role == role), None)
    if written is None or written == role + "s" or written == role + "n" and role.endswith(("er", "el")):
        return role  # a genitive, or a dative plural whose nominative is the role's own form ("Politikern")
    return written


def _plural_role(parse: _Parse, role: str) -> bool:
    """"die Außenminister", "die Ministerpräsidenten": "die" before a role noun that is not feminine is a plural.
    Nouns made from adjectives ("die Vorsitzende", "die Abgeordnete") are feminine singulars as often: not counted;
    an "-en" counts only on a weak noun, whose singular lacks it ("Präsident" → "Präsidenten")."""
    first = next((w for w in parse.words if w.lower() not in _CONJUNCTIONS), "")
    role_word = next((w for w in parse.words if _role_word(w)), "")
    weak_plural = role_word.endswith("en") and not role.endswith("e") \
        and role_word.endswith(role.rsplit("-", 1)[-1] + "en")
    return first.lower() == "die" and not parse.feminine and bool(role_word) \
        and (not role_word.endswith(("e", "en")) or weak_plural)


def _role_party(role: str | None) -> str | None:
    """The party in a compound role ("Grünen-Politiker", "SPD-Chef"), via the gazetteer."""
    from standpunkt.language import gazetteer

    if not role:
        return None
    if "-" in role:
        party = gazetteer.party_for(role.split("-", 1)[0])
        return party.name if party else None
    for end in range(len(role) - 4, 2, -1):  # "Unionspolitiker" → "Unions" → "Union"
        prefix = role[:end]
        party = gazetteer.party_for(prefix) or (gazetteer.party_for(prefix[:-1]) if prefix.endswith("s") else None)
        if party is not None:
            return party.name
    return None


#: The registry office of a party's chair, and the heads of the roles that name it ("CDU-Vorsitzende", "FDP-Chef").
PARTY_CHAIR_OFFICE = "Parteivorsitzender"
_PARTY_CHAIR_HEADS = frozenset({"vorsitzender", "vorsitzende", "chef", "chefin", "parteichef", "parteichefin",
                                "parteivorsitzender", "parteivorsitzende", "bundesvorsitzender", "bundesvorsitzende"})


def _chaired_party(role: str) -> str | None:
    """The party whose chair a compound role names ("CDU-Vorsitzender" → CDU), or None."""
    if "-" not in role:
        return None
    prefix, head = role.split("-", 1)
    return _role_party(role) if head.lower() in _PARTY_CHAIR_HEADS and prefix else None


def _organisation_actor(org: tuple[str, str | None, str], country: str | None, registry: Registry,
                        text: str) -> Actor:
    """An organisation actor; foreign ministries get their country in the name ("Außenministerium Lettland")."""
    name, org_country, kind = org
    if country and org_country and country != org_country and kind == "ministry":
        # The gazetteer maps generic words ("Verteidigungsministerium") to the German ministry; another country
        # named in the mention means that country's ministry of the same name.
        generic = next((w for w in _WORD_RE.findall(text) if re.search(r"ministeriums?$", w)), None)
        if generic:
            name, org_country = re.sub(r"s$", "", generic), None
    elif country and org_country and country != org_country and kind == "party" \
            and (foreign := _family_party(_WORD_RE.findall(text), country)) is not None:
        return foreign  # "die spanischen Sozialisten", "die dänischen Konservativen": that country's party
    elif country and org_country and country != org_country and kind != "party":
        # the same for other bodies the gazetteer knows by a generic word: "das französische Parlament" is not the
        # Bundestag, "der russische Senat" not the US Senate
        generic = _word_for(name, text)
        if generic:
            name, org_country = _without_genitive(generic), None
    word = _word_for(name, text) if kind == "international" else None
    if org_country is None and country and not _named_international(name, kind, word):
        if word:
            # a generic word the gazetteer maps to one international body: "die kenianische Kommission" is
            # Kenya's commission, not the European Commission's office there
            name = _without_genitive(word)
        name, org_country = f"{name} {country}", country
    hit = registry.get(name)
    if hit is not None:
        return hit.to_actor()
    # Parties and bodies the gazetteer lists are known entities; a ministry named from generic words is inferred.
    known = kind == "party" or (org_country is not None and name == org[0])
    party = name if kind == "party" else None
    return Actor(name=name, kind="organisation", party=party, country=org_country, candidate=not known)


def _named_international(name: str, kind: str, word: str | None) -> bool:
    """Whether the mention names an international body or an NGO by its own name or acronym (``word``, the
    mention's word for it: "die Weltgesundheitsorganisation (WHO) in Genf", "die Nato in Brüssel", "Amnesty
    International in London"): the place is its seat or office, not a national body of that country (unlike a
    generic word the gazetteer maps to one body, "die Kommission in Nairobi")."""
    if kind == "ngo":
        return True
    return word is not None and (word.lower() == name.lower() or is_acronym(word) or word.isupper())


def _word_for(name: str, text: str) -> str | None:
    """The capitalised word of the mention the gazetteer maps to the organisation ``name``."""
    from standpunkt.language import gazetteer

    return next((w for w in _WORD_RE.findall(text) if w[:1].isupper()
                 and (o := gazetteer.organisation_for(w)) is not None and o.name == name), None)


#: Common nouns that introduce an organisation's name ("die Menschenrechtsorganisation Human Rights Watch").
ORGANISATION_NOUN = re.compile(r"(organisation|verband|partei|institut|stiftung|gewerkschaft|initiative|verein|"
                               r"bündnis|bank|konzern|unternehmen|behörde|kommission|komitee|netzwerk|gruppe|"
                               r"bewegung|allianz|front|(?<=[a-zäöüß])gesellschaft|reederei|fluglinie|airline|"
                               # companies, media and services ("die Tageszeitung Haaretz", "das US-Magazin
                               # Barrons", "der Kurznachrichtendienst Twitter", "der Hersteller Tesla Motors")
                               r"firma|hersteller|anbieter|betreiber|verlag|zeitung|zeitschrift|magazin|sender|"
                               # retailers ("der Discounter Aldi Süd", "die Drogeriekette dm")
                               r"discounter|(handels|supermarkt|laden|drogerie|einzelhandels)kette|"
                               r"agentur|portal|nachrichtenseite|dienst|plattform|klub|club|universität|hochschule)$",
                               re.IGNORECASE)
#: Nouns for news media: a speaker named by one ("die Nachrichtenagentur Xinhua", "der Sender …") is a news source
#: that reports positions and does not hold them (statements; registry actors say so with ``media: true``; not
#: "Bundesagentur"), and its name is its own even where the entity layer reads it as a place ("die
#: Nachrichtenagentur Sana").
#: (a broadcaster is "der Bayerische Rundfunk" or a "Rundfunkanstalt"; "die Europäische Rundfunkunion", a
#: "Rundfunkrat" are bodies of broadcasting, which take part in its debates)
MEDIA_NOUN = re.compile(r"(?i)(nachrichten|presse)-?agentur|zeitung|zeitschrift|magazin\b|(fernseh|radio|nachrichten)"
                        r"sender|\bsender\b|rundfunks?\b|rundfunkanstalt|sendeanstalt|nachrichtenportal")
#: Nouns (as the end of a compound) that name a collective body: a mention headed by one is an actor even when
#: neither the registry nor the gazetteer knows it ("die parlamentarische Opposition", "die Staatsanwaltschaft
#: Krefeld", "der Aufsichtsrat der Bank"; "Ethikrat", not the people of "Sozialdemokrat", "Bürokrat"). "-führung" is a
#: leadership, not an action named by a prefixed verb ("die Einführung der Gebühr", "die Durchführung"). Relief
#: organisations and funds by their compounds ("die Welthungerhilfe", "das Kinderhilfswerk", "der Staatsfonds").
COLLECTIVE_NOUN = re.compile(
    r"(regierung|opposition|koalition|ministerium|senat|parlament|kongress|gericht|gerichtshof|gewerkschaft|verband|"
    r"verbände|partei|fraktion|kommission|(?<![mrnt]ok)rat|behörde|anwaltschaft|polizei|armee|militär|"
    r"streitkräfte|kirche|"
    r"unternehmen|konzern|bank|firma|vorstand|hersteller|organisation|ausschuss|kabinett|union|bündnis|amt|agentur|"
    r"anstalt|zentrale|akademie|kammer|vertretung|(?<=[a-zäöüß])initiativen|"
    r"ministerien|staaten|länder|städte|kommunen|gemeinden|landkreise|parteien|gewerkschaften|organisationen|"
    r"fraktionen|verwaltung|(?<!ein)(?<!durch)(?<!aus)(?<!ver)(?<!ent)(?<!über)(?<!vor)(?<!zu)(?<!ab)führung|"
    r"vereinigung|initiative|komitee|stiftung|institut|universität|zentralen|"
    r"vereinigungen|bewegungen|(?<=[a-zäöüß])regierungen|allianz|liga|"
    r"bundestag|landtag|(städte|gemeinde|landkreis|kreis)tag|bundesrat|justiz|gremium|lobby|industrie|gruppe|"
    r"bewegung|mission|delegation|botschaft|"
    r"konferenz|versammlung|dienst|feuerwehr|verein|vereine|club|genossenschaft|flügel|jugendring|(?<=[a-zäöüß])bund|"
    r"(?<=[a-zäöüß])gesellschaft|(?<=[a-zäöüß])hilfe|hilfswerk|fonds|reederei|fluglinie|airline|"
    r"repräsentantenhaus|abgeordnetenhaus|unterhaus|oberhaus)$",
    re.IGNORECASE)
#: Plural heads of bodies that a "von" phrase names by whose they are ("Organisationen von Homosexuellen").
PLURAL_BODY_HEADS = ("organisationen", "verbände", "vereinigungen", "gruppen")
#: Nouns of an electorate ("Wählerinnen und Wähler", "Stimmberechtigte", "das Stimmvolk", "die Stimmbevölkerung"),
#: and the one name for all.
ELECTORATE = "Wähler"
ELECTORATE_NOUN = re.compile(r"(?i)(wähler(innen)?|(stimm|wahl)berechtigten?|stimmbürger(innen)?|(stimm|wahl)volk|"
                             r"stimmbevölkerung)")
#: Plurals of nouns for people by where they live or what they do, which the text names as one group ("Hunderte
#: Anwohner protestierten", "Umweltschützer kritisierten", "Landwirte"); a dative adds "-n" ("Bürgerrechtlern").
PUBLIC_NOUN = re.compile(r"(?i)([\w-]*(demonstrant|aktivist)(inn)?en|(an|ein|be)wohner(innen)?|[\w-]*landwirt(e|innen)|"
                         r"[\w-]*bauern|[\w-]+schützer(innen)?|[\w-]*rechtler(innen)?|eltern|ärzt(e|innen)|"
                         r"[\w-]*(studierende|beschäftigte)|[\w-]*(?<!unter)(händler|mieter|pendler|züchter)(innen)?|"
                         r"fischer|winzer)")
#: Words before such a noun that make it one person ("ein Anwohner", "der Landwirt"), not a group.
_SINGULAR_DETERMINERS = frozenset({"ein", "einem", "eines", "der", "dem", "des"})
#: Indefinite singulars before a description: "eine Gruppe von …" names no one body, nor does "beide" ("Beide
#: Regierungen" are two named before). Plural quantifiers do not block ("einige Hersteller", "viele der betroffenen
#: Städte und Kommunen" are coded as the group they describe).
_VAGUE_QUANTIFIERS = frozenset({"ein", "eine", "einer", "eines", "einem", "einen", "beide", "beiden"})


def public_noun(word: str) -> str | None:
    """The nominative plural of a noun for people :data:`PUBLIC_NOUN` lists ("Anwohnern" → "Anwohner"), or None."""
    if PUBLIC_NOUN.fullmatch(word):
        return word
    return word[:-1] if word.endswith("n") and PUBLIC_NOUN.fullmatch(word[:-1]) else None


def _public_group(parse: _Parse) -> str | None:
    """2b. people named by what they are, in the plural ("Mehrere hundert Einwohner", "Tierschützer"): a group; the
    only name word may be the noun itself (an unknown capitalised word), and a singular determiner makes it one
    person ("ein Anwohner sagte")."""
    heads = [(k, group) for k, w in enumerate(parse.words) if w[:1].isupper() and (group := public_noun(w))]
    if len(heads) != 1 or set(parse.name_words) - {parse.words[heads[0][0]]}:
        return None
    from standpunkt.language import gazetteer

    k, group = heads[0]
    prefix = group.split("-")[0] if "-" in group else ""
    if prefix and gazetteer.organisation_for(prefix):  # (parties included)
        return None  # "Greenpeace-Aktivisten": the organisation's people, not a group of their own
    if any(w.lower() in _SINGULAR_DETERMINERS for w in parse.words[:k]) or k + 1 < len(parse.words) \
            or group == parse.words[k] and k > 0 and parse.words[k - 1].lower() == "den":
        # (a phrase going on after the noun is a description: "Anwohner der Straße" is left as it was; "den Eltern"
        # is an object, "den Anwohnern" a dative plural as "von den Anwohnern" has it)
        return None
    return group


def _function_words_only(text: str) -> bool:
    from spacy.lang.de.stop_words import STOP_WORDS

    words = [w.strip(".,;:!?\"'„“”«»()") for w in text.split()]
    return all(w.lower() in STOP_WORDS for w in words if w)


def collective_name(words: list[str]) -> str | None:
    """The name of a collective body a mention describes, from its head noun on: "der parlamentarischen Opposition"
    → "parlamentarische Opposition", "Angaben der Staatsanwaltschaft Krefeld" → "Staatsanwaltschaft Krefeld",
    "die Deutsche Bank" → "Deutsche Bank"; None when no collective noun heads it or it is vague ("einige Hersteller")."""
    from standpunkt.language import gazetteer

    head = next((k for k, w in enumerate(words) if w[:1].isupper() and (
        _collective_base(w) or _municipality(words, k)
        or federation_head(words, k))  # "Bund der Steuerzahler"
                 and w.lower() not in _FUNCTION_WORDS and gazetteer.place_for(w) is None), None)
    if head is None:
        return None
    words = [*words[:head], _collective_base(words[head]) or _municipality(words, head) or words[head],
             *words[head + 1:]]
    start = head
    while start > 0 and words[start - 1].lower() not in _FUNCTION_WORDS | _PRONOUNS \
            and words[start - 1] not in _CONJUNCTIONS \
            and (words[start - 1][:1].islower() or _adjective_form(words[start - 1])) \
            and not (words[start - 1][:1].islower() and start < head and words[start][:1].isupper()):
        # adjectives before the head; a lower-case one before a name's capitalised adjective describes the body
        # ("die oppositionelle Nationale Allianz")
        start -= 1
    if start > 1 and words[start - 1] in ("und", "oder") and words[start - 2].endswith("-") \
            and words[start - 2][:1].isupper():
        start -= 2  # the head shared with a word cut short: "Industrie- und Handelskammer Ostbrandenburg"
    if start > 0 and words[start - 1].lower() in _VAGUE_QUANTIFIERS \
            and not ("-" in words[head] and gazetteer.organisation_for(words[head].split("-")[0]) is not None):
        # (not a body of an organisation the compound names: "ein UN-Ausschuss", "ein EU-Gremium")
        if head + 2 < len(words) and words[head + 1] in ("des", "der"):
            return collective_name(words[head + 1:])  # "ein Gremium des Obersten Gerichts": the court decides
        return None
    end = head + 1
    if any(gazetteer.is_first_name(w) for w in words[end:end + 2]):
        return None  # "Gewerkschaftsvorstand Uwe Foullong": a person named after a noun for their function
    while end < len(words) and (words[end] not in _CONJUNCTIONS or words[end] in ("und", "&")) \
            and not _role_word(words[end]):
        word = words[end]
        if word.lower() in ("der", "des") or word[:1].isupper():
            end += 1  # a place or genitive after it: "Staatsanwaltschaft Krefeld", "Aufsichtsrat der Bank"
        elif word.lower() == "von" and end == head + 1 and end + 1 < len(words) and words[end + 1][:1].isupper() \
                and words[head].lower().endswith(PLURAL_BODY_HEADS):
            end += 1  # whose bodies they are: "Organisationen von Homosexuellen"
        elif end + 1 < len(words) and names_a_purpose(word, words[end + 1]) and _name_goes_on(words, end + 1):
            end += 1  # what the body is for: "Bundesagentur für Arbeit", "Kommission zur Ermittlung des …"
        elif word.lower() == "und" and words[end - 1][:1].isupper() and "für" in (w.lower() for w in words[head:end]) \
                and end + 1 < len(words) and words[end + 1][:1].isupper() and not _role_word(words[end + 1]):
            end += 1  # "Bundesamt für Migration und Flüchtlinge"
        elif word.lower() == "und" and end + 2 == len(words) and words[end + 1][:1].isupper() \
                and {"der", "des"} & {w.lower() for w in words[head + 1:end]} and not _role_word(words[end + 1]) \
                and not gazetteer.is_first_name(words[end + 1]):
            end += 1  # a genitive of two nouns ends the name: "Bund der Grünen und Bauern", "Verband der Ärzte und …"
        elif word == "&" and end + 1 < len(words) and words[end + 1][:1].isupper():
            end += 1  # "Haus & Grund", "Procter & Gamble": one name
        elif word.isdigit() and end > head + 1 and words[end - 1][:1].isupper() and end + 1 == len(words):
            end += 1  # a name that ends in a number: "Partei Polska 2050"
        elif word in _ORGANISATION_PARTICLES and word != "von" and end > head + 1 and words[end - 1][:1].isupper() \
                and end + 1 < len(words) and words[end + 1][:1].isupper():
            end += 1  # a foreign name goes on: "Elternverband Famílias pela Educação"
        elif word.lower() in ("und", "oder") and words[end - 1].endswith("-") and end + 1 < len(words):
            end += 1  # a word cut short shares the next one's end: "Bundesverband der Energie- und Wasserwirtschaft"
        elif words[end - 1].lower() in ("der", "des") or (words[end - 1][:1].islower() and end > head + 1):
            end += 1  # adjectives inside the genitive: "der größten deutschen Bank"
        else:
            break
    while end > head + 1 and (words[end - 1].lower() in ("der", "des") or words[end - 1][:1].islower()):
        end -= 1
    if end > head + 1 and is_acronym(words[end - 1]) and spells_acronym(
            "".join(c for c in words[end - 1] if c.isupper()), [w for w in words[start:end - 1] if w[:1].isupper()]):
        end -= 1  # "Gewerkschaft der Polizei (GdP)": the acronym is an alias, not part of the name
    article = words[start - 1].lower() if start > 0 else ""
    return " ".join(_strong(_nominative(w), w, article) if k < head else w
                    for k, w in enumerate(words[start:end], start))


def _strong(nominative: str, word: str, article: str) -> str:
    """A name's adjective without its article takes the strong ending: after "der" a weak "-e" is masculine
    ("Der Deutsche Gewerkschaftsbund" → "Deutscher Gewerkschaftsbund"; "der Deutschen Bank" is a feminine genitive),
    after "das" neuter ("Das Deutsche Rote Kreuz" → "Deutsches Rotes Kreuz")."""
    if not word[:1].isupper() or not word.endswith("e") or not nominative.endswith("e"):
        return nominative
    return nominative + {"der": "r", "das": "s"}.get(article, "")


#: Nouns of a municipality, which with its place's name is a body ("die Stadt Nürnberg", "der Landkreis Lüneburg"),
#: not the country the place is in; alone ("die Stadt") or in a compound ("die Hauptstadt Nairobi", the capital
#: standing for its country) they are not.
MUNICIPALITY_NOUN = re.compile(r"(stadt|gemeinde|kommune|landkreis|kreis|bezirk|kanton)", re.IGNORECASE)
#: Nouns of a country's region with a government of its own: with a name after them a body even where the gazetteer
#: does not know the name ("die Provinz British Columbia", "der Bundesstaat Kerala").
REGION_NOUN = re.compile(r"(provinz|bundesstaat|präfektur|departement|territorium)", re.IGNORECASE)


def _municipality(words: list[str], k: int) -> str | None:
    """The municipality noun at ``k`` in the nominative ("des Landkreises" → "Landkreis") when a place the gazetteer
    knows follows it. (A place it does not know is left to the entity layer: mostly a small town a report describes,
    "Ziel war die 120 Kilometer entfernte Stadt Malangwa", not a body that acts.)"""
    from standpunkt.language import gazetteer

    if k + 1 < len(words) and REGION_NOUN.fullmatch(words[k]) and words[k + 1][:1].isupper() \
            and words[k + 1].lower() not in _FUNCTION_WORDS:
        return words[k]  # "die Provinz British Columbia": a region with a government of its own, whatever its name
    if k + 1 >= len(words) or not words[k + 1][:1].isupper() or gazetteer.country_for(words[k + 1]) is None:
        return None
    return next((base for base in (words[k], _without_genitive(words[k])) if MUNICIPALITY_NOUN.fullmatch(base)),
                None)


def names_a_purpose(preposition: str, word: str) -> bool:
    """Whether a preposition after a body's noun, with the word after it, says what the body is for: "für" always
    ("Bundesagentur für Arbeit"), "zur"/"zum" before an action noun ("Kommission zur Ermittlung …", "zum Schutz"; not
    what it speaks about: "die Fraktion zum Rücktritt des Ministers")."""
    return preposition.lower() == "für" or preposition.lower() in ("zur", "zum") and word.endswith(("ung", "Schutz"))


def _name_goes_on(words: list[str], k: int) -> bool:
    """Whether a body's name goes on at ``k`` after "für": a noun, or adjectives before one ("politische Bildung")."""
    while k < len(words) and words[k][:1].islower() and words[k].lower() not in _FUNCTION_WORDS:
        k += 1
    return k < len(words) and words[k][:1].isupper() and words[k].lower() not in _FUNCTION_WORDS


def _index_of(words: list[str], word: str) -> int:
    """The position of a word of :func:`collective_name`'s result in the mention, which may have it in the genitive
    ("Mitarbeiter des Malteser Hilfsdienstes" → "Hilfsdienst")."""
    return next((k for k, w in enumerate(words) if w == word or _collective_base(w) == word), len(words))


def _collective_base(word: str) -> str | None:
    """The word, or its genitive stripped ("des Umweltbundesamtes" → "Umweltbundesamt"), if a collective noun; not a
    people's name that ends like one ("Thailänder", "Niederländer", "Ausländer" are no "Länder")."""
    from standpunkt.language import gazetteer

    if word.lower().endswith("länder") and (gazetteer.country_for(word) or word.lower() in ("ausländer", "inländer")):
        return None
    if COLLECTIVE_NOUN.search(word):
        return word
    for ending in ("es", "s"):
        if word.endswith(ending) and COLLECTIVE_NOUN.search(word[:-len(ending)]):
            return word[:-len(ending)]
    if word.lower().endswith(_DATIVE_PLURALS):
        return word[:-1]  # "von den Nachbarschaftsvereinen", "den Verbänden"
    return None


#: Dative plurals of collective nouns whose plural is a collective of its own ("Behörden" is none: "die japanischen
#: Behörden" are Japan's).
_DATIVE_PLURALS = ("vereinen", "verbänden", "städten")


def _adjective_form(word: str) -> bool:
    return len(word) > 4 and word[-2:] in ("en", "er", "es", "em") or word.endswith("e")


def _role_word(word: str) -> bool:
    from standpunkt.language import gazetteer

    return gazetteer.role_info(word) is not None


def _nominative(word: str) -> str:
    """An adjective before a noun in the nominative singular ending ("parlamentarischen" → "parlamentarische"); a
    capitalised one in "-er" is a place's and never inflected ("des Malteser Hilfsdienstes", "der Berliner Polizei")."""
    if len(word) <= 4 or (word[:1].isupper() and word.endswith("er")):
        return word
    return _without_ending(word)


def is_acronym(word: str) -> bool:
    """"HRW", "GdP", "BfV": letters only, capitalised, at least two capitals, and short."""
    return 2 <= len(word) <= 8 and word.isalpha() and word[0].isupper() and sum(c.isupper() for c in word) >= 2


def spells_acronym(acronym: str, words: list[str]) -> bool:
    """Whether the initials of ``words`` spell ``acronym`` ("Human Rights Watch" → HRW)."""
    return "".join(w[0] for w in words).upper() == acronym


def _ends_in_own_acronym(words: list[str]) -> bool:
    """"Human Rights Watch (HRW)": three or more words, the last the acronym of the others."""
    return len(words) >= 3 and is_acronym(words[-1]) and spells_acronym(words[-1], words[:-1])


def _names_organisation(parse: _Parse, organisation_words: set[str], place_words: set[str] = frozenset()) -> bool:
    """An unknown name is an organisation's when the NER marks its words as one, when it is or ends in an acronym of
    its words ("HRW", "Human Rights Watch (HRW)"), or when a noun like "Menschenrechtsorganisation" stands right
    before it (and the mention names no role: "der Vorsitzende der Initiative, Max Müller" is a person; nor is the
    name a place, with which the noun names the body: "der Wasserverband Strausberg-Erkner")."""
    names = parse.name_words
    if all(w in organisation_words for w in names) or all(is_acronym(w) for w in names):
        return True
    if _ends_in_own_acronym(names):
        return True
    first = parse.words.index(names[0])
    return not parse.roles and first > 0 and bool(ORGANISATION_NOUN.search(parse.words[first - 1])) \
        and not (all(w in place_words for w in names) and not MEDIA_NOUN.search(parse.words[first - 1]))


def _organisation_name(parse: _Parse, organisation_words: set[str]) -> tuple[str, list[str]]:
    """(name, aliases): the first run of organisation words (capitalised adjectives the gazetteer reads as a
    country's count: "die Deutsche Bank" is no bank called "Bank"), else the name as written; a trailing acronym of
    the words before it ("Human Rights Watch (HRW)") becomes an alias."""
    run: list[str] = []
    start = 0
    words = parse.words
    for k, w in enumerate(words):
        if w in organisation_words and (w in parse.name_words
                                        or (w[:1].isupper() and w.lower() not in _FUNCTION_WORDS)):
            if not run:  # an adjective the entity left out: "des Statistischen | Bundesamtes"
                start = k
                while start > 0 and _is_name_adjective(words[start - 1]):
                    start -= 1
                run.extend(words[start:k])
            run.append(w)
        elif run and (w in parse.name_words or w in _ORGANISATION_PARTICLES and k + 1 < len(words)
                      and words[k + 1] in parse.name_words):
            run.append(w)  # the entity ended early: "Movement | for Democratic Change", "Human Rights | Investigation"
        elif run and w in organisation_words and w.lower() in ("für", "und", "&", "der", "des") \
                and k + 1 < len(words) and words[k + 1] in organisation_words:
            # what the body is for or who it brings together, inside the entity: "Deutsches Zentrum für Luft- und
            # Raumfahrt", "Bundesvereinigung der Deutschen Arbeitgeberverbände"
            run.append(w)
        elif run:
            break
    noun_before = len(run) == 1 and bool(COLLECTIVE_NOUN.search(run[0])) and start > 0 \
        and words[start - 1][:1].isupper() and words[start - 1].lower() not in _FUNCTION_WORDS
    if noun_before:
        start -= 1  # a generic body word alone is no name: "Der Verbraucherzentrale Bundesverband"
        run = [words[start], *run]
    article = words[start - 1].lower() if run and start > 0 else ""
    words = _uninflected(run, article == "des", article) if run else _full_name(parse.words, parse.name_words).split()
    if noun_before:  # a noun, whatever its ending looks like ("Verbraucherzentrale", not an adjective)
        words = [run[0], _collective_base(run[1]) or run[1]]
    if _ends_in_own_acronym(words):
        return " ".join(words[:-1]), [words[-1]]
    return " ".join(words), []


#: An adjective's inflected ending, and suffixes that make a capitalised word an adjective ("Statistischen",
#: "Internationalen", "Vereinigten", "Freien"; not "Volkswagen", "Siemens").
_INFLECTED_ADJECTIVE = re.compile(r"e[nms]$")
_ADJECTIVE_SUFFIX = re.compile(r"(isch|deutsch|lich|ig|bar|sam|los|haft|al|ell|iv|är|ös|ier|ert|igt|ein|ei|eu|ün|ot)"
                               r"e[nms]$")


def _uninflected(run: list[str], genitive: bool = False, article: str = "") -> list[str]:
    """An organisation's name out of the case it is written in ("des Statistischen Bundesamtes" → "Statistische
    Bundesamt", "der Deutschen Umwelthilfe" → "Deutsche Umwelthilfe"): leading adjectives (a country's, or with an
    adjective's suffix) take the ending of the nominative after an article, and then the noun at the end loses its
    genitive (a collective noun's always, another's after "des"). Names of other words ("Volkswagen AG", "Human
    Rights Watch") stay as written."""
    out = list(run)
    first = _collective_base(out[0]) if genitive and not is_acronym(out[0]) else None
    if first is not None and first != out[0]:
        # the collective noun the name starts with carries the genitive: "des Bundesverfassungsgerichts", "des
        # Verbandes Deutscher Realschullehrer", "des Airbus-Gesamtbetriebsrates"
        return [first, *out[1:]]
    if len(out) > 2 and is_acronym(out[-1]):
        return [*_uninflected(out[:-1], genitive, article), out[-1]]  # "Der Bayerische … Lehrerinnenverband (BLLV)"
    if len(out) < 2 or is_acronym(out[-1]):
        return out  # "Volkswagen AG"
    k = 0
    while k < len(out) - 1 and (_is_name_adjective(out[k]) or article in ("der", "das") and out[k].endswith("e")
                                and _is_name_adjective(out[k] + "n")):  # (a weak "-e": "Der Bayerische …")
        out[k] = _strong(_nominative(out[k]), out[k], article)
        k += 1
    if k:
        last = out[-1]
        out[-1] = _collective_base(last) or (_without_genitive(last) if genitive else last)
    return out


def _without_genitive(noun: str) -> str:
    """A masculine or neuter noun's genitive ending dropped ("Kreuzes" → "Kreuz", "Komitees" → "Komitee"). A noun
    that ends in "-us", "-is" or a sibilant already is the nominative ("Repräsentantenhaus", "Bündnis", "Kongress"):
    those take "-es" in the genitive."""
    if noun.endswith("es") and len(noun) > 5 and noun[-3] not in "aeiouäöü":
        return noun[:-2]
    return noun[:-1] if noun.endswith("s") and len(noun) > 4 and noun[-2] not in "uisßxz" else noun


def _is_name_adjective(word: str) -> bool:
    """A capitalised, inflected adjective inside a name: a country's ("Deutschen") or one with an adjective's suffix
    ("Statistischen", "Internationalen")."""
    from standpunkt.language import gazetteer

    return word[:1].isupper() and bool(_INFLECTED_ADJECTIVE.search(word)) \
        and bool(gazetteer.country_for(word) or _ADJECTIVE_SUFFIX.search(word))


#: Lower-case words inside foreign organisation names ("Movement for Democratic Change", "Technische Universität von
#: Nanyang"); not the German genitive articles, which begin an attribute ("MIF der Interamerikanischen …").
#: Dutch, Portuguese, Spanish and Italian particles inside names: "Universiteiten van Nederland", "Partij voor de
#: Dieren", "Famílias pela Educação", "Movimento dos Trabalhadores".
_ROMANCE_DUTCH_PARTICLES = frozenset({"van", "voor", "het", "pela", "pelo", "para", "por", "do", "dos", "della", "per"})
_ORGANISATION_PARTICLES = frozenset({"of", "for", "and", "with", "the", "on", "de", "du", "la", "y", "et", "von", "da",
                                     "del"}) | _ROMANCE_DUTCH_PARTICLES
#: Arabic names with their article written in lower case after a given name: "Mohammed el-Baradei", "Aiman
#: al-Sawahiri" (alone, "al-Kaida", "al-Aksa-Brigaden", they are mostly bodies: left as before).
_ARTICLE_NAME = re.compile(r"(?:al|el|as|ad|asch|ash|ar|an|at|az|es|ed|ul)-[A-ZÄÖÜ]")
#: Lower-case particles inside personal names ("Ursula von der Leyen", "Thomas de Maizière").
_NAME_PARTICLES = frozenset({"von", "van", "der", "den", "de", "zu", "da", "di", "del", "la", "le", "bin", "al",
                             # inside foreign organisation names: "Occupy Central with Peace and Love", "Fondation
                             # des Femmes"
                             "of", "for", "and", "with", "the", "on", "des", "du", "et", "y"}) \
    | _ROMANCE_DUTCH_PARTICLES


def _full_name(words: list[str], name_words: list[str]) -> str:
    """The name as written: from the first to the last name word of the last run, keeping particles."""
    last = max(i for i, w in enumerate(words) if w in name_words)
    first = last
    while first > 0:
        j = first - 1
        while j > 0 and words[j] in _NAME_PARTICLES:
            j -= 1
        if words[j] in name_words and (j == first - 1 or j < first - 1):
            first = j
        else:
            break
    return " ".join(words[first:last + 1])


def speaker_text(document_text: str, quotation: Quotation) -> str:
    """The text of the quotation's speaker spans."""
    return " ".join(s.text(document_text) for s in quotation.speaker)


#: Tags of words that can be part of a name; capitalised words with other tags ("Neben" at a sentence start,
#: common nouns like "Demonstranten") are not names.
_NAME_TAGS = frozenset({"NE", "FM", "XY", "TRUNC"})


def _speaker_tokens(doc: "Doc | None", quotation: Quotation) -> list[Any]:
    """The doc's tokens inside the quotation's speaker spans."""
    return tokens_in(doc, quotation.speaker) if doc is not None else []


def _organisation_words(doc: "Doc | None", quotation: Quotation) -> set[str]:
    """Words inside the speaker spans that belong to an organisation entity."""
    return {t.text for t in _speaker_tokens(doc, quotation) if t.ent_type_ == "ORG"}


def _place_words(doc: "Doc | None", quotation: Quotation) -> set[str]:
    """Words inside the speaker spans that belong to a place entity."""
    return {t.text for t in _speaker_tokens(doc, quotation) if t.ent_type_ == "LOC"}


def _common_nouns(doc: "Doc | None", quotation: Quotation) -> set[str]:
    """Words inside the speaker spans that the tagger says are not names (common nouns, prepositions …); not a
    capitalised word right after a first name, a surname the tagger took for an adjective ("Ricarda Lang")."""
    from standpunkt.language.phrases import surname_after_particles, surname_look_alike

    tokens = _speaker_tokens(doc, quotation)
    return {t.text for k, t in enumerate(tokens)
            if t.tag_ not in _NAME_TAGS and t.ent_type_ not in ("PER", "ORG", "GPE", "LOC")
            and not (k > 0 and surname_look_alike(t.text, t.tag_, tokens[k - 1].text))
            and not surname_after_particles(tokens, k)}


def resolve_speaker(quotation: Quotation, doc: "Doc | None", document: Document,
                    registry: Registry) -> Actor | list[Actor] | None:
    """The actor (or country actors) behind a quotation's speaker, or None when it cannot be identified.

    The speaker span is tried first; if it yields nothing identifiable (a pronoun, a bare role noun), the
    coreference name (``speaker_name``) is resolved instead, and a role-only result is upgraded to the named
    person when the coreference name says who it is.
    """
    when = _as_date(document.published)
    span_text = speaker_text(document.text, quotation)
    nouns = _common_nouns(doc, quotation)
    first = resolve_mention(span_text, when, registry, common_nouns=nouns,
                            organisation_words=_organisation_words(doc, quotation),
                            place_words=_place_words(doc, quotation)) if span_text else None
    name = (quotation.speaker_name or "").strip()
    if name and normalise(name) != normalise(span_text):
        second = resolve_mention(name, when, registry)
        if first is None:
            return second
        if isinstance(first, Actor) and isinstance(second, Actor) and first.kind == "person" \
                and second.kind == "person" and first.name != second.name \
                and (not _has_name(span_text, nouns) or first.candidate and second.name.endswith(" " + first.name)):
            # "der litauische Minister" + coreference "Landsbergis": the name decides, the span adds the role; a
            # short form the registry does not know is the document's full name ("Obama" → "Barack Obama").
            if second.role is None:
                second.role = first.role
            return second
        if isinstance(first, Actor) and isinstance(second, Actor) and first.kind == "country" \
                and second.kind == "person" and _definite_demonym(span_text):
            return second  # "sagte der Niederländer" + coreference "Wopke Hoekstra": the person, not the country
        if isinstance(first, Actor) and isinstance(second, Actor) and first.kind == "organisation" \
                and first.candidate and second.kind == "person" and first.name.endswith(" " + second.name):
            # "der Walliser Staatsrat Christophe Darbellay": a person named after a word for a body they sit in,
            # which the mention alone reads as one body's long name
            return second
        if isinstance(first, Actor) and isinstance(second, Actor) and first.kind != "person" \
                and second.kind == "person" and _role_before_place(span_text, nouns):
            # "sagte der Minister im Bundestag" + coreference "Pistorius": the minister speaks, in parliament
            roles = _parse(span_text, nouns).roles
            if second.role is None and roles:
                second.role = roles[0][0]
            return second
    return first


def _definite_demonym(text: str) -> bool:
    """ "der Niederländer", "die Französin": someone from a country, by the definite article, not the country."""
    from standpunkt.language import gazetteer

    words = _WORD_RE.findall(text)
    return len(words) == 2 and words[0].lower() in ("der", "die") and words[1][:1].isupper() \
        and gazetteer.is_demonym(words[1])


def _role_before_place(text: str, nouns: set[str]) -> bool:
    """Whether a speaker mention is a role noun and then where it speaks, naming no one ("der Minister im
    Bundestag", "die Kanzlerin vor der Presse"), or a pronoun and where ("sie in Frankfurt"): the person the
    coreference names speaks, not the place."""
    words = _WORD_RE.findall(text)
    k = next((i for i, w in enumerate(words) if w.lower() in _SPEAKING_PLACE_PREPS), None)
    if k == 1 and words[0].lower() in ("er", "sie"):
        return True  # "sagte sie in Frankfurt": whom the pronoun refers to, in the city
    return k is not None and any(w[:1].isupper() and _role_word(w) for w in words[:k]) \
        and not _parse(" ".join(words[:k]), nouns).name_words


def _has_name(text: str, nouns: set[str]) -> bool:
    return bool(_parse(text, nouns).name_words)


def resolve_all(quotations: list[Quotation], doc: "Doc | None", document: Document,
                registry: Registry) -> list[list[Actor]]:
    """Actors per quotation (empty list when unknown): a convenience for callers that iterate."""
    out: list[list[Actor]] = []
    for q in quotations:
        got: Any = resolve_speaker(q, doc, document, registry)
        out.append([] if got is None else (got if isinstance(got, list) else [got]))
    return out
