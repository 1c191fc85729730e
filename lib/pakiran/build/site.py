"""Page names, navigation between reports, and the index page."""
from __future__ import annotations

import base64
import re
from functools import lru_cache
from pathlib import Path

from .cite import cite_names, data_names
from .config import CUSTOM, Report
from .files import write_atomic
from .header import header_or_title

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"


@lru_cache(maxsize=1)
def site_templates():
    """The Jinja environment of the site's own pages (templates/site), HTML autoescaped."""
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    return Environment(loader=FileSystemLoader(str(TEMPLATES / "site")), autoescape=select_autoescape(["j2", "html"]))


def stylesheet() -> str:
    """The pages' own CSS, shared by the report pages and the index."""
    return (TEMPLATES / "pakiran" / "style.css").read_text(encoding="utf-8")


def page_names(name: str) -> dict[str, str]:
    """File names of a report's pages and downloads inside the site folder."""
    return {f"{edition}.{kind}": f"{name}.{edition}.{kind}" for edition in ("student", "teacher")
            for kind in ("html", "ipynb")}


def navigation(reports: list[Report], report: Report) -> dict:
    """Links from one report's pages: previous and next in reading order, the other edition, downloads."""
    listed = [r for r in reports if not r.custom]
    base = next((i for i, r in enumerate(listed) if r.id == report.id), None)
    prev_r = listed[base - 1] if base is not None and base > 0 and not report.custom else None
    next_r = listed[base + 1] if base is not None and base + 1 < len(listed) and not report.custom else None
    return {
        "prev": {"href": f"{prev_r.name}.{{edition}}.html", "title": prev_r.title} if prev_r else None,
        "next": {"href": f"{next_r.name}.{{edition}}.html", "title": next_r.title} if next_r else None,
        "name": report.name,
    }


def edition_nav(nav: dict, edition: str) -> dict:
    """Fill the edition into the navigation links of one page."""
    other = "teacher" if edition == "student" else "student"
    filled = {key: ({**value, "href": value["href"].format(edition=edition)} if isinstance(value, dict) else value)
              for key, value in nav.items()}
    filled["other"] = {"href": f"{nav['name']}.{other}.html", "label": f"{other.capitalize()} edition"}
    filled["download"] = f"{nav['name']}.{edition}.ipynb"
    filled["cite"] = cite_names(nav["name"])
    return filled


def inline_markdown(text: str):
    """Markdown of one paragraph (a summary, an objective) as safe HTML: `code`, *emphasis*, links
    only where the Markdown has them; raw HTML in the text is escaped."""
    import mistune
    from markupsafe import Markup

    html = mistune.create_markdown(escape=True)(text).strip()
    return Markup(html.removeprefix("<p>").removesuffix("</p>"))


def custom_pages(out: Path, report: Report) -> list[dict]:
    """Pages built from this report with command-line parameters, e.g. start_year 1960."""
    found = []
    for page in sorted(out.glob(f"{report.name}{CUSTOM}*.student.html")):
        name = page.name.removesuffix(".student.html")
        pairs = _PAIR.findall(name.removeprefix(report.name + CUSTOM))
        found.append({"name": name, "label": ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in pairs)})
    return found


_PAIR = re.compile(r"(?:^|_)([A-Za-z][A-Za-z0-9_]*?)-([^_]+)")  # 'start_year-1960_end_year-1975' -> pairs


def handout_links(name: str, linked: set[str]) -> dict[str, str]:
    """{edition: PDF file} of the pages of name that link to their PDF handout (see handouts.py)."""
    return {edition: f"{name}.{edition}.pdf" for edition in ("student", "teacher")
            if f"{name}.{edition}.html" in linked}


def write_index(reports: list[Report], out: Path, failed: set[str], linked: set[str] = frozenset()) -> None:
    """site/index.html: every configured report in reading order with its header, cover figure and
    links to both editions and to the PDF handouts in linked, and the pages built from it with other
    parameters."""
    from markupsafe import Markup

    env = site_templates()
    rows = []
    for report in reports:
        if report.custom:
            continue
        header = header_or_title(report.notebook, report.title)
        thumb = out / ".build" / "thumbs" / f"{report.name}.png"
        rows.append({"name": report.name, "title": report.title, "summary": inline_markdown(header.summary),
                     "objectives": [inline_markdown(o) for o in header.objectives],
                     "questions": [inline_markdown(q) for q in header.framing_questions],
                     "key_points": [inline_markdown(k) for k in header.key_points],
                     "custom": [{**c, "pdf": handout_links(c["name"], linked)} for c in custom_pages(out, report)],
                     "cite": cite_names(report.name), "pdf": handout_links(report.name, linked),
                     "reading_minutes": header.reading_minutes,
                     "exercise_minutes": header.exercise_minutes, "failed": report.name in failed,
                     "thumbnail": base64.b64encode(thumb.read_bytes()).decode() if thumb.is_file() else "",
                     "cover_alt": alt.read_text(encoding="utf-8") if (alt := thumb.with_suffix(".txt")).is_file()
                     else ""})
    from .datapages import index_entries

    html = env.get_template("index.html.j2").render(reports=rows, css=Markup(stylesheet()), data=index_entries(out),
                                                     data_cite=data_names())
    write_atomic(out, "index.html", html.encode("utf-8"))


def write_data(out: Path, data_dir: Path) -> None:
    """site/data/: the data package the pages were built from (descriptor, tables, licence), so that
    a citation of a table links to rows a reader can open; files are rewritten only when changed."""
    from ..schema import read_descriptor

    descriptor = read_descriptor(data_dir)
    names = ["datapackage.json", "LICENSE.md"] + [r["path"] for r in descriptor.get("resources", [])
                                                  if isinstance(r.get("path"), str)]
    for name in names:
        source = data_dir / name
        target = out / "data" / name
        if source.is_file() and (not target.is_file() or target.read_bytes() != source.read_bytes()):
            write_atomic(out, Path("data") / name, source.read_bytes())
