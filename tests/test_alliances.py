"""Alliances: events by keys, memberships in force, alliance types and reasons, small counts."""
from __future__ import annotations

import pandas as pd
import pytest

import pakiran as pk


def test_a_key_drops_month_and_day_but_keeps_year_and_slug():
    assert pk.event_key("1979-03-12-pakistan-leaves-cento") == "1979-pakistan-leaves-cento"
    assert pk.event_key("1959-08-baghdad-pact-renamed-cento") == "1959-baghdad-pact-renamed-cento"
    assert pk.event_key("1977-treaty-of-izmir") == "1977-treaty-of-izmir"


def test_keys_and_full_ids_find_the_same_event_in_the_order_given():
    ids = pk.ids_by_key(["1979-pakistan-leaves-cento", "1947-08-14-iran-recognises-pakistan"])
    assert ids == ["1979-03-12-pakistan-leaves-cento", "1947-08-14-iran-recognises-pakistan"]
    e = pk.event_by_key("1955-pakistan-joins-baghdad-pact")
    assert e.date_label == "23 September 1955"
    assert e.days_until(pk.event_by_key("1955-iran-joins-baghdad-pact")) == 41


def test_unknown_key_is_refused_with_its_key():
    with pytest.raises(KeyError, match="no event with key '1950-nope'"):
        pk.event_by_key("1950-03-nope")


def test_events_by_key_are_sorted_by_date():
    rows = pk.events_by_key(["1979-iranian-revolution", "1950-shah-first-state-visit"])
    assert list(rows["id"]) == ["1950-03-01-shah-first-state-visit", "1979-02-11-iranian-revolution"]
    assert pk.events_by_key([]).empty


def test_tagged_needs_every_theme():
    events = pk.find_events(themes=["cold_war", "border_security"], start=1947, end=1979)
    both = pk.tagged(events, "cold_war", "border_security")
    assert len(both) < len(events)
    assert all({"cold_war", "border_security"} <= set(t) for t in both["themes"])
    assert pk.tagged(events.iloc[:0], "cold_war").empty


def test_in_force_keeps_memberships_overlapping_the_period_and_cuts_later_exits():
    rows = pk.in_force(pk.memberships(), 1954, 1955, leave_out=["UN"])
    assert sorted(rows["id"]) == ["irn-cento", "pak-cento", "pak-seato", "pak-turkey-agreement-1954"]
    cut = rows.set_index("id")
    assert cut.at["pak-turkey-agreement-1954", "left_label"] == "23 September 1955"
    assert pd.isna(cut.at["pak-seato", "left"]) and cut.at["pak-seato", "left_label"] == ""
    assert pk.in_force(pk.memberships(), 1947, 1947, leave_out=["UN"]).empty


def test_in_force_follows_the_reports_period():
    pk.check_parameters(1980, 1990)
    assert "pak-cento" not in set(pk.in_force(pk.memberships())["id"])


def test_military_pacts_and_their_types():
    pacts = pk.military_pacts(pk.memberships())
    assert set(pacts["type"]) <= set(pk.ALLIANCE_TYPES) and "UN" not in set(pacts["short_name"])
    assert pk.alliance_types(pacts) == ["entente"]
    assert pk.alliance_types(pacts.iloc[:0]) == []


def test_coding_reason_reads_the_note_and_refuses_unknown_ids():
    assert pk.coding_reason("pak-turkey-agreement-1954") == (
        "consultation and defence cooperation without a mutual-defence pledge")
    assert pk.coding_reason("pak-un") == ""
    with pytest.raises(KeyError, match="no membership with id 'nope'"):
        pk.coding_reason("nope")


def test_most_frequent_names_ties_and_counts():
    visits = pk.visits(1947, 1979)
    assert pk.most_frequent(visits["visitor"], "visit") == \
        "Mohammad Reza Pahlavi and Zulfikar Ali Bhutto (3 visits each)"
    assert pk.most_frequent(visits.iloc[:0]["visitor"], "visit") == ""


def test_ordinal():
    assert [pk.ordinal(n) for n in (4, 111, 22, 23)] == ["4th", "111th", "22nd", "23rd"]


def test_numbers_for_years_choose_subjects_by_the_years_they_describe():
    spans = {"pakistani_pows_in_india": (1971, 1973), "rcd_n25_highway": (1964, 1979)}
    rows = pk.numbers_for_years(spans, 1947, 1979)
    assert sorted(set(rows["subject"])) == sorted(spans) and len(rows) == 3  # both PoW values, undated one included
    assert set(rows["shown"]) == {"92,000", "93,000", "813"}
    assert list(pk.numbers_for_years(spans, 1974, 1979)["subject"]) == ["rcd_n25_highway"]
    assert pk.numbers_for_years(spans, 1947, 1950).empty


def test_claims_by_status_separates_unverified_claims_and_keeps_sources():
    aid = pk.numbers_for_years({"iran_arms_purchases_for_pakistan": (1965, 1965),
                                "iran_aid_balochistan_1973": (1973, 1973)}, 1947, 1979)
    table = pk.claims_by_status(aid, labels={"f86_jets_bought": "F-86 jets bought"}, undated="after 1965")
    assert list(table.index)[0] == "F-86 jets bought (after 1965)"
    assert table["reported"].notna().sum() == 1 and table["claim, not verified"].notna().sum() == 2
    assert set(pk.sources_of(table)) == set(aid["source_id"])
    assert pk.claims_by_status(aid.iloc[:0]).empty


def test_period_end_is_the_last_day_of_the_reports_period():
    pk.check_parameters(1950, 1960)
    assert pk.period_end() == pd.Timestamp(1960, 12, 31)


def test_reported_gives_one_number_with_its_citation_and_refuses_to_pick():
    helicopters = pk.reported("iran_aid_balochistan_1973", "helicopters_sent")
    assert (helicopters.value, helicopters.unit, helicopters.as_of_label) == (12.0, "aircraft", "7 October 1973")
    assert "not verified" in helicopters.note
    assert f"#ref-{helicopters.source_id}" in helicopters.cite
    with pytest.raises(LookupError, match="2 values"):
        pk.reported("pakistani_pows_in_india")
    with pytest.raises(LookupError, match="no value"):
        pk.reported("rcd_n25_highway", "width")
