"""Sentence boundaries for German news, as a spaCy component, plus a tokenizer fix for sentence-final numbers.

spaCy's German tokenizer already keeps news abbreviations whole ("u.", "a.", "Dr.", "ca.", "Mio.", "z.B.") and
ordinals ("3." in "am 3. Oktober"), so a period that stands alone is a strong end signal. The rules here decide the
remaining cases: closing quotes and brackets stay with the sentence they close ("… sei gut.“ Dann"), a lower-case
continuation is not a new sentence ("… sagte er.“, fügte er hinzu"), a reference like "Art. 3" does not split, and
line breaks end headlines. ``split_number_period`` first separates a period from a number when it ends a sentence
("im Jahr 2023. Dann"), which spaCy's tokenizer glues to the number.
"""

from __future__ import annotations

import re

import numpy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

TERMINAL = frozenset({".", "!", "?", "…", "...", "?!", "!?", "!!", "??", "…."})
#: Brackets that may follow a sentence's final punctuation and still belong to it (quotes: see _closing_quotes).
CLOSING_BRACKETS = frozenset({")", "]"})
#: For each quote character: the opening quotes it closes. If none of them is open, the character opens a quote.
_QUOTE_PAIRS = {"“": ("„",), "”": ("“", "„"), "»": ("«",), "«": ("»",), '"': ('"',), "’": ("‘", "‚"),
                "‘": ("‚",), "›": ("‹",), "‹": ("›",), "'": ("'",)}
_ALWAYS_CLOSING = frozenset({"”", "’"})
#: Abbreviation-like tokens that are followed by a number in references ("Art. 3", "Abs. 2", "S. 5").
REFERENCE_WORDS = frozenset({"Art", "Abs", "Nr", "S", "Bd", "Ziff", "Kap", "Nrn", "Anm", "Tab", "Abb"})
#: Abbreviations that often end a sentence (others such as "Dr." or "ca." never do).
SENTENCE_FINAL_ABBREVIATIONS = frozenset({"usw.", "etc.", "u.ä.", "o.ä.", "ff.", "v.Chr.", "n.Chr.", "Chr."})
MONTHS = frozenset({
    "Januar", "Jänner", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
    "November", "Dezember", "Jan.", "Feb.", "Febr.", "Mrz.", "Apr.", "Jun.", "Jul.", "Aug.", "Sep.", "Sept.",
    "Okt.", "Nov.", "Dez.",
})
#: Words after which "3." is an ordinal, not a number ending a sentence.
ORDINAL_CONTEXT = frozenset({
    "am", "vom", "zum", "im", "beim", "bis", "ab", "seit", "zur", "der", "die", "das", "den", "dem", "des", "ein",
    "eine", "einem", "einen", "einer", "sein", "seine", "seinem", "seinen", "seiner", "ihr", "ihre", "ihrem",
    "ihren", "ihrer", "dieser", "diesem", "diesen", "dieses", "jeder", "jedem", "jeden", "jedes", "und", "oder",
    "bzw.", "zwischen", "Am", "Vom", "Zum", "Im", "Der", "Die", "Das", "Den", "Dem", "Des", "Seit", "Ab", "Bis",
})
_NUMBER_PERIOD_RE = re.compile(r"^\d+\.$")
_OPEN_QUOTES = frozenset({"„", "»", "«", "‚", "›", "‹", "“", '"'})


#: News abbreviations spaCy's German tokenizer splits ("Abg." → "Abg" + "."), incl. capitalised sentence-initial
#: forms of ones it knows ("ca." but not "Ca."). Kept whole, so their period never ends a sentence.
EXTRA_ABBREVIATIONS = (
    "Ca.", "Abg.", "Bzw.", "Vgl.", "Evtl.", "Ggf.", "Zzgl.", "Inkl.", "Kap.", "Ziff.", "Kdt.", "Lt.", "Gem.",
    "Verf.", "Ausg.", "Aufl.", "Bspw.", "Sog.", "Ggü.", "Insb.", "Bzgl.", "Stv.", "stv.", "Stellv.", "Präs.", "Vors.",
    "Bundesvors.",
)


def add_abbreviation_exceptions(nlp: Language) -> None:
    """Teach the tokenizer :data:`EXTRA_ABBREVIATIONS` (only those it would split)."""
    from spacy.symbols import ORTH

    for abbr in EXTRA_ABBREVIATIONS:
        if len(nlp.tokenizer(abbr)) > 1:
            nlp.tokenizer.add_special_case(abbr, [{ORTH: abbr}])
    split_mixed_case_period(nlp)


#: A period after a name that ends in a capital after a small letter ("AfD.", "DiB."): spaCy's suffix rules split a
#: period only after a small letter or two capitals, so "… der AfD. Dann" would be one token and no sentence end.
MIXED_CASE_PERIOD = r"(?<=[A-Za-zäöüß][a-zäöüß][A-ZÄÖÜ])\."


def split_mixed_case_period(nlp: Language) -> None:
    """Add :data:`MIXED_CASE_PERIOD` to the tokenizer's suffixes."""
    from spacy.util import compile_suffix_regex

    suffixes = list(nlp.Defaults.suffixes or [])
    if MIXED_CASE_PERIOD not in suffixes:
        nlp.tokenizer.suffix_search = compile_suffix_regex([*suffixes, MIXED_CASE_PERIOD]).search


def _starts_lower(text: str) -> bool:
    return bool(text) and text[0].islower()


def split_number_period(doc: Doc) -> Doc:
    """Split "2023." into "2023" + "." where the period ends a sentence (tokenizer post-processing); likewise a
    letter that names something ("schrieb er auf der Plattform X. Der …"), which the tokenizer keeps whole as an
    initial."""
    to_split = [tok.i for tok in doc if _letter_ending_sentence(doc, tok.i)]
    for tok in doc:
        if not _NUMBER_PERIOD_RE.match(tok.text) or tok.i + 1 >= len(doc):
            if _NUMBER_PERIOD_RE.match(tok.text) and tok.i + 1 == len(doc):
                to_split.append(tok.i)  # the text ends with "… 2023."
            continue
        nxt = doc[tok.i + 1]
        if nxt.is_space:
            if "\n" in nxt.text:
                to_split.append(tok.i)
            continue
        if nxt.text in MONTHS or not nxt.text[:1].isupper():
            continue
        prev = doc[tok.i - 1].text if tok.i > 0 else ""
        is_year = len(tok.text) >= 5  # four digits and the period
        if is_year or prev not in ORDINAL_CONTEXT:
            to_split.append(tok.i)
    if to_split:
        with doc.retokenize() as retok:
            for i in sorted(to_split):
                tok = doc[i]
                retok.split(tok, [tok.text[:-1], "."], heads=[(tok, 0), (tok, 0)])
    return doc


_LETTER_PERIOD_RE = re.compile(r"^[A-ZÄÖÜ]\.$")


def _letter_ending_sentence(doc: Doc, i: int) -> bool:
    """Whether the token at ``i`` is a capital letter with a period that ends a sentence: a capitalised word follows
    and the word before is no first name nor initial ("George W. Bush", "J. R. R. Tolkien" are names)."""
    if not _LETTER_PERIOD_RE.match(doc[i].text) or i == 0 or i + 1 >= len(doc):
        return False  # (checked first: this runs on every token)
    from standpunkt.language import gazetteer

    prev, nxt = doc[i - 1].text, doc[i + 1]
    if nxt.is_space:
        return "\n" in nxt.text
    return nxt.text[:1].isupper() and prev[:1].isalpha() and not _LETTER_PERIOD_RE.match(prev) \
        and not _LETTER_PERIOD_RE.match(nxt.text) and not gazetteer.is_given_name(prev)


def _next_non_space(doc: Doc, i: int) -> int:
    while i < len(doc) and doc[i].is_space:
        i += 1
    return i


def _closing_quotes(doc: Doc) -> list[bool]:
    """For each token, whether it is a quote mark that closes an open quotation („…“ »…« «…» "…" “…”)."""
    closing = [False] * len(doc)
    stack: list[str] = []
    for tok in doc:
        text = tok.text
        if text in ("„", "‚"):
            stack.append(text)
        elif text in _QUOTE_PAIRS:
            if stack and stack[-1] in _QUOTE_PAIRS[text]:
                stack.pop()
                closing[tok.i] = True
            elif text in _ALWAYS_CLOSING:
                closing[tok.i] = True
            else:
                stack.append(text)
        elif "\n\n" in text:
            stack.clear()  # quotations do not run across paragraphs without their closing mark
    return closing


def sentence_starts(doc: Doc) -> list[bool]:
    """For each token, whether it starts a sentence (the rules in the module docstring)."""
    n = len(doc)
    starts = [False] * n
    if n == 0:
        return starts
    starts[_next_non_space(doc, 0) if _next_non_space(doc, 0) < n else 0] = True
    closing = _closing_quotes(doc)
    i = 0
    while i < n:
        tok = doc[i]
        text = tok.text
        if tok.is_space:
            if "\n" in text:
                j = _next_non_space(doc, i + 1)
                prev_i = i - 1
                if j < n and prev_i >= 0:
                    prev = doc[prev_i].text
                    blank_line = text.count("\n") >= 2
                    if blank_line or not (prev.endswith("-") or prev == "," or _starts_lower(doc[j].text)):
                        starts[j] = True
            i += 1
            continue
        end = text in TERMINAL or text in SENTENCE_FINAL_ABBREVIATIONS
        if not end:
            i += 1
            continue
        # Attach closing quotes/brackets to this sentence.
        j = i + 1
        while j < n and (doc[j].text in CLOSING_BRACKETS or closing[j] or doc[j].text in TERMINAL):
            j += 1
        k = _next_non_space(doc, j)
        if k >= n:
            break
        nxt = doc[k].text
        if _starts_lower(nxt) or nxt in {",", ";", ":", ")", "]", "-", "–"}:
            i = j
            continue
        if text in SENTENCE_FINAL_ABBREVIATIONS and not nxt[:1].isupper() and nxt not in _OPEN_QUOTES:
            i = j
            continue
        if text == "." and nxt[:1].isdigit() and i > 0 and doc[i - 1].text in REFERENCE_WORDS:
            i = j
            continue
        starts[k] = True
        i = j
    return _cap_sentences(doc, starts)


#: Longest sentence, in tokens, the later stages see; a longer "sentence" (a list without punctuation, a table, a
#: hostile input) is cut into pieces of this size: the quotation CRF failed on one of 180,000 words.
MAX_SENTENCE_TOKENS = 1000


def _cap_sentences(doc: Doc, starts: list[bool]) -> list[bool]:
    run = 0
    for i, start in enumerate(starts):
        run = 0 if start else run + 1
        if run >= MAX_SENTENCE_TOKENS and not doc[i].is_space:
            starts[i], run = True, 0
    return starts


@Language.component("standpunkt_sentences")
def sentence_component(doc: Doc) -> Doc:
    """Set ``is_sent_start`` on every token.

    Written as one array: assigning ``token.is_sent_start`` one by one makes spaCy re-scan the whole document on each
    assignment (quadratic: minutes for a 10,000-sentence document).
    """
    doc = split_number_period(doc)
    if len(doc) == 0:
        return doc
    flags = numpy.fromiter((1 if start else -1 for start in sentence_starts(doc)), dtype=numpy.int64, count=len(doc))
    flags[0] = 1
    doc.from_array([SENT_START], flags.astype(numpy.uint64).reshape(-1, 1))
    return doc
