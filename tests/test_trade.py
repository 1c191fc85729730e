"""Reported values with their sources, trade rows per reporter and fiscal-year series (pakiran.trade)."""
from __future__ import annotations

import pandas as pd
import pytest

import pakiran as pk


def test_value_reads_figures_and_trade_rows_with_unit_date_note_and_source():
    price = pk.value("fig-gas-price-wikipedia-2007")
    assert price.text == "US$4.93 per million BTU" and price.as_of_label == "February 2007" and price.year == 2007
    row = pk.value("tr-2023-pak-irn-seasark")
    assert row.value == 841.8 and row.text == "US$841.8 million" and row.year == 2023 and row.source_id
    with pytest.raises(KeyError):
        pk.value("no-such-value")


def test_values_in_a_sentence_are_escaped_and_cite_their_source():
    text = str(pk.say("about **{v.text}** {v.cite}", v=pk.value("fig-penalty-thenews-2023")))
    assert "$" not in text and "US&#36;18 billion" in text and "](#ref-thenews-2023" in text
    assert pk.bibliography().ids == ["thenews-2023-iran-arbitration-pm-informed"]


def test_quote_joins_values_with_their_dates_notes_and_citations():
    quoted = pk.quote("fig-trade-target-tribune-2016", "fig-trade-target-tribune-2023")
    assert isinstance(quoted, pk.Markup)
    assert quoted.startswith("**US&#36;5 billion** (March 2016, by 2021) [[1](#ref-")
    assert " and **US&#36;5 billion** (August 2023) [[2](#ref-" in quoted
    assert pk.cite_values("fig-trade-target-tribune-2016") == pk.cite(pk.value("fig-trade-target-tribune-2016").source_id)


def test_by_id_finds_values_and_events():
    found = pk.by_id(v="fig-pipeline-length-issra-2024", e="2024-02-23-ccoe-approves-80km")
    assert isinstance(found["v"], pk.Value) and found["v"].value == 1953
    assert found["e"].date_label == "23 February 2024"


def test_with_unit_has_words_for_known_units_and_a_fallback():
    assert pk.with_unit(750, "mmcfd") == "750 million cubic feet a day"
    assert pk.with_unit(60, "pkr_billion_per_year") == "Rs60 billion a year"
    assert pk.with_unit(2.5, "widgets_per_day") == "2.5 widgets per day"


def test_reported_in_period_uses_as_of_or_the_sources_publication_date():
    rows = pk.reported_numbers("gas_pipeline", "total_length")  # no as_of: dated by their sources
    later = pk.reported_in_period(rows, start=2010, end=2025)
    assert "fig-pipeline-length-teri-2004" not in set(later["id"])  # published 2004
    assert "fig-pipeline-length-issra-2024" in set(later["id"])
    undated = set(rows["id"]) - set(pk.reported_in_period(rows, undated=False, start=1947, end=2025)["id"])
    assert undated and undated <= set(pk.reported_in_period(rows, start=1947, end=2025)["id"])
    assert {"what", "who"} <= set(later.columns)
    penalties = pk.reported_in_period(pk.reported_numbers("gas_pipeline", "penalty_claimed"), start=2024, end=2024)
    assert list(penalties["who"]) == ["Anadolu Agency"]


def test_reported_in_period_follows_the_reports_period():
    pk.check_parameters(2023, 2024)
    rows = pk.reported_in_period(pk.reported_numbers("iranian_fuel_smuggling"))
    assert rows["as_of"].dt.year.between(2023, 2024).all() and len(rows) == 4


def test_trade_rows_keep_every_reported_value_and_say_whose_it_is():
    rows = pk.trade_rows(2023, 2023)
    assert len(rows) == len(pk.load_trade().query("year == 2023"))  # nothing merged or averaged
    exports = rows[rows["direction"] == "Pakistan → Iran"]
    assert set(exports["whose"]) == {"Pakistan's statistics", "Iran's statistics", "not stated by the source"}
    assert pk.trade_rows(1950, 1960).empty


def test_fiscal_series_uses_one_reporters_fiscal_years_only_and_cites_each_row():
    series = pk.fiscal_series("PAK", 2009, 2025)
    imports = [c for c in series.columns if c.startswith("Pakistan's imports from Iran")]
    assert len(imports) == 2, "two sources report Pakistan's imports: each keeps its own column"
    daily = next(c for c in imports if "Daily Times" in c)
    assert series.loc["FY2023", daily] == 880.0  # not Iran's 1,400 for its own year
    assert series.loc["FY2023", next(c for c in imports if c != daily)] == 0.0  # the State Bank's figure, kept
    assert pd.isna(series.loc["FY2018", daily])  # missing stays missing
    assert all(series["source_ids"])
    assert list(pk.fiscal_series("PAK", 2021, 2021).columns) == [
        "Pakistan's exports to Iran", "Pakistan's imports from Iran", "source_ids"], "one source: plain names"
    iran = pk.fiscal_series("IRN", 2023, 2023)
    assert iran.loc["FY2023", "Iran's exports to Pakistan"] == 1400.0


def test_tables_and_bars_of_reported_values():
    pk.check_parameters(2023, 2024)
    rows = pk.reported_in_period(pk.reported_numbers("iranian_fuel_smuggling"))
    labelled = pk.by_label(rows[rows["unit"] == "pkr_billion_per_year"])
    assert list(labelled.columns) == ["pkr_billion_per_year", "source_id"]
    assert all(" · revenue loss (" in label for label in labelled.index)
    shown = pk.value_table(rows, "Fuel", note="Remark")._repr_html_()
    assert "ProPakistani: " in shown and "Remark" in shown
    assert str(pk.value_table(rows.iloc[0:0], empty="estimates")).startswith("*No estimates fall within 2023–2024")
    assert "Whose statistics" in pk.trade_table(pk.trade_rows())._repr_html_()


def test_series_by_source_keeps_each_source_apart():
    s = pk.series_by_source("IRN", "PAK", reporter="PAK", year_type="fiscal", start=2021, end=2023)
    assert s.loc["FY2022", "Daily Times"] == 773.8 and s.loc["FY2022", "Dawn"] == 0
    assert "dawn-2024-trade-state-bank-data" in s.loc["FY2022", "source_ids"]
    assert pk.series_by_source("PAK", "IRN", start=1964, end=1965).empty


def test_deadline_year_reads_notes():
    assert pk.deadline_year("by 2021", 2016) == 2021
    assert pk.deadline_year("To be reached within the next five years", 2024) == 2029
    assert pk.deadline_year("", 2023) is None


def test_target_outcomes_quote_every_value_for_the_deadline_year():
    rows = pk.target_outcomes(1964, 2025)
    assert set(rows["who"]) >= {"The Express Tribune", "Radio Pakistan"}
    by_2021 = rows[rows["deadline"] == 2021]
    assert by_2021["reached"].str.contains("513.6").all()
    assert rows[rows["deadline"].isna()]["reached"].eq("–").all()
    assert pk.target_outcomes(1964, 1970).empty
