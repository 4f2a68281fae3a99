"""Gazetteers shipped with the package: countries (names, adjectives, capitals, demonyms), places, parties,
organisations (ministries, offices, parliaments, international bodies), roles/titles, first names.

The data are plain TSV/TXT files in ``standpunkt/language/data/`` (edit them there; every file says what its columns
mean). This module loads them once, generates inflected forms ("litauisch" → "litauische", "litauischen" …;
"Frankreich" → "Frankreichs"; "Litauer" → "Litauern", "Litauerin"), and answers look-ups:

- :func:`country_for` — "litauische" → "Litauen", "Riga" → "Lettland", "Franzosen" → "Frankreich";
- :func:`is_role_noun`, :func:`role_info` — "Verteidigungsminister", "Sprecherin", "Abgeordneten" (listed roles and
  compounds ending in a role head such as "-minister" or "-sprecher");
- :func:`is_person_noun` — "Journalistin", "Rechtsanwalt", "Angeklagte", "52-Jährige" (people by occupation or part
  in an event, for coreference; no offices);
- :func:`party_for`, :func:`organisation_for`, :func:`place_for`, :func:`is_first_name`, :func:`is_given_name`;
- :func:`entity_phrases` — (label, phrase, canonical) triples for the entity layer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Iterator

from standpunkt.errors import ConfigError

ADJECTIVE_ENDINGS = ("", "e", "er", "es", "en", "em")
#: Heads that make a compound a role noun ("Verteidigungsminister", "Regierungssprecherin", "Parteichef").
ROLE_HEADS: dict[str, str] = {
    "minister": "minister", "präsident": "head_of_state", "sprecher": "spokesperson", "chef": "organisation",
    "vorsitzender": "party", "vorsitzende": "party", "kanzler": "head_of_government", "sekretär": "government",
    "beauftragter": "government", "beauftragte": "government", "botschafter": "diplomat", "kommissar": "international",
    "bürgermeister": "government", "abgeordneter": "parliament", "abgeordnete": "parliament", "direktor": "organisation",
    "leiter": "organisation", "experte": "expert", "kandidat": "party", "general": "military", "politiker": "party",
    "wissenschaftler": "expert", "forscher": "expert", "anwalt": "judiciary", "richter": "judiciary",
    "vertreter": "organisation",  # "Gemeindevertreter", "Gewerkschaftsvertreter"
    "geschäftsführer": "organisation",  # "Hauptgeschäftsführer", "Bundesgeschäftsführer"
}
#: Role heads that inflect like adjectives ("der Vorsitzende", "ein Vorsitzender", "die Vorsitzenden").
ADJECTIVAL_HEADS = frozenset({"vorsitzender", "vorsitzende", "abgeordneter", "abgeordnete", "beauftragter",
                              "beauftragte"})
#: Aliases that are also ordinary words or too short to mark an entity on their own; look-ups still find them.
WEAK_ALIASES = frozenset({
    "Parlament", "Kommission", "Union", "Senat", "Kongress", "Rada", "Essen", "Halle", "Sozialisten", "Liberale",
    "Demokraten", "Republikaner", "Konservativen", "Sozialdemokraten", "Christdemokraten", "Piraten", "Ministerrat",
    "Sicherheitsrat", "Währungsfonds", "Verfassungsgericht", "Verfassungsschutz", "Renaissance", "Ensemble", "PD",
    "SP", "PP", "AP", "AU", "ID", "PO", "US", "AA", "Amnesty", "Volkspartei", "Linke", "Linken", "Grünen", "Renew",
    "Amerika", "Emirate", "Kongo", "Freidemokraten", "Bundesrepublik", "Vatikan", "Republikanische Partei",
})
#: Multi-word aliases that many bodies share (a party name of many countries, a movement of national societies):
#: alone in a mention they name none of them (:func:`organisation_in`); the single-word look-ups are unchanged.
SHARED_NAMES = frozenset({"Demokratische Partei", "Rotes Kreuz", "Roten Kreuz"})


@dataclass(frozen=True)
class RoleInfo:
    """What a role noun says: the canonical (masculine/common) role, its kind, and the grammatical gender if marked."""

    role: str
    kind: str
    gender: str | None  # "f" for feminine forms ("Ministerin"), None when the form does not tell


@dataclass(frozen=True)
class Organisation:
    """A party or organisation entry."""

    name: str
    country: str | None
    kind: str  # "party" for parties, else the organisations.tsv kind (ministry, parliament, international, ...)


@dataclass(frozen=True)
class Place:
    """A named place with the country it lies in (None for continents, seas, regions across countries)."""

    name: str
    country: str | None
    kind: str  # country, capital, state, city, region, continent, sea


def _rows(filename: str) -> Iterator[list[str]]:
    """Data rows of a TSV in the data folder (comments and the header skipped)."""
    text = resources.files("standpunkt.language").joinpath("data", filename).read_text(encoding="utf-8")
    header_seen = False
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        if not header_seen:
            header_seen = True
            continue
        cols = [c.strip() for c in line.split("\t")]
        if not cols[0]:
            raise ConfigError(f"standpunkt/language/data/{filename}", f"line {lineno}: empty first column")
        yield cols


def _col(cols: list[str], i: int) -> list[str]:
    return [v.strip() for v in cols[i].split("|") if v.strip()] if i < len(cols) and cols[i] not in ("", "-") else []


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip()).lower()


def _genitive(name: str) -> str | None:
    if name[-1:] in ("s", "x", "z", "ß"):
        return None
    return name + "s"


class _Gazetteer:
    """All tables, loaded once."""

    def __init__(self) -> None:
        self.country_of: dict[str, str] = {}
        self.places: dict[str, Place] = {}
        self.phrases: list[tuple[str, str, str]] = []  # (label, phrase, canonical)
        self.country_names: set[str] = set()
        for cols in _rows("countries.tsv"):
            country = cols[0]
            self.country_names.add(country)
            names = [country] + _col(cols, 6)
            for name in names:
                self._add_country_form(name, country)
                self._add_phrase("GPE", name, country)
                self.places[_norm(name)] = Place(country, country, "country")
                gen = _genitive(name)
                if gen and " " not in name:
                    self._add_country_form(gen, country)
                    self._add_phrase("GPE", gen, country)
            for stem in _col(cols, 2):
                for ending in ADJECTIVE_ENDINGS:
                    self._add_country_form(stem + ending, country)
            for capital in _col(cols, 3):
                self._add_country_form(capital, country)
                self._add_phrase("GPE", capital, capital)
                self.places.setdefault(_norm(capital), Place(capital, country, "capital"))
                gen = _genitive(capital)
                if gen and " " not in capital:
                    self._add_country_form(gen, country)
                    self._add_phrase("GPE", gen, capital)
            for demonym in _col(cols, 4):
                forms = [demonym]
                if demonym.endswith("er"):
                    forms += [demonym + "n", demonym + "s", demonym + "in", demonym + "innen"]
                elif demonym.endswith("e"):
                    forms += [demonym + "n"]
                elif demonym.endswith("i"):  # Israeli, Saudi
                    forms += [demonym + "s"]
                for form in forms:
                    self._add_country_form(form, country)
            for fem in _col(cols, 5):
                for form in (fem, fem + "nen"):
                    self._add_country_form(form, country)
        for cols in _rows("places.tsv"):
            name, country, kind = cols[0], (cols[1] if cols[1] != "-" else None), cols[2]
            label = "GPE" if kind in ("state", "city") else "LOC"
            for alias in [name] + _col(cols, 3):
                self.places.setdefault(_norm(alias), Place(name, country, kind))
                self._add_phrase(label, alias, name)
                gen = _genitive(alias)
                if gen and " " not in alias:
                    self.places.setdefault(_norm(gen), Place(name, country, kind))
                if country and kind in ("city", "state"):
                    self.country_of.setdefault(_norm(alias), country)
        self.organisations: dict[str, Organisation] = {}
        self.party_families: dict[tuple[str, str], Organisation] = {}  # (family, country) → the first such party
        self.family_of: dict[str, str] = {}  # party name → family
        for cols in _rows("parties.tsv"):
            org = Organisation(cols[0], cols[1] if cols[1] not in ("", "EU") else None, "party")
            if len(cols) > 3 and cols[3] and org.country:
                self.family_of[org.name] = cols[3]
                self.party_families.setdefault((cols[3], org.country), org)
            for alias in [cols[0]] + _col(cols, 2):
                self.organisations.setdefault(_norm(alias), org)
                self._add_phrase("ORG", alias, org.name)
        for cols in _rows("organisations.tsv"):
            org = Organisation(cols[0], cols[1] if cols[1] != "-" else None, cols[2])
            for alias in [cols[0]] + _col(cols, 3):
                self.organisations.setdefault(_norm(alias), org)
                self._add_phrase("ORG", alias, org.name)
        # multi-word names by their uninflected form: "das Europäische Parlament", "des Europäischen Parlaments"
        self.organisation_phrases: dict[str, Organisation] = {}
        shared = {_norm(a) for a in WEAK_ALIASES | SHARED_NAMES}
        for alias, org in self.organisations.items():
            if " " in alias and alias not in shared:
                self.organisation_phrases.setdefault(_phrase_key(alias.split()), org)
        self.roles: dict[str, RoleInfo] = {}
        for cols in _rows("roles.tsv"):
            role, kind = cols[0], cols[1]
            # The masculine form is also the generic one, so it does not tell the gender; "-in" forms do.
            self.roles.setdefault(role.lower(), RoleInfo(role, kind, None))
            for fem in _col(cols, 2):
                self.roles.setdefault(fem.lower(), RoleInfo(role, kind, "f" if fem.endswith("in") else None))
        self.person_nouns: set[str] = set()
        # the sex a form marks ("anwalt" m, "anwältin" f; "mitglied" neither): what coreference's gender check reads
        self.person_noun_sex: dict[str, str] = {}
        for cols in _rows("person_nouns.tsv"):
            noun = cols[0].lower()
            feminine = {f.lower() for f in _col(cols, 1)} or {noun + "in"}
            self.person_nouns.update({noun} | feminine)
            if noun not in feminine:
                self.person_noun_sex.update({noun: "m", **{f: "f" for f in feminine}})
        self.first_name_sex = {cols[0]: cols[1] for cols in _rows("first_name_sex.tsv")}
        text = resources.files("standpunkt.language").joinpath("data", "first_names.txt").read_text(encoding="utf-8")
        self.first_names = frozenset(
            line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))

    def _add_country_form(self, form: str, country: str) -> None:
        self.country_of.setdefault(_norm(form), country)

    def _add_phrase(self, label: str, phrase: str, canonical: str) -> None:
        if phrase not in WEAK_ALIASES:
            self.phrases.append((label, phrase, canonical))


@lru_cache(maxsize=1)
def _gaz() -> _Gazetteer:
    return _Gazetteer()


@lru_cache(maxsize=100_000)
def country_for(word: str) -> str | None:
    """Canonical German country name for a country name, alias, capital, city, adjective (any inflection) or demonym.

    "litauische" → "Litauen", "Riga" → "Lettland", "französischen" → "Frankreich", "Frankreichs" → "Frankreich".
    """
    if not word:
        return None
    key = _norm(word)
    hit = _gaz().country_of.get(key)
    if hit is None and "-" in key:
        # "US-amerikanische" is listed; "nato-staaten" is not a country; try the last part of other compounds
        # only for adjectives ("ost-ukrainische" → Ukraine).
        tail = key.rsplit("-", 1)[1]
        if tail[:1].islower() and word.rsplit("-", 1)[1][:1].islower():
            hit = _gaz().country_of.get(tail)
    return hit


def is_demonym(word: str) -> bool:
    """Whether ``word`` is a noun for someone from a country ("Niederländer", "Französin"): a country's word that
    names no place (not "Niederlande", not "Riga")."""
    return country_for(word) is not None and place_for(word) is None


def is_country(name: str) -> bool:
    """Whether ``name`` is a canonical country name of the gazetteer."""
    return name in _gaz().country_names


@lru_cache(maxsize=100_000)
def _role_lookup(lemma: str) -> RoleInfo | None:
    roles = _gaz().roles
    key = lemma.strip().lower()
    if not key:
        return None
    candidates = [key]
    # Adjectival roles inflect: Abgeordneter/Abgeordnete/Abgeordneten, Vorsitzender/Vorsitzenden.
    for suffix in ("n", "r", "en", "er"):
        if key.endswith(suffix):
            candidates.append(key[: -len(suffix)])
    for cand in candidates:
        if cand in roles:
            return roles[cand]
    for cand in candidates:
        for head, kind in ROLE_HEADS.items():
            for form, gender in ((head, None), (head + "in", "f")):
                if cand.endswith(form) and len(cand) > len(form) + 2:
                    canonical = lemma.strip()[: len(lemma.strip()) - (len(key) - len(cand))]
                    if gender == "f":
                        canonical = canonical[:-2]
                    if head in ADJECTIVAL_HEADS and not canonical.endswith("r"):
                        canonical += "r"  # "CDU-Vorsitzende(n)" → "CDU-Vorsitzender" (gender not marked)
                    return RoleInfo(canonical[:1].upper() + canonical[1:], kind, gender)
    return None


def is_role_noun(lemma: str, genitive: bool = False) -> bool:
    """Whether a noun (lemma or inflected form) names an office, title or role ("Außenminister", "Sprecherin");
    with ``genitive``, also in the genitive singular ("des Generalsekretärs", "des Gouverneurs"; the NER features
    keep the plain look-up they were trained with)."""
    return role_info(lemma, genitive) is not None


#: A nominalised age, the usual way news refer back to a person: "der 52-Jährige", "die 34-jährige".
AGE_NOUN = re.compile(r"\d+-jährige[nr]?", re.IGNORECASE)


#: A person named by party or camp ("der Sozialdemokrat", "die Christdemokratin", "der Rechtspopulist", "die
#: Konservative"): news refer back to a politician by it whatever office was named with them ("Justizminister X …,
#: sagte der Sozialdemokrat"). Not "Grüne" or "Linke", which name parties in the singular as well.
PARTY_MEMBER_NOUN = re.compile(r"\w*(demokrat|sozialist|kommunist|republikaner|populist|nationalist|liberale"
                               r"|konservative|christsoziale)(in|en|n|s)?", re.IGNORECASE)


@lru_cache(maxsize=10_000)
def is_person_noun(word: str) -> bool:
    """Whether a noun names a person by occupation, status or part in an event ("Journalistin", "Rechtsanwalt",
    "Angeklagten", "52-Jährige") or is a compound of a listed role ("Hauptgeschäftsführer"): what a definite phrase
    referring back to a named person is headed by. Separate from :func:`is_role_noun`, which also feeds mention
    patterns and the NER features."""
    if AGE_NOUN.fullmatch(word) or PARTY_MEMBER_NOUN.fullmatch(word.strip()):
        return True
    key = word.strip().lower()
    gaz = _gaz()
    forms = [key] + [key[: -len(end)] for end in ("s", "es", "n", "r") if key.endswith(end)]
    for form in forms:
        if form in gaz.person_nouns or is_role_noun(form):
            return True
        for k in range(3, len(form) - 3):  # a compound: its last part is a listed noun or role
            if form[k:] in gaz.person_nouns or form[k:] in gaz.roles:
                return True
    return False


#: Nouns that say a person's sex whatever the gazetteer lists ("Frau Strobl", "Herrn Bergengruen").
SEX_NOUNS = {"frau": "f", "herr": "m", "herrn": "m"}


@lru_cache(maxsize=10_000)
def person_gender(word: str) -> str | None:
    """The sex a person noun or role marks: "f" for a feminine form ("Sprecherin", "Anwältin", "Frau"), "m" for a
    masculine one that has a feminine counterpart ("Sprecher", "Bundesinnenministers", "Anwalt"), None where the
    form does not tell ("Vorsitzende", "Staatsoberhaupt", "52-Jährige") or the noun names no person. The masculine
    form doubles as the generic one, so callers weigh a feminine form above it."""
    key = word.strip().lower()
    if key in SEX_NOUNS:
        return SEX_NOUNS[key]
    gaz = _gaz()
    if any(key.rstrip("nr").endswith(head.rstrip("r")) for head in ADJECTIVAL_HEADS):
        return None  # "der/die Vorsitzende": one form for both
    if PARTY_MEMBER_NOUN.fullmatch(key):
        return "f" if key.endswith("in") else None if key.rstrip("n").endswith("e") else "m"
    for form in [key] + [key[: -len(end)] for end in ("s", "es", "n", "en") if key.endswith(end)]:
        tails = [form] + [form[k:] for k in range(3, len(form) - 3)]  # a compound: its last part tells
        for tail in tails:
            if tail in gaz.person_noun_sex:
                return gaz.person_noun_sex[tail]
        info = _role_lookup(form)
        if info is not None:
            if info.gender == "f":
                return "f"
            feminine = _role_lookup(info.role.lower() + "in")
            return "m" if feminine is not None and feminine.gender == "f" else None
    return None


def role_info(lemma: str, genitive: bool = False) -> RoleInfo | None:
    """Canonical role, kind and gender for a role noun, or None (see :func:`is_role_noun`, also for ``genitive``)."""
    info = _role_lookup(lemma)
    if info is None and genitive and lemma.endswith("s"):
        info = _role_lookup(lemma[:-1])
    return info


def party_of_family_in(party: str, country: str) -> Organisation | None:
    """The party of ``country`` in the family of the party named ``party`` ("SPD", "Schweiz" → SP), or None."""
    gaz = _gaz()
    family = gaz.family_of.get(party)
    return gaz.party_families.get((family, country)) if family else None


def party_for(text: str) -> Organisation | None:
    """The party an alias names ("Sozialdemokraten" → SPD), or None."""
    org = _gaz().organisations.get(_norm(text))
    return org if org is not None and org.kind == "party" else None


def _phrase_key(words: list[str]) -> str:
    """A multi-word name with the adjective endings before its last word dropped ("europäischen parlament" →
    "europäische parlament")."""
    low = [w.lower() for w in words]
    return " ".join([re.sub(r"e[nrsm]$", "e", w) for w in low[:-1]] + low[-1:])


def organisation_in(words: list[str]) -> Organisation | None:
    """The organisation a run of two or more words names, its adjectives in any inflection and its last word also
    in the genitive ("das Europäische Parlament", "des Europäischen Parlaments" → Europäisches Parlament)."""
    if len(words) < 2:
        return None
    phrases = _gaz().organisation_phrases
    last = words[-1]
    for form in (last, last[:-2] if last.endswith("es") else None, last[:-1] if last.endswith("s") else None):
        if form and len(form) > 2 and (org := phrases.get(_phrase_key([*words[:-1], form]))) is not None:
            return org
    return None


def organisation_for(text: str) -> Organisation | None:
    """The party or organisation an alias names ("Auswärtigen Amt" → Auswärtiges Amt), or None.

    Any single word ending in "ministerium" is a ministry (country unknown here); a party's plural alias is also
    known in the dative ("von den Republikanern")."""
    org = _gaz().organisations.get(_norm(text))
    word = text.strip()
    if org is None and " " not in word and word.endswith("ern") and len(word) > 6:
        plural = _gaz().organisations.get(_norm(word[:-1]))
        org = plural if plural is not None and plural.kind == "party" else None
    if org is None:
        if " " not in word and re.search(r"ministeriums?$", word, re.IGNORECASE) and len(word) > 11:
            base = re.sub(r"s$", "", word)
            return Organisation(base[:1].upper() + base[1:], None, "ministry")
    return org


_STATES: dict[str, str] | None = None


def place_of_adjective(word: str) -> Place | None:
    """The city, capital or city state a place adjective names ("Wiener" → Wien, "Kölner" → Köln, "Münchner" →
    München, "Bremer" → Bremen); None for other words. Such adjectives are capitalised and never a person's name."""
    if len(word) < 5 or not word[:1].isupper() or not word.endswith("er"):
        return None
    stem = word[:-2]
    for form in (stem, stem + "en", stem[:-1] + "en" if stem.endswith("n") else None):
        place = place_for(form) if form else None
        if place is not None and place.kind in ("city", "capital", "state"):
            return place
    return None


def state_for(word: str) -> str | None:
    """The German federal state a word names: the state ("Bayern", "Bayerns"), its adjective in any inflection
    ("bayerische", "niedersächsischen") or its capital ("München", "Stuttgart"); else None."""
    global _STATES
    if _STATES is None:
        table: dict[str, str] = {}
        for cols in _rows("states.tsv"):
            state = cols[0]
            table[_norm(state)] = state
            table[_norm(state) + "s"] = state
            for stem in _col(cols, 1):
                for ending in ("", "e", "en", "er", "es", "em"):
                    table[_norm(stem + ending)] = state
            for capital in _col(cols, 2):
                table.setdefault(_norm(capital), state)
        _STATES = table
    return _STATES.get(_norm(word))


def place_for(text: str) -> Place | None:
    """Country, capital, city, region or continent entry for a name, or None."""
    return _gaz().places.get(_norm(text))


def is_first_name(word: str) -> bool:
    """Whether ``word`` is a frequent first name (for name patterns and NER features)."""
    return word in _gaz().first_names


def first_name_sex(word: str) -> str | None:
    """The sex a first name marks ("Gisela" f, "Hans-Jürgen" m by its first part), None when unknown or used for
    both."""
    sexes = _gaz().first_name_sex
    return sexes.get(word) or sexes.get(word.split("-")[0])


def is_given_name(word: str) -> bool:
    """A frequent first name, or a hyphenated pair of them ("Frank-Jürgen"), from either list (the NER features'
    and the one with the names' sex): what the name rules read."""
    gaz = _gaz()
    return all(part in gaz.first_names or part in gaz.first_name_sex for part in word.split("-"))


def parties() -> list[Organisation]:
    """All party entries (one per party)."""
    return sorted({o for o in _gaz().organisations.values() if o.kind == "party"}, key=lambda o: o.name)


def organisations() -> list[Organisation]:
    """All non-party organisation entries (ministries, offices, parliaments, international bodies, media)."""
    return sorted({o for o in _gaz().organisations.values() if o.kind != "party"}, key=lambda o: o.name)


def entity_phrases() -> list[tuple[str, str, str]]:
    """(label, phrase, canonical) for every non-weak gazetteer name: GPE/LOC places, ORG parties and bodies."""
    return list(_gaz().phrases)
