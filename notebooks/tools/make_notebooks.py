#!/usr/bin/env python3
"""Writes the project's notebooks (outputs cleared) from the cell sources below.

The notebooks are generated so that their code stays reviewable as plain Python in one place:
edit this file, run `python3 notebooks/tools/make_notebooks.py`, commit both.
"""
import json
import pathlib

HERE = pathlib.Path(__file__).resolve().parent.parent


def notebook(cells):
    out = []
    for kind, src in cells:
        src = src.strip("\n")
        lines = [l + "\n" for l in src.split("\n")]
        lines[-1] = lines[-1].rstrip("\n")
        cell = {"cell_type": kind, "id": f"c{len(out):02d}", "metadata": {}, "source": lines}
        if kind == "code":
            cell["execution_count"] = None
            cell["outputs"] = []
        out.append(cell)
    return {
        "cells": out,
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }


SETUP = r'''
import io, json, os, pathlib, subprocess, sys, tempfile
import numpy as np
import pandas as pd
import matplotlib
import matplotlib.pyplot as plt

# The project root: GM_ROOT, else the folder above this notebook.
ROOT = pathlib.Path(os.environ.get("GM_ROOT", pathlib.Path.cwd().parent)).resolve()
if not (ROOT / "pom.xml").is_file():
    raise SystemExit(f"cannot find the project at {ROOT}; start Jupyter in notebooks/ or set GM_ROOT")
CLI = str(ROOT / "jobs" / "guidedmixup")


def gm(*args):
    """Runs a guidedmixup command and returns its stdout; a failure shows the command's own error line."""
    p = subprocess.run([CLI, *map(str, args)], capture_output=True, text=True)
    if p.returncode != 0:
        raise RuntimeError(f"guidedmixup {args[0]} failed (exit {p.returncode}): " + p.stderr.strip().splitlines()[-1])
    return p.stdout
'''

EXPLORE = [
    ("markdown", r'''
# Explore a pre-generated GuidedMixup dataset

What an `augment` run wrote: its summary, the class balance of sources and partners, the mixing
ratios, and mixed examples next to their source, partner, both saliency maps and the mask, with the
soft labels in words.

Everything is read through the project's command line (`inspect --json` for the rows, `export` for
images, saliency maps and masks as a `.npz`), so this needs only NumPy, pandas and Matplotlib.
Wherever `pyarrow` is installed, `pandas.read_parquet(OUTPUT + "/shards")` reads the shards
directly as well (the second cell tries it).

`OUTPUT` defaults to the output of the README's first command (`jobs/guidedmixup augment`, the
2 000 bundled Fashion-MNIST images); set the environment variable `GM_OUTPUT` to look at another
run. When the default output does not exist yet, the notebook runs that command first (about 20 s).
'''),
    ("code", SETUP + r'''
OUTPUT = pathlib.Path(os.environ.get("GM_OUTPUT", ROOT / "target" / "augmented" / "fashion-mnist-2k"))
if not (OUTPUT / "_SUCCESS").is_file():
    if "GM_OUTPUT" in os.environ:
        raise SystemExit(f"{OUTPUT} is not a finished augment output (no _SUCCESS)")
    print(f"{OUTPUT} does not exist yet: running the README's first command, jobs/guidedmixup augment ...")
    print(gm("augment", "--output", OUTPUT))
print("output:", OUTPUT)
'''),
    ("code", r'''
# The shards are plain Parquet: with pyarrow, pandas reads them directly.
try:
    import pyarrow  # noqa: F401
    direct = pd.read_parquet(str(OUTPUT / "shards"))
    print(f"pyarrow {pyarrow.__version__}: pandas.read_parquet read {len(direct):,} rows directly")
except ImportError:
    print("pyarrow is not installed here: reading through `guidedmixup inspect --json` instead "
          "(pandas.read_parquet(OUTPUT + '/shards') works wherever pyarrow is)")
'''),
    ("markdown", "## Summary of the run"),
    ("code", r'''
summary = json.loads((OUTPUT / "summary.json").read_text())
names = summary.get("class_names") or [str(k) for k in range(summary["num_classes"])]
cfg = summary["config"]
print(f"input      {summary['input_records']:,} {summary['input_format']} records, "
      f"images {summary['channels']}x{summary['height']}x{summary['width']}, {summary['num_classes']} classes")
print(f"rejected   {summary['rejected_records']:,}")
print(f"output     {summary['output_rows']:,} rows in {summary['rounds']} round(s), {summary['batches']:,} batches")
print(f"mixed      {summary['mixed_rows']:,} rows, mean ratio {summary['mean_ratio']:.3f}")
print(f"settings   saliency {cfg['saliency']}, pairing {cfg['pairing']}, mixer {cfg['mixer']}, "
      f"batch {cfg['batch-size']}, mix-prob {cfg['mix-prob']}, seed {cfg['seed']}")
print("stages (s)", summary["stage_seconds"])
'''),
    ("markdown", "## Class balance of sources and partners"),
    ("code", r'''
rows = pd.read_json(io.StringIO(gm("inspect", OUTPUT, "--json")), lines=True)
mixed = rows[rows["mixed"]]
k = summary["num_classes"]
src_counts = mixed["label"].value_counts().reindex(range(k), fill_value=0)
par_counts = mixed["partner_label"].astype(int).value_counts().reindex(range(k), fill_value=0)
fig, ax = plt.subplots(figsize=(10, 3.5))
x = np.arange(k)
ax.bar(x - 0.2, src_counts.values, width=0.4, label="as source")
ax.bar(x + 0.2, par_counts.values, width=0.4, label="as partner")
ax.set_xticks(x, names, rotation=30, ha="right")
ax.set_ylabel("mixed rows")
ax.set_title(f"{len(mixed):,} mixed rows of {len(rows):,} (a mixed batch is one cycle: each image is a source once, a partner once)", fontsize=10)
ax.legend()
plt.tight_layout()
plt.show()
pairs = pd.crosstab(mixed["label"].map(lambda i: names[i]), mixed["partner_label"].astype(int).map(lambda i: names[i]))
pairs
'''),
    ("markdown", "## Mixing ratios\n\n`ratio` is the mean of the mask: the share of the mixed image (and of the soft label) that comes from the source."),
    ("code", r'''
fig, ax = plt.subplots(figsize=(7, 3))
ax.hist(mixed["ratio"], bins=40, range=(0, 1), color="tab:purple")
ax.axvline(mixed["ratio"].mean(), color="k", linestyle="--", label=f"mean {mixed['ratio'].mean():.3f}")
ax.set_xlabel("ratio (source share)")
ax.set_ylabel("mixed rows")
ax.legend()
plt.tight_layout()
plt.show()
rows["ratio"].describe()
'''),
    ("markdown", "## Mixed examples, their saliency and masks\n\n`export` writes the chosen rows with the decoded source and partner, both SR saliency maps and the mask, recomputed by the same code the job ran."),
    ("code", r'''
tmp = pathlib.Path(tempfile.mkdtemp())
print(gm("export", OUTPUT, "--out", tmp / "examples.npz", "--rows", 6).strip())
ex = np.load(tmp / "examples.npz")
meta = json.loads(bytes(ex["meta.json"]))


def show(img):
    """C x H x W uint8 -> something imshow takes."""
    return img[0] if img.shape[0] == 1 else np.transpose(img, (1, 2, 0))


def in_words(soft, top=2):
    order = np.argsort(soft)[::-1][:top]
    return " + ".join(f"{soft[c]:.2f} {meta['class_names'][c] if meta['class_names'] else c}" for c in order if soft[c] > 0.005)


cols = ["source", "partner", "source saliency", "partner saliency", "mask", "mixed"]
n = len(ex["source_id"])
fig, axes = plt.subplots(n, len(cols), figsize=(2 * len(cols), 2.1 * n))
for i in range(n):
    panels = [show(ex["source_image"][i]), show(ex["partner_image"][i]), ex["source_saliency"][i],
              ex["partner_saliency"][i], ex["mask"][i], show(ex["mixed_image"][i])]
    for j, (ax, im) in enumerate(zip(axes[i], panels)):
        cmap = "gray" if j in (0, 1, 5) else ("viridis" if j < 4 else "magma")
        ax.imshow(im, cmap=cmap, vmin=0 if j == 4 else None, vmax=1 if j == 4 else None)
        ax.set_xticks([]); ax.set_yticks([])
        if i == 0:
            ax.set_title(cols[j], fontsize=9)
    axes[i][0].set_ylabel(f"#{ex['source_id'][i]}", fontsize=9)
    axes[i][5].set_xlabel(in_words(ex["soft_label"][i]), fontsize=8)
plt.tight_layout()
plt.show()
'''),
    ("markdown", "## Soft labels in words"),
    ("code", r'''
pd.DataFrame({
    "source": [f"#{s} {meta['class_names'][l]}" for s, l in zip(ex["source_id"], ex["label"])],
    "partner": [f"#{p} {meta['class_names'][l]}" for p, l in zip(ex["partner_id"], ex["partner_label"])],
    "ratio": np.round(ex["ratio"], 3),
    "soft label": [in_words(s) for s in ex["soft_label"]],
})
'''),
]

COMPARE = [
    ("markdown", r'''
# Compare methods: accuracy and augmentation overhead

The training experiment (`jobs/experiment.sh`: LeNet on 10 % of Fashion-MNIST, vanilla, Input
Mixup, CutMix and GuidedMixup with SR and AP saliency, 3 seeds) publishes its tables under
`docs/results/`. This notebook plots them: top-1 accuracy by method with error bars (standard
deviation over seeds), and the augmentation overhead per epoch by batch size. Until an experiment
has been run and published, it says so instead of plotting.

Needs only pandas and Matplotlib. Set `GM_RESULTS` to read another results folder.
'''),
    ("code", SETUP + r'''
RESULTS = pathlib.Path(os.environ.get("GM_RESULTS", ROOT / "docs" / "results"))


def md_tables(text):
    """Every pipe table of a markdown text as a DataFrame of strings."""
    tables, block = [], []
    for line in text.splitlines() + [""]:
        if line.strip().startswith("|"):
            block.append(line.strip())
            continue
        if len(block) >= 3:
            cells = [[c.strip() for c in l.strip("|").split("|")] for l in block]
            head = cells[0]
            # A repeated header ("overhead" after each method) is named after the column before it.
            head = [h if head.count(h) == 1 else f"{h} ({head[i - 1]})" for i, h in enumerate(head)]
            tables.append(pd.DataFrame(cells[2:], columns=head))
        block = []
    return tables


def number(s):
    """'81.45 ± 1.39 %' -> 81.45; '+93.2 %' -> 93.2."""
    return float(str(s).split("±")[0].replace("%", "").replace("+", "").strip())


reports = sorted(RESULTS.glob("*.md")) if RESULTS.is_dir() else []
accuracy, overhead = [], []
for md in reports:
    for t in md_tables(md.read_text()):
        if "method" in t.columns and any(c.startswith("top-1") for c in t.columns):
            t["report"] = md.stem
            accuracy.append(t)
        elif "batch" in t.columns and any(c.startswith("overhead") for c in t.columns):
            t["report"] = md.stem
            overhead.append(t)
if not accuracy:
    print(f"No experiment results yet in {RESULTS}: run jobs/experiment.sh (about an hour on 2 cores) and "
          "`jobs/guidedmixup report` to publish them; this notebook then plots them.")
else:
    print("reports:", ", ".join(sorted({t['report'][0] for t in accuracy})))
'''),
    ("markdown", "## Top-1 accuracy by method"),
    ("code", r'''
for t in accuracy:
    top1 = next(c for c in t.columns if c.startswith("top-1") and "per seed" not in c)
    mean = t[top1].map(number)
    std = t[top1].map(lambda s: float(s.split("±")[1].replace("%", "")) if "±" in s else 0.0)
    fig, ax = plt.subplots(figsize=(8, 3.5))
    ax.bar(t["method"], mean, yerr=std, capsize=4, color="tab:blue")
    if "top-1 per seed" in t.columns:
        for i, seeds in enumerate(t["top-1 per seed"]):
            vals = [float(v) for v in seeds.split(",")]
            ax.scatter([i] * len(vals), vals, color="k", s=10, zorder=3)
    ax.set_ylim(mean.min() - 4 * max(std.max(), 0.5), mean.max() + 3 * max(std.max(), 0.5))
    ax.set_ylabel("top-1 %")
    ax.set_title(f"{t['report'][0]}: mean ± std over seeds (dots: single seeds)")
    plt.xticks(rotation=20, ha="right")
    plt.tight_layout()
    plt.show()
    display(t.drop(columns=["report"]))
'''),
    ("markdown", "## Augmentation overhead by batch size\n\n(T_aug − T_vanilla) / T_vanilla per epoch, online mode."),
    ("code", r'''
if not overhead:
    print("No overhead table in the published results yet.")
for t in overhead:
    over_cols = [c for c in t.columns if c.startswith("overhead")]
    fig, ax = plt.subplots(figsize=(6, 3.5))
    batches = t["batch"].astype(int)
    width = 0.8 / max(1, len(over_cols))
    for j, o in enumerate(over_cols):
        label = o[len("overhead"):].strip(" ()").replace(" s/epoch", "") or o
        ax.bar(np.arange(len(batches)) + j * width, t[o].map(number), width=width, label=label)
    ax.axhline(0, color="k", linewidth=0.8)
    ax.set_xticks(np.arange(len(batches)) + width * (len(over_cols) - 1) / 2, batches)
    ax.set_xlabel("images per batch")
    ax.set_ylabel("overhead per epoch, %")
    ax.legend()
    ax.set_title(t["report"][0])
    plt.tight_layout()
    plt.show()
    display(t.drop(columns=["report"]))
'''),
]

(HERE / "explore-shards.ipynb").write_text(json.dumps(notebook(EXPLORE), indent=1) + "\n")
(HERE / "compare-methods.ipynb").write_text(json.dumps(notebook(COMPARE), indent=1) + "\n")
print("wrote", HERE / "explore-shards.ipynb", "and", HERE / "compare-methods.ipynb")
