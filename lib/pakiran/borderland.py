"""The Baloch borderland: violent incidents and hostile words by side, year by year, and the places
they name.

*Incidents* are the events of negative weight of kind ``attack`` (coded with the targeted state
only, since the attackers are militants or a mob) and ``military_action`` (coded initiator first,
the state on the receiving end last); a cooperative military action, such as one army freeing the
other's abducted guards, is not an incident. *Hostile words* are statements and diplomatic actions of negative weight
(accusations, threats, summonses), counted by the state that spoke first. Both are counted only for
Pakistan and Iran.

Every table returned here cites its rows: a ``source_ids`` column per row (events and year counts)
or ``source_id`` (places).
"""
from __future__ import annotations

import re

import pandas as pd

from .labels import label
from .load import load_places

INCIDENT_KINDS = ("attack", "military_action")
WORD_KINDS = ("statement", "diplomatic_action")
SIDES = ("PAK", "IRN")
TARGET, INITIATOR = "target", "initiator"


def targeted_state(events: pd.DataFrame) -> pd.Series:
    """The state on the receiving end of each event: the last of its actors.

    An attack lists the targeted state only; a military action lists the initiator first.

    >>> rows = pd.DataFrame({"actors": [("IRN",), ("PAK", "IRN"), ("IRN", "PAK")]})
    >>> list(targeted_state(rows))
    ['IRN', 'IRN', 'PAK']
    """
    return pd.Series([a[-1] if len(a) else "" for a in events["actors"]], index=events.index, dtype=object)


def incidents(events: pd.DataFrame) -> pd.DataFrame:
    """The attacks and military actions of negative weight among events, with a ``target`` column
    (see targeted_state).

    >>> import pakiran as pk
    >>> hits = incidents(pk.find_events(themes="border_security", start=2024, end=2024))
    >>> "2024-01-16-iran-strikes-panjgur" in set(hits["id"]), set(hits["kind"]) <= set(INCIDENT_KINDS)
    (True, True)
    """
    rows = events[events["kind"].isin(INCIDENT_KINDS) & (events["goldstein"] < 0)]
    return rows.assign(target=targeted_state(rows)).reset_index(drop=True)


def hostile_words(events: pd.DataFrame) -> pd.DataFrame:
    """Statements and diplomatic actions of negative weight (accusations, threats, summonses, protests),
    with an ``initiator`` column: the first actor, the state that spoke."""
    rows = events[events["kind"].isin(WORD_KINDS) & (events["goldstein"] < 0)]
    return rows.assign(initiator=[a[0] if len(a) else "" for a in rows["actors"]]).reset_index(drop=True)


def per_year_by_side(rows: pd.DataFrame, side: str = TARGET, start: int | None = None,
                     end: int | None = None, blank_zeros: bool = False) -> pd.DataFrame:
    """Rows per year (index) and state (a column each: 'Pakistan', 'Iran'), plus ``source_ids``.

    side is the column that names the state: ``target`` (from :func:`incidents`) or ``initiator``
    (from :func:`hostile_words`). Years run from start (default: the first row's year) to end
    (default: the last row's), empty years included; states other than Pakistan and Iran are left
    out. No rows give no rows. blank_zeros=True leaves zero counts empty (NaN), so that a bar chart
    labels only the bars it draws.

    >>> import pakiran as pk
    >>> table = per_year_by_side(incidents(pk.find_events(themes="border_security")), start=2023, end=2024)
    >>> list(table.index), list(table.columns)
    ([2023, 2024], ['Pakistan', 'Iran', 'source_ids'])
    >>> int(table.loc[2024, "Pakistan"]) >= 1
    True
    >>> per_year_by_side(incidents(pk.find_events(themes="border_security")), start=2022, end=2022,
    ...                  blank_zeros=True)["Pakistan"].isna().all().item()
    True
    """
    columns = [label(s, "country") for s in SIDES]
    rows = rows[rows[side].isin(SIDES)]
    if rows.empty and (start is None or end is None):
        return pd.DataFrame(columns=[*columns, "source_ids"])
    first = rows["year"].min() if start is None else start
    last = rows["year"].max() if end is None else end
    years = list(range(int(first), int(last) + 1))
    table = (pd.crosstab(rows["year"], rows[side]).reindex(index=years, columns=list(SIDES), fill_value=0)
             if len(rows) else pd.DataFrame(0, index=years, columns=list(SIDES)))
    table.columns = columns
    if blank_zeros:
        table = table.mask(table == 0)
    sources = {y: tuple(dict.fromkeys(s for ids in g["source_ids"] for s in ids)) for y, g in rows.groupby("year")}
    table["source_ids"] = [sources.get(y, ()) for y in years]
    table.index.name = None
    table.columns.name = None
    return table


def incident_sites(events: pd.DataFrame, places: pd.DataFrame | None = None) -> pd.DataFrame:
    """Places in Pakistan or Iran named in the title of an incident among events, on the side of one of
    its actors (so that Taftan in Pakistan is not taken for Iran's Taftan county), with the columns
    ``incidents`` (how many), ``event_ids`` and roles starting with ``attack_site``.

    A place stands for the town a title names, not the exact spot of the attack.

    >>> import pakiran as pk
    >>> sites = incident_sites(pk.find_events(themes="border_security", start=2024, end=2024))
    >>> sorted(sites["id"])[:2], sites["roles"].iloc[0][0]
    (['panjgur', 'saravan'], 'attack_site')
    """
    places = load_places() if places is None else places
    places = places[places["country"].isin(SIDES)]
    hits = incidents(events)
    found = []
    for place in places.itertuples():
        pattern = re.compile(rf"\b{re.escape(place.name)}\b")
        ids = tuple(e.id for e in hits.itertuples() if pattern.search(e.title) and place.country in e.actors)
        if ids:
            found.append((place.Index, ids))
    rows = places.loc[[i for i, _ in found]].copy()
    rows["incidents"] = [len(ids) for _, ids in found]
    rows["event_ids"] = [ids for _, ids in found]
    rows["roles"] = [("attack_site", *(r for r in roles if r != "attack_site")) for roles in rows["roles"]]
    return rows.reset_index(drop=True)


def border_places(events: pd.DataFrame, places: pd.DataFrame | None = None) -> pd.DataFrame:
    """The border crossings of places.csv and the incident sites of events (see incident_sites), one row
    per place, for a map of the borderland.

    >>> import pakiran as pk
    >>> rows = border_places(pk.find_events(themes="border_security", start=2024, end=2024))
    >>> {"taftan", "panjgur"} <= set(rows["id"])
    True
    """
    places = load_places() if places is None else places
    sites = incident_sites(events, places)
    crossings = places[places["roles"].map(lambda r: "border_crossing" in r) & ~places["id"].isin(sites["id"])]
    crossings = crossings.assign(incidents=0, event_ids=[() for _ in range(len(crossings))])
    return pd.concat([sites, crossings], ignore_index=True)
