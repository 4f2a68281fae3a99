"""In-document speaker coreference: give every quotation its speaker's best name.

Speakers are named once and then referred to by pronoun ("Er wies darauf hin"), by a definite role phrase
("betonte der litauische Minister"), or not at all (a Konjunktiv chain). The resolver works on the speaker spans the
detector found:

- a span containing a name (person entity, or a run of proper nouns) is named by it; a short form ("Scholz") is
  expanded to the longest name in the document that ends with it ("Olaf Scholz");
- a personal/possessive pronoun resolves to the most recent earlier speaker, else the most recent person name;
- a definite role phrase ("der litauische Minister", "die Ministerin") resolves to the most recent earlier speaker or
  person name whose own role words are compatible: the role head noun matches (compounds count: "Außenminister" is
  a "Minister"), given adjectives match, and a name introduced with a different role ("Bundeskanzler Scholz") is
  skipped; an indefinite phrase ("Ein Sprecher des Außenministeriums in Riga") is its own name.
Names inside the quotation's own message are never candidates ("…, darunter Bundeskanzler Scholz, sei …, betonte der
litauische Minister" is not Scholz).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc

from standpunkt.model import Quotation, Span

PRONOUNS = frozenset({"er", "sie", "ihm", "ihr", "ihn", "seiner", "ihrer", "sein", "seine", "seinen", "seinem",
                      "seines", "ihre", "ihren", "ihrem", "ihres", "dieser", "diese", "jener"})
DEFINITE = frozenset({"der", "die", "das", "des", "dem", "den", "dieser", "diese", "dieses", "diesem", "diesen"})
INDEFINITE = frozenset({"ein", "eine", "einer", "eines", "einem", "einen"})
#: Tags of words that can describe a person's role before a name ("der litauische Verteidigungsminister X").
ROLE_WORD_TAGS = frozenset({"NN", "ADJA"})
#: Shortest suffix match for a compound role head ("Außenminister" ends with "minister").
MIN_HEAD_CHARS = 4
NAME_LABELS = frozenset({"PER"})
ORG_LABELS = frozenset({"ORG", "GPE", "LOC"})


@dataclass
class Mention:
    start: int  # char offsets
    end: int
    name: str
    kind: str  # "PER" or "ORG"
    role_nouns: list[str] = field(default_factory=list)
    role_adjs: list[str] = field(default_factory=list)


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
    for s, e, label in sorted(ent_spans):
        if (s, e) in seen:
            continue
        seen.add((s, e))
        nouns, adjs = [], []
        k = s - 1
        while k >= 0 and doc[k].tag_ in ROLE_WORD_TAGS and s - k <= 4:
            (nouns if doc[k].tag_ == "NN" else adjs).append(doc[k].text.lower())
            k -= 1
        kind = "ORG" if label in ORG_LABELS else "PER"
        out.append(Mention(doc[s].idx, doc[e - 1].idx + len(doc[e - 1].text), doc[s:e].text, kind, nouns, adjs))
    out.sort(key=lambda m: m.start)
    return out


def _tokens_in(doc: Doc, spans: list[Span]):
    for sp in spans:
        cs = doc.char_span(sp.start, sp.end, alignment_mode="expand")
        if cs is not None:
            yield from cs


def _inside(m: Mention, spans: list[Span]) -> bool:
    return any(m.start >= s.start and m.end <= s.end for s in spans)


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
        return True  # a bare name can be referred to by any role
    if nouns and not any(_head_matches(n, m.role_nouns) for n in nouns):
        return False
    if adjs and m.role_adjs and not set(a[:5] for a in adjs) & set(a[:5] for a in m.role_adjs):
        return False
    return True


def _longest_form(name: str, mentions: list[Mention]) -> str:
    """The fullest name in the document that ends with ``name`` ("Scholz" → "Olaf Scholz")."""
    last = name.split()[-1] if name.split() else name
    best = name
    for m in mentions:
        words = m.name.split()
        if words and words[-1] == last and len(m.name) > len(best) and m.kind == "PER":
            best = m.name
    return best


def resolve_speakers(doc: Doc, quotations: list[Quotation]) -> None:
    """Fill ``speaker_name`` of every quotation (in place)."""
    mentions = _name_mentions(doc)
    resolved: list[tuple[int, str, Mention | None]] = []  # (char start of speaker, name, mention) of earlier speakers
    by_speaker: dict[tuple[tuple[int, int], ...], str | None] = {}
    for q in sorted(quotations, key=lambda q: q.speaker[0].start if q.speaker else 0):
        if not q.speaker:
            continue
        key = tuple((s.start, s.end) for s in q.speaker)
        if key in by_speaker:
            q.speaker_name = by_speaker[key]
            continue
        name, mention = _resolve_one(doc, q, mentions, resolved)
        by_speaker[key] = name
        q.speaker_name = name
        if name:
            resolved.append((q.speaker[0].start, name, mention))


def _resolve_one(doc: Doc, q: Quotation, mentions: list[Mention],
                 resolved: list[tuple[int, str, Mention | None]]) -> tuple[str | None, Mention | None]:
    start = q.speaker[0].start
    text = " ".join(s.text(doc.text) for s in q.speaker).strip()
    if not text:
        return None, None
    inner = [m for m in mentions if any(m.start >= s.start and m.end <= s.end for s in q.speaker)]
    persons = [m for m in inner if m.kind == "PER"]
    if persons:
        m = persons[-1]
        return _longest_form(m.name, mentions), m
    tokens = list(_tokens_in(doc, q.speaker))
    words = [t for t in tokens if not t.is_punct]
    if not words:
        return text, None
    first = words[0].text.lower()
    earlier = [m for m in mentions if m.end <= start and not _inside(m, q.message)]
    is_pronoun = len(words) <= 2 and (first in PRONOUNS or words[0].tag_ in {"PPER", "PPOSAT", "PDS"})
    if is_pronoun:
        for _, name, m in reversed(resolved):
            if m is None or m.kind == "PER" or first in ("sie", "ihre", "ihrer", "ihren", "ihrem"):
                return name, m
        persons_before = [m for m in earlier if m.kind == "PER"]
        if persons_before:
            return _longest_form(persons_before[-1].name, mentions), persons_before[-1]
        return text, None
    if first in DEFINITE and not inner:
        nouns = [t.text for t in words if t.tag_ == "NN"]
        adjs = [t.text.lower() for t in words if t.tag_ == "ADJA"]
        head = nouns[:1]  # the role head; later nouns are genitive attributes ("der Sprecher des Ministeriums")
        if head and len(words) <= 4:
            for _, name, m in reversed(resolved):
                if m is not None and _compatible(m, head, adjs):
                    return name, m
            for m in reversed(earlier):
                if _compatible(m, head, adjs):
                    return _longest_form(m.name, mentions), m
    if inner:
        return _longest_form(inner[-1].name, mentions), inner[-1]
    return text, None
