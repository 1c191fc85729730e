"""Print how long the data takes to import, load and validate.

Figures: import time of the package (fresh interpreter), and loading + validating every table
cold (first call in a process) and warm (cached), each the best of several runs.
Run: python benchmarks/bench_load.py
"""
from __future__ import annotations

import statistics
import subprocess
import sys
import time

RUNS = 5


def fresh(code: str) -> float:
    """Seconds a fresh interpreter reports for code (it prints its own timing)."""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    return float(out.strip())


IMPORT = "import time; t=time.perf_counter(); import pakiran, pakiran.load; print(time.perf_counter()-t)"
IMPORT_ALL = ("import time; t=time.perf_counter(); import pakiran, pakiran.load, pakiran.query, pakiran.charts;"
              " print(time.perf_counter()-t)")
COLD = ("import pakiran, pakiran.load, time; t=time.perf_counter(); pakiran.tables(); "
        "print(time.perf_counter()-t)")
VALIDATE = ("import pakiran, pakiran.validation, time; d=pakiran.data_dir(); t=time.perf_counter(); "
            "pakiran.validate(d); print(time.perf_counter()-t)")


def warm() -> float:
    import pakiran
    pakiran.tables()
    best = []
    for _ in range(RUNS):
        start = time.perf_counter()
        pakiran.load_events(), pakiran.load_visits(), pakiran.load_figures()
        best.append(time.perf_counter() - start)
    return min(best)


def main() -> None:
    rows = [
        ("import pakiran + loader (pandas)", [fresh(IMPORT) for _ in range(RUNS)]),
        ("import pakiran + queries + charts (matplotlib)", [fresh(IMPORT_ALL) for _ in range(RUNS)]),
        ("validate every table (after import)", [fresh(VALIDATE) for _ in range(RUNS)]),
        ("load + validate all tables, cold (after import)", [fresh(COLD) for _ in range(RUNS)]),
    ]
    print(f"{'measure':50} {'best s':>8} {'median s':>9}")
    for name, values in rows:
        print(f"{name:50} {min(values):8.3f} {statistics.median(values):9.3f}")
    print(f"{'load events+visits+figures, warm (cached)':50} {warm():8.4f}")
    import pakiran
    counts = {name: len(frame) for name, frame in pakiran.tables().items()}
    print("rows:", ", ".join(f"{k} {v}" for k, v in counts.items()))


if __name__ == "__main__":
    main()
