"""PDF handouts (`build --pdf`) of the session's built site, checked with poppler's pdftotext."""
from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from conftest import REPO, require_chromium

require_chromium("pdftotext", "pdftoppm")

pytestmark = [pytest.mark.browser, pytest.mark.slow]

REPORTS = tomllib.loads((REPO / "notebooks" / "reports.toml").read_text(encoding="utf-8"))["report"]
EDITIONS = ("student", "teacher")


def build(site: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """`python -m pakiran build --out site ...`; the site is up to date, so no notebook runs."""
    base = {k: v for k, v in os.environ.items() if k != "PAKIRAN_DATA"}
    return subprocess.run([sys.executable, "-m", "pakiran", "build", "--out", str(site), *args], capture_output=True,
                          text=True, timeout=900, cwd=REPO, env={**base, **(env or {})})


def copy_site(source: Path, target: Path) -> Path:
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("lock"))
    return target


@pytest.fixture(scope="module")
def handouts(built_site, tmp_path_factory) -> Path:
    """A copy of the session's site with its PDFs made (the pages are not built again)."""
    site = copy_site(built_site, tmp_path_factory.mktemp("pdf") / "site")
    result = build(site, "--pdf")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert f"PDF handouts: {2 * len(REPORTS)} made, 0 up to date, 0 failed" in result.stdout
    return site


def words(text: str) -> str:
    return " ".join(text.split())


def compact(text: str) -> str:
    """Text without white space and hyphens (pdftotext joins a word broken at a hyphen without it)."""
    return re.sub(r"[\s-]+", "", text)


def pdf_text(path: Path) -> str:
    return words(subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout)


def pdf_pages(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def plain(markdown_or_html: str) -> str:
    """Text of a line of Markdown or HTML as a reader sees it."""
    from pakiran.build.site import inline_markdown

    return words(html.unescape(re.sub(r"<[^>]+>", "", str(inline_markdown(markdown_or_html)))))


def name_of(report: dict) -> str:
    return Path(report["notebook"]).stem


def test_every_report_and_edition_has_a_pdf_with_its_title_objective_page_numbers_and_sources(handouts):
    from pakiran.build.header import read_header

    for report in REPORTS:
        header = read_header(REPO / "notebooks" / report["notebook"])
        for edition in EDITIONS:
            pdf = handouts / f"{name_of(report)}.{edition}.pdf"
            assert pdf.is_file(), pdf.name
            text = pdf_text(pdf)
            first_page = words(subprocess.run(["pdftotext", "-l", "1", str(pdf), "-"], capture_output=True,
                                              text=True, check=True).stdout)
            assert words(report["title"]) in first_page, pdf.name
            assert plain(header.objectives[0]) in first_page, pdf.name
            pages = pdf_pages(pdf)
            assert pages > 2 and f"Page 1 of {pages}" in text and f"Page {pages} of {pages}" in text, pdf.name
            page = (handouts / f"{name_of(report)}.{edition}.html").read_text(encoding="utf-8")
            entries = [html.unescape(re.sub(r"<[^>]+>", "", e))
                       for e in re.findall(r'<li id="ref-[^"]+">(.*?)</li>', page)]
            # text in other scripts is extracted in another order; check the entries in Latin script
            latin = [e for e in entries if not re.search("[^\u0000-\u058f\u2000-\u22ff]", e)]
            assert entries and latin, pdf.name
            assert "Sources" in text and all(compact(e.split("http")[0]) in compact(text) for e in latin), pdf.name


def solution_lines(notebook: Path) -> list[str]:
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    return [line.strip() for c in cells if "solution" in c["metadata"].get("tags", [])
            for line in "".join(c["source"]).splitlines() if len(line.strip()) >= 20]


def test_student_pdfs_carry_no_solution_text(handouts):
    checked = 0
    for report in REPORTS:
        name = name_of(report)
        student = pdf_text(handouts / f"{name}.student.pdf")
        teacher = pdf_text(handouts / f"{name}.teacher.pdf")
        student_notebook = (handouts / f"{name}.student.ipynb").read_text(encoding="utf-8")
        assert "BEGIN SOLUTION" not in student and "Solution (teacher edition)" not in student, name
        assert "BEGIN SOLUTION" in teacher and "Solution (teacher edition)" in teacher, name
        for line in solution_lines(handouts / f"{name}.teacher.ipynb"):
            if json.dumps(line)[1:-1] not in student_notebook:       # a line only a solution has
                assert words(line) not in student, (name, line)
                checked += 1
    assert checked > len(REPORTS)


def test_index_and_pages_link_to_the_pdf_handouts(handouts):
    index = (handouts / "index.html").read_text(encoding="utf-8")
    for report in REPORTS:
        for edition in EDITIONS:
            pdf = f"{name_of(report)}.{edition}.pdf"
            assert f'href="{pdf}"' in index, pdf
            page = (handouts / f"{name_of(report)}.{edition}.html").read_text(encoding="utf-8")
            assert page.count(f'<a class="pk-pdf" href="{pdf}">PDF handout</a>') == 2, pdf   # header and footer


def test_pdfs_keep_links_but_none_into_the_build_folder(handouts):
    for pdf in sorted(handouts.glob("*.pdf")):
        data = pdf.read_bytes()
        page = pdf.with_suffix(".html").read_text(encoding="utf-8")
        assert (b"/URI (http" in data) == ('href="http' in page), pdf.name      # the sources' addresses
        assert b"/Dest " in data, pdf.name              # citation markers to their entries
        assert b"(file:" not in data and str(handouts).encode() not in data, pdf.name


def test_pdf_pages_are_light(handouts, tmp_path):
    from PIL import Image, ImageStat

    pdf = handouts / f"{name_of(REPORTS[0])}.teacher.pdf"
    subprocess.run(["pdftoppm", "-r", "20", "-png", str(pdf), str(tmp_path / "p")], check=True)
    shots = sorted(tmp_path.glob("p-*.png"))
    assert len(shots) == pdf_pages(pdf)
    for shot in shots:
        assert ImageStat.Stat(Image.open(shot).convert("L")).mean[0] > 200, shot.name


def test_pdfs_are_not_made_again_when_their_page_did_not_change(handouts):
    before = {p.name: (p.stat().st_mtime_ns, p.read_bytes()) for p in handouts.glob("*.pdf")}
    result = build(handouts, "--pdf")
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"PDF handouts: 0 made, {2 * len(REPORTS)} up to date, 0 failed" in result.stdout
    assert {p.name: (p.stat().st_mtime_ns, p.read_bytes()) for p in handouts.glob("*.pdf")} == before


def test_a_pdf_that_cannot_be_made_is_reported_and_the_last_good_one_kept(handouts, tmp_path):
    site = copy_site(handouts, tmp_path / "site")
    name = name_of(REPORTS[1])
    page, pdf = site / f"{name}.student.html", site / f"{name}.student.pdf"
    old = pdf.read_bytes()
    page.write_text(page.read_text(encoding="utf-8").replace("</main>", "<p>Changed.</p></main>"), encoding="utf-8")
    result = build(site, "--pdf", env={"PAKIRAN_CHROMIUM": str(tmp_path / "no-chromium")})
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert f"FAILED PDF {name} (student edition): Chromium not found at {tmp_path / 'no-chromium'}" in result.stdout
    assert "Traceback" not in output and output.count("FAILED PDF") == 1, output
    assert f"PDF handouts: 0 made, {2 * len(REPORTS) - 1} up to date, 1 failed" in result.stdout
    assert pdf.read_bytes() == old                      # the last good PDF stays
    assert f'href="{pdf.name}"' not in page.read_text(encoding="utf-8")   # but no page vouches for it now
    assert f'href="{pdf.name}"' not in (site / "index.html").read_text(encoding="utf-8")
    assert f'href="{name}.teacher.pdf"' in (site / "index.html").read_text(encoding="utf-8")


def test_a_missing_page_fails_alone_with_a_one_line_error(handouts, tmp_path):
    from pakiran.build.config import Report
    from pakiran.build.handouts import make_handouts

    site = copy_site(handouts, tmp_path / "site")
    first = REPORTS[0]
    (site / f"{name_of(first)}.student.pdf").unlink()
    reports = [Report("xx", REPO / "notebooks" / first["notebook"], "Gone", name="gone"),
               Report(first["id"], REPO / "notebooks" / first["notebook"], first["title"], name=name_of(first))]
    made, current, failures = make_handouts(site, reports)
    assert (made, current) == (1, 1)
    assert [(f.report, f.edition, f.error) for f in failures] == [
        ("gone", e, f"page not found: gone.{e}.html (build the report first)") for e in EDITIONS]


def test_without_pdf_pages_link_only_to_pdfs_that_exist_and_match(handouts, tmp_path):
    site = copy_site(handouts, tmp_path / "site")
    gone, changed = name_of(REPORTS[0]), name_of(REPORTS[2])
    (site / f"{gone}.teacher.pdf").unlink()
    page = site / f"{changed}.student.html"
    page.write_text(page.read_text(encoding="utf-8").replace("</main>", "<p>Changed.</p></main>"), encoding="utf-8")
    result = build(site)
    assert result.returncode == 0 and "PDF handouts" not in result.stdout, result.stdout + result.stderr
    index = (site / "index.html").read_text(encoding="utf-8")
    for report in REPORTS:
        for edition in EDITIONS:
            pdf = f"{name_of(report)}.{edition}.pdf"
            linked = f'href="{pdf}"' in (site / f"{name_of(report)}.{edition}.html").read_text(encoding="utf-8")
            expected = pdf not in (f"{gone}.teacher.pdf", f"{changed}.student.pdf")
            assert linked == expected and (f'href="{pdf}"' in index) == expected, pdf
