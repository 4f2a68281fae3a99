#!/usr/bin/env bash
# The e5 stance head's grouped 5-fold CV for several recipes and training seeds at once, on a GPU machine (the
# device tool): what the 2-core machine cannot run in a session. Step 1 runs HERE and writes a 13 MB file that
# travels with the working tree (all 12 layers as 4-bit blocks, token ids; ignore .gpu/ in .git/info/exclude and
# name it in the device tool's carry):
#   python training/e5_stance_inputs.py ../shared/data/debatenet-mig15/claims.jsonl .gpu/e5-in-12.npz --top 12
# Step 2, on the GPU machine (its python3 has JAX with CUDA), from the repository root:
#   IN=.gpu/e5-in-12.npz TOPS="4 12" SEEDS="0 1 2" FINAL_TOP=12 bash training/train_e5head_gpu.sh
# One process per recipe (they share the GPU): $OUT/oof<top>-<seed>.npz per recipe and seed, which
# training/eval_e5_head_stance.py scores here; with FINAL_TOP, the model trained on all claims with that many layers
# tuned, split into 12 MB parts ($OUT/head<top>.partNN; `cat` them back together), since the device tool returns
# files of at most 16 MiB. ARGS adds options to every training (e.g. ARGS="--sub-loss 1.0", the auxiliary
# sub-category loss of stop 36; the inputs must then be written by an e5_stance_inputs.py that stores sub-codes) and
# TAG names its files ($OUT/oof<top><TAG>-<seed>.npz), so two recipes can run one after the other into one $OUT.
# Measured on an H200: about 10 s of XLA compilation per padded batch shape (6 shapes
# for training, 6 for prediction per process), then about 2 s per epoch and fold; LIMIT bounds each process.
set -uo pipefail
IN=${IN:-.gpu/e5-in-12.npz}
TOPS=${TOPS:-4 12}
SEEDS=${SEEDS:-0 1 2}
FINAL_TOP=${FINAL_TOP:-}
ARGS=${ARGS:-}
TAG=${TAG:-}
LIMIT=${LIMIT:-420}
OUT=${OUT:?set OUT to the folder the results go to}
export PYTHONUNBUFFERED=1 XLA_PYTHON_CLIENT_PREALLOCATE=false XLA_FLAGS=--xla_gpu_autotune_level=0
python3 -c "import jax; print('jax', jax.__version__, jax.devices())"
LOGS=$(mktemp -d)
MODEL=$(mktemp -d)
for top in $TOPS; do
  # shellcheck disable=SC2086
  timeout "$LIMIT" python3 training/finetune_e5_stance.py "$IN" --cv --top "$top" --seed $SEEDS $ARGS \
    --out "$OUT/oof$top$TAG-{seed}.npz" > "$LOGS/cv$top" 2>&1 &
done
if [ -n "$FINAL_TOP" ]; then
  # shellcheck disable=SC2086
  (timeout "$LIMIT" python3 training/finetune_e5_stance.py "$IN" --final --top "$FINAL_TOP" --seed 0 --delta-bits 4 $ARGS \
     --out "$MODEL/head$FINAL_TOP.npz" > "$LOGS/final" 2>&1 \
   && sha256sum "$MODEL/head$FINAL_TOP.npz" && split -b 12M -d "$MODEL/head$FINAL_TOP.npz" "$OUT/head$FINAL_TOP$TAG.part") &
fi
wait
for f in "$LOGS"/*; do echo "== ${f##*/}"; grep -v "epoch [1-4]:" "$f" | tail -30; done
ls -la "$OUT"
