"""Summaries that a report spanning many years needs: turning points for a period, the notable
years of a score, visits and themes by decade, and the spread of values that sources disagree on.

Every function accepts empty input (a period with no events, no visits) and then returns an empty
table, ``None`` or zero counts, so that a notebook's sentence can test for it instead of crashing.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .citations import sources_of
from .query import IRAN_TO_PAKISTAN, PAKISTAN_TO_IRAN, find_events
from .text import count, join
from .timespan import bounds


def turning_points(event_ids, start: int | None = None, end: int | None = None, at_least: int = 3,
                   strongest: int = 8) -> pd.DataFrame:
    """The events among event_ids that fall in start..end (default: the report's period), by date.

    When fewer than ``at_least`` of them fall in the period, the period's events with the
    strongest Goldstein weights (by absolute value, one per date so that timeline labels do not
    collide, at most ``strongest``) are added. The column ``by_weight`` is True for those added.

    >>> ids = ["1947-08-14-iran-recognises-pakistan", "2024-01-16-iran-strikes-panjgur"]
    >>> list(turning_points(ids, 1947, 2025, at_least=2)["by_weight"])
    [False, False]
    >>> points = turning_points(ids, 1990, 1995)
    >>> bool(points["by_weight"].all()), len(points) <= 8
    (True, True)
    """
    start, end = bounds(start, end)
    events = find_events(start=start, end=end)
    listed = events["id"].isin(list(event_ids))
    keep = listed
    if listed.sum() < at_least:
        order = events["goldstein"].abs().sort_values(ascending=False, kind="stable").index
        added = events.loc[order].drop_duplicates("date").index[:strongest]
        keep = listed | events.index.isin(added)
    return events[keep].assign(by_weight=~listed[keep]).reset_index(drop=True)


@dataclass(frozen=True)
class YearTone:
    """One year of a set of events: how many, their summed Goldstein weight, and how many of them
    weigh below and above zero."""

    year: int
    events: int
    score: float
    negative: int
    positive: int

    @property
    def events_label(self) -> str:
        """The number of events with its noun: '1 event', '12 events'."""
        return count(self.events, "event")


@dataclass(frozen=True)
class NotableYears:
    """The years with the highest and lowest summed weight, and the year with the most events of
    negative weight; each None when the events give no such year."""

    highest: YearTone | None
    lowest: YearTone | None
    most_negative: YearTone | None


def year_tones(events: pd.DataFrame) -> pd.DataFrame:
    """Per year with events: events (count), score (sum of Goldstein weights), negative and
    positive (counts of events weighing below and above zero), source_ids.

    >>> int(year_tones(find_events(start=2024, end=2024, bilateral=True)).loc[2024, "events"]) > 0
    True
    """
    weights = events["goldstein"]
    grouped = events.assign(negative=weights < 0, positive=weights > 0).groupby("year")
    table = pd.DataFrame({"events": grouped.size(), "score": grouped["goldstein"].sum(),
                          "negative": grouped["negative"].sum(), "positive": grouped["positive"].sum()})
    table = table.astype({"events": int, "score": float, "negative": int, "positive": int})
    table.index.name = "year"
    table["source_ids"] = [tuple(sources_of(group)) for _, group in grouped]
    return table


def notable_years(events: pd.DataFrame) -> NotableYears:
    """The notable years of a set of events (for example the bilateral events of a period).

    Ties go to the earliest year.

    >>> one_year = find_events(start=1998, end=1998, bilateral=True)
    >>> years = notable_years(one_year)
    >>> years.highest.year, years.lowest.year, years.highest.events_label == count(len(one_year), "event")
    (1998, 1998, True)
    >>> notable_years(find_events(start=1949, end=1949, bilateral=True)).highest is None
    True
    """
    table = year_tones(events)
    if table.empty:
        return NotableYears(None, None, None)

    def tone(year) -> YearTone:
        row = table.loc[year]
        return YearTone(int(year), int(row["events"]), float(row["score"]), int(row["negative"]),
                        int(row["positive"]))

    worst = tone(table["negative"].idxmax()) if table["negative"].max() > 0 else None
    return NotableYears(tone(table["score"].idxmax()), tone(table["score"].idxmin()), worst)


def decade_labels(counts: pd.DataFrame) -> pd.DataFrame:
    """A per-decade table ready to show: the index (1950) as '1950s' and named 'Decade', column
    names with spaces for underscores ('cold_war' becomes 'cold war'); source_ids kept.

    >>> list(decade_labels(pd.DataFrame({"cold_war": [3]}, index=[1950])).reset_index().columns)
    ['Decade', 'cold war']
    """
    table = counts.rename(index=lambda d: f"{int(d)}s",
                          columns=lambda c: c if c == "source_ids" else str(c).replace("_", " "))
    table.index.name = "Decade"
    return table


def leading_themes(counts: pd.DataFrame, leave_out=()) -> pd.DataFrame:
    """For each decade of a per-decade count table (such as themes_per_decade), the column with
    the highest count, leaving out the columns named in leave_out; decades where every count is
    zero are left out.

    Columns: decade ('1970s'), theme ('cold war'), events (the count), source_ids.

    >>> table = pd.DataFrame({"energy": [0, 5], "trade": [0, 2], "source_ids": [(), ("a",)]}, index=[1990, 2000])
    >>> leading_themes(table).to_dict("records")
    [{'decade': '2000s', 'theme': 'energy', 'events': 5, 'source_ids': ('a',)}]
    """
    numbers = counts.drop(columns=["source_ids", *leave_out], errors="ignore")
    rows = [{"decade": f"{int(d)}s", "theme": str(numbers.loc[d].idxmax()).replace("_", " "),
             "events": int(numbers.loc[d].max()),
             "source_ids": tuple(counts.at[d, "source_ids"]) if "source_ids" in counts else ()}
            for d in numbers.index if numbers.loc[d].max() > 0]
    return pd.DataFrame(rows, columns=["decade", "theme", "events", "source_ids"])


@dataclass(frozen=True)
class VisitSummary:
    """Visits counted by direction, the decades in which each side did more of the travelling
    (as phrases: 'the 1960s and 1970s', or 'no decade'), and the most frequent visitors (every
    visitor with the highest count, alphabetically: a tie is never hidden)."""

    total: int
    to_iran: int
    to_pakistan: int
    pakistan_more: str
    iran_more: str
    level: str
    top_visitor: str                  # the most frequent visitors, joined: 'A' or 'A and B'
    top_visits: int
    top_visitors: tuple[str, ...] = ()

    @property
    def travellers(self) -> str:
        """A sentence naming the most frequent travellers, or '' when nobody came more than once.

        >>> VisitSummary(9, 5, 4, "", "", "", "A and B", 3, ("A", "B")).travellers
        'The most frequent travellers are A and B (3 visits each).'
        """
        if self.top_visits < 2:
            return ""
        if len(self.top_visitors) > 1:
            return f"The most frequent travellers are {self.top_visitor} ({self.top_visits} visits each)."
        return f"The most frequent traveller is {self.top_visitor} ({self.top_visits} visits)."


def _decades(decades) -> str:
    labels = [f"{int(d)}s" for d in decades]
    return "the " + join(labels) if labels else "no decade"


def visit_summary(visits: pd.DataFrame) -> VisitSummary:
    """What a table of visits (from :func:`pakiran.visits`) says about who travelled to whom.

    A decade counts as level when both directions have the same number of visits, and more than none.

    >>> s = visit_summary(__import__("pakiran").visits(2020, 2025))
    >>> s.total == s.to_iran + s.to_pakistan, s.level
    (True, 'the 2020s')
    >>> visit_summary(__import__("pakiran").visits(1947, 1948)).pakistan_more
    'no decade'
    """
    counts = pd.crosstab(visits["decade"], visits["direction"]).reindex(
        columns=[PAKISTAN_TO_IRAN, IRAN_TO_PAKISTAN], fill_value=0)
    to_iran, to_pakistan = counts[PAKISTAN_TO_IRAN], counts[IRAN_TO_PAKISTAN]
    visitors = visits["visitor"].value_counts()
    top = tuple(sorted(str(v) for v in visitors.index[visitors == visitors.max()])) if len(visitors) else ()
    return VisitSummary(
        total=len(visits), to_iran=int(to_iran.sum()), to_pakistan=int(to_pakistan.sum()),
        pakistan_more=_decades(counts.index[to_iran > to_pakistan]),
        iran_more=_decades(counts.index[to_pakistan > to_iran]),
        level=_decades(counts.index[(to_iran == to_pakistan) & (to_iran > 0)]),
        top_visitor=join(list(top)), top_visits=int(visitors.max()) if len(visitors) else 0, top_visitors=top)


@dataclass(frozen=True)
class Spread:
    """How far apart the values that sources give for one thing lie."""

    sources: int
    distinct: int
    low: float
    high: float
    unit: str
    spread: float
    percent: float
    source_ids: tuple[str, ...]


def value_spread(figures: pd.DataFrame) -> Spread | None:
    """The number of sources and of distinct values, the smallest and largest value, and their
    difference (absolute and as a percentage of the smallest) in rows of reported numbers (from
    :func:`pakiran.disagreements` or :func:`pakiran.reported_numbers`, for one measure); None
    for no rows.

    >>> s = value_spread(__import__("pakiran").disagreements("border_length"))
    >>> s.unit, s.low < s.high, round(s.percent) == round(100 * s.spread / s.low)
    ('km', True, True)
    """
    if figures.empty:
        return None
    low, high = float(figures["value"].min()), float(figures["value"].max())
    return Spread(sources=int(figures["source_id"].nunique()), distinct=int(figures["value"].nunique()), low=low,
                  high=high, unit=", ".join(dict.fromkeys(figures["unit"])), spread=high - low,
                  percent=100 * (high - low) / low if low else float("nan"),
                  source_ids=tuple(sources_of(figures)))
