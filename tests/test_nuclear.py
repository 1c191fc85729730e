"""Vote tallies on Iran's nuclear programme (pakiran.nuclear)."""
from __future__ import annotations

import pandas as pd
import pytest

import pakiran as pk


def test_every_iaea_tally_row_is_one_source_and_cites_it():
    table = pk.vote_tallies("iaea", 1947, 2030)
    figures = pk.reported_numbers()
    stored = figures[figures["subject"].str.startswith("iaea_vote_")]
    assert len(table) == stored.groupby(["subject", "source_id"]).ngroups
    assert all(len(ids) == 1 for ids in table["source_ids"])
    assert set(table["source_ids"].map(lambda ids: ids[0])) == set(stored["source_id"])
    assert list(table["date"]) == sorted(table["date"])


def test_values_are_the_sources_own_and_disagreeing_sources_keep_their_rows():
    table = pk.vote_tallies("unsc", 2010, 2010)
    assert sorted(table["in favour"]) == [12.0, 12.0, 13.0]
    assert all(" (" in label for label in table.index)  # several sources: each row names its source
    single = pk.vote_tallies("unsc", 2025, 2025)
    assert all(" (" not in label for label in single.index)
    assert list(single["in favour"]) == [4.0, 4.0]


def test_a_missing_measure_stays_empty_and_is_not_filled_in():
    table = pk.vote_tallies("unsc", 2010, 2010)
    xinhua = table[table["source_ids"] == ("peopledaily-2010-unsc-new-iran-sanctions",)]
    assert pd.isna(xinhua["against"].iloc[0]) and pd.isna(xinhua["abstained"].iloc[0])


def test_period_defaults_to_the_report_and_an_empty_period_gives_no_rows():
    pk.check_parameters(2020, 2022)
    assert {d.year for d in pk.vote_tallies("iaea")["date"]} == {2020, 2022}
    empty = pk.vote_tallies("iaea", 1950, 1960)
    assert empty.empty and list(empty.columns) == [*pk.VOTE_COLUMNS.values(), "date", "subject", "source_ids"]


def test_unknown_body_is_refused():
    with pytest.raises(ValueError, match="iaea, unsc"):
        pk.vote_tallies("nato")
