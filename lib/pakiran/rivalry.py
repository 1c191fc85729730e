"""Sectarian strife and the Saudi–Iran rivalry: which strand of the story an event belongs to,
events per decade split by a column, and the places that events name.

Every table returned here carries a ``source_ids`` column per row (events per decade) or the
place's own ``source_id`` (places), so that charts and tables cite exactly what they show.
"""
from __future__ import annotations

import re

import pandas as pd

from .load import load_places
from .query import counts_with_sources

GULF_RIVALRY = "Gulf and Saudi–Iran rivalry"
SECTARIAN_STRIFE = "sectarian strife in Pakistan and nearby"
# States whose presence among an event's actors puts it in the Gulf strand (Iraq for the Iran–Iraq
# War, China for the 2023 deal it brokered, Yemen for the war there).
GULF_STATES = frozenset({"SAU", "IRQ", "CHN", "YEM", "ARE", "BHR", "QAT", "KWT", "OMN"})


def strand(events: pd.DataFrame) -> pd.Series:
    """GULF_RIVALRY for events with a Gulf state (or Iraq, China, Yemen) among their actors,
    SECTARIAN_STRIFE for the others (violence, bans and protest inside Pakistan, attacks on
    Iranians in Pakistan and Afghanistan).

    >>> frame = pd.DataFrame({"actors": [("SAU", "IRN"), ("PAK",)]})
    >>> list(strand(frame)) == [GULF_RIVALRY, SECTARIAN_STRIFE]
    True
    """
    return pd.Series([GULF_RIVALRY if GULF_STATES.intersection(a) else SECTARIAN_STRIFE for a in events["actors"]],
                     index=events.index, dtype=object)


def per_decade(events: pd.DataFrame, by: pd.Series | str, order: list[str] | None = None) -> pd.DataFrame:
    """Events per decade (rows labelled '1980s', every decade from the first to the last) and value
    of `by` (a column name or a Series aligned with events), with the source_ids of each decade.

    >>> frame = pd.DataFrame({"year": [1985, 1988, 2013], "kind": ["attack", "incident", "attack"],
    ...                       "source_ids": [("a",), ("b",), ("a",)]})
    >>> per_decade(frame, "kind").to_dict("list")["attack"]
    [1, 0, 0, 1]
    """
    values = events[by] if isinstance(by, str) else by
    columns = order or list(dict.fromkeys(values))
    if events.empty:
        return pd.DataFrame(columns=[*columns, "source_ids"])
    decade = (events["year"] // 10) * 10
    decades = range(int(decade.min()), int(decade.max()) + 1, 10)
    table = counts_with_sources(events, decade, values, decades, columns)
    table.index = [f"{d}s" for d in decades]
    return table


def named_places(events: pd.DataFrame, role: str = "attack_site", places: pd.DataFrame | None = None,
                 leave_out=()) -> pd.DataFrame:
    """The places (default: places.csv) whose name appears as a word in the title or summary of
    the events, each with `roles` set to (role,) and `events`, the number of events naming it.

    Places in leave_out (ids) are not returned. No events give no rows.

    >>> frame = pd.DataFrame({"title": ["Bomb in Quetta"], "summary": ["Shias were killed in Quetta."]})
    >>> named_places(frame)[["name", "events"]].to_dict("records")
    [{'name': 'Quetta', 'events': 1}]
    """
    places = load_places() if places is None else places
    text = (events["title"] + " " + events["summary"]).tolist()
    counts = [sum(bool(re.search(rf"\b{re.escape(name)}\b", t)) for t in text) for name in places["name"]]
    found = places.assign(events=counts, roles=[(role,)] * len(places))
    return found[(found["events"] > 0) & ~found["id"].isin(list(leave_out))].reset_index(drop=True)
