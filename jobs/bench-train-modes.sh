#!/usr/bin/env bash
# Offline against online training, one sitting (issue 21): the same data, seed and settings trained
#   online (--input, augmented on the executors), offline from PNG shards and from raw-pixel shards
#   (--data, made by augment with the same seed), and online without augmentation (the floor: the
#   training step alone). Epoch 2 of each is timed (epoch 1 includes JIT warm-up); no evaluation.
# Prints a markdown table. Also the cost of parameter averaging per epoch: the same vanilla epochs
# with averaging every 10 steps (the default) and once per epoch.
#   jobs/bench-train-modes.sh [INPUT]   # default: the 60 000 Fashion-MNIST training images (Debian)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
GM="$ROOT/jobs/guidedmixup"
INPUT="${1:-/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz}"
WORK="${BENCH_DIR:-$ROOT/target/bench-train-modes}"
EPOCHS=2
rm -rf "$WORK"; mkdir -p "$WORK"
COMMON=(--master 'local[2]' --model lenet --epochs "$EPOCHS" --seed 42 --lr 0.02)

epoch2() {  # the last epoch's seconds and loss from a run's metrics.json
  python3 -c 'import json,sys; e=json.load(open(sys.argv[1]))["epochs"][-1]; print(e["seconds"], e["loss"], e["examples"])' "$1/metrics.json"
}
run() {  # run NAME flags...
  local name="$1"; shift
  echo "bench-train-modes: $(date +%H:%M:%S) $name" >&2
  "$GM" train "${COMMON[@]}" --output "$WORK/$name" "$@" > "$WORK/$name.log" 2>&1 || {
    echo "bench-train-modes: $name failed, see $WORK/$name.log" >&2; tail -3 "$WORK/$name.log" >&2; exit 1; }
}

"$GM" augment --input "$INPUT" --output "$WORK/shards-png" --rounds "$EPOCHS" --seed 42 --no-preview > "$WORK/augment-png.log" 2>&1
"$GM" augment --input "$INPUT" --output "$WORK/shards-raw" --rounds "$EPOCHS" --seed 42 --no-preview \
  --image-encoding raw > "$WORK/augment-raw.log" 2>&1
run online-guided-sr --input "$INPUT" --augment guided
run offline-png --data "$WORK/shards-png"
run offline-raw --data "$WORK/shards-raw"
run online-none --input "$INPUT" --augment none
run online-none-avg-once --input "$INPUT" --augment none --averaging-frequency 100000

read -r on on_loss n < <(epoch2 "$WORK/online-guided-sr")
echo "| mode (epoch $EPOCHS of $EPOCHS, $n images, local[2], LeNet, batch 32) | s / epoch | images/s | vs online | loss |"
echo "|---|---|---|---|---|"
for name in online-guided-sr offline-png offline-raw online-none online-none-avg-once; do
  read -r s loss n < <(epoch2 "$WORK/$name")
  python3 -c 'import sys; name,s,n,on,loss=sys.argv[1:]; s,n,on=float(s),int(n),float(on); print(f"| {name} | {s:.1f} | {n/s:.0f} | {s/on:.2f}x | {float(loss):.4f} |")' \
    "$name" "$s" "$n" "$on" "$loss"
done
