"""Print how long building the site takes, against a floor and a naive pipeline.

- floor: each notebook's code run as a plain Python script (fresh interpreter, figures saved as PNG),
  one after the other;
- naive: the papermill CLI, then `jupyter nbconvert --to html`, per notebook, one after the other;
- cold build: `python -m pakiran build --force` (both editions, two workers);
- no-change rebuild, and a rebuild after one notebook changed.
Run: python benchmarks/bench_build.py   (takes a few minutes)
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((REPO / "notebooks").glob("[0-9][0-9]_*.ipynb"))
BIN = Path(sys.executable).parent

SCRIPT_RUNNER = r'''
import ast, json, sys
import matplotlib, matplotlib.figure
matplotlib.use("Agg")
cells = json.load(open(sys.argv[1]))["cells"]
out = sys.argv[2]
namespace, count = {}, 0
for cell in cells:
    if cell["cell_type"] != "code":
        continue
    tree = ast.parse("".join(cell["source"]))
    last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
    exec(compile(tree, "<cell>", "exec"), namespace)
    if last is not None:
        value = eval(compile(ast.Expression(last.value), "<cell>", "eval"), namespace)
        if isinstance(value, matplotlib.figure.Figure):
            from pakiran.display import png_bytes
            count += 1
            open(f"{out}-{count}.png", "wb").write(png_bytes(value))
'''


def timed(command: list[str], **kwargs) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kwargs)
    return time.perf_counter() - start


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="pakiran-bench-"))
    runner = work / "runner.py"
    runner.write_text(SCRIPT_RUNNER, encoding="utf-8")
    floor = sum(timed([sys.executable, str(runner), str(nb), str(work / nb.stem)]) for nb in NOTEBOOKS)
    naive = 0.0
    for nb in NOTEBOOKS:
        executed = work / f"{nb.stem}.executed.ipynb"
        naive += timed([str(BIN / "papermill"), str(nb), str(executed)], cwd=work)
        naive += timed([str(BIN / "jupyter"), "nbconvert", "--to", "html", str(executed)], cwd=work)
    site = work / "site"
    build = [sys.executable, "-m", "pakiran", "build", "--out", str(site)]
    cold = timed(build + ["--force"])
    nothing = timed(build)
    # One notebook changed: a copy of the project's config pointing at a copy of the notebooks.
    copies = work / "notebooks"
    shutil.copytree(REPO / "notebooks", copies)
    config = copies / "reports.toml"
    one = [sys.executable, "-m", "pakiran", "build", "--config", str(config), "--out", str(work / "site2")]
    timed(one)
    changed = copies / NOTEBOOKS[-1].name
    nb = json.loads(changed.read_text(encoding="utf-8"))
    nb["cells"].append({"cell_type": "markdown", "id": "bench", "metadata": {}, "source": ["Changed."]})
    changed.write_text(json.dumps(nb), encoding="utf-8")
    one_changed = timed(one)
    rows = [
        ("floor: notebooks as plain scripts, sequential", floor),
        ("naive: papermill CLI + nbconvert CLI, sequential", naive),
        ("cold full build, both editions (pakiran build --force)", cold),
        ("rebuild with nothing changed", nothing),
        (f"rebuild after one notebook changed ({changed.name})", one_changed),
    ]
    print(f"{len(NOTEBOOKS)} notebooks")
    for name, seconds in rows:
        print(f"{name:58} {seconds:7.2f} s")
    print(f"cold build / floor: {cold / floor:.2f}x   (target at most 0.9x)")
    print(f"naive / cold build: {naive / cold:.1f}x faster   (target at least 5x)")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
