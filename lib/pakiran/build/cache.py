"""Decide what to run and what to render again from hashes of everything that can change a page."""
from __future__ import annotations

import hashlib
import json
from importlib import metadata
from pathlib import Path

from .config import Report
from .files import inside, remove, write_atomic

# Three levels: a report's executed notebook is kept under its execution key; its rendered pages
# (an empty slot for the stylesheet, see restyle.py) under a render key made of the execution key and
# what turns a notebook into pages; its pages under a page key, the render key and the stylesheet.
# A change of a template renders the pages again from the kept notebooks without running any of
# them; a change of the CSS alone only puts the new stylesheet into the kept rendered pages.
EXECUTION_PACKAGES = ("papermill", "nbclient", "nbformat", "ipykernel", "jupyter_client", "pandas", "matplotlib",
                      "numpy")
RENDER_PACKAGES = ("nbconvert", "nbformat", "nbgrader", "mistune", "jinja2", "pillow")
LIBRARY = Path(__file__).resolve().parents[1]
BUILD = Path(__file__).resolve().parent
TEMPLATES = LIBRARY / "templates"
EXECUTION_CODE = ("execute.py", "forkserver.py", "provisioner.py")  # the build code a kernel's outputs depend on
FOLDER = Path(".build") / "cache"
EXECUTED = Path(".build") / "executed"
HANDOUT_ONLY = (BUILD / "pdf.py", BUILD / "handouts.py", TEMPLATES / "pdf")  # PDF code: in the PDFs' own key
STYLESHEET = TEMPLATES / "pakiran" / "style.css"  # in the page key, not the render key


def _hash_tree(digest, folder: Path, suffixes: tuple[str, ...] | None = None, skip: tuple[Path, ...] = ()) -> None:
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        name = path.relative_to(folder).as_posix()
        if (suffixes and path.suffix not in suffixes) or any(path.is_relative_to(s) for s in skip):
            continue
        digest.update(name.encode())
        digest.update(path.read_bytes())


def _versions(digest, names: tuple[str, ...]) -> None:
    for name in names:
        try:
            digest.update(f"{name}=={metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name} missing".encode())


def execution_shared_key(data_dir: Path) -> str:
    """Hash of what every notebook's run depends on: data, the library the notebooks import, the
    build code that starts and warms kernels, and the versions of the packages that run them."""
    digest = hashlib.sha256(b"execute")
    _hash_tree(digest, data_dir)
    _hash_tree(digest, LIBRARY, (".py", ".json", ".csv"), skip=(BUILD, TEMPLATES))
    for name in EXECUTION_CODE:
        if (BUILD / name).is_file():
            digest.update(name.encode() + (BUILD / name).read_bytes())
    _versions(digest, EXECUTION_PACKAGES)
    return digest.hexdigest()


def render_shared_key() -> str:
    """Hash of what turns an executed notebook into pages: templates, CSS, scripts, the build code
    (edition rules, renderer, link guard) and the versions of the packages that render."""
    digest = hashlib.sha256(b"render")
    _hash_tree(digest, TEMPLATES, skip=(*HANDOUT_ONLY, STYLESHEET))
    _hash_tree(digest, BUILD, (".py",), skip=HANDOUT_ONLY)
    _versions(digest, RENDER_PACKAGES)
    return digest.hexdigest()


def execution_key(report: Report, shared: str) -> str:
    """Hash of one report's run: its notebook and parameters, and the shared execution inputs."""
    digest = hashlib.sha256(shared.encode())
    digest.update(report.notebook.read_bytes())
    digest.update(json.dumps(report.parameters, sort_keys=True, default=str).encode())
    return digest.hexdigest()


def render_key(executed: str, shared: str, report: Report, nav: dict | None = None) -> str:
    """Hash of one report's pages: its execution key, its title and links, the shared render inputs."""
    digest = hashlib.sha256(f"{executed}:{shared}".encode())
    digest.update(json.dumps([report.title, nav], sort_keys=True, default=str).encode())
    return digest.hexdigest()


def page_key(rendered: str, css: str) -> str:
    """Hash of one report's pages as written: its render key and the stylesheet put into them."""
    return hashlib.sha256(f"page:{rendered}:".encode() + css.encode("utf-8")).hexdigest()


def index_key(keys: list[str]) -> str:
    """Hash of the index's inputs: the page keys of every report it lists, in order."""
    return hashlib.sha256("index:".join(keys).encode()).hexdigest()


class Cache:
    """The key of the last good build of each page set, one small file per name in site/.build/cache/
    (executed notebooks: Cache(site, EXECUTED), beside each notebook in site/.build/executed/).

    A builder forgets a name's key before it writes that name's pages and records the new key only
    after every page is in place, so a key never vouches for pages it did not make.
    """

    def __init__(self, site: Path, folder: Path = FOLDER):
        self.site, self.folder = site, folder

    def _entry(self, name: str) -> Path:
        return self.folder / f"{name}.key"

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
