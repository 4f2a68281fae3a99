"""Role + name mentions: "Bundeskanzler Scholz", "der litauische Verteidigungsminister Anusauskas",
"Frankreichs Präsident Macron", "US-Präsident Biden", "ein Sprecher des Außenministeriums in Riga",
"Kanzler Olaf Scholz (SPD)", "Die Abgeordnete der Linken, Sahra Wagenknecht,".

The component writes ``doc.spans["mentions"]`` (a SpanGroup, in text order). Each span covers the article (if any)
through the name (or through the role / organisation phrase when there is no name) and carries extensions:

- ``span._.role``: canonical role ("Verteidigungsminister"; "Außenministerin" → "Außenminister")
- ``span._.role_kind``: kind from the roles table (minister, head_of_state, spokesperson, …)
- ``span._.gender``: "f" for feminine role forms, else None
- ``span._.country``: canonical country from an adjective ("litauische"), a genitive ("Frankreichs"), a compound
  prefix ("US-Präsident"), a place after the role ("in Riga") or the organisation's country; else None
- ``span._.organisation``: canonical organisation or party ("SPD-Chef" → SPD, "Sprecher des Auswärtigen Amts")
- ``span._.name``: the name as written ("Anusauskas", "Annalena Baerbock") or None
- ``span._.name_start`` / ``span._.name_end``: token offsets of the name in the doc (None without a name)

A name found this way that is not yet an entity is added to ``doc.ents`` as PER (replacing a shorter PER entity
inside it: "Ursula" → "Ursula von der Leyen").
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from standpunkt.language import gazetteer

MENTIONS_KEY = "mentions"
#: Most tokens a name may have ("Karl-Theodor zu Guttenberg" = 3).
MAX_NAME_TOKENS = 4
NAME_TAGS = frozenset({"NE", "FM", "XY", "NN"})
NAME_PARTICLES = frozenset({"von", "van", "de", "zu", "der", "den", "da", "di", "del", "bin", "al", "el", "ter"})
ARTICLES = frozenset({"der", "die", "das", "des", "dem", "den", "ein", "eine", "eines", "einem", "einen", "einer"})
#: Capitalised words that follow roles but are not names.
NOT_NAMES = frozenset({"Herr", "Frau", "Dr.", "Prof.", "Doktor", "Professor", "Ende", "Anfang", "Mitte", "Montag",
                       "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag", "Heute", "Gestern"})

_EXTENSIONS = ("role", "role_kind", "gender", "country", "organisation", "name", "name_start", "name_end")
for _ext in _EXTENSIONS:
    if not Span.has_extension(_ext):
        Span.set_extension(_ext, default=None)


def _is_role(tok) -> bool:
    return tok.text[:1].isupper() and tok.tag_ in ("NN", "NE") and gazetteer.is_role_noun(tok.text)


def _prefix_context(text: str, role: str) -> tuple[str | None, str | None]:
    """(country, organisation) from a compound role's first part: "US-Präsident", "SPD-Chef", "Kremlsprecher"."""
    if "-" in text:
        prefix = text.rsplit("-", 1)[0]
    else:
        head = role.lower()
        low = text.lower()
        prefix = ""
        for h in gazetteer.ROLE_HEADS:
            if low.endswith(h) or low.endswith(h + "in"):
                cut = low.rfind(h)
                if cut > 0:
                    prefix = text[:cut]
                break
        if not prefix or prefix.lower() == head:
            return None, None
    org = gazetteer.organisation_for(prefix)
    country = gazetteer.country_for(prefix)
    if org is not None:
        return (country or org.country), org.name
    return country, None


#: Nouns of set phrases after a name particle ("zu Beginn", "von Anfang an", "zu Hause"): no part of the name.
_PHRASE_NOUNS = frozenset({"beginn", "anfang", "ende", "mitte", "zeit", "hause", "fuß", "recht", "gast", "unrecht"})


def _extend_name(doc: Doc, end: int, limit: int) -> int:
    """Extend a name over particles and further capitalised name tokens ("Ursula" + "von der Leyen"); an article
    only after another particle ("van den Berg", not "Benjamin Netanyahu den US-Luftangriff")."""
    while end < len(doc) and end < limit:
        k = end
        while k < len(doc) and doc[k].text in NAME_PARTICLES and (k > end or doc[k].text not in ARTICLES):
            k += 1
        nxt = doc[k] if k < len(doc) else None
        if nxt is None or not nxt.text[:1].isupper() or nxt.tag_ not in ("NE", "FM", "XY", "NN") \
                or gazetteer.country_for(nxt.text) or _is_role(nxt) or nxt.is_sent_start:
            break
        if k == end and nxt.tag_ == "NN":
            break  # a common noun right after the name ("Scholz Bundeskanzler" is not one name)
        if k > end and nxt.lower_ in _PHRASE_NOUNS:
            break  # "Peer Steinbrück zu Beginn der Debatte", "zu Recht": a phrase, not "zu Guttenberg"
        end = k + 1
    return end


def _name_after(doc: Doc, i: int, ent_starts: dict[int, Span]) -> tuple[int, int] | None:
    """Token range of a person name starting at token i, or None."""
    if i >= len(doc):
        return None
    tok = doc[i]
    ent = ent_starts.get(i)
    if ent is not None:
        if ent.label_ != "PER":
            return None
        return ent.start, _extend_name(doc, ent.end, ent.start + MAX_NAME_TOKENS + 2)
    if not tok.text[:1].isupper() or tok.text in NOT_NAMES or tok.tag_ not in NAME_TAGS:
        return None
    if gazetteer.country_for(tok.text) or gazetteer.organisation_for(tok.text) or _is_role(tok):
        return None
    if tok.tag_ == "NN" and not gazetteer.is_first_name(tok.text) and tok.is_sent_start is False and \
            tok.lemma_.lower() != tok.text.lower():
        return None  # an inflected common noun ("Treffen"), not a name
    end = i + 1
    while end < len(doc) and end - i < MAX_NAME_TOKENS:
        nxt = doc[end]
        if nxt.text[:1].isupper() and nxt.tag_ in ("NE", "FM", "XY") and not gazetteer.country_for(nxt.text):
            end += 1
            continue
        break
    return i, _extend_name(doc, end, i + MAX_NAME_TOKENS + 2)


def _apposition_name(doc: Doc, k: int, ent_starts: dict[int, Span]) -> tuple[int, int] | None:
    """", Sahra Wagenknecht," after a role phrase: a name between commas (a PER entity or a known first name)."""
    if k + 1 >= len(doc) or doc[k].text != ",":
        return None
    ent = ent_starts.get(k + 1)
    if ent is not None and ent.label_ != "PER":
        return None
    if ent is None and not gazetteer.is_first_name(doc[k + 1].text):
        return None
    name = _name_after(doc, k + 1, ent_starts)
    if name is None:
        return None
    after = doc[name[1]].text if name[1] < len(doc) else "."
    return name if after in (",", ".", ";", ":", "(") else None


def _party_in_brackets(doc: Doc, end: int) -> str | None:
    """"(SPD)" right after a name: the party."""
    if end + 2 < len(doc) and doc[end].text == "(" and doc[end + 2].text == ")":
        party = gazetteer.party_for(doc[end + 1].text)
        return party.name if party is not None else None
    return None


def find_mentions(doc: Doc) -> list[Span]:
    """Role + name mentions of a tagged doc (see module docstring)."""
    ent_starts = {e.start: e for e in doc.ents}
    mentions: list[Span] = []
    used_until = -1
    for tok in doc:
        if tok.i <= used_until or not _is_role(tok):
            continue
        info = gazetteer.role_info(tok.text)
        if info is None:
            continue
        start = tok.i
        country, organisation = _prefix_context(tok.text, info.role)
        # Left context: adjectives (country adjective), a genitive country ("Frankreichs"), an article.
        j = tok.i - 1
        while j >= 0 and doc[j].tag_ == "ADJA":
            country = country or gazetteer.country_for(doc[j].text)
            start = j
            j -= 1
        if j >= 0 and doc[j].tag_ in ("NE", "NN") and doc[j].text.endswith("s") and gazetteer.country_for(doc[j].text):
            country = country or gazetteer.country_for(doc[j].text)
            start = j
            j -= 1
        if j >= 0 and doc[j].text.lower() in ARTICLES:
            start = j
        end = tok.i + 1
        # Right context: "des Außenministeriums", "der SPD", "in Riga".
        k = end
        if k < len(doc) and doc[k].text in ("des", "der"):
            m = k + 1
            while m < len(doc) and doc[m].tag_ == "ADJA":
                m += 1
            if m < len(doc) and doc[m].text[:1].isupper():
                # Multi-word bodies ("des Auswärtigen Amts") are matched on the two-word phrase first.
                phrase2 = doc[m - 1: m + 1].text if m - 1 > k else None
                org = (gazetteer.organisation_for(phrase2) if phrase2 else None) or \
                    gazetteer.organisation_for(doc[m].text)
                c = gazetteer.country_for(doc[m].text)
                if org is not None or c is not None:
                    organisation = organisation or (org.name if org else None)
                    country = country or c or (org.country if org else None)
                    end = m + 1
                    k = end
        if k + 1 < len(doc) and doc[k].text in ("in", "aus") and gazetteer.country_for(doc[k + 1].text):
            country = country or gazetteer.country_for(doc[k + 1].text)
            end = k + 2
            k = end
        # A name follows the role directly ("Verteidigungsminister Anusauskas"); after an organisation or place
        # phrase only as an apposition ("Die Abgeordnete der Linken, Sahra Wagenknecht,"); "Ein Sprecher des
        # Außenministeriums in Riga" has no name.
        name_range = _name_after(doc, k, ent_starts) if k == tok.i + 1 else None
        if name_range is None:
            name_range = _apposition_name(doc, k, ent_starts)
        if name_range is not None:
            end = name_range[1]
            organisation = organisation or _party_in_brackets(doc, end)
        span = Span(doc, start, end, label="MENTION")
        span._.role = info.role
        span._.role_kind = info.kind
        span._.gender = info.gender
        span._.country = country
        span._.organisation = organisation
        if name_range is not None:
            span._.name = doc[name_range[0]: name_range[1]].text
            span._.name_start, span._.name_end = name_range
        mentions.append(span)
        used_until = end - 1
    return mentions


def _add_person_entities(doc: Doc, mentions: list[Span]) -> None:
    ents = list(doc.ents)
    added = False
    for m in mentions:
        if m._.name_start is None:
            continue
        s, e = m._.name_start, m._.name_end
        inside = [x for x in ents if s <= x.start and x.end <= e]
        if any(x.label_ != "PER" for x in inside):
            continue
        others = [x for x in ents if x not in inside and x.start < e and s < x.end]
        if others or (len(inside) == 1 and (inside[0].start, inside[0].end) == (s, e)):
            continue
        # The name is new, or longer than the PER entity inside it ("Ursula" → "Ursula von der Leyen").
        ents = [x for x in ents if x not in inside] + [Span(doc, s, e, label="PER")]
        added = True
    if added:
        doc.ents = sorted(ents, key=lambda x: x.start)


@Language.component("standpunkt_mentions")
def mentions_component(doc: Doc) -> Doc:
    """Write ``doc.spans["mentions"]`` and add the names found to ``doc.ents``."""
    mentions = find_mentions(doc)
    doc.spans[MENTIONS_KEY] = mentions
    _add_person_entities(doc, mentions)
    return doc
