"""Events week by week and in date windows: counts by the sign of their Goldstein weight, sums of
weights between two dates, and the scope of an event (between the two states' story or regional
context).

Weeks start on Monday. Every table returned here carries a ``source_ids`` column per row, so that
charts and tables cite exactly the events they count.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .dates import date_label
from .lookup import event
from .query import counts_with_sources, is_bilateral
from .style import OKABE_ITO
from .text import count

CONFLICT = "conflict (weight < 0)"
COOPERATION = "cooperation (weight > 0)"
# Bar colours for the two signs, from the house palette (vermillion for conflict, green for cooperation).
SIGN_COLOURS = {CONFLICT: OKABE_ITO["vermillion"], COOPERATION: OKABE_ITO["bluish_green"]}
PAKISTAN_IRAN = "Pakistan–Iran"
REGIONAL_CONTEXT = "regional context"


def week_start(dates):
    """The Monday (at midnight) of the week of each date: a Timestamp for one date, a Series for a Series.

    >>> week_start(pd.Timestamp("2024-01-18")).date()
    datetime.date(2024, 1, 15)
    """
    if isinstance(dates, pd.Series):
        days = dates.dt.normalize()
        return days - pd.to_timedelta(days.dt.day_of_week, unit="D")
    day = pd.Timestamp(dates).normalize()
    return day - pd.Timedelta(days=day.day_of_week)


def week_window(date, weeks: int = 1, later: int = 0) -> tuple[pd.Timestamp, pd.Timestamp]:
    """First and last day of `weeks` whole weeks, starting `later` weeks after the week of date.

    >>> [d.date().isoformat() for d in week_window("2024-01-16", weeks=2, later=1)]
    ['2024-01-22', '2024-02-04']
    """
    first = week_start(date) + pd.Timedelta(weeks=later)
    return first, first + pd.Timedelta(weeks=weeks) - pd.Timedelta(days=1)


def per_week_by_sign(events: pd.DataFrame) -> pd.DataFrame:
    """Events per week by the sign of their Goldstein weight.

    One row per week from the first event's week to the last one's, including empty weeks, labelled
    by its Monday ('15 Jan 2024'); columns CONFLICT and COOPERATION (events with weight 0 are not
    counted) and source_ids (the sources of the week's events). No events give no rows.
    """
    columns = [CONFLICT, COOPERATION]
    if events.empty:
        return pd.DataFrame(columns=[*columns, "source_ids"])
    week = week_start(events["date"])
    sign = [CONFLICT if g < 0 else COOPERATION if g > 0 else "neutral" for g in events["goldstein"]]
    weeks = pd.date_range(week.min(), week.max(), freq="7D")
    table = counts_with_sources(events, week, sign, weeks, columns)
    table.index = [f"{w.day} {w:%b %Y}" for w in weeks]
    return table


@dataclass(frozen=True)
class Window:
    """The events of a date window and the sum of their Goldstein weights."""

    first: pd.Timestamp
    last: pd.Timestamp
    events: int
    score: float
    source_ids: tuple[str, ...]

    @property
    def first_label(self) -> str:
        """The first day as '15 January 2024'."""
        return date_label(self.first.strftime("%Y-%m-%d"))

    @property
    def last_label(self) -> str:
        """The last day as '21 January 2024'."""
        return date_label(self.last.strftime("%Y-%m-%d"))


def in_window(events: pd.DataFrame, first, last) -> pd.DataFrame:
    """The events dated first..last, both days included (dates as '2024-01-16' or Timestamps).

    >>> from pakiran.query import find_events
    >>> list(in_window(find_events(themes="crisis_2024"), "2024-01-18", "2024-01-18")["date_label"].unique())
    ['18 January 2024']
    """
    first, last = pd.Timestamp(first).normalize(), pd.Timestamp(last).normalize()
    return events[events["date"].between(first, last)].reset_index(drop=True)


def window_weight(events: pd.DataFrame, first, last) -> Window:
    """The number of events dated first..last (both days included) and the sum of their weights.

    An empty window has 0 events and score 0.

    >>> from pakiran.query import find_events
    >>> w = window_weight(find_events(themes="crisis_2024", bilateral=True), "2024-01-16", "2024-01-16")
    >>> w.first_label, w.events > 0, w.score < 0
    ('16 January 2024', True, True)
    """
    inside = in_window(events, first, last)
    return Window(pd.Timestamp(first).normalize(), pd.Timestamp(last).normalize(), len(inside),
                  float(inside["goldstein"].sum()) if len(inside) else 0.0,
                  tuple(dict.fromkeys(s for ids in inside["source_ids"] for s in ids)))


def days_between(first_id: str, second_id: str) -> str:
    """Whole days from one event to another (by id), with the noun: '2 days', '1 day'.

    >>> days_between("2024-01-16-iran-strikes-panjgur", "2024-01-18-pakistan-strikes-saravan")
    '2 days'
    """
    return count(event(first_id).days_until(event(second_id)), "day")


def scope(events: pd.DataFrame) -> pd.Series:
    """REGIONAL_CONTEXT for events tagged 'regional' that are not between Pakistan and Iran
    (see :func:`pakiran.is_bilateral`), PAKISTAN_IRAN for the others.

    An outside appeal to both states (both among the actors) is therefore in the Pakistan–Iran
    story, and so are attacks inside one of them that are not tagged regional.
    """
    regional = events["themes"].map({"regional"}.issubset).astype(bool)
    context = regional & ~is_bilateral(events)
    return pd.Series([REGIONAL_CONTEXT if c else PAKISTAN_IRAN for c in context], index=events.index,
                     dtype=object)


def with_scope(events: pd.DataFrame, context: bool = True) -> pd.DataFrame:
    """events with a ``scope`` column (see :func:`scope`); context=False leaves out the regional context.

    >>> from pakiran.query import find_events
    >>> sorted(set(with_scope(find_events(themes="crisis_2024"))["scope"]))
    ['Pakistan–Iran', 'regional context']
    >>> set(with_scope(find_events(themes="crisis_2024"), context=False)["scope"])
    {'Pakistan–Iran'}
    """
    scoped = events.assign(scope=scope(events))
    if not context:
        scoped = scoped[scoped["scope"] == PAKISTAN_IRAN]
    return scoped.reset_index(drop=True)
