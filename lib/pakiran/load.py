"""Load the tables as typed pandas DataFrames, validated first and cached per process."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd

from . import dates
from .paths import data_dir
from .problems import DataError
from .schema import Resource
from .validation import read_and_check

# Partial-date fields that mark the end of a span become the last day of their period.
_END_FIELDS = {"end_date", "left"}


def _partial_dates(frame: pd.DataFrame, name: str) -> None:
    """Replace a partial-date text column by a Timestamp, keeping precision and a label."""
    text = frame[name]
    present = text != ""
    if name in _END_FIELDS:
        starts = [dates.last_day(t) if t else None for t in text]
    else:
        starts = [dates.parse(t)[0] if t else None for t in text]
    frame[name] = pd.to_datetime(pd.Series(starts, index=frame.index, dtype="object"))
    precision = "date_precision" if name == "date" else f"{name}_precision"
    if precision not in frame.columns:
        frame[precision] = pd.Categorical([dates.precision(t) if t else None for t in text],
                                          categories=list(dates.PRECISIONS))
    frame[f"{name}_label"] = [dates.label(t) if ok else "" for t, ok in zip(text, present)]


def _typed(res: Resource, rows: list) -> pd.DataFrame:
    frame = pd.DataFrame([row for _, row in rows], columns=res.field_names, dtype="object")
    for f in res.fields:
        col = frame[f.name]
        if f.type == "integer":
            frame[f.name] = pd.to_numeric(col.replace("", None)).astype("Int64")
        elif f.type == "number":
            frame[f.name] = pd.to_numeric(col.replace("", None)).astype("float64")
        elif f.type == "date":
            frame[f.name] = pd.to_datetime(col.replace("", None), format="%Y-%m-%d")
        elif f.partial_date:
            _partial_dates(frame, f.name)
        elif f.separator:
            frame[f.name] = [tuple(v.split(f.separator)) if v else () for v in col]
        elif f.enum:
            frame[f.name] = pd.Categorical(col.replace("", None), categories=list(f.enum))
        else:
            frame[f.name] = col.astype("string")
    return frame


def _event_extras(tables: dict[str, pd.DataFrame]) -> None:
    """Give events their year and the tuple of their source ids."""
    events = tables["events"]
    events["year"] = events["date"].dt.year.astype("int64")
    links = tables["event_sources"]
    by_event = links.groupby("event_id", sort=False)["source_id"].agg(tuple)
    events["source_ids"] = [by_event.get(i, ()) for i in events["id"]]
    events["date_precision"] = pd.Categorical(events["date_precision"], categories=list(dates.PRECISIONS))


@lru_cache(maxsize=4)
def _load(folder: Path) -> tuple[dict[str, Resource], dict[str, pd.DataFrame]]:
    resources, rows, problems = read_and_check(folder)
    if problems:
        raise DataError(sorted(problems, key=lambda p: (p.file, p.row)))
    frames = {name: _typed(res, rows[name]) for name, res in resources.items()}
    _event_extras(frames)
    return resources, frames


def tables() -> dict[str, pd.DataFrame]:
    """All tables of the package (validated; raises DataError listing every problem)."""
    return _load(data_dir())[1]


def vocabulary(resource: str, field: str) -> tuple[str, ...]:
    """The allowed values of a field (its vocabulary or enum) as the schema defines them."""
    f = _load(data_dir())[0][resource].field(field)
    return f.vocabulary or f.enum or ()


def clear_cache() -> None:
    """Forget loaded tables, e.g. after editing a CSV in a running kernel."""
    _load.cache_clear()


def _table(name: str) -> pd.DataFrame:
    return tables()[name].copy()


def load_sources() -> pd.DataFrame:
    """sources.csv: every publication cited."""
    return _table("sources")


def load_events() -> pd.DataFrame:
    """events.csv with real dates (first day of the period), precision, label, year and source_ids."""
    return _table("events")


def load_event_sources() -> pd.DataFrame:
    """event_sources.csv: which sources support each event, and where."""
    return _table("event_sources")


def load_visits() -> pd.DataFrame:
    """visits.csv joined to its events: visitor, office, direction, dates and sources."""
    visits = _table("visits")
    events = tables()["events"][["id", "date", "date_precision", "date_label", "end_date", "year",
                                 "title", "summary", "source_ids"]]
    return visits.merge(events, left_on="event_id", right_on="id", how="left").drop(columns="id")


def load_memberships() -> pd.DataFrame:
    """memberships.csv: joined is the first day, left the last day, of their periods."""
    return _table("memberships")


def load_figures() -> pd.DataFrame:
    """figures.csv: one value per source."""
    return _table("figures")


def load_trade() -> pd.DataFrame:
    """trade.csv: bilateral trade by year, direction and reporter."""
    return _table("trade")


def load_places() -> pd.DataFrame:
    """places.csv: named places with coordinates."""
    return _table("places")


def load_cameo() -> pd.DataFrame:
    """cameo.csv: CAMEO codes and their Goldstein weights."""
    return _table("cameo")
