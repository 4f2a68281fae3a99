"""code_statements over the example article with hand-built quotations (independent of the quotation model)."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from standpunkt.actors import Registry, load_registry
from standpunkt.actors.registry import RegistryActor
from standpunkt.model import Document, Quotation, Span
from standpunkt.stance import load_codebook
from standpunkt.stance.statements import code_statements, match_pattern
from standpunkt.stance.codebook import parse_keyword

REPO = Path(__file__).resolve().parents[1]
TEXT = (REPO / "examples" / "bodentruppen.txt").read_text(encoding="utf-8")
CODEBOOK = REPO / "examples" / "codebooks" / "bodentruppen.yaml"


def span(fragment: str) -> Span:
    start = TEXT.index(fragment)
    return Span(start, start + len(fragment))


def quote(message: str, speaker: str | None, cue: str, frame: str, name: str | None = None) -> Quotation:
    return Quotation(form="Indirect", message=[span(message)], speaker=[span(speaker)] if speaker else [],
                     cue=[span(cue)], frame=[span(frame)], speaker_name=name)


QUOTES = [
    quote("sei das letzte Wort mit Blick auf einen Einsatz von Bodentruppen noch nicht gesprochen",
          "der litauische Minister", "betonte",
          "Trotz der Absagen mehrerer westlicher Politiker, darunter Bundeskanzler Scholz,", "Landsbergis"),
    quote("sein Land lehne einen solchen Einsatz nicht grundsätzlich ab, sofern sich westliche Soldaten nicht an "
          "direkten Kampfhandlungen beteiligten und stattdessen anderweitig vor Ort unterstützten",
          "der litauische Verteidigungsminister Anusauskas", "erklärt",
          "Zuvor hatte bereits der litauische Verteidigungsminister Anusauskas erklärt,"),
    quote("sollte es eine Einigung der NATO-Verbündeten geben, würde Lettland eine Teilnahme in Betracht ziehen",
          "Ein Sprecher des Außenministeriums in Riga", "teilte",
          "Ein Sprecher des Außenministeriums in Riga teilte auf Anfrage der Deutschen Presse-Agentur mit,"),
    quote("Als deutscher Bundeskanzler werde ich keine Soldaten unserer Bundeswehr in die Ukraine entsenden.",
          "Bundeskanzler Scholz", "erklärte", "Bundeskanzler Scholz erklärte in einer Videobotschaft:"),
    quote("dass man nicht beabsichtige, Soldaten in das von Russland angegriffene Land zu schicken", None,
          "erklärten", "Neben Deutschland erklärten unter anderem auch Großbritannien, Spanien und Schweden,"),
    quote("Dies könne eine Präsenz auf ukrainischem Territorium erforderlich machen, ohne die Schwelle zu einer "
          "Kriegsbeteiligung zu überschreiten", "Séjourné", "erklärte", ", erklärte Séjourné"),
]


@pytest.fixture(scope="module")
def doc():
    from standpunkt.language import build_nlp

    return build_nlp(entities=False)(TEXT)


@pytest.fixture(scope="module")
def document():
    return Document(text=TEXT, published=datetime(2024, 2, 27, 12, tzinfo=timezone.utc))


def _by_actor(statements):
    out: dict[str, set[str]] = {}
    for s in statements:
        out.setdefault(s.actor.name, set()).add(s.agreement)
    return out


def test_statements_from_hand_built_quotations(doc, document):
    statements = code_statements(document, doc, QUOTES, load_codebook(CODEBOOK), load_registry(None))
    ground = [s for s in statements if s.concept == "bodentruppen"]
    by_actor = _by_actor(ground)
    assert by_actor["Gabrielius Landsbergis"] == {"support"}
    assert by_actor["Arvydas Anušauskas"] == {"conditional"}
    assert by_actor["Außenministerium Lettland"] == {"conditional"}
    assert by_actor["Olaf Scholz"] == {"oppose"}
    for country in ("Großbritannien", "Spanien", "Schweden"):
        assert by_actor[country] == {"oppose"}
    assert by_actor["Stéphane Séjourné"] == {"conditional"}
    anusauskas = next(s for s in ground if s.actor.name == "Arvydas Anušauskas")
    assert [c.text(TEXT) for c in anusauskas.condition] == [
        "sofern sich westliche Soldaten nicht an direkten Kampfhandlungen beteiligten und stattdessen anderweitig "
        "vor Ort unterstützten"]
    latvia = next(s for s in ground if s.actor.country == "Lettland" and s.quotation == 2)
    assert latvia.actor.candidate and latvia.actor.kind == "organisation"
    assert [c.text(TEXT) for c in latvia.condition] == ["sollte es eine Einigung der NATO-Verbündeten geben"]
    for s in statements:
        assert s.evidence and s.date is not None and 0 < s.confidence <= 1


def test_reported_positions_without_quotations(doc, document):
    """Macron's and Latvia's positions are reported, not quoted: they are coded from the sentences."""
    statements = code_statements(document, doc, [], load_codebook(CODEBOOK), load_registry(None))
    by_actor = _by_actor(s for s in statements if s.concept == "bodentruppen")
    assert by_actor.get("Emmanuel Macron") == {"support"}
    assert by_actor.get("Lettland") == {"support"}
    assert all(s.quotation is None for s in statements)


def test_unknown_speakers_become_candidates_with_an_empty_registry(doc, document):
    statements = code_statements(document, doc, QUOTES[1:2], load_codebook(CODEBOOK), Registry([]))
    actor = statements[0].actor
    assert (actor.name, actor.role, actor.country, actor.candidate) == \
        ("Anusauskas", "Verteidigungsminister", "Litauen", True)


def test_off_topic_quotation_gives_no_statement(doc, document):
    q = quote("dass die geopolitische Krise die größte Bedrohung Europas sei", "Er", "wies darauf hin",
              "Er wies darauf hin,", "Landsbergis")
    statements = code_statements(document, doc, [q], load_codebook(CODEBOOK), load_registry(None))
    assert [s for s in statements if s.quotation == 0] == []
    assert "Gabrielius Landsbergis" not in {s.actor.name for s in statements}


def _scoped(tmp_path, scope_yaml: str, issue_scope: str = "") -> object:
    """The ground-troops codebook with a scope for the whole codebook and/or its issue."""
    text = CODEBOOK.read_text(encoding="utf-8").replace("issues:\n", f"{scope_yaml}issues:\n", 1)
    if issue_scope:
        text = text.replace("  - id: ukraine-krieg\n", f"  - id: ukraine-krieg\n    scope: {issue_scope}\n", 1)
    path = tmp_path / "scoped.yaml"
    path.write_text(text, encoding="utf-8")
    return load_codebook(path)


def test_scope_decides_whether_a_document_is_coded(doc, document, tmp_path):
    def coded(codebook) -> int:
        return len(code_statements(document, doc, QUOTES, codebook, load_registry(None)))

    everything = coded(load_codebook(CODEBOOK))
    assert everything >= len(QUOTES)
    assert coded(_scoped(tmp_path, "scope: ['Ukraine|ukrainisch*']\n")) == everything
    # "Ukraine" is in more than two sentences of the article, "Flüchtling" in none, "Riga" in one
    assert coded(_scoped(tmp_path, "scope: {keywords: [Ukraine], min_sentences: 2}\n")) == everything
    assert coded(_scoped(tmp_path, "scope: ['*flüchtling*|Asyl*']\n")) == 0
    assert coded(_scoped(tmp_path, "scope: {keywords: [Riga], min_sentences: 2}\n")) == 0
    assert coded(_scoped(tmp_path, "", issue_scope="['*flüchtling*']")) == 0
    assert coded(_scoped(tmp_path, "scope: [Ukraine]\n", issue_scope="[Riga]")) == everything


def _actor_of(text: str, speaker: str):
    """The actor of a quotation by ``speaker`` whose message runs from "man solle" to the end of ``text``."""
    from standpunkt.language import build_nlp

    doc = build_nlp(entities=False)(text)
    m, sp = text.index("man solle"), text.index(speaker)
    q = Quotation(form="Indirect", message=[Span(m, len(text) - 1)], speaker=[Span(sp, sp + len(speaker))])
    document = Document(text=text, published=datetime(2024, 2, 27, tzinfo=timezone.utc))
    statements = code_statements(document, doc, [q], load_codebook(CODEBOOK), Registry([]))
    return next(s.actor for s in statements if s.quotation == 0)


def test_a_surname_takes_the_full_name_the_article_gives():
    duel = "Im Fernsehduell traf Ministerpräsident José Luis Rodríguez Zapatero auf Mariano Rajoy. "
    actor = _actor_of(duel + "Rajoy sagte, man solle Bodentruppen in die Ukraine entsenden.", "Rajoy")
    assert (actor.name, actor.candidate, actor.aliases) == ("Mariano Rajoy", True, ["Rajoy"])
    # "Rajoy Zapatero": subject and object side by side are two people, the first one speaks
    actor = _actor_of(duel + "Rajoy Zapatero sagte, man solle Bodentruppen in die Ukraine entsenden.",
                      "Rajoy Zapatero")
    assert actor.name == "Mariano Rajoy"
    # a first name and a surname are one person, also beside someone whose surname is that first name
    duel = "Bundeskanzler Gerhard Schröder traf Wolfgang Gerhard. Danach sprach Schröder. "
    actor = _actor_of(duel + "Gerhard Schröder sagte, man solle Bodentruppen in die Ukraine entsenden.",
                      "Gerhard Schröder")
    assert actor.name == "Gerhard Schröder"


def test_a_quotation_by_a_surname_takes_the_full_name_coreference_gives():
    from standpunkt.actors import resolve_speaker

    text = "Barack Obama kam nach Berlin. Obama sagte, man solle warten."
    s, m = text.index("Obama sagte"), text.index("man solle")
    q = Quotation(form="Indirect", speaker=[Span(s, s + 5)], message=[Span(m, len(text) - 1)],
                  speaker_name="Barack Obama")
    assert resolve_speaker(q, None, Document(text=text), Registry([])).name == "Barack Obama"


def test_a_role_speaking_somewhere_is_the_person_coreference_names_not_the_place():
    from standpunkt.actors import load_registry, resolve_speaker

    text = "Ina Roth ist Ministerin. Man müsse handeln, sagte die Ministerin im Bundestag."
    s, m = text.index("die Ministerin"), text.index("Man müsse")
    q = Quotation(form="Indirect", speaker=[Span(s, len(text) - 1)], message=[Span(m, m + 17)],
                  speaker_name="Ina Roth")
    actor = resolve_speaker(q, None, Document(text=text), load_registry())
    assert (actor.name, actor.role) == ("Ina Roth", "Minister")
    # whom a role speaks for stays the actor when no place follows ("der Sprecher des Bundestags")
    text = "Man müsse handeln, sagte der Sprecher des Bundestags."
    s = text.index("der Sprecher")
    q = Quotation(form="Indirect", speaker=[Span(s, len(text) - 1)], message=[Span(0, 17)], speaker_name="Ina Roth")
    assert resolve_speaker(q, None, Document(text=text), load_registry()).kind != "person"


def test_a_role_the_tagger_took_for_a_name_is_no_part_of_the_full_name():
    from standpunkt.actors.names import full_names
    from standpunkt.language import build_nlp

    nlp = build_nlp()
    doc = nlp("Trigema-Chef Wolfgang Grupp kritisierte die Pläne. Grupp sagte, man solle warten.")
    assert [t.tag_ for t in doc[:3]] == ["NE", "NE", "NE"]  # what made "Trigema-Chef Wolfgang Grupp" a name
    assert full_names(doc) == {"Grupp": {"Wolfgang Grupp"}}
    assert full_names(nlp("Richter Seidling wies die Klage ab.")) == {}  # a surname alone stays a surname


def test_full_names_from_person_entities_and_genitives():
    """A person entity from a first name on is a full name where the tagger did not tag every word a name ("Obama"
    as foreign material), and a full name in the genitive is that name ("Anhänger Saddam Husseins")."""
    from spacy.tokens import Span as SpacySpan

    from standpunkt.actors.names import DocumentNames
    from standpunkt.language import build_nlp
    from standpunkt.model import Actor

    doc = build_nlp(entities=False)("Gestern sprach Barack Obama. Danach lachte Ruiz-Jarabo Colomer.")
    for t in doc:
        t.tag_ = {"Obama": "FM", "Ruiz-Jarabo": "NN", "Colomer": "NN"}.get(t.text, t.tag_)
    barack = next(t.i for t in doc if t.text == "Barack")
    ruiz = next(t.i for t in doc if t.text == "Ruiz-Jarabo")
    doc.ents = [SpacySpan(doc, barack, barack + 2, "PER"), SpacySpan(doc, ruiz, ruiz + 2, "PER")]
    names = DocumentNames(doc)
    person = lambda name: Actor(name=name, kind="person", candidate=True)  # noqa: E731
    assert names.complete(person("Obamas")).name == "Barack Obama"
    assert names.complete(person("Barack Obamas")).name == "Barack Obama"
    assert "Colomer" not in names.full_names  # no first name: maybe a part the entity layer cut off


def test_a_name_with_particles_is_one_full_name():
    """ "Marcelo Rebelo de Sousa" is a full name; "Rebelo de Sousa" later is that person, not another."""
    from standpunkt.actors.names import DocumentNames
    from standpunkt.language import build_nlp
    from standpunkt.model import Actor

    doc = build_nlp()("Präsident Marcelo Rebelo de Sousa sprach. Danach lachte Rebelo de Sousa.")
    names = DocumentNames(doc)
    assert "Marcelo Rebelo de Sousa" in names.all_full
    assert names.complete(Actor(name="Rebelo de Sousa", kind="person", candidate=True)).name == \
        "Marcelo Rebelo de Sousa"


def test_an_acronym_takes_the_name_the_article_spells_out():
    actor = _actor_of("Die Menschenrechtsorganisation Human Rights Watch (HRW) beobachtet den Krieg in der Ukraine. "
                      "Die HRW forderte, man solle keine Bodentruppen in die Ukraine entsenden.", "Die HRW")
    assert (actor.name, actor.kind, actor.aliases) == ("Human Rights Watch", "organisation", ["HRW"])


def test_keyword_patterns(doc):
    tokens = list(doc)
    assert match_pattern(parse_keyword("Bodentruppe", "t", "t"), tokens)
    assert match_pattern(parse_keyword("*soldat & entsenden|schicken", "t", "t"), tokens)
    assert match_pattern(parse_keyword("rote Linie", "t", "t"), tokens)
    assert not match_pattern(parse_keyword("Panzer & liefern", "t", "t"), tokens)
    # wildcards at either end; the forms cached on the doc answer a sub-sequence of the same tokens as well
    assert match_pattern(parse_keyword("*truppen", "t", "t"), tokens)
    assert match_pattern(parse_keyword("boden*", "t", "t"), tokens)
    assert match_pattern(parse_keyword("*dentrup*", "t", "t"), tokens)
    assert not match_pattern(parse_keyword("*dentrup", "t", "t"), tokens)
    bodentruppen = [t for t in tokens if t.text.lower().startswith("bodentrupp")]
    assert bodentruppen and match_pattern(parse_keyword("Bodentruppe", "t", "t"), bodentruppen[:1])
    assert not match_pattern(parse_keyword("rote Linie", "t", "t"), bodentruppen[:1])


def test_sentence_of_is_the_tokens_sentence(doc):
    from standpunkt.stance.statements import _sentence_of

    assert len(list(doc.sents)) > 3
    for t in doc:
        sent = _sentence_of(doc, t.i)
        assert (sent.start, sent.end) == (t.sent.start, t.sent.end)


# ------------------------------------------------------------------------------------------ trained codebooks
MIGRATION = ("CSU-Chef Horst Seehofer forderte erneut eine Obergrenze für Flüchtlinge. "
             "Innenminister de Maizière erklärte, abgelehnte Asylbewerber müssten schneller abgeschoben werden.")


def test_news_agencies_report_positions_but_hold_none():
    """Quotations attributed to dpa (registry: media) or to "die Zeitung …" (inferred) are not their statements."""
    from standpunkt.language import build_nlp

    text = ("Die Bundesregierung will die Zahl der Flüchtlinge begrenzen. Nach Angaben der Deutschen Presse-Agentur "
            "sollen abgelehnte Asylbewerber schneller abgeschoben werden. Die Zeitung Neues Blatt forderte, "
            "abgelehnte Asylbewerber müssten schneller abgeschoben werden.")
    doc = build_nlp(entities=False)(text)

    def q(message: str, speaker: str) -> Quotation:
        m, s = text.index(message), text.index(speaker)
        return Quotation(form="Indirect", message=[Span(m, m + len(message))], speaker=[Span(s, s + len(speaker))])

    quotes = [q("sollen abgelehnte Asylbewerber schneller abgeschoben werden", "der Deutschen Presse-Agentur"),
              q("abgelehnte Asylbewerber müssten schneller abgeschoben werden", "Die Zeitung Neues Blatt")]
    document = Document(text=text, published=datetime(2015, 10, 1, tzinfo=timezone.utc))
    codebook = load_codebook(REPO / "examples" / "codebooks" / "debatenet-mig15.yaml")
    registry = load_registry(None)
    statements = code_statements(document, doc, quotes, codebook, registry)
    assert [s for s in statements if s.quotation is not None] == []
    # the same quotation is coded when its speaker is an organisation the registry does not mark as media
    not_media = Registry([*registry.actors, RegistryActor(name="Neues Blatt", kind="organisation")])
    plain = [q("abgelehnte Asylbewerber müssten schneller abgeschoben werden", "Neues Blatt")]
    assert [s.actor.name for s in code_statements(document, doc, plain, codebook, not_media)] == ["Neues Blatt"]
    marked = Registry([*registry.actors, RegistryActor(name="Neues Blatt", kind="organisation", media=True)])
    assert code_statements(document, doc, plain, codebook, marked) == []


def test_an_outlet_named_by_its_kind_holds_no_reported_position():
    """"Das Magazin Focus lehnt … ab": the actor is "Focus", but the subject says it is a magazine."""
    from standpunkt.language import load_nlp

    codebook = load_codebook(CODEBOOK)
    for subject, expected in (("Die Bundesregierung", ["Bundesregierung"]), ("Das Magazin Focus", [])):
        text = (f"Die Debatte um Bodentruppen für die Ukraine geht weiter. {subject} lehnt den Einsatz von "
                "Bodentruppen in der Ukraine ab.")
        document = Document(text=text, published=datetime(2024, 2, 27, tzinfo=timezone.utc))
        statements = code_statements(document, load_nlp()(text), [], codebook, load_registry(None))
        assert [s.actor.name for s in statements] == expected, subject


def test_shipped_debatenet_model_codes_migration_statements():
    from standpunkt.language import build_nlp

    doc = build_nlp(entities=False)(MIGRATION)
    start = MIGRATION.index("abgelehnte")
    end = MIGRATION.index(" werden.") + len(" werden")
    q = Quotation(form="Indirect", message=[Span(start, end)],
                  speaker=[Span(MIGRATION.index("Innenminister"), MIGRATION.index(" erklärte"))])
    document = Document(text=MIGRATION, published=datetime(2015, 10, 1, tzinfo=timezone.utc))
    codebook = load_codebook(REPO / "examples" / "codebooks" / "debatenet-mig15.yaml")
    got = {(s.actor.name, s.concept, s.agreement) for s in code_statements(document, doc, [q], codebook,
                                                                            load_registry(None))}
    assert ("Thomas de Maizière", "c207", "support") in got  # Abschiebungen
    assert ("Horst Seehofer", "c102", "support") in got  # Begrenzung/Obergrenze (reported)


def test_classifier_round_trip(tmp_path):
    from standpunkt.stance.classifier import LabelledStatement, StatementClassifier

    data = [LabelledStatement(f"{w} sollen {v} werden", concept=c, issue="i", agreement=a, actor=f"A{n % 3}")
            for n, (w, v, c, a) in enumerate([
                ("Flüchtlinge", "abgeschoben", "abschiebung", "support"),
                ("Asylbewerber", "zurückgeschickt", "abschiebung", "support"),
                ("Migranten", "nicht abgeschoben", "abschiebung", "oppose"),
                ("Flüchtlinge", "nicht ausgewiesen", "abschiebung", "oppose"),
                ("Grenzen", "kontrolliert", "grenze", "support"),
                ("Grenzen", "nicht geschlossen", "grenze", "oppose"),
                ("Zäune", "gebaut", "grenze", "support"),
                ("Zäune", "nicht errichtet", "grenze", "oppose"),
                ("Kinder", "integriert", "integration", "support"),
                ("Sprachkurse", "ausgebaut", "integration", "support"),
                ("Integrationskurse", "gekürzt", "integration", "oppose"),
                ("Schulen", "nicht geöffnet", "integration", "oppose")])]
    clf = StatementClassifier().fit(data)
    clf.save(tmp_path / "m")
    again = StatementClassifier.load(tmp_path / "m")
    texts = ["Abgelehnte Flüchtlinge sollen abgeschoben werden", "Die Grenzen sollen kontrolliert werden"]
    before, after = clf.predict_concepts(texts), again.predict_concepts(texts)
    assert [c for c, _ in after] == [c for c, _ in before] == ["abschiebung", "grenze"]
    assert [p for _, p in after] == pytest.approx([p for _, p in before], abs=1e-2)  # float16 weights
    assert [a for a, _ in again.predict_agreements(data[:4], ["abschiebung"] * 4)] == \
        [a for a, _ in clf.predict_agreements(data[:4], ["abschiebung"] * 4)]


PROBE = ("Bundesverteidigungsminister Boris Pistorius hat eine Entsendung deutscher Soldaten in die Ukraine "
         "ausgeschlossen. Polens Ministerpräsident Donald Tusk sagte dagegen, man solle die Entsendung von Truppen "
         "nicht ausschließen. Die Grünen-Verteidigungspolitikerin Sara Nanni forderte, keine Bodentruppen zu "
         "schicken. Ein Sprecher der Bundesregierung sagte, Deutschland werde sich nicht an einer solchen Mission "
         "beteiligen. Der Kreml warnte vor einer direkten Konfrontation mit der NATO, falls westliche Soldaten in "
         "die Ukraine geschickt würden.")


def test_document_context_is_the_mean_of_the_other_statements():
    import numpy as np

    from standpunkt.stance.classifier import document_context

    scores = np.array([[1.0, 0.0], [0.0, 1.0], [0.0, 3.0], [5.0, 5.0]])
    ctx = document_context(scores, ["a", "a", "a", "b"])
    assert ctx.tolist() == [[0.0, 2.0], [0.5, 1.5], [0.5, 0.5], [0.0, 0.0]]  # "b" is alone: no context
    with pytest.raises(ValueError):
        document_context(scores, ["a"])


def test_concept_views_average_to_one_linear_model():
    import numpy as np
    from scipy.sparse import random as sparse_random

    from standpunkt.stance.classifier import _Linear

    rng = np.random.default_rng(3)
    X = sparse_random(60, 12, density=0.5, format="csr", random_state=4)
    y = [str(v) for v in rng.integers(0, 3, 60)]
    views = [slice(0, 5), slice(5, 12)]
    joined = _Linear.fit_views(X, y, views)
    separate = [_Linear.fit(X[:, v], y) for v in views]
    expected = sum(m.scores(X[:, v]) for m, v in zip(separate, views)) / 2
    assert np.allclose(joined.scores(X), expected, atol=1e-5)


def test_other_statements_of_the_document_decide_an_ambiguous_one():
    from standpunkt.stance.classifier import LabelledStatement, StatementClassifier

    topics = {"grenze": ["Grenzkontrollen", "Grenzzäune", "Grenzschließungen", "Grenzposten"],
              "integration": ["Sprachkurse", "Integrationskurse", "Kitaplätze", "Schulplätze"]}
    data = [LabelledStatement(f"Wir fordern mehr {w} {suffix}", concept=c, agreement="support")
            for c, words in topics.items() for w in words for suffix in ("sofort", "überall", "jetzt")]
    clf = StatementClassifier().fit(data)
    texts = ["Das lehnen wir strikt ab", "Wir fordern mehr Grenzkontrollen", "Grenzzäune sind nötig"]
    in_document = clf.predict_concepts(texts, groups=["d"] * 3)
    assert [c for c, _ in in_document] == ["grenze"] * 3
    other = clf.predict_concepts([texts[0], "Wir fordern mehr Sprachkurse", "Integrationskurse sind nötig"],
                                 groups=["d"] * 3)
    assert other[0][0] == "integration"


def test_many_concepts_issue_model_with_a_concept_svm(tmp_path):
    """Above MAX_LINEAR_CONCEPTS the ensemble scores issues and the character SVM the concepts within them."""
    from standpunkt.stance.classifier import MAX_LINEAR_CONCEPTS, LabelledStatement, StatementClassifier

    issues = {"grenze": ["Zaun", "Kontrolle", "Grenzposten", "Transitzone", "Stacheldraht", "Schlagbaum",
                         "Hotspot", "Frontex"],
              "arbeit": ["Mindestlohn", "Praktikum", "Lehrstelle", "Berufsschule", "Arbeitserlaubnis",
                         "Vorrangprüfung", "Zeitarbeit", "Handwerk"],
              "wohnen": ["Turnhalle", "Zeltlager", "Container", "Kaserne", "Sozialwohnung", "Wohnheim",
                         "Notunterkunft", "Mietpreis"],
              "schule": ["Sprachkurs", "Willkommensklasse", "Kita", "Lehrer", "Schulbuch", "Hausaufgabe",
                         "Schulpflicht", "Nachhilfe"]}
    data = [LabelledStatement(f"{lead} {word} {tail}", concept=word.lower(), issue=issue, agreement=agr)
            for issue, words in issues.items() for word in words
            for lead, tail, agr in (("Wir fordern mehr", "sofort", "support"), ("Wir lehnen", "ab", "oppose"),
                                    ("Es braucht", "überall", "support"))]
    assert len({d.concept for d in data}) > MAX_LINEAR_CONCEPTS
    clf = StatementClassifier().fit(data)
    assert clf.concept_level == "issue" and clf.fine_model is not None and not clf.centroids
    texts = ["Die Stadt braucht eine neue Turnhalle", "Mehr Frontex an den Außengrenzen", "Der Mindestlohn gilt"]
    got = clf.predict_concepts(texts)
    assert [c for c, _ in got] == ["turnhalle", "frontex", "mindestlohn"]
    assert clf.predict_issues(texts) == ["wohnen", "grenze", "arbeit"]
    clf.save(tmp_path / "m")
    again = StatementClassifier.load(tmp_path / "m")
    assert [c for c, _ in again.predict_concepts(texts)] == [c for c, _ in got]


def test_other_phrasings_of_the_same_debate():
    """Text written for this test: 'sagte dagegen', context concepts, a condition that states the concept."""
    from standpunkt.language import build_nlp

    doc = build_nlp(entities=False)(PROBE)

    def sp(fragment: str) -> Span:
        start = PROBE.index(fragment)
        return Span(start, start + len(fragment))

    def q(speaker: str, cue: str, message: str) -> Quotation:
        return Quotation(form="Indirect", speaker=[sp(speaker)], cue=[sp(cue)], message=[sp(message)],
                         frame=[sp(PROBE[PROBE.index(speaker):PROBE.index(message)])])

    quotes = [q("Polens Ministerpräsident Donald Tusk", "sagte", "man solle die Entsendung von Truppen nicht "
                "ausschließen"),
              q("Die Grünen-Verteidigungspolitikerin Sara Nanni", "forderte", "keine Bodentruppen zu schicken"),
              q("Ein Sprecher der Bundesregierung", "sagte", "Deutschland werde sich nicht an einer solchen Mission "
                "beteiligen"),
              q("Der Kreml", "warnte", "falls westliche Soldaten in die Ukraine geschickt würden")]
    document = Document(text=PROBE, published=datetime(2024, 3, 1, tzinfo=timezone.utc))
    got = {s.actor.name: (s.agreement, [c.text(PROBE) for c in s.condition])
           for s in code_statements(document, doc, quotes, load_codebook(CODEBOOK), load_registry(None))
           if s.concept == "bodentruppen"}
    assert got["Donald Tusk"] == ("support", [])
    assert got["Sara Nanni"] == ("oppose", [])
    assert got["Bundesregierung"] == ("oppose", [])  # concept from the sentence before
    assert got["Kreml"] == ("oppose", [])  # the condition restates the concept: opposition, not conditional
    assert got["Boris Pistorius"] == ("oppose", [])  # reported: "hat … ausgeschlossen"


# ---------------------------------------------------------------- reported clauses and the statement model (issue 13)
def _reported(sentence: str) -> list[tuple[list[str], str]]:
    from standpunkt.language import load_nlp
    from standpunkt.stance.reported import reported_clauses

    doc = load_nlp()(sentence)
    tokens = [t for t in doc if not t.is_space]
    return [([a.name for a in c.actors], " ".join(t.text for t in c.tokens))
            for c in reported_clauses(tokens, None, load_registry(None))]


@pytest.mark.parametrize("sentence, expected", [
    # a stance noun that comes from someone is their position, in either order
    ("Kritik kam auch von der Opposition und den Gewerkschaften.",
     [(["Opposition", "Gewerkschaften"], "Kritik kam auch von der Opposition und den Gewerkschaften")]),
    ("Aus der FDP kommt Widerspruch gegen den Plan.", [(["FDP"], "Aus der FDP kommt Widerspruch gegen den Plan")]),
    # an ampersand inside an organisation's name joins it ("Procter & Gamble")
    ("Die Firma Procter & Gamble lehnte das ab.", [(["Procter & Gamble"], "Die Firma Procter & Gamble lehnte das ab")]),
    # what comes without a stance word is no position ("Der Bus kam aus Berlin")
    ("Der Antrag kam aus dem Ausschuss.", []),
])
def test_a_stance_that_comes_from_someone_is_theirs(sentence, expected):
    assert _reported(sentence) == expected


def test_coordinated_subjects_are_one_actor_each():
    (names, _), = _reported("Die Europäische Union und die Vereinigten Staaten unterstützen den Plan.")
    assert names == ["Europäische Union", "USA"]
    # two countries side by side with no conjunction: the second is the object
    (names, _), = _reported("Zuvor hatten bereits Kanada und Australien Palästina anerkannt.")
    assert names == ["Kanada", "Australien"]
    # the gazetteer knows the journalists' union, in the dative too
    (names, _), = _reported("Zustimmung kam vom Deutschen Journalisten-Verband.")
    assert names == ["Deutscher Journalisten-Verband"]


@pytest.mark.parametrize("sentence, name", [
    ("Die Deutsche Bahn wies die Kritik zurück.", "Deutsche Bahn"),
    ("Am Montag forderte die Deutsche Umwelthilfe strengere Kontrollen.", "Deutsche Umwelthilfe"),
    ("Die Freien Wähler lehnen den Plan ab.", "Freie Wähler"),
    ("Die Deutsche Gesellschaft für Luft- und Raumfahrt lehnt den Plan ab.",
     "Deutsche Gesellschaft für Luft- und Raumfahrt"),
])
def test_an_organisation_named_by_a_capitalised_adjective_and_a_noun_is_a_subject(sentence, name):
    # the noun of "Deutsche Bahn" is part of a name, not a thing; and "Deutsche" does not make it the country
    assert [names for names, _ in _reported(sentence)] == [[name]]


def test_subject_after_a_leading_clause_and_a_collective_body():
    got = _reported("Trotz heftiger Kritik, die laut geworden war, plant die Bundesregierung, das Gesetz zu ändern.")
    assert any(names == ["Bundesregierung"] and "ändern" in text for names, text in got)
    (names, _), = _reported("Die parlamentarische Opposition wies die Änderungen strikt zurück.")
    assert names == ["parlamentarische Opposition"]


def test_a_conjunction_stands_before_the_second_main_clauses_subject():
    got = _reported("Der Rat lehnte das Gesetz ab, und die Organisation Amnesty International rief Polen auf, das Verbot "
                    "nicht durchzusetzen.")
    assert [names for names, _ in got] == [["Rat"], ["Amnesty International"]]
    # a copula with an evaluative predicate judges its subject, which holds no position by it
    assert _reported("Aber Polen ist zu wichtig im Kampf gegen den Schmuggel.") == []
    assert [names for names, _ in _reported("Aber Polen ist gegen den Plan.")] == [["Polen"]]
    got = _reported("Nach Angaben des Bürgermeisters Hans Muster sei der Zustand der Brücke gut.")  # the source judges
    assert [names for names, _ in got] == [["Hans Muster"]]


def test_relative_and_asserting_clauses_report_their_subject():
    got = _reported("Die Grenze zu Indonesien, das eine Beteiligung an der Mission ablehnt, wurde geschlossen.")
    assert (["Indonesien"], "eine Beteiligung an der Mission ablehnt") in got
    got = _reported("Während Venezuela den Plan ablehnt, zählt Brasilien zu seinen Befürwortern.")
    assert any(names == ["Venezuela"] for names, _ in got)


def test_a_named_person_with_a_party_in_brackets_is_the_person():
    from standpunkt.actors.resolve import resolve_mention

    actor = resolve_mention("Finanzminister Karl Muster (SPD)", None, load_registry(None))
    assert (actor.name, actor.kind, actor.party) == ("Karl Muster", "person", "SPD")
    assert resolve_mention("die SPD", None, load_registry(None)).name == "SPD"


def test_one_statement_per_actor_and_concept():
    from standpunkt.model import Actor, Span, Statement
    from standpunkt.stance.statements import merge_statements

    a = Actor(name="A")
    merged = merge_statements([
        Statement(a, "c", "neutral", evidence=[Span(0, 5)], confidence=0.9),
        Statement(a, "c", "oppose", evidence=[Span(10, 20)], confidence=0.6),
        Statement(a, "c", "oppose", evidence=[Span(30, 40)], quotation=2, confidence=0.7),
        Statement(a, "d", "support", evidence=[Span(50, 60)]),
    ])
    by_concept = {s.concept: s for s in merged}
    assert len(merged) == 2 and by_concept["c"].agreement == "oppose"
    assert by_concept["c"].evidence == [Span(10, 20), Span(30, 40)] and by_concept["c"].quotation == 2


def test_a_rejection_of_two_concepts_codes_both(tmp_path):
    from standpunkt.language import load_nlp
    from standpunkt.stance import load_codebook

    codebook = tmp_path / "cb.yaml"
    codebook.write_text(
        "name: t\nissues:\n  - id: i\n    label: I\n    concepts:\n"
        "      - {id: mission, label: Die EU soll eine Mission entsenden, keywords: [EU-Mission]}\n"
        "      - {id: status, label: Die Provinz soll unabhängig werden, keywords: [Unabhängigkeit]}\n",
        encoding="utf-8")
    text = "Der Regierungschef Milan Kovačević lehnt die EU-Mission und die Unabhängigkeit der Provinz strikt ab."
    statements = code_statements(Document(text=text), load_nlp()(text), [], load_codebook(codebook),
                                 load_registry(None))
    assert {(s.actor.name, s.concept, s.agreement) for s in statements} == {
        ("Milan Kovačević", "mission", "oppose"), ("Milan Kovačević", "status", "oppose")}


@pytest.mark.parametrize("sentence, actors", [
    ("Die Kritik des Verbands wies die Regierung zurück.", ["Regierung"]),  # object first: the government speaks
    ("Den von Innenminister Wolfgang Schäuble vorgeschlagenen Einsatz hat die Gewerkschaft der Polizei abgelehnt.",
     ["Gewerkschaft der Polizei"]),
    ("Hugo Chávez, Präsident Venezuelas, sprach sich gegen die Steuer aus.", ["Hugo Chávez"]),  # apposition
    ("Dagegen hat sich der Fraktionschef Max Mustermann ausgesprochen.", ["Max Mustermann"]),  # verb second
    # a name goes on past its particles (the entity layer says so): once "Richard" alone
    ("Am Montag hat Richard von Weizsäcker die Pläne abgelehnt.", ["Richard von Weizsäcker"]),
    # a surname the tagger took for a noun after a particle; a second role without an article is the same person's
    ("Kurt von Figura, Präsident der Universität Göttingen und derzeitiger Vorsitzender der Konferenz, begrüßte den "
     "Beschluss.", ["Kurt von Figura"]),
    # "und" after a truncated word joins two words of one name, not two actors
    ("Der stellvertretende Direktor der Indonesischen Such- und Rettungsagentur, Hans Muster, lehnte den Plan ab.",
     ["Hans Muster"]),
    ("Frank Muster, Vorsitzender der Deutschen Journalistinnen- und Journalisten-Union, lehnte den Plan ab.",
     ["Frank Muster"]),
    ("Erste Pläne für die Organisation hatten Brasilien, Venezuela, Bolivien und Argentinien präsentiert.",
     ["Brasilien", "Venezuela", "Bolivien", "Argentinien"]),
])
def test_the_subject_is_the_speaker(sentence, actors):
    assert [names for names, _ in _reported(sentence)][0] == actors


def test_a_passive_clause_reports_its_agent_not_its_subject():
    assert _reported("Der Plan wird von der Regierung abgelehnt.") == [(["Regierung"], "Der Plan wird von der "
                                                                        "Regierung abgelehnt")]
    assert _reported("Die Kompetenzüberschreitungen des Bundesnachrichtendienstes, die heftig gerügt worden waren, "
                     "sind bekannt.") == []
    # after a noun for a place, "von" with an article is the agent ("Städte von der Kommission"), without one the
    # place's name ("das Treffen von Kopenhagen")
    assert [n for n, _ in _reported("Zuletzt wurden viele Städte von der Kommission verwarnt.")] == [
        ["Europäische Kommission"]]
    assert _reported("Das Treffen von Kopenhagen wurde kritisiert.") == []


@pytest.mark.parametrize("sentence, actors", [
    # a sein-passive of a stance verb: the subject is what was planned or decided, the agent (if any) decided it
    ("Die Konferenz der Minister ist seit langem in Brüssel geplant.", []),
    ("Das Verfahren ist von der Regierung beschlossen.", ["Regierung"]),
    # verbs whose perfect takes "sein" stay the subject's acts
    ("Die SPD ist für den Mindestlohn eingetreten.", ["SPD"]),
    ("Spanien ist an der Mission beteiligt.", ["Spanien"]),  # a reflexive verb's state: Spanien takes part
    ("Geplant war eine lange Route durch Paris.", []),  # "durch" is the way here, not the agent
])
def test_a_sein_passive_reports_its_agent(sentence, actors):
    assert [names for names, _ in _reported(sentence)] == ([actors] if actors else [])


def test_a_pronoun_subject_is_not_replaced_by_the_object():
    assert _reported("Er wirft der Europäischen Union vor, Serbien zwingen zu wollen.") == []


def test_a_thing_is_not_a_speaker():
    assert _reported("Ein geplantes Sicherheitskonzept der Deutschen Fußball Liga stieß auf Ablehnung.") == []
    assert [n for n, _ in _reported("Das OPEC-Mitglied Venezuela lehnt den Kraftstoff ab.")] == [["Venezuela"]]


@pytest.mark.parametrize("sentence, actors", [
    ("Lula reagierte auf die Kritik Venezuelas an einem Abkommen.", ["Venezuela"]),
    ("Sein Führungsstil stößt auf massive Kritik seitens der Kirche im Land.", ["Kirche"]),
    ("Zusagen gibt es auch aus Italien.", ["Italien"]),
    ("Die Zustimmung der Regierung zu der Resolution kam spät.", ["Regierung"]),
])
def test_a_stance_noun_names_its_holder(sentence, actors):
    from standpunkt.language import load_nlp
    from standpunkt.stance.reported import nominal_stances

    got = nominal_stances(list(load_nlp()(sentence)), None, load_registry(None))
    assert [[a.name for a in c.actors] for c in got] == [actors]


@pytest.mark.parametrize("sentence", [
    "Die Polizei beendete den Protest von Gegnern der Militärregierung.",  # critics and opponents hold nothing
    "Der Sender zitierte einen der größten Kritiker des Ministerpräsidenten.",
    "Trotz der Warnungen haben die Betreiber von Facebook die beanstandeten Beiträge nicht gelöscht.",
])
def test_no_holder_for_what_is_opposed_or_complained_about(sentence):
    from standpunkt.language import load_nlp
    from standpunkt.stance.reported import nominal_stances

    assert nominal_stances(list(load_nlp()(sentence)), None, load_registry(None)) == []


def _one_concept(tmp_path, concept: str):
    """A codebook of one issue with the one ``concept`` (a YAML flow mapping), written and loaded."""
    path = tmp_path / "cb.yaml"
    path.write_text("name: t\nissues:\n  - id: i\n    label: I\n    concepts:\n      - " + concept + "\n",
                    encoding="utf-8")
    return load_codebook(path)


def _coded(tmp_path, concept: str, text: str) -> list:
    """The statements of ``text`` with its detected quotations, coded with a codebook of one ``concept``."""
    from standpunkt.language import load_nlp
    from standpunkt.speech import detect_quotations

    doc = load_nlp()(text)
    return code_statements(Document(text=text), doc, detect_quotations(doc), _one_concept(tmp_path, concept),
                           load_registry(None))


def test_a_document_named_in_the_frame_gives_its_author_and_indirect_speech_goes_on(tmp_path):
    text = ("In einem Positionspapier des Bundesministeriums des Innern heißt es, die Regelungen hätten sich "
            "bewährt. Deshalb sei es folgerichtig, die Anti-Terror-Gesetze zu verlängern.")
    statements = _coded(tmp_path, "{id: gesetze, label: Die Anti-Terror-Gesetze sollen verlängert werden, "
                                  "keywords: [Anti-Terror-Gesetze, Regelungen]}", text)
    assert {s.actor.name for s in statements} == {"Bundesministerium des Innern"}
    evidence = " ".join(sp.text(text) for s in statements for sp in s.evidence)
    assert "bewährt" in evidence and "folgerichtig" in evidence  # the second sentence has no speaker of its own


def test_das_land_is_the_country_named_before_and_asides_are_read():
    got = _reported("Eine malaysische Spezialeinheit – das Land hat etwa 200 Soldaten geschickt – erreichte das "
                    "Gebiet am Samstag.")
    assert (["Malaysia"], "das Land hat etwa 200 Soldaten geschickt") in got


def test_a_subject_phrase_ends_before_the_object_and_a_time_adverbial():
    """After the finite verb a bare noun after a determined one is the object ("erhob die Staatsanwaltschaft
    Anklage"), and "Mitte März", "Ende des Jahres" begin a time adverbial; before the verb one phrase stands."""
    assert [n for n, _ in _reported("Am Freitag erhob die Staatsanwaltschaft Anklage gegen den Fahrer.")] == [
        ["Staatsanwaltschaft"]]
    assert [n for n, _ in _reported("Danach hat die Gewerkschaft Mitte März 2006 Klage erhoben.")] == [
        ["Gewerkschaft"]]
    assert [n for n, _ in _reported("Zuvor hatte Karl Muster Ende Oktober den Bericht erhalten.")] == [
        ["Karl Muster"]]
    assert [n for n, _ in _reported("Die Firma Tutogen wollte keine Stellung nehmen.")] == [["Firma Tutogen"]]
    from standpunkt.language import load_nlp
    from standpunkt.language.phrases import phrase_at

    tokens = list(load_nlp()("Gestern wies die Organisation Reporter ohne Grenzen darauf hin."))
    assert [t.text for t in phrase_at(tokens, 2)][:3] == ["die", "Organisation", "Reporter"]  # a name of nouns


def test_a_body_referred_back_to_is_named_by_its_description():
    """"eine Nationale Kommission gegen Gewalt … die Kommission": the body, not a person "Nationale" (the gazetteer
    takes "Kommission" for the European Commission)."""
    got = _reported("Die Regierung hat angekündigt, eine Nationale Kommission gegen Gewalt an Frauen zu gründen. "
                    "Ebenfalls soll die Kommission die Zusammenarbeit der Behörden verbessern.")
    assert (["Nationale Kommission"], "Ebenfalls soll die Kommission die Zusammenarbeit der Behörden verbessern") \
        in got


def test_das_land_prefers_a_country_outside_a_prepositional_phrase():
    """"Norwegen will Soldaten in den Sudan schicken. Das Land ist …" is Norway; a country named only in a
    prepositional phrase is still the referent when no other is near ("Die Familie kam aus Syrien. Das Land …")."""
    from standpunkt.actors.phrases import country_referred
    from standpunkt.language import load_nlp

    nlp = load_nlp()
    for text, country in [
        ("Norwegen hat sich bereit erklärt, weitere Soldaten in den Sudan zu entsenden. Das Land ist schon mit "
         "100 Soldaten an der Mission beteiligt.", "Norwegen"),
        ("Die Familie kam im Winter aus Syrien. Das Land ist seit Jahren im Krieg.", "Syrien"),
        ("Die Helfer reisten nach Polen weiter. Die Regierung in Warschau sei einverstanden. Das Land habe genug "
         "Platz.", "Polen"),
    ]:
        doc = nlp(text)
        k = next(t.i for t in doc if t.text == "Land")
        assert country_referred([doc[k - 1], doc[k]]) == country, text


def test_positions_coded_by_default_do_not_outvote_decided_ones():
    from standpunkt.model import Actor, Span, Statement
    from standpunkt.stance.statements import merge_statements

    a = Actor(name="A")
    decided = Statement(a, "c", "oppose", evidence=[Span(0, 5)], confidence=0.8)
    defaults = [Statement(a, "c", "support", evidence=[Span(10 * k, 10 * k + 5)], confidence=0.6) for k in (1, 2)]
    merged, = merge_statements([decided, *defaults], defaulted={id(s) for s in defaults})
    assert merged.agreement == "oppose" and merged.evidence == [Span(0, 5)]
    merged, = merge_statements([decided, *defaults])  # without the marks the two defaults would win
    assert merged.agreement == "support"


def test_es_after_the_verb_is_an_object_not_the_subject():
    got = _reported("Laut der Agentur hält es der ecuadorianische Präsident für möglich, dass die Bank wächst.")
    assert got and got[0][0] == ["Präsident (Ecuador)"]


def test_places_events_and_things_named_after_a_noun_are_not_speakers():
    assert _reported("Greenpeace-Aktivisten haben das Atomkraftwerk Krümmel mit Ketten versehen.") == []
    assert [n for n, _ in _reported("Vertreter der Gewerkschaft lehnten den Plan ab und fordern Neuwahlen.")] == [
        ["Gewerkschaft"], ["Gewerkschaft"]]  # the second verb shares the subject
    # a municipality with its place speaks as that body (the city, not the state or the country: stop 42)
    assert [n for n, _ in _reported("Die Stadt Bremen lehnt das Fahrverbot ab.")] == [["Stadt Bremen"]]


def test_a_quotation_after_a_colon_is_spoken_by_the_subject_before_it(tmp_path):
    from standpunkt.model import Quotation, Span

    codebook = _one_concept(tmp_path, "{id: uebernahme, label: Die Übernahme genehmigen, "
                                      "keywords: [Übernahme, Aufsicht]}")
    text = ("Die Verbände warnten vor der Übernahme. Der Vorsitzende des Verbands, Hans Muster, kritisierte die "
            "Entscheidung der Aufsicht scharf: „Die Aufsicht muss sich fragen lassen, warum sie dafür den Weg frei "
            "macht.“")
    from standpunkt.language import load_nlp

    doc = load_nlp()(text)
    start = text.index("„")
    # as the quotation layer gives it: no cue, no frame, and a speaker from the sentence before
    q = Quotation(form="Direct", message=[Span(start, len(text))],
                  speaker=[Span(text.index("Die Verbände"), text.index(" warnten"))])
    statements = code_statements(Document(text=text), doc, [q], codebook, load_registry(None))
    assert {(s.actor.name, s.agreement) for s in statements if s.quotation == 0} == {("Hans Muster", "oppose")}


def test_man_stands_for_the_body_that_spoke_just_before(tmp_path):
    from standpunkt.language import load_nlp

    codebook = _one_concept(tmp_path, "{id: verzicht, label: Auf Kündigungen verzichten, "
                                      "keywords: [Kündigungen, verzichten]}")
    text = ("Die Deutsche Bank hält an ihrem Sparplan fest, allerdings will man auf betriebsbedingte Kündigungen "
            "verzichten.")
    doc = load_nlp()(text)
    statements = code_statements(Document(text=text), doc, [], codebook, load_registry(None))
    assert {(s.actor.name, s.concept, s.agreement) for s in statements} == {("Deutsche Bank", "verzicht", "support")}
    # after a person who spoke for a body, "man" is the body
    text = ("Der Plan sei gut, so ein Sprecher des bayerischen Umweltministeriums, Max Meier. Allerdings will man auf "
            "betriebsbedingte Kündigungen verzichten.")
    speaker = "ein Sprecher des bayerischen Umweltministeriums, Max Meier"
    q = Quotation(form="Indirect", message=[Span(0, len("Der Plan sei gut"))],
                  speaker=[Span(text.index(speaker), text.index(speaker) + len(speaker))])
    statements = code_statements(Document(text=text), load_nlp()(text), [q], codebook, load_registry(None))
    assert {(s.actor.name, s.concept, s.agreement) for s in statements} == {
        ("Umweltministerium Bayern", "verzicht", "support")}
    # with no body before it, "man" is nobody
    text = "Allerdings will man auf betriebsbedingte Kündigungen verzichten."
    doc = load_nlp()(text)
    assert code_statements(Document(text=text), doc, [], codebook, load_registry(None)) == []


def test_plural_sie_is_the_plural_subject_just_before():
    from standpunkt.language import load_nlp

    codebook = load_codebook(CODEBOOK)

    def actors(subject_sentence: str) -> list[str]:
        text = (f"Die Debatte um Bodentruppen für die Ukraine geht weiter. {subject_sentence} Dabei wollen sie den "
                "Einsatz von Bodentruppen in der Ukraine ablehnen.")
        document = Document(text=text, published=datetime(2024, 2, 27, tzinfo=timezone.utc))
        return [s.actor.name for s in code_statements(document, load_nlp()(text), [], codebook, load_registry(None))]

    assert actors("Die EU-Außenminister treffen sich am Montag in Brüssel.") == ["EU-Außenminister"]
    # a singular subject (a person with an apposition: two actors, one verb in the singular) is not "sie"
    assert actors("Der Außenminister Lettlands, Krisjanis Karins, trifft sich am Montag mit Diplomaten.") == []


def test_a_movement_is_named_by_the_name_after_it():
    found = _reported("Die Bewegung „People's Alliance for Democracy“ kündigte neue Proteste an.")
    assert [n for n, _ in found] == [["People's Alliance for Democracy"]]


@pytest.mark.parametrize("text, person", [
    # "er" as the subject of a reported clause: the person named before
    ("Premierminister Samak Sundaravej sprach am Abend im Fernsehen. Er verhängte den Ausnahmezustand über die "
     "Hauptstadt. Demonstranten fordern den Rücktritt.", "Samak Sundaravej"),
    # a definite role phrase the registry cannot name: the person with that role named before
    ("Präsident Karl Muster sprach am Abend im Fernsehen. Der Präsident verhängte den Ausnahmezustand über die "
     "Hauptstadt. Demonstranten fordern den Rücktritt.", "Karl Muster"),
])
def test_a_pronoun_or_role_subject_is_the_person_named_before(tmp_path, text, person):
    from standpunkt.language import load_nlp

    codebook = _one_concept(tmp_path, "{id: notstand, label: Den Notstand verhängen, "
                                      "keywords: [Notstand, Ausnahmezustand], actions: [verhängen]}")
    doc = load_nlp()(text)
    statements = code_statements(Document(text=text), doc, [], codebook, load_registry(None))
    assert {(s.actor.name, s.agreement) for s in statements} == {(person, "support")}


def test_an_acronym_after_a_quoted_name_is_its_alias():
    from standpunkt.actors.names import acronyms

    assert acronyms("die Bewegung „People's Alliance for Democracy“ (PAD), die") == {
        "PAD": "People's Alliance for Democracy"}


def test_a_quotation_takes_the_one_actor_its_statements_are_coded_for():
    from standpunkt.model import Actor, Quotation, Span, Statement
    from standpunkt.pipeline import _actors_from_statements

    quotations = [Quotation(form="Direct", message=[Span(0, 5)], actor=Actor(name="Verbände")),
                  Quotation(form="Direct", message=[Span(6, 9)], actor=None)]
    muster, a, b = Actor(name="Hans Muster"), Actor(name="EU"), Actor(name="USA")
    _actors_from_statements(quotations, [Statement(muster, "c", "oppose", quotation=0),
                                         Statement(muster, "d", "support", quotation=0),
                                         Statement(a, "c", "support", quotation=1),
                                         Statement(b, "c", "support", quotation=1)])
    assert quotations[0].actor.name == "Hans Muster"  # the statements' speaker wins over the span's
    assert quotations[1].actor is None  # two actors: the quotation names none


@pytest.mark.parametrize("sentence, actors", [
    # a role beside the named person, after a comma or a bracket, is the person's apposition
    ("Der Innenminister Frankreichs, Nicolas Sarkozy, kritisierte den Plan.", ["Nicolas Sarkozy"]),
    ("Der Kommissionspräsident der Afrikanischen Union (AU), Alpha Omar Konaré, kritisierte den Plan.",
     ["Alpha Omar Konaré"]),
    # also where the role's attribute names a body: the company is the holder's, not a second actor
    ("Der Vorstandschef der Porsche AG, Wendelin Wiedeking, lehnte die Übernahme ab.", ["Wendelin Wiedeking"]),
    ("Wendelin Wiedeking, der Vorstandschef der Porsche AG, lehnte die Übernahme ab.", ["Wendelin Wiedeking"]),
    # a person's name after what they are, also after an extended attribute; not a name in the genitive
    ("Der Journalist Max Meier kritisierte den Plan.", ["Max Meier"]),
    ("Der im Exil lebende Oppositionsführer Max Meier kritisierte den Plan.", ["Max Meier"]),
    # a surname the tagger reads as an adjective or noun, inside the person's entity after a first name
    ("Der Schriftsteller Thomas Lang kritisierte den Preis.", ["Thomas Lang"]),
    # a country joined by "und" is an actor of its own
    ("Kroatien und Robert Weber lehnten den Plan ab.", ["Kroatien", "Robert Weber"]),
    # a place is no name for the common noun after it
    ("Ihrerseits knüpften die USA Vorbedingungen an die Gespräche.", ["USA"]),
])
def test_appositions_and_places_beside_names(sentence, actors):
    assert [n for n, _ in _reported(sentence)] == [actors]


def test_a_name_in_the_genitive_after_a_person_noun_is_not_that_person():
    assert _reported("Die Anwältin Samanis bestritt die Vorwürfe. Samani sei unschuldig.") == []


def test_a_coordination_after_a_singular_verb_is_its_object():
    assert _reported("Die Aufstellung der Kandidaten verstimmte die USA und die Niederlande.") == []
    # a person's apposition may hold an "und"
    found = _reported("Nach dem Absturz will Elon Musk, Gründer und Chef der Firma SpaceX, die Ursache suchen.")
    assert any("Elon Musk" in names for names, _ in found)


def test_plural_bodies_are_a_group_but_a_country_adjective_still_names_the_country():
    assert [n for n, _ in _reported("Die Oppositionsparteien lehnten den Plan ab.")] == [["Oppositionsparteien"]]
    assert [n for n, _ in _reported("Menschenrechtsorganisationen kritisierten die Zustände.")] == [
        ["Menschenrechtsorganisationen"]]
    assert [n for n, _ in _reported("Die chinesischen Behörden lehnten den Plan ab.")] == [["China"]]


def test_a_subject_names_the_organisation_the_entity_layer_marks():
    found = _reported("Nach der Übernahme sieht der Vorsitzende der IG Bau, Klaus Wiesehügel, keine Perspektive "
                      "mehr.")
    # not a person "Bau"; the union in the role's attribute is the holder's, no second actor (stop 40)
    assert [n for n, _ in found] == [["Klaus Wiesehügel"]]


@pytest.mark.parametrize("sentence, clause", [
    # an apposition to the clause's last noun does not end it: the verb bracket closes after it
    ("Karla Berger schloss sich der Kritik an den Plänen des Ministers, Tom Kaiser, an.",
     "Karla Berger schloss sich der Kritik an den Plänen des Ministers Tom Kaiser an"),
    ("Die Gewerkschaft hat den Vorschlag der Firma, eines Zulieferers, scharf kritisiert.",
     "Die Gewerkschaft hat den Vorschlag der Firma eines Zulieferers scharf kritisiert"),
])
def test_an_apposition_inside_a_clause_does_not_end_it(sentence, clause):
    assert _reported(sentence)[0][1] == clause


def test_a_speaker_span_on_an_apposition_in_the_frame_gives_way_to_its_subject(tmp_path):
    from standpunkt.language import load_nlp
    from standpunkt.model import Quotation, Span

    codebook = _one_concept(tmp_path, "{id: gesetze, label: Die Sicherheitsgesetze verschärfen, "
                                      "keywords: [Sicherheitsgesetze, Überwachung], actions: [verschärfen]}")
    text = ("Die Sprecherin der Partei, Karla Berger, schloss sich der Kritik an den Plänen des Ministers, Tom "
            "Kaiser, an: Die Überwachung sei nicht mehr verhältnismäßig.")

    def at(part: str) -> Span:
        k = text.index(part)
        return Span(k, k + len(part))

    # the quotation layer's span on the minister's name (an apposition in the frame, as the CRF marks it)
    particle = text.index(", an:") + 2
    q = Quotation(form="Indirect", speaker=[at("Tom Kaiser")], cue=[Span(particle, particle + 2)],
                  frame=[at("Die Sprecherin der Partei")],
                  message=[at("Die Überwachung sei nicht mehr verhältnismäßig.")])
    statements = code_statements(Document(text=text), load_nlp()(text), [q], codebook, load_registry(None))
    assert {(s.actor.name, s.agreement) for s in statements} == {("Karla Berger", "oppose")}


@pytest.mark.parametrize("concept, text, expected", [
    # a name the document calls an outlet is a news source everywhere: it reports the government's position
    ("{id: einsatz, label: Den Einsatz verlängern, keywords: [Einsatz], actions: [verlängern]}",
     "Die israelische Tageszeitung Haaretz meldete den Angriff am Morgen. Wie Haaretz berichtet, lehnt die Regierung "
     "den Einsatz der Armee ab.", {("Regierung", "oppose")}),
    # a frame without a speaker span names no one in its prepositional phrase (was "Umweltverbände Regierung")
    ("{id: tempolimit, label: Ein Tempolimit einführen, keywords: [Tempolimit], actions: [einführen, umsetzen]}",
     "Umweltverbände appellierten an die Regierung, das Tempolimit endlich umzusetzen.",
     {("Umweltverbände", "support")}),
    # … except one that adds a speaker
    ("{id: soldaten, label: Soldaten in die Ukraine schicken, keywords: [Soldaten], actions: [schicken]}",
     "Neben Deutschland erklärten unter anderem auch Großbritannien, Spanien und Schweden, dass man nicht "
     "beabsichtige, Soldaten in die Ukraine zu schicken.",
     {("Deutschland", "oppose"), ("Großbritannien", "oppose"), ("Spanien", "oppose"), ("Schweden", "oppose")}),
])
def test_who_holds_the_position(tmp_path, concept, text, expected):
    assert {(s.actor.name, s.agreement) for s in _coded(tmp_path, concept, text)} == expected


@pytest.mark.parametrize("concept, text, expected", [
    # "sich für … aussprechen" had no stance word
    ("{id: weiterbau, label: Den Bahnhof weiterbauen, keywords: [Weiterbau, Bahnhof], actions: [weiterbauen]}",
     "Der Bau des Bahnhofs ruht seit Mai. Am Montag sprach sich die SPD für einen Weiterbau des Bahnhofs aus.",
     ("SPD", "support")),
    # "aus Sicht der X" names whose view the clause is, as "nach Ansicht der X" does
    ("{id: impfpflicht, label: Eine Impfpflicht einführen, keywords: [Impfpflicht], actions: [einführen]}",
     "Über eine Impfpflicht wird gestritten. Aus Sicht der Grünen spricht nichts gegen eine Impfpflicht.",
     ("Grüne", "support")),
])
def test_reported_positions_of_common_constructions(tmp_path, concept, text, expected):
    assert expected in {(s.actor.name, s.agreement) for s in _coded(tmp_path, concept, text)}


def test_a_reported_position_keeps_the_condition_it_sets(tmp_path):
    text = ("Die Regierung plant ein neues Heizungsgesetz. "
            "Die FDP will dem Gesetz nur zustimmen, wenn es Ausnahmen gibt.")
    statements = _coded(tmp_path, "{id: gesetz, label: Das Heizungsgesetz beschließen, keywords: [Gesetz, "
                                  "Heizungsgesetz], actions: [beschließen]}", text)
    fdp = next(s for s in statements if s.actor.name == "FDP")
    assert fdp.agreement == "conditional"
    assert [text[c.start:c.end] for c in fdp.condition] == ["wenn es Ausnahmen gibt"]


def test_an_acronym_the_document_spells_out_as_a_newspaper_is_a_news_source(tmp_path):
    text = ("Die Westdeutsche Allgemeine Zeitung (WAZ) berichtete am Montag über den Streit. Nach Angaben der WAZ "
            "ist der Einsatz der Armee viel zu teuer und gefährlich.")
    statements = _coded(tmp_path, "{id: einsatz, label: Den Einsatz verlängern, keywords: [Einsatz], "
                                  "actions: [verlängern]}", text)
    # "WAZ" names no outlet by itself; the document spells it out as one, which reports and holds no position
    assert statements == []


def test_a_stance_noun_another_actor_holds_does_not_vote_for_the_clause_subject(tmp_path):
    concept = "{id: uebernahme, label: Die Übernahme billigen, keywords: [Übernahme], actions: [übernehmen]}"
    text = ("Nach der Zustimmung der Bundesanstalt für Finanzdienstleistungsaufsicht zu der Übernahme äußerte sich "
            "der Gewerkschaftschef Hans Muster am Montag.")
    coded = {(s.actor.name, s.agreement) for s in _coded(tmp_path, concept, text)}
    # the supervisor's consent is the supervisor's position, not the union leader's
    assert ("Hans Muster", "support") not in coded
    assert any(name.startswith("Bundesanstalt") and agreement == "support" for name, agreement in coded)
    # the subject's own stance word still votes
    statements = _coded(tmp_path, concept, "Nach der Kritik der Opposition lehnt Hans Muster die Übernahme ab.")
    assert ("Hans Muster", "oppose") in {(s.actor.name, s.agreement) for s in statements}


def test_a_person_the_concept_is_about_gets_no_default_agreement(tmp_path):
    """A concept about a person ("Karl Muster soll zurücktreten"): what that person says without a word of stance is
    not coded as agreeing with it; another speaker's words still are, and the person's decided positions stay."""
    concept = "{id: ruecktritt, label: Premierminister Karl Muster soll zurücktreten, keywords: [Rücktritt, Muster]}"
    text = ("„Über meinen Rücktritt wird in der Hauptstadt viel geredet“, sagte Premierminister Karl Muster. "
            "„Der Rücktritt von Muster ist eine Frage der Zeit“, sagte der Abgeordnete Hans Beispiel.")
    assert {(s.actor.name, s.agreement) for s in _coded(tmp_path, concept, text)} == {("Hans Beispiel", "support")}
    text = "„Einen Rücktritt lehne ich ab“, sagte Premierminister Karl Muster."
    assert {(s.actor.name, s.agreement) for s in _coded(tmp_path, concept, text)} == {("Karl Muster", "oppose")}


def test_darin_points_back_to_the_document_and_its_author(tmp_path):
    """"X gab eine Stellungnahme ab. Darin heißt es: „…“": the quotation without a speaker is the author's."""
    concept = "{id: versagen, label: Die Behörden haben versagt, keywords: [Versagen, versagt]}"
    text = ("Die Staatsanwaltschaft gab am Dienstag eine Stellungnahme ab. Darin heißt es unter anderem: „Die "
            "Behörden haben in diesem Fall versagt, das bedauern wir sehr.“")
    assert {s.actor.name for s in _coded(tmp_path, concept, text)} == {"Staatsanwaltschaft"}


_PAUSCHALE = "{id: pauschale, label: Die Pendlerpauschale %s, keywords: [Pendlerpauschale, Abschaffung]}"


@pytest.mark.parametrize("verb, text, position", [
    # a concept that undoes something: judging that thing is the opposite position on the concept …
    ("abschaffen", "Die Pendlerpauschale sei völlig unsinnig, sagte der Abgeordnete Hans Beispiel.", "support"),
    # … judging the change itself is not turned, nor is a judgement of a thing a concept creates or raises
    ("abschaffen", "Eine Abschaffung sei völlig unsinnig, sagte der Abgeordnete Hans Beispiel.", "oppose"),
    ("erhöhen", "Die Pendlerpauschale sei völlig unsinnig, sagte der Abgeordnete Hans Beispiel.", "oppose"),
    # … and the thing named as what an undoing noun ends is the change ("ein Ende der Pendlerpauschale")
    ("abschaffen", "Der Abgeordnete Hans Beispiel forderte ein Ende der Pendlerpauschale.", "support"),
    ("abschaffen", "Ein Aus für die Pendlerpauschale sei richtig, sagte der Abgeordnete Hans Beispiel.", "support"),
    # what is asked for "stattdessen" replaces the concept of the sentences before, which the speaker opposes
    ("erhöhen", "Die Regierung will die Pendlerpauschale erhöhen. Der Verbandschef Hans Beispiel forderte "
                "stattdessen, die Pendler anders zu entlasten.", "oppose"),
])
def test_positions_on_what_a_concept_undoes_or_replaces(tmp_path, verb, text, position):
    # (a compound headed by the undoing noun names the change: "Zuzugsstopp" of "Den Zuzug stoppen")
    concept = "{id: stopp, label: Den Zuzug von Fachkräften stoppen, keywords: [Zuzugsstopp, Zuzug]}"
    said = "Einen Zuzugsstopp nannte der Abgeordnete Hans Beispiel unsinnig."
    assert {s.agreement for s in _coded(tmp_path, concept, said)} == {"oppose"}
    # (a short form of the thing undone is it too: "Soli" of "Den Solidaritätszuschlag abschaffen")
    concept = "{id: soli, label: Den Solidaritätszuschlag abschaffen, keywords: [Solidaritätszuschlag, Soli]}"
    said = "Der Soli werde dringend gebraucht, sagte der Abgeordnete Hans Beispiel."
    assert {s.agreement for s in _coded(tmp_path, concept, said)} == {"oppose"}
    coded = {(s.actor.name, s.agreement) for s in _coded(tmp_path, _PAUSCHALE % verb, text)}
    assert ("Hans Beispiel", position) in coded and not any(
        name == "Hans Beispiel" and agreement != position for name, agreement in coded)


def test_a_spokesperson_naming_no_body_speaks_for_the_body_before(tmp_path):
    # "ein Sprecher" alone: the body the sentence before has as subject, in the same paragraph; a person there is
    # nobody's spokesperson, and a paragraph break ends the reference
    concept = "{id: verbot, label: Ein Verbot von Laubbläsern einführen, keywords: [Laubbläser, Verbot]}"
    text = ("Der Verband der Gartengerätehersteller wies die Forderung zurück. Ein Verbot der Laubbläser sei "
            "unverhältnismäßig, erklärte ein Sprecher.")
    got = {(s.actor.name, s.agreement) for s in _coded(tmp_path, concept, text)}
    assert got == {("Verband der Gartengerätehersteller", "oppose")}
    for before in ("Die Umweltministerin Anna Roth wies die Forderung zurück. ",
                   "Der Verband der Gartengerätehersteller wies die Forderung zurück.\n\n"):
        text = before + "Ein Verbot der Laubbläser sei unverhältnismäßig, erklärte ein Sprecher."
        assert "Verband der Gartengerätehersteller" not in {s.actor.name for s in _coded(tmp_path, concept, text)}
        assert "Anna Roth" not in {s.actor.name for s in _coded(tmp_path, concept, text)}


def test_each_concept_takes_the_clause_that_names_it(tmp_path):
    # "lehne sie ab, … wolle sie aber …": the rejection is of the one concept, the wish of the other
    path = tmp_path / "cb.yaml"
    path.write_text("name: t\nissues:\n  - id: i\n    label: I\n    concepts:\n"
                    "      - {id: limit, label: Ein Tempolimit in Städten einführen, keywords: [Tempolimit]}\n"
                    "      - {id: zonen, label: Mehr Fußgängerzonen schaffen, keywords: [Fußgängerzonen]}\n",
                    encoding="utf-8")
    from standpunkt.language import load_nlp
    from standpunkt.speech import detect_quotations

    text = ("Ein Tempolimit in der Innenstadt lehne sie ab, den Bezirken wolle sie aber mehr Fußgängerzonen "
            "erlauben, sagte die Bürgermeisterin Anna Roth.")
    doc = load_nlp()(text)
    got = {(s.concept, s.agreement) for s in code_statements(Document(text=text), doc, detect_quotations(doc),
                                                             load_codebook(path), load_registry(None))}
    assert got == {("limit", "oppose"), ("zonen", "support")}


def test_a_reported_clause_takes_up_the_concept_its_sentence_names_elsewhere(tmp_path):
    # "hält … sie für vertretbar": the pronoun takes up the concept named in the side clause; a clause that does not
    # take it up is not about it
    concept = "{id: foerderung, label: Die Förderung von Erdöl genehmigen, keywords: [Förderung]}"
    text = "Während der Landesvorstand die Förderung ablehnt, hält Umweltminister Karl Muster sie für vertretbar."
    got = {(s.actor.name, s.agreement) for s in _coded(tmp_path, concept, text)}
    assert ("Karl Muster", "support") in got and ("Landesvorstand", "oppose") in got
    text = "Trotz der Debatte über die Förderung unterstützte Umweltminister Karl Muster den Verein."
    assert "Karl Muster" not in {s.actor.name for s in _coded(tmp_path, concept, text)}


def test_agreeing_in_one_sentence_and_naming_a_condition_in_the_next_is_conditional(tmp_path):
    concept = "{id: praemie, label: Eine Prämie für Lastenräder einführen, keywords: [Prämie]}"
    text = ("Die Verkehrsministerin Anna Roth zeigte sich offen für eine Prämie. Eine Prämie sei nur denkbar, wenn "
            "sie gegenfinanziert werde.")
    got = [(s.actor.name, s.agreement) for s in _coded(tmp_path, concept, text)]
    assert got == [("Anna Roth", "conditional")]


def test_a_focus_particle_before_a_subject_with_an_apposition_is_no_part_of_it():
    got = _reported("Auch die Freien Wähler, Partner der CSU im Landtag, tragen die Reform mit.")
    assert [names for names, _ in got] == [["Freie Wähler"]]


def test_a_verb_of_agreeing_near_no_concept_word_takes_the_documents_topic(tmp_path):
    # a document about one concept (named in two sentences); the clause and the sentences before it name none
    concept = "{id: praemie, label: Eine Prämie für Lastenräder einführen, keywords: [Prämie]}"
    text = ("Der Stadtrat will eine Prämie für Lastenräder einführen. Die Prämie soll 500 Euro betragen.\n\n"
            "Viele Händler hoffen auf mehr Kunden. Der Winter war mild. Die Radwege sind frei. Die Läden sind voll. "
            "Der Fahrradclub unterstützt die Forderung.")
    assert ("Fahrradclub", "support") in {(s.actor.name, s.agreement) for s in _coded(tmp_path, concept, text)}


def test_a_known_name_the_tagger_reads_as_a_prepositional_phrase_is_the_subject():
    # "Pro Asyl" is tagged APPR NN; the registry knows it (a phrase like "Für Kinder" stays no subject)
    assert [names for names, _ in _reported("Pro Asyl kritisierte die neuen Regeln scharf.")] == [["Pro Asyl"]]
    assert _reported("Für Kinder gilt die neue Regel nicht.") == []


def test_hearsay_from_a_place_or_body_names_the_speaker(tmp_path):
    # "…, hieß es aus dem Finanzministerium": the phrase after "hieß es" is who said it, not part of the message
    concept = "{id: steuer, label: Eine Steuer auf Kerosin einführen, keywords: [Kerosinsteuer, Steuer]}"
    text = ("Die Regierung will die Kerosinsteuer bald einführen. Die Kerosinsteuer sei so nicht akzeptabel, hieß es "
            "aus dem Außenministerium in Paris.")
    got = {(s.actor.name, s.agreement) for s in _coded(tmp_path, concept, text)}
    assert ("Außenministerium Frankreich", "oppose") in got


def test_a_group_named_by_an_example_speaks_through_it(tmp_path):
    # "Umweltverbände wie Greenpeace kritisierten, …": the example is who speaks
    concept = "{id: abkommen, label: Das Handelsabkommen ratifizieren, keywords: [Abkommen]}"
    text = ("Polen will nur zustimmen, wenn die Bauern entschädigt werden, sagte der Minister Hans Beispiel. "
            "Umweltverbände wie Greenpeace kritisierten, das Abkommen beschleunige die Abholzung im Regenwald.")
    assert {(s.actor.name, s.agreement) for s in _coded(tmp_path, concept, text)} == {("Greenpeace", "oppose")}


def test_a_spokesperson_of_a_bare_body_noun_speaks_for_the_named_body(tmp_path):
    # "ein Sprecher der Bewegung" after "die Protestbewegung Kanaky": the body named, by its name
    concept = "{id: reform, label: Die Wahlrechtsreform umsetzen, keywords: [Reform, Wahlrechtsreform]}"
    text = ("Die Protestbewegung Kanaky lehnt die Reform ab. Die Reform schwäche die Ureinwohner und verstoße gegen "
            "das Abkommen, erklärte ein Sprecher der Bewegung.")
    assert {s.actor.name for s in _coded(tmp_path, concept, text)} == {"Kanaky"}


def test_stance_given_to_someone_is_the_givers(tmp_path):
    # "Rückendeckung bekam die Gewerkschaft von der Linken": the party backs it; the union only receives backing
    concept = "{id: streik, label: Der Streik ist gerechtfertigt, keywords: [Streik]}"
    text = "Die Gewerkschaft rief zum Streik auf. Rückendeckung bekam die Gewerkschaft von der Linken."
    names = {s.actor.name for s in _coded(tmp_path, concept, text) if "Rückendeckung" in
             " ".join(sp.text(text) for sp in s.evidence)}
    assert names == {"Die Linke"}


def test_judging_the_plans_is_a_stance_on_what_was_named_before():
    # "nannte die Pläne einen Rückschritt": a verb of judging with a judgement and a proposal anaphor, as "lehnte die
    # Pläne ab" is; naming the plans without judging them is not
    from standpunkt.language import load_nlp
    from standpunkt.stance.agreement import states_a_stance

    nlp = load_nlp()
    assert states_a_stance(list(nlp("Die Abgeordnete Anna Roth nannte die Pläne einen Rückschritt.")))
    assert states_a_stance(list(nlp("Die Abgeordnete Anna Roth lehnte die Pläne ab.")))
    assert not states_a_stance(list(nlp("Die Abgeordnete Anna Roth nannte die Pläne am Montag in Berlin.")))
    # welcoming the vote (or its result) is a position on what was voted on
    assert states_a_stance(list(nlp("Der Bauernverband Beispiel begrüßte das Votum.")))
    assert states_a_stance(list(nlp("Die Partei Beispiel kritisierte das Ergebnis.")))
    assert not states_a_stance(list(nlp("Die Ministerin hatte eine Politik der kleinen Schritte angekündigt.")))
    # what "sprechen von" calls it judges it
    assert states_a_stance(list(nlp("Die Partei Beispiel sprach von einem Verrat an den Älteren.")))
    # "das Anliegen" takes up the proposal, in a passive too; "ein Anliegen" is anything anyone wants
    assert states_a_stance(list(nlp("Unterstützt wurde das Anliegen von der Partei Beispiel.")))
    assert not states_a_stance(list(nlp("Die Partei Beispiel unterstützt ein wichtiges Anliegen der Bauern.")))
    # a bare stance noun before the clause's participle; a party's recommendation for a vote with its article
    assert states_a_stance(list(nlp("Die Partei Beispiel hat Widerstand angekündigt.")))
    assert states_a_stance(list(nlp("Die Partei Beispiel hatte die Nein-Parole beschlossen.")))
    assert not states_a_stance(list(nlp("Die Polizei hatte die Proteste niedergeschlagen.")))
    assert not states_a_stance(list(nlp("Diese Botschaft hat in den Parteien scharfe Kritik ausgelöst.")))


@pytest.mark.parametrize("sentence, position", [
    # what a plain noun is against is no position ("ein Signal gegen Protektionismus") …
    ("Das Abkommen sei gut und sende ein Signal gegen Protektionismus, sagte der Minister Hans Beispiel.",
     "support"),
    # … but "gegen" the concept or a proposal is
    ("Es gebe viele Argumente gegen das Abkommen, sagte der Minister Hans Beispiel.", "oppose"),
    # an exaggerated demand, a declaration of war and what cannot be paid for are judgements against it
    ("Der Minister Hans Beispiel nannte das Abkommen „völlig überzogen“.", "oppose"),
    ("Der Minister Hans Beispiel hält das Abkommen für unfinanzierbar.", "oppose"),
    ("Das Abkommen sei eine Kampfansage an die Bauern, sagte der Minister Hans Beispiel.", "oppose"),
    ("Der Minister Hans Beispiel forderte, das Abkommen auszusetzen.", "oppose"),
])
def test_judgements_and_against_what(tmp_path, sentence, position):
    concept = "{id: abkommen, label: Das Handelsabkommen ratifizieren, keywords: [Abkommen]}"
    assert {s.agreement for s in _coded(tmp_path, concept, sentence)} == {position}


def test_an_undoing_keyword_of_a_concept_that_undoes_states_it(tmp_path):
    # "die Berichtspflichten aussetzen" for "Das Lieferkettengesetz abschaffen" (keyword "aussetzen"): the change
    concept = ("{id: abschaffen, label: Das Lieferkettengesetz abschaffen, "
               "keywords: [Lieferkettengesetz, Berichtspflichten & aussetzen]}")
    text = "Man könne die Berichtspflichten für zwei Jahre aussetzen, sagte der Minister Hans Beispiel."
    assert {s.agreement for s in _coded(tmp_path, concept, text)} == {"support"}


def test_free_indirect_speech_after_a_narrated_sentence_by_a_name_with_a_particle(tmp_path):
    # "Carlos Alberto da Costa" ("da" tagged as an adverb inside the name) is the narrated sentence's subject
    concept = "{id: abkommen, label: Das Handelsabkommen ratifizieren, keywords: [Abkommen]}"
    text = ("„Das ist ein guter Tag“, sagte die Kommissarin Anna Roth. Portugals Präsident Carlos Alberto da Costa "
            "äußerte sich ebenfalls zufrieden. Das Abkommen sei gut für beide Seiten.")
    got = {s.actor.name for s in _coded(tmp_path, concept, text) if "beide Seiten" in
           " ".join(sp.text(text) for sp in s.evidence)}
    assert got == {"Carlos Alberto da Costa"}


def test_a_narrated_sentence_by_a_body_named_by_a_compound_gives_the_next_its_speaker(tmp_path):
    # "Der Landesärzteverband wies die Pläne zurück. {Mehr Studienplätze würden …}": a compound whose head
    # ("Verband") speaks in the training data speaks here, not the speaker of the quotation before
    concept = "{id: plaetze, label: Mehr Studienplätze schaffen, keywords: [Studienplätze]}"
    text = ("„Wir brauchen mehr Ärzte“, sagte der Minister Hans Beispiel. Der Landesärzteverband wies die Pläne "
            "zurück. Mehr Studienplätze würden die Qualität der Ausbildung senken.")
    assert {s.actor.name for s in _coded(tmp_path, concept, text)} == {"Landesärzteverband"}


def test_a_preposition_after_a_dateline_is_no_subject(tmp_path):
    # "Seoul – In Südkorea haben …": the tagger takes "In" for a foreign word; the country is where, not who
    concept = "{id: plaetze, label: Mehr Studienplätze schaffen, keywords: [Studienplätze]}"
    text = ("Titel\n\nSeoul – In Südkorea haben Tausende Ärzte aus Protest gegen mehr Studienplätze ihre Arbeit "
            "niedergelegt.")
    assert "Südkorea" not in {s.actor.name for s in _coded(tmp_path, concept, text)}


_GESETZ = "{id: gesetz, label: Das Finanzgesetz beschließen, keywords: [Finanzgesetz, Steuererhöhungen]}"


@pytest.mark.parametrize("text, expected", [
    # welcoming a withdrawal, with nothing said of what is withdrawn, welcomes undoing the topic
    ("Der Präsident hat das Finanzgesetz nach Protesten zurückgezogen. Die Steuererhöhungen waren unbeliebt. "
     "Oppositionsführer Hans Beispiel begrüßte den Rückzug.", {("Hans Beispiel", "oppose")}),
    # a demand whose infinitive asks for something else is no position on the topic of the sentences before
    ("Das Finanzgesetz sieht höhere Steuern vor. Die Steuererhöhungen sind umstritten. Der Verband der Reisebüros "
     "forderte beide Seiten auf, an den Verhandlungstisch zurückzukehren.", set()),
    # judgements of one sign side by side are one judgement, not two that cancel
    ("Die Steuererhöhungen würden Investitionen abschrecken und Arbeitsplätze kosten, sagte der Verbandschef Hans "
     "Beispiel.", {("Hans Beispiel", "oppose")}),
    ("Der Verband der Bäcker zeigte wenig Verständnis für die Steuererhöhungen.", {("Verband der Bäcker", "oppose")}),
    ("Der Verband der Bäcker kündigte an, im Fall eines Beschlusses der Steuererhöhungen juristisch dagegen "
     "vorzugehen.", {("Verband der Bäcker", "oppose")}),
])
def test_withdrawals_demands_and_judgements_side_by_side(tmp_path, text, expected):
    assert {(s.actor.name, s.agreement) for s in _coded(tmp_path, _GESETZ, text)} == expected


@pytest.mark.parametrize("concept, text, position", [
    # each of two coordinated infinitives is wanted on its own: abolishing one thing and introducing another
    ("{id: dollar, label: Den Dollar als Währung einführen, keywords: [Dollar]}",
     "Der Präsident Hans Beispiel hält an seinem Plan fest, die Zentralbank abzuschaffen und den Dollar als "
     "Zahlungsmittel einzuführen.", "support"),
    # … and the one that names the concept says how the actor stands on it
    ("{id: reform, label: Die Wahlrechtsreform umsetzen, keywords: [Reform]}",
     "Der Premierminister Hans Beispiel forderte die Regierung auf, den Dialog wieder aufzunehmen und die Reform "
     "auszusetzen.", "oppose"),
])
def test_coordinated_infinitives_vote_apart(tmp_path, concept, text, position):
    assert {s.agreement for s in _coded(tmp_path, concept, text)} == {position}


_RENTE = "{id: rente, label: Das Rentenalter auf 64 anheben, keywords: [Rentenreform, Reform]}"


@pytest.mark.parametrize("text, expected", [
    # what is too much to do is not done: "zu groß, um auf die Reform zu verzichten" wants the reform
    ("Die Risiken seien zu groß, um auf die Reform zu verzichten, sagte der Minister Hans Beispiel.",
     {("Hans Beispiel", "support")}),
    # tying it to something sets a condition
    ("Der Minister Hans Beispiel verlangte, die Reform an weitere Fortschritte bei der Haushaltslage zu knüpfen.",
     {("Hans Beispiel", "conditional")}),
    # "Seine Partei" is the party of the person named just before, not a body called "Partei"
    ("Der Abgeordnete Hans Beispiel sprach von einem Skandal. Seine Partei kündigte an, gegen die Reform vor das "
     "Verfassungsgericht zu ziehen.", {("Hans Beispiel", "oppose")}),
    # a person named after a noun the gazetteer does not know ("der Geologe …") in an apposition is the subject
    ("Auch ein Mitglied der Kommission, der Geologe Hans Beispiel, stimmte gegen die Reform.",
     {("Hans Beispiel", "oppose")}),
    # several bodies named by a plural compound are a subject
    ("Mehrere Richtervereinigungen sehen in der Reform einen Angriff auf die Gewaltenteilung.",
     {("Richtervereinigungen", "oppose")}),
    ("Die Partei der Rentner feierte die Reform als Erfolg.", {("Partei der Rentner", "support")}),
])
def test_too_much_conditions_possessives_and_appositions(tmp_path, text, expected):
    got = {(s.actor.name, s.agreement) for s in _coded(tmp_path, _RENTE, text)}
    assert expected <= got and not any(name == n and a != agreement for n, agreement in expected for name, a in got)
    assert "Partei" not in {name for name, _ in got}


def test_a_stance_announced_by_its_noun_takes_the_topic_of_the_sentence_after(tmp_path):
    # "Kritik kam auch aus der Justiz." says who, the sentence after it says about what (not the one before)
    path = tmp_path / "cb.yaml"
    path.write_text("name: t\nissues:\n  - id: i\n    label: I\n    concepts:\n"
                    "      - {id: amnestie, label: Eine Amnestie gewähren, keywords: [Amnestie]}\n"
                    "      - {id: referendum, label: Ein Referendum abhalten, keywords: [Referendum]}\n",
                    encoding="utf-8")
    from standpunkt.language import load_nlp
    from standpunkt.speech import detect_quotations

    text = ("Die Partei fordert nun ein Referendum. Kritik kam auch aus der Justiz. Mehrere Richterverbände sehen in "
            "der Amnestie einen Angriff auf die Gewaltenteilung.")
    doc = load_nlp()(text)
    got = {(s.actor.name, s.concept) for s in code_statements(Document(text=text), doc, detect_quotations(doc),
                                                              load_codebook(path), load_registry(None))}
    assert ("Justiz", "amnestie") in got and ("Justiz", "referendum") not in got


_RUANDA = "{id: gesetz, label: Asylsuchende nach Ruanda schicken, keywords: [Ruanda-Gesetz, Gesetz]}"


def test_a_second_verb_after_a_comma_has_the_first_ones_subject(tmp_path):
    # "zeigte sich gesprächsbereit, warnte aber vor …": the second verb's subject is elided
    text = "Der Bauernverband zeigte sich gesprächsbereit, warnte aber vor dem Gesetz."
    assert {(s.actor.name, s.agreement) for s in _coded(tmp_path, _RUANDA, text)} == {("Bauernverband", "oppose")}


def test_an_indefinite_spokesperson_is_not_the_german_governments(tmp_path):
    # "sagte eine Regierungssprecherin" after "Die Regierung in Kigali …" is Rwanda's, not the registry's German one;
    # the place after a body names its country
    text = ("Das Parlament hat das Gesetz beschlossen. Die Regierung in Kigali begrüßte die Entscheidung. Ruanda sei "
            "bereit, die Menschen aufzunehmen, sagte eine Regierungssprecherin.")
    statements = _coded(tmp_path, _RUANDA, text)
    assert all(s.actor.country != "Deutschland" for s in statements)
    assert any(s.actor.country == "Ruanda" and s.agreement == "support" for s in statements)


def test_a_verb_that_undoes_states_a_concept_that_undoes(tmp_path):
    # "will die Schuldenbremse lockern" for "Die Schuldenbremse lockern" is support; judging the thing undone is not
    concept = "{id: sb, label: Die Schuldenbremse lockern, keywords: [Schuldenbremse]}"
    text = ("Die Regierung will die Schuldenbremse lockern. Die Schuldenbremse sei völlig unsinnig, sagte der Minister "
            "Hans Beispiel.")
    assert {(s.actor.name, s.agreement) for s in _coded(tmp_path, concept, text)} == {
        ("Regierung", "support"), ("Hans Beispiel", "support")}
    # … also where the lexicon has the verb as opposition ("abschaffen")
    concept = "{id: soli, label: Den Solidaritätszuschlag abschaffen, keywords: [Solidaritätszuschlag]}"
    text = "Die FDP will den Solidaritätszuschlag vollständig abschaffen."
    assert {(s.actor.name, s.agreement) for s in _coded(tmp_path, concept, text)} == {("FDP", "support")}
    # calling the thing undone an achievement defends it
    concept = "{id: acht, label: Den Achtstundentag abschaffen, keywords: [Achtstundentag]}"
    text = '"Der Achtstundentag ist eine historische Errungenschaft", sagte die Gewerkschafterin Eva Beispiel.'
    assert {(s.actor.name, s.agreement) for s in _coded(tmp_path, concept, text)} == {("Eva Beispiel", "oppose")}
    assert {s.agreement for s in _coded(tmp_path, _RUANDA, "Der Abgeordnete Hans Beispiel nannte das Gesetz einen "
                                                           "teuren Trick.")} == {"oppose"}


_FINANZ = "{id: gesetz, label: Das Finanzgesetz beschließen, keywords: [Finanzgesetz, Gesetz]}"


@pytest.mark.parametrize("text, expected", [
    # a count before the subject names no one, and one person after a plural verb is its object
    ("Sieben Landesregierungen hatten den Minister Hans Beispiel vergeblich aufgefordert, das Gesetz "
     "zurückzuziehen.", {("Landesregierungen", "oppose")}),
    ("Mehr als 40 Gewerkschaften lehnen das Gesetz ab.", {("Gewerkschaften", "oppose")}),
    # what the subject says in the letter it signed is its position
    ("Mehrere Verbände haben eine Erklärung unterzeichnet, in der sie das Gesetz als schweren Fehler bezeichnen.",
     {("Verbände", "oppose")}),
    # wanting to examine a thing is no position on it; an open letter is no openness
    ("Die Kommission will das Gesetz zunächst prüfen.", set()),
    # held in custody is no holding on to something
    ("Der Flüchtlingsrat warnte, durch das Gesetz würden Asylsuchende monatelang festgehalten.",
     {("Flüchtlingsrat", "oppose")}),
    # "zu weit gehen" in a main clause after a concession ("das Gesetz gehe …" is no relative clause)
    ("Der Abgeordnete Hans Beispiel erklärte, Steuern seien zwar nötig, das Gesetz gehe seiner Partei aber zu weit.",
     {("Hans Beispiel", "oppose")}),
    ("Auch die Bauernpartei stimmte bei dem Gesetz mit Nein.", {("Bauernpartei", "oppose")}),
    # a speech verb after the message takes it as its complement: announcing not to apply it is opposition
    ("Seine Regierung werde das Gesetz nicht mehr anwenden, kündigte der Ministerpräsident Hans Beispiel an.",
     {("Hans Beispiel", "oppose")}),
    ("Der Abgeordnete Hans Beispiel nannte das Gesetz eine Verschwendung von Steuergeld.",
     {("Hans Beispiel", "oppose")}),
    # a count out of a body is a vote's tally, no actor
    ("Für das Gesetz stimmten 176 der 300 Abgeordneten.", set()),
])
def test_counts_signed_letters_examining_and_frames_after_the_message(tmp_path, text, expected):
    assert {(s.actor.name, s.agreement) for s in _coded(tmp_path, _FINANZ, text)} == expected


def test_a_bare_stance_noun_far_from_any_concept_word_takes_the_documents_topic(tmp_path):
    # "kündigten Widerstand an" with nothing after the noun: a stance on what the document debates
    text = ("Das Gesetz sieht höhere Steuern vor. Das Gesetz ist umstritten.\n\nDie Debatte dauerte bis in die Nacht. "
            "Viele Redner sprachen lange. Am Ende war die Stimmung gereizt. Die Grünen kündigten Widerstand an.")
    assert {(s.actor.name, s.agreement) for s in _coded(tmp_path, _FINANZ, text)} == {("Grüne", "oppose")}
    # a stance noun known already, someone else's, is no stance of the subject's
    text = text.replace("Die Grünen kündigten Widerstand an.", "Die Polizei löste die Proteste auf.")
    assert _coded(tmp_path, _FINANZ, text) == []


def test_a_first_name_the_tagger_reads_as_a_noun_stays_part_of_the_name(tmp_path):
    # "Pelle" (NN inside a person entity): one person, whose two statements merge, not "Dragsted" beside him
    text = ("Deren Verteidigungspolitikerin Pelle Dragsted hält das Gesetz für den falschen Weg. Das Gesetz sei "
            "ungerecht, sagte sie.")
    assert {s.actor.name for s in _coded(tmp_path, _FINANZ, text)} == {"Pelle Dragsted"}


@pytest.mark.parametrize("text, expected", [
    # criticism a proposal is defended against is no opposition of the defender's
    ("Der Minister Hans Beispiel verteidigte das Gesetz gegen Kritik.", {("Hans Beispiel", "support")}),
    ("Die Wahl der Richter nach dem Gesetz öffne dem Verbrechen Tür und Tor, sagte die Richterin Hanna Beispiel.",
     {("Hanna Beispiel", "oppose")}),
    ("Der Botschafter Hans Beispiel nannte das Gesetz ein Risiko für die Demokratie.", {("Hans Beispiel", "oppose")}),
    ("Der Kremlsprecher Hans Beispiel bedauerte das Gesetz.", {("Hans Beispiel", "oppose")}),
    # a relative clause on the subject before the verb: the subject still speaks
    ("Die Gewerkschaft, die 5000 Mitglieder hat, kritisierte das Gesetz.", {("Gewerkschaft", "oppose")}),
    # some of a body's members, by whose they are: the body named before
    ("Den Ausschlag gab die FDP. Mehrere ihrer Abgeordneten stimmten gegen das Gesetz.", {("FDP", "oppose")}),
    # denying an accusation, near no concept word, is no position on the topic of the sentences before
    ("Die Regierung hat das Gesetz beschlossen und Moskau Sabotage vorgeworfen. Der Kreml wies die Vorwürfe zurück.",
     {("Regierung", "support")}),
    # "das Unternehmen" is the company named last as a body, not one named in a relative clause on it
    ("Der Meta-Konzern, zu dem Facebook und Instagram gehören, äußerte sich enttäuscht über das Gesetz. Man sei "
     "besorgt über das Gesetz, teilte das Unternehmen mit.", {("Meta-Konzern", "oppose")}),
    # … but a fronted object with a relative clause is no subject, and keeping out of it is no opposition
    ("Das Gesetz ist umstritten. Den Währungsfonds (IWF), dessen Direktoren am Montag tagen, forderte der Minister "
     "Hans Beispiel auf, das Gesetz zu unterstützen.", {("Hans Beispiel", "support")}),
    ("Das Gesetz ist umstritten. Die Armee, die laut Gesetz die Wahlen überwacht, hält sich indes zurück.", set()),
    # what is missing is wanted: criticising missing support for it is support
    ("Der Abgeordnete Hans Beispiel bemängelte die fehlende Unterstützung für das Gesetz.",
     {("Hans Beispiel", "support")}),
])
def test_defences_risks_relative_subjects_members_and_denials(tmp_path, text, expected):
    assert {(s.actor.name, s.agreement) for s in _coded(tmp_path, _FINANZ, text)} == expected


def test_a_labels_own_verb_states_the_concept_and_judging_what_it_bans_supports_it(tmp_path):
    concept = ("{id: verbot, label: Soziale Medien für Jugendliche verbieten, "
               "keywords: ['soziale Medien|sozialen Medien|sozialer Netzwerke']}")
    text = "Als erstes Land verbietet Australien Jugendlichen die Nutzung sozialer Netzwerke."
    assert {(s.actor.name, s.agreement) for s in _coded(tmp_path, concept, text)} == {("Australien", "support")}
    text = "Die sozialen Medien schadeten den Kindern, sagte der Minister Hans Beispiel."
    assert {(s.actor.name, s.agreement) for s in _coded(tmp_path, concept, text)} == {("Hans Beispiel", "support")}


def test_a_party_family_word_in_a_foreign_report_is_that_countrys_party(tmp_path):
    text = ("Helsinki – Finnland hat das Gesetz beschlossen. Die oppositionellen Sozialdemokraten tragen das Gesetz "
            "mit. Der Senat stimmte dem Gesetz zu.")
    got = {(s.actor.name, s.actor.country) for s in _coded(tmp_path, _FINANZ, text)}
    assert ("Sozialdemokraten", "Finnland") in got and ("Senat", "Finnland") in got
    assert not {name for name, _ in got} & {"SPD", "US-Senat"}


@pytest.mark.parametrize("text, expected", [
    # an alliance is a body, also with an acronym and an apposition before its verb
    ("Die Demokratische Allianz (DA), der zweitgrößte Partner in der Regierung, lehnt das Gesetz ab.",
     {("Demokratische Allianz", "oppose")}),
    # a compound's stance head ("Verfassungsklage"), challenging in court, threatening sanctions
    ("Das Gesetz ist beschlossen. Das Gesetz gilt ab Mai.\n\nDie Debatte war lang. Viele Redner sprachen. Die Stimmung "
     "war gereizt. Die Grünen kündigten eine Verfassungsklage an.", {("Grüne", "oppose")}),
    ("Der Abgeordnete Hans Beispiel kündigte an, das Gesetz vor Gericht anzufechten.", {("Hans Beispiel", "oppose")}),
    ("Die Regierung Kanadas drohte wegen des Gesetzes mit Sanktionen.", {("Regierung Kanada", "oppose")}),
    # what is wanted instead of the concept named before opposes it
    ("Die Ministerin Hanna Beispiel verteidigte die Aufhebung. Das Gesetz hätte einen Schwarzmarkt geschaffen. "
     "Stattdessen wolle die Regierung auf Aufklärung setzen.", {("Hanna Beispiel", "oppose")}),
    # an intention whose infinitive names something else is no position on the topic; going to court against what was
    # named before is one (stop 56)
    ("Das Parlament hat das Gesetz beschlossen. Die Opposition will eine neue Kampagne starten.",
     {("Parlament", "support")}),
    ("Das Parlament hat das Gesetz beschlossen. Die Opposition will vor das Verfassungsgericht ziehen.",
     {("Parlament", "support"), ("Opposition", "oppose")}),
    # "…, was verrückt sei" judges the clause before it
    ("Das Problem sei, dass die Regierung das Gesetz einführen wolle, was verrückt sei, sagte der Abgeordnete Hans "
     "Beispiel.", {("Hans Beispiel", "oppose")}),
    # a party noun refers to the person named before, whatever their office; a noun in a title is no one
    ("EU beschließt Gesetz mit Stimme Österreichs\n\nDen Ausschlag gab die Umweltministerin Leonore Gewessler. Die "
     "Grünen-Politikerin stimmte für das Gesetz.", {("Leonore Gewessler", "support")}),
    # only heads that stay stances in compounds: a weather warning is none
    ("Das Gesetz ist beschlossen. Das Gesetz gilt ab Mai.\n\nDie Debatte war lang. Viele Redner sprachen. Die "
     "Stimmung war gereizt. Das Wetteramt gab eine Tornadowarnung heraus.", set()),
    # a participle listed as an adjective of feeling is the subject's, not a sein-passive with an agent after "von"
    ("Die Abgeordneten waren von dem Gesetz des Ministers Hans Beispiel begeistert.", {("Abgeordneten", "support")}),
    # "Die Organisation" after a party-like movement named before is that movement
    ("Die Hamas übernahm die Verantwortung. Die Organisation, die im Gazastreifen regiert, erklärte, sie lehne das "
     "Gesetz ab.", {("Hamas", "oppose")}),
])
def test_alliances_compound_stances_instead_intentions_and_party_nouns(tmp_path, text, expected):
    got = {(s.actor.name, s.agreement) for s in _coded(tmp_path, _FINANZ, text)}
    assert {(name.split(" (")[0], a) for name, a in got} == expected


def test_an_action_the_subject_has_done_to_it_states_no_position(tmp_path):
    concept = "{id: agenten, label: Organisationen als Agenten registrieren, keywords: [Agentengesetz, Gesetz]}"
    text = "Nach dem Gesetz müssen sich Organisationen mit Geld aus dem Ausland als Agenten registrieren lassen."
    assert _coded(tmp_path, concept, text) == []


_GESCHLECHT = ("{id: g, label: Die amtliche Änderung des Geschlechts erleichtern, "
               "keywords: [Gesetz, Geschlechtsänderung]}")


@pytest.mark.parametrize("text, expected", [
    # two sentences of one message are two clauses, also where the message spans leave out the full stop
    ("Der Abgeordnete Hans Beispiel sprach von einer Katastrophe für das Land. Das Gesetz sei ein schwerer Fehler.",
     {("Hans Beispiel", "oppose")}),
    # what the concept's own thing does describes the proposal: no position of whoever is speaking
    ("Die Regierung hat das Gesetz gestoppt. Das Gesetz sollte es Menschen erleichtern, ihr Geschlecht amtlich ändern "
     "zu lassen.", {("Regierung", "oppose")}),
    # a foreign organisation's name keeps its particles; a historic day is support
    ("Die Organisation Fondation des Femmes sprach mit Blick auf das Gesetz von einem historischen Tag.",
     {("Fondation des Femmes", "support")}),
    # activists are a group; some of the members of a person's party are no actor "Abgeordneten"
    ("Ugandische Aktivisten kündigten an, gegen das Gesetz zu klagen.", {("Aktivisten", "oppose")}),
])
def test_sentences_described_proposals_foreign_names_and_groups(tmp_path, text, expected):
    assert {(s.actor.name, s.agreement) for s in _coded(tmp_path, _GESCHLECHT, text)} == expected


def test_some_members_of_an_unnamed_body_are_no_actor(tmp_path):
    text = "Ihre Vorsitzende Hanna Beispiel stimmte für das Gesetz. Mehrere ihrer Abgeordneten stimmten dagegen."
    assert "Abgeordneten" not in {s.actor.name for s in _coded(tmp_path, _GESCHLECHT, text)}


_AUSBAU = "{id: ausbau, label: Das Werk erweitern, keywords: [Erweiterung, Bebauungsplan, Pläne]}"


@pytest.mark.parametrize("text, expected", [
    # a verb of taking sides with "gegen" opposes; a noun of opposition with it opposes once
    ("Der Verband hatte im Wahlkampf gegen die Erweiterung geworben.", {("Verband", "oppose")}),
    ("Der Verband legte ein Veto gegen die Erweiterung ein.", {("Verband", "oppose")}),
    ("Der Verband kämpfte gegen die Pläne.", {("Verband", "oppose")}),  # what "gegen" governs votes with it
    # idioms of clearing the way
    ("Der Landtag machte den Weg für die Erweiterung frei.", {("Landtag", "support")}),
    ("Der Stadtrat gab grünes Licht für die Erweiterung.", {("Stadtrat", "support")}),
    # a body's representation and its representatives are actors
    ("Die Gemeindevertretung billigte die Erweiterung.", {("Gemeindevertretung", "support")}),
    ("Mit elf zu sieben Stimmen billigten die Gemeindevertreter den Bebauungsplan.",
     {("Gemeindevertreter", "support")}),
    # a noun and a place name the body together, also with a word cut short before it
    ("Der Wasserverband Oberhavel lehnte die Erweiterung ab.", {("Wasserverband Oberhavel", "oppose")}),
    ("Die Industrie- und Handelskammer Ostbrandenburg lehnte die Erweiterung ab.",
     {("Industrie- und Handelskammer Ostbrandenburg", "oppose")}),
    # a surname after particles the entity left out
    ("Der Sprecher der Anwohner, Pieter van der Linde, forderte die Erweiterung.",
     {("Pieter van der Linde", "support")}),
    # an indicative "müssen" is what its subject has to do, not what it wants
    ("Als letztes Land muss nun noch Ungarn der Erweiterung zustimmen.", set()),
    # a focus phrase between the verb and its subject
    ("Gegen die Erweiterung stimmten unter anderem die Abgeordneten der Linkspartei.",
     {("Die Linke", "oppose")}),
])
def test_taking_sides_idioms_bodies_and_obligations(tmp_path, text, expected):
    got = {(s.actor.name, s.agreement) for s in _coded(tmp_path, _AUSBAU, text)}
    assert {(name.split(" (")[0], a) for name, a in got} == expected


def test_a_relative_clause_on_a_quotations_speaker_is_its_position(tmp_path):
    text = "Die FDP, die gegen die Erweiterung gekämpft hatte, forderte, die Kosten nicht dem Land aufzubürden."
    assert ("FDP", "oppose") in {(s.actor.name, s.agreement) for s in _coded(tmp_path, _AUSBAU, text)}


def test_an_impersonal_quotation_after_an_announcing_sentence_is_its_subjects(tmp_path):
    text = ("Noch schärfer äußerte sich der Luftfahrtverband IATA. Die Pläne verstießen gegen europäisches Recht, "
            "hieß es in einer Erklärung.")
    assert {(s.actor.name, s.agreement) for s in _coded(tmp_path, _AUSBAU, text)} == {("IATA", "oppose")}


def test_a_name_with_a_letter_and_a_period_ends_a_sentence(tmp_path):
    text = ("Das sei ein Erfolg für die Erweiterung, schrieb er auf der Plattform X. Der Verband Beispiel begrüßte "
            "die Erweiterung ebenfalls.")
    assert "Verband Beispiel" in {s.actor.name for s in _coded(tmp_path, _AUSBAU, text)}


_NAMED_GESETZ = "{id: gesetz, label: Das Gesetz beschließen, keywords: [Gesetz, Pläne, Einsatz]}"


@pytest.mark.parametrize("text, expected", [
    # an ampersand inside a name the stance comes from
    ("Scharfe Kritik am Gesetz kam auch vom Eigentümerverband Haus & Grund.",
     {("Eigentümerverband Haus & Grund", "oppose")}),
    # a generic body word is no name alone
    ("Der Verbraucherzentrale Bundesverband erklärte, das Gesetz sei ein Fehler.",
     {("Verbraucherzentrale Bundesverband", "oppose")}),
    # a candidate named in apposition speaks, not the coalition whose candidate he is
    ("Der Kandidat der Regierungskoalition, Amadou Ba, erklärte, das Gesetz sei richtig.", {("Amadou Ba", "support")}),
    # an airline is a company
    ("Die Fluggesellschaft KLM kritisierte das Gesetz.", {("KLM", "oppose")}),
    # an examination to come is no vote: the criticism decides
    ("Die Präsidentin Anna Beispiel kritisierte das Gesetz scharf und kündigte an, es vom Verfassungsgericht prüfen zu "
     "lassen.", {("Anna Beispiel", "oppose")}),
    # one country after a plural verb is its object
    ("Das Parlament hat dem Einsatz zugestimmt. Auch die Vereinigten Staaten, die den Einsatz finanziell unterstützen "
     "wollen, lobten Kenia.", {("Parlament", "support"), ("USA", "support")}),
    # plans that break the law
    ("Die Pläne verstießen gegen europäisches Recht, sagte der Verbandschef Karl Beispiel.", {("Karl Beispiel", "oppose")}),
])
def test_names_with_ampersands_generic_heads_candidates_and_examinations(tmp_path, text, expected):
    got = {(s.actor.name, s.agreement) for s in _coded(tmp_path, _NAMED_GESETZ, text)}
    assert {(name.split(" (")[0], a) for name, a in got} == expected


def test_a_reaction_takes_its_topic_from_the_sentence_after_it(tmp_path):
    text = ("Die Regierung will das Gesetz ändern. Am Abend ging es im Parlament um den Haushalt. Die Fluggesellschaft "
            "KLM reagierte mit scharfer Kritik. Die Pläne schadeten der Wirtschaft, erklärte Konzernchefin Marjan "
            "Beispiel.")
    assert ("KLM", "oppose") in {(s.actor.name, s.agreement) for s in _coded(tmp_path, _NAMED_GESETZ, text)}


_BEITRAG = "{id: beitrag, label: Den Beitrag erhöhen, keywords: [Beitrag, Erhöhung, Empfehlung, Gesetz]}"


@pytest.mark.parametrize("text, expected", [
    # a narrated clause up to a colon, taken into a free indirect message, frames it: its subject speaks
    ("Das Gesetz sei ein Fehler, sagte der Verbandspräsident Karl Muster. Ähnlich äußerte sich die "
     "Ärztekammer: Die Erhöhung widerspreche dem Berufsethos der Ärzte.",
     {("Karl Muster", "oppose"), ("Ärztekammer", "oppose")}),
    # a party named with whose it is speaks, not its leader
    ("Die Sozialistische Partei von Ministerpräsident António Costa erklärte, das Gesetz sei richtig.",
     {("Sozialistische Partei", "support")}),
    # a body named with what it is for is no body the registry knows by its head noun; its purpose's genitive
    # ("der Rundfunkanstalten") makes it no broadcaster
    ("Die Kommission zur Ermittlung des Finanzbedarfs der Rundfunkanstalten (KEF) hat empfohlen, den Beitrag zu "
     "erhöhen.", {("Kommission zur Ermittlung des Finanzbedarfs der Rundfunkanstalten", "support")}),
    # a first name the tagger took for a noun after a role it took for an adjective
    ("Der ARD-Vorsitzende Kai Gniffke verteidigte die Empfehlung.", {("Kai Gniffke", "support")}),
    # a complaint to a court opposes; so does "unangemessen"
    ("Der Verband Beispiel kündigte eine Verfassungsbeschwerde gegen das Gesetz an.", {("Verband Beispiel", "oppose")}),
    ("Die Verbraucherzentralen halten die Erhöhung für unangemessen.", {("Verbraucherzentralen", "oppose")}),
    # overruling another's veto against the concept: the veto and what it is against are the other's
    ("Das Parlament hat das Veto von Präsident Karl Muster gegen die Erhöhung überstimmt.",
     {("Parlament", "support"), ("Karl Muster", "oppose")}),
    ("Man werde die Erhöhung nicht im Stich lassen, sagte der Minister Karl Muster.", {("Karl Muster", "support")}),
    # the same narrated clause in a message with a cue and a speaker of its own: both take the position
    ("Die Regierung will den Beitrag erhöhen. Auch der Verband Beispiel übte scharfe Kritik: Die Erhöhung treffe die "
     "Falschen, schrieb Verbandschef Karl Muster.",
     {("Regierung", "support"), ("Verband Beispiel", "oppose"), ("Karl Muster", "oppose")}),
])
def test_colon_frames_demonstratives_party_owners_purposes_and_complaints(tmp_path, text, expected):
    got = {(s.actor.name, s.agreement) for s in _coded(tmp_path, _BEITRAG, text)}
    assert {(name.split(" (")[0], a) for name, a in got} == expected


def test_a_demonstrative_object_takes_up_what_was_said_before(tmp_path):
    text = ("Das Parlament hat das Gesetz beschlossen. Der Präsident hatte das Gesetz abgelehnt.\n\n"
            "Die Sozialisten sprachen von einem guten Tag. Am Abend feierten sie. Die Abgeordnete Ana Beispiel dankte "
            "allen. Dem widersprach die rechtspopulistische Partei Chega.")
    assert ("Chega", "oppose") in {(s.actor.name, s.agreement) for s in _coded(tmp_path, _BEITRAG, text)}


_REFORM = "{id: reform, label: Die Reform beschließen, keywords: [Reform, Gesetz, Regeln, Data Act]}"


@pytest.mark.parametrize("text, expected", [
    # "äußerte sich X" names the speaker of the free indirect speech after it (the pronoun is his, not hers)
    ("Ministerin Anna Beispiel (CSU) sagte, die Reform sei falsch. Ähnlich äußerte sich ihr Amtskollege Karl Muster "
     "(CDU). Er könne dem Gesetz nur zustimmen, wenn die Länder mitreden dürften.",
     {("Anna Beispiel", "oppose"), ("Karl Muster", "conditional")}),
    # a party member noun refers back to the politician named before, whatever office they were named with
    ("Justizminister Karl Muster verteidigte das Vorhaben. Das Gesetz sei nötig, sagte der Sozialdemokrat.",
     {("Karl Muster", "support")}),
    # a harm heading a compound, and "zu" with a judging adjective
    ("Die Reform führe zu einem Praxensterben, sagte Karl Muster.", {("Karl Muster", "oppose")}),
    ("Die Regeln seien zu bürokratisch, sagte Karl Muster.", {("Karl Muster", "oppose")}),
    # the concept's own name as a subject is what is debated, not who debates it
    ("Der sogenannte Data Act soll Anwendungen nach ihrem Risiko einstufen.", set()),
    # a party of one country named by a word the gazetteer has as another country's party
    ("Die Dänische Volkspartei lehnte die Reform ab.", {("Dänische Volkspartei", "oppose")}),
    # a vote count is no actor
    ("Das Parlament hat das Gesetz beschlossen. 94 Abgeordnete stimmten dafür, 77 dagegen.",
     {("Parlament", "support")}),
    # a list of subjects after the verb ends where the next clause's subject stands before its verb
    ("Für die Reform stimmten CDU, SPD und AfD, Grüne und Linke votierten dagegen.",
     {("CDU", "support"), ("SPD", "support"), ("AfD", "support"), ("Grüne", "oppose"), ("Die Linke", "oppose")}),
    # a subject after "einzig"; a party's recommendation to vote yes or no; an electorate by "Stimmbevölkerung"
    ("Die Reform kommt vors Volk. Einzig die GLP und die EVP hatten die Ja-Parole beschlossen.",
     {("GLP", "support"), ("EVP", "support")}),
    ("Die Schweizer Stimmbevölkerung hat die Reform verworfen.", {("Wähler", "oppose")}),
    # a stance noun arriving from someone, with no object of its own: a stance on the document's topic; an
    # impersonal "hieß es in einer Mitteilung" after it is the same body's
    ("Das Gesetz wurde beschlossen. Das Gesetz tritt im Mai in Kraft.\n\nDie Opposition sieht das anders. Die "
     "Partei Beispiel stimmte dagegen. Man dürfe sich nicht beugen, sagte ihr Chef. Kritik kam auch vom "
     "Beispielverband. Satire dürfe nicht bestraft werden, hieß es in einer Mitteilung.",
     {("Partei Beispiel", "oppose"), ("Beispielverband", "oppose")}),
])
def test_party_members_harm_compounds_excess_and_arriving_stances(tmp_path, text, expected):
    got = {(s.actor.name, s.agreement) for s in _coded(tmp_path, _REFORM, text)}
    assert {(name.split(" (")[0], a) for name, a in got} == expected


def test_a_bare_office_refers_to_the_name_introduced_with_it_before_a_nearer_bare_name():
    text = ("Das Team von Bundestrainer Karl Muster gewann. Die meisten Tore warf Max Beispiel.\n\n"
            "In der ARD zeigt sich der Bundestrainer zufrieden: „Wir haben uns gesteigert.“")
    from standpunkt.language import load_nlp
    from standpunkt.speech import detect_quotations

    doc = load_nlp()(text)
    assert [q.speaker_name for q in detect_quotations(doc)] == ["Karl Muster"]


_KLEIDUNG = ("{id: verbot, label: Die Beispielkleidung an Schulen verbieten, "
             "keywords: [Beispielkleidung, Verbot, untersagt, Gesetz, Steuer]}")


@pytest.mark.parametrize("text, expected", [
    # "untersagen" undoes as "verbieten" does: it states a ban concept
    ("Bildungsminister Karl Muster hat das Tragen der Beispielkleidung an Schulen untersagt.",
     {("Karl Muster", "support")}),
    # a party the gazetteer knows after a body noun; an adjective before its noun ends no name ("Die linke")
    ("Die linke Partei La France insoumise lehnte das Verbot ab.", {("La France insoumise", "oppose")}),
    # a party's plural alias in the dative
    ("Unterstützung für das Verbot kam von den Republikanern.", {("Les Républicains", "support")}),
    # rejecting another's complaint supports what it was against
    ("Das Bundesverwaltungsgericht wies die Klage der FDP gegen das Verbot ab.",
     {("Bundesverwaltungsgericht", "support"), ("FDP", "oppose")}),
    ("Nach Ansicht des Verbands Beispiel führt die Steuer zu einem Flickenteppich.", {("Verband Beispiel", "oppose")}),
    ("Der Konzern Beispiel bezeichnete das Gesetz als fehlerhaft.", {("Konzern Beispiel", "oppose")}),
    ("Der Verband Beispiel warf der Regierung vor, mit dem Gesetz Arbeitsplätze aufs Spiel zu setzen.",
     {("Verband Beispiel", "oppose")}),
    ("Der Verband Beispiel hatte Unterschriften für das Gesetz gesammelt.",
     {("Verband Beispiel", "support")}),
])
def test_bans_named_parties_rejected_complaints_and_judgements(tmp_path, text, expected):
    got = {(s.actor.name, s.agreement) for s in _coded(tmp_path, _KLEIDUNG, text)}
    assert {(name.split(" (")[0], a) for name, a in got} == expected


@pytest.mark.parametrize("text, expected", [
    # a view compared with the one before takes its agreement, or the other one
    ("Minister Karl Muster lehnt die Reform ab. Der Verband Beispiel sieht das ähnlich.",
     {("Karl Muster", "oppose"), ("Verband Beispiel", "oppose")}),
    ("Minister Karl Muster lehnt die Reform ab. Die Opposition sieht das anders.",
     {("Karl Muster", "oppose"), ("Opposition", "support")}),
    # what a poll finds is nobody's position
    ("Einer Umfrage des Verbands Beispiel zufolge befürwortet eine Mehrheit die Reform.", set()),
    # one name for a country's body however the country is said
    ("Südkoreas Regierung lehnte die Reform ab.", {("Regierung Südkorea", "oppose")}),
    ("Das US-Repräsentantenhaus hat die Reform beschlossen.", {("US-Repräsentantenhaus", "support")}),
    # an initiator is for what they initiated
    ("Die Reform wurde beschlossen. Die Reform gilt ab Mai.\n\nDer Abgeordnete Karl Muster, einer der Initiatoren, sprach "
     "von einer klaren Botschaft.",
     {("Karl Muster", "support")}),
])
def test_compared_views_polls_country_bodies_and_initiators(tmp_path, text, expected):
    got = {(s.actor.name, s.agreement) for s in _coded(tmp_path, _REFORM, text)}
    assert {(name.split(" (")[0], a) for name, a in got} == expected


@pytest.mark.parametrize("outcome, welcomed, disappointed", [
    ("abgelehnt. Die Reform ist damit gescheitert", "oppose", "support"),
    ("beschlossen. Die Reform gilt damit ab Mai", "support", "oppose"),
])
def test_reactions_are_read_against_the_outcome(tmp_path, outcome, welcomed, disappointed):
    text = (f"Das Parlament hat die Reform {outcome}.\n\nDie Partei Beispiel begrüßte das Ergebnis. "
            "Ministerin Anna Muster zeigte sich enttäuscht.")
    got = {(s.actor.name, s.agreement) for s in _coded(tmp_path, _REFORM, text)}
    assert {("Partei Beispiel", welcomed), ("Anna Muster", disappointed)} <= got


@pytest.mark.parametrize("reaction", ["sprach von einem historischen Sieg", "zeigte sich erleichtert"])
def test_a_victory_after_a_rejection_opposes(tmp_path, reaction):
    text = (f"Das Parlament hat die Reform abgelehnt. Die Reform ist damit gescheitert.\n\n"
            f"Der Verband Beispiel {reaction}.")
    got = {(s.actor.name, s.agreement) for s in _coded(tmp_path, _REFORM, text)}
    assert ("Verband Beispiel", "oppose") in got


@pytest.mark.parametrize("text, expected", [
    # a demonstrative subject is the man named last, even inside a prepositional phrase
    ("Das Gericht folgte dem Antrag von Richter Karl Muster. Dieser hatte die Reform angeordnet.",
     {("Karl Muster", "support")}),
    # a fronted thing leaves the pronoun after the verb as the subject
    ("Die Anwaltskammer OAB äußerte sich am Montag. Die Reform selbst stellte sie nicht in Frage.",
     {("OAB", "support")}),
    # a sub-body of a named body speaks for it
    ("Ein Ausschuss des Parlaments lehnte die Reform ab.", {("Parlament", "oppose")}),
    # "ohne" in a main clause names the concept as missing; it sets no condition
    ("Ohne die Reform drohe der Verkehr in die Dörfer auszuweichen, warnte der Verband Beispiel.",
     {("Verband Beispiel", "support")}),
    # a reported intention on a case put with "würde" is conditional
    ("Die Partei Beispiel erklärte, man werde die Reform unterstützen, wenn die Projekte einzeln vorgelegt würden.",
     {("Partei Beispiel", "conditional")}),
])
def test_demonstratives_fronted_objects_sub_bodies_absence_and_reported_cases(tmp_path, text, expected):
    got = {(s.actor.name, s.agreement) for s in _coded(tmp_path, _REFORM, text)}
    assert got == expected


@pytest.mark.parametrize("text, expected", [
    # a federation named by its members is a body that takes positions
    ("Der Bund der Steuerzahler hält die Reform für ungerecht.", {("Bund der Steuerzahler", "oppose")}),
    # recommending a "no" (or deciding on one) opposes; holes torn in public purses are a harm the reform causes
    ("Auch der Verband Beispiel hatte ein Nein zur Reform empfohlen.", {("Verband Beispiel", "oppose")}),
    ("Parteichef Karl Muster nannte die Reform eine Frage der Gerechtigkeit.", {("Karl Muster", "support")}),
    ("Der Walliser Staatsrat Christophe Exemple sagte, die Reform reiße Löcher in die Kassen der Gemeinden.",
     {("Christophe Exemple", "oppose")}),
])
def test_federations_a_recommended_no_and_holes_in_the_purse(tmp_path, text, expected):
    got = {(s.actor.name, s.agreement) for s in _coded(tmp_path, _REFORM, text)}
    assert got == expected


@pytest.mark.parametrize("text, expected", [
    # joining the view before takes its side
    ("Die Regierung will die Reform beschließen. Die Partei Beispiel lehnt die Reform ab. "
     "Der Verband Muster schloss sich dem an.",
     {("Regierung", "support"), ("Partei Beispiel", "oppose"), ("Verband Muster", "oppose")}),
    # an indicative sentence about a body the entity layer does not know is no continued speech of the one before
    ("Die Regierung will die Reform beschließen. Die Reform ist umstritten. Die Partei Beispiel warf der Regierung "
     "vor, ihre Versprechen zu brechen. Das Institut der deutschen Beispielwirtschaft hält die Reform dagegen für zu "
     "teuer: Das Geld sei bei Investitionen in die Netze besser angelegt.",
     {("Regierung", "support"), ("Partei Beispiel", "support"), ("Institut der deutschen Beispielwirtschaft", "oppose")}),
    # an association's board speaks for it right after its position
    ("Die Regierung will die Reform beschließen. Die Reform ist umstritten.\n\nDer Verband Beispiel unterstützt "
     "die Reform. Gerade Familien litten unter den hohen Preisen, erklärte Vorständin Anna Muster.",
     {("Regierung", "support"), ("Verband Beispiel", "support"), ("Anna Muster", "support")}),
    # a retailer named after its kind is an actor
    ("Die Reform ist umstritten. Der Discounter Aldi Süd lehnt die Reform ab.", {("Aldi Süd", "oppose")}),
    # a quoted name with a verb in it is the subject, not the object after the verb
    ("Die Reform ist umstritten. Die Initiative „Reform jetzt umsetzen“ fordert den Senat auf, die Reform zügig "
     "zu beschließen.", {("Reform jetzt umsetzen", "support")}),
    # "die Partei" after a member named by a party prefix is that party; watching something is no position yet
    ("Die Reform ist umstritten. Die Reform kommt. Die Reform sei gefährlich, warnte SVP-Nationalrat Karl Muster. "
     "Die Partei lehnt die Reform ab. Sie kündigte an, die Reform genau zu beobachten.",
     {("Karl Muster", "oppose"), ("SVP", "oppose")}),
    # an association after the associations' position shares their stem across the plural's umlaut
    ("Die Regierung will die Reform beschließen. Die Reform ist umstritten.\n\nHandelsverbände unterstützen die "
     "Reform. Der Verband Beispielhafter Arbeitgeber erklärte, die Händler verlören jedes Jahr viel Umsatz.",
     {("Regierung", "support"), ("Handelsverbände", "support"), ("Verband Beispielhafter Arbeitgeber", "support")}),
    # "der Niederländer" after a named person is that person, not the Netherlands
    ("EU-Kommissar Karl Beispiel lobte die Reform. Die Reform gebe der Industrie Sicherheit, sagte der Niederländer.",
     {("Karl Beispiel", "support")}),
    # a betrayal spoken of is a judgement
    ("Die Reform ist umstritten. Die Reform kommt. Die Partei Beispiel sprach von einem Verrat an den Älteren.",
     {("Partei Beispiel", "oppose")}),
    # what the reform makes harder is bad: making it harder supports the reform
    ("Das Gesetz solle illegale Arbeit erschweren und irreguläre Migration eindämmen, sagte Ministerin Anna Muster.",
     {("Anna Muster", "support")}),
])
def test_joined_views_bodies_named_by_phrases_boards_and_votes(tmp_path, text, expected):
    got = {(s.actor.name, s.agreement) for s in _coded(tmp_path, _REFORM, text)}
    assert got == expected


def test_an_electorate_is_a_group_and_a_failed_proposal_is_an_outcome(tmp_path):
    got = {(s.actor.name, s.actor.kind, s.actor.country, s.agreement)
           for s in _coded(tmp_path, _REFORM, "Die Wähler in Irland haben die Reform abgelehnt.")}
    assert got == {("Wähler", "group", "Irland", "oppose")}
    # without a country of its own, the electorate is the one of the country named last before it
    text = "Die Reform betrifft Mieter in der Schweiz. Die Stimmberechtigten haben die Reform am Sonntag angenommen."
    got = {(s.actor.name, s.actor.country, s.agreement) for s in _coded(tmp_path, _REFORM, text)}
    assert got == {("Wähler", "Schweiz", "support")}
    text = ("Im Parlament ist die Reform gescheitert. Die Reform hätte viel geändert.\n\n"
            "Die Partei Beispiel sprach von einem Sieg. Ministerin Anna Muster zeigte sich enttäuscht. "
            "Parteichef Karl Beispiel nannte das Ergebnis enttäuschend.")
    got = {(s.actor.name, s.agreement) for s in _coded(tmp_path, _REFORM, text)}
    assert {("Partei Beispiel", "oppose"), ("Anna Muster", "support"), ("Karl Beispiel", "support")} <= got


_ABSCHAFFUNG = "{id: aufhebung, label: Das Rauchverbot für Jugendliche abschaffen, keywords: [Aufhebung, Rauchverbot]}"


@pytest.mark.parametrize("text, expected", [
    # the undoing's own noun states the concept: voting for the repeal supports it, against it opposes it
    ("Das Parlament stimmte für die Aufhebung des Gesetzes. Die Partei Beispiel stimmte gegen die Aufhebung.",
     {("Parlament", "support"), ("Partei Beispiel", "oppose")}),
    # what is said of the ban, named by its head, is said the other way of abolishing it
    # a bad word for what the undoing removes is the reason to remove it, no vote against it
    ("Eine unsinnige Regel werde mit der Aufhebung endlich abgeschafft, sagte Verbandschef Karl Muster.",
     {("Karl Muster", "support")}),
    ("Das Parlament hat das Rauchverbot für Jugendliche abgeschafft. Die Aufhebung war umstritten.\n\n"
     "Das Verbot hätte einen riesigen Schwarzmarkt geschaffen, sagte Verbandschef Karl Muster.",
     {("Parlament", "support"), ("Karl Muster", "support")}),
])
def test_an_undoing_concept_by_its_noun_and_the_undone_thing_by_its_head(tmp_path, text, expected):
    got = {(s.actor.name, s.agreement) for s in _coded(tmp_path, _ABSCHAFFUNG, text)}
    assert got == expected


def test_open_as_another_verbs_adverb_is_no_openness(tmp_path):
    text = ("Für die Reform müssten Sicherheitslücken offen gehalten werden, warnte der Verband Beispiel. "
            "Die Partei Beispiel zeigte sich offen für die Reform.")
    got = {(s.actor.name, s.agreement) for s in _coded(tmp_path, _REFORM, text)}
    assert got == {("Verband Beispiel", "oppose"), ("Partei Beispiel", "support")}


@pytest.mark.parametrize("text, expected", [
    # a justification's message is the reason for the concept, however bad what it describes
    ("Die Universitäten seien überfüllt und Studierende fänden keine Wohnung, begründete Minister Karl Muster die "
     "Reform.", {("Karl Muster", "support")}),
    # support from a group named in the dative plural, by its nominative
    ("Ministerin Anna Muster plant die Reform. Unterstützung erhielt sie von den Nachbarschaftsvereinen.",
     {("Anna Muster", "support"), ("Nachbarschaftsvereine", "support")}),
    # a description of the party named before it is no second actor
    ("Die rechtspopulistische PVV, die stärkste Partei der Koalition, unterstützt die Reform.", {("PVV", "support")}),
])
def test_justifications_dative_groups_and_party_descriptions(tmp_path, text, expected):
    got = {(s.actor.name, s.agreement) for s in _coded(tmp_path, _REFORM, text)}
    assert got == expected


def test_backing_given_to_a_side_takes_that_sides_position(tmp_path):
    text = ("Die Regierung lehnt die Reform ab. "
            "Unterstützung erhielt die Regierung von den Verbänden der Einzelhändler.")
    got = {(s.actor.name, s.agreement) for s in _coded(tmp_path, _REFORM, text)}
    assert got == {("Regierung", "oppose"), ("Verbände der Einzelhändler", "oppose")}


@pytest.mark.parametrize("text, expected", [
    # a judgement after "als" gives a stance verb's reason, not a second vote that would turn it
    ("Der Verband Beispiel lehnt die Reform als verfassungswidrig ab.", {("Verband Beispiel", "oppose")}),
    ("Die Partei Beispiel kritisierte die Reform als falsch.", {("Partei Beispiel", "oppose")}),
    # with a verb of calling it is the position itself
    ("Die Partei Beispiel bezeichnete die Reform als verfassungswidrig.", {("Partei Beispiel", "oppose")}),
    ("Die Partei Beispiel hält die Reform für nicht mit der Verfassung vereinbar.", {("Partei Beispiel", "oppose")}),
    ("Die Regierung hat die Reform in Kraft gesetzt.", {("Regierung", "support")}),
])
def test_reasons_after_als_compatibility_and_entry_into_force(tmp_path, text, expected):
    got = {(s.actor.name, s.agreement) for s in _coded(tmp_path, _REFORM, text)}
    assert got == expected


def test_a_split_caused_judges_and_a_split_described_does_not(tmp_path):
    got = {(s.actor.name, s.agreement) for s in _coded(
        tmp_path, _REFORM, "Die Reform spalte das Land, sagte Minister Karl Muster.")}
    assert got == {("Karl Muster", "oppose")}
    got = {(s.actor.name, s.agreement) for s in _coded(
        tmp_path, _REFORM, "Die Gesellschaft sei über die Reform gespalten, sagte Minister Karl Muster.")}
    assert ("Karl Muster", "oppose") not in got


@pytest.mark.parametrize("text, expected", [
    # the one something goes too far, or not far enough, for holds the view, in the dative
    ("Dem Koalitionspartner FDP geht die Reform dagegen nicht weit genug.", {("FDP", "support")}),
    ("Die Reform geht den Grünen zu weit.", {("Grüne", "oppose")}),
    ("Der Entwurf zur Reform geht der CDU zu weit.", {("CDU", "oppose")}),
    ("Die Reform gehe nicht weit genug, sagte Karl Muster.", {("Karl Muster", "support")}),
    # people named by what they are, in the plural, are a group
    ("Mehrere hundert Anwohner protestierten am Vormittag gegen die Reform.", {("Anwohner", "oppose")}),
    ("Tierschützern geht die Reform nicht weit genug.", {("Tierschützer", "support")}),
    ("Ein Anwohner protestierte gegen die Reform.", set()),
    ("Bei Verstößen gegen die Reform drohen den Eltern Geldstrafen.", set()),
    ("Dank der Reform konnten 300 Beschäftigte in eine Weiterbildung vermittelt werden.", set()),
    ("Von den 11.000 Beschäftigten, die entlassen wurden, konnten 5.000 nach der Reform in eine Weiterbildung "
     "vermittelt werden.", set()),
    # the act named by a prefixed verb is no leadership body
    ("Ein Sprecher begrüßte die Einführung der Reform.", set()),
    # an unnamed spokesperson speaks for the organisation the sentence before opens with
    ("Die UN-Kulturorganisation Unesco hatte die Stadt gerügt. Eine Sprecherin begrüßte die Reform.",
     {("UNESCO", "support")}),
    ("Die Unesco hatte die Stadt gerügt. Ein Sprecher sagte, die Reform sei richtig.", {("UNESCO", "support")}),
    # a cue verb after a comma without a subject of its own continues the clause before: its subject speaks
    ("Die Beispielpartei unterstützte die Reform, warf Karl Muster aber vor, zu spät gehandelt zu haben.",
     {("Beispielpartei", "support")}),
])
def test_experiencers_people_groups_spokespeople_and_elided_speakers(tmp_path, text, expected):
    got = {(s.actor.name, s.agreement) for s in _coded(tmp_path, _REFORM, text)}
    assert got == expected


@pytest.mark.parametrize("text", [
    "Die Regierung hat die Reform vorgestellt. Die Partei Beispiel sprach von einem Ablenkungsmanöver.",
    "Die Regierung hat die Reform vorgestellt. Die Partei Beispiel sprach von einem dunklen Tag für das Land.",
    "Die Partei Beispiel nannte die Reform reine Symbolpolitik.",
])
def test_judging_a_proposal_as_a_diversion_or_a_dark_day_opposes_it(tmp_path, text):
    got = {(s.actor.name, s.agreement) for s in _coded(tmp_path, _REFORM, text)}
    assert got == {("Partei Beispiel", "oppose")}


def test_the_concepts_action_with_people_is_what_happened_to_them(tmp_path):
    concept = "{id: umschulung, label: Entlassene umschulen, keywords: [Weiterbildung], actions: [vermitteln]}"
    text = ("Von den 11.000 Beschäftigten, die im Januar entlassen worden waren, fanden bisher nur etwa 5.000 eine "
            "neue Stelle oder konnten in eine Weiterbildung vermittelt werden. Hunderte Beschäftigte protestierten "
            "gegen die Weiterbildung.")
    got = {(s.actor.name, s.agreement) for s in _coded(tmp_path, concept, text)}
    assert got == {("Beschäftigte", "oppose")}


def test_a_party_name_whose_first_word_is_a_noun_names_an_actor(tmp_path):
    got = {(s.actor.name, s.agreement) for s in _coded(
        tmp_path, _REFORM, "Die oppositionelle Sinn Féin unterstützt die Reform grundsätzlich.")}
    assert got == {("Sinn Féin", "support")}


def test_a_demand_to_extend_takes_up_the_topic_before(tmp_path):
    text = ("Die Regierung hat die Reform beschlossen. Die Reform gilt zunächst nur für Schweinefleisch. "
            "Die Verbraucherorganisation Beispielwatch forderte, Gastronomie und verarbeitete Produkte einzubeziehen.")
    got = {(s.actor.name, s.agreement) for s in _coded(tmp_path, _REFORM, text)}
    assert ("Beispielwatch", "support") in got


@pytest.mark.parametrize("text, expected", [
    # extending a measure supports it; a manoeuvre, patronising and solving no problem judge it
    ("Die Regierung verlängerte die Reform um zwei Jahre.", {("Regierung", "support")}),
    ("Die Regierung hat die Reform vorgestellt. Die Partei Beispiel sprach von einem Manöver.",
     {("Partei Beispiel", "oppose")}),
    ("Die Reform bevormunde die Bürger und löse kein Problem, sagte Karl Muster.", {("Karl Muster", "oppose")}),
])
def test_extending_a_measure_and_judging_it_a_manoeuvre(tmp_path, text, expected):
    got = {(s.actor.name, s.agreement) for s in _coded(tmp_path, _REFORM, text)}
    assert got == expected


def test_a_province_named_by_a_name_the_gazetteer_does_not_know_is_a_body(tmp_path):
    text = "Die Provinz Manitoba, die eine eigene Steuer erhebt, unterstützt die Reform dagegen."
    got = {(s.actor.name, s.agreement) for s in _coded(tmp_path, _REFORM, text)}
    assert got == {("Provinz Manitoba", "support")}


@pytest.mark.parametrize("text, expected", [
    # setting conditions is a stance word of its own, for a second verb of the same subject too
    ("Der Beispielverband zeigte sich offen, stellte aber Bedingungen für die Reform.",
     {("Beispielverband", "conditional")}),
    ("Der Beispielverband stellte Bedingungen für die Reform.", {("Beispielverband", "conditional")}),
    # readiness on a case, in reported speech
    ("Karl Muster sagte, seine Partei sei bereit, über die Reform zu sprechen, wenn mehr Geld in die Schulen fließe.",
     {("Karl Muster", "conditional")}),
    # "nur dann" takes up the case named before
    ("Karl Muster sagte, die Reform brauche Ausnahmen für kleine Betriebe. Nur dann sei das Gesetz tragbar.",
     {("Karl Muster", "conditional")}),
    # a case inside a relative clause describes the proposal, it sets no condition
    ("Ministerin Anna Beispiel legte am Dienstag die Reform vor, nach der Kurse nur noch dann auf Englisch "
     "unterrichtet werden dürfen, wenn eine Kommission dies genehmigt.", {("Anna Beispiel", "support")}),
])
def test_conditions_set_by_readiness_by_naming_conditions_and_by_nur_dann(tmp_path, text, expected):
    got = {(s.actor.name, s.agreement) for s in _coded(tmp_path, _REFORM, text)}
    assert got == expected


@pytest.mark.parametrize("text, actor", [
    ("Die Reform schade dem Ruf der Hochschulen, erklärte Verbandspräsident Caspar van den Berg.",
     "Caspar van den Berg"),
    ("Der Dachverband Universiteiten van Nederland lehnt die Reform ab.", "Dachverband Universiteiten van Nederland"),
])
def test_dutch_particles_inside_names(tmp_path, text, actor):
    assert {s.actor.name for s in _coded(tmp_path, _REFORM, text)} == {actor}


@pytest.mark.parametrize("text, expected", [
    # a country adjective names another country's body than the one the registry knows by the word
    ("Die österreichische Bundesregierung unterstützt die Reform.", {("Bundesregierung Österreich", "support")}),
    # "sind dagegen" as the predicate is a position on the topic named before
    ("Die Regierung will die Reform beschließen. Auch die Grünen sind dagegen.",
     {("Regierung", "support"), ("Grüne", "oppose")}),
    # going to court against it
    ("Die Datenschutzorganisation Beispielwatch kündigte an, wegen der Reform notfalls vor das "
     "Bundesverfassungsgericht zu ziehen.", {("Beispielwatch", "oppose")}),
    ("Die Reform sei rückwärtsgewandt, sagte Karl Muster.", {("Karl Muster", "oppose")}),
    # a negated clause opening with "ohne" needs what it says is missing: a condition
    ("Ohne eine unabhängige Kontrolle sei das Gesetz nicht zu machen, sagte Karl Muster.",
     {("Karl Muster", "conditional")}),
])
def test_dagegen_court_ohne_and_foreign_government(tmp_path, text, expected):
    got = {(s.actor.name, s.agreement) for s in _coded(tmp_path, _REFORM, text)}
    assert got == expected


def test_a_statement_in_a_statement_noun_speaks_for_the_body_of_the_sentence_before(tmp_path):
    text = ("Kritischer äußerte sich der Elternverband Famílias pela Educação. Die Reform sei zu streng, hieß es in "
            "einer Stellungnahme.")
    got = {(s.actor.name, s.agreement) for s in _coded(tmp_path, _REFORM, text)}
    assert {name for name, _ in got} <= {"Famílias pela Educação", "Elternverband Famílias pela Educação"}
    assert ("Famílias pela Educação", "oppose") in got or ("Elternverband Famílias pela Educação", "oppose") in got


def test_praising_what_a_postponement_undoes_opposes_it(tmp_path):
    concept = "{id: v, label: Die Beispielverordnung verschieben, keywords: [Verschiebung, Aufschub]}"
    text = ("Das Parlament stimmte der Verschiebung der Beispielverordnung zu. Der Verordnung droht damit ein "
            "Aufschub. Karl Muster sagte, die Verordnung sei ein Meilenstein und dürfe nicht verwässert werden.")
    got = {(s.actor.name, s.agreement) for s in _coded(tmp_path, concept, text)}
    assert ("Karl Muster", "oppose") in got


@pytest.mark.parametrize("text, actor", [
    # a city that is no capital speaks through its own government
    ("Barcelona will die Reform bis 2028 umsetzen.", "Stadt Barcelona"),
    # capitalised words between foreign-material words belong to the foreign name
    ("Die Gesundheitsorganisation Action on Smoking and Health begrüßte die Reform.", "Action on Smoking and Health"),
])
def test_cities_and_english_names_as_actors(tmp_path, text, actor):
    assert {s.actor.name for s in _coded(tmp_path, _REFORM, text)} == {actor}


def test_a_country_named_twice_once_in_the_headline_is_the_reports_home():
    from standpunkt.actors.names import home_country
    from standpunkt.language import load_nlp

    text = "Südkorea verbietet Hundefleisch\n\nDas südkoreanische Parlament hat ein Verbot beschlossen."
    assert home_country(load_nlp()(text)) == "Südkorea"
    assert home_country(load_nlp()("Neues Gesetz\n\nDas südkoreanische Parlament hat ein Verbot beschlossen. "
                                   "Südkorea …")) is None


def test_a_ministry_named_by_its_field_in_a_foreign_report_is_that_countrys():
    from standpunkt.actors.names import DocumentNames
    from standpunkt.language import load_nlp
    from standpunkt.model import Actor

    text = ("Südkorea beschließt die Reform\n\nDas südkoreanische Parlament hat die Reform beschlossen. "
            "Das Landwirtschaftsministerium begrüßte die Reform.")
    federal = Actor(name="Bundesministerium für Ernährung und Landwirtschaft", kind="organisation",
                    country="Deutschland")
    got = DocumentNames(load_nlp()(text)).complete(federal)
    assert (got.name, got.country) == ("Landwirtschaftsministerium", "Südkorea")
    german = "Das Landwirtschaftsministerium in Berlin begrüßte die Reform."
    assert DocumentNames(load_nlp()(german)).complete(federal).name == federal.name


def test_a_main_clause_outweighs_a_relative_clause_on_its_subject(tmp_path):
    text = "Die Partei Beispiel, die das Gesetz lange kritisiert hatte, stimmte der Reform am Ende zu."
    got = {(s.actor.name, s.agreement) for s in _coded(tmp_path, _REFORM, text)}
    assert got == {("Partei Beispiel", "support")}


@pytest.mark.parametrize("text, expected", [
    # a capitalised article inside a sentence opens a name
    ("Die Partei Die Mitte will die Reform unterstützen, sofern die Finanzierung gesichert wird.",
     {("Partei Die Mitte", "conditional")}),
    # announcing an examination is no position, whatever the classifier would read into it
    ("Die Regierung hat die Reform beschlossen. Die Beispielkommission kündigte an, das Gesetz auf seine "
     "Vereinbarkeit mit dem Binnenmarkt zu prüfen.", {("Regierung", "support")}),
    # costing billions is an argument against
    ("Die Reform koste jedes Jahr vier Milliarden Euro, sagte Karl Muster.", {("Karl Muster", "oppose")}),
])
def test_names_opened_by_an_article_examinations_and_costs(tmp_path, text, expected):
    got = {(s.actor.name, s.agreement) for s in _coded(tmp_path, _REFORM, text)}
    assert got == expected


@pytest.mark.parametrize("text, expected", [
    # a party's wing speaks for the party
    ("Der Wirtschaftsflügel der CDU lehnte die Reform ab.", {("CDU", "oppose")}),
    # "für oder gegen": both sides named, none taken
    ("Die Staaten fanden keine Mehrheit für oder gegen die Reform. Die Partei Beispiel stimmte gegen die Reform.",
     {("Partei Beispiel", "oppose")}),
    # opposed for as long as things stay as they are: opposed now, not conditionally
    ("Karl Muster forderte, die Reform zu stoppen, solange Zweifel an ihrer Wirkung bestünden.",
     {("Karl Muster", "oppose")}),
    # "allenfalls …, wenn" restricts like "nur …, wenn"
    ("Die Reform sei allenfalls als letztes Mittel vertretbar, wenn nichts anderes helfe, sagte Karl Muster.",
     {("Karl Muster", "conditional")}),
    # a concept that fails to see something is judged
    ("Die Reform verkenne die Lage der Betriebe, sagte Karl Muster.", {("Karl Muster", "oppose")}),
    # a name spelled out with its acronym in brackets, whose words alone read like a phrase about something else
    ("Die Initiative Frauen in die Vorstände (FidV) begrüßte die Reform.", {("FidV", "support")}),
])
def test_wings_both_sides_lasting_conditions_and_bracketed_acronyms(tmp_path, text, expected):
    got = {(s.actor.name, s.agreement) for s in _coded(tmp_path, _REFORM, text)}
    assert got == expected


def test_a_surname_the_taggers_missed_speaks_as_the_person_named_before(tmp_path):
    text = ("Das Kabinett beschloss am Mittwoch einen Gesetzentwurf von Justizministerin Christine Lambrecht. Die Regel "
            "gilt ab Juli. Lambrecht betonte, die Reform sei überfällig.")  # ("Lambrecht" tagged an adjective)
    got = {(s.actor.name, s.agreement) for s in _coded(tmp_path, _REFORM, text)}
    assert got == {("Christine Lambrecht", "support")}


@pytest.mark.parametrize("text, expected", [
    # a relative clause after a bracketed acronym is still one (the tagger read its pronoun as an article)
    ("Die oppositionelle Kuomintang (KMT), die traditionell enge Kontakte zu Peking pflegt, trägt die Reform mit.",
     {("KMT", "support")}),
    # "die Partei" is the party named before, whatever its name
    ("Die Kuomintang hat sich lange nicht festgelegt. Ein Sprecher der Partei sagte am Montag, die Reform sei "
     "richtig.", {("KMT", "support")}),
])
def test_relative_clauses_after_brackets_and_the_party_named_before(tmp_path, text, expected):
    got = {(s.actor.name, s.agreement) for s in _coded(tmp_path, _REFORM, text)}
    assert got == expected


@pytest.mark.parametrize("text, expected", [
    # betraying something is a judgement
    ("Die Reform verrate die Werte der Republik, sagte Karl Muster.", {("Karl Muster", "oppose")}),
    # legal means against it oppose it, unless they enforce it
    ("Streit um die Reform\n\nDas Parlament hat die Reform beschlossen. Die Partei Beispiel kündigte an, alle "
     "rechtlichen Mittel auszuschöpfen.", {("Parlament", "support"), ("Partei Beispiel", "oppose")}),
    ("Die Regierung will die Reform mit allen rechtlichen Mitteln durchsetzen.", {("Regierung", "support")}),
    # the concept set against what is wanted instead
    ("Karl Muster sagte, die Bürger wollten, dass sich die Politik um die Preise kümmere, nicht um eine weitere "
     "Reform.", {("Karl Muster", "oppose")}),
    # an indicative sentence about a named actor, inside indirect speech going on, is that actor's
    ("Finanzminister Karl Muster verteidigte die Reform am Mittwoch gegen Kritik. Viele Menschen seien darauf "
     "angewiesen, sagte der Minister. Die Entlastung komme schnell an.\n\nBei Ökonomen stößt das Vorhaben auf "
     "Ablehnung. Der Präsident des Deutschen Instituts für Wirtschaftsforschung, Marcel Fratzscher, nannte die "
     "Reform sozial ungerecht.", {("Karl Muster", "support"), ("Marcel Fratzscher", "oppose")}),
])
def test_betrayal_legal_means_things_wanted_instead_and_reports_inside_speech(tmp_path, text, expected):
    got = {(s.actor.name, s.agreement) for s in _coded(tmp_path, _REFORM, text)}
    assert got == expected


def test_what_may_not_be_done_is_an_outcome_reactions_are_read_against(tmp_path):
    text = ("Beispielstadt darf keine neue Reform beschließen\n\nDie Stadt Beispielstadt darf die geplante Reform nicht "
            "selbst beschließen. Das entschied das Verfassungsgericht am Mittwoch. Die Partei Beispiel begrüßte das "
            "Urteil. Die Bürgermeisterin Anna Beispiel zeigte sich enttäuscht.")
    got = {(s.actor.name, s.agreement) for s in _coded(tmp_path, _REFORM, text)}
    assert got == {("Partei Beispiel", "oppose"), ("Anna Beispiel", "support")}


def test_a_stance_noun_that_is_needed_is_nobodys_position(tmp_path):
    text = "Die Regierung will die Reform. Für die Reform sei die Zustimmung des Bundesrats nötig, heißt es im Entwurf."
    got = {(s.actor.name, s.agreement) for s in _coded(tmp_path, _REFORM, text)}
    assert got == {("Regierung", "support")}


@pytest.mark.parametrize("text, expected", [
    # speech going on after a sentence about another body, opening with a pronoun that agrees with it, is that body's
    ("Die Partei Beispiel lehnt die Reform ab. Ihr Sprecher Karl Muster sagte, man "
     "werde die Reform bekämpfen. Auch die Beispielpartei Mitte äußerte Bedenken. Sie könne der Reform nur "
     "zustimmen, wenn das Parlament das letzte Wort behalte.",
     {("Partei Beispiel", "oppose"), ("Karl Muster", "oppose"), ("Beispielpartei Mitte", "conditional")}),
    # "er" after "Zustimmung kam von X" is X, who speaks there
    ("Die Regierung will die Reform. Zustimmung kam dagegen vom früheren General Karl Muster. Das Land dürfe sich "
     "nicht länger von einem Veto Moskaus abhängig machen, sagte er.",
     {("Regierung", "support"), ("Karl Muster", "support")}),
    # a stance noun allowed only with, or missing, is nobody's position
    ("Die Regierung will die Reform, nach der Soldaten nur mit Zustimmung der Vereinten Nationen entsandt werden "
     "dürfen.", {("Regierung", "support")}),
    # "Ähnlich äußerte sich X": the position of the one before
    ("Karl Muster lehnt die Reform ab. Ähnlich äußerte sich Anna Beispiel von der Partei Beispiel.",
     {("Karl Muster", "oppose"), ("Anna Beispiel", "oppose")}),
])
def test_pronouns_after_another_body_stances_from_someone_needed_stances_and_similar_views(tmp_path, text, expected):
    got = {(s.actor.name, s.agreement) for s in _coded(tmp_path, _REFORM, text)}
    assert got == expected


def test_legal_action_without_an_object_opposes_the_topic(tmp_path):
    # (after a relative clause about the subject, and with no concept word in the paragraph or the one before)
    text = ("Die Regierung will die Reform beschließen. Die Reform ist umstritten.\n\nAnna Beispiel nannte das einen "
            "Fehler. Ihre Partei kündigte Widerstand an. Sie sieht sich bedroht. Die Partei Beispiel, die nur knapp "
            "in den Landtag kam, will klagen.")
    got = {(s.actor.name, s.agreement) for s in _coded(tmp_path, _REFORM, text)}
    assert got == {("Regierung", "support"), ("Anna Beispiel", "oppose"), ("Partei Beispiel", "oppose")}


@pytest.mark.parametrize("text, expected", [
    # an explicit position in a relative clause outweighs a reaction to something unnamed
    ("Die Reform wurde wieder vertagt. Der Abgeordnete Karl Muster, der die Reform seit Jahren vorantreibt, "
     "zeigte sich enttäuscht.", {("Karl Muster", "support")}),
    # "sie" after a semicolon is the subject before it, not the last name mentioned
    ("Die Reform wurde beschlossen. Mehrere Abgeordnete des linken Flügels enthielten sich. Die Partei Mitte enthielt "
     "sich ebenfalls; sie hält die Reform für unzureichend durchdacht.", {("Partei Mitte", "oppose")}),
    # "neben X auch Y": the subject after "auch"
    ("Für die Reform stimmten neben der Regierung auch die Grünen und die Linke.",
     {("Grüne", "support"), ("Die Linke", "support")}),
    # a noun's infinitive says what the stance is for
    ("Fünf Jahre nach dem Beschluss des Parlaments Beispiel, die Reform einzuführen, ist nichts geschehen. Die Reform "
     "bleibt umstritten.", {("Parlament Beispiel", "support")}),
    # a sentence in the indicative after a poll (the quotation layer reads it as the poll going on) is its subject's
    ("Die Reform ist umstritten. Eine Umfrage des Instituts Beispiel ergab, dass eine Mehrheit der Eltern die Reform "
     "unterstützt. Der Elternverband FEB lehnt sie dagegen ab, weil die Familien die Kosten tragen müssten, wenn der "
     "Staat sich zurückziehe.", {("FEB", "oppose")}),
])
def test_reactions_semicolons_subjects_after_auch_noun_infinitives_and_sentences_after_polls(tmp_path, text, expected):
    got = {(s.actor.name, s.agreement) for s in _coded(tmp_path, _REFORM, text)}
    assert got == expected


@pytest.mark.parametrize("text, expected", [
    # words on the topic that no word decides, from a speaker named as the body whose position the sentence before
    # gave, argue that body's position: by a stem of its name, a possessive, a party office
    ("Die Reform ist umstritten.\n\nDer Verband Beispiel begrüßte die Reform. Das Geld müsse nun schnell ankommen, "
     "mahnte Verbandschef Karl Muster.", {("Verband Beispiel", "support"), ("Karl Muster", "support")}),
    ("Die Reform ist umstritten.\n\nDie Partei Mitte lehnt die Reform ab. Die Familien trügen am Ende die Kosten, "
     "erklärte ihre Generalsekretärin Anna Beispiel.", {("Partei Mitte", "oppose"), ("Anna Beispiel", "oppose")}),
    # (nobody else's words)
    ("Die Reform ist umstritten.\n\nDie Partei Mitte lehnt die Reform ab. Die Familien trügen am Ende die Kosten, "
     "erklärte Innenminister Karl Muster.", {("Partei Mitte", "oppose")}),
])
def test_undecided_words_of_a_bodys_officer_after_its_position_argue_it(tmp_path, text, expected):
    got = {(s.actor.name, s.agreement) for s in _coded(tmp_path, _REFORM, text)}
    assert got == expected


def test_a_town_the_gazetteer_does_not_know_decides_as_a_body(tmp_path):
    """"hat auch die Stadt Hjortelund ein Bettelverbot beschlossen": the entity layer's place after a municipality
    noun is the town's body, not a person's name nor a place that only describes."""
    concept = "{id: verbot, label: Das Betteln verbieten, keywords: [Bettelverbot, Verbot]}"
    text = "Nach Eskilstuna hat nun auch die Stadt Hjortelund ein Bettelverbot beschlossen."
    assert {(s.actor.name, s.agreement) for s in _coded(tmp_path, concept, text)} == {("Stadt Hjortelund", "support")}


def test_votes_by_dafuer_a_list_going_on_after_aber_auch_and_welfare_bodies(tmp_path):
    """"Dafür votierten A und B, aber auch C": one list of voters for what the sentence before named; a lower-case
    adjective before a name describes it; "der Bund der Händler und Handwerker" is one federation; a body
    "gespalten" states no position; the gazetteer knows the large welfare associations ("die Caritas")."""
    concept = "{id: verbot, label: Das Betteln verbieten, keywords: [Bettelverbot, Verbot]}"
    text = ("Das Parlament hatte mit knapper Mehrheit für das Bettelverbot gestimmt. Dafür votierten die "
            "oppositionelle Freie Allianz und die Partei Neue Mitte, aber auch der Bund der Händler und Handwerker, "
            "der selbst der Regierung angehört. Gespalten zeigt sich die Union. Die Caritas lehnt das Verbot ab.")
    assert {(s.actor.name, s.agreement) for s in _coded(tmp_path, concept, text)} == {
        ("Parlament", "support"), ("Freie Allianz", "support"), ("Partei Neue Mitte", "support"),
        ("Bund der Händler und Handwerker", "support"), ("Caritas", "oppose")}


def test_an_authorless_statement_and_the_association_are_the_body_named_before(tmp_path):
    """"Auch die Europäische Fernsehunion zeigte sich besorgt. …, hieß es in einer Stellungnahme": the body the
    sentence before opens with (after a focus particle), which is no news outlet for a broadcasting word inside its
    name; "erklärte der Verband" after "Der Deutsche Lehrerbund": that association, in its name's strong form."""
    concept = "{id: gebuehr, label: Die Rundfunkgebühr abschaffen, keywords: [Rundfunkgebühr, Abschaffung]}"
    text = ("Die Regierung will die Rundfunkgebühr abschaffen. Auch die Europäische Rundfunkunion zeigte sich "
            "besorgt. Die Abschaffung sei nur dann vertretbar, wenn die Finanzierung gesetzlich garantiert werde, "
            "hieß es in einer Stellungnahme.\n\nDer Deutsche Lehrerbund äußerte sich zurückhaltend. Die Abschaffung "
            "sei grundsätzlich richtig, müsse aber sozial abgefedert werden, erklärte der Verband.")
    assert {(s.actor.name, s.agreement) for s in _coded(tmp_path, concept, text)} == {
        ("Regierung", "support"), ("Europäische Rundfunkunion", "conditional"),
        ("Deutscher Lehrerbund", "conditional")}


def test_a_subject_after_vor_allem_or_unter_anderem(tmp_path):
    """"Vor allem die CSU hatte auf die Ausweitung gedrängt": a focus phrase of two words before the subject."""
    concept = "{id: rente, label: Die Rente ausweiten, keywords: [Ausweitung, Rente]}"
    text = ("Vor allem die CSU hatte auf die Ausweitung gedrängt. Unter anderem die Grünen lehnen die Ausweitung "
            "dagegen ab.")
    assert {(s.actor.name, s.agreement) for s in _coded(tmp_path, concept, text)} == {
        ("CSU", "support"), ("Grüne", "oppose")}


@pytest.mark.parametrize("text, expected", [
    # a relief organisation named by a "-hilfe" compound speaks; the comma its frame leaves out still parts the
    # warning from the harm warned of (two signs of one judgement, not a double negation)
    ("Die Kindernothilfe warnte, die Kürzungen kosteten Menschenleben.", {("Kindernothilfe", "oppose")}),
    ("Der Bauernverband warnte, die Kürzungen kosteten Menschenleben.", {("Bauernverband", "oppose")}),
    # unhappiness about something is opposition to it
    ("Die Sozialministerin Anna Beispiel zeigte sich unglücklich über die Kürzungen.", {("Anna Beispiel", "oppose")}),
    # taking the side of an actor named before: where that actor stands, whatever "hinter" says alone
    ("Bürgermeisterin Anna Probst lehnte die Kürzungen ab. Die Linke stellte sich hinter Probst.",
     {("Anna Probst", "oppose"), ("Die Linke", "oppose")}),
    ("Die Regierung Norwegens lehnte die Kürzungen ab. Die Nachbarländer stellten sich hinter Norwegen.",
     {("Regierung Norwegen", "oppose"), ("Nachbarländer", "oppose")}),
])
def test_relief_organisations_unhappiness_and_sides_taken(tmp_path, text, expected):
    concept = "{id: kuerzung, label: Die Hilfe kürzen, keywords: [Kürzungen]}"
    assert {(s.actor.name, s.agreement) for s in _coded(tmp_path, concept, text)} == expected


def test_a_merged_statement_keeps_the_mention_that_says_who_the_actor_is(tmp_path):
    """The quotation after "Die dänische Regierungschefin X …" is "sie": the statement is the prime minister's,
    with her role and country, whichever of the two came first in the merge."""
    concept = "{id: kuerzung, label: Die Hilfe kürzen, keywords: [Kürzungen]}"
    text = ("Die dänische Regierungschefin Mette Frederiksen wies die Kürzungen entschieden zurück. Die Kürzungen "
            "seien falsch, sagte sie.")
    (st,) = _coded(tmp_path, concept, text)
    assert (st.actor.name, st.actor.country, st.agreement) == ("Mette Frederiksen", "Dänemark", "oppose")


_EURO = "{id: euro, label: Den Euro einführen, keywords: [Euro, Einführung, Senkung, Entscheidung]}"


@pytest.mark.parametrize("text, expected", [
    # a past-tense verb the tagger read as the adjective before its object ("organisierte Proteste")
    ("Die Regierung will den Euro einführen. Die Partei Beispiel organisierte Proteste vor dem Parlament.",
     {("Regierung", "support"), ("Partei Beispiel", "oppose")}),
    # "sagte sie in Frankfurt": the woman named before, not the city's country
    ("Notenbankchefin Anna Probst begrüßte die Entscheidung. Der Euro sei ein Gewinn, sagte sie in Frankfurt.",
     {("Anna Probst", "support")}),
    # asking for a popular vote on the concept is no support for it; seeing it otherwise than the one before is
    ("Der Regierungschef Karl Muster lobte die Einführung. Präsident Hans Probst sieht das anders. Er hatte eine "
     "Volksabstimmung über die Einführung verlangt.", {("Karl Muster", "support"), ("Hans Probst", "oppose")}),
    # agreeing on the thing just named; cheering; calling it a gift to someone
    ("Die Regierung will den Euro einführen. Darauf hat sich der Koalitionsausschuss verständigt. Der Bankenverband "
     "jubelte. Der Ökonom Hans Probst nannte die Einführung ein teures Geschenk an die Banken.",
     {("Regierung", "support"), ("Koalitionsausschuss", "support"), ("Bankenverband", "support"),
      ("Hans Probst", "oppose")}),
    # a quotation that names the topic but takes no side, from the party's officer right after the party's position
    ("Die Grünen lehnen die Einführung ab. Von der Einführung profitierten vor allem Banken, sagte Fraktionsvize "
     "Hans Probst.", {("Grüne", "oppose"), ("Hans Probst", "oppose")}),
])
def test_verbs_read_as_adjectives_pronouns_with_places_referendums_and_gifts(tmp_path, text, expected):
    assert {(s.actor.name, s.agreement) for s in _coded(tmp_path, _EURO, text)} == expected


@pytest.mark.parametrize("sentence, expected", [
    # a phrase after the verb with an accusative or dative article is the object, never the subject
    ("Der Staatsfonds hat den Hersteller Beispiel aus dem Portfolio ausgeschlossen.",
     [(["Staatsfonds"], "Der Staatsfonds hat den Hersteller Beispiel aus dem Portfolio ausgeschlossen")]),
    # a particle between the subject in front and its verb
    ("Caterpillar selbst wies die Vorwürfe zurück.", [(["Caterpillar"], "Caterpillar selbst wies die Vorwürfe zurück")]),
    ("Die Grünen dagegen lehnen die Reform ab.", [(["Grüne"], "Die Grünen dagegen lehnen die Reform ab")]),
    # bodies named by whose they are
    ("Organisationen von Homosexuellen begrüßten den Entwurf.",
     [(["Organisationen von Homosexuellen"], "Organisationen von Homosexuellen begrüßten den Entwurf")]),
])
def test_objects_after_the_verb_and_particles_after_the_subject(sentence, expected):
    assert _reported(sentence) == expected


@pytest.mark.parametrize("text, expected", [
    # a company named by a keyword of the concept still speaks when it rejects something
    ("Der Fonds hat Caterpillar ausgeschlossen. Caterpillar selbst wies die Entscheidung zurück.",
     {("Fonds", "support"), ("Caterpillar", "oppose")}),
    # indirect speech going on after a narrated judgement of someone else is that one's reasons, not the speaker's
    ("Die Grünen kritisierten die Abschaffung scharf. Sie sei ein Fehler, sagte die Sprecherin Anna Probst. Auch der "
     "Forscher Hans Beispiel hält den Schritt für falsch. Ein Signal der Abschreckung sei die Abschaffung dennoch.",
     {("Grüne", "oppose"), ("Anna Probst", "oppose"), ("Hans Beispiel", "oppose")}),
    # bringing back what the concept abolishes opposes it; a party's spokeswoman speaks for the party before
    ("Der Bundestag beschloss die Abschaffung. Die Linke kündigte an, die Regelung nach der Abschaffung wieder "
     "einzuführen. Damit werde gut integrierten Menschen die Tür "
     "zugeschlagen, sagte ihre innenpolitische Sprecherin Anna Probst.",
     {("Deutscher Bundestag", "support"), ("Die Linke", "oppose"), ("Anna Probst", "oppose")}),
])
def test_companies_named_by_keywords_judgements_before_free_indirect_speech_and_restoring(tmp_path, text, expected):
    concept = "{id: c, label: Caterpillar ausschließen und die Regelung abschaffen, keywords: [Caterpillar, " \
              "Ausschluss, Abschaffung, Schritt]}"
    assert {(s.actor.name, s.agreement) for s in _coded(tmp_path, concept, text)} == expected


@pytest.mark.parametrize("text, expected", [
    # an opposition leader named by her office; praising what the concept abolishes, by another compound of the same
    # head, opposes it
    ("Die Regierung will die Zwei-Kind-Grenze abschaffen. Die Oppositionsführerin Anna Probst lehnte die Abschaffung "
     "dagegen ab.\n\nDie Obergrenze habe Arbeit attraktiver gemacht, sagte der Abgeordnete Karl Muster.",
     {("Regierung", "support"), ("Anna Probst", "oppose"), ("Karl Muster", "oppose")}),
    # an unnamed committee of a known organisation is that committee; "nichts Neues" negates nothing; holding on to
    # something else than the change keeps what is
    ("Ein UN-Ausschuss hatte gefordert, die Zwei-Kind-Grenze abzuschaffen. Eine Abschaffung sei nichts Neues, sagte "
     "der Abgeordnete Hans Probst. Die Konservativen halten dagegen an der bisherigen Linie fest.",
     {("UN-Ausschuss", "support"), ("Hans Probst", "support"), ("Konservative Partei", "oppose")}),
])
def test_offices_same_head_compounds_committees_and_holding_on(tmp_path, text, expected):
    concept = "{id: grenze, label: Die Zwei-Kind-Grenze abschaffen, keywords: [Zwei-Kind-Grenze, Obergrenze, " \
              "Abschaffung]}"
    assert {(s.actor.name, s.agreement) for s in _coded(tmp_path, concept, text)} == expected


def test_a_party_family_word_is_the_party_of_the_country_reported_on(tmp_path):
    """"Die Sozialdemokraten" in a report on Switzerland are the SP, not the SPD the gazetteer reads alone; "Deren
    Fraktionschef", named by no name, speaks for the party before."""
    concept = "{id: verbot, label: Das Verbot neuer Atomkraftwerke aufheben, keywords: [Verbot, Vorschlag]}"
    text = ("Der Schweizer Bundesrat will das Verbot aufheben. Die Sozialdemokraten kündigten Widerstand gegen den "
            "Vorschlag an. In der Schweiz ist das Thema umstritten.\n\nAuch die Grünliberalen lehnen den Vorschlag "
            "ab. Deren Fraktionschef sprach von einem Irrweg, der dem Klima nichts bringe.")
    got = {(s.actor.name, s.actor.country, s.agreement) for s in _coded(tmp_path, concept, text)}
    assert ("SP", "Schweiz", "oppose") in got
    assert not any(name in ("SPD", "Fraktionschef") for name, _, _ in got)


def test_a_compared_view_after_views_that_named_no_keyword_is_on_the_documents_topic(tmp_path):
    concept = "{id: verbot, label: Das Verbot neuer Atomkraftwerke aufheben, keywords: [Neubauverbot, Vorschlag]}"
    text = ("Der Bundesrat will das Neubauverbot aufheben. Minister Hans Probst begründete den Vorschlag mit der "
            "Versorgungssicherheit.\n\nDie Partei Beispiel kündigte erbitterten Widerstand an. Die Atomkraft sei "
            "teuer und gefährlich, sagte Parteichef Karl Muster. Seine Partei werde notfalls das Referendum "
            "ergreifen.\n\nDie Energie-Stiftung sieht das ähnlich. Der Ausbau der Solarenergie sei schneller.")
    got = {(s.actor.name, s.agreement) for s in _coded(tmp_path, concept, text)}
    assert ("Energie-Stiftung", "oppose") in got


def test_the_label_in_its_own_words_names_the_concept(tmp_path):
    # the label's verb with its object's head states the concept, though no keyword names it
    concept = "{id: kammer, label: Die zweite Kammer abschaffen, keywords: [Reform]}"
    got = {(s.actor.name, s.agreement) for s in _coded(tmp_path, concept, "Die CDU will die Kammer abschaffen.")}
    assert got == {("CDU", "support")}
    got = _coded(tmp_path, concept, "Das Parlament schafft die Kammer nicht ab.")
    assert [s.agreement for s in got] == ["oppose"]
    assert _coded(tmp_path, concept, "Das Parlament schafft die Steuer ab.") == []


@pytest.mark.parametrize("label, objects", [
    ("Den irischen Senat abschaffen", ("senat",)),
    ("Soziale Medien für Jugendliche verbieten", ("medien",)),
    ("Das Ergebnis der Präsidentschaftswahl sofort veröffentlichen", ("ergebnis",)),
    ("Folter und grausame Behandlung von Gefangenen verbieten", ("folter", "behandlung")),
    ("Tempolimit auf Autobahnen", ()),
    ("Der Senat soll abgeschafft werden", ()),
])
def test_label_objects_are_the_heads_of_what_the_label_verb_governs(label, objects):
    from standpunkt.stance.codebook import Concept, label_objects

    assert label_objects(Concept(id="c", label=label, issue="i")) == objects


def test_a_main_clause_after_a_comma_whose_article_looks_like_a_relative_pronoun():
    # "die" before a noun and a verb in second place opens a main clause, not a relative clause
    got = _reported("Die Senatorin zeigte sich offen, die Jusos lehnen den Plan strikt ab.")
    assert (["Jusos"], "die Jusos lehnen den Plan strikt ab") in got
    # a relative clause ends in its finite verb
    assert not any("Experten" in names for names, _ in _reported("Der Senat baut Wohnungen, die Experten fordern."))


def test_a_reported_position_keeps_the_condition_after_it(tmp_path):
    concept = "{id: los, label: Wehrpflichtige per Los auswählen, keywords: [Los, Losverfahren]}"
    got = _coded(tmp_path, concept, "Die SPD kann sich ein Losverfahren vorstellen, sofern es gerecht geregelt wird.")
    assert [(s.actor.name, s.agreement) for s in got] == [("SPD", "conditional")]


@pytest.mark.parametrize("label, undone", [
    # only what the undoing verb governs: not the object of another verb phrase before it
    ("Eine Abgabe auf Billigmode erheben und Werbung dafür verbieten", ("werbung",)),
    ("Die Abgabe abschaffen und Werbung erlauben", ("abgabe",)),
    ("Die Wehrpflicht aussetzen", ("wehrpflicht",)),
])
def test_undone_nouns_are_what_the_undoing_verb_governs(label, undone):
    from standpunkt.stance.codebook import Concept, undone_nouns

    assert undone_nouns(Concept(id="c", label=label, issue="i")) == undone


def test_a_party_named_by_a_noun_and_its_short_acronym_and_citizens_initiatives():
    assert _reported("Die Oppositionspartei PD stimmte geschlossen gegen das Gesetz.")[0][0] == ["Partito Democratico"]
    assert _reported("Bürgerinitiativen hatten gegen das Projekt mobil gemacht.")[0][0] == ["Bürgerinitiativen"]


def test_a_managing_director_named_after_his_role_speaks_not_his_association(tmp_path):
    concept = "{id: verbot, label: Die Stoffe verbieten, keywords: [Verbot]}"
    text = ("Ein pauschales Verbot gefährde Arbeitsplätze, sagte der Hauptgeschäftsführer des Verbands der "
            "Chemischen Industrie, Wolfgang Große Entrup.")
    assert [s.actor.name for s in _coded(tmp_path, concept, text)] == ["Wolfgang Große Entrup"]


def test_a_first_name_before_a_surname_the_entity_layer_took_for_a_town():
    from standpunkt.actors.phrases import resolve_subject
    from standpunkt.language import load_nlp

    doc = load_nlp()("Ihre Vorsitzende Randi Weingarten nannte den Schritt einen Fehler.")
    assert [a.name for a in resolve_subject([t for t in doc][:4], None, load_registry(None))] == ["Randi Weingarten"]


def test_a_promise_of_ones_bodys_support_is_a_position_on_the_topic(tmp_path):
    concept = "{id: olympia, label: Sich um Olympische Spiele bewerben, keywords: [Bewerbung, Olympia-Bewerbung]}"
    text = ("München stimmt für Olympia-Bewerbung\n\nDie Münchner haben sich in einem Bürgerentscheid für eine "
            "Bewerbung um Olympische Spiele ausgesprochen. Rund 66 Prozent stimmten mit Ja. Oberbürgermeister Max "
            "Muster zeigte sich begeistert. Das Ergebnis sei ein starkes Signal, sagte der SPD-Politiker. Auch "
            "Ministerpräsident Karl Beispiel gratulierte und versprach die Unterstützung des Freistaats.")
    assert ("Karl Beispiel", "support") in {(s.actor.name, s.agreement) for s in _coded(tmp_path, concept, text)}



def test_a_but_that_asks_how_is_read_with_the_reported_clause_before_it(tmp_path):
    concept = "{id: rente, label: Für jedes Kind in ein Vorsorgedepot einzahlen, keywords: [Kinderrente, Idee]}"
    text = ("Die Kinderrente kommt. Die Sozialverbände begrüßen die Idee grundsätzlich, aber sie müsse sozial "
            "gerecht sein. Die Grünen unterstützen die Kinderrente, aber sie muss einfach bleiben. Die Linke "
            "lehnt die Kinderrente ab, fordert aber eine höhere Grundrente.")
    got = {(s.actor.name, s.agreement) for s in _coded(tmp_path, concept, text)}
    assert got == {("Sozialverbände", "conditional"), ("Grüne", "conditional"), ("Die Linke", "oppose")}


def test_a_parliament_whose_name_ends_in_s_keeps_it():
    assert _reported("Das Repräsentantenhaus der Philippinen hat einen Gesetzentwurf gebilligt.")[0][0] == [
        "Repräsentantenhaus Philippinen"]


def test_a_speaker_who_shows_himself_reserved_before_a_colon_says_what_follows(tmp_path):
    concept = "{id: scheidung, label: Die Scheidung erlauben, keywords: [Scheidung, Gesetz]}"
    text = ("Das Parlament hat ein Gesetz gebilligt. Die Ehe sei unauflöslich, erklärte der Bischof Hans Meier. "
            "Präsident Karl Muster zeigte sich zurückhaltend: Er sei für Scheidungen, aber sie dürften nicht zu "
            "einfach werden.")
    got = {(s.actor.name, s.agreement) for s in _coded(tmp_path, concept, text)}
    assert ("Karl Muster", "conditional") in got


def test_the_support_of_a_body_promised_by_its_head_is_the_heads_statement_only(tmp_path):
    concept = "{id: olympia, label: Sich um Olympische Spiele bewerben, keywords: [Bewerbung, Olympia-Bewerbung]}"
    text = ("München stimmt für Olympia-Bewerbung\n\nDie Münchner haben sich in einem Bürgerentscheid für eine "
            "Bewerbung um Olympische Spiele ausgesprochen. Rund 66 Prozent stimmten mit Ja. Ministerpräsident Karl "
            "Beispiel gratulierte und sagte die Unterstützung der Staatsregierung zu.")
    assert {(s.actor.name, s.agreement) for s in _coded(tmp_path, concept, text)} == {("Karl Beispiel", "support")}


def test_a_but_clause_of_the_same_subject_naming_no_concept_word_leaves_the_position_before(tmp_path):
    concept = "{id: verbot, label: Ferienwohnungen in Barcelona verbieten, keywords: [Verbot, Ferienwohnungen]}"
    text = ("Barcelona verbietet Ferienwohnungen\n\nBarcelona will Ferienwohnungen ab 2028 verbieten. Der "
            "Mieterverband FAVB sprach von einem Sieg für die Anwohner, forderte aber Kontrollen gegen illegale "
            "Vermietungen.")
    assert ("FAVB", "support") in {(s.actor.name, s.agreement) for s in _coded(tmp_path, concept, text)}


def test_a_person_before_the_verb_is_its_subject_not_the_body_in_the_dative_after_it():
    assert _reported("Die Oppositionsführerin im Stadtrat, Karla Muster, warf der Stadtverwaltung vor, Familien "
                     "mit Kindern zu bestrafen.")[0][0] == ["Karla Muster"]


def test_what_follows_a_colon_after_a_framing_clause_is_its_subjects(tmp_path):
    concept = "{id: verbot, label: Schottergärten verbieten, keywords: [Schottergärten, Verbot]}"
    text = ("Das Land will das Verbot von Schottergärten durchsetzen. Der Gemeindetag äußerte Zweifel: Ohne "
            "zusätzliches Personal könnten die Städte die Kontrollen nicht leisten.")
    got = {(s.actor.name, s.agreement) for s in _coded(tmp_path, concept, text)}
    assert {name for name, _ in got} >= {"Gemeindetag"} and "Städte" not in {name for name, _ in got}


def test_a_bad_judgement_of_what_a_levy_falls_on_argues_for_it(tmp_path):
    concept = "{id: gebuehr, label: Höhere Parkgebühren für schwere Autos verlangen, keywords: [Parkgebühren]}"
    text = ("Paris verdreifacht Parkgebühren\n\nParis verlangt höhere Parkgebühren für schwere Autos. Die Autos seien "
            "gefährlicher, argumentierte Bürgermeisterin Karla Muster. Die Parkgebühren seien unfair, sagte Hans "
            "Meier.")
    got = {(s.actor.name, s.agreement) for s in _coded(tmp_path, concept, text)}
    assert {("Karla Muster", "support"), ("Hans Meier", "oppose")} <= got
