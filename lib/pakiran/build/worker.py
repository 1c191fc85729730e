"""A build worker process: warm imports and exporters once, keep a kernel started ahead of need."""
from __future__ import annotations

import os
import time
import traceback
from pathlib import Path

from .config import Report
from .files import write_atomic
from .site import page_names


def prepare() -> None:
    """Import the heavy modules before the workers are forked, so each need not import them again."""
    os.environ.setdefault("NBFORMAT_VALIDATOR", "fastjsonschema")
    import jupyter_client.manager  # noqa: F401
    import nbconvert  # noqa: F401
    import nbconvert.preprocessors  # noqa: F401
    import papermill  # noqa: F401


def work(tasks, events, remaining, settings: dict) -> None:
    """Take reports from tasks until None; send ('start'|'done', ...) messages to events."""
    from .execute import KernelSupply, stop_kernel

    kernels = KernelSupply(Path(settings["kernel_cwd"]))
    kernels.prepare()                               # ahead of need, in parallel with other workers
    from .render import Renderer

    renderer = Renderer()
    stopping = []
    while True:
        item = tasks.get()
        if item is None:
            break
        report, nav = item
        with remaining.get_lock():
            remaining.value -= 1
            more = remaining.value > 0
        events.put(("start", report.name, os.getpid()))
        km = kernels.take()
        if more:
            kernels.prepare()
        result = _build_one(report, nav, km, renderer, settings)
        stopping.append(stop_kernel(km))
        events.put(("done", report.name, result))
    stopping += kernels.close()
    for thread in stopping:
        thread.join(timeout=10)


def _build_one(report: Report, nav: dict, km, renderer, settings: dict) -> dict:
    from .execute import execute
    from .render import first_png, thumbnail

    start = time.perf_counter()
    out = Path(settings["out"])
    state = out / ".build"
    partial = state / "failed" / f"{report.name}.ipynb"
    partial.parent.mkdir(parents=True, exist_ok=True)
    try:
        nb, failure = execute(report.notebook, partial, report.parameters, km,
                              settings["cell_timeout"], settings["notebook_timeout"])
        if failure is not None:
            return {"ok": False, "seconds": round(time.perf_counter() - start, 2), "cell": failure.cell,
                    "line": failure.first_line, "error": failure.error, "partial": str(partial)}
        executed = time.perf_counter() - start
        pages = renderer.pages(nb, report.title, nav)
        downloads = renderer.downloads(nb)
        names = page_names(report.name)
        for edition in ("student", "teacher"):
            write_atomic(out / names[f"{edition}.ipynb"], downloads[edition])
            write_atomic(out / names[f"{edition}.html"], pages[edition])
        png = first_png(nb)
        if png:
            write_atomic(state / "thumbs" / f"{report.name}.png", thumbnail(png))
        partial.unlink(missing_ok=True)
        return {"ok": True, "seconds": round(time.perf_counter() - start, 2), "execute": round(executed, 2)}
    except Exception as exc:  # noqa: BLE001 - reported in the summary, never raised past the worker
        return {"ok": False, "seconds": round(time.perf_counter() - start, 2), "cell": None, "line": "",
                "error": f"{type(exc).__name__}: {exc}", "partial": str(partial),
                "trace": traceback.format_exc(limit=3)}
