"""The validator: clean data passes silently; every kind of damage gives file:row: column: message."""
from __future__ import annotations

import csv
import re
import subprocess
import sys
from pathlib import Path

import pytest

import pakiran
from pakiran import DataError

from conftest import DATA

# Columns of memberships.csv, read from its header so that a new column does not break the tests.
MEMBERSHIP_COLUMNS = len((DATA / "memberships.csv").read_text(encoding="utf-8").split("\n", 1)[0].split(","))

MESSAGE = re.compile(r"^(data/[a-z_]+\.csv):(\d+): ([^:]+): (.+)$")


def run_cli(*args: str, cwd: Path | None = None, env_data: Path | None = None) -> subprocess.CompletedProcess:
    env = None
    if env_data is not None:
        import os
        env = {**os.environ, "PAKIRAN_DATA": str(env_data)}
    return subprocess.run([sys.executable, "-m", "pakiran", *args], capture_output=True, text=True,
                          cwd=cwd, env=env, timeout=120)


def rewrite(path: Path, change) -> None:
    """Apply change(rows) to the CSV at path (rows include the header) and write it back."""
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    change(rows)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)


def set_cell(path: Path, row: int, column: str, value: str) -> None:
    """Set one cell; row counts the header as row 1."""
    def change(rows):
        rows[row - 1][rows[0].index(column)] = value
    rewrite(path, change)


def test_clean_package_is_valid_and_cli_is_silent():
    assert pakiran.validate(DATA) == []
    result = run_cli("validate", cwd=DATA.parent)
    assert result.returncode == 0
    assert result.stdout == "" and result.stderr == ""


INJECTIONS = {
    "bad date": ("events.csv", lambda d: set_cell(d / "events.csv", 2, "date", "2024-13-05"),
                 2, "date", "'2024-13-05' is not a valid date (YYYY-MM-DD, YYYY-MM or YYYY)"),
    "unknown source id": ("event_sources.csv", lambda d: set_cell(d / "event_sources.csv", 3, "source_id", "no-such-source"),
                          3, "source_id", "'no-such-source' does not match any id in sources.csv"),
    "duplicate id": ("events.csv", lambda d: set_cell(d / "events.csv", 4, "id", _cell(d / "events.csv", 3, "id")),
                     4, "id", "duplicate value"),
    "theme outside the vocabulary": ("events.csv", lambda d: set_cell(d / "events.csv", 5, "themes", "diplomacy;piracy"),
                                     5, "themes", "'piracy' is not in the vocabulary"),
    "score outside -10..10": ("cameo.csv", lambda d: set_cell(d / "cameo.csv", 6, "goldstein", "12"),
                              6, "goldstein", "12 is outside the allowed range -10 to 10"),
    "empty required field": ("events.csv", lambda d: set_cell(d / "events.csv", 7, "title", ""),
                             7, "title", "required value is missing"),
    "renamed column": ("events.csv", lambda d: set_cell(d / "events.csv", 1, "title", "titel"),
                       1, "titel", "column 5 is named 'titel'; expected 'title'"),
    "empty file": ("figures.csv", lambda d: (d / "figures.csv").write_bytes(b""),
                   1, "(header)", "file is empty; expected the header id,subject,measure"),
    "invalid UTF-8": ("places.csv", lambda d: _replace_bytes(d / "places.csv", 4, b"\xe9\xff"),
                      4, "name", "invalid UTF-8 byte(s) 0xE9 0xFF"),
    "too many fields": ("memberships.csv", lambda d: _append_field(d / "memberships.csv", 3),
                        3, f"field {MEMBERSHIP_COLUMNS + 1}",
                        f"row has {MEMBERSHIP_COLUMNS + 1} fields but the header has {MEMBERSHIP_COLUMNS}"),
    "goldstein differs from its CAMEO code": ("events.csv", lambda d: _wrong_weight(d, 8),
                                              8, "goldstein", "is not the weight of CAMEO code"),
    "end date before start": ("events.csv", lambda d: (set_cell(d / "events.csv", 9, "date", "2000-05-05"),
                                                       set_cell(d / "events.csv", 9, "date_precision", "day"),
                                                       set_cell(d / "events.csv", 9, "end_date", "1999")),
                              9, "end_date", "'1999' is before date '2000-05-05'"),
    "precision that does not match the date": ("events.csv", lambda d: (set_cell(d / "events.csv", 10, "date", "1950-03"),
                                                                        set_cell(d / "events.csv", 10, "date_precision", "day")),
                                               10, "date_precision", "'day' does not match date '1950-03', which is month precision"),
    "unknown kind": ("events.csv", lambda d: set_cell(d / "events.csv", 11, "kind", "party"),
                     11, "kind", "'party' is not one of: visit"),
}


def _cell(path: Path, row: int, column: str) -> str:
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    return rows[row - 1][rows[0].index(column)]


def _replace_bytes(path: Path, row: int, bad: bytes) -> None:
    """Put bad bytes into the 'name' cell of a row, as a Latin-1 editor would."""
    lines = path.read_bytes().split(b"\n")
    header = lines[0].split(b",")
    cells = lines[row - 1].split(b",")
    cells[header.index(b"name")] = b"Zahed" + bad + b"n"
    lines[row - 1] = b",".join(cells)
    path.write_bytes(b"\n".join(lines))


def _append_field(path: Path, row: int) -> None:
    def change(rows):
        rows[row - 1].append("surplus")
    rewrite(path, change)


def _wrong_weight(data: Path, row: int) -> None:
    weight = float(_cell(data / "events.csv", row, "goldstein"))
    set_cell(data / "events.csv", row, "goldstein", f"{-weight if weight else 1.0:g}")


@pytest.mark.parametrize("name", list(INJECTIONS))
def test_injected_error_is_reported_with_file_row_column(name, data_copy):
    filename, inject, row, column, text = INJECTIONS[name]
    inject(data_copy)
    result = run_cli("validate", cwd=data_copy.parent, env_data=data_copy)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    lines = result.stdout.splitlines()
    wanted = [line for line in lines if line.startswith(f"data/{filename}:{row}: {column}: ")]
    assert wanted, f"no message for data/{filename}:{row}: {column} in:\n{result.stdout}"
    assert text in wanted[0]
    assert all(MESSAGE.match(line) for line in lines), lines
    assert "row numbers count the header as row 1" in result.stderr


@pytest.mark.parametrize("name", ["bad date", "renamed column", "invalid UTF-8", "empty file"])
def test_loaders_refuse_invalid_data_with_the_same_message(name, data_copy):
    filename, inject, row, column, text = INJECTIONS[name]
    inject(data_copy)
    with pytest.raises(DataError) as caught:
        pakiran.load_events()
    assert f"data/{filename}:{row}: {column}: " in str(caught.value)
    assert text in str(caught.value)


def test_all_problems_are_reported_not_just_the_first(data_copy):
    set_cell(data_copy / "events.csv", 2, "date", "2024-13-05")
    set_cell(data_copy / "events.csv", 3, "kind", "party")
    set_cell(data_copy / "sources.csv", 2, "accessed", "yesterday")
    problems = pakiran.validate(data_copy)
    assert {(p.file.split("/")[-1], p.row, p.column) for p in problems} >= {
        ("events.csv", 2, "date"), ("events.csv", 3, "kind"), ("sources.csv", 2, "accessed")}


def test_event_without_a_source_is_reported(data_copy):
    event_id = _cell(data_copy / "events.csv", 2, "id")
    rewrite(data_copy / "event_sources.csv", lambda rows: rows.__setitem__(
        slice(None), [r for r in rows if r[0] != event_id]))
    problems = [str(p) for p in pakiran.validate(data_copy)]
    assert f"data/events.csv:2: id: event '{event_id}' has no source; add a row to event_sources.csv" in problems


def test_missing_file_is_reported(data_copy):
    (data_copy / "trade.csv").unlink()
    problems = [str(p) for p in pakiran.validate(data_copy)]
    assert any(p.startswith("data/trade.csv:1: (file): file is missing") for p in problems)


def test_visit_must_point_at_a_visit_event(data_copy):
    visit_event = _cell(data_copy / "visits.csv", 2, "event_id")
    with open(data_copy / "events.csv", encoding="utf-8", newline="") as fh:
        row = next(n for n, r in enumerate(csv.reader(fh), start=1) if r[0] == visit_event)
    set_cell(data_copy / "events.csv", row, "kind", "meeting")
    problems = [str(p) for p in pakiran.validate(data_copy)]
    assert f"data/visits.csv:2: event_id: event '{visit_event}' has kind 'meeting'; expected 'visit'" in problems
