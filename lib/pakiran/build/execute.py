"""Worker side: run one notebook with papermill on a kernel started ahead of need."""
from __future__ import annotations

import os
import shutil
import signal
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

# Run by each kernel before its notebook, while the worker is still busy elsewhere: import the
# heavy modules, load (and validate) the data once, and draw one figure to fill the font caches.
# Silent, so it leaves no output and no execution count in the notebook.
WARM_UP = """
import pandas, matplotlib.pyplot, pakiran, pakiran.charts, pakiran.maps, pakiran.query
from pakiran.display import png_bytes as _png
pakiran.tables()
_png(pakiran.bars(pandas.Series([1], index=["warm"]), caption="warm-up"))
pakiran.reset_citations()
del _png
"""


async def _start(cwd: Path):
    from jupyter_client.manager import AsyncKernelManager

    # Local IPC sockets in a private folder: nothing listens on the network.
    sockets = tempfile.mkdtemp(prefix="pakiran-kernel-")
    km = AsyncKernelManager(kernel_name="python3", transport="ipc", ip=os.path.join(sockets, "kernel"))
    km.pakiran_sockets = sockets
    await km.start_kernel(cwd=str(cwd))
    client = km.client()
    client.start_channels()
    try:
        await client.wait_for_ready(timeout=60)
        client.execute(WARM_UP, silent=True, store_history=False)
        await client.get_shell_msg(timeout=120)
    finally:
        client.stop_channels()
    return km


def start_kernel(cwd: Path):
    """Start a python3 kernel (asynchronous manager, as nbclient expects) and let it import the
    heavy modules; returns when it is warm. Workers call this in a background thread."""
    import asyncio

    return asyncio.run(_start(cwd))


def kill_kernel(km) -> None:
    """Kill the kernel process at once (used when a notebook runs past its time limit)."""
    pid = getattr(km.provisioner, "pid", None) if km.provisioner else None
    if pid:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


class KernelSupply:
    """Keeps one warm kernel starting in the background, ahead of need."""

    def __init__(self, cwd: Path):
        from concurrent.futures import ThreadPoolExecutor

        self.cwd = cwd
        self.pool = ThreadPoolExecutor(max_workers=1)
        self.next = None

    def prepare(self) -> None:
        """Start warming a kernel for the next notebook."""
        if self.next is None:
            self.next = self.pool.submit(start_kernel, self.cwd)

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
        return threads


def stop_kernel(km) -> threading.Thread:
    """Shut a kernel down in the background; the build does not wait for it."""
    def stop():
        from jupyter_core.utils import run_sync

        try:
            run_sync(km.shutdown_kernel)(now=True)
        except Exception:  # noqa: BLE001 - a kernel that is already gone is fine
            kill_kernel(km)
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


def execute(notebook: Path, output: Path, parameters: dict, km, cell_timeout: float,
            notebook_timeout: float) -> tuple[object | None, Failure | None]:
    """Execute notebook into output (saved after every cell). Returns (notebook, None) or (None, failure)."""
    import papermill
    from nbclient.exceptions import CellTimeoutError, DeadKernelError
    from papermill.exceptions import PapermillExecutionError

    timed_out = threading.Event()
    seen: dict = {}  # nbclient's hooks record the notebook being run and the cell it started last

    def on_timeout():
        timed_out.set()
        kill_kernel(km)

    def stopped(error: str) -> tuple[None, Failure]:
        """Keep what ran for debugging and say which cell was running."""
        if "nb" in seen:
            import nbformat

            nbformat.write(seen["nb"], str(output))
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
        return None, Failure(exc.cell_index + 1, _first_line(exc.source), f"{exc.ename}: {exc.evalue}".strip())
    except CellTimeoutError:
        return stopped(f"cell timed out after {cell_timeout:g} s")
    except DeadKernelError:
        if timed_out.is_set():
            return stopped(f"notebook timed out after {notebook_timeout:g} s")
        return stopped("the kernel died")
    except Exception as exc:  # noqa: BLE001 - any other failure is reported, not raised
        return stopped(f"{type(exc).__name__}: {exc}")
    finally:
        timer.cancel()
