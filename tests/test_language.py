"""The German language layer: offsets, sentences, tags, Konjunktiv, entities, mentions, gazetteer."""

from __future__ import annotations

from pathlib import Path

import pytest

from standpunkt.language import gazetteer, load_nlp

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "bodentruppen.txt"


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


@pytest.fixture(scope="module")
def example_doc(nlp):
    return nlp(EXAMPLE.read_text(encoding="utf-8"))


def _sents(nlp, text: str) -> list[str]:
    return [s.text.strip() for s in nlp(text).sents]


def test_load_nlp_is_cached_once_per_process():
    assert load_nlp() is load_nlp()


def test_offsets_are_exact(nlp, example_doc):
    text = EXAMPLE.read_text(encoding="utf-8")
    assert example_doc.text == text
    for tok in example_doc:
        assert text[tok.idx: tok.idx + len(tok.text)] == tok.text


def test_abbreviations_do_not_split_sentences(nlp):
    text = ("Er traf u. a. Dr. Müller und Prof. Schmidt am 3. Oktober in Berlin. Es ging um ca. 3 Mio. Euro "
            "bzw. 5 Mrd. Dollar, z. B. für Panzer. Dann reiste er ab.")
    assert _sents(nlp, text) == [
        "Er traf u. a. Dr. Müller und Prof. Schmidt am 3. Oktober in Berlin.",
        "Es ging um ca. 3 Mio. Euro bzw. 5 Mrd. Dollar, z. B. für Panzer.",
        "Dann reiste er ab.",
    ]


def test_year_at_sentence_end_is_split_but_ordinal_is_not(nlp):
    doc = nlp("Das war im Jahr 2023. Am 3. Oktober kam er. Der 2. Weltkrieg endete 1945.")
    assert [s.text.strip() for s in doc.sents] == ["Das war im Jahr 2023.", "Am 3. Oktober kam er.",
                                                   "Der 2. Weltkrieg endete 1945."]
    assert "2023" in [t.text for t in doc]  # the period was split off


def test_a_period_after_a_mixed_case_name_or_a_letter_ends_a_sentence(nlp):
    text = "Er stimmte für die AfD. Dann schrieb er auf der Plattform X. Präsident George W. Bush kam. Die XY GmbH. Gut."
    assert _sents(nlp, text) == ["Er stimmte für die AfD.", "Dann schrieb er auf der Plattform X.",
                                 "Präsident George W. Bush kam.", "Die XY GmbH.", "Gut."]


@pytest.mark.parametrize("text, expected", [
    ("„Das ist gut.“ Dann ging er.", ["„Das ist gut.“", "Dann ging er."]),
    ("„Das ist gut“, sagte er. »Nein!« rief sie.", ["„Das ist gut“, sagte er.", "»Nein!« rief sie."]),
    ('"Ja." Dann kam sie. "Wirklich?", fragte er.', ['"Ja."', "Dann kam sie.", '"Wirklich?", fragte er.']),
    ("Scholz: Keine Entsendung\n\nDer Kanzler sprach.", ["Scholz: Keine Entsendung", "Der Kanzler sprach."]),
    ("Nach Art. 3 GG gilt das. Wirklich.", ["Nach Art. 3 GG gilt das.", "Wirklich."]),
    ("Der Abg. Müller sprach. Ca. 300 Menschen kamen.", ["Der Abg. Müller sprach.", "Ca. 300 Menschen kamen."]),
])
def test_quotes_and_headlines(nlp, text, expected):
    assert _sents(nlp, text) == expected


def test_stts_tags_lemmas_and_upos(nlp):
    doc = nlp("Die Abgeordneten lehnten den Antrag der NATO-Staaten ab.")
    tags = {t.text: (t.tag_, t.pos_, t.lemma_) for t in doc}
    assert tags["lehnten"][:2] == ("VVFIN", "VERB")
    assert tags["Antrag"] == ("NN", "NOUN", "Antrag")
    assert tags["ab"][0] == "PTKVZ"
    assert tags["NATO-Staaten"][2] == "NATO-Staat"  # compound lemma keeps its written first part
    assert tags["."][0] == "$."


def _mood(doc, word):
    tok = next(t for t in doc if t.text == word)
    return tok.morph.get("Mood"), tok.morph.get("Tense")


@pytest.mark.parametrize("text, word, mood, tense", [
    ("Er sagte, sein Land lehne einen solchen Einsatz ab.", "lehne", ["Sub"], ["Pres"]),
    ("Ich lehne einen solchen Einsatz ab.", "lehne", ["Ind"], ["Pres"]),
    ("Es sei nicht klug, rote Linien zu ziehen.", "sei", ["Sub"], ["Pres"]),
    ("Es habe schon viele Diskussionen gegeben.", "habe", ["Sub"], ["Pres"]),
    ("Ich habe schon viele Diskussionen erlebt.", "habe", ["Ind"], ["Pres"]),
    ("Habe heute bestellt und bin zufrieden.", "Habe", ["Ind"], ["Pres"]),
    ("Auch eine Gruppe von Ländern könne gemeinsam agieren.", "könne", ["Sub"], ["Pres"]),
    ("Dann würden sie eine Teilnahme in Betracht ziehen.", "würden", ["Sub"], ["Past"]),
    ("Die Soldaten wurden verlegt.", "wurden", ["Ind"], ["Past"]),
    ("Die Präsenz wäre erforderlich.", "wäre", ["Sub"], ["Past"]),
    ("Er erklärte, dass das Aussehen nichts ausmache.", "ausmache", ["Sub"], ["Pres"]),
    ("Sie sagte, die Regierung plane keine Entsendung.", "plane", ["Sub"], ["Pres"]),
    ("Die Regierung plant keine Entsendung.", "plant", ["Ind"], ["Pres"]),
    ("Ich gebe Arbeit ab und bekomme dafür mehr Freizeit.", "bekomme", ["Ind"], ["Pres"]),
    ("Sie müßten mehr tun, sagte er.", "müßten", ["Sub"], ["Past"]),  # pre-1996 spelling
    ("Er muß gehen.", "muß", ["Ind"], ["Pres"]),
])
def test_konjunktiv_vs_indicative(nlp, text, word, mood, tense):
    assert _mood(nlp(text), word) == (mood, tense)


def test_example_article_moods(example_doc):
    sub1 = {t.text for t in example_doc if t.morph.get("Mood") == ["Sub"] and t.morph.get("Tense") == ["Pres"]}
    assert {"sei", "seien", "habe", "könne", "lehne", "wolle", "benötige", "werde"} <= sub1
    sub2 = {t.text for t in example_doc if t.morph.get("Mood") == ["Sub"] and t.morph.get("Tense") == ["Past"]}
    assert {"würde", "müssten", "könnten"} <= sub2
    ind = {t.text for t in example_doc if t.morph.get("Mood") == ["Ind"]}
    assert {"erklärte", "betonte", "hatte", "wurden"} <= ind


def test_entities_in_example(example_doc):
    ents = {(e.text, e.label_) for e in example_doc.ents}
    for expected in [("Scholz", "PER"), ("Anusauskas", "PER"), ("Macron", "PER"), ("Séjourné", "PER"),
                     ("Landsbergis", "PER"), ("Lettland", "GPE"), ("Riga", "GPE"), ("NATO", "ORG"),
                     ("Deutschen Presse-Agentur", "ORG")]:
        assert expected in ents
    assert {e.label_ for e in example_doc.ents} <= {"PER", "ORG", "LOC", "GPE", "MISC"}


def test_role_name_mentions_in_example(example_doc):
    found = {(m._.role, m._.country, m._.name) for m in example_doc.spans["mentions"]}
    assert ("Verteidigungsminister", "Litauen", "Anusauskas") in found
    assert ("Bundeskanzler", None, "Scholz") in found
    assert ("Präsident", "Frankreich", "Macron") in found
    assert ("Außenminister", "Frankreich", "Séjourné") in found
    spokes = [m for m in example_doc.spans["mentions"] if m._.role == "Sprecher"]
    assert spokes and spokes[0]._.country == "Lettland" and spokes[0]._.organisation == "Außenministerium"
    mention = next(m for m in example_doc.spans["mentions"] if m._.name == "Anusauskas")
    assert mention.text == "der litauische Verteidigungsminister Anusauskas"


def test_compound_role_prefixes(nlp):
    doc = nlp("US-Präsident Biden traf SPD-Chef Lars Klingbeil und die Außenministerin Annalena Baerbock.")
    found = {(m._.role, m._.country, m._.organisation, m._.name, m._.gender) for m in doc.spans["mentions"]}
    assert ("US-Präsident", "USA", None, "Biden", None) in found
    assert ("SPD-Chef", "Deutschland", "SPD", "Lars Klingbeil", None) in found
    assert ("Außenminister", None, None, "Annalena Baerbock", "f") in found
    assert ("Lars Klingbeil", "PER") in {(e.text, e.label_) for e in doc.ents}


def test_an_organisation_span_gives_back_the_person_named_after_it(nlp):
    from standpunkt.language.entities import merge_entities

    doc = nlp("Der Vorsitzende der Gewerkschaft Verdi Frank Bsirske lehnte das ab.")
    assert [(e.text, e.label_) for e in doc.ents] == [("Verdi", "ORG"), ("Frank Bsirske", "PER")]
    doc = nlp("Der Chef der Bundesagentur für Arbeit Frank-Jürgen Weise und die San Antonio Spurs")
    spans = merge_entities(doc, [(3, 8, "ORG"), (10, 13, "ORG")], [])
    assert [(e.text, e.label_) for e in spans] == [
        ("Bundesagentur für Arbeit", "ORG"), ("Frank-Jürgen Weise", "PER"), ("San Antonio Spurs", "ORG")]


def test_an_entity_ending_in_a_word_cut_short_goes_on_after_the_conjunction(nlp):
    # "Gesellschaft für Kinder- und Jugendmedizin": the CRF stopped at the truncated word
    from standpunkt.language.entities import merge_entities

    doc = nlp("Die Gesellschaft für Kinder- und Jugendmedizin warnte davor.")
    assert [t.tag_ for t in doc[3:6]] == ["TRUNC", "KON", "NN"]
    spans = merge_entities(doc, [(1, 4, "ORG")], [])
    assert [(e.text, e.label_) for e in spans] == [("Gesellschaft für Kinder- und Jugendmedizin", "ORG")]


def test_a_person_entity_ending_in_a_first_name_takes_the_surname_after_it(nlp):
    from standpunkt.language.entities import merge_entities

    def persons(text: str, *first_names: str) -> list[str]:
        """The entities after the tagger marked only the given first names as persons."""
        doc = nlp(text)
        at = [next(t.i for t in doc if t.text == name) for name in first_names]
        return [e.text for e in merge_entities(doc, [(i, i + 1, "PER") for i in at], [])]

    # after a role, or before a verb or punctuation, the capitalised word is the surname the tagger missed
    assert persons("Das sagte Ministerin Gitta Trauernicht am Montag.", "Gitta") == ["Gitta Trauernicht"]
    assert persons("Gestern hatte Kurt Kuhnke, der Vorsitzende, das Wort.", "Kurt") == ["Kurt Kuhnke"]
    assert persons("Die FDP-Politikerin Elke Hoff riet dem Minister ab.", "Elke") == ["Elke Hoff"]
    # not a noun before a preposition, an article, a role or a place
    assert persons("Seither bekleidete Douglas Posten in Firmen.", "Douglas") == ["Douglas"]
    assert persons("Gestern traf Gisela den Minister. Dann sprach Peter Berlin an.", "Gisela", "Peter") == [
        "Gisela", "Peter"]
    # a first name the tagger left out of every entity takes its surname too ("Zwanziger", an adjective to it)
    doc = nlp("Theo Zwanziger, Präsident des Verbands, nannte die Bewerbung respektabel.")
    assert [(e.text, e.label_) for e in merge_entities(doc, [], [])] == [("Theo Zwanziger", "PER")]
    doc = nlp("Gestern traf Gisela den Minister.")
    assert merge_entities(doc, [], []) == []


def test_a_name_goes_on_past_particles_but_not_into_a_set_phrase(nlp):
    doc = nlp("Das musste Finanzminister Peer Steinbrück zu Beginn der Debatte einräumen. Gestern sagte Kurt von "
              "Figura das. Auch Karl-Theodor zu Guttenberg schwieg.")
    persons = [e.text for e in doc.ents if e.label_ == "PER"]
    assert "Peer Steinbrück" in persons and "Kurt von Figura" in persons
    assert not any("Beginn" in p for p in persons)


def test_a_name_after_a_role_ends_before_an_article(nlp):
    doc = nlp("Der Premierminister Benjamin Netanyahu nannte den Angriff gerechtfertigt. Gleichzeitig empfahl der "
              "Umweltminister Jürgen Trittin den Umstieg. Kommissionspräsidentin Ursula von der Leyen schwieg.")
    assert [e.text for e in doc.ents if e.label_ == "PER"] == [
        "Benjamin Netanyahu", "Jürgen Trittin", "Ursula von der Leyen"]


def test_noun_phrases_keep_names_whole(nlp):
    from spacy.tokens import Span as SpacySpan

    from standpunkt.language.phrases import conjuncts, phrase_at

    doc = nlp("Das Bundesamt für Migration und Flüchtlinge und die Polizei lehnen das ab.")
    doc.ents = [SpacySpan(doc, 1, 6, label="ORG")]
    tokens = list(doc)
    phrase = phrase_at(tokens, 0)  # over the organisation's preposition
    assert [[t.text for t in c] for c in conjuncts(phrase)] == [
        ["Das", "Bundesamt", "für", "Migration", "und", "Flüchtlinge"], ["die", "Polizei"]]
    # two bodies known by themselves that the tagger joined into one entity are two conjuncts
    doc = nlp("Bundestag und Bundesrat lehnen das ab.")
    doc.ents = [SpacySpan(doc, 0, 3, label="ORG")]
    assert [[t.text for t in c] for c in conjuncts(list(doc)[:3])] == [["Bundestag"], ["Bundesrat"]]
    # an item of a list keeps its attribute where more items follow; an apposition with one is no list item
    doc = nlp("Die Ministerin, der Chef der Agentur für Umwelt und der Präsident kamen.")
    assert [t.text for t in phrase_at(list(doc), 0)][-2:] == ["der", "Präsident"]
    doc = nlp("Die Ministerin, Chefin der Agentur für Umwelt, kam.")
    assert [t.text for t in phrase_at(list(doc), 0)] == ["Die", "Ministerin"]
    # a genitive keeps its attribute where another genitive is coordinated after it, and a role the name of its
    # holder in apposition at the end of the sentence
    doc = nlp("Kritik kam seitens der Kirche im Land und des Botschafters von Osttimor, Jose Luis Guterres.")
    phrase = [t.text for t in phrase_at(list(doc), 3)]
    assert phrase[:4] == ["der", "Kirche", "im", "Land"] and phrase[-3:] == ["Jose", "Luis", "Guterres"]
    doc = nlp("Das bestätigte der Präsident Indonesiens, Susilo Bambang Yudhoyono.")
    assert [t.text for t in phrase_at(list(doc), 2)][-3:] == ["Susilo", "Bambang", "Yudhoyono"]
    # an extended attribute between the article and its noun is left out; a quantity is no such attribute
    doc = nlp("Der auf der Konferenz für nukleare Sicherheit anwesende Außenminister Sergei Lawrow reagierte.")
    assert [t.text for t in phrase_at(list(doc), 0)] == ["Der", "Außenminister", "Sergei", "Lawrow"]
    doc = nlp("Die fünf größten Unternehmen kamen.")
    assert [t.text for t in phrase_at(list(doc), 0)] == ["Die", "fünf", "größten", "Unternehmen"]
    # not after a phrase that is no role, nor when the attribute is followed by another case
    doc = nlp("Das bestätigte der Sprecher der Regierung im Land und die Polizei.")
    assert [t.text for t in phrase_at(list(doc), 2)] == ["der", "Sprecher", "der", "Regierung"]
    # the "… ohne Grenzen" organisations are one name
    doc = nlp("Das bestätigte die Organisation Ingenieure ohne Grenzen.")
    assert [t.text for t in phrase_at(list(doc), 2)] == ["die", "Organisation", "Ingenieure", "ohne", "Grenzen"]


def test_pipe_matches_call(nlp):
    texts = ["Scholz sprach in Berlin.", "Die EU sei gespalten, sagte Macron."]
    piped = list(nlp.pipe(texts, batch_size=2))
    for text, doc in zip(texts, piped):
        single = nlp(text)
        assert [(t.text, t.tag_, str(t.morph)) for t in doc] == [(t.text, t.tag_, str(t.morph)) for t in single]
        assert [(e.text, e.label_) for e in doc.ents] == [(e.text, e.label_) for e in single.ents]


def test_pipe_embeds_a_batch_of_new_words_in_one_call(nlp, monkeypatch):
    """nlp.pipe embeds the unseen capitalised words of a whole batch at once (per-call cost dominated cold runs)."""
    from standpunkt.language.wordclusters import get_clusters

    clusters = get_clusters()
    calls: list[list[str]] = []
    encode = clusters._encode
    monkeypatch.setattr(clusters, "_encode", lambda words: calls.append(list(words)) or encode(words))
    texts = ["Zxqvbelmann sprach mit Qorwintaler.", "Die Yrrkowska-Stiftung lud Wexbrunnhof ein.", "Keine."]
    docs = list(nlp.pipe(texts, batch_size=8))
    assert len(calls) == 1
    assert {"Zxqvbelmann", "Qorwintaler", "Yrrkowska-Stiftung", "Wexbrunnhof"} <= set(calls[0])
    for text, doc in zip(texts, docs):
        assert [(e.text, e.label_) for e in doc.ents] == [(e.text, e.label_) for e in nlp(text).ents]


def test_empty_and_whitespace_text(nlp):
    assert len(nlp("")) == 0
    doc = nlp("  \n\n ")
    assert list(doc.ents) == []


@pytest.mark.parametrize("word, country", [
    ("litauische", "Litauen"), ("Riga", "Lettland"), ("französischen", "Frankreich"),
    ("Großbritannien", "Großbritannien"), ("Frankreichs", "Frankreich"), ("Franzosen", "Frankreich"),
    ("US-amerikanischen", "USA"), ("Vereinigten Staaten", "USA"), ("Kyjiw", "Ukraine"), ("Moskaus", "Russland"),
    ("Tisch", None), ("", None),
])
def test_country_for(word, country):
    assert gazetteer.country_for(word) == country


def test_roles_and_organisations():
    assert gazetteer.is_role_noun("Verteidigungsminister")
    assert gazetteer.is_role_noun("Regierungssprecherin")
    assert gazetteer.is_role_noun("Abgeordneten")
    assert not gazetteer.is_role_noun("Tisch")
    info = gazetteer.role_info("Außenministerin")
    assert info is not None and (info.role, info.kind, info.gender) == ("Außenminister", "minister", "f")
    assert gazetteer.party_for("Sozialdemokraten").name == "SPD"
    # parties of other countries by their German names, with their country
    for word, name, country in (("Einheitsliste", "Einheitsliste", "Dänemark"), ("Fine Gael", "Fine Gael", "Irland"),
                                ("Perussuomalaiset", "Wahre Finnen", "Finnland")):
        party = gazetteer.party_for(word)
        assert (party.name, party.country) == (name, country)
    assert gazetteer.organisation_for("Auswärtigen Amt").name == "Auswärtiges Amt"
    assert gazetteer.organisation_for("Außenministeriums").kind == "ministry"
    # multi-word names in any inflection, also in the genitive
    for words in (["Das", "Europäische", "Parlament"][1:], ["Europäischen", "Parlaments"], ["Europäisches", "Parlament"]):
        assert gazetteer.organisation_in(words).name == "Europäisches Parlament", words
    assert gazetteer.organisation_in(["Parlament"]) is None and gazetteer.organisation_in(["Roter", "Platz"]) is None
    assert {"SPD", "CDU", "AfD", "EVP"} <= {p.name for p in gazetteer.parties()}


@pytest.mark.parametrize("word, person", [
    ("Journalistin", True), ("Rechtsanwalt", True), ("Anwältin", True), ("Angeklagten", True), ("52-Jährige", True),
    ("81-jährige", True), ("Hauptgeschäftsführer", True), ("UN-Mitarbeiter", True), ("Minister", True),
    ("Gericht", False), ("Staatsanwaltschaft", False), ("Studie", False), ("Jahre", False), ("Arbeit", False),
])
def test_person_nouns(word, person):
    assert gazetteer.is_person_noun(word) is person


@pytest.mark.parametrize("word, sex", [
    ("Sprecherin", "f"), ("Bundeskanzlerin", "f"), ("UN-Mitarbeiterin", "f"), ("Anwältin", "f"), ("Frau", "f"),
    ("Sprecher", "m"), ("Bundesinnenministers", "m"), ("Präsidenten", "m"), ("Anwalt", "m"), ("Herrn", "m"),
    # one form for both, or no person at all
    ("Vorsitzende", None), ("Gewerkschaftsvorsitzende", None), ("Angeklagte", None), ("Mitglied", None),
    ("52-Jährige", None), ("Entscheidung", None),
])
def test_person_gender(word, sex):
    assert gazetteer.person_gender(word) == sex


def test_first_name_sex():
    assert [gazetteer.first_name_sex(n) for n in ("Gisela", "Jörg", "Hans-Jürgen", "Andrea", "Kim", "Xyz")] == [
        "f", "m", "m", None, None, None]
    # the name rules read both lists
    assert gazetteer.is_given_name("Gesine") and gazetteer.is_given_name("Hans-Joachim")
    assert not gazetteer.is_first_name("Gesine")  # the NER features keep the list they were trained with


def test_mentions_with_particles_brackets_and_appositions(nlp):
    doc = nlp("EU-Kommissionspräsidentin Ursula von der Leyen sprach mit Kanzler Olaf Scholz (SPD). "
              "Die Abgeordnete der Linken, Sahra Wagenknecht, kritisierte das. "
              "Der Präsident der Ukraine, der gestern kam, sprach mit dem CDU-Vorsitzenden Friedrich Merz.")
    found = {(m._.role, m._.organisation, m._.country, m._.name) for m in doc.spans["mentions"]}
    assert ("EU-Kommissionspräsident", "Europäische Union", None, "Ursula von der Leyen") in found
    assert ("Kanzler", "SPD", None, "Olaf Scholz") in found
    assert ("Abgeordneter", "Die Linke", "Deutschland", "Sahra Wagenknecht") in found
    assert ("Präsident", None, "Ukraine", None) in found  # ", der gestern kam" is no name
    assert ("CDU-Vorsitzender", "CDU", "Deutschland", "Friedrich Merz") in found
    assert ("Ursula von der Leyen", "PER") in {(e.text, e.label_) for e in doc.ents}


def test_verb_lemma_joins_separated_particles(nlp):
    doc = nlp("Ein Sprecher teilte auf Anfrage mit, sein Land lehne das ab, weil es weist darauf hin.")
    lemmas = {t.text: t._.verb_lemma for t in doc if t._.verb_lemma}
    assert lemmas["teilte"] == "mitteilen"
    assert lemmas["lehne"] == "ablehnen"
    assert lemmas["weist"] == "hinweisen"
    assert doc[0]._.verb_lemma is None  # not a verb
