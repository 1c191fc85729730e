"""A fork server for kernels, one per build worker.

Started once (``python -m pakiran.build.forkserver SOCKET REAPER``), it imports ipykernel, pandas,
matplotlib and pakiran, loads the data and draws one figure, then listens on a Unix socket. For
each request it forks a child that starts a fresh IPython kernel on the given connection file, so
every notebook still runs in a new process of its own, without paying for the imports.

The server holds no threads when it forks (it refuses to fork otherwise). The child starts a new
session, reseeds the random generators, takes the kernel's environment and working folder, and
on Linux is handed to the worker (REAPER, a child subreaper): the fork server forks twice, so the
kernel's parent is the worker, as for a kernel started the ordinary way, and it ends with it.
"""
from __future__ import annotations

import json
import os
import signal
import socket
import sys
import time
import traceback

INLINE = "module://matplotlib_inline.backend_inline"
LINUX = sys.platform.startswith("linux")


def available() -> bool:
    """True where kernels can be forked: Linux and macOS."""
    return hasattr(os, "fork") and (LINUX or sys.platform == "darwin")


def threads() -> int:
    """Threads of this process (the OS's count where it shows it, else Python's)."""
    try:
        return len(os.listdir("/proc/self/task"))
    except OSError:
        import threading

        return threading.active_count()


def warm() -> None:
    """Import what kernels and notebooks need, load the data and fill the font caches, before any fork."""
    os.environ.setdefault("MPLBACKEND", INLINE)      # as ipykernel sets it, before matplotlib is imported
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # OpenBLAS would start a thread pool at import
    import ipykernel.ipkernel  # noqa: F401
    import ipykernel.kernelapp  # noqa: F401
    import matplotlib.pyplot  # noqa: F401
    import numpy  # noqa: F401
    import pandas

    import pakiran
    import pakiran.charts
    import pakiran.maps  # noqa: F401
    import pakiran.query  # noqa: F401
    from pakiran.display import png_bytes

    try:
        pakiran.data_tables()
        png_bytes(pakiran.bars(pandas.Series([1], index=["warm"]), caption="warm-up"))
    except Exception:  # noqa: BLE001 - bad data is the notebook's to report, in its own kernel
        pass
    pakiran.reset_citations()


def _become_kernel(request: dict, server: int) -> None:
    """In the forked child: wait to be the worker's, then run an IPython kernel until it shuts down.

    No parent-death signal here: Linux sends it when the parent *thread* ends, and a kernel handed
    to the worker may be given any of its threads; ipykernel's parent poller ends it instead.
    """
    reaper = request.get("reaper")
    if LINUX and reaper:
        deadline = time.monotonic() + 10
        while os.getppid() != reaper and time.monotonic() < deadline:
            time.sleep(0.001)                        # until the middle process has exited
        if os.getppid() != reaper:
            os._exit(70)
    os.setsid()
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGCHLD, signal.SIGPIPE):
        signal.signal(signum, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    import random

    import numpy

    random.seed()
    numpy.random.seed()
    os.environ.clear()
    os.environ.update(request["env"])
    os.environ["PAKIRAN_FORKED_FROM"] = str(server)
    os.environ["JPY_PARENT_PID"] = str(os.getppid())  # the kernel ends when its parent does (ipykernel's poller)
    os.chdir(request["cwd"])
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.close(null)
    from ipykernel.kernelapp import IPKernelApp

    sys.argv = ["ipykernel_launcher", *request["args"]]
    app = IPKernelApp.instance(parent_handle=int(os.environ.get("JPY_PARENT_PID") or 0))  # its default was read
    app.initialize(request["args"])                                                    # before the fork
    inline = sys.modules.get("matplotlib_inline.backend_inline")
    if inline is not None:
        inline._enable_matplotlib_integration()  # what importing the backend does in an ordinary kernel
    display = sys.modules.get("pakiran.display")
    if display is not None:
        display.install_formatter()              # what importing pakiran does there: one PNG per figure
    app.start()


def fork_kernel(request: dict, listener: socket.socket, conn: socket.socket) -> dict:
    """Fork a kernel for request; returns {"pid": ...} or {"error": ...}."""
    count = threads()
    if count != 1:
        return {"error": f"the fork server holds {count} threads; it forks only with one"}
    server = os.getpid()
    read, write = os.pipe()
    middle = os.fork()
    if middle == 0:
        code = 0
        try:
            os.close(read)
            listener.close()
            conn.close()
            if LINUX and request.get("reaper"):
                child = os.fork()
                if child:
                    os.write(write, str(child).encode())  # and exit: the kernel passes to the worker
                    os._exit(0)
            else:
                os.write(write, str(os.getpid()).encode())
            os.close(write)
            _become_kernel(request, server)
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 0
        except BaseException:  # noqa: BLE001 - a child must never return into the server's loop
            traceback.print_exc()
            code = 1
        os._exit(code)
    os.close(write)
    with os.fdopen(read, "rb") as fh:
        pid = fh.read().decode() or "0"
    if LINUX and request.get("reaper"):
        os.waitpid(middle, 0)                        # elsewhere _reap collects it
    return {"pid": int(pid)} if int(pid) else {"error": "the forked child did not start"}


def _reap(signum, frame) -> None:
    """Where kernels stay the server's children (no subreaper), collect them as they end."""
    try:
        while os.waitpid(-1, os.WNOHANG)[0]:
            pass
    except ChildProcessError:
        pass


def serve(path: str, reaper: int) -> None:
    """Warm up, then answer requests on the Unix socket at path until killed."""
    from .lifetime import die_with_parent

    signal.signal(signal.SIGINT, signal.SIG_IGN)     # Ctrl-C is the build's to handle
    die_with_parent(signal.SIGKILL)
    if reaper and os.getppid() != reaper:
        return
    warm()
    if not (LINUX and reaper):
        signal.signal(signal.SIGCHLD, _reap)        # kernels stay this server's children
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path + ".new")
    listener.listen(16)
    os.rename(path + ".new", path)                   # the socket appears once it accepts
    while True:
        conn, _ = listener.accept()
        with conn:
            try:
                request = json.loads(conn.makefile("rb").readline())
                if request.get("status"):
                    reply = {"pid": os.getpid(), "threads": threads()}
                else:
                    reply = fork_kernel(request, listener, conn)
            except Exception as exc:  # noqa: BLE001 - one bad request must not end the server
                reply = {"error": f"{type(exc).__name__}: {exc}"}
            try:
                conn.sendall(json.dumps(reply).encode() + b"\n")
            except OSError:
                pass


def request(path: str, message: dict, timeout: float = 30) -> dict:
    """Send one request to the fork server at path and return its answer (OSError if it is gone)."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
        conn.settimeout(timeout)
        conn.connect(path)
        conn.sendall(json.dumps(message).encode() + b"\n")
        line = conn.makefile("rb").readline()
    if not line:
        raise ConnectionError("the fork server closed the connection without answering")
    return json.loads(line)


if __name__ == "__main__":
    serve(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 0)
