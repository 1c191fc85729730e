"""site/data/<table>.html for every table of the data package, and site/data/pakiran-data.zip.

Each page has the table's data dictionary (fields, types, descriptions, constraints, labels), its
rows as a plain HTML table (readable without scripts), a small script of the page's own that
sorts and filters the rows offline, and the CSV download. The zip holds the whole package with
fixed timestamps and sorted names, so equal data gives an equal file.
"""
from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path
from urllib.parse import urlsplit

from ..schema import read_descriptor
from .files import write_atomic
from .site import TEMPLATES, site_templates, stylesheet

ZIP = "pakiran-data.zip"
ZIP_FOLDER = "pakiran-data"
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
FILTERS = {"events": ["themes", "kind", "actors"]}      # otherwise: fields with a few categories
YEARS = {"events": "date", "trade": "year", "memberships": "joined"}
MAX_CATEGORIES = 20
LONG = {"summary", "note", "title", "locator", "terms", "authors"}   # columns given room to wrap in lines


def tables(descriptor: dict) -> list[dict]:
    """The package's tabular resources (those with a schema and a CSV path)."""
    return [r for r in descriptor.get("resources", [])
            if isinstance(r.get("path"), str) and r["path"].endswith(".csv") and r.get("schema", {}).get("fields")]


def _rows(data_dir: Path, resource: dict) -> list[dict]:
    with (data_dir / resource["path"]).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def web_url(url: str) -> bool:
    """True for an absolute http or https URL with a host (the only links the data pages make)."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def constraints(field: dict) -> list[str]:
    """A field's constraints as short phrases."""
    found = []
    for key, value in field.get("constraints", {}).items():
        if value is True:
            found.append(key)
        elif field.get("categories") and key in ("enum", "pattern"):
            found.append("one of the labelled values" if key == "enum" else "each value one of the labelled values")
        elif isinstance(value, list):
            found.append(f"{key}: {', '.join(map(str, value))}")
        else:
            found.append(f"{key}: {value}")
    if field.get("separator"):
        found.append(f"several values separated by “{field['separator']}”")
    return found


def _foreign(resource: dict) -> dict[str, str]:
    """Field name -> table it refers to, for single-field foreign keys."""
    links = {}
    for key in resource["schema"].get("foreignKeys", []):
        fields, ref = key.get("fields"), key.get("reference", {})
        if isinstance(fields, str) and ref.get("resource"):
            links[fields] = ref["resource"]
    return links


def _key(resource: dict) -> str | None:
    key = resource["schema"].get("primaryKey")
    return key if isinstance(key, str) else key[0] if isinstance(key, list) and len(key) == 1 else None


def _filters(resource: dict, rows: list[dict]) -> list[dict]:
    fields = {f["name"]: f for f in resource["schema"]["fields"]}
    names = FILTERS.get(resource["name"]) or [
        f["name"] for f in resource["schema"]["fields"]
        if 1 < len(f.get("categories", [])) <= MAX_CATEGORIES and f["name"] not in ("date_precision", "unit")]
    found = []
    for name in names:
        field = fields[name]
        sep = field.get("separator")
        used = {v for row in rows for v in ((row.get(name) or "").split(sep) if sep else [row.get(name) or ""]) if v}
        labels = {c["value"]: c.get("label", c["value"]) for c in field.get("categories", [])}
        options = sorted(used, key=lambda v: labels.get(v, v).lower())
        found.append({"name": name, "label": name.replace("_", " ").capitalize(),
                      "options": [{"value": v, "label": labels.get(v, v)} for v in options]})
    return found


def _year(value: str) -> str:
    return value[:4] if value[:4].isdigit() else ""


def _event_sources(data_dir: Path, descriptor: dict) -> dict[str, list[dict]]:
    names = {r["name"]: r for r in tables(descriptor)}
    if "event_sources" not in names or "sources" not in names:
        return {}
    sources = {row["id"]: row for row in _rows(data_dir, names["sources"])}
    found: dict[str, list[dict]] = {}
    for row in _rows(data_dir, names["event_sources"]):
        source = sources.get(row.get("source_id", ""), {})
        url = source.get("url", "")
        label = source.get("title") or row.get("source_id", "")
        if source.get("publisher"):
            label = f"{label} ({source['publisher']})"
        found.setdefault(row.get("event_id", ""), []).append(
            {"label": label, "locator": row.get("locator", ""), "href": url if web_url(url) else "",
             "id": row.get("source_id", "")})
    return found


def page(resource: dict, rows: list[dict], descriptor: dict, extra_sources: dict | None = None) -> str:
    """The HTML of one table's page."""
    from markupsafe import Markup

    env = site_templates()
    schema = resource["schema"]
    links, key = _foreign(resource), _key(resource)
    listed = {r["name"] for r in tables(descriptor)}
    fields = []
    for field in schema["fields"]:
        fields.append({"name": field["name"], "type": field.get("type", "string"),
                       "description": field.get("description", ""), "constraints": constraints(field),
                       "categories": field.get("categories", []), "numeric": field.get("type") in ("number", "integer"),
                       "labels": {c["value"]: c.get("label", c["value"]) for c in field.get("categories", [])},
                       "separator": field.get("separator"), "refers": links.get(field["name"]) if
                       links.get(field["name"]) in listed else None, "url": field["name"] == "url",
                       "long": field["name"] in LONG or field.get("constraints", {}).get("maxLength", 0) > 80})
    filters = _filters(resource, rows)
    year_field = YEARS.get(resource["name"])
    body = []
    for row in rows:
        cells = []
        for f in fields:
            value = row.get(f["name"]) or ""
            parts = value.split(f["separator"]) if f["separator"] and value else [value] if value else []
            cells.append({"value": value, "parts": [{"value": p, "label": f["labels"].get(p, p)} for p in parts],
                          "field": f, "web": f["url"] and web_url(value)})
        body.append({"id": f"row-{row[key]}" if key and row.get(key) else "", "cells": cells,
                     "year": _year(row.get(year_field) or "") if year_field else "",
                     "filters": {flt["name"]: row.get(flt["name"]) or "" for flt in filters},
                     "sources": (extra_sources or {}).get(row.get(key) or "", []) if extra_sources is not None else None})
    years = sorted(int(r["year"]) for r in body if r["year"])
    script = (TEMPLATES / "site" / "datatable.js").read_text(encoding="utf-8")
    loader = (TEMPLATES / "site" / "search_loader.js").read_text(encoding="utf-8")
    html = env.get_template("data.html.j2").render(
        css=Markup(stylesheet()), resource=resource, fields=fields, rows=body, filters=filters,
        years=(years[0], years[-1]) if years else None, with_sources=extra_sources is not None,
        tables=[{"name": r["name"], "title": r.get("title", r["name"])} for r in tables(descriptor)],
        script=Markup(script + "\n" + loader), zip=ZIP, search_edition="student")
    return html


def package_zip(data_dir: Path, descriptor: dict) -> bytes:
    """The data package as one zip: descriptor, licence and every resource, sorted, fixed timestamps."""
    names = {"datapackage.json", "LICENSE.md"} | {r["path"] for r in descriptor.get("resources", [])
                                                  if isinstance(r.get("path"), str)}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name in sorted(names):
            source = data_dir / name
            if not source.is_file():
                continue
            info = zipfile.ZipInfo(f"{ZIP_FOLDER}/{name}", date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            archive.writestr(info, source.read_bytes())
    return buffer.getvalue()


def _write_if_changed(out: Path, name: Path, data: bytes) -> None:
    target = out / name
    if not target.is_file() or target.read_bytes() != data:
        write_atomic(out, name, data)


def _inputs_key(data_dir: Path, descriptor: dict) -> str:
    """A hash of everything the data pages are made from: the package, the templates, this module."""
    import hashlib

    digest = hashlib.sha256()
    files = [data_dir / "datapackage.json", data_dir / "LICENSE.md", Path(__file__),
             *(data_dir / r["path"] for r in descriptor.get("resources", []) if isinstance(r.get("path"), str)),
             *(TEMPLATES / "site" / n for n in ("data.html.j2", "datatable.js", "search_loader.js", "search_box.html.j2")),
             TEMPLATES / "pakiran" / "style.css"]
    for path in files:
        digest.update(str(path.name).encode() + b"\0" + (path.read_bytes() if path.is_file() else b"") + b"\0")
    return digest.hexdigest()


def write_data_pages(out: Path, data_dir: Path) -> None:
    """site/data/<table>.html for every table, and site/data/pakiran-data.zip (skipped when nothing
    they are made from changed and they are all there)."""
    descriptor = read_descriptor(data_dir)
    key, record = _inputs_key(data_dir, descriptor), Path(".build") / "datapages.key"
    wanted = [out / "data" / f"{r['name']}.html" for r in tables(descriptor)] + [out / "data" / ZIP]
    if (out / record).is_file() and (out / record).read_text() == key and all(p.is_file() for p in wanted):
        return
    try:
        sources = _event_sources(data_dir, descriptor)
    except (OSError, UnicodeDecodeError, csv.Error):
        sources = {}
    for resource in tables(descriptor):
        try:
            rows = _rows(data_dir, resource)
        except (OSError, UnicodeDecodeError, csv.Error):      # the validator reports it; no page for it
            continue
        html = page(resource, rows, descriptor, sources if resource["name"] == "events" else None)
        _write_if_changed(out, Path("data") / f"{resource['name']}.html", html.encode("utf-8"))
    _write_if_changed(out, Path("data") / ZIP, package_zip(data_dir, descriptor))
    write_atomic(out, record, key.encode())


def index_entries(out: Path) -> dict:
    """The tables and the zip for the index page, read from the site's own copy of the package."""
    path = out / "data" / "datapackage.json"
    if not path.is_file():
        return {"tables": [], "zip": None}
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    found = [{"name": r["name"], "title": r.get("title", r["name"]), "description": r.get("description", "")}
             for r in tables(descriptor) if (out / "data" / f"{r['name']}.html").is_file()]
    archive = out / "data" / ZIP
    kilobytes = max(1, round(archive.stat().st_size / 1024)) if archive.is_file() else None
    return {"tables": found, "zip": {"href": f"data/{ZIP}", "kilobytes": kilobytes} if kilobytes else None}
