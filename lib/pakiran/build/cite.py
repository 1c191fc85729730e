"""Citation files: how to cite each report and the data package (BibTeX, RIS, CSL-JSON), and the
bibliography of each report (the sources its page lists) as BibTeX.

Everything in them comes from the reports file, the data package and the executed notebooks, not
from the clock, so equal inputs give byte-identical files. They are written to site/cite/,
atomically, and only when their bytes change.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from ..sourcetext import KIND_NAMES, is_organisation
from .config import CUSTOM, Report
from .files import write_if_changed

FOLDER = "cite"
DATA_NAME = "pakiran-data"
DATA_PREFIX = "data:"  # a data package table in a bibliography, as pakiran.citations writes it
CITED = Path(".build") / "sources"  # <report>.json: the source ids its page lists, written by the worker
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


@dataclass(frozen=True)
class Work:
    """One thing to cite, in plain text; each format escapes it its own way."""

    key: str
    kind: str                        # 'report', 'dataset', or a kind of sources.csv ('news', 'book', ...)
    title: str
    authors: tuple[str, ...] = ()    # 'Surname, Given names' for a person, else an organisation's name
    date: str = ""                   # YYYY, YYYY-MM or YYYY-MM-DD
    version: str = ""
    url: str = ""
    publisher: str = ""
    note: str = ""
    accessed: str = ""               # YYYY-MM-DD


def cite_names(name: str) -> dict[str, str]:
    """Site-relative paths of the citation files of a report's pages.

    >>> cite_names("01_cold_war_alliances")["sources"]
    'cite/01_cold_war_alliances.sources.bib'
    """
    return {"bibtex": f"{FOLDER}/{name}.bib", "ris": f"{FOLDER}/{name}.ris", "csl": f"{FOLDER}/{name}.csl.json",
            "sources": f"{FOLDER}/{name}.sources.bib"}


def data_names() -> dict[str, str]:
    """Site-relative paths of the data package's citation files."""
    return {k: v for k, v in cite_names(DATA_NAME).items() if k != "sources"}


def cited_sources(nb) -> list[str]:
    """Source ids the page's bibliography lists, in order: pk.bibliography() puts them in its output's
    metadata (``pakiran.sources``).

    >>> cited_sources({"cells": [{"outputs": [{"metadata": {"pakiran": {"sources": ["a", "data:events"]}}}]}]})
    ['a', 'data:events']
    """
    ids = [i for cell in nb.get("cells", []) for output in cell.get("outputs", [])
           for i in output.get("metadata", {}).get("pakiran", {}).get("sources", [])]
    return list(dict.fromkeys(ids))


# BibTeX ------------------------------------------------------------------------------------------

_TEX = {"\\": r"\textbackslash{}", "{": r"\textbraceleft{}", "}": r"\textbraceright{}", "&": r"\&", "%": r"\%",
        "$": r"\$", "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}


def tex(text: str) -> str:
    """Text for a BibTeX field: LaTeX's special characters escaped (braces as macros, so that braces
    always balance), whitespace as single spaces, every other character kept as UTF-8.

    >>> print(tex("R&D: 50% of $5 #1 a_b {x} ~^ Ærø"))
    R\\&D: 50\\% of \\$5 \\#1 a\\_b \\textbraceleft{}x\\textbraceright{} \\textasciitilde{}\\textasciicircum{} Ærø
    """
    return "".join(_TEX.get(c, c) for c in " ".join(text.split()))


def tex_url(url: str) -> str:
    """A URL for BibTeX's verbatim url field: kept as it is, but for whitespace, braces and backslashes,
    which are percent-encoded.

    >>> tex_url("https://example.org/a b?q=50%&x={1}")
    'https://example.org/a%20b?q=50%&x=%7B1%7D'
    """
    return re.sub(r"[\s{}\\]", lambda m: "".join(f"%{b:02X}" for b in m.group().encode("utf-8")), url.strip())


def bibtex_key(text: str) -> str:
    """A citation key: letters, digits and - _ : . only.

    >>> bibtex_key("pakiran-01_cold_war_alliances__start_year-1960")
    'pakiran-01_cold_war_alliances__start_year-1960'
    """
    return re.sub(r"[^A-Za-z0-9_:.-]+", "-", text).strip("-") or "entry"


def bibtex_entry(work: Work) -> str:
    """One entry: @book for a book, else @misc; titles and organisations in braces so styles keep
    their capitals; month as BibTeX's macro; date, version and urldate for biblatex."""
    kind = "book" if work.kind == "book" else "misc"
    names = [f"{{{tex(a)}}}" if is_organisation(a) else tex(a) for a in work.authors]
    year, _, rest = work.date.partition("-")
    month = rest[:2]
    fields = [("author", f"{{{' and '.join(names)}}}" if names else ""),
              ("title", f"{{{{{tex(work.title)}}}}}"),
              ("publisher" if kind == "book" else "howpublished",
               f"{{{tex(work.publisher)}}}" if work.publisher else ""),
              ("version", f"{{{tex(work.version)}}}" if work.version else ""),
              ("year", f"{{{year}}}" if year else ""),
              ("month", MONTHS[int(month) - 1] if month.isdigit() and 1 <= int(month) <= 12 else ""),
              ("date", f"{{{work.date}}}" if work.date else ""),
              ("url", f"{{{tex_url(work.url)}}}" if work.url else ""),
              ("urldate", f"{{{work.accessed}}}" if work.accessed else ""),
              ("note", f"{{{tex(work.note)}}}" if work.note else "")]
    body = "".join(f"  {name} = {value},\n" for name, value in fields if value)
    return f"@{kind}{{{bibtex_key(work.key)},\n{body}}}\n"


def bibtex(works: list[Work]) -> str:
    """Entries one after another, a blank line between them."""
    return "\n".join(bibtex_entry(w) for w in works)


# RIS and CSL-JSON --------------------------------------------------------------------------------

RIS_TYPES = {"report": "RPRT", "dataset": "DATA", "book": "BOOK", "news": "NEWS", "encyclopedia": "ENCYC"}


def ris_value(text: str) -> str:
    """A RIS value: one line (line breaks and runs of whitespace become one space).

    >>> ris_value("two\\nlines  and\\ttabs ")
    'two lines and tabs'
    """
    return " ".join(str(text).split())


def ris(work: Work) -> str:
    """One RIS record, tags in the standard order, ending with ER."""
    year, _, rest = work.date.partition("-")
    month, _, day = rest.partition("-")
    tags = [("TY", RIS_TYPES.get(work.kind, "ELEC")), *(("AU", a) for a in work.authors), ("TI", work.title),
            ("PB", work.publisher), ("ET", work.version), ("PY", year),
            ("DA", f"{year}/{month}/{day}/" if year else ""), ("UR", work.url), ("Y2", work.accessed.replace("-", "/")),
            ("N1", work.note), ("ID", work.key)]
    return "".join(f"{tag}  - {ris_value(value)}\n" for tag, value in tags if ris_value(value)) + "ER  - \n"


CSL_TYPES = {"report": "report", "dataset": "dataset", "book": "book", "news": "article-newspaper",
             "encyclopedia": "entry-encyclopedia"}


def csl_item(work: Work) -> dict:
    """One CSL-JSON item; people as family and given names, organisations as literal names."""
    def name(author: str) -> dict:
        if is_organisation(author):
            return {"literal": author}
        family, given = (part.strip() for part in author.split(",", 1))
        return {"family": family, "given": given}

    item = {"id": work.key, "type": CSL_TYPES.get(work.kind, "webpage"), "title": work.title,
            "author": [name(a) for a in work.authors], "version": work.version, "publisher": work.publisher,
            "issued": {"date-parts": [[int(p) for p in work.date.split("-")]]} if work.date else None,
            "URL": work.url, "accessed": {"date-parts": [[int(p) for p in work.accessed.split("-")]]}
            if work.accessed else None, "note": work.note}
    return {key: value for key, value in item.items() if value}


def csl_json(works: list[Work]) -> str:
    """CSL-JSON: a list of items, UTF-8, keys in a fixed order."""
    return json.dumps([csl_item(w) for w in works], ensure_ascii=False, indent=2) + "\n"


# What is cited -----------------------------------------------------------------------------------

def project_name(descriptor: dict) -> str:
    """The project as author: the data package's contributor with role 'author', else its title."""
    authors = [c.get("title") for c in descriptor.get("contributors", []) if c.get("role") == "author"]
    return next((a for a in authors if isinstance(a, str) and a.strip()), str(descriptor.get("title", "")))


def package_date(descriptor: dict, sources: dict[str, dict]) -> str:
    """The data package's date: its `created` (YYYY-MM-DD), else the day its sources were last checked
    (the latest `accessed` of sources.csv)."""
    created = str(descriptor.get("created", ""))[:10]
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", created):
        return created
    return max((row.get("accessed") or "" for row in sources.values()), default="")


def source_work(source_id: str, row: dict | None) -> Work:
    """A publication of sources.csv as a Work (a minimal entry if the id is not there)."""
    if row is None:
        return Work(source_id, "misc", source_id, note="not found in sources.csv")
    authors = tuple(a.strip() for a in (row.get("authors") or "").split(";") if a.strip())
    kind = row.get("kind") or ""
    return Work(source_id, kind, row.get("title") or "", authors, row.get("published") or "",
                url=row.get("url") or "", publisher=row.get("publisher") or "",
                note=KIND_NAMES.get(kind, kind).capitalize(),
                accessed=(row.get("accessed") or "") if row.get("url") else "")


class Citer:
    """The works of one site: its reports, the data package and its tables, and their sources."""

    def __init__(self, data_dir: Path, base_url: str):
        from .glossary import read_sources

        from ..schema import read_descriptor

        self.descriptor = read_descriptor(data_dir)
        self.sources = read_sources(data_dir)
        self.base_url = base_url if base_url.endswith("/") else base_url + "/"
        self.author = project_name(self.descriptor)
        self.date = package_date(self.descriptor, self.sources)
        self.version = str(self.descriptor.get("version", ""))

    def package(self) -> Work:
        """The data package, at the index's data section."""
        return Work(f"{DATA_NAME}-{self.version}" if self.version else DATA_NAME, "dataset",
                    str(self.descriptor.get("title", "")), (self.author,), self.date, self.version,
                    self.base_url + "index.html#data", note="Frictionless Data Package, CC BY 4.0")

    def report(self, report: Report) -> Work:
        """A report as its student edition's page; the data package's version and date."""
        note = f"Report {report.id}, student edition"
        if report.custom:
            note += ", built with " + report.name.partition(CUSTOM)[2].replace("_", " ").replace("-", " ")
        return Work(f"pakiran-{report.name}", "report", report.title, (self.author,), self.date, self.version,
                    f"{self.base_url}{report.name}.student.html", note=note)

    def cited(self, source_id: str) -> Work:
        """An entry of a page's bibliography: a publication, or a table of the data package."""
        if source_id.startswith(DATA_PREFIX):
            table = source_id.removeprefix(DATA_PREFIX)
            return Work(source_id, "dataset", f"{self.descriptor.get('title', '')}, table “{table}”",
                        (self.author,), self.date, self.version, f"{self.base_url}data/{table}.html",
                        note="Table of the data package; every row names its sources")
        return source_work(source_id, self.sources.get(source_id))


def citation_files(reports: list[Report], out: Path, data_dir: Path, base_url: str) -> dict[str, str]:
    """Every citation file's site-relative name and text, for the reports whose cited sources the
    build recorded (site/.build/sources/<report>.json) and for the data package."""
    citer = Citer(data_dir, base_url)
    package = citer.package()
    names = data_names()
    files = {names["bibtex"]: bibtex([package]), names["ris"]: ris(package), names["csl"]: csl_json([package])}
    for report in reports:
        recorded = out / CITED / f"{report.name}.json"
        if not recorded.is_file():
            continue
        work, names = citer.report(report), cite_names(report.name)
        files[names["bibtex"]] = bibtex([work])
        files[names["ris"]] = ris(work)
        files[names["csl"]] = csl_json([work])
        ids = json.loads(recorded.read_text(encoding="utf-8"))
        files[names["sources"]] = bibtex([citer.cited(i) for i in ids])
    return files


def write_citations(reports: list[Report], out: Path, data_dir: Path, base_url: str) -> list[str]:
    """Write the citation files (see citation_files) that changed; return the names written."""
    return [name for name, text in citation_files(reports, out, data_dir, base_url).items()
            if write_if_changed(out, name, text.encode("utf-8"))]
