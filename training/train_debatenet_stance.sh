#!/usr/bin/env bash
# Rebuild the DebateNet example codebook and the shipped classifier src/standpunkt/models/debatenet-mig15/,
# and print the cross-validated scores that its MODEL_CARD.md reports. Run from the repository root.
set -euo pipefail
DATA=../shared/data/debatenet-mig15
.venv/bin/python training/build_debatenet_codebook.py "$DATA" examples/codebooks/debatenet-mig15.yaml
nice .venv/bin/standpunkt codebook train examples/codebooks/debatenet-mig15.yaml --data "$DATA/claims.jsonl" --embedding e5
nice .venv/bin/standpunkt evaluate stance "$DATA/claims.jsonl" --embedding e5
