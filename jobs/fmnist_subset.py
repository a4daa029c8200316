#!/usr/bin/env python3
"""Writes a stratified, seeded subset of an IDX image/label pair (Python standard library only).

usage: fmnist_subset.py IMAGES.gz LABELS.gz FRACTION SEED OUT_DIR
Keeps round(FRACTION * count of class c) images of every class c, chosen by SEED, in their original
order, as OUT_DIR/train-images-idx3-ubyte.gz and OUT_DIR/train-labels-idx1-ubyte.gz.
"""
import gzip, os, random, struct, sys

images, labels, fraction, seed, out = sys.argv[1], sys.argv[2], float(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
with gzip.open(images) as f:
    magic, n, rows, cols = struct.unpack(">IIII", f.read(16))
    pixels = f.read()
with gzip.open(labels) as f:
    lmagic, ln = struct.unpack(">II", f.read(8))
    labs = f.read()
assert magic == 2051 and lmagic == 2049 and n == ln, "not an IDX image/label pair"
by_class = {}
for i, y in enumerate(labs):
    by_class.setdefault(y, []).append(i)
rng = random.Random(seed)
keep = []
for y in sorted(by_class):
    idx = by_class[y]
    keep += rng.sample(idx, round(fraction * len(idx)))
keep.sort()
os.makedirs(out, exist_ok=True)
size = rows * cols
with gzip.open(os.path.join(out, "train-images-idx3-ubyte.gz"), "wb") as f:
    f.write(struct.pack(">IIII", 2051, len(keep), rows, cols))
    for i in keep:
        f.write(pixels[i * size:(i + 1) * size])
with gzip.open(os.path.join(out, "train-labels-idx1-ubyte.gz"), "wb") as f:
    f.write(struct.pack(">II", 2049, len(keep)))
    f.write(bytes(labs[i] for i in keep))
print(f"{len(keep)} of {n} images ({len(by_class)} classes) -> {out}")
