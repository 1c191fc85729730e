"""One build at a time per site folder: an fcntl lock on site/.build/lock, which holds the PID."""
from __future__ import annotations

import fcntl
import os
from contextlib import contextmanager
from pathlib import Path

from .files import inside

NAME = Path(".build") / "lock"


class Busy(RuntimeError):
    """Another build holds the lock of this site folder."""


@contextmanager
def site_lock(site: Path):
    """Hold the site's lock for the duration; raise Busy at once, naming the holder's PID, if taken.

    The lock belongs to the open file, so forked workers keep it until the last of them ends.
    """
    path = inside(site, NAME)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode(errors="replace").strip() or "unknown"
            raise Busy(f"another build (PID {holder}) is running on {site}; wait for it to finish") from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield
    finally:
        os.close(fd)
