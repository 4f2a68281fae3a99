"""Quotation detection and speaker attribution on real text, and the hard inputs."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from standpunkt.model import Quotation
from standpunkt.speech import detect_quotations, extract_quotations
from standpunkt.speech.quotemarks import find_quote_pairs

ROOT = Path(__file__).resolve().parent.parent
BODENTRUPPEN = ROOT / "examples" / "bodentruppen.txt"

# (a stretch of the message, the speaker's best name) for every quotation of the six speakers in the article
EXPECTED = [
    ("brauche es Mut bei den westlichen Partnern", "Landsbergis"),
    ("Es sei nicht klug, rote Linien zu ziehen", "Landsbergis"),
    ("sei das letzte Wort mit Blick auf einen Einsatz", "Landsbergis"),  # "betonte der litauische Minister"
    ("Es habe schon viele Diskussionen", "Landsbergis"),
    ("Zudem benötige der Vorschlag keine Entscheidung", "Landsbergis"),
    ("könne gemeinsam agieren", "Landsbergis"),  # "…, so Landsbergis."
    ("die geopolitische Krise die größte Bedrohung Europas sei", "Landsbergis"),  # "Er wies darauf hin"
    ("müssten ernst genommen werden", "Landsbergis"),
    ("Wichtig sei es, Putin Grenzen aufzuzeigen", "Landsbergis"),
    ("sein Land lehne einen solchen Einsatz nicht grundsätzlich ab", "Anusauskas"),
    ("würde Lettland eine Teilnahme in Betracht ziehen", "Ein Sprecher des Außenministeriums in Riga"),
    ("westliche Länder auch Bodentruppen in die Ukraine entsenden könnten", "Macron"),
    ("Um es klipp und klar zu sagen", "Scholz"),
    ("Die NATO werde nicht zur Kriegspartei werden", "Scholz"),
    ("es gehe um neue Unterstützungswege für die Ukraine", "Séjourné"),
    ("Dies könne eine Präsenz auf ukrainischem Territorium erforderlich machen", "Séjourné"),
]


@pytest.fixture(scope="module")
def bodentruppen() -> tuple[str, list[Quotation]]:
    text = BODENTRUPPEN.read_text(encoding="utf-8")
    return text, extract_quotations(text)


def _message(text: str, q: Quotation) -> str:
    return " ".join(s.text(text) for s in q.message)


@pytest.mark.parametrize("snippet,speaker", EXPECTED)
def test_bodentruppen_quotation_and_speaker(bodentruppen, snippet: str, speaker: str) -> None:
    text, quotations = bodentruppen
    found = [q for q in quotations if snippet in _message(text, q)]
    assert found, f"no quotation contains {snippet!r}"
    names = {q.speaker_name for q in found}
    assert speaker in names, f"{snippet!r} attributed to {names}"


def test_bodentruppen_role_phrase_and_pronoun_keep_their_span(bodentruppen) -> None:
    text, quotations = bodentruppen
    by_msg = {_message(text, q): q for q in quotations}
    q = next(q for m, q in by_msg.items() if "das letzte Wort" in m)
    assert [s.text(text) for s in q.speaker] == ["der litauische Minister"]
    assert [s.text(text) for s in q.cue] == ["betonte"]
    q = next(q for m, q in by_msg.items() if "geopolitische Krise" in m)
    assert [s.text(text) for s in q.speaker] == ["Er"]


def test_bodentruppen_direct_quote_and_offsets(bodentruppen) -> None:
    text, quotations = bodentruppen
    direct = [q for q in quotations if q.form == "Direct"]
    assert any("klipp und klar" in _message(text, q) for q in direct)
    for q in quotations:
        for span in q.message + q.cue + q.speaker + q.frame + q.addressee:
            assert 0 <= span.start < span.end <= len(text)
        assert q.form in {"Direct", "Indirect", "FreeIndirect", "IndirectFreeIndirect", "Reported"}
        assert 0.0 <= q.confidence <= 1.0


def test_scholz_is_not_the_speaker_of_what_is_said_about_him(bodentruppen) -> None:
    text, quotations = bodentruppen
    # "Trotz der Absagen … darunter Bundeskanzler Scholz, sei …, betonte der litauische Minister"
    q = next(q for q in quotations if "das letzte Wort" in _message(text, q))
    assert q.speaker_name != "Scholz"


def test_coordinated_country_speakers(bodentruppen) -> None:
    text, quotations = bodentruppen
    q = next(q for q in quotations if "nicht beabsichtige" in _message(text, q))
    assert q.speaker_name and "Schweden" in q.speaker_name and q.speaker_name != "Scholz"


def test_split_direct_quote_around_its_frame() -> None:
    text = "„Wir werden helfen“, sagte Scholz am Montag in Berlin. „Aber wir schicken keine Soldaten.“"
    quotations = extract_quotations(text)
    direct = [q for q in quotations if q.form == "Direct"]
    assert len(direct) >= 2
    assert all(q.speaker_name == "Scholz" for q in direct), [q.speaker_name for q in direct]


def test_source_phrase_laut() -> None:
    text = ("Die Regierung plant neue Hilfen. Laut Finanzminister Lindner sollen die Mittel im Herbst "
            "ausgezahlt werden.")
    quotations = extract_quotations(text)
    q = next(q for q in quotations if any("ausgezahlt" in s.text(text) for s in q.message))
    assert q.speaker_name and "Lindner" in q.speaker_name


def test_an_office_does_not_refer_to_a_thing_the_tagger_took_for_a_name() -> None:
    # "Ethanol" after "von" is a proper noun to the tagger only; "der brasilianische Präsident" is not it
    text = ("Brasilien zählt zu den Pionieren bei der Herstellung von Ethanol aus Zuckerrohr. In seiner Radioansprache "
            "begründete der brasilianische Präsident seine Position: „Alle Staaten können auf einfache Art Ethanol "
            "herstellen.“")
    (q,) = extract_quotations(text)
    assert [s.text(text) for s in q.speaker] == ["der brasilianische Präsident"]
    assert q.speaker_name != "Ethanol"


# --- bad input: a result or a clear error, never a hang ---------------------------------------------------------


def test_no_sentences_gives_no_quotations() -> None:
    assert extract_quotations("") == []
    assert extract_quotations("   \n\n ") == []
    assert extract_quotations("...!!! ---") == []


def test_unbalanced_quotation_marks() -> None:
    text = "Er sagte: „Das ist gut. Und dann »noch mehr. Die Regierung sei handlungsfähig, betonte Müller."
    quotations = extract_quotations(text)
    for q in quotations:
        for span in q.message:
            assert span.end <= len(text)
    assert find_quote_pairs("„nie geschlossen " * 500) == []


UNIT = ("Der Minister sagte, die Lage sei ernst. Es gebe keine Alternative. "
        "„Wir handeln jetzt“, erklärte Müller. Die Opposition kritisierte den Plan. ")
#: Seconds the quotation stage may take for 10,000 sentences (~120,000 tokens); it needs about 10 s.
MAX_SECONDS_10K = 60


def test_ten_thousand_sentences_speech_stage_is_linear() -> None:
    from spacy.tokens import Doc

    from standpunkt.language import load_nlp

    unit = load_nlp()(UNIT)
    doc = Doc.from_docs([unit] * 2500)  # 10,000 sentences with the language annotation, built in no time
    t0 = time.perf_counter()
    quotations = detect_quotations(doc)
    elapsed = time.perf_counter() - t0
    assert len(quotations) >= 2500
    assert elapsed < MAX_SECONDS_10K, f"took {elapsed:.0f} s"


def test_doc_without_sentence_boundaries() -> None:
    from standpunkt.language import build_nlp

    doc = build_nlp(entities=False, sentences=False)(UNIT * 20)
    assert isinstance(detect_quotations(doc), list)


@pytest.mark.slow
def test_ten_thousand_sentences_whole_path() -> None:
    text = UNIT * 2500  # 10,000 sentences
    t0 = time.perf_counter()
    quotations = extract_quotations(text)
    assert len(quotations) >= 2500
    assert time.perf_counter() - t0 < 600


def test_the_whitespace_a_file_ends_with_changes_no_quotation():
    # a speaker named after the message in the last sentence was missed when the file ended with a newline
    text = ("Der Verband begrüßte die Entscheidung. Das Geld müsse nun aber auch schnell bei der Truppe ankommen, "
            "mahnte Verbandschef André Wüstner.")
    plain, ended = extract_quotations(text), extract_quotations(text + "\n")
    assert [(q.speaker_name, q.message) for q in ended] == [(q.speaker_name, q.message) for q in plain]
    assert [q.speaker_name for q in ended] == ["André Wüstner"]


def test_a_but_after_a_coordinated_verb_starts_no_speaker():
    """"…, fordern jedoch strengere Regeln": a second verb of the same subject, not a postposed speech frame whose
    speaker would be "jedoch strengere Regeln"."""
    from standpunkt.language import load_nlp

    doc = load_nlp()("Die Verbände begrüßen die Idee grundsätzlich, fordern jedoch strengere Regeln.")
    assert detect_quotations(doc) == []


def test_a_quoted_name_between_a_noun_and_its_verb_is_no_quotation():
    from standpunkt.language import load_nlp

    doc = load_nlp()("Der Automobilclub „40 millions d'automobilistes“ nannte die Abstimmung eine Farce.")
    assert detect_quotations(doc) == []


def test_free_indirect_speech_after_a_semicolon_is_the_narrated_subjects():
    from standpunkt.language import load_nlp

    text = ("Die Oppositionsführerin Karla Muster warf der Stadt vor, Familien zu bestrafen. Der Verband der "
            "Handwerker verlangt Ausnahmen für Lieferfahrzeuge; nur dann könne man mit der Regel leben.")
    got = [q for q in detect_quotations(load_nlp()(text)) if text[q.message[0].start:].startswith("nur dann")]
    assert [text[s.start:s.end] for s in got[0].speaker] == ["Der Verband der Handwerker"]
