"""Disputed dates as data: the date_claims table, its keys and rules, its loader and date_disagreements."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import pakiran as pk
from factory import read_csv, set_cell, write_csv


def _problems(data: Path) -> list[str]:
    return [str(p) for p in pk.validate(data)]


def test_loader_gives_typed_dates_with_precision_and_label():
    claims = pk.load_date_claims()
    assert list(claims.columns[:5]) == ["event_id", "date", "source_id", "locator", "note"]
    assert pd.api.types.is_datetime64_any_dtype(claims["date"])
    row = claims[(claims["event_id"] == "1950-friendship-treaty")
                 & (claims["source_id"] == "haider-ahmad-khurshid-pak-iran-2001-2012")].iloc[0]
    assert (row["date"], row["date_precision"], row["date_label"]) == (pd.Timestamp("1950-03-01"), "month", "March 1950")


def test_every_claim_cites_a_source_with_a_locator_and_every_claimed_event_exists():
    claims, events, sources = pk.load_date_claims(), pk.load_events(), pk.load_sources()
    assert set(claims["event_id"]) <= set(events["id"])
    assert set(claims["source_id"]) <= set(sources["id"])
    assert (claims["locator"].str.len() > 0).all()


def test_each_disputed_event_keeps_every_claim_and_the_event_date_agrees_with_one():
    rows = pk.date_disagreements()
    assert rows.groupby("event_id").size().min() >= 2
    wanted = {"event_title", "event_date_label", "date_label", "title", "publisher", "locator", "used"}
    assert wanted <= set(rows.columns)
    seato = rows[rows["event_id"] == "1955-09-23-pakistan-joins-baghdad-pact"]
    assert list(seato["date_label"]) == ["1 July 1955", "23 September 1955", "23 September 1955"]
    assert list(seato["used"]) == [False, True, True]
    assert seato["title"].iloc[0] == "Baghdad Pact"


def test_nested_periods_agree_and_disjoint_ones_do_not(data_copy):
    path = data_copy / "date_claims.csv"
    rows = [r for r in read_csv(path) if r[0] != "2001-09-11-september-11-attacks"]
    rows += [["2001-09-11-september-11-attacks", "2001-09", "haider-ahmad-khurshid-pak-iran-2001-2012", "Abstract",
              ""],
             ["2001-09-11-september-11-attacks", "2001-09-11", "oxfordreference-9-11", "abstract", ""]]
    write_csv(path, rows)
    pk.clear_cache()
    assert pk.date_disagreements("2001-09-11-september-11-attacks").empty
    assert not pk.date_disagreements("2001-10-07-us-led-invasion-of-afghanistan").empty


@pytest.mark.parametrize("row,column,value,message", [
    (2, "event_id", "1947-01-01-no-such-event", "'1947-01-01-no-such-event' does not match any id in events.csv"),
    (3, "source_id", "no-such-source", "'no-such-source' does not match any id in sources.csv"),
    (4, "date", "1950-02-30", "'1950-02-30' is not a valid date (YYYY-MM-DD, YYYY-MM or YYYY)"),
    (5, "locator", "", "required value is missing"),
])
def test_a_bad_claim_is_reported_with_file_row_and_column(row, column, value, message, data_copy):
    set_cell(data_copy / "date_claims.csv", row, column, value)
    assert f"data/date_claims.csv:{row}: {column}: {message}" in _problems(data_copy)
    with pytest.raises(pk.DataError):
        pk.load_date_claims()


def test_second_claim_of_one_source_for_one_event_is_reported(data_copy):
    path = data_copy / "date_claims.csv"
    rows = read_csv(path)
    rows.insert(2, list(rows[1]))
    write_csv(path, rows)
    first = ",".join(rows[1][i] for i in (0, 2))
    wanted = f"data/date_claims.csv:3: event_id,source_id: duplicate value '{first}' (already in row 2); must be unique"
    assert wanted in _problems(data_copy)


def test_event_date_that_no_claim_supports_is_reported(data_copy):
    events = data_copy / "events.csv"
    number = next(i for i, r in enumerate(read_csv(events), start=1) if r[0] == "2001-09-11-september-11-attacks")
    set_cell(events, number, "date", "2001-09-12")
    assert (f"data/events.csv:{number}: date: '2001-09-12' agrees with none of the dates date_claims.csv gives "
            "for this event" in _problems(data_copy))
