"""Parent side of the build: decide what is stale, run workers, report progress and failures."""
from __future__ import annotations

import multiprocessing
import queue
import sys
import time
from pathlib import Path

from .cache import Cache, report_key, shared_key
from .config import Report
from .site import navigation, page_names, write_index


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


def _run_workers(todo: list[Report], navs: dict, settings: dict, jobs: int, progress: Progress) -> dict:
    """Run the reports on up to `jobs` worker processes; return results by report name."""
    from .worker import prepare, work

    prepare()  # import papermill and nbconvert once here; the forked workers share them
    context = multiprocessing.get_context("fork")
    tasks, events = context.Queue(), context.Queue()
    remaining = context.Value("i", len(todo))
    for report in todo:
        tasks.put((report, navs[report.name]))
    count = max(1, min(jobs, len(todo)))
    for _ in range(count):
        tasks.put(None)
    workers = [context.Process(target=work, args=(tasks, events, remaining, settings), daemon=False)
               for _ in range(count)]
    for process in workers:
        process.start()
    results: dict[str, dict] = {}
    running: dict[str, tuple[int, float]] = {}
    backstop = settings["notebook_timeout"] + 120
    while len(results) < len(todo):
        try:
            kind, name, payload = events.get(timeout=1.0)
        except queue.Empty:
            now = time.monotonic()
            for name, (pid, started) in list(running.items()):
                if now - started > backstop:
                    _kill(workers, pid)
                    results[name] = {"ok": False, "seconds": round(now - started, 1), "cell": None, "line": "",
                                     "error": "the build worker stopped answering and was killed", "partial": ""}
                    running.pop(name)
            if not any(p.is_alive() for p in workers) and events.empty():
                for name in [r.name for r in todo if r.name not in results]:
                    results[name] = {"ok": False, "seconds": 0, "cell": None, "line": "",
                                     "error": "a build worker died", "partial": ""}
            continue
        if kind == "start":
            running[name] = (payload, time.monotonic())
            progress.line(f"start  {name}")
        else:
            running.pop(name, None)
            results[name] = payload
            progress.done += 1
            status = "ok    " if payload["ok"] else "FAILED"
            detail = f"; ran in {payload['execute']:.1f} s" if payload.get("execute") else ""
            progress.line(f"{status} {name} ({payload['seconds']:.1f} s{detail})")
    for process in workers:
        process.join(timeout=30)
        if process.is_alive():
            process.kill()
    return results


def _kill(workers, pid: int) -> None:
    for process in workers:
        if process.pid == pid:
            process.kill()


def build(reports: list[Report], selected: list[Report], out: Path, data_dir: Path, *, force: bool = False,
          jobs: int = 2, cell_timeout: float = 120, notebook_timeout: float = 600, stream=sys.stdout) -> int:
    """Build the selected reports into out (only those whose inputs changed, unless force); 0 if all good."""
    start = time.perf_counter()
    out.mkdir(parents=True, exist_ok=True)
    cache = Cache(out / ".build" / "cache.json")
    shared = shared_key(data_dir)
    keys = {r.name: report_key(r, shared) for r in selected}
    todo = [r for r in selected
            if force or not cache.fresh(r.name, keys[r.name], [out / n for n in page_names(r.name).values()])]
    index_key = "index:" + "".join(sorted(keys.values()))
    index_fresh = cache.fresh("index.html", index_key, [out / "index.html"])
    if not todo and (index_fresh or all(r.custom for r in selected)):
        stream.write(f"Up to date: {len(selected)} report(s), nothing to rebuild "
                     f"({time.perf_counter() - start:.2f} s). Use --force to rebuild all.\n")
        return 0
    stream.write(f"Building {len(todo)} of {len(selected)} report(s) with {min(jobs, max(len(todo), 1))} worker(s)\n")
    progress = Progress(len(todo), stream)
    settings = {"out": str(out), "cell_timeout": cell_timeout, "notebook_timeout": notebook_timeout,
                "kernel_cwd": str(reports[0].notebook.parent if reports else out)}
    navs = {r.name: navigation(reports, r) for r in todo}
    results = _run_workers(todo, navs, settings, jobs, progress) if todo else {}
    progress.finish()
    failed = {name for name, result in results.items() if not result["ok"]}
    for report in todo:
        if report.name not in failed:
            cache.record(report.name, keys[report.name])
    if any(not r.custom for r in selected):
        write_index(reports, out, failed)
        if not failed:
            cache.record("index.html", index_key)
    cache.save()
    _summary(todo, results, stream, time.perf_counter() - start)
    return 1 if failed else 0


def _summary(todo: list[Report], results: dict, stream, seconds: float) -> None:
    if not todo:
        return
    width = max(len(r.name) for r in todo)
    stream.write(f"\n{'report'.ljust(width)}  status  seconds\n")
    for report in todo:
        result = results[report.name]
        stream.write(f"{report.name.ljust(width)}  {'ok' if result['ok'] else 'FAILED':6}  {result['seconds']:7.1f}\n")
    for report in todo:
        result = results[report.name]
        if not result["ok"]:
            cell = f"cell {result['cell']}" if result.get("cell") is not None else "cell unknown"
            stream.write(f"\nFAILED {report.notebook.name} ({report.name}), {cell}: {result['line']!r}\n"
                         f"  error: {result['error']}\n")
            if result.get("partial"):
                stream.write(f"  partly executed notebook kept at: {result['partial']}\n")
            stream.write("  the last good pages of this report were left in place.\n")
    good = sum(1 for r in results.values() if r["ok"])
    stream.write(f"\n{good} built, {len(results) - good} failed in {seconds:.1f} s\n")
