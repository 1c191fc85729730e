"""The teaching layer of a report notebook: framing questions and key points, instructor notes.

Framing questions and key points are structured metadata of the notebook,
``metadata["pakiran"] = {"framing_questions": [...], "key_points": [...]}``, which the index reads.
The notebook also shows them, in two Markdown cells made from that metadata (tagged
``framing-questions``, after the cover cell, and ``key-points``, before the discussion questions),
so that a reader in JupyterLab sees what the page shows. ``scripts/tidy_notebooks.py`` writes them.

Cells tagged ``instructor-note`` (model answers, timing, misconceptions, homework) are for the
teacher edition only: the student page and notebook leave them out, like solutions.
"""
from __future__ import annotations

import re

FRAMING = "framing-questions"
KEY_POINTS = "key-points"
INSTRUCTOR = "instructor-note"
SELF_CHECK = "self-check-question"        # the tag of a code cell that asks a self-check
TEACHER_ONLY = {"solution", INSTRUCTOR}   # cell tags the student edition leaves out
LIMITS = {"framing_questions": (2, 4), "key_points": (3, 5)}
FRAMING_TITLE = "**Questions this report answers**"
KEY_POINTS_TITLE = "## Key points"


def teaching_metadata(metadata: dict, where: str = "notebook") -> dict[str, list[str]]:
    """The notebook's framing questions and key points, checked: lists of 2–4 and 3–5 texts.

    >>> teaching_metadata({"pakiran": {"framing_questions": ["Why?", "How?"], "key_points": ["a", "b", "c"]}})
    {'framing_questions': ['Why?', 'How?'], 'key_points': ['a', 'b', 'c']}
    >>> teaching_metadata({"pakiran": {"framing_questions": ["Why?"]}}, "03_x.ipynb")
    Traceback (most recent call last):
    ...
    ValueError: 03_x.ipynb: metadata pakiran.framing_questions needs 2 to 4 texts, found 1
    """
    found = (metadata or {}).get("pakiran", {}) or {}
    out = {}
    for key, (low, high) in LIMITS.items():
        items = found.get(key, [])
        if not isinstance(items, list) or not all(isinstance(i, str) and i.strip() for i in items):
            raise ValueError(f"{where}: metadata pakiran.{key} must be a list of non-empty texts")
        if not low <= len(items) <= high:
            raise ValueError(f"{where}: metadata pakiran.{key} needs {low} to {high} texts, found {len(items)}")
        out[key] = [" ".join(i.split()) for i in items]
    return out


def framing_source(questions: list[str]) -> str:
    """The Markdown of the framing-questions cell.

    >>> print(framing_source(["Why?", "How?"]))
    **Questions this report answers**
    <BLANKLINE>
    1. Why?
    2. How?
    """
    return FRAMING_TITLE + "\n\n" + "\n".join(f"{n}. {q}" for n, q in enumerate(questions, 1))


def key_points_source(points: list[str]) -> str:
    """The Markdown of the key-points cell."""
    return KEY_POINTS_TITLE + "\n\n" + "\n".join(f"- {p}" for p in points)


def _tags(cell) -> list[str]:
    return cell.get("metadata", {}).get("tags", [])


def _heading(cell) -> str:
    first = cell.get("source", "")
    first = "".join(first) if isinstance(first, list) else first
    return first.strip().splitlines()[0].strip() if first.strip() else ""


def place_teaching_cells(nb, where: str = "notebook") -> None:
    """Write the framing-questions and key-points cells of nb from its metadata, in place: the
    first right after the cover cell, the second before '## Discussion questions' (or the sources)."""
    import nbformat

    if not (nb.metadata.get("pakiran") or {}).keys() & LIMITS.keys():
        return
    meta = teaching_metadata(nb.metadata, where)
    nb.cells = [c for c in nb.cells if not {FRAMING, KEY_POINTS} & set(_tags(c))]
    framing = nbformat.v4.new_markdown_cell(framing_source(meta["framing_questions"]), metadata={"tags": [FRAMING]})
    points = nbformat.v4.new_markdown_cell(key_points_source(meta["key_points"]), metadata={"tags": [KEY_POINTS]})
    nb.cells.insert(1, framing)
    headings = [_heading(c) if c.cell_type == "markdown" else "" for c in nb.cells]
    at = next((i for i, h in enumerate(headings) if h == "## Discussion questions"),
              next((i for i, h in enumerate(headings) if h == "## Sources"), len(nb.cells)))
    nb.cells.insert(at, points)


def numbered_items(markdown: str) -> list[str]:
    """The items of a Markdown numbered list, continuation lines joined.

    >>> numbered_items("Intro\\n\\n1. One\\n   more.\\n2. Two")
    ['One more.', 'Two']
    """
    items: list[str] = []
    for line in markdown.splitlines():
        if re.match(r"^\d+\.\s+", line):
            items.append(re.sub(r"^\d+\.\s+", "", line).strip())
        elif items and line[:1].isspace() and line.strip():
            items[-1] += " " + line.strip()
    return items
