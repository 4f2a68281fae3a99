"""Agreement from the words of a statement: support, oppose, conditional or neutral, and the condition span.

Rules over the language layer's tokens (STTS tags, lemmas, mood), because the cases that matter are compositional:
"lehne … nicht grundsätzlich ab" (an oppose verb, negated → support), "werde keine Soldaten entsenden" (the concept's
own action, negated → oppose), "nicht klug, rote Linien zu ziehen" (a judgement, negated, over the proposition).

1. The evidence is split into clauses at commas, colons, semicolons and dashes. Clauses are classified by how they
   begin: conditions ("sofern", "falls", "vorausgesetzt", "nur wenn", "wenn" with a Konjunktiv II main clause,
   "sollte es … geben," verb-first), limitations ("ohne … zu", "ohne dass"), concessions ("trotz", "obwohl"),
   relative clauses, and complements ("dass", "ob", zu-infinitives) that continue the clause before them.
2. Conditions and limitations become the statement's condition spans; they, concessions and relative clauses do not
   vote (the negation in "sofern sich Soldaten nicht … beteiligten" says nothing about the actor's position).
3. In each chain of a main clause and its complements, lexicon items (``data/polarity.tsv``) and the concept's
   actions multiply their signs with every negation (nicht, kein, nie …). Concept keywords count as the proposition
   only when the chain is negated ("nicht zur Kriegspartei werden", "keine Bodentruppen").
4. The chains' votes are summed: > 0 support, < 0 oppose, no votes neutral; a condition makes it conditional.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Callable, Iterable, Sequence

from standpunkt.language.phrases import NP_TAGS, PP_TAGS, phrase_at
from standpunkt.model import Span

if TYPE_CHECKING:
    from spacy.tokens import Token

NEGATORS = frozenset({"nicht", "kein", "keiner", "keine", "nie", "niemals", "keineswegs", "keinesfalls",
                      "nirgends", "weder", "nichts", "kaum"})
#: "nicht nur", "nicht zuletzt" are not negations.
NEGATION_EXCEPTIONS = frozenset({"nur", "zuletzt", "einmal"})
#: What "nichts" says is not unusual ("sei nichts Neues", "nichts Ungewöhnliches"): no negation.
_NOTHING_NEW = frozenset({"neues", "ungewöhnliches", "besonderes", "außergewöhnliches", "unerhörtes"})
CONDITION_CONJUNCTIONS = frozenset({"sofern", "falls", "soweit", "solange", "vorausgesetzt", "insofern", "insoweit",
                                    "sobald"})
CONCESSIVE_STARTS = frozenset({"trotz", "obwohl", "obgleich", "wenngleich", "obschon", "ungeachtet"})
COMPLEMENT_STARTS = frozenset({"dass", "daß", "ob"})
#: Prepositions that name the concept as missing ("ohne") or replaced ("statt"): what is said then is said of its
#: absence.
_ABSENCE = frozenset({"ohne"})
_REPLACING = frozenset({"statt", "anstatt", "anstelle"})
#: Forms of the relative pronoun that are also articles ("die", "der", "das", "den", "dem").
RELATIVE_ARTICLES = frozenset({"der", "die", "das", "den", "dem"})
RESTRICTIVE_ADVERBS = frozenset({"nur", "erst", "ausschließlich", "lediglich", "allenfalls"})
CONDITION_NOUNS = frozenset({"bedingung", "voraussetzung"})
#: Verbs that set a condition noun on a position ("an Bedingungen knüpfen", "Voraussetzungen nennen").
CONDITION_SETTING_VERBS = frozenset({"knüpfen", "binden", "stellen", "nennen", "formulieren", "setzen"})
#: The item of a clause that sets a condition ("stellte Bedingungen"): a stance word of its own, with no sign.
SETS_CONDITION = "(sets a condition)"
#: The item of words that only announce an examination ("kündigte an, das Gesetz zu prüfen"): no position at all,
#: which neither the classifier nor the default may turn into one.
ONLY_EXAMINING = "(only examining)"
#: Hedges lower confidence without changing the direction ("grundsätzlich", "unter Umständen", Konjunktiv II).
HEDGES = frozenset({"grundsätzlich", "möglicherweise", "eventuell", "vielleicht", "prinzipiell", "womöglich",
                    "vorsichtig", "unter umständen"})
#: Confidence of the agreement by the number of clause chains that vote (none, one, several): words multiplied into
#: one vote ("zur Anerkennung zwingen zu wollen") are one piece of evidence, no surer than a plain "lehnt … ab".
CONFIDENCE_NO_VOTE = 0.5
CONFIDENCE_ONE_VOTE = 0.7
CONFIDENCE_MANY_VOTES = 0.85
HEDGE_PENALTY = 0.1
_BOUNDARY_TAGS = frozenset({"$,", "$."})
_CONNECTIVES = frozenset({"allerdings", "jedoch", "aber", "doch", "freilich", "dennoch", "indes", "wiederum"})
_BOUNDARY_PARENS = frozenset({"-", "–", "—", "(", ")", ";"})
_QUOTES = frozenset('"„“”‚‘’»«\'')


@dataclass(frozen=True)
class LexiconEntry:
    words: tuple[str, ...]
    polarity: int
    kind: str


@lru_cache(maxsize=1)
def lexicon() -> tuple[dict[str, LexiconEntry], list[LexiconEntry]]:
    """(single-lemma entries, phrase entries longest first) from ``data/polarity.tsv``."""
    text = resources.files("standpunkt.stance").joinpath("data", "polarity.tsv").read_text(encoding="utf-8")
    singles: dict[str, LexiconEntry] = {}
    phrases: list[LexiconEntry] = []
    header = False
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if not header:
            header = True
            continue
        entry, pol, kind = (c.strip() for c in line.split("\t")[:3])
        item = LexiconEntry(tuple(entry.lower().split()), 1 if pol == "+" else -1, kind)
        if len(item.words) == 1:
            singles[item.words[0]] = item
        else:
            phrases.append(item)
    phrases.sort(key=lambda e: -len(e.words))
    return singles, phrases


#: Verbs that cause what they govern ("führt zu mehr Hunger", "verursacht Chaos"): a harm they cause judges their
#: subject.
_CAUSATIVES = frozenset({"führen", "verursachen", "auslösen", "bewirken", "bedeuten", "schüren", "verschärfen",
                         "verschlimmern", "hervorrufen", "drohen", "stürzen", "riskieren", "provozieren",
                         "heraufbeschwören", "schaffen", "treiben"})

#: Verbs of preventing: a harm they prevent votes with them, the two turning each other ("solle Steuerbetrug
#: erschweren", "Armut verhindern" are for what does it).
_PREVENTING = frozenset({"verhindern", "stoppen", "erschweren", "bekämpfen", "eindämmen"})

_SEPARABLE_PREFIXES = ("zurück", "heraus", "hervor", "voran", "weiter", "fest", "nach", "zusammen", "durch", "ab", "an",
                       "auf", "aus", "bei", "ein", "mit", "vor", "zu")


def compound_entry(lemma: str) -> LexiconEntry | None:
    """The stance noun a compound ends in ("Nichtigkeitsklage" → Klage, "Massenprotest" → Protest), with a
    modifier of at least four letters before it (not a prefix: "Vereinigung" is no "Einigung"); only heads that stay
    a stance in compounds (:data:`_COMPOUND_STANCE_HEADS`: a "Reisewarnung" or "Tornadowarnung" is no warning
    against anything debated, a "Siedlungsstopp" a measure)."""
    singles, _ = lexicon()
    for k in range(4, len(lemma) - 4):
        if lemma[k:] in _COMPOUND_STANCE_HEADS:
            return singles.get(lemma[k:])
    return None


#: Verbs of a concept that undo, lower or end something ("Die Schuldenbremse lockern", "Folter verbieten"): a
#: position on that thing is the opposite position on the concept.
UNDOING_VERBS = frozenset({"abschaffen", "aufheben", "lockern", "aufweichen", "senken", "kürzen", "streichen",
                           "beenden", "stoppen", "abschalten", "reduzieren", "abbauen", "aussetzen", "einschränken",
                           "zurücknehmen", "verbieten", "untersagen", "auflösen", "abziehen", "ausschließen", "schließen",
                           "reformieren", "ersetzen", "begrenzen", "verringern", "zurückfahren", "eindämmen",
                           "verkleinern", "verschieben", "aufschieben", "vertagen"})


#: What an "anti-" adjective of a people or an order says of what it describes: a judgement against it.
_AGAINST_SOMEONE = LexiconEntry(words=("anti-",), polarity=-1, kind="evaluative")
#: Heads of compound adjectives that say what they describe harms or ignores the thing they are compounded with
#: ("kulturfeindlich", "familienfeindlich", "realitätsfern", "praxisfern"); alone they describe ("feindliche
#: Truppen", "in ferner Zukunft"), so the lexicon does not list them.
_HOSTILE_HEADS = ("feindlich", "fern")
_HOSTILE_TO = LexiconEntry(words=("-feindlich",), polarity=-1, kind="evaluative")


def compound_adjective_entry(form: str) -> LexiconEntry | None:
    """The judging adjective a compound adjective ends in ("gesundheitsschädlich" → schädlich, "völkerrechtswidrig"
    → widrig, "kulturfeindlich"), with a modifier of at least four letters; only heads that judge whatever they are
    compounded with (not "gefährlich": "lebensgefährlich verletzt" describes); an "anti-" adjective of a people or
    an order ("antiisraelisch")."""
    singles, _ = lexicon()
    for head in _COMPOUND_JUDGING_ADJECTIVES:
        if len(form) >= len(head) + 4 and form.endswith(head):
            return singles.get(head)
    if any(len(form) >= len(head) + 4 and form.endswith(head) for head in _HOSTILE_HEADS):
        return _HOSTILE_TO  # "kulturfeindlich", "realitätsfern"
    if form.startswith("anti") and len(form) >= 10 and form.endswith(("isch", "ische", "ischen", "ischer", "isches")):
        return _AGAINST_SOMEONE  # "antiisraelisch", "antidemokratisch": against a people or an order
    return None


def coercion_entry(lemma: str) -> LexiconEntry | None:
    """A noun that calls something coercion ("Zwangsverpflichtung", "Zwangsgebühr", "Zwangsabgabe"): a harm, which
    votes where something is called one or causes it ("sprach von einer „Zwangsverpflichtung“")."""
    if lemma.startswith("zwangs") and len(lemma) >= 10:
        return LexiconEntry((lemma,), -1, "harm")
    return None


#: Adjectives that stay judgements at the end of compounds.
_COMPOUND_JUDGING_ADJECTIVES = ("schädlich", "widrig")


#: Stance nouns that head compounds which are stances too ("Verfassungsklage", "Massenprotest", "Generalkritik"),
#: and harms that stay harms ("Kliniksterben", "Verkehrschaos", "Altersarmut", "Hungerkatastrophe").
_COMPOUND_STANCE_HEADS = frozenset({"klage", "protest", "kritik", "widerstand", "boykott", "streik", "ablehnung",
                                    "zustimmung", "unterstützung", "veto", "beschwerde",
                                    "sterben", "chaos", "armut", "katastrophe", "betrug", "missbrauch"})


def participle_entry(form: str) -> LexiconEntry | None:
    """The lexicon verb an adjectival participle comes from ("vorgeschlagen" → vorschlagen, "abgelehnt" →
    ablehnen, "kritisiert" → kritisieren, "geplant" → planen): "der von X vorgeschlagene Einsatz"."""
    singles, _ = lexicon()
    form = form.lower()
    if len(form) < 5 or form in singles:
        return singles.get(form)
    prefix, rest = "", form
    for p in _SEPARABLE_PREFIXES:
        if form.startswith(p + "ge"):
            prefix, rest = p, form[len(p) + 2:]
            break
    else:
        if form.startswith("ge"):
            rest = form[2:]
    candidates = [rest] if rest.endswith("en") else []  # strong: vorgeschlagen
    if rest.endswith("t"):
        candidates += [rest[:-1] + "en", rest[:-1] + "n", rest[:-2] + "en"]  # geplant, gefordert, gearbeitet
    for c in candidates:
        entry = singles.get(prefix + c)
        if entry is not None and entry.words[0].endswith("n"):
            return entry
    return None


@dataclass
class Clause:
    tokens: list["Token"]
    kind: str = "core"  # core, complement, condition, concessive, relative, adverbial
    coordinated: bool = False  # the second of two coordinated infinitives ("… abzuschaffen | und … einzuführen")
    negated: bool = False  # what is too much to do: "zu groß, | um auf die Reform zu verzichten"

    @property
    def lemmas(self) -> list[str]:
        return [lemma_of(t) for t in self.tokens]

    def has_finite_verb(self) -> bool:
        return any(t.tag_ in ("VVFIN", "VAFIN", "VMFIN") for t in self.tokens)


@dataclass
class Assessment:
    """What the rules found in one statement's evidence."""

    agreement: str
    polarity: int  # summed chain votes
    condition: list[Span] = field(default_factory=list)
    items: list[str] = field(default_factory=list)  # the lexicon items and actions that voted, for explanations
    negations: int = 0
    hedged: bool = False
    confidence: float = CONFIDENCE_NO_VOTE


def lemma_of(token: "Token") -> str:
    """The token's lower-case lemma, in today's spelling where the tagger gives the old one ("Beschluss" →
    "beschluß" → "beschluss", "Kompromiss"; not "beschloss" → "beschließen")."""
    lemma = (token.lemma_ or token.text).lower()
    if "ß" in lemma and token.lower_.startswith(fixed := lemma.replace("ß", "ss")):
        return fixed
    return lemma


def split_clauses(tokens: list["Token"], in_message: Callable[["Token"], bool] | None = None) -> list[Clause]:
    """Clauses at commas, colons, semicolons, dashes and sentence ends; quotation marks are dropped.
    ``in_message``: the words of a quotation's message, when the tokens are its frame and message."""
    clauses: list[Clause] = []
    current: list[Token] = []
    aside: list[Token] | None = None
    for tok in tokens:
        if tok.is_space or tok.text in _QUOTES:
            continue
        if aside is not None:  # a bracketed aside inside a clause: its own clause, and the clause goes on after it
            if tok.text == ")":
                if aside:
                    clauses.append(Clause(aside, "adverbial"))
                aside = None
            else:
                aside.append(tok)
            continue
        if tok.text == "(" and current:
            aside = []
            continue
        if current and (tok.is_sent_start or in_message is not None and in_message(tok) != in_message(current[-1])
                        and any(t.tag_ in _BOUNDARY_TAGS for t in tok.doc[current[-1].i + 1:tok.i])):
            # a message of two sentences whose spans leave out the full stop between them, or a frame whose span
            # leaves out the comma before its message ("warnte | die Kürzungen kosteten …"): two clauses
            clauses.append(Clause(current))
            current = []
        if tok.tag_ in _BOUNDARY_TAGS or tok.text in _BOUNDARY_PARENS:
            if current:
                clauses.append(Clause(current))
            current = []
            continue
        current.append(tok)
    if current:
        clauses.append(Clause(current))
    clauses = [part for c in clauses for part in _split_prepositional_concession(c)]
    clauses = [part for c in clauses for part in _split_coordinated_verbs(c)]
    _classify(clauses, in_message)
    return clauses


_FINITE = ("VVFIN", "VAFIN", "VMFIN")
_PHRASE_END = frozenset({*_FINITE, "VVPP", "VAPP", "VVINF", "VAINF", "VMINF", "VVIZU", "PTKVZ", "KON", "KOUS"})


def _split_prepositional_concession(clause: Clause) -> list[Clause]:
    """"Trotz der Kritik fordert die Ministerin …": the phrase before the finite verb concedes, the rest asserts.
    Inside a clause ("gab die Zustimmung trotz einiger Vorbehalte bekannt") the phrase up to the next verb form
    concedes and the words around it assert."""
    toks = clause.tokens
    if clause.lemmas[0] in ("trotz", "ungeachtet") and toks[0].tag_ == "APPR":
        for k, t in enumerate(toks[1:], 1):
            if t.tag_ in _FINITE:
                return [Clause(toks[:k], "concessive"), Clause(toks[k:], "core")]
        return [clause]
    for k, t in enumerate(toks[1:], 1):
        if t.tag_ == "APPR" and lemma_of(t) in ("trotz", "ungeachtet"):
            end = next((j for j in range(k + 1, len(toks)) if toks[j].tag_ in _PHRASE_END), len(toks))
            rest = toks[:k] + toks[end:]
            return [Clause(rest, clause.kind), Clause(toks[k:end], "concessive")] if rest else [clause]
    return [clause]


def _split_coordinated_verbs(clause: Clause) -> list[Clause]:
    """"sprachen von einem Dammbruch und forderten …": coordinated finite verbs are two assertions that vote
    separately (their words must not multiply into one sign)."""
    toks = clause.tokens
    for k, t in enumerate(toks):
        if t.tag_ != "KON" or not 0 < k < len(toks) - 1:
            continue
        if any(x.tag_ in _FINITE for x in toks[:k]) and toks[k + 1].tag_ in _FINITE:
            return [Clause(toks[:k], clause.kind), *_split_coordinated_verbs(Clause(toks[k:], clause.kind))]
        if t.lower_ in ("und", "sowie") and _infinitive(toks[:k]) and _infinitive(toks[k + 1:]) \
                and lemma_of(toks[k + 1]) not in NEGATORS:  # ("… zu verlassen und nicht … aufzusuchen": a contrast)
            # "die Zentralbank abzuschaffen und den Dollar einzuführen": each infinitive is a thing the clause
            # before it wants, with its own object
            return [Clause(toks[:k], clause.kind), Clause(toks[k:], clause.kind, coordinated=True)]
    return [clause]


def _infinitive(tokens: Sequence["Token"]) -> bool:
    """A zu-infinitive phrase without a finite verb ("die Zentralbank abzuschaffen")."""
    return any(t.tag_ in ("VVIZU", "PTKZU") for t in tokens) and not any(t.tag_ in _FINITE for t in tokens)


def _konjunktiv2(tokens: Iterable["Token"]) -> bool:
    for t in tokens:
        morph = str(t.morph)
        if "Mood=Sub" in morph and "Tense=Past" in morph:
            return True
    return False


def _past_counterfactual(tokens: Iterable["Token"]) -> bool:
    """Konjunktiv II of haben/sein with a past participle ("hätten verhindert werden können", "wäre … gekommen"):
    what would have been, a counterfactual rather than a condition the actor sets."""
    tokens = list(tokens)
    aux = any(lemma_of(t) in ("haben", "sein") and "Mood=Sub" in str(t.morph) and "Tense=Past" in str(t.morph)
              for t in tokens)
    return aux and any(t.tag_ in ("VVPP", "VAPP", "VMPP") or lemma_of(t) in ("können", "müssen", "sollen", "dürfen")
                       and t.tag_ == "VMINF" for t in tokens)


#: Words of being ready for something: a wenn-clause beside them is the case the readiness holds in, in reported
#: speech too (where "wenn man … wolle" is otherwise a premise).
_READINESS = frozenset({"bereit", "bereitschaft", "einverstanden", "gesprächsbereit", "verhandlungsbereit", "denkbar",
                        "vorstellbar"})


def _restricted(tokens: list["Token"]) -> bool:
    """A restrictive adverb ("nur", "erst", not "nicht nur") in the clause before a wenn-clause makes it the one case
    in which the clause holds: a condition whatever the mood."""
    return any(lemma_of(t) in RESTRICTIVE_ADVERBS and not (k > 0 and lemma_of(tokens[k - 1]) == "nicht")
               for k, t in enumerate(tokens))


def _hypothetical(tokens: Iterable["Token"]) -> bool:
    """"wenn sich die Lage nicht verbessern sollte": sollte(n) in a wenn-clause puts a case."""
    return any(t.lower_ in ("sollte", "sollten") for t in tokens)


def _intent_on_present(clause: Iterable["Token"], others: Iterable["Token"]) -> bool:
    """"will dem Gesetz zustimmen, wenn die Regierung die Frist verlängert": an intention (wollen, werden) on a
    present indicative case, or on its reported form with "würde" ("man werde … unterstützen, wenn die Projekte
    einzeln vorgelegt würden"). A premise in reported speech ("wenn man … unterstützen wolle") is Konjunktiv I."""
    clause = list(clause)
    finite = [t for t in clause if t.tag_ in ("VVFIN", "VAFIN", "VMFIN")]
    present = bool(finite) and all("Mood=Ind" in str(t.morph) and "Tense=Pres" in str(t.morph)
                                   or t.lower_ in ("würde", "würden") for t in finite)
    if not finite and clause[-1].tag_ == "VVPP" and not any(t.tag_.startswith("VA") for t in clause):
        present = True  # "wenn die Regierung die Frist verlängert": a finite verb the tagger took for a participle
    return present and any(lemma_of(t) in ("wollen", "werden") and t.tag_ in ("VMFIN", "VAFIN") for t in others)


def _indicative_past(tokens: Iterable["Token"]) -> bool:
    """The clause's finite verb is an indicative past tense: it reports what happened."""
    finite = [t for t in tokens if t.tag_ in ("VVFIN", "VAFIN", "VMFIN")]
    return bool(finite) and all("Mood=Ind" in str(t.morph) and "Tense=Past" in str(t.morph) for t in finite)


def _classify(clauses: list[Clause], in_message: Callable[["Token"], bool] | None = None) -> None:
    for i, clause in enumerate(clauses):
        if clause.kind != "core":
            continue  # already decided (a split concession)
        lem = clause.lemmas
        first, second = lem[0], (lem[1] if len(lem) > 1 else "")
        nxt = clauses[i + 1] if i + 1 < len(clauses) else None
        others = [t for j, c in enumerate(clauses) if j != i for t in c.tokens]
        if first in CONDITION_CONJUNCTIONS or (first in RESTRICTIVE_ADVERBS and second in
                                               CONDITION_CONJUNCTIONS | {"wenn", "unter", "mit", "bei", "im"}):
            clause.kind = "condition"
        elif first == "wenn" and _past_counterfactual(others):
            clause.kind = "adverbial"  # "hätten verhindert werden können, wenn …": a counterfactual, no condition
        elif first == "wenn" and i > 0 and _restricted(clauses[i - 1].tokens):
            # "sei nur vertretbar, wenn …", "erst dann zustimmen, wenn …"; after a relative clause the case is part
            # of what it describes ("ein Entwurf, nach dem Studiengänge nur dann auf Englisch …, wenn …")
            clause.kind = "relative" if clauses[i - 1].kind == "relative" else "condition"
        elif first == "wenn" and (_READINESS & (lemmas := {lemma_of(t) for t in others})
                                  or {"vorstellen", "können"} <= lemmas):
            # "ihre Partei sei bereit, über eine Senkung zu sprechen, wenn … fließe", "kann sich eine Auswahl per
            # Los vorstellen, wenn sie gerecht ausgestaltet werde"
            clause.kind = "condition"
        elif first == "wenn" and (_konjunktiv2(others) or (nxt is not None and "dann" in nxt.lemmas[:2])
                                  or _hypothetical(clause.tokens) or _intent_on_present(clause.tokens, others)):
            clause.kind = "condition"
        elif first == "sollen" and clause.tokens[0].tag_ == "VMFIN" and nxt is not None \
                and (nxt.tokens[0].tag_ in ("VAFIN", "VVFIN", "VMFIN") or nxt.lemmas[0] == "dann") \
                and not (in_message is not None and in_message(clause.tokens[0]) and not in_message(nxt.tokens[0])):
            # "sollte es eine Einigung geben, würde …" (not "…, sollte man verzichten, | sagte er": the frame)
            clause.kind = "condition"
        elif first == "ohne" and second == "dass" and _indicative_past(clause.tokens):
            clause.kind = "adverbial"  # a fact: "ohne dass die Polizei eingriff"
        elif first == "ohne" and (second == "dass" or ("zu" in lem[1:] or any(t.tag_ == "VVIZU" for t in clause.tokens))
                                  and not any(t.tag_ in ("VVFIN", "VAFIN", "VMFIN") for t in clause.tokens)):
            # (not "Ohne den Ausbau drohe der Verkehr auszuweichen": a main clause whose phrase names an absence)
            # limitation: "ohne die Schwelle … zu überschreiten"; after a negated clause a consequence ("lasse sich
            # nicht finanzieren, ohne bei den Renten zu kürzen": financing it means cutting), no condition
            # (nor after a clause in the perfect: "habe Flüge verteuert, ohne dem Klima zu nützen" says what it did)
            clause.kind = "adverbial" if i > 0 and (any(l in NEGATORS for l in clauses[i - 1].lemmas)
                                                    or _perfect(clauses[i - 1].tokens)) else "condition"
        elif first in CONCESSIVE_STARTS:
            clause.kind = "concessive"
        elif first == "was" and i > 0 and "sein" in lem and len(lem) <= 5 \
                and clauses[i - 1].tokens[-1].tag_.startswith("V"):
            # "…, dass das Imperium Erdgas durch Ethanol ersetzen wolle, | was verrückt sei": a judgement of the
            # clause before, which it takes as its subject
            clause.kind = "complement"
        elif (clause.tokens[0].tag_ in ("PRELS", "PRELAT") or (
                clause.tokens[0].tag_ in ("APPR", "APPRART") and len(clause.tokens) > 1
                and clause.tokens[1].tag_ in ("PRELS", "PRELAT"))) and not subject_with_article(clause.tokens):
            clause.kind = "relative"
        elif _article_relative(clauses, i):
            clause.kind = "relative"
        elif clause.tokens[0].tag_ in ("PWS", "PWAV", "PWAT") and _verb_final(clause.tokens):
            # an indirect question or free relative ("was sie wollten", "wer den Plan ablehne"): whoever wants or
            # rejects there is that clause's subject, not the speaker
            clause.kind = "relative"
        elif first == "um" and i > 0 and _too_much(clauses[i - 1].tokens):
            # "die Risiken seien zu groß, um auf die Reform zu verzichten": not to do it, which the clause before wants
            clause.kind, clause.negated = "complement", True
        elif clause.tokens[0].tag_ in ("KOUS", "KOUI") and first not in COMPLEMENT_STARTS:
            clause.kind = "adverbial"  # "wenn man … unterstützen wolle", "weil …", "um … zu sagen"
        elif first in COMPLEMENT_STARTS or (not clause.has_finite_verb() and any(
                t.tag_ in ("PTKZU", "VVIZU") for t in clause.tokens)):
            # A complement belongs to the clause before it; after a clause that does not vote it does not either.
            prev_kind = clauses[i - 1].kind if i > 0 else "core"
            if prev_kind == "relative" and _awaits_complement(clauses[:i]):
                prev_kind = "core"  # "fordert, Empfängern, die Arbeit ablehnen, die Leistungen zu streichen"
            clause.kind = prev_kind if prev_kind in ("adverbial", "concessive", "relative") else "complement"
        elif i > 0 and in_message is not None and clauses[i - 1].kind == "core" \
                and _frame_takes_message(clauses[i - 1], clause, in_message):
            clause.kind = "complement"  # "hat angekündigt, | er werde keine Soldaten einsetzen"
        elif i > 0 and in_message is not None and clauses[i - 1].kind in ("core", "complement") \
                and _frame_after_message(clauses[i - 1], clause, in_message):
            clause.kind = "complement"  # "Seine Regierung werde die Abgabe nicht mehr abführen, | kündigte er an"
        elif i > 0 and not clause.has_finite_verb() and clauses[i - 1].kind in ("condition", "concessive"):
            clause.kind = clauses[i - 1].kind  # "Trotz der Absagen …, darunter Bundeskanzler Scholz,"
        # "unter der Bedingung, dass …": the dass-clause is the condition.
        if i > 0 and first in COMPLEMENT_STARTS and any(
                l in CONDITION_NOUNS for l in clauses[i - 1].lemmas[-3:]):
            clause.kind = "condition"


def _perfect(tokens: Sequence["Token"]) -> bool:
    """Whether a clause is in the perfect or pluperfect ("habe … verteuert", "hatte … gefordert"): what was done."""
    return any(lemma_of(t) == "haben" and t.tag_ == "VAFIN" for t in tokens) and any(t.tag_ == "VVPP" for t in tokens)


def _article_relative(clauses: list[Clause], i: int) -> bool:
    """"Empfängern, die zumutbare Arbeit ablehnen, …", "einen Entwurf vor, nach dem Studiengänge … dürfen": a relative
    pronoun the tagger read as an article (after a preposition or not), the finite verb last, right after a noun and
    a comma, or (after a preposition) after a clause ending in its particle or participle, whose object it takes up."""
    toks = clauses[i].tokens
    rel = 1 if toks[0].tag_ in ("APPR", "APPRART") and len(toks) > 1 else 0
    if toks[rel].tag_ != "ART" or toks[rel].lower_ not in RELATIVE_ARTICLES or not _verb_final(toks):
        return False
    return _after_noun_and_comma(toks[0]) or bool(rel) and i > 0 and clauses[i - 1].tokens[-1].tag_ in ("PTKVZ", "VVPP")


def subject_with_article(tokens: list["Token"]) -> bool:
    """"…, die Jusos lehnen eine Bebauung strikt ab": a main clause whose subject's article the tagger read as a
    relative pronoun; its finite verb comes right after that noun phrase, with more words after it (a relative
    clause ends in its finite verb: "…, die Experten fordern")."""
    if tokens[0].lower_ not in RELATIVE_ARTICLES:
        return False
    end = _noun_phrase_end(tokens, 1)
    return 1 < end < len(tokens) and tokens[end].tag_ in _FINITE and not _verb_final(tokens)


def _noun_phrase_end(tokens: Sequence["Token"], start: int) -> int:
    """Where the adjectives and nouns from ``start`` end ("Jusos", "neuen Regierung", "Freistaats"), or ``start`` when
    no noun follows the adjectives."""
    k = start
    while k < len(tokens) and tokens[k].tag_ == "ADJA":
        k += 1
    if k >= len(tokens) or tokens[k].tag_ not in ("NN", "NE"):
        return start
    while k < len(tokens) and tokens[k].tag_ in ("NN", "NE"):
        k += 1
    return k


def _too_much(tokens: list["Token"]) -> bool:
    """Whether the clause says something is too much ("zu groß", "zu wichtig"): "zu" as a degree word before an
    adjective or adverb."""
    return any(t.tag_ == "PTKA" and t.lower_ == "zu" and k + 1 < len(tokens) and tokens[k + 1].tag_ in ("ADJD", "ADV")
               for k, t in enumerate(tokens))


def _after_noun_and_comma(token: "Token") -> bool:
    """Whether a comma right after a noun comes before the token (where a relative clause starts), also after the
    noun's bracketed aside ("Die Kuomintang (KMT), die …")."""
    doc, k = token.doc, token.i
    if k < 2 or doc[k - 1].text != ",":
        return False
    j = k - 2
    if doc[j].text == ")":
        j = next((m for m in range(j - 1, max(j - 8, -1), -1) if doc[m].text == "("), 0) - 1
    return j >= 0 and doc[j].tag_ in ("NN", "NE", "PPER")


def _awaits_complement(before: list[Clause]) -> bool:
    """Whether, skipping the relative clauses and verbless phrases just before, the clause before them ends in its
    finite verb ("Die Union fordert, Empfängern, die …"): a complement after them is that verb's, not the relative
    clause's ("lehnt den Plan ab, der vorsieht, …")."""
    for clause in reversed(before):
        if clause.kind == "relative" or not clause.has_finite_verb():
            continue
        return clause.kind == "core" and clause.tokens[-1].tag_ in _FINITE
    return False


def _frame_takes_message(frame: Clause, clause: Clause, in_message: Callable[["Token"], bool]) -> bool:
    """Whether ``clause`` opens a quotation's message right after the speech verb that ends the frame, a verb with no
    object of its own ("X hat angekündigt, | er werde …", "X forderte, | die Regierung dürfe nicht …"): the message
    is its complement, as a dass-clause would be, and votes with it instead of beside it. Only a verb that does not
    oppose: "warnte, | das Gesetz gefährde …" states the danger itself, the warning adds no second sign."""
    last = frame.tokens[-1]
    if last.tag_ not in ("VVFIN", "VVPP", "VVINF", "PTKVZ") or in_message(last) or not in_message(clause.tokens[0]) \
            or clause.tokens[0].tag_ == "KON":
        return False  # (a coordinated verb, "… abbringen lassen | und wolle …", asserts on its own)
    if last.tag_ in ("VVPP", "VVINF"):
        finite = next((k for k, t in enumerate(frame.tokens) if t.tag_ in _FINITE), None)
        if finite is None or any(t.tag_ in ("ART", "NN", "NE", "PPER") for t in frame.tokens[finite + 1:-1]):
            return False  # "hat den Plan kritisiert, | er sei …": the verb has its object
    return not _opposing_verb(frame)


def _frame_after_message(message: Clause, frame: Clause, in_message: Callable[["Token"], bool]) -> bool:
    """Whether ``frame`` is a speech verb put after the message it reports, verb first ("…, | kündigte er an"): the
    message is its complement, as in :func:`_frame_takes_message`; only a verb that does not oppose ("…, | kritisierte
    er" judges the message's matter, it does not deny it)."""
    first = frame.tokens[0]
    if first.tag_ != "VVFIN" or in_message(first) or not in_message(message.tokens[-1]):
        return False
    return not _opposing_verb(frame)


def _opposing_verb(clause: Clause) -> bool:
    """Whether a full verb of the clause (separable ones joined) is one the lexicon has as opposing."""
    singles, _ = lexicon()
    joined = _separable(clause.tokens)
    verbs = [joined.get(k, lemma_of(t)) for k, t in enumerate(clause.tokens) if t.tag_ in ("VVFIN", "VVPP", "VVINF")]
    return any(singles[v].polarity < 0 for v in verbs if v in singles)


def _names_body(tokens: Sequence["Token"]) -> bool:
    """Whether a phrase names an actor (a body, a person), not a thing."""
    from standpunkt.actors.phrases import names_an_actor

    return bool(tokens) and names_an_actor(list(tokens))


def _instead_of(chain: list[Clause]) -> bool:
    """Whether a chain is only an infinitive clause opened by "statt"/"anstatt" ("Statt … vorzuschreiben")."""
    tokens = chain[0].tokens
    return len(chain) == 1 and tokens[0].lower_ in _REPLACING and not chain[0].has_finite_verb() \
        and any(t.tag_ in ("PTKZU", "VVIZU") for t in tokens)


def _conceded(chain: list[Clause]) -> bool:
    """Whether a chain grants something with "zwar" (a concession the next clause's "aber" outweighs)."""
    return any(t.lower_ == "zwar" for c in chain for t in c.tokens)


def _grants_in_principle(clause: Clause) -> bool:
    """Whether a clause grants something in principle ("grundsätzlich richtig", "im Grundsatz unterstützen")."""
    toks = clause.tokens
    return bool(_IN_PRINCIPLE & set(clause.lemmas)) or any(
        t.lower_ == "im" and toks[k + 1].lower_ in ("grundsatz", "prinzip") for k, t in enumerate(toks[:-1]))


def _reservation(chain: list[Clause], votes: list[tuple[int, list[tuple[str, int]], int]], chains: list[list[Clause]],
                 is_anchor: Callable[["Token"], bool]) -> bool:
    """Whether a chain only adds, with a "but", a reservation to a grant in principle before it, naming no concept
    word ("unterstützen den Industriestrompreis im Grundsatz, kritisieren aber, dass das Handwerk leer ausgehe"), or
    says how it must be done (:func:`asks_how`: "sei für Scheidungen, aber sie dürften nicht zu einfach werden"):
    the position stands. After "zwar" the "but" outweighs it instead (:func:`_conceded`)."""
    return _contrasting(chain) and not any(is_anchor(t) for c in chain for t in c.tokens) and any(
        (any(_grants_in_principle(c) for c in chains[j]) or _requires(chain)) and not _conceded(chains[j])
        for j, _, _ in votes)


def _requires(chain: list[Clause]) -> bool:
    return any(asks_how(c.tokens) for c in chain)


def _takes_up(chain: list[Clause]) -> bool:
    """Whether a chain's first clause opens by taking up what was named before with a pronoun ("aber sie dürften
    nicht zu einfach werden", "das müsse aber sozial ausgewogen sein"; not "aber man müsse schneller handeln")."""
    return any(t.lower_ in ("er", "sie", "es", "das", "dies", "diese") and t.tag_ in ("PPER", "PDS")
               for t in chain[0].tokens[:3])


def _contrasting(chain: list[Clause]) -> bool:
    return any((t.lower_ in BUT or t.lower_ == "doch") and t.tag_ in ("ADV", "KON") for c in chain for t in c.tokens)


def _both_sides(lem: list[str]) -> int:
    """The index of a "für" and "gegen" coordinated ("keine Mehrheit für oder gegen den Vorschlag", "Argumente für
    und gegen das Verbot"): what they govern is named with both sides, and no side taken; or the clause's length."""
    return next((k for k in range(len(lem) - 2) if {lem[k], lem[k + 2]} == {"für", "gegen"}
                 and lem[k + 1] in ("oder", "und")), len(lem))


def _verb_final(tokens: list["Token"]) -> bool:
    """Whether the clause's finite verb is its last verb form (a subordinate clause), not second (a question)."""
    verbs = [k for k, t in enumerate(tokens) if t.tag_.startswith("V")]
    finite = [k for k in verbs if tokens[k].tag_ in _FINITE]
    # nothing but punctuation after it: "das Adoptionsrecht gehe seiner Partei zu weit" is a main clause
    return bool(finite) and finite[-1] == verbs[-1] and finite[-1] > 1 \
        and all(t.tag_.startswith("$") or t.text in _QUOTES for t in tokens[finite[-1] + 1:])


#: Nouns that take up a proposal named before ("unterstützt die Forderung", "lehnt das Vorhaben ab"), or the vote on
#: it ("begrüßte das Votum").
PROPOSAL_ANAPHORS = frozenset({"forderung", "vorhaben", "plan", "vorstoß", "vorschlag", "idee", "initiative",
                               "entscheidung", "beschluss", "einigung", "kompromiss", "reform", "gesetz",
                               "gesetzentwurf", "entwurf", "maßnahme", "regelung", "projekt", "pläne", "konzept",
                               "regel", "vorlage", "paket", "kurs", "votum", "ergebnis", "schritt", "anliegen",
                               "ansinnen"})


#: Proposal anaphors that take up what was named before only after a definite article ("begrüßte den Schritt", not
#: "eine Politik der kleinen Schritte"; "unterstützt das Anliegen", not "ein wichtiges Anliegen").
_DEFINITE_ANAPHORS = frozenset({"votum", "ergebnis", "schritt", "anliegen", "ansinnen"})


def _after_definite(token: "Token") -> bool:
    before = token.doc[token.i - 1] if token.i > 0 else None
    return before is not None and before.lower_ in ("den", "das", "dem", "diesen", "dieses", "diesem")


def states_a_stance(tokens: Sequence["Token"]) -> bool:
    """Whether a verb among the tokens is a word of agreeing or rejecting whose object takes up a proposal
    ("unterstützt die Forderung", "lehnt das Vorhaben ab", "begrüßte die Pläne") or what was said before ("Dem
    widersprach die Partei", "Das lehnt die Union ab"), or a verb of judging with a
    judgement ("nannte die Pläne einen Rückschritt"): a stance on something named before, not on whatever else the
    clause is about; or a noun of judgement that "sprechen von" calls it ("sprach von einem Verrat")."""
    singles = lexicon()[0]
    if _bare_stance(tokens, singles):
        return True
    joined = _separable(tokens)
    if any((e := singles.get(lemma_of(t))) is not None and e.kind in ("evaluative", "harm") and t.tag_ == "NN"
           and _spoken_of(tokens, k, joined) for k, t in enumerate(tokens)):
        return True  # "sprach von einem Gewinn für die Unternehmen", "… von einem Verrat": what it calls it
    if not any(lemma_of(t) in PROPOSAL_ANAPHORS and (lemma_of(t) not in _DEFINITE_ANAPHORS or _after_definite(t))
               for t in tokens if t.tag_ == "NN") \
            and not any(t.tag_ == "PDS" for t in tokens):  # (or a demonstrative: "Dem widersprach die Partei")
        return False
    judging = False
    for i, t in enumerate(tokens):
        if not t.tag_.startswith("VV"):
            continue
        forms = [lemma_of(t)] + ([joined[i]] if i in joined and t.tag_ == "VVFIN" else [])
        if any((e := singles.get(f)) is not None and e.kind == "stance" for f in forms):
            return True
        judging = judging or lemma_of(t) in _JUDGING_VERBS
    return judging and any((e := singles.get(lemma_of(t))) is not None and e.kind == "evaluative" for t in tokens)


def _bare_stance(tokens: Sequence["Token"], singles: dict) -> bool:
    """A stance noun that ends the clause, with no object or complement of its own ("Venstre und die Konservativen
    signalisierten Zustimmung", "Die Grünen kündigten Widerstand an"): a stance on what is being debated."""
    verb = next((k for k, t in enumerate(tokens) if t.tag_ in _FINITE), None)
    if verb is None:
        return False
    after = tokens[verb + 1:]
    # a promise of the support of one's own body ("versprach die Unterstützung des Freistaats", "sagte die Hilfe
    # der Regierung zu"): its genitive may follow the noun, which has the article then
    promising = (_separable(tokens).get(verb) or lemma_of(tokens[verb])) in PROMISING
    # (the verb's own participle or infinitive may end the clause, "hatten Widerstand angekündigt", unless it says
    # the subject drew the stance from others, "hat scharfe Kritik ausgelöst"; a party's recommendation for a vote
    # is its own with the article too: "hatten die Ja-Parole beschlossen")
    return any(t.tag_ == "NN" and (e := singles.get(lemma_of(t)) or compound_entry(lemma_of(t))) is not None
               and e.kind == "stance"
               and all(x.tag_ in ("PTKVZ", "ADV") or x.tag_.startswith("$") or x.tag_ in ("VVPP", "VVINF")
                       and lemma_of(x) not in _DRAWING for x in _past_genitive(after[k + 1:], promising))
               and (_own_noun(after[:k]) or lemma_of(t).endswith("parole") or promising) for k, t in enumerate(after))


#: Verbs of promising or announcing one's stance ("versprach die Unterstützung des Landes").
PROMISING = frozenset({"versprechen", "zusagen", "zusichern", "signalisieren"})


def _past_genitive(rest: Sequence["Token"], allowed: bool) -> Sequence["Token"]:
    """The words after a genitive noun phrase at the start of ``rest`` ("des Freistaats", "der neuen Regierung"),
    where ``allowed``; else all of them."""
    if not allowed or not rest or rest[0].lower_ not in ("des", "der"):
        return rest
    end = _noun_phrase_end(rest, 1)
    return rest[end:] if end > 1 else rest


#: Verbs with which a subject draws a stance from others ("hat Kritik ausgelöst", "hatte Zustimmung erhalten").
_DRAWING = _CAUSATIVES | {"bekommen", "erhalten", "ernten", "erfahren", "einstecken"}


def _own_noun(before: Sequence["Token"]) -> bool:
    """Whether the words before a stance noun make it the subject's own, newly voiced one ("Widerstand", "scharfe
    Kritik", "ein Misstrauensvotum", "seine Zustimmung"), not one known already, someone else's ("schlug die
    Proteste nieder")."""
    k = len(before)
    while k > 0 and before[k - 1].tag_ in ("ADJA", "ADV", "ADJD"):
        k -= 1
    return k == 0 or before[k - 1].tag_ not in ("ART", "PDAT") or before[k - 1].lower_.startswith("ein")


def _reason_of_a_stance(tokens: Sequence["Token"], i: int, lem: list[str], joined: dict[int, str],
                        singles: dict) -> bool:
    """Whether the judgement at ``i`` follows "als" in a clause whose verb takes a stance of its own ("lehnt das
    Verbot als verfassungswidrig ab", "verurteilte den Schritt als Fehler"): it gives that stance's reason; with a
    judging verb ("bezeichnete es als verfassungswidrig") it is the position itself."""
    k = i - 1
    while k >= 0 and tokens[k].tag_ in ("ADV", "ADJD", "ADJA", "ART", "PTKNEG") and tokens[k].lower_ != "als":
        k -= 1
    if k < 0 or tokens[k].lower_ != "als" or set(lem) & _JUDGING_VERBS:
        return False
    return any(t.tag_.startswith("VV") and (entry := singles.get(joined.get(j, lem[j]))) is not None
               and entry.kind == "stance" for j, t in enumerate(tokens))


#: Attributive adjectives that say their noun is missing, not what is wrong with it.
_LACKING = frozenset({"fehlend", "mangelnd", "unzureichend", "ungenügend", "ausbleibend"})


def _describes_anchor(tokens: Sequence["Token"], i: int, is_anchor: Callable[["Token"], bool]) -> bool:
    """Whether the attributive adjective at ``i`` stands before a noun that names the concept ("die unsozialen
    Pläne")."""
    head = _adjective_head(tokens, i)
    return head is not None and head.tag_ in ("NN", "NE") and is_anchor(head)


def _rejected_by_verb(tokens: Sequence["Token"], lem: list[str], joined: dict[int, str], singles: dict) -> bool:
    """Whether a full verb of the clause rejects what it governs ("lehnt … ab", "kritisierte")."""
    return any(t.tag_.startswith("VV") and (entry := singles.get(joined.get(j, lem[j]))) is not None
               and entry.kind == "stance" and entry.polarity < 0 for j, t in enumerate(tokens))


#: Verbs that give their object a judgement ("nannte die Pläne einen Rückschritt", "bezeichnete sie als unsozial").
_JUDGING_VERBS = frozenset({"nennen", "bezeichnen", "werten", "halten", "bewerten", "einstufen"})
#: Those that call their object something ("nannte die Reform ein Risiko"; not "halten", mostly "an der Macht
#: halten", nor "bewerten").
_CALLING_VERBS = _JUDGING_VERBS - {"halten", "bewerten"}


def _separable(tokens: Sequence["Token"]) -> dict[int, str]:
    """Finite verb index → joined lemma with its separated particle ("lehne … ab" → "ablehnen")."""
    particles = [lemma_of(t) for t in tokens if t.tag_ == "PTKVZ"]
    if not particles:
        return {}
    joined = {}
    for i, t in enumerate(tokens):
        if t.tag_ in ("VVFIN", "VVIMP"):
            joined[i] = particles[-1] + lemma_of(t)
    return joined


def _clause_items(clause: Clause, actions: frozenset[str], is_anchor: Callable[["Token"], bool],
                  states_concept: Callable[["Token"], bool]) -> tuple[list[tuple[str, int]], int, int, bool]:
    """(voting items with signs, negations, anchors, hedged) of one clause."""
    singles, phrases = lexicon()
    lem = clause.lemmas
    forms = [t.lower_ for t in clause.tokens]  # the tagger lemmatises a separated "infrage" as a verb "infragen"
    used: set[int] = set()
    items: list[tuple[str, int]] = []
    for entry in phrases:  # ordered sub-sequence within the clause, by lemma or word form
        pos, idx = 0, []
        for i, l in enumerate(lem):
            if i not in used and pos < len(entry.words) and entry.words[pos] in (l, forms[i]):
                idx.append(i)
                pos += 1
        if pos == len(entry.words):
            if "kosten" in entry.words and entry.words[0] != "auf" \
                    and not any(is_anchor(t) or t.tag_ in ("PPER", "PDS") for t in clause.tokens):
                continue  # "Billiger Alkohol koste Menschenleben": the cost of something else, not of the concept
            used.update(idx)
            items.append((" ".join(entry.words), entry.polarity))
    if (predicate := _pronominal_predicate(clause) or _for_predicate(clause, is_anchor)) is not None:
        items.append(predicate)
    if (back := _brought_back(clause, actions)) is not None:
        items.append(("wieder einführen", -1))
        used.add(back)
    if _to_court(clause):
        items.append(("vor gericht ziehen", -1))
    if _reported_cost(clause):
        items.append(("kosten milliarde", -1))
    if _legal_steps(clause) or _legal_action_against(clause, is_anchor):
        items.append(("rechtliche schritte", -1))
    if (priority := _other_priorities(clause)) is not None:
        items.append(("wichtigere probleme", -1))
        used.add(priority)  # (the comparative is no judgement of its own: "wichtigere")
    joined = _separable(clause.tokens)
    about = min(_deliberated(clause), _both_sides(lem))
    negations = anchors = 0
    hedged = False
    countering = False  # "gegen" before another's opposition ("verteidigte die Pläne gegen die Kritik")
    sided_against = False  # "gegen" before the concept ("warb gegen den Entwurf")
    against: set[int] = set()  # the tokens (doc positions) of what such a "gegen" governs
    governed: set[str] = set()  # the items there
    coordinated: tuple[int, int] | None = None  # the last evaluative adjective's position and sign
    finite = next((k for k, t in enumerate(clause.tokens) if t.tag_ in _FINITE), None)
    copula = finite is not None and lem[finite] == "sein" and not any(t.tag_ in ("VVPP", "VVINF", "VVIZU")
                                                                      for t in clause.tokens)
    # the concept's own thing as subject ("Das Gesetz sollte es erleichtern, …"): its action describes the proposal
    describes = clause.kind == "core" and finite is not None and any(is_anchor(t) for t in clause.tokens[:finite]) \
        and not _names_body(clause.tokens[:finite])  # (a body named by a keyword acts: "Die Gruppe der Acht schloss …")
    for i, tok in enumerate(clause.tokens):
        if i in used:
            continue
        l = lem[i]
        if i > about:
            anchors += int(is_anchor(tok))  # "verhandelt über eine Klage gegen …": what is deliberated, not a stance
            continue
        if l in NEGATORS:
            if l == "nichts" and i + 1 < len(lem) and clause.tokens[i + 1].lower_ in _NOTHING_NEW:
                continue  # "eine Kaiserin sei nichts Neues": nothing unusual, no negation of it
            if not (i + 1 < len(lem) and lem[i + 1] in NEGATION_EXCEPTIONS) \
                    and not _contrasted_elsewhere(clause.tokens, i, singles, is_anchor):
                negations += 1
            continue
        if l in HEDGES:
            hedged = True
        full = joined.get(i, l)
        entry = singles.get(full)  # a separable verb only by its joined form ("lehnt sich an" is not "lehnen")
        if entry is None and tok.tag_ in ("VVPP", "ADJD"):
            entry = singles.get(tok.lower_)  # a participle listed as the adjective it is: "verrückt", "enttäuscht"
        if entry is None and tok.tag_ in ("ADJD", "ADJA"):
            entry = compound_adjective_entry(l) or compound_adjective_entry(tok.lower_)  # "gesundheitsschädlich"
        if entry is None and tok.tag_ == "NN" and not is_anchor(tok):
            # "Nichtigkeitsklage", "Massenproteste": the head noun's stance (a keyword names the concept instead:
            # "Zuzugsstopp")
            # (the tagger's "Praxensterbe"); a noun of coercion is a harm: "sprach von einer „Zwangsverpflichtung“"
            entry = compound_entry(l) or compound_entry(tok.lower_) or coercion_entry(l)
        if entry is None and tok.tag_ == "ADJD":
            entry = participle_entry(l)  # a predicative participle: "sei beschlossen"
        elif entry is None and tok.tag_ == "ADJA" and i == 0 and _agent_before(tok.doc, tok.i):
            # the participle a nominal stance starts at ("vorgeschlagenen Einsatz" of "der von X vorgeschlagene
            # Einsatz"); other attributive ones describe ("abgelehnte Asylbewerber") or hold another's position
            # ("den von X vorgeschlagenen Einsatz lehnt Y ab")
            entry = participle_entry(l)
        if (full in actions or l in actions or (entry is not None and entry.words[0] in actions)) \
                and not ("sich" in lem[:i] and "lassen" in lem[i + 1:]) and not describes:
            # (not "müssen sich registrieren lassen", done to them; not "Das Gesetz sollte es erleichtern, …",
            # what the concept's own thing does)
            # the codebook's own action states the proposition, whatever the lexicon says of the verb in general
            # ("würden verbieten, Foltermethoden anzuwenden" for a concept "Folter verbieten")
            items.append((full, 1))
        elif entry is not None and states_concept(tok) and entry.polarity < 0 and copula:
            continue  # "ein Signal der Abschreckung sei ihre Abschaffung": what it is called judges it, not the noun
        elif entry is not None and states_concept(tok) and entry.polarity < 0:
            # the word names the concept itself ("fordert die Abschaffung der Wehrpflicht" about the abolition,
            # "würden verbieten, Folter anzuwenden" about the ban): it states the proposition, as the concept's
            # actions do, instead of opposing it
            items.append((full, 1))
        elif entry is not None:
            if entry.words[0] == "gegen" and tok.tag_ not in ("APPR", "ADV", "PTKVZ"):
                continue
            if entry.words[0] == "gegen" and tok.tag_ == "APPR":
                if i > 0 and clause.tokens[i - 1].tag_ == "NN" and is_anchor(clause.tokens[i - 1]) \
                        and not _counters_opposition(clause.tokens, i, singles):
                    # the target of the measure the concept names: "Haftbefehl gegen", "Sanktionen gegen" (not
                    # criticism it is defended against: "verteidigte das Vorhaben gegen Kritik")
                    continue
                if _describes_noun(clause.tokens, i, singles, is_anchor):
                    continue  # "sende ein Signal gegen Protektionismus": what a thing is against, no position
                countering = countering or _counters_opposition(clause.tokens, i, singles)
                if _against_the_concept(clause.tokens, i, is_anchor):
                    sided_against = True
                    against.update(t.i for t in phrase_at(list(clause.tokens), i + 1))
            if entry.kind == "intent" and _EXAMINING & set(lem):
                continue  # "will das Modell zunächst prüfen": the intention is to examine it, no position yet
            if "sich" in lem and (full == "zurückhalten" or full == "zurückziehen" and tok.tag_ != "VVIZU"):
                # "Die Armee hält sich zurück", "Investoren könnten sich zurückziehen": keeping out of it or others
                # leaving, neither holding back nor withdrawing something (one's own threat to leave stays one:
                # "drohte, sich aus der EU zurückzuziehen")
                continue
            if full == "bekämpfen" and not any(is_anchor(t) for t in clause.tokens):
                continue  # "die Partei bekämpfe die Grundordnung": fighting something else, no vote on the concept
            if full == "drängen" and not {"auf", "darauf"} & set(lem) and _PUSHED_ASIDE & set(lem):
                continue  # "Konkurrenz aus dem Parlament drängen": pushing someone out, not pressing for something
            if full in ("einigen", "verständigen") and NEGATORS & set(lem):
                continue  # "Die EU-Staaten konnten sich nicht einigen": a body that failed to agree takes no side
            if full == "festhalten" and not {"an", "am", "daran"} & set(lem):
                continue  # "würden festgehalten": held in custody; holding on to something is "an … festhalten"
            if full == "festhalten" and _holds_to_something_else(clause.tokens, is_anchor):
                # "Konservative halten an der männlichen Linie fest" against a concept that changes it: keeping
                # what is, against the change
                items.append(("festhalten (am Bestehenden)", -1))
                continue
            if entry.kind == "openness" and tok.tag_ == "ADJA":
                continue  # "ein offener Brief", "offene Fragen": only a predicate is open to something
            if full == "offen" and i + 1 < len(lem) and clause.tokens[i + 1].tag_.startswith("V") \
                    and lem[i + 1] not in ("sein", "zeigen", "bleiben", "gegenüberstehen", "stehen"):
                continue  # "Sicherheitslücken offen gehalten", "offen kritisiert": another verb's, not openness
            if entry.words[0] == "spalten" and tok.tag_ in ("VVPP", "ADJD") \
                    and {"sein", "zeigen", "bleiben"} & set(lem) and "haben" not in lem:
                continue  # "die Gesellschaft sei gespalten", "Gespalten zeigt sich die Union": a state, not a split
            if entry.kind == "evaluative" and tok.tag_ in ("ADJD", "ADV") and i + 1 < len(lem) \
                    and clause.tokens[i + 1].tag_ == "ADJA":
                continue  # "gut integrierten Menschen", "schlecht bezahlte Jobs": how the people are, no judgement
            if entry.kind == "evaluative" and _reason_of_a_stance(clause.tokens, i, lem, joined, singles):
                continue  # "lehnt das Verbot als verfassungswidrig ab": the rejection's reason, not a second vote
            if entry.kind == "harm" and not any(x in _CAUSATIVES or x in _CALLING_VERBS or x in _PREVENTING
                                                for x in lem) and not _spoken_of(clause.tokens, i, joined):
                # "der Kampf gegen den Hunger": only what causes a harm is judged by it, what is called one
                # ("nannte die Reform ein Risiko für die Demokratie", "sprach von einem Anschlag auf die Demokratie"),
                # or what prevents one ("solle Steuerbetrug erschweren")
                continue
            if entry.polarity < 0 and entry.kind in ("evaluative", "harm") and (
                    _warned_of(clause.tokens, i, lem) or _EXAGGERATING & set(lem) and l not in _EXAGGERATING):
                continue  # "warnte vor einer Eskalation", "übertreibe die Gefahr": one judgement, one vote
            if tok.tag_ == "ADJA" and entry.kind == "evaluative" and entry.polarity < 0 \
                    and _undone_by_action(lem, joined, actions):
                continue  # "Eine ungerechte Steuer werde endlich abgeschafft": why it goes, no vote against its going
            if tok.tag_ == "ADJA" and entry.kind == "evaluative" and entry.polarity < 0 and l not in _LACKING \
                    and _describes_anchor(clause.tokens, i, is_anchor) \
                    and _rejected_by_verb(clause.tokens, lem, joined, singles):
                # "lehnte die unsozialen Pläne ab": the adjective says why the concept is rejected, one rejection,
                # not two that cancel (a bad thing rejected is another matter: "illegale Einwanderung bekämpfen"; and
                # one of lack turns its noun: "bemängelte die fehlende Unterstützung" asks for support)
                continue
            if tok.tag_ == "ADJA" and entry.kind == "evaluative" \
                    and _agrees_with_head(clause.tokens, i, entry, singles):
                continue  # "gefährliche Eskalation": the adjective says again what its noun says, one vote
            if tok.tag_ in ("ADJD", "ADJA") and entry.kind == "evaluative":
                if coordinated is not None and coordinated[1] == entry.polarity and all(
                        t.tag_ in ("KON", "$,", "ADV") for t in clause.tokens[coordinated[0] + 1:i]):
                    coordinated = (i, entry.polarity)
                    continue  # "unfair und kontraproduktiv": coordinated judgements of one sign, one vote
                coordinated = (i, entry.polarity)
            items.append((full, entry.polarity))
            if tok.i in against:
                governed.add(full)
        elif is_anchor(tok):
            anchors += 1
    # (what "gegen" governs votes with it: "gegen die Initiative" opposes a proposal noun)
    # (what is wanted or planned may frame the verb of taking sides: "will gegen die Reform mobil machen")
    intent = {name for name, _ in items if name in singles and singles[name].kind == "intent" and name not in governed}
    taking_sides = sided_against and all(pol > 0 and (name in _SIDING_VERBS or name in governed or name in intent)
                                         for name, pol in items if name != "gegen") \
        and (not intent or any(name in _SIDING_VERBS for name, _ in items))
    if len(items) > 1 and any(name == "gegen" for name, _ in items) and not countering and not taking_sides:
        # "Veto gegen", "Widerstand gegen", "Kritik gegen": the preposition repeats the noun's opposition; it votes
        # alone ("gegen den Einsatz"), after a verb of taking sides against the concept ("warb gegen den Entwurf";
        # not the concept's own action against its target, "hart gegen den Terrorismus durchgreifen"), or against
        # an opposition, which it then cancels ("gegen die Kritik")
        items = [(name, pol) for name, pol in items if name != "gegen"]
    holders = {name for name, _ in items if name in singles and singles[name].kind == "holder"}
    if holders:
        # "Die Kritiker lehnen den Plan ab": a noun for people by their position repeats what their verb (or
        # predicate) states; without one it votes ("sagten Kritiker des Plans")
        verbal = {joined.get(i, lem[i]) for i, t in enumerate(clause.tokens)
                  if t.tag_.startswith("V") or t.tag_ in ("ADJD", "PTKVZ")}
        if any(" " in name or name in verbal for name, _ in items):
            items = [(name, pol) for name, pol in items if name not in holders]
    if _konjunktiv2(clause.tokens) and any(lemma_of(t) in ("können", "mögen") for t in clause.tokens):
        hedged = True
    if negations and _RISKING & set(lem) and any(_negative_judgement(name, pol, singles) for name, pol in items):
        # "Man dürfe keine Eskalation riskieren": a harm not to be risked is warned of, as one risked is; the
        # negation keeps the harm away and does not turn it
        negations = 0
    if len(items) > 1 and len({pol for _, pol in items}) == 1 \
            and all(_item_kind(name, singles, phrases) in ("evaluative", "harm") for name, _ in items):
        # "würden Investitionen abschrecken und Arbeitsplätze kosten": judgements of one sign side by side are one
        # judgement; they do not act on each other as a stance verb acts on what it governs
        items = items[:1]
    if items and _means_against(clause, is_anchor):
        items = [("(mittel gegen)", 1)]
    return items, negations, anchors, hedged


#: Verbs of fighting or curbing something: with the concept as the means ("Mit dem Verbot kämpft die Regierung gegen
#: Tierquälerei"), what they fight is the concept's aim.
_FIGHTING = _PREVENTING | {"kämpfen", "schützen", "bremsen", "reduzieren", "senken", "verringern", "begrenzen"}


def _means_against(clause: Clause, is_anchor: Callable[["Token"], bool]) -> bool:
    """Whether the concept is named only as the means ("mit dem Verbot", "durch die Abgabe") of fighting or curbing
    something else ("will mit dem Verbot die Tierquälerei bekämpfen"): using it for that supports it (the verb's
    harm is not the concept's)."""
    toks = list(clause.tokens)
    anchored = {t.i for t in toks if is_anchor(t)}
    if not anchored:
        return False
    means = {u.i for k, t in enumerate(toks) if lemma_of(t) in ("mit", "durch", "mittels")
             and t.tag_ in ("APPR", "APPRART") for u in phrase_at(toks, k + 1)}
    return anchored <= means and any(lemma_of(t) in _FIGHTING and t.tag_.startswith("VV") for t in toks)


#: Words for a court that are no compound of "Gericht" ("vor den EuGH ziehen").
_COURTS = frozenset({"eugh", "bverfg", "vfgh", "karlsruhe", "verfassungsgericht", "gericht", "gerichtshof"})


#: Concept actions that end something, and the verbs that bring it back after "wieder" ("die Regelung wieder
#: einführen" against a concept "… abschaffen").
_ENDING_VERBS = frozenset({"abschaffen", "aufheben", "streichen", "aussetzen", "beenden", "stoppen", "abschalten",
                           "abbauen", "zurücknehmen", "auflösen", "abziehen", "einstellen"})
_RESTORING_VERBS = frozenset({"einführen", "herstellen", "aufnehmen", "zulassen", "erlauben", "einsetzen",
                              "wiedereinführen", "wiederherstellen", "wiederaufnehmen", "zurückholen"})


def _brought_back(clause: Clause, actions: frozenset[str]) -> int | None:
    """The index of a verb that brings back what the concept's action ends ("will die Regelung wieder einführen",
    "die Wehrpflicht wiederherstellen" where the concept abolishes it), or None."""
    if not actions & _ENDING_VERBS:
        return None
    lem = clause.lemmas
    joined = _separable(clause.tokens)
    for k, t in enumerate(clause.tokens):
        verb = joined.get(k, lem[k])
        if not t.tag_.startswith("V") or verb not in _RESTORING_VERBS:
            continue
        if verb.startswith(("wieder", "zurück")) or "wieder" in lem[max(0, k - 6):k]:
            return k
    return None


def _holds_to_something_else(tokens: Sequence["Token"], is_anchor: Callable[["Token"], bool]) -> bool:
    """Whether "an"/"am" … "festhalten" governs a phrase that names neither the concept nor a proposal ("hält an der
    männlichen Linie fest"), not "daran" (what was said before) or "an ihrem Sparplan"."""
    at = next((k for k, t in enumerate(tokens) if t.lower_ in ("an", "am") and t.tag_ in ("APPR", "APPRART")), None)
    if at is None:
        return False
    phrase = phrase_at(list(tokens), at + 1)
    return bool(phrase) and not any(is_anchor(t) or t.tag_ in ("NN", "NE") and (
        lemma_of(t).endswith(tuple(PROPOSAL_ANAPHORS)) or lemma_of(t) in lexicon()[0]) for t in phrase)


def _to_court(clause: Clause) -> bool:
    """"kündigte an, vor den Verfassungsgerichtshof zu ziehen": taking something to court (vor … ziehen) opposes it,
    as "klagen" does; the court's name is mostly a compound the lexicon's phrases cannot list."""
    lem = clause.lemmas
    if "ziehen" not in lem:
        return False
    for k, t in enumerate(clause.tokens[:-1]):
        if t.lower_ == "vor" and t.tag_ in ("APPR", "APPRART"):
            head = next((u for u in clause.tokens[k + 1:k + 5] if u.tag_ in ("NN", "NE")), None)
            word = lemma_of(head) if head is not None else ""
            if word in _COURTS or word.endswith(("gericht", "gerichtshof")):
                return True
    return False


def goes_to_court(tokens: Sequence["Token"]) -> bool:
    """Legal action with no object of its own ("Auch die Linke will klagen", "kündigte an, vor das
    Bundesverfassungsgericht zu ziehen", "prüft rechtliche Schritte"): a stance against what the document debates,
    as a stance verb is. Not a complaint ("klagt über hohe Preise"), and not legal action ruled out."""
    clause = Clause(list(tokens))
    lem = set(clause.lemmas)
    if lem & NEGATORS:
        return False
    return _to_court(clause) or _legal_steps(clause) or any(
        lemma_of(t) == "klagen" and t.tag_.startswith("VV") for t in tokens) and "über" not in lem


def _spoken_of(tokens: Sequence["Token"], i: int, joined: dict[int, str]) -> bool:
    """Whether the noun at ``i`` heads what "sprechen von" calls something ("sprach von einem „Anschlag auf die
    Demokratie“"); not a noun inside it ("sprach von einem Ende der Förderung von Gewalt"), not "sich aussprechen"."""
    verb = next((k for k, t in enumerate(tokens) if lemma_of(t) == "sprechen"
                 and joined.get(k, "sprechen") == "sprechen"), None)
    if verb is None:
        return False
    k = i - 1
    while k >= 0 and (tokens[k].tag_ in ("ART", "ADJA", "ADV", "PIAT", "PPOSAT", "$(") or tokens[k].text in "„“\"»«"):
        k -= 1
    # the first "von" after the verb ("sprach von …"), or in the clause before it ("hat von … gesprochen")
    first = next((j for j in range(verb + 1 if verb < k else 0, len(tokens)) if tokens[j].lower_ == "von"), None)
    return k >= 0 and k == first


#: Nouns of "rechtliche Schritte", "juristische Mittel", "den Rechtsweg": means of going to court.
_LEGAL_MEANS = frozenset({"schritt", "mittel", "weg"})
#: Verbs for using legal means on behalf of something ("das Gesetz mit allen rechtlichen Mitteln durchsetzen").
_ENFORCING = frozenset({"durchsetzen", "verteidigen", "schützen", "absichern"})


def _legal_steps(clause: Clause) -> bool:
    """"kündigte an, alle rechtlichen Mittel auszuschöpfen", "prüft juristische Schritte": legal means against what
    the clause is about oppose it, as going to court does; not where they enforce or defend it, and not with a
    "gegen" of their own, which votes already."""
    lem = clause.lemmas
    return any(a in ("rechtlich", "juristisch") and b in _LEGAL_MEANS for a, b in zip(lem, lem[1:])) \
        and not _ENFORCING & set(lem) and "gegen" not in lem


def _legal_action_against(clause: Clause, is_anchor: Callable[["Token"], bool]) -> bool:
    """"will juristisch gegen die Auflösung vorgehen": legal action against the concept its "gegen" governs (not
    against something else: "gegen Unregelmäßigkeiten bei der Wahl")."""
    lem = clause.lemmas
    if not ({"rechtlich", "juristisch", "gerichtlich"} & set(lem) and "vorgehen" in lem) or _ENFORCING & set(lem):
        return False
    return any(lem[k] == "gegen" and t.tag_ == "APPR" and any(is_anchor(x) for x in phrase_at(clause.tokens, k + 1))
               for k, t in enumerate(clause.tokens[:-1]))


#: Nouns of what needs doing ("Probleme", "Aufgaben"); "Sorgen" is a stance word of its own.
_PRIORITY_NOUNS = frozenset({"problem", "aufgabe", "baustelle", "priorität", "herausforderung"})
_UMLAUTS = str.maketrans("aou", "äöü")


def _other_priorities(clause: Clause) -> int | None:
    """The index of the comparative in "Die Schulen hätten drängendere Probleme", "Es gebe wichtigere Aufgaben",
    "andere Prioritäten" (more pressing things to do dismiss what the clause is about), or None."""
    lem = clause.lemmas
    if not {"haben", "geben"} & set(lem):
        return None
    for k, t in enumerate(clause.tokens[:-1]):
        if t.tag_ != "ADJA" or lem[k + 1] not in _PRIORITY_NOUNS:
            continue
        stem = lem[k]
        if stem == "ander" or any(t.lower_.startswith(form + "er") for form in (stem, stem.translate(_UMLAUTS))):
            return k
    return None


#: Sums that make a cost an argument ("koste jedes Jahr vier Milliarden Franken").
_LARGE_SUMS = frozenset({"milliarde", "million", "milliarden", "millionen"})


def _reported_cost(clause: Clause) -> bool:
    """"Die zusätzliche Rente koste jedes Jahr vier Milliarden Franken": a cost in millions or billions, in the
    Konjunktiv of reported speech, is its speaker's argument against; narrated in the indicative ("Das Paket kostet
    die Staaten 120 Milliarden Dollar") it is a fact."""
    verb = next((t for t in clause.tokens if lemma_of(t) == "kosten" and t.tag_ == "VVFIN"), None)
    return verb is not None and "Mood=Sub" in str(verb.morph) and bool(_LARGE_SUMS & set(clause.lemmas))


def _pronominal_predicate(clause: Clause) -> tuple[str, int] | None:
    """"Auch die Grünen sind dagegen", "Die FDP ist klar dafür": "dagegen"/"dafür" as the predicate of "sein", last
    in the clause, is a position on what was named before (elsewhere the words mostly mean "on the other hand", which
    is why the lexicon leaves them out)."""
    toks = [t for t in clause.tokens if not t.tag_.startswith("$") and t.text not in _QUOTES]
    if len(toks) < 2 or toks[-1].lower_ not in ("dagegen", "dafür"):
        return None
    finite = [k for k, t in enumerate(toks) if t.tag_ in _FINITE]
    if len(finite) != 1 or lemma_of(toks[finite[0]]) != "sein" \
            or any(t.tag_.startswith("V") for k, t in enumerate(toks) if k != finite[0]) \
            or any(t.tag_ not in ("ADV", "ADJD", "PTKNEG") for t in toks[finite[0] + 1:-1]):
        return None
    return ("dagegen sein", -1) if toks[-1].lower_ == "dagegen" else ("dafür sein", 1)


def _for_predicate(clause: Clause, is_anchor: Callable[["Token"], bool]) -> tuple[str, int] | None:
    """"Er sei für Scheidungen", "Die FDP ist klar für eine Reform": "für" the concept as the predicate of "sein"
    (the clause's only verb, adverbs between) is support ("gegen" votes as a word of its own)."""
    toks = [t for t in clause.tokens if not t.tag_.startswith("$") and t.text not in _QUOTES]
    finite = [k for k, t in enumerate(toks) if t.tag_ in _FINITE]
    if len(finite) != 1 or lemma_of(toks[finite[0]]) != "sein" \
            or any(t.tag_.startswith("V") for k, t in enumerate(toks) if k != finite[0]):
        return None
    k = finite[0] + 1
    while k < len(toks) and toks[k].tag_ in ("ADV", "ADJD", "PTKNEG"):  # ("nicht für": the negation votes)
        k += 1
    if k + 1 < len(toks) and toks[k].lower_ == "für" and toks[k].tag_ == "APPR" \
            and any(is_anchor(t) for t in phrase_at(clause.tokens, clause.tokens.index(toks[k]) + 1)):
        return ("für sein", 1)
    return None


def _item_kind(name: str, singles: dict[str, LexiconEntry], phrases: Sequence[LexiconEntry]) -> str | None:
    """The lexicon kind of a voting item (a lemma, or a phrase's lemmas joined by spaces)."""
    if (entry := _entry_of(name, singles)) is not None:
        return entry.kind
    return next((e.kind for e in phrases if " ".join(e.words) == name), None)


def _entry_of(name: str, singles: dict[str, LexiconEntry]) -> LexiconEntry | None:
    """The lexicon entry of a voting item's word, also where the item is a compound ("Verkehrschaos",
    "klimaschädlich")."""
    return singles.get(name) or compound_entry(name) or compound_adjective_entry(name) or coercion_entry(name)


def _negative_judgement(name: str, polarity: int, singles: dict[str, LexiconEntry]) -> bool:
    """Whether a voting item is a bad thing or a judgement against something ("Eskalation", "gefährden"): what is
    feared, warned of or risked, which repeats the fear rather than adding a sign."""
    return polarity < 0 and (e := _entry_of(name, singles)) is not None and e.kind in ("evaluative", "harm")


#: Verbs of making something out to be worse than it is: the harm they take is no judgement of its own.
_EXAGGERATING = frozenset({"übertreiben", "dramatisieren", "überzeichnen", "aufbauschen"})
#: Verbs of deliberating: what they deliberate "über" is no position of their subject's ("Das Gericht verhandelt über
#: eine Klage gegen den Soli", "Die Minister beraten über Sanktionen").
_DELIBERATING = frozenset({"verhandeln", "beraten", "diskutieren", "debattieren", "entscheiden", "abstimmen",
                           "befinden", "sprechen", "streiten", "informieren", "berichten"})


def _deliberated(clause: Clause) -> int:
    """The index of the "über" after a verb of deliberating in the clause, or the clause's length."""
    lem = clause.lemmas
    verb = next((k for k, l in enumerate(lem) if l in _DELIBERATING and clause.tokens[k].tag_.startswith("V")), None)
    if verb is None:
        return len(lem)
    return next((k for k in range(verb + 1, len(lem)) if clause.tokens[k].lower_ == "über"
                 and clause.tokens[k].tag_ == "APPR"), len(lem))


#: Verbs of examining a thing: wanting to examine it is no position on it ("will das Modell zunächst prüfen").
_EXAMINING = frozenset({"prüfen", "überprüfen", "untersuchen", "analysieren", "begutachten", "abwarten", "beobachten",
                        "prüfung", "überprüfung", "untersuchung", "analyse"})
#: Nouns of a popular vote: asking for one on the concept ("verlangte eine Volksabstimmung über die Einführung") is
#: asking that others decide, no position on it yet.
_POPULAR_VOTES = frozenset({"volksabstimmung", "referendum", "volksbefragung", "volksentscheid"})


def _vote_asked_on(chain: list[Clause], is_anchor: Callable[["Token"], bool]) -> bool:
    """Whether the chain names a popular vote "über" something (the vote itself not being the concept)."""
    tokens = [t for c in chain for t in c.tokens]
    return any(lemma_of(t) in _POPULAR_VOTES and not is_anchor(t) and k + 1 < len(tokens)
               and tokens[k + 1].lower_ == "über" for k, t in enumerate(tokens))


#: Verbs that ask for or announce what they govern: asking for an examination is no position yet.
_ASKING_FOR = frozenset({"ankündigen", "brauchen", "fordern", "verlangen"})
#: Verbs of risking a harm ("eine Eskalation riskieren", "provozieren").
_RISKING = frozenset({"riskieren", "provozieren", "heraufbeschwören"})


#: Nouns of exceptions from a measure, which a demand makes its condition.
_EXCEPTIONS = frozenset({"ausnahme", "ausnahmeregelung", "härtefallregelung", "übergangsfrist"})
#: Words that call something necessary ("hält Ausnahmen für unverzichtbar").
_NECESSARY = frozenset({"unverzichtbar", "notwendig", "nötig", "erforderlich", "unerlässlich", "unabdingbar"})


def _exception_for_some(clauses: list[Clause], clause: Clause) -> bool:
    """"Für Anwendungen ohne Alternative, etwa in Medizinprodukten, dürfe es kein Verbot geben": no such thing for
    the cases a fronted "für" names, an exception that makes the position conditional (the "für" phrase may be split
    off by commas: then the clause starts with its finite verb, after verbless ones)."""
    lem = set(clause.lemmas)
    if not ({"es", "geben"} <= lem and lem & NEGATORS):
        return False
    if clause.lemmas[:1] == ["für"]:
        return True
    k = clauses.index(clause)
    return k > 0 and clause.tokens[0].tag_ in _FINITE and clauses[0].lemmas[:1] == ["für"] \
        and not any(c.has_finite_verb() for c in clauses[:k])


def _sets_condition(clause: Clause) -> bool:
    """Whether the clause makes a position depend on something: "knüpfte seine Zustimmung an eine Bedingung",
    "nur dann sei der Plan tragbar", "stellte Bedingungen", "nannte vier Voraussetzungen dafür", "macht das davon
    abhängig, dass …", "dürfe nicht dazu führen, dass …", "die Freigabe an weitere Fortschritte zu knüpfen", "forderte
    Ausnahmen"."""
    if clause.lemmas[:1] and clause.lemmas[0] in RESTRICTIVE_ADVERBS and clause.lemmas[1:2] == ["dann"]:
        return True  # "Er forderte Ausnahmen … | Nur dann sei der Plan tragbar": the case named before
    lem = set(clause.lemmas)
    if "dürfen" in lem and lem & NEGATORS and ("führen" in lem or {"last", "gehen"} <= lem):
        return True  # a limit set on it: "die Karte dürfe nicht dazu führen, dass …", "nicht zu Lasten … gehen"
    if lem & _EXCEPTIONS and lem & (_ASKING_FOR | _NECESSARY):
        return True  # "forderte Ausnahmen für diese Gruppen", "hält Ausnahmen für unverzichtbar": not for everyone
    return bool(lem & CONDITION_NOUNS and lem & CONDITION_SETTING_VERBS) \
        or {"abhängig", "machen"} <= lem and not lem & NEGATORS \
        or "an" in lem and bool(lem & {"knüpfen", "koppeln"})  # "die Freigabe an Fortschritte zu knüpfen"


#: Adverbs that grant something in principle, before a "but" that asks for more ("grundsätzlich richtig, aber …").
_IN_PRINCIPLE = frozenset({"grundsätzlich", "prinzipiell"})
#: Conjunctions and adverbs of a reservation (with "doch", also a modal particle, for a clause that outweighs a
#: concession: :func:`_contrasting`).
BUT = frozenset({"aber", "allerdings", "jedoch"})


def asks_how(tokens: Sequence["Token"]) -> bool:
    """Whether words say, with a "but", how something must be done ("müsse aber im Einzelfall erfolgen", "dürfe
    jedoch nicht pauschal gelten"): after a grant in principle, the condition of the grant."""
    lem = {lemma_of(t) for t in tokens}
    return bool(lem & BUT) and bool(lem & _REQUIRING or "dürfen" in lem and lem & NEGATORS)


#: Modal verbs that say how something must be done (after a "but", the condition of a grant before; a demand, "fordert
#: aber mehr Geld", asks for more or for something else, and the grant stands).
_REQUIRING = frozenset({"müssen", "sollen"})


def _needed_with(clause: Clause, is_anchor: Callable[["Token"], bool]) -> Span | None:
    """The phrase of a clause that opens with "ohne" and is negated ("Ohne eine solche Kontrolle sei das Gesetz nicht
    zu machen", "Ohne Ausnahmen werde man nicht zustimmen"): what it says is missing is needed, a condition; None
    where "ohne" names the concept itself (``_after_without``: then its absence is what is judged)."""
    toks = clause.tokens
    if clause.kind != "core" or toks[0].lower_ != "ohne" or toks[0].tag_ != "APPR" or not clause.has_finite_verb() \
            or not any(lemma_of(t) in NEGATORS for t in toks):
        return None
    end = next((k for k, t in enumerate(toks) if t.tag_ in _FINITE), len(toks))
    if any(is_anchor(t) for t in toks[:end]):
        return None
    return Span(toks[0].idx, toks[end - 1].idx + len(toks[end - 1].text))


def _after_without(token: "Token") -> str | None:
    """The preposition of absence or replacement that governs the noun phrase ``token`` is in ("ohne neue Kredite",
    "ohne die Ausnahme für E-Fuels", "statt Abschüssen"): going back from it, it comes before any verb, punctuation or
    conjunction, within a few words; else None. A predicate is governed by no preposition ("schon 2040 statt 2045
    klimaneutral zu werden": what replaces what is the year)."""
    if token.tag_ in ("ADJD", "VVINF", "VVIZU", "VVPP", "VVFIN") and token.text[:1].islower():
        return None  # (a capitalised one is a noun the tagger missed: "Statt Verboten brauche es …")
    doc = token.doc
    for k in range(token.i - 1, max(-1, token.i - 7), -1):
        tok = doc[k]
        if tok.lower_ in _ABSENCE | _REPLACING and tok.tag_ in ("APPR", "KOUI"):
            return tok.lower_
        if tok.tag_.startswith(("V", "$", "KO", "P")) and tok.tag_ not in ("PIAT", "PPOSAT", "PDAT"):
            return None
        if tok.tag_ in ("NN", "NE") and doc[k + 1].tag_ == "ART" and doc[k + 1].lower_ not in _GENITIVE_ARTICLES:
            return None  # "statt neuer Verbote | einen Aufnahmestopp": a new phrase, what is asked for instead
    return None


#: Words of fearing: a harm in the clause they take as complement is what is feared, not a second judgement.
_FEARS = frozenset({"fürchten", "befürchten", "befürchtung", "sorge", "warnen", "warnung"})
#: Where "drängen" pushes someone ("aus dem Amt", "an den Rand", "in die Defensive") instead of pressing for something.
_PUSHED_ASIDE = frozenset({"aus", "ins", "rand", "ecke", "defensive", "abseits"})
#: Verbs that judge a state of affairs their "dass" clause describes ("gab zu bedenken, dass …", "begrüßte, dass …"),
#: unlike a demand's clause, which states what is wanted.
_JUDGING_STATES = _FEARS | frozenset({"bedenken", "kritisieren", "beklagen", "bemängeln", "monieren", "beanstanden",
                                      "anprangern", "bedauern", "begrüßen", "loben"})
#: Articles that go on with a genitive attribute ("ohne die Zustimmung der Länder").
_GENITIVE_ARTICLES = frozenset({"der", "des", "eines", "einer"})


def _warned_of(tokens: Sequence["Token"], i: int, lemmas: list[str]) -> bool:
    """Whether the word at ``i`` is what a warning is about ("warnte vor einem Generalverdacht", "Warnung vor einer
    Eskalation", "vor der Gefahr einer Eskalation"): "vor" a few words before it, in a clause with
    "warnen"/"Warnung"."""
    if not {"warnen", "warnung"} & set(lemmas):
        return False
    k = i - 1
    while k >= 0 and i - k <= 6 and (tokens[k].tag_ in ("ART", "ADJA", "ADV", "PIAT", "PPOSAT")
                                     or tokens[k].tag_ == "NN" and k > 0 and tokens[k - 1].tag_ == "ART"):
        k -= 1
    return k >= 0 and tokens[k].lower_ == "vor"


def _agrees_with_head(tokens: Sequence["Token"], i: int, entry: LexiconEntry,
                      singles: dict[str, LexiconEntry]) -> bool:
    """Whether the attributive adjective at ``i`` modifies a noun that votes the same way ("gefährliche Eskalation",
    "große Unterstützung"): two signs of one judgement, which must not multiply into its opposite."""
    noun = _adjective_head(tokens, i)
    if noun is None or noun.tag_ != "NN":
        return False
    head = singles.get(lemma_of(noun))
    return head is not None and head.kind in ("evaluative", "stance") and head.polarity == entry.polarity


def _adjective_head(tokens: Sequence["Token"], i: int) -> "Token | None":
    """The word after the attributive adjective at ``i`` and any adjectives coordinated with it: its noun, if any."""
    k = i + 1
    while k < len(tokens) and tokens[k].tag_ in ("ADJA", "ADV", "KON", "$,"):
        k += 1
    return tokens[k] if k < len(tokens) else None


def _undone_by_action(lem: list[str], joined: dict[int, str], actions: frozenset[str]) -> bool:
    """Whether the clause's verb is one of the concept's actions that undoes something ("abschaffen" for "Den
    Eigenmietwert abschaffen"): a bad word for what it undoes is the reason to undo it."""
    return any(joined.get(k, l) in actions and joined.get(k, l) in UNDOING_VERBS for k, l in enumerate(lem))


def _describes_noun(tokens: Sequence["Token"], i: int, singles: dict[str, LexiconEntry],
                    is_anchor: Callable[["Token"], bool]) -> bool:
    """Whether the "gegen" at ``i`` only says what a plain noun before it is against ("ein Signal gegen
    Protektionismus", "das Gruppenspiel gegen Spanien"), naming neither the concept nor a proposal: no stance of the
    speaker. A stance noun ("Widerstand gegen"), a body ("die Parteien gegen") or the concept or a proposal after it
    ("Argumente gegen die Reform", "Klage gegen den Beschluss") keeps it."""
    from standpunkt.actors.phrases import names_an_actor

    if i == 0 or tokens[i - 1].tag_ != "NN" or lemma_of(tokens[i - 1]) in singles or i + 1 >= len(tokens) \
            or names_an_actor([tokens[i - 1]]) or _counters_opposition(tokens, i, singles):
        # (a body before it is a subject taking a stance: "hatten sich die Parteien gegen … gestellt"; criticism
        # after it is countered: "verteidigte das Gesetz gegen Kritik")
        return False
    phrase = phrase_at(list(tokens), i + 1)
    return bool(phrase) and not any(is_anchor(t) or lemma_of(t) in PROPOSAL_ANAPHORS for t in phrase)


#: Verbs of taking a side, for or against what they govern ("warb gegen den Entwurf", "unterschrieben gegen"): with
#: "gegen" they oppose; other verbs and nouns with "gegen" before the concept may name its own aim ("eine Kommission
#: gegen Gewalt an Frauen gründen" for a concept against violence).
_SIDING_VERBS = frozenset({"werben", "plädieren", "eintreten", "unterschreiben", "mobilisieren", "einsetzen",
                           "aussprechen", "entscheiden", "mobil machen"})


def _against_the_concept(tokens: Sequence["Token"], i: int, is_anchor: Callable[["Token"], bool]) -> bool:
    """Whether the "gegen" at ``i`` governs the concept or a proposal ("gegen den Entwurf", "gegen die Pläne"), not
    inside an attribute ("eine gegen die Bauern gerichtete Rhetorik") nor as "against someone's will"."""
    phrase = phrase_at(list(tokens), i + 1) if i + 1 < len(tokens) else []
    if not phrase or phrase[-1].i + 1 < len(phrase[-1].doc) and phrase[-1].doc[phrase[-1].i + 1].tag_ == "ADJA" \
            or i > 0 and tokens[i - 1].tag_ in ("ART", "PIAT", "PPOSAT", "PDAT"):
        return False  # (a determiner before it opens the attribute: "eine gegen die Bauern im Land gerichtete …")
    return any(is_anchor(t) or lemma_of(t) in PROPOSAL_ANAPHORS for t in phrase)


def _counters_opposition(tokens: Sequence["Token"], i: int, singles: dict[str, LexiconEntry]) -> bool:
    """Whether the "gegen" at ``i`` governs a noun of opposition ("gegen die Kritik", "gegen Widerstände"): the
    clause's actor counters someone else's opposition, so the two cancel out instead of the preposition being
    dropped as a repetition."""
    phrase = phrase_at(list(tokens), i + 1) if i + 1 < len(tokens) else []
    return any(t.tag_ == "NN" and (e := singles.get(lemma_of(t))) is not None and e.polarity < 0 and e.kind == "stance"
               for t in phrase)


def _contrasted_elsewhere(tokens: Sequence["Token"], i: int, singles: dict[str, LexiconEntry],
                          is_anchor: Callable[["Token"], bool]) -> bool:
    """Whether the negation at ``i`` only sets aside a noun phrase that holds neither the concept nor a stance word:
    "X und nicht Y" ("die Kompetenz und nicht die familiären Umstände waren entscheidend"), "X, nicht Y", "nicht Y,
    sondern X", also of a prepositional phrase ("jetzt und nicht in einem halben Jahr"). Such a negation contrasts
    constituents; the rest of the clause states the position."""
    j = i + 1
    while j < len(tokens) and tokens[j].tag_ == "ADV":
        j += 1  # "und nicht erst in zehn Jahren"
    prep = j < len(tokens) and tokens[j].tag_ in ("APPR", "APPRART")
    at = j + 1 if prep else i + 1
    if at >= len(tokens) or tokens[at].tag_ not in NP_TAGS:
        return False
    before = tokens[i - 1] if i > 0 else None
    scope = phrase_at(list(tokens), at)
    if not scope:
        return False
    scope = [*tokens[i + 1:at], *scope] if prep else scope
    k = i + 1 + len(scope)
    while k < len(tokens) and tokens[k].tag_ in NP_TAGS | PP_TAGS:
        k += 1
    if k < len(tokens) and tokens[k].tag_.startswith("V"):
        return False  # the phrase is a verb's object: "und nicht die Botschaft aufzusuchen" negates the verb
    if k == len(tokens) or tokens[k].tag_ in ("$,", "$.", "$("):
        # prepositional attributes up to the clause's end are the phrase's ("und nicht mehr Personal bei der
        # Polizei"); before a predicate they are its ("und nicht die Umstände für die Auswahl entscheidend")
        scope = list(tokens[i + 1:k])
    doc = tokens[i].doc
    # "X und nicht Y"; "X, nicht Y" (the clause starts after a comma)
    coordinated = before.lower_ in ("und", "aber", "oder") if before is not None else \
        tokens[i].i > 0 and doc[tokens[i].i - 1].text == ","
    end = scope[-1].i + 1
    sondern = end + 1 < len(doc) and doc[end].text == "," and doc[end + 1].lower_ == "sondern"
    if not (coordinated or sondern):
        return False
    return not any(is_anchor(t) or lemma_of(t) in singles for t in scope)


def _agent_before(tokens: Sequence["Token"], i: int) -> bool:
    """Whether an agent phrase ("von der SPD", "vom Minister") leads up to the participle at ``i``; not when a
    determiner right before the participle opens a phrase of its own ("die Betreiber von X | die beanstandeten
    Inhalte")."""
    if i > 0 and tokens[i - 1].tag_ in ("ART", "PDAT", "PPOSAT"):
        return False
    for j in range(i - 1, max(i - 10, -1), -1):
        t = tokens[j]
        if t.tag_ in ("APPR", "APPRART") and lemma_of(t) in ("von", "vom"):
            return True
        if t.tag_ not in ("ART", "ADJA", "NN", "NE", "PPOSAT", "PIAT", "CARD", "TRUNC", "KON", "$("):
            return False  # ("$(": a party in brackets, "von Innenminister Schäuble (CDU) vorgeschlagenen")
    return False


def _set_against(chain: list[Clause]) -> bool:
    """A verbless "nicht …" after what is said instead ("…, nicht um ein weiteres Referendum")."""
    return len(chain) == 1 and chain[0].tokens[0].lower_ == "nicht" and len(chain[0].tokens) > 1 \
        and not any(t.tag_.startswith("V") for t in chain[0].tokens)


def elliptic_negation(clause: Clause) -> bool:
    """A clause of a connective and a negation only ("allerdings nicht", "aber nicht", "jedoch keineswegs"); not
    "aber nicht bedingungslos", which restricts rather than negates."""
    return any(l in NEGATORS for l in clause.lemmas) and all(
        l in NEGATORS or l in _CONNECTIVES for l in clause.lemmas)


def assess(tokens: list["Token"], *, actions: Iterable[str] = (),
           is_anchor: Callable[["Token"], bool] = lambda t: False,
           states_concept: Callable[["Token"], bool] | None = None,
           in_message: Callable[["Token"], bool] | None = None,
           is_foreign: Callable[["Token"], bool] | None = None) -> Assessment:
    """Agreement, condition spans and evidence items for the tokens of one statement (message, cue and frame).

    ``is_anchor`` marks the words that named the concept; ``states_concept`` those of them that are the concept's
    proposition itself (an opposing word there states the concept: "die Abschaffung" of a concept "abschaffen"),
    by default all anchors. ``in_message``: a quotation's message words (its frame's speech verb then takes the
    message as its complement). ``is_foreign`` marks the words that named another concept of the codebook: a
    clause naming only that one is about it, and does not vote here when another clause names this one ("Ein
    Böllerverbot lehne sie ab, Verbotszonen wolle sie aber ermöglichen")."""
    states_concept = states_concept or is_anchor
    clauses = split_clauses(tokens, in_message)
    action_set = frozenset(a.lower() for a in actions)
    condition: list[Span] = []
    condition_states_concept = False
    sets_condition = False
    lasting = True  # every condition says how long, "solange …" (no other kind of condition)
    examining = False
    chains: list[list[Clause]] = []
    coordinated: set[int] = set()  # chains of coordinated infinitives
    in_principle = False  # a clause before granted it in principle ("grundsätzlich richtig")
    for clause in clauses:
        in_principle = in_principle or _grants_in_principle(clause)
        if clause.kind == "condition":
            condition_states_concept = condition_states_concept or any(
                lemma_of(t) in action_set for t in clause.tokens)
            lasting = lasting and clause.tokens[0].lower_ == "solange"
            start, end = clause.tokens[0].idx, clause.tokens[-1].idx + len(clause.tokens[-1].text)
            if condition and start - condition[-1].end <= 2:
                condition[-1] = Span(condition[-1].start, end)
            else:
                condition.append(Span(start, end))
            continue
        if clause.kind in ("concessive", "relative", "adverbial"):
            continue
        excepted = _exception_for_some(clauses, clause)
        if _sets_condition(clause) or excepted or in_principle and asks_how(clause.tokens):
            # "knüpfte seine Zustimmung an Bedingungen", "sei grundsätzlich richtig, müsse aber im Einzelfall
            # erfolgen": conditional, and still votes (an exception from the "für" phrase before it on)
            first = clauses[0] if excepted else clause
            condition.append(Span(first.tokens[0].idx, clause.tokens[-1].idx + len(clause.tokens[-1].text)))
            sets_condition, lasting = True, False
        elif (needed := _needed_with(clause, is_anchor)) is not None:
            condition.append(needed)  # "Ohne eine solche Kontrolle sei das Gesetz nicht zu machen"
            sets_condition, lasting = True, False
        if clause.kind == "complement" and clause.coordinated and chains and len(chains[-1]) > 1:
            coordinated.add(len(chains) - 1)
            coordinated.add(len(chains))
            chains.append(chains[-1][:-1] + [clause])  # the clause before wants this infinitive too, on its own
        elif (clause.kind == "complement" or elliptic_negation(clause)) and chains:
            chains[-1].append(clause)  # "…, allerdings nicht": the negation belongs to the clause before
        else:
            chains.append([clause])
    total = 0
    all_items: list[str] = []
    negations = 0
    hedged = False
    voting_chains = 0
    with_anchor = {k for k, chain in enumerate(chains) if any(is_anchor(t) for c in chain for t in c.tokens)}
    if coordinated & with_anchor:
        # "forderte, den Dialog wieder aufzunehmen und die Reform auszusetzen": of the things wanted, the one that
        # names the concept says how the actor stands on it
        chains = [chain for k, chain in enumerate(chains) if k not in coordinated or k in with_anchor]
    if is_foreign is not None and any(is_anchor(t) for chain in chains for c in chain for t in c.tokens):
        chains = [chain for chain in chains if any(is_anchor(t) for c in chain for t in c.tokens)
                  or not any(is_foreign(t) for c in chain for t in c.tokens)]
    singles = lexicon()[0]
    votes: list[tuple[int, list[tuple[str, int]], int]] = []  # (chain, items, negations) of each voting chain
    required: list[list[Clause]] = []  # "but" chains that ask how the position before must be carried out
    for k, chain in enumerate(chains):
        if k + 1 < len(chains) and _instead_of(chain):
            continue  # "Statt das Pflichtjahr einzuführen, …": what is not wanted; the clause after says so
        items: list[tuple[str, int]] = []
        negs = anchors = 0
        feared = judging = False
        for clause in chain:
            if clause.kind == "complement" and clause.lemmas[:1] == ["ob"] and not items:
                # "Die Iren entscheiden am Freitag, ob ihr Oberhaus abgeschafft wird": an open question, asked by no
                # word of agreeing or rejecting before it, is nobody's position yet ("bezweifelt, ob" votes by the
                # doubt)
                examining = True
                break
            ci, cn, ca, ch = _clause_items(clause, action_set, is_anchor, states_concept)
            if judging and clause.kind == "complement" and clause.has_finite_verb() and not ci and not ca:
                # "gab zu bedenken, dass Angehörige die Gefangenen kaum noch besuchen könnten": the state judged,
                # negated or not, is what the judgement is about; its negation does not turn the judgement (an
                # infinitive is something to do or not: "warnte, sich nicht einzumischen")
                cn, clause_negated = 0, False
            else:
                clause_negated = clause.negated
            judging = judging or any(name in _JUDGING_STATES for name, _ in ci)
            if feared and clause.kind == "complement":
                # "fürchtet, dass ein Boykott Arbeitsplätze gefährdet": the harm feared repeats the fear, one vote
                ci = [(name, pol) for name, pol in ci if not _negative_judgement(name, pol, singles)]
            feared = feared or any(name in _FEARS for name, _ in ci)
            items += ci
            negs += cn + int(clause_negated)
            anchors += ca
            hedged = hedged or ch
        if items and (_EXAMINING & {x for c in chain for x in c.lemmas} or _vote_asked_on(chain, is_anchor)) and all(
                name in _ASKING_FOR or name in singles and singles[name].kind in ("intent", "proposal")
                for name, _ in items):
            # "kündigte an, es vom Verfassungsgericht prüfen zu lassen", "man brauche zuerst eine Analyse der Folgen",
            # "man prüfe den Antrag": an examination to come or going on, no vote
            items = []
            examining = True
        if votes and _requires(chain) and _reservation(chain, votes, chains, is_anchor):
            if _takes_up(chain):
                required.append(chain)  # (whether it votes or not: "aber sie dürften nicht zu einfach werden")
            continue
        if not items and not (negs and anchors):
            continue
        if votes and votes[-1][0] == k - 1 and _conceded(chains[k - 1]) and _contrasting(chain):
            votes.pop()  # "Steuern seien zwar nötig, | das Gesetz gehe aber zu weit": what is granted yields
        elif votes and _reservation(chain, votes, chains, is_anchor):
            continue
        votes.append((k, items, negs))
    anchored_chains = {k for k, chain in enumerate(chains) if any(is_anchor(t) for c in chain for t in c.tokens)}
    rejected = [k for k, items, _ in votes if not items and k in anchored_chains and _set_against(chains[k])]
    if rejected:
        # "…, dass sich die Politik um die Lebenshaltungskosten kümmere, nicht um ein weiteres Referendum": the
        # concept is what is not wanted instead; the wanting itself is about something else
        votes = [v for v in votes if v[0] in rejected]
    for k, items, negs in votes:
        sign = -1 if negs % 2 else 1
        for _, pol in items:
            sign *= pol
        if k > 0 and k not in anchored_chains and _instead_of(chains[k - 1]):
            # "Statt jungen Menschen ein Jahr vorzuschreiben, | solle man die Freiwilligendienste besser ausstatten":
            # what is wanted instead of the thing named (the concept, in its words or others) opposes it
            sign = -sign
            items = [*items, ("(statt)", 1)]
        if anchored_chains and k not in anchored_chains and chains[k][0].tokens[0].lower_ == "stattdessen":
            # "Das Verbot hätte … geschaffen. | Stattdessen wolle die Regierung auf Aufklärung setzen": what is
            # wanted instead of the concept named before opposes it
            sign = -sign
            items = [*items, ("(stattdessen)", 1)]
        total += sign
        voting_chains += 1
        negations += negs
        all_items += [name for name, _ in items] or ["(negated proposition)"]
    anchored = [t for t in tokens if is_anchor(t)]
    governing = {_after_without(t) for t in anchored}
    if anchored and None not in governing and (total or governing <= _REPLACING):
        # "Ohne zusätzliche Kredite lasse sich das nicht finanzieren", "warnte, ohne die Bremse drohten
        # Mieterhöhungen": the concept is named only as missing, and what is said of its absence is the opposite
        # of what is said of it; "Statt Abschüssen brauche es mehr Geld": what replaces it is preferred
        total = -total if total else -1
        all_items.append("(" + sorted(governing)[0] + ")")
    if total > 0 and required and not condition:
        # "Er sei für Scheidungen, aber sie dürften nicht zu einfach werden": support, on the terms the "but" sets
        # for the thing it takes up (opposition stays opposition; what must be done about something else leaves
        # support standing: "…, aber man müsse schneller handeln")
        condition = [Span(chain[0].tokens[0].idx, chain[-1].tokens[-1].idx + len(chain[-1].tokens[-1].text))
                     for chain in required]
        sets_condition, lasting = True, False
    if total > 0:
        agreement = "support"
    elif total < 0:
        agreement = "oppose"
    else:
        agreement = "neutral"
    if condition and agreement == "oppose" and condition_states_concept:
        # "warnte vor einer Konfrontation, falls Soldaten geschickt würden": the condition is the concept itself,
        # and the actor opposes it; not a conditional position.
        condition = []
    if condition and agreement == "oppose" and lasting:
        # "forderte, Glyphosat zu verbieten, solange Zweifel bestünden": opposed for as long as things stay as they
        # are, i.e. now; not a conditional position
        condition = []
    if condition:
        agreement = "conditional"
    if sets_condition and condition:  # (not where the condition was the concept itself, dropped above)
        all_items.append(SETS_CONDITION)
    if examining and not all_items and not condition:
        all_items.append(ONLY_EXAMINING)
    confidence = CONFIDENCE_NO_VOTE if voting_chains == 0 else (CONFIDENCE_ONE_VOTE if voting_chains == 1
                                                                 else CONFIDENCE_MANY_VOTES)
    if hedged:
        confidence -= HEDGE_PENALTY
    if voting_chains > 1 and abs(total) < voting_chains:
        confidence -= HEDGE_PENALTY  # chains disagree
    return Assessment(agreement=agreement, polarity=total, condition=condition, items=all_items,
                      negations=negations, hedged=hedged, confidence=round(max(confidence, 0.1), 3))


def polarity_features(tokens: list["Token"]) -> dict[str, float]:
    """The rule findings as classifier features (used for DebateNet polarity and trained codebooks)."""
    a = assess(tokens)
    return {"rule_support": float(a.polarity > 0), "rule_oppose": float(a.polarity < 0),
            "rule_items": float(len(a.items)), "rule_negations": float(a.negations),
            "rule_condition": float(bool(a.condition)), "rule_hedged": float(a.hedged)}
