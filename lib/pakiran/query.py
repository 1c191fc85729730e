"""Questions the notebooks ask of the data: events by theme and period, visits, scores, figures."""
from __future__ import annotations

import warnings
from collections.abc import Iterable

import pandas as pd

from .citations import sources_of
from . import dates
from .load import load_date_claims, load_events, load_figures, load_memberships, load_visits, tables, vocabulary

PAKISTAN_TO_IRAN = "Pakistan → Iran"
IRAN_TO_PAKISTAN = "Iran → Pakistan"
# The one definition of "an event between the two states": both are among its actors.
# Acts of one state alone, or of militants against one state, are not bilateral events.
BOTH_STATES = frozenset({"PAK", "IRN"})


def is_bilateral(events: pd.DataFrame) -> pd.Series:
    """True for each event between Pakistan and Iran, that is, with both among its actors."""
    return events["actors"].map(lambda actors: BOTH_STATES.issubset(actors)).astype(bool)


def _as_set(value: str | Iterable[str] | None) -> set[str] | None:
    if value is None:
        return None
    return {value} if isinstance(value, str) else set(value)


def themes() -> tuple[str, ...]:
    """The theme vocabulary, as the schema defines it."""
    return vocabulary("events", "themes")


def year_range() -> tuple[int, int]:
    """First and last year that events cover."""
    years = tables()["events"]["year"]
    return int(years.min()), int(years.max())


def check_period(start_year: int, end_year: int) -> None:
    """Raise ValueError with a one-line message unless start_year..end_year is a valid period."""
    first, last = year_range()
    for name, value in (("start_year", start_year), ("end_year", end_year)):
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"{name} must be a whole year between {first} and {last}, not {value!r}")
        if not first <= value <= last:
            raise ValueError(f"{name}={value} is outside the data; choose a year between {first} and {last}")
    if end_year < start_year:
        raise ValueError(f"end_year={end_year} is before start_year={start_year}; end_year must be >= start_year")


def check_themes(chosen: str | Iterable[str]) -> None:
    """Raise ValueError with a one-line message if any theme is not in the vocabulary."""
    allowed = themes()
    for theme in _as_set(chosen) or ():
        if theme not in allowed:
            raise ValueError(f"unknown theme {theme!r}; choose from: {', '.join(allowed)}")


def find_events(themes: str | Iterable[str] | None = None, start: int | None = None, end: int | None = None,
                kinds: str | Iterable[str] | None = None, actors: str | Iterable[str] | None = None,
                all_actors: bool = False, bilateral: bool | None = None) -> pd.DataFrame:
    """Events sorted by date, filtered by any of themes, years start..end, any of kinds, actors.

    actors matches events involving any of the given ISO3 codes, or all of them with all_actors=True.
    bilateral=True keeps only events between Pakistan and Iran (see :func:`is_bilateral`),
    bilateral=False only the others.

    >>> all(BOTH_STATES <= set(a) for a in find_events(themes="crisis_2024", bilateral=True)["actors"])
    True
    """
    events = load_events()
    keep = pd.Series(True, index=events.index)
    wanted_themes = _as_set(themes)
    if wanted_themes:
        check_themes(wanted_themes)
        keep &= events["themes"].map(lambda t: bool(wanted_themes.intersection(t)))
    if start is not None:
        keep &= events["year"] >= start
    if end is not None:
        keep &= events["year"] <= end
    wanted_kinds = _as_set(kinds)
    if wanted_kinds:
        keep &= events["kind"].isin(wanted_kinds)
    wanted_actors = _as_set(actors)
    if wanted_actors:
        test = wanted_actors.issubset if all_actors else wanted_actors.intersection
        keep &= events["actors"].map(lambda a: bool(test(a)))
    if bilateral is not None:
        keep &= is_bilateral(events) == bilateral
    return events[keep].sort_values(["date", "id"]).reset_index(drop=True)


def visits(start: int | None = None, end: int | None = None) -> pd.DataFrame:
    """High-level visits with direction labels, sorted by date."""
    table = load_visits()
    table["direction"] = [PAKISTAN_TO_IRAN if f == "PAK" else IRAN_TO_PAKISTAN for f in table["from_country"]]
    table["decade"] = (table["year"] // 10) * 10
    if start is not None:
        table = table[table["year"] >= start]
    if end is not None:
        table = table[table["year"] <= end]
    return table.sort_values(["date", "event_id"]).reset_index(drop=True)


def visits_per_decade(start: int | None = None, end: int | None = None) -> pd.DataFrame:
    """Number of high-level visits per decade (rows) and direction (columns), zero-filled."""
    table = visits(start, end)
    counts = pd.crosstab(table["decade"], table["direction"])
    counts = counts.reindex(columns=[PAKISTAN_TO_IRAN, IRAN_TO_PAKISTAN], fill_value=0)
    if len(counts):
        low = (start // 10 * 10) if start is not None else int(counts.index.min())
        high = (end // 10 * 10) if end is not None else int(counts.index.max())
        counts = counts.reindex(range(low, high + 1, 10), fill_value=0)
    counts.index.name = "decade"
    counts.columns.name = None
    counts["source_ids"] = _sources_per(table, "decade", counts.index)
    return counts


def _sources_per(rows: pd.DataFrame, key: str, index) -> list[tuple[str, ...]]:
    """For each value of index, the sources of the rows whose `key` column has that value."""
    by_key = {k: tuple(sources_of(group)) for k, group in rows.groupby(key)}
    return [by_key.get(k, ()) for k in index]


def counts_with_sources(rows: pd.DataFrame, by, of, index, columns) -> pd.DataFrame:
    """How many rows fall in each group of `by` (rows of the result, in the order of `index`) and
    each value of `of` (columns, in the order of `columns`), zero-filled, with a `source_ids`
    column giving each group the sources of its rows. `by` and `of` are sequences as long as rows.
    """
    by, of = pd.Series(list(by), index=rows.index), pd.Series(list(of), index=rows.index)
    table = pd.crosstab(by.values, of.values).reindex(index=list(index), columns=list(columns), fill_value=0)
    grouped = {key: tuple(sources_of(group)) for key, group in rows.groupby(by.values)}
    table["source_ids"] = [grouped.get(key, ()) for key in table.index]
    table.columns.name = None
    return table


def _score_per_year(events: pd.DataFrame, start: int | None, end: int | None) -> pd.DataFrame:
    grouped = events.groupby("year")["goldstein"].agg(events="count", score="sum", mean="mean")
    if len(grouped) or (start is not None and end is not None):
        low = start if start is not None else int(grouped.index.min())
        high = end if end is not None else int(grouped.index.max())
        grouped = grouped.reindex(range(low, high + 1))
        grouped["events"] = grouped["events"].fillna(0).astype(int)
        grouped["score"] = grouped["score"].fillna(0.0)
    grouped.index.name = "year"
    grouped["source_ids"] = _sources_per(events, "year", grouped.index)
    return grouped


def bilateral_score(themes: str | Iterable[str] | None = None, start: int | None = None,
                    end: int | None = None) -> pd.DataFrame:
    """The bilateral score: per year, the sum of the Goldstein weights of events between
    Pakistan and Iran (both among the actors).

    Columns: events (count), score (sum of weights), mean (mean weight), source_ids. Years
    without events have 0 events, score 0 and no mean.

    >>> int(bilateral_score(start=2024, end=2024).loc[2024, "events"]) > 0
    True
    """
    return _score_per_year(find_events(themes=themes, start=start, end=end, bilateral=True), start, end)


def arena_score(themes: str | Iterable[str], start: int | None = None, end: int | None = None) -> pd.DataFrame:
    """The arena score: per year, the sum of the Goldstein weights of every event of the themes,
    whoever the actors (for example every Afghanistan event, not only those between the two states).

    Same columns as :func:`bilateral_score`.
    """
    return _score_per_year(find_events(themes=themes, start=start, end=end), start, end)


def score_by_era(scores: pd.DataFrame, eras) -> pd.DataFrame:
    """Events, sum of weights and mean weight per event of a yearly score, for each era.

    eras is a list of Era (see clip_eras) or (start, end, label) tuples.
    """
    rows = []
    for start, end, label in ((e.start, e.end, e.label) if hasattr(e, "label") else e for e in eras):
        part = scores.loc[start:end]
        n, total = int(part["events"].sum()), float(part["score"].sum())
        rows.append({"era": label.replace("\n", " "), "years": f"{start}–{end}", "events": n,
                     "score": round(total, 1), "mean": round(total / n, 2) if n else float("nan"),
                     "source_ids": tuple(dict.fromkeys(s for ids in part["source_ids"] for s in ids))})
    return pd.DataFrame(rows, columns=["era", "years", "events", "score", "mean", "source_ids"])


def yearly_score(themes: str | Iterable[str] | None = None, start: int | None = None, end: int | None = None,
                 bilateral: bool = True) -> pd.DataFrame:
    """Deprecated: use bilateral_score (bilateral=True) or arena_score (bilateral=False)."""
    warnings.warn("yearly_score is deprecated; use bilateral_score or arena_score", DeprecationWarning,
                  stacklevel=2)
    if bilateral:
        return bilateral_score(themes, start, end)
    return _score_per_year(find_events(themes=themes, start=start, end=end), start, end)


def memberships(country: str | None = None) -> pd.DataFrame:
    """Memberships, optionally of one country (PAK or IRN), sorted by joining date."""
    table = load_memberships()
    if country is not None:
        table = table[table["country"] == country]
    return table.sort_values(["joined", "id"]).reset_index(drop=True)


def reported_numbers(subject: str | None = None, measure: str | None = None) -> pd.DataFrame:
    """Numbers as sources report them (figures.csv), one row per source value, with the
    sources' titles; optionally for one subject (and measure).

    >>> set(reported_numbers("border_length")["unit"])
    {'km'}
    """
    table = load_figures()
    if subject is not None:
        table = table[table["subject"] == subject]
    if measure is not None:
        table = table[table["measure"] == measure]
    names = tables()["sources"].set_index("id")[["title", "publisher"]]
    table = table.join(names, on="source_id")
    return table.sort_values(["subject", "measure", "value", "id"]).reset_index(drop=True)


def disagreements(subject: str | None = None) -> pd.DataFrame:
    """Figures where sources give different values for the same thing.

    The same thing means the same subject, measure and unit, and the same year of `as_of`;
    a value without `as_of` (one that does not change with time, or whose source gives no
    date) is compared with the values of every year. Every value is kept with its source;
    nothing is averaged or picked.
    """
    table = reported_numbers(subject)
    year = table["as_of"].dt.year
    keep: set = set()
    for _, group in table.groupby(["subject", "measure", "unit"]):
        years = year[group.index]
        periods = sorted(years.dropna().unique()) or [None]
        for period in periods:
            same = group[years.isna() | (years == period)] if period is not None else group
            if same["value"].nunique() > 1:
                keep.update(same.index)
    return table.loc[sorted(keep)].reset_index(drop=True)


def date_disagreements(event_id: str | None = None) -> pd.DataFrame:
    """Events whose sources give different dates: one row per claim, with the source's title.

    Two claims differ when their periods do not overlap ('1979-12' and '1979-12-27' agree;
    '1979-12-24' and '1979-12-27' do not). Every claim of such an event is kept with its
    source, the event's own date among them (``used`` is True for the claim that gives the
    date the package uses); nothing is averaged or picked.

    >>> rows = date_disagreements("2001-09-11-september-11-attacks")
    >>> list(rows["date_label"]), list(rows["used"])
    (['9 September 2001', '11 September 2001'], [False, True])
    """
    claims = load_date_claims()
    if event_id is not None:
        claims = claims[claims["event_id"] == event_id]
    first = claims["date"].dt.date
    last = pd.to_datetime([dates.last_of(d, p) for d, p in zip(first, claims["date_precision"])])
    last = pd.Series(last, index=claims.index)
    spans = pd.DataFrame({"event_id": claims["event_id"], "first": claims["date"], "last": last})
    per_event = spans.groupby("event_id").agg(latest_start=("first", "max"), earliest_end=("last", "min"))
    disputed = per_event.index[per_event["latest_start"] > per_event["earliest_end"]]
    rows = claims[claims["event_id"].isin(disputed)]
    events = tables()["events"].set_index("id")[["date", "date_precision", "date_label", "title"]]
    events = events.rename(columns=lambda c: f"event_{c}" if c != "title" else "event_title")
    rows = rows.join(events, on="event_id")
    rows["used"] = (rows["date"] == rows["event_date"]) & (rows["date_precision"].astype(str)
                                                             == rows["event_date_precision"].astype(str))
    names = tables()["sources"].set_index("id")[["title", "publisher"]]
    rows = rows.join(names, on="source_id")
    return rows.sort_values(["event_date", "event_id", "date", "source_id"], kind="stable").reset_index(drop=True)


def themes_per_decade(start: int | None = None, end: int | None = None) -> pd.DataFrame:
    """Number of events per decade (rows) and theme (columns); an event counts once per theme."""
    events = find_events(start=start, end=end)
    exploded = events.assign(decade=(events["year"] // 10) * 10).explode("themes")
    counts = pd.crosstab(exploded["decade"], exploded["themes"]).reindex(columns=list(themes()), fill_value=0)
    counts.index.name = "decade"
    counts.columns.name = None
    counts["source_ids"] = _sources_per(exploded, "decade", counts.index)
    return counts
