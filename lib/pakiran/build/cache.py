"""Decide what to rebuild from hashes of everything that can change a page."""
from __future__ import annotations

import hashlib
import json
from importlib import metadata
from pathlib import Path

from .config import Report

PACKAGES = ("papermill", "nbconvert", "nbclient", "nbformat", "ipykernel", "pandas", "matplotlib", "numpy")
LIBRARY = Path(__file__).resolve().parents[1]


def _hash_tree(digest, folder: Path, suffixes: tuple[str, ...] | None = None) -> None:
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        if suffixes and path.suffix not in suffixes:
            continue
        digest.update(path.relative_to(folder).as_posix().encode())
        digest.update(path.read_bytes())


def shared_key(data_dir: Path) -> str:
    """Hash of what every report depends on: data, library, template, key package versions."""
    digest = hashlib.sha256()
    _hash_tree(digest, data_dir)
    _hash_tree(digest, LIBRARY, (".py", ".j2", ".json", ".css"))
    for name in PACKAGES:
        try:
            digest.update(f"{name}=={metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name} missing".encode())
    return digest.hexdigest()


def report_key(report: Report, shared: str) -> str:
    """Hash of one report's inputs: its notebook, its parameters and the shared inputs."""
    digest = hashlib.sha256(shared.encode())
    digest.update(report.notebook.read_bytes())
    digest.update(json.dumps(report.parameters, sort_keys=True).encode())
    return digest.hexdigest()


class Cache:
    """Keys of the last good build of each page, kept in a JSON file beside the site."""

    def __init__(self, path: Path):
        self.path = path
        try:
            self.keys = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.keys = {}

    def fresh(self, name: str, key: str, outputs: list[Path]) -> bool:
        return self.keys.get(name) == key and all(p.is_file() for p in outputs)

    def record(self, name: str, key: str) -> None:
        self.keys[name] = key

    def save(self) -> None:
        from .files import write_atomic

        self.path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(self.path, json.dumps(self.keys, indent=1, sort_keys=True).encode())
