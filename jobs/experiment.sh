#!/usr/bin/env bash
# The experiment of issue 21 (paper Table 6 style; not run by CI): the same LeNet trained to
# convergence on 10 % of Fashion-MNIST (6 000 images, stratified, chosen by seed 42) and evaluated on
# the full 10 000-image test set after every epoch, for vanilla, Input Mixup, CutMix, Guided-SR
# (random and greedy pairing) and Guided-AP (greedy), 3 seeds each, one schedule for all (30 epochs,
# cosine), online mode on Spark local[2]; then vanilla and Guided-SR greedy once on all 60 000
# images; then the augmentation overhead per batch for batches 16, 32, 64.
# Writes docs/results/fmnist-10pct.md (+ .png, -curves.png; the full-set runs and the overhead in the same page).
#   jobs/experiment.sh        # EPOCHS=30 SEEDS="1 2 3"; the 10 % part took 52 min on 2 cores, the
#                             # full-set runs take about 20 min each, the overhead runs a few minutes
#   PART=10pct|full|overhead|report jobs/experiment.sh   # one part only
#   RECIPE=crop-flip jobs/experiment.sh   # the same runs with the official CIFAR base transform adapted to
#                             # 28 px (--crop random:28,pad=2 --flip) before every method, into the sets
#                             # fmnist-10pct-crop-flip/ and fmnist-full-crop-flip/ and docs/results/fmnist-crop-flip.md
# Every finished run's metrics.json is copied to docs/results/<set>/runs/<method>/seed-<s>/ (commit
# them): a run found there is not run again, so an experiment spread over several sessions goes on
# where it stopped, and a killed run continues from its last epoch (train --resume).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
EPOCHS="${EPOCHS:-30}"
FULL_EPOCHS="${FULL_EPOCHS:-$EPOCHS}"
AVERAGING="${AVERAGING:-10}"
PART="${PART:-all}"
SEEDS="${SEEDS:-1 2 3}"
OVERHEAD_BATCHES="${OVERHEAD_BATCHES:-16 32 64}"
RECIPE="${RECIPE:-none}"
case "$RECIPE" in
  none) BASE=(); SUFFIX="" ;;
  crop-flip) BASE=(--crop random:28,pad=2 --flip); SUFFIX="-crop-flip" ;;
  *) echo "experiment: RECIPE must be none or crop-flip, got '$RECIPE'" >&2; exit 2 ;;
esac
OUT="${EXPERIMENT_DIR:-$ROOT/target/experiment}${SUFFIX}"
RESULTS="${RESULTS_DIR:-$ROOT/docs/results}"
FM=/usr/share/datasets/fashion-mnist
GM="$ROOT/jobs/guidedmixup"
start=$(date +%s)

if [ ! -f "$FM/train-images-idx3-ubyte.gz" ]; then
  echo "experiment: installing dataset-fashion-mnist (Debian) ..." >&2
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq dataset-fashion-mnist >&2
fi
mkdir -p "$OUT" "$RESULTS"
python3 "$ROOT/jobs/fmnist_subset.py" "$FM/train-images-idx3-ubyte.gz" "$FM/train-labels-idx1-ubyte.gz" "${FRACTION:-0.1}" 42 "$OUT/data" >&2

COMMON=(--master 'local[2]' --model lenet --lr 0.02 --weight-decay 0.0005 --lr-schedule cosine
        --averaging-frequency "$AVERAGING" ${BASE[@]+"${BASE[@]}"})
# method name -> its flags (the reference's settings: SR mix-prob 0.5; AP mix-prob 0.8, clean_lam 1.0)
declare -A FLAGS=(
  [vanilla]="--augment none"
  [input-mixup]="--augment mixup --pairing random --mix-prob 1.0 --alpha 1.0"
  [cutmix]="--augment cutmix --pairing random --mix-prob 0.5 --alpha 1.0"
  [guided-sr-random]="--augment guided --saliency sr --pairing random --mix-prob 0.5"
  [guided-sr-greedy]="--augment guided --saliency sr --pairing greedy --mix-prob 0.5"
  [guided-ap-greedy]="--augment guided --saliency ap --pairing greedy --mix-prob 0.8 --clean-weight 1.0"
)
METHODS=(vanilla input-mixup cutmix guided-sr-random guided-sr-greedy guided-ap-greedy)

run() {  # run DIR RECORD [flags...]: one train run, skipped when RECORD/metrics.json exists
  local dir="$1" record="$2"; shift 2
  if [ -n "$record" ] && [ -f "$record/metrics.json" ]; then echo "experiment: keep $record" >&2; return; fi
  if [ ! -f "$dir/_SUCCESS" ]; then
    mkdir -p "$(dirname "$dir")"
    local resume=()
    [ -d "$(dirname "$dir")/.$(basename "$dir").checkpoint" ] && resume=(--resume)
    [ -d "$dir" ] && rm -rf "$dir"
    echo "experiment: $(date +%H:%M:%S) train -> $dir ${resume[*]}" >&2
    # shellcheck disable=SC2068
    "$GM" train ${COMMON[@]+"${COMMON[@]}"} --output "$dir" "$@" ${resume[@]+"${resume[@]}"} > "$dir.log" 2>&1 || {
      echo "experiment: run failed, see $dir.log" >&2; tail -3 "$dir.log" >&2; exit 1; }
  fi
  if [ -n "$record" ]; then
    mkdir -p "$record"
    cp "$dir/metrics.json" "$record/metrics.json"
    : > "$record/_SUCCESS"
  fi
}

if [ "$PART" = all ] || [ "$PART" = 10pct ]; then
  for seed in $SEEDS; do
    for m in "${METHODS[@]}"; do
      # shellcheck disable=SC2086
      run "$OUT/runs/$m/seed-$seed" "$RESULTS/fmnist-10pct$SUFFIX/runs/$m/seed-$seed" --epochs "$EPOCHS" --seed "$seed" --batch-size 32 \
        --input "$OUT/data/train-images-idx3-ubyte.gz" --eval "$FM/t10k-images-idx3-ubyte.gz" ${FLAGS[$m]}
    done
  done
fi

if [ "$PART" = all ] || [ "$PART" = full ]; then
  for m in vanilla guided-sr-greedy; do
    # shellcheck disable=SC2086
    run "$OUT/full/$m/seed-1" "$RESULTS/fmnist-full$SUFFIX/runs/$m/seed-1" --epochs "$FULL_EPOCHS" --seed 1 --batch-size 32 \
      --input "$FM/train-images-idx3-ubyte.gz" --eval "$FM/t10k-images-idx3-ubyte.gz" ${FLAGS[$m]}
  done
fi

# Overhead: 2 epochs on the embedded 2 000-image sample without evaluation; epoch 2 is timed
# (epoch 1 includes JIT warm-up). The overhead is a ratio of per-epoch times, so a smaller set does.
OVERHEAD_INPUT="${OVERHEAD_INPUT:-$ROOT/src/data/fashion-mnist-2k/train-images-idx3-ubyte.gz}"
if [ "$RECIPE" = none ] && { [ "$PART" = all ] || [ "$PART" = overhead ]; }; then
  for bs in $OVERHEAD_BATCHES; do
    for m in vanilla guided-sr-greedy guided-ap-greedy; do
      # shellcheck disable=SC2086
      run "$OUT/overhead/bs$bs/$m" "$RESULTS/overhead/bs$bs/$m" --epochs 2 --seed 1 ${FLAGS[$m]} \
        --batch-size "$bs" --input "$OVERHEAD_INPUT"
    done
  done
fi
[ "$PART" = all ] || [ "$PART" = report ] || exit 0
if [ "$RECIPE" != none ]; then
  exec "$ROOT/jobs/experiment-recipe-report.sh"
fi

TABLE=$("$GM" report --runs "$RESULTS/fmnist-10pct/runs" --methods "$(IFS=,; echo "${METHODS[*]}")" \
  --chart "$RESULTS/fmnist-10pct.png" --curves "$RESULTS/fmnist-10pct-curves.png" \
  --title "Fashion-MNIST, 10 % of the training set (6 000 images), LeNet, $EPOCHS epochs cosine: test top-1, mean over seeds")
FULL_TABLE=""
if [ -d "$RESULTS/fmnist-full/runs" ]; then
  FULL_TABLE=$("$GM" report --runs "$RESULTS/fmnist-full/runs" --methods vanilla,guided-sr-greedy \
    --chart "$RESULTS/fmnist-full.png" --curves "$RESULTS/fmnist-full-curves.png" \
    --title "Fashion-MNIST, all 60 000 training images, LeNet, $FULL_EPOCHS epochs cosine: test top-1")
fi
OVERHEAD="(not recorded yet: \`PART=overhead jobs/experiment.sh\`, then \`PART=report\`)"
if [ -d "$RESULTS/overhead" ]; then
OVERHEAD=$(python3 - "$RESULTS/overhead" $OVERHEAD_BATCHES <<'PY'
import json, sys, os
root, sizes = sys.argv[1], sys.argv[2:]
def t(bs, m):
    e = json.load(open(os.path.join(root, f"bs{bs}", m, "metrics.json")))["epochs"][-1]
    return e["seconds"], e["augment_seconds"], e["examples"]
print("| batch | batches / epoch | vanilla s/epoch | Guided-SR greedy s/epoch | overhead | per batch | Guided-AP greedy s/epoch | overhead | per batch |")
print("|---|---|---|---|---|---|---|---|---|")
for bs in sizes:
    v, _, n = t(bs, "vanilla"); s, _, _ = t(bs, "guided-sr-greedy"); a, _, _ = t(bs, "guided-ap-greedy")
    b = -(-n // int(bs))
    print(f"| {bs} | {b} | {v:.2f} | {s:.2f} | {100*(s-v)/v:+.1f} % | {1000*(s-v)/b:+.1f} ms | {a:.2f} | {100*(a-v)/v:+.1f} % | {1000*(a-v)/b:+.1f} ms |")
PY
)
fi
# The hand-written reading of the results survives a rewrite of the tables; the run time is the
# sum of the recorded epochs (the experiment may have been spread over several sessions).
FINDINGS=$(python3 "$ROOT/jobs/findings.py" "$RESULTS/fmnist-10pct.md")
RUN_MINUTES=$(python3 - "$RESULTS" <<'PY'
import json, sys, glob
t = sum(e["seconds"] for f in glob.glob(sys.argv[1] + "/*/runs/*/*/metrics.json") + glob.glob(sys.argv[1] + "/overhead/*/*/metrics.json")
        for e in json.load(open(f))["epochs"])
print(round(t / 60))
PY
)
cat > "$RESULTS/fmnist-10pct.md" <<MD
# Fashion-MNIST with 10 % of the training data: GuidedMixup against other mixups

LeNet (2 conv + 1 dense, 431 k parameters) trained from scratch on 6 000 Fashion-MNIST training images
(600 per class, chosen with seed 42 by \`jobs/fmnist_subset.py\`), evaluated on the full 10 000-image
test set after every epoch. Online mode (\`train --input\`), Spark \`local[2]\`, ParameterAveragingTrainingMaster
(2 workers, averaging every $AVERAGING steps), SGD with Nesterov momentum 0.9, lr 0.02 on a cosine
schedule over $EPOCHS epochs, weight decay 5e-4, batch 32, cross-entropy on soft targets for every method.
Settings per method follow the reference, with no tuning: Guided-SR mix-prob 0.5; Guided-AP mix-prob 0.8 with clean
weight 1.0 (\`clean_lam\`); Input Mixup mix-prob 1.0; CutMix mix-prob 0.5; alpha 1 for both. Seeds: $SEEDS
(network initialisation and batches). s / epoch includes the evaluation of 10 000 images.

![top-1 by method](fmnist-10pct.png)

$TABLE

![learning curves](fmnist-10pct-curves.png)

$FINDINGS

MD
if [ -n "$FULL_TABLE" ]; then
cat >> "$RESULTS/fmnist-10pct.md" <<MD
## All 60 000 training images (one seed)

The same settings on the whole training set, seed 1.

$FULL_TABLE

![learning curves, full set](fmnist-full-curves.png)

MD
else
  printf '## All 60 000 training images (one seed)\n\nNot recorded yet: `PART=full jobs/experiment.sh`, then `PART=report`.\n\n' >> "$RESULTS/fmnist-10pct.md"
fi
cat >> "$RESULTS/fmnist-10pct.md" <<MD
## Augmentation overhead (online mode, $(echo $OVERHEAD_BATCHES | tr ' ' '/') images per batch)

(T_aug − T_vanilla) / T_vanilla per epoch (epoch 2 of 2 on the embedded 2 000-image sample, no
evaluation), as the paper's overhead table, and the same difference per mini-batch in milliseconds. Guided-AP's time includes its extra forward/backward pass for the saliency and
the clean batch it adds to every step.

$OVERHEAD

## How it was made

\`\`\`
EPOCHS=$EPOCHS SEEDS="$SEEDS" AVERAGING=$AVERAGING jobs/experiment.sh
\`\`\`
Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/Mem:/{print $2}') GiB RAM,
$(java -version 2>&1 | head -1). Training time of all recorded runs (sum of their epochs, evaluation
included): $RUN_MINUTES min.
Every run's metrics.json is under \`docs/results/fmnist-10pct/runs/<method>/seed-<s>/\` (and \`fmnist-full/\`,
\`overhead/\`); models and per-run learning curves under \`target/experiment/\`.
MD
echo "experiment: wrote $RESULTS/fmnist-10pct.md ($RUN_MINUTES min of recorded training; this call $(( ($(date +%s) - start) / 60 )) min)" >&2
cat "$RESULTS/fmnist-10pct.md"
