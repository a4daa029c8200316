#!/usr/bin/env bash
# One sitting: anchors, then augment of photo folders at 2k/20k/100k (heap 4g default, then 1g).
cd /work/main
run() { # label dir heap
  local label=$1 dir=$2 heap=$3 out=/tmp/m-out
  rm -rf $out
  local t0=$(date +%s.%N)
  GUIDEDMIXUP_HEAP=$heap /usr/bin/time -f "%M" -o /tmp/m-rss jobs/guidedmixup augment --input $dir --input-format folder --resize 224x224 --batch-size 32 --image-encoding jpeg --output $out > /tmp/m-log 2>&1
  local rc=$? t1=$(date +%s.%N)
  python3 - "$label" "$heap" "$rc" "$t0" "$t1" <<'PY'
import json, sys
label, heap, rc, t0, t1 = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4]), float(sys.argv[5])
d = json.load(open('/tmp/m-out/summary.json'))
rss = int(open('/tmp/m-rss').read().split()[-1]) / 1024 / 1024
n = d['output_rows']
print(json.dumps({"run": label, "heap": heap, "rc": int(rc), "rows": n, "command_s": round(t1 - t0, 1), "job_wall_s": d['wall_seconds'],
  "ms_per_image_command": round((t1 - t0) * 1000 / n, 3), "img_s_command": round(n / (t1 - t0), 1), "peak_rss_gb": round(rss, 2),
  "stage_seconds": d['stage_seconds'], "executor_seconds": d['executor_seconds']}))
PY
}
echo "== $(date -u) $(grep -m1 'model name' /proc/cpuinfo)"
for i in 1 2 3; do
  /usr/bin/python3 ../shared/tools/pil_decode_bench.py /tmp/photos 224 3 | sed 's/^/pillow /'
  jobs/guidedmixup bench --photos /tmp/photos --size 224 --passes 3 --json 2>/dev/null | grep '^{' | sed 's/^/ours /'
done
for s in 2k 20k 100k; do run $s /tmp/ph$s 4g; done
for s in 2k 20k 100k; do run $s /tmp/ph$s 1g; done
/usr/bin/python3 ../shared/tools/pil_decode_bench.py /tmp/photos 224 3 | sed 's/^/pillow-after /'
echo "== end $(date -u)"
