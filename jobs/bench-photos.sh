#!/usr/bin/env bash
# Photos end to end (issues 29, 30): augment a folder of JPEG photos of mixed sizes and aspect ratios
# with the ImageNet recipe (--crop random-resized:224 --flip) into JPEG shards, against Pillow's
# decoding (and torchvision's RandomResizedCrop + flip) on one core, in the same sitting.
#   jobs/bench-photos.sh [N=3000]       # photos made by ../shared/tools/make_photos.py (seed 1)
# Prints the anchor (best of 3 processes), the run's summary (throughput, executor seconds per
# stage), the shard size per image and the peak RSS of the whole command.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
N="${1:-3000}"
TOOLS="${TOOLS:-$ROOT/../shared/tools}"
PHOTOS="${PHOTOS:-/tmp/guidedmixup-photos-$N}"
OUT="${OUT:-/tmp/guidedmixup-photos-$N-shards}"
[ -d "$PHOTOS" ] || /usr/bin/python3 "$TOOLS/make_photos.py" "$PHOTOS" "$N" 1 >/dev/null
echo "== anchor: Pillow on one core, and this project's bench --photos (best of 3 processes each) =="
ANCHOR="$(mktemp)"
trap 'rm -f "$ANCHOR"' EXIT
for i in 1 2 3; do
  /usr/bin/python3 "$TOOLS/pil_decode_bench.py" "$PHOTOS" 224 3 | sed 's/^/pillow /'
  "$ROOT/jobs/guidedmixup" bench --photos "$PHOTOS" --size 224 --passes 3 --json | grep '^{' | sed 's/^/ours /'
done > "$ANCHOR"
python3 - "$ANCHOR" <<'PY'
import json, sys
best = {}
for l in open(sys.argv[1]):
    who, js = l.split(" ", 1)
    d = json.loads(js)
    key = (who, d["mode"])
    best[key] = max(best.get(key, 0), d["images_per_second"])
for mode in ("decode", "decode+resize", "draft+resize"):
    p, o = best.get(("pillow", mode), 0), best.get(("ours", mode), 0)
    print(f"  {mode:14s} pillow {p:8.1f}  ours {o:8.1f} img/s (1 thread)  ratio {o / p if p else 0:.2f}x")
PY
/usr/bin/python3 - "$PHOTOS" <<'PY'
import glob, os, sys, time, torch
import torchvision.transforms as T
from PIL import Image
torch.set_num_threads(1); torch.manual_seed(0)
files = sorted(f for f in glob.glob(os.path.join(sys.argv[1], "**", "*"), recursive=True) if os.path.isfile(f))
tf = T.Compose([T.RandomResizedCrop(224), T.RandomHorizontalFlip()])
best = 0
for _ in range(3):
    t = time.perf_counter()
    for f in files:
        tf(Image.open(f).convert("RGB"))
    best = max(best, len(files) / (time.perf_counter() - t))
print(f"  torchvision decode + RandomResizedCrop(224) + flip {best:8.1f} img/s (1 core, best of 3 passes)")
PY
echo "== augment --crop random-resized:224 --flip --image-encoding jpeg (local[*]) =="
/usr/bin/time -f "  peak RSS %M KB, wall %e s" "$ROOT/jobs/guidedmixup" augment --input "$PHOTOS" --input-format folder \
  --crop random-resized:224 --flip --image-encoding jpeg --output "$OUT" --mode overwrite --progress-seconds 0 2>&1 \
  | grep -E "finished|input |transform|output |speed|stages|executors|peak RSS"
python3 - "$OUT" <<'PY'
import json, sys
s = json.load(open(sys.argv[1] + "/summary.json"))
print(f"  shards {s['bytes'] / s['output_rows'] / 1e3:.1f} KB per image; {s['output_rows'] / s['wall_seconds']:.0f} img/s end to end")
PY
