"""The stylesheet goes into a report's pages last, so a change of the CSS alone costs a text
substitution per page instead of a render.

The renderer writes a slot where the stylesheet belongs; the build keeps those pages (in
site/.build/rendered/) and writes each page as its kept copy with the stylesheet in the slot,
through the link guard (links.py). When only the CSS changed, the parent does that for every
report itself, without a worker, a kernel or nbconvert.
"""
from __future__ import annotations

from pathlib import Path

from .files import inside, write_atomic
from .links import neutralise
from .site import page_names

STYLE_SLOT = "/* pakiran: the site's stylesheet goes here */"
RENDERED = Path(".build") / "rendered"
EDITIONS = ("student", "teacher")


def kept_pages(name: str) -> dict[str, Path]:
    """Where the rendered pages of report name (stylesheet slot still empty) are kept, by edition."""
    return {edition: RENDERED / page_names(name)[f"{edition}.html"] for edition in EDITIONS}


def styled(page: str, css: str) -> bytes:
    """A rendered page with css in its slot, through the link guard; the slot is in the head,
    before anything a notebook wrote, so the first occurrence is the one.

    >>> styled('<style>' + STYLE_SLOT + '</style><a href="javascript:x">', "p{}")
    b'<style>p{}</style><a href="#">'
    """
    if STYLE_SLOT not in page:
        raise ValueError("the page has no slot for the stylesheet")
    return neutralise(page.replace(STYLE_SLOT, css, 1)).encode("utf-8")


def write_report_pages(site: Path, name: str, rendered: dict[str, str], css: str) -> None:
    """Keep the rendered pages of report name and write them with css in place (atomic writes)."""
    for edition, kept in kept_pages(name).items():
        write_atomic(site, kept, rendered[edition].encode("utf-8"))
        write_atomic(site, page_names(name)[f"{edition}.html"], styled(rendered[edition], css))


def restyle(site: Path, name: str, css: str) -> None:
    """Write the pages of report name again from their kept copies, with css."""
    kept = {edition: inside(site, path).read_text(encoding="utf-8") for edition, path in kept_pages(name).items()}
    for edition in EDITIONS:
        write_atomic(site, page_names(name)[f"{edition}.html"], styled(kept[edition], css))
