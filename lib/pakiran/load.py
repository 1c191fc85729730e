"""Load the tables as typed pandas DataFrames, validated first and cached per process."""
from __future__ import annotations

import functools
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from . import dates
from .paths import data_dir
from .problems import DataError
from .schema import Field, Resource
from .table import Table
from .validation import read_and_check

# Partial-date fields that mark the end of a span become the last day of their period.
_END_FIELDS = {"end_date", "left"}
_EPOCH = 719163  # date(1970, 1, 1).toordinal()
_NAT = np.iinfo(np.int64).min


def _days(days: list, unit: str) -> np.ndarray:
    """Dates (or None) as a datetime64 array in the given unit, NaT for None."""
    ordinals = np.array([_NAT if d is None else d.toordinal() - _EPOCH for d in days], dtype=np.int64)
    return ordinals.view("datetime64[D]").astype(f"datetime64[{unit}]")


def _partial_dates(columns: dict, extras: dict, name: str, parsed: list) -> None:
    """A partial-date column as a Timestamp, with its precision (unless the table has one) and a label."""
    periods = {p: (dates.last_of(*p) if name in _END_FIELDS else p[0], dates.label_of(*p))
               for p in set(parsed) if p is not None}
    columns[name] = _days([periods[p][0] if p else None for p in parsed], "s")
    precision = "date_precision" if name == "date" else f"{name}_precision"
    if precision not in columns:
        extras[precision] = pd.Categorical([p[1] if p else None for p in parsed], categories=list(dates.PRECISIONS))
    extras[f"{name}_label"] = [periods[p][1] if p else "" for p in parsed]


def _column(f: Field, typed: list, text: list[str]):
    """One column's data from the values the validator produced."""
    if f.type == "integer":
        return pd.array(typed, dtype="Int64")
    if f.type == "number":
        return np.array([np.nan if v is None else v for v in typed], dtype="float64")
    if f.type == "date":
        return _days(typed, "us")
    if f.separator:
        return typed
    if f.enum:
        return pd.Categorical(typed, categories=list(f.enum))
    return pd.array(text, dtype="string")


def _typed(res: Resource, table: Table) -> pd.DataFrame:
    columns: dict[str, object] = {}
    extras: dict[str, object] = {}
    for f in res.fields:
        if f.partial_date:
            _partial_dates(columns, extras, f.name, table.values[f.name])
        else:
            columns[f.name] = _column(f, table.values[f.name], table.text[f.name])
    columns.update(extras)
    frame = pd.DataFrame({name: pd.Series(data) for name, data in columns.items()})
    return frame


def _event_extras(frames: dict[str, pd.DataFrame], tables: dict[str, Table]) -> None:
    """Give events their year and the tuple of their source ids."""
    events = frames["events"]
    events["year"] = events["date"].dt.year.astype("int64")
    links = tables["event_sources"].text
    by_event: dict[str, list[str]] = {}
    for event_id, source_id in zip(links["event_id"], links["source_id"]):
        by_event.setdefault(event_id, []).append(source_id)
    events["source_ids"] = [tuple(by_event.get(i, ())) for i in tables["events"].text["id"]]
    events["date_precision"] = pd.Categorical(events["date_precision"], categories=list(dates.PRECISIONS))


def _brief(function):
    """Let a DataError leave function without the loader's internal frames in its traceback."""
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        try:
            return function(*args, **kwargs)
        except DataError as exc:
            raise exc.with_traceback(None) from None
    return wrapper


@lru_cache(maxsize=4)
def _load(folder: Path) -> tuple[dict[str, Resource], dict[str, pd.DataFrame]]:
    resources, tables, problems = read_and_check(folder)
    if problems:
        raise DataError(problems)
    frames = {name: _typed(res, tables[name]) for name, res in resources.items()}
    _event_extras(frames, tables)
    return resources, frames


@_brief
def tables() -> dict[str, pd.DataFrame]:
    """All tables of the package (validated; raises DataError listing every problem)."""
    return _load(data_dir())[1]


@_brief
def vocabulary(resource: str, field: str) -> tuple[str, ...]:
    """The allowed values of a field (its vocabulary or enum) as the schema defines them."""
    f = _load(data_dir())[0][resource].field(field)
    return f.vocabulary or f.enum or ()


def clear_cache() -> None:
    """Forget loaded tables, e.g. after editing a CSV in a running kernel."""
    _load.cache_clear()


def _table(name: str) -> pd.DataFrame:
    return tables()[name].copy()


@_brief
def load_sources() -> pd.DataFrame:
    """sources.csv: every publication cited."""
    return _table("sources")


@_brief
def load_events() -> pd.DataFrame:
    """events.csv with real dates (first day of the period), precision, label, year and source_ids."""
    return _table("events")


@_brief
def load_event_sources() -> pd.DataFrame:
    """event_sources.csv: which sources support each event, and where."""
    return _table("event_sources")


@_brief
def load_date_claims() -> pd.DataFrame:
    """date_claims.csv: the date each source gives for an event whose sources disagree on its date,
    with its precision and label (the event's own date is one of the claims)."""
    return _table("date_claims")


@_brief
def load_visits() -> pd.DataFrame:
    """visits.csv joined to its events: visitor, office, direction, dates and sources."""
    visits = _table("visits")
    events = tables()["events"][["id", "date", "date_precision", "date_label", "end_date", "year",
                                 "title", "summary", "source_ids"]]
    return visits.merge(events, left_on="event_id", right_on="id", how="left").drop(columns="id")


@_brief
def load_memberships() -> pd.DataFrame:
    """memberships.csv: joined is the first day, left the last day, of their periods."""
    return _table("memberships")


@_brief
def load_figures() -> pd.DataFrame:
    """figures.csv: one value per source."""
    return _table("figures")


@_brief
def load_trade() -> pd.DataFrame:
    """trade.csv: bilateral trade by year, direction and reporter."""
    return _table("trade")


@_brief
def load_places() -> pd.DataFrame:
    """places.csv: named places with coordinates."""
    return _table("places")


@_brief
def load_cameo() -> pd.DataFrame:
    """cameo.csv: CAMEO codes and their Goldstein weights."""
    return _table("cameo")


@_brief
def load_glossary() -> pd.DataFrame:
    """glossary.csv: terms of the reports with their definitions and sources, in alphabetical order."""
    return _table("glossary")
