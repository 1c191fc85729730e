"""What the build adds around the reports: search documents per edition, data pages, the data zip."""
from __future__ import annotations

import csv
from markupsafe import escape
import io
import json
import re
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import nbformat
import pytest

from conftest import DATA, REPO
from factory import GOOD, notebook, reports_file

pytestmark = pytest.mark.slow

EDITIONS = ("student", "teacher")
# Solution cells whose text and output must reach the teacher's search and never the student's.
SOLVED = [("markdown", "### Solution notes\n\nThe answer rests on the quokkaful{marker} reading of the table.", ["solution"]),
          ("code", "print('zebrastripe{marker} is the solution output')", ["solution"])]


def search_documents(site: Path, edition: str) -> list[dict]:
    text = (site / f"search-{edition}.js").read_text(encoding="utf-8")
    assert text.startswith("window.PAKIRAN_SEARCH = ") and text.rstrip().endswith(";")
    payload = json.loads(text.removeprefix("window.PAKIRAN_SEARCH = ").rstrip().removesuffix(";"))
    assert payload["edition"] == edition
    return payload["documents"]


def solution_texts(site: Path) -> list[str]:
    """Lines (12+ characters) of every solution cell and its text outputs, in the teacher notebooks,
    that occur neither in the student notebook, nor on the student page, nor in the data (a
    solution may list events that the report or the events table also show)."""
    from html import unescape

    data = " ".join(re.sub(r"\s+", " ", p.read_text(encoding="utf-8")) for p in DATA.glob("*.csv"))
    found = []
    for path in sorted(site.glob("*.teacher.ipynb")):
        student = nbformat.read(path.with_name(path.name.replace(".teacher.", ".student.")), as_version=4)
        shared = {line.strip() for cell in student.cells for line in _texts(cell)}
        page = re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", (site / path.name.replace(
            ".teacher.ipynb", ".student.html")).read_text(encoding="utf-8"))))
        for cell in nbformat.read(path, as_version=4).cells:
            if "solution" not in cell.metadata.get("tags", []):
                continue
            for line in _texts(cell):
                line = re.sub(r"\s+", " ", re.sub(r"^[#>*\-\s]+", "", line)).strip()
                if (len(line) >= 12 and line not in shared and "SOLUTION" not in line
                        and line not in page and line not in data):
                    found.append(line)
    return found


def _texts(cell) -> list[str]:
    parts = [cell.source]
    for output in cell.get("outputs", []):
        parts.append(output.get("text", "") if isinstance(output.get("text", ""), str) else "".join(output["text"]))
        plain = output.get("data", {}).get("text/plain", "")
        parts.append(plain if isinstance(plain, str) else "".join(plain))
    return [line for part in parts for line in part.splitlines() if line.strip()]


def flat(docs: list[dict]) -> str:
    return " ".join(re.sub(r"\s+", " ", f"{d['section']} {d['text']}") for d in docs)


@pytest.fixture(scope="module")
def small_site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("searchsite")
    notebook(root / "a.ipynb", "Report A", GOOD + SOLVED, marker="A")
    notebook(root / "b.ipynb", "Report B", GOOD + SOLVED, marker="B")
    config = reports_file(root, [("1", "a.ipynb", "Report A"), ("2", "b.ipynb", "Report B")])
    result = subprocess.run([sys.executable, "-m", "pakiran", "build", "--config", str(config), "--out",
                             str(root / "site")], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "site"


def test_search_documents_are_sections_of_each_page_of_their_own_edition(small_site):
    for edition in EDITIONS:
        docs = search_documents(small_site, edition)
        assert [d["id"] for d in docs] == list(range(len(docs)))
        for name in ("a", "b"):
            mine = [d for d in docs if d["page"] == f"{name}.{edition}.html"]
            assert mine and {"Exercise 1"} <= {d["section"] for d in mine}, (edition, name)
            html = (small_site / f"{name}.{edition}.html").read_text(encoding="utf-8")
            for d in mine:
                assert d["text"] and d["title"] == f"Report {name.upper()}"
                assert not d["anchor"] or f'id="{d["anchor"]}"' in html, d["anchor"]
        events = [d for d in docs if d["page"] == "data/events.html"]
        with (DATA / "events.csv").open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
        assert len(events) == len(rows) and {d["anchor"] for d in events} == {f"row-{r['id']}" for r in rows}
        assert "Skip to the report" not in flat(docs) and "¶" not in flat(docs)


def test_no_student_search_document_holds_solution_text(small_site):
    student, teacher = (flat(search_documents(small_site, e)) for e in EDITIONS)
    for marker in ("A", "B"):
        assert f"quokkaful{marker}" in teacher and f"zebrastripe{marker}" in teacher
        assert f"quokkaful{marker}" not in student and f"zebrastripe{marker}" not in student
    texts = solution_texts(small_site)
    assert texts
    for text in texts:
        assert text not in student, text


def test_search_scripts_and_minisearch_ship_with_the_site(small_site):
    assert (small_site / "vendor" / "minisearch.js").read_bytes() == \
        (REPO / "lib" / "pakiran" / "templates" / "vendor" / "minisearch.js").read_bytes()
    assert (small_site / "vendor" / "minisearch.LICENSE.txt").is_file() and (small_site / "search.js").is_file()
    for page in [*small_site.glob("*.html"), *(small_site / "data").glob("*.html")]:
        html = page.read_text(encoding="utf-8")
        assert 'class="pk-search"' in html and "hidden" in html.split('class="pk-search"', 1)[1][:120], page.name
        edition = "teacher" if page.name.endswith(".teacher.html") else "student"
        assert f'data-index="search-{edition}.js"' in html, page.name


def test_every_table_of_the_package_has_a_data_page(small_site):
    descriptor = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    tables = [r for r in descriptor["resources"] if r.get("schema")]
    index = (small_site / "index.html").read_text(encoding="utf-8")
    assert 'href="data/pakiran-data.zip"' in index
    for resource in tables:
        page = small_site / "data" / f"{resource['name']}.html"
        assert page.is_file(), resource["name"]
        html = page.read_text(encoding="utf-8")
        assert f'href="data/{resource["name"]}.html"' in index
        assert f'href="data/{resource["path"]}" download' in html
        for field in resource["schema"]["fields"]:
            assert f'id="field-{field["name"]}"' in html and escape(field.get("description", "")) in html
            for category in field.get("categories", []):
                assert f"<code>{escape(category['value'])}</code> {escape(category['label'])}" in html
        with (DATA / resource["path"]).open(encoding="utf-8", newline="") as fh:
            rows = sum(1 for _ in csv.DictReader(fh))
        body = html.split('id="pk-rows"', 1)[1].split("<tbody>", 1)[1].split("</tbody>", 1)[0]
        assert body.count("<tr") == rows, resource["name"]
        assert not re.search(r"<script[^>]*\bsrc=", html)


def test_events_page_links_every_source_over_http_only(small_site):
    html = (small_site / "data" / "events.html").read_text(encoding="utf-8")
    body = html.split('id="pk-rows"', 1)[1]
    links = re.findall(r'<a href="([^"]+)"', body)
    external = [link for link in links if not link.startswith("data/")]
    assert external and all(re.match(r"https?://", link) for link in external)
    with (DATA / "event_sources.csv").open(encoding="utf-8", newline="") as fh:
        cited = {r["event_id"] for r in csv.DictReader(fh)}
    rows = re.findall(r'<tr id="row-([^"]+)"[^>]*>(.*?)</tr>', body, flags=re.S)
    assert len(rows) > 100
    for event, row in rows:
        if event in cited:
            assert "<li>" in row.rsplit("<td>", 1)[1], event
    for name in ("data-f-themes", "data-f-kind", "data-f-actors", "data-year"):
        assert name in body


def test_data_zip_is_deterministic_and_holds_the_whole_package(small_site, tmp_path):
    from pakiran.build.datapages import package_zip

    archive = small_site / "data" / "pakiran-data.zip"
    descriptor = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    with zipfile.ZipFile(archive) as z:
        assert z.testzip() is None
        names = z.namelist()
        assert names == sorted(names)
        assert all(info.date_time == (1980, 1, 1, 0, 0, 0) for info in z.infolist())
        expected = ["datapackage.json", "LICENSE.md"] + [r["path"] for r in descriptor["resources"]]
        for name in expected:
            assert z.read(f"pakiran-data/{name}") == (DATA / name).read_bytes(), name
    assert package_zip(DATA, descriptor) == archive.read_bytes()


# The real site, built once per session (shared with the browser tests).

REPORTS = tomllib.loads((REPO / "notebooks" / "reports.toml").read_text(encoding="utf-8"))["report"]


def test_real_site_every_report_has_search_documents_and_students_see_no_solutions(built_site):
    for edition in EDITIONS:
        docs = search_documents(built_site, edition)
        pages = {d["page"] for d in docs}
        for report in REPORTS:
            assert f"{Path(report['notebook']).stem}.{edition}.html" in pages, (edition, report["id"])
    student = flat(search_documents(built_site, "student"))
    for text in solution_texts(built_site):
        assert text not in student, text
    size = sum((built_site / f"search-{e}.js").stat().st_size for e in EDITIONS) / 2
    assert size < 1_500_000, f"search index of {size:.0f} bytes"


def test_real_site_zip_opens_and_holds_every_resource(built_site):
    descriptor = json.loads((built_site / "data" / "datapackage.json").read_text(encoding="utf-8"))
    with zipfile.ZipFile(io.BytesIO((built_site / "data" / "pakiran-data.zip").read_bytes())) as z:
        names = set(z.namelist())
    assert {f"pakiran-data/{r['path']}" for r in descriptor["resources"]} <= names
    for resource in descriptor["resources"]:
        if resource.get("schema"):
            assert (built_site / "data" / f"{resource['name']}.html").is_file()
