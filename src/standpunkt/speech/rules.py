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

from standpunkt.speech.assemble import FINITE_TAGS, PREPOSITION_TAGS, REPORTATIVE_MODALS, looks_like_name, names_someone
from standpunkt.speech.features import TokenInfo
from standpunkt.speech.lexicon import RATIO_HIGH, RATIO_MID, CueEntry, CueLexicon
from standpunkt.speech.quotemarks import QUOTE_CHARS, find_quote_pairs, outer_pairs

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


def _is_speech_verb(t: TokenInfo, lexicon: CueLexicon, ratio: float = RATIO_MID) -> bool:
    if t.tag not in MAIN_VERB_TAGS:
        return False
    return lexicon.ratio(t.text, t.lemma) >= ratio or lexicon.aux_ratio(t.text, t.lemma) >= RATIO_HIGH


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


# --- reported speech the CRF leaves unlabelled --------------------------------------------------------------------
#
# The CRF misses a third of the indirect quotations of the training folds, and most of those misses are sentences in
# which it labels nothing at all although their frame is one of a few fixed constructions (error analysis on
# held-out train folds, docs/speech.md). In the training data these constructions are annotated as quotations almost
# every time: a sentence-initial "Laut X" 55 of 55, "Nach Angaben X" 50 of 50, "X zufolge" 49 of 49, "Demnach"
# 16 of 19, "Wie X mitteilte, …" 47 of 57 (the rest are "Wie lange …" questions without a speech verb). The rules
# below label such sentences, and only sentences in which the CRF found no message.

#: Cue ratio (learned, see :mod:`standpunkt.speech.lexicon`) from which a preposition or adverb (with the word after
#: it: "nach Angaben", "so der") opens a source phrase: "nach Angaben" 0.98, "laut" 0.96, "zufolge" 0.96,
#: "demnach" 0.70, but "danach" 0.18, "nach dem" 0.08.
SOURCE_RATIO = RATIO_HIGH
#: ... and from this many occurrences in the training data ("nach dieser" two of two is chance).
SOURCE_MIN_COUNT = 5
#: A preposition that is a cue now and then ("nach" 0.30) opens a source phrase when its head noun is part of a
#: speaker mention at least this often in the training data (learned speaker lexicon), seen this many times.
SOURCE_NOUN_RATIO = 0.3
SOURCE_NOUN_MIN_COUNT = 2
#: Punctuation before a parenthetical source ("…, so der Sprecher", "– so der Vorwurf –").
PARENTHETICAL_OPENERS = frozenset({",", "–", "-", "("})
#: Tags of source-phrase cues: prepositions before ("laut", "nach") and after ("zufolge") their noun phrase, adverbs.
SOURCE_PREP_TAGS = frozenset({"APPR"})
SOURCE_POSTP_TAGS = frozenset({"APPO"})
SOURCE_ADV_TAGS = frozenset({"ADV", "PAV", "PROAV"})
SOURCE_TAGS = SOURCE_PREP_TAGS | SOURCE_POSTP_TAGS | SOURCE_ADV_TAGS
#: Words inside a noun phrase ("der niedersächsische Finanzminister Hartmut Möllring", "eigenen Angaben").
NP_WORD_TAGS = frozenset({"ART", "ADJA", "PPOSAT", "CARD", "PIAT", "PDAT", "NN", "NE", "FM", "TRUNC"})
NOUN_TAGS = frozenset({"NN", "NE", "FM"})
#: Articles that continue a noun phrase with a genitive attribute ("Angaben der Polizei", "eines Experten").
GENITIVE_ARTICLES = frozenset({"der", "des", "eines", "einer"})
#: A fronted source phrase is followed by the finite verb (verb second) within this many tokens
#: ("Nach Angaben der Sprecherin gegenüber dem Weser-Kurier ist …").
MAX_PHRASE_TO_VERB = 5
#: Shortest message (tokens) these rules label; shorter remainders are fragments ("darunter").
MIN_RULE_MESSAGE = 4
#: Longest postposed frame clause ("…, teilte die zur Stanford University gehörende Hoover Institution mit.").
MAX_POSTPOSED_FRAME = 14
#: Cue ratio a postposed frame's verb needs ("teilte … mit" 0.97; "zeigte", "bat" are cues only now and then).
POSTPOSED_RATIO = RATIO_HIGH
#: Cue ratio the speech verb before a complement clause needs.
COMPLEMENT_RATIO = RATIO_MID
SENTENCE_END = frozenset({".", "!", "?", ";", ":"})
#: Longer "sentences" are sentence-splitting failures (the longest of the 8,948 training sentences has 129 tokens);
#: the rules leave them alone, which also keeps them linear on a document without sentence boundaries.
MAX_RULE_SENTENCE = 200


def _sentence_bounds(infos: list[TokenInfo]) -> list[tuple[int, int]]:
    out = []
    i, n = 0, len(infos)
    while i < n:
        j = i
        while j < n and infos[j].sent == infos[i].sent:
            j += 1
        out.append((i, j))
        i = j
    return out


def _modifiers_end(infos: list[TokenInfo], k: int, limit: int) -> int:
    """End of the words before a noun phrase's noun: articles, adjectives, numbers …, and an adverb before an
    adjective ("nach bisher unbestätigten Berichten"; not a "but": "…, verlangen aber kostengünstige Produkte" has
    no speaker)."""
    while k < limit and (infos[k].tag in NP_WORD_TAGS and infos[k].tag not in NOUN_TAGS
                         or infos[k].tag == "ADV" and k + 1 < limit and infos[k + 1].tag == "ADJA"
                         and infos[k].lower not in ("aber", "jedoch", "allerdings", "doch")):
        k += 1
    return k


def _noun_phrase(infos: list[TokenInfo], k: int, limit: int) -> int:
    """End (exclusive) of the noun phrase starting at ``k``: modifiers, nouns and names, genitive attributes, one
    "von" attribute; ``k`` itself if there is none. A personal pronoun is a noun phrase of its own."""
    if k < limit and infos[k].tag == "PPER":
        return k + 1
    j = k
    while True:
        m = _modifiers_end(infos, j, limit)
        if m >= limit or infos[m].tag not in NOUN_TAGS:
            return j
        while m < limit and infos[m].tag in NOUN_TAGS:
            m += 1
        if m + 2 < limit and infos[m].text == "(" and infos[m + 2].text == ")" and infos[m + 1].tag in NOUN_TAGS:
            m += 3  # "Oettinger ( CDU )"
        j = m
        if j < limit and infos[j].tag == "ART" and infos[j].lower in GENITIVE_ARTICLES:
            continue  # "Angaben der Polizei"
        if j < limit and infos[j].lower == "von":
            e = _noun_phrase(infos, j + 1, limit)
            return e if e > j + 1 else j
        return j


def _label_rule(labels: list[str], a: int, b: int, message: list[int], cue: list[int], speaker: list[int]) -> None:
    """Write one rule quotation into sentence ``[a, b)``: frame everywhere, then cue, speaker and message parts."""
    msg = set(message)
    for k in range(a, b):
        labels[k] = "O"
    frame_lo = min(cue + speaker) if cue + speaker else None
    frame_hi = max(cue + speaker) if cue + speaker else None
    if frame_lo is not None and frame_hi is not None:
        for k in range(frame_lo, frame_hi + 1):
            if k not in msg:
                labels[k] = "FRM"
    for k in speaker:
        labels[k] = "SPK"
    for k in cue:
        labels[k] = "CUE"
    for k in sorted(msg):
        labels[k] = "I-Indirect" if k - 1 in msg else "B-Indirect"


def _has_message(labels: list[str], a: int, b: int) -> bool:
    return any(lab.startswith(("B-", "I-")) or lab == "MSPK" for lab in labels[a:b])


def _trim_message(infos: list[TokenInfo], idx: list[int]) -> list[int]:
    """Drop punctuation at the ends of a message ("." at the end, commas around an inline frame)."""
    while idx and (infos[idx[-1]].text in SENTENCE_END or infos[idx[-1]].text in {",", ")", "–", "-"}):
        idx.pop()
    while idx and infos[idx[0]].text in {",", "(", "–", "-"}:
        idx.pop(0)
    return idx


def _attested_ratio(lexicon: CueLexicon, key: str) -> float:
    """The cue ratio of a lexicon key seen at least :data:`SOURCE_MIN_COUNT` times (else 0)."""
    e = lexicon.get(key)
    return e.ratio() if e is not None and e.total >= SOURCE_MIN_COUNT else 0.0


def _source_noun(infos: list[TokenInfo], k: int, b: int, speakers: CueLexicon) -> bool:
    """Whether the head noun of the noun phrase at ``k`` is learned to be part of speaker mentions ("Angaben" 0.82,
    "Ansicht" 0.88, "Berechnungen" 0.75; "Spiel", "Ende", "Urteil" near 0)."""
    j = _modifiers_end(infos, k, b)
    if j >= b or infos[j].tag != "NN":
        return False
    e = _noun_entry(speakers, infos[j].lower, infos[j].lemma.lower())
    return e is not None and e.ratio() >= SOURCE_NOUN_RATIO


#: Shortest compound head looked up for a noun the speaker lexicon has not seen often enough ("Expertenmeinung" →
#: "meinung", "Armeeangaben" → "angaben", "Fernsehbericht" → "bericht").
MIN_COMPOUND_HEAD = 5
#: Look up compound heads of unattested source nouns (see :func:`_noun_entry`).
SOURCE_COMPOUND_HEADS = True


def _noun_entry(speakers: CueLexicon, word: str, lemma: str = "") -> CueEntry | None:
    """The speaker-lexicon entry of a noun seen at least :data:`SOURCE_NOUN_MIN_COUNT` times, of its lemma or of its
    longest attested compound head (:meth:`CueLexicon.noun_entry`)."""
    return speakers.noun_entry(word, lemma, SOURCE_NOUN_MIN_COUNT, MIN_COMPOUND_HEAD if SOURCE_COMPOUND_HEADS else 0)


#: Accept any noun phrase after a parenthetical "so" that punctuation closes (see :func:`_parenthetical_so`).
PARENTHETICAL_SO = True
#: Punctuation that closes a parenthetical source ("…, so Boemi.", "…, so Obama weiter, …", "– so der Vorwurf –").
PARENTHETICAL_CLOSERS = frozenset({",", "–", "-", ")", ":"}) | SENTENCE_END


def _parenthetical_so(infos: list[TokenInfo], k: int, b: int) -> bool:
    """"…, so <noun phrase> [weiter]," closed by punctuation is a source whatever the noun phrase ("so Boemi", "so
    verdi-Verhandlungsführer Frank Bäsler"): in the training data 33 of 34 such "so" are annotated cues (with an
    open end, "…, so die Regierung das Gesetz …", 11 of 13, left to the learned "so der"/"so die" ratios)."""
    if k == 0 or infos[k - 1].text not in PARENTHETICAL_OPENERS or infos[k - 1].sent != infos[k].sent:
        return False
    pe = _noun_phrase(infos, k + 1, b)
    if pe == k + 1:
        return False
    while pe < b and infos[pe].tag == "ADV":  # "so Obama weiter"
        pe += 1
    return pe >= b or infos[pe].text in PARENTHETICAL_CLOSERS


def _source_cue(infos: list[TokenInfo], k: int, b: int, lexicon: CueLexicon,
                speakers: CueLexicon | None = None) -> bool:
    """Whether token ``k`` opens (or, "zufolge", closes) a source phrase, by the learned cue statistics."""
    t = infos[k]
    if speakers is not None and t.tag in SOURCE_PREP_TAGS and lexicon.ratio(t.text, t.lemma) >= RATIO_MID \
            and _source_noun(infos, k + 1, b, speakers):
        return True  # "Nach den Berechnungen der AP", "Nach Ansicht von …": the noun makes the source
    if PARENTHETICAL_SO and t.lower == "so" and _parenthetical_so(infos, k, b):
        return True
    r = 0.0
    if t.tag in SOURCE_PREP_TAGS or t.tag in SOURCE_ADV_TAGS:
        if k + 1 < b:
            r = _attested_ratio(lexicon, "b:" + t.lower + " " + infos[k + 1].lower)
        if t.lower != "so":
            r = max(r, _attested_ratio(lexicon, "w:" + t.lower))
    elif t.tag in SOURCE_POSTP_TAGS:
        r = _attested_ratio(lexicon, "w:" + t.lower)
    return r >= SOURCE_RATIO


def _source_sentence(labels: list[str], infos: list[TokenInfo], lexicon: CueLexicon, a: int, b: int,
                     speakers: CueLexicon | None = None) -> bool:
    """"Laut X …", "Nach Angaben X …", "X zufolge …", "Demnach …", "…, so X, …": the rest of the clause is the
    message."""
    for c in range(a, b):
        if infos[c].tag not in SOURCE_TAGS or not _source_cue(infos, c, b, lexicon, speakers):
            continue
        t = infos[c]
        speaker: list[int] = []
        if t.tag in SOURCE_POSTP_TAGS:  # "Einer Quelle zufolge"
            s = c
            while s > a and infos[s - 1].tag in NP_WORD_TAGS:
                s -= 1
            if s == c:
                continue
            ps, pe = s, c + 1
            speaker = list(range(s, c))
        elif t.tag in SOURCE_PREP_TAGS or t.lower == "so":
            if t.lower == "so" and (c == a or infos[c - 1].text not in PARENTHETICAL_OPENERS):
                continue  # "so" is a source only as a parenthesis: "…, so der Sprecher, …" ("Wir erleben so …")
            pe = _noun_phrase(infos, c + 1, b)
            if pe == c + 1:
                continue
            ps = c
            speaker = list(range(c + 1, pe))
        else:  # "Demnach"
            ps, pe = c, c + 1
        if any(infos[k].tag in SUBORDINATORS for k in range(a, ps)):
            continue  # inside a relative or adverbial clause: not the sentence's source
        frame = set(range(ps, pe))
        lo, hi = a, b
        if ps > a and infos[ps - 1].text == ",":  # "…, so der Sprecher weiter, …": up to the next comma
            k = pe
            while k < b and infos[k].text not in {","} | SENTENCE_END:
                k += 1
            frame |= set(range(ps - 1, min(k + 1, b)))
        elif ps == a:  # fronted: the finite verb follows
            k = pe
            while k < b and infos[k].tag not in FINITE_TAGS and k - pe <= MAX_PHRASE_TO_VERB:
                k += 1
            if k >= b or infos[k].tag not in FINITE_TAGS:
                continue
            frame |= set(range(pe, k))
        opened = [k for k in range(a, ps) if infos[k].text == "("]
        if opened and not any(infos[k].text == ")" for k in range(opened[-1], ps)):
            lo = opened[-1] + 1
            hi = next((k for k in range(pe, b) if infos[k].text == ")"), b)
        message = _trim_message(infos, [k for k in range(lo, hi) if k not in frame])
        if len(message) < MIN_RULE_MESSAGE or not any(infos[k].tag in FINITE_TAGS for k in message):
            continue
        _label_rule(labels, a, b, message, [c], speaker)
        return True
    return False


#: Relative pronouns after a relative source cue ("…, laut denen …", "…, nach dem …"); "wonach" needs none.
RELATIVE_PRONOUN_TAGS = frozenset({"PRELS", "PRELAT"})
RELATIVE_SOURCE_TAGS = frozenset({"PWAV"}) | SOURCE_PREP_TAGS


def _relative_source_clause(infos: list[TokenInfo], lexicon: CueLexicon, c: int, a: int, b: int
                            ) -> tuple[list[int], list[int], list[int]] | None:
    """"…, wonach X …" / "…, laut denen X …" at ``c`` (after a comma): the cue (with its relative pronoun), the
    noun phrase before the comma as speaker, and the relative clause (up to its verb-final comma) as message; the
    cue word must be a source by its own learned ratio ("wonach" 0.78, "laut" 0.96; "nach" 0.30 is not)."""
    t = infos[c]
    if c - 1 <= a or infos[c - 1].text != "," or t.tag not in RELATIVE_SOURCE_TAGS             or _attested_ratio(lexicon, "w:" + t.lower) < SOURCE_RATIO:
        return None
    m = c + 1
    if t.tag in SOURCE_PREP_TAGS:
        if m >= b or infos[m].tag not in RELATIVE_PRONOUN_TAGS:
            return None
        m += 1
    end = next((k for k in range(m + 1, b) if infos[k].text in SENTENCE_END
                or (infos[k].text == "," and infos[k - 1].tag in FINITE_TAGS)), b)
    message = _trim_message(infos, list(range(m, end)))
    if len(message) < MIN_RULE_MESSAGE or not any(infos[k].tag in FINITE_TAGS for k in message):
        return None
    e = c - 1  # the noun phrase before the comma, or the last one of the clause ("Berichte nicht bestätigen, …")
    while e > a and infos[e - 1].tag not in NOUN_TAGS and infos[e - 1].text not in {",", "„", "“"} | SENTENCE_END:
        e -= 1
    s = e
    while s > a and infos[s - 1].tag in NP_WORD_TAGS | {"$("} and infos[s - 1].text != ",":
        s -= 1
    return list(range(c, m)), list(range(s, e)), message


def _relative_source_sentence(labels: list[str], infos: list[TokenInfo], lexicon: CueLexicon, a: int, b: int,
                              speakers: CueLexicon | None = None) -> bool:
    """"Das Ministerium wies Berichte zurück, wonach Inspektoren Zutritt erhalten hätten.": the relative clause
    after a source word is the message."""
    for c in range(a + 2, b):
        found = _relative_source_clause(infos, lexicon, c, a, b)
        if found is None:
            continue
        cue, speaker, message = found
        for k in range(a, b):
            labels[k] = "O"
        for k in speaker:
            labels[k] = "SPK"
        for k in cue:
            labels[k] = "CUE"
        for k in message:
            labels[k] = "I-Indirect" if k - 1 in message else "B-Indirect"
        return True
    return False


def _wie_sentence(labels: list[str], infos: list[TokenInfo], lexicon: CueLexicon, a: int, b: int,
                  speakers: CueLexicon | None = None) -> bool:
    """"Wie die NATO mitteilte, sind …" and "…, wie der Verband bekannt gab.": the rest is the message."""
    commas = [k for k in range(a, b) if infos[k].text == ","]
    if not commas:
        return False
    if infos[a].lower == "wie":
        ws, we = a, commas[0]
        rest = list(range(we + 1, b))
        if not rest or infos[rest[0]].tag not in FINITE_TAGS:  # verb second after the fronted clause
            return False
    else:
        c = commas[-1]
        if c + 1 >= b or infos[c + 1].lower != "wie":
            return False
        ws, we = c + 1, b
        rest = list(range(a, c))
    clause = range(ws + 1, we)
    cue = [k for k in clause if (infos[k].tag.startswith("V") or infos[k].tag in {"PTKVZ", "ADJD"})
           and lexicon.ratio(infos[k].text, infos[k].lemma) >= RATIO_MID]
    if not any(infos[k].tag.startswith("V") for k in cue):
        return False
    cue = [ws] + cue
    k = ws + 1
    if k < we and infos[k].tag == "PRF":  # "wie sich … ergab"
        k += 1
    speaker = list(range(k, _noun_phrase(infos, k, we)))
    message = _trim_message(infos, rest)
    if len(message) < MIN_RULE_MESSAGE:
        return False
    _label_rule(labels, a, b, message, cue, speaker)
    return True


def _main_clause_before(infos: list[TokenInfo], a: int, c: int) -> bool:
    """Whether ``[a, c)`` has a finite verb outside subordinate clauses ("Da er …, bat er" and "Primus, der … ist,
    wies … zurück" have none: their last clause is the main clause, not a frame)."""
    k = a
    while k < c:
        j = k
        while j < c and infos[j].text != ",":
            j += 1
        if infos[k].tag not in SUBORDINATORS and infos[k].lower not in COMPLEMENTIZERS | {"wie"} \
                and any(infos[m].tag in FINITE_TAGS for m in range(k, j)):
            return True
        k = j + 1
    return False


def _postposed_sentence(labels: list[str], infos: list[TokenInfo], lexicon: CueLexicon, a: int, b: int,
                        speakers: CueLexicon | None = None) -> bool:
    """"…, teilte die Hoover Institution mit." / "…, stellten die Wissenschaftler fest.": a verb-first clause with a
    speech verb after the last comma is the frame, everything before it the message."""
    commas = [k for k in range(a, b) if infos[k].text == ","]
    if not commas:
        return False
    c = commas[-1]
    end = b
    while end > c + 1 and infos[end - 1].text in SENTENCE_END:
        end -= 1
    if c + 1 >= end or end - c - 1 > MAX_POSTPOSED_FRAME or infos[c + 1].tag not in FINITE_TAGS:
        return False
    v = c + 1
    particles = [k for k in range(v + 1, end) if infos[k].tag == "PTKVZ"]
    if not (_is_speech_verb(infos[v], lexicon, POSTPOSED_RATIO) or (infos[v].tag in FINITE_TAGS and any(
            lexicon.ratio(infos[k].text, infos[k].lemma) >= RATIO_HIGH for k in particles))
            or _unseen_verb_after_konjunktiv(infos, lexicon, a, c, v, end)):
        return False
    if infos[end - 1].text == "?" or any(infos[k].text in QUOTE_CHARS for k in range(a, c)) \
            or not _main_clause_before(infos, a, c):
        return False
    if infos[v].tag not in MAIN_VERB_TAGS and not particles:
        return False
    speaker = list(range(v + 1, _noun_phrase(infos, v + 1, end)))
    if not speaker:
        return False
    message = _trim_message(infos, list(range(a, c)))
    if len(message) < MIN_RULE_MESSAGE or not any(infos[k].tag in FINITE_TAGS for k in message):
        return False
    _label_rule(labels, a, b, message, [v] + particles, speaker)
    return True


def _unseen_verb_after_konjunktiv(infos: list[TokenInfo], lexicon: CueLexicon, a: int, c: int, v: int,
                                  end: int) -> bool:
    """"Man dürfe keine Eskalation riskieren, mahnte er.", "Verbote müssten kontrolliert werden, mahnte GdP-Chef
    Jochen Kopelke.": a verb the training data never saw, followed by just a pronoun or a name (with a role noun
    before it), after a clause in Konjunktiv, is a speech verb too (there are more than any corpus holds: "mahnen",
    "monieren", "unterstreichen" …)."""
    if infos[v].tag != "VVFIN" or lexicon.attested(infos[v].text, infos[v].lemma):
        return False
    speaker = [k for k in range(v + 1, end) if infos[k].tag != "PTKVZ"]
    names = [k for k in speaker if infos[k].tag in ("PPER", "NE")]
    return bool(names) and len(speaker) <= 4 and speaker[-len(names):] == names and all(
        infos[k].tag in ("NN", "ART") for k in speaker[:-len(names)]) and len(speaker) - len(names) <= 2 \
        and any(infos[k].mood in ("k1", "k2") for k in range(a, c))


#: Complement kinds of :func:`_complement_sentence`: "dass"/"ob" clauses, zu-infinitives ("hat angekündigt, … zu
#: verzichten"), and verb-second clauses without a complementizer ("sagte, die Regierung will …").
COMPLEMENT_KINDS: tuple[str, ...] = ("dass", "zu", "v2")
#: A participle followed by one of these is a passive ("angegeben werden"), not a speech act.
PASSIVE_AUX = frozenset({"werden", "sein"})
#: Subjects that are no speakers: the expletive "es" ("es ist verboten, …") and the first person outside quotation
#: marks ("Ich glaube, …" comes from interviews, not from reports).
NON_SPEAKERS = frozenset({"es", "ich", "wir", "man"})
#: Words that open an adverbial infinitive ("um … zu"), not a complement.
INFINITIVE_OPENERS = frozenset({"um", "ohne", "statt", "anstatt"})
#: In a verb-second complement the finite verb comes within this many tokens after the comma.
MAX_V2_OFFSET = 6
#: Longest apposition between a subject and its verb ("John Kline, ein Repräsentant aus Minnesota, sagte …").
MAX_APPOSITION = 12


def _apposition(infos: list[TokenInfo], a: int, first_finite: int) -> tuple[int, int] | None:
    """The commas ``(c1, c2)`` around an apposition between the sentence's subject and its finite verb ("John Kline,
    ein Repräsentant aus Minnesota, sagte …"): a noun phrase, a comma, a phrase without verb or subordinate clause
    that starts like a noun phrase, and a comma right before the verb. The speaker is all of it, as annotated."""
    c2 = first_finite - 1
    if c2 <= a or infos[c2].text != ",":
        return None
    c1 = next((k for k in range(a, c2) if infos[k].text == ","), c2)
    if c1 == a or not all(infos[k].tag in NP_WORD_TAGS for k in range(a, c1)) \
            or not _verbless_apposition(infos, c1 + 1, c2):
        return None
    return c1, c2


def _verbless_apposition(infos: list[TokenInfo], start: int, end: int) -> bool:
    """Whether tokens ``[start, end)`` can be an apposition: at most :data:`MAX_APPOSITION` of them, starting like a
    noun phrase, without verb, subordinate clause, sentence end or quotation mark."""
    return start < end and end - start <= MAX_APPOSITION and infos[start].tag in NP_WORD_TAGS and not any(
        infos[k].tag.startswith("V") or infos[k].tag in SUBORDINATORS or infos[k].text in SENTENCE_END
        or infos[k].text in QUOTE_CHARS for k in range(start, end))


def _complement_sentence(labels: list[str], infos: list[TokenInfo], lexicon: CueLexicon, a: int, b: int,
                         speakers: CueLexicon | None = None) -> bool:
    """"<subject> <speech verb> …, dass|ob …", "…, … zu <verb>", "…, <clause with its verb second>": a main clause
    with a speech verb and a complement clause after the comma; the subject may be any noun phrase or pronoun."""
    end = b
    while end > a and infos[end - 1].text in SENTENCE_END:
        end -= 1
    first_finite = next((k for k in range(a, end) if infos[k].tag in FINITE_TAGS), None)
    if first_finite is None:
        return False
    apposition = _apposition(infos, a, first_finite) or ()
    for c in range(a + 2, end - 2):
        if infos[c].text != "," or c in apposition:
            continue
        verbs = [k for k in range(max(a, c - MAX_VERB_TO_CLAUSE), c)
                 if _is_speech_verb(infos[k], lexicon, COMPLEMENT_RATIO)]
        if not verbs or any(infos[k].tag in SUBORDINATORS or (infos[k].text == "," and k not in apposition)
                            for k in range(a, verbs[-1])):
            return False  # the speech verb must be in the first main clause
        v = verbs[-1]
        if any(infos[k].lemma.lower() in PASSIVE_AUX for k in range(v + 1, c)) or (
                infos[v].tag == "VVPP" and infos[first_finite].lemma.lower() in PASSIVE_AUX):
            return False  # "muss noch bestätigt werden, …", "wird … erwartet, …": a passive, not a speech act
        nxt = infos[c + 1]
        clause_end = next((k for k in range(c + 1, end) if infos[k].text == ","), end)
        kind = None
        if nxt.lower in COMPLEMENTIZERS:
            kind = "dass"
        elif nxt.lower not in INFINITIVE_OPENERS and nxt.tag not in SUBORDINATORS and any(
                infos[k].tag in ("PTKZU", "VVIZU") for k in range(clause_end - 2, clause_end)):
            kind = "zu"
        elif nxt.tag not in SUBORDINATORS and nxt.tag not in ("KON", "KOUI") and any(
                infos[k].tag in FINITE_TAGS for k in range(c + 2, min(c + 1 + MAX_V2_OFFSET, clause_end))) \
                and infos[clause_end - 1].tag not in FINITE_TAGS:  # verb last: a relative clause
            kind = "v2"
        if kind not in COMPLEMENT_KINDS:
            return False
        if kind == "v2" and _weak_cue_indicative(infos, lexicon, v, c, clause_end):
            return False
        if kind == "v2" and any(infos[k].lower == "für" and infos[k + 1].tag in ("ADJD", "ADJA")
                                for k in range(v + 1, c - 1)):
            return False  # "erklärte die Ausschreibung für fehlerhaft, der Auftrag wurde …": a verdict, no speech
        if apposition:
            speaker = list(range(a, apposition[1]))
        elif first_finite > a and all(infos[k].tag in NP_WORD_TAGS or infos[k].tag == "PPER"
                                      or _example_wie(infos, k, a, first_finite) for k in range(a, first_finite)):
            speaker = list(range(a, first_finite))
        else:
            speaker = list(range(first_finite + 1, _noun_phrase(infos, first_finite + 1, c)))
        if any(infos[k].lower in NON_SPEAKERS for k in speaker):
            return False
        cue = [v] + [k for k in range(v + 1, c) if infos[k].tag == "PTKVZ"]
        message = _trim_message(infos, list(range(c + 1, end)))
        if len(message) < MIN_RULE_MESSAGE:
            return False
        _label_rule(labels, a, b, message, cue, speaker)
        for k in range(v + 1, c):
            if labels[k] == "O":
                labels[k] = "FRM"  # the rest of the main clause frames the message: "nannte es einen Wortbruch, …"
        return True
    return False


def _weak_cue_indicative(infos: list[TokenInfo], lexicon: CueLexicon, v: int, a: int, b: int) -> bool:
    """Whether the clause after the comma at ``a`` (to ``b``), its verb second, is in the indicative after a verb
    ``v`` that the quotation corpus seldom has as a cue: "Die Nationalversammlung hatte die Abgabe angenommen, der
    Senat lehnte sie ab" goes on narrating (on the train texts: four such clauses, one indirect quotation among them,
    "Die GdF zeigt …, es hingen davon … ab")."""
    particle = next((infos[k].lower for k in range(v + 1, a) if infos[k].tag == "PTKVZ"), "")
    if max(lexicon.ratio(infos[v].text, infos[v].lemma), lexicon.ratio("", particle + infos[v].lemma.lower())) \
            >= RATIO_HIGH:
        return False  # ("gaben an": "angeben")
    return not any(infos[k].mood in ("k1", "k2") for k in range(a + 1, b)) \
        and any(infos[k].mood == "ind" for k in range(a + 1, b))


def _example_wie(infos: list[TokenInfo], k: int, a: int, f: int) -> bool:
    """The "wie" of a group named with an example ("Umweltverbände wie Greenpeace kritisierten, …"): one subject."""
    return infos[k].tag == "KOKOM" and infos[k].lower == "wie" and a < k < f - 1 \
        and infos[k - 1].tag in NOUN_TAGS and infos[k + 1].tag in NOUN_TAGS | {"ART"}


#: The reportative modal (:data:`REPORTATIVE_MODALS`) with a perfect infinitive: "X soll … getan haben" reports what
#: others say (in the training data 47 of 64 such sentences are annotated as quotations, 27 of them free indirect
#: speech).
PERFECT_AUXILIARIES = frozenset({"haben", "sein"})


def _reportative_sentence(labels: list[str], infos: list[TokenInfo], lexicon: CueLexicon, a: int, b: int,
                          speakers: CueLexicon | None = None) -> bool:
    """"Ein vierter Mann soll den Irakern geholfen haben.": the whole sentence is free indirect speech (its speaker
    comes from the context, see :mod:`standpunkt.speech.assemble`)."""
    end = b
    while end > a and infos[end - 1].text in SENTENCE_END:
        end -= 1
    if end - a < MIN_RULE_MESSAGE or infos[end - 1].lower not in PERFECT_AUXILIARIES:
        return False
    modals = [k for k in range(a, end) if infos[k].lower in REPORTATIVE_MODALS and infos[k].tag == "VMFIN"]
    if not modals or infos[end - 2].tag not in ("VVPP", "VAPP") \
            or any(infos[k].text in QUOTE_CHARS for k in range(a, end)):
        return False
    for k in range(a, b):
        labels[k] = "O"
    labels[a] = "B-FreeIndirect"
    for k in range(a + 1, end):
        labels[k] = "I-FreeIndirect"
    return True


#: Demonstratives that point back to the previous sentence as what was said ("Das teilte der Verein mit.").
ANAPHORS = frozenset({"das", "dies", "dieses"})


def _speech_frame_verb(infos: list[TokenInfo], v: int, end: int, lexicon: CueLexicon) -> list[int] | None:
    """The cue of a verb-first frame at ``v`` (the verb and its separated particles), if the verb or a particle has
    a cue ratio of at least :data:`POSTPOSED_RATIO` ("teilte … mit", "gab … bekannt"); else None."""
    if infos[v].tag not in FINITE_TAGS:
        return None
    particles = [k for k in range(v + 1, end) if infos[k].tag == "PTKVZ"]
    if _is_speech_verb(infos[v], lexicon, POSTPOSED_RATIO) or any(
            lexicon.ratio(infos[k].text, infos[k].lemma) >= RATIO_HIGH for k in particles):
        if infos[v].tag in MAIN_VERB_TAGS or particles:
            return [v] + particles
    return None


def _anaphoric_sentence(labels: list[str], infos: list[TokenInfo], lexicon: CueLexicon, a: int, b: int,
                        speakers: CueLexicon | None = None) -> bool:
    """"[Trapattoni wird neuer Trainer.] Das gab die Vereinsführung bekannt.": the previous sentence (without a
    message of its own) is the message, this one its frame."""
    if a == 0 or infos[a].lower not in ANAPHORS or a + 1 >= b:
        return False
    end = b
    while end > a and infos[end - 1].text in SENTENCE_END:
        end -= 1
    if end - a > MAX_POSTPOSED_FRAME:
        return False
    cue = _speech_frame_verb(infos, a + 1, end, lexicon)
    if cue is None:
        return False
    pa = a
    while pa > 0 and infos[pa - 1].sent == infos[a - 1].sent:
        pa -= 1
    if _has_message(labels, pa, a) or infos[a - 1].text in {"?", ":"} \
            or any(infos[k].text in QUOTE_CHARS for k in range(pa, a)):
        return False
    message = _trim_message(infos, list(range(pa, a)))
    if len(message) < MIN_RULE_MESSAGE or not any(infos[k].tag in FINITE_TAGS for k in message):
        return False
    speaker = list(range(a + 2, _noun_phrase(infos, a + 2, end)))
    for k in range(pa, a):
        labels[k] = "O"
    _label_rule(labels, a, b, [], cue, speaker)
    for k in message:
        labels[k] = "I-Indirect" if k - 1 in message else "B-Indirect"
    return True


#: Shortest quoted stretch (words) taken as a short direct quotation next to a speech verb ("nannte die
#: Entscheidung „eine sehr schlechte Wahl“").
MIN_SHORT_QUOTE_WORDS = 2


def _short_quote_sentence(labels: list[str], infos: list[TokenInfo], lexicon: CueLexicon, a: int, b: int,
                          speakers: CueLexicon | None = None) -> bool:
    """A short quoted stretch (not a name or title) in a sentence with a speech verb is a direct quotation."""
    opens = [k for k in range(a, b) if infos[k].text in QUOTE_CHARS]
    if len(opens) != 2:
        return False
    verbs = [k for k in range(a, b) if _is_speech_verb(infos[k], lexicon, COMPLEMENT_RATIO)]
    if not verbs:
        return False
    qa, qb = opens
    inner = [infos[k].text for k in range(qa + 1, qb)]
    if not (MIN_SHORT_QUOTE_WORDS <= len(inner) < MIN_QUOTED_WORDS) or looks_like_name(" ".join(inner)):
        return False
    v = min(verbs, key=lambda k: abs(k - qa))
    if v > a and all(infos[k].tag in NP_WORD_TAGS or infos[k].tag == "PPER" for k in range(a, v)):
        speaker = list(range(a, v))  # "McCarthy nannte …"
    else:
        speaker = list(range(v + 1, _noun_phrase(infos, v + 1, qa)))  # "… nannte Jung, …"
    for k in range(a, b):
        labels[k] = "O"
    for k in speaker:
        labels[k] = "SPK"
    labels[v] = "CUE"
    labels[qa] = "B-Direct"
    for k in range(qa + 1, qb + 1):
        labels[k] = "I-Direct"
    return True


#: Use the speaker lexicon for source nouns after "nach"/"laut" (see :func:`_source_noun`).
SOURCE_NOUNS = True
#: The sentence rules in the order they are tried; each labels a sentence only where the CRF found no message.
SENTENCE_RULES = {"source": _source_sentence, "wie": _wie_sentence, "postposed": _postposed_sentence,
                  "complement": _complement_sentence, "reportative": _reportative_sentence,
                  "anaphoric": _anaphoric_sentence, "shortquote": _short_quote_sentence,
                  "relsource": _relative_source_sentence}
ENABLED_SENTENCE_RULES: tuple[str, ...] = ("source", "wie", "postposed", "complement", "reportative",
                                            "anaphoric", "shortquote", "relsource")


def reported_frames(labels: list[str], infos: list[TokenInfo], lexicon: CueLexicon,
                    speakers: CueLexicon | None = None, enabled: tuple[str, ...] | None = None) -> list[str]:
    """Label source phrases, "wie"-clauses, postposed frames, complement clauses, reportative modals, anaphoric
    frames, short quotations and relative sources in sentences without a CRF message (``speakers``: the learned
    speaker lexicon, for source nouns)."""
    labels = list(labels)
    rules = [SENTENCE_RULES[name] for name in (ENABLED_SENTENCE_RULES if enabled is None else enabled)]
    for a, b in _sentence_bounds(infos):
        if b - a < MIN_RULE_MESSAGE or b - a > MAX_RULE_SENTENCE or _has_message(labels, a, b):
            continue
        for rule in rules:
            if rule(labels, infos, lexicon, a, b, speakers if SOURCE_NOUNS else None):
                break
    return labels


# --- message boundaries the CRF gets wrong ------------------------------------------------------------------------
#
# Of the indirect quotations the CRF finds only partly (171 on the five held-out train folds), most are too long: it
# runs the message over its own frame ("{Es gibt auch Gerüchte, nach denen Barrett an Krebs litt}") or on into an
# indicative main clause, leaves out the sentence an anaphoric frame points back to ("[…. Dies] bestätigte X"), and
# ends messages at the wrong full stop. The repairs below run after the sentence rules, in this order; each was kept
# because it raised the message F1 of the five held-out train folds without lowering roles or joint F1 (the figures,
# and the repairs that did not, are in docs/speech.md).

#: Boundary repairs in the order they run: "apposition" (:func:`_apposition_message`), "frame"
#: (:func:`_frame_inside`), "colon" (:func:`_colon_frame`), "anaphor" (:func:`_anaphor_message`), "clause"
#: (:func:`_clause_stop`), "stop" (:func:`_final_stop`), "hearsay" (:func:`_hearsay_source`).
ENABLED_BOUNDARY_REPAIRS: tuple[str, ...] = ("apposition", "frame", "colon", "anaphor", "clause", "stop",
                                             "hearsay", "elided")
#: The sentence rules that recognise a frame inside a CRF message ("…, nach denen …", "X sagte, …").
FRAME_RULES: tuple[str, ...] = ("source", "wie", "postposed", "complement")
#: Labels of a frame with its cue: a sentence with one of them has a frame the CRF saw, and "frame" leaves it alone
#: (a speaker without a cue is no frame: "{John Kline,} {ein Repräsentant …, sagte …, dass …}").
FRAME_CUE_LABELS = frozenset({"CUE", "MSPK"})
#: The form of a message an anaphor points back to ("Das teilte X mit.").
ANAPHOR_FORM = "Indirect"
KONJUNKTIV_MOODS = frozenset({"k1", "k2"})
#: Forms whose message "clause" may end: reported clauses with a frame, and their Konjunktiv continuations.
CLAUSE_STOP_FORMS = frozenset({"Indirect", "IndirectFreeIndirect"})
#: A comma after these words does not end the message: a subordinate clause stays inside it.
CLAUSE_KEEP_WORDS = frozenset({"dass", "ob", "wie", "als", "wenn", "weil", "da", "damit", "sodass", "so", "zu", "um"})
#: Conjunctions skipped at the start of the clause after the comma ("…, doch die Richterin ließ …").
CLAUSE_CONJUNCTIONS = frozenset({"und", "aber", "doch", "sondern", "denn", "oder", "jedoch"})
#: The finite verb of a main clause comes within this many tokens of its start ("…, wird nun …", "…, mehrmals
#: wurde …").
CLAUSE_VERB_WINDOW = 4
CLAUSE_SEPARATORS = frozenset({",", ";"})
#: Forms whose gold messages include the sentence's final full stop; an indirect message stops before it (in the
#: training data the last token of a matched Indirect message is a word 1,123 times and "." 4 times, of an
#: IndirectFreeIndirect one "." 268 times in 272, FreeIndirect 51 in 55, Reported 69 in 83).
STOP_INCLUDED_FORMS = frozenset({"IndirectFreeIndirect", "FreeIndirect", "Reported"})
STOP_EXCLUDED_FORMS = frozenset({"Indirect"})
FULL_STOPS = frozenset({".", "!", "?"})


def _form_of(label: str) -> str | None:
    return label[2:] if label.startswith(("B-", "I-")) else None


def _frame_inside(labels: list[str], infos: list[TokenInfo], lexicon: CueLexicon,
                  speakers: CueLexicon | None) -> list[str]:
    """A sentence the CRF labelled as message without a cue, whose message covers a frame the sentence rules
    recognise ("Es gibt Gerüchte, nach denen …", "Die Mutter sagte, …", "{X}, {ein Y, sagte, dass …}"), is relabelled
    by that rule: the cue and speaker come out of the message. Only the sentence's own labels are saved and restored
    (linear time)."""
    labels = list(labels)
    rules = [SENTENCE_RULES[name] for name in FRAME_RULES]
    for a, b in _sentence_bounds(infos):
        if b - a < MIN_RULE_MESSAGE or b - a > MAX_RULE_SENTENCE or not _has_message(labels, a, b):
            continue
        if any(lab in FRAME_CUE_LABELS for lab in labels[a:b]) \
                or any(infos[k].text in QUOTE_CHARS for k in range(a, b)):
            continue
        saved = labels[a:b]
        for rule in rules:
            if not rule(labels, infos, lexicon, a, b, speakers if SOURCE_NOUNS else None):
                continue
            cues = [k for k in range(a, b) if labels[k] == "CUE"]
            if not cues or not (all(_is_message(saved, k - a) for k in cues)
                                or _frame_added(saved, labels, infos, a, b)):
                labels[a:b] = saved  # the rule's frame lies outside the CRF's message: keep the CRF's reading
            break
    return labels


def _frame_added(saved: list[str], labels: list[str], infos: list[TokenInfo], a: int, b: int) -> bool:
    """Whether a rule kept the CRF's message as it was and only gave it the postposed frame the CRF left unlabelled
    ("{Jeder Hausbesitzer solle … versichern müssen}, beschlossen die Ministerpräsidenten …"): nothing the CRF saw
    is undone. (A frame before the message the CRF left out stays out: there the CRF reads another structure; so does
    "…, hieß es bei X", whose "es" is nobody.)"""
    message = {k for k in range(a, b) if _is_message(labels, k)}
    frame = [k for k in range(a, b) if k not in message and labels[k] != "O"]
    speaker = [infos[k].lower for k in frame if labels[k] == "SPK"]
    return bool(message) and bool(frame) and min(frame) > max(message) and speaker[:1] != ["es"] \
        and message == {k for k in range(a, b) if _is_message(saved, k - a)} and all(saved[k - a] == "O" for k in frame)


def _anaphor_message(labels: list[str], infos: list[TokenInfo]) -> list[str]:
    """"[Die FDP schließt eine Ampel aus. Dies] bestätigte der Parteichef.": the anaphor before its frame and the
    sentence it points back to are one message (in the training data the anaphor is annotated inside the message 36
    times in 39, with the previous sentence); the CRF often labels the anaphor alone, and the anaphoric frame rule
    leaves it and the full stop between them out."""
    labels = list(labels)
    bounds = _sentence_bounds(infos)
    for (pa, pb), (a, b) in zip(bounds, bounds[1:]):
        if infos[a].lower not in ANAPHORS or a + 1 >= b or labels[a + 1] != "CUE":
            continue
        if any(infos[k].text in QUOTE_CHARS for k in range(pa, pb)) or infos[pb - 1].text in {"?", ":"}:
            continue
        last = pb - 1
        if _has_message(labels, pa, pb):
            if not _is_message(labels, last) and infos[last].text in SENTENCE_END and last > pa \
                    and _is_message(labels, last - 1):
                labels[last] = "I-" + (_form_of(labels[last - 1]) or ANAPHOR_FORM)
            if not _is_message(labels, last) or (labels[last].startswith("B-") and last == pa):
                continue
            form = _form_of(labels[last]) or ANAPHOR_FORM
        else:
            if pb - pa < MIN_RULE_MESSAGE or not any(infos[k].tag in FINITE_TAGS for k in range(pa, pb)):
                continue
            form = ANAPHOR_FORM
            labels[pa] = "B-" + form
            for k in range(pa + 1, pb):
                labels[k] = "I-" + form
        labels[a] = "I-" + form
    return labels


def _clause_stop(labels: list[str], infos: list[TokenInfo]) -> list[str]:
    """An indirect message in the Konjunktiv that runs on past a comma into an indicative main clause ("…, dass die
    Fahrgäste selber Schuld seien, wird nun eine halbe Million investiert") ends at the comma. Quotation marks and
    subordinate clauses after the comma stop the search."""
    labels = list(labels)
    n = len(labels)
    k = 0
    while k < n:
        if not labels[k].startswith("B-") or _form_of(labels[k]) not in CLAUSE_STOP_FORMS:
            k += 1
            continue
        e = k + 1
        while e < n and labels[e].startswith("I-"):
            e += 1
        konjunktiv = False
        for c in range(k, e):
            if infos[c].text in QUOTE_CHARS:
                break
            konjunktiv = konjunktiv or infos[c].mood in KONJUNKTIV_MOODS
            if c == k or infos[c].text not in CLAUSE_SEPARATORS or not konjunktiv:
                continue
            j = c + 1
            while j < e and infos[j].lower in CLAUSE_CONJUNCTIONS:
                j += 1
            if j >= e or infos[j].lower in CLAUSE_KEEP_WORDS or infos[j].tag in SUBORDINATORS:
                continue
            clause_end = next((m for m in range(j, e) if infos[m].text in CLAUSE_SEPARATORS), e)
            verb = next((m for m in range(j, min(clause_end, j + CLAUSE_VERB_WINDOW))
                         if infos[m].tag in FINITE_TAGS), None)
            if verb is None or infos[verb].mood != "ind" \
                    or any(infos[m].mood in KONJUNKTIV_MOODS for m in range(j, clause_end)):
                continue
            for m in range(c, e):
                labels[m] = "O"
            break
        k = e
    return labels


def _final_stop(labels: list[str], infos: list[TokenInfo]) -> list[str]:
    """The sentence's full stop ends an indirect message outside it and other messages inside it, as annotated."""
    labels = list(labels)
    n = len(labels)
    for k in range(n):
        form = _form_of(labels[k])
        if form is None or (k + 1 < n and labels[k + 1].startswith("I-")):
            continue  # not the last token of a message run
        if form in STOP_EXCLUDED_FORMS and infos[k].text in FULL_STOPS and labels[k].startswith("I-"):
            labels[k] = "O"
        elif form in STOP_INCLUDED_FORMS and k + 1 < n and infos[k + 1].text == "." and labels[k + 1] == "O" \
                and infos[k + 1].sent == infos[k].sent and (k + 2 >= n or infos[k + 2].sent != infos[k].sent):
            labels[k + 1] = "I-" + form
    return labels


#: Words of "mit den Worten", "mit folgenden Worten": the quoted one is the object of an active "zitieren".
WITH_WORDS = frozenset({"worten", "sätzen"})
#: Longest colon frame (tokens) these rules read ("Staatssekretär Harald Stegemann vom Schweriner Umweltministerium
#: sagte dazu:" and longer ones with a relative clause).
MAX_COLON_FRAME = 30


def _colon_frame(labels: list[str], infos: list[TokenInfo], lexicon: CueLexicon) -> list[str]:
    """A direct quotation after a colon whose clause before it the CRF left unlabelled gets that clause as its frame
    when its main verb is a speech verb: "Die Ärztin Ina Roth vom Klinikum in Jena erklärte den Befund so: „…“" (the
    subject before the verb speaks), "Sie wird mit den Worten zitiert: „…“", "Die Zeitung zitiert einen Augenzeugen
    mit den Worten: „…“" (the one quoted speaks)."""
    labels = list(labels)
    for m in range(1, len(labels)):
        if labels[m] == "B-Direct" and infos[m - 1].text == ":" and labels[m - 1] != "O":
            _quoted_object(labels, infos, m)
            continue
        if labels[m] != "B-Direct" or infos[m - 1].text != ":" or labels[m - 1] != "O":
            continue
        a = m - 1
        while a > 0 and m - a <= MAX_COLON_FRAME and labels[a - 1] == "O" \
                and infos[a - 1].text not in SENTENCE_END and infos[a - 1].text not in QUOTE_CHARS:
            a -= 1
        if m - a > MAX_COLON_FRAME or a == m - 1:
            continue
        first_finite = next((k for k in range(a, m - 1) if infos[k].tag in FINITE_TAGS), None)
        if first_finite is None or any(infos[k].tag in SUBORDINATORS or infos[k].text == ","
                                       for k in range(a, first_finite)):
            continue
        clause_end = next((k for k in range(first_finite, m - 1) if infos[k].text == ","), m - 1)
        verbs = [k for k in range(first_finite, clause_end) if _is_speech_verb(infos[k], lexicon, COMPLEMENT_RATIO)]
        if not verbs:
            continue
        v = verbs[0]
        quoted_object = infos[v].lemma.lower() == "zitieren" and infos[first_finite].lemma.lower() != "werden" \
            and any(infos[k].lower in WITH_WORDS for k in range(v, clause_end))
        after = list(range(first_finite + 1, _noun_phrase(infos, first_finite + 1, clause_end)))
        before = list(range(a, first_finite)) if all(
            infos[k].tag in NP_WORD_TAGS or infos[k].tag in ("PPER", "APPR", "APPRART") for k in range(a, first_finite)
        ) and infos[a].tag not in ("APPR", "APPRART") else []  # "Die Ärztin Ina Roth vom Klinikum in Jena erklärte"
        if quoted_object:  # "zitiert einen Augenzeugen mit den Worten"
            speaker = list(range(v + 1, _noun_phrase(infos, v + 1, clause_end)))
        elif before and (names_someone(infos, before) or not names_someone(infos, after)):
            speaker = before
        else:  # "Dazu erklärte er:", "Die Anwendung … stellte der SPD-Vorsitzende Franz Müntefering in Frage:"
            speaker = after
        if not speaker or any(infos[k].lower in NON_SPEAKERS for k in speaker):
            continue
        for k in range(a, m):
            labels[k] = "FRM"
        for k in speaker:
            labels[k] = "SPK"
        labels[v] = "CUE"
    return labels


def _quoted_object(labels: list[str], infos: list[TokenInfo], m: int) -> None:
    """A colon frame the CRF labelled with the quoting medium as speaker: "Die Nachrichtenagentur X zitiert dazu
    Ina Roth mit folgenden Worten: „…“" — the object of an active "zitieren" with "mit … Worten" speaks (in place)."""
    a = m - 1
    while a > 0 and m - a <= MAX_COLON_FRAME and infos[a - 1].text not in SENTENCE_END \
            and infos[a - 1].text not in QUOTE_CHARS:
        a -= 1
    v = next((k for k in range(a, m - 1) if labels[k] == "CUE" and infos[k].lemma.lower() == "zitieren"), None)
    if v is None or any(infos[k].tag in FINITE_TAGS and infos[k].lemma.lower() == "werden" for k in range(a, m - 1)) \
            or not any(infos[k].lower in WITH_WORDS for k in range(v, m - 1)):
        return
    quoting = [k for k in range(a, v) if labels[k] == "SPK"]
    k = v + 1
    while k < m - 1 and infos[k].tag in ("ADV", "PAV", "PROAV"):
        k += 1  # "zitiert dazu …"
    quoted = list(range(k, _noun_phrase(infos, k, m - 1)))
    if not quoting or not quoted or not names_someone(infos, quoted) or any(labels[j] == "SPK" for j in quoted):
        return
    for j in quoting:
        labels[j] = "FRM"
    for j in quoted:
        labels[j] = "SPK"


def _apposition_message(labels: list[str], infos: list[TokenInfo]) -> list[str]:
    """A "message" without any verb between a speaker and the comma before its cue is the speaker's apposition
    ("[John Kline], {ein Repräsentant aus Minnesota}, sagte …" → speaker "John Kline, ein Repräsentant aus
    Minnesota", as annotated)."""
    labels = list(labels)
    n = len(labels)
    k = 0
    while k < n:
        if not labels[k].startswith("B-"):
            k += 1
            continue
        e = k + 1
        while e < n and labels[e].startswith("I-"):
            e += 1
        if k >= 2 and e + 1 < n and labels[k - 1] == "FRM" and infos[k - 1].text == "," and labels[k - 2] == "SPK" \
                and infos[e].text == "," and labels[e] == "FRM" and labels[e + 1] == "CUE" \
                and _verbless_apposition(infos, k, e):
            for m in range(k - 1, e):
                labels[m] = "SPK"
        k = e
    return labels


def _hearsay_source(labels: list[str], infos: list[TokenInfo]) -> list[str]:
    """The phrase after "hieß es" / "heißt es" that the CRF took for a message or for a frame without speaker names
    where it was said ("…, hieß es {aus dem Élysée-Palast}." → speaker "dem Élysée-Palast"; the annotation has all
    nine such phrases of quotes-de-news as speaker, "im Abschlussbericht", "einer gemeinsamen Erklärung des …"): it
    is the speaker, a preposition before an article its frame."""
    labels = list(labels)
    n = len(labels)
    for k in range(n - 2):
        if not (labels[k] == "CUE" and infos[k].lemma.lower() == "heißen" and infos[k + 1].lower == "es"
                and infos[k + 2].tag in PREPOSITION_TAGS):
            continue
        if labels[k + 2] == "FRM":  # (or the frame without a speaker: "hieß es {aus dem Ministerium in Paris}")
            sent = [j for j in range(max(0, k - MAX_RULE_SENTENCE), min(n, k + MAX_RULE_SENTENCE))
                    if infos[j].sent == infos[k].sent]
            if any(labels[j] == "SPK" for j in sent):
                continue
            inside = "FRM"
        elif labels[k + 2].startswith("B-"):
            inside = "I-"
        else:
            continue
        e = k + 3
        while e < n and labels[e].startswith(inside) and infos[e].sent == infos[k].sent and infos[e].tag != "$,":
            e += 1
        phrase = range(k + 2, e)
        if inside == "FRM" and e < n and infos[e].sent == infos[k].sent and infos[e].tag not in ("$.", "$,"):
            continue  # the frame goes on into a quotation: "heißt es in der Meldung von „…“ wörtlich: „…“"
        if (e < n and labels[e].startswith(inside) and infos[e].sent == infos[k].sent
                or any(infos[j].tag in FINITE_TAGS for j in phrase)
                or not any(infos[j].tag in ("NN", "NE") for j in phrase)):
            continue  # the message goes on past a comma, or has a verb of its own: a message after all
        for j in phrase:
            labels[j] = "SPK"
        if infos[k + 2].tag == "APPR" and e > k + 3 and infos[k + 3].tag in ("ART", "PPOSAT"):
            labels[k + 2] = "FRM"  # "aus dem Élysée-Palast": the article phrase speaks
    return labels


def _elided_subject_speaker(labels: list[str], infos: list[TokenInfo]) -> list[str]:
    """ "Die PiS unterstützte das Gesetz, warf Tusk aber vor, …": a cue verb opening a clause after a comma with no
    subject of its own continues the narrated clause before it, whose subject (the sentence's first noun phrase,
    right before its finite verb) speaks; the name the CRF took for the speaker after the cue is the one addressed.
    Only where the sentence had no message before the cue (", sagte Tusk" after a message is its speaker)."""
    labels = list(labels)
    n = len(labels)
    for v in range(1, n - 1):
        if not (labels[v] == "CUE" and infos[v].tag in FINITE_TAGS and infos[v - 1].tag == "$,"
                and labels[v + 1] == "SPK" and infos[v + 1].tag in NOUN_TAGS):
            continue
        a = v
        while a > 0 and infos[a - 1].sent == infos[v].sent:
            a -= 1
        end = _noun_phrase(infos, a, v)
        if end == a or end >= v or infos[end].tag not in FINITE_TAGS or infos[a].tag == "PPER" \
                or not any(infos[j].tag in ("NN", "NE") for j in range(a, end)):
            continue
        if any(labels[j] not in ("FRM", "O") and not (j < end and labels[j] == "SPK") for j in range(a, v)) \
                or any(infos[j].tag in FINITE_TAGS for j in range(v + 1, n)
                       if infos[j].sent == infos[v].sent and labels[j] in ("SPK", "FRM", "CUE")):
            continue
        e = v + 1
        while e < n and labels[e] == "SPK":
            labels[e] = "ADR"
            e += 1
        for j in range(a, end):
            labels[j] = "SPK"
    return labels


#: The repairs that need only the labels and tokens ("frame" also needs the lexicons).
LABEL_REPAIRS = {"apposition": _apposition_message, "anaphor": _anaphor_message, "clause": _clause_stop,
                 "stop": _final_stop, "hearsay": _hearsay_source, "elided": _elided_subject_speaker}


def repair_boundaries(labels: list[str], infos: list[TokenInfo], lexicon: CueLexicon,
                      speakers: CueLexicon | None = None, enabled: tuple[str, ...] | None = None) -> list[str]:
    """Cut messages out of their own frame and off an indicative main clause, give an anaphoric frame its sentence,
    and end messages at the full stop the way the annotation does (``enabled``: names, default
    :data:`ENABLED_BOUNDARY_REPAIRS`)."""
    for name in ENABLED_BOUNDARY_REPAIRS if enabled is None else enabled:
        if name == "frame":
            labels = _frame_inside(labels, infos, lexicon, speakers)
        elif name == "colon":
            labels = _colon_frame(labels, infos, lexicon)
        else:
            labels = LABEL_REPAIRS[name](labels, infos)
    return labels
