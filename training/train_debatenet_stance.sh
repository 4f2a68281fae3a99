#!/usr/bin/env bash
# Rebuild the DebateNet example codebook and the shipped classifier src/standpunkt/models/debatenet-mig15/,
# and print the cross-validated scores that its MODEL_CARD.md reports. Run from the repository root.
# `codebook train` never writes into the package: the model is trained into a scratch folder and copied.
# The fine-tuned e5 head (e5head.npz) is added afterwards by training/train_debatenet_e5head.sh.
set -euo pipefail
DATA=../shared/data/debatenet-mig15
PY=${PY:-.venv/bin/python}
OUT=$(mktemp -d)
"$PY" training/build_debatenet_codebook.py "$DATA" examples/codebooks/debatenet-mig15.yaml
nice "$PY" -m standpunkt.cli codebook train examples/codebooks/debatenet-mig15.yaml --data "$DATA/claims.jsonl" \
  --embedding e5 --out "$OUT"
cp "$OUT/arrays.npz" "$OUT/classifier.json" src/standpunkt/models/debatenet-mig15/
rm -r "$OUT"
nice "$PY" -m standpunkt.cli evaluate stance "$DATA/claims.jsonl" --embedding e5
