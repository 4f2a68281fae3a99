"""Build examples/codebooks/debatenet-mig15.yaml from the DebateNet (MARDY, MIT licence) codebook and claims.

    .venv/bin/python training/build_debatenet_codebook.py [../shared/data/debatenet-mig15] [out.yaml]

Issues are the 9 major fields (100-900), concepts the 126 sub-categories, each with its code (so that
`standpunkt codebook train --data claims.jsonl` maps claims to concepts), the German label, the English label as
description, up to EXAMPLES_PER_CONCEPT claim texts as examples (shortest first, with their polarity) and keyword
patterns drafted from the label's nouns. The keywords are a machine-made draft for analysts to edit: the shipped
classifier (src/standpunkt/models/debatenet-mig15) does the coding of this codebook.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from collections import defaultdict
from pathlib import Path

import yaml

EXAMPLES_PER_CONCEPT = 3
MAX_EXAMPLE_CHARS = 200
MIN_KEYWORD_CHARS = 5
#: Label nouns found in more than this share of all claims ("Flüchtlinge", "Migration") say nothing about the
#: concept and are not made keywords.
MAX_KEYWORD_DOC_SHARE = 0.02
STOP = {"Allgemein", "Aktuelle", "Differenzierung", "Gruppen", "Schaffung", "Perspektive", "Sonstiges"}
OTHER = (900, "Sonstiges", "Other")
#: The codebook codes only articles about migration: two sentences naming it (one passing mention — "geflüchtet",
#: a refugee camp in a war report — is not enough). On the 850 general-news articles of quotes-de-news this admits 12.
SCOPE = {"keywords": ["*flüchtling*|*migra*|*asyl*|*einwander*|*zuwander*|*abschieb*|*ausländer*",
                      "*schutzsuchend*|*schleuser*|*bleiberecht*|*duldung*|*willkommenskultur*|frontex",
                      "*fremdenfeind*|*grenzkontroll*|*grenzzaun*|*einbürger*|*herkunftsl*|*erstaufnahme*",
                      "lampedusa|balkanroute"],
         "min_sentences": 2}


def main() -> None:
    root = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/debatenet-mig15")
    out = Path(sys.argv[2] if len(sys.argv) > 2 else "examples/codebooks/debatenet-mig15.yaml")
    german = list(csv.DictReader((root / "migration_codebook_german.csv").open(encoding="utf-8")))
    english = {r["sub"]: r["description"] for r in csv.DictReader(
        (root / "migration_codebook_english.csv").open(encoding="utf-8"))}
    examples: dict[str, list[tuple[str, int]]] = defaultdict(list)
    all_texts = [" ".join(json.loads(line)["quote"].split()).lower()
                 for line in (root / "claims.jsonl").open(encoding="utf-8")]

    def specific(noun: str) -> bool:
        return sum(noun.lower() in t for t in all_texts) <= MAX_KEYWORD_DOC_SHARE * len(all_texts)

    for line in (root / "claims.jsonl").open(encoding="utf-8"):
        row = json.loads(line)
        codes = json.loads(row["claimvalues"])
        first = codes[0] // 100
        concept = next((c for c in codes if c % 100 and c // 100 == first), codes[0])
        text = " ".join(row["quote"].split())
        if 20 <= len(text) <= MAX_EXAMPLE_CHARS:
            examples[str(concept)].append((text, row["cpos"]))
    majors = {r["major"]: r["description"] for r in german if r["major"] == r["sub"]}
    majors.setdefault(str(OTHER[0]), OTHER[1])
    rows = german + [{"major": str(OTHER[0]), "sub": str(OTHER[0]), "description": OTHER[1]}]
    issues = []
    for major, label in majors.items():
        concepts = []
        for r in rows:
            if r["major"] != major:
                continue
            code, label_de = r["sub"], r["description"].strip()
            picked = sorted(dict.fromkeys(examples.get(code, [])), key=lambda e: len(e[0]))[:EXAMPLES_PER_CONCEPT]
            nouns = [w for w in re.split(r"[\s/+(),.-]+", label_de)
                     if len(w) >= MIN_KEYWORD_CHARS and w[:1].isupper() and w not in STOP and specific(w)]
            concept = {"id": f"c{code}", "code": code, "label": label_de,
                       "description": english.get(code, OTHER[2]),
                       "examples": [{"text": t, "agreement": "support" if p > 0 else "oppose"} for t, p in picked]}
            if nouns:
                concept["keywords"] = ["|".join(f"*{n.lower()}*" for n in nouns)]
            concepts.append(concept)
        issues.append({"id": f"field{major}", "label": label, "concepts": concepts})
    header = ("# Codebook of the German migration debate 2015 (DebateNet / MARDY, MIT licence), built by\n"
              "# training/build_debatenet_codebook.py from ../shared/data/debatenet-mig15. Concepts carry the\n"
              "# DebateNet code; keywords are a machine-made draft. The classifier shipped as package:debatenet-mig15\n"
              "# was trained on all 1,971 DebateNet claims (src/standpunkt/models/debatenet-mig15/MODEL_CARD.md).\n")
    data = {"name": "DebateNet migration 2015", "language": "de", "model": "package:debatenet-mig15",
            "scope": SCOPE, "issues": issues}
    out.write_text(header + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=110),
                   encoding="utf-8")
    print(f"wrote {out}: {len(issues)} issues, {sum(len(i['concepts']) for i in issues)} concepts")


if __name__ == "__main__":
    main()
