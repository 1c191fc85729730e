"""Damaged files: delimiter, truncation, header and row faults are reported first and by their cause.

Problems that a damaged file causes elsewhere (foreign keys and cross-table rules looking into it)
are replaced by one count line at row 0 of the file that was being checked.
"""
from __future__ import annotations

import pytest

import pakiran

from conftest import DATA
from factory import cell, read_csv, reported, set_cell, write_csv

# Columns of memberships.csv, read from its header so that a new column does not break the tests.
MEMBERSHIP_COLUMNS = len(read_csv(DATA / "memberships.csv")[0])

FOLLOW_ON = "follow-on problems not shown; fix the problems above first"


def _delimited(path, delimiter: str) -> None:
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    lines[0] = lines[0].replace(",", delimiter)
    path.write_text("\n".join(lines), encoding="utf-8")


def test_semicolon_delimited_file_names_its_delimiter(data_copy):
    rows = read_csv(data_copy / "events.csv")
    (data_copy / "events.csv").write_text("\n".join(";".join(r) for r in rows) + "\n", encoding="utf-8")
    lines = reported(data_copy)
    assert lines[0] == "data/events.csv:1: (header): delimiter is ';', expected ','"
    assert not any("column is missing" in line for line in lines)


def test_tab_delimited_header_names_its_delimiter(data_copy):
    _delimited(data_copy / "figures.csv", "\t")
    assert reported(data_copy)[0] == "data/figures.csv:1: (header): delimiter is a tab, expected ','"


def test_semicolon_delimited_row_under_a_comma_header(data_copy):
    rows = read_csv(data_copy / "visits.csv")
    lines = (data_copy / "visits.csv").read_text(encoding="utf-8").split("\n")
    lines[3] = ";".join(rows[3])
    (data_copy / "visits.csv").write_text("\n".join(lines), encoding="utf-8")
    assert "data/visits.csv:4: event_id: row has 1 fields but the header has 6; its delimiter is ';', expected ','" \
        in reported(data_copy)


def test_truncated_file_reports_its_cause_first_and_counts_the_follow_on_problems(data_copy):
    path = data_copy / "events.csv"
    text = path.read_text(encoding="utf-8")
    cut = text.index("\n", len(text) // 2) + 30  # inside the next row, before its summary's quotes
    path.write_text(text[:cut], encoding="utf-8")
    kept = {r[0] for r in read_csv(path)[1:] if len(r) == 12}  # the cut row is left out
    lost = sum(1 for r in read_csv(data_copy / "event_sources.csv")[1:] if r[0] not in kept)
    lines = reported(data_copy)
    rows = len(read_csv(path))
    assert lines[0].startswith(f"data/events.csv:{rows}: ")
    assert lines[0].endswith("and no line end; the file looks truncated")
    assert f"data/event_sources.csv:0: (foreign keys): {lost} {FOLLOW_ON}" in lines
    assert not any(line.startswith("data/event_sources.csv:") and "does not match" in line for line in lines)


def test_file_cut_inside_a_quoted_value_looks_truncated(data_copy):
    path = data_copy / "events.csv"
    text = path.read_text(encoding="utf-8")
    start = text.index(',"', len(text) // 2) + 5
    path.write_text(text[:start], encoding="utf-8")
    rows = text[:start].count("\n") + 1
    assert reported(data_copy)[0] == f"data/events.csv:{rows}: (row): file ends inside a quoted value; it looks truncated"


def test_structural_problems_come_before_value_problems_of_any_file(data_copy):
    set_cell(data_copy / "cameo.csv", 3, "goldstein", "eleven")
    rows = read_csv(data_copy / "sources.csv")
    rows[5].append("extra")
    write_csv(data_copy / "sources.csv", rows)
    lines = reported(data_copy)
    n = len(rows[0])  # from the header, so that a new column does not break the test
    assert lines[0] == (f"data/sources.csv:6: field {n + 1}: row has {n + 1} fields but the header has {n}; "
                        "quote values that contain a comma")
    assert lines.index("data/cameo.csv:3: goldstein: 'eleven' is not a number (digits 0-9, optional sign and decimal point)") > 0
    source = rows[5][0]
    users = sum(1 for r in read_csv(data_copy / "event_sources.csv")[1:] if r[1] == source)
    assert f"data/event_sources.csv:0: (foreign keys): {users} {FOLLOW_ON}" in lines


def test_damaged_event_sources_hide_events_without_sources(data_copy):
    path = data_copy / "event_sources.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",", ";", 2), encoding="utf-8")
    events = len(read_csv(data_copy / "events.csv")) - 1
    lines = reported(data_copy)
    assert lines == ["data/event_sources.csv:1: (header): delimiter is ';', expected ','",
                     f"data/events.csv:0: (cross-table rules): {events} {FOLLOW_ON}"]


def _blank_row(data):
    path = data / "trade.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    path.write_text("\n".join(lines[:3] + [""] + lines[3:]), encoding="utf-8")


def _short_row(data):
    rows = read_csv(data / "memberships.csv")
    rows[3] = rows[3][:4]
    write_csv(data / "memberships.csv", rows)


def _header(data, change):
    rows = read_csv(data / "figures.csv")
    change(rows[0])
    write_csv(data / "figures.csv", rows)


def _stray_quote(data):
    path = data / "places.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[4] = lines[4].replace(",", ',"x"y', 1)
    path.write_text("\n".join(lines), encoding="utf-8")


FILES = {
    "blank row": (_blank_row, "data/trade.csv:4: (row): blank row; remove it"),
    "short row": (_short_row, "data/memberships.csv:4: type: row has 4 fields but the header has "
                              f"{MEMBERSHIP_COLUMNS}; "
                              "'type' and later columns are missing"),
    "unknown column": (lambda d: _header(d, lambda h: h.append("extra")),
                       "data/figures.csv:1: extra: unknown column; expected only "
                       "id,subject,measure,value,unit,as_of,vintage,source_id,locator,note"),
    "missing column": (lambda d: _header(d, lambda h: h.remove("note")),
                       "data/figures.csv:1: note: column is missing from the header"),
    "repeated column": (lambda d: _header(d, lambda h: h.__setitem__(slice(None), h + ["note"])),
                        "data/figures.csv:1: (header): repeated column; expected "
                        "id,subject,measure,value,unit,as_of,vintage,source_id,locator,note"),
    "stray quote": (_stray_quote, "data/places.csv:5: (row): unreadable CSV"),
    "missing file": (lambda d: (d / "visits.csv").unlink(),
                     "data/visits.csv:1: (file): file is missing; expected a CSV with header "
                     "event_id,visitor,office,office_title,from_country,to_country"),
}


@pytest.mark.parametrize("name", list(FILES))
def test_each_structural_fault_gives_its_exact_message(name, data_copy):
    damage, line = FILES[name]
    damage(data_copy)
    lines = reported(data_copy)
    assert lines[0].startswith(line), lines[:3]


def test_a_byte_order_mark_is_accepted(data_copy):
    path = data_copy / "places.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert pakiran.validate(data_copy) == []
    assert len(pakiran.load_places()) == len(read_csv(path)) - 1


def test_invalid_utf8_is_structural_and_not_reported_twice(data_copy):
    path = data_copy / "figures.csv"
    name = cell(path, 3, "id").encode()  # the id has a pattern, which the bad byte would also break
    data = path.read_bytes()
    at = data.index(b"\n" + name + b",") + 1 + len(name)
    path.write_bytes(data[:at] + b"\xe9" + data[at:])
    lines = reported(data_copy)
    assert lines == ["data/figures.csv:3: id: invalid UTF-8 byte(s) 0xE9; save the file as UTF-8"]


RULES = {
    "left before joined": ("memberships.csv", 3, "left", "1950", "data/memberships.csv:3: left: '1950' is before joined '1955-11-03'"),
    "visit to itself": ("visits.csv", 2, "to_country", "IRN", "data/visits.csv:2: to_country: must differ from from_country"),
    "trade with itself": ("trade.csv", 2, "importer", "IRN", "data/trade.csv:2: importer: must differ from exporter"),
    "visit without a visit row": ("events.csv", 7, "kind", "visit", None),
}


@pytest.mark.parametrize("name", list(RULES))
def test_each_cross_row_rule_gives_its_exact_message(name, data_copy):
    filename, row, column, value, line = RULES[name]
    if line is None:  # make a non-visit event a visit
        row = next(n for n, r in enumerate(read_csv(data_copy / "events.csv"), start=1) if n > 1 and r[7] == "meeting")
        event = cell(data_copy / "events.csv", row, "id")
        line = f"data/events.csv:{row}: kind: event '{event}' is a visit but has no row in visits.csv"
    set_cell(data_copy / filename, row, column, value)
    assert line in reported(data_copy)
