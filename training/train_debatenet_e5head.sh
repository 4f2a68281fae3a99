#!/usr/bin/env bash
# Fine-tune the e5 stance head of the shipped DebateNet model (src/standpunkt/models/debatenet-mig15/e5head.npz),
# print its grouped 5-fold CV figures alone and with the SVM ensemble, and store the ensemble weights in the model's
# classifier.json. Run from the repository root AFTER training/train_debatenet_stance.sh (codebook train rewrites
# classifier.json without the head). PY: the project's environment; TRAIN_PY: a separate environment with the
# training extra (python -m venv venv-train && venv-train/bin/pip install '.[training]'; JAX on CPU).
# Recipe since stop 33: all 12 layers tuned, the weight deltas stored in 4 bits (docs/stance.md).
# Cost on an idle 2-core machine: about 7 min per fold (35 min for the CV) and 10 min for the final model; on the
# GPU machine the CV runs as training/train_e5head_gpu.sh (a few minutes).
set -euo pipefail
DATA=../shared/data/debatenet-mig15
PY=${PY:-.venv/bin/python}
TRAIN_PY=${TRAIN_PY:-venv-train/bin/python}
MODEL=src/standpunkt/models/debatenet-mig15
TMP=${TMPDIR:-/tmp}
nice "$PY" training/e5_stance_inputs.py "$DATA/claims.jsonl" "$TMP/e5-stance-inputs.npz" --top 12
nice "$TRAIN_PY" training/finetune_e5_stance.py "$TMP/e5-stance-inputs.npz" --cv --seed 0 --out "$TMP/e5-oof-0.npz"
nice "$TRAIN_PY" training/finetune_e5_stance.py "$TMP/e5-stance-inputs.npz" --final --seed 0 --delta-bits 4 \
  --out "$MODEL/e5head.npz"
nice "$PY" training/eval_e5_head_stance.py "$DATA/claims.jsonl" "$TMP/e5-oof-0.npz" --write-weights "$MODEL"
