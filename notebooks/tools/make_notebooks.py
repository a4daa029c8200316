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
    ("markdown", r"""
# Compare methods: accuracy, learning curves and augmentation overhead

The training experiment (`jobs/experiment.sh`: LeNet on 10 % of Fashion-MNIST, vanilla, Input
Mixup, CutMix and GuidedMixup with SR and AP saliency, 3 seeds, 30 epochs on a cosine schedule)
records every finished run's `metrics.json` under `docs/results/<set>/runs/<method>/seed-<s>/`, and
the overhead runs under `docs/results/overhead/bs<N>/<method>/`. This notebook reads those records:
final and best top-1 by method (mean ± std over seeds), every method's learning curves, and the
augmentation overhead per epoch and per batch. Until an experiment has recorded runs, it says so.

Needs only pandas and Matplotlib. Set `GM_RESULTS` to read another results folder.
"""),
    ("code", SETUP + r"""
RESULTS = pathlib.Path(os.environ.get("GM_RESULTS", ROOT / "docs" / "results"))
ORDER = ["vanilla", "input-mixup", "cutmix", "guided-sr-random", "guided-sr-greedy", "guided-ap-greedy"]


def runs_of(dataset):
    # One row per (method, seed, epoch) from the recorded runs of one data set.
    rows = []
    for m in sorted((RESULTS / dataset / "runs").glob("*/seed-*/metrics.json")):
        if not (m.parent / "_SUCCESS").exists():
            continue
        for e in json.loads(m.read_text())["epochs"]:
            rows.append({"method": m.parent.parent.name, "seed": m.parent.name, **e})
    return pd.DataFrame(rows)


sets = sorted(d.name for d in RESULTS.glob("*") if (d / "runs").is_dir()) if RESULTS.is_dir() else []
epochs = {s: runs_of(s) for s in sets}
epochs = {s: df for s, df in epochs.items() if len(df)}
if not epochs:
    print(f"No recorded runs yet in {RESULTS}: run jobs/experiment.sh (about 2 hours on 2 cores); "
          "it records every finished run there and this notebook then plots them.")
else:
    for s, df in epochs.items():
        print(f"{s}: {df.groupby('method').seed.nunique().to_dict()} seeds per method, "
              f"{df.epoch.max()} epochs")
"""),
    ("markdown", "## Top-1 accuracy by method\n\nTop-1 on the 10 000 test images after the last epoch, and at each run's best epoch."),
    ("code", r"""
def method_order(methods):
    return [m for m in ORDER if m in methods] + sorted(set(methods) - set(ORDER))


for s, df in epochs.items():
    last = df[df.epoch == df.groupby(["method", "seed"]).epoch.transform("max")]
    best = df.groupby(["method", "seed"]).top1.max().groupby("method")
    table = pd.DataFrame({
        "top-1 % (mean)": 100 * last.groupby("method").top1.mean(),
        "± std": 100 * last.groupby("method").top1.std(ddof=1).fillna(0),
        "best epoch top-1 % (mean)": 100 * best.mean(),
        "final train loss": last.groupby("method").loss.mean(),
        "seeds": last.groupby("method").seed.nunique(),
        "s / epoch": df.groupby("method").seconds.mean(),
    }).loc[method_order(last.method.unique())].round(2)
    fig, ax = plt.subplots(figsize=(8, 3.5))
    ax.bar(table.index, table["top-1 % (mean)"], yerr=table["± std"], capsize=4,
           color=["tab:blue" if m.startswith("guided") else "tab:gray" for m in table.index])
    for i, m in enumerate(table.index):
        vals = 100 * last[last.method == m].top1
        ax.scatter([i] * len(vals), vals, color="k", s=10, zorder=3)
    lo, hi = table["top-1 % (mean)"].min(), table["top-1 % (mean)"].max()
    ax.set_ylim(lo - 2, hi + 1.5)
    ax.set_ylabel("test top-1 %")
    ax.set_title(f"{s}: mean ± std over seeds (dots: single seeds)")
    plt.xticks(rotation=20, ha="right")
    plt.tight_layout()
    plt.show()
    display(table)
"""),
    ("markdown", "## Learning curves\n\nTrain loss (the mean step loss on the augmented batches, so not comparable across methods in level) and test top-1 by epoch, means over seeds."),
    ("code", r"""
for s, df in epochs.items():
    fig, (a1, a2) = plt.subplots(1, 2, figsize=(11, 3.8))
    for m in method_order(df.method.unique()):
        g = df[df.method == m].groupby("epoch")
        style = "-" if m.startswith("guided") else "--"
        a1.plot(g.loss.mean(), style, label=m)
        t = 100 * g.top1.mean()
        a2.plot(t, style, label=m)
    a1.set_xlabel("epoch"); a1.set_ylabel("train loss"); a1.set_title(f"{s}: train loss")
    a2.set_xlabel("epoch"); a2.set_ylabel("test top-1 %"); a2.set_title(f"{s}: test top-1")
    top = 100 * df.groupby(["method", "epoch"]).top1.mean()
    a2.set_ylim(top.quantile(0.2) - 1, top.max() + 0.5)
    a2.legend(fontsize=8)
    plt.tight_layout()
    plt.show()
"""),
    ("markdown", "## Augmentation overhead by batch size\n\n(T_aug − T_vanilla) / T_vanilla per epoch, online mode, and the same difference per mini-batch in milliseconds (epoch 2 of 2 on the 2 000-image sample)."),
    ("code", r"""
rows = []
for m in sorted(RESULTS.glob("overhead/bs*/*/metrics.json")):
    last = json.loads(m.read_text())["epochs"][-1]
    rows.append({"batch": int(m.parent.parent.name[2:]), "method": m.parent.name,
                 "seconds": last["seconds"], "examples": last["examples"]})
if not rows:
    print("No overhead runs recorded yet.")
else:
    o = pd.DataFrame(rows).pivot(index="batch", columns="method", values="seconds")
    n = pd.DataFrame(rows).query("method == 'vanilla'").set_index("batch").examples
    batches = -(-n // n.index.to_series())
    table = pd.DataFrame({"batches / epoch": batches, "vanilla s": o["vanilla"]})
    for m in [c for c in o.columns if c != "vanilla"]:
        table[f"{m} s"] = o[m]
        table[f"{m} overhead %"] = 100 * (o[m] - o["vanilla"]) / o["vanilla"]
        table[f"{m} ms / batch"] = 1000 * (o[m] - o["vanilla"]) / batches
    fig, ax = plt.subplots(figsize=(6, 3.5))
    cols = [c for c in table.columns if c.endswith("overhead %")]
    width = 0.8 / max(1, len(cols))
    for j, c in enumerate(cols):
        ax.bar(np.arange(len(table)) + j * width, table[c], width=width, label=c.replace(" overhead %", ""))
    ax.axhline(0, color="k", linewidth=0.8)
    ax.set_xticks(np.arange(len(table)) + width * (len(cols) - 1) / 2, table.index)
    ax.set_xlabel("images per batch")
    ax.set_ylabel("overhead per epoch, %")
    ax.legend()
    plt.tight_layout()
    plt.show()
    display(table.round(2))
"""),
]

(HERE / "explore-shards.ipynb").write_text(json.dumps(notebook(EXPLORE), indent=1) + "\n")
(HERE / "compare-methods.ipynb").write_text(json.dumps(notebook(COMPARE), indent=1) + "\n")
print("wrote", HERE / "explore-shards.ipynb", "and", HERE / "compare-methods.ipynb")
