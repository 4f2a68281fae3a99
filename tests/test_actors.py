"""Actor registry (formats, validation, look-ups over time) and speaker-mention resolution."""

from __future__ import annotations

from datetime import date

import pytest

from standpunkt.actors import Registry, load_registry, resolve_mention
from standpunkt.errors import ConfigError

FEB_2024 = date(2024, 2, 27)


@pytest.fixture(scope="module")
def starter() -> Registry:
    return load_registry(None)


@pytest.fixture(scope="module")
def empty() -> Registry:
    return Registry([])


def _write(tmp_path, name: str, text: str):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


# ------------------------------------------------------------------------------------------ registry files
def test_starter_registry_loads_and_knows_the_example_actors(starter):
    for mention in ("Scholz", "Macron", "Séjourné", "Landsbergis", "Anusauskas"):
        assert starter.lookup(mention, FEB_2024) is not None, mention


def test_yaml_registry_roles_over_time(tmp_path):
    path = _write(tmp_path, "r.yaml", """
actors:
  - name: Erika Muster
    party: SPD
    aliases: [E. Muster]
    roles:
      - {office: Innenminister, country: Deutschland, from: 2019-01-01, to: 2021-12-31}
      - {office: Außenminister, country: Deutschland, from: 2022-01-01}
  - name: Max Beispiel
    roles:
      - {office: Innenminister, country: Deutschland, from: 2022-01-01}
""")
    reg = load_registry(path)
    erika = reg.lookup("E. Muster")
    assert erika.to_actor(date(2020, 5, 1)).role == "Innenminister"
    assert erika.to_actor(date(2023, 5, 1)).role == "Außenminister"
    assert reg.by_office("Innenminister", date(2020, 5, 1), "Deutschland").name == "Erika Muster"
    assert reg.by_office("Innenminister", date(2023, 5, 1), "Deutschland").name == "Max Beispiel"
    assert reg.by_office("Innenminister", date(2010, 1, 1), "Deutschland") is None


def test_csv_registry_merges_rows_of_one_actor(tmp_path):
    path = _write(tmp_path, "r.csv", "name,kind,aliases,party,office,role_country,from,to\n"
                                     "Erika Muster,person,Muster|E. M.,SPD,Innenminister,Deutschland,2019-01-01,"
                                     "2021-12-31\n"
                                     "Erika Muster,,,,Außenminister,Deutschland,2022-01-01,\n"
                                     "Musterpartei,organisation,MP,,,,,\n")
    reg = load_registry(path)
    assert len(reg) == 2
    erika = reg.get("E. M.")
    assert erika is not None and len(erika.roles) == 2 and erika.party == "SPD"
    assert reg.get("MP").kind == "organisation"


def test_news_agencies_and_outlets_are_marked_media(tmp_path, starter):
    assert starter.is_media("Deutsche Presse-Agentur") and starter.is_media("AFP") and starter.is_media("BBC News")
    assert not starter.is_media("Olaf Scholz") and not starter.is_media("Pro Asyl") and not starter.is_media("Nobody")
    yaml_reg = load_registry(_write(tmp_path, "m.yaml", "actors: [{name: Lokalblatt, kind: organisation, media: true}, "
                                                        "{name: Verein, kind: organisation}]"))
    assert yaml_reg.is_media("Lokalblatt") and not yaml_reg.is_media("Verein")
    csv_reg = load_registry(_write(tmp_path, "m.csv", "name,kind,media\nLokalblatt,organisation,yes\n"
                                                      "Verein,organisation,\n"))
    assert csv_reg.is_media("Lokalblatt") and not csv_reg.is_media("Verein")


@pytest.mark.parametrize("text, message", [
    ("actors: [{name: A, kind: alien}]", "kind 'alien'"),
    ("actors: [{name: A, roles: [{office: X, from: 2020-13-01}]}]", "not a date"),
    ("actors: [{name: A, roles: [{office: X, from: 2022-01-01, to: 2021-01-01}]}]", "before"),
    ("actors: [{name: A}, {name: A}]", "listed twice"),
    ("actors: [{name: A, colour: red}]", "unknown key"),
    ("actors: [{kind: person}]", "missing name"),
    ("actors: {name: A}", "list under 'actors'"),
    ("actors: [name: [", "not valid YAML"),
    ("actors: [{name: A, media: sometimes}]", "media must be true or false"),
])
def test_invalid_registry_is_one_clear_error(tmp_path, text, message):
    with pytest.raises(ConfigError) as err:
        load_registry(_write(tmp_path, "bad.yaml", text))
    assert message in str(err.value)
    assert "\n" not in str(err.value)


def test_registry_wrong_suffix_and_missing_file(tmp_path):
    with pytest.raises(ConfigError, match="yaml"):
        load_registry(_write(tmp_path, "r.txt", "x"))
    with pytest.raises(ConfigError, match="not found"):
        load_registry(tmp_path / "nope.yaml")


def test_lookup_ignores_diacritics_and_genitive(starter):
    assert starter.lookup("Anusauskas").name == "Arvydas Anušauskas"
    assert starter.lookup("Sejourne").name == "Stéphane Séjourné"
    assert starter.lookup("Macrons").name == "Emmanuel Macron"


def test_a_full_name_with_von_der_and_a_body_is_the_person(empty, starter):
    """"Robert Halver von der Baader Bank" was a person of that whole name; "von der" after a first name alone, a
    role or before no body stays a name particle."""
    def got(mention, registry=empty, nouns=()):
        a = resolve_mention(mention, FEB_2024, registry, common_nouns=set(nouns))
        return a.name, a.organisation, a.party

    assert got("Robert Halver von der Baader Bank") == ("Robert Halver", "Baader Bank", None)
    assert got("Karl Harb von den Salzburger Nachrichten") == ("Karl Harb", "Salzburger Nachrichten", None)
    assert got("Max Muster vom Bund Naturschutz") == ("Max Muster", "Bund Naturschutz in Bayern", None)  # gazetteer
    assert got("Erika Muster von der SPD")[::2] == ("Erika Muster", "SPD")
    assert got("Ursula von der Leyen")[0] == "Ursula von der Leyen"
    assert got("Bundespräsident Richard von Weizsäcker")[0] == "Richard von Weizsäcker"
    assert got("Hans Georg von der Marwitz")[0] == "Hans Georg von der Marwitz"


def test_a_surname_with_another_given_name_is_not_the_registry_person(tmp_path):
    path = _write(tmp_path, "r.yaml", """
actors:
  - {name: Charles Michel, kind: person}
  - {name: Wladimir Putin, kind: person}
  - {name: Angela Merkel, kind: person}
""")
    registry = load_registry(path)
    assert registry.lookup("Michel").name == "Charles Michel"
    assert registry.lookup("Louis Michel") is None
    actor = resolve_mention("Der Entwicklungskommissar der Europäischen Union, Louis Michel", FEB_2024, registry)
    assert (actor.name, actor.candidate) == ("Louis Michel", True)
    # a spelling, an initial or a title is no other person
    for mention, name in [("Vladimir Putin", "Wladimir Putin"), ("A. Merkel", "Angela Merkel"),
                          ("Dr. Merkel", "Angela Merkel"), ("Bundeskanzlerin Angela Merkel", "Angela Merkel")]:
        assert resolve_mention(mention, FEB_2024, registry).name == name, mention


def test_ambiguous_surname_is_not_merged(tmp_path):
    path = _write(tmp_path, "r.yaml", "actors: [{name: Anna Schmidt}, {name: Bernd Schmidt}]")
    assert load_registry(path).lookup("Schmidt") is None


def test_aggregation_levels(starter):
    scholz = starter.lookup("Scholz").to_actor(FEB_2024)
    assert starter.aggregate(scholz, "person") == "Olaf Scholz"
    assert starter.aggregate(scholz, "organisation") == "Bundesregierung"
    assert starter.aggregate(scholz, "party") == "SPD"
    assert starter.aggregate(scholz, "country") == "Deutschland"
    with pytest.raises(ValueError):
        starter.aggregate(scholz, "galaxy")


# ------------------------------------------------------------------------------------------ resolution
def test_role_and_name_resolve_to_the_registry_actor(starter):
    actor = resolve_mention("der litauische Verteidigungsminister Anusauskas", FEB_2024, starter)
    assert actor.name == "Arvydas Anušauskas" and not actor.candidate
    assert actor.role == "Verteidigungsminister" and actor.country == "Litauen"


def test_the_role_the_text_states_wins_over_the_registry(starter):
    """In December 2024 the registry has Séjourné as EU commissioner; a text calling him French foreign minister
    gets that role, with the registry's affiliation of that office."""
    actor = resolve_mention("der französische Außenminister Séjourné", date(2024, 12, 15), starter)
    assert (actor.name, actor.role, actor.organisation, actor.country) == \
        ("Stéphane Séjourné", "Außenminister", "Außenministerium Frankreich", "Frankreich")
    assert resolve_mention("Séjourné", date(2024, 12, 15), starter).role == "EU-Kommissar"
    assert resolve_mention("Séjourné", None, starter).role is None  # undated: no role "as of today"


def test_unknown_person_is_inferred_as_candidate(empty):
    actor = resolve_mention("der litauische Verteidigungsminister Anusauskas", FEB_2024, empty)
    assert (actor.name, actor.kind, actor.role, actor.country, actor.candidate) == \
        ("Anusauskas", "person", "Verteidigungsminister", "Litauen", True)


def test_unknown_organisations_are_not_taken_for_persons(empty):
    def kind_name(mention, org_words=(), nouns=()):
        a = resolve_mention(mention, FEB_2024, empty, organisation_words=set(org_words), common_nouns=set(nouns))
        return a.kind, a.name, a.aliases, a.candidate

    assert kind_name("Citizens Rights Forum (CRF)") == ("organisation", "Citizens Rights Forum", ["CRF"], True)
    assert kind_name("CRF") == ("organisation", "CRF", [], True)
    # (a name's adjective takes the strong ending it has without the article, also before an acronym)
    assert kind_name("Das Rote Kreuz", org_words=["Rote", "Kreuz"], nouns=["Das"])[:2] == \
        ("organisation", "Rotes Kreuz")
    assert kind_name("Der Bayerische Lehrerverband BLV", org_words=["Bayerische", "Lehrerverband", "BLV"],
                     nouns=["Der"])[:2] == ("organisation", "Bayerischer Lehrerverband BLV")
    assert kind_name("der MIF der Interamerikanischen Entwicklungsbank (IADB)",
                     org_words=["MIF", "Interamerikanischen", "Entwicklungsbank", "IADB"])[:2] == ("organisation", "MIF")
    assert kind_name("die Organisation Freies Tibet", nouns=["Organisation"])[:2] == ("organisation", "Freies Tibet")
    # a newspaper, a magazine, a service or a maker named by the noun before it
    assert kind_name("die israelische Tageszeitung Haaretz", nouns=["die", "israelische", "Tageszeitung"])[:2] == \
        ("organisation", "Haaretz")
    assert kind_name("das US-Magazin Barrons", nouns=["das", "US-Magazin"])[:2] == ("organisation", "Barrons")
    assert kind_name("der Kurznachrichtendienst Twitter", nouns=["der", "Kurznachrichtendienst"])[:2] == \
        ("organisation", "Twitter")
    # a person stays a person: a role in the mention, or no sign of an organisation
    assert kind_name("Der Vorsitzende der Initiative, Max Müller", nouns=["Vorsitzende", "Initiative"])[:2] == \
        ("person", "Max Müller")
    assert kind_name("HRW-Sprecher Joe Stork")[:2] == ("person", "Joe Stork")


def test_a_name_with_its_apposition_is_the_person_not_the_genitive(empty, starter):
    """ "X, der Vorsitzende der Y": the name speaks; the apposition gives role and organisation (its genitive was
    once taken for the person's name)."""
    def person(mention, nouns=(), registry=empty):
        a = resolve_mention(mention, FEB_2024, registry, common_nouns=set(nouns))
        return a.kind, a.name, a.role, a.organisation

    assert person("Emily Lau, die Vorsitzende der Demokratischen Partei", nouns=["Vorsitzende", "Partei"]) == \
        ("person", "Emily Lau", "Vorsitzender", "Demokratische Partei")
    assert person("Peter Muster, Chef der Gewerkschaft Verdi") == ("person", "Peter Muster", "Chef", "Gewerkschaft Verdi")
    # a noun that is no role counts when the tagger says it is a common noun
    assert person("Martin Lee, der Gründer der Demokratischen Partei Hongkongs", nouns=["Gründer", "Partei"])[:2] == \
        ("person", "Martin Lee")
    # the registry still decides who a known name is
    assert person("Olaf Scholz, der Vorgänger von Friedrich Merz", nouns=["Vorgänger"], registry=starter)[1] == \
        "Olaf Scholz"
    # "seines Zeichens" introduces the role
    assert person("Max Muster, seines Zeichens Direktor der Bürgerrechtsorganisation ACLU",
                  nouns=["Zeichens", "Direktor", "Bürgerrechtsorganisation"])[:3] == \
        ("person", "Max Muster", "Direktor")
    # a bare generic noun points back at a body named before: no organisation
    assert person("Max Muster, der Geschäftsführer des Unternehmens", nouns=["Geschäftsführer", "Unternehmens"]) == \
        ("person", "Max Muster", "Geschäftsführer", None)
    # not appositions: the role first, a role before a name after the comma, a list of names or countries
    assert person("Der Vorsitzende der Gewerkschaft, Max Muster", nouns=["Vorsitzende", "Gewerkschaft"])[:2] == \
        ("person", "Max Muster")
    assert person("der Oberkommandierende General der US-Streitkräfte im Irak, General George Casey")[:2] == \
        ("person", "George Casey")
    assert [a.name for a in resolve_mention("Großbritannien, Spanien und Schweden", FEB_2024, empty)] == \
        ["Großbritannien", "Spanien", "Schweden"]


def test_spokesperson_of_a_foreign_ministry_is_the_ministry(empty):
    actor = resolve_mention("Ein Sprecher des Außenministeriums in Riga", FEB_2024, empty)
    assert (actor.name, actor.kind, actor.country, actor.candidate) == \
        ("Außenministerium Lettland", "organisation", "Lettland", True)


def test_a_generic_body_of_another_country_is_that_countrys(empty):
    """The gazetteer knows "Senat" as the US Senate and "Parlament" as a body of no country; another country named in
    the mention means that country's body."""
    def got(text, nouns):
        a = resolve_mention(text, FEB_2024, empty, common_nouns=set(nouns))
        return (a.name, a.country)

    assert got("das kanadische Parlament", ["Parlament"]) == ("Parlament Kanada", "Kanada")
    assert got("der russische Senat", ["Senat"]) == ("Senat Russland", "Russland")
    assert got("das Parlament des Kosovo", ["Parlament"]) == ("Parlament Kosovo", "Kosovo")
    # a bare "das Parlament" is no one country's: of the 850 quotes-de-news texts all three are foreign (Paraguay's,
    # the European Parliament twice), as in a report from Bern
    assert got("das Parlament", ["Parlament"]) == ("Parlament", None)
    assert got("das deutsche Parlament", ["Parlament"]) == ("Parlament Deutschland", "Deutschland")


def test_a_country_adjective_speaks_for_the_country_only_through_its_state(empty):
    """An adjective alone names the country speaking when its noun is the state's voice (officials, authorities,
    sources); a boy, traders or a study from there are not the country (the genitive always is)."""
    def got(text):
        a = resolve_mention(text, FEB_2024, empty, common_nouns={w for w in text.split() if w[:1].isupper()})
        return a.name if a is not None else None

    assert got("nach israelischen Angaben") == got("die israelischen Militärangaben") == "Israel"
    assert got("die japanischen Behörden") == "Japan"
    assert got("die chinesischen Anschuldigungen") == got("die Meinung Chinas") == "China"
    assert got("die Aussage eines thailändischen Jungen") is None
    assert got("einer Schätzung von spanischen Händlern") == "Händler"  # a group of people, not the country
    assert got("eine norwegische Studie") is None


def test_an_international_body_named_with_its_seat_is_that_body(empty):
    """A place after an international body's or NGO's own name is its seat or office, not a national body; a
    generic word the gazetteer maps to one international body, with a country, is that country's body."""
    def got(text):
        a = resolve_mention(text, FEB_2024, empty)
        return (a.name, a.country)

    assert got("Die Weltgesundheitsorganisation (WHO) in Genf") == ("Weltgesundheitsorganisation", None)
    assert got("die Nato in Brüssel") == ("NATO", None)
    assert got("Amnesty International in London") == ("Amnesty International", None)
    assert got("die kenianische Kommission") == ("Kommission Kenia", "Kenia")


def test_coordinated_countries_become_country_actors(empty):
    actors = resolve_mention("unter anderem auch Großbritannien, Spanien und Schweden", FEB_2024, empty)
    assert [a.name for a in actors] == ["Großbritannien", "Spanien", "Schweden"]
    assert all(a.kind == "country" and not a.candidate for a in actors)


def test_role_only_mention_resolves_by_the_articles_date(starter):
    assert resolve_mention("der Bundeskanzler", FEB_2024, starter).name == "Olaf Scholz"
    assert resolve_mention("die Bundeskanzlerin", date(2019, 6, 1), starter).name == "Angela Merkel"
    assert resolve_mention("der österreichische Bundeskanzler", FEB_2024, starter).name == "Karl Nehammer"
    assert resolve_mention("Frankreichs Präsident", FEB_2024, starter).name == "Emmanuel Macron"
    assert resolve_mention("der Bundeskanzler", date(1950, 1, 1), starter) is None


def test_a_party_chair_named_by_role_is_whoever_chaired_the_party_that_day(starter):
    assert resolve_mention("der FDP-Vorsitzende", date(2024, 11, 15), starter).name == "Christian Lindner"
    assert resolve_mention("FDP-Chef", date(2010, 1, 1), starter).name == "Guido Westerwelle"
    assert resolve_mention("die CDU-Vorsitzende", date(2019, 5, 1), starter).name == "Annegret Kramp-Karrenbauer"
    # two co-chairs, or no date: nobody in particular
    assert resolve_mention("der SPD-Vorsitzende", date(2022, 1, 1), starter) is None
    assert resolve_mention("der FDP-Vorsitzende", None, starter) is None


def test_role_only_mention_of_an_undated_article_is_not_todays_holder(starter):
    actor = resolve_mention("der amerikanische Präsident", None, starter)
    assert actor.name == "Präsident (USA)" and actor.role == "Präsident" and actor.candidate
    assert starter.by_office("Bundeskanzler", None, "Deutschland") is None


def test_names_keep_particles_and_party_from_compound_roles(empty):
    assert resolve_mention("Ursula von der Leyen", None, empty).name == "Ursula von der Leyen"
    actor = resolve_mention("der Grünen-Politiker Anton Hofreiter", None, empty)
    assert actor.name == "Anton Hofreiter" and actor.party == "Grüne"


def test_pronouns_and_empty_mentions_are_unresolved(starter):
    assert resolve_mention("Er", FEB_2024, starter) is None
    assert resolve_mention("", FEB_2024, starter) is None


def test_a_full_stop_in_the_speaker_span_is_no_name(empty):
    # "…, sagte der Justizminister." was a person "Justizminister."; abbreviations keep their dots
    assert resolve_mention("der Justizminister.", FEB_2024, empty) is None
    assert resolve_mention("George W. Bush", FEB_2024, empty).name == "George W. Bush"


def test_known_organisations_and_countries_are_not_candidates(empty):
    assert not resolve_mention("die Bundesregierung", None, empty).candidate
    lettland = resolve_mention("Lettland", None, empty)
    assert lettland.kind == "country" and not lettland.candidate


def test_the_german_red_cross_is_not_the_international_committee(empty):
    # "vom Deutschen Roten Kreuz" is the national society, not the ICRC with a country
    assert resolve_mention("vom Deutschen Roten Kreuz", None, empty).name == "Deutsches Rotes Kreuz"


def test_a_democratic_party_is_not_the_us_democrats_by_its_name_alone(empty):
    # many countries have a "Demokratische Partei" (Hongkong's, Thailand's, Korea's); "Democrats" is the US party's
    assert resolve_mention("Die Demokratische Partei", None, empty).country is None
    assert resolve_mention("die Democrats", None, empty).name == "Demokraten"


def test_roles_standing_for_many_become_group_candidates(starter):
    group = resolve_mention("Mehrere Unionspolitiker", FEB_2024, starter)
    assert (group.kind, group.name, group.party, group.candidate) == ("group", "Unionspolitiker", "CDU", True)
    experts = resolve_mention("litauische Experten", FEB_2024, starter)
    assert (experts.kind, experts.country) == ("group", "Litauen")
    # a group is named in the plural the text writes, not by the singular of its role ("Ökonomen", not "Ökonom")
    assert (experts.name, resolve_mention("Ökonomen", FEB_2024, starter).name) == ("Experten", "Ökonomen")
    # A definite singular points back at one person the text named before: not a group, unresolved here.
    assert resolve_mention("der SPD-Politiker", FEB_2024, starter) is None
    assert resolve_mention("Die Grünen-Politikerin", FEB_2024, starter) is None


def test_an_unknown_name_after_in_is_a_place(empty):
    assert resolve_mention("Romney in Arbutus", None, empty).name == "Romney"
    assert resolve_mention("Ein Bezirksgericht in Virginia", None, empty, common_nouns={"Bezirksgericht"}) is None
    assert resolve_mention("der Bürgermeister in Mombasa, Max Meier", None, empty).name == "Max Meier"
    # not after a common noun or for an acronym
    assert resolve_mention("einer Veröffentlichung im Magazin Nature", None, empty,
                           common_nouns={"Veröffentlichung", "Magazin"}).name == "Nature"


def test_arabic_names_keep_their_article(empty):
    for mention, name in (("Mohammed el-Baradei", "Mohammed el-Baradei"), ("Baschar al-Assad", "Baschar al-Assad"),
                          ("der Transportminister Mohammed Raschad al-Matini", "Mohammed Raschad al-Matini")):
        assert resolve_mention(mention, None, empty).name == name
    assert resolve_mention("die al-Kaida", None, empty) is None  # alone, such a word is mostly a body's


def test_a_states_own_bodies_are_not_the_federal_ones():
    registry = load_registry(None)
    for mention, name in (("das bayerische Umweltministerium", "Umweltministerium Bayern"),
                          ("das Innenministerium in Stuttgart", "Innenministerium Baden-Württemberg"),
                          ("die niedersächsische Landesregierung", "Landesregierung Niedersachsen")):
        actor = resolve_mention(mention, None, registry, common_nouns=set(mention.split()[1:]))
        assert (actor.name, actor.kind, actor.country) == (name, "organisation", "Deutschland")
    assert resolve_mention("Bayerns Innenminister Joachim Herrmann", None, registry).name == "Joachim Herrmann"
    # a spokesperson named with the state's body speaks for that body, and a role in the genitive is no name
    actor = resolve_mention("Angaben des Sprechers des bayerischen Umweltministeriums, Roland Eichhorn", None,
                            registry)
    assert (actor.name, actor.role, actor.organisation) == ("Roland Eichhorn", "Sprecher", "Umweltministerium Bayern")
    actor = resolve_mention("des Sprechers des bayerischen Umweltministeriums", None, registry)
    assert (actor.name, actor.kind) == ("Umweltministerium Bayern", "organisation")  # not a person "Sprechers"


def test_inflected_registry_names_and_a_pronoun_subject():
    registry = load_registry(None)
    assert resolve_mention("der Europäischen Union", None, registry).name == "Europäische Union"  # not "Union"
    assert resolve_mention("der Vereinten Nationen", None, registry).name == "Vereinte Nationen"


def test_an_organisation_entity_keeps_its_adjective(empty):
    # the NER marks "Deutsche Bank" as one organisation; "Deutsche" is also a country adjective: it stays in the name
    actor = resolve_mention("die Deutsche Bank", FEB_2024, empty, common_nouns={"die"},
                            organisation_words={"Deutsche", "Bank"})
    assert (actor.name, actor.kind) == ("Deutsche Bank", "organisation")
    # in another case it is named in the nominative: adjectives and, after "des", the noun ("Kreuzes" → "Kreuz")
    for mention, nouns, words, name in (
            ("Angaben der Deutschen Umwelthilfe", {"Angaben", "der"}, {"Deutschen", "Umwelthilfe"},
             "Deutsche Umwelthilfe"),
            ("Aussagen des Statistischen Bundesamtes", {"des", "Aussagen", "Statistischen"}, {"Bundesamtes"},
             "Statistische Bundesamt"),
            ("Angaben des Roten Kreuzes", {"Angaben", "des"}, {"Roten", "Kreuzes"}, "Rote Kreuz"),
            ("Angaben der Volkswagen AG", {"Angaben", "der"}, {"Volkswagen", "AG"}, "Volkswagen AG"),
            # the noun a name starts with carries the genitive; "-deutsch" adjectives are a name's adjectives too
            ("eine Sprecherin des Landessozialgerichts", {"eine", "Sprecherin", "des"}, {"Landessozialgerichts"},
             "Landessozialgericht"),
            ("Angaben des Verbandes Bayerischer Bäcker", {"Angaben", "des"}, {"Verbandes", "Bayerischer", "Bäcker"},
             "Verband Bayerischer Bäcker"),
            ("Angaben der Norddeutschen Allgemeinen Rundschau", {"Angaben", "der"},
             {"Norddeutschen", "Allgemeinen", "Rundschau"}, "Norddeutsche Allgemeine Rundschau"),
            ("Angaben des Siemens", {"Angaben", "des"}, {"Siemens"}, "Siemens"),
            # "Industriegewerkschaft" is part of the unions' names, not a description
            ("die Industriegewerkschaft Bergbau", {"die", "Industriegewerkschaft"}, {"Bergbau"},
             "Industriegewerkschaft Bergbau")):
        actor = resolve_mention(mention, FEB_2024, empty, common_nouns=nouns, organisation_words=words)
        assert (actor.name, actor.kind) == (name, "organisation"), mention


def test_a_body_named_in_the_genitive_after_a_name_word(empty):
    """The mention that once failed a whole article ("'Hilfsdienst' is not in list"): the body's head noun stands
    in the genitive, and a place's adjective in "-er" keeps its form."""
    actor = resolve_mention("Mitarbeiter des Malteser Hilfsdienstes aus der Küstenstadt Labutta", FEB_2024, empty,
                            common_nouns={"Mitarbeiter", "des", "Hilfsdienstes", "Malteser", "aus", "der",
                                          "Küstenstadt"})
    assert (actor.name, actor.kind) == ("Malteser Hilfsdienst", "organisation")


def test_inflected_names_of_several_words_are_one_organisation(empty):
    """"das Europäische Parlament" was a person "Europäische" of the Bundestag (the generic word "Parlament"), and
    "der Europäischen Union" the CDU (the generic word "Union")."""
    actor = resolve_mention("Das Europäische Parlament", FEB_2024, empty)
    assert (actor.name, actor.kind) == ("Europäisches Parlament", "organisation")
    actor = resolve_mention("Erkki Tuomioja, Präsident des Rats der Europäischen Union", FEB_2024, empty,
                            common_nouns={"Präsident", "des", "Rats", "der"})
    assert (actor.name, actor.organisation, actor.party) == ("Erkki Tuomioja", "Europäische Union", None)
    actor = resolve_mention("Aussagen des Statistischen Bundesamtes", FEB_2024, empty,
                            common_nouns={"Aussagen", "des"})
    assert actor.kind == "organisation"
    # part of a longer name: left alone
    assert resolve_mention("das Internationale Rote Kreuz", FEB_2024, empty).name != "Internationale"


def test_organisation_names_of_several_words_also_in_the_genitive():
    registry = load_registry(None)
    for mention in ("Das Bundesministerium des Innern", "des Bundesministeriums des Innern"):
        actor = resolve_mention(mention, None, registry)
        assert (actor.name, actor.kind) == ("Bundesministerium des Innern", "organisation")


def test_a_capitalised_function_word_is_nobody():
    from standpunkt.actors import load_registry
    from standpunkt.actors.resolve import resolve_mention

    assert resolve_mention("Aber", None, load_registry(None)) is None
    assert resolve_mention("Doch man", None, load_registry(None)) is None


def test_a_body_is_named_with_what_it_is_for(empty):
    """"die Bundesagentur für Arbeit" was a person "Arbeit"; the name runs on over "für" (adjectives and "und"
    included) and stops at the next article."""
    cases = {
        "die Bundesagentur für Arbeit": "Bundesagentur für Arbeit",
        "des Bundesamts für Migration und Flüchtlinge": "Bundesamt für Migration und Flüchtlinge",
        "die Bundeszentrale für politische Bildung": "Bundeszentrale für politische Bildung",
        # a word cut short shares the next one's end
        "der Bundesverband der Energie- und Wasserwirtschaft": "Bundesverband der Energie- und Wasserwirtschaft",
        # an ampersand joins a name ("Haus & Grund")
        "der Eigentümerverband Haus & Grund": "Eigentümerverband Haus & Grund",
    }
    for mention, name in cases.items():
        nouns = {w for w in mention.split() if w[:1].isupper()}
        actor = resolve_mention(mention, FEB_2024, empty, common_nouns=nouns)
        assert (actor.name, actor.kind) == (name, "organisation"), mention
    actor = resolve_mention("ein Sprecher der Anstalt für Medien", FEB_2024, empty,
                            common_nouns={"Sprecher", "Anstalt", "Medien"})
    assert (actor.name, actor.kind) == ("Anstalt für Medien", "organisation")


def test_the_unnamed_head_of_a_named_body_speaks_for_it(empty):
    actor = resolve_mention("Der Präsident des Bundesamts für Migration", FEB_2024, empty,
                            common_nouns={"Präsident", "Bundesamts", "Migration"})
    assert (actor.name, actor.role, actor.organisation) == (
        "Präsident (Bundesamt für Migration)", "Präsident", "Bundesamt für Migration")
    # a generic body alone identifies no one
    assert resolve_mention("der Präsident des Verbandes", FEB_2024, empty, common_nouns={"Präsident", "Verbandes"}) \
        is None


@pytest.mark.parametrize("mention, name", [
    # a body named with what it is for, and its acronym as an alias
    ("Die Kommission zur Ermittlung des Finanzbedarfs der Rundfunkanstalten (KEF)",
     "Kommission zur Ermittlung des Finanzbedarfs der Rundfunkanstalten"),
    # not with what it speaks about (a guard: "zur"/"zum" name a purpose only before an action noun)
    ("die SPD-Landtagsfraktion zum Rücktritt Hartmanns", "SPD-Landtagsfraktion"),
])
def test_bodies_named_with_their_purpose(empty, mention, name):
    actor = resolve_mention(mention, FEB_2024, empty)
    assert actor is not None and actor.name == name and actor.kind == "organisation"


def test_a_truncated_compound_is_no_name(empty):
    actor = resolve_mention("Der Direktor der Such- und Rettungsagentur", FEB_2024, empty,
                            common_nouns={"Direktor", "Rettungsagentur"})
    # the word cut short is part of the body's name, which shares its head ("Industrie- und Handelskammer"), not a
    # name of its own
    assert actor is not None and actor.organisation == "Such- und Rettungsagentur" and actor.role == "Direktor"


def test_a_genitive_after_a_role_holders_name_is_their_body_not_their_name(empty):
    actor = resolve_mention("Angaben des Gouverneurs Karl Muster der Provinz Nordland", FEB_2024, empty,
                            common_nouns={"Angaben", "Gouverneurs", "Provinz"})
    assert actor.name == "Karl Muster"
    # without a role before it, a genitive after two capitalised words is no affiliation (here: a book's title)
    actor = resolve_mention("And Tango Makes Three der Autoren Justin Richardson", FEB_2024, empty,
                            common_nouns={"Autoren"})
    assert actor.name == "Justin Richardson"


def test_office_holders_in_the_plural_are_a_group(starter):
    actor = resolve_mention("Die EU-Außenminister", FEB_2024, starter, common_nouns={"EU-Außenminister"})
    assert (actor.name, actor.kind) == ("EU-Außenminister", "group")
    # not the one federal minister the registry knows for the office
    actor = resolve_mention("die Innenminister der Länder", FEB_2024, starter,
                            common_nouns={"Innenminister", "Länder"})
    assert (actor.name, actor.kind) == ("Innenminister", "group")
    # a feminine form is one person; nouns made from adjectives are not read as plurals
    assert resolve_mention("die Innenministerin", FEB_2024, starter, common_nouns={"Innenministerin"}).kind == "person"
    # a weak noun's plural ends in "-en" and is named so
    actor = resolve_mention("die Ministerpräsidenten", FEB_2024, starter, common_nouns={"Ministerpräsidenten"})
    assert (actor.name, actor.kind) == ("Ministerpräsidenten", "group")


def test_an_organisation_entity_that_ends_early_takes_the_rest_of_the_name(empty):
    actor = resolve_mention("Die Organisation Human Rights Investigation", FEB_2024, empty,
                            common_nouns={"Organisation"}, organisation_words={"Human", "Rights"})
    assert (actor.name, actor.kind) == ("Human Rights Investigation", "organisation")
    actor = resolve_mention("der Partei Movement for Democratic Change", FEB_2024, empty,
                            common_nouns={"Partei"}, organisation_words={"Movement"})
    assert actor.name == "Movement for Democratic Change"


def test_a_peoples_name_is_no_collective_body_and_the_fire_brigade_is_one(empty):
    actor = resolve_mention("der Niederländer Roy Makaay", FEB_2024, empty, common_nouns={"Niederländer"})
    assert (actor.name, actor.kind, actor.country) == ("Roy Makaay", "person", "Niederlande")
    actor = resolve_mention("die Freiwillige Feuerwehr Olpe", FEB_2024, empty, common_nouns={"Feuerwehr"})
    assert actor.kind == "organisation" and "Feuerwehr" in actor.name
    # associations by their compound head: a "-bund", a "Jugendring", a "Verein" (not the federation, "der Bund")
    for mention, name in (("Der Landesjugendring", "Landesjugendring"), ("der Verein", "Verein"),
                          ("der Deutsche Mieterbund", "Deutscher Mieterbund")):
        actor = resolve_mention(mention, FEB_2024, empty, common_nouns=set(mention.split()[1:]))
        assert (actor.name, actor.kind) == (name, "organisation"), mention
    assert resolve_mention("der Bund", FEB_2024, empty, common_nouns={"Bund"}) is None
    # a name's adjective without its article takes the strong ending ("Der Deutsche Gewerkschaftsbund"); the
    # "Bund der Steuerzahler" is a body, not the federation
    for mention, name in (("Der Deutsche Mieterbund", "Deutscher Mieterbund"), ("der Deutschen Bank", "Deutsche Bank"),
                          ("Der Bund der Steuerzahler", "Bund der Steuerzahler")):
        actor = resolve_mention(mention, FEB_2024, empty, common_nouns=set(mention.split()))
        assert (actor.name, actor.kind) == (name, "organisation"), mention


def test_a_city_adjective_before_a_role_names_the_citys_office_not_a_person(empty):
    actor = resolve_mention("der Kölner Oberbürgermeister", FEB_2024, empty)
    assert (actor.name, actor.kind, actor.role, actor.country) == \
        ("Oberbürgermeister (Köln)", "person", "Oberbürgermeister", "Deutschland")
    # a surname that looks like one stays a name
    assert resolve_mention("Hans Ulmer", FEB_2024, empty).name == "Hans Ulmer"
    assert resolve_mention("der Bürgermeister Karl Berliner", FEB_2024, empty).name == "Karl Berliner"


def test_a_municipality_with_its_place_is_a_body_not_the_country(empty):
    """"Die Stadt Nürnberg begründet die Erhöhung" is the city, not Germany; its mayor is the city's office."""
    def got(text, nouns):
        a = resolve_mention(text, FEB_2024, empty, common_nouns=set(nouns))
        return (a.name, a.kind, a.country)

    assert got("Die Stadt Nürnberg", ["Stadt"]) == ("Stadt Nürnberg", "organisation", "Deutschland")
    assert got("die Stadt Paris", ["Stadt"]) == ("Stadt Paris", "organisation", "Frankreich")
    assert got("ein Sprecher der Stadt Wien", ["Sprecher", "Stadt"]) == ("Stadt Wien", "organisation", "Österreich")
    mayor = resolve_mention("der Bürgermeister der Stadt Köln", FEB_2024, empty, common_nouns={"Bürgermeister",
                                                                                                "Stadt"})
    assert (mayor.name, mayor.role, mayor.country) == ("Bürgermeister (Köln)", "Bürgermeister", "Deutschland")
    # a capital in a compound stands for its country; a city alone as before
    assert got("die Hauptstadt Nairobi", ["Hauptstadt"])[0] == "Kenia"
    assert resolve_mention("die Stadt", FEB_2024, empty, common_nouns={"Stadt"}) is None
    # a town the gazetteer does not know, which the entity layer marks as a place: the town's body, not a person
    town = resolve_mention("die Gemeinde Hjortelund", FEB_2024, empty, common_nouns={"Gemeinde"},
                           place_words={"Hjortelund"})
    assert (town.name, town.kind) == ("Gemeinde Hjortelund", "organisation")


def test_a_generic_noun_before_a_known_organisation_is_no_name_of_its_own(empty):
    """"das Netzwerk Save the Children", "die Hilfsorganisation Oxfam": the entity layer may take the noun into the
    name; the organisation the gazetteer knows speaks. A welfare association it knows is one ("die Caritas")."""
    for mention, words in (("Netzwerk Save the Children", {"Netzwerk", "Save", "the", "Children"}),
                           ("die Hilfsorganisation Oxfam", {"Hilfsorganisation", "Oxfam"})):
        got = resolve_mention(mention, FEB_2024, empty, organisation_words=words)
        assert (got.name, got.kind) == (mention.split(maxsplit=1 + mention.startswith("die"))[-1], "organisation")
    assert resolve_mention("Die Caritas", FEB_2024, empty).kind == "organisation"
    assert resolve_mention("der Bund der Händler und Handwerker", FEB_2024, empty,
                           common_nouns={"Bund", "Händler", "Handwerker"}).name == "Bund der Händler und Handwerker"
    assert resolve_mention("die oppositionelle Freie Allianz", FEB_2024, empty,
                           common_nouns={"Allianz"}).name == "Freie Allianz"


def test_a_weak_alias_at_the_end_of_a_longer_name_is_not_that_body():
    from standpunkt.actors import load_registry

    registry = load_registry(None)

    def actor(mention, nouns):
        got = resolve_mention(mention, FEB_2024, registry, common_nouns=set(nouns))
        return got.name if got is not None else None

    # not the FDP's "Liberale", not the US Senate
    assert actor("die Partei Neue Liberale", ["die", "Partei", "Neue", "Liberale"]) == "Partei Neue Liberale"
    assert actor("der Berliner Senat", ["der", "Senat"]) != "Senat"
    # a place's adjective before a party is its branch
    assert actor("die Hamburger Grünen", ["die", "Hamburger"]) == "Grüne"


def test_an_affiliation_the_entity_layer_marks_as_an_organisation(empty):
    actor = resolve_mention("Moritz Wohlrab von der Aktion Deutschland hilft", FEB_2024, empty,
                            common_nouns={"von", "der", "hilft"}, organisation_words={"Aktion", "Deutschland"})
    assert (actor.name, actor.kind, actor.organisation) == ("Moritz Wohlrab", "person", "Aktion Deutschland")
    # not where the words before "von" are the organisation's own
    actor = resolve_mention("Technische Universität von Nanyang", FEB_2024, empty,
                            organisation_words={"Technische", "Universität", "Nanyang"})
    assert actor.kind == "organisation" and actor.name.endswith("Nanyang")


def test_counts_and_back_references_before_a_plural_body(starter):
    def actor(mention, nouns):
        got = resolve_mention(mention, FEB_2024, starter, common_nouns=set(nouns))
        return got.name if got is not None else None

    # a count, also capitalised at a sentence's start, names no one; the compound plural body does
    assert actor("Sieben Provinzregierungen", ["Provinzregierungen"]) == "Provinzregierungen"
    assert actor("Mehr als 200 Ökonomen", ["Ökonomen"]) == "Ökonomen"
    # "Beide Regierungen" are two named before, a tally out of a body is no actor, bare "Regierungen" no body
    assert actor("Beide Regierungen", ["Regierungen"]) is None
    assert actor("176 der 300 Abgeordneten", ["Abgeordneten"]) is None
    assert actor("Die Regierungen Frankreichs und Deutschlands", ["Regierungen"]) != "Regierungen Frankreichs"
    # a party family with another country's adjective is that country's party
    assert actor("die spanischen Sozialisten", ["die"]) == "Sozialisten"
    assert actor("die finnischen Sozialdemokraten", ["die"]) == "Sozialdemokraten"
    assert actor("die französischen Sozialisten", ["die"]) == "Parti Socialiste"
    # Brussels speaking alone is the EU; a body in Brussels is Belgium's
    assert actor("aus Brüssel", []) == "Europäische Union"
    assert actor("die Regierung in Brüssel", ["Regierung"]) != "Europäische Union"


def test_a_party_named_after_a_family_word_or_a_body_noun_is_that_party(starter):
    # "Sozialisten" alone is France's Parti Socialiste in the gazetteer; with the party's own name it is that party
    actor = resolve_mention("die Sozialisten der Pasok", FEB_2024, starter)
    assert (actor.name, actor.country) == ("Pasok", "Griechenland")
    actor = resolve_mention("die Sozialdemokraten der SPÖ", FEB_2024, starter)  # the registry's SPD alias too
    assert (actor.name, actor.country) == ("SPÖ", "Österreich")
    # a body noun before a party the gazetteer knows names no one, also without the tagger's common nouns
    actor = resolve_mention("die Partei Aontú", FEB_2024, starter)
    assert (actor.name, actor.kind, actor.country) == ("Aontú", "organisation", "Irland")
    actor = resolve_mention("die der Regierung von Ministerpräsident Karl Muster angehörende Partei D66", FEB_2024,
                            starter)
    assert (actor.name, actor.country) == ("D66", "Niederlande")


def test_a_body_named_by_its_members_and_a_party_named_after_a_party_noun(starter, empty):
    # the office holders a body brings together name the body, which speaks; an office holder of a body stays one
    for mention, nouns in (("Die Konferenz der kantonalen Finanzdirektoren", {"Konferenz", "Finanzdirektoren"}),
                           ("der Verband der Richter", {"Verband", "Richter"})):
        actor = resolve_mention(mention, FEB_2024, empty, common_nouns=nouns)
        assert (actor.name, actor.kind) == (mention.split(" ", 1)[1].replace("Die ", ""), "organisation"), mention
    actor = resolve_mention("der Sprecher der Konferenz", FEB_2024, empty, common_nouns={"Sprecher", "Konferenz"})
    assert actor.name == "Konferenz"
    # one organisation entity over a genitive is one name
    mention = "Die Bundesvereinigung der Deutschen Arbeitgeberverbände"
    actor = resolve_mention(mention, FEB_2024, empty, common_nouns=set(), organisation_words=set(mention.split()[1:]))
    assert actor.name == "Bundesvereinigung der Deutschen Arbeitgeberverbände"
    # a party noun before a party's name of several words: the name speaks, not the party the noun alone names
    actor = resolve_mention("die Linkspartei La France insoumise", FEB_2024, starter)
    assert (actor.name, actor.country) == ("La France insoumise", "Frankreich")
    actor = resolve_mention("Die Rechtspartei Fratelli d'Italia", FEB_2024, starter, common_nouns={"Rechtspartei"})
    assert (actor.name, actor.country) == ("Fratelli d’Italia", "Italien")
    assert resolve_mention("die Linkspartei", FEB_2024, starter).country == "Deutschland"


def test_a_body_named_by_a_quoted_name_after_what_it_is(empty):
    for mention, name in (("Die Initiative „Deutsche Wohnen & Co. enteignen“", "Deutsche Wohnen & Co. enteignen"),
                          ('das Bündnis "Stop Beispielkontrolle"', "Stop Beispielkontrolle")):
        actor = resolve_mention(mention, FEB_2024, empty)
        assert (actor.name, actor.kind) == (name, "organisation"), mention
    # a quoted name after anything else is no body's ("der Minister „Karl“")
    assert resolve_mention("der Minister „Karl“", FEB_2024, empty).kind == "person"


def test_a_name_that_ends_in_a_number(empty):
    # (the entity layer reads "Polska" as a place: the body noun before it names the body)
    actor = resolve_mention("der liberalen Partei Polska 2050", FEB_2024, empty, common_nouns={"Partei"},
                            place_words={"Polska"})
    assert (actor.name, actor.kind) == ("liberale Partei Polska 2050", "organisation")
