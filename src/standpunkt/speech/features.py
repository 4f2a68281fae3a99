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


def doc_features(text: str, infos: list[TokenInfo], lexicon: CueLexicon,
                 speakers: CueLexicon | None = None, reporting: CueLexicon | None = None) -> list[list[str]]:
    """One feature list (strings) per token (``infos`` from :func:`token_infos` of the Doc of ``text``).

    ``lexicon`` holds cue ratios, ``speakers`` the same statistics for being (part of) a speaker mention,
    ``reporting`` for being a verb inside a reported-speech message ("Greenpeace fordert die Vernichtung …": the
    gold scheme gives reported speech no cue, so its verbs are not in the cue lexicon).
    """
    n = len(infos)
    if n == 0:
        return []
    pairs = find_quote_pairs(text)
    # quote depth per token: inside any pair (chars strictly inside the marks)
    inside = [False] * n
    if pairs:
        starts = [p[0] for p in pairs]
        for i, ti in enumerate(infos):
            k = bisect.bisect_right(starts, ti.start)
            for s, e in pairs[max(0, k - 4):k]:
                if s <= ti.start and ti.end <= e:
                    inside[i] = True
                    break
    ratios = [lexicon.ratio(ti.text, ti.lemma) if ti.tag in CUE_TAGS or ti.tag.startswith("V") else 0.0
              for ti in infos]
    for i in range(n - 1):
        if infos[i].tag in BIGRAM_CUE_TAGS:
            ratios[i] = max(ratios[i], lexicon.bigram_ratio(infos[i].text, infos[i + 1].text))
    aux = [lexicon.aux_ratio(ti.text, ti.lemma) if ti.tag.startswith("V") else 0.0 for ti in infos]
    cue_b = [bucket(r) for r in ratios]
    spk_b = [bucket(speakers.ratio(ti.text, ti.lemma)) for ti in infos] if speakers is not None else [None] * n
    rep_b = ([bucket(reporting.ratio(ti.text, ti.lemma)) if ti.tag.startswith("V") else None for ti in infos]
             if reporting is not None else [None] * n)

    # sentences
    n_sent = infos[-1].sent + 1
    s_start = [0] * n_sent
    s_end = [0] * n_sent
    for i, ti in enumerate(infos):
        if i == 0 or infos[i - 1].sent != ti.sent:
            s_start[ti.sent] = i
        s_end[ti.sent] = i + 1
    s_feats: list[list[str]] = []
    anchors: list[list[int]] = []
    for s in range(n_sent):
        a, b = s_start[s], s_end[s]
        moods = {infos[i].mood for i in range(a, b)}
        f = []
        if "k1" in moods:
            f.append("k1")
        if "k2" in moods:
            f.append("k2")
        if "ind" in moods:
            f.append("ind")
        best_i = max(range(a, b), key=lambda i: ratios[i])
        best = ratios[best_i]
        bb = bucket(best)
        if bb:
            f.append("cue" + bb)
            f.append("cue" + bb + infos[best_i].tag[:2])  # verb, preposition ("laut"), adverb ("demnach"), noun
            if best >= ANCHOR_RATIO:
                after = {infos[k].text for k in range(best_i + 1, b)}
                f.append("cuepunct=" + str(bool(after & {",", ":"})))
        if any(infos[i].tag in ("PTKZU", "VVIZU") for i in range(a, b)):
            f.append("zu")
        rb = [rep_b[i] for i in range(a, b) if rep_b[i]]
        if rb:
            f.append("rep" + ("hi" if "hi" in rb else "mid" if "mid" in rb else "lo"))
        if any(inside[i] or infos[i].text in QUOTE_CHARS for i in range(a, b)):
            f.append("q")
        if any(infos[i].text == ":" for i in range(a, b)):
            f.append("colon")
        last = infos[b - 1].text
        if last not in {".", "!", "?", ":", "“", "\"", "«", "»", ")"}:
            f.append("noend")
        if infos[a].text in QUOTE_CHARS:
            f.append("qstart")
        if any(infos[i].lower in ("dass", "ob") for i in range(a, b)):
            f.append("dass")
        s_feats.append(f)
        anchors.append([i for i in range(a, b) if ratios[i] >= ANCHOR_RATIO])

    feats: list[list[str]] = []
    base_tag = [ti.tag for ti in infos]
    for i, ti in enumerate(infos):
        s = ti.sent
        a, b = s_start[s], s_end[s]
        f = ["b", "w=" + ti.lower, "l=" + ti.lemma.lower(), "t=" + ti.tag, "t2=" + ti.tag[:2],
             "suf=" + ti.lower[-3:]]
        if ti.text[:1].isupper():
            f.append("cap")
        if ti.mood:
            f.append("m=" + ti.mood)
        if ti.ent:
            f.append("e=" + ti.ent)
        if cue_b[i]:
            f.append("c=" + cue_b[i])
            f.append("ct=" + cue_b[i] + ti.tag[:2])
        if spk_b[i]:
            f.append("sp=" + spk_b[i])
        if rep_b[i]:
            f.append("rp=" + rep_b[i])
        if i > 0:
            f.append("bg=" + infos[i - 1].lower + "|" + ti.lower)
        ab = bucket(aux[i])
        if ab:
            f.append("ac=" + ab)
        if inside[i]:
            f.append("inq")
        if ti.text in QUOTE_CHARS:
            f.append("qm")
        if i == a:
            f.append("sfirst")
            if ti.newline_before or i == 0:
                f.append("pfirst")
        if i == b - 1:
            f.append("slast")
        for sf in s_feats[s]:
            f.append("s_" + sf)
        if s > 0:
            for sf in s_feats[s - 1]:
                f.append("p_" + sf)
        else:
            f.append("p_none")
        if s + 1 < n_sent:
            for sf in s_feats[s + 1]:
                f.append("n_" + sf)
        # position relative to the cue anchors of the sentence
        anc = anchors[s]
        if anc:
            nearest = min(anc, key=lambda j: abs(j - i))
            d = nearest - i
            side = "at" if d == 0 else ("bc" if d > 0 else "ac")
            f.append("side=" + side)
            f.append("dist=" + side + _dist_bucket(abs(d)))
            lo, hi = (i, nearest) if i < nearest else (nearest, i)
            comma = any(infos[j].text in {",", ":"} for j in range(lo + 1, hi))
            f.append("sep=" + side + str(comma))
        else:
            f.append("side=none")
        # window
        for off in (-2, -1, 1, 2):
            j = i + off
            if 0 <= j < n:
                f.append(f"t{off}=" + base_tag[j])
                if abs(off) == 1:
                    f.append(f"w{off}=" + infos[j].lower)
                    if cue_b[j]:
                        f.append(f"c{off}=" + cue_b[j])
                    if spk_b[j]:
                        f.append(f"sp{off}=" + spk_b[j])
                    if infos[j].ent:
                        f.append(f"e{off}=" + infos[j].ent)
                    if inside[j] != inside[i]:
                        f.append(f"qb{off}")
            else:
                f.append(f"t{off}=PAD")
        feats.append(f)
    return feats
