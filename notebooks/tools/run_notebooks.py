#!/usr/bin/env python3
"""Executes every notebook headless, as CI does, and fails on any cell error.

    python3 notebooks/tools/run_notebooks.py [--render-docs]

Each notebook runs with `jupyter nbconvert --execute` in notebooks/ (the explore notebook makes the
README's sample run first when it is missing); the executed copies go to target/notebooks/.
--render-docs also writes one figure of each into docs/notebooks/ (what the repository shows).
The committed notebooks keep their outputs cleared.
"""
import base64
import json
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
NOTEBOOKS = ["explore-shards", "compare-methods"]
# Which figure of each notebook docs/ shows (index among its images).
FIGURE = {"explore-shards": -1, "compare-methods": 0}


def main():
    render = "--render-docs" in sys.argv[1:]
    out_dir = ROOT / "target" / "notebooks"
    out_dir.mkdir(parents=True, exist_ok=True)
    failed = []
    for name in NOTEBOOKS:
        src = ROOT / "notebooks" / f"{name}.ipynb"
        out = out_dir / f"{name}.ipynb"
        print(f"executing {src.relative_to(ROOT)} ...", flush=True)
        p = subprocess.run(["jupyter", "nbconvert", "--to", "notebook", "--execute",
                            "--ExecutePreprocessor.timeout=900", "--output", str(out), str(src)],
                           cwd=src.parent, capture_output=True, text=True)
        if p.returncode != 0:
            lines = [l for l in p.stderr.splitlines() if l.strip()]
            print(f"FAILED {name}: " + "\n".join(lines[-15:]), file=sys.stderr)
            failed.append(name)
            continue
        images = [o["data"]["image/png"] for c in json.loads(out.read_text())["cells"]
                  for o in c.get("outputs", []) if "image/png" in o.get("data", {})]
        print(f"  ok: {len(images)} figure(s), executed copy {out.relative_to(ROOT)}")
        if render and images:
            docs = ROOT / "docs" / "notebooks"
            docs.mkdir(parents=True, exist_ok=True)
            (docs / f"{name}.png").write_bytes(base64.b64decode(images[FIGURE[name]]))
            print(f"  rendered docs/notebooks/{name}.png")
    if failed:
        print("notebooks that failed: " + ", ".join(failed), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
