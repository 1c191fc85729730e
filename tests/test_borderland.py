"""Incidents and hostile words by side, and incident sites (pakiran.borderland)."""
from __future__ import annotations

import pandas as pd

import pakiran as pk


def border():
    return pk.find_events(themes="border_security")


def test_incidents_name_the_state_on_the_receiving_end():
    hits = pk.incidents(border()).set_index("id")
    assert hits.loc["2024-01-16-iran-strikes-panjgur", "target"] == "PAK"
    assert hits.loc["2024-01-18-pakistan-strikes-saravan", "target"] == "IRN"
    assert hits.loc["2013-10-25-saravan-border-guards-killed", "target"] == "IRN"
    assert set(hits["kind"]) <= set(pk.INCIDENT_KINDS)


def test_hostile_words_are_negative_statements_by_the_state_that_spoke():
    words = pk.hostile_words(border())
    assert (words["goldstein"] < 0).all() and set(words["kind"]) <= set(pk.WORD_KINDS)
    assert words.set_index("id").loc["2017-05-08-bagheri-threatens-safe-havens", "initiator"] == "IRN"


def test_per_year_by_side_counts_every_incident_of_both_states_once_and_fills_empty_years():
    hits = pk.incidents(border())
    table = pk.per_year_by_side(hits, start=2003, end=2025)
    assert list(table.index) == list(range(2003, 2026))
    both = hits[hits["target"].isin(["PAK", "IRN"]) & hits["year"].between(2003, 2025)]
    assert int(table[["Pakistan", "Iran"]].to_numpy().sum()) == len(both)
    assert table.loc[2016, "source_ids"] == () or int(table.loc[2016, ["Pakistan", "Iran"]].sum()) > 0


def test_per_year_by_side_without_rows():
    none = pk.incidents(border().iloc[:0])
    assert pk.per_year_by_side(none).empty
    assert int(pk.per_year_by_side(none, start=2020, end=2021)[["Pakistan", "Iran"]].to_numpy().sum()) == 0


def test_incident_sites_keep_a_place_only_on_the_side_of_an_actor():
    sites = pk.incident_sites(border()).set_index("id")
    assert "taftan" not in sites.index  # the 2024 ambush was in Iran's Taftan county
    assert sites.loc["zahedan", "incidents"] >= 2
    assert all(r[0] == "attack_site" for r in sites["roles"])


def test_border_places_add_crossings_once():
    rows = pk.border_places(border())
    assert rows["id"].is_unique
    assert {"taftan", "mirjaveh", "pishin-iran"} <= set(rows["id"])
    assert isinstance(rows, pd.DataFrame) and "source_id" in rows.columns


def test_a_cooperative_military_action_is_not_an_incident():
    ids = set(pk.incidents(border())["id"])
    assert "2018-11-15-pakistan-recovers-five-guards" not in ids
    assert "2017-06-19-pakistan-downs-iranian-drone" in ids
