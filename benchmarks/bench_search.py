"""Print how fast the site's search answers in headless Chromium, and how large its index is.

    python benchmarks/bench_search.py [SITE] [--scale N]

SITE is a built site to reuse (default: build the whole site into a temporary folder first, which
takes a few minutes). For each query the script times the search and the drawing of its results
list (window.PAKIRAN_SHOW, what typing in the box runs) in the page, 25 times, and prints the
median; it also prints the time from first using the box to the index being ready (loading
MiniSearch and the documents, indexing them), and the size of each edition's documents, raw and
gzipped. With --scale N the student documents of the reports are repeated N times (each copy a
document of its own) to see how the search grows with the collection. Every request that is not
a file is blocked, as in the browser tests.
"""
from __future__ import annotations

import argparse
import gzip
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from pakiran.build.pdf import ARGS, CHROMIUM

REPO = Path(__file__).resolve().parents[1]
QUERIES = ["pipeline", "gwadar", "jaish al-adl", "baghdad pact", "sanctions trade", "refugees afghanistan",
           "border", "nuclear", "shah", "cooperation council"]
RUNS = 25


def build(out: Path) -> Path:
    subprocess.run([sys.executable, "-m", "pakiran", "build", "--out", str(out)], check=True, cwd=REPO,
                   stdout=subprocess.DEVNULL)
    return out


def documents(site: Path, edition: str) -> tuple[bytes, list[dict]]:
    raw = (site / f"search-{edition}.js").read_bytes()
    text = raw.decode("utf-8")
    return raw, json.loads(text.removeprefix("window.PAKIRAN_SEARCH = ").rstrip().removesuffix(";"))["documents"]


def scaled(site: Path, scale: int, folder: Path) -> Path:
    """A copy of the site's search files whose report documents are repeated scale times."""
    import shutil

    copy = folder / f"scaled-{scale}"
    shutil.copytree(site, copy, ignore=shutil.ignore_patterns("*.ipynb", ".build"))
    _, docs = documents(site, "student")
    reports = [d for d in docs if not d["page"].startswith("data/")]
    more = docs + [{**d, "text": f"{d['text']} copy{n}"} for n in range(1, scale) for d in reports]
    more = [{**d, "id": i} for i, d in enumerate(more)]
    payload = json.dumps({"edition": "student", "documents": more}, ensure_ascii=False, separators=(",", ":"))
    (copy / "search-student.js").write_text(f"window.PAKIRAN_SEARCH = {payload};\n", encoding="utf-8")
    return copy


def measure(site: Path) -> dict:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        page = browser.new_page()
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:")) else r.abort())
        page.goto((site / "index.html").as_uri(), wait_until="load")
        ready = page.evaluate("""() => new Promise(resolve => {
          const t = performance.now();
          const box = document.querySelector('.pk-search');
          document.querySelector('#pk-search-input').focus();
          (function wait() { box.dataset.ready === '1' ? resolve(performance.now() - t) : setTimeout(wait, 2); })();
        })""")
        times = {}
        for query in QUERIES:
            found = page.evaluate("""([q, runs]) => {
              const times = [];
              for (let i = 0; i < runs; i++) {
                window.PAKIRAN_SHOW('');  // the box draws a query once; clear it so each run draws again
                const t = performance.now();
                window.PAKIRAN_SHOW(q);
                times.push(performance.now() - t);
              }
              return [times, window.PAKIRAN_INDEX.search(q).length];
            }""", [query, RUNS])
            times[query] = (statistics.median(found[0]), found[1])
        docs = page.evaluate("() => window.PAKIRAN_SEARCH.documents.length")
        browser.close()
    return {"ready": ready, "times": times, "documents": docs}


def report(site: Path, label: str) -> None:
    result = measure(site)
    print(f"\n{label}: {result['documents']} documents; index ready {result['ready']:.0f} ms after the box is first used")
    print(f"{'query':24} {'results':>7} {'median ms':>10}")
    for query, (ms, count) in result["times"].items():
        print(f"{query:24} {count:7d} {ms:10.2f}")
    medians = [ms for ms, _ in result["times"].values()]
    print(f"{'all queries (median)':24} {'':7} {statistics.median(medians):10.2f}   (slowest {max(medians):.2f})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", nargs="?", type=Path)
    parser.add_argument("--scale", type=int, default=0, help="also time the reports' documents repeated N times")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="pakiran-bench-search-"))
    site = args.site or build(folder / "site")
    for edition in ("student", "teacher"):
        raw, docs = documents(site, edition)
        print(f"search-{edition}.js: {len(docs)} documents, {len(raw) / 1e6:.3f} MB, "
              f"{len(gzip.compress(raw, 9)) / 1e6:.3f} MB gzipped")
    library = REPO / "lib" / "pakiran" / "templates" / "vendor" / "minisearch.js"
    print(f"minisearch.js: {library.stat().st_size / 1e3:.0f} kB; search.js: {(site / 'search.js').stat().st_size / 1e3:.1f} kB")
    report(site, "student edition")
    if args.scale > 1:
        report(scaled(site, args.scale, folder), f"student edition, report documents x{args.scale}")


if __name__ == "__main__":
    main()
