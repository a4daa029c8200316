#!/usr/bin/env bash
# Writes docs/results/fmnist-crop-flip.md from the runs of `RECIPE=crop-flip jobs/experiment.sh`
# (docs/results/fmnist-10pct-crop-flip/, fmnist-full-crop-flip/) beside the runs without a base
# transform (fmnist-10pct/, fmnist-full/). Called by experiment.sh's report part; runnable alone:
#   jobs/experiment-recipe-report.sh
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RESULTS="${RESULTS_DIR:-$ROOT/docs/results}"
GM="$ROOT/jobs/guidedmixup"
EPOCHS="${EPOCHS:-30}"
METHODS="vanilla,input-mixup,cutmix,guided-sr-random,guided-sr-greedy,guided-ap-greedy"
PAGE="$RESULTS/fmnist-crop-flip.md"
TABLE=$("$GM" report --runs "$RESULTS/fmnist-10pct-crop-flip/runs" --methods "$METHODS" \
  --chart "$RESULTS/fmnist-crop-flip.png" --curves "$RESULTS/fmnist-crop-flip-curves.png" \
  --title "Fashion-MNIST 10 %, crop + flip before every method, LeNet, $EPOCHS epochs cosine: test top-1")
BEFORE=$("$GM" report --runs "$RESULTS/fmnist-10pct/runs" --methods "$METHODS" --chart "$(mktemp --suffix .png)" --title x)
FULL="Not recorded yet: \`RECIPE=crop-flip PART=full jobs/experiment.sh\`, then \`jobs/experiment-recipe-report.sh\`."
if ls "$RESULTS"/fmnist-full-crop-flip/runs/*/seed-1/metrics.json >/dev/null 2>&1; then
  FULL=$("$GM" report --runs "$RESULTS/fmnist-full-crop-flip/runs" --methods "$(cd "$RESULTS/fmnist-full-crop-flip/runs" && ls | paste -sd,)" \
    --chart "$RESULTS/fmnist-full-crop-flip.png" --title "Fashion-MNIST, all 60 000 images, crop + flip: test top-1")
fi
SIDE=$(python3 - "$RESULTS" "$METHODS" <<'PY'
import json, sys, glob, statistics as st
root, methods = sys.argv[1], sys.argv[2].split(",")
def final(set_, m):
    return [json.load(open(f))["epochs"][-1]["top1"] * 100 for f in sorted(glob.glob(f"{root}/{set_}/runs/{m}/seed-*/metrics.json"))]
print("| method | no base transform (seeds) | crop + flip (seeds) | change |")
print("|---|---|---|---|")
for m in methods:
    a, b = final("fmnist-10pct", m), final("fmnist-10pct-crop-flip", m)
    fa = f"{st.mean(a):.2f} % ({len(a)})" if a else "-"
    fb = f"{st.mean(b):.2f} ± {st.stdev(b):.2f} % ({len(b)})" if len(b) > 1 else (f"{b[0]:.2f} % (1)" if b else "not run yet")
    d = f"{st.mean(b) - st.mean(a):+.2f} points" if a and b else "-"
    print(f"| {m} | {fa} | {fb} | {d} |")
PY
)
FINDINGS=$(python3 "$ROOT/jobs/findings.py" "$PAGE")
cat > "$PAGE" <<MD
# Fashion-MNIST 10 % with the official base transform: crop and flip before every method

The experiment of [fmnist-10pct.md](fmnist-10pct.md) (LeNet from scratch on 6 000 training images,
600 per class, evaluated on the 10 000 test images after every epoch; online mode, Spark \`local[2]\`,
parameter averaging every 10 steps, SGD Nesterov 0.9, lr 0.02 cosine over $EPOCHS epochs, weight decay
5e-4, batch 32; each method with the reference's settings, seeds 1 2 3), with one change: every
method, vanilla included, trains on \`--crop random:28,pad=2 --flip\`, the official CIFAR transform
(\`RandomCrop(32, padding=2)\`, \`RandomHorizontalFlip()\`) adapted to 28 px, drawn per image and epoch
before saliency, pairing and mixing. Evaluation is unchanged: the counterpart \`center:28\` of
28 x 28 images is the image itself.

## Side by side: test top-1 at the end, mean over seeds

$SIDE

## With crop and flip

![top-1 by method](fmnist-crop-flip.png)

$TABLE

![learning curves](fmnist-crop-flip-curves.png)

## Without a base transform (from fmnist-10pct.md)

$BEFORE

## All 60 000 training images, crop and flip (one seed)

$FULL

$FINDINGS

## How it was made

\`\`\`
RECIPE=crop-flip jobs/experiment.sh      # runs, in pieces across sessions; then this page
jobs/experiment-recipe-report.sh
\`\`\`
Every run's metrics.json is under \`docs/results/fmnist-10pct-crop-flip/runs/<method>/seed-<s>/\`
(and \`fmnist-full-crop-flip/\`). s / epoch figures of these runs were measured while other work ran on
the same 2 cores: they are not comparable with fmnist-10pct.md's.
MD
echo "wrote $PAGE" >&2
