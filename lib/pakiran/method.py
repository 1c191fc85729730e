"""How the data were made: the kinds of source behind each table and theme, the precision of dates,
the two scores side by side, and what the package knows it lacks.

Every function counts rows of the report's period (or of start-end) and returns a frame with a
``source_ids`` column per row, so that charts and tables cite exactly what they count.

>>> kinds = source_kinds(start=2024, end=2024)
>>> "Events" in kinds.index and "News report" in kinds.columns
True
>>> list(source_kinds(start=1947, end=2025, top=2).columns)[-2:]
['Other kinds', 'source_ids']
"""
from __future__ import annotations

import pandas as pd

from .labels import field_labels
from .load import tables
from .query import arena_score, bilateral_score, themes
from .timespan import bounds

TABLES = {"events": "Events", "date_claims": "Disputed dates", "figures": "Figures", "trade": "Trade",
          "memberships": "Memberships", "places": "Places"}
OTHER = "Other kinds"
PRECISION_COLUMNS = {"day": "Day", "month": "Month", "year": "Year"}


def _years(name: str, frame: pd.DataFrame, data: dict[str, pd.DataFrame]) -> pd.Series:
    """The year each row of a table belongs to (NaN for rows without a date: always counted)."""
    events = data["events"].set_index("id")["year"]
    if name in ("event_sources", "date_claims"):
        return frame["event_id"].map(events).astype("float")
    if name == "figures":
        return frame["as_of"].dt.year.fillna(frame["vintage"].dt.year)
    if name == "trade":
        return frame["year"].astype("float")
    if name == "memberships":
        return frame["joined"].dt.year.astype("float")
    return pd.Series(float("nan"), index=frame.index)


def _in_period(name: str, frame: pd.DataFrame, data, start, end) -> pd.DataFrame:
    first, last = bounds(start, end)
    years = _years(name, frame, data)
    return frame[years.isna() | years.between(first, last)]


def _citations(start: int | None, end: int | None) -> pd.DataFrame:
    """One row per citation: the table it is in, the row's themes (events only) and the source's kind."""
    data = tables()
    kinds = data["sources"].set_index("id")["kind"].astype(str)
    parts = []
    for name in TABLES:
        frame = data["event_sources" if name == "events" else name]
        frame = _in_period("event_sources" if name == "events" else name, frame, data, start, end)
        part = pd.DataFrame({"table": TABLES[name], "source_id": frame["source_id"].astype(str).values})
        if name == "events":
            part["themes"] = frame["event_id"].map(data["events"].set_index("id")["themes"]).values
        parts.append(part)
    rows = pd.concat(parts, ignore_index=True)
    rows["kind"] = rows["source_id"].map(kinds).map(field_labels("sources", "kind"))
    return rows


def _count(rows: pd.DataFrame, by: str, order: list[str], columns: list[str]) -> pd.DataFrame:
    counts = pd.crosstab(rows[by], rows["kind"]).reindex(index=order, columns=columns, fill_value=0)
    counts = counts.loc[counts.sum(axis=1) > 0]
    counts.index.name, counts.columns.name = None, None
    counts["source_ids"] = [tuple(sorted(set(rows.loc[rows[by] == i, "source_id"]))) for i in counts.index]
    return counts


def source_kinds(by: str = "table", start: int | None = None, end: int | None = None,
                 top: int | None = None) -> pd.DataFrame:
    """Citations per kind of source (columns, labelled) for each table or, with by="theme", each theme
    of the events (an event counts once per theme). Rows with nothing in the period are left out.
    With top=N only the N most cited kinds keep a column; the others are summed as "Other kinds"."""
    rows = _citations(start, end)
    kinds = [k for k in field_labels("sources", "kind").values() if k in set(rows["kind"])]
    if top is not None and len(kinds) > top + 1:
        kept = rows["kind"].value_counts().index[:top]
        rows = rows.assign(kind=rows["kind"].where(rows["kind"].isin(kept), OTHER))
        kinds = [k for k in kinds if k in set(kept)] + [OTHER]
    if by == "table":
        return _count(rows, "table", list(TABLES.values()), kinds)
    if by != "theme":
        raise ValueError(f"by must be 'table' or 'theme', not {by!r}")
    labels = field_labels("events", "themes")
    themed = rows[rows["table"] == "Events"].explode("themes")
    themed = themed.assign(theme=themed["themes"].map(labels))
    return _count(themed, "theme", [labels[t] for t in themes()], kinds)


def precisions(start: int | None = None, end: int | None = None) -> pd.DataFrame:
    """How precise the dates are: rows per dated column (events' dates, disputed dates, figures' as_of
    and vintage, membership start), columns Day / Month / Year / Undated, counting rows of the period.

    >>> int(precisions(1947, 2025).loc["Figures: date described", "Undated"]) > 0
    True
    """
    data = tables()
    wanted = [("Events: date", "events", "date"), ("Disputed dates: claim", "date_claims", "date"),
              ("Figures: date described", "figures", "as_of"), ("Figures: vintage", "figures", "vintage"),
              ("Memberships: joined", "memberships", "joined")]
    out = {}
    for label, name, column in wanted:
        frame = data[name]
        frame = _in_period(name, frame, data, start, end) if name != "events" else frame[
            frame["year"].between(*bounds(start, end))]
        precision = frame["date_precision" if column == "date" else f"{column}_precision"].astype(object)
        counts = precision.fillna("undated").value_counts()
        row = {PRECISION_COLUMNS.get(k, "Undated"): int(counts.get(k, 0)) for k in [*PRECISION_COLUMNS, "undated"]}
        if name == "events":
            links = data["event_sources"]
            ids = tuple(sorted(set(links.loc[links["event_id"].isin(frame["id"]), "source_id"])))
        else:
            ids = tuple(sorted(set(frame["source_id"].astype(str))))
        out[label] = {**row, "source_ids": ids}
    table = pd.DataFrame.from_dict(out, orient="index")
    return table.loc[table.drop(columns="source_ids").sum(axis=1) > 0]


def scores_by_decade(start: int | None = None, end: int | None = None) -> pd.DataFrame:
    """The bilateral score (events between the two states) and the arena score (every event of every
    theme) summed per decade of the period, side by side, with the number of events each counts.

    >>> row = scores_by_decade(2020, 2025).set_index("Decade").loc["2020s"]
    >>> bool(row["Arena events"] >= row["Bilateral events"])
    True
    """
    first, last = bounds(start, end)
    pair, arena = bilateral_score(start=first, end=last), arena_score(list(themes()), start=first, end=last)
    decades = pd.Series([f"{(y // 10) * 10}s" for y in pair.index], index=pair.index)
    table = pd.DataFrame({"Bilateral score": pair["score"].groupby(decades).sum(),
                          "Arena score": arena["score"].groupby(decades).sum(),
                          "Bilateral events": pair["events"].groupby(decades).sum(),
                          "Arena events": arena["events"].groupby(decades).sum()})
    ids = pd.concat([pair["source_ids"], arena["source_ids"]]).groupby(pd.concat([decades, decades]))
    table["source_ids"] = ids.agg(lambda s: tuple(sorted({i for t in s for i in t})))
    table[["Bilateral score", "Arena score"]] = table[["Bilateral score", "Arena score"]].round(1)
    table = table.loc[table["Arena events"] > 0]
    return table.rename_axis("Decade").reset_index()


def gaps(start: int | None = None, end: int | None = None) -> pd.DataFrame:
    """What the package knows it lacks, counted for the period: one row per kind of gap with its count
    and the number of rows it is out of.

    >>> "Events with a single source" in set(gaps(1947, 2025)["gap"])
    True
    """
    data = tables()
    first, last = bounds(start, end)
    events = data["events"][data["events"]["year"].between(first, last)]
    figures = _in_period("figures", data["figures"], data, start, end)
    used = set(data["event_sources"]["source_id"]) | set(figures["source_id"])
    sources = data["sources"][data["sources"]["id"].isin(used)]
    single = events["source_ids"].map(len) == 1
    rows = [("Events with a single source", int(single.sum()), len(events)),
            ("Events dated to the month or year only", int((events["date_precision"] != "day").sum()), len(events)),
            ("Events whose sources disagree on the date",
             int(events["id"].isin(data["date_claims"]["event_id"]).sum()), len(events)),
            ("Figures without the date they describe", int(figures["as_of"].isna().sum()), len(figures)),
            ("Figures without a vintage (undated source)", int(figures["vintage"].isna().sum()), len(figures)),
            ("Cited sources without a publication date", int(sources["published"].isna().sum()), len(sources))]
    table = pd.DataFrame(rows, columns=["gap", "count", "out_of"])
    table["source_ids"] = [()] * len(table)
    return table
