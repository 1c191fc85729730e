"""Print how long the data takes to import, load and validate.

Figures: import time of the package (fresh interpreter), validating and loading + validating every
table cold (first call in a process) and warm (cached), for the real package and for a package
grown to 10,000 events (written to a temporary folder by tests/factory.py's grown_package, never
committed). Each figure comes from several runs in fresh interpreters; the median is the one to quote.
CPU seconds (process time) are printed too: on a shared machine they vary less than wall time.
Run: python benchmarks/bench_load.py
"""
from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RUNS = 5
GROWN_EVENTS = 10_000
REPO = Path(__file__).resolve().parents[1]


def fresh(code: str, data: Path | None = None) -> tuple[float, float]:
    """(wall, CPU) seconds a fresh interpreter reports for code (it prints its own timing)."""
    env = dict(os.environ)
    if data is not None:
        env["PAKIRAN_DATA"] = str(data)
    out = subprocess.run([sys.executable, "-W", "ignore", "-c", code], capture_output=True, text=True, check=True,
                         env=env).stdout
    wall, cpu = out.split()
    return float(wall), float(cpu)


START = "t, c = time.perf_counter(), time.process_time(); "
STOP = "; print(time.perf_counter() - t, time.process_time() - c)"
IMPORT = "import time; " + START + "import pakiran, pakiran.load" + STOP
IMPORT_ALL = "import time; " + START + "import pakiran, pakiran.load, pakiran.query, pakiran.charts" + STOP
COLD = "import pakiran, pakiran.load, time; " + START + "pakiran.load.tables()" + STOP
VALIDATE = ("import pakiran, pakiran.validation, time; d = pakiran.data_dir(); " + START
            + "problems = pakiran.validate(d); assert not problems" + STOP)


def warm() -> float:
    import pakiran
    import pakiran.load
    pakiran.load.tables()
    best = []
    for _ in range(RUNS):
        start = time.perf_counter()
        pakiran.load_events(), pakiran.load_visits(), pakiran.load_figures()
        best.append(time.perf_counter() - start)
    return min(best)


def grown(folder: Path) -> Path:
    sys.path.insert(0, str(REPO / "tests"))
    from factory import grown_package

    return grown_package(REPO / "data", folder / "data", events=GROWN_EVENTS)


def rows_of(data: Path) -> str:
    import csv

    counts = {}
    for path in sorted(data.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as fh:
            counts[path.stem] = sum(1 for _ in csv.reader(fh)) - 1
    return ", ".join(f"{k} {v}" for k, v in counts.items()) + f" (total {sum(counts.values())})"


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        big = grown(Path(tmp))
        rows = [
            ("import pakiran + loader (pandas)", [fresh(IMPORT) for _ in range(RUNS)]),
            ("import pakiran + queries + charts (matplotlib)", [fresh(IMPORT_ALL) for _ in range(RUNS)]),
            ("validate every table (after import)", [fresh(VALIDATE) for _ in range(RUNS)]),
            ("load + validate all tables, cold (after import)", [fresh(COLD) for _ in range(RUNS)]),
            (f"{GROWN_EVENTS:,} events: validate every table", [fresh(VALIDATE, big) for _ in range(RUNS)]),
            (f"{GROWN_EVENTS:,} events: load + validate, cold", [fresh(COLD, big) for _ in range(RUNS)]),
        ]
        print(f"{'measure':50} {'best s':>8} {'median s':>9} {'median CPU s':>13}")
        for name, runs in rows:
            wall = [w for w, _ in runs]
            cpu = [c for _, c in runs]
            print(f"{name:50} {min(wall):8.3f} {statistics.median(wall):9.3f} {statistics.median(cpu):13.3f}")
        print(f"{'load events+visits+figures, warm (cached)':50} {warm():8.4f}")
        print("rows:", rows_of(REPO / "data"))
        print(f"rows, {GROWN_EVENTS:,} events:", rows_of(big))


if __name__ == "__main__":
    main()
