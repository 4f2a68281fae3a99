"""The deterministic parts of quotation detection: quotation marks, grouping of labels, coreference, lexicon."""

from __future__ import annotations

from pathlib import Path

import pytest

from standpunkt.model import Quotation, Span
from standpunkt.speech.assemble import assemble, looks_like_name
from standpunkt.speech.features import TokenInfo
from standpunkt.speech.labels import project_labels
from standpunkt.speech.lexicon import CueEntry, CueLexicon
from standpunkt.speech.quotemarks import find_quote_pairs, outer_pairs


# --- quotation marks ---------------------------------------------------------------------------------------------

def _quoted(text: str) -> list[str]:
    return [text[s:e] for s, e in find_quote_pairs(text)]


def test_quote_pairs_german_nested_guillemets_straight() -> None:
    assert _quoted("Er sagte: „Das ist ‚gut‘ so.“ Dann ging er.") == ["„Das ist ‚gut‘ so.“", "‚gut‘"]
    assert _quoted("»Ja«, sagte sie.") == ["»Ja«"]
    assert _quoted('Er sagte "Nein" und ging.') == ['"Nein"']
    assert _quoted("Die „falsche” Form.") == ["„falsche”"]


def test_quote_pairs_unbalanced_and_paragraphs() -> None:
    assert _quoted("Ein „offenes Ende ohne Schluss.") == []
    assert _quoted("„Absatz eins\n\nAbsatz zwei“") == []  # no pair across a paragraph break
    assert _quoted("„x " * 10_000) == []  # linear, no runaway stack
    assert outer_pairs([(0, 10), (2, 5), (12, 20)]) == [(0, 10), (12, 20)]


def test_looks_like_name() -> None:
    assert looks_like_name("Die Zeit")
    assert looks_like_name("Dornier Do 228")
    assert not looks_like_name("volle Verantwortung")
    assert not looks_like_name("")
    assert looks_like_name("BILD am Sonntag") and looks_like_name("Allianz zur Europäischen Integration")
    assert not looks_like_name("Wir erwarten euch") and not looks_like_name("Ich habe fertig")
    assert not looks_like_name("Gewalt in der")  # a title does not end with a function word


# --- grouping ------------------------------------------------------------------------------------------------------

def _infos(sentences: list[list[tuple[str, str]]]) -> tuple[str, list[TokenInfo]]:
    """Build text and token infos from sentences of (word, tag) pairs joined by single spaces."""
    text = ""
    infos: list[TokenInfo] = []
    for si, sent in enumerate(sentences):
        for word, tag in sent:
            if text:
                text += " "
            start = len(text)
            text += word
            infos.append(TokenInfo(text=word, lower=word.lower(), lemma=word, tag=tag, mood="", ent="", sent=si,
                                   start=start, end=start + len(word), space_before=True, newline_before=False))
    return text, infos


def _text(text: str, spans: list[Span]) -> list[str]:
    return [s.text(text) for s in spans]


def test_postposed_frame_attaches_to_the_message_before_it() -> None:
    # "Es brauche Mut , erklärte Landsbergis ." / "Es sei nicht klug ."
    text, infos = _infos([
        [("Es", "PPER"), ("brauche", "VVFIN"), ("Mut", "NN"), (",", "$,"), ("erklärte", "VVFIN"),
         ("Landsbergis", "NE"), (".", "$.")],
        [("Es", "PPER"), ("sei", "VAFIN"), ("nicht", "PTKNEG"), ("klug", "ADJD"), (".", "$.")],
    ])
    labels = ["B-Indirect", "I-Indirect", "I-Indirect", "FRM", "CUE", "SPK", "O",
              "B-IndirectFreeIndirect", "I-IndirectFreeIndirect", "I-IndirectFreeIndirect",
              "I-IndirectFreeIndirect", "I-IndirectFreeIndirect"]
    q1, q2 = assemble(labels, infos, text)
    assert _text(text, q1.message) == ["Es brauche Mut"]
    assert _text(text, q1.cue) == ["erklärte"] and _text(text, q1.speaker) == ["Landsbergis"]
    assert _text(text, q1.frame) == [", erklärte Landsbergis"]
    # the Konjunktiv chain inherits the speaker, and has no cue or frame of its own
    assert q2.form == "IndirectFreeIndirect"
    assert _text(text, q2.speaker) == ["Landsbergis"] and q2.cue == [] and q2.frame == []


def test_an_opening_clause_labelled_frame_before_a_postposed_frame_is_message() -> None:
    # "Davon profitierten Reiche , die viel essen , sagte Audretsch ." labelled frame up to the relative clause
    text, infos = _infos([[("Davon", "PAV"), ("profitierten", "VVFIN"), ("Reiche", "NN"), (",", "$,"),
                           ("die", "PRELS"), ("viel", "ADV"), ("essen", "VVFIN"), (",", "$,"), ("sagte", "VVFIN"),
                           ("Audretsch", "NE"), (".", "$.")]])
    labels = ["FRM", "FRM", "FRM", "FRM", "B-Indirect", "I-Indirect", "I-Indirect", "FRM", "CUE", "SPK", "O"]
    (q,) = assemble(labels, infos, text)
    assert _text(text, q.message) == ["Davon profitierten Reiche , die viel essen"]
    assert _text(text, q.frame) == [", sagte Audretsch"] and _text(text, q.speaker) == ["Audretsch"]


def test_interrupted_message_is_one_quotation_with_two_spans() -> None:
    # "Es handele sich laut Polizei um vier Täter ."
    text, infos = _infos([[("Es", "PPER"), ("handele", "VVFIN"), ("sich", "PRF"), ("laut", "APPR"),
                           ("Polizei", "NN"), ("um", "APPR"), ("vier", "CARD"), ("Täter", "NN"), (".", "$.")]])
    labels = ["B-Indirect", "I-Indirect", "I-Indirect", "CUE", "SPK", "B-Indirect", "I-Indirect", "I-Indirect", "O"]
    (q,) = assemble(labels, infos, text)
    assert _text(text, q.message) == ["Es handele sich", "um vier Täter"]
    assert _text(text, q.cue) == ["laut"] and _text(text, q.speaker) == ["Polizei"]


def test_preposed_frame_keeps_one_speaker() -> None:
    # "Scholz sagte , es gehe laut Plan um Hilfe ." : two frames, the message stays split; one speaker each
    text, infos = _infos([[("Scholz", "NE"), ("sagte", "VVFIN"), (",", "$,"), ("es", "PPER"), ("gehe", "VVFIN"),
                           ("laut", "APPR"), ("Plan", "NN"), ("um", "APPR"), ("Hilfe", "NN"), (".", "$.")]])
    labels = ["SPK", "CUE", "FRM", "B-Indirect", "I-Indirect", "CUE", "SPK", "B-Indirect", "I-Indirect", "O"]
    first = assemble(labels, infos, text)[0]
    assert _text(text, first.message) == ["es gehe"]
    assert len(first.speaker) == 1


def test_of_two_speaker_runs_the_one_naming_someone_is_the_speaker() -> None:
    # "Ina Roth , eine Sprecherin , kommentierte die Entscheidung mit den Worten : „ Das ist falsch . “"
    words = [("Ina", "NE"), ("Roth", "NE"), (",", "$,"), ("eine", "ART"), ("Sprecherin", "NN"), (",", "$,"),
             ("kommentierte", "VVFIN"), ("die", "ART"), ("Entscheidung", "NN"), ("mit", "APPR"), ("den", "ART"),
             ("Worten", "NN"), (":", "$."), ("„", "$("), ("Das", "PDS"), ("ist", "VAFIN"), ("falsch", "ADJD"),
             (".", "$."), ("“", "$(")]
    text, infos = _infos([words])
    labels = ["SPK"] * 5 + ["FRM", "CUE", "SPK", "SPK", "FRM", "FRM", "FRM", "FRM"] + ["I-Direct"] * 6
    labels[13] = "B-Direct"
    (q,) = assemble(labels, infos, text)
    assert _text(text, q.speaker) == ["Ina Roth , eine Sprecherin"]
    # a noun phrase after a source word keeps its place as the nearest: "so der Präsident laut BBC"
    words = [("Das", "PDS"), ("sei", "VAFIN"), ("falsch", "ADJD"), (",", "$,"), ("so", "ADV"), ("der", "ART"),
             ("Präsident", "NN"), ("laut", "APPR"), ("BBC", "NE"), (".", "$.")]
    text, infos = _infos([words])
    labels = ["B-Indirect", "I-Indirect", "I-Indirect", "FRM", "CUE", "SPK", "SPK", "CUE", "SPK", "O"]
    (q,) = assemble(labels, infos, text)
    assert _text(text, q.speaker) == ["der Präsident"]


def test_the_subject_before_a_finite_cue_speaks_not_the_name_after_it() -> None:
    # "Der Chef , Karl Muster , griff Beispiel scharf an . Dessen Ziel sei es , alles zu zerstören ."
    first = [("Der", "ART"), ("Chef", "NN"), (",", "$,"), ("Karl", "NE"), ("Muster", "NE"), (",", "$,"),
             ("griff", "VVFIN"), ("Beispiel", "NE"), ("scharf", "ADJD"), ("an", "PTKVZ"), (".", "$.")]
    second = [("Dessen", "PDS"), ("Ziel", "NN"), ("sei", "VAFIN"), ("es", "PPER"), (",", "$,"), ("alles", "PIS"),
              ("zu", "PTKZU"), ("zerstören", "VVINF"), (".", "$.")]
    text, infos = _infos([first, second])
    labels = ["SPK"] * 5 + ["FRM", "CUE", "SPK", "FRM", "CUE", "CUE"] + ["B-Indirect"] + ["I-Indirect"] * 7 + ["O"]
    (q,) = assemble(labels, infos, text)
    assert _text(text, q.speaker) == ["Der Chef , Karl Muster"]


@pytest.mark.parametrize(("words", "speaker"), [
    # an addressee glued to the speaker: "sagte Dirk Lorenzen dem Sender , …"
    ([("sagte", "VVFIN"), ("Dirk", "NE"), ("Lorenzen", "NE"), ("dem", "ART"), ("Sender", "NN")], "Dirk Lorenzen"),
    # an object glued to a pronoun: "reichte sie dem Richter ein Schreiben ein"
    ([("reichte", "VVFIN"), ("sie", "PPER"), ("dem", "ART"), ("Richter", "NN"), ("ein", "ART"),
      ("Schreiben", "NN")], "sie"),
    # a lone noun without article is no speaker: "in dessen Folge das Gericht …"
    ([("in", "APPR"), ("Folge", "NN"), ("das", "ART"), ("Gericht", "NN")], "das Gericht"),
    # a possessive opens an object: "begründete der Präsident seine Position"
    ([("begründete", "VVFIN"), ("der", "ART"), ("Präsident", "NN"), ("seine", "PPOSAT"), ("Position", "NN")],
     "der Präsident"),
    # the genitive goes on: "sagte der Chef der Bank", "sagte der Präsident seines Landes"
    ([("sagte", "VVFIN"), ("der", "ART"), ("Chef", "NN"), ("der", "ART"), ("Bank", "NN")], "der Chef der Bank"),
    ([("sagte", "VVFIN"), ("der", "ART"), ("Präsident", "NN"), ("seines", "PPOSAT"), ("Landes", "NN")],
     "der Präsident seines Landes"),
])
def test_a_speaker_run_of_several_phrases_keeps_its_subject(words, speaker) -> None:
    # the first word is the cue, all words after it the CRF's speaker run, then ", es sei falsch ."
    text, infos = _infos([words + [(",", "$,"), ("es", "PPER"), ("sei", "VAFIN"), ("falsch", "ADJD"), (".", "$.")]])
    labels = ["CUE"] + ["SPK"] * (len(words) - 1) + ["FRM", "B-Indirect", "I-Indirect", "I-Indirect", "O"]
    (q,) = assemble(labels, infos, text)
    assert _text(text, q.speaker) == [speaker]


def test_frame_without_cue_is_message_and_nested_direct_quotes() -> None:
    # "Die Warnungen , auch „ganz klar“ , müssten ernst genommen werden ."
    text, infos = _infos([[("Die", "ART"), ("Warnungen", "NN"), (",", "$,"), ("auch", "ADV"), ("„ganz", "ADJD"),
                           ("klar“", "ADJD"), (",", "$,"), ("müssten", "VMFIN"), ("ernst", "ADJD"),
                           ("genommen", "VVPP"), ("werden", "VAINF"), (".", "$.")]])
    labels = ["SPK", "SPK", "FRM"] + ["B-IndirectFreeIndirect"] + ["I-IndirectFreeIndirect"] * 8
    quotations = assemble(labels, infos, text)
    outer = [q for q in quotations if q.form == "IndirectFreeIndirect"]
    nested = [q for q in quotations if q.form == "Direct"]
    assert _text(text, outer[0].message) == [text]
    assert outer[0].speaker == []
    assert _text(text, nested[0].message) == ["„ganz klar“"]


def test_named_subject_in_a_frame_without_labelled_speaker() -> None:
    # "Neben Deutschland erklärten auch Spanien und Schweden , dass man nicht helfe ."
    words = [("Neben", "APPR"), ("Deutschland", "NE"), ("erklärten", "VVFIN"), ("auch", "ADV"), ("Spanien", "NE"),
             ("und", "KON"), ("Schweden", "NE"), (",", "$,"), ("dass", "KOUS"), ("man", "PIS"), ("nicht", "PTKNEG"),
             ("helfe", "VVFIN"), (".", "$.")]
    text, infos = _infos([words])
    labels = ["FRM", "FRM", "CUE", "FRM", "FRM", "FRM", "FRM", "FRM"] + ["B-Indirect"] + ["I-Indirect"] * 3 + ["O"]
    (q,) = assemble(labels, infos, text)
    assert _text(text, q.speaker) == ["Spanien und Schweden"]  # not "Deutschland": a preposition governs it


def test_reported_speech_names_its_speaker_inside_the_message() -> None:
    text, infos = _infos([[("Greenpeace", "NE"), ("fordert", "VVFIN"), ("die", "ART"), ("Vernichtung", "NN"),
                           (".", "$.")]])
    labels = ["MSPK", "I-Reported", "I-Reported", "I-Reported", "I-Reported"]
    (q,) = assemble(labels, infos, text)
    assert q.form == "Reported"
    assert _text(text, q.message) == [text] and _text(text, q.speaker) == ["Greenpeace"]


def test_label_projection_priorities() -> None:
    text, infos = _infos([[("Scholz", "NE"), ("sagte", "VVFIN"), (",", "$,"), ("es", "PPER"), ("gehe", "VVFIN")]])
    spans = [(t.start, t.end) for t in infos]
    gold = Quotation(form="Indirect", message=[Span(15, 22)], cue=[Span(7, 12)], speaker=[Span(0, 6)],
                     frame=[Span(0, 14)])
    assert project_labels(spans, [gold]) == ["SPK", "CUE", "FRM", "B-Indirect", "I-Indirect"]
    assert project_labels(spans, [gold], nested=[True]) == ["O"] * 5


def test_cue_lexicon_roundtrip(tmp_path: Path) -> None:
    lex = CueLexicon()
    for _ in range(9):
        lex.count("l:sagen", True)
    lex.count("l:sagen", False)
    lex.count("w:nach", False)
    lex.count("b:nach angaben", True)
    lex.count("b:nach angaben", True)
    path = tmp_path / "cues.tsv"
    lex.pruned().save(path)
    loaded = CueLexicon.load(path)
    assert loaded.ratio("sagte", "sagen") == pytest.approx(0.9)
    assert loaded.bigram_ratio("Nach", "Angaben") == 1.0
    assert loaded.get("w:nach") is None  # never a cue: pruned


# --- coreference -------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def nlp():
    from standpunkt.language import load_nlp

    return load_nlp()


def _quote(text: str, speaker: str, message: str, occurrence: int = 0) -> Quotation:
    s = -1
    for _ in range(occurrence + 1):
        s = text.index(speaker, s + 1)
    m = text.index(message)
    return Quotation(form="Indirect", speaker=[Span(s, s + len(speaker))], message=[Span(m, m + len(message))])


def _speaker_names(nlp, text: str, *quotes: Quotation) -> list[str | None]:
    """The coreference names of the quotations' speakers in ``text``."""
    from standpunkt.speech.coref import resolve_speakers

    resolve_speakers(nlp(text), list(quotes))
    return [q.speaker_name for q in quotes]


def test_coref_role_phrase_skips_a_name_with_another_role(nlp) -> None:
    text = ("Außenminister Landsbergis sagte, es brauche Mut. Auch Bundeskanzler Olaf Scholz äußerte sich. "
            "Es gebe keine Pläne, betonte der litauische Minister. Scholz sagte, man helfe.")
    assert _speaker_names(nlp, text, _quote(text, "Landsbergis", "es brauche Mut"),
                          _quote(text, "der litauische Minister", "Es gebe keine Pläne"),
                          _quote(text, "Scholz", "man helfe", occurrence=1)) == \
        ["Landsbergis", "Landsbergis", "Olaf Scholz"]


def test_coref_pronoun_and_indefinite_phrase(nlp) -> None:
    text = ("Ein Sprecher des Außenministeriums in Riga sagte, man prüfe das. Merkel widersprach. "
            "Sie sagte, das sei falsch.")
    names = _speaker_names(nlp, text, _quote(text, "Ein Sprecher des Außenministeriums in Riga", "man prüfe das"),
                           _quote(text, "Sie", "das sei falsch"))
    assert names[0] == "Ein Sprecher des Außenministeriums in Riga"
    assert names[1] == "Merkel"


def test_coref_another_word_for_a_head_of_government_is_that_person(nlp) -> None:
    """"die Regierungschefin" after "Ministerpräsidentin Anna Beispiel": the same office by another word, before a
    bare name named earlier."""
    text = ("Die Reform sei nötig, erklärte der Fraktionschef der Opposition, Karl Muster. "
            "Ministerpräsidentin Anna Beispiel stellte sich gegen den Beschluss. "
            "Die Reform sende ein falsches Signal, sagte die Regierungschefin.")
    names = _speaker_names(nlp, text, _quote(text, "der Fraktionschef der Opposition, Karl Muster", "Die Reform sei"),
                           _quote(text, "die Regierungschefin", "Die Reform sende ein falsches Signal"))
    assert names[1] == "Anna Beispiel"


def test_coref_a_possessive_role_is_not_the_one_named_before(nlp) -> None:
    """"ihr Vorsitzender" is the chair of the body named before, not a person named before; a spokesperson speaks
    for the one named before ("sagte sein Sprecher")."""
    text = ("Der Abgeordnete Edcel Muster sprach von einem Sieg. Die Bischofskonferenz lehnt die Vorlage ab. "
            "Die Ehe sei unauflöslich, erklärte ihr Vorsitzender. Der Minister Hans Meier schwieg. "
            "Man prüfe das, sagte sein Sprecher.")
    names = _speaker_names(nlp, text, _quote(text, "ihr Vorsitzender", "Die Ehe sei unauflöslich"),
                           _quote(text, "sein Sprecher", "Man prüfe das"))
    assert names == ["ihr Vorsitzender", "Hans Meier"]


def test_coref_pronoun_skips_a_name_inside_a_prepositional_phrase(nlp) -> None:
    text = ("Hans Meier sagte gegenüber der Voice of America, es sei schwierig. "
            "„Die Lage ist ernst“, sagte er.")
    names = _speaker_names(nlp, text, _quote(text, "Hans Meier", "es sei schwierig"),
                           _quote(text, "er", "Die Lage ist ernst",
                                  occurrence=text[:text.index("sagte er")].count("er")))
    assert names[1] == "Hans Meier"


def test_coref_a_thing_is_nobody_and_a_possessive_source_is_its_owner(nlp) -> None:
    from standpunkt.speech.coref import resolve_speakers

    text = ("Hans Meier leitet die Behörde. Nach der Entscheidung sei alles offen. "
            "Das sei seiner Meinung nach falsch.")
    doc = nlp(text)
    qs = [_quote(text, "der Entscheidung", "sei alles offen"), _quote(text, "seiner Meinung", "falsch")]
    resolve_speakers(doc, qs)
    # a misplaced speaker span headed by a thing is nobody (it was "Hans Meier", the name mentioned before)
    assert qs[0].speaker_name is None
    assert qs[1].speaker_name == "Hans Meier"


def test_coref_groups_and_places_are_no_persons(nlp) -> None:
    from spacy.tokens import Span as SpacySpan

    from standpunkt.speech.coref import resolve_speakers

    text = "Die Anschläge in London und Glasgow schockierten viele. Der Sprecher sagte, es sei schlimm."
    doc = nlp(text)
    doc.ents = [SpacySpan(doc, 3, 4, label="GPE"), SpacySpan(doc, 5, 6, label="LOC")]  # Glasgow: an unknown place
    q = _quote(text, "Der Sprecher", "es sei schlimm")
    resolve_speakers(doc, [q])
    assert q.speaker_name == "Der Sprecher"  # not "Glasgow"
    # a definite phrase with a plural cue verb is a group, not the person named before
    text = "Hans Meier leitet das Projekt. Die Forscher erklärten, der Fund sei alt."
    doc = nlp(text)
    q = _quote(text, "Die Forscher", "der Fund sei alt")
    q.cue = [Span(text.index("erklärten"), text.index("erklärten") + len("erklärten"))]
    resolve_speakers(doc, [q])
    assert q.speaker_name == "Die Forscher"


def test_coref_a_bare_name_is_referred_to_by_a_role_not_by_a_body_or_a_thing(nlp) -> None:
    from standpunkt.speech.coref import resolve_speakers

    text = ("Hans Meier sprach am Morgen. Die Staatsanwaltschaft sagte, der Fall sei klar. Der Minister sagte, das "
            "sei gut. Er sagte, man warte ab.")
    doc = nlp(text)
    qs = [_quote(text, "Die Staatsanwaltschaft", "der Fall sei klar"), _quote(text, "Der Minister", "das sei gut"),
          _quote(text, "Er", "man warte ab")]
    resolve_speakers(doc, qs)
    # a body is no person named before, and no antecedent for "er" either
    assert [q.speaker_name for q in qs] == [None, "Hans Meier", "Hans Meier"]


def test_coref_person_nouns_and_ages_refer_to_a_name(nlp) -> None:
    from standpunkt.speech.coref import resolve_speakers

    text = ("Karla Berger schrieb den Text. Die Journalistin sagte, sie bleibe dabei. "
            "Der Fahrer Tom Kaiser fuhr weiter. Der 31-Jährige sagte, er habe nichts gesehen.")
    qs = [_quote(text, "Die Journalistin", "sie bleibe dabei"), _quote(text, "Der 31-Jährige", "er habe nichts")]
    resolve_speakers(nlp(text), qs)
    assert [q.speaker_name for q in qs] == ["Karla Berger", "Tom Kaiser"]


@pytest.mark.parametrize("text, speaker, message, name", [
    # someone introduced without a name after the last name ("ein Augenzeuge") is who a person noun refers to
    ("Die Polizei befragte Karla Berger. Später meldete sich ein Augenzeuge. Der Zeuge sagte, der Wagen sei rot "
     "gewesen.", "Der Zeuge", "der Wagen sei rot", None),
    # nor is a name inside a prepositional phrase ("gegen Karla Berger")
    ("Ein Richter ermittelte gegen Karla Berger. Der Ermittler sagte, der Fall sei klar.", "Der Ermittler",
     "der Fall sei klar", None),
    # a plural between ("Frauen") is a group, not that someone
    ("Karla Berger vertritt viele Frauen vor Gericht. Die Anwältin sagte, das Urteil sei falsch.", "Die Anwältin",
     "das Urteil sei falsch", "Karla Berger"),
    # "Wie es hieß": impersonal, nobody
    ("Hans Meier sprach am Morgen. Wie es hieß, sei der Fall klar.", " es ", "sei der Fall klar", None),
    # a masculine pronoun after an unnamed man as subject ("ein Augenzeuge") is his, not the name before him
    ("Hans Meier legte den Bericht vor. Darin wird ein Augenzeuge zitiert. Seiner Darstellung nach sei alles ruhig "
     "gewesen.", "Seiner Darstellung", "sei alles ruhig", None),
    # a second role joined to a name's apposition is that name's, no one unnamed between
    ("Karla Berger, Vorsitzende des Kreisverbandes und Kandidatin in dem dortigen Wahlkreis, lobte ihn. Die "
     "Anwältin sagte, das sei mutig gewesen.", "Die Anwältin", "das sei mutig", "Karla Berger"),
    # not after a genitive ("die Vorwürfe der kanadischen Ermittler")
    ("Hans Meier weist die Vorwürfe der kanadischen Ermittler zurück. Seiner Meinung nach sei alles korrekt "
     "gewesen.", "Seiner Meinung", "sei alles korrekt", "Hans Meier"),
])
def test_coref_unnamed_people_between_and_impersonal_es(nlp, text, speaker, message, name) -> None:
    from standpunkt.speech.coref import resolve_speakers

    q = _quote(text, speaker.strip(), message, occurrence=text.count(speaker.strip(), 0, text.index(speaker)))
    resolve_speakers(nlp(text), [q])
    assert q.speaker_name == name


@pytest.mark.parametrize("text, speaker, message, cue, name", [
    # a feminine pronoun is not the man named last: a feminine role before the name says her sex ...
    ("Die Grünen-Politikerin Karla Berger kritisierte Bundesinnenminister Tom Kaiser. Sie sagte, das sei falsch.",
     "Sie", "das sei falsch", "sagte", "Karla Berger"),
    # ... or an apposition to it, before or after
    ("Die Sprecherin des Verbands, Karla Berger, kritisierte die Pläne des Ministers, Tom Kaiser. Ihrer Meinung "
     "nach sei das falsch.", "Ihrer Meinung", "sei das falsch", None, "Karla Berger"),
    ("Karla Berger, die Anwältin des Klägers, traf Tom Kaiser. Sie sagte, das sei falsch.", "Sie",
     "das sei falsch", "sagte", "Karla Berger"),
    # ... or a first name
    ("Gisela Schulz traf Jörg Krause. Sie sagte, das sei falsch.", "Sie", "das sei falsch", "sagte",
     "Gisela Schulz"),
    # a masculine one is not the woman named last
    ("Tom Kaiser traf die Ministerin Karla Berger. Er sagte, das sei falsch.", "Er", "das sei falsch", "sagte",
     "Tom Kaiser"),
    # past someone of the other sex, a name that says no sex is not taken either
    ("Die Polizei befragte Alex Novak. Dann sprach Minister Tom Kaiser. Sie sagte, das sei falsch.", "Sie",
     "das sei falsch", "sagte", None),
    # "sie" with a plural verb after a single person is an unnamed group
    ("Einige Abgeordnete schrieben Minister Tom Kaiser einen Brief. Sie forderten, das Gesetz zu ändern.", "Sie",
     "das Gesetz zu ändern", "forderten", None),
    # a woman introduced without a name ("einer Sprecherin") is who a later "sie" is, not the name before her
    ("Karla Berger leitet das Amt. Die Meldung wurde von einer Sprecherin bestätigt. Sie sagte, alles sei ruhig.",
     "Sie", "alles sei ruhig", "sagte", None),
])
def test_coref_pronouns_agree_in_sex_and_number(nlp, text, speaker, message, cue, name) -> None:
    from standpunkt.speech.coref import resolve_speakers

    q = _quote(text, speaker, message)
    if cue:
        q.cue = [Span(text.index(cue), text.index(cue) + len(cue))]
    resolve_speakers(nlp(text), [q])
    # nobody: no name, or the pronoun left as it is (no antecedent)
    assert q.speaker_name == name if name else q.speaker_name in (None, speaker)


def test_coref_a_source_or_an_abstract_noun_is_no_antecedent(nlp) -> None:
    from spacy.tokens import Span as SpacySpan

    from standpunkt.speech.coref import _name_mentions, resolve_speakers

    text = "Hans Meier fuhr los. Nach Polizeiangaben sei der Wagen rot gewesen. Er sagte, er habe nichts gesehen."
    qs = [_quote(text, "Polizeiangaben", "sei der Wagen rot"), _quote(text, "Er", "er habe nichts gesehen")]
    resolve_speakers(nlp(text), qs)
    assert qs[1].speaker_name == "Hans Meier"  # not "Polizeiangaben"
    # a noun the tagger took for a name is no person mention; a surname with such an ending is one
    doc = nlp("Der Kanzler nahm dazu Stellung. Sabine Hartung widersprach. Hartung sagte das. Dann kam Leung.")
    for t in doc:
        if t.text in ("Stellung", "Hartung", "Leung"):
            t.tag_ = "NE"
    assert [m.name for m in _name_mentions(doc) if m.kind == "PER"] == ["Sabine Hartung", "Hartung", "Leung"]
    # also where the entity layer took it for a person
    doc = nlp("Der Kanzler nahm dazu Stellung.")
    doc.ents = [SpacySpan(doc, 4, 5, label="PER")]
    assert _name_mentions(doc) == []


def test_coref_an_office_described_further_is_the_name_introduced_with_it(nlp) -> None:
    from spacy.tokens import Span as SpacySpan

    from standpunkt.speech.coref import _name_mentions, resolve_speakers

    text = ("Der Informationsminister Karl Muster reiste nach Juba. Dort trafen sich die Ngok Dinka. Der "
            "Informationsminister des Landes sagte, man werde nicht vergelten.")
    doc = nlp(text)
    ngok = next(t.i for t in doc if t.text == "Ngok")
    doc.ents = [*[e for e in doc.ents if e.start > ngok + 1 or e.end <= ngok], SpacySpan(doc, ngok, ngok + 2, "PER")]
    q = _quote(text, "Der Informationsminister des Landes", "man werde nicht vergelten")
    resolve_speakers(doc, [q])
    assert q.speaker_name == "Karl Muster"  # not the nearer bare name (an ethnic group the tagger took for one)
    # a word after a possessive is no name, whatever the entity layer says ("ihr Vieh")
    doc = nlp("Die Nomaden, die in der Trockenzeit ihr Vieh in die Region treiben, kamen.")
    doc.ents = [SpacySpan(doc, 8, 9, label="PER")]
    assert _name_mentions(doc) == []


FEATURES_FIXTURE = Path(__file__).parent / "data" / "speech" / "features_bodentruppen.json.gz"
LEXICON_FILES = ("cues.tsv", "speakers.tsv", "reporting.tsv")


def _lexicon_digests() -> dict[str, str]:
    import hashlib

    from standpunkt.speech.detector import MODEL_DIR

    return {f: hashlib.sha1((MODEL_DIR / f).read_bytes()).hexdigest() for f in LEXICON_FILES}


def capture_features(path: Path = FEATURES_FIXTURE) -> None:
    """Write the fixture: examples/bodentruppen.txt's tokens and their quotation features under the shipped
    lexicons (rerun only when the quotation model is retrained: ``python tests/test_speech_units.py``)."""
    import dataclasses
    import gzip
    import json

    from standpunkt.language import load_nlp
    from standpunkt.speech.detector import load_model
    from standpunkt.speech.features import doc_features, token_infos

    text = (Path(__file__).resolve().parents[1] / "examples" / "bodentruppen.txt").read_text(encoding="utf-8")
    infos = token_infos(load_nlp()(text), text)
    m = load_model()
    data = {"text": text, "infos": [dataclasses.astuple(i) for i in infos],
            "features": doc_features(text, infos, m.lexicon, m.speakers, m.reporting), "lexicons": _lexicon_digests()}
    path.write_bytes(gzip.compress(json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode(), mtime=0))


def test_quotation_features_of_a_real_article_are_unchanged() -> None:
    """The CRF was trained on these exact feature strings: a refactoring of the feature code must reproduce them
    token for token (the fixture was written by the feature code the shipped model was trained with)."""
    import gzip
    import json

    from standpunkt.speech.detector import MODEL_DIR
    from standpunkt.speech.features import doc_features

    data = json.loads(gzip.decompress(FEATURES_FIXTURE.read_bytes()))
    assert data["lexicons"] == _lexicon_digests(), "the quotation model was retrained: rerun capture_features()"
    infos = [TokenInfo(*row) for row in data["infos"]]
    lexicons = [CueLexicon.load(MODEL_DIR / f) for f in LEXICON_FILES]
    got = doc_features(data["text"], infos, *lexicons)
    assert len(got) == len(data["features"]) == 444
    for i, (old, new) in enumerate(zip(data["features"], got)):
        assert new == old, f"token {i} ({infos[i].text!r})"


if __name__ == "__main__":
    capture_features()


def test_coref_a_role_adjective_picks_the_name_introduced_with_it(nlp) -> None:
    """"Der chilenische Staatschef" after "des chilenischen Präsidenten Pablo Serrano … Serrano teilt wie Tomás
    Vidal die Sorge" is Serrano, whom the adjective introduced, not the nearer bare name."""
    from standpunkt.speech.coref import resolve_speakers

    text = ("Gastgeber ist der chilenische Präsident Pablo Serrano. Serrano teilt wie Tomás Vidal die Sorge um die "
            "Preise. Der chilenische Staatschef sagte, man werde eine Alternative vorlegen.")
    q = _quote(text, "Der chilenische Staatschef", "man werde eine Alternative vorlegen")
    resolve_speakers(nlp(text), [q])
    assert q.speaker_name == "Pablo Serrano"
    # without an adjective the nearest name stays the referent
    text = text.replace("Der chilenische Staatschef", "Der Staatschef")
    q = _quote(text, "Der Staatschef", "man werde eine Alternative vorlegen")
    resolve_speakers(nlp(text), [q])
    assert q.speaker_name == "Tomás Vidal"


def test_coref_a_unit_after_a_number_is_no_antecedent(nlp) -> None:
    """"3,5 Milliarden Euro" (the entity layer's MISC) is nobody a later "er" refers to."""
    from standpunkt.speech.coref import resolve_speakers

    text = "Minister Karl Muster rechnet mit Einnahmen von 3,5 Milliarden Euro. Dennoch sagte er, man spare weiter."
    doc = nlp(text)
    assert any(e.text == "Euro" for e in doc.ents)
    q = _quote(text, "er,", "man spare weiter")
    q.speaker = [Span(q.speaker[0].start, q.speaker[0].start + 2)]
    resolve_speakers(doc, [q])
    assert q.speaker_name == "Karl Muster"


def test_coref_a_role_span_cut_before_its_apposition_takes_the_name_after_the_comma(nlp) -> None:
    text = ("Papst Benedikt trat zurück. Als Fehler beurteilte der Geschäftsführer der Fraktion der Grünen, Volker "
            "Beck das Pontifikat.")
    # not the nearest name before it
    assert _speaker_names(nlp, text, _quote(text, "der Geschäftsführer der Fraktion der Grünen", "Als Fehler")) == \
        ["Volker Beck"]


def test_coref_a_source_phrase_is_no_antecedent(nlp) -> None:
    text = ("Nach Angaben der Polizei habe der Mann Flugblätter verteilt. Er erklärte einem Angestellten, er trage "
            "eine Bombe.")
    names = _speaker_names(nlp, text, _quote(text, "Angaben der Polizei", "habe der Mann Flugblätter verteilt"),
                           _quote(text, "Er", "er trage eine Bombe"))
    assert names[1] != "Angaben der Polizei"


def test_coref_a_surname_in_the_genitive_is_the_full_name_and_keeps_its_sex(nlp) -> None:
    text = ("Gregor Gysi hatte die Partei kritisiert. Die Vorsitzende Gesine Lötzsch, gegen die sich die Vorwürfe "
            "Gysis richten, reagierte. Sie sagte, die Partei sei erfolgreich.")
    # not the man named in the genitive
    assert _speaker_names(nlp, text, _quote(text, "Sie", "die Partei sei erfolgreich")) == ["Gesine Lötzsch"]


def test_coref_a_role_before_a_genitive_name_is_not_that_persons(nlp) -> None:
    text = ("Ali Samani wurde verurteilt. Die Anwältin Samanis bestritt die Vorwürfe. Die Anwältin erklärte, sie sei "
            "behindert worden.")
    names = _speaker_names(nlp, text, _quote(text, "Die Anwältin", "sie sei behindert worden", occurrence=1))
    assert names[0] not in ("Samanis", "Ali Samani")  # his lawyer, unnamed


def test_a_dative_glued_to_the_speaker_is_the_addressee() -> None:
    # "sagte Dirk Lorenzen dem Sender , es sei falsch ." / "… Dirk Lorenzen den Fund …" (an object, not addressed)
    for article, addressee in (("dem", ["dem Sender"]), ("den", [])):
        words = [("sagte", "VVFIN"), ("Dirk", "NE"), ("Lorenzen", "NE"), (article, "ART"), ("Sender", "NN"),
                 (",", "$,"), ("es", "PPER"), ("sei", "VAFIN"), ("falsch", "ADJD"), (".", "$.")]
        text, infos = _infos([words])
        labels = ["CUE", "SPK", "SPK", "SPK", "SPK", "FRM", "B-Indirect", "I-Indirect", "I-Indirect", "O"]
        (q,) = assemble(labels, infos, text)
        assert _text(text, q.speaker) == ["Dirk Lorenzen"] and _text(text, q.addressee) == addressee


_SPEAKERS = CueLexicon({"w:hersteller": CueEntry(2, 11), "w:stadt": CueEntry(6, 93)})
_NARRATED = [("Der", "ART"), ("Hersteller", "NN"), ("gab", "VVFIN"), ("die", "ART"), ("Preise", "NN"),
             ("bekannt", "PTKVZ"), (".", "$.")]
_FREE = [("Das", "ART"), ("Programm", "NN"), ("solle", "VMFIN"), ("billiger", "ADJD"), ("werden", "VAINF"),
         (".", "$.")]


@pytest.mark.parametrize(("first", "speaker"), [
    # "Der Hersteller gab die Preise bekannt. {Das Programm solle billiger werden.}": the subject speaks on
    (_NARRATED, ["Der Hersteller"]),
    # … also after the verb: "Am Montag gab die Stadt …" is no speaker ("Stadt" is rarely one), "gab Ina Roth …" is
    ([("Am", "APPRART"), ("Montag", "NN"), ("gab", "VVFIN"), ("die", "ART"), ("Stadt", "NN"), ("bekannt", "PTKVZ"),
      (".", "$.")], []),
    ([("Am", "APPRART"), ("Montag", "NN"), ("gab", "VVFIN"), ("Ina", "NE"), ("Roth", "NE"), ("bekannt", "PTKVZ"),
      (".", "$.")], ["Ina Roth"]),
    # an object put first leaves the subject after the verb ("Den Plan lobte Ina Roth .", "Die Lage im Iran verglich
    # Ina Roth mit …": a name inside a prepositional phrase is no subject)
    ([("Den", "ART"), ("Plan", "NN"), ("lobte", "VVFIN"), ("Ina", "NE"), ("Roth", "NE"), (".", "$.")], ["Ina Roth"]),
    ([("Die", "ART"), ("Lage", "NN"), ("im", "APPRART"), ("Iran", "NE"), ("verglich", "VVFIN"), ("Ina", "NE"),
      ("Roth", "NE"), ("mit", "APPR"), ("Krieg", "NN"), (".", "$.")], ["Ina Roth"]),
    # a subject with its name in apposition, between commas ("Der Sprecher der Partei , Ina Roth , lobte das .")
    ([("Der", "ART"), ("Sprecher", "NN"), ("der", "ART"), ("Partei", "NN"), (",", "$,"), ("Ina", "NE"),
      ("Roth", "NE"), (",", "$,"), ("lobte", "VVFIN"), ("das", "PDS"), (".", "$.")],
     ["Der Sprecher der Partei , Ina Roth"]),
    # a personal pronoun after the verb is ("Gleichzeitig vermutet er eine Organisation")
    ([("Gleichzeitig", "ADV"), ("vermutet", "VVFIN"), ("er", "PPER"), ("eine", "ART"), ("Organisation", "NN"),
      (".", "$.")], ["er"]),
    # an object after the verb is no subject ("Dann nannte den Beschluss der CDU jeder gut"), nor a thing of
    # someone's ("Am Montag lobte die Rede Obamas jeder")
    ([("Dann", "ADV"), ("nannte", "VVFIN"), ("den", "ART"), ("Beschluss", "NN"), ("der", "ART"), ("CDU", "NE"),
      ("jeder", "PIS"), ("gut", "ADJD"), (".", "$.")], []),
    ([("Am", "APPRART"), ("Montag", "NN"), ("lobte", "VVFIN"), ("die", "ART"), ("Rede", "NN"), ("Obamas", "NE"),
      ("jeder", "PIS"), (".", "$.")], []),
    # … and the subject after the verb ends where the object begins ("nannte Ina Roth | das Spiel")
    ([("Als", "APPR"), ("Beispiel", "NN"), ("nannte", "VVFIN"), ("Ina", "NE"), ("Roth", "NE"), ("das", "ART"),
      ("Spiel", "NN"), (".", "$.")], ["Ina Roth"]),
    # a participle governs the preposition the subject starts with: "Im Ausland lebende Bauern wie Ina Roth wiesen
    # die Vorwürfe zurück." (the phrase after the verb is the object)
    ([("Im", "APPRART"), ("Ausland", "NN"), ("lebende", "ADJA"), ("Bauern", "NN"), ("wie", "KOKOM"), ("Ina", "NE"),
      ("Roth", "NE"), ("wiesen", "VVFIN"), ("die", "ART"), ("Vorwürfe", "NN"), ("zurück", "PTKVZ"), (".", "$.")],
     ["Im Ausland lebende Bauern wie Ina Roth"]),
])
def test_free_indirect_speech_after_a_narrated_sentence_takes_its_subject(first, speaker) -> None:
    text, infos = _infos([first, _FREE])
    for form in ("FreeIndirect", "Indirect"):  # the CRF labels some free indirect sentences "Indirect", uncued
        labels = ["O"] * len(first) + [f"B-{form}"] + [f"I-{form}"] * (len(_FREE) - 1)
        (q,) = assemble(labels, infos, text, speakers=_SPEAKERS)
        assert _text(text, q.speaker) == speaker


def test_free_indirect_speech_after_a_quotation_inherits_its_speaker() -> None:
    # after a quotation, "{Das Programm solle billiger werden .}" goes on with its speaker ("Ina Roth sagte , es sei
    # gut ."); a message that does not start its sentence ("Dann , {…}") does not take the subject before it
    said = [("Ina", "NE"), ("Roth", "NE"), ("sagte", "VVFIN"), (",", "$,"), ("es", "PPER"), ("sei", "VAFIN"),
            ("gut", "ADJD"), (".", "$.")]
    text, infos = _infos([said, _FREE])
    labels = ["SPK", "SPK", "CUE", "FRM", "B-Indirect", "I-Indirect", "I-Indirect", "O",
              "B-FreeIndirect"] + ["I-FreeIndirect"] * (len(_FREE) - 1)
    assert [_text(text, q.speaker) for q in assemble(labels, infos, text, speakers=_SPEAKERS)] == [["Ina Roth"]] * 2
    inner = [("Dann", "ADV"), (",", "$,")] + _FREE
    text, infos = _infos([_NARRATED, inner])
    labels = ["O"] * (len(_NARRATED) + 2) + ["B-FreeIndirect"] + ["I-FreeIndirect"] * (len(_FREE) - 1)
    (q,) = assemble(labels, infos, text, speakers=_SPEAKERS)
    assert q.speaker == []


def test_a_reported_sentence_is_by_its_own_subject_not_by_a_neighbour() -> None:
    # "Die Regierung hatte das Verbot kritisiert ." / "Ina Roth begrüßte die Einigung ." — the CRF labels the
    # second subject a speaker without cue or message: it is no frame of the sentence before, whose own subject speaks
    first = [("Die", "ART"), ("Regierung", "NN"), ("hatte", "VAFIN"), ("das", "ART"), ("Verbot", "NN"),
             ("kritisiert", "VVPP"), (".", "$.")]
    second = [("Ina", "NE"), ("Roth", "NE"), ("begrüßte", "VVFIN"), ("die", "ART"), ("Einigung", "NN"), (".", "$.")]
    text, infos = _infos([first, second])
    labels = ["B-Reported"] + ["I-Reported"] * 6 + ["SPK", "SPK", "O", "O", "O", "O"]
    speakers = CueLexicon({"w:regierung": CueEntry(5, 20)})
    (q,) = assemble(labels, infos, text, speakers=speakers)
    assert _text(text, q.speaker) == ["Die Regierung"]
    # a speaker with its cue in the next sentence still frames the message before it ("Das sagte Ina Roth .")
    second = [("Das", "PDS"), ("sagte", "VVFIN"), ("Ina", "NE"), ("Roth", "NE"), (".", "$.")]
    text, infos = _infos([first, second])
    labels = ["B-Reported"] + ["I-Reported"] * 6 + ["O", "CUE", "SPK", "SPK", "O"]
    (q,) = assemble(labels, infos, text, speakers=speakers)
    assert _text(text, q.speaker) == ["Ina Roth"]


def test_a_speaker_opening_a_new_sentence_opens_a_new_quotation() -> None:
    # "Man könne reden ." / "Ina Roth lehnte das ab ." — "Ina Roth" (MSPK) right after a free indirect sentence
    # starts a reported message of her own; the sentence before is not hers
    first = [("Man", "PIS"), ("könne", "VMFIN"), ("reden", "VVINF"), (".", "$.")]
    second = [("Ina", "NE"), ("Roth", "NE"), ("lehnte", "VVFIN"), ("das", "PDS"), ("ab", "PTKVZ"), (".", "$.")]
    text, infos = _infos([first, second])
    labels = ["I-IndirectFreeIndirect"] * 4 + ["MSPK", "MSPK"] + ["I-Reported"] * 4
    q1, q2 = assemble(labels, infos, text)
    assert _text(text, q1.message) == ["Man könne reden ."] and q1.speaker == []
    assert q2.form == "Reported" and _text(text, q2.speaker) == ["Ina Roth"]


def test_coref_a_party_in_brackets_after_a_name_is_no_antecedent(nlp) -> None:
    # "Anna Roth (FDP) …, sagte sie": the bracketed party is her affiliation; "sie" is Anna Roth, not "die FDP"
    text = "Die Vorsitzende Anna Roth (FDP) kritisierte das Zögern. Man brauche die Waffe jetzt, sagte sie."
    q = _quote(text, "sie", "Man brauche die Waffe jetzt", occurrence=1)  # (the first is in "kritisierte")
    q.cue = [Span(text.index("sagte"), text.index("sagte") + 5)]
    assert _speaker_names(nlp, text, q) == ["Anna Roth"]


def test_a_quoted_word_in_a_narrated_sentence_is_its_subjects() -> None:
    # "Ina Roth sagte , es sei gut ." / "Karl Muster nannte den Plan „ falsch “ ." — the quoted word is Muster's,
    # not inherited from the quotation before
    said = [("Ina", "NE"), ("Roth", "NE"), ("sagte", "VVFIN"), (",", "$,"), ("es", "PPER"), ("sei", "VAFIN"),
            ("gut", "ADJD"), (".", "$.")]
    named = [("Karl", "NE"), ("Muster", "NE"), ("nannte", "VVFIN"), ("den", "ART"), ("Plan", "NN"), ("„", "$("),
             ("falsch", "ADJD"), ("“", "$("), (".", "$.")]
    text, infos = _infos([said, named, _FREE])
    labels = ["SPK", "SPK", "CUE", "FRM", "B-Indirect", "I-Indirect", "I-Indirect", "O",
              "O", "O", "O", "O", "O", "B-Direct", "I-Direct", "I-Direct", "O",
              "B-FreeIndirect"] + ["I-FreeIndirect"] * (len(_FREE) - 1)
    q1, q2, q3 = assemble(labels, infos, text, speakers=_SPEAKERS)
    assert _text(text, q2.speaker) == ["Karl Muster"]
    # … and starts no chain of speech: free indirect speech after it goes on with the quotation before
    assert _text(text, q3.speaker) == ["Ina Roth"]


def test_a_reported_sentence_without_a_subject_inherits_no_speaker() -> None:
    # "Ina Roth sagte , es sei gut ." / "Jetzt will man abziehen ." — a narrated sentence is no Konjunktiv chain
    said = [("Ina", "NE"), ("Roth", "NE"), ("sagte", "VVFIN"), (",", "$,"), ("es", "PPER"), ("sei", "VAFIN"),
            ("gut", "ADJD"), (".", "$.")]
    plan = [("Jetzt", "ADV"), ("will", "VMFIN"), ("man", "PIS"), ("abziehen", "VVINF"), (".", "$.")]
    text, infos = _infos([said, plan])
    labels = ["SPK", "SPK", "CUE", "FRM", "B-Indirect", "I-Indirect", "I-Indirect", "O",
              "B-Reported", "I-Reported", "I-Reported", "I-Reported", "I-Reported"]
    q1, q2 = assemble(labels, infos, text, speakers=_SPEAKERS)
    assert _text(text, q1.speaker) == ["Ina Roth"] and q2.speaker == []


def test_a_speaker_that_stops_inside_an_organisations_name_goes_on_to_its_end() -> None:
    # "Der Verband Haus | & Grund lehnte das ab ." — the CRF ended the speaker at the ampersand; the entity goes on
    from dataclasses import replace

    sent = [("Der", "ART"), ("Verband", "NN"), ("Haus", "NN"), ("&", "$("), ("Grund", "NN"), ("lehnte", "VVFIN"),
            ("das", "PDS"), ("ab", "PTKVZ"), (".", "$.")]
    text, infos = _infos([sent])
    infos = [replace(t, ent="ORG") if t.text in ("Haus", "&", "Grund") else t for t in infos]
    labels = ["MSPK", "MSPK", "MSPK"] + ["I-Reported"] * 6
    (q,) = assemble(labels, infos, text)
    assert _text(text, q.speaker) == ["Der Verband Haus & Grund"]


def test_a_frame_does_not_reach_back_over_a_paragraph_break() -> None:
    # "Man erwäge eine Klage ." ¶ "Das sagte Ina Roth ." — a frame with its cue takes the message of the sentence
    # before it only within its paragraph
    from dataclasses import replace

    first = [("Man", "PIS"), ("erwäge", "VVFIN"), ("eine", "ART"), ("Klage", "NN"), (".", "$.")]
    second = [("Das", "PDS"), ("sagte", "VVFIN"), ("Ina", "NE"), ("Roth", "NE"), (".", "$.")]
    text, infos = _infos([first, second])
    labels = ["B-Indirect"] + ["I-Indirect"] * 4 + ["O", "CUE", "SPK", "SPK", "O"]
    (q,) = assemble(labels, infos, text)
    assert _text(text, q.speaker) == ["Ina Roth"]
    infos[5] = replace(infos[5], newline_before=True)
    (q,) = assemble(labels, infos, text)
    assert q.speaker == []
