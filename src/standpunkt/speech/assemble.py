"""From token labels to quotation groups.

The CRF labels message tokens (with their form) and role tokens (cue, speaker, addressee, other frame tokens); this
module turns them into :class:`~standpunkt.model.Quotation` objects using the grammar of German reported speech:

- role chunks attach to a message in their sentence: a chunk that starts with its cue ("…, sagte Scholz", "…, so
  Landsbergis", "laut X") belongs to the message before it, otherwise ("Scholz sagte, …") to the one after it;
  without a message in the sentence, to the nearest message in a neighbouring sentence ("Er sagte:" + quote);
- two parts of one message interrupted by an inline frame ("Es handele sich ersten Angaben zufolge um …") are one
  quotation with two message spans; direct quotes around a frame stay two quotations, as in the gold scheme;
- a message without a speaker of its own (free indirect speech, a Konjunktiv chain continuing over sentences)
  inherits the speaker and medium of the quotation before it;
- quotation marks inside an indirect or reported message give a nested direct quotation with the same roles.
"""

from __future__ import annotations

import bisect
import math
import re
from dataclasses import dataclass, field

from standpunkt.language import gazetteer
from standpunkt.language.mentions import NAME_PARTICLES
from standpunkt.language.phrases import surname_look_alike
from standpunkt.model import Quotation, Span
from standpunkt.speech.features import TokenInfo
from standpunkt.speech.labels import MESSAGE_SPEAKER
from standpunkt.speech.lexicon import CueLexicon
from standpunkt.speech.quotemarks import find_quote_pairs, outer_pairs

ROLE_OF_LABEL = {"CUE": "cue", "SPK": "speaker", "ADR": "addressee", "FRM": "frame"}
#: A role chunk further than this many tokens from any message attaches to none.
MAX_ATTACH_TOKENS = 40
#: Role chunks closer than this many tokens are one frame span.
FRAME_JOIN_GAP = 3
#: Speaker inheritance reaches back at most this many sentences (a Konjunktiv chain rarely runs longer).
MAX_INHERIT_SENTENCES = 6
#: Shortest quotation-mark pair (chars, marks included) taken as a nested direct quotation.
MIN_NESTED_CHARS = 3
#: A quoted stretch of at most this many capitalised words without a cue is a name or title, not a quotation
#: (no gold direct quotation in the training data has that shape).
MAX_NAME_TOKENS = 3
#: Forms whose frame needs a cue: free indirect speech never has a frame of its own in the training data, and
#: indirect speech with a speaker has a cue in 1,329 of 1,367 cases; role tokens without a cue next to such a
#: message are message, and the speaker comes from the context.
FRAME_NEEDS_CUE = frozenset({"FreeIndirect", "IndirectFreeIndirect", "Indirect"})
#: Forms of a message that may go on without a frame of its own (the CRF labels some free indirect sentences
#: "Indirect"; with them five-fold CV roles 64.92 → 64.95, speaker accuracy 72.24 → 72.47).
FREE_FORMS = frozenset({"FreeIndirect", "IndirectFreeIndirect", "Indirect"})
#: The reportative modal: "X soll … getan haben" reports what others say about X.
REPORTATIVE_MODALS = frozenset({"soll", "sollen"})


@dataclass
class Segment:
    form: str
    start: int  # token index
    end: int  # exclusive
    sent: int
    confidence: float = 1.0
    parts: list[tuple[int, int]] = field(default_factory=list)
    chunks: list[tuple[int, int]] = field(default_factory=list)


def _segments(labels: list[str], infos: list[TokenInfo], conf: list[float]) -> list[Segment]:
    """Runs of message tokens; ``B-`` starts a new run, ``MSPK`` (message + speaker) continues or starts one."""
    segs: list[Segment] = []
    cur: Segment | None = None
    forms: dict[str, int] = {}

    def close() -> None:
        if cur is not None:
            cur.form = max(forms, key=lambda f: forms[f]) if forms else "Reported"

    for i, lab in enumerate(labels):
        is_msg = lab.startswith(("B-", "I-")) or lab == MESSAGE_SPEAKER
        if not is_msg:
            close()
            cur = None
            continue
        form = lab[2:] if lab != MESSAGE_SPEAKER else None
        contiguous = cur is not None and cur.end == i and infos[i].sent - infos[cur.end - 1].sent <= 1
        if contiguous and lab == MESSAGE_SPEAKER and infos[i].sent != infos[i - 1].sent:
            contiguous = False  # a speaker opening a sentence opens its own message ("Söder lehnte das ab.")
        if contiguous and not lab.startswith("B-"):
            assert cur is not None
            cur.end = i + 1
        elif contiguous and lab.startswith("B-") and all(labels[k] == MESSAGE_SPEAKER for k in range(cur.start, i)):
            cur.end = i + 1  # "Die Welle(MSPK) berichtet(B-Reported)": the speaker opened the message
        else:
            close()
            cur = Segment(form=form or "", start=i, end=i + 1, sent=infos[i].sent)
            forms = {}
            segs.append(cur)
        if form:
            forms[form] = forms.get(form, 0) + 1
    close()
    for s in segs:
        s.parts = [(s.start, s.end)]
        s.confidence = sum(conf[s.start:s.end]) / (s.end - s.start)
    return segs


def _chunks(labels: list[str], infos: list[TokenInfo]) -> list[tuple[int, int]]:
    """Maximal runs of role tokens within one sentence."""
    out: list[tuple[int, int]] = []
    i = 0
    n = len(labels)
    while i < n:
        if labels[i] in ROLE_OF_LABEL:
            j = i
            while j < n and labels[j] in ROLE_OF_LABEL and infos[j].sent == infos[i].sent:
                j += 1
            out.append((i, j))
            i = j
        else:
            i += 1
    return out


def _segment_sents(seg: Segment, infos: list[TokenInfo]) -> tuple[int, int]:
    return infos[seg.start].sent, infos[seg.end - 1].sent


def _attach(chunks: list[tuple[int, int]], segs: list[Segment], labels: list[str],
            infos: list[TokenInfo]) -> None:
    by_sent: dict[int, list[Segment]] = {}
    for seg in segs:
        first, last = _segment_sents(seg, infos)
        for s in range(first, last + 1):
            by_sent.setdefault(s, []).append(seg)
    for a, b in chunks:
        sent = infos[a].sent
        same = by_sent.get(sent, [])
        before = [s for s in same if s.end <= a]
        after = [s for s in same if s.start >= b]
        target: Segment | None = None
        cue_first = labels[a] == "CUE"
        if before and after:
            prev, nxt = before[-1], after[0]
            if cue_first and a - prev.end <= 2:
                target = prev
            else:
                target = nxt if nxt.start - b <= a - prev.end or not cue_first else prev
        elif before or after:
            target = before[-1] if before else after[0]
        else:
            near = {id(s): s for k in (sent - 1, sent + 1) for s in by_sent.get(k, [])}.values()
            best = None
            for s in near:
                gap = a - s.end if s.end <= a else s.start - b
                between = range(s.end, a + 1) if s.end <= a else range(b, s.start + 1)
                if any(infos[k].newline_before for k in between if k < len(infos)):
                    continue  # a frame speaks of its own paragraph's words, not of the one before or after
                if 0 <= gap <= MAX_ATTACH_TOKENS and (best is None or gap < best[0]):
                    best = (gap, s)
            # across sentences only a frame with its cue ("Das sagte Roth."): a lone subject labelled speaker
            # ("Roth begrüßte die Einigung.") is no frame of the sentence before
            target = best[1] if best and any(labels[k] == "CUE" for k in range(a, b)) else None
        if target is not None:
            target.chunks.append((a, b))


def _merge_interrupted(segs: list[Segment], labels: list[str]) -> list[Segment]:
    """Join message parts split by their own inline frame (same sentence, same non-direct form)."""
    out: list[Segment] = []
    for s in segs:
        if out:
            p = out[-1]
            gap_ok = all(labels[i] in ROLE_OF_LABEL or labels[i] == "O" for i in range(p.end, s.start))
            has_role_between = any(p.end <= a and b <= s.start for a, b in p.chunks + s.chunks)
            if (p.form == s.form and p.form not in ("Direct",) and p.sent == s.sent and gap_ok
                    and has_role_between and not any(b <= p.start for a, b in p.chunks)
                    and not any(a >= s.end for a, b in s.chunks)
                    and s.start - p.end <= MAX_ATTACH_TOKENS):
                p.parts.append((s.start, s.end))
                p.chunks += s.chunks
                p.end = s.end
                p.confidence = min(p.confidence, s.confidence)
                continue
        out.append(s)
    return out


#: Tags and entity types that make a speaker run a mention of someone: a name or a personal pronoun.
_NAMING_TAGS = frozenset({"NE", "PPER"})
_NAMING_ENTS = frozenset({"PER"})


def names_someone(infos: list[TokenInfo], idx: list[int]) -> bool:
    """Whether a phrase holds a name or a personal pronoun (a speaker rather than what is spoken of)."""
    return any(infos[k].tag in _NAMING_TAGS or infos[k].ent in _NAMING_ENTS for k in idx)


#: Articles that cannot continue a noun phrase right after its noun (the genitive "der", "des" can): after a noun,
#: name or pronoun they open the next phrase, an object or addressee ("[Angela Merkel] den Vorschlag …",
#: "[Dirk Lorenzen] dem Deutschlandfunk", "[sie] dem Richter ein Schreiben …"). No gold speaker of the
#: quotes-de-news training data holds one there. Possessives likewise, but for the genitive-looking "seines",
#: "ihrer" ("der Präsident seine Position", not "der Präsident seines Landes").
_OBJECT_ARTICLES = frozenset({"dem", "den", "einem", "einen", "die", "das", "ein", "eine"})
_GENITIVE_ENDINGS = ("es", "er")
_PHRASE_END_TAGS = frozenset({"NN", "NE", "FM", "PPER"})


def _opens_phrase(infos: list[TokenInfo], i: int) -> bool:
    """Whether token ``i`` starts a noun phrase of its own right after the noun, name or pronoun before it."""
    t = infos[i]
    if i >= 2 and infos[i - 1].lower in NAME_PARTICLES and infos[i - 2].tag == "NE" and i + 1 < len(infos) \
            and infos[i + 1].text[:1].isupper():
        return False  # particles inside a name: "Caspar van den Berg", "Ursula von der Leyen"
    return infos[i - 1].tag in _PHRASE_END_TAGS and (
        (t.tag == "ART" and t.lower in _OBJECT_ARTICLES)
        or (t.tag == "PPOSAT" and not t.lower.endswith(_GENITIVE_ENDINGS)))


def _subject_piece(infos: list[TokenInfo], run: list[int]) -> list[int]:
    """The speaker of a run that glues several noun phrases together: the first that names someone, else the first
    that is more than a lone noun without article ("in dessen [Folge] das Bundesverwaltungsgericht"), else the
    first."""
    pieces = [[run[0]]]
    for i in run[1:]:
        if _opens_phrase(infos, i):
            pieces.append([i])
        else:
            pieces[-1].append(i)
    if len(pieces) == 1:
        return run
    return next((p for p in pieces if names_someone(infos, p)), None) \
        or next((p for p in pieces if len(p) > 1 or infos[p[0]].tag != "NN"), pieces[0])


#: Articles of a dative singular: a phrase they open right after the speaker is the addressee ("sagte Dirk Lorenzen
#: [dem Deutschlandfunk]"; in quotes-de-news 29 addressees stand right after their speaker, 8 of them open so).
_DATIVE_ARTICLES = frozenset({"dem", "einem"})


def _glued_addressee(infos: list[TokenInfo], labelled: set[int], speaker: list[int]) -> list[int]:
    """The dative phrase the speaker run went on into, cut off by :func:`_subject_piece`, as the addressee."""
    if not speaker:
        return []
    k = speaker[-1] + 1
    if k not in labelled or infos[k].tag != "ART" or infos[k].lower not in _DATIVE_ARTICLES or not _opens_phrase(
            infos, k):
        return []
    end = k + 1
    while end in labelled and not _opens_phrase(infos, end):
        end += 1
    return list(range(k, end))


def _whole_organisation(speaker: list[int], infos: list[TokenInfo]) -> list[int]:
    """A speaker run that stops inside an organisation's name goes on to its end ("Der Eigentümerverband Haus |
    & Grund": the CRF rarely saw an ampersand in a speaker)."""
    if not speaker or infos[speaker[-1]].ent != "ORG":
        return speaker
    k = speaker[-1] + 1
    out = list(speaker)
    while k < len(infos) and infos[k].ent == "ORG" and infos[k].sent == infos[speaker[-1]].sent:
        out.append(k)
        k += 1
    return out


def _nearest_run(tokens: list[int], cue: list[int], infos: list[TokenInfo] | None = None) -> list[int]:
    """Of several separate speaker runs keep the one closest to the cue (a quotation has one speaker); a run that
    names someone (a name, a personal pronoun) or follows a source word ("so der Präsident", "laut der Zeitung") goes
    before one that does not ("[Arni Finnsson, ein Vertreter …], kommentierte [die Entscheidung] …": the object after
    the cue is no speaker)."""
    if not tokens:
        return tokens
    runs: list[list[int]] = []
    for i in sorted(tokens):
        if runs and i == runs[-1][-1] + 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    if infos is not None:
        runs = [_subject_piece(infos, r) for r in runs]
    if infos is not None and len(runs) > 1:
        naming = [r for r in runs if names_someone(infos, r)
                  or (r[0] - 1 in cue and not infos[r[0] - 1].tag.startswith("V")  # "so der Präsident"
                      and any(infos[i].tag == "NN" for i in r))]
        runs = naming or runs
        fronted = [r for r in runs if _opens_sentence_before_verb(infos, r, cue)]
        if len(fronted) == 1 and all(r is fronted[0] or r[0] > min(cue) and infos[r[0]].tag in NAME_TAGS
                                     for r in runs):
            # "[Der Chef des Konzerns, X,] griff [Y] scharf an": the subject before the finite cue speaks; the name
            # after it, nearer the cue, is its object (not a source noun there: "X hat [Berichte der Zeitung Y]
            # zurückgewiesen, er sei …" is the reports' claim)
            return fronted[0]
    if len(runs) == 1 or not cue:
        return runs[-1] if len(runs) > 1 else runs[0]
    return min(runs, key=lambda r: min(abs(i - c) for i in r for c in cue))


def _opens_sentence_before_verb(infos: list[TokenInfo], run: list[int], cue: list[int]) -> bool:
    """Whether a speaker run opens its sentence and the finite verb of the cue follows it (after an apposition's
    comma): the subject in front of a verb-second main clause."""
    a = run[0]
    if a > 0 and infos[a - 1].sent == infos[a].sent and not (infos[a - 1].tag == "ART" and (
            a == 1 or infos[a - 2].sent != infos[a].sent)):
        return False
    k = run[-1] + 1
    while k < len(infos) and infos[k].text == ",":
        k += 1
    return k in cue and infos[k].tag in FINITE_TAGS


def _spans_of(indices: list[int], infos: list[TokenInfo], max_gap: int = 0) -> list[Span]:
    """Token indices → char spans, joining runs whose index gap is at most ``max_gap``."""
    spans: list[Span] = []
    if not indices:
        return spans
    idx = sorted(set(indices))
    run_start = prev = idx[0]
    for i in idx[1:]:
        if i - prev > max_gap + 1:
            spans.append(Span(infos[run_start].start, infos[prev].end))
            run_start = i
        prev = i
    spans.append(Span(infos[run_start].start, infos[prev].end))
    return spans


def assemble(labels: list[str], infos: list[TokenInfo], text: str, conf: list[float] | None = None,
             media: "MediumModel | None" = None, speakers: CueLexicon | None = None) -> list[Quotation]:
    """Labels → quotations (without speaker names; :mod:`standpunkt.speech.coref` adds them)."""
    if not infos:
        return []
    conf = conf or [1.0] * len(labels)
    segs = _segments(labels, infos, conf)
    _attach(_chunks(labels, infos), segs, labels, infos)
    segs = _merge_interrupted(segs, labels)
    for seg in segs:
        _opening_taken_for_frame(seg, labels, infos)

    quotations: list[Quotation] = []
    last_with_speaker: tuple[int, Quotation] | None = None
    for seg in segs:
        if seg.form in FRAME_NEEDS_CUE and not any(labels[i] == "CUE" for a, b in seg.chunks for i in range(a, b)):
            _absorb_frameless_chunks(seg)
        roles: dict[str, list[int]] = {"cue": [], "speaker": [], "addressee": [], "frame": []}
        embedded = False
        frame_tokens: list[int] = []
        for a, b in seg.chunks:
            for i in range(a, b):
                roles[ROLE_OF_LABEL[labels[i]]].append(i)
                frame_tokens.append(i)
        for a, b in seg.parts:
            roles["speaker"] += [i for i in range(a, b) if labels[i] == MESSAGE_SPEAKER]
        labelled = set(roles["speaker"])
        roles["speaker"] = _whole_organisation(_nearest_run(roles["speaker"], roles["cue"], infos), infos)
        if not roles["addressee"]:
            roles["addressee"] = _glued_addressee(infos, labelled, roles["speaker"])
        if roles["cue"] and not roles["speaker"]:
            roles["speaker"] = _speaker_in_frame(sorted(frame_tokens), roles["cue"], infos)
        elif not roles["cue"] and not roles["speaker"] and seg.form in FREE_FORMS and speakers is not None:
            roles["speaker"] = _previous_subject(seg.start, seg.end, labels, infos, speakers)
        elif not roles["cue"] and not roles["speaker"] and seg.form == "Reported" and speakers is not None:
            roles["speaker"] = _own_subject(seg, infos, speakers)
        elif not roles["cue"] and not roles["speaker"] and seg.form == "Direct" and speakers is not None:
            roles["speaker"] = _embedding_subject(seg, infos, labels, speakers)
            embedded = bool(roles["speaker"])
        message = [m for a, b in seg.parts if (m := Span(infos[a].start, infos[b - 1].end).strip(text))]
        if not message:
            continue
        q = Quotation(form=seg.form, message=message,
                      cue=_spans_of(roles["cue"], infos),
                      speaker=_spans_of(roles["speaker"], infos),
                      addressee=_spans_of(roles["addressee"], infos),
                      frame=_spans_of(frame_tokens, infos, FRAME_JOIN_GAP) if (roles["cue"] or roles["frame"]) else [],
                      confidence=round(seg.confidence, 3))
        if (seg.form == "Direct" and not roles["cue"] and len(seg.parts) == 1
                and seg.end - seg.start <= MAX_NAME_TOKENS + 2
                and looks_like_name(text[infos[seg.start].end:infos[seg.end - 1].start])):
            continue  # a quoted name or title ("„Die Zeit“") standing alone, not a quotation
        if seg.form == "Direct" and len(seg.parts) == 1 and seg.end - seg.start <= MAX_NAME_TOKENS + 6 \
                and _named_by_quote(infos, seg.start, seg.end):
            continue  # "Der Automobilclub „40 millions d'automobilistes“ nannte …": the body's name
        cue_words = [infos[i] for i in roles["cue"]]
        # (a reported sentence states what its own subject did; no speaker goes on into it from a quotation)
        if not q.speaker and not q.cue and last_with_speaker is not None and seg.form != "Reported" \
                and seg.sent - last_with_speaker[0] <= MAX_INHERIT_SENTENCES:
            ante = last_with_speaker[1]
            q.speaker = _latest_mention(ante.speaker, seg.start, infos, labels, text) or list(ante.speaker)
            q.medium = ante.medium
        else:
            speaker_words = [infos[i] for i in roles["speaker"]]
            q.medium = media.predict(cue_words, q.form, speaker_words) if media is not None else "Speech"
        quotations.append(q)
        if q.speaker and not embedded:  # a quoted phrase in a narrated sentence starts no chain of speech
            last_with_speaker = (infos[seg.end - 1].sent, q)
    quotations += nested_direct(quotations, text)
    quotations.sort(key=lambda q: (q.message[0].start, -q.message[0].end) if q.message else (0, 0))
    return quotations


NAME_TAGS = frozenset({"NE"})
NAME_ENTS = frozenset({"PER", "ORG", "GPE"})
NP_TAGS = frozenset({"ART", "ADJA", "NN", "NE", "PPOSAT"})


def _is_name(t: TokenInfo) -> bool:
    return t.tag in NAME_TAGS or t.ent in NAME_ENTS


def _latest_mention(speaker: list[Span], before: int, infos: list[TokenInfo], labels: list[str],
                    text: str) -> list[Span]:
    """The latest mention of the inherited speaker before token ``before`` (outside messages), by its last name word.

    Free indirect speech is attributed to the nearest mention of its speaker ("Deiss" rather than "Der Schweizer
    Politiker Joseph Deiss" three sentences earlier), as in the gold annotation.
    """
    if not speaker:
        return []
    words = [w for w in text[speaker[-1].start:speaker[-1].end].split() if w[:1].isupper()]
    if not words:
        return []
    last = words[-1]
    end_char = speaker[-1].end
    for k in range(before - 1, -1, -1):
        t = infos[k]
        if t.start < end_char:
            return []
        if t.text == last and _is_name(t) and labels[k] in ("O", "SPK", "FRM"):
            a = k
            while a > 0 and infos[a - 1].tag in NP_TAGS and labels[a - 1] in ("O", "SPK", "FRM") \
                    and infos[a - 1].sent == t.sent:
                a -= 1
            return [Span(infos[a].start, t.end)]
    return []


PREPOSITION_TAGS = frozenset({"APPR", "APPRART", "APPO"})
COORDINATION = frozenset({",", "und", "sowie", "oder"})


#: Tags of the words a subject noun phrase in front of its verb may have ("Der Hersteller", "Die deutsche
#: Bundesentwicklungshilfeministerin Heidemarie Wieczorek-Zeul", "Berliner Verkehrsbetriebe ( BVG )").
SUBJECT_TAGS = frozenset({"ART", "ADJA", "NN", "NE", "FM", "PPOSAT", "PPER", "CARD", "TRUNC", "$(", "APPR", "$,"})
#: Finite verb tags (the grammar rules of :mod:`standpunkt.speech.rules` read them from here).
FINITE_TAGS = frozenset({"VVFIN", "VAFIN", "VMFIN"})
#: A noun heads a speaker when at least this share of its training occurrences lies in speaker spans ("Polizei"
#: 0.22, "Regierung" 0.12, "Staatsanwaltschaft" 0.40; "Stadt" 0.06, "Entscheidung" 0.03, "Menschen" 0.005).
SUBJECT_SPEAKER_RATIO = 0.1
#: An unseen compound is read by its head of at least this many letters, seen this often in the training data.
SUBJECT_MIN_COMPOUND_HEAD = 5
SUBJECT_HEAD_MIN_COUNT = 2


def _previous_subject(start: int, end: int, labels: list[str], infos: list[TokenInfo], speakers: CueLexicon
                      ) -> list[int]:
    """The speaker of a message without frame right after a sentence without quotation: that sentence's subject, when
    it names someone or is headed by a noun the training data has as speaker ("Der Hersteller gab die Preise bekannt.
    {Das Programm solle …}"; in the training data the speaker of 53 of 95 such messages without "soll", of 18 of 55
    with it; the rest mostly go on with a quotation further back)."""
    a = start
    while a > 0 and infos[a - 1].sent == infos[start].sent:
        a -= 1
    if start - a > 2 and infos[start - 1].text == ";" and all(lab == "O" for lab in labels[a:start - 1]):
        # "Der Verband verlangt Ausnahmen; nur dann könne man mit der Regel leben": the narrated clause before the
        # semicolon, in the same sentence
        return _sentence_subject(a, start - 1, infos, speakers)
    if a == 0 or any(infos[k].tag != "$(" for k in range(a, start)):
        return []  # the message starts its sentence: what comes before it in the sentence is no frame
    if any(t.tag == "VMFIN" and t.lower in REPORTATIVE_MODALS for t in infos[start:end]):
        return []  # hearsay is about the subject before it, not by it ("Er soll … hochgeladen haben")
    b = a
    while a > 0 and infos[a - 1].sent == infos[b - 1].sent:
        a -= 1
    if any(lab != "O" for lab in labels[a:b]):
        return []
    return _sentence_subject(a, b, infos, speakers)


def _sentence_subject(a: int, b: int, infos: list[TokenInfo], speakers: CueLexicon) -> list[int]:
    """The subject of the sentence ``a:b`` (before its finite verb, or right after it), when it names someone or is
    headed by a noun the training data has as speaker; else nothing."""
    if infos[a].tag == "KOUS":  # "Während die Regierung den Plan trägt, warnte Lang …": the main clause's subject
        c = next((k for k in range(a, b) if infos[k].tag == "$," and any(
            infos[j].tag in FINITE_TAGS for j in range(a, k))), None)
        if c is None:
            return []
        a = c + 1
    f = next((k for k in range(a, b) if infos[k].tag in FINITE_TAGS), None)
    if f is None or infos[f].lemma.lower() == "werden" and any(infos[k].tag == "VVPP" for k in range(f, b)):
        return []  # a passive's subject is what is done ("Der Wahlkommission wird … vorgeworfen.")
    if f > a and (all(infos[k].tag in SUBJECT_TAGS or _inside_name(infos, k) for k in range(a, f))
                  and infos[a].tag not in ("APPR", "$,", "$(")
                  and not _fronted_object(infos, a, f) or _attributed_phrase(infos, a, f)):
        subject = list(range(a, f))
        while subject and infos[subject[-1]].tag == "$,":
            subject.pop()  # "Der Sprecher der FDP-Fraktion, Manuel Höferlin, hält …": the apposition's comma
    else:
        k = f + 1
        while k < b and (infos[k].tag in ("ADV", "PTKNEG") or infos[k].tag == "PRF" and k == f + 1):
            k += 1  # (and the reflexive of "Ähnlich äußerte sich der Amtskollege …")
        stop = k
        while stop < b and (infos[stop].tag in NP_TAGS and not (stop > k and _opens_phrase(infos, stop))
                            or stop > k and _surname_taken_for_a_word(infos, stop)):
            stop += 1  # one noun phrase: "nannte der Berliner | das Spiel …" is subject and object
        if k < b and infos[k].tag == "ART" and infos[k].lower in _OBJECT_CASE_ARTICLES:
            return []  # "nannte den Beschluss der CDU …": an object, the subject is elsewhere
        subject = list(range(k, stop))
        if not subject and k < b and infos[k].tag == "PPER" and infos[k].lower in ("er", "sie"):
            subject = [k]  # "Gleichzeitig vermutet er …": coreference names him
    if not subject or infos[subject[-1]].tag not in ("NN", "NE", "FM", "PPER") and infos[subject[-1]].text != ")" \
            and not (len(subject) > 1 and _surname_taken_for_a_word(infos, subject[-1])):
        return []
    heads = [k for k in subject if infos[k].tag == "NN"]
    if names_someone(infos, subject) and not _thing_of_someone(infos, subject, heads, speakers):
        return subject
    return subject if heads and _speaker_noun(speakers, infos[heads[0]]) else []


def _inside_name(infos: list[TokenInfo], k: int) -> bool:
    """A particle inside a name the entity tagger has whole ("Luiz Inácio Lula [da] Silva", tagged ADV)."""
    return 0 < k < len(infos) - 1 and infos[k].ent in NAME_ENTS and infos[k - 1].ent == infos[k].ent \
        and infos[k + 1].ent == infos[k].ent and infos[k - 1].tag in NAME_TAGS and infos[k + 1].tag in NAME_TAGS


def _surname_taken_for_a_word(infos: list[TokenInfo], k: int) -> bool:
    """"Ricarda Lang", "Sebastian Kurz": a capitalised word right after a first name is the surname, whatever the
    tagger took it for (here an adjective)."""
    t = infos[k]
    return infos[k - 1].sent == t.sent and surname_look_alike(t.text, t.tag, infos[k - 1].text)


def _thing_of_someone(infos: list[TokenInfo], subject: list[int], heads: list[int], speakers: CueLexicon) -> bool:
    """"die Handlungsweise Kozulins": a noun with a name in the genitive after it is a thing of someone's, unless
    the noun is a role or a speaker ("der Sprecher Obamas")."""
    if not heads or heads[0] + 1 not in subject:
        return False
    name = infos[heads[0] + 1]
    return name.tag == "NE" and name.text.endswith("s") and not _speaker_noun(speakers, infos[heads[0]]) \
        and not gazetteer.is_role_noun(infos[heads[0]].text)


def _speaker_noun(speakers: CueLexicon, t: TokenInfo) -> bool:
    """A noun the training data has as speaker often enough ("Polizei", "Regierung"; not "Stadt"), or one unseen
    there whose compound head is ("Ärzteverband": "Verband" 0.67)."""
    entry = speakers.get("w:" + t.lower) or speakers.noun_entry(t.lower, "", SUBJECT_HEAD_MIN_COUNT,
                                                                 SUBJECT_MIN_COMPOUND_HEAD)
    return entry is not None and entry.ratio() >= SUBJECT_SPEAKER_RATIO


#: Articles of an accusative or dative phrase: one that opens the sentence is a fronted object ("Den Vorschlag
#: kritisierte Merz …").
_OBJECT_CASE_ARTICLES = frozenset({"den", "dem", "einen", "einem"})


def _fronted_object(infos: list[TokenInfo], a: int, f: int) -> bool:
    """Whether the words ``a:f`` before the finite verb are an object put first, the subject following the verb:
    they open with an object's article, or name someone only inside a prepositional phrase while a name follows
    the verb ("Die Entwicklung im Iran verglich Merkel mit …")."""
    if infos[a].tag == "ART" and infos[a].lower in _OBJECT_CASE_ARTICLES:
        return True
    naming = [k for k in range(a, f) if infos[k].tag in _NAMING_TAGS or infos[k].ent in _NAMING_ENTS]
    return bool(naming) and all(any(infos[j].tag in PREPOSITION_TAGS for j in range(a + 1, k)) for k in naming) \
        and f + 1 < len(infos) and infos[f + 1].sent == infos[f].sent and names_someone(infos, [f + 1])


def _own_subject(seg: Segment, infos: list[TokenInfo], speakers: CueLexicon) -> list[int]:
    """The speaker of a reported message that is a whole sentence without a labelled speaker: its own subject ("Die
    italienische Regierung hatte das Verbot als Gefahr bezeichnet."), not a speaker inherited from the quotation
    before."""
    a = seg.start
    if a > 0 and infos[a - 1].sent == infos[a].sent:
        return []
    b = a
    while b < len(infos) and infos[b].sent == infos[a].sent:
        b += 1
    return _sentence_subject(a, min(b, seg.end), infos, speakers)


def _embedding_subject(seg: Segment, infos: list[TokenInfo], labels: list[str], speakers: CueLexicon) -> list[int]:
    """The speaker of a quoted word or phrase inside a narrated sentence: that sentence's subject ("Kiesewetter nannte
    die Haltung „beschämend“."), not the speaker of the quotation before."""
    a = seg.start
    while a > 0 and infos[a - 1].sent == infos[seg.start].sent:
        a -= 1
    if a == seg.start or any(lab != "O" for lab in labels[a:seg.start]):
        return []
    return _sentence_subject(a, seg.start, infos, speakers)


#: A participle used as an adjective ("lebende", "stationierten", "geflohene").
_PARTICIPLE = re.compile(r"(end|iert|^ge\w+t|^ge\w+en)(e|en|er|es|em)$")


def _attributed_phrase(infos: list[TokenInfo], a: int, f: int) -> bool:
    """Whether the words before the finite verb at ``f`` are one noun phrase whose participle governs the
    prepositional phrase it starts with ("Im Exil lebende Uiguren wie Isa weisen …", "In Deutschland lebende Türken
    fordern …"): the subject in front of the verb, though it starts with a preposition."""
    if infos[a].tag not in PREPOSITION_TAGS:
        return False
    k = next((k for k in range(a + 2, f) if infos[k].tag == "ADJA" and infos[k - 1].tag in ("NN", "NE")
              and _PARTICIPLE.search(infos[k].lower)), None)
    return k is not None and infos[f - 1].tag in ("NN", "NE") and all(
        infos[j].tag in SUBJECT_TAGS | PREPOSITION_TAGS for j in range(a, k)) and all(
        infos[j].tag in SUBJECT_TAGS | {"KOKOM", "KON"} for j in range(k, f))


def _speaker_in_frame(frame: list[int], cue: list[int], infos: list[TokenInfo]) -> list[int]:
    """A frame with a cue but no labelled speaker: its named subject ("erklärten … Großbritannien, Spanien und
    Schweden, dass …"), i.e. the name (or coordination of names) nearest the cue that no preposition governs. A
    surname the taggers missed counts where a person's name before had it ("Christine Lambrecht …
    Lambrecht betonte, …", "Lambrecht" tagged an adjective)."""
    in_frame = set(frame)
    named_before = {infos[j].text for j in range(frame[0]) if infos[j].ent == "PER"} if frame else set()
    runs: list[list[int]] = []
    for i in frame:
        if not (_is_name(infos[i]) or infos[i].text[:1].isupper() and infos[i].text in named_before) \
                or (i > 0 and infos[i - 1].tag in PREPOSITION_TAGS):
            continue
        if runs and (i == runs[-1][-1] + 1 or (i == runs[-1][-1] + 2 and infos[i - 1].lower in COORDINATION
                                               and i - 1 in in_frame)):
            if i == runs[-1][-1] + 2:
                runs[-1].append(i - 1)
            runs[-1].append(i)
        else:
            runs.append([i])
    if not runs:
        return []
    best = min(runs, key=lambda r: min(abs(i - c) for i in r for c in cue))
    a = best[0]
    while a - 1 in in_frame and infos[a - 1].tag in NP_TAGS and a - 1 not in cue:
        a -= 1
    return list(range(a, best[-1] + 1))


def _opening_taken_for_frame(seg: Segment, labels: list[str], infos: list[TokenInfo]) -> None:
    """A sentence's opening clause labelled frame, with no cue or speaker in it, right before a message whose cue
    follows it ("Von der Senkung profitierten vor allem Gutverdiener, | die häufig essen gingen, | sagte X"): the
    frame comes after the message, so the opening is message too (it has a finite verb of its own)."""
    if seg.form not in FRAME_NEEDS_CUE or not any(a >= seg.end and "CUE" in labels[a:b] for a, b in seg.chunks):
        return
    for a, b in list(seg.chunks):
        if b != seg.start or (a > 0 and infos[a - 1].sent == infos[a].sent) \
                or any(labels[i] != "FRM" for i in range(a, b)) \
                or not any(infos[i].tag in ("VVFIN", "VAFIN", "VMFIN") for i in range(a, b)):
            continue
        seg.chunks.remove((a, b))
        seg.parts[0] = (a, seg.parts[0][1])
        seg.start = a
        return


def _absorb_frameless_chunks(seg: Segment) -> None:
    """A frame without a cue is no frame: role-labelled tokens touching the message are message, the rest is dropped,
    and the speaker is inherited ("Die Warnungen Russlands, …, müssten ernst genommen werden")."""
    for a, b in sorted(seg.chunks):
        first, last = seg.parts[0], seg.parts[-1]
        if b == first[0]:
            seg.parts[0] = (a, first[1])
            seg.start = a
        elif a == last[1]:
            seg.parts[-1] = (last[0], b)
            seg.end = b
    seg.chunks = []


#: Lowercase words a name or title may contain between its capitalised words ("BILD am Sonntag", "Allianz zur
#: Europäischen Integration", "In aller Freundschaft").
NAME_FUNCTION_WORDS = frozenset({"am", "im", "zum", "zur", "vom", "der", "die", "das", "des", "dem", "den", "und",
                                 "für", "mit", "von", "in", "an", "auf", "aus", "um", "aller", "ohne", "über", "unter"})


def _named_by_quote(infos: list[TokenInfo], start: int, end: int) -> bool:
    """Whether quotation marks from ``start`` to ``end`` (exclusive) stand between a common noun and the finite verb
    of the clause ("Der Automobilclub „40 millions d'automobilistes“ nannte …", "Die Initiative „Rettet die Bienen“
    fordert …"): a name in the subject, whatever its words."""
    return start > 0 and end < len(infos) and infos[start - 1].tag == "NN" and infos[end].tag in FINITE_TAGS \
        and infos[start - 1].sent == infos[end].sent


def looks_like_name(inner: str) -> bool:
    """Quoted titles and names ("„Die Zeit“", "„Dornier Do 228“", "„BILD am Sonntag“") are not quotations: every
    word capitalised but for function words between them.

    In the training data all-capitalised quote pairs inside indirect messages are annotated as quotations 11 times in
    89, other quote pairs 200 times in 235; admitting the function words raised the five-fold train message F1 from
    75.14 to 75.24 (docs/speech.md).
    """
    words = inner.split()
    if not words or not (words[0][:1].isupper() or not words[0][:1].isalpha()):
        return False
    return all(w[:1].isupper() or not w[:1].isalpha() or w in NAME_FUNCTION_WORDS for w in words[1:]) \
        and words[-1] not in NAME_FUNCTION_WORDS


def nested_direct(quotations: list[Quotation], text: str) -> list[Quotation]:
    """Direct quotations inside indirect/reported messages, sharing the outer quotation's roles."""
    pairs = outer_pairs(find_quote_pairs(text))
    out: list[Quotation] = []
    if not pairs:
        return out
    starts = [p[0] for p in pairs]
    for q in quotations:
        if q.form == "Direct":
            continue
        for m in q.message:
            lo = bisect.bisect_left(starts, m.start)
            hi = bisect.bisect_left(starts, m.end)
            for s, e in pairs[lo:hi]:
                if (s >= m.start and e <= m.end and (s, e) != (m.start, m.end) and e - s >= MIN_NESTED_CHARS
                        and not looks_like_name(text[s + 1:e - 1])):
                    out.append(Quotation(form="Direct", medium=q.medium, message=[Span(s, e)], cue=list(q.cue),
                                         speaker=list(q.speaker), addressee=list(q.addressee), frame=list(q.frame),
                                         confidence=q.confidence))
    return out


def medium_features(cue: list[TokenInfo], speaker: list[TokenInfo], form: str) -> list[str]:
    """What tells speech from writing and thought: the cue lemma ("schreiben", "meinen"), the speaker's words
    ("Zeitung", "Sprecher", "Erklärung"), and the form."""
    feats = ["form=" + form]
    feats += ["cue=" + t.lemma.lower() for t in cue]
    feats += ["spk=" + t.lemma.lower() for t in speaker if t.tag in ("NN", "NE")]
    return feats


class MediumModel:
    """Naive Bayes over :func:`medium_features`, counted on the training quotations (Laplace smoothing)."""

    def __init__(self, prior: dict[str, int], counts: dict[str, dict[str, int]], alpha: float = 1.0):
        self.prior = prior
        self.counts = counts
        self.alpha = alpha
        self.totals = {m: sum(c.values()) for m, c in counts.items()}
        self.vocab = len({f for c in counts.values() for f in c}) or 1
        n = sum(prior.values()) or 1
        self.log_prior = {m: math.log(c / n) for m, c in prior.items() if c > 0}

    def predict(self, cue: list[TokenInfo], form: str, speaker: list[TokenInfo] | None = None) -> str:
        feats = medium_features(cue, speaker or [], form)
        best, best_score = "Speech", -math.inf
        for m, lp in self.log_prior.items():
            counts = self.counts.get(m, {})
            denom = self.totals.get(m, 0) + self.alpha * self.vocab
            score = lp + sum(math.log((counts.get(f, 0) + self.alpha) / denom) for f in feats)
            if score > best_score:
                best, best_score = m, score
        return best

    def to_json(self) -> dict:
        return {"prior": self.prior, "counts": self.counts, "alpha": self.alpha}

    @classmethod
    def from_json(cls, data: dict) -> "MediumModel":
        return cls(dict(data.get("prior", {})), {m: dict(c) for m, c in data.get("counts", {}).items()},
                   float(data.get("alpha", 1.0)))
