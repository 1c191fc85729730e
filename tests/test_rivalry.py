"""Tests of the rivalry module: strands, events per decade and places named by events."""
import pandas as pd

import pakiran as pk
from pakiran import rivalry


def test_strand_puts_gulf_events_in_the_rivalry_strand():
    events = pk.find_events(themes="sectarian")
    strands = rivalry.strand(events).set_axis(events["id"])
    assert strands["2023-03-10-saudi-iran-beijing-deal"] == rivalry.GULF_RIVALRY
    assert strands["1980-09-22-iran-iraq-war-begins"] == rivalry.GULF_RIVALRY
    assert strands["2013-02-16-hazara-town-market-bombing"] == rivalry.SECTARIAN_STRIFE
    assert set(strands) == {rivalry.GULF_RIVALRY, rivalry.SECTARIAN_STRIFE}


def test_per_decade_counts_every_event_once_and_keeps_empty_decades():
    events = pk.find_events(themes="sectarian")
    table = pk.per_decade(events, pk.strand(events), order=[pk.GULF_RIVALRY, pk.SECTARIAN_STRIFE])
    assert int(table[[pk.GULF_RIVALRY, pk.SECTARIAN_STRIFE]].to_numpy().sum()) == len(events)
    assert list(table.index) == [f"{d}s" for d in range(1980, 2030, 10)]
    assert all(len(ids) for ids in table["source_ids"])


def test_per_decade_of_no_events_is_empty():
    empty = pk.find_events(themes="sectarian").iloc[0:0]
    table = pk.per_decade(empty, "kind", order=["attack"])
    assert table.empty and list(table.columns) == ["attack", "source_ids"]


def test_named_places_counts_events_naming_each_place():
    events = pk.find_events(themes="sectarian", kinds="attack")
    sites = pk.named_places(events, leave_out=["islamabad"])
    counts = sites.set_index("id")["events"]
    assert counts["quetta"] >= 3 and counts["peshawar"] >= 3
    assert "islamabad" not in counts.index
    assert set(sites["roles"]) == {("attack_site",)}


def test_named_places_matches_whole_words_only():
    places = pd.DataFrame({"id": ["ab"], "name": ["Ab"], "source_id": ["x"]})
    events = pd.DataFrame({"title": ["Abbottabad raid"], "summary": ["no place here"]})
    assert pk.named_places(events, places=places).empty
