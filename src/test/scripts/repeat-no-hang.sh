#!/usr/bin/env bash
# Issue 28's repeat check: gradient-sharing runs repeated until one hangs, with and without one core
# kept busy. Every run has a hard limit (timeout), so a hang is counted, never waited for.
#   src/test/scripts/repeat-no-hang.sh [CLI_RUNS] [FITS_IN_ONE_JVM] [TEST_CLASS_RUNS]
# Prints one line per run and a summary: runs, passed, failed, hung (hit the limit).
# Needs a built project (mvn -B install -DskipTests, or a first jobs/guidedmixup run).
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
cd "$ROOT"
CLI_RUNS="${1:-20}"
FITS="${2:-20}"
CLASS_RUNS="${3:-0}"
WORK="$(mktemp -d)"
trap 'kill "$BUSY" 2>/dev/null; rm -rf "$WORK"' EXIT
BUSY=""

tally() { # name limit command...
  local name="$1" limit="$2"; shift 2
  local t0=$SECONDS
  timeout -k 10 "$limit" "$@" >"$WORK/log" 2>&1
  local rc=$?
  local verdict=passed
  [ $rc -ne 0 ] && verdict=failed
  [ $rc -eq 124 ] || [ $rc -eq 137 ] && verdict=HUNG
  echo "$name: $verdict (rc $rc, $((SECONDS - t0)) s)"
  [ "$verdict" = passed ] || tail -5 "$WORK/log"
  echo "$verdict" >> "$WORK/verdicts"
}

for load in none one-core; do
  if [ "$load" = one-core ]; then
    ( while :; do :; done ) & BUSY=$!
  fi
  : > "$WORK/verdicts"
  for i in $(seq 1 "$CLI_RUNS"); do
    tally "[$load] train --training-master shared #$i" 600 jobs/guidedmixup train --training-master shared \
      --epochs 2 --output "$WORK/train-$i" --mode overwrite
  done
  if [ "$FITS" -gt 0 ]; then
    tally "[$load] $FITS shared fits in one JVM (GradientSharingTest)" 1800 mvn -B -o -q test \
      -Dtest=GradientSharingTest -Dsurefire.failIfNoSpecifiedTests=false -Dguidedmixup.test.sharedFits="$FITS"
  fi
  for i in $(seq 1 "$CLASS_RUNS"); do
    tally "[$load] gradient-sharing tests #$i" 900 mvn -B -o -q test -Dsurefire.failIfNoSpecifiedTests=false \
      -Dtest='TrainJobTest#*GradientSharing,GradientSharingTest#manySmallSharedFitsInOneJvmAllEnd'
  done
  echo "== load $load: $(wc -l < "$WORK/verdicts") runs, $(grep -c '^passed' "$WORK/verdicts") passed," \
       "$(grep -c '^failed' "$WORK/verdicts") failed, $(grep -c '^HUNG' "$WORK/verdicts") hung"
  [ -n "$BUSY" ] && kill "$BUSY" 2>/dev/null && BUSY=""
done
