"""Print a built report page to a PDF handout with headless Chromium.

A4, a title page (the report's title and learning objectives, from its cover cell), page numbers,
the print stylesheet in light colours, folded lists open, links kept (those into other files of the
site are dropped: they would name the folder the PDF was made in). Every request that is not for a
file is blocked. One browser serves every PDF of a build.
"""
from __future__ import annotations

import functools
import hashlib
import html
import os
from pathlib import Path

from .site import TEMPLATES

CHROMIUM = Path(os.environ.get("PAKIRAN_CHROMIUM", "/usr/bin/chromium"))
# The launch flags for headless Chromium here; the browser tests, screenshots and benchmarks use them too.
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
FOLDER = TEMPLATES / "pdf"
MARGIN = {"top": "16mm", "bottom": "18mm", "left": "17mm", "right": "17mm"}
TIMEOUT_MS = 60_000
FOOTER = ('<div style="width:100%; margin: 0 17mm; font: 8pt Arial, \'DejaVu Sans\', sans-serif; color: #333; '
          'display: flex; justify-content: space-between;"><span>{title} · {edition} edition</span>'
          '<span>Page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>')

PREPARE = """title => {
  document.querySelectorAll('details').forEach(d => { d.open = true; });
  const main = document.querySelector('main') || document.body;
  const cover = [...main.querySelectorAll('.jp-MarkdownCell')].find(c => c.querySelector('h1'));
  if (cover) cover.classList.add('pk-cover-cell');
  main.insertAdjacentHTML('afterbegin', title);
  for (const a of document.querySelectorAll('a[href]')) {
    const url = new URL(a.getAttribute('href'), location.href);
    const here = url.pathname === location.pathname && url.hash;
    if (url.protocol === 'file:' && !here) a.removeAttribute('href');
  }
  return document.fonts.ready.then(() => true);
}"""


class PrintError(RuntimeError):
    """A page could not be printed; the message is one line."""


def version() -> str:
    """Hash of what makes a PDF besides its page: this module and the handout's template and CSS."""
    digest = hashlib.sha256(Path(__file__).read_bytes())
    for path in sorted(FOLDER.iterdir()):
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()


def _one_line(exc: BaseException) -> str:
    """An exception as one line (playwright's messages start with 'Error: ')."""
    from .execute import one_line

    return one_line(exc).removeprefix("Error: ").strip() or type(exc).__name__


@functools.cache
def _template():
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    env = Environment(loader=FileSystemLoader(str(FOLDER)), autoescape=select_autoescape(["j2"]))
    return env.get_template("title.html.j2")


def title_page(header, title: str, edition: str, parameters: dict | None = None) -> str:
    """HTML of the title page: the report's title, edition, summary, objectives, minutes and the
    parameters its page was built with."""
    from .site import inline_markdown

    built = ", ".join(f"{name.replace('_', ' ')} {value}" for name, value in (parameters or {}).items())
    return _template().render(
        title=title, edition=edition, parameters=built,
        summary=inline_markdown(header.summary) if header.summary else "",
        objectives=[inline_markdown(o) for o in header.objectives],
        reading_minutes=header.reading_minutes, exercise_minutes=header.exercise_minutes)


def _offline(route) -> None:
    if route.request.url.startswith(("file:", "data:")):
        route.continue_()
    else:
        route.abort()


class Printer:
    """One headless Chromium, started on first use and closed on exit; print() makes one PDF."""

    def __init__(self, executable: Path = CHROMIUM):
        self.executable = Path(executable)
        self.css = (FOLDER / "handout.css").read_text(encoding="utf-8")
        self._playwright = self._browser = None
        self._broken = ""

    def __enter__(self) -> Printer:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _start(self):
        if self._broken:
            raise PrintError(self._broken)
        if self._browser is None:
            from playwright.sync_api import sync_playwright

            if not self.executable.is_file():
                self._broken = f"Chromium not found at {self.executable} (apt-get install chromium)"
                raise PrintError(self._broken)
            try:
                self._playwright = sync_playwright().start()
                self._browser = self._playwright.chromium.launch(executable_path=str(self.executable), args=ARGS,
                                                                 headless=True)
            except Exception as exc:  # noqa: BLE001 - the driver or the browser would not start
                self.close()
                self._broken = f"Chromium at {self.executable} did not start: {_one_line(exc)}"
                raise PrintError(self._broken) from None
        return self._browser

    def print(self, page_path: Path, title_html: str, title: str, edition: str) -> bytes:
        """The PDF of the page at page_path, with the given title page in front."""
        from playwright.sync_api import Error

        if not page_path.is_file():
            raise PrintError(f"page not found: {page_path.name}")
        page = self._start().new_page(color_scheme="light")
        try:
            page.route("**/*", _offline)
            page.emulate_media(media="print", color_scheme="light")
            page.goto(page_path.resolve().as_uri(), wait_until="load", timeout=TIMEOUT_MS)
            page.add_style_tag(content=self.css)
            page.evaluate(PREPARE, title_html)
            footer = FOOTER.format(title=html.escape(title), edition=edition.capitalize())
            return page.pdf(format="A4", print_background=True, display_header_footer=True,
                            header_template="<span></span>", footer_template=footer, margin=MARGIN,
                            outline=True, tagged=True)
        except Error as exc:
            raise PrintError(_one_line(exc)) from None
        finally:
            page.close()

    def close(self) -> None:
        if self._browser is not None:
            try:
                self._browser.close()
            except Exception:  # noqa: BLE001 - it may be gone already
                pass
        if self._playwright is not None:
            self._playwright.stop()
        self._browser = self._playwright = None
