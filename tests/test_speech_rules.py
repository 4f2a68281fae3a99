"""Grammar rules for reported speech that the CRF leaves unlabelled (standpunkt.speech.rules.reported_frames)."""

from __future__ import annotations

import pytest

from standpunkt.speech.features import TokenInfo
from standpunkt.speech.lexicon import CueEntry, CueLexicon
from standpunkt.speech.rules import repair_boundaries, reported_frames


def _lexicon() -> CueLexicon:
    """Cue statistics shaped like the training data's (ratios from the shipped lexicon, rounded)."""
    entries = {
        "w:mitteilte": CueEntry(47, 50), "l:mitteilen": CueEntry(95, 100), "w:teilte": CueEntry(97, 100),
        "b:nach angaben": CueEntry(87, 89), "w:nach": CueEntry(248, 820), "b:nach dem": CueEntry(9, 115),
        "w:zufolge": CueEntry(48, 50), "w:laut": CueEntry(96, 100), "w:demnach": CueEntry(14, 20),
        "w:danach": CueEntry(3, 17), "l:ankündigen": CueEntry(51, 100), "w:bat": CueEntry(2, 10),
        "l:erwarten": CueEntry(30, 100), "b:nach dieser": CueEntry(2, 2), "b:so die": CueEntry(6, 9),
    }
    return CueLexicon(entries)


def _sentence(words: str, tags: str, lemmas: dict[str, str] | None = None) -> list[TokenInfo]:
    lemmas = lemmas or {}
    out, pos = [], 0
    for w, t in zip(words.split(), tags.split(), strict=True):
        out.append(TokenInfo(text=w, lower=w.lower(), lemma=lemmas.get(w, w), tag=t, mood="", ent="", sent=0,
                             start=pos, end=pos + len(w), space_before=True, newline_before=False))
        pos += len(w) + 1
    return out


def _roles(infos: list[TokenInfo], labels: list[str]) -> dict[str, str]:
    out: dict[str, list[str]] = {"msg": [], "CUE": [], "SPK": []}
    for t, lab in zip(infos, labels):
        key = "msg" if lab.startswith(("B-", "I-")) else lab
        if key in out:
            out[key].append(t.text)
    return {k: " ".join(v) for k, v in out.items()}


def test_fronted_source_phrase() -> None:
    infos = _sentence("Nach Angaben der Polizei wurden bei den Krawallen keine Menschen verletzt .",
                      "APPR NN ART NN VAFIN APPR ART NN PIAT NN VVPP $.")
    r = _roles(infos, reported_frames(["O"] * len(infos), infos, _lexicon()))
    assert r == {"msg": "wurden bei den Krawallen keine Menschen verletzt", "CUE": "Nach",
                 "SPK": "Angaben der Polizei"}


def test_source_noun_after_an_ambiguous_preposition() -> None:
    speakers = CueLexicon({"w:berechnungen": CueEntry(3, 4), "w:spiel": CueEntry(0, 40)})
    infos = _sentence("Nach den Berechnungen der Meteorologen wird der Sturm die Küste nicht erreichen .",
                      "APPR ART NN ART NN VAFIN ART NN ART NN PTKNEG VVINF $.")
    r = _roles(infos, reported_frames(["O"] * len(infos), infos, _lexicon(), speakers))
    assert r["CUE"] == "Nach" and r["SPK"] == "den Berechnungen der Meteorologen"
    assert r["msg"] == "wird der Sturm die Küste nicht erreichen"
    infos = _sentence("Nach dem Spiel wurden drei Fans festgenommen .", "APPR ART NN VAFIN CARD NN VVPP $.")
    assert reported_frames(["O"] * len(infos), infos, _lexicon(), speakers) == ["O"] * len(infos)


def test_source_noun_by_its_lemma_and_after_an_adverb() -> None:
    """A plural the training data has only in the singular ("Meldungen" → "Meldung") and an adverb before the
    adjective ("Nach bisher unbestätigten Berichten") still make a source phrase."""
    speakers = CueLexicon({"l:meldung": CueEntry(5, 10), "w:berichten": CueEntry(8, 22)})
    infos = _sentence("Nach Meldungen der Agentur richtete sich die Einheit in einer Schule ein .",
                      "APPR NN ART NN VVFIN PRF ART NN APPR ART NN PTKVZ $.", {"Meldungen": "Meldung"})
    r = _roles(infos, reported_frames(["O"] * len(infos), infos, _lexicon(), speakers))
    assert r["CUE"] == "Nach" and r["SPK"] == "Meldungen der Agentur"
    infos = _sentence("Nach bisher unbestätigten Berichten wurde der Firma Einsicht gewährt .",
                      "APPR ADV ADJA NN VAFIN ART NN NN VVPP $.")
    r = _roles(infos, reported_frames(["O"] * len(infos), infos, _lexicon(), speakers))
    assert r == {"msg": "wurde der Firma Einsicht gewährt", "CUE": "Nach", "SPK": "bisher unbestätigten Berichten"}


def test_source_noun_by_its_compound_head() -> None:
    """An unseen compound ("Expertenmeinung", "UNO-Angaben") counts by its attested head; an unseen noun whose
    heads are unknown or no speaker words ("Abendspiel") opens no source phrase."""
    speakers = CueLexicon({"w:meinung": CueEntry(5, 8), "w:angaben": CueEntry(80, 98), "w:spiel": CueEntry(0, 40)})
    infos = _sentence("Nach Expertenmeinung ist das Virus für Menschen kaum gefährlich .",
                      "APPR NN VAFIN ART NN APPR NN ADV ADJD $.")
    r = _roles(infos, reported_frames(["O"] * len(infos), infos, _lexicon(), speakers))
    assert r == {"msg": "ist das Virus für Menschen kaum gefährlich", "CUE": "Nach", "SPK": "Expertenmeinung"}
    infos = _sentence("Nach UNO-Angaben sind 62 Zivilisten getötet worden .", "APPR NN VAFIN CARD NN VVPP VAPP $.")
    assert _roles(infos, reported_frames(["O"] * len(infos), infos, _lexicon(), speakers))["SPK"] == "UNO-Angaben"
    for noun in ("Abendspiel", "Mittagessen"):
        infos = _sentence(f"Nach dem {noun} wurden drei Fans festgenommen .", "APPR ART NN VAFIN CARD NN VVPP $.")
        assert reported_frames(["O"] * len(infos), infos, _lexicon(), speakers) == ["O"] * len(infos)


def test_relative_source_clause() -> None:
    """"…, wonach …" and "…, laut denen …" open a message up to the relative clause's verb-final comma; "nach der"
    (cue ratio 0.30) does not."""
    lex = _lexicon()
    lex.entries["w:wonach"] = CueEntry(7, 9)
    infos = _sentence("Die Polizei konnte Medienberichte nicht bestätigen , wonach Zeugen eine Explosion gehört "
                      "haben wollen , sagte sie .",
                      "ART NN VMFIN NN PTKNEG VVINF $, PWAV NN ART NN VVPP VAINF VMFIN $, VVFIN PPER $.")
    r = _roles(infos, reported_frames(["O"] * len(infos), infos, lex, enabled=("relsource",)))
    assert r == {"msg": "Zeugen eine Explosion gehört haben wollen", "CUE": "wonach", "SPK": "Medienberichte"}
    infos = _sentence("Es gibt Pläne der Regierung , laut denen jeder Bürger ein Radio haben soll .",
                      "PPER VVFIN NN ART NN $, APPR PRELS PIAT NN ART NN VAINF VMFIN $.")
    r = _roles(infos, reported_frames(["O"] * len(infos), infos, lex, enabled=("relsource",)))
    assert r == {"msg": "jeder Bürger ein Radio haben soll", "CUE": "laut denen", "SPK": "Pläne der Regierung"}
    infos = _sentence("Das Spiel ging in die Pause , nach der die Borussia stärker wurde .",
                      "ART NN VVFIN APPR ART NN $, APPR PRELS ART NE ADJD VAFIN $.")
    assert reported_frames(["O"] * len(infos), infos, lex, enabled=("relsource",)) == ["O"] * len(infos)


def test_parenthetical_so_with_any_noun_phrase() -> None:
    """"…, so Boemi." and "…, so Obama weiter, …" are sources although "so boemi" was never seen; "so" before an
    open clause without a learned bigram ratio is not ("…, so die Regierung das Gesetz …" is left to the CRF)."""
    infos = _sentence("Die Zusammenarbeit der Behörden bleibe hinter den Notwendigkeiten zurück , so Boemi .",
                      "ART NN ART NN VAFIN APPR ART NN PTKVZ $, ADV NE $.")
    r = _roles(infos, reported_frames(["O"] * len(infos), infos, _lexicon()))
    assert r == {"msg": "Die Zusammenarbeit der Behörden bleibe hinter den Notwendigkeiten zurück", "CUE": "so",
                 "SPK": "Boemi"}
    infos = _sentence("Sein Rivale , so Obama weiter , würde massiv Spenden erhalten .",
                      "PPOSAT NN $, ADV NE ADV $, VAFIN ADJD NN VVINF $.")
    r = _roles(infos, reported_frames(["O"] * len(infos), infos, _lexicon()))
    assert r == {"msg": "Sein Rivale würde massiv Spenden erhalten", "CUE": "so", "SPK": "Obama"}
    infos = _sentence("Die Kosten stiegen , so dass Mieter das Gesetz kaum bezahlen können .",
                      "ART NN VVFIN $, ADV KOUS NN ART NN ADV VVINF VMFIN $.")
    assert reported_frames(["O"] * len(infos), infos, _lexicon()) == ["O"] * len(infos)


def test_source_phrase_inside_the_clause_gives_two_message_parts() -> None:
    infos = _sentence("Die Firma will nach eigenen Angaben weitere Werke eröffnen .",
                      "ART NN VMFIN APPR ADJA NN PIAT NN VVINF $.")
    lex = _lexicon()
    lex.entries["b:nach eigenen"] = CueEntry(8, 8)
    labels = reported_frames(["O"] * len(infos), infos, lex)
    assert _roles(infos, labels)["msg"] == "Die Firma will weitere Werke eröffnen"
    assert labels[0] == "B-Indirect" and labels[6] == "B-Indirect"  # two parts, joined by the assembler


def test_postposition_zufolge() -> None:
    infos = _sentence("Einer Quelle zufolge ist der Kommandeur getötet worden .",
                      "ART NN APPO VAFIN ART NN VVPP VAPP $.")
    r = _roles(infos, reported_frames(["O"] * len(infos), infos, _lexicon()))
    assert r == {"msg": "ist der Kommandeur getötet worden", "CUE": "zufolge", "SPK": "Einer Quelle"}


def test_wie_clause_before_and_after_the_message() -> None:
    lemmas = {"mitteilte": "mitteilen"}
    infos = _sentence("Wie die NATO am Montag mitteilte , sind mehrere Zivilisten getötet worden .",
                      "KOKOM ART NE APPRART NN VVFIN $, VAFIN PIAT NN VVPP VAPP $.", lemmas)
    r = _roles(infos, reported_frames(["O"] * len(infos), infos, _lexicon()))
    assert r == {"msg": "sind mehrere Zivilisten getötet worden", "CUE": "Wie mitteilte", "SPK": "die NATO"}
    infos = _sentence("Die Entscheidung fiel am Todestag , wie die Staatsanwaltschaft mitteilte .",
                      "ART NN VVFIN APPRART NN $, KOKOM ART NN VVFIN $.", lemmas)
    r = _roles(infos, reported_frames(["O"] * len(infos), infos, _lexicon()))
    assert r["msg"] == "Die Entscheidung fiel am Todestag" and r["SPK"] == "die Staatsanwaltschaft"


def test_postposed_verb_first_frame() -> None:
    infos = _sentence("Er starb am Samstag im Alter von 100 Jahren , teilte die Hoover Institution mit .",
                      "PPER VVFIN APPRART NN APPRART NN APPR CARD NN $, VVFIN ART NE NE PTKVZ $.")
    r = _roles(infos, reported_frames(["O"] * len(infos), infos, _lexicon()))
    assert r == {"msg": "Er starb am Samstag im Alter von 100 Jahren", "CUE": "teilte mit",
                 "SPK": "die Hoover Institution"}


def test_postposed_frame_with_a_speech_verb_no_corpus_has() -> None:
    # "mahnen" occurs in neither training corpus: after a Konjunktiv I clause, "…, mahnte er." is still a frame; an
    # indicative clause before it, or a longer phrase after it, is not
    words, tags = "Man dürfe nichts riskieren , mahnte er .", "PIS VMFIN PIS VVINF $, VVFIN PPER $."
    infos = _sentence(words, tags, {"mahnte": "mahnen"})
    infos[1] = _with_mood(infos[1], "k1")
    r = _roles(infos, reported_frames(["O"] * len(infos), infos, _lexicon()))
    assert r == {"msg": "Man dürfe nichts riskieren", "CUE": "mahnte", "SPK": "er"}
    infos = _sentence(words, tags, {"mahnte": "mahnen"})
    assert set(reported_frames(["O"] * len(infos), infos, _lexicon())) == {"O"}
    # … also after Konjunktiv II, with a role noun before the name; not with an object after the pronoun
    infos = _sentence("Man müsste mehr kontrollieren , mahnte Verbandschef Ina Roth .",
                      "PIS VMFIN ADV VVINF $, VVFIN NN NE NE $.", {"mahnte": "mahnen"})
    infos[1] = _with_mood(infos[1], "k2")
    r = _roles(infos, reported_frames(["O"] * len(infos), infos, _lexicon()))
    assert r == {"msg": "Man müsste mehr kontrollieren", "CUE": "mahnte", "SPK": "Verbandschef Ina Roth"}
    infos = _sentence("Man dürfe nichts riskieren , mahnte er die Kollegen .",
                      "PIS VMFIN PIS VVINF $, VVFIN PPER ART NN $.", {"mahnte": "mahnen"})
    infos[1] = _with_mood(infos[1], "k1")
    assert set(reported_frames(["O"] * len(infos), infos, _lexicon())) == {"O"}


def _with_mood(t: TokenInfo, mood: str) -> TokenInfo:
    from dataclasses import replace

    return replace(t, mood=mood)


def test_anaphoric_frame_takes_the_previous_sentence_as_message() -> None:
    first = _sentence("Trapattoni wird neuer Trainer in Stuttgart .", "NE VAFIN ADJA NN APPR NE $.")
    second = _sentence("Das gab die Vereinsführung heute bekannt .", "PDS VVFIN ART NN ADV PTKVZ $.")
    lex = _lexicon()
    lex.entries["w:bekannt"] = CueEntry(60, 100)
    offset = first[-1].end + 1
    for t in second:
        t.sent, t.start, t.end = 1, t.start + offset, t.end + offset
    infos = first + second
    r = _roles(infos, reported_frames(["O"] * len(infos), infos, lex))
    assert r == {"msg": "Trapattoni wird neuer Trainer in Stuttgart", "CUE": "gab bekannt", "SPK": "die Vereinsführung"}


def test_short_quotation_next_to_a_speech_verb() -> None:
    infos = _sentence("McCarthy nannte die Entscheidung „ eine sehr schlechte Wahl “ .",
                      "NE VVFIN ART NN $( ART ADV ADJA NN $( $.", {"nannte": "nennen"})
    lex = _lexicon()
    lex.entries["l:nennen"] = CueEntry(43, 100)
    labels = reported_frames(["O"] * len(infos), infos, lex)
    assert labels[4:10] == ["B-Direct"] + ["I-Direct"] * 5
    assert _roles(infos, labels)["CUE"] == "nannte" and _roles(infos, labels)["SPK"] == "McCarthy"
    # a quoted name is no quotation
    infos = _sentence("McCarthy nannte das Blatt „ Die Zeit “ .", "NE VVFIN ART NN $( ART NN $( $.",
                      {"nannte": "nennen"})
    assert reported_frames(["O"] * len(infos), infos, lex) == ["O"] * len(infos)


def test_complement_clauses_with_any_subject() -> None:
    infos = _sentence("Der Kanzler hat angekündigt , den Bundespräsidenten noch heute aufzusuchen .",
                      "ART NN VAFIN VVPP $, ART NN ADV ADV VVIZU $.", {"angekündigt": "ankündigen"})
    r = _roles(infos, reported_frames(["O"] * len(infos), infos, _lexicon()))
    assert r == {"msg": "den Bundespräsidenten noch heute aufzusuchen", "CUE": "angekündigt", "SPK": "Der Kanzler"}


def test_an_indicative_clause_after_a_verb_seldom_a_cue_goes_on_narrating() -> None:
    from dataclasses import replace

    lex = CueLexicon({**_lexicon().entries, "l:annehmen": CueEntry(2, 19), "w:angenommen": CueEntry(2, 15, 1, 2)})
    words = "Das Parlament hatte das Gesetz angenommen , der Senat lehnte es im Juni ab ."
    tags = "ART NN VAFIN ART NN VVPP $, ART NN VVFIN PPER APPRART NN PTKVZ $."
    infos = _sentence(words, tags, {"angenommen": "annehmen", "lehnte": "lehnen"})
    infos[2], infos[9] = replace(infos[2], mood="ind"), replace(infos[9], mood="ind")
    assert reported_frames(["O"] * len(infos), infos, lex) == ["O"] * len(infos)
    # in the Konjunktiv the clause is reported ("…, der Senat lehne es ab")
    infos[9] = replace(infos[9], text="lehne", lower="lehne", mood="k1")
    assert _roles(infos, reported_frames(["O"] * len(infos), infos, lex))["CUE"] == "angenommen"


def test_declaring_something_for_a_state_introduces_no_speech() -> None:
    from dataclasses import replace

    lex = CueLexicon({**_lexicon().entries, "l:erklären": CueEntry(90, 100)})
    infos = _sentence("Das Gericht erklärte die Wahl für ungültig , der Termin wurde neu angesetzt .",
                      "ART NN VVFIN ART NN APPR ADJD $, ART NN VAFIN ADV VVPP $.", {"erklärte": "erklären"})
    infos[2], infos[10] = replace(infos[2], mood="ind"), replace(infos[10], mood="ind")
    assert reported_frames(["O"] * len(infos), infos, lex) == ["O"] * len(infos)


def test_a_complement_clauses_frame_is_the_whole_main_clause() -> None:
    # "nannte es einen Wortbruch, …": the judgement between the cue and the clause frames it too
    infos = _sentence("Der Minister nannte es einen Wortbruch , die Familien außen vor zu lassen .",
                      "ART NN VVFIN PPER ART NN $, ART NN ADV ADV PTKZU VVINF $.", {"nannte": "nennen"})
    lex = CueLexicon({**_lexicon().entries, "l:nennen": CueEntry(60, 100)})
    labels = reported_frames(["O"] * len(infos), infos, lex)
    assert [t.text for t, lab in zip(infos, labels) if lab == "FRM"] == ["es", "einen", "Wortbruch"]
    assert _roles(infos, labels)["msg"] == "die Familien außen vor zu lassen"


def test_reportative_modal_is_free_indirect_speech() -> None:
    infos = _sentence("Ein vierter Mann soll den Männern geholfen haben .", "ART ADJA NN VMFIN ART NN VVPP VAINF $.")
    labels = reported_frames(["O"] * len(infos), infos, _lexicon())
    assert labels[0] == "B-FreeIndirect" and labels[-2] == "I-FreeIndirect" and labels[-1] == "O"
    # "soll … werden" is a plan, not a report
    infos = _sentence("Die Straße soll sechsspurig ausgebaut werden .", "ART NN VMFIN ADJD VVPP VAINF $.")
    assert reported_frames(["O"] * len(infos), infos, _lexicon()) == ["O"] * len(infos)


@pytest.mark.parametrize("words,tags", [
    # the last clause is the main clause, not a postposed frame
    ("Da er nie eine Krawatte gebunden hatte , bat er die Beamten um Hilfe .",
     "KOUS PPER ADV ART NN VVPP VAFIN $, VVFIN PPER ART NN APPR NN $."),
    # an indirect question, not a source clause
    ("Wie lange die Bahn nicht fahren kann , war am Sonntag unklar .",
     "PWAV ADJD ART NN PTKNEG VVINF VMFIN $, VAFIN APPRART NN ADJD $."),
    # "danach" is a source only now and then (3 of 17), "nach dieser" seen twice is chance
    ("Danach wurde er Budgetdirektor im Weißen Haus .", "PAV VAFIN PPER NN APPRART ADJA NN $."),
    ("Der Verein sinkt nach dieser Niederlage auf Platz drei ab .",
     "ART NN VVFIN APPR PDAT NN APPR NN CARD PTKVZ $."),
    # "so" is a source only as a parenthesis
    ("Wir erleben so die absurde Situation , dass keiner zuständig ist .",
     "PPER VVFIN ADV ART ADJA NN $, KOUS PIS ADJD VAFIN $."),
    # a passive is no speech act
    ("So wird ein Orkan mit hohen Geschwindigkeiten erwartet , dies entspricht der Stufe zwölf .",
     "ADV VAFIN ART NN APPR ADJA NN VVPP $, PDS VVFIN ART NN CARD $."),
])
def test_rules_leave_non_quotations_alone(words: str, tags: str) -> None:
    infos = _sentence(words, tags, {"erwartet": "erwarten", "wird": "werden"})
    assert reported_frames(["O"] * len(infos), infos, _lexicon()) == ["O"] * len(infos)


def test_overlong_sentence_is_left_alone() -> None:
    # a document without sentence boundaries is one "sentence": the rules skip it instead of scanning it per cue
    words = " ".join(["Nach Angaben der Polizei wurden keine Menschen verletzt ,"] * 30)
    infos = _sentence(words, " ".join(["APPR NN ART NN VAFIN PIAT NN VVPP $,"] * 30))
    assert reported_frames(["O"] * len(infos), infos, _lexicon()) == ["O"] * len(infos)


def test_rules_never_touch_a_sentence_with_a_crf_message() -> None:
    infos = _sentence("Nach Angaben der Polizei wurden keine Menschen verletzt .",
                      "APPR NN ART NN VAFIN PIAT NN VVPP $.")
    labels = ["O"] * 4 + ["B-Reported"] + ["I-Reported"] * 3 + ["O"]
    assert reported_frames(labels, infos, _lexicon()) == labels


def test_end_to_end_source_and_wie_clauses() -> None:
    from standpunkt.speech import extract_quotations

    text = ("Das Spiel fand am Samstag statt. Nach Angaben der Polizei wurden bei den Krawallen keine Menschen "
            "verletzt. Wie die NATO am Montag in Brüssel mitteilte, sind bei der Offensive in der Provinz Helmand "
            "mehrere Zivilpersonen getötet worden.")
    found = {text[q.message[0].start:q.message[-1].end]: q for q in extract_quotations(text)}
    q = found["wurden bei den Krawallen keine Menschen verletzt"]
    assert [s.text(text) for s in q.speaker] == ["Angaben der Polizei"]
    q = found["sind bei der Offensive in der Provinz Helmand mehrere Zivilpersonen getötet worden"]
    assert [s.text(text) for s in q.speaker] == ["die NATO"] and "mitteilte" in [s.text(text) for s in q.cue]


# --- boundary repairs (standpunkt.speech.rules.repair_boundaries) ---------------------------------------------------


def _two_sentences(first: list[TokenInfo], second: list[TokenInfo]) -> list[TokenInfo]:
    offset = first[-1].end + 1
    for t in second:
        t.sent, t.start, t.end = first[-1].sent + 1, t.start + offset, t.end + offset
    return first + second


def _own_frame_sentence() -> list[TokenInfo]:
    return _sentence("Die Polizei teilte mit , der Täter sei gefasst .", "ART NN VVFIN PTKVZ $, ART NN VAFIN VVPP $.")


def test_message_over_its_own_frame_is_cut_at_the_frame() -> None:
    infos = _own_frame_sentence()
    crf = ["B-Reported"] + ["I-Reported"] * 8 + ["O"]  # the CRF took the whole sentence as the message
    r = _roles(infos, repair_boundaries(crf, infos, _lexicon(), None, ("frame",)))
    assert r == {"msg": "der Täter sei gefasst", "CUE": "teilte mit", "SPK": "Die Polizei"}
    # a frame outside the CRF's message is not the message's own frame: the CRF's reading stays
    crf = ["O"] * 5 + ["B-Indirect"] + ["I-Indirect"] * 3 + ["O"]
    assert repair_boundaries(crf, infos, _lexicon(), None, ("frame",)) == crf
    # a frame the CRF labelled itself is left alone
    crf = ["SPK", "SPK", "CUE", "CUE", "O", "B-Indirect"] + ["I-Indirect"] * 3 + ["O"]
    assert repair_boundaries(crf, infos, _lexicon(), None, ("frame",)) == crf


def test_a_postposed_frame_the_crf_left_out_is_added_to_its_message() -> None:
    infos = _sentence("Jeder Besitzer solle sich versichern , beschlossen die Länder in Berlin .",
                      "PIAT NN VMFIN PRF VVINF $, VVFIN ART NN APPR NE $.", {"beschlossen": "beschließen"})
    lexicon = CueLexicon({**_lexicon().entries, "l:beschließen": CueEntry(8, 15)})
    crf = ["B-Indirect"] + ["I-Indirect"] * 4 + ["O"] * 7  # the message without its frame
    r = _roles(infos, repair_boundaries(crf, infos, lexicon, None, ("frame",)))
    assert r == {"msg": "Jeder Besitzer solle sich versichern", "CUE": "beschlossen", "SPK": "die Länder"}
    # a message the rule would read otherwise stays the CRF's
    crf = ["O", "B-Indirect"] + ["I-Indirect"] * 3 + ["O"] * 7
    assert repair_boundaries(crf, infos, lexicon, None, ("frame",)) == crf


def test_subject_with_an_apposition_before_the_speech_verb() -> None:
    infos = _sentence("John Kline , ein Abgeordneter aus Minnesota , sagte zu den Vorwürfen , dass es kein Unfall "
                      "war .", "NE NE $, ART NN APPR NE $, VVFIN APPR ART NN $, KOUS PPER PIAT NN VAFIN $.",
                      {"sagte": "sagen"})
    lexicon = CueLexicon({**_lexicon().entries, "l:sagen": CueEntry(90, 100)})
    expected = {"msg": "dass es kein Unfall war", "CUE": "sagte", "SPK": "John Kline , ein Abgeordneter aus Minnesota"}
    assert _roles(infos, reported_frames(["O"] * len(infos), infos, lexicon)) == expected
    # the CRF saw the name as the speaker but ran the message from the apposition on, without a cue
    crf = ["SPK", "SPK", "FRM", "B-Indirect"] + ["I-Indirect"] * 15 + ["O"]
    assert _roles(infos, repair_boundaries(crf, infos, lexicon, None, ("frame",))) == expected
    # the CRF saw name and cue but took the apposition for a message: it is part of the speaker
    crf = ["SPK", "SPK", "FRM", "B-Indirect", "I-Indirect", "I-Indirect", "I-Indirect", "FRM", "CUE", "FRM", "FRM",
           "FRM", "FRM", "B-Indirect", "I-Indirect", "I-Indirect", "I-Indirect", "I-Indirect", "O"]
    assert _roles(infos, repair_boundaries(crf, infos, lexicon)) == expected
    # a message with a verb is no apposition
    verb = _sentence("Kline , er sei ein Abgeordneter , sagte der Sprecher .",
                     "NE $, PPER VAFIN ART NN $, VVFIN ART NN $.")
    crf = ["SPK", "FRM", "B-Indirect", "I-Indirect", "I-Indirect", "I-Indirect", "FRM", "CUE", "SPK", "SPK", "O"]
    assert repair_boundaries(crf, verb, lexicon, None, ("apposition",)) == crf
    # a relative clause is no apposition
    infos = _sentence("Kline , der aus Minnesota kommt , sagte , dass es kein Unfall war .",
                      "NE $, PRELS APPR NE VVFIN $, VVFIN $, KOUS PPER PIAT NN VAFIN $.", {"sagte": "sagen"})
    assert _roles(infos, reported_frames(["O"] * len(infos), infos, lexicon))["msg"] == ""


@pytest.mark.parametrize("words, tags, speaker, cue", [
    # the subject before a speech verb speaks
    ("Die Ärztin Ina Roth vom Klinikum in Jena erklärte den Befund so : „ Es ist ernst . “",
     "ART NN NE NE APPRART NN APPR NE VVFIN ART NN ADV $. $( PPER VAFIN ADJD $. $(",
     "Die Ärztin Ina Roth vom Klinikum in Jena", "erklärte"),
    # the quoted object of an active "zitiert … mit den Worten", the subject of the passive
    ("Die Zeitung zitiert einen Anwohner mit den Worten : „ Es war laut . “",
     "ART NN VVFIN ART NN APPR ART NN $. $( PPER VAFIN ADJD $. $(", "einen Anwohner", "zitiert"),
    ("Sie wird mit den Worten zitiert : „ Ich bleibe . “", "PPER VAFIN APPR ART NN VVPP $. $( PPER VVFIN $. $(",
     "Sie", "zitiert"),
    # a fronted prepositional phrase or object is no speaker: the name after the verb is
    ("Im Radio erklärte Ina Roth : „ Es ist ernst . “", "APPRART NN VVFIN NE NE $. $( PPER VAFIN ADJD $. $(",
     "Ina Roth", "erklärte"),
    ("Die Anwendung der Regel erklärte der Vorsitzende Max Kurz so : „ Es ist falsch . “",
     "ART NN ART NN VVFIN ART NN NE NE ADV $. $( PPER VAFIN ADJD $. $(", "der Vorsitzende Max Kurz", "erklärte"),
    # no speech verb, no frame
    ("Die Lage ist so : „ Es ist ernst . “", "ART NN VAFIN ADV $. $( PPER VAFIN ADJD $. $(", "", ""),
])
def test_colon_frame_of_a_direct_quotation(words: str, tags: str, speaker: str, cue: str) -> None:
    lexicon = CueLexicon({**_lexicon().entries, "l:zitieren": CueEntry(25, 100), "l:erklären": CueEntry(60, 100)})
    infos = _sentence(words, tags, {"zitiert": "zitieren", "erklärte": "erklären", "wird": "werden"})
    q = next(k for k, t in enumerate(infos) if t.text == "„")
    crf = ["O"] * q + ["B-Direct"] + ["I-Direct"] * (len(infos) - q - 1)
    r = _roles(infos, repair_boundaries(crf, infos, lexicon))
    assert (r["SPK"], r["CUE"]) == (speaker, cue)


def test_the_quoted_object_speaks_where_the_crf_took_the_quoting_medium() -> None:
    # "Die Agentur Nordpress zitiert dazu Ina Roth mit folgenden Worten : „ Es war laut . “": the CRF labelled the
    # agency as speaker; the one quoted speaks. Passive "wird … zitiert" and another cue stay as labelled.
    infos = _sentence("Die Agentur Nordpress zitiert dazu Ina Roth mit folgenden Worten : „ Es war laut . “",
                      "ART NN NE VVFIN PROAV NE NE APPR ADJA NN $. $( PPER VAFIN ADJD $. $(", {"zitiert": "zitieren"})
    crf = ["SPK", "SPK", "SPK", "CUE", "FRM", "FRM", "FRM", "FRM", "FRM", "FRM", "FRM", "B-Direct"] + ["I-Direct"] * 5
    r = _roles(infos, repair_boundaries(crf, infos, _lexicon()))
    assert (r["SPK"], r["CUE"]) == ("Ina Roth", "zitiert")
    said = _sentence("Die Agentur Nordpress sagte dazu Ina Roth mit folgenden Worten : „ Es war laut . “",
                     "ART NN NE VVFIN PROAV NE NE APPR ADJA NN $. $( PPER VAFIN ADJD $. $(", {"sagte": "sagen"})
    assert _roles(said, repair_boundaries(crf, said, _lexicon()))["SPK"] == "Die Agentur Nordpress"


def test_anaphor_takes_the_sentence_it_points_back_to() -> None:
    infos = _two_sentences(_sentence("Die FDP schließt eine Ampel mit SPD und Grünen aus .",
                                     "ART NE VVFIN ART NN APPR NE KON NN PTKVZ $."),
                           _sentence("Dies bestätigte der Parteichef .", "PDS VVFIN ART NN $."))
    crf = ["O"] * 11 + ["B-Indirect", "CUE", "SPK", "SPK", "O"]  # the CRF labels the anaphor alone
    r = _roles(infos, repair_boundaries(crf, infos, _lexicon(), None, ("anaphor",)))
    assert r["msg"] == "Die FDP schließt eine Ampel mit SPD und Grünen aus . Dies"
    assert r["CUE"] == "bestätigte" and r["SPK"] == "der Parteichef"
    # the anaphoric frame rule's message (previous sentence without its full stop) gets the stop and the anaphor
    rule = ["B-Indirect"] + ["I-Indirect"] * 9 + ["O", "FRM", "CUE", "SPK", "SPK", "O"]
    r = _roles(infos, repair_boundaries(rule, infos, _lexicon(), None, ("anaphor",)))
    assert r["msg"] == "Die FDP schließt eine Ampel mit SPD und Grünen aus . Dies"
    # without a cue after it, "Dies" is no anaphoric frame
    plain = ["O"] * 11 + ["B-Indirect", "I-Indirect", "I-Indirect", "I-Indirect", "O"]
    assert repair_boundaries(plain, infos, _lexicon(), None, ("anaphor",)) == plain


def test_konjunktiv_message_stops_before_an_indicative_main_clause() -> None:
    infos = _sentence("Es hieß , die Fahrgäste seien selber schuld , nun wird aber eine Million investiert .",
                      "PPER VVFIN $, ART NN VAFIN ADV ADJD $, ADV VAFIN ADV ART NN VVPP $.")
    infos[5].mood = "k1"
    infos[10].mood = "ind"
    crf = ["O", "CUE", "O", "B-Indirect"] + ["I-Indirect"] * 11 + ["O"]
    r = _roles(infos, repair_boundaries(crf, infos, _lexicon(), None, ("clause",)))
    assert r["msg"] == "die Fahrgäste seien selber schuld"
    # a relative or "dass" clause after the comma stays inside the message; so does an indicative message
    infos[10].mood = "k1"
    assert repair_boundaries(crf, infos, _lexicon(), None, ("clause",)) == crf
    infos[10].mood, infos[5].mood = "ind", "ind"
    assert repair_boundaries(crf, infos, _lexicon(), None, ("clause",)) == crf


@pytest.mark.parametrize("form, expected", [("Indirect", "sie komme morgen"),
                                            ("IndirectFreeIndirect", "sie komme morgen ."),
                                            ("Reported", "sie komme morgen .")])
def test_full_stop_as_annotated(form: str, expected: str) -> None:
    infos = _sentence("Er sagte , sie komme morgen .", "PPER VVFIN $, PPER VVFIN ADV $.")
    for end in (6, 7):  # the CRF ended the message before or after the full stop
        crf = ["O"] * 3 + [f"B-{form}"] + [f"I-{form}"] * (end - 4) + ["O"] * (7 - end)
        assert _roles(infos, repair_boundaries(crf, infos, _lexicon(), None, ("stop",)))["msg"] == expected


def test_boundary_repairs_stay_linear_on_a_long_document() -> None:
    import time

    sentence = _own_frame_sentence()
    n = 10_000  # sentences
    infos: list[TokenInfo] = []
    for k in range(n):
        for t in sentence:
            infos.append(TokenInfo(**{**t.__dict__, "sent": k, "start": t.start + 50 * k, "end": t.end + 50 * k}))
    crf = (["B-Reported"] + ["I-Reported"] * 8 + ["O"]) * n
    t0 = time.process_time()
    out = repair_boundaries(crf, infos, _lexicon())
    assert time.process_time() - t0 < 5.0  # copying the document's labels per sentence would take minutes
    assert out.count("CUE") == 2 * n
