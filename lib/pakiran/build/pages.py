"""The site's own pages beside the index: the glossary, the course and how to run the notebooks."""
from __future__ import annotations

from pathlib import Path

from .config import Report
from .files import write_atomic
from .glossary import read_sources, read_terms
from .header import header_or_title
from .site import inline_markdown, site_templates, stylesheet


def glossary_groups(data_dir: Path) -> list[tuple[str, list[dict]]]:
    """Glossary entries by first letter, alphabetical, each with its source's title and link."""
    terms = read_terms(data_dir)
    sources = read_sources(data_dir)
    names = {t.slug: t.term for t in terms}
    groups: dict[str, list[dict]] = {}
    for t in terms:
        source = sources.get(t.source_id, {})
        entry = {"term": t.term, "slug": t.slug, "definition": t.definition, "locator": t.locator,
                 "source_title": source.get("title") or t.source_id, "url": source.get("url", ""),
                 "local": "data/datapackage.json", "publisher": source.get("publisher", ""),
                 "published": source.get("published", ""),
                 "see_also": [{"slug": s, "term": names[s]} for s in t.see_also if s in names]}
        letter = t.term[0].upper() if t.term[0].isalpha() else "#"
        groups.setdefault(letter, []).append(entry)
    return sorted(groups.items())


def _course_rows(reports: list[Report]) -> list[dict]:
    rows = []
    for report in reports:
        if report.custom:
            continue
        header = header_or_title(report.notebook, report.title)
        minutes = (header.reading_minutes or 0) + (header.exercise_minutes or 0)
        rows.append({"id": report.id, "name": report.name, "title": report.title, "minutes": minutes or None,
                     "summary": inline_markdown(header.summary) if header.summary else ""})
    return rows


def write_pages(reports: list[Report], out: Path, data_dir: Path) -> None:
    """site/glossary.html, site/course.html and site/setup.html."""
    from markupsafe import Markup

    env, css = site_templates(), Markup(stylesheet())
    rows = _course_rows(reports)
    pages = {
        "glossary.html": env.get_template("glossary.html.j2").render(css=css, groups=glossary_groups(data_dir)),
        "course.html": env.get_template("course.html.j2").render(css=css, reports=rows,
                                                                 by_id={r["id"]: r for r in rows}),
        "setup.html": env.get_template("setup.html.j2").render(css=css),
    }
    for name, page in pages.items():
        write_atomic(out, name, page.encode("utf-8"))
