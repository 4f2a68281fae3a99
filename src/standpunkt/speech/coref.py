"""In-document speaker coreference: give every quotation its speaker's best name.

Speakers are named once and then referred to by pronoun ("Er wies darauf hin"), by a definite role phrase
("betonte der litauische Minister"), or not at all (a Konjunktiv chain). The resolver works on the speaker spans the
detector found:

- a span containing a name (person entity, or a run of proper nouns) is named by it; a short form ("Scholz") is
  expanded to the longest name in the document that ends with it ("Olaf Scholz");
- a personal/possessive pronoun resolves to the most recent earlier speaker, else the most recent person name
  (a masculine one to nobody when an unnamed man was the subject since: "ein Augenzeuge … Seiner Darstellung nach");
- a definite role phrase ("der litauische Minister", "die Ministerin") resolves to the most recent earlier speaker or
  person name whose own role words are compatible: the role head noun matches (compounds count: "Außenminister" is
  a "Minister"), given adjectives match, and a name introduced with a different role ("Bundeskanzler Scholz") is
  skipped; an indefinite phrase ("Ein Sprecher des Außenministeriums in Riga") is its own name;
- a definite person noun ("die Anwältin", "der 52-Jährige") to the most recent person name, unless someone unnamed
  came between or the name stood in a prepositional phrase.
Names inside the quotation's own message are never candidates ("…, darunter Bundeskanzler Scholz, sei …, betonte der
litauische Minister" is not Scholz).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from spacy.tokens import Doc

from standpunkt.language import gazetteer, tokens_in
from standpunkt.language.mood import plural_verb
from standpunkt.model import Quotation, Span
from standpunkt.speech.rules import FINITE_TAGS

PRONOUNS = frozenset({"er", "sie", "ihm", "ihr", "ihn", "seiner", "ihrer", "sein", "seine", "seinen", "seinem",
                      "seines", "ihre", "ihren", "ihrem", "ihres", "dieser", "diese", "jener"})
#: Heads of definite phrases that never refer to a person ("der Unabhängigkeitserklärung", "die Entscheidung",
#: "dem Bericht"): abstract suffixes and report nouns. A misplaced speaker span like these is nobody's.
NOT_A_PERSON = re.compile(r"(ung|heit|keit|ion|tät|nis|ismus|tum|ment|bericht|angaben?|meldung)$", re.IGNORECASE)
#: A source a speaker span may name instead of a person ("nach Polizeiangaben", "Medienberichten zufolge"): no
#: antecedent for a later pronoun.
SOURCE_NOUN = re.compile(r"(berichte?n?|angaben?|meldung(en)?|einschätzung|meinung|informationen)$", re.IGNORECASE)
#: Endings of abstract nouns the tagger may take for a name ("zu der Entscheidung Stellung nehmen").
ABSTRACT_ENDING = re.compile(r".{4,}(ung|heit|keit|tät)$")  # not "Jung", "Leung", "Young"
#: Nouns of a source phrase with a possessive ("seiner Meinung nach"): the possessive's referent speaks.
OPINION_NOUN = re.compile(r"(meinung|ansicht|einschätzung|auffassung|überzeugung|worten?|angaben|aussagen?|sicht)$",
                          re.IGNORECASE)
DEFINITE = frozenset({"der", "die", "das", "des", "dem", "den", "dieser", "diese", "dieses", "diesem", "diesen"})
INDEFINITE = frozenset({"ein", "eine", "einer", "eines", "einem", "einen"})
#: Tags of words that can describe a person's role before a name ("der litauische Verteidigungsminister X").
ROLE_WORD_TAGS = frozenset({"NN", "ADJA"})
#: Shortest suffix match for a compound role head ("Außenminister" ends with "minister").
MIN_HEAD_CHARS = 4
#: Entity labels taken as possible persons: the statistical NER confuses rare surnames with places ("Landsbergis"
#: as LOC: a person where a role stands before it; in a speaker's position the entity layer makes it PER), while
#: countries and organisations come mostly from gazetteers and are reliable.
NAME_LABELS = frozenset({"PER", "LOC", "MISC"})
#: How many earlier name mentions/speakers a pronoun or role phrase may look back over.
MAX_CANDIDATES = 30
ORG_LABELS = frozenset({"ORG", "GPE"})
#: Words of a quantity before a unit ("3,5 Milliarden Euro"): the unit after them names no one.
_QUANTITY_NOUNS = frozenset({"millionen", "milliarden", "billionen", "tausend", "hundert", "million", "milliarde"})


@dataclass
class Mention:
    start: int  # char offsets
    end: int
    name: str
    kind: str  # "PER" or "ORG"
    role_nouns: list[str] = field(default_factory=list)
    role_adjs: list[str] = field(default_factory=list)
    oblique: bool = False  # inside a prepositional phrase ("gegenüber der Voice of America"): no subject antecedent
    sex: str | None = None  # "f"/"m" as a noun next to the name or its first name marks it ("Bundeskanzlerin Merkel")
    guessed: bool = False  # a proper noun the entity layer did not mark: maybe a surname, maybe a thing ("Ethanol")
    genitive: bool = False  # a surname in the genitive after a noun ("die Anwältin Samanis"): the noun is not theirs


def _name_mentions(doc: Doc) -> list[Mention]:
    """Person (and organisation) names with the role words written right before them."""
    out: list[Mention] = []
    seen: set[tuple[int, int]] = set()
    ent_spans = [(e.start, e.end, e.label_) for e in doc.ents if e.label_ in NAME_LABELS | ORG_LABELS]
    covered = set()
    for s, e, _ in ent_spans:
        covered.update(range(s, e))
    # proper-noun runs the entity layer missed
    i = 0
    while i < len(doc):
        if doc[i].tag_ == "NE" and i not in covered:
            j = i
            while j < len(doc) and doc[j].tag_ == "NE" and j not in covered:
                j += 1
            ent_spans.append((i, j, "PER?"))
            i = j
        else:
            i += 1
    surnames = {doc[e - 1].text for s, e, label in ent_spans if label == "PER" and e - s > 1}
    for s, e, label in sorted(ent_spans):
        if (s, e) in seen or label in ("PER", "PER?") and e - s == 1 and ABSTRACT_ENDING.search(doc[s].text) \
                and doc[s].text not in surnames:
            continue  # a noun taken for a name ("nahm zu der Entscheidung Stellung"), not "Sabine Hartung"
        if label == "MISC" and doc[s].tag_ == "NN":
            continue  # a common noun the entity layer took into a name ("mit Stimme Österreichs"): no one
        if label != "PER" and s > 0 and (doc[s - 1].tag_ == "CARD" or doc[s - 1].lower_ in _QUANTITY_NOUNS):
            continue  # a unit after a number ("3,5 Milliarden Euro", MISC): no one a later "er" refers to
        seen.add((s, e))
        if label != "PER" and 1 < s and e < len(doc) and doc[s - 1].text == "(" and doc[e].text == ")" \
                and doc[s - 2].tag_ == "NE":
            continue  # a name's party in brackets ("Marie Muster (FDP)"): her affiliation, no one a "sie" refers to
        nouns, adjs = [], []
        k = s - 1
        while k >= 0 and doc[k].tag_ in ROLE_WORD_TAGS and s - k <= 4:
            (nouns if doc[k].tag_ == "NN" else adjs).append(doc[k].text.lower())
            k -= 1
        kind = "ORG" if label in ORG_LABELS else "PER"
        if label == "LOC" and not any(gazetteer.role_info(n) for n in nouns) \
                and not gazetteer.is_given_name(doc[s].text):
            continue  # a place ("in London und Glasgow"); a name the NER took for one has a role or first name
        if not nouns and not adjs and s > 0 and (doc[s - 1].tag_ == "PPOSAT" and kind == "PER"
                                                 or doc[s - 1].tag_ == "ART" and label == "PER?"):
            continue  # a noun taken for a name ("ihr Vieh", "die Occupy Bewegung"): a name takes no article
        while k >= 0 and doc[k].tag_ in ("ART", "ADJA", "PPOSAT"):
            k -= 1
        oblique = k >= 0 and doc[k].tag_ in ("APPR", "APPRART", "APPO") and not _stance_from(doc, k)
        sex = None
        if kind == "PER":  # what the role before it, an apposition or the first name says
            sex = next((g for g in map(gazetteer.person_gender, nouns) if g), None) or _apposition_sex(doc, s, e) \
                or (gazetteer.first_name_sex(doc[s].text) if e - s > 1 else None)
        out.append(Mention(doc[s].idx, doc[e - 1].idx + len(doc[e - 1].text), doc[s:e].text, kind, nouns, adjs,
                           oblique, sex, label == "PER?"))
    out.sort(key=lambda m: m.start)
    surnames = _last_word_index(out)
    for m in out:
        if m.kind == "PER" and _genitive_of(m.name, surnames):
            # a surname in the genitive ("die Anwältin Samanis", "die Vorwürfe Gysis") is an attribute of the noun
            # before it: no subject a later pronoun or role refers to, and that noun's sex is not its own
            m.oblique, m.sex, m.genitive = True, None, True
    return out


def _stance_from(doc: Doc, k: int) -> bool:
    """Whether the preposition at ``k`` names where a stance comes from ("Zustimmung kam dagegen vom früheren
    Generalstabschef X"): who it names speaks, and a later "er" may refer to them."""
    return doc[k].lower_ in ("von", "vom") and any(
        t.tag_ == "VVFIN" and (t.lemma_ or "").lower() == "kommen" for t in doc[doc[k].sent.start:k])


def _genitive_of(name: str, last_forms: dict[str, str]) -> str | None:
    """The surname a one-word name is the genitive of ("Gysis" → "Gysi"), when the document names that surname."""
    if " " in name or len(name) <= 3 or not name.endswith("s") or name[:-1] not in last_forms:
        return None
    return name[:-1]


#: Tags of a noun phrase an apposition can stand next to ("die innenpolitische Sprecherin der FDP-Fraktion, X").
_PHRASE_TAGS = frozenset({"ART", "PPOSAT", "ADJA", "ADJD", "CARD", "NN", "NE", "TRUNC", "KON", "APPR", "APPRART"})


def _apposition_sex(doc: Doc, s: int, e: int) -> str | None:
    """The sex the noun of an apposition to the name doc[s:e] marks: the phrase right before its comma ("die
    Sprecherin der FDP-Fraktion, Gisela Piltz", "dem Vize-Außenminister für internationale Beziehungen, Abbas
    Araghchi": its first noun if a person's, else its last person noun, "Kritik an den Plänen des
    Bundesinnenministers, Wolfgang Schäuble"), or the one after it ("Gisela Piltz, die Sprecherin der Partei")."""
    nouns: list[str] = []
    if s >= 2 and doc[s - 1].text == ",":
        k = s - 2
        while k >= 0 and doc[k].tag_ in _PHRASE_TAGS and not doc[k].is_sent_end:
            k -= 1
        nouns = [t.text for t in doc[k + 1:s - 1] if t.tag_ == "NN"]
        people = [n for n in nouns if _names_a_person(n)]
        nouns = nouns[:1] if nouns and people and nouns[0] == people[0] else people[-1:]
    elif e + 1 < len(doc) and doc[e].text == ",":
        k = e + 1
        while k < len(doc) and doc[k].tag_ in ("ART", "ADJA"):
            k += 1
        nouns = [doc[k].text] if k < len(doc) and doc[k].tag_ == "NN" else []
    return next((g for g in map(gazetteer.person_gender, nouns) if g), None)


def _head_matches(role_noun: str, mention_nouns: list[str]) -> bool:
    role_noun = role_noun.lower()
    for n in mention_nouns:
        if n == role_noun:
            return True
        short, long_ = sorted((n, role_noun), key=len)
        if len(short) >= MIN_HEAD_CHARS and long_.endswith(short):
            return True
    return False


def _compatible(m: Mention, nouns: list[str], adjs: list[str]) -> bool:
    if m.kind != "PER":
        return False
    if not m.role_nouns:
        # a bare name can be referred to by any role or person noun ("der Minister", "die Anwältin" →
        # "Landsbergis"), but not by another noun: a body ("das Gericht"), a thing ("die Studie")
        return not nouns or _names_a_person(nouns[0])
    if nouns and gazetteer.AGE_NOUN.fullmatch(nouns[0]):
        return True  # "der 52-Jährige" refers to anyone named before, whatever their role
    if nouns and (info := gazetteer.role_info(nouns[0], genitive=True)) is not None and info.kind == "party":
        return True  # "die Grünen-Politikerin" after "die Umweltministerin Leonore Gewessler": a party, any office
    if nouns and gazetteer.PARTY_MEMBER_NOUN.fullmatch(nouns[0]):
        return True  # "der Sozialdemokrat" after "Justizminister Peter Hummelgaard"
    if nouns and gazetteer.is_demonym(nouns[0]):
        return True  # "sagte der Niederländer" after "EU-Klimakommissar Wopke Hoekstra": where they are from
    if nouns and not any(_head_matches(n, m.role_nouns) or _same_office(n, m.role_nouns) for n in nouns):
        return False
    if adjs and m.role_adjs and not set(a[:5] for a in adjs) & set(a[:5] for a in m.role_adjs):
        return False
    return True


#: Offices one person holds under several names ("Ministerpräsidentin" → "die Regierungschefin", "Staatspräsident"
#: → "das Staatsoberhaupt"); other kinds have many holders at once (ministers, spokespeople).
_ONE_HOLDER_KINDS = frozenset({"head_of_government", "head_of_state"})


def _same_office(noun: str, role_nouns: list[str]) -> bool:
    """Whether ``noun`` names the office a person was introduced with by another word of the same office, of the
    same sex where the noun has one."""
    info = gazetteer.role_info(noun, genitive=True)
    if info is None or info.kind not in _ONE_HOLDER_KINDS:
        return False
    return any((theirs := gazetteer.role_info(n, genitive=True)) is not None and theirs.kind == info.kind
               and not (info.gender and theirs.gender and info.gender != theirs.gender) for n in role_nouns)


def _introduced_as(noun: str, m: Mention) -> bool:
    """Whether a person was named with the person noun ``noun`` ("Bundestrainer Christian Prokop"), of the noun's
    sex where it has one ("die Anwältin Samanis" introduces no "Anwältin" Samani)."""
    sex = gazetteer.person_gender(noun)
    return not m.genitive and _head_matches(noun, m.role_nouns) and not (sex and m.sex and sex != m.sex)


def _names_a_person(noun: str) -> bool:
    """A role ("der Minister", "des Gouverneurs") or a person noun ("die Anwältin", "der 52-Jährige")."""
    return gazetteer.is_role_noun(noun, genitive=True) or gazetteer.is_person_noun(noun)


def _longest_form(name: str, last_forms: dict[str, str]) -> str:
    """The fullest name in the document that ends with ``name`` ("Scholz" → "Olaf Scholz"), also for a surname in
    the genitive ("die Vorwürfe Gysis" → "Gregor Gysi", who is then known to be a man)."""
    words = name.split()
    if not words:
        return name
    full = last_forms.get(words[-1], name)
    if len(full) <= len(name) and (stem := _genitive_of(name, last_forms)):
        full = last_forms[stem]
    return full if len(full) > len(name) else name


def resolve_speakers(doc: Doc, quotations: list[Quotation]) -> None:
    """Fill ``speaker_name`` of every quotation (in place)."""
    mentions = _name_mentions(doc)
    text = doc.text  # spaCy rebuilds doc.text on every access: read it once
    in_message = _message_mask(text, quotations)
    unnamed, unnamed_by_sex = _unnamed_people(doc, quotations, in_message)
    last_forms = _last_word_index(mentions)
    sexes = _sexes(mentions, last_forms)
    adjectives = _adjectives(mentions, last_forms)
    # names outside any quotation message can be antecedents: (char position, name, mention)
    candidates: list[tuple[int, str, Mention | None]] = [
        (m.start, _longest_form(m.name, last_forms), m) for m in mentions if not in_message(m.start)]
    speakers = sorted((q for q in quotations if q.speaker), key=lambda q: q.speaker[0].start)
    by_speaker: dict[tuple[tuple[int, int], ...], str | None] = {}
    positions = [c[0] for c in candidates]
    for q in speakers:
        key = tuple((s.start, s.end) for s in q.speaker)
        if key in by_speaker:
            q.speaker_name = by_speaker[key]
            continue
        k = bisect.bisect_left(positions, q.speaker[0].start)
        before = candidates[max(0, k - MAX_CANDIDATES):k]
        name, mention = _resolve_one(doc, text, q, mentions, before, last_forms, unnamed, unnamed_by_sex, sexes,
                                     adjectives)
        by_speaker[key] = name
        q.speaker_name = name
        # "nach Polizeiangaben", "Angaben der Polizei" are no one
        if name and (mention is not None or not any(SOURCE_NOUN.search(w) for w in name.split())):
            k = bisect.bisect_left(positions, q.speaker[0].start)
            candidates.insert(k, (q.speaker[0].start, name, mention))
            positions.insert(k, q.speaker[0].start)


def _message_mask(text: str, quotations: list[Quotation]):
    """A fast "is this char inside some quotation message" test."""
    spans = sorted((sp.start, sp.end) for q in quotations for sp in q.message)
    merged: list[list[int]] = []
    for s, e in spans:
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    starts = [m[0] for m in merged]

    def inside(pos: int) -> bool:
        k = bisect.bisect_right(starts, pos) - 1
        return k >= 0 and merged[k][0] <= pos < merged[k][1]

    return inside


def _sexes(mentions: list[Mention], last_forms: dict[str, str]) -> dict[str, str]:
    """Each person's sex as any mention of their name marks it; a feminine form outweighs a masculine one, which also
    serves as the generic ("Premierminister Theresa May" is rare, "Premierministerin Theresa May" never a man)."""
    out: dict[str, str] = {}
    for m in mentions:
        if m.sex:
            key = _longest_form(m.name, last_forms)
            out[key] = "f" if "f" in (m.sex, out.get(key)) else m.sex
    return out


def _adjectives(mentions: list[Mention], last_forms: dict[str, str]) -> dict[str, set[str]]:
    """The role adjectives any mention of each person's name carries ("des venezolanischen Präsidenten Hugo
    Chávez"), by their first five letters, as `_compatible` compares them."""
    out: dict[str, set[str]] = {}
    for m in mentions:
        if m.kind == "PER" and m.role_adjs:
            out.setdefault(_longest_form(m.name, last_forms), set()).update(a[:5] for a in m.role_adjs)
    return out


def _sex_of(name: str, m: Mention | None, sexes: dict[str, str]) -> str | None:
    """A candidate antecedent's sex: its name's, else what a person noun in an unnamed speaker says ("Ein Sprecher
    des Ministeriums")."""
    if name in sexes or m is not None:
        return sexes.get(name)
    return next((g for g in map(gazetteer.person_gender, name.split()[:4]) if g), None)


def _last_word_index(mentions: list[Mention]) -> dict[str, str]:
    """Last word of a person name → the longest person name ending with it."""
    out: dict[str, str] = {}
    for m in mentions:
        words = m.name.split()
        if m.kind == "PER" and words and len(m.name) > len(out.get(words[-1], "")):
            out[words[-1]] = m.name
    return out


def _is_head(doc: Doc, m: Mention, speaker: list[Span]) -> bool:
    """A name is the speaker's head unless a preposition or genitive article separates it from the phrase start
    ("Ein Sprecher des Außenministeriums in Riga": Riga is not the speaker)."""
    sp = next((s for s in speaker if s.start <= m.start < s.end), None)
    if sp is None:
        return False
    span = doc.char_span(sp.start, m.start, alignment_mode="expand")
    if span is None:
        return True
    seen_noun = False
    for t in span:
        if t.tag_ in {"APPR", "APPRART", "APPO", "KOKOM"}:
            return False
        if t.tag_ == "ART" and seen_noun:
            return False
        if t.tag_ == "NN":
            seen_noun = True
    return True


def _plural_cue(doc: Doc, q: Quotation) -> bool:
    """Whether the quotation's cue has a finite verb in the plural ("erklärten", "stellten")."""
    return any(t.tag_ in FINITE_TAGS and plural_verb(t) for t in tokens_in(doc, q.cue))


def _unnamed_people(doc: Doc, quotations: list[Quotation], in_message) -> tuple[list[int], dict[str, list[int]]]:
    """Char positions of people mentioned without a name outside quotations: a role or person noun not followed by
    a name and not in an apposition to one ("ein Augenzeuge", "der Richter"; not "Justizsprecher Joachim Banke",
    "Klien, der 23-jährige Fahrer"); and by the pronoun they may be the referent of: "m" for a masculine subject
    ("ein Augenzeuge", "der Richter"; not "einem Reporter", "der Anwältin"), whom a later "er" may be, "f" for a
    woman introduced in any case ("von einer Armeesprecherin bestätigt"), whom a later "sie" may be."""
    in_speaker = set()
    for q in quotations:
        in_speaker.update(t.i for t in tokens_in(doc, q.speaker))
    out: list[int] = []
    subjects: list[int] = []
    women: list[int] = []
    for t in doc:
        if t.tag_ != "NN" or t.text.endswith("en") or t.i in in_speaker or in_message(t.idx) \
                or not _names_a_person(t.text):
            continue  # "-en": a plural ("Frauen", "Polizeibeamten") is a group, not someone a singular refers to
        nxt = doc[t.i + 1] if t.i + 1 < len(doc) else None
        if nxt is not None and (nxt.ent_type_ in NAME_LABELS or nxt.tag_ == "NE"):
            continue
        k = t.i - 1
        while k >= 0 and doc[k].tag_ in ("ART", "ADJA", "ADV"):
            k -= 1
        if k >= 1 and doc[k].text == "," and (doc[k - 1].ent_type_ in NAME_LABELS or doc[k - 1].tag_ == "NE"):
            continue
        if k >= 1 and doc[k].lower_ in ("und", "sowie") and _second_apposition(doc, k):
            continue  # "X, Vorsitzende des Kreisverbandes und Kandidatin in …": a second role of the same name
        out.append(t.idx)
        article = next((doc[j] for j in range(k + 1, t.i) if doc[j].tag_ == "ART"), None)
        genitive = article is not None and article.i > 0 and doc[article.i - 1].tag_ in ("NN", "NE")
        if article is not None and article.lower_ in ("ein", "der") and not t.text.endswith("in") and not genitive:
            subjects.append(t.idx)  # not "die Vorwürfe der kanadischen Ermittler"
        if article is not None and article.lower_ in ("eine", "einer") and gazetteer.person_gender(t.text) == "f":
            women.append(t.idx)  # "von einer Armeesprecherin bestätigt. Sie sagte …" (not "überraschte die Autorin")
    return out, {"m": subjects, "f": women}


def _second_apposition(doc: Doc, k: int) -> bool:
    """Whether the "und" at ``k`` joins a second role to an apposition after a name: a comma after a name, then a
    role or person noun, within a few words before it, with no other comma between."""
    for j in range(k - 1, max(-1, k - 12), -1):
        if doc[j].text == ",":
            return j >= 1 and (doc[j - 1].ent_type_ in NAME_LABELS or doc[j - 1].tag_ == "NE") \
                and any(x.tag_ == "NN" and _names_a_person(x.text) for x in doc[j + 1:k])
        if doc[j].is_sent_start:
            return False
    return False


def _unnamed_between(unnamed: list[int], start: int, end: int) -> bool:
    return bisect.bisect_left(unnamed, start) < bisect.bisect_left(unnamed, end)


def _resolve_one(doc: Doc, doc_text: str, q: Quotation, mentions: list[Mention],
                 before: list[tuple[int, str, Mention | None]],
                 last_forms: dict[str, str], unnamed: list[int],
                 unnamed_by_sex: dict[str, list[int]], sexes: dict[str, str],
                 adjectives: dict[str, set[str]]) -> tuple[str | None, Mention | None]:
    """The best name for one quotation's speaker, and the name mention it rests on (if any)."""
    text = " ".join(s.text(doc_text) for s in q.speaker).strip()
    if not text:
        return None, None
    lo = bisect.bisect_left(mentions, q.speaker[0].start, key=lambda m: m.start)
    hi = bisect.bisect_right(mentions, q.speaker[-1].end, key=lambda m: m.start)
    inner = [m for m in mentions[lo:hi] if any(m.start >= s.start and m.end <= s.end for s in q.speaker)]
    tokens = list(tokens_in(doc, q.speaker))
    words = [t for t in tokens if not t.is_punct]
    if not words:
        return text, None
    first = words[0].text.lower()
    if first in INDEFINITE:
        return text, None
    heads = [m for m in inner if _is_head(doc, m, q.speaker)]
    if len(heads) > 1 and any(w.lower_ in ("und", "sowie", "oder") for w in words):
        return text, None  # a coordination names several speakers: "Großbritannien, Spanien und Schweden"
    persons = [m for m in heads if m.kind == "PER"]
    if persons:
        m = persons[-1]
        return _longest_form(m.name, last_forms), m
    if heads:
        return heads[-1].name, heads[-1]
    if len(words) == 1 and words[0].text[:1].isupper():
        # a surname the taggers missed ("Lambrecht betonte", tagged an adjective): the person named so before
        named = next((m for _, name, m in reversed(before) if m is not None and m.kind == "PER"
                      and name.split()[-1] == words[0].text), None)
        if named is not None:
            return _longest_form(named.name, last_forms), named
    if len(words) == 1 and first == "es":
        return None, None  # "Wie es hieß": impersonal, nobody's words
    if len(words) == 2 and words[0].tag_ == "PPOSAT" and not OPINION_NOUN.match(words[1].text) \
            and "sprecher" not in words[1].lower_ and _names_a_person(words[1].text):
        # "erklärte ihr Vorsitzender": the chair of the one named before, not that one (a spokesperson speaks for
        # them: "sagte sein Sprecher")
        return text, None
    is_pronoun = len(words) <= 2 and (first in PRONOUNS or words[0].tag_ in {"PPER", "PPOSAT", "PDS"}) \
        or len(words) > 2 and first in ("er", "sie") and words[1].tag_ in ("APPR", "APPRART")  # "sie in Frankfurt"
    owner = next((k for k, t in enumerate(words[:-1]) if t.tag_ == "PPOSAT"
                  and OPINION_NOUN.match(words[k + 1].text)), None)
    if owner is not None:  # "seiner Meinung nach", "ihren Worten zufolge": whose opinion it is
        is_pronoun, first = True, words[owner].lower_
    if is_pronoun:
        # a demonstrative ("Dieser hatte die Sperre verfügt") points to the one named last, in whatever case
        demonstrative = len(words) == 1 and words[0].tag_ == "PDS" and first in ("dieser", "jener")
        plural_or_fem = first in ("sie", "ihre", "ihrer", "ihren", "ihrem", "ihres", "ihr")
        plural = first == "sie" and _plural_cue(doc, q)
        sex = None if plural else "f" if plural_or_fem else "m" if first in ("er", "ihm", "ihn", "dieser", "jener") \
            or first.startswith("sein") else None
        skipped = False
        for pos, name, m in reversed(before):
            if m is not None and m.oblique and not demonstrative:
                continue  # "sagte gegenüber der Voice of America …, sagte er": a pronoun subject refers to a subject
            theirs = _sex_of(name, m, sexes)
            if sex and theirs and theirs != sex:
                skipped = True
                continue  # "Die Sprecherin … kritisierte Bundesinnenminister Schäuble. Sie sagte …": not him
            if skipped and not theirs:
                continue  # past someone of the other sex, only a person known to be of the pronoun's is it
            if plural and (m.kind == "PER" if m is not None else theirs):
                return None, None  # "Einige Moslems schrieben Premier Blair. Sie drängten ihn …": an unnamed group
            if m is None or m.kind == "PER" or plural_or_fem:
                if sex and _unnamed_between(unnamed_by_sex[sex], pos + 1, q.speaker[0].start):
                    return None, None  # "Im Bericht wird ein Augenzeuge zitiert. Seiner Darstellung zufolge …"
                return name, m
        return text, None
    if first in DEFINITE and _plural_cue(doc, q):
        return text, None  # "Die Forscher formulierten …": a group, not the person named last
    if first in DEFINITE:
        named = next((m for m in mentions[hi:hi + 1] if m.kind == "PER"), None)
        if named is not None and doc_text[q.speaker[-1].end:named.start].strip() == ",":
            # the span stopped before its apposition: "der parlamentarische Geschäftsführer der Grünen, Volker Beck"
            return _longest_form(named.name, last_forms), named
        # nouns, with a nominalised age the tagger reads as an adjective ("Der 52-Jährige")
        nouns = [t.text for t in words if t.tag_ == "NN" or gazetteer.AGE_NOUN.fullmatch(t.text)]
        adjs = [t.text.lower() for t in words if t.tag_ == "ADJA" and not gazetteer.AGE_NOUN.fullmatch(t.text)]
        head = nouns[:1]  # the role head; later nouns are genitive attributes ("der Sprecher des Ministeriums")
        if head and len(nouns) > 1 and not _names_a_person(head[0]) and _names_a_person(nouns[1]):
            head = nouns[1:2]  # the author of a thing: "die Vorwürfe der Anwältin", "der Bericht des Generalsekretärs"
        if head and len(nouns) == 1 and NOT_A_PERSON.search(head[0]):
            return None, None  # "die Entscheidung": nobody, and no antecedent for a later "sie"
        if head and len(words) <= 4:
            # a person noun, unlike an office, also names people introduced without a name ("ein Augenzeuge", "der
            # Hausbesitzer"): such a phrase after the candidate, or a candidate in a prepositional phrase, means the
            # phrase refers to someone unnamed
            by_office = gazetteer.is_role_noun(head[0], genitive=True)
            compatible = [(pos, name, m) for pos, name, m in reversed(before)
                          if m is not None and _compatible(m, head, adjs)]
            if len(words) == 2 and not by_office:
                # "der Bundestrainer" is the one introduced as such ("Bundestrainer Christian Prokop"), before a
                # nearer bare name ("Timo Kastening"); an office may have had several holders ("Papst Gregor XII.")
                compatible.sort(key=lambda c: not _introduced_as(head[0], c[2]))
            if by_office and len(words) > 2:
                # an office described further refers to the name introduced with it, before a nearer bare name ("Der
                # Informationsminister Barnaba Marial Benjamin … die Ngok Dinka … Der Informationsminister des
                # Südsudans sagte"; a bare "der Papst" stays the nearest name)
                compatible.sort(key=lambda c: not c[2].role_nouns)
            if adjs:
                # an adjective of the phrase that a name was introduced with elsewhere in the document picks that
                # name before a nearer bare one ("des venezolanischen Präsidenten Hugo Chávez … Chávez vertritt wie
                # Fidel Castro die Ansicht … Der venezolanische Staatschef" is Chávez)
                wanted = {a[:5] for a in adjs}
                compatible.sort(key=lambda c: not wanted & adjectives.get(c[1], set()))
            for pos, name, m in compatible[:1]:
                # an office may refer to a name in a prepositional phrase ("traf Präsident X … Der Präsident sagte"),
                # unless nothing but the tagger says it is a name ("die Herstellung von Ethanol")
                # (introduced with the noun, inside a phrase too: "das Team von Bundestrainer Christian Prokop")
                if (not by_office or (m.guessed and not m.role_nouns)) \
                        and (m.oblique and not _introduced_as(head[0], m)
                             or _unnamed_between(unnamed, max(pos, m.end), q.speaker[0].start)):
                    return None, None
                return name, m
        if head and not _names_a_person(head[0]):
            return None, None  # "Die Behörden", "das Gericht": no person, and no antecedent for a later "er"
    return text, None
