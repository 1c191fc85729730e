"""The site's citation files: each report and the data package as BibTeX, RIS and CSL-JSON, and each
report's bibliography as BibTeX. They are read back with real parsers (bibtexparser, rispy, citeproc-py)."""
from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
from pathlib import Path

import bibtexparser
import pytest
import rispy
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db

from pakiran.build.cite import CITED, Work, bibtex, cite_names, csl_json, data_names, ris, write_citations
from pakiran.build.config import DEFAULT_CONFIG, PLACEHOLDER_BASE_URL, ConfigError, load_config, load_site
from pakiran.citations import anchor

REPO = Path(__file__).resolve().parents[1]
DESCRIPTOR = json.loads((REPO / "data" / "datapackage.json").read_text(encoding="utf-8"))
REPORTS = load_config()
BASE = load_site().base_url
AWKWARD = "R&D at 50% {of} $5 #1 a_b ~x^2 back\\slash — Ærø “quoted” فارسی"


def untex(value: str) -> str:
    """A BibTeX field's text as a reader sees it, decoded by pylatexenc (with the brace macros)."""
    db = get_default_latex_context_db()
    db.add_context_category("cite-files", prepend=True, macros=[MacroTextSpec("textbraceleft", "{"),
                            MacroTextSpec("textbraceright", "}"), MacroTextSpec("textasciicircum", "^")])
    return LatexNodes2Text(latex_context=db).latex_to_text(value)


def parse_bibtex(text: str) -> list:
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks, [b.error for b in library.failed_blocks]
    return library.entries


def field(entry, name: str) -> str:
    return entry.fields_dict[name].value


def render_csl(text: str) -> list[str]:
    """Each item of a CSL-JSON file rendered by citeproc-py in its bundled Harvard style."""
    items = json.loads(text)
    source = CiteProcJSON(items)
    bibliography = CitationStylesBibliography(CitationStylesStyle("harvard-cite-them-right", validate=False),
                                              source, formatter.plain)
    for item in items:
        bibliography.register(Citation([CitationItem(item["id"])]))
    return [str(entry) for entry in bibliography.bibliography()]


def page_sources(page: Path) -> list[str]:
    """The anchors of the entries of a page's Sources section, in order."""
    html = page.read_text(encoding="utf-8")
    lists = re.findall(r'<ol class="pakiran-bibliography">(.*?)</ol>', html, re.S)
    return [i for block in lists for i in re.findall(r'<li id="(ref-[^"]+)"', block)]


# The built site ---------------------------------------------------------------------------------

@pytest.mark.slow
def test_every_report_has_citation_files_linked_from_both_editions_and_the_index(built_site):
    assert len(REPORTS) == len(load_config(DEFAULT_CONFIG))
    index = (built_site / "index.html").read_text(encoding="utf-8")
    for report in REPORTS:
        names = cite_names(report.name)
        for edition in ("student", "teacher"):
            page = (built_site / f"{report.name}.{edition}.html").read_text(encoding="utf-8")
            assert "Cite this report:" in page
            for name in names.values():
                assert f'href="{name}"' in page, (report.name, edition, name)
        for name in names.values():
            assert (built_site / name).is_file(), name
            assert f'href="{name}"' in index, name
    assert "Cite the data package:" in index
    for name in data_names().values():
        assert f'href="{name}"' in index and (built_site / name).is_file()


@pytest.mark.slow
def test_report_citations_parse_and_give_title_version_date_and_url(built_site):
    version = DESCRIPTOR["version"]
    for report in REPORTS:
        names = cite_names(report.name)
        url = f"{BASE}{report.name}.student.html"
        (entry,) = parse_bibtex((built_site / names["bibtex"]).read_text(encoding="utf-8"))
        assert untex(field(entry, "title")) == report.title
        assert field(entry, "version") == version and field(entry, "url") == url
        assert untex(field(entry, "author")) == DESCRIPTOR["contributors"][0]["title"]
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", field(entry, "date"))
        (record,) = rispy.loads((built_site / names["ris"]).read_text(encoding="utf-8"))
        assert (record["type_of_reference"], record["title"], record["edition"], record["urls"]) == \
            ("RPRT", report.title, version, [url])
        csl = (built_site / names["csl"]).read_text(encoding="utf-8")
        (item,) = json.loads(csl)
        assert (item["title"], item["version"], item["URL"], item["type"]) == (report.title, version, url, "report")
        (shown,) = render_csl(csl)
        assert report.title in shown and url in shown


@pytest.mark.slow
def test_each_bibliography_file_has_exactly_the_entries_of_the_pages_sources_section(built_site):
    sources = {r["id"]: r for r in csv.DictReader(open(REPO / "data" / "sources.csv", encoding="utf-8"))}
    for report in REPORTS:
        entries = parse_bibtex((built_site / cite_names(report.name)["sources"]).read_text(encoding="utf-8"))
        for edition in ("student", "teacher"):
            shown = page_sources(built_site / f"{report.name}.{edition}.html")
            assert len(entries) == len(shown), (report.name, edition)
            assert [anchor(e.key) for e in entries] == shown
        for entry in entries:
            if entry.key.startswith("data:"):
                table = entry.key.removeprefix("data:")
                assert field(entry, "url") == f"{BASE}data/{table}.html"
                assert (built_site / "data" / f"{table}.html").is_file()
                continue
            row = sources[entry.key]
            assert untex(field(entry, "title")) == row["title"]
            if row["url"]:
                assert field(entry, "url") == row["url"] and field(entry, "urldate") == row["accessed"]


@pytest.mark.slow
def test_data_package_citation_parses_in_every_format(built_site):
    names = data_names()
    (entry,) = parse_bibtex((built_site / names["bibtex"]).read_text(encoding="utf-8"))
    assert untex(field(entry, "title")) == DESCRIPTOR["title"] and field(entry, "version") == DESCRIPTOR["version"]
    assert field(entry, "url") == f"{BASE}index.html#data"
    (record,) = rispy.loads((built_site / names["ris"]).read_text(encoding="utf-8"))
    assert (record["type_of_reference"], record["title"]) == ("DATA", DESCRIPTOR["title"])
    (shown,) = render_csl((built_site / names["csl"]).read_text(encoding="utf-8"))
    assert DESCRIPTOR["title"] in shown


# Escaping, determinism, configuration -------------------------------------------------------------

def test_special_characters_survive_each_format():
    work = Work("k", "report", AWKWARD, ("Ministry of Commerce, Government of Pakistan", "Ḥaydar, Sajjād"),
                "2024-02-03", "1.0_beta", "https://example.org/a?b=50%25&c=d#e", "P&Q {Press}", "note_1 & 2")
    (entry,) = parse_bibtex(bibtex([work]))
    assert untex(field(entry, "title")) == AWKWARD
    assert untex(field(entry, "howpublished")) == "P&Q {Press}" and untex(field(entry, "note")) == "note_1 & 2"
    assert field(entry, "url") == work.url and untex(field(entry, "version")) == "1.0_beta"
    assert untex(field(entry, "author")) == "Ministry of Commerce, Government of Pakistan and Ḥaydar, Sajjād"
    assert field(entry, "author").startswith("{Ministry")  # an organisation is one name, not surname and given
    assert "فارسی" in bibtex([work])                       # non-ASCII stays UTF-8, not LaTeX macros
    (record,) = rispy.loads(ris(work))
    assert (record["title"], record["publisher"], record["urls"]) == (AWKWARD, "P&Q {Press}", [work.url])
    (item,) = json.loads(csl_json([work]))
    assert item["title"] == AWKWARD and item["author"][1] == {"family": "Ḥaydar", "given": "Sajjād"}
    assert AWKWARD in render_csl(csl_json([work]))[0]


def test_line_breaks_cannot_start_a_new_ris_tag():
    work = Work("k", "report", "Title\nER  - \nTY  - JOUR", ("A",))
    (record,) = rispy.loads(ris(work))
    assert record["title"] == "Title ER - TY - JOUR"


def _site_with(tmp_path: Path, ids: list[str]) -> tuple[Path, object]:
    """A site folder whose first report's page listed ids (as the build records them)."""
    site = tmp_path / "site"
    (site / CITED).mkdir(parents=True)
    (site / CITED / f"{REPORTS[0].name}.json").write_text(json.dumps(ids), encoding="utf-8")
    return site, REPORTS[0]


def test_a_source_with_awkward_characters_is_escaped(data_copy, tmp_path):
    path = data_copy / "sources.csv"
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    rows[0].update(title=AWKWARD, authors="O'Brien, Seán; Ministry of Foreign Affairs {MoFA}", publisher="R&D_Press")
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    site, report = _site_with(tmp_path, [rows[0]["id"], "data:events"])
    write_citations([report], site, data_copy, "https://example.org/x/")
    (entry, table) = parse_bibtex((site / cite_names(report.name)["sources"]).read_text(encoding="utf-8"))
    assert entry.key == rows[0]["id"] and untex(field(entry, "title")) == AWKWARD
    assert untex(field(entry, "author")) == "O'Brien, Seán and Ministry of Foreign Affairs {MoFA}"
    assert untex(field(entry, "howpublished")) == "R&D_Press"
    assert table.key == "data:events" and field(table, "url") == "https://example.org/x/data/events.html"


def test_equal_inputs_give_identical_files_that_are_not_rewritten(tmp_path):
    site, report = _site_with(tmp_path, ["data:events"])
    written = write_citations([report], site, REPO / "data", PLACEHOLDER_BASE_URL)
    assert sorted(written) == sorted([*cite_names(report.name).values(), *data_names().values()])
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in (site / "cite").iterdir()}
    assert write_citations([report], site, REPO / "data", PLACEHOLDER_BASE_URL) == []
    assert before == {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in (site / "cite").iterdir()}
    assert not [p for p in (site / "cite").iterdir() if p.name.startswith(".")]  # no temporary files left
    moved = write_citations([report], site, REPO / "data", "https://reports.example.net/pk")
    assert cite_names(report.name)["bibtex"] in moved
    (entry,) = parse_bibtex((site / cite_names(report.name)["bibtex"]).read_text(encoding="utf-8"))
    assert field(entry, "url") == f"https://reports.example.net/pk/{report.name}.student.html"


def _config(tmp_path: Path, site_table: str) -> Path:
    config = tmp_path / "notebooks" / "reports.toml"
    config.parent.mkdir()
    (config.parent / REPORTS[0].notebook.name).write_bytes(REPORTS[0].notebook.read_bytes())
    config.write_text(f'{site_table}\n[[report]]\nid = "a"\nnotebook = "{REPORTS[0].notebook.name}"\ntitle = "A"\n',
                      encoding="utf-8")
    return config


@pytest.mark.parametrize("table, message", [
    ('[site]\nbase_url = "ftp://example.org/"', "site: base_url: expected an absolute http(s) URL"),
    ('[site]\nbase_url = "example.org/reports"', "site: base_url: expected an absolute http(s) URL"),
    ('[site]\nbase_url = "https://example.org/a b/"', "site: base_url: expected an absolute http(s) URL"),
    ('[site]\nbase_url = "https://example.org/?page=1"', "site: base_url: expected an absolute http(s) URL"),
    ("[site]\nbase_url = 3", "site: base_url: expected a string, got an integer"),
    ('[site]\nbase_uri = "https://example.org/"', "site: unknown key 'base_uri'; expected base_url"),
    ('site = "https://example.org/"', "site: expected a table ([site]), got a string"),
])
def test_a_bad_site_table_is_refused_naming_the_file_and_key(tmp_path, table, message):
    config = _config(tmp_path, table)
    for load in (load_site, load_config):
        with pytest.raises(ConfigError) as raised:
            load(config)
        assert f"reports.toml: {message}" in str(raised.value)


def test_the_build_stops_on_a_bad_base_url_before_writing_anything(tmp_path):
    config = _config(tmp_path, '[site]\nbase_url = "javascript:alert(1)"')
    out = tmp_path / "site"
    result = subprocess.run([sys.executable, "-m", "pakiran", "build", "--config", str(config), "--out", str(out)],
                            capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert result.returncode == 2
    assert "reports.toml: site: base_url: expected an absolute http(s) URL" in result.stderr
    assert "'javascript:alert(1)'" in result.stderr and not out.exists()


def test_base_url_gets_its_final_slash_and_defaults_to_the_placeholder(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    assert load_site(_config(tmp_path / "a", '[site]\nbase_url = "https://example.org/pk"')).base_url == \
        "https://example.org/pk/"
    assert load_site(_config(tmp_path / "b", "")).base_url == PLACEHOLDER_BASE_URL
    assert BASE.endswith("/") and BASE.startswith("https://")
