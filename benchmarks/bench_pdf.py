"""Print how long the PDF handouts take: starting the browser, each report page's PDF, and a pass
with nothing to make.

    python benchmarks/bench_pdf.py [SITE] [--runs N]

SITE is a built site to reuse (default: build the whole site into a temporary folder first). The
PDFs are printed into memory with one browser, as `build --pdf` does, RUNS times each (default 3),
and the best and median time of each page is printed; nothing in SITE is changed. Then the
up-to-date pass of `build --pdf` is timed on a copy of SITE whose PDFs were made.
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def build(out: Path, *args: str) -> None:
    subprocess.run([sys.executable, "-m", "pakiran", "build", "--out", str(out), *args], check=True, cwd=REPO,
                   stdout=subprocess.DEVNULL)


def main() -> None:
    from pakiran.build.config import DEFAULT_CONFIG, load_config
    from pakiran.build.handouts import EDITIONS, make_handouts
    from pakiran.build.header import header_or_title
    from pakiran.build.pdf import Printer, title_page

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", nargs="?", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="pakiran-bench-pdf-"))
    site = args.site
    if site is None:
        site = folder / "site"
        build(site)
    reports = [r for r in load_config(DEFAULT_CONFIG) if (site / f"{r.name}.student.html").is_file()]
    times: dict[str, list[float]] = {}
    sizes: dict[str, int] = {}
    with Printer() as printer:
        start = time.perf_counter()
        printer._start()
        launch = time.perf_counter() - start
        for _ in range(args.runs):
            for report in reports:
                header = header_or_title(report.notebook, report.title)
                for edition in EDITIONS:
                    page = f"{report.name}.{edition}"
                    begin = time.perf_counter()
                    cover = title_page(header, report.title, edition, report.parameters)
                    data = printer.print(site / f"{page}.html", cover, report.title, edition)
                    times.setdefault(page, []).append(time.perf_counter() - begin)
                    sizes[page] = len(data)
    print(f"browser start: {launch:.2f} s")
    print(f"{'page':40} {'best s':>7} {'median s':>9} {'KB':>6}")
    for page, values in times.items():
        print(f"{page:40} {min(values):7.2f} {statistics.median(values):9.2f} {sizes[page] / 1e3:6.0f}")
    medians = [statistics.median(v) for v in times.values()]
    print(f"{'all pages':40} {min(min(v) for v in times.values()):7.2f} {statistics.median(medians):9.2f}"
          f"   (slowest median {max(medians):.2f} s; {len(times)} PDFs, {sum(medians):.1f} s in all)")
    copy = folder / "copy"
    shutil.copytree(site, copy, ignore=shutil.ignore_patterns("lock"))
    make_handouts(copy, reports)
    begin = time.perf_counter()
    made, current, failures = make_handouts(copy, reports)
    print(f"pass with nothing to make: {time.perf_counter() - begin:.3f} s ({made} made, {current} up to date)")
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
