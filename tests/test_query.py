"""Queries the notebooks rely on."""
from __future__ import annotations

import pytest

import pakiran


def test_find_events_filters_by_theme_period_kind_and_actor():
    cold = pakiran.find_events(themes="cold_war", start=1947, end=1979)
    assert len(cold) >= 25
    assert all("cold_war" in t for t in cold["themes"])
    assert cold["year"].between(1947, 1979).all()
    assert cold["date"].is_monotonic_increasing
    visits = pakiran.find_events(kinds="visit")
    assert set(visits["kind"]) == {"visit"}
    both = pakiran.find_events(actors=("PAK", "IRN"), all_actors=True)
    assert all({"PAK", "IRN"} <= set(a) for a in both["actors"])
    anyone = pakiran.find_events(actors=("USA",))
    assert all("USA" in a for a in anyone["actors"])


def test_unknown_theme_is_refused_with_the_vocabulary():
    with pytest.raises(ValueError, match="unknown theme 'piracy'; choose from: cold_war"):
        pakiran.find_events(themes="piracy")


def test_visits_per_decade_counts_every_visit_by_direction():
    table = pakiran.visits_per_decade()
    assert list(table.columns) == ["Pakistan → Iran", "Iran → Pakistan", "source_ids"]
    assert table[["Pakistan → Iran", "Iran → Pakistan"]].to_numpy().sum() == len(pakiran.load_visits())
    assert list(table.index) == list(range(table.index.min(), table.index.max() + 1, 10))
    visits = pakiran.visits()
    for decade, ids in table["source_ids"].items():
        expected = {s for row in visits[visits["decade"] == decade]["source_ids"] for s in row}
        assert set(ids) == expected


def test_visits_per_decade_respects_the_period():
    table = pakiran.visits_per_decade(start=1990, end=2009)
    assert list(table.index) == [1990, 2000]


def test_yearly_score_sums_goldstein_weights_of_bilateral_events():
    scores = pakiran.bilateral_score(start=2024, end=2024)
    events = pakiran.find_events(start=2024, end=2024, actors=("PAK", "IRN"), all_actors=True)
    assert scores.loc[2024, "events"] == len(events)
    assert scores.loc[2024, "score"] == pytest.approx(events["goldstein"].sum())
    assert set(scores.loc[2024, "source_ids"]) == {s for ids in events["source_ids"] for s in ids}
    full = pakiran.bilateral_score(start=1947, end=2025)
    assert list(full.index) == list(range(1947, 2026))
    assert (full["events"] >= 0).all()


def test_disagreements_keep_every_value_with_its_source():
    border = pakiran.disagreements("border_length")
    km = border[border["unit"] == "km"]
    assert {909.0, 959.0, 900.0} <= set(km["value"])
    assert km["source_id"].notna().all() and km["title"].notna().all()
    assert len(km) == len(pakiran.reported_numbers("border_length").query("unit == 'km'"))


def test_check_period_gives_one_line_messages():
    first, last = pakiran.year_range()
    pakiran.check_period(first, last)
    with pytest.raises(ValueError, match=r"^end_year=1960 is before start_year=1970"):
        pakiran.check_period(1970, 1960)
    with pytest.raises(ValueError, match=rf"start_year=1800 is outside the data; choose a year between {first}"):
        pakiran.check_period(1800, 1960)
    with pytest.raises(ValueError, match="end_year must be a whole year"):
        pakiran.check_period(1950, "1960")


def test_memberships_by_country():
    pak = pakiran.memberships("PAK")
    assert set(pak["country"]) == {"PAK"}
    assert {"CENTO", "SEATO", "RCD", "ECO", "OIC", "NAM", "SCO", "D-8", "UN"} <= set(pak["short_name"])


def test_counts_with_sources_counts_each_group_and_cites_its_rows():
    events = pakiran.find_events(themes="crisis_2024")
    kinds = events["kind"].astype(str)
    table = pakiran.query.counts_with_sources(events, events["year"], kinds, [2022, 2023, 2024], ["attack", "visit"])
    assert list(table.index) == [2022, 2023, 2024] and list(table.columns) == ["attack", "visit", "source_ids"]
    assert table.loc[2022, "attack"] == 0 and table.loc[2022, "source_ids"] == ()
    assert table.loc[2024, "attack"] == int(((events["year"] == 2024) & (kinds == "attack")).sum())
    in_2023 = {s for ids in events[events["year"] == 2023]["source_ids"] for s in ids}
    assert set(table.loc[2023, "source_ids"]) == in_2023
