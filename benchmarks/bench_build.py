"""Print how long building the site takes, against a floor and a naive pipeline.

- floor: each notebook's code run as a plain Python script in a fresh interpreter, saving every
  figure with ``savefig(format="png", bbox_inches="tight")`` and nothing else, one after the other;
- naive: the papermill CLI, then ``jupyter nbconvert --to html``, per notebook, one after the other;
- cold build: ``python -m pakiran build`` into an empty folder (both editions, two workers, forked
  kernels), and the same with ordinary kernels (``PAKIRAN_KERNELS=plain``);
- rebuild with nothing changed, and after one change of the CSS (a copy of the library);
- scaling: the real reports under two parameter sets (20 report runs, 40 pages) into a temporary
  site, ``--jobs 1`` against ``--jobs 2``; and a quarter and a half of those runs (10 and 20 pages)
  with ``--jobs 2``, to see whether time grows linearly with pages.

The floor and the cold build are each the median of two runs.

Each figure is wall time; CPU is the user + system time of the command and every process it
waited for. Run: python benchmarks/bench_build.py   (takes several minutes)
"""
from __future__ import annotations

import json
import os
import resource
import shutil
import statistics
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


def scaling_config(work: Path, runs: int | None = None) -> tuple[Path, int]:
    """Every report under its own parameters and under the later half of its period (a copy of each
    notebook under another name, as a notebook is listed once), or the first `runs` of those;
    returns the config and its number of report runs."""
    folder = work / f"scaling-{runs or 'all'}"
    folder.mkdir()
    entries = []
    for report in REPORTS:
        start, end = report["parameters"]["start_year"], report["parameters"]["end_year"]
        stem = Path(report["notebook"]).stem
        for suffix, first in (("", start), ("_later", (start + end + 1) // 2)):
            shutil.copy(REPO / "notebooks" / report["notebook"], folder / f"{stem}{suffix}.ipynb")
            entries.append(["[[report]]", f"id = {json.dumps(report['id'] + suffix)}",
                            f'notebook = "{stem}{suffix}.ipynb"', f"title = {json.dumps(report['title'])}",
                            f"parameters = {{ start_year = {first}, end_year = {end} }}", ""])
    entries = entries[:runs] if runs else entries
    config = folder / "reports.toml"
    config.write_text("\n".join(line for entry in entries for line in entry), encoding="utf-8")
    return config, len(entries)


def median(runs: list[tuple[float, float]]) -> tuple[float, float]:
    """Median wall and CPU seconds of repeated runs (of two: their mean)."""
    return statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="pakiran-bench-"))
    env = {"PAKIRAN_DATA": str(REPO / "data")}
    runner = work / "runner.py"
    runner.write_text(SCRIPT_RUNNER, encoding="utf-8")
    floors = []
    for attempt in range(2):
        (work / "figures").mkdir(exist_ok=True)
        floors.append(total([timed([sys.executable, str(runner), str(nb), str(work / "figures" / nb.stem)], env=env)
                             for nb in NOTEBOOKS]))
    floor = median(floors)
    naive_runs = []
    for nb in NOTEBOOKS:
        executed = work / f"{nb.stem}.executed.ipynb"
        naive_runs.append(timed([str(BIN / "papermill"), str(nb), str(executed)], env=env, cwd=work))
        naive_runs.append(timed([str(BIN / "jupyter"), "nbconvert", "--to", "html", str(executed)], env=env, cwd=work))
    naive = total(naive_runs)
    cold = median([build(CONFIG, work / f"site-{attempt}", env=env) for attempt in range(2)])
    nothing = build(CONFIG, work / "site-1", env=env)
    css = build(CONFIG, work / "site-1", env=css_changed_library(work))
    plain = build(CONFIG, work / "site-plain", env={**env, "PAKIRAN_KERNELS": "plain"})
    config, runs = scaling_config(work)
    jobs1 = build(config, work / "site-jobs1", "--jobs", "1", env=env)
    jobs2 = build(config, work / "site-jobs2", "--jobs", "2", env=env)
    pages = 2 * runs
    sizes = []                                  # smaller collections, --jobs 2: does time grow linearly?
    for part in (runs // 4, runs // 2):
        part_config, part_runs = scaling_config(work, part)
        sizes.append((2 * part_runs, build(part_config, work / f"site-jobs2-{part}", "--jobs", "2", env=env)))
    sizes.append((pages, jobs2))
    rows = [
        ("floor: notebooks as plain scripts, savefig only, sequential (median of 2)", floor),
        ("naive: papermill CLI + nbconvert CLI, sequential", naive),
        ("cold build, both editions, 2 workers, forked kernels (median of 2)", cold),
        ("cold build, ordinary kernels (PAKIRAN_KERNELS=plain)", plain),
        ("rebuild with nothing changed", nothing),
        ("rebuild after one CSS change (restyles, renders nothing)", css),
        (f"scaling: {runs} report runs = {pages} pages, --jobs 1", jobs1),
        *((f"scaling: {n} pages, --jobs 2", measured) for n, measured in sizes),
    ]
    print(f"{len(NOTEBOOKS)} notebooks; {os.cpu_count()} CPUs; load average {os.getloadavg()[0]:.1f} at the end")
    print(f"{'measure':74} {'wall s':>8} {'CPU s':>8}")
    for name, (wall, cpu) in rows:
        print(f"{name:74} {wall:8.2f} {cpu:8.2f}")
    print(f"cold build / floor:       {cold[0] / floor[0]:.2f}x wall, {cold[1] / floor[1]:.2f}x CPU   (target at most 0.7x)")
    print(f"naive / cold build:       {naive[0] / cold[0]:.1f}x wall, {naive[1] / cold[1]:.1f}x CPU   (target at least 5x)")
    print(f"nothing changed:          {nothing[0]:.2f} s   (target at most 0.3 s)")
    print(f"CSS change / cold build:  {100 * css[0] / cold[0]:.0f} % wall   (target at most 15 %)")
    print(f"scaling, seconds a page:  {jobs1[0] / pages:.2f} (--jobs 1), {jobs2[0] / pages:.2f} (--jobs 2); "
          f"speed-up {jobs1[0] / jobs2[0]:.2f}x   (target at least 1.7x)")
    (small, (t_small, _)), (large, (t_large, _)) = sizes[0], sizes[-1]
    per_page = (t_large - t_small) / (large - small)
    fixed = t_small - per_page * small
    print("growth, --jobs 2:         " + ", ".join(f"{n} pages {t:.1f} s" for n, (t, _) in sizes)
          + f"; a line through the ends: {fixed:.1f} s + {per_page:.2f} s a page, which puts the middle at "
          f"{fixed + per_page * sizes[1][0]:.1f} s (measured {sizes[1][1][0]:.1f} s)")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
