"""Full-text search of the site, offline: one list of documents per edition, shipped as a script.

Each document is one section (h1/h2/h3, or a glossary term) of a page, parsed from the rendered
HTML with the standard library's parser, plus one per event of data/events.csv. The student
documents come from the student pages only, which carry no solution cell. The lists are written
as site/search-student.js and site/search-teacher.js, each assigning the global PAKIRAN_SEARCH, so
that pages opened from file:// can load them with a script element (fetch and XHR fail there);
MiniSearch (vendored, see templates/vendor/VENDOR.md) indexes them in the browser when the reader
first uses the search box.
"""
from __future__ import annotations

import csv
import json
import re
from html.parser import HTMLParser
from pathlib import Path

from .config import Report
from .files import write_atomic
from .site import TEMPLATES, site_templates

EDITIONS = ("student", "teacher")
GLOSSARY = "glossary.html"
ASSETS = {"search.js": TEMPLATES / "site" / "search.js",
          "vendor/minisearch.js": TEMPLATES / "vendor" / "minisearch.js",
          "vendor/minisearch.LICENSE.txt": TEMPLATES / "vendor" / "minisearch.LICENSE.txt"}
HEADINGS = {"h1", "h2", "h3"}
BLOCKS = {"p", "div", "li", "ul", "ol", "table", "tr", "td", "th", "br", "section", "pre", "dt", "dd", "dl",
          "h1", "h2", "h3", "h4", "h5", "h6", "figure", "figcaption", "summary", "details", "blockquote", "hr"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
SKIP_TAGS = {"script", "style", "template", "svg", "button", "input", "select", "textarea", "nav"}
SKIP_CLASSES = {"anchor-link", "jp-InputArea-editor", "jp-InputPrompt", "jp-OutputPrompt", "pk-back", "pk-search",
                "self-check-answer", "self-check-feedback"}
_DATA_URL = re.compile(r"data:[a-z]+/[a-z0-9.+-]+;base64,[A-Za-z0-9+/=]+")
_SPACE = re.compile(r"\s+")


class _Sections(HTMLParser):
    """Text of <main> (or <body>) split at headings: [(heading, anchor, text)]."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []
        self.sections: list[list] = [["", "", []]]
        self.heading: list[str] | None = None
        self.heading_tag = ""
        self.in_main = False
        self.has_main = False
        self.title: list[str] = []
        self.in_title = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "title":
            self.in_title = True
        if tag == "main":
            self.in_main = self.has_main = True
        skipping = bool(self.stack and self.stack[-1][1])
        classes = set((attrs.get("class") or "").split())
        skip = (skipping or tag in SKIP_TAGS or bool(classes & SKIP_CLASSES) or "hidden" in attrs
                or attrs.get("data-mime-type") == "application/vnd.jupyter.stderr")
        if not skip and (tag in HEADINGS or (tag == "dt" and attrs.get("id"))):
            self.sections.append([None, attrs.get("id") or "", []])
            self.heading, self.heading_tag = [], tag
        if tag in BLOCKS:
            self._text(" ")
        if tag not in VOID:
            self.stack.append((tag, skip))

    def handle_endtag(self, tag):
        if tag == "title":
            self.in_title = False
        if tag == "main":
            self.in_main = False
        if tag in BLOCKS:
            self._text(" ")
        if tag == self.heading_tag and self.heading is not None:
            self.sections[-1][0] = _SPACE.sub(" ", "".join(self.heading)).strip()
            self.heading, self.heading_tag = None, ""
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data):
        if self.in_title:
            self.title.append(data)
        if self.stack and self.stack[-1][1]:
            return
        self._text(data)

    def _text(self, data: str) -> None:
        if self.has_main and not self.in_main:
            return
        if self.heading is not None:
            self.heading.append(data)
        self.sections[-1][2].append(data)


def sections(html: str) -> tuple[str, list[dict]]:
    """(page title, [{section, anchor, text}]) of one page; sections without text are left out."""
    parser = _Sections()
    parser.has_main = "<main" in html
    parser.feed(_DATA_URL.sub("", html))
    parser.close()
    title = _SPACE.sub(" ", "".join(parser.title)).strip()
    found = []
    for heading, anchor, parts in parser.sections:
        text = _SPACE.sub(" ", "".join(parts)).strip()
        if text:
            found.append({"section": heading or title, "anchor": anchor, "text": text})
    return title, found


def page_documents(html: str, page: str, title: str | None = None) -> list[dict]:
    """One search document per section of a page: page (file name), title, section, anchor, text."""
    page_title, found = sections(html)
    return [{"page": page, "title": title or page_title, **s} for s in found]


def event_documents(data_dir: Path) -> list[dict]:
    """One document per row of events.csv (title and summary), linking to its row on data/events.html."""
    path = data_dir / "events.csv"
    if not path.is_file():
        return []
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    return [{"page": "data/events.html", "title": "Events (data)", "section": row.get("title", ""),
             "anchor": f"row-{row.get('id', '')}", "text": f"{row.get('date', '')} {row.get('summary', '')}".strip()}
            for row in rows]


def documents(reports: list[Report], out: Path, data_dir: Path, edition: str) -> list[dict]:
    """Every search document of one edition: the listed reports' pages, the events, the glossary."""
    docs = []
    for report in reports:
        if report.custom:
            continue
        page = out / f"{report.name}.{edition}.html"
        if page.is_file():
            docs += page_documents(page.read_text(encoding="utf-8"), page.name, report.title)
    docs += event_documents(data_dir)
    glossary = out / GLOSSARY
    if glossary.is_file():
        docs += page_documents(glossary.read_text(encoding="utf-8"), GLOSSARY)
    return [{"id": n, **d} for n, d in enumerate(docs)]


def script(docs: list[dict], edition: str) -> bytes:
    """The documents as a script assigning window.PAKIRAN_SEARCH (loadable from file://)."""
    payload = json.dumps({"edition": edition, "documents": docs}, ensure_ascii=False, separators=(",", ":"))
    return f"window.PAKIRAN_SEARCH = {payload};\n".encode("utf-8")


def page_parts(edition: str) -> dict[str, str]:
    """The search box's markup and the loader script, for a report page of one edition."""
    return {"search_box": site_templates().get_template("search_box.html.j2").render(search_edition=edition),
            "search_loader": (TEMPLATES / "site" / "search_loader.js").read_text(encoding="utf-8")}


def write_search(reports: list[Report], out: Path, data_dir: Path) -> None:
    """site/search-student.js, site/search-teacher.js, the search script and MiniSearch."""
    for edition in EDITIONS:
        write_atomic(out, f"search-{edition}.js", script(documents(reports, out, data_dir, edition), edition))
    for name, source in ASSETS.items():
        data = source.read_bytes()
        target = out / name
        if not target.is_file() or target.read_bytes() != data:
            write_atomic(out, name, data)
