"""Tie build workers and kernels to their parent, so none outlives a build killed with -9."""
from __future__ import annotations

import os
import signal
import sys
import threading

PR_SET_PDEATHSIG = 1
PR_SET_CHILD_SUBREAPER = 36


def _prctl():
    if not sys.platform.startswith("linux"):
        return None
    import ctypes
    import ctypes.util

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        return libc.prctl
    except (OSError, AttributeError):
        return None


_PRCTL = _prctl()  # looked up once, so a child between fork and exec only makes the call


def die_with_parent(signum: int = signal.SIGKILL) -> bool:
    """Ask Linux to send signum to this process when its parent ends; True if it could."""
    return _PRCTL is not None and _PRCTL(PR_SET_PDEATHSIG, int(signum), 0, 0, 0) == 0


def become_subreaper() -> bool:
    """Ask Linux to make this process the parent of its orphaned descendants (forked kernels); True if it could."""
    return _PRCTL is not None and _PRCTL(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0


def kernel_preexec() -> None:
    """Run in a kernel's process before exec: die with the worker that started it."""
    die_with_parent(signal.SIGKILL)


def watch_parent(parent: int, on_gone, every: float = 1.0) -> threading.Thread:
    """Fallback where the parent-death signal is missing: call on_gone once the parent has changed."""
    def watch():
        stop = threading.Event()
        while not stop.wait(every):
            if os.getppid() != parent:
                on_gone()
                return
    thread = threading.Thread(target=watch, daemon=True, name="parent-watch")
    thread.start()
    return thread
