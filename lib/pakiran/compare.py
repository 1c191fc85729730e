"""Values that several sources report for the same thing, compared side by side.

"The same thing" means what :func:`pakiran.disagreements` means: the same subject, measure and
unit, and the same year of ``as_of``; a value without ``as_of`` is compared with the values of
every year. Nothing here averages or picks: every value stays with its source, and sentences
quote each value with its citation marker.

>>> rows = reported_numbers("afghan_refugees_in_iran")
>>> str(versus(rows[rows["as_of"].dt.year == 2000], name="Iran")).startswith("Iran in 2000: 1,400,000 [")
True
"""
from __future__ import annotations

from collections.abc import Iterator

import pandas as pd

from . import citations
from .load import tables
from .query import reported_numbers  # noqa: F401  (used by the doctests)
from .text import Markdown, Markup, escape
from .timespan import nothing

_KEY = ["subject", "measure", "unit"]
SPREAD_COLUMNS = ["label", "subject", "measure", "unit", "year", "values", "low", "high", "ratio", "source_ids"]


def _groups(numbers: pd.DataFrame) -> Iterator[tuple[int | None, pd.DataFrame]]:
    """(year, rows) for each set of rows that report the same thing, in subject, measure, unit and
    year order; rows without ``as_of`` join every year of their subject (or form one set alone)."""
    years = numbers["as_of"].dt.year
    for _, group in numbers.groupby(_KEY, sort=True):
        dated = years[group.index]
        found = sorted(int(y) for y in dated.dropna().unique())
        if not found:
            yield None, group
        for year in found:
            yield year, group[dated.isna() | (dated == year)]


def _label(rows: pd.DataFrame, name: str | None) -> str:
    """What a sentence calls the rows: the value of column `name`, the text `name`, or the subject."""
    if name is not None and name in rows.columns:
        return str(rows[name].iloc[0])
    return name if name is not None else str(rows["subject"].iloc[0])


def _number(value: float, fmt: str, unit: str) -> str:
    return format(value, fmt) + unit


def disputed(numbers: pd.DataFrame) -> pd.Series:
    """True for each row whose value another row of the same thing contradicts.

    >>> rows = reported_numbers("iranian_diplomats_killed_mazar_i_sharif_1998")
    >>> bool(disputed(rows).all())
    True
    """
    flags = pd.Series(False, index=numbers.index)
    for _, rows in _groups(numbers):
        if rows["value"].nunique() > 1:
            flags[rows.index] = True
    return flags


def spreads(numbers: pd.DataFrame, name: str | None = None) -> pd.DataFrame:
    """One row for each thing on which the sources give different values: its label (see
    :func:`versus`), subject, measure, unit, year, the number of values, the lowest and highest
    value, their ratio (highest / lowest; empty when the lowest is 0) and the sources of all values.

    >>> table = spreads(reported_numbers("iranian_troops_on_afghan_border_1998"))
    >>> table[["year", "values", "low", "high"]].to_dict("records")
    [{'year': 1998, 'values': 3, 'low': 70000.0, 'high': 250000.0}]
    """
    found = []
    for year, rows in _groups(numbers):
        values = rows["value"]
        if values.nunique() < 2:
            continue
        low, high = float(values.min()), float(values.max())
        found.append({"label": _label(rows, name), "subject": rows["subject"].iloc[0],
                      "measure": rows["measure"].iloc[0], "unit": rows["unit"].iloc[0], "year": year,
                      "values": len(rows), "low": low, "high": high,
                      "ratio": high / low if low else float("nan"),
                      "source_ids": tuple(dict.fromkeys(str(s) for s in rows["source_id"]))})
    return pd.DataFrame(found, columns=SPREAD_COLUMNS)


def with_sources(rows: pd.DataFrame, where: str | None = None, last: str = "and", unit: str = "",
                 fmt: str = ",.0f") -> Markup:
    """Every value of rows, in row order, each followed by its source's citation marker:
    '90% [1] or 95% [2]'; with `where` naming a column, '200,000 in Iran [1] and 400,000 in Pakistan [1]'.
    No rows give an empty string.

    >>> rows = reported_numbers("taliban_territorial_control")
    >>> text = with_sources(rows, last="or", unit="%")
    >>> text.startswith("90% [[") and " or 95% [[" in text
    True
    """
    parts = []
    for row in rows.itertuples():
        place = f" in {getattr(row, where)}" if where else ""
        parts.append(escape(_number(row.value, fmt, unit) + place) + " " + citations.cite(row.source_id))
    if not parts:
        return Markup("")
    return Markup(parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + f" {last} " + parts[-1])


def versus(rows: pd.DataFrame, name: str | None = None, unit: str = "", fmt: str = ",.0f") -> Markup:
    """One thing's values from lowest to highest, each with its citation marker:
    'Iran in 2000: 1,400,000 [1] versus 1,480,000 [2]'.

    `name` is a column of rows that names the thing (its first value is used), or the name itself;
    by default the subject. The year is that of the rows' ``as_of`` (left out when they have none).
    No rows give an empty string.
    """
    if rows.empty:
        return Markup("")
    years = sorted(int(y) for y in rows["as_of"].dt.year.dropna().unique())
    when = f" in {', '.join(map(str, years))}" if years else ""
    ordered = rows.sort_values(["value", "id"] if "id" in rows.columns else ["value"])
    quoted = [escape(_number(r.value, fmt, unit)) + " " + citations.cite(r.source_id) for r in ordered.itertuples()]
    joined = quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " versus " + quoted[-1]
    return Markup(escape(_label(rows, name) + when) + ": " + joined)


def disputes(numbers: pd.DataFrame, name: str | None = None, unit: str = "", fmt: str = ",.0f",
             empty: str = "disagreements between sources") -> Markdown:
    """A list with one line for each thing on which the sources disagree, widest gap first: its
    values as :func:`versus` quotes them and how many times the lowest the highest value is.
    With no disagreement, the sentence of :func:`pakiran.nothing` naming what is missing (`empty`).

    >>> print(disputes(reported_numbers("iranian_troops_on_afghan_border_1998"), name="Troops"))  # doctest: +ELLIPSIS
    - Troops in 1998: 70,000 [...] versus 250,000 [...]; the highest is **3.57 times** the lowest.
    """
    lines = []
    for year, rows in _groups(numbers):
        if rows["value"].nunique() < 2:
            continue
        low, high = float(rows["value"].min()), float(rows["value"].max())
        ratio = high / low if low else None
        lines.append((-(ratio or 0.0), len(lines), rows, ratio))
    if not lines:
        return nothing(empty)
    text = []
    for _, _, rows, ratio in sorted(lines, key=lambda item: item[:2]):
        gap = f"; the highest is **{ratio:.2f} times** the lowest" if ratio else ""
        text.append(f"- {versus(rows, name, unit, fmt)}{gap}.")
    return Markdown("\n".join(text))


def _who(source_id: str) -> str:
    """A source's first author (surname only for a person), or its publisher."""
    row = tables()["sources"].set_index("id").loc[source_id]
    authors = [a.strip() for a in str(row["authors"] or "").split(";") if a.strip() and a.strip() != "nan"]
    if authors:
        return authors[0].split(",")[0]
    return str(row["publisher"] or row["title"])


def by_source(numbers: pd.DataFrame, column: str, order: list[str] | None = None,
              scale: float = 1.0) -> pd.DataFrame:
    """The values side by side for a chart: one row per date and source ('December 1979: Reuters'),
    in date order, one column per value of `column` (in `order` if given), values divided by
    `scale`, and the sources of each row in ``source_ids``. Where a source gives two values for
    the same date and column, the first is kept.

    >>> rows = reported_numbers("afghan_refugees_in_iran").assign(host="Iran")
    >>> float(by_source(rows, "host", scale=1e6).iloc[0]["Iran"])
    0.2
    """
    if numbers.empty:
        return pd.DataFrame(columns=list(order or []) + ["source_ids"])
    labels = [f"{d}: {_who(s)}" if isinstance(d, str) and d else _who(s)
              for d, s in zip(numbers["as_of_label"], numbers["source_id"])]
    rows = numbers.assign(_row=labels).sort_values(["as_of", "_row"], kind="stable")
    grouped = rows.groupby("_row", sort=False)
    wide = rows.pivot_table(index="_row", columns=column, values="value", aggfunc="first", sort=False) / scale
    wide = wide.reindex(index=list(dict.fromkeys(rows["_row"])), columns=order if order is not None else wide.columns)
    wide["source_ids"] = grouped["source_id"].agg(lambda s: tuple(dict.fromkeys(map(str, s))))
    wide.index.name, wide.columns.name = None, None
    return wide
