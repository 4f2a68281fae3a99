"""Grammar rules that complement the CRF where it is blind.

Long quoted stretches are direct quotations whatever the CRF says (see :func:`quoted_stretches`).

The CRF learns the frequent frames well but misses rare cue expressions ("hatte in Aussicht gestellt, dass …"),
because a rare cue gives it little evidence. One construction is nearly unambiguous in German news and needs no
training data beyond the cue lexicon: a sentence whose main clause has a speech verb, a named subject, and a
complement clause ``, dass|ob …``. This rule labels such sentences when the CRF found nothing in them. It is measured
on the dev set against the CRF alone (see docs/speech.md) and can be switched off.
"""

from __future__ import annotations

import bisect

from standpunkt.speech.features import TokenInfo
from standpunkt.speech.lexicon import RATIO_HIGH, RATIO_MID, CueLexicon
from standpunkt.speech.quotemarks import find_quote_pairs, outer_pairs

COMPLEMENTIZERS = frozenset({"dass", "ob"})
#: The complementizer must follow the speech verb within this many tokens.
MAX_VERB_TO_CLAUSE = 8
SPEAKER_TAGS = frozenset({"NE"})
NP_TAGS = frozenset({"NE", "NN", "ADJA", "ART", "PPOSAT"})
SPEAKER_ENTS = frozenset({"PER", "ORG", "GPE"})
FINAL_PUNCT = frozenset({".", "!", "?", ":", ";"})
MAIN_VERB_TAGS = frozenset({"VVFIN", "VVPP"})
#: Words that open a subordinate clause: the speech verb must be in the main clause, not after one of these.
SUBORDINATORS = frozenset({"PRELS", "PRELAT", "KOUS", "PWAV", "PWS", "KOUI"})


#: A pair of quotation marks around at least this many words is a direct quotation: in the training data 319 of 333
#: such pairs are annotated as one (shorter quoted stretches are often names, titles or scare quotes).
MIN_QUOTED_WORDS = 8
#: The same for a quotation introduced by a colon ("sagte: „…“").
MIN_COLON_QUOTED_WORDS = 4


def quoted_stretches(labels: list[str], infos: list[TokenInfo], text: str) -> list[str]:
    """Long quoted stretches are direct quotations, exactly as far as the marks go.

    Unlabelled ones (8 words or more) become direct quotations: in the training data 319 of 333 such stretches are
    annotated as direct quotations (some of them nested in an indirect one). A message the CRF let run over a
    quotation introduced by a colon ("erklärte in einer Videobotschaft: "Um es klipp und klar zu sagen: …"") is cut
    back to the quotation: the part before the opening mark is frame, the part after the closing mark is dropped
    (colon-introduced quotations of 4+ words: 159 of 172 are direct quotations of their own).
    """
    labels = list(labels)
    if not infos:
        return labels
    starts = [t.start for t in infos]
    for s, e in outer_pairs(find_quote_pairs(text)):
        n_words = len(text[s:e].split())
        if n_words < MIN_COLON_QUOTED_WORDS:
            continue
        a = bisect.bisect_left(starts, s)
        b = bisect.bisect_left(starts, e)
        if a >= b:
            continue
        inside = labels[a:b]
        exact = inside[0] == "B-Direct" and all(lab == "I-Direct" for lab in inside[1:]) \
            and not _is_message(labels, b) and not (a > 0 and labels[a - 1] == "I-Direct")
        unlabelled = all(lab == "O" for lab in inside) and n_words >= MIN_QUOTED_WORDS
        colon = text[:s].rstrip().endswith(":")
        if exact or not (unlabelled or (colon and any(lab.startswith(("B-", "I-")) for lab in inside))):
            continue
        k = a - 1
        while k >= 0 and infos[k].sent == infos[a].sent and _is_message(labels, k):
            labels[k] = "FRM"
            k -= 1
        k = b
        while k < len(infos) and infos[k].sent == infos[b - 1].sent and _is_message(labels, k):
            labels[k] = "O"
            k += 1
        labels[a] = "B-Direct"
        for k in range(a + 1, b):
            labels[k] = "I-Direct"
    return labels


def _is_message(labels: list[str], k: int) -> bool:
    return 0 <= k < len(labels) and labels[k].startswith(("B-", "I-"))


def _is_speech_verb(t: TokenInfo, lexicon: CueLexicon) -> bool:
    if t.tag not in MAIN_VERB_TAGS:
        return False
    return lexicon.ratio(t.text, t.lemma) >= RATIO_MID or lexicon.aux_ratio(t.text, t.lemma) >= RATIO_HIGH


def complement_clauses(labels: list[str], infos: list[TokenInfo], lexicon: CueLexicon) -> list[str]:
    """Label "<speaker> <speech verb> …, dass <message>" in sentences where the CRF labelled no message."""
    labels = list(labels)
    n = len(infos)
    i = 0
    while i < n:
        j = i
        while j < n and infos[j].sent == infos[i].sent:
            j += 1
        _sentence(labels, infos, lexicon, i, j)
        i = j
    return labels


def _sentence(labels: list[str], infos: list[TokenInfo], lexicon: CueLexicon, a: int, b: int) -> None:
    if any(lab != "O" for lab in labels[a:b]):
        return
    for c in range(a + 1, b - 1):
        if infos[c].text == "," and infos[c + 1].lower in COMPLEMENTIZERS:
            break
    else:
        return
    verbs = [k for k in range(max(a, c - MAX_VERB_TO_CLAUSE), c) if _is_speech_verb(infos[k], lexicon)]
    if not verbs:
        return
    v = verbs[-1]
    if any(infos[k].tag in SUBORDINATORS for k in range(a, v)):
        return
    # the subject: a name (entity or proper noun) in the main clause, nearest to the verb
    names = [k for k in range(a, c) if infos[k].ent in SPEAKER_ENTS or infos[k].tag in SPEAKER_TAGS]
    if not names:
        return
    head = min(names, key=lambda k: abs(k - v))
    s_end = head + 1
    while s_end < c and (infos[s_end].tag in SPEAKER_TAGS or infos[s_end].ent in SPEAKER_ENTS):
        s_end += 1
    s_start = head
    while s_start > a and infos[s_start - 1].tag in NP_TAGS and s_start - 1 != v:
        s_start -= 1
    end = b
    while end > c + 1 and infos[end - 1].text in FINAL_PUNCT:
        end -= 1
    for k in range(a, c + 1):
        labels[k] = "FRM"
    for k in range(s_start, s_end):
        labels[k] = "SPK"
    labels[v] = "CUE"
    for k in range(v + 1, c):
        if infos[k].tag == "PTKVZ":
            labels[k] = "CUE"
    labels[c + 1] = "B-Indirect"
    for k in range(c + 2, end):
        labels[k] = "I-Indirect"
