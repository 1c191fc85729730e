"""Worker side: render an executed notebook as student and teacher pages and downloads.

Outputs are capped (see outputs.py). The pages come with an empty slot for the stylesheet; the
build fills it and passes every page through the link guard (restyle.py, links.py), whatever the
notebook, its outputs or the template put into it.
"""
from __future__ import annotations

import base64
import copy
import html
import io
import re

from .autograder import clear_hidden_tests
from .glossary import link_terms, read_terms
from .outputs import CapOutputs
from .restyle import STYLE_SLOT
from .search import page_parts
from .site import TEMPLATES, edition_nav
from .teaching import TEACHER_ONLY

EDITIONS = ("student", "teacher")
HIDE_INPUT = "hide-input"
_INLINE_PNG = re.compile(r'<img src="data:image/png;base64,([A-Za-z0-9+/=]+)"')


def _strip_run_metadata(nb) -> None:
    """Drop what differs between runs (papermill timings and paths) so equal inputs give equal files."""
    nb.metadata.pop("papermill", None)
    for cell in nb.cells:
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell.id = "injected-parameters"  # papermill gives it a random id


def _parameters_once(nb):
    """A copy of nb whose page shows its parameters once: the values this page was run with
    (papermill's injected cell) rather than also the defaults they replaced."""
    tags = [cell.metadata.get("tags", []) for cell in nb.cells]
    if not any("injected-parameters" in t for t in tags):
        return nb
    shown = copy.copy(nb)
    shown.cells = [cell for cell, t in zip(nb.cells, tags) if "parameters" not in t]
    return shown


def kept_run(nb) -> bytes:
    """The executed notebook as the build keeps it for rendering: no run metadata, outputs capped."""
    import nbformat

    _strip_run_metadata(nb)
    nb, _ = CapOutputs().preprocess(nb, {})
    return nbformat.writes(nb).encode("utf-8")


# The start tags of cell inputs and outputs as nbconvert's lab template writes them (see PageExporter).
_FOCUSABLE = re.compile(r'<div class="(?:jp-Cell-inputWrapper|[^"<>]*\bjp-OutputArea-output\b[^"<>]*)"')


def focusable(page: str) -> str:
    """page with tabindex="0" on every cell input and output, so that keyboard users can reach and
    scroll them (what nbconvert's HTMLExporter does with a BeautifulSoup pass over the page).

    >>> focusable('<div class="jp-Cell-inputWrapper"><div class="jp-RenderedText jp-OutputArea-output" data-x>')
    '<div class="jp-Cell-inputWrapper" tabindex="0"><div class="jp-RenderedText jp-OutputArea-output" tabindex="0" data-x>'
    """
    return _FOCUSABLE.sub(lambda m: m.group(0) + ' tabindex="0"', page)


def _page_exporter():
    """nbconvert's HTMLExporter without its BeautifulSoup pass over the finished page.

    That pass parses and writes out again the whole page (inline figures included), about 40 % of
    the time a page takes to render, to add two things: a placeholder alt text on images without
    one (every image on these pages has its own, written by the template) and tabindex="0" on cell
    inputs and outputs, which focusable() adds to the tags the template writes.
    """
    from nbconvert import HTMLExporter
    from nbconvert.exporters.templateexporter import TemplateExporter
    from nbconvert.filters.highlight import Highlight2HTML
    from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter

    class PageExporter(HTMLExporter):
        def from_notebook_node(self, nb, resources=None, **kw):
            langinfo = nb.metadata.get("language_info", {})
            lexer = langinfo.get("pygments_lexer", langinfo.get("name", None))
            self.register_filter("highlight_code",
                                 self.filters.get("highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=self)))
            resources = self._init_resources(resources)
            self.register_filter("filter_data_type",
                                 WidgetsDataTypeFilter(notebook_metadata=self._nb_metadata, parent=self,
                                                       resources=resources))
            page, resources = TemplateExporter.from_notebook_node(self, nb, resources, **kw)
            return focusable(page), resources

    return PageExporter


class Renderer:
    """HTML exporters for both editions, created once per worker and reused for every notebook."""

    def __init__(self) -> None:
        from nbconvert.preprocessors import TagRemovePreprocessor

        self.exporters = {}
        exporter_class = _page_exporter()
        for edition in EDITIONS:
            exporter = exporter_class(template_name="pakiran", extra_template_basedirs=[str(TEMPLATES)])
            exporter.register_preprocessor(TagRemovePreprocessor(
                remove_cell_tags=TEACHER_ONLY if edition == "student" else set(),
                remove_input_tags={HIDE_INPUT}, enabled=True), enabled=True)
            if edition == "student":
                exporter.register_preprocessor(clear_hidden_tests(), enabled=True)
            self.exporters[edition] = exporter
        self.strip_solutions = TagRemovePreprocessor(remove_cell_tags=TEACHER_ONLY, enabled=True)
        self.clear_tests = clear_hidden_tests()
        self.cap = CapOutputs()
        self.selfcheck = (TEMPLATES / "site" / "selfcheck.js").read_text(encoding="utf-8")
        self.terms = None                      # the glossary, read on first use from the data being built
        self.search = {edition: page_parts(edition) for edition in EDITIONS}

    def render(self, nb, title: str, nav: dict, capped: bool = False) -> tuple[dict[str, str], dict[str, bytes]]:
        """(pages, downloads) of both editions, keyed by edition, with every output capped (capped:
        nb is a kept_run notebook, already capped once; a second cut would cut the first's note)."""
        _strip_run_metadata(nb)
        if not capped:
            nb, _ = self.cap.preprocess(nb, {})
        return self.pages(nb, title, nav), self.downloads(nb)

    def pages(self, nb, title: str, nav: dict) -> dict[str, str]:
        """HTML of both editions, keyed by edition, each with the stylesheet's slot (restyle.styled
        fills it and passes the page through the link guard)."""
        from ..citations import link_back
        from ..paths import data_dir

        if self.terms is None:
            self.terms = read_terms(data_dir())
        _strip_run_metadata(nb)
        nb = _parameters_once(nb)
        nb.metadata["title"] = title
        out = {}
        for edition in EDITIONS:
            resources = {"pakiran": {**edition_nav(nav, edition), "edition": edition, "css": STYLE_SLOT, "title": title,
                                     "selfcheck": self.selfcheck,
                                     **self.search[edition]},
                         "metadata": {"name": title}}
            body, _ = self.exporters[edition].from_notebook_node(copy.deepcopy(nb), resources=resources)
            out[edition] = link_terms(link_back(body), self.terms)
        return out

    def downloads(self, nb) -> dict[str, bytes]:
        """The executed notebook for each edition; the student's has no solution or instructor-note cells
        and no hidden tests."""
        import nbformat

        _strip_run_metadata(nb)
        student, _ = self.strip_solutions.preprocess(copy.deepcopy(nb), {})
        student, _ = self.clear_tests.preprocess(student, {})
        return {"teacher": nbformat.writes(nb).encode("utf-8"), "student": nbformat.writes(student).encode("utf-8")}


COVER = "cover"
_ALT = re.compile(r'<img src="data:image/png;base64,[A-Za-z0-9+/=]+" alt="([^"]*)"')


def cover_figure(nb) -> tuple[bytes | None, str]:
    """The report's cover for the index, with its alt text: the first PNG of a cell tagged `cover`,
    else the first PNG among the notebook's outputs (a PNG output or one inside HTML)."""
    cells = sorted(nb.cells, key=lambda c: COVER not in c.get("metadata", {}).get("tags", []))
    for cell in cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "image/png" in data:
                return base64.b64decode(data["image/png"]), ""
            found = _INLINE_PNG.search(data.get("text/html", ""))
            if found:
                alt = _ALT.search(data["text/html"])
                return base64.b64decode(found.group(1)), html.unescape(alt.group(1)) if alt else ""
    return None, ""


def thumbnail(png: bytes, width: int = 640) -> bytes:
    """A smaller copy of a PNG for the index page."""
    from PIL import Image

    image = Image.open(io.BytesIO(png))
    height = max(1, round(image.height * width / image.width))
    small = image.convert("RGB").resize((width, height), Image.LANCZOS)
    buffer = io.BytesIO()
    small.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
