"""Every file the build writes goes through here: it must lie inside the site folder, and it is
written atomically, so a reader (or a killed build) sees the old file or the new one, never half."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path


class OutsideSite(ValueError):
    """A path the build was asked to write lies outside the site folder."""


def inside(site: Path, *parts: str | Path) -> Path:
    """site/parts..., refused unless it resolves to a path inside site (no '..', no absolute parts, no links out)."""
    root = Path(site).resolve()
    path = root.joinpath(*parts).resolve()
    if path == root or not path.is_relative_to(root):
        raise OutsideSite(f"refusing to write {Path(*parts)} outside the site folder {site}")
    return path


def write_atomic(site: Path, name: str | Path, data: bytes) -> Path:
    """Write data to site/name: a temporary file beside it, flushed to disk, then renamed over it."""
    path = inside(site, name)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def write_if_changed(site: Path, name: str | Path, data: bytes) -> bool:
    """write_atomic, unless site/name already holds exactly data; True if the file was written."""
    path = inside(site, name)
    if path.is_file() and path.read_bytes() == data:
        return False
    write_atomic(site, name, data)
    return True


def remove(site: Path, name: str | Path) -> None:
    """Delete site/name if it exists."""
    inside(site, name).unlink(missing_ok=True)
