"""A build worker process: warm imports and exporters once, keep a kernel started ahead of need.

The parent hands reports to each worker over a pipe of its own. A worker dies with its parent
(parent-death signal, and a watch on its parent as fallback); when it ends, however it ends
short of SIGKILL, it kills its kernels and removes their folder.
"""
from __future__ import annotations

import json
import os
import signal
import time
import traceback
from pathlib import Path

from .cache import EXECUTED, Cache
from .config import Report
from .files import inside, remove, write_atomic
from .lifetime import die_with_parent, watch_parent
from .site import page_names


def prepare(execute: bool = True) -> None:
    """Import the heavy modules before the workers are forked, so each need not import them again
    (papermill and jupyter_client only when there are notebooks to run)."""
    os.environ.setdefault("NBFORMAT_VALIDATOR", "fastjsonschema")
    import nbconvert  # noqa: F401
    import nbconvert.preprocessors  # noqa: F401
    if execute:
        import jupyter_client.manager  # noqa: F401
        import papermill  # noqa: F401


def work(conn, settings: dict, number: int = 1) -> None:
    """Receive (report, nav, page key, render key, execution key, more) until None; send
    ('ready'|'start'|'done', name, payload)."""
    from .execute import KernelSupply, stop_kernel

    signal.signal(signal.SIGINT, signal.SIG_IGN)     # Ctrl-C is the parent's to handle
    folder = Path(settings["runtime"]) / f"w{number}"
    folder.mkdir(mode=0o700)
    kernels = KernelSupply(Path(settings["kernel_cwd"]), folder, fork=os.environ.get("PAKIRAN_KERNELS") != "plain")

    def end(signum, frame=None):
        kernels.kill_all()
        try:
            os.rmdir(settings["runtime"])            # the last worker out removes the build's folder
        except OSError:
            pass
        os._exit(128 + signum)

    signal.signal(signal.SIGTERM, end)
    die_with_parent(signal.SIGTERM)
    if os.getppid() != settings["parent"]:           # the parent died before the signal was set
        end(signal.SIGTERM)
    watch_parent(settings["parent"], lambda: os.kill(os.getpid(), signal.SIGTERM))
    if settings.get("data"):
        from ..paths import ENV_VAR

        os.environ[ENV_VAR] = settings["data"]       # for this worker's kernels
    try:
        if number <= settings.get("kernels", number):
            kernels.prepare()                       # ahead of need, as many as there are notebooks to run
        from .render import Renderer

        renderer = Renderer()
        stopping = []
        conn.send(("ready", "", os.getpid()))
        while True:
            item = conn.recv()
            if item is None:
                break
            report, nav, key, render_key, run_key, more = item
            conn.send(("start", report.name, os.getpid()))
            km = None
            if run_key is not None:
                try:
                    km = kernels.take()
                except Exception as exc:  # noqa: BLE001 - reported as this report's failure
                    conn.send(("done", report.name, _failed(time.perf_counter(), f"the kernel did not start: {exc}")))
                    continue
            if more:
                kernels.prepare()
            result = _build_one(report, nav, (key, render_key), run_key, km, renderer, settings)
            if km is not None:
                stopping.append(stop_kernel(km))
            conn.send(("done", report.name, result))
        stopping += kernels.close()
        for thread in stopping:
            thread.join(timeout=10)
    finally:
        kernels.kill_all()


def _failed(start: float, error: str, **extra) -> dict:
    return {"ok": False, "seconds": round(time.perf_counter() - start, 2), "cell": None, "line": "",
            "error": error, "partial": "", **extra}


def _build_one(report: Report, nav: dict, keys: tuple[str, str], run_key: str | None, km, renderer,
               settings: dict) -> dict:
    """Run one report (or, when run_key is None, take its kept executed notebook) and write its pages.

    keys are the pages' key and the render key. The executed notebook is kept under its execution
    key, the rendered pages under the render key; the pages' cache keys are forgotten before they
    are written and recorded after the last of them.
    """
    import nbformat

    from .cite import CITED, cited_sources
    from .execute import check_notebook, execute
    from .render import cover_figure, kept_run, thumbnail
    from .restyle import RENDERED, write_report_pages

    start = time.perf_counter()
    out = Path(settings["out"])
    partial = Path(".build") / "failed" / f"{report.name}.ipynb"
    kept = EXECUTED / f"{report.name}.ipynb"
    runs = Cache(out, EXECUTED)
    try:
        if run_key is None:
            nb = nbformat.reads(inside(out, kept).read_text(encoding="utf-8"), as_version=4)
            executed = None
        else:
            problem = check_notebook(report.notebook)
            if problem:
                return _failed(start, problem)
            inside(out, partial).parent.mkdir(parents=True, exist_ok=True)
            limits = {key: settings[key] for key in ("cell_timeout", "notebook_timeout")} | report.limits
            nb, failure = execute(report.notebook, out, partial, report.parameters, km,
                                  limits["cell_timeout"], limits["notebook_timeout"])
            if failure is not None:
                partly = inside(out, partial)
                return {"ok": False, "seconds": round(time.perf_counter() - start, 2), "cell": failure.cell,
                        "line": failure.first_line, "error": failure.error,
                        "partial": str(partly) if partly.is_file() else ""}
            executed = time.perf_counter() - start
            runs.forget(report.name)
            data = kept_run(nb)
            write_atomic(out, kept, data)
            runs.record(report.name, run_key)
            nb = nbformat.reads(data.decode("utf-8"), as_version=4)  # pages come from the kept notebook alone
        cited = json.dumps(cited_sources(nb)).encode("utf-8")
        pages, downloads = renderer.render(nb, report.title, nav, capped=True)
        cache, rendered = Cache(out), Cache(out, RENDERED)
        cache.forget(report.name)
        rendered.forget(report.name)
        names = page_names(report.name)
        for edition in ("student", "teacher"):
            write_atomic(out, names[f"{edition}.ipynb"], downloads[edition])
        write_report_pages(out, report.name, pages, settings["css"])
        write_atomic(out, CITED / f"{report.name}.json", cited)
        png, alt = cover_figure(nb)
        thumb = Path(".build") / "thumbs" / f"{report.name}.png"
        if png:
            write_atomic(out, thumb, thumbnail(png))
            write_atomic(out, thumb.with_suffix(".txt"), alt.encode("utf-8"))
        else:
            remove(out, thumb)
            remove(out, thumb.with_suffix(".txt"))
        rendered.record(report.name, keys[1])
        cache.record(report.name, keys[0])
        remove(out, partial)
        done = {"ok": True, "seconds": round(time.perf_counter() - start, 2)}
        return done | ({"cached": True} if executed is None else {"execute": round(executed, 2)})
    except Exception as exc:  # noqa: BLE001 - reported in the summary, never raised past the worker
        from .execute import one_line

        return _failed(start, one_line(f"{type(exc).__name__}: {exc}"), trace=traceback.format_exc(limit=3))
