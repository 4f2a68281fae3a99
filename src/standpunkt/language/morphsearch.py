"""HanTa's searches re-implemented with the same arithmetic, faster: same results, less Python work.

HanTa analyses an unknown word form with two dynamic programmes over its segmentations into morphemes:
``analyze_forward`` (the word's tag distribution) and ``analyze_viterbi`` (the best segmentation for a chosen tag,
from which the lemma is built). Both call ``lp_m_t(segment, tag)`` for every segment, every live state and every
follow-up tag — about 2,000 Python calls per word, most of them returning "impossible" (-inf). These versions do
the same search in the same order with the same floating-point operations, but look a segment's known morpheme tags
up once in an inverted index (segment → {tag: log p}) and compute the guess for unknown morphemes only for the 11
open tags that have one, once per segment and tag (~2× faster per new word). The sentence-level Viterbi search
(``tag_sent_viterbi``, run for every sentence) visits only each word's possible tags instead of all 56 transitions
(~1.8×). ``tests/test_language_morphsearch.py`` checks all three against HanTa's own methods; docs/language.md has
the throughput figures.
"""

from __future__ import annotations

import math

from numpy import logaddexp

#: HanTa's internal tag ids of the start state and the empty state (``HanTa.HanoverTagger.START``/``EMPTY``).
_EMPTY, _START, _END, _UNKNOWN = 0, 1, 2, 3
#: HanTa's bound below which a path is dropped.
_LOWERBOUND = -1e6
#: HanTa's penalty for guessing the whole word as one unknown morpheme.
_WHOLE_WORD_PENALTY = 4.6
#: HanTa keeps the states of a row within 1 of the 4th best (beam).
_BEAM = 3
#: ... and in the sentence-level search within 1 of the 6th best.
_SENTENCE_BEAM = 5


class MorphSearch:
    """Exact, faster ``analyze_forward``/``analyze_viterbi``/``tag_sent_viterbi`` for one loaded HanTa model."""

    def __init__(self, model) -> None:  # model: HanTa.HanoverTagger.HanoverTagger
        self.model = model
        index: dict[str, dict[int, float]] = {}
        for tag, table in model.LP_m_t.items():
            for morpheme, lp in table.items():
                index.setdefault(morpheme, {})[tag] = lp
        #: segment -> {tag: log p(segment | tag)} for the morphemes HanTa knows.
        self.index = index
        #: tag -> (Int_t + LP_hapax_t[tag], LP_len_t[tag], LP_s_t[tag]): the open tags that guess unknown morphemes.
        self.hapax = {t: (model.Int_t + model.LP_hapax_t[t], model.LP_len_t[t], model.LP_s_t[t])
                      for t in model.LP_m_t if t in model.LP_hapax_t and t in model.LP_s_t}
        self._follow_memo: dict[tuple, list | None] = {}
        self._order: dict[int, int] | None = None

    def _follow(self, state: tuple[int, int], targetpos: int) -> list[tuple[int, float]] | None:
        """A state's follow-up (tag, log p) in HanTa's order, restricted to the tags from which the final tag
        ``targetpos`` is reachable (``analyze_viterbi``); None if there are none."""
        key = (state, targetpos)
        hit = self._follow_memo.get(key, False)
        if hit is False:
            reachable = self.model.reachability.get(targetpos, frozenset())
            hit = [(t, p) for (t, p) in self.model.LP_trans_nonfinal.get(state, []) if t in reachable] or None
            self._follow_memo[key] = hit
        return hit

    @staticmethod
    def _suffix_chains(word: str, suffixes: dict[str, float]) -> list[tuple[float, ...]]:
        """For each end j of ``word``: HanTa's suffix term of an unknown morpheme ending at j that may use at most
        0, 1, 2, 3 or 4 of its last letters (the longest known ending wins; ``suffixes[""]`` if none)."""
        default = suffixes[""]
        chains: list[tuple[float, ...]] = [(default,)]
        for j in range(1, len(word) + 1):
            chain = [default]
            for n in range(1, 5):
                if n <= j:
                    ending = word[j - n:j]
                    chain.append(suffixes[ending] if ending in suffixes else chain[-1])
                else:
                    chain.append(chain[-1])
            chains.append(tuple(chain))
        return chains

    @staticmethod
    def _known_scores(i: int, knowns: list) -> dict[int, list[tuple[int, float]]]:
        """tag -> [(j, log p(word[i:j] | tag)), ...] over the known morphemes starting at i, in order of j."""
        out: dict[int, list[tuple[int, float]]] = {}
        for j, known in enumerate(knowns, i + 1):
            if known is not None:
                for tag, lpm in known.items():
                    if tag in out:
                        out[tag].append((j, lpm))
                    else:
                        out[tag] = [(j, lpm)]
        return out

    def _tag_scores(self, word: str, i: int, tag: int, knowns: list, suffix_memo: dict) -> list[tuple[int, float]]:
        """(j, HanTa's ``lp_m_t(word[i:j], tag)``) for every end j > i where that is finite, in order of j, for an
        open ``tag`` in non-strict mode (the other tags score only known morphemes: :meth:`_known_scores`).

        ``knowns[j - i - 1]``: the known-morpheme scores of word[i:j] (or None). A segment that is no known morpheme
        gets HanTa's guess; its suffix term depends only on the segment's end and on how many of its last letters
        (up to 4) the segment has (``suffix_memo``, per word)."""
        out = []
        base, len_t, suffixes = self.hapax[tag]
        chains = suffix_memo.get(tag)
        if chains is None:
            chains = suffix_memo[tag] = self._suffix_chains(word, suffixes)
        wlen = len(word)
        short_ok = wlen < 4  # HanTa guesses segments of 1-2 letters only inside words shorter than 4
        for j, known in enumerate(knowns, i + 1):
            if known is not None:
                lpm = known.get(tag)
                if lpm is not None:
                    out.append((j, lpm))
                    continue
            mlen = j - i
            if mlen <= 2 and not short_ok:
                continue
            lpm = base + len_t[mlen if mlen < 24 else 24] + chains[j][mlen - 1 if mlen < 5 else 4]
            if wlen == mlen:
                lpm -= _WHOLE_WORD_PENALTY
            out.append((j, lpm))
        return out

    def forward(self, word: str) -> list[tuple[int, float]]:
        """Same result as ``HanoverTagger.analyze_forward(word)`` (tag distribution of a lower-cased word form)."""
        model = self.model
        strict = model.strict
        nonfinal = model.LP_trans_nonfinal
        index = self.index
        open_tags = self.hapax
        suffix_memo: dict[int, list[tuple[float, ...]]] = {}
        wlen = len(word)
        table: list[dict] = [{(_EMPTY, _START): 0}] + [{} for _ in range(wlen + 1)]
        for i in range(wlen + 1):
            row = table[i]
            if len(row) > _BEAM:
                rowbound = sorted(row.values(), reverse=True)[_BEAM] - 1
            else:
                rowbound = _LOWERBOUND
            knowns = None
            by_tag: dict[int, list[tuple[int, float]]] = {}
            for state, lp in row.items():
                if lp < rowbound:
                    continue
                followup = nonfinal.get(state)
                if not followup:
                    continue
                if knowns is None:
                    knowns = [index.get(word[i:j]) for j in range(i + 1, wlen + 1)]
                    by_tag = self._known_scores(i, knowns)
                    if not strict:
                        for tag in open_tags:  # computed on first use
                            by_tag.pop(tag, None)
                s1 = state[1]
                # Tag-major order: for each end j, the tags still arrive in HanTa's follow-up order.
                for tag1, lpt in followup:
                    scores = by_tag.get(tag1)
                    if scores is None:
                        if strict or tag1 not in open_tags:
                            continue
                        scores = by_tag[tag1] = self._tag_scores(word, i, tag1, knowns, suffix_memo)
                    if not scores:
                        continue
                    base = lp + lpt
                    newstate = (s1, tag1)
                    for j, lpm in scores:
                        lp1 = base + lpm
                        if lp1 > _LOWERBOUND:
                            tj = table[j]
                            old = tj.get(newstate)
                            if old is None or lp1 > old:
                                tj[newstate] = lp1
        final = model.LP_trans_final
        last = table[-1]
        for state, lp in table[-2].items():
            for tag1, lpt in final.get(state, ()):
                lp1 = lp + lpt
                if lp1 > _LOWERBOUND:
                    newstate = (state[1], tag1)
                    if newstate not in last or lp1 > last[newstate]:
                        last[newstate] = lp1
        results: dict[int, float] = {}
        for state, lp in last.items():
            if lp == -math.inf:
                continue
            pos = -state[1]
            if pos in results:
                results[pos] = logaddexp(results[pos], lp)
            else:
                results[pos] = lp
        result_list = list(results.items())
        result_list.sort(key=lambda item: item[1], reverse=True)
        return result_list or [(_UNKNOWN, 0)]

    def viterbi(self, word: str, targetpos: int) -> list[tuple[int, int]]:
        """Same result as ``HanoverTagger.analyze_viterbi(word, targetpos)`` (best segmentation for a tag)."""
        model = self.model
        final = model.LP_trans_final
        index = self.index
        open_tags = self.hapax
        suffix_memo: dict[int, list[tuple[float, ...]]] = {}
        wlen = len(word)
        reachable = model.reachability.get(targetpos, frozenset())
        for localstrict in (True, False):
            table: list[dict] = [{(_EMPTY, _START): 0}] + [{} for _ in range(wlen + 1)]
            backpointer: list[dict] = [{} for _ in range(wlen + 2)]
            for i in range(wlen + 1):
                row = table[i]
                if len(row) > _BEAM:
                    rowbound = sorted(row.values(), reverse=True)[_BEAM] - 1
                else:
                    rowbound = _LOWERBOUND
                knowns = None
                by_tag: dict[int, list[tuple[int, float]]] = {}
                for state, lp in row.items():
                    if lp < rowbound:
                        continue
                    followup = self._follow(state, targetpos)
                    if followup is None:
                        continue
                    if knowns is None:
                        knowns = [index.get(word[i:j]) for j in range(i + 1, wlen + 1)]
                        by_tag = self._known_scores(i, knowns)
                        if not localstrict:
                            for tag in open_tags:
                                by_tag.pop(tag, None)
                    s1 = state[1]
                    for tag1, lpt in followup:  # tag-major, as in forward
                        scores = by_tag.get(tag1)
                        if scores is None:
                            if localstrict or tag1 not in open_tags:
                                continue
                            scores = by_tag[tag1] = self._tag_scores(word, i, tag1, knowns, suffix_memo)
                        if not scores:
                            continue
                        base = lp + lpt
                        newstate = (s1, tag1)
                        pointer = (state, i)
                        for j, lpm in scores:
                            lp1 = base + lpm
                            if lp1 > _LOWERBOUND:
                                tj = table[j]
                                old = tj.get(newstate)
                                if old is None or lp1 > old:
                                    tj[newstate] = lp1
                                    backpointer[j][newstate] = pointer
            last = table[-1]
            for state, lp in table[-2].items():
                for tag1, lpt in final.get(state, ()):
                    if tag1 == targetpos:
                        lp1 = lp + lpt
                        if lp1 > _LOWERBOUND:
                            newstate = (state[1], tag1)
                            if newstate not in last or lp1 > last[newstate]:
                                last[newstate] = lp1
                                backpointer[-1][newstate] = (state, wlen)
                        break
            if last:
                break
        pmax = -math.inf
        beststate = (_EMPTY, _EMPTY)
        for state, lp in table[-1].items():
            if lp > pmax:
                pmax = lp
                beststate = state
        i = len(backpointer) - 1
        if beststate == (_EMPTY, _EMPTY):
            states = [((_UNKNOWN, -_UNKNOWN), i), ((_START, _UNKNOWN), i - 1)]
        else:
            states = [(beststate, i)]
            state = beststate
            while i > 0:
                state, i = backpointer[i][state]
                states.append((state, i))
            states = states[:-1]
        return [(state[1], i) for (state, i) in states[::-1]]

    def tag_sentence(self, sent: list[str], casesensitive: bool = True) -> list[int]:
        """Same result as ``HanoverTagger.tag_sent_viterbi(sent, casesensitive)`` (the sentence's tag ids).

        HanTa scores every one of the 56 tag transitions out of each live state and then drops those the word
        cannot have; this loop visits only the word's few possible tags, in HanTa's transition order (so that rows
        fill in the same order and ties resolve as in HanTa). It runs for every sentence, seen words or not.
        """
        model = self.model
        trans = model.LP_trans_word
        tag_word = model._tag_word
        order = self._transition_order()
        table: list[dict] = []
        backpointer: list[dict] = []
        cs = False
        for i, w in enumerate(sent):
            if i == 0:
                cs = False
            elif casesensitive:
                cs = True
            wprobs = dict(tag_word(w, cutoff=5, casesensitive=cs, conditional=True))
            wprobs_empty = len(wprobs) == 0
            if len(wprobs) == 1 and _UNKNOWN in wprobs:  # as HanTa: an unknown word may take any tag
                wprobs = {}
                wprobs_empty = True
            candidates = [(c, wprobs[c]) for c in sorted((c for c in wprobs if c in order), key=order.__getitem__)
                          if c != _END]
            row: dict = {}
            bp: dict = {}
            prevrow = {(_EMPTY, _START): 0.0} if i == 0 else table[i - 1]
            if len(prevrow) > _SENTENCE_BEAM:
                rowbound = sorted(prevrow.values(), reverse=True)[_SENTENCE_BEAM] - 1
            else:
                rowbound = _LOWERBOUND
            for state, lp0 in prevrow.items():
                if lp0 < rowbound:
                    continue
                lp_t = trans[state]
                s1 = state[1]
                if wprobs_empty:
                    pairs = [(c, lp_tc, 0) for c, lp_tc in lp_t.items() if c != _END]
                else:
                    pairs = [(c, lp_t[c], lpwc) for c, lpwc in candidates if c in lp_t]
                for c, lp_tc, lpwc in pairs:
                    lp = lp0 + lp_tc + lpwc
                    if lp > _LOWERBOUND:
                        newstate = (s1, c)
                        old = row.get(newstate)
                        if old is None or lp > old:
                            row[newstate] = lp
                            bp[newstate] = state
            table.append(row)
            backpointer.append(bp)
        finalstate = (_END, _EMPTY)
        row = {}
        bp = {}
        for state, lp0 in table[-1].items():
            lp = lp0 + trans[state].get(_END, -math.inf)
            if lp > row.get(finalstate, -math.inf):
                row[finalstate] = lp
                bp[finalstate] = state
        table.append(row)
        backpointer.append(bp)
        tags = []
        state = finalstate
        for i in range(len(backpointer) - 1, 0, -1):
            state = backpointer[i][state]
            tags.append(state[1])
        return tags[::-1]

    def _transition_order(self) -> dict[int, int]:
        """Position of each tag in HanTa's word-transition tables (one order shared by all states)."""
        if self._order is None:
            first = next(iter(self.model.LP_trans_word.values()))
            self._order = {c: k for k, c in enumerate(first)}
        return self._order
