"""Token features for the quotation CRF.

Reported speech in German is marked by a few things a linear-chain model can see if we hand it the right context:
the verb mood of the clause (Konjunktiv I chains), a cue word nearby (by learned cue ratio), quotation-mark state,
the token's side of the cue and commas in between, and what the neighbouring sentences look like (a Konjunktiv
sentence after a quotation continues it). Sentence-level facts are copied onto every token of the sentence so the
chain can label whole clauses.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from spacy.tokens import Doc

from standpunkt.speech.lexicon import CueLexicon, bucket
from standpunkt.speech.quotemarks import QUOTE_CHARS, find_quote_pairs

#: Tags that can be cues (speech verbs, nouns like "Angaben", prepositions like "laut", adverbs like "demnach").
CUE_TAGS = frozenset({"VVFIN", "VVPP", "VVINF", "VVIZU", "VAFIN", "VMFIN", "NN", "APPR", "APPO", "ADV", "PAV",
                      "PROAV", "ADJD", "PTKVZ", "VVIMP"})
#: Tags whose cue-ness depends on the next word ("nach Angaben", "laut Polizei", "so Scholz").
BIGRAM_CUE_TAGS = frozenset({"APPR", "APPO", "ADV", "APPRART"})
#: Cue ratio from which a token counts as a cue anchor for the distance features.
ANCHOR_RATIO = 0.2


@dataclass
class TokenInfo:
    """What the feature function needs per token (so training and run time share one code path)."""

    text: str
    lower: str
    lemma: str
    tag: str
    mood: str  # "k1", "k2", "ind" or ""
    ent: str
    sent: int
    start: int
    end: int
    space_before: bool
    newline_before: bool


def verb_mood(token) -> str:
    """Konjunktiv I ("k1"), Konjunktiv II ("k2"), indicative ("ind") or "" for non-finite tokens."""
    mood = token.morph.get("Mood")
    if not mood:
        return ""
    if "Sub" in mood:
        tense = token.morph.get("Tense")
        return "k2" if tense and "Past" in tense else "k1"
    return "ind" if "Ind" in mood else ""


def token_infos(doc: Doc, text: str | None = None) -> list[TokenInfo]:
    """Per-token view of the Doc (``text`` = ``doc.text``, passed in because spaCy rebuilds it on each access)."""
    ents = [""] * len(doc)
    for ent in doc.ents:
        for i in range(ent.start, ent.end):
            ents[i] = ent.label_
    sent_ids = [0] * len(doc)
    if doc.has_annotation("SENT_START"):  # a Doc without sentence boundaries is one sentence
        for si, sent in enumerate(doc.sents):
            for i in range(sent.start, sent.end):
                sent_ids[i] = si
    out = []
    text = text if text is not None else doc.text
    for t in doc:
        start = t.idx
        ws_before = text[max(0, start - 3):start]
        out.append(TokenInfo(
            text=t.text, lower=t.text.lower(), lemma=(t.lemma_ or t.text), tag=t.tag_ or t.pos_ or "X",
            mood=verb_mood(t), ent=ents[t.i], sent=sent_ids[t.i], start=start, end=start + len(t.text),
            space_before=bool(ws_before) and ws_before[-1:].isspace(), newline_before="\n" in ws_before,
        ))
    return out


def _dist_bucket(d: int) -> str:
    if d <= 2:
        return str(d)
    if d <= 5:
        return "3-5"
    if d <= 10:
        return "6-10"
    return "far"


@dataclass
class DocContext:
    """What the feature groups read besides the token itself: computed once per document."""

    infos: list[TokenInfo]
    inside: list[bool]  # token strictly inside a pair of quotation marks
    ratios: list[float]  # cue ratio (bigram cues included)
    cue: list[str | None]  # bucketed cue ratio
    aux: list[float]  # ratio of being the auxiliary of a cue
    speaker: list[str | None]  # bucketed speaker-mention ratio
    reporting: list[str | None]  # bucketed reported-speech-verb ratio (verbs only)
    s_start: list[int]  # first token of each sentence
    s_end: list[int]  # one past the last token of each sentence
    sentence: list[list[str]]  # each sentence's own features (:func:`sentence_features`)
    anchors: list[list[int]]  # each sentence's cue anchors (cue ratio >= ANCHOR_RATIO)


def quote_inside(text: str, infos: list[TokenInfo]) -> list[bool]:
    """Per token: strictly inside a pair of quotation marks (chars strictly inside the marks)."""
    inside = [False] * len(infos)
    pairs = find_quote_pairs(text)
    if pairs:
        starts = [p[0] for p in pairs]
        for i, ti in enumerate(infos):
            k = bisect.bisect_right(starts, ti.start)
            for s, e in pairs[max(0, k - 4):k]:
                if s <= ti.start and ti.end <= e:
                    inside[i] = True
                    break
    return inside


def cue_ratios(infos: list[TokenInfo], lexicon: CueLexicon) -> list[float]:
    """Per token: its cue ratio (0 for tags that cannot be cues); a bigram cue ("nach Angaben") lifts its first word."""
    ratios = [lexicon.ratio(ti.text, ti.lemma) if ti.tag in CUE_TAGS or ti.tag.startswith("V") else 0.0
              for ti in infos]
    for i in range(len(infos) - 1):
        if infos[i].tag in BIGRAM_CUE_TAGS:
            ratios[i] = max(ratios[i], lexicon.bigram_ratio(infos[i].text, infos[i + 1].text))
    return ratios


def sentence_features(infos: list[TokenInfo], a: int, b: int, ctx: DocContext) -> list[str]:
    """The features of the sentence ``infos[a:b]``: moods, its strongest cue, quotation marks, ending, ``dass``."""
    moods = {infos[i].mood for i in range(a, b)}
    f = [m for m in ("k1", "k2", "ind") if m in moods]
    best_i = max(range(a, b), key=lambda i: ctx.ratios[i])
    best = ctx.ratios[best_i]
    bb = bucket(best)
    if bb:
        f.append("cue" + bb)
        f.append("cue" + bb + infos[best_i].tag[:2])  # verb, preposition ("laut"), adverb ("demnach"), noun
        if best >= ANCHOR_RATIO:
            after = {infos[k].text for k in range(best_i + 1, b)}
            f.append("cuepunct=" + str(bool(after & {",", ":"})))
    if any(infos[i].tag in ("PTKZU", "VVIZU") for i in range(a, b)):
        f.append("zu")
    rb = [ctx.reporting[i] for i in range(a, b) if ctx.reporting[i]]
    if rb:
        f.append("rep" + ("hi" if "hi" in rb else "mid" if "mid" in rb else "lo"))
    if any(ctx.inside[i] or infos[i].text in QUOTE_CHARS for i in range(a, b)):
        f.append("q")
    if any(infos[i].text == ":" for i in range(a, b)):
        f.append("colon")
    if infos[b - 1].text not in {".", "!", "?", ":", "“", "\"", "«", "»", ")"}:
        f.append("noend")
    if infos[a].text in QUOTE_CHARS:
        f.append("qstart")
    if any(infos[i].lower in ("dass", "ob") for i in range(a, b)):
        f.append("dass")
    return f


def doc_context(text: str, infos: list[TokenInfo], lexicon: CueLexicon, speakers: CueLexicon | None = None,
                reporting: CueLexicon | None = None) -> DocContext:
    """The per-document part of the features: quotation marks, lexicon ratios, sentences and their anchors."""
    n = len(infos)
    ratios = cue_ratios(infos, lexicon)
    n_sent = infos[-1].sent + 1
    s_start, s_end = [0] * n_sent, [0] * n_sent
    for i, ti in enumerate(infos):
        if i == 0 or infos[i - 1].sent != ti.sent:
            s_start[ti.sent] = i
        s_end[ti.sent] = i + 1
    ctx = DocContext(
        infos=infos, inside=quote_inside(text, infos), ratios=ratios, cue=[bucket(r) for r in ratios],
        aux=[lexicon.aux_ratio(ti.text, ti.lemma) if ti.tag.startswith("V") else 0.0 for ti in infos],
        speaker=[bucket(speakers.ratio(ti.text, ti.lemma)) for ti in infos] if speakers is not None else [None] * n,
        reporting=([bucket(reporting.ratio(ti.text, ti.lemma)) if ti.tag.startswith("V") else None for ti in infos]
                   if reporting is not None else [None] * n),
        s_start=s_start, s_end=s_end, sentence=[], anchors=[])
    for s in range(n_sent):
        a, b = s_start[s], s_end[s]
        ctx.sentence.append(sentence_features(infos, a, b, ctx))
        ctx.anchors.append([i for i in range(a, b) if ratios[i] >= ANCHOR_RATIO])
    return ctx


# ---------------------------------------------------------------- token feature groups, in feature-list order
def word_features(i: int, ctx: DocContext) -> list[str]:
    """The word itself: form, lemma, tag, suffix, capital, mood, entity."""
    ti = ctx.infos[i]
    f = ["b", "w=" + ti.lower, "l=" + ti.lemma.lower(), "t=" + ti.tag, "t2=" + ti.tag[:2], "suf=" + ti.lower[-3:]]
    if ti.text[:1].isupper():
        f.append("cap")
    if ti.mood:
        f.append("m=" + ti.mood)
    if ti.ent:
        f.append("e=" + ti.ent)
    return f


def lexicon_features(i: int, ctx: DocContext) -> list[str]:
    """What the learned lexicons say of the word: cue, speaker, reporting verb; then the bigram and the aux cue."""
    f = []
    if ctx.cue[i]:
        f += ["c=" + ctx.cue[i], "ct=" + ctx.cue[i] + ctx.infos[i].tag[:2]]  # type: ignore[operator]
    if ctx.speaker[i]:
        f.append("sp=" + ctx.speaker[i])  # type: ignore[operator]
    if ctx.reporting[i]:
        f.append("rp=" + ctx.reporting[i])  # type: ignore[operator]
    if i > 0:
        f.append("bg=" + ctx.infos[i - 1].lower + "|" + ctx.infos[i].lower)
    ab = bucket(ctx.aux[i])
    if ab:
        f.append("ac=" + ab)
    return f


def quote_features(i: int, ctx: DocContext) -> list[str]:
    """Inside quotation marks; is a quotation mark."""
    return (["inq"] if ctx.inside[i] else []) + (["qm"] if ctx.infos[i].text in QUOTE_CHARS else [])


def position_features(i: int, ctx: DocContext) -> list[str]:
    """First or last token of its sentence; first of a paragraph."""
    ti = ctx.infos[i]
    a, b = ctx.s_start[ti.sent], ctx.s_end[ti.sent]
    f = []
    if i == a:
        f.append("sfirst")
        if ti.newline_before or i == 0:
            f.append("pfirst")
    if i == b - 1:
        f.append("slast")
    return f


def sentence_context_features(i: int, ctx: DocContext) -> list[str]:
    """The features of the token's sentence (``s_``), the one before (``p_``) and the one after (``n_``)."""
    s = ctx.infos[i].sent
    f = ["s_" + sf for sf in ctx.sentence[s]]
    f += ["p_" + sf for sf in ctx.sentence[s - 1]] if s > 0 else ["p_none"]
    if s + 1 < len(ctx.sentence):
        f += ["n_" + sf for sf in ctx.sentence[s + 1]]
    return f


def anchor_features(i: int, ctx: DocContext) -> list[str]:
    """Position relative to the nearest cue anchor of the sentence: side, distance, a comma or colon between."""
    anc = ctx.anchors[ctx.infos[i].sent]
    if not anc:
        return ["side=none"]
    nearest = min(anc, key=lambda j: abs(j - i))
    d = nearest - i
    side = "at" if d == 0 else ("bc" if d > 0 else "ac")
    lo, hi = (i, nearest) if i < nearest else (nearest, i)
    comma = any(ctx.infos[j].text in {",", ":"} for j in range(lo + 1, hi))
    return ["side=" + side, "dist=" + side + _dist_bucket(abs(d)), "sep=" + side + str(comma)]


def window_features(i: int, ctx: DocContext) -> list[str]:
    """Tags two tokens either side; words, cues, speakers, entities and quotation boundaries one either side."""
    infos = ctx.infos
    f = []
    for off in (-2, -1, 1, 2):
        j = i + off
        if not 0 <= j < len(infos):
            f.append(f"t{off}=PAD")
            continue
        f.append(f"t{off}=" + infos[j].tag)
        if abs(off) == 1:
            f.append(f"w{off}=" + infos[j].lower)
            if ctx.cue[j]:
                f.append(f"c{off}=" + ctx.cue[j])  # type: ignore[operator]
            if ctx.speaker[j]:
                f.append(f"sp{off}=" + ctx.speaker[j])  # type: ignore[operator]
            if infos[j].ent:
                f.append(f"e{off}=" + infos[j].ent)
            if ctx.inside[j] != ctx.inside[i]:
                f.append(f"qb{off}")
    return f


#: A token's features are these groups' lists, concatenated in this order (the order the shipped CRF was trained on).
TOKEN_FEATURE_GROUPS = (word_features, lexicon_features, quote_features, position_features,
                        sentence_context_features, anchor_features, window_features)


def doc_features(text: str, infos: list[TokenInfo], lexicon: CueLexicon,
                 speakers: CueLexicon | None = None, reporting: CueLexicon | None = None) -> list[list[str]]:
    """One feature list (strings) per token (``infos`` from :func:`token_infos` of the Doc of ``text``).

    ``lexicon`` holds cue ratios, ``speakers`` the same statistics for being (part of) a speaker mention,
    ``reporting`` for being a verb inside a reported-speech message ("Greenpeace fordert die Vernichtung …": the
    gold scheme gives reported speech no cue, so its verbs are not in the cue lexicon). The features come in
    named groups (:data:`TOKEN_FEATURE_GROUPS`) over one :class:`DocContext`.
    """
    if not infos:
        return []
    return context_features(doc_context(text, infos, lexicon, speakers, reporting))


def context_features(ctx: DocContext) -> list[list[str]]:
    """The feature lists of :func:`doc_features` from a document's :class:`DocContext` (for callers that need the
    context for more features of their own)."""
    return [[f for group in TOKEN_FEATURE_GROUPS for f in group(i, ctx)] for i in range(len(ctx.infos))]
