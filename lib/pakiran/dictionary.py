"""The data dictionary (docs/data-dictionary.md), written from datapackage.json."""
from __future__ import annotations

import json
from pathlib import Path


def _constraints(field: dict) -> str:
    c = field.get("constraints", {})
    parts = []
    if c.get("required"):
        parts.append("required")
    if c.get("unique"):
        parts.append("unique")
    if "vocabulary" in field:
        parts.append(f"one or more of {', '.join(field['vocabulary'])} (separated by `{field['separator']}`)")
    elif "enum" in c:
        parts.append("one of " + ", ".join(c["enum"]))
    if field.get("partialDate"):
        parts.append("YYYY-MM-DD, YYYY-MM or YYYY")
    if "minimum" in c or "maximum" in c:
        parts.append(f"{c.get('minimum', '')}…{c.get('maximum', '')}")
    if "maxLength" in c:
        parts.append(f"at most {c['maxLength']} characters")
    return "; ".join(parts)


def markdown(data_dir: Path) -> str:
    """The dictionary as Markdown: one section per table, one row per column."""
    package = json.loads((data_dir / "datapackage.json").read_text(encoding="utf-8"))
    lines = ["# Data dictionary", "",
             "Written from `data/datapackage.json` by `python -m pakiran dictionary`; do not edit by hand.", "",
             package["description"], "",
             f"Licence: {package['licenses'][0]['title']} ({package['licenses'][0]['path']}); see data/LICENSE.md.",
             ""]
    for res in package["resources"]:
        if "schema" not in res:
            lines += [f"## {res['path']}", "", res["description"], "",
                      f"Licence: {res['licenses'][0]['title']}.", ""]
            continue
        schema = res["schema"]
        lines += [f"## {res['path']}", "", res["description"], ""]
        pk = schema.get("primaryKey")
        lines.append(f"Primary key: `{', '.join(pk) if isinstance(pk, list) else pk}`.")
        for fk in schema.get("foreignKeys", []):
            lines.append(f"Foreign key: `{fk['fields']}` → `{fk['reference']['resource']}.{fk['reference']['fields']}`.")
        lines += ["", "| column | type | rules | meaning |", "|---|---|---|---|"]
        for field in schema["fields"]:
            lines.append(f"| `{field['name']}` | {field['type']} | {_constraints(field)} | {field['description']} |")
        lines.append("")
    return "\n".join(lines)
