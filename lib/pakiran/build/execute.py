"""Worker side: run one notebook with papermill on a kernel started ahead of need.

Each kernel gets a private folder (mode 0700) inside the worker's, holding its connection file
(mode 0600, it contains the key) and its IPC sockets; the folder goes when the kernel is stopped.
"""
from __future__ import annotations

import itertools
import json
import os
import shutil
import signal
import threading
from dataclasses import dataclass
from pathlib import Path

from .files import inside, write_atomic
from .lifetime import kernel_preexec

SOCKET_PATH = 107  # the longest path of a Unix socket on Linux
_NUMBERS = itertools.count(1)

# Run by each kernel before its notebook, while the worker is still busy elsewhere: import the
# heavy modules, load (and validate) the data once, and draw one figure to fill the font caches.
# Silent, so it leaves no output and no execution count in the notebook.
WARM_UP = """
import pandas, matplotlib.pyplot, pakiran, pakiran.charts, pakiran.maps, pakiran.query
from pakiran.display import png_bytes as _png
pakiran.data_tables()
_png(pakiran.bars(pandas.Series([1], index=["warm"]), caption="warm-up"))
pakiran.reset_citations()
del _png
"""


async def _start(cwd: Path, folder: Path, started: list, server=None):
    from jupyter_client.manager import AsyncKernelManager

    # Local IPC sockets in a private folder: nothing listens on the network. Short names, as a
    # socket's path may be at most 107 bytes.
    private = Path(folder) / str(next(_NUMBERS))
    private.mkdir(mode=0o700)
    socket = os.path.join(private, "k")
    if len(os.fsencode(socket)) + 3 > SOCKET_PATH:
        raise OSError(f"the kernel socket path {socket}-N is too long; set TMPDIR to a shorter folder")
    km = AsyncKernelManager(kernel_name="python3", transport="ipc", ip=socket,
                            connection_file=os.path.join(private, "kernel.json"))
    km.pakiran_sockets = private
    if server is not None:                      # forked from the worker's fork server (see provisioner.py)
        import uuid

        from .provisioner import ForkProvisioner

        km.kernel_id = str(uuid.uuid4())
        km.provisioner = ForkProvisioner(kernel_id=km.kernel_id, kernel_spec=km.kernel_spec, parent=km)
        km.provisioner.server = server
    started.append(km)
    await km.start_kernel(cwd=str(cwd), preexec_fn=kernel_preexec)
    client = km.client()
    client.start_channels()
    try:
        await client.wait_for_ready(timeout=60)
        if not getattr(km.provisioner, "forked", False):  # a forked kernel was warmed by its fork server
            client.execute(WARM_UP, silent=True, store_history=False)
            await client.get_shell_msg(timeout=120)
    finally:
        client.stop_channels()
    return km


def start_kernel(cwd: Path, folder: Path, started: list, server=None):
    """Start a python3 kernel (asynchronous manager, as nbclient expects), forked from server if
    given, and let it import the heavy modules; returns when it is warm. Workers call this in a
    background thread; the manager is appended to started as soon as it exists, so a stopping
    worker can kill it."""
    import asyncio

    return asyncio.run(_start(cwd, folder, started, server))


def kill_kernel(km) -> None:
    """Kill the kernel process at once (used when a notebook runs past its time limit)."""
    pid = getattr(km.provisioner, "pid", None) if km.provisioner else None
    if pid:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


class KernelSupply:
    """Keeps one warm kernel starting in the background, ahead of need, in a private folder;
    with fork, the kernels are forked from a fork server the supply starts with its first kernel."""

    def __init__(self, cwd: Path, folder: Path, fork: bool = True):
        from concurrent.futures import ThreadPoolExecutor

        from .forkserver import available

        self.cwd, self.folder = cwd, folder
        self.pool = ThreadPoolExecutor(max_workers=1)
        self.next = None
        self.started: list = []
        self.fork = fork and available()
        self.server = None

    def _start(self):
        if self.fork and self.server is None:
            from .provisioner import ForkServer

            self.server = ForkServer(self.folder)
        return start_kernel(self.cwd, self.folder, self.started, self.server)

    def prepare(self) -> None:
        """Start warming a kernel for the next notebook."""
        if self.next is None:
            self.next = self.pool.submit(self._start)

    def kill_all(self) -> None:
        """Kill every kernel this supply started and its fork server, and remove its folder: the
        worker is ending now."""
        for km in list(self.started):
            if not getattr(km, "pakiran_stopped", False):
                kill_kernel(km)
        if self.server is not None:
            self.server.stop()
        shutil.rmtree(self.folder, ignore_errors=True)

    def take(self):
        """The prepared kernel (starting one now if none was prepared)."""
        self.prepare()
        future, self.next = self.next, None
        return future.result()

    def close(self) -> list:
        """Shut down a prepared kernel nobody took; return the stopping threads to join."""
        threads = []
        if self.next is not None:
            try:
                threads.append(stop_kernel(self.next.result()))
            except Exception:  # noqa: BLE001 - a kernel that failed to start needs no stopping
                pass
        self.pool.shutdown(wait=True)
        if self.server is not None:
            self.server.stop()
        return threads


def stop_kernel(km) -> threading.Thread:
    """Shut a kernel down in the background; the build does not wait for it."""
    def stop():
        from jupyter_core.utils import run_sync

        try:
            run_sync(km.shutdown_kernel)(now=True)
        except Exception:  # noqa: BLE001 - a kernel that is already gone is fine
            kill_kernel(km)
        km.pakiran_stopped = True
        shutil.rmtree(getattr(km, "pakiran_sockets", ""), ignore_errors=True)
    thread = threading.Thread(target=stop, daemon=False)
    thread.start()
    return thread


@dataclass
class Failure:
    """Where and how a notebook failed: cell is the 1-based position in the executed notebook."""

    cell: int | None
    first_line: str
    error: str


def _first_line(source: str) -> str:
    source = source.strip()
    return source.splitlines()[0] if source else ""


def one_line(text: str) -> str:
    """The first non-blank line of a message."""
    return next((line.strip() for line in str(text).splitlines() if line.strip()), "")


def check_notebook(notebook: Path) -> str | None:
    """Why the file is not a notebook papermill can run, in one line (None if it is one)."""
    import nbformat

    try:
        text = notebook.read_text(encoding="utf-8")
        json.loads(text)
    except UnicodeDecodeError as exc:
        return f"{notebook.name} is not UTF-8 text ({exc.reason} at byte {exc.start})"
    except json.JSONDecodeError as exc:
        return f"{notebook.name} is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"
    except OSError as exc:
        return f"cannot read {notebook.name}: {exc.strerror or exc}"
    try:
        nbformat.validate(nbformat.reads(text, as_version=4))
    except Exception as exc:  # noqa: BLE001 - nbformat raises several kinds; all mean "not a notebook"
        return f"{notebook.name} is not a valid notebook: {one_line(exc)}"
    return None


def _error(ename: str, evalue: str) -> str:
    """How a notebook's exception is reported: a data error with all its problem lines, else one line."""
    if ename == "DataError":
        return f"data error: {evalue.strip()}"
    return one_line(f"{ename}: {evalue}")


def keep_partial(site: Path, name: str, nb=None) -> None:
    """Save (or shrink) the partly executed notebook at site/name, its outputs capped like the pages'."""
    import nbformat

    from .outputs import CapOutputs

    path = inside(site, name)
    if nb is None:
        if not path.is_file() or path.stat().st_size < 1_000_000:
            return
        nb = nbformat.read(str(path), as_version=4)
    nb, _ = CapOutputs().preprocess(nb, {})
    write_atomic(site, name, nbformat.writes(nb).encode("utf-8"))


def execute(notebook: Path, site: Path, partial: str, parameters: dict, km, cell_timeout: float,
            notebook_timeout: float) -> tuple[object | None, Failure | None]:
    """Execute notebook; on failure keep what ran at site/partial. Returns (notebook, None) or (None, failure)."""
    import papermill
    from nbclient.exceptions import CellTimeoutError, DeadKernelError
    from papermill.exceptions import PapermillExecutionError

    output = inside(site, partial)

    timed_out = threading.Event()
    seen: dict = {}  # nbclient's hooks record the notebook being run and the cell it started last

    def on_timeout():
        timed_out.set()
        kill_kernel(km)

    def stopped(error: str) -> tuple[None, Failure]:
        """Keep what ran for debugging and say which cell was running."""
        if "nb" in seen:
            keep_partial(site, partial, seen["nb"])
        cell = seen.get("index")
        return None, Failure(cell + 1 if cell is not None else None, _first_line(seen.get("source", "")), error)

    timer = threading.Timer(notebook_timeout, on_timeout)
    timer.daemon = True
    timer.start()
    try:
        nb = papermill.execute_notebook(
            str(notebook), str(output), parameters=parameters, km=km, kernel_name="python3", progress_bar=False,
            log_output=False, request_save_on_cell_execute=False, execution_timeout=cell_timeout,
            record_timing=False, cwd=str(notebook.parent),
            on_notebook_start=lambda notebook: seen.update(nb=notebook),
            on_cell_start=lambda cell, cell_index: seen.update(index=cell_index, source=cell.source))
        return nb, None
    except PapermillExecutionError as exc:
        keep_partial(site, partial)
        return None, Failure(exc.cell_index + 1, _first_line(exc.source), _error(exc.ename, exc.evalue))
    except CellTimeoutError:
        return stopped(f"cell timed out after {cell_timeout:g} s")
    except DeadKernelError:
        if timed_out.is_set():
            return stopped(f"notebook timed out after {notebook_timeout:g} s")
        return stopped("the kernel died")
    except Exception as exc:  # noqa: BLE001 - any other failure is reported, not raised
        return stopped(one_line(f"{type(exc).__name__}: {exc}"))
    finally:
        timer.cancel()
