#!/usr/bin/env bash
# Kernel speed against the official GuidedMixup code, as a ratio measured on this machine.
#
#   GM_MIRROR=/path/to/GuidedMixup/snapshot jobs/bench-vs-reference.sh [SHAPES] [BATCHES] [ROUNDS]
#
# Runs `jobs/guidedmixup bench --json` (one JVM per shape and batch) and the reference timer
# (REFERENCE_BENCH, default ../shared/tools/reference_bench.py, run with Debian's /usr/bin/python3
# and python3-torch) one after the other ROUNDS times (default 4), and prints a Markdown table of
# the best images/s of each side. Shared machines drift by 2x within minutes; alternating and
# taking the best of each side keeps that drift out of the ratio (docs/performance.md).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SHAPES="${1:-1x28x28,3x32x32,3x64x64,3x224x224}"
BATCHES="${2:-32,64,128}"
ROUNDS="${3:-4}"
REF="${REFERENCE_BENCH:-$ROOT/../shared/tools/reference_bench.py}"
if [ -z "${GM_MIRROR:-}" ] || [ ! -f "$REF" ]; then
  echo "error: set GM_MIRROR to a snapshot of github.com/3neutronstar/GuidedMixup and REFERENCE_BENCH to reference_bench.py (now: '$REF')" >&2
  exit 2
fi
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT
for i in $(seq 1 "$ROUNDS"); do
  echo "round $i of $ROUNDS" >&2
  "$ROOT/jobs/guidedmixup" bench --json --shapes "$SHAPES" --batch-sizes "$BATCHES" --seconds 2 > "$OUT/ours.$i"
  GM_MIRROR="$GM_MIRROR" /usr/bin/python3 "$REF" --threads 1 --shapes "$SHAPES" --batch-sizes "$BATCHES" --seconds 2 \
    > "$OUT/ref.$i" 2> "$OUT/ref.err" || { cat "$OUT/ref.err" >&2; exit 1; }
done
/usr/bin/python3 - "$OUT" "$ROUNDS" <<'PY'
import json, sys
out, rounds = sys.argv[1], int(sys.argv[2])
def load(side):
    d = {}
    for i in range(1, rounds + 1):
        for line in open(f"{out}/{side}.{i}"):
            if line.startswith("{"):
                j = json.loads(line)
                d.setdefault((j["shape"], j["batch"]), []).append(j["images_per_second"])
    return d
ours, ref = load("ours"), load("ref")
print(f"| shape | batch | official, best of {rounds} | this project, best of {rounds} | ratio of bests | ratio per round, min-max |")
print("|---|---|---|---|---|---|")
for k in ours:
    per = [a / b for a, b in zip(ours[k], ref[k])]
    print(f"| {k[0]} | {k[1]} | {max(ref[k]):,.0f} | {max(ours[k]):,.0f} | {max(ours[k]) / max(ref[k]):.2f}x "
          f"| {min(per):.2f}-{max(per):.2f}x |")
PY
