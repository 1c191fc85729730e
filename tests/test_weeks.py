"""Events week by week, in date windows and by scope (pakiran.weeks)."""
from __future__ import annotations

import pandas as pd

import pakiran as pk

STRIKE = "2024-01-16-iran-strikes-panjgur"


def crisis():
    return pk.find_events(themes="crisis_2024")


def test_week_start_is_the_monday_for_one_date_and_for_a_series():
    assert pk.week_start(pd.Timestamp("2024-01-21")) == pd.Timestamp("2024-01-15")
    assert pk.week_start(pd.Timestamp("2024-01-15")) == pd.Timestamp("2024-01-15")
    mondays = pk.week_start(pd.Series(pd.to_datetime(["2024-01-16", "2024-01-22", "2024-01-28"])))
    assert list(mondays) == list(pd.to_datetime(["2024-01-15", "2024-01-22", "2024-01-22"]))


def test_week_window_covers_whole_weeks_after_the_week_of_a_date():
    assert pk.week_window("2024-01-18") == (pd.Timestamp("2024-01-15"), pd.Timestamp("2024-01-21"))
    assert pk.week_window("2024-01-18", weeks=2, later=1) == (pd.Timestamp("2024-01-22"), pd.Timestamp("2024-02-04"))


def test_per_week_by_sign_counts_every_signed_event_once_and_fills_empty_weeks():
    events = crisis()
    table = pk.per_week_by_sign(events)
    assert list(table.columns) == [pk.CONFLICT, pk.COOPERATION, "source_ids"]
    assert table[pk.CONFLICT].sum() == (events["goldstein"] < 0).sum()
    assert table[pk.COOPERATION].sum() == (events["goldstein"] > 0).sum()
    weeks = pk.week_start(events["date"])
    assert len(table) == (weeks.max() - weeks.min()).days // 7 + 1
    assert table.index[0] == f"{weeks.min().day} {weeks.min():%b %Y}"
    empty_weeks = table[(table[pk.CONFLICT] + table[pk.COOPERATION]) == 0]
    assert len(empty_weeks) > 0 and all(ids == () for ids in empty_weeks["source_ids"])


def test_per_week_by_sign_cites_exactly_the_events_of_each_week():
    events = crisis()
    table = pk.per_week_by_sign(events)
    week = pk.week_start(events["date"])
    monday = pk.event(STRIKE).date - pd.Timedelta(days=1)
    expected = {s for ids in events[week == monday]["source_ids"] for s in ids}
    assert set(table.loc[f"{monday.day} {monday:%b %Y}", "source_ids"]) == expected


def test_per_week_by_sign_of_no_events_is_empty_and_charts_say_so():
    table = pk.per_week_by_sign(crisis().head(0))
    assert table.empty and list(table.columns) == [pk.CONFLICT, pk.COOPERATION, "source_ids"]
    pk.check_parameters(1990, 1995)
    assert "No crisis events fall within 1990–1995" in str(pk.bars(table, empty="crisis events"))


def test_in_window_and_window_weight_include_both_ends():
    pair = pk.find_events(themes="crisis_2024", bilateral=True)
    inside = pk.in_window(pair, "2024-01-16", "2024-01-18")
    assert set(inside["date_label"]) == {"16 January 2024", "17 January 2024", "18 January 2024"}
    window = pk.window_weight(pair, "2024-01-16", "2024-01-18")
    assert window.events == len(inside) and window.score == inside["goldstein"].sum()
    assert window.first_label == "16 January 2024" and window.last_label == "18 January 2024"
    assert set(window.source_ids) == {s for ids in inside["source_ids"] for s in ids}


def test_window_weight_of_an_empty_window_is_zero():
    window = pk.window_weight(crisis(), "1950-01-01", "1950-12-31")
    assert (window.events, window.score, window.source_ids) == (0, 0.0, ())
    assert pk.window_weight(crisis().head(0), "2024-01-01", "2024-01-31").events == 0


def test_days_between_counts_days_with_the_noun():
    assert pk.days_between(STRIKE, "2024-01-18-pakistan-strikes-saravan") == "2 days"
    assert pk.days_between("2024-01-18-pakistan-strikes-saravan", "2024-01-19-foreign-ministers-call") == "1 day"


def test_scope_puts_regional_events_between_others_into_the_context():
    events = pk.with_scope(crisis())
    context = events[events["scope"] == pk.REGIONAL_CONTEXT]
    assert len(context) and all("regional" in t for t in context["themes"])
    assert not pk.is_bilateral(context).any()
    # an outside appeal to both states stays in the Pakistan–Iran story
    china = events.set_index("id").loc["2024-01-18-china-offers-mediation"]
    assert "regional" in china["themes"] and china["scope"] == pk.PAKISTAN_IRAN
    assert set(pk.with_scope(crisis(), context=False)["scope"]) == {pk.PAKISTAN_IRAN}
    assert pk.with_scope(crisis().head(0)).empty


def test_sign_colours_come_from_the_house_palette():
    from pakiran.style import PALETTE

    assert set(pk.SIGN_COLOURS) == {pk.CONFLICT, pk.COOPERATION}
    assert set(pk.SIGN_COLOURS.values()) <= set(PALETTE)
