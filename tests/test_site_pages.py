"""The glossary, course and setup pages, and the glossary links on every report page."""
from __future__ import annotations

import html
import re
import tomllib
from pathlib import Path

import pytest

from conftest import DATA, REPO
from pakiran.build.glossary import link_terms, linked_slugs, read_terms
from pakiran.build.pages import write_pages

REPORTS = tomllib.loads((REPO / "notebooks" / "reports.toml").read_text(encoding="utf-8"))["report"]
TERMS = read_terms(DATA)


def test_link_terms_links_first_use_in_prose_only():
    page = ("<html><body><main><h2>CENTO</h2><p>CENTO and CENTO again, <a href='x'>SEATO</a>, SEATO pacts.</p>"
            "<pre>IAEA</pre><table><thead><tr><th>IAEA</th></tr></thead><tr><td>the IAEA</td></tr></table>"
            "<ol class='pakiran-bibliography'><li>JCPOA</li></ol><p>border markets &amp; Balochistan</p></main>"
            "<footer>Gwadar</footer></body></html>")
    linked = link_terms(page, TERMS)
    assert linked_slugs(linked) == ["cento", "seato", "iaea", "border-market", "balochistan"]
    assert "<h2>CENTO</h2>" in linked and "<pre>IAEA</pre>" in linked and "<th>IAEA</th>" in linked
    assert "<li>JCPOA</li>" in linked and "<footer>Gwadar</footer>" in linked
    assert ">border markets</a>" in linked and "<a href='x'>SEATO</a>" in linked
    assert 'role="tooltip"' in linked and 'title="' in linked


def test_markup_outside_text_is_untouched():
    page = '<main><p title="CENTO">x</p><img alt="CENTO map"><p>&lt;CENTO&gt;</p></main>'
    linked = link_terms(page, TERMS)
    assert linked.startswith('<main><p title="CENTO">x</p><img alt="CENTO map"><p>&lt;<span class="glossary">')
    assert linked_slugs(linked) == ["cento"]


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> Path:
    from pakiran.build.config import load_config

    out = tmp_path_factory.mktemp("pages")
    write_pages(load_config(REPO / "notebooks" / "reports.toml"), out, DATA)
    return out


def test_glossary_page_lists_every_term_with_its_anchor(pages):
    text = (pages / "glossary.html").read_text(encoding="utf-8")
    for term in TERMS:
        assert f'<div class="glossary-entry" id="{term.slug}">' in text, term.slug
        assert f"<dt>{html.escape(term.term)}</dt>" in text
    letters = re.findall(r'<a href="#letter-([A-Z#])">', text)
    assert letters == sorted(set(letters)) and len(letters) > 10


def test_course_page_follows_reports_toml_and_has_a_rubric(pages):
    text = (pages / "course.html").read_text(encoding="utf-8")
    order = [Path(r["notebook"]).stem for r in REPORTS]
    found = re.findall(r'<li><a href="([^".]+)\.student\.html">', text)
    assert found == order
    assert text.count('id="lesson-') == 3 and 'id="unit"' in text and 'id="rubric"' in text and "<table>" in text


def test_setup_page_covers_three_systems(pages):
    text = (pages / "setup.html").read_text(encoding="utf-8")
    for words in ("Windows", "macOS", "Linux", "python -m venv .venv", "pip install -r requirements.txt",
                  "jupyter lab notebooks/", "When something fails"):
        assert words in text


@pytest.mark.slow
def test_built_report_pages_link_three_terms_with_existing_targets(built_site):
    glossary = (built_site / "glossary.html").read_text(encoding="utf-8")
    anchors = set(re.findall(r'class="glossary-entry" id="([a-z0-9-]+)"', glossary))
    for report in REPORTS:
        for edition in ("student", "teacher"):
            page = built_site / f"{Path(report['notebook']).stem}.{edition}.html"
            slugs = linked_slugs(page.read_text(encoding="utf-8"))
            assert len(slugs) >= 3, (page.name, slugs)
            assert set(slugs) <= anchors, page.name
    index = (built_site / "index.html").read_text(encoding="utf-8")
    assert all(f'href="{n}"' in index for n in ("glossary.html", "course.html", "setup.html"))
