"""PDF handouts of the report pages: which are stale, making them, and the links to them.

A PDF's key is a hash of its page's bytes and the PDF code's version (pdf.version), kept in the
cache as `<page>.pdf`. A PDF is made again only when its key changed; a failure leaves the last
good PDF in place. A page links to its PDF ("PDF handout", in its navigation) only while the PDF
was made from the page as it is now; the link itself is left out of the key.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from .cache import Cache
from .config import Report
from .files import inside, write_atomic
from .header import header_or_title

EDITIONS = ("student", "teacher")
MARKER = "<!--pk-pdf-->"
_LINKED = re.compile(r'<!--pk-pdf--><a class="pk-pdf" href="[^"<>]*">PDF handout</a>')


@dataclass
class Failure:
    report: str
    edition: str
    error: str
    kept: bool          # an earlier PDF of this page is still there


def pdf_name(page: str) -> str:
    """'03_x.student.html' -> '03_x.student.pdf'."""
    return page.removesuffix(".html") + ".pdf"


def _link(page: str) -> str:
    return f'{MARKER}<a class="pk-pdf" href="{pdf_name(page)}">PDF handout</a>'


def pdf_key(page: str, html: str, version: str) -> str:
    """Hash of the page as the renderer wrote it (without its PDF link) and the PDF code's version."""
    bare = _LINKED.sub(MARKER, html)
    return hashlib.sha256(f"{version}\n{page}\n{bare}".encode()).hexdigest()


def make_handouts(out: Path, reports: list[Report], executable: Path | None = None) -> tuple[int, int, list[Failure]]:
    """Make the PDF of each report's pages whose key changed; return (made, up to date, failures)."""
    from .pdf import CHROMIUM, Printer, PrintError, title_page, version

    cache, code = Cache(out), version()
    made, current, failures = 0, 0, []
    with Printer(executable or CHROMIUM) as printer:
        for report in reports:
            for edition in EDITIONS:
                page = f"{report.name}.{edition}.html"
                pdf = pdf_name(page)
                try:
                    if not inside(out, page).is_file():
                        raise PrintError(f"page not found: {page} (build the report first)")
                    key = pdf_key(page, inside(out, page).read_text(encoding="utf-8"), code)
                    if cache.fresh(pdf, key, [inside(out, pdf)]):
                        current += 1
                        continue
                    header = header_or_title(report.notebook, report.title)
                    cover = title_page(header, report.title, edition, report.parameters)
                    data = printer.print(inside(out, page), cover, report.title, edition)
                    cache.forget(pdf)
                    write_atomic(out, pdf, data)
                    cache.record(pdf, key)
                    made += 1
                except Exception as exc:  # noqa: BLE001 - one PDF's failure is reported and stops no other
                    error = str(exc) if isinstance(exc, PrintError) else f"{type(exc).__name__}: {exc}"
                    error = (error.strip().splitlines() or [type(exc).__name__])[0]
                    failures.append(Failure(report.name, edition, error, inside(out, pdf).is_file()))
    return made, current, failures


def report_pages(out: Path, reports: list[Report]) -> list[str]:
    """The page names of the configured reports present in out, with the pages built with other parameters."""
    from .site import custom_pages

    names = []
    for report in reports:
        if report.custom:
            continue
        for name in [report.name] + [c["name"] for c in custom_pages(out, report)]:
            pages = [f"{name}.{edition}.html" for edition in EDITIONS]
            names += [page for page in pages if inside(out, page).is_file()]
    return names


def link_pages(out: Path, pages: list[str]) -> set[str]:
    """Give each page a link to its PDF if the PDF was made from it as it is now, else none; return
    the pages that link to their PDF. A page is rewritten only when its link changes."""
    from .pdf import version

    cache, code, linked = Cache(out), version(), set()
    for page in pages:
        html = inside(out, page).read_text(encoding="utf-8")
        pdf = pdf_name(page)
        wanted = cache.fresh(pdf, pdf_key(page, html, code), [inside(out, pdf)])
        bare = _LINKED.sub(MARKER, html)
        new = bare.replace(MARKER, _link(page)) if wanted else bare
        if new != html:
            write_atomic(out, page, new.encode("utf-8"))
        if wanted and MARKER in html:
            linked.add(page)
    return linked


def index_links(out: Path) -> set[str]:
    """The pages whose PDF the index links to now."""
    try:
        text = inside(out, "index.html").read_text(encoding="utf-8")
    except OSError:
        return set()
    return {m + ".html" for m in re.findall(r'href="([^"<>/]+)\.pdf"', text)}


def summary(made: int, current: int, failures: list[Failure], seconds: float, stream) -> None:
    """One line of counts, then each failure: report, edition, error, what was kept."""
    per = f", {seconds / made:.2f} s per PDF" if made else ""
    stream.write(f"PDF handouts: {made} made, {current} up to date, {len(failures)} failed ({seconds:.1f} s{per})\n")
    for f in failures:
        stream.write(f"FAILED PDF {f.report} ({f.edition} edition): {f.error}\n")
        stream.write("  the last good PDF was left in place; pages link to it only while it matches them.\n"
                     if f.kept else "  no PDF of this page; its pages do not link to one.\n")
