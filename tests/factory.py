"""Small notebooks and a reports file for build tests: fast to run, each with one known behaviour."""
from __future__ import annotations

from pathlib import Path

import nbformat as nbf

HEADER = """# {title}

A small test report about {title}.

**Learning objectives**

- read a chart
- answer a question

**Estimated time:** 5 minutes reading, 10 minutes exercises."""

GOOD = [
    ("code", "start_year = 2023\nend_year = 2024", ["parameters"]),
    ("code", "import pakiran as pk\npk.check_parameters(start_year, end_year)\npk.reset_citations()", ["hide-input"]),
    ("code", "events = pk.find_events(themes='crisis_2024', start=start_year, end=end_year).head(6)\n"
             "pk.timeline(events, title='Crisis', caption='Figure 1. Key days.')", ["hide-input"]),
    ("code", "pk.show_table(events, {'date_label': 'Date', 'title': 'Event'}, caption='Table 1. Events.')", ["hide-input"]),
    ("markdown", "### Exercise 1\n\nHow many events are there?", []),
    ("code", "# Your answer here", ["answer"]),
    ("code", "### BEGIN SOLUTION\nanswer = len(events)  # SOLUTION_MARKER_{marker}\nanswer\n### END SOLUTION", ["solution"]),
    ("code", "pk.bibliography()", ["hide-input"]),
]


def notebook(path: Path, title: str, cells: list[tuple[str, str, list[str]]], marker: str = "X") -> Path:
    """Write a notebook with the report header and the given (kind, source, tags) cells."""
    nb = nbf.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells.append(nbf.v4.new_markdown_cell(HEADER.format(title=title)))
    for kind, source, tags in cells:
        source = source.replace("{marker}", marker)
        cell = nbf.v4.new_code_cell(source) if kind == "code" else nbf.v4.new_markdown_cell(source)
        cell.metadata["tags"] = tags
        if "solution" in tags:
            cell.metadata["nbgrader"] = {"grade": False, "grade_id": f"{marker}-ex1", "locked": False,
                                         "schema_version": 3, "solution": True}
        nb.cells.append(cell)
    path.parent.mkdir(parents=True, exist_ok=True)
    nbf.write(nb, path)
    return path


def failing(kind: str) -> list[tuple[str, str, list[str]]]:
    """Cells of a notebook that fails by an exception, a slow cell, a dying kernel, or an autograder
    check its solution does not pass (tagged raises-exception: the later cells run, then the build fails)."""
    body = {
        "exception": "x = 1\nraise ValueError('broken on purpose')",
        "timeout": "import time\ntime.sleep(60)",
        "dead": "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)",
        "check": "# Check for exercise 1 (1 point)\nassert 1 == 2, 'wrong on purpose'",
    }[kind]
    tags = ["autograder", "raises-exception"] if kind == "check" else []
    return GOOD[:2] + [("code", body, tags)] + GOOD[2:]


def reports_file(folder: Path, entries: list[tuple[str, str, str]], extra: dict[str, str] | None = None) -> Path:
    """reports.toml listing (id, notebook file, title) in order; extra adds TOML lines to the report of that id."""
    lines = []
    for report_id, name, title in entries:
        lines += ["[[report]]", f'id = "{report_id}"', f'notebook = "{name}"', f'title = "{title}"',
                  "parameters = { start_year = 2023, end_year = 2024 }", *(extra or {}).get(report_id, "").splitlines(),
                  ""]
    path = folder / "reports.toml"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def grown_package(source: Path, target: Path, events: int = 10_000) -> Path:
    """A valid copy of the data package at source, grown to the given number of events.

    Each copy of an event gets a new id, a title and summary of its own (so that checks cannot
    lean on repeated text), and copies of its event_sources and visits rows, so the grown package
    passes the same checks as the original. Returns the folder written.
    """
    import csv
    import shutil

    shutil.copytree(source, target)

    def read(name: str) -> list[list[str]]:
        with open(source / name, encoding="utf-8", newline="") as fh:
            return list(csv.reader(fh))

    def write(name: str, rows: list[list[str]]) -> None:
        with open(target / name, "w", encoding="utf-8", newline="") as fh:
            csv.writer(fh, lineterminator="\n").writerows(rows)

    tables = {name: read(name) for name in ("events.csv", "event_sources.csv", "visits.csv")}
    header, originals = tables["events.csv"][0], tables["events.csv"][1:]
    links: dict[str, list[list[str]]] = {}
    for row in tables["event_sources.csv"][1:]:
        links.setdefault(row[0], []).append(row)
    visits = {row[0]: row for row in tables["visits.csv"][1:]}
    grown = {name: rows[:] for name, rows in tables.items()}
    copy = 0
    while len(grown["events.csv"]) - 1 < events:
        copy += 1
        for row in originals:
            if len(grown["events.csv"]) - 1 >= events:
                break
            new_id = f"{row[0]}-c{copy}"
            copied = [new_id, *row[1:]]
            for column, limit in (("title", 80), ("summary", 400)):
                at = header.index(column)
                copied[at] = f"{row[at][:limit - len(new_id) - 3]} ({new_id})"
            grown["events.csv"].append(copied)
            grown["event_sources.csv"] += [[new_id, *link[1:]] for link in links.get(row[0], [])]
            if row[0] in visits:
                grown["visits.csv"].append([new_id, *visits[row[0]][1:]])
    assert header[0] == "id"
    for name, rows in grown.items():
        write(name, rows)
    return target


def read_csv(path: Path) -> list[list[str]]:
    """Rows of a CSV file, the header first."""
    import csv

    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def write_csv(path: Path, rows: list[list[str]]) -> None:
    import csv

    with open(path, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)


def set_cell(path: Path, row: int, column: str, value: str) -> None:
    """Set one cell of a CSV file; row counts the header as row 1."""
    rows = read_csv(path)
    rows[row - 1][rows[0].index(column)] = value
    write_csv(path, rows)


def cell(path: Path, row: int, column: str) -> str:
    """One cell of a CSV file; row counts the header as row 1."""
    rows = read_csv(path)
    return rows[row - 1][rows[0].index(column)]


def reported(data: Path) -> list[str]:
    """Every problem line of the package; asserts the loader refuses it with the same lines."""
    import pytest

    import pakiran

    lines = [str(p) for p in pakiran.validate(data)]
    with pytest.raises(pakiran.DataError) as caught:
        pakiran.load_events()
    assert [str(p) for p in caught.value.problems] == lines
    return lines
