"""The narrative toolkit the reports call: safe sentences, event look-ups, periods, places."""
from __future__ import annotations

import warnings

import pandas as pd
import pytest

import pakiran as pk

CRISIS = "2024-01-16-iran-strikes-panjgur"
COUNTER = "2024-01-18-pakistan-strikes-saravan"


def test_say_escapes_markdown_html_and_maths_in_values():
    text = str(pk.say("Title: {t}", t="[clickme](javascript:alert(4)) *x* _y_ `z` $1 <b>"))
    for raw in ("[", "]", "*", "_", "`", "$", "<b>"):
        assert raw not in text.removeprefix("Title: ")
    assert "javascript:alert(4)" in text  # shown as text, no longer a link


def test_say_keeps_the_authors_markdown_and_literal_dollars_are_not_maths():
    text = str(pk.say("**{n}** cost US$4.93 and US$500 million", n=3))
    assert text.startswith("**3**") and "$" not in text and text.count("&#36;") == 2


def test_say_formats_numbers_and_reads_attributes():
    e = pk.event(CRISIS)
    assert str(pk.say("{n} on {e.date_label}, {y}", n=1234567, e=e, y=1979)) == "1,234,567 on 16 January 2024, 1979"
    assert str(pk.say("{x:.1f}", x=2.25)) == "2.2"


def test_citation_markers_pass_through_say_unescaped():
    text = str(pk.say("{e.title} {e.cite}", e=pk.event(CRISIS)))
    assert "](#ref-" in text


def test_count_and_join():
    assert pk.count(1, "visit") == "1 visit" and pk.count(2, "visit") == "2 visits"
    assert pk.count(1200, "pledge or claim", "pledges or claims") == "1,200 pledges or claims"
    assert pk.join([]) == "" and pk.join(["a"]) == "a" and pk.join(["a", "b", "c"], "or") == "a, b or c"
    marks = pk.join([pk.Markup("[1](#a)"), pk.Markup("[2](#b)")])
    assert isinstance(marks, pk.Markup)


def test_event_gives_date_title_summary_and_citation():
    e = pk.event(CRISIS)
    assert e.date_label == "16 January 2024" and e.on == "on 16 January 2024" and e.year == 2024
    assert "Panjgur" in e.title and len(e.summary) > 40 and e.source_ids
    assert e.days_until(pk.event(COUNTER)) == 2
    cited = e.cite
    assert all(f"#ref-{s}" in cited for s in e.source_ids)
    assert set(pk.bibliography().ids) == set(e.source_ids)


def test_event_on_uses_in_for_months_and_years():
    events = pk.load_events()
    month = events[events["date_precision"] == "month"].iloc[0]
    assert pk.event(month["id"]).on == "in " + month["date_label"]


def test_unknown_event_is_refused_with_its_id():
    with pytest.raises(KeyError, match="no event with id 'nope' in events.csv"):
        pk.event("nope")


def test_cite_events_cites_every_source_of_every_event_once():
    marker = pk.cite_events(CRISIS, COUNTER)
    ids = set(pk.event(CRISIS).source_ids) | set(pk.event(COUNTER).source_ids)
    assert marker.count("](#ref-") == len(ids)


def test_chronicle_lists_events_in_date_order_inside_the_period():
    pk.check_parameters(2024, 2024)
    text = str(pk.chronicle([COUNTER, CRISIS, "2023-12-15-rask-police-station-attack"]))
    lines = text.splitlines()
    assert len(lines) == 2 and lines[0].startswith("- **16 January 2024.**") and "18 January 2024" in lines[1]
    pk.check_parameters(1950, 1951)
    assert str(pk.chronicle([CRISIS])).startswith("*No ")


def test_bilateral_means_both_states_among_the_actors():
    events = pk.load_events()
    mask = pk.is_bilateral(events)
    assert mask.any() and (~mask).any()
    assert all({"PAK", "IRN"} <= set(a) for a in events[mask]["actors"])
    both = pk.find_events(bilateral=True)
    assert len(both) == int(mask.sum())
    assert len(pk.find_events(bilateral=False)) == int((~mask).sum())
    same = pk.find_events(actors=("PAK", "IRN"), all_actors=True)
    assert list(same["id"]) == list(both["id"])


def test_bilateral_and_arena_scores_are_different_measures_with_different_names():
    bilateral = pk.bilateral_score(themes="afghanistan", start=1998, end=1998)
    arena = pk.arena_score(themes="afghanistan", start=1998, end=1998)
    assert arena.loc[1998, "events"] >= bilateral.loc[1998, "events"]
    pair = pk.find_events(themes="afghanistan", start=1998, end=1998, bilateral=True)
    assert bilateral.loc[1998, "score"] == pytest.approx(pair["goldstein"].sum())


def test_score_by_era_sums_the_years_of_each_era():
    scores = pk.bilateral_score(start=1947, end=2025)
    eras = pk.clip_eras([(1947, 1978, "Cold War"), (1979, 2000, "Afghan\ndivergence")], 1947, 2025)
    table = pk.score_by_era(scores, eras)
    assert list(table["era"]) == ["Cold War", "Afghan divergence"]
    assert table.loc[0, "events"] == scores.loc[1947:1978, "events"].sum()
    assert table.loc[0, "score"] == pytest.approx(round(scores.loc[1947:1978, "score"].sum(), 1))
    assert set(table.loc[0, "source_ids"]) == {s for ids in scores.loc[1947:1978, "source_ids"] for s in ids}


def test_clip_eras_and_in_period_use_the_reports_period():
    pk.check_parameters(1970, 1990)
    assert pk.period().label == "1970–1990" and 1980 in pk.period()
    eras = pk.clip_eras([(1947, 1978, "a"), (1979, 2000, "b"), (2001, 2020, "c")])
    assert [(e.start, e.end, e.label) for e in eras] == [(1970, 1978, "a"), (1979, 1990, "b")]
    figures = pk.reported_numbers()
    inside = pk.in_period(figures, "as_of")
    assert len(inside) and inside["as_of"].dt.year.between(1970, 1990).all()
    assert inside["as_of"].notna().all()
    events = pk.in_period(pk.load_events())
    assert events["year"].between(1970, 1990).all()


def test_nothing_names_what_is_missing_and_the_period():
    pk.check_parameters(1950, 1950)
    assert str(pk.nothing("visits")) == "*No visits fall within 1950; choose a wider period to see them.*"


def test_distance_between_places_by_name_or_id():
    km = pk.distance_km("Islamabad", "tehran")
    assert 1900 < km < 2100
    assert pk.distance_km("tehran", "Islamabad") == pytest.approx(km)
    assert pk.distance_km("Islamabad", "Islamabad") == 0
    with pytest.raises(KeyError, match="no place with id or name 'Atlantis'"):
        pk.distance_km("Atlantis", "Tehran")


@pytest.mark.parametrize("old,new", [("md", "say"), ("figures", "reported_numbers"), ("tables", "data_tables"),
                                     ("Table", "TableView")])
def test_old_names_still_work_with_a_deprecation_warning(old, new):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert getattr(pk, old) is getattr(pk, new)
    assert caught and issubclass(caught[0].category, DeprecationWarning) and new in str(caught[0].message)


def test_yearly_score_is_deprecated_but_keeps_both_meanings():
    with pytest.warns(DeprecationWarning, match="bilateral_score or arena_score"):
        old = pk.yearly_score(themes="afghanistan", start=1998, end=1998, bilateral=False)
    pd.testing.assert_frame_equal(old, pk.arena_score("afghanistan", 1998, 1998))
