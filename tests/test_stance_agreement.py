"""Agreement rules: negation, oppose words, concept actions, conditions, limitations, concessions, claim dates.

The sentences are written for these tests (not taken from the example article), so the rules are checked on
phrasings they were not tuned on.
"""

from __future__ import annotations

from datetime import date

import pytest

from standpunkt.stance.agreement import assess
from standpunkt.stance.dates import claim_date


@pytest.fixture(scope="module")
def nlp():
    from standpunkt.language import build_nlp

    return build_nlp(entities=False)


def _assess(nlp, text: str, actions=(), anchors=()):
    doc = nlp(text)
    result = assess(list(doc), actions=actions, is_anchor=lambda t: t.lemma_ in anchors)
    return result, [doc.text[s.start:s.end] for s in result.condition]


@pytest.mark.parametrize("text, actions, anchors, expected", [
    ("Die Grünen fordern ein Einwanderungsgesetz.", (), (), "support"),
    ("Die CSU lehnt ein Einwanderungsgesetz strikt ab.", (), (), "oppose"),
    ("Die Regierung lehnt den Plan nicht ab.", (), (), "support"),
    ("Polen werde keine Panzer liefern.", ("liefern",), (), "oppose"),
    ("Polen werde Panzer liefern.", ("liefern",), (), "support"),
    # calling to stay away opposes; investors who may leave withdraw nothing, a warning of it opposes
    ("Die Partei hatte zum Fernbleiben bei der Abstimmung über das Gesetz aufgerufen.", (), ("Gesetz",), "oppose"),
    ("Der Verband warnte, Investoren könnten sich aus dem Land zurückziehen.", (), (), "oppose"),
    ("Nach der Reform könnten sich Investoren aus dem Land zurückziehen.", (), ("Reform",), "neutral"),
    ("Der Dienst drohte, sich aus der EU zurückzuziehen, sollte das Gesetz in Kraft treten.", (), ("Gesetz",),
     "oppose"),
    # demanding exceptions makes a condition; responsible is a judgement in favour
    ("Er forderte Ausnahmen vom Gesetz für diese Gruppen.", (), ("Gesetz",), "conditional"),
    ("Der Verband nannte das Gesetz verantwortungsvoll.", (), ("Gesetz",), "support"),
    # one-sided and "anti-" adjectives judge; not looking on idly is doing something; a gain for someone is good
    ("Das Ministerium bezeichnete das Gesetz als antiisraelisch und einseitig.", (), ("Gesetz",), "oppose"),
    ("Man könne nicht tatenlos zusehen, sagte der Minister über das Gesetz.", (), ("Gesetz",), "support"),
    ("Der Verband sprach beim Gesetz von einem Gewinn für die Unternehmen.", (), ("Gesetz",), "support"),
    # preventing a harm is for what prevents it; fraud named as the cause of a loss is no judgement of the reform
    ("Die Reform solle Armut verhindern.", (), ("Reform",), "support"),
    ("Die Reform solle Steuerbetrug an manipulierten Kassen erschweren.", (), ("Reform",), "support"),
    ("Nach der Reform verliere der Staat jedes Jahr Milliarden durch Betrug.", (), ("Reform",), "neutral"),
    # with an undoing action, a bad word for what it undoes is the reason to undo it
    ("Eine ungerechte Steuer werde endlich abgeschafft.", ("abschaffen",), (), "support"),
    # what nothing works without is needed: support, and a consequence after a negation is no condition
    ("Ohne neue Kredite lasse sich die Hilfe nicht finanzieren, ohne bei den Renten zu kürzen.", (), ("Kredit",),
     "support"),
    ("Ohne die Ausnahme hätte die Regierung dem Gesetz nicht zugestimmt.", (), ("Ausnahme",), "support"),
    ("Ohne die Bremse drohten drastische Mieterhöhungen, warnte der Präsident.", (), ("Bremse",), "support"),
    ("Der Verband nannte die Bremse wirkungslos.", (), (), "oppose"),
    # what a warning is about repeats it, one vote; what replaces the concept is preferred to it
    ("Er warnte vor einer Eskalation.", (), (), "oppose"),
    ("Statt Abschüssen brauche es mehr Geld für den Herdenschutz.", (), ("Abschuss",), "oppose"),
    ("Der Verband hat sich hinter den Vorstoß gestellt.", (), (), "support"),
    ("Der Verband nannte den Vorstoß populistisch.", (), (), "oppose"),
    # judging another's rejection turns it; what can hardly be done is not supported
    ("Es sei unverständlich, dass die Stadt den Plan ablehne.", (), (), "support"),
    ("Er nannte die Forderung ideologisch.", (), (), "oppose"),
    ("Die Regeln ließen sich kaum kontrollieren.", (), ("Regel",), "oppose"),
    # "statt" governs its own phrase, not the object after it; a lawsuit against something opposes it
    ("Er forderte statt neuer Verbote einen Aufnahmestopp.", (), ("Aufnahmestopp",), "support"),
    ("Der Verband kündigte eine Klage gegen die Genehmigung an.", (), (), "oppose"),
    # the harm feared repeats the fear ("befürchtet, dass … gefährdet" is one vote, not two that cancel)
    ("Er befürchtet, dass ein Boykott Arbeitsplätze gefährdet.", (), ("Boykott",), "oppose"),
    # a harm not to be risked is warned of: the negation keeps it away and does not turn it
    ("Man dürfe nicht leichtfertig eine Eskalation riskieren.", (), (), "oppose"),
    ("Wer die Waffe liefert, riskiert eine Eskalation.", (), (), "oppose"),
    # a danger judges what it is said of; the danger of a harm warned of is one warning
    ("Die Regierung hatte das Verbot als Gefahr für Arbeitsplätze bezeichnet.", (), (), "oppose"),
    ("Er warnte vor der Gefahr einer Eskalation.", (), (), "oppose"),
    # what is needed is supported; a negation that sets aside a time ("und nicht erst in zehn Jahren") is no negation
    ("Die Ukraine braucht diese Waffe jetzt und nicht erst in einem halben Jahr.", (), (), "support"),
    ("Wir brauchen diese Reform nicht.", (), (), "oppose"),
    # what is deliberated is no position of whoever deliberates it
    ("Das Gericht verhandelt über eine Klage gegen die Abgabe.", (), (), "neutral"),
    ("Die Minister beraten über neue Sanktionen gegen Russland.", (), (), "neutral"),
    # "nichts halten von" is rejection, not a negation of the verb "halten"
    ("Die Partei hält nichts von neuen Steuern.", (), (), "oppose"),
    ("Der Verband hält viel von der Idee.", (), (), "support"),
    ("Die Präsidentin nannte die Kürzungen unwürdig.", (), (), "oppose"),
    # a relative clause the tagger starts with an article does not vote; the complement after it is the main verb's
    ("Die Union fordert, Empfängern, die zumutbare Arbeit ablehnen, die Leistungen zu streichen.", ("streichen",), (),
     "support"),
    ("Er lehnt den Plan ab, der vorsieht, Soldaten zu entsenden.", ("entsenden",), (), "oppose"),
    # a position tied to a condition is conditional, also beside an opposing word
    ("Die Regierung blockierte die Abstimmung und knüpfte ihre Zustimmung an eine Bedingung.", (), (),
     "conditional"),
    ("Die Partei macht ihre Zustimmung davon abhängig, dass die Steuern sinken.", (), (), "conditional"),
    ("Die Karte dürfe nicht dazu führen, dass Menschen ausgeschlossen würden.", (), (), "conditional"),
    ("Die Reform darf nicht zu Lasten der Rentner gehen.", (), (), "conditional"),
    # "gegen" another's opposition cancels it; after a noun of opposition it repeats it
    ("Die Ministerin verteidigte die Pläne gegen die Kritik.", (), (), "support"),
    ("Die Opposition übte Kritik gegen die Pläne.", (), (), "oppose"),
    # an attributive adjective that agrees with its evaluative noun is one judgement, not two signs
    ("Der Minister bezeichnete die Pläne als gefährliche Eskalation.", (), (), "oppose"),
    ("Die Ministerin nannte den Vorschlag einen schlechten Kompromiss.", (), (), "oppose"),
    ("Der Verband nannte die Reform unfair und kontraproduktiv.", (), (), "oppose"),
    ("Die Gewerkschaft sprach von einem Fortschritt.", (), (), "support"),
    # "sich für/gegen … aussprechen", "für/gegen … stimmen": the preposition carries the direction
    ("Die FDP hat sich für das Projekt ausgesprochen.", (), (), "support"),
    ("Am Montag sprach sich die SPD gegen den Weiterbau aus.", (), (), "oppose"),
    ("Die Fraktion stimmte gegen den Antrag.", (), (), "oppose"),
    ("Österreich und Luxemburg wollen dagegen stimmen.", (), (), "oppose"),
    ("Der Verband stellte den Nutzen eines Tempolimits infrage.", (), (), "oppose"),  # "infrage" lemmatised as a verb
    ("Die Partei sieht keinen Bedarf für eine Impfpflicht.", (), (), "oppose"),
    # "gegen" after the concept's own noun names the measure's target, not an opposition to it
    ("Die Staatsanwaltschaft erhob Anklage gegen den Minister.", (), ("Anklage",), "neutral"),
    ("Die Partei protestierte gegen die Anklage.", (), ("Anklage",), "oppose"),
    ("Die Afrikanische Union forderte eine Aussetzung des Verfahrens.", (), ("Verfahren",), "oppose"),
    # reactions: "zeigte sich erfreut über", "reagierten empört auf"
    ("Der Hersteller zeigte sich erfreut über den Vorschlag.", (), (), "support"),
    ("Umweltverbände reagierten empört auf den Vorschlag.", (), (), "oppose"),
    # nouns of ending oppose what they end
    ("Die Grünen fordern den Abbruch des Projekts.", (), (), "oppose"),
    ("Ein Ausstieg sei nicht mehr möglich.", (), (), "support"),
    ("Die Partei beabsichtige nicht, Truppen zu stationieren.", ("stationieren",), (), "oppose"),
    ("Es wäre falsch, die Grenzen zu schließen.", (), (), "oppose"),
    ("Es sei nicht richtig, die Hilfe zu kürzen.", (), (), "oppose"),
    ("Die Bundeswehr werde kein Teil einer Mission sein.", (), ("Mission",), "oppose"),
    ("Der Minister schließt eine Beteiligung nicht aus.", (), (), "support"),
    # an indirect question or free relative is its own subject's, not the speaker's
    ("Sie wisse nicht, wer den Plan ablehne.", (), (), "neutral"),
    ("Dort könnten die Machthaber machen, was sie wollten.", (), (), "neutral"),
    # signing or ratifying commits to what is signed
    ("Indien hat den Atomwaffensperrvertrag nie unterzeichnet.", (), (), "oppose"),
    ("Der Gouverneur hat das neue Gesetz am Montag unterschrieben.", (), (), "support"),
    ("Der Minister hält das für eine Option.", (), (), "support"),
    # fearing something is opposing it, like warning against it
    ("Die Anwohner befürchten eine Privatisierung der Wasserwerke.", (), (), "oppose"),
    ("Der Verband äußerte die Befürchtung, dass die Regierung die Reform stoppt.", (), (), "support"),
    ("Die Lage ist schwierig.", (), (), "neutral"),
    # critics and opponents hold the position their verb states, and vote themselves only without one
    ("Die Kritiker lehnen den Plan ab.", (), (), "oppose"),
    ("Kritiker der Regierung bezweifeln die Wirksamkeit der Reform.", (), (), "oppose"),
    ("Die Gegner des Gesetzes wollen dagegen klagen.", (), (), "oppose"),
    ("Das sagen Kritiker der Reform.", (), (), "oppose"),
    ("Zahlreiche Städte wurden von der Kommission verwarnt.", (), (), "oppose"),
    # denying, forbidding and threatening oppose; recommending and honouring support
    ("Die Regierung bestreitet, dass sie den Plan unterstützt.", (), (), "oppose"),
    ("Das Gericht untersagte die Kundgebung.", (), (), "oppose"),
    ("Der Entwurf bedroht die Unabhängigkeit der Richter.", (), (), "oppose"),
    ("Die Kommission empfiehlt eine Reform der Abgaben.", (), (), "support"),
    ("Der Präsident würdigte den Vertrag.", (), (), "support"),
    # exaggerating a danger, an exaggerated reaction: judged too much
    ("Die Regierung übertreibe die Gefahr.", (), (), "oppose"),
    ("Die Reaktion der Behörden sei übertrieben.", (), (), "oppose"),
    # a codebook action the lexicon counts as an opposing verb states the concept ("Russland ausschließen")
    ("Die Staaten schlossen das Land aus ihrer Gruppe aus.", ("ausschließen",), (), "support"),
    ("Die Staaten schlossen das Land nicht aus.", ("ausschließen",), (), "oppose"),
    ("Die Regierung werde den Beamten künftig verbieten, Gefangene zu schlagen.", ("verbieten",), (), "support"),
    ("Die Stadt verzichtet auf die Gebühr.", ("verzichten",), (), "support"),
    ("Die Regierung werde den Beamten künftig verbieten, Gefangene zu schlagen.", (), (), "oppose"),
    # a compound adjective of hostility or remoteness judges; "unsozial" is a judgement
    ("Der Verband nannte die Pläne familienfeindlich.", (), ("Plan",), "oppose"),
    ("Die Gewerkschaft nannte das Vorhaben realitätsfern.", (), ("Vorhaben",), "oppose"),
    ("Die Opposition nannte die Pläne unsozial.", (), ("Plan",), "oppose"),
    # a judging adjective on what a verb rejects says why: one rejection, not two that cancel
    ("Die Partei lehnte die unsinnigen Pläne ab.", (), ("Plan",), "oppose"),
    ("Der Verband kritisierte die gesundheitsschädlichen Vorschriften.", (), ("Vorschrift",), "oppose"),
    # a bad thing rejected, not the concept described: rejecting it is for what the claim wants
    ("Der Abgeordnete fordert, dass Kommunen fremdenfeindliche Demos verbieten.", (), (), "support"),
    # a divided body takes no side; undermining judges
    ("Gespalten zeigt sich die Koalition.", (), (), "neutral"),
    ("Die Koalition zeigt sich gespalten.", (), (), "neutral"),
    ("Der Streit hat die Koalition gespalten.", (), (), "oppose"),
    ("Der Entwurf hebelt das Streikrecht aus.", (), (), "oppose"),
    # granted in principle, then how it must be done: the grant's condition (without the grant, a "but" asks for
    # something else and the judgement stands)
    ("Eine Prüfung sei grundsätzlich richtig, müsse aber im Einzelfall erfolgen.", (), (), "conditional"),
    ("Das Verbot sei prinzipiell sinnvoll, dürfe jedoch nicht pauschal gelten.", (), (), "conditional"),
    ("Die Reform sei richtig, aber man müsse schneller handeln.", (), (), "support"),
    ("Die Partei hält die Regelung für rechtlich angreifbar.", (), (), "oppose"),
    # "statt" governs the year, not the predicate the concept is named by; introducing a bill proposes it
    ("Die Initiative will die Stadt verpflichten, schon 2040 statt 2045 klimaneutral zu werden.", (),
     ("klimaneutral",), "support"),
    ("Statt Abschüssen brauche es mehr Geld.", (), ("Abschuss",), "oppose"),
    ("Statt Verboten brauche es mehr Medienkompetenz.", (), ("verboten",), "oppose"),
    ("Die Regierung hatte das Gesetz eingebracht.", (), ("Gesetz",), "support"),
    # a judgement named by a noun of wrongdoing; granted in principle, a reservation after "aber" that names no
    # concept word leaves the grant standing (after "zwar" the "aber" outweighs it); examining a motion is no vote
    ("Der Sprecher nannte die Pläne Diebstahl.", (), ("Plan",), "oppose"),
    ("Die Partei unterstützt die Abgabe im Grundsatz, kritisiert aber, dass Familien leer ausgingen.", (),
     ("Abgabe",), "support"),
    ("Der Verband begrüßte das Vorhaben grundsätzlich, lehnte aber die Ausnahmen ab.", (), ("Vorhaben",), "support"),
    ("Die Partei unterstützt zwar grundsätzlich die Abgabe, lehnt aber die Ausgestaltung ab.", (), ("Abgabe",),
     "oppose"),
    ("Eine Sprecherin sagte, man prüfe den Antrag ergebnisoffen.", (), ("Abgabe",), "neutral"),
    # a break is a judgement where the step is called one, not where it dates another stance
    ("Der Abgeordnete nannte den Schritt einen Bruch mit der Verfassung.", (), ("Schritt",), "oppose"),
    ("Seit dem Bruch der Koalition lehnt die Partei das Gesetz ab.", (), ("Gesetz",), "oppose"),
    # a day of submission, a dark day
    ("Die Einigung sei eine Kapitulation, schrieb er.", (), ("Einigung",), "oppose"),
    ("Es sei ein düsterer Tag für Europa, schrieb er.", (), (), "oppose"),
    # campaigning against it, also as what is wanted; not the concept's own action against its target
    ("Die Partei will gegen die Reform mobil machen.", (), ("Reform",), "oppose"),
    ("Die Regierung will hart gegen den Terrorismus durchgreifen.", (), ("Terrorismus",), "support"),
    ("Sie warf der Regierung vor, die Gewaltenteilung auszuhöhlen.", (), (), "oppose"),
    ("Die Partei hat die Nein-Parole zur Initiative beschlossen.", (), ("Initiative",), "oppose"),
    # what is wanted instead of the thing named opposes it; the thing wanted instead of something else is wanted
    ("Statt jungen Menschen ein Jahr vorzuschreiben, solle man die Dienste besser ausstatten.", (), ("Pflichtjahr",),
     "oppose"),
    ("Statt das Pflichtjahr einzuführen, solle man die Dienste stärken.", ("einführen",), ("Pflichtjahr",), "oppose"),
    ("Statt weiter zu warten, solle man das Pflichtjahr sofort einführen.", ("einführen",), ("Pflichtjahr",),
     "support"),
    # the cost of the concept in lives or jobs; not the cost of something else
    ("Die Kürzungen kosteten Menschenleben.", (), ("Kürzung",), "oppose"),
    ("Die Reform kostet Arbeitsplätze.", (), ("Reform",), "oppose"),
    ("Billiger Alkohol koste jedes Jahr Hunderte Menschenleben.", (), ("Mindestpreis",), "neutral"),
    # unhappy about it; asking for a popular vote on it is no support
    ("Die Ministerin zeigte sich unglücklich über die Kürzungen.", (), ("Kürzung",), "oppose"),
    ("Er hatte eine Volksabstimmung über die Einführung verlangt.", (), ("Einführung",), "neutral"),
    # "gut" before an attributive adjective says how people are, no judgement
    ("Damit werde gut integrierten Menschen die Tür zugeschlagen.", (), ("Einbürgerung",), "neutral"),
    # the concept's own action, whatever reflexive verb with "lassen" follows it
    ("Der Bundestag hat die Möglichkeit abgeschafft, sich nach drei Jahren einbürgern zu lassen.", ("abschaffen",),
     ("Einbürgerung",), "support"),
    # bringing back what the concept ends opposes it
    ("Die Partei kündigte an, die Regelung wieder einzuführen.", ("abschaffen",), ("Regelung",), "oppose"),
    ("Die Chefin nannte den Schritt naiv.", (), ("Schritt",), "oppose"),
    # taking the referendum against a law; "ohne … zu" after what was done is no condition
    ("Die Partei hat das Referendum ergriffen.", (), ("Reform",), "oppose"),
    ("Die Abgabe habe Flüge verteuert, ohne dem Klima zu nützen.", (), ("Abgabe",), "neutral"),
    # the concept's noun as what a predicate describes is no demand for it
    ("Ein Signal der Abschreckung sei die Abschaffung dennoch.", ("abschaffen",), ("Abschaffung",), "neutral"),
    # an open question is nobody's position yet, unless a word of doubting or rejecting asks it
    ("Die Wähler entscheiden am Sonntag, ob die Kammer abgeschafft wird.", ("abschaffen",), ("Kammer",), "neutral"),
    ("Die Partei bezweifelt, ob die Abschaffung der Kammer sinnvoll ist.", ("abschaffen",), ("Abschaffung",),
     "oppose"),
    # fighting for it, or against it
    ("Der Verein hatte jahrelang für ein solches Verbot gekämpft.", (), ("Verbot",), "support"),
    ("Der Verein kämpft gegen das Verbot.", (), ("Verbot",), "oppose"),
    ("Auch die Partei stellt sich quer.", (), (), "oppose"),
    ("Der Verband sprach von einer Bevormundung der Raucher.", (), (), "oppose"),
    # being able to imagine it is openness; a "wenn" after it is its condition
    ("Die Ministerin kann sich eine Auswahl per Los vorstellen.", (), ("Los",), "support"),
    ("Die Partei kann sich eine Auswahl per Los nicht vorstellen.", (), ("Los",), "oppose"),
    ("Die Ministerin kann sich eine Auswahl per Los vorstellen, wenn sie gerecht ausgestaltet werde.", (), ("Los",),
     "conditional"),
    # exceptions for some cases make it conditional
    ("Die Ministerin hält Ausnahmen für unverzichtbar.", (), ("Verbot",), "conditional"),
    ("Für Anwendungen ohne Alternative, etwa in Medizinprodukten, dürfe es kein Verbot geben.", (), ("Verbot",),
     "conditional"),
    ("Es dürfe kein Verbot geben.", (), ("Verbot",), "oppose"),
    ("Der Gouverneur sprach von einem Motor für Tourismus und Wirtschaft.", (), (), "support"),
    # legal action against it
    ("Die Gewerkschaft will juristisch gegen die Auflösung vorgehen.", ("abschaffen",), ("Auflösung",), "oppose"),
    # "für" the concept as the predicate of "sein"; a "but" that says how the thing taken up must be is the
    # condition of support (a demand for something else leaves it standing); starting a measure on its way
    ("Er sei klar für die Reform.", (), ("Reform",), "support"),
    ("Sie sei nicht für die Reform.", (), ("Reform",), "oppose"),
    ("Das sei für die Reform ein Fortschritt.", (), ("Reform",), "support"),
    ("Er sei für Scheidungen, aber sie dürften nicht zu einfach werden.", (), ("Scheidung",), "conditional"),
    ("Er sei für die Reform, aber man müsse schneller handeln.", (), ("Reform",), "support"),
    ("Die Regierung hat die Reform auf den Weg gebracht.", (), ("Reform",), "support"),
    ("Die Ministerin bringt die Reform noch in diesem Jahr auf den Weg.", (), ("Reform",), "support"),
    # the concept as the means of fighting something else is wanted for it
    ("Mit dem Verbot kämpft die Regierung gegen Tierquälerei.", (), ("Verbot",), "support"),
    ("Die Regierung will mit dem Verbot die Tierquälerei bekämpfen.", (), ("Verbot",), "support"),
    ("Durch das Verbot werde man Tierquälerei nicht verhindern.", (), ("Verbot",), "oppose"),
    ("Mit dem Verbot schade die Regierung den Bauern.", (), ("Verbot",), "oppose"),
])
def test_direction(nlp, text, actions, anchors, expected):
    result, _ = _assess(nlp, text, actions, anchors)
    assert result.agreement == expected, (text, result)


def test_negation_inside_a_condition_does_not_flip(nlp):
    result, cond = _assess(nlp, "Man stimme einer Mission zu, sofern die Soldaten nicht an Kämpfen teilnehmen.")
    assert result.agreement == "conditional" and result.polarity > 0
    assert cond == ["sofern die Soldaten nicht an Kämpfen teilnehmen"]


def test_verb_first_condition_with_sollte(nlp):
    result, cond = _assess(nlp, "Sollte der Bundestag zustimmen, würde die Regierung eine Beteiligung erwägen.")
    assert result.agreement == "conditional"
    assert cond == ["Sollte der Bundestag zustimmen"]


def test_limitation_ohne_zu_is_a_condition(nlp):
    result, cond = _assess(nlp, "Eine Mission sei notwendig, ohne selbst in die Kämpfe einzugreifen.")
    assert result.agreement == "conditional"
    assert cond == ["ohne selbst in die Kämpfe einzugreifen"]


def test_plain_wenn_clause_in_indicative_is_not_a_condition(nlp):
    result, cond = _assess(nlp, "Es sei nicht klug, Grenzen zu ziehen, wenn man den Frieden wolle.")
    assert result.agreement == "oppose" and cond == []


def test_concessive_phrase_does_not_vote(nlp):
    result, _ = _assess(nlp, "Trotz der Kritik vieler Staaten fordert die Ministerin neue Hilfen.")
    assert result.agreement == "support" and result.items == ["fordern"]


def test_nicht_nur_is_not_a_negation(nlp):
    result, _ = _assess(nlp, "Wir fordern nicht nur Geld, sondern auch Waffen.")
    assert result.agreement == "support" and result.negations == 0


def test_hedges_lower_confidence(nlp):
    plain, _ = _assess(nlp, "Die Regierung befürwortet den Plan.")
    hedged, _ = _assess(nlp, "Die Regierung befürwortet den Plan grundsätzlich.")
    assert plain.agreement == hedged.agreement == "support"
    assert hedged.confidence < plain.confidence


@pytest.mark.parametrize("text, expected", [
    ("sagte Scholz am Montag", date(2024, 2, 26)),
    ("erklärte er gestern", date(2024, 2, 26)),
    ("teilte das Ministerium am 20. Februar mit", date(2024, 2, 20)),
    ("sagte sie am 30. Dezember", date(2023, 12, 30)),
    ("sagte sie", None),
])
def test_claim_dates_relative_to_the_document(text, expected):
    assert claim_date(text, date(2024, 2, 27)) == expected  # a Tuesday


def test_no_claim_date_without_document_date():
    assert claim_date("sagte Scholz am Montag", None) is None


def test_a_trailing_negation_negates_the_clause_before():
    from standpunkt.language import load_nlp

    nlp = load_nlp()
    assert assess(list(nlp("Er unterstützt die Forderung, die Bank zu boykottieren, allerdings nicht."))).agreement \
        == "oppose"
    assert assess(list(nlp("Er unterstützt den Plan, aber nicht bedingungslos."))).agreement == "support"


def test_an_opposing_word_that_names_the_concept_states_it():
    from standpunkt.language import load_nlp

    tokens = list(load_nlp()("Die Partei fordert die Abschaffung der Wehrpflicht."))
    is_anchor = lambda t: t.text == "Abschaffung"  # noqa: E731 - the concept "Abschaffung der Wehrpflicht"
    assert assess(tokens, is_anchor=is_anchor).agreement == "support"
    assert assess(tokens).agreement == "oppose"  # towards a concept the word does not name, it opposes
    tokens = list(load_nlp()("Die Partei lehnt die Abschaffung der Wehrpflicht ab."))
    assert assess(tokens, is_anchor=is_anchor).agreement == "oppose"


@pytest.mark.parametrize("text, agreement", [
    ("Wenn die NATO zustimme, würde Lettland eine Teilnahme in Betracht ziehen.", "conditional"),
    ("Er unterstütze den Einsatz, ohne dass Soldaten kämpfen müssten.", "conditional"),
    ("Er unterstützte den Plan, ohne dass die Partei davon wusste.", "support"),  # a fact, no condition
    ("Sie drohte mit dem Notstand, wenn sich die Lage nicht verbessern sollte.", "conditional"),  # a case put
    ("Die Partei will dem Gesetz zustimmen, wenn die Regierung die Frist verlängert.", "conditional"),
    ("Es sei nicht klug, Linien zu ziehen, wenn man die Ukraine unterstützen wolle.", "oppose"),  # a premise
    ("Eine Erhöhung sei nur vertretbar, wenn die Abgaben gleichzeitig sinken.", "conditional"),  # the one case
    ("Die Partei stimmt erst dann zu, wenn die Regierung die Frist verlängert hat.", "conditional"),
    ("Die Reform sei nicht nur vertretbar, wenn man die Kosten bedenke, sie sei notwendig.", "support"),
])
def test_conditions_are_not_facts_or_counterfactuals(text, agreement):
    from standpunkt.language import load_nlp

    assert assess(list(load_nlp()(text))).agreement == agreement


def test_a_past_counterfactual_sets_no_condition():
    from standpunkt.language import load_nlp

    result = assess(list(load_nlp()("Die Tat hätte verhindert werden können, wenn der Haftbefehl vollstreckt "
                                    "worden wäre.")))
    assert result.agreement != "conditional" and not result.condition


def test_a_topic_keyword_outside_the_proposition_opposes_as_usual():
    """A codebook may list "Veto" to find a bill's debate; the veto is still the speaker's opposition."""
    from standpunkt.language import load_nlp
    from standpunkt.stance.codebook import Concept
    from standpunkt.stance.statements import _in_proposition, _proposition_words

    tokens = list(load_nlp()("Der Präsident kündigte sein Veto gegen den Gesetzentwurf an."))
    concept = Concept(id="verbot", issue="folter", label="Grausame Verhörmethoden per Gesetz verbieten",
                      actions=["verbieten"])
    words = _proposition_words(concept)
    veto = next(t for t in tokens if t.text == "Veto")
    assert not _in_proposition(veto, words)
    is_anchor = lambda t: t.text in ("Veto", "Gesetzentwurf")  # noqa: E731 - both are keywords
    states = lambda t: is_anchor(t) and _in_proposition(t, words)  # noqa: E731
    assert assess(tokens, is_anchor=is_anchor, states_concept=states).agreement == "oppose"
    abolish = list(load_nlp()("Die Partei fordert die Abschaffung der Wehrpflicht."))
    concept = Concept(id="wehrpflicht", issue="bundeswehr", label="Die Wehrpflicht abschaffen")
    word = next(t for t in abolish if t.text == "Abschaffung")
    assert _in_proposition(word, _proposition_words(concept))  # same stem: the word is the proposition


def test_coordinated_verbs_and_inner_concessions_vote_on_their_own():
    from standpunkt.language import load_nlp

    nlp = load_nlp()
    # two assertions: the criticism and a demand that is negated; the words must not multiply into support
    text = ("Die Abgeordneten sprachen von einem Dammbruch und forderten die Regierung auf, die Reform nicht "
            "auf Kosten der Bürgerrechte voranzutreiben.")
    assert assess(list(nlp(text))).agreement == "oppose"
    text = "Der Minister hatte die Zustimmung seiner Regierung trotz einiger Vorbehalte bekanntgegeben."
    assert assess(list(nlp(text))).agreement == "support"


@pytest.mark.parametrize("form, verb", [("vorgeschlagen", "vorschlagen"), ("abgelehnt", "ablehnen"),
                                        ("kritisiert", "kritisieren"), ("gefordert", "fordern"),
                                        ("geplant", "planen"), ("befürwortet", "befürworten"), ("gesagt", None)])
def test_participles_find_their_verb(form, verb):
    from standpunkt.stance.agreement import participle_entry

    entry = participle_entry(form)
    assert (entry.words[0] if entry else None) == verb


def test_an_attributive_participle_with_its_agent_is_the_agents_position():
    from standpunkt.actors import load_registry
    from standpunkt.language import load_nlp
    from standpunkt.stance.reported import nominal_stances

    nlp = load_nlp()
    doc = nlp("Den von der SPD vorgeschlagenen Mindestlohn lehnt die Union ab.")
    found = nominal_stances(list(doc), None, load_registry())
    assert [a.name for c in found for a in c.actors] == ["SPD"]
    assert found[0].tokens[0].text == "vorgeschlagenen"
    # in the Union's clause the SPD's participle does not vote: the Union opposes
    assert assess(list(doc)).agreement == "oppose"
    assert assess(list(nlp("Die Union kritisiert den geplanten Ausbau."))).agreement == "oppose"


def test_a_harm_judges_only_what_causes_it():
    from standpunkt.language import load_nlp

    nlp = load_nlp()
    assert assess(list(nlp("Er meint, dass der Ausbau zu mehr Armut führen werde."))).agreement == "oppose"
    # fighting a harm is no position against whatever the sentence is about
    assert assess(list(nlp("Sie fordert mehr Geld für den Kampf gegen die Armut."))).agreement == "support"


def test_a_definite_organisation_noun_refers_back_to_the_organisation_named_before():
    from standpunkt.actors import load_registry
    from standpunkt.language import load_nlp
    from standpunkt.stance.reported import reported_clauses

    doc = load_nlp()("Die Deutsche Bank hat im Mai Rekordgewinne gemeldet. Die Bank lehnt die Forderungen der "
                     "Gewerkschaft ab.")
    sentence = [t for t in list(doc.sents)[1]]
    found = reported_clauses(sentence, None, load_registry())
    assert [a.name for c in found for a in c.actors] == ["Deutsche Bank"]


def test_subjects_by_source_phrase_apposition_and_neither_nor():
    from standpunkt.actors import load_registry
    from standpunkt.language import load_nlp
    from standpunkt.stance.reported import reported_clauses

    nlp, registry = load_nlp(), load_registry()

    def found(text):
        sentence = [t for t in nlp(text) if not t.is_space]
        return [(sorted(a.name for a in c.actors), assess(c.tokens).agreement)
                for c in reported_clauses(sentence, None, registry)]

    assert found("Der Vorsitzende des Verbands in Bayern, Hans Muster, kritisierte die Entscheidung.") == [
        (["Hans Muster"], "oppose")]
    assert found("Weder die EU noch die USA erkennen das Ergebnis an.") == [
        (["Europäische Union", "USA"], "oppose")]
    assert found("Laut der Gewerkschaft ist der Plan falsch.") == [(["Gewerkschaft"], "oppose")]
    assert found("In Städten gibt es nun Fahrverbote, die nach Einschätzung des Umweltbundesamtes die Luft "
                 "verbessern können.") == [(["Umweltbundesamt"], "support")]
    # a list of subjects after the verb whose items carry prepositional attributes ("der Agentur für Umwelt")
    assert found("Am Montag haben die Ministerin Anna Schmidt, der Präsident der Agentur für Umwelt Klaus-Peter "
                 "Berger und der Chef der Gewerkschaft IG Metall Jörg Hofmann den Plan unterstützt.") == [
        (["Anna Schmidt", "Jörg Hofmann", "Klaus-Peter Berger"], "support")]


@pytest.mark.parametrize("text, holders", [
    # a view or will is its holder's position even where the clause's subject names an actor
    ("Nach Ansicht der Opposition muss die Regierung zurücktreten.", ["Opposition"]),
    ("Nach dem Willen des EU-Gipfels soll die Ukraine mehr Waffen erhalten.", ["Europäische Union"]),
    # a summit is the body that holds it, when a body's name or an acronym names it; other summits are events
    ("Der Nato-Gipfel forderte den sofortigen Abzug der Truppen.", ["NATO"]),
    ("Nach dem Willen des G8-Gipfels soll der Konflikt durch Verhandlungen gelöst werden.", ["G8"]),
    ("Der Gipfel von Lissabon forderte den sofortigen Abzug der Truppen.", []),
    # information is not a view: the subject still holds the position; after "nach dem Urteil" comes a time
    ("Nach Angaben der Zeitung lehnt Kanzlerin Angela Merkel den Plan ab.", ["Angela Merkel"]),
    ("Nach dem Urteil des Gerichts lehnt Kanzlerin Angela Merkel den Plan ab.", ["Angela Merkel"]),
])
def test_views_and_summits_hold_positions(text, holders):
    from standpunkt.actors import load_registry
    from standpunkt.language import load_nlp
    from standpunkt.stance.reported import reported_clauses

    sentence = [t for t in load_nlp()(text) if not t.is_space]
    assert [a.name for c in reported_clauses(sentence, None, load_registry()) for a in c.actors] == holders


@pytest.mark.parametrize("text, holders", [
    ("Es gab Streit über die Unterstützung der Ukraine.", []),  # what the support is for
    ("Die Regierung hat nicht die volle Unterstützung der Armee.", ["Armee"]),  # who gives it
    ("Die Regierung hat die volle Unterstützung der Armee für den Plan.", ["Armee"]),
    # support asked for is not given: the one who asks holds the position (through the verb), not the one asked
    ("Er warb um die Unterstützung der Regierung für das Anliegen.", []),
    ("Der Minister bat um die Zustimmung des Parlaments.", []),
    ("Die Kritik der Opposition an dem Gesetz wächst.", ["Opposition"]),
    ("Es gilt ein Moratorium der Walfangkommission gegen den Walfang.", ["Walfangkommission"]),  # a measure against it
    # a body's name runs on over "für" ("Bundesamt", not "Migration", was the holder)
    ("Die Kritik des Bundesamts für Migration an dem Gesetz wächst.", ["Bundesamt für Migration"]),
    # a participle without "ge-" the tagger reads as a past tense, inside a noun phrase
    ("Die Wahl fand nach einem von der Opposition kritisierten Verfahren statt.", ["Opposition"]),
])
def test_genitives_of_stance_nouns_hold_or_receive(text, holders):
    from standpunkt.actors import load_registry
    from standpunkt.language import load_nlp
    from standpunkt.stance.reported import nominal_stances

    found = nominal_stances([t for t in load_nlp()(text)], None, load_registry())
    assert [a.name for c in found for a in c.actors] == holders


def test_a_bare_body_noun_refers_back_to_the_fuller_description():
    from standpunkt.language import load_nlp
    from standpunkt.actors.phrases import organisation_referred

    doc = load_nlp()("Am Sonntag gab der Ständige Ausschuss des Nationalen Volkskongresses seine Entscheidung "
                     "bekannt. Der Ausschuss betont, dass alles rechtens sei.")
    group = [t for t in list(doc.sents)[1]][:2]
    # (with its article, which gives the name its strong form: "Ständiger Ausschuss …")
    assert organisation_referred(group) == "der Ständige Ausschuss des Nationalen Volkskongresses"


def test_a_body_noun_refers_to_one_body_not_to_several_nor_to_a_kind():
    from standpunkt.language import load_nlp
    from standpunkt.actors.phrases import organisation_referred

    # "von Umweltverbänden" names several bodies, "die Arbeitgeber" a kind of body: neither is "der Verband"'s or
    # an anaphor at all
    doc = load_nlp()("Kritik kam von Umweltverbänden. Der Verband sagte, der Plan sei teuer.")
    assert organisation_referred([t for t in list(doc.sents)[1]][:2]) is None
    doc = load_nlp()("Der Sozialverband VdK kritisierte den Plan. Die Arbeitgeber begrüßen ihn dagegen.")
    assert organisation_referred([t for t in list(doc.sents)[1]][:2]) is None


def test_a_body_in_the_genitive_after_a_source_noun_refers_back():
    from standpunkt.actors import load_registry
    from standpunkt.actors.phrases import referred_body
    from standpunkt.language import load_nlp
    from standpunkt.model import Actor, Quotation, Span

    text = "Der Sozialverband VdK kritisierte den Plan. Er sei unsozial, hieß es in einer Mitteilung des Verbands."
    doc = load_nlp()(text)
    s = text.index("einer Mitteilung")
    q = Quotation(form="Indirect", speaker=[Span(s, len(text) - 1)], message=[Span(text.index("Er sei"), s - 16)])
    got = referred_body(q, doc, Actor(name="Verband", kind="organisation", candidate=True), None, load_registry())
    assert got is not None and "VdK" in got.name
    # "die Behörde" is the authority named before, whatever its head noun, and where it sits is no part of it
    text = ("Die EU-Kommission muss die Beihilfe genehmigen. "
            "Eine Sprecherin der Behörde in Brüssel sagte, man prüfe sie.")
    doc = load_nlp()(text)
    s = text.index("Eine Sprecherin")
    q = Quotation(form="Indirect", speaker=[Span(s, text.index(" sagte"))],
                  message=[Span(text.index("man"), len(text) - 1)])
    got = referred_body(q, doc, Actor(name="Behörde", kind="organisation", candidate=True), None, load_registry())
    assert got is not None and got.name == "Europäische Kommission"


def test_a_relative_clause_opened_by_an_article_follows_a_noun_and_a_comma(nlp):
    from standpunkt.stance.agreement import split_clauses

    kinds = lambda text: [c.kind for c in split_clauses(list(nlp(text)))]  # noqa: E731
    assert kinds("Sie fordert, Empfängern, die Arbeit ablehnen, die Leistungen zu streichen.") == [
        "core", "core", "relative", "complement"]
    # a main clause after a name's party in brackets is none ("Ina Roth (FDP) warf …")
    assert "relative" not in kinds("Die Ministerin Ina Roth (FDP) warf den USA vor, den Konkurrenten bevorzugt zu "
                                   "haben.")


def test_confidence_counts_independent_votes_not_composed_words(nlp):
    """Words multiplied into one vote ("zur Anerkennung … zwingen zu wollen") are one piece of evidence, no surer
    than a plain "lehnt … ab"; separate clauses that agree are more."""
    from standpunkt.stance.agreement import CONFIDENCE_MANY_VOTES, CONFIDENCE_ONE_VOTE

    composed, _ = _assess(nlp, "Er wirft der Union vor, das Land zur Anerkennung des Staates zwingen zu wollen.")
    plain, _ = _assess(nlp, "Der Regierungschef lehnt die Unabhängigkeit strikt ab.")
    assert len(composed.items) == 2 and composed.confidence == plain.confidence == CONFIDENCE_ONE_VOTE
    two, _ = _assess(nlp, "Die Partei lehnt den Plan ab, sie kritisiert ihn scharf.")
    assert two.agreement == "oppose" and two.confidence == CONFIDENCE_MANY_VOTES


@pytest.mark.parametrize("text, anchors, negations", [
    # the negation sets a constituent aside; the rest of the clause states the concept
    ("Entscheidend für die Wahl der Kandidatin war ihre Erfahrung und nicht ihre Herkunft.", {"Wahl"}, 0),
    ("Damals waren die Erfahrung und nicht die Herkunft für die Wahl der Kandidatin entscheidend.", {"Wahl"}, 0),
    ("Gebraucht werden mehr Stellen bei der Feuerwehr und nicht ein neues Gesetz.", {"Feuerwehr"}, 0),
    ("Für die Wahl der Kandidatin sprach nicht ihre Herkunft, sondern ihre Erfahrung.", {"Wahl"}, 0),
    ("Für die Wahl der Kandidatin sprach ihre Erfahrung, nicht ihre Herkunft.", {"Wahl"}, 0),
    # the set-aside constituent is the concept: the negation counts
    ("Gebraucht wird ein neues Gesetz und nicht mehr Personal bei der Feuerwehr.", {"Feuerwehr"}, 1),
    ("Wir wollen nicht die Schließung der Feuerwache, sondern einen Umzug.", {"Schließung"}, 1),
    ("Die Regierung will die Feuerwache nicht schließen.", {"Feuerwache"}, 1),
    ("Sie rieten, das Land zu verlassen und nicht die Feuerwache aufzusuchen.", {"Land"}, 1),  # a verb's object
])
def test_a_contrasting_negation_negates_only_its_phrase(nlp, text, anchors, negations):
    result, _ = _assess(nlp, text, anchors=anchors)
    assert result.negations == negations


@pytest.mark.parametrize("text, expected", [
    # the frame's verb takes the message as its complement: one vote, the message's sign
    ("Der Minister forderte, die Regierung dürfe nicht zurücktreten.", "oppose"),
    ("Die Generalin hat angekündigt, sie werde keine Truppen schicken.", "oppose"),
    ("Die Generalin hat angekündigt, sie werde Truppen schicken.", "support"),
    # an opposing frame verb and a verb with its own object keep their own vote
    ("Der Minister warnte, das Gesetz gefährde die Freiheit.", "oppose"),
    ("Der Minister hat die Reform gefordert, die Regierung dürfe nicht zurücktreten.", "neutral"),
])
def test_a_frame_verb_without_object_votes_with_its_message(nlp, text, expected):
    doc = nlp(text)
    comma = next(t.idx for t in doc if t.text == ",")
    result = assess(list(doc), actions=("schicken", "zurücktreten"), in_message=lambda t: t.idx > comma)
    assert result.agreement == expected


def test_two_sentences_of_a_message_without_their_full_stop_are_two_clauses():
    # a quotation's message spans may leave out the full stop between its sentences; the votes of the two sentences
    # must not multiply ("sprach von einem Angriff auf das Parlament | Ihre Regierung werde das Gesetz verteidigen")
    from standpunkt.language import load_nlp
    from standpunkt.stance.agreement import assess, split_clauses

    doc = load_nlp()("Sie sprach von einem Angriff auf das Parlament. Ihre Regierung werde das Gesetz verteidigen.")
    tokens = [t for t in doc if t.text != "."]
    assert len(split_clauses(tokens)) == 2
    assert assess(tokens, is_anchor=lambda t: t.text == "Gesetz").agreement == "neutral"


@pytest.mark.parametrize("text, expected", [
    # a trade dispute announced against a measure, and a measure that puts something at stake
    ("Man werde ein Streitschlichtungsverfahren einleiten.", "oppose"),
    ("Die Steuer setze Investitionen in Milliardenhöhe aufs Spiel.", "oppose"),
])
def test_disputes_and_stakes(nlp, text, expected):
    result, _ = _assess(nlp, text)
    assert result.agreement == expected


@pytest.mark.parametrize("text, expected", [
    # the state a judging verb's clause describes keeps its negation to itself
    ("Das Institut gab zu bedenken, dass Familien ihre Angehörigen kaum noch besuchen könnten.", "oppose"),
    ("Der Verband begrüßte, dass Häftlinge nicht mehr in überfüllten Zellen sitzen müssten.", "support"),
    # a harm spoken of is called one
    ("Die Ministerin sprach von einem Anschlag auf die Demokratie.", "oppose"),
    ("Der Minister hat von einer Katastrophe gesprochen.", "oppose"),
    # (not one inside what is spoken of, not "sich aussprechen für")
    ("Die Organisation sprach von einem Ende der staatlichen Förderung von Gewalt.", "neutral"),
    ("Er sprach sich für die Anwendung von Gewalt aus.", "support"),
    # "drängen" that pushes someone out presses for nothing
    ("Sie nannte die Reform einen Versuch, Konkurrenz aus dem Parlament zu drängen.", "neutral"),
    ("Die Partei drängt auf den Entwurf.", "support"),
])
def test_judged_states_harms_spoken_of_and_pushing_someone_out(nlp, text, expected):
    result, _ = _assess(nlp, text)
    assert result.agreement == expected


@pytest.mark.parametrize("text, expected", [
    # a compound adjective judges as its head does, and judges once with a judgement of the same sign
    ("Die Partei hält die Reform für völkerrechtswidrig.", "oppose"),
    ("Die Partei nannte die Reform klimaschädlich.", "oppose"),
    ("Der Verband nannte die klimaschädliche Reform einen Fehler.", "oppose"),
    # "wenig/nichts/viel davon halten"
    ("Die Gewerkschaft hält davon wenig.", "oppose"),
    ("Der Verband hält viel davon.", "support"),
    # more pressing things to do dismiss the thing debated
    ("Die Schulen hätten drängendere Probleme.", "oppose"),
    ("Es gebe wichtigere Aufgaben.", "oppose"),
    ("Die Schulen hätten wichtige Probleme.", "support"),
    # a body that failed to agree takes no side
    ("Die Staaten konnten sich bis heute nicht auf die Reform einigen.", "neutral"),
])
def test_compound_judgements_holding_little_of_and_failing_to_agree(nlp, text, expected):
    result, _ = _assess(nlp, text)
    assert result.agreement == expected


@pytest.mark.parametrize("text, anchors, expected", [
    # asking for an examination first is no position yet
    ("Man brauche zuerst eine Analyse der rechtlichen Folgen.", (), "neutral"),
    # a noun that calls something coercion is a harm: it votes where something is called one
    ("Die Schülerkonferenz sprach von einer „Zwangsverpflichtung“.", (), "oppose"),
    ("Die Zwangsversteigerung des Hauses wurde verschoben.", (), "neutral"),
])
def test_examinations_asked_for_and_coercion(nlp, text, anchors, expected):
    result, _ = _assess(nlp, text, anchors=anchors)
    assert result.agreement == expected
