"""Read one CSV file of the package into rows, reporting damage instead of raising."""
from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from .problems import Problem

_BAD_BYTE = re.compile(r"[\udc80-\udcff]")
Row = tuple[int, dict[str, str]]  # (row number with the header as row 1, cells by column)


def _bad_bytes(text: str) -> str | None:
    found = _BAD_BYTE.findall(text)
    if not found:
        return None
    return " ".join(f"0x{ord(ch) - 0xDC00:02X}" for ch in found[:3])


def read_rows(path: Path, shown: str, columns: list[str]) -> tuple[list[Row], list[Problem]]:
    """Rows of the CSV at path whose header must equal columns; problems name file:row: column."""
    expected = ",".join(columns)
    if not path.is_file():
        return [], [Problem(shown, 1, "(file)", f"file is missing; expected a CSV with header {expected}")]
    text = path.read_bytes().decode("utf-8", errors="surrogateescape").removeprefix("\ufeff")
    if not text.strip():
        return [], [Problem(shown, 1, "(header)", f"file is empty; expected the header {expected}")]
    records = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(records)
    except csv.Error as exc:
        return [], [Problem(shown, 1, "(header)", f"unreadable CSV ({exc}); expected the header {expected}")]
    problems = _check_header(shown, header, columns)
    if problems:
        return [], problems
    rows: list[Row] = []
    number = 1
    try:
        for record in records:
            number += 1
            problems += _check_record(shown, number, record, columns)
            if len(record) == len(columns):
                rows.append((number, dict(zip(columns, record))))
    except csv.Error as exc:
        problems.append(Problem(shown, number + 1, "(row)", f"unreadable CSV ({exc}); check the quotes"))
    return rows, problems


def _check_header(shown: str, header: list[str], columns: list[str]) -> list[Problem]:
    problems = []
    for name in header:
        bad = _bad_bytes(name)
        if bad:
            return [Problem(shown, 1, "(header)", f"invalid UTF-8 byte(s) {bad}; save the file as UTF-8")]
    if header == columns:
        return []
    if len(header) == len(columns):
        for position, (found, wanted) in enumerate(zip(header, columns), start=1):
            if found != wanted:
                problems.append(Problem(shown, 1, found or f"column {position}",
                                        f"column {position} is named '{found}'; expected '{wanted}'"))
        return problems
    for name in header:
        if name not in columns:
            problems.append(Problem(shown, 1, name or "(blank)", "unknown column; expected only " + ",".join(columns)))
    for name in columns:
        if name not in header:
            problems.append(Problem(shown, 1, name, "column is missing from the header"))
    if not problems:
        problems.append(Problem(shown, 1, "(header)", "repeated column; expected " + ",".join(columns)))
    return problems


def _check_record(shown: str, number: int, record: list[str], columns: list[str]) -> list[Problem]:
    if not record:
        return [Problem(shown, number, "(row)", "blank row; remove it")]
    problems = []
    if len(record) > len(columns):
        problems.append(Problem(shown, number, f"field {len(columns) + 1}",
                                f"row has {len(record)} fields but the header has {len(columns)}; "
                                "quote values that contain a comma"))
    elif len(record) < len(columns):
        missing = columns[len(record)]
        problems.append(Problem(shown, number, missing,
                                f"row has {len(record)} fields but the header has {len(columns)}; "
                                f"'{missing}' and later columns are missing"))
    for name, value in zip(columns, record):
        bad = _bad_bytes(value)
        if bad:
            problems.append(Problem(shown, number, name, f"invalid UTF-8 byte(s) {bad}; save the file as UTF-8"))
    return problems
