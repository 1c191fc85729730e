"""Summaries for reports that span many years: turning points, notable years, visits and themes
by decade, and the spread of disputed values; each must also work for a period with no data."""
from __future__ import annotations

import pandas as pd

import pakiran as pk
from pakiran.overview import NotableYears, year_tones

RECOGNITION = "1947-08-14-iran-recognises-pakistan"
PANJGUR = "2024-01-16-iran-strikes-panjgur"


def test_turning_points_keep_the_listed_events_of_the_period_in_date_order():
    points = pk.turning_points([PANJGUR, RECOGNITION], 1947, 2025, at_least=2)
    assert list(points["id"]) == [RECOGNITION, PANJGUR] and not points["by_weight"].any()
    assert list(pk.turning_points([PANJGUR, RECOGNITION], 2024, 2024, at_least=1)["id"]) == [PANJGUR]


def test_turning_points_are_topped_up_with_the_strongest_events_one_per_date():
    points = pk.turning_points([PANJGUR], 2023, 2024, at_least=3, strongest=5)
    added = points[points["by_weight"]]
    assert PANJGUR in set(points["id"]) and 1 <= len(added) <= 5
    assert added["date"].is_unique
    period = pk.find_events(start=2023, end=2024)
    assert added["goldstein"].abs().min() >= period["goldstein"].abs().quantile(0.5)


def test_turning_points_use_the_reports_period_and_handle_an_empty_one():
    pk.check_parameters(1949, 1949)  # no events at all in 1949
    points = pk.turning_points([RECOGNITION])
    assert points.empty and "by_weight" in points.columns


def test_notable_years_of_the_bilateral_events():
    years = pk.notable_years(pk.find_events(bilateral=True))
    tones = year_tones(pk.find_events(bilateral=True))
    scores = pk.bilateral_score()
    busy = scores[scores["events"] > 0]
    assert years.highest.year == busy["score"].idxmax() and years.lowest.year == busy["score"].idxmin()
    assert abs(years.highest.score - busy["score"].max()) < 1e-9
    worst = years.most_negative
    assert worst.negative == tones["negative"].max() and worst.events >= worst.negative + worst.positive


def test_notable_years_without_events_or_without_negative_events():
    none = pk.notable_years(pk.find_events(start=1949, end=1949))
    assert none == NotableYears(None, None, None)
    friendly = pk.find_events(bilateral=True)
    friendly = friendly[friendly["goldstein"] > 0]
    assert pk.notable_years(friendly).most_negative is None


def test_year_tones_cites_the_events_of_each_year():
    events = pk.find_events(start=2024, end=2024, bilateral=True)
    row = year_tones(events).loc[2024]
    assert row["events"] == len(events) and set(row["source_ids"]) == set(pk.sources_of(events))
    assert year_tones(events.iloc[:0]).empty


def test_visit_summary_counts_directions_decades_and_the_most_frequent_visitor():
    visits = pk.visits(1947, 2025)
    summary = pk.visit_summary(visits)
    assert summary.total == len(visits) == summary.to_iran + summary.to_pakistan
    assert summary.top_visits == visits["visitor"].value_counts().max()
    per_decade = pk.visits_per_decade(1947, 2025)
    for decade, row in per_decade.iterrows():
        phrase = {True: summary.pakistan_more, False: summary.iran_more}
        if row["Pakistan → Iran"] != row["Iran → Pakistan"]:
            assert f"{decade}s" in phrase[bool(row["Pakistan → Iran"] > row["Iran → Pakistan"])]


def test_visit_summary_names_every_visitor_tied_for_the_most_visits():
    visits = pk.visits(1947, 2025)
    counts = visits["visitor"].value_counts()
    summary = pk.visit_summary(visits)
    assert set(summary.top_visitors) == set(counts.index[counts == counts.max()])
    tied = visits[visits["visitor"].isin(counts.index[:2])]
    tied = tied.groupby("visitor").head(int(counts.iloc[1]))  # the two leaders with the same count
    two = pk.visit_summary(tied)
    assert len(two.top_visitors) == 2 and two.travellers.startswith("The most frequent travellers are ")
    assert f"({int(counts.iloc[1])} visits each)" in two.travellers
    one = pk.visit_summary(visits[visits["visitor"] == counts.index[0]])
    assert one.travellers == f"The most frequent traveller is {counts.index[0]} ({counts.iloc[0]} visits)."
    assert pk.visit_summary(visits.iloc[:1]).travellers == ""


def test_visit_summary_of_no_visits():
    summary = pk.visit_summary(pk.visits(1947, 1948))
    assert (summary.total, summary.top_visits, summary.top_visitor) == (0, 0, "")
    assert summary.pakistan_more == summary.iran_more == summary.level == "no decade"


def test_decade_labels_and_leading_themes():
    themes = pk.themes_per_decade(1947, 2025)
    shown = pk.decade_labels(themes)
    assert shown.index[0] == "1940s" and shown.index.name == "Decade" and "cold war" in shown.columns
    assert list(shown["source_ids"]) == list(themes["source_ids"])
    lead = pk.leading_themes(themes, leave_out=["diplomacy", "regional"])
    assert lead.iloc[0]["decade"] == "1940s" and lead.iloc[0]["theme"] == "cold war"
    assert not {"diplomacy", "regional"} & set(lead["theme"])
    assert pk.leading_themes(pk.themes_per_decade(1949, 1949)).empty


def test_value_spread_of_the_border_lengths():
    border = pk.disagreements("border_length")
    spread = pk.value_spread(border)
    assert spread.sources == border["source_id"].nunique() and spread.distinct == border["value"].nunique()
    assert spread.spread == border["value"].max() - border["value"].min() and spread.unit == "km"
    assert set(spread.source_ids) == set(border["source_id"])
    assert pk.value_spread(border.iloc[:0]) is None


def test_decade_labels_of_an_empty_table():
    assert pk.decade_labels(pd.DataFrame({"a": []})).empty
