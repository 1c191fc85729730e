"""Print how long building the site takes, against a floor and a naive pipeline.

- floor: each notebook's code run as a plain Python script in a fresh interpreter, saving every
  figure with ``savefig(format="png", bbox_inches="tight")`` and nothing else, one after the other;
- naive: the papermill CLI, then ``jupyter nbconvert --to html``, per notebook, one after the other;
- cold build: ``python -m pakiran build`` into an empty folder (both editions, two workers, forked
  kernels), and the same with ordinary kernels (``PAKIRAN_KERNELS=plain``);
- rebuild with nothing changed, and after one change of the CSS (a copy of the library);
- scaling: the real reports under two parameter sets (20 report runs, 40 pages) into a temporary
  site, ``--jobs 1`` against ``--jobs 2``.

Each figure is wall time; CPU is the user + system time of the command and every process it
waited for. Run: python benchmarks/bench_build.py   (takes several minutes)
"""
from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CONFIG = REPO / "notebooks" / "reports.toml"
REPORTS = tomllib.loads(CONFIG.read_text(encoding="utf-8"))["report"]
NOTEBOOKS = [REPO / "notebooks" / r["notebook"] for r in REPORTS]
BIN = Path(sys.executable).parent

SCRIPT_RUNNER = r'''
import ast, json, sys
import matplotlib, matplotlib.figure
matplotlib.use("Agg")
cells = json.load(open(sys.argv[1]))["cells"]
out = sys.argv[2]
count = 0
def show(*values, **options):
    global count
    for value in values:
        if isinstance(value, matplotlib.figure.Figure):
            count += 1
            value.savefig(f"{out}-{count}.png", format="png", bbox_inches="tight")
namespace = {"display": show}
for cell in cells:
    if cell["cell_type"] != "code":
        continue
    tree = ast.parse("".join(cell["source"]))
    last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
    exec(compile(tree, "<cell>", "exec"), namespace)
    if last is not None:
        show(eval(compile(ast.Expression(last.value), "<cell>", "eval"), namespace))
'''


def timed(command: list[str], env: dict | None = None, **kwargs) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   env={**os.environ, **(env or {})}, **kwargs)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def total(runs: list[tuple[float, float]]) -> tuple[float, float]:
    return sum(r[0] for r in runs), sum(r[1] for r in runs)


def build(config: Path, out: Path, *args: str, env: dict | None = None) -> tuple[float, float]:
    return timed([sys.executable, "-m", "pakiran", "build", "--config", str(config), "--out", str(out), *args],
                 env=env)


def css_changed_library(work: Path) -> dict:
    """A copy of the library with one rule added to its CSS; the environment that builds with it."""
    lib = work / "lib"
    shutil.copytree(REPO / "lib" / "pakiran", lib / "pakiran", ignore=shutil.ignore_patterns("__pycache__"))
    css = lib / "pakiran" / "templates" / "pakiran" / "style.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n.pk-bench { color: inherit; }\n", encoding="utf-8")
    return {"PYTHONPATH": str(lib), "PAKIRAN_DATA": str(REPO / "data")}


def scaling_config(work: Path) -> tuple[Path, int]:
    """Every report under its own parameters and under the later half of its period (a copy of each
    notebook under another name, as a notebook is listed once); returns the config and its runs."""
    folder = work / "scaling"
    folder.mkdir()
    lines = []
    for report in REPORTS:
        start, end = report["parameters"]["start_year"], report["parameters"]["end_year"]
        stem = Path(report["notebook"]).stem
        for suffix, first in (("", start), ("_later", (start + end + 1) // 2)):
            shutil.copy(REPO / "notebooks" / report["notebook"], folder / f"{stem}{suffix}.ipynb")
            lines += ["[[report]]", f"id = {json.dumps(report['id'] + suffix)}", f'notebook = "{stem}{suffix}.ipynb"',
                      f"title = {json.dumps(report['title'])}",
                      f"parameters = {{ start_year = {first}, end_year = {end} }}", ""]
    config = folder / "reports.toml"
    config.write_text("\n".join(lines), encoding="utf-8")
    return config, 2 * len(REPORTS)


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="pakiran-bench-"))
    env = {"PAKIRAN_DATA": str(REPO / "data")}
    runner = work / "runner.py"
    runner.write_text(SCRIPT_RUNNER, encoding="utf-8")
    (work / "figures").mkdir()
    floor = total([timed([sys.executable, str(runner), str(nb), str(work / "figures" / nb.stem)], env=env)
                   for nb in NOTEBOOKS])
    naive_runs = []
    for nb in NOTEBOOKS:
        executed = work / f"{nb.stem}.executed.ipynb"
        naive_runs.append(timed([str(BIN / "papermill"), str(nb), str(executed)], env=env, cwd=work))
        naive_runs.append(timed([str(BIN / "jupyter"), "nbconvert", "--to", "html", str(executed)], env=env, cwd=work))
    naive = total(naive_runs)
    cold = build(CONFIG, work / "site", env=env)
    nothing = build(CONFIG, work / "site", env=env)
    css = build(CONFIG, work / "site", env=css_changed_library(work))
    plain = build(CONFIG, work / "site-plain", env={**env, "PAKIRAN_KERNELS": "plain"})
    config, runs = scaling_config(work)
    jobs1 = build(config, work / "scaling-1", "--jobs", "1", env=env)
    jobs2 = build(config, work / "scaling-2", "--jobs", "2", env=env)
    pages = 2 * runs
    rows = [
        ("floor: notebooks as plain scripts, savefig only, sequential", floor),
        ("naive: papermill CLI + nbconvert CLI, sequential", naive),
        ("cold build, both editions, 2 workers, forked kernels", cold),
        ("cold build, ordinary kernels (PAKIRAN_KERNELS=plain)", plain),
        ("rebuild with nothing changed", nothing),
        ("rebuild after one CSS change (renders, runs nothing)", css),
        (f"scaling: {runs} report runs = {pages} pages, --jobs 1", jobs1),
        (f"scaling: {runs} report runs = {pages} pages, --jobs 2", jobs2),
    ]
    print(f"{len(NOTEBOOKS)} notebooks; {os.cpu_count()} CPUs; load average {os.getloadavg()[0]:.1f} at the end")
    print(f"{'measure':62} {'wall s':>8} {'CPU s':>8}")
    for name, (wall, cpu) in rows:
        print(f"{name:62} {wall:8.2f} {cpu:8.2f}")
    print(f"cold build / floor:       {cold[0] / floor[0]:.2f}x wall, {cold[1] / floor[1]:.2f}x CPU   (target at most 0.7x)")
    print(f"naive / cold build:       {naive[0] / cold[0]:.1f}x wall, {naive[1] / cold[1]:.1f}x CPU   (target at least 5x)")
    print(f"nothing changed:          {nothing[0]:.2f} s   (target at most 0.3 s)")
    print(f"CSS change / cold build:  {100 * css[0] / cold[0]:.0f} % wall   (target at most 15 %)")
    print(f"scaling, seconds a page:  {jobs1[0] / pages:.2f} (--jobs 1), {jobs2[0] / pages:.2f} (--jobs 2); "
          f"speed-up {jobs1[0] / jobs2[0]:.2f}x   (target at least 1.7x)")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
