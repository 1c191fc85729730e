"""Decide what to rebuild from hashes of everything that can change a page."""
from __future__ import annotations

import hashlib
import json
from importlib import metadata
from pathlib import Path

from .config import Report
from .files import inside, remove, write_atomic

PACKAGES = ("papermill", "nbconvert", "nbclient", "nbformat", "ipykernel", "nbgrader", "pandas", "matplotlib", "numpy")
LIBRARY = Path(__file__).resolve().parents[1]
FOLDER = Path(".build") / "cache"
HANDOUT_ONLY = ("build/pdf.py", "build/handouts.py", "templates/pdf/")  # PDF code: in the PDFs' own key


def _hash_tree(digest, folder: Path, suffixes: tuple[str, ...] | None = None, skip: tuple[str, ...] = ()) -> None:
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        name = path.relative_to(folder).as_posix()
        if (suffixes and path.suffix not in suffixes) or name.startswith(skip):
            continue
        digest.update(name.encode())
        digest.update(path.read_bytes())


def shared_key(data_dir: Path) -> str:
    """Hash of what every report depends on: data, library, template, key package versions."""
    digest = hashlib.sha256()
    _hash_tree(digest, data_dir)
    _hash_tree(digest, LIBRARY, (".py", ".j2", ".json", ".css"), HANDOUT_ONLY)
    for name in PACKAGES:
        try:
            digest.update(f"{name}=={metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name} missing".encode())
    return digest.hexdigest()


def report_key(report: Report, shared: str, nav: dict | None = None) -> str:
    """Hash of one report's inputs: notebook, parameters, title, links to its neighbours, shared inputs."""
    digest = hashlib.sha256(shared.encode())
    digest.update(report.notebook.read_bytes())
    digest.update(json.dumps([report.parameters, report.title, nav], sort_keys=True, default=str).encode())
    return digest.hexdigest()


def index_key(keys: list[str]) -> str:
    """Hash of the index's inputs: the keys of every report it lists, in order."""
    return hashlib.sha256("index:".join(keys).encode()).hexdigest()


class Cache:
    """The key of the last good build of each page set, one small file per name in site/.build/cache/.

    A builder forgets a name's key before it writes that name's pages and records the new key only
    after every page is in place, so a key never vouches for pages it did not make.
    """

    def __init__(self, site: Path):
        self.site = site

    def _entry(self, name: str) -> Path:
        return FOLDER / f"{name}.key"

    def key(self, name: str) -> str | None:
        try:
            return inside(self.site, self._entry(name)).read_text(encoding="utf-8").strip()
        except OSError:
            return None

    def fresh(self, name: str, key: str, outputs: list[Path]) -> bool:
        return self.key(name) == key and all(p.is_file() for p in outputs)

    def forget(self, name: str) -> None:
        remove(self.site, self._entry(name))

    def record(self, name: str, key: str) -> None:
        write_atomic(self.site, self._entry(name), key.encode())
