"""Reported values with their sources: trade rows kept per reporter, fiscal-year series, and
figures quoted with their unit, date, note and citation.

Two ledgers record every shipment between Pakistan and Iran: the exporter's and the importer's
(the *mirror* figure), each in its own kind of year. Nothing here adds or averages them: every
row keeps whose statistics it is, and a series is drawn from one reporter only.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from . import citations
from .load import tables
from .query import reported_numbers  # noqa: F401  (used in the doctests)
from .text import Markup, escape
from .timespan import bounds

NAMES = {"PAK": "Pakistan", "IRN": "Iran"}
NOT_STATED = "not stated by the source"
# How a value reads in a sentence, by unit: "US$4.93 per million BTU", "750 million cubic feet a day".
UNITS = {
    "usd_billion": "US${} billion", "usd_million": "US${} million", "usd_thousand": "US${} thousand",
    "usd_per_mmbtu": "US${} per million BTU", "pkr_billion_per_year": "Rs{} billion a year",
    "km": "{} km", "mi": "{} miles", "MW": "{} MW", "GWh": "{} GWh",
    "mmcfd": "{} million cubic feet a day", "bcfd": "{} billion cubic feet a day",
    "mcm_per_day": "{} million cubic metres a day", "bcm_per_year": "{} billion cubic metres a year",
    "billion_litres_per_year": "{} billion litres a year", "million_litres_per_day": "{} million litres a day",
}


def number_text(value: float) -> str:
    """A number as sentences write it: thousands separated, no trailing '.0'.

    >>> number_text(2775.0), number_text(841.8), number_text(0.0), number_text(1400000)
    ('2,775', '841.8', '0', '1,400,000')
    """
    return f"{int(value):,d}" if float(value).is_integer() else f"{value:,.6g}"


def with_unit(value: float, unit: str) -> str:
    """A value with its unit in words.

    >>> with_unit(4.93, "usd_per_mmbtu"), with_unit(1625, "mi"), with_unit(3, "people_per_day")
    ('US$4.93 per million BTU', '1,625 miles', '3 people per day')
    """
    template = UNITS.get(str(unit), "{} " + str(unit).replace("_", " "))
    return template.format(number_text(value))


@dataclass(frozen=True)
class Value:
    """One reported value (a row of figures.csv or trade.csv) with what a sentence needs.

    ``cite`` and ``quoted`` record the value's source as used and return Markup, so read them
    where the sentence needs them.
    """

    id: str
    value: float
    unit: str
    year: int | None
    as_of_label: str
    note: str
    source_id: str
    who: str
    published_year: int | None

    @property
    def text(self) -> str:
        """The value with its unit in words, such as 'US$5 billion' (plain text; say() escapes it)."""
        return with_unit(self.value, self.unit)

    @property
    def cite(self) -> Markup:
        """The citation marker of the value's source, such as '[4]'."""
        return citations.cite(self.source_id)

    @property
    def quoted(self) -> Markup:
        """The value in bold, its date and note in brackets, and its citation:
        '**US&#36;5 billion** (March 2016, by 2021) [[7](#ref-…)]'."""
        when = ", ".join(part for part in (self.as_of_label, self.note) if part)
        return Markup(f"**{escape(self.text)}**" + (f" ({escape(when)})" if when else "") + f" {self.cite}")


def _who(source_id: str) -> tuple[str, int | None]:
    source = tables()["sources"].set_index("id").loc[source_id]
    published = source["published"]
    name = source["authors"] if pd.notna(source["authors"]) and source["authors"] else source["publisher"]
    return str(name), (int(published.year) if pd.notna(published) else None)


def _text(value) -> str:
    return "" if pd.isna(value) else str(value)


def value(value_id: str) -> Value:
    """The reported value with this id, from figures.csv or trade.csv.

    >>> v = value("fig-gas-price-wikipedia-2007")
    >>> v.text, v.as_of_label
    ('US$4.93 per million BTU', 'February 2007')
    >>> value("tr-2023-pak-irn-dailytimes").who
    'Daily Times'
    """
    figures, trade = tables()["figures"], tables()["trade"]
    if value_id in set(figures["id"]):
        row = figures[figures["id"] == value_id].iloc[0]
        year = int(row["as_of"].year) if pd.notna(row["as_of"]) else None
        label = row["as_of_label"]
    elif value_id in set(trade["id"]):
        row = trade[trade["id"] == value_id].iloc[0]
        year, label = int(row["year"]), f"{int(row['year'])} ({row['year_type']} year)"
    else:
        raise KeyError(f"no value with id {value_id!r} in figures.csv or trade.csv")
    who, published = _who(str(row["source_id"]))
    return Value(id=value_id, value=float(row["value"]), unit=str(row["unit"]), year=year, as_of_label=_text(label),
                 note=_text(row["note"]), source_id=str(row["source_id"]), who=who, published_year=published)


def cite_values(*value_ids: str) -> Markup:
    """One citation marker for the sources of several values.

    >>> cite_values("fig-penalty-thenews-2023", "fig-penalty-haberler-2024").count("#ref-")
    2
    """
    return citations.cite([value(i).source_id for i in value_ids])


def by_id(**ids: str) -> dict:
    """Records for a sentence, by the names the sentence gives them: each id is looked up as a
    reported value (figures.csv or trade.csv, see :func:`value`) or, failing that, as an event
    (see :func:`pakiran.event`). Pass the result to say() as keywords.

    >>> found = by_id(price="fig-gas-price-wikipedia-2007", deal="2010-03-16-ip-agreement-turkey")
    >>> found["price"].text, found["deal"].date_label
    ('US$4.93 per million BTU', '16 March 2010')
    """
    from .lookup import event

    known = set(tables()["figures"]["id"]) | set(tables()["trade"]["id"])
    return {name: value(i) if i in known else event(i) for name, i in ids.items()}


def quote(*value_ids: str, last: str = "and") -> Markup:
    """Several values, each quoted with its date, note and citation, joined into one phrase
    (for example trade targets with their deadlines).

    >>> quote("fig-trade-target-tribune-2016", "fig-trade-target-tribune-2023").count("**")
    4
    """
    parts = [value(i).quoted for i in value_ids]
    if len(parts) < 2:
        return Markup("".join(parts))
    return Markup(", ".join(parts[:-1]) + f" {last} " + parts[-1])


def reported_in_period(frame: pd.DataFrame, undated: bool = True, start: int | None = None,
                       end: int | None = None) -> pd.DataFrame:
    """Reported numbers (rows of reported_numbers or disagreements) that belong to the period
    (default: the report's), sorted by date and measure, with the measure in words as `what`.

    A value belongs to the period if the date it describes (`as_of`) does; a value without
    `as_of` (a planned length, a capacity) if its source was published in the period; a value
    whose source has no date either only if `undated` is True. `who` names the source's authors
    (or, without authors, its publisher).

    >>> rows = reported_in_period(reported_numbers("gas_pipeline", "penalty_claimed"), start=2023, end=2023)
    >>> rows[["what", "value", "who"]].values.tolist()
    [['penalty claimed', 18.0, 'The News International']]
    """
    start, end = bounds(start, end)
    sources = tables()["sources"].set_index("id")
    year = frame["as_of"].dt.year.fillna(frame["source_id"].map(sources["published"].dt.year))
    keep = year.between(start, end).fillna(False).astype(bool) | (year.isna() & undated)
    rows = frame[keep].sort_values(["as_of", "measure"], kind="stable")
    who = rows["source_id"].map(sources["authors"].where(sources["authors"].fillna("") != "", sources["publisher"]))
    return rows.assign(what=rows["measure"].str.replace("_", " "), who=who).reset_index(drop=True)


VALUE_COLUMNS = {"what": "Measure", "value": "Value", "unit": "Unit", "as_of_label": "As of", "source": "Source",
                 "note": "Note"}


def value_table(rows: pd.DataFrame, caption: str = "", empty: str = "values", **headings: str):
    """Reported values (from :func:`reported_in_period`) as a table: measure, value, unit, date,
    the source (who reported it and the title) and the note; with no rows, the "nothing in this
    period" sentence naming `empty`.

    `headings` (column=heading) rename these columns or add others, which follow the unit.
    """
    from .display import show_table

    named = {key: headings.get(key, heading) for key, heading in VALUE_COLUMNS.items()}
    added = {key: heading for key, heading in headings.items() if key not in VALUE_COLUMNS}
    keys = list(named)
    at = keys.index("unit") + 1
    columns = {k: named[k] for k in keys[:at]} | added | {k: named[k] for k in keys[at:]}
    return show_table(rows.assign(source=rows["who"] + ": " + rows["title"]), columns, caption=caption, empty=empty)


def by_label(rows: pd.DataFrame) -> pd.DataFrame:
    """Reported values ready for a bar chart: one row per value, labelled by its date, measure and
    publisher ('July 2021 · average supply low (ARY News)'), with the value in a column named after
    the unit (or 'value' if the units differ) and its source_id, so that the chart cites it.

    >>> bars = by_label(reported_in_period(reported_numbers("electricity_from_iran"), start=2002, end=2002))
    >>> bars.index.tolist(), bars.columns.tolist(), bars["MW"].tolist()
    (['2002 · agreed supply (ARY News)'], ['MW', 'source_id'], [34.0])
    """
    label = rows["as_of_label"] + " · " + rows["measure"].str.replace("_", " ") + " (" + rows["publisher"] + ")"
    units = list(dict.fromkeys(rows["unit"].astype(str)))
    frame = rows.set_index(label.rename(None))[["value", "source_id"]]
    return frame.rename(columns={"value": units[0] if len(units) == 1 else "value"})


TRADE_COLUMNS = {"year": "Year", "year_type": "Year type", "direction": "Direction", "whose": "Whose statistics",
                 "value": "US$ million", "note": "Note"}


def trade_table(rows: pd.DataFrame, caption: str = "", empty: str = "trade values"):
    """Trade rows (from :func:`trade_rows`) as a table: year, year type, direction, whose statistics,
    value and note, one row per value as reported; with no rows, the "nothing in this period" sentence."""
    from .display import show_table

    return show_table(rows, TRADE_COLUMNS, caption=caption, empty=empty)


def trade_rows(start: int | None = None, end: int | None = None) -> pd.DataFrame:
    """trade.csv rows of the period (default: the report's), one per value as reported, with the
    `direction` ('Pakistan → Iran') and `whose` statistics they are; sorted by year and direction.

    Mirror values (the importer's record of the same flow) stay separate rows.

    >>> set(trade_rows(2023, 2023)["whose"]) == {"Pakistan's statistics", "Iran's statistics", NOT_STATED}
    True
    """
    start, end = bounds(start, end)
    trade = tables()["trade"]
    rows = trade[trade["year"].between(start, end)].sort_values(["year", "exporter", "reporter"])
    whose = rows["reporter"].astype(str).map({code: f"{name}'s statistics" for code, name in NAMES.items()})
    return rows.assign(direction=rows["exporter"].astype(str).map(NAMES) + " → " + rows["importer"].astype(str).map(NAMES),
                       whose=whose.fillna(NOT_STATED)).reset_index(drop=True)


def fiscal_series(reporter: str = "PAK", start: int | None = None, end: int | None = None) -> pd.DataFrame:
    """One country's own fiscal-year trade with the other: a row per fiscal year ('FY2023'), a
    column for its exports and one for its imports, and the `source_ids` of each row.

    Only values that `reporter` itself reported for fiscal years are used, so the series never
    mixes the two ledgers. A missing value stays missing. Where two sources report the same
    flow, each keeps a column of its own, named with the source ("… (Dawn 2024)"): nothing is
    picked or averaged.

    >>> float(fiscal_series("PAK", 2021, 2021).loc["FY2021", "Pakistan's imports from Iran"])
    513.6
    """
    from .citations import short_label

    rows = trade_rows(start, end)
    rows = rows[(rows["reporter"] == reporter) & (rows["year_type"] == "fiscal")]
    name, other = NAMES[reporter], NAMES["IRN" if reporter == "PAK" else "PAK"]
    flows = {f"{name} → {other}": f"{name}'s exports to {other}", f"{other} → {name}": f"{name}'s imports from {other}"}
    series = pd.DataFrame(index=sorted(set(rows["year"])))
    for direction, title in flows.items():
        flow = rows[rows["direction"] == direction]
        sources = list(dict.fromkeys(flow["source_id"]))
        for source in sources or [None]:
            part = flow[flow["source_id"] == source] if source else flow
            column = title if len(sources) <= 1 else f"{title} ({short_label(source)})"
            series[column] = part.groupby("year")["value"].first()  # one value per year and source
    series["source_ids"] = [tuple(dict.fromkeys(rows.loc[rows["year"] == y, "source_id"])) for y in series.index]
    series.index = [f"FY{y}" for y in series.index]
    return series


def series_by_source(exporter: str, importer: str, reporter: str | None = None, year_type: str | None = None,
                     start: int | None = None, end: int | None = None) -> pd.DataFrame:
    """One flow (exporter → importer) by year, one column per source, so that two sources that
    report the same country's statistics differently stand side by side instead of one hiding the
    other. `reporter` and `year_type` narrow the rows (None: any). Index: 'FY2022' for fiscal
    years, '2022' for calendar years; a `source_ids` column cites each row. Nothing is added or
    averaged; a source with two values for one year gets two columns (the second named by its id).

    >>> s = series_by_source("IRN", "PAK", reporter="PAK", year_type="fiscal", start=2022, end=2022)
    >>> s.drop(columns="source_ids").to_dict("index") == {'FY2022': {'Daily Times': 773.8, 'Dawn': 0.0}}
    True
    """
    rows = trade_rows(start, end)
    rows = rows[(rows["exporter"] == exporter) & (rows["importer"] == importer)]
    if reporter is not None:
        rows = rows[rows["reporter"] == reporter]
    if year_type is not None:
        rows = rows[rows["year_type"] == year_type]
    who = rows["source_id"].map(lambda s: _who(s)[0])
    repeated = pd.Series(list(zip(rows["year"], who)), index=rows.index).duplicated()
    column = who.where(~repeated, who + " · " + rows["id"])
    label = [f"FY{y}" if t == "fiscal" else str(y) for y, t in zip(rows["year"], rows["year_type"])]
    frame = rows.assign(label=label, column=column.values)
    if frame.empty:
        return pd.DataFrame(columns=["source_ids"])
    table = frame.pivot_table(index="label", columns="column", values="value", aggfunc="first", sort=False)
    table["source_ids"] = [tuple(dict.fromkeys(frame.loc[frame["label"] == i, "source_id"])) for i in table.index]
    table.columns.name = None
    return table


_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "ten": 10}


def deadline_year(note: str, set_year: int | None) -> int | None:
    """The year by which a target is to be met, read from its note: 'by 2021' gives 2021; 'within
    the next five years' or 'over the next five years' gives the year the target was set plus five.
    None when the note states no deadline.

    >>> deadline_year("by 2021", 2016), deadline_year("Joint statement: over the next five years", 2024)
    (2021, 2029)
    >>> deadline_year("per year", 2022) is None, deadline_year("no deadline stated", 2006) is None
    (True, True)
    """
    import re

    text = str(note or "").lower()
    found = re.search(r"\bby (\d{4})\b", text)
    if found:
        return int(found.group(1))
    found = re.search(r"\b(?:next|within|in) (\w+) years\b", text)
    if found and set_year is not None:
        n = _WORDS.get(found.group(1)) or (int(found.group(1)) if found.group(1).isdigit() else None)
        return set_year + n if n else None
    return None


TOTALS = ("total", "non_oil_trade")


def target_outcomes(start: int | None = None, end: int | None = None) -> pd.DataFrame:
    """Every bilateral trade target set in the period (default: the report's), with its deadline
    and what the sources say total trade reached in the deadline year.

    Columns: `set` (when it was set), `target` ('US$5 billion'), `deadline` (year or missing),
    `deadline_label` ('by 2021', 'not stated'), `reached` (each total reported for the deadline
    year with its source; without one, 'no total recorded for 2021' followed by each one-way value
    of trade.csv for that year with whose statistics it is; 'deadline still ahead' followed by the
    latest totals; '–' without a deadline),
    `target_bn`, `reached_low_bn` / `reached_high_bn` (lowest and highest reported total for the
    deadline year in US$ billion, our conversion from millions; never averaged), `label` (for
    charts), `who` and `source_ids` (the target's source and those of the totals quoted).

    >>> row = target_outcomes(2016, 2016).set_index("set").loc["March 2016"]
    >>> row["target"], row["deadline_label"], row["reached"].split(";")[0]
    ('US$5 billion', 'by 2021', 'no total recorded for 2021')
    """
    start, end = bounds(start, end)
    numbers = reported_in_period(reported_numbers("bilateral_trade"), undated=False, start=start, end=end)
    everything = reported_numbers("bilateral_trade")
    totals = everything[everything["measure"].isin(TOTALS) & everything["as_of"].notna()]
    totals = totals.assign(year=totals["as_of"].dt.year.astype(int),
                           bn=totals["value"] / totals["unit"].astype(str).map({"usd_billion": 1, "usd_million": 1000}))
    latest = int(totals["year"].max()) if len(totals) else None
    out = []
    for row in numbers[numbers["measure"] == "target"].itertuples():
        set_year = int(row.as_of.year) if pd.notna(row.as_of) else None
        deadline = deadline_year(row.note, set_year)
        reached_rows = totals[totals["year"] == deadline] if deadline else totals.iloc[0:0]
        if deadline is None:
            reached = "–"
        elif len(reached_rows):
            reached = "; ".join(f"{with_unit(v, u)} ({_who(s)[0]})" for v, u, s in
                                zip(reached_rows["value"], reached_rows["unit"], reached_rows["source_id"]))
        elif latest is not None and deadline > latest:
            last = totals[totals["year"] == latest]
            reached = "deadline still ahead; latest totals: " + ", ".join(
                f"{with_unit(v, u)} ({_who(s)[0]}, {latest})" for v, u, s in zip(last["value"], last["unit"], last["source_id"]))
        else:
            flows = trade_rows(deadline, deadline)
            reached = f"no total recorded for {deadline}" + "".join(
                f"; {d} {with_unit(v, 'usd_million')} ({_who(s)[0]}, {w}, {t} year)" for d, v, s, w, t in
                zip(flows["direction"], flows["value"], flows["source_id"], flows["whose"], flows["year_type"]))
        who = str(row.who)
        out.append({"set": _text(row.as_of_label), "target": with_unit(row.value, row.unit), "deadline": deadline,
                    "deadline_label": f"by {deadline}" if deadline else "not stated", "reached": reached,
                    "target_bn": row.value / {"usd_billion": 1, "usd_million": 1000}[str(row.unit)],
                    "reached_low_bn": reached_rows["bn"].min() if len(reached_rows) else float("nan"),
                    "reached_high_bn": reached_rows["bn"].max() if len(reached_rows) else float("nan"),
                    "label": f"{_text(row.as_of_label)} · {with_unit(row.value, row.unit)} ({who})", "who": who,
                    "source_ids": tuple(dict.fromkeys([row.source_id, *reached_rows["source_id"]]))})
    columns = ["set", "target", "deadline", "deadline_label", "reached", "target_bn", "reached_low_bn",
               "reached_high_bn", "label", "who", "source_ids"]
    frame = pd.DataFrame(out, columns=columns)
    return frame.astype({"deadline": "Int64"})

