"""Cell values: the validator and the loader accept exactly the same text, through one parser per type.

Every check on a value gives its exact file:row: column: message, and the loaders refuse the
same data with the same lines. Rows count the header as row 1.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

import pakiran
from pakiran import values
from pakiran.fields import check_column
from pakiran.schema import read_package

from conftest import DATA
from factory import cell, reported, set_cell

NUMBER = "is not a number (digits 0-9, optional sign and decimal point)"
WHOLE = "is not a whole number (digits 0-9 and an optional sign)"
DAY = "is not a valid date (YYYY-MM-DD)"
PARTIAL = "is not a valid date (YYYY-MM-DD, YYYY-MM or YYYY)"


BAD_VALUES = (
    [("figures.csv", 12, "value", t, NUMBER) for t in ["1_000", "١٢٣", "١٢٣.٥", "inf", "-Infinity", "nan", "NaN",
                                                       "1e3", "1,5", "0x10", "½", "１２", "1.2.3", "-", "."]]
    + [("trade.csv", 3, "year", t, WHOLE) for t in ["1_990", "٢٠١٠", "۲۰۱۰", "2010.0", "2e3", "+-2010", "２０１０"]]
    + [("sources.csv", 4, "accessed", t, DAY) for t in ["2024-02-30", "٢٠٢٤-٠١-٠١", "2024-1-5", "20240105", "2024-01",
                                                        "2024-01-05T00:00"]]
    + [("events.csv", 5, "date", t, PARTIAL) for t in ["٢٠١٠", "2010-1", "2010-02-30", "0000", "2010-13", "10-05-2010",
                                                       "2010/05"]]
)


@pytest.mark.parametrize("file,row,column,text,expected", BAD_VALUES, ids=lambda v: str(v))
def test_values_outside_their_plain_forms_are_refused(file, row, column, text, expected, data_copy):
    """Numbers in plain ASCII decimal notation, dates as YYYY-MM-DD (or partial): nothing else."""
    set_cell(data_copy / file, row, column, text)
    assert f"data/{file}:{row}: {column}: '{text}' {expected}" in reported(data_copy)


CELLS = {
    "leading space": ("events.csv", 6, "title", " Talks", "' Talks' has leading or trailing spaces"),
    "trailing space in a number": ("places.csv", 3, "lat", "27.2 ", "'27.2 ' has leading or trailing spaces"),
    "too long": ("events.csv", 6, "title", "x" * 81, "is 81 characters long; at most 80 allowed"),
    "pattern": ("figures.csv", 4, "subject", "Border Length",
                "'Border Length' does not have the expected form ^[a-z0-9_]+$"),
    "pattern of a list": ("events.csv", 7, "actors", "PAK;iran", "'PAK;iran' does not have the expected form ^[A-Z]{3}(;[A-Z]{3})*$"),
    "enum": ("visits.csv", 3, "office", "king",
             "'king' is not one of: head_of_state, head_of_government, foreign_minister, army_chief, other"),
    "vocabulary": ("places.csv", 4, "roles", "port;castle", "'castle' is not in the vocabulary (capital, "
                   "strike_site_2024, liaison_post_2024, border_crossing, port, pipeline, visit_venue, "
                   "diplomatic_post, attack_site); separate several values with ';'"),
    "required": ("figures.csv", 5, "locator", "", "required value is missing"),
    "below the minimum": ("trade.csv", 4, "value", "-1", "-1 is outside the allowed range 0 to any"),
    "above the maximum": ("places.csv", 5, "lon", "181.5", "181.5 is outside the allowed range -180 to 180"),
    "whole number out of range": ("trade.csv", 5, "year", "1900", "1900 is outside the allowed range 1947 to 2030"),
}


@pytest.mark.parametrize("name", list(CELLS))
def test_each_check_on_a_value_gives_its_exact_message(name, data_copy):
    filename, row, column, text, message = CELLS[name]
    set_cell(data_copy / filename, row, column, text)
    assert f"data/{filename}:{row}: {column}: {message}" in reported(data_copy)


def test_one_parser_per_type_serves_both_validator_and_loader():
    assert values.number("-12.50") == -12.5 and values.number(".5") == 0.5
    assert values.integer("+2010") == 2010
    assert values.date("2024-02-29") == dt.date(2024, 2, 29)
    assert values.partial_date("1950-03") == (dt.date(1950, 3, 1), "month")
    for parse, text in [(values.number, "1_000"), (values.integer, "١٢٣"), (values.date, "2023-02-29"),
                        (values.partial_date, "٢٠١٠")]:
        with pytest.raises(ValueError):
            parse(text)
    field = read_package(DATA)["figures"].field("value")
    typed, errors = check_column(field, ["1.5", "1_000", "+2"])
    assert typed == [1.5, None, 2.0] and errors == {1: f"'1_000' {NUMBER}"}


def test_loaded_values_are_the_parsed_values(data_copy):
    set_cell(data_copy / "figures.csv", 12, "value", "+0012.50")
    set_cell(data_copy / "trade.csv", 3, "year", "+2010")
    figures = pakiran.load_figures()
    assert figures.loc[10, "value"] == 12.5
    assert pakiran.load_trade().loc[1, "year"] == 2010
    assert figures["value"].dtype == "float64"


def test_clean_frames_keep_their_columns_and_types():
    events = pakiran.load_events()
    assert list(events.columns) == ["id", "date", "date_precision", "end_date", "title", "summary", "themes", "kind",
                                    "actors", "cameo_code", "goldstein", "note", "date_label", "end_date_precision",
                                    "end_date_label", "year", "source_ids"]
    assert str(events["date"].dtype) == "datetime64[s]" and str(pakiran.load_sources()["accessed"].dtype) == "datetime64[us]"
    assert isinstance(pakiran.load_trade()["year"].dtype, pd.Int64Dtype)
    assert events["cameo_code"].dtype == "string"
    first = cell(DATA / "events.csv", 2, "date")
    assert events.loc[0, "date"] == pd.Timestamp(first)
