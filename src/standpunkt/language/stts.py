"""STTS tag set helpers: HanTa's tag spelling to STTS, and STTS to Universal POS.

HanTa writes verb and adjective tags with the inflection in brackets (``VV(FIN)``, ``ADJ(A)``); downstream code and
the UD data use plain STTS (``VVFIN``, ``ADJA``). The UPOS map follows the standard TIGER/UD conversion.
"""

from __future__ import annotations

#: HanTa tags that are not plain STTS, mapped to their STTS equivalent.
_HANTA_SPECIAL = {
    "NNA": "NN",  # nominalised adjective ("der Abgeordnete")
    "NNI": "NN",  # irregular noun forms
    "ACR_NE": "NE",
    "ACR_NN": "NN",
    "UNKNOWN": "XY",
    "URL": "XY",
    "SYMB": "XY",
    "PROAV": "PROAV",
}

#: STTS → UPOS (the conversion used for UD German; PROAV/PAV are adverbs).
STTS_TO_UPOS: dict[str, str] = {
    "$(": "PUNCT", "$,": "PUNCT", "$.": "PUNCT",
    "ADJA": "ADJ", "ADJD": "ADJ", "ADV": "ADV",
    "APPO": "ADP", "APPR": "ADP", "APPRART": "ADP", "APZR": "ADP",
    "ART": "DET", "CARD": "NUM", "FM": "X", "ITJ": "INTJ",
    "KOKOM": "CCONJ", "KON": "CCONJ", "KOUI": "SCONJ", "KOUS": "SCONJ",
    "NE": "PROPN", "NN": "NOUN", "NNE": "PROPN",
    "PAV": "ADV", "PROAV": "ADV",
    "PDAT": "DET", "PDS": "PRON", "PIAT": "DET", "PIDAT": "DET", "PIS": "PRON",
    "PPER": "PRON", "PPOSAT": "DET", "PPOSS": "PRON", "PRELAT": "DET", "PRELS": "PRON", "PRF": "PRON",
    "PTKA": "PART", "PTKANT": "PART", "PTKNEG": "PART", "PTKVZ": "ADP", "PTKZU": "PART",
    "PWAT": "DET", "PWAV": "ADV", "PWS": "PRON",
    "TRUNC": "X",
    "VAFIN": "AUX", "VAIMP": "AUX", "VAINF": "AUX", "VAPP": "AUX",
    "VMFIN": "VERB", "VMINF": "VERB", "VMPP": "VERB",
    "VVFIN": "VERB", "VVIMP": "VERB", "VVINF": "VERB", "VVIZU": "VERB", "VVPP": "VERB",
    "XY": "X", "_SP": "SPACE",
}

#: Finite verb tags: the tokens that carry a mood.
FINITE_VERB_TAGS = frozenset({"VVFIN", "VAFIN", "VMFIN"})


def hanta_to_stts(tag: str) -> str:
    """Turn a HanTa tag (``VV(FIN)``, ``ADJ(A)``, ``NNA``) into the STTS tag (``VVFIN``, ``ADJA``, ``NN``)."""
    if "(" in tag:
        return tag.replace("(", "").replace(")", "")
    return _HANTA_SPECIAL.get(tag, tag)


def stts_to_upos(tag: str) -> str:
    """Universal POS for an STTS tag; ``X`` for anything unknown."""
    return STTS_TO_UPOS.get(tag, "X")
