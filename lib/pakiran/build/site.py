"""Page names, navigation between reports, and the index page."""
from __future__ import annotations

import base64
from pathlib import Path

from .config import Report
from .files import write_atomic
from .header import Header, read_header

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"


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
    return filled


def write_index(reports: list[Report], out: Path, failed: set[str]) -> None:
    """site/index.html: every configured report in reading order with its header and thumbnail."""
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    env = Environment(loader=FileSystemLoader(str(TEMPLATES / "site")), autoescape=select_autoescape(["j2", "html"]))
    rows = []
    for report in reports:
        if report.custom:
            continue
        try:
            header = read_header(report.notebook)
        except (OSError, ValueError, KeyError, TypeError):   # an unreadable notebook is a failed report
            header = Header(report.title, "")
        thumb = out / ".build" / "thumbs" / f"{report.name}.png"
        rows.append({"name": report.name, "title": report.title, "summary": header.summary,
                     "objectives": header.objectives, "reading_minutes": header.reading_minutes,
                     "exercise_minutes": header.exercise_minutes, "failed": report.name in failed,
                     "thumbnail": base64.b64encode(thumb.read_bytes()).decode() if thumb.is_file() else ""})
    html = env.get_template("index.html.j2").render(reports=rows, css=stylesheet())
    write_atomic(out, "index.html", html.encode("utf-8"))
