"""Parent side of the build: decide what is stale, run workers, report progress and failures."""
from __future__ import annotations

import multiprocessing
import os
import shutil
import signal
import sys
import tempfile
import time
from multiprocessing.connection import wait
from pathlib import Path

from .cache import (EXECUTED, Cache, execution_key, execution_shared_key, index_key, page_key, render_key,
                    render_shared_key)
from .cite import CITED, write_citations
from .config import PLACEHOLDER_BASE_URL, Report
from .datapages import write_data_pages
from .handouts import index_links, link_pages, make_handouts, report_pages
from .handouts import summary as handout_summary
from .lock import site_lock
from .pages import write_pages
from .restyle import RENDERED, kept_pages, restyle
from .search import write_search
from .site import navigation, page_names, stylesheet, write_data, write_index

KERNEL_START = 300   # seconds allowed beyond the notebook limit: starting and warming a kernel, rendering
STOP_GRACE = 10      # seconds a worker has to clean up after SIGTERM before it is killed


class Stopped(KeyboardInterrupt):
    """The build was interrupted (Ctrl-C) or terminated (SIGTERM)."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


class Progress:
    """A line per notebook as it starts and ends; on a terminal also a progress bar."""

    def __init__(self, total: int, stream=sys.stdout):
        self.total, self.done, self.stream = total, 0, stream
        self.tty = stream.isatty()

    def line(self, text: str) -> None:
        if self.tty:
            self.stream.write("\r\033[K")
        self.stream.write(text + "\n")
        if self.tty:
            filled = int(30 * self.done / max(self.total, 1))
            self.stream.write(f"[{'#' * filled}{'.' * (30 - filled)}] {self.done}/{self.total}")
        self.stream.flush()

    def finish(self) -> None:
        if self.tty:
            self.stream.write("\r\033[K")
            self.stream.flush()


class Worker:
    """One worker process, the pipe to it, the report it runs and when it must have answered."""

    def __init__(self, context, settings: dict, number: int):
        from .worker import work

        self.conn, child = context.Pipe()
        self.process = context.Process(target=work, args=(child, settings, number), daemon=False)
        self.process.start()
        child.close()
        self.report: Report | None = None
        self.deadline = time.monotonic() + KERNEL_START
        self.started = 0.0

    def stop(self) -> None:
        """SIGTERM (the worker kills its kernels), then SIGKILL if it is still there after the grace."""
        if self.process.is_alive():
            self.process.terminate()
            self.process.join(STOP_GRACE)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(STOP_GRACE)


def _failure(error: str, seconds: float = 0) -> dict:
    return {"ok": False, "seconds": round(seconds, 1), "cell": None, "line": "", "error": error, "partial": ""}


def _run_workers(todo: list[Report], navs: dict, keys: dict, settings: dict, jobs: int, progress: Progress) -> dict:
    """Run the reports on up to `jobs` worker processes; return results by report name.

    keys holds each report's (page key, render key, execution key); an execution key of None means
    its kept executed notebook is current and the worker only renders it.

    Returns once no worker is alive: every worker either ends, or is killed when it stops
    answering, and a report whose worker is gone counts as failed.
    """
    from .worker import prepare

    prepare(any(run for *_, run in keys.values()))  # import papermill and nbconvert once here; the workers share them
    context = multiprocessing.get_context("fork")
    pending = list(todo)
    results: dict[str, dict] = {}
    workers = [Worker(context, settings, n) for n in range(1, max(1, min(jobs, len(todo))) + 1)]

    def hand_out(worker: Worker) -> None:
        worker.report = pending.pop(0) if pending else None
        worker.started = time.monotonic()
        limit = worker.report.limits.get("notebook_timeout", settings["notebook_timeout"]) if worker.report else 0
        worker.deadline = worker.started + limit + KERNEL_START
        item = None if worker.report is None else (worker.report, navs[worker.report.name],
                                                     *keys[worker.report.name], any(keys[r.name][2] for r in pending))
        try:
            worker.conn.send(item)
        except OSError:
            pass                                      # it died; its sentinel says so next

    def finish(worker: Worker, error: str) -> None:
        if worker.report is not None and worker.report.name not in results:
            results[worker.report.name] = _failure(error, time.monotonic() - worker.started)
            progress.done += 1
            progress.line(f"FAILED {worker.report.name}")
        worker.report = None

    def receive(worker: Worker) -> None:
        kind, name, payload = worker.conn.recv()
        if kind == "start":
            progress.line(f"start  {name}")
            return
        if kind == "done":
            results[name] = payload
            worker.report = None
            progress.done += 1
            status = "ok    " if payload["ok"] else "FAILED"
            detail = f"; ran in {payload['execute']:.1f} s" if payload.get("execute") else \
                "; rendered from its last run" if payload.get("cached") else ""
            progress.line(f"{status} {name} ({payload['seconds']:.1f} s{detail})")
        hand_out(worker)                              # 'ready' or 'done': it is free for the next

    try:
        alive = list(workers)
        while alive:
            by_object = {w.conn: w for w in alive} | {w.process.sentinel: w for w in alive}
            for ready in wait(list(by_object), timeout=1.0):
                worker = by_object[ready]
                if ready is worker.conn and worker in alive:
                    try:
                        receive(worker)
                    except (EOFError, OSError):
                        pass                          # it ended; its sentinel says so
                elif ready is worker.process.sentinel and worker in alive:
                    while worker.conn.poll():         # what it said before it ended
                        try:
                            receive(worker)
                        except (EOFError, OSError):
                            break
                    worker.process.join()
                    finish(worker, _death(worker.process.exitcode))
                    alive.remove(worker)
            now = time.monotonic()
            for worker in list(alive):
                if now > worker.deadline:
                    worker.stop()
                    finish(worker, "the build worker stopped answering and was killed")
                    alive.remove(worker)
    finally:
        for signum in (signal.SIGINT, signal.SIGTERM):  # a second Ctrl-C must not cut the clean-up short
            signal.signal(signum, signal.SIG_IGN)
        for worker in workers:
            worker.stop()
            worker.conn.close()
    for report in pending:
        results.setdefault(report.name, _failure("not run: no build worker was left to run it"))
    return results


def _death(code: int | None) -> str:
    if code is not None and code < 0:
        return f"the build worker died (killed by {signal.Signals(-code).name})"
    return f"the build worker died (exit status {code})"


def _raise_stop(signum, frame):
    raise Stopped(signum)


def build(reports: list[Report], selected: list[Report], out: Path, data_dir: Path, *, force: bool = False,
          jobs: int = 2, cell_timeout: float = 120, notebook_timeout: float = 600, pdf: bool = False,
          stream=sys.stdout, base_url: str = PLACEHOLDER_BASE_URL) -> int:
    """Build the selected reports into out (only those whose inputs changed, unless force); 0 if all good.

    With pdf, also make the PDF handout of each selected report's pages whose page changed (handouts.py).
    The citation files (site/cite/) give URLs under base_url; they are brought up to date on every
    build, also when no report needs rebuilding.

    One build at a time per site folder (lock.Busy otherwise). Kernels read the data in data_dir.
    Ctrl-C and SIGTERM stop the workers and their kernels and raise Stopped.
    """
    names = [r.name for r in selected]
    if len(set(names)) != len(names):
        raise ValueError(f"two reports would write the same pages: {sorted({n for n in names if names.count(n) > 1})}")
    start = time.perf_counter()
    out.mkdir(parents=True, exist_ok=True)
    previous = {signum: signal.getsignal(signum) for signum in (signal.SIGINT, signal.SIGTERM)}
    signal.signal(signal.SIGTERM, _raise_stop)
    try:
        with site_lock(out):
            return _build(reports, selected, out, data_dir, force, jobs, cell_timeout, notebook_timeout,
                          pdf, stream, start, base_url)
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _build(reports, selected, out, data_dir, force, jobs, cell_timeout, notebook_timeout, pdf, stream, start,
           base_url=PLACEHOLDER_BASE_URL) -> int:
    cache, runs, rendered = Cache(out), Cache(out, EXECUTED), Cache(out, RENDERED)
    executing, rendering, css = execution_shared_key(data_dir), render_shared_key(), stylesheet()
    listed = [r for r in reports if not r.custom]
    cited = [*listed, *(r for r in selected if r.custom)]
    navs = {r.name: navigation(reports, r) for r in [*listed, *selected]}
    run_keys = {r.name: execution_key(r, executing) for r in [*listed, *selected]}
    render_keys = {r.name: render_key(run_keys[r.name], rendering, r, navs[r.name]) for r in [*listed, *selected]}
    keys = {name: page_key(key, css) for name, key in render_keys.items()}
    stale = [r for r in selected
             if force or not cache.fresh(r.name, keys[r.name], [out / n for n in page_names(r.name).values()]
                                         + [out / CITED / f"{r.name}.json"])]
    restyled = _restyle([r for r in stale if not force and rendered.fresh(r.name, render_keys[r.name], [
        out / p for p in [*kept_pages(r.name).values(), *_kept_with_pages(r.name)]])], keys, out, css, stream)
    stale = [r for r in stale if r not in restyled]
    run = {r.name for r in stale if force or not runs.fresh(r.name, run_keys[r.name], [out / EXECUTED / f"{r.name}.ipynb"])}
    todo = [r for r in stale if r.name in run] + [r for r in stale if r.name not in run]  # kernels first
    index = index_key([keys[r.name] for r in listed])
    index_fresh = cache.fresh("index.html", index, [out / n for n in ("index.html", "glossary.html", "course.html", "setup.html")])
    if not todo and not restyled and (index_fresh or all(r.custom for r in selected)):
        write_citations(cited, out, data_dir, base_url)
        stream.write(f"Up to date: {len(selected)} report(s), nothing to rebuild "
                     f"({time.perf_counter() - start:.2f} s). Use --force to rebuild all.\n")
        handouts, linked = _handouts(reports, selected, out, pdf)
        if index_links(out) != linked:
            write_index(reports, out, set(), linked)
        return _end(handouts, out, stream)
    if todo:
        stream.write(f"Building {len(todo)} of {len(selected)} report(s) with {min(jobs, len(todo))} worker(s): "
                     f"{len(run)} to execute, {len(todo) - len(run)} to render from their last run\n")
    progress = Progress(len(todo), stream)
    _sweep(Path(tempfile.gettempdir()))
    runtime = tempfile.mkdtemp(prefix=f"pakiran-{os.getpid()}-")  # mode 0700: connection files, sockets
    settings = {"out": str(out), "css": css, "cell_timeout": cell_timeout, "notebook_timeout": notebook_timeout,
                "kernel_cwd": str(reports[0].notebook.parent if reports else out), "runtime": runtime,
                "parent": os.getpid(), "data": str(data_dir), "kernels": len(run)}
    jobs_keys = {r.name: (keys[r.name], render_keys[r.name], run_keys[r.name] if r.name in run else None)
                 for r in todo}
    try:
        results = _run_workers(todo, navs, jobs_keys, settings, jobs, progress) if todo else {}
    finally:
        progress.finish()
        shutil.rmtree(runtime, ignore_errors=True)
    failed = {name for name, result in results.items() if not result["ok"]}
    write_citations(cited, out, data_dir, base_url)
    handouts, linked = _handouts(reports, selected, out, pdf)
    if any(not r.custom for r in selected):
        cache.forget("index.html")
        write_data(out, data_dir)
        write_data_pages(out, data_dir)
        write_index(reports, out, failed, linked)
        write_pages(reports, out, data_dir)
        write_search(reports, out, data_dir)  # last: it indexes the pages written above
        if not failed and not any(cache.key(r.name) != keys[r.name] for r in listed):
            cache.record("index.html", index)
    elif index_links(out) != linked:
        write_index(reports, out, set(), linked)
    _summary(todo, results, stream, time.perf_counter() - start)
    return max(1 if failed else 0, _end(handouts, out, stream))


def _kept_with_pages(name: str) -> list[str]:
    """What a report's pages come with that a change of the stylesheet leaves as it is."""
    names = page_names(name)
    return [names["student.ipynb"], names["teacher.ipynb"], str(CITED / f"{name}.json")]


def _restyle(candidates: list[Report], keys: dict, out: Path, css: str, stream) -> list[Report]:
    """Write the pages of reports whose stylesheet alone changed from their kept rendered pages;
    returns those done (a report whose kept pages cannot be read is rendered again instead)."""
    if not candidates:
        return []
    begin = time.perf_counter()
    cache, restyled = Cache(out), []
    for report in candidates:
        cache.forget(report.name)
        try:
            restyle(out, report.name, css)
        except (OSError, ValueError):
            continue
        cache.record(report.name, keys[report.name])
        restyled.append(report)
    if restyled:
        stream.write(f"Restyled {len(restyled)} report(s) from their rendered pages: only the stylesheet changed "
                     f"({time.perf_counter() - begin:.2f} s)\n")
    return restyled


def _handouts(reports: list[Report], selected: list[Report], out: Path, pdf: bool) -> tuple[tuple | None, set[str]]:
    """With pdf, make the selected reports' PDF handouts ((made, up to date, failures, seconds)); then
    link every page to its PDF where the PDF matches the page (the pages that do are returned)."""
    made = None
    if pdf:
        begin = time.perf_counter()
        made = (*make_handouts(out, selected), time.perf_counter() - begin)
    return made, link_pages(out, report_pages(out, reports))


def _end(handouts: tuple | None, out: Path, stream) -> int:
    """Print the PDF summary, if PDFs were made, and where the site is; 1 if a PDF failed."""
    if handouts is not None:
        handout_summary(*handouts, stream)
    _where(out, stream)
    return 1 if handouts is not None and handouts[2] else 0


def _sweep(folder: Path) -> None:
    """Remove the kernel folders of earlier builds that were killed outright (their PID is gone)."""
    for path in folder.glob("pakiran-*-*"):
        pid = path.name.split("-")[1]
        if not pid.isdigit() or not path.is_dir() or path.is_symlink() or path.stat().st_uid != os.getuid():
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            shutil.rmtree(path, ignore_errors=True)
        except PermissionError:
            pass


def _where(out: Path, stream) -> None:
    index = (out / "index.html").resolve()
    if index.is_file():
        stream.write(f"Site: {index}\nOpen: {index.as_uri()}\n")


def _summary(todo: list[Report], results: dict, stream, seconds: float) -> None:
    if not todo:
        return
    width = max(len(r.name) for r in todo)
    stream.write(f"\n{'report'.ljust(width)}  status  seconds  notebook\n")
    for report in todo:
        result = results[report.name]
        how = "from last run" if result.get("cached") else "executed" if result["ok"] else ""
        stream.write(f"{report.name.ljust(width)}  {'ok' if result['ok'] else 'FAILED':6}  {result['seconds']:7.1f}"
                     f"  {how}\n".rstrip(" \n") + "\n")
    for report in todo:
        result = results[report.name]
        if not result["ok"]:
            if result.get("cell") is not None or result.get("line"):
                cell = f"cell {result['cell']}" if result.get("cell") is not None else "cell unknown"
                stream.write(f"\nFAILED {report.notebook.name} ({report.name}), {cell}: {result['line']!r}\n")
            else:
                stream.write(f"\nFAILED {report.notebook.name} ({report.name})\n")
            error = str(result["error"]).splitlines() or [""]
            stream.write(f"  error: {error[0]}\n" + "".join(f"    {line}\n" for line in error[1:]))
            if result.get("partial"):
                stream.write(f"  partly executed notebook kept at: {result['partial']}\n")
            stream.write("  the last good pages of this report were left in place.\n")
    good = sum(1 for r in results.values() if r["ok"])
    stream.write(f"\n{good} built, {len(results) - good} failed in {seconds:.1f} s\n")

