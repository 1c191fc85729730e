"""Read a report's title, summary, learning objectives and minutes from its first Markdown cell, and
its framing questions and key points from the notebook's metadata (see teaching.py)."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

_MINUTES = re.compile(r"\*\*Estimated time:\*\*\s*(\d+)\s*minutes? reading,\s*(\d+)\s*minutes? exercises", re.I)


@dataclass
class Header:
    title: str
    summary: str
    objectives: list[str] = field(default_factory=list)
    reading_minutes: int | None = None
    exercise_minutes: int | None = None
    framing_questions: list[str] = field(default_factory=list)
    key_points: list[str] = field(default_factory=list)


def parse_header(markdown: str) -> Header:
    """Parse '# Title', the first paragraph, the objectives list and the estimated time."""
    blocks = [b.strip() for b in re.split(r"\n\s*\n", markdown.strip()) if b.strip()]
    title = blocks[0].lstrip("#").strip() if blocks and blocks[0].startswith("#") else ""
    summary = blocks[1] if len(blocks) > 1 and not blocks[1].startswith(("**", "-")) else ""
    objectives = _list_items(markdown)
    minutes = _MINUTES.search(markdown)
    return Header(title, " ".join(summary.split()), objectives,
                  int(minutes.group(1)) if minutes else None, int(minutes.group(2)) if minutes else None)


def _list_items(markdown: str) -> list[str]:
    """The items of the Markdown's bullet lists, each with its continuation lines joined."""
    items: list[str] = []
    open_item = False
    for line in markdown.splitlines():
        if re.match(r"^\s*[-*]\s+", line):
            items.append(line.strip()[1:].strip())
            open_item = True
        elif open_item and line.strip() and line[:1].isspace():
            items[-1] += " " + line.strip()
        else:
            open_item = False
    return items


def read_header(notebook: Path) -> Header:
    """The header of the notebook at path (its first Markdown cell)."""
    from .teaching import teaching_metadata

    nb = json.loads(notebook.read_text(encoding="utf-8"))
    first = next((c for c in nb["cells"] if c["cell_type"] == "markdown"), None)
    header = parse_header("".join(first["source"]) if first else "")
    if (nb.get("metadata", {}).get("pakiran") or {}):
        teaching = teaching_metadata(nb["metadata"], notebook.name)
        header.framing_questions, header.key_points = teaching["framing_questions"], teaching["key_points"]
    return header


def header_or_title(notebook: Path, title: str) -> Header:
    """The notebook's header, or one with only the title when the notebook cannot be read (the
    report then shows as failed rather than breaking the page that lists it)."""
    try:
        return read_header(notebook)
    except (OSError, ValueError, KeyError, TypeError):
        return Header(title, "")
