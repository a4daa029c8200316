#!/usr/bin/env bash
# Spark GPU discovery script (spark.executor.resource.gpu.discoveryScript and, on a standalone
# worker, spark.worker.resource.gpu.discoveryScript): prints the GPUs of this host as Spark's
# ResourceInformation JSON, e.g. {"name": "gpu", "addresses": ["0", "1"]}.
#
# Uses nvidia-smi. CUDA_VISIBLE_DEVICES, when set, limits the list to those indices.
# GUIDEDMIXUP_FAKE_GPUS=N reports N placeholder GPUs "0".."N-1" without nvidia-smi: for testing the
# scheduling settings on a machine without GPUs (the work then runs on ND4J's CPU backend).
set -euo pipefail

emit() {
  local out="" sep=""
  for a in "$@"; do out="$out$sep\"$a\""; sep=", "; done
  printf '{"name": "gpu", "addresses": [%s]}\n' "$out"
}

if [ -n "${GUIDEDMIXUP_FAKE_GPUS:-}" ]; then
  addrs=()
  for ((i = 0; i < GUIDEDMIXUP_FAKE_GPUS; i++)); do addrs+=("$i"); done
  emit "${addrs[@]}"
  exit 0
fi

if ! command -v nvidia-smi >/dev/null 2>&1; then
  echo "gpu-discovery: nvidia-smi not found on $(hostname); install the NVIDIA driver, or do not request" \
       "spark.executor.resource.gpu.amount on this host" >&2
  exit 1
fi
mapfile -t addrs < <(nvidia-smi --query-gpu=index --format=csv,noheader | tr -d ' ')
if [ -n "${CUDA_VISIBLE_DEVICES:-}" ]; then
  IFS=',' read -r -a visible <<< "$CUDA_VISIBLE_DEVICES"
  addrs=("${visible[@]}")
fi
if [ "${#addrs[@]}" -eq 0 ]; then
  echo "gpu-discovery: nvidia-smi lists no GPU on $(hostname)" >&2
  exit 1
fi
emit "${addrs[@]}"
