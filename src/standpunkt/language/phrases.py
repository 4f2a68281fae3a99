"""Noun phrases from STTS tags: where a phrase starts and ends, and its conjuncts.

There is no dependency parser in the language layer; these chunk the tagger's output the way the reported-clause
reader (:mod:`standpunkt.stance.reported`) and the actor phrases (:mod:`standpunkt.actors.phrases`) need it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from standpunkt.language.stts import FINITE_VERB_TAGS

if TYPE_CHECKING:
    from spacy.tokens import Token

NP_TAGS = frozenset({"ART", "ADJA", "NN", "NE", "PPOSAT", "PIAT", "PDAT", "CARD", "TRUNC", "FM"})
HEAD_TAGS = frozenset({"NN", "NE", "FM"})
PP_TAGS = frozenset({"APPR", "APPRART", "APPO"})

DETERMINER_TAGS = frozenset({"ART", "PDAT", "PPOSAT"})
#: What an extended attribute between a determiner and its noun starts with ("der [seit 2005 amtierende] Präsident",
#: "die [von der EU geforderte] Reform", "der [im Exil lebende] Oppositionsführer").
ATTRIBUTE_START_TAGS = frozenset({"APPR", "APPRART", "ADV", "ADJD", "CARD"})
#: How many tokens such an attribute may span.
MAX_ATTRIBUTE = 12

#: Nouns that begin a time adverbial after a phrase ("die Staatsanwaltschaft | Mitte März", "des Aufsichtsrates |
#: Ende des Jahres"): with a month, a number or a genitive after them; months and weekdays alone.
_TIME_SPAN_NOUNS = frozenset({"anfang", "mitte", "ende"})
_TIME_NOUNS = frozenset({"montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonnabend", "sonntag"})

OPENING_QUOTES = frozenset({"„", "\"", "»", "''", "“"})
CLOSING_QUOTES = frozenset({"“", "\"", "«", "''", "”"})


def phrase_at(tokens: list["Token"], start: int) -> list["Token"]:
    """The noun phrase starting at ``start``: determiners, adjectives and nouns, genitive attributes ("der
    Aufsichtsrat der Deutschen Bank"), coordinated phrases ("die EU und die USA") and names in brackets."""
    out: list[Token] = []
    k = start
    n = len(tokens)
    while k < n:
        tok = tokens[k]
        if out and tok.ent_iob_ == "I" and tok.ent_type_ in ("PER", "ORG") and out[-1].ent_type_ == tok.ent_type_:
            # a name goes on past its particles and prepositions: "Ursula von der Leyen", "der Bundesanstalt für
            # Finanzdienstleistungsaufsicht"
            out.append(tok)
            k += 1
            continue
        if out and out[-1].tag_ == "NN" and tok.tag_ == "ART" and tok.text in ("Die", "Der", "Das") \
                and k + 1 < n and tokens[k + 1].text[:1].isupper() and tokens[k + 1].tag_ in ("NN", "NE", "ADJA"):
            out.extend(tokens[k:k + 2])  # a capitalised article inside a sentence opens a name: "die Partei Die Mitte"
            k += 2
            continue
        if out and out[-1].tag_ in HEAD_TAGS and (tok.tag_ in ("PPOSAT", "PIAT", "PDAT") or (
                tok.tag_ == "ART" and tok.lower_ not in ("des", "der"))):
            break  # a new phrase ("die Bush-Regierung | ihren Widerstand"); "des"/"der" begin a genitive attribute
        if out and out[-1].tag_ in HEAD_TAGS and _time_adverbial(tokens, k):
            break  # "hat der Architekt Kevin Lynch | Anfang April …", "Ende des Jahres"
        if out and out[0].tag_ == "ART" and out[-1].tag_ == "NN" and tok.tag_ == "NN" \
                and not out[-1].ent_type_ and not tok.ent_type_ and _in_mittelfeld(tokens, start) \
                and not (k + 1 < n and tokens[k + 1].lower_ in ("ohne", "und", "für")):
            # after the finite verb, a bare noun after a determined one is the next phrase, mostly the object:
            # "verspricht sich der Konzern | Synergieeffekte", "erhob die Staatsanwaltschaft | Anklage"; not a
            # name of nouns ("die Organisation Reporter ohne Grenzen"), and not before the verb, where one phrase
            # stands ("Die Firma Tutogen wollte …")
            break
        if out and out[-1].tag_ == "NN" and tok.lower_ == "ohne" and k + 1 < n and tokens[k + 1].text == "Grenzen":
            out.extend(tokens[k:k + 2])  # the "… ohne Grenzen" organisations: "Ärzte ohne Grenzen"
            k += 2
            continue
        if out and all(t.tag_ in DETERMINER_TAGS for t in out) and tok.tag_ in ATTRIBUTE_START_TAGS:
            participle = _participle_after_attribute(tokens, k)
            if participle is not None:
                k = participle + 1  # "Der auf der Konferenz anwesende Außenminister": the attribute is left out
                continue
        if not out and tok.lower_ in ("mehr", "weniger") and k + 2 < n and tokens[k + 1].lower_ == "als" \
                and tokens[k + 2].tag_ == "CARD":
            out.extend(tokens[k:k + 2])  # "Mehr als 200 Ökonomen"
            k += 2
            continue
        if tok.tag_ in NP_TAGS or (tok.tag_ == "ADJD" and k + 1 < n and tokens[k + 1].tag_ in NP_TAGS) \
                or out and surname_after_first_name(tokens, k):
            out.append(tok)
            k += 1
            continue
        if not out and tok.tag_ == "PDS" and k + 1 < n and tokens[k + 1].tag_ in ("NN", "ADJA"):
            out.append(tok)  # a determiner the tagger took for a pronoun: "das Land hat …"
            k += 1
            continue
        if tok.tag_ == "ADV" and k + 1 < n and tokens[k + 1].tag_ in ("CARD", "ADJA"):
            out.append(tok)  # "rund hundert weitere Staaten"
            k += 1
            continue
        if out and out[-1].tag_ in HEAD_TAGS and (also := _also_after(tokens, k)) is not None:
            out.append(tokens[also - 3])  # "die Nationale Allianz, aber auch der Bund …": one more of the list
            k = also
            continue
        if out and tok.tag_ == "KON" and tok.lower_ in ("und", "sowie", "oder") and k + 1 < n \
                and tokens[k + 1].tag_ in NP_TAGS:
            out.append(tok)
            k += 1
            continue
        if out and out[-1].tag_ in HEAD_TAGS and tok.text in OPENING_QUOTES:
            close = next((j for j in range(k + 1, min(k + 10, n)) if tokens[j].text in CLOSING_QUOTES), None)
            inner = tokens[k + 1:close] if close is not None else []
            if inner and any(t.tag_ in ("NE", "FM") for t in inner) and all(
                    t.tag_ in ("NE", "FM", "NN", "ADJA", "KON", "APPR", "ART", "CARD", "$(") for t in inner):
                out.extend(t for t in inner if t.text not in OPENING_QUOTES)  # "die Bewegung „People's Alliance …“"
                k = close + 1
                continue
        if out and tok.tag_ in PP_TAGS and out[-1].tag_ in HEAD_TAGS and out[0].lower_ in ("der", "des"):
            attribute_end = _attribute_before_more(tokens, k, _has_role_head(out))
            if attribute_end is not None:
                # "seitens der Kirche im Land und des UN-Botschafters von Osttimor, Jose Luis Guterres": an
                # attribute inside a list of genitives or before the name of the role holder
                out.extend(tokens[k:attribute_end])
                k = attribute_end
                continue
        if out and tok.tag_ == "$," and tok.text == "," and _has_role_head(out):
            name_end = _name_apposition_end(tokens, k + 1)
            if name_end is not None:
                out.extend(tokens[k:name_end])  # "des UN-Botschafters von Osttimor, Jose Luis Guterres."
                k = name_end
                continue
        if out and tok.tag_ == "$," and tok.text == ",":
            item_end = list_item_end(tokens, k + 1)
            if item_end is not None:
                # "Brasilien, Venezuela, Bolivien und Argentinien"; an item keeps its attribute ("…, der Chef der
                # Bundesagentur für Arbeit Frank-Jürgen Weise und …")
                out.extend(tokens[k:item_end])
                k = item_end
                continue
        break
    # a trailing determiner belongs to what follows, not to this phrase
    while out and out[-1].tag_ in ("ART", "PPOSAT", "PIAT", "PDAT", "KON", "ADJD", "ADV") \
            and not surname_after_first_name(out, len(out) - 1):
        out.pop()
    return out if any(t.tag_ in HEAD_TAGS for t in out) else []


def _attribute_before_more(tokens: list["Token"], k: int, role: bool) -> int | None:
    """At a preposition after a genitive noun phrase: where its attribute ends when a coordinated genitive follows
    it ("der Kirche im Land | und des UN-Botschafters") or, after a ``role``, the holder's name in apposition ("des
    UN-Botschafters von Osttimor |, Jose Luis Guterres."); else None."""
    j = k + 1
    while j < len(tokens) and tokens[j].tag_ in NP_TAGS:
        j += 1
    if j == k + 1 or tokens[j - 1].tag_ not in HEAD_TAGS or j + 1 >= len(tokens):
        return None
    if tokens[j].lower_ in ("und", "sowie") and tokens[j + 1].lower_ == "des":
        return j
    if role and tokens[j].text == "," and _name_apposition_end(tokens, j + 1) is not None:
        return j
    return None


def _has_role_head(phrase: list["Token"]) -> bool:
    from standpunkt.language import gazetteer

    last = next((t for t in reversed(phrase) if t.tag_ == "NN"), None)
    return last is not None and gazetteer.is_role_noun(last.text, genitive=True)


def _name_apposition_end(tokens: list["Token"], k: int) -> int | None:
    """After a comma that follows a role: where a name in apposition ends when the sentence or clause ends with it
    ("…, Jose Luis Guterres." / "…, Jose Luis Guterres, sagte …"), else None."""
    j = k
    while j < len(tokens) and (tokens[j].tag_ == "NE" or tokens[j].ent_type_ == "PER"):
        j += 1
    if j - k < 1 or not any(t.ent_type_ == "PER" or t.tag_ == "NE" for t in tokens[k:j]):
        return None
    if j == len(tokens) or tokens[j].text in (".", ",", ";", "!", "?", ")"):
        return j
    return None


def _time_adverbial(tokens: list["Token"], k: int) -> bool:
    """Whether token ``k`` begins a time adverbial: "Mitte März", "Anfang 2006", "Ende des Jahres", "Montag"."""
    from standpunkt.language.sentences import MONTHS

    word = tokens[k].text
    if word.lower() in _TIME_NOUNS or word in MONTHS and word != "Mai":  # "Mai" is also a name
        return True
    nxt = tokens[k + 1] if k + 1 < len(tokens) else None
    return word.lower() in _TIME_SPAN_NOUNS and word[:1].isupper() and nxt is not None and (
        nxt.text in MONTHS or nxt.tag_ == "CARD" or nxt.lower_ in ("des", "der"))


def _in_mittelfeld(tokens: list["Token"], k: int) -> bool:
    """Whether a finite verb comes before token ``k`` in its clause (no comma between)."""
    for j in range(k - 1, -1, -1):
        if tokens[j].tag_ in FINITE_VERB_TAGS:
            return True
        if tokens[j].tag_ in ("$,", "$."):
            return False
    return False


def surname_look_alike(word: str, tag: str, previous: str) -> bool:
    """Whether ``word``, which the tagger read as an adjective or adverb (``tag``), is a surname after the first name
    ``previous``: "Ricarda Lang", "Sebastian Kurz"."""
    from standpunkt.language import gazetteer

    return word[:1].isupper() and tag in ("ADJD", "ADJA", "ADV") and gazetteer.is_given_name(previous)


#: Particles that begin a surname ("Pieter van der Linde", "Ursula von der Leyen"); "der" alone does not.
_SURNAME_STARTS = frozenset({"von", "van", "de", "zu", "da", "di", "del", "bin", "al", "el", "ter"})


def surname_after_particles(tokens: list["Token"], k: int) -> bool:
    """Whether token ``k`` is a capitalised word the person entity before it left out after the name's particles
    ("Pieter van | der Linde": the tagger reads "Linde" as a tree)."""
    from standpunkt.language.mentions import NAME_PARTICLES

    tok = tokens[k]
    if not tok.text[:1].isupper() or tok.ent_type_ in ("PER", "ORG", "LOC") or tok.tag_ not in ("NN", "NE", "ADJA",
                                                                                              "ADJD"):
        return False
    j = k - 1
    while j > 0 and tokens[j].text in NAME_PARTICLES:
        j -= 1
    return j < k - 1 and tokens[j].ent_type_ == "PER" and tokens[j + 1].text in _SURNAME_STARTS


def surname_after_first_name(tokens: list["Token"], k: int) -> bool:
    """Whether token ``k`` is a surname inside a person entity right after a first name, whatever the tagger took it
    for ("Thomas Lang", "Peter Kurz", "Philipp Lahm"), also after the name's particles ("Kurt von Figura"), or an
    adjective-like surname the entity left out right after a first name ("Ricarda Lang")."""
    from standpunkt.language import gazetteer
    from standpunkt.language.mentions import NAME_PARTICLES

    tok = tokens[k]
    if k > 0 and tok.ent_iob_ != "I" and not tok.is_sent_start and tokens[k - 1].ent_type_ == "PER" \
            and surname_look_alike(tok.text, tok.tag_, tokens[k - 1].text):
        return True  # the entity ended at the first name: "Ricarda | Lang", "Sebastian | Kurz"
    if surname_after_particles(tokens, k):
        return True
    if k == 0 or tok.ent_iob_ != "I" or tok.ent_type_ != "PER" or not tok.text[:1].isupper():
        return False
    j = k - 1
    while j > 0 and tokens[j].text in NAME_PARTICLES and tokens[j].ent_iob_ == "I":
        j -= 1
    return gazetteer.is_given_name(tokens[j].text)


def _participle_after_attribute(tokens: list["Token"], k: int) -> int | None:
    """At the start of an extended attribute after a determiner: the index of the participle or adjective that ends
    it, right after a noun, name, adverb or number and before the phrase's noun ("der auf der Konferenz für nukleare
    Sicherheit | anwesende Außenminister"; "für nukleare" is inside the attribute: an adjective after a preposition);
    None when no such attribute ends before a verb or punctuation, or when one word alone stands before the adjective
    ("die fünf größten", "die bisher führende")."""
    for j in range(k + 1, min(k + MAX_ATTRIBUTE, len(tokens) - 1)):
        tag = tokens[j].tag_
        if tag == "ADJA" and tokens[j - 1].tag_ in ("NN", "NE", "ADV", "ADJD", "CARD") \
                and tokens[j + 1].tag_ in ("NN", "NE", "ADJA"):
            # a single word before it only with a preposition: "die fünf größten Staaten" is a quantity
            return j if j - k >= 2 or tokens[k].tag_ in PP_TAGS else None
        if tag not in NP_TAGS | PP_TAGS | {"ADV", "ADJD", "KON"}:
            return None
    return None


def list_item_end(tokens: list["Token"], k: int) -> int | None:
    """After a comma: where the next item of a list ends, or None when no list goes on. An item is a bare noun
    phrase that ends at another comma or a conjunction; it may carry prepositional attributes ("der Chef der
    Bundesagentur für Arbeit Frank-Jürgen Weise und …") where more items follow it, so that an apposition ("Mike
    Downey, Manager für Flash, wird zitiert") is no list."""
    j, attribute = k, False
    while j < len(tokens):
        if tokens[j].tag_ in NP_TAGS:
            j += 1
        elif tokens[j].tag_ in PP_TAGS and j > k and tokens[j - 1].tag_ in HEAD_TAGS and j + 1 < len(tokens) \
                and tokens[j + 1].tag_ in NP_TAGS:
            j, attribute = j + 1, True
        else:
            break
    if not (j > k and tokens[j - 1].tag_ in HEAD_TAGS and j < len(tokens)):
        return None
    if tokens[j].lower_ in ("und", "sowie", "oder") and j + 1 < len(tokens) and tokens[j + 1].tag_ in NP_TAGS:
        return j
    if tokens[j].text == "," and (not attribute or list_item_end(tokens, j + 1) is not None):
        return j
    return None


def _also_after(tokens: list["Token"], k: int) -> int | None:
    """Where the phrase after ", aber auch" / ", sondern auch" / ", und auch" at ``k`` starts (an adverb may stand
    before the comma: "die Grünen geschlossen, aber auch …"), or None."""
    if k < len(tokens) and tokens[k].tag_ in ("ADV", "ADJD") and k + 1 < len(tokens) and tokens[k + 1].text == ",":
        k += 1
    if k + 3 < len(tokens) and tokens[k].text == "," and tokens[k + 1].lower_ in ("aber", "sondern", "und") \
            and tokens[k + 2].lower_ == "auch" and tokens[k + 3].tag_ in NP_TAGS:
        return k + 3
    return None


def conjuncts(tokens: list["Token"]) -> list[list["Token"]]:
    """The conjuncts of a phrase: split at "und", "sowie", "oder" and commas ("die EU und die USA"), not inside an
    organisation's name ("das Bundesamt für Migration und Flüchtlinge") nor after a truncated word, which shares the
    next one's head ("der Such- und Rettungsagentur")."""
    parts: list[list[Token]] = [[]]
    for k, tok in enumerate(tokens):
        if tok.tag_ in ("KON", "$,") and tok.lower_ in ("und", "sowie", "oder", ",") \
                and not (tok.ent_iob_ == "I" and tok.ent_type_ == "ORG" and not _joins_two_names(tokens, k)) \
                and not (k > 0 and tokens[k - 1].tag_ == "TRUNC"):
            if parts[-1]:
                parts.append([])
            continue
        parts[-1].append(tok)
    parts = [p for p in parts if p]
    for k in range(len(parts) - 1, 0, -1):
        if len(parts[k]) == 1 and parts[k][0].tag_ == "NN" and _genitive_attribute(parts[k - 1]):
            # "der Bund der Grünen und Bauern", "die Vertreter der Ärzte und Apotheker": a bare noun after "und"
            # is coordinated inside the genitive, one conjunct
            between = [t for t in tokens if parts[k - 1][-1].i < t.i < parts[k][0].i]
            parts[k - 1:k + 1] = [parts[k - 1] + between + parts[k]]
    return parts


def _joins_two_names(tokens: list["Token"], k: int) -> bool:
    """Whether the word at ``k`` inside one organisation entity joins two names each known by itself ("Bundesrat und
    Parlament", "Bundestag und Bundesrat", which the tagger reads as one), not a name with "und" in it ("das
    Bundesamt für Migration und Flüchtlinge")."""
    from standpunkt.language import gazetteer

    start = k
    while start > 0 and tokens[start - 1].ent_type_ == "ORG" and tokens[start].ent_iob_ == "I":
        start -= 1
    end = k + 1
    while end < len(tokens) and tokens[end].ent_type_ == "ORG" and tokens[end].ent_iob_ == "I":
        end += 1
    left, right = tokens[start:k], tokens[k + 1:end]
    return bool(left) and bool(right) and all(
        gazetteer.organisation_for(" ".join(t.text for t in part)) is not None for part in (left, right))


def _genitive_attribute(part: list["Token"]) -> bool:
    """Whether a phrase ends in a genitive attribute after its head noun ("der Bund der Grünen")."""
    return len(part) >= 4 and part[-1].tag_ in ("NN", "NE") and part[-2].lower_ in ("der", "des") \
        and part[-2].tag_ == "ART" and part[-3].tag_ in ("NN", "NE")
