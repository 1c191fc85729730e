"""Comparing the values that sources report for the same thing: every value kept with its source."""
from __future__ import annotations

import pandas as pd
import pytest

import pakiran as pk

REFUGEES = ("afghan_refugees_in_pakistan", "afghan_refugees_in_iran")


def refugees() -> pd.DataFrame:
    rows = pk.reported_numbers()
    rows = rows[rows["subject"].isin(REFUGEES)]
    return rows.assign(host=rows["subject"].str.removeprefix("afghan_refugees_in_").str.title())


def numbers(*rows) -> pd.DataFrame:
    """A small figures table: (value, as_of, source_id) rows of one subject."""
    return pd.DataFrame({"id": [f"f{k}" for k in range(len(rows))], "subject": "s", "measure": "m", "unit": "u",
                         "value": [r[0] for r in rows], "as_of": pd.to_datetime([r[1] for r in rows]),
                         "as_of_label": [r[1] or "" for r in rows], "source_id": [r[2] for r in rows]})


def test_spreads_give_one_row_per_disputed_thing_and_year_and_never_average():
    table = pk.spreads(refugees(), name="host")
    assert list(zip(table["label"], table["year"])) == [("Iran", 2000), ("Iran", 2025), ("Pakistan", 2005),
                                                        ("Pakistan", 2023)]
    row = table[(table["label"] == "Pakistan") & (table["year"] == 2023)].iloc[0]
    assert (row["values"], row["low"], row["high"]) == (3, 1_300_000, 4_000_000)
    assert row["ratio"] == pytest.approx(4_000_000 / 1_300_000)
    assert len(row["source_ids"]) == 3
    assert set(table.columns) == set(pk.compare.SPREAD_COLUMNS) and "mean" not in table.columns


def test_spreads_agree_with_disagreements():
    everything = pk.reported_numbers()
    disputed_ids = set(pk.disagreements()["id"])
    flagged = set(everything[pk.disputed(everything)]["id"])
    assert flagged == disputed_ids


def test_a_value_without_date_is_compared_with_every_year():
    rows = pd.DataFrame({"id": ["a", "b", "c"], "subject": "s", "measure": "m", "unit": "u",
                         "value": [1.0, 2.0, 1.0], "as_of": pd.to_datetime(["2000-01-01", "2001-01-01", None]),
                         "as_of_label": ["2000", "2001", None], "source_id": ["x", "y", "z"]})
    table = pk.spreads(rows)
    assert list(table["year"]) == [2001] and table.loc[0, "values"] == 2
    assert list(pk.disputed(rows)) == [False, True, True]


def test_equal_values_are_no_dispute_and_empty_input_gives_empty_results():
    same = numbers((5, "2000", "x"), (5, "2000", "y"))
    assert pk.spreads(same).empty and not pk.disputed(same).any()
    empty = same.iloc[:0]
    assert pk.spreads(empty).empty and pk.disputed(empty).empty
    assert pk.versus(empty) == "" and pk.with_sources(empty) == ""
    assert pk.by_source(empty, "subject", order=["a"]).empty


def test_versus_quotes_every_value_lowest_first_with_its_citation():
    rows = refugees()
    text = pk.versus(rows[(rows["host"] == "Pakistan") & (rows["as_of"].dt.year == 2023)], name="host")
    assert isinstance(text, pk.Markup)
    assert text.startswith("Pakistan in 2023: 1,300,000 [[")
    assert text.index("1,730,000") < text.index(" versus 4,000,000 [[")
    assert text.count("](#ref-") == 3


def test_versus_escapes_names_and_passes_markers_into_say():
    rows = numbers((1, "2000", "wikipedia-iran-pakistan-relations"), (2, "2000", "yousaf-2024-seeking-stability"))
    text = str(pk.say("{v}", v=pk.versus(rows, name="*bold*")))
    assert text.startswith("&#42;bold&#42; in 2000: 1 [[") and text.count("](#ref-") == 2


def test_disputes_list_widest_gap_first_and_name_what_is_missing():
    text = str(pk.disputes(refugees(), name="host"))
    lines = text.splitlines()
    assert len(lines) == 4 and lines[0].startswith("- Pakistan in 2023:") and "**3.08 times**" in lines[0]
    pk.check_parameters(1950, 1955)
    assert str(pk.disputes(refugees().iloc[:0])).startswith("*No disagreements between sources fall within 1950")


def test_with_sources_joins_values_with_their_markers():
    text = pk.with_sources(pk.reported_numbers("taliban_territorial_control"), last="or", unit="%")
    assert text.startswith("90% [[") and " or 95% [[" in text
    first = refugees().query("as_of == as_of.min()")
    text = pk.with_sources(first, where="host")
    assert text.startswith("200,000 in Iran [[") and " and 400,000 in Pakistan [[" in text


def test_by_source_puts_values_side_by_side_with_each_rows_sources():
    wide = pk.by_source(refugees(), "host", order=["Pakistan", "Iran"], scale=1e6)
    assert list(wide.columns) == ["Pakistan", "Iran", "source_ids"]
    assert wide.index[0] == "December 1979: Reuters"
    assert wide.iloc[0][["Pakistan", "Iran"]].tolist() == [0.4, 0.2]
    assert len(wide) == len(refugees().groupby(["as_of", "source_id"]))
    assert set(pk.sources_of(wide)) == set(refugees()["source_id"])
