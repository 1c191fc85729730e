"""Read one CSV file of the package into a Table, reporting damage instead of raising.

Every problem reported here is structural (missing or empty file, encoding, delimiter, header,
ragged, blank or truncated rows); rows that do not have the header's number of fields are left out.
"""
from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from .problems import Problem
from .table import Table

_BAD_BYTE = re.compile(r"[\udc80-\udcff]")
_DELIMITERS = {";": "';'", "\t": "a tab", "|": "'|'"}


def _bad_bytes(text: str) -> str | None:
    found = _BAD_BYTE.findall(text)
    if not found:
        return None
    return " ".join(f"0x{ord(ch) - 0xDC00:02X}" for ch in found[:3])


def _delimiter(line: str) -> str | None:
    """The delimiter a line without commas seems to use, in words; None if it has commas."""
    if "," in line:
        return None
    counts = {shown: line.count(d) for d, shown in _DELIMITERS.items() if d in line}
    return max(counts, key=counts.get) if counts else None


def read_table(path: Path, shown: str, columns: list[str]) -> tuple[Table, list[Problem]]:
    """The rows of the CSV at path, whose header must equal columns, and its structural problems."""
    expected = ",".join(columns)
    if not path.is_file():
        return Table.empty(columns), [Problem(shown, 1, "(file)", f"file is missing; expected a CSV with header {expected}")]
    # A UTF-8 byte-order mark is harmless (frictionless accepts it too) and is dropped.
    data = path.read_bytes()
    try:
        text, undecodable = data.decode("utf-8"), False
    except UnicodeDecodeError:
        text, undecodable = data.decode("utf-8", errors="surrogateescape"), True
    text = text.removeprefix("\ufeff")
    if not text.strip():
        return Table.empty(columns), [Problem(shown, 1, "(header)", f"file is empty; expected the header {expected}")]
    first_line = text[:text.find("\n")] if "\n" in text else text
    delimiter = _delimiter(first_line.rstrip("\r")) if len(columns) > 1 else None
    if delimiter:
        return Table.empty(columns), [Problem(shown, 1, "(header)", f"delimiter is {delimiter}, expected ','")]
    records = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(records)
    except csv.Error as exc:
        return Table.empty(columns), [Problem(shown, 1, "(header)",
                                              f"unreadable CSV ({exc}); expected the header {expected}")]
    problems = _check_header(shown, header, columns)
    if problems:
        return Table.empty(columns), problems
    width = len(columns)
    try:
        rest = list(records)
    except csv.Error:
        rest = None
    if rest is not None and all(len(record) == width for record in rest):
        good, numbers = rest, list(range(2, len(rest) + 2))
    else:
        good, numbers, problems = _sort_rows(shown, text, columns)
    if undecodable:
        problems += _encoding(shown, numbers, good, columns)
    cells = dict(zip(columns, map(list, zip(*good)))) if good else {c: [] for c in columns}
    return Table(numbers, cells, damaged=bool(problems)), problems


def _sort_rows(shown: str, text: str, columns: list[str]) -> tuple[list[list[str]], list[int], list[Problem]]:
    """Rows with the header's number of fields, their numbers, and a problem for every other row."""
    records = csv.reader(io.StringIO(text, newline=""), strict=True)
    next(records)
    width = len(columns)
    good: list[list[str]] = []
    numbers: list[int] = []
    problems: list[Problem] = []
    number = 1
    last: list[str] = []
    try:
        for record in records:
            number += 1
            last = record
            if len(record) == width:
                good.append(record)
                numbers.append(number)
            else:
                problems.append(_ragged(shown, number, record, columns))
    except csv.Error as exc:
        number, last = number + 1, []
        if "unexpected end of data" in str(exc):
            problems.append(Problem(shown, number, "(row)", "file ends inside a quoted value; it looks truncated"))
        else:
            problems.append(Problem(shown, number, "(row)", f"unreadable CSV ({exc}); check the quotes"))
    if 0 < len(last) < width and not text.endswith(("\n", "\r")) and problems[-1].row == number:
        problems[-1] = Problem(shown, number, problems[-1].column,
                               f"last row has {len(last)} of {width} fields and no line end; the file looks truncated")
    return good, numbers, problems


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


def _ragged(shown: str, number: int, record: list[str], columns: list[str]) -> Problem:
    """A row without the header's number of fields."""
    if not record:
        return Problem(shown, number, "(row)", "blank row; remove it")
    counted = f"row has {len(record)} fields but the header has {len(columns)}"
    if len(record) > len(columns):
        return Problem(shown, number, f"field {len(columns) + 1}", f"{counted}; quote values that contain a comma")
    delimiter = _delimiter(record[0]) if len(record) == 1 else None
    if delimiter:
        return Problem(shown, number, columns[0], f"{counted}; its delimiter is {delimiter}, expected ','")
    missing = columns[len(record)]
    return Problem(shown, number, missing, f"{counted}; '{missing}' and later columns are missing")


def _encoding(shown: str, numbers: list[int], good: list[list[str]], columns: list[str]) -> list[Problem]:
    problems = []
    for number, record in zip(numbers, good):
        for name, value in zip(columns, record):
            bad = _bad_bytes(value)
            if bad:
                problems.append(Problem(shown, number, name, f"invalid UTF-8 byte(s) {bad}; save the file as UTF-8"))
    return problems
